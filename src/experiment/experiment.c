/*
 * experiment.c: replications, threads, and the summary.
 *
 * A config asks for R replications.  Replication r builds its own world with
 * the streams of (seed, r, ...), so replications are independent and any
 * thread may run any of them.  Worker threads take the next replication
 * number from a shared counter; each result is stored at its replication's
 * index and the summary is computed afterwards in replication order, so the
 * floating-point sums are the same whatever the number of threads: the
 * summary is bit-identical for 1 or 16 threads.
 *
 * Aggregation.  With R >= 2 each metric's point estimate is the mean of the
 * R replication means and its ci95 the Student-t half-width across them.
 * With R = 1 the ci95 comes from batch means inside the run.  Percentiles
 * come from the replications' histograms merged; wait and blocking
 * probabilities are pooled ratios of counts.
 */
#include <math.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "model/world.h"
#include "util/str.h"
#include "virtsim/experiment.h"
#include "virtsim/match.h"
#include "virtsim/sim.h"
#include "virtsim/stats.h"

int vs_sim_check(const vs_config *cfg, vs_err *err)
{
    vs_world *w = NULL;
    int rc = vs__world_new(cfg, 0, &w, err);
    vs__world_free(w);
    return rc;
}

/* ---- running replications in threads ---------------------------------------- */

typedef struct runner {
    const vs_config *cfg;
    const vs_run_opts *opts;
    vs_rep *reps;       /* [R] */
    int *done;          /* [R]: 1 when reps[r] holds results */
    double *frac;       /* [R]: progress of each replication */
    int next;           /* next replication to start */
    int limit;          /* replications wanted: R, or fewer once precise enough */
    int nreps;          /* size of the arrays: replications, or precision_max */
    int min_reps;       /* precision: replications before the rule is checked */
    int checked;        /* precision: prefix lengths 1..checked have been checked */
    vs_metric_ref prec_ref;
    const char *prec_station; /* NULL = every station */
    size_t prec_station_len;
    int failed;         /* first failure code, VS_OK if none */
    vs_err err;         /* its message */
    const char *const *layout_names; /* station names, for the precision rule */
    pthread_mutex_t lock;
} runner;

typedef struct progress_ctx {
    runner *run;
    int rep;
} progress_ctx;

static void on_progress(void *ctx, double fraction)
{
    progress_ctx *p = ctx;
    runner *run = p->run;
    pthread_mutex_lock(&run->lock);
    run->frac[p->rep] = fraction;
    double sum = 0.0;
    for (int r = 0; r < run->limit; r++)
        sum += run->frac[r];
    run->opts->progress(run->opts->progress_ctx, sum / run->limit);
    pthread_mutex_unlock(&run->lock);
}

static int interrupted(const runner *run)
{
    return run->opts->interrupt && *run->opts->interrupt;
}

/* One replication's values of a station's metrics. */
static void rep_values(const vs_rep_station *st, vs_rep_values *rv)
{
    rv->throughput = st->throughput;
    rv->utilization = st->utilization;
    rv->response_time = st->resp_mean;
    rv->wait_time = st->wait_mean;
    rv->jobs_in_system = st->jobs_mean;
    rv->queue_length = st->queue_mean;
    rv->p50_response = vs_hist_quantile(&st->resp_h, 0.50);
    rv->p95_response = vs_hist_quantile(&st->resp_h, 0.95);
    rv->p99_response = vs_hist_quantile(&st->resp_h, 0.99);
    rv->p50_wait = vs_hist_quantile(&st->wait_h, 0.50);
    rv->p95_wait = vs_hist_quantile(&st->wait_h, 0.95);
    rv->p99_wait = vs_hist_quantile(&st->wait_h, 0.99);
    rv->wait_probability = st->completed ? (double)st->waited / (double)st->completed : NAN;
    rv->blocking_probability = st->arrived ? (double)st->blocked / (double)st->arrived : NAN;
}

/* Whether the precision rule holds on replications 0..n-1. */
static int prefix_precise(const runner *run, int n)
{
    size_t nst = run->reps[0].nstations;
    for (size_t s = 0; s < nst; s++) {
        if (run->prec_station &&
            (strlen(run->layout_names[s]) != run->prec_station_len ||
             strncmp(run->layout_names[s], run->prec_station, run->prec_station_len) != 0))
            continue;
        vs_tally t;
        vs_tally_init(&t);
        for (int r = 0; r < n; r++) {
            vs_rep_values rv;
            rep_values(&run->reps[r].st[s], &rv);
            double x = vs_metric_rep(&rv, run->prec_ref);
            if (!isnan(x))
                vs_tally_add(&t, x);
        }
        if (t.n == 0)
            continue; /* nothing measured at this station */
        double h = vs_tally_ci95(&t);
        if (!(h <= run->cfg->precision_relative * fabs(t.mean)))
            return 0;
    }
    return 1;
}

