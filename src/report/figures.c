/*
 * figures.c: the five figure kinds, built from results.
 *
 * Each builder reads plain results (vs_summary, vs_sweep, vs_plan) and fills
 * a vs_figure; nothing here draws.  Simulated values carry their 95%
 * confidence intervals as error bars; analytic values are lines in the same
 * colour, so a reader sees at once whether theory falls inside the bars.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "report/figure_internal.h"
#include "util/str.h"
#include "virtsim/analytic.h"

/* At most this many VMs (or hosts) get their own series: beyond it a
 * figure stops being readable. */
#define MAX_SERIES_STATIONS 6

#define OOM(err) vs_err_set((err), VS_ENOMEM, "out of memory building a figure")

static int finish(vs_figure *f, int rc, vs_figure **out)
{
    if (rc != VS_OK) {
        vs_figure_free(f);
        return rc;
    }
    *out = f;
    return VS_OK;
}

/* ---- response-cdf -------------------------------------------------------------------- */

/* The analytic response-time CDF at t, or NAN when the model has none. */
static double analytic_cdf(const vs_queue_metrics *m, double t)
{
    switch (m->family) {
    case VS_MODEL_MMC: return vs_mmc_response_cdf(m->lambda, m->mu, m->servers, t);
    case VS_MODEL_MMCK: return vs_mmck_response_cdf(m->lambda, m->mu, m->servers, m->capacity, t);
    case VS_MODEL_EXP: return 1.0 - exp(-t / m->response_time);
    default: return NAN;
    }
}

static int fig_response_cdf(const vs_summary *s, vs_figure *f, vs_err *err)
{
    f->xlabel = vs__strdup("response time (s)");
    f->ylabel[0] = vs__strdup("P(response time <= x)");
    size_t shown = 0;
    for (size_t i = 0; i < s->nstations && shown < MAX_SERIES_STATIONS; i++) {
        const vs_station_summary *st = &s->stations[i];
        if (!st->ncdf)
            continue;
        int color = (int)(shown % VS_PLOT_NCOLORS) + 1;
        shown++;
        char label[256];
        snprintf(label, sizeof label, "%s (simulated)", st->name);
        /* The empirical CDF from 0: a step at each quantile. */
        vs_figure_series *e = vs__fig_add_series(f, VS_PLOT_STEP, label, 0, color, st->ncdf + 1, 0);
        if (!e)
            return OOM(err);
        e->x[0] = 0.0;
        e->y[0] = 0.0;
        for (size_t k = 0; k < st->ncdf; k++) {
            e->x[k + 1] = st->cdf_x[k];
            e->y[k + 1] = st->cdf_p[k];
        }
        if (!st->has_analytic || analytic_cdf(&st->analytic, 0.0) != analytic_cdf(&st->analytic, 0.0))
            continue;
        enum { N = 200 };
        double top = st->cdf_x[st->ncdf - 1];
        snprintf(label, sizeof label, "%s (%s)", st->name, st->analytic.model);
        vs_figure_series *a = vs__fig_add_series(f, VS_PLOT_LINE, label, 0, color, N, 0);
        if (!a)
            return OOM(err);
        for (size_t k = 0; k < N; k++) {
            a->x[k] = top * (double)k / (N - 1);
            a->y[k] = analytic_cdf(&st->analytic, a->x[k]);
        }
    }
    if (!shown)
        return vs_err_set(err, VS_EINVAL, "response-cdf: no VM completed any job");
    return VS_OK;
}

/* ---- timeseries ------------------------------------------------------------------------ */

/* Columns of a series: time, then (utilization, jobs) per VM, then
 * utilization per host (see vs_series). */
