/*
 * check_scenario.c: tests of the scenario loader (src/scenario).
 *
 * Good scenarios must load with every field as documented (units, defaults,
 * models, --set); every file tests/bad/NAME.yaml must be refused with exactly
 * the message in tests/bad/NAME.expect (loaded by its relative name from
 * inside tests/bad, so the FILE part is stable; {GUEST_SCHEDS}, {HOST_SCHEDS},
 * {PLACES} and {DISTS} in an .expect stand for the registries' name lists);
 * hostile inputs generated here (alias bombs, deep nesting, binary bytes,
 * huge files) must be refused within a second.
 */
#include <check.h>
#include <dirent.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <sys/stat.h>
#include <unistd.h>

#include <gsl/gsl_errno.h>

#include "scenario/internal.h"
#include "virtsim/policy.h"
#include "virtsim/rng.h"
#include "virtsim/scenario.h"

#define DATA_DIR VS_SOURCE_DIR "/tests/scenario-data"
#define BAD_DIR VS_SOURCE_DIR "/tests/bad"

static const char *const minimal =
    "stop: {time: 100}\n"
    "hosts: [{name: h, cores: 2}]\n"
    "vms: [{name: web, vcpus: 2}]\n"
    "workloads:\n"
    "  - {name: req, target: web, arrival: {dist: exponential, rate: 1.5},\n"
    "     size: {dist: exponential, mean: 1}}\n";

static int load_text(const char *text, const vs_override *sets, size_t nsets, vs_config **cfg,
                     vs_err *err)
{
    return vs_scenario_load_string(text, strlen(text), "t.yaml", DATA_DIR, sets, nsets, cfg,
                                   err);
}

/* Load text that must fail; return the message for comparison. */
static const char *fail_text(const char *text, const vs_override *sets, size_t nsets,
                             vs_err *err)
{
    vs_config *cfg = NULL;
    int rc = load_text(text, sets, nsets, &cfg, err);
    ck_assert_msg(rc != VS_OK, "expected an error for:\n%s", text);
    ck_assert_ptr_null(cfg);
    return err->msg;
}

/* ---- good scenarios ----------------------------------------------------- */

