/*
 * check_analytic.c: unit tests of the queueing formulas (src/analytic).
 *
 * Every expected value is either a published table value or a closed form
 * from the cited textbook evaluated by hand (the derivation is in the
 * comment), or an independent brute-force evaluation of the defining sum
 * (long double, log space) for sizes where no table exists.
 *
 * Sources: Kleinrock, Queueing Systems vol. 1 (1975); Gross & Harris,
 * Fundamentals of Queueing Theory; Harchol-Balter, Performance Modeling and
 * Design of Computer Systems (2013); standard Erlang B / Erlang C tables
 * (as printed e.g. in telephone traffic engineering handbooks).
 */
#include <check.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_errno.h>
#include <gsl/gsl_integration.h>

#include "virtsim/analytic.h"

#define ck_rel(got, want, tol)                                                         \
    do {                                                                               \
        double g_ = (got), w_ = (want);                                                \
        ck_assert_msg(fabs(g_ - w_) <= (tol) * fabs(w_), "%s = %.15g, want %.15g (rel %g)", \
                      #got, g_, w_, (double)(tol));                                    \
    } while (0)
#define ck_abs(got, want, tol)                                                         \
    do {                                                                               \
        double g_ = (got), w_ = (want);                                                \
        ck_assert_msg(fabs(g_ - w_) <= (tol), "%s = %.15g, want %.15g (abs %g)", #got, g_, \
                      w_, (double)(tol));                                              \
    } while (0)

/* Independent Erlang C from its defining sums (Kleinrock eq. 3.40), in long
 * double log space so it works for large c:
 *   C = [a^c/c! * c/(c-a)] / [sum_{k<c} a^k/k! + a^c/c! * c/(c-a)]. */
static double erlang_c_direct(int c, double a)
{
    long double la = logl((long double)a), lt = 0, mx = -INFINITY;
    for (int k = 0; k <= c; k++) {
        lt = (long double)k * la - lgammal((long double)k + 1);
        if (lt > mx)
            mx = lt;
    }
    long double head = 0;
    for (int k = 0; k < c; k++)
        head += expl((long double)k * la - lgammal((long double)k + 1) - mx);
    long double top = expl((long double)c * la - lgammal((long double)c + 1) - mx) *
                      (long double)c / ((long double)c - (long double)a);
    return (double)(top / (head + top));
}

/* Brute-force M/M/c/K: p_n from the birth-death balance equations. */
static void mmck_direct(double lambda, double mu, int c, int K, double *pK, double *L,
                        double *Lq, double *pwait)
{
    double *q = malloc(sizeof *q * (size_t)(K + 1));
    ck_assert_ptr_nonnull(q);
    double Z = 0;
    q[0] = 1;
    for (int n = 1; n <= K; n++)
        q[n] = q[n - 1] * lambda / (mu * (n < c ? n : c));
    for (int n = 0; n <= K; n++)
        Z += q[n];
    *L = *Lq = 0;
    double w = 0;
    for (int n = 0; n <= K; n++) {
        *L += n * q[n] / Z;
        if (n > c)
            *Lq += (n - c) * q[n] / Z;
        if (n >= c && n < K)
            w += q[n] / Z;
    }
    *pK = q[K] / Z;
    *pwait = w / (1 - *pK);
    free(q);
}

/* ---- Erlang B and C ------------------------------------------------------ */

START_TEST(erlang_b_tables)
{
    /* B(1, a) = a / (1 + a): B(1, 1) = 1/2.  B(2, 1) = (1/2) / (1 + 1 + 1/2) = 1/5. */
    ck_rel(vs_erlang_b(1, 1.0), 0.5, 1e-15);
    ck_rel(vs_erlang_b(2, 1.0), 0.2, 1e-15);
    /* Erlang B table: 10 trunks offered 5 Erlangs lose 1.8385%. */
    ck_abs(vs_erlang_b(10, 5.0), 0.018385, 5e-7);
    /* Erlang B table, 1% grade of service: 10 trunks carry 4.46 Erl, 100 trunks
     * 84.06 Erl (tables print the load to 2 decimals, so B is 1% to +-1e-4). */
    ck_abs(vs_erlang_b(10, 4.46), 0.01, 1e-4);
    ck_abs(vs_erlang_b(100, 84.06), 0.01, 1e-4);
    ck_assert(vs_erlang_b(5, 0.0) == 0.0);
    ck_assert(isnan(vs_erlang_b(0, 1.0)));
    ck_assert(isnan(vs_erlang_b(3, -1.0)));
    ck_assert(isnan(vs_erlang_b(3, NAN)));
}
END_TEST

START_TEST(erlang_c_values)
{
    /* M/M/2, a = 1: C = 2B/(2 - a(1-B)) with B = 1/5: 0.4 / 1.2 = 1/3. */
    ck_rel(vs_erlang_c(2, 1.0), 1.0 / 3.0, 1e-14);
    /* M/M/1: C = rho. */
    ck_rel(vs_erlang_c(1, 0.7), 0.7, 1e-14);
    /* Erlang C table: 4 agents, 3 Erlangs -> P(wait) = 0.5094. */
    ck_abs(vs_erlang_c(4, 3.0), 0.5094, 5e-5);
    /* c = 4, a = 3.6 (rho = 0.9).  By hand: B(4, 3.6) = (3.6^4/24) /
     * (1 + 3.6 + 6.48 + 7.776 + 6.9984) = 6.9984 / 25.8544 = 0.270685;
     * C = 4B / (4 - 3.6 (1 - B)) = 0.787753.  (Not 0.7455.) */
    ck_abs(vs_erlang_c(4, 3.6), 0.787753, 5e-7);
    ck_rel(vs_erlang_c(4, 3.6), erlang_c_direct(4, 3.6), 1e-13);
    ck_assert(vs_erlang_c(4, 4.0) == 1.0);
    ck_assert(isnan(vs_erlang_c(0, 1.0)));
}
END_TEST

START_TEST(erlang_large_c)
{
    /* c = 256 and c = 2000 near saturation: the recursion must neither overflow
     * nor lose accuracy; compare with the log-space direct sum. */
    static const struct { int c; double a; } cases[] = {
        {256, 240.0}, {256, 255.9}, {256, 100.0}, {2000, 1990.0}, {5000, 4000.0}};
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        double got = vs_erlang_c(cases[i].c, cases[i].a);
        ck_assert(isfinite(got) && got > 0 && got < 1);
        ck_rel(got, erlang_c_direct(cases[i].c, cases[i].a), 1e-11);
    }
    vs_queue_metrics m;
    vs_err e;
    ck_assert_int_eq(vs_mmc(240.0, 1.0, 256, &m, &e), VS_OK);
    ck_assert_str_eq(m.model, "M/M/256");
    double C = erlang_c_direct(256, 240.0);
    ck_rel(m.wait_time, C / 16.0, 1e-11);
    ck_rel(m.response_time, C / 16.0 + 1.0, 1e-12);
    ck_assert(isfinite(m.p99_response) && m.p99_response > m.p95_response);
}
END_TEST

