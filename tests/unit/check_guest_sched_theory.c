/*
 * check_guest_sched_theory.c: the guest schedulers against queueing theory.
 *
 * Each case runs a scenario with R independent replications (the experiment
 * module's own replications, seeds derived from one base seed) and compares
 * a mean with the formula of src/analytic:
 *   ps        M/M/1 (rho 0.7) and M/H2/1 (scv 4, rho 0.5): E[T] = E[S] / (1 - rho);
 *             M/H2/2/5: the M/M/2/5 number in system and throughput;
 *   rr        M/M/1 (exact for exponential sizes at any quantum) and M/H2/1,
 *             where it converges to PS as the quantum shrinks: quantum 100
 *             (longer than nearly every job: FCFS, the P-K value), 1, 0.01
 *             (the PS value), with the means strictly ordered on common
 *             random numbers;
 *   priority  2 and 3 classes, head-of-line (Cobham) and preemptive-resume,
 *             per class response and wait (time to first service); M/M/2
 *             head-of-line (Cobham with Erlang C), and the per-class model
 *             values in the text and JSON reports;
 *   sjf, srpt M/M/1 (the Phipps and Schrage-Miller integrals).
 * The rule is validation_harness.h's: with xbar the mean of the R
 * replication values and s their standard deviation, |xbar - theory| <=
 * z s / sqrt(R), z = 4; s / sqrt(R) is recovered from the summary's 95%
 * Student-t half-width (ci95 / t_{0.975, R-1}).  Each check also requires
 * the tolerance to be below a stated fraction of the theory value, so that
 * a case cannot pass by being too short.  The analytic model the summary
 * matched is checked by name and value.
 */
#include <check.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_cdf.h>
#include <gsl/gsl_errno.h>

#include "virtsim/analytic.h"
#include "virtsim/report.h"
#include "virtsim/scenario.h"
#include "virtsim/sim.h"
#include "virtsim/summary.h"

#define Z 4.0

static vs_summary *run_reps(const char *yaml, int R, uint64_t seed)
{
    vs_config *cfg = NULL;
    vs_err err;
    int rc = vs_scenario_load_string(yaml, strlen(yaml), "theory.yaml", ".", NULL, 0, &cfg, &err);
    ck_assert_msg(rc == VS_OK, "load failed (%s): %s", vs_errname(rc), err.msg);
    cfg->seed = seed;
    cfg->replications = R;
    vs_run_opts ro = {.threads = 2};
    vs_summary *s = NULL;
    rc = vs_experiment_run(cfg, &ro, &s, &err);
    ck_assert_msg(rc == VS_OK, "run failed (%s): %s", vs_errname(rc), err.msg);
    ck_assert_int_eq(s->replications, R);
    vs_config_free(cfg);
    return s;
}

/* |mean - theory| <= z se, se from the t half-width; and z se <= tight *
 * theory. */
static void check_metric(const char *label, const char *what, vs_metric m, int R, double theory,
                         double tight)
{
    double se = m.ci95 / gsl_cdf_tdist_Pinv(0.975, (double)(R - 1));
    double tol = Z * se;
    if (getenv("VS_VERBOSE"))
        printf("| %s | %s | %.6g ± %.2g | %.6g | %+.2f%% | %.3g |\n", label, what, m.mean, m.ci95,
               theory, 100.0 * (m.mean - theory) / theory, tol);
    ck_assert_msg(isfinite(m.mean) && isfinite(theory) && isfinite(se), "%s: %s: %g vs %g",
                  label, what, m.mean, theory);
    ck_assert_msg(fabs(m.mean - theory) <= tol,
                  "%s: %s: simulated %.6g (se %.3g, R = %d), theory %.6g: |diff| %.3g > z se %.3g",
                  label, what, m.mean, se, R, theory, fabs(m.mean - theory), tol);
    ck_assert_msg(tol <= tight * theory, "%s: %s: tolerance %.3g not tight (bound %.3g)", label,
                  what, tol, tight * theory);
}

static void check_model(const vs_station_summary *st, const char *model, double resp)
{
    ck_assert_msg(st->has_analytic, "no analytic model, want '%s'", model);
    ck_assert_msg(strcmp(st->analytic.model, model) == 0, "model '%s', want '%s'",
                  st->analytic.model, model);
    ck_assert_msg(fabs(st->analytic.response_time - resp) <= 1e-9 * resp,
                  "%s: analytic response %.12g, want %.12g", model, st->analytic.response_time,
                  resp);
}

