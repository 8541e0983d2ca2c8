/*
 * ps.c: M/G/c processor sharing (egalitarian).
 *
 * Sources: L. Kleinrock, Queueing Systems vol. 2 (1976), sec. 4.4 (M/G/1-PS:
 * E[T | x] = x / (1 - rho), E[T] = E[S] / (1 - rho), for any service
 * distribution); F. P. Kelly, Reversibility and Stochastic Networks (1979),
 * ch. 3.3 (symmetric queues: the stationary number in system depends on the
 * service distribution only through its mean).
 *
 * With c servers and n jobs each job is served at rate min(1, c/n), so the
 * total service rate is min(n, c): the same state-dependent rate as M/M/c.
 * The queue is symmetric, hence insensitive, so for every service
 * distribution
 *   L = L(M/M/c) = Lq(M/M/c FCFS) + c rho,   T = L / lambda   (Little).
 * A job is in service from its arrival: wait 0, P(wait) 0.  "Queue length"
 * in the simulator's sense (jobs beyond the busy servers) is L - c rho.
 */
#include <math.h>
#include <stdio.h>

#include "analytic/internal.h"

int vs_mgc_ps(double lambda, double mean_service, int c, vs_queue_metrics *out, vs_err *err)
{
    int rc;
    vs_queue_metrics_clear(out);
    if ((rc = vs__analytic_check_pos("M/G/c-PS", "arrival rate lambda", lambda, err)) ||
        (rc = vs__analytic_check_pos("M/G/c-PS", "mean service time", mean_service, err)) ||
        (rc = vs__analytic_check_servers("M/G/c-PS", c, err)))
        return rc;
    vs_queue_metrics m;
    if ((rc = vs_mmc(lambda, 1.0 / mean_service, c, &m, err)) != VS_OK)
        return rc;
    double a = lambda * mean_service; /* busy servers, c rho */
    snprintf(out->model, sizeof out->model, "M/G/%d-PS", c);
    out->approximate = 0;
    out->throughput = lambda;
    out->utilization = a / c;
    out->jobs_in_system = m.jobs_in_system;
    out->response_time = m.jobs_in_system / lambda;
    out->wait_time = 0.0;
    out->queue_length = m.jobs_in_system - a;
    out->wait_probability = 0.0;
    out->blocking_probability = 0.0;
    out->p50_wait = out->p95_wait = out->p99_wait = 0.0;
    return VS_OK;
}

double vs_mg1_ps_response_given(double lambda, double mean_service, double x)
{
    double rho = lambda * mean_service;
    return rho < 1.0 && x >= 0.0 ? x / (1.0 - rho) : NAN;
}
