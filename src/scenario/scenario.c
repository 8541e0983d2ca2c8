/*
 * scenario.c: the public entry points of the scenario loader, the config
 * destructor, and the helpers every stage uses to word its errors.
 *
 * Every error about the scenario names where it is ("FILE:LINE:COL", or
 * "--set KEY=VALUE" for a value that came from an override), then the key
 * path ("workloads[0].arrival.rate"), then what is wrong, what was expected
 * and what was found.  Only the first problem is reported.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "scenario/internal.h"

/* ---- error helpers ------------------------------------------------------ */

int vs__fail(vs__scn *s, const vs__node *node, int code, const char *fmt, ...)
{
    char msg[VS_ERR_MSG_MAX];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    if (node && node->set >= 0 && (size_t)node->set < s->nsets) {
        const vs_override *o = &s->sets[node->set];
        vs_err_set(s->err, code, "--set %s=%s: %s", o->key, o->value, msg);
        return code;
    }
    if (node && node->line > 0)
        return vs_err_at(s->err, code, node->file ? node->file : s->file, node->line,
                         node->col, "%s", msg);
    return vs_err_at(s->err, code, node && node->file ? node->file : s->file, 0, 0, "%s",
                     msg);
}

const char *vs__got(const vs__node *node, char *buf, size_t len)
{
    if (!node) {
        snprintf(buf, len, "nothing");
        return buf;
    }
    if (node->kind == VS__MAP) {
        snprintf(buf, len, "a mapping");
        return buf;
    }
    if (node->kind == VS__SEQ) {
        snprintf(buf, len, "a list");
        return buf;
    }
    if (node->plain && (node->len == 0 || strcmp(node->str, "~") == 0 ||
                        strcmp(node->str, "null") == 0 || strcmp(node->str, "Null") == 0 ||
                        strcmp(node->str, "NULL") == 0)) {
        snprintf(buf, len, "null");
        return buf;
    }
    /* 'VALUE', at most 40 characters, control bytes escaped. */
    size_t o = 0;
    if (len < 8) {
        buf[0] = '\0';
        return buf;
    }
    buf[o++] = '\'';
    for (size_t i = 0; i < node->len && o + 8 < len; i++) {
        unsigned char c = (unsigned char)node->str[i];
        if (i == 40) {
            memcpy(buf + o, "...", 3);
            o += 3;
            break;
        }
        if (c < 0x20 || c == 0x7F)
            o += (size_t)snprintf(buf + o, len - o, "\\x%02x", c);
        else
            buf[o++] = (char)c;
    }
    buf[o++] = '\'';
    buf[o] = '\0';
    return buf;
}

size_t vs__edit_distance(const char *a, const char *b)
{
    size_t la = strlen(a), lb = strlen(b);
    if (la > 64 || lb > 64)
        return (size_t)-1;
    size_t row[65];
    for (size_t j = 0; j <= lb; j++)
        row[j] = j;
    for (size_t i = 1; i <= la; i++) {
        size_t diag = row[0];
        row[0] = i;
        for (size_t j = 1; j <= lb; j++) {
            size_t up = row[j];
            size_t best = diag + (a[i - 1] != b[j - 1]);
            if (row[j] + 1 < best)
                best = row[j] + 1;
            if (row[j - 1] + 1 < best)
                best = row[j - 1] + 1;
            row[j] = best;
            diag = up;
        }
    }
    return row[lb];
}

const char *vs__did_you_mean(const char *word, const char *const *names, size_t n)
{
    const char *best = NULL;
    size_t bestd = (size_t)-1, wl = strlen(word);
    for (size_t i = 0; i < n; i++) {
        if (!names[i])
            break;
        size_t d = vs__edit_distance(word, names[i]);
        if (d < bestd) {
            bestd = d;
            best = names[i];
        }
    }
    if (best && bestd <= 2 && bestd < wl)
        return best;
    /* A truncated name ("hp-proliant-ml110" for "hp-proliant-ml110-g4"). */
    for (size_t i = 0; wl >= 4 && i < n && names[i]; i++)
        if (strncmp(names[i], word, wl) == 0)
            return names[i];
    return NULL;
}

