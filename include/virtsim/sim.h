/*
 * sim.h: running a scenario.
 *
 * vs_sim_check builds the world of a validated config (count expansion,
 * placement, policy instances) without running it, which is what
 * `virtsim validate` needs.  vs_experiment_run runs every replication of a
 * config, in parallel threads if asked, and fills a vs_summary with the
 * aggregated results.  Replication r uses the random streams derived from
 * (seed, r, entity, purpose) and its results are combined in replication
 * order, so the summary is bit-identical for any number of threads.
 */
#ifndef VIRTSIM_SIM_H
#define VIRTSIM_SIM_H

#include <signal.h>
#include <stdio.h>

#include "virtsim/config.h"
#include "virtsim/err.h"
#include "virtsim/summary.h"

/* Called from worker threads, serialised by the library, with the fraction of
 * the whole experiment done so far (0..1). */
typedef void (*vs_progress_fn)(void *ctx, double fraction);

typedef struct vs_run_opts {
    int threads;                               /* >= 1; default 1 */
    const volatile sig_atomic_t *interrupt;    /* non-zero: stop soon, keep results so far; may be NULL */
    vs_progress_fn progress;                   /* may be NULL */
    void *progress_ctx;
} vs_run_opts;

/* Build the world of replication 0 and free it: reports placement and
 * policy errors with the scenario location (VS_ESCHEMA). */
int vs_sim_check(const vs_config *cfg, vs_err *err);

/* Run cfg->replications replications.  On success *out is a new summary
 * (partial = 1 if interrupted; replications = those completed, at least the
 * one in progress when interrupted, which is then cut at the interrupt
 * time).  Returns VS_OK, VS_ESCHEMA for a world that cannot be built, VS_ENOMEM,
 * or VS_EINTR when interrupted before anything could be measured. */
int vs_experiment_run(const vs_config *cfg, const vs_run_opts *opts,
                      vs_summary **out, vs_err *err);

/* Print the scenario in words: run length, hosts, VMs with the host each is
 * placed on, workloads with their distributions, and each VM's analytic
 * model and its predicted values where one applies. */
int vs_sim_describe(FILE *f, const vs_config *cfg, vs_err *err);

#endif /* VIRTSIM_SIM_H */