START_TEST(test_full)
{
    const char *text =
        "name: full\n"
        "description: every key\n"
        "seed: 18446744073709551615\n"
        "stop: {time: 2h, jobs: 1e6}\n"
        "warmup: {time: 5min}\n"
        "replications: 10\n"
        "hosts:\n"
        "  - name: rack-a\n"
        "    count: 4\n"
        "    cores: 16\n"
        "    speed: 2.5\n"
        "    memory: 128GiB\n"
        "    scheduler: dedicated\n"
        "    quantum: 250ms\n"
        "    switch_cost: 50us\n"
        "    overhead: 0.03\n"
        "    power: {idle: 100, max: 250}\n"
        "  - {name: db, cores: 8, memory: 1TiB, power: {curve: [1,2,3,4,5,6,7,8,9,10,11]}}\n"
        "vms:\n"
        "  - name: web\n"
        "    vcpus: 4\n"
        "    memory: 512MiB\n"
        "    host: rack-a-3\n"
        "    scheduler: fcfs\n"
        "    quantum: 10ms\n"
        "    switch_cost: 1ms\n"
        "    preemptive: true\n"
        "    capacity: 50\n"
        "    weight: 512\n"
        "    cap: 2.5\n"
        "    boot_time: 30s\n"
        "  - {name: batch, count: 3, vcpus: 1, memory: 2GB, capacity: inf}\n"
        "workloads:\n"
        "  - name: requests\n"
        "    target: web\n"
        "    arrival: {dist: exponential, rate: 4}\n"
        "    size: {dist: erlang, k: 3, mean: 0.5}\n"
        "    class: 2\n"
        "  - {name: b, target: batch-2, arrival: {dist: deterministic, value: 250ms},\n"
        "     size: {dist: hyperexponential, mean: 2, scv: 4}}\n"
        "  - {name: c, target: web, arrival: {dist: uniform, min: 1s, max: 1min},\n"
        "     size: {dist: lognormal, mean: 1, scv: 0.5}}\n"
        "  - {name: d, target: web, arrival: {dist: pareto, alpha: 2.5, min: 1},\n"
        "     size: {dist: gamma, rate: 2, scv: 2}}\n"
        "  - {name: e, target: web, arrival: {dist: weibull, shape: 1.5, scale: 2},\n"
        "     size: {dist: empirical, file: sizes.txt}}\n"
        "  - {name: f, target: web, arrival: {dist: trace, file: trace.txt},\n"
        "     size: {dist: pareto, alpha: 1.5, min: 1, max: 10}}\n"
        "placement: {policy: first-fit, overcommit: {cpu: 2, memory: 1.5}}\n"
        "output: {dir: out/full, plots: [response, utilization], series: 10s}\n";
    vs_config *c = NULL;
    vs_err err;
    int rc = load_text(text, NULL, 0, &c, &err);
    ck_assert_msg(rc == VS_OK, "%s", err.msg);
    ck_assert_str_eq(c->file, "t.yaml");
    ck_assert_str_eq(c->dir, DATA_DIR);
    ck_assert_str_eq(c->name, "full");
    ck_assert_str_eq(c->description, "every key");
    ck_assert(c->seed == UINT64_MAX);
    ck_assert_double_eq(c->stop_time, 7200);
    ck_assert(c->stop_jobs == 1000000);
    ck_assert_int_eq(c->warmup_kind, VS_WARMUP_TIME);
    ck_assert_double_eq(c->warmup_value, 300);
    ck_assert_int_eq(c->replications, 10);

    ck_assert_uint_eq(c->nhosts, 2);
    vs_host_cfg *h = &c->hosts[0];
    ck_assert_str_eq(h->name, "rack-a");
    ck_assert_int_eq(h->count, 4);
    ck_assert_int_eq(h->cores, 16);
    ck_assert_double_eq(h->speed, 2.5);
    ck_assert_double_eq(h->memory_mib, 131072);
    ck_assert_str_eq(h->scheduler, "dedicated");
    ck_assert_double_eq_tol(h->quantum, 0.25, 1e-15);
    ck_assert_double_eq_tol(h->switch_cost, 50e-6, 1e-18);
    ck_assert_double_eq(h->overhead, 0.03);
    ck_assert_ptr_null(h->model);
    ck_assert_double_eq(h->idle_watts, 100);
    ck_assert_double_eq(h->max_watts, 250);
    ck_assert_ptr_null(h->power_curve);
    ck_assert_int_eq(h->pos.line, 8);
    ck_assert_int_eq(h->pos.col, 5);
    h = &c->hosts[1];
    ck_assert_double_eq(h->memory_mib, 1048576);
    ck_assert_ptr_nonnull(h->power_curve);
    ck_assert_double_eq(h->power_curve[10], 11);
    ck_assert_double_eq(h->idle_watts, 1);
    ck_assert_double_eq(h->max_watts, 11);
    ck_assert_int_eq(h->pos.line, 18);
    ck_assert_int_eq(h->pos.col, 5);

    ck_assert_uint_eq(c->nvms, 2);
    vs_vm_cfg *v = &c->vms[0];
    ck_assert_str_eq(v->name, "web");
    ck_assert_int_eq(v->count, 1);
    ck_assert_int_eq(v->vcpus, 4);
    ck_assert_double_eq(v->memory_mib, 512);
    ck_assert_str_eq(v->host, "rack-a-3");
    ck_assert_ptr_null(v->environment);
    ck_assert_ptr_null(v->parent);
    ck_assert_str_eq(v->scheduler, "fcfs");
    ck_assert_double_eq_tol(v->quantum, 0.010, 1e-15);
    ck_assert_double_eq_tol(v->switch_cost, 0.001, 1e-15);
    ck_assert_int_eq(v->preemptive, 1);
    ck_assert(v->capacity == 50);
    ck_assert_double_eq(v->weight, 512);
    ck_assert_double_eq(v->cap, 2.5);
    ck_assert_double_eq(v->boot_time, 30);
    ck_assert_int_eq(v->host_pos.line, 23);
    ck_assert_int_eq(v->host_pos.col, 11);
    v = &c->vms[1];
    ck_assert_int_eq(v->count, 3);
    ck_assert_double_eq_tol(v->memory_mib, 2e9 / 1048576.0, 1e-9);
    ck_assert(v->capacity == -1);
    ck_assert_int_eq(v->host_pos.line, v->pos.line);

    ck_assert_uint_eq(c->nworkloads, 6);
    vs_workload_cfg *w = &c->workloads[0];
    ck_assert_str_eq(w->name, "requests");
    ck_assert_str_eq(w->target, "web");
    ck_assert_int_eq(w->arrival.kind, VS_DIST_EXPONENTIAL);
    ck_assert_double_eq(w->arrival.mean, 0.25);
    ck_assert_int_eq(w->size.kind, VS_DIST_ERLANG);
    ck_assert_int_eq(w->size.k, 3);
    ck_assert_double_eq_tol(w->size.mean, 0.5, 1e-12);
    ck_assert_int_eq(w->klass, 2);
    ck_assert_int_eq(w->target_pos.line, 35);
    w = &c->workloads[1];
    ck_assert_str_eq(w->target, "batch-2");
    ck_assert_int_eq(w->arrival.kind, VS_DIST_DETERMINISTIC);
    ck_assert_double_eq(w->arrival.mean, 0.25);
    ck_assert_int_eq(w->size.kind, VS_DIST_HYPEREXPONENTIAL);
    ck_assert_double_eq_tol(w->size.scv, 4, 1e-9);
    w = &c->workloads[2];
    ck_assert_int_eq(w->arrival.kind, VS_DIST_UNIFORM);
    ck_assert_double_eq_tol(w->arrival.mean, 30.5, 1e-9);
    ck_assert_int_eq(w->size.kind, VS_DIST_LOGNORMAL);
    w = &c->workloads[3];
    ck_assert_int_eq(w->arrival.kind, VS_DIST_PARETO);
    ck_assert_double_eq_tol(w->arrival.mean, 2.5 / 1.5, 1e-9);
    ck_assert_int_eq(w->size.kind, VS_DIST_GAMMA);
    ck_assert_double_eq_tol(w->size.mean, 0.5, 1e-12);
    w = &c->workloads[4];
    ck_assert_int_eq(w->arrival.kind, VS_DIST_WEIBULL);
    ck_assert_int_eq(w->size.kind, VS_DIST_EMPIRICAL);
    ck_assert_uint_eq(w->size.n, 3);
    ck_assert_double_eq_tol(w->size.mean, 1.0, 1e-12);
    w = &c->workloads[5];
    ck_assert_int_eq(w->arrival.kind, VS_DIST_TRACE);
    ck_assert_uint_eq(w->arrival.n, 3);

    ck_assert_str_eq(c->placement, "first-fit");
    ck_assert_double_eq(c->overcommit_cpu, 2);
    ck_assert_double_eq(c->overcommit_mem, 1.5);
    ck_assert_int_eq(c->placement_pos.line, 49);
    ck_assert_str_eq(c->output_dir, "out/full");
    ck_assert_uint_eq(c->nplots, 2);
    ck_assert_str_eq(c->plots[0], "response");
    ck_assert_str_eq(c->plots[1], "utilization");
    ck_assert_double_eq(c->series_interval, 10);
    vs_config_free(c);
}
END_TEST

