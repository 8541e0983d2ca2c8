/*
 * plot.c: vs_plot_render, the entry point: checks the spec, creates the
 * cairo surface the file extension asks for, draws, and writes the file
 * atomically.
 *
 * All three formats are written through cairo's stream interface into a
 * FILE* on "PATH.tmp.XXXXXX" (mkstemp, same directory, so the final rename
 * is atomic): PNG with cairo_surface_write_to_png_stream from an image
 * surface, SVG and PDF from stream surfaces finished before the file is
 * flushed, fsync'ed and closed.  The stream callback records a short write,
 * so a full disk is reported as VS_EIO with the system's reason rather
 * than as a truncated figure.  Only a complete file is renamed over PATH;
 * on any failure the temporary is removed and PATH is left as it was.
 *
 * Determinism: an image surface renders the same pixels for the same
 * drawing and cairo's PNG writer stores no timestamp; the PDF gets a fixed
 * creation date through cairo_pdf_surface_set_metadata (cairo >= 1.16
 * would otherwise write the current time); the SVG writer records no date
 * but numbers its top-level group from a process-wide counter, which
 * svg_normalize replaces by a constant (the SVG is therefore assembled in
 * memory, a few hundred kilobytes at most, and written in one go).
 */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cairo-pdf.h>
#include <cairo-svg.h>

#include "internal.h"

typedef enum fmt { FMT_PNG, FMT_SVG, FMT_PDF } fmt;

/* Sanitizer builds: fontconfig (under cairo's toy text API) leaks a few
 * hundred bytes while parsing its configuration, once per process, beyond
 * our reach (cairo_debug_reset_static_data and FcFini do not free them).
 * LeakSanitizer reads this hook from any program that links the plot
 * module, so every test and the CLI stay clean under detect_leaks=1.  A
 * program that needs its own suppressions defines the hook itself and
 * gets a duplicate-symbol error here: merge the lists then. */
#if defined(__SANITIZE_ADDRESS__)
const char *__lsan_default_suppressions(void);
const char *__lsan_default_suppressions(void)
{
    return "leak:libfontconfig.so\n";
}
/* ...and without a "Suppressions used" table after every test. */
const char *__lsan_default_options(void);
const char *__lsan_default_options(void)
{
    return "print_suppressions=0";
}
#endif

/* ThreadSanitizer builds: cairo hands objects between threads through its
 * lock-free "freed pools" (atomic compare-and-swap in the uninstrumented
 * libcairo), which TSan cannot see and reports as races inside cairo when
 * figures are drawn in parallel.  Our own code has no shared state; only
 * reports whose stacks run through cairo are silenced. */
#if defined(__SANITIZE_THREAD__)
const char *__tsan_default_suppressions(void);
const char *__tsan_default_suppressions(void)
{
    return "race:libcairo.so\n";
}
#endif

