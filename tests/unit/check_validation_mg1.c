/*
 * check_validation_mg1.c: the simulator against single-server theory with
 * non-exponential service or arrivals.
 *
 * One VM with one vCPU on a dedicated host, fcfs:
 *   - M/G/1 with deterministic (M/D/1), Erlang-4 (M/E4/1), hyperexponential
 *     scv 4 (M/H2/1), lognormal and uniform job sizes, against the
 *     Pollaczek-Khinchine mean value formulas,
 *         Wq = lambda E[S^2] / (2 (1 - rho)),  E[S^2] = (1 + scv) E[S]^2,
 *         W = Wq + E[S],  L = lambda W,  Lq = lambda Wq,  P(wait) = rho;
 *   - E2/M/1 (Erlang-2 inter-arrival times, exponential sizes), a GI/M/1
 *     queue: sigma = ((1 + 4 rho) - sqrt(1 + 8 rho)) / 2 solves
 *     sigma = A*(mu (1 - sigma)), P(wait) = sigma, the response time is
 *     exponential with rate mu (1 - sigma), so W and its p95 are exact.
 * Warm-ups are at least 7 relaxation times, tau ~ (ca2 + cs2) / 2 /
 * (mu (1 - sqrt(rho))^2) (94 s for M/H2/1, 67 s for E2/M/1), so no bias
 * allowance is needed for the means.
 * The theory values are computed here from these formulas and must agree
 * with vs_mg1 / vs_gim1 and with the summary's analytic block.  The rule and
 * its reasons are in validation_harness.h and docs/validation.md.
 */
#include "validation_harness.h"

/* A single-server case: scenario distributions and the theory values. */
typedef struct mg1_case {
    const char *label;
    const char *model;     /* expected analytic model name */
    const char *arrival;   /* YAML */
    const char *size;      /* YAML */
    int R;
    double stop_s, warmup_s;
    uint64_t seed;
    vs_queue_metrics th;   /* theory: filled by the test before run_single */
} mg1_case;

/* Run a single-server case and check every metric against k->th. */
static void run_single(const mg1_case *k)
{
    char yaml[2048];
    vv_scenario(yaml, sizeof yaml, 1, -1, k->arrival, k->size, k->stop_s, k->warmup_s);
    vv_result *res = malloc(sizeof *res);
    ck_assert_ptr_nonnull(res);
    vv_run(k->label, yaml, k->R, k->seed, res);
    vv_check_model(res, k->model, &k->th);
    const vs_queue_metrics *th = &k->th;
    vv_check(res, VV_TPUT, th->throughput, 0.0, VV_REL(VV_TIGHT_RATE));
    vv_check(res, VV_UTIL, th->utilization, 0.0, VV_REL(VV_TIGHT_RATE));
    vv_check(res, VV_RESP, th->response_time, 0.0, VV_REL(VV_TIGHT_MEAN));
    vv_check(res, VV_WAIT, th->wait_time, 0.0, VV_REL(VV_TIGHT_WAIT));
    vv_check(res, VV_JOBS, th->jobs_in_system, 0.0, VV_REL(VV_TIGHT_MEAN));
    vv_check(res, VV_QUEUE, th->queue_length, 0.0, VV_REL(VV_TIGHT_WAIT));
    vv_check(res, VV_PWAIT, th->wait_probability, 0.0, VV_ABS(VV_TIGHT_PROB));
    if (isfinite(th->p95_response))
        vv_check(res, VV_P95, th->p95_response, VV_HIST_REL * th->p95_response,
                 VV_REL(VV_TIGHT_WAIT));
    vv_check_little(res, th->jobs_in_system, th->queue_length);
    for (int r = 0; r < res->R; r++)
        ck_assert_msg(res->x[VV_PBLOCK][r] == 0.0, "%s: blocking without a capacity", k->label);
    free(res);
}

/* P-K theory for Poisson arrivals at rate lambda and sizes of mean es
 * (seconds at speed 1) and scv cs2; also checks vs_mg1 gives the same. */
static void pk_theory(double lambda, double es, double cs2, vs_queue_metrics *th)
{
    double rho = lambda * es;
    double es2 = (1.0 + cs2) * es * es;
    vs_queue_metrics_clear(th);
    th->throughput = lambda;
    th->utilization = rho;
    th->wait_time = lambda * es2 / (2.0 * (1.0 - rho));
    th->response_time = th->wait_time + es;
    th->jobs_in_system = lambda * th->response_time;
    th->queue_length = lambda * th->wait_time;
    th->wait_probability = rho;
    th->blocking_probability = 0.0;

    vs_queue_metrics lib;
    vs_err err;
    ck_assert_int_eq(vs_mg1(lambda, es, cs2, &lib, &err), VS_OK);
    const double a[] = {lib.response_time, lib.wait_time, lib.jobs_in_system,
                        lib.queue_length, lib.wait_probability, lib.utilization};
    const double b[] = {th->response_time, th->wait_time, th->jobs_in_system,
                        th->queue_length, th->wait_probability, th->utilization};
    for (size_t i = 0; i < sizeof a / sizeof a[0]; i++)
        ck_assert_msg(fabs(a[i] - b[i]) <= 1e-12 * fabs(b[i]), "vs_mg1 field %zu: %.15g vs P-K %.15g",
                      i, a[i], b[i]);
}