START_TEST(test_defaults)
{
    vs_config *c = NULL;
    vs_err err;
    int rc = vs_scenario_load_string(minimal, strlen(minimal), "dir/my-scenario.yaml", NULL,
                                     NULL, 0, &c, &err);
    ck_assert_msg(rc == VS_OK, "%s", err.msg);
    ck_assert_str_eq(c->name, "my-scenario");
    ck_assert_str_eq(c->dir, ".");
    ck_assert_ptr_null(c->description);
    ck_assert(c->seed == 1);
    ck_assert_double_eq(c->stop_time, 100);
    ck_assert(c->stop_jobs == 0);
    ck_assert_int_eq(c->warmup_kind, VS_WARMUP_TIME);
    ck_assert_double_eq(c->warmup_value, 0);
    ck_assert_int_eq(c->replications, 1);
    vs_host_cfg *h = &c->hosts[0];
    ck_assert_int_eq(h->count, 1);
    ck_assert_double_eq(h->speed, 1);
    ck_assert(isinf(h->memory_mib));
    ck_assert_str_eq(h->scheduler, "dedicated");
    ck_assert_double_eq_tol(h->quantum, 0.030, 1e-15);
    ck_assert_double_eq(h->switch_cost, 0);
    ck_assert_double_eq(h->overhead, 0);
    ck_assert_double_eq(h->idle_watts, 0);
    ck_assert_double_eq(h->max_watts, 0);
    ck_assert_ptr_null(h->power_curve);
    ck_assert_ptr_null(h->model);
    vs_vm_cfg *v = &c->vms[0];
    ck_assert_int_eq(v->count, 1);
    ck_assert_double_eq(v->memory_mib, 0);
    ck_assert_ptr_null(v->host);
    ck_assert_str_eq(v->scheduler, "fcfs");
    ck_assert_double_eq_tol(v->quantum, 0.010, 1e-15);
    ck_assert_int_eq(v->preemptive, 0);
    ck_assert(v->capacity == -1);
    ck_assert_double_eq(v->weight, 256);
    ck_assert_double_eq(v->cap, 0);
    ck_assert_double_eq(v->boot_time, 0);
    ck_assert_int_eq(c->workloads[0].klass, 0);
    ck_assert_double_eq_tol(c->workloads[0].arrival.mean, 1 / 1.5, 1e-15);
    ck_assert_str_eq(c->placement, "first-fit");
    ck_assert_double_eq(c->overcommit_cpu, 1);
    ck_assert_double_eq(c->overcommit_mem, 1);
    ck_assert_int_eq(c->placement_pos.line, 0);
    ck_assert_ptr_null(c->output_dir);
    ck_assert_uint_eq(c->nplots, 0);
    ck_assert_double_eq(c->series_interval, 0);
    vs_config_free(c);
    vs_config_free(NULL);
}
END_TEST

START_TEST(test_warmup_kinds)
{
    char text[1024];
    vs_config *c = NULL;
    vs_err err;
    snprintf(text, sizeof text, "%swarmup: {jobs: 500}\n", minimal);
    ck_assert_msg(load_text(text, NULL, 0, &c, &err) == VS_OK, "%s", err.msg);
    ck_assert_int_eq(c->warmup_kind, VS_WARMUP_JOBS);
    ck_assert_double_eq(c->warmup_value, 500);
    vs_config_free(c);
    snprintf(text, sizeof text, "%swarmup: {auto: mser5}\noutput: {series: true}\n", minimal);
    ck_assert_msg(load_text(text, NULL, 0, &c, &err) == VS_OK, "%s", err.msg);
    ck_assert_int_eq(c->warmup_kind, VS_WARMUP_MSER5);
    ck_assert_double_eq_tol(c->series_interval, 0.1, 1e-15);
    vs_config_free(c);
    /* Only stop.jobs: stop_time is infinite and any warm-up time is fine. */
    const char *jobs_only = "stop: {jobs: 10}\nwarmup: {time: 1d}\n"
                            "hosts: [{name: h, cores: 1}]\nvms: [{name: v, vcpus: 1}]\n"
                            "workloads: [{name: w, target: v, arrival: {dist: exponential, "
                            "mean: 1}, size: {dist: deterministic, value: 0}}]\n"
                            "placement: first-fit\n";
    ck_assert_msg(load_text(jobs_only, NULL, 0, &c, &err) == VS_OK, "%s", err.msg);
    ck_assert(isinf(c->stop_time));
    ck_assert(c->stop_jobs == 10);
    ck_assert_double_eq(c->warmup_value, 86400);
    ck_assert_double_eq(c->workloads[0].size.mean, 0);
    ck_assert_str_eq(c->placement, "first-fit");
    ck_assert_int_eq(c->placement_pos.line, 6);
    vs_config_free(c);
}
END_TEST

