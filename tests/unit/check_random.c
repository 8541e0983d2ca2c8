/*
 * check_random.c: unit tests of the random module (streams, distributions,
 * loaders, transforms).
 *
 * Statistical checks use fixed seeds and tolerances derived from the known
 * variance of each estimator at z = 4:
 *   - sample mean:      |xbar - mu| <= 4 sqrt(sigma^2 / n);
 *   - sample variance:  |s^2 - sigma^2| <= 4 sqrt(Var s^2), with the exact
 *                       Var s^2 = mu4/n - sigma^4 (n-3) / (n (n-1)) from the
 *                       fourth central moment mu4;
 *   - CDF at a point:   |#{X <= x}/n - F(x)| <= 4 sqrt(F (1-F) / n);
 *   - LST by Monte Carlo: |mean exp(-sX) - L(s)| <= 4 sqrt((L(2s) - L(s)^2)/n).
 * The exact moments are computed here from textbook formulas, independently
 * of the constants prepared in src/random.
 */
#include <check.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <gsl/gsl_errno.h>
#include <gsl/gsl_integration.h>
#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>
#include <gsl/gsl_sf_gamma.h>

#include "virtsim/rng.h"

#define Z 4.0
#define VS_INF ((double)INFINITY)

/* Relative closeness for computed (not sampled) quantities. */
static int close_rel(double got, double want, double rel)
{
    if (got == want)
        return 1;
    return fabs(got - want) <= rel * fabs(want);
}

