/*
 * check_cli_study.c: tests of the `virtsim` study commands (sweep, compare,
 * plan) and of `virtsim plot`, run as a child process (src/cli/main.c).
 *
 * The child-process runner and the small JSON reader are in cli_harness.h,
 * shared with check_cli.c.
 * What is checked:
 *   - exit codes: 2 for a bad --vary, a bad --target, an unknown --plot, a
 *     plot another command draws, --plot without --out, a missing --vary or
 *     --target; 0 for successful sweeps, comparisons and plans;
 *   - `plan --format json` has the documented shape {"vary", "answer",
 *     "target": {"station", "metric", "op", "value"}, "analytic_estimate",
 *     "evaluations": [{"value", "mean", "ci95", "meets"}]}, and --out writes
 *     the same document to plan.json;
 *   - --plot writes KIND.png and KIND.fig.csv; `virtsim plot DIR` redraws
 *     every saved figure as PNG (byte-identical to the original), SVG or PDF;
 *   - Ctrl-C (SIGINT) during a long sweep exits 130 with the points finished
 *     so far printed and written, marked partial.
 */
#include <check.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <gsl/gsl_errno.h>

#define CLI_HARNESS_NAME "check_cli_study"
#include "unit/cli_harness.h"

/* ---- the scenario the tests run ---------------------------------------------------- */

/* M/M/1 at rho = 0.8 on an 8-core host (so vcpus may grow): 4 replications
 * of 2000 s, a fraction of a second per variant. */
static const char study_yaml[] = "name: study\n"
                                 "seed: 42\n"
                                 "stop: {time: 2000}\n"
                                 "warmup: {time: 100}\n"
                                 "replications: 4\n"
                                 "hosts:\n"
                                 "  - {name: host, cores: 8}\n"
                                 "vms:\n"
                                 "  - {name: server, vcpus: 1, host: host}\n"
                                 "workloads:\n"
                                 "  - name: jobs\n"
                                 "    target: server\n"
                                 "    arrival: {dist: exponential, rate: 0.8}\n"
                                 "    size: {dist: exponential, mean: 1.0}\n";

static const char *study_scenario(void)
{
    const char *path = tmp_path("study.yaml");
    write_file(path, study_yaml);
    return path;
}

static int file_exists(const char *path) { return access(path, F_OK) == 0; }

/* The first n bytes of a file equal magic. */
static int starts_with(const char *path, const char *magic)
{
    char *text = read_file(path);
    int ok = text && strncmp(text, magic, strlen(magic)) == 0;
    free(text);
    return ok;
}

/* ---- exit codes ---------------------------------------------------------------------- */

