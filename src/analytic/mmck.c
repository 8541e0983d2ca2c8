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
 *
 * Quantiles (FCFS).  An accepted arrival finds n jobs with probability
 * pi_n = p_n / (1 - p_K), n < K (PASTA).  If n < c it starts at once; if
 * n = c + j it waits for j + 1 departures at rate theta = c mu, an
 * Erlang(j+1, theta) time.  With Q(k, x) and P(k, x) GSL's regularised upper
 * and lower incomplete gamma functions:
 *
 *   P(Wq > t) = sum_j pi_{c+j} Q(j+1, theta t)
 *   P(T > t)  = (1 - P(wait)) e^{-mu t} + sum_j pi_{c+j} R(j+1, t),
 *   R(k, t)   = P(Erlang(k, theta) + Exp(mu) > t)
 *             = Q(k, theta t) + (theta / (theta - mu))^k e^{-mu t} P(k, (theta - mu) t)
 *                                                          (c > 1, by convolution)
 *             = Q(k + 1, mu t)                             (c = 1: theta = mu)
 *
 * The factor (theta / (theta - mu))^k overflows and P(k, .) underflows for
 * large k, so the product is formed in log space (log_gamma_p below).
 * pi_{c+j} is geometric in j, so only a contiguous run of j carries mass above
 * e^-46 (~1e-20); the sums run over that run, and quantiles (Brent, as in
 * M/M/c) are computed when it has at most VS_MMCK_QUANTILE_TERMS terms, else
 * left NAN.  Cost: O(terms) per evaluation, about 60 evaluations a quantile.
 */
#include <math.h>
#include <stdio.h>

#include <gsl/gsl_errno.h>
#include <gsl/gsl_sf_gamma.h>

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

/* Most tail terms for which quantiles are computed. */
#define VS_MMCK_QUANTILE_TERMS 5000
/* Terms with log pi below this are dropped (e^-46 ~ 1e-20). */
#define VS_MMCK_LOG_NEGLIGIBLE (-46.0)

/* The distribution of what an accepted arrival finds, for the quantiles. */
typedef struct mmck_dist {
    double mu, theta;  /* service rate; theta = c mu, the queue's drain rate */
    int c;
    double phead;      /* P(no wait) = 1 - P(wait) */
    double lp0, lr;    /* log pi_{c+j} = lp0 + j lr */
    double jlo, jhi;   /* significant j, inclusive; empty when jlo > jhi */
    double tail;       /* target survival, 1 - p */
} mmck_dist;

static double gamma_q(double k, double x)
{
    gsl_sf_result r;
    return gsl_sf_gamma_inc_Q_e(k, x, &r) == GSL_SUCCESS ? r.val : (double)NAN;
}

static double gamma_p(double k, double x)
{
    gsl_sf_result r;
    return gsl_sf_gamma_inc_P_e(k, x, &r) == GSL_SUCCESS ? r.val : (double)NAN;
}

/* log P(k, y).  GSL's value while it is well above the underflow range;
 * below it (where y < k necessarily) the series
 *   P(k, y) = y^k e^{-y} / Gamma(k+1) * sum_{n>=0} y^n / ((k+1)...(k+n)),
 * summed in log space, whose ratio y / (k+n) < 0.95 makes it converge. */
static double log_gamma_p(double k, double y)
{
    if (y <= 0)
        return -INFINITY;
    double pk = gamma_p(k, y);
    if (pk > 1e-280)
        return log(pk);
    if (!(y < 0.95 * k))
        return NAN;
    double sum = 1, term = 1;
    for (double n = 1; term > 1e-17 * sum; n++) {
        term *= y / (k + n);
        sum += term;
    }
    return k * log(y) - y - lgamma(k + 1) + log(sum);
}

static double mmck_wait_sf(const mmck_dist *d, double t)
{
    if (t < 0)
        return 1.0;
    double s = 0;
    for (double j = d->jlo; j <= d->jhi; j++)
        s += exp(d->lp0 + j * d->lr) * gamma_q(j + 1, d->theta * t);
    return s;
}

static double mmck_response_sf(const mmck_dist *d, double t)
{
    if (t <= 0)
        return 1.0;
    double s = d->phead * exp(-d->mu * t);
    double lratio = log(d->theta / (d->theta - d->mu)); /* unused when c = 1 */
    for (double j = d->jlo; j <= d->jhi; j++) {
        double k = j + 1, r;
        if (d->c == 1) {
            r = gamma_q(k + 1, d->mu * t);
        } else {
            double lpk = log_gamma_p(k, (d->theta - d->mu) * t);
            r = gamma_q(k, d->theta * t) + exp(k * lratio - d->mu * t + lpk);
        }
        s += exp(d->lp0 + j * d->lr) * r;
    }
    return s;
}

static double wait_root_fn(double t, void *params)
{
    const mmck_dist *d = params;
    return mmck_wait_sf(d, t) - d->tail;
}

