/*
 * study.c: sweeps, paired comparisons and capacity plans.
 *
 * Each variant is the scenario file loaded again with the variation added
 * to the --set overrides, then run as usual: a variant is checked exactly
 * like a scenario file, and its random streams are those of the scenario
 * (same seed, same entity names), so variants see common random numbers.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "model/world.h"
#include "virtsim/experiment.h"
#include "virtsim/match.h"
#include "virtsim/stats.h"

/* Load the scenario with sets plus the variation path=value pairs. */
static int load_variant(const char *scenario, const vs_override *sets, size_t nsets,
                        const vs_override *extra, size_t nextra, vs_config **cfg, vs_err *err)
{
    vs_override *all = malloc((nsets + nextra + 1) * sizeof *all);
    if (!all)
        return vs_err_set(err, VS_ENOMEM, "out of memory");
    if (nsets)
        memcpy(all, sets, nsets * sizeof *all);
    if (nextra)
        memcpy(all + nsets, extra, nextra * sizeof *all);
    int rc = vs_scenario_load(scenario, all, nsets + nextra, cfg, err);
    free(all);
    return rc;
}

static int run_variant(const char *scenario, const vs_override *sets, size_t nsets,
                       const vs_override *extra, size_t nextra, const vs_run_opts *opts,
                       vs_summary **out, vs_err *err)
{
    vs_config *cfg = NULL;
    int rc = load_variant(scenario, sets, nsets, extra, nextra, &cfg, err);
    if (rc == VS_OK)
        rc = vs_experiment_run(cfg, opts, out, err);
    vs_config_free(cfg);
    return rc;
}

static int interrupted(const vs_run_opts *opts)
{
    return opts && opts->interrupt && *opts->interrupt;
}

/* ---- sweep -------------------------------------------------------------------- */

int vs_sweep_run(const char *scenario, const vs_override *sets, size_t nsets,
                 const vs_vary *vary, size_t nvary, const vs_run_opts *opts, vs_sweep **out,
                 vs_err *err)
{
    *out = NULL;
    size_t npoints = 1;
    for (size_t v = 0; v < nvary; v++) {
        if (vary[v].n == 0 || npoints > 100000 / vary[v].n)
            return vs_err_set(err, VS_EINVAL, "the grid has no points or more than 100000");
        npoints *= vary[v].n;
    }
    vs_sweep *s = calloc(1, sizeof *s);
    vs_override *extra = calloc(nvary ? nvary : 1, sizeof *extra);
    size_t *idx = calloc(nvary ? nvary : 1, sizeof *idx);
    if (!s || !extra || !idx || !(s->points = calloc(npoints, sizeof *s->points))) {
        free(s);
        free(extra);
        free(idx);
        return vs_err_set(err, VS_ENOMEM, "out of memory");
    }
    s->vary = vary;
    s->nvary = nvary;
    int rc = VS_OK;
    for (size_t p = 0; p < npoints && rc == VS_OK; p++) {
        /* Point p in mixed radix: the last variation varies fastest. */
        size_t rest = p;
        for (size_t v = nvary; v-- > 0;) {
            idx[v] = rest % vary[v].n;
            rest /= vary[v].n;
            extra[v] = (vs_override){vary[v].path, vary[v].values[idx[v]]};
        }
        vs_sweep_point *pt = &s->points[p];
        if (!(pt->values = calloc(nvary ? nvary : 1, sizeof *pt->values))) {
            rc = vs_err_set(err, VS_ENOMEM, "out of memory");
            break;
        }
        for (size_t v = 0; v < nvary; v++)
            pt->values[v] = vary[v].values[idx[v]];
        s->npoints = p + 1;
        rc = run_variant(scenario, sets, nsets, extra, nvary, opts, &pt->summary, err);
        if (rc == VS_OK && (pt->summary->partial || interrupted(opts))) {
            s->partial = 1;
            break;
        }
        if (rc == VS_EINTR && p > 0) { /* keep the points done so far */
            s->npoints = p;
            s->partial = 1;
            rc = VS_OK;
            break;
        }
    }
    free(extra);
    free(idx);
    if (rc != VS_OK) {
        vs_sweep_free(s);
        return rc;
    }
    *out = s;
    return VS_OK;
}

