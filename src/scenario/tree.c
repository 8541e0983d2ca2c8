/*
 * tree.c: YAML text to a small tree of positioned nodes, and --set overrides.
 *
 * How a scenario is read, defensively:
 *   1. The bytes.  At most VS__SCN_MAX_BYTES are read; an empty file, a NUL or
 *      other control byte, or invalid UTF-8 is refused with its line and
 *      column before libyaml sees it (libyaml's own reader errors carry no
 *      position).
 *   2. A first pass with libyaml's event API.  It costs no memory per node
 *      and catches syntax errors (reported as the parser's `problem` at its
 *      `problem_mark`, plus its `context`), nesting deeper than
 *      VS__SCN_MAX_DEPTH, more than VS__SCN_MAX_NODES nodes, and a second
 *      document in the stream.
 *   3. yaml_parser_load builds libyaml's document (aliases there are shared
 *      node ids), which is copied into vs__node trees.  The copy expands
 *      aliases, so it counts every node it makes against the same node budget
 *      and the same depth limit: a "billion laughs" document, or an alias
 *      that refers to its own ancestor, is refused after at most
 *      VS__SCN_MAX_NODES nodes, in milliseconds.
 * libyaml's zero-based marks become one-based lines and columns.
 *
 * Overrides (--set KEY=VALUE) are applied to this tree before validation, so
 * their values pass exactly the same checks as values in the file.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <yaml.h>

#include "scenario/internal.h"

/* ---- nodes -------------------------------------------------------------- */

static vs__node *node_new(vs__node_kind kind, const char *file, int line, int col)
{
    vs__node *n = calloc(1, sizeof *n);
    if (!n)
        return NULL;
    n->kind = kind;
    n->file = file;
    n->line = line;
    n->col = col;
    n->set = -1;
    return n;
}

static void node_free(vs__node *n)
{
    if (!n)
        return;
    size_t m = n->kind == VS__MAP ? 2 * n->n : n->n;
    for (size_t i = 0; i < m; i++)
        node_free(n->items[i]);
    free(n->items);
    free(n->str);
    free(n);
}

/* Append one item (or, for maps, call twice: key then value). */
static int node_push(vs__node *parent, vs__node *child)
{
    size_t used = parent->kind == VS__MAP ? 2 * parent->n : parent->n;
    if (used == parent->cap) {
        size_t cap = parent->cap ? 2 * parent->cap : 8;
        vs__node **items = realloc(parent->items, cap * sizeof *items);
        if (!items)
            return VS_ENOMEM;
        parent->items = items;
        parent->cap = cap;
    }
    parent->items[used] = child;
    return VS_OK;
}

static int map_add(vs__node *map, vs__node *key, vs__node *value)
{
    if (2 * map->n + 2 > map->cap) {
        size_t cap = map->cap ? 2 * map->cap : 8;
        vs__node **items = realloc(map->items, cap * sizeof *items);
        if (!items)
            return VS_ENOMEM;
        map->items = items;
        map->cap = cap;
    }
    map->items[2 * map->n] = key;
    map->items[2 * map->n + 1] = value;
    map->n++;
    return VS_OK;
}

static int scalar_set(vs__node *n, const char *text, size_t len)
{
    char *s = malloc(len + 1);
    if (!s)
        return VS_ENOMEM;
    memcpy(s, text, len);
    s[len] = '\0';
    free(n->str);
    n->str = s;
    n->len = len;
    return VS_OK;
}

vs__node *vs__map_get(const vs__node *map, const char *key)
{
    if (!map || map->kind != VS__MAP)
        return NULL;
    for (size_t i = 0; i < map->n; i++)
        if (strcmp(map->items[2 * i]->str, key) == 0)
            return map->items[2 * i + 1];
    return NULL;
}

void vs__tree_free(vs__tree *t)
{
    if (!t)
        return;
    node_free(t->root);
    free(t->file);
    t->root = NULL;
    t->file = NULL;
}

/* ---- byte-level checks -------------------------------------------------- */

