/*
 * figure.c: figures as data: building blocks, rendering, and the figure file.
 *
 * The figure file ("KIND.fig.csv") is CSV (RFC 4180 quoting), one record per
 * line, the record type first:
 *
 *   virtsim-figure,1                         format and version (first line)
 *   kind,KIND
 *   title,TEXT
 *   size,WIDTH,HEIGHT
 *   x,LABEL,LOG
 *   xrange,MIN,MAX                           a fixed x range (optional)
 *   panel,INDEX,YLABEL,LOG,TITLE             one per panel, in order
 *   category,LABEL                           categorical x axis, in order
 *   series,KIND,PANEL,COLOR,LABEL,HAS_ERRORS one per series, in order
 *   point,X,Y[,YLO,YHI]                      the points of the last series
 *   ref,VERTICAL,VALUE,PANEL,COLOR,LABEL     reference lines
 *
 * Numbers are printed so that they read back bit for bit, and an empty
 * field is NaN, so a figure redrawn from its file is the same figure.
 */
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "report/figure_internal.h"
#include "util/str.h"
#include "virtsim/report.h"

static const char *const kinds[] = {"load-latency", "response-cdf", "timeseries", "compare",
                                    "plan"};

const char *vs_figure_kinds(void)
{
    return "load-latency, response-cdf, timeseries, compare, plan";
}

int vs_figure_kind_valid(const char *kind)
{
    for (size_t i = 0; i < sizeof kinds / sizeof kinds[0]; i++)
        if (strcmp(kinds[i], kind) == 0)
            return 1;
    return 0;
}

vs_figure *vs__fig_new(const char *kind, const char *title)
{
    vs_figure *f = calloc(1, sizeof *f);
    if (!f)
        return NULL;
    f->npanels = 1;
    f->kind = vs__strdup(kind);
    f->title = vs__strdup(title);
    if (!f->kind || (title && !f->title)) {
        vs_figure_free(f);
        return NULL;
    }
    return f;
}

vs_figure_series *vs__fig_add_series(vs_figure *f, vs_plot_kind kind, const char *label,
                                     int panel, int color, size_t n, int errors)
{
    vs_figure_series *grown = realloc(f->series, (f->nseries + 1) * sizeof *grown);
    if (!grown)
        return NULL;
    f->series = grown;
    vs_figure_series *s = &f->series[f->nseries];
    memset(s, 0, sizeof *s);
    s->kind = kind;
    s->panel = panel;
    s->color = color;
    s->label = vs__strdup(label);
    s->x = calloc(n ? n : 1, sizeof *s->x);
    s->y = calloc(n ? n : 1, sizeof *s->y);
    if (errors) {
        s->ylo = calloc(n ? n : 1, sizeof *s->ylo);
        s->yhi = calloc(n ? n : 1, sizeof *s->yhi);
    }
    f->nseries++; /* freed with the figure even when incomplete */
    if ((label && !s->label) || !s->x || !s->y || (errors && (!s->ylo || !s->yhi)))
        return NULL;
    s->n = n;
    return s;
}

int vs__fig_add_ref(vs_figure *f, int vertical, double value, const char *label, int panel,
                    int color)
{
    vs_plot_ref *grown = realloc(f->refs, (f->nrefs + 1) * sizeof *grown);
    if (!grown)
        return VS_ENOMEM;
    f->refs = grown;
    vs_plot_ref *r = &f->refs[f->nrefs];
    memset(r, 0, sizeof *r);
    r->vertical = vertical;
    r->value = value;
    r->panel = panel;
    r->color = color;
    r->label = vs__strdup(label);
    f->nrefs++;
    return label && !r->label ? VS_ENOMEM : VS_OK;
}

void vs_figure_free(vs_figure *f)
{
    if (!f)
        return;
    free(f->kind);
    free(f->title);
    free(f->xlabel);
    for (size_t p = 0; p < VS_PLOT_MAX_PANELS; p++) {
        free(f->ylabel[p]);
        free(f->panel_title[p]);
    }
    for (size_t i = 0; i < f->ncategories; i++)
        free(f->categories[i]);
    free(f->categories);
    for (size_t i = 0; i < f->nseries; i++) {
        free(f->series[i].label);
        free(f->series[i].x);
        free(f->series[i].y);
        free(f->series[i].ylo);
        free(f->series[i].yhi);
    }
    free(f->series);
    for (size_t i = 0; i < f->nrefs; i++)
        free((char *)(uintptr_t)f->refs[i].label);
    free(f->refs);
    free(f);
}