/*
 * Precision control, called under the lock after each replication.  The
 * rule is checked on every prefix 0..n-1 of finished replications, each
 * length once and in increasing order, and the run stops at the first
 * length that meets it.  Where the run stops thus depends only on
 * replication results, never on which thread finished first: the summary
 * stays identical for any thread count.  (Checking only the longest prefix
 * would skip lengths whenever replication r+1 finishes before r.)  A
 * replication beyond the stopping point that was already running is
 * discarded.
 */
static void check_precision(runner *run)
{
    int n = 0;
    while (n < run->nreps && run->done[n])
        n++;
    for (int k = run->checked + 1; k <= n && k < run->limit; k++)
        if (k >= run->min_reps && prefix_precise(run, k)) {
            run->limit = k;
            break;
        }
    if (n > run->checked)
        run->checked = n;
}

/* Whether the rule holds with every replication run (reached the maximum). */
static int precise_at_max(runner *run)
{
    int n = 0;
    while (n < run->nreps && run->done[n])
        n++;
    return n == run->nreps && n >= run->min_reps && prefix_precise(run, n);
}

/* Blocks the MSER-5 pilot run cuts the replication into. */
#define MSER5_BLOCKS 1000

/*
 * Automatic warm-up (MSER-5, White 1997).  A pilot run of the same
 * replication, with the same streams, records the mean number of jobs in the
 * system over MSER5_BLOCKS equal time blocks; MSER-5 picks the truncation
 * point d (in observations) that minimises the standard error of the mean of
 * what remains, and the warm-up ends after those blocks.  The measured run
 * then repeats the replication with that time cut, so it sees exactly the
 * same trajectory: the price is running each replication twice.
 */
static int mser5_cut(const vs_config *cfg, uint32_t rep, const volatile sig_atomic_t *interrupt,
                     double *cut, vs_err *err)
{
    vs_world *w = NULL;
    vs_rep pilot;
    memset(&pilot, 0, sizeof pilot);
    int rc = vs__world_new(cfg, rep, &w, err);
    if (rc == VS_OK)
        rc = vs__world_record_series(w, MSER5_BLOCKS, err);
    if (rc == VS_OK)
        rc = vs__world_run(w, interrupt, NULL, NULL, &pilot, err);
    if (rc == VS_OK) {
        size_t n;
        double block_len;
        const double *x = vs__world_series(w, &n, &block_len);
        *cut = (double)vs_mser5(x, n) * block_len;
    }
    vs__rep_fini(&pilot);
    vs__world_free(w);
    return rc;
}

static void *worker(void *arg)
{
    runner *run = arg;
    for (;;) {
        pthread_mutex_lock(&run->lock);
        int r = run->next;
        int stop = r >= run->limit || run->failed != VS_OK || interrupted(run);
        if (!stop)
            run->next++;
        pthread_mutex_unlock(&run->lock);
        if (stop)
            break;

        vs_err err;
        vs_err_clear(&err);
        vs_world *w = NULL;
        progress_ctx pc = {run, r};
        double cut = 0.0;
        int rc = VS_OK;
        if (run->cfg->warmup_kind == VS_WARMUP_MSER5)
            rc = mser5_cut(run->cfg, (uint32_t)r, run->opts->interrupt, &cut, &err);
        if (rc == VS_OK)
            rc = vs__world_new(run->cfg, (uint32_t)r, &w, &err);
        if (rc == VS_OK && run->cfg->warmup_kind == VS_WARMUP_MSER5)
            vs__world_set_warmup_time(w, cut);
        if (rc == VS_OK)
            rc = vs__world_run(w, run->opts->interrupt,
                               run->opts->progress ? on_progress : NULL, &pc, &run->reps[r],
                               &err);
        vs__world_free(w);
        pthread_mutex_lock(&run->lock);
        if (rc == VS_OK) {
            run->done[r] = 1;
            run->frac[r] = 1.0;
            if (run->cfg->precision_metric)
                check_precision(run);
        } else {
            vs__rep_fini(&run->reps[r]);
            if (run->failed == VS_OK) {
                run->failed = rc;
                run->err = err;
            }
        }
        pthread_mutex_unlock(&run->lock);
    }
    return NULL;
}

