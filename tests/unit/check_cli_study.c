/*
 * check_cli_study.c: tests of the `virtsim` study commands (sweep, compare,
 * plan) and of `virtsim plot`, run as a child process (src/cli/main.c).
 *
 * The child-process runner and the small JSON reader are those of
 * check_cli.c (one Check executable per file, so they are repeated here).
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

#ifndef VS_BINARY_DIR
#error "VS_BINARY_DIR must be defined (CMake does it for the tests)"
#endif
#define VIRTSIM VS_BINARY_DIR "/virtsim"

/* Under AddressSanitizer processes start and run several times slower. */
#if defined(__SANITIZE_ADDRESS__)
#define SLOW_BUILD 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define SLOW_BUILD 1
#endif
#endif
#ifndef SLOW_BUILD
#define SLOW_BUILD 0
#endif

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
    snprintf(g_tmp, sizeof g_tmp, "/tmp/check_cli_study.XXXXXX");
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

static void write_file(const char *path, const char *text)
{
    FILE *f = fopen(path, "w");
    ck_assert_msg(f != NULL, "cannot write %s: %s", path, strerror(errno));
    fputs(text, f);
    fclose(f);
}

/* The whole file as a NUL-terminated string (NULL if it cannot be read). */
static char *read_file(const char *path)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    size_t cap = 4096, n = 0;
    char *buf = malloc(cap);
    ck_assert_ptr_nonnull(buf);
    size_t got;
    while ((got = fread(buf + n, 1, cap - n - 1, f)) > 0) {
        n += got;
        if (cap - n - 1 == 0) {
            cap *= 2;
            buf = realloc(buf, cap);
            ck_assert_ptr_nonnull(buf);
        }
    }
    fclose(f);
    buf[n] = '\0';
    return buf;
}

/* ---- running the command ------------------------------------------------------ */

typedef struct result {
    int status;   /* exit status, or 1000 + signal number if killed */
    char *out;    /* standard output */
    char *err;    /* standard error */
} result;

static void result_free(result *r)
{
    free(r->out);
    free(r->err);
}

static int decode_status(int ws)
{
    if (WIFEXITED(ws))
        return WEXITSTATUS(ws);
    if (WIFSIGNALED(ws))
        return 1000 + WTERMSIG(ws);
    return -1;
}

static pid_t spawn(char *const argv[], int run_no)
{
    char out[512], err[512];
    snprintf(out, sizeof out, "%s/stdout.%d", g_tmp, run_no);
    snprintf(err, sizeof err, "%s/stderr.%d", g_tmp, run_no);
    pid_t pid = fork();
    ck_assert_msg(pid >= 0, "fork: %s", strerror(errno));
    if (pid == 0) {
        int fo = open(out, O_WRONLY | O_CREAT | O_TRUNC, 0644);
        int fe = open(err, O_WRONLY | O_CREAT | O_TRUNC, 0644);
        int fi = open("/dev/null", O_RDONLY);
        if (fo < 0 || fe < 0 || fi < 0)
            _exit(127);
        dup2(fi, 0);
        dup2(fo, 1);
        dup2(fe, 2);
        execv(VIRTSIM, argv);
        _exit(127);
    }
    return pid;
}

static void collect(result *r, int run_no)
{
    char path[512];
    snprintf(path, sizeof path, "%s/stdout.%d", g_tmp, run_no);
    r->out = read_file(path);
    unlink(path);
    snprintf(path, sizeof path, "%s/stderr.%d", g_tmp, run_no);
    r->err = read_file(path);
    unlink(path);
    ck_assert_ptr_nonnull(r->out);
    ck_assert_ptr_nonnull(r->err);
}

/* Wait for pid at most timeout_s seconds; kill it and fail after that. */
static int wait_for(pid_t pid, double timeout_s)
{
    struct timespec nap = {0, 10 * 1000 * 1000};
    for (double waited = 0.0; waited < timeout_s; waited += 0.01) {
        int ws;
        pid_t p = waitpid(pid, &ws, WNOHANG);
        if (p == pid)
            return decode_status(ws);
        ck_assert_msg(p == 0, "waitpid: %s", strerror(errno));
        nanosleep(&nap, NULL);
    }
    kill(pid, SIGKILL);
    waitpid(pid, NULL, 0);
    ck_abort_msg("virtsim did not finish within %g s", timeout_s);
    return -1;
}

/* Run virtsim with the given arguments (NULL-terminated). */
static result run_argv(char *const argv[])
{
    static int run_no;
    ck_assert_msg(access(VIRTSIM, X_OK) == 0, "%s is not built: %s", VIRTSIM, strerror(errno));
    int no = run_no++;
    pid_t pid = spawn(argv, no);
    result r = {0, NULL, NULL};
    r.status = wait_for(pid, SLOW_BUILD ? 120.0 : 60.0);
    collect(&r, no);
    return r;
}

