/*
 * check_cli.c: tests of the `virtsim` command (src/cli/main.c), run as a
 * child process.
 *
 * Each test runs the built binary (VS_BINARY_DIR "/virtsim", so CMake must
 * have built it before the tests run) with fork and execv, its standard
 * output and error going to files in a fresh temporary directory, and checks
 * the exit status and what it printed or wrote:
 *   - exit codes: 0 ok; 2 for usage errors, bad scenarios, bad --set and bad
 *     --format; 1 when the results directory cannot be written; 130 after
 *     Ctrl-C (SIGINT), with the partial summary still printed and written;
 *   - --version, --help of the command and of every subcommand;
 *   - validate and describe;
 *   - --format json parses (a small JSON reader below) and holds the
 *     expected fields; --format csv has its header;
 *   - --out writes the four result files and leaves no temporary file;
 *   - --set, --seed and --threads: overrides take effect, a seed reproduces
 *     its results byte for byte and the thread count changes nothing (the
 *     wall-clock fields aside).
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

#define CLI_HARNESS_NAME "check_cli"
#include "unit/cli_harness.h"

/* The text without the lines holding wall-clock fields. */
static char *strip_wall(const char *text)
{
    char *out = malloc(strlen(text) + 1);
    ck_assert_ptr_nonnull(out);
    size_t n = 0;
    for (const char *line = text; *line;) {
        const char *end = strchr(line, '\n');
        size_t len = end ? (size_t)(end - line + 1) : strlen(line);
        int wall = 0;
        for (const char *k = line; k < line + len && !wall; k++)
            wall = strncmp(k, "\"wall_seconds\"", 14) == 0 ||
                   strncmp(k, "\"events_per_second\"", 19) == 0;
        if (!wall) {
            memcpy(out + n, line, len);
            n += len;
        }
        line += len;
    }
    out[n] = '\0';
    return out;
}

/* ---- the scenario the tests run ---------------------------------------------------- */

/* M/M/1 at rho = 0.8: 4 replications of 2000 s, a few tens of thousands of
 * events, a fraction of a second. */
static const char cli_yaml[] = "name: cli\n"
                               "seed: 42\n"
                               "stop: {time: 2000}\n"
                               "warmup: {time: 100}\n"
                               "replications: 4\n"
                               "hosts:\n"
                               "  - {name: host, cores: 2}\n"
                               "vms:\n"
                               "  - {name: server, vcpus: 1, host: host}\n"
                               "workloads:\n"
                               "  - name: jobs\n"
                               "    target: server\n"
                               "    arrival: {dist: exponential, rate: 0.8}\n"
                               "    size: {dist: exponential, mean: 1.0}\n";

static const char *cli_scenario(void)
{
    const char *path = tmp_path("cli.yaml");
    write_file(path, cli_yaml);
    return path;
}

static jv *run_json(const char *extra1, const char *extra2, const char *extra3,
                    const char *extra4, char **text)
{
    result r = vs_run("run", cli_scenario(), "--format", "json", "--quiet", extra1, extra2,
                      extra3, extra4, NULL);
    ck_status(r, 0);
    jv *v = json_parse(r.out);
    ck_assert_msg(v != NULL, "not JSON:\n%s", r.out);
    if (text)
        *text = strdup(r.out);
    result_free(&r);
    return v;
}

/* ---- version and help ------------------------------------------------------------- */

START_TEST(version)
{
    result r = vs_run("--version", NULL);
    ck_status(r, 0);
    ck_assert_msg(strncmp(r.out, "virtsim ", 8) == 0 && r.out[8] >= '0' && r.out[8] <= '9',
                  "--version printed '%s'", r.out);
    result_free(&r);
}
END_TEST

START_TEST(help_main)
{
    result r = vs_run("--help", NULL);
    ck_status(r, 0);
    ck_contains(r.out, "usage: virtsim COMMAND");
    ck_contains(r.out, "run SCENARIO.yaml");
    ck_contains(r.out, "validate");
    ck_contains(r.out, "describe");
    result_free(&r);
    /* No command at all: the usage on standard error, status 2. */
    r = vs_run(NULL);
    ck_status(r, 2);
    ck_contains(r.err, "usage: virtsim");
    result_free(&r);
}
END_TEST