int vs__plot_check(const vs_plot_spec *spec, vs_err *err)
{
    if (!spec)
        VS_FAIL(err, VS_EINVAL, "plot: no figure spec");
    size_t np = spec->npanels ? spec->npanels : 1;
    if (np > VS_PLOT_MAX_PANELS)
        VS_FAIL(err, VS_EINVAL, "plot: %zu panels (at most %d)", np, VS_PLOT_MAX_PANELS);
    if (spec->width && (spec->width < 100 || spec->width > 10000))
        VS_FAIL(err, VS_EINVAL, "plot: width %d px outside 100..10000", spec->width);
    if (spec->height && (spec->height < 100 || spec->height > 10000))
        VS_FAIL(err, VS_EINVAL, "plot: height %d px outside 100..10000", spec->height);
    if (spec->nseries && !spec->series)
        VS_FAIL(err, VS_EINVAL, "plot: %zu series but no array", spec->nseries);
    if (spec->nrefs && !spec->refs)
        VS_FAIL(err, VS_EINVAL, "plot: %zu reference lines but no array", spec->nrefs);
    if (spec->ncategories && !spec->categories)
        VS_FAIL(err, VS_EINVAL, "plot: %zu categories but no names", spec->ncategories);
    for (size_t i = 0; i < spec->nseries; i++) {
        const vs_plot_series *s = &spec->series[i];
        const char *name = s->label && *s->label ? s->label : "(unlabelled)";
        if (s->kind < VS_PLOT_LINE || s->kind > VS_PLOT_BARS)
            VS_FAIL(err, VS_EINVAL, "plot: series %zu '%s': unknown kind %d", i, name,
                    (int)s->kind);
        if (s->n > 0 && !s->y)
            VS_FAIL(err, VS_EINVAL, "plot: series %zu '%s': %zu points but no y values", i,
                    name, s->n);
        if (s->panel < 0 || (size_t)s->panel >= np)
            VS_FAIL(err, VS_EINVAL, "plot: series %zu '%s': panel %d (the figure has %zu)",
                    i, name, s->panel, np);
        if ((int)s->marker < VS_PLOT_MARKER_AUTO || s->marker > VS_PLOT_MARKER_PLUS)
            VS_FAIL(err, VS_EINVAL, "plot: series %zu '%s': unknown marker %d", i, name,
                    (int)s->marker);
        if ((int)s->dash < VS_PLOT_DASH_AUTO || s->dash > VS_PLOT_DASH_LONG)
            VS_FAIL(err, VS_EINVAL, "plot: series %zu '%s': unknown dash %d", i, name,
                    (int)s->dash);
        if (s->color < 0)
            VS_FAIL(err, VS_EINVAL, "plot: series %zu '%s': colour %d", i, name, s->color);
        if (!(s->line_width >= 0.0) || s->line_width > 100.0)
            VS_FAIL(err, VS_EINVAL, "plot: series %zu '%s': line width %g", i, name,
                    s->line_width);
    }
    for (size_t i = 0; i < spec->nrefs; i++) {
        const vs_plot_ref *r = &spec->refs[i];
        int bad_panel = r->vertical ? (r->panel >= 0 && (size_t)r->panel >= np)
                                    : (r->panel < 0 || (size_t)r->panel >= np);
        if (bad_panel)
            VS_FAIL(err, VS_EINVAL, "plot: reference line %zu: panel %d (the figure has %zu)",
                    i, r->panel, np);
        if ((int)r->dash < VS_PLOT_DASH_AUTO || r->dash > VS_PLOT_DASH_LONG)
            VS_FAIL(err, VS_EINVAL, "plot: reference line %zu: unknown dash %d", i,
                    (int)r->dash);
    }
    return VS_OK;
}

static int format_of(const char *path, fmt *f)
{
    const char *dot = strrchr(path, '.');
    const char *slash = strrchr(path, '/');
    if (!dot || (slash && dot < slash))
        return 0;
    if (strcasecmp(dot, ".png") == 0)
        *f = FMT_PNG;
    else if (strcasecmp(dot, ".svg") == 0)
        *f = FMT_SVG;
    else if (strcasecmp(dot, ".pdf") == 0)
        *f = FMT_PDF;
    else
        return 0;
    return 1;
}

/* The stream closure: the file and the first write error.  SVG output is
 * collected in memory first (see svg_normalize). */
typedef struct sink {
    FILE *f;
    int err_no;          /* errno of the first failed write, or -1 if unknown */
    unsigned char *buf;  /* SVG: the whole document */
    size_t len, cap;
    int buffered;
    int nomem;
} sink;

static cairo_status_t sink_write(void *closure, const unsigned char *data,
                                 unsigned int length)
{
    sink *k = closure;
    if (k->err_no || k->nomem)
        return CAIRO_STATUS_WRITE_ERROR;
    if (k->buffered) {
        if (k->len + length > k->cap) {
            size_t cap = k->cap ? k->cap : 1 << 16;
            while (cap < k->len + length)
                cap *= 2;
            unsigned char *nb = realloc(k->buf, cap);
            if (!nb) {
                k->nomem = 1;
                return CAIRO_STATUS_NO_MEMORY;
            }
            k->buf = nb;
            k->cap = cap;
        }
        memcpy(k->buf + k->len, data, length);
        k->len += length;
        return CAIRO_STATUS_SUCCESS;
    }
    errno = 0;
    if (length && fwrite(data, 1, length, k->f) != length) {
        k->err_no = errno ? errno : -1;
        return CAIRO_STATUS_WRITE_ERROR;
    }
    return CAIRO_STATUS_SUCCESS;
}

/* cairo names the SVG's top-level group "surfaceN" after a process-wide
 * counter of surfaces, so the same figure rendered twice in one process
 * would differ in that one id.  Rename that surface to "surface0"
 * everywhere it appears (its id and any "#surfaceN" reference); other ids
 * (glyphs, clips) already count from 1 in each document. */
