/*
 * check_report.c: unit tests of the report module (src/report).
 *
 * A vs_summary is built by hand (two stations: "we"b\<newline><U+0001>é" with an
 * M/M/4 analytic model and two classes, and "db" without a model and with
 * NaN CIs; two hosts; one VM) and printed in every format:
 *  - JSON must pass a small strict validator written here (RFC 8259 grammar)
 *    and contain the expected keys, escapes, nulls and exact numbers;
 *  - number formatting must round-trip bit-exactly (0.1, 1/3, 1e-300,
 *    2.0255, subnormals, random bit patterns) and be the shortest form;
 *  - CSV rows must split (RFC 4180) into as many fields as the header;
 *  - the text report must hold the expected rows and align its columns;
 *  - atomic writes must replace files, leave no temporary file behind, also
 *    on a failing writer and on a full "disk" (RLIMIT_FSIZE), and fail into
 *    an unwritable path with VS_EIO and a message;
 *  - SHA-256 must give the FIPS 180-4 test vectors.
 */
#include <check.h>
#include <dirent.h>
#include <errno.h>
#include <math.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

#include <gsl/gsl_errno.h>

#include "virtsim/report.h"

/* ---- a strict JSON validator --------------------------------------------- */

static void ws(const char **p)
{
    while (**p == ' ' || **p == '\t' || **p == '\n' || **p == '\r')
        (*p)++;
}

static int value(const char **p, int depth);

static int string(const char **p)
{
    if (**p != '"')
        return 0;
    (*p)++;
    for (;;) {
        unsigned char c = (unsigned char)**p;
        if (c == '\0' || c < 0x20)
            return 0;
        (*p)++;
        if (c == '"')
            return 1;
        if (c == '\\') {
            char e = **p;
            (*p)++;
            if (e == 'u') {
                for (int i = 0; i < 4; i++, (*p)++)
                    if (!strchr("0123456789abcdefABCDEF", **p) || **p == '\0')
                        return 0;
            } else if (!strchr("\"\\/bfnrt", e) || e == '\0') {
                return 0;
            }
        }
    }
}

static int digits(const char **p)
{
    if (**p < '0' || **p > '9')
        return 0;
    while (**p >= '0' && **p <= '9')
        (*p)++;
    return 1;
}

static int number(const char **p)
{
    if (**p == '-')
        (*p)++;
    if (**p == '0')
        (*p)++;
    else if (!digits(p))
        return 0;
    if (**p == '.') {
        (*p)++;
        if (!digits(p))
            return 0;
    }
    if (**p == 'e' || **p == 'E') {
        (*p)++;
        if (**p == '+' || **p == '-')
            (*p)++;
        if (!digits(p))
            return 0;
    }
    return 1;
}

static int literal(const char **p, const char *word)
{
    size_t n = strlen(word);
    if (strncmp(*p, word, n) != 0)
        return 0;
    *p += n;
    return 1;
}

static int value(const char **p, int depth)
{
    if (depth > 64)
        return 0;
    ws(p);
    switch (**p) {
    case '{':
        (*p)++;
        ws(p);
        if (**p == '}') {
            (*p)++;
            return 1;
        }
        for (;;) {
            ws(p);
            if (!string(p))
                return 0;
            ws(p);
            if (**p != ':')
                return 0;
            (*p)++;
            if (!value(p, depth + 1))
                return 0;
            ws(p);
            if (**p == '}') {
                (*p)++;
                return 1;
            }
            if (**p != ',')
                return 0;
            (*p)++;
        }
    case '[':
        (*p)++;
        ws(p);
        if (**p == ']') {
            (*p)++;
            return 1;
        }
        for (;;) {
            if (!value(p, depth + 1))
                return 0;
            ws(p);
            if (**p == ']') {
                (*p)++;
                return 1;
            }
            if (**p != ',')
                return 0;
            (*p)++;
        }
    case '"': return string(p);
    case 't': return literal(p, "true");
    case 'f': return literal(p, "false");
    case 'n': return literal(p, "null");
    default: return number(p);
    }
}

/* 1 if text is exactly one JSON value (with surrounding blanks). */
static int json_valid(const char *text)
{
    const char *p = text;
    if (!value(&p, 0))
        return 0;
    ws(&p);
    return *p == '\0';
}

START_TEST(test_validator_itself)
{
    ck_assert(json_valid("{\"a\": [1, -0.5e+3, true, null, \"x\\u00e9\"]}"));
    ck_assert(!json_valid("{\"a\": nan}"));
    ck_assert(!json_valid("{\"a\": 1,}"));
    ck_assert(!json_valid("{\"a\": .5}"));
    ck_assert(!json_valid("{\"a\": \"tab\there\"}"));
    ck_assert(!json_valid("[1] 2"));
    ck_assert(!json_valid("{\"a\": inf}"));
}
END_TEST

/* ---- the hand-made summary ------------------------------------------------ */

#define ODD_NAME "we\"b\\\n\x01\xc3\xa9" /* we"b\<LF><U+0001>é */

typedef struct fixture {
    vs_summary s;
    vs_station_summary st[2];
    vs_class_summary cl[2];
    vs_host_summary h[2];
    vs_vm_summary vm[1];
} fixture;

/* Writable strings for the summary's char * fields. */
static char str_0[] = "mmc-basic";
static char str_1[] = "scenarios/mmc basic.yaml";
static char str_2[] = ODD_NAME;
static char str_3[] = "rack-a-0";
static char str_4[] = "fcfs";
static char str_5[] = "db, primary";
static char str_6[] = "rack-a-1";
static char str_7[] = "ps";
static char str_8[] = "rack \"b\"";
static char str_9[] = "web";
static char str_10[] = "running";