START_TEST(test_units)
{
    double x;
    const char *why;
    static const struct {
        const char *text;
        double seconds;
    } times[] = {{"0", 0},       {"1.5", 1.5},     {"250ms", 0.25}, {"30s", 30},
                 {"5min", 300},  {"2h", 7200},     {"1d", 86400},   {"10us", 1e-5},
                 {"1e3", 1000},  {".5s", 0.5},     {"3 s", 3},      {"-2", -2}};
    for (size_t i = 0; i < sizeof times / sizeof times[0]; i++) {
        ck_assert_msg(vs__parse_time(times[i].text, &x, &why) == 0, "%s", times[i].text);
        ck_assert_double_eq_tol(x, times[i].seconds, 1e-12 * (1 + fabs(times[i].seconds)));
    }
    static const char *const bad_times[] = {"", "s", "5 min s", "5mins", "1e999", "nan",
                                            "inf", "0x10", "1,5", "5  s", "1e-400", "--1",
                                            "5 ", " 5"};
    for (size_t i = 0; i < sizeof bad_times / sizeof bad_times[0]; i++)
        ck_assert_msg(vs__parse_time(bad_times[i], &x, &why) != 0, "'%s' accepted",
                      bad_times[i]);
    static const struct {
        const char *text;
        double mib;
    } mems[] = {{"512", 512},         {"512MiB", 512},    {"16GiB", 16384},
                {"1TiB", 1048576},    {"1024KiB", 1},     {"1MB", 1e6 / 1048576.0},
                {"2GB", 2e9 / 1048576}, {"1048576B", 1}, {"1TB", 1e12 / 1048576}};
    for (size_t i = 0; i < sizeof mems / sizeof mems[0]; i++) {
        ck_assert_msg(vs__parse_memory(mems[i].text, &x, &why) == 0, "%s", mems[i].text);
        ck_assert_double_eq_tol(x, mems[i].mib, 1e-12 * mems[i].mib);
    }
    ck_assert_int_ne(vs__parse_memory("16Gb", &x, &why), 0);
    ck_assert_str_eq(why, "unknown memory unit");
    ck_assert_int_eq(vs__parse_bandwidth("1Gbps", &x, &why), 0);
    ck_assert_double_eq(x, 125e6);
    ck_assert_int_eq(vs__parse_bandwidth("125MBps", &x, &why), 0);
    ck_assert_double_eq(x, 125e6);
    ck_assert_int_eq(vs__parse_bandwidth("100Mbps", &x, &why), 0);
    ck_assert_double_eq(x, 12.5e6);
    ck_assert_int_ne(vs__parse_number("1e309", &x, &why), 0);
    ck_assert_str_eq(why, "number out of range");
    ck_assert_int_ne(vs__parse_number(".inf", &x, &why), 0);
    ck_assert_str_eq(why, "not a finite number");
    ck_assert_int_ne(vs__parse_number("12abc", &x, &why), 0);
    ck_assert_str_eq(why, "not a number");
}
END_TEST

START_TEST(test_edit_distance)
{
    ck_assert_uint_eq(vs__edit_distance("cors", "cores"), 1);
    ck_assert_uint_eq(vs__edit_distance("", "abc"), 3);
    ck_assert_uint_eq(vs__edit_distance("kitten", "sitting"), 3);
    static const char *const names[] = {"cores", "count", "speed"};
    ck_assert_str_eq(vs__did_you_mean("cors", names, 3), "cores");
    ck_assert_ptr_null(vs__did_you_mean("zzzzzz", names, 3));
    ck_assert_ptr_null(vs__did_you_mean("x", names, 3));
}
END_TEST

/* ---- models ------------------------------------------------------------- */

START_TEST(test_models)
{
    const char *text =
        "stop: {time: 10}\n"
        "hosts:\n"
        "  - {name: old, model: hp-proliant-ml110-g4}\n"
        "  - {name: new, model: hp-proliant-ml110-g5, cores: 4, memory: 8GiB}\n"
        "  - {name: big, model: generic-2s-64c}\n"
        "vms:\n"
        "  - {name: web, model: m5.large}\n"
        "  - {name: tiny, model: cloudsim-micro, vcpus: 2}\n"
        "workloads: [{name: w, target: web, arrival: {dist: exponential, mean: 1},\n"
        "             size: {dist: exponential, mean: 1}}]\n";
    vs_config *c = NULL;
    vs_err err;
    /* The scenario's directory has no models/: the compiled-in catalog is used. */
    ck_assert_msg(load_text(text, NULL, 0, &c, &err) == VS_OK, "%s", err.msg);
    vs_host_cfg *h = &c->hosts[0];
    ck_assert_str_eq(h->model, "hp-proliant-ml110-g4");
    ck_assert_int_eq(h->cores, 2);
    ck_assert_double_eq(h->speed, 1.86);
    ck_assert_double_eq(h->memory_mib, 4096);
    ck_assert_ptr_nonnull(h->power_curve);
    ck_assert_double_eq(h->power_curve[0], 86);
    ck_assert_double_eq(h->power_curve[5], 102);
    ck_assert_double_eq(h->power_curve[10], 117);
    ck_assert_double_eq(h->idle_watts, 86);
    ck_assert_double_eq(h->max_watts, 117);
    h = &c->hosts[1];
    ck_assert_int_eq(h->cores, 4);          /* the scenario overrides */
    ck_assert_double_eq(h->memory_mib, 8192);
    ck_assert_double_eq(h->speed, 2.66);    /* the model's */
    ck_assert_double_eq(h->power_curve[10], 135);
    h = &c->hosts[2];
    ck_assert_int_eq(h->cores, 64);
    ck_assert_ptr_null(h->power_curve);
    ck_assert_double_eq(h->idle_watts, 150);
    ck_assert_double_eq(h->max_watts, 550);
    ck_assert_str_eq(c->vms[0].model, "m5.large");
    ck_assert_int_eq(c->vms[0].vcpus, 2);
    ck_assert_double_eq(c->vms[0].memory_mib, 8192);
    ck_assert_int_eq(c->vms[1].vcpus, 2);
    ck_assert_double_eq(c->vms[1].memory_mib, 613);
    vs_config_free(c);
}
END_TEST

static void write_file(const char *path, const char *text)
{
    FILE *f = fopen(path, "w");
    ck_assert_ptr_nonnull(f);
    fputs(text, f);
    fclose(f);
}

