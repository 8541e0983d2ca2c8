/*
 * engine.c: the event list and the run loop.
 *
 * How it works.  Events live in a pool (struct slot) that grows by doubling
 * and never shrinks; a free list threads through unused slots, so in steady
 * state scheduling allocates nothing.  The future event list is a 4-ary heap
 * of small entries {time, seq, slot} kept in a separate array: comparisons
 * touch only the heap array, which stays in cache, and each slot records its
 * heap position so cancel and move are O(log n).  A 4-ary heap halves the
 * depth of a binary heap for the price of three more comparisons per level on
 * the way down, a good trade when most events are pushed near the bottom and
 * popped from the top.
 *
 * Order.  Entries are ordered by (time, seq) where seq is a per-engine
 * counter taken at schedule time.  Equal times therefore fire in the order
 * they were scheduled (FIFO), never in an order that depends on the heap's
 * shape, and a run is reproducible bit for bit.
 *
 * Handles.  A vs_event_id is {slot index + 1, generation}.  A slot's
 * generation changes whenever its event fires or is cancelled, so a stale
 * handle is recognised in O(1) and refused.  Generation 0 is never used.
 */
#include <assert.h>
#include <math.h>
#include <stdlib.h>

#include "virtsim/engine.h"

typedef struct heap_entry {
    vs_time time;
    uint64_t seq;
    uint32_t slot;
} heap_entry;

typedef struct slot {
    vs_handler fn;
    void *obj;
    uint64_t arg;
    uint32_t gen;   /* bumped when the event fires or is cancelled */
    uint32_t pos;   /* index in the heap while pending; next free slot otherwise */
} slot;

#define NO_SLOT UINT32_MAX

struct vs_engine {
    heap_entry *heap;  /* heap[0 .. n-1], 4-ary, min at heap[0] */
    uint32_t n;
    slot *slots;
    uint32_t nslots;   /* allocated slots (heap has the same capacity) */
    uint32_t free;     /* head of the free slot list, NO_SLOT if none */
    uint64_t seq;      /* next sequence number */
    uint64_t fired;    /* events fired */
    vs_time now;
    int stop;
    int hole;          /* 1 while heap[0] is the event being fired (see run) */
};

static inline int before(const heap_entry *a, const heap_entry *b)
{
    return a->time < b->time || (a->time == b->time && a->seq < b->seq);
}

static inline void place(vs_engine *e, uint32_t i, heap_entry ent)
{
    e->heap[i] = ent;
    e->slots[ent.slot].pos = i;
}

static void sift_up(vs_engine *e, uint32_t i)
{
    heap_entry ent = e->heap[i];
    while (i > 0) {
        uint32_t parent = (i - 1) / 4;
        if (!before(&ent, &e->heap[parent]))
            break;
        place(e, i, e->heap[parent]);
        i = parent;
    }
    place(e, i, ent);
}

static void sift_down(vs_engine *e, uint32_t i)
{
    heap_entry ent = e->heap[i];
    for (;;) {
        uint32_t first = 4 * i + 1;
        if (first >= e->n)
            break;
        uint32_t last = first + 4 < e->n ? first + 4 : e->n;
        uint32_t best = first;
        for (uint32_t c = first + 1; c < last; c++)
            if (before(&e->heap[c], &e->heap[best]))
                best = c;
        if (!before(&e->heap[best], &ent))
            break;
        place(e, i, e->heap[best]);
        i = best;
    }
    place(e, i, ent);
}

/* Remove the heap entry at position i and restore the heap. */
static void heap_remove(vs_engine *e, uint32_t i)
{
    e->n--;
    if (i == e->n)
        return;
    heap_entry moved = e->heap[e->n];
    e->heap[i] = moved;
    e->slots[moved.slot].pos = i;
    if (i > 0 && before(&moved, &e->heap[(i - 1) / 4]))
        sift_up(e, i);
    else
        sift_down(e, i);
}

/* Finish the removal of the event being fired if its handler did not
 * reuse the root (see vs_engine_run). */
static inline void fill_hole(vs_engine *e)
{
    if (e->hole) {
        e->hole = 0;
        heap_remove(e, 0);
    }
}

static void release_slot(vs_engine *e, uint32_t s)
{
    slot *sl = &e->slots[s];
    if (++sl->gen == 0)
        sl->gen = 1;
    sl->pos = e->free;
    e->free = s;
}

static int grow(vs_engine *e)
{
    uint32_t cap = e->nslots ? e->nslots * 2 : 64;
    if (cap <= e->nslots || cap >= NO_SLOT)
        return VS_ENOMEM;
    slot *ns = realloc(e->slots, (size_t)cap * sizeof *ns);
    if (!ns)
        return VS_ENOMEM;
    e->slots = ns;
    heap_entry *nh = realloc(e->heap, (size_t)cap * sizeof *nh);
    if (!nh)
        return VS_ENOMEM;
    e->heap = nh;
    /* Thread the new slots onto the free list in index order. */
    for (uint32_t i = cap; i-- > e->nslots;) {
        e->slots[i].gen = 1;
        e->slots[i].pos = e->free;
        e->free = i;
    }
    e->nslots = cap;
    return VS_OK;
}

