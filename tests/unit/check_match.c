/*
 * check_match.c: unit tests of the station matcher (src/experiment/match.c).
 *
 * Each test builds a vs_config by hand (no YAML), asks vs_match_station for
 * the model of one VM and checks the model name and its values against the
 * analytic solvers or a hand-derived closed form.
 */
#include <check.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_errno.h>

#include "virtsim/analytic.h"
#include "virtsim/config.h"
#include "virtsim/match.h"
#include "virtsim/rng.h"

#define ck_rel(got, want, tol)                                                         \
    do {                                                                               \
        double g_ = (got), w_ = (want);                                                \
        ck_assert_msg(fabs(g_ - w_) <= (tol) * fabs(w_), "%s = %.15g, want %.15g (rel %g)", \
                      #got, g_, w_, (double)(tol));                                    \
    } while (0)

/* A scenario with up to two hosts, two VMs and four workloads, all strings
 * in writable static storage (the config's strings are char *). */
typedef struct fixture {
    vs_config cfg;
    vs_host_cfg hosts[2];
    vs_vm_cfg vms[2];
    vs_workload_cfg wl[4];
} fixture;

static char s_file[] = "test.yaml", s_rack[] = "rack", s_dedicated[] = "dedicated",
            s_fair[] = "fair", s_web[] = "web", s_db[] = "db", s_fcfs[] = "fcfs",
            s_ps[] = "ps", s_lottery[] = "lottery", s_rack1[] = "rack-1", s_rack2[] = "rack-2", s_env[] = "prod",
            s_w[] = "w";

/* One host entry "rack" (count 2, dedicated), VM "web" with c vCPUs and the
 * given capacity, VM "db" (1 vCPU, no workload). */
static void fixture_init(fixture *f, int c, int64_t capacity)
{
    memset(f, 0, sizeof *f);
    f->cfg.file = s_file;
    f->cfg.hosts = f->hosts;
    f->cfg.nhosts = 1;
    f->cfg.vms = f->vms;
    f->cfg.nvms = 2;
    f->cfg.workloads = f->wl;
    f->hosts[0] = (vs_host_cfg){.name = s_rack, .count = 2, .cores = 64, .speed = 1,
                                .scheduler = s_dedicated};
    f->hosts[1] = f->hosts[0];
    f->vms[0] = (vs_vm_cfg){.name = s_web, .count = 1, .vcpus = c, .scheduler = s_fcfs,
                            .capacity = capacity, .weight = 256};
    f->vms[1] = (vs_vm_cfg){.name = s_db, .count = 1, .vcpus = 1, .scheduler = s_fcfs,
                            .capacity = -1, .weight = 256};
}

static void add_workload(fixture *f, vs_dist arrival, vs_dist size)
{
    ck_assert_uint_lt(f->cfg.nworkloads, 4);
    vs_workload_cfg *w = &f->wl[f->cfg.nworkloads++];
    w->name = s_w;
    w->target = s_web;
    w->arrival = arrival;
    w->size = size;
}

static vs_dist dexp(double mean)
{
    vs_dist d;
    ck_assert_int_eq(vs_dist_exponential(&d, mean, NULL), VS_OK);
    return d;
}
static vs_dist ddet(double v)
{
    vs_dist d;
    ck_assert_int_eq(vs_dist_deterministic(&d, v, NULL), VS_OK);
    return d;
}
static vs_dist derl(int k, double mean)
{
    vs_dist d;
    ck_assert_int_eq(vs_dist_erlang(&d, k, mean, NULL), VS_OK);
    return d;
}

START_TEST(mmc_station)
{
    /* 3.6 jobs/s of mean size 2 on 4 vCPUs of speed 2: service mean 1 s,
     * M/M/4 at rho 0.9, W = 2.969383 (check_analytic.c). */
    fixture f;
    vs_queue_metrics m, ref;
    vs_err e;
    fixture_init(&f, 4, -1);
    add_workload(&f, dexp(1 / 3.6), dexp(2.0));
    ck_assert_int_eq(vs_match_station(&f.cfg, 0, 2.0, &m), 1);
    ck_assert_str_eq(m.model, "M/M/4");
    ck_assert_int_eq(m.approximate, 0);
    ck_assert_int_eq(vs_mmc(3.6, 1.0, 4, &ref, &e), VS_OK);
    ck_rel(m.response_time, 2.969383, 1e-6);
    ck_rel(m.p95_response, ref.p95_response, 1e-12);
    /* Two Poisson streams with the same exponential sizes merge: 1.6 + 2.0. */
    fixture_init(&f, 4, -1);
    add_workload(&f, dexp(1 / 1.6), dexp(2.0));
    add_workload(&f, dexp(0.5), dexp(2.0));
    ck_assert_int_eq(vs_match_station(&f.cfg, 0, 2.0, &m), 1);
    ck_assert_str_eq(m.model, "M/M/4");
    ck_rel(m.throughput, 3.6, 1e-14);
    ck_rel(m.response_time, ref.response_time, 1e-12);
    /* c = 1: M/M/1, W = 1 / (mu - lambda) = 1 / (2 - 1.5). */
    fixture_init(&f, 1, -1);
    add_workload(&f, dexp(1 / 1.5), dexp(1.0));
    ck_assert_int_eq(vs_match_station(&f.cfg, 0, 2.0, &m), 1);
    ck_assert_str_eq(m.model, "M/M/1");
    ck_rel(m.response_time, 2.0, 1e-13);
    /* Erlang with k = 1 is exponential. */
    fixture_init(&f, 1, -1);
    add_workload(&f, derl(1, 1 / 1.5), derl(1, 1.0));
    ck_assert_int_eq(vs_match_station(&f.cfg, 0, 2.0, &m), 1);
    ck_assert_str_eq(m.model, "M/M/1");
}
END_TEST

START_TEST(mg1_station)
{
    fixture f;
    vs_queue_metrics m;
    /* M/D/1: lambda 0.5, size 1 at speed 1: Wq = rho / (2 mu (1 - rho)) = 0.5. */
    fixture_init(&f, 1, -1);
    add_workload(&f, dexp(2.0), ddet(1.0));
    ck_assert_int_eq(vs_match_station(&f.cfg, 0, 1.0, &m), 1);
    ck_assert_str_eq(m.model, "M/D/1");
    ck_rel(m.wait_time, 0.5, 1e-14);
    /* Two exponential size classes with different means: lambda 0.2 of mean 1
     * and 0.2 of mean 2 (speed 1).  E[S] = 1.5, E[S^2] = (2*1 + 2*4)/2 = 5,
     * rho = 0.6, P-K: Wq = 0.4 * 5 / (2 * 0.4) = 2.5. */
    fixture_init(&f, 1, -1);
    add_workload(&f, dexp(5.0), dexp(1.0));
    add_workload(&f, dexp(5.0), dexp(2.0));
    ck_assert_int_eq(vs_match_station(&f.cfg, 0, 1.0, &m), 1);
    ck_assert_str_eq(m.model, "M/G/1");
    ck_rel(m.wait_time, 2.5, 1e-13);
    ck_rel(m.utilization, 0.6, 1e-14);
    /* Erlang-3 sizes on one vCPU: "M/E3/1", Wq = lambda (1 + 1/3) E[S]^2 / (2 (1 - rho)). */
    fixture_init(&f, 1, -1);
    add_workload(&f, dexp(2.0), derl(3, 1.0));
    ck_assert_int_eq(vs_match_station(&f.cfg, 0, 1.0, &m), 1);
    ck_assert_str_eq(m.model, "M/E3/1");
    ck_rel(m.wait_time, 0.5 * (4.0 / 3.0) / (2 * 0.5), 1e-13);
}
END_TEST

START_TEST(mgc_approx_station)
{
    fixture f;
    vs_queue_metrics m, ref;
    vs_err e;
    /* Deterministic sizes on 3 vCPUs: Allen-Cunneen, Wq = Wq(M/M/3) (1 + 0) / 2. */
    fixture_init(&f, 3, -1);
    add_workload(&f, dexp(1 / 2.4), ddet(1.0));
    ck_assert_int_eq(vs_match_station(&f.cfg, 0, 1.0, &m), 1);
    ck_assert_str_eq(m.model, "M/D/3 (Allen-Cunneen approx.)");
    ck_assert_int_eq(m.approximate, 1);
    ck_assert_int_eq(vs_mmc(2.4, 1.0, 3, &ref, &e), VS_OK);
    ck_rel(m.wait_time, ref.wait_time / 2, 1e-13);
}
END_TEST

START_TEST(loss_and_finite_capacity)
{
    fixture f;
    vs_queue_metrics m, ref;
    vs_err e;
    /* K == c: Erlang B, insensitive: 10 vCPUs, 5 Erlangs -> B = 0.018385 (table). */
    fixture_init(&f, 10, 10);
    add_workload(&f, dexp(0.4), ddet(2.0));
    ck_assert_int_eq(vs_match_station(&f.cfg, 0, 1.0, &m), 1);
    ck_assert_str_eq(m.model, "M/D/10/10");
    ck_assert(fabs(m.blocking_probability - 0.018385) < 5e-7);
    ck_rel(m.p95_response, 2.0, 1e-15);
    fixture_init(&f, 10, 10);
    add_workload(&f, dexp(0.4), dexp(2.0));
    ck_assert_int_eq(vs_match_station(&f.cfg, 0, 1.0, &m), 1);
    ck_assert_str_eq(m.model, "M/M/10/10");
    ck_rel(m.p95_response, 2.0 * log(20.0), 1e-14);
    /* K < c: only K vCPUs can be busy: Erlang B with K servers, utilization over c. */
    fixture_init(&f, 4, 2);
    add_workload(&f, dexp(1.0), dexp(1.0));
    ck_assert_int_eq(vs_match_station(&f.cfg, 0, 1.0, &m), 1);
    ck_assert_str_eq(m.model, "M/M/4/2");
    ck_rel(m.blocking_probability, vs_erlang_b(2, 1.0), 1e-15);
    ck_rel(m.utilization, (1 - vs_erlang_b(2, 1.0)) / 4, 1e-15);
    /* K > c with exponential sizes: M/M/c/K. */
    fixture_init(&f, 2, 10);
    add_workload(&f, dexp(0.5), dexp(1.0));
    ck_assert_int_eq(vs_match_station(&f.cfg, 0, 1.0, &m), 1);
    ck_assert_str_eq(m.model, "M/M/2/10");
    ck_assert_int_eq(vs_mmck(2.0, 1.0, 2, 10, &ref, &e), VS_OK);
    ck_rel(m.blocking_probability, ref.blocking_probability, 1e-15);
    ck_rel(m.response_time, ref.response_time, 1e-15);
    ck_assert(isfinite(m.p95_response));
    ck_rel(m.p95_response, ref.p95_response, 1e-15);
    /* K > c with other sizes, or non-Poisson arrivals with any K: no model. */
    fixture_init(&f, 2, 10);
    add_workload(&f, dexp(0.5), ddet(1.0));
    ck_assert_int_eq(vs_match_station(&f.cfg, 0, 1.0, &m), 0);
    ck_assert_str_eq(m.model, "");
    ck_assert(isnan(m.response_time));
    fixture_init(&f, 2, 2);
    add_workload(&f, derl(2, 0.5), dexp(1.0));
    ck_assert_int_eq(vs_match_station(&f.cfg, 0, 1.0, &m), 0);
}
END_TEST

START_TEST(gim1_station)
{
    fixture f;
    vs_queue_metrics m;
    /* E2/M/1, lambda 1, service mean 0.5 (size 1, speed 2), rho 0.5:
     * sigma = ((1 + 4 rho) - sqrt(1 + 8 rho)) / 2 = (3 - sqrt 5) / 2. */
    fixture_init(&f, 1, -1);
    add_workload(&f, derl(2, 1.0), dexp(1.0));
    ck_assert_int_eq(vs_match_station(&f.cfg, 0, 2.0, &m), 1);
    ck_assert_str_eq(m.model, "E2/M/1");
    ck_assert_int_eq(m.approximate, 0);
    double sigma = (3 - sqrt(5.0)) / 2;
    ck_rel(m.wait_probability, sigma, 1e-11);
    ck_rel(m.response_time, 1 / (2 * (1 - sigma)), 1e-11);
    /* D/M/1: sigma solves sigma = exp(-(1 - sigma) E[A] mu). */
    fixture_init(&f, 1, -1);
    add_workload(&f, ddet(2.0), dexp(1.0));
    ck_assert_int_eq(vs_match_station(&f.cfg, 0, 1.0, &m), 1);
    ck_assert_str_eq(m.model, "D/M/1");
    ck_rel(m.wait_probability, exp(-2 * (1 - m.wait_probability)), 1e-12);
    /* Gamma arrivals: "GI/M/1". */
    vs_dist g;
    ck_assert_int_eq(vs_dist_gamma(&g, 2.0, 0.3, NULL), VS_OK);
    fixture_init(&f, 1, -1);
    add_workload(&f, g, dexp(1.0));
    ck_assert_int_eq(vs_match_station(&f.cfg, 0, 1.0, &m), 1);
    ck_assert_str_eq(m.model, "GI/M/1");
}
END_TEST

START_TEST(gigc_station)
{
    fixture f;
    vs_queue_metrics m, ref;
    vs_err e;
    /* Erlang-2 arrivals on 2 vCPUs: Allen-Cunneen with ca2 = 1/2, cs2 = 1. */
    fixture_init(&f, 2, -1);
    add_workload(&f, derl(2, 1 / 1.5), dexp(1.0));
    ck_assert_int_eq(vs_match_station(&f.cfg, 0, 1.0, &m), 1);
    ck_assert_str_eq(m.model, "E2/M/2 (Allen-Cunneen approx.)");
    ck_assert_int_eq(vs_mmc(1.5, 1.0, 2, &ref, &e), VS_OK);
    ck_rel(m.wait_time, ref.wait_time * 0.75, 1e-13);
    /* Two streams (E2 at 0.5/s, Poisson at 0.25/s) on one vCPU: not renewal,
     * ca2 = (0.5 * 0.5 + 0.25 * 1) / 0.75 = 2/3, deterministic sizes (cs2 0). */
    fixture_init(&f, 1, -1);
    add_workload(&f, derl(2, 2.0), ddet(1.0));
    add_workload(&f, dexp(4.0), ddet(1.0));
    ck_assert_int_eq(vs_match_station(&f.cfg, 0, 1.0, &m), 1);
    ck_assert_str_eq(m.model, "G/D/1 (Allen-Cunneen approx.)");
    ck_assert_int_eq(vs_mmc(0.75, 1.0, 1, &ref, &e), VS_OK);
    ck_rel(m.wait_time, ref.wait_time * (2.0 / 3.0) / 2, 1e-13);
}
END_TEST

START_TEST(unstable_station)
{
    fixture f;
    vs_queue_metrics m;
    fixture_init(&f, 2, -1);
    add_workload(&f, dexp(1 / 3.0), dexp(1.0));
    ck_assert_int_eq(vs_match_station(&f.cfg, 0, 1.0, &m), 1);
    ck_assert_str_eq(m.model, "M/M/2 (unstable)");
    ck_rel(m.throughput, 2.0, 1e-15);
    ck_assert(m.utilization == 1.0 && m.wait_probability == 1.0);
    ck_assert(isnan(m.response_time) && isnan(m.p95_response) && isnan(m.jobs_in_system));
    /* rho exactly 1 is unstable too. */
    fixture_init(&f, 1, -1);
    add_workload(&f, ddet(1.0), dexp(1.0));
    ck_assert_int_eq(vs_match_station(&f.cfg, 0, 1.0, &m), 1);
    ck_assert_str_eq(m.model, "D/M/1 (unstable)");
    /* A loss system is never unstable. */
    fixture_init(&f, 2, 2);
    add_workload(&f, dexp(0.01), dexp(1.0));
    ck_assert_int_eq(vs_match_station(&f.cfg, 0, 1.0, &m), 1);
    ck_assert_str_eq(m.model, "M/M/2/2");
}
END_TEST

START_TEST(no_model)
{
    fixture f;
    vs_queue_metrics m;
    /* Baseline matches. */
    fixture_init(&f, 2, -1);
    add_workload(&f, dexp(1.0), dexp(1.0));
    ck_assert_int_eq(vs_match_station(&f.cfg, 0, 1.0, &m), 1);
    /* The VM without workloads. */
    ck_assert_int_eq(vs_match_station(&f.cfg, 1, 1.0, &m), 0);
    ck_assert_str_eq(m.model, "");
    /* Bad index and speed. */
    ck_assert_int_eq(vs_match_station(&f.cfg, 2, 1.0, &m), 0);
    ck_assert_int_eq(vs_match_station(&f.cfg, 0, 0.0, &m), 0);
    ck_assert_int_eq(vs_match_station(&f.cfg, 0, NAN, &m), 0);
    /* Another guest scheduler: ps has its own model, an unknown one none. */
    f.vms[0].scheduler = s_ps;
    ck_assert_int_eq(vs_match_station(&f.cfg, 0, 1.0, &m), 1);
    ck_assert_str_eq(m.model, "M/M/2-PS");
    f.vms[0].scheduler = s_lottery;
    ck_assert_int_eq(vs_match_station(&f.cfg, 0, 1.0, &m), 0);
    f.vms[0].scheduler = s_fcfs;
    /* Fixed host: the expanded name of a dedicated entry matches, a fair one not. */
    f.vms[0].host = s_rack1;
    ck_assert_int_eq(vs_match_station(&f.cfg, 0, 1.0, &m), 1);
    f.vms[0].host = s_rack2; /* rack has count 2: rack-0, rack-1 only */
    ck_assert_int_eq(vs_match_station(&f.cfg, 0, 1.0, &m), 0);
    f.vms[0].host = s_rack1;
    f.hosts[0].scheduler = s_fair;
    ck_assert_int_eq(vs_match_station(&f.cfg, 0, 1.0, &m), 0);
    /* Placement decides: every host must be dedicated. */
    f.vms[0].host = NULL;
    ck_assert_int_eq(vs_match_station(&f.cfg, 0, 1.0, &m), 0);
    f.hosts[0].scheduler = s_dedicated;
    f.cfg.nhosts = 2;
    f.hosts[1].scheduler = s_fair;
    ck_assert_int_eq(vs_match_station(&f.cfg, 0, 1.0, &m), 0);
    f.hosts[1].scheduler = s_dedicated;
    ck_assert_int_eq(vs_match_station(&f.cfg, 0, 1.0, &m), 1);
    /* Nested, environment, cap below the vCPUs, count > 1. */
    f.vms[0].parent = s_db;
    ck_assert_int_eq(vs_match_station(&f.cfg, 0, 1.0, &m), 0);
    f.vms[0].parent = NULL;
    f.vms[0].environment = s_env;
    ck_assert_int_eq(vs_match_station(&f.cfg, 0, 1.0, &m), 0);
    f.vms[0].environment = NULL;
    f.vms[0].cap = 1.5;
    ck_assert_int_eq(vs_match_station(&f.cfg, 0, 1.0, &m), 0);
    f.vms[0].cap = 2.0; /* a cap of all vCPUs changes nothing */
    ck_assert_int_eq(vs_match_station(&f.cfg, 0, 1.0, &m), 1);
    f.vms[0].cap = 0;
    f.vms[0].count = 2;
    ck_assert_int_eq(vs_match_station(&f.cfg, 0, 1.0, &m), 0);
    f.vms[0].count = 1;
    /* A trace stream among the workloads. */
    vs_dist tr;
    memset(&tr, 0, sizeof tr);
    tr.kind = VS_DIST_TRACE;
    tr.mean = 1.0;
    tr.scv = 1.0;
    add_workload(&f, tr, dexp(1.0));
    ck_assert_int_eq(vs_match_station(&f.cfg, 0, 1.0, &m), 0);
    ck_assert_str_eq(m.model, "");
}
END_TEST

static Suite *match_suite(void)
{
    Suite *s = suite_create("match");
    TCase *tc = tcase_create("core");
    tcase_add_test(tc, mmc_station);
    tcase_add_test(tc, mg1_station);
    tcase_add_test(tc, mgc_approx_station);
    tcase_add_test(tc, loss_and_finite_capacity);
    tcase_add_test(tc, gim1_station);
    tcase_add_test(tc, gigc_station);
    tcase_add_test(tc, unstable_station);
    tcase_add_test(tc, no_model);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    gsl_set_error_handler_off();
    SRunner *sr = srunner_create(match_suite());
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
