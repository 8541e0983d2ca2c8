/*
 * validate.c: a loaded YAML tree to a checked vs_config.
 *
 * Walks the tree once, key by key, in a fixed order: the top level, stop,
 * warmup, hosts, VMs, workloads, placement, output; then the checks that
 * need everything (names unique after count expansion, references resolve,
 * warm-up shorter than the run).  The first problem found is reported as
 *   WHERE: KEY.PATH: what is wrong, expected WHAT, got 'VALUE'
 * with KEY.PATH in the notation `workloads[0].arrival.rate` (list items by
 * zero-based index, mapping keys by name, joined with dots).  Unknown keys
 * are refused with a did-you-mean hint computed by edit distance.
 *
 * Every field of vs_config gets its documented default first, then the value
 * from the model catalog (for entries with `model:`), then the value written
 * in the scenario.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "scenario/internal.h"
#include "virtsim/experiment.h"
#include "virtsim/policy.h"
#include "virtsim/rng.h"

#define NKEYS(a) (sizeof(a) / sizeof((a)[0]))

/* 'VALUE' of a node for messages, in a buffer that lives until the end of
 * the enclosing full expression (a compound literal in the caller). */
#define GOT(node) vs__got((node), (char[96]){0}, 96)

static char *dup_str(vs__scn *s, const char *t)
{
    char *d = strdup(t);
    if (!d)
        vs_err_set(s->err, VS_ENOMEM, "out of memory");
    return d;
}

static void join(char *buf, size_t len, const char *where, const char *key)
{
    snprintf(buf, len, "%s%s%s", where, *where ? "." : "", key);
}

static vs_srcpos pos_of(const vs__node *n)
{
    vs_srcpos p = {0, 0};
    if (n && n->set < 0) {
        p.line = n->line;
        p.col = n->col;
    }
    return p;
}

/* ---- keys --------------------------------------------------------------- */

/* "a, b, c" from a list of names. */
static void list_names(char *buf, size_t len, const char *const *names, size_t n)
{
    size_t used = 0;
    buf[0] = '\0';
    for (size_t i = 0; i < n && names[i]; i++) {
        int w = snprintf(buf + used, len - used, "%s%s", i ? ", " : "", names[i]);
        if (w < 0 || (size_t)w >= len - used)
            break;
        used += (size_t)w;
    }
}

int vs__check_keys(vs__scn *s, const vs__node *map, const char *where,
                   const char *const *allowed, size_t nallowed)
{
    for (size_t i = 0; i < map->n; i++) {
        const vs__node *k = map->items[2 * i];
        size_t a;
        for (a = 0; a < nallowed; a++)
            if (strcmp(k->str, allowed[a]) == 0)
                break;
        if (a == nallowed) {
            char in[300], got[96];
            if (*where)
                snprintf(in, sizeof in, "in %s", where);
            else
                snprintf(in, sizeof in, "at top level");
            vs__got(k, got, sizeof got);
            const char *hint = vs__did_you_mean(k->str, allowed, nallowed);
            if (hint)
                return vs__fail(s, k, VS_ESCHEMA, "unknown key %s %s (did you mean '%s'?)", got,
                                in, hint);
            char names[512];
            list_names(names, sizeof names, allowed, nallowed);
            return vs__fail(s, k, VS_ESCHEMA, "unknown key %s %s (expected one of: %s)", got, in,
                            names);
        }
        /* Keys are all allowed so far, hence at most nallowed distinct:
         * this loop is O(nallowed) whatever the size of the map. */
        for (size_t j = 0; j < i; j++) {
            const vs__node *prev = map->items[2 * j];
            if (strcmp(prev->str, k->str) == 0) {
                char path[300];
                join(path, sizeof path, where, k->str);
                if (prev->line > 0)
                    return vs__fail(s, k, VS_ESCHEMA,
                                    "%s: duplicate key '%s' (first given at line %d)", path,
                                    k->str, prev->line);
                return vs__fail(s, k, VS_ESCHEMA, "%s: duplicate key '%s'", path, k->str);
            }
        }
    }
    return VS_OK;
}

/* The key node of `key` in a mapping, or NULL (for messages about the key
 * itself rather than its value). */
static const vs__node *map_key(const vs__node *map, const char *key)
{
    for (size_t i = 0; map->kind == VS__MAP && i < map->n; i++)
        if (strcmp(map->items[2 * i]->str, key) == 0)
            return map->items[2 * i];
    return NULL;
}

static int want_kind(vs__scn *s, const vs__node *n, const char *path, vs__node_kind kind,
                     const char *expect)
{
    if (n->kind == kind && !(kind == VS__SCALAR && vs__is_null(n)))
        return VS_OK;
    char got[96];
    return vs__fail(s, n, VS_ESCHEMA, "%s: %s, expected %s, got %s", path,
                    vs__is_null(n) ? "missing value" : "wrong type", expect,
                    vs__got(n, got, sizeof got));
}

static int missing(vs__scn *s, const vs__node *map, const char *where, const char *key,
                   const char *extra)
{
    if (*where)
        return vs__fail(s, map, VS_ESCHEMA, "%s: missing required key '%s'%s", where, key,
                        extra);
    return vs__fail(s, map, VS_ESCHEMA, "missing required key '%s' at top level%s", key,
                    extra);
}

/* Names of hosts, VMs and workloads: they appear in --set paths (split at
 * dots) and in NAME-i expansions, so keep them simple. */
static int get_name(vs__scn *s, const vs__node *n, const char *path, const char **out)
{
    int rc = vs__get_string(s, n, path, out);
    if (rc != VS_OK)
        return rc;
    size_t len = strlen(*out);
    int ok = len > 0 && len <= 128;
    for (size_t i = 0; ok && i < len; i++) {
        char c = (*out)[i];
        ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
             c == '-' || c == '_';
    }
    if (!ok) {
        char got[96];
        return vs__fail(s, n, VS_ESCHEMA,
                        "%s: invalid name, expected 1 to 128 letters, digits, '-' or '_' "
                        "(no dots or spaces), got %s",
                        path, vs__got(n, got, sizeof got));
    }
    return VS_OK;
}

/* A policy name checked against its registry. */
static int get_policy(vs__scn *s, const vs__node *n, const char *path, const char *family,
                      int found, const char *const *names, size_t nnames,
                      const char *list)
{
    if (found)
        return VS_OK;
    const char *hint = vs__did_you_mean(n->str, names, nnames);
    if (hint)
        return vs__fail(s, n, VS_ESCHEMA,
                        "%s: unknown %s '%s' (did you mean '%s'? expected one of: %s)", path,
                        family, n->str, hint, list);
    return vs__fail(s, n, VS_ESCHEMA, "%s: unknown %s '%s' (expected one of: %s)", path,
                    family, n->str, list);
}

static int guest_sched(vs__scn *s, const vs__node *n, const char *path, char **out)
{
    const char *name;
    int rc = vs__get_string(s, n, path, &name);
    if (rc != VS_OK)
        return rc;
    const char *names[64];
    size_t k = 0;
    for (; k < 63 && vs_guest_scheds[k]; k++)
        names[k] = vs_guest_scheds[k]->name;
    rc = get_policy(s, n, path, "guest scheduler", vs_guest_sched_find(name) != NULL, names,
                    k, vs_guest_sched_names());
    if (rc != VS_OK)
        return rc;
    free(*out);
    return (*out = dup_str(s, name)) ? VS_OK : VS_ENOMEM;
}

