/*
 * units.c: numbers, times, memory sizes and bandwidths as written in a
 * scenario, converted to seconds, MiB and bytes per second.
 *
 * Numbers are strict: an optional sign, digits with an optional fraction and
 * exponent ("3", "-0.5", "1e5", ".25"), nothing before or after.  Hex, NaN,
 * infinities, "1,000" and trailing garbage are refused, and so is a value
 * strtod cannot represent (ERANGE: overflow, or underflow of a non-zero
 * number to 0).  A unit may follow the number, optionally after one space:
 *   time:      us, ms, s, min, h, d                  (bare = seconds)
 *   memory:    KiB, MiB, GiB, TiB (powers of 1024), KB, MB, GB, TB (powers
 *              of 1000), B                            (bare = MiB)
 *   bandwidth: bps, Kbps, Mbps, Gbps (bits), Bps, KBps, MBps, GBps (bytes)
 */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "scenario/internal.h"

/* End of the longest valid number at the start of p, or NULL. */
static const char *scan_number(const char *p)
{
    const char *q = p;
    int digits = 0;
    if (*q == '+' || *q == '-')
        q++;
    while (*q >= '0' && *q <= '9') {
        q++;
        digits++;
    }
    if (*q == '.') {
        q++;
        while (*q >= '0' && *q <= '9') {
            q++;
            digits++;
        }
    }
    if (!digits)
        return NULL;
    if (*q == 'e' || *q == 'E') {
        const char *e = q + 1;
        if (*e == '+' || *e == '-')
            e++;
        if (*e >= '0' && *e <= '9') {
            while (*e >= '0' && *e <= '9')
                e++;
            q = e;
        }
    }
    return q;
}

static int is_nonfinite_word(const char *t)
{
    if (*t == '+' || *t == '-')
        t++;
    if (*t == '.')
        t++;
    return strcasecmp(t, "inf") == 0 || strcasecmp(t, "infinity") == 0 ||
           strcasecmp(t, "nan") == 0;
}

/* Parse the number prefix of text; *rest points after it. */
static int number_prefix(const char *text, double *out, const char **rest, const char **why)
{
    const char *end = scan_number(text);
    if (!end) {
        *why = is_nonfinite_word(text) ? "not a finite number" : "not a number";
        return -1;
    }
    char buf[128];
    size_t n = (size_t)(end - text);
    if (n >= sizeof buf) {
        *why = "number too long";
        return -1;
    }
    memcpy(buf, text, n);
    buf[n] = '\0';
    errno = 0;
    double v = strtod(buf, NULL);
    if (errno == ERANGE || !isfinite(v)) {
        *why = "number out of range";
        return -1;
    }
    *out = v;
    *rest = end;
    return 0;
}

int vs__parse_number(const char *text, double *out, const char **why)
{
    const char *rest;
    if (number_prefix(text, out, &rest, why) != 0)
        return -1;
    if (*rest) {
        *why = "not a number";
        return -1;
    }
    return 0;
}

typedef struct unit_def {
    const char *name;
    double factor;
} unit_def;

static int with_unit(const char *text, const unit_def *units, double bare, double *out,
                     const char **why, const char *unknown_why)
{
    double v;
    const char *rest;
    if (number_prefix(text, &v, &rest, why) != 0)
        return -1;
    if (*rest == ' ')
        rest++;
    if (!*rest) {
        if (rest > text && rest[-1] == ' ') {
            *why = "not a number";
            return -1;
        }
        *out = v * bare;
        return 0;
    }
    for (const unit_def *u = units; u->name; u++) {
        if (strcmp(rest, u->name) == 0) {
            double r = v * u->factor;
            if (!isfinite(r)) {
                *why = "number out of range";
                return -1;
            }
            *out = r;
            return 0;
        }
    }
    *why = unknown_why;
    return -1;
}

int vs__parse_time(const char *text, double *out_s, const char **why)
{
    static const unit_def units[] = {{"us", 1e-6}, {"ms", 1e-3}, {"s", 1.0}, {"min", 60.0},
                                 {"h", 3600.0}, {"d", 86400.0}, {NULL, 0}};
    return with_unit(text, units, 1.0, out_s, why, "unknown time unit");
}