void vs_sweep_free(vs_sweep *s)
{
    if (!s)
        return;
    for (size_t p = 0; p < s->npoints; p++) {
        free(s->points[p].values);
        vs_summary_free(s->points[p].summary);
    }
    free(s->points);
    free(s);
}

/* ---- compare ------------------------------------------------------------------- */

void vs_compare_paired(const vs_summary *base, const vs_summary *other, size_t station,
                       vs_metric_ref ref, double *diff, double *ci)
{
    vs_tally t;
    vs_tally_init(&t);
    int n = base->replications < other->replications ? base->replications : other->replications;
    if (station < base->nstations && station < other->nstations)
        for (int r = 0; r < n; r++) {
            double a = vs_metric_rep(&base->stations[station].reps[r], ref);
            double b = vs_metric_rep(&other->stations[station].reps[r], ref);
            if (!isnan(a) && !isnan(b))
                vs_tally_add(&t, b - a);
        }
    *diff = t.n ? t.mean : NAN;
    *ci = t.n >= 2 ? vs_tally_ci95(&t) : NAN;
}

/* ---- plan ------------------------------------------------------------------------ */

int vs_plan_target_parse(const char *spec, char **station, vs_metric_ref *ref, int *op_le,
                         double *target, vs_err *err)
{
    const char *op = strstr(spec, "<=");
    int le = 1;
    if (!op) {
        op = strstr(spec, ">=");
        le = 0;
    }
    const char *dot = strchr(spec, '.');
    if (!op || !dot || dot > op || dot == spec)
        return vs_err_set(err, VS_EINVAL,
                          "--target expects STATION.METRIC<=VALUE or STATION.METRIC>=VALUE, "
                          "got '%s'",
                          spec);
    char metric[128];
    size_t mlen = (size_t)(op - dot - 1);
    if (mlen == 0 || mlen >= sizeof metric)
        return vs_err_set(err, VS_EINVAL, "--target '%s': no metric", spec);
    memcpy(metric, dot + 1, mlen);
    metric[mlen] = '\0';
    int rc = vs_metric_parse(metric, ref, err);
    if (rc != VS_OK)
        return rc;
    char *end;
    double v = strtod(op + 2, &end);
    if (end == op + 2 || *end != '\0' || !isfinite(v))
        return vs_err_set(err, VS_EINVAL, "--target '%s': expected a number after %s, got '%s'",
                          spec, le ? "<=" : ">=", op + 2);
    size_t slen = (size_t)(dot - spec);
    if (!(*station = malloc(slen + 1)))
        return vs_err_set(err, VS_ENOMEM, "out of memory");
    memcpy(*station, spec, slen);
    (*station)[slen] = '\0';
    *op_le = le;
    *target = v;
    return VS_OK;
}

static int station_index(const vs_summary *s, const char *name)
{
    for (size_t i = 0; i < s->nstations; i++)
        if (strcmp(s->stations[i].name, name) == 0)
            return (int)i;
    return -1;
}

static int meets(const vs_plan *p, double mean, double ci)
{
    double h = isnan(ci) ? 0.0 : ci;
    if (isnan(mean))
        return 0;
    return p->op_le ? mean + h <= p->target : mean - h >= p->target;
}

/* The analytic value of the target metric for one variant, NAN if the
 * station matches no model there (or the variant cannot be built). */
