/*
 * jobheap.c: an intrusive min pairing heap of jobs, shared by the guest
 * schedulers that serve jobs in an order other than arrival (sjf, srpt,
 * priority, ps).
 *
 * Source: M. L. Fredman, R. Sedgewick, D. D. Sleator, R. E. Tarjan, "The
 * pairing heap: a new form of self-adjusting heap", Algorithmica 1 (1986)
 * 111-129.  A node's first child is linked through vs_job.prev and its next
 * sibling through vs_job.next.  Insertion melds the new job with the root
 * (O(1)); deleting the minimum melds the root's children in two passes,
 * pairwise left to right and then right to left into one tree (O(log n)
 * amortized).  Iterative, so a long sibling list cannot overflow the stack.
 */
#include <stddef.h>

#include "policy/internal.h"

/* Meld two trees whose roots have no siblings; the later root becomes the
 * first child of the earlier one. */
static vs_job *meld(vs_job *a, vs_job *b, vs_job_before before)
{
    if (!a)
        return b;
    if (!b)
        return a;
    if (before(b, a)) {
        vs_job *t = a;
        a = b;
        b = t;
    }
    b->next = a->prev;
    a->prev = b;
    return a;
}

void vs__jobheap_push(vs_jobheap *h, vs_job *job, vs_job_before before)
{
    job->next = job->prev = NULL;
    h->root = meld(h->root, job, before);
    h->n++;
}

vs_job *vs__jobheap_pop(vs_jobheap *h, vs_job_before before)
{
    vs_job *top = h->root;
    if (!top)
        return NULL;
    /* First pass: meld the children in pairs, left to right, stacking the
     * results (linked through next) so that the last pair is on top. */
    vs_job *child = top->prev, *stack = NULL;
    while (child) {
        vs_job *a = child, *b = child->next;
        child = b ? b->next : NULL;
        a->next = NULL;
        if (b)
            b->next = NULL;
        vs_job *m = meld(a, b, before);
        m->next = stack;
        stack = m;
    }
    /* Second pass: meld the pairs right to left into one tree. */
    vs_job *root = NULL;
    while (stack) {
        vs_job *nx = stack->next;
        stack->next = NULL;
        root = meld(root, stack, before);
        stack = nx;
    }
    h->root = root;
    h->n--;
    top->next = top->prev = NULL;
    return top;
}
