/*
 * mmck.c: the M/M/c/K queue (finite capacity, arrivals beyond K are lost).
 *
 * Sources: Gross & Harris, Fundamentals of Queueing Theory, sec. 2.5
 * (M/M/c/K); Kleinrock, Queueing Systems vol. 1 (1975), sec. 3.6.
 *
 * Birth-death chain on n = 0..K jobs with birth rate lambda and death rate
 * min(n, c) mu.  With a = lambda / mu and r = a / c the unnormalised
 * stationary weights are
 *
 *     q_n = a^n / n!                  0 <= n <= c,
 *     q_n = q_c r^(n - c)             c <= n <= K,
 *
 * and p_n = q_n / Z, Z = sum q_n.  These overflow for large c or K, so:
 *
 *   - the head n < c is summed in log space (log q_n = sum_{k<=n} log(a/k))
 *     relative to the largest weight M;
 *   - the tail n = c + j, j = 0..m (m = K - c), is a truncated geometric series
 *     summed in closed form.  We anchor it at its largest term (q_c when
 *     r <= 1, q_K when r > 1) so the ratio is e^{-x}, x = |ln r| >= 0:
 *
 *         G0(x, m) = sum_{j=0}^{m} e^{-x j} = expm1(-(m+1) x) / expm1(-x)   (m+1 at x = 0)
 *         E[j]     = 1/expm1(x) - (m+1)/expm1((m+1) x)
 *                  = m/2 + g(x) - (m+1) g((m+1) x),
 *         g(y)     = 1/expm1(y) - 1/y + 1/2 = y/12 - y^3/720 + y^5/30240 - ...
 *
 *     The second form of E[j] has no 0/0 at r = 1 and no catastrophic
 *     cancellation near it (g is evaluated by its series for small y).
 *     When r > 1 the anchor is q_K, so the mean offset from c is m - E[j].
 *
 * Cost: O(c), independent of K, so K may be as large as an int allows.
 *
 * Results, with accepted rate lambda_e = lambda (1 - p_K):
 *   blocking   = p_K
 *   throughput = lambda_e
 *   L  = sum n p_n,  Lq = sum_{n>c} (n - c) p_n
 *   W  = L / lambda_e,  Wq = Lq / lambda_e                    (Little)
 *   utilization = sum min(n, c) p_n / c   (= lambda_e / (c mu))
 *   P(wait) = P(an accepted arrival finds >= c jobs)
 *           = sum_{n=c}^{K-1} p_n / (1 - p_K)                  (PASTA)
 * Quantiles are not computed (NAN).
 */
#include <math.h>
#include <stdio.h>

#include "analytic/internal.h"

/* g(y) = 1/expm1(y) - 1/y + 1/2 for y > 0 (Bernoulli series below 0.1). */
static double bern_g(double y)
{
    if (y < 0.1) {
        double y2 = y * y;
        return y * (1.0 / 12 + y2 * (-1.0 / 720 + y2 * (1.0 / 30240 - y2 / 1209600)));
    }
    return 1.0 / expm1(y) - 1.0 / y + 0.5;
}

/* sum_{j=0}^{m} e^{-x j}, x >= 0. */
static double geo_sum(double x, double m)
{
    if (x == 0)
        return m + 1;
    return expm1(-(m + 1) * x) / expm1(-x);
}

/* Mean of j under weights e^{-x j}, j = 0..m, x >= 0. */
static double geo_mean(double x, double m)
{
    if (x == 0)
        return m / 2;
    return m / 2 + bern_g(x) - (m + 1) * bern_g((m + 1) * x);
}

int vs_mmck(double lambda, double mu, int c, int K, vs_queue_metrics *out, vs_err *err)
{
    int rc;
    vs_queue_metrics_clear(out);
    if ((rc = vs__analytic_check_pos("M/M/c/K", "arrival rate lambda", lambda, err)) ||
        (rc = vs__analytic_check_pos("M/M/c/K", "service rate mu", mu, err)) ||
        (rc = vs__analytic_check_servers("M/M/c/K", c, err)))
        return rc;
    if (K < c)
        VS_FAIL(err, VS_EINVAL, "M/M/c/K: capacity K must be >= c = %d, got %d", c, K);
    double a = lambda / mu;
    if (!isfinite(a))
        VS_FAIL(err, VS_ERANGE, "M/M/c/K: load lambda / mu = %g is not finite", a);

    double la = log(a), lr = la - log((double)c), m = (double)K - (double)c;

    /* Pass 1: the largest head weight and log q_c. */
    double lq = 0, mhead = -INFINITY;
    for (int n = 0; n < c; n++) {
        if (n > 0)
            lq += la - log((double)n);
        if (lq > mhead)
            mhead = lq;
    }
    double lqc = lq + la - log((double)c); /* log q_c */
    double lqk = lqc + m * lr;             /* log q_K */

    double x, anchor, ej;
    if (lr <= 0) {
        x = -lr;
        anchor = lqc;
        ej = geo_mean(x, m);
    } else {
        x = lr;
        anchor = lqk;
        ej = m - geo_mean(x, m);
    }
    double M = anchor > mhead ? anchor : mhead;

    /* Pass 2: head sums relative to M. */
    double zhead = 0, nhead = 0;
    lq = 0;
    for (int n = 0; n < c; n++) {
        if (n > 0)
            lq += la - log((double)n);
        double w = exp(lq - M);
        zhead += w;
        nhead += (double)n * w;
    }
    double wtail = exp(anchor - M) * geo_sum(x, m);
    double Z = zhead + wtail;
    double pK = exp(lqk - M) / Z;
    double ptail = wtail / Z; /* P(n >= c) */

    double L = nhead / Z + ptail * ((double)c + ej);
    double Lq = ptail * ej;
    double busy = nhead / Z + (double)c * ptail;
    double accepted = lambda * (1.0 - pK);
    double pwait = (ptail - pK) / (1.0 - pK);
    if (pwait < 0)
        pwait = 0;

    snprintf(out->model, sizeof out->model, "M/M/%d/%d", c, K);
    out->approximate = 0;
    out->blocking_probability = pK;
    out->throughput = accepted;
    out->utilization = busy / (double)c;
    out->jobs_in_system = L;
    out->queue_length = Lq;
    out->response_time = L / accepted;
    out->wait_time = Lq / accepted;
    out->wait_probability = pwait;
    return VS_OK;
}