static int host_sched(vs__scn *s, const vs__node *n, const char *path, char **out)
{
    const char *name;
    int rc = vs__get_string(s, n, path, &name);
    if (rc != VS_OK)
        return rc;
    const char *names[64];
    size_t k = 0;
    for (; k < 63 && vs_host_scheds[k]; k++)
        names[k] = vs_host_scheds[k]->name;
    rc = get_policy(s, n, path, "host scheduler", vs_host_sched_find(name) != NULL, names, k,
                    vs_host_sched_names());
    if (rc != VS_OK)
        return rc;
    free(*out);
    return (*out = dup_str(s, name)) ? VS_OK : VS_ENOMEM;
}

static int place_policy(vs__scn *s, const vs__node *n, const char *path, char **out)
{
    const char *name;
    int rc = vs__get_string(s, n, path, &name);
    if (rc != VS_OK)
        return rc;
    const char *names[64];
    size_t k = 0;
    for (; k < 63 && vs_places[k]; k++)
        names[k] = vs_places[k]->name;
    rc = get_policy(s, n, path, "placement policy", vs_place_find(name) != NULL, names, k,
                    vs_place_names());
    if (rc != VS_OK)
        return rc;
    free(*out);
    return (*out = dup_str(s, name)) ? VS_OK : VS_ENOMEM;
}

/* Small helpers for the common shapes of values. */
static int get_pos_int(vs__scn *s, const vs__node *n, const char *path, int64_t max, int *out)
{
    int64_t v;
    int rc = vs__get_int(s, n, path, 1, max, &v);
    if (rc == VS_OK)
        *out = (int)v;
    return rc;
}

#define REAL(unit, lo, lo_open, hi, hi_open)                                                \
    (rc = vs__get_real(s, v, path, (unit), (lo), (lo_open), (hi), (hi_open), &x)) != VS_OK

/* ---- power -------------------------------------------------------------- */

int vs__parse_power(vs__scn *s, const vs__node *n, const char *where, vs_host_cfg *h)
{
    static const char *const keys[] = {"idle", "max", "curve"};
    int rc = want_kind(s, n, where, VS__MAP, "a mapping {idle: W, max: W} or {curve: [11 watts]}");
    if (rc != VS_OK || (rc = vs__check_keys(s, n, where, keys, NKEYS(keys))) != VS_OK)
        return rc;
    const vs__node *idle = vs__map_get(n, "idle"), *max = vs__map_get(n, "max"),
                   *curve = vs__map_get(n, "curve");
    char path[300];
    double x;
    if (curve && (idle || max))
        return vs__fail(s, n, VS_ESCHEMA,
                        "%s: conflicting keys 'curve' and '%s', expected either {idle, max} or "
                        "{curve}",
                        where, idle ? "idle" : "max");
    free(h->power_curve);
    h->power_curve = NULL;
    if (curve) {
        join(path, sizeof path, where, "curve");
        if ((rc = want_kind(s, curve, path, VS__SEQ, "a list of 11 watts (0%, 10%, ..., 100% load)")) != VS_OK)
            return rc;
        if (curve->n != 11) {
            return vs__fail(s, curve, VS_ESCHEMA,
                            "%s: wrong length, expected 11 watts (0%%, 10%%, ..., 100%% load), "
                            "got %zu values",
                            path, curve->n);
        }
        h->power_curve = malloc(11 * sizeof *h->power_curve);
        if (!h->power_curve)
            return vs_err_set(s->err, VS_ENOMEM, "out of memory");
        for (size_t i = 0; i < 11; i++) {
            char ip[320];
            snprintf(ip, sizeof ip, "%s[%zu]", path, i);
            const vs__node *v = curve->items[i];
            if ((rc = vs__get_real(s, v, ip, VS__U_NUMBER, 0, 0, INFINITY, 0, &x)) != VS_OK)
                return rc;
            h->power_curve[i] = x;
        }
        h->idle_watts = h->power_curve[0];
        h->max_watts = h->power_curve[10];
        return VS_OK;
    }
    if (!idle || !max)
        return missing(s, n, where, idle ? "max" : "idle",
                       " (a power model is {idle: W, max: W} or {curve: [11 watts]})");
    join(path, sizeof path, where, "idle");
    if ((rc = vs__get_real(s, idle, path, VS__U_NUMBER, 0, 0, INFINITY, 0, &x)) != VS_OK)
        return rc;
    h->idle_watts = x;
    join(path, sizeof path, where, "max");
    if ((rc = vs__get_real(s, max, path, VS__U_NUMBER, h->idle_watts, 0, INFINITY, 0, &x)) != VS_OK)
        return rc;
    h->max_watts = x;
    return VS_OK;
}

/* ---- distributions ------------------------------------------------------ */

/* Allowed keys per distribution kind, in VS_DIST_MAP order. */
static const char *const dist_keys[][5] = {
    {"dist", "mean", "rate", NULL, NULL},          /* exponential */
    {"dist", "value", "mean", "rate", NULL},       /* deterministic */
    {"dist", "k", "mean", "rate", NULL},           /* erlang */
    {"dist", "mean", "rate", "scv", NULL},         /* hyperexponential */
    {"dist", "mean", "rate", "scv", NULL},         /* lognormal */
    {"dist", "mean", "rate", "scv", NULL},         /* gamma */
    {"dist", "min", "max", NULL, NULL},            /* uniform */
    {"dist", "alpha", "min", "max", NULL},         /* pareto */
    {"dist", "shape", "scale", NULL, NULL},        /* weibull */
    {"dist", "file", NULL, NULL, NULL},            /* empirical */
    {"dist", "file", NULL, NULL, NULL},            /* trace */
};

static size_t count_keys(const char *const *k)
{
    size_t n = 0;
    while (n < 5 && k[n])
        n++;
    return n;
}

/* The mean from `mean` (or `value`) or `rate`, exactly one of them.  In an
 * arrival, means are times and accept units; rates are per second. */
static int dist_mean(vs__scn *s, const vs__node *m, const char *where, const char *dname,
                     int arrival, int allow_value, double lo, double *out)
{
    const vs__node *mean = vs__map_get(m, "mean"), *rate = vs__map_get(m, "rate");
    const vs__node *value = allow_value ? vs__map_get(m, "value") : NULL;
    const char *given[3];
    size_t ng = 0;
    if (value)
        given[ng++] = "value";
    if (mean)
        given[ng++] = "mean";
    if (rate)
        given[ng++] = "rate";
    if (ng > 1)
        return vs__fail(s, m, VS_ESCHEMA,
                        "%s: conflicting keys '%s' and '%s', expected only one of %s", where,
                        given[0], given[1], allow_value ? "value, mean, rate" : "mean, rate");
    if (ng == 0)
        return vs__fail(s, m, VS_ESCHEMA, "%s: missing required key '%s' (or 'rate') for dist '%s'",
                        where, allow_value ? "value" : "mean", dname);
    char path[300];
    int rc;
    double x;
    if (rate) {
        join(path, sizeof path, where, "rate");
        const vs__node *v = rate;
        if (REAL(VS__U_NUMBER, 0, 1, INFINITY, 0))
            return rc;
        *out = 1.0 / x;
        if (!isfinite(*out))
            return vs__fail(s, rate, VS_ESCHEMA, "%s: out of range, expected a rate whose "
                            "inverse is finite, got %s", path, GOT(rate));
        return VS_OK;
    }
    const vs__node *v = value ? value : mean;
    join(path, sizeof path, where, value ? "value" : "mean");
    if (REAL(arrival ? VS__U_TIME : VS__U_NUMBER, lo, lo == 0 && !allow_value, INFINITY, 0))
        return rc;
    if (allow_value && arrival && !(x > 0))
        return vs__fail(s, v, VS_ESCHEMA,
                        "%s: out of range, expected a time > 0 between arrivals, got %s",
                        path, GOT(v));
    *out = x;
    return VS_OK;
}