/* ---- M/M/1 and M/M/c ----------------------------------------------------- */

START_TEST(mm1_formulas)
{
    /* Harchol-Balter ch. 13 / Kleinrock sec. 3.2, lambda = 0.5, mu = 1:
     * W = 1/(mu - lambda) = 2, Wq = rho/(mu - lambda) = 1, L = rho/(1-rho) = 1,
     * Lq = rho^2/(1-rho) = 0.5, T ~ Exp(mu - lambda): t_p = -ln(1-p)/0.5,
     * P(Wq > t) = rho e^{-(mu-lambda)t}: p50 = 0 (atom 1 - rho = 0.5),
     * p95 = ln(0.5/0.05)/0.5. */
    vs_queue_metrics m;
    vs_err e;
    ck_assert_int_eq(vs_mmc(0.5, 1.0, 1, &m, &e), VS_OK);
    ck_assert_str_eq(m.model, "M/M/1");
    ck_assert_int_eq(m.approximate, 0);
    ck_rel(m.response_time, 2.0, 1e-14);
    ck_rel(m.wait_time, 1.0, 1e-14);
    ck_rel(m.jobs_in_system, 1.0, 1e-14);
    ck_rel(m.queue_length, 0.5, 1e-14);
    ck_rel(m.utilization, 0.5, 1e-15);
    ck_rel(m.throughput, 0.5, 1e-15);
    ck_rel(m.wait_probability, 0.5, 1e-14);
    ck_assert(m.blocking_probability == 0.0);
    ck_rel(m.p50_response, 2.0 * log(2.0), 1e-10);
    ck_rel(m.p95_response, 2.0 * log(20.0), 1e-10);
    ck_rel(m.p99_response, 2.0 * log(100.0), 1e-10);
    ck_assert(m.p50_wait == 0.0);
    ck_rel(m.p95_wait, 2.0 * log(10.0), 1e-12);
    ck_rel(m.p99_wait, 2.0 * log(50.0), 1e-12);
}
END_TEST

