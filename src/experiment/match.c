/*
 * match.c: decide which analytic model describes a station, and solve it.
 *
 * A station is one VM (an entry with count 1) plus the workloads that target
 * it.  station_build() reduces the config to what every model needs: the
 * number of servers c, the capacity K, the total arrival rate, whether the
 * arrivals are Poisson, the first two moments of the service time (size /
 * vcpu_speed, mixed over the workloads with weights proportional to their
 * arrival rates), and the Kendall letters of the arrival and service
 * distributions.  Then a table of matchers, keyed by (guest scheduler, host
 * scheduler), picks the model: every guest scheduler on the `dedicated`
 * host scheduler has one (fcfs, ps, rr, priority, sjf, srpt); the models of
 * the non-FCFS ones need Poisson arrivals and no capacity.
 *
 * The rules and their reasons are in docs/analytic-models.md and match.h.
 * This file knows the config and the analytic API, nothing of the engine.
 */
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "virtsim/match.h"
#include "virtsim/rng.h"

/* Everything a matcher needs to know about one station. */
typedef struct station {
    const vs_config *cfg;
    const vs_vm_cfg *vm;
    int c;                    /* servers = vCPUs */
    double speed;             /* work units/s of one vCPU */
    int64_t K;                /* capacity, -1 = infinite */
    size_t nwork;             /* workloads targeting the VM */
    const vs_workload_cfg *first; /* the first of them */
    double lambda;            /* total arrival rate, 1/s */
    int all_poisson;          /* every arrival exponential */
    int any_trace;            /* some arrival is a trace */
    double ca2;               /* arrival scv: of the single stream, or the rate-weighted mean */
    double mean_s;            /* E[S], s */
    double es2;               /* E[S^2], s^2 */
    double cs2;               /* service scv of the mixture */
    int same_size;            /* all size dists identical (kind and parameters) */
    int exp_sizes;            /* service exponential with one mean (so the mixture is exponential) */
    char aletter[8], sletter[8]; /* Kendall letters */
} station;

/* Kendall letter of a distribution: M, D, E<k>, H2, else G (service) or GI
 * (renewal arrivals). */
static void kendall_letter(const vs_dist *d, int arrival, char *buf, size_t len)
{
    switch (d->kind) {
    case VS_DIST_EXPONENTIAL:
        snprintf(buf, len, "M");
        break;
    case VS_DIST_DETERMINISTIC:
        snprintf(buf, len, "D");
        break;
    case VS_DIST_ERLANG:
        if (d->k == 1)
            snprintf(buf, len, "M");
        else
            snprintf(buf, len, "E%d", d->k);
        break;
    case VS_DIST_HYPEREXPONENTIAL:
        snprintf(buf, len, "H2");
        break;
    default:
        snprintf(buf, len, "%s", arrival ? "GI" : "G");
        break;
    }
}

static int is_exponential(const vs_dist *d)
{
    return d->kind == VS_DIST_EXPONENTIAL || (d->kind == VS_DIST_ERLANG && d->k == 1);
}

static int same_dist(const vs_dist *a, const vs_dist *b)
{
    if (is_exponential(a) && is_exponential(b))
        return a->mean == b->mean;
    return a->kind == b->kind && a->k == b->k && a->mean == b->mean && a->scv == b->scv &&
           a->a == b->a && a->b == b->b && a->c == b->c && a->n == b->n &&
           (a->n == 0 || memcmp(a->values, b->values, a->n * sizeof *a->values) == 0);
}

/* Is `name` the expanded name of host entry h (NAME, or NAME-i when count > 1)? */
static int host_entry_has(const vs_host_cfg *h, const char *name)
{
    size_t n = strlen(h->name);
    if (h->count <= 1)
        return strcmp(h->name, name) == 0;
    if (strncmp(h->name, name, n) != 0 || name[n] != '-' || name[n + 1] == '\0')
        return 0;
    char *end;
    long i = strtol(name + n + 1, &end, 10);
    return *end == '\0' && i >= 0 && i < h->count &&
           (name[n + 1] != '0' || name[n + 2] == '\0'); /* no leading zeros */
}