int vs_figure_render(const vs_figure *f, const char *path, vs_err *err)
{
    vs_plot_series *ps = calloc(f->nseries ? f->nseries : 1, sizeof *ps);
    if (!ps)
        return vs_err_set(err, VS_ENOMEM, "out of memory");
    for (size_t i = 0; i < f->nseries; i++) {
        const vs_figure_series *s = &f->series[i];
        ps[i] = (vs_plot_series){.kind = s->kind, .label = s->label, .n = s->n, .x = s->x,
                                 .y = s->y, .ylo = s->ylo, .yhi = s->yhi, .color = s->color,
                                 .panel = s->panel};
    }
    vs_plot_spec spec = {
        .title = f->title,
        .width = f->width,
        .height = f->height,
        .x = {.label = f->xlabel, .log = f->xlog, .has_min = f->xfixed, .has_max = f->xfixed,
              .min = f->xmin, .max = f->xmax},
        .categories = (const char *const *)f->categories,
        .ncategories = f->ncategories,
        .npanels = f->npanels,
        .series = ps,
        .nseries = f->nseries,
        .refs = f->refs,
        .nrefs = f->nrefs,
    };
    for (size_t p = 0; p < f->npanels && p < VS_PLOT_MAX_PANELS; p++) {
        spec.y[p] = (vs_plot_axis){.label = f->ylabel[p], .log = f->ylog[p]};
        spec.panel_title[p] = f->panel_title[p];
    }
    int rc = vs_plot_render(&spec, path, err);
    free(ps);
    return rc;
}

/* ---- the figure file --------------------------------------------------------------- */

static void field_num(FILE *out, double x)
{
    char b[VS_FMT_DOUBLE_MAX];
    fputc(',', out);
    if (isfinite(x))
        fputs(vs_fmt_double(b, x), out);
}

static void field_str(FILE *out, const char *s)
{
    fputc(',', out);
    vs_csv_write_field(out, s);
}

static const char *const plot_kinds[] = {"line", "points", "linepoints", "step", "bars"};

int vs_figure_save(FILE *out, const vs_figure *f)
{
    fputs("virtsim-figure,1\n", out);
    fputs("kind", out);
    field_str(out, f->kind);
    fputs("\ntitle", out);
    field_str(out, f->title);
    fprintf(out, "\nsize,%d,%d\nx", f->width, f->height);
    field_str(out, f->xlabel);
    fprintf(out, ",%d\n", f->xlog);
    if (f->xfixed) {
        fputs("xrange", out);
        field_num(out, f->xmin);
        field_num(out, f->xmax);
        fputc('\n', out);
    }
    for (size_t p = 0; p < f->npanels; p++) {
        fprintf(out, "panel,%zu", p);
        field_str(out, f->ylabel[p]);
        fprintf(out, ",%d", f->ylog[p]);
        field_str(out, f->panel_title[p]);
        fputc('\n', out);
    }
    for (size_t i = 0; i < f->ncategories; i++) {
        fputs("category", out);
        field_str(out, f->categories[i]);
        fputc('\n', out);
    }
    for (size_t i = 0; i < f->nseries; i++) {
        const vs_figure_series *s = &f->series[i];
        fprintf(out, "series,%s,%d,%d", plot_kinds[s->kind], s->panel, s->color);
        field_str(out, s->label);
        fprintf(out, ",%d\n", s->ylo != NULL);
        for (size_t k = 0; k < s->n; k++) {
            fputs("point", out);
            field_num(out, s->x[k]);
            field_num(out, s->y[k]);
            if (s->ylo) {
                field_num(out, s->ylo[k]);
                field_num(out, s->yhi[k]);
            }
            fputc('\n', out);
        }
    }
    for (size_t i = 0; i < f->nrefs; i++) {
        const vs_plot_ref *r = &f->refs[i];
        fprintf(out, "ref,%d", r->vertical);
        field_num(out, r->value);
        fprintf(out, ",%d,%d", r->panel, r->color);
        field_str(out, r->label);
        fputc('\n', out);
    }
    return ferror(out) ? VS_EIO : VS_OK;
}

/* Split one CSV record (RFC 4180, no embedded newlines: figure files never
 * have them) into at most max fields, in place. */