static double analytic_at(const char *scenario, const vs_override *sets, size_t nsets,
                          vs_override extra, const vs_plan *p)
{
    vs_config *cfg = NULL;
    vs_world *w = NULL;
    double value = NAN;
    if (load_variant(scenario, sets, nsets, &extra, 1, &cfg, NULL) == VS_OK &&
        vs__world_new(cfg, 0, &w, NULL) == VS_OK) {
        for (size_t s = 0; s < vs__world_nstations(w); s++) {
            size_t vi = vs__world_station_cfg(w, s);
            vs_queue_metrics m;
            if (strcmp(vs__world_station_name(w, s), p->station) == 0 &&
                cfg->vms[vi].count == 1 &&
                vs_match_station(cfg, vi, vs__world_station_speed(w, s), &m))
                value = vs_metric_analytic(&m, p->metric);
        }
    }
    vs__world_free(w);
    vs_config_free(cfg);
    return value;
}

typedef struct plan_ctx {
    const char *scenario;
    const vs_override *sets;
    size_t nsets;
    const vs_vary *vary;
    const vs_run_opts *opts;
    vs_plan *p;
    signed char *known;  /* per value: -1 unknown, 0 fails, 1 meets */
    vs_summary **sums;   /* per value, kept until the answer is known */
} plan_ctx;

/* Simulate value i (once) and record the evaluation. */
static int evaluate(plan_ctx *c, size_t i, int *ok, vs_err *err)
{
    if (c->known[i] >= 0) {
        *ok = c->known[i];
        return VS_OK;
    }
    vs_override extra = {c->vary->path, c->vary->values[i]};
    vs_summary *sum = NULL;
    int rc = run_variant(c->scenario, c->sets, c->nsets, &extra, 1, c->opts, &sum, err);
    if (rc != VS_OK)
        return rc;
    int st = station_index(sum, c->p->station);
    if (st < 0) {
        vs_summary_free(sum);
        return vs_err_set(err, VS_EINVAL, "--target: no VM named '%s' when %s=%s",
                          c->p->station, c->vary->path, c->vary->values[i]);
    }
    vs_plan_eval *grown = realloc(c->p->evals, (c->p->nevals + 1) * sizeof *grown);
    if (!grown) {
        vs_summary_free(sum);
        return vs_err_set(err, VS_ENOMEM, "out of memory");
    }
    c->p->evals = grown;
    vs_plan_eval *e = &c->p->evals[c->p->nevals++];
    e->value = strtod(c->vary->values[i], NULL);
    e->mean = vs_metric_station(&sum->stations[st], c->p->metric, &e->ci95);
    if (isnan(e->ci95) && sum->replications >= 2) {
        /* Percentiles and probabilities are pooled over replications and
         * carry no CI of their own: take the Student-t half-width of the
         * per-replication values, so the 95% rule holds for them too. */
        vs_tally t;
        vs_tally_init(&t);
        for (int r = 0; r < sum->replications; r++) {
            double x = vs_metric_rep(&sum->stations[st].reps[r], c->p->metric);
            if (!isnan(x))
                vs_tally_add(&t, x);
        }
        e->ci95 = vs_tally_ci95(&t);
    }
    e->meets = meets(c->p, e->mean, e->ci95);
    c->known[i] = (signed char)e->meets;
    c->sums[i] = sum;
    *ok = e->meets;
    if (sum->partial)
        return vs_err_set(err, VS_EINTR, "interrupted");
    return VS_OK;
}