vs_engine *vs_engine_new(vs_err *err)
{
    vs_engine *e = calloc(1, sizeof *e);
    if (!e || (e->free = NO_SLOT, grow(e) != VS_OK)) {
        vs_engine_free(e);
        vs_err_set(err, VS_ENOMEM, "out of memory creating the event engine");
        return NULL;
    }
    return e;
}

void vs_engine_free(vs_engine *e)
{
    if (!e)
        return;
    free(e->heap);
    free(e->slots);
    free(e);
}

vs_time vs_engine_now(const vs_engine *e) { return e->now; }
uint64_t vs_engine_events(const vs_engine *e) { return e->fired; }
uint32_t vs_engine_pending(const vs_engine *e) { return e->n - (uint32_t)e->hole; }

/* Earliest time among the root's children and the last entry (which will
 * fill the root); used only while the root is a hole. */
static vs_time next_below_root(const vs_engine *e)
{
    vs_time t = INFINITY;
    for (uint32_t c = 1; c <= 4 && c < e->n; c++)
        if (e->heap[c].time < t)
            t = e->heap[c].time;
    return t;
}

int vs_engine_schedule(vs_engine *e, vs_time at, vs_handler fn, void *obj,
                       uint64_t arg, vs_event_id *id)
{
    if (!(at >= e->now)) /* also refuses NaN */
        return VS_EINVAL;
    if (e->free == NO_SLOT && grow(e) != VS_OK)
        return VS_ENOMEM;
    uint32_t s = e->free;
    slot *sl = &e->slots[s];
    e->free = sl->pos;
    sl->fn = fn;
    sl->obj = obj;
    sl->arg = arg;
    heap_entry ent = {at, e->seq++, s};
    if (e->hole) {
        /* The root still holds the event being fired: put the new one there
         * and sift it down, one sift instead of a removal plus an insert. */
        e->hole = 0;
        e->heap[0] = ent;
        sift_down(e, 0);
    } else {
        uint32_t i = e->n++;
        e->heap[i] = ent;
        sift_up(e, i);
    }
    if (id)
        *id = (vs_event_id){s + 1, sl->gen};
    return VS_OK;
}

/* The slot a handle names if it is pending, else NO_SLOT. */
static uint32_t live_slot(const vs_engine *e, vs_event_id id)
{
    if (id.index == 0 || id.index > e->nslots)
        return NO_SLOT;
    uint32_t s = id.index - 1;
    const slot *sl = &e->slots[s];
    if (sl->gen != id.gen || sl->pos >= e->n || e->heap[sl->pos].slot != s)
        return NO_SLOT;
    return s;
}

bool vs_engine_pending_id(const vs_engine *e, vs_event_id id)
{
    uint32_t s = live_slot(e, id);
    return s != NO_SLOT && !(e->hole && e->slots[s].pos == 0);
}

bool vs_engine_cancel(vs_engine *e, vs_event_id id)
{
    fill_hole(e);
    uint32_t s = live_slot(e, id);
    if (s == NO_SLOT)
        return false;
    heap_remove(e, e->slots[s].pos);
    release_slot(e, s);
    return true;
}

bool vs_engine_move(vs_engine *e, vs_event_id id, vs_time at)
{
    fill_hole(e);
    uint32_t s = live_slot(e, id);
    if (s == NO_SLOT || !(at >= e->now))
        return false;
    uint32_t i = e->slots[s].pos;
    heap_entry old = e->heap[i];
    e->heap[i].time = at;
    e->heap[i].seq = e->seq++;
    if (before(&e->heap[i], &old))
        sift_up(e, i);
    else
        sift_down(e, i);
    return true;
}

vs_time vs_engine_next_time(const vs_engine *e)
{
    if (e->hole) /* the root is the event being fired: look below it */
        return e->n > 1 ? next_below_root(e) : INFINITY;
    return e->n ? e->heap[0].time : INFINITY;
}

void vs_engine_stop(vs_engine *e) { e->stop = 1; }

/* How often the run loop looks at the interrupt flag. */
#define INTERRUPT_CHECK_MASK 4095u

int vs_engine_run(vs_engine *e, vs_time until, const volatile sig_atomic_t *interrupt)
{
    e->stop = 0;
    for (uint32_t k = 0; e->n > 0 && !e->stop; k++) {
        if ((k & INTERRUPT_CHECK_MASK) == 0 && interrupt && *interrupt)
            return VS_EINTR;
        heap_entry top = e->heap[0];
        if (top.time > until)
            break;
        /* The fired event stays at the root as a "hole" until the handler
         * schedules its first event (which then takes the root: see
         * vs_engine_schedule) or returns (then it is removed as usual).
         * Most handlers schedule exactly one follow-up, so this saves an
         * insertion's sift-up per event. */
        e->hole = 1;
        slot *sl = &e->slots[top.slot];
        vs_handler fn = sl->fn;
        void *obj = sl->obj;
        uint64_t arg = sl->arg;
        release_slot(e, top.slot);
        e->now = top.time;
        e->fired++;
        fn(e, obj, arg);
        fill_hole(e);
    }
    if (!e->stop && until > e->now && until < INFINITY)
        e->now = until;
    return VS_OK;
}
