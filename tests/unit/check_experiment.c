/*
 * check_experiment.c: tests of the experiment layer (include/virtsim/
 * experiment.h, src/experiment/study.c and experiment.c) and of the figures
 * built from its results (include/virtsim/figure.h, src/report/figure*.c).
 *
 * vs_sweep_run and vs_plan_run take a scenario path, so each test writes its
 * scenarios as YAML text files in a fresh temporary directory.  What is
 * checked:
 *   - parsing: --vary lists and ranges (0.1 steps print as 0.3), metric paths,
 *     plan targets, with the exact error messages;
 *   - sweep: an M/M/1 arrival-rate sweep agrees with 1/(mu - lambda) at each
 *     point within z = 4 standard errors of its replications; the grid order
 *     (the first --vary varies slowest);
 *   - plan: the M/M/c answer equals the Erlang C answer computed here, found
 *     from the analytic estimate in a few evaluations; without any analytic
 *     model (trace arrivals) the bisection finds the first meeting value of a
 *     full scan;
 *   - compare: common random numbers make a variant paired with itself differ
 *     by exactly 0, a real difference significant, and the paired CI narrower
 *     than the unpaired one;
 *   - precision: the run stops at the first replication prefix n >=
 *     max(replications, 3) whose relative half-width meets the target
 *     (recomputed here from stations[].reps), the same for 1 and 2 threads;
 *     not met -> max_replications and precision_met = 0;
 *   - MSER-5: the automatic warm-up cuts a planted initial burst after it has
 *     drained and cuts little from a stationary start;
 *   - figures: the five kinds from real results render 900x600 PNGs that are
 *     not blank and are byte-identical across two simulations with the same
 *     seed; figure files round-trip exactly; malformed files give VS_EPARSE
 *     with "PATH:LINE: message"; timeseries without output.series is VS_EINVAL.
 * Statistical checks use fixed seeds and tolerances z s / sqrt(R) with z = 4
 * from the replications themselves, each with a bound on the tolerance so a
 * check cannot pass by being too short to say anything.
 */
#include <check.h>
#include <dirent.h>
#include <errno.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cairo.h>
#include <gsl/gsl_cdf.h>
#include <gsl/gsl_errno.h>
#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>

#include "virtsim/analytic.h"
#include "virtsim/experiment.h"
#include "virtsim/figure.h"
#include "virtsim/scenario.h"
#include "virtsim/sim.h"
#include "virtsim/summary.h"

#define Z 4.0
/* A stationary start cuts at most this much of a 20000 s run (5%, 50 of
 * MSER-5's 20 s blocks). */
#define CALM_MAX_CUT 1000.0

/* ---- temporary directory ------------------------------------------------------ */

static char g_tmp[64];

static void rm_rf(const char *path)
{
    struct stat sb;
    if (lstat(path, &sb) != 0)
        return;
    if (S_ISDIR(sb.st_mode)) {
        DIR *d = opendir(path);
        if (d) {
            struct dirent *e;
            while ((e = readdir(d))) {
                if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
                    continue;
                char sub[1024];
                snprintf(sub, sizeof sub, "%s/%s", path, e->d_name);
                rm_rf(sub);
            }
            closedir(d);
        }
        rmdir(path);
    } else {
        unlink(path);
    }
}

static void tmp_setup(void)
{
    snprintf(g_tmp, sizeof g_tmp, "/tmp/check_experiment.XXXXXX");
    ck_assert_msg(mkdtemp(g_tmp) != NULL, "mkdtemp: %s", strerror(errno));
}

static void tmp_teardown(void) { rm_rf(g_tmp); }

/* g_tmp "/" name, in a static ring of buffers. */
static const char *tmp_path(const char *name)
{
    static char bufs[8][512];
    static int next;
    char *b = bufs[next++ % 8];
    snprintf(b, sizeof bufs[0], "%s/%s", g_tmp, name);
    return b;
}

/* Write text to g_tmp/name and return the path. */
static const char *write_tmp(const char *name, const char *text)
{
    const char *path = tmp_path(name);
    FILE *f = fopen(path, "w");
    ck_assert_msg(f != NULL, "cannot write %s: %s", path, strerror(errno));
    fputs(text, f);
    fclose(f);
    return path;
}

/* The whole file (binary), its length in *len; NULL if unreadable. */
static unsigned char *slurp(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    size_t cap = 1 << 16, n = 0, got;
    unsigned char *buf = malloc(cap);
    ck_assert_ptr_nonnull(buf);
    while ((got = fread(buf + n, 1, cap - n, f)) > 0) {
        n += got;
        if (n == cap) {
            buf = realloc(buf, cap *= 2);
            ck_assert_ptr_nonnull(buf);
        }
    }
    fclose(f);
    *len = n;
    return buf;
}

static int same_bytes(const char *a, const char *b)
{
    size_t na, nb;
    unsigned char *x = slurp(a, &na), *y = slurp(b, &nb);
    ck_assert_msg(x && y, "cannot read %s or %s", a, b);
    int same = na == nb && memcmp(x, y, na) == 0;
    free(x);
    free(y);
    return same;
}

/* Mean and sample standard deviation of x[0..n-1] (two passes). */
static void mean_sd(const double *x, int n, double *mean, double *sd)
{
    double m = 0.0;
    for (int i = 0; i < n; i++)
        m += x[i];
    m /= n;
    double ss = 0.0;
    for (int i = 0; i < n; i++)
        ss += (x[i] - m) * (x[i] - m);
    *mean = m;
    *sd = n > 1 ? sqrt(ss / (n - 1)) : NAN;
}

/* ---- parsing ------------------------------------------------------------------------ */

START_TEST(vary_lists_and_ranges)
{
    vs_vary v;
    vs_err err;
    vs_err_clear(&err);

    ck_assert_int_eq(vs_vary_parse("vms.web.vcpus=2,4,8", &v, &err), VS_OK);
    ck_assert_str_eq(v.path, "vms.web.vcpus");
    ck_assert_uint_eq(v.n, 3);
    ck_assert_str_eq(v.values[0], "2");
    ck_assert_str_eq(v.values[2], "8");
    ck_assert_int_eq(v.numeric, 1);
    vs_vary_fini(&v);

    ck_assert_int_eq(vs_vary_parse("vms.web.scheduler=fcfs,ps", &v, &err), VS_OK);
    ck_assert_uint_eq(v.n, 2);
    ck_assert_str_eq(v.values[1], "ps");
    ck_assert_int_eq(v.numeric, 0);
    vs_vary_fini(&v);

    ck_assert_int_eq(vs_vary_parse("a=3..6", &v, &err), VS_OK);
    ck_assert_uint_eq(v.n, 4);
    const char *ints[] = {"3", "4", "5", "6"};
    for (size_t i = 0; i < 4; i++)
        ck_assert_str_eq(v.values[i], ints[i]);
    ck_assert_int_eq(v.numeric, 1);
    vs_vary_fini(&v);

    /* 0.1 + 2 * 0.1 is 0.30000000000000004 in binary: printed as 0.3. */
    ck_assert_int_eq(vs_vary_parse("workloads.jobs.arrival.rate=0.1..0.9:0.1", &v, &err), VS_OK);
    ck_assert_uint_eq(v.n, 9);
    const char *tenths[] = {"0.1", "0.2", "0.3", "0.4", "0.5", "0.6", "0.7", "0.8", "0.9"};
    for (size_t i = 0; i < 9; i++)
        ck_assert_str_eq(v.values[i], tenths[i]);
    vs_vary_fini(&v);

    /* A range whose end is not on the step stops below it. */
    ck_assert_int_eq(vs_vary_parse("a=1..2:0.4", &v, &err), VS_OK);
    ck_assert_uint_eq(v.n, 3);
    ck_assert_str_eq(v.values[2], "1.8");
    vs_vary_fini(&v);

    /* A single value is a list of one. */
    ck_assert_int_eq(vs_vary_parse("a=7", &v, &err), VS_OK);
    ck_assert_uint_eq(v.n, 1);
    ck_assert_str_eq(v.values[0], "7");
    vs_vary_fini(&v);
}
END_TEST