static size_t split_csv(char *line, char **fields, size_t max)
{
    size_t n = 0;
    char *p = line;
    for (;;) {
        if (n == max)
            return n;
        char *w = p;
        fields[n++] = w;
        if (*p == '"') {
            p++;
            for (;;) {
                if (*p == '\0')
                    break;
                if (*p == '"' && p[1] == '"') {
                    *w++ = '"';
                    p += 2;
                } else if (*p == '"') {
                    p++;
                    break;
                } else {
                    *w++ = *p++;
                }
            }
            while (*p && *p != ',')
                p++;
        } else {
            while (*p && *p != ',')
                *w++ = *p++;
        }
        int more = *p == ',';
        *w = '\0';
        if (!more)
            return n;
        p++;
    }
}

static int num_field(const char *s, double *out)
{
    if (*s == '\0') {
        *out = NAN;
        return 0;
    }
    char *end;
    errno = 0;
    *out = strtod(s, &end);
    return *end != '\0' || errno == ERANGE ? -1 : 0;
}

static int int_field(const char *s, long lo, long hi, int *out)
{
    char *end;
    errno = 0;
    long v = strtol(s, &end, 10);
    if (*s == '\0' || *end != '\0' || errno || v < lo || v > hi)
        return -1;
    *out = (int)v;
    return 0;
}

/* Append one point to the last series. */
static int push_point(vs_figure_series *s, double x, double y, double lo, double hi)
{
    size_t n = s->n + 1;
    double *nx = realloc(s->x, n * sizeof *nx);
    if (nx)
        s->x = nx;
    double *ny = realloc(s->y, n * sizeof *ny);
    if (ny)
        s->y = ny;
    if (!nx || !ny)
        return -1;
    if (s->ylo) {
        double *nl = realloc(s->ylo, n * sizeof *nl);
        if (nl)
            s->ylo = nl;
        double *nh = realloc(s->yhi, n * sizeof *nh);
        if (nh)
            s->yhi = nh;
        if (!nl || !nh)
            return -1;
        s->ylo[n - 1] = lo;
        s->yhi[n - 1] = hi;
    }
    s->x[n - 1] = x;
    s->y[n - 1] = y;
    s->n = n;
    return 0;
}

#define LOAD_FAIL(...)                                                        \
    do {                                                                      \
        rc = vs_err_at(err, VS_EPARSE, path, lineno, 0, __VA_ARGS__);         \
        goto done;                                                            \
    } while (0)

