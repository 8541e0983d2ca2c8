/*
 * srpt.c: shortest remaining processing time guest scheduler (preemptive).
 *
 * The jobs holding the c vCPUs are always the c jobs with the least work
 * left.  On arrival, when every vCPU is busy, the new job displaces the
 * running job with the most work left if the new job's size is strictly
 * smaller (ties do not preempt, so equal jobs are not swapped back and
 * forth); the displaced job waits with its remaining work.  A free vCPU
 * takes the waiting job with the least remaining work (ties: arrival
 * order).  Waiting jobs are in a pairing heap keyed by (remaining, seq):
 * a waiting job's remaining work does not change, so its key stays valid.
 *
 * Source: L. Schrage, "A proof of the optimality of the shortest remaining
 * processing time discipline", Operations Research 16 (1968) 687-690; mean
 * response for M/G/1 by L. E. Schrage and L. W. Miller, "The queue M/G/1
 * with the shortest remaining processing time discipline", Operations
 * Research 14 (1966) 670-684 (analytic.h, vs_mg1_srpt).
 */
#include <stddef.h>

#include "policy/internal.h"

typedef struct srpt_state {
    vs_jobheap heap;
} srpt_state;

/* Less work left first, then earlier arrival. */
static int srpt_before(const vs_job *a, const vs_job *b)
{
    return a->remaining < b->remaining || (a->remaining == b->remaining && a->seq < b->seq);
}

static void enqueue_srpt(void *state, vs_job *job)
{
    vs__jobheap_push(&((srpt_state *)state)->heap, job, srpt_before);
}

static vs_job *pick_next_srpt(void *state)
{
    return vs__jobheap_pop(&((srpt_state *)state)->heap, srpt_before);
}

/* Displace the running job with the most work left (the latest arrival among
 * equals) if the new job has strictly less. */
static long preempt_srpt(void *state, const vs_job *job, vs_job *const *running, size_t n)
{
    (void)state;
    long worst = -1;
    for (size_t i = 0; i < n; i++)
        if (worst < 0 || srpt_before(running[worst], running[i]))
            worst = (long)i;
    return worst >= 0 && job->remaining < running[worst]->remaining ? worst : -1;
}

const vs_guest_sched_type vs_sched_srpt = {
    .name = "srpt",
    .desc = "shortest remaining processing time; preemptive-resume",
    .state_size = sizeof(srpt_state),
    .enqueue = enqueue_srpt,
    .pick_next = pick_next_srpt,
    .preempt = preempt_srpt,
};