START_TEST(usage_errors_exit_2)
{
    const char *sc = study_scenario();
    const char *out = tmp_path("out");
    result r;

    r = vs_run("sweep", sc, "--vary", "workloads.jobs.arrival.rate", NULL);
    ck_status(r, 2);
    ck_contains(r.err, "--vary expects PATH=v1,v2,... or PATH=LO..HI[:STEP], got "
                       "'workloads.jobs.arrival.rate'");
    ck_contains(r.err, "usage: virtsim sweep");
    result_free(&r);

    r = vs_run("sweep", sc, "--vary", "workloads.jobs.arrival.rate=0.5..0.1:0.1", NULL);
    ck_status(r, 2);
    ck_contains(r.err, "expected LO <= HI and a positive STEP");
    result_free(&r);

    r = vs_run("sweep", sc, NULL);
    ck_status(r, 2);
    ck_contains(r.err, "at least one --vary PATH=VALUES is needed");
    result_free(&r);

    /* A value the scenario refuses is a scenario error. */
    r = vs_run("sweep", sc, "--vary", "vms.server.vcpus=1,many", "--quiet", NULL);
    ck_status(r, 2);
    ck_contains(r.err, "many");
    result_free(&r);

    r = vs_run("plan", sc, "--vary", "vms.server.vcpus=1..4", "--target",
               "server.latency.mean<=2", NULL);
    ck_status(r, 2);
    ck_contains(r.err, "unknown metric 'latency.mean'");
    result_free(&r);

    r = vs_run("plan", sc, "--vary", "vms.server.vcpus=1..4", "--target",
               "server.response_time.mean=2", NULL);
    ck_status(r, 2);
    ck_contains(r.err, "--target expects STATION.METRIC<=VALUE or STATION.METRIC>=VALUE");
    result_free(&r);

    r = vs_run("plan", sc, "--vary", "vms.server.vcpus=1..4", NULL);
    ck_status(r, 2);
    ck_contains(r.err, "plan needs exactly one --vary and a --target");
    result_free(&r);

    r = vs_run("plan", sc, "--vary", "vms.server.vcpus=1..4", "--target",
               "db.response_time.mean<=2", "--quiet", NULL);
    ck_status(r, 2);
    ck_contains(r.err, "no VM named 'db'");
    result_free(&r);

    r = vs_run("sweep", sc, "--vary", "vms.server.vcpus=1,2", "--plot", "histogram", "--out",
               out, NULL);
    ck_status(r, 2);
    ck_contains(r.err, "unknown plot 'histogram' (expected one of: load-latency, response-cdf, "
                       "timeseries, compare, plan, all)");
    result_free(&r);

    r = vs_run("sweep", sc, "--vary", "vms.server.vcpus=1,2", "--plot", "load-latency", "--quiet",
               NULL);
    ck_status(r, 2);
    ck_contains(r.err, "give --out DIR");
    result_free(&r);

    r = vs_run("compare", sc, "--vary", "vms.server.vcpus=1,2", "--plot", "load-latency", "--out",
               out, "--quiet", NULL);
    ck_status(r, 2);
    ck_contains(r.err, "this command does not draw 'load-latency'");
    result_free(&r);

    r = vs_run("sweep", sc, "--vary", "vms.server.vcpus=1,2", "--plot-format", "gif", NULL);
    ck_status(r, 2);
    ck_contains(r.err, "--plot-format expects png, svg or pdf, got 'gif'");
    result_free(&r);

    r = vs_run("plot", NULL);
    ck_status(r, 2);
    ck_contains(r.err, "no results directory given");
    result_free(&r);

    /* An empty directory has nothing to redraw: a runtime failure. */
    mkdir(out, 0755);
    r = vs_run("plot", out, NULL);
    ck_status(r, 1);
    ck_contains(r.err, "no figure files (*.fig.csv) in");
    result_free(&r);
}
END_TEST

START_TEST(studies_succeed)
{
    const char *sc = study_scenario();
    result r = vs_run("sweep", sc, "--vary", "workloads.jobs.arrival.rate=0.2..0.6:0.2", "--quiet",
                      NULL);
    ck_status(r, 0);
    ck_contains(r.out, "virtsim sweep: study, 3 points");
    ck_contains(r.out, "0.4");
    result_free(&r);

    r = vs_run("sweep", sc, "--vary", "vms.server.vcpus=1,2", "--vary",
               "workloads.jobs.arrival.rate=0.2,0.4", "--format", "json", "--quiet", NULL);
    ck_status(r, 0);
    jv *j = json_parse(r.out);
    ck_assert_msg(j != NULL, "sweep JSON does not parse:\n%s", r.out);
    ck_assert_uint_eq(jv_must(j, "points", J_ARR)->n, 4);
    ck_assert_str_eq(jstr(j, "vary.0"), "vms.server.vcpus");
    ck_assert_int_eq(jv_must(j, "partial", J_BOOL)->num, 0);
    /* The first --vary varies slowest. */
    static const char *const want[4][2] = {{"1", "0.2"}, {"1", "0.4"}, {"2", "0.2"}, {"2", "0.4"}};
    for (int p = 0; p < 4; p++) {
        char key[64];
        snprintf(key, sizeof key, "points.%d.values", p);
        const jv *vals = jv_must(j, key, J_OBJ);
        ck_assert_uint_eq(vals->n, 2);
        ck_assert_str_eq(vals->keys[0], "vms.server.vcpus");
        ck_assert_str_eq(vals->items[0]->str, want[p][0]);
        ck_assert_str_eq(vals->items[1]->str, want[p][1]);
    }
    ck_assert_int_eq((int)jnum(j, "points.2.summary.stations.0.vcpus"), 2);
    ck_assert_int_eq((int)jnum(j, "points.1.summary.stations.0.vcpus"), 1);
    jv_free(j);
    result_free(&r);

    r = vs_run("compare", sc, "--vary", "vms.server.vcpus=1,2", "--format", "json", "--quiet",
               NULL);
    ck_status(r, 0);
    j = json_parse(r.out);
    ck_assert_msg(j != NULL, "compare JSON does not parse:\n%s", r.out);
    ck_assert_int_eq(jv_must(j, "partial", J_BOOL)->num, 0);
    jv_must(j, "comparisons", J_ARR);
    jv_free(j);
    result_free(&r);

    r = vs_run("compare", sc, "--vary", "vms.server.vcpus=1,2", "--quiet", NULL);
    ck_status(r, 0);
    ck_contains(r.out, "common random numbers");
    ck_contains(r.out, "(reference)");
    result_free(&r);
}
END_TEST