int vs_figure_load(const char *path, vs_figure **out, vs_err *err)
{
    *out = NULL;
    FILE *in = fopen(path, "r");
    if (!in)
        return vs_err_set(err, VS_EIO, "%s: cannot open: %s", path, strerror(errno));
    vs_figure *f = vs__fig_new("figure", NULL);
    int rc = f ? VS_OK : vs_err_set(err, VS_ENOMEM, "out of memory");
    char line[8192];
    int lineno = 0;
    size_t npanel = 0;
    while (rc == VS_OK && fgets(line, sizeof line, in)) {
        lineno++;
        size_t len = strlen(line);
        if (len && line[len - 1] == '\n')
            line[--len] = '\0';
        else if (!feof(in))
            LOAD_FAIL("line too long");
        if (len && line[len - 1] == '\r')
            line[--len] = '\0';
        char *fl[8];
        size_t n = split_csv(line, fl, 8);
        const char *t = fl[0];
        if (lineno == 1) {
            if (strcmp(t, "virtsim-figure") || n < 2 || strcmp(fl[1], "1"))
                LOAD_FAIL("not a virtsim figure file (expected 'virtsim-figure,1')");
            continue;
        }
        if (strcmp(t, "kind") == 0 && n == 2) {
            free(f->kind);
            if (!(f->kind = vs__strdup(fl[1])))
                LOAD_FAIL("out of memory");
        } else if (strcmp(t, "title") == 0 && n == 2) {
            free(f->title);
            f->title = *fl[1] ? vs__strdup(fl[1]) : NULL;
        } else if (strcmp(t, "size") == 0 && n == 3) {
            if (int_field(fl[1], 0, 10000, &f->width) || int_field(fl[2], 0, 10000, &f->height))
                LOAD_FAIL("size: expected two integers from 0 to 10000");
        } else if (strcmp(t, "x") == 0 && n == 3) {
            free(f->xlabel);
            f->xlabel = *fl[1] ? vs__strdup(fl[1]) : NULL;
            if (int_field(fl[2], 0, 1, &f->xlog))
                LOAD_FAIL("x: expected LABEL,LOG with LOG 0 or 1");
        } else if (strcmp(t, "xrange") == 0 && n == 3) {
            if (num_field(fl[1], &f->xmin) || num_field(fl[2], &f->xmax) ||
                !(f->xmin < f->xmax))
                LOAD_FAIL("xrange: expected MIN,MAX with MIN < MAX");
            f->xfixed = 1;
        } else if (strcmp(t, "panel") == 0 && n == 5) {
            int idx;
            if (int_field(fl[1], 0, VS_PLOT_MAX_PANELS - 1, &idx) || (size_t)idx != npanel)
                LOAD_FAIL("panel: expected index %zu", npanel);
            f->ylabel[idx] = *fl[2] ? vs__strdup(fl[2]) : NULL;
            if (int_field(fl[3], 0, 1, &f->ylog[idx]))
                LOAD_FAIL("panel: LOG must be 0 or 1");
            f->panel_title[idx] = *fl[4] ? vs__strdup(fl[4]) : NULL;
            f->npanels = ++npanel;
        } else if (strcmp(t, "category") == 0 && n == 2) {
            char **grown = realloc(f->categories, (f->ncategories + 1) * sizeof *grown);
            if (!grown)
                LOAD_FAIL("out of memory");
            f->categories = grown;
            if (!(f->categories[f->ncategories] = vs__strdup(fl[1])))
                LOAD_FAIL("out of memory");
            f->ncategories++;
        } else if (strcmp(t, "series") == 0 && n == 6) {
            int kind = -1, panel, color, errs;
            for (int k = 0; k < 5; k++)
                if (strcmp(fl[1], plot_kinds[k]) == 0)
                    kind = k;
            if (kind < 0 || int_field(fl[2], 0, VS_PLOT_MAX_PANELS - 1, &panel) ||
                int_field(fl[3], 0, VS_PLOT_NCOLORS, &color) || int_field(fl[5], 0, 1, &errs))
                LOAD_FAIL("series: expected KIND,PANEL,COLOR,LABEL,HAS_ERRORS");
            if (!vs__fig_add_series(f, (vs_plot_kind)kind, *fl[4] ? fl[4] : NULL, panel, color,
                                    0, errs))
                LOAD_FAIL("out of memory");
        } else if (strcmp(t, "point") == 0 && (n == 3 || n == 5)) {
            if (!f->nseries)
                LOAD_FAIL("point before any series");
            vs_figure_series *s = &f->series[f->nseries - 1];
            double x, y, lo = NAN, hi = NAN;
            if ((n == 5) != (s->ylo != NULL) || num_field(fl[1], &x) || num_field(fl[2], &y) ||
                (n == 5 && (num_field(fl[3], &lo) || num_field(fl[4], &hi))))
                LOAD_FAIL("point: expected X,Y%s as numbers", s->ylo ? ",YLO,YHI" : "");
            if (push_point(s, x, y, lo, hi))
                LOAD_FAIL("out of memory");
        } else if (strcmp(t, "ref") == 0 && n == 6) {
            int vertical, panel, color;
            double value;
            if (int_field(fl[1], 0, 1, &vertical) || num_field(fl[2], &value) ||
                int_field(fl[3], -1, VS_PLOT_MAX_PANELS - 1, &panel) ||
                int_field(fl[4], 0, VS_PLOT_NCOLORS, &color))
                LOAD_FAIL("ref: expected VERTICAL,VALUE,PANEL,COLOR,LABEL");
            if (vs__fig_add_ref(f, vertical, value, *fl[5] ? fl[5] : NULL, panel, color))
                LOAD_FAIL("out of memory");
        } else {
            LOAD_FAIL("unknown record '%s' with %zu fields", t, n);
        }
    }
    if (rc == VS_OK && lineno == 0)
        rc = vs_err_at(err, VS_EPARSE, path, 0, 0, "empty figure file");
    if (rc == VS_OK && ferror(in))
        rc = vs_err_set(err, VS_EIO, "%s: read error", path);
done:
    fclose(in);
    if (rc != VS_OK) {
        vs_figure_free(f);
        return rc;
    }
    *out = f;
    return VS_OK;
}
