/*
 * check_validation_mmc.c: the simulator against M/M/c theory.
 *
 * One VM with c vCPUs on a dedicated host, fcfs, Poisson arrivals and
 * exponential job sizes of mean 1 s: an M/M/c queue.  Each case runs R
 * independent replications and checks the mean response and wait, the
 * utilization (= lambda E[S] / c), the throughput, the mean numbers in the
 * system and in the queue, P(wait) (Erlang C) and the exact 95th percentile
 * of the response time against vs_mmc, plus Little's law inside each
 * replication and the summary's analytic block.  The rule and its reasons
 * are in validation_harness.h and docs/validation.md.
 */
#include "validation_harness.h"

/* Run lengths.  The warm-up is at least 8 relaxation times of the queue,
 * tau = 1 / (c mu (1 - sqrt(rho))^2): 12 s for M/M/1 at rho = 0.5, 90 s at
 * 0.8, 45 s for M/M/2, 10 s for M/M/16, 6 s for M/M/256.  What is left of
 * the empty start's transient after the cut, about e^(-w/tau) tau / (T - w)
 * relative, is below 1e-6: no bias allowance for the means.  The stop times
 * put each case's tolerance at 60-85% of its tightness bound (see
 * docs/validation.md). */
typedef struct mmc_case {
    const char *label;
    int c;
    double rho;
    int R;
    double stop_s, warmup_s;
    uint64_t seed;
    /* Bounds on the tolerance of Wq and Lq (relative) and of P(wait)
     * (absolute) where the defaults VV_TIGHT_WAIT, VV_TIGHT_PROB would need
     * far more jobs (0 = the default); see the M/M/256 case. */
    double tight_wait, tight_pwait;
} mmc_case;

static void run_mmc(const mmc_case *k)
{
    double mu = 1.0, lambda = k->rho * k->c * mu;
    char arrival[64], yaml[2048];
    snprintf(arrival, sizeof arrival, "{dist: exponential, rate: %.17g}", lambda);
    vv_scenario(yaml, sizeof yaml, k->c, -1, arrival, "{dist: exponential, mean: 1.0}",
                k->stop_s, k->warmup_s);

    vs_queue_metrics th;
    vs_err err;
    ck_assert_int_eq(vs_mmc(lambda, mu, k->c, &th, &err), VS_OK);
    vv_result *res = malloc(sizeof *res);
    ck_assert_ptr_nonnull(res);
    vv_run(k->label, yaml, k->R, k->seed, res);

    char model[32];
    snprintf(model, sizeof model, "M/M/%d", k->c);
    vv_check_model(res, model, &th);
    ck_assert_msg(res->completed > 0 && res->arrived > 0, "%s: nothing measured", k->label);

    /* Utilization law: U = lambda E[S] / c, computed here, not taken from th. */
    double util = lambda * (1.0 / mu) / k->c;
    vv_check(res, VV_TPUT, lambda, 0.0, VV_REL(VV_TIGHT_RATE));
    vv_check(res, VV_UTIL, util, 0.0, VV_REL(VV_TIGHT_RATE));
    vv_check(res, VV_RESP, th.response_time, 0.0, VV_REL(VV_TIGHT_MEAN));
    double tw = k->tight_wait > 0 ? k->tight_wait : VV_TIGHT_WAIT;
    double tp = k->tight_pwait > 0 ? k->tight_pwait : VV_TIGHT_PROB;
    vv_check(res, VV_WAIT, th.wait_time, 0.0, VV_REL(tw));
    vv_check(res, VV_JOBS, th.jobs_in_system, 0.0, VV_REL(VV_TIGHT_MEAN));
    vv_check(res, VV_QUEUE, th.queue_length, 0.0, VV_REL(tw));
    vv_check(res, VV_PWAIT, vs_erlang_c(k->c, lambda / mu), 0.0, VV_ABS(tp));
    /* The percentile comes from a histogram with relative error <= 0.5%:
     * that is the bias allowance. */
    vv_check(res, VV_P95, th.p95_response, VV_HIST_REL * th.p95_response,
             VV_REL(VV_TIGHT_WAIT));
    ck_assert_msg(fabs(vs_mmc_response_cdf(lambda, mu, k->c, th.p95_response) - 0.95) < 1e-9,
                  "the exact p95 is not the 0.95 quantile");
    vv_check_little(res, th.jobs_in_system, th.queue_length);
    /* No capacity: nothing is ever blocked. */
    for (int r = 0; r < res->R; r++)
        ck_assert_msg(res->x[VV_PBLOCK][r] == 0.0, "%s: blocking without a capacity", k->label);
    free(res);
}

START_TEST(test_mm1_rho05)
{
    mmc_case k = {"M/M/1, rho = 0.5", 1, 0.5, 30, 100000, 200, 1001, 0, 0};
    run_mmc(&k);
}
END_TEST

START_TEST(test_mm1_rho08)
{
    mmc_case k = {"M/M/1, rho = 0.8", 1, 0.8, 30, 300000, 1000, 2001, 0, 0};
    run_mmc(&k);
}
END_TEST

START_TEST(test_mm2)
{
    mmc_case k = {"M/M/2, rho = 0.8", 2, 0.8, 30, 125000, 500, 3001, 0, 0};
    run_mmc(&k);
}
END_TEST

START_TEST(test_mm16)
{
    mmc_case k = {"M/M/16, rho = 0.85", 16, 0.85, 30, 37000, 200, 4001, 0.04, 0};
    run_mmc(&k);
}
END_TEST

START_TEST(test_mm256)
{
    mmc_case k = {"M/M/256, rho = 0.95", 256, 0.95, 30, 1400, 50, 5001, 0.13, 0.02};
    run_mmc(&k);
}
END_TEST

static Suite *validation_mmc_suite(void)
{
    Suite *s = suite_create("validation_mmc");
    TCase *tc = tcase_create("mmc");
    tcase_set_timeout(tc, 600);
    tcase_add_test(tc, test_mm1_rho05);
    tcase_add_test(tc, test_mm1_rho08);
    tcase_add_test(tc, test_mm2);
    tcase_add_test(tc, test_mm16);
    tcase_add_test(tc, test_mm256);
    suite_add_tcase(s, tc);
    return s;
}

VV_MAIN(validation_mmc_suite)
