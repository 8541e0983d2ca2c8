/*
 * check_guest_sched.c: the guest job schedulers (fcfs, sjf, srpt, rr, ps,
 * priority) on golden timelines worked out by hand, and the conservation
 * laws every scheduler must keep.
 *
 * Golden timelines.  Three workloads, each with a one-line trace file (one
 * arrival) and a deterministic size, on a VM whose vCPUs do 1 work unit/s:
 *     job  workload  arrival  size  class
 *     J1   a         1        4     1
 *     J2   b         2        2     2
 *     J3   c         3        1     0
 * With stop {jobs: 100} the run ends when the traces are used up and the VM
 * is empty, so every job is measured and the time integrals are exact: the
 * integral of N(t) is the sum of the response times and the busy
 * vCPU-seconds are the work (7) plus any switching.  The schedule of each
 * case is derived in the comment above it; times are multiples of 1/4, so
 * results are exact up to rounding and asserted to 1e-12 (relative).
 *
 * Conservation.  One random scenario (two Poisson workloads of two classes,
 * hyperexponential and exponential sizes) run under every scheduler with
 * the same seed, i.e. the same arrivals and sizes (common random numbers):
 *   - work conservation on one vCPU: every scheduler here is work
 *     conserving and switch-free (rr without switch_cost), so the busy
 *     periods are the same set of intervals and the utilization must agree
 *     with fcfs's to rounding (1e-9);
 *   - Little's law L = X W inside each replication, and utilization =
 *     lambda E[S] / c, with z = 4 tolerances from independent replications
 *     (the rule of validation_harness.h);
 *   - no idle vCPU while a job waits, on 2 vCPUs: with exponential sizes of
 *     one mean a size-blind work-conserving scheduler (fcfs, rr, ps,
 *     priority) has the M/M/2 number-in-system process, so its mean number
 *     of jobs must be M/M/2's (an idle vCPU with a job waiting would raise
 *     it).
 */
#include <check.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <gsl/gsl_errno.h>

#include "validation_harness.h"
#include "virtsim/analytic.h"
#include "virtsim/scenario.h"
#include "virtsim/sim.h"
#include "virtsim/summary.h"

#define EXACT 1e-12

