/*
 * check_plot.c: unit tests of the plot module (src/plot).
 *
 * The five figure kinds the experiments draw (load-latency, response-cdf,
 * timeseries, compare, plan) are built here from synthetic data; each is
 * rendered to PNG twice and must come back from cairo's PNG reader with the
 * requested size, byte-identical between the two renders, not blank (a
 * share of non-white pixels) and showing every palette colour its series
 * use.  SVG and PDF must start with their magic and also be deterministic.
 * Degenerate data (empty series, one point, all-equal values, NaN, values
 * <= 0 on a log axis, huge ranges) must still give an image.  The tick
 * functions are checked on hand-worked cases, and errors (unwritable path,
 * unknown extension, malformed spec) on their codes and messages.
 *
 * Run as `check_plot --examples DIR` it only writes the five example
 * figures (PNG, SVG, PDF) into DIR, for looking at them.
 */
#include <check.h>
#include <dirent.h>
#include <pthread.h>
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cairo.h>
#include <gsl/gsl_errno.h>
#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>

#include "virtsim/plot.h"

/* ---- the five example figures ------------------------------------------- */

/* Storage for one example: arrays the series point into. */
#define NMAX 1200
typedef struct example {
    vs_plot_spec spec;
    vs_plot_series s[12];
    vs_plot_ref r[4];
    double a[12][6][NMAX]; /* per series: x, y, ylo, yhi, spare */
    int colors[12];        /* palette colours that must show, 0-terminated */
} example;

enum { KIND_LOAD_LATENCY, KIND_RESPONSE_CDF, KIND_TIMESERIES, KIND_COMPARE, KIND_PLAN,
       NKINDS };
static const char *const kind_names[NKINDS] = {"load-latency", "response-cdf", "timeseries",
                                               "compare", "plan"};

/* A deterministic "noise" in [-1, 1] for synthetic simulated values. */
static double wiggle(int i)
{
    return sin(i * 12.9898 + 78.233) * 0.8;
}

/* M/M/1 with unit service rate: mean response 1/(1-rho), 95th percentile
 * -ln(0.05)/(1-rho); simulated points near them with CI bars. */
static void build_load_latency(example *e)
{
    int n = 9, m = 200;
    double *x = e->a[0][0], *y = e->a[0][1], *lo = e->a[0][2], *hi = e->a[0][3];
    double *x2 = e->a[1][0], *y2 = e->a[1][1], *lo2 = e->a[1][2], *hi2 = e->a[1][3];
    for (int i = 0; i < n; i++) {
        double rho = 0.1 * (i + 1);
        double w = 1 / (1 - rho), q = -log(0.05) / (1 - rho);
        double hw = 0.04 * w * (1 + 3 * rho * rho);
        x[i] = x2[i] = rho;
        y[i] = w * (1 + 0.02 * wiggle(i));
        lo[i] = y[i] - hw;
        hi[i] = y[i] + hw;
        y2[i] = q * (1 + 0.03 * wiggle(i + 50));
        lo2[i] = y2[i] - 1.5 * hw;
        hi2[i] = y2[i] + 1.5 * hw;
    }
    double *ax = e->a[2][0], *ay = e->a[2][1], *aq = e->a[3][1];
    for (int i = 0; i < m; i++) {
        double rho = 0.05 + 0.9 * i / (m - 1);
        ax[i] = rho;
        ay[i] = 1 / (1 - rho);
        aq[i] = -log(0.05) / (1 - rho);
    }
    e->s[0] = (vs_plot_series){.kind = VS_PLOT_POINTS, .n = (size_t)n, .x = x, .y = y,
                               .ylo = lo, .yhi = hi, .label = "mean, simulated (95% CI)",
                               .color = VS_PLOT_BLUE};
    e->s[1] = (vs_plot_series){.kind = VS_PLOT_POINTS, .n = (size_t)n, .x = x2, .y = y2,
                               .ylo = lo2, .yhi = hi2, .label = "p95, simulated (95% CI)",
                               .color = VS_PLOT_VERMILLION};
    e->s[2] = (vs_plot_series){.kind = VS_PLOT_LINE, .n = (size_t)m, .x = ax, .y = ay,
                               .label = "mean, M/M/1", .color = VS_PLOT_BLUE};
    e->s[3] = (vs_plot_series){.kind = VS_PLOT_LINE, .n = (size_t)m, .x = ax, .y = aq,
                               .label = "p95, M/M/1", .color = VS_PLOT_VERMILLION,
                               .dash = VS_PLOT_DASH_DASHED};
    e->spec = (vs_plot_spec){.title = "Response time against load (M/M/1, service 1 s)",
                             .x = {.label = "load \xcf\x81"},
                             .y = {{.label = "response time (s)", .log = 1}},
                             .series = e->s, .nseries = 4};
    e->colors[0] = VS_PLOT_BLUE;
    e->colors[1] = VS_PLOT_VERMILLION;
}

