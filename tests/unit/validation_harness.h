/*
 * validation_harness.h: run a scenario as R independent replications and
 * compare each metric with queueing theory, with a tolerance derived from
 * the spread of the replications.  Shared by the check_validation_*.c tests
 * (one Check executable per file, so ctest -j runs them side by side); every
 * function is static inline so a file that does not use one does not warn.
 *
 * How a case runs.  The scenario text is loaded with vs_scenario_load_string
 * and run with vs_experiment_run once per replication r = 0..R-1, each time
 * with replications = 1 and seed = base + r: every replication is then an
 * independent run whose own summary gives this replication's metrics, and
 * the harness computes their mean and sample standard deviation itself,
 * without the experiment module's aggregation.  Per-replication values are
 * needed for the proportions (P(wait), P(block)): the pooled summary gives
 * them without a confidence interval, and their binomial variance
 * p(1-p)/n would be far too small because successive jobs see the same
 * queue (at rho = 0.8 one M/M/1 job's "waited" indicator is correlated with
 * the next hundred).  The replications run on VV_THREADS threads.
 *
 * The rule.  With x_1..x_R the per-replication values of a metric, xbar
 * their mean and s their sample standard deviation, a check passes when
 *     |xbar - theory| <= z s / sqrt(R) + bias,        z = 4,
 * where bias is 0 except where a documented systematic error exists (the
 * percentile histogram's 0.5% relative resolution).  Each check also asserts
 * that the tolerance z s / sqrt(R) itself is below a stated bound (relative
 * to the theory value, or absolute for proportions), so a case cannot pass
 * by being too short to say anything.  With R = 30 and a correct simulator
 * the chance that one check fails is P(|t_29| > 4) = 4e-4.
 *
 * Environment:
 *   VS_VERBOSE=1     print one Markdown table row per check (the rows of
 *                    docs/validation.md) and the cost of each case;
 *   VV_SEED_SHIFT=k  move every case to other seeds (base + 1000003 k), to
 *                    see how a case behaves on fresh random numbers;
 *   VV_EXPLORE=1     calibration: also print "T case | metric | t | ratio"
 *                    lines on stderr (t = (mean - theory) / (s / sqrt(R)),
 *                    ratio = tolerance / tightness bound); the checks still
 *                    assert (use CK_FORK=no and CK_RUN_CASE to see them all).
 */
#ifndef VS_TESTS_VALIDATION_HARNESS_H
#define VS_TESTS_VALIDATION_HARNESS_H

#include <check.h>
#include <math.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <gsl/gsl_cdf.h>
#include <gsl/gsl_errno.h>

#include "virtsim/analytic.h"
#include "virtsim/config.h"
#include "virtsim/scenario.h"
#include "virtsim/sim.h"
#include "virtsim/summary.h"

#define VV_Z 4.0           /* z of the acceptance rule */
#define VV_RMAX 64         /* most replications of one case */
#define VV_THREADS 2       /* worker threads running replications */
#define VV_HIST_REL 0.005  /* relative error bound of the percentile histogram */

/* How tight the tolerance z s / sqrt(R) must be, the same for every case:
 * relative to the theory value for rates and means, absolute for
 * proportions.  Waits and queue lengths get a little more room than
 * response times and numbers in system because they are the small
 * difference of two noisy quantities. */
#define VV_TIGHT_RATE 0.01  /* throughput, utilization */
#define VV_TIGHT_MEAN 0.02  /* mean response, jobs in system */
#define VV_TIGHT_WAIT 0.03  /* mean wait, queue length, p95 response */
#define VV_TIGHT_PROB 0.01  /* P(wait), P(block), absolute */
#define VV_TIGHT_LITTLE 0.005 /* L - X W (Lq - X Wq), relative to L (Lq) */

/* The per-replication metrics of station 0. */
typedef enum vv_metric {
    VV_TPUT,    /* throughput, jobs/s */
    VV_UTIL,    /* utilization of the VM's vCPUs */
    VV_RESP,    /* mean response time, s */
    VV_WAIT,    /* mean wait, s */
    VV_JOBS,    /* time-average jobs in the VM */
    VV_QUEUE,   /* time-average jobs waiting */
    VV_PWAIT,   /* fraction of completed jobs that waited */
    VV_PBLOCK,  /* fraction of arrivals refused */
    VV_P95,     /* 95th percentile of the response time, s */
    VV_LITTLE,  /* L - X W of the replication (Little's law: 0) */
    VV_LITTLEQ, /* Lq - X Wq of the replication (Little's law: 0) */
    VV_NMETRICS
} vv_metric;

