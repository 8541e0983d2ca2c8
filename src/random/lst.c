/*
 * lst.c: Laplace-Stieltjes transforms L(s) = E[exp(-s X)] of the
 * distributions, for the analytic GI/M/1 and G/G/c approximations (they
 * solve sigma = L(mu (1 - sigma)) for the inter-arrival distribution).
 *
 * Closed forms where they exist (exponential, deterministic, erlang,
 * hyperexponential, gamma, uniform), a finite sum for empirical, and GSL
 * adaptive quadrature for lognormal, weibull and pareto, each written after
 * a change of variable that leaves a bounded, smooth integrand:
 *
 *   lognormal  X = exp(mu + sigma Z), Z standard normal:
 *              L(s) = int_{-inf}^{inf} phi(z) exp(-s exp(mu + sigma z)) dz   (qagi)
 *   weibull    X = lambda Y^(1/k), Y standard exponential:
 *              L(s) = int_0^inf exp(-y) exp(-s lambda y^(1/k)) dy            (qagiu)
 *   pareto     X = L (1 - q u)^(-1/alpha), u uniform (inverse CDF):
 *              L(s) = int_0^1 exp(-s L (1 - q u)^(-1/alpha)) du              (qags)
 *
 * A trace has no distribution to transform: NaN.  NaN is also returned for
 * s < 0, a non-finite s, or when the quadrature reports a failure.
 *
 * Known cost: the numerical cases allocate a GSL workspace and take a few
 * hundred integrand evaluations per call; they are meant for model set-up,
 * not for the simulation's hot path.
 */
#include <math.h>

#include <gsl/gsl_errno.h>
#include <gsl/gsl_integration.h>
#include <gsl/gsl_math.h>

#include "random/internal.h"
#include "virtsim/rng.h"

/* Quadrature tolerances and the workspace size (subintervals). */
#define LST_EPSABS 1e-12
#define LST_EPSREL 1e-10
#define LST_LIMIT 256

typedef struct lst_params {
    const vs_dist *d;
    double s;
} lst_params;

/* phi(z) exp(-s exp(mu + sigma z)) */
static double lognormal_integrand(double z, void *vp)
{
    const lst_params *p = vp;
    double x = exp(p->d->a + p->d->b * z);
    return exp(-0.5 * z * z - p->s * x) / sqrt(2.0 * M_PI);
}

/* exp(-y - s lambda y^(1/k)) */
static double weibull_integrand(double y, void *vp)
{
    const lst_params *p = vp;
    return exp(-y - p->s * p->d->b * pow(y, 1.0 / p->d->a));
}

/* exp(-s L (1 - q u)^(-1/alpha)) */
static double pareto_integrand(double u, void *vp)
{
    const lst_params *p = vp;
    double x = p->d->b * pow(1.0 - p->d->c * u, -1.0 / p->d->a);
    return exp(-p->s * x);
}

enum quad_kind { QUAD_WHOLE_LINE, QUAD_HALF_LINE, QUAD_UNIT };

/* Integrate f over the range of the given kind; NaN if GSL fails. */
static double integrate(double (*f)(double, void *), lst_params *p, enum quad_kind how)
{
    gsl_integration_workspace *w = gsl_integration_workspace_alloc(LST_LIMIT);
    if (!w)
        return VS_NAN;
    gsl_function fn = {f, p};
    double result = VS_NAN, abserr = 0.0;
    int status;
    switch (how) {
    case QUAD_WHOLE_LINE:
        status = gsl_integration_qagi(&fn, LST_EPSABS, LST_EPSREL, LST_LIMIT, w,
                                      &result, &abserr);
        break;
    case QUAD_HALF_LINE:
        status = gsl_integration_qagiu(&fn, 0.0, LST_EPSABS, LST_EPSREL, LST_LIMIT,
                                       w, &result, &abserr);
        break;
    default:
        status = gsl_integration_qags(&fn, 0.0, 1.0, LST_EPSABS, LST_EPSREL,
                                      LST_LIMIT, w, &result, &abserr);
        break;
    }
    gsl_integration_workspace_free(w);
    if (status != GSL_SUCCESS || !isfinite(result))
        return VS_NAN;
    /* A transform lies in (0, 1]; clip the last-ulp overshoot. */
    return result > 1.0 ? 1.0 : result < 0.0 ? 0.0 : result;
}

double vs_dist_lst(const vs_dist *d, double s)
{
    if (!(s >= 0) || !isfinite(s))
        return VS_NAN;
    if (d->kind == VS_DIST_TRACE)
        return VS_NAN;
    if (s == 0.0)
        return 1.0;
    lst_params p = {d, s};
    switch (d->kind) {
    case VS_DIST_EXPONENTIAL:
        /* 1 / (1 + s m) */
        return 1.0 / (1.0 + s * d->a);
    case VS_DIST_DETERMINISTIC:
        /* exp(-s v) */
        return exp(-s * d->a);
    case VS_DIST_ERLANG:
        /* (1 + s m/k)^(-k) */
        return exp(-d->k * log1p(s * d->a));
    case VS_DIST_HYPEREXPONENTIAL:
        /* p / (1 + s m1) + (1 - p) / (1 + s m2) */
        return d->a / (1.0 + s * d->b) + (1.0 - d->a) / (1.0 + s * d->c);
    case VS_DIST_GAMMA:
        /* (1 + s theta)^(-shape) */
        return exp(-d->a * log1p(s * d->b));
    case VS_DIST_UNIFORM: {
        /* (exp(-s a) - exp(-s b)) / (s (b - a))
         *   = exp(-s a) (1 - exp(-s w)) / (s w), w = b - a */
        double sw = s * d->b;
        return exp(-s * d->a) * (-expm1(-sw)) / sw;
    }
    case VS_DIST_EMPIRICAL: {
        /* (1/n) sum exp(-s x_i), as a running mean */
        double m = 0.0;
        for (size_t i = 0; i < d->n; i++)
            m += (exp(-s * d->values[i]) - m) / (double)(i + 1);
        return d->n ? m : VS_NAN;
    }
    case VS_DIST_LOGNORMAL:
        return integrate(lognormal_integrand, &p, QUAD_WHOLE_LINE);
    case VS_DIST_WEIBULL:
        return integrate(weibull_integrand, &p, QUAD_HALF_LINE);
    case VS_DIST_PARETO:
        return integrate(pareto_integrand, &p, QUAD_UNIT);
    case VS_DIST_TRACE:
    case VS_DIST_COUNT:
        break;
    }
    return VS_NAN;
}
