/*
 * study.c: sweeps, comparisons and plans as text, JSON and CSV.
 *
 * Same conventions as the single-run reports: numbers in JSON round-trip
 * (vs_fmt_double), NaN is null in JSON and an empty field in CSV, text
 * columns are aligned for reading.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "virtsim/report.h"

static void num(FILE *f, double x)
{
    char b[VS_FMT_DOUBLE_MAX];
    fputs(vs_fmt_double(b, x), f);
}

static void csv_num(FILE *f, double x)
{
    char b[VS_FMT_DOUBLE_MAX];
    if (!isnan(x) && !isinf(x))
        fputs(vs_fmt_double(b, x), f);
}

/* A compact "mean ± ci" for text tables. */
static void text_metric(FILE *f, int width, double mean, double ci)
{
    char buf[64];
    if (isnan(mean))
        snprintf(buf, sizeof buf, "-");
    else if (isnan(ci))
        snprintf(buf, sizeof buf, "%.5g", mean);
    else
        snprintf(buf, sizeof buf, "%.4g ± %.2g", mean, ci);
    /* "±" is two bytes and one column wide. */
    int pad = width - (int)strlen(buf) + (strstr(buf, "±") ? 1 : 0);
    fprintf(f, "%*s%s", pad > 0 ? pad : 0, "", buf);
}

/* The metrics every study table shows, in order. */
static const char *const study_metrics[] = {
    "throughput.mean", "utilization.mean", "response_time.mean", "response_time.p95",
    "wait_time.mean",  "jobs_in_system.mean", "wait_probability", "blocking_probability",
};
#define NSTUDY (sizeof study_metrics / sizeof study_metrics[0])

static vs_metric_ref study_ref(size_t k)
{
    vs_metric_ref r;
    vs_metric_parse(study_metrics[k], &r, NULL);
    return r;
}

/* ---- sweep ---------------------------------------------------------------------- */

int vs_report_sweep_text(FILE *f, const vs_sweep *s)
{
    if (!s->npoints)
        return VS_OK;
    fprintf(f, "virtsim sweep: %s, %zu point%s%s\n", s->points[0].summary->scenario, s->npoints,
            s->npoints == 1 ? "" : "s", s->partial ? " (PARTIAL: interrupted)" : "");
    const vs_summary *first = s->points[0].summary;
    for (size_t st = 0; st < first->nstations; st++) {
        fprintf(f, "\nstation %s\n", first->stations[st].name);
        for (size_t v = 0; v < s->nvary; v++)
            fprintf(f, "%14.14s ", s->vary[v].path);
        fprintf(f, "%22s %10s %22s %10s %22s %10s %10s %s\n", "throughput", "util.",
                "mean response", "p95 resp.", "mean wait", "P(wait)", "P(block)",
                "analytic response");
        for (size_t p = 0; p < s->npoints; p++) {
            const vs_summary *sum = s->points[p].summary;
            if (st >= sum->nstations)
                continue;
            const vs_station_summary *x = &sum->stations[st];
            for (size_t v = 0; v < s->nvary; v++)
                fprintf(f, "%14.14s ", s->points[p].values[v]);
            text_metric(f, 22, x->throughput.mean, x->throughput.ci95);
            fprintf(f, " %10.4g ", x->utilization.mean);
            text_metric(f, 22, x->response_time.mean, x->response_time.ci95);
            fprintf(f, " %10.4g ", x->p95_response);
            text_metric(f, 22, x->wait_time.mean, x->wait_time.ci95);
            fprintf(f, " %10.4g %10.4g ", x->wait_probability, x->blocking_probability);
            if (x->has_analytic)
                fprintf(f, "%.5g (%s)", x->analytic.response_time, x->analytic.model);
            else
                fprintf(f, "-");
            fputc('\n', f);
        }
    }
    return ferror(f) ? VS_EIO : VS_OK;
}