static const char *host_sched_name(const vs_host_cfg *h)
{
    return h->scheduler ? h->scheduler : "dedicated";
}

/* The hypervisor scheduler the VM runs under: its fixed host's, or, when the
 * placement decides, the one every host shares; NULL when unknown. */
static const char *vm_host_scheduler(const vs_config *cfg, const vs_vm_cfg *vm)
{
    if (vm->host) {
        for (size_t i = 0; i < cfg->nhosts; i++)
            if (host_entry_has(&cfg->hosts[i], vm->host))
                return host_sched_name(&cfg->hosts[i]);
        return NULL;
    }
    if (cfg->nhosts == 0)
        return NULL;
    const char *s = host_sched_name(&cfg->hosts[0]);
    for (size_t i = 1; i < cfg->nhosts; i++)
        if (strcmp(host_sched_name(&cfg->hosts[i]), s) != 0)
            return NULL;
    return s;
}

/* Gather the station; 0 if it cannot be described (no workload, bad numbers). */
static int station_build(const vs_config *cfg, size_t vmi, double speed, station *st)
{
    memset(st, 0, sizeof *st);
    const vs_vm_cfg *vm = &cfg->vms[vmi];
    st->cfg = cfg;
    st->vm = vm;
    st->c = vm->vcpus;
    st->speed = speed;
    st->K = vm->capacity < 0 ? -1 : vm->capacity;
    st->all_poisson = 1;
    st->same_size = 1;

    double ca2_sum = 0, s1 = 0, s2 = 0;
    for (size_t i = 0; i < cfg->nworkloads; i++) {
        const vs_workload_cfg *w = &cfg->workloads[i];
        if (!w->target || strcmp(w->target, vm->name) != 0)
            continue;
        if (w->arrival.kind == VS_DIST_TRACE) {
            st->any_trace = 1;
            st->nwork++;
            continue;
        }
        double ia = w->arrival.mean, m = w->size.mean / speed, scv = w->size.scv;
        if (!isfinite(ia) || !(ia > 0) || !isfinite(m) || !(m > 0) || !(scv >= 0))
            return 0;
        double rate = 1.0 / ia;
        if (!st->first)
            st->first = w;
        else if (!same_dist(&st->first->size, &w->size))
            st->same_size = 0;
        st->nwork++;
        st->lambda += rate;
        if (!is_exponential(&w->arrival))
            st->all_poisson = 0;
        ca2_sum += rate * w->arrival.scv;
        s1 += rate * m;
        s2 += rate * (1.0 + scv) * m * m; /* E[S^2] = (1 + scv) E[S]^2 */
    }
    if (st->nwork == 0 || st->any_trace || !(st->lambda > 0))
        return 0;
    st->mean_s = s1 / st->lambda;
    st->es2 = s2 / st->lambda;
    /* scv of the mixture; exact (no rounding through the moments) when every
     * workload has the same size distribution. */
    st->cs2 = st->same_size ? st->first->size.scv
                            : fmax(0.0, st->es2 / (st->mean_s * st->mean_s) - 1.0);
    /* Superposed renewal streams: Whitt's asymptotic method, ca2 = sum (lambda_i
     * / lambda) ca2_i (Poisson streams count 1). */
    st->ca2 = ca2_sum / st->lambda;
    st->exp_sizes = st->same_size && is_exponential(&st->first->size);

    if (st->all_poisson)
        snprintf(st->aletter, sizeof st->aletter, "M");
    else if (st->nwork == 1)
        kendall_letter(&st->first->arrival, 1, st->aletter, sizeof st->aletter);
    else
        snprintf(st->aletter, sizeof st->aletter, "G");
    if (st->same_size)
        kendall_letter(&st->first->size, 0, st->sletter, sizeof st->sletter);
    else
        snprintf(st->sletter, sizeof st->sletter, "G");
    return 1;
}

