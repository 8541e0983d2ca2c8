/*
 * world.c: hosts, VMs, jobs and workloads of one replication.
 *
 * This is the model.  It applies decisions (a guest scheduler picks the next
 * job, a placement policy picks a host) and keeps the invariants in one
 * place; it never decides by itself.  It observes itself for statistics.
 *
 * A VM is a station: jobs arrive from the workloads that target it, queue in
 * the guest scheduler's queue and run on the VM's vCPUs, one job per vCPU.
 * Under the `dedicated` hypervisor scheduler each vCPU owns a core, so a job
 * of `size` work units runs for size / (speed * (1 - overhead)) seconds.
 * Under `fair` (a fluid host scheduler) the host's cores are shared among
 * the runnable vCPUs by weight and cap, and a VM's vCPU speed changes with
 * its share: see "shared hosts" below.  Under `rr` and `credit` (sliced
 * host schedulers) vCPUs take turns on the cores in time slices, and a VM
 * none of whose runnable vCPUs holds a core is frozen: see "sliced hosts"
 * and "credit hosts".
 *
 * Guest schedulers come in three modes, chosen from the descriptor's hooks
 * and flags (policy.h) when the VM is built:
 *   plain    (fcfs, sjf): non-preemptive.  A job keeps its vCPU until it
 *            completes; one on_complete event per job, no handle kept.  The
 *            fast path.
 *   tracked  (srpt, priority: a `preempt` hook): the model keeps the job on
 *            each vCPU (st->run) and the handle of its completion event
 *            (on_run_end).  Preemption cancels that event and charges the
 *            job the work done since it last got the vCPU:
 *            remaining -= (now - run_from) * speed.
 *   rotation (rr, `sliced`): round robin without an
 *            event per slice.  The jobs form one cyclic order, the slice ends
 *            recur periodically between arrivals and completions, and one
 *            completion event per VM (on_rot_done) is found by computing
 *            each job's last slice; O(n) per arrival or completion, nothing
 *            per slice (see "rotation mode" below).
 *   fluid    (ps): all jobs served at once, each at rate
 *            speed * min(1, c / n).  Lazy: the VM's virtual time V (service
 *            per job) advances only when n changes, each job's finish tag is
 *            V at arrival + size, the policy keeps the jobs by tag, and one
 *            completion event per VM (on_fluid_done) is moved when the rate
 *            changes.  O(log n) per event, never a rescan of the jobs.
 * Wait time is always first start minus arrival; a fluid job starts on
 * arrival.
 *
 * Events (all through the engine, obj/arg in parentheses):
 *   on_arrival  (workload)    a job arrives; the next arrival is scheduled.
 *   on_complete (job)         plain mode: a job finishes on its vCPU.
 *   on_run_end  (job)         tracked mode: a job completes on its vCPU.
 *   on_fluid_done (station)   fluid mode: the job with the smallest tag
 *                             completes.
 *   on_rot_done (station)     rotation mode: the next job completes.
 *   on_boot     (station)     a VM finishes booting and starts taking jobs.
 *   on_core     (host, core)  sliced hosts: a core's slice or switch ends.
 *   on_acct     (host)        credit hosts: the 30 ms credit accounting.
 *   on_warmup   (world)       the warm-up period ends: statistics restart.
 *   on_block    (world)       a batch-means block ends: block values pushed.
 *   on_progress (world)       progress report.
 *
 * Statistics.  Counters, sums and log histograms for response and
 * wait times; time-weighted integrals of jobs in the VM and busy vCPUs (the
 * queue length is their difference, so it needs no integral of its own).
 * For single-replication confidence intervals every quantity is also cut
 * into time blocks of fixed length and pushed into batch-means accumulators
 * (vs_bm), which merge blocks pairwise so memory stays bounded.  Nothing
 * grows with the number of jobs: the job pool holds at most the jobs
 * present at once.
 */
#include <assert.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_rng.h>

#include "model/world.h"
#include "virtsim/engine.h"
#include "virtsim/policy.h"
#include "virtsim/rng.h"

/* ---- structures --------------------------------------------------------- */

struct station;

/* A job as the model sees it: the policy-visible part plus its station. */
typedef struct sjob {
    vs_job job;            /* first member: policies get &sjob->job */
    struct station *st;
    uint32_t cls;          /* index into the station's class stats */
    struct sjob *free_next;
    double run_from;       /* s, tracked and rotation modes: when its current
                              run (or streak of slices) began, after a switch */
    union {
        struct {           /* tracked mode, while the job holds a vCPU: */
            int slot;      /* index of its vCPU in st->run */
            vs_event_id ev; /* the event ending the run */
        };
        struct {           /* rotation mode: its work cut into quanta */
            uint64_t slices; /* slices left, the current one included */
            double last_w; /* work units of its last slice, in (0, quantum * speed] */
        };
    };
} sjob;

/* Cumulative statistics of one class (or of the whole station). */
typedef struct flow_stats {
    uint64_t completed, waited;
    double resp_sum, wait_sum;   /* the means are sum / completed: exact enough
                                  * (relative error ~1e-16 n), and the run's
                                  * CIs come from batch means or replications,
                                  * so no per-job variance is kept */
    vs_hist resp_h, wait_h;
    /* values at the last block boundary, for batch means */
    uint64_t snap_completed;
    double snap_resp, snap_wait;
    vs_bm bm_tput, bm_resp, bm_wait;
} flow_stats;

/* A core of a sliced host: idle, switching to a vCPU of st (it runs from
 * the end of the switch) or running one; ev is its next event (end of
 * the switch or of the slice). */
typedef struct hcore {
    struct station *st;
    int state;
    vs_event_id ev;
} hcore;

enum { CORE_IDLE, CORE_SWITCH, CORE_RUN };

typedef struct host {
    char *name;
    int cores;
    double speed;          /* work units/s per core */
    double overhead;
    double mem_total;      /* MiB, INFINITY = unlimited */
    double vcpus_placed, mem_placed;
    const vs_host_sched_type *sched;
    /* power: linear idle..max, or an 11-point curve; none if max_w == 0 */
    double idle_w, max_w;
    const double *curve;
    int busy;              /* busy cores (dedicated: busy vCPUs of its VMs);
                              shared hosts: runnable vCPUs of its VMs */
    int shared;            /* 1: fluid sharing of the cores (fair) */
    double cores_busy;     /* shared hosts: cores in use, sum of VM shares */
    struct station **sts;  /* shared hosts: its VMs */
    size_t nsts;
    double *fair_lim;      /* [nsts] scratch: cores' worth each VM may use */
    size_t *fair_ord;      /* [nsts] scratch: VMs by lim / weight */
    /* sliced hosts (rr, credit): the cores and the run queue of waiting
     * vCPUs */
    int sliced, credit;
    struct vs_world *w;
    double quantum, switch_cost; /* s */
    struct hcore *core;    /* [cores] */
    struct station **rq;   /* ring buffer of waiting vCPUs (by their VM) */
    size_t rq_head, rq_len, rq_cap;
    double energy_j;       /* since the statistics (re)started */
    double energy_last;    /* time energy was last integrated */
    double blk_busy;       /* busy core-seconds in the current block */
    vs_bm bm_util;
} host;

typedef struct station {
    struct vs_world *w;
    char *name;
    size_t cfg_index;
    host *host;
    int vcpus;
    double speed;          /* work units/s per vCPU */
    int64_t capacity;      /* -1 unlimited */
    int up;                /* 0 while booting */
    const vs_guest_sched_type *sched;
    void *sched_state;
    int mode;              /* MODE_PLAIN, MODE_TRACKED, MODE_FLUID, MODE_ROTATION */
    double weight, cap;    /* shared hosts: the VM's weight and cap (cores) */
    double share;          /* shared hosts: core fraction of each runnable vCPU */
    vs_timeavg served_ta;  /* shared hosts: busy * share (cores in use) */
    int frozen;            /* sliced hosts: no vCPU of the VM holds a core */
    double frozen_at;      /* s, when it froze (rotation mode: its clock) */
    int on, held, queued;  /* sliced hosts: its vCPUs running on a core,
                              holding one (running or switching in), and
                              waiting in the host's run queue */
    /* credit hosts: the VM's credit (core-seconds), its priority (over: 1
     * = OVER, 0 = UNDER), parked by its cap, active since the last
     * accounting, and its served core-seconds at the last accounting */
    double credit;
    int over, parked, acct_active;
    double acct_served;
    double snap_served, ts_served;
    int busy;              /* vCPUs running a job */
    uint64_t njobs;        /* jobs in the VM, queued and running */
    uint64_t seq;
    /* statistics */
    uint64_t arrived, blocked;
    vs_timeavg jobs_ta, busy_ta;
    flow_stats all;
    flow_stats *cls;       /* per class, NULL when the station has one class */
    int *cls_ids;
    size_t ncls;
    double snap_jobs, snap_busy;
    vs_bm bm_util, bm_jobs, bm_queue, bm_steal;
    double ts_jobs, ts_busy;   /* areas at the last time-series sample */
    /* tracked mode: the job on each vCPU (NULL = free), a stack of free vCPU
     * indices; rotation mode: the slicing parameters */
    vs_job **run;
    int *free_slots;
    int nfree;
    double quantum;        /* s */
    double switch_cost;    /* s, a vCPU busy serving nobody per switch */
    /* fluid mode */
    double vtime;          /* V, work units of service per job so far */
    double vtime_at;       /* s, when V was last brought up to date */
    vs_event_id fluid_ev;  /* the VM's one completion event (fluid, rotation) */
    /* rotation mode (see "rotation mode" below) */
    vs_job **ring;         /* [njobs]: waiting jobs, then running by rank */
    size_t ring_cap;
    double *phase;         /* [vcpus]: next slice end per rank, ascending */
    double *phase_tmp;     /* [vcpus] scratch */
    uint64_t *rot_cnt;     /* [vcpus] scratch: slice ends per rank */
    struct sjob *rot_next; /* the job the pending event completes */
} station;

enum { MODE_PLAIN, MODE_TRACKED, MODE_FLUID, MODE_ROTATION };

typedef struct workload {
    struct vs_world *w;
    const vs_workload_cfg *cfg;
    station *st;
    uint32_t cls;
    gsl_rng *arr_rng, *size_rng;
    size_t cursor;         /* trace position */
} workload;

struct vs_world {
    const vs_config *cfg;
    vs_engine *eng;
    host *hosts;
    size_t nhosts;
    station *st;
    size_t nst;
    workload *wl;
    size_t nwl;
    /* job pool: slabs of jobs, a free list through free_next */
    sjob *free_jobs;
    sjob **slabs;
    size_t nslabs;
    int oom;               /* a job could not be allocated: run fails */
    uint64_t completed;    /* all completions, including warm-up */
    uint64_t stop_jobs;
    size_t live_arrivals;  /* workloads with a next arrival scheduled */
    uint64_t jobs_present; /* jobs in all VMs */
    double warm_time;      /* statistics start */
    int warm;              /* 1 once statistics count */
    double block_len;      /* batch-means block length, s */
    double block_start;
    double stop_est;       /* estimated end time, for progress */
    vs_warmup_kind warm_kind;  /* from the config unless overridden */
    double warm_value;
    double *series;        /* MSER-5 pilot: jobs in system per block, or NULL */
    size_t nseries, series_cap;
    /* output.series: interval averages sampled every ts_interval seconds:
     * per row the time, then per VM utilization and jobs, then per host
     * utilization.  Recorded in replication 0 only. */
    double ts_interval;
    double ts_last;
    double *ts;
    size_t ts_rows, ts_cap, ts_cols;
    vs__world_progress progress;
    void *progress_ctx;
};

/* ---- helpers -------------------------------------------------------------- */

static char *dup_name(const char *base, int count, int i)
{
    char buf[512];
    if (count > 1)
        snprintf(buf, sizeof buf, "%s-%d", base, i);
    else
        snprintf(buf, sizeof buf, "%s", base);
    size_t n = strlen(buf) + 1;
    char *s = malloc(n);
    if (s)
        memcpy(s, buf, n);
    return s;
}

/* The histograms (about 39 KB each) are allocated when the first job is
 * recorded, so VMs that never see a job (say 50,000 idle members of a
 * group) cost no histogram memory at all. */
static int flow_init(flow_stats *f, vs_err *err)
{
    (void)err;
    memset(f, 0, sizeof *f);
    vs_bm_init(&f->bm_tput);
    vs_bm_init(&f->bm_resp);
    vs_bm_init(&f->bm_wait);
    return VS_OK;
}

static int flow_hists(flow_stats *f)
{
    if (vs_hist_init(&f->resp_h, NULL) != VS_OK)
        return VS_ENOMEM;
    if (vs_hist_init(&f->wait_h, NULL) != VS_OK) {
        vs_hist_fini(&f->resp_h);
        return VS_ENOMEM;
    }
    return VS_OK;
}

static void flow_fini(flow_stats *f)
{
    vs_hist_fini(&f->resp_h);
    vs_hist_fini(&f->wait_h);
}

