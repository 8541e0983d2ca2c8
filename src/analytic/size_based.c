/*
 * size_based.c: M/G/1 under the size-based disciplines SJF (non-preemptive
 * shortest job first) and SRPT (preemptive shortest remaining processing
 * time), for a continuous service-time distribution given by its CDF F.
 *
 * Sources: T. E. Phipps, "Machine repair as a priority waiting-line
 * problem", Operations Research 4 (1956) 76-85 (SJF as a continuum of
 * non-preemptive priority classes); L. E. Schrage and L. W. Miller, "The
 * queue M/G/1 with the shortest remaining processing time discipline",
 * Operations Research 14 (1966) 670-684; M. Harchol-Balter, Performance
 * Modeling and Design of Computer Systems (2013), ch. 31-33.
 *
 * With rho(x) = lambda int_0^x t dF(t) the load of jobs of size <= x:
 *   SJF   E[W(x)] = (lambda E[S^2] / 2) / (1 - rho(x))^2,   T(x) = W(x) + x;
 *   SRPT  E[W(x)] = lambda int_0^x t (1 - F(t)) dt / (1 - rho(x))^2
 *                   (= lambda (m2(x) + x^2 (1 - F(x))) / 2 / (1 - rho(x))^2,
 *                   the time until the job first runs),
 *         E[R(x)] = int_0^x dt / (1 - rho(t)),   T(x) = W(x) + R(x).
 * The means over the sizes, E[W] = int W(x) dF(x), are computed over the
 * quantile: int_0^1 W(Q(u)) du, Q(u) by bisection on F, so only F is needed;
 * the residence term is swapped into one integral,
 *   int_0^inf dF(x) int_0^x dt / (1 - rho(t)) = int_0^inf (1 - F(t)) / (1 - rho(t)) dt.
 * Partial moments come from integrals of the tail 1 - F, which stay
 * accurate for large x:  int_0^x t dF = int_0^x (1 - F) dt - x (1 - F(x)).
 * All integrals use GSL's adaptive Gauss-Kronrod routines (QAG inside, QAGS
 * over u, QAGIU over t).
 */
#include <math.h>
#include <stdio.h>

#include <gsl/gsl_errno.h>
#include <gsl/gsl_integration.h>

#include "analytic/internal.h"

#define LIMIT 200

typedef struct sizes {
    vs_cdf_fn cdf;
    const void *ctx;
    double lambda, mean, es2;
    gsl_integration_workspace *inner, *outer;
    int failed;
} sizes;

static double tail(double t, void *p)
{
    const sizes *z = p;
    double f = z->cdf(t, z->ctx);
    return f >= 1.0 ? 0.0 : 1.0 - f;
}

static double t_tail(double t, void *p) { return t * tail(t, p); }

/* int_0^x f(t) dt with the inner workspace. */
static double integrate(sizes *z, double (*f)(double, void *), double x)
{
    if (!(x > 0.0))
        return 0.0;
    gsl_function fn = {f, z};
    double r = NAN, e;
    if (gsl_integration_qag(&fn, 0.0, x, 1e-14, 1e-11, LIMIT, GSL_INTEG_GAUSS21, z->inner, &r,
                            &e) != GSL_SUCCESS)
        z->failed = 1;
    return r;
}

/* rho(x) = lambda int_0^x t dF(t). */
static double rho_upto(sizes *z, double x)
{
    double m1 = integrate(z, tail, x) - x * tail(x, z);
    return z->lambda * (m1 > 0.0 ? m1 : 0.0);
}

/* Q(u) = inf {x : F(x) >= u}, by bisection. */
static double quantile(sizes *z, double u)
{
    double lo = 0.0, hi = z->mean;
    for (int i = 0; i < 2000 && z->cdf(hi, z->ctx) < u; i++) {
        lo = hi;
        hi *= 2.0;
    }
    for (int i = 0; i < 200 && hi - lo > 1e-15 * hi; i++) {
        double mid = 0.5 * (lo + hi);
        if (z->cdf(mid, z->ctx) < u)
            lo = mid;
        else
            hi = mid;
    }
    return 0.5 * (lo + hi);
}

