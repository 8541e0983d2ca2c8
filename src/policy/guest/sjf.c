/*
 * sjf.c: shortest job first guest scheduler (non-preemptive).
 *
 * Sizes are known on arrival.  When a vCPU becomes free it takes the waiting
 * job with the smallest size (ties: arrival order); a running job keeps its
 * vCPU until it completes.  Waiting jobs are kept in a pairing heap keyed by
 * (size, seq): O(log n) per job.
 *
 * Source: the non-preemptive shortest-processing-time rule analysed by
 * W. E. Smith (1956) and, for M/G/1, T. E. Phipps, "Machine repair as a
 * priority waiting-line problem", Operations Research 4 (1956) 76-85 (the
 * mean response is the integral of analytic.h, vs_mg1_sjf).
 */
#include <stddef.h>

#include "policy/internal.h"

typedef struct sjf_state {
    vs_jobheap heap;
} sjf_state;

/* Smaller size first, then earlier arrival. */
static int sjf_before(const vs_job *a, const vs_job *b)
{
    return a->size < b->size || (a->size == b->size && a->seq < b->seq);
}

static void enqueue_sjf(void *state, vs_job *job)
{
    vs__jobheap_push(&((sjf_state *)state)->heap, job, sjf_before);
}

static vs_job *pick_next_sjf(void *state)
{
    return vs__jobheap_pop(&((sjf_state *)state)->heap, sjf_before);
}

const vs_guest_sched_type vs_sched_sjf = {
    .name = "sjf",
    .desc = "shortest job first (sizes known); non-preemptive",
    .state_size = sizeof(sjf_state),
    .enqueue = enqueue_sjf,
    .pick_next = pick_next_sjf,
};