/* Forget everything measured so far (warm-up deletion). */
static void flow_reset(flow_stats *f)
{
    f->completed = f->waited = 0;
    f->resp_sum = f->wait_sum = 0.0;
    vs_hist_clear(&f->resp_h);
    vs_hist_clear(&f->wait_h);
    f->snap_completed = 0;
    f->snap_resp = f->snap_wait = 0.0;
    vs_bm_init(&f->bm_tput);
    vs_bm_init(&f->bm_resp);
    vs_bm_init(&f->bm_wait);
}

static void fail_oom(vs_world *w);

static inline void flow_record(vs_world *w, flow_stats *f, double resp, double wait)
{
    if (__builtin_expect(!f->resp_h.counts, 0) && flow_hists(f) != VS_OK) {
        fail_oom(w);
        return;
    }
    f->completed++;
    f->waited += wait > 0.0;
    f->resp_sum += resp;
    f->wait_sum += wait;
    vs_hist_add(&f->resp_h, resp);
    vs_hist_add(&f->wait_h, wait);
}

static void flow_block(flow_stats *f, double dt)
{
    uint64_t n = f->completed - f->snap_completed;
    vs_bm_push(&f->bm_tput, (double)n, dt);
    vs_bm_push(&f->bm_resp, f->resp_sum - f->snap_resp, (double)n);
    vs_bm_push(&f->bm_wait, f->wait_sum - f->snap_wait, (double)n);
    f->snap_completed = f->completed;
    f->snap_resp = f->resp_sum;
    f->snap_wait = f->wait_sum;
}

/* Watts drawn by a host at utilization u in [0, 1]. */
static double host_power(const host *h, double u)
{
    if (h->curve) {
        double x = u * 10.0;
        int i = (int)x;
        if (i >= 10)
            return h->curve[10];
        return h->curve[i] + (h->curve[i + 1] - h->curve[i]) * (x - i);
    }
    return h->idle_w + (h->max_w - h->idle_w) * u;
}

/* Integrate the host's energy up to now; call before its busy count changes.
 * Hosts without a power model skip this (energy then stays 0). */
static __attribute__((noinline)) void host_energy_add(host *h, double now)
{
    h->energy_j += host_power(h, (h->shared ? h->cores_busy : (double)h->busy) / h->cores) *
                   (now - h->energy_last);
    h->energy_last = now;
}

static inline void host_energy(host *h, double now)
{
    if (h->max_w > 0.0 || h->curve)
        host_energy_add(h, now);
}

/* ---- the job pool ------------------------------------------------------- */

#define SLAB_JOBS 1024

static sjob *job_alloc(vs_world *w)
{
    if (!w->free_jobs) {
        sjob **slabs = realloc(w->slabs, (w->nslabs + 1) * sizeof *slabs);
        if (!slabs)
            return NULL;
        w->slabs = slabs;
        sjob *slab = malloc(SLAB_JOBS * sizeof *slab);
        if (!slab)
            return NULL;
        w->slabs[w->nslabs++] = slab;
        for (size_t i = SLAB_JOBS; i-- > 0;) {
            slab[i].free_next = w->free_jobs;
            w->free_jobs = &slab[i];
        }
    }
    sjob *j = w->free_jobs;
    w->free_jobs = j->free_next;
    return j;
}

static inline void job_free(vs_world *w, sjob *j)
{
    j->free_next = w->free_jobs;
    w->free_jobs = j;
}

/* ---- events --------------------------------------------------------------- */

static void on_complete(vs_engine *eng, void *obj, uint64_t arg);
static void host_update(vs_world *w, host *h, double now);

/* Cores' worth of service a VM's vCPUs got up to now (integral): busy
 * vCPU-seconds on a dedicated host, sum of shares on a shared one. */
static double served_area(const station *st, double now)
{
    return st->host->shared ? vs_timeavg_area(&st->served_ta, now)
                            : vs_timeavg_area(&st->busy_ta, now);
}

static void fail_oom(vs_world *w)
{
    w->oom = 1;
    vs_engine_stop(w->eng);
}

/* Give a free vCPU to job j now. */
static void start_job(vs_world *w, station *st, sjob *j, double now)
{
    if (j->job.start < 0.0)
        j->job.start = now;
    host *h = st->host;
    host_energy(h, now);
    h->busy++;
    st->busy++;
    vs_timeavg_set(&st->busy_ta, now, st->busy);
    if (vs_engine_schedule(w->eng, now + j->job.remaining / st->speed, on_complete, j, 0,
                           NULL) != VS_OK)
        fail_oom(w);
}

/* Hand free vCPUs to waiting jobs, in the guest scheduler's order.  Inlined
 * into on_complete, the fcfs fast path. */
static inline __attribute__((always_inline)) void dispatch(vs_world *w, station *st, double now)
{
    while (st->up && st->busy < st->vcpus) {
        vs_job *next = st->sched->pick_next(st->sched_state);
        if (!next)
            break;
        start_job(w, st, (sjob *)next, now);
    }
}

static void stats_restart(vs_world *w, double now);

/* A run without a stop time (stop.jobs only) whose arrivals have run out
 * (finite traces) ends when the last job leaves: nothing but statistics
 * blocks could happen afterwards, and the job count would never be reached. */
static inline int drained(const vs_world *w)
{
    return w->live_arrivals == 0 && w->jobs_present == 0 && !(w->cfg->stop_time < INFINITY);
}

/* Job j leaves the VM (its vCPU, if any, was already released): counts,
 * statistics, and back to the pool.  Always inlined: it is most of the fcfs
 * fast path's on_complete, which must not pay a call for it. */
static inline __attribute__((always_inline)) void job_leave(vs_world *w, station *st, sjob *j, double now)
{
    st->njobs--;
    w->jobs_present--;
    vs_timeavg_set(&st->jobs_ta, now, (double)st->njobs);
    if (w->warm) {
        double resp = now - j->job.arrival;
        double wait = j->job.start - j->job.arrival;
        flow_record(w, &st->all, resp, wait);
        if (st->cls)
            flow_record(w, &st->cls[j->cls], resp, wait);
    }
    job_free(w, j);
}

/* After a completion: the warm-up and stop rules that count jobs. */
static inline void count_completion(vs_world *w, double now)
{
    w->completed++;
    if (!w->warm && w->warm_kind == VS_WARMUP_JOBS && (double)w->completed >= w->warm_value)
        stats_restart(w, now);
    if ((w->stop_jobs && w->completed >= w->stop_jobs) || drained(w))
        vs_engine_stop(w->eng);
}

static void on_complete(vs_engine *eng, void *obj, uint64_t arg)
{
    (void)arg;
    sjob *j = obj;
    station *st = j->st;
    vs_world *w = st->w;
    double now = vs_engine_now(eng);

    host_energy(st->host, now);
    st->host->busy--;
    st->busy--;
    vs_timeavg_set(&st->busy_ta, now, st->busy);
    job_leave(w, st, j, now);
    dispatch(w, st, now);
    count_completion(w, now);
}

/* ---- tracked mode (preemptive and sliced schedulers) ---------------------- */

static void on_run_end(vs_engine *eng, void *obj, uint64_t arg);

/* Start a run of job j on its vCPU after `delay` seconds of switching (0
 * for the tracked schedulers today), until it completes or is preempted. */
static void run_job(vs_world *w, station *st, sjob *j, double now, double delay)
{
    j->run_from = now + delay;
    if (j->job.start < 0.0)
        j->job.start = j->run_from;
    if (vs_engine_schedule(w->eng, j->run_from + j->job.remaining / st->speed, on_run_end, j, 0,
                           &j->ev) != VS_OK)
        fail_oom(w);
}

/* Give free vCPU `slot` to job j (delay: switching time first). */
static void occupy(vs_world *w, station *st, sjob *j, int slot, double now, double delay)
{
    st->run[slot] = &j->job;
    j->slot = slot;
    host_energy(st->host, now);
    st->host->busy++;
    st->busy++;
    vs_timeavg_set(&st->busy_ta, now, st->busy);
    run_job(w, st, j, now, delay);
}

/* vCPU `slot` has nothing to run: back on the free stack. */
static void release(station *st, int slot, double now)
{
    st->run[slot] = NULL;
    st->free_slots[st->nfree++] = slot;
    host_energy(st->host, now);
    st->host->busy--;
    st->busy--;
    vs_timeavg_set(&st->busy_ta, now, st->busy);
}

/* Hand every free vCPU to a waiting job, in the scheduler's order. */
static void dispatch_tracked(vs_world *w, station *st, double now)
{
    while (st->up && st->nfree > 0) {
        vs_job *next = st->sched->pick_next(st->sched_state);
        if (!next)
            break;
        occupy(w, st, (sjob *)next, st->free_slots[--st->nfree], now, 0.0);
    }
}

/* Charge a running job the work done since its run began (nothing while
 * it is still switching in). */
static inline void charge(const station *st, sjob *j, double now)
{
    if (now > j->run_from) {
        j->job.remaining -= (now - j->run_from) * st->speed;
        if (j->job.remaining < 0.0)
            j->job.remaining = 0.0;
        j->run_from = now;
    }
}

/* A job arrives at a tracked VM: a free vCPU, else the scheduler may
 * displace a running job, else it waits. */
static void arrive_tracked(vs_world *w, station *st, sjob *j, double now)
{
    if (!st->up) {
        st->sched->enqueue(st->sched_state, &j->job);
        return;
    }
    if (st->nfree > 0) {
        occupy(w, st, j, st->free_slots[--st->nfree], now, 0.0);
        return;
    }
    if (st->sched->preempt) {
        for (int i = 0; i < st->vcpus; i++)
            charge(st, (sjob *)st->run[i], now);
        long k = st->sched->preempt(st->sched_state, &j->job, (vs_job *const *)st->run,
                                    (size_t)st->vcpus);
        if (k >= 0 && k < st->vcpus) {
            sjob *v = (sjob *)st->run[k];
            vs_engine_cancel(w->eng, v->ev);
            st->sched->enqueue(st->sched_state, &v->job);
            st->run[k] = &j->job;
            j->slot = (int)k;
            run_job(w, st, j, now, 0.0);
            return;
        }
    }
    st->sched->enqueue(st->sched_state, &j->job);
}

static void on_run_end(vs_engine *eng, void *obj, uint64_t arg)
{
    (void)arg;
    sjob *j = obj;
    station *st = j->st;
    vs_world *w = st->w;
    double now = vs_engine_now(eng);
    int slot = j->slot;

    j->job.remaining = 0.0;
    /* The vCPU switches straight to the next job, if one waits. */
    vs_job *next = st->sched->pick_next(st->sched_state);
    if (next) {
        st->run[slot] = next;
        ((sjob *)next)->slot = slot;
        run_job(w, st, (sjob *)next, now, 0.0);
    } else {
        release(st, slot, now);
    }
    job_leave(w, st, j, now);
    if (st->host->shared)
        host_update(w, st->host, now);
    count_completion(w, now);
}

/* ---- fluid mode (processor sharing) -------------------------------------- */

static void on_fluid_done(vs_engine *eng, void *obj, uint64_t arg);

/* Service rate of each job, work units/s: speed * min(1, c / n). */
static inline double fluid_rate(const station *st)
{
    if (!st->up || st->njobs == 0 || st->frozen)
        return 0.0;
    return (double)st->njobs <= st->vcpus ? st->speed
                                          : st->speed * st->vcpus / (double)st->njobs;
}

/* Bring V up to now at the rate of the current number of jobs; call before
 * that number changes. */
static inline void fluid_advance(station *st, double now)
{
    st->vtime += fluid_rate(st) * (now - st->vtime_at);
    st->vtime_at = now;
}

/* Busy vCPUs: min(n, c) while up. */
static inline void fluid_busy(station *st, double now)
{
    int busy = !st->up ? 0 : (double)st->njobs < st->vcpus ? (int)st->njobs : st->vcpus;
    if (busy != st->busy) {
        host_energy(st->host, now);
        st->host->busy += busy - st->busy;
        st->busy = busy;
        vs_timeavg_set(&st->busy_ta, now, st->busy);
    }
}

/* (Re)schedule the VM's completion event for the smallest tag:
 * at now + (tag - V) / rate. */
static void fluid_schedule(vs_world *w, station *st, double now)
{
    const vs_job *top = st->sched->peek(st->sched_state);
    double rate = fluid_rate(st);
    if (!top || !(rate > 0.0)) {
        vs_engine_cancel(w->eng, st->fluid_ev);
        return;
    }
    double left = top->tag - st->vtime;
    double at = now + (left > 0.0 ? left / rate : 0.0);
    if (!vs_engine_move(w->eng, st->fluid_ev, at) &&
        vs_engine_schedule(w->eng, at, on_fluid_done, st, 0, &st->fluid_ev) != VS_OK)
        fail_oom(w);
}

