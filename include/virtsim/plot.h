/*
 * plot.h: figures from plain arrays, drawn with cairo (PNG, SVG, PDF).
 *
 * The plot module is a leaf: it knows nothing of the engine, the model or
 * the results structs.  A caller describes a figure as data (a vs_plot_spec:
 * title, axes, one or more vertically stacked panels sharing the x axis, a
 * list of series, reference lines) and calls vs_plot_render with a file
 * name; the extension picks the format.  The renderer does the rest: axis
 * ranges from the data, "nice" ticks (1-2-5 steps on linear axes, decades
 * with minor ticks on log axes), compact tick labels, a legend in the least
 * occupied corner of each panel (outside on the right when every corner
 * would cover data), a colour-blind-safe palette (Okabe-Ito) with distinct
 * markers, dash patterns and bar hatching so the figure still reads in
 * grayscale.
 *
 * Every field of the spec has a useful zero value, so a caller fills in only
 * what it needs with a designated initializer:
 *
 *     vs_plot_series s[] = {
 *         {.kind = VS_PLOT_POINTS, .n = n, .x = rho, .y = mean, .ylo = lo,
 *          .yhi = hi, .label = "mean (simulated)", .color = VS_PLOT_BLUE},
 *         {.kind = VS_PLOT_LINE, .n = 200, .x = rho_fine, .y = w,
 *          .label = "mean (M/M/1)", .color = VS_PLOT_BLUE},
 *     };
 *     vs_plot_spec spec = {
 *         .title = "M/M/1 response time", .x = {.label = "load"},
 *         .y = {{.label = "response time (s)", .log = 1}},
 *         .series = s, .nseries = 2};
 *     vs_plot_render(&spec, "out/latency.png", &err);
 *
 * docs/plots.md shows the five figure kinds the experiments use
 * (load-latency, response-cdf, timeseries, compare, plan).
 *
 * Degenerate data never crash the renderer: NaN and infinite values are
 * skipped (a line breaks at them), values <= 0 on a log axis are skipped and
 * the range comes from the positive ones, an empty series draws nothing, a
 * single point or all-equal values get a small range around them.
 *
 * Output is deterministic: the same spec gives the same PNG bytes, and the
 * SVG and PDF files carry no dates.  Files are written atomically (a
 * temporary name in the same directory, renamed into place when complete).
 * Nothing here keeps global state; figures may be rendered in parallel
 * threads.
 */
#ifndef VIRTSIM_PLOT_H
#define VIRTSIM_PLOT_H

#include <stddef.h>

#include "virtsim/err.h"

/* Limits: panels per figure, major and minor ticks per axis. */
#define VS_PLOT_MAX_PANELS 4
#define VS_PLOT_MAX_TICKS 32
#define VS_PLOT_MAX_MINOR 256

/* Default figure size in pixels (PNG) or points (SVG, PDF). */
#define VS_PLOT_DEFAULT_WIDTH 900
#define VS_PLOT_DEFAULT_HEIGHT 600

/* How a series is drawn. */
typedef enum vs_plot_kind {
    VS_PLOT_LINE = 0,   /* polyline through (x, y); NaN breaks it */
    VS_PLOT_POINTS,     /* a marker per point */
    VS_PLOT_LINEPOINTS, /* polyline and markers */
    VS_PLOT_STEP,       /* "post" steps: (x[i], y[i]) holds until x[i+1] (an ECDF) */
    VS_PLOT_BARS        /* bars from 0 (or the bottom of a log axis) to y */
} vs_plot_kind;

/* Colours: 0 picks one by series order; otherwise the Okabe-Ito palette
 * (Okabe and Ito 2008, "Color Universal Design"), in the order used by
 * automatic assignment. */
enum {
    VS_PLOT_AUTO_COLOR = 0,
    VS_PLOT_BLUE,       /* #0072B2 */
    VS_PLOT_VERMILLION, /* #D55E00 */
    VS_PLOT_GREEN,      /* #009E73 bluish green */
    VS_PLOT_ORANGE,     /* #E69F00 */
    VS_PLOT_PURPLE,     /* #CC79A7 reddish purple */
    VS_PLOT_SKYBLUE,    /* #56B4E9 */
    VS_PLOT_BLACK,      /* #000000 */
    VS_PLOT_YELLOW,     /* #F0E442 (weak on white: last) */
    VS_PLOT_NCOLORS = VS_PLOT_YELLOW
};

/* Markers: AUTO gives points series distinct shapes by order and lines none. */
typedef enum vs_plot_marker {
    VS_PLOT_MARKER_AUTO = 0,
    VS_PLOT_MARKER_NONE,
    VS_PLOT_MARKER_CIRCLE,
    VS_PLOT_MARKER_SQUARE,
    VS_PLOT_MARKER_TRIANGLE,
    VS_PLOT_MARKER_DIAMOND,
    VS_PLOT_MARKER_TRIANGLE_DOWN,
    VS_PLOT_MARKER_CROSS,
    VS_PLOT_MARKER_PLUS
} vs_plot_marker;

/* Dash patterns: AUTO gives line and step series distinct dashes by order
 * (the first solid). */
typedef enum vs_plot_dash {
    VS_PLOT_DASH_AUTO = 0,
    VS_PLOT_DASH_SOLID,
    VS_PLOT_DASH_DASHED,
    VS_PLOT_DASH_DOTTED,
    VS_PLOT_DASH_DASHDOT,
    VS_PLOT_DASH_LONG
} vs_plot_dash;

