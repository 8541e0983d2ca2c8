/*
 * check_validation_loss.c: the simulator against finite-capacity theory.
 *
 * One VM with c vCPUs on a dedicated host, fcfs, with a capacity: arrivals
 * that find K jobs in the VM are blocked.
 *   - M/M/c/K: Poisson arrivals, exponential sizes, K > c, offered load
 *     above c so that blocking matters.  Checked: P(block), throughput
 *     lambda (1 - P_K), utilization lambda (1 - P_K) E[S] / c, mean response
 *     and wait, jobs in system and in queue, P(wait) of accepted jobs, the
 *     p95 of the response time, Little's law.
 *   - Erlang B, M/G/c/c: K = c, so no job ever waits; P(block) = B(c, a)
 *     whatever the service distribution beyond its mean (insensitivity).
 *     Run with deterministic and with lognormal (scv 2) job sizes: both
 *     must give the Erlang B value of the exponential case.
 * The theory values come from the birth-death chain on 0..K solved here
 * (p_n proportional to prod_{k=1..n} lambda / (min(k, c) mu)), which must
 * agree with vs_mmck / vs_mgcc and with the summary's analytic block.  The
 * rule and its reasons are in validation_harness.h and docs/validation.md.
 */
#include "validation_harness.h"

/* Stationary M/M/c/K by the birth-death balance equations, in a plain loop
 * (small c and K only).  For M/G/c/c (K = c) the same numbers hold for any
 * service distribution with mean 1/mu. */
static void birth_death(double lambda, double mu, int c, int K, vs_queue_metrics *th)
{
    double p[256];
    ck_assert(K < 256);
    p[0] = 1.0;
    double z = 1.0;
    for (int n = 1; n <= K; n++) {
        p[n] = p[n - 1] * lambda / ((n < c ? n : c) * mu);
        z += p[n];
    }
    double L = 0.0, Lq = 0.0, busy = 0.0, waitp = 0.0;
    for (int n = 0; n <= K; n++) {
        p[n] /= z;
        L += n * p[n];
        Lq += (n > c ? n - c : 0) * p[n];
        busy += (n < c ? n : c) * p[n];
        if (n >= c && n < K)
            waitp += p[n];
    }
    double accepted = lambda * (1.0 - p[K]);
    vs_queue_metrics_clear(th);
    th->blocking_probability = p[K];
    th->throughput = accepted;
    th->utilization = busy / c;
    th->jobs_in_system = L;
    th->queue_length = Lq;
    th->response_time = L / accepted;
    th->wait_time = Lq / accepted;
    th->wait_probability = waitp / (1.0 - p[K]);
}

static void same_metrics(const char *what, const vs_queue_metrics *a, const vs_queue_metrics *b)
{
    const double x[] = {a->blocking_probability, a->throughput, a->utilization,
                        a->jobs_in_system, a->queue_length, a->response_time, a->wait_time,
                        a->wait_probability};
    const double y[] = {b->blocking_probability, b->throughput, b->utilization,
                        b->jobs_in_system, b->queue_length, b->response_time, b->wait_time,
                        b->wait_probability};
    for (size_t i = 0; i < sizeof x / sizeof x[0]; i++)
        ck_assert_msg(fabs(x[i] - y[i]) <= 1e-10 * fabs(y[i]) + 1e-14,
                      "%s field %zu: %.15g, birth-death chain %.15g", what, i, x[i], y[i]);
}

/* M/M/4/10 at offered load 4.4 Erlangs (rho = 1.1): P(block) ~ 0.14. */
START_TEST(test_mmck)
{
    const int c = 4, K = 10;
    const double lambda = 4.4, mu = 1.0;
    vs_queue_metrics th, lib;
    vs_err err;
    birth_death(lambda, mu, c, K, &th);
    ck_assert_int_eq(vs_mmck(lambda, mu, c, K, &lib, &err), VS_OK);
    same_metrics("vs_mmck", &lib, &th);
    th.p95_response = lib.p95_response; /* exact, from the Erlang mixture in mmck.c */
    ck_assert(isfinite(th.p95_response));
    /* Utilization law with the accepted rate. */
    ck_assert(fabs(th.utilization - lambda * (1.0 - th.blocking_probability) / (c * mu)) < 1e-12);

    char yaml[2048];
    vv_scenario(yaml, sizeof yaml, c, K, "{dist: exponential, rate: 4.4}",
                "{dist: exponential, mean: 1.0}", 8000, 100);
    vv_result *res = malloc(sizeof *res);
    ck_assert_ptr_nonnull(res);
    vv_run("M/M/4/10, a = 4.4", yaml, 30, 21001, res);
    vv_check_model(res, "M/M/4/10", &lib);
    vv_check(res, VV_PBLOCK, th.blocking_probability, 0.0, VV_ABS(VV_TIGHT_PROB));
    vv_check(res, VV_TPUT, th.throughput, 0.0, VV_REL(VV_TIGHT_RATE));
    vv_check(res, VV_UTIL, th.utilization, 0.0, VV_REL(VV_TIGHT_RATE));
    vv_check(res, VV_RESP, th.response_time, 0.0, VV_REL(VV_TIGHT_MEAN));
    vv_check(res, VV_WAIT, th.wait_time, 0.0, VV_REL(VV_TIGHT_WAIT));
    vv_check(res, VV_JOBS, th.jobs_in_system, 0.0, VV_REL(VV_TIGHT_MEAN));
    vv_check(res, VV_QUEUE, th.queue_length, 0.0, VV_REL(VV_TIGHT_WAIT));
    vv_check(res, VV_PWAIT, th.wait_probability, 0.0, VV_ABS(VV_TIGHT_PROB));
    vv_check(res, VV_P95, th.p95_response, VV_HIST_REL * th.p95_response, VV_REL(VV_TIGHT_WAIT));
    vv_check_little(res, th.jobs_in_system, th.queue_length);
    free(res);
}
END_TEST

