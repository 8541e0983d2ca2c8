/*
 * main.c: the `virtsim` command.
 *
 * A thin front over libvirtsim and the only place that touches process-wide
 * state: it turns GSL's aborting error handler off, installs the SIGINT and
 * SIGTERM handlers (the first one asks the simulation to stop and keep its
 * results, a second one kills), draws the progress bar and maps errors to
 * exit codes:
 *   0   success
 *   1   runtime failure (out of memory, cannot write the results, ...)
 *   2   usage error or a scenario error (with FILE:LINE:COL)
 *   130 interrupted: the results so far were printed and written, marked partial
 */
#include <errno.h>
#include <limits.h>
#include <math.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <gsl/gsl_errno.h>

#include "virtsim/experiment.h"
#include "virtsim/figure.h"
#include "virtsim/report.h"
#include "virtsim/scenario.h"
#include "virtsim/sim.h"

#define EXIT_RUNTIME 1
#define EXIT_USAGE 2
#define EXIT_INTERRUPTED 130

static volatile sig_atomic_t g_interrupt;

static void on_signal(int sig)
{
    (void)sig;
    g_interrupt = 1;
}

static void install_signals(void)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_signal;
    sigemptyset(&sa.sa_mask);
    sa.sa_flags = SA_RESETHAND; /* a second Ctrl-C ends the process at once */
    sigaction(SIGINT, &sa, NULL);
    sigaction(SIGTERM, &sa, NULL);
}

/* ---- usage ------------------------------------------------------------------ */

static const char usage_main[] =
    "usage: virtsim COMMAND [OPTIONS]\n"
    "\n"
    "Discrete-event simulation of virtualized hosts, compared with queueing theory.\n"
    "\n"
    "commands:\n"
    "  run SCENARIO.yaml       simulate and report throughput, utilization, latency\n"
    "  validate SCENARIO.yaml  check a scenario (syntax, keys, units, placement) without running it\n"
    "  describe SCENARIO.yaml  the scenario in words, with the analytic estimate where one applies\n"
    "  sweep SCENARIO.yaml     run a grid of variants (--vary PATH=VALUES), one row per point\n"
    "  compare SCENARIO.yaml   compare variants on common random numbers, with paired differences\n"
    "  plan SCENARIO.yaml      the smallest parameter value that meets a target with 95% confidence\n"
    "  plot DIR                redraw the figures saved in a results directory\n"
    "\n"
    "options:\n"
    "  --version               print the version\n"
    "  -h, --help              this help; `virtsim COMMAND --help` for a command's options\n"
    "\n"
    "exit status: 0 ok, 1 runtime failure, 2 usage or scenario error, 130 interrupted\n";

static const char usage_run[] =
    "usage: virtsim run SCENARIO.yaml [OPTIONS]\n"
    "\n"
    "Simulate the scenario and print its summary.\n"
    "\n"
    "options:\n"
    "  --seed N              master seed (overrides `seed`)\n"
    "  --replications R      independent replications (overrides `replications`)\n"
    "  --threads T           run replications in T threads (default: the number of CPUs);\n"
    "                        results are bit-identical for any T\n"
    "  --set KEY=VALUE       override any scalar by its path, e.g.\n"
    "                        --set workloads.requests.arrival.rate=3.2 (repeatable)\n"
    "  --out DIR             also write summary.json, stations.csv, hosts.csv and\n"
    "                        manifest.json to DIR (default: the scenario's output.dir)\n"
    "  --format FMT          text (default), json or csv, printed on standard output\n"
    "  --precision M=REL     run replications until the 95% CI of metric M (e.g.\n"
    "                        response_time.mean or web.wait_time.mean) is within REL\n"
    "                        (e.g. 0.01) of its mean; sets `precision`\n"
    "  --max-replications N  the most replications --precision may run (default 200)\n"
    "  --plot KIND           draw a figure into the --out directory (repeatable):\n"
    "                        response-cdf, timeseries (needs output.series), or all\n"
    "  --plot-format FMT     png (default), svg or pdf\n"
    "  --quiet               no progress bar\n"
    "  -h, --help            this help\n"
    "\n"
    "Ctrl-C stops the run and still prints and writes the results so far, marked partial.\n";

static const char usage_validate[] =
    "usage: virtsim validate SCENARIO.yaml [--set KEY=VALUE]...\n"
    "\n"
    "Check the scenario without running it: YAML syntax, keys, types, units, ranges,\n"
    "references and placement.  Prints \"OK\" or the first error as FILE:LINE:COL: message.\n";

static const char usage_describe[] =
    "usage: virtsim describe SCENARIO.yaml [--set KEY=VALUE]...\n"
    "\n"
    "Print the scenario in words: hosts, VMs and where they are placed, workloads, and the\n"
    "analytic queueing model of each VM where one applies.\n";

