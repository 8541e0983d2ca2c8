/*
 * bench_stats.c: the cost of the per-observation statistics (not a test).
 *
 * Times vs_hist_add (the inline index with the series logarithm, stats.h)
 * against the same histogram indexed with libm's log(), and vs_tally_add,
 * over 2^22 observations spread over twelve decades (exponentials with
 * log-uniform means), repeated; prints nanoseconds per observation and
 * checks that the two indexes agree except within 1e-7 of a bucket edge.
 * It backs the figures quoted in stats.h and docs/statistics.md; numbers
 * vary with the machine and its load.
 *
 * usage: bench_stats [REPEATS]    (default 10)
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include <gsl/gsl_errno.h>
#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>

#include "virtsim/stats.h"

static double wall_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

/* The straightforward index: floor(log(x / lo) / log g) + 1 with libm. */
static inline uint32_t index_libm(const vs_hist *h, double x)
{
    if (!(x >= VS_HIST_LO))
        return 0;
    if (x >= VS__HIST_TOP)
        return VS_HIST_NREG + 1u;
    double y = (log(x) - VS__HIST_LN_LO) * h->inv_log_g;
    uint32_t i = (uint32_t)(int32_t)y + 1u;
    return i > VS_HIST_NREG ? VS_HIST_NREG : i;
}

static inline void add_libm(vs_hist *h, double x)
{
    h->counts[index_libm(h, x)]++;
    h->n++;
    if (x < h->min) h->min = x;
    if (x > h->max) h->max = x;
}

int main(int argc, char **argv)
{
    gsl_set_error_handler_off();
    int reps = argc > 1 ? atoi(argv[1]) : 10;
    if (reps < 1)
        reps = 1;
    const size_t n = (size_t)1 << 22;
    double *x = malloc(n * sizeof *x);
    gsl_rng *r = gsl_rng_alloc(gsl_rng_mt19937);
    vs_hist h;
    vs_err err;
    if (!x || !r || vs_hist_init(&h, &err) != VS_OK) {
        fprintf(stderr, "bench_stats: out of memory\n");
        return 1;
    }
    gsl_rng_set(r, 1);
    for (size_t i = 0; i < n; i++)
        x[i] = gsl_ran_exponential(r, pow(10.0, gsl_ran_flat(r, -6.0, 6.0)));

    double t = wall_now();
    for (int k = 0; k < reps; k++)
        for (size_t i = 0; i < n; i++)
            vs_hist_add(&h, x[i]);
    double ns_series = (wall_now() - t) / ((double)reps * (double)n) * 1e9;
    uint64_t check = h.counts[VS_HIST_NREG / 2];

    vs_hist_clear(&h);
    t = wall_now();
    for (int k = 0; k < reps; k++)
        for (size_t i = 0; i < n; i++)
            add_libm(&h, x[i]);
    double ns_libm = (wall_now() - t) / ((double)reps * (double)n) * 1e9;
    check += h.counts[VS_HIST_NREG / 2];

    vs_tally tl;
    vs_tally_init(&tl);
    t = wall_now();
    for (int k = 0; k < reps; k++)
        for (size_t i = 0; i < n; i++)
            vs_tally_add(&tl, x[i]);
    double ns_tally = (wall_now() - t) / ((double)reps * (double)n) * 1e9;

    size_t differ = 0;
    for (size_t i = 0; i < n; i++)
        differ += vs_hist_index(&h, x[i]) != index_libm(&h, x[i]);

    printf("vs_hist_add (series index): %6.2f ns/observation\n", ns_series);
    printf("histogram with log() index: %6.2f ns/observation\n", ns_libm);
    printf("vs_tally_add:               %6.2f ns/observation\n", ns_tally);
    printf("indexes differ on %zu of %zu values (edges within 3e-8); check %llu %.3g\n",
           differ, n, (unsigned long long)check, tl.mean);
    vs_hist_fini(&h);
    gsl_rng_free(r);
    free(x);
    return 0;
}
