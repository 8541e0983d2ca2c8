/*
 * fcfs.c: first come, first served guest job scheduler.
 *
 * Jobs wait in one FIFO queue (an intrusive doubly linked list through
 * vs_job.next/prev) and take a free vCPU in arrival order.  Non-preemptive:
 * a job keeps its vCPU until it completes.  O(1) per operation.
 */
#include <stddef.h>

#include "policy/internal.h"

typedef struct fcfs_state {
    vs_job *head, *tail;
} fcfs_state;

static void enqueue_fcfs(void *state, vs_job *job)
{
    fcfs_state *s = state;
    job->next = NULL;
    job->prev = s->tail;
    if (s->tail)
        s->tail->next = job;
    else
        s->head = job;
    s->tail = job;
}

static vs_job *pick_next_fcfs(void *state)
{
    fcfs_state *s = state;
    vs_job *job = s->head;
    if (!job)
        return NULL;
    s->head = job->next;
    if (s->head)
        s->head->prev = NULL;
    else
        s->tail = NULL;
    job->next = job->prev = NULL;
    return job;
}

const vs_guest_sched_type vs_sched_fcfs = {
    .name = "fcfs",
    .desc = "first come, first served; non-preemptive",
    .state_size = sizeof(fcfs_state),
    .init = NULL,
    .fini = NULL,
    .enqueue = enqueue_fcfs,
    .pick_next = pick_next_fcfs,
};
