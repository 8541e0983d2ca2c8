/*
 * metric.c: metric paths ("response_time.p95") and variations ("PATH=1..8").
 *
 * One table lists every quantity a target, a precision rule or a comparison
 * may name, with the fields it has; the summary, per-replication and
 * analytic accessors all switch on the same enumeration, so they cannot
 * disagree about what a name means.
 */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "virtsim/experiment.h"

enum { B_THROUGHPUT, B_UTILIZATION, B_RESPONSE, B_WAIT, B_JOBS, B_QUEUE, B_WAITP, B_BLOCKP };
enum { F_MEAN, F_P50, F_P95, F_P99, F_NONE };

static const struct {
    const char *name;
    int has_quantiles; /* .p50 .p95 .p99 */
    int scalar;        /* a plain number: no .mean */
} bases[] = {
    [B_THROUGHPUT] = {"throughput", 0, 0},
    [B_UTILIZATION] = {"utilization", 0, 0},
    [B_RESPONSE] = {"response_time", 1, 0},
    [B_WAIT] = {"wait_time", 1, 0},
    [B_JOBS] = {"jobs_in_system", 0, 0},
    [B_QUEUE] = {"queue_length", 0, 0},
    [B_WAITP] = {"wait_probability", 0, 1},
    [B_BLOCKP] = {"blocking_probability", 0, 1},
};
#define NBASES (sizeof bases / sizeof bases[0])
static const char *const fields[] = {"mean", "p50", "p95", "p99"};

static const char metric_list[] =
    "throughput.mean, utilization.mean, response_time.{mean,p50,p95,p99}, "
    "wait_time.{mean,p50,p95,p99}, jobs_in_system.mean, queue_length.mean, "
    "wait_probability, blocking_probability";

int vs_metric_parse(const char *path, vs_metric_ref *ref, vs_err *err)
{
    const char *dot = strchr(path, '.');
    size_t blen = dot ? (size_t)(dot - path) : strlen(path);
    for (size_t b = 0; b < NBASES; b++) {
        if (strlen(bases[b].name) != blen || strncmp(bases[b].name, path, blen) != 0)
            continue;
        if (bases[b].scalar) {
            if (dot)
                break;
            *ref = (vs_metric_ref){(int)b, F_NONE};
            return VS_OK;
        }
        const char *f = dot ? dot + 1 : "mean";
        for (int k = 0; k < 4; k++)
            if (strcmp(f, fields[k]) == 0 && (k == F_MEAN || bases[b].has_quantiles)) {
                *ref = (vs_metric_ref){(int)b, k};
                return VS_OK;
            }
        break;
    }
    return vs_err_set(err, VS_EINVAL, "unknown metric '%s' (expected one of: %s)", path,
                      metric_list);
}

const char *vs_metric_name(vs_metric_ref ref)
{
    static const char *const names[NBASES][5] = {
        [B_THROUGHPUT] = {"throughput.mean"},
        [B_UTILIZATION] = {"utilization.mean"},
        [B_RESPONSE] = {"response_time.mean", "response_time.p50", "response_time.p95",
                        "response_time.p99"},
        [B_WAIT] = {"wait_time.mean", "wait_time.p50", "wait_time.p95", "wait_time.p99"},
        [B_JOBS] = {"jobs_in_system.mean"},
        [B_QUEUE] = {"queue_length.mean"},
        [B_WAITP] = {[F_NONE] = "wait_probability"},
        [B_BLOCKP] = {[F_NONE] = "blocking_probability"},
    };
    if (ref.base < 0 || (size_t)ref.base >= NBASES || ref.field < 0 || ref.field > F_NONE)
        return "?";
    const char *n = names[ref.base][ref.field];
    return n ? n : "?";
}

static double pick(vs_metric m, double p50, double p95, double p99, int field, double *ci)
{
    if (ci)
        *ci = field == F_MEAN ? m.ci95 : NAN;
    switch (field) {
    case F_MEAN: return m.mean;
    case F_P50: return p50;
    case F_P95: return p95;
    case F_P99: return p99;
    default: return NAN;
    }
}