#define ASSERT_REL(got, want, rel)                                             \
    ck_assert_msg(close_rel((got), (want), (rel)), "%s = %.17g, want %.17g (rel %g)", \
                  #got, (double)(got), (double)(want), (double)(rel))

#define ASSERT_ERR(rc, err, code, text)                                        \
    do {                                                                       \
        ck_assert_msg((rc) == (code), "rc %d (%s), want %s; msg '%s'", (rc),   \
                      vs_errname(rc), vs_errname(code), (err).msg);           \
        ck_assert_str_eq((err).msg, (text));                                   \
    } while (0)

/* ---- streams ---------------------------------------------------------- */

START_TEST(test_splitmix64_reference)
{
    /* The first two outputs of Vigna's splitmix64 seeded with 0. */
    ck_assert_uint_eq(vs_splitmix64(0), UINT64_C(0xe220a8397b1dcdaf));
    ck_assert_uint_eq(vs_splitmix64(UINT64_C(0x9e3779b97f4a7c15)),
                      UINT64_C(0x6e789e6aa1b965f4));
}
END_TEST

START_TEST(test_stream_golden)
{
    /* Golden values recorded from this implementation: a change here
     * changes every simulation result, so it must be deliberate. */
    ck_assert_uint_eq(vs_stream_seed(42, 0, "requests", "arrival"),
                      UINT64_C(0x9c8c9077067b034d));
    vs_err err;
    gsl_rng *r = vs_stream_new(42, 0, "requests", "arrival", &err);
    ck_assert_ptr_nonnull(r);
    ck_assert_str_eq(gsl_rng_name(r), "mt19937");
    unsigned long want[3] = {2077016311UL, 308110521UL, 2804712367UL};
    for (int i = 0; i < 3; i++) {
        unsigned long got = gsl_rng_get(r);
        ck_assert_uint_eq(got, want[i]);
    }
    /* The same as seeding mt19937 by hand with the folded 32-bit seed. */
    uint64_t seed = vs_stream_seed(42, 0, "requests", "arrival");
    gsl_rng *h = gsl_rng_alloc(gsl_rng_mt19937);
    gsl_rng_set(h, (uint32_t)(seed >> 32) ^ (uint32_t)seed);
    ck_assert_uint_eq(gsl_rng_get(h), want[0]);
    gsl_rng_free(h);
    gsl_rng_free(r);

    /* The first sizes of an exponential(mean 2) workload (libm's log may
     * differ in the last ulp between platforms, hence the 1e-12). */
    r = vs_stream_new(42, 0, "requests", "size", &err);
    ck_assert_ptr_nonnull(r);
    vs_dist d;
    ck_assert_int_eq(vs_dist_exponential(&d, 2.0, &err), VS_OK);
    const double draws[3] = {1.1082790987660609, 1.3908616931674489, 2.5887979083329511};
    for (int i = 0; i < 3; i++) {
        double got = vs_dist_sample(&d, r, NULL);
        ASSERT_REL(got, draws[i], 1e-12);
    }
    gsl_rng_free(r);
}
END_TEST

START_TEST(test_stream_deterministic)
{
    vs_err err;
    gsl_rng *a = vs_stream_new(7, 3, "vm-12", "size", &err);
    gsl_rng *b = vs_stream_new(7, 3, "vm-12", "size", &err);
    ck_assert_ptr_nonnull(a);
    ck_assert_ptr_nonnull(b);
    int same = 0;
    for (int i = 0; i < 10000; i++)
        same += gsl_rng_get(a) == gsl_rng_get(b);
    ck_assert_int_eq(same, 10000);
    gsl_rng_free(a);
    gsl_rng_free(b);
    /* NULL names hash like "". */
    ck_assert_uint_eq(vs_stream_seed(1, 0, NULL, NULL), vs_stream_seed(1, 0, "", ""));
}
END_TEST

START_TEST(test_stream_seeds_differ)
{
    uint64_t base = vs_stream_seed(1, 0, "web", "arrival");
    uint64_t other[] = {
        vs_stream_seed(2, 0, "web", "arrival"),  /* master */
        vs_stream_seed(1, 1, "web", "arrival"),  /* replication */
        vs_stream_seed(1, 0, "web2", "arrival"), /* entity */
        vs_stream_seed(1, 0, "web", "size"),     /* purpose */
        vs_stream_seed(1, 0, "arrival", "web"),  /* swapped */
        vs_stream_seed(1, 0, "webarrival", ""),  /* moved boundary */
        vs_stream_seed(1, 0, "we", "barrival"),
    };
    size_t n = sizeof other / sizeof other[0];
    for (size_t i = 0; i < n; i++) {
        ck_assert_msg(other[i] != base, "seed %zu equals the base seed", i);
        /* Folded to mt19937's 32 bits they must differ too. */
        uint32_t fi = (uint32_t)(other[i] >> 32) ^ (uint32_t)other[i];
        uint32_t fb = (uint32_t)(base >> 32) ^ (uint32_t)base;
        ck_assert_msg(fi != fb, "32-bit seed %zu equals the base", i);
        for (size_t j = 0; j < i; j++)
            ck_assert_msg(other[i] != other[j], "seeds %zu and %zu equal", i, j);
    }
}
END_TEST

/* Pearson correlation of the first n uniforms of two streams: under
 * independence r is about N(0, 1/n), so |r| <= 4/sqrt(n). */
static void assert_uncorrelated(uint64_t m1, uint32_t r1, const char *e1, const char *p1,
                                uint64_t m2, uint32_t r2, const char *e2, const char *p2)
{
    const int n = 100000;
    vs_err err;
    gsl_rng *a = vs_stream_new(m1, r1, e1, p1, &err);
    gsl_rng *b = vs_stream_new(m2, r2, e2, p2, &err);
    ck_assert_ptr_nonnull(a);
    ck_assert_ptr_nonnull(b);
    double sx = 0, sy = 0, sxx = 0, syy = 0, sxy = 0;
    for (int i = 0; i < n; i++) {
        double x = gsl_rng_uniform(a), y = gsl_rng_uniform(b);
        sx += x;
        sy += y;
        sxx += x * x;
        syy += y * y;
        sxy += x * y;
    }
    double cov = sxy / n - (sx / n) * (sy / n);
    double r = cov / sqrt((sxx / n - (sx / n) * (sx / n)) * (syy / n - (sy / n) * (sy / n)));
    ck_assert_msg(fabs(r) <= Z / sqrt((double)n), "streams %s/%s and %s/%s: r = %g",
                  e1, p1, e2, p2, r);
    gsl_rng_free(a);
    gsl_rng_free(b);
}

START_TEST(test_stream_independent)
{
    assert_uncorrelated(1, 0, "vm", "arrival", 2, 0, "vm", "arrival");
    assert_uncorrelated(1, 0, "vm", "arrival", 1, 1, "vm", "arrival");
    assert_uncorrelated(1, 0, "vm1", "arrival", 1, 0, "vm2", "arrival");
    assert_uncorrelated(1, 0, "vm1", "arrival", 1, 0, "vm1", "size");
}
END_TEST

/* ---- names and descriptions ------------------------------------------ */

START_TEST(test_names)
{
    ck_assert_str_eq(vs_dist_names(), "exponential, deterministic, erlang, "
                     "hyperexponential, lognormal, gamma, uniform, pareto, weibull, "
                     "empirical, trace");
    for (int k = 0; k < VS_DIST_COUNT; k++)
        ck_assert_int_eq(vs_dist_kind_from_name(vs_dist_name((vs_dist_kind)k)), k);
    ck_assert_int_eq(vs_dist_kind_from_name("poisson"), -1);
    ck_assert_int_eq(vs_dist_kind_from_name("Exponential"), -1);
    ck_assert_int_eq(vs_dist_kind_from_name(NULL), -1);
    ck_assert_str_eq(vs_dist_name(VS_DIST_COUNT), "unknown");
}
END_TEST

START_TEST(test_describe)
{
    vs_dist d;
    vs_err err;
    char buf[128];
    ck_assert_int_eq(vs_dist_exponential(&d, 0.25, &err), VS_OK);
    vs_dist_describe(&d, buf, sizeof buf);
    ck_assert_str_eq(buf, "exponential(mean=0.25)");
    ck_assert_int_eq(vs_dist_erlang(&d, 3, 1.0, &err), VS_OK);
    vs_dist_describe(&d, buf, sizeof buf);
    ck_assert_str_eq(buf, "erlang(k=3, mean=1)");
    ck_assert_int_eq(vs_dist_hyperexponential(&d, 2.0, 4.0, &err), VS_OK);
    vs_dist_describe(&d, buf, sizeof buf);
    ck_assert_str_eq(buf, "hyperexponential(mean=2, scv=4)");
    ck_assert_int_eq(vs_dist_pareto(&d, 1.5, 1.0, 100.0, &err), VS_OK);
    vs_dist_describe(&d, buf, sizeof buf);
    ck_assert_str_eq(buf, "pareto(alpha=1.5, min=1, max=100)");
    ck_assert_int_eq(vs_dist_pareto(&d, 3.0, 2.0, VS_INF, &err), VS_OK);
    vs_dist_describe(&d, buf, sizeof buf);
    ck_assert_str_eq(buf, "pareto(alpha=3, min=2)");
    ck_assert_int_eq(vs_dist_uniform(&d, 1.0, 3.0, &err), VS_OK);
    vs_dist_describe(&d, buf, sizeof buf);
    ck_assert_str_eq(buf, "uniform(min=1, max=3)");
    ck_assert_int_eq(vs_dist_weibull(&d, 0.5, 2.0, &err), VS_OK);
    vs_dist_describe(&d, buf, sizeof buf);
    ck_assert_str_eq(buf, "weibull(shape=0.5, scale=2)");
    ck_assert_int_eq(vs_dist_deterministic(&d, 3.0, &err), VS_OK);
    vs_dist_describe(&d, buf, sizeof buf);
    ck_assert_str_eq(buf, "deterministic(value=3)");
    /* Truncation is safe. */
    vs_dist_describe(&d, buf, 5);
    ck_assert_str_eq(buf, "dete");
}
END_TEST

/* ---- parameter checks ------------------------------------------------- */

START_TEST(test_param_checks)
{
    vs_dist d;
    vs_err err;
    int rc;
    const double nan = (double)NAN;

    rc = vs_dist_exponential(&d, 0.0, &err);
    ASSERT_ERR(rc, err, VS_ERANGE, "mean: exponential needs mean > 0, got 0");
    rc = vs_dist_exponential(&d, nan, &err);
    ASSERT_ERR(rc, err, VS_EINVAL, "mean: exponential needs a finite number, got nan");
    rc = vs_dist_exponential(&d, VS_INF, &err);
    ASSERT_ERR(rc, err, VS_EINVAL, "mean: exponential needs a finite number, got inf");
    rc = vs_dist_deterministic(&d, -1.0, &err);
    ASSERT_ERR(rc, err, VS_ERANGE, "value: deterministic needs value >= 0, got -1");
    rc = vs_dist_erlang(&d, 0, 1.0, &err);
    ASSERT_ERR(rc, err, VS_ERANGE, "k: erlang needs k >= 1, got 0");
    rc = vs_dist_erlang(&d, 2, -2.0, &err);
    ASSERT_ERR(rc, err, VS_ERANGE, "mean: erlang needs mean > 0, got -2");
    rc = vs_dist_hyperexponential(&d, 1.0, 0.5, &err);
    ASSERT_ERR(rc, err, VS_ERANGE, "scv: hyperexponential needs scv > 1, got 0.5");
    rc = vs_dist_hyperexponential(&d, 1.0, 1.0, &err);
    ASSERT_ERR(rc, err, VS_ERANGE, "scv: hyperexponential needs scv > 1, got 1");
    rc = vs_dist_hyperexponential(&d, 0.0, 2.0, &err);
    ASSERT_ERR(rc, err, VS_ERANGE, "mean: hyperexponential needs mean > 0, got 0");
    rc = vs_dist_hyperexponential(&d, 1.0, -VS_INF, &err);
    ASSERT_ERR(rc, err, VS_EINVAL, "scv: hyperexponential needs a finite number, got -inf");
    rc = vs_dist_lognormal(&d, -1.0, 1.0, &err);
    ASSERT_ERR(rc, err, VS_ERANGE, "mean: lognormal needs mean > 0, got -1");
    rc = vs_dist_lognormal(&d, 1.0, 0.0, &err);
    ASSERT_ERR(rc, err, VS_ERANGE, "scv: lognormal needs scv > 0, got 0");
    rc = vs_dist_gamma(&d, 0.0, 1.0, &err);
    ASSERT_ERR(rc, err, VS_ERANGE, "mean: gamma needs mean > 0, got 0");
    rc = vs_dist_gamma(&d, 1.0, -1.0, &err);
    ASSERT_ERR(rc, err, VS_ERANGE, "scv: gamma needs scv > 0, got -1");
    rc = vs_dist_uniform(&d, -1.0, 1.0, &err);
    ASSERT_ERR(rc, err, VS_ERANGE, "min: uniform needs min >= 0, got -1");
    rc = vs_dist_uniform(&d, 2.0, 2.0, &err);
    ASSERT_ERR(rc, err, VS_ERANGE, "max: uniform needs max > min (2), got 2");
    rc = vs_dist_uniform(&d, 0.0, VS_INF, &err);
    ASSERT_ERR(rc, err, VS_EINVAL, "max: uniform needs a finite number, got inf");
    rc = vs_dist_pareto(&d, 0.0, 1.0, VS_INF, &err);
    ASSERT_ERR(rc, err, VS_ERANGE, "alpha: pareto needs alpha > 0, got 0");
    rc = vs_dist_pareto(&d, 2.0, 0.0, VS_INF, &err);
    ASSERT_ERR(rc, err, VS_ERANGE, "min: pareto needs min > 0, got 0");
    rc = vs_dist_pareto(&d, 2.0, 1.0, 0.5, &err);
    ASSERT_ERR(rc, err, VS_ERANGE, "max: pareto needs max > min (1) or no max, got 0.5");
    rc = vs_dist_pareto(&d, 2.0, 1.0, nan, &err);
    ASSERT_ERR(rc, err, VS_EINVAL, "max: pareto needs a finite number, got nan");
    rc = vs_dist_pareto(&d, 1.0, 1.0, VS_INF, &err);
    ASSERT_ERR(rc, err, VS_ERANGE,
               "alpha: pareto needs alpha > 1 when unbounded (no max), for a finite mean, got 1");
    rc = vs_dist_weibull(&d, 0.0, 1.0, &err);
    ASSERT_ERR(rc, err, VS_ERANGE, "shape: weibull needs shape > 0, got 0");
    rc = vs_dist_weibull(&d, 1.0, -1.0, &err);
    ASSERT_ERR(rc, err, VS_ERANGE, "scale: weibull needs scale > 0, got -1");
    rc = vs_dist_weibull(&d, 0.001, 1.0, &err);
    ASSERT_ERR(rc, err, VS_ERANGE,
               "shape: weibull needs a larger shape (the mean or scv overflows), got 0.001");
    /* A refused distribution is zeroed, so fini on it is harmless. */
    ck_assert_ptr_null(d.values);
    ck_assert_ptr_null(d.file);
    ck_assert(d.mean == 0.0);
    vs_dist_fini(&d);

    /* Bounded Pareto with alpha <= 1 is fine: its mean is finite. */
    ck_assert_int_eq(vs_dist_pareto(&d, 0.5, 1.0, 10.0, &err), VS_OK);
    /* Deterministic zero is allowed (sizes); arrivals check > 0 elsewhere. */
    ck_assert_int_eq(vs_dist_deterministic(&d, 0.0, &err), VS_OK);
    /* A NULL err is allowed. */
    ck_assert_int_eq(vs_dist_exponential(&d, -1.0, NULL), VS_ERANGE);
}
END_TEST

/* ---- moments, CDF and LST by sampling --------------------------------- */

/* A distribution under test with its exact raw moments E[X^j], j = 1..4. */
typedef struct moment_case {
    const char *label;
    vs_dist d;
    double raw[5]; /* raw[0] = 1 */
} moment_case;

/* Sample n draws of c->d and check mean, variance, the CDF at a few
 * multiples of the mean and the LST at s = 1/mean against the exact
 * values, at z = 4. */
static void check_sampling(const moment_case *c, unsigned long seed, int n)
{
    const vs_dist *d = &c->d;
    const double *E = c->raw;
    double mu = E[1];
    double var = E[2] - mu * mu;
    double mu4 = E[4] - 4 * mu * E[3] + 6 * mu * mu * E[2] - 3 * mu * mu * mu * mu;

    /* The stored exact moments. */
    ck_assert_msg(close_rel(d->mean, mu, 1e-9), "%s: mean %.17g, want %.17g",
                  c->label, d->mean, mu);
    ck_assert_msg(fabs(d->scv - var / (mu * mu)) <= 1e-9 * (1 + var / (mu * mu)),
                  "%s: scv %.17g, want %.17g", c->label, d->scv, var / (mu * mu));

    enum { NPTS = 5 };
    const double mult[NPTS] = {0.25, 0.5, 1.0, 2.0, 4.0};
    double x[NPTS];
    long below[NPTS] = {0};
    for (int j = 0; j < NPTS; j++)
        x[j] = mult[j] * mu;
    double s = 1.0 / mu, lsum = 0.0;

    gsl_rng *r = gsl_rng_alloc(gsl_rng_mt19937);
    gsl_rng_set(r, seed);
    double m = 0.0, m2 = 0.0, first_bad = 0.0;
    long bad = 0;
    size_t cursor = 0;
    for (int i = 0; i < n; i++) {
        double v = vs_dist_sample(d, r, &cursor);
        if (!(isfinite(v) && v >= 0) && bad++ == 0)
            first_bad = v;
        double delta = v - m;
        m += delta / (i + 1);
        m2 += delta * (v - m);
        for (int j = 0; j < NPTS; j++)
            below[j] += v <= x[j];
        lsum += exp(-s * v);
    }
    gsl_rng_free(r);
    /* (Check records every assertion, so none sits inside the loop.) */
    ck_assert_msg(bad == 0, "%s: %ld draws not finite and >= 0, first %g", c->label, bad, first_bad);
    double s2 = m2 / (n - 1);

    double tol_mean = Z * sqrt(var / n);
    ck_assert_msg(fabs(m - mu) <= tol_mean, "%s: sample mean %.10g, want %.10g +- %.3g",
                  c->label, m, mu, tol_mean);
    double var_s2 = mu4 / n - var * var * (n - 3.0) / ((double)n * (n - 1.0));
    double tol_var = Z * sqrt(var_s2);
    ck_assert_msg(fabs(s2 - var) <= tol_var, "%s: sample variance %.10g, want %.10g +- %.3g",
                  c->label, s2, var, tol_var);

    for (int j = 0; j < NPTS; j++) {
        double F = vs_dist_cdf(d, x[j]);
        double tol = Z * sqrt(F * (1 - F) / n);
        double got = (double)below[j] / n;
        ck_assert_msg(fabs(got - F) <= tol, "%s: P(X <= %g) = %.6g by sampling, cdf %.6g +- %.3g",
                      c->label, x[j], got, F, tol);
    }

    double L = vs_dist_lst(d, s), L2 = vs_dist_lst(d, 2 * s);
    ck_assert_msg(isfinite(L) && isfinite(L2), "%s: lst %g %g", c->label, L, L2);
    double tol_l = Z * sqrt((L2 - L * L) / n);
    ck_assert_msg(fabs(lsum / n - L) <= tol_l, "%s: LST(%g) %.8g by sampling, %.8g +- %.3g",
                  c->label, s, lsum / n, L, tol_l);
}

/* E[X^j] of a gamma(shape a, scale t): t^j a (a+1) ... (a+j-1). */
static void gamma_raw(double a, double t, double raw[5])
{
    raw[0] = 1;
    for (int j = 1; j <= 4; j++)
        raw[j] = raw[j - 1] * t * (a + j - 1);
}

#define N_SAMPLES 400000

START_TEST(test_sampling_exponential)
{
    moment_case c = {"exponential(2)", {0}, {1, 2, 8, 48, 384}};
    ck_assert_int_eq(vs_dist_exponential(&c.d, 2.0, NULL), VS_OK);
    check_sampling(&c, 101, N_SAMPLES);
}
END_TEST

START_TEST(test_sampling_deterministic)
{
    vs_dist d;
    ck_assert_int_eq(vs_dist_deterministic(&d, 1.5, NULL), VS_OK);
    ck_assert(d.mean == 1.5 && d.scv == 0.0);
    gsl_rng *r = gsl_rng_alloc(gsl_rng_mt19937);
    int same = 0;
    for (int i = 0; i < 100; i++)
        same += vs_dist_sample(&d, r, NULL) == 1.5;
    ck_assert_int_eq(same, 100);
    gsl_rng_free(r);
    ck_assert(vs_dist_cdf(&d, 1.4999) == 0.0);
    ck_assert(vs_dist_cdf(&d, 1.5) == 1.0);
}
END_TEST

START_TEST(test_sampling_erlang)
{
    /* k = 2 uses the product of uniforms, k = 3 and 30 gsl_ran_gamma. */
    int ks[3] = {2, 3, 30};
    const char *labels[3] = {"erlang(2, 1.5)", "erlang(3, 1.5)", "erlang(30, 1.5)"};
    for (int i = 0; i < 3; i++) {
        moment_case c = {labels[i], {0}, {0}};
        ck_assert_int_eq(vs_dist_erlang(&c.d, ks[i], 1.5, NULL), VS_OK);
        gamma_raw(ks[i], 1.5 / ks[i], c.raw);
        check_sampling(&c, 120 + (unsigned long)i, N_SAMPLES);
    }
}
END_TEST

START_TEST(test_sampling_hyperexponential)
{
    const double mean = 1.0, scv = 4.0;
    double p = (1 + sqrt((scv - 1) / (scv + 1))) / 2;
    double m1 = mean / (2 * p), m2 = mean / (2 * (1 - p));
    moment_case c = {"hyperexponential(1, 4)", {0}, {1, 0, 0, 0, 0}};
    double fact = 1;
    for (int j = 1; j <= 4; j++) {
        fact *= j;
        c.raw[j] = fact * (p * pow(m1, j) + (1 - p) * pow(m2, j));
    }
    ck_assert_int_eq(vs_dist_hyperexponential(&c.d, mean, scv, NULL), VS_OK);
    check_sampling(&c, 104, N_SAMPLES);
}
END_TEST

START_TEST(test_sampling_lognormal)
{
    const double mean = 2.0, scv = 1.0;
    double s2 = log(1 + scv), mu = log(mean) - s2 / 2;
    moment_case c = {"lognormal(2, 1)", {0}, {1, 0, 0, 0, 0}};
    for (int j = 1; j <= 4; j++)
        c.raw[j] = exp(j * mu + j * j * s2 / 2);
    ck_assert_int_eq(vs_dist_lognormal(&c.d, mean, scv, NULL), VS_OK);
    check_sampling(&c, 105, N_SAMPLES);
}
END_TEST

START_TEST(test_sampling_gamma)
{
    /* scv 4: shape 1/4 < 1 (GSL's boosted path); scv 0.25: shape 4. */
    double scvs[2] = {4.0, 0.25};
    for (int i = 0; i < 2; i++) {
        moment_case c = {i == 0 ? "gamma(3, 4)" : "gamma(3, 0.25)", {0}, {0}};
        ck_assert_int_eq(vs_dist_gamma(&c.d, 3.0, scvs[i], NULL), VS_OK);
        gamma_raw(1 / scvs[i], 3.0 * scvs[i], c.raw);
        check_sampling(&c, 106 + (unsigned long)i, N_SAMPLES);
    }
}
END_TEST

START_TEST(test_sampling_uniform)
{
    const double a = 1.0, b = 3.0;
    moment_case c = {"uniform(1, 3)", {0}, {1, 0, 0, 0, 0}};
    for (int j = 1; j <= 4; j++)
        c.raw[j] = (pow(b, j + 1) - pow(a, j + 1)) / ((j + 1) * (b - a));
    ck_assert_int_eq(vs_dist_uniform(&c.d, a, b, NULL), VS_OK);
    check_sampling(&c, 108, N_SAMPLES);
}
END_TEST

START_TEST(test_sampling_pareto)
{
    /* Unbounded, alpha = 6 (finite fourth moment): E[X^j] = a L^j / (a - j). */
    {
        const double al = 6.0, L = 0.5;
        moment_case c = {"pareto(6, 0.5)", {0}, {1, 0, 0, 0, 0}};
        for (int j = 1; j <= 4; j++)
            c.raw[j] = al * pow(L, j) / (al - j);
        ck_assert_int_eq(vs_dist_pareto(&c.d, al, L, VS_INF, NULL), VS_OK);
        check_sampling(&c, 109, N_SAMPLES);
    }
    /* Bounded, textbook moments
     *   E[X^j] = a L^a (H^(j-a) - L^(j-a)) / ((j - a)(1 - (L/H)^a)),
     * and a L^a ln(H/L) / (1 - (L/H)^a) when j = a (alpha = 1, j = 1 here). */
    const double alphas[2] = {1.0, 1.5};
    for (int i = 0; i < 2; i++) {
        const double al = alphas[i], L = 1.0, H = 50.0;
        moment_case c = {i == 0 ? "pareto(1, 1, 50)" : "pareto(1.5, 1, 50)", {0}, {1, 0, 0, 0, 0}};
        double q = 1 - pow(L / H, al);
        for (int j = 1; j <= 4; j++)
            c.raw[j] = j == al ? al * pow(L, al) * log(H / L) / q
                               : al * pow(L, al) * (pow(H, j - al) - pow(L, j - al)) / ((j - al) * q);
        ck_assert_int_eq(vs_dist_pareto(&c.d, al, L, H, NULL), VS_OK);
        check_sampling(&c, 110 + (unsigned long)i, N_SAMPLES);
        ck_assert(vs_dist_cdf(&c.d, L) == 0.0);
        ck_assert(vs_dist_cdf(&c.d, H) == 1.0);
        ck_assert(vs_dist_cdf(&c.d, 2 * H) == 1.0);
    }
    /* scv is infinite for unbounded alpha <= 2. */
    vs_dist d;
    ck_assert_int_eq(vs_dist_pareto(&d, 1.5, 1.0, VS_INF, NULL), VS_OK);
    ck_assert(isinf(d.scv));
    ASSERT_REL(d.mean, 3.0, 1e-15);
    ck_assert_int_eq(vs_dist_pareto(&d, 3.0, 1.0, VS_INF, NULL), VS_OK);
    ASSERT_REL(d.scv, 1.0 / 3.0, 1e-15);
}
END_TEST

/* Generators stuck at their largest or smallest output, to check the
 * extremes of inversion samplers. */
static void stuck_set(void *state, unsigned long seed)
{
    (void)state;
    (void)seed;
}
static unsigned long top_get(void *state)
{
    (void)state;
    return 0xffffffffUL;
}
static double top_get_double(void *state)
{
    (void)state;
    return 4294967295.0 / 4294967296.0;
}
static unsigned long bottom_get(void *state)
{
    (void)state;
    return 0;
}
static double bottom_get_double(void *state)
{
    (void)state;
    return 0.0;
}
static const gsl_rng_type top_type = {"top", 0xffffffffUL, 0, sizeof(int), stuck_set,
                                      top_get, top_get_double};
static const gsl_rng_type bottom_type = {"bottom", 0xffffffffUL, 0, sizeof(int), stuck_set,
                                         bottom_get, bottom_get_double};

START_TEST(test_pareto_extremes)
{
    vs_dist d;
    ck_assert_int_eq(vs_dist_pareto(&d, 2.0, 1.0, VS_INF, NULL), VS_OK);
    gsl_rng *top = gsl_rng_alloc(&top_type), *bottom = gsl_rng_alloc(&bottom_type);
    /* The smallest draw is min; the largest uses 53 bits: (2^-53)^(-1/2)
     * = 2^26.5, not the 2^16 a single 32-bit uniform would give. */
    ck_assert(vs_dist_sample(&d, bottom, NULL) == 1.0);
    ASSERT_REL(vs_dist_sample(&d, top, NULL), pow(2.0, 26.5), 1e-12);
    /* Bounded: never above max. */
    ck_assert_int_eq(vs_dist_pareto(&d, 1.0, 1.0, 1e6, NULL), VS_OK);
    double x = vs_dist_sample(&d, top, NULL);
    ck_assert_msg(x <= 1e6 && x > 0.999e6, "largest bounded draw %.17g", x);
    gsl_rng_free(top);
    gsl_rng_free(bottom);
}
END_TEST

START_TEST(test_sampling_weibull)
{
    const double shapes[2] = {0.7, 2.0};
    for (int i = 0; i < 2; i++) {
        const double k = shapes[i], lam = 1.5;
        moment_case c = {i == 0 ? "weibull(0.7, 1.5)" : "weibull(2, 1.5)", {0}, {1, 0, 0, 0, 0}};
        for (int j = 1; j <= 4; j++)
            c.raw[j] = pow(lam, j) * tgamma(1 + j / k);
        ck_assert_int_eq(vs_dist_weibull(&c.d, k, lam, NULL), VS_OK);
        check_sampling(&c, 112 + (unsigned long)i, N_SAMPLES);
    }
}
END_TEST

/* ---- files ------------------------------------------------------------ */

/* A scratch directory for the loader tests, removed by the fixture. */
static char tmpdir[64];

static void tmp_setup(void)
{
    snprintf(tmpdir, sizeof tmpdir, "/tmp/vs_check_random_XXXXXX");
    ck_assert_ptr_nonnull(mkdtemp(tmpdir));
}

static void tmp_teardown(void)
{
    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", tmpdir);
    if (system(cmd) != 0)
        fprintf(stderr, "could not remove %s\n", tmpdir);
}

/* Write text to tmpdir/name and return the path (static storage). */
static const char *write_file(const char *name, const char *text)
{
    static char path[128];
    snprintf(path, sizeof path, "%s/%s", tmpdir, name);
    FILE *f = fopen(path, "wb");
    ck_assert_ptr_nonnull(f);
    fwrite(text, 1, strlen(text), f);
    fclose(f);
    return path;
}

/* Load text as kind and check the error: its code and its full message,
 * the path followed by want. */
static void assert_load_fails(int trace, const char *text, int code, const char *want)
{
    vs_dist d;
    vs_err err;
    const char *path = write_file("bad.txt", text);
    int rc = trace ? vs_dist_trace_load(&d, path, &err) : vs_dist_empirical_load(&d, path, &err);
    char expect[512];
    snprintf(expect, sizeof expect, "%s%s", path, want);
    ASSERT_ERR(rc, err, code, expect);
    ck_assert_ptr_null(d.values);
    ck_assert_ptr_null(d.file);
}

START_TEST(test_load_errors)
{
    vs_dist d;
    vs_err err;
    char path[128], expect[256];
    snprintf(path, sizeof path, "%s/missing.txt", tmpdir);
    int rc = vs_dist_empirical_load(&d, path, &err);
    snprintf(expect, sizeof expect, "%s: cannot open empirical file: No such file or directory", path);
    ASSERT_ERR(rc, err, VS_EIO, expect);
    ck_assert_str_eq(err.file, path);
    rc = vs_dist_empirical_load(&d, tmpdir, &err);
    snprintf(expect, sizeof expect, "%s: cannot read empirical file after line 0: Is a directory",
             tmpdir);
    ASSERT_ERR(rc, err, VS_EIO, expect);
    rc = vs_dist_trace_load(&d, NULL, &err);
    ASSERT_ERR(rc, err, VS_EINVAL, "file: trace needs a file name");

    assert_load_fails(0, "", VS_EPARSE,
                      ": empirical file has no values (only blank lines and comments)");
    assert_load_fails(1, "# nothing\n\n   \r\n", VS_EPARSE,
                      ": trace file has no values (only blank lines and comments)");
    assert_load_fails(0, "1\n2\nabc\n", VS_EPARSE, ":3: expected a number, got 'abc'");
    assert_load_fails(0, "1.5x\n", VS_EPARSE, ":1: expected a number, got '1.5x'");
    assert_load_fails(0, "1 2\n", VS_EPARSE, ":1: expected a number, got '1 2'");
    assert_load_fails(0, "1\r\n2,5\r\n", VS_EPARSE, ":2: expected a number, got '2,5'");
    assert_load_fails(0, "0123456789012345678901234567890123456789xyz\n", VS_EPARSE,
                      ":1: expected a number, got '0123456789012345678901234567890123456789...'");
    assert_load_fails(0, "1\n-3\n", VS_ERANGE, ":2: expected a value >= 0, got '-3'");
    assert_load_fails(0, "nan\n", VS_ERANGE, ":1: expected a finite number, got 'nan'");
    assert_load_fails(0, "# c\ninf\n", VS_ERANGE, ":2: expected a finite number, got 'inf'");
    assert_load_fails(0, "1e999\n", VS_ERANGE, ":1: expected a finite number, got '1e999'");
    assert_load_fails(0, "0\n0 # zero\n", VS_ERANGE,
                      ": empirical needs a positive mean, but all 2 values are 0");
    assert_load_fails(1, "0\n5\n2\n", VS_ERANGE,
                      ":3: timestamps must not decrease, got 2 after 5");
    assert_load_fails(1, "-1\n", VS_ERANGE, ":1: expected a timestamp >= 0, got '-1'");
    assert_load_fails(1, "0\n0\n", VS_ERANGE, ": trace needs a last timestamp > 0, all are 0");
}
END_TEST

START_TEST(test_load_empirical)
{
    /* CRLF, comments (whole-line and trailing), blank lines, whitespace, no
     * final newline. */
    const char *path = write_file("sizes.txt",
                                  "# job sizes\r\n1\r\n  2.5 # two and a half\r\n\r\n\t4\r\n0.5");
    vs_dist d;
    vs_err err;
    ck_assert_int_eq(vs_dist_empirical_load(&d, path, &err), VS_OK);
    ck_assert_uint_eq(d.n, 4);
    ck_assert(d.values[0] == 1 && d.values[1] == 2.5 && d.values[2] == 4 && d.values[3] == 0.5);
    ck_assert_str_eq(d.file, path);
    /* mean 2, population variance (1 + 0.25 + 4 + 2.25)/4 = 1.875 */
    ASSERT_REL(d.mean, 2.0, 1e-15);
    ASSERT_REL(d.scv, 1.875 / 4.0, 1e-15);
    ASSERT_REL(vs_dist_cdf(&d, 2.5), 0.75, 1e-15);
    ASSERT_REL(vs_dist_lst(&d, 0.5),
               (exp(-0.5) + exp(-1.25) + exp(-2.0) + exp(-0.25)) / 4, 1e-14);
    char buf[256], want[256];
    vs_dist_describe(&d, buf, sizeof buf);
    snprintf(want, sizeof want, "empirical(file=%s, n=4, mean=2, scv=0.46875)", path);
    ck_assert_str_eq(buf, want);

    /* Sampling picks each value with probability 1/4. */
    gsl_rng *r = gsl_rng_alloc(gsl_rng_mt19937);
    gsl_rng_set(r, 114);
    const int n = 100000;
    long count[5] = {0};
    for (int i = 0; i < n; i++) {
        double v = vs_dist_sample(&d, r, NULL);
        int j = v == 1 ? 0 : v == 2.5 ? 1 : v == 4 ? 2 : v == 0.5 ? 3 : 4;
        count[j]++;
    }
    gsl_rng_free(r);
    ck_assert_int_eq(count[4], 0); /* never a value not in the file */
    for (int j = 0; j < 4; j++)
        ck_assert_msg(fabs(count[j] / (double)n - 0.25) <= Z * sqrt(0.25 * 0.75 / n),
                      "value %d drawn %ld times of %d", j, count[j], n);

    /* Mean, variance, CDF and LST by sampling, like the parametric kinds. */
    moment_case mc = {"empirical(sizes.txt)", d, {1, 0, 0, 0, 0}};
    for (int j = 1; j <= 4; j++)
        mc.raw[j] = (1 + pow(2.5, j) + pow(4, j) + pow(0.5, j)) / 4;
    check_sampling(&mc, 115, N_SAMPLES);

    /* Copy, release the original, the copy stands alone. */
    vs_dist c;
    ck_assert_int_eq(vs_dist_copy(&c, &d, &err), VS_OK);
    ck_assert_ptr_ne(c.values, d.values);
    ck_assert_ptr_ne(c.file, d.file);
    vs_dist_fini(&d);
    vs_dist_fini(&d); /* twice is harmless */
    ck_assert_ptr_null(d.values);
    ck_assert_uint_eq(c.n, 4);
    ck_assert(c.values[3] == 0.5);
    ck_assert_str_eq(c.file, path);
    vs_dist_fini(&c);
    vs_dist_fini(NULL);
}
END_TEST

START_TEST(test_load_underflow_ok)
{
    /* strtod sets ERANGE for an underflow; the (tiny) value is still valid. */
    const char *path = write_file("tiny.txt", "1e-400\n1\n");
    vs_dist d;
    vs_err err;
    ck_assert_int_eq(vs_dist_empirical_load(&d, path, &err), VS_OK);
    ck_assert_uint_eq(d.n, 2);
    ck_assert(d.values[0] >= 0 && d.values[0] < 1e-300);
    vs_dist_fini(&d);
}
END_TEST

START_TEST(test_load_trace)
{
    const char *path = write_file("arrivals.txt", "0.5\n1.5\n1.5 # burst\n4\n");
    vs_dist d;
    vs_err err;
    ck_assert_int_eq(vs_dist_trace_load(&d, path, &err), VS_OK);
    ck_assert_uint_eq(d.n, 4);
    /* gaps 0.5, 1, 0, 2.5: mean 1, variance 0.875 */
    ASSERT_REL(d.mean, 1.0, 1e-15);
    ASSERT_REL(d.scv, 0.875, 1e-15);
    size_t cursor = 0;
    const double gaps[4] = {0.5, 1.0, 0.0, 2.5};
    for (int i = 0; i < 4; i++)
        ck_assert(vs_dist_sample(&d, NULL, &cursor) == gaps[i]);
    ck_assert(isinf(vs_dist_sample(&d, NULL, &cursor)));
    ck_assert(isinf(vs_dist_sample(&d, NULL, &cursor)));
    ck_assert_uint_eq(cursor, 4);
    /* A second cursor replays from the start. */
    size_t c2 = 0;
    ck_assert(vs_dist_sample(&d, NULL, &c2) == 0.5);
    ck_assert(isnan(vs_dist_cdf(&d, 1.0)));
    ck_assert(isnan(vs_dist_lst(&d, 1.0)));

    vs_dist c;
    ck_assert_int_eq(vs_dist_copy(&c, &d, &err), VS_OK);
    vs_dist_fini(&d);
    cursor = 0;
    ck_assert(vs_dist_sample(&c, NULL, &cursor) == 0.5);
    vs_dist_fini(&c);
}
END_TEST

/* ---- Laplace-Stieltjes transforms ------------------------------------- */

typedef struct dens_params {
    double s, alpha, L, q, mu, sigma;
} dens_params;

/* Bounded Pareto density times exp(-s x). */
static double pareto_dens(double x, void *vp)
{
    const dens_params *p = vp;
    return p->alpha * pow(p->L, p->alpha) * pow(x, -p->alpha - 1) / p->q * exp(-p->s * x);
}

/* Lognormal density times exp(-s x). */
static double lognormal_dens(double x, void *vp)
{
    const dens_params *p = vp;
    return gsl_ran_lognormal_pdf(x, p->mu, p->sigma) * exp(-p->s * x);
}

START_TEST(test_lst_values)
{
    vs_dist d;
    ck_assert_int_eq(vs_dist_exponential(&d, 1.0, NULL), VS_OK);
    ASSERT_REL(vs_dist_lst(&d, 1.0), 0.5, 1e-15);
    ck_assert(vs_dist_lst(&d, 0.0) == 1.0);
    ck_assert(isnan(vs_dist_lst(&d, -1.0)));
    ck_assert(isnan(vs_dist_lst(&d, (double)NAN)));

    ck_assert_int_eq(vs_dist_deterministic(&d, 2.0, NULL), VS_OK);
    ASSERT_REL(vs_dist_lst(&d, 0.5), exp(-1.0), 1e-15);
    ck_assert_int_eq(vs_dist_erlang(&d, 2, 1.0, NULL), VS_OK);
    ASSERT_REL(vs_dist_lst(&d, 1.0), 4.0 / 9.0, 1e-15);
    ck_assert_int_eq(vs_dist_gamma(&d, 2.0, 0.5, NULL), VS_OK);
    ASSERT_REL(vs_dist_lst(&d, 0.3), pow(1.3, -2.0), 1e-14);
    ck_assert_int_eq(vs_dist_uniform(&d, 1.0, 3.0, NULL), VS_OK);
    ASSERT_REL(vs_dist_lst(&d, 0.5), (exp(-0.5) - exp(-1.5)) / (0.5 * 2.0), 1e-14);
    ck_assert_int_eq(vs_dist_hyperexponential(&d, 1.0, 4.0, NULL), VS_OK);
    {
        double p = (1 + sqrt(3.0 / 5.0)) / 2;
        ASSERT_REL(vs_dist_lst(&d, 1.0), p / (1 + 1 / (2 * p)) + (1 - p) / (1 + 1 / (2 * (1 - p))),
                   1e-14);
    }

    /* Weibull with shape 1 is exponential; with shape 2 (Rayleigh)
     * L(s) = 1 - (s l sqrt(pi)/2) exp(s^2 l^2 / 4) erfc(s l / 2). */
    ck_assert_int_eq(vs_dist_weibull(&d, 1.0, 2.0, NULL), VS_OK);
    ASSERT_REL(vs_dist_lst(&d, 0.7), 1.0 / (1.0 + 1.4), 1e-9);
    ck_assert_int_eq(vs_dist_weibull(&d, 2.0, 1.5, NULL), VS_OK);
    {
        double sl = 0.8 * 1.5;
        ASSERT_REL(vs_dist_lst(&d, 0.8), 1 - sl * sqrt(M_PI) / 2 * exp(sl * sl / 4) * erfc(sl / 2),
                   1e-9);
    }
    ck_assert_int_eq(vs_dist_weibull(&d, 0.5, 1.0, NULL), VS_OK);
    {
        /* shape 1/2: X = E^2 with E ~ exp(1), so L(s) = int exp(-y - s y^2) dy
         * = sqrt(pi/(4s)) exp(1/(4s)) erfc(1/(2 sqrt s)). */
        double s = 2.0;
        ASSERT_REL(vs_dist_lst(&d, s),
                   sqrt(M_PI / (4 * s)) * exp(1 / (4 * s)) * erfc(1 / (2 * sqrt(s))), 1e-9);
    }

    /* Unbounded Pareto: L(s) = alpha (s L)^alpha Gamma(-alpha, s L). */
    ck_assert_int_eq(vs_dist_pareto(&d, 2.5, 1.0, VS_INF, NULL), VS_OK);
    ASSERT_REL(vs_dist_lst(&d, 0.8), 2.5 * pow(0.8, 2.5) * gsl_sf_gamma_inc(-2.5, 0.8), 1e-9);

    /* Bounded Pareto and lognormal against direct integration of the
     * density (a different change of variable from the library's). */
    gsl_integration_workspace *w = gsl_integration_workspace_alloc(256);
    double res, abserr;
    {
        dens_params p = {0.3, 1.2, 1.0, 1 - pow(1.0 / 40.0, 1.2), 0, 0};
        gsl_function f = {pareto_dens, &p};
        ck_assert_int_eq(gsl_integration_qags(&f, 1.0, 40.0, 0, 1e-12, 256, w, &res, &abserr),
                         GSL_SUCCESS);
        ck_assert_int_eq(vs_dist_pareto(&d, 1.2, 1.0, 40.0, NULL), VS_OK);
        ASSERT_REL(vs_dist_lst(&d, 0.3), res, 1e-9);
    }
    {
        ck_assert_int_eq(vs_dist_lognormal(&d, 2.0, 1.5, NULL), VS_OK);
        double s2 = log(2.5);
        dens_params p = {0.6, 0, 0, 0, log(2.0) - s2 / 2, sqrt(s2)};
        gsl_function f = {lognormal_dens, &p};
        ck_assert_int_eq(gsl_integration_qagiu(&f, 0.0, 0, 1e-12, 256, w, &res, &abserr),
                         GSL_SUCCESS);
        ASSERT_REL(vs_dist_lst(&d, 0.6), res, 1e-8);
    }
    gsl_integration_workspace_free(w);

    /* Every kind (but trace) gives 1 at s = 0. */
    ck_assert_int_eq(vs_dist_lognormal(&d, 1.0, 1.0, NULL), VS_OK);
    ck_assert(vs_dist_lst(&d, 0.0) == 1.0);
}
END_TEST

START_TEST(test_cdf_values)
{
    vs_dist d;
    ck_assert_int_eq(vs_dist_exponential(&d, 1.0, NULL), VS_OK);
    ASSERT_REL(vs_dist_cdf(&d, 1.0), 1 - exp(-1.0), 1e-15);
    ck_assert(vs_dist_cdf(&d, -1.0) == 0.0);
    ck_assert(isnan(vs_dist_cdf(&d, (double)NAN)));
    ck_assert_int_eq(vs_dist_uniform(&d, 1.0, 3.0, NULL), VS_OK);
    ASSERT_REL(vs_dist_cdf(&d, 2.5), 0.75, 1e-15);
    ck_assert(vs_dist_cdf(&d, 3.0) == 1.0);
    ck_assert_int_eq(vs_dist_pareto(&d, 2.0, 1.0, VS_INF, NULL), VS_OK);
    ASSERT_REL(vs_dist_cdf(&d, 2.0), 0.75, 1e-15);
    ck_assert_int_eq(vs_dist_weibull(&d, 2.0, 1.0, NULL), VS_OK);
    ASSERT_REL(vs_dist_cdf(&d, 1.0), 1 - exp(-1.0), 1e-14);
    ck_assert_int_eq(vs_dist_erlang(&d, 2, 2.0, NULL), VS_OK);
    /* Erlang-2 with phase mean 1: 1 - e^-x (1 + x) */
    ASSERT_REL(vs_dist_cdf(&d, 1.5), 1 - exp(-1.5) * 2.5, 1e-14);
}
END_TEST

/* ---- driver ----------------------------------------------------------- */

static Suite *random_suite(void)
{
    Suite *s = suite_create("random");
    TCase *tc = tcase_create("streams");
    tcase_add_test(tc, test_splitmix64_reference);
    tcase_add_test(tc, test_stream_golden);
    tcase_add_test(tc, test_stream_deterministic);
    tcase_add_test(tc, test_stream_seeds_differ);
    tcase_add_test(tc, test_stream_independent);
    suite_add_tcase(s, tc);

    tc = tcase_create("dist");
    tcase_add_test(tc, test_names);
    tcase_add_test(tc, test_describe);
    tcase_add_test(tc, test_param_checks);
    tcase_add_test(tc, test_lst_values);
    tcase_add_test(tc, test_cdf_values);
    suite_add_tcase(s, tc);

    tc = tcase_create("sampling");
    tcase_add_test(tc, test_sampling_exponential);
    tcase_add_test(tc, test_sampling_deterministic);
    tcase_add_test(tc, test_sampling_erlang);
    tcase_add_test(tc, test_sampling_hyperexponential);
    tcase_add_test(tc, test_sampling_lognormal);
    tcase_add_test(tc, test_sampling_gamma);
    tcase_add_test(tc, test_sampling_uniform);
    tcase_add_test(tc, test_sampling_pareto);
    tcase_add_test(tc, test_sampling_weibull);
    tcase_add_test(tc, test_pareto_extremes);
    suite_add_tcase(s, tc);

    tc = tcase_create("files");
    tcase_add_checked_fixture(tc, tmp_setup, tmp_teardown);
    tcase_add_test(tc, test_load_errors);
    tcase_add_test(tc, test_load_empirical);
    tcase_add_test(tc, test_load_trace);
    tcase_add_test(tc, test_load_underflow_ok);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    gsl_set_error_handler_off();
    SRunner *sr = srunner_create(random_suite());
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