/* A job arrives at a fluid VM (V already advanced, n already counts it). */
static void arrive_fluid(vs_world *w, station *st, sjob *j, double now)
{
    j->job.start = now;
    j->job.tag = st->vtime + j->job.size;
    st->sched->enqueue(st->sched_state, &j->job);
    fluid_busy(st, now);
    fluid_schedule(w, st, now);
}

/* ---- rotation mode (round robin with a finite quantum) ------------------- *
 *
 * Round robin without an event per slice.  The VM's jobs form one cyclic
 * order, kept in st->ring[0..n-1]: the waiting jobs from the head of the
 * FIFO queue to its back, then the c running jobs in the order their slices
 * end (ranks 0..c-1, next slice ends st->phase[0..c-1], ascending).  The
 * state between two arrivals or completions is one of two regimes:
 *
 *   continue (n <= c, or the VM is down): nobody waits, so a slice that ends
 *     is simply followed by another of the same job.  A job's work is cut
 *     into quanta on arrival: `slices` slices of quantum * speed work units,
 *     the last of last_w.  Each running job began a slice at run_from with
 *     `slices` left then, and completes at
 *     run_from + (slices - 1) quantum + last_w / speed.
 *   handoff (n > c): every slice end is a handoff: the job goes to the back
 *     of the queue and the head takes the vCPU, spending switch_cost first,
 *     so each vCPU's slice ends recur with period P = switch_cost + quantum
 *     and, within every period, in rank order.  Handoff k (k = 0, 1, ...
 *     from now) is rank k mod c's, at T(k) = phase[k mod c] + (k / c) P, and
 *     gives the vCPU to ring[k mod n]: the pointer simply walks around the
 *     ring.  A job at ring offset o therefore enters at handoffs o + j n and
 *     leaves at ((o + c) mod n) + j n, each stay a full quantum of work, and
 *     `slices` counts its slices left from its current (running) or next
 *     (waiting) one.  vs_job.remaining is not kept up to date in this mode.
 *
 * rot_advance() brings the handoff regime to a time t in O(n + c): it counts
 * the handoffs before t, takes each job's finished slices off its count,
 * sets first starts, rotates the ring and the phases.  The next completion is the
 * earliest over the jobs of the end of their last slice (rot_schedule(),
 * O(n)), and it is the VM's one pending event (on_rot_done), moved when an
 * arrival changes the order.  A completion frees a vCPU off its phase: it
 * takes the head at once (after switch_cost) and becomes the last rank.
 * Arrivals and completions cost O(n) with a small constant, independent of
 * the quantum; the slices themselves cost nothing.  This is exactly the
 * schedule of one event per slice (docs/policies/guest-rr.md), except that
 * an arrival at the very instant a slice ends is queued before the handoff.
 */

static void on_rot_done(vs_engine *eng, void *obj, uint64_t arg);

/* Time of handoff k from the current phases. */
static inline double rot_handoff_time(const station *st, uint64_t k)
{
    int c = st->vcpus;
    return st->phase[k % (uint64_t)c] +
           (double)(k / (uint64_t)c) * (st->quantum + st->switch_cost);
}

/* Reverse ring[a..b). */
static void ring_reverse(vs_job **r, size_t a, size_t b)
{
    while (a + 1 < b) {
        vs_job *t = r[a];
        r[a++] = r[--b];
        r[b] = t;
    }
}

/* Rotate ring[0..n) left by k (ring[i] <- ring[i + k mod n]), in place. */
static void ring_rotate(vs_job **r, size_t n, size_t k)
{
    if (n < 2 || (k %= n) == 0)
        return;
    ring_reverse(r, 0, k);
    ring_reverse(r, k, n);
    ring_reverse(r, 0, n);
}

/* The handoff regime: n > c on a running VM. */
static inline int rot_handoff(const station *st)
{
    return st->up && st->njobs > (uint64_t)st->vcpus;
}

/* Take `done` finished slices off a job's count (never its last: it ends
 * by its completion event, which comes first). */
static inline void rot_take(vs_job *job, uint64_t done)
{
    sjob *j = (sjob *)job;
    j->slices = done < j->slices ? j->slices - done : 1;
}

/* Bring the handoff regime up to time t: every slice end strictly before t
 * has happened. */
static void rot_advance(station *st, double t)
{
    if (!rot_handoff(st))
        return;
    int c = st->vcpus;
    size_t n = (size_t)st->njobs;
    double P = st->quantum + st->switch_cost;
    uint64_t dh = 0;
    for (int r = 0; r < c; r++) {
        /* slice ends phase[r] + j P < t, j >= 0 */
        uint64_t m = 0;
        if (st->phase[r] < t) {
            m = (uint64_t)ceil((t - st->phase[r]) / P);
            if (m == 0)
                m = 1;
        }
        st->rot_cnt[r] = m;
        dh += m;
    }
    if (dh == 0)
        return;
    /* The job at offset o leaves at handoffs l + j n, l = (o + c) mod n:
     * dh / n times in full rounds, once more if l < dh mod n, which is
     * true of the offsets [0, extra - c) and [n - c, n - c + extra).  Work
     * O(n) only when a full round passed, else O(dh + c). */
    uint64_t rounds = dh / n;
    size_t extra = (size_t)(dh % n), cc = (size_t)c;
    if (rounds)
        for (size_t o = 0; o < n; o++)
            rot_take(st->ring[o], rounds);
    for (size_t o = 0; o + cc < extra; o++)
        rot_take(st->ring[o], 1);
    for (size_t o = n - cc; o < n - cc + (extra < cc ? extra : cc); o++)
        rot_take(st->ring[o], 1);
    /* First starts: the waiting jobs that entered, at handoffs 0.. */
    for (size_t o = 0; o < n - cc && o < dh; o++) {
        sjob *j = (sjob *)st->ring[o];
        if (j->job.start < 0.0)
            j->job.start = rot_handoff_time(st, o) + st->switch_cost;
    }
    ring_rotate(st->ring, n, (size_t)(dh % n));
    for (int r = 0; r < c; r++)
        st->phase_tmp[r] = st->phase[r] + (double)st->rot_cnt[r] * P;
    for (int r = 0; r < c; r++)
        st->phase[r] = st->phase_tmp[(uint64_t)r + dh % (uint64_t)c < (uint64_t)c
                                         ? (uint64_t)r + dh % (uint64_t)c
                                         : (uint64_t)r + dh % (uint64_t)c - (uint64_t)c];
}

/* Find the next completion and (re)schedule the VM's event for it. */
static void rot_schedule(vs_world *w, station *st, double now)
{
    size_t n = (size_t)st->njobs;
    double best = INFINITY;
    sjob *bj = NULL;
    if (st->up && rot_handoff(st)) {
        size_t c = (size_t)st->vcpus;
        /* A job whose last slice starts at handoff h ends before T(h) + P =
         * T(h + c), so only jobs within c handoffs of the smallest h can
         * be first: the others are skipped without computing their time. */
        uint64_t hmin = UINT64_MAX, far = (UINT64_MAX - n) / n;
        for (size_t o = 0; o < n; o++) {
            sjob *j = (sjob *)st->ring[o];
            double tc;
            uint64_t more = j->slices - 1; /* slices after the current/next one */
            if (o >= n - c) {
                if (more == 0) { /* running its last slice */
                    tc = st->phase[o - (n - c)] - st->quantum + j->last_w / st->speed;
                    if (tc < best) {
                        best = tc;
                        bj = j;
                    }
                    continue;
                }
                more--; /* its next entry is at handoff o */
            }
            if (more > far)
                continue; /* beyond any horizon */
            uint64_t h = o + more * n; /* the handoff starting its last slice */
            if (hmin != UINT64_MAX && h >= hmin + c)
                continue; /* cannot be first */
            if (h < hmin)
                hmin = h;
            tc = rot_handoff_time(st, h) + st->switch_cost + j->last_w / st->speed;
            if (tc < best) {
                best = tc;
                bj = j;
            }
        }
    } else if (st->up) {
        for (size_t o = 0; o < n; o++) {
            sjob *j = (sjob *)st->ring[o];
            double tc = j->run_from + (double)(j->slices - 1) * st->quantum + j->last_w / st->speed;
            if (tc < best) {
                best = tc;
                bj = j;
            }
        }
    }
    st->rot_next = bj;
    if (!bj || st->frozen) {
        vs_engine_cancel(w->eng, st->fluid_ev);
        return;
    }
    if (best < now)
        best = now;
    if (!vs_engine_move(w->eng, st->fluid_ev, best) &&
        vs_engine_schedule(w->eng, best, on_rot_done, st, 0, &st->fluid_ev) != VS_OK)
        fail_oom(w);
}

/* Room for one more job in the ring. */
static int ring_reserve(station *st)
{
    if (st->njobs < st->ring_cap)
        return 1;
    size_t cap = st->ring_cap ? 2 * st->ring_cap : 64;
    vs_job **r = realloc(st->ring, cap * sizeof *r);
    if (!r)
        return 0;
    st->ring = r;
    st->ring_cap = cap;
    return 1;
}

/* The continue regime becomes the handoff regime at time now (a job is
 * about to wait): each running job's next slice end is the first
 * run_from + i quantum >= now, i >= 1; it is charged the slices finished
 * before; the running jobs are ordered by that slice end (stable). */
static void rot_to_handoff(station *st, double now)
{
    size_t n = (size_t)st->njobs; /* == c, all running */
    double q = st->quantum;
    for (size_t o = 0; o < n; o++) {
        sjob *j = (sjob *)st->ring[o];
        double i = now > j->run_from ? ceil((now - j->run_from) / q) : 1.0;
        if (i < 1.0)
            i = 1.0;
        if (i - 1.0 >= (double)j->slices) /* rounding at its very end */
            i = (double)j->slices;
        j->slices -= (uint64_t)(i - 1.0);
        /* insertion sort by slice end, stable */
        double e = j->run_from + i * q;
        size_t p = o;
        while (p > 0 && st->phase[p - 1] > e) {
            st->phase[p] = st->phase[p - 1];
            st->ring[p] = st->ring[p - 1];
            p--;
        }
        st->phase[p] = e;
        st->ring[p] = &j->job;
    }
}

/* The handoff regime becomes the continue regime (the queue emptied): each
 * running job continues from the start of its current slice. */
static void rot_to_continue(station *st)
{
    for (int r = 0; r < st->vcpus; r++) {
        sjob *j = (sjob *)st->ring[r];
        j->run_from = st->phase[r] - st->quantum;
    }
}

/* A job arrives at a rotation VM (n already counts it). */
static void arrive_rot(vs_world *w, station *st, sjob *j, double now)
{
    /* A frozen VM's clock stopped when it froze: its slices are timed on
     * that clock, shifted to wall time when it thaws (station_thaw). */
    double g = st->frozen ? st->frozen_at : now;
    size_t n = (size_t)st->njobs, c = (size_t)st->vcpus;
    if (!ring_reserve(st)) {
        fail_oom(w);
        return;
    }
    /* Its work in quanta: ceil(size / (quantum speed)) slices, the last of
     * last_w work units. */
    double qs = st->quantum * st->speed, k = ceil(j->job.size / qs);
    if (k < 1.0)
        k = 1.0;
    j->slices = k < 1.8e19 ? (uint64_t)k : UINT64_MAX / 2;
    j->last_w = j->job.size - (k - 1.0) * qs;
    if (!st->up) {
        st->ring[n - 1] = &j->job; /* FIFO until boot */
        return;
    }
    if (n <= c) { /* an idle vCPU: start at once, no switch */
        j->job.start = now;
        j->run_from = g;
        st->ring[n - 1] = &j->job;
    } else if (n == c + 1) {
        st->njobs--;
        rot_to_handoff(st, g);
        st->njobs++;
        memmove(st->ring + 1, st->ring, c * sizeof *st->ring);
        st->ring[0] = &j->job;
    } else {
        st->njobs--;
        rot_advance(st, g);
        st->njobs++;
        size_t m = n - 1 - c; /* waiting before this one */
        memmove(st->ring + m + 1, st->ring + m, c * sizeof *st->ring);
        st->ring[m] = &j->job;
    }
    fluid_busy(st, now);
    rot_schedule(w, st, now);
}

/* The VM boots: the first min(n, c) jobs of the FIFO start now. */
static void boot_rot(vs_world *w, station *st, double now)
{
    double g = st->frozen ? st->frozen_at : now; /* see arrive_rot */
    size_t n = (size_t)st->njobs, c = (size_t)st->vcpus;
    size_t run = n < c ? n : c;
    for (size_t o = 0; o < run; o++) {
        sjob *j = (sjob *)st->ring[o];
        j->job.start = now;
        j->run_from = g;
    }
    if (n > c) {
        ring_rotate(st->ring, n, c);
        for (size_t r = 0; r < c; r++)
            st->phase[r] = g + st->quantum;
    }
    fluid_busy(st, now);
    rot_schedule(w, st, now);
}