START_TEST(mm4_example)
{
    /* M/M/4, lambda = 3.6, mu = 1 (the station of scenario-format.md): by hand
     * C = 0.787753 (above), Wq = C / (4 - 3.6) = 1.969383, W = 2.969383,
     * L = 3.6 W = 10.68978, Lq = 7.08978.  (The summary example in
     * scenario-format.md, W = 2.0255, is illustrative and not this model.) */
    vs_queue_metrics m;
    vs_err e;
    ck_assert_int_eq(vs_mmc(3.6, 1.0, 4, &m, &e), VS_OK);
    ck_assert_str_eq(m.model, "M/M/4");
    ck_abs(m.wait_probability, 0.787753, 5e-7);
    ck_abs(m.wait_time, 1.969383, 5e-7);
    ck_abs(m.response_time, 2.969383, 5e-7);
    ck_abs(m.jobs_in_system, 10.689779, 5e-6);
    ck_abs(m.queue_length, 7.089779, 5e-6);
    ck_rel(m.utilization, 0.9, 1e-15);
    /* wait p95 = ln(C / 0.05) / 0.4 */
    ck_rel(m.p95_wait, log(m.wait_probability / 0.05) / 0.4, 1e-13);
}
END_TEST

/* Survival function of T integrates to W. */
typedef struct { double lambda, mu; int c; } mmc_par;
static double mmc_sf(double t, void *p)
{
    const mmc_par *q = p;
    return 1.0 - vs_mmc_response_cdf(q->lambda, q->mu, q->c, t);
}

START_TEST(mmc_quantile_roundtrip)
{
    static const mmc_par cases[] = {
        {0.5, 1, 1}, {3.6, 1, 4}, {1.0, 1, 2} /* d == mu */, {1.5, 2, 1}, {0.1, 1, 8},
        {250.0, 1, 256}, {7.9, 2.0, 4}};
    gsl_integration_workspace *ws = gsl_integration_workspace_alloc(1000);
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        const mmc_par *p = &cases[i];
        vs_queue_metrics m;
        vs_err e;
        ck_assert_int_eq(vs_mmc(p->lambda, p->mu, p->c, &m, &e), VS_OK);
        ck_abs(vs_mmc_response_cdf(p->lambda, p->mu, p->c, m.p50_response), 0.50, 1e-11);
        ck_abs(vs_mmc_response_cdf(p->lambda, p->mu, p->c, m.p95_response), 0.95, 1e-11);
        ck_abs(vs_mmc_response_cdf(p->lambda, p->mu, p->c, m.p99_response), 0.99, 1e-11);
        if (m.p95_wait > 0)
            ck_abs(vs_mmc_wait_cdf(p->lambda, p->mu, p->c, m.p95_wait), 0.95, 1e-12);
        if (m.p99_wait > 0)
            ck_abs(vs_mmc_wait_cdf(p->lambda, p->mu, p->c, m.p99_wait), 0.99, 1e-12);
        ck_assert(m.p50_response < m.p95_response && m.p95_response < m.p99_response);
        /* E[T] = integral of P(T > t) dt. */
        mmc_par local = *p;
        gsl_function F = {mmc_sf, &local};
        double res, abserr;
        ck_assert_int_eq(gsl_integration_qagiu(&F, 0, 1e-12, 1e-10, 1000, ws, &res, &abserr), 0);
        ck_rel(res, m.response_time, 1e-9);
        /* The wait CDF has an atom 1 - C at 0. */
        ck_rel(vs_mmc_wait_cdf(p->lambda, p->mu, p->c, 0.0), 1.0 - m.wait_probability, 1e-12);
    }
    gsl_integration_workspace_free(ws);
}
END_TEST

START_TEST(mmc_response_cdf_limit)
{
    /* lambda = (c - 1) mu makes the queue drain rate c mu - lambda equal mu.
     * M/M/2, lambda = mu = 1: C = 1/3 and
     * P(T > t) = (1 - C) e^{-t} + C (1 + t) e^{-t}  (Erlang-2 limit). */
    for (double t = 0.01; t < 30; t *= 1.7) {
        double want = 1.0 - ((2.0 / 3.0) * exp(-t) + (1.0 / 3.0) * (1.0 + t) * exp(-t));
        ck_abs(vs_mmc_response_cdf(1.0, 1.0, 2, t), want, 1e-15);
        /* Continuity as the rates nearly coincide (|dF/dlambda| < 1 here). */
        ck_abs(vs_mmc_response_cdf(1.0 + 1e-9, 1.0, 2, t), want, 2e-9);
        ck_abs(vs_mmc_response_cdf(1.0 - 1e-9, 1.0, 2, t), want, 2e-9);
    }
    /* M/M/5 with lambda = 4 mu, mu = 3. */
    double C = vs_erlang_c(5, 4.0);
    for (double t = 0.001; t < 10; t *= 2.3) {
        double want = 1.0 - ((1 - C) * exp(-3 * t) + C * (1 + 3 * t) * exp(-3 * t));
        ck_abs(vs_mmc_response_cdf(12.0, 3.0, 5, t), want, 1e-14);
    }
    ck_assert(vs_mmc_response_cdf(1.0, 1.0, 2, 0.0) == 0.0);
    ck_assert(vs_mmc_response_cdf(1.0, 1.0, 2, -1.0) == 0.0);
    ck_assert(vs_mmc_wait_cdf(1.0, 1.0, 2, -1.0) == 0.0);
    ck_assert(isnan(vs_mmc_response_cdf(2.0, 1.0, 2, 1.0))); /* unstable */
}
END_TEST

