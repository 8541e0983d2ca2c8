/*
 * internal.h: what the files of the scenario loader share.
 *
 * The loader works in three stages:
 *   1. tree.c reads the bytes (refusing huge, empty, binary and non-UTF-8
 *      input), runs a first pass of libyaml's event API to catch syntax
 *      errors, absurd nesting, node floods and extra documents cheaply, then
 *      loads the document with yaml_parser_load and copies it into a small
 *      tree of vs__node (expanding aliases under a node budget, so a
 *      "billion laughs" document is refused long before it costs memory).
 *   2. tree.c applies the --set overrides to that tree, marking every node
 *      they create or change with the override's index, so errors about them
 *      read "--set KEY=VALUE: ..." instead of "FILE:LINE:COL: ...".
 *   3. validate.c walks the tree and fills a vs_config, checking every key
 *      (units.c converts numbers, times and sizes; models.c reads the host and
 *      VM catalog with the same tree and the same rules).
 *
 * Nothing here is thread-unsafe: all state hangs off a vs__scn context.
 */
#ifndef VIRTSIM_SCENARIO_INTERNAL_H
#define VIRTSIM_SCENARIO_INTERNAL_H

#include <stddef.h>
#include <stdint.h>

#include "virtsim/config.h"
#include "virtsim/err.h"
#include "virtsim/scenario.h"

/* Limits against hostile input (documented in docs/scenario-reference.md). */
#define VS__SCN_MAX_BYTES (16u * 1024u * 1024u) /* file size */
#define VS__SCN_MAX_DEPTH 64                    /* nested collections */
#define VS__SCN_MAX_NODES 200000                /* nodes, after alias expansion */
#define VS__SCN_MAX_COUNT 100000                /* count of one host or VM entry */
#define VS__SCN_MAX_EXPANDED 1000000            /* hosts (or VMs) after expansion */

typedef enum vs__node_kind {
    VS__SCALAR = 0,
    VS__MAP,
    VS__SEQ
} vs__node_kind;

/* One node of a loaded YAML document.  A mapping stores its pairs flat:
 * items[2*i] is the i-th key (always a scalar, checked at load) and
 * items[2*i+1] its value; n counts pairs for maps and items for lists. */
typedef struct vs__node {
    vs__node_kind kind;
    int line, col;        /* 1-based position in `file`; 0 for --set nodes */
    int set;              /* -1 when from the file, else the --set index */
    int plain;            /* scalar written without quotes */
    const char *file;     /* source name for messages (owned by the tree) */
    char *str;            /* scalar text, NUL-terminated (owned) */
    size_t len;           /* scalar length in bytes */
    struct vs__node **items;
    size_t n, cap;
} vs__node;

/* A loaded document: the root and the storage of its file name. */
typedef struct vs__tree {
    vs__node *root;
    char *file;
} vs__tree;

/* Loader context: where messages go and where overrides come from. */
typedef struct vs__scn {
    const char *file;          /* scenario file name as given */
    const char *dir;           /* its directory, for relative file references */
    const vs_override *sets;
    size_t nsets;
    vs_err *err;
} vs__scn;

/* ---- tree.c ------------------------------------------------------------- */

/* Parse text (len bytes) named `file` into *out.  Returns VS_OK, or VS_EPARSE
 * (syntax, encoding, limits) / VS_ESCHEMA (empty, not a mapping) / VS_ENOMEM
 * with err set. */
int vs__tree_parse(const char *text, size_t len, const char *file, vs__tree *out,
                   vs_err *err);
/* Read a whole file (at most VS__SCN_MAX_BYTES) then parse it. */
int vs__tree_load_file(const char *path, vs__tree *out, vs_err *err);
void vs__tree_free(vs__tree *t);

/* Apply overrides to the tree (see scenario-reference.md, "--set"). */
int vs__tree_apply_sets(vs__scn *s, vs__tree *t);

/* Value of key in a mapping, or NULL. */
vs__node *vs__map_get(const vs__node *map, const char *key);

/* ---- errors (scenario.c) ----------------------------------------------- */

/* Set err to "WHERE: " + message, where WHERE is "FILE:LINE:COL" for nodes
 * from a file and "--set KEY=VALUE" for nodes from an override.  Returns
 * code.  node may be NULL (then the scenario file name alone). */
