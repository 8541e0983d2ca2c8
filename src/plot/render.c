/*
 * render.c: lay out a figure spec and draw it on a cairo context.
 *
 * How it works, in the order vs__plot_draw runs:
 *
 *  1. Styles.  Each series gets its colour, marker, dash and hatch: explicit
 *     values are kept, AUTO ones are handed out in series order, a separate
 *     counter per channel (the k-th automatic points series gets the k-th
 *     marker shape, the k-th line the k-th dash, the first being solid).
 *
 *  2. Data ranges.  x over every series and vertical reference line, y per
 *     panel over its series, their error bars and its horizontal lines.
 *     Non-finite values are skipped, and so are values <= 0 on a log axis.
 *     Bars pull a linear y range to 0 and widen x by half a bar slot.
 *
 *  3. Layout.  Font sizes scale with the figure (13 px tick labels at
 *     900 x 600).  Top margin: the title; bottom: x tick labels and the x
 *     label; panels share the height left, separated by a gap and optional
 *     panel titles.  The panel heights fix the y ticks (at most one interval per 40 px),
 *     whose widest label fixes the left margin; the frame width then fixes
 *     the x ticks (about one per 100 px, fewer if labels would touch).
 *
 *  4. Legends.  Each panel's legend lists its labelled series.  To place it
 *     we rasterize what the panel draws (segments, markers, error bars,
 *     bars, reference lines and their labels) onto a grid of 6 px cells and
 *     try six positions inside the frame (top right, top left, bottom right,
 *     bottom left, top centre, bottom centre).  Of those with no occupied
 *     cell under them, the one with the fewest occupied cells within 20 px
 *     around wins (the first in that order on ties), so a legend does not
 *     hug a curve.  When every position
 *     would cover data, the legend goes outside the frame on the right: the
 *     right margin grows and the layout is redone once.
 *
 *  5. Drawing: white background, grid, data clipped to the frame (segments
 *     are clipped in double precision first, Liang-Barsky, so points far
 *     outside a fixed range never reach cairo's 24.8 fixed-point limits),
 *     reference lines and labels, frame and ticks, tick labels, axis labels,
 *     legends, title.
 *
 * Text uses cairo's "toy" API with the "sans-serif" face; negative tick
 * labels use a real minus sign (U+2212), and log axes spanning more than
 * 0.01..1000 label decades as 10 with a superscript exponent.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"

#define NPOS 6            /* candidate legend positions inside a frame */
#define CELL 6.0          /* occupancy grid cell, pixels */

/* Resolved drawing style of one series. */
typedef struct sstyle {
    double rgb[3];
    vs_plot_marker marker; /* NONE or a shape */
    vs_plot_dash dash;     /* for lines and steps */
    int hatch;             /* bars: 0 none, else a pattern */
    double lw;             /* line width, px */
    int bar_slot;          /* bars: index among the panel's bar series */
} sstyle;

/* One panel's layout. */
typedef struct panel {
    double top, bottom;    /* frame edges, px */
    int log;               /* y axis scale */
    vs_plot_ticks yt;
    double yu0, yu1;       /* axis range in scale units (log10 for log) */
    int nbars;             /* bar series in the panel */
    /* legend */
    size_t nleg;
    double leg_w, leg_h;
    int leg_outside;
    double leg_x, leg_y;
} panel;

typedef struct fig {
    const vs_plot_spec *spec;
    cairo_t *cr;
    double W, H;
    double sc;                 /* size scale (1 at 900 x 600) */
    double fs_tick, fs_label, fs_title, fs_legend, fs_ptitle;
    double pad;
    double left, right;        /* frame edges, px */
    int xlog, xcat;
    vs_plot_ticks xt;
    double xu0, xu1;
    double bar_slot_w;         /* bar slot in x data units */
    size_t np;
    panel p[VS_PLOT_MAX_PANELS];
    sstyle *st;
    double right_extra;        /* room for outside legends */
    int log_pow_labels_x;      /* label log decades as 10^k */
    int log_pow_labels_y[VS_PLOT_MAX_PANELS];
    /* occupancy grid of the panel being tested */
    unsigned char *grid;
    int gw, gh;
    double gx0, gy0;
} fig;

/* ---- small helpers ------------------------------------------------------- */

static int ok_x(const fig *f, double v)
{
    return isfinite(v) && (!f->xlog || v > 0.0);
}

static int ok_y(const fig *f, size_t pi, double v)
{
    return isfinite(v) && (!f->p[pi].log || v > 0.0);
}

static double sx(const fig *f, double v)
{
    double u = f->xlog ? log10(v) : v;
    double t = (u * 0.5 - f->xu0 * 0.5) / (f->xu1 * 0.5 - f->xu0 * 0.5);
    return f->left + t * (f->right - f->left);
}

static double sy(const fig *f, size_t pi, double v)
{
    const panel *p = &f->p[pi];
    double u = p->log ? log10(v) : v;
    double t = (u * 0.5 - p->yu0 * 0.5) / (p->yu1 * 0.5 - p->yu0 * 0.5);
    return p->bottom - t * (p->bottom - p->top);
}

/* A coordinate for a crisp horizontal or vertical line of width lw px:
 * on a pixel edge for even widths, on a pixel centre for odd ones. */
static double snap(double v, double lw)
{
    long w = lround(lw);
    if (w % 2 == 0)
        return round(v);
    return floor(v) + 0.5;
}

/* x of point i of series s (index when x is NULL). */
static double xval(const vs_plot_series *s, size_t i)
{
    return s->x ? s->x[i] : (double)i;
}

static void set_font(const fig *f, double size, int bold)
{
    cairo_select_font_face(f->cr, "sans-serif", CAIRO_FONT_SLANT_NORMAL,
                           bold ? CAIRO_FONT_WEIGHT_BOLD : CAIRO_FONT_WEIGHT_NORMAL);
    cairo_set_font_size(f->cr, size);
}

static double text_w(const fig *f, const char *s)
{
    cairo_text_extents_t e;
    cairo_text_extents(f->cr, s, &e);
    return e.x_advance;
}

/* Height of a line of text in the current font (ascent + descent). */
static double text_h(const fig *f)
{
    cairo_font_extents_t fe;
    cairo_font_extents(f->cr, &fe);
    return fe.ascent + fe.descent;
}

/* Draw s with its box anchored at (x, y): ha 0 left, 0.5 centre, 1 right;
 * va 0 top, 0.5 middle, 1 bottom (of ascent + descent). */
static void draw_text(const fig *f, const char *s, double x, double y, double ha, double va)
{
    cairo_font_extents_t fe;
    cairo_font_extents(f->cr, &fe);
    double w = text_w(f, s);
    double h = fe.ascent + fe.descent;
    cairo_move_to(f->cr, x - ha * w, y - va * h + fe.ascent);
    cairo_show_text(f->cr, s);
}

/* ---- tick labels --------------------------------------------------------- */

/* A tick label: base text and an optional superscript (for 10^k). */
typedef struct tlabel {
    char base[48];
    char sup[16];
} tlabel;

/* Replace a leading ASCII '-' by U+2212 (a real minus sign). */
static void nice_minus(char *s, size_t cap)
{
    size_t n = strlen(s);
    if (s[0] != '-' || n + 3 > cap)
        return;
    memmove(s + 3, s + 1, n); /* the rest and its '\0' */
    memcpy(s, "\xe2\x88\x92", 3);
}

static void make_label(tlabel *l, double v, const vs_plot_ticks *t, int log, int pow_labels)
{
    l->sup[0] = '\0';
    if (log && pow_labels) {
        int k = (int)lround(log10(v));
        snprintf(l->base, sizeof l->base, "10");
        snprintf(l->sup, sizeof l->sup, "%d", k);
        nice_minus(l->sup, sizeof l->sup);
        return;
    }
    if (log) {
        /* plain decades 0.01 .. 1000 */
        vs_plot_format_tick(v, v, l->base, sizeof l->base);
        return;
    }
    vs_plot_format_tick(v, t->step, l->base, sizeof l->base);
    nice_minus(l->base, sizeof l->base);
}