int vs_plan_run(const char *scenario, const vs_override *sets, size_t nsets,
                const vs_vary *vary, const char *target, const vs_run_opts *opts,
                vs_plan **out, vs_err *err)
{
    *out = NULL;
    if (!vary->numeric)
        return vs_err_set(err, VS_EINVAL, "plan: --vary %s needs numeric values", vary->path);
    for (size_t i = 1; i < vary->n; i++)
        if (strtod(vary->values[i], NULL) <= strtod(vary->values[i - 1], NULL))
            return vs_err_set(err, VS_EINVAL, "plan: --vary %s values must increase",
                              vary->path);
    vs_plan *p = calloc(1, sizeof *p);
    if (!p)
        return vs_err_set(err, VS_ENOMEM, "out of memory");
    int rc = vs_plan_target_parse(target, &p->station, &p->metric, &p->op_le, &p->target, err);
    size_t n = vary->n;
    plan_ctx c = {scenario, sets, nsets, vary, opts, p, malloc(n), calloc(n, sizeof(vs_summary *))};
    if (rc == VS_OK && (!(p->vary = malloc(strlen(vary->path) + 1)) || !c.known || !c.sums))
        rc = vs_err_set(err, VS_ENOMEM, "out of memory");
    if (rc != VS_OK)
        goto done;
    strcpy(p->vary, vary->path);
    memset(c.known, -1, n);

    /* The analytic estimate: the smallest value that meets the target in
     * theory (a point estimate, no CI).  Cheap: no simulation. */
    size_t start = n;
    if (n <= 1000) {
        p->values = malloc(n * sizeof *p->values);
        p->analytic = malloc(n * sizeof *p->analytic);
        if (!p->values || !p->analytic) {
            rc = vs_err_set(err, VS_ENOMEM, "out of memory");
            goto done;
        }
        p->nvalues = n;
    }
    for (size_t i = 0; i < n; i++) {
        double a = analytic_at(scenario, sets, nsets, (vs_override){vary->path, vary->values[i]}, p);
        if (p->nvalues) {
            p->values[i] = strtod(vary->values[i], NULL);
            p->analytic[i] = a;
        }
        if (!p->has_estimate && !isnan(a) && meets(p, a, NAN)) {
            start = i;
            p->has_estimate = 1;
            p->estimate = strtod(vary->values[i], NULL);
            if (!p->nvalues)
                break; /* only the estimate is needed */
        }
    }

    /* Find the boundary: bad < answer <= good, with bad = -1 meaning "none
     * known to fail" and good = n meaning "none known to meet". */
    long bad = -1, good = (long)n;
    int ok;
    if (start < n) {
        if ((rc = evaluate(&c, start, &ok, err)) != VS_OK)
            goto done;
        long step = 1;
        if (ok) { /* search down by doubling steps */
            good = (long)start;
            while (good > 0) {
                long j = good - step < 0 ? 0 : good - step;
                if ((rc = evaluate(&c, (size_t)j, &ok, err)) != VS_OK)
                    goto done;
                if (!ok) {
                    bad = j;
                    break;
                }
                good = j;
                step *= 2;
            }
        } else { /* search up */
            bad = (long)start;
            while (bad < (long)n - 1) {
                long j = bad + step > (long)n - 1 ? (long)n - 1 : bad + step;
                if ((rc = evaluate(&c, (size_t)j, &ok, err)) != VS_OK)
                    goto done;
                if (ok) {
                    good = j;
                    break;
                }
                bad = j;
                step *= 2;
            }
        }
    } else {
        if ((rc = evaluate(&c, n - 1, &ok, err)) != VS_OK)
            goto done;
        if (ok) {
            good = (long)n - 1;
            if ((rc = evaluate(&c, 0, &ok, err)) != VS_OK)
                goto done;
            if (ok)
                good = 0;
            else
                bad = 0;
        } else {
            bad = (long)n - 1;
        }
    }
    /* Bisect between the last failing and the first meeting value. */
    while (good < (long)n && good - bad > 1) {
        long mid = bad + (good - bad) / 2;
        if ((rc = evaluate(&c, (size_t)mid, &ok, err)) != VS_OK)
            goto done;
        if (ok)
            good = mid;
        else
            bad = mid;
    }
    if (good < (long)n) {
        p->has_answer = 1;
        p->answer = strtod(vary->values[good], NULL);
        p->answer_summary = c.sums[good];
        c.sums[good] = NULL;
    }
done:
    for (size_t i = 0; c.sums && i < n; i++)
        vs_summary_free(c.sums[i]);
    free(c.sums);
    free(c.known);
    if (rc != VS_OK) {
        vs_plan_free(p);
        return rc;
    }
    *out = p;
    return VS_OK;
}

void vs_plan_free(vs_plan *p)
{
    if (!p)
        return;
    free(p->vary);
    free(p->station);
    free(p->evals);
    free(p->values);
    free(p->analytic);
    vs_summary_free(p->answer_summary);
    free(p);
}
