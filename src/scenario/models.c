/*
 * models.c: the catalog of host and VM types that scenarios name with
 * `model:` (see models/README.md).
 *
 * A host model is models/hosts/NAME.yaml, a VM model models/vms/NAME.yaml:
 * small YAML mappings read with the same loader and the same error rules as
 * scenarios, so a broken catalog file is reported at its own FILE:LINE:COL.
 * The catalog is searched in this order, first match wins:
 *   1. every directory of the environment variable VIRTSIM_MODELS
 *      (colon-separated),
 *   2. <scenario dir>/models,
 *   3. <scenario dir>/../models,
 *   4. VS_MODELS_DIR, set at compile time to the source tree's models/.
 * The model's values are defaults for the entry; keys written in the
 * scenario override them (validate.c applies the model first).
 */
#include <dirent.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "scenario/internal.h"

#define MAX_DIRS 16
#define MAX_PATH 1024

typedef struct dirs {
    char d[MAX_DIRS][MAX_PATH];
    size_t n;
} dirs;

static void add_dir(dirs *ds, const char *d, size_t len)
{
    if (ds->n < MAX_DIRS && len > 0 && len < MAX_PATH) {
        memcpy(ds->d[ds->n], d, len);
        ds->d[ds->n][len] = '\0';
        ds->n++;
    }
}

static void search_path(const vs__scn *s, dirs *ds)
{
    ds->n = 0;
    const char *env = getenv("VIRTSIM_MODELS");
    while (env && *env) {
        const char *colon = strchr(env, ':');
        size_t len = colon ? (size_t)(colon - env) : strlen(env);
        add_dir(ds, env, len);
        env = colon ? colon + 1 : NULL;
    }
    char buf[MAX_PATH];
    int n = snprintf(buf, sizeof buf, "%s/models", s->dir);
    if (n > 0)
        add_dir(ds, buf, (size_t)n);
    n = snprintf(buf, sizeof buf, "%s/../models", s->dir);
    if (n > 0)
        add_dir(ds, buf, (size_t)n);
#ifdef VS_MODELS_DIR
    add_dir(ds, VS_MODELS_DIR, strlen(VS_MODELS_DIR));
#endif
}

static int valid_model_name(const char *name)
{
    size_t len = strlen(name);
    if (len == 0 || len > 128 || name[0] == '.')
        return 0;
    for (size_t i = 0; i < len; i++) {
        char c = name[i];
        if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
              c == '-' || c == '_' || c == '.'))
            return 0;
    }
    return 1;
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* Fail with "unknown host model 'x' (did you mean ...? expected one of: ...)". */
static int unknown_model(vs__scn *s, const vs__node *node, const char *path,
                         const char *kind, const char *noun, const char *name,
                         const dirs *ds)
{
    char *names[64];
    size_t nn = 0;
    for (size_t i = 0; i < ds->n; i++) {
        char sub[MAX_PATH + 16];
        snprintf(sub, sizeof sub, "%s/%s", ds->d[i], kind);
        DIR *d = opendir(sub);
        if (!d)
            continue;
        struct dirent *e;
        while ((e = readdir(d)) && nn < 64) {
            size_t len = strlen(e->d_name);
            if (len <= 5 || e->d_name[0] == '.' || strcmp(e->d_name + len - 5, ".yaml") != 0)
                continue;
            char *m = strndup(e->d_name, len - 5);
            if (!m)
                break;
            size_t k;
            for (k = 0; k < nn && strcmp(names[k], m) != 0; k++)
                ;
            if (k < nn)
                free(m);
            else
                names[nn++] = m;
        }
        closedir(d);
    }
    qsort(names, nn, sizeof *names, cmp_str);
    char list[1024] = "";
    size_t used = 0;
    for (size_t i = 0; i < nn && used < sizeof list - 1; i++) {
        int w = snprintf(list + used, sizeof list - used, "%s%s", i ? ", " : "", names[i]);
        if (w > 0)
            used += (size_t)w;
    }
    const char *hint = vs__did_you_mean(name, (const char *const *)names, nn);
    int rc;
    if (nn == 0)
        rc = vs__fail(s, node, VS_ESCHEMA,
                      "%s: unknown %s '%s' (no model catalog found: set VIRTSIM_MODELS or "
                      "put a models/ directory beside the scenario)",
                      path, noun, name);
    else if (hint)
        rc = vs__fail(s, node, VS_ESCHEMA,
                      "%s: unknown %s '%s' (did you mean '%s'? expected one of: %s)", path,
                      noun, name, hint, list);
    else
        rc = vs__fail(s, node, VS_ESCHEMA, "%s: unknown %s '%s' (expected one of: %s)", path,
                      noun, name, list);
    for (size_t i = 0; i < nn; i++)
        free(names[i]);
    return rc;
}