/* Whether log decades should print as 10^k: any major outside 0.01..1000. */
static int want_pow(const vs_plot_ticks *t)
{
    for (size_t i = 0; i < t->n; i++)
        if (t->major[i] < 0.0099 || t->major[i] > 1001.0)
            return 1;
    return 0;
}

static double label_w(const fig *f, const tlabel *l, double fs)
{
    set_font(f, fs, 0);
    double w = text_w(f, l->base);
    if (l->sup[0]) {
        set_font(f, fs * 0.75, 0);
        w += text_w(f, l->sup) + 1.0;
        set_font(f, fs, 0);
    }
    return w;
}

static void draw_label(const fig *f, const tlabel *l, double fs, double x, double y,
                       double ha, double va)
{
    double w = label_w(f, l, fs);
    set_font(f, fs, 0);
    double x0 = x - ha * w;
    draw_text(f, l->base, x0, y, 0.0, va);
    if (l->sup[0]) {
        double bw = text_w(f, l->base);
        set_font(f, fs * 0.75, 0);
        draw_text(f, l->sup, x0 + bw + 1.0, y - fs * 0.45, 0.0, va);
        set_font(f, fs, 0);
    }
}

/* ---- styles -------------------------------------------------------------- */

static void resolve_styles(fig *f)
{
    const vs_plot_spec *sp = f->spec;
    int nauto_color = 0, nauto_marker = 0, nauto_dash = 0;
    int nbars_panel[VS_PLOT_MAX_PANELS] = {0};
    for (size_t i = 0; i < sp->nseries; i++) {
        const vs_plot_series *s = &sp->series[i];
        sstyle *st = &f->st[i];
        int c = s->color > 0 ? s->color : 1 + nauto_color++ % VS_PLOT_NCOLORS;
        vs__plot_color(c, st->rgb);
        int pointy = s->kind == VS_PLOT_POINTS || s->kind == VS_PLOT_LINEPOINTS;
        int liney = s->kind == VS_PLOT_LINE || s->kind == VS_PLOT_LINEPOINTS ||
                    s->kind == VS_PLOT_STEP;
        if (s->marker != VS_PLOT_MARKER_AUTO)
            st->marker = s->marker;
        else if (pointy)
            st->marker = (vs_plot_marker)(VS_PLOT_MARKER_CIRCLE + nauto_marker++ % 7);
        else
            st->marker = VS_PLOT_MARKER_NONE;
        if (s->dash != VS_PLOT_DASH_AUTO)
            st->dash = s->dash;
        else if (liney)
            st->dash = (vs_plot_dash)(VS_PLOT_DASH_SOLID + nauto_dash++ % 5);
        else
            st->dash = VS_PLOT_DASH_SOLID;
        st->lw = (s->line_width > 0 ? s->line_width : 2.0) * f->sc;
        if (s->kind == VS_PLOT_BARS) {
            int pi = s->panel;
            st->bar_slot = nbars_panel[pi];
            st->hatch = nbars_panel[pi];  /* first plain, then / \ x - | */
            nbars_panel[pi]++;
        }
    }
    for (size_t pi = 0; pi < f->np; pi++)
        f->p[pi].nbars = nbars_panel[pi];
}

/* ---- ranges -------------------------------------------------------------- */

typedef struct range {
    double lo, hi;
    int any;
} range;

static void grow(range *r, double v)
{
    if (!r->any) {
        r->lo = r->hi = v;
        r->any = 1;
    } else {
        if (v < r->lo)
            r->lo = v;
        if (v > r->hi)
            r->hi = v;
    }
}

/* Smallest positive spacing between consecutive x values of bar series:
 * the slot a group of bars shares (1 when there is no such spacing). */
static double bar_slot(const fig *f)
{
    const vs_plot_spec *sp = f->spec;
    if (f->xcat)
        return 1.0;
    double best = INFINITY;
    for (size_t i = 0; i < sp->nseries; i++) {
        const vs_plot_series *s = &sp->series[i];
        if (s->kind != VS_PLOT_BARS)
            continue;
        double prev = NAN;
        for (size_t k = 0; k < s->n; k++) {
            double x = xval(s, k);
            if (!ok_x(f, x))
                continue;
            double u = f->xlog ? log10(x) : x;
            if (isfinite(prev) && fabs(u - prev) > 0 && fabs(u - prev) < best)
                best = fabs(u - prev);
            prev = u;
        }
    }
    return isfinite(best) ? best : 1.0;
}

static int compute_x_range(fig *f, range *xr)
{
    const vs_plot_spec *sp = f->spec;
    memset(xr, 0, sizeof *xr);
    int any_bars = 0;
    for (size_t i = 0; i < sp->nseries; i++) {
        const vs_plot_series *s = &sp->series[i];
        if (s->kind == VS_PLOT_BARS)
            any_bars = 1;
        for (size_t k = 0; k < s->n; k++) {
            double x = xval(s, k);
            if (ok_x(f, x) && isfinite(s->y[k]))
                grow(xr, x);
        }
    }
    for (size_t i = 0; i < sp->nrefs; i++)
        if (sp->refs[i].vertical && ok_x(f, sp->refs[i].value))
            grow(xr, sp->refs[i].value);
    f->bar_slot_w = bar_slot(f);
    if (any_bars && xr->any && !f->xcat) {
        double h = f->bar_slot_w / 2;
        if (f->xlog) {
            xr->lo = pow(10.0, log10(xr->lo) - h);
            xr->hi = pow(10.0, log10(xr->hi) + h);
        } else {
            xr->lo -= h;
            xr->hi += h;
        }
    }
    return 0;
}

static void compute_y_range(const fig *f, size_t pi, range *yr)
{
    const vs_plot_spec *sp = f->spec;
    memset(yr, 0, sizeof *yr);
    int bars = 0;
    for (size_t i = 0; i < sp->nseries; i++) {
        const vs_plot_series *s = &sp->series[i];
        if ((size_t)s->panel != pi)
            continue;
        if (s->kind == VS_PLOT_BARS)
            bars = 1;
        for (size_t k = 0; k < s->n; k++) {
            double x = xval(s, k);
            if (!ok_x(f, x))
                continue;
            if (ok_y(f, pi, s->y[k]))
                grow(yr, s->y[k]);
            if (s->ylo && ok_y(f, pi, s->ylo[k]))
                grow(yr, s->ylo[k]);
            if (s->yhi && ok_y(f, pi, s->yhi[k]))
                grow(yr, s->yhi[k]);
        }
    }
    for (size_t i = 0; i < sp->nrefs; i++) {
        const vs_plot_ref *r = &sp->refs[i];
        if (!r->vertical && (size_t)r->panel == pi && ok_y(f, pi, r->value))
            grow(yr, r->value);
    }
    if (bars && !f->p[pi].log && yr->any) {
        grow(yr, 0.0);
    }
}

