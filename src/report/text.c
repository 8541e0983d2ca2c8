/*
 * text.c: the readable report (virtsim run without --format).
 *
 * Layout: a few header lines about the run, a PARTIAL RESULTS banner when the
 * run was interrupted, then per station a table
 *
 *   metric              simulated   95% CI     analytic  rel. error  theory in CI?
 *   throughput (1/s)        3.600   ± 0.010    3.6       +0.00%      yes
 *
 * followed by per-class lines when the station serves more than one class,
 * then a host table and the VMs' final placement.
 *
 * Digits: a mean with a confidence interval is printed to the decimal place
 * of the CI half-width's second significant digit (3.6017 ± 0.0123 prints as
 * "3.602 ± 0.012"): more digits would be noise.  Values without a CI get 5
 * significant digits.  "theory in CI?" is "yes" when
 * |simulated - analytic| <= ci95, "no" otherwise, and "—" when either is
 * unknown.  The relative error is (simulated - analytic) / |analytic|.
 *
 * Columns are aligned by counting UTF-8 code points, so "±" and "—" and
 * non-ASCII names do not shift them.
 */
#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "virtsim/report.h"

#define DASH "\xe2\x80\x94" /* U+2014 EM DASH */
#define PM "\xc2\xb1"       /* U+00B1 PLUS-MINUS SIGN */

/* ---- a small table of malloc'ed cells ------------------------------------ */

typedef struct table {
    size_t ncols;
    size_t ncells, cap;
    char **cells;
    const char *align; /* per column: 'l' or 'r' */
    int oom;
} table;

static void tab_init(table *t, size_t ncols, const char *align)
{
    memset(t, 0, sizeof *t);
    t->ncols = ncols;
    t->align = align;
}

static void tab_free(table *t)
{
    for (size_t i = 0; i < t->ncells; i++)
        free(t->cells[i]);
    free(t->cells);
}

