/*
 * csv.c: the flat CSV tables stations.csv and hosts.csv.
 *
 * One header row, then one row per station (resp. host), lines ending in
 * "\n".  Text fields use RFC 4180 quoting (vs_csv_write_field); numbers are
 * the shortest round-trip form (vs_fmt_double) and an unknown value (NaN, an
 * infinite value, or an analytic column of a station without a model) is an
 * empty field, which spreadsheets, R and pandas all read as missing.
 * Per-class rows are not flattened here: the JSON summary has them.
 */
#include <inttypes.h>
#include <math.h>

#include "virtsim/report.h"

/* The station columns, in order.  Keep docs/results.md in step. */
static const char *const station_cols[] = {
    "name", "host", "scheduler", "vcpus", "speed",
    "arrived", "completed", "blocked",
    "throughput", "throughput_ci95", "utilization", "utilization_ci95",
    "response_time", "response_time_ci95", "p50_response", "p95_response", "p99_response",
    "wait_time", "wait_time_ci95", "p50_wait", "p95_wait", "p99_wait",
    "jobs_in_system", "jobs_in_system_ci95", "queue_length", "queue_length_ci95",
    "wait_probability", "blocking_probability", "classes",
    "analytic_model", "analytic_approximate", "analytic_throughput", "analytic_utilization",
    "analytic_response_time", "analytic_wait_time", "analytic_jobs_in_system",
    "analytic_queue_length", "analytic_wait_probability", "analytic_blocking_probability",
    "analytic_p50_response", "analytic_p95_response", "analytic_p99_response",
    "analytic_p50_wait", "analytic_p95_wait", "analytic_p99_wait",
    "steal_time", "steal_time_ci95",
};

static const char *const host_cols[] = {
    "name", "cores", "utilization", "utilization_ci95", "energy_kwh",
};

static void header(FILE *f, const char *const *cols, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        if (i > 0)
            putc(',', f);
        vs_csv_write_field(f, cols[i]);
    }
    putc('\n', f);
}

/* ",<number>" or "," for an unknown value. */
static void num(FILE *f, double x)
{
    char buf[VS_FMT_DOUBLE_MAX];
    putc(',', f);
    if (isfinite(x))
        fputs(vs_fmt_double(buf, x), f);
}

static void str(FILE *f, const char *s)
{
    putc(',', f);
    vs_csv_write_field(f, s);
}

static void u64(FILE *f, uint64_t x)
{
    fprintf(f, ",%" PRIu64, x);
}

int vs_report_csv_stations(FILE *f, const vs_summary *s)
{
    if (!f || !s)
        return VS_EINVAL;
    header(f, station_cols, sizeof station_cols / sizeof station_cols[0]);
    for (size_t i = 0; i < s->nstations; i++) {
        const vs_station_summary *st = &s->stations[i];
        vs_csv_write_field(f, st->name);
        str(f, st->host);
        str(f, st->scheduler);
        fprintf(f, ",%d", st->vcpus);
        num(f, st->speed);
        u64(f, st->arrived);
        u64(f, st->completed);
        u64(f, st->blocked);
        num(f, st->throughput.mean);
        num(f, st->throughput.ci95);
        num(f, st->utilization.mean);
        num(f, st->utilization.ci95);
        num(f, st->response_time.mean);
        num(f, st->response_time.ci95);
        num(f, st->p50_response);
        num(f, st->p95_response);
        num(f, st->p99_response);
        num(f, st->wait_time.mean);
        num(f, st->wait_time.ci95);
        num(f, st->p50_wait);
        num(f, st->p95_wait);
        num(f, st->p99_wait);
        num(f, st->jobs_in_system.mean);
        num(f, st->jobs_in_system.ci95);
        num(f, st->queue_length.mean);
        num(f, st->queue_length.ci95);
        num(f, st->wait_probability);
        num(f, st->blocking_probability);
        fprintf(f, ",%zu", st->nclasses);
        if (st->has_analytic) {
            const vs_queue_metrics *a = &st->analytic;
            str(f, a->model);
            fprintf(f, ",%d", a->approximate ? 1 : 0);
            num(f, a->throughput);
            num(f, a->utilization);
            num(f, a->response_time);
            num(f, a->wait_time);
            num(f, a->jobs_in_system);
            num(f, a->queue_length);
            num(f, a->wait_probability);
            num(f, a->blocking_probability);
            num(f, a->p50_response);
            num(f, a->p95_response);
            num(f, a->p99_response);
            num(f, a->p50_wait);
            num(f, a->p95_wait);
            num(f, a->p99_wait);
        } else {
            /* analytic_model .. analytic_p99_wait: 16 empty fields. */
            for (int k = 0; k < 16; k++)
                putc(',', f);
        }
        num(f, st->steal.mean);
        num(f, st->steal.ci95);
        putc('\n', f);
    }
    return ferror(f) ? VS_EIO : VS_OK;
}

int vs_report_csv_hosts(FILE *f, const vs_summary *s)
{
    if (!f || !s)
        return VS_EINVAL;
    header(f, host_cols, sizeof host_cols / sizeof host_cols[0]);
    for (size_t i = 0; i < s->nhosts; i++) {
        const vs_host_summary *h = &s->hosts[i];
        vs_csv_write_field(f, h->name);
        fprintf(f, ",%d", h->cores);
        num(f, h->utilization.mean);
        num(f, h->utilization.ci95);
        num(f, h->energy_kwh);
        putc('\n', f);
    }
    return ferror(f) ? VS_EIO : VS_OK;
}

int vs_report_csv_series(FILE *f, const vs_series *ts)
{
    if (!f || !ts)
        return VS_EINVAL;
    for (size_t c = 0; c < ts->cols; c++) {
        if (c)
            fputc(',', f);
        vs_csv_write_field(f, ts->names[c]);
    }
    fputc('\n', f);
    char b[VS_FMT_DOUBLE_MAX];
    for (size_t r = 0; r < ts->rows; r++) {
        for (size_t c = 0; c < ts->cols; c++) {
            double x = ts->data[r * ts->cols + c];
            if (c)
                fputc(',', f);
            if (isfinite(x))
                fputs(vs_fmt_double(b, x), f);
        }
        fputc('\n', f);
    }
    return ferror(f) ? VS_EIO : VS_OK;
}
