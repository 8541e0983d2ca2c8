/*
 * engine.h: the discrete-event engine.
 *
 * The engine is a clock plus a future event list.  It knows about time,
 * events, handlers and cancellation, and nothing about hosts, VMs or YAML.
 *
 * Events live in a pool owned by the engine (so scheduling allocates nothing
 * in steady state) and are ordered in an indexed 4-ary heap by the key
 * (time, sequence), where the sequence number is a per-engine counter taken
 * when the event is scheduled.  Ties in time therefore fire in scheduling
 * order (FIFO), and a run is deterministic.  An event is named by a handle
 * {index, generation}: cancelling or moving a fired or already cancelled event
 * through a stale handle is detected and refused, never a dangling pointer.
 *
 * There is no global state: an engine is a value, and many run at once in
 * different threads.
 */
#ifndef VIRTSIM_ENGINE_H
#define VIRTSIM_ENGINE_H

#include <signal.h>
#include <stdbool.h>
#include <stdint.h>

#include "virtsim/err.h"

/* Simulated time in seconds. */
typedef double vs_time;

typedef struct vs_engine vs_engine;

/* Handle of a scheduled event.  gen == 0 never names a live event, so a
 * zero-initialised handle is "no event". */
typedef struct vs_event_id {
    uint32_t index;
    uint32_t gen;
} vs_event_id;

#define VS_EVENT_NONE ((vs_event_id){0, 0})

/* An event handler: called when the event fires, with the clock already at
 * the event's time.  obj and arg are what was given to vs_engine_schedule.
 * The handler may schedule, cancel and move other events, and may call
 * vs_engine_stop. */
typedef void (*vs_handler)(vs_engine *eng, void *obj, uint64_t arg);

/* A new engine at time 0 with an empty event list; NULL on failure. */
vs_engine *vs_engine_new(vs_err *err);
void vs_engine_free(vs_engine *eng); /* NULL is a no-op */

/* Current simulated time. */
vs_time vs_engine_now(const vs_engine *eng);

/* Number of events fired so far. */
uint64_t vs_engine_events(const vs_engine *eng);

/* Number of events currently scheduled. */
uint32_t vs_engine_pending(const vs_engine *eng);

/* Schedule fn(obj, arg) at absolute time `at` (>= now, not NaN).  On success
 * stores the handle in *id (if id is not NULL) and returns VS_OK; returns
 * VS_ENOMEM if the pool cannot grow, VS_EINVAL for a time in the past. */
int vs_engine_schedule(vs_engine *eng, vs_time at, vs_handler fn, void *obj,
                       uint64_t arg, vs_event_id *id);

/* Cancel a scheduled event.  Returns true if it was pending, false if the
 * handle is stale (the event already fired or was cancelled).  O(log n). */
bool vs_engine_cancel(vs_engine *eng, vs_event_id id);

/* Move a pending event to a new time (>= now).  It takes a fresh sequence
 * number, as if scheduled now.  Returns false for a stale handle.  O(log n). */
bool vs_engine_move(vs_engine *eng, vs_event_id id, vs_time at);

/* True if the handle names a pending event. */
bool vs_engine_pending_id(const vs_engine *eng, vs_event_id id);

/* Time of the earliest pending event, or INFINITY if there is none. */
vs_time vs_engine_next_time(const vs_engine *eng);

/* Run: repeatedly pop the earliest event and call its handler, until the
 * event list is empty, the next event lies after `until` (the clock is then
 * advanced to `until`), vs_engine_stop is called, or *interrupt becomes
 * non-zero (checked every few thousand events; interrupt may be NULL).
 * Returns VS_OK, or VS_EINTR if stopped by *interrupt. */
int vs_engine_run(vs_engine *eng, vs_time until,
                  const volatile sig_atomic_t *interrupt);

/* Ask vs_engine_run to return after the current handler. */
void vs_engine_stop(vs_engine *eng);

#endif /* VIRTSIM_ENGINE_H */
