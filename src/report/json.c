/*
 * json.c: the JSON summary (summary.json, --format json) and manifest.json.
 *
 * The shape is the contract of scenario-format.md ("Command and results");
 * docs/results.md lists every field.  A tiny streaming writer keeps track of
 * commas and indentation: containers opened with `inline_` set stay on one
 * line ({"mean": 3.6, "ci95": 0.01}), others put one member per line.
 * Doubles go through vs_fmt_double (shortest round-trip form, null for
 * NaN/inf), 64-bit counters are printed as exact integers, strings through
 * vs_json_write_string.  The output is therefore always valid JSON.
 */
#include <assert.h>
#include <inttypes.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "virtsim/report.h"

#ifndef VS_VERSION
#define VS_VERSION "unknown"
#endif

#define JW_MAX_DEPTH 16

/* Streaming JSON writer state. */
typedef struct jw {
    FILE *f;
    int depth;
    int count[JW_MAX_DEPTH];   /* members written at each level */
    int inline_[JW_MAX_DEPTH]; /* 1: this container stays on one line */
} jw;

/* Separator and indentation before a new member or element. */
static void jw_sep(jw *w)
{
    if (w->depth == 0)
        return;
    int d = w->depth;
    if (w->count[d]++ > 0)
        putc(',', w->f);
    if (w->inline_[d]) {
        if (w->count[d] > 1)
            putc(' ', w->f);
    } else {
        putc('\n', w->f);
        for (int i = 0; i < d; i++)
            fputs("  ", w->f);
    }
}

static void jw_key(jw *w, const char *key)
{
    jw_sep(w);
    if (key) {
        vs_json_write_string(w->f, key);
        fputs(": ", w->f);
    }
}

static void jw_open(jw *w, const char *key, char bracket, int inline_)
{
    jw_key(w, key);
    putc(bracket, w->f);
    /* Our fixed shapes nest at most 5 deep. */
    assert(w->depth + 1 < JW_MAX_DEPTH);
    w->depth++;
    w->count[w->depth] = 0;
    /* Inside an inline container everything stays inline. */
    w->inline_[w->depth] = inline_ || w->inline_[w->depth - 1];
}

static void jw_close(jw *w, char bracket)
{
    int d = w->depth;
    if (!w->inline_[d] && w->count[d] > 0) {
        putc('\n', w->f);
        for (int i = 0; i < d - 1; i++)
            fputs("  ", w->f);
    }
    putc(bracket, w->f);
    w->depth--;
}

static void jw_num(jw *w, const char *key, double x)
{
    char buf[VS_FMT_DOUBLE_MAX];
    jw_key(w, key);
    fputs(vs_fmt_double(buf, x), w->f);
}

static void jw_u64(jw *w, const char *key, uint64_t x)
{
    jw_key(w, key);
    fprintf(w->f, "%" PRIu64, x);
}

static void jw_int(jw *w, const char *key, long x)
{
    jw_key(w, key);
    fprintf(w->f, "%ld", x);
}

static void jw_bool(jw *w, const char *key, int x)
{
    jw_key(w, key);
    fputs(x ? "true" : "false", w->f);
}

static void jw_str(jw *w, const char *key, const char *s)
{
    jw_key(w, key);
    vs_json_write_string(w->f, s);
}

static void jw_init(jw *w, FILE *f)
{
    memset(w, 0, sizeof *w);
    w->f = f;
}

/* {"mean": m, "ci95": c} */
static void put_metric(jw *w, const char *key, vs_metric m)
{
    jw_open(w, key, '{', 1);
    jw_num(w, "mean", m.mean);
    jw_num(w, "ci95", m.ci95);
    jw_close(w, '}');
}

