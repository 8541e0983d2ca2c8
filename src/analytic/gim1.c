/*
 * gim1.c: the GI/M/1 queue (renewal arrivals, one exponential server).
 *
 * Sources: Kleinrock, Queueing Systems vol. 1 (1975), sec. 6.4; Gross &
 * Harris, Fundamentals of Queueing Theory, sec. 6.3 (GI/M/1).
 *
 * Let A*(s) = E[exp(-s A)] be the Laplace-Stieltjes transform of the
 * inter-arrival time A (mean 1/lambda) and mu the service rate, rho =
 * lambda / mu < 1.  The number of jobs an arrival finds is geometric,
 * P(n) = (1 - sigma) sigma^n, where sigma is the unique root in (0, 1) of
 *
 *     sigma = A*(mu (1 - sigma)).
 *
 * Then, for FCFS:
 *   P(wait) = sigma
 *   T ~ Exp(mu (1 - sigma)),  W = 1 / (mu (1 - sigma))
 *   P(Wq > t) = sigma exp(-mu (1 - sigma) t),  Wq = sigma / (mu (1 - sigma))
 *   L = lambda W, Lq = lambda Wq (Little; time averages)
 *
 * Root finding.  f(sigma) = A*(mu (1 - sigma)) - sigma is convex on [0, 1]
 * (A* is convex and the argument is affine), f(0) = A*(mu) > 0 and f(1) = 0;
 * its slope at 1 is mu E[A] - 1 = 1/rho - 1 > 0, so f < 0 just left of 1 and
 * the other root sigma lies in (0, 1).  We bracket it by [0, 1 - 2^-k] for
 * the first k = 1, 2, ... with f(1 - 2^-k) < 0, then run GSL's Brent method.
 *
 * Example (E2/M/1, Erlang-2 arrivals): A*(s) = (2 lambda / (2 lambda + s))^2
 * and the root is sigma = ((1 + 4 rho) - sqrt(1 + 8 rho)) / 2.
 */
#include <math.h>
#include <stdio.h>

#include "analytic/internal.h"

typedef struct gim1_ctx {
    double (*lst)(double s, const void *ctx);
    const void *ctx;
    double mu;
} gim1_ctx;

static double gim1_fn(double sigma, void *params)
{
    const gim1_ctx *g = params;
    return g->lst(g->mu * (1.0 - sigma), g->ctx) - sigma;
}

int vs_gim1(double (*lst)(double s, const void *ctx), const void *ctx,
            double mean_interarrival, double mu, vs_queue_metrics *out, vs_err *err)
{
    int rc;
    vs_queue_metrics_clear(out);
    if (!lst)
        VS_FAIL(err, VS_EINVAL, "GI/M/1: the inter-arrival transform is missing");
    if ((rc = vs__analytic_check_pos("GI/M/1", "mean inter-arrival time", mean_interarrival, err)) ||
        (rc = vs__analytic_check_pos("GI/M/1", "service rate mu", mu, err)))
        return rc;
    double rho = 1.0 / (mean_interarrival * mu);
    if (!(rho < 1))
        VS_FAIL(err, VS_EUNSTABLE,
                "GI/M/1: unstable, utilization 1 / (E[A] mu) = 1 / (%g * %g) = %g >= 1",
                mean_interarrival, mu, rho);

    gim1_ctx g = {lst, ctx, mu};
    double hi = 0.5;
    int k = 1;
    for (;;) {
        double f = gim1_fn(hi, &g);
        if (isnan(f))
            VS_FAIL(err, VS_ERUNTIME, "GI/M/1: the inter-arrival transform is NaN at s = %g",
                    mu * (1.0 - hi));
        if (f < 0)
            break;
        if (++k > 52)
            VS_FAIL(err, VS_ERUNTIME,
                    "GI/M/1: cannot bracket sigma below 1 (utilization %g too close to 1?)", rho);
        hi = 1.0 - ldexp(1.0, -k);
    }
    double sigma;
    if ((rc = vs__analytic_brent(gim1_fn, &g, 0.0, hi, 1e-15, 1e-13, &sigma, err)))
        return rc;

    double lambda = 1.0 / mean_interarrival;
    double r = mu * (1.0 - sigma); /* rate of the exponential response time */
    snprintf(out->model, sizeof out->model, "GI/M/1");
    out->approximate = 0;
    out->family = VS_MODEL_EXP;
    out->throughput = lambda;
    out->utilization = rho;
    out->wait_probability = sigma;
    out->blocking_probability = 0.0;
    out->response_time = 1.0 / r;
    out->wait_time = sigma / r;
    out->jobs_in_system = lambda * out->response_time;
    out->queue_length = lambda * out->wait_time;
    /* T ~ Exp(r): t_p = -ln(1 - p) / r. */
    out->p50_response = -log1p(-0.50) / r;
    out->p95_response = -log1p(-0.95) / r;
    out->p99_response = -log1p(-0.99) / r;
    out->p50_wait = vs__analytic_atom_exp_quantile(sigma, r, 0.50);
    out->p95_wait = vs__analytic_atom_exp_quantile(sigma, r, 0.95);
    out->p99_wait = vs__analytic_atom_exp_quantile(sigma, r, 0.99);
    return VS_OK;
}
