/*
 * dist.c: probability distributions: names, constructors, sampling, CDF,
 * copy and description.
 *
 * A vs_dist is immutable once built: the constructor checks the parameters,
 * stores the exact mean and squared coefficient of variation (scv) that the
 * analytic models use, and prepares the constants the sampler needs (see
 * internal.h for what a, b, c and k hold for each kind).  Sampling is on the
 * simulator's hot path (millions of draws per second), so it is one switch on
 * the kind, no allocation and no recomputation of derived constants.
 *
 * The file-backed kinds (empirical, trace) are loaded in load.c and the
 * Laplace-Stieltjes transforms live in lst.c.
 *
 * Constructors either fill *d and return VS_OK, or zero *d (so vs_dist_fini
 * on it is a harmless no-op) and return VS_EINVAL for a non-finite parameter
 * or VS_ERANGE for one out of range, with a message of the form
 * "PARAM: KIND needs CONDITION, got VALUE".
 */
#include <assert.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_cdf.h>
#include <gsl/gsl_randist.h>
#include <gsl/gsl_sf_gamma.h>

#include "random/internal.h"
#include "virtsim/rng.h"

/* ---- names ------------------------------------------------------------ */

static const char *const dist_names[VS_DIST_COUNT] = {
#define VS__DIST_NAME(id, name) name,
    VS_DIST_MAP(VS__DIST_NAME)
#undef VS__DIST_NAME
};

/* ", exponential, deterministic, ..." built by the same list; the leading
 * ", " is skipped when returned. */
static const char dist_name_list[] =
#define VS__DIST_LIST(id, name) ", " name
    VS_DIST_MAP(VS__DIST_LIST)
#undef VS__DIST_LIST
    ;

const char *vs_dist_name(vs_dist_kind kind)
{
    if ((int)kind < 0 || kind >= VS_DIST_COUNT)
        return "unknown";
    return dist_names[kind];
}

int vs_dist_kind_from_name(const char *name)
{
    if (!name)
        return -1;
    for (int i = 0; i < VS_DIST_COUNT; i++)
        if (strcmp(name, dist_names[i]) == 0)
            return i;
    return -1;
}

const char *vs_dist_names(void)
{
    return dist_name_list + 2;
}

/* ---- parameter checks ------------------------------------------------- */

/* Zero *d and report "PARAM: KIND needs NEED, got VALUE" (VS_ERANGE), or,
 * when need is NULL, "PARAM: KIND needs a finite number, got VALUE"
 * (VS_EINVAL, for NaN and infinities). */
static int refuse(vs_dist *d, vs_err *err, const char *param, vs_dist_kind kind,
                  const char *need, double got)
{
    memset(d, 0, sizeof *d);
    if (!need)
        return vs_err_set(err, VS_EINVAL, "%s: %s needs a finite number, got %g",
                          param, vs_dist_name(kind), got);
    return vs_err_set(err, VS_ERANGE, "%s: %s needs %s, got %g", param,
                      vs_dist_name(kind), need, got);
}

/* Check one parameter: finite, and cond (the textual form is need). */
#define CHECK_PARAM(d, err, kind, param, value, cond, need)                    \
    do {                                                                       \
        if (!isfinite(value))                                                  \
            return refuse((d), (err), (param), (kind), NULL, (value));         \
        if (!(cond))                                                           \
            return refuse((d), (err), (param), (kind), (need), (value));       \
    } while (0)

/* Start a fresh distribution of a kind (no file, no values). */
static void dist_start(vs_dist *d, vs_dist_kind kind)
{
    memset(d, 0, sizeof *d);
    d->kind = kind;
}

/* ---- constructors ----------------------------------------------------- */

/* Exponential with mean m: f(x) = exp(-x/m)/m, mean m, scv 1. */
int vs_dist_exponential(vs_dist *d, double mean, vs_err *err)
{
    const vs_dist_kind K = VS_DIST_EXPONENTIAL;
    CHECK_PARAM(d, err, K, "mean", mean, mean > 0, "mean > 0");
    dist_start(d, K);
    d->mean = mean;
    d->scv = 1.0;
    d->a = mean;
    return VS_OK;
}