/* Ticks for an axis: fixed ends from the spec, the rest from the data. */
static int axis_ticks(const vs_plot_axis *ax, int log, range r, int target,
                      vs_plot_ticks *t, vs_err *err)
{
    int fix_lo = ax->has_min && isfinite(ax->min) && (!log || ax->min > 0);
    int fix_hi = ax->has_max && isfinite(ax->max) && (!log || ax->max > 0);
    if (!r.any) {
        r.lo = log ? 1.0 : 0.0;
        r.hi = log ? 10.0 : 1.0;
    }
    if (fix_lo)
        r.lo = ax->min;
    if (fix_hi)
        r.hi = ax->max;
    if (fix_lo && !fix_hi && r.hi <= r.lo)
        r.hi = log ? r.lo * 10 : r.lo + (fabs(r.lo) > 0 ? fabs(r.lo) : 1.0);
    if (fix_hi && !fix_lo && r.hi <= r.lo)
        r.lo = log ? r.hi / 10 : r.hi - (fabs(r.hi) > 0 ? fabs(r.hi) : 1.0);
    int widen = !(fix_lo && fix_hi);
    int rc = log ? vs_plot_ticks_log(r.lo, r.hi, target, widen, t, err)
                 : vs_plot_ticks_linear(r.lo, r.hi, target, widen, t, err);
    if (rc != VS_OK)
        return rc;
    /* A fixed end stays exactly where the caller put it. */
    if (fix_lo || fix_hi) {
        double lo = fix_lo ? r.lo : t->lo, hi = fix_hi ? r.hi : t->hi;
        if (hi > lo) {
            size_t n = 0;
            for (size_t i = 0; i < t->n; i++)
                if (t->major[i] >= lo - 1e-9 * fabs(hi - lo) &&
                    t->major[i] <= hi + 1e-9 * fabs(hi - lo))
                    t->major[n++] = t->major[i];
            t->n = n;
            n = 0;
            for (size_t i = 0; i < t->nminor; i++)
                if (t->minor[i] > lo && t->minor[i] < hi)
                    t->minor[n++] = t->minor[i];
            t->nminor = n;
            t->lo = lo;
            t->hi = hi;
        }
    }
    return VS_OK;
}

/* ---- layout -------------------------------------------------------------- */

static double ytick_label_width(fig *f, size_t pi)
{
    panel *p = &f->p[pi];
    double w = 0;
    f->log_pow_labels_y[pi] = p->log && want_pow(&p->yt);
    for (size_t i = 0; i < p->yt.n; i++) {
        tlabel l;
        make_label(&l, p->yt.major[i], &p->yt, p->log, f->log_pow_labels_y[pi]);
        double lw = label_w(f, &l, f->fs_tick);
        if (lw > w)
            w = lw;
    }
    return w;
}

/* Whether the x tick labels fit side by side (with a gap of one em). */
static int xlabels_fit(fig *f)
{
    if (f->xcat)
        return 1;
    double prev_r = -INFINITY;
    for (size_t i = 0; i < f->xt.n; i++) {
        tlabel l;
        make_label(&l, f->xt.major[i], &f->xt, f->xlog, f->log_pow_labels_x);
        double w = label_w(f, &l, f->fs_tick);
        double c = sx(f, f->xt.major[i]);
        if (c - w / 2 < prev_r + f->fs_tick)
            return 0;
        prev_r = c + w / 2;
    }
    return 1;
}

/* Category labels: whether they need rotating (widest label > slot). */
static int cat_rotate(fig *f)
{
    if (!f->xcat)
        return 0;
    const vs_plot_spec *sp = f->spec;
    double slot = (f->right - f->left) / (double)sp->ncategories;
    set_font(f, f->fs_tick, 0);
    for (size_t i = 0; i < sp->ncategories; i++) {
        const char *c = sp->categories[i] ? sp->categories[i] : "";
        if (text_w(f, c) > slot * 0.92)
            return 1;
    }
    return 0;
}

static double cat_max_w(fig *f)
{
    const vs_plot_spec *sp = f->spec;
    double w = 0;
    set_font(f, f->fs_tick, 0);
    for (size_t i = 0; i < sp->ncategories; i++) {
        double t = text_w(f, sp->categories[i] ? sp->categories[i] : "");
        if (t > w)
            w = t;
    }
    return w;
}

static int layout(fig *f, vs_err *err)
{
    const vs_plot_spec *sp = f->spec;
    double pad = f->pad;
    range xr;
    compute_x_range(f, &xr);

    set_font(f, f->fs_tick, 0);
    double tick_h = text_h(f);
    set_font(f, f->fs_label, 0);
    double label_h = text_h(f);
    set_font(f, f->fs_title, 1);
    double title_h = text_h(f);
    set_font(f, f->fs_ptitle, 1);
    double ptitle_h = text_h(f);
    double ticklen = 5 * f->sc;

    double top = pad + (sp->title && *sp->title ? title_h + pad * 0.8 : tick_h * 0.5);
    /* Rotated category labels need the projected width; decided after a
     * first guess of the frame width. */
    f->left = 0;
    f->right = f->W;
    int rot = 0;
    for (int pass = 0; pass < 2; pass++) {
        double bottom_m = pad + ticklen + tick_h + pad * 0.5;
        if (rot)
            bottom_m = pad + ticklen + cat_max_w(f) * 0.5 + tick_h + pad * 0.5;
        if (sp->x.label && *sp->x.label)
            bottom_m += label_h + pad * 0.3;
        double avail = f->H - top - bottom_m;
        double gap = pad * 1.2;
        double hsum = avail;
        for (size_t pi = 0; pi < f->np; pi++) {
            if (sp->panel_title[pi] && *sp->panel_title[pi])
                hsum -= ptitle_h + pad * 0.4;
        }
        hsum -= gap * (double)(f->np - 1);
        double ph = hsum / (double)f->np;
        if (ph < 20)
            ph = 20;
        double y = top;
        double ywidth = 0;
        for (size_t pi = 0; pi < f->np; pi++) {
            panel *p = &f->p[pi];
            if (sp->panel_title[pi] && *sp->panel_title[pi])
                y += ptitle_h + pad * 0.4;
            p->top = y;
            p->bottom = y + ph;
            y = p->bottom + gap;
            p->log = sp->y[pi].log != 0;
            range yr;
            compute_y_range(f, pi, &yr);
            int target = (int)(ph / (40 * f->sc));
            int rc = axis_ticks(&sp->y[pi], p->log, yr, target < 2 ? 2 : target, &p->yt, err);
            if (rc != VS_OK)
                return rc;
            p->yu0 = p->log ? log10(p->yt.lo) : p->yt.lo;
            p->yu1 = p->log ? log10(p->yt.hi) : p->yt.hi;
            double w = ytick_label_width(f, pi);
            if (w > ywidth)
                ywidth = w;
        }
        double ylab_w = 0;
        for (size_t pi = 0; pi < f->np; pi++)
            if (sp->y[pi].label && *sp->y[pi].label)
                ylab_w = label_h + pad * 0.6;
        f->left = pad + ylab_w + ywidth + ticklen + pad * 0.5;
        f->right = f->W - pad * 1.6 - f->right_extra;

        /* x ticks: about one per 100 px, fewer while labels collide. */
        if (f->xcat) {
            memset(&f->xt, 0, sizeof f->xt);
            f->xt.lo = -0.5;
            f->xt.hi = (double)sp->ncategories - 0.5;
            f->xt.step = 1;
            f->xu0 = f->xt.lo;
            f->xu1 = f->xt.hi;
        } else {
            int target = (int)((f->right - f->left) / (100 * f->sc));
            if (target < 2)
                target = 2;
            for (;; target--) {
                int rc = axis_ticks(&sp->x, f->xlog, xr, target, &f->xt, err);
                if (rc != VS_OK)
                    return rc;
                f->xu0 = f->xlog ? log10(f->xt.lo) : f->xt.lo;
                f->xu1 = f->xlog ? log10(f->xt.hi) : f->xt.hi;
                f->log_pow_labels_x = f->xlog && want_pow(&f->xt);
                if (target <= 2 || xlabels_fit(f))
                    break;
            }
            /* Half of the last tick label hangs past its tick: keep it
             * inside the figure (the ticks stay, the frame narrows). */
            if (f->xt.n > 0 && f->right_extra == 0) {
                tlabel l;
                make_label(&l, f->xt.major[f->xt.n - 1], &f->xt, f->xlog,
                           f->log_pow_labels_x);
                double hang = label_w(f, &l, f->fs_tick) / 2 + pad * 0.5;
                double over = sx(f, f->xt.major[f->xt.n - 1]) + hang - f->W;
                if (over > 0)
                    f->right -= over;
            }
        }
        int r2 = cat_rotate(f);
        if (r2 == rot)
            break;
        rot = r2;
    }
    /* Frame edges on pixel centres, so the 1 px frame is crisp. */
    if (f->sc < 1.5) {
        f->left = floor(f->left) + 0.5;
        f->right = floor(f->right) + 0.5;
        for (size_t pi = 0; pi < f->np; pi++) {
            f->p[pi].top = floor(f->p[pi].top) + 0.5;
            f->p[pi].bottom = floor(f->p[pi].bottom) + 0.5;
        }
    }
    return VS_OK;
}