int vs__parse_memory(const char *text, double *out_mib, const char **why)
{
    static const unit_def units[] = {
        {"B", 1.0 / 1048576.0},     {"KiB", 1.0 / 1024.0},  {"MiB", 1.0},
        {"GiB", 1024.0},            {"TiB", 1048576.0},     {"KB", 1e3 / 1048576.0},
        {"MB", 1e6 / 1048576.0},    {"GB", 1e9 / 1048576.0}, {"TB", 1e12 / 1048576.0},
        {NULL, 0}};
    return with_unit(text, units, 1.0, out_mib, why, "unknown memory unit");
}

int vs__parse_bandwidth(const char *text, double *out_bytes_per_s, const char **why)
{
    static const unit_def units[] = {{"bps", 0.125}, {"Kbps", 125.0}, {"Mbps", 125e3},
                                 {"Gbps", 125e6}, {"Bps", 1.0},   {"KBps", 1e3},
                                 {"MBps", 1e6},   {"GBps", 1e9},  {NULL, 0}};
    return with_unit(text, units, 1.0, out_bytes_per_s, why, "unknown bandwidth unit");
}

/* ---- typed getters ------------------------------------------------------ */

int vs__is_null(const vs__node *n)
{
    return n && n->kind == VS__SCALAR && n->plain &&
           (n->len == 0 || strcmp(n->str, "~") == 0 || strcmp(n->str, "null") == 0 ||
            strcmp(n->str, "Null") == 0 || strcmp(n->str, "NULL") == 0);
}

static int bad(vs__scn *s, const vs__node *n, const char *path, const char *what,
               const char *expect)
{
    char got[96];
    return vs__fail(s, n, VS_ESCHEMA, "%s: %s, expected %s, got %s", path, what, expect,
                    vs__got(n, got, sizeof got));
}

/* Is n a usable scalar?  Else fail with "wrong type" / "missing value". */
static int need_scalar(vs__scn *s, const vs__node *n, const char *path, const char *expect)
{
    if (n->kind != VS__SCALAR)
        return bad(s, n, path, "wrong type", expect);
    if (vs__is_null(n))
        return bad(s, n, path, "missing value", expect);
    return VS_OK;
}

static void fmt_bound(char *buf, size_t len, double x)
{
    snprintf(buf, len, "%.15g", x);
}

int vs__get_real(vs__scn *s, const vs__node *n, const char *path, int unit, double lo,
                 int lo_open, double hi, int hi_open, double *out)
{
    static const char *const nouns[] = {"a number", "a time", "a memory size"};
    static const char *const hints[] = {
        "", " (seconds, or with a unit: us, ms, s, min, h, d)",
        " (MiB, or with a unit: KiB, MiB, GiB, TiB, KB, MB, GB, TB)"};
    char expect[192], a[32], b[32];
    fmt_bound(a, sizeof a, lo);
    fmt_bound(b, sizeof b, hi);
    if (isinf(hi) && isinf(lo))
        snprintf(expect, sizeof expect, "%s", nouns[unit]);
    else if (isinf(hi))
        snprintf(expect, sizeof expect, "%s %s %s", nouns[unit], lo_open ? ">" : ">=", a);
    else
        snprintf(expect, sizeof expect, "%s %s %s and %s %s", nouns[unit],
                 lo_open ? ">" : ">=", a, hi_open ? "<" : "<=", b);
    int rc = need_scalar(s, n, path, expect);
    if (rc != VS_OK)
        return rc;
    const char *why = NULL;
    double v = 0;
    int bad_syntax = unit == VS__U_TIME     ? vs__parse_time(n->str, &v, &why)
                     : unit == VS__U_MEMORY ? vs__parse_memory(n->str, &v, &why)
                                            : vs__parse_number(n->str, &v, &why);
    if (bad_syntax) {
        char full[256];
        snprintf(full, sizeof full, "%s%s", expect, hints[unit]);
        return bad(s, n, path, why, full);
    }
    if ((lo_open ? !(v > lo) : !(v >= lo)) || (hi_open ? !(v < hi) : !(v <= hi)))
        return bad(s, n, path, "out of range", expect);
    *out = v;
    return VS_OK;
}