static void make_summary(fixture *fx, int partial)
{
    memset(fx, 0, sizeof *fx);
    vs_summary *s = &fx->s;
    s->scenario = str_0;
    s->file = str_1;
    s->seed = 42;
    s->replications = 10;
    s->partial = partial;
    s->events = 12000000;
    s->sim_time = 1e5;
    s->warmup_time = 1000;
    s->wall_seconds = 0.8;
    s->events_per_second = 1.5e7;

    vs_station_summary *a = &fx->st[0];
    a->name = str_2;
    a->host = str_3;
    a->scheduler = str_4;
    a->vcpus = 4;
    a->speed = 1.0;
    a->arrived = 1000000;
    a->completed = 999990;
    a->blocked = 0;
    a->throughput = (vs_metric){3.6017, 0.0123};
    a->utilization = (vs_metric){0.9, 0.002};
    a->response_time = (vs_metric){2.2, 0.03}; /* analytic 2.0255: outside */
    a->wait_time = (vs_metric){1.02, 0.03};
    a->jobs_in_system = (vs_metric){7.3, 0.1};
    a->queue_length = (vs_metric){3.7, 0.1};
    a->p50_response = 1.3;
    a->p95_response = 6.1;
    a->p99_response = 9.4;
    a->p50_wait = 0.2;
    a->p95_wait = 5.1;
    a->p99_wait = 8.4;
    a->wait_probability = 0.73;
    a->blocking_probability = 0.0;
    fx->cl[0] = (vs_class_summary){.klass = 0, .completed = 500000,
                                   .throughput = {1.8, 0.01}, .response_time = {1.5, 0.02},
                                   .wait_time = {0.5, 0.02}, .p95_response = 4.0,
                                   .p95_wait = 3.0, .p50_response = 1.0, .p99_response = 7,
                                   .p50_wait = 0.1, .p99_wait = 6};
    fx->cl[1] = (vs_class_summary){.klass = 1, .completed = 499990,
                                   .throughput = {1.8, NAN}, .response_time = {2.5, 0.04},
                                   .wait_time = {1.5, 0.04}, .p95_response = 8.0,
                                   .p95_wait = 7.0, .p50_response = 2.0, .p99_response = 11,
                                   .p50_wait = 1.1, .p99_wait = 10};
    a->classes = fx->cl;
    a->nclasses = 2;
    a->has_analytic = 1;
    vs_queue_metrics_clear(&a->analytic);
    snprintf(a->analytic.model, sizeof a->analytic.model, "M/M/4");
    a->analytic.throughput = 3.6;
    a->analytic.utilization = 0.9;
    a->analytic.response_time = 2.0255;
    a->analytic.wait_time = 1.0255;
    a->analytic.jobs_in_system = 7.2918;
    a->analytic.queue_length = 3.6918;
    a->analytic.wait_probability = 0.7455;
    a->analytic.blocking_probability = 0.0;
    a->analytic.p95_response = 6.0;

    vs_station_summary *b = &fx->st[1];
    b->name = str_5;
    b->host = str_6;
    b->scheduler = str_7;
    b->vcpus = 1;
    b->speed = 2.5;
    b->arrived = 10;
    b->completed = 9;
    b->blocked = 1;
    b->throughput = (vs_metric){0.5, NAN};
    b->utilization = (vs_metric){0.25, NAN};
    b->response_time = (vs_metric){1.0 / 3.0, NAN};
    b->wait_time = (vs_metric){1e-300, NAN};
    b->jobs_in_system = (vs_metric){INFINITY, NAN};
    b->queue_length = (vs_metric){0.0, 0.0};
    b->p50_response = b->p95_response = b->p99_response = NAN;
    b->p50_wait = b->p95_wait = b->p99_wait = NAN;
    b->wait_probability = 0.1;
    b->blocking_probability = 0.1;
    b->has_analytic = 0;

    s->stations = fx->st;
    s->nstations = 2;

    fx->h[0] = (vs_host_summary){str_3, 16, {0.225, 0.0005}, 0.0};
    fx->h[1] = (vs_host_summary){str_8, 8, {0.031, NAN}, 1.25};
    s->hosts = fx->h;
    s->nhosts = 2;
    fx->vm[0] = (vs_vm_summary){str_9, str_3, str_10};
    s->vms = fx->vm;
    s->nvms = 1;
}

/* Run a printer into a malloc'ed string. */
static char *capture(int (*fn)(FILE *, const vs_summary *), const vs_summary *s)
{
    char *buf = NULL;
    size_t n = 0;
    FILE *f = open_memstream(&buf, &n);
    ck_assert_ptr_nonnull(f);
    ck_assert_int_eq(fn(f, s), VS_OK);
    ck_assert_int_eq(fclose(f), 0);
    return buf;
}

static int count(const char *hay, const char *needle)
{
    int n = 0;
    for (const char *p = hay; (p = strstr(p, needle)) != NULL; p++)
        n++;
    return n;
}

#define ck_contains(hay, needle)                                                    \
    ck_assert_msg(strstr((hay), (needle)) != NULL, "missing <%s> in:\n%s", (needle), \
                  (hay))

/* ---- numbers ----------------------------------------------------------------- */

static void check_roundtrip(double x)
{
    char buf[VS_FMT_DOUBLE_MAX];
    vs_fmt_double(buf, x);
    double y = strtod(buf, NULL);
    ck_assert_msg(memcmp(&x, &y, sizeof x) == 0, "%.17g printed as %s reads back %.17g", x,
                  buf, y);
    ck_assert_msg(json_valid(buf), "%s is not a JSON number", buf);
}