static void svg_normalize(sink *k)
{
    static const char key[] = "<g id=\"surface";
    size_t kl = sizeof key - 1;
    size_t i = 0;
    while (i + kl <= k->len && memcmp(k->buf + i, key, kl) != 0)
        i++;
    if (i + kl > k->len)
        return;
    size_t d0 = i + kl, d1 = d0;
    while (d1 < k->len && k->buf[d1] >= '0' && k->buf[d1] <= '9')
        d1++;
    if (d1 == d0 || d1 - d0 > 20)
        return;
    char name[40];
    int nl = snprintf(name, sizeof name, "surface%.*s", (int)(d1 - d0),
                      (const char *)k->buf + d0);
    /* In place: "surface0" is never longer than "surfaceN". */
    size_t w = 0;
    for (size_t r = 0; r < k->len;) {
        if (r + (size_t)nl <= k->len && memcmp(k->buf + r, name, (size_t)nl) == 0 &&
            (r + (size_t)nl == k->len || k->buf[r + (size_t)nl] < '0' ||
             k->buf[r + (size_t)nl] > '9')) {
            memcpy(k->buf + w, "surface0", 8);
            w += 8;
            r += (size_t)nl;
        } else {
            k->buf[w++] = k->buf[r++];
        }
    }
    k->len = w;
}

/* Draw on a fresh context over surface, finishing vector surfaces. */
static int draw_on(const vs_plot_spec *spec, cairo_surface_t *surf, double w, double h,
                   vs_err *err)
{
    cairo_status_t cs = cairo_surface_status(surf);
    if (cs != CAIRO_STATUS_SUCCESS)
        return vs_err_set(err, cs == CAIRO_STATUS_NO_MEMORY ? VS_ENOMEM : VS_ERUNTIME,
                          "plot: cannot create a cairo surface: %s",
                          cairo_status_to_string(cs));
    cairo_t *cr = cairo_create(surf);
    cs = cairo_status(cr);
    if (cs != CAIRO_STATUS_SUCCESS) {
        cairo_destroy(cr);
        return vs_err_set(err, cs == CAIRO_STATUS_NO_MEMORY ? VS_ENOMEM : VS_ERUNTIME,
                          "plot: cannot create a cairo context: %s",
                          cairo_status_to_string(cs));
    }
    /* Fixed font options, so the output does not depend on the surface's
     * defaults (gray antialiasing, no hinting of glyph outlines or metrics:
     * text lays out the same in every format). */
    cairo_font_options_t *fo = cairo_font_options_create();
    cairo_font_options_set_antialias(fo, CAIRO_ANTIALIAS_GRAY);
    cairo_font_options_set_hint_style(fo, CAIRO_HINT_STYLE_NONE);
    cairo_font_options_set_hint_metrics(fo, CAIRO_HINT_METRICS_OFF);
    cairo_set_font_options(cr, fo);
    cairo_font_options_destroy(fo);
    cairo_set_antialias(cr, CAIRO_ANTIALIAS_DEFAULT);

    int rc = vs__plot_draw(spec, cr, w, h, err);
    cairo_destroy(cr);
    return rc;
}