/* {"mean", "ci95", "p50", "p95", "p99"} */
static void put_metric_q(jw *w, const char *key, vs_metric m, double p50, double p95,
                         double p99)
{
    jw_open(w, key, '{', 1);
    jw_num(w, "mean", m.mean);
    jw_num(w, "ci95", m.ci95);
    jw_num(w, "p50", p50);
    jw_num(w, "p95", p95);
    jw_num(w, "p99", p99);
    jw_close(w, '}');
}

static void put_analytic(jw *w, const vs_queue_metrics *a)
{
    jw_open(w, "analytic", '{', 0);
    jw_str(w, "model", a->model);
    jw_bool(w, "approximate", a->approximate);
    jw_num(w, "throughput", a->throughput);
    jw_num(w, "utilization", a->utilization);
    jw_num(w, "response_time", a->response_time);
    jw_num(w, "wait_time", a->wait_time);
    jw_num(w, "jobs_in_system", a->jobs_in_system);
    jw_num(w, "queue_length", a->queue_length);
    jw_num(w, "wait_probability", a->wait_probability);
    jw_num(w, "blocking_probability", a->blocking_probability);
    jw_num(w, "p50_response", a->p50_response);
    jw_num(w, "p95_response", a->p95_response);
    jw_num(w, "p99_response", a->p99_response);
    jw_num(w, "p50_wait", a->p50_wait);
    jw_num(w, "p95_wait", a->p95_wait);
    jw_num(w, "p99_wait", a->p99_wait);
    jw_close(w, '}');
}

static void put_station(jw *w, const vs_station_summary *st)
{
    jw_open(w, NULL, '{', 0);
    jw_str(w, "name", st->name);
    jw_str(w, "host", st->host);
    jw_int(w, "vcpus", st->vcpus);
    jw_num(w, "speed", st->speed);
    jw_str(w, "scheduler", st->scheduler);
    jw_u64(w, "arrived", st->arrived);
    jw_u64(w, "completed", st->completed);
    jw_u64(w, "blocked", st->blocked);
    put_metric(w, "throughput", st->throughput);
    put_metric(w, "utilization", st->utilization);
    put_metric_q(w, "response_time", st->response_time, st->p50_response, st->p95_response,
                 st->p99_response);
    put_metric_q(w, "wait_time", st->wait_time, st->p50_wait, st->p95_wait, st->p99_wait);
    put_metric(w, "jobs_in_system", st->jobs_in_system);
    put_metric(w, "queue_length", st->queue_length);
    put_metric(w, "steal_time", st->steal);
    jw_num(w, "wait_probability", st->wait_probability);
    jw_num(w, "blocking_probability", st->blocking_probability);
    jw_open(w, "classes", '[', 0);
    for (size_t k = 0; k < st->nclasses; k++) {
        const vs_class_summary *c = &st->classes[k];
        jw_open(w, NULL, '{', 0);
        jw_int(w, "class", c->klass);
        jw_u64(w, "completed", c->completed);
        put_metric(w, "throughput", c->throughput);
        put_metric_q(w, "response_time", c->response_time, c->p50_response, c->p95_response,
                     c->p99_response);
        put_metric_q(w, "wait_time", c->wait_time, c->p50_wait, c->p95_wait, c->p99_wait);
        /* A per-class model's values for this class (priority). */
        for (int m = 0; st->has_analytic && m < st->analytic.nclasses; m++) {
            if (st->analytic.class_id[m] != c->klass)
                continue;
            jw_open(w, "analytic", '{', 0);
            jw_num(w, "response_time", st->analytic.class_response[m]);
            jw_num(w, "wait_time", st->analytic.class_wait[m]);
            jw_close(w, '}');
        }
        jw_close(w, '}');
    }
    jw_close(w, ']');
    if (st->has_analytic)
        put_analytic(w, &st->analytic);
    jw_close(w, '}');
}