static void vary_fails(const char *spec, const char *msg)
{
    vs_vary v;
    vs_err err;
    vs_err_clear(&err);
    ck_assert_msg(vs_vary_parse(spec, &v, &err) == VS_EINVAL, "'%s' was accepted", spec);
    ck_assert_int_eq(err.code, VS_EINVAL);
    ck_assert_str_eq(err.msg, msg);
    ck_assert_ptr_null(v.path);   /* nothing left to free */
    ck_assert_ptr_null(v.values);
}

START_TEST(vary_errors)
{
    vary_fails("vms.web.vcpus",
               "--vary expects PATH=v1,v2,... or PATH=LO..HI[:STEP], got 'vms.web.vcpus'");
    vary_fails("=1,2", "--vary expects PATH=v1,v2,... or PATH=LO..HI[:STEP], got '=1,2'");
    vary_fails("a=", "--vary expects PATH=v1,v2,... or PATH=LO..HI[:STEP], got 'a='");
    vary_fails("a=1,,2", "--vary a: empty value in '1,,2'");
    vary_fails("a=1,2,", "--vary a: empty value in '1,2,'");
    vary_fails("a=1..x", "--vary a=1..x: expected LO..HI or LO..HI:STEP with numbers");
    vary_fails("a=1..3:", "--vary a=1..3:: expected LO..HI or LO..HI:STEP with numbers");
    vary_fails("a=0.5..2", "--vary a=0.5..2: a range of non-integers needs a step (LO..HI:STEP)");
    vary_fails("a=5..1", "--vary a=5..1: expected LO <= HI and a positive STEP");
    vary_fails("a=1..5:0", "--vary a=1..5:0: expected LO <= HI and a positive STEP");
    vary_fails("a=1..5:-1", "--vary a=1..5:-1: expected LO <= HI and a positive STEP");
    vary_fails("a=1..1e6", "--vary a=1..1e6: more than 10000 values");
}
END_TEST

START_TEST(metric_paths)
{
    static const char *const names[] = {
        "throughput.mean",    "utilization.mean",  "response_time.mean", "response_time.p50",
        "response_time.p95",  "response_time.p99", "wait_time.mean",     "wait_time.p50",
        "wait_time.p95",      "wait_time.p99",     "jobs_in_system.mean", "queue_length.mean",
        "wait_probability",   "blocking_probability"};
    vs_err err;
    vs_err_clear(&err);
    vs_metric_ref ref;
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
        ck_assert_msg(vs_metric_parse(names[i], &ref, &err) == VS_OK, "%s: %s", names[i], err.msg);
        ck_assert_str_eq(vs_metric_name(ref), names[i]);
    }
    /* Without a field a metric means its mean. */
    ck_assert_int_eq(vs_metric_parse("response_time", &ref, &err), VS_OK);
    ck_assert_str_eq(vs_metric_name(ref), "response_time.mean");

    static const char *const bad[] = {"response", "utilization.p95", "blocking_probability.mean",
                                      "wait_time.p90", "", "throughput.", ".mean"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        vs_err_clear(&err);
        ck_assert_msg(vs_metric_parse(bad[i], &ref, &err) == VS_EINVAL, "'%s' accepted", bad[i]);
        char want[1024];
        snprintf(want, sizeof want,
                 "unknown metric '%s' (expected one of: throughput.mean, utilization.mean, "
                 "response_time.{mean,p50,p95,p99}, wait_time.{mean,p50,p95,p99}, "
                 "jobs_in_system.mean, queue_length.mean, wait_probability, "
                 "blocking_probability)",
                 bad[i]);
        ck_assert_str_eq(err.msg, want);
    }

    /* The station and per-replication accessors read the named field. */
    vs_station_summary st;
    memset(&st, 0, sizeof st);
    st.response_time = (vs_metric){2.5, 0.1};
    st.p95_response = 7.0;
    st.blocking_probability = 0.25;
    double ci;
    vs_metric_parse("response_time.mean", &ref, NULL);
    ck_assert_double_eq(vs_metric_station(&st, ref, &ci), 2.5);
    ck_assert_double_eq(ci, 0.1);
    vs_metric_parse("response_time.p95", &ref, NULL);
    ck_assert_double_eq(vs_metric_station(&st, ref, &ci), 7.0);
    ck_assert(isnan(ci));
    vs_metric_parse("blocking_probability", &ref, NULL);
    ck_assert_double_eq(vs_metric_station(&st, ref, &ci), 0.25);
    vs_rep_values rv;
    memset(&rv, 0, sizeof rv);
    rv.wait_time = 1.5;
    rv.p99_wait = 9.0;
    vs_metric_parse("wait_time.mean", &ref, NULL);
    ck_assert_double_eq(vs_metric_rep(&rv, ref), 1.5);
    vs_metric_parse("wait_time.p99", &ref, NULL);
    ck_assert_double_eq(vs_metric_rep(&rv, ref), 9.0);
}
END_TEST