/* ---- occupancy grid and legend placement -------------------------------- */

static void mark(fig *f, double x, double y)
{
    int i = (int)floor((x - f->gx0) / CELL), j = (int)floor((y - f->gy0) / CELL);
    if (i >= 0 && j >= 0 && i < f->gw && j < f->gh)
        f->grid[(size_t)j * (size_t)f->gw + (size_t)i] = 1;
}

static void mark_rect(fig *f, double x0, double y0, double x1, double y1)
{
    if (x1 < x0) {
        double t = x0;
        x0 = x1;
        x1 = t;
    }
    if (y1 < y0) {
        double t = y0;
        y0 = y1;
        y1 = t;
    }
    double gx1 = f->gx0 + f->gw * CELL, gy1 = f->gy0 + f->gh * CELL;
    if (x0 < f->gx0) x0 = f->gx0;
    if (y0 < f->gy0) y0 = f->gy0;
    if (x1 > gx1) x1 = gx1;
    if (y1 > gy1) y1 = gy1;
    for (double y = y0; y <= y1; y += CELL * 0.5)
        for (double x = x0; x <= x1; x += CELL * 0.5)
            mark(f, x, y);
    mark(f, x1, y1);
}

/* Liang-Barsky: clip the segment to [x0,x1] x [y0,y1]; 0 when outside. */
static int clip_seg(double *ax, double *ay, double *bx, double *by, double x0, double y0,
                    double x1, double y1)
{
    double dx = *bx - *ax, dy = *by - *ay;
    double t0 = 0.0, t1 = 1.0;
    double pp[4] = {-dx, dx, -dy, dy};
    double qq[4] = {*ax - x0, x1 - *ax, *ay - y0, y1 - *ay};
    for (int i = 0; i < 4; i++) {
        if (pp[i] == 0.0) {
            if (qq[i] < 0.0)
                return 0;
            continue;
        }
        double r = qq[i] / pp[i];
        if (pp[i] < 0.0) {
            if (r > t1)
                return 0;
            if (r > t0)
                t0 = r;
        } else {
            if (r < t0)
                return 0;
            if (r < t1)
                t1 = r;
        }
    }
    double nax = *ax + t0 * dx, nay = *ay + t0 * dy;
    double nbx = *ax + t1 * dx, nby = *ay + t1 * dy;
    *ax = nax;
    *ay = nay;
    *bx = nbx;
    *by = nby;
    return 1;
}

static void mark_seg(fig *f, double ax, double ay, double bx, double by)
{
    if (!clip_seg(&ax, &ay, &bx, &by, f->gx0, f->gy0, f->gx0 + f->gw * CELL,
                  f->gy0 + f->gh * CELL))
        return;
    double len = hypot(bx - ax, by - ay);
    int n = (int)(len / (CELL * 0.5)) + 1;
    for (int i = 0; i <= n; i++) {
        double t = (double)i / n;
        mark(f, ax + t * (bx - ax), ay + t * (by - ay));
    }
}

/* ---- series geometry (shared by drawing and the occupancy grid) --------- */

/* Vertex k of the drawn polyline of a line/step series: steps expand each
 * point into two vertices (x[i], y[i]) and (x[i+1], y[i]).  Returns 0 when
 * the vertex is missing (a NaN or a value invalid on a log axis). */
static size_t poly_len(const vs_plot_series *s)
{
    if (s->kind == VS_PLOT_STEP)
        return s->n ? 2 * s->n - 1 : 0;
    return s->n;
}

static int poly_vertex(const fig *f, const vs_plot_series *s, size_t k, double *px,
                       double *py)
{
    size_t pi = (size_t)s->panel;
    double x, y;
    if (s->kind == VS_PLOT_STEP) {
        size_t i = k / 2;
        if (k % 2 == 0) {
            x = xval(s, i);
            y = s->y[i];
        } else {
            x = xval(s, i + 1);
            y = s->y[i];
        }
    } else {
        x = xval(s, k);
        y = s->y[k];
    }
    if (!ok_x(f, x) || !ok_y(f, pi, y))
        return 0;
    *px = sx(f, x);
    *py = sy(f, pi, y);
    return 1;
}

/* Pixel x of bar i's centre (for bars, offset within the group). */
static double bar_center(const fig *f, const vs_plot_series *s, size_t i, double *half_w)
{
    const sstyle *st = &f->st[s - f->spec->series];
    const panel *p = &f->p[s->panel];
    double x = xval(s, i);
    double u = f->xlog ? log10(x) : x;
    double group = 0.8 * f->bar_slot_w;
    double bw = group / (p->nbars > 0 ? p->nbars : 1);
    double off = (st->bar_slot - (p->nbars - 1) / 2.0) * bw;
    double scale = (f->right - f->left) / (f->xu1 - f->xu0);
    *half_w = bw * scale * 0.5 * 0.92;
    return f->left + (u + off - f->xu0) * scale;
}

/* Pixel position of a point's marker / error bar (bars: their centre). */
static int point_px(const fig *f, const vs_plot_series *s, size_t i, double *px)
{
    double x = xval(s, i);
    if (!ok_x(f, x))
        return 0;
    if (s->kind == VS_PLOT_BARS) {
        double hw;
        *px = bar_center(f, s, i, &hw);
    } else {
        *px = sx(f, x);
    }
    return 1;
}

/* Bar rectangle in pixels, its base at 0 or at the bottom of a log axis. */
static int bar_rect(const fig *f, const vs_plot_series *s, size_t i, double *x0, double *y0,
                    double *x1, double *y1)
{
    size_t pi = (size_t)s->panel;
    const panel *p = &f->p[pi];
    if (!ok_x(f, xval(s, i)) || !ok_y(f, pi, s->y[i]))
        return 0;
    double hw;
    double c = bar_center(f, s, i, &hw);
    double base = p->log ? p->bottom : sy(f, pi, 0.0);
    double top = sy(f, pi, s->y[i]);
    double lim = 4 * (p->bottom - p->top);
    /* clamp to a band around the frame: the clip does the rest */
    base = fmax(p->top - lim, fmin(p->bottom + lim, base));
    top = fmax(p->top - lim, fmin(p->bottom + lim, top));
    /* clamp x too: a bar far outside a fixed x range must not reach
     * cairo's fixed-point limits (the clip hides the rest) */
    double xl = f->left - 10, xr = f->right + 10;
    *x0 = fmax(xl, fmin(xr, c - hw));
    *x1 = fmax(xl, fmin(xr, c + hw));
    if (!isfinite(*x0) || !isfinite(*x1) || *x1 <= *x0)
        return 0;
    *y0 = fmin(base, top);
    *y1 = fmax(base, top);
    return 1;
}

/* Pixel ends of point i's error bar; 0 when it has none.  An end that is
 * missing or invalid on a log axis runs to the frame edge. */
static int err_ends(const fig *f, const vs_plot_series *s, size_t i, double *ylo_px,
                    double *yhi_px)
{
    size_t pi = (size_t)s->panel;
    const panel *p = &f->p[pi];
    if (!s->ylo && !s->yhi)
        return 0;
    if (!ok_y(f, pi, s->y[i]))
        return 0;
    double yc = sy(f, pi, s->y[i]);
    double lo = yc, hi = yc;
    if (s->ylo) {
        double v = s->ylo[i];
        if (ok_y(f, pi, v))
            lo = sy(f, pi, v);
        else if (isfinite(v) || v == -INFINITY)
            lo = p->bottom; /* <= 0 on a log axis, or -inf */
    }
    if (s->yhi) {
        double v = s->yhi[i];
        if (ok_y(f, pi, v))
            hi = sy(f, pi, v);
        else if (v == INFINITY)
            hi = p->top;
    }
    double lim = 2 * (p->bottom - p->top);
    lo = fmax(p->top - lim, fmin(p->bottom + lim, lo));
    hi = fmax(p->top - lim, fmin(p->bottom + lim, hi));
    if (lo == hi)
        return 0;
    *ylo_px = lo;
    *yhi_px = hi;
    return 1;
}

