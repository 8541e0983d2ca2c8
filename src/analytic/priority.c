/*
 * priority.c: static priority queues, per class.
 *
 * Sources: A. Cobham, "Priority assignment in waiting line problems",
 * Operations Research 2 (1954) 70-76 (non-preemptive M/G/1 and M/M/c with
 * equal service rates); L. Kleinrock, Queueing Systems vol. 2 (1976),
 * sec. 3.6-3.7 (non-preemptive and preemptive-resume M/G/1);
 * M. Harchol-Balter, Performance Modeling and Design of Computer Systems
 * (2013), ch. 31-32.
 *
 * Classes 0..n-1, 0 highest, FCFS within a class; sigma_k = sum_{i<=k} rho_i
 * (sigma_{-1} = 0).
 *
 * Non-preemptive M/G/1: an arrival of class k waits for the residual work
 * W0 = sum_i lambda_i E[S_i^2] / 2 of the job in service (any class), the
 * work of classes <= k found waiting, and the work of classes < k arriving
 * meanwhile, which gives
 *   W_k = W0 / ((1 - sigma_{k-1}) (1 - sigma_k)),   T_k = W_k + E[S_k].
 * Non-preemptive M/M/c, equal rates mu: the same with W0 = C(c, a) / (c mu)
 * (Erlang C) and rho_i = lambda_i / (c mu).
 *
 * Preemptive-resume M/G/1: lower classes are invisible to class k.  The
 * work of classes <= k an arrival finds is R_k / (1 - sigma_k) with
 * R_k = sum_{i<=k} lambda_i E[S_i^2] / 2 (P-K for those classes alone); the
 * job first starts after that work and the class < k work arriving during
 * it (a busy period), and once started it is stretched by class < k
 * arrivals:
 *   W_k = R_k / ((1 - sigma_{k-1}) (1 - sigma_k))   (until first service),
 *   T_k = E[S_k] / (1 - sigma_{k-1}) + W_k.
 * Station values are the means weighted by lambda_k.
 */
#include <math.h>
#include <stdio.h>

#include "analytic/internal.h"

/* Per-class W_k, T_k into out; station means; the common fields. */
static int fill(size_t n, const int *ids, const double *lambda, const double *es,
                const double *w0, int cumulative_w0, int preemptive, double scale,
                vs_queue_metrics *out)
{
    double lam = 0.0, a = 0.0, tsum = 0.0, wsum = 0.0, sigma_prev = 0.0, sigma = 0.0;
    double r = 0.0;
    for (size_t k = 0; k < n; k++) {
        lam += lambda[k];
        a += lambda[k] * es[k];
    }
    out->nclasses = (int)n;
    for (size_t k = 0; k < n; k++) {
        sigma = sigma_prev + lambda[k] * es[k] / scale;
        r = cumulative_w0 ? r + w0[k] : w0[0];
        double wk = r / ((1.0 - sigma_prev) * (1.0 - sigma));
        double tk = preemptive ? es[k] / (1.0 - sigma_prev) + wk : es[k] + wk;
        out->class_id[k] = ids ? ids[k] : (int)k;
        out->class_wait[k] = wk;
        out->class_response[k] = tk;
        tsum += lambda[k] * tk;
        wsum += lambda[k] * wk;
        sigma_prev = sigma;
    }
    out->approximate = 0;
    out->throughput = lam;
    out->utilization = a / scale;
    out->response_time = tsum / lam;
    out->wait_time = wsum / lam;
    out->jobs_in_system = tsum;
    out->queue_length = tsum - a; /* jobs beyond the busy servers */
    out->blocking_probability = 0.0;
    return VS_OK;
}

static int check_classes(const char *fn, size_t n, const double *lambda, const double *es,
                         double scale, vs_err *err)
{
    if (n < 1 || n > VS_ANALYTIC_MAX_CLASSES)
        VS_FAIL(err, VS_EINVAL, "%s: between 1 and %d classes, got %zu", fn,
                VS_ANALYTIC_MAX_CLASSES, n);
    double sigma = 0.0;
    int rc;
    for (size_t k = 0; k < n; k++) {
        if ((rc = vs__analytic_check_pos(fn, "class arrival rate", lambda[k], err)) ||
            (rc = vs__analytic_check_pos(fn, "class mean service time", es[k], err)))
            return rc;
        sigma += lambda[k] * es[k] / scale;
    }
    if (!(sigma < 1))
        VS_FAIL(err, VS_EUNSTABLE, "%s: unstable, utilization %g >= 1", fn, sigma);
    return VS_OK;
}

int vs_mg1_priority(size_t n, const int *ids, const double *lambda, const double *es,
                    const double *es2, int preemptive, vs_queue_metrics *out, vs_err *err)
{
    vs_queue_metrics_clear(out);
    const char *fn = preemptive ? "M/G/1 preemptive priority" : "M/G/1 priority";
    int rc = check_classes(fn, n, lambda, es, 1.0, err);
    if (rc != VS_OK)
        return rc;
    double half[VS_ANALYTIC_MAX_CLASSES], w0 = 0.0;
    for (size_t k = 0; k < n; k++) {
        if ((rc = vs__analytic_check_pos(fn, "class E[S^2]", es2[k], err)))
            return rc;
        half[k] = lambda[k] * es2[k] / 2.0;
        w0 += half[k];
    }
    if (preemptive) {
        fill(n, ids, lambda, es, half, 1, 1, 1.0, out);
    } else {
        fill(n, ids, lambda, es, &w0, 0, 0, 1.0, out);
    }
    /* P(wait) = P(busy) for non-preemptive (PASTA); preemptive: a job waits
     * when it finds a job of its class or higher, not known in closed form. */
    out->wait_probability = preemptive ? NAN : out->utilization;
    snprintf(out->model, sizeof out->model, "M/G/1 %s priority (%zu classes)",
             preemptive ? "preemptive-resume" : "non-preemptive", n);
    return VS_OK;
}

int vs_mmc_priority(size_t n, const int *ids, const double *lambda, double mu, int c,
                    vs_queue_metrics *out, vs_err *err)
{
    vs_queue_metrics_clear(out);
    const char *fn = "M/M/c priority";
    int rc;
    if ((rc = vs__analytic_check_pos(fn, "service rate mu", mu, err)) ||
        (rc = vs__analytic_check_servers(fn, c, err)))
        return rc;
    double es[VS_ANALYTIC_MAX_CLASSES];
    for (size_t k = 0; k < n && k < VS_ANALYTIC_MAX_CLASSES; k++)
        es[k] = 1.0 / mu;
    if ((rc = check_classes(fn, n, lambda, es, (double)c, err)) != VS_OK)
        return rc;
    double lam = 0.0;
    for (size_t k = 0; k < n; k++)
        lam += lambda[k];
    double a = lam / mu, pw = vs_erlang_c(c, a);
    double w0 = pw / (c * mu);
    fill(n, ids, lambda, es, &w0, 0, 0, (double)c, out);
    out->utilization = a / c;
    out->queue_length = out->jobs_in_system - a;
    out->wait_probability = pw;
    snprintf(out->model, sizeof out->model, "M/M/%d non-preemptive priority (%zu classes)", c,
             n);
    return VS_OK;
}