static int add_ts_line(vs_figure *f, const vs_series *ts, size_t col, const char *label,
                       int panel, int color)
{
    vs_figure_series *se = vs__fig_add_series(f, VS_PLOT_LINE, label, panel, color, ts->rows, 0);
    if (!se)
        return VS_ENOMEM;
    for (size_t r = 0; r < ts->rows; r++) {
        se->x[r] = ts->data[r * ts->cols];
        se->y[r] = ts->data[r * ts->cols + col];
    }
    return VS_OK;
}

/* "vm.NAME.utilization" -> "VM NAME" */
static void ts_label(const char *col, char *buf, size_t len)
{
    int host = strncmp(col, "host.", 5) == 0;
    const char *base = col + (host ? 5 : 3);
    const char *dot = strrchr(base, '.');
    snprintf(buf, len, "%s %.*s", host ? "host" : "VM", (int)(dot ? dot - base : (long)strlen(base)),
             base);
}

static int fig_timeseries(const vs_summary *s, vs_figure *f, vs_err *err)
{
    const vs_series *ts = s->series;
    if (!ts || ts->rows == 0)
        return vs_err_set(err, VS_EINVAL,
                          "timeseries: no time series was recorded (set output: {series: "
                          "INTERVAL} in the scenario)");
    f->npanels = 2;
    f->xlabel = vs__strdup("simulated time (s)");
    f->ylabel[0] = vs__strdup("utilization");
    f->ylabel[1] = vs__strdup("jobs in system");
    f->panel_title[0] = vs__strdup("utilization (interval averages)");
    f->panel_title[1] = vs__strdup("jobs in the VM (interval averages)");
    size_t nhost = 0;
    for (size_t c = 1; c < ts->cols; c++)
        nhost += strncmp(ts->names[c], "host.", 5) == 0;
    size_t nvm = (ts->cols - 1 - nhost) / 2;
    char label[300];
    for (size_t v = 0; v < nvm && v < MAX_SERIES_STATIONS; v++) {
        int color = (int)(v % 6) + 1;
        ts_label(ts->names[1 + 2 * v], label, sizeof label);
        if (add_ts_line(f, ts, 1 + 2 * v, label, 0, color) != VS_OK ||
            add_ts_line(f, ts, 2 + 2 * v, NULL, 1, color) != VS_OK)
            return OOM(err);
    }
    for (size_t h = 0; h < nhost && h < 2; h++) {
        size_t col = 1 + 2 * nvm + h;
        ts_label(ts->names[col], label, sizeof label);
        if (add_ts_line(f, ts, col, label, 0, h ? VS_PLOT_YELLOW : VS_PLOT_BLACK) != VS_OK)
            return OOM(err);
    }
    return VS_OK;
}

int vs_figure_from_summary(const char *kind, const vs_summary *s, vs_figure **out, vs_err *err)
{
    *out = NULL;
    int cdf = strcmp(kind, "response-cdf") == 0, series = strcmp(kind, "timeseries") == 0;
    if (!cdf && !series)
        return vs_err_set(err, VS_EINVAL,
                          "plot '%s' does not come from a single run (run draws response-cdf "
                          "and timeseries; sweep draws load-latency, compare draws compare, "
                          "plan draws plan)",
                          kind);
    char title[300];
    snprintf(title, sizeof title, "%s: %s", s->scenario ? s->scenario : "virtsim",
             cdf ? "response-time distribution" : "utilization and jobs over time");
    vs_figure *f = vs__fig_new(kind, title);
    if (!f)
        return OOM(err);
    int rc = cdf ? fig_response_cdf(s, f, err) : fig_timeseries(s, f, err);
    return finish(f, rc, out);
}

/* ---- load-latency and compare ----------------------------------------------------------- */

/* The sweep's x values, in point order; VS_EINVAL unless numeric. */
static int sweep_x(const vs_sweep *sw, double *x, vs_err *err)
{
    for (size_t p = 0; p < sw->npoints; p++) {
        char *end;
        x[p] = strtod(sw->points[p].values[0], &end);
        if (*end != '\0')
            return vs_err_set(err, VS_EINVAL,
                              "load-latency: --vary %s has a non-numeric value '%s'",
                              sw->vary[0].path, sw->points[p].values[0]);
    }
    return VS_OK;
}

