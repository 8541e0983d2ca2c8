/*
 * write.c: atomic output files and the results directory.
 *
 * A results file is never written in place.  vs_write_file_atomic creates
 * "PATH.tmp.XXXXXX" with mkstemp in the same directory (so the final rename
 * stays within one file system and is atomic), lets the caller's writer fill
 * it, then checks every step that can report a full disk or an I/O error:
 * the stream's error flag, fflush, fsync and fclose.  Only when all succeed
 * is the temporary renamed over PATH; otherwise it is unlinked and PATH keeps
 * its old content (or stays absent).  After the rename the directory is
 * fsync'ed so the new name survives a crash; that last step is best effort
 * (some file systems refuse fsync on directories).
 *
 * Cost: one fsync per file, a few milliseconds on a disk; results
 * directories hold four small files.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <unistd.h>

#include "virtsim/report.h"

/* The directory part of path ("." when there is none), in buf. */
static void dir_of(const char *path, char *buf, size_t n)
{
    const char *slash = strrchr(path, '/');
    if (!slash) {
        snprintf(buf, n, ".");
    } else if (slash == path) {
        snprintf(buf, n, "/");
    } else {
        size_t len = (size_t)(slash - path);
        snprintf(buf, n, "%.*s", (int)len, path);
    }
}

/* fsync a directory so a rename in it is durable; errors are ignored. */
static void sync_dir(const char *path)
{
    char dir[4096];
    dir_of(path, dir, sizeof dir);
    int fd = open(dir, O_RDONLY);
    if (fd >= 0) {
        (void)fsync(fd);
        close(fd);
    }
}

int vs_write_file_atomic(const char *path, vs_write_fn writer, const void *ctx,
                         vs_err *err)
{
    if (!path || !*path || !writer)
        VS_FAIL(err, VS_EINVAL, "vs_write_file_atomic: no path or writer");
    size_t n = strlen(path);
    char *tmp = malloc(n + sizeof ".tmp.XXXXXX");
    if (!tmp)
        VS_FAIL(err, VS_ENOMEM, "%s: out of memory", path);
    memcpy(tmp, path, n);
    memcpy(tmp + n, ".tmp.XXXXXX", sizeof ".tmp.XXXXXX");

    int fd = mkstemp(tmp);
    if (fd < 0) {
        int e = errno;
        free(tmp);
        VS_FAIL(err, VS_EIO, "%s: cannot create a temporary file: %s", path, strerror(e));
    }
    /* mkstemp makes the file 0600; results are meant to be shared. */
    (void)fchmod(fd, 0644);
    FILE *f = fdopen(fd, "w");
    if (!f) {
        int e = errno;
        close(fd);
        unlink(tmp);
        free(tmp);
        VS_FAIL(err, VS_EIO, "%s: %s", path, strerror(e));
    }

    int rc = writer(f, ctx);
    const char *what = NULL;
    int e = 0;
    if (rc != VS_OK) {
        what = "cannot format the content";
    } else if (ferror(f)) {
        /* The writer's stdio calls failed; errno still tells why. */
        what = "write failed";
        e = errno;
    } else if (fflush(f) != 0) {
        what = "write failed";
        e = errno;
    } else if (fsync(fileno(f)) != 0) {
        what = "fsync failed";
        e = errno;
    }
    if (fclose(f) != 0 && !what) {
        what = "close failed";
        e = errno;
    }
    if (!what && rename(tmp, path) != 0) {
        what = "cannot rename the temporary file into place";
        e = errno;
    }
    if (what) {
        unlink(tmp);
        free(tmp);
        if (rc != VS_OK) {
            /* Keep the writer's code; say which file it was about. */
            return vs_err_set(err, rc, "%s: %s: %s", path, what, vs_strerror(rc));
        }
        return vs_err_set(err, VS_EIO, "%s: %s: %s", path, what,
                          e ? strerror(e) : "unknown error");
    }
    free(tmp);
    sync_dir(path);
    return VS_OK;
}