/* Constant value v: mean v, scv 0 (0 also when v = 0, by convention). */
int vs_dist_deterministic(vs_dist *d, double value, vs_err *err)
{
    const vs_dist_kind K = VS_DIST_DETERMINISTIC;
    CHECK_PARAM(d, err, K, "value", value, value >= 0, "value >= 0");
    dist_start(d, K);
    d->mean = value;
    d->scv = 0.0;
    d->a = value;
    return VS_OK;
}

/* Erlang-k with mean m: the sum of k exponential phases of mean m/k;
 * scv = 1/k. */
int vs_dist_erlang(vs_dist *d, int k, double mean, vs_err *err)
{
    const vs_dist_kind K = VS_DIST_ERLANG;
    if (k < 1) {
        memset(d, 0, sizeof *d);
        return vs_err_set(err, VS_ERANGE, "k: erlang needs k >= 1, got %d", k);
    }
    CHECK_PARAM(d, err, K, "mean", mean, mean > 0, "mean > 0");
    dist_start(d, K);
    d->k = k;
    d->mean = mean;
    d->scv = 1.0 / k;
    d->a = mean / k;
    return VS_OK;
}

/* Two-phase hyperexponential with balanced means (Whitt 1982): with
 * probability p a draw is exponential of rate 2p/mean, otherwise of rate
 * 2(1-p)/mean, each phase contributing mean/2 to the mean, where
 *
 *     p = (1 + r)/2,   r = sqrt((scv - 1)/(scv + 1)).
 *
 * Then E[X^2] = mean^2 / (2 p (1-p)) and p(1-p) = 1/(2(scv+1)), so the scv
 * is exactly the one asked for.  1-p is computed as 1/((scv+1)(1+r)) (the
 * same value without the cancellation in (1-r)/2 for large scv). */
int vs_dist_hyperexponential(vs_dist *d, double mean, double scv, vs_err *err)
{
    const vs_dist_kind K = VS_DIST_HYPEREXPONENTIAL;
    CHECK_PARAM(d, err, K, "mean", mean, mean > 0, "mean > 0");
    CHECK_PARAM(d, err, K, "scv", scv, scv > 1, "scv > 1");
    double r = sqrt((scv - 1.0) / (scv + 1.0));
    double q = 1.0 / ((scv + 1.0) * (1.0 + r)); /* 1 - p */
    double p = 1.0 - q;
    double m1 = mean / (2.0 * p), m2 = mean / (2.0 * q);
    if (!isfinite(m2) || q <= 0)
        return refuse(d, err, "scv", K, "a smaller scv (phase 2 mean overflows)", scv);
    dist_start(d, K);
    d->mean = mean;
    d->scv = scv;
    d->a = p;
    d->b = m1;
    d->c = m2;
    return VS_OK;
}

/* Lognormal from its mean and scv: X = exp(N(mu, sigma^2)) with
 *
 *     sigma^2 = ln(1 + scv),   mu = ln(mean) - sigma^2/2,
 *
 * since E[X] = exp(mu + sigma^2/2) and scv = exp(sigma^2) - 1. */
int vs_dist_lognormal(vs_dist *d, double mean, double scv, vs_err *err)
{
    const vs_dist_kind K = VS_DIST_LOGNORMAL;
    CHECK_PARAM(d, err, K, "mean", mean, mean > 0, "mean > 0");
    CHECK_PARAM(d, err, K, "scv", scv, scv > 0, "scv > 0");
    double s2 = log1p(scv);
    dist_start(d, K);
    d->mean = mean;
    d->scv = scv;
    d->a = log(mean) - s2 / 2.0;
    d->b = sqrt(s2);
    return VS_OK;
}

/* Gamma from its mean and scv: shape 1/scv, scale mean*scv (mean = shape *
 * scale, variance = shape * scale^2). */