/* Empirical CDF of 300 exponential draws (mean 2 s) against 1 - e^{-x/2}. */
static void build_response_cdf(example *e)
{
    int n = 300, m = 200;
    double *x = e->a[0][0];
    gsl_rng *r = gsl_rng_alloc(gsl_rng_mt19937);
    gsl_rng_set(r, 12345);
    for (int i = 0; i < n; i++)
        x[i] = gsl_ran_exponential(r, 2.0);
    gsl_rng_free(r);
    /* sort (insertion: n is small) */
    for (int i = 1; i < n; i++) {
        double v = x[i];
        int j = i - 1;
        for (; j >= 0 && x[j] > v; j--)
            x[j + 1] = x[j];
        x[j + 1] = v;
    }
    /* (0, 0) then a step to (i+1)/n at each sample */
    double *sx = e->a[0][2], *sy = e->a[0][3];
    sx[0] = 0;
    sy[0] = 0;
    for (int i = 0; i < n; i++) {
        sx[i + 1] = x[i];
        sy[i + 1] = (double)(i + 1) / n;
    }
    double *ax = e->a[1][0], *ay = e->a[1][1];
    for (int i = 0; i < m; i++) {
        ax[i] = 14.0 * i / (m - 1);
        ay[i] = 1 - exp(-ax[i] / 2);
    }
    e->s[0] = (vs_plot_series){.kind = VS_PLOT_STEP, .n = (size_t)n + 1, .x = sx, .y = sy,
                               .label = "simulated (300 jobs)", .color = VS_PLOT_BLUE};
    e->s[1] = (vs_plot_series){.kind = VS_PLOT_LINE, .n = (size_t)m, .x = ax, .y = ay,
                               .label = "analytic M/M/1", .color = VS_PLOT_VERMILLION,
                               .dash = VS_PLOT_DASH_DASHED};
    e->spec = (vs_plot_spec){.title = "Response time distribution",
                             .x = {.label = "response time (s)"},
                             .y = {{.label = "P(R \xe2\x89\xa4 x)", .has_min = 1, .min = 0,
                                    .has_max = 1, .max = 1}},
                             .series = e->s, .nseries = 2};
    e->colors[0] = VS_PLOT_BLUE;
    e->colors[1] = VS_PLOT_VERMILLION;
}

/* Three hosts over 1000 s: utilization (top) and jobs in system (bottom). */
static void build_timeseries(example *e)
{
    int n = 1000;
    static const char *const names[3] = {"host-a", "host-b", "host-c"};
    gsl_rng *r = gsl_rng_alloc(gsl_rng_mt19937);
    gsl_rng_set(r, 777);
    for (int h = 0; h < 3; h++) {
        double *t = e->a[h][0], *u = e->a[h][1], *q = e->a[h][2];
        double level = 0.35 + 0.22 * h, jobs = 0, ar = 0;
        for (int i = 0; i < n; i++) {
            t[i] = i;
            /* a slow wave plus AR(1) noise, clamped to [0, 1] */
            ar = 0.95 * ar + 0.015 * gsl_ran_gaussian(r, 1.0);
            double v = level + 0.1 * sin(i / (40.0 + 15 * h)) + ar;
            u[i] = v < 0 ? 0 : v > 1 ? 1 : v;
            if (i % 10 == 0)
                jobs = floor(u[i] / (1.05 - u[i]) + gsl_rng_uniform(r) * 2);
            q[i] = jobs;
        }
        e->s[h] = (vs_plot_series){.kind = VS_PLOT_LINE, .n = (size_t)n, .x = t, .y = u,
                                   .label = names[h], .line_width = 1.4};
        e->s[3 + h] = (vs_plot_series){.kind = VS_PLOT_STEP, .n = (size_t)n, .x = t, .y = q,
                                       .panel = 1, .line_width = 1.4};
    }
    gsl_rng_free(r);
    /* the same colours (automatic, by order) for the same host in both
     * panels: colour and dash explicit in the lower panel */
    for (int h = 0; h < 3; h++) {
        e->s[3 + h].color = 1 + h;
        e->s[3 + h].dash = (vs_plot_dash)(VS_PLOT_DASH_SOLID + h);
    }
    e->spec = (vs_plot_spec){.title = "Utilization and jobs in system",
                             .x = {.label = "time (s)"},
                             .npanels = 2,
                             .y = {{.label = "utilization", .has_min = 1, .min = 0,
                                    .has_max = 1, .max = 1},
                                   {.label = "jobs in system", .has_min = 1, .min = 0}},
                             .series = e->s, .nseries = 6};
    e->colors[0] = VS_PLOT_BLUE;
    e->colors[1] = VS_PLOT_VERMILLION;
    e->colors[2] = VS_PLOT_GREEN;
}

/* Mean response time per station for four placement policies. */
static const char *const compare_cats[] = {"web", "app", "db", "cache"};
static void build_compare(example *e)
{
    static const char *const pol[4] = {"first-fit", "best-fit", "worst-fit", "round-robin"};
    static const double base[4] = {0.12, 0.45, 0.80, 0.05};
    for (int p = 0; p < 4; p++) {
        double *y = e->a[p][1], *lo = e->a[p][2], *hi = e->a[p][3];
        for (int c = 0; c < 4; c++) {
            y[c] = base[c] * (1 + 0.25 * p + 0.1 * wiggle(p * 4 + c));
            lo[c] = y[c] * 0.92;
            hi[c] = y[c] * 1.08;
        }
        e->s[p] = (vs_plot_series){.kind = VS_PLOT_BARS, .n = 4, .y = y, .ylo = lo, .yhi = hi,
                                   .label = pol[p]};
    }
    e->spec = (vs_plot_spec){.title = "Mean response time by placement policy",
                             .x = {.label = "station"},
                             .categories = compare_cats, .ncategories = 4,
                             .y = {{.label = "mean response time (s)"}},
                             .series = e->s, .nseries = 4};
    e->colors[0] = VS_PLOT_BLUE;
    e->colors[1] = VS_PLOT_VERMILLION;
    e->colors[2] = VS_PLOT_GREEN;
    e->colors[3] = VS_PLOT_ORANGE;
}

