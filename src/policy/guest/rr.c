/*
 * rr.c: round robin guest scheduler (time slices).
 *
 * Jobs wait in one FIFO queue.  A job holds a vCPU for at most the VM's
 * `quantum` seconds; if it still has work when its slice ends and another
 * job waits, it goes to the back of the queue and the vCPU switches to the
 * job at the head, spending the VM's `switch_cost` seconds (a vCPU busy but
 * serving nobody) before the new job runs.  If nobody waits, the job simply
 * continues with a new slice, without a switch.  A new arrival joins the
 * back of the queue; it never preempts.  The model applies the slices
 * (the descriptor's `sliced` flag): it rotates the jobs itself without an
 * event per slice ("rotation mode" in src/model/world.c), so the FIFO hooks
 * below only state the queue discipline (they are what a per-slice model
 * would call).  As the quantum shrinks to 0 (with no switch cost) round
 * robin becomes processor sharing.
 *
 * Source: L. Kleinrock, Queueing Systems, Vol. 2: Computer Applications,
 * Wiley 1976, section 4.4 (round robin and its processor-sharing limit).
 */
#include <stddef.h>

#include "policy/internal.h"

typedef struct rr_state {
    vs_jobfifo q;
} rr_state;

static void enqueue_rr(void *state, vs_job *job) { vs__fifo_push(&((rr_state *)state)->q, job); }

static vs_job *pick_next_rr(void *state) { return vs__fifo_pop(&((rr_state *)state)->q); }

const vs_guest_sched_type vs_sched_rr = {
    .name = "rr",
    .desc = "round robin: time slices of `quantum` s, `switch_cost` s per switch",
    .state_size = sizeof(rr_state),
    .enqueue = enqueue_rr,
    .pick_next = pick_next_rr,
    .sliced = 1,
};