/* An open station with utilization >= 1: no steady state.  See match.h. */
static int fill_unstable(const station *st, const char *name, vs_queue_metrics *out)
{
    vs_queue_metrics_clear(out);
    snprintf(out->model, sizeof out->model, "%s (unstable)", name);
    out->approximate = 0;
    out->throughput = (double)st->c / st->mean_s;
    out->utilization = 1.0;
    out->wait_probability = 1.0;
    out->blocking_probability = 0.0;
    return 1;
}

/* Response time = service time (loss systems): quantiles when the service
 * distribution has a simple inverse. */
static void service_quantiles(const station *st, vs_queue_metrics *out)
{
    if (!st->same_size)
        return;
    if (st->exp_sizes) {
        out->p50_response = -log1p(-0.50) * st->mean_s;
        out->p95_response = -log1p(-0.95) * st->mean_s;
        out->p99_response = -log1p(-0.99) * st->mean_s;
    } else if (st->first->size.kind == VS_DIST_DETERMINISTIC) {
        out->p50_response = out->p95_response = out->p99_response = st->mean_s;
    }
}

/* Adapter from vs_dist_lst to the solver's callback type. */
static double dist_lst(double s, const void *ctx)
{
    return vs_dist_lst((const vs_dist *)ctx, s);
}

/* FCFS jobs on vCPUs that each own a core: a c-server FCFS queue. */
static int match_fcfs_dedicated(const station *st, vs_queue_metrics *out)
{
    char name[32]; /* Kendall name, at most "GI/H2/2147483647" */
    vs_err err;
    int c = st->c;
    double rho = st->lambda * st->mean_s / (double)c;

    if (st->all_poisson && st->K >= 0) {
        if (st->K <= c) {
            /* Loss system; with K < c only K vCPUs can ever be busy. */
            int servers = (int)st->K;
            if (servers < 1 || vs_mgcc(st->lambda, st->mean_s, servers, out, &err) != VS_OK)
                return 0;
            out->utilization = out->jobs_in_system / (double)c;
            snprintf(out->model, sizeof out->model, "M/%s/%d/%d", st->sletter, c, servers);
            service_quantiles(st, out);
            return 1;
        }
        if (!st->exp_sizes || st->K > INT_MAX)
            return 0;
        if (vs_mmck(st->lambda, 1.0 / st->mean_s, c, (int)st->K, out, &err) != VS_OK)
            return 0;
        return 1;
    }
    if (st->K >= 0)
        return 0; /* non-Poisson arrivals with a finite capacity: no model */

    if (st->all_poisson) {
        if (st->exp_sizes) {
            snprintf(name, sizeof name, "M/M/%d", c);
            if (!(rho < 1))
                return fill_unstable(st, name, out);
            return vs_mmc(st->lambda, 1.0 / st->mean_s, c, out, &err) == VS_OK;
        }
        if (c == 1) {
            snprintf(name, sizeof name, "M/%s/1", st->sletter);
            if (!(rho < 1))
                return fill_unstable(st, name, out);
            if (!isfinite(st->cs2) || vs_mg1(st->lambda, st->mean_s, st->cs2, out, &err) != VS_OK)
                return 0;
            snprintf(out->model, sizeof out->model, "%s", name);
            return 1;
        }
        snprintf(name, sizeof name, "M/%s/%d", st->sletter, c);
        if (!(rho < 1))
            return fill_unstable(st, name, out);
        if (!isfinite(st->cs2) ||
            vs_gigc_approx(st->lambda, st->mean_s, c, 1.0, st->cs2, out, &err) != VS_OK)
            return 0;
        snprintf(out->model, sizeof out->model, "%s (Allen-Cunneen approx.)", name);
        return 1;
    }

    /* Renewal (non-Poisson) arrivals. */
    if (st->nwork == 1 && st->exp_sizes && c == 1) {
        snprintf(name, sizeof name, "%s/M/1", st->aletter);
        if (!(rho < 1))
            return fill_unstable(st, name, out);
        if (vs_gim1(dist_lst, &st->first->arrival, st->first->arrival.mean, 1.0 / st->mean_s,
                    out, &err) == VS_OK) {
            snprintf(out->model, sizeof out->model, "%s", name);
            return 1;
        }
        /* The transform could not be evaluated: fall back to the approximation. */
    }
    snprintf(name, sizeof name, "%s/%s/%d", st->aletter, st->sletter, c);
    if (!(rho < 1))
        return fill_unstable(st, name, out);
    if (!isfinite(st->ca2) || !isfinite(st->cs2) ||
        vs_gigc_approx(st->lambda, st->mean_s, c, st->ca2, st->cs2, out, &err) != VS_OK)
        return 0;
    snprintf(out->model, sizeof out->model, "%s (Allen-Cunneen approx.)", name);
    return 1;
}

