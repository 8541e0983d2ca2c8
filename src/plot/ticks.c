/*
 * ticks.c: nice axis ticks and compact tick labels.
 *
 * Linear axes (after Heckbert, "Nice numbers for graph labels", Graphics
 * Gems, 1990, but choosing the step by counting instead of by rounding):
 * the candidate steps are 1, 2 and 5 times a power of ten.  For data in
 * [lo, hi] the number of intervals a step s gives once the bounds are
 * widened to its multiples is
 *
 *     k(s) = ceil(hi / s) - floor(lo / s),
 *
 * which only falls as s grows; we take the smallest candidate with
 * k(s) <= target.  So 0..0.93 with target 5 gives s = 0.2 and ticks 0, 0.2,
 * ..., 1.0 (5 intervals), where s = 0.1 would need 10.
 *
 * Log axes: majors at powers of ten.  Every m-th decade is labelled, m the
 * smallest of 1, 2, 3, 4, 5, 10, 20, 25, 50, ... decades that covers the
 * range in at most target intervals, the labelled exponents being
 * multiples of m (so 10^0 is labelled whenever it is in range).  Minors at
 * 2..9 x 10^k when every decade is labelled and there are at most 12, else
 * at the unlabelled decades when there are at most 60.
 *
 * Tick values are computed as integer multiples of the step (i * s), never
 * by repeated addition, so 0.1 + 0.1 + 0.1 drift cannot produce labels like
 * "0.30000000000000004", and values within s * 1e-9 of zero print as "0".
 */
#include <float.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "virtsim/plot.h"

/* Spread a degenerate interval [v, v] around v: +-10% (or +-1 at zero). */
static void spread(double *lo, double *hi)
{
    if (*hi < *lo) {
        double t = *lo;
        *lo = *hi;
        *hi = t;
    }
    if (*hi > *lo)
        return;
    double v = *lo;
    double d = v == 0.0 ? 1.0 : fabs(v) * 0.1;
    *lo = v - d;
    *hi = v + d;
}

/* Number of intervals of step s covering [lo, hi] on its multiples. */
static double intervals(double lo, double hi, double s)
{
    return ceil(hi / s - 1e-9) - floor(lo / s + 1e-9);
}

int vs_plot_ticks_linear(double lo, double hi, int target, int widen,
                         vs_plot_ticks *t, vs_err *err)
{
    if (!t)
        VS_FAIL(err, VS_EINVAL, "vs_plot_ticks_linear: no output");
    memset(t, 0, sizeof *t);
    if (!isfinite(lo) || !isfinite(hi))
        VS_FAIL(err, VS_EINVAL, "axis range [%g, %g] is not finite", lo, hi);
    if (target < 2)
        target = 2;
    if (target > VS_PLOT_MAX_TICKS - 2)
        target = VS_PLOT_MAX_TICKS - 2;
    spread(&lo, &hi);
    /* Keep hi - lo finite: near +-DBL_MAX the span would overflow. */
    if (!isfinite(hi - lo)) {
        lo *= 0.5;
        hi *= 0.5;
        if (!isfinite(hi - lo)) {
            lo = -DBL_MAX / 4;
            hi = DBL_MAX / 4;
        }
    }

    /* Smallest 1-2-5 step with at most target intervals; start one decade
     * below span / target so the search is a few iterations. */
    double span = hi - lo;
    double p = pow(10.0, floor(log10(span / target)) - 1.0);
    static const double mult[3] = {1.0, 2.0, 5.0};
    double s = 0.0;
    for (int tries = 0; tries < 12 && s == 0.0; tries++, p *= 10.0) {
        for (int m = 0; m < 3; m++) {
            double c = mult[m] * p;
            if (c > 0.0 && isfinite(c) && intervals(lo, hi, c) <= target) {
                s = c;
                break;
            }
        }
    }
    if (s == 0.0 || !isfinite(s))
        s = span; /* unreachable for finite spans; stay safe */

    double i0, i1;
    if (widen) {
        i0 = floor(lo / s + 1e-9);
        i1 = ceil(hi / s - 1e-9);
        t->lo = i0 * s;
        t->hi = i1 * s;
        if (!isfinite(t->lo) || !isfinite(t->hi)) {
            /* Widening past DBL_MAX: keep the data bounds. */
            t->lo = lo;
            t->hi = hi;
            i0 = ceil(lo / s - 1e-9);
            i1 = floor(hi / s + 1e-9);
        }
    } else {
        i0 = ceil(lo / s - 1e-9);
        i1 = floor(hi / s + 1e-9);
        t->lo = lo;
        t->hi = hi;
    }
    t->step = s;
    for (double i = i0; i <= i1 && t->n < VS_PLOT_MAX_TICKS; i += 1.0) {
        double v = i * s;
        if (fabs(v) < s * 1e-9)
            v = 0.0;
        t->major[t->n++] = v;
    }
    /* Minor ticks halfway between majors when the step is 1 or 2 x 10^k
     * (5 x 10^k would give the awkward 2.5): not drawn by default. */
    return VS_OK;
}

