/*
 * erlangb_loss.c: the Erlang B formula and the M/G/c/c loss system.
 *
 * A.K. Erlang (1917); see Kleinrock, Queueing Systems vol. 1 (1975), sec. 3.7,
 * and Gross & Harris, Fundamentals of Queueing Theory, sec. 2.7 (Erlang's loss
 * formula).  With c servers, no waiting room and offered load a = lambda E[S]
 * Erlangs, an arrival is lost with probability
 *
 *     B(c, a) = (a^c / c!) / sum_{k=0}^{c} a^k / k!.
 *
 * The sum overflows for c in the hundreds, so we use the recursion
 *
 *     B(0, a) = 1,   B(k, a) = a B(k-1, a) / (k + a B(k-1, a)),
 *
 * whose terms stay in [0, 1]: it is stable and O(c) for any c.  The loss
 * system is insensitive (Sevastyanov 1957): B depends on the service-time
 * distribution only through its mean, so M/G/c/c and M/M/c/c agree.
 */
#include <math.h>
#include <stdio.h>

#include "analytic/internal.h"

/* NAN when c < 1 or a is negative or not finite; 0 when a == 0. */
double vs_erlang_b(int c, double a)
{
    if (c < 1 || !isfinite(a) || a < 0)
        return NAN;
    double b = 1.0;
    for (int k = 1; k <= c; k++)
        b = a * b / ((double)k + a * b);
    return b;
}

/*
 * M/G/c/c with lambda, E[S] = mean_service:
 *   blocking      = B(c, a),  a = lambda E[S]
 *   throughput    = lambda (1 - B)
 *   L             = a (1 - B)    (busy servers; nobody waits)
 *   utilization   = L / c
 *   W = E[S], Wq = Lq = 0, P(wait) = 0.
 * The response time is the service time, whose quantiles depend on G: NAN
 * here (the matcher fills them when it knows the distribution).  Wait
 * quantiles are 0.
 */
int vs_mgcc(double lambda, double mean_service, int c, vs_queue_metrics *out, vs_err *err)
{
    int rc;
    vs_queue_metrics_clear(out);
    if ((rc = vs__analytic_check_pos("M/G/c/c", "arrival rate lambda", lambda, err)) ||
        (rc = vs__analytic_check_pos("M/G/c/c", "mean service time", mean_service, err)) ||
        (rc = vs__analytic_check_servers("M/G/c/c", c, err)))
        return rc;
    double a = lambda * mean_service;
    if (!isfinite(a))
        VS_FAIL(err, VS_ERANGE, "M/G/c/c: offered load lambda E[S] = %g is not finite", a);
    double b = vs_erlang_b(c, a);
    snprintf(out->model, sizeof out->model, "M/G/%d/%d", c, c);
    out->approximate = 0;
    out->blocking_probability = b;
    out->throughput = lambda * (1.0 - b);
    out->jobs_in_system = a * (1.0 - b);
    out->utilization = out->jobs_in_system / c;
    out->response_time = mean_service;
    out->wait_time = 0.0;
    out->queue_length = 0.0;
    out->wait_probability = 0.0;
    out->p50_wait = out->p95_wait = out->p99_wait = 0.0;
    return VS_OK;
}