static double marker_r(const fig *f)
{
    return 4.2 * f->sc;
}

/* The box of a reference line's label (also used to draw it). */
static int ref_label_box(fig *f, const vs_plot_ref *r, size_t pi, double *bx, double *by,
                         double *bw, double *bh)
{
    if (!r->label || !*r->label)
        return 0;
    /* a vertical line across all panels is labelled in the top one */
    if (r->vertical && r->panel < 0 && pi != 0)
        return 0;
    const panel *p = &f->p[pi];
    set_font(f, f->fs_legend, 0);
    double w = text_w(f, r->label) + 6 * f->sc, h = text_h(f) + 2 * f->sc;
    double m = 4 * f->sc;
    if (r->vertical) {
        if (!ok_x(f, r->value))
            return 0;
        double x = sx(f, r->value);
        if (x < f->left - 0.5 || x > f->right + 0.5)
            return 0;
        *bx = x + m;
        if (*bx + w > f->right - m)
            *bx = x - m - w;
        *by = p->top + m;
    } else {
        if (!ok_y(f, pi, r->value))
            return 0;
        double y = sy(f, pi, r->value);
        if (y < p->top - 0.5 || y > p->bottom + 0.5)
            return 0;
        *bx = f->left + m + 2 * f->sc;
        *by = y - m * 0.5 - h;
        if (*by < p->top + 1)
            *by = y + m * 0.5;
    }
    *bw = w;
    *bh = h;
    return 1;
}

static int ref_in_panel(const vs_plot_ref *r, size_t pi)
{
    if (r->vertical)
        return r->panel < 0 || (size_t)r->panel == pi;
    return (size_t)r->panel == pi;
}

static void fill_grid(fig *f, size_t pi)
{
    const vs_plot_spec *sp = f->spec;
    const panel *p = &f->p[pi];
    memset(f->grid, 0, (size_t)f->gw * (size_t)f->gh);
    double r = marker_r(f);
    for (size_t si = 0; si < sp->nseries; si++) {
        const vs_plot_series *s = &sp->series[si];
        if ((size_t)s->panel != pi || s->n == 0)
            continue;
        if (s->kind == VS_PLOT_LINE || s->kind == VS_PLOT_LINEPOINTS ||
            s->kind == VS_PLOT_STEP) {
            size_t m = poly_len(s);
            double ax = 0, ay = 0;
            int have = 0;
            for (size_t k = 0; k < m; k++) {
                double bx, by;
                if (!poly_vertex(f, s, k, &bx, &by)) {
                    have = 0;
                    continue;
                }
                if (have)
                    mark_seg(f, ax, ay, bx, by);
                else
                    mark(f, bx, by);
                ax = bx;
                ay = by;
                have = 1;
            }
        }
        for (size_t i = 0; i < s->n; i++) {
            double px, y0, y1;
            if (s->kind == VS_PLOT_BARS) {
                double x0, x1;
                if (bar_rect(f, s, i, &x0, &y0, &x1, &y1))
                    mark_rect(f, x0, y0, x1, y1);
            } else if (f->st[si].marker != VS_PLOT_MARKER_NONE && point_px(f, s, i, &px) &&
                       ok_y(f, pi, s->y[i])) {
                double py = sy(f, pi, s->y[i]);
                mark_rect(f, px - r, py - r, px + r, py + r);
            }
            if (point_px(f, s, i, &px) && err_ends(f, s, i, &y0, &y1))
                mark_seg(f, px, y0, px, y1);
        }
    }
    for (size_t i = 0; i < sp->nrefs; i++) {
        const vs_plot_ref *rf = &sp->refs[i];
        if (!ref_in_panel(rf, pi))
            continue;
        if (rf->vertical && ok_x(f, rf->value)) {
            double x = sx(f, rf->value);
            mark_seg(f, x, p->top, x, p->bottom);
        } else if (!rf->vertical && ok_y(f, pi, rf->value)) {
            double y = sy(f, pi, rf->value);
            mark_seg(f, f->left, y, f->right, y);
        }
        double bx, by, bw, bh;
        if (ref_label_box(f, rf, pi, &bx, &by, &bw, &bh))
            mark_rect(f, bx, by, bx + bw, by + bh);
    }
}

static int grid_count(const fig *f, double x0, double y0, double x1, double y1)
{
    int i0 = (int)floor((x0 - f->gx0) / CELL), i1 = (int)floor((x1 - f->gx0) / CELL);
    int j0 = (int)floor((y0 - f->gy0) / CELL), j1 = (int)floor((y1 - f->gy0) / CELL);
    int n = 0;
    for (int j = j0 < 0 ? 0 : j0; j <= j1 && j < f->gh; j++)
        for (int i = i0 < 0 ? 0 : i0; i <= i1 && i < f->gw; i++)
            n += f->grid[(size_t)j * (size_t)f->gw + (size_t)i];
    return n;
}

static double legend_row_h(const fig *f)
{
    return f->fs_legend * 1.55;
}

static double legend_sample_w(const fig *f)
{
    return 34 * f->sc;
}

static void legend_size(fig *f, size_t pi)
{
    const vs_plot_spec *sp = f->spec;
    panel *p = &f->p[pi];
    p->nleg = 0;
    double w = 0;
    set_font(f, f->fs_legend, 0);
    for (size_t i = 0; i < sp->nseries; i++) {
        const vs_plot_series *s = &sp->series[i];
        if ((size_t)s->panel != pi || !s->label || !*s->label)
            continue;
        p->nleg++;
        double t = text_w(f, s->label);
        if (t > w)
            w = t;
    }
    double inner = 7 * f->sc;
    p->leg_w = inner * 2 + legend_sample_w(f) + 6 * f->sc + w;
    p->leg_h = inner * 1.2 + legend_row_h(f) * (double)p->nleg;
}

/* Place each panel's legend; returns 1 when one moved outside (the caller
 * then grows the right margin and lays out again). */
static int place_legends(fig *f, int allow_outside)
{
    int moved = 0;
    double m = 8 * f->sc;
    for (size_t pi = 0; pi < f->np; pi++) {
        panel *p = &f->p[pi];
        legend_size(f, pi);
        if (p->nleg == 0)
            continue;
        if (p->leg_outside) {
            p->leg_x = f->right + 12 * f->sc;
            p->leg_y = p->top;
            continue;
        }
        f->gx0 = f->left;
        f->gy0 = p->top;
        f->gw = (int)ceil(fmax(f->right - f->left, 0.0) / CELL) + 1;
        f->gh = (int)ceil(fmax(p->bottom - p->top, 0.0) / CELL) + 1;
        f->grid = calloc((size_t)f->gw * (size_t)f->gh, 1);
        if (!f->grid)
            return -1;
        fill_grid(f, pi);
        double W = p->leg_w, H = p->leg_h;
        double xs[NPOS] = {f->right - m - W, f->left + m, f->right - m - W, f->left + m,
                           (f->left + f->right - W) / 2, (f->left + f->right - W) / 2};
        double ys[NPOS] = {p->top + m, p->top + m, p->bottom - m - H, p->bottom - m - H,
                           p->top + m, p->bottom - m - H};
        /* Among the positions whose box (plus 2 px) covers nothing, take
         * the one with the least data within 20 px around it, so the
         * legend does not hug a curve; ties go by the order above. */
        int best = -1, best_near = 0;
        int fits = W + 2 * m <= f->right - f->left && H + 2 * m <= p->bottom - p->top;
        double near = 20 * f->sc;
        for (int k = 0; k < NPOS && fits; k++) {
            if (grid_count(f, xs[k] - 2, ys[k] - 2, xs[k] + W + 2, ys[k] + H + 2) != 0)
                continue;
            int n = grid_count(f, xs[k] - near, ys[k] - near, xs[k] + W + near,
                               ys[k] + H + near);
            if (best < 0 || n < best_near) {
                best = k;
                best_near = n;
            }
        }
        free(f->grid);
        f->grid = NULL;
        if (best >= 0) {
            p->leg_x = xs[best];
            p->leg_y = ys[best];
        } else if (allow_outside) {
            p->leg_outside = 1;
            moved = 1;
        } else {
            /* no room anywhere: the top right corner */
            p->leg_x = xs[0];
            p->leg_y = ys[0];
        }
    }
    return moved;
}