START_TEST(help_subcommands)
{
    static const char *const cmds[] = {"run", "validate", "describe"};
    for (size_t i = 0; i < 3; i++) {
        char want[64];
        snprintf(want, sizeof want, "usage: virtsim %s", cmds[i]);
        result r = vs_run(cmds[i], "--help", NULL);
        ck_status(r, 0);
        ck_contains(r.out, want);
        result_free(&r);
        r = vs_run(cmds[i], "-h", NULL);
        ck_status(r, 0);
        ck_contains(r.out, want);
        result_free(&r);
    }
    result r = vs_run("run", "--help", NULL);
    ck_contains(r.out, "--seed");
    ck_contains(r.out, "--threads");
    ck_contains(r.out, "--set");
    ck_contains(r.out, "--out");
    ck_contains(r.out, "--format");
    result_free(&r);
}
END_TEST

/* ---- exit codes -------------------------------------------------------------------- */

START_TEST(usage_errors_exit_2)
{
    const char *sc = cli_scenario();
    result r = vs_run("frobnicate", NULL);
    ck_status(r, 2);
    ck_contains(r.err, "unknown command 'frobnicate'");
    result_free(&r);

    r = vs_run("run", NULL);
    ck_status(r, 2);
    ck_contains(r.err, "no scenario file");
    result_free(&r);

    r = vs_run("run", sc, "--bogus", NULL);
    ck_status(r, 2);
    ck_contains(r.err, "--bogus");
    result_free(&r);

    r = vs_run("run", sc, sc, NULL);
    ck_status(r, 2);
    result_free(&r);

    r = vs_run("run", sc, "--threads", "0", NULL);
    ck_status(r, 2);
    ck_contains(r.err, "--threads");
    result_free(&r);

    r = vs_run("run", sc, "--format", "xml", NULL);
    ck_status(r, 2);
    ck_contains(r.err, "--format");
    ck_contains(r.err, "xml");
    ck_assert_str_eq(r.out, "");
    result_free(&r);

    r = vs_run("run", sc, "--format", NULL);
    ck_status(r, 2);
    result_free(&r);

    /* run-only options are refused by validate */
    r = vs_run("validate", sc, "--seed", "3", NULL);
    ck_status(r, 2);
    result_free(&r);
}
END_TEST

START_TEST(bad_set_exits_2)
{
    const char *sc = cli_scenario();
    result r = vs_run("run", sc, "--set", "novalue", NULL);
    ck_status(r, 2);
    ck_contains(r.err, "KEY=VALUE");
    result_free(&r);

    r = vs_run("run", sc, "--set", "stop.tme=5", NULL);
    ck_status(r, 2);
    ck_contains(r.err, "stop.tme");
    ck_assert_str_eq(r.out, "");
    result_free(&r);

    r = vs_run("run", sc, "--set", "workloads.jobs.arrival.rate=-1", NULL);
    ck_status(r, 2);
    ck_contains(r.err, "--set workloads.jobs.arrival.rate=-1");
    result_free(&r);

    r = vs_run("run", sc, "--seed", "banana", NULL);
    ck_status(r, 2);
    result_free(&r);
}
END_TEST

START_TEST(bad_scenario_exits_2)
{
    /* Missing file. */
    result r = vs_run("run", tmp_path("missing.yaml"), NULL);
    ck_status(r, 2);
    ck_contains(r.err, "missing.yaml");
    result_free(&r);

    /* YAML syntax error: FILE:LINE:COL. */
    const char *bad = tmp_path("bad.yaml");
    write_file(bad, "name: bad\nstop: {time: 10\nhosts: []\n");
    r = vs_run("run", bad, NULL);
    ck_status(r, 2);
    ck_contains(r.err, "bad.yaml:");
    result_free(&r);

    /* Unknown key, with its line and column. */
    const char *typo = tmp_path("typo.yaml");
    char *text = strdup(cli_yaml);
    char *k = strstr(text, "replications");
    memcpy(k, "replicatoins", 12);
    write_file(typo, text);
    free(text);
    r = vs_run("validate", typo, NULL);
    ck_status(r, 2);
    ck_contains(r.err, "typo.yaml:5:1:");
    ck_contains(r.err, "replicatoins");
    result_free(&r);
    r = vs_run("run", typo, NULL);
    ck_status(r, 2);
    result_free(&r);

    /* A placement error found when the world is built. */
    const char *big = tmp_path("big.yaml");
    text = strdup(cli_yaml);
    k = strstr(text, "vcpus: 1");
    k[7] = '5';
    write_file(big, text);
    free(text);
    r = vs_run("run", big, NULL);
    ck_status(r, 2);
    ck_contains(r.err, "big.yaml:9:");
    result_free(&r);
}
END_TEST