static void on_rot_done(vs_engine *eng, void *obj, uint64_t arg)
{
    (void)arg;
    station *st = obj;
    vs_world *w = st->w;
    double now = vs_engine_now(eng);
    sjob *j = st->rot_next;
    size_t n = (size_t)st->njobs, c = (size_t)st->vcpus;
    size_t o = 0;
    if (rot_handoff(st)) {
        rot_advance(st, now);
        while (o < n && st->ring[o] != &j->job)
            o++;
    }
    if (rot_handoff(st) && o >= n - c && o < n) {
        size_t r = o - (n - c);
        /* Remove j and its phase; the head takes the freed vCPU after a
         * switch and becomes the last rank. */
        vs_job *head = st->ring[0];
        memmove(st->ring + o, st->ring + o + 1, (n - 1 - o) * sizeof *st->ring);
        memmove(st->ring, st->ring + 1, (n - 2) * sizeof *st->ring);
        st->ring[n - 2] = head;
        memmove(st->phase + r, st->phase + r + 1, (c - 1 - r) * sizeof *st->phase);
        st->phase[c - 1] = now + st->switch_cost + st->quantum;
        if (head->start < 0.0)
            head->start = now + st->switch_cost;
        if (n - 1 == c)
            rot_to_continue(st);
    } else {
        /* The continue regime, or (rounding: its last slice was due to
         * start within an ulp of now) a job still waiting: it leaves the
         * ring without moving anybody's vCPU. */
        for (o = 0; o < n && st->ring[o] != &j->job; o++)
            ;
        assert(o < n);
        if (o < n)
            memmove(st->ring + o, st->ring + o + 1, (n - 1 - o) * sizeof *st->ring);
        if (j->job.start < 0.0)
            j->job.start = now;
    }
    j->job.remaining = 0.0;
    job_leave(w, st, j, now);
    fluid_busy(st, now);
    rot_schedule(w, st, now);
    if (st->host->shared)
        host_update(w, st->host, now);
    count_completion(w, now);
}

/* ---- shared hosts (fair: fluid sharing of the cores) -------------------- *
 *
 * On a host whose scheduler is fluid (fair), a VM's runnable vCPUs (those
 * holding a job: st->busy) share the cores.  The VMs' shares are found by
 * water-filling: VM v may use at most lim_v = min(busy_v, cap_v) cores (cap
 * 0 = none); if the limits fit in the cores every VM gets its limit, else
 * the cores are split in proportion to weight, a VM whose proportional part
 * exceeds its limit gets the limit and the rest is split again among the
 * others (work conserving).  In closed form a_v = min(lim_v, weight_v L)
 * with the level L such that sum a_v = min(cores, sum lim_v); scanning the
 * VMs by lim / weight ascending finds L.  Each runnable vCPU of v then gets
 * share_v = a_v / busy_v <= 1 of a core and runs at
 * speed * (1 - overhead) * share_v work units/s.
 *
 * A job advances only at its vCPU's current rate, so whenever a host's
 * runnable set changes (at the end of every event that changed a busy
 * count: host_share), every VM whose share changed gets its new speed by
 * station_set_speed(), which rebases its guest mode at now: tracked jobs are
 * charged the work done at the old speed and their completion events moved;
 * a fluid VM's virtual time is advanced at the old rate and its one event
 * moved; a rotation VM's jobs are re-cut into quanta of the new speed
 * (rot_rebase).  Plain VMs (fcfs, sjf) keep no event handles, so on a
 * shared host they run in tracked mode (without a preempt hook it is the
 * same schedule).  Dedicated hosts never come here: their code paths are
 * unchanged.  Cost: O(V log V)-ish per event on the host (V VMs, insertion
 * order), plus the rebase of each VM whose speed changed. */

/* Re-cut a rotation job's remaining work W (counted from the start of its
 * current or next slice) into slices of qs work units. */
static void rot_recut(sjob *j, double W, double qs)
{
    if (!(W > 0.0))
        W = 0.0;
    double k = ceil(W / qs);
    if (k < 1.0)
        k = 1.0;
    j->slices = k < 1.8e19 ? (uint64_t)k : UINT64_MAX / 2;
    j->last_w = W - (k - 1.0) * qs;
    if (j->last_w < 0.0)
        j->last_w = 0.0;
}

/* Rotation mode: the vCPU speed changes from st->speed to sn at now.  Slice
 * ends are wall-clock times and stay; each job's remaining work is found at
 * the old speed and re-cut at the new one.  A running job that began its
 * current slice at `start` (before now) is given the work e * sn it would
 * have done since at the new speed, e = now - start, so that the formulas
 * that time its end from the slice start still hold. */
static void rot_rebase(station *st, double sn, double now)
{
    double q = st->quantum, so = st->speed, qo = q * so, qn = q * sn;
    size_t n = (size_t)st->njobs, c = (size_t)st->vcpus;
    if (!st->up) {
        for (size_t o = 0; o < n; o++) {
            sjob *j = (sjob *)st->ring[o];
            rot_recut(j, (double)(j->slices - 1) * qo + j->last_w, qn);
        }
    } else if (rot_handoff(st)) {
        rot_advance(st, now);
        for (size_t o = 0; o < n; o++) {
            sjob *j = (sjob *)st->ring[o];
            double W = (double)(j->slices - 1) * qo + j->last_w;
            if (o >= n - c) {
                double start = st->phase[o - (n - c)] - q;
                double e = now > start ? now - start : 0.0;
                W += e * (sn - so);
            }
            rot_recut(j, W, qn);
        }
    } else {
        for (size_t o = 0; o < n; o++) {
            sjob *j = (sjob *)st->ring[o];
            double el = now - j->run_from, i = el > 0.0 ? floor(el / q) : 0.0;
            if (i > (double)(j->slices - 1))
                i = (double)(j->slices - 1);
            double start = j->run_from + i * q;
            double e = now > start ? now - start : 0.0;
            double W = ((double)(j->slices - 1) - i) * qo + j->last_w + e * (sn - so);
            j->run_from = start;
            rot_recut(j, W, qn);
        }
    }
    st->speed = sn;
}

/* Sliced hosts: the VM has runnable vCPUs but none holds a core, so none of
 * its jobs advances.  Its pending completion events are cancelled after the
 * work done is charged; st->speed keeps the speed it will resume at.  Called
 * again while frozen (an arrival started a job at the stale speed), it
 * freezes what is new.  A tracked job's run_from = INFINITY marks it frozen
 * (charge() then charges nothing); a rotation VM's clock stops at
 * frozen_at. */
static void station_freeze(vs_world *w, station *st, double now)
{
    int was = st->frozen;
    if (!was)
        st->frozen_at = now;
    switch (st->mode) {
    case MODE_FLUID:
        if (!was)
            fluid_advance(st, now);
        st->frozen = 1;
        fluid_schedule(w, st, now); /* rate 0: cancels */
        break;
    case MODE_ROTATION:
        if (!was)
            rot_advance(st, now);
        st->frozen = 1;
        vs_engine_cancel(w->eng, st->fluid_ev);
        break;
    default:
        for (int i = 0; st->run && i < st->vcpus; i++) {
            sjob *j = (sjob *)st->run[i];
            if (!j)
                continue;
            charge(st, j, now);
            j->run_from = INFINITY;
            vs_engine_cancel(w->eng, j->ev);
        }
        st->frozen = 1;
        break;
    }
}

/* A frozen VM gets a core again at now (at its old speed st->speed). */
static void station_thaw(vs_world *w, station *st, double now)
{
    double d = now - st->frozen_at;
    st->frozen = 0;
    switch (st->mode) {
    case MODE_FLUID:
        st->vtime_at = now;
        fluid_schedule(w, st, now);
        break;
    case MODE_ROTATION:
        if (rot_handoff(st))
            for (int r = 0; r < st->vcpus; r++)
                st->phase[r] += d;
        for (size_t o = 0; o < (size_t)st->njobs; o++)
            ((sjob *)st->ring[o])->run_from += d;
        rot_schedule(w, st, now);
        break;
    default:
        for (int i = 0; st->run && i < st->vcpus; i++) {
            sjob *j = (sjob *)st->run[i];
            if (!j)
                continue;
            /* A job started while frozen (its vCPU was switching in, or a
             * new one took an idle core) may still have its event. */
            if (j->run_from < INFINITY)
                charge(st, j, now);
            vs_engine_cancel(w->eng, j->ev);
            j->run_from = now;
            if (vs_engine_schedule(w->eng, now + j->job.remaining / st->speed, on_run_end, j, 0,
                                   &j->ev) != VS_OK)
                fail_oom(w);
        }
        break;
    }
}

/* The speed of st's vCPUs becomes sn at time now: rebase its guest mode.
 * sn = 0 (sliced hosts: no vCPU of the VM holds a core) freezes it. */
static void station_set_speed(vs_world *w, station *st, double sn, double now)
{
    if (!(sn > 0.0)) {
        station_freeze(w, st, now);
        return;
    }
    if (st->frozen)
        station_thaw(w, st, now);
    if (sn == st->speed)
        return;
    switch (st->mode) {
    case MODE_FLUID:
        fluid_advance(st, now); /* at the old rate */
        st->speed = sn;
        fluid_schedule(w, st, now);
        break;
    case MODE_ROTATION:
        rot_rebase(st, sn, now);
        rot_schedule(w, st, now);
        break;
    default: /* tracked (plain VMs run tracked on shared hosts) */
        for (int i = 0; st->run && i < st->vcpus; i++)
            if (st->run[i])
                charge(st, (sjob *)st->run[i], now);
        st->speed = sn;
        for (int i = 0; st->run && i < st->vcpus; i++) {
            sjob *j = (sjob *)st->run[i];
            if (j && !vs_engine_move(w->eng, j->ev, j->run_from + j->job.remaining / sn))
                fail_oom(w); /* every running job has its event: cannot happen */
        }
        break;
    }
}

/* Recompute the shares of a shared host's VMs at now (water-filling, see
 * above) and give every VM whose share changed its new speed. */
static void host_share(vs_world *w, host *h, double now)
{
    size_t m = 0;
    double need = 0.0, wsum = 0.0;
    for (size_t i = 0; i < h->nsts; i++) {
        station *st = h->sts[i];
        if (st->busy <= 0)
            continue;
        double lim = st->busy;
        if (st->cap > 0.0 && st->cap < lim)
            lim = st->cap;
        h->fair_lim[i] = lim;
        need += lim;
        wsum += st->weight;
        /* insertion by lim / weight ascending */
        size_t p = m++;
        while (p > 0 && h->fair_lim[h->fair_ord[p - 1]] / h->sts[h->fair_ord[p - 1]]->weight >
                            lim / st->weight) {
            h->fair_ord[p] = h->fair_ord[p - 1];
            p--;
        }
        h->fair_ord[p] = i;
    }
    double cores = h->cores, level = INFINITY; /* cores per unit of weight */
    if (need > cores) {
        double left = cores;
        for (size_t k = 0; k < m; k++) {
            station *st = h->sts[h->fair_ord[k]];
            double lim = h->fair_lim[h->fair_ord[k]];
            if (lim <= st->weight * left / wsum) {
                left -= lim;
                wsum -= st->weight;
            } else {
                level = left / wsum;
                break;
            }
        }
    }
    double used = 0.0;
    for (size_t i = 0; i < h->nsts; i++) {
        station *st = h->sts[i];
        if (st->busy <= 0) {
            vs_timeavg_set(&st->served_ta, now, 0.0);
            continue;
        }
        double a = h->fair_lim[i];
        if (st->weight * level < a)
            a = st->weight * level;
        used += a;
        double share = a / st->busy;
        if (share > 1.0)
            share = 1.0;
        st->share = share;
        station_set_speed(w, st, h->speed * (1.0 - h->overhead) * share, now);
        vs_timeavg_set(&st->served_ta, now, a);
    }
    host_energy(h, now);
    h->cores_busy = used;
}

/* ---- sliced hosts (rr: vCPU time slices) ---------------------------------- *
 *
 * Each core runs one vCPU at a time for a slice of the host's `quantum`;
 * runnable vCPUs without a core wait in one FIFO run queue.  When a slice
 * ends and a vCPU waits, the running one goes to the back of the queue and
 * the head takes the core after `switch_cost` seconds (during which the core
 * serves nobody); otherwise the vCPU simply goes on.  A vCPU that stops
 * being runnable frees its core at once and the head of the queue takes it
 * (after switch_cost); a vCPU that becomes runnable takes an idle core at
 * once, without a switch, or joins the back of the queue.
 *
 * The vCPUs of one VM are interchangeable to the host: the model keeps per
 * VM how many of its runnable vCPUs run on a core (on), hold one (held,
 * switching included) and wait (queued), and the run queue holds VMs, one
 * entry per waiting vCPU.  The guest sees its on-core vCPUs shared by its
 * runnable ones: each runnable vCPU runs at speed * (1 - overhead) * on /
 * busy (exact for one-vCPU VMs; for larger ones it assumes the guest spreads
 * its jobs over its running vCPUs, as a fluid).  A VM with runnable vCPUs
 * and none on a core is frozen (station_freeze): its jobs do not advance
 * and its guest clock (rr slices) stops.  After every event that touches
 * the host, host_slice_sync() matches the VMs' tokens to their busy counts
 * and sets their speeds: O(cores + VMs) per event, plus one event per core
 * per slice. */