int vs_report_json(FILE *f, const vs_summary *s)
{
    if (!f || !s)
        return VS_EINVAL;
    jw w;
    jw_init(&w, f);
    jw_open(&w, NULL, '{', 0);
    jw_str(&w, "scenario", s->scenario);
    jw_str(&w, "file", s->file);
    jw_u64(&w, "seed", s->seed);
    jw_int(&w, "replications", s->replications);
    jw_bool(&w, "partial", s->partial);
    jw_u64(&w, "events", s->events);
    jw_num(&w, "sim_time", s->sim_time);
    jw_num(&w, "warmup_time", s->warmup_time);
    if (s->warmup_method)
        jw_str(&w, "warmup_method", s->warmup_method);
    jw_num(&w, "wall_seconds", s->wall_seconds);
    jw_num(&w, "events_per_second", s->events_per_second);
    if (s->precision_metric) {
        jw_open(&w, "precision", '{', 1);
        jw_str(&w, "metric", s->precision_metric);
        jw_num(&w, "relative", s->precision_relative);
        jw_bool(&w, "met", s->precision_met);
        jw_int(&w, "replications", s->replications);
        jw_close(&w, '}');
    }

    jw_open(&w, "stations", '[', 0);
    for (size_t i = 0; i < s->nstations; i++)
        put_station(&w, &s->stations[i]);
    jw_close(&w, ']');

    jw_open(&w, "hosts", '[', 0);
    for (size_t i = 0; i < s->nhosts; i++) {
        const vs_host_summary *h = &s->hosts[i];
        jw_open(&w, NULL, '{', 1);
        jw_str(&w, "name", h->name);
        jw_int(&w, "cores", h->cores);
        put_metric(&w, "utilization", h->utilization);
        jw_num(&w, "energy_kwh", h->energy_kwh);
        jw_close(&w, '}');
    }
    jw_close(&w, ']');

    jw_open(&w, "vms", '[', 0);
    for (size_t i = 0; i < s->nvms; i++) {
        const vs_vm_summary *v = &s->vms[i];
        jw_open(&w, NULL, '{', 1);
        jw_str(&w, "name", v->name);
        jw_str(&w, "host", v->host);
        jw_str(&w, "state", v->state);
        jw_close(&w, '}');
    }
    jw_close(&w, ']');
    jw_close(&w, '}');
    putc('\n', f);
    return ferror(f) ? VS_EIO : VS_OK;
}

int vs_report_manifest_json(FILE *f, const vs_manifest *m)
{
    if (!f || !m)
        return VS_EINVAL;
    char *cmd = NULL;
    if (m->argc > 0 && m->argv) {
        cmd = vs_shell_join(m->argc, m->argv);
        if (!cmd)
            return VS_ENOMEM;
    }
    jw w;
    jw_init(&w, f);
    jw_open(&w, NULL, '{', 0);
    jw_str(&w, "virtsim_version", m->version ? m->version : VS_VERSION);
    jw_str(&w, "scenario", m->scenario_path);
    jw_str(&w, "scenario_sha256", m->scenario_sha256[0] ? m->scenario_sha256 : NULL);
    jw_u64(&w, "seed", m->seed);
    jw_int(&w, "replications", m->replications);
    jw_int(&w, "threads", m->threads);
    jw_str(&w, "command_line", cmd);
    jw_open(&w, "argv", '[', 1);
    for (int i = 0; cmd && i < m->argc; i++)
        jw_str(&w, NULL, m->argv[i] ? m->argv[i] : "");
    jw_close(&w, ']');
    jw_str(&w, "created_utc", m->created_utc[0] ? m->created_utc : NULL);
    jw_bool(&w, "partial", m->partial);
    jw_open(&w, "files", '[', 1);
    jw_str(&w, NULL, "summary.json");
    jw_str(&w, NULL, "stations.csv");
    jw_str(&w, NULL, "hosts.csv");
    jw_close(&w, ']');
    jw_close(&w, '}');
    putc('\n', f);
    free(cmd);
    return ferror(f) ? VS_EIO : VS_OK;
}
