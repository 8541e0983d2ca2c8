/*
 * load.c: the file-backed distributions, empirical and trace.
 *
 * Both read a text file with one number per line.  Blank lines are skipped,
 * '#' starts a comment that runs to the end of the line (so a line starting
 * with '#' is skipped entirely), surrounding whitespace is ignored and CRLF
 * line ends are accepted.  Every value must be a finite number >= 0; a trace
 * must also be non-decreasing.  Errors are reported in the compiler format
 * "PATH:LINE: message" (or "PATH: message" for the whole file), e.g.
 *
 *     data/sizes.txt:7: expected a number, got 'abc'
 *
 * empirical: a draw picks one of the n values uniformly (so repeated values
 * carry their multiplicity).  Its mean and scv are those of the values
 * themselves (population variance, divided by n): they are the exact moments
 * of the distribution that is sampled.
 *
 * trace: the timestamps t[0..n-1] of arrivals.  Drawn with a cursor, it yields
 * the gaps t[0], t[1]-t[0], ..., t[n-1]-t[n-2] and then INFINITY; its mean is
 * the mean gap t[n-1]/n and its scv that of the n gaps.
 *
 * Known cost: the whole file is held in memory (8 bytes per value).
 */
#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "random/internal.h"
#include "virtsim/rng.h"

/* Longest piece of an offending line quoted in a message. */
#define QUOTE_MAX 40

/* Largest empirical table gsl_rng_uniform_int can index with mt19937
 * (whose range is 0 .. 2^32 - 1). */
#define EMPIRICAL_MAX_N 4294967295.0

/* Report a bad line: "PATH:LINE: WHAT 'TOKEN'" with the token quoted (and
 * cut at QUOTE_MAX characters). */
static int bad_line(vs_err *err, int code, const char *path, long line,
                    const char *what, const char *tok, size_t toklen)
{
    int cut = toklen > QUOTE_MAX;
    return vs_err_at(err, code, path, (int)line, 0, "%s, got '%.*s%s'", what,
                     (int)(cut ? QUOTE_MAX : toklen), tok, cut ? "..." : "");
}

/* Read every number of a file into a fresh array.  For a trace the numbers
 * must also be non-decreasing.  On failure nothing stays allocated. */
static int read_numbers(const char *path, vs_dist_kind kind, double **out,
                        size_t *nout, vs_err *err)
{
    const char *kname = vs_dist_name(kind);
    FILE *f = fopen(path, "r");
    if (!f) {
        char why[256];
        if (strerror_r(errno, why, sizeof why) != 0)
            snprintf(why, sizeof why, "error %d", errno);
        return vs_err_at(err, VS_EIO, path, 0, 0, "cannot open %s file: %s", kname, why);
    }

    double *vals = NULL;
    size_t n = 0, cap = 0;
    char *buf = NULL;
    size_t bufcap = 0;
    ssize_t got;
    long lineno = 0;
    int rc = VS_OK;

    for (;;) {
        errno = 0; /* to tell a read error from the end of the file */
        got = getline(&buf, &bufcap, f);
        if (got == -1)
            break;
        lineno++;
        size_t len = (size_t)got;
        /* Cut the comment, then the surrounding whitespace (CR included). */
        const char *hash = memchr(buf, '#', len);
        if (hash)
            len = (size_t)(hash - buf);
        size_t start = 0;
        while (start < len && isspace((unsigned char)buf[start]))
            start++;
        while (len > start && isspace((unsigned char)buf[len - 1]))
            len--;
        if (len == start)
            continue;
        char *tok = buf + start;
        size_t toklen = len - start;
        tok[toklen] = '\0'; /* an embedded NUL still stops strtod early */

        char *end;
        errno = 0;
        double v = strtod(tok, &end);
        if (end == tok || (size_t)(end - tok) != toklen) {
            rc = bad_line(err, VS_EPARSE, path, lineno, "expected a number", tok, toklen);
            goto fail;
        }
        if (!isfinite(v)) {
            rc = bad_line(err, VS_ERANGE, path, lineno, "expected a finite number", tok, toklen);
            goto fail;
        }
        if (v < 0) {
            rc = bad_line(err, VS_ERANGE, path, lineno,
                          kind == VS_DIST_TRACE ? "expected a timestamp >= 0"
                                                : "expected a value >= 0",
                          tok, toklen);
            goto fail;
        }
        v += 0.0; /* -0 becomes +0 */
        if (kind == VS_DIST_TRACE && n > 0 && v < vals[n - 1]) {
            rc = vs_err_at(err, VS_ERANGE, path, (int)lineno, 0,
                           "timestamps must not decrease, got %g after %g",
                           v, vals[n - 1]);
            goto fail;
        }
        if (n == cap) {
            size_t ncap = cap ? 2 * cap : 64;
            double *nv = realloc(vals, ncap * sizeof *nv);
            if (!nv) {
                rc = vs_err_at(err, VS_ENOMEM, path, (int)lineno, 0,
                               "out of memory reading %zu values", n);
                goto fail;
            }
            vals = nv;
            cap = ncap;
        }
        vals[n++] = v;
    }
    if (ferror(f) || errno != 0) {
        /* getline sets errno (EISDIR for a directory, EIO, ENOMEM). */
        int e = errno ? errno : EIO;
        char why[256];
        if (strerror_r(e, why, sizeof why) != 0)
            snprintf(why, sizeof why, "error %d", e);
        rc = vs_err_at(err, e == ENOMEM ? VS_ENOMEM : VS_EIO, path, 0, 0,
                       "cannot read %s file after line %ld: %s", kname, lineno, why);
        goto fail;
    }
    if (n == 0) {
        rc = vs_err_at(err, VS_EPARSE, path, 0, 0,
                       "%s file has no values (only blank lines and comments)", kname);
        goto fail;
    }
    free(buf);
    fclose(f);
    *out = vals;
    *nout = n;
    return VS_OK;

fail:
    free(buf);
    free(vals);
    fclose(f);
    return rc;
}

