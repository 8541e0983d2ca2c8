/*
 * check_engine.c: the event engine.
 *
 * Order by (time, sequence) against a reference sort, FIFO among equal
 * times, cancellation and moves through handles (including stale ones), pool
 * growth, run limits, stop and interrupt.
 */
#include <check.h>
#include <math.h>
#include <stdlib.h>

#include <gsl/gsl_errno.h>
#include <gsl/gsl_rng.h>

#include "virtsim/engine.h"

typedef struct log_ {
    uint64_t *args;
    double *times;
    size_t n, cap;
} log_;

static void record(vs_engine *eng, void *obj, uint64_t arg)
{
    log_ *l = obj;
    ck_assert_uint_lt(l->n, l->cap);
    l->args[l->n] = arg;
    l->times[l->n] = vs_engine_now(eng);
    l->n++;
}

static log_ log_new(size_t cap)
{
    log_ l = {calloc(cap, sizeof(uint64_t)), calloc(cap, sizeof(double)), 0, cap};
    return l;
}

static void log_free(log_ *l)
{
    free(l->args);
    free(l->times);
}

typedef struct ref {
    double t;
    uint64_t seq;
} ref;

static int ref_cmp(const void *a, const void *b)
{
    const ref *x = a, *y = b;
    if (x->t != y->t)
        return x->t < y->t ? -1 : 1;
    return x->seq < y->seq ? -1 : x->seq > y->seq;
}

/* 20000 events with many equal times fire in (time, scheduling order). */
START_TEST(test_order_matches_sort)
{
    enum { N = 20000 };
    vs_engine *e = vs_engine_new(NULL);
    ck_assert_ptr_nonnull(e);
    gsl_rng *r = gsl_rng_alloc(gsl_rng_mt19937);
    gsl_rng_set(r, 7);
    ref *want = malloc(N * sizeof *want);
    log_ l = log_new(N);
    for (uint64_t i = 0; i < N; i++) {
        double t = (double)gsl_rng_uniform_int(r, 500); /* many ties */
        want[i] = (ref){t, i};
        ck_assert_int_eq(vs_engine_schedule(e, t, record, &l, i, NULL), VS_OK);
    }
    qsort(want, N, sizeof *want, ref_cmp);
    ck_assert_int_eq(vs_engine_run(e, INFINITY, NULL), VS_OK);
    ck_assert_uint_eq(l.n, N);
    for (size_t i = 0; i < N; i++) {
        ck_assert_uint_eq(l.args[i], want[i].seq);
        ck_assert_double_eq(l.times[i], want[i].t);
    }
    ck_assert_uint_eq(vs_engine_events(e), N);
    ck_assert_uint_eq(vs_engine_pending(e), 0);
    log_free(&l);
    free(want);
    gsl_rng_free(r);
    vs_engine_free(e);
}
END_TEST

/* Cancel half of the events at random; the rest fire in order; handles of
 * cancelled and fired events are stale. */
START_TEST(test_cancel)
{
    enum { N = 5000 };
    vs_engine *e = vs_engine_new(NULL);
    gsl_rng *r = gsl_rng_alloc(gsl_rng_mt19937);
    gsl_rng_set(r, 11);
    vs_event_id ids[N];
    int cancelled[N] = {0};
    log_ l = log_new(N);
    for (uint64_t i = 0; i < N; i++)
        ck_assert_int_eq(vs_engine_schedule(e, gsl_rng_uniform(r) * 100.0, record, &l, i, &ids[i]),
                         VS_OK);
    size_t ncancel = 0;
    for (size_t i = 0; i < N; i++)
        if (gsl_rng_uniform(r) < 0.5) {
            ck_assert(vs_engine_cancel(e, ids[i]));
            ck_assert(!vs_engine_cancel(e, ids[i])); /* stale now */
            ck_assert(!vs_engine_pending_id(e, ids[i]));
            cancelled[i] = 1;
            ncancel++;
        }
    ck_assert_uint_eq(vs_engine_pending(e), N - ncancel);
    vs_engine_run(e, INFINITY, NULL);
    ck_assert_uint_eq(l.n, N - ncancel);
    for (size_t i = 0; i < l.n; i++) {
        ck_assert(!cancelled[l.args[i]]);
        if (i)
            ck_assert(l.times[i - 1] <= l.times[i]);
    }
    for (size_t i = 0; i < N; i++)
        ck_assert(!vs_engine_cancel(e, ids[i])); /* fired or cancelled: all stale */
    log_free(&l);
    gsl_rng_free(r);
    vs_engine_free(e);
}
END_TEST