static int dist_real(vs__scn *s, const vs__node *m, const char *where, const char *key,
                     const char *dname, int unit, double lo, int lo_open, int required,
                     double dflt, double *out)
{
    const vs__node *v = vs__map_get(m, key);
    if (!v) {
        if (required)
            return vs__fail(s, m, VS_ESCHEMA, "%s: missing required key '%s' for dist '%s'",
                            where, key, dname);
        *out = dflt;
        return VS_OK;
    }
    char path[300];
    join(path, sizeof path, where, key);
    return vs__get_real(s, v, path, unit, lo, lo_open, INFINITY, 0, out);
}

static int parse_dist(vs__scn *s, const vs__node *m, const char *where, int arrival,
                      vs_dist *d)
{
    int rc = want_kind(s, m, where, VS__MAP, "a mapping like {dist: exponential, mean: 1}");
    if (rc != VS_OK)
        return rc;
    const vs__node *dn = vs__map_get(m, "dist");
    char path[300];
    if (!dn)
        return missing(s, m, where, "dist", "");
    join(path, sizeof path, where, "dist");
    const char *dname;
    if ((rc = vs__get_string(s, dn, path, &dname)) != VS_OK)
        return rc;
    int kind = vs_dist_kind_from_name(dname);
    if (kind < 0 || (kind == VS_DIST_TRACE && !arrival)) {
        const char *names[VS_DIST_COUNT];
        size_t nn = 0;
        char list[512];
        for (int k = 0; k < VS_DIST_COUNT; k++)
            if (k != VS_DIST_TRACE || arrival)
                names[nn++] = vs_dist_name((vs_dist_kind)k);
        list_names(list, sizeof list, names, nn);
        if (kind == VS_DIST_TRACE)
            return vs__fail(s, dn, VS_ESCHEMA,
                            "%s: 'trace' is only for arrivals, expected one of: %s", path,
                            list);
        const char *hint = vs__did_you_mean(dname, names, nn);
        if (hint)
            return vs__fail(s, dn, VS_ESCHEMA,
                            "%s: unknown distribution '%s' (did you mean '%s'? expected one "
                            "of: %s)",
                            path, dname, hint, list);
        return vs__fail(s, dn, VS_ESCHEMA,
                        "%s: unknown distribution '%s' (expected one of: %s)", path, dname,
                        list);
    }
    const char *const *keys = dist_keys[kind];
    if ((rc = vs__check_keys(s, m, where, keys, count_keys(keys))) != VS_OK)
        return rc;

    int tu = arrival ? VS__U_TIME : VS__U_NUMBER; /* unit of time-like parameters */
    double mean = 0, scv = 0, a = 0, b = 0;
    vs_err cerr;
    vs_err_clear(&cerr);
    switch ((vs_dist_kind)kind) {
    case VS_DIST_EXPONENTIAL:
        if ((rc = dist_mean(s, m, where, dname, arrival, 0, 0, &mean)) != VS_OK)
            return rc;
        rc = vs_dist_exponential(d, mean, &cerr);
        break;
    case VS_DIST_DETERMINISTIC:
        if ((rc = dist_mean(s, m, where, dname, arrival, 1, 0, &mean)) != VS_OK)
            return rc;
        rc = vs_dist_deterministic(d, mean, &cerr);
        break;
    case VS_DIST_ERLANG: {
        const vs__node *kn = vs__map_get(m, "k");
        int64_t k;
        if (!kn)
            return vs__fail(s, m, VS_ESCHEMA, "%s: missing required key 'k' for dist '%s'",
                            where, dname);
        join(path, sizeof path, where, "k");
        if ((rc = vs__get_int(s, kn, path, 1, 1000000, &k)) != VS_OK)
            return rc;
        if ((rc = dist_mean(s, m, where, dname, arrival, 0, 0, &mean)) != VS_OK)
            return rc;
        rc = vs_dist_erlang(d, (int)k, mean, &cerr);
        break;
    }
    case VS_DIST_HYPEREXPONENTIAL:
    case VS_DIST_LOGNORMAL:
    case VS_DIST_GAMMA:
        if ((rc = dist_mean(s, m, where, dname, arrival, 0, 0, &mean)) != VS_OK)
            return rc;
        if ((rc = dist_real(s, m, where, "scv", dname, VS__U_NUMBER,
                            kind == VS_DIST_HYPEREXPONENTIAL ? 1 : 0, 1, 1, 0, &scv)) != VS_OK)
            return rc;
        rc = kind == VS_DIST_HYPEREXPONENTIAL ? vs_dist_hyperexponential(d, mean, scv, &cerr)
             : kind == VS_DIST_LOGNORMAL      ? vs_dist_lognormal(d, mean, scv, &cerr)
                                              : vs_dist_gamma(d, mean, scv, &cerr);
        break;
    case VS_DIST_UNIFORM:
        if ((rc = dist_real(s, m, where, "min", dname, tu, 0, 0, 1, 0, &a)) != VS_OK ||
            (rc = dist_real(s, m, where, "max", dname, tu, 0, 0, 1, 0, &b)) != VS_OK)
            return rc;
        if (!(b > a)) {
            const vs__node *mx = vs__map_get(m, "max");
            join(path, sizeof path, where, "max");
            return vs__fail(s, mx, VS_ESCHEMA, "%s: out of range, expected max > min (%g), got %s",
                            path, a, GOT(mx));
        }
        rc = vs_dist_uniform(d, a, b, &cerr);
        break;
    case VS_DIST_PARETO: {
        double alpha;
        if ((rc = dist_real(s, m, where, "alpha", dname, VS__U_NUMBER, 0, 1, 1, 0, &alpha)) !=
                VS_OK ||
            (rc = dist_real(s, m, where, "min", dname, tu, 0, 1, 1, 0, &a)) != VS_OK ||
            (rc = dist_real(s, m, where, "max", dname, tu, a, 1, 0, INFINITY, &b)) != VS_OK)
            return rc;
        rc = vs_dist_pareto(d, alpha, a, b, &cerr);
        break;
    }
    case VS_DIST_WEIBULL:
        if ((rc = dist_real(s, m, where, "shape", dname, VS__U_NUMBER, 0, 1, 1, 0, &a)) !=
                VS_OK ||
            (rc = dist_real(s, m, where, "scale", dname, tu, 0, 1, 1, 0, &b)) != VS_OK)
            return rc;
        rc = vs_dist_weibull(d, a, b, &cerr);
        break;
    case VS_DIST_EMPIRICAL:
    case VS_DIST_TRACE: {
        const vs__node *fn = vs__map_get(m, "file");
        const char *file;
        if (!fn)
            return vs__fail(s, m, VS_ESCHEMA, "%s: missing required key 'file' for dist '%s'",
                            where, dname);
        join(path, sizeof path, where, "file");
        if ((rc = vs__get_string(s, fn, path, &file)) != VS_OK)
            return rc;
        /* Relative names are relative to the scenario's directory. */
        size_t need = strlen(s->dir) + strlen(file) + 2;
        char *full = malloc(need);
        if (!full)
            return vs_err_set(s->err, VS_ENOMEM, "out of memory");
        if (file[0] == '/' || strcmp(s->dir, ".") == 0)
            snprintf(full, need, "%s", file);
        else
            snprintf(full, need, "%s/%s", s->dir, file);
        rc = kind == VS_DIST_EMPIRICAL ? vs_dist_empirical_load(d, full, &cerr)
                                       : vs_dist_trace_load(d, full, &cerr);
        free(full);
        if (rc != VS_OK)
            return vs__fail(s, fn, rc == VS_ENOMEM ? rc : VS_ESCHEMA, "%s: %s",
                            path, cerr.msg);
        return VS_OK;
    }
    default:
        return vs__fail(s, dn, VS_ESCHEMA, "%s: unsupported distribution '%s'", path, dname);
    }
    if (rc != VS_OK) {
        /* Constructor messages start with the parameter ("alpha: ..."):
         * point at that key when it was written. */
        rc = rc == VS_ENOMEM ? VS_ENOMEM : VS_ESCHEMA;
        const char *colon = strstr(cerr.msg, ": ");
        if (colon && (size_t)(colon - cerr.msg) < 32) {
            char key[32];
            memcpy(key, cerr.msg, (size_t)(colon - cerr.msg));
            key[colon - cerr.msg] = '\0';
            const vs__node *kn = vs__map_get(m, key);
            if (kn) {
                join(path, sizeof path, where, key);
                return vs__fail(s, kn, rc, "%s: %s", path, colon + 2);
            }
        }
        return vs__fail(s, m, rc, "%s: %s", where, cerr.msg);
    }
    return VS_OK;
}