int vs_plot_render(const vs_plot_spec *spec, const char *path, vs_err *err)
{
    if (!path || !*path)
        VS_FAIL(err, VS_EINVAL, "plot: no output file name");
    int rc = vs__plot_check(spec, err);
    if (rc != VS_OK)
        return rc;
    fmt format;
    if (!format_of(path, &format))
        VS_FAIL(err, VS_EINVAL, "%s: unknown plot format (expected .png, .svg or .pdf)", path);
    double w = spec->width ? spec->width : VS_PLOT_DEFAULT_WIDTH;
    double h = spec->height ? spec->height : VS_PLOT_DEFAULT_HEIGHT;

    /* The image is drawn before the temporary file exists, so a bad spec
     * or a cairo failure leaves nothing behind. */
    cairo_surface_t *img = NULL;
    if (format == FMT_PNG) {
        img = cairo_image_surface_create(CAIRO_FORMAT_RGB24, (int)w, (int)h);
        rc = draw_on(spec, img, w, h, err);
        if (rc != VS_OK) {
            cairo_surface_destroy(img);
            return rc;
        }
    }

    size_t n = strlen(path);
    char *tmp = malloc(n + sizeof ".tmp.XXXXXX");
    if (!tmp) {
        cairo_surface_destroy(img);
        VS_FAIL(err, VS_ENOMEM, "%s: out of memory", path);
    }
    memcpy(tmp, path, n);
    memcpy(tmp + n, ".tmp.XXXXXX", sizeof ".tmp.XXXXXX");
    int fd = mkstemp(tmp);
    if (fd < 0) {
        int e = errno;
        free(tmp);
        cairo_surface_destroy(img);
        VS_FAIL(err, VS_EIO, "%s: cannot create a temporary file: %s", path, strerror(e));
    }
    /* mkstemp makes the file 0600; figures are meant to be shared. */
    (void)fchmod(fd, 0644);
    sink k = {.f = fdopen(fd, "wb"), .buffered = format == FMT_SVG};
    if (!k.f) {
        int e = errno;
        close(fd);
        unlink(tmp);
        free(tmp);
        cairo_surface_destroy(img);
        VS_FAIL(err, VS_EIO, "%s: %s", path, strerror(e));
    }

    cairo_status_t cs = CAIRO_STATUS_SUCCESS;
    if (format == FMT_PNG) {
        cs = cairo_surface_write_to_png_stream(img, sink_write, &k);
        cairo_surface_destroy(img);
    } else {
        cairo_surface_t *vs;
        if (format == FMT_SVG) {
            vs = cairo_svg_surface_create_for_stream(sink_write, &k, w, h);
        } else {
            vs = cairo_pdf_surface_create_for_stream(sink_write, &k, w, h);
            if (cairo_surface_status(vs) == CAIRO_STATUS_SUCCESS) {
                cairo_pdf_surface_set_metadata(vs, CAIRO_PDF_METADATA_CREATE_DATE,
                                               "2000-01-01T00:00:00Z");
                cairo_pdf_surface_set_metadata(vs, CAIRO_PDF_METADATA_CREATOR, "virtsim");
                if (spec->title && *spec->title)
                    cairo_pdf_surface_set_metadata(vs, CAIRO_PDF_METADATA_TITLE, spec->title);
            }
        }
        rc = draw_on(spec, vs, w, h, err);
        cairo_surface_finish(vs);
        cs = cairo_surface_status(vs);
        cairo_surface_destroy(vs);
        if (k.nomem && rc == VS_OK)
            rc = vs_err_set(err, VS_ENOMEM, "%s: out of memory", path);
        if (k.buffered && rc == VS_OK && cs == CAIRO_STATUS_SUCCESS) {
            svg_normalize(&k);
            k.buffered = 0;
            errno = 0;
            if (k.len && fwrite(k.buf, 1, k.len, k.f) != k.len)
                k.err_no = errno ? errno : -1;
            if (k.err_no)
                cs = CAIRO_STATUS_WRITE_ERROR;
        }
        free(k.buf);
        k.buf = NULL;
    }

    const char *what = NULL;
    int e = 0;
    if (rc == VS_OK && cs != CAIRO_STATUS_SUCCESS) {
        if (k.err_no || cs == CAIRO_STATUS_WRITE_ERROR) {
            what = "write failed";
            e = k.err_no > 0 ? k.err_no : 0;
        } else {
            rc = vs_err_set(err, cs == CAIRO_STATUS_NO_MEMORY ? VS_ENOMEM : VS_ERUNTIME,
                            "%s: cairo: %s", path, cairo_status_to_string(cs));
        }
    }
    if (rc == VS_OK && !what) {
        if (ferror(k.f) || fflush(k.f) != 0) {
            what = "write failed";
            e = errno;
        } else if (fsync(fileno(k.f)) != 0) {
            what = "fsync failed";
            e = errno;
        }
    }
    if (fclose(k.f) != 0 && rc == VS_OK && !what) {
        what = "close failed";
        e = errno;
    }
    if (rc == VS_OK && !what && rename(tmp, path) != 0) {
        what = "cannot rename the temporary file into place";
        e = errno;
    }
    if (rc != VS_OK || what) {
        unlink(tmp);
        free(tmp);
        if (rc != VS_OK)
            return rc;
        return vs_err_set(err, VS_EIO, "%s: %s: %s", path, what,
                          e ? strerror(e) : "unknown error");
    }
    free(tmp);
    return VS_OK;
}
