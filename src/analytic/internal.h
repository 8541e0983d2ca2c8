/*
 * internal.h: helpers shared by the analytic solvers (src/analytic only).
 *
 * Input validation with uniform messages, a bracketed GSL Brent root finder,
 * and the "unstable" fill.  Nothing here is part of the public API.
 */
#ifndef VIRTSIM_ANALYTIC_INTERNAL_H
#define VIRTSIM_ANALYTIC_INTERNAL_H

#include "virtsim/analytic.h"
#include "virtsim/err.h"

/* VS_OK if x is finite and > 0, else VS_EINVAL with
 * "<fn>: <what> must be a finite positive number, got X". */
int vs__analytic_check_pos(const char *fn, const char *what, double x, vs_err *err);
/* Same for x finite and >= 0. */
int vs__analytic_check_nonneg(const char *fn, const char *what, double x, vs_err *err);
/* VS_OK if c >= 1, else VS_EINVAL. */
int vs__analytic_check_servers(const char *fn, int c, vs_err *err);

/* Find the root of f on [lo, hi] with GSL's Brent solver; f(lo) and f(hi)
 * must have opposite signs (or one of them be 0).  Stops when the bracket is
 * narrower than abs_tol + rel_tol * |root| or after 200 iterations.
 * Returns VS_OK and *root, or VS_ERUNTIME (with err set) when GSL fails or
 * the bracket is not a bracket. */
int vs__analytic_brent(double (*f)(double x, void *params), void *params,
                       double lo, double hi, double abs_tol, double rel_tol,
                       double *root, vs_err *err);

/* Quantile p of a wait time W with P(W > t) = q exp(-r t), t >= 0 (an atom
 * of mass 1 - q at 0, then an exponential tail of rate r): 0 when
 * 1 - q >= p, else ln(q / (1 - p)) / r. */
double vs__analytic_atom_exp_quantile(double q, double r, double p);

#endif /* VIRTSIM_ANALYTIC_INTERNAL_H */
