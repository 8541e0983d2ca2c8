/*
 * check_validation_determinism.c: the same scenario and seed give the same
 * summary, bit for bit, whatever the number of threads; another seed gives
 * another summary.
 *
 * The scenario has 4 replications of two VMs (an M/M/2 queue and an M/G/1
 * queue with lognormal sizes, on one host) so that the summary aggregates
 * several replications, stations and hosts.  It is run through
 * vs_experiment_run with vs_run_opts.threads = 1, 2 and 4, and every number
 * of the summaries except the wall-clock ones is compared with memcmp
 * (so -0.0 vs 0.0 or two different NaNs would count as differences).
 */
#include "validation_harness.h"

static const char determinism_yaml[] =
    "name: determinism\n"
    "seed: 7\n"
    "stop: {time: 3000}\n"
    "warmup: {time: 100}\n"
    "replications: 4\n"
    "hosts:\n"
    "  - name: host\n"
    "    cores: 4\n"
    "    scheduler: dedicated\n"
    "vms:\n"
    "  - name: web\n"
    "    vcpus: 2\n"
    "    host: host\n"
    "    scheduler: fcfs\n"
    "  - name: db\n"
    "    vcpus: 1\n"
    "    host: host\n"
    "    scheduler: fcfs\n"
    "workloads:\n"
    "  - name: requests\n"
    "    target: web\n"
    "    arrival: {dist: exponential, rate: 1.5}\n"
    "    size: {dist: exponential, mean: 1.0}\n"
    "  - name: queries\n"
    "    target: db\n"
    "    arrival: {dist: exponential, rate: 0.6}\n"
    "    size: {dist: lognormal, mean: 1.0, scv: 2}\n";

static vs_summary *run_with(uint64_t seed, int threads)
{
    vs_config *cfg = NULL;
    vs_summary *sum = NULL;
    vs_err err;
    int rc = vs_scenario_load_string(determinism_yaml, strlen(determinism_yaml),
                                     "determinism.yaml", ".", NULL, 0, &cfg, &err);
    ck_assert_msg(rc == VS_OK, "load: %s", err.msg);
    cfg->seed = seed;
    vs_run_opts opts = {.threads = threads};
    rc = vs_experiment_run(cfg, &opts, &sum, &err);
    ck_assert_msg(rc == VS_OK, "run: %s", err.msg);
    vs_config_free(cfg);
    ck_assert_int_eq(sum->replications, 4);
    ck_assert_int_eq(sum->partial, 0);
    return sum;
}

/* Bit-equality of one value, with its name in the failure message. */
#define SAME(a, b, what)                                                          \
    ck_assert_msg(memcmp(&(a), &(b), sizeof(a)) == 0, "%s differs: %.17g vs %.17g", \
                  what, (double)(a), (double)(b))
#define SAME_METRIC(a, b, what)            \
    do {                                   \
        SAME((a).mean, (b).mean, what);    \
        SAME((a).ci95, (b).ci95, what);    \
    } while (0)