static void on_core(vs_engine *eng, void *obj, uint64_t arg);

static void rq_push(host *h, station *st)
{
    if (h->rq_len == h->rq_cap) {
        size_t cap = h->rq_cap ? 2 * h->rq_cap : 16;
        station **q = malloc(cap * sizeof *q);
        if (!q) {
            fail_oom(h->w);
            return;
        }
        for (size_t i = 0; i < h->rq_len; i++)
            q[i] = h->rq[(h->rq_head + i) % h->rq_cap];
        free(h->rq);
        h->rq = q;
        h->rq_cap = cap;
        h->rq_head = 0;
    }
    h->rq[(h->rq_head + h->rq_len++) % h->rq_cap] = st;
    st->queued++;
}

/* The queue position of the vCPU to run next, or rq_len if none may run:
 * rr, the head; credit, the first UNDER vCPU, else the first OVER one,
 * never one of a parked VM. */
static size_t rq_best(const host *h)
{
    if (!h->credit)
        return 0;
    size_t over = h->rq_len;
    for (size_t i = 0; i < h->rq_len; i++) {
        const station *st = h->rq[(h->rq_head + i) % h->rq_cap];
        if (st->parked)
            continue;
        if (!st->over)
            return i;
        if (over == h->rq_len)
            over = i;
    }
    return over;
}

/* Take the vCPU at queue position i out of the queue. */
static station *rq_take(host *h, size_t i)
{
    station *st = h->rq[(h->rq_head + i) % h->rq_cap];
    for (size_t k = i; k > 0; k--)
        h->rq[(h->rq_head + k) % h->rq_cap] = h->rq[(h->rq_head + k - 1) % h->rq_cap];
    h->rq_head = (h->rq_head + 1) % h->rq_cap;
    h->rq_len--;
    st->queued--;
    return st;
}

/* Remove the last-queued entry of st from the run queue. */
static void rq_remove(host *h, station *st)
{
    for (size_t i = h->rq_len; i-- > 0;) {
        if (h->rq[(h->rq_head + i) % h->rq_cap] != st)
            continue;
        for (size_t k = i; k + 1 < h->rq_len; k++)
            h->rq[(h->rq_head + k) % h->rq_cap] = h->rq[(h->rq_head + k + 1) % h->rq_cap];
        h->rq_len--;
        st->queued--;
        return;
    }
}

/* Give core k to a vCPU of st now, after a switch of sw seconds. */
static void core_assign(host *h, size_t k, station *st, double now, double sw)
{
    hcore *c = &h->core[k];
    c->st = st;
    st->held++;
    double at = now + (sw > 0.0 ? sw : h->quantum);
    if (sw > 0.0) {
        c->state = CORE_SWITCH;
    } else {
        c->state = CORE_RUN;
        st->on++;
    }
    if (vs_engine_schedule(h->w->eng, at, on_core, h, (uint64_t)k, &c->ev) != VS_OK)
        fail_oom(h->w);
}

/* Core k is free at now: the head of the queue takes it after a switch. */
static void core_next(host *h, size_t k, double now)
{
    hcore *c = &h->core[k];
    c->st = NULL;
    c->state = CORE_IDLE;
    size_t i = h->rq_len > 0 ? rq_best(h) : h->rq_len;
    if (i < h->rq_len)
        core_assign(h, k, rq_take(h, i), now, h->switch_cost);
}

/* Speeds and served cores of a sliced host's VMs from their on counts. */
static void host_slice_speeds(vs_world *w, host *h, double now)
{
    double used = 0.0;
    for (size_t i = 0; i < h->nsts; i++) {
        station *st = h->sts[i];
        if (st->busy <= 0) {
            if (st->frozen)
                station_thaw(w, st, now);
            vs_timeavg_set(&st->served_ta, now, 0.0);
            continue;
        }
        double share = (double)st->on / st->busy;
        st->share = share;
        st->acct_active = 1;
        station_set_speed(w, st, h->speed * (1.0 - h->overhead) * share, now);
        vs_timeavg_set(&st->served_ta, now, (double)st->on);
        used += st->on;
    }
    host_energy(h, now);
    h->cores_busy = used;
}

/* Match every VM's vCPU tokens (held + queued) to its runnable vCPUs. */
static void host_slice_sync(vs_world *w, host *h, double now)
{
    for (size_t i = 0; i < h->nsts; i++) {
        station *st = h->sts[i];
        while (st->held + st->queued > st->busy) {
            /* A vCPU went idle: one that holds a core (a running one
             * first), else a waiting one. */
            size_t k = (size_t)h->cores, sw = (size_t)h->cores;
            for (size_t c = 0; c < (size_t)h->cores && k == (size_t)h->cores; c++)
                if (h->core[c].st == st) {
                    if (h->core[c].state == CORE_RUN)
                        k = c;
                    else if (sw == (size_t)h->cores)
                        sw = c;
                }
            if (k == (size_t)h->cores)
                k = sw;
            if (k < (size_t)h->cores) {
                if (h->core[k].state == CORE_RUN)
                    st->on--;
                st->held--;
                vs_engine_cancel(w->eng, h->core[k].ev);
                core_next(h, k, now);
            } else {
                rq_remove(h, st);
            }
        }
        while (st->held + st->queued < st->busy) {
            size_t k = 0;
            while (k < (size_t)h->cores && h->core[k].state != CORE_IDLE)
                k++;
            if (k < (size_t)h->cores && !st->parked)
                core_assign(h, k, st, now, 0.0);
            else
                rq_push(h, st);
        }
    }
    host_slice_speeds(w, h, now);
}

/* Core event: a switch ends (the vCPU runs) or a slice ends (rotate). */
static void on_core(vs_engine *eng, void *obj, uint64_t arg)
{
    host *h = obj;
    size_t k = (size_t)arg;
    hcore *c = &h->core[k];
    double now = vs_engine_now(eng);
    if (c->state == CORE_SWITCH) {
        c->state = CORE_RUN;
        c->st->on++;
        if (vs_engine_schedule(eng, now + h->quantum, on_core, h, arg, &c->ev) != VS_OK)
            fail_oom(h->w);
    } else {
        /* The slice ends: the best waiting vCPU takes over, unless none
         * may run or (credit) it has a lower priority than this one. */
        size_t i = h->rq_len > 0 ? rq_best(h) : h->rq_len;
        if (i == h->rq_len || (h->credit && h->rq[(h->rq_head + i) % h->rq_cap]->over &&
                               !c->st->over)) {
            if (vs_engine_schedule(eng, now + h->quantum, on_core, h, arg, &c->ev) != VS_OK)
                fail_oom(h->w);
            return; /* nothing changes */
        }
        station *old = c->st, *next = rq_take(h, i);
        old->on--;
        old->held--;
        rq_push(h, old);
        core_assign(h, k, next, now, h->switch_cost);
    }
    host_slice_speeds(h->w, h, now);
}

/* ---- credit hosts (the Xen credit scheduler) ------------------------------ *
 *
 * The rr machinery above with Xen credit1's accounting (sched_credit.c,
 * csched_acct; Cherkasova, Gupta & Vahdat 2007).  Every CREDIT_ACCT_S (30 ms,
 * Xen's 3 ticks of 10 ms) the host hands out cores * 30 ms of credit among
 * the VMs that were active (had a runnable vCPU) during the period, in
 * proportion to weight * k (k = runnable vCPUs, at least 1, as Xen weighs
 * by active vCPUs), but at most k * 30 ms (its peak) or cap * 30 ms, the
 * rest going to the VMs after it in order.  Running vCPUs burn their VM's
 * credit by the time they run (Xen >= 4.2 burns by runtime; the served
 * integral here).  After the hand-out a VM with credit < 0 is OVER, else
 * UNDER; a capped VM below -cap * 30 ms is parked (its vCPUs leave the
 * cores and may not run) until an accounting finds its credit >= 0; credit
 * is bounded below by -k * 30 ms, and a VM above k * 30 ms has its credit
 * halved (Xen's upper bound: it stops earning).  Xen's per-vCPU credits
 * are one per VM here (its vCPUs are interchangeable, see "sliced hosts").  The run queue serves UNDER before OVER,
 * FIFO within a priority (rq_best); at the end of a slice a waiting vCPU
 * of lower priority does not displace the running one.  Priorities change
 * only at accounting, as in Xen; BOOST (a waking vCPU's priority boost and
 * the preemption it causes) is not modelled. */

#define CREDIT_ACCT_S 0.030

static void on_acct(vs_engine *eng, void *obj, uint64_t arg)
{
    (void)arg;
    host *h = obj;
    vs_world *w = h->w;
    double now = vs_engine_now(eng), P = CREDIT_ACCT_S, wtot = 0.0;
    for (size_t i = 0; i < h->nsts; i++) {
        station *st = h->sts[i];
        double served = served_area(st, now);
        st->credit -= served - st->acct_served;
        st->acct_served = served;
        int active = st->acct_active || st->busy > 0;
        st->acct_active = st->busy > 0;
        h->fair_lim[i] = active ? (st->busy > 1 ? (double)st->busy : 1.0) : 0.0;
        wtot += st->weight * h->fair_lim[i];
    }
    /* csched_acct: in VM order, fair = total * w k / wtot; a VM may earn at
     * most its peak, k * P (all its active vCPUs for one period), or its
     * cap * P; what it cannot earn goes to the VMs after it. */
    double total = h->cores * P, wleft = wtot;
    for (size_t i = 0; i < h->nsts && wtot > 0.0; i++) {
        station *st = h->sts[i];
        double k = h->fair_lim[i];
        if (k == 0.0)
            continue;
        wleft -= st->weight * k;
        double peak = k * P;
        if (st->cap > 0.0 && st->cap * P < peak)
            peak = st->cap * P;
        double fair = total * st->weight * k / wtot;
        if (fair >= peak) {
            if (wleft > 0.0)
                total += (fair - peak) * wtot / wleft;
            fair = peak;
        }
        st->credit += fair;
        if (st->credit < 0.0) {
            st->over = 1;
            if (st->cap > 0.0 && st->credit < -st->cap * P)
                st->parked = 1;
            if (st->credit < -k * P) /* lower bound: one slice per vCPU */
                st->credit = -k * P;
        } else {
            st->over = 0;
            st->parked = 0;
            if (st->credit > k * P)
                st->credit /= 2.0;
        }
    }
    /* Parked VMs leave their cores; free cores take the best waiting. */
    for (size_t k = 0; k < (size_t)h->cores; k++) {
        hcore *c = &h->core[k];
        if (c->st && c->st->parked) {
            if (c->state == CORE_RUN)
                c->st->on--;
            c->st->held--;
            vs_engine_cancel(w->eng, c->ev);
            rq_push(h, c->st);
            core_next(h, k, now);
        } else if (c->state == CORE_IDLE) {
            core_next(h, k, now);
        }
    }
    host_slice_speeds(w, h, now);
    if (vs_engine_schedule(eng, now + P, on_acct, h, 0, NULL) != VS_OK)
        fail_oom(w);
}

/* After an event that may have changed busy counts on a shared host. */
static void host_update(vs_world *w, host *h, double now)
{
    if (h->sliced)
        host_slice_sync(w, h, now);
    else
        host_share(w, h, now);
}

/* A job arrives at a tracked, fluid or rotation VM (the plain path is in
 * on_arrival).  Never inlined, so that it costs the fcfs fast path nothing. */
static __attribute__((noinline)) void arrive_other(vs_world *w, station *st, sjob *j, double now)
{
    if (st->mode == MODE_FLUID)
        fluid_advance(st, now); /* at the rate of the jobs before this one */
    st->njobs++;
    w->jobs_present++;
    vs_timeavg_set(&st->jobs_ta, now, (double)st->njobs);
    if (st->mode == MODE_FLUID)
        arrive_fluid(w, st, j, now);
    else if (st->mode == MODE_ROTATION)
        arrive_rot(w, st, j, now);
    else
        arrive_tracked(w, st, j, now);
    if (st->host->shared)
        host_update(w, st->host, now);
}

static void on_fluid_done(vs_engine *eng, void *obj, uint64_t arg)
{
    (void)arg;
    station *st = obj;
    vs_world *w = st->w;
    double now = vs_engine_now(eng);
    fluid_advance(st, now);
    sjob *j = (sjob *)st->sched->pick_next(st->sched_state);
    j->job.remaining = 0.0;
    job_leave(w, st, j, now);
    if (st->njobs == 0)
        st->vtime = 0.0; /* empty: restart V, keeping its values small */
    fluid_busy(st, now);
    fluid_schedule(w, st, now);
    if (st->host->shared)
        host_update(w, st->host, now);
    count_completion(w, now);
}

