/*
 * gigc_allen_cunneen.c: the Allen-Cunneen approximation for GI/G/c.
 *
 * Source: A.O. Allen, Probability, Statistics, and Queueing Theory with
 * Computer Science Applications, 2nd ed. (Academic Press, 1990), ch. 6
 * (the approximation is due to Allen and Cunneen); also Gross & Harris,
 * Fundamentals of Queueing Theory, sec. 6.4 (approximations for G/G/c).
 *
 * With ca2, cs2 the squared coefficients of variation of the inter-arrival
 * and service times, a = lambda E[S], rho = a / c < 1:
 *
 *   Wq(M/M/c) = C(c, a) E[S] / (c - a)               (Erlang C)
 *   Wq ~ Wq(M/M/c) (ca2 + cs2) / 2
 *   W = Wq + E[S],  Lq = lambda Wq,  L = lambda W     (Little)
 *   P(wait) ~ C(c, a)                                  (the M/M/c value)
 *
 * It is exact for M/M/c (ca2 = cs2 = 1) and for M/G/1 (ca2 = 1, c = 1: the
 * Pollaczek-Khinchine formula); elsewhere it is a heuristic, usually within
 * a few percent at moderate to high load and worse at light load or with
 * very variable arrivals.  approximate = 1; quantiles are NAN.
 */
#include <math.h>
#include <stdio.h>

#include "analytic/internal.h"

int vs_gigc_approx(double lambda, double mean_service, int c, double ca2, double cs2,
                   vs_queue_metrics *out, vs_err *err)
{
    int rc;
    vs_queue_metrics_clear(out);
    if ((rc = vs__analytic_check_pos("GI/G/c", "arrival rate lambda", lambda, err)) ||
        (rc = vs__analytic_check_pos("GI/G/c", "mean service time", mean_service, err)) ||
        (rc = vs__analytic_check_servers("GI/G/c", c, err)) ||
        (rc = vs__analytic_check_nonneg("GI/G/c", "arrival scv ca2", ca2, err)) ||
        (rc = vs__analytic_check_nonneg("GI/G/c", "service scv cs2", cs2, err)))
        return rc;
    double a = lambda * mean_service;
    if (!(a < (double)c))
        VS_FAIL(err, VS_EUNSTABLE,
                "GI/G/%d: unstable, utilization lambda E[S] / c = %g * %g / %d = %g >= 1", c,
                lambda, mean_service, c, a / (double)c);

    double C = vs_erlang_c(c, a);
    double wq_mmc = C * mean_service / ((double)c - a);
    snprintf(out->model, sizeof out->model, "%s/G/%d (Allen-Cunneen approx.)",
             ca2 == 1.0 ? "M" : "GI", c);
    out->approximate = 1;
    out->throughput = lambda;
    out->utilization = a / (double)c;
    out->wait_probability = C;
    out->blocking_probability = 0.0;
    out->wait_time = wq_mmc * (ca2 + cs2) / 2.0;
    out->response_time = out->wait_time + mean_service;
    out->queue_length = lambda * out->wait_time;
    out->jobs_in_system = lambda * out->response_time;
    return VS_OK;
}