int vs_mkdir_p(const char *dir, vs_err *err)
{
    if (!dir || !*dir)
        VS_FAIL(err, VS_EINVAL, "vs_mkdir_p: empty directory name");
    size_t n = strlen(dir);
    char *p = malloc(n + 1);
    if (!p)
        VS_FAIL(err, VS_ENOMEM, "%s: out of memory", dir);
    memcpy(p, dir, n + 1);
    /* Create each prefix ending before a '/', then the whole path. */
    for (size_t i = 1; i <= n; i++) {
        if (i < n && p[i] != '/')
            continue;
        if (i < n && p[i - 1] == '/')
            continue; /* "a//b" */
        char saved = p[i];
        p[i] = '\0';
        if (mkdir(p, 0777) != 0) {
            int e = errno;
            struct stat sb;
            if (e != EEXIST || stat(p, &sb) != 0 || !S_ISDIR(sb.st_mode)) {
                int code = vs_err_set(err, VS_EIO, "%s: cannot create directory: %s", p,
                                      e == EEXIST ? "exists and is not a directory"
                                                  : strerror(e));
                free(p);
                return code;
            }
        }
        p[i] = saved;
    }
    free(p);
    return VS_OK;
}

/* Adapters from the typed printers to vs_write_fn. */
static int write_json(FILE *f, const void *ctx) { return vs_report_json(f, ctx); }
static int write_stations(FILE *f, const void *ctx) { return vs_report_csv_stations(f, ctx); }
static int write_hosts(FILE *f, const void *ctx) { return vs_report_csv_hosts(f, ctx); }
static int write_manifest(FILE *f, const void *ctx) { return vs_report_manifest_json(f, ctx); }

/* dir + "/" + name into a fresh malloc'ed string, or NULL. */
static char *join(const char *dir, const char *name)
{
    size_t a = strlen(dir), b = strlen(name);
    char *p = malloc(a + b + 2);
    if (!p)
        return NULL;
    memcpy(p, dir, a);
    size_t k = a;
    if (a > 0 && dir[a - 1] != '/')
        p[k++] = '/';
    memcpy(p + k, name, b + 1);
    return p;
}

static int write_series(FILE *f, const void *ctx)
{
    return vs_report_csv_series(f, ((const vs_summary *)ctx)->series);
}

int vs_report_write_dir(const char *dir, const vs_summary *s, const vs_manifest *m,
                        vs_err *err)
{
    if (!dir || !s)
        VS_FAIL(err, VS_EINVAL, "vs_report_write_dir: NULL argument");
    int rc = vs_mkdir_p(dir, err);
    if (rc != VS_OK)
        return rc;

    vs_manifest man;
    if (m) {
        man = *m;
        /* A scenario that cannot be read back (deleted during a long run,
         * or standard input) must not cost the results: the checksum is
         * then left empty and printed as null. */
        if (!man.scenario_sha256[0] && man.scenario_path &&
            vs_sha256_file(man.scenario_path, man.scenario_sha256, NULL) != VS_OK)
            man.scenario_sha256[0] = '\0';
        if (!man.created_utc[0])
            vs_utc_timestamp(man.created_utc);
    }

    static const struct {
        const char *name;
        vs_write_fn fn;
    } files[] = {
        {"summary.json", write_json},
        {"stations.csv", write_stations},
        {"hosts.csv", write_hosts},
        {"manifest.json", write_manifest},
        {"series.csv", write_series},
    };
    for (size_t i = 0; i < sizeof files / sizeof files[0]; i++) {
        const void *ctx = s;
        if (files[i].fn == write_series && !s->series)
            continue;
        if (files[i].fn == write_manifest) {
            if (!m)
                continue;
            ctx = &man;
        }
        char *path = join(dir, files[i].name);
        if (!path)
            VS_FAIL(err, VS_ENOMEM, "%s: out of memory", dir);
        rc = vs_write_file_atomic(path, files[i].fn, ctx, err);
        free(path);
        if (rc != VS_OK)
            return rc;
    }
    return VS_OK;
}