static void on_arrival(vs_engine *eng, void *obj, uint64_t arg)
{
    (void)arg;
    workload *wl = obj;
    vs_world *w = wl->w;
    station *st = wl->st;
    double now = vs_engine_now(eng);

    /* The next arrival first: the arrival stream never depends on the state. */
    double gap = vs_dist_sample(&wl->cfg->arrival, wl->arr_rng, &wl->cursor);
    if (gap < INFINITY &&
        vs_engine_schedule(eng, now + gap, on_arrival, wl, 0, NULL) != VS_OK) {
        fail_oom(w);
        return;
    }
    if (!(gap < INFINITY))
        w->live_arrivals--;
    double size = vs_dist_sample(&wl->cfg->size, wl->size_rng, NULL);

    if (w->warm)
        st->arrived++;
    if (st->capacity >= 0 && st->njobs >= (uint64_t)st->capacity) {
        if (w->warm)
            st->blocked++;
        if (drained(w))
            vs_engine_stop(eng);
        return;
    }
    sjob *j = job_alloc(w);
    if (!j) {
        fail_oom(w);
        return;
    }
    j->st = st;
    j->cls = wl->cls;
    j->job.next = j->job.prev = NULL;
    j->job.arrival = now;
    j->job.start = -1.0;
    j->job.size = size;
    j->job.remaining = size;
    j->job.seq = st->seq++;
    j->job.workload = (uint32_t)(wl - w->wl);
    j->job.klass = wl->cfg->klass;
    if (st->mode != MODE_PLAIN) {
        arrive_other(w, st, j, now);
        return;
    }
    st->njobs++;
    w->jobs_present++;
    vs_timeavg_set(&st->jobs_ta, now, (double)st->njobs);
    if (st->up && st->busy < st->vcpus)
        start_job(w, st, j, now);
    else
        st->sched->enqueue(st->sched_state, &j->job);
}

static void on_boot(vs_engine *eng, void *obj, uint64_t arg)
{
    (void)arg;
    station *st = obj;
    double now = vs_engine_now(eng);
    if (st->mode == MODE_FLUID) {
        fluid_advance(st, now); /* rate 0 while booting */
        st->up = 1;
        fluid_busy(st, now);
        fluid_schedule(st->w, st, now);
    } else if (st->mode == MODE_ROTATION) {
        st->up = 1;
        boot_rot(st->w, st, now);
    } else {
        st->up = 1;
        if (st->mode == MODE_TRACKED)
            dispatch_tracked(st->w, st, now);
        else
            dispatch(st->w, st, now);
    }
    if (st->host->shared)
        host_update(st->w, st->host, now);
}

/* Push one batch-means block [block_start, now) for every station and host. */
static void push_block(vs_world *w, double now)
{
    double dt = now - w->block_start;
    double total_jobs = 0.0;
    for (size_t i = 0; i < w->nst; i++) {
        station *st = &w->st[i];
        double jobs = vs_timeavg_area(&st->jobs_ta, now);
        double busy = vs_timeavg_area(&st->busy_ta, now);
        double served = served_area(st, now);
        double djobs = jobs - st->snap_jobs, dbusy = busy - st->snap_busy;
        vs_bm_push(&st->bm_util, dbusy, dt * st->vcpus);
        vs_bm_push(&st->bm_jobs, djobs, dt);
        total_jobs += djobs;
        vs_bm_push(&st->bm_queue, djobs - dbusy, dt);
        st->snap_jobs = jobs;
        st->snap_busy = busy;
        vs_bm_push(&st->bm_steal, dbusy - (served - st->snap_served), dbusy);
        st->host->blk_busy += served - st->snap_served;
        st->snap_served = served;
        flow_block(&st->all, dt);
        for (size_t c = 0; st->cls && c < st->ncls; c++)
            flow_block(&st->cls[c], dt);
    }
    for (size_t i = 0; i < w->nhosts; i++) {
        host *h = &w->hosts[i];
        vs_bm_push(&h->bm_util, h->blk_busy, dt * h->cores);
        h->blk_busy = 0.0;
    }
    if (w->series && w->nseries < w->series_cap && dt > 0.0)
        w->series[w->nseries++] = total_jobs / dt;
    w->block_start = now;
}

static void on_block(vs_engine *eng, void *obj, uint64_t arg)
{
    (void)arg;
    vs_world *w = obj;
    double now = vs_engine_now(eng);
    push_block(w, now);
    if (vs_engine_schedule(eng, now + w->block_len, on_block, w, 0, NULL) != VS_OK)
        fail_oom(w);
}

/* Start (or restart) the statistics at time now: the end of the warm-up. */
static void stats_restart(vs_world *w, double now)
{
    w->warm = 1;
    w->warm_time = now;
    w->block_start = now;
    for (size_t i = 0; i < w->nst; i++) {
        station *st = &w->st[i];
        st->arrived = st->blocked = 0;
        /* The time series runs across the warm-up: carry its snapshots
         * over the reset of the integrals. */
        st->ts_jobs -= vs_timeavg_area(&st->jobs_ta, now);
        st->ts_busy -= vs_timeavg_area(&st->busy_ta, now);
        st->ts_served -= served_area(st, now);
        st->acct_served -= served_area(st, now);
        vs_timeavg_reset(&st->jobs_ta, now);
        vs_timeavg_reset(&st->busy_ta, now);
        vs_timeavg_reset(&st->served_ta, now);
        st->snap_jobs = st->snap_busy = st->snap_served = 0.0;
        vs_bm_init(&st->bm_util);
        vs_bm_init(&st->bm_jobs);
        vs_bm_init(&st->bm_queue);
        vs_bm_init(&st->bm_steal);
        flow_reset(&st->all);
        for (size_t c = 0; st->cls && c < st->ncls; c++)
            flow_reset(&st->cls[c]);
    }
    for (size_t i = 0; i < w->nhosts; i++) {
        host *h = &w->hosts[i];
        host_energy(h, now);
        h->energy_j = 0.0;
        h->blk_busy = 0.0;
        vs_bm_init(&h->bm_util);
    }
    /* Block length: 256 blocks over the expected measured period; batch
     * means merge them down to between 32 and 64 batches. */
    double span = w->stop_est - now;
    double nblocks = w->series ? (double)w->series_cap : 256.0;
    w->block_len = span > 0.0 && span < INFINITY ? span / nblocks : 1.0;
    if (vs_engine_schedule(w->eng, now + w->block_len, on_block, w, 0, NULL) != VS_OK)
        fail_oom(w);
}

static void on_warmup(vs_engine *eng, void *obj, uint64_t arg)
{
    (void)arg;
    stats_restart(obj, vs_engine_now(eng));
}

/* Most rows of a time series (a guard against a tiny interval). */
#define TS_MAX_ROWS 1000000

static void on_sample(vs_engine *eng, void *obj, uint64_t arg)
{
    (void)arg;
    vs_world *w = obj;
    double now = vs_engine_now(eng);
    double dt = now - w->ts_last;
    if (w->ts_rows == w->ts_cap) {
        size_t cap = w->ts_cap ? 2 * w->ts_cap : 256;
        double *grown = cap <= TS_MAX_ROWS ? realloc(w->ts, cap * w->ts_cols * sizeof *grown) : NULL;
        if (!grown)
            return; /* the series stops here; the run goes on */
        w->ts = grown;
        w->ts_cap = cap;
    }
    double *row = w->ts + w->ts_rows * w->ts_cols;
    row[0] = now;
    double *hosts = row + 1 + 2 * w->nst;
    for (size_t h = 0; h < w->nhosts; h++)
        hosts[h] = 0.0;
    for (size_t i = 0; i < w->nst; i++) {
        station *st = &w->st[i];
        double jobs = vs_timeavg_area(&st->jobs_ta, now);
        double busy = vs_timeavg_area(&st->busy_ta, now);
        row[1 + 2 * i] = (busy - st->ts_busy) / (dt * st->vcpus);
        row[2 + 2 * i] = (jobs - st->ts_jobs) / dt;
        double served = served_area(st, now);
        hosts[st->host - w->hosts] += served - st->ts_served;
        st->ts_jobs = jobs;
        st->ts_busy = busy;
        st->ts_served = served;
    }
    for (size_t h = 0; h < w->nhosts; h++)
        hosts[h] /= dt * w->hosts[h].cores;
    w->ts_rows++;
    w->ts_last = now;
    if (vs_engine_schedule(eng, now + w->ts_interval, on_sample, w, 0, NULL) != VS_OK)
        fail_oom(w);
}

static void on_progress(vs_engine *eng, void *obj, uint64_t arg)
{
    (void)arg;
    vs_world *w = obj;
    double now = vs_engine_now(eng);
    double f = now / w->stop_est;
    if (w->stop_jobs) {
        double fj = (double)w->completed / (double)w->stop_jobs;
        if (fj > f)
            f = fj;
    }
    w->progress(w->progress_ctx, f > 1.0 ? 1.0 : f);
    if (vs_engine_schedule(eng, now + w->stop_est / 200.0, on_progress, w, 0, NULL) != VS_OK)
        fail_oom(w);
}

/* ---- building ------------------------------------------------------------- */

static long find_host(const vs_world *w, const char *name)
{
    for (size_t i = 0; i < w->nhosts; i++)
        if (strcmp(w->hosts[i].name, name) == 0)
            return (long)i;
    return -1;
}

/* vCPU slots of a host: cores, times the overcommit ratio if its hypervisor
 * scheduler allows overcommit. */
static double host_slots(const vs_world *w, const host *h)
{
    return h->cores * (h->sched->allows_overcommit ? w->cfg->overcommit_cpu : 1.0);
}

static double host_mem(const vs_world *w, const host *h)
{
    return h->mem_total * w->cfg->overcommit_mem;
}

static void place_on(host *h, station *st, const vs_vm_cfg *vc)
{
    st->host = h;
    h->vcpus_placed += vc->vcpus;
    h->mem_placed += vc->memory_mib;
    st->speed = h->speed * (1.0 - h->overhead);
}

static int build_hosts(vs_world *w, vs_err *err)
{
    const vs_config *cfg = w->cfg;
    size_t n = 0;
    for (size_t i = 0; i < cfg->nhosts; i++)
        n += (size_t)cfg->hosts[i].count;
    w->hosts = calloc(n ? n : 1, sizeof *w->hosts);
    if (!w->hosts)
        return vs_err_set(err, VS_ENOMEM, "out of memory building %zu hosts", n);
    for (size_t i = 0; i < cfg->nhosts; i++) {
        const vs_host_cfg *hc = &cfg->hosts[i];
        const vs_host_sched_type *hs = vs_host_sched_find(hc->scheduler);
        if (!hs)
            return vs_config_fail(cfg, hc->pos, err, VS_ESCHEMA,
                                  "hosts[%zu]: unknown host scheduler '%s' (expected one of: %s)",
                                  i, hc->scheduler, vs_host_sched_names());
        for (int k = 0; k < hc->count; k++) {
            host *h = &w->hosts[w->nhosts++];
            h->name = dup_name(hc->name, hc->count, k);
            if (!h->name)
                return vs_err_set(err, VS_ENOMEM, "out of memory");
            h->cores = hc->cores;
            h->speed = hc->speed;
            h->overhead = hc->overhead;
            h->mem_total = hc->memory_mib;
            h->sched = hs;
            h->shared = hs->fluid || hs->sliced;
            h->sliced = hs->sliced;
            h->credit = hs->credit;
            h->w = w;
            h->quantum = hc->quantum > 0.0 ? hc->quantum : 0.030;
            h->switch_cost = hc->switch_cost;
            if (h->sliced && !(h->core = calloc((size_t)h->cores, sizeof *h->core)))
                return vs_err_set(err, VS_ENOMEM, "out of memory");
            h->idle_w = hc->idle_watts;
            h->max_w = hc->max_watts;
            h->curve = hc->power_curve;
            vs_bm_init(&h->bm_util);
        }
    }
    return VS_OK;
}

static int place_fixed(vs_world *w, station *st, const vs_vm_cfg *vc, size_t vi, vs_err *err)
{
    const vs_config *cfg = w->cfg;
    long hi = find_host(w, vc->host);
    if (hi < 0)
        return vs_config_fail(cfg, vc->host_pos, err, VS_ESCHEMA,
                              "vms[%zu].host: no host named '%s'", vi, vc->host);
    host *h = &w->hosts[hi];
    if (h->vcpus_placed + vc->vcpus > host_slots(w, h))
        return vs_config_fail(cfg, vc->host_pos, err, VS_ESCHEMA,
                              "vms[%zu].host: VM '%s' needs %d vCPU%s but host '%s' has %g of %g "
                              "vCPU slots free (%d core%s, scheduler %s%s)",
                              vi, st->name, vc->vcpus, vc->vcpus == 1 ? "" : "s", h->name,
                              host_slots(w, h) - h->vcpus_placed, host_slots(w, h), h->cores,
                              h->cores == 1 ? "" : "s", h->sched->name,
                              h->sched->allows_overcommit ? "" : ", which does not overcommit");
    if (h->mem_placed + vc->memory_mib > host_mem(w, h))
        return vs_config_fail(cfg, vc->host_pos, err, VS_ESCHEMA,
                              "vms[%zu].host: VM '%s' needs %g MiB but host '%s' has %g MiB free",
                              vi, st->name, vc->memory_mib, h->name,
                              host_mem(w, h) - h->mem_placed);
    place_on(h, st, vc);
    return VS_OK;
}