#define MAX_ARGS 32

/* vs_run("run", path, "--format", "json", NULL) */
static result vs_run(const char *first, ...)
{
    char *argv[MAX_ARGS];
    int n = 0;
    argv[n++] = strdup("virtsim");
    va_list ap;
    va_start(ap, first);
    for (const char *a = first; a; a = va_arg(ap, const char *)) {
        ck_assert_int_lt(n, MAX_ARGS - 1);
        argv[n++] = strdup(a);
    }
    va_end(ap);
    argv[n] = NULL;
    result r = run_argv(argv);
    for (int i = 0; i < n; i++)
        free(argv[i]);
    return r;
}

#define ck_status(r, want)                                                               \
    ck_assert_msg((r).status == (want), "exit status %d, want %d\nstdout:\n%s\nstderr:\n%s", \
                  (r).status, (want), (r).out, (r).err)

#define ck_contains(hay, needle)                                                         \
    ck_assert_msg(strstr((hay), (needle)) != NULL, "'%s' not found in:\n%s", (needle), (hay))

/* ---- a small JSON reader --------------------------------------------------------- */

enum { J_NULL, J_BOOL, J_NUM, J_STR, J_ARR, J_OBJ };

typedef struct jv {
    int type;
    double num;        /* J_NUM, J_BOOL (0 or 1) */
    char *str;         /* J_STR */
    struct jv **items; /* J_ARR, J_OBJ values */
    char **keys;       /* J_OBJ keys */
    size_t n;
} jv;

static void jv_free(jv *v)
{
    if (!v)
        return;
    for (size_t i = 0; i < v->n; i++) {
        jv_free(v->items[i]);
        if (v->keys)
            free(v->keys[i]);
    }
    free(v->items);
    free(v->keys);
    free(v->str);
    free(v);
}

static void skip_ws(const char **p)
{
    while (**p == ' ' || **p == '\t' || **p == '\n' || **p == '\r')
        (*p)++;
}

static jv *parse_value(const char **p, int depth);

/* A string; escapes other than \uXXXX are decoded, \uXXXX is kept as '?'. */
static char *parse_string(const char **p)
{
    if (**p != '"')
        return NULL;
    (*p)++;
    size_t cap = 16, n = 0;
    char *s = malloc(cap);
    for (;;) {
        char c = **p;
        if (c == '\0' || (unsigned char)c < 0x20) {
            free(s);
            return NULL;
        }
        (*p)++;
        if (c == '"')
            break;
        if (c == '\\') {
            char e = *(*p)++;
            switch (e) {
            case 'n': c = '\n'; break;
            case 't': c = '\t'; break;
            case 'r': c = '\r'; break;
            case 'b': c = '\b'; break;
            case 'f': c = '\f'; break;
            case '"': case '\\': case '/': c = e; break;
            case 'u':
                for (int i = 0; i < 4; i++)
                    if (!strchr("0123456789abcdefABCDEF", *(*p)++) ) {
                        free(s);
                        return NULL;
                    }
                c = '?';
                break;
            default:
                free(s);
                return NULL;
            }
        }
        if (n + 2 > cap)
            s = realloc(s, cap *= 2);
        s[n++] = c;
    }
    s[n] = '\0';
    return s;
}

static jv *jv_new(int type)
{
    jv *v = calloc(1, sizeof *v);
    ck_assert_ptr_nonnull(v);
    v->type = type;
    return v;
}

static void jv_push(jv *v, char *key, jv *item)
{
    v->items = realloc(v->items, (v->n + 1) * sizeof *v->items);
    if (v->type == J_OBJ)
        v->keys = realloc(v->keys, (v->n + 1) * sizeof *v->keys);
    ck_assert_ptr_nonnull(v->items);
    v->items[v->n] = item;
    if (v->type == J_OBJ)
        v->keys[v->n] = key;
    v->n++;
}

