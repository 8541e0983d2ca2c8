/*
 * mmc_erlangc.c: the M/M/c queue (Erlang C), with exact wait and response
 * time distributions.
 *
 * Sources: Kleinrock, Queueing Systems vol. 1 (1975), sec. 3.5; Gross &
 * Harris, Fundamentals of Queueing Theory, sec. 2.3 (M/M/c) and 2.3.x (waiting
 * time distribution); Harchol-Balter, Performance Modeling and Design of
 * Computer Systems (2013), ch. 14.
 *
 * Notation: lambda arrivals per second, mu = 1 / E[S] per server, c servers,
 * a = lambda / mu offered load (Erlangs), rho = a / c < 1.
 *
 *   C = P(wait) = c B(c, a) / (c - a (1 - B(c, a)))     (Erlang C from Erlang B)
 *   d = c mu - lambda                                    (drain rate of the queue)
 *   Wq = C / d,  W = Wq + 1/mu,  Lq = lambda Wq,  L = lambda W   (Little)
 *   P(Wq > t) = C exp(-d t)                              (FCFS)
 *
 * Erlang B comes from the stable recursion in erlangb_loss.c, so c may be in
 * the thousands without overflow.
 *
 * Response time T = Wq + S with S ~ Exp(mu) independent of Wq.  Conditioned
 * on waiting, Wq ~ Exp(d), so
 *
 *   P(T > t) = (1 - C) e^{-mu t} + C H(t),
 *   H(t) = P(Exp(d) + Exp(mu) > t) = (mu e^{-d t} - d e^{-mu t}) / (mu - d).
 *
 * H is a 0/0 form when d == mu (lambda = (c - 1) mu); its limit there is
 * (1 + mu t) e^{-mu t}.  Writing x = mu - d,
 *
 *   H(t) = e^{-mu t} (1 + mu expm1(x t) / x),
 *
 * which is exact for every x, tends to the limit as x -> 0 (expm1(x t)/x -> t),
 * and loses no precision when x t is small; for |x t| > 1 the direct form has
 * no cancellation (the two exponentials differ by a factor > e) and cannot
 * overflow, so we use it there.  For c = 1 this reduces to T ~ Exp(mu - lambda).
 *
 * Response quantiles solve P(T > t) = 1 - p with GSL's Brent method on a
 * bracket [0, hi], hi doubled from the mean until P(T > hi) < 1 - p.  Wait
 * quantiles have a closed form: 0 when 1 - C >= p, else ln(C / (1 - p)) / d.
 */
#include <math.h>
#include <stdio.h>

#include "analytic/internal.h"

/* Erlang C.  NAN when c < 1 or a is negative or not finite; 1 when a >= c
 * (every arrival waits: the limit as a -> c). */
double vs_erlang_c(int c, double a)
{
    if (c < 1 || !isfinite(a) || a < 0)
        return NAN;
    if (a >= (double)c)
        return 1.0;
    double b = vs_erlang_b(c, a);
    return (double)c * b / ((double)c - a * (1.0 - b));
}

/* The M/M/c response time survival function, parameters prepared. */
typedef struct mmc_shape {
    double mu;  /* service rate per server, 1/s */
    double d;   /* c mu - lambda, 1/s */
    double C;   /* Erlang C */
} mmc_shape;

/* H(t) = P(Exp(d) + Exp(mu) > t), see the essay above. */
static double hypo_sf(double mu, double d, double t)
{
    double x = mu - d;
    if (fabs(x * t) <= 1.0) {
        double h = x == 0 ? t : expm1(x * t) / x;
        return exp(-mu * t) * (1.0 + mu * h);
    }
    return (mu * exp(-d * t) - d * exp(-mu * t)) / x;
}

static double mmc_response_sf(const mmc_shape *s, double t)
{
    if (t <= 0)
        return 1.0;
    return (1.0 - s->C) * exp(-s->mu * t) + s->C * hypo_sf(s->mu, s->d, t);
}