START_TEST(test_fmt_double)
{
    char buf[VS_FMT_DOUBLE_MAX];
    ck_assert_str_eq(vs_fmt_double(buf, 0.1), "0.1");
    ck_assert_str_eq(vs_fmt_double(buf, 1.0 / 3.0), "0.3333333333333333");
    ck_assert_str_eq(vs_fmt_double(buf, 1e-300), "1e-300");
    ck_assert_str_eq(vs_fmt_double(buf, 2.0255), "2.0255");
    ck_assert_str_eq(vs_fmt_double(buf, 0.1 + 0.2), "0.30000000000000004");
    ck_assert_str_eq(vs_fmt_double(buf, 3.0), "3");
    ck_assert_str_eq(vs_fmt_double(buf, 1.5e7), "15000000");
    ck_assert_str_eq(vs_fmt_double(buf, -0.0), "-0");
    ck_assert_str_eq(vs_fmt_double(buf, NAN), "null");
    ck_assert_str_eq(vs_fmt_double(buf, INFINITY), "null");
    ck_assert_str_eq(vs_fmt_double(buf, -INFINITY), "null");
    const double fixed[] = {0.1, 1.0 / 3.0, 1e-300, 2.0255, 5e-324, 2.2250738585072014e-308,
                            1.7976931348623157e308, -0.0, 1e21, 123456789012345678.0,
                            0.30000000000000004, 9007199254740993.0, -2.5e-7};
    for (size_t i = 0; i < sizeof fixed / sizeof fixed[0]; i++)
        check_roundtrip(fixed[i]);
    /* Random bit patterns (xorshift64), skipping NaN and infinities. */
    uint64_t r = 0x9E3779B97F4A7C15u;
    for (int i = 0; i < 20000; i++) {
        r ^= r << 13;
        r ^= r >> 7;
        r ^= r << 17;
        double x;
        memcpy(&x, &r, sizeof x);
        if (isfinite(x))
            check_roundtrip(x);
    }
    /* Shortest: no 17-digit form when 15 digits round-trip. */
    for (int k = 1; k < 1000; k++) {
        double x = k / 1000.0;
        vs_fmt_double(buf, x);
        ck_assert_msg(strlen(buf) <= 5, "%g printed as %s", x, buf);
    }
}
END_TEST

/* ---- JSON ----------------------------------------------------------------- */

START_TEST(test_json_summary)
{
    fixture fx;
    make_summary(&fx, 0);
    char *js = capture(vs_report_json, &fx.s);
    ck_assert_msg(json_valid(js), "invalid JSON:\n%s", js);
    ck_contains(js, "\"scenario\": \"mmc-basic\"");
    ck_contains(js, "\"seed\": 42");
    ck_contains(js, "\"replications\": 10");
    ck_contains(js, "\"partial\": false");
    ck_contains(js, "\"events\": 12000000");
    ck_contains(js, "\"wall_seconds\": 0.8");
    ck_contains(js, "\"events_per_second\": 15000000");
    ck_contains(js, "\"sim_time\": 100000");
    ck_contains(js, "\"warmup_time\": 1000");
    ck_contains(js, "\"file\": \"scenarios/mmc basic.yaml\"");
    /* Escapes: quote, backslash, newline, U+0001; é passed through as UTF-8. */
    ck_contains(js, "\"name\": \"we\\\"b\\\\\\n\\u0001\xc3\xa9\"");
    ck_contains(js, "\"host\": \"rack-a-0\"");
    ck_contains(js, "\"vcpus\": 4");
    ck_contains(js, "\"speed\": 2.5");
    ck_contains(js, "\"scheduler\": \"fcfs\"");
    ck_contains(js, "\"arrived\": 1000000");
    ck_contains(js, "\"completed\": 999990");
    ck_contains(js, "\"blocked\": 0");
    ck_contains(js, "\"throughput\": {\"mean\": 3.6017, \"ci95\": 0.0123}");
    ck_contains(js, "\"utilization\": {\"mean\": 0.9, \"ci95\": 0.002}");
    ck_contains(js, "\"response_time\": {\"mean\": 2.2, \"ci95\": 0.03, \"p50\": 1.3, "
                    "\"p95\": 6.1, \"p99\": 9.4}");
    ck_contains(js, "\"wait_time\": {\"mean\": 1.02, \"ci95\": 0.03, \"p50\": 0.2, "
                    "\"p95\": 5.1, \"p99\": 8.4}");
    ck_contains(js, "\"jobs_in_system\": {\"mean\": 7.3, \"ci95\": 0.1}");
    ck_contains(js, "\"queue_length\": {\"mean\": 3.7, \"ci95\": 0.1}");
    ck_contains(js, "\"wait_probability\": 0.73");
    ck_contains(js, "\"blocking_probability\": 0");
    ck_contains(js, "\"class\": 0");
    ck_contains(js, "\"class\": 1");
    ck_contains(js, "\"completed\": 499990");
    ck_contains(js, "\"throughput\": {\"mean\": 1.8, \"ci95\": null}");
    ck_contains(js, "\"model\": \"M/M/4\"");
    ck_contains(js, "\"approximate\": false");
    ck_contains(js, "\"response_time\": 2.0255");
    ck_contains(js, "\"p95_response\": 6");
    ck_contains(js, "\"p95_wait\": null");
    /* Only the first station has an analytic block. */
    ck_assert_int_eq(count(js, "\"analytic\""), 1);
    /* Second station: NaN CIs, infinity and NaN quantiles print as null. */
    ck_contains(js, "\"name\": \"db, primary\"");
    ck_contains(js, "\"response_time\": {\"mean\": 0.3333333333333333, \"ci95\": null, "
                    "\"p50\": null, \"p95\": null, \"p99\": null}");
    ck_contains(js, "\"wait_time\": {\"mean\": 1e-300, \"ci95\": null");
    ck_contains(js, "\"jobs_in_system\": {\"mean\": null, \"ci95\": null}");
    ck_contains(js, "\"queue_length\": {\"mean\": 0, \"ci95\": 0}");
    ck_contains(js, "\"classes\": []");
    ck_contains(js, "\"hosts\": [");
    ck_contains(js, "{\"name\": \"rack \\\"b\\\"\", \"cores\": 8, \"utilization\": "
                    "{\"mean\": 0.031, \"ci95\": null}, \"energy_kwh\": 1.25}");
    ck_contains(js, "{\"name\": \"web\", \"host\": \"rack-a-0\", \"state\": \"running\"}");
    ck_assert_int_eq(count(js, "nan"), 0);
    ck_assert_int_eq(count(js, "inf"), 0);
    free(js);
}
END_TEST

