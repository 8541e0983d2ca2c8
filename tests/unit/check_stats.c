/*
 * check_stats.c: unit tests of the statistics module (src/stats).
 *
 * Welford against a two-pass long double reference on ill-conditioned data,
 * Chan's merge against sequential updates, the time average of a step
 * function computed by hand, the histogram's 0.5% bound (bucket by bucket
 * at every edge, and for quantiles of 10^6 draws from several distributions
 * against the exact order statistics), Student t quantiles against a
 * printed table, batch means (hand-computed batches, bounded memory, and
 * the coverage of the 95% interval over many seeded trials), and MSER-5 on
 * stationary data and on a planted transient.
 *
 * Statistical tests use fixed seeds and acceptance bands derived in the
 * comments (z = 4, i.e. a false alarm probability of about 6e-5 per check
 * for a correct implementation), so none of them can pass vacuously.
 */
#include <check.h>
#include <float.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_cdf.h>
#include <gsl/gsl_errno.h>
#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>

#include "virtsim/stats.h"

#define ck_rel(got, want, tol)                                                         \
    do {                                                                               \
        double g_ = (got), w_ = (want);                                                \
        ck_assert_msg(fabs(g_ - w_) <= (tol) * fabs(w_), "%s = %.15g, want %.15g (rel %g)", \
                      #got, g_, w_, (double)(tol));                                    \
    } while (0)
#define ck_abs(got, want, tol)                                                         \
    do {                                                                               \
        double g_ = (got), w_ = (want);                                                \
        ck_assert_msg(fabs(g_ - w_) <= (tol), "%s = %.15g, want %.15g (abs %g)", #got, g_, \
                      w_, (double)(tol));                                              \
    } while (0)

/* For assertions inside long loops: Check's ck_assert records its location
 * on every call (a write to the result pipe); this only calls Check on
 * failure. */
#define ck_fast(cond, ...)                                                             \
    do {                                                                               \
        if (!(cond))                                                                   \
            ck_abort_msg(__VA_ARGS__);                                                 \
    } while (0)

static gsl_rng *new_rng(unsigned long seed)
{
    gsl_rng *r = gsl_rng_alloc(gsl_rng_mt19937);
    ck_assert_ptr_nonnull(r);
    gsl_rng_set(r, seed);
    return r;
}

/* Two-sided normal tail at z = 4: 2 * Phi(-4) = 6.33e-5. */
#define Z4_TAIL 6.334e-5

/* ---- tally ------------------------------------------------------------- */

/*
 * Welford's running mean is rounded to the grid of its magnitude at every
 * update: mean_n = mean_{n-1} + d/n carries a rounding rho_n, |rho_n| <=
 * ulp/2, and the error of mean_n is sum_k rho_k * k/n (each later update
 * shrinks an earlier error by (1 - 1/j)).  With roundings like independent
 * uniforms (sd ulp/sqrt 12) its sd is ulp/sqrt(12) * sqrt(sum k^2)/n
 * ~= ulp/sqrt(12) * sqrt(n/3); we accept 4 sd.  ulp is that of the largest
 * magnitude the mean passes through.
 */
static double welford_mean_tol(double max_abs, double n)
{
    double ulp = nextafter(max_abs, INFINITY) - max_abs;
    return 4.0 * ulp / sqrt(12.0) * sqrt(n / 3.0);
}

/*
 * x_i = 1e9 + u_i, u_i uniform on [0, 1): variance 1/12 under an offset of
 * 1e9, condition number sqrt(1 + mean^2/var) = 3.5e9.  The naive
 * sum(x^2) - n mean^2 loses every digit (x^2 ~ 1e18 has an ulp of 128).
 * The stored x_i already carry the offset's ulp, 1.2e-7, so no double
 * algorithm can resolve a deviation better than ~1.2e-7 / sigma = 4e-7
 * relative; Welford's deviations d = x - mean are exact differences of
 * doubles up to that ulp, and since every term of M2 is positive the
 * relative error of the sum is at most that of the terms: 2 * 4e-7 = 8e-7
 * (plus the drift of the running mean, whose first-order effect cancels in
 * sum d).  We require 1e-6.  The reference is the two-pass formula in long
 * double on the same stored doubles.
 */
START_TEST(tally_welford_offset)
{
    gsl_rng *r = new_rng(11);
    enum { N = 200000 };
    double *x = malloc(N * sizeof *x);
    vs_tally t;
    vs_tally_init(&t);
    for (int i = 0; i < N; i++) {
        x[i] = 1e9 + gsl_rng_uniform(r);
        vs_tally_add(&t, x[i]);
    }
    long double s = 0;
    for (int i = 0; i < N; i++)
        s += x[i];
    long double mean = s / N, ss = 0;
    for (int i = 0; i < N; i++)
        ss += ((long double)x[i] - mean) * ((long double)x[i] - mean);
    double var_ref = (double)(ss / (N - 1));

    /* the naive formula, for the record: it is the reason for Welford */
    double sx = 0, sxx = 0;
    for (int i = 0; i < N; i++) {
        sx += x[i];
        sxx += x[i] * x[i];
    }
    double var_naive = (sxx - sx * sx / N) / (N - 1);
    fprintf(stderr, "welford: var %.12g, two-pass %.12g, naive %.6g\n", vs_tally_var(&t),
            var_ref, var_naive);

    ck_assert_uint_eq(t.n, N);
    /* the mean: 4 * 1.19e-7 / sqrt 12 * sqrt(N/3) = 3.5e-5 absolute */
    ck_abs(t.mean, (double)mean, welford_mean_tol(1e9 + 1, N));
    ck_rel(vs_tally_var(&t), var_ref, 1e-6);
    ck_abs(var_ref, 1.0 / 12.0, 4.0 * 0.0745 / sqrt((double)N)); /* sanity: sd of s^2 = sqrt(1/180)/sqrt(N) */
    free(x);
    gsl_rng_free(r);
}
END_TEST

START_TEST(tally_small_cases)
{
    vs_tally t;
    vs_tally_init(&t);
    ck_assert(isnan(vs_tally_var(&t)));
    ck_assert(isnan(vs_tally_ci95(&t)));
    vs_tally_add(&t, 3.0);
    ck_assert(isnan(vs_tally_var(&t)));
    ck_assert(isnan(vs_tally_ci95(&t)));
    ck_assert(t.mean == 3.0 && t.min == 3.0 && t.max == 3.0);
    vs_tally_add(&t, 5.0);
    ck_rel(vs_tally_var(&t), 2.0, 1e-15);
    /* constant data: exactly zero variance */
    vs_tally c;
    vs_tally_init(&c);
    for (int i = 0; i < 1000; i++)
        vs_tally_add(&c, 0.1);
    ck_assert(vs_tally_var(&c) >= 0.0 && vs_tally_var(&c) < 1e-30);
}
END_TEST

/* Merging parts (of sizes 0, 1, 7, and large ones) equals adding all. */
START_TEST(tally_merge_equals_sequential)
{
    static const int sizes[] = {0, 1, 7, 1000, 0, 12345, 2, 50000, 3};
    const int nparts = (int)(sizeof sizes / sizeof sizes[0]);
    for (int offset_case = 0; offset_case < 2; offset_case++) {
        double offset = offset_case ? 1e9 : 0.0;
        gsl_rng *r = new_rng(12);
        vs_tally all, merged;
        vs_tally_init(&all);
        vs_tally_init(&merged);
        for (int p = 0; p < nparts; p++) {
            vs_tally part;
            vs_tally_init(&part);
            for (int i = 0; i < sizes[p]; i++) {
                /* parts with different means make the delta term matter */
                double x = offset + (double)p + gsl_ran_gaussian(r, 2.0);
                vs_tally_add(&part, x);
                vs_tally_add(&all, x);
            }
            vs_tally_merge(&merged, &part);
        }
        ck_assert_uint_eq(merged.n, all.n);
        /* both are Welford means (the merged one of parts), each within
         * welford_mean_tol of the exact mean; data stay below offset + 16 */
        ck_abs(merged.mean, all.mean, 2 * welford_mean_tol(offset + 16, (double)all.n));
        /* the offset case is limited by the data's ulp as in the test above */
        ck_rel(vs_tally_var(&merged), vs_tally_var(&all), offset_case ? 1e-6 : 1e-12);
        ck_assert(merged.min == all.min && merged.max == all.max);
        gsl_rng_free(r);
    }
    /* merging into an empty tally copies; merging an empty one is a no-op */
    vs_tally a, e;
    vs_tally_init(&a);
    vs_tally_init(&e);
    vs_tally_add(&a, 1.0);
    vs_tally_add(&a, 2.0);
    vs_tally_merge(&e, &a);
    ck_assert(e.n == 2 && e.mean == 1.5 && e.m2 == a.m2 && e.min == 1.0 && e.max == 2.0);
    vs_tally empty;
    vs_tally_init(&empty);
    vs_tally_merge(&e, &empty);
    ck_assert(e.n == 2 && e.mean == 1.5);
}
END_TEST

/* Student t quantiles against a printed table (3 decimals, so 5e-4). */
START_TEST(t_quantiles_table)
{
    ck_abs(vs_t_quantile(0.975, 1), 12.706, 5e-4);
    ck_abs(vs_t_quantile(0.975, 2), 4.303, 5e-4);
    ck_abs(vs_t_quantile(0.975, 9), 2.262, 5e-4);
    ck_abs(vs_t_quantile(0.975, 30), 2.042, 5e-4);
    ck_abs(vs_t_quantile(0.975, 120), 1.980, 5e-4);
    ck_abs(vs_t_quantile(0.975, INFINITY), 1.960, 5e-4);
    ck_abs(vs_t_quantile(0.95, 9), 1.833, 5e-4);
    ck_abs(vs_t_quantile(0.995, 9), 3.250, 5e-4);
    /* symmetry and the normal limit */
    ck_abs(vs_t_quantile(0.025, 9), -vs_t_quantile(0.975, 9), 1e-12);
    ck_abs(vs_t_quantile(0.975, 1e12), 1.959963984540054, 1e-9);
    ck_assert(isnan(vs_t_quantile(0.975, 0)));
    ck_assert(isnan(vs_t_quantile(1.0, 5)));
    ck_assert(isnan(vs_t_quantile(0.0, 5)));
    ck_assert(isnan(vs_t_quantile(NAN, 5)));
}
END_TEST

/*
 * Sample {2, 4, 4, 4, 5, 5, 7, 9}: mean 5, sum of squared deviations
 * 9+1+1+1+0+0+4+16 = 32, s^2 = 32/7, s/sqrt(8) = sqrt(4/7) = 0.7559289;
 * t_{7,0.975} = 2.3646 (4-decimal table), so half = 2.3646 * 0.7559289 =
 * 1.787470, known to +-5e-5 * 0.756 = 3.8e-5 from the table's rounding.
 */
START_TEST(tally_ci95_by_hand)
{
    static const double x[] = {2, 4, 4, 4, 5, 5, 7, 9};
    vs_tally t;
    vs_tally_init(&t);
    for (int i = 0; i < 8; i++)
        vs_tally_add(&t, x[i]);
    ck_rel(t.mean, 5.0, 1e-15);
    ck_rel(vs_tally_var(&t), 32.0 / 7.0, 1e-14);
    ck_abs(vs_tally_ci95(&t), 1.787470, 3.8e-5);
    ck_assert(t.min == 2.0 && t.max == 9.0);
}
END_TEST

/* ---- time average ------------------------------------------------------ */

/*
 * Value 0 on [10, 11), 2 on [11, 13), 5 on [13, 14), 1 from 14 on.
 * Area over [10, 16] = 0*1 + 2*2 + 5*1 + 1*2 = 11, mean 11/6.
 * Over [10, 13.5]: 4 + 2.5 = 6.5, mean 6.5/3.5.
 * After a reset at 14: area over [14, 16] = 2, mean 1.
 */
START_TEST(timeavg_step_function)
{
    vs_timeavg a;
    vs_timeavg_init(&a, 10.0, 0.0);
    ck_assert(vs_timeavg_mean(&a, 10.0) == 0.0); /* empty window: current value */
    vs_timeavg_set(&a, 11.0, 2.0);
    vs_timeavg_set(&a, 13.0, 5.0);
    ck_rel(vs_timeavg_area(&a, 13.5), 6.5, 1e-15);
    ck_rel(vs_timeavg_mean(&a, 13.5), 6.5 / 3.5, 1e-15);
    vs_timeavg_set(&a, 14.0, 1.0);
    vs_timeavg_set(&a, 14.0, 1.0); /* a repeated change at the same time adds nothing */
    ck_rel(vs_timeavg_area(&a, 16.0), 11.0, 1e-15);
    ck_rel(vs_timeavg_mean(&a, 16.0), 11.0 / 6.0, 1e-15);
    ck_rel(a.area, 4.0 + 5.0, 1e-15); /* the record itself is not advanced by queries */
    vs_timeavg_reset(&a, 14.0);
    ck_assert(vs_timeavg_mean(&a, 14.0) == 1.0);
    ck_rel(vs_timeavg_mean(&a, 16.0), 1.0, 1e-15);
    vs_timeavg_set(&a, 15.0, 3.0);
    ck_rel(vs_timeavg_mean(&a, 16.0), (1.0 + 3.0) / 2.0, 1e-15);
}
END_TEST

/* ---- histogram --------------------------------------------------------- */

static double relerr(double got, double want)
{
    return fabs(got - want) / fabs(want);
}

/* The inline index's literal constants agree with libm. */
START_TEST(hist_constants)
{
    ck_assert_uint_eq(VS_HIST_NREG, (unsigned)ceil(log(VS_HIST_HI / VS_HIST_LO) / log(VS_HIST_G)));
    ck_assert_uint_eq(VS_HIST_NBUCKETS, VS_HIST_NREG + 2u);
    ck_rel(VS__HIST_LN_LO, log(VS_HIST_LO), 1e-16);
    ck_rel(VS__LN2, log(2.0), 1e-16);
    ck_rel(VS__HIST_TOP, exp(log(VS_HIST_LO) + VS_HIST_NREG * log(VS_HIST_G)), 1e-13);
    ck_assert(VS__HIST_TOP >= VS_HIST_HI);
    vs_hist h;
    vs_err err;
    ck_assert_int_eq(vs_hist_init(&h, &err), VS_OK);
    ck_assert_uint_eq(h.nbuckets, VS_HIST_NBUCKETS);
    ck_rel(h.inv_log_g, 1.0 / log(1.01), 1e-15);
    vs_hist_fini(&h);
    ck_assert_ptr_null(h.counts);
    vs_hist_fini(&h); /* twice is harmless */
}
END_TEST

/*
 * Every regular bucket, at its edges: x just below, at, and just above the
 * exact edge lo*g^i (computed in long double), and the middle.  The reported
 * value must be within 0.5% of x wherever the index puts it, and the index
 * may differ from the exact floor only within 1e-7 relative of an edge
 * (its logarithm is good to 3e-8).
 */
START_TEST(hist_bucket_bound_at_every_edge)
{
    vs_hist h;
    ck_assert_int_eq(vs_hist_init(&h, NULL), VS_OK);
    /* make bucket 0 and the overflow bucket report something sane */
    double worst = 0.0;
    long off_by_one = 0;
    for (uint32_t i = 0; i <= VS_HIST_NREG; i++) {
        long double edge = (long double)VS_HIST_LO * powl(1.01L, (long double)i);
        double e = (double)edge;
        double probes[] = {nextafter(e, 0.0), e, nextafter(e, INFINITY), e * (1 - 1e-12),
                           e * (1 + 1e-12), e * (1 - 2e-7), e * (1 + 2e-7),
                           e * 1.005, e * 1.0099999};
        for (size_t p = 0; p < sizeof probes / sizeof probes[0]; p++) {
            double x = probes[p];
            if (x < VS_HIST_LO || x >= VS__HIST_TOP)
                continue;
            uint32_t j = vs_hist_index(&h, x);
            ck_fast(j >= 1 && j <= VS_HIST_NREG, "x = %.17g: bucket %u", x, j);
            double re = relerr(vs_hist_value(&h, j), x);
            if (re > worst)
                worst = re;
            ck_fast(re < 0.005, "x = %.17g in bucket %u reported %.17g (rel %g)", x, j,
                          vs_hist_value(&h, j), re);
            /* exact bucket from long double: floor(log(x/lo)/log g) + 1 */
            long double y = logl((long double)x / (long double)VS_HIST_LO) / logl(1.01L);
            long double frac = y - floorl(y);
            uint32_t exact = (uint32_t)floorl(y) + 1u;
            if (exact > VS_HIST_NREG)
                exact = VS_HIST_NREG;
            if (j != exact) {
                off_by_one++;
                /* within 1e-7 of an edge means y within 1e-7/ln g = 1e-5 of an integer */
                ck_fast(frac < 1e-5 || frac > 1 - 1e-5,
                        "x = %.17g: bucket %u, exact %u, y = %.12Lf", x, j, exact, y);
            }
        }
    }
    fprintf(stderr, "hist edges: worst rel error %.7f, %ld probes in a neighbour bucket\n",
            worst, off_by_one);
    ck_assert(worst <= 0.0049752);
    /* the harmonic centre is attained near the edges: the bound is tight */
    ck_assert(worst > 0.00497);
    vs_hist_fini(&h);
}
END_TEST

START_TEST(hist_special_values)
{
    vs_hist h;
    ck_assert_int_eq(vs_hist_init(&h, NULL), VS_OK);
    ck_assert(isnan(vs_hist_quantile(&h, 0.5)));
    ck_assert(isnan(vs_hist_cdf(&h, 1.0)));
    ck_assert_uint_eq(vs_hist_index(&h, 0.0), 0);
    ck_assert_uint_eq(vs_hist_index(&h, 5e-10), 0);
    ck_assert_uint_eq(vs_hist_index(&h, -1.0), 0);
    ck_assert_uint_eq(vs_hist_index(&h, NAN), 0);
    ck_assert_uint_eq(vs_hist_index(&h, VS_HIST_LO), 1);
    ck_assert_uint_eq(vs_hist_index(&h, 1e13), VS_HIST_NREG + 1);
    ck_assert_uint_eq(vs_hist_index(&h, INFINITY), VS_HIST_NREG + 1);
    ck_assert_uint_eq(vs_hist_index(&h, nextafter(VS__HIST_TOP, 0)), VS_HIST_NREG);
    ck_assert_uint_eq(vs_hist_index(&h, DBL_MAX), VS_HIST_NREG + 1);

    /* one value: every quantile is that exact value */
    vs_hist_add(&h, 0.123);
    ck_assert(vs_hist_quantile(&h, 0.0) == 0.123);
    ck_assert(vs_hist_quantile(&h, 0.5) == 0.123);
    ck_assert(vs_hist_quantile(&h, 1.0) == 0.123);
    ck_assert(isnan(vs_hist_quantile(&h, 1.5)));
    ck_assert(isnan(vs_hist_quantile(&h, -0.1)));

    /* only zeros */
    vs_hist_clear(&h);
    ck_assert_uint_eq(h.n, 0);
    for (int i = 0; i < 100; i++)
        vs_hist_add(&h, 0.0);
    ck_assert(vs_hist_quantile(&h, 0.5) == 0.0);
    ck_assert(vs_hist_quantile(&h, 1.0) == 0.0);
    ck_assert(vs_hist_cdf(&h, 0.0) == 1.0);
    ck_assert(vs_hist_cdf(&h, -1.0) == 0.0);

    /* 30 zeros and 70 ones: nearest rank 30 is 0, rank 31 is 1 */
    for (int i = 0; i < 70; i++)
        vs_hist_add(&h, 1.0);
    ck_assert_uint_eq(h.n, 170);
    vs_hist_clear(&h);
    for (int i = 0; i < 30; i++)
        vs_hist_add(&h, 0.0);
    for (int i = 0; i < 70; i++)
        vs_hist_add(&h, 1.0);
    ck_assert(vs_hist_quantile(&h, 0.30) == 0.0);
    ck_assert(relerr(vs_hist_quantile(&h, 0.31), 1.0) <= 0.005);
    ck_assert(vs_hist_quantile(&h, 1.0) == 1.0);
    ck_rel(vs_hist_cdf(&h, 0.5), 0.30, 1e-12);
    ck_assert(vs_hist_cdf(&h, 1.0) == 1.0);

    /* overflow values are reported by the exact maximum */
    vs_hist_clear(&h);
    vs_hist_add(&h, 1.0);
    vs_hist_add(&h, 2e13);
    vs_hist_add(&h, 3e13);
    ck_assert(vs_hist_quantile(&h, 0.5) == 3e13);
    ck_assert(vs_hist_quantile(&h, 1.0) == 3e13);
    ck_assert(vs_hist_quantile(&h, 0.2) == 1.0);
    vs_hist_fini(&h);
}
END_TEST

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* Number of elements <= v in the sorted array x[0..n-1]. */
static size_t count_le(const double *x, size_t n, double v)
{
    size_t lo = 0, hi = n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (x[mid] <= v)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

enum { DIST_LOGNORMAL, DIST_EXPONENTIAL, DIST_LOGUNIFORM, DIST_ZEROS_MIX, DIST_COUNT };

static double draw(gsl_rng *r, int dist)
{
    switch (dist) {
    case DIST_LOGNORMAL: return gsl_ran_lognormal(r, 0.0, 3.0); /* ~1e-6 .. 1e6 */
    case DIST_EXPONENTIAL: return gsl_ran_exponential(r, 1.0);
    case DIST_LOGUNIFORM: return pow(10.0, gsl_ran_flat(r, -6.0, 6.0));
    default: /* 20% exact zeros, the rest exponential with mean 0.01 */
        return gsl_rng_uniform(r) < 0.2 ? 0.0 : gsl_ran_exponential(r, 0.01);
    }
}

/*
 * 10^6 draws per distribution; for each of ~230 levels q the histogram's
 * quantile must be within 0.5% of the k-th smallest draw, k = ceil(q n)
 * (nearest rank), and exact at q = 0 and q = 1 and on zeros.
 */
START_TEST(hist_quantiles_against_order_statistics)
{
    enum { N = 1000000 };
    int dist = _i;
    gsl_rng *r = new_rng(100 + (unsigned long)dist);
    double *x = malloc(N * sizeof *x);
    ck_assert_ptr_nonnull(x);
    vs_hist h;
    ck_assert_int_eq(vs_hist_init(&h, NULL), VS_OK);
    for (int i = 0; i < N; i++) {
        x[i] = draw(r, dist);
        vs_hist_add(&h, x[i]);
    }
    qsort(x, N, sizeof *x, cmp_double);
    ck_assert_uint_eq(h.n, N);
    ck_assert(h.min == x[0] && h.max == x[N - 1]);

    double qs[256];
    int nq = 0;
    static const double fixed[] = {0, 1e-6, 1e-5, 1e-4, 1e-3, 0.01, 0.05, 0.25, 0.5, 0.75,
                                   0.9, 0.95, 0.99, 0.999, 0.9999, 0.99999, 1 - 1e-6, 1};
    for (size_t i = 0; i < sizeof fixed / sizeof fixed[0]; i++)
        qs[nq++] = fixed[i];
    for (int i = 1; i < 200; i++)
        qs[nq++] = i / 200.0;
    double worst = 0.0;
    for (int i = 0; i < nq; i++) {
        double q = qs[i];
        double kd = ceil(q * N);
        size_t k = kd < 1 ? 1 : (size_t)kd;
        double want = x[k - 1];
        double got = vs_hist_quantile(&h, q);
        if (want == 0.0) {
            ck_assert_msg(got == 0.0, "dist %d q = %g: got %g, want 0", dist, q, got);
            continue;
        }
        double re = relerr(got, want);
        if (re > worst)
            worst = re;
        ck_assert_msg(re <= 0.005, "dist %d q = %.8g (rank %zu): got %.10g, want %.10g (rel %g)",
                      dist, q, k, got, want, re);
    }
    ck_assert(vs_hist_quantile(&h, 0.0) == x[0]);
    ck_assert(vs_hist_quantile(&h, 1.0) == x[N - 1]);
    fprintf(stderr, "hist dist %d: worst quantile rel error %.6f over %d levels\n", dist, worst,
            nq);

    /* cdf: within the mass of x's bucket of the empirical cdf, and monotone */
    double prev = 0.0;
    for (int i = 1; i < 100; i++) {
        double v = x[(size_t)i * (N / 100)];
        double emp = (double)count_le(x, N, v) / N;
        double got = vs_hist_cdf(&h, v);
        double mass = (double)h.counts[vs_hist_index(&h, v)] / N;
        ck_assert_msg(fabs(got - emp) <= mass + 1e-12, "dist %d cdf(%g) = %g, empirical %g",
                      dist, v, got, emp);
        ck_assert(got >= prev);
        prev = got;
    }
    vs_hist_fini(&h);
    free(x);
    gsl_rng_free(r);
}
END_TEST

/* Merging two histograms equals adding every value to one. */
START_TEST(hist_merge_equals_adding_all)
{
    gsl_rng *r = new_rng(7);
    vs_hist a, b, all;
    ck_assert_int_eq(vs_hist_init(&a, NULL), VS_OK);
    ck_assert_int_eq(vs_hist_init(&b, NULL), VS_OK);
    ck_assert_int_eq(vs_hist_init(&all, NULL), VS_OK);
    for (int i = 0; i < 100000; i++) {
        double x = draw(r, i % DIST_COUNT);
        vs_hist_add(i % 3 ? &a : &b, x);
        vs_hist_add(&all, x);
    }
    vs_hist_add(&b, 5e13); /* overflow bucket */
    vs_hist_add(&all, 5e13);
    vs_hist_merge(&a, &b);
    ck_assert_uint_eq(a.n, all.n);
    ck_assert(a.min == all.min && a.max == all.max);
    ck_assert_int_eq(memcmp(a.counts, all.counts, all.nbuckets * sizeof *all.counts), 0);
    for (int i = 0; i <= 100; i++)
        ck_assert(vs_hist_quantile(&a, i / 100.0) == vs_hist_quantile(&all, i / 100.0));
    /* merging an empty histogram changes nothing */
    vs_hist_clear(&b);
    vs_hist_merge(&a, &b);
    ck_assert_uint_eq(a.n, all.n);
    ck_assert(a.min == all.min && a.max == all.max);
    vs_hist_fini(&a);
    vs_hist_fini(&b);
    vs_hist_fini(&all);
    gsl_rng_free(r);
}
END_TEST

/* ---- batch means ------------------------------------------------------- */

/*
 * Blocks (num = j, den = 1) for j = 0..63.  The 64th completes batch 63, so
 * the batches merge pairwise: 32 batches of 2 blocks, batch i holding
 * j = 2i, 2i+1: num 4i+1, den 2, ratio 2i + 0.5.  Mean of the ratios 31.5;
 * their sd is 2 * sd(0..31) = 2 sqrt(32*33/12) = 18.761663, s/sqrt(32) =
 * 3.316625; with t_{31,0.975} = 2.0395 (4-decimal table) the half-width is
 * 6.764256, known to +-5e-5 * 3.316625 = 1.7e-4.
 */
START_TEST(bm_known_batches)
{
    vs_bm b;
    vs_bm_init(&b);
    double mean, half;
    vs_bm_ci(&b, &mean, &half);
    ck_assert(isnan(mean) && isnan(half));
    vs_bm_push(&b, 6.0, 2.0);
    ck_assert_int_eq(b.n, 1);
    vs_bm_ci(&b, &mean, &half);
    ck_assert(mean == 3.0 && isnan(half));

    vs_bm_init(&b);
    for (int j = 0; j < 64; j++)
        vs_bm_push(&b, j, 1.0);
    ck_assert_int_eq(b.n, 32);
    ck_assert_int_eq(b.parts, 2);
    ck_assert_int_eq(b.pend_parts, 0);
    for (int i = 0; i < 32; i++)
        ck_assert(b.num[i] == 4 * i + 1 && b.den[i] == 2.0);
    vs_bm_ci(&b, &mean, &half);
    ck_rel(mean, 31.5, 1e-15);
    ck_abs(half, 6.764256, 1.7e-4);

    /* 3 more blocks: one more complete batch (64 + 65, ratio 64.5) and one
     * pending block that the interval ignores */
    for (int j = 64; j < 67; j++)
        vs_bm_push(&b, j, 1.0);
    ck_assert_int_eq(b.n, 33);
    ck_assert_int_eq(b.pend_parts, 1);
    ck_assert(b.pend_num == 66.0);
    vs_bm_ci(&b, &mean, &half);
    ck_rel(mean, (31.5 * 32 + 64.5) / 33, 1e-15);

    /* ratio per batch, and batches with no denominator are skipped:
     * blocks (3,1) (1,1) -> batch ratio 2 each while parts = 1 */
    vs_bm_init(&b);
    vs_bm_push(&b, 3.0, 1.0);  /* ratio 3 */
    vs_bm_push(&b, 5.0, 0.0);  /* no jobs: skipped */
    vs_bm_push(&b, 1.0, 4.0);  /* ratio 0.25 */
    vs_bm_ci(&b, &mean, &half);
    ck_rel(mean, (3.0 + 0.25) / 2, 1e-15);
    /* two ratios 3 and 0.25: s = 2.75/sqrt 2, s/sqrt 2 = 1.375, t_{1,0.975}
     * = 12.706 (table): half 17.47075 +- 5e-4 * 1.375 */
    ck_abs(half, 17.47075, 7e-4);
}
END_TEST

/* A million blocks: never 64 batches or more, never fewer than 32 once 32
 * were reached, and nothing lost: sums of complete batches plus the pending
 * one equal the sums pushed (integers, exact). */
START_TEST(bm_bounded_memory)
{
    vs_bm b;
    vs_bm_init(&b);
    double total = 0.0;
    int reached = 0;
    for (long j = 1; j <= 1000000; j++) {
        vs_bm_push(&b, (double)(j % 1000), 1.0);
        total += (double)(j % 1000);
        ck_fast(b.n < VS_BM_MAX, "block %ld: %d batches", j, b.n);
        if (b.n >= 32)
            reached = 1;
        ck_fast(!reached || b.n >= 32, "block %ld: %d batches", j, b.n);
        if ((j & 4095) == 0 || j == 1000000) {
            double s = b.pend_num, d = b.pend_den;
            for (int i = 0; i < b.n; i++) {
                s += b.num[i];
                d += b.den[i];
                ck_fast(b.den[i] == (double)b.parts, "block %ld batch %d", j, i);
            }
            ck_fast(s == total && d == (double)j, "block %ld: sums %g %g", j, s, d);
            ck_fast((long)b.n * b.parts + b.pend_parts == j, "block %ld: lost blocks", j);
            ck_fast((b.parts & (b.parts - 1)) == 0, "parts %d", b.parts);
        }
    }
    /* 10^6 = 61 * 2^14 + 576: 61 batches of 16384 blocks */
    ck_assert_int_eq(b.parts, 16384);
    ck_assert_int_eq(b.n, 61);
    ck_assert_int_eq(b.pend_parts, 1000000 - 61 * 16384);
}
END_TEST

/*
 * Coverage.  Each trial pushes 500 iid N(3, 1) observations as blocks
 * (num = x, den = 1); the batches then hold 8 blocks each and 62 are
 * complete, so the batch means are iid normal and the t interval is exact:
 * it covers 3 with probability 0.95.  Over T = 4000 independent trials the
 * number covered is Binomial(4000, 0.95): mean 3800, sd sqrt(4000 * 0.95 *
 * 0.05) = 13.78; z = 4 accepts |covered - 3800| <= 55.
 */
START_TEST(bm_coverage_iid_normal)
{
    enum { T = 4000, N = 500 };
    gsl_rng *r = new_rng(2024);
    int covered = 0;
    for (int t = 0; t < T; t++) {
        vs_bm b;
        vs_bm_init(&b);
        for (int i = 0; i < N; i++)
            vs_bm_push(&b, 3.0 + gsl_ran_gaussian_ziggurat(r, 1.0), 1.0);
        ck_fast(b.n == 62, "%d batches", b.n);
        double mean, half;
        vs_bm_ci(&b, &mean, &half);
        covered += fabs(mean - 3.0) <= half;
    }
    double sd = sqrt(T * 0.95 * 0.05);
    fprintf(stderr, "bm coverage: %d of %d (%.4f), band +-%.0f\n", covered, T,
            (double)covered / T, 4 * sd);
    ck_assert_msg(fabs(covered - 0.95 * T) <= 4 * sd, "covered %d of %d", covered, T);
    gsl_rng_free(r);
}
END_TEST

/* ---- MSER-5 ------------------------------------------------------------ */

/*
 * Stationary tail.  Let batches d0 .. nb-1 be iid N(mu, s^2) (s^2 = the
 * variance of a batch mean).  MSER prefers d = d0 + k to d0 only if
 * MSER(d) <= MSER(d0).  With m = nb - d0 - k the batches kept at d, T the
 * sum of squared deviations of those m batches and H the rest of the
 * d0-suffix's sum of squares (Cochran: H / s^2 ~ chi^2_k independent of
 * T / s^2 ~ chi^2_{m-1}), SSE_{d0} = T + H and the condition reads
 *     T / m^2 <= (T + H) / (m + k)^2  <=>  H / T >= k (2m + k) / m^2
 *     <=>  F = (H / k) / (T / (m - 1)) >= (m - 1)(2m + k) / m^2,
 * with F ~ F(k, m - 1).  So P(MSER returns d0 + k or more) is at most
 * sum_{k >= K} Q_F(k) and we take the smallest K that makes this sum at most
 * the z = 4 tail 6.3e-5.  Returns K (in batches).
 */
static size_t mser_stationary_bound(size_t nb, size_t d0)
{
    size_t kmax = nb / 2 - d0;
    double tail = 0.0;
    size_t K = kmax + 1;
    for (size_t k = kmax; k >= 1; k--) {
        double m = (double)(nb - d0 - k), kk = (double)k;
        double thr = (m - 1) * (2 * m + kk) / (m * m);
        tail += gsl_cdf_fdist_Q(thr, kk, m - 1);
        if (tail > Z4_TAIL)
            break;
        K = k;
    }
    return K;
}

START_TEST(mser5_small_and_hand)
{
    double x[40] = {0};
    ck_assert_uint_eq(vs_mser5(x, 0), 0);
    for (int i = 0; i < 40; i++)
        x[i] = (i % 2) ? 1.0 : -1.0;
    ck_assert_uint_eq(vs_mser5(x, 9), 0); /* fewer than two batches */
    /* batch means: 100, then alternating +-1 (pairs of batches
     * 5 * (+1,-1,+1,-1,+1) / 5 = 0.2 and -0.2): deleting the first batch
     * removes a huge deviation, deleting more only shrinks the count */
    for (int i = 0; i < 5; i++)
        x[i] = 100.0;
    ck_assert_uint_eq(vs_mser5(x, 40), 5);
    /* a trailing partial batch is ignored; the answer is a multiple of 5 */
    ck_assert_uint_eq(vs_mser5(x, 43), 5);
    /* the search stops at nb/2: a level shift in the second half cannot be
     * "deleted" beyond batch nb/2 = 4 */
    for (int i = 0; i < 40; i++)
        x[i] = i < 30 ? 50.0 : 0.0;
    ck_assert_uint_le(vs_mser5(x, 40), 20);
}
END_TEST

START_TEST(mser5_stationary)
{
    enum { N = 10000 };
    size_t nb = N / 5;
    size_t K = mser_stationary_bound(nb, 0);
    fprintf(stderr, "mser5 stationary: accept d < %zu batches (%zu obs)\n", K, 5 * K);
    ck_assert(K > 1 && K < nb / 4); /* the band is informative */
    double *x = malloc(N * sizeof *x);
    for (unsigned long seed = 1; seed <= 10; seed++) {
        gsl_rng *r = new_rng(300 + seed);
        for (int i = 0; i < N; i++)
            x[i] = gsl_ran_gaussian_ziggurat(r, 1.0);
        size_t cut = vs_mser5(x, N);
        ck_assert_uint_eq(cut % 5, 0);
        ck_assert_msg(cut / 5 < K, "seed %lu: cut %zu, band %zu", seed, cut, 5 * K);
        /* a large offset changes nothing: Welford suffixes do not cancel */
        for (int i = 0; i < N; i++)
            x[i] += 1e6;
        size_t cut_off = vs_mser5(x, N);
        ck_assert_msg(cut_off / 5 < K, "seed %lu with offset: cut %zu", seed, cut_off);
        fprintf(stderr, "  seed %lu: cut %zu (with offset 1e6: %zu)\n", seed, cut, cut_off);
        gsl_rng_free(r);
    }
    free(x);
}
END_TEST

/*
 * Planted transient: x_i = mu_i + N(0,1) with mu_i = 10 (1 - i/2000) for
 * i < 2000 and 0 afterwards, n = 20000: nb = 4000 batches of 5, batch means
 * z_j = mu(j) + e_j with e_j ~ N(0, s^2 = 1/5); the transient ends at batch
 * d0 = 400.
 *
 * Past d0 the series is stationary and mser_stationary_bound gives K.
 * Before d0, MSER(d) - MSER(d0) = D is a quadratic form in the Gaussian
 * noise: with P_d the centring projection onto batches d..nb-1,
 * m_d = nb - d, a = 1/m_d^2, c = 1/m_d0^2 and A = a P_d - c P_d0,
 *     D = e'A e + 2 (A mu)'e + mu'A mu,
 *     E D = s^2 tr A + mu'A mu = a (s^2 (m_d - 1) + B_d) - c (s^2 (m_d0 - 1) + B_d0),
 *     Var D = 2 s^4 tr(A^2) + 4 s^2 |A mu|^2,
 *     tr(A^2) = a^2 (m_d - 1) + c^2 (m_d0 - 1) - 2ac (m_d0 - 1),
 * where B_d = sum_{j>=d} (mu_j - mubar_d)^2 and tr(P_d P_d0) = m_d0 - 1 for
 * nested suffixes.  MSER can return d only if D <= 0; we reject d when
 * E D > 4 sd(D) (normal approximation, z = 4).
 */
typedef struct transient {
    size_t nb, d0;
    double s2;         /* variance of a batch mean */
    double *mu;        /* batch mean of the planted mean, nb values */
} transient;

/* mean of mu over the suffix d.. */
static double suffix_mean(const transient *tr, size_t d)
{
    double s = 0;
    for (size_t j = d; j < tr->nb; j++)
        s += tr->mu[j];
    return s / (double)(tr->nb - d);
}

static void mser_diff_moments(const transient *tr, size_t d, double *mean, double *sd)
{
    size_t d0 = tr->d0;
    double md = (double)(tr->nb - d), m0 = (double)(tr->nb - d0);
    double a = 1 / (md * md), c = 1 / (m0 * m0);
    double mbd = suffix_mean(tr, d), mb0 = suffix_mean(tr, d0);
    double Bd = 0, B0 = 0, amu2 = 0;
    for (size_t j = d; j < tr->nb; j++) {
        double pd = tr->mu[j] - mbd;
        double p0 = j >= d0 ? tr->mu[j] - mb0 : 0.0;
        Bd += pd * pd;
        B0 += p0 * p0;
        double amu = a * pd - c * p0;
        amu2 += amu * amu;
    }
    double s2 = tr->s2;
    *mean = a * (s2 * (md - 1) + Bd) - c * (s2 * (m0 - 1) + B0);
    double trA2 = a * a * (md - 1) + c * c * (m0 - 1) - 2 * a * c * (m0 - 1);
    *sd = sqrt(2 * s2 * s2 * trA2 + 4 * s2 * amu2);
}

START_TEST(mser5_planted_transient)
{
    enum { N = 20000, WARM = 2000 };
    transient tr = {.nb = N / 5, .d0 = WARM / 5, .s2 = 1.0 / 5.0, .mu = NULL};
    tr.mu = malloc(tr.nb * sizeof *tr.mu);
    for (size_t j = 0; j < tr.nb; j++) {
        double s = 0;
        for (size_t i = 5 * j; i < 5 * j + 5; i++)
            s += i < WARM ? 10.0 * (1.0 - (double)i / WARM) : 0.0;
        tr.mu[j] = s / 5;
    }
    size_t K = mser_stationary_bound(tr.nb, tr.d0);
    /* acceptance band [lo, d0 + K): lo = first d whose E D <= 4 sd(D) */
    size_t lo = tr.d0;
    for (size_t d = 0; d < tr.d0; d++) {
        double m, sd;
        mser_diff_moments(&tr, d, &m, &sd);
        if (m <= 4 * sd) {
            lo = d;
            break;
        }
    }
    fprintf(stderr, "mser5 transient: accept cut in [%zu, %zu) observations\n", 5 * lo,
            5 * (tr.d0 + K));
    ck_assert(lo > 0 && lo < tr.d0); /* d = 0 (no deletion) is rejected */

    double *x = malloc(N * sizeof *x);
    for (unsigned long seed = 1; seed <= 5; seed++) {
        gsl_rng *r = new_rng(400 + seed);
        for (int i = 0; i < N; i++)
            x[i] = (i < WARM ? 10.0 * (1.0 - (double)i / WARM) : 0.0) +
                   gsl_ran_gaussian_ziggurat(r, 1.0);
        size_t cut = vs_mser5(x, N), d = cut / 5;
        fprintf(stderr, "  seed %lu: cut %zu\n", seed, cut);
        if (d < tr.d0) {
            double m, sd;
            mser_diff_moments(&tr, d, &m, &sd);
            ck_assert_msg(m <= 4 * sd, "seed %lu: cut %zu too early (E D = %g, sd %g)", seed,
                          cut, m, sd);
        } else {
            ck_assert_msg(d < tr.d0 + K, "seed %lu: cut %zu too late (band %zu)", seed, cut,
                          5 * (tr.d0 + K));
        }
        gsl_rng_free(r);
    }
    free(x);
    free(tr.mu);
}
END_TEST

/* ---- main -------------------------------------------------------------- */

static Suite *stats_suite(void)
{
    Suite *s = suite_create("stats");
    TCase *tc = tcase_create("tally");
    tcase_add_test(tc, tally_welford_offset);
    tcase_add_test(tc, tally_small_cases);
    tcase_add_test(tc, tally_merge_equals_sequential);
    tcase_add_test(tc, t_quantiles_table);
    tcase_add_test(tc, tally_ci95_by_hand);
    tcase_add_test(tc, timeavg_step_function);
    suite_add_tcase(s, tc);

    tc = tcase_create("hist");
    tcase_set_timeout(tc, 120);
    tcase_add_test(tc, hist_constants);
    tcase_add_test(tc, hist_bucket_bound_at_every_edge);
    tcase_add_test(tc, hist_special_values);
    tcase_add_loop_test(tc, hist_quantiles_against_order_statistics, 0, DIST_COUNT);
    tcase_add_test(tc, hist_merge_equals_adding_all);
    suite_add_tcase(s, tc);

    tc = tcase_create("batch_means");
    tcase_set_timeout(tc, 120);
    tcase_add_test(tc, bm_known_batches);
    tcase_add_test(tc, bm_bounded_memory);
    tcase_add_test(tc, bm_coverage_iid_normal);
    suite_add_tcase(s, tc);

    tc = tcase_create("mser5");
    tcase_set_timeout(tc, 120);
    tcase_add_test(tc, mser5_small_and_hand);
    tcase_add_test(tc, mser5_stationary);
    tcase_add_test(tc, mser5_planted_transient);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    gsl_set_error_handler_off();
    SRunner *sr = srunner_create(stats_suite());
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