/* ---- hosts, VMs, workloads --------------------------------------------- */

static int parse_host(vs__scn *s, const vs__node *m, const char *where, vs_host_cfg *h,
                      const vs__node **name_node)
{
    static const char *const keys[] = {"name",     "count",       "cores",    "speed",
                                       "memory",   "scheduler",   "quantum",  "switch_cost",
                                       "overhead", "model",       "power"};
    int rc = want_kind(s, m, where, VS__MAP, "a mapping with name, cores, ...");
    if (rc != VS_OK || (rc = vs__check_keys(s, m, where, keys, NKEYS(keys))) != VS_OK)
        return rc;
    h->count = 1;
    h->speed = 1.0;
    h->memory_mib = INFINITY;
    h->quantum = 0.030;
    h->pos = pos_of(m);
    if (!(h->scheduler = dup_str(s, "dedicated")))
        return VS_ENOMEM;

    char path[300];
    const vs__node *v;
    double x;
    const char *str;
    if (!(v = vs__map_get(m, "name")))
        return missing(s, m, where, "name", "");
    join(path, sizeof path, where, "name");
    if ((rc = get_name(s, v, path, &str)) != VS_OK || !(h->name = dup_str(s, str)))
        return rc ? rc : VS_ENOMEM;
    *name_node = v;

    int has_cores = 0;
    if ((v = vs__map_get(m, "model"))) {
        join(path, sizeof path, where, "model");
        if ((rc = vs__get_string(s, v, path, &str)) != VS_OK)
            return rc;
        if ((rc = vs__model_host(s, v, path, str, h)) != VS_OK)
            return rc;
        if (!(h->model = dup_str(s, str)))
            return VS_ENOMEM;
        has_cores = h->cores > 0;
    }
    if ((v = vs__map_get(m, "count"))) {
        join(path, sizeof path, where, "count");
        if ((rc = get_pos_int(s, v, path, VS__SCN_MAX_COUNT, &h->count)) != VS_OK)
            return rc;
    }
    if ((v = vs__map_get(m, "cores"))) {
        join(path, sizeof path, where, "cores");
        if ((rc = get_pos_int(s, v, path, 65536, &h->cores)) != VS_OK)
            return rc;
        has_cores = 1;
    }
    if (!has_cores)
        return missing(s, m, where, "cores", " (or a 'model' that gives it)");
    if ((v = vs__map_get(m, "speed"))) {
        join(path, sizeof path, where, "speed");
        if (REAL(VS__U_NUMBER, 0, 1, INFINITY, 0))
            return rc;
        h->speed = x;
    }
    if ((v = vs__map_get(m, "memory"))) {
        join(path, sizeof path, where, "memory");
        if (REAL(VS__U_MEMORY, 0, 1, INFINITY, 0))
            return rc;
        h->memory_mib = x;
    }
    if ((v = vs__map_get(m, "scheduler"))) {
        join(path, sizeof path, where, "scheduler");
        if ((rc = host_sched(s, v, path, &h->scheduler)) != VS_OK)
            return rc;
    }
    if ((v = vs__map_get(m, "quantum"))) {
        join(path, sizeof path, where, "quantum");
        if (REAL(VS__U_TIME, 0, 1, INFINITY, 0))
            return rc;
        h->quantum = x;
    }
    if ((v = vs__map_get(m, "switch_cost"))) {
        join(path, sizeof path, where, "switch_cost");
        if (REAL(VS__U_TIME, 0, 0, INFINITY, 0))
            return rc;
        h->switch_cost = x;
    }
    if ((v = vs__map_get(m, "overhead"))) {
        join(path, sizeof path, where, "overhead");
        if (REAL(VS__U_NUMBER, 0, 0, 1, 1))
            return rc;
        h->overhead = x;
    }
    if ((v = vs__map_get(m, "power"))) {
        join(path, sizeof path, where, "power");
        if ((rc = vs__parse_power(s, v, path, h)) != VS_OK)
            return rc;
    }
    return VS_OK;
}

