/*
 * hist.c: log-bucket histogram with bounded relative error.
 *
 * Percentiles of response times must not cost memory per job, so we count
 * observations in VS_HIST_NBUCKETS = 4862 fixed buckets (38 KiB) whose edges
 * grow geometrically by g = 1.01 from lo = 1e-9 to about 1.004e12: bucket i
 * (1 <= i <= NREG = 4860) is [l_i, u_i) = [lo g^(i-1), lo g^i).  Bucket 0
 * holds zeros (and anything below lo); bucket NREG + 1 holds values beyond
 * the last edge.  Adding is O(1) and inline (stats.h); quantiles, the cdf and
 * merging walk the buckets, O(4862), which is fine for reports.
 *
 * The error bound.  Report bucket i by r_i = 2 l_i u_i / (l_i + u_i)
 * = l_i * 2g / (1 + g).  For x in [l_i, u_i]:
 *     (r_i - x) / x <= r_i / l_i - 1 = 2g/(1+g) - 1 = (g-1)/(g+1),
 *     (x - r_i) / x <= 1 - r_i / u_i = 1 - 2/(1+g)  = (g-1)/(g+1),
 * so |r_i - x| / x <= (g-1)/(g+1) = 0.01/2.01 = 0.0049751 (the harmonic
 * centre balances the two ends exactly, which is why it is used rather than
 * the arithmetic or geometric one).
 *
 * vs_hist_index does not compute the exact bucket: its logarithm of x has an
 * absolute error eta <= 3e-8 (series remainder, stats.h) + 1e-13 (rounding
 * of a sum of terms below 60 in magnitude), so x is only known to satisfy
 * floor(y') = i - 1 with |y' - y| <= eta / ln g, y = ln(x/lo) / ln g, i.e.
 *     l_i e^(-eta) <= x < u_i e^(eta).
 * Over this widened interval
 *     |r_i - x| / x <= max(2g/(1+g) e^eta - 1, 1 - 2/(1+g) e^(-eta))
 *                   <= 1.0049751244 * (1 + 3.1e-8) - 1 < 0.0049752,
 * still below 0.5% (the bound would hold for any eta < 2.47e-5).  The
 * computed r_i itself (one exp() and a product) is within 1e-14 relative.
 *
 * Quantiles.  By the nearest-rank rule the q-quantile of n observations is
 * the k-th smallest, k = ceil(q n) clamped to [1, n].  We return r_j for the
 * first bucket j where the cumulative count reaches k.  This needs no
 * monotonicity of the (approximate) index: at least k observations have index
 * <= j, all of them < u_j e^eta, so x_(k) < u_j e^eta; at most k - 1 have
 * index <= j - 1, so at least n - k + 1 have index >= j, all >= l_j e^(-eta),
 * so x_(k) >= l_j e^(-eta).  Hence x_(k) lies in the widened bucket and
 * |r_j - x_(k)| / x_(k) < 0.0049752.  Clamping r_j to [min, max] (which
 * contains x_(k)) can only bring it closer, and k = 1 and k = n return the
 * exact min and max.  For bucket 0 we report the minimum, exact when the
 * bucket holds only zeros and otherwise off by less than lo = 1 ns in
 * absolute terms; for the overflow bucket the maximum.
 */
#include <assert.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "virtsim/stats.h"

int vs_hist_init(vs_hist *h, vs_err *err)
{
    h->counts = calloc(VS_HIST_NBUCKETS, sizeof *h->counts);
    if (!h->counts) {
        h->nbuckets = 0;
        VS_FAIL(err, VS_ENOMEM, "histogram: cannot allocate %zu bytes",
                (size_t)VS_HIST_NBUCKETS * sizeof *h->counts);
    }
    h->nbuckets = VS_HIST_NBUCKETS;
    h->n = 0;
    h->min = INFINITY;
    h->max = -INFINITY;
    h->inv_log_g = 1.0 / log(VS_HIST_G);
    return VS_OK;
}