/* One VM with one vCPU on a dedicated host, Poisson workloads given as YAML
 * flow-mapping lines. */
static void one_vm(char *buf, size_t len, const char *sched, const char *workloads,
                   double stop_s)
{
    int n = snprintf(buf, len,
                     "name: theory\n"
                     "stop: {time: %.17g}\n"
                     "warmup: {time: %.17g}\n"
                     "hosts: [{name: h, cores: 1}]\n"
                     "vms:\n"
                     "  - {name: v, vcpus: 1, host: h, scheduler: %s}\n"
                     "workloads:\n%s",
                     stop_s, stop_s / 20.0, sched, workloads);
    ck_assert(n > 0 && (size_t)n < len);
}

#define MM1_07                                                                            \
    "  - {name: w, target: v, arrival: {dist: exponential, rate: 0.7},\n"                \
    "     size: {dist: exponential, mean: 1}}\n"
#define MH21_05                                                                           \
    "  - {name: w, target: v, arrival: {dist: exponential, rate: 0.5},\n"                \
    "     size: {dist: hyperexponential, mean: 1, scv: 4}}\n"

/* ---- processor sharing and round robin ------------------------------------------ */

START_TEST(ps_mm1)
{
    char y[2048];
    one_vm(y, sizeof y, "ps", MM1_07, 40000.0);
    vs_summary *s = run_reps(y, 16, 11);
    check_model(&s->stations[0], "M/M/1-PS", 1.0 / 0.3);
    check_metric("M/M/1-PS", "mean response", s->stations[0].response_time, 16, 1.0 / 0.3, 0.04);
    vs_summary_free(s);
}
END_TEST

START_TEST(ps_mh21)
{
    char y[2048];
    one_vm(y, sizeof y, "ps", MH21_05, 80000.0);
    vs_summary *s = run_reps(y, 16, 12);
    check_model(&s->stations[0], "M/H2/1-PS", 2.0);
    check_metric("M/H2/1-PS", "mean response", s->stations[0].response_time, 16, 2.0,
                 0.04);
    vs_summary_free(s);
}
END_TEST

/* PS with a capacity stays insensitive: M/H2/2/5-PS has M/M/2/5's number in
 * system and blocking (offered load 1.6 Erlangs). */
START_TEST(ps_capacity_insensitive)
{
    char y[2048];
    int n = snprintf(y, sizeof y,
                     "name: theory\n"
                     "stop: {time: 20000}\n"
                     "warmup: {time: 1000}\n"
                     "hosts: [{name: h, cores: 2}]\n"
                     "vms:\n"
                     "  - {name: v, vcpus: 2, host: h, scheduler: ps, capacity: 5}\n"
                     "workloads:\n"
                     "  - {name: w, target: v, arrival: {dist: exponential, rate: 1.6},\n"
                     "     size: {dist: hyperexponential, mean: 1, scv: 4}}\n");
    ck_assert(n > 0 && (size_t)n < sizeof y);
    const int R = 16;
    vs_summary *s = run_reps(y, R, 15);
    vs_queue_metrics m;
    vs_err err;
    ck_assert_int_eq(vs_mmck(1.6, 1.0, 2, 5, &m, &err), VS_OK);
    const vs_station_summary *st = &s->stations[0];
    double T = m.jobs_in_system / m.throughput;
    check_model(st, "M/H2/2/5-PS", T);
    ck_assert(fabs(st->analytic.blocking_probability - m.blocking_probability) < 1e-12);
    check_metric("M/H2/2/5-PS", "mean response", st->response_time, R, T, 0.04);
    check_metric("M/H2/2/5-PS", "jobs in system", st->jobs_in_system, R, m.jobs_in_system,
                 0.04);
    check_metric("M/H2/2/5-PS", "throughput", st->throughput, R, m.throughput, 0.02);
    vs_summary_free(s);
}
END_TEST

START_TEST(rr_mm1)
{
    char y[2048];
    one_vm(y, sizeof y, "rr, quantum: 0.1", MM1_07, 40000.0);
    vs_summary *s = run_reps(y, 16, 13);
    check_model(&s->stations[0], "M/M/1-RR", 1.0 / 0.3);
    check_metric("M/M/1-RR q=0.1", "mean response", s->stations[0].response_time, 16, 1.0 / 0.3,
                 0.04);
    vs_summary_free(s);
}
END_TEST