static int place_dynamic(vs_world *w, const vs_place_type *pt, void *pstate, gsl_rng *prng,
                         vs_host_view *views, station *st, const vs_vm_cfg *vc, size_t vi,
                         vs_err *err)
{
    for (size_t i = 0; i < w->nhosts; i++) {
        host *h = &w->hosts[i];
        views[i] = (vs_host_view){
            .name = h->name,
            .cores = h->cores,
            .vcpus_free = host_slots(w, h) - h->vcpus_placed,
            .memory_free = host_mem(w, h) - h->mem_placed,
            .memory_total = h->mem_total,
            .vms = 0,
        };
    }
    for (size_t s = 0; s < w->nst; s++)
        if (w->st[s].host)
            views[w->st[s].host - w->hosts].vms++;
    long hi = pt->choose_host(pstate, views, w->nhosts, vc->vcpus, vc->memory_mib, prng);
    if (hi < 0 || (size_t)hi >= w->nhosts || views[hi].vcpus_free < vc->vcpus ||
        views[hi].memory_free < vc->memory_mib)
        return vs_config_fail(w->cfg, vc->pos, err, VS_ESCHEMA,
                              "vms[%zu]: placement %s found no host with %d free vCPU slots and "
                              "%g MiB free for VM '%s'",
                              vi, pt->name, vc->vcpus, vc->memory_mib, st->name);
    place_on(&w->hosts[hi], st, vc);
    return VS_OK;
}

/* Shared hosts: the list of each one's VMs and its scratch arrays; the
 * VMs' weights and caps; plain VMs switch to tracked mode (their jobs'
 * completion events must move when the speed changes). */
static int build_shared(vs_world *w, vs_err *err)
{
    for (size_t s = 0; s < w->nst; s++) {
        station *st = &w->st[s];
        host *h = st->host;
        if (!h->shared)
            continue;
        const vs_vm_cfg *vc = &w->cfg->vms[st->cfg_index];
        st->weight = vc->weight > 0.0 ? vc->weight : 256.0;
        st->cap = vc->cap;
        st->share = 1.0;
        station **sts = realloc(h->sts, (h->nsts + 1) * sizeof *sts);
        if (!sts)
            return vs_err_set(err, VS_ENOMEM, "out of memory");
        h->sts = sts;
        h->sts[h->nsts++] = st;
        if (st->mode == MODE_PLAIN) {
            st->mode = MODE_TRACKED;
            st->run = calloc((size_t)st->vcpus, sizeof *st->run);
            st->free_slots = malloc((size_t)st->vcpus * sizeof *st->free_slots);
            if (!st->run || !st->free_slots)
                return vs_err_set(err, VS_ENOMEM, "out of memory");
            for (int c = 0; c < st->vcpus; c++) /* vCPU 0 on top */
                st->free_slots[st->nfree++] = st->vcpus - 1 - c;
        }
    }
    for (size_t i = 0; i < w->nhosts; i++) {
        host *h = &w->hosts[i];
        if (!h->nsts)
            continue;
        h->fair_lim = calloc(h->nsts, sizeof *h->fair_lim);
        h->fair_ord = calloc(h->nsts, sizeof *h->fair_ord);
        if (!h->fair_lim || !h->fair_ord)
            return vs_err_set(err, VS_ENOMEM, "out of memory");
    }
    return VS_OK;
}

static int build_stations(vs_world *w, uint32_t rep, vs_err *err)
{
    const vs_config *cfg = w->cfg;
    size_t n = 0;
    for (size_t i = 0; i < cfg->nvms; i++)
        n += (size_t)cfg->vms[i].count;
    w->st = calloc(n ? n : 1, sizeof *w->st);
    if (!w->st)
        return vs_err_set(err, VS_ENOMEM, "out of memory building %zu VMs", n);
    for (size_t i = 0; i < cfg->nvms; i++) {
        const vs_vm_cfg *vc = &cfg->vms[i];
        const vs_guest_sched_type *gs = vs_guest_sched_find(vc->scheduler);
        if (!gs)
            return vs_config_fail(cfg, vc->pos, err, VS_ESCHEMA,
                                  "vms[%zu]: unknown guest scheduler '%s' (expected one of: %s)",
                                  i, vc->scheduler, vs_guest_sched_names());
        for (int k = 0; k < vc->count; k++) {
            station *st = &w->st[w->nst++];
            st->w = w;
            st->cfg_index = i;
            st->name = dup_name(vc->name, vc->count, k);
            st->sched = gs;
            st->sched_state = calloc(1, gs->state_size ? gs->state_size : 1);
            if (!st->name || !st->sched_state)
                return vs_err_set(err, VS_ENOMEM, "out of memory");
            if (gs->init && gs->init(st->sched_state, vc, err) != VS_OK) {
                free(st->sched_state);
                st->sched_state = NULL;
                return err ? err->code : VS_EINVAL;
            }
            st->vcpus = vc->vcpus;
            st->capacity = vc->capacity;
            if (gs->fluid) {
                st->mode = MODE_FLUID;
            } else if (gs->sliced) {
                st->mode = MODE_ROTATION;
                st->quantum = vc->quantum;
                st->switch_cost = vc->switch_cost;
                st->phase = calloc((size_t)vc->vcpus, sizeof *st->phase);
                st->phase_tmp = calloc((size_t)vc->vcpus, sizeof *st->phase_tmp);
                st->rot_cnt = calloc((size_t)vc->vcpus, sizeof *st->rot_cnt);
                if (!st->phase || !st->phase_tmp || !st->rot_cnt)
                    return vs_err_set(err, VS_ENOMEM, "out of memory");
            } else if (gs->preempt) {
                st->mode = MODE_TRACKED;
                st->run = calloc((size_t)vc->vcpus, sizeof *st->run);
                st->free_slots = malloc((size_t)vc->vcpus * sizeof *st->free_slots);
                if (!st->run || !st->free_slots)
                    return vs_err_set(err, VS_ENOMEM, "out of memory");
                for (int c = 0; c < vc->vcpus; c++) /* vCPU 0 on top */
                    st->free_slots[st->nfree++] = vc->vcpus - 1 - c;
            }
            st->up = !(vc->boot_time > 0.0);
            if (flow_init(&st->all, err) != VS_OK)
                return VS_ENOMEM;
            vs_bm_init(&st->bm_util);
            vs_bm_init(&st->bm_jobs);
            vs_bm_init(&st->bm_queue);
            vs_bm_init(&st->bm_steal);
        }
    }

    /* Placement: fixed VMs first, so a dynamically placed VM never takes the
     * room a fixed one was promised; then the rest in scenario order. */
    for (size_t s = 0; s < w->nst; s++) {
        const vs_vm_cfg *vc = &cfg->vms[w->st[s].cfg_index];
        if (vc->host && place_fixed(w, &w->st[s], vc, w->st[s].cfg_index, err) != VS_OK)
            return err ? err->code : VS_ESCHEMA;
    }
    const vs_place_type *pt = vs_place_find(cfg->placement);
    if (!pt)
        return vs_config_fail(cfg, cfg->placement_pos, err, VS_ESCHEMA,
                              "placement: unknown placement policy '%s' (expected one of: %s)",
                              cfg->placement, vs_place_names());
    int rc = VS_OK;
    void *pstate = calloc(1, pt->state_size ? pt->state_size : 1);
    vs_host_view *views = calloc(w->nhosts ? w->nhosts : 1, sizeof *views);
    gsl_rng *prng = vs_stream_new(cfg->seed, rep, "placement", "placement", err);
    if (!pstate || !views || !prng)
        rc = vs_err_set(err, VS_ENOMEM, "out of memory placing VMs");
    for (size_t s = 0; rc == VS_OK && s < w->nst; s++) {
        const vs_vm_cfg *vc = &cfg->vms[w->st[s].cfg_index];
        if (!vc->host)
            rc = place_dynamic(w, pt, pstate, prng, views, &w->st[s], vc, w->st[s].cfg_index, err);
    }
    free(pstate);
    free(views);
    if (prng)
        gsl_rng_free(prng);
    if (rc == VS_OK)
        rc = build_shared(w, err);
    return rc;
}

/* Class bookkeeping: a station with workloads of several classes keeps
 * per-class statistics, indexed in ascending class order. */
static int build_classes(vs_world *w, vs_err *err)
{
    for (size_t s = 0; s < w->nst; s++) {
        station *st = &w->st[s];
        int *ids = NULL;
        size_t n = 0;
        for (size_t i = 0; i < w->nwl; i++) {
            if (w->wl[i].st != st)
                continue;
            int k = w->wl[i].cfg->klass;
            size_t pos = 0;
            while (pos < n && ids[pos] < k)
                pos++;
            if (pos < n && ids[pos] == k)
                continue;
            int *grown = realloc(ids, (n + 1) * sizeof *ids);
            if (!grown) {
                free(ids);
                return vs_err_set(err, VS_ENOMEM, "out of memory");
            }
            ids = grown;
            memmove(ids + pos + 1, ids + pos, (n - pos) * sizeof *ids);
            ids[pos] = k;
            n++;
        }
        st->cls_ids = ids;
        st->ncls = n;
        if (n > 1) {
            st->cls = calloc(n, sizeof *st->cls);
            if (!st->cls)
                return vs_err_set(err, VS_ENOMEM, "out of memory");
            for (size_t c = 0; c < n; c++)
                if (flow_init(&st->cls[c], err) != VS_OK) {
                    st->ncls = c; /* only the initialised ones are freed */
                    return VS_ENOMEM;
                }
        }
        for (size_t i = 0; i < w->nwl; i++)
            if (w->wl[i].st == st)
                for (size_t c = 0; c < n; c++)
                    if (ids[c] == w->wl[i].cfg->klass)
                        w->wl[i].cls = (uint32_t)c;
    }
    return VS_OK;
}

static int build_workloads(vs_world *w, uint32_t rep, vs_err *err)
{
    const vs_config *cfg = w->cfg;
    w->wl = calloc(cfg->nworkloads ? cfg->nworkloads : 1, sizeof *w->wl);
    if (!w->wl)
        return vs_err_set(err, VS_ENOMEM, "out of memory");
    for (size_t i = 0; i < cfg->nworkloads; i++) {
        const vs_workload_cfg *wc = &cfg->workloads[i];
        workload *wl = &w->wl[w->nwl++];
        wl->w = w;
        wl->cfg = wc;
        for (size_t s = 0; s < w->nst && !wl->st; s++)
            if (strcmp(w->st[s].name, wc->target) == 0)
                wl->st = &w->st[s];
        if (!wl->st)
            return vs_config_fail(cfg, wc->target_pos, err, VS_ESCHEMA,
                                  "workloads[%zu].target: no VM named '%s'", i, wc->target);
        wl->arr_rng = vs_stream_new(cfg->seed, rep, wc->name, "arrival", err);
        wl->size_rng = vs_stream_new(cfg->seed, rep, wc->name, "size", err);
        if (!wl->arr_rng || !wl->size_rng)
            return err ? err->code : VS_ENOMEM;
    }
    return VS_OK;
}

int vs__world_new(const vs_config *cfg, uint32_t rep, vs_world **out, vs_err *err)
{
    *out = NULL;
    vs_world *w = calloc(1, sizeof *w);
    if (!w)
        return vs_err_set(err, VS_ENOMEM, "out of memory");
    w->cfg = cfg;
    w->stop_jobs = cfg->stop_jobs;
    w->ts_interval = rep == 0 ? cfg->series_interval : 0.0;
    w->warm_kind = cfg->warmup_kind;
    w->warm_value = cfg->warmup_value;
    if (w->warm_kind == VS_WARMUP_MSER5) { /* unless a pilot run chose a cut */
        w->warm_kind = VS_WARMUP_TIME;
        w->warm_value = 0.0;
    }
    int rc;
    if ((rc = build_hosts(w, err)) != VS_OK || (rc = build_stations(w, rep, err)) != VS_OK ||
        (rc = build_workloads(w, rep, err)) != VS_OK || (rc = build_classes(w, err)) != VS_OK)
        goto fail;
    if (!(w->eng = vs_engine_new(err))) {
        rc = VS_ENOMEM;
        goto fail;
    }
    /* Expected end, for progress and the batch-means block length. */
    w->stop_est = cfg->stop_time;
    if (!(w->stop_est < INFINITY)) {
        double rate = 0.0;
        for (size_t i = 0; i < w->nwl; i++)
            rate += 1.0 / w->wl[i].cfg->arrival.mean;
        w->stop_est = rate > 0.0 && rate < INFINITY ? (double)cfg->stop_jobs / rate : 1.0;
    }
    *out = w;
    return VS_OK;
fail:
    vs__world_free(w);
    return rc;
}