START_TEST(target_parsing)
{
    vs_err err;
    vs_err_clear(&err);
    char *station = NULL;
    vs_metric_ref ref;
    int le = -1;
    double target = 0.0;
    ck_assert_int_eq(vs_plan_target_parse("web.response_time.p95<=3.3", &station, &ref, &le,
                                          &target, &err),
                     VS_OK);
    ck_assert_str_eq(station, "web");
    ck_assert_str_eq(vs_metric_name(ref), "response_time.p95");
    ck_assert_int_eq(le, 1);
    ck_assert_double_eq(target, 3.3);
    free(station);
    ck_assert_int_eq(vs_plan_target_parse("db-1.throughput.mean>=2e3", &station, &ref, &le,
                                          &target, &err),
                     VS_OK);
    ck_assert_str_eq(station, "db-1");
    ck_assert_str_eq(vs_metric_name(ref), "throughput.mean");
    ck_assert_int_eq(le, 0);
    ck_assert_double_eq(target, 2000.0);
    free(station);
    ck_assert_int_eq(vs_plan_target_parse("web.blocking_probability<=0.01", &station, &ref, &le,
                                          &target, &err),
                     VS_OK);
    ck_assert_str_eq(vs_metric_name(ref), "blocking_probability");
    free(station);

    static const struct {
        const char *spec, *msg;
    } bad[] = {
        {"web.response_time.p95",
         "--target expects STATION.METRIC<=VALUE or STATION.METRIC>=VALUE, got "
         "'web.response_time.p95'"},
        {"response_time<=3",
         "--target expects STATION.METRIC<=VALUE or STATION.METRIC>=VALUE, got "
         "'response_time<=3'"},
        {".response_time.mean<=3",
         "--target expects STATION.METRIC<=VALUE or STATION.METRIC>=VALUE, got "
         "'.response_time.mean<=3'"},
        {"web.<=3", "--target 'web.<=3': no metric"},
        {"web.response_time.mean<=fast",
         "--target 'web.response_time.mean<=fast': expected a number after <=, got 'fast'"},
        {"web.throughput.mean>=", "--target 'web.throughput.mean>=': expected a number after >=, "
                                  "got ''"},
        {"web.response_time.mean<=3s",
         "--target 'web.response_time.mean<=3s': expected a number after <=, got '3s'"},
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        vs_err_clear(&err);
        station = NULL;
        ck_assert_msg(vs_plan_target_parse(bad[i].spec, &station, &ref, &le, &target, &err) ==
                          VS_EINVAL,
                      "'%s' accepted", bad[i].spec);
        ck_assert_str_eq(err.msg, bad[i].msg);
        ck_assert_ptr_null(station);
    }
    /* An unknown metric gets the metric parser's message. */
    vs_err_clear(&err);
    ck_assert_int_eq(vs_plan_target_parse("web.latency<=1", &station, &ref, &le, &target, &err),
                     VS_EINVAL);
    ck_assert_msg(strncmp(err.msg, "unknown metric 'latency' (expected one of: ", 42) == 0, "%s",
                  err.msg);
}
END_TEST

/* ---- sweep ---------------------------------------------------------------------------- */

/* M/M/1 with mu = 1: one VM with 1 vCPU of speed 1, exponential sizes of
 * mean 1 work unit.  %s: extra top-level lines. */
static const char mm1_fmt[] =
    "name: mm1-test\n"
    "seed: %d\n"
    "stop: {time: %g}\n"
    "warmup: %s\n"
    "replications: %d\n"
    "hosts: [{name: host, cores: 4, scheduler: dedicated}]\n"
    "vms: [{name: server, vcpus: 1, host: host, scheduler: fcfs}]\n"
    "workloads:\n"
    "  - name: jobs\n"
    "    target: server\n"
    "    arrival: {dist: exponential, rate: %g}\n"
    "    size: {dist: exponential, mean: 1.0}\n"
    "%s";

static const char *write_mm1(const char *name, int seed, double stop, const char *warmup, int reps,
                             double rate, const char *extra)
{
    char text[2048];
    snprintf(text, sizeof text, mm1_fmt, seed, stop, warmup, reps, rate, extra ? extra : "");
    return write_tmp(name, text);
}

static vs_sweep *sweep1(const char *path, const char *spec, vs_vary *v)
{
    vs_err err;
    vs_err_clear(&err);
    ck_assert_int_eq(vs_vary_parse(spec, v, &err), VS_OK);
    vs_run_opts opts = {.threads = 2};
    vs_sweep *sw = NULL;
    ck_assert_msg(vs_sweep_run(path, NULL, 0, v, 1, &opts, &sw, &err) == VS_OK, "%s", err.msg);
    return sw;
}

/* Each point's mean response time against 1 / (mu - lambda), within z = 4
 * standard errors of its R replications; each tolerance is below 6% of the
 * theory value, so the check has teeth. */
START_TEST(sweep_mm1_theory)
{
    enum { R = 10 };
    /* At rho = 0.7 the relaxation time is about (1 + rho) / (1 - sqrt(rho))^2
     * = 66 s: 40000 s runs after a 500 s warm-up. */
    const char *sc = write_mm1("mm1.yaml", 7, 40000, "{time: 500}", R, 0.5, NULL);
    vs_vary v;
    vs_sweep *sw = sweep1(sc, "workloads.jobs.arrival.rate=0.3..0.7:0.2", &v);
    ck_assert_uint_eq(sw->npoints, 3);
    ck_assert_int_eq(sw->partial, 0);
    const double lambdas[] = {0.3, 0.5, 0.7};
    for (size_t p = 0; p < 3; p++) {
        const vs_summary *s = sw->points[p].summary;
        ck_assert_int_eq(s->replications, R);
        double lambda = strtod(sw->points[p].values[0], NULL);
        ck_assert_double_eq_tol(lambda, lambdas[p], 1e-12);
        double x[R], mean, sd;
        for (int r = 0; r < R; r++)
            x[r] = s->stations[0].reps[r].response_time;
        mean_sd(x, R, &mean, &sd);
        double theory = 1.0 / (1.0 - lambda), tol = Z * sd / sqrt(R);
        ck_assert_msg(tol < 0.06 * theory, "lambda %g: tolerance %g too loose", lambda, tol);
        ck_assert_msg(fabs(mean - theory) <= tol, "lambda %g: mean response %g, theory %g, tol %g",
                      lambda, mean, theory, tol);
        /* The summary reports the same mean, and the analytic model. */
        ck_assert_double_eq_tol(s->stations[0].response_time.mean, mean, 1e-12 * theory);
        ck_assert_int_eq(s->stations[0].has_analytic, 1);
        ck_assert_double_eq_tol(s->stations[0].analytic.response_time, theory, 1e-12 * theory);
    }
    vs_sweep_free(sw);
    vs_vary_fini(&v);
}
END_TEST

/* Two variations: the first varies slowest, and each point's summary is the
 * scenario with those values. */
START_TEST(sweep_grid_order)
{
    const char *sc = write_mm1("grid.yaml", 3, 500, "{time: 0}", 1, 0.5, NULL);
    vs_vary v[2];
    vs_err err;
    vs_err_clear(&err);
    ck_assert_int_eq(vs_vary_parse("vms.server.vcpus=1,2", &v[0], &err), VS_OK);
    ck_assert_int_eq(vs_vary_parse("workloads.jobs.arrival.rate=0.2,0.4,0.8", &v[1], &err), VS_OK);
    vs_run_opts opts = {.threads = 1};
    vs_sweep *sw = NULL;
    ck_assert_msg(vs_sweep_run(sc, NULL, 0, v, 2, &opts, &sw, &err) == VS_OK, "%s", err.msg);
    ck_assert_uint_eq(sw->npoints, 6);
    ck_assert_uint_eq(sw->nvary, 2);
    static const char *const want[6][2] = {{"1", "0.2"}, {"1", "0.4"}, {"1", "0.8"},
                                           {"2", "0.2"}, {"2", "0.4"}, {"2", "0.8"}};
    for (size_t p = 0; p < 6; p++) {
        ck_assert_str_eq(sw->points[p].values[0], want[p][0]);
        ck_assert_str_eq(sw->points[p].values[1], want[p][1]);
        const vs_station_summary *st = &sw->points[p].summary->stations[0];
        ck_assert_int_eq(st->vcpus, atoi(want[p][0]));
        ck_assert_int_eq(st->has_analytic, 1);
        ck_assert_double_eq_tol(st->analytic.throughput, strtod(want[p][1], NULL), 1e-12);
    }
    vs_sweep_free(sw);

    /* --set overrides come first; a variation wins over them. */
    vs_override sets[] = {{"workloads.jobs.arrival.rate", "0.1"}, {"vms.server.vcpus", "3"}};
    ck_assert_msg(vs_sweep_run(sc, sets, 2, &v[1], 1, &opts, &sw, &err) == VS_OK, "%s", err.msg);
    ck_assert_uint_eq(sw->npoints, 3);
    ck_assert_int_eq(sw->points[0].summary->stations[0].vcpus, 3);
    ck_assert_double_eq_tol(sw->points[2].summary->stations[0].analytic.throughput, 0.8, 1e-12);
    vs_sweep_free(sw);

    /* A bad value is reported like a bad --set. */
    vs_vary bad;
    ck_assert_int_eq(vs_vary_parse("vms.server.vcpus=1,zero", &bad, &err), VS_OK);
    vs_err_clear(&err);
    ck_assert_int_ne(vs_sweep_run(sc, NULL, 0, &bad, 1, &opts, &sw, &err), VS_OK);
    ck_assert_ptr_null(sw);
    ck_assert_msg(strstr(err.msg, "zero") != NULL, "%s", err.msg);
    vs_vary_fini(&bad);
    vs_vary_fini(&v[0]);
    vs_vary_fini(&v[1]);
}
END_TEST