/* ---- drawing ------------------------------------------------------------- */

static void draw_series_lines(fig *f, const vs_plot_series *s, const sstyle *st)
{
    cairo_t *cr = f->cr;
    const panel *p = &f->p[s->panel];
    size_t m = poly_len(s);
    double fx0 = f->left - 4, fx1 = f->right + 4, fy0 = p->top - 4, fy1 = p->bottom + 4;
    double ax = 0, ay = 0;
    int have = 0;
    int joined = 0; /* the path's current point is (ax, ay) */
    cairo_new_path(cr);
    for (size_t k = 0; k < m; k++) {
        double bx, by;
        if (!poly_vertex(f, s, k, &bx, &by)) {
            have = 0;
            joined = 0;
            continue;
        }
        if (have) {
            double cax = ax, cay = ay, cbx = bx, cby = by;
            if (clip_seg(&cax, &cay, &cbx, &cby, fx0, fy0, fx1, fy1)) {
                if (!joined || cax != ax || cay != ay)
                    cairo_move_to(cr, cax, cay);
                cairo_line_to(cr, cbx, cby);
                joined = cbx == bx && cby == by;
            } else {
                joined = 0;
            }
        }
        ax = bx;
        ay = by;
        have = 1;
    }
    cairo_set_source_rgb(cr, st->rgb[0], st->rgb[1], st->rgb[2]);
    cairo_set_line_width(cr, st->lw);
    cairo_set_line_join(cr, CAIRO_LINE_JOIN_ROUND);
    vs__plot_set_dash(cr, st->dash, st->lw);
    cairo_stroke(cr);
    cairo_set_dash(cr, NULL, 0, 0);
}

static void draw_errbars(fig *f, const vs_plot_series *s, const sstyle *st)
{
    cairo_t *cr = f->cr;
    double cap = (s->kind == VS_PLOT_BARS ? 5.0 : 4.5) * f->sc;
    double lw = (s->line_width > 0 ? s->line_width * 0.6 : 1.3) * f->sc;
    if (s->kind == VS_PLOT_BARS)
        cairo_set_source_rgb(cr, 0.15, 0.15, 0.15);
    else
        cairo_set_source_rgb(cr, st->rgb[0], st->rgb[1], st->rgb[2]);
    cairo_set_line_width(cr, lw);
    cairo_set_line_cap(cr, CAIRO_LINE_CAP_BUTT);
    cairo_set_dash(cr, NULL, 0, 0);
    cairo_new_path(cr);
    for (size_t i = 0; i < s->n; i++) {
        double px, y0, y1;
        if (!point_px(f, s, i, &px) || !err_ends(f, s, i, &y0, &y1))
            continue;
        if (px < f->left - 1 || px > f->right + 1)
            continue;
        cairo_move_to(cr, px, y0);
        cairo_line_to(cr, px, y1);
        const panel *p = &f->p[s->panel];
        if (y0 < p->bottom + 0.5 && y0 > p->top - 0.5) {
            cairo_move_to(cr, px - cap, y0);
            cairo_line_to(cr, px + cap, y0);
        }
        if (y1 < p->bottom + 0.5 && y1 > p->top - 0.5) {
            cairo_move_to(cr, px - cap, y1);
            cairo_line_to(cr, px + cap, y1);
        }
    }
    cairo_stroke(cr);
}

static void draw_bars(fig *f, const vs_plot_series *s, const sstyle *st)
{
    cairo_t *cr = f->cr;
    for (size_t i = 0; i < s->n; i++) {
        double x0, y0, x1, y1;
        if (!bar_rect(f, s, i, &x0, &y0, &x1, &y1))
            continue;
        cairo_rectangle(cr, x0, y0, x1 - x0, y1 - y0);
        cairo_set_source_rgb(cr, st->rgb[0], st->rgb[1], st->rgb[2]);
        cairo_fill(cr);
        vs__plot_hatch(cr, st->hatch, x0, y0, x1 - x0, y1 - y0, 7 * f->sc);
        cairo_rectangle(cr, x0, y0, x1 - x0, y1 - y0);
        cairo_set_source_rgb(cr, st->rgb[0] * 0.5, st->rgb[1] * 0.5, st->rgb[2] * 0.5);
        cairo_set_line_width(cr, 1.0 * f->sc);
        cairo_set_dash(cr, NULL, 0, 0);
        cairo_stroke(cr);
    }
}

static void draw_markers(fig *f, const vs_plot_series *s, const sstyle *st)
{
    size_t pi = (size_t)s->panel;
    const panel *p = &f->p[pi];
    for (size_t i = 0; i < s->n; i++) {
        double px;
        if (!point_px(f, s, i, &px) || !ok_y(f, pi, s->y[i]))
            continue;
        double py = sy(f, pi, s->y[i]);
        /* Markers are drawn unclipped when their centre is in the frame. */
        if (px < f->left - 0.5 || px > f->right + 0.5 || py < p->top - 0.5 ||
            py > p->bottom + 0.5)
            continue;
        vs__plot_marker(f->cr, st->marker, px, py, marker_r(f), st->rgb);
    }
}

static void ref_style(const fig *f, const vs_plot_ref *r, double rgb[3])
{
    if (r->color > 0) {
        vs__plot_color(r->color, rgb);
    } else {
        rgb[0] = rgb[1] = rgb[2] = 0.3;
    }
    (void)f;
}

static void draw_refs(fig *f, size_t pi, int labels)
{
    const vs_plot_spec *sp = f->spec;
    cairo_t *cr = f->cr;
    const panel *p = &f->p[pi];
    for (size_t i = 0; i < sp->nrefs; i++) {
        const vs_plot_ref *r = &sp->refs[i];
        if (!ref_in_panel(r, pi))
            continue;
        double rgb[3];
        ref_style(f, r, rgb);
        if (!labels) {
            double lw = 2.0 * f->sc;
            cairo_set_source_rgb(cr, rgb[0], rgb[1], rgb[2]);
            cairo_set_line_width(cr, lw);
            vs__plot_set_dash(cr, r->dash == VS_PLOT_DASH_AUTO ? VS_PLOT_DASH_DASHED : r->dash,
                              lw);
            cairo_new_path(cr);
            if (r->vertical && ok_x(f, r->value)) {
                double x = snap(sx(f, r->value), lw);
                if (x >= f->left - 0.5 && x <= f->right + 0.5) {
                    cairo_move_to(cr, x, p->top);
                    cairo_line_to(cr, x, p->bottom);
                }
            } else if (!r->vertical && ok_y(f, pi, r->value)) {
                double y = snap(sy(f, pi, r->value), lw);
                if (y >= p->top - 0.5 && y <= p->bottom + 0.5) {
                    cairo_move_to(cr, f->left, y);
                    cairo_line_to(cr, f->right, y);
                }
            }
            cairo_stroke(cr);
            cairo_set_dash(cr, NULL, 0, 0);
            continue;
        }
        double bx, by, bw, bh;
        if (!ref_label_box(f, r, pi, &bx, &by, &bw, &bh))
            continue;
        cairo_rectangle(cr, bx, by, bw, bh);
        cairo_set_source_rgba(cr, 1, 1, 1, 0.85);
        cairo_fill(cr);
        cairo_set_source_rgb(cr, rgb[0] * 0.8, rgb[1] * 0.8, rgb[2] * 0.8);
        set_font(f, f->fs_legend, 0);
        draw_text(f, r->label, bx + 3 * f->sc, by + bh / 2, 0.0, 0.5);
    }
}