static int parse_vm(vs__scn *s, const vs__node *m, const char *where, vs_vm_cfg *vm,
                    const vs__node **name_node, const vs__node **host_node)
{
    static const char *const keys[] = {
        "name",     "count",   "vcpus",      "memory",  "host",   "environment",
        "parent",   "scheduler", "quantum",  "switch_cost", "preemptive", "capacity",
        "weight",   "cap",     "boot_time",  "model"};
    int rc = want_kind(s, m, where, VS__MAP, "a mapping with name, vcpus, ...");
    if (rc != VS_OK || (rc = vs__check_keys(s, m, where, keys, NKEYS(keys))) != VS_OK)
        return rc;
    vm->count = 1;
    vm->quantum = 0.010;
    vm->capacity = -1;
    vm->weight = 256;
    vm->pos = pos_of(m);
    vm->host_pos = vm->pos;
    if (!(vm->scheduler = dup_str(s, "fcfs")))
        return VS_ENOMEM;

    char path[300];
    const vs__node *v;
    double x;
    const char *str;
    if (!(v = vs__map_get(m, "name")))
        return missing(s, m, where, "name", "");
    join(path, sizeof path, where, "name");
    if ((rc = get_name(s, v, path, &str)) != VS_OK || !(vm->name = dup_str(s, str)))
        return rc ? rc : VS_ENOMEM;
    *name_node = v;

    static const char *const later[] = {"environment", "parent"};
    for (size_t i = 0; i < NKEYS(later); i++) {
        if ((v = map_key(m, later[i]))) {
            join(path, sizeof path, where, later[i]);
            return vs__fail(s, v, VS_ESCHEMA,
                            "%s: not supported yet (%s), expected no '%s' key in this "
                            "version of virtsim",
                            path,
                            i == 0 ? "environments come in a later version"
                                   : "nested virtualization comes in a later version",
                            later[i]);
        }
    }

    int has_vcpus = 0;
    if ((v = vs__map_get(m, "model"))) {
        join(path, sizeof path, where, "model");
        if ((rc = vs__get_string(s, v, path, &str)) != VS_OK)
            return rc;
        if ((rc = vs__model_vm(s, v, path, str, vm)) != VS_OK)
            return rc;
        if (!(vm->model = dup_str(s, str)))
            return VS_ENOMEM;
        has_vcpus = vm->vcpus > 0;
    }
    if ((v = vs__map_get(m, "count"))) {
        join(path, sizeof path, where, "count");
        if ((rc = get_pos_int(s, v, path, VS__SCN_MAX_COUNT, &vm->count)) != VS_OK)
            return rc;
    }
    if ((v = vs__map_get(m, "vcpus"))) {
        join(path, sizeof path, where, "vcpus");
        if ((rc = get_pos_int(s, v, path, 65536, &vm->vcpus)) != VS_OK)
            return rc;
        has_vcpus = 1;
    }
    if (!has_vcpus)
        return missing(s, m, where, "vcpus", " (or a 'model' that gives it)");
    if ((v = vs__map_get(m, "memory"))) {
        join(path, sizeof path, where, "memory");
        if (REAL(VS__U_MEMORY, 0, 0, INFINITY, 0))
            return rc;
        vm->memory_mib = x;
    }
    if ((v = vs__map_get(m, "host"))) {
        join(path, sizeof path, where, "host");
        if ((rc = get_name(s, v, path, &str)) != VS_OK || !(vm->host = dup_str(s, str)))
            return rc ? rc : VS_ENOMEM;
        vm->host_pos = pos_of(v);
        *host_node = v;
    }
    if ((v = vs__map_get(m, "scheduler"))) {
        join(path, sizeof path, where, "scheduler");
        if ((rc = guest_sched(s, v, path, &vm->scheduler)) != VS_OK)
            return rc;
    }
    if ((v = vs__map_get(m, "quantum"))) {
        join(path, sizeof path, where, "quantum");
        if (REAL(VS__U_TIME, 0, 1, INFINITY, 0))
            return rc;
        vm->quantum = x;
    }
    if ((v = vs__map_get(m, "switch_cost"))) {
        join(path, sizeof path, where, "switch_cost");
        if (REAL(VS__U_TIME, 0, 0, INFINITY, 0))
            return rc;
        vm->switch_cost = x;
    }
    if ((v = vs__map_get(m, "preemptive"))) {
        join(path, sizeof path, where, "preemptive");
        if ((rc = vs__get_bool(s, v, path, &vm->preemptive)) != VS_OK)
            return rc;
    }
    if ((v = vs__map_get(m, "capacity"))) {
        join(path, sizeof path, where, "capacity");
        const char *t = v->kind == VS__SCALAR ? v->str : "";
        if (v->kind == VS__SCALAR && (strcmp(t, "inf") == 0 || strcmp(t, ".inf") == 0 ||
                                      strcmp(t, "infinity") == 0)) {
            vm->capacity = -1;
        } else {
            int64_t c;
            if ((rc = vs__get_int_ex(s, v, path, 1, INT64_MAX, "an integer >= 1 or inf", &c)) !=
                VS_OK)
                return rc;
            vm->capacity = c;
        }
    }
    if ((v = vs__map_get(m, "weight"))) {
        join(path, sizeof path, where, "weight");
        if (REAL(VS__U_NUMBER, 0, 1, INFINITY, 0))
            return rc;
        vm->weight = x;
    }
    if ((v = vs__map_get(m, "cap"))) {
        join(path, sizeof path, where, "cap");
        if (REAL(VS__U_NUMBER, 0, 0, INFINITY, 0))
            return rc;
        vm->cap = x;
    }
    if ((v = vs__map_get(m, "boot_time"))) {
        join(path, sizeof path, where, "boot_time");
        if (REAL(VS__U_TIME, 0, 0, INFINITY, 0))
            return rc;
        vm->boot_time = x;
    }
    return VS_OK;
}

static int parse_workload(vs__scn *s, const vs__node *m, const char *where,
                          vs_workload_cfg *w, const vs__node **name_node,
                          const vs__node **target_node)
{
    static const char *const keys[] = {"name", "target", "arrival", "size", "class"};
    int rc = want_kind(s, m, where, VS__MAP, "a mapping with name, target, arrival, size");
    if (rc != VS_OK || (rc = vs__check_keys(s, m, where, keys, NKEYS(keys))) != VS_OK)
        return rc;
    w->pos = pos_of(m);
    char path[300];
    const vs__node *v;
    const char *str;
    for (size_t i = 0; i < 4; i++)
        if (!vs__map_get(m, keys[i]))
            return missing(s, m, where, keys[i], "");
    v = vs__map_get(m, "name");
    join(path, sizeof path, where, "name");
    if ((rc = get_name(s, v, path, &str)) != VS_OK || !(w->name = dup_str(s, str)))
        return rc ? rc : VS_ENOMEM;
    *name_node = v;
    v = vs__map_get(m, "target");
    join(path, sizeof path, where, "target");
    if ((rc = get_name(s, v, path, &str)) != VS_OK || !(w->target = dup_str(s, str)))
        return rc ? rc : VS_ENOMEM;
    w->target_pos = pos_of(v);
    *target_node = v;
    join(path, sizeof path, where, "arrival");
    if ((rc = parse_dist(s, vs__map_get(m, "arrival"), path, 1, &w->arrival)) != VS_OK)
        return rc;
    join(path, sizeof path, where, "size");
    if ((rc = parse_dist(s, vs__map_get(m, "size"), path, 0, &w->size)) != VS_OK)
        return rc;
    if ((v = vs__map_get(m, "class"))) {
        int64_t k;
        join(path, sizeof path, where, "class");
        if ((rc = vs__get_int(s, v, path, 0, 65535, &k)) != VS_OK)
            return rc;
        w->klass = (int)k;
    }
    return VS_OK;
}

/* ---- names across entries ---------------------------------------------- */

/* Entries of one kind (hosts or VMs) sorted by base name, for lookups. */
typedef struct entry {
    const char *name;
    int count;
    size_t index;
} entry;

static int entry_cmp(const void *a, const void *b)
{
    return strcmp(((const entry *)a)->name, ((const entry *)b)->name);
}

static const entry *entry_find(const entry *e, size_t n, const char *name)
{
    entry key = {name, 0, 0};
    return bsearch(&key, e, n, sizeof *e, entry_cmp);
}

/* If name is "BASE-K" with K a canonical decimal and BASE an entry with
 * count > K, that entry; else NULL.  *k receives K. */
static const entry *member_of(const entry *e, size_t n, const char *name, long *k)
{
    const char *dash = strrchr(name, '-');
    if (!dash || dash == name || !dash[1] || (dash[1] == '0' && dash[2]))
        return NULL;
    long v = 0;
    for (const char *p = dash + 1; *p; p++) {
        if (*p < '0' || *p > '9' || v > VS__SCN_MAX_COUNT)
            return NULL;
        v = v * 10 + (*p - '0');
    }
    char base[160];
    size_t bl = (size_t)(dash - name);
    if (bl >= sizeof base)
        return NULL;
    memcpy(base, name, bl);
    base[bl] = '\0';
    const entry *g = entry_find(e, n, base);
    if (!g || g->count <= 1 || v >= g->count)
        return NULL;
    *k = v;
    return g;
}

/* Sort the entries and check that the names, expanded, are unique. */
static int check_unique(vs__scn *s, entry *e, size_t n, const vs__node *const *name_nodes,
                        const char *list, const char *noun, uint64_t *total)
{
    *total = 0;
    for (size_t i = 0; i < n; i++)
        *total += (uint64_t)e[i].count;
    qsort(e, n, sizeof *e, entry_cmp);
    for (size_t i = 1; i < n; i++) {
        if (strcmp(e[i - 1].name, e[i].name) == 0) {
            size_t first = e[i - 1].index < e[i].index ? e[i - 1].index : e[i].index;
            size_t later = e[i - 1].index < e[i].index ? e[i].index : e[i - 1].index;
            return vs__fail(s, name_nodes[later], VS_ESCHEMA,
                            "%s[%zu].name: duplicate %s name '%s', already used by %s[%zu]",
                            list, later, noun, e[i].name, list, first);
        }
    }
    for (size_t i = 0; i < n; i++) {
        long k;
        const entry *g = member_of(e, n, e[i].name, &k);
        if (g)
            return vs__fail(s, name_nodes[e[i].index], VS_ESCHEMA,
                            "%s[%zu].name: %s name '%s' collides with a member of %s[%zu] "
                            "(count %d makes %s-0 .. %s-%d)",
                            list, e[i].index, noun, e[i].name, list, g->index, g->count,
                            g->name, g->name, g->count - 1);
    }
    return VS_OK;
}