START_TEST(mmc_errors)
{
    vs_queue_metrics m;
    vs_err e;
    ck_assert_int_eq(vs_mmc(4.0, 1.0, 4, &m, &e), VS_EUNSTABLE);
    ck_assert_int_eq(e.code, VS_EUNSTABLE);
    ck_assert_msg(strstr(e.msg, "unstable") != NULL, "msg: %s", e.msg);
    ck_assert_str_eq(m.model, "");
    ck_assert(isnan(m.response_time));
    ck_assert_int_eq(vs_mmc(-1.0, 1.0, 4, &m, &e), VS_EINVAL);
    ck_assert_msg(strstr(e.msg, "lambda") != NULL, "msg: %s", e.msg);
    ck_assert_int_eq(vs_mmc(1.0, NAN, 4, &m, &e), VS_EINVAL);
    ck_assert_int_eq(vs_mmc(1.0, INFINITY, 4, &m, &e), VS_EINVAL);
    ck_assert_int_eq(vs_mmc(1.0, 1.0, 0, &m, &e), VS_EINVAL);
    ck_assert_int_eq(vs_mmck(1.0, 1.0, 3, 2, &m, &e), VS_EINVAL);
    ck_assert_msg(strstr(e.msg, "K must be >= c") != NULL, "msg: %s", e.msg);
    ck_assert_int_eq(vs_mgcc(1.0, 0.0, 3, &m, &e), VS_EINVAL);
    ck_assert_int_eq(vs_mg1(1.0, 1.0, 1.0, &m, &e), VS_EUNSTABLE);
    ck_assert_int_eq(vs_mg1(0.5, 1.0, -0.1, &m, &e), VS_EINVAL);
    ck_assert_int_eq(vs_gigc_approx(3.0, 1.0, 3, 1.0, 1.0, &m, &e), VS_EUNSTABLE);
    ck_assert_int_eq(vs_gigc_approx(1.0, 1.0, 3, NAN, 1.0, &m, &e), VS_EINVAL);
    ck_assert_int_eq(vs_gim1(NULL, NULL, 1.0, 2.0, &m, &e), VS_EINVAL);
}
END_TEST

/* ---- M/M/c/K ------------------------------------------------------------- */

START_TEST(mmck_textbook)
{
    vs_queue_metrics m;
    vs_err e;
    /* M/M/1/2 with rho = 1: p_n = 1/3 each (Gross & Harris, M/M/1/K with
     * rho = 1: p_n = 1/(K+1)): blocking 1/3, L = 1. */
    ck_assert_int_eq(vs_mmck(1.0, 1.0, 1, 2, &m, &e), VS_OK);
    ck_assert_str_eq(m.model, "M/M/1/2");
    ck_rel(m.blocking_probability, 1.0 / 3.0, 1e-14);
    ck_rel(m.jobs_in_system, 1.0, 1e-14);
    /* M/M/2/3, lambda = 2, mu = 1: q = 1, 2, 2, 2, Z = 7; p_K = 2/7,
     * L = (2 + 4 + 6)/7 = 12/7, Lq = 2/7, P(wait) = p_2 / (1 - p_3) = 2/5,
     * throughput = 2 (5/7) = 10/7, W = L / throughput = 6/5. */
    ck_assert_int_eq(vs_mmck(2.0, 1.0, 2, 3, &m, &e), VS_OK);
    ck_rel(m.blocking_probability, 2.0 / 7.0, 1e-14);
    ck_rel(m.jobs_in_system, 12.0 / 7.0, 1e-14);
    ck_rel(m.queue_length, 2.0 / 7.0, 1e-13);
    ck_rel(m.wait_probability, 0.4, 1e-13);
    ck_rel(m.throughput, 10.0 / 7.0, 1e-14);
    ck_rel(m.response_time, 1.2, 1e-13);
    ck_rel(m.wait_time, 0.2, 1e-13);
    ck_rel(m.utilization, 5.0 / 7.0, 1e-14);
    /* M/M/1/K (Gross & Harris eq. for p_K): p_K = (1 - rho) rho^K / (1 - rho^{K+1})
     * and L = rho/(1-rho) - (K+1) rho^{K+1}/(1 - rho^{K+1});  rho = 0.8, K = 5. */
    double rho = 0.8;
    ck_assert_int_eq(vs_mmck(0.8, 1.0, 1, 5, &m, &e), VS_OK);
    ck_rel(m.blocking_probability, (1 - rho) * pow(rho, 5) / (1 - pow(rho, 6)), 1e-13);
    ck_rel(m.jobs_in_system, rho / (1 - rho) - 6 * pow(rho, 6) / (1 - pow(rho, 6)), 1e-13);
}
END_TEST