static const char usage_sweep[] =
    "usage: virtsim sweep SCENARIO.yaml --vary PATH=VALUES [--vary ...] [OPTIONS]\n"
    "\n"
    "Run every point of the grid of variations and print one row per point and VM.\n"
    "VALUES is a list (v1,v2,...) or a range LO..HI (integers) or LO..HI:STEP.\n"
    "The first --vary varies slowest.\n"
    "\n"
    "options: as for `run` (--seed, --replications, --threads, --set, --format, --quiet),\n"
    "  --out DIR             write sweep.json and sweep.csv to DIR\n"
    "  --plot load-latency   draw response time against the (single) varied parameter\n"
    "  --plot-format FMT     png (default), svg or pdf\n";

static const char usage_compare[] =
    "usage: virtsim compare SCENARIO.yaml --vary PATH=V1,V2,... [--vary ...] [OPTIONS]\n"
    "\n"
    "Run every variant on common random numbers (the same arrivals and sizes) and print,\n"
    "for each metric, each variant's value with its 95% CI and its paired difference\n"
    "against the first variant with a 95% CI; * marks significant differences.\n"
    "Paired differences need at least 2 replications.\n"
    "\n"
    "options: as for `run` (--seed, --replications, --threads, --set, --format, --quiet),\n"
    "  --out DIR             write compare.json and compare.csv to DIR\n"
    "  --plot compare        draw bars with 95% CI whiskers per variant\n"
    "  --plot-format FMT     png (default), svg or pdf\n";

static const char usage_plan[] =
    "usage: virtsim plan SCENARIO.yaml --vary PATH=LO..HI[:STEP] --target 'VM.METRIC<=VALUE'\n"
    "                    [OPTIONS]\n"
    "\n"
    "Find the smallest value of PATH whose result meets the target with 95% confidence\n"
    "(the upper CI bound at or below VALUE for <=, the lower bound at or above it for >=).\n"
    "The search starts at the analytic estimate where the VM matches a queueing model\n"
    "and assumes that larger values keep meeting the target.\n"
    "METRIC: throughput.mean, utilization.mean, response_time.{mean,p50,p95,p99},\n"
    "wait_time.{mean,p50,p95,p99}, jobs_in_system.mean, queue_length.mean,\n"
    "wait_probability, blocking_probability.\n"
    "\n"
    "options: as for `run` (--seed, --replications, --threads, --set, --format, --quiet),\n"
    "  --out DIR             write plan.json to DIR\n"
    "  --plot plan           draw the metric against the parameter with the target and answer\n"
    "  --plot-format FMT     png (default), svg or pdf\n";