/* The results directory cannot be created (its parent is a file): exit 1,
 * after printing the summary. */
START_TEST(unwritable_out_exits_1)
{
    const char *sc = cli_scenario();
    const char *file = tmp_path("plainfile");
    write_file(file, "x\n");
    result r = vs_run("run", sc, "--quiet", "--out", tmp_path("plainfile/results"), NULL);
    ck_status(r, 1);
    ck_contains(r.out, "virtsim results: cli");
    ck_assert_msg(strlen(r.err) > 0, "no message on stderr");
    result_free(&r);
}
END_TEST

/* ---- validate and describe ------------------------------------------------------------ */

START_TEST(validate_ok)
{
    const char *sc = cli_scenario();
    result r = vs_run("validate", sc, NULL);
    ck_status(r, 0);
    ck_assert_msg(strncmp(r.out, "OK", 2) == 0, "validate printed '%s'", r.out);
    result_free(&r);
    r = vs_run("validate", sc, "--set", "workloads.jobs.arrival.rate=0.5", NULL);
    ck_status(r, 0);
    ck_contains(r.out, "OK");
    result_free(&r);
}
END_TEST

START_TEST(describe_mentions_analytic_model)
{
    const char *sc = cli_scenario();
    result r = vs_run("describe", sc, NULL);
    ck_status(r, 0);
    ck_contains(r.out, "M/M/1");
    ck_contains(r.out, "server");
    result_free(&r);
    /* An override shows in the description. */
    r = vs_run("describe", sc, "--set", "vms.server.vcpus=2", NULL);
    ck_status(r, 0);
    ck_contains(r.out, "M/M/2");
    result_free(&r);
}
END_TEST

/* ---- output formats ------------------------------------------------------------------ */

START_TEST(format_json)
{
    jv *v = run_json(NULL, NULL, NULL, NULL, NULL);
    ck_assert_str_eq(jstr(v, "scenario"), "cli");
    ck_assert(jnum(v, "seed") == 42.0);
    ck_assert(jnum(v, "replications") == 4.0);
    ck_assert_int_eq(jv_must(v, "partial", J_BOOL)->num, 0);
    ck_assert(jnum(v, "events") > 1000.0);
    ck_assert(jnum(v, "sim_time") == 2000.0);
    ck_assert(jnum(v, "warmup_time") == 100.0);
    jnum(v, "wall_seconds");
    ck_assert_uint_eq(jv_must(v, "stations", J_ARR)->n, 1);
    ck_assert_str_eq(jstr(v, "stations.0.name"), "server");
    ck_assert_str_eq(jstr(v, "stations.0.host"), "host");
    ck_assert_str_eq(jstr(v, "stations.0.scheduler"), "fcfs");
    ck_assert(jnum(v, "stations.0.vcpus") == 1.0);
    /* Sanity ranges only (about 1500 jobs per replication at 0.8/s). */
    double tput = jnum(v, "stations.0.throughput.mean");
    ck_assert_msg(tput > 0.7 && tput < 0.9, "throughput %g", tput);
    ck_assert(jnum(v, "stations.0.throughput.ci95") > 0.0);
    ck_assert(jnum(v, "stations.0.utilization.mean") > 0.6);
    ck_assert(jnum(v, "stations.0.response_time.p95") > jnum(v, "stations.0.response_time.p50"));
    jnum(v, "stations.0.wait_time.mean");
    jnum(v, "stations.0.jobs_in_system.mean");
    jnum(v, "stations.0.queue_length.mean");
    ck_assert(jnum(v, "stations.0.blocking_probability") == 0.0);
    ck_assert(jnum(v, "stations.0.classes.0.class") == 0.0);
    ck_assert_str_eq(jstr(v, "stations.0.analytic.model"), "M/M/1");
    ck_assert(jnum(v, "stations.0.analytic.throughput") == 0.8);
    ck_assert(fabs(jnum(v, "stations.0.analytic.response_time") - 5.0) < 1e-9);
    ck_assert_str_eq(jstr(v, "hosts.0.name"), "host");
    ck_assert(jnum(v, "hosts.0.cores") == 2.0);
    jnum(v, "hosts.0.energy_kwh");
    jv_free(v);
}
END_TEST

