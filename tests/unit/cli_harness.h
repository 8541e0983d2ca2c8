/*
 * cli_harness.h: what the test suites that run the `virtsim` command share.
 *
 * A temporary directory per test, a child-process runner with a timeout
 * that captures standard output, standard error and the exit status, and a
 * small strict JSON reader for checking printed summaries.  Header-only
 * (static inline) because CMake builds one Check executable per
 * tests/unit/check_*.c file.  Define CLI_HARNESS_NAME (the temporary
 * directory's prefix) before including it.
 */
#ifndef VS_TESTS_CLI_HARNESS_H
#define VS_TESTS_CLI_HARNESS_H

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

#ifndef CLI_HARNESS_NAME
#error "define CLI_HARNESS_NAME before including cli_harness.h"
#endif

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

static inline void rm_rf(const char *path)
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
                int n = snprintf(sub, sizeof sub, "%s/%s", path, e->d_name);
                if (n > 0 && (size_t)n < sizeof sub)
                    rm_rf(sub);
            }
            closedir(d);
        }
        rmdir(path);
    } else {
        unlink(path);
    }
}

static inline void tmp_setup(void)
{
    snprintf(g_tmp, sizeof g_tmp, "/tmp/%s.XXXXXX", CLI_HARNESS_NAME);
    ck_assert_msg(mkdtemp(g_tmp) != NULL, "mkdtemp: %s", strerror(errno));
}

static inline void tmp_teardown(void) { rm_rf(g_tmp); }

/* g_tmp "/" name, in a static ring of buffers. */
static inline const char *tmp_path(const char *name)
{
    static char bufs[8][512];
    static int next;
    char *b = bufs[next++ % 8];
    snprintf(b, sizeof bufs[0], "%s/%s", g_tmp, name);
    return b;
}

static inline void write_file(const char *path, const char *text)
{
    FILE *f = fopen(path, "w");
    ck_assert_msg(f != NULL, "cannot write %s: %s", path, strerror(errno));
    fputs(text, f);
    fclose(f);
}

/* The whole file as a NUL-terminated string (NULL if it cannot be read). */
static inline char *read_file(const char *path)
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

static inline void result_free(result *r)
{
    free(r->out);
    free(r->err);
}

static inline int decode_status(int ws)
{
    if (WIFEXITED(ws))
        return WEXITSTATUS(ws);
    if (WIFSIGNALED(ws))
        return 1000 + WTERMSIG(ws);
    return -1;
}

static inline pid_t spawn(char *const argv[], int run_no)
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

static inline void collect(result *r, int run_no)
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
static inline int wait_for(pid_t pid, double timeout_s)
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
static inline result run_argv(char *const argv[])
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
static inline result vs_run(const char *first, ...)
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

static inline void jv_free(jv *v)
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

static inline void skip_ws(const char **p)
{
    while (**p == ' ' || **p == '\t' || **p == '\n' || **p == '\r')
        (*p)++;
}

static inline jv *parse_value(const char **p, int depth);

/* A string; escapes other than \uXXXX are decoded, \uXXXX is kept as '?'. */
static inline char *parse_string(const char **p)
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

static inline jv *jv_new(int type)
{
    jv *v = calloc(1, sizeof *v);
    ck_assert_ptr_nonnull(v);
    v->type = type;
    return v;
}

static inline void jv_push(jv *v, char *key, jv *item)
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

static inline jv *parse_value(const char **p, int depth)
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
static inline jv *json_parse(const char *text)
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
static inline const jv *jv_at(const jv *v, const char *path)
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

static inline const jv *jv_must(const jv *root, const char *path, int type)
{
    const jv *v = jv_at(root, path);
    ck_assert_msg(v != NULL, "JSON has no %s", path);
    ck_assert_msg(v->type == type, "JSON %s has type %d, want %d", path, v->type, type);
    return v;
}

static inline double jnum(const jv *root, const char *path) { return jv_must(root, path, J_NUM)->num; }
static inline const char *jstr(const jv *root, const char *path)
{
    return jv_must(root, path, J_STR)->str;
}


/* Wait until process pid has a handler for SIGINT, read from the SigCgt
 * mask in /proc/PID/status (Linux); elsewhere, sleep a second instead. */
static inline void wait_for_sigint_handler(pid_t pid, double timeout_s)
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

#endif /* VS_TESTS_CLI_HARNESS_H */