START_TEST(mmck_bruteforce)
{
    static const struct { double lambda, mu; int c, K; } cases[] = {
        {2.5, 1, 3, 20}, {4.0, 1, 3, 20}, {3.0, 1, 3, 20}, {3.0 * (1 + 1e-7), 1, 3, 20},
        {0.1, 2, 5, 5}, {50, 1, 4, 60}, {10, 1, 64, 200}, {60, 1, 64, 200}, {70, 1, 64, 700}};
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        vs_queue_metrics m;
        vs_err e;
        double pK, L, Lq, pw;
        ck_assert_int_eq(vs_mmck(cases[i].lambda, cases[i].mu, cases[i].c, cases[i].K, &m, &e),
                         VS_OK);
        mmck_direct(cases[i].lambda, cases[i].mu, cases[i].c, cases[i].K, &pK, &L, &Lq, &pw);
        ck_rel(m.blocking_probability, pK, 1e-10);
        ck_rel(m.jobs_in_system, L, 1e-10);
        if (Lq > 0)
            ck_rel(m.queue_length, Lq, 1e-9);
        else
            ck_abs(m.queue_length, 0, 1e-300);
        if (pw > 0)
            ck_rel(m.wait_probability, pw, 1e-10);
        /* Busy servers = accepted load (flow balance). */
        ck_rel(m.utilization * cases[i].c, m.throughput / cases[i].mu, 1e-11);
    }
}
END_TEST

START_TEST(mmck_limits)
{
    vs_queue_metrics m, ref;
    vs_err e;
    /* K == c is the loss system: blocking = Erlang B. */
    ck_assert_int_eq(vs_mmck(7.0, 1.0, 10, 10, &m, &e), VS_OK);
    ck_rel(m.blocking_probability, vs_erlang_b(10, 7.0), 1e-13);
    ck_assert(m.wait_probability == 0.0 && m.queue_length == 0.0);
    /* Large K tends to M/M/c (rho = 0.9: rho^K negligible at K = 10^5). */
    ck_assert_int_eq(vs_mmck(3.6, 1.0, 4, 100000, &m, &e), VS_OK);
    ck_assert_int_eq(vs_mmc(3.6, 1.0, 4, &ref, &e), VS_OK);
    ck_rel(m.response_time, ref.response_time, 1e-12);
    ck_rel(m.wait_probability, ref.wait_probability, 1e-12);
    /* Overload with K ~ 2^31: blocking -> 1 - c mu / lambda = 0.2, all servers busy,
     * in O(c) time. */
    ck_assert_int_eq(vs_mmck(5.0, 1.0, 4, 2000000000, &m, &e), VS_OK);
    ck_rel(m.blocking_probability, 0.2, 1e-12);
    ck_rel(m.utilization, 1.0, 1e-12);
    ck_assert(isfinite(m.jobs_in_system) && m.jobs_in_system > 1.9e9);
    /* r = a/c exactly 1 and just above agree (no 0/0). */
    vs_queue_metrics m2;
    ck_assert_int_eq(vs_mmck(4.0, 1.0, 4, 1000, &m, &e), VS_OK);
    ck_assert_int_eq(vs_mmck(4.0 * (1 + 1e-12), 1.0, 4, 1000, &m2, &e), VS_OK);
    ck_rel(m2.jobs_in_system, m.jobs_in_system, 1e-8);
    ck_rel(m2.blocking_probability, m.blocking_probability, 1e-8);
    /* Large c: c = 3000 servers, K = 3500. */
    ck_assert_int_eq(vs_mmck(2990.0, 1.0, 3000, 3500, &m, &e), VS_OK);
    ck_assert(isfinite(m.jobs_in_system) && m.blocking_probability >= 0 &&
              m.blocking_probability < 0.05);
}
END_TEST

typedef struct { double lambda, mu; int c, K; int wait; } mmck_par;
static double mmck_sf(double t, void *p)
{
    const mmck_par *q = p;
    return 1.0 - (q->wait ? vs_mmck_wait_cdf(q->lambda, q->mu, q->c, q->K, t)
                          : vs_mmck_response_cdf(q->lambda, q->mu, q->c, q->K, t));
}