/* M/H2/1 round robin at rho 0.5: quantum 100 is FCFS (P-K: 1 + rho (1 +
 * scv) / (2 (1 - rho)) = 3.5), quantum 0.01 is PS (2), quantum 1 in between; on
 * common random numbers (same seed) the means decrease with the quantum,
 * each paired difference beyond z standard errors. */
START_TEST(rr_mh21_converges_to_ps)
{
    const double quanta[3] = {100.0, 1.0, 0.01};
    const int R = 16;
    vs_summary *s[3];
    for (int i = 0; i < 3; i++) {
        char sched[64], y[2048];
        snprintf(sched, sizeof sched, "rr, quantum: %g", quanta[i]);
        one_vm(y, sizeof y, sched, MH21_05, 40000.0);
        s[i] = run_reps(y, R, 14);
    }
    check_model(&s[2]->stations[0], "M/H2/1-RR (PS limit, approx.)", 2.0);
    check_metric("M/H2/1-RR q=100", "mean response", s[0]->stations[0].response_time, R,
                 1.0 + 0.5 * 5.0 / (2.0 * 0.5), 0.08);
    check_metric("M/H2/1-RR q=0.01", "mean response", s[2]->stations[0].response_time, R, 2.0,
                 0.04);
    for (int i = 0; i + 1 < 3; i++) {
        double d[64], sum = 0.0, ss = 0.0;
        for (int r = 0; r < R; r++) {
            d[r] = s[i]->stations[0].reps[r].response_time -
                   s[i + 1]->stations[0].reps[r].response_time;
            sum += d[r];
        }
        double mean = sum / R;
        for (int r = 0; r < R; r++)
            ss += (d[r] - mean) * (d[r] - mean);
        double se = sqrt(ss / (R - 1) / R);
        ck_assert_msg(mean > Z * se, "T(q=%g) - T(q=%g) = %g, se %g: not decreasing",
                      quanta[i], quanta[i + 1], mean, se);
    }
    for (int i = 0; i < 3; i++)
        vs_summary_free(s[i]);
}
END_TEST

/* ---- priority --------------------------------------------------------------------- */

/* Classes 0..n-1 at rates lam[k], exponential sizes of mean 1, one vCPU;
 * per class response and wait against vs_mg1_priority. */
static void priority_case(size_t n, const double *lam, int preemptive, uint64_t seed, int R,
                          double tight)
{
    char wl[2048] = "", y[4096];
    size_t used = 0;
    double es[3], es2[3];
    for (size_t k = 0; k < n; k++) {
        used += (size_t)snprintf(wl + used, sizeof wl - used,
                                 "  - {name: c%zu, target: v, class: %zu, arrival: {dist: "
                                 "exponential, rate: %.17g},\n"
                                 "     size: {dist: exponential, mean: 1}}\n",
                                 k, k, lam[k]);
        es[k] = 1.0;
        es2[k] = 2.0;
    }
    one_vm(y, sizeof y, preemptive ? "priority, preemptive: true" : "priority, preemptive: false",
           wl, 40000.0);
    vs_summary *s = run_reps(y, R, seed);
    vs_queue_metrics m;
    vs_err err;
    ck_assert_int_eq(vs_mg1_priority(n, NULL, lam, es, es2, preemptive, &m, &err), VS_OK);
    const vs_station_summary *st = &s->stations[0];
    char model[64], label[128];
    snprintf(model, sizeof model, "M/M/1 %s priority",
             preemptive ? "preemptive-resume" : "non-preemptive");
    check_model(st, model, m.response_time);
    ck_assert_int_eq(st->analytic.nclasses, (int)n);
    ck_assert_uint_eq(st->nclasses, n);
    for (size_t k = 0; k < n; k++) {
        ck_assert_int_eq(st->analytic.class_id[k], (int)k);
        ck_assert(fabs(st->analytic.class_response[k] - m.class_response[k]) <= 1e-12);
        snprintf(label, sizeof label, "%s, %zu classes, class %zu", model, n, k);
        check_metric(label, "mean response", st->classes[k].response_time, R,
                     m.class_response[k], tight);
        check_metric(label, "mean wait", st->classes[k].wait_time, R, m.class_wait[k],
                     2.0 * tight);
    }
    vs_summary_free(s);
}

START_TEST(priority_2_classes_nonpreemptive)
{
    const double lam[2] = {0.35, 0.35};
    priority_case(2, lam, 0, 21, 16, 0.05);
}
END_TEST

START_TEST(priority_2_classes_preemptive)
{
    const double lam[2] = {0.35, 0.35};
    priority_case(2, lam, 1, 22, 16, 0.05);
}
END_TEST