/* p95 response against VMs, a 0.5 s target and the answer (5 VMs). */
static void build_plan(example *e)
{
    int n = 10;
    double *x = e->a[0][0], *y = e->a[0][1], *lo = e->a[0][2], *hi = e->a[0][3];
    for (int i = 0; i < n; i++) {
        x[i] = i + 1;
        y[i] = 0.1 + 2.4 / ((i + 1) * (i + 1)) * (1 + 0.05 * wiggle(i));
        lo[i] = y[i] * 0.9;
        hi[i] = y[i] * 1.1;
    }
    e->s[0] = (vs_plot_series){.kind = VS_PLOT_LINEPOINTS, .n = (size_t)n, .x = x, .y = y,
                               .ylo = lo, .yhi = hi, .label = "p95 response (95% CI)",
                               .color = VS_PLOT_BLUE};
    e->r[0] = (vs_plot_ref){.value = 0.5, .label = "target 0.5 s", .color = VS_PLOT_VERMILLION};
    e->r[1] = (vs_plot_ref){.vertical = 1, .value = 3, .label = "answer: 3 VMs", .panel = -1,
                            .color = VS_PLOT_GREEN, .dash = VS_PLOT_DASH_SOLID};
    e->spec = (vs_plot_spec){.title = "Capacity plan: VMs for p95 \xe2\x89\xa4 0.5 s",
                             .x = {.label = "VMs"},
                             .y = {{.label = "p95 response time (s)", .log = 1}},
                             .series = e->s, .nseries = 1, .refs = e->r, .nrefs = 2};
    e->colors[0] = VS_PLOT_BLUE;
    e->colors[1] = VS_PLOT_VERMILLION;
    e->colors[2] = VS_PLOT_GREEN;
}

static example *build(int kind)
{
    /* no ck_assert here: --examples calls this outside a test */
    example *e = calloc(1, sizeof *e);
    if (!e) {
        fprintf(stderr, "check_plot: out of memory\n");
        exit(EXIT_FAILURE);
    }
    switch (kind) {
    case KIND_LOAD_LATENCY: build_load_latency(e); break;
    case KIND_RESPONSE_CDF: build_response_cdf(e); break;
    case KIND_TIMESERIES: build_timeseries(e); break;
    case KIND_COMPARE: build_compare(e); break;
    default: build_plan(e); break;
    }
    return e;
}

/* ---- helpers ------------------------------------------------------------- */

/* A fresh temporary directory, removed (with its files) by rmtree. */
static void make_tmpdir(char *buf, size_t n)
{
    snprintf(buf, n, "/tmp/check_plot.XXXXXX");
    ck_assert_ptr_nonnull(mkdtemp(buf));
}

static void rmtree(const char *dir)
{
    DIR *d = opendir(dir);
    if (!d)
        return;
    struct dirent *de;
    char p[1024];
    while ((de = readdir(d)) != NULL) {
        if (strcmp(de->d_name, ".") == 0 || strcmp(de->d_name, "..") == 0)
            continue;
        snprintf(p, sizeof p, "%s/%s", dir, de->d_name);
        unlink(p);
    }
    closedir(d);
    rmdir(dir);
}

/* Number of entries in dir other than . and .. */
static int count_entries(const char *dir)
{
    DIR *d = opendir(dir);
    ck_assert_ptr_nonnull(d);
    int n = 0;
    struct dirent *de;
    while ((de = readdir(d)) != NULL)
        if (strcmp(de->d_name, ".") && strcmp(de->d_name, ".."))
            n++;
    closedir(d);
    return n;
}

static unsigned char *slurp(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    ck_assert_msg(f != NULL, "cannot open %s: %s", path, strerror(errno));
    size_t cap = 1 << 16, n = 0;
    unsigned char *buf = malloc(cap);
    ck_assert_ptr_nonnull(buf);
    size_t r;
    while ((r = fread(buf + n, 1, cap - n, f)) > 0) {
        n += r;
        if (n == cap) {
            cap *= 2;
            buf = realloc(buf, cap);
            ck_assert_ptr_nonnull(buf);
        }
    }
    fclose(f);
    *len = n;
    return buf;
}

/* Whether the n bytes at b contain the string s. */
static int contains(const unsigned char *b, size_t n, const char *s)
{
    size_t m = strlen(s);
    for (size_t i = 0; i + m <= n; i++)
        if (memcmp(b + i, s, m) == 0)
            return 1;
    return 0;
}

static void render_ok(const vs_plot_spec *spec, const char *path)
{
    vs_err err;
    vs_err_clear(&err);
    int rc = vs_plot_render(spec, path, &err);
    ck_assert_msg(rc == VS_OK, "render %s: %s (%s)", path, vs_errname(rc), err.msg);
}

/* Image statistics of a PNG read back with cairo. */
typedef struct imgstat {
    int w, h;
    long nonwhite;
    long near[VS_PLOT_NCOLORS + 1]; /* pixels within 12 of each palette colour */
} imgstat;

static const unsigned char pal[VS_PLOT_NCOLORS + 1][3] = {
    {0, 0, 0},       {0x00, 0x72, 0xB2}, {0xD5, 0x5E, 0x00}, {0x00, 0x9E, 0x73},
    {0xE6, 0x9F, 0x00}, {0xCC, 0x79, 0xA7}, {0x56, 0xB4, 0xE9}, {0x00, 0x00, 0x00},
    {0xF0, 0xE4, 0x42}};

static imgstat png_stat(const char *path)
{
    imgstat st;
    memset(&st, 0, sizeof st);
    cairo_surface_t *s = cairo_image_surface_create_from_png(path);
    ck_assert_msg(cairo_surface_status(s) == CAIRO_STATUS_SUCCESS, "%s: %s", path,
                  cairo_status_to_string(cairo_surface_status(s)));
    cairo_surface_flush(s);
    st.w = cairo_image_surface_get_width(s);
    st.h = cairo_image_surface_get_height(s);
    int stride = cairo_image_surface_get_stride(s);
    const unsigned char *d = cairo_image_surface_get_data(s);
    for (int y = 0; y < st.h; y++) {
        const uint32_t *row = (const uint32_t *)(const void *)(d + (size_t)y * (size_t)stride);
        for (int x = 0; x < st.w; x++) {
            uint32_t px = row[x];
            int r = (px >> 16) & 255, g = (px >> 8) & 255, b = px & 255;
            if (r < 250 || g < 250 || b < 250)
                st.nonwhite++;
            for (int c = 1; c <= VS_PLOT_NCOLORS; c++)
                if (abs(r - pal[c][0]) <= 12 && abs(g - pal[c][1]) <= 12 &&
                    abs(b - pal[c][2]) <= 12)
                    st.near[c]++;
        }
    }
    cairo_surface_destroy(s);
    return st;
}