START_TEST(format_csv)
{
    result r = vs_run("run", cli_scenario(), "--format", "csv", "--quiet", NULL);
    ck_status(r, 0);
    ck_assert_msg(strncmp(r.out, "name,", 5) == 0, "CSV starts '%.40s'", r.out);
    char *nl = strchr(r.out, '\n');
    ck_assert_ptr_nonnull(nl);
    size_t header_fields = 1, row_fields = 1;
    for (char *c = r.out; c < nl; c++)
        header_fields += *c == ',';
    ck_contains(r.out, "throughput");
    ck_contains(r.out, "utilization");
    char *row = nl + 1;
    ck_assert_msg(strncmp(row, "server,", 7) == 0, "first row '%.40s'", row);
    for (char *c = row; *c && *c != '\n'; c++)
        row_fields += *c == ',';
    ck_assert_uint_eq(row_fields, header_fields);
    result_free(&r);
}
END_TEST

START_TEST(format_text_default)
{
    result r = vs_run("run", cli_scenario(), NULL);
    ck_status(r, 0);
    ck_contains(r.out, "virtsim results: cli");
    ck_contains(r.out, "M/M/1");
    ck_assert_msg(strstr(r.out, "PARTIAL") == NULL, "a whole run printed PARTIAL");
    result_free(&r);
}
END_TEST

/* --out writes the four files, atomically: nothing else is left behind. */
START_TEST(out_dir)
{
    const char *dir = tmp_path("results/nested");
    char *text = NULL;
    jv *printed = run_json("--out", dir, NULL, NULL, &text);
    static const char *const want[] = {"summary.json", "stations.csv", "hosts.csv",
                                       "manifest.json"};
    int seen[4] = {0, 0, 0, 0};
    DIR *d = opendir(dir);
    ck_assert_msg(d != NULL, "%s was not created", dir);
    struct dirent *e;
    while ((e = readdir(d))) {
        if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
            continue;
        int known = 0;
        for (int i = 0; i < 4; i++)
            if (strcmp(e->d_name, want[i]) == 0)
                seen[i] = known = 1;
        ck_assert_msg(known, "unexpected file %s in %s", e->d_name, dir);
    }
    closedir(d);
    for (int i = 0; i < 4; i++)
        ck_assert_msg(seen[i], "%s not written", want[i]);

    char path[512];
    snprintf(path, sizeof path, "%s/summary.json", dir);
    char *sum_text = read_file(path);
    ck_assert_ptr_nonnull(sum_text);
    jv *sum = json_parse(sum_text);
    ck_assert_msg(sum != NULL, "summary.json is not JSON");
    ck_assert_str_eq(jstr(sum, "scenario"), "cli");
    ck_assert_int_eq(jv_must(sum, "partial", J_BOOL)->num, 0);
    /* The same numbers as printed (the wall clock aside). */
    char *a = strip_wall(text), *b = strip_wall(sum_text);
    ck_assert_str_eq(a, b);
    free(a);
    free(b);

    snprintf(path, sizeof path, "%s/manifest.json", dir);
    char *man_text = read_file(path);
    jv *man = json_parse(man_text);
    ck_assert_msg(man != NULL, "manifest.json is not JSON:\n%s", man_text);
    ck_assert_int_eq(jv_must(man, "partial", J_BOOL)->num, 0);

    snprintf(path, sizeof path, "%s/stations.csv", dir);
    char *csv = read_file(path);
    ck_assert_msg(strncmp(csv, "name,", 5) == 0, "stations.csv starts '%.40s'", csv);
    snprintf(path, sizeof path, "%s/hosts.csv", dir);
    char *hcsv = read_file(path);
    ck_assert_ptr_nonnull(hcsv);
    ck_contains(hcsv, "host");

    /* A second run replaces the files and still leaves nothing else. */
    jv_free(run_json("--out", dir, "--seed", "7", NULL));
    d = opendir(dir);
    int n = 0;
    while ((e = readdir(d)))
        n += e->d_name[0] != '.';
    closedir(d);
    ck_assert_int_eq(n, 4);

    free(csv);
    free(hcsv);
    free(man_text);
    jv_free(man);
    free(sum_text);
    jv_free(sum);
    free(text);
    jv_free(printed);
}
END_TEST