START_TEST(mmck_distributions)
{
    vs_queue_metrics m, ref;
    vs_err e;
    /* M/M/2/3, lambda = 2, mu = 1 (see mmck_textbook): an accepted arrival finds
     * 0, 1, 2 jobs w.p. 1/5, 2/5, 2/5.  It waits Exp(2) when it finds 2, so
     * P(Wq > t) = 0.4 e^{-2t} and p95 wait = ln(0.4/0.05)/2 = ln(8)/2.
     * T = S when it finds 0 or 1, else Exp(2) + Exp(1), whose survival is
     * (1 e^{-2t} - 2 e^{-t}) / (1 - 2) = 2e^{-t} - e^{-2t}:
     * P(T > t) = 0.6 e^{-t} + 0.4 (2 e^{-t} - e^{-2t}) = 1.4 e^{-t} - 0.4 e^{-2t}. */
    ck_assert_int_eq(vs_mmck(2.0, 1.0, 2, 3, &m, &e), VS_OK);
    ck_assert(m.p50_wait == 0.0);
    ck_rel(m.p95_wait, log(8.0) / 2, 1e-9);
    ck_rel(m.p99_wait, log(40.0) / 2, 1e-9);
    for (double t = 0.05; t < 20; t *= 1.9) {
        ck_abs(vs_mmck_wait_cdf(2.0, 1.0, 2, 3, t), 1 - 0.4 * exp(-2 * t), 1e-14);
        ck_abs(vs_mmck_response_cdf(2.0, 1.0, 2, 3, t), 1 - (1.4 * exp(-t) - 0.4 * exp(-2 * t)),
               1e-14);
    }
    ck_abs(vs_mmck_response_cdf(2.0, 1.0, 2, 3, m.p95_response), 0.95, 1e-10);
    /* M/M/1/2, rho = 1: finds 0 or 1 w.p. 1/2: P(T > t) = e^{-t}/2 + (1 + t) e^{-t}/2. */
    for (double t = 0.05; t < 20; t *= 1.9)
        ck_abs(vs_mmck_response_cdf(1.0, 1.0, 1, 2, t), 1 - (0.5 + 0.5 * (1 + t)) * exp(-t),
               1e-14);
    /* Large K: the M/M/c quantiles. */
    ck_assert_int_eq(vs_mmck(3.6, 1.0, 4, 400, &m, &e), VS_OK);
    ck_assert_int_eq(vs_mmc(3.6, 1.0, 4, &ref, &e), VS_OK);
    ck_rel(m.p50_response, ref.p50_response, 1e-9);
    ck_rel(m.p99_response, ref.p99_response, 1e-9);
    ck_rel(m.p50_wait, ref.p50_wait, 1e-9);
    ck_rel(m.p99_wait, ref.p99_wait, 1e-9);
    /* The means: integral of the survival functions = W, Wq; CDFs at the
     * quantiles = p.  Includes overload (the mass sits near K, where
     * (theta/(theta-mu))^k overflows without the log-space product). */
    static const mmck_par cases[] = {
        {3.6, 1, 4, 20, 0}, {0.5, 1, 1, 50, 0}, {5, 1, 4, 100, 0}, {40, 1, 4, 3000, 0}, {40, 1, 4, 30000, 0},
        {0.9, 2, 8, 30, 0}, {30, 1, 16, 400, 0}};
    gsl_integration_workspace *ws = gsl_integration_workspace_alloc(1000);
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        mmck_par p = cases[i];
        ck_assert_int_eq(vs_mmck(p.lambda, p.mu, p.c, p.K, &m, &e), VS_OK);
        double res, abserr;
        gsl_function F = {mmck_sf, &p};
        for (p.wait = 0; p.wait <= 1; p.wait++) {
            ck_assert_int_eq(gsl_integration_qagiu(&F, 0, 1e-10, 1e-9, 1000, ws, &res, &abserr), 0);
            ck_rel(res, p.wait ? m.wait_time : m.response_time, 1e-7);
        }
        ck_abs(vs_mmck_response_cdf(p.lambda, p.mu, p.c, p.K, m.p95_response), 0.95, 1e-9);
        ck_abs(vs_mmck_response_cdf(p.lambda, p.mu, p.c, p.K, m.p99_response), 0.99, 1e-9);
        if (m.p95_wait > 0)
            ck_abs(vs_mmck_wait_cdf(p.lambda, p.mu, p.c, p.K, m.p95_wait), 0.95, 1e-9);
        ck_assert(m.p50_response < m.p95_response && m.p95_response < m.p99_response);
    }
    gsl_integration_workspace_free(ws);
    /* A significant tail longer than 5000 positions: quantiles left NAN. */
    ck_assert_int_eq(vs_mmck(4.0, 1.0, 4, 100000, &m, &e), VS_OK);
    ck_assert(isnan(m.p95_response) && isnan(m.p95_wait) && isfinite(m.response_time));
    ck_assert(isnan(vs_mmck_response_cdf(4.0, 1.0, 4, 100000, 1.0)));
    ck_assert(isnan(vs_mmck_wait_cdf(4.0, 1.0, 3, 2, 1.0)));
}
END_TEST