/* ---- plan ------------------------------------------------------------------------------ */

/* M/M/c at lambda = 3.6, mu = 1 with the VM's vCPUs as c (a 64-core host). */
static const char mmc_fmt[] =
    "name: mmc-plan\n"
    "seed: 11\n"
    "stop: {time: %g}\n"
    "warmup: {time: 200}\n"
    "replications: %d\n"
    "hosts: [{name: host, cores: 64, scheduler: dedicated}]\n"
    "vms: [{name: web, vcpus: 4, host: host, scheduler: fcfs}]\n"
    "workloads:\n"
    "  - name: requests\n"
    "    target: web\n"
    "    arrival: %s\n"
    "    size: {dist: exponential, mean: 1.0}\n";

#define PLAN_LAMBDA 3.6
#define PLAN_TARGET 0.15  /* s of mean wait */

/* The smallest c with the Erlang C mean wait at or below target. */
static int erlang_c_answer(double lambda, double target, int cmax)
{
    for (int c = 1; c <= cmax; c++) {
        vs_queue_metrics m;
        if (vs_mmc(lambda, 1.0, c, &m, NULL) == VS_OK && m.wait_time <= target)
            return c;
    }
    return -1;
}

START_TEST(plan_mmc_matches_erlang_c)
{
    /* W(5) = 0.288 s and W(6) = 0.080 s: the target 0.15 s lies far from
     * both relative to the CIs below (asserted), so c* is unambiguous. */
    int cstar = erlang_c_answer(PLAN_LAMBDA, PLAN_TARGET, 64);
    ck_assert_int_eq(cstar, 6);
    vs_queue_metrics below, at;
    ck_assert_int_eq(vs_mmc(PLAN_LAMBDA, 1.0, cstar - 1, &below, NULL), VS_OK);
    ck_assert_int_eq(vs_mmc(PLAN_LAMBDA, 1.0, cstar, &at, NULL), VS_OK);

    char text[2048];
    snprintf(text, sizeof text, mmc_fmt, 20000.0, 6, "{dist: exponential, rate: 3.6}");
    const char *sc = write_tmp("mmc.yaml", text);
    vs_vary v;
    vs_err err;
    vs_err_clear(&err);
    ck_assert_int_eq(vs_vary_parse("vms.web.vcpus=1..64", &v, &err), VS_OK);
    vs_run_opts opts = {.threads = 2};
    vs_plan *p = NULL;
    ck_assert_msg(vs_plan_run(sc, NULL, 0, &v, "web.wait_time.mean<=0.15", &opts, &p, &err) ==
                      VS_OK,
                  "%s", err.msg);
    ck_assert_str_eq(p->vary, "vms.web.vcpus");
    ck_assert_str_eq(p->station, "web");
    ck_assert_int_eq(p->op_le, 1);
    ck_assert_int_eq(p->has_estimate, 1);
    ck_assert_double_eq(p->estimate, cstar);
    ck_assert_int_eq(p->has_answer, 1);
    ck_assert_double_eq(p->answer, cstar);
    ck_assert_msg(p->nevals <= 4, "%zu evaluations for a 1..64 range", p->nevals);
    ck_assert_ptr_nonnull(p->answer_summary);
    ck_assert_int_eq(p->answer_summary->stations[0].vcpus, cstar);
    /* Every evaluation decided with room to spare: the CI is far narrower
     * than the distance from the target. */
    /* z = 4 standard errors: the CI half-width is t(0.975, R - 1) of them. */
    double se_per_ci = 1.0 / gsl_cdf_tdist_Pinv(0.975, 6 - 1);
    int saw_below = 0, saw_at = 0;
    for (size_t i = 0; i < p->nevals; i++) {
        const vs_plan_eval *e = &p->evals[i];
        ck_assert(!isnan(e->ci95));
        ck_assert_msg(fabs(e->mean - PLAN_TARGET) > 2.0 * e->ci95,
                      "c = %g: mean wait %g +- %g is too close to the target", e->value, e->mean,
                      e->ci95);
        ck_assert_int_eq(e->meets, e->value >= cstar);
        if (e->value == cstar - 1) {
            saw_below = 1;
            ck_assert_msg(fabs(e->mean - below.wait_time) <= Z * se_per_ci * e->ci95,
                          "c = %d: %g vs Erlang C %g", cstar - 1, e->mean, below.wait_time);
        }
        if (e->value == cstar) {
            saw_at = 1;
            ck_assert_msg(fabs(e->mean - at.wait_time) <= Z * se_per_ci * e->ci95,
                          "c = %d: %g vs Erlang C %g", cstar, e->mean, at.wait_time);
        }
    }
    ck_assert(saw_below && saw_at);
    /* The analytic curve for the plot: one value per candidate. */
    ck_assert_uint_eq(p->nvalues, 64);
    ck_assert_double_eq_tol(p->analytic[cstar - 1], at.wait_time, 1e-12);
    vs_plan_free(p);

    /* A >= target: throughput >= 3.5 jobs/s needs a stable queue (c = 3
     * serves at most 3 jobs/s; from c = 4 on every arrival is served, 3.6/s
     * with a CI of about 0.01 here).  For c <= 3 the unstable model gives the
     * capacity c jobs/s, so the estimate is c = 4, and the search checks
     * c = 3 below it. */
    p = NULL;
    ck_assert_msg(vs_plan_run(sc, NULL, 0, &v, "web.throughput.mean>=3.5", &opts, &p, &err) ==
                      VS_OK,
                  "%s", err.msg);
    ck_assert_int_eq(p->op_le, 0);
    ck_assert_int_eq(p->has_estimate, 1);
    ck_assert_double_eq(p->estimate, 4);
    ck_assert_int_eq(p->has_answer, 1);
    ck_assert_double_eq(p->answer, 4);
    ck_assert_uint_eq(p->nevals, 2);
    ck_assert_double_eq(p->evals[1].value, 3);
    ck_assert_int_eq(p->evals[1].meets, 0);
    ck_assert_double_eq_tol(p->analytic[2], 3.0, 1e-12);
    ck_assert_double_eq_tol(p->analytic[3], PLAN_LAMBDA, 1e-12);
    vs_plan_free(p);
    vs_vary_fini(&v);
}
END_TEST

