/*
 * world.h: the simulated platform of one replication (model internals).
 *
 * A world is built from a validated vs_config for one replication: hosts and
 * VMs are expanded (count), VMs are placed, policies instantiated, workloads
 * get their random streams.  vs__world_run simulates until the stop
 * condition and fills a vs_rep with this replication's results.  Shared
 * between src/model and src/experiment only.
 */
#ifndef VS_MODEL_WORLD_H
#define VS_MODEL_WORLD_H

#include <signal.h>
#include <stddef.h>
#include <stdint.h>

#include "virtsim/config.h"
#include "virtsim/err.h"
#include "virtsim/stats.h"

typedef struct vs_world vs_world;

/* Results of one class within a station, one replication. */
typedef struct vs_rep_class {
    int klass;
    uint64_t completed, waited;
    double throughput, resp_mean, wait_mean;   /* jobs/s, s, s */
    double ci_tput, ci_resp, ci_wait;          /* batch-means half-widths (NAN if too few) */
    vs_hist resp_h, wait_h;
} vs_rep_class;

/* Results of one station (VM), one replication. */
typedef struct vs_rep_station {
    uint64_t arrived, blocked, completed, waited;
    double throughput;   /* completed jobs / measured time */
    double utilization;  /* busy vCPU-seconds / vCPU-seconds (a vCPU is busy
                            while it holds a job, stolen time included) */
    double steal;        /* runnable-but-not-running vCPU-seconds / busy
                            vCPU-seconds (0 on a dedicated host) */
    double ci_steal;     /* its batch-means half-width */
    double resp_mean, wait_mean, jobs_mean, queue_mean;
    double ci_tput, ci_util, ci_resp, ci_wait, ci_jobs, ci_queue;
    vs_hist resp_h, wait_h;
    vs_rep_class *classes;
    size_t nclasses;
} vs_rep_station;

typedef struct vs_rep_host {
    double utilization, ci_util;
    double energy_kwh;   /* over the measured period */
} vs_rep_host;

typedef struct vs_rep {
    double sim_time;     /* simulated time at the end, s */
    double warm_time;    /* time statistics started, s */
    uint64_t events;
    int interrupted;
    size_t nstations, nhosts;
    vs_rep_station *st;
    vs_rep_host *hosts;
    /* output.series (replication 0): ts_rows rows of ts_cols values: time,
     * then utilization and jobs of each VM, then utilization of each host,
     * each the average over the interval ending at that time. */
    double *ts;
    size_t ts_rows, ts_cols;
} vs_rep;

void vs__rep_fini(vs_rep *rep);

/* Progress callback: fraction of this replication done (0..1). */
typedef void (*vs__world_progress)(void *ctx, double fraction);

int vs__world_new(const vs_config *cfg, uint32_t replication, vs_world **out, vs_err *err);
void vs__world_free(vs_world *w);

/* Simulate to the end and fill *rep (which the caller later releases with
 * vs__rep_fini).  If *interrupt becomes non-zero the run stops early, the
 * results so far are kept and rep->interrupted is set. */
int vs__world_run(vs_world *w, const volatile sig_atomic_t *interrupt,
                  vs__world_progress progress, void *ctx, vs_rep *rep, vs_err *err);

/* Start statistics at time t instead of the config's warm-up (the cut an
 * MSER-5 pilot run chose).  Call before vs__world_run. */
void vs__world_set_warmup_time(vs_world *w, double t);

/* Pilot mode for MSER-5: cut the run into n equal time blocks (from the
 * start of statistics) and record the mean total number of jobs in the VMs
 * over each.  Call before vs__world_run; read with vs__world_series after. */
int vs__world_record_series(vs_world *w, size_t n, vs_err *err);
const double *vs__world_series(const vs_world *w, size_t *n, double *block_len);

/* Layout of a built world, in the order results are reported. */
size_t vs__world_nstations(const vs_world *w);
size_t vs__world_nhosts(const vs_world *w);
const char *vs__world_station_name(const vs_world *w, size_t i);
const char *vs__world_station_host(const vs_world *w, size_t i);
size_t vs__world_station_cfg(const vs_world *w, size_t i);     /* index into cfg->vms */
int vs__world_station_vcpus(const vs_world *w, size_t i);
double vs__world_station_speed(const vs_world *w, size_t i);   /* work units/s per vCPU */
const char *vs__world_host_name(const vs_world *w, size_t i);
int vs__world_host_cores(const vs_world *w, size_t i);

/* Jobs the world's job pool has room for (allocated slabs times their size):
 * it grows with the most jobs present at once, never with the number of jobs
 * simulated.  For tests of bounded memory. */
size_t vs__world_job_capacity(const vs_world *w);

#endif