int vs_dist_gamma(vs_dist *d, double mean, double scv, vs_err *err)
{
    const vs_dist_kind K = VS_DIST_GAMMA;
    CHECK_PARAM(d, err, K, "mean", mean, mean > 0, "mean > 0");
    CHECK_PARAM(d, err, K, "scv", scv, scv > 0, "scv > 0");
    double shape = 1.0 / scv, scale = mean * scv;
    if (!isfinite(shape) || !isfinite(scale) || shape <= 0 || scale <= 0)
        return refuse(d, err, "scv", K, "an scv whose shape 1/scv and scale mean*scv are finite and positive", scv);
    dist_start(d, K);
    d->mean = mean;
    d->scv = scv;
    d->a = shape;
    d->b = scale;
    return VS_OK;
}

/* Uniform on [min, max): mean (min+max)/2, variance (max-min)^2/12. */
int vs_dist_uniform(vs_dist *d, double min, double max, vs_err *err)
{
    const vs_dist_kind K = VS_DIST_UNIFORM;
    char need[64];
    CHECK_PARAM(d, err, K, "min", min, min >= 0, "min >= 0");
    snprintf(need, sizeof need, "max > min (%g)", min);
    CHECK_PARAM(d, err, K, "max", max, max > min, need);
    double w = max - min, mean = min + w / 2.0;
    dist_start(d, K);
    d->mean = mean;
    d->scv = (w * w / 12.0) / (mean * mean);
    d->a = min;
    d->b = w;
    return VS_OK;
}

/* Raw moment E[X^j] of the Pareto distribution with index alpha and minimum
 * L, bounded above by H = L/rho (rho = 0 when unbounded); q = 1 - rho^alpha.
 *
 * Unbounded:  E[X^j] = alpha L^j / (alpha - j)          (alpha > j, else inf)
 * Bounded:    E[X^j] = alpha L^j / q * int_L^H x^(j-alpha-1) dx / L^(j-alpha)
 *                    = alpha L^j (-ln rho) g(t) / q,
 *             with t = (alpha - j) ln rho and g(t) = expm1(t)/t (g(0) = 1),
 * which is the textbook (H^(j-alpha) - L^(j-alpha)) / (j - alpha) form
 * written so that j = alpha and j close to alpha need no special case. */
static double pareto_moment(double alpha, double L, double rho, double q, int j)
{
    if (rho == 0.0)
        return alpha > j ? alpha * pow(L, j) / (alpha - j) : HUGE_VAL;
    double lr = log(rho);
    double t = (alpha - j) * lr;
    double g = t == 0.0 ? 1.0 : expm1(t) / t;
    return alpha * pow(L, j) * (-lr) * g / q;
}

/* Pareto with index alpha > 0 and minimum L > 0, optionally bounded by
 * H > L.  CDF F(x) = (1 - (L/x)^alpha) / q on [L, H], q = 1 - (L/H)^alpha
 * (q = 1 unbounded); draws use the inverse CDF
 *
 *     x = L (1 - q u)^(-1/alpha),   u uniform on [0, 1).
 *
 * Unbounded Pareto with alpha <= 1 has an infinite mean and is refused; its
 * scv is infinite for alpha <= 2 (stored as HUGE_VAL, i.e. INFINITY), else
 * 1/(alpha (alpha - 2)). */