static void draw_legend(fig *f, size_t pi)
{
    const vs_plot_spec *sp = f->spec;
    cairo_t *cr = f->cr;
    const panel *p = &f->p[pi];
    if (p->nleg == 0)
        return;
    double x = p->leg_x, y = p->leg_y;
    cairo_rectangle(cr, x, y, p->leg_w, p->leg_h);
    cairo_set_source_rgba(cr, 1, 1, 1, 0.9);
    cairo_fill_preserve(cr);
    cairo_set_source_rgb(cr, 0.75, 0.75, 0.75);
    cairo_set_line_width(cr, 1.0 * f->sc);
    cairo_set_dash(cr, NULL, 0, 0);
    cairo_stroke(cr);
    double inner = 7 * f->sc, rh = legend_row_h(f), sw = legend_sample_w(f);
    double row_y = y + inner * 0.6;
    set_font(f, f->fs_legend, 0);
    for (size_t i = 0; i < sp->nseries; i++) {
        const vs_plot_series *s = &sp->series[i];
        const sstyle *st = &f->st[i];
        if ((size_t)s->panel != pi || !s->label || !*s->label)
            continue;
        double cy = row_y + rh / 2, x0 = x + inner, x1 = x + inner + sw, cx = (x0 + x1) / 2;
        if (s->kind == VS_PLOT_BARS) {
            double h = rh * 0.62;
            cairo_rectangle(cr, x0 + sw * 0.15, cy - h / 2, sw * 0.7, h);
            cairo_set_source_rgb(cr, st->rgb[0], st->rgb[1], st->rgb[2]);
            cairo_fill(cr);
            vs__plot_hatch(cr, st->hatch, x0 + sw * 0.15, cy - h / 2, sw * 0.7, h, 7 * f->sc);
            cairo_rectangle(cr, x0 + sw * 0.15, cy - h / 2, sw * 0.7, h);
            cairo_set_source_rgb(cr, st->rgb[0] * 0.5, st->rgb[1] * 0.5, st->rgb[2] * 0.5);
            cairo_set_line_width(cr, 1.0 * f->sc);
            cairo_stroke(cr);
        } else {
            if (s->kind == VS_PLOT_LINE || s->kind == VS_PLOT_LINEPOINTS ||
                s->kind == VS_PLOT_STEP) {
                cairo_move_to(cr, x0, cy);
                cairo_line_to(cr, x1, cy);
                cairo_set_source_rgb(cr, st->rgb[0], st->rgb[1], st->rgb[2]);
                cairo_set_line_width(cr, st->lw);
                vs__plot_set_dash(cr, st->dash, st->lw);
                cairo_stroke(cr);
                cairo_set_dash(cr, NULL, 0, 0);
            }
            if (s->ylo || s->yhi) {
                double e = rh * 0.38, cap = 4.5 * f->sc;
                cairo_move_to(cr, cx, cy - e);
                cairo_line_to(cr, cx, cy + e);
                cairo_move_to(cr, cx - cap, cy - e);
                cairo_line_to(cr, cx + cap, cy - e);
                cairo_move_to(cr, cx - cap, cy + e);
                cairo_line_to(cr, cx + cap, cy + e);
                cairo_set_source_rgb(cr, st->rgb[0], st->rgb[1], st->rgb[2]);
                cairo_set_line_width(cr, 1.3 * f->sc);
                cairo_set_line_cap(cr, CAIRO_LINE_CAP_BUTT);
                cairo_stroke(cr);
            }
            if (st->marker != VS_PLOT_MARKER_NONE)
                vs__plot_marker(cr, st->marker, cx, cy, marker_r(f), st->rgb);
        }
        cairo_set_source_rgb(cr, 0.1, 0.1, 0.1);
        set_font(f, f->fs_legend, 0);
        draw_text(f, s->label, x1 + 6 * f->sc, cy, 0.0, 0.5);
        row_y += rh;
    }
}

static void draw_axes(fig *f, size_t pi)
{
    const vs_plot_spec *sp = f->spec;
    cairo_t *cr = f->cr;
    const panel *p = &f->p[pi];
    double ticklen = 5 * f->sc, minlen = 3 * f->sc;
    double fw = f->right - f->left;
    cairo_set_dash(cr, NULL, 0, 0);
    cairo_set_line_cap(cr, CAIRO_LINE_CAP_BUTT);

    /* frame */
    cairo_rectangle(cr, f->left, p->top, fw, p->bottom - p->top);
    cairo_set_source_rgb(cr, 0.25, 0.25, 0.25);
    cairo_set_line_width(cr, 1.0 * f->sc);
    cairo_stroke(cr);

    /* y ticks and labels */
    cairo_new_path(cr);
    for (size_t i = 0; i < p->yt.n; i++) {
        double y = snap(sy(f, pi, p->yt.major[i]), f->sc);
        cairo_move_to(cr, f->left, y);
        cairo_line_to(cr, f->left - ticklen, y);
    }
    for (size_t i = 0; i < p->yt.nminor; i++) {
        double y = snap(sy(f, pi, p->yt.minor[i]), f->sc);
        cairo_move_to(cr, f->left, y);
        cairo_line_to(cr, f->left - minlen, y);
    }
    cairo_stroke(cr);
    cairo_set_source_rgb(cr, 0.15, 0.15, 0.15);
    for (size_t i = 0; i < p->yt.n; i++) {
        tlabel l;
        make_label(&l, p->yt.major[i], &p->yt, p->log, f->log_pow_labels_y[pi]);
        draw_label(f, &l, f->fs_tick, f->left - ticklen - 3 * f->sc,
                   sy(f, pi, p->yt.major[i]), 1.0, 0.5);
    }

    /* x ticks on every panel, labels on the bottom one */
    int bottom = pi + 1 == f->np;
    cairo_set_source_rgb(cr, 0.25, 0.25, 0.25);
    cairo_new_path(cr);
    if (f->xcat) {
        for (size_t i = 0; i < sp->ncategories; i++) {
            double x = sx(f, (double)i);
            cairo_move_to(cr, x, p->bottom);
            cairo_line_to(cr, x, p->bottom + ticklen);
        }
    } else {
        for (size_t i = 0; i < f->xt.n; i++) {
            double x = snap(sx(f, f->xt.major[i]), f->sc);
            cairo_move_to(cr, x, p->bottom);
            cairo_line_to(cr, x, p->bottom + ticklen);
        }
        for (size_t i = 0; i < f->xt.nminor; i++) {
            double x = snap(sx(f, f->xt.minor[i]), f->sc);
            cairo_move_to(cr, x, p->bottom);
            cairo_line_to(cr, x, p->bottom + minlen);
        }
    }
    cairo_stroke(cr);
    if (!bottom)
        return;
    cairo_set_source_rgb(cr, 0.15, 0.15, 0.15);
    double ly = p->bottom + ticklen + 3 * f->sc;
    if (f->xcat) {
        int rot = cat_rotate(f);
        set_font(f, f->fs_tick, 0);
        for (size_t i = 0; i < sp->ncategories; i++) {
            const char *c = sp->categories[i] ? sp->categories[i] : "";
            double x = sx(f, (double)i);
            if (!rot) {
                draw_text(f, c, x, ly, 0.5, 0.0);
            } else {
                cairo_save(cr);
                cairo_translate(cr, x, ly);
                cairo_rotate(cr, -30.0 * VS__PLOT_PI / 180.0);
                draw_text(f, c, 0, 0, 1.0, 0.2);
                cairo_restore(cr);
            }
        }
    } else {
        for (size_t i = 0; i < f->xt.n; i++) {
            tlabel l;
            make_label(&l, f->xt.major[i], &f->xt, f->xlog, f->log_pow_labels_x);
            draw_label(f, &l, f->fs_tick, sx(f, f->xt.major[i]), ly, 0.5, 0.0);
        }
    }
}