/* ---- aggregation ------------------------------------------------------------- */

/* Mean and CI of one metric: across replications (R >= 2) or the single
 * replication's batch-means half-width. NaN values (nothing measured) are
 * left out. */
typedef struct agg {
    vs_tally t;
    double single_ci;
} agg;

static void agg_init(agg *a) { vs_tally_init(&a->t); a->single_ci = NAN; }

static void agg_add(agg *a, double value, double ci)
{
    if (isnan(value))
        return;
    vs_tally_add(&a->t, value);
    a->single_ci = ci;
}

static vs_metric agg_get(const agg *a)
{
    vs_metric m = {a->t.n ? a->t.mean : NAN, NAN};
    if (a->t.n >= 2)
        m.ci95 = vs_tally_ci95(&a->t);
    else if (a->t.n == 1)
        m.ci95 = a->single_ci;
    return m;
}

static void quantiles(const vs_hist *h, double *p50, double *p95, double *p99)
{
    *p50 = vs_hist_quantile(h, 0.50);
    *p95 = vs_hist_quantile(h, 0.95);
    *p99 = vs_hist_quantile(h, 0.99);
}

static int summarize_class(const vs_rep *reps, const int *done, int R, size_t s, size_t c,
                           vs_class_summary *out, vs_err *err)
{
    agg tput, resp, wait;
    agg_init(&tput);
    agg_init(&resp);
    agg_init(&wait);
    vs_hist rh, wh;
    if (vs_hist_init(&rh, err) != VS_OK)
        return VS_ENOMEM;
    if (vs_hist_init(&wh, err) != VS_OK) {
        vs_hist_fini(&rh);
        return VS_ENOMEM;
    }
    for (int r = 0; r < R; r++) {
        if (!done[r])
            continue;
        const vs_rep_class *k = &reps[r].st[s].classes[c];
        out->klass = k->klass;
        out->completed += k->completed;
        agg_add(&tput, k->throughput, k->ci_tput);
        agg_add(&resp, k->resp_mean, k->ci_resp);
        agg_add(&wait, k->wait_mean, k->ci_wait);
        vs_hist_merge(&rh, &k->resp_h);
        vs_hist_merge(&wh, &k->wait_h);
    }
    out->throughput = agg_get(&tput);
    out->response_time = agg_get(&resp);
    out->wait_time = agg_get(&wait);
    quantiles(&rh, &out->p50_response, &out->p95_response, &out->p99_response);
    quantiles(&wh, &out->p50_wait, &out->p95_wait, &out->p99_wait);
    vs_hist_fini(&rh);
    vs_hist_fini(&wh);
    return VS_OK;
}