/* Prepare the shape; 0 if the parameters are invalid or unstable. */
static int mmc_prepare(double lambda, double mu, int c, mmc_shape *s)
{
    if (!isfinite(lambda) || !(lambda > 0) || !isfinite(mu) || !(mu > 0) || c < 1)
        return 0;
    double a = lambda / mu;
    if (!(a < (double)c))
        return 0;
    s->mu = mu;
    s->d = (double)c * mu - lambda;
    s->C = vs_erlang_c(c, a);
    return 1;
}

double vs_mmc_response_cdf(double lambda, double mu, int c, double t)
{
    mmc_shape s;
    if (!mmc_prepare(lambda, mu, c, &s) || isnan(t))
        return NAN;
    if (t <= 0)
        return 0.0;
    return 1.0 - mmc_response_sf(&s, t);
}

double vs_mmc_wait_cdf(double lambda, double mu, int c, double t)
{
    mmc_shape s;
    if (!mmc_prepare(lambda, mu, c, &s) || isnan(t))
        return NAN;
    if (t < 0)
        return 0.0;
    return 1.0 - s.C * exp(-s.d * t);
}

typedef struct sf_target {
    const mmc_shape *s;
    double tail;  /* 1 - p */
} sf_target;

static double response_root_fn(double t, void *params)
{
    const sf_target *g = params;
    return mmc_response_sf(g->s, t) - g->tail;
}

/* The p-quantile of T: bracket, then Brent. */
static int mmc_response_quantile(const mmc_shape *s, double mean, double p, double *q,
                                 vs_err *err)
{
    sf_target g = {s, 1.0 - p};
    double hi = mean > 0 ? mean : 1.0 / s->mu;
    int n = 0;
    while (mmc_response_sf(s, hi) > g.tail) {
        if (++n > 1000)
            VS_FAIL(err, VS_ERUNTIME, "M/M/c: cannot bracket the %g response quantile", p);
        hi *= 2;
    }
    return vs__analytic_brent(response_root_fn, &g, 0.0, hi, 0.0, 1e-12, q, err);
}

int vs_mmc(double lambda, double mu, int c, vs_queue_metrics *out, vs_err *err)
{
    int rc;
    vs_queue_metrics_clear(out);
    if ((rc = vs__analytic_check_pos("M/M/c", "arrival rate lambda", lambda, err)) ||
        (rc = vs__analytic_check_pos("M/M/c", "service rate mu", mu, err)) ||
        (rc = vs__analytic_check_servers("M/M/c", c, err)))
        return rc;
    mmc_shape s;
    if (!mmc_prepare(lambda, mu, c, &s))
        VS_FAIL(err, VS_EUNSTABLE,
                "M/M/%d: unstable, utilization lambda / (c mu) = %g / (%d * %g) = %g >= 1", c,
                lambda, c, mu, lambda / ((double)c * mu));

    snprintf(out->model, sizeof out->model, "M/M/%d", c);
    out->approximate = 0;
    out->family = VS_MODEL_MMC;
    out->lambda = lambda;
    out->mu = mu;
    out->servers = c;
    out->throughput = lambda;
    out->utilization = lambda / ((double)c * mu);
    out->wait_probability = s.C;
    out->blocking_probability = 0.0;
    out->wait_time = s.C / s.d;
    out->response_time = out->wait_time + 1.0 / mu;
    out->queue_length = lambda * out->wait_time;
    out->jobs_in_system = lambda * out->response_time;

    out->p50_wait = vs__analytic_atom_exp_quantile(s.C, s.d, 0.50);
    out->p95_wait = vs__analytic_atom_exp_quantile(s.C, s.d, 0.95);
    out->p99_wait = vs__analytic_atom_exp_quantile(s.C, s.d, 0.99);
    if ((rc = mmc_response_quantile(&s, out->response_time, 0.50, &out->p50_response, err)) ||
        (rc = mmc_response_quantile(&s, out->response_time, 0.95, &out->p95_response, err)) ||
        (rc = mmc_response_quantile(&s, out->response_time, 0.99, &out->p99_response, err))) {
        vs_queue_metrics_clear(out);
        return rc;
    }
    return VS_OK;
}
