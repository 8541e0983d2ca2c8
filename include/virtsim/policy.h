/*
 * policy.h: policy plug-ins and their registries.
 *
 * Every policy family is a const descriptor (name, one-line description,
 * state size, hooks) registered in one NULL-terminated table per family in
 * src/policy/registry.c and looked up by the name written in the scenario.
 * A new policy is one new .c file and one registry line.  Policies are
 * decision functions: they get their own zeroed state of state_size bytes and
 * return decisions; the model applies them and keeps the invariants.
 */
#ifndef VIRTSIM_POLICY_H
#define VIRTSIM_POLICY_H

#include <stddef.h>
#include <stdint.h>

#include <gsl/gsl_rng.h>

#include "virtsim/config.h"
#include "virtsim/err.h"

/* A job inside a VM.  Fields are read-only for policies except `link`, which
 * belongs to whichever queue the job is in. */
typedef struct vs_job {
    struct vs_job *next, *prev; /* intrusive links: owned by the current queue */
    double arrival;    /* s, time the job entered the VM */
    double start;      /* s, time it first got a vCPU; < 0 while it never ran */
    double size;       /* work units */
    double remaining;  /* work units still to do */
    uint64_t seq;      /* arrival order within the VM (FIFO tie-break) */
    uint32_t workload; /* index of the workload that sent it */
    int klass;         /* priority class, 0 = highest */
    double tag;        /* fluid schedulers: finish tag, the VM's virtual time
                        * (work units of service per job) at which the job
                        * completes; set by the model before enqueue */
} vs_job;

/* ---- guest job schedulers (jobs on a VM's vCPUs) ------------------------ */

typedef struct vs_guest_sched_type {
    const char *name;   /* as written in the scenario: "fcfs" */
    const char *desc;   /* one line for --help and docs */
    size_t state_size;  /* bytes of zeroed state the model allocates */
    /* Called once when the VM is built, after the state is zeroed.  May be
     * NULL (nothing to set up).  Returns VS_OK or an error code with err set. */
    int (*init)(void *state, const vs_vm_cfg *cfg, vs_err *err);
    /* Called when the VM is destroyed.  May be NULL. */
    void (*fini)(void *state);
    /* Called when a job must wait for a vCPU (on arrival when every vCPU is
     * busy).  The job is not in any queue; the policy links it into its own. */
    void (*enqueue)(void *state, vs_job *job);
    /* Called when a vCPU becomes free.  Unlinks and returns the job to run
     * next, or NULL when no job waits. */
    vs_job *(*pick_next)(void *state);

    /* The hooks and flags below are optional: a zero/NULL value gives the
     * non-preemptive behaviour of fcfs, and the model then keeps its fast
     * path (no per-job event handles, no table of running jobs). */

    /* Preemption decision, called on arrival when every vCPU is busy, before
     * the job is enqueued.  running[0..n-1] are the jobs holding the vCPUs,
     * their `remaining` brought up to date (now).  Returns the index of the
     * running job that `job` displaces, or -1 to enqueue `job`.  The model
     * then cancels the displaced job's completion, charges it the work done
     * (remaining -= (now - started) * speed), calls enqueue on it and gives
     * its vCPU to `job`.  NULL: never preempt. */
    long (*preempt)(void *state, const vs_job *job, vs_job *const *running, size_t n);
    /* 1: round-robin time slicing.  A job holds a vCPU for at most the VM's
     * `quantum` seconds; when the slice ends with work left and another job
     * waits, the job goes to the back of one FIFO queue and the vCPU takes
     * the job at its head, spending the VM's `switch_cost` seconds first.
     * The model applies this rotation itself, lazily (no event per slice;
     * see "rotation mode" in src/model/world.c), so enqueue and pick_next
     * are not called for a sliced scheduler. */
    int sliced;
    /* 1: fluid sharing (egalitarian processor sharing).  Every job in the VM
     * is served at once, each at rate speed * min(1, c / n) with c vCPUs and
     * n jobs.  The model keeps the VM's virtual time V (service per job so
     * far), sets job->tag = V + size on arrival and calls enqueue for every
     * job; peek returns (without unlinking) the job with the smallest tag,
     * pick_next unlinks it when V reaches its tag.  One completion event per
     * VM.  enqueue, pick_next and peek must be O(log n). */
    int fluid;
    /* Fluid schedulers: the job with the smallest tag, left in the queue,
     * or NULL when there is none.  NULL for the others. */
    vs_job *(*peek)(void *state);
} vs_guest_sched_type;

/* ---- hypervisor vCPU schedulers (vCPUs on a host's cores) --------------- */

typedef struct vs_host_sched_type {
    const char *name;
    const char *desc;
    /* 1 if more vCPUs than cores may be placed on a host. */
    int allows_overcommit;
    /* 1: fluid weighted sharing of the host's cores among its runnable vCPUs
     * (a vCPU is runnable while its VM has a job on it): the model gives
     * each VM a share of the cores by water-filling on the VMs' `weight`,
     * limited by the VM's `cap` and by one core per vCPU, and runs each
     * runnable vCPU at speed * (1 - overhead) * share (see "shared hosts"
     * in src/model/world.c).  0: each vCPU owns a core. */
    int fluid;
    /* 1: time slicing of the host's cores among its runnable vCPUs, slices
     * of the host's `quantum`, FIFO run queue, `switch_cost` per switch
     * (see "sliced hosts" in src/model/world.c). */
    int sliced;
    /* 1 (with sliced): Xen credit accounting on top of the slices: weights,
     * caps, UNDER/OVER priorities, parking (see "credit hosts" in
     * src/model/world.c). */
    int credit;
} vs_host_sched_type;

/* ---- placement (VMs on hosts) ------------------------------------------ */

/* What a placement policy may see of one host. */
typedef struct vs_host_view {
    const char *name;
    double cores;          /* physical cores */
    double vcpus_free;     /* vCPUs that still fit (cores * overcommit - placed) */
    double memory_free;    /* MiB that still fit (INFINITY if unlimited) */
    double memory_total;   /* MiB (INFINITY if unlimited) */
    int vms;               /* VMs placed so far */
} vs_host_view;

typedef struct vs_place_type {
    const char *name;
    const char *desc;
    size_t state_size;
    /* Choose a host for a VM that needs `vcpus` vCPUs and `memory` MiB among
     * hosts[0..n-1].  Returns the index of a host where it fits, or -1 when
     * it fits nowhere.  r is the policy's own random stream.  Called once per
     * VM in scenario order. */
    long (*choose_host)(void *state, const vs_host_view *hosts, size_t n,
                        double vcpus, double memory, gsl_rng *r);
} vs_place_type;

/* ---- registries --------------------------------------------------------- */

const vs_guest_sched_type *vs_guest_sched_find(const char *name);
const vs_host_sched_type *vs_host_sched_find(const char *name);
const vs_place_type *vs_place_find(const char *name);

/* Comma-separated valid names, for "expected one of: ..." messages. */
const char *vs_guest_sched_names(void);
const char *vs_host_sched_names(void);
const char *vs_place_names(void);

/* The registered descriptors, NULL-terminated, for docs and tests. */
extern const vs_guest_sched_type *const vs_guest_scheds[];
extern const vs_host_sched_type *const vs_host_scheds[];
extern const vs_place_type *const vs_places[];

#endif /* VIRTSIM_POLICY_H */