int vs__fail(vs__scn *s, const vs__node *node, int code, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 4, 5)))
#endif
    ;

/* "'VALUE'" (quoted, truncated, control bytes escaped) for scalars, and
 * "a mapping" / "a list" / "null" otherwise, into buf. */
const char *vs__got(const vs__node *node, char *buf, size_t len);

/* Levenshtein distance between two strings (bounded work: strings longer
 * than 64 bytes count as far apart). */
size_t vs__edit_distance(const char *a, const char *b);
/* The closest of names[0..n-1] to word when close enough to be a likely typo
 * (distance <= 2 and shorter than the word), else the first name that starts
 * with word (for words of 4 bytes or more), else NULL. */
const char *vs__did_you_mean(const char *word, const char *const *names, size_t n);

/* ---- units.c ----------------------------------------------------------- */

/* What a real number is measured in: plain, seconds (units us..d), MiB
 * (units KiB..TiB, KB..TB). */
enum { VS__U_NUMBER = 0, VS__U_TIME, VS__U_MEMORY };

/* Each returns VS_OK and the value, or VS_ESCHEMA with a message of the form
 * "PATH: what is wrong, expected WHAT, got 'VALUE'" at the node.
 * vs__get_real checks lo < x (lo_open) or lo <= x, and x < hi (hi_open) or
 * x <= hi; pass hi = INFINITY for no upper bound.  Non-finite values are
 * always refused. */
int vs__get_real(vs__scn *s, const vs__node *n, const char *path, int unit, double lo,
                 int lo_open, double hi, int hi_open, double *out);
int vs__get_int(vs__scn *s, const vs__node *n, const char *path, int64_t min,
                int64_t max, int64_t *out);
/* The same with the "expected ..." text given (NULL = the default). */
int vs__get_int_ex(vs__scn *s, const vs__node *n, const char *path, int64_t min,
                   int64_t max, const char *expect, int64_t *out);
int vs__get_u64(vs__scn *s, const vs__node *n, const char *path, uint64_t min,
                uint64_t *out);
int vs__get_bool(vs__scn *s, const vs__node *n, const char *path, int *out);
/* A non-null scalar (quoted or not). */
int vs__get_string(vs__scn *s, const vs__node *n, const char *path, const char **out);
/* 1 for a plain null scalar (empty, ~, null). */
int vs__is_null(const vs__node *n);

/* Pure conversions used by the above (and by tests): return 0 and the value,
 * or -1 with *why set to a short description of what is wrong. */
int vs__parse_number(const char *text, double *out, const char **why);
int vs__parse_time(const char *text, double *out_s, const char **why);
int vs__parse_memory(const char *text, double *out_mib, const char **why);
int vs__parse_bandwidth(const char *text, double *out_bytes_per_s, const char **why);

/* ---- models.c ---------------------------------------------------------- */

/* Fill a host entry from models/hosts/NAME.yaml (cores, speed, memory,
 * power).  `node` is the `model:` value, for messages. */
int vs__model_host(vs__scn *s, const vs__node *node, const char *path,
                   const char *name, vs_host_cfg *h);
/* Fill a VM entry from models/vms/NAME.yaml (vcpus, memory). */
int vs__model_vm(vs__scn *s, const vs__node *node, const char *path,
                 const char *name, vs_vm_cfg *v);

/* ---- validate.c -------------------------------------------------------- */

/* Check every key of a mapping against the allowed list; the first unknown
 * key fails with a did-you-mean hint.  Also refuses duplicate keys.
 * `where` is the path of the map ("" for the top level). */
int vs__check_keys(vs__scn *s, const vs__node *map, const char *where,
                   const char *const *allowed, size_t nallowed);
/* Parse a host power spec ({idle, max} or {curve: [11 values]}). */
int vs__parse_power(vs__scn *s, const vs__node *n, const char *path, vs_host_cfg *h);

/* Build the whole config from a tree. */
int vs__validate(vs__scn *s, const vs__node *root, vs_config *cfg);

#endif /* VIRTSIM_SCENARIO_INTERNAL_H */
