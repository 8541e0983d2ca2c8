/*
 * mg1_pk.c: the M/G/1 queue by the Pollaczek-Khinchine mean-value formula.
 *
 * Sources: Kleinrock, Queueing Systems vol. 1 (1975), sec. 5.6, eq. (5.76);
 * Gross & Harris, Fundamentals of Queueing Theory, sec. 5.1.1;
 * Harchol-Balter (2013), ch. 23.
 *
 * Poisson arrivals of rate lambda, one FCFS server, service S with mean E[S]
 * and squared coefficient of variation scv = Var S / E[S]^2:
 *
 *   rho   = lambda E[S] < 1
 *   E[S^2] = (1 + scv) E[S]^2
 *   Wq    = lambda E[S^2] / (2 (1 - rho))       (P-K)
 *   W     = Wq + E[S],  Lq = lambda Wq,  L = lambda W   (Little)
 *   P(wait) = rho   (PASTA: an arrival finds the server busy w.p. rho)
 *
 * Special cases: M/M/1 (scv = 1) gives Wq = rho / (mu - lambda);
 * M/D/1 (scv = 0) gives Wq = rho / (2 mu (1 - rho)).
 * The full distribution needs the service LST; quantiles are NAN here.
 */
#include <math.h>
#include <stdio.h>

#include "analytic/internal.h"

int vs_mg1(double lambda, double mean_service, double scv_service,
           vs_queue_metrics *out, vs_err *err)
{
    int rc;
    vs_queue_metrics_clear(out);
    if ((rc = vs__analytic_check_pos("M/G/1", "arrival rate lambda", lambda, err)) ||
        (rc = vs__analytic_check_pos("M/G/1", "mean service time", mean_service, err)) ||
        (rc = vs__analytic_check_nonneg("M/G/1", "service scv", scv_service, err)))
        return rc;
    double rho = lambda * mean_service;
    if (!(rho < 1))
        VS_FAIL(err, VS_EUNSTABLE, "M/G/1: unstable, utilization lambda E[S] = %g * %g = %g >= 1",
                lambda, mean_service, rho);

    double es2 = (1.0 + scv_service) * mean_service * mean_service;
    snprintf(out->model, sizeof out->model, "M/G/1");
    out->approximate = 0;
    out->throughput = lambda;
    out->utilization = rho;
    out->wait_probability = rho;
    out->blocking_probability = 0.0;
    out->wait_time = lambda * es2 / (2.0 * (1.0 - rho));
    out->response_time = out->wait_time + mean_service;
    out->queue_length = lambda * out->wait_time;
    out->jobs_in_system = lambda * out->response_time;
    return VS_OK;
}