/* ---- M/G/c/c, M/G/1, GI/M/1, GI/G/c -------------------------------------- */

START_TEST(mgcc_erlang_b)
{
    vs_queue_metrics m;
    vs_err e;
    /* 10 servers, lambda = 2.5/s, E[S] = 2 s: 5 Erlangs, B = 0.018385 (table). */
    ck_assert_int_eq(vs_mgcc(2.5, 2.0, 10, &m, &e), VS_OK);
    ck_assert_str_eq(m.model, "M/G/10/10");
    ck_abs(m.blocking_probability, 0.018385, 5e-7);
    ck_rel(m.throughput, 2.5 * (1 - m.blocking_probability), 1e-15);
    ck_rel(m.response_time, 2.0, 0);
    ck_assert(m.wait_time == 0 && m.queue_length == 0 && m.wait_probability == 0);
    ck_rel(m.jobs_in_system, 5 * (1 - m.blocking_probability), 1e-15);
    ck_rel(m.utilization, 0.5 * (1 - m.blocking_probability), 1e-15);
    ck_assert(isnan(m.p95_response) && m.p95_wait == 0);
}
END_TEST

START_TEST(mg1_pk)
{
    vs_queue_metrics m, mm;
    vs_err e;
    /* M/D/1 (Kleinrock sec. 5.6): Wq = rho / (2 mu (1 - rho)); lambda 0.5, mu 1 -> 0.5. */
    ck_assert_int_eq(vs_mg1(0.5, 1.0, 0.0, &m, &e), VS_OK);
    ck_assert_str_eq(m.model, "M/G/1");
    ck_rel(m.wait_time, 0.5, 1e-15);
    ck_rel(m.response_time, 1.5, 1e-15);
    ck_rel(m.queue_length, 0.25, 1e-15);
    ck_rel(m.jobs_in_system, 0.75, 1e-15);
    ck_rel(m.wait_probability, 0.5, 1e-15);
    /* M/D/1 at rho = 0.9, E[S] = 2: Wq = 0.9 * 2 / (2 * 0.1) = 9. */
    ck_assert_int_eq(vs_mg1(0.45, 2.0, 0.0, &m, &e), VS_OK);
    ck_rel(m.wait_time, 9.0, 1e-13);
    /* scv = 1 is M/M/1. */
    ck_assert_int_eq(vs_mg1(0.7, 1.0, 1.0, &m, &e), VS_OK);
    ck_assert_int_eq(vs_mmc(0.7, 1.0, 1, &mm, &e), VS_OK);
    ck_rel(m.wait_time, mm.wait_time, 1e-14);
    ck_rel(m.jobs_in_system, mm.jobs_in_system, 1e-14);
    /* H2 service, scv = 4, rho = 0.5, E[S] = 1: Wq = 0.5 * 5 / (2 * 0.5) = 2.5. */
    ck_assert_int_eq(vs_mg1(0.5, 1.0, 4.0, &m, &e), VS_OK);
    ck_rel(m.wait_time, 2.5, 1e-15);
}
END_TEST

/* Erlang-k inter-arrival LST with mean m: (k/m / (k/m + s))^k. */
typedef struct { int k; double mean; } erl_par;
static double erlang_lst(double s, const void *ctx)
{
    const erl_par *p = ctx;
    double r = p->k / p->mean;
    return pow(r / (r + s), p->k);
}
static double det_lst(double s, const void *ctx)
{
    return exp(-s * *(const double *)ctx);
}