static void same_summary(const vs_summary *a, const vs_summary *b)
{
    SAME(a->seed, b->seed, "seed");
    SAME(a->replications, b->replications, "replications");
    SAME(a->events, b->events, "events");
    SAME(a->sim_time, b->sim_time, "sim_time");
    SAME(a->warmup_time, b->warmup_time, "warmup_time");
    ck_assert_uint_eq(a->nstations, b->nstations);
    ck_assert_uint_eq(a->nhosts, b->nhosts);
    for (size_t i = 0; i < a->nstations; i++) {
        const vs_station_summary *x = &a->stations[i], *y = &b->stations[i];
        ck_assert_str_eq(x->name, y->name);
        SAME(x->arrived, y->arrived, "arrived");
        SAME(x->completed, y->completed, "completed");
        SAME(x->blocked, y->blocked, "blocked");
        SAME_METRIC(x->throughput, y->throughput, "throughput");
        SAME_METRIC(x->utilization, y->utilization, "utilization");
        SAME_METRIC(x->response_time, y->response_time, "response_time");
        SAME_METRIC(x->wait_time, y->wait_time, "wait_time");
        SAME_METRIC(x->jobs_in_system, y->jobs_in_system, "jobs_in_system");
        SAME_METRIC(x->queue_length, y->queue_length, "queue_length");
        SAME(x->p50_response, y->p50_response, "p50_response");
        SAME(x->p95_response, y->p95_response, "p95_response");
        SAME(x->p99_response, y->p99_response, "p99_response");
        SAME(x->p50_wait, y->p50_wait, "p50_wait");
        SAME(x->p95_wait, y->p95_wait, "p95_wait");
        SAME(x->p99_wait, y->p99_wait, "p99_wait");
        SAME(x->wait_probability, y->wait_probability, "wait_probability");
        SAME(x->blocking_probability, y->blocking_probability, "blocking_probability");
        ck_assert_uint_eq(x->nclasses, y->nclasses);
        for (size_t c = 0; c < x->nclasses; c++) {
            const vs_class_summary *p = &x->classes[c], *q = &y->classes[c];
            SAME(p->klass, q->klass, "class");
            SAME(p->completed, q->completed, "class completed");
            SAME_METRIC(p->throughput, q->throughput, "class throughput");
            SAME_METRIC(p->response_time, q->response_time, "class response_time");
            SAME_METRIC(p->wait_time, q->wait_time, "class wait_time");
            SAME(p->p50_response, q->p50_response, "class p50_response");
            SAME(p->p95_response, q->p95_response, "class p95_response");
            SAME(p->p99_response, q->p99_response, "class p99_response");
            SAME(p->p50_wait, q->p50_wait, "class p50_wait");
            SAME(p->p95_wait, q->p95_wait, "class p95_wait");
            SAME(p->p99_wait, q->p99_wait, "class p99_wait");
        }
    }
    for (size_t h = 0; h < a->nhosts; h++) {
        SAME_METRIC(a->hosts[h].utilization, b->hosts[h].utilization, "host utilization");
        SAME(a->hosts[h].energy_kwh, b->hosts[h].energy_kwh, "host energy");
    }
}

START_TEST(test_threads_bit_identical)
{
    vs_summary *one = run_with(7, 1);
    vs_summary *two = run_with(7, 2);
    vs_summary *four = run_with(7, 4);
    ck_assert_uint_eq(one->nstations, 2);
    ck_assert(one->stations[0].completed > 0 && one->stations[1].completed > 0);
    same_summary(one, two);
    same_summary(one, four);
    vs_summary_free(one);
    vs_summary_free(two);
    vs_summary_free(four);
}
END_TEST

START_TEST(test_other_seed_differs)
{
    vs_summary *a = run_with(7, 2);
    vs_summary *b = run_with(8, 2);
    for (size_t i = 0; i < a->nstations; i++) {
        const vs_station_summary *x = &a->stations[i], *y = &b->stations[i];
        ck_assert_msg(x->response_time.mean != y->response_time.mean,
                      "%s: same mean response with seeds 7 and 8", x->name);
        ck_assert_msg(x->arrived != y->arrived || x->completed != y->completed,
                      "%s: same job counts with seeds 7 and 8", x->name);
        ck_assert_msg(x->p95_response != y->p95_response || x->wait_time.mean != y->wait_time.mean,
                      "%s: same wait with seeds 7 and 8", x->name);
    }
    vs_summary_free(a);
    vs_summary_free(b);
}
END_TEST

static Suite *validation_determinism_suite(void)
{
    Suite *s = suite_create("validation_determinism");
    TCase *tc = tcase_create("determinism");
    tcase_set_timeout(tc, 600);
    tcase_add_test(tc, test_threads_bit_identical);
    tcase_add_test(tc, test_other_seed_differs);
    suite_add_tcase(s, tc);
    return s;
}

VV_MAIN(validation_determinism_suite)