/* ---- the five kinds ------------------------------------------------------ */

START_TEST(test_kind_png)
{
    int kind = _i;
    example *e = build(kind);
    char dir[64], p1[128], p2[128];
    make_tmpdir(dir, sizeof dir);
    snprintf(p1, sizeof p1, "%s/%s.png", dir, kind_names[kind]);
    snprintf(p2, sizeof p2, "%s/%s-again.png", dir, kind_names[kind]);
    render_ok(&e->spec, p1);
    render_ok(&e->spec, p2);

    size_t n1, n2;
    unsigned char *b1 = slurp(p1, &n1), *b2 = slurp(p2, &n2);
    ck_assert_msg(n1 > 8 && memcmp(b1, "\x89PNG\r\n\x1a\n", 8) == 0, "%s: not a PNG", p1);
    ck_assert_msg(n1 == n2 && memcmp(b1, b2, n1) == 0,
                  "%s: two renders differ (%zu and %zu bytes)", kind_names[kind], n1, n2);
    free(b1);
    free(b2);

    imgstat st = png_stat(p1);
    ck_assert_int_eq(st.w, VS_PLOT_DEFAULT_WIDTH);
    ck_assert_int_eq(st.h, VS_PLOT_DEFAULT_HEIGHT);
    /* Axes, labels and data cover well over 2% of a 900 x 600 figure; an
     * empty frame with text alone covers about 1.5%. */
    long total = (long)st.w * st.h;
    ck_assert_msg(st.nonwhite > total / 50, "%s: only %ld of %ld pixels non-white",
                  kind_names[kind], st.nonwhite, total);
    for (int k = 0; e->colors[k]; k++) {
        int c = e->colors[k];
        ck_assert_msg(st.near[c] >= 30, "%s: palette colour %d on only %ld pixels",
                      kind_names[kind], c, st.near[c]);
    }
    /* and at least 20% of the pixels stay white: not a flooded image */
    ck_assert_msg(st.nonwhite < total * 8 / 10, "%s: %ld non-white", kind_names[kind],
                  st.nonwhite);
    rmtree(dir);
    free(e);
}
END_TEST

START_TEST(test_kind_vector)
{
    int kind = _i;
    example *e = build(kind);
    char dir[64], p[128], q[128];
    make_tmpdir(dir, sizeof dir);
    static const char *const ext[2] = {"svg", "pdf"};
    static const char *const magic[2] = {"<?xml", "%PDF-"};
    for (int k = 0; k < 2; k++) {
        snprintf(p, sizeof p, "%s/%s.%s", dir, kind_names[kind], ext[k]);
        snprintf(q, sizeof q, "%s/%s-again.%s", dir, kind_names[kind], ext[k]);
        render_ok(&e->spec, p);
        render_ok(&e->spec, q);
        size_t n1, n2;
        unsigned char *b1 = slurp(p, &n1), *b2 = slurp(q, &n2);
        ck_assert_msg(n1 > 1000 && memcmp(b1, magic[k], strlen(magic[k])) == 0,
                      "%s: %zu bytes, wrong magic", p, n1);
        if (k == 0)
            ck_assert_msg(contains(b1, n1, "<svg"), "%s: no <svg> element", p);
        ck_assert_msg(n1 == n2 && memcmp(b1, b2, n1) == 0, "%s: two renders differ", p);
        free(b1);
        free(b2);
    }
    rmtree(dir);
    free(e);
}
END_TEST

/* Upper-case extensions and a non-default size. */
START_TEST(test_size_and_case)
{
    example *e = build(KIND_PLAN);
    e->spec.width = 400;
    e->spec.height = 300;
    char dir[64], p[128];
    make_tmpdir(dir, sizeof dir);
    snprintf(p, sizeof p, "%s/small.PNG", dir);
    render_ok(&e->spec, p);
    imgstat st = png_stat(p);
    ck_assert_int_eq(st.w, 400);
    ck_assert_int_eq(st.h, 300);
    ck_assert_int_eq(count_entries(dir), 1); /* no temporary left behind */
    rmtree(dir);
    free(e);
}
END_TEST

/* The legend goes to the first free position: with data on the diagonal
 * y = x the top right is taken and the top left is free.  The legend's
 * sample line (purple, 34 x 2 px) must then show in the top-left area, and
 * nothing purple in the top centre (where the diagonal is far below). */
START_TEST(test_legend_corner)
{
    double x[2] = {0, 1}, y[2] = {0, 1};
    vs_plot_series s = {.n = 2, .x = x, .y = y, .label = "diagonal",
                        .color = VS_PLOT_PURPLE};
    vs_plot_spec spec = {.title = "legend", .series = &s, .nseries = 1};
    char dir[64], p[128];
    make_tmpdir(dir, sizeof dir);
    snprintf(p, sizeof p, "%s/legend.png", dir);
    render_ok(&spec, p);
    cairo_surface_t *img = cairo_image_surface_create_from_png(p);
    ck_assert_int_eq(cairo_surface_status(img), CAIRO_STATUS_SUCCESS);
    int stride = cairo_image_surface_get_stride(img);
    const unsigned char *d = cairo_image_surface_get_data(img);
    /* purple pixels in the top left (x 40..250, y 35..110) and the top
     * centre (x 450..700, same rows) */
    long tl = 0, tr = 0;
    for (int yy = 35; yy < 110; yy++) {
        const uint32_t *row = (const uint32_t *)(const void *)(d + (size_t)yy * (size_t)stride);
        for (int xx = 40; xx < 700; xx++) {
            uint32_t px = row[xx];
            int r = (px >> 16) & 255, g = (px >> 8) & 255, b = px & 255;
            if (abs(r - 0xCC) <= 12 && abs(g - 0x79) <= 12 && abs(b - 0xA7) <= 12) {
                if (xx < 250)
                    tl++;
                else if (xx >= 450)
                    tr++;
            }
        }
    }
    cairo_surface_destroy(img);
    ck_assert_msg(tl >= 30, "legend sample not in the top left: %ld purple pixels", tl);
    ck_assert_msg(tr == 0, "%ld purple pixels in the top right, away from the data", tr);
    rmtree(dir);
}
END_TEST