/* Append one cell (row-major). */
static void tab_add(table *t, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;
static void tab_add(table *t, const char *fmt, ...)
{
    if (t->oom)
        return;
    if (t->ncells == t->cap) {
        size_t cap = t->cap ? 2 * t->cap : 64;
        char **c = realloc(t->cells, cap * sizeof *c);
        if (!c) {
            t->oom = 1;
            return;
        }
        t->cells = c;
        t->cap = cap;
    }
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    char *s = n >= 0 ? malloc((size_t)n + 1) : NULL;
    if (!s) {
        t->oom = 1;
        return;
    }
    va_start(ap, fmt);
    vsnprintf(s, (size_t)n + 1, fmt, ap);
    va_end(ap);
    t->cells[t->ncells++] = s;
}

/* Display width: UTF-8 code points (no wide-character handling). */
static size_t width(const char *s)
{
    size_t w = 0;
    for (; *s; s++)
        if (((unsigned char)*s & 0xC0) != 0x80)
            w++;
    return w;
}

/* Print the table, each line starting with `indent` spaces; the first row is
 * the header and is followed by a rule.  Padding is emitted lazily, only
 * before a non-empty cell, so lines carry no trailing blanks.  Returns
 * VS_ENOMEM if a cell could not be stored. */
static int tab_print(FILE *f, const table *t, size_t indent)
{
    if (t->oom)
        return VS_ENOMEM;
    enum { MAXC = 16 };
    size_t w[MAXC] = {0};
    size_t nc = t->ncols < MAXC ? t->ncols : MAXC;
    for (size_t i = 0; i < t->ncells; i++) {
        size_t c = i % t->ncols;
        if (c < nc && width(t->cells[i]) > w[c])
            w[c] = width(t->cells[i]);
    }
    size_t total = 0;
    for (size_t c = 0; c < nc; c++)
        total += w[c] + (c + 1 < nc ? 2 : 0);
    size_t pending = 0; /* spaces owed before the next visible character */
    for (size_t i = 0; i < t->ncells; i++) {
        size_t c = i % t->ncols;
        if (c >= nc)
            continue;
        const char *s = t->cells[i];
        size_t gap = w[c] - width(s);
        if (c == 0)
            pending = indent;
        if (t->align[c] == 'r')
            pending += gap;
        if (*s) {
            for (; pending > 0; pending--)
                putc(' ', f);
            fputs(s, f);
        }
        if (t->align[c] != 'r')
            pending += gap;
        if (c + 1 < nc) {
            pending += 2;
            continue;
        }
        putc('\n', f);
        pending = 0;
        if (i + 1 == t->ncols) { /* rule under the header */
            for (size_t k = 0; k < indent; k++)
                putc(' ', f);
            for (size_t k = 0; k < total; k++)
                putc('-', f);
            putc('\n', f);
        }
    }
    return VS_OK;
}

/* A name as shown in the text report: control characters (a newline in a
 * station name would break the layout) become C escapes such as \n or \x01;
 * everything else, including UTF-8, is kept.  Returns buf (n bytes). */
static const char *clean(const char *s, char *buf, size_t n)
{
    if (!s)
        return "?";
    size_t k = 0;
    for (const unsigned char *p = (const unsigned char *)s; *p && k + 5 < n; p++) {
        if (*p >= 0x20 && *p != 0x7f) {
            buf[k++] = (char)*p;
        } else if (*p == '\n' || *p == '\t' || *p == '\r') {
            buf[k++] = '\\';
            buf[k++] = *p == '\n' ? 'n' : *p == '\t' ? 't' : 'r';
        } else {
            snprintf(buf + k, n - k, "\\x%02x", (unsigned)*p);
            k += 4;
        }
    }
    buf[k] = '\0';
    return buf;
}

/* ---- numbers ----------------------------------------------------------- */

/* Decimal places that show a CI half-width to two significant digits, or -1
 * when fixed-point is not sensible (no CI, zero CI, huge or tiny values). */
static int ci_decimals(double mean, double ci)
{
    if (!isfinite(ci) || ci <= 0.0 || !isfinite(mean) || fabs(mean) >= 1e12)
        return -1;
    int d = 1 - (int)floor(log10(ci));
    if (d > 9)
        return -1;
    return d < 0 ? 0 : d;
}

/* The simulated value and its "± ci" into two buffers of 48 bytes. */
static void fmt_mean_ci(double mean, double ci, int has_ci, char *m, char *c)
{
    if (!isfinite(mean)) {
        snprintf(m, 48, DASH);
        c[0] = '\0';
        return;
    }
    int d = ci_decimals(mean, ci);
    if (!has_ci) {
        snprintf(m, 48, "%.5g", mean);
        c[0] = '\0';
    } else if (d >= 0) {
        snprintf(m, 48, "%.*f", d, mean);
        snprintf(c, 48, PM " %.*f", d, ci);
    } else if (isfinite(ci)) {
        snprintf(m, 48, "%.5g", mean);
        snprintf(c, 48, PM " %.2g", ci);
    } else {
        snprintf(m, 48, "%.5g", mean);
        snprintf(c, 48, PM " " DASH);
    }
}

/* "3.602 ± 0.012" in one buffer of 96 bytes. */
static void fmt_mean_ci1(double mean, double ci, char *out)
{
    char m[48], c[48];
    fmt_mean_ci(mean, ci, 1, m, c);
    snprintf(out, 96, "%s%s%s", m, c[0] ? " " : "", c);
}

static void fmt_sig(double x, char *out)
{
    if (isfinite(x))
        snprintf(out, 48, "%.5g", x);
    else
        snprintf(out, 48, DASH);
}

/* Relative error in percent, or "—". */
static void fmt_rel(double sim, double ana, char *out)
{
    if (!isfinite(sim) || !isfinite(ana)) {
        snprintf(out, 48, DASH);
    } else if (ana == 0.0) {
        snprintf(out, 48, sim == 0.0 ? "0%%" : DASH);
    } else {
        double r = 100.0 * (sim - ana) / fabs(ana);
        if (fabs(r) < 1000.0)
            snprintf(out, 48, "%+.2f%%", r);
        else
            snprintf(out, 48, "%+.3g%%", r);
    }
}

static const char *in_ci(double sim, double ci, int has_ci, double ana)
{
    if (!has_ci || !isfinite(sim) || !isfinite(ci) || !isfinite(ana))
        return DASH;
    return fabs(sim - ana) <= ci ? "yes" : "no";
}

/* ---- sections ------------------------------------------------------------ */

static void put_header(FILE *f, const vs_summary *s)
{
    if (s->partial) {
        fputs("*************************************************************\n"
              "*  PARTIAL RESULTS (interrupted): statistics of the         *\n"
              "*  replications completed so far, not of the full run.      *\n"
              "*************************************************************\n",
              f);
    }
    char b[256];
    fprintf(f, "virtsim results: %s", s->scenario ? clean(s->scenario, b, sizeof b) : "(unnamed)");
    if (s->file)
        fprintf(f, " (%s)", clean(s->file, b, sizeof b));
    putc('\n', f);
    fprintf(f, "  replications: %d%s   seed: %llu\n", s->replications,
            s->partial ? " (interrupted)" : "", (unsigned long long)s->seed);
    int mser5 = s->warmup_method && strcmp(s->warmup_method, "mser5") == 0;
    fprintf(f, "  simulated time: %.6g s per replication (warm-up %.6g s%s)\n", s->sim_time,
            s->warmup_time, mser5 ? ", chosen by MSER-5" : "");
    fprintf(f, "  events: %llu   wall time: %.3g s   events/s: %.3g\n",
            (unsigned long long)s->events, s->wall_seconds, s->events_per_second);
    if (s->precision_metric)
        fprintf(f, "  precision: %s within %.3g%% of the mean: %s after %d replications\n",
                clean(s->precision_metric, b, sizeof b), 100.0 * s->precision_relative,
                s->precision_met ? "met" : "NOT met", s->replications);
}

/* One row of the station table. */
static void metric_row(table *t, int with_ana, const char *label, double sim, double ci,
                       int has_ci, double ana)
{
    char m[48], c[48], a[48], r[48];
    fmt_mean_ci(sim, ci, has_ci, m, c);
    tab_add(t, "%s", label);
    tab_add(t, "%s", m);
    tab_add(t, "%s", c);
    if (with_ana) {
        fmt_sig(ana, a);
        fmt_rel(sim, ana, r);
        tab_add(t, "%s", a);
        tab_add(t, "%s", r);
        tab_add(t, "%s", in_ci(sim, ci, has_ci, ana));
    }
}

static int put_station(FILE *f, const vs_station_summary *st)
{
    char b1[256], b2[256], b3[256];
    fprintf(f, "\nstation %s: host %s, %d vCPU%s at speed %g, scheduler %s\n",
            clean(st->name, b1, sizeof b1), clean(st->host, b2, sizeof b2), st->vcpus,
            st->vcpus == 1 ? "" : "s", st->speed, clean(st->scheduler, b3, sizeof b3));
    fprintf(f, "  jobs: %llu arrived, %llu completed, %llu blocked\n",
            (unsigned long long)st->arrived, (unsigned long long)st->completed,
            (unsigned long long)st->blocked);
    int ana = st->has_analytic;
    const vs_queue_metrics *a = &st->analytic;
    if (ana) {
        int says = strstr(a->model, "approx") != NULL;
        fprintf(f, "  analytic model: %s%s\n", a->model[0] ? clean(a->model, b1, sizeof b1) : "?",
                a->approximate && !says ? " (approx.)" : "");
    } else {
        fputs("  analytic model: none for this station\n", f);
    }

    table t;
    tab_init(&t, ana ? 6 : 3, "lrllll");
    tab_add(&t, "metric");
    tab_add(&t, "simulated");
    tab_add(&t, "95%% CI");
    if (ana) {
        tab_add(&t, "analytic%s", a->approximate ? " (approx.)" : "");
        tab_add(&t, "rel. error");
        tab_add(&t, "theory in CI?");
    }
    double nan = NAN;
    metric_row(&t, ana, "throughput (1/s)", st->throughput.mean, st->throughput.ci95, 1,
               ana ? a->throughput : nan);
    metric_row(&t, ana, "utilization", st->utilization.mean, st->utilization.ci95, 1,
               ana ? a->utilization : nan);
    metric_row(&t, ana, "mean response (s)", st->response_time.mean,
               st->response_time.ci95, 1, ana ? a->response_time : nan);
    metric_row(&t, ana, "p95 response (s)", st->p95_response, nan, 0,
               ana ? a->p95_response : nan);
    metric_row(&t, ana, "mean wait (s)", st->wait_time.mean, st->wait_time.ci95, 1,
               ana ? a->wait_time : nan);
    metric_row(&t, ana, "p95 wait (s)", st->p95_wait, nan, 0, ana ? a->p95_wait : nan);
    metric_row(&t, ana, "jobs in system", st->jobs_in_system.mean, st->jobs_in_system.ci95,
               1, ana ? a->jobs_in_system : nan);
    metric_row(&t, ana, "queue length", st->queue_length.mean, st->queue_length.ci95, 1,
               ana ? a->queue_length : nan);
    /* Steal time only where it happened (shared hosts): a dedicated host's
     * VMs never lose their cores. */
    if (st->steal.mean > 0.0)
        metric_row(&t, ana, "steal time", st->steal.mean, st->steal.ci95, 1, nan);
    metric_row(&t, ana, "P(wait)", st->wait_probability, nan, 0,
               ana ? a->wait_probability : nan);
    metric_row(&t, ana, "P(block)", st->blocking_probability, nan, 0,
               ana ? a->blocking_probability : nan);
    int rc = tab_print(f, &t, 2);
    tab_free(&t);
    if (rc != VS_OK || st->nclasses < 2)
        return rc;

    /* A per-class model (priority) adds its response and wait per class. */
    int pc = ana && a->nclasses > 0;
    fputs("  per class:\n", f);
    tab_init(&t, pc ? 9 : 7, "rrlllllll");
    tab_add(&t, "class");
    tab_add(&t, "completed");
    tab_add(&t, "throughput (1/s)");
    tab_add(&t, "mean response (s)");
    tab_add(&t, "p95 response (s)");
    tab_add(&t, "mean wait (s)");
    tab_add(&t, "p95 wait (s)");
    if (pc) {
        tab_add(&t, "analytic response (s)");
        tab_add(&t, "analytic wait (s)");
    }
    for (size_t k = 0; k < st->nclasses; k++) {
        const vs_class_summary *c = &st->classes[k];
        char c1[96], c2[96], c3[96], p1[48], p2[48];
        fmt_mean_ci1(c->throughput.mean, c->throughput.ci95, c1);
        fmt_mean_ci1(c->response_time.mean, c->response_time.ci95, c2);
        fmt_mean_ci1(c->wait_time.mean, c->wait_time.ci95, c3);
        fmt_sig(c->p95_response, p1);
        fmt_sig(c->p95_wait, p2);
        tab_add(&t, "%d", c->klass);
        tab_add(&t, "%llu", (unsigned long long)c->completed);
        tab_add(&t, "%s", c1);
        tab_add(&t, "%s", c2);
        tab_add(&t, "%s", p1);
        tab_add(&t, "%s", c3);
        tab_add(&t, "%s", p2);
        if (pc) {
            double ar = NAN, aw = NAN;
            for (int m = 0; m < a->nclasses; m++)
                if (a->class_id[m] == c->klass) {
                    ar = a->class_response[m];
                    aw = a->class_wait[m];
                }
            fmt_sig(ar, p1);
            fmt_sig(aw, p2);
            tab_add(&t, "%s", p1);
            tab_add(&t, "%s", p2);
        }
    }
    rc = tab_print(f, &t, 4);
    tab_free(&t);
    return rc;
}

static int put_hosts(FILE *f, const vs_summary *s)
{
    if (s->nhosts == 0)
        return VS_OK;
    fputs("\nhosts:\n", f);
    table t;
    tab_init(&t, 5, "lrrll");
    tab_add(&t, "host");
    tab_add(&t, "cores");
    tab_add(&t, "utilization");
    tab_add(&t, "95%% CI");
    tab_add(&t, "energy (kWh)");
    for (size_t i = 0; i < s->nhosts; i++) {
        const vs_host_summary *h = &s->hosts[i];
        char m[48], c[48], e[48], b[256];
        fmt_mean_ci(h->utilization.mean, h->utilization.ci95, 1, m, c);
        fmt_sig(h->energy_kwh, e);
        tab_add(&t, "%s", clean(h->name, b, sizeof b));
        tab_add(&t, "%d", h->cores);
        tab_add(&t, "%s", m);
        tab_add(&t, "%s", c);
        tab_add(&t, "%s", e);
    }
    int rc = tab_print(f, &t, 2);
    tab_free(&t);
    return rc;
}

static int put_vms(FILE *f, const vs_summary *s)
{
    if (s->nvms == 0)
        return VS_OK;
    fputs("\nVMs at the end:\n", f);
    table t;
    tab_init(&t, 3, "lll");
    tab_add(&t, "vm");
    tab_add(&t, "host");
    tab_add(&t, "state");
    for (size_t i = 0; i < s->nvms; i++) {
        const vs_vm_summary *v = &s->vms[i];
        char b[256];
        tab_add(&t, "%s", clean(v->name, b, sizeof b));
        tab_add(&t, "%s", v->host ? clean(v->host, b, sizeof b) : DASH);
        tab_add(&t, "%s", clean(v->state, b, sizeof b));
    }
    int rc = tab_print(f, &t, 2);
    tab_free(&t);
    return rc;
}

int vs_report_text(FILE *f, const vs_summary *s)
{
    if (!f || !s)
        return VS_EINVAL;
    put_header(f, s);
    int rc = VS_OK;
    for (size_t i = 0; i < s->nstations && rc == VS_OK; i++)
        rc = put_station(f, &s->stations[i]);
    if (rc == VS_OK)
        rc = put_hosts(f, s);
    if (rc == VS_OK)
        rc = put_vms(f, s);
    if (rc == VS_OK && s->partial)
        fputs("\nPARTIAL RESULTS (interrupted): see the banner above.\n", f);
    if (rc != VS_OK)
        return rc;
    return ferror(f) ? VS_EIO : VS_OK;
}