int vs_report_sweep_json(FILE *f, const vs_sweep *s)
{
    fprintf(f, "{\"vary\": [");
    for (size_t v = 0; v < s->nvary; v++) {
        fputs(v ? ", " : "", f);
        vs_json_write_string(f, s->vary[v].path);
    }
    fprintf(f, "], \"partial\": %s, \"points\": [\n", s->partial ? "true" : "false");
    for (size_t p = 0; p < s->npoints; p++) {
        fprintf(f, "%s{\"values\": {", p ? ",\n" : "");
        for (size_t v = 0; v < s->nvary; v++) {
            fputs(v ? ", " : "", f);
            vs_json_write_string(f, s->vary[v].path);
            fputs(": ", f);
            vs_json_write_string(f, s->points[p].values[v]);
        }
        fputs("}, \"summary\": ", f);
        int rc = vs_report_json(f, s->points[p].summary);
        if (rc != VS_OK)
            return rc;
        fputs("}", f);
    }
    fputs("\n]}\n", f);
    return ferror(f) ? VS_EIO : VS_OK;
}

static void csv_header(FILE *f, const vs_vary *vary, size_t nvary, const char *extra)
{
    for (size_t v = 0; v < nvary; v++) {
        vs_csv_write_field(f, vary[v].path);
        fputc(',', f);
    }
    fputs("station", f);
    for (size_t k = 0; k < NSTUDY; k++)
        fprintf(f, ",%s,%s_ci95", study_metrics[k], study_metrics[k]);
    fprintf(f, ",analytic_model,analytic_response_time,analytic_wait_time%s\n", extra);
}

static void csv_station_row(FILE *f, const char *const *values, size_t nvary,
                            const vs_station_summary *x)
{
    for (size_t v = 0; v < nvary; v++) {
        vs_csv_write_field(f, values[v]);
        fputc(',', f);
    }
    vs_csv_write_field(f, x->name);
    for (size_t k = 0; k < NSTUDY; k++) {
        double ci;
        double m = vs_metric_station(x, study_ref(k), &ci);
        fputc(',', f);
        csv_num(f, m);
        fputc(',', f);
        csv_num(f, ci);
    }
    fputc(',', f);
    vs_csv_write_field(f, x->has_analytic ? x->analytic.model : NULL);
    fputc(',', f);
    csv_num(f, x->has_analytic ? x->analytic.response_time : NAN);
    fputc(',', f);
    csv_num(f, x->has_analytic ? x->analytic.wait_time : NAN);
}

int vs_report_sweep_csv(FILE *f, const vs_sweep *s)
{
    csv_header(f, s->vary, s->nvary, "");
    for (size_t p = 0; p < s->npoints; p++)
        for (size_t st = 0; st < s->points[p].summary->nstations; st++) {
            csv_station_row(f, s->points[p].values, s->nvary,
                            &s->points[p].summary->stations[st]);
            fputc('\n', f);
        }
    return ferror(f) ? VS_EIO : VS_OK;
}

/* ---- compare --------------------------------------------------------------------- */

/* A difference is significant when its 95% CI excludes zero. */
static int significant(double diff, double ci)
{
    return !isnan(diff) && !isnan(ci) && fabs(diff) > ci;
}

int vs_report_compare_text(FILE *f, const vs_sweep *s)
{
    if (!s->npoints)
        return VS_OK;
    const vs_summary *base = s->points[0].summary;
    fprintf(f, "virtsim compare: %s, %zu variants on common random numbers, %d replications%s\n",
            base->scenario, s->npoints, base->replications,
            s->partial ? " (PARTIAL: interrupted)" : "");
    fprintf(f, "differences are paired (variant - first variant) with 95%% CIs; "
               "* = significant (CI excludes 0)\n");
    for (size_t st = 0; st < base->nstations; st++) {
        fprintf(f, "\nstation %s\n", base->stations[st].name);
        fprintf(f, "  %-22s %-24s %24s %26s\n", "metric", "variant", "value", "difference");
        for (size_t k = 0; k < NSTUDY; k++) {
            vs_metric_ref ref = study_ref(k);
            for (size_t p = 0; p < s->npoints; p++) {
                const vs_summary *sum = s->points[p].summary;
                if (st >= sum->nstations)
                    continue;
                char label[128] = "";
                size_t used = 0;
                for (size_t v = 0; v < s->nvary && used < sizeof label; v++)
                    used += (size_t)snprintf(label + used, sizeof label - used, "%s%s",
                                             v ? "," : "", s->points[p].values[v]);
                double ci, m = vs_metric_station(&sum->stations[st], ref, &ci);
                fprintf(f, "  %-22s %-24.24s ", p == 0 ? study_metrics[k] : "", label);
                text_metric(f, 24, m, ci);
                if (p == 0) {
                    fprintf(f, " %26s\n", "(reference)");
                    continue;
                }
                double d, dci;
                vs_compare_paired(base, sum, st, ref, &d, &dci);
                fputc(' ', f);
                text_metric(f, 24, d, dci);
                fprintf(f, " %s\n", significant(d, dci) ? "*" : " ");
            }
        }
    }
    return ferror(f) ? VS_EIO : VS_OK;
}