/* M/D/1 at rho = 0.8: Wq = rho / (2 mu (1 - rho)) = 2 s. */
START_TEST(test_md1)
{
    mg1_case k = {.label = "M/D/1, rho = 0.8",
                  .model = "M/D/1",
                  .arrival = "{dist: exponential, rate: 0.8}",
                  .size = "{dist: deterministic, value: 1.0}",
                  .R = 30, .stop_s = 107000, .warmup_s = 500, .seed = 11001};
    pk_theory(0.8, 1.0, 0.0, &k.th);
    run_single(&k);
}
END_TEST

START_TEST(test_me41)
{
    mg1_case k = {.label = "M/E4/1, rho = 0.8",
                  .model = "M/E4/1",
                  .arrival = "{dist: exponential, rate: 0.8}",
                  .size = "{dist: erlang, k: 4, mean: 1.0}",
                  .R = 30, .stop_s = 156000, .warmup_s = 500, .seed = 12001};
    pk_theory(0.8, 1.0, 0.25, &k.th);
    run_single(&k);
}
END_TEST

START_TEST(test_mh21)
{
    mg1_case k = {.label = "M/H2/1, scv 4, rho = 0.7",
                  .model = "M/H2/1",
                  .arrival = "{dist: exponential, rate: 0.7}",
                  .size = "{dist: hyperexponential, mean: 1.0, scv: 4}",
                  .R = 30, .stop_s = 580000, .warmup_s = 1000, .seed = 13001};
    pk_theory(0.7, 1.0, 4.0, &k.th);
    run_single(&k);
}
END_TEST

START_TEST(test_mg1_lognormal)
{
    mg1_case k = {.label = "M/G/1 lognormal, scv 2, rho = 0.7",
                  .model = "M/G/1",
                  .arrival = "{dist: exponential, rate: 0.7}",
                  .size = "{dist: lognormal, mean: 1.0, scv: 2}",
                  .R = 30, .stop_s = 460000, .warmup_s = 1000, .seed = 14001};
    pk_theory(0.7, 1.0, 2.0, &k.th);
    run_single(&k);
}
END_TEST

/* Uniform on [0.5, 1.5]: mean 1, variance 1/12, scv 1/12. */
START_TEST(test_mg1_uniform)
{
    mg1_case k = {.label = "M/G/1 uniform [0.5, 1.5], rho = 0.8",
                  .model = "M/G/1",
                  .arrival = "{dist: exponential, rate: 0.8}",
                  .size = "{dist: uniform, min: 0.5, max: 1.5}",
                  .R = 30, .stop_s = 126000, .warmup_s = 500, .seed = 15001};
    pk_theory(0.8, 1.0, 1.0 / 12.0, &k.th);
    run_single(&k);
}
END_TEST

/* LST of the Erlang-2 inter-arrival time with mean m: (1 + s m / 2)^-2. */
static double erlang2_lst(double s, const void *ctx)
{
    double m = *(const double *)ctx;
    double f = 1.0 / (1.0 + s * m / 2.0);
    return f * f;
}

START_TEST(test_e2m1)
{
    double lambda = 0.8, mu = 1.0, rho = lambda / mu, mean_a = 1.0 / lambda;
    double sigma = ((1.0 + 4.0 * rho) - sqrt(1.0 + 8.0 * rho)) / 2.0;
    double rate = mu * (1.0 - sigma); /* of the exponential response time */
    mg1_case k = {.label = "E2/M/1, rho = 0.8",
                  .model = "E2/M/1",
                  .arrival = "{dist: erlang, k: 2, mean: 1.25}",
                  .size = "{dist: exponential, mean: 1.0}",
                  .R = 30, .stop_s = 200000, .warmup_s = 500, .seed = 16001};
    vs_queue_metrics_clear(&k.th);
    k.th.throughput = lambda;
    k.th.utilization = rho;
    k.th.response_time = 1.0 / rate;
    k.th.wait_time = sigma / rate;
    k.th.jobs_in_system = lambda / rate;
    k.th.queue_length = lambda * sigma / rate;
    k.th.wait_probability = sigma;
    k.th.blocking_probability = 0.0;
    k.th.p95_response = -log(0.05) / rate;

    vs_queue_metrics lib;
    vs_err err;
    ck_assert_int_eq(vs_gim1(erlang2_lst, &mean_a, mean_a, mu, &lib, &err), VS_OK);
    ck_assert_msg(fabs(lib.wait_probability - sigma) <= 1e-10, "vs_gim1 sigma %.15g, closed form %.15g",
                  lib.wait_probability, sigma);
    ck_assert_msg(fabs(lib.p95_response - k.th.p95_response) <= 1e-9 * k.th.p95_response,
                  "vs_gim1 p95 %.15g vs %.15g", lib.p95_response, k.th.p95_response);
    run_single(&k);
}
END_TEST

static Suite *validation_mg1_suite(void)
{
    Suite *s = suite_create("validation_mg1");
    TCase *tc = tcase_create("mg1");
    tcase_set_timeout(tc, 600);
    tcase_add_test(tc, test_md1);
    tcase_add_test(tc, test_me41);
    tcase_add_test(tc, test_mh21);
    tcase_add_test(tc, test_mg1_lognormal);
    tcase_add_test(tc, test_mg1_uniform);
    tcase_add_test(tc, test_e2m1);
    suite_add_tcase(s, tc);
    return s;
}

VV_MAIN(validation_mg1_suite)