START_TEST(test_models_env_and_errors)
{
    /* VIRTSIM_MODELS comes first in the search path. */
    char dir[] = "/tmp/vs-models-XXXXXX";
    char path[256], text[1024];
    ck_assert_ptr_nonnull(mkdtemp(dir));
    snprintf(path, sizeof path, "%s/hosts", dir);
    ck_assert_int_eq(mkdir(path, 0700), 0);
    snprintf(path, sizeof path, "%s/hosts/hp-proliant-ml110-g4.yaml", dir);
    write_file(path, "cores: 7\n");
    snprintf(path, sizeof path, "%s/hosts/broken.yaml", dir);
    write_file(path, "cores: 2\npower: {idle: 10, mx: 20}\n");
    ck_assert_int_eq(setenv("VIRTSIM_MODELS", dir, 1), 0);
    snprintf(text, sizeof text,
             "stop: {time: 10}\nhosts: [{name: h, model: hp-proliant-ml110-g4}]\n"
             "vms: [{name: v, vcpus: 1}]\nworkloads: [{name: w, target: v, arrival: "
             "{dist: exponential, mean: 1}, size: {dist: exponential, mean: 1}}]\n");
    vs_config *c = NULL;
    vs_err err;
    ck_assert_msg(load_text(text, NULL, 0, &c, &err) == VS_OK, "%s", err.msg);
    ck_assert_int_eq(c->hosts[0].cores, 7);
    ck_assert_double_eq(c->hosts[0].speed, 1); /* the override file has no speed */
    vs_config_free(c);

    /* A broken catalog file is reported at its own position. */
    char *p = strstr(text, "hp-proliant-ml110-g4");
    memcpy(p, "broken}]\n", 9);
    memmove(p + 9, strstr(p, "vms:"), strlen(strstr(p, "vms:")) + 1);
    char want[512];
    snprintf(want, sizeof want,
             "%s/hosts/broken.yaml:2:19: unknown key 'mx' in power (did you mean 'max'?)", dir);
    ck_assert_str_eq(fail_text(text, NULL, 0, &err), want);

    /* An unknown model lists the catalog. */
    const vs_override set = {"hosts.h.model", "hp-proliant-ml110"};
    const char *msg = fail_text(text, &set, 1, &err);
    ck_assert_msg(strstr(msg, "--set hosts.h.model=hp-proliant-ml110: hosts[0].model: unknown "
                              "host model 'hp-proliant-ml110' (did you mean "
                              "'hp-proliant-ml110-g4'? expected one of: broken, "
                              "generic-1s-16c, ") == msg,
                  "%s", msg);
    const vs_override set2 = {"hosts.h.model", "../../etc/passwd"};
    ck_assert_str_eq(fail_text(text, &set2, 1, &err),
                     "--set hosts.h.model=../../etc/passwd: hosts[0].model: invalid model "
                     "name, expected letters, digits, '-', '_' or '.', got '../../etc/passwd'");
    const vs_override set3[] = {{"hosts.h.model", "generic-1s-16c"}, {"vms.v.model", "m5.larg"}};
    msg = fail_text(text, set3, 2, &err);
    ck_assert_msg(strstr(msg, "--set vms.v.model=m5.larg: vms[0].model: unknown VM model "
                              "'m5.larg' (did you mean 'm5.large'? expected one of: c5.large, "
                              "cloudsim-extra-large") == msg,
                  "%s", msg);
    snprintf(path, sizeof path, "%s/hosts/broken.yaml", dir);
    unlink(path);
    snprintf(path, sizeof path, "%s/hosts/hp-proliant-ml110-g4.yaml", dir);
    unlink(path);
    snprintf(path, sizeof path, "%s/hosts", dir);
    rmdir(path);
    rmdir(dir);
}
END_TEST

/* ---- --set -------------------------------------------------------------- */