static int summarize_station(const vs_config *cfg, const vs_world *layout, const vs_rep *reps,
                             const int *done, int R, size_t s, vs_station_summary *out,
                             vs_err *err)
{
    size_t vi = vs__world_station_cfg(layout, s);
    out->name = vs__strdup(vs__world_station_name(layout, s));
    out->host = vs__strdup(vs__world_station_host(layout, s));
    out->scheduler = vs__strdup(cfg->vms[vi].scheduler);
    if (!out->name || !out->host || !out->scheduler)
        return vs_err_set(err, VS_ENOMEM, "out of memory");
    out->vcpus = vs__world_station_vcpus(layout, s);
    out->speed = vs__world_station_speed(layout, s);

    agg tput, util, resp, wait, jobs, queue, steal;
    agg_init(&tput);
    agg_init(&util);
    agg_init(&resp);
    agg_init(&wait);
    agg_init(&jobs);
    agg_init(&queue);
    agg_init(&steal);
    vs_hist rh, wh;
    if (vs_hist_init(&rh, err) != VS_OK)
        return VS_ENOMEM;
    if (vs_hist_init(&wh, err) != VS_OK) {
        vs_hist_fini(&rh);
        return VS_ENOMEM;
    }
    uint64_t waited = 0;
    size_t nclasses = 0;
    out->reps = calloc((size_t)R, sizeof *out->reps);
    if (!out->reps) {
        vs_hist_fini(&rh);
        vs_hist_fini(&wh);
        return vs_err_set(err, VS_ENOMEM, "out of memory");
    }
    size_t k = 0;
    for (int r = 0; r < R; r++) {
        if (!done[r])
            continue;
        const vs_rep_station *st = &reps[r].st[s];
        rep_values(st, &out->reps[k++]);
        out->arrived += st->arrived;
        out->completed += st->completed;
        out->blocked += st->blocked;
        waited += st->waited;
        nclasses = st->nclasses;
        agg_add(&tput, st->throughput, st->ci_tput);
        agg_add(&util, st->utilization, st->ci_util);
        agg_add(&resp, st->resp_mean, st->ci_resp);
        agg_add(&wait, st->wait_mean, st->ci_wait);
        agg_add(&jobs, st->jobs_mean, st->ci_jobs);
        agg_add(&queue, st->queue_mean, st->ci_queue);
        agg_add(&steal, st->steal, st->ci_steal);
        vs_hist_merge(&rh, &st->resp_h);
        vs_hist_merge(&wh, &st->wait_h);
    }
    out->throughput = agg_get(&tput);
    out->utilization = agg_get(&util);
    out->response_time = agg_get(&resp);
    out->wait_time = agg_get(&wait);
    out->jobs_in_system = agg_get(&jobs);
    out->queue_length = agg_get(&queue);
    out->steal = agg_get(&steal);
    quantiles(&rh, &out->p50_response, &out->p95_response, &out->p99_response);
    quantiles(&wh, &out->p50_wait, &out->p95_wait, &out->p99_wait);
    uint64_t nresp = rh.n;
    if (nresp > 0) {
        enum { NCDF = 200 };
        out->cdf_x = malloc(NCDF * sizeof *out->cdf_x);
        out->cdf_p = malloc(NCDF * sizeof *out->cdf_p);
        if (out->cdf_x && out->cdf_p) {
            for (int i = 0; i < NCDF; i++) {
                out->cdf_p[i] = i < NCDF - 1 ? 0.005 * (i + 1) : 0.999;
                out->cdf_x[i] = vs_hist_quantile(&rh, out->cdf_p[i]);
            }
            out->ncdf = NCDF;
        }
    }
    vs_hist_fini(&rh);
    vs_hist_fini(&wh);
    if (nresp > 0 && !out->ncdf)
        return vs_err_set(err, VS_ENOMEM, "out of memory");
    out->wait_probability = out->completed ? (double)waited / (double)out->completed : NAN;
    out->blocking_probability =
        out->arrived ? (double)out->blocked / (double)out->arrived : NAN;

    if (nclasses) {
        out->classes = calloc(nclasses, sizeof *out->classes);
        if (!out->classes)
            return vs_err_set(err, VS_ENOMEM, "out of memory");
        out->nclasses = nclasses;
        for (size_t c = 0; c < nclasses; c++)
            if (summarize_class(reps, done, R, s, c, &out->classes[c], err) != VS_OK)
                return VS_ENOMEM;
    }
    if (cfg->vms[vi].count == 1)
        out->has_analytic = vs_match_station(cfg, vi, out->speed, &out->analytic);
    return VS_OK;
}

static int summarize(const vs_config *cfg, const vs_world *layout, const vs_rep *reps,
                     const int *done, int R, vs_summary *sum, vs_err *err)
{
    int n = 0;
    for (int r = 0; r < R; r++) {
        if (!done[r])
            continue;
        n++;
        sum->events += reps[r].events;
        sum->sim_time += reps[r].sim_time;
        sum->warmup_time += reps[r].warm_time;
        sum->partial |= reps[r].interrupted;
    }
    sum->replications = n;
    if (n) {
        sum->sim_time /= n;
        sum->warmup_time /= n;
    }
    sum->nstations = vs__world_nstations(layout);
    sum->nhosts = vs__world_nhosts(layout);
    sum->nvms = sum->nstations;
    sum->stations = calloc(sum->nstations ? sum->nstations : 1, sizeof *sum->stations);
    sum->hosts = calloc(sum->nhosts ? sum->nhosts : 1, sizeof *sum->hosts);
    sum->vms = calloc(sum->nvms ? sum->nvms : 1, sizeof *sum->vms);
    if (!sum->stations || !sum->hosts || !sum->vms)
        return vs_err_set(err, VS_ENOMEM, "out of memory");
    for (size_t s = 0; s < sum->nstations; s++)
        if (summarize_station(cfg, layout, reps, done, R, s, &sum->stations[s], err) != VS_OK)
            return err ? err->code : VS_ENOMEM;
    for (size_t h = 0; h < sum->nhosts; h++) {
        vs_host_summary *hs = &sum->hosts[h];
        hs->name = vs__strdup(vs__world_host_name(layout, h));
        if (!hs->name)
            return vs_err_set(err, VS_ENOMEM, "out of memory");
        hs->cores = vs__world_host_cores(layout, h);
        agg util;
        agg_init(&util);
        double energy = 0.0;
        for (int r = 0; r < R; r++) {
            if (!done[r])
                continue;
            agg_add(&util, reps[r].hosts[h].utilization, reps[r].hosts[h].ci_util);
            energy += reps[r].hosts[h].energy_kwh;
        }
        hs->utilization = agg_get(&util);
        hs->energy_kwh = n ? energy / n : 0.0;
    }
    for (size_t v = 0; v < sum->nvms; v++) {
        sum->vms[v].name = vs__strdup(vs__world_station_name(layout, v));
        sum->vms[v].host = vs__strdup(vs__world_station_host(layout, v));
        sum->vms[v].state = vs__strdup("running");
        if (!sum->vms[v].name || !sum->vms[v].host || !sum->vms[v].state)
            return vs_err_set(err, VS_ENOMEM, "out of memory");
    }
    return VS_OK;
}

