/*
 * bench_mm4.c: the throughput benchmark (not a test).
 *
 * Simulates an M/M/4 queue at rho = 0.9 (Poisson arrivals at 3.6/s,
 * exponential sizes of mean 1 s, fcfs on a dedicated host) for N completed
 * jobs in one replication on one thread, and prints jobs/s, events/s and the
 * process's peak resident memory.  Run it for several N in separate
 * processes (bench/run.sh) to see that memory does not grow with N.
 *
 * usage: bench_mm4 [JOBS] [GUEST_SCHEDULER]    (default 10000000 fcfs)
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>

#include <gsl/gsl_errno.h>

#include "virtsim/scenario.h"
#include "virtsim/sim.h"

static double wall_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

int main(int argc, char **argv)
{
    gsl_set_error_handler_off();
    unsigned long long jobs = argc > 1 ? strtoull(argv[1], NULL, 10) : 10000000ULL;
    const char *sched = argc > 2 ? argv[2] : "fcfs";
    char yaml[1024];
    snprintf(yaml, sizeof yaml,
             "name: bench-mm4\n"
             "seed: 1\n"
             "stop: {jobs: %llu}\n"
             "hosts: [{name: h, cores: 4}]\n"
             "vms: [{name: vm, vcpus: 4, host: h, scheduler: %s}]\n"
             "workloads:\n"
             "  - {name: w, target: vm, arrival: {dist: exponential, rate: 3.6},\n"
             "     size: {dist: exponential, mean: 1.0}}\n",
             jobs, sched);
    vs_err err;
    vs_err_clear(&err);
    vs_config *cfg = NULL;
    if (vs_scenario_load_string(yaml, strlen(yaml), "bench", ".", NULL, 0, &cfg, &err) != VS_OK) {
        fprintf(stderr, "%s\n", err.msg);
        return 2;
    }
    vs_run_opts opts = {.threads = 1};
    vs_summary *sum = NULL;
    double t0 = wall_now();
    if (vs_experiment_run(cfg, &opts, &sum, &err) != VS_OK) {
        fprintf(stderr, "%s\n", err.msg);
        vs_config_free(cfg);
        return 1;
    }
    double wall = wall_now() - t0;
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    unsigned long long done = 0;
    for (size_t i = 0; i < sum->nstations; i++)
        done += sum->stations[i].completed;
    /* CPU time as well as wall time: on a shared machine the wall clock
     * includes waiting for a core, the CPU time does not. */
    double cpu = (double)ru.ru_utime.tv_sec + 1e-6 * (double)ru.ru_utime.tv_usec;
    printf("bench_mm4 scheduler=%s jobs=%llu completed=%llu events=%llu wall=%.3fs cpu=%.3fs "
           "jobs/s=%.3g (per cpu-s %.3g) events/s=%.3g peak_rss=%.1fMiB mean_response=%.4f\n",
           sched, jobs, done, (unsigned long long)sum->events, wall, cpu, (double)jobs / wall,
           (double)jobs / cpu, (double)sum->events / wall, (double)ru.ru_maxrss / 1024.0,
           sum->stations[0].response_time.mean);
    vs_summary_free(sum);
    vs_config_free(cfg);
    return 0;
}