/* Rendering from several threads at once gives the same bytes as a serial
 * render (no shared state in the module; cairo and fontconfig lock theirs). */
typedef struct job {
    int kind;
    char path[128];
    int rc;
} job;

static void *render_job(void *arg)
{
    job *j = arg;
    example *e = build(j->kind);
    vs_err err;
    j->rc = vs_plot_render(&e->spec, j->path, &err);
    free(e);
    return NULL;
}

START_TEST(test_threads)
{
    char dir[64];
    make_tmpdir(dir, sizeof dir);
    enum { NJOBS = 2 * NKINDS };
    job jobs[NJOBS];
    pthread_t th[NJOBS];
    for (int i = 0; i < NJOBS; i++) {
        jobs[i].kind = i % NKINDS;
        jobs[i].rc = -1;
        snprintf(jobs[i].path, sizeof jobs[i].path, "%s/t%d.%s", dir, i, i < NKINDS ? "png" : "svg");
        ck_assert_int_eq(pthread_create(&th[i], NULL, render_job, &jobs[i]), 0);
    }
    for (int i = 0; i < NJOBS; i++)
        ck_assert_int_eq(pthread_join(th[i], NULL), 0);
    for (int i = 0; i < NJOBS; i++) {
        ck_assert_int_eq(jobs[i].rc, VS_OK);
        char ref[128];
        snprintf(ref, sizeof ref, "%s/ref%d.%s", dir, i, i < NKINDS ? "png" : "svg");
        job serial = {.kind = jobs[i].kind};
        snprintf(serial.path, sizeof serial.path, "%s", ref);
        render_job(&serial);
        ck_assert_int_eq(serial.rc, VS_OK);
        size_t n1, n2;
        unsigned char *b1 = slurp(jobs[i].path, &n1), *b2 = slurp(ref, &n2);
        ck_assert_msg(n1 == n2 && memcmp(b1, b2, n1) == 0, "%s differs from a serial render",
                      jobs[i].path);
        free(b1);
        free(b2);
    }
    rmtree(dir);
}
END_TEST

/* ---- degenerate inputs --------------------------------------------------- */

/* Render spec to PNG; it must succeed and give a framed, right-sized image. */
static void render_degenerate(const vs_plot_spec *spec, const char *name)
{
    char dir[64], p[128];
    make_tmpdir(dir, sizeof dir);
    snprintf(p, sizeof p, "%s/%s.png", dir, name);
    render_ok(spec, p);
    imgstat st = png_stat(p);
    ck_assert_int_eq(st.w, spec->width ? spec->width : VS_PLOT_DEFAULT_WIDTH);
    ck_assert_int_eq(st.h, spec->height ? spec->height : VS_PLOT_DEFAULT_HEIGHT);
    /* the frame alone is about 1.6 (w + h) pixels (grid and ticks add more) */
    long want = (long)(st.w + st.h) * 3 / 2;
    ck_assert_msg(st.nonwhite > want, "%s: %ld non-white pixels, want > %ld", name,
                  st.nonwhite, want);
    rmtree(dir);
}

