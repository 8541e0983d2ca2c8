/*
 * stats.c: tallies (Welford), Student t quantiles and time-weighted averages.
 *
 * The per-observation updates (vs_tally_add, vs_timeavg_set) are static
 * inline in stats.h because the simulator calls them for every event; this
 * file holds the parts that run once per report: the variance, the merge of
 * two tallies, the Student t half-width and the time average.  Nothing here
 * allocates or keeps state outside the caller's structs, so any number of
 * simulations may use these functions from different threads.
 *
 * The histogram is in hist.c, batch means in bm.c and MSER-5 in mser5.c.
 * docs/statistics.md gives every formula with its justification.
 */
#include <math.h>

#include <gsl/gsl_cdf.h>

#include "virtsim/stats.h"

/*
 * Sample variance s^2 = M2 / (n - 1), where M2 = sum (x_i - mean)^2 is kept
 * by Welford's update (stats.h):
 *     d = x - mean_{n-1};  mean_n = mean_{n-1} + d / n;
 *     M2_n = M2_{n-1} + d * (x - mean_n).
 * Unlike sum(x^2) - n mean^2 this never subtracts two large nearly equal
 * numbers, so data such as 1e9 + small noise keep full relative precision.
 */
double vs_tally_var(const vs_tally *t)
{
    if (t->n < 2)
        return NAN;
    double v = t->m2 / (double)(t->n - 1);
    return v > 0.0 ? v : 0.0;
}

/*
 * Chan, Golub and LeVeque's pairwise combination of two (n, mean, M2):
 *     n     = n_a + n_b
 *     delta = mean_b - mean_a
 *     mean  = mean_a + delta * n_b / n
 *     M2    = M2_a + M2_b + delta^2 * n_a * n_b / n
 * It equals feeding all observations of b into a one by one (up to
 * rounding), whatever the sizes.
 */
void vs_tally_merge(vs_tally *a, const vs_tally *b)
{
    if (b->n == 0)
        return;
    if (a->n == 0) {
        *a = *b;
        return;
    }
    double na = (double)a->n, nb = (double)b->n;
    double n = na + nb;
    double delta = b->mean - a->mean;
    a->mean += delta * (nb / n);
    a->m2 += b->m2 + delta * delta * (na * nb / n);
    a->n += b->n;
    if (b->min < a->min) a->min = b->min;
    if (b->max > a->max) a->max = b->max;
}

/*
 * Student t quantile t_{df,p}: P(T_df <= t) = p.  gsl_cdf_tdist_Pinv does
 * not accept an infinite df, which is the normal limit; beyond 1e10 degrees
 * of freedom the two differ by less than 1e-10 and we use the normal.
 */
double vs_t_quantile(double p, double df)
{
    if (!(p > 0.0 && p < 1.0) || !(df > 0.0))
        return NAN;
    if (df > 1e10)
        return gsl_cdf_ugaussian_Pinv(p);
    return gsl_cdf_tdist_Pinv(p, df);
}

/*
 * Half-width of the 95% confidence interval of the mean:
 *     h = t_{n-1, 0.975} * s / sqrt(n).
 * Exact for independent normal observations, and the usual large-sample
 * interval otherwise (e.g. across independent replications).
 */
double vs_tally_ci95(const vs_tally *t)
{
    if (t->n < 2)
        return NAN;
    double n = (double)t->n;
    return vs_t_quantile(0.975, n - 1.0) * sqrt(vs_tally_var(t) / n);
}

/*
 * Time average over the window [t0, now]:
 *     mean = (1 / (now - t0)) * integral_{t0}^{now} v(t) dt,
 * the integral of the piecewise-constant value being kept exactly as a sum of
 * value * duration rectangles.  An empty window has no average; we return the
 * current value, which is its limit as the window shrinks to zero.
 */
double vs_timeavg_mean(const vs_timeavg *a, double now)
{
    double width_s = now - a->t0;
    if (!(width_s > 0.0))
        return a->value;
    return vs_timeavg_area(a, now) / width_s;
}