static int fig_load_latency(const vs_sweep *sw, vs_figure *f, vs_err *err)
{
    if (sw->nvary != 1)
        return vs_err_set(err, VS_EINVAL,
                          "load-latency: needs exactly one --vary (the load axis), got %zu",
                          sw->nvary);
    size_t n = sw->npoints;
    double *x = malloc((n ? n : 1) * sizeof *x);
    if (!x)
        return OOM(err);
    int rc = sweep_x(sw, x, err);
    f->xlabel = vs__strdup(sw->vary[0].path);
    f->ylabel[0] = vs__strdup("response time (s)");
    double lo = INFINITY, hi = 0.0;
    const vs_summary *first = n ? sw->points[0].summary : NULL;
    for (size_t st = 0; rc == VS_OK && first && st < first->nstations && st < MAX_SERIES_STATIONS;
         st++) {
        int color = (int)(st % VS_PLOT_NCOLORS) + 1;
        char label[300];
        const char *name = first->stations[st].name;
        /* Adding a series may move the array: take pointers once all four exist. */
        size_t base = f->nseries;
        static const char *const what[] = {"mean (simulated, 95% CI)", "p95 (simulated)",
                                           "mean (analytic)", "p95 (analytic)"};
        int ok = 1;
        for (int k = 0; k < 4 && ok; k++) {
            snprintf(label, sizeof label, "%s %s", name, what[k]);
            ok = vs__fig_add_series(f, k < 2 ? VS_PLOT_POINTS : VS_PLOT_LINE, label, 0, color, n,
                                    k == 0) != NULL;
        }
        if (!ok) {
            rc = OOM(err);
            break;
        }
        vs_figure_series *mean = &f->series[base], *p95 = &f->series[base + 1],
                         *amean = &f->series[base + 2], *ap95 = &f->series[base + 3];
        int any_analytic = 0;
        for (size_t p = 0; p < n; p++) {
            const vs_summary *s = sw->points[p].summary;
            const vs_station_summary *x_st = st < s->nstations ? &s->stations[st] : NULL;
            double m = x_st ? x_st->response_time.mean : NAN;
            double h = x_st ? x_st->response_time.ci95 : NAN;
            mean->x[p] = p95->x[p] = amean->x[p] = ap95->x[p] = x[p];
            mean->y[p] = m;
            mean->ylo[p] = isnan(h) ? m : m - h;
            mean->yhi[p] = isnan(h) ? m : m + h;
            p95->y[p] = x_st ? x_st->p95_response : NAN;
            int ana = x_st && x_st->has_analytic;
            amean->y[p] = ana ? x_st->analytic.response_time : NAN;
            ap95->y[p] = ana ? x_st->analytic.p95_response : NAN;
            any_analytic |= ana && !isnan(amean->y[p]);
            double vals[] = {m, p95->y[p]};
            for (int k = 0; k < 2; k++)
                if (vals[k] > 0.0) {
                    lo = fmin(lo, vals[k]);
                    hi = fmax(hi, vals[k]);
                }
        }
        if (!any_analytic) { /* drop the two empty analytic series */
            for (int k = 0; k < 2; k++) {
                vs_figure_series *gone = &f->series[--f->nseries];
                free(gone->label);
                free(gone->x);
                free(gone->y);
            }
        }
    }
    /* Latency grows steeply near saturation: a log axis once the values
     * span more than a factor of 30. */
    f->ylog[0] = hi > 30.0 * lo;
    free(x);
    return rc;
}

