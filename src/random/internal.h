/*
 * internal.h: helpers shared by the files of the random module (dist.c,
 * load.c, lst.c).  Not part of the public API.
 *
 * Prepared constants of each kind in vs_dist (a, b, c, k), as set by the
 * constructors in dist.c and load.c:
 *
 *   exponential       a = mean
 *   deterministic     a = value
 *   erlang            k = phases, a = mean of one phase (mean / k)
 *   hyperexponential  a = p (probability of phase 1), b = mean of phase 1,
 *                     c = mean of phase 2
 *   lognormal         a = mu, b = sigma (of the underlying normal)
 *   gamma             a = shape (1 / scv), b = scale (mean * scv)
 *   uniform           a = min, b = max - min (width)
 *   pareto            a = alpha, b = min, c = q = 1 - (min/max)^alpha
 *                     (q = 1 when unbounded)
 *   weibull           a = shape, b = scale
 *   empirical         values[0..n-1] in file order
 *   trace             values[0..n-1] the timestamps (non-decreasing)
 */
#ifndef VS_RANDOM_INTERNAL_H
#define VS_RANDOM_INTERNAL_H

#include <math.h>

#include "virtsim/rng.h"

/* NAN is a float constant; -Wdouble-promotion wants a double. */
#define VS_NAN ((double)NAN)

/* Upper bound of a pareto distribution (INFINITY when unbounded),
 * recovered from the prepared constants: max = min * (1 - q)^(-1/alpha). */
double vs__pareto_max(const vs_dist *d);

#endif /* VS_RANDOM_INTERNAL_H */
