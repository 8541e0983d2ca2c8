/*
 * common.c: what every analytic solver shares: clearing a vs_queue_metrics,
 * validating parameters with one message style, and a bracketed Brent root
 * finder on top of GSL (gsl_root_fsolver_brent).
 *
 * The solvers themselves live one model per file, named after the result they
 * implement: erlangb_loss.c, mmc_erlangc.c, mmck.c, mg1_pk.c, gim1.c and
 * gigc_allen_cunneen.c.
 */
#include <math.h>
#include <string.h>

#include <gsl/gsl_errno.h>
#include <gsl/gsl_roots.h>

#include "analytic/internal.h"

void vs_queue_metrics_clear(vs_queue_metrics *m)
{
    if (!m)
        return;
    memset(m, 0, sizeof *m);
    m->model[0] = '\0';
    m->approximate = 0;
    m->throughput = NAN;
    m->utilization = NAN;
    m->response_time = NAN;
    m->wait_time = NAN;
    m->jobs_in_system = NAN;
    m->queue_length = NAN;
    m->wait_probability = NAN;
    m->blocking_probability = NAN;
    m->p50_response = m->p95_response = m->p99_response = NAN;
    m->p50_wait = m->p95_wait = m->p99_wait = NAN;
}

int vs__analytic_check_pos(const char *fn, const char *what, double x, vs_err *err)
{
    if (!isfinite(x) || !(x > 0))
        VS_FAIL(err, VS_EINVAL, "%s: %s must be a finite positive number, got %g", fn, what, x);
    return VS_OK;
}

int vs__analytic_check_nonneg(const char *fn, const char *what, double x, vs_err *err)
{
    if (!isfinite(x) || !(x >= 0))
        VS_FAIL(err, VS_EINVAL, "%s: %s must be a finite number >= 0, got %g", fn, what, x);
    return VS_OK;
}

int vs__analytic_check_servers(const char *fn, int c, vs_err *err)
{
    if (c < 1)
        VS_FAIL(err, VS_EINVAL, "%s: the number of servers c must be >= 1, got %d", fn, c);
    return VS_OK;
}

int vs__analytic_brent(double (*f)(double x, void *params), void *params,
                       double lo, double hi, double abs_tol, double rel_tol,
                       double *root, vs_err *err)
{
    double flo = f(lo, params), fhi = f(hi, params);
    if (flo == 0) {
        *root = lo;
        return VS_OK;
    }
    if (fhi == 0) {
        *root = hi;
        return VS_OK;
    }
    if (!isfinite(flo) || !isfinite(fhi) || (flo > 0) == (fhi > 0))
        VS_FAIL(err, VS_ERUNTIME,
                "root finding: [%g, %g] does not bracket a root (f = %g, %g)", lo, hi, flo, fhi);

    gsl_root_fsolver *s = gsl_root_fsolver_alloc(gsl_root_fsolver_brent);
    if (!s)
        VS_FAIL(err, VS_ENOMEM, "root finding: cannot allocate the Brent solver");
    gsl_function F = {f, params};
    int status = gsl_root_fsolver_set(s, &F, lo, hi);
    int converged = 0;
    for (int iter = 0; status == GSL_SUCCESS && !converged && iter < 200; iter++) {
        status = gsl_root_fsolver_iterate(s);
        if (status != GSL_SUCCESS)
            break;
        double a = gsl_root_fsolver_x_lower(s), b = gsl_root_fsolver_x_upper(s);
        int t = gsl_root_test_interval(a, b, abs_tol, rel_tol);
        if (t == GSL_SUCCESS)
            converged = 1;
        else if (t != GSL_CONTINUE)
            status = t;
    }
    double r = gsl_root_fsolver_root(s);
    gsl_root_fsolver_free(s);
    if (status != GSL_SUCCESS || !converged || !isfinite(r))
        VS_FAIL(err, VS_ERUNTIME, "root finding: Brent solver failed on [%g, %g]: %s", lo, hi,
                status != GSL_SUCCESS ? gsl_strerror(status) : "no convergence in 200 iterations");
    *root = r;
    return VS_OK;
}

/* P(W > t) = q e^{-r t}  =>  P(W <= t) = p  at  t = ln(q / (1 - p)) / r, when
 * the atom at 0 (mass 1 - q) does not already cover p. */
double vs__analytic_atom_exp_quantile(double q, double r, double p)
{
    if (1.0 - q >= p)
        return 0.0;
    return log(q / (1.0 - p)) / r;
}