static int fig_compare(const vs_sweep *sw, vs_figure *f, vs_err *err)
{
    size_t n = sw->npoints;
    if (!n)
        return vs_err_set(err, VS_EINVAL, "compare: no variants");
    if (!(f->categories = calloc(n, sizeof *f->categories)))
        return OOM(err);
    for (size_t p = 0; p < n; p++) {
        char label[256] = "";
        size_t used = 0;
        for (size_t v = 0; v < sw->nvary && used < sizeof label; v++)
            used += (size_t)snprintf(label + used, sizeof label - used, "%s%s", v ? ", " : "",
                                     sw->points[p].values[v]);
        if (!(f->categories[p] = vs__strdup(label)))
            return OOM(err);
        f->ncategories = p + 1;
    }
    static const char *const metrics[] = {"response_time.mean", "wait_time.mean",
                                          "utilization.mean"};
    static const char *const ylabels[] = {"mean response (s)", "mean wait (s)", "utilization"};
    f->npanels = 3;
    char xl[300];
    snprintf(xl, sizeof xl, "variant (%s)", sw->vary[0].path);
    f->xlabel = vs__strdup(xl);
    const vs_summary *first = sw->points[0].summary;
    for (int k = 0; k < 3; k++) {
        f->ylabel[k] = vs__strdup(ylabels[k]);
        vs_metric_ref ref;
        vs_metric_parse(metrics[k], &ref, NULL);
        for (size_t st = 0; st < first->nstations && st < MAX_SERIES_STATIONS; st++) {
            vs_figure_series *b =
                vs__fig_add_series(f, VS_PLOT_BARS, k == 0 ? first->stations[st].name : NULL, k,
                                   (int)(st % VS_PLOT_NCOLORS) + 1, n, 1);
            if (!b)
                return OOM(err);
            for (size_t p = 0; p < n; p++) {
                const vs_summary *s = sw->points[p].summary;
                double ci = NAN;
                double m = st < s->nstations ? vs_metric_station(&s->stations[st], ref, &ci) : NAN;
                b->x[p] = (double)p;
                b->y[p] = m;
                b->ylo[p] = isnan(ci) ? m : m - ci;
                b->yhi[p] = isnan(ci) ? m : m + ci;
            }
        }
    }
    return VS_OK;
}

int vs_figure_from_sweep(const char *kind, const vs_sweep *sw, vs_figure **out, vs_err *err)
{
    *out = NULL;
    int ll = strcmp(kind, "load-latency") == 0, cmp = strcmp(kind, "compare") == 0;
    if (!ll && !cmp)
        return vs_err_set(err, VS_EINVAL,
                          "plot '%s' does not come from a sweep or comparison (sweep draws "
                          "load-latency, compare draws compare)",
                          kind);
    const char *name = sw->npoints ? sw->points[0].summary->scenario : "virtsim";
    char title[300];
    snprintf(title, sizeof title, "%s: %s", name,
             ll ? "response time against load" : "policy comparison (95% CI)");
    vs_figure *f = vs__fig_new(kind, title);
    if (!f)
        return OOM(err);
    int rc = ll ? fig_load_latency(sw, f, err) : fig_compare(sw, f, err);
    if (rc == VS_OK && !f->xlabel)
        rc = OOM(err);
    return finish(f, rc, out);
}

/* ---- plan ------------------------------------------------------------------------------- */

static int by_value(const void *a, const void *b)
{
    const vs_plan_eval *x = a, *y = b;
    return (x->value > y->value) - (x->value < y->value);
}