/* Resolve a reference to one host or VM: "NAME" of an entry with count 1,
 * or "BASE-K" of a member of an entry with count > K. */
static int resolve(vs__scn *s, const entry *e, size_t n, const vs__node *ref,
                   const char *path, const char *noun, const char *list)
{
    const entry *hit = entry_find(e, n, ref->str);
    long k;
    if (hit && hit->count == 1)
        return VS_OK;
    if (hit)
        return vs__fail(s, ref, VS_ESCHEMA,
                        "%s: '%s' is a group of %d %ss (%s[%zu] has count %d), expected the "
                        "name of one of them such as '%s-0', got '%s'",
                        path, ref->str, hit->count, noun, list, hit->index, hit->count,
                        ref->str, ref->str);
    if (member_of(e, n, ref->str, &k))
        return VS_OK;
    /* BASE-K past the end of a group. */
    const char *dash = strrchr(ref->str, '-');
    if (dash && dash[1] >= '0' && dash[1] <= '9' && (size_t)(dash - ref->str) < 160) {
        char base[160];
        memcpy(base, ref->str, (size_t)(dash - ref->str));
        base[dash - ref->str] = '\0';
        const entry *g = entry_find(e, n, base);
        if (g && g->count > 1)
            return vs__fail(s, ref, VS_ESCHEMA,
                            "%s: no %s named '%s', expected one of %s-0 .. %s-%d (%s[%zu] has "
                            "count %d)",
                            path, noun, ref->str, base, base, g->count - 1, list, g->index,
                            g->count);
    }
    /* Suggest the closest single name or first/last group member, and list
     * what exists. */
    const char *names[32];
    char members[32][168];
    size_t nn = 0;
    char avail[512] = "";
    size_t used = 0;
    for (size_t i = 0; i < n; i++) {
        if (e[i].count == 1 && nn < 32) {
            names[nn++] = e[i].name;
        } else if (e[i].count > 1 && nn + 2 <= 32) {
            snprintf(members[nn], sizeof members[nn], "%s-0", e[i].name);
            names[nn] = members[nn];
            nn++;
            snprintf(members[nn], sizeof members[nn], "%s-%d", e[i].name, e[i].count - 1);
            names[nn] = members[nn];
            nn++;
        }
        if (used < sizeof avail - 64) {
            int w = e[i].count == 1
                        ? snprintf(avail + used, sizeof avail - used, "%s%s", used ? ", " : "",
                                   e[i].name)
                        : snprintf(avail + used, sizeof avail - used, "%s%s-0 .. %s-%d",
                                   used ? ", " : "", e[i].name, e[i].name, e[i].count - 1);
            if (w > 0)
                used += (size_t)w;
        }
    }
    const char *hint = vs__did_you_mean(ref->str, names, nn);
    if (hint)
        return vs__fail(s, ref, VS_ESCHEMA,
                        "%s: no %s named '%s' (did you mean '%s'? expected one of: %s)", path,
                        noun, ref->str, hint, avail);
    return vs__fail(s, ref, VS_ESCHEMA, "%s: no %s named '%s' (expected one of: %s)", path,
                    noun, ref->str, avail);
}

/* ---- top level ---------------------------------------------------------- */

static int parse_stop(vs__scn *s, const vs__node *m, vs_config *cfg)
{
    static const char *const keys[] = {"time", "jobs"};
    int rc = want_kind(s, m, "stop", VS__MAP, "a mapping {time: SECONDS} and/or {jobs: N}");
    if (rc != VS_OK || (rc = vs__check_keys(s, m, "stop", keys, NKEYS(keys))) != VS_OK)
        return rc;
    const vs__node *t = vs__map_get(m, "time"), *j = vs__map_get(m, "jobs");
    if (!t && !j)
        return vs__fail(s, m, VS_ESCHEMA,
                        "stop: no stopping rule, expected 'time' (seconds) and/or 'jobs' "
                        "(completed jobs), got an empty mapping");
    cfg->stop_time = INFINITY;
    cfg->stop_jobs = 0;
    if (t && (rc = vs__get_real(s, t, "stop.time", VS__U_TIME, 0, 1, INFINITY, 0,
                                &cfg->stop_time)) != VS_OK)
        return rc;
    if (j && (rc = vs__get_u64(s, j, "stop.jobs", 1, &cfg->stop_jobs)) != VS_OK)
        return rc;
    return VS_OK;
}

static int parse_warmup(vs__scn *s, const vs__node *m, vs_config *cfg)
{
    static const char *const keys[] = {"time", "jobs", "auto"};
    int rc = want_kind(s, m, "warmup", VS__MAP,
                       "a mapping {time: SECONDS}, {jobs: N} or {auto: mser5}");
    if (rc != VS_OK || (rc = vs__check_keys(s, m, "warmup", keys, NKEYS(keys))) != VS_OK)
        return rc;
    if (m->n == 0)
        return vs__fail(s, m, VS_ESCHEMA,
                        "warmup: no rule, expected one of time, jobs, auto, got an empty "
                        "mapping");
    if (m->n > 1)
        return vs__fail(s, m->items[2], VS_ESCHEMA,
                        "warmup: conflicting keys '%s' and '%s', expected exactly one of "
                        "time, jobs, auto",
                        m->items[0]->str, m->items[2]->str);
    const char *key = m->items[0]->str;
    const vs__node *v = m->items[1];
    if (strcmp(key, "time") == 0) {
        cfg->warmup_kind = VS_WARMUP_TIME;
        if ((rc = vs__get_real(s, v, "warmup.time", VS__U_TIME, 0, 0, INFINITY, 0,
                               &cfg->warmup_value)) != VS_OK)
            return rc;
        if (cfg->warmup_value >= cfg->stop_time)
            return vs__fail(s, v, VS_ESCHEMA,
                            "warmup.time: not shorter than the run, expected less than "
                            "stop.time (%g s), got %s",
                            cfg->stop_time, GOT(v));
    } else if (strcmp(key, "jobs") == 0) {
        uint64_t jobs;
        cfg->warmup_kind = VS_WARMUP_JOBS;
        if ((rc = vs__get_u64(s, v, "warmup.jobs", 0, &jobs)) != VS_OK)
            return rc;
        if (cfg->stop_jobs > 0 && jobs >= cfg->stop_jobs)
            return vs__fail(s, v, VS_ESCHEMA,
                            "warmup.jobs: not fewer than the run, expected less than stop.jobs "
                            "(%llu), got %s",
                            (unsigned long long)cfg->stop_jobs, GOT(v));
        cfg->warmup_value = (double)jobs;
    } else {
        const char *how;
        static const char *const autos[] = {"mser5"};
        if ((rc = vs__get_string(s, v, "warmup.auto", &how)) != VS_OK)
            return rc;
        if (strcmp(how, "mser5") != 0)
            return get_policy(s, v, "warmup.auto", "warm-up method", 0, autos, 1, "mser5");
        cfg->warmup_kind = VS_WARMUP_MSER5;
        cfg->warmup_value = 0;
    }
    return VS_OK;
}