static int usage_error(const char *cmd_usage, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;

static int usage_error(const char *cmd_usage, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fprintf(stderr, "virtsim: ");
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fprintf(stderr, "\n\n%s", cmd_usage);
    return EXIT_USAGE;
}

/* ---- options ------------------------------------------------------------------ */

typedef struct options {
    const char *scenario;
    vs_override *sets;
    size_t nsets;
    const char *out_dir;
    const char *format;
    int threads;
    int quiet;
    const char *seed;          /* kept as text: validated by the scenario loader */
    const char *replications;
    vs_vary *vary;             /* --vary, in order */
    size_t nvary;
    const char *target;        /* --target */
    char **keys;               /* owned copies of the KEY parts of KEY=VALUE arguments */
    size_t nkeys;
    const char **plots;        /* --plot KIND, in order ("all" allowed) */
    size_t nplots;
    const char *plot_format;   /* --plot-format: png (default), svg or pdf */
} options;

/* Which options a command takes. */
enum { OPT_RUN = 1, OPT_VARY = 2, OPT_TARGET = 4, OPT_PLOT = 8 };

static void options_fini(options *o)
{
    for (size_t i = 0; i < o->nvary; i++)
        vs_vary_fini(&o->vary[i]);
    free(o->vary);
    free(o->sets);
    for (size_t i = 0; i < o->nkeys; i++)
        free(o->keys[i]);
    free(o->keys);
    free(o->plots);
}

/* Split a KEY=VALUE argument without writing into it (argv is recorded as
 * given in manifest.json): *key is a copy owned by o, *value points into arg.
 * Returns 0, -1 when arg has no '=' or an empty KEY, -2 when out of memory. */
static int split_kv(options *o, const char *arg, const char **key, const char **value)
{
    const char *eq = arg ? strchr(arg, '=') : NULL;
    if (!eq || eq == arg)
        return -1;
    size_t n = (size_t)(eq - arg);
    char **grown = realloc(o->keys, (o->nkeys + 1) * sizeof *grown);
    if (!grown)
        return -2;
    o->keys = grown;
    char *k = malloc(n + 1);
    if (!k)
        return -2;
    memcpy(k, arg, n);
    k[n] = '\0';
    o->keys[o->nkeys++] = k;
    *key = k;
    *value = eq + 1;
    return 0;
}

/* Parse a whole decimal integer in [lo, hi]; 0 on success. */
static int parse_int(const char *s, long lo, long hi, long *out)
{
    char *end;
    errno = 0;
    long v = strtol(s, &end, 10);
    if (errno || end == s || *end != '\0' || v < lo || v > hi)
        return -1;
    *out = v;
    return 0;
}

static int add_set(options *o, const char *key, const char *value)
{
    vs_override *grown = realloc(o->sets, (o->nsets + 1) * sizeof *grown);
    if (!grown)
        return -1;
    o->sets = grown;
    o->sets[o->nsets].key = key;
    o->sets[o->nsets].value = value;
    o->nsets++;
    return 0;
}

/* Parse argv[2..] of a subcommand.  `full` enables the run-only options.
 * Returns -1 to go on, or an exit code. */
static int parse_options(int argc, char **argv, const char *cmd_usage, int allowed, options *o)
{
    long cpus = sysconf(_SC_NPROCESSORS_ONLN);
    o->threads = cpus > 0 ? (int)cpus : 1;
    o->format = "text";
    for (int i = 2; i < argc; i++) {
        const char *a = argv[i];
        const char *val = i + 1 < argc ? argv[i + 1] : NULL;
        if (strcmp(a, "-h") == 0 || strcmp(a, "--help") == 0) {
            fputs(cmd_usage, stdout);
            return 0;
        }
        if (strcmp(a, "--set") == 0) {
            if (!val)
                return usage_error(cmd_usage, "%s needs KEY=VALUE", a);
            const char *key, *value;
            int src = split_kv(o, val, &key, &value);
            if (src == -1)
                return usage_error(cmd_usage, "--set expects KEY=VALUE, got '%s'", val);
            if (src != 0 || add_set(o, key, value) != 0) {
                fprintf(stderr, "virtsim: out of memory\n");
                return EXIT_RUNTIME;
            }
            i++;
            continue;
        }
        if ((allowed & OPT_VARY) && strcmp(a, "--vary") == 0) {
            if (!val)
                return usage_error(cmd_usage, "--vary needs PATH=VALUES");
            vs_vary *grown = realloc(o->vary, (o->nvary + 1) * sizeof *grown);
            if (!grown) {
                fprintf(stderr, "virtsim: out of memory\n");
                return EXIT_RUNTIME;
            }
            o->vary = grown;
            vs_err err;
            vs_err_clear(&err);
            if (vs_vary_parse(val, &o->vary[o->nvary], &err) != VS_OK)
                return usage_error(cmd_usage, "%s", err.msg);
            o->nvary++;
            i++;
            continue;
        }
        if ((allowed & OPT_TARGET) && strcmp(a, "--target") == 0) {
            if (!val)
                return usage_error(cmd_usage, "--target needs VM.METRIC<=VALUE");
            o->target = val;
            i++;
            continue;
        }
        if ((allowed & OPT_RUN) && (strcmp(a, "--seed") == 0 || strcmp(a, "--replications") == 0 ||
                     strcmp(a, "--threads") == 0 || strcmp(a, "--out") == 0 ||
                     strcmp(a, "--format") == 0)) {
            if (!val)
                return usage_error(cmd_usage, "%s needs a value", a);
            i++;
            if (strcmp(a, "--seed") == 0) {
                o->seed = val;
            } else if (strcmp(a, "--replications") == 0) {
                o->replications = val;
            } else if (strcmp(a, "--threads") == 0) {
                long t;
                if (parse_int(val, 1, 1024, &t) != 0)
                    return usage_error(cmd_usage,
                                       "--threads expects an integer from 1 to 1024, got '%s'", val);
                o->threads = (int)t;
            } else if (strcmp(a, "--out") == 0) {
                o->out_dir = val;
            } else {
                if (strcmp(val, "text") && strcmp(val, "json") && strcmp(val, "csv"))
                    return usage_error(cmd_usage,
                                       "--format expects text, json or csv, got '%s'", val);
                o->format = val;
            }
            continue;
        }
        if ((allowed & OPT_RUN) && strcmp(a, "--precision") == 0) {
            const char *metric, *relative;
            int src = split_kv(o, val, &metric, &relative);
            if (src == -1)
                return usage_error(cmd_usage, "--precision expects METRIC=RELATIVE, got '%s'",
                                   val ? val : "");
            if (src != 0 || add_set(o, "precision.metric", metric) != 0 ||
                add_set(o, "precision.relative", relative) != 0) {
                fprintf(stderr, "virtsim: out of memory\n");
                return EXIT_RUNTIME;
            }
            i++;
            continue;
        }
        if ((allowed & OPT_RUN) && strcmp(a, "--max-replications") == 0) {
            if (!val)
                return usage_error(cmd_usage, "--max-replications needs a number");
            if (add_set(o, "precision.max_replications", val) != 0) {
                fprintf(stderr, "virtsim: out of memory\n");
                return EXIT_RUNTIME;
            }
            i++;
            continue;
        }
        if ((allowed & OPT_PLOT) && strcmp(a, "--plot") == 0) {
            if (!val)
                return usage_error(cmd_usage, "--plot needs a plot kind (%s) or all",
                                   vs_figure_kinds());
            if (strcmp(val, "all") != 0 && !vs_figure_kind_valid(val))
                return usage_error(cmd_usage, "unknown plot '%s' (expected one of: %s, all)", val,
                                   vs_figure_kinds());
            const char **grown = realloc(o->plots, (o->nplots + 1) * sizeof *grown);
            if (!grown) {
                fprintf(stderr, "virtsim: out of memory\n");
                return EXIT_RUNTIME;
            }
            o->plots = grown;
            o->plots[o->nplots++] = val;
            i++;
            continue;
        }
        if ((allowed & OPT_PLOT) && strcmp(a, "--plot-format") == 0) {
            if (!val || (strcmp(val, "png") && strcmp(val, "svg") && strcmp(val, "pdf")))
                return usage_error(cmd_usage, "--plot-format expects png, svg or pdf, got '%s'",
                                   val ? val : "");
            o->plot_format = val;
            i++;
            continue;
        }
        if ((allowed & OPT_RUN) && strcmp(a, "--quiet") == 0) {
            o->quiet = 1;
            continue;
        }
        if (a[0] == '-' && a[1] != '\0')
            return usage_error(cmd_usage, "unknown option '%s'", a);
        if (o->scenario)
            return usage_error(cmd_usage, "one scenario file expected, got a second one: '%s'", a);
        o->scenario = a;
    }
    if (!o->scenario)
        return usage_error(cmd_usage, "no scenario file given");
    if ((allowed & OPT_VARY) && o->nvary == 0)
        return usage_error(cmd_usage, "at least one --vary PATH=VALUES is needed");
    if ((allowed & OPT_TARGET) && (o->nvary != 1 || !o->target))
        return usage_error(cmd_usage, "plan needs exactly one --vary and a --target");
    /* --seed and --replications are overrides like --set, so they get the
     * scenario loader's checks and messages. */
    if ((o->seed && add_set(o, "seed", o->seed) != 0) ||
        (o->replications && add_set(o, "replications", o->replications) != 0)) {
        fprintf(stderr, "virtsim: out of memory\n");
        return EXIT_RUNTIME;
    }
    return -1;
}

static int load(const options *o, vs_config **cfg)
{
    vs_err err;
    vs_err_clear(&err);
    int rc = vs_scenario_load(o->scenario, o->sets, o->nsets, cfg, &err);
    if (rc != VS_OK) {
        fprintf(stderr, "%s\n", err.msg);
        return rc == VS_ENOMEM ? EXIT_RUNTIME : EXIT_USAGE;
    }
    rc = vs_sim_check(*cfg, &err);
    if (rc != VS_OK) {
        fprintf(stderr, "%s\n", err.msg);
        vs_config_free(*cfg);
        *cfg = NULL;
        return rc == VS_ESCHEMA ? EXIT_USAGE : EXIT_RUNTIME;
    }
    return -1;
}

/* ---- progress bar ------------------------------------------------------------------ */

typedef struct progress {
    double start;       /* wall clock at the start, s */
    double last_draw;   /* wall clock of the last redraw, s */
    int drawn;
} progress;

static double wall_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

/* Shown only on a terminal, only once the run has lasted half a second, and
 * redrawn at most ten times a second. */
static void draw_progress(void *ctx, double f)
{
    progress *p = ctx;
    double now = wall_now();
    if (now - p->start < 0.5 || now - p->last_draw < 0.1)
        return;
    p->last_draw = now;
    p->drawn = 1;
    int width = 30, fill = (int)(f * width);
    char bar[32];
    for (int i = 0; i < width; i++)
        bar[i] = i < fill ? '#' : '.';
    bar[width] = '\0';
    double elapsed = now - p->start;
    double eta = f > 0.0 ? elapsed * (1.0 - f) / f : NAN;
    fprintf(stderr, "\r[%s] %3.0f%%  elapsed %.0fs  eta %.0fs ", bar, 100.0 * f, elapsed, eta);
    fflush(stderr);
}

/* ---- plots ------------------------------------------------------------------------- */

/* Builds one figure of a kind the command can draw; VS_ENOTSUP when it cannot. */
typedef int (*figure_builder)(const char *kind, const void *results, vs_figure **out,
                              vs_err *err);

static int fig_write(FILE *f, const void *ctx) { return vs_figure_save(f, ctx); }

/* Draw one figure into dir as KIND.FORMAT, with its data as KIND.fig.csv. */
static int draw_figure(const char *dir, const vs_figure *fig, const char *format)
{
    vs_err err;
    vs_err_clear(&err);
    char path[4096];
    snprintf(path, sizeof path, "%s/%s.fig.csv", dir, fig->kind);
    if (vs_mkdir_p(dir, &err) != VS_OK || vs_write_file_atomic(path, fig_write, fig, &err) != VS_OK) {
        fprintf(stderr, "virtsim: %s\n", err.msg);
        return -1;
    }
    snprintf(path, sizeof path, "%s/%s.%s", dir, fig->kind, format ? format : "png");
    if (vs_figure_render(fig, path, &err) != VS_OK) {
        fprintf(stderr, "virtsim: %s\n", err.msg);
        return -1;
    }
    return 0;
}

/*
 * The plots asked for (--plot, else the scenario's output.plots) that this
 * command draws: `mine` lists them, "all" means all of mine.  A kind another
 * command draws is an error when asked for with --plot, a note when it comes
 * from the scenario (which serves every command).  Returns 0 or an exit code.
 */
static int draw_plots(const options *o, const vs_config *cfg, const char *dir,
                      const char *const *mine, size_t nmine, figure_builder build,
                      const void *results)
{
    const char *const *asked = o->nplots ? o->plots : (const char *const *)cfg->plots;
    size_t nasked = o->nplots ? o->nplots : cfg->nplots;
    if (!nasked)
        return 0;
    if (!dir) {
        fprintf(stderr, "virtsim: plots are written to a directory: give --out DIR "
                        "(or output.dir in the scenario)\n");
        return EXIT_USAGE;
    }
    int rc = 0;
    for (size_t i = 0; i < nmine; i++) {
        int wanted = 0;
        for (size_t k = 0; k < nasked; k++)
            wanted |= strcmp(asked[k], mine[i]) == 0 || strcmp(asked[k], "all") == 0;
        if (!wanted)
            continue;
        vs_err err;
        vs_err_clear(&err);
        vs_figure *fig = NULL;
        if (build(mine[i], results, &fig, &err) != VS_OK) {
            /* "all" skips what these results cannot show; an explicit ask fails. */
            int explicit_ask = 0;
            for (size_t k = 0; k < nasked; k++)
                explicit_ask |= strcmp(asked[k], mine[i]) == 0;
            if (explicit_ask) {
                fprintf(stderr, "virtsim: %s\n", err.msg);
                rc = EXIT_RUNTIME;
            }
            continue;
        }
        if (draw_figure(dir, fig, o->plot_format))
            rc = EXIT_RUNTIME;
        vs_figure_free(fig);
    }
    for (size_t k = 0; k < nasked; k++) {
        int ok = strcmp(asked[k], "all") == 0;
        for (size_t i = 0; i < nmine; i++)
            ok |= strcmp(asked[k], mine[i]) == 0;
        if (ok)
            continue;
        if (o->nplots) {
            fprintf(stderr, "virtsim: this command does not draw '%s' (run draws response-cdf "
                            "and timeseries, sweep load-latency, compare compare, plan plan)\n",
                    asked[k]);
            rc = EXIT_USAGE;
        }
    }
    return rc;
}

/* Plots go to a directory: refuse before simulating when there is none.
 * Returns -1 to go on, or an exit code. */
static int check_plot_dir(const options *o, const vs_config *cfg)
{
    if ((o->nplots || cfg->nplots) && !o->out_dir && !cfg->output_dir) {
        fprintf(stderr, "virtsim: plots are written to a directory: give --out DIR "
                        "(or output.dir in the scenario)\n");
        return EXIT_USAGE;
    }
    return -1;
}

static int build_from_summary(const char *kind, const void *r, vs_figure **out, vs_err *err)
{
    return vs_figure_from_summary(kind, r, out, err);
}
static int build_from_sweep(const char *kind, const void *r, vs_figure **out, vs_err *err)
{
    return vs_figure_from_sweep(kind, r, out, err);
}
static int build_from_plan(const char *kind, const void *r, vs_figure **out, vs_err *err)
{
    (void)kind;
    return vs_figure_from_plan(r, out, err);
}

/* ---- commands ----------------------------------------------------------------------- */

static int cmd_run(int argc, char **argv)
{
    options o = {0};
    int rc = parse_options(argc, argv, usage_run, OPT_RUN | OPT_PLOT, &o);
    vs_config *cfg = NULL;
    vs_summary *sum = NULL;
    if (rc >= 0)
        goto out;
    if ((rc = load(&o, &cfg)) >= 0)
        goto out;

    if ((rc = check_plot_dir(&o, cfg)) >= 0)
        goto out;
    progress prog = {.start = wall_now()};
    vs_run_opts ro = {
        .threads = o.threads,
        .interrupt = &g_interrupt,
        .progress = (!o.quiet && isatty(STDERR_FILENO)) ? draw_progress : NULL,
        .progress_ctx = &prog,
    };
    install_signals();
    vs_err err;
    vs_err_clear(&err);
    int src = vs_experiment_run(cfg, &ro, &sum, &err);
    if (prog.drawn)
        fprintf(stderr, "\r%*s\r", 70, "");
    if (src != VS_OK) {
        fprintf(stderr, "virtsim: %s\n", err.msg);
        rc = src == VS_ESCHEMA ? EXIT_USAGE : src == VS_EINTR ? EXIT_INTERRUPTED : EXIT_RUNTIME;
        goto out;
    }

    rc = 0;
    int prc = strcmp(o.format, "json") == 0  ? vs_report_json(stdout, sum)
              : strcmp(o.format, "csv") == 0 ? vs_report_csv_stations(stdout, sum)
                                             : vs_report_text(stdout, sum);
    if (prc != VS_OK || fflush(stdout) != 0) {
        fprintf(stderr, "virtsim: cannot write the summary to standard output\n");
        rc = EXIT_RUNTIME;
    }
    const char *dir = o.out_dir ? o.out_dir : cfg->output_dir;
    if (dir) {
        vs_manifest m = {0};
        m.scenario_path = o.scenario;
        m.seed = sum->seed;
        m.replications = sum->replications;
        m.threads = o.threads;
        m.argc = argc;
        m.argv = (const char *const *)argv;
        m.partial = sum->partial;
        if (vs_report_write_dir(dir, sum, &m, &err) != VS_OK) {
            fprintf(stderr, "virtsim: %s\n", err.msg);
            rc = EXIT_RUNTIME;
        }
    }
    static const char *const run_plots[] = {"response-cdf", "timeseries"};
    int prc2 = draw_plots(&o, cfg, dir, run_plots, 2, build_from_summary, sum);
    if (prc2 && !rc)
        rc = prc2;
    if (rc == 0 && sum->partial) {
        fprintf(stderr, "virtsim: interrupted: the results above are partial\n");
        rc = EXIT_INTERRUPTED;
    }
out:
    vs_summary_free(sum);
    vs_config_free(cfg);
    options_fini(&o);
    return rc;
}

static int cmd_validate(int argc, char **argv)
{
    options o = {0};
    int rc = parse_options(argc, argv, usage_validate, 0, &o);
    vs_config *cfg = NULL;
    if (rc < 0 && (rc = load(&o, &cfg)) < 0) {
        printf("OK: %s\n", o.scenario);
        rc = 0;
    }
    vs_config_free(cfg);
    options_fini(&o);
    return rc;
}

static int cmd_describe(int argc, char **argv)
{
    options o = {0};
    int rc = parse_options(argc, argv, usage_describe, 0, &o);
    vs_config *cfg = NULL;
    if (rc < 0 && (rc = load(&o, &cfg)) < 0) {
        vs_err err;
        vs_err_clear(&err);
        rc = vs_sim_describe(stdout, cfg, &err) == VS_OK ? 0 : EXIT_RUNTIME;
        if (rc)
            fprintf(stderr, "virtsim: %s\n", err.msg);
    }
    vs_config_free(cfg);
    options_fini(&o);
    return rc;
}

static const char usage_plot[] =
    "usage: virtsim plot DIR [--plot KIND]... [--plot-format png|svg|pdf]\n"
    "\n"
    "Redraw the figures saved in DIR (each KIND.fig.csv next to its image) without\n"
    "simulating again, e.g. in another format.  Default: every figure in DIR, as PNG.\n";

static int cmd_plot(int argc, char **argv)
{
    options o = {0};
    const char *dir = NULL;
    for (int i = 2; i < argc; i++) {
        const char *a = argv[i], *val = i + 1 < argc ? argv[i + 1] : NULL;
        if (strcmp(a, "-h") == 0 || strcmp(a, "--help") == 0) {
            fputs(usage_plot, stdout);
            options_fini(&o);
            return 0;
        }
        if (strcmp(a, "--plot-format") == 0 && val &&
            (!strcmp(val, "png") || !strcmp(val, "svg") || !strcmp(val, "pdf"))) {
            o.plot_format = val;
            i++;
        } else if (strcmp(a, "--plot") == 0 && val && vs_figure_kind_valid(val)) {
            const char **grown = realloc(o.plots, (o.nplots + 1) * sizeof *grown);
            if (!grown)
                return EXIT_RUNTIME;
            o.plots = grown;
            o.plots[o.nplots++] = val;
            i++;
        } else if (a[0] != '-' && !dir) {
            dir = a;
        } else {
            options_fini(&o);
            return usage_error(usage_plot, "unexpected argument '%s'", a);
        }
    }
    if (!dir) {
        options_fini(&o);
        return usage_error(usage_plot, "no results directory given");
    }
    int rc = 0, drawn = 0;
    static const char *const all[] = {"load-latency", "response-cdf", "timeseries", "compare",
                                      "plan"};
    for (size_t k = 0; k < sizeof all / sizeof all[0]; k++) {
        int wanted = o.nplots == 0;
        for (size_t i = 0; i < o.nplots; i++)
            wanted |= strcmp(o.plots[i], all[k]) == 0;
        char path[4096];
        snprintf(path, sizeof path, "%s/%s.fig.csv", dir, all[k]);
        if (!wanted || (o.nplots == 0 && access(path, F_OK) != 0))
            continue;
        vs_err err;
        vs_err_clear(&err);
        vs_figure *fig = NULL;
        if (vs_figure_load(path, &fig, &err) != VS_OK) {
            fprintf(stderr, "virtsim: %s\n", err.msg);
            rc = EXIT_RUNTIME;
            continue;
        }
        snprintf(path, sizeof path, "%s/%s.%s", dir, all[k], o.plot_format ? o.plot_format : "png");
        if (vs_figure_render(fig, path, &err) != VS_OK) {
            fprintf(stderr, "virtsim: %s\n", err.msg);
            rc = EXIT_RUNTIME;
        } else {
            printf("%s\n", path);
            drawn++;
        }
        vs_figure_free(fig);
    }
    if (!drawn && !rc) {
        fprintf(stderr, "virtsim: no figure files (*.fig.csv) in %s\n", dir);
        rc = EXIT_RUNTIME;
    }
    options_fini(&o);
    return rc;
}

/* sweep, compare and plan share everything but the search and the printers. */
typedef enum { STUDY_SWEEP, STUDY_COMPARE, STUDY_PLAN } study_kind;

static int write_study(const char *dir, const char *name, vs_write_fn fn, const void *ctx)
{
    vs_err err;
    vs_err_clear(&err);
    char path[4096];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    if (vs_mkdir_p(dir, &err) != VS_OK || vs_write_file_atomic(path, fn, ctx, &err) != VS_OK) {
        fprintf(stderr, "virtsim: %s\n", err.msg);
        return -1;
    }
    return 0;
}

#define STUDY_WRITER(fn, type, printer) \
    static int fn(FILE *f, const void *ctx) { return printer(f, (const type *)ctx); }
STUDY_WRITER(w_sweep_json, vs_sweep, vs_report_sweep_json)
STUDY_WRITER(w_sweep_csv, vs_sweep, vs_report_sweep_csv)
STUDY_WRITER(w_compare_json, vs_sweep, vs_report_compare_json)
STUDY_WRITER(w_compare_csv, vs_sweep, vs_report_compare_csv)
STUDY_WRITER(w_plan_json, vs_plan, vs_report_plan_json)

static int cmd_study(int argc, char **argv, study_kind kind)
{
    static const char *const usages[] = {usage_sweep, usage_compare, usage_plan};
    options o = {0};
    int rc = parse_options(argc, argv, usages[kind],
                           OPT_RUN | OPT_VARY | OPT_PLOT | (kind == STUDY_PLAN ? OPT_TARGET : 0),
                           &o);
    vs_config *cfg = NULL;
    vs_sweep *sw = NULL;
    vs_plan *plan = NULL;
    if (rc >= 0 || (rc = load(&o, &cfg)) >= 0) /* checks the base scenario first */
        goto out;

    if ((rc = check_plot_dir(&o, cfg)) >= 0)
        goto out;
    progress prog = {.start = wall_now()};
    vs_run_opts ro = {
        .threads = o.threads,
        .interrupt = &g_interrupt,
        .progress = NULL, /* per-variant bars would flicker; studies print nothing until done */
        .progress_ctx = &prog,
    };
    install_signals();
    vs_err err;
    vs_err_clear(&err);
    int src = kind == STUDY_PLAN
                  ? vs_plan_run(o.scenario, o.sets, o.nsets, &o.vary[0], o.target, &ro, &plan, &err)
                  : vs_sweep_run(o.scenario, o.sets, o.nsets, o.vary, o.nvary, &ro, &sw, &err);
    if (src != VS_OK) {
        fprintf(stderr, "%s%s\n", src == VS_ESCHEMA || src == VS_EPARSE ? "" : "virtsim: ",
                err.msg);
        rc = src == VS_EINTR                                               ? EXIT_INTERRUPTED
             : (src == VS_ESCHEMA || src == VS_EPARSE || src == VS_EINVAL) ? EXIT_USAGE
                                                                           : EXIT_RUNTIME;
        goto out;
    }
    int json = strcmp(o.format, "json") == 0, csv = strcmp(o.format, "csv") == 0;
    int prc;
    if (kind == STUDY_PLAN)
        prc = json ? vs_report_plan_json(stdout, plan)
              : csv ? vs_report_plan_csv(stdout, plan) : vs_report_plan_text(stdout, plan);
    else if (kind == STUDY_COMPARE)
        prc = json ? vs_report_compare_json(stdout, sw)
              : csv ? vs_report_compare_csv(stdout, sw) : vs_report_compare_text(stdout, sw);
    else
        prc = json ? vs_report_sweep_json(stdout, sw)
              : csv ? vs_report_sweep_csv(stdout, sw) : vs_report_sweep_text(stdout, sw);
    rc = prc == VS_OK && fflush(stdout) == 0 ? 0 : EXIT_RUNTIME;
    if (o.out_dir || cfg->output_dir) {
        const char *odir = o.out_dir ? o.out_dir : cfg->output_dir;
        int w = kind == STUDY_PLAN ? write_study(odir, "plan.json", w_plan_json, plan)
                : kind == STUDY_COMPARE
                    ? (write_study(odir, "compare.json", w_compare_json, sw) ||
                       write_study(odir, "compare.csv", w_compare_csv, sw))
                    : (write_study(odir, "sweep.json", w_sweep_json, sw) ||
                       write_study(odir, "sweep.csv", w_sweep_csv, sw));
        if (w)
            rc = EXIT_RUNTIME;
    }
    const char *dir = o.out_dir ? o.out_dir : cfg->output_dir;
    static const char *const sweep_plots[] = {"load-latency"}, *const compare_plots[] = {"compare"},
                             *const plan_plots[] = {"plan"};
    int drc = kind == STUDY_PLAN
                  ? draw_plots(&o, cfg, dir, plan_plots, 1, build_from_plan, plan)
                  : draw_plots(&o, cfg, dir, kind == STUDY_SWEEP ? sweep_plots : compare_plots, 1,
                               build_from_sweep, sw);
    if (drc && !rc)
        rc = drc;
    if (rc == 0 && sw && sw->partial) {
        fprintf(stderr, "virtsim: interrupted: the results above are partial\n");
        rc = EXIT_INTERRUPTED;
    }
out:
    vs_sweep_free(sw);
    vs_plan_free(plan);
    vs_config_free(cfg);
    options_fini(&o);
    return rc;
}

int main(int argc, char **argv)
{
    gsl_set_error_handler_off();
    if (argc < 2) {
        fputs(usage_main, stderr);
        return EXIT_USAGE;
    }
    const char *cmd = argv[1];
    if (strcmp(cmd, "--version") == 0 || strcmp(cmd, "version") == 0) {
        printf("virtsim %s\n", VS_VERSION);
        return 0;
    }
    if (strcmp(cmd, "-h") == 0 || strcmp(cmd, "--help") == 0 || strcmp(cmd, "help") == 0) {
        fputs(usage_main, stdout);
        return 0;
    }
    if (strcmp(cmd, "run") == 0)
        return cmd_run(argc, argv);
    if (strcmp(cmd, "validate") == 0)
        return cmd_validate(argc, argv);
    if (strcmp(cmd, "describe") == 0)
        return cmd_describe(argc, argv);
    if (strcmp(cmd, "sweep") == 0)
        return cmd_study(argc, argv, STUDY_SWEEP);
    if (strcmp(cmd, "compare") == 0)
        return cmd_study(argc, argv, STUDY_COMPARE);
    if (strcmp(cmd, "plan") == 0)
        return cmd_study(argc, argv, STUDY_PLAN);
    if (strcmp(cmd, "plot") == 0)
        return cmd_plot(argc, argv);
    fprintf(stderr, "virtsim: unknown command '%s'\n\n%s", cmd, usage_main);
    return EXIT_USAGE;
}