/* Build a file-backed distribution: read the numbers, duplicate the path. */
static int load(vs_dist *d, vs_dist_kind kind, const char *path, vs_err *err)
{
    memset(d, 0, sizeof *d);
    if (!path || !*path)
        return vs_err_set(err, VS_EINVAL, "file: %s needs a file name", vs_dist_name(kind));
    double *vals;
    size_t n;
    int rc = read_numbers(path, kind, &vals, &n, err);
    if (rc != VS_OK)
        return rc;
    char *file = strdup(path);
    if (!file) {
        free(vals);
        return vs_err_at(err, VS_ENOMEM, path, 0, 0, "out of memory");
    }
    d->kind = kind;
    d->values = vals;
    d->n = n;
    d->file = file;
    return VS_OK;
}

/* Mean and scv of x[0..n-1], where x = v itself or, with gaps set, the gaps
 * v[0], v[1]-v[0], ...: a running mean (the sum cannot overflow), then the
 * population variance around it. */
static void moments(const double *v, size_t n, int gaps, double *mean, double *scv)
{
    double m = 0.0;
    for (size_t i = 0; i < n; i++) {
        double x = gaps && i > 0 ? v[i] - v[i - 1] : v[i];
        m += (x - m) / (double)(i + 1);
    }
    double ss = 0.0;
    for (size_t i = 0; i < n; i++) {
        double x = gaps && i > 0 ? v[i] - v[i - 1] : v[i];
        ss += (x - m) * (x - m);
    }
    *mean = m;
    *scv = (ss / (double)n) / (m * m);
}

/* Undo load() after a later check failed: free and zero. */
static void drop(vs_dist *d)
{
    vs_dist_fini(d);
    memset(d, 0, sizeof *d);
}

int vs_dist_empirical_load(vs_dist *d, const char *path, vs_err *err)
{
    int rc = load(d, VS_DIST_EMPIRICAL, path, err);
    if (rc != VS_OK)
        return rc;
    if ((double)d->n > EMPIRICAL_MAX_N) {
        size_t n = d->n;
        drop(d);
        return vs_err_at(err, VS_ERANGE, path, 0, 0,
                         "empirical file has %zu values, at most %.0f are supported",
                         n, EMPIRICAL_MAX_N);
    }
    moments(d->values, d->n, 0, &d->mean, &d->scv);
    if (!(d->mean > 0)) {
        size_t n = d->n;
        drop(d);
        return vs_err_at(err, VS_ERANGE, path, 0, 0,
                         "empirical needs a positive mean, but all %zu values are 0", n);
    }
    if (!isfinite(d->mean) || !isfinite(d->scv)) {
        drop(d);
        return vs_err_at(err, VS_ERANGE, path, 0, 0,
                         "empirical values too large (their variance overflows)");
    }
    return VS_OK;
}

int vs_dist_trace_load(vs_dist *d, const char *path, vs_err *err)
{
    int rc = load(d, VS_DIST_TRACE, path, err);
    if (rc != VS_OK)
        return rc;
    moments(d->values, d->n, 1, &d->mean, &d->scv);
    if (!(d->mean > 0)) {
        drop(d);
        return vs_err_at(err, VS_ERANGE, path, 0, 0,
                         "trace needs a last timestamp > 0, all are 0");
    }
    if (!isfinite(d->scv)) {
        drop(d);
        return vs_err_at(err, VS_ERANGE, path, 0, 0,
                         "trace timestamps too large (the variance of the gaps overflows)");
    }
    return VS_OK;
}