/* Digits only (with an optional sign), or a number with an integral value
 * no larger than 2^53 in magnitude ("1e6"). */
static int parse_integer(const char *t, int *neg, uint64_t *mag, const char **why)
{
    const char *p = t;
    *neg = 0;
    if (*p == '+' || *p == '-')
        *neg = *p++ == '-';
    if (*p >= '0' && *p <= '9') {
        const char *q = p;
        while (*q >= '0' && *q <= '9')
            q++;
        if (!*q) {
            errno = 0;
            unsigned long long v = strtoull(p, NULL, 10);
            if (errno == ERANGE) {
                *why = "number out of range";
                return -1;
            }
            *mag = (uint64_t)v;
            return 0;
        }
    }
    double d;
    if (vs__parse_number(t, &d, why) != 0)
        return -1;
    if (d != floor(d)) {
        *why = "not a whole number";
        return -1;
    }
    if (fabs(d) > 9007199254740992.0) {
        *why = "number out of range (write large integers in full)";
        return -1;
    }
    *neg = d < 0;
    *mag = (uint64_t)fabs(d);
    return 0;
}

int vs__get_int(vs__scn *s, const vs__node *n, const char *path, int64_t min,
                int64_t max, int64_t *out)
{
    return vs__get_int_ex(s, n, path, min, max, NULL, out);
}

int vs__get_int_ex(vs__scn *s, const vs__node *n, const char *path, int64_t min,
                   int64_t max, const char *expect_text, int64_t *out)
{
    char expect[96];
    if (expect_text)
        snprintf(expect, sizeof expect, "%s", expect_text);
    else
        snprintf(expect, sizeof expect, "an integer from %lld to %lld", (long long)min,
                 (long long)max);
    int rc = need_scalar(s, n, path, expect);
    if (rc != VS_OK)
        return rc;
    int neg;
    uint64_t mag;
    const char *why;
    if (parse_integer(n->str, &neg, &mag, &why) != 0)
        return bad(s, n, path, why, expect);
    if (mag > (uint64_t)INT64_MAX)
        return bad(s, n, path, "out of range", expect);
    int64_t v = neg ? -(int64_t)mag : (int64_t)mag;
    if (v < min || v > max)
        return bad(s, n, path, "out of range", expect);
    *out = v;
    return VS_OK;
}

int vs__get_u64(vs__scn *s, const vs__node *n, const char *path, uint64_t min,
                uint64_t *out)
{
    char expect[96];
    snprintf(expect, sizeof expect, "an integer from %llu to %llu", (unsigned long long)min,
             (unsigned long long)UINT64_MAX);
    int rc = need_scalar(s, n, path, expect);
    if (rc != VS_OK)
        return rc;
    int neg;
    uint64_t mag;
    const char *why;
    if (parse_integer(n->str, &neg, &mag, &why) != 0)
        return bad(s, n, path, why, expect);
    if ((neg && mag > 0) || mag < min)
        return bad(s, n, path, "out of range", expect);
    *out = mag;
    return VS_OK;
}

int vs__get_bool(vs__scn *s, const vs__node *n, const char *path, int *out)
{
    int rc = need_scalar(s, n, path, "true or false");
    if (rc != VS_OK)
        return rc;
    if (strcmp(n->str, "true") == 0 || strcmp(n->str, "True") == 0 ||
        strcmp(n->str, "TRUE") == 0) {
        *out = 1;
        return VS_OK;
    }
    if (strcmp(n->str, "false") == 0 || strcmp(n->str, "False") == 0 ||
        strcmp(n->str, "FALSE") == 0) {
        *out = 0;
        return VS_OK;
    }
    return bad(s, n, path, "not a boolean", "true or false");
}

int vs__get_string(vs__scn *s, const vs__node *n, const char *path, const char **out)
{
    int rc = need_scalar(s, n, path, "a string");
    if (rc != VS_OK)
        return rc;
    *out = n->str;
    return VS_OK;
}
