/*
 * figure_internal.h: building blocks shared by figure.c and figures.c.
 */
#ifndef VS_REPORT_FIGURE_INTERNAL_H
#define VS_REPORT_FIGURE_INTERNAL_H

#include "virtsim/figure.h"

/* A new empty figure with one panel; NULL when out of memory. */
vs_figure *vs__fig_new(const char *kind, const char *title);
/* Append a series of n zeroed points (with error-bar arrays if errors);
 * NULL when out of memory (the figure stays valid for vs_figure_free). */
vs_figure_series *vs__fig_add_series(vs_figure *f, vs_plot_kind kind, const char *label,
                                     int panel, int color, size_t n, int errors);
int vs__fig_add_ref(vs_figure *f, int vertical, double value, const char *label, int panel,
                    int color);

#endif