static void draw_grid(fig *f, size_t pi)
{
    cairo_t *cr = f->cr;
    const panel *p = &f->p[pi];
    cairo_set_dash(cr, NULL, 0, 0);
    cairo_set_line_width(cr, 1.0 * f->sc);
    cairo_set_source_rgb(cr, 0.9, 0.9, 0.9);
    cairo_new_path(cr);
    double glw = 1.0 * f->sc;
    for (size_t i = 0; i < p->yt.n; i++) {
        double y = snap(sy(f, pi, p->yt.major[i]), glw);
        cairo_move_to(cr, f->left, y);
        cairo_line_to(cr, f->right, y);
    }
    if (!f->xcat) {
        for (size_t i = 0; i < f->xt.n; i++) {
            double x = snap(sx(f, f->xt.major[i]), glw);
            cairo_move_to(cr, x, p->top);
            cairo_line_to(cr, x, p->bottom);
        }
    }
    cairo_stroke(cr);
    /* fainter minor grid on log axes spanning a few decades (with more,
     * the lines would crowd into a gray band) */
    if (p->log && p->yt.nminor > 0 && p->yt.step == 1 && p->yu1 - p->yu0 <= 3.01) {
        cairo_set_source_rgb(cr, 0.95, 0.95, 0.95);
        for (size_t i = 0; i < p->yt.nminor; i++) {
            double y = snap(sy(f, pi, p->yt.minor[i]), glw);
            cairo_move_to(cr, f->left, y);
            cairo_line_to(cr, f->right, y);
        }
        cairo_stroke(cr);
    }
}

static void draw_panel(fig *f, size_t pi)
{
    const vs_plot_spec *sp = f->spec;
    cairo_t *cr = f->cr;
    const panel *p = &f->p[pi];
    draw_grid(f, pi);

    cairo_save(cr);
    cairo_rectangle(cr, f->left, p->top, f->right - f->left, p->bottom - p->top);
    cairo_clip(cr);
    /* bars at the back, then reference lines, lines, error bars, markers */
    for (size_t i = 0; i < sp->nseries; i++)
        if ((size_t)sp->series[i].panel == pi && sp->series[i].kind == VS_PLOT_BARS)
            draw_bars(f, &sp->series[i], &f->st[i]);
    draw_refs(f, pi, 0);
    for (size_t i = 0; i < sp->nseries; i++) {
        const vs_plot_series *s = &sp->series[i];
        if ((size_t)s->panel == pi && s->n > 0 &&
            (s->kind == VS_PLOT_LINE || s->kind == VS_PLOT_LINEPOINTS ||
             s->kind == VS_PLOT_STEP))
            draw_series_lines(f, s, &f->st[i]);
    }
    for (size_t i = 0; i < sp->nseries; i++)
        if ((size_t)sp->series[i].panel == pi && sp->series[i].n > 0)
            draw_errbars(f, &sp->series[i], &f->st[i]);
    cairo_restore(cr);
    for (size_t i = 0; i < sp->nseries; i++) {
        const vs_plot_series *s = &sp->series[i];
        if ((size_t)s->panel == pi && s->kind != VS_PLOT_BARS &&
            f->st[i].marker != VS_PLOT_MARKER_NONE)
            draw_markers(f, s, &f->st[i]);
    }
    draw_refs(f, pi, 1);
    draw_axes(f, pi);

    /* y label, rotated, centred on the panel */
    const char *yl = sp->y[pi].label;
    if (yl && *yl) {
        set_font(f, f->fs_label, 0);
        cairo_set_source_rgb(cr, 0.1, 0.1, 0.1);
        cairo_save(cr);
        cairo_translate(cr, f->pad, (p->top + p->bottom) / 2);
        cairo_rotate(cr, -VS__PLOT_PI / 2);
        draw_text(f, yl, 0, 0, 0.5, 0.0);
        cairo_restore(cr);
    }
    const char *pt = sp->panel_title[pi];
    if (pt && *pt) {
        set_font(f, f->fs_ptitle, 1);
        cairo_set_source_rgb(cr, 0.1, 0.1, 0.1);
        draw_text(f, pt, f->left, p->top - f->pad * 0.3, 0.0, 1.0);
    }
    draw_legend(f, pi);
}

int vs__plot_draw(const vs_plot_spec *spec, cairo_t *cr, double width, double height,
                  vs_err *err)
{
    fig f;
    memset(&f, 0, sizeof f);
    f.spec = spec;
    f.cr = cr;
    f.W = width;
    f.H = height;
    f.sc = fmin(width / VS_PLOT_DEFAULT_WIDTH, height / VS_PLOT_DEFAULT_HEIGHT);
    if (f.sc < 0.6)
        f.sc = 0.6;
    if (f.sc > 4)
        f.sc = 4;
    f.fs_tick = 13 * f.sc;
    f.fs_legend = 13 * f.sc;
    f.fs_label = 15 * f.sc;
    f.fs_ptitle = 14 * f.sc;
    f.fs_title = 18 * f.sc;
    f.pad = 12 * f.sc;
    f.np = spec->npanels ? spec->npanels : 1;
    f.xcat = spec->ncategories > 0;
    f.xlog = !f.xcat && spec->x.log;
    if (spec->nseries) {
        f.st = calloc(spec->nseries, sizeof *f.st);
        if (!f.st)
            VS_FAIL(err, VS_ENOMEM, "plot: out of memory");
    }
    resolve_styles(&f);

    int rc = layout(&f, err);
    if (rc == VS_OK) {
        int moved = place_legends(&f, 1);
        if (moved < 0) {
            rc = vs_err_set(err, VS_ENOMEM, "plot: out of memory");
        } else if (moved) {
            double w = 0;
            for (size_t pi = 0; pi < f.np; pi++)
                if (f.p[pi].leg_outside && f.p[pi].leg_w > w)
                    w = f.p[pi].leg_w;
            /* at most 40% of the width: a longer legend is cut at the
             * figure's edge rather than squeezing the data to nothing */
            f.right_extra = fmin(w + 12 * f.sc, 0.4 * f.W);
            rc = layout(&f, err);
            if (rc == VS_OK && place_legends(&f, 0) < 0)
                rc = vs_err_set(err, VS_ENOMEM, "plot: out of memory");
        }
    }
    if (rc != VS_OK) {
        free(f.st);
        return rc;
    }

    cairo_set_source_rgb(cr, 1, 1, 1);
    cairo_paint(cr);
    for (size_t pi = 0; pi < f.np; pi++)
        draw_panel(&f, pi);

    /* x label centred under the frame, title centred over it */
    cairo_set_source_rgb(cr, 0.1, 0.1, 0.1);
    if (spec->x.label && *spec->x.label) {
        set_font(&f, f.fs_label, 0);
        draw_text(&f, spec->x.label, (f.left + f.right) / 2, f.H - f.pad * 0.6, 0.5, 1.0);
    }
    if (spec->title && *spec->title) {
        set_font(&f, f.fs_title, 1);
        double cx = (f.left + f.right) / 2;
        double w = text_w(&f, spec->title);
        if (cx - w / 2 < f.pad)
            cx = f.pad + w / 2;
        draw_text(&f, spec->title, cx, f.pad, 0.5, 0.0);
    }
    free(f.st);
    cairo_status_t cs = cairo_status(cr);
    if (cs != CAIRO_STATUS_SUCCESS)
        return vs_err_set(err, cs == CAIRO_STATUS_NO_MEMORY ? VS_ENOMEM : VS_ERUNTIME,
                          "plot: cairo: %s", cairo_status_to_string(cs));
    return VS_OK;
}