START_TEST(test_json_empty_and_partial)
{
    vs_summary s;
    memset(&s, 0, sizeof s);
    s.partial = 1;
    s.sim_time = NAN;
    char *js = capture(vs_report_json, &s);
    ck_assert_msg(json_valid(js), "invalid JSON:\n%s", js);
    ck_contains(js, "\"scenario\": null");
    ck_contains(js, "\"partial\": true");
    ck_contains(js, "\"sim_time\": null");
    ck_contains(js, "\"stations\": []");
    ck_contains(js, "\"hosts\": []");
    ck_contains(js, "\"vms\": []");
    free(js);

    /* Printing is deterministic: the same summary gives the same bytes. */
    fixture fx;
    make_summary(&fx, 1);
    char *a = capture(vs_report_json, &fx.s);
    char *b = capture(vs_report_json, &fx.s);
    ck_assert_str_eq(a, b);
    ck_contains(a, "\"partial\": true");
    free(a);
    free(b);
}
END_TEST

START_TEST(test_json_string_escapes)
{
    char *buf = NULL;
    size_t n = 0;
    FILE *f = open_memstream(&buf, &n);
    vs_json_write_string(f, "a\"b\\c/\b\f\n\r\t\x1f\x7f\xe2\x82\xac");
    putc(' ', f);
    vs_json_write_string(f, NULL);
    fclose(f);
    ck_assert_str_eq(buf, "\"a\\\"b\\\\c/\\b\\f\\n\\r\\t\\u001f\x7f\xe2\x82\xac\" null");
    free(buf);

    /* Ill-formed UTF-8 (a lone continuation byte, a truncated sequence, an
     * overlong '/', a surrogate) becomes U+FFFD; 4-byte U+1F600 is kept. */
    buf = NULL;
    f = open_memstream(&buf, &n);
    vs_json_write_string(f, "\x80x\xe2\x82y\xc0\xaf\xed\xa0\x80\xf0\x9f\x98\x80");
    fclose(f);
    ck_assert_str_eq(buf, "\"\\ufffdx\\ufffd\\ufffdy\\ufffd\\ufffd\\ufffd\\ufffd\\ufffd"
                          "\xf0\x9f\x98\x80\"");
    free(buf);
}
END_TEST

/* ---- CSV -------------------------------------------------------------------- */

/* Split one CSV record (RFC 4180) starting at *p; returns the number of
 * fields and stores up to max of them (malloc'ed) in out; *p moves past the
 * line end.  -1 on a malformed record. */
static int csv_record(const char **p, char **out, int max)
{
    int n = 0;
    for (;;) {
        char field[1024];
        size_t k = 0;
        if (**p == '"') {
            (*p)++;
            for (;;) {
                if (**p == '\0')
                    return -1;
                if (**p == '"') {
                    if ((*p)[1] == '"') {
                        field[k++] = '"';
                        *p += 2;
                        continue;
                    }
                    (*p)++;
                    break;
                }
                field[k++] = *(*p)++;
            }
            if (**p != ',' && **p != '\n')
                return -1;
        } else {
            while (**p != ',' && **p != '\n' && **p != '\0') {
                if (**p == '"')
                    return -1;
                field[k++] = *(*p)++;
            }
        }
        field[k] = '\0';
        if (n < max)
            out[n] = strdup(field);
        n++;
        if (**p == ',') {
            (*p)++;
            continue;
        }
        if (**p == '\n')
            (*p)++;
        return n;
    }
}

static void free_fields(char **f, int n)
{
    for (int i = 0; i < n; i++)
        free(f[i]);
}

