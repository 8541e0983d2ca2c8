/*
 * ps.c: egalitarian processor sharing guest scheduler (fluid).
 *
 * All n jobs in the VM are served at once, each at rate speed * min(1, c/n)
 * work units per second on c vCPUs (so with n <= c every job has a vCPU of
 * its own).  The model does the fluid bookkeeping lazily (the `fluid` flag):
 * it keeps the VM's virtual time V, the service every present job has
 * received since V was last 0, and gives each arriving job the finish tag
 * V + size.  Since all present jobs gain service at the same rate, the jobs
 * complete in tag order, so this file only keeps a pairing heap of the jobs
 * by (tag, seq): the model peeks at the smallest tag to schedule the VM's one
 * completion event, and pops it when V reaches it.  O(log n) per event.
 *
 * Source: L. Kleinrock, "Time-shared systems: a theoretical treatment",
 * JACM 14 (1967) 242-261; Queueing Systems, Vol. 2, section 4.4: for M/G/1-PS
 * E[T | size x] = x / (1 - rho) whatever the size distribution.
 */
#include <stddef.h>

#include "policy/internal.h"

typedef struct ps_state {
    vs_jobheap heap;
} ps_state;

/* Smaller finish tag first, then earlier arrival. */
static int ps_before(const vs_job *a, const vs_job *b)
{
    return a->tag < b->tag || (a->tag == b->tag && a->seq < b->seq);
}

static void enqueue_ps(void *state, vs_job *job)
{
    vs__jobheap_push(&((ps_state *)state)->heap, job, ps_before);
}

static vs_job *pick_next_ps(void *state)
{
    return vs__jobheap_pop(&((ps_state *)state)->heap, ps_before);
}

static vs_job *peek_ps(void *state) { return ((ps_state *)state)->heap.root; }

const vs_guest_sched_type vs_sched_ps = {
    .name = "ps",
    .desc = "egalitarian processor sharing (fluid): n jobs share c vCPUs",
    .state_size = sizeof(ps_state),
    .enqueue = enqueue_ps,
    .pick_next = pick_next_ps,
    .fluid = 1,
    .peek = peek_ps,
};
