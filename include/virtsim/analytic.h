/*
 * analytic.h: queueing formulas, pure functions of their parameters.
 *
 * Each solver fills a vs_queue_metrics with steady-state values in the same
 * units as the simulator's summary (rates per second, times in seconds) and
 * names the model it solved ("M/M/4", "M/M/2/10", "M/G/1", ...).  Exact
 * results have approximate = 0; approximations (M/G/c, GI/G/c) have
 * approximate = 1 and say so in the model name ("M/G/4 (Allen-Cunneen approx.)").
 * Quantities a model cannot give are NAN.
 *
 * Notation: lambda = arrival rate, mu = service rate of one server
 * (1 / mean service time), c servers, K = most jobs in the system.
 * An unstable open system (lambda >= c mu without a capacity) returns
 * VS_EUNSTABLE.  Leaf module: depends on GSL only.
 */
#ifndef VIRTSIM_ANALYTIC_H
#define VIRTSIM_ANALYTIC_H

#include "virtsim/err.h"

/* Which solver produced a vs_queue_metrics, so its distributions can be
 * evaluated again (response-time CDF plots). */
enum {
    VS_MODEL_OTHER = 0, /* no distribution available */
    VS_MODEL_MMC,       /* vs_mmc_response_cdf(lambda, mu, servers, t) */
    VS_MODEL_MMCK,      /* vs_mmck_response_cdf(lambda, mu, servers, capacity, t) */
    VS_MODEL_EXP        /* exponential response time of mean response_time (GI/M/1) */
};

/* Most classes a per-class model reports. */
#define VS_ANALYTIC_MAX_CLASSES 16

typedef struct vs_queue_metrics {
    char model[64];              /* e.g. "M/M/4" */
    int approximate;             /* 1 for approximations */
    double throughput;           /* accepted jobs per second */
    double utilization;          /* busy servers / c */
    double response_time;        /* mean time in system, s */
    double wait_time;            /* mean time in queue, s */
    double jobs_in_system;       /* mean number in system */
    double queue_length;         /* mean number waiting */
    double wait_probability;     /* P(an accepted job waits) */
    double blocking_probability; /* P(an arrival is refused) */
    double p50_response, p95_response, p99_response; /* NAN if unknown */
    double p50_wait, p95_wait, p99_wait;             /* NAN if unknown */
    int family;                  /* VS_MODEL_*: how to evaluate the response CDF */
    double lambda, mu;           /* parameters solved (family MMC, MMCK) */
    int servers, capacity;
    /* Per-class values, for models that are per class (priority): classes
     * class_id[0..nclasses-1] in ascending order, their mean response and
     * wait times (s).  nclasses = 0 for the others (vs_queue_metrics_clear). */
    int nclasses;
    int class_id[VS_ANALYTIC_MAX_CLASSES];
    double class_response[VS_ANALYTIC_MAX_CLASSES];
    double class_wait[VS_ANALYTIC_MAX_CLASSES];
} vs_queue_metrics;

/* Fill every field with NAN, model "", approximate 0. */
void vs_queue_metrics_clear(vs_queue_metrics *m);

/* Erlang B: blocking probability of M/G/c/c with offered load a = lambda/mu
 * Erlangs (stable recursion B(k) = a B(k-1) / (k + a B(k-1))). */
double vs_erlang_b(int c, double a);
/* Erlang C: P(wait) in M/M/c, a < c; C = c B / (c - a (1 - B)). */
double vs_erlang_c(int c, double a);

/* M/M/c (c >= 1; c = 1 is M/M/1), with exact wait and response quantiles. */
int vs_mmc(double lambda, double mu, int c, vs_queue_metrics *out, vs_err *err);
/* P(T <= t) and P(Wq <= t) for M/M/c. */
double vs_mmc_response_cdf(double lambda, double mu, int c, double t);
double vs_mmc_wait_cdf(double lambda, double mu, int c, double t);

/* M/M/c/K (K >= c): finite capacity, blocking; any lambda > 0. */
int vs_mmck(double lambda, double mu, int c, int K, vs_queue_metrics *out, vs_err *err);
/* P(Wq <= t) and P(T <= t) of an accepted job in M/M/c/K (FCFS).  NAN for
 * invalid parameters, or when the queue's significant tail is longer than
 * 5000 positions (the cost is linear in it; see mmck.c). */
double vs_mmck_wait_cdf(double lambda, double mu, int c, int K, double t);
double vs_mmck_response_cdf(double lambda, double mu, int c, int K, double t);

/* M/G/c/c loss system (insensitive: depends on the mean service time only). */
int vs_mgcc(double lambda, double mean_service, int c, vs_queue_metrics *out, vs_err *err);

/* M/G/1, Pollaczek-Khinchine: needs the service mean and scv. */
int vs_mg1(double lambda, double mean_service, double scv_service,
           vs_queue_metrics *out, vs_err *err);