/* A reused slot does not revive an old handle. */
START_TEST(test_stale_handle_after_reuse)
{
    vs_engine *e = vs_engine_new(NULL);
    log_ l = log_new(4);
    vs_event_id a, b;
    ck_assert_int_eq(vs_engine_schedule(e, 1.0, record, &l, 1, &a), VS_OK);
    ck_assert(vs_engine_cancel(e, a));
    ck_assert_int_eq(vs_engine_schedule(e, 2.0, record, &l, 2, &b), VS_OK);
    ck_assert_uint_eq(a.index, b.index); /* the slot was reused... */
    ck_assert(!vs_engine_cancel(e, a));  /* ...but the old handle is dead */
    ck_assert(!vs_engine_move(e, a, 3.0));
    ck_assert(vs_engine_pending_id(e, b));
    ck_assert(!vs_engine_pending_id(e, VS_EVENT_NONE));
    vs_engine_run(e, INFINITY, NULL);
    ck_assert_uint_eq(l.n, 1);
    ck_assert_uint_eq(l.args[0], 2);
    log_free(&l);
    vs_engine_free(e);
}
END_TEST

/* Moving events earlier and later keeps the order; a moved event takes a
 * fresh sequence number (it goes after events already at its new time). */
START_TEST(test_move)
{
    vs_engine *e = vs_engine_new(NULL);
    log_ l = log_new(8);
    vs_event_id id[4];
    for (uint64_t i = 0; i < 4; i++)
        vs_engine_schedule(e, 10.0 * (double)(i + 1), record, &l, i, &id[i]); /* 10 20 30 40 */
    ck_assert(vs_engine_move(e, id[3], 5.0));   /* 3 first */
    ck_assert(vs_engine_move(e, id[0], 30.0));  /* 0 after 2 (same time, later seq) */
    ck_assert(!vs_engine_move(e, id[1], NAN));
    ck_assert_double_eq(vs_engine_next_time(e), 5.0);
    vs_engine_run(e, INFINITY, NULL);
    uint64_t want[] = {3, 1, 2, 0};
    ck_assert_uint_eq(l.n, 4);
    for (int i = 0; i < 4; i++)
        ck_assert_uint_eq(l.args[i], want[i]);
    log_free(&l);
    vs_engine_free(e);
}
END_TEST

static void reschedule_self(vs_engine *eng, void *obj, uint64_t arg)
{
    uint64_t *count = obj;
    (*count)++;
    if (arg > 0)
        vs_engine_schedule(eng, vs_engine_now(eng) + 1.0, reschedule_self, obj, arg - 1, NULL);
}

/* run(until) stops before later events and leaves the clock at until. */
START_TEST(test_run_until_and_past)
{
    vs_engine *e = vs_engine_new(NULL);
    uint64_t count = 0;
    vs_engine_schedule(e, 0.0, reschedule_self, &count, 100, NULL);
    ck_assert_int_eq(vs_engine_run(e, 10.5, NULL), VS_OK);
    ck_assert_uint_eq(count, 11); /* t = 0..10 */
    ck_assert_double_eq(vs_engine_now(e), 10.5);
    ck_assert_int_eq(vs_engine_schedule(e, 3.0, reschedule_self, &count, 0, NULL), VS_EINVAL);
    ck_assert_int_eq(vs_engine_schedule(e, NAN, reschedule_self, &count, 0, NULL), VS_EINVAL);
    vs_engine_run(e, INFINITY, NULL);
    ck_assert_uint_eq(count, 101);
    ck_assert_double_eq(vs_engine_now(e), 100.0);
    vs_engine_free(e);
}
END_TEST