int vs_dist_pareto(vs_dist *d, double alpha, double min, double max, vs_err *err)
{
    const vs_dist_kind K = VS_DIST_PARETO;
    char need[64];
    CHECK_PARAM(d, err, K, "alpha", alpha, alpha > 0, "alpha > 0");
    CHECK_PARAM(d, err, K, "min", min, min > 0, "min > 0");
    if (isnan(max) || max == -HUGE_VAL)
        return refuse(d, err, "max", K, NULL, max);
    snprintf(need, sizeof need, "max > min (%g) or no max", min);
    if (!(max > min))
        return refuse(d, err, "max", K, need, max);
    double rho = isinf(max) ? 0.0 : min / max;
    double q = rho == 0.0 ? 1.0 : -expm1(alpha * log(rho));
    if (rho == 0.0 && alpha <= 1.0)
        return refuse(d, err, "alpha", K, "alpha > 1 when unbounded (no max), for a finite mean", alpha);
    double m1 = pareto_moment(alpha, min, rho, q, 1);
    double scv;
    if (rho == 0.0)
        scv = alpha > 2.0 ? 1.0 / (alpha * (alpha - 2.0)) : HUGE_VAL;
    else
        scv = pareto_moment(alpha, min, rho, q, 2) / (m1 * m1) - 1.0;
    if (!isfinite(m1) || isnan(scv) || (rho != 0.0 && !isfinite(scv)))
        return refuse(d, err, "max", K, "a max whose moments are finite", max);
    if (scv < 0)
        scv = 0; /* rounding when max is within an ulp or two of min */
    dist_start(d, K);
    d->mean = m1;
    d->scv = scv;
    d->a = alpha;
    d->b = min;
    d->c = q;
    return VS_OK;
}

double vs__pareto_max(const vs_dist *d)
{
    if (d->c >= 1.0)
        return HUGE_VAL;
    return d->b * pow(1.0 - d->c, -1.0 / d->a);
}

/* Weibull with shape k and scale lambda: F(x) = 1 - exp(-(x/lambda)^k),
 *
 *     mean = lambda G(1 + 1/k),   scv = G(1 + 2/k) / G(1 + 1/k)^2 - 1,
 *
 * computed through ln G (gsl_sf_lngamma, thread-safe unlike lgamma) so that
 * small shapes do not overflow before the ratio is taken. */
int vs_dist_weibull(vs_dist *d, double shape, double scale, vs_err *err)
{
    const vs_dist_kind K = VS_DIST_WEIBULL;
    CHECK_PARAM(d, err, K, "shape", shape, shape > 0, "shape > 0");
    CHECK_PARAM(d, err, K, "scale", scale, scale > 0, "scale > 0");
    double lg1 = gsl_sf_lngamma(1.0 + 1.0 / shape);
    double lg2 = gsl_sf_lngamma(1.0 + 2.0 / shape);
    double mean = scale * exp(lg1);
    double scv = expm1(lg2 - 2.0 * lg1);
    if (!isfinite(mean) || !isfinite(scv) || mean <= 0)
        return refuse(d, err, "shape", K, "a larger shape (the mean or scv overflows)", shape);
    dist_start(d, K);
    d->mean = mean;
    d->scv = scv;
    d->a = shape;
    d->b = scale;
    return VS_OK;
}

/* ---- copy and release ------------------------------------------------- */

int vs_dist_copy(vs_dist *dst, const vs_dist *src, vs_err *err)
{
    vs_dist tmp = *src;
    tmp.values = NULL;
    tmp.file = NULL;
    if (src->values && src->n > 0) {
        tmp.values = malloc(src->n * sizeof *tmp.values);
        if (!tmp.values)
            goto fail;
        memcpy(tmp.values, src->values, src->n * sizeof *tmp.values);
    }
    if (src->file) {
        size_t len = strlen(src->file) + 1;
        tmp.file = malloc(len);
        if (!tmp.file)
            goto fail;
        memcpy(tmp.file, src->file, len);
    }
    *dst = tmp;
    return VS_OK;
fail:
    free(tmp.values);
    return vs_err_set(err, VS_ENOMEM, "out of memory copying a %s distribution",
                      vs_dist_name(src->kind));
}

void vs_dist_fini(vs_dist *d)
{
    if (!d)
        return;
    free(d->values);
    free(d->file);
    d->values = NULL;
    d->file = NULL;
    d->n = 0;
}

/* ---- sampling --------------------------------------------------------- */

/* Erlang draws with at most this many phases multiply k uniforms and take
 * one logarithm: -m ln(u1 ... uk) (each uniform is >= 2^-32 with mt19937, so
 * the product cannot underflow).  Longer ones use gsl_ran_gamma
 * (Marsaglia-Tsang: one normal and one uniform per try, whatever k), which
 * measured faster from k = 3 on. */