START_TEST(test_degenerate)
{
    double one_x[1] = {3}, one_y[1] = {7};
    double eq_x[5] = {1, 2, 3, 4, 5}, eq_y[5] = {2, 2, 2, 2, 2};
    double nan_y[5] = {1, NAN, 3, INFINITY, 2}, nan_x[5] = {0, 1, NAN, 3, 4};
    double neg_x[6] = {-1, 0, 0.001, 0.1, 10, 1000}, neg_y[6] = {-5, 0, 0.01, 1, 100, 1e4};
    double huge_x[3] = {-1e300, 0, 1e300}, huge_y[3] = {1e-300, 1, 1e300};
    double zero_y[4] = {0, 0, 0, 0};
    double nan_only[3] = {NAN, NAN, NAN};
    double lo_neg[6] = {-1, -1, 0.001, 0.5, 50, 5e3}, hi_inf[6] = {1, 1, 1, 2, INFINITY, 2e4};

    vs_plot_series s[3];
    vs_plot_spec spec;

    /* 1. no series at all, and an empty series */
    memset(&spec, 0, sizeof spec);
    render_degenerate(&spec, "no-series");
    memset(s, 0, sizeof s);
    s[0] = (vs_plot_series){.kind = VS_PLOT_POINTS, .label = "empty"};
    spec = (vs_plot_spec){.title = "empty", .series = s, .nseries = 1,
                          .y = {{.log = 1}}, .x = {.log = 1}};
    render_degenerate(&spec, "empty");

    /* 2. one point, every kind */
    for (int k = VS_PLOT_LINE; k <= VS_PLOT_BARS; k++) {
        s[0] = (vs_plot_series){.kind = (vs_plot_kind)k, .n = 1, .x = one_x, .y = one_y,
                                .ylo = one_y, .yhi = one_y, .label = "one"};
        spec = (vs_plot_spec){.title = "one point", .series = s, .nseries = 1};
        render_degenerate(&spec, "one");
    }

    /* 3. all equal values, linear and log; all zero */
    s[0] = (vs_plot_series){.kind = VS_PLOT_LINEPOINTS, .n = 5, .x = eq_x, .y = eq_y,
                            .label = "flat"};
    s[1] = (vs_plot_series){.kind = VS_PLOT_BARS, .n = 4, .x = eq_x, .y = zero_y,
                            .label = "zero bars"};
    spec = (vs_plot_spec){.series = s, .nseries = 2};
    render_degenerate(&spec, "equal");
    spec.y[0].log = 1;
    render_degenerate(&spec, "equal-log");

    /* 4. NaN and infinities in x and y (skipped; lines break) */
    s[0] = (vs_plot_series){.kind = VS_PLOT_STEP, .n = 5, .x = nan_x, .y = nan_y,
                            .ylo = nan_y, .yhi = nan_y, .label = "nan"};
    s[1] = (vs_plot_series){.kind = VS_PLOT_LINE, .n = 3, .y = nan_only, .label = "all nan"};
    spec = (vs_plot_spec){.series = s, .nseries = 2};
    render_degenerate(&spec, "nan");

    /* 5. zero and negative values on log axes, error bars reaching <= 0 and +inf */
    s[0] = (vs_plot_series){.kind = VS_PLOT_POINTS, .n = 6, .x = neg_x, .y = neg_y,
                            .ylo = lo_neg, .yhi = hi_inf, .label = "log"};
    s[1] = (vs_plot_series){.kind = VS_PLOT_BARS, .n = 6, .x = neg_x, .y = neg_y,
                            .label = "log bars"};
    s[2] = (vs_plot_series){.kind = VS_PLOT_LINE, .n = 6, .x = neg_x, .y = neg_y};
    spec = (vs_plot_spec){.series = s, .nseries = 3, .x = {.log = 1}, .y = {{.log = 1}}};
    render_degenerate(&spec, "log-nonpositive");

    /* 6. huge ranges: +-1e300 linear, 1e-300..1e300 log */
    s[0] = (vs_plot_series){.kind = VS_PLOT_LINEPOINTS, .n = 3, .x = huge_x, .y = huge_y,
                            .label = "huge"};
    spec = (vs_plot_spec){.series = s, .nseries = 1};
    render_degenerate(&spec, "huge-linear");
    spec.y[0].log = 1;
    render_degenerate(&spec, "huge-log");

    /* 7. a fixed range far from the data: everything clipped away */
    s[0] = (vs_plot_series){.kind = VS_PLOT_LINE, .n = 3, .x = huge_x, .y = huge_y};
    s[1] = (vs_plot_series){.kind = VS_PLOT_BARS, .n = 3, .x = huge_x, .y = huge_y,
                            .ylo = huge_x, .yhi = huge_y};
    s[2] = (vs_plot_series){.kind = VS_PLOT_POINTS, .n = 3, .x = huge_x, .y = huge_y};
    spec = (vs_plot_spec){.series = s, .nseries = 3,
                          .x = {.has_min = 1, .min = 5, .has_max = 1, .max = 6},
                          .y = {{.has_min = 1, .min = 5, .has_max = 1, .max = 5}}};
    render_degenerate(&spec, "clipped");

    /* 8. categories with more bars than names, and long names (rotated) */
    static const char *const cats[2] = {"a rather long category name", NULL};
    s[0] = (vs_plot_series){.kind = VS_PLOT_BARS, .n = 2, .y = eq_y, .ylo = zero_y,
                            .yhi = eq_x + 2, .label = "bars"};
    spec = (vs_plot_spec){.series = s, .nseries = 1, .categories = cats, .ncategories = 2,
                          .width = 200, .height = 150};
    render_degenerate(&spec, "categories");
}
END_TEST

/* ---- ticks --------------------------------------------------------------- */

static void ck_ticks(const vs_plot_ticks *t, const double *want, size_t n, double lo,
                     double hi)
{
    ck_assert_msg(t->n == n, "%zu ticks, want %zu", t->n, n);
    for (size_t i = 0; i < n; i++)
        ck_assert_msg(fabs(t->major[i] - want[i]) <= 1e-12 * fmax(1, fabs(want[i])),
                      "tick %zu = %.17g, want %.17g", i, t->major[i], want[i]);
    ck_assert_msg(fabs(t->lo - lo) <= 1e-12 * fmax(1, fabs(lo)) &&
                      fabs(t->hi - hi) <= 1e-12 * fmax(1, fabs(hi)),
                  "range [%.17g, %.17g], want [%g, %g]", t->lo, t->hi, lo, hi);
}

