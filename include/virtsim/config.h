/*
 * config.h: a scenario as plain data.
 *
 * The scenario loader (scenario.h) turns a YAML file into a vs_config; the
 * world builder (sim.h) turns a vs_config into a running model.  Everything
 * here is validated: names are unique, references resolve, numbers are in
 * range, units are converted (times in seconds, memory in MiB).  Entries with
 * `count > 1` are NOT expanded here: the builder expands them, so that
 * `--set hosts.rack-a.count=8` keeps addressing the entry by its name.
 *
 * Every entry keeps the source position of its mapping (and of a few keys)
 * so later stages can report "FILE:LINE:COL: ..." errors too.
 *
 * All strings and arrays are owned by the vs_config and freed by
 * vs_config_free.
 */
#ifndef VIRTSIM_CONFIG_H
#define VIRTSIM_CONFIG_H

#include <stddef.h>
#include <stdint.h>

#include "virtsim/rng.h"

typedef struct vs_srcpos {
    int line, col;  /* 1-based; 0 when the value came from --set or a default */
} vs_srcpos;

typedef struct vs_host_cfg {
    char *name;          /* base name; count > 1 makes NAME-0 .. NAME-(count-1) */
    int count;           /* >= 1, default 1 */
    int cores;           /* >= 1 */
    double speed;        /* work units per second per core, > 0, default 1 */
    double memory_mib;   /* > 0, default: unlimited (INFINITY) */
    char *scheduler;     /* hypervisor vCPU scheduler name, default "dedicated" */
    double quantum;      /* s, for rr/credit, default 0.030 */
    double switch_cost;  /* s, for rr, default 0 */
    double overhead;     /* in [0, 1), vCPUs run at speed * (1 - overhead), default 0 */
    char *model;         /* catalog model name from models/, or NULL */
    double idle_watts, max_watts; /* power model (linear), 0 when none */
    double *power_curve; /* optional: watts at 0%, 10%, ..., 100% load (11 values) */
    vs_srcpos pos;       /* the list item */
} vs_host_cfg;

typedef struct vs_vm_cfg {
    char *name;          /* base name; count > 1 makes NAME-0 .. */
    int count;           /* >= 1 */
    int vcpus;           /* >= 1 */
    double memory_mib;   /* >= 0, default 0 (not constrained) */
    char *host;          /* fixed placement: an expanded host name, or NULL */
    char *environment;   /* or NULL */
    char *parent;        /* nested virtualization: parent VM name, or NULL */
    char *scheduler;     /* guest job scheduler name, default "fcfs" */
    double quantum;      /* s, for rr, default 0.010 */
    double switch_cost;  /* s, for rr, default 0 */
    int preemptive;      /* for priority, default 0 */
    int64_t capacity;    /* most jobs in the VM, -1 = unlimited (default) */
    double weight;       /* for fair/credit host schedulers, default 256 */
    double cap;          /* cores' worth, 0 = no cap */
    double boot_time;    /* s, default 0 */
    char *model;         /* catalog VM type, or NULL */
    vs_srcpos pos;       /* the list item */
    vs_srcpos host_pos;  /* the `host:` value (or pos when absent) */
} vs_vm_cfg;

typedef struct vs_workload_cfg {
    char *name;
    char *target;        /* VM name (an entry with count 1) */
    vs_dist arrival;     /* inter-arrival time distribution (or TRACE) */
    vs_dist size;        /* work units per job */
    int klass;           /* priority class, >= 0, default 0 */
    vs_srcpos pos;
    vs_srcpos target_pos;
} vs_workload_cfg;

typedef enum vs_warmup_kind {
    VS_WARMUP_TIME = 0,  /* discard statistics before warmup_value seconds */
    VS_WARMUP_JOBS,      /* discard the first warmup_value completed jobs */
    VS_WARMUP_MSER5      /* choose the cut from the data (MSER-5) */
} vs_warmup_kind;

typedef struct vs_config {
    char *file;          /* path the scenario was read from ("<string>" for text) */
    char *dir;           /* directory of that file ("." for text) */
    char *name;          /* default: file name without extension */
    char *description;   /* or NULL */
    uint64_t seed;       /* default 1 */
    double stop_time;    /* s; INFINITY when only stop.jobs is given */
    uint64_t stop_jobs;  /* completed jobs; 0 when only stop.time is given */
    vs_warmup_kind warmup_kind;
    double warmup_value; /* seconds or jobs, default 0 */
    int replications;    /* >= 1, default 1 */

    vs_host_cfg *hosts;
    size_t nhosts;
    vs_vm_cfg *vms;
    size_t nvms;
    vs_workload_cfg *workloads;
    size_t nworkloads;

    char *placement;     /* placement policy name, default "first-fit" */
    double overcommit_cpu;  /* vCPUs per core allowed when placing, default 1 */
    double overcommit_mem;  /* memory overcommit ratio, default 1 */
    vs_srcpos placement_pos;

    /* Precision-driven replications: run replications (at least
     * `replications`, at least 3) until the 95% CI half-width of every
     * station's precision_metric is within precision_relative of its mean,
     * or precision_max replications have run. */
    char *precision_metric;     /* "response_time.mean" or "VM.response_time.mean"; NULL = off */
    double precision_relative;  /* e.g. 0.01 */
    int precision_max;          /* default 200 */
    vs_srcpos precision_pos;

    char *output_dir;    /* or NULL */
    char **plots;        /* plot kinds asked for */
    size_t nplots;
    double series_interval; /* s; 0 = no time series */
} vs_config;

void vs_config_free(vs_config *cfg); /* NULL is a no-op */

/* Format "FILE:LINE:COL: " + message into err for an entry of cfg.  pos with
 * line 0 yields "FILE: ". Returns code. */
int vs_config_fail(const vs_config *cfg, vs_srcpos pos, vs_err *err, int code,
                   const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 5, 6)))
#endif
    ;

#endif /* VIRTSIM_CONFIG_H */