/* Without any analytic model (trace arrivals), the plan bisects from the
 * range's ends; its answer is the first meeting value of a full scan. */
START_TEST(plan_without_model_bisects)
{
    /* A Poisson trace at 3.6/s over 6000 s, generated here. */
    gsl_rng *rng = gsl_rng_alloc(gsl_rng_mt19937);
    gsl_rng_set(rng, 99);
    FILE *f = fopen(tmp_path("arrivals.txt"), "w");
    ck_assert_ptr_nonnull(f);
    for (double t = 0.0;;) {
        t += gsl_ran_exponential(rng, 1.0 / PLAN_LAMBDA);
        if (t > 6000.0)
            break;
        fprintf(f, "%.9g\n", t);
    }
    fclose(f);
    gsl_rng_free(rng);
    char text[2048];
    snprintf(text, sizeof text, mmc_fmt, 6000.0, 4, "{dist: trace, file: arrivals.txt}");
    const char *sc = write_tmp("trace.yaml", text);

    vs_vary v;
    vs_err err;
    vs_err_clear(&err);
    ck_assert_int_eq(vs_vary_parse("vms.web.vcpus=1..64", &v, &err), VS_OK);
    vs_run_opts opts = {.threads = 2};
    vs_plan *p = NULL;
    ck_assert_msg(vs_plan_run(sc, NULL, 0, &v, "web.wait_time.mean<=0.15", &opts, &p, &err) ==
                      VS_OK,
                  "%s", err.msg);
    ck_assert_int_eq(p->has_estimate, 0);
    for (size_t i = 0; i < p->nvalues; i++)
        ck_assert(isnan(p->analytic[i]));
    ck_assert_int_eq(p->has_answer, 1);
    /* Both ends, then bisection of 64 values: at most 2 + 6 runs. */
    ck_assert_msg(p->nevals >= 3 && p->nevals <= 8, "%zu evaluations", p->nevals);
    ck_assert_double_eq(p->evals[0].value, 64);
    ck_assert_double_eq(p->evals[1].value, 1);
    ck_assert_int_eq(p->evals[0].meets, 1);
    ck_assert_int_eq(p->evals[1].meets, 0);
    double answer = p->answer;
    vs_plan_free(p);

    /* The full scan of the low values, same runs: the first meeting one. */
    vs_vary scan;
    ck_assert_int_eq(vs_vary_parse("vms.web.vcpus=1..10", &scan, &err), VS_OK);
    vs_sweep *sw = NULL;
    ck_assert_msg(vs_sweep_run(sc, NULL, 0, &scan, 1, &opts, &sw, &err) == VS_OK, "%s", err.msg);
    int first = -1;
    for (size_t i = 0; i < sw->npoints && first < 0; i++) {
        const vs_station_summary *st = &sw->points[i].summary->stations[0];
        ck_assert_int_eq(st->has_analytic, 0);
        if (st->wait_time.mean + st->wait_time.ci95 <= PLAN_TARGET)
            first = st->vcpus;
    }
    ck_assert_double_eq(answer, first);
    /* The trace is Poisson at 3.6/s: the same answer as Erlang C. */
    ck_assert_int_eq(first, erlang_c_answer(PLAN_LAMBDA, PLAN_TARGET, 64));
    vs_sweep_free(sw);
    vs_vary_fini(&scan);
    vs_vary_fini(&v);
}
END_TEST

START_TEST(plan_errors)
{
    char text[2048];
    snprintf(text, sizeof text, mmc_fmt, 1000.0, 2, "{dist: exponential, rate: 3.6}");
    const char *sc = write_tmp("mmc.yaml", text);
    vs_err err;
    vs_run_opts opts = {.threads = 1};
    vs_plan *p = NULL;
    vs_vary v;
    ck_assert_int_eq(vs_vary_parse("vms.web.scheduler=fcfs,ps", &v, &err), VS_OK);
    vs_err_clear(&err);
    ck_assert_int_eq(vs_plan_run(sc, NULL, 0, &v, "web.wait_time.mean<=1", &opts, &p, &err),
                     VS_EINVAL);
    ck_assert_str_eq(err.msg, "plan: --vary vms.web.scheduler needs numeric values");
    vs_vary_fini(&v);
    ck_assert_int_eq(vs_vary_parse("vms.web.vcpus=8,6", &v, &err), VS_OK);
    ck_assert_int_eq(vs_plan_run(sc, NULL, 0, &v, "web.wait_time.mean<=1", &opts, &p, &err),
                     VS_EINVAL);
    ck_assert_str_eq(err.msg, "plan: --vary vms.web.vcpus values must increase");
    vs_vary_fini(&v);
    ck_assert_int_eq(vs_vary_parse("vms.web.vcpus=5..6", &v, &err), VS_OK);
    ck_assert_int_eq(vs_plan_run(sc, NULL, 0, &v, "web.wait_time.mean=1", &opts, &p, &err),
                     VS_EINVAL);
    ck_assert_msg(strncmp(err.msg, "--target expects", 16) == 0, "%s", err.msg);
    ck_assert_int_eq(vs_plan_run(sc, NULL, 0, &v, "db.wait_time.mean<=1", &opts, &p, &err),
                     VS_EINVAL);
    ck_assert_str_eq(err.msg, "--target: no VM named 'db' when vms.web.vcpus=6");
    ck_assert_ptr_null(p);
    vs_vary_fini(&v);
}
END_TEST

/* ---- compare ----------------------------------------------------------------------------- */