START_TEST(test_ticks_linear)
{
    vs_plot_ticks t;
    vs_err err;
    ck_assert_int_eq(vs_plot_ticks_linear(0, 0.93, 5, 1, &t, &err), VS_OK);
    ck_ticks(&t, (const double[]){0, 0.2, 0.4, 0.6, 0.8, 1.0}, 6, 0, 1);
    ck_assert_double_eq_tol(t.step, 0.2, 1e-15);
    /* exact multiples print without drift: 0.1 * 3 is "0.3" */
    char b[32];
    ck_assert_int_eq(vs_plot_ticks_linear(0, 0.7, 8, 1, &t, &err), VS_OK);
    ck_ticks(&t, (const double[]){0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7}, 8, 0, 0.7);
    ck_assert_str_eq(vs_plot_format_tick(t.major[3], t.step, b, sizeof b), "0.3");
    /* negative to positive, step 5 */
    ck_assert_int_eq(vs_plot_ticks_linear(-3.7, 12, 4, 1, &t, &err), VS_OK);
    ck_ticks(&t, (const double[]){-5, 0, 5, 10, 15}, 5, -5, 15);
    /* not widened: multiples inside the range only */
    ck_assert_int_eq(vs_plot_ticks_linear(0.05, 0.93, 5, 0, &t, &err), VS_OK);
    ck_ticks(&t, (const double[]){0.2, 0.4, 0.6, 0.8}, 4, 0.05, 0.93);
    /* one value is spread +-10% */
    ck_assert_int_eq(vs_plot_ticks_linear(2, 2, 5, 1, &t, &err), VS_OK);
    ck_assert(t.lo <= 1.8 && t.hi >= 2.2 && t.n >= 2);
    ck_assert_int_eq(vs_plot_ticks_linear(0, 0, 5, 1, &t, &err), VS_OK);
    ck_ticks(&t, (const double[]){-1, -0.5, 0, 0.5, 1}, 5, -1, 1);
    /* reversed bounds are swapped; huge spans stay finite */
    ck_assert_int_eq(vs_plot_ticks_linear(10, 0, 5, 1, &t, &err), VS_OK);
    ck_ticks(&t, (const double[]){0, 2, 4, 6, 8, 10}, 6, 0, 10);
    ck_assert_int_eq(vs_plot_ticks_linear(-1.7e308, 1.7e308, 5, 1, &t, &err), VS_OK);
    ck_assert(isfinite(t.lo) && isfinite(t.hi) && t.n >= 2 && t.n <= 7);
    /* large values: 1e6 steps */
    ck_assert_int_eq(vs_plot_ticks_linear(0, 4.2e6, 5, 1, &t, &err), VS_OK);
    ck_ticks(&t, (const double[]){0, 1e6, 2e6, 3e6, 4e6, 5e6}, 6, 0, 5e6);
    ck_assert_int_eq(vs_plot_ticks_linear(NAN, 1, 5, 1, &t, &err), VS_EINVAL);
    ck_assert_int_eq(vs_plot_ticks_linear(0, INFINITY, 5, 1, &t, &err), VS_EINVAL);
}
END_TEST

START_TEST(test_ticks_log)
{
    vs_plot_ticks t;
    vs_err err;
    ck_assert_int_eq(vs_plot_ticks_log(0.003, 70, 8, 1, &t, &err), VS_OK);
    ck_ticks(&t, (const double[]){1e-3, 1e-2, 1e-1, 1, 10, 100}, 6, 1e-3, 1e2);
    ck_assert_double_eq(t.step, 1);
    /* minors 2..9 x 10^k strictly inside: 8 per decade, 5 decades */
    ck_assert_uint_eq(t.nminor, 40);
    ck_assert_double_eq_tol(t.minor[0], 2e-3, 1e-18);
    /* 24 decades with target 6: every 4th decade labelled, others minor */
    ck_assert_int_eq(vs_plot_ticks_log(1e-12, 1e12, 6, 1, &t, &err), VS_OK);
    ck_ticks(&t, (const double[]){1e-12, 1e-8, 1e-4, 1, 1e4, 1e8, 1e12}, 7, 1e-12, 1e12);
    ck_assert_uint_eq(t.nminor, 18);
    /* inside one decade: the decade; exactly a power of ten: one each side */
    ck_assert_int_eq(vs_plot_ticks_log(2, 8, 6, 1, &t, &err), VS_OK);
    ck_ticks(&t, (const double[]){1, 10}, 2, 1, 10);
    ck_assert_int_eq(vs_plot_ticks_log(100, 100, 6, 1, &t, &err), VS_OK);
    ck_ticks(&t, (const double[]){10, 100, 1000}, 3, 10, 1000);
    ck_assert_int_eq(vs_plot_ticks_log(0, 10, 6, 1, &t, &err), VS_EINVAL);
    ck_assert_int_eq(vs_plot_ticks_log(-1, 10, 6, 1, &t, &err), VS_EINVAL);
    ck_assert_int_eq(vs_plot_ticks_log(1e-300, 1e300, 6, 1, &t, &err), VS_OK);
    ck_assert(t.n >= 2 && t.n <= 8);
}
END_TEST

START_TEST(test_format_tick)
{
    char b[32];
    ck_assert_str_eq(vs_plot_format_tick(0.5, 0.5, b, sizeof b), "0.5");
    ck_assert_str_eq(vs_plot_format_tick(1, 0.5, b, sizeof b), "1");
    ck_assert_str_eq(vs_plot_format_tick(2, 1, b, sizeof b), "2");
    ck_assert_str_eq(vs_plot_format_tick(2.5, 0.25, b, sizeof b), "2.5");
    ck_assert_str_eq(vs_plot_format_tick(0.75, 0.25, b, sizeof b), "0.75");
    ck_assert_str_eq(vs_plot_format_tick(-0.2, 0.2, b, sizeof b), "-0.2");
    ck_assert_str_eq(vs_plot_format_tick(1e-17, 0.2, b, sizeof b), "0");
    ck_assert_str_eq(vs_plot_format_tick(250000, 50000, b, sizeof b), "250000");
    ck_assert_str_eq(vs_plot_format_tick(2e6, 1e6, b, sizeof b), "2e6");
    ck_assert_str_eq(vs_plot_format_tick(2.5e6, 5e5, b, sizeof b), "2.5e6");
    ck_assert_str_eq(vs_plot_format_tick(1e-3, 1e-3, b, sizeof b), "0.001");
    ck_assert_str_eq(vs_plot_format_tick(3e-5, 1e-5, b, sizeof b), "3e-5");
    ck_assert_str_eq(vs_plot_format_tick(1.5e-5, 5e-6, b, sizeof b), "1.5e-5");
    ck_assert_str_eq(vs_plot_format_tick(1e300, 1e299, b, sizeof b), "1e300");
    /* a short buffer truncates, never overflows */
    ck_assert_str_eq(vs_plot_format_tick(123456, 1, b, 4), "123");
}
END_TEST

/* ---- errors -------------------------------------------------------------- */