static const char *const vv_metric_names[VV_NMETRICS] = {
    "throughput (1/s)", "utilization", "mean response (s)", "mean wait (s)",
    "jobs in system", "queue length", "P(wait)", "P(block)", "p95 response (s)",
    "L - X W (Little)", "Lq - X Wq (Little)"};

/* The results of a case. */
typedef struct vv_result {
    const char *label;        /* the case, e.g. "M/M/1, rho = 0.5" */
    int R;
    double x[VV_NMETRICS][VV_RMAX];
    uint64_t completed, arrived; /* summed over replications, after warm-up */
    int has_analytic;            /* of replication 0's summary */
    vs_queue_metrics analytic;
    uint64_t events;
    double wall_s, cpu_s;
    int rc;                      /* VS_OK, or the first failure */
    vs_err err;
} vv_result;

/* State shared by the worker threads of vv_run. */
typedef struct vv_runner {
    const char *yaml;
    uint64_t seed;
    vv_result *res;
    int next;
    pthread_mutex_t lock;
} vv_runner;

static inline int vv_verbose(void)
{
    const char *v = getenv("VS_VERBOSE");
    return v && *v && strcmp(v, "0") != 0;
}

static inline double vv_now(clockid_t clk)
{
    struct timespec ts;
    clock_gettime(clk, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

/* Run replication r: load the text, set seed and replications, run, copy
 * station 0's values. */
static inline int vv_run_one(vv_runner *run, int r, vs_err *err)
{
    vs_config *cfg = NULL;
    vs_summary *sum = NULL;
    int rc = vs_scenario_load_string(run->yaml, strlen(run->yaml), "validation.yaml", ".",
                                     NULL, 0, &cfg, err);
    if (rc != VS_OK)
        return rc;
    cfg->seed = run->seed + (uint64_t)r;
    cfg->replications = 1;
    vs_run_opts opts = {.threads = 1};
    rc = vs_experiment_run(cfg, &opts, &sum, err);
    if (rc == VS_OK && sum->nstations < 1)
        rc = vs_err_set(err, VS_EINVAL, "the scenario has no station");
    if (rc == VS_OK) {
        const vs_station_summary *st = &sum->stations[0];
        vv_result *res = run->res;
        double *x[VV_NMETRICS];
        for (int m = 0; m < VV_NMETRICS; m++)
            x[m] = &res->x[m][r];
        *x[VV_TPUT] = st->throughput.mean;
        *x[VV_UTIL] = st->utilization.mean;
        *x[VV_RESP] = st->response_time.mean;
        *x[VV_WAIT] = st->wait_time.mean;
        *x[VV_JOBS] = st->jobs_in_system.mean;
        *x[VV_QUEUE] = st->queue_length.mean;
        *x[VV_PWAIT] = st->wait_probability;
        *x[VV_PBLOCK] = st->blocking_probability;
        *x[VV_P95] = st->p95_response;
        *x[VV_LITTLE] = st->jobs_in_system.mean - st->throughput.mean * st->response_time.mean;
        *x[VV_LITTLEQ] = st->queue_length.mean - st->throughput.mean * st->wait_time.mean;
        pthread_mutex_lock(&run->lock);
        res->completed += st->completed;
        res->arrived += st->arrived;
        res->events += sum->events;
        if (r == 0) {
            res->has_analytic = st->has_analytic;
            res->analytic = st->analytic;
        }
        pthread_mutex_unlock(&run->lock);
    }
    vs_summary_free(sum);
    vs_config_free(cfg);
    return rc;
}

static inline void *vv_worker(void *arg)
{
    vv_runner *run = arg;
    for (;;) {
        pthread_mutex_lock(&run->lock);
        int r = run->next++;
        int stop = r >= run->res->R || run->res->rc != VS_OK;
        pthread_mutex_unlock(&run->lock);
        if (stop)
            return NULL;
        vs_err err;
        vs_err_clear(&err);
        int rc = vv_run_one(run, r, &err);
        if (rc != VS_OK) {
            pthread_mutex_lock(&run->lock);
            if (run->res->rc == VS_OK) {
                run->res->rc = rc;
                run->res->err = err;
            }
            pthread_mutex_unlock(&run->lock);
        }
    }
}

/* Run R replications of the scenario text with seeds seed .. seed + R - 1;
 * asserts that every run succeeded. */
static inline void vv_run(const char *label, const char *yaml, int R, uint64_t seed,
                          vv_result *res)
{
    ck_assert_int_ge(R, 2);
    ck_assert_int_le(R, VV_RMAX);
    memset(res, 0, sizeof *res);
    res->label = label;
    res->R = R;
    res->rc = VS_OK;
    vs_err_clear(&res->err);
    const char *shift = getenv("VV_SEED_SHIFT");
    if (shift && *shift)
        seed += 1000003u * (uint64_t)strtoull(shift, NULL, 10);
    vv_runner run = {.yaml = yaml, .seed = seed, .res = res, .next = 0};
    pthread_mutex_init(&run.lock, NULL);
    double w0 = vv_now(CLOCK_MONOTONIC), c0 = vv_now(CLOCK_PROCESS_CPUTIME_ID);
    pthread_t tid[VV_THREADS];
    int started = 0;
    for (int t = 1; t < VV_THREADS; t++) {
        if (pthread_create(&tid[started], NULL, vv_worker, &run) != 0)
            break;
        started++;
    }
    vv_worker(&run);
    for (int t = 0; t < started; t++)
        pthread_join(tid[t], NULL);
    pthread_mutex_destroy(&run.lock);
    res->wall_s = vv_now(CLOCK_MONOTONIC) - w0;
    res->cpu_s = vv_now(CLOCK_PROCESS_CPUTIME_ID) - c0;
    ck_assert_msg(res->rc == VS_OK, "%s: run failed: %s: %s", label, vs_errname(res->rc),
                  res->err.msg);
    if (vv_verbose())
        printf("<!-- %s: R = %d, %llu jobs completed, %llu events, %.2f s CPU, %.2f s wall -->\n",
               label, R, (unsigned long long)res->completed, (unsigned long long)res->events,
               res->cpu_s, res->wall_s);
    fflush(stdout);
}

/* Mean and sample standard deviation of a metric over the replications. */
static inline void vv_stats(const vv_result *res, vv_metric m, double *mean, double *sd)
{
    double sum = 0.0;
    for (int r = 0; r < res->R; r++)
        sum += res->x[m][r];
    double xbar = sum / res->R, ss = 0.0;
    for (int r = 0; r < res->R; r++)
        ss += (res->x[m][r] - xbar) * (res->x[m][r] - xbar);
    *mean = xbar;
    *sd = sqrt(ss / (res->R - 1));
}

/* How tight a check's tolerance must be: z s / sqrt(R) <= max_rel |theory|
 * when max_rel > 0, else <= max_abs. */
typedef struct vv_tight {
    double max_rel;
    double max_abs;
} vv_tight;

#define VV_REL(x) ((vv_tight){(x), 0.0})
#define VV_ABS(x) ((vv_tight){0.0, (x)})

/* The check: |mean - theory| <= z s / sqrt(R) + bias, and the tolerance is
 * tight.  Prints the docs/validation.md row with VS_VERBOSE. */
static inline void vv_check(const vv_result *res, vv_metric m, double theory, double bias,
                            vv_tight tight)
{
    double mean, sd;
    vv_stats(res, m, &mean, &sd);
    double se = sd / sqrt((double)res->R);
    double tol = VV_Z * se;
    double ci95 = gsl_cdf_tdist_Pinv(0.975, (double)(res->R - 1)) * se;
    double bound = tight.max_rel > 0 ? tight.max_rel * fabs(theory) : tight.max_abs;
    double dev = mean - theory;
    if (vv_verbose()) {
        char rel[32] = "";
        if (theory != 0.0)
            snprintf(rel, sizeof rel, "%+.2f%%", 100.0 * dev / fabs(theory));
        else
            snprintf(rel, sizeof rel, "%+.2g", dev);
        char tolstr[64];
        if (bias > 0)
            snprintf(tolstr, sizeof tolstr, "%.4g + %.3g", tol, bias);
        else
            snprintf(tolstr, sizeof tolstr, "%.4g", tol);
        printf("| %s | %s | %.6g ± %.2g | %.6g | %s | %s | %s |\n", res->label,
               vv_metric_names[m], mean, ci95, theory, rel, tolstr,
               fabs(dev) <= tol + bias ? "pass" : "FAIL");
        if (m == VV_PWAIT || m == VV_PBLOCK) {
            /* What the binomial variance p (1 - p) / n would have said. */
            double n = (double)(m == VV_PWAIT ? res->completed : res->arrived);
            double bse = sqrt(mean * (1.0 - mean) / n);
            printf("<!-- %s: %s: s.e. across replications %.3g, binomial s.e. %.3g, "
                   "variance ratio %.1f -->\n",
                   res->label, vv_metric_names[m], se, bse, bse > 0 ? (se / bse) * (se / bse) : NAN);
        }
        fflush(stdout);
    }
    if (getenv("VV_EXPLORE"))
        fprintf(stderr, "T %s | %s | %.3f | %.3f\n", res->label, vv_metric_names[m], dev / se,
                tol / (tight.max_rel > 0 ? tight.max_rel * fabs(theory) : tight.max_abs));
    ck_assert_msg(isfinite(mean) && isfinite(theory), "%s: %s: simulated %g, theory %g",
                  res->label, vv_metric_names[m], mean, theory);
    ck_assert_msg(fabs(dev) <= tol + bias,
                  "%s: %s: simulated %.6g (s = %.3g over R = %d), theory %.6g: |diff| %.3g > "
                  "z s/sqrt(R) + bias = %.3g + %.3g",
                  res->label, vv_metric_names[m], mean, sd, res->R, theory, fabs(dev), tol,
                  bias);
    ck_assert_msg(tol <= bound,
                  "%s: %s: tolerance z s/sqrt(R) = %.3g is not tight (bound %.3g): run longer",
                  res->label, vv_metric_names[m], tol, bound);
}

/* The summary names the expected model and its values are the solver's. */
static inline void vv_check_model(const vv_result *res, const char *model,
                                  const vs_queue_metrics *want)
{
    ck_assert_msg(res->has_analytic, "%s: the summary has no analytic model", res->label);
    ck_assert_msg(strcmp(res->analytic.model, model) == 0, "%s: analytic model '%s', want '%s'",
                  res->label, res->analytic.model, model);
    ck_assert_msg(res->analytic.approximate == 0, "%s: model marked approximate", res->label);
    const double got[] = {res->analytic.throughput, res->analytic.utilization,
                          res->analytic.response_time, res->analytic.wait_time,
                          res->analytic.blocking_probability};
    const double exp[] = {want->throughput, want->utilization, want->response_time,
                          want->wait_time, want->blocking_probability};
    for (size_t i = 0; i < sizeof got / sizeof got[0]; i++)
        ck_assert_msg(fabs(got[i] - exp[i]) <= 1e-9 * fabs(exp[i]) + 1e-12,
                      "%s: summary analytic field %zu = %.12g, solver says %.12g", res->label,
                      i, got[i], exp[i]);
}

/* Little's law inside each replication: L = X W and Lq = X Wq, where X is
 * the replication's throughput.  The two sides differ only by the jobs
 * present at the ends of the measured period, whose expected contributions
 * cancel in steady state, so the difference must be 0 within the rule; its
 * tolerance must be below 0.5% of L (and of Lq, when Lq is not tiny). */
static inline void vv_check_little(const vv_result *res, double L, double Lq)
{
    vv_check(res, VV_LITTLE, 0.0, 0.0, VV_ABS(VV_TIGHT_LITTLE * L));
    if (Lq > 0.01 * L)
        vv_check(res, VV_LITTLEQ, 0.0, 0.0, VV_ABS(VV_TIGHT_LITTLE * Lq));
}

/* Scenario text of one VM with c vCPUs on a dedicated host with c cores,
 * fcfs, capacity cap (-1 = unlimited), one workload with the given YAML
 * arrival and size distributions. */
static inline void vv_scenario(char *buf, size_t len, int c, long cap, const char *arrival,
                               const char *size, double stop_s, double warmup_s)
{
    char capline[64] = "";
    if (cap >= 0)
        snprintf(capline, sizeof capline, "    capacity: %ld\n", cap);
    int n = snprintf(buf, len,
                     "name: validation\n"
                     "stop: {time: %.17g}\n"
                     "warmup: {time: %.17g}\n"
                     "hosts:\n"
                     "  - name: host\n"
                     "    cores: %d\n"
                     "    scheduler: dedicated\n"
                     "vms:\n"
                     "  - name: vm\n"
                     "    vcpus: %d\n"
                     "    host: host\n"
                     "    scheduler: fcfs\n"
                     "%s"
                     "workloads:\n"
                     "  - name: jobs\n"
                     "    target: vm\n"
                     "    arrival: %s\n"
                     "    size: %s\n",
                     stop_s, warmup_s, c, c, capline, arrival, size);
    ck_assert(n > 0 && (size_t)n < len);
}

/* The main of every validation executable. */
#define VV_MAIN(suite_fn)                                     \
    int main(void)                                            \
    {                                                         \
        gsl_set_error_handler_off();                          \
        SRunner *sr = srunner_create(suite_fn());             \
        srunner_run_all(sr, CK_NORMAL);                       \
        int failed = srunner_ntests_failed(sr);               \
        srunner_free(sr);                                     \
        return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;     \
    }

#endif /* VS_TESTS_VALIDATION_HARNESS_H */