/* The matchers of the other guest schedulers need Poisson arrivals and an
 * unlimited capacity. */
static int poisson_open(const station *st) { return st->all_poisson && st->K < 0; }

/* PS with a capacity K: a symmetric queue truncated at K is still
 * insensitive (Kelly 1979, sec. 3.3), so the number in the VM is M/M/c/K's
 * (K >= c) or, when K < c and every job has a vCPU of its own, Erlang B's
 * with K servers.  Means by Little's law over the accepted jobs; wait 0. */
static int ps_capacity(const station *st, const char *name, vs_queue_metrics *out)
{
    vs_err err;
    vs_queue_metrics m;
    int c = st->c;
    if (st->K > INT_MAX || st->K < 1)
        return 0;
    int K = (int)st->K;
    if (K >= c ? vs_mmck(st->lambda, 1.0 / st->mean_s, c, K, &m, &err) != VS_OK
               : vs_mgcc(st->lambda, st->mean_s, K, &m, &err) != VS_OK)
        return 0;
    vs_queue_metrics_clear(out);
    snprintf(out->model, sizeof out->model, "%s", name);
    double busy = m.throughput * st->mean_s; /* mean busy vCPUs */
    out->approximate = 0;
    out->throughput = m.throughput;
    out->blocking_probability = m.blocking_probability;
    out->utilization = busy / c;
    out->jobs_in_system = m.jobs_in_system;
    out->response_time = m.jobs_in_system / m.throughput;
    out->wait_time = 0.0;
    out->queue_length = m.jobs_in_system - busy;
    out->wait_probability = 0.0;
    out->p50_wait = out->p95_wait = out->p99_wait = 0.0;
    return 1;
}

/* Egalitarian PS on c vCPUs: M/G/c-PS, insensitive (exact for any sizes);
 * with a capacity, M/G/c/K-PS. */
static int match_ps_dedicated(const station *st, vs_queue_metrics *out)
{
    char name[48];
    vs_err err;
    if (st->all_poisson && st->K >= 0) {
        snprintf(name, sizeof name, "M/%s/%d/%lld-PS", st->sletter, st->c, (long long)st->K);
        return ps_capacity(st, name, out);
    }
    if (!poisson_open(st))
        return 0;
    snprintf(name, sizeof name, "M/%s/%d-PS", st->sletter, st->c);
    if (!(st->lambda * st->mean_s < st->c))
        return fill_unstable(st, name, out);
    if (vs_mgc_ps(st->lambda, st->mean_s, st->c, out, &err) != VS_OK)
        return 0;
    snprintf(out->model, sizeof out->model, "%s", name);
    return 1;
}

/* Round robin without switch cost.  With exponential sizes the number in
 * the VM is the M/M/c birth-death process whatever the quantum (memoryless
 * sizes, min(n, c) busy vCPUs), so the PS means are exact; otherwise they
 * are the small-quantum limit and the model says so.  The time until first
 * service depends on the quantum: no wait values. */
