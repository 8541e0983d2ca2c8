/*
 * priority.c: static priority guest scheduler.
 *
 * Each job carries the class of the workload that sent it (0 = highest).
 * A free vCPU takes the waiting job of the highest class, the earliest
 * arrival within the class (FCFS within a class).  With the VM's
 * `preemptive: true` the discipline is preemptive-resume: an arrival that
 * finds every vCPU busy displaces the running job of the lowest class (the
 * latest arrival among those) if that class is strictly lower than its own,
 * and the displaced job later resumes with the work it had left.  With
 * `preemptive: false` (the default) it is head-of-line (non-preemptive).
 * Waiting jobs are in a pairing heap keyed by (class, seq).
 *
 * Sources: A. Cobham, "Priority assignment in waiting line problems",
 * Operations Research 2 (1954) 70-76 (non-preemptive M/G/1 and M/M/c);
 * preemptive-resume M/G/1: L. Kleinrock, Queueing Systems, Vol. 2,
 * section 3.7 (analytic.h, vs_mg1_priority).
 */
#include <stddef.h>

#include "policy/internal.h"

typedef struct prio_state {
    vs_jobheap heap;
    int preemptive;
} prio_state;

/* Higher class (smaller number) first, then earlier arrival. */
static int prio_before(const vs_job *a, const vs_job *b)
{
    return a->klass < b->klass || (a->klass == b->klass && a->seq < b->seq);
}

static int init_prio(void *state, const vs_vm_cfg *cfg, vs_err *err)
{
    (void)err;
    ((prio_state *)state)->preemptive = cfg->preemptive;
    return VS_OK;
}

static void enqueue_prio(void *state, vs_job *job)
{
    vs__jobheap_push(&((prio_state *)state)->heap, job, prio_before);
}

static vs_job *pick_next_prio(void *state)
{
    return vs__jobheap_pop(&((prio_state *)state)->heap, prio_before);
}

/* Preemptive-resume: displace the last (in prio_before order) running job if
 * its class is strictly lower than the new job's. */
static long preempt_prio(void *state, const vs_job *job, vs_job *const *running, size_t n)
{
    const prio_state *s = state;
    if (!s->preemptive)
        return -1;
    long worst = -1;
    for (size_t i = 0; i < n; i++)
        if (worst < 0 || prio_before(running[worst], running[i]))
            worst = (long)i;
    return worst >= 0 && job->klass < running[worst]->klass ? worst : -1;
}

const vs_guest_sched_type vs_sched_priority = {
    .name = "priority",
    .desc = "static priority by workload class (0 highest), FCFS within a class; "
            "preemptive-resume if `preemptive`",
    .state_size = sizeof(prio_state),
    .init = init_prio,
    .enqueue = enqueue_prio,
    .pick_next = pick_next_prio,
    .preempt = preempt_prio,
};
