/*
 * style.c: the palette, markers, dash patterns and bar hatching.
 *
 * Colours are the Okabe-Ito set (Okabe and Ito 2008, "Color Universal
 * Design"), distinguishable under the common colour-vision deficiencies.
 * Because colour alone fails in grayscale print, every automatic style also
 * varies a second channel: points get different marker shapes, lines
 * different dash patterns, bars different hatching.
 */
#include <math.h>

#include "internal.h"

/* Okabe-Ito, in the order automatic assignment uses them. */
static const unsigned char palette[VS_PLOT_NCOLORS][3] = {
    {0x00, 0x72, 0xB2}, /* blue */
    {0xD5, 0x5E, 0x00}, /* vermillion */
    {0x00, 0x9E, 0x73}, /* bluish green */
    {0xE6, 0x9F, 0x00}, /* orange */
    {0xCC, 0x79, 0xA7}, /* reddish purple */
    {0x56, 0xB4, 0xE9}, /* sky blue */
    {0x00, 0x00, 0x00}, /* black */
    {0xF0, 0xE4, 0x42}, /* yellow */
};

void vs__plot_color(int color, double rgb[3])
{
    int i = color < 1 ? 0 : (color - 1) % VS_PLOT_NCOLORS;
    for (int k = 0; k < 3; k++)
        rgb[k] = palette[i][k] / 255.0;
}

void vs__plot_set_dash(cairo_t *cr, vs_plot_dash dash, double lw)
{
    /* Lengths in units of the line width (at least 1.5 px), so thick and
     * thin lines keep the same look. */
    double u = lw > 1.5 ? lw : 1.5;
    double d[4];
    int n = 0;
    switch (dash) {
    case VS_PLOT_DASH_DASHED: d[0] = 4 * u; d[1] = 2.5 * u; n = 2; break;
    case VS_PLOT_DASH_DOTTED: d[0] = 0.01; d[1] = 2.2 * u; n = 2; break;
    case VS_PLOT_DASH_DASHDOT: d[0] = 5 * u; d[1] = 2 * u; d[2] = 0.01; d[3] = 2 * u; n = 4; break;
    case VS_PLOT_DASH_LONG: d[0] = 9 * u; d[1] = 3 * u; n = 2; break;
    default: n = 0; break;
    }
    /* Round caps turn the 0.01-long dashes into dots. */
    cairo_set_line_cap(cr, n ? CAIRO_LINE_CAP_ROUND : CAIRO_LINE_CAP_BUTT);
    cairo_set_dash(cr, d, n, 0.0);
}

void vs__plot_marker(cairo_t *cr, vs_plot_marker m, double x, double y, double r,
                     const double rgb[3])
{
    cairo_save(cr);
    cairo_set_dash(cr, NULL, 0, 0.0);
    cairo_new_path(cr);
    int stroke_only = 0;
    switch (m) {
    case VS_PLOT_MARKER_CIRCLE:
        cairo_arc(cr, x, y, r, 0, 2 * VS__PLOT_PI);
        break;
    case VS_PLOT_MARKER_SQUARE: {
        double a = r * 0.88;
        cairo_rectangle(cr, x - a, y - a, 2 * a, 2 * a);
        break;
    }
    case VS_PLOT_MARKER_TRIANGLE:
        cairo_move_to(cr, x, y - 1.2 * r);
        cairo_line_to(cr, x + 1.1 * r, y + 0.8 * r);
        cairo_line_to(cr, x - 1.1 * r, y + 0.8 * r);
        cairo_close_path(cr);
        break;
    case VS_PLOT_MARKER_TRIANGLE_DOWN:
        cairo_move_to(cr, x, y + 1.2 * r);
        cairo_line_to(cr, x + 1.1 * r, y - 0.8 * r);
        cairo_line_to(cr, x - 1.1 * r, y - 0.8 * r);
        cairo_close_path(cr);
        break;
    case VS_PLOT_MARKER_DIAMOND:
        cairo_move_to(cr, x, y - 1.25 * r);
        cairo_line_to(cr, x + r, y);
        cairo_line_to(cr, x, y + 1.25 * r);
        cairo_line_to(cr, x - r, y);
        cairo_close_path(cr);
        break;
    case VS_PLOT_MARKER_CROSS: {
        double a = r * 0.9;
        cairo_move_to(cr, x - a, y - a);
        cairo_line_to(cr, x + a, y + a);
        cairo_move_to(cr, x - a, y + a);
        cairo_line_to(cr, x + a, y - a);
        stroke_only = 1;
        break;
    }
    case VS_PLOT_MARKER_PLUS:
        cairo_move_to(cr, x - 1.15 * r, y);
        cairo_line_to(cr, x + 1.15 * r, y);
        cairo_move_to(cr, x, y - 1.15 * r);
        cairo_line_to(cr, x, y + 1.15 * r);
        stroke_only = 1;
        break;
    default:
        cairo_restore(cr);
        return;
    }
    if (stroke_only) {
        cairo_set_source_rgb(cr, rgb[0], rgb[1], rgb[2]);
        cairo_set_line_width(cr, r * 0.55);
        cairo_set_line_cap(cr, CAIRO_LINE_CAP_ROUND);
        cairo_stroke(cr);
    } else {
        cairo_set_source_rgb(cr, rgb[0], rgb[1], rgb[2]);
        cairo_fill_preserve(cr);
        /* A darker rim keeps light colours visible on white. */
        cairo_set_source_rgb(cr, rgb[0] * 0.55, rgb[1] * 0.55, rgb[2] * 0.55);
        cairo_set_line_width(cr, r * 0.22 > 0.8 ? r * 0.22 : 0.8);
        cairo_set_line_join(cr, CAIRO_LINE_JOIN_MITER);
        cairo_stroke(cr);
    }
    cairo_restore(cr);
}

void vs__plot_hatch(cairo_t *cr, int hatch, double x, double y, double w, double h,
                    double gap)
{
    if (hatch <= 0 || w <= 0 || h <= 0 || gap <= 0)
        return;
    int kind = (hatch - 1) % 5 + 1;
    cairo_save(cr);
    cairo_rectangle(cr, x, y, w, h);
    cairo_clip(cr);
    cairo_new_path(cr);
    cairo_set_dash(cr, NULL, 0, 0.0);
    cairo_set_source_rgba(cr, 1, 1, 1, 0.75);
    cairo_set_line_width(cr, gap * 0.22 > 1.0 ? gap * 0.22 : 1.0);
    double L = w + h;
    /* Lines anchored to the rectangle's corner so equal bars look equal. */
    if (kind == 1 || kind == 3) { /* '/' */
        for (double t = 0; t <= L; t += gap) {
            cairo_move_to(cr, x + t, y + h);
            cairo_line_to(cr, x + t - h, y);
        }
        /* covers x..x+w as t - h sweeps from -h to w */
    }
    if (kind == 2 || kind == 3) { /* '\' */
        for (double t = 0; t <= L; t += gap) {
            cairo_move_to(cr, x + t - h, y + h);
            cairo_line_to(cr, x + t, y);
        }
    }
    if (kind == 4) { /* '-' */
        for (double t = gap / 2; t < h; t += gap) {
            cairo_move_to(cr, x, y + h - t);
            cairo_line_to(cr, x + w, y + h - t);
        }
    }
    if (kind == 5) { /* '|' */
        for (double t = gap / 2; t < w; t += gap) {
            cairo_move_to(cr, x + t, y);
            cairo_line_to(cr, x + t, y + h);
        }
    }
    cairo_stroke(cr);
    cairo_restore(cr);
}