static double response_root_fn(double t, void *params)
{
    const mmck_dist *d = params;
    return mmck_response_sf(d, t) - d->tail;
}

/* The p-quantile of the distribution with survival fn (1 at 0, decreasing):
 * bracket [0, hi] by doubling from `start`, then Brent; NAN on failure. */
static double mmck_quantile(mmck_dist *d, double (*fn)(double, void *), double start, double p)
{
    d->tail = 1.0 - p;
    double hi = start;
    for (int n = 0; fn(hi, d) > 0; n++) {
        if (n > 200 || !isfinite(hi))
            return NAN;
        hi *= 2;
    }
    double q;
    vs_err err;
    if (vs__analytic_brent(fn, d, 0.0, hi, 0.0, 1e-10, &q, &err) != VS_OK)
        return NAN;
    return q;
}

/* Everything vs_mmck and the CDFs need. */
typedef struct mmck_sol {
    double pK, L, Lq, busy, pwait;
    mmck_dist d;
    int have_dist; /* the significant tail is short enough for quantiles */
} mmck_sol;

static int mmck_solve(double lambda, double mu, int c, int K, mmck_sol *sol, vs_err *err)
{
    int rc;
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
    double ptail = wtail / Z; /* P(n >= c) */
    sol->pK = exp(lqk - M) / Z;
    sol->L = nhead / Z + ptail * ((double)c + ej);
    sol->Lq = ptail * ej;
    sol->busy = nhead / Z + (double)c * ptail;
    sol->pwait = fmax(0.0, (ptail - sol->pK) / (1.0 - sol->pK));

    /* What an accepted arrival finds, for the quantiles (see the essay). */
    mmck_dist *d = &sol->d;
    *d = (mmck_dist){.mu = mu, .theta = (double)c * mu, .c = c, .phead = 1.0 - sol->pwait,
                     .lr = lr, .jlo = 0, .jhi = m - 1};
    d->lp0 = lqc - M - log(Z) - log1p(-sol->pK);
    const double LN = VS_MMCK_LOG_NEGLIGIBLE;
    if (lr < 0)
        d->jhi = fmin(m - 1, floor((LN - d->lp0) / lr));
    else if (lr > 0)
        d->jlo = fmax(0, ceil((LN - d->lp0) / lr));
    else if (d->lp0 < LN)
        d->jhi = -1;
    sol->have_dist = d->jhi - d->jlo + 1 <= VS_MMCK_QUANTILE_TERMS;
    return VS_OK;
}

int vs_mmck(double lambda, double mu, int c, int K, vs_queue_metrics *out, vs_err *err)
{
    int rc;
    mmck_sol sol;
    vs_queue_metrics_clear(out);
    if ((rc = mmck_solve(lambda, mu, c, K, &sol, err)))
        return rc;
    double accepted = lambda * (1.0 - sol.pK);
    snprintf(out->model, sizeof out->model, "M/M/%d/%d", c, K);
    out->approximate = 0;
    out->family = VS_MODEL_MMCK;
    out->lambda = lambda;
    out->mu = mu;
    out->servers = c;
    out->capacity = K;
    out->blocking_probability = sol.pK;
    out->throughput = accepted;
    out->utilization = sol.busy / (double)c;
    out->jobs_in_system = sol.L;
    out->queue_length = sol.Lq;
    out->response_time = sol.L / accepted;
    out->wait_time = sol.Lq / accepted;
    out->wait_probability = sol.pwait;

    if (sol.have_dist) {
        static const double ps[3] = {0.50, 0.95, 0.99};
        double *wq[3] = {&out->p50_wait, &out->p95_wait, &out->p99_wait};
        double *rq[3] = {&out->p50_response, &out->p95_response, &out->p99_response};
        mmck_dist *d = &sol.d;
        for (int i = 0; i < 3; i++) {
            *wq[i] = 1.0 - sol.pwait >= ps[i]
                         ? 0.0
                         : mmck_quantile(d, wait_root_fn, fmax(out->wait_time, 1 / d->theta), ps[i]);
            *rq[i] = mmck_quantile(d, response_root_fn, fmax(out->response_time, 1 / mu), ps[i]);
        }
    }
    return VS_OK;
}

double vs_mmck_wait_cdf(double lambda, double mu, int c, int K, double t)
{
    mmck_sol sol;
    if (isnan(t) || mmck_solve(lambda, mu, c, K, &sol, NULL) != VS_OK || !sol.have_dist)
        return NAN;
    if (t < 0)
        return 0.0;
    return 1.0 - mmck_wait_sf(&sol.d, t);
}

double vs_mmck_response_cdf(double lambda, double mu, int c, int K, double t)
{
    mmck_sol sol;
    if (isnan(t) || mmck_solve(lambda, mu, c, K, &sol, NULL) != VS_OK || !sol.have_dist)
        return NAN;
    if (t <= 0)
        return 0.0;
    return 1.0 - mmck_response_sf(&sol.d, t);
}
