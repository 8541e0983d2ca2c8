/*
 * stats.h: bounded-memory statistics.
 *
 *  - vs_tally: count, mean and variance by Welford's update; mergeable (Chan).
 *  - vs_timeavg: time-weighted average of a piecewise-constant quantity
 *    (utilization, number in system); the integral is kept exactly.
 *  - vs_hist: log-bucket histogram for quantiles with relative error at most
 *    0.5% and memory independent of the number of observations.
 *  - vs_bm: batch means for a ratio estimator (sum of numerators over sum of
 *    denominators per batch), with pairwise merging so at most
 *    VS_BM_MAX batches are kept whatever the run length.
 *  - confidence intervals: Student t half-widths (gsl_cdf_tdist_Pinv).
 *  - MSER-5 truncation point for automatic warm-up.
 *
 * Nothing here knows about the model.  The hot-path updates are static
 * inline.
 */
#ifndef VIRTSIM_STATS_H
#define VIRTSIM_STATS_H

#include <math.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "virtsim/err.h"

/* ---- tally (Welford) --------------------------------------------------- */

typedef struct vs_tally {
    uint64_t n;
    double mean;
    double m2;   /* sum of squared deviations from the mean */
    double min, max;
} vs_tally;

static inline void vs_tally_init(vs_tally *t)
{
    t->n = 0;
    t->mean = 0.0;
    t->m2 = 0.0;
    t->min = INFINITY;
    t->max = -INFINITY;
}

/* Welford: d = x - mean; mean += d / n; m2 += d * (x - new mean).  The
 * reciprocal 1/n depends only on the counter, so the processor computes it
 * ahead while the mean's dependency chain is a subtraction, a product and an
 * addition; a micro-benchmark measured this twice as fast as dividing d by
 * n (8 against 17 ns per observation).  The extra rounding of d * (1/n) is below an ulp of
 * the increment, far under the rounding of the mean itself. */
static inline void vs_tally_add(vs_tally *t, double x)
{
    double inv_n = 1.0 / (double)(t->n + 1);
    double d = x - t->mean;
    t->n++;
    t->mean += d * inv_n;
    t->m2 += d * (x - t->mean);
    if (x < t->min) t->min = x;
    if (x > t->max) t->max = x;
}

/* Sample variance (n - 1 denominator); NaN when n < 2. */
double vs_tally_var(const vs_tally *t);
/* Merge b into a (Chan et al. parallel update). */
void vs_tally_merge(vs_tally *a, const vs_tally *b);
/* Half-width of the 95% Student-t CI of the mean; NaN when n < 2. */
double vs_tally_ci95(const vs_tally *t);

/* Student t quantile t_{df, p}, e.g. vs_t_quantile(0.975, 9) = 2.2622. */
double vs_t_quantile(double p, double df);

/* ---- time-weighted average --------------------------------------------- */

typedef struct vs_timeavg {
    double t0;     /* start of the observation window (s) */
    double last;   /* time of the last change (s) */
    double value;  /* current value */
    double area;   /* integral of value over [t0, last] */
} vs_timeavg;

static inline void vs_timeavg_init(vs_timeavg *a, double now, double value)
{
    a->t0 = now;
    a->last = now;
    a->value = value;
    a->area = 0.0;
}

/* The quantity changes to v at time now (now >= last). */
static inline void vs_timeavg_set(vs_timeavg *a, double now, double v)
{
    a->area += a->value * (now - a->last);
    a->last = now;
    a->value = v;
}

/* Integral of the value over [t0, now] (without changing the record). */
static inline double vs_timeavg_area(const vs_timeavg *a, double now)
{
    return a->area + a->value * (now - a->last);
}

/* Restart the window at now, keeping the current value (warm-up deletion). */
static inline void vs_timeavg_reset(vs_timeavg *a, double now)
{
    a->t0 = now;
    a->last = now;
    a->area = 0.0;
}

/* Average over [t0, now]; the current value if the window is empty. */
double vs_timeavg_mean(const vs_timeavg *a, double now);

/* ---- log-bucket histogram ---------------------------------------------- */

/*
 * Bucket i in 1..VS_HIST_NREG covers [lo * g^(i-1), lo * g^i) with g = 1.01
 * and lo = VS_HIST_LO; a value is reported as the bucket's midpoint
 * 2*l*u/(l+u) (harmonic-type centre) which is within (g-1)/(g+1) < 0.4976%
 * of every point in the bucket.  vs_hist_index computes i with a fast
 * logarithm whose error is below 3e-8, so a value within that relative
 * distance of an edge may land in the neighbouring bucket; hist.c proves
 * that every reported value and every quantile stays within 0.5% all the
 * same.  Exact zeros (and values below lo, negatives and NaN) have their own
 * bucket 0, reported by the exact minimum; values at or above the top of the
 * last regular bucket (about 1.004e12) go to the overflow bucket
 * VS_HIST_NREG + 1, reported by the exact maximum.
 */
#define VS_HIST_LO 1e-9     /* smallest positive value resolved */
#define VS_HIST_HI 1e12     /* largest value resolved */
#define VS_HIST_G 1.01      /* ratio of bucket edges */
/* Regular buckets: ceil(ln(HI / LO) / ln(G)) = ceil(4859.57). */
#define VS_HIST_NREG 4860u
/* All buckets: bucket 0, the regular ones, the overflow bucket. */
#define VS_HIST_NBUCKETS (VS_HIST_NREG + 2u)

/* Constants of the inline index; tests/unit/check_stats.c checks them
 * against libm.  Private: use vs_hist_index. */