/* One series.  All arrays are borrowed for the duration of the call. */
typedef struct vs_plot_series {
    vs_plot_kind kind;
    const char *label;   /* legend text; NULL or "" keeps it out of the legend */
    size_t n;            /* number of points */
    const double *x;     /* n values; NULL means 0, 1, ..., n-1 (categories) */
    const double *y;     /* n values (required when n > 0) */
    const double *ylo;   /* optional error bar lower ends (absolute values), or NULL */
    const double *yhi;   /* optional error bar upper ends, or NULL; one may be NULL */
    int color;           /* VS_PLOT_BLUE...; 0 = automatic by series order */
    vs_plot_marker marker;
    vs_plot_dash dash;
    double line_width;   /* in pixels; 0 = 2 (lines), 1.2 (error bars) */
    int panel;           /* index of the panel it belongs to (0 = top) */
} vs_plot_series;

/* An axis.  The range is automatic (from the data and reference lines,
 * widened to nice tick values) unless fixed by has_min/has_max; on a log
 * axis a fixed bound <= 0 is ignored.  Data outside a fixed range are
 * clipped at the frame. */
typedef struct vs_plot_axis {
    const char *label;   /* with units, e.g. "response time (s)"; NULL = none */
    int log;             /* nonzero: log10 scale */
    int has_min, has_max;
    double min, max;     /* used when has_min / has_max */
} vs_plot_axis;

/* A reference line across a panel, e.g. a target or the planning answer. */
typedef struct vs_plot_ref {
    int vertical;        /* 0: horizontal y = value; nonzero: vertical x = value */
    double value;
    const char *label;   /* drawn next to the line; NULL = none */
    int panel;           /* horizontal lines: the panel; vertical: -1 = all
                          * panels, else that panel */
    int color;           /* 0 = dark gray, else a palette colour */
    vs_plot_dash dash;   /* AUTO = dashed */
} vs_plot_ref;

typedef struct vs_plot_spec {
    const char *title;          /* NULL = none */
    int width, height;          /* pixels (PNG) or points; 0 = 900 x 600 */
    vs_plot_axis x;             /* shared by all panels */
    /* Categorical x axis (grouped bars): when ncategories > 0, category i is
     * centred at x = i and labelled categories[i]; series x values (or their
     * index when x is NULL) select the category. x.log is ignored. */
    const char *const *categories;
    size_t ncategories;
    size_t npanels;             /* 0 or 1: one panel; at most VS_PLOT_MAX_PANELS */
    vs_plot_axis y[VS_PLOT_MAX_PANELS];       /* one y axis per panel */
    const char *panel_title[VS_PLOT_MAX_PANELS]; /* optional heading per panel */
    const vs_plot_series *series;
    size_t nseries;
    const vs_plot_ref *refs;
    size_t nrefs;
} vs_plot_spec;

/* Render spec to path; the format comes from the extension, case-insensitive:
 * ".png" (antialiased RGB on white), ".svg" or ".pdf".  The file is written
 * to "PATH.tmp.XXXXXX" and renamed over path when complete.
 * Returns VS_OK; VS_EINVAL for a malformed spec (NULL y with n > 0, a panel
 * out of range, an unknown extension, a size outside 100..10000), VS_EIO
 * when the file cannot be written (message with the path and the reason),
 * VS_ENOMEM, or VS_ERUNTIME when cairo reports another failure. */
int vs_plot_render(const vs_plot_spec *spec, const char *path, vs_err *err);

/* ---- ticks (exposed for tests and for callers that label by hand) ------- */

typedef struct vs_plot_ticks {
    double lo, hi;          /* the axis range (widened to ticks unless fixed) */
    double step;            /* linear: spacing of major ticks; log: decades per tick */
    size_t n;               /* major ticks, ascending, inside [lo, hi] */
    double major[VS_PLOT_MAX_TICKS];
    size_t nminor;          /* minor ticks (log axes: 2..9 x 10^k when room) */
    double minor[VS_PLOT_MAX_MINOR];
} vs_plot_ticks;

/* Linear ticks for data in [lo, hi]: the step is the smallest 1, 2 or 5 x
 * 10^k that covers the range with at most target intervals (target is
 * clamped to 2..30).  With widen nonzero, lo and hi move out to the
 * enclosing multiples of the step (0..0.93 with target 5 -> 0, 0.2, ...,
 * 1.0); without, the range stays and the ticks are the multiples inside it.
 * Equal bounds are spread around their value (+-10%, or +-1 at zero),
 * reversed ones swapped.  VS_EINVAL for non-finite bounds. */
int vs_plot_ticks_linear(double lo, double hi, int target, int widen,
                         vs_plot_ticks *t, vs_err *err);

/* Log10 ticks for data in [lo, hi] (both > 0): majors at powers of ten
 * (every k-th decade when there are more than about target), minors at
 * 2..9 x 10^k when a decade has room; with widen, the bounds move out to
 * whole decades (0.003..70 -> 1e-3..1e2).  VS_EINVAL for bounds <= 0 or
 * non-finite. */
int vs_plot_ticks_log(double lo, double hi, int target, int widen,
                      vs_plot_ticks *t, vs_err *err);

/* A compact label for tick value v on an axis whose major step is step:
 * as few decimals as the step needs with trailing zeros dropped ("0.5",
 * "1", "2.5"), exponent form for very large or small magnitudes ("2e6",
 * "1.5e-5"), "0" for values within step * 1e-9 of zero.  Writes at most
 * cap bytes (ASCII, '-' for minus) and returns buf. */
char *vs_plot_format_tick(double v, double step, char *buf, size_t cap);

#endif /* VIRTSIM_PLOT_H */