START_TEST(test_set)
{
    const char *text =
        "seed: 3\n"
        "stop: {time: 100}\n"
        "hosts: [{name: rack-a, count: 2, cores: 4}, {name: db, cores: 2}]\n"
        "vms: [{name: web, vcpus: 2}]\n"
        "workloads:\n"
        "  - {name: requests, target: web, arrival: {dist: exponential, rate: 1},\n"
        "     size: {dist: exponential, mean: 1}}\n";
    const vs_override sets[] = {
        {"workloads.requests.arrival.rate", "3.2"},
        {"hosts.rack-a.count", "8"},
        {"seed", "7"},
        {"stop.time", "5min"},
        {"warmup.time", "10"},          /* absent mapping, created */
        {"hosts.db.memory", "2GiB"},    /* absent key, added */
        {"hosts.1.speed", "3"},         /* index when no name matches */
        {"vms.web.scheduler", "fcfs"},
        {"output.plots", "[a, b]"},     /* flow collection */
        {"placement", "{policy: first-fit, overcommit: {cpu: 4}}"},
        {"description", "set from the command line"},
    };
    vs_config *c = NULL;
    vs_err err;
    ck_assert_msg(load_text(text, sets, sizeof sets / sizeof sets[0], &c, &err) == VS_OK, "%s",
                  err.msg);
    ck_assert_double_eq_tol(c->workloads[0].arrival.mean, 1 / 3.2, 1e-15);
    ck_assert_int_eq(c->hosts[0].count, 8);
    ck_assert(c->seed == 7);
    ck_assert_double_eq(c->stop_time, 300);
    ck_assert_double_eq(c->warmup_value, 10);
    ck_assert_double_eq(c->hosts[1].memory_mib, 2048);
    ck_assert_double_eq(c->hosts[1].speed, 3);
    ck_assert_uint_eq(c->nplots, 2);
    ck_assert_str_eq(c->plots[1], "b");
    ck_assert_double_eq(c->overcommit_cpu, 4);
    ck_assert_int_eq(c->placement_pos.line, 0);
    ck_assert_str_eq(c->description, "set from the command line");
    vs_config_free(c);

    /* Later overrides win. */
    const vs_override twice[] = {{"seed", "8"}, {"seed", "9"}};
    ck_assert_msg(load_text(text, twice, 2, &c, &err) == VS_OK, "%s", err.msg);
    ck_assert(c->seed == 9);
    vs_config_free(c);

    static const struct {
        vs_override set;
        const char *msg;
    } bad[] = {
        {{"workloads.requests.arrival.rate", "abc"},
         "--set workloads.requests.arrival.rate=abc: workloads[0].arrival.rate: not a number, "
         "expected a number > 0, got 'abc'"},
        {{"workloads.request.arrival.rate", "1"},
         "--set workloads.request.arrival.rate=1: no entry named 'request' in workloads, "
         "expected one of: requests"},
        {{"hosts.rack-b.count", "1"},
         "--set hosts.rack-b.count=1: no entry named 'rack-b' in hosts, expected one of: "
         "rack-a, db"},
        {{"hosts.rack-a.cors", "1"},
         "--set hosts.rack-a.cors=1: unknown key 'cors' in hosts[0] (did you mean 'cores'?)"},
        {{"seed.x", "1"},
         "--set seed.x=1: 'seed' is a single value, expected a mapping to set 'x' in"},
        {{"hosts.rack-a", "1"},
         "--set hosts.rack-a=1: 'hosts.rack-a' names a whole entry of hosts, expected a key "
         "inside it (like hosts.rack-a.count)"},
        {{"hosts..count", "1"},
         "--set hosts..count=1: invalid key path 'hosts..count', expected names separated by "
         "dots"},
        {{"seed", "-1"},
         "--set seed=-1: seed: out of range, expected an integer from 0 to "
         "18446744073709551615, got '-1'"},
        {{"stop", "100"},
         "--set stop=100: stop: wrong type, expected a mapping {time: SECONDS} and/or {jobs: "
         "N}, got '100'"},
        {{"replications", "100001"},
         "--set replications=100001: replications: out of range, expected an integer from 1 "
         "to 100000, got '100001'"},
        {{"wamrup.time", "1"},
         "--set wamrup.time=1: unknown key 'wamrup' at top level (did you mean 'warmup'?)"},
        {{"output.plots", "[a, [b"},
         "--set output.plots=[a, [b: did not find expected ',' or ']' (while parsing a flow "
         "sequence at 1:5)"},
        {{"", "1"}, "--set =1: empty key, expected KEY=VALUE"},
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
        ck_assert_str_eq(fail_text(text, &bad[i].set, 1, &err), bad[i].msg);
    ck_assert_int_eq(err.line, 0);
}
END_TEST

START_TEST(test_messages)
{
    vs_err err;
    char text[2048];
    /* Paths into lists of scalars. */
    snprintf(text, sizeof text, "%s",
             "stop: {time: 10}\n"
             "hosts: [{name: h, cores: 1, power: {curve: [1, 2, 3, x, 5, 6, 7, 8, 9, 10, 11]}}]\n"
             "vms: [{name: v, vcpus: 1}]\n"
             "workloads: [{name: w, target: v, arrival: {dist: exponential, mean: 1},\n"
             "             size: {dist: exponential, mean: 1}}]\n");
    ck_assert_str_eq(fail_text(text, NULL, 0, &err),
                     "t.yaml:2:54: hosts[0].power.curve[3]: not a number, expected a number >= "
                     "0, got 'x'");
    ck_assert_int_eq(err.code, VS_ESCHEMA);
    ck_assert_int_eq(err.line, 2);
    ck_assert_int_eq(err.col, 54);
    ck_assert_str_eq(err.file, "t.yaml");
    /* Long and odd values are shortened and escaped in 'got'. */
    const vs_override set = {"seed", "1234567890123456789012345678901234567890123456789\x01"};
    ck_assert_str_eq(fail_text(minimal, &set, 1, &err),
                     "--set seed=1234567890123456789012345678901234567890123456789\x01: seed: "
                     "not a number, expected an integer from 0 to 18446744073709551615, got "
                     "'1234567890123456789012345678901234567890...'");
    ck_assert_int_eq(err.line, 0);
    ck_assert_str_eq(err.file, "");
    const vs_override set2 = {"description", "tab\there"};
    vs_config *c = NULL;
    ck_assert_msg(load_text(minimal, &set2, 1, &c, &err) == VS_OK, "%s", err.msg);
    ck_assert_str_eq(c->description, "tab\there");
    vs_config_free(c);
    const vs_override set3 = {"seed", "\x02"};
    ck_assert_str_eq(fail_text(minimal, &set3, 1, &err),
                     "--set seed=\x02: seed: not a number, expected an integer from 0 to "
                     "18446744073709551615, got '\\x02'");
    /* Keys of later versions are content errors. */
    snprintf(text, sizeof text, "%sservices: []\n", minimal);
    ck_assert_str_eq(fail_text(text, NULL, 0, &err),
                     "t.yaml:7:1: services: not supported yet by this version of virtsim, "
                     "expected no 'services' key (see docs/scenario-reference.md)");
    ck_assert_int_eq(err.code, VS_ESCHEMA);
    /* Every guest scheduler and placement policy in the registries is accepted. */
    for (size_t i = 0; vs_guest_scheds[i]; i++) {
        const vs_override o = {"vms.web.scheduler", vs_guest_scheds[i]->name};
        ck_assert_msg(load_text(minimal, &o, 1, &c, &err) == VS_OK, "%s", err.msg);
        ck_assert_str_eq(c->vms[0].scheduler, vs_guest_scheds[i]->name);
        vs_config_free(c);
    }
    for (size_t i = 0; vs_host_scheds[i]; i++) {
        const vs_override o = {"hosts.h.scheduler", vs_host_scheds[i]->name};
        ck_assert_msg(load_text(minimal, &o, 1, &c, &err) == VS_OK, "%s", err.msg);
        ck_assert_str_eq(c->hosts[0].scheduler, vs_host_scheds[i]->name);
        vs_config_free(c);
    }
    for (size_t i = 0; vs_places[i]; i++) {
        const vs_override o = {"placement", vs_places[i]->name};
        ck_assert_msg(load_text(minimal, &o, 1, &c, &err) == VS_OK, "%s", err.msg);
        ck_assert_str_eq(c->placement, vs_places[i]->name);
        vs_config_free(c);
    }
}
END_TEST

START_TEST(test_load_file)
{
    /* A file next to its data: relative `file:` resolves against its directory,
     * and the default name is the file name. */
    vs_config *c = NULL;
    vs_err err;
    char path[512];
    snprintf(path, sizeof path, "%s/with-data.yaml", DATA_DIR);
    int rc = vs_scenario_load(path, NULL, 0, &c, &err);
    ck_assert_msg(rc == VS_OK, "%s", err.msg);
    ck_assert_str_eq(c->name, "with-data");
    ck_assert_str_eq(c->file, path);
    ck_assert_str_eq(c->dir, DATA_DIR);
    ck_assert_int_eq(c->workloads[0].arrival.kind, VS_DIST_TRACE);
    ck_assert_uint_eq(c->workloads[0].arrival.n, 3);
    ck_assert_int_eq(c->workloads[0].size.kind, VS_DIST_EMPIRICAL);
    ck_assert_int_eq(c->workloads[0].pos.line, 5);
    ck_assert_int_eq(c->workloads[0].pos.col, 5);
    vs_config_free(c);
}
END_TEST

/* ---- the bad files ------------------------------------------------------ */

/* Replace each {KEY} placeholder in want by its registry list. */
static void expand(char *out, size_t len, const char *want)
{
    static const char *const keys[] = {"{GUEST_SCHEDS}", "{HOST_SCHEDS}", "{PLACES}",
                                       "{DISTS}"};
    const char *vals[] = {vs_guest_sched_names(), vs_host_sched_names(), vs_place_names(),
                          vs_dist_names()};
    size_t o = 0;
    while (*want && o + 1 < len) {
        size_t k;
        for (k = 0; k < 4; k++)
            if (strncmp(want, keys[k], strlen(keys[k])) == 0)
                break;
        if (k < 4) {
            o += (size_t)snprintf(out + o, len - o, "%s", vals[k]);
            want += strlen(keys[k]);
        } else {
            out[o++] = *want++;
        }
    }
    out[o < len ? o : len - 1] = '\0';
}

static int cmp_names(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

START_TEST(test_bad_files)
{
    ck_assert_int_eq(chdir(BAD_DIR), 0);
    DIR *d = opendir(".");
    ck_assert_ptr_nonnull(d);
    char *names[512];
    size_t n = 0;
    struct dirent *e;
    while ((e = readdir(d)) && n < 512) {
        size_t len = strlen(e->d_name);
        if (len > 5 && strcmp(e->d_name + len - 5, ".yaml") == 0)
            names[n++] = strdup(e->d_name);
    }
    closedir(d);
    qsort(names, n, sizeof *names, cmp_names);
    ck_assert_msg(n >= 30, "only %zu bad cases", n);
    size_t failed = 0;
    for (size_t i = 0; i < n; i++) {
        char expect_path[600], want_raw[2048] = "", want[4096];
        snprintf(expect_path, sizeof expect_path, "%.*s.expect",
                 (int)(strlen(names[i]) - 5), names[i]);
        FILE *f = fopen(expect_path, "r");
        ck_assert_msg(f != NULL, "%s is missing", expect_path);
        size_t got = fread(want_raw, 1, sizeof want_raw - 1, f);
        fclose(f);
        want_raw[got] = '\0';
        while (got > 0 && want_raw[got - 1] == '\n')
            want_raw[--got] = '\0';
        expand(want, sizeof want, want_raw);
        vs_config *c = NULL;
        vs_err err;
        int rc = vs_scenario_load(names[i], NULL, 0, &c, &err);
        if (rc == VS_OK) {
            fprintf(stderr, "%s: loaded without error\n", names[i]);
            vs_config_free(c);
            failed++;
        } else if (strcmp(err.msg, want) != 0) {
            fprintf(stderr, "%s:\n  got:  %s\n  want: %s\n", names[i], err.msg, want);
            failed++;
        }
        free(names[i]);
    }
    ck_assert_msg(failed == 0, "%zu of %zu bad cases failed (see stderr)", failed, n);
}
END_TEST

/* ---- hostile input ------------------------------------------------------ */

START_TEST(test_alias_bomb)
{
    /* Billion laughs: 9 levels of 9 aliases each would expand to 9^9 nodes.
     * Refusing it at the node budget bounds the work and the memory (no
     * wall-clock assertion here: speed is measured by benchmarks, not by
     * timed unit tests, which fail on a loaded machine). */
    char text[4096];
    size_t o = (size_t)snprintf(text, sizeof text, "a0: &a0 [x, x, x, x, x, x, x, x, x]\n");
    for (int i = 1; i <= 9; i++)
        o += (size_t)snprintf(text + o, sizeof text - o,
                              "a%d: &a%d [*a%d, *a%d, *a%d, *a%d, *a%d, *a%d, *a%d, *a%d, *a%d]\n",
                              i, i, i - 1, i - 1, i - 1, i - 1, i - 1, i - 1, i - 1, i - 1, i - 1);
    vs_err err;
    const char *msg = fail_text(text, NULL, 0, &err);
    ck_assert_int_eq(err.code, VS_EPARSE);
    ck_assert_msg(strstr(msg, "more than 200000 YAML nodes after expanding aliases"), "%s", msg);

    /* An alias inside its own anchor (a cycle) is refused too. */
    err.code = 0;
    msg = fail_text("a: &x [1, *x]\n", NULL, 0, &err);
    ck_assert_int_ne(err.code, VS_OK);
}
END_TEST

START_TEST(test_deep_nesting)
{
    size_t depth = 100000;
    char *text = malloc(2 * depth + 16);
    ck_assert_ptr_nonnull(text);
    memcpy(text, "a: ", 3);
    memset(text + 3, '[', depth);
    memset(text + 3 + depth, ']', depth);
    text[3 + 2 * depth] = '\0';
    vs_err err;
    ck_assert_str_eq(fail_text(text, NULL, 0, &err), "t.yaml:1:67: nesting deeper than 64 levels");
    /* Deep block mappings too. */
    size_t o = 0;
    for (int i = 0; i < 70; i++)
        o += (size_t)sprintf(text + o, "%*sk:\n", i, "");
    text[o] = '\0';
    ck_assert_str_eq(fail_text(text, NULL, 0, &err), "t.yaml:65:65: nesting deeper than 64 levels");
    free(text);
}
END_TEST

START_TEST(test_hostile_bytes)
{
    vs_err err;
    vs_config *c = NULL;
    ck_assert_int_eq(vs_scenario_load_string("", 0, "t.yaml", ".", NULL, 0, &c, &err),
                     VS_ESCHEMA);
    ck_assert_str_eq(err.msg, "t.yaml: empty scenario, expected a mapping with at least stop, "
                              "hosts, vms and workloads");
    ck_assert_str_eq(fail_text("# nothing but a comment\n\n", NULL, 0, &err),
                     "t.yaml: empty scenario, expected a mapping with at least stop, hosts, "
                     "vms and workloads");
    ck_assert_int_eq(vs_scenario_load_string("seed: 1\nstop:\x00 1\n", 15, "t.yaml", ".", NULL,
                                             0, &c, &err),
                     VS_EPARSE);
    ck_assert_str_eq(err.msg, "t.yaml:2:6: binary data (NUL byte) in the file, expected a YAML "
                              "text file, got byte 0x00");
    ck_assert_str_eq(fail_text("name: caf\xc3\xa9\nseed: \xff\n", NULL, 0, &err),
                     "t.yaml:2:7: invalid UTF-8, expected a UTF-8 text file, got byte 0xff");
    ck_assert_str_eq(fail_text("name: \xc0\xaf\n", NULL, 0, &err),
                     "t.yaml:1:7: invalid UTF-8 (overlong or out-of-range sequence), expected "
                     "a UTF-8 text file, got byte 0xc0");
    ck_assert_str_eq(fail_text("name: \x1b[31m\n", NULL, 0, &err),
                     "t.yaml:1:7: control character in the file, expected a YAML text file, "
                     "got byte 0x1b");
    /* A PNG header: binary. */
    ck_assert_int_eq(vs_scenario_load_string("\x89PNG\r\n\x1a\n\0\0\0\rIHDR", 16, "t.yaml", ".",
                                             NULL, 0, &c, &err),
                     VS_EPARSE);
    ck_assert_str_eq(err.msg, "t.yaml:1:1: invalid UTF-8, expected a UTF-8 text file, got byte "
                              "0x89");

    /* More than 16 MiB is refused before parsing. */
    size_t big = (16u << 20) + 1;
    char *text = malloc(big);
    ck_assert_ptr_nonnull(text);
    memset(text, ' ', big);
    ck_assert_int_eq(vs_scenario_load_string(text, big, "t.yaml", ".", NULL, 0, &c, &err),
                     VS_EPARSE);
    ck_assert_str_eq(err.msg, "t.yaml: file too large (16777217 bytes), expected at most 16 MiB");
    /* A flat flood of nodes is refused by the first pass. */
    size_t o = (size_t)sprintf(text, "a: [");
    for (int i = 0; i < 300000; i++)
        o += (size_t)sprintf(text + o, "1,");
    sprintf(text + o, "1]\n");
    ck_assert_str_eq(fail_text(text, NULL, 0, &err), "t.yaml:1:399999: more than 200000 YAML nodes");
    free(text);

    /* Files: missing, a directory. */
    ck_assert_int_eq(vs_scenario_load("/nonexistent/x.yaml", NULL, 0, &c, &err), VS_EIO);
    ck_assert_str_eq(err.msg, "/nonexistent/x.yaml: cannot open: No such file or directory");
    ck_assert_int_eq(vs_scenario_load(BAD_DIR, NULL, 0, &c, &err), VS_EIO);
    ck_assert_ptr_null(c);
}
END_TEST

START_TEST(test_syntax_errors)
{
    vs_err err;
    ck_assert_str_eq(fail_text("a: b: c\n", NULL, 0, &err),
                     "t.yaml:1:5: mapping values are not allowed in this context");
    ck_assert_int_eq(err.code, VS_EPARSE);
    ck_assert_int_eq(err.line, 1);
    ck_assert_int_eq(err.col, 5);
    ck_assert_str_eq(err.file, "t.yaml");
    ck_assert_str_eq(fail_text("a: [1, 2\n", NULL, 0, &err),
                     "t.yaml:2:1: did not find expected ',' or ']' (while parsing a flow "
                     "sequence at 1:4)");
    ck_assert_str_eq(fail_text("a: 1\n---\nb: 2\n", NULL, 0, &err),
                     "t.yaml:2:1: a second YAML document, expected one document per scenario");
    ck_assert_str_eq(fail_text("- 1\n- 2\n", NULL, 0, &err),
                     "t.yaml:1:1: the top level must be a mapping of keys (name, stop, hosts, "
                     "...), got a list");
    ck_assert_str_eq(fail_text("a: *nope\n", NULL, 0, &err),
                     "t.yaml:1:4: found undefined alias");
}
END_TEST

static Suite *scenario_suite(void)
{
    Suite *s = suite_create("scenario");
    TCase *tc = tcase_create("good");
    tcase_add_test(tc, test_full);
    tcase_add_test(tc, test_defaults);
    tcase_add_test(tc, test_warmup_kinds);
    tcase_add_test(tc, test_units);
    tcase_add_test(tc, test_edit_distance);
    tcase_add_test(tc, test_models);
    tcase_add_test(tc, test_models_env_and_errors);
    tcase_add_test(tc, test_set);
    tcase_add_test(tc, test_messages);
    tcase_add_test(tc, test_load_file);
    suite_add_tcase(s, tc);
    tc = tcase_create("bad");
    tcase_add_test(tc, test_bad_files);
    tcase_add_test(tc, test_alias_bomb);
    tcase_add_test(tc, test_deep_nesting);
    tcase_add_test(tc, test_hostile_bytes);
    tcase_add_test(tc, test_syntax_errors);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    gsl_set_error_handler_off();
    SRunner *sr = srunner_create(scenario_suite());
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