#define VS__HIST_LN_LO (-20.72326583694641)  /* ln(VS_HIST_LO) */
#define VS__HIST_TOP 1004330342475.2133      /* LO * G^NREG, end of bucket NREG */
#define VS__LN2 0.6931471805599453           /* ln 2 */

typedef struct vs_hist {
    uint64_t *counts;  /* nbuckets counters (owned) */
    uint32_t nbuckets;
    uint64_t n;        /* observations */
    double min, max;   /* exact extremes */
    double inv_log_g;  /* 1 / log(g) */
} vs_hist;

int vs_hist_init(vs_hist *h, vs_err *err);
void vs_hist_fini(vs_hist *h);
void vs_hist_clear(vs_hist *h);

/*
 * Bucket of x: 0 for x < VS_HIST_LO (zeros, negatives, NaN), NREG + 1 for
 * x >= VS__HIST_TOP, else floor(ln(x / lo) / ln g) + 1 computed as follows.
 * Split x = 2^e * z with z in [sqrt(1/2), sqrt(2)) from its bits, so that
 * ln x = e ln 2 + ln z, and with s = (z - 1) / (z + 1), |s| <= 0.1716,
 *     ln z = 2 (s + s^3/3 + s^5/5 + s^7/7) + R,
 *     |R| = |2 sum_{k>=4} s^(2k+1)/(2k+1)| <= 2 |s|^9 / (9 (1 - s^2)) < 3e-8.
 * No call and no table: bench/bench_stats measured vs_hist_add 1.4 to 1.9
 * times faster than with log() (e.g. 12 against 21 ns per observation on a
 * loaded 2-core machine), and making it inline saved a further third.
 * hist.c shows the 3e-8 error costs the 0.5% bound nothing; monotonicity
 * in x is not needed by the proof.
 */
static inline uint32_t vs_hist_index(const vs_hist *h, double x)
{
    if (!(x >= VS_HIST_LO))
        return 0;
    if (x >= VS__HIST_TOP)
        return VS_HIST_NREG + 1u;
    uint64_t ix;
    memcpy(&ix, &x, sizeof ix);
    int e = (int)(ix >> 52) - 1023;  /* x > 0 and normal here */
    uint64_t zb = (ix & 0x000fffffffffffffULL) | 0x3ff0000000000000ULL;
    int big = zb > 0x3ff6a09e667f3bcdULL;  /* z in (sqrt 2, 2): halve it */
    zb -= (uint64_t)big << 52;
    e += big;
    double z;
    memcpy(&z, &zb, sizeof z);
    double s = (z - 1.0) / (z + 1.0), s2 = s * s;
    double ln_z = 2.0 * s * (1.0 + s2 * (1.0 / 3.0 + s2 * (1.0 / 5.0 + s2 * (1.0 / 7.0))));
    double y = ((double)e * VS__LN2 + ln_z - VS__HIST_LN_LO) * h->inv_log_g;
    /* x >= lo and y is off by at most 3e-8 / ln g = 3e-6, so y > -1 and the
     * conversion toward zero is floor(y) (or 0 for y just below 0). */
    uint32_t i = (uint32_t)(int32_t)y + 1u;
    return i > VS_HIST_NREG ? VS_HIST_NREG : i;
}

/* Count one observation (x >= 0).  Hot path: O(1), no allocation. */
static inline void vs_hist_add(vs_hist *h, double x)
{
    h->counts[vs_hist_index(h, x)]++;
    h->n++;
    if (x < h->min) h->min = x;
    if (x > h->max) h->max = x;
}

/* The value reported for bucket i: the midpoint 2lu/(l+u) for a regular
 * bucket, the exact minimum for bucket 0 and the exact maximum for the
 * overflow bucket (0 and the top edge when those buckets are empty). */
double vs_hist_value(const vs_hist *h, uint32_t i);
/* a += b; both initialised. */
void vs_hist_merge(vs_hist *a, const vs_hist *b);
/* The q-quantile (0 <= q <= 1) by the nearest-rank rule; NaN if empty. */
double vs_hist_quantile(const vs_hist *h, double q);
/* Fraction of observations <= x (approximate within the bucket). */
double vs_hist_cdf(const vs_hist *h, double x);

/* ---- batch means ------------------------------------------------------- */

#define VS_BM_MAX 64  /* batches kept; merged pairwise to 32 when full */

typedef struct vs_bm {
    double num[VS_BM_MAX], den[VS_BM_MAX];
    int n;              /* complete batches */
    int parts;          /* base blocks per batch (doubles on merge) */
    int pend_parts;     /* base blocks in the pending batch */
    double pend_num, pend_den;
} vs_bm;

void vs_bm_init(vs_bm *b);
/* Add one base block (e.g. one time interval): its numerator (area, count,
 * sum of responses) and denominator (duration, jobs). */
void vs_bm_push(vs_bm *b, double num, double den);
/* Mean of the batch ratios num/den over complete batches with den > 0, and
 * the 95% Student-t half-width; *half is NaN with fewer than 2 batches. */
void vs_bm_ci(const vs_bm *b, double *mean, double *half);

/* ---- warm-up detection -------------------------------------------------- */

/* MSER-5: given x[0..n-1], averages it in batches of 5 and returns the number
 * of leading observations (a multiple of 5) whose deletion minimises the
 * marginal standard error, searching the first half only. */
size_t vs_mser5(const double *x, size_t n);

#endif /* VIRTSIM_STATS_H */