START_TEST(compare_paired_crn)
{
    enum { R = 8 };
    char text[2048];
    snprintf(text, sizeof text, mmc_fmt, 5000.0, R, "{dist: exponential, rate: 3.6}");
    const char *sc = write_tmp("cmp.yaml", text);
    vs_vary v;
    vs_sweep *sw = sweep1(sc, "vms.web.vcpus=4,4,5", &v);
    ck_assert_uint_eq(sw->npoints, 3);
    const vs_summary *a = sw->points[0].summary, *same = sw->points[1].summary,
                     *b = sw->points[2].summary;
    static const char *const metrics[] = {"response_time.mean", "utilization.mean",
                                          "throughput.mean", "wait_probability"};
    for (size_t m = 0; m < 4; m++) {
        vs_metric_ref ref;
        ck_assert_int_eq(vs_metric_parse(metrics[m], &ref, NULL), VS_OK);
        double d, ci;
        /* The same variant twice: the same random numbers, the same runs. */
        vs_compare_paired(a, same, 0, ref, &d, &ci);
        ck_assert_msg(d == 0.0 && ci == 0.0, "%s: %g +- %g", metrics[m], d, ci);

        vs_compare_paired(a, b, 0, ref, &d, &ci);
        /* Recompute the paired difference and the unpaired CI here. */
        double diff[R], x[R], y[R], md, sdd, mx, sx, my, sy;
        for (int r = 0; r < R; r++) {
            x[r] = vs_metric_rep(&a->stations[0].reps[r], ref);
            y[r] = vs_metric_rep(&b->stations[0].reps[r], ref);
            diff[r] = y[r] - x[r];
        }
        mean_sd(diff, R, &md, &sdd);
        mean_sd(x, R, &mx, &sx);
        mean_sd(y, R, &my, &sy);
        double t = gsl_cdf_tdist_Pinv(0.975, R - 1);
        ck_assert_double_eq_tol(d, md, 1e-9 * fabs(md) + 1e-15);
        ck_assert_double_eq_tol(ci, t * sdd / sqrt(R), 1e-9 * ci + 1e-15);
        double unpaired = t * sqrt((sx * sx + sy * sy) / R);
        if (m == 2) {
            /* Throughput: both variants serve every arrival, so the paired
             * difference is tiny and not significant. */
            ck_assert_msg(fabs(d) <= ci, "throughput differs: %g +- %g", d, ci);
        } else {
            ck_assert_msg(fabs(d) > ci, "%s: %g +- %g not significant", metrics[m], d, ci);
        }
        /* CRN: the variants share their arrivals and sizes, so the paired
         * CI is narrower than the unpaired one; for utilization and
         * throughput (mostly arrival noise) by a wide margin. */
        ck_assert_msg(ci < unpaired, "%s: paired %g, unpaired %g", metrics[m], ci, unpaired);
        if (m == 1 || m == 2)
            ck_assert_msg(ci < 0.5 * unpaired, "%s: paired %g, unpaired %g", metrics[m], ci,
                          unpaired);
    }
    /* Fewer than 2 pairs: NAN. */
    vs_summary one = *a;
    one.replications = 1;
    vs_metric_ref ref;
    vs_metric_parse("response_time.mean", &ref, NULL);
    double d, ci;
    vs_compare_paired(&one, b, 0, ref, &d, &ci);
    ck_assert(!isnan(d));
    ck_assert(isnan(ci));
    vs_sweep_free(sw);
    vs_vary_fini(&v);
}
END_TEST

/* ---- precision ---------------------------------------------------------------------------- */

/* The first prefix length n in [nmin, nmax] whose relative Student-t 95%
 * half-width of x[0..n-1] is at most rel; 0 if none. */
static int first_precise_prefix(const double *x, int nmin, int nmax, double rel)
{
    for (int n = nmin; n <= nmax; n++) {
        double mean, sd;
        mean_sd(x, n, &mean, &sd);
        double h = gsl_cdf_tdist_Pinv(0.975, n - 1) * sd / sqrt(n);
        if (h <= rel * fabs(mean))
            return n;
    }
    return 0;
}

static vs_summary *run_file(const char *path, int threads)
{
    vs_config *cfg = NULL;
    vs_err err;
    vs_err_clear(&err);
    ck_assert_msg(vs_scenario_load(path, NULL, 0, &cfg, &err) == VS_OK, "%s", err.msg);
    vs_run_opts opts = {.threads = threads};
    vs_summary *s = NULL;
    ck_assert_msg(vs_experiment_run(cfg, &opts, &s, &err) == VS_OK, "%s", err.msg);
    vs_config_free(cfg);
    return s;
}

START_TEST(precision_first_prefix)
{
    /* Short M/M/1 runs at rho = 0.7: each replication's mean response is
     * noisy (a coefficient of variation near 0.2), so an 8% target needs
     * some twenty replications. */
    const char *sc = write_mm1(
        "prec.yaml", 5, 1500, "{time: 100}", 2, 0.7,
        "precision: {metric: response_time.mean, relative: 0.08, max_replications: 60}\n");
    vs_summary *s1 = run_file(sc, 1);
    int n = s1->replications;
    ck_assert_int_eq(s1->precision_met, 1);
    ck_assert_str_eq(s1->precision_metric, "response_time.mean");
    double x[60];
    for (int r = 0; r < n; r++)
        x[r] = s1->stations[0].reps[r].response_time;
    /* replications: 2 asks for at least 3 before the rule is checked. */
    int want = first_precise_prefix(x, 3, n, 0.08);
    ck_assert_msg(n == want, "stopped after %d replications, the first precise prefix is %d", n,
                  want);
    ck_assert_msg(n >= 10, "the target is met too easily (%d replications) to test much", n);

    /* Any thread count: the same decision and the same numbers.  Repeated,
     * since the order in which threads finish differs from run to run. */
    for (int k = 0; k < 4; k++) {
        vs_summary *s2 = run_file(sc, 2 + k % 2);
        ck_assert_int_eq(s2->replications, n);
        ck_assert_int_eq(s2->precision_met, 1);
        ck_assert(s2->stations[0].response_time.mean == s1->stations[0].response_time.mean);
        ck_assert(s2->stations[0].response_time.ci95 == s1->stations[0].response_time.ci95);
        vs_summary_free(s2);
    }
    vs_summary_free(s1);

    /* replications above 3 is the minimum: a target met at once still runs
     * them all. */
    sc = write_mm1("prec-min.yaml", 5, 1500, "{time: 100}", 9, 0.7,
                   "precision: {metric: server.response_time.mean, relative: 0.5}\n");
    s1 = run_file(sc, 2);
    ck_assert_int_eq(s1->replications, 9);
    ck_assert_int_eq(s1->precision_met, 1);
    vs_summary_free(s1);

    /* Not reachable: max_replications, not met. */
    sc = write_mm1("prec-max.yaml", 5, 1500, "{time: 100}", 2, 0.7,
                   "precision: {metric: response_time.mean, relative: 0.0001, "
                   "max_replications: 5}\n");
    s1 = run_file(sc, 2);
    ck_assert_int_eq(s1->replications, 5);
    ck_assert_int_eq(s1->precision_met, 0);
    vs_summary_free(s1);
}
END_TEST

/* ---- MSER-5 ---------------------------------------------------------------------------------- */

