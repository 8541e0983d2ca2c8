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

static inline void vs_tally_add(vs_tally *t, double x)
{
    double d = x - t->mean;
    t->n++;
    t->mean += d / (double)t->n;
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
 * Bucket i >= 1 covers [lo * g^(i-1), lo * g^i) with g = 1.01; a value is
 * reported as the bucket's midpoint 2*l*u/(l+u) (harmonic-type centre)
 * which is within (g-1)/(g+1) < 0.5% of every point in the bucket.  Exact
 * zeros (and values below lo) have their own bucket 0; values above the top
 * are clamped to the last bucket and reported by the exact maximum.
 */
#define VS_HIST_LO 1e-9     /* smallest positive value resolved */
#define VS_HIST_HI 1e12     /* largest value resolved */

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
void vs_hist_add(vs_hist *h, double x);  /* x >= 0 */
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