/* M/G/8/8 at a = 8 Erlangs: B(8, 8) = 0.2356 for any size distribution of
 * mean 1 s.  Nobody waits, so wait, queue and P(wait) are exactly 0, and the
 * mean response is the mean size. */
static void run_erlang_b(const char *label, const char *model, const char *size,
                         uint64_t seed)
{
    const int c = 8;
    const double lambda = 8.0, mean_s = 1.0;
    vs_queue_metrics th, lib;
    vs_err err;
    birth_death(lambda, 1.0 / mean_s, c, c, &th);
    ck_assert_int_eq(vs_mgcc(lambda, mean_s, c, &lib, &err), VS_OK);
    same_metrics("vs_mgcc", &lib, &th);
    ck_assert(fabs(vs_erlang_b(c, lambda * mean_s) - th.blocking_probability) < 1e-14);

    char yaml[2048];
    vv_scenario(yaml, sizeof yaml, c, c, "{dist: exponential, rate: 8}", size, 4000, 50);
    vv_result *res = malloc(sizeof *res);
    ck_assert_ptr_nonnull(res);
    vv_run(label, yaml, 30, seed, res);
    vv_check_model(res, model, &lib);
    vv_check(res, VV_PBLOCK, th.blocking_probability, 0.0, VV_ABS(VV_TIGHT_PROB));
    vv_check(res, VV_TPUT, th.throughput, 0.0, VV_REL(VV_TIGHT_RATE));
    vv_check(res, VV_UTIL, th.utilization, 0.0, VV_REL(VV_TIGHT_RATE));
    vv_check(res, VV_JOBS, th.jobs_in_system, 0.0, VV_REL(VV_TIGHT_MEAN));
    /* Deterministic sizes: every response is exactly 1 s up to the rounding
     * of the time stamps (t + 1 - t, t up to 4000 s: 1e-12 s), so s is ~0
     * and the allowance is that rounding, 1e-9 s. */
    vv_check(res, VV_RESP, mean_s, 1e-9, VV_REL(VV_TIGHT_MEAN));
    vv_check_little(res, th.jobs_in_system, 0.0);
    for (int r = 0; r < res->R; r++) {
        ck_assert_msg(res->x[VV_WAIT][r] == 0.0 && res->x[VV_QUEUE][r] == 0.0 &&
                          res->x[VV_PWAIT][r] == 0.0,
                      "%s: replication %d: a job waited in a loss system (wait %g, queue %g, "
                      "P(wait) %g)",
                      label, r, res->x[VV_WAIT][r], res->x[VV_QUEUE][r], res->x[VV_PWAIT][r]);
    }
    free(res);
}

START_TEST(test_erlang_b_deterministic)
{
    run_erlang_b("M/D/8/8 (Erlang B), a = 8", "M/D/8/8", "{dist: deterministic, value: 1.0}",
                 22001);
}
END_TEST

START_TEST(test_erlang_b_lognormal)
{
    run_erlang_b("M/G/8/8 (Erlang B) lognormal scv 2, a = 8", "M/G/8/8",
                 "{dist: lognormal, mean: 1.0, scv: 2}", 23001);
}
END_TEST

static Suite *validation_loss_suite(void)
{
    Suite *s = suite_create("validation_loss");
    TCase *tc = tcase_create("loss");
    tcase_set_timeout(tc, 600);
    tcase_add_test(tc, test_mmck);
    tcase_add_test(tc, test_erlang_b_deterministic);
    tcase_add_test(tc, test_erlang_b_lognormal);
    suite_add_tcase(s, tc);
    return s;
}

VV_MAIN(validation_loss_suite)