START_TEST(test_errors)
{
    example *e = build(KIND_PLAN);
    vs_err err;
    vs_err_clear(&err);
    int rc = vs_plot_render(&e->spec, "/nonexistent-dir-vs/sub/plan.png", &err);
    ck_assert_int_eq(rc, VS_EIO);
    ck_assert_int_eq(err.code, VS_EIO);
    ck_assert_msg(strstr(err.msg, "/nonexistent-dir-vs/sub/plan.png") != NULL &&
                      strstr(err.msg, "No such file or directory") != NULL,
                  "message: %s", err.msg);
    /* also for the vector formats */
    ck_assert_int_eq(vs_plot_render(&e->spec, "/nonexistent-dir-vs/plan.pdf", &err), VS_EIO);

    char dir[64], p[128];
    make_tmpdir(dir, sizeof dir);
    snprintf(p, sizeof p, "%s/plan.gif", dir);
    ck_assert_int_eq(vs_plot_render(&e->spec, p, &err), VS_EINVAL);
    ck_assert_msg(strstr(err.msg, "expected .png, .svg or .pdf") != NULL, "%s", err.msg);
    snprintf(p, sizeof p, "%s/noext", dir);
    ck_assert_int_eq(vs_plot_render(&e->spec, p, &err), VS_EINVAL);

    /* malformed specs: nothing is written */
    snprintf(p, sizeof p, "%s/bad.png", dir);
    e->s[0].panel = 1;
    ck_assert_int_eq(vs_plot_render(&e->spec, p, &err), VS_EINVAL);
    ck_assert_msg(strstr(err.msg, "panel 1") != NULL, "%s", err.msg);
    e->s[0].panel = 0;
    e->s[0].y = NULL;
    ck_assert_int_eq(vs_plot_render(&e->spec, p, &err), VS_EINVAL);
    ck_assert_msg(strstr(err.msg, "no y values") != NULL, "%s", err.msg);
    e->s[0].y = e->a[0][1];
    e->spec.npanels = VS_PLOT_MAX_PANELS + 1;
    ck_assert_int_eq(vs_plot_render(&e->spec, p, &err), VS_EINVAL);
    e->spec.npanels = 1;
    e->spec.width = 50;
    ck_assert_int_eq(vs_plot_render(&e->spec, p, &err), VS_EINVAL);
    e->spec.width = 0;
    e->r[0].panel = 3;
    ck_assert_int_eq(vs_plot_render(&e->spec, p, &err), VS_EINVAL);
    e->r[0].panel = 0;
    ck_assert_int_eq(vs_plot_render(NULL, p, &err), VS_EINVAL);
    ck_assert_int_eq(vs_plot_render(&e->spec, NULL, &err), VS_EINVAL);
    ck_assert_int_eq(count_entries(dir), 0);

    /* an existing file is replaced whole, no temporary is left */
    FILE *f = fopen(p, "w");
    ck_assert_ptr_nonnull(f);
    fputs("old", f);
    fclose(f);
    render_ok(&e->spec, p);
    size_t n;
    unsigned char *b = slurp(p, &n);
    ck_assert(n > 1000 && memcmp(b, "\x89PNG", 4) == 0);
    free(b);
    ck_assert_int_eq(count_entries(dir), 1);
    struct stat sb;
    ck_assert_int_eq(stat(p, &sb), 0);
    ck_assert_int_eq(sb.st_mode & 0777, 0644);
    rmtree(dir);
    free(e);
}
END_TEST

/* ---- main ---------------------------------------------------------------- */

/* cairo keeps font faces and fontconfig patterns in process-wide caches;
 * release them at the end of each test (run in the forked child) so the
 * leak checker of the sanitizer build sees only our own allocations. */
static void release_caches(void)
{
    cairo_debug_reset_static_data();
}

static Suite *plot_suite(void)
{
    Suite *s = suite_create("plot");
    TCase *tc = tcase_create("kinds");
    tcase_add_checked_fixture(tc, NULL, release_caches);
    tcase_set_timeout(tc, 60);
    tcase_add_loop_test(tc, test_kind_png, 0, NKINDS);
    tcase_add_loop_test(tc, test_kind_vector, 0, NKINDS);
    tcase_add_test(tc, test_size_and_case);
    tcase_add_test(tc, test_legend_corner);
    tcase_add_test(tc, test_threads);
    suite_add_tcase(s, tc);
    tc = tcase_create("degenerate");
    tcase_add_checked_fixture(tc, NULL, release_caches);
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, test_degenerate);
    suite_add_tcase(s, tc);
    tc = tcase_create("ticks");
    tcase_add_test(tc, test_ticks_linear);
    tcase_add_test(tc, test_ticks_log);
    tcase_add_test(tc, test_format_tick);
    suite_add_tcase(s, tc);
    tc = tcase_create("errors");
    tcase_add_checked_fixture(tc, NULL, release_caches);
    tcase_add_test(tc, test_errors);
    suite_add_tcase(s, tc);
    return s;
}

/* check_plot --examples DIR: write the five figures in every format. */
static int write_examples(const char *dir)
{
    static const char *const ext[3] = {"png", "svg", "pdf"};
    for (int k = 0; k < NKINDS; k++) {
        example *e = build(k);
        for (int x = 0; x < 3; x++) {
            char p[1024];
            vs_err err;
            snprintf(p, sizeof p, "%s/%s.%s", dir, kind_names[k], ext[x]);
            if (vs_plot_render(&e->spec, p, &err) != VS_OK) {
                fprintf(stderr, "%s\n", err.msg);
                free(e);
                return 1;
            }
            printf("%s\n", p);
        }
        free(e);
    }
    return 0;
}

int main(int argc, char **argv)
{
    gsl_set_error_handler_off();
    if (argc == 3 && strcmp(argv[1], "--examples") == 0)
        return write_examples(argv[2]);
    SRunner *sr = srunner_create(plot_suite());
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