/* Take replication 0's time series into the summary, with column names. */
static int take_series(const vs_world *layout, vs_rep *rep, vs_summary *sum, vs_err *err)
{
    if (!rep->ts || rep->ts_rows == 0)
        return VS_OK;
    vs_series *ts = calloc(1, sizeof *ts);
    if (!ts || !(ts->names = calloc(rep->ts_cols, sizeof *ts->names))) {
        free(ts);
        return vs_err_set(err, VS_ENOMEM, "out of memory");
    }
    sum->series = ts;
    ts->cols = rep->ts_cols;
    char buf[600];
    size_t c = 0;
    ts->names[c++] = vs__strdup("time");
    for (size_t i = 0; i < vs__world_nstations(layout); i++) {
        snprintf(buf, sizeof buf, "vm.%s.utilization", vs__world_station_name(layout, i));
        ts->names[c++] = vs__strdup(buf);
        snprintf(buf, sizeof buf, "vm.%s.jobs_in_system", vs__world_station_name(layout, i));
        ts->names[c++] = vs__strdup(buf);
    }
    for (size_t h = 0; h < vs__world_nhosts(layout); h++) {
        snprintf(buf, sizeof buf, "host.%s.utilization", vs__world_host_name(layout, h));
        ts->names[c++] = vs__strdup(buf);
    }
    for (size_t i = 0; i < c; i++)
        if (!ts->names[i])
            return vs_err_set(err, VS_ENOMEM, "out of memory");
    ts->data = rep->ts;
    ts->rows = rep->ts_rows;
    rep->ts = NULL;
    return VS_OK;
}

static double wall_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

