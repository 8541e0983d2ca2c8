/*
 * summary.h: the results of a run, as plain data.
 *
 * The experiment module fills a vs_summary from one or more replications;
 * the report module prints it as text, JSON or CSV.  The JSON field names
 * follow docs/results.md (the contract in scenario-format.md).  A metric's
 * ci95 is the half-width of its 95% confidence interval: Student t across
 * replications, or batch means within a single replication; NAN when it
 * cannot be computed (printed as null).
 */
#ifndef VIRTSIM_SUMMARY_H
#define VIRTSIM_SUMMARY_H

#include <stddef.h>
#include <stdint.h>

#include "virtsim/analytic.h"

typedef struct vs_metric {
    double mean;
    double ci95;
} vs_metric;

typedef struct vs_class_summary {
    int klass;
    uint64_t completed;
    vs_metric throughput, response_time, wait_time;
    double p50_response, p95_response, p99_response;
    double p50_wait, p95_wait, p99_wait;
} vs_class_summary;

/* One replication's values of a station's metrics (NAN when nothing was
 * measured), kept for paired comparisons and precision control. */
typedef struct vs_rep_values {
    double throughput, utilization, response_time, wait_time;
    double jobs_in_system, queue_length;
    double p50_response, p95_response, p99_response;
    double p50_wait, p95_wait, p99_wait;
    double wait_probability, blocking_probability;
} vs_rep_values;

typedef struct vs_station_summary {
    char *name;
    char *host;           /* final host of the VM */
    char *scheduler;      /* guest scheduler name */
    int vcpus;
    double speed;         /* work units per second per vCPU */
    uint64_t arrived, completed, blocked; /* after warm-up, summed over replications */
    vs_metric throughput, utilization, response_time, wait_time;
    vs_metric jobs_in_system, queue_length;
    /* steal time: vCPU-seconds runnable (holding a job) but not running
     * (its core given to another vCPU), over runnable vCPU-seconds; 0 on a
     * dedicated host */
    vs_metric steal;
    double p50_response, p95_response, p99_response;
    double p50_wait, p95_wait, p99_wait;
    double wait_probability;     /* pooled over replications */
    double blocking_probability; /* pooled over replications */
    vs_class_summary *classes;
    size_t nclasses;
    int has_analytic;
    vs_queue_metrics analytic;
    vs_rep_values *reps;  /* [replications], in replication order */
    /* The response-time distribution for plots: quantile levels cdf_p[i]
     * (0.005, 0.01, ..., 0.995, 0.999) and the pooled quantiles cdf_x[i]. */
    double *cdf_x, *cdf_p;
    size_t ncdf;
} vs_station_summary;

typedef struct vs_host_summary {
    char *name;
    int cores;
    vs_metric utilization;  /* busy core-seconds over core-seconds */
    double energy_kwh;      /* mean per replication; 0 without a power model */
} vs_host_summary;

typedef struct vs_vm_summary {
    char *name;
    char *host;
    char *state;            /* "running", ... */
} vs_vm_summary;

/* A time series (output.series): rows of values at the end of each
 * interval; column 0 is the time in seconds. */
typedef struct vs_series {
    size_t rows, cols;
    char **names;   /* [cols]: "time", "vm.NAME.utilization", "vm.NAME.jobs_in_system",
                       "host.NAME.utilization" */
    double *data;   /* rows * cols values, row-major */
} vs_series;

typedef struct vs_summary {
    char *scenario;
    char *file;
    uint64_t seed;
    int replications;       /* replications completed */
    int partial;            /* 1 if interrupted: results so far */
    uint64_t events;        /* events over all replications */
    double sim_time;        /* mean simulated time per replication, s */
    double warmup_time;     /* mean warm-up cut per replication, s */
    const char *warmup_method; /* "time", "jobs" or "mser5" (static string) */
    double wall_seconds;
    double events_per_second;
    char *precision_metric;     /* the precision rule's metric, or NULL */
    double precision_relative;  /* its target relative half-width */
    int precision_met;          /* 1 if every station met it */
    vs_station_summary *stations;
    size_t nstations;
    vs_host_summary *hosts;
    size_t nhosts;
    vs_vm_summary *vms;
    size_t nvms;
    vs_series *series;      /* replication 0's time series, or NULL */
} vs_summary;

void vs_summary_free(vs_summary *s); /* NULL is a no-op */

#endif /* VIRTSIM_SUMMARY_H */
