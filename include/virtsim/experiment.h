/*
 * experiment.h: questions asked across many runs.
 *
 *  - metric paths: "response_time.p95", "utilization.mean",
 *    "blocking_probability", ... name one number of a station's summary;
 *  - variations: "--vary PATH=a,b,c" or "PATH=LO..HI[:STEP]" lists the values
 *    a scenario path takes;
 *  - sweep: the grid of variations, one summary per point;
 *  - compare: variants on common random numbers, with paired differences;
 *  - plan: the smallest value of a parameter that meets a target with 95%
 *    confidence, searched from the analytic estimate.
 *
 * Every run goes through vs_scenario_load with the variation as --set
 * overrides, so a variant gets exactly the checks of a scenario file.
 */
#ifndef VIRTSIM_EXPERIMENT_H
#define VIRTSIM_EXPERIMENT_H

#include <stddef.h>

#include "virtsim/analytic.h"
#include "virtsim/err.h"
#include "virtsim/scenario.h"
#include "virtsim/sim.h"
#include "virtsim/summary.h"

/* ---- metric paths ---------------------------------------------------------- */

typedef struct vs_metric_ref {
    int base;   /* which quantity (private enumeration in metric.c) */
    int field;  /* mean, p50, p95, p99 */
} vs_metric_ref;

/* Parse a metric path such as "wait_time.mean" or "blocking_probability".
 * VS_EINVAL with the valid names listed when unknown. */
int vs_metric_parse(const char *path, vs_metric_ref *ref, vs_err *err);
/* The canonical path of a parsed metric ("response_time.p95"). */
const char *vs_metric_name(vs_metric_ref ref);
/* Station value, with its 95% CI half-width in *ci (NAN if none). */
double vs_metric_station(const vs_station_summary *st, vs_metric_ref ref, double *ci);
/* One replication's value. */
double vs_metric_rep(const vs_rep_values *rv, vs_metric_ref ref);
/* What an analytic model predicts (NAN if it does not give it). */
double vs_metric_analytic(const vs_queue_metrics *m, vs_metric_ref ref);

/* ---- variations ------------------------------------------------------------ */

typedef struct vs_vary {
    char *path;      /* scenario path, as for --set */
    char **values;   /* the values, as text */
    size_t n;
    int numeric;     /* 1 if every value is a number */
} vs_vary;

/* Parse "PATH=v1,v2,..." or "PATH=LO..HI" (integers, step 1) or
 * "PATH=LO..HI:STEP".  At most 10000 values. */
int vs_vary_parse(const char *spec, vs_vary *out, vs_err *err);
void vs_vary_fini(vs_vary *v);

/* ---- sweep ------------------------------------------------------------------ */

typedef struct vs_sweep_point {
    const char **values;   /* one per variation (borrowed from the vs_vary) */
    vs_summary *summary;
} vs_sweep_point;

typedef struct vs_sweep {
    const vs_vary *vary;   /* borrowed */
    size_t nvary;
    vs_sweep_point *points;
    size_t npoints;
    int partial;           /* interrupted: fewer points than the grid */
} vs_sweep;

/* Run every point of the grid (the first variation varies slowest).  sets are
 * extra overrides applied before the variation's. */
int vs_sweep_run(const char *scenario, const vs_override *sets, size_t nsets,
                 const vs_vary *vary, size_t nvary, const vs_run_opts *opts,
                 vs_sweep **out, vs_err *err);
void vs_sweep_free(vs_sweep *s);

/* ---- compare ------------------------------------------------------------------ */

/* Paired comparison of variant v against variant 0 for one station and
 * metric: the mean of the per-replication differences and its Student-t 95%
 * half-width.  Replications use common random numbers, so the pairing
 * removes the noise the variants share.  NAN when fewer than 2 pairs. */
void vs_compare_paired(const vs_summary *base, const vs_summary *other, size_t station,
                       vs_metric_ref ref, double *diff, double *ci);

/* ---- plan ---------------------------------------------------------------------- */

typedef struct vs_plan_eval {
    double value;    /* the parameter */
    double mean;     /* the metric */
    double ci95;     /* its half-width (NAN if none) */
    int meets;       /* 1 if the target is met with 95% confidence */
} vs_plan_eval;

typedef struct vs_plan {
    char *vary;            /* the parameter path */
    char *station;         /* the station of the target */
    vs_metric_ref metric;
    int op_le;             /* 1 for <=, 0 for >= */
    double target;
    int has_answer;
    double answer;
    int has_estimate;
    double estimate;       /* smallest value meeting the target in theory */
    vs_plan_eval *evals;   /* in evaluation order */
    size_t nevals;
    /* The analytic value of the metric at every candidate value (NAN where no
     * model applies), for plotting; NULL when there are more than 1000. */
    double *values, *analytic;
    size_t nvalues;
    vs_summary *answer_summary; /* the summary at the answer, or NULL */
} vs_plan;

/* Parse "STATION.METRIC<=VALUE" (or >=). */
int vs_plan_target_parse(const char *spec, char **station, vs_metric_ref *ref, int *op_le,
                         double *target, vs_err *err);

/* Find the smallest value of vary (numeric values, ascending) whose run meets
 * the target: the upper CI bound at or below the target for <=, the lower CI
 * bound at or above it for >=.  Assumes that once met, larger values meet
 * too.  Starts at the analytic estimate when the station matches a model,
 * then searches outwards by doubling steps and bisects. */
int vs_plan_run(const char *scenario, const vs_override *sets, size_t nsets,
                const vs_vary *vary, const char *target, const vs_run_opts *opts,
                vs_plan **out, vs_err *err);
void vs_plan_free(vs_plan *p);

#endif /* VIRTSIM_EXPERIMENT_H */
