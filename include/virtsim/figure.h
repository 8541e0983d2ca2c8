/*
 * figure.h: the figures virtsim draws from its results, as data.
 *
 * A vs_figure is a plot specification that owns its data: title, axes,
 * panels, series and reference lines.  The figure builders turn results (a
 * run's summary, a sweep, a comparison, a plan) into one; vs_figure_render
 * draws it with the plot module (PNG, SVG or PDF by extension).
 *
 * A figure is also saved next to its image as a small CSV file
 * ("KIND.fig.csv": one record per line, the record type in the first field),
 * so `virtsim plot DIR` redraws every figure exactly, in another format or
 * size, without simulating again.  The format is documented in
 * docs/plots.md.
 *
 * Figure kinds:
 *   load-latency   sweep: simulated mean and p95 response (CI bars) and the
 *                  analytic curves against the first varied parameter
 *   response-cdf   run: empirical response-time CDF of each VM against the
 *                  analytic CDF where the model gives one (M/M/c, M/M/c/K, GI/M/1)
 *   timeseries     run with output.series: utilization and jobs in system
 *                  over time per VM and host
 *   compare        compare: grouped bars with CI whiskers per variant
 *   plan           plan: the metric against the parameter, the target line
 *                  and the answer marked
 */
#ifndef VIRTSIM_FIGURE_H
#define VIRTSIM_FIGURE_H

#include <stddef.h>
#include <stdio.h>

#include "virtsim/err.h"
#include "virtsim/experiment.h"
#include "virtsim/plot.h"
#include "virtsim/summary.h"

typedef struct vs_figure_series {
    vs_plot_kind kind;
    char *label;
    int panel;
    int color;          /* 0 = automatic */
    size_t n;
    double *x, *y;      /* n values each */
    double *ylo, *yhi;  /* n values each, or NULL */
} vs_figure_series;

typedef struct vs_figure {
    char *kind;          /* "load-latency", ... */
    char *title;
    int width, height;   /* 0 = default */
    char *xlabel;
    int xlog;
    int xfixed;          /* 1: the x range is [xmin, xmax] */
    double xmin, xmax;
    size_t npanels;      /* >= 1 */
    char *ylabel[VS_PLOT_MAX_PANELS];
    int ylog[VS_PLOT_MAX_PANELS];
    char *panel_title[VS_PLOT_MAX_PANELS];
    char **categories;   /* categorical x axis, or NULL */
    size_t ncategories;
    vs_figure_series *series;
    size_t nseries;
    vs_plot_ref *refs;   /* labels owned by the figure */
    size_t nrefs;
} vs_figure;

/* The kinds, comma-separated, for messages; and whether a name is one. */
const char *vs_figure_kinds(void);
int vs_figure_kind_valid(const char *kind);

/* Builders: a new figure of the given kind from results.  They fail with
 * VS_EINVAL and a message when the results cannot give that figure (no
 * time series recorded, a non-numeric sweep parameter, ...). */
int vs_figure_from_summary(const char *kind, const vs_summary *s, vs_figure **out, vs_err *err);
int vs_figure_from_sweep(const char *kind, const vs_sweep *sw, vs_figure **out, vs_err *err);
int vs_figure_from_plan(const vs_plan *p, vs_figure **out, vs_err *err);

void vs_figure_free(vs_figure *fig);

/* Draw the figure to path (.png, .svg or .pdf). */
int vs_figure_render(const vs_figure *fig, const char *path, vs_err *err);

/* Save as a figure file / load one back (exact: numbers round-trip). */
int vs_figure_save(FILE *f, const vs_figure *fig);
int vs_figure_load(const char *path, vs_figure **out, vs_err *err);

#endif /* VIRTSIM_FIGURE_H */
