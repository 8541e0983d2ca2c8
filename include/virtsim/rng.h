/*
 * rng.h: random streams and probability distributions.
 *
 * Streams.  Every random stream is a GSL generator (mt19937) whose seed is
 * derived by hashing (master seed, replication, entity name, purpose) with
 * splitmix64.  Each workload's arrivals, each workload's sizes and each
 * randomised policy get their own stream, so adding a VM or changing a policy
 * leaves every other stream untouched (common random numbers).
 *
 * Distributions.  A vs_dist is an immutable description of a distribution
 * (the parameters from the scenario plus derived constants), safe to share
 * between threads.  Constructors check the parameters and fail with a
 * message that states what was expected; the scenario loader prefixes the
 * location.  Sampling draws from a caller-owned gsl_rng.
 *
 * GSL conventions: gsl_ran_exponential takes the MEAN, not the rate.
 */
#ifndef VIRTSIM_RNG_H
#define VIRTSIM_RNG_H

#include <stddef.h>
#include <stdint.h>

#include <gsl/gsl_rng.h>

#include "virtsim/err.h"

/* ---- streams ---------------------------------------------------------- */

/* splitmix64 finaliser: a bijective 64-bit mix. */
uint64_t vs_splitmix64(uint64_t x);

/* The seed of the stream for (master, replication, entity, purpose).  Pure
 * function of its arguments; entity and purpose are NUL-terminated names
 * (for example "requests" and "arrival"). */
uint64_t vs_stream_seed(uint64_t master, uint32_t replication,
                        const char *entity, const char *purpose);

/* A new generator for that stream; NULL (and err set) on failure.  Free with
 * gsl_rng_free. */
gsl_rng *vs_stream_new(uint64_t master, uint32_t replication,
                       const char *entity, const char *purpose, vs_err *err);

/* ---- distributions ---------------------------------------------------- */

#define VS_DIST_MAP(X)                         \
    X(EXPONENTIAL, "exponential")              \
    X(DETERMINISTIC, "deterministic")          \
    X(ERLANG, "erlang")                        \
    X(HYPEREXPONENTIAL, "hyperexponential")    \
    X(LOGNORMAL, "lognormal")                  \
    X(GAMMA, "gamma")                          \
    X(UNIFORM, "uniform")                      \
    X(PARETO, "pareto")                        \
    X(WEIBULL, "weibull")                      \
    X(EMPIRICAL, "empirical")                  \
    X(TRACE, "trace")

typedef enum vs_dist_kind {
#define VS__DIST_ENUM(id, name) VS_DIST_##id,
    VS_DIST_MAP(VS__DIST_ENUM)
#undef VS__DIST_ENUM
    VS_DIST_COUNT
} vs_dist_kind;

typedef struct vs_dist {
    vs_dist_kind kind;
    double mean;     /* exact mean of one draw (seconds or work units) */
    double scv;      /* squared coefficient of variation, variance / mean^2 */
    double a, b, c;  /* kind-specific prepared constants (see rng.c) */
    int k;           /* erlang: number of phases */
    double *values;  /* empirical: the values; trace: the timestamps (owned) */
    size_t n;        /* number of values */
    char *file;      /* empirical / trace: the file it was read from (owned) */
} vs_dist;

/* Name of a kind ("exponential"), and the kind of a name (-1 if unknown). */
const char *vs_dist_name(vs_dist_kind kind);
int vs_dist_kind_from_name(const char *name);
/* "exponential, deterministic, ..." for "expected one of" messages. */
const char *vs_dist_names(void);

/* Constructors: fill *d and return VS_OK, or return VS_ERANGE / VS_EINVAL with
 * a message that names the parameter and states what was expected (no
 * location prefix).  Every parameter must be finite.  On failure *d is
 * zeroed, so vs_dist_fini on it is a harmless no-op. */
int vs_dist_exponential(vs_dist *d, double mean, vs_err *err);          /* mean > 0 */
int vs_dist_deterministic(vs_dist *d, double value, vs_err *err);       /* value >= 0 (> 0 for arrivals, checked by caller) */
int vs_dist_erlang(vs_dist *d, int k, double mean, vs_err *err);        /* k >= 1, mean > 0 */
int vs_dist_hyperexponential(vs_dist *d, double mean, double scv, vs_err *err); /* scv > 1, balanced means */
int vs_dist_lognormal(vs_dist *d, double mean, double scv, vs_err *err);   /* mean > 0, scv > 0 */
int vs_dist_gamma(vs_dist *d, double mean, double scv, vs_err *err);       /* mean > 0, scv > 0 */
int vs_dist_uniform(vs_dist *d, double min, double max, vs_err *err);      /* 0 <= min < max */
int vs_dist_pareto(vs_dist *d, double alpha, double min, double max, vs_err *err); /* alpha > 0, min > 0, max = INFINITY or > min; unbounded needs alpha > 1 for a finite mean */
int vs_dist_weibull(vs_dist *d, double shape, double scale, vs_err *err);  /* shape > 0, scale > 0 */
/* Read one non-negative finite number per line (blank lines and lines
 * starting with '#' skipped).  Errors name "path:line". */
int vs_dist_empirical_load(vs_dist *d, const char *path, vs_err *err);
/* Read one arrival timestamp per line, non-decreasing, >= 0. */
int vs_dist_trace_load(vs_dist *d, const char *path, vs_err *err);

/* Deep copy (values and file duplicated). */
int vs_dist_copy(vs_dist *dst, const vs_dist *src, vs_err *err);
/* Release what a constructor allocated; the struct may be reused. */
void vs_dist_fini(vs_dist *d);

/* One draw.  *cursor is caller-owned per-stream state, starting at 0; only
 * TRACE uses it: it returns successive inter-arrival gaps (the first is the
 * first timestamp) and INFINITY once the trace is exhausted. */
double vs_dist_sample(const vs_dist *d, gsl_rng *r, size_t *cursor);

/* Laplace-Stieltjes transform E[exp(-s X)] for s >= 0, used by GI/M/1.
 * Closed form where one exists, numerical integration (GSL) otherwise;
 * NaN if it cannot be evaluated. */
double vs_dist_lst(const vs_dist *d, double s);

/* P(X <= x). NaN for TRACE. */
double vs_dist_cdf(const vs_dist *d, double x);

/* One-line description, e.g. "exponential(mean=0.25)". */
void vs_dist_describe(const vs_dist *d, char *buf, size_t len);

#endif /* VIRTSIM_RNG_H */