#define ERLANG_PRODUCT_MAX 2

/* Exponential of mean m by inversion: -m ln U, U uniform on (0, 1).  The
 * same law as gsl_ran_exponential (-m ln(1 - U)), with log instead of the
 * slower log1p: about 15% less time per draw. */
static inline double exp_draw(gsl_rng *r, double mean)
{
    return -mean * log(gsl_rng_uniform_pos(r));
}

/* A uniform on [0, 1) with 53 random bits (27 + 26 from two 32-bit draws,
 * as in Matsumoto and Nishimura's genrand_res53), for the Pareto inversion:
 * with one 32-bit uniform, 1 - u >= 2^-32 would cut the tail at
 * L 2^(32/alpha), which for alpha = 1.1 removes 13% of the mean; with 53 bits
 * the cut is at L 2^(53/alpha).  The largest value is 1 - 2^-53, so 1 - u
 * is never 0. */
static inline double uniform53(gsl_rng *r)
{
    double hi = floor(gsl_rng_uniform(r) * 134217728.0); /* 2^27 */
    double lo = floor(gsl_rng_uniform(r) * 67108864.0);  /* 2^26 */
    return (hi * 67108864.0 + lo) * (1.0 / 9007199254740992.0); /* 2^-53 */
}

double vs_dist_sample(const vs_dist *d, gsl_rng *r, size_t *cursor)
{
    switch (d->kind) {
    case VS_DIST_EXPONENTIAL:
        return exp_draw(r, d->a);
    case VS_DIST_DETERMINISTIC:
        return d->a;
    case VS_DIST_ERLANG:
        if (d->k <= ERLANG_PRODUCT_MAX) {
            double prod = gsl_rng_uniform_pos(r);
            for (int i = 1; i < d->k; i++)
                prod *= gsl_rng_uniform_pos(r);
            return -d->a * log(prod);
        }
        return gsl_ran_gamma(r, (double)d->k, d->a);
    case VS_DIST_HYPEREXPONENTIAL:
        /* Choose the phase, then draw from it. */
        return exp_draw(r, gsl_rng_uniform(r) < d->a ? d->b : d->c);
    case VS_DIST_LOGNORMAL:
        /* exp(mu + sigma Z); GSL's ziggurat normal is about twice as fast
         * as the polar method inside gsl_ran_lognormal. */
        return exp(d->a + gsl_ran_gaussian_ziggurat(r, d->b));
    case VS_DIST_GAMMA:
        return gsl_ran_gamma(r, d->a, d->b);
    case VS_DIST_UNIFORM:
        return d->a + d->b * gsl_rng_uniform(r);
    case VS_DIST_PARETO:
        /* Inverse CDF: 1 - q u lies in (1 - q, 1], so x lies in [L, H). */
        return d->b * pow(1.0 - d->c * uniform53(r), -1.0 / d->a);
    case VS_DIST_WEIBULL:
        return gsl_ran_weibull(r, d->b, d->a);
    case VS_DIST_EMPIRICAL:
        return d->values[gsl_rng_uniform_int(r, (unsigned long)d->n)];
    case VS_DIST_TRACE: {
        assert(cursor && "a trace is replayed through a caller-owned cursor");
        size_t i = *cursor;
        if (i >= d->n)
            return HUGE_VAL;
        *cursor = i + 1;
        return i == 0 ? d->values[0] : d->values[i] - d->values[i - 1];
    }
    case VS_DIST_COUNT:
        break;
    }
    return VS_NAN;
}

/* ---- CDF -------------------------------------------------------------- */