START_TEST(test_csv_field_quoting)
{
    struct { const char *in, *out; } cases[] = {
        {"plain", "plain"},
        {"a,b", "\"a,b\""},
        {"say \"hi\"", "\"say \"\"hi\"\"\""},
        {"two\nlines", "\"two\nlines\""},
        {"cr\r", "\"cr\r\""},
        {" lead", "\" lead\""},
        {"trail ", "\"trail \""},
        {"", ""},
        {"\xc3\xa9t\xc3\xa9", "\xc3\xa9t\xc3\xa9"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char *buf = NULL;
        size_t n = 0;
        FILE *f = open_memstream(&buf, &n);
        ck_assert_int_eq(vs_csv_write_field(f, cases[i].in), VS_OK);
        fclose(f);
        ck_assert_str_eq(buf, cases[i].out);
        free(buf);
    }
}
END_TEST

START_TEST(test_csv_tables)
{
    fixture fx;
    make_summary(&fx, 0);
    char *csv = capture(vs_report_csv_stations, &fx.s);
    const char *p = csv;
    char *hdr[64], *row[64];
    int nh = csv_record(&p, hdr, 64);
    ck_assert_int_eq(nh, 47);
    ck_assert_str_eq(hdr[0], "name");
    ck_assert_str_eq(hdr[45], "steal_time");
    ck_assert_str_eq(hdr[46], "steal_time_ci95");
    ck_assert_str_eq(hdr[3], "vcpus");
    ck_assert_str_eq(hdr[8], "throughput");
    ck_assert_str_eq(hdr[9], "throughput_ci95");
    ck_assert_str_eq(hdr[29], "analytic_model");
    int col_resp = -1, col_ana_resp = -1, col_resp_ci = -1;
    for (int i = 0; i < nh; i++) {
        if (!strcmp(hdr[i], "response_time")) col_resp = i;
        if (!strcmp(hdr[i], "response_time_ci95")) col_resp_ci = i;
        if (!strcmp(hdr[i], "analytic_response_time")) col_ana_resp = i;
    }
    ck_assert_int_ge(col_resp, 0);
    ck_assert_int_ge(col_ana_resp, 0);

    int n = csv_record(&p, row, 64);
    ck_assert_int_eq(n, nh);
    ck_assert_str_eq(row[0], ODD_NAME); /* quoted and read back intact */
    ck_assert_str_eq(row[1], "rack-a-0");
    ck_assert_str_eq(row[3], "4");
    ck_assert_str_eq(row[8], "3.6017");
    ck_assert_str_eq(row[9], "0.0123");
    ck_assert_str_eq(row[col_resp], "2.2");
    ck_assert_str_eq(row[29], "M/M/4");
    ck_assert_str_eq(row[col_ana_resp], "2.0255");
    free_fields(row, n);

    n = csv_record(&p, row, 64);
    ck_assert_int_eq(n, nh);
    ck_assert_str_eq(row[0], "db, primary");
    ck_assert_str_eq(row[col_resp], "0.3333333333333333");
    ck_assert_str_eq(row[col_resp_ci], ""); /* NaN CI: empty */
    ck_assert_str_eq(row[29], "");          /* no analytic model */
    ck_assert_str_eq(row[col_ana_resp], "");
    free_fields(row, n);
    ck_assert_int_eq(*p, '\0');
    ck_contains(csv, "\"db, primary\",");
    free_fields(hdr, nh);
    free(csv);

    csv = capture(vs_report_csv_hosts, &fx.s);
    ck_assert_str_eq(csv, "name,cores,utilization,utilization_ci95,energy_kwh\n"
                          "rack-a-0,16,0.225,0.0005,0\n"
                          "\"rack \"\"b\"\"\",8,0.031,,1.25\n");
    free(csv);
}
END_TEST

/* ---- text -------------------------------------------------------------------- */

/* Display column (UTF-8 code points) of the first occurrence of needle. */
static long display_col(const char *line, const char *needle)
{
    const char *at = strstr(line, needle);
    if (!at)
        return -1;
    long w = 0;
    for (const char *q = line; q < at; q++)
        if (((unsigned char)*q & 0xC0) != 0x80)
            w++;
    return w;
}

START_TEST(test_text_report)
{
    fixture fx;
    make_summary(&fx, 0);
    char *txt = capture(vs_report_text, &fx.s);
    ck_assert_ptr_null(strstr(txt, "PARTIAL"));
    ck_contains(txt, "virtsim results: mmc-basic (scenarios/mmc basic.yaml)");
    ck_contains(txt, "replications: 10");
    ck_contains(txt, "seed: 42");
    ck_contains(txt, "simulated time: 100000 s");
    ck_contains(txt, "events: 12000000");
    ck_contains(txt, "wall time: 0.8 s");
    ck_contains(txt, "events/s: 1.5e+07");
    ck_contains(txt, "analytic model: M/M/4\n");
    /* Control characters in names are escaped, UTF-8 kept. */
    ck_contains(txt, "station we\"b\\\\n\\x01\xc3\xa9: host rack-a-0, 4 vCPUs at speed 1, "
                     "scheduler fcfs\n");
    /* No trailing blanks. */
    ck_assert_ptr_null(strstr(txt, " \n"));
    ck_contains(txt, "theory in CI?");
    ck_contains(txt, "rel. error");
    /* 3.6017 +- 0.0123: two significant digits of the CI. */
    ck_contains(txt, "3.602  \xc2\xb1 0.012");
    ck_contains(txt, "+0.05%");
    /* Response 2.2 +- 0.03 vs 2.0255: outside the CI, +8.62%. */
    ck_contains(txt, "+8.62%");
    const char *resp = strstr(txt, "mean response (s)");
    ck_assert_ptr_nonnull(resp);
    const char *eol = strchr(resp, '\n');
    ck_assert_msg(strstr(resp, "no") && strstr(resp, "no") < eol, "response row: %.*s",
                  (int)(eol - resp), resp);
    const char *thr = strstr(txt, "throughput (1/s)");
    eol = strchr(thr, '\n');
    ck_assert_msg(strstr(thr, "yes") && strstr(thr, "yes") < eol, "throughput row");
    ck_contains(txt, "P(wait)");
    ck_contains(txt, "P(block)");
    ck_contains(txt, "p95 response (s)");
    ck_contains(txt, "p95 wait (s)");
    ck_contains(txt, "jobs in system");
    ck_contains(txt, "queue length");
    ck_contains(txt, "per class:");
    ck_contains(txt, "499990");
    /* Second station: no model, one class: no per-class table. */
    ck_contains(txt, "station db, primary: host rack-a-1, 1 vCPU at speed 2.5, scheduler ps");
    ck_contains(txt, "analytic model: none");
    ck_assert_int_eq(count(txt, "per class:"), 1);
    /* Hosts. */
    ck_contains(txt, "hosts:");
    ck_contains(txt, "rack \"b\"");
    ck_contains(txt, "energy (kWh)");
    ck_contains(txt, "1.25");

    /* Alignment: in the first station's table every "±" is in one column. */
    const char *tbl = strstr(txt, "  throughput (1/s)"); /* start of its line */
    long col = -1;
    int rows = 0;
    for (const char *line = tbl; line && *line && strncmp(line, "  P(block)", 10) != 0;) {
        const char *end = strchr(line, '\n');
        char buf[512];
        size_t len = (size_t)(end - line);
        ck_assert_uint_lt(len, sizeof buf);
        memcpy(buf, line, len);
        buf[len] = '\0';
        long c = display_col(buf, "\xc2\xb1");
        if (c >= 0) {
            if (col < 0)
                col = c;
            ck_assert_msg(c == col, "misaligned: %s", buf);
            rows++;
        }
        line = end + 1;
    }
    ck_assert_int_eq(rows, 6); /* throughput, util, resp, wait, jobs, queue */
    free(txt);

    make_summary(&fx, 1);
    txt = capture(vs_report_text, &fx.s);
    ck_contains(txt, "PARTIAL RESULTS (interrupted)");
    ck_assert_ptr_eq(strstr(txt, "PARTIAL RESULTS (interrupted)"),
                     strstr(txt, "PARTIAL")); /* banner comes first */
    free(txt);

    /* An approximate model is marked. */
    make_summary(&fx, 0);
    snprintf(fx.st[0].analytic.model, sizeof fx.st[0].analytic.model, "M/G/4");
    fx.st[0].analytic.approximate = 1;
    txt = capture(vs_report_text, &fx.s);
    ck_contains(txt, "analytic model: M/G/4 (approx.)");
    free(txt);
}
END_TEST

/* ---- shell quoting ---------------------------------------------------------- */

START_TEST(test_shell_join)
{
    const char *argv[] = {"virtsim", "run", "a b.yaml", "--set", "x='y'", "", "k=v,w/1.5"};
    char *s = vs_shell_join(7, argv);
    ck_assert_str_eq(s, "virtsim run 'a b.yaml' --set 'x='\\''y'\\''' '' k=v,w/1.5");
    free(s);
    s = vs_shell_join(0, argv);
    ck_assert_str_eq(s, "");
    free(s);
}
END_TEST

/* ---- SHA-256 -------------------------------------------------------------------- */

START_TEST(test_sha256_vectors)
{
    char hex[65];
    vs_sha256_hex("", 0, hex);
    ck_assert_str_eq(hex, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    vs_sha256_hex("abc", 3, hex);
    ck_assert_str_eq(hex, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    const char *m448 = "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq";
    vs_sha256_hex(m448, strlen(m448), hex);
    ck_assert_str_eq(hex, "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
    const char *m896 = "abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklmno"
                       "ijklmnopjklmnopqklmnopqrlmnopqrsmnopqrstnopqrstu";
    vs_sha256_hex(m896, strlen(m896), hex);
    ck_assert_str_eq(hex, "cf5b16a778af8380036ce59e7b0492370b249b11e8f07a51afac45037afee9d1");

    /* One million 'a', fed in uneven pieces to exercise the block buffer. */
    vs_sha256 c;
    unsigned char d[32], chunk[997];
    memset(chunk, 'a', sizeof chunk);
    vs_sha256_init(&c);
    size_t left = 1000000;
    for (size_t piece = 1; left > 0; piece = piece * 7 % 997 + 1) {
        size_t k = piece < left ? piece : left;
        vs_sha256_update(&c, chunk, k);
        left -= k;
    }
    vs_sha256_final(&c, d);
    static const unsigned char want[32] = {
        0xcd, 0xc7, 0x6e, 0x5c, 0x99, 0x14, 0xfb, 0x92, 0x81, 0xa1, 0xc7,
        0xe2, 0x84, 0xd7, 0x3e, 0x67, 0xf1, 0x80, 0x9a, 0x48, 0xa4, 0x97,
        0x20, 0x0e, 0x04, 0x6d, 0x39, 0xcc, 0xc7, 0x11, 0x2c, 0xd0};
    ck_assert_mem_eq(d, want, 32);

    /* Lengths around the padding boundary agree between one-shot and bytewise. */
    unsigned char msg[130];
    for (size_t i = 0; i < sizeof msg; i++)
        msg[i] = (unsigned char)(i * 31 + 7);
    for (size_t len = 50; len <= 130; len++) {
        char one[65], two[65];
        vs_sha256_hex(msg, len, one);
        vs_sha256_init(&c);
        for (size_t i = 0; i < len; i++)
            vs_sha256_update(&c, msg + i, 1);
        vs_sha256_final(&c, d);
        static const char digits[] = "0123456789abcdef";
        for (int i = 0; i < 32; i++) {
            two[2 * i] = digits[d[i] >> 4];
            two[2 * i + 1] = digits[d[i] & 15];
        }
        two[64] = '\0';
        ck_assert_str_eq(one, two);
    }
}
END_TEST

/* ---- files --------------------------------------------------------------------- */

/* A fresh directory under the build (or /tmp) for one test. */
static void make_tmpdir(char *buf, size_t n)
{
    const char *base = getenv("TMPDIR");
    snprintf(buf, n, "%s/vs_report_XXXXXX", base && *base ? base : "/tmp");
    ck_assert_ptr_nonnull(mkdtemp(buf));
}

static void rm_rf(const char *path)
{
    DIR *d = opendir(path);
    if (d) {
        struct dirent *e;
        while ((e = readdir(d)) != NULL) {
            if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
                continue;
            char sub[1024];
            snprintf(sub, sizeof sub, "%s/%s", path, e->d_name);
            rm_rf(sub);
        }
        closedir(d);
        rmdir(path);
    } else {
        unlink(path);
    }
}

/* Number of directory entries whose name contains ".tmp." */
static int temp_files(const char *dir)
{
    DIR *d = opendir(dir);
    ck_assert_ptr_nonnull(d);
    int n = 0;
    struct dirent *e;
    while ((e = readdir(d)) != NULL)
        if (strstr(e->d_name, ".tmp."))
            n++;
    closedir(d);
    return n;
}

static char *slurp(const char *path)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    char *buf = malloc(1 << 20);
    size_t n = fread(buf, 1, (1 << 20) - 1, f);
    buf[n] = '\0';
    fclose(f);
    return buf;
}

static int write_text(FILE *f, const void *ctx)
{
    fputs(ctx, f);
    return VS_OK;
}

static int write_fail(FILE *f, const void *ctx)
{
    fputs("half of it", f);
    return VS_EINVAL;
}

/* Writes n bytes of 'x' (n given by ctx). */
static int write_big(FILE *f, const void *ctx)
{
    size_t n = *(const size_t *)ctx;
    for (size_t i = 0; i < n; i++)
        putc('x', f);
    return VS_OK;
}

START_TEST(test_atomic_write)
{
    char dir[512], path[600];
    make_tmpdir(dir, sizeof dir);
    snprintf(path, sizeof path, "%s/out.txt", dir);
    vs_err err;
    vs_err_clear(&err);

    ck_assert_int_eq(vs_write_file_atomic(path, write_text, "first\n", &err), VS_OK);
    char *got = slurp(path);
    ck_assert_str_eq(got, "first\n");
    free(got);
    struct stat sb;
    ck_assert_int_eq(stat(path, &sb), 0);
    ck_assert_int_eq(sb.st_mode & 0777, 0644);

    /* Replaces an existing file. */
    ck_assert_int_eq(vs_write_file_atomic(path, write_text, "second\n", &err), VS_OK);
    got = slurp(path);
    ck_assert_str_eq(got, "second\n");
    free(got);
    ck_assert_int_eq(temp_files(dir), 0);

    /* A failing writer: its code comes back, the old file stays, no temp. */
    vs_err_clear(&err);
    ck_assert_int_eq(vs_write_file_atomic(path, write_fail, NULL, &err), VS_EINVAL);
    ck_assert_int_eq(err.code, VS_EINVAL);
    ck_contains(err.msg, "out.txt");
    got = slurp(path);
    ck_assert_str_eq(got, "second\n");
    free(got);
    ck_assert_int_eq(temp_files(dir), 0);

    /* A failing writer on a new name leaves nothing at all. */
    char path2[600];
    snprintf(path2, sizeof path2, "%s/never.txt", dir);
    ck_assert_int_eq(vs_write_file_atomic(path2, write_fail, NULL, &err), VS_EINVAL);
    ck_assert_int_ne(access(path2, F_OK), 0);
    ck_assert_int_eq(temp_files(dir), 0);
    rm_rf(dir);
}
END_TEST

START_TEST(test_atomic_write_disk_full)
{
    /* Simulate a full disk: files may not grow past 1000 bytes; writes beyond
     * fail with EFBIG instead of raising SIGXFSZ. */
    char dir[512], path[600];
    make_tmpdir(dir, sizeof dir);
    snprintf(path, sizeof path, "%s/big.txt", dir);
    vs_err err;
    ck_assert_int_eq(vs_write_file_atomic(path, write_text, "old\n", &err), VS_OK);

    struct rlimit old, lim;
    ck_assert_int_eq(getrlimit(RLIMIT_FSIZE, &old), 0);
    void (*prev)(int) = signal(SIGXFSZ, SIG_IGN);
    lim = old;
    lim.rlim_cur = 1000;
    ck_assert_int_eq(setrlimit(RLIMIT_FSIZE, &lim), 0);
    size_t n = 100000;
    vs_err_clear(&err);
    int rc = vs_write_file_atomic(path, write_big, &n, &err);
    setrlimit(RLIMIT_FSIZE, &old);
    signal(SIGXFSZ, prev);

    ck_assert_int_eq(rc, VS_EIO);
    ck_assert_int_eq(err.code, VS_EIO);
    ck_contains(err.msg, "big.txt");
    ck_contains(err.msg, "write failed");
    char *got = slurp(path);
    ck_assert_str_eq(got, "old\n");
    free(got);
    ck_assert_int_eq(temp_files(dir), 0);
    rm_rf(dir);
}
END_TEST

START_TEST(test_unwritable_path)
{
    char dir[512], file[600], bad[700];
    make_tmpdir(dir, sizeof dir);
    snprintf(file, sizeof file, "%s/plain", dir);
    vs_err err;
    ck_assert_int_eq(vs_write_file_atomic(file, write_text, "x", &err), VS_OK);

    /* A regular file used as a directory: fails whatever the user (root too). */
    snprintf(bad, sizeof bad, "%s/out.json", file);
    vs_err_clear(&err);
    ck_assert_int_eq(vs_write_file_atomic(bad, write_text, "x", &err), VS_EIO);
    ck_assert_int_eq(err.code, VS_EIO);
    ck_contains(err.msg, "out.json");
    ck_contains(err.msg, strerror(ENOTDIR));

    fixture fx;
    make_summary(&fx, 0);
    snprintf(bad, sizeof bad, "%s/sub/results", file);
    vs_err_clear(&err);
    ck_assert_int_eq(vs_report_write_dir(bad, &fx.s, NULL, &err), VS_EIO);
    ck_contains(err.msg, "cannot create directory");

    vs_err_clear(&err);
    ck_assert_int_eq(vs_report_write_dir(file, &fx.s, NULL, &err), VS_EIO);
    ck_contains(err.msg, "not a directory");
    ck_assert_int_eq(temp_files(dir), 0);

    char hex[65];
    snprintf(bad, sizeof bad, "%s/missing.yaml", dir);
    vs_err_clear(&err);
    ck_assert_int_eq(vs_sha256_file(bad, hex, &err), VS_EIO);
    ck_contains(err.msg, "missing.yaml");
    rm_rf(dir);
}
END_TEST

START_TEST(test_write_dir)
{
    char dir[512], out[700], scen[600], p[800];
    make_tmpdir(dir, sizeof dir);
    snprintf(scen, sizeof scen, "%s/scenario.yaml", dir);
    FILE *f = fopen(scen, "w");
    fputs("abc", f);
    fclose(f);
    snprintf(out, sizeof out, "%s/a/b//c/", dir); /* nested, does not exist */

    fixture fx;
    make_summary(&fx, 0);
    const char *argv[] = {"virtsim", "run", scen, "--out", "my dir"};
    vs_manifest m = {0};
    m.scenario_path = scen;
    m.seed = 42;
    m.replications = 10;
    m.threads = 2;
    m.argc = 5;
    m.argv = argv;
    vs_err err;
    vs_err_clear(&err);
    ck_assert_int_eq(vs_report_write_dir(out, &fx.s, &m, &err), VS_OK);
    ck_assert_str_eq(m.scenario_sha256, ""); /* the caller's copy is untouched */

    snprintf(p, sizeof p, "%s/summary.json", out);
    char *js = slurp(p);
    ck_assert_ptr_nonnull(js);
    ck_assert(json_valid(js));
    char *direct = capture(vs_report_json, &fx.s);
    ck_assert_str_eq(js, direct);
    free(direct);
    free(js);

    snprintf(p, sizeof p, "%s/stations.csv", out);
    char *csv = slurp(p);
    ck_assert_ptr_nonnull(csv);
    ck_assert(strncmp(csv, "name,host,scheduler,vcpus", 25) == 0);
    free(csv);
    snprintf(p, sizeof p, "%s/hosts.csv", out);
    csv = slurp(p);
    ck_assert_ptr_nonnull(csv);
    ck_assert(strncmp(csv, "name,cores,", 11) == 0);
    free(csv);

    snprintf(p, sizeof p, "%s/manifest.json", out);
    char *man = slurp(p);
    ck_assert_ptr_nonnull(man);
    ck_assert_msg(json_valid(man), "invalid manifest:\n%s", man);
    ck_contains(man, "\"scenario_sha256\": "
                     "\"ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad\"");
    ck_contains(man, "\"seed\": 42");
    ck_contains(man, "\"replications\": 10");
    ck_contains(man, "\"threads\": 2");
    ck_contains(man, "--out 'my dir'\"");
    ck_contains(man, "\"argv\": [\"virtsim\", \"run\"");
    ck_contains(man, "\"created_utc\": \"20");
    ck_contains(man, "Z\"");
    ck_contains(man, "\"partial\": false");
    ck_contains(man, "\"virtsim_version\": \"");
    ck_contains(man, "\"files\": [\"summary.json\", \"stations.csv\", \"hosts.csv\"]");
    free(man);
    ck_assert_int_eq(temp_files(out), 0);

    /* Writing again replaces the files. */
    fx.s.seed = 7;
    ck_assert_int_eq(vs_report_write_dir(out, &fx.s, NULL, &err), VS_OK);
    snprintf(p, sizeof p, "%s/summary.json", out);
    js = slurp(p);
    ck_contains(js, "\"seed\": 7,");
    free(js);
    ck_assert_int_eq(temp_files(out), 0);

    /* A scenario that cannot be read back costs the checksum, not the results. */
    char gone[700];
    snprintf(gone, sizeof gone, "%s/gone.yaml", dir);
    m.scenario_path = gone;
    ck_assert_int_eq(vs_report_write_dir(out, &fx.s, &m, &err), VS_OK);
    snprintf(p, sizeof p, "%s/manifest.json", out);
    man = slurp(p);
    ck_assert(json_valid(man));
    ck_contains(man, "\"scenario_sha256\": null");
    ck_contains(man, "gone.yaml");
    free(man);
    rm_rf(dir);
}
END_TEST

START_TEST(test_manifest_defaults)
{
    vs_manifest m = {0};
    char *buf = NULL;
    size_t n = 0;
    FILE *f = open_memstream(&buf, &n);
    ck_assert_int_eq(vs_report_manifest_json(f, &m), VS_OK);
    fclose(f);
    ck_assert_msg(json_valid(buf), "%s", buf);
    ck_contains(buf, "\"scenario\": null");
    ck_contains(buf, "\"scenario_sha256\": null");
    ck_contains(buf, "\"command_line\": null");
    ck_contains(buf, "\"argv\": []");
    free(buf);

    char ts[32];
    vs_utc_timestamp(ts);
    ck_assert_uint_eq(strlen(ts), 20);
    ck_assert_int_eq(ts[4], '-');
    ck_assert_int_eq(ts[10], 'T');
    ck_assert_int_eq(ts[19], 'Z');
}
END_TEST

START_TEST(test_mkdir_p)
{
    char dir[512], p[700];
    make_tmpdir(dir, sizeof dir);
    vs_err err;
    snprintf(p, sizeof p, "%s/x/y/z/", dir);
    ck_assert_int_eq(vs_mkdir_p(p, &err), VS_OK);
    ck_assert_int_eq(vs_mkdir_p(p, &err), VS_OK); /* exists: fine */
    struct stat sb;
    snprintf(p, sizeof p, "%s/x/y/z", dir);
    ck_assert_int_eq(stat(p, &sb), 0);
    ck_assert(S_ISDIR(sb.st_mode));
    ck_assert_int_eq(vs_mkdir_p("", &err), VS_EINVAL);
    rm_rf(dir);
}
END_TEST

static Suite *report_suite(void)
{
    Suite *s = suite_create("report");
    TCase *tc = tcase_create("core");
    tcase_add_test(tc, test_validator_itself);
    tcase_add_test(tc, test_fmt_double);
    tcase_add_test(tc, test_json_summary);
    tcase_add_test(tc, test_json_empty_and_partial);
    tcase_add_test(tc, test_json_string_escapes);
    tcase_add_test(tc, test_csv_field_quoting);
    tcase_add_test(tc, test_csv_tables);
    tcase_add_test(tc, test_text_report);
    tcase_add_test(tc, test_shell_join);
    tcase_add_test(tc, test_sha256_vectors);
    tcase_add_test(tc, test_atomic_write);
    tcase_add_test(tc, test_atomic_write_disk_full);
    tcase_add_test(tc, test_unwritable_path);
    tcase_add_test(tc, test_write_dir);
    tcase_add_test(tc, test_manifest_defaults);
    tcase_add_test(tc, test_mkdir_p);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    gsl_set_error_handler_off();
    SRunner *sr = srunner_create(report_suite());
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