/* Find and load models/KIND/NAME.yaml into t. */
static int load_model(vs__scn *s, const vs__node *node, const char *path, const char *kind,
                      const char *noun, const char *name, vs__tree *t)
{
    char got[96];
    if (!valid_model_name(name))
        return vs__fail(s, node, VS_ESCHEMA,
                        "%s: invalid model name, expected letters, digits, '-', '_' or '.', "
                        "got %s",
                        path, vs__got(node, got, sizeof got));
    dirs *ds = malloc(sizeof *ds);
    if (!ds)
        return vs_err_set(s->err, VS_ENOMEM, "out of memory");
    search_path(s, ds);
    for (size_t i = 0; i < ds->n; i++) {
        char file[MAX_PATH + 160];
        snprintf(file, sizeof file, "%s/%s/%s.yaml", ds->d[i], kind, name);
        if (access(file, R_OK) == 0) {
            free(ds);
            return vs__tree_load_file(file, t, s->err);
        }
    }
    int rc = unknown_model(s, node, path, kind, noun, name, ds);
    free(ds);
    return rc;
}

/* What every catalog file has: only the given keys, and the optional
 * `description` and `source` strings (read for their checks only). */
static int model_header(vs__scn *s, const vs__node *root, const char *const *keys, size_t nkeys)
{
    const vs__node *v;
    const char *str;
    int rc = vs__check_keys(s, root, "", keys, nkeys);
    if (rc == VS_OK && (v = vs__map_get(root, "description")))
        rc = vs__get_string(s, v, "description", &str);
    if (rc == VS_OK && (v = vs__map_get(root, "source")))
        rc = vs__get_string(s, v, "source", &str);
    return rc;
}

int vs__model_host(vs__scn *s, const vs__node *node, const char *path, const char *name,
                   vs_host_cfg *h)
{
    static const char *const keys[] = {"description", "source", "cores", "speed", "memory",
                                       "power"};
    vs__tree t;
    int rc = load_model(s, node, path, "hosts", "host model", name, &t);
    if (rc != VS_OK)
        return rc;
    /* Errors below are about the model file and carry its position. */
    const vs__node *root = t.root, *v;
    int64_t cores;
    if ((rc = model_header(s, root, keys, sizeof keys / sizeof keys[0])) != VS_OK)
        goto done;
    if ((v = vs__map_get(root, "cores"))) {
        if ((rc = vs__get_int(s, v, "cores", 1, 65536, &cores)) != VS_OK)
            goto done;
        h->cores = (int)cores;
    }
    if ((v = vs__map_get(root, "speed")) &&
        (rc = vs__get_real(s, v, "speed", VS__U_NUMBER, 0, 1, INFINITY, 0, &h->speed)) != VS_OK)
        goto done;
    if ((v = vs__map_get(root, "memory")) &&
        (rc = vs__get_real(s, v, "memory", VS__U_MEMORY, 0, 1, INFINITY, 0, &h->memory_mib)) !=
            VS_OK)
        goto done;
    if ((v = vs__map_get(root, "power")) && (rc = vs__parse_power(s, v, "power", h)) != VS_OK)
        goto done;
done:
    vs__tree_free(&t);
    return rc;
}

int vs__model_vm(vs__scn *s, const vs__node *node, const char *path, const char *name,
                 vs_vm_cfg *vm)
{
    static const char *const keys[] = {"description", "source", "vcpus", "memory"};
    vs__tree t;
    int rc = load_model(s, node, path, "vms", "VM model", name, &t);
    if (rc != VS_OK)
        return rc;
    const vs__node *root = t.root, *v;
    int64_t vcpus;
    if ((rc = model_header(s, root, keys, sizeof keys / sizeof keys[0])) != VS_OK)
        goto done;
    if ((v = vs__map_get(root, "vcpus"))) {
        if ((rc = vs__get_int(s, v, "vcpus", 1, 65536, &vcpus)) != VS_OK)
            goto done;
        vm->vcpus = (int)vcpus;
    }
    if ((v = vs__map_get(root, "memory")) &&
        (rc = vs__get_real(s, v, "memory", VS__U_MEMORY, 0, 0, INFINITY, 0, &vm->memory_mib)) !=
            VS_OK)
        goto done;
done:
    vs__tree_free(&t);
    return rc;
}