/* ---- config ------------------------------------------------------------- */

void vs_config_free(vs_config *cfg)
{
    if (!cfg)
        return;
    for (size_t i = 0; i < cfg->nhosts; i++) {
        vs_host_cfg *h = &cfg->hosts[i];
        free(h->name);
        free(h->scheduler);
        free(h->model);
        free(h->power_curve);
    }
    free(cfg->hosts);
    for (size_t i = 0; i < cfg->nvms; i++) {
        vs_vm_cfg *v = &cfg->vms[i];
        free(v->name);
        free(v->host);
        free(v->environment);
        free(v->parent);
        free(v->scheduler);
        free(v->model);
    }
    free(cfg->vms);
    for (size_t i = 0; i < cfg->nworkloads; i++) {
        vs_workload_cfg *w = &cfg->workloads[i];
        free(w->name);
        free(w->target);
        vs_dist_fini(&w->arrival);
        vs_dist_fini(&w->size);
    }
    free(cfg->workloads);
    for (size_t i = 0; i < cfg->nplots; i++)
        free(cfg->plots[i]);
    free(cfg->plots);
    free(cfg->placement);
    free(cfg->output_dir);
    free(cfg->precision_metric);
    free(cfg->name);
    free(cfg->description);
    free(cfg->file);
    free(cfg->dir);
    free(cfg);
}

/* ---- entry points ------------------------------------------------------- */

static char *dir_of(const char *path)
{
    const char *slash = strrchr(path, '/');
    if (!slash)
        return strdup(".");
    if (slash == path)
        return strdup("/");
    size_t n = (size_t)(slash - path);
    char *d = malloc(n + 1);
    if (d) {
        memcpy(d, path, n);
        d[n] = '\0';
    }
    return d;
}

static int load(vs__tree *t, const char *file, const char *dir, const vs_override *sets,
                size_t nsets, vs_config **out, vs_err *err)
{
    vs_config *cfg = calloc(1, sizeof *cfg);
    vs__scn s = {.file = file, .dir = dir, .sets = sets, .nsets = nsets, .err = err};
    int rc = VS_OK;
    if (!cfg) {
        rc = vs_err_set(err, VS_ENOMEM, "out of memory");
        goto fail;
    }
    cfg->file = strdup(file);
    cfg->dir = strdup(dir);
    if (!cfg->file || !cfg->dir) {
        rc = vs_err_set(err, VS_ENOMEM, "out of memory");
        goto fail;
    }
    s.dir = cfg->dir;
    rc = vs__tree_apply_sets(&s, t);
    if (rc == VS_OK)
        rc = vs__validate(&s, t->root, cfg);
    if (rc != VS_OK)
        goto fail;
    vs__tree_free(t);
    *out = cfg;
    return VS_OK;
fail:
    vs__tree_free(t);
    vs_config_free(cfg);
    return rc;
}

int vs_scenario_load(const char *path, const vs_override *sets, size_t nsets,
                     vs_config **out, vs_err *err)
{
    vs__tree t;
    *out = NULL;
    vs_err_clear(err);
    if (!path)
        return vs_err_set(err, VS_EINVAL, "no scenario file given");
    int rc = vs__tree_load_file(path, &t, err);
    if (rc != VS_OK)
        return rc;
    char *dir = dir_of(path);
    if (!dir) {
        vs__tree_free(&t);
        return vs_err_set(err, VS_ENOMEM, "out of memory");
    }
    rc = load(&t, path, dir, sets, nsets, out, err);
    free(dir);
    return rc;
}

int vs_scenario_load_string(const char *text, size_t len, const char *name,
                            const char *dir, const vs_override *sets, size_t nsets,
                            vs_config **out, vs_err *err)
{
    vs__tree t;
    *out = NULL;
    vs_err_clear(err);
    if (!name)
        name = "<string>";
    if (!text)
        return vs_err_set(err, VS_EINVAL, "no scenario text given");
    int rc = vs__tree_parse(text, len, name, &t, err);
    if (rc != VS_OK)
        return rc;
    return load(&t, name, dir ? dir : ".", sets, nsets, out, err);
}