void vs_hist_fini(vs_hist *h)
{
    if (!h)
        return;
    free(h->counts);
    h->counts = NULL;
    h->nbuckets = 0;
    h->n = 0;
}

void vs_hist_clear(vs_hist *h)
{
    if (h->counts)
        memset(h->counts, 0, (size_t)h->nbuckets * sizeof *h->counts);
    h->n = 0;
    h->min = INFINITY;
    h->max = -INFINITY;
}

/* Lower edge l_i = lo g^(i-1) of regular bucket i, as exp of its logarithm
 * (the argument is below 50 in magnitude: relative error about 1e-14). */
static double lower_edge(uint32_t i)
{
    return exp(VS__HIST_LN_LO + (double)(i - 1u) * log(VS_HIST_G));
}

double vs_hist_value(const vs_hist *h, uint32_t i)
{
    assert(i < h->nbuckets);
    if (i == 0)
        return h->counts[0] ? h->min : 0.0;
    if (i > VS_HIST_NREG)
        return h->counts[i] ? h->max : VS__HIST_TOP;
    /* r_i = 2 l u / (l + u) = l * 2g / (1 + g) */
    return lower_edge(i) * (2.0 * VS_HIST_G / (1.0 + VS_HIST_G));
}

void vs_hist_merge(vs_hist *a, const vs_hist *b)
{
    if (b->n == 0) /* also an unallocated (zeroed) histogram */
        return;
    assert(a->nbuckets == b->nbuckets);
    for (uint32_t i = 0; i < a->nbuckets; i++)
        a->counts[i] += b->counts[i];
    a->n += b->n;
    if (b->min < a->min) a->min = b->min;
    if (b->max > a->max) a->max = b->max;
}

double vs_hist_quantile(const vs_hist *h, double q)
{
    if (h->n == 0 || !(q >= 0.0 && q <= 1.0))
        return NAN;
    /* nearest rank k = ceil(q n), 1 <= k <= n */
    double kd = ceil(q * (double)h->n);
    uint64_t k = kd < 1.0 ? 1 : (kd >= (double)h->n ? h->n : (uint64_t)kd);
    if (k == 1)
        return h->min;
    if (k == h->n)
        return h->max;
    uint64_t cum = 0;
    for (uint32_t i = 0; i < h->nbuckets; i++) {
        cum += h->counts[i];
        if (cum >= k) {
            double r = vs_hist_value(h, i);
            return r < h->min ? h->min : (r > h->max ? h->max : r);
        }
    }
    assert(0 && "histogram counts do not add up to n");
    return h->max;
}

/*
 * F(x) = (observations in buckets below bucket(x)
 *         + f * observations in bucket(x)) / n,
 * where f places x within its bucket by the logarithm, f = ln(x / l) / ln g,
 * as if the bucket's values were spread uniformly on the log scale (linearly
 * between the top edge and the maximum for the overflow bucket; bucket 0 is
 * counted whole, its values being zeros or below 1 ns).  Exact below the
 * minimum (0) and from the maximum on (1).
 */
double vs_hist_cdf(const vs_hist *h, double x)
{
    if (h->n == 0 || isnan(x))
        return NAN;
    if (x < h->min)
        return 0.0;
    if (x >= h->max)
        return 1.0;
    uint32_t j = vs_hist_index(h, x);
    uint64_t below = 0;
    for (uint32_t i = 0; i < j; i++)
        below += h->counts[i];
    double f;
    if (j == 0)
        f = 1.0;
    else if (j > VS_HIST_NREG)
        f = (x - VS__HIST_TOP) / (h->max - VS__HIST_TOP);
    else
        f = log(x / lower_edge(j)) * h->inv_log_g;
    f = f < 0.0 ? 0.0 : (f > 1.0 ? 1.0 : f);
    return ((double)below + f * (double)h->counts[j]) / (double)h->n;
}
