/*
 * check_sim.c: tests of the model (src/model) and of the experiment driver
 * (src/experiment) through the public API: a scenario text goes through
 * vs_scenario_load_string, vs_sim_check and vs_experiment_run, and the
 * vs_summary that comes out is compared with values worked out by hand.
 *
 * Most scenarios here are deterministic: arrivals every `value` seconds (the
 * first one at t = value, since the first gap is drawn like the others) and
 * fixed job sizes, chosen so that arrivals fall on whole seconds and
 * completions on half or quarter seconds and no two events share a time
 * unless the comment says how the tie breaks (in scheduling order, the
 * engine's rule).  Their results are exact up to floating-point rounding, so
 * they are asserted to 1e-12.  The derivations are in the comments above each
 * test; N(t) is the number of jobs in the VM, B(t) the number of busy vCPUs.
 *
 * The few tests with random streams check identities that hold for any draw
 * (per-class results add up to the station's, host utilization is the sum of
 * its VMs' busy vCPUs over its cores), or bounded memory, never a statistic.
 */
#include <check.h>
#include <math.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <gsl/gsl_errno.h>

#include "model/world.h"
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

#define ck_u64(got, want)                                                                \
    do {                                                                                 \
        unsigned long long g_ = (got), w_ = (want);                                      \
        ck_assert_msg(g_ == w_, "%s = %llu, want %llu", #got, g_, w_);                   \
    } while (0)

/* ---- helpers ---------------------------------------------------------------- */

/* Load a scenario text whose relative file names are resolved in dir. */
static vs_config *load_in(const char *yaml, const char *dir)
{
    vs_config *cfg = NULL;
    vs_err err;
    int rc = vs_scenario_load_string(yaml, strlen(yaml), "golden.yaml", dir, NULL, 0, &cfg, &err);
    ck_assert_msg(rc == VS_OK, "load failed (%s): %s", vs_errname(rc), err.msg);
    rc = vs_sim_check(cfg, &err);
    ck_assert_msg(rc == VS_OK, "vs_sim_check failed (%s): %s", vs_errname(rc), err.msg);
    return cfg;
}

static vs_config *load(const char *yaml) { return load_in(yaml, "."); }

static vs_summary *run_threads_in(const char *yaml, const char *dir, int threads)
{
    vs_config *cfg = load_in(yaml, dir);
    vs_run_opts ro = {.threads = threads};
    vs_summary *s = NULL;
    vs_err err;
    int rc = vs_experiment_run(cfg, &ro, &s, &err);
    ck_assert_msg(rc == VS_OK, "run failed (%s): %s", vs_errname(rc), err.msg);
    ck_assert_ptr_nonnull(s);
    vs_config_free(cfg);
    return s;
}

static vs_summary *run_threads(const char *yaml, int threads)
{
    return run_threads_in(yaml, ".", threads);
}

static vs_summary *run(const char *yaml) { return run_threads(yaml, 1); }

static const vs_station_summary *station(const vs_summary *s, const char *name)
{
    for (size_t i = 0; i < s->nstations; i++)
        if (strcmp(s->stations[i].name, name) == 0)
            return &s->stations[i];
    ck_abort_msg("no station '%s' in the summary", name);
    return NULL;
}

static const vs_host_summary *host(const vs_summary *s, const char *name)
{
    for (size_t i = 0; i < s->nhosts; i++)
        if (strcmp(s->hosts[i].name, name) == 0)
            return &s->hosts[i];
    ck_abort_msg("no host '%s' in the summary", name);
    return NULL;
}

/* One host `h` (cores, speed, overhead, power given as YAML text), one VM `v`
 * with `vcpus` and `extra` keys, one workload with deterministic gaps and
 * sizes; run control in `control`. */
static char *scenario(const char *control, const char *host_extra, int vcpus,
                      const char *vm_extra, double gap, double size)
{
    static const char fmt[] = "name: golden\n"
                              "%s"
                              "hosts:\n"
                              "  - name: h\n"
                              "    cores: 8\n"
                              "%s"
                              "vms:\n"
                              "  - name: v\n"
                              "    vcpus: %d\n"
                              "    host: h\n"
                              "%s"
                              "workloads:\n"
                              "  - name: w\n"
                              "    target: v\n"
                              "    arrival: {dist: deterministic, value: %.17g}\n"
                              "    size: {dist: deterministic, value: %.17g}\n";
    size_t n = strlen(fmt) + strlen(control) + strlen(host_extra) + strlen(vm_extra) + 128;
    char *buf = malloc(n);
    ck_assert_ptr_nonnull(buf);
    snprintf(buf, n, fmt, control, host_extra, vcpus, vm_extra, gap, size);
    return buf;
}

static vs_summary *run_det(const char *control, const char *host_extra, int vcpus,
                           const char *vm_extra, double gap, double size)
{
    char *y = scenario(control, host_extra, vcpus, vm_extra, gap, size);
    vs_summary *s = run(y);
    free(y);
    return s;
}

/* ---- golden timelines ------------------------------------------------------------ */

/* 2 vCPUs, a job every second (t = 1, 2, ...), each 1.5 s: job k runs alone
 * on a vCPU over [k, k + 1.5], so nobody waits.  In every second [k, k+1)
 * two vCPUs are busy for the first half and one for the second: the mean of
 * B is 1.5, utilization 1.5 / 2 = 0.75, N = B (no queue).  The window
 * [10.25, 30.25] (warm-up 10.25 s) is 20 whole periods: 20 completions
 * (jobs 9..28, at 10.5 .. 29.5) and 20 arrivals (t = 11 .. 30). */
START_TEST(golden_two_vcpus_steady)
{
    vs_summary *s = run_det("stop: {time: 30.25}\nwarmup: {time: 10.25}\n", "", 2, "", 1.0, 1.5);
    const vs_station_summary *st = station(s, "v");
    ck_u64(s->replications, 1);
    ck_assert_int_eq(s->partial, 0);
    ck_near(s->sim_time, 30.25, EXACT);
    ck_near(s->warmup_time, 10.25, EXACT);
    ck_u64(st->arrived, 20);
    ck_u64(st->completed, 20);
    ck_u64(st->blocked, 0);
    ck_near(st->throughput.mean, 1.0, EXACT);
    ck_near(st->utilization.mean, 0.75, EXACT);
    ck_near(st->response_time.mean, 1.5, EXACT);
    ck_near(st->wait_time.mean, 0.0, EXACT);
    ck_near(st->jobs_in_system.mean, 1.5, EXACT);
    ck_near(st->queue_length.mean, 0.0, EXACT);
    ck_near(st->wait_probability, 0.0, EXACT);
    ck_near(st->blocking_probability, 0.0, EXACT);
    /* Every response is 1.5 s: the histogram's quantiles are within its
     * 0.5% relative error of it. */
    ck_near(st->p50_response, 1.5, 0.005);
    ck_near(st->p99_response, 1.5, 0.005);
    /* The host: 8 cores, busy cores = busy vCPUs. */
    ck_near(host(s, "h")->utilization.mean, 1.5 / 8.0, EXACT);
    ck_near(host(s, "h")->energy_kwh, 0.0, 0.0);
    vs_summary_free(s);
}
END_TEST

/* 1 vCPU, a job every second, each 1.5 s: the queue grows.  Job k arrives at
 * k, starts at s_k = 1.5k - 0.5, completes at c_k = 1.5k + 1 (ties with
 * arrivals at c_k = 4, 7, ... do not matter for FCFS on one queue), so its
 * response is 0.5k + 1 and its wait 0.5k - 0.5.  Stop at T = 20.25:
 *   arrivals k = 1..20; completions k = 1..12 (c_12 = 19, c_13 = 20.5);
 *   mean response (sum 0.5k + 1, k = 1..12) / 12 = 51 / 12 = 4.25;
 *   mean wait 33 / 12 = 2.75; P(wait) = 11/12 (job 1 does not wait);
 *   B = 1 on [1, T]: utilization 19.25 / 20.25;
 *   integral of N = integral of arrivals - of departures
 *     = sum_{k<=20} (T - k) - sum_{k<=12} (T - c_k) = 195 - 114 = 81,
 *   so jobs in system 81 / 20.25 = 4 and queue length (81 - 19.25) / 20.25. */
START_TEST(golden_one_vcpu_growing)
{
    vs_summary *s = run_det("stop: {time: 20.25}\n", "", 1, "", 1.0, 1.5);
    const vs_station_summary *st = station(s, "v");
    ck_u64(st->arrived, 20);
    ck_u64(st->completed, 12);
    ck_u64(st->blocked, 0);
    ck_near(st->throughput.mean, 12.0 / 20.25, EXACT);
    ck_near(st->utilization.mean, 19.25 / 20.25, EXACT);
    ck_near(st->response_time.mean, 4.25, EXACT);
    ck_near(st->wait_time.mean, 2.75, EXACT);
    ck_near(st->jobs_in_system.mean, 4.0, EXACT);
    ck_near(st->queue_length.mean, 61.75 / 20.25, EXACT);
    ck_near(st->wait_probability, 11.0 / 12.0, EXACT);
    ck_near(s->warmup_time, 0.0, EXACT);
    vs_summary_free(s);
}
END_TEST

/* The same stream, replicated: deterministic streams give identical
 * replications, so the means equal one replication's and their ci95 is 0;
 * counts add up over replications. */
START_TEST(golden_replications_add_counts)
{
    vs_summary *s = run_det("stop: {time: 20.25}\nreplications: 3\n", "", 1, "", 1.0, 1.5);
    const vs_station_summary *st = station(s, "v");
    ck_u64(s->replications, 3);
    ck_u64(st->arrived, 60);
    ck_u64(st->completed, 36);
    ck_near(st->response_time.mean, 4.25, EXACT);
    ck_near(st->response_time.ci95, 0.0, EXACT);
    ck_near(st->jobs_in_system.mean, 4.0, EXACT);
    vs_summary_free(s);
}
END_TEST

/* ---- capacity and blocking ----------------------------------------------------- */

/* capacity 1 on 1 vCPU (a loss system), a job every second of 1.5 s: job 1
 * runs [1, 2.5], the arrival at 2 finds the VM full and is blocked, job 3
 * runs [3, 4.5], ...: odd arrivals are served, even ones blocked.  Stop at
 * 20.25: 20 arrivals, 10 blocked, 9 completed (at 2.5 .. 18.5; job 19 runs
 * until 20.5); busy 9 * 1.5 + 1.25 = 14.75 s. */
START_TEST(capacity_loss_system)
{
    vs_summary *s = run_det("stop: {time: 20.25}\n", "", 1, "    capacity: 1\n", 1.0, 1.5);
    const vs_station_summary *st = station(s, "v");
    ck_u64(st->arrived, 20);
    ck_u64(st->blocked, 10);
    ck_u64(st->completed, 9);
    ck_near(st->blocking_probability, 0.5, EXACT);
    ck_near(st->response_time.mean, 1.5, EXACT);
    ck_near(st->wait_time.mean, 0.0, EXACT);
    ck_near(st->utilization.mean, 14.75 / 20.25, EXACT);
    ck_near(st->queue_length.mean, 0.0, EXACT);
    vs_summary_free(s);
}
END_TEST

/* capacity 2 counts the running job and the queued one.  1 vCPU, a job every
 * second of 2.75 s:
 *   t=1 job 1 runs [1, 3.75]      t=2 job 2 queued (N = 2)   t=3 blocked
 *   3.75 job 2 runs to 6.5        t=4 job 4 queued           t=5, 6 blocked
 *   6.5 job 4 runs to 9.25        t=7 job 7 queued           t=8, 9 blocked
 *   9.25 job 7 runs to 12         t=10 job 10 queued         t=11 blocked
 * Stop at 11.5: 11 arrivals, 6 blocked, 3 completed with responses 2.75,
 * 4.5, 5.25 and waits 0, 1.75, 2.5; B = 1 on [1, 11.5]; the integral of N is
 * 1 + 3.5 + 0.25 + 5 + 0.5 + 4.5 + 0.75 + 3 = 18.5. */
START_TEST(capacity_counts_queued_and_running)
{
    vs_summary *s = run_det("stop: {time: 11.5}\n", "", 1, "    capacity: 2\n", 1.0, 2.75);
    const vs_station_summary *st = station(s, "v");
    ck_u64(st->arrived, 11);
    ck_u64(st->blocked, 6);
    ck_u64(st->completed, 3);
    ck_near(st->blocking_probability, 6.0 / 11.0, EXACT);
    ck_near(st->response_time.mean, 12.5 / 3.0, EXACT);
    ck_near(st->wait_time.mean, 4.25 / 3.0, EXACT);
    ck_near(st->wait_probability, 2.0 / 3.0, EXACT);
    ck_near(st->utilization.mean, 10.5 / 11.5, EXACT);
    ck_near(st->jobs_in_system.mean, 18.5 / 11.5, EXACT);
    ck_near(st->queue_length.mean, 8.0 / 11.5, EXACT);
    vs_summary_free(s);
}
END_TEST

/* Blocked arrivals before the end of the warm-up are not counted. Same
 * timeline, warm-up 5.5 s: arrivals after it are t = 6..11 (6 of them), of
 * which 6, 8, 9, 11 are blocked; completions after it: job 2 (6.5) and job 4
 * (9.25). */
START_TEST(capacity_blocking_after_warmup_only)
{
    vs_summary *s = run_det("stop: {time: 11.5}\nwarmup: {time: 5.5}\n", "", 1,
                            "    capacity: 2\n", 1.0, 2.75);
    const vs_station_summary *st = station(s, "v");
    ck_u64(st->arrived, 6);
    ck_u64(st->blocked, 4);
    ck_u64(st->completed, 2);
    ck_near(st->response_time.mean, (4.5 + 5.25) / 2.0, EXACT);
    ck_near(st->throughput.mean, 2.0 / 6.0, EXACT);
    vs_summary_free(s);
}
END_TEST

/* ---- boot time, speed and overhead ------------------------------------------- */

/* boot_time 4.75 s, 1 vCPU, a job every second of 0.5 s.  Jobs 1..4 wait
 * for the boot; from 4.75 the vCPU works through the backlog: job k
 * (k <= 8) runs [4.25 + 0.5k, 4.75 + 0.5k]; the backlog is gone at 8.75 and
 * jobs 9, 10, 11 run [k, k + 0.5].  Stop at 12.25 (job 12 runs to 12.5):
 * 11 completions; responses 4.75 - 0.5k for k = 1..8 (sum 20) and 0.5 three
 * times: mean 21.5 / 11; waits = responses - 0.5: mean 16 / 11; busy
 * 4 + 3 * 0.5 + 0.25 = 5.75 s. */
START_TEST(boot_time_delays_service)
{
    vs_summary *s = run_det("stop: {time: 12.25}\n", "", 1, "    boot_time: 4.75\n", 1.0, 0.5);
    const vs_station_summary *st = station(s, "v");
    ck_u64(st->arrived, 12);
    ck_u64(st->completed, 11);
    ck_near(st->response_time.mean, 21.5 / 11.0, EXACT);
    ck_near(st->wait_time.mean, 16.0 / 11.0, EXACT);
    ck_near(st->wait_probability, 8.0 / 11.0, EXACT);
    ck_near(st->utilization.mean, 5.75 / 12.25, EXACT);
    vs_summary_free(s);
}
END_TEST

/* Host speed 2 with 20% overhead: vCPUs do 2 * (1 - 0.2) = 1.6 work units
 * per second, so jobs of 2.4 units take 1.5 s and the steady two-vCPU
 * timeline above comes out again. */
START_TEST(speed_and_overhead_scale_service)
{
    vs_summary *s = run_det("stop: {time: 30.25}\nwarmup: {time: 10.25}\n",
                            "    speed: 2\n    overhead: 0.2\n", 2, "", 1.0, 2.4);
    const vs_station_summary *st = station(s, "v");
    ck_near(st->speed, 1.6, EXACT);
    ck_u64(st->completed, 20);
    ck_near(st->response_time.mean, 1.5, EXACT);
    ck_near(st->wait_time.mean, 0.0, EXACT);
    ck_near(st->utilization.mean, 0.75, EXACT);
    ck_near(st->jobs_in_system.mean, 1.5, EXACT);
    vs_summary_free(s);
}
END_TEST

/* Speed alone: speed 3, jobs of 1.5 units on 1 vCPU take 0.5 s, a job every
 * second: response 0.5, utilization 0.5 over whole periods. */
START_TEST(speed_alone)
{
    vs_summary *s = run_det("stop: {time: 20.75}\nwarmup: {time: 0.75}\n", "    speed: 3\n", 1,
                            "", 1.0, 1.5);
    const vs_station_summary *st = station(s, "v");
    ck_near(st->speed, 3.0, EXACT);
    ck_u64(st->completed, 20);
    ck_near(st->response_time.mean, 0.5, EXACT);
    ck_near(st->utilization.mean, 0.5, EXACT);
    vs_summary_free(s);
}
END_TEST

/* ---- warm-up and stop ---------------------------------------------------------- */

/* Warm-up by time on the growing queue (c_k = 1.5k + 1): statistics start
 * at 10.25; completions after it are jobs 7..12 (11.5 .. 19), whatever their
 * arrival time, mean response (sum 0.5k + 1, k = 7..12) / 6 = 34.5 / 6;
 * arrivals after it t = 11..20; the vCPU is busy all the time; the integral
 * of N over [10.25, 20.25] is 147.5 - 90 = 57.5. */
START_TEST(warmup_by_time)
{
    vs_summary *s = run_det("stop: {time: 20.25}\nwarmup: {time: 10.25}\n", "", 1, "", 1.0,
                            1.5);
    const vs_station_summary *st = station(s, "v");
    ck_near(s->warmup_time, 10.25, EXACT);
    ck_u64(st->arrived, 10);
    ck_u64(st->completed, 6);
    ck_near(st->throughput.mean, 0.6, EXACT);
    ck_near(st->response_time.mean, 34.5 / 6.0, EXACT);
    ck_near(st->wait_time.mean, (34.5 - 9.0) / 6.0, EXACT);
    ck_near(st->utilization.mean, 1.0, EXACT);
    ck_near(st->jobs_in_system.mean, 5.75, EXACT);
    ck_near(st->queue_length.mean, 4.75, EXACT);
    vs_summary_free(s);
}
END_TEST

/* Warm-up by jobs: the first 4 completions (the 4th at c_4 = 7) are
 * discarded and statistics start at 7; then jobs 5..12 complete by 20.25:
 * mean response (sum 0.5k + 1, k = 5..12) / 8 = 42 / 8. */
START_TEST(warmup_by_jobs)
{
    vs_summary *s = run_det("stop: {time: 20.25}\nwarmup: {jobs: 4}\n", "", 1, "", 1.0, 1.5);
    const vs_station_summary *st = station(s, "v");
    ck_near(s->warmup_time, 7.0, EXACT);
    ck_u64(st->completed, 8);
    ck_near(st->response_time.mean, 42.0 / 8.0, EXACT);
    ck_near(st->wait_time.mean, 30.0 / 8.0, EXACT);
    ck_near(st->throughput.mean, 8.0 / 13.25, EXACT);
    ck_near(st->utilization.mean, 1.0, EXACT);
    vs_summary_free(s);
}
END_TEST

/* Stop by jobs: the run ends at the 7th completion, c_7 = 11.5, in every
 * replication; mean response (sum 0.5k + 1, k = 1..7) / 7 = 3. */
START_TEST(stop_by_jobs)
{
    vs_summary *s = run_det("stop: {jobs: 7}\nreplications: 2\n", "", 1, "", 1.0, 1.5);
    const vs_station_summary *st = station(s, "v");
    ck_u64(s->replications, 2);
    ck_near(s->sim_time, 11.5, EXACT);
    ck_u64(st->completed, 14);
    ck_near(st->response_time.mean, 3.0, EXACT);
    ck_near(st->throughput.mean, 7.0 / 11.5, EXACT);
    vs_summary_free(s);
}
END_TEST

/* Stop by time and jobs: whichever comes first. */
START_TEST(stop_time_or_jobs_first)
{
    vs_summary *s = run_det("stop: {time: 9.25, jobs: 7}\n", "", 1, "", 1.0, 1.5);
    ck_near(s->sim_time, 9.25, EXACT);
    ck_u64(station(s, "v")->completed, 5); /* c_5 = 8.5, c_6 = 10 */
    vs_summary_free(s);
    s = run_det("stop: {time: 100.25, jobs: 7}\n", "", 1, "", 1.0, 1.5);
    ck_near(s->sim_time, 11.5, EXACT);
    ck_u64(station(s, "v")->completed, 7);
    vs_summary_free(s);
}
END_TEST

/* ---- trace arrivals -------------------------------------------------------------- */

/* Arrivals from a trace file at 0.5, 1, 1.25, 4, 4.25, each job 1 s on one
 * vCPU: job 1 runs [0.5, 1.5], job 2 [1.5, 2.5], job 3 [2.5, 3.5], job 4
 * [4, 5], job 5 [5, 6].  Responses 1, 1.5, 2.25, 1, 1.75 (sum 7.5, which is
 * also the integral of N), waits 0, 0.5, 1.25, 0, 0.75; busy 5 s.
 * With stop {jobs: 100} the count is never reached: the run must end when
 * the trace is used up and the last job has left, at t = 6.  With stop
 * {time: 10} it runs on, idle, to 10. */
static const char trace_yaml[] = "name: trace\n"
                                 "%s"
                                 "hosts: [{name: h, cores: 1}]\n"
                                 "vms: [{name: v, vcpus: 1, host: h}]\n"
                                 "workloads:\n"
                                 "  - name: w\n"
                                 "    target: v\n"
                                 "    arrival: {dist: trace, file: arrivals.txt}\n"
                                 "    size: {dist: deterministic, value: 1}\n";

static vs_summary *run_trace(const char *control)
{
    char dir[] = "/tmp/check_sim.XXXXXX";
    ck_assert_ptr_nonnull(mkdtemp(dir));
    char path[64];
    snprintf(path, sizeof path, "%s/arrivals.txt", dir);
    FILE *f = fopen(path, "w");
    ck_assert_ptr_nonnull(f);
    fputs("# arrival times, s\n0.5\n1\n1.25\n4\n4.25\n", f);
    fclose(f);
    char y[1024];
    snprintf(y, sizeof y, trace_yaml, control);
    vs_summary *s = run_threads_in(y, dir, 1);
    unlink(path);
    rmdir(dir);
    return s;
}

START_TEST(trace_arrivals_stop_by_jobs_ends_when_drained)
{
    vs_summary *s = run_trace("stop: {jobs: 100}\n");
    const vs_station_summary *st = station(s, "v");
    ck_assert_int_eq(s->partial, 0);
    ck_near(s->sim_time, 6.0, EXACT);
    ck_u64(st->arrived, 5);
    ck_u64(st->completed, 5);
    ck_near(st->response_time.mean, 1.5, EXACT);
    ck_near(st->wait_time.mean, 0.5, EXACT);
    ck_near(st->wait_probability, 0.6, EXACT);
    ck_near(st->utilization.mean, 5.0 / 6.0, EXACT);
    ck_near(st->throughput.mean, 5.0 / 6.0, EXACT);
    ck_near(st->jobs_in_system.mean, 7.5 / 6.0, EXACT);
    ck_near(st->queue_length.mean, 2.5 / 6.0, EXACT);
    vs_summary_free(s);
}
END_TEST

START_TEST(trace_arrivals_stop_by_time_runs_on)
{
    vs_summary *s = run_trace("stop: {time: 10}\n");
    const vs_station_summary *st = station(s, "v");
    ck_near(s->sim_time, 10.0, EXACT);
    ck_u64(st->completed, 5);
    ck_near(st->response_time.mean, 1.5, EXACT);
    ck_near(st->utilization.mean, 0.5, EXACT);
    ck_near(st->throughput.mean, 0.5, EXACT);
    ck_near(st->jobs_in_system.mean, 0.75, EXACT);
    vs_summary_free(s);
}
END_TEST

/* ---- classes and hosts --------------------------------------------------------- */

#define TWO_CLASSES_BODY                                    \
    "hosts:\n"                                       \
    "  - {name: h, cores: 4}\n"                      \
    "vms:\n"                                         \
    "  - {name: v, vcpus: 2, host: h}\n"             \
    "workloads:\n"                                   \
    "  - name: short\n"                              \
    "    target: v\n"                                \
    "    class: 0\n"                                 \
    "    arrival: {dist: exponential, rate: 1.0}\n"  \
    "    size: {dist: exponential, mean: 0.5}\n"     \
    "  - name: long\n"                               \
    "    target: v\n"                                \
    "    class: 3\n"                                 \
    "    arrival: {dist: exponential, rate: 0.25}\n" \
    "    size: {dist: deterministic, value: 2.0}\n"

static const char two_classes[] = "name: classes\n"
                                  "seed: 17\n"
                                  "stop: {time: 3000}\n"
                                  "warmup: {time: 100}\n" TWO_CLASSES_BODY;

/* Two classes on one VM: the per-class counts add up to the station's, and
 * so do the throughputs; the station's mean response and wait are the
 * completion-weighted means of the classes'.  One replication, so these are
 * identities of a single run. */
START_TEST(classes_sum_to_station)
{
    vs_summary *s = run(two_classes);
    const vs_station_summary *st = station(s, "v");
    ck_assert_uint_eq(st->nclasses, 2);
    const vs_class_summary *a = &st->classes[0], *b = &st->classes[1];
    ck_assert_int_eq(a->klass, 0);
    ck_assert_int_eq(b->klass, 3);
    ck_assert_uint_gt(a->completed, 1000);
    ck_assert_uint_gt(b->completed, 300);
    ck_u64(a->completed + b->completed, st->completed);
    ck_near(a->throughput.mean + b->throughput.mean, st->throughput.mean, EXACT);
    double na = (double)a->completed, nb = (double)b->completed;
    ck_near((na * a->response_time.mean + nb * b->response_time.mean) / (na + nb),
            st->response_time.mean, 1e-10);
    ck_near((na * a->wait_time.mean + nb * b->wait_time.mean) / (na + nb),
            st->wait_time.mean, 1e-10);
    /* A long job's response is its 2 s of service plus its wait. */
    ck_near(b->response_time.mean - b->wait_time.mean, 2.0, 1e-9);
    vs_summary_free(s);
}
END_TEST

/* One class: the single class row is the station. */
START_TEST(one_class_is_the_station)
{
    vs_summary *s = run_det("stop: {time: 20.25}\n", "", 1, "", 1.0, 1.5);
    const vs_station_summary *st = station(s, "v");
    ck_assert_uint_eq(st->nclasses, 1);
    ck_assert_int_eq(st->classes[0].klass, 0);
    ck_u64(st->classes[0].completed, st->completed);
    ck_near(st->classes[0].response_time.mean, st->response_time.mean, 0.0);
    ck_near(st->classes[0].throughput.mean, st->throughput.mean, 0.0);
    vs_summary_free(s);
}
END_TEST

static const char two_vms_one_host[] =
    "name: hosts\n"
    "seed: 5\n"
    "stop: {time: 2000}\n"
    "replications: 2\n"
    "hosts:\n"
    "  - {name: big, cores: 8}\n"
    "  - {name: rack, count: 3, cores: 2}\n"
    "vms:\n"
    "  - {name: a, vcpus: 2, host: big}\n"
    "  - {name: b, vcpus: 3, host: big}\n"
    "  - {name: c, vcpus: 2}\n"
    "workloads:\n"
    "  - name: wa\n"
    "    target: a\n"
    "    arrival: {dist: exponential, rate: 1.2}\n"
    "    size: {dist: exponential, mean: 1.0}\n"
    "  - name: wb\n"
    "    target: b\n"
    "    arrival: {dist: exponential, rate: 2.0}\n"
    "    size: {dist: uniform, min: 0.5, max: 1.5}\n"
    "  - name: wc\n"
    "    target: c\n"
    "    arrival: {dist: exponential, rate: 0.5}\n"
    "    size: {dist: exponential, mean: 2.0}\n";

/* Host utilization is the busy vCPUs of its VMs over its cores (dedicated:
 * each busy vCPU holds a core): big = (2 u_a + 3 u_b + 2 u_c) / 8.  The
 * fixed VMs a and b are placed first and leave 3 of big's 8 cores free, so
 * first-fit, scanning hosts in file order, puts c on big too; the rack hosts
 * (`count: 3` expands to rack-0 .. rack-2) stay idle at utilization 0. */
START_TEST(host_utilization_sums_vms)
{
    vs_summary *s = run(two_vms_one_host);
    ck_assert_uint_eq(s->nhosts, 4);
    ck_assert_str_eq(s->hosts[0].name, "big");
    ck_assert_str_eq(s->hosts[1].name, "rack-0");
    ck_assert_str_eq(s->hosts[3].name, "rack-2");
    const vs_station_summary *a = station(s, "a"), *b = station(s, "b"), *c = station(s, "c");
    ck_assert_str_eq(a->host, "big");
    ck_assert_str_eq(b->host, "big");
    ck_assert_str_eq(c->host, "big"); /* 3 free cores on big: first-fit takes it */
    double busy = 2 * a->utilization.mean + 3 * b->utilization.mean + 2 * c->utilization.mean;
    ck_assert(a->utilization.mean > 0.5 && b->utilization.mean > 0.5);
    ck_near(host(s, "big")->utilization.mean, busy / 8.0, 1e-12);
    ck_near(host(s, "rack-0")->utilization.mean, 0.0, 0.0);
    ck_near(host(s, "rack-2")->utilization.mean, 0.0, 0.0);
    vs_summary_free(s);
}
END_TEST

/* First-fit over expanded hosts, in file order: fixed VMs first, then each
 * other VM, in file order, on the first host with enough free cores and
 * memory.  Hosts rack-0..2 have 2 cores and 4 GiB each, big 8 cores and
 * 2 GiB.
 *   p (1 vCPU, 2 GiB) is fixed on rack-1;
 *   a (2 vCPUs, 1 GiB) -> rack-0, which it fills;
 *   b (2 vCPUs, 3 GiB) -> rack-2 (rack-1 has one core left);
 *   d (1 vCPU, 1 GiB)  -> rack-1, its last core;
 *   e (4 vCPUs, 2 GiB) -> big, whose memory it takes exactly. */
START_TEST(first_fit_order)
{
    static const char y[] = "name: ff\n"
                            "stop: {time: 10}\n"
                            "hosts:\n"
                            "  - {name: rack, count: 3, cores: 2, memory: 4GiB}\n"
                            "  - {name: big, cores: 8, memory: 2GiB}\n"
                            "vms:\n"
                            "  - {name: a, vcpus: 2, memory: 1GiB}\n"
                            "  - {name: b, vcpus: 2, memory: 3GiB}\n"
                            "  - {name: d, vcpus: 1, memory: 1GiB}\n"
                            "  - {name: p, vcpus: 1, memory: 2GiB, host: rack-1}\n"
                            "  - {name: e, vcpus: 4, memory: 2GiB}\n"
                            "workloads:\n"
                            "  - {name: w, target: a, arrival: {dist: exponential, rate: 1},"
                            " size: {dist: exponential, mean: 0.5}}\n";
    vs_summary *s = run(y);
    ck_assert_str_eq(station(s, "a")->host, "rack-0");
    ck_assert_str_eq(station(s, "b")->host, "rack-2");
    ck_assert_str_eq(station(s, "d")->host, "rack-1");
    ck_assert_str_eq(station(s, "p")->host, "rack-1");
    ck_assert_str_eq(station(s, "e")->host, "big");
    ck_assert_uint_eq(s->nvms, 5);
    for (size_t i = 0; i < s->nvms; i++) {
        ck_assert_str_eq(s->vms[i].host, station(s, s->vms[i].name)->host);
        ck_assert_str_eq(s->vms[i].state, "running");
    }
    vs_summary_free(s);
}
END_TEST

/* ---- placement errors ------------------------------------------------------------ */

/* The scenario loader accepts these; building the world refuses them with
 * the position of the offending value. */
static void expect_place_error(const char *yaml, const char *prefix, const char *fragment)
{
    vs_config *cfg = NULL;
    vs_err err;
    int rc = vs_scenario_load_string(yaml, strlen(yaml), "place.yaml", ".", NULL, 0, &cfg, &err);
    ck_assert_msg(rc == VS_OK, "load failed: %s", err.msg);
    vs_err_clear(&err);
    rc = vs_sim_check(cfg, &err);
    ck_assert_msg(rc == VS_ESCHEMA, "vs_sim_check gave %s (%s), want VS_ESCHEMA", vs_errname(rc),
                  err.msg);
    ck_assert_msg(strncmp(err.msg, prefix, strlen(prefix)) == 0, "message '%s' does not start '%s'",
                  err.msg, prefix);
    ck_assert_msg(strstr(err.msg, fragment), "message '%s' does not mention '%s'", err.msg,
                  fragment);
    /* vs_experiment_run refuses it the same way and returns no summary. */
    static vs_summary dummy;
    vs_summary *s = &dummy;
    vs_err err2;
    rc = vs_experiment_run(cfg, NULL, &s, &err2);
    ck_assert_int_eq(rc, VS_ESCHEMA);
    ck_assert_ptr_null(s);
    ck_assert_str_eq(err2.msg, err.msg);
    vs_config_free(cfg);
}

static const char place_head[] = "name: place\n"   /* line 1 */
                                 "stop: {time: 10}\n"
                                 "hosts:\n"
                                 "  - name: h\n"
                                 "    cores: 2\n"  /* line 5 */
                                 "    memory: 4GiB\n"
                                 "workloads:\n"
                                 "  - {name: w, target: v, arrival: {dist: exponential, rate: 1},"
                                 " size: {dist: exponential, mean: 1}}\n"
                                 "vms:\n"          /* line 9 */
                                 "  - name: v\n";  /* line 10 */

START_TEST(place_dedicated_overcommit)
{
    char y[1024];
    snprintf(y, sizeof y, "%s    vcpus: 3\n    host: h\n", place_head); /* host: line 12 */
    expect_place_error(y, "place.yaml:12:11: ", "'h'");
}
END_TEST

START_TEST(place_memory)
{
    char y[1024];
    snprintf(y, sizeof y, "%s    vcpus: 1\n    memory: 6GiB\n    host: h\n", place_head);
    expect_place_error(y, "place.yaml:13:11: ", "MiB");
}
END_TEST

/* An unknown host: the scenario loader already refuses it, at the value. */
START_TEST(place_unknown_host)
{
    char y[1024];
    snprintf(y, sizeof y, "%s    vcpus: 1\n    host: nowhere\n", place_head);
    vs_config *cfg = NULL;
    vs_err err;
    int rc = vs_scenario_load_string(y, strlen(y), "place.yaml", ".", NULL, 0, &cfg, &err);
    ck_assert_int_eq(rc, VS_ESCHEMA);
    ck_assert_ptr_null(cfg);
    ck_assert_msg(strncmp(err.msg, "place.yaml:12:11: ", 18) == 0 && strstr(err.msg, "nowhere"),
                  "message '%s'", err.msg);
}
END_TEST

/* A config that names an unknown host by other means (configs are plain
 * data): the world builder checks again and points at the same place. */
START_TEST(place_unknown_host_in_config)
{
    char y[1024];
    snprintf(y, sizeof y, "%s    vcpus: 1\n    host: h\n", place_head);
    vs_config *cfg = load(y);
    static char nowhere[] = "nowhere";
    char *saved = cfg->vms[0].host;
    cfg->vms[0].host = nowhere;
    vs_err err;
    int rc = vs_sim_check(cfg, &err);
    cfg->vms[0].host = saved;
    ck_assert_int_eq(rc, VS_ESCHEMA);
    ck_assert_msg(strncmp(err.msg, "golden.yaml:12:11: ", 19) == 0 && strstr(err.msg, "nowhere"),
                  "message '%s'", err.msg);
    vs_config_free(cfg);
}
END_TEST

/* First-fit finds no host: the message points at the VM's list item. */
START_TEST(place_first_fit_fails)
{
    char y[1024];
    snprintf(y, sizeof y, "%s    vcpus: 4\n", place_head);
    expect_place_error(y, "place.yaml:10:5: ", "first-fit");
}
END_TEST

/* A second VM that no longer fits beside a fixed one. */
START_TEST(place_second_vm_overcommits)
{
    char y[1024];
    snprintf(y, sizeof y, "%s    vcpus: 2\n    host: h\n  - name: u\n    vcpus: 1\n    host: h\n",
             place_head);
    expect_place_error(y, "place.yaml:15:11: ", "'u'");
}
END_TEST

/* ---- power ------------------------------------------------------------------------- */

/* A catalog host with an 11-point power curve: the HP ProLiant ML110 G5
 * (2 cores at speed 2.66, 93.7 W idle, 116 W at 50% load).  One 1-vCPU VM,
 * a job every second of 1.33 units = 0.5 s.  Over [0, 10.25] one core is
 * busy 9 * 0.5 + 0.25 = 4.75 s (u = 0.5, 116 W) and none 5.5 s (93.7 W):
 * 116 * 4.75 + 93.7 * 5.5 = 1066.35 J. */
START_TEST(power_curve_from_model)
{
    static const char y[] = "name: power\n"
                            "stop: {time: 10.25}\n"
                            "hosts:\n"
                            "  - {name: h, model: hp-proliant-ml110-g5}\n"
                            "vms:\n"
                            "  - {name: v, vcpus: 1, host: h}\n"
                            "workloads:\n"
                            "  - name: w\n"
                            "    target: v\n"
                            "    arrival: {dist: deterministic, value: 1}\n"
                            "    size: {dist: deterministic, value: 1.33}\n";
    vs_summary *s = run(y);
    const vs_host_summary *h = host(s, "h");
    ck_assert_int_eq(h->cores, 2);
    ck_near(station(s, "v")->speed, 2.66, EXACT);
    ck_near(station(s, "v")->response_time.mean, 0.5, EXACT);
    ck_near(h->utilization.mean, 4.75 / (2 * 10.25), EXACT);
    ck_assert(h->energy_kwh > 0.0);
    ck_near(h->energy_kwh * 3.6e6, 116.0 * 4.75 + 93.7 * 5.5, EXACT);
    vs_summary_free(s);
}
END_TEST

/* A linear model {idle: 100, max: 200} on 8 cores: power = idle + (max -
 * idle) * busy / cores, so energy = idle T + (max - idle) (busy core-seconds)
 * / cores.  The steady two-vCPU timeline over its measured 20 s has 30 busy
 * core-seconds: 100 * 20 + 100 * 30 / 8 = 2375 J.  Energy before the
 * warm-up is discarded. */
START_TEST(power_linear_idle_max)
{
    vs_summary *s = run_det("stop: {time: 30.25}\nwarmup: {time: 10.25}\n",
                            "    power: {idle: 100, max: 200}\n", 2, "", 1.0, 1.5);
    ck_near(host(s, "h")->energy_kwh * 3.6e6, 2000.0 + 100.0 * 30.0 / 8.0, EXACT);
    vs_summary_free(s);
}
END_TEST

/* ---- memory and determinism ----------------------------------------------------- */

/* Job-pool capacity after a run of n jobs of an M/M/1 at rho = 0.5. */
static size_t pool_after(uint64_t jobs)
{
    char y[512];
    snprintf(y, sizeof y,
             "name: mem\nseed: 3\nstop: {jobs: %llu}\n"
             "hosts: [{name: h, cores: 1}]\n"
             "vms: [{name: v, vcpus: 1, host: h}]\n"
             "workloads:\n"
             "  - {name: w, target: v, arrival: {dist: exponential, rate: 1},"
             " size: {dist: exponential, mean: 0.5}}\n",
             (unsigned long long)jobs);
    vs_config *cfg = load(y);
    vs_world *w = NULL;
    vs_err err;
    ck_assert_int_eq(vs__world_new(cfg, 0, &w, &err), VS_OK);
    vs_rep rep;
    int rc = vs__world_run(w, NULL, NULL, NULL, &rep, &err);
    ck_assert_msg(rc == VS_OK, "%s", err.msg);
    ck_u64(rep.st[0].completed, jobs);
    size_t cap = vs__world_job_capacity(w);
    vs__rep_fini(&rep);
    vs__world_free(w);
    vs_config_free(cfg);
    return cap;
}

/* The job pool holds the jobs present at once, not the jobs simulated: 20
 * times more jobs leave it the same size (one slab; the most jobs present in
 * an M/M/1 at rho = 0.5 over 4e5 jobs is about log2(4e5) ~ 20). */
START_TEST(memory_bounded_in_jobs)
{
    size_t small = pool_after(20000);
    size_t large = pool_after(400000);
    ck_assert_uint_gt(small, 0);
    ck_assert_uint_eq(large, small);
    ck_assert_uint_le(large, 4096);
}
END_TEST

/* And the pool does grow with the jobs present: the overloaded queue holds
 * about 2000 jobs at t = 6000 (6000 arrivals, 4000 completions). */
START_TEST(memory_pool_follows_jobs_present)
{
    char *y = scenario("stop: {time: 6000.25}\n", "", 1, "", 1.0, 1.5);
    vs_config *cfg = load(y);
    free(y);
    vs_world *w = NULL;
    vs_err err;
    ck_assert_int_eq(vs__world_new(cfg, 0, &w, &err), VS_OK);
    vs_rep rep;
    ck_assert_int_eq(vs__world_run(w, NULL, NULL, NULL, &rep, &err), VS_OK);
    uint64_t present = rep.st[0].arrived - rep.st[0].completed;
    ck_u64(present, 6000 - 3999);
    ck_assert_uint_ge(vs__world_job_capacity(w), present);
    vs__rep_fini(&rep);
    vs__world_free(w);
    vs_config_free(cfg);
}
END_TEST

/* Every number of the summary, bit for bit (wall-clock fields aside). */
static void assert_same_summary(const vs_summary *x, const vs_summary *y)
{
#define SAME(f) ck_assert_msg(memcmp(&x->f, &y->f, sizeof x->f) == 0, "%s differs", #f)
    SAME(replications);
    SAME(events);
    SAME(sim_time);
    SAME(warmup_time);
    ck_assert_uint_eq(x->nstations, y->nstations);
    for (size_t i = 0; i < x->nstations; i++) {
        SAME(stations[i].arrived);
        SAME(stations[i].completed);
        SAME(stations[i].blocked);
        SAME(stations[i].throughput);
        SAME(stations[i].utilization);
        SAME(stations[i].response_time);
        SAME(stations[i].wait_time);
        SAME(stations[i].jobs_in_system);
        SAME(stations[i].queue_length);
        SAME(stations[i].p50_response);
        SAME(stations[i].p95_response);
        SAME(stations[i].p99_wait);
        SAME(stations[i].wait_probability);
        ck_assert_uint_eq(x->stations[i].nclasses, y->stations[i].nclasses);
        for (size_t c = 0; c < x->stations[i].nclasses; c++) {
            SAME(stations[i].classes[c].completed);
            SAME(stations[i].classes[c].response_time);
            SAME(stations[i].classes[c].p95_response);
        }
    }
    for (size_t i = 0; i < x->nhosts; i++) {
        SAME(hosts[i].utilization);
        SAME(hosts[i].energy_kwh);
    }
#undef SAME
}

/* Replications in 1 or 3 threads give the same summary, bit for bit. */
START_TEST(threads_do_not_change_results)
{
    static const char y[] = "name: threads\n"
                            "seed: 8\n"
                            "stop: {time: 1000}\n"
                            "replications: 5\n" TWO_CLASSES_BODY;
    vs_summary *a = run_threads(y, 1);
    vs_summary *b = run_threads(y, 3);
    ck_assert_int_eq(a->replications, 5);
    assert_same_summary(a, b);
    vs_summary_free(a);
    vs_summary_free(b);
}
END_TEST

/* ---- interruption --------------------------------------------------------------- */

typedef struct stopper {
    volatile sig_atomic_t flag;
    double at;
} stopper;

static void stop_at(void *ctx, double fraction)
{
    stopper *st = ctx;
    if (fraction >= st->at)
        st->flag = 1;
}

/* Interrupted a third of the way through (the progress callback raises the
 * flag as Ctrl-C would): the summary keeps what was measured, marked
 * partial, cut short of the stop time. */
START_TEST(interrupt_keeps_partial_results)
{
    vs_config *cfg = load(two_classes);
    stopper sp = {0, 0.3};
    vs_run_opts ro = {.threads = 1, .interrupt = &sp.flag, .progress = stop_at,
                      .progress_ctx = &sp};
    vs_summary *s = NULL;
    vs_err err;
    int rc = vs_experiment_run(cfg, &ro, &s, &err);
    ck_assert_msg(rc == VS_OK, "%s", err.msg);
    ck_assert_int_eq(s->partial, 1);
    ck_assert_int_eq(s->replications, 1);
    ck_assert(s->sim_time > 100.0 && s->sim_time < 3000.0);
    ck_assert_uint_gt(station(s, "v")->completed, 0);
    vs_summary_free(s);
    vs_config_free(cfg);
}
END_TEST

/* Interrupted before it starts: nothing measured, VS_EINTR, no summary. */
START_TEST(interrupt_before_start)
{
    vs_config *cfg = load(two_classes);
    volatile sig_atomic_t flag = 1;
    vs_run_opts ro = {.threads = 2, .interrupt = &flag};
    static vs_summary dummy;
    vs_summary *s = &dummy;
    vs_err err;
    ck_assert_int_eq(vs_experiment_run(cfg, &ro, &s, &err), VS_EINTR);
    ck_assert_ptr_null(s);
    vs_config_free(cfg);
}
END_TEST

/* ---- main ---------------------------------------------------------------------- */

static Suite *sim_suite(void)
{
    Suite *s = suite_create("sim");
    TCase *tc = tcase_create("golden");
    tcase_add_test(tc, golden_two_vcpus_steady);
    tcase_add_test(tc, golden_one_vcpu_growing);
    tcase_add_test(tc, golden_replications_add_counts);
    tcase_add_test(tc, capacity_loss_system);
    tcase_add_test(tc, capacity_counts_queued_and_running);
    tcase_add_test(tc, capacity_blocking_after_warmup_only);
    tcase_add_test(tc, boot_time_delays_service);
    tcase_add_test(tc, speed_and_overhead_scale_service);
    tcase_add_test(tc, speed_alone);
    tcase_add_test(tc, warmup_by_time);
    tcase_add_test(tc, warmup_by_jobs);
    tcase_add_test(tc, stop_by_jobs);
    tcase_add_test(tc, stop_time_or_jobs_first);
    tcase_add_test(tc, trace_arrivals_stop_by_jobs_ends_when_drained);
    tcase_add_test(tc, trace_arrivals_stop_by_time_runs_on);
    suite_add_tcase(s, tc);

    tc = tcase_create("structure");
    tcase_add_test(tc, classes_sum_to_station);
    tcase_add_test(tc, one_class_is_the_station);
    tcase_add_test(tc, host_utilization_sums_vms);
    tcase_add_test(tc, first_fit_order);
    tcase_add_test(tc, place_dedicated_overcommit);
    tcase_add_test(tc, place_memory);
    tcase_add_test(tc, place_unknown_host);
    tcase_add_test(tc, place_unknown_host_in_config);
    tcase_add_test(tc, place_first_fit_fails);
    tcase_add_test(tc, place_second_vm_overcommits);
    tcase_add_test(tc, power_curve_from_model);
    tcase_add_test(tc, power_linear_idle_max);
    suite_add_tcase(s, tc);

    tc = tcase_create("runs");
    tcase_set_timeout(tc, 120);
    tcase_add_test(tc, memory_bounded_in_jobs);
    tcase_add_test(tc, memory_pool_follows_jobs_present);
    tcase_add_test(tc, threads_do_not_change_results);
    tcase_add_test(tc, interrupt_keeps_partial_results);
    tcase_add_test(tc, interrupt_before_start);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    gsl_set_error_handler_off();
    SRunner *sr = srunner_create(sim_suite());
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