static int parse_placement(vs__scn *s, const vs__node *m, vs_config *cfg)
{
    cfg->placement_pos = pos_of(m);
    if (m->kind == VS__SCALAR)
        return place_policy(s, m, "placement", &cfg->placement);
    static const char *const keys[] = {"policy", "overcommit"};
    int rc = want_kind(s, m, "placement", VS__MAP,
                       "a policy name or a mapping {policy, overcommit: {cpu, memory}}");
    if (rc != VS_OK || (rc = vs__check_keys(s, m, "placement", keys, NKEYS(keys))) != VS_OK)
        return rc;
    const vs__node *v;
    if ((v = vs__map_get(m, "policy")) &&
        (rc = place_policy(s, v, "placement.policy", &cfg->placement)) != VS_OK)
        return rc;
    if ((v = vs__map_get(m, "overcommit"))) {
        static const char *const okeys[] = {"cpu", "memory"};
        const vs__node *o = v;
        if ((rc = want_kind(s, o, "placement.overcommit", VS__MAP,
                            "a mapping {cpu: RATIO, memory: RATIO}")) != VS_OK ||
            (rc = vs__check_keys(s, o, "placement.overcommit", okeys, NKEYS(okeys))) != VS_OK)
            return rc;
        if ((v = vs__map_get(o, "cpu")) &&
            (rc = vs__get_real(s, v, "placement.overcommit.cpu", VS__U_NUMBER, 0, 1, INFINITY,
                               0, &cfg->overcommit_cpu)) != VS_OK)
            return rc;
        if ((v = vs__map_get(o, "memory")) &&
            (rc = vs__get_real(s, v, "placement.overcommit.memory", VS__U_NUMBER, 0, 1,
                               INFINITY, 0, &cfg->overcommit_mem)) != VS_OK)
            return rc;
    }
    return VS_OK;
}

static int parse_output(vs__scn *s, const vs__node *m, vs_config *cfg)
{
    static const char *const keys[] = {"dir", "plots", "series"};
    int rc = want_kind(s, m, "output", VS__MAP, "a mapping {dir, plots, series}");
    if (rc != VS_OK || (rc = vs__check_keys(s, m, "output", keys, NKEYS(keys))) != VS_OK)
        return rc;
    const vs__node *v;
    const char *str;
    if ((v = vs__map_get(m, "dir"))) {
        if ((rc = vs__get_string(s, v, "output.dir", &str)) != VS_OK)
            return rc;
        if (!(cfg->output_dir = dup_str(s, str)))
            return VS_ENOMEM;
    }
    if ((v = vs__map_get(m, "plots"))) {
        if ((rc = want_kind(s, v, "output.plots", VS__SEQ, "a list of plot names")) != VS_OK)
            return rc;
        if (v->n > 0 && !(cfg->plots = calloc(v->n, sizeof *cfg->plots)))
            return vs_err_set(s->err, VS_ENOMEM, "out of memory");
        for (size_t i = 0; i < v->n; i++) {
            char path[64];
            snprintf(path, sizeof path, "output.plots[%zu]", i);
            if ((rc = get_name(s, v->items[i], path, &str)) != VS_OK)
                return rc;
            if (!(cfg->plots[i] = dup_str(s, str)))
                return VS_ENOMEM;
            cfg->nplots++;
        }
    }
    if ((v = vs__map_get(m, "series"))) {
        int on;
        if (v->kind == VS__SCALAR && v->plain &&
            (strcmp(v->str, "true") == 0 || strcmp(v->str, "false") == 0)) {
            if ((rc = vs__get_bool(s, v, "output.series", &on)) != VS_OK)
                return rc;
            /* true: about 1000 points over the run (1 s apart for runs
             * that stop on jobs only). */
            cfg->series_interval = !on ? 0 : isfinite(cfg->stop_time) ? cfg->stop_time / 1000 : 1.0;
        } else if ((rc = vs__get_real(s, v, "output.series", VS__U_TIME, 0, 1, INFINITY, 0,
                                      &cfg->series_interval)) != VS_OK) {
            return rc;
        }
    }
    return VS_OK;
}

/* precision: {metric, relative, max_replications}: replications until the
 * metric's 95% CI half-width is within `relative` of its mean. */
static int parse_precision(vs__scn *s, const vs__node *m, vs_config *cfg)
{
    static const char *const keys[] = {"metric", "relative", "max_replications"};
    int rc = want_kind(s, m, "precision", VS__MAP,
                       "a mapping {metric, relative, max_replications}");
    if (rc != VS_OK || (rc = vs__check_keys(s, m, "precision", keys, NKEYS(keys))) != VS_OK)
        return rc;
    cfg->precision_pos = (vs_srcpos){m->line, m->col};
    const vs__node *v;
    const char *str;
    if (!(v = vs__map_get(m, "metric")))
        return missing(s, m, "precision", "metric", " (for example response_time.mean)");
    if ((rc = vs__get_string(s, v, "precision.metric", &str)) != VS_OK)
        return rc;
    /* METRIC or VM.METRIC: the metric part must be one the summary has. */
    vs_metric_ref ref;
    const char *dot = strchr(str, '.');
    if (vs_metric_parse(str, &ref, NULL) != VS_OK &&
        (!dot || vs_metric_parse(dot + 1, &ref, NULL) != VS_OK)) {
        vs_err e;
        vs_metric_parse(str, &ref, &e);
        return vs__fail(s, v, VS_ESCHEMA, "precision.metric: %s", e.msg);
    }
    if (!(cfg->precision_metric = dup_str(s, str)))
        return VS_ENOMEM;
    cfg->precision_pos = (vs_srcpos){v->line, v->col};
    if (!(v = vs__map_get(m, "relative")))
        return missing(s, m, "precision", "relative", " (for example 0.01 for 1%)");
    if ((rc = vs__get_real(s, v, "precision.relative", VS__U_NUMBER, 0, 1, 1, 1,
                           &cfg->precision_relative)) != VS_OK)
        return rc;
    cfg->precision_max = 200;
    if ((v = vs__map_get(m, "max_replications")) &&
        (rc = get_pos_int(s, v, "precision.max_replications", 100000, &cfg->precision_max)) !=
            VS_OK)
        return rc;
    return VS_OK;
}

/* Default scenario name: the file name without directory and extension. */
static char *default_name(const char *file)
{
    const char *b = strrchr(file, '/');
    b = b ? b + 1 : file;
    const char *dot = strrchr(b, '.');
    size_t n = dot && dot != b ? (size_t)(dot - b) : strlen(b);
    char *d = malloc(n + 1);
    if (d) {
        memcpy(d, b, n);
        d[n] = '\0';
    }
    return d;
}

/* Allocate an array of n zeroed entries for a list key. */
static int want_list(vs__scn *s, const vs__node *root, const char *key, const char *noun,
                     const vs__node **list)
{
    *list = vs__map_get(root, key);
    char expect[96];
    snprintf(expect, sizeof expect, "a list of %ss", noun);
    if (!*list)
        return missing(s, root, "", key, "");
    int rc = want_kind(s, *list, key, VS__SEQ, expect);
    if (rc != VS_OK)
        return rc;
    if ((*list)->n == 0)
        return vs__fail(s, *list, VS_ESCHEMA, "%s: empty list, expected at least one %s", key,
                        noun);
    return VS_OK;
}