START_TEST(priority_3_classes_nonpreemptive)
{
    const double lam[3] = {0.2, 0.25, 0.25};
    priority_case(3, lam, 0, 23, 24, 0.06);
}
END_TEST

START_TEST(priority_3_classes_preemptive)
{
    const double lam[3] = {0.2, 0.25, 0.25};
    priority_case(3, lam, 1, 24, 24, 0.06);
}
END_TEST

/* M/M/2 head-of-line priority, 2 classes of equal exponential sizes (Cobham
 * with Erlang C), rho = 0.7; and the per-class analytic values in the text
 * and JSON reports. */
START_TEST(priority_mm2_nonpreemptive)
{
    const double lam[2] = {0.7, 0.7};
    char y[4096];
    int n = snprintf(y, sizeof y,
                     "name: theory\n"
                     "stop: {time: 40000}\n"
                     "warmup: {time: 2000}\n"
                     "hosts: [{name: h, cores: 2}]\n"
                     "vms:\n"
                     "  - {name: v, vcpus: 2, host: h, scheduler: priority}\n"
                     "workloads:\n"
                     "  - {name: hi, target: v, class: 0, arrival: {dist: exponential, rate: 0.7},\n"
                     "     size: {dist: exponential, mean: 1}}\n"
                     "  - {name: lo, target: v, class: 1, arrival: {dist: exponential, rate: 0.7},\n"
                     "     size: {dist: exponential, mean: 1}}\n");
    ck_assert(n > 0 && (size_t)n < sizeof y);
    const int R = 16;
    vs_summary *s = run_reps(y, R, 25);
    vs_queue_metrics m;
    vs_err err;
    ck_assert_int_eq(vs_mmc_priority(2, NULL, lam, 1.0, 2, &m, &err), VS_OK);
    const vs_station_summary *st = &s->stations[0];
    check_model(st, "M/M/2 non-preemptive priority", m.response_time);
    for (size_t k = 0; k < 2; k++) {
        char label[64];
        snprintf(label, sizeof label, "M/M/2 priority, class %zu", k);
        check_metric(label, "mean response", st->classes[k].response_time, R,
                     m.class_response[k], 0.05);
        check_metric(label, "mean wait", st->classes[k].wait_time, R, m.class_wait[k], 0.1);
    }
    /* The reports carry the per-class model values. */
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    ck_assert_ptr_nonnull(f);
    ck_assert_int_eq(vs_report_json(f, s), VS_OK);
    fclose(f);
    int nana = 0; /* "analytic" objects: one per class, one for the station */
    for (const char *p = buf; (p = strstr(p, "\"analytic\"")) != NULL; p++)
        nana++;
    ck_assert_int_eq(nana, 3);
    free(buf);
    f = open_memstream(&buf, &len);
    ck_assert_ptr_nonnull(f);
    ck_assert_int_eq(vs_report_text(f, s), VS_OK);
    fclose(f);
    ck_assert_ptr_nonnull(strstr(buf, "analytic response (s)"));
    free(buf);
    vs_summary_free(s);
}
END_TEST

/* ---- size-based ------------------------------------------------------------------- */

static double exp_cdf(double x, const void *ctx)
{
    (void)ctx;
    return x <= 0.0 ? 0.0 : -expm1(-x);
}

static void size_case(const char *sched, int srpt, uint64_t seed)
{
    char y[2048];
    one_vm(y, sizeof y, sched, MM1_07, 40000.0);
    const int R = 16;
    vs_summary *s = run_reps(y, R, seed);
    vs_queue_metrics m;
    vs_err err;
    int rc = srpt ? vs_mg1_srpt(0.7, exp_cdf, NULL, 1.0, 2.0, &m, &err)
                  : vs_mg1_sjf(0.7, exp_cdf, NULL, 1.0, 2.0, &m, &err);
    ck_assert_int_eq(rc, VS_OK);
    check_model(&s->stations[0], srpt ? "M/M/1-SRPT" : "M/M/1-SJF", m.response_time);
    check_metric(srpt ? "M/M/1-SRPT" : "M/M/1-SJF", "mean response",
                 s->stations[0].response_time, R, m.response_time, 0.04);
    check_metric(srpt ? "M/M/1-SRPT" : "M/M/1-SJF", "mean wait", s->stations[0].wait_time, R,
                 m.wait_time, 0.08);
    vs_summary_free(s);
}

START_TEST(sjf_mm1)
{
    size_case("sjf", 0, 31);
}
END_TEST