/* One cell of a comparison: variant p's value of study metric k at station
 * st with its CI, and its paired difference against variant 0 with its CI
 * (0 +- 0 for variant 0 itself).  Returns 0 when variant p has no station
 * st. */
typedef struct cmp_cell {
    const char *station;
    double mean, ci, diff, diff_ci;
} cmp_cell;

static int compare_cell(const vs_sweep *s, size_t st, size_t k, size_t p, cmp_cell *c)
{
    const vs_summary *base = s->points[0].summary, *sum = s->points[p].summary;
    if (st >= sum->nstations)
        return 0;
    vs_metric_ref ref = study_ref(k);
    c->station = sum->stations[st].name;
    c->mean = vs_metric_station(&sum->stations[st], ref, &c->ci);
    c->diff = c->diff_ci = 0.0;
    if (p)
        vs_compare_paired(base, sum, st, ref, &c->diff, &c->diff_ci);
    return 1;
}

int vs_report_compare_json(FILE *f, const vs_sweep *s)
{
    fputs("{\"vary\": [", f);
    for (size_t v = 0; v < s->nvary; v++) {
        fputs(v ? ", " : "", f);
        vs_json_write_string(f, s->vary[v].path);
    }
    fprintf(f, "], \"partial\": %s, \"comparisons\": [", s->partial ? "true" : "false");
    int first = 1;
    const vs_summary *base = s->npoints ? s->points[0].summary : NULL;
    for (size_t st = 0; base && st < base->nstations; st++)
        for (size_t k = 0; k < NSTUDY; k++)
            for (size_t p = 0; p < s->npoints; p++) {
                cmp_cell c;
                if (!compare_cell(s, st, k, p, &c))
                    continue;
                fputs(first ? "\n  {" : ",\n  {", f);
                first = 0;
                fputs("\"station\": ", f);
                vs_json_write_string(f, c.station);
                fputs(", \"metric\": ", f);
                vs_json_write_string(f, study_metrics[k]);
                fprintf(f, ", \"variant\": %zu, \"values\": {", p);
                for (size_t v = 0; v < s->nvary; v++) {
                    fputs(v ? ", " : "", f);
                    vs_json_write_string(f, s->vary[v].path);
                    fputs(": ", f);
                    vs_json_write_string(f, s->points[p].values[v]);
                }
                fputs("}, \"mean\": ", f);
                num(f, c.mean);
                fputs(", \"ci95\": ", f);
                num(f, c.ci);
                fputs(", \"diff\": ", f);
                num(f, c.diff);
                fputs(", \"diff_ci95\": ", f);
                num(f, c.diff_ci);
                fprintf(f, ", \"significant\": %s}",
                        significant(c.diff, c.diff_ci) ? "true" : "false");
            }
    fputs("\n], \"variants\": [\n", f);
    for (size_t p = 0; p < s->npoints; p++) {
        fputs(p ? ",\n" : "", f);
        int rc = vs_report_json(f, s->points[p].summary);
        if (rc != VS_OK)
            return rc;
    }
    fputs("\n]}\n", f);
    return ferror(f) ? VS_EIO : VS_OK;
}