double vs_metric_station(const vs_station_summary *st, vs_metric_ref ref, double *ci)
{
    if (ci)
        *ci = NAN;
    switch (ref.base) {
    case B_THROUGHPUT: return pick(st->throughput, NAN, NAN, NAN, ref.field, ci);
    case B_UTILIZATION: return pick(st->utilization, NAN, NAN, NAN, ref.field, ci);
    case B_RESPONSE:
        return pick(st->response_time, st->p50_response, st->p95_response, st->p99_response,
                    ref.field, ci);
    case B_WAIT:
        return pick(st->wait_time, st->p50_wait, st->p95_wait, st->p99_wait, ref.field, ci);
    case B_JOBS: return pick(st->jobs_in_system, NAN, NAN, NAN, ref.field, ci);
    case B_QUEUE: return pick(st->queue_length, NAN, NAN, NAN, ref.field, ci);
    case B_WAITP: return st->wait_probability;
    case B_BLOCKP: return st->blocking_probability;
    default: return NAN;
    }
}

double vs_metric_rep(const vs_rep_values *rv, vs_metric_ref ref)
{
    static const int q[] = {[F_P50] = 0, [F_P95] = 1, [F_P99] = 2};
    switch (ref.base) {
    case B_THROUGHPUT: return rv->throughput;
    case B_UTILIZATION: return rv->utilization;
    case B_RESPONSE: {
        const double v[] = {rv->p50_response, rv->p95_response, rv->p99_response};
        return ref.field == F_MEAN ? rv->response_time : v[q[ref.field]];
    }
    case B_WAIT: {
        const double v[] = {rv->p50_wait, rv->p95_wait, rv->p99_wait};
        return ref.field == F_MEAN ? rv->wait_time : v[q[ref.field]];
    }
    case B_JOBS: return rv->jobs_in_system;
    case B_QUEUE: return rv->queue_length;
    case B_WAITP: return rv->wait_probability;
    case B_BLOCKP: return rv->blocking_probability;
    default: return NAN;
    }
}

double vs_metric_analytic(const vs_queue_metrics *m, vs_metric_ref ref)
{
    switch (ref.base) {
    case B_THROUGHPUT: return m->throughput;
    case B_UTILIZATION: return m->utilization;
    case B_RESPONSE: {
        const double v[] = {m->response_time, m->p50_response, m->p95_response, m->p99_response};
        return v[ref.field];
    }
    case B_WAIT: {
        const double v[] = {m->wait_time, m->p50_wait, m->p95_wait, m->p99_wait};
        return v[ref.field];
    }
    case B_JOBS: return m->jobs_in_system;
    case B_QUEUE: return m->queue_length;
    case B_WAITP: return m->wait_probability;
    case B_BLOCKP: return m->blocking_probability;
    default: return NAN;
    }
}

/* ---- variations ------------------------------------------------------------------ */

#define MAX_VALUES 10000

static int parse_num(const char *s, size_t len, double *out)
{
    char buf[64];
    if (len == 0 || len >= sizeof buf)
        return -1;
    memcpy(buf, s, len);
    buf[len] = '\0';
    char *end;
    errno = 0;
    double v = strtod(buf, &end);
    if (errno || *end != '\0' || !isfinite(v))
        return -1;
    *out = v;
    return 0;
}

static char *dup_n(const char *s, size_t n)
{
    char *d = malloc(n + 1);
    if (d) {
        memcpy(d, s, n);
        d[n] = '\0';
    }
    return d;
}

static int push_value(vs_vary *v, const char *s, size_t n, vs_err *err)
{
    if (v->n >= MAX_VALUES)
        return vs_err_set(err, VS_EINVAL, "--vary %s: more than %d values", v->path, MAX_VALUES);
    char **grown = realloc(v->values, (v->n + 1) * sizeof *grown);
    if (!grown)
        return vs_err_set(err, VS_ENOMEM, "out of memory");
    v->values = grown;
    if (!(v->values[v->n] = dup_n(s, n)))
        return vs_err_set(err, VS_ENOMEM, "out of memory");
    v->n++;
    return VS_OK;
}

