/*
 * describe.c: a scenario in words (`virtsim describe`).
 *
 * Builds the world of replication 0 to learn the expanded names and the
 * placement, then prints what will be simulated and, for each VM that
 * matches a queueing model, what theory predicts.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "model/world.h"
#include "virtsim/match.h"
#include "virtsim/sim.h"

static void print_time(FILE *f, double t)
{
    if (!(t < INFINITY))
        fprintf(f, "unlimited");
    else
        fprintf(f, "%g s", t);
}

int vs_sim_describe(FILE *f, const vs_config *cfg, vs_err *err)
{
    vs_world *w = NULL;
    int rc = vs__world_new(cfg, 0, &w, err);
    if (rc != VS_OK)
        return rc;
    fprintf(f, "Scenario %s (%s)\n", cfg->name, cfg->file);
    if (cfg->description) {
        /* A folded YAML block ends with a newline of its own. */
        int len = (int)strlen(cfg->description);
        while (len > 0 && cfg->description[len - 1] == '\n')
            len--;
        fprintf(f, "\n%.*s\n", len, cfg->description);
    }
    fprintf(f, "\nRun: stop at ");
    print_time(f, cfg->stop_time);
    if (cfg->stop_jobs)
        fprintf(f, " or after %llu completed jobs", (unsigned long long)cfg->stop_jobs);
    static const char *const warm[] = {"seconds", "completed jobs", "MSER-5 (automatic)"};
    if (cfg->warmup_kind == VS_WARMUP_MSER5)
        fprintf(f, "; warm-up chosen by MSER-5");
    else if (cfg->warmup_value > 0)
        fprintf(f, "; warm-up %g %s discarded", cfg->warmup_value, warm[cfg->warmup_kind]);
    fprintf(f, "; %d replication%s, master seed %llu.\n", cfg->replications,
            cfg->replications == 1 ? "" : "s", (unsigned long long)cfg->seed);

    fprintf(f, "\nHosts (%zu):\n", vs__world_nhosts(w));
    for (size_t i = 0; i < cfg->nhosts; i++) {
        const vs_host_cfg *h = &cfg->hosts[i];
        fprintf(f, "  %s%s: %d cores at speed %g, ", h->name, h->count > 1 ? "-*" : "", h->cores,
                h->speed);
        if (h->memory_mib < INFINITY)
            fprintf(f, "%g MiB, ", h->memory_mib);
        fprintf(f, "hypervisor scheduler %s, overhead %g%%", h->scheduler, 100.0 * h->overhead);
        if (h->count > 1)
            fprintf(f, " (x%d)", h->count);
        if (h->model)
            fprintf(f, " [model %s]", h->model);
        fprintf(f, "\n");
    }
    fprintf(f, "\nVMs (%zu), placement %s:\n", vs__world_nstations(w), cfg->placement);
    for (size_t s = 0; s < vs__world_nstations(w); s++) {
        const vs_vm_cfg *v = &cfg->vms[vs__world_station_cfg(w, s)];
        fprintf(f, "  %s: %d vCPUs at %g work units/s on host %s, guest scheduler %s",
                vs__world_station_name(w, s), v->vcpus, vs__world_station_speed(w, s),
                vs__world_station_host(w, s), v->scheduler);
        if (v->capacity >= 0)
            fprintf(f, ", capacity %lld jobs", (long long)v->capacity);
        fprintf(f, "\n");
    }
    fprintf(f, "\nWorkloads (%zu):\n", cfg->nworkloads);
    for (size_t i = 0; i < cfg->nworkloads; i++) {
        const vs_workload_cfg *wl = &cfg->workloads[i];
        char a[256], z[256];
        vs_dist_describe(&wl->arrival, a, sizeof a);
        vs_dist_describe(&wl->size, z, sizeof z);
        fprintf(f, "  %s -> %s: inter-arrival %s (rate %g/s), size %s, class %d\n", wl->name,
                wl->target, a, 1.0 / wl->arrival.mean, z, wl->klass);
    }
    fprintf(f, "\nAnalytic estimates:\n");
    int any = 0;
    for (size_t s = 0; s < vs__world_nstations(w); s++) {
        size_t vi = vs__world_station_cfg(w, s);
        vs_queue_metrics m;
        if (cfg->vms[vi].count != 1 ||
            !vs_match_station(cfg, vi, vs__world_station_speed(w, s), &m))
            continue;
        any = 1;
        if (isnan(m.response_time)) {
            fprintf(f, "  %s: %s: arrivals exceed what the VM can serve (%.4g jobs/s at most); "
                       "queues grow without bound\n",
                    vs__world_station_name(w, s), m.model, m.throughput);
            continue;
        }
        fprintf(f,
                "  %s: %s: utilization %.4g, throughput %.4g/s, mean response %.4g s, "
                "mean wait %.4g s, P(wait) %.4g",
                vs__world_station_name(w, s), m.model, m.utilization, m.throughput,
                m.response_time, m.wait_time, m.wait_probability);
        if (!isnan(m.p95_response))
            fprintf(f, ", p95 response %.4g s", m.p95_response);
        if (m.blocking_probability > 0)
            fprintf(f, ", P(block) %.4g", m.blocking_probability);
        fprintf(f, "\n");
    }
    if (!any)
        fprintf(f, "  none: no VM matches a queueing model virtsim can solve\n");
    vs__world_free(w);
    return ferror(f) ? vs_err_set(err, VS_EIO, "cannot write the description") : VS_OK;
}