START_TEST(mser5_cuts_planted_burst)
{
    /* A burst of NB arrivals in the first TB seconds, then a steady stream
     * at LAMBDA: with mu = 1 the backlog B = NB - TB (about) drains at
     * mu - LAMBDA, ending near TD = TB + (NB - TB) / (1 - LAMBDA) on
     * average.  The work of the ~NB + LAMBDA TD jobs arrived by then has a
     * standard deviation sqrt(NB + LAMBDA TD) (exponential sizes), which
     * moves the end by that over (1 - LAMBDA): the drain ends within
     * TD +- 4 sqrt(NB + LAMBDA TD) / (1 - LAMBDA). */
    const double NB = 1000, TB = 50, LAMBDA = 0.5, T = 20000;
    const double TD = TB + (NB - TB) / (1.0 - LAMBDA);
    const double spread = Z * sqrt(NB + LAMBDA * TD) / (1.0 - LAMBDA);
    FILE *f = fopen(tmp_path("burst.txt"), "w");
    ck_assert_ptr_nonnull(f);
    for (int i = 0; i < (int)NB; i++)
        fprintf(f, "%.9g\n", TB * (i + 0.5) / NB);
    for (double t = TB + 1.0 / LAMBDA; t < T; t += 1.0 / LAMBDA)
        fprintf(f, "%.9g\n", t);
    fclose(f);
    char text[1024];
    snprintf(text, sizeof text,
             "name: burst\nseed: 8\nstop: {time: %g}\nwarmup: {auto: mser5}\nreplications: 1\n"
             "hosts: [{name: host, cores: 1, scheduler: dedicated}]\n"
             "vms: [{name: server, vcpus: 1, host: host, scheduler: fcfs}]\n"
             "workloads:\n  - name: jobs\n    target: server\n"
             "    arrival: {dist: trace, file: burst.txt}\n"
             "    size: {dist: exponential, mean: 1.0}\n",
             T);
    const char *sc = write_tmp("burst.yaml", text);
    vs_summary *s = run_file(sc, 1);
    /* The cut lands after the backlog is mostly gone: no earlier than when
     * 90% of it has drained at the earliest, and no later than a few hundred
     * seconds after it has surely drained (the steady queue at rho = 0.5
     * relaxes in tens of seconds; MSER-5's blocks are T / 1000 = 20 s). */
    double lo = TB + 0.9 * (TD - TB) - spread, hi = TD + spread + 500.0;
    ck_assert_msg(s->warmup_time >= lo && s->warmup_time <= hi,
                  "MSER-5 cut %g s, expected in [%g, %g] (drain ends near %g s)", s->warmup_time,
                  lo, hi, TD);
    /* After the cut the queue is the steady M/D/1-like stream's: far below
     * the burst's backlog. */
    ck_assert_msg(s->stations[0].jobs_in_system.mean < 5.0, "jobs in system %g after the cut",
                  s->stations[0].jobs_in_system.mean);
    vs_summary_free(s);

    /* A stationary start (M/M/1 at rho = 0.3 starts empty, near its mean of
     * 0.43 jobs): a cut of a few blocks at most. */
    sc = write_mm1("calm.yaml", 8, T, "{auto: mser5}", 2, 0.3, NULL);
    s = run_file(sc, 2);
    ck_assert_msg(s->warmup_time <= CALM_MAX_CUT, "MSER-5 cut %g s from a stationary start",
                  s->warmup_time);
    vs_summary_free(s);
}
END_TEST


/* ---- figures ----------------------------------------------------------------------------------- */

static const char *const fig_kinds[] = {"load-latency", "response-cdf", "timeseries", "compare",
                                        "plan"};

/* A figure of the given kind from freshly simulated results (a new
 * simulation on every call, from the same scenario files and seeds). */
static vs_figure *simulate_figure(const char *kind)
{
    vs_err err;
    vs_err_clear(&err);
    vs_figure *fig = NULL;
    vs_run_opts opts = {.threads = 2};
    char text[2048];
    snprintf(text, sizeof text, mmc_fmt, 2000.0, 3, "{dist: exponential, rate: 3.6}");
    const char *mmc = write_tmp("fig-mmc.yaml", text);
    if (strcmp(kind, "load-latency") == 0 || strcmp(kind, "compare") == 0) {
        int ll = kind[0] == 'l';
        const char *sc = ll ? write_mm1("fig-mm1.yaml", 4, 2000, "{time: 100}", 3, 0.5, NULL) : mmc;
        vs_vary v;
        vs_sweep *sw = sweep1(sc, ll ? "workloads.jobs.arrival.rate=0.2..0.8:0.2"
                                     : "vms.web.vcpus=4,5,6", &v);
        ck_assert_msg(vs_figure_from_sweep(kind, sw, &fig, &err) == VS_OK, "%s", err.msg);
        vs_sweep_free(sw);
        vs_vary_fini(&v);
    } else if (strcmp(kind, "plan") == 0) {
        vs_vary v;
        ck_assert_int_eq(vs_vary_parse("vms.web.vcpus=1..16", &v, &err), VS_OK);
        vs_plan *p = NULL;
        ck_assert_msg(vs_plan_run(mmc, NULL, 0, &v, "web.wait_time.mean<=0.15", &opts, &p,
                                  &err) == VS_OK,
                      "%s", err.msg);
        ck_assert_msg(vs_figure_from_plan(p, &fig, &err) == VS_OK, "%s", err.msg);
        vs_plan_free(p);
        vs_vary_fini(&v);
    } else {
        const char *sc = write_mm1("fig-run.yaml", 4, 2000, "{time: 100}", 2, 0.7,
                                   "output: {series: 20s}\n");
        vs_summary *s = run_file(sc, 2);
        ck_assert_msg(vs_figure_from_summary(kind, s, &fig, &err) == VS_OK, "%s", err.msg);
        vs_summary_free(s);
    }
    ck_assert_ptr_nonnull(fig);
    ck_assert_str_eq(fig->kind, kind);
    return fig;
}

static void render(const vs_figure *fig, const char *path)
{
    vs_err err;
    vs_err_clear(&err);
    ck_assert_msg(vs_figure_render(fig, path, &err) == VS_OK, "%s: %s", path, err.msg);
}

static void save(const vs_figure *fig, const char *path)
{
    FILE *f = fopen(path, "w");
    ck_assert_ptr_nonnull(f);
    ck_assert_int_eq(vs_figure_save(f, fig), VS_OK);
    ck_assert_int_eq(fclose(f), 0);
}

/* Pixels of a PNG: size, non-white pixels, and colours used by at least 20
 * pixels (exact RGB values). */
typedef struct png_stats {
    int w, h;
    long nonwhite;
    int colours;
} png_stats;

static png_stats png_read(const char *path)
{
    png_stats st = {0, 0, 0, 0};
    cairo_surface_t *img = cairo_image_surface_create_from_png(path);
    ck_assert_msg(cairo_surface_status(img) == CAIRO_STATUS_SUCCESS, "%s: %s", path,
                  cairo_status_to_string(cairo_surface_status(img)));
    cairo_surface_flush(img);
    st.w = cairo_image_surface_get_width(img);
    st.h = cairo_image_surface_get_height(img);
    int stride = cairo_image_surface_get_stride(img);
    const unsigned char *d = cairo_image_surface_get_data(img);
    enum { NC = 4096 };
    uint32_t col[NC];
    long cnt[NC];
    int ncol = 0;
    for (int y = 0; y < st.h; y++) {
        const uint32_t *row = (const uint32_t *)(const void *)(d + (size_t)y * (size_t)stride);
        for (int x = 0; x < st.w; x++) {
            uint32_t px = row[x] & 0xFFFFFFu;
            if (px != 0xFFFFFFu)
                st.nonwhite++;
            int k = 0;
            while (k < ncol && col[k] != px)
                k++;
            if (k == ncol && ncol < NC) {
                col[ncol] = px;
                cnt[ncol++] = 0;
            }
            if (k < ncol)
                cnt[k]++;
        }
    }
    for (int k = 0; k < ncol; k++)
        st.colours += cnt[k] >= 20;
    cairo_surface_destroy(img);
    return st;
}