int vs_figure_from_plan(const vs_plan *p, vs_figure **out, vs_err *err)
{
    *out = NULL;
    char title[400];
    snprintf(title, sizeof title, "capacity plan: smallest %s with %s.%s %s %g", p->vary,
             p->station, vs_metric_name(p->metric), p->op_le ? "<=" : ">=", p->target);
    vs_figure *f = vs__fig_new("plan", title);
    if (!f)
        return OOM(err);
    f->xlabel = vs__strdup(p->vary);
    char yl[300];
    snprintf(yl, sizeof yl, "%s.%s", p->station, vs_metric_name(p->metric));
    f->ylabel[0] = vs__strdup(yl);
    vs_plan_eval *ev = malloc((p->nevals ? p->nevals : 1) * sizeof *ev);
    int rc = ev && f->xlabel && f->ylabel[0] ? VS_OK : OOM(err);
    if (rc == VS_OK) {
        memcpy(ev, p->evals, p->nevals * sizeof *ev);
        qsort(ev, p->nevals, sizeof *ev, by_value);
        size_t nmeet = 0;
        for (size_t i = 0; i < p->nevals; i++)
            nmeet += ev[i].meets != 0;
        vs_figure_series *yes = NULL, *no = NULL;
        if (vs__fig_add_series(f, VS_PLOT_POINTS, "meets the target", 0, VS_PLOT_GREEN, nmeet, 1) &&
            vs__fig_add_series(f, VS_PLOT_POINTS, "misses the target", 0, VS_PLOT_VERMILLION,
                               p->nevals - nmeet, 1)) {
            yes = &f->series[0]; /* pointers only after the last realloc */
            no = &f->series[1];
        }
        if (!yes || !no) {
            rc = OOM(err);
        } else {
            size_t a = 0, b = 0;
            for (size_t i = 0; i < p->nevals; i++) {
                vs_figure_series *s = ev[i].meets ? yes : no;
                size_t k = ev[i].meets ? a++ : b++;
                double h = isnan(ev[i].ci95) ? 0.0 : ev[i].ci95;
                s->x[k] = ev[i].value;
                s->y[k] = ev[i].mean;
                s->ylo[k] = ev[i].mean - h;
                s->yhi[k] = ev[i].mean + h;
            }
            /* The analytic curve over the whole range, where a model applies. */
            int any = 0;
            for (size_t i = 0; i < p->nvalues; i++)
                any |= !isnan(p->analytic[i]);
            if (any) {
                vs_figure_series *ana = vs__fig_add_series(f, VS_PLOT_LINE, "analytic", 0,
                                                           VS_PLOT_BLUE, p->nvalues, 0);
                if (!ana) {
                    free(ev);
                    return finish(f, OOM(err), out);
                }
                memcpy(ana->x, p->values, p->nvalues * sizeof *ana->x);
                memcpy(ana->y, p->analytic, p->nvalues * sizeof *ana->y);
            }
            /* Half a step of margin so the end points and lines stay clear of the frame. */
            double lo = INFINITY, hi = -INFINITY;
            for (size_t i = 0; i < p->nevals; i++) {
                lo = fmin(lo, ev[i].value);
                hi = fmax(hi, ev[i].value);
            }
            for (size_t i = 0; i < p->nvalues; i++) {
                lo = fmin(lo, p->values[i]);
                hi = fmax(hi, p->values[i]);
            }
            double step = p->nvalues > 1 ? (hi - lo) / (double)(p->nvalues - 1) : 1.0;
            if (hi > lo) {
                f->xfixed = 1;
                f->xmin = lo - 0.5 * step;
                f->xmax = hi + 0.5 * step;
            }
            char label[64];
            snprintf(label, sizeof label, "target %g", p->target);
            rc = vs__fig_add_ref(f, 0, p->target, label, 0, 0);
            if (rc == VS_OK && p->has_answer) {
                snprintf(label, sizeof label, "answer %g", p->answer);
                rc = vs__fig_add_ref(f, 1, p->answer, label, -1, VS_PLOT_GREEN);
            }
            if (rc == VS_OK && p->has_estimate && (!p->has_answer || p->estimate != p->answer)) {
                snprintf(label, sizeof label, "analytic estimate %g", p->estimate);
                rc = vs__fig_add_ref(f, 1, p->estimate, label, -1, VS_PLOT_BLUE);
            }
            if (rc != VS_OK)
                rc = OOM(err);
        }
    }
    free(ev);
    return finish(f, rc, out);
}