static void stopper(vs_engine *eng, void *obj, uint64_t arg)
{
    uint64_t *count = obj;
    if (++*count == arg)
        vs_engine_stop(eng);
}

START_TEST(test_stop_and_interrupt)
{
    vs_engine *e = vs_engine_new(NULL);
    uint64_t count = 0;
    for (int i = 0; i < 10; i++)
        vs_engine_schedule(e, i, stopper, &count, 4, NULL);
    vs_engine_run(e, INFINITY, NULL);
    ck_assert_uint_eq(count, 4);
    ck_assert_uint_eq(vs_engine_pending(e), 6);
    volatile sig_atomic_t flag = 1;
    ck_assert_int_eq(vs_engine_run(e, INFINITY, &flag), VS_EINTR);
    flag = 0;
    ck_assert_int_eq(vs_engine_run(e, INFINITY, &flag), VS_OK);
    ck_assert_uint_eq(count, 10);
    vs_engine_free(e);
}
END_TEST

/* The pool grows past its first block and slots are recycled: a long run
 * with a bounded number of pending events keeps the pool small. */
START_TEST(test_pool_recycles)
{
    vs_engine *e = vs_engine_new(NULL);
    uint64_t count = 0;
    for (int i = 0; i < 1000; i++) /* 1000 concurrent chains */
        vs_engine_schedule(e, i * 1e-3, reschedule_self, &count, 999, NULL);
    ck_assert_uint_eq(vs_engine_pending(e), 1000);
    vs_engine_run(e, INFINITY, NULL);
    ck_assert_uint_eq(count, 1000000);
    vs_engine_free(e);
}
END_TEST

typedef struct inside {
    vs_event_id victim;
    vs_time next_seen;
    uint32_t pending_seen;
    int cancelled;
} inside;

/* A handler that looks at the event list and cancels another event before
 * scheduling anything: the fired event must already be gone from view. */
static void peek_and_cancel(vs_engine *eng, void *obj, uint64_t arg)
{
    (void)arg;
    inside *in = obj;
    in->next_seen = vs_engine_next_time(eng);
    in->pending_seen = vs_engine_pending(eng);
    in->cancelled = vs_engine_cancel(eng, in->victim);
}

START_TEST(test_handler_sees_consistent_list)
{
    vs_engine *e = vs_engine_new(NULL);
    log_ l = log_new(8);
    inside in = {0};
    vs_engine_schedule(e, 1.0, peek_and_cancel, &in, 0, NULL);
    vs_engine_schedule(e, 2.0, record, &l, 2, &in.victim);
    vs_engine_schedule(e, 3.0, record, &l, 3, NULL);
    vs_engine_run(e, INFINITY, NULL);
    ck_assert_double_eq(in.next_seen, 2.0);
    ck_assert_uint_eq(in.pending_seen, 2);
    ck_assert(in.cancelled);
    ck_assert_uint_eq(l.n, 1);
    ck_assert_uint_eq(l.args[0], 3);
    log_free(&l);
    vs_engine_free(e);
}
END_TEST

static Suite *engine_suite(void)
{
    Suite *s = suite_create("engine");
    TCase *tc = tcase_create("core");
    tcase_add_test(tc, test_order_matches_sort);
    tcase_add_test(tc, test_cancel);
    tcase_add_test(tc, test_stale_handle_after_reuse);
    tcase_add_test(tc, test_move);
    tcase_add_test(tc, test_run_until_and_past);
    tcase_add_test(tc, test_stop_and_interrupt);
    tcase_add_test(tc, test_pool_recycles);
    tcase_add_test(tc, test_handler_sees_consistent_list);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    gsl_set_error_handler_off();
    SRunner *sr = srunner_create(engine_suite());
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