void vs__world_free(vs_world *w)
{
    if (!w)
        return;
    vs_engine_free(w->eng);
    for (size_t i = 0; i < w->nhosts; i++) {
        free(w->hosts[i].name);
        free(w->hosts[i].sts);
        free(w->hosts[i].fair_lim);
        free(w->hosts[i].fair_ord);
        free(w->hosts[i].core);
        free(w->hosts[i].rq);
    }
    free(w->hosts);
    for (size_t s = 0; s < w->nst; s++) {
        station *st = &w->st[s];
        if (st->sched_state && st->sched->fini)
            st->sched->fini(st->sched_state);
        free(st->sched_state);
        free(st->name);
        flow_fini(&st->all);
        for (size_t c = 0; st->cls && c < st->ncls; c++)
            flow_fini(&st->cls[c]);
        free(st->cls);
        free(st->cls_ids);
        free(st->run);
        free(st->free_slots);
        free(st->ring);
        free(st->phase);
        free(st->phase_tmp);
        free(st->rot_cnt);
    }
    free(w->st);
    for (size_t i = 0; i < w->nwl; i++) {
        if (w->wl[i].arr_rng)
            gsl_rng_free(w->wl[i].arr_rng);
        if (w->wl[i].size_rng)
            gsl_rng_free(w->wl[i].size_rng);
    }
    free(w->wl);
    for (size_t i = 0; i < w->nslabs; i++)
        free(w->slabs[i]);
    free(w->slabs);
    free(w->series);
    free(w->ts);
    free(w);
}

void vs__world_set_warmup_time(vs_world *w, double t)
{
    w->warm_kind = VS_WARMUP_TIME;
    w->warm_value = t;
}

int vs__world_record_series(vs_world *w, size_t n, vs_err *err)
{
    free(w->series);
    w->nseries = 0;
    w->series_cap = 0;
    w->series = malloc(n * sizeof *w->series);
    if (!w->series)
        return vs_err_set(err, VS_ENOMEM, "out of memory");
    w->series_cap = n;
    return VS_OK;
}

const double *vs__world_series(const vs_world *w, size_t *n, double *block_len)
{
    *n = w->nseries;
    *block_len = w->block_len;
    return w->series;
}

/* ---- running -------------------------------------------------------------- */

static double ratio(double num, double den) { return den > 0.0 ? num / den : NAN; }

static double bm_half(const vs_bm *b)
{
    double mean, half;
    vs_bm_ci(b, &mean, &half);
    return half;
}

/* Move a histogram out of the world into the results. */
static void hist_take(vs_hist *dst, vs_hist *src)
{
    *dst = *src;
    src->counts = NULL;
    src->nbuckets = 0;
}

static int flow_result(flow_stats *f, double dur, uint64_t *completed, uint64_t *waited,
                       double *tput, double *resp, double *wait, double *ci_tput,
                       double *ci_resp, double *ci_wait, vs_hist *resp_h, vs_hist *wait_h,
                       vs_err *err)
{
    *completed = f->completed;
    *waited = f->waited;
    *tput = ratio((double)f->completed, dur);
    *resp = f->completed ? f->resp_sum / (double)f->completed : NAN;
    *wait = f->completed ? f->wait_sum / (double)f->completed : NAN;
    *ci_tput = bm_half(&f->bm_tput);
    *ci_resp = bm_half(&f->bm_resp);
    *ci_wait = bm_half(&f->bm_wait);
    /* The world is left with empty, unallocated histograms. */
    hist_take(resp_h, &f->resp_h);
    hist_take(wait_h, &f->wait_h);
    (void)err;
    return VS_OK;
}

static int collect(vs_world *w, vs_rep *rep, vs_err *err)
{
    double now = vs_engine_now(w->eng);
    if (!w->warm)  /* never reached the end of the warm-up: nothing measured */
        stats_restart(w, now);
    if (now - w->block_start >= 0.999 * w->block_len)
        push_block(w, now);
    double dur = now - w->warm_time;

    memset(rep, 0, sizeof *rep);
    rep->sim_time = now;
    rep->ts = w->ts;
    rep->ts_rows = w->ts_rows;
    rep->ts_cols = w->ts_cols;
    w->ts = NULL;
    w->ts_rows = w->ts_cap = 0;
    rep->warm_time = w->warm_time;
    rep->events = vs_engine_events(w->eng);
    rep->st = calloc(w->nst ? w->nst : 1, sizeof *rep->st);
    rep->hosts = calloc(w->nhosts ? w->nhosts : 1, sizeof *rep->hosts);
    if (!rep->st || !rep->hosts)
        return vs_err_set(err, VS_ENOMEM, "out of memory collecting results");
    rep->nstations = w->nst;
    rep->nhosts = w->nhosts;
    double *host_busy = calloc(w->nhosts ? w->nhosts : 1, sizeof *host_busy);
    if (!host_busy)
        return vs_err_set(err, VS_ENOMEM, "out of memory collecting results");

    int rc = VS_OK;
    for (size_t s = 0; s < w->nst && rc == VS_OK; s++) {
        station *st = &w->st[s];
        vs_rep_station *r = &rep->st[s];
        double jobs = vs_timeavg_area(&st->jobs_ta, now);
        double busy = vs_timeavg_area(&st->busy_ta, now);
        double served = served_area(st, now);
        host_busy[st->host - w->hosts] += served;
        /* steal: runnable but not running, over runnable vCPU-time */
        r->steal = busy > 0.0 ? (busy - served) / busy : 0.0;
        if (r->steal < 0.0)
            r->steal = 0.0;
        r->ci_steal = bm_half(&st->bm_steal);
        r->arrived = st->arrived;
        r->blocked = st->blocked;
        r->utilization = ratio(busy, dur * st->vcpus);
        r->jobs_mean = ratio(jobs, dur);
        r->queue_mean = ratio(jobs - busy, dur);
        r->ci_util = bm_half(&st->bm_util);
        r->ci_jobs = bm_half(&st->bm_jobs);
        r->ci_queue = bm_half(&st->bm_queue);
        rc = flow_result(&st->all, dur, &r->completed, &r->waited, &r->throughput,
                         &r->resp_mean, &r->wait_mean, &r->ci_tput, &r->ci_resp, &r->ci_wait,
                         &r->resp_h, &r->wait_h, err);
        if (rc != VS_OK)
            break;
        r->classes = calloc(st->ncls ? st->ncls : 1, sizeof *r->classes);
        if (!r->classes) {
            rc = vs_err_set(err, VS_ENOMEM, "out of memory collecting results");
            break;
        }
        r->nclasses = st->ncls;
        for (size_t c = 0; c < st->ncls && rc == VS_OK; c++) {
            vs_rep_class *rc_ = &r->classes[c];
            rc_->klass = st->cls_ids[c];
            if (!st->cls) {
                /* One class: it is the whole station. */
                rc_->completed = r->completed;
                rc_->waited = r->waited;
                rc_->throughput = r->throughput;
                rc_->resp_mean = r->resp_mean;
                rc_->wait_mean = r->wait_mean;
                rc_->ci_tput = r->ci_tput;
                rc_->ci_resp = r->ci_resp;
                rc_->ci_wait = r->ci_wait;
                if (r->resp_h.n == 0) /* nothing recorded: no histogram to copy */
                    continue;
                if (vs_hist_init(&rc_->resp_h, err) != VS_OK ||
                    vs_hist_init(&rc_->wait_h, err) != VS_OK) {
                    rc = VS_ENOMEM;
                    break;
                }
                vs_hist_merge(&rc_->resp_h, &r->resp_h);
                vs_hist_merge(&rc_->wait_h, &r->wait_h);
            } else {
                rc = flow_result(&st->cls[c], dur, &rc_->completed, &rc_->waited,
                                 &rc_->throughput, &rc_->resp_mean, &rc_->wait_mean,
                                 &rc_->ci_tput, &rc_->ci_resp, &rc_->ci_wait, &rc_->resp_h,
                                 &rc_->wait_h, err);
            }
        }
    }
    for (size_t i = 0; i < w->nhosts; i++) {
        host *h = &w->hosts[i];
        host_energy(h, now);
        rep->hosts[i].utilization = ratio(host_busy[i], dur * h->cores);
        rep->hosts[i].ci_util = bm_half(&h->bm_util);
        rep->hosts[i].energy_kwh = h->energy_j / 3.6e6;
    }
    free(host_busy);
    return rc;
}

int vs__world_run(vs_world *w, const volatile sig_atomic_t *interrupt,
                  vs__world_progress progress, void *ctx, vs_rep *rep, vs_err *err)
{
    const vs_config *cfg = w->cfg;
    int rc = VS_OK;
    memset(rep, 0, sizeof *rep);
    for (size_t i = 0; i < w->nwl && rc == VS_OK; i++) {
        workload *wl = &w->wl[i];
        double gap = vs_dist_sample(&wl->cfg->arrival, wl->arr_rng, &wl->cursor);
        if (gap < INFINITY) {
            rc = vs_engine_schedule(w->eng, gap, on_arrival, wl, 0, NULL);
            w->live_arrivals++;
        }
    }
    for (size_t s = 0; s < w->nst && rc == VS_OK; s++) {
        const vs_vm_cfg *vc = &cfg->vms[w->st[s].cfg_index];
        vs_timeavg_init(&w->st[s].jobs_ta, 0.0, 0.0);
        vs_timeavg_init(&w->st[s].busy_ta, 0.0, 0.0);
        vs_timeavg_init(&w->st[s].served_ta, 0.0, 0.0);
        if (!w->st[s].up)
            rc = vs_engine_schedule(w->eng, vc->boot_time, on_boot, &w->st[s], 0, NULL);
    }
    for (size_t i = 0; i < w->nhosts && rc == VS_OK; i++)
        if (w->hosts[i].credit && w->hosts[i].nsts)
            rc = vs_engine_schedule(w->eng, CREDIT_ACCT_S, on_acct, &w->hosts[i], 0, NULL);
    if (rc == VS_OK) {
        if (w->warm_kind == VS_WARMUP_TIME && w->warm_value > 0.0)
            rc = vs_engine_schedule(w->eng, w->warm_value, on_warmup, w, 0, NULL);
        else if (!(w->warm_kind == VS_WARMUP_JOBS && w->warm_value > 0.0))
            stats_restart(w, 0.0);
    }
    if (rc == VS_OK && w->ts_interval > 0.0) {
        w->ts_cols = 1 + 2 * w->nst + w->nhosts;
        rc = vs_engine_schedule(w->eng, w->ts_interval, on_sample, w, 0, NULL);
    }
    if (rc == VS_OK && progress) {
        w->progress = progress;
        w->progress_ctx = ctx;
        rc = vs_engine_schedule(w->eng, w->stop_est / 200.0, on_progress, w, 0, NULL);
    }
    if (rc != VS_OK || w->oom)
        return vs_err_set(err, VS_ENOMEM, "out of memory starting the simulation");

    if (!drained(w))
        rc = vs_engine_run(w->eng, cfg->stop_time, interrupt);
    if (w->oom)
        return vs_err_set(err, VS_ENOMEM, "out of memory during the simulation (%llu events)",
                          (unsigned long long)vs_engine_events(w->eng));
    rc = collect(w, rep, err);
    rep->interrupted = interrupt && *interrupt;
    return rc;
}

void vs__rep_fini(vs_rep *rep)
{
    if (!rep)
        return;
    for (size_t s = 0; rep->st && s < rep->nstations; s++) {
        vs_rep_station *r = &rep->st[s];
        vs_hist_fini(&r->resp_h);
        vs_hist_fini(&r->wait_h);
        for (size_t c = 0; r->classes && c < r->nclasses; c++) {
            vs_hist_fini(&r->classes[c].resp_h);
            vs_hist_fini(&r->classes[c].wait_h);
        }
        free(r->classes);
    }
    free(rep->st);
    free(rep->hosts);
    free(rep->ts);
    memset(rep, 0, sizeof *rep);
}

/* ---- layout ---------------------------------------------------------------- */

size_t vs__world_nstations(const vs_world *w) { return w->nst; }
size_t vs__world_nhosts(const vs_world *w) { return w->nhosts; }
const char *vs__world_station_name(const vs_world *w, size_t i) { return w->st[i].name; }
const char *vs__world_station_host(const vs_world *w, size_t i) { return w->st[i].host->name; }
size_t vs__world_station_cfg(const vs_world *w, size_t i) { return w->st[i].cfg_index; }
int vs__world_station_vcpus(const vs_world *w, size_t i) { return w->st[i].vcpus; }
/* The nominal speed of a vCPU (a whole core's worth): on a shared host the
 * current speed varies with the share. */
double vs__world_station_speed(const vs_world *w, size_t i)
{
    const host *h = w->st[i].host;
    return h->speed * (1.0 - h->overhead);
}
const char *vs__world_host_name(const vs_world *w, size_t i) { return w->hosts[i].name; }
int vs__world_host_cores(const vs_world *w, size_t i) { return w->hosts[i].cores; }
size_t vs__world_job_capacity(const vs_world *w) { return w->nslabs * SLAB_JOBS; }