/* Check for NUL and control bytes and invalid UTF-8; on a problem, fill the
 * 1-based line and column (in characters) and return a description. */
static const char *check_bytes(const unsigned char *p, size_t len, int *line, int *col,
                               unsigned *byte)
{
    int l = 1, c = 1;
    size_t i = 0;
    if (len >= 3 && p[0] == 0xEF && p[1] == 0xBB && p[2] == 0xBF)
        i = 3; /* UTF-8 byte order mark */
    while (i < len) {
        unsigned b = p[i];
        *line = l;
        *col = c;
        *byte = b;
        if (b == '\n') {
            l++;
            c = 1;
            i++;
            continue;
        }
        if (b == 0)
            return "binary data (NUL byte) in the file, expected a YAML text file";
        if (b < 0x20 && b != '\t' && b != '\r')
            return "control character in the file, expected a YAML text file";
        if (b == 0x7F)
            return "control character in the file, expected a YAML text file";
        size_t extra;
        unsigned cp;
        if (b < 0x80) {
            extra = 0;
            cp = b;
        } else if ((b & 0xE0) == 0xC0) {
            extra = 1;
            cp = b & 0x1F;
        } else if ((b & 0xF0) == 0xE0) {
            extra = 2;
            cp = b & 0x0F;
        } else if ((b & 0xF8) == 0xF0) {
            extra = 3;
            cp = b & 0x07;
        } else {
            return "invalid UTF-8, expected a UTF-8 text file";
        }
        if (i + extra >= len && extra)
            return "invalid UTF-8 (truncated sequence), expected a UTF-8 text file";
        for (size_t k = 1; k <= extra; k++) {
            if ((p[i + k] & 0xC0) != 0x80)
                return "invalid UTF-8, expected a UTF-8 text file";
            cp = (cp << 6) | (p[i + k] & 0x3F);
        }
        static const unsigned min_cp[4] = {0, 0x80, 0x800, 0x10000};
        if (cp < min_cp[extra] || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
            return "invalid UTF-8 (overlong or out-of-range sequence), expected a UTF-8 text file";
        i += extra + 1;
        c++;
    }
    return NULL;
}

/* ---- libyaml errors ----------------------------------------------------- */

static int yaml_fail(const yaml_parser_t *p, const char *file, vs_err *err)
{
    int line = (int)p->problem_mark.line + 1, col = (int)p->problem_mark.column + 1;
    const char *problem = p->problem ? p->problem : "unknown YAML error";
    if (p->error == YAML_MEMORY_ERROR)
        return vs_err_at(err, VS_ENOMEM, file, 0, 0, "out of memory while parsing YAML");
    if (p->error == YAML_READER_ERROR)
        return vs_err_at(err, VS_EPARSE, file, 0, 0, "%s (at byte %zu)", problem,
                         p->problem_offset);
    if (p->context)
        return vs_err_at(err, VS_EPARSE, file, line, col, "%s (%s at %d:%d)", problem,
                         p->context, (int)p->context_mark.line + 1,
                         (int)p->context_mark.column + 1);
    return vs_err_at(err, VS_EPARSE, file, line, col, "%s", problem);
}

/* First pass: syntax, depth, node count, a single document. */
static int prepass(const char *text, size_t len, const char *file, vs_err *err)
{
    yaml_parser_t p;
    yaml_event_t ev;
    int rc = VS_OK, depth = 0, docs = 0;
    long nodes = 0;
    if (!yaml_parser_initialize(&p))
        return vs_err_at(err, VS_ENOMEM, file, 0, 0, "out of memory");
    yaml_parser_set_input_string(&p, (const unsigned char *)text, len);
    yaml_parser_set_encoding(&p, YAML_UTF8_ENCODING);
    for (;;) {
        if (!yaml_parser_parse(&p, &ev)) {
            rc = yaml_fail(&p, file, err);
            break;
        }
        int line = (int)ev.start_mark.line + 1, col = (int)ev.start_mark.column + 1;
        yaml_event_type_t type = ev.type;
        yaml_event_delete(&ev);
        if (type == YAML_STREAM_END_EVENT)
            break;
        if (type == YAML_DOCUMENT_START_EVENT && ++docs > 1) {
            rc = vs_err_at(err, VS_EPARSE, file, line, col,
                           "a second YAML document, expected one document per scenario");
            break;
        }
        if (type == YAML_SEQUENCE_START_EVENT || type == YAML_MAPPING_START_EVENT) {
            if (++depth > VS__SCN_MAX_DEPTH) {
                rc = vs_err_at(err, VS_EPARSE, file, line, col,
                               "nesting deeper than %d levels", VS__SCN_MAX_DEPTH);
                break;
            }
        } else if (type == YAML_SEQUENCE_END_EVENT || type == YAML_MAPPING_END_EVENT) {
            depth--;
        }
        if (type == YAML_SCALAR_EVENT || type == YAML_ALIAS_EVENT ||
            type == YAML_SEQUENCE_START_EVENT || type == YAML_MAPPING_START_EVENT) {
            if (++nodes > VS__SCN_MAX_NODES) {
                rc = vs_err_at(err, VS_EPARSE, file, line, col,
                               "more than %d YAML nodes", VS__SCN_MAX_NODES);
                break;
            }
        }
    }
    yaml_parser_delete(&p);
    return rc;
}

/* ---- document to tree --------------------------------------------------- */

typedef struct conv {
    yaml_document_t *doc;
    const char *file;
    long budget;   /* nodes still allowed (aliases count every time) */
    vs_err *err;
} conv;

static int convert(conv *cv, int id, int depth, vs__node **out)
{
    yaml_node_t *y = yaml_document_get_node(cv->doc, id);
    *out = NULL;
    if (!y)
        return vs_err_at(cv->err, VS_EPARSE, cv->file, 0, 0, "broken YAML document");
    int line = (int)y->start_mark.line + 1, col = (int)y->start_mark.column + 1;
    if (--cv->budget < 0)
        return vs_err_at(cv->err, VS_EPARSE, cv->file, line, col,
                         "more than %d YAML nodes after expanding aliases",
                         VS__SCN_MAX_NODES);
    if (depth > VS__SCN_MAX_DEPTH)
        return vs_err_at(cv->err, VS_EPARSE, cv->file, line, col,
                         "nesting deeper than %d levels (after expanding aliases)",
                         VS__SCN_MAX_DEPTH);
    vs__node *n;
    switch (y->type) {
    case YAML_SCALAR_NODE:
        n = node_new(VS__SCALAR, cv->file, line, col);
        if (!n || scalar_set(n, (const char *)y->data.scalar.value, y->data.scalar.length)) {
            node_free(n);
            return vs_err_set(cv->err, VS_ENOMEM, "out of memory");
        }
        n->plain = y->data.scalar.style == YAML_PLAIN_SCALAR_STYLE;
        if (strlen(n->str) != n->len) {
            node_free(n);
            return vs_err_at(cv->err, VS_EPARSE, cv->file, line, col,
                             "NUL character in a string, expected text");
        }
        break;
    case YAML_SEQUENCE_NODE:
        n = node_new(VS__SEQ, cv->file, line, col);
        if (!n)
            return vs_err_set(cv->err, VS_ENOMEM, "out of memory");
        for (yaml_node_item_t *it = y->data.sequence.items.start;
             it < y->data.sequence.items.top; it++) {
            vs__node *c;
            int rc = convert(cv, *it, depth + 1, &c);
            if (rc == VS_OK && node_push(n, c) != VS_OK) {
                node_free(c);
                rc = vs_err_set(cv->err, VS_ENOMEM, "out of memory");
            }
            if (rc != VS_OK) {
                node_free(n);
                return rc;
            }
            n->n++;
        }
        break;
    case YAML_MAPPING_NODE:
        n = node_new(VS__MAP, cv->file, line, col);
        if (!n)
            return vs_err_set(cv->err, VS_ENOMEM, "out of memory");
        for (yaml_node_pair_t *pr = y->data.mapping.pairs.start;
             pr < y->data.mapping.pairs.top; pr++) {
            vs__node *k = NULL, *v = NULL;
            int rc = convert(cv, pr->key, depth + 1, &k);
            if (rc == VS_OK && k->kind != VS__SCALAR)
                rc = vs_err_at(cv->err, VS_ESCHEMA, cv->file, k->line, k->col,
                               "a key must be a plain name, got %s",
                               k->kind == VS__MAP ? "a mapping" : "a list");
            if (rc == VS_OK)
                rc = convert(cv, pr->value, depth + 1, &v);
            if (rc == VS_OK && map_add(n, k, v) != VS_OK)
                rc = vs_err_set(cv->err, VS_ENOMEM, "out of memory");
            if (rc != VS_OK) {
                node_free(k);
                node_free(v);
                node_free(n);
                return rc;
            }
        }
        break;
    default:
        return vs_err_at(cv->err, VS_EPARSE, cv->file, line, col, "empty YAML node");
    }
    *out = n;
    return VS_OK;
}

static int is_null_scalar(const vs__node *n)
{
    return n->kind == VS__SCALAR && n->plain &&
           (n->len == 0 || strcmp(n->str, "~") == 0 || strcmp(n->str, "null") == 0 ||
            strcmp(n->str, "Null") == 0 || strcmp(n->str, "NULL") == 0);
}

/* Parse text into a tree whose root may be any node (used for --set values
 * too).  *root is NULL for an empty stream. */
static int parse_any(const char *text, size_t len, const char *file, vs__node **root,
                     vs_err *err)
{
    int line = 0, col = 0;
    unsigned byte = 0;
    *root = NULL;
    const char *why = check_bytes((const unsigned char *)text, len, &line, &col, &byte);
    if (why)
        return vs_err_at(err, VS_EPARSE, file, line, col, "%s, got byte 0x%02x", why, byte);
    int rc = prepass(text, len, file, err);
    if (rc != VS_OK)
        return rc;

    yaml_parser_t p;
    yaml_document_t doc;
    if (!yaml_parser_initialize(&p))
        return vs_err_at(err, VS_ENOMEM, file, 0, 0, "out of memory");
    yaml_parser_set_input_string(&p, (const unsigned char *)text, len);
    yaml_parser_set_encoding(&p, YAML_UTF8_ENCODING);
    if (!yaml_parser_load(&p, &doc)) {
        rc = yaml_fail(&p, file, err);
        yaml_parser_delete(&p);
        return rc;
    }
    if (yaml_document_get_root_node(&doc)) {
        conv cv = {&doc, file, VS__SCN_MAX_NODES, err};
        rc = convert(&cv, 1, 1, root);
    }
    yaml_document_delete(&doc);
    yaml_parser_delete(&p);
    return rc;
}

int vs__tree_parse(const char *text, size_t len, const char *file, vs__tree *out,
                   vs_err *err)
{
    out->root = NULL;
    out->file = strdup(file ? file : "<string>");
    if (!out->file)
        return vs_err_set(err, VS_ENOMEM, "out of memory");
    if (len > VS__SCN_MAX_BYTES) {
        int rc = vs_err_at(err, VS_EPARSE, out->file, 0, 0,
                           "file too large (%zu bytes), expected at most %u MiB", len,
                           VS__SCN_MAX_BYTES >> 20);
        vs__tree_free(out);
        return rc;
    }
    int rc = parse_any(text, len, out->file, &out->root, err);
    if (rc == VS_OK && (!out->root || is_null_scalar(out->root)))
        rc = vs_err_at(err, VS_ESCHEMA, out->file, 0, 0,
                       "empty scenario, expected a mapping with at least stop, hosts, vms "
                       "and workloads");
    else if (rc == VS_OK && out->root->kind != VS__MAP) {
        char buf[96];
        rc = vs_err_at(err, VS_ESCHEMA, out->file, out->root->line, out->root->col,
                       "the top level must be a mapping of keys (name, stop, hosts, ...), "
                       "got %s",
                       vs__got(out->root, buf, sizeof buf));
    }
    if (rc != VS_OK)
        vs__tree_free(out);
    return rc;
}

int vs__tree_load_file(const char *path, vs__tree *out, vs_err *err)
{
    out->root = NULL;
    out->file = NULL;
    FILE *f = fopen(path, "rb");
    if (!f)
        return vs_err_at(err, VS_EIO, path, 0, 0, "cannot open: %s", strerror(errno));
    size_t cap = 4096, len = 0;
    char *buf = malloc(cap);
    int rc = VS_OK;
    if (!buf)
        rc = vs_err_set(err, VS_ENOMEM, "out of memory");
    while (rc == VS_OK) {
        if (len == cap) {
            if (cap > VS__SCN_MAX_BYTES) {
                rc = vs_err_at(err, VS_EPARSE, path, 0, 0,
                               "file too large, expected at most %u MiB",
                               VS__SCN_MAX_BYTES >> 20);
                break;
            }
            char *nb = realloc(buf, cap * 2);
            if (!nb) {
                rc = vs_err_set(err, VS_ENOMEM, "out of memory");
                break;
            }
            buf = nb;
            cap *= 2;
        }
        size_t got = fread(buf + len, 1, cap - len, f);
        len += got;
        if (got == 0) {
            if (ferror(f))
                rc = vs_err_at(err, VS_EIO, path, 0, 0, "cannot read: %s", strerror(errno));
            break;
        }
    }
    fclose(f);
    if (rc == VS_OK)
        rc = vs__tree_parse(buf, len, path, out, err);
    free(buf);
    return rc;
}

/* ---- --set overrides ---------------------------------------------------- */

static void mark_set(vs__node *n, int set)
{
    n->set = set;
    n->line = n->col = 0;
    size_t m = n->kind == VS__MAP ? 2 * n->n : n->n;
    for (size_t i = 0; i < m; i++)
        mark_set(n->items[i], set);
}

/* The new value node of override i: a plain scalar, or a YAML flow
 * collection when the value starts with '[' or '{'. */
static int set_value(vs__scn *s, size_t i, const char *file, vs__node **out)
{
    const char *v = s->sets[i].value;
    *out = NULL;
    if (v[0] == '[' || v[0] == '{') {
        vs_err sub;
        vs_err_clear(&sub);
        int rc = parse_any(v, strlen(v), file, out, &sub);
        if (rc != VS_OK) {
            /* sub.msg starts with "FILE:LINE:COL: "; keep only the problem. */
            const char *m = sub.msg;
            for (int colons = 0; *m && colons < 3; m++)
                if (*m == ':')
                    colons++;
            while (*m == ' ')
                m++;
            return vs__fail(s, &(vs__node){.set = (int)i}, rc, "%s", m);
        }
        if (*out) {
            mark_set(*out, (int)i);
            return VS_OK;
        }
    }
    vs__node *n = node_new(VS__SCALAR, file, 0, 0);
    if (!n || scalar_set(n, v, strlen(v)) != VS_OK) {
        node_free(n);
        return vs_err_set(s->err, VS_ENOMEM, "out of memory");
    }
    n->plain = 1;
    n->set = (int)i;
    *out = n;
    return VS_OK;
}

/* Find a list entry by its `name` (or, failing that, a decimal index). */
static vs__node *seq_find(const vs__node *seq, const char *name)
{
    for (size_t k = 0; k < seq->n; k++) {
        vs__node *nm = vs__map_get(seq->items[k], "name");
        if (nm && nm->kind == VS__SCALAR && strcmp(nm->str, name) == 0)
            return seq->items[k];
    }
    char *end;
    errno = 0;
    unsigned long idx = strtoul(name, &end, 10);
    if (name[0] >= '0' && name[0] <= '9' && *end == '\0' && errno == 0 && idx < seq->n)
        return seq->items[idx];
    return NULL;
}

static int apply_one(vs__scn *s, vs__tree *t, size_t i)
{
    const char *key = s->sets[i].key;
    vs__node here = {.set = (int)i};
    char seg[256], where[512] = "";
    vs__node *cur = t->root;
    const char *p = key;
    if (!*key)
        return vs__fail(s, &here, VS_ESCHEMA, "empty key, expected KEY=VALUE");
    for (;;) {
        const char *dot = strchr(p, '.');
        size_t sl = dot ? (size_t)(dot - p) : strlen(p);
        if (sl == 0 || sl >= sizeof seg)
            return vs__fail(s, &here, VS_ESCHEMA,
                            "invalid key path '%s', expected names separated by dots", key);
        memcpy(seg, p, sl);
        seg[sl] = '\0';
        int last = dot == NULL;
        if (cur->kind == VS__SEQ) {
            vs__node *item = seq_find(cur, seg);
            if (!item) {
                char names[256] = "";
                size_t used = 0;
                for (size_t k = 0; k < cur->n && used < sizeof names - 1; k++) {
                    vs__node *nm = vs__map_get(cur->items[k], "name");
                    if (nm && nm->kind == VS__SCALAR)
                        used += (size_t)snprintf(names + used, sizeof names - used, "%s%s",
                                                 used ? ", " : "", nm->str);
                }
                return vs__fail(s, &here, VS_ESCHEMA,
                                "no entry named '%s' in %s, expected one of: %s", seg, where,
                                used ? names : "(none)");
            }
            if (last)
                return vs__fail(s, &here, VS_ESCHEMA,
                                "'%s' names a whole entry of %s, expected a key inside it "
                                "(like %s.%s.count)",
                                key, where, where, seg);
            cur = item;
        } else if (cur->kind == VS__MAP) {
            vs__node *child = vs__map_get(cur, seg);
            if (last) {
                vs__node *v;
                int rc = set_value(s, i, t->file, &v);
                if (rc != VS_OK)
                    return rc;
                if (child) {
                    for (size_t k = 0; k < cur->n; k++)
                        if (cur->items[2 * k + 1] == child)
                            cur->items[2 * k + 1] = v;
                    node_free(child);
                    return VS_OK;
                }
                vs__node *k = node_new(VS__SCALAR, t->file, 0, 0);
                if (!k || scalar_set(k, seg, sl) != VS_OK || map_add(cur, k, v) != VS_OK) {
                    node_free(k);
                    node_free(v);
                    return vs_err_set(s->err, VS_ENOMEM, "out of memory");
                }
                k->set = (int)i;
                k->plain = 1;
                return VS_OK;
            }
            if (!child) {
                /* An absent intermediate mapping (warmup.time=10 without a
                 * warmup key): create it; validation checks the key names. */
                vs__node *k = node_new(VS__SCALAR, t->file, 0, 0);
                child = node_new(VS__MAP, t->file, 0, 0);
                if (!k || !child || scalar_set(k, seg, sl) != VS_OK ||
                    map_add(cur, k, child) != VS_OK) {
                    node_free(k);
                    node_free(child);
                    return vs_err_set(s->err, VS_ENOMEM, "out of memory");
                }
                k->set = child->set = (int)i;
                k->plain = 1;
            }
            cur = child;
        } else {
            return vs__fail(s, &here, VS_ESCHEMA,
                            "'%s' is a single value, expected a mapping to set '%s' in", where,
                            seg);
        }
        size_t wl = strlen(where);
        snprintf(where + wl, sizeof where - wl, "%s%s", wl ? "." : "", seg);
        p = dot + 1;
    }
}

int vs__tree_apply_sets(vs__scn *s, vs__tree *t)
{
    for (size_t i = 0; i < s->nsets; i++) {
        if (!s->sets[i].key || !s->sets[i].value)
            return vs_err_set(s->err, VS_EINVAL, "--set: missing key or value");
        int rc = apply_one(s, t, i);
        if (rc != VS_OK)
            return rc;
    }
    return VS_OK;
}