START_TEST(gim1_sigma)
{
    vs_queue_metrics m;
    vs_err e;
    /* E2/M/1 (Kleinrock sec. 6.4, E_r/M/1): sigma (2 rho + 1 - sigma)^2 = 4 rho^2;
     * dividing out the root sigma = 1 leaves sigma^2 - (1 + 4 rho) sigma + 4 rho^2 = 0,
     * so sigma = ((1 + 4 rho) - sqrt(1 + 8 rho)) / 2.  lambda = 1, mu = 2, rho = 1/2:
     * sigma = (3 - sqrt 5) / 2 = 0.381966. */
    erl_par e2 = {2, 1.0};
    ck_assert_int_eq(vs_gim1(erlang_lst, &e2, 1.0, 2.0, &m, &e), VS_OK);
    double sigma = (3.0 - sqrt(5.0)) / 2.0;
    ck_rel(m.wait_probability, sigma, 1e-12);
    ck_rel(m.response_time, 1.0 / (2.0 * (1 - sigma)), 1e-12);
    ck_rel(m.wait_time, sigma / (2.0 * (1 - sigma)), 1e-12);
    ck_rel(m.jobs_in_system, m.response_time, 1e-15); /* lambda = 1 */
    ck_rel(m.utilization, 0.5, 1e-15);
    ck_rel(m.p95_response, log(20.0) / (2.0 * (1 - sigma)), 1e-12);
    ck_rel(m.p95_wait, log(sigma / 0.05) / (2.0 * (1 - sigma)), 1e-12);
    ck_assert(m.p50_wait == 0.0); /* 1 - sigma = 0.618 >= 0.5 */
    /* Same formula at rho = 0.95 (lambda = 0.95, mu = 1, E[A] = 1/0.95). */
    erl_par e2b = {2, 1.0 / 0.95};
    ck_assert_int_eq(vs_gim1(erlang_lst, &e2b, 1.0 / 0.95, 1.0, &m, &e), VS_OK);
    ck_rel(m.wait_probability, ((1 + 3.8) - sqrt(1 + 7.6)) / 2, 1e-11);
    /* Exponential arrivals (k = 1) give M/M/1: sigma = rho. */
    erl_par e1 = {1, 1.0 / 0.7};
    ck_assert_int_eq(vs_gim1(erlang_lst, &e1, 1.0 / 0.7, 1.0, &m, &e), VS_OK);
    ck_rel(m.wait_probability, 0.7, 1e-12);
    ck_rel(m.response_time, 1.0 / 0.3, 1e-11);
    /* D/M/1, rho = 0.5 (Gross & Harris, D/M/1): sigma = e^{-2(1 - sigma)}, whose
     * root in (0, 1) is 0.2031878699 (the equation itself is checked first). */
    double d = 2.0;
    ck_assert_int_eq(vs_gim1(det_lst, &d, 2.0, 1.0, &m, &e), VS_OK);
    ck_rel(m.wait_probability, exp(-2.0 * (1.0 - m.wait_probability)), 1e-13);
    ck_abs(m.wait_probability, 0.2031878699, 1e-9);
    ck_assert_int_eq(vs_gim1(det_lst, &d, 2.0, 0.5, &m, &e), VS_EUNSTABLE);
}
END_TEST

START_TEST(allen_cunneen)
{
    vs_queue_metrics m, ref;
    vs_err e;
    /* ca2 = cs2 = 1 reproduces M/M/c. */
    ck_assert_int_eq(vs_gigc_approx(3.6, 1.0, 4, 1.0, 1.0, &m, &e), VS_OK);
    ck_assert_int_eq(vs_mmc(3.6, 1.0, 4, &ref, &e), VS_OK);
    ck_assert_int_eq(m.approximate, 1);
    ck_assert_str_eq(m.model, "M/G/4 (Allen-Cunneen approx.)");
    ck_rel(m.wait_time, ref.wait_time, 1e-14);
    ck_rel(m.response_time, ref.response_time, 1e-14);
    /* c = 1, ca2 = 1 is Pollaczek-Khinchine. */
    ck_assert_int_eq(vs_gigc_approx(0.5, 1.0, 1, 1.0, 0.0, &m, &e), VS_OK);
    ck_rel(m.wait_time, 0.5, 1e-14);
    /* Scaling: Wq = Wq(M/M/c) (ca2 + cs2)/2. */
    ck_assert_int_eq(vs_gigc_approx(3.6, 1.0, 4, 0.5, 2.5, &m, &e), VS_OK);
    ck_assert_str_eq(m.model, "GI/G/4 (Allen-Cunneen approx.)");
    ck_rel(m.wait_time, 1.5 * ref.wait_time, 1e-14);
    ck_rel(m.queue_length, 3.6 * m.wait_time, 1e-15);
}
END_TEST

static Suite *analytic_suite(void)
{
    Suite *s = suite_create("analytic");
    TCase *tc = tcase_create("core");
    tcase_add_test(tc, erlang_b_tables);
    tcase_add_test(tc, erlang_c_values);
    tcase_add_test(tc, erlang_large_c);
    tcase_add_test(tc, mm1_formulas);
    tcase_add_test(tc, mm4_example);
    tcase_add_test(tc, mmc_quantile_roundtrip);
    tcase_add_test(tc, mmc_response_cdf_limit);
    tcase_add_test(tc, mmc_errors);
    tcase_add_test(tc, mmck_textbook);
    tcase_add_test(tc, mmck_bruteforce);
    tcase_add_test(tc, mmck_limits);
    tcase_add_test(tc, mmck_distributions);
    tcase_add_test(tc, mgcc_erlang_b);
    tcase_add_test(tc, mg1_pk);
    tcase_add_test(tc, gim1_sigma);
    tcase_add_test(tc, allen_cunneen);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    gsl_set_error_handler_off();
    SRunner *sr = srunner_create(analytic_suite());
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
