/*
 * internal.h: what policy files and the registry share.
 *
 * Each policy exports exactly one const descriptor, declared here and listed
 * in registry.c.  The guest schedulers also share two intrusive job queues
 * (they link jobs through vs_job.next/prev, so queueing never allocates):
 * a FIFO list (static inline below) and a pairing heap (jobheap.c).
 */
#ifndef VS_POLICY_INTERNAL_H
#define VS_POLICY_INTERNAL_H

#include <stddef.h>

#include "virtsim/policy.h"

extern const vs_guest_sched_type vs_sched_fcfs;
extern const vs_guest_sched_type vs_sched_sjf;
extern const vs_guest_sched_type vs_sched_srpt;
extern const vs_guest_sched_type vs_sched_rr;
extern const vs_guest_sched_type vs_sched_ps;
extern const vs_guest_sched_type vs_sched_priority;
extern const vs_host_sched_type vs_hsched_dedicated;
extern const vs_host_sched_type vs_hsched_fair;
extern const vs_host_sched_type vs_hsched_rr;
extern const vs_host_sched_type vs_hsched_credit;
extern const vs_place_type vs_place_firstfit;

/* ---- FIFO list ---------------------------------------------------------- */

typedef struct vs_jobfifo {
    vs_job *head, *tail;
} vs_jobfifo;

static inline void vs__fifo_push(vs_jobfifo *q, vs_job *job)
{
    job->next = NULL;
    job->prev = q->tail;
    if (q->tail)
        q->tail->next = job;
    else
        q->head = job;
    q->tail = job;
}

static inline vs_job *vs__fifo_pop(vs_jobfifo *q)
{
    vs_job *job = q->head;
    if (!job)
        return NULL;
    q->head = job->next;
    if (q->head)
        q->head->prev = NULL;
    else
        q->tail = NULL;
    job->next = job->prev = NULL;
    return job;
}

/* ---- pairing heap ------------------------------------------------------- */

/* Strict order of two jobs: nonzero if a comes before b.  It must be a total
 * order (break ties on vs_job.seq) so that runs are deterministic. */
typedef int (*vs_job_before)(const vs_job *a, const vs_job *b);

/* A min pairing heap (Fredman, Sedgewick, Sleator & Tarjan 1986) linked
 * through the jobs: prev points to a node's first child, next to its next
 * sibling.  push O(1), pop O(log n) amortized, min O(1); no allocation. */
typedef struct vs_jobheap {
    vs_job *root;
    size_t n;
} vs_jobheap;

void vs__jobheap_push(vs_jobheap *h, vs_job *job, vs_job_before before);
/* Unlink and return the first job, or NULL if the heap is empty. */
vs_job *vs__jobheap_pop(vs_jobheap *h, vs_job_before before);

#endif