int vs_experiment_run(const vs_config *cfg, const vs_run_opts *opts, vs_summary **out,
                      vs_err *err)
{
    *out = NULL;
    vs_run_opts defaults = {.threads = 1};
    if (!opts)
        opts = &defaults;
    int R = cfg->replications;
    double t0 = wall_now();

    /* The layout (names, placement) is the same in every replication. */
    vs_world *layout = NULL;
    int rc = vs__world_new(cfg, 0, &layout, err);
    if (rc != VS_OK)
        return rc;

    runner run = {.cfg = cfg, .opts = opts, .failed = VS_OK};
    vs_err_clear(&run.err);
    const char **names = calloc(vs__world_nstations(layout) + 1, sizeof *names);
    for (size_t s = 0; names && s < vs__world_nstations(layout); s++)
        names[s] = vs__world_station_name(layout, s);
    run.layout_names = names;
    if (cfg->precision_metric) {
        /* "VM.metric.field" or "metric.field": try the whole path as a
         * metric first, then with the first component as the VM. */
        const char *m = cfg->precision_metric;
        if (vs_metric_parse(m, &run.prec_ref, NULL) != VS_OK) {
            const char *dot = strchr(m, '.');
            if (!dot || (rc = vs_metric_parse(dot + 1, &run.prec_ref, err)) != VS_OK) {
                vs_config_fail(cfg, cfg->precision_pos, err, VS_ESCHEMA,
                               "precision.metric: unknown metric '%s'", m);
                rc = VS_ESCHEMA;
                free(names);
                vs__world_free(layout);
                return rc;
            }
            run.prec_station = m;
            run.prec_station_len = (size_t)(dot - m);
        }
        R = cfg->precision_max > R ? cfg->precision_max : R;
        run.min_reps = cfg->replications > 3 ? cfg->replications : 3;
    }
    run.nreps = R;
    run.limit = R;
    run.reps = calloc((size_t)R, sizeof *run.reps);
    run.done = calloc((size_t)R, sizeof *run.done);
    run.frac = calloc((size_t)R, sizeof *run.frac);
    vs_summary *sum = calloc(1, sizeof *sum);
    int threads = opts->threads < 1 ? 1 : opts->threads;
    if (threads > R)
        threads = R;
    pthread_t *tid = calloc((size_t)threads, sizeof *tid);
    if (!names || !run.reps || !run.done || !run.frac || !sum || !tid) {
        rc = vs_err_set(err, VS_ENOMEM, "out of memory");
        goto done;
    }
    pthread_mutex_init(&run.lock, NULL);
    int started = 0;
    for (int t = 1; t < threads; t++) {
        if (pthread_create(&tid[t], NULL, worker, &run) != 0)
            break; /* fewer threads: the calling thread still does the work */
        started++;
    }
    worker(&run);
    for (int t = 1; t <= started; t++)
        pthread_join(tid[t], NULL);
    pthread_mutex_destroy(&run.lock);

    if (run.failed != VS_OK) {
        if (err)
            *err = run.err;
        rc = run.failed;
        goto done;
    }
    /* Replications past the precision stopping point do not count. */
    for (int r = run.limit; r < R; r++)
        run.done[r] = 0;
    int ndone = 0;
    for (int r = 0; r < R; r++)
        ndone += run.done[r];
    if (ndone == 0) {
        rc = vs_err_set(err, VS_EINTR, "interrupted before any replication produced results");
        goto done;
    }
    sum->scenario = vs__strdup(cfg->name);
    sum->file = vs__strdup(cfg->file);
    sum->seed = cfg->seed;
    static const char *const methods[] = {[VS_WARMUP_TIME] = "time", [VS_WARMUP_JOBS] = "jobs",
                                          [VS_WARMUP_MSER5] = "mser5"};
    sum->warmup_method = methods[cfg->warmup_kind];
    rc = summarize(cfg, layout, run.reps, run.done, R, sum, err);
    if (rc == VS_OK && run.done[0])
        rc = take_series(layout, &run.reps[0], sum, err);
    if (rc == VS_OK && ndone < run.limit)
        sum->partial = 1;
    if (cfg->precision_metric) {
        sum->precision_metric = vs__strdup(cfg->precision_metric);
        sum->precision_relative = cfg->precision_relative;
        sum->precision_met = run.limit < R || precise_at_max(&run);
    }
    sum->wall_seconds = wall_now() - t0;
    sum->events_per_second =
        sum->wall_seconds > 0.0 ? (double)sum->events / sum->wall_seconds : NAN;

done:
    for (int r = 0; run.reps && r < R; r++)
        vs__rep_fini(&run.reps[r]);
    free(run.reps);
    free(run.done);
    free(run.frac);
    free(tid);
    free(names);
    vs__world_free(layout);
    if (rc == VS_OK)
        *out = sum;
    else
        vs_summary_free(sum);
    return rc;
}

void vs_summary_free(vs_summary *s)
{
    if (!s)
        return;
    for (size_t i = 0; s->stations && i < s->nstations; i++) {
        free(s->stations[i].name);
        free(s->stations[i].host);
        free(s->stations[i].scheduler);
        free(s->stations[i].classes);
        free(s->stations[i].reps);
        free(s->stations[i].cdf_x);
        free(s->stations[i].cdf_p);
    }
    free(s->stations);
    for (size_t i = 0; s->hosts && i < s->nhosts; i++)
        free(s->hosts[i].name);
    free(s->hosts);
    for (size_t i = 0; s->vms && i < s->nvms; i++) {
        free(s->vms[i].name);
        free(s->vms[i].host);
        free(s->vms[i].state);
    }
    free(s->vms);
    free(s->scenario);
    free(s->file);
    free(s->precision_metric);
    if (s->series) {
        for (size_t i = 0; s->series->names && i < s->series->cols; i++)
            free(s->series->names[i]);
        free(s->series->names);
        free(s->series->data);
        free(s->series);
    }
    free(s);
}