START_TEST(srpt_mm1)
{
    size_case("srpt", 1, 32);
}
END_TEST

/* The integrals against values computed independently (composite Simpson,
 * 2e5 panels, in double precision) for M/M/1 at rho = 0.5: SJF 1.7126863319,
 * SRPT 1.4253726639 (of which wait 0.2510995416). */
START_TEST(size_based_integrals)
{
    vs_queue_metrics m;
    vs_err err;
    ck_assert_int_eq(vs_mg1_sjf(0.5, exp_cdf, NULL, 1.0, 2.0, &m, &err), VS_OK);
    ck_assert_msg(fabs(m.response_time - 1.7126863319) < 1e-8, "SJF %.12g", m.response_time);
    ck_assert_int_eq(vs_mg1_srpt(0.5, exp_cdf, NULL, 1.0, 2.0, &m, &err), VS_OK);
    ck_assert_msg(fabs(m.response_time - 1.4253726639) < 1e-8, "SRPT %.12g", m.response_time);
    ck_assert_msg(fabs(m.wait_time - 0.2510995416) < 1e-8, "SRPT wait %.12g", m.wait_time);
    ck_assert_int_eq(vs_mg1_srpt(1.0, exp_cdf, NULL, 1.0, 2.0, &m, &err), VS_EUNSTABLE);
}
END_TEST

/* Priority formulas: with equal exponential classes the total mean is the
 * M/M/1 one (conservation), and the hand values for 3 classes of rho 0.2:
 * non-preemptive T = 1.75, 2.25, 3.5; preemptive T = 1.25, 2.0833, 4.1667. */
START_TEST(priority_formulas)
{
    const double lam[3] = {0.2, 0.2, 0.2}, es[3] = {1, 1, 1}, es2[3] = {2, 2, 2};
    const int ids[3] = {0, 4, 7};
    vs_queue_metrics m;
    vs_err err;
    ck_assert_int_eq(vs_mg1_priority(3, ids, lam, es, es2, 0, &m, &err), VS_OK);
    ck_assert(fabs(m.response_time - 2.5) < 1e-12);
    ck_assert(fabs(m.class_response[0] - 1.75) < 1e-12);
    ck_assert(fabs(m.class_response[1] - 2.25) < 1e-12);
    ck_assert(fabs(m.class_response[2] - 3.5) < 1e-12);
    ck_assert_int_eq(m.class_id[2], 7);
    ck_assert_int_eq(vs_mg1_priority(3, ids, lam, es, es2, 1, &m, &err), VS_OK);
    ck_assert(fabs(m.response_time - 2.5) < 1e-12);
    ck_assert(fabs(m.class_response[0] - 1.25) < 1e-12);
    ck_assert(fabs(m.class_response[1] - 1.25 - 0.4 / 0.48) < 1e-12);
    ck_assert(fabs(m.class_response[2] - 1.0 / 0.6 - 0.6 / 0.24) < 1e-12);
    ck_assert_int_eq(vs_mmc_priority(3, NULL, lam, 1.0, 1, &m, &err), VS_OK);
    ck_assert(fabs(m.class_response[2] - 3.5) < 1e-12);
    const double big[2] = {0.6, 0.5};
    ck_assert_int_eq(vs_mg1_priority(2, NULL, big, es, es2, 0, &m, &err), VS_EUNSTABLE);
}
END_TEST

static Suite *theory_suite(void)
{
    Suite *s = suite_create("guest_sched_theory");
    TCase *tc = tcase_create("formulas");
    tcase_add_test(tc, size_based_integrals);
    tcase_add_test(tc, priority_formulas);
    suite_add_tcase(s, tc);
    tc = tcase_create("simulation");
    tcase_set_timeout(tc, 300);
    tcase_add_test(tc, ps_mm1);
    tcase_add_test(tc, ps_mh21);
    tcase_add_test(tc, ps_capacity_insensitive);
    tcase_add_test(tc, rr_mm1);
    tcase_add_test(tc, rr_mh21_converges_to_ps);
    tcase_add_test(tc, priority_2_classes_nonpreemptive);
    tcase_add_test(tc, priority_2_classes_preemptive);
    tcase_add_test(tc, priority_3_classes_nonpreemptive);
    tcase_add_test(tc, priority_3_classes_preemptive);
    tcase_add_test(tc, priority_mm2_nonpreemptive);
    tcase_add_test(tc, sjf_mm1);
    tcase_add_test(tc, srpt_mm1);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    gsl_set_error_handler_off();
    SRunner *sr = srunner_create(theory_suite());
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