/* ---- overrides, seeds, threads --------------------------------------------------------- */

START_TEST(set_overrides_take_effect)
{
    jv *base = run_json(NULL, NULL, NULL, NULL, NULL);
    jv *slow = run_json("--set", "workloads.jobs.arrival.rate=0.4", NULL, NULL, NULL);
    double t0 = jnum(base, "stations.0.throughput.mean");
    double t1 = jnum(slow, "stations.0.throughput.mean");
    /* about 7000 jobs over the replications: the standard error of each is
     * about 0.01, the ranges below are more than 8 of them wide */
    ck_assert_msg(t0 > 0.7 && t0 < 0.9, "base throughput %g", t0);
    ck_assert_msg(t1 > 0.3 && t1 < 0.5, "throughput with rate 0.4: %g", t1);
    ck_assert(jnum(slow, "stations.0.analytic.throughput") == 0.4);
    jv_free(base);
    jv_free(slow);

    /* manifest.json records the command line as given, KEY=VALUE whole. */
    const char *dir = tmp_path("setrun");
    jv_free(run_json("--set", "workloads.jobs.arrival.rate=0.4", "--out", dir, NULL));
    char path[512];
    snprintf(path, sizeof path, "%s/manifest.json", dir);
    char *man_text = read_file(path);
    ck_assert_ptr_nonnull(man_text);
    jv *man = json_parse(man_text);
    ck_assert_msg(man != NULL, "manifest.json is not JSON:\n%s", man_text);
    ck_contains(jstr(man, "command_line"), "--set workloads.jobs.arrival.rate=0.4 ");
    const jv *argv = jv_must(man, "argv", J_ARR);
    int found = 0;
    for (size_t i = 0; i < argv->n; i++)
        found |= argv->items[i]->type == J_STR &&
                 strcmp(argv->items[i]->str, "workloads.jobs.arrival.rate=0.4") == 0;
    ck_assert_msg(found, "argv in manifest.json lacks the whole --set argument:\n%s", man_text);
    jv_free(man);
    free(man_text);

    /* --replications and a second --set on the run length. */
    jv *v = run_json("--replications", "2", "--set", "stop.time=500", NULL);
    ck_assert(jnum(v, "replications") == 2.0);
    ck_assert(jnum(v, "sim_time") == 500.0);
    jv_free(v);
}
END_TEST

START_TEST(seed_reproduces_and_changes)
{
    char *a = NULL, *b = NULL, *c = NULL;
    jv_free(run_json("--seed", "1", NULL, NULL, &a));
    jv_free(run_json("--seed", "1", NULL, NULL, &b));
    jv *vc = run_json("--seed", "2", NULL, NULL, &c);
    ck_assert(jnum(vc, "seed") == 2.0);
    jv_free(vc);
    char *sa = strip_wall(a), *sb = strip_wall(b), *sc = strip_wall(c);
    ck_assert_msg(strcmp(sa, sb) == 0, "the same seed gave different results");
    ck_assert_msg(strcmp(sa, sc) != 0, "seeds 1 and 2 gave the same results");
    /* Only the wall-clock lines were removed. */
    ck_assert(strlen(a) > strlen(sa) && strlen(a) - strlen(sa) < 120);
    free(sa);
    free(sb);
    free(sc);
    free(a);
    free(b);
    free(c);
}
END_TEST

START_TEST(threads_identical)
{
    char *a = NULL, *b = NULL;
    jv_free(run_json("--threads", "1", NULL, NULL, &a));
    jv_free(run_json("--threads", "2", NULL, NULL, &b));
    char *sa = strip_wall(a), *sb = strip_wall(b);
    ck_assert_str_eq(sa, sb);
    free(sa);
    free(sb);
    free(a);
    free(b);
}
END_TEST