static jv *parse_value(const char **p, int depth)
{
    if (depth > 64)
        return NULL;
    skip_ws(p);
    const char *s = *p;
    if (*s == '{' || *s == '[') {
        int obj = *s == '{';
        char close = obj ? '}' : ']';
        jv *v = jv_new(obj ? J_OBJ : J_ARR);
        (*p)++;
        skip_ws(p);
        if (**p == close) {
            (*p)++;
            return v;
        }
        for (;;) {
            char *key = NULL;
            if (obj) {
                skip_ws(p);
                if (!(key = parse_string(p))) {
                    jv_free(v);
                    return NULL;
                }
                skip_ws(p);
                if (**p != ':') {
                    free(key);
                    jv_free(v);
                    return NULL;
                }
                (*p)++;
            }
            jv *item = parse_value(p, depth + 1);
            if (!item) {
                free(key);
                jv_free(v);
                return NULL;
            }
            jv_push(v, key, item);
            skip_ws(p);
            if (**p == ',') {
                (*p)++;
                continue;
            }
            if (**p == close) {
                (*p)++;
                return v;
            }
            jv_free(v);
            return NULL;
        }
    }
    if (*s == '"') {
        char *str = parse_string(p);
        if (!str)
            return NULL;
        jv *v = jv_new(J_STR);
        v->str = str;
        return v;
    }
    if (strncmp(s, "true", 4) == 0 || strncmp(s, "false", 5) == 0) {
        jv *v = jv_new(J_BOOL);
        v->num = *s == 't';
        *p += *s == 't' ? 4 : 5;
        return v;
    }
    if (strncmp(s, "null", 4) == 0) {
        *p += 4;
        return jv_new(J_NULL);
    }
    /* A number in the JSON grammar: -?(0|[1-9][0-9]*)(.[0-9]+)?([eE][+-]?[0-9]+)? */
    const char *q = s;
    if (*q == '-')
        q++;
    if (*q == '0')
        q++;
    else if (*q >= '1' && *q <= '9')
        while (*q >= '0' && *q <= '9')
            q++;
    else
        return NULL;
    if (*q == '.') {
        q++;
        if (!(*q >= '0' && *q <= '9'))
            return NULL;
        while (*q >= '0' && *q <= '9')
            q++;
    }
    if (*q == 'e' || *q == 'E') {
        q++;
        if (*q == '+' || *q == '-')
            q++;
        if (!(*q >= '0' && *q <= '9'))
            return NULL;
        while (*q >= '0' && *q <= '9')
            q++;
    }
    jv *v = jv_new(J_NUM);
    v->num = strtod(s, NULL);
    *p = q;
    return v;
}

/* Parse a whole document; NULL if it is not valid JSON. */
static jv *json_parse(const char *text)
{
    const char *p = text;
    jv *v = parse_value(&p, 0);
    if (!v)
        return NULL;
    skip_ws(&p);
    if (*p != '\0') {
        jv_free(v);
        return NULL;
    }
    return v;
}

/* Follow a dotted path: object keys and array indexes ("stations.0.name"). */
static const jv *jv_at(const jv *v, const char *path)
{
    char buf[256];
    snprintf(buf, sizeof buf, "%s", path);
    char *save = NULL;
    for (char *tok = strtok_r(buf, ".", &save); tok && v; tok = strtok_r(NULL, ".", &save)) {
        const jv *next = NULL;
        if (v->type == J_OBJ) {
            for (size_t i = 0; i < v->n && !next; i++)
                if (strcmp(v->keys[i], tok) == 0)
                    next = v->items[i];
        } else if (v->type == J_ARR) {
            char *end;
            unsigned long i = strtoul(tok, &end, 10);
            if (*end == '\0' && i < v->n)
                next = v->items[i];
        }
        v = next;
    }
    return v;
}

static const jv *jv_must(const jv *root, const char *path, int type)
{
    const jv *v = jv_at(root, path);
    ck_assert_msg(v != NULL, "JSON has no %s", path);
    ck_assert_msg(v->type == type, "JSON %s has type %d, want %d", path, v->type, type);
    return v;
}

static double jnum(const jv *root, const char *path) { return jv_must(root, path, J_NUM)->num; }
static const char *jstr(const jv *root, const char *path)
{
    return jv_must(root, path, J_STR)->str;
}


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

/* Wait until process pid has a handler for SIGINT, read from the SigCgt
 * mask in /proc/PID/status (Linux); elsewhere, sleep a second instead. */
static void wait_for_sigint_handler(pid_t pid, double timeout_s)
{
    char path[64];
    snprintf(path, sizeof path, "/proc/%d/status", (int)pid);
    struct timespec nap = {0, 10 * 1000 * 1000};
    for (double waited = 0.0; waited < timeout_s; waited += 0.01) {
        FILE *f = fopen(path, "r");
        if (!f) {
            struct timespec sec = {1, 0};
            nanosleep(&sec, NULL);
            return;
        }
        char line[256];
        unsigned long long mask = 0;
        while (fgets(line, sizeof line, f))
            if (strncmp(line, "SigCgt:", 7) == 0)
                mask = strtoull(line + 7, NULL, 16);
        fclose(f);
        if (mask & (1ull << (SIGINT - 1)))
            return;
        nanosleep(&nap, NULL);
    }
    ck_abort_msg("virtsim did not install its SIGINT handler within %g s", timeout_s);
}

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