static double sjf_wait_u(double u, void *p)
{
    sizes *z = p;
    double r = 1.0 - rho_upto(z, quantile(z, u));
    return z->lambda * z->es2 / 2.0 / (r * r);
}

static double srpt_wait_u(double u, void *p)
{
    sizes *z = p;
    double x = quantile(z, u);
    double r = 1.0 - rho_upto(z, x);
    return z->lambda * integrate(z, t_tail, x) / (r * r);
}

static double srpt_res_t(double t, void *p)
{
    sizes *z = p;
    return tail(t, z) / (1.0 - rho_upto(z, t));
}

static int solve(const char *fn, int srpt, double lambda, vs_cdf_fn cdf, const void *ctx,
                 double mean_service, double es2, vs_queue_metrics *out, vs_err *err)
{
    int rc;
    vs_queue_metrics_clear(out);
    if ((rc = vs__analytic_check_pos(fn, "arrival rate lambda", lambda, err)) ||
        (rc = vs__analytic_check_pos(fn, "mean service time", mean_service, err)) ||
        (rc = vs__analytic_check_pos(fn, "E[S^2]", es2, err)))
        return rc;
    if (!cdf)
        VS_FAIL(err, VS_EINVAL, "%s: no CDF", fn);
    double rho = lambda * mean_service;
    if (!(rho < 1))
        VS_FAIL(err, VS_EUNSTABLE, "%s: unstable, utilization %g >= 1", fn, rho);
    sizes z = {cdf, ctx, lambda, mean_service, es2, gsl_integration_workspace_alloc(LIMIT),
               gsl_integration_workspace_alloc(LIMIT), 0};
    if (!z.inner || !z.outer) {
        gsl_integration_workspace_free(z.inner);
        gsl_integration_workspace_free(z.outer);
        VS_FAIL(err, VS_ENOMEM, "%s: out of memory", fn);
    }
    gsl_function wf = {srpt ? srpt_wait_u : sjf_wait_u, &z};
    double w = NAN, res = mean_service, e;
    int grc = gsl_integration_qags(&wf, 0.0, 1.0, 1e-12, 1e-8, LIMIT, z.outer, &w, &e);
    if (grc == GSL_SUCCESS && srpt) {
        gsl_function rf = {srpt_res_t, &z};
        grc = gsl_integration_qagiu(&rf, 0.0, 1e-12, 1e-8, LIMIT, z.outer, &res, &e);
    }
    gsl_integration_workspace_free(z.inner);
    gsl_integration_workspace_free(z.outer);
    if (grc != GSL_SUCCESS || z.failed || !isfinite(w) || !isfinite(res))
        VS_FAIL(err, VS_ERUNTIME, "%s: the quadrature did not converge (%s)", fn,
                grc != GSL_SUCCESS ? gsl_strerror(grc) : "inner integral");
    snprintf(out->model, sizeof out->model, "M/G/1-%s", srpt ? "SRPT" : "SJF");
    out->approximate = 0;
    out->throughput = lambda;
    out->utilization = rho;
    out->wait_time = w;
    out->response_time = w + res;
    out->jobs_in_system = lambda * out->response_time;
    out->queue_length = out->jobs_in_system - rho;
    out->wait_probability = srpt ? NAN : rho;
    out->blocking_probability = 0.0;
    return VS_OK;
}

int vs_mg1_sjf(double lambda, vs_cdf_fn cdf, const void *ctx, double mean_service, double es2,
               vs_queue_metrics *out, vs_err *err)
{
    return solve("M/G/1-SJF", 0, lambda, cdf, ctx, mean_service, es2, out, err);
}

int vs_mg1_srpt(double lambda, vs_cdf_fn cdf, const void *ctx, double mean_service, double es2,
                vs_queue_metrics *out, vs_err *err)
{
    return solve("M/G/1-SRPT", 1, lambda, cdf, ctx, mean_service, es2, out, err);
}