static int match_rr_dedicated(const station *st, vs_queue_metrics *out)
{
    char name[48];
    vs_err err;
    if (!poisson_open(st) || st->vm->switch_cost > 0.0)
        return 0;
    if (st->exp_sizes)
        snprintf(name, sizeof name, "M/M/%d-RR", st->c);
    else
        snprintf(name, sizeof name, "M/%s/%d-RR (PS limit, approx.)", st->sletter, st->c);
    if (!(st->lambda * st->mean_s < st->c))
        return fill_unstable(st, name, out);
    if (vs_mgc_ps(st->lambda, st->mean_s, st->c, out, &err) != VS_OK)
        return 0;
    snprintf(out->model, sizeof out->model, "%s", name);
    out->approximate = !st->exp_sizes;
    out->wait_time = out->wait_probability = NAN;
    out->p50_wait = out->p95_wait = out->p99_wait = NAN;
    return 1;
}

/* Per-class rates and service moments of the station's workloads, classes
 * in ascending order.  Returns the number of classes, 0 if too many. */
static size_t class_moments(const station *st, int *ids, double *lam, double *es, double *es2)
{
    size_t n = 0;
    const vs_config *cfg = st->cfg;
    double speed = st->speed;
    for (size_t i = 0; i < cfg->nworkloads; i++) {
        const vs_workload_cfg *w = &cfg->workloads[i];
        if (!w->target || strcmp(w->target, st->vm->name) != 0)
            continue;
        size_t k = 0;
        while (k < n && ids[k] < w->klass)
            k++;
        if (k == n || ids[k] != w->klass) {
            if (n == VS_ANALYTIC_MAX_CLASSES)
                return 0;
            memmove(ids + k + 1, ids + k, (n - k) * sizeof *ids);
            memmove(lam + k + 1, lam + k, (n - k) * sizeof *lam);
            memmove(es + k + 1, es + k, (n - k) * sizeof *es);
            memmove(es2 + k + 1, es2 + k, (n - k) * sizeof *es2);
            ids[k] = w->klass;
            lam[k] = es[k] = es2[k] = 0.0;
            n++;
        }
        double rate = 1.0 / w->arrival.mean, m = w->size.mean / speed;
        lam[k] += rate;
        es[k] += rate * m;                              /* sums; divided below */
        es2[k] += rate * (1.0 + w->size.scv) * m * m;
    }
    for (size_t k = 0; k < n; k++) {
        es[k] /= lam[k];
        es2[k] /= lam[k];
    }
    return n;
}

/* Static priority: M/G/1 per class (Cobham, or preemptive-resume); M/M/c
 * non-preemptive when every class has the same exponential sizes. */
static int match_priority_dedicated(const station *st, vs_queue_metrics *out)
{
    char name[48];
    vs_err err;
    int ids[VS_ANALYTIC_MAX_CLASSES];
    double lam[VS_ANALYTIC_MAX_CLASSES], es[VS_ANALYTIC_MAX_CLASSES], es2[VS_ANALYTIC_MAX_CLASSES];
    int pre = st->vm->preemptive;
    if (!poisson_open(st))
        return 0;
    size_t n = class_moments(st, ids, lam, es, es2);
    if (n == 0 || !(st->c == 1 || (!pre && st->exp_sizes)))
        return 0;
    if (st->c == 1)
        snprintf(name, sizeof name, "M/%s/1 %s priority", st->sletter,
                 pre ? "preemptive-resume" : "non-preemptive");
    else
        snprintf(name, sizeof name, "M/M/%d non-preemptive priority", st->c);
    if (!(st->lambda * st->mean_s < st->c))
        return fill_unstable(st, name, out);
    int rc = st->c == 1 ? vs_mg1_priority(n, ids, lam, es, es2, pre, out, &err)
                        : vs_mmc_priority(n, ids, lam, 1.0 / st->mean_s, st->c, out, &err);
    if (rc != VS_OK)
        return 0;
    snprintf(out->model, sizeof out->model, "%s", name);
    return 1;
}

/* The service-time CDF of a station: the rate-weighted mixture of its
 * workloads' size CDFs at size = t * speed. */
static double station_cdf(double t, const void *ctx)
{
    const station *st = ctx;
    double f = 0.0;
    for (size_t i = 0; i < st->cfg->nworkloads; i++) {
        const vs_workload_cfg *w = &st->cfg->workloads[i];
        if (w->target && strcmp(w->target, st->vm->name) == 0)
            f += vs_dist_cdf(&w->size, t * st->speed) / w->arrival.mean;
    }
    return f / st->lambda;
}