/* ---- plan --format json ------------------------------------------------------------------ */

/* The keys of object v, in order, joined by commas. */
static void keys_of(const jv *v, char *buf, size_t len)
{
    buf[0] = '\0';
    for (size_t i = 0; i < v->n; i++) {
        strncat(buf, i ? "," : "", len - strlen(buf) - 1);
        strncat(buf, v->keys[i], len - strlen(buf) - 1);
    }
}

START_TEST(plan_json_shape)
{
    /* M/M/c at lambda = 0.8: c = 1 gives 5 s, c = 2 gives 1.19 s (Erlang C),
     * so response_time.mean <= 1.5 needs c = 2, in theory and with the CIs
     * of these runs. */
    const char *sc = study_scenario();
    const char *out = tmp_path("plan");
    result r = vs_run("plan", sc, "--vary", "vms.server.vcpus=1..8", "--target",
                      "server.response_time.mean<=1.5", "--format", "json", "--out", out,
                      "--quiet", NULL);
    ck_status(r, 0);
    jv *j = json_parse(r.out);
    ck_assert_msg(j != NULL, "plan JSON does not parse:\n%s", r.out);
    ck_assert_int_eq(j->type, J_OBJ);
    char keys[512];
    keys_of(j, keys, sizeof keys);
    ck_assert_str_eq(keys, "vary,answer,target,analytic_estimate,evaluations");
    ck_assert_str_eq(jstr(j, "vary"), "vms.server.vcpus");
    ck_assert_double_eq(jnum(j, "answer"), 2);
    ck_assert_double_eq(jnum(j, "analytic_estimate"), 2);
    const jv *t = jv_must(j, "target", J_OBJ);
    keys_of(t, keys, sizeof keys);
    ck_assert_str_eq(keys, "station,metric,op,value");
    ck_assert_str_eq(jstr(j, "target.station"), "server");
    ck_assert_str_eq(jstr(j, "target.metric"), "response_time.mean");
    ck_assert_str_eq(jstr(j, "target.op"), "<=");
    ck_assert_double_eq(jnum(j, "target.value"), 1.5);
    const jv *ev = jv_must(j, "evaluations", J_ARR);
    ck_assert_uint_eq(ev->n, 2);
    for (size_t i = 0; i < ev->n; i++) {
        const jv *e = ev->items[i];
        ck_assert_int_eq(e->type, J_OBJ);
        keys_of(e, keys, sizeof keys);
        ck_assert_str_eq(keys, "value,mean,ci95,meets");
        ck_assert_int_eq(e->items[0]->type, J_NUM);
        ck_assert_int_eq(e->items[1]->type, J_NUM);
        ck_assert_int_eq(e->items[2]->type, J_NUM);
        ck_assert_int_eq(e->items[3]->type, J_BOOL);
        /* meets: the upper CI bound at or below the target. */
        int meets = e->items[1]->num + e->items[2]->num <= 1.5;
        ck_assert_int_eq((int)e->items[3]->num, meets);
    }
    /* The estimate first, then one step down. */
    ck_assert_double_eq(jnum(j, "evaluations.0.value"), 2);
    ck_assert_int_eq(jv_must(j, "evaluations.0.meets", J_BOOL)->num, 1);
    ck_assert_double_eq(jnum(j, "evaluations.1.value"), 1);
    ck_assert_int_eq(jv_must(j, "evaluations.1.meets", J_BOOL)->num, 0);

    /* --out writes the same document. */
    char path[512];
    snprintf(path, sizeof path, "%s/plan.json", out);
    char *saved = read_file(path);
    ck_assert_msg(saved != NULL, "plan.json not written");
    ck_assert_str_eq(saved, r.out);
    free(saved);
    jv_free(j);
    result_free(&r);

    /* No value meets the target: answer and estimate are null. */
    r = vs_run("plan", sc, "--vary", "vms.server.vcpus=1..3", "--target",
               "server.response_time.mean<=0.5", "--format", "json", "--quiet", NULL);
    ck_status(r, 0);
    j = json_parse(r.out);
    ck_assert_msg(j != NULL, "plan JSON does not parse:\n%s", r.out);
    jv_must(j, "answer", J_NULL);
    jv_must(j, "analytic_estimate", J_NULL);
    jv_free(j);
    result_free(&r);
}
END_TEST