int vs_report_compare_csv(FILE *f, const vs_sweep *s)
{
    for (size_t v = 0; v < s->nvary; v++) {
        vs_csv_write_field(f, s->vary[v].path);
        fputc(',', f);
    }
    fputs("station,metric,mean,ci95,diff,diff_ci95,significant\n", f);
    const vs_summary *base = s->npoints ? s->points[0].summary : NULL;
    for (size_t st = 0; base && st < base->nstations; st++)
        for (size_t k = 0; k < NSTUDY; k++)
            for (size_t p = 0; p < s->npoints; p++) {
                cmp_cell c;
                if (!compare_cell(s, st, k, p, &c))
                    continue;
                for (size_t v = 0; v < s->nvary; v++) {
                    vs_csv_write_field(f, s->points[p].values[v]);
                    fputc(',', f);
                }
                vs_csv_write_field(f, c.station);
                fprintf(f, ",%s,", study_metrics[k]);
                csv_num(f, c.mean);
                fputc(',', f);
                csv_num(f, c.ci);
                fputc(',', f);
                csv_num(f, c.diff);
                fputc(',', f);
                csv_num(f, c.diff_ci);
                fprintf(f, ",%d\n", significant(c.diff, c.diff_ci));
            }
    return ferror(f) ? VS_EIO : VS_OK;
}

/* ---- plan -------------------------------------------------------------------------- */

int vs_report_plan_text(FILE *f, const vs_plan *p)
{
    fprintf(f, "virtsim plan: smallest %s with %s.%s %s %g (95%% confidence)\n", p->vary,
            p->station, vs_metric_name(p->metric), p->op_le ? "<=" : ">=", p->target);
    if (p->has_estimate)
        fprintf(f, "analytic estimate: %g\n", p->estimate);
    else
        fprintf(f, "analytic estimate: none (no queueing model matches, or none meets the target)\n");
    fprintf(f, "\n  %12s %24s  %s\n", "value", vs_metric_name(p->metric), "meets?");
    for (size_t i = 0; i < p->nevals; i++) {
        fprintf(f, "  %12g ", p->evals[i].value);
        text_metric(f, 24, p->evals[i].mean, p->evals[i].ci95);
        fprintf(f, "  %s\n", p->evals[i].meets ? "yes" : "no");
    }
    if (p->has_answer)
        fprintf(f, "\nanswer: %s = %g (%zu simulated evaluation%s)\n", p->vary, p->answer,
                p->nevals, p->nevals == 1 ? "" : "s");
    else
        fprintf(f, "\nanswer: none in the range: no value meets the target\n");
    return ferror(f) ? VS_EIO : VS_OK;
}

int vs_report_plan_json(FILE *f, const vs_plan *p)
{
    fputs("{\"vary\": ", f);
    vs_json_write_string(f, p->vary);
    fputs(", \"answer\": ", f);
    num(f, p->has_answer ? p->answer : NAN);
    fputs(", \"target\": {\"station\": ", f);
    vs_json_write_string(f, p->station);
    fputs(", \"metric\": ", f);
    vs_json_write_string(f, vs_metric_name(p->metric));
    fprintf(f, ", \"op\": \"%s\", \"value\": ", p->op_le ? "<=" : ">=");
    num(f, p->target);
    fputs("}, \"analytic_estimate\": ", f);
    num(f, p->has_estimate ? p->estimate : NAN);
    fputs(", \"evaluations\": [", f);
    for (size_t i = 0; i < p->nevals; i++) {
        fputs(i ? ", " : "", f);
        fputs("{\"value\": ", f);
        num(f, p->evals[i].value);
        fputs(", \"mean\": ", f);
        num(f, p->evals[i].mean);
        fputs(", \"ci95\": ", f);
        num(f, p->evals[i].ci95);
        fprintf(f, ", \"meets\": %s}", p->evals[i].meets ? "true" : "false");
    }
    fputs("]}\n", f);
    return ferror(f) ? VS_EIO : VS_OK;
}

int vs_report_plan_csv(FILE *f, const vs_plan *p)
{
    fputs("value,mean,ci95,meets\n", f);
    for (size_t i = 0; i < p->nevals; i++) {
        csv_num(f, p->evals[i].value);
        fputc(',', f);
        csv_num(f, p->evals[i].mean);
        fputc(',', f);
        csv_num(f, p->evals[i].ci95);
        fprintf(f, ",%d\n", p->evals[i].meets);
    }
    return ferror(f) ? VS_EIO : VS_OK;
}