/* LO..HI[:STEP]: values LO, LO+STEP, ... up to HI (within a rounding
 * allowance of STEP/1e9), each computed as LO + k STEP so errors do not add
 * up; printed with %.12g so 0.1 steps print as 0.3, not 0.30000000000000004. */
static int parse_range(vs_vary *v, const char *spec, const char *dots, vs_err *err)
{
    const char *colon = strchr(dots + 2, ':');
    double lo, hi, step = 1.0;
    size_t hi_len = colon ? (size_t)(colon - (dots + 2)) : strlen(dots + 2);
    if (parse_num(spec, (size_t)(dots - spec), &lo) != 0 ||
        parse_num(dots + 2, hi_len, &hi) != 0 ||
        (colon && parse_num(colon + 1, strlen(colon + 1), &step) != 0))
        return vs_err_set(err, VS_EINVAL,
                          "--vary %s=%s: expected LO..HI or LO..HI:STEP with numbers", v->path,
                          spec);
    if (!colon && (lo != floor(lo) || hi != floor(hi)))
        return vs_err_set(err, VS_EINVAL,
                          "--vary %s=%s: a range of non-integers needs a step (LO..HI:STEP)",
                          v->path, spec);
    if (!(step > 0.0) || hi < lo)
        return vs_err_set(err, VS_EINVAL,
                          "--vary %s=%s: expected LO <= HI and a positive STEP", v->path, spec);
    if ((hi - lo) / step + 1.0 > MAX_VALUES)
        return vs_err_set(err, VS_EINVAL, "--vary %s=%s: more than %d values", v->path, spec,
                          MAX_VALUES);
    for (long k = 0;; k++) {
        double x = lo + (double)k * step;
        if (x > hi + step * 1e-9)
            break;
        char buf[64];
        int n = snprintf(buf, sizeof buf, "%.12g", x);
        int rc = push_value(v, buf, (size_t)n, err);
        if (rc != VS_OK)
            return rc;
    }
    v->numeric = 1;
    return VS_OK;
}

int vs_vary_parse(const char *spec, vs_vary *out, vs_err *err)
{
    memset(out, 0, sizeof *out);
    const char *eq = strchr(spec, '=');
    if (!eq || eq == spec || eq[1] == '\0')
        return vs_err_set(err, VS_EINVAL,
                          "--vary expects PATH=v1,v2,... or PATH=LO..HI[:STEP], got '%s'", spec);
    if (!(out->path = dup_n(spec, (size_t)(eq - spec))))
        return vs_err_set(err, VS_ENOMEM, "out of memory");
    const char *vals = eq + 1;
    const char *dots = strstr(vals, "..");
    int rc;
    if (dots && !strchr(vals, ',')) {
        rc = parse_range(out, vals, dots, err);
    } else {
        rc = VS_OK;
        out->numeric = 1;
        for (const char *p = vals; rc == VS_OK;) {
            const char *c = strchr(p, ',');
            size_t n = c ? (size_t)(c - p) : strlen(p);
            double x;
            if (n == 0)
                rc = vs_err_set(err, VS_EINVAL, "--vary %s: empty value in '%s'", out->path, vals);
            else
                rc = push_value(out, p, n, err);
            if (rc == VS_OK && parse_num(p, n, &x) != 0)
                out->numeric = 0;
            if (!c)
                break;
            p = c + 1;
        }
    }
    if (rc != VS_OK)
        vs_vary_fini(out);
    return rc;
}

void vs_vary_fini(vs_vary *v)
{
    if (!v)
        return;
    for (size_t i = 0; i < v->n; i++)
        free(v->values[i]);
    free(v->values);
    free(v->path);
    memset(v, 0, sizeof *v);
}