/* ---- virtsim plot DIR -------------------------------------------------------------------- */

START_TEST(plot_redraws_saved_figures)
{
    const char *sc = study_scenario();
    const char *dir = tmp_path("figs");
    char png[512], fig[512], orig[512], path[512];
    snprintf(png, sizeof png, "%s/load-latency.png", dir);
    snprintf(fig, sizeof fig, "%s/load-latency.fig.csv", dir);
    snprintf(orig, sizeof orig, "%s/original.png", g_tmp);

    result r = vs_run("sweep", sc, "--vary", "workloads.jobs.arrival.rate=0.2..0.8:0.2", "--out",
                      dir, "--plot", "load-latency", "--quiet", NULL);
    ck_status(r, 0);
    result_free(&r);
    ck_assert_msg(file_exists(png) && file_exists(fig), "load-latency.png or .fig.csv missing");
    ck_assert(starts_with(fig, "virtsim-figure,1\n"));
    ck_assert_int_eq(rename(png, orig), 0);

    r = vs_run("compare", sc, "--vary", "vms.server.vcpus=1,2", "--out", dir, "--plot",
               "compare", "--quiet", NULL);
    ck_status(r, 0);
    result_free(&r);
    r = vs_run("plan", sc, "--vary", "vms.server.vcpus=1..4", "--target",
               "server.response_time.mean<=1.5", "--out", dir, "--plot", "plan", "--quiet", NULL);
    ck_status(r, 0);
    result_free(&r);

    /* Every saved figure is redrawn, as PNG by default; load-latency gives
     * the original's bytes. */
    r = vs_run("plot", dir, NULL);
    ck_status(r, 0);
    char want[2048];
    snprintf(want, sizeof want, "%s/load-latency.png\n%s/compare.png\n%s/plan.png\n", dir, dir,
             dir);
    ck_assert_str_eq(r.out, want);
    result_free(&r);
    char *a = read_file(orig), *b = read_file(png);
    ck_assert_ptr_nonnull(a);
    ck_assert_ptr_nonnull(b);
    ck_assert_msg(memcmp(a, "\x89PNG", 4) == 0, "not a PNG");
    /* PNGs hold NUL bytes: compare the files by size and content. */
    struct stat sa, sb;
    ck_assert_int_eq(stat(orig, &sa), 0);
    ck_assert_int_eq(stat(png, &sb), 0);
    ck_assert_int_eq(sa.st_size, sb.st_size);
    FILE *fa = fopen(orig, "rb"), *fb = fopen(png, "rb");
    ck_assert(fa && fb);
    int ca, cb, same = 1;
    do {
        ca = fgetc(fa);
        cb = fgetc(fb);
        same &= ca == cb;
    } while (ca != EOF && cb != EOF);
    fclose(fa);
    fclose(fb);
    ck_assert_msg(same, "the redrawn PNG differs from the original");
    free(a);
    free(b);

    /* Other formats, and one kind only. */
    r = vs_run("plot", dir, "--plot-format", "svg", NULL);
    ck_status(r, 0);
    result_free(&r);
    snprintf(path, sizeof path, "%s/plan.svg", dir);
    char *svg = read_file(path);
    ck_assert_msg(svg && strstr(svg, "<svg") != NULL, "%s is not SVG", path);
    free(svg);
    r = vs_run("plot", dir, "--plot", "compare", "--plot-format", "pdf", NULL);
    ck_status(r, 0);
    snprintf(want, sizeof want, "%s/compare.pdf\n", dir);
    ck_assert_str_eq(r.out, want);
    result_free(&r);
    snprintf(path, sizeof path, "%s/compare.pdf", dir);
    ck_assert(starts_with(path, "%PDF"));
    snprintf(path, sizeof path, "%s/plan.pdf", dir);
    ck_assert(!file_exists(path));

    /* A damaged figure file: the message names its line, exit 1. */
    write_file(fig, "virtsim-figure,1\nkind,load-latency\npoint,1,2\n");
    r = vs_run("plot", dir, "--plot", "load-latency", NULL);
    ck_status(r, 1);
    snprintf(want, sizeof want, "%s:3: point before any series", fig);
    ck_contains(r.err, want);
    result_free(&r);
}
END_TEST