int vs__validate(vs__scn *s, const vs__node *root, vs_config *cfg)
{
    static const char *const keys[] = {"name",     "description", "seed",   "stop",
                                       "warmup",   "replications", "hosts", "vms",
                                       "workloads", "placement",   "output", "precision",
                                       "environments", "services", "events"};
    const vs__node **hname = NULL, **vname = NULL, **vhost = NULL, **wname = NULL,
                   **wtarget = NULL;
    entry *he = NULL, *ve = NULL;
    const vs__node *v, *list;
    const char *str;
    int rc;
    char path[64];

    cfg->seed = 1;
    cfg->replications = 1;
    cfg->stop_time = INFINITY;
    cfg->warmup_kind = VS_WARMUP_TIME;
    cfg->overcommit_cpu = 1;
    cfg->overcommit_mem = 1;
    if ((rc = vs__check_keys(s, root, "", keys, NKEYS(keys))) != VS_OK)
        goto done;
    static const char *const later[] = {"environments", "services", "events"};
    for (size_t i = 0; i < NKEYS(later); i++)
        if ((v = map_key(root, later[i]))) {
            rc = vs__fail(s, v, VS_ESCHEMA,
                          "%s: not supported yet by this version of virtsim, expected no "
                          "'%s' key (see docs/scenario-reference.md)",
                          later[i], later[i]);
            goto done;
        }

    if ((v = vs__map_get(root, "name"))) {
        if ((rc = vs__get_string(s, v, "name", &str)) != VS_OK)
            goto done;
        cfg->name = dup_str(s, str);
    } else {
        cfg->name = default_name(s->file);
    }
    if (!cfg->name) {
        rc = vs_err_set(s->err, VS_ENOMEM, "out of memory");
        goto done;
    }
    if ((v = vs__map_get(root, "description"))) {
        if ((rc = vs__get_string(s, v, "description", &str)) != VS_OK)
            goto done;
        if (!(cfg->description = dup_str(s, str))) {
            rc = VS_ENOMEM;
            goto done;
        }
    }
    if ((v = vs__map_get(root, "seed")) &&
        (rc = vs__get_u64(s, v, "seed", 0, &cfg->seed)) != VS_OK)
        goto done;
    if ((v = vs__map_get(root, "replications"))) {
        if ((rc = get_pos_int(s, v, "replications", 100000, &cfg->replications)) != VS_OK)
            goto done;
    }
    if (!(v = vs__map_get(root, "stop"))) {
        rc = missing(s, root, "", "stop", " (for example stop: {time: 10000})");
        goto done;
    }
    if ((rc = parse_stop(s, v, cfg)) != VS_OK)
        goto done;
    if ((v = vs__map_get(root, "warmup")) && (rc = parse_warmup(s, v, cfg)) != VS_OK)
        goto done;
    if ((v = vs__map_get(root, "precision")) && (rc = parse_precision(s, v, cfg)) != VS_OK)
        goto done;

    /* Hosts. */
    if ((rc = want_list(s, root, "hosts", "host", &list)) != VS_OK)
        goto done;
    cfg->hosts = calloc(list->n, sizeof *cfg->hosts);
    hname = calloc(list->n, sizeof *hname);
    he = calloc(list->n, sizeof *he);
    if (!cfg->hosts || !hname || !he) {
        rc = vs_err_set(s->err, VS_ENOMEM, "out of memory");
        goto done;
    }
    for (size_t i = 0; i < list->n; i++) {
        snprintf(path, sizeof path, "hosts[%zu]", i);
        cfg->nhosts++;
        if ((rc = parse_host(s, list->items[i], path, &cfg->hosts[i], &hname[i])) != VS_OK)
            goto done;
        he[i] = (entry){cfg->hosts[i].name, cfg->hosts[i].count, i};
    }
    uint64_t total;
    if ((rc = check_unique(s, he, cfg->nhosts, hname, "hosts", "host", &total)) != VS_OK)
        goto done;
    if (total > VS__SCN_MAX_EXPANDED) {
        rc = vs__fail(s, list, VS_ESCHEMA,
                      "hosts: too many hosts after expanding counts, expected at most %d, got "
                      "%llu",
                      VS__SCN_MAX_EXPANDED, (unsigned long long)total);
        goto done;
    }

    /* VMs. */
    if ((rc = want_list(s, root, "vms", "VM", &list)) != VS_OK)
        goto done;
    cfg->vms = calloc(list->n, sizeof *cfg->vms);
    vname = calloc(list->n, sizeof *vname);
    vhost = calloc(list->n, sizeof *vhost);
    ve = calloc(list->n, sizeof *ve);
    if (!cfg->vms || !vname || !vhost || !ve) {
        rc = vs_err_set(s->err, VS_ENOMEM, "out of memory");
        goto done;
    }
    for (size_t i = 0; i < list->n; i++) {
        snprintf(path, sizeof path, "vms[%zu]", i);
        cfg->nvms++;
        if ((rc = parse_vm(s, list->items[i], path, &cfg->vms[i], &vname[i], &vhost[i])) !=
            VS_OK)
            goto done;
        ve[i] = (entry){cfg->vms[i].name, cfg->vms[i].count, i};
    }
    if ((rc = check_unique(s, ve, cfg->nvms, vname, "vms", "VM", &total)) != VS_OK)
        goto done;
    if (total > VS__SCN_MAX_EXPANDED) {
        rc = vs__fail(s, list, VS_ESCHEMA,
                      "vms: too many VMs after expanding counts, expected at most %d, got %llu",
                      VS__SCN_MAX_EXPANDED, (unsigned long long)total);
        goto done;
    }
    for (size_t i = 0; i < cfg->nvms; i++) {
        if (!vhost[i])
            continue;
        snprintf(path, sizeof path, "vms[%zu].host", i);
        if ((rc = resolve(s, he, cfg->nhosts, vhost[i], path, "host", "hosts")) != VS_OK)
            goto done;
    }

    /* Workloads. */
    if ((rc = want_list(s, root, "workloads", "workload", &list)) != VS_OK)
        goto done;
    cfg->workloads = calloc(list->n, sizeof *cfg->workloads);
    wname = calloc(list->n, sizeof *wname);
    wtarget = calloc(list->n, sizeof *wtarget);
    if (!cfg->workloads || !wname || !wtarget) {
        rc = vs_err_set(s->err, VS_ENOMEM, "out of memory");
        goto done;
    }
    for (size_t i = 0; i < list->n; i++) {
        snprintf(path, sizeof path, "workloads[%zu]", i);
        cfg->nworkloads++;
        if ((rc = parse_workload(s, list->items[i], path, &cfg->workloads[i], &wname[i],
                                 &wtarget[i])) != VS_OK)
            goto done;
        snprintf(path, sizeof path, "workloads[%zu].target", i);
        if ((rc = resolve(s, ve, cfg->nvms, wtarget[i], path, "VM", "vms")) != VS_OK)
            goto done;
    }
    /* Workload names are unique too (they name random streams). */
    free(he);
    if (!(he = calloc(cfg->nworkloads, sizeof *he))) {
        rc = vs_err_set(s->err, VS_ENOMEM, "out of memory");
        goto done;
    }
    for (size_t i = 0; i < cfg->nworkloads; i++)
        he[i] = (entry){cfg->workloads[i].name, 1, i};
    if ((rc = check_unique(s, he, cfg->nworkloads, wname, "workloads", "workload", &total)) !=
        VS_OK)
        goto done;

    if ((v = vs__map_get(root, "placement")) && (rc = parse_placement(s, v, cfg)) != VS_OK)
        goto done;
    if (!cfg->placement && !(cfg->placement = dup_str(s, "first-fit"))) {
        rc = VS_ENOMEM;
        goto done;
    }
    if ((v = vs__map_get(root, "output")) && (rc = parse_output(s, v, cfg)) != VS_OK)
        goto done;
    rc = VS_OK;
done:
    free(hname);
    free(vname);
    free(vhost);
    free(wname);
    free(wtarget);
    free(he);
    free(ve);
    return rc;
}