double vs_dist_cdf(const vs_dist *d, double x)
{
    if (isnan(x))
        return VS_NAN;
    switch (d->kind) {
    case VS_DIST_EXPONENTIAL:
        /* 1 - exp(-x/m) */
        return x <= 0 ? 0.0 : -expm1(-x / d->a);
    case VS_DIST_DETERMINISTIC:
        return x >= d->a ? 1.0 : 0.0;
    case VS_DIST_ERLANG:
        return x <= 0 ? 0.0 : gsl_cdf_gamma_P(x, (double)d->k, d->a);
    case VS_DIST_HYPEREXPONENTIAL:
        /* p (1 - exp(-x/m1)) + (1-p) (1 - exp(-x/m2)) */
        if (x <= 0)
            return 0.0;
        return -d->a * expm1(-x / d->b) - (1.0 - d->a) * expm1(-x / d->c);
    case VS_DIST_LOGNORMAL:
        return x <= 0 ? 0.0 : gsl_cdf_lognormal_P(x, d->a, d->b);
    case VS_DIST_GAMMA:
        return x <= 0 ? 0.0 : gsl_cdf_gamma_P(x, d->a, d->b);
    case VS_DIST_UNIFORM:
        if (x <= d->a)
            return 0.0;
        return x >= d->a + d->b ? 1.0 : (x - d->a) / d->b;
    case VS_DIST_PARETO: {
        /* (1 - (L/x)^alpha) / q, capped at 1 (x >= H). */
        if (x <= d->b)
            return 0.0;
        double f = -expm1(d->a * log(d->b / x)) / d->c;
        return f > 1.0 ? 1.0 : f;
    }
    case VS_DIST_WEIBULL:
        return x <= 0 ? 0.0 : gsl_cdf_weibull_P(x, d->b, d->a);
    case VS_DIST_EMPIRICAL: {
        /* Fraction of the values <= x (O(n)). */
        size_t c = 0;
        for (size_t i = 0; i < d->n; i++)
            c += d->values[i] <= x;
        return d->n ? (double)c / (double)d->n : VS_NAN;
    }
    case VS_DIST_TRACE:
    case VS_DIST_COUNT:
        break;
    }
    return VS_NAN;
}

/* ---- description ------------------------------------------------------ */

void vs_dist_describe(const vs_dist *d, char *buf, size_t len)
{
    if (!buf || len == 0)
        return;
    switch (d->kind) {
    case VS_DIST_EXPONENTIAL:
        snprintf(buf, len, "exponential(mean=%g)", d->mean);
        break;
    case VS_DIST_DETERMINISTIC:
        snprintf(buf, len, "deterministic(value=%g)", d->a);
        break;
    case VS_DIST_ERLANG:
        snprintf(buf, len, "erlang(k=%d, mean=%g)", d->k, d->mean);
        break;
    case VS_DIST_HYPEREXPONENTIAL:
    case VS_DIST_LOGNORMAL:
    case VS_DIST_GAMMA:
        snprintf(buf, len, "%s(mean=%g, scv=%g)", vs_dist_name(d->kind), d->mean, d->scv);
        break;
    case VS_DIST_UNIFORM:
        snprintf(buf, len, "uniform(min=%g, max=%g)", d->a, d->a + d->b);
        break;
    case VS_DIST_PARETO:
        if (d->c >= 1.0)
            snprintf(buf, len, "pareto(alpha=%g, min=%g)", d->a, d->b);
        else
            snprintf(buf, len, "pareto(alpha=%g, min=%g, max=%g)", d->a, d->b,
                     vs__pareto_max(d));
        break;
    case VS_DIST_WEIBULL:
        snprintf(buf, len, "weibull(shape=%g, scale=%g)", d->a, d->b);
        break;
    case VS_DIST_EMPIRICAL:
        snprintf(buf, len, "empirical(file=%s, n=%zu, mean=%g, scv=%g)",
                 d->file ? d->file : "?", d->n, d->mean, d->scv);
        break;
    case VS_DIST_TRACE:
        snprintf(buf, len, "trace(file=%s, n=%zu, mean gap=%g)",
                 d->file ? d->file : "?", d->n, d->mean);
        break;
    default:
        snprintf(buf, len, "unknown distribution");
        break;
    }
}