/* ---- Ctrl-C --------------------------------------------------------------------------- */


/* A sweep whose third point would run for ages: SIGINT stops it, the two
 * finished points and the interrupted one are printed and written, marked
 * partial, and the exit status is 130. */
START_TEST(sigint_partial_sweep)
{
    const char *sc = study_scenario();
    const char *dir = tmp_path("partial");
    char *argv[] = {strdup("virtsim"), strdup("sweep"), strdup(sc), strdup("--vary"),
                    strdup("stop.time=200,300,2e12"), strdup("--threads"), strdup("1"),
                    strdup("--set"), strdup("replications=1"), strdup("--out"), strdup(dir),
                    strdup("--format"), strdup("json"), NULL};
    ck_assert_msg(access(VIRTSIM, X_OK) == 0, "%s is not built", VIRTSIM);
    pid_t pid = spawn(argv, 999);
    for (int i = 0; argv[i]; i++)
        free(argv[i]);
    wait_for_sigint_handler(pid, SLOW_BUILD ? 60.0 : 20.0);
    struct timespec t = {0, 500 * 1000 * 1000};
    nanosleep(&t, NULL);
    ck_assert_int_eq(kill(pid, SIGINT), 0);
    result r = {0, NULL, NULL};
    r.status = wait_for(pid, SLOW_BUILD ? 60.0 : 20.0);
    collect(&r, 999);
    ck_status(r, 130);
    ck_contains(r.err, "interrupted");
    jv *j = json_parse(r.out);
    ck_assert_msg(j != NULL, "partial sweep JSON does not parse:\n%s", r.out);
    ck_assert_int_eq(jv_must(j, "partial", J_BOOL)->num, 1);
    ck_assert_uint_eq(jv_must(j, "points", J_ARR)->n, 3);
    ck_assert_int_eq(jv_must(j, "points.0.summary.partial", J_BOOL)->num, 0);
    ck_assert_int_eq(jv_must(j, "points.1.summary.partial", J_BOOL)->num, 0);
    ck_assert_int_eq(jv_must(j, "points.2.summary.partial", J_BOOL)->num, 1);
    ck_assert(jnum(j, "points.2.summary.sim_time") < 2e12);
    jv_free(j);

    char path[512];
    snprintf(path, sizeof path, "%s/sweep.json", dir);
    char *saved = read_file(path);
    ck_assert_msg(saved != NULL, "sweep.json not written after SIGINT");
    ck_assert_str_eq(saved, r.out);
    free(saved);
    snprintf(path, sizeof path, "%s/sweep.csv", dir);
    ck_assert(file_exists(path));
    result_free(&r);
}
END_TEST

/* ---- main --------------------------------------------------------------------------- */

static Suite *cli_study_suite(void)
{
    Suite *s = suite_create("cli_study");
    TCase *tc = tcase_create("cli_study");
    tcase_add_checked_fixture(tc, tmp_setup, tmp_teardown);
    tcase_set_timeout(tc, SLOW_BUILD ? 300 : 120);
    tcase_add_test(tc, usage_errors_exit_2);
    tcase_add_test(tc, studies_succeed);
    tcase_add_test(tc, plan_json_shape);
    tcase_add_test(tc, plot_redraws_saved_figures);
    tcase_add_test(tc, sigint_partial_sweep);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    gsl_set_error_handler_off();
    SRunner *sr = srunner_create(cli_study_suite());
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