/* GI/M/1: renewal arrivals given by the Laplace-Stieltjes transform of the
 * inter-arrival time, lst(s, ctx) = E[exp(-s A)], with mean inter-arrival
 * time mean_interarrival; exponential service of rate mu.  Solves
 * sigma = lst(mu (1 - sigma), ctx) on (0, 1) with GSL's Brent root finder;
 * W = 1 / (mu (1 - sigma)), P(wait) = sigma, response ~ Exp(mu (1 - sigma)). */
int vs_gim1(double (*lst)(double s, const void *ctx), const void *ctx,
            double mean_interarrival, double mu, vs_queue_metrics *out, vs_err *err);

/* GI/G/c approximation (Allen-Cunneen): Wq ~ Wq(M/M/c) (ca2 + cs2) / 2, with
 * ca2, cs2 the arrival and service scv.  With ca2 = 1 this is the usual M/G/c
 * approximation.  approximate = 1. */
int vs_gigc_approx(double lambda, double mean_service, int c, double ca2, double cs2,
                   vs_queue_metrics *out, vs_err *err);

/* ---- scheduling disciplines other than FCFS (src/analytic/ps.c,
 * priority.c, size_based.c).  Wait time means time until first service, as
 * in the simulator. */

/* M/G/c processor sharing (egalitarian, c servers, each job served at rate
 * min(1, c/n)): a symmetric queue, so the number in system has the M/M/c
 * distribution for any service distribution of mean mean_service (Kelly
 * 1979).  c = 1: E[T] = E[S] / (1 - rho).  Wait 0 (a job starts on arrival),
 * P(wait) 0; queue_length = L - c rho (jobs beyond the busy servers).
 * Model name "M/G/c-PS" (the caller may rename it). */
int vs_mgc_ps(double lambda, double mean_service, int c, vs_queue_metrics *out, vs_err *err);
/* M/G/1-PS mean response of a job of service time x: x / (1 - rho). */
double vs_mg1_ps_response_given(double lambda, double mean_service, double x);

/* M/G/1 static priority with n classes (class i = 0 highest), arrival rates
 * lambda[i], service moments es[i] = E[S_i], es2[i] = E[S_i^2], FCFS within
 * a class.  sigma_k = sum_{i<=k} lambda_i E[S_i].
 *   non-preemptive (Cobham 1954): W0 = sum_i lambda_i E[S_i^2] / 2,
 *     W_k = W0 / ((1 - sigma_{k-1}) (1 - sigma_k)),  T_k = W_k + E[S_k];
 *   preemptive-resume: R_k = sum_{i<=k} lambda_i E[S_i^2] / 2,
 *     W_k = R_k / ((1 - sigma_{k-1}) (1 - sigma_k))   (until first service),
 *     T_k = E[S_k] / (1 - sigma_{k-1}) + W_k.
 * The station values are the rate-weighted means; per-class values go into
 * out->class_* with class_id[k] = ids[k] (ids may be NULL: 0..n-1).  1 <= n
 * <= VS_ANALYTIC_MAX_CLASSES.  VS_EUNSTABLE when sigma_n >= 1. */
int vs_mg1_priority(size_t n, const int *ids, const double *lambda, const double *es,
                    const double *es2, int preemptive, vs_queue_metrics *out, vs_err *err);
/* M/M/c non-preemptive priority with the same service rate mu for every
 * class (Cobham): W_k = C(c, a) / (c mu) / ((1 - sigma_{k-1}) (1 - sigma_k)),
 * sigma_k = sum_{i<=k} lambda_i / (c mu), C the Erlang C formula. */
int vs_mmc_priority(size_t n, const int *ids, const double *lambda, double mu, int c,
                    vs_queue_metrics *out, vs_err *err);

/* A service-time distribution given by its CDF, for the size-based
 * disciplines; cdf(x, ctx) = P(S <= x), continuous. */
typedef double (*vs_cdf_fn)(double x, const void *ctx);

/* M/G/1 non-preemptive shortest job first (Phipps 1956), continuous sizes:
 *   E[W] = (lambda E[S^2] / 2) int_0^inf dF(x) / (1 - rho(x))^2,
 *   rho(x) = lambda int_0^x t dF(t),   E[T] = E[W] + E[S].
 * SRPT (Schrage & Miller 1966):
 *   E[T(x)] = lambda int_0^x t (1 - F(t)) dt / (1 - rho(x))^2
 *             + int_0^x dt / (1 - rho(t)),       E[T] = int E[T(x)] dF(x);
 *   the wait (until first service) is the first term (a job that finds
 *   only larger jobs starts at once).
 * Evaluated with GSL adaptive quadrature (the outer integral over the
 * quantile u = F(x) in (0, 1), the quantile by bisection on the CDF; partial
 * moments as integrals of 1 - F).  mean_service and es2 are E[S], E[S^2].
 * approximate = 0; VS_ERUNTIME when the quadrature does not converge. */
int vs_mg1_sjf(double lambda, vs_cdf_fn cdf, const void *ctx, double mean_service, double es2,
               vs_queue_metrics *out, vs_err *err);
int vs_mg1_srpt(double lambda, vs_cdf_fn cdf, const void *ctx, double mean_service, double es2,
                vs_queue_metrics *out, vs_err *err);

#endif /* VIRTSIM_ANALYTIC_H */