START_TEST(figure_kinds_render)
{
    const char *kind = fig_kinds[_i];
    vs_figure *f1 = simulate_figure(kind), *f2 = simulate_figure(kind);
    char a[512], b[512], c[512], sa[512], sb[512];
    snprintf(a, sizeof a, "%s/%s-1.png", g_tmp, kind);
    snprintf(b, sizeof b, "%s/%s-2.png", g_tmp, kind);
    snprintf(c, sizeof c, "%s/%s-3.png", g_tmp, kind);
    snprintf(sa, sizeof sa, "%s/%s-1.fig.csv", g_tmp, kind);
    snprintf(sb, sizeof sb, "%s/%s-2.fig.csv", g_tmp, kind);
    render(f1, a);
    render(f2, b);
    png_stats st = png_read(a);
    ck_assert_int_eq(st.w, 900);
    ck_assert_int_eq(st.h, 600);
    long pixels = (long)st.w * st.h;
    ck_assert_msg(st.nonwhite >= pixels / 50, "%s: %ld non-white pixels of %ld", kind,
                  st.nonwhite, pixels);
    ck_assert_msg(st.colours >= 5, "%s: %d colours", kind, st.colours);
    /* Two simulations with the same seed draw the same bytes. */
    ck_assert_msg(same_bytes(a, b), "%s: two runs with the same seed differ", kind);

    /* The figure file round-trips exactly, and redraws the same image. */
    save(f1, sa);
    vs_figure *back = NULL;
    vs_err err;
    vs_err_clear(&err);
    ck_assert_msg(vs_figure_load(sa, &back, &err) == VS_OK, "%s", err.msg);
    save(back, sb);
    ck_assert_msg(same_bytes(sa, sb), "%s: save, load, save changed the figure file", kind);
    render(back, c);
    ck_assert_msg(same_bytes(a, c), "%s: the loaded figure draws differently", kind);
    vs_figure_free(back);
    vs_figure_free(f1);
    vs_figure_free(f2);
}
END_TEST

static void load_fails(const char *name, const char *text, const char *msg_after_path)
{
    const char *path = write_tmp(name, text);
    vs_figure *fig = NULL;
    vs_err err;
    vs_err_clear(&err);
    ck_assert_msg(vs_figure_load(path, &fig, &err) == VS_EPARSE, "%s loaded", name);
    ck_assert_ptr_null(fig);
    char want[1024];
    snprintf(want, sizeof want, "%s:%s", path, msg_after_path);
    ck_assert_str_eq(err.msg, want);
}

START_TEST(figure_file_errors)
{
    load_fails("empty.fig.csv", "", " empty figure file");
    load_fails("magic.fig.csv", "kind,plan\n",
               "1: not a virtsim figure file (expected 'virtsim-figure,1')");
    load_fails("version.fig.csv", "virtsim-figure,2\n",
               "1: not a virtsim figure file (expected 'virtsim-figure,1')");
    load_fails("record.fig.csv", "virtsim-figure,1\nkind,plan\nlegend,top\n",
               "3: unknown record 'legend' with 2 fields");
    load_fails("size.fig.csv", "virtsim-figure,1\nsize,900,tall\n",
               "2: size: expected two integers from 0 to 10000");
    load_fails("point.fig.csv", "virtsim-figure,1\nkind,plan\npoint,1,2\n",
               "3: point before any series");
    load_fails("number.fig.csv",
               "virtsim-figure,1\nseries,line,0,1,a,0\npoint,1,2\npoint,1,x\n",
               "4: point: expected X,Y as numbers");
    load_fails("errors.fig.csv", "virtsim-figure,1\nseries,line,0,1,a,1\npoint,1,2\n",
               "3: point: expected X,Y,YLO,YHI as numbers");
    load_fails("series.fig.csv", "virtsim-figure,1\nseries,pie,0,1,a,0\n",
               "2: series: expected KIND,PANEL,COLOR,LABEL,HAS_ERRORS");
    load_fails("panel.fig.csv", "virtsim-figure,1\npanel,1,y,0,\n", "2: panel: expected index 0");
    load_fails("xrange.fig.csv", "virtsim-figure,1\nxrange,5,1\n",
               "2: xrange: expected MIN,MAX with MIN < MAX");
    load_fails("ref.fig.csv", "virtsim-figure,1\nref,2,1,0,0,x\n",
               "2: ref: expected VERTICAL,VALUE,PANEL,COLOR,LABEL");

    vs_figure *fig = NULL;
    vs_err err;
    vs_err_clear(&err);
    ck_assert_int_eq(vs_figure_load(tmp_path("missing.fig.csv"), &fig, &err), VS_EIO);
    ck_assert_ptr_null(fig);
}
END_TEST

START_TEST(figure_builder_errors)
{
    /* A run without output.series has no time series to draw. */
    const char *sc = write_mm1("plain.yaml", 4, 500, "{time: 0}", 1, 0.5, NULL);
    vs_summary *s = run_file(sc, 1);
    vs_figure *fig = NULL;
    vs_err err;
    vs_err_clear(&err);
    ck_assert_int_eq(vs_figure_from_summary("timeseries", s, &fig, &err), VS_EINVAL);
    ck_assert_ptr_null(fig);
    ck_assert_str_eq(err.msg, "timeseries: no time series was recorded (set output: {series: "
                              "INTERVAL} in the scenario)");
    vs_err_clear(&err);
    ck_assert_int_eq(vs_figure_from_summary("plan", s, &fig, &err), VS_EINVAL);
    ck_assert_ptr_null(fig);
    vs_summary_free(s);

    /* load-latency needs a numeric parameter. */
    vs_vary v;
    vs_sweep *sw = sweep1(sc, "vms.server.scheduler=fcfs,ps", &v);
    vs_err_clear(&err);
    ck_assert_int_eq(vs_figure_from_sweep("load-latency", sw, &fig, &err), VS_EINVAL);
    ck_assert_ptr_null(fig);
    ck_assert_msg(err.msg[0] != '\0', "no message");
    /* ...but compare draws categories. */
    ck_assert_msg(vs_figure_from_sweep("compare", sw, &fig, &err) == VS_OK, "%s", err.msg);
    ck_assert_uint_eq(fig->ncategories, 2);
    vs_figure_free(fig);
    vs_sweep_free(sw);
    vs_vary_fini(&v);
}
END_TEST

/* ---- main ------------------------------------------------------------------------------------- */

static Suite *experiment_suite(void)
{
    Suite *s = suite_create("experiment");
    TCase *parse = tcase_create("parse");
    tcase_add_test(parse, vary_lists_and_ranges);
    tcase_add_test(parse, vary_errors);
    tcase_add_test(parse, metric_paths);
    tcase_add_test(parse, target_parsing);
    suite_add_tcase(s, parse);

    TCase *study = tcase_create("study");
    tcase_add_checked_fixture(study, tmp_setup, tmp_teardown);
    tcase_set_timeout(study, 300);
    tcase_add_test(study, sweep_mm1_theory);
    tcase_add_test(study, sweep_grid_order);
    tcase_add_test(study, plan_mmc_matches_erlang_c);
    tcase_add_test(study, plan_without_model_bisects);
    tcase_add_test(study, plan_errors);
    tcase_add_test(study, compare_paired_crn);
    tcase_add_test(study, precision_first_prefix);
    tcase_add_test(study, mser5_cuts_planted_burst);
    suite_add_tcase(s, study);

    TCase *figs = tcase_create("figures");
    tcase_add_checked_fixture(figs, tmp_setup, tmp_teardown);
    tcase_set_timeout(figs, 300);
    tcase_add_loop_test(figs, figure_kinds_render, 0, 5);
    tcase_add_test(figs, figure_file_errors);
    tcase_add_test(figs, figure_builder_errors);
    suite_add_tcase(s, figs);
    return s;
}

int main(void)
{
    gsl_set_error_handler_off();
    SRunner *sr = srunner_create(experiment_suite());
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