#define ck_near(got, want, tol)                                                          \
    do {                                                                                 \
        double g_ = (got), w_ = (want);                                                  \
        ck_assert_msg(fabs(g_ - w_) <= (tol) * (fabs(w_) > 1.0 ? fabs(w_) : 1.0),        \
                      "%s = %.17g, want %.17g (tol %g)", #got, g_, w_, (double)(tol));   \
    } while (0)

/* ---- golden timelines ------------------------------------------------------- */

static const char golden_fmt[] =
    "name: golden\n"
    "stop: {jobs: 100}\n"
    "hosts: [{name: h, cores: %d}]\n"
    "vms:\n"
    "  - {name: v, vcpus: %d, host: h, scheduler: %s}\n"
    "workloads:\n"
    "  - {name: a, target: v, class: 1, arrival: {dist: trace, file: a.txt},\n"
    "     size: {dist: deterministic, value: 4}}\n"
    "  - {name: b, target: v, class: 2, arrival: {dist: trace, file: b.txt},\n"
    "     size: {dist: deterministic, value: 2}}\n"
    "  - {name: c, target: v, class: 0, arrival: {dist: trace, file: c.txt},\n"
    "     size: {dist: deterministic, value: 1}}\n";

static void write_file(const char *dir, const char *name, const char *text)
{
    char path[128];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    FILE *f = fopen(path, "w");
    ck_assert_ptr_nonnull(f);
    fputs(text, f);
    fclose(f);
}

static void remove_file(const char *dir, const char *name)
{
    char path[128];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    unlink(path);
}

/* Run the golden scenario on c vCPUs with `sched` (the rest of the VM's
 * flow mapping, e.g. "rr, quantum: 0.75"); one replication. */
static vs_summary *run_golden(int c, const char *sched)
{
    char dir[] = "/tmp/check_guest_sched.XXXXXX";
    ck_assert_ptr_nonnull(mkdtemp(dir));
    write_file(dir, "a.txt", "1\n");
    write_file(dir, "b.txt", "2\n");
    write_file(dir, "c.txt", "3\n");
    char yaml[2048];
    snprintf(yaml, sizeof yaml, golden_fmt, c, c, sched);
    vs_config *cfg = NULL;
    vs_err err;
    int rc = vs_scenario_load_string(yaml, strlen(yaml), "golden.yaml", dir, NULL, 0, &cfg, &err);
    ck_assert_msg(rc == VS_OK, "load failed (%s): %s", vs_errname(rc), err.msg);
    vs_run_opts ro = {.threads = 1};
    vs_summary *s = NULL;
    rc = vs_experiment_run(cfg, &ro, &s, &err);
    ck_assert_msg(rc == VS_OK, "run failed (%s): %s", vs_errname(rc), err.msg);
    vs_config_free(cfg);
    remove_file(dir, "a.txt");
    remove_file(dir, "b.txt");
    remove_file(dir, "c.txt");
    rmdir(dir);
    ck_assert_uint_eq(s->nstations, 1);
    ck_assert_uint_eq(s->stations[0].completed, 3);
    return s;
}

/* The station values of a drained golden run ending at `end`, with the
 * response and wait sums, busy vCPU-seconds `busy` on c vCPUs. */
static void check_golden(const vs_summary *s, int c, double end, double resp_sum,
                         double wait_sum, double busy)
{
    const vs_station_summary *st = &s->stations[0];
    ck_near(s->sim_time, end, EXACT);
    ck_near(st->response_time.mean, resp_sum / 3.0, EXACT);
    ck_near(st->wait_time.mean, wait_sum / 3.0, EXACT);
    ck_near(st->jobs_in_system.mean, resp_sum / end, EXACT); /* Little, exactly */
    ck_near(st->utilization.mean, busy / (c * end), EXACT);
    ck_near(st->queue_length.mean, (resp_sum - busy) / end, EXACT);
    ck_near(st->throughput.mean, 3.0 / end, EXACT);
}

/* Per-class response and wait (classes 0, 1, 2 are J3, J1, J2). */
static void check_classes(const vs_summary *s, const double resp[3], const double wait[3])
{
    const vs_station_summary *st = &s->stations[0];
    ck_assert_uint_eq(st->nclasses, 3);
    for (int k = 0; k < 3; k++) {
        ck_assert_int_eq(st->classes[k].klass, k);
        ck_near(st->classes[k].response_time.mean, resp[k], EXACT);
        ck_near(st->classes[k].wait_time.mean, wait[k], EXACT);
    }
}

/* fcfs, 1 vCPU: J1 [1, 5], J2 [5, 7], J3 [7, 8].  Responses 4, 5, 5; waits
 * 0, 3, 4. */
START_TEST(golden_fcfs)
{
    vs_summary *s = run_golden(1, "fcfs");
    check_golden(s, 1, 8.0, 14.0, 7.0, 7.0);
    vs_summary_free(s);
}
END_TEST

/* sjf, 1 vCPU: J1 [1, 5] (alone); at 5 J3 (1) before J2 (2): J3 [5, 6], J2
 * [6, 8].  Responses J1 4, J2 6, J3 3; waits 0, 4, 2. */
START_TEST(golden_sjf)
{
    vs_summary *s = run_golden(1, "sjf");
    check_golden(s, 1, 8.0, 13.0, 6.0, 7.0);
    vs_summary_free(s);
}
END_TEST

/* srpt, 1 vCPU: J1 runs from 1; at 2 it has 3 left, J2 (2) preempts it: J2
 * [2, 4]; at 3 J3 (1) does not preempt J2 (1 left: ties do not preempt); at
 * 4 J3 (1) before J1 (3): J3 [4, 5], J1 [5, 8].  Responses J1 7, J2 2,
 * J3 2; waits 0, 0, 1 (J1 first started at 1). */
START_TEST(golden_srpt)
{
    vs_summary *s = run_golden(1, "srpt");
    check_golden(s, 1, 8.0, 11.0, 1.0, 7.0);
    vs_summary_free(s);
}
END_TEST

/* srpt, 2 vCPUs: J1 [1, 3) on one vCPU, J2 [2, 4] on the other; at 3 J3 (1)
 * displaces J1 (2 left, more than J2's 1): J3 [3, 4]; at 4 J2 completes
 * first (its event was scheduled first) and its vCPU takes J1: [4, 6]; J3
 * completes, its vCPU idles.  Responses 5, 2, 1; waits 0. */
START_TEST(golden_srpt_2vcpus)
{
    vs_summary *s = run_golden(2, "srpt");
    check_golden(s, 2, 6.0, 8.0, 0.0, 7.0);
    vs_summary_free(s);
}
END_TEST

/* priority, preemptive-resume, 1 vCPU (J1 class 1, J2 class 2, J3 class 0):
 * J1 from 1; J2 (class 2) waits; at 3 J3 (class 0) displaces J1 (2 left):
 * J3 [3, 4]; then J1 (class 1) [4, 6], J2 [6, 8].  Responses J1 5, J2 6,
 * J3 1; waits J1 0, J2 4, J3 0. */
START_TEST(golden_priority_preemptive)
{
    vs_summary *s = run_golden(1, "priority, preemptive: true");
    check_golden(s, 1, 8.0, 12.0, 4.0, 7.0);
    const double resp[3] = {1.0, 5.0, 6.0}, wait[3] = {0.0, 0.0, 4.0};
    check_classes(s, resp, wait);
    vs_summary_free(s);
}
END_TEST

/* priority, head-of-line, 1 vCPU: J1 [1, 5]; at 5 J3 (class 0) before J2
 * (class 2): J3 [5, 6], J2 [6, 8].  Responses J1 4, J2 6, J3 3; waits 0, 4,
 * 2. */
START_TEST(golden_priority_nonpreemptive)
{
    vs_summary *s = run_golden(1, "priority, preemptive: false");
    check_golden(s, 1, 8.0, 13.0, 6.0, 7.0);
    const double resp[3] = {3.0, 4.0, 6.0}, wait[3] = {2.0, 0.0, 4.0};
    check_classes(s, resp, wait);
    vs_summary_free(s);
}
END_TEST

/* priority, preemptive, 2 vCPUs: J1 [1, 5] and J2 from 2; at 3 J3 (class 0)
 * displaces the lowest class running, J2 (class 2, 1 left): J3 [3, 4], then
 * J2 resumes [4, 5].  Responses J1 4, J2 3, J3 1; waits 0. */
START_TEST(golden_priority_2vcpus)
{
    vs_summary *s = run_golden(2, "priority, preemptive: true");
    check_golden(s, 2, 5.0, 8.0, 0.0, 7.0);
    const double resp[3] = {1.0, 4.0, 3.0}, wait[3] = {0.0, 0.0, 0.0};
    check_classes(s, resp, wait);
    vs_summary_free(s);
}
END_TEST

/* ps, 1 vCPU: J1 alone at rate 1 from 1; at 2 it has 3 left and J2 arrives
 * (rate 1/2 each); at 3 J1 has 2.5, J2 1.5, J3 arrives with 1 (rate 1/3
 * each); J3 finishes after 3 s at 6 (J1 1.5 left, J2 0.5); then rate 1/2:
 * J2 at 7 (J1 1 left), J1 alone at 8.  Responses 7, 5, 3; waits 0. */
START_TEST(golden_ps)
{
    vs_summary *s = run_golden(1, "ps");
    check_golden(s, 1, 8.0, 15.0, 0.0, 7.0);
    ck_near(s->stations[0].wait_probability, 0.0, EXACT);
    vs_summary_free(s);
}
END_TEST

/* ps, 2 vCPUs: J1 alone from 1, J2 with its own vCPU from 2 (rate 1 each:
 * J1 2 left at 3, J2 1 left); from 3 three jobs share 2 vCPUs at rate 2/3:
 * J2 and J3 (1 left each) both finish at 4.5, J1 then has 1 left, alone at
 * rate 1: done at 5.5.  Responses 4.5, 2.5, 1.5; busy = work = 7. */
START_TEST(golden_ps_2vcpus)
{
    vs_summary *s = run_golden(2, "ps");
    check_golden(s, 2, 5.5, 8.5, 0.0, 7.0);
    vs_summary_free(s);
}
END_TEST

/* rr, quantum 0.75, 1 vCPU, no switch cost.  J1 [1, 1.75] and, nobody
 * waiting, [1.75, 2.5] (J2 queued at 2); at 2.5 J1 (2.5 left) goes behind
 * J2: J2 [2.5, 3.25] (J3 queued at 3), queue J1 J3 J2; J1 [3.25, 4] (1.75
 * left), J3 [4, 4.75] (0.25 left), J2 [4.75, 5.5] (0.5 left), J1 [5.5,
 * 6.25] (1 left), J3 [6.25, 6.5] done, J2 [6.5, 7] done, J1 [7, 7.75] and
 * alone [7.75, 8] done.  Responses 7, 5, 3.5; waits 0, 0.5, 1. */
START_TEST(golden_rr)
{
    vs_summary *s = run_golden(1, "rr, quantum: 0.75");
    check_golden(s, 1, 8.0, 15.5, 1.5, 7.0);
    vs_summary_free(s);
}
END_TEST

/* rr, quantum 0.75, switch cost 0.25, 1 vCPU.  As above, but every time the
 * vCPU goes from one job to another it first spends 0.25 s: J1 [1, 2.5]
 * (no switch: nobody waited at 1.75), switch, J2 [2.75, 3.5], switch, J1
 * [3.75, 4.5], J3 [4.75, 5.5], J2 [5.75, 6.5], J1 [6.75, 7.5], J3 [7.75, 8]
 * done, J2 [8.25, 8.75] done, J1 [9, 10] done (alone, no switch).  First
 * starts 1, 2.75, 4.75: waits 0, 0.75, 1.75; responses 9, 6.75, 5.  Busy
 * 7 + 8 switches x 0.25 = 9 s. */
START_TEST(golden_rr_switch_cost)
{
    vs_summary *s = run_golden(1, "rr, quantum: 0.75, switch_cost: 0.25");
    check_golden(s, 1, 10.0, 20.75, 2.5, 9.0);
    vs_summary_free(s);
}
END_TEST

/* rr with a quantum longer than every job is FCFS paying the switch cost
 * between jobs: J1 [1, 5], switch, J2 [5.25, 7.25], switch, J3 [7.5, 8.5].
 * Responses 4, 5.25, 5.5; waits 0, 3.25, 4.5; busy 7.5. */
START_TEST(golden_rr_long_quantum)
{
    vs_summary *s = run_golden(1, "rr, quantum: 100, switch_cost: 0.25");
    check_golden(s, 1, 8.5, 14.75, 7.75, 7.5);
    vs_summary_free(s);
}
END_TEST

/* rr, quantum 0.75, 2 vCPUs.  J1 from 1 and J2 from 2 slice on their own
 * vCPUs while nobody waits.  J3 queues at 3.  At 3.25 J1 (2.25 served, 1.75
 * left) yields to J3 [3.25, 4]; at 3.5 J2 (1.5 served, 0.5 left) yields to
 * J1 [3.5, 4.25] (1 left); at 4 J3 (0.25 left) yields to J2 [4, 4.5] done;
 * at 4.25 J1 (1 left) yields to J3 [4.25, 4.5] done; at 4.5 J2's
 * completion fires first (scheduled first) and its vCPU takes J1 [4.5,
 * 5.25], then, nobody waiting, [5.25, 5.5] done; J3's vCPU idles.
 * Responses 4.5, 2.5, 1.5; waits 0, 0, 0.25. */
START_TEST(golden_rr_2vcpus)
{
    vs_summary *s = run_golden(2, "rr, quantum: 0.75");
    check_golden(s, 2, 5.5, 8.5, 0.25, 7.0);
    vs_summary_free(s);
}
END_TEST

/* ---- conservation -------------------------------------------------------------- */

static const char *const all_scheds[] = {
    "fcfs", "sjf", "srpt", "rr, quantum: 0.1", "ps", "priority, preemptive: true",
    "priority, preemptive: false",
};
#define NSCHED (sizeof all_scheds / sizeof all_scheds[0])

/* Two Poisson workloads on c vCPUs: class 0 at rate l0 with sizes `s0`,
 * class 1 at rate l1 with sizes `s1`. */
static void mixed(char *buf, size_t len, int c, const char *sched, double l0, const char *s0,
                  double l1, const char *s1, double stop_s)
{
    int n = snprintf(buf, len,
                     "name: conservation\n"
                     "stop: {time: %.17g}\n"
                     "warmup: {time: %.17g}\n"
                     "hosts: [{name: h, cores: %d}]\n"
                     "vms:\n"
                     "  - {name: v, vcpus: %d, host: h, scheduler: %s}\n"
                     "workloads:\n"
                     "  - {name: x, target: v, class: 0, arrival: {dist: exponential, rate: %.17g},\n"
                     "     size: %s}\n"
                     "  - {name: y, target: v, class: 1, arrival: {dist: exponential, rate: %.17g},\n"
                     "     size: %s}\n",
                     stop_s, stop_s / 20.0, c, c, sched, l0, s0, l1, s1);
    ck_assert(n > 0 && (size_t)n < len);
}

static vs_summary *run_text(const char *yaml, uint64_t seed)
{
    vs_config *cfg = NULL;
    vs_err err;
    int rc = vs_scenario_load_string(yaml, strlen(yaml), "c.yaml", ".", NULL, 0, &cfg, &err);
    ck_assert_msg(rc == VS_OK, "load failed (%s): %s", vs_errname(rc), err.msg);
    cfg->seed = seed;
    cfg->replications = 1;
    vs_run_opts ro = {.threads = 1};
    vs_summary *s = NULL;
    rc = vs_experiment_run(cfg, &ro, &s, &err);
    ck_assert_msg(rc == VS_OK, "run failed (%s): %s", vs_errname(rc), err.msg);
    vs_config_free(cfg);
    return s;
}

/* One vCPU, the same arrivals and sizes: the busy time is the same under
 * every scheduler (work conservation), to rounding. */
START_TEST(work_conservation_one_vcpu)
{
    char yaml[2048];
    double util0 = NAN;
    for (size_t i = 0; i < NSCHED; i++) {
        mixed(yaml, sizeof yaml, 1, all_scheds[i], 0.35,
              "{dist: hyperexponential, mean: 1, scv: 4}", 0.35,
              "{dist: exponential, mean: 1}", 4000.0);
        vs_summary *s = run_text(yaml, 42);
        double u = s->stations[0].utilization.mean;
        if (i == 0)
            util0 = u;
        ck_assert_msg(fabs(u - util0) <= 1e-9 * util0, "%s: utilization %.15g, fcfs %.15g",
                      all_scheds[i], u, util0);
        ck_assert_msg(u > 0.5 && u < 0.9, "%s: utilization %g", all_scheds[i], u);
        vs_summary_free(s);
    }
}
END_TEST

/* Little's law and utilization = lambda E[S] / c for each scheduler, on 1
 * and 2 vCPUs (rho = 0.7), R = 12 replications each. */
static void little_and_util(int c)
{
    char yaml[2048];
    double lambda = 0.7 * c, es = 1.0;
    for (size_t i = 0; i < NSCHED; i++) {
        mixed(yaml, sizeof yaml, c, all_scheds[i], lambda / 2,
              "{dist: hyperexponential, mean: 1, scv: 4}", lambda / 2,
              "{dist: exponential, mean: 1}", 20000.0);
        char label[96];
        snprintf(label, sizeof label, "%s, c = %d", all_scheds[i], c);
        vv_result res;
        vv_run(label, yaml, 12, 1000 + 17 * (uint64_t)i, &res);
        double L, sd;
        vv_stats(&res, VV_JOBS, &L, &sd);
        vv_check(&res, VV_LITTLE, 0.0, 0.0, VV_ABS(0.02 * L));
        vv_check(&res, VV_UTIL, lambda * es / c, 0.0, VV_REL(0.02));
        vv_check(&res, VV_TPUT, lambda, 0.0, VV_REL(0.02));
    }
}

START_TEST(little_and_utilization_1)
{
    little_and_util(1);
}
END_TEST

START_TEST(little_and_utilization_2)
{
    little_and_util(2);
}
END_TEST

/* Size-blind schedulers on M/M/2 (rho = 0.7, one size distribution for both
 * classes) keep the M/M/2 number in system: no vCPU idles while a job
 * waits. */
START_TEST(no_idle_vcpu_while_waiting)
{
    static const char *const blind[] = {"fcfs", "rr, quantum: 0.1", "ps",
                                        "priority, preemptive: true",
                                        "priority, preemptive: false"};
    vs_queue_metrics mmc;
    vs_err err;
    ck_assert_int_eq(vs_mmc(1.4, 1.0, 2, &mmc, &err), VS_OK);
    char yaml[2048];
    for (size_t i = 0; i < sizeof blind / sizeof blind[0]; i++) {
        mixed(yaml, sizeof yaml, 2, blind[i], 0.7, "{dist: exponential, mean: 1}", 0.7,
              "{dist: exponential, mean: 1}", 20000.0);
        char label[96];
        snprintf(label, sizeof label, "%s, M/M/2", blind[i]);
        vv_result res;
        vv_run(label, yaml, 16, 5000 + 31 * (uint64_t)i, &res);
        vv_check(&res, VV_JOBS, mmc.jobs_in_system, 0.0, VV_REL(0.05));
    }
}
END_TEST

static Suite *guest_suite(void)
{
    Suite *s = suite_create("guest_sched");
    TCase *tc = tcase_create("golden");
    tcase_add_test(tc, golden_fcfs);
    tcase_add_test(tc, golden_sjf);
    tcase_add_test(tc, golden_srpt);
    tcase_add_test(tc, golden_srpt_2vcpus);
    tcase_add_test(tc, golden_priority_preemptive);
    tcase_add_test(tc, golden_priority_nonpreemptive);
    tcase_add_test(tc, golden_priority_2vcpus);
    tcase_add_test(tc, golden_ps);
    tcase_add_test(tc, golden_ps_2vcpus);
    tcase_add_test(tc, golden_rr);
    tcase_add_test(tc, golden_rr_switch_cost);
    tcase_add_test(tc, golden_rr_2vcpus);
    tcase_add_test(tc, golden_rr_long_quantum);
    suite_add_tcase(s, tc);
    tc = tcase_create("conservation");
    tcase_set_timeout(tc, 120);
    tcase_add_test(tc, work_conservation_one_vcpu);
    tcase_add_test(tc, little_and_utilization_1);
    tcase_add_test(tc, little_and_utilization_2);
    tcase_add_test(tc, no_idle_vcpu_while_waiting);
    suite_add_tcase(s, tc);
    return s;
}

VV_MAIN(guest_suite)