int vs_plot_ticks_log(double lo, double hi, int target, int widen,
                      vs_plot_ticks *t, vs_err *err)
{
    if (!t)
        VS_FAIL(err, VS_EINVAL, "vs_plot_ticks_log: no output");
    memset(t, 0, sizeof *t);
    if (!isfinite(lo) || !isfinite(hi) || !(lo > 0.0) || !(hi > 0.0))
        VS_FAIL(err, VS_EINVAL, "log axis range [%g, %g] needs finite bounds > 0", lo, hi);
    if (target < 1)
        target = 1;
    if (hi < lo) {
        double tmp = lo;
        lo = hi;
        hi = tmp;
    }
    double e0 = floor(log10(lo) + 1e-9);
    double e1 = ceil(log10(hi) - 1e-9);
    if (e1 <= e0) {
        /* One value, or a range inside one decade that is itself a power
         * of ten: show the decade around it. */
        if (widen) {
            if (lo == hi && fabs(log10(lo) - e0) < 1e-9) {
                e0 -= 1.0;
                e1 += 1.0;
            } else {
                e1 = e0 + 1.0;
            }
        } else {
            e1 = e0 + 1.0;
        }
    }
    /* The decade range representable in a double: 1e-307 .. 1e308. */
    if (e0 < -307.0)
        e0 = -307.0;
    if (e1 > 308.0)
        e1 = 308.0;
    if (widen) {
        t->lo = pow(10.0, e0);
        t->hi = pow(10.0, e1);
    } else {
        t->lo = lo;
        t->hi = hi;
    }
    /* Decades per labelled tick: the smallest "nice" count (1, 2, 3, 4, 5,
     * then 1, 2, 2.5, 5 x 10^k) giving at most target intervals. */
    double decades = e1 - e0;
    static const double nice_m[] = {1, 2, 3, 4, 5, 10, 20, 25, 50, 100, 200, 250, 500, 1000};
    double m = 1000.0;
    for (size_t i = 0; i < sizeof nice_m / sizeof nice_m[0]; i++) {
        if (ceil(e1 / nice_m[i] - 1e-9) - floor(e0 / nice_m[i] + 1e-9) <= target) {
            m = nice_m[i];
            break;
        }
    }
    t->step = m;
    /* Majors at multiples of m decades, so 1e0 is a tick whenever it is in
     * range. */
    double k0 = ceil(e0 / m - 1e-9) * m;
    for (double k = k0; k <= e1 + 1e-9 && t->n < VS_PLOT_MAX_TICKS; k += m) {
        double v = pow(10.0, k);
        if (v >= t->lo * (1 - 1e-12) && v <= t->hi * (1 + 1e-12))
            t->major[t->n++] = v;
    }
    if (m == 1.0 && decades <= 12.0) {
        for (double k = e0 - 1.0; k <= e1; k += 1.0) {
            for (int j = 2; j <= 9; j++) {
                double v = j * pow(10.0, k);
                if (v > t->lo && v < t->hi && t->nminor < VS_PLOT_MAX_MINOR)
                    t->minor[t->nminor++] = v;
            }
        }
    } else if (m > 1.0 && decades <= 60.0) {
        for (double k = e0; k <= e1 + 1e-9; k += 1.0) {
            double r = fmod(k - k0, m);
            if (fabs(r) < 1e-9 || fabs(fabs(r) - m) < 1e-9)
                continue;
            double v = pow(10.0, k);
            if (v > t->lo && v < t->hi && t->nminor < VS_PLOT_MAX_MINOR)
                t->minor[t->nminor++] = v;
        }
    }
    return VS_OK;
}

/* Drop trailing zeros (and a trailing '.') from a "%.Nf" mantissa in s,
 * keeping any exponent suffix "e..." after it. */
static void trim_zeros(char *s)
{
    char *e = strchr(s, 'e');
    char exp[16] = "";
    if (e) {
        snprintf(exp, sizeof exp, "%s", e);
        *e = '\0';
    }
    if (strchr(s, '.')) {
        size_t n = strlen(s);
        while (n > 0 && s[n - 1] == '0')
            s[--n] = '\0';
        if (n > 0 && s[n - 1] == '.')
            s[--n] = '\0';
    }
    strcat(s, exp);
}

char *vs_plot_format_tick(double v, double step, char *buf, size_t cap)
{
    char tmp[64];
    if (!buf || cap == 0)
        return buf;
    if (!isfinite(v)) {
        snprintf(buf, cap, "%s", isnan(v) ? "nan" : (v > 0 ? "inf" : "-inf"));
        return buf;
    }
    if (!(step > 0.0) || !isfinite(step))
        step = fabs(v) > 0.0 ? fabs(v) : 1.0;
    if (fabs(v) < step * 1e-9)
        v = 0.0;
    double av = fabs(v);
    double mag = av > step ? av : step;
    if (v == 0.0) {
        snprintf(tmp, sizeof tmp, "0");
    } else if (mag >= 1e6 || mag < 1e-4) {
        /* Exponent form with as many mantissa digits as the step needs:
         * e.g. step 5e5 on 2.5e6 needs one decimal ("2.5e6"). */
        int ev = (int)floor(log10(av));
        int es = (int)floor(log10(step));
        int dec = ev - es;
        if (dec < 0)
            dec = 0;
        if (dec > 12)
            dec = 12;
        double mant = v / pow(10.0, ev);
        if (fabs(mant) >= 10.0 - 0.5 * pow(10.0, -dec)) {
            /* rounding 9.99 up to 10.0: move to the next exponent */
            ev++;
            mant /= 10.0;
        }
        char m[40];
        snprintf(m, sizeof m, "%.*f", dec, mant);
        trim_zeros(m);
        snprintf(tmp, sizeof tmp, "%se%d", m, ev);
    } else {
        /* Decimals: enough for the step, e.g. 0.25 -> 2, 0.2 -> 1, 5 -> 0. */
        int dec = 0;
        double s = step;
        while (dec < 12 && fabs(s - nearbyint(s)) > s * 1e-6) {
            s *= 10.0;
            dec++;
        }
        snprintf(tmp, sizeof tmp, "%.*f", dec, v);
        trim_zeros(tmp);
        if (strcmp(tmp, "-0") == 0)
            snprintf(tmp, sizeof tmp, "0");
    }
    snprintf(buf, cap, "%s", tmp);
    return buf;
}