/* Sizes with a density (no atoms): what the SJF and SRPT integrals need. */
static int continuous_sizes(const station *st)
{
    for (size_t i = 0; i < st->cfg->nworkloads; i++) {
        const vs_workload_cfg *w = &st->cfg->workloads[i];
        if (w->target && strcmp(w->target, st->vm->name) == 0 &&
            (w->size.kind == VS_DIST_DETERMINISTIC || w->size.kind == VS_DIST_EMPIRICAL ||
             w->size.kind == VS_DIST_TRACE))
            return 0;
    }
    return 1;
}

/* SJF and SRPT on one vCPU, continuous sizes: M/G/1-SJF (Phipps) and
 * M/G/1-SRPT (Schrage-Miller). */
static int match_size_based(const station *st, vs_queue_metrics *out, int srpt)
{
    char name[48];
    vs_err err;
    if (!poisson_open(st) || st->c != 1 || !continuous_sizes(st))
        return 0;
    snprintf(name, sizeof name, "M/%s/1-%s", st->sletter, srpt ? "SRPT" : "SJF");
    if (!(st->lambda * st->mean_s < 1.0))
        return fill_unstable(st, name, out);
    int rc = srpt ? vs_mg1_srpt(st->lambda, station_cdf, st, st->mean_s, st->es2, out, &err)
                  : vs_mg1_sjf(st->lambda, station_cdf, st, st->mean_s, st->es2, out, &err);
    if (rc != VS_OK)
        return 0;
    snprintf(out->model, sizeof out->model, "%s", name);
    return 1;
}

static int match_sjf_dedicated(const station *st, vs_queue_metrics *out)
{
    return match_size_based(st, out, 0);
}

static int match_srpt_dedicated(const station *st, vs_queue_metrics *out)
{
    return match_size_based(st, out, 1);
}

/* The matchers, by (guest scheduler, host scheduler).  A new pair is one row
 * and one function taking the prepared station. */
static const struct {
    const char *guest;
    const char *host;
    int (*match)(const station *st, vs_queue_metrics *out);
} matchers[] = {
    {"fcfs", "dedicated", match_fcfs_dedicated},
    {"ps", "dedicated", match_ps_dedicated},
    {"rr", "dedicated", match_rr_dedicated},
    {"priority", "dedicated", match_priority_dedicated},
    {"sjf", "dedicated", match_sjf_dedicated},
    {"srpt", "dedicated", match_srpt_dedicated},
};

int vs_match_station(const vs_config *cfg, size_t vmi, double vcpu_speed,
                     vs_queue_metrics *out)
{
    vs_queue_metrics_clear(out);
    if (!cfg || vmi >= cfg->nvms || !isfinite(vcpu_speed) || !(vcpu_speed > 0))
        return 0;
    const vs_vm_cfg *vm = &cfg->vms[vmi];
    /* Things no current model covers: several VMs behind one entry, nested
     * virtualization, a resource environment, a CPU cap below the vCPUs. */
    if (vm->count != 1 || vm->vcpus < 1 || !vm->name || vm->parent || vm->environment ||
        (vm->cap > 0 && vm->cap < (double)vm->vcpus))
        return 0;
    const char *guest = vm->scheduler ? vm->scheduler : "fcfs";
    const char *host = vm_host_scheduler(cfg, vm);
    if (!host)
        return 0;
    for (size_t i = 0; i < sizeof matchers / sizeof matchers[0]; i++) {
        if (strcmp(matchers[i].guest, guest) != 0 || strcmp(matchers[i].host, host) != 0)
            continue;
        station st;
        if (!station_build(cfg, vmi, vcpu_speed, &st))
            return 0;
        if (matchers[i].match(&st, out))
            return 1;
        vs_queue_metrics_clear(out);
        return 0;
    }
    return 0;
}