/* ---- Ctrl-C --------------------------------------------------------------------------- */


/* A run far too long to finish is sent SIGINT after a moment: it stops,
 * prints the partial summary, writes summary.json with "partial": true and
 * exits with 130. */
START_TEST(sigint_partial_results)
{
    const char *sc = tmp_path("long.yaml");
    char *text = strdup(cli_yaml);
    char *k = strstr(text, "stop: {time: 2000}");
    ck_assert_ptr_nonnull(k);
    memcpy(k, "stop: {time: 2e12}", 18);
    write_file(sc, text);
    free(text);
    const char *dir = tmp_path("partial");
    char *argv[] = {strdup("virtsim"), strdup("run"), strdup(sc), strdup("--threads"),
                    strdup("1"), strdup("--out"), strdup(dir), NULL};
    ck_assert_msg(access(VIRTSIM, X_OK) == 0, "%s is not built", VIRTSIM);
    pid_t pid = spawn(argv, 999);
    for (int i = 0; argv[i]; i++)
        free(argv[i]);
    /* SIGINT only once virtsim catches it (a busy machine may take a while
     * to start it), then a moment more so that the run is under way. */
    wait_for_sigint_handler(pid, SLOW_BUILD ? 60.0 : 20.0);
    struct timespec t = {0, 300 * 1000 * 1000};
    nanosleep(&t, NULL);
    ck_assert_int_eq(kill(pid, SIGINT), 0);
    result r = {0, NULL, NULL};
    r.status = wait_for(pid, SLOW_BUILD ? 60.0 : 20.0);
    collect(&r, 999);
    ck_status(r, 130);
    ck_contains(r.out, "PARTIAL");
    ck_contains(r.out, "virtsim results: cli");
    ck_contains(r.err, "interrupted");

    char path[512];
    snprintf(path, sizeof path, "%s/summary.json", dir);
    char *sum_text = read_file(path);
    ck_assert_msg(sum_text != NULL, "summary.json not written after SIGINT");
    jv *sum = json_parse(sum_text);
    ck_assert_msg(sum != NULL, "summary.json is not JSON:\n%s", sum_text);
    ck_assert_int_eq(jv_must(sum, "partial", J_BOOL)->num, 1);
    ck_assert(jnum(sum, "replications") >= 1.0);
    ck_assert(jnum(sum, "sim_time") < 2e12);
    ck_assert(jnum(sum, "stations.0.completed") > 0.0);
    snprintf(path, sizeof path, "%s/manifest.json", dir);
    char *man_text = read_file(path);
    jv *man = man_text ? json_parse(man_text) : NULL;
    ck_assert_msg(man != NULL, "manifest.json missing or not JSON");
    ck_assert_int_eq(jv_must(man, "partial", J_BOOL)->num, 1);
    jv_free(man);
    free(man_text);
    jv_free(sum);
    free(sum_text);
    result_free(&r);
}
END_TEST

/* ---- main --------------------------------------------------------------------------- */

static Suite *cli_suite(void)
{
    Suite *s = suite_create("cli");
    TCase *tc = tcase_create("cli");
    tcase_add_checked_fixture(tc, tmp_setup, tmp_teardown);
    tcase_set_timeout(tc, SLOW_BUILD ? 300 : 120);
    tcase_add_test(tc, version);
    tcase_add_test(tc, help_main);
    tcase_add_test(tc, help_subcommands);
    tcase_add_test(tc, usage_errors_exit_2);
    tcase_add_test(tc, bad_set_exits_2);
    tcase_add_test(tc, bad_scenario_exits_2);
    tcase_add_test(tc, unwritable_out_exits_1);
    tcase_add_test(tc, validate_ok);
    tcase_add_test(tc, describe_mentions_analytic_model);
    tcase_add_test(tc, format_json);
    tcase_add_test(tc, format_csv);
    tcase_add_test(tc, format_text_default);
    tcase_add_test(tc, out_dir);
    tcase_add_test(tc, set_overrides_take_effect);
    tcase_add_test(tc, seed_reproduces_and_changes);
    tcase_add_test(tc, threads_identical);
    tcase_add_test(tc, sigint_partial_results);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    gsl_set_error_handler_off();
    SRunner *sr = srunner_create(cli_suite());
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
