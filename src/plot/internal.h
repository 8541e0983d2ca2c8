/*
 * internal.h: what the files of the plot module share (src/plot only).
 *
 * style.c holds the palette, markers, dash patterns and hatching; render.c
 * lays out and draws a figure on any cairo context; plot.c validates the
 * spec, picks the surface from the file extension and writes the file.
 */
#ifndef VIRTSIM_PLOT_INTERNAL_H
#define VIRTSIM_PLOT_INTERNAL_H

#include <cairo.h>

#include "virtsim/plot.h"

/* M_PI is not in strict C11. */
#define VS__PLOT_PI 3.14159265358979323846

/* Palette colour 1..VS_PLOT_NCOLORS (others wrap) as RGB in [0, 1]. */
void vs__plot_color(int color, double rgb[3]);

/* Set the dash pattern for style dash (not AUTO), scaled to line width lw. */
void vs__plot_set_dash(cairo_t *cr, vs_plot_dash dash, double lw);

/* Draw marker m (not AUTO or NONE) of radius r pixels centred at (x, y):
 * filled shapes in rgb with a darker outline, crosses stroked. */
void vs__plot_marker(cairo_t *cr, vs_plot_marker m, double x, double y, double r,
                     const double rgb[3]);

/* Hatch the rectangle (x, y, w, h) with pattern h (0 = none, 1 '/', 2 '\',
 * 3 'x', 4 '-', 5 '|', others wrap to 1..5), white lines spaced `gap`. */
void vs__plot_hatch(cairo_t *cr, int hatch, double x, double y, double w, double h,
                    double gap);

/* Lay out and draw spec on cr over a width x height area (white
 * background included).  The spec has been validated by vs__plot_check. */
int vs__plot_draw(const vs_plot_spec *spec, cairo_t *cr, double width, double height,
                  vs_err *err);

/* Check a spec for the errors vs_plot_render reports as VS_EINVAL. */
int vs__plot_check(const vs_plot_spec *spec, vs_err *err);

#endif /* VIRTSIM_PLOT_INTERNAL_H */
