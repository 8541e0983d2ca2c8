/*
 * match.h: which queueing model describes a simulated station.
 *
 * Each VM is a station: jobs of the workloads that target it queue in the VM
 * and run on its vCPUs.  When the guest scheduler, the host scheduler and
 * the workloads fit a model of the analytic module (analytic.h), the
 * summary can show the model's steady-state values next to the simulated
 * ones.  vs_match_station decides which model applies and solves it.
 *
 * The rules (docs/analytic-models.md has the full table and the reasons):
 *   - guest scheduler "fcfs" on host scheduler "dedicated" (each vCPU owns a
 *     core): the VM is a c-server FCFS queue, c = vcpus, with capacity K =
 *     the VM's capacity (-1 = infinite).  The other guest schedulers on
 *     "dedicated" need Poisson arrivals and K infinite: "ps" -> M/G/c-PS
 *     (exact, insensitive; with a capacity M/G/c/K-PS, also exact); "rr" without switch cost -> M/M/c-RR (exact
 *     means for exponential sizes) or the PS limit "(PS limit, approx.)";
 *     "priority" -> M/G/1 non-preemptive or preemptive-resume priority, or
 *     M/M/c non-preemptive with one exponential size, per class
 *     (vs_queue_metrics.class_*); "sjf" and "srpt" on one vCPU with sizes
 *     that have a density -> M/G/1-SJF and M/G/1-SRPT.  Scheduler pairs plug
 *     into a table in src/experiment/match.c.
 *   - the service time of a job is size / vcpu_speed.
 *   - all arrivals exponential: one Poisson stream with the summed rate and
 *     the rate-weighted mixture of the service times, then
 *       K == c                      -> M/G/c/c (Erlang B, any sizes)
 *       K >  c, exponential sizes   -> M/M/c/K
 *       K infinite, exponential     -> M/M/c
 *       K infinite, c = 1           -> M/G/1 (Pollaczek-Khinchine)
 *       K infinite, c > 1           -> M/G/c (Allen-Cunneen approx.)
 *   - otherwise (renewal arrivals; trace arrivals have no model):
 *       one workload, exponential sizes, c = 1, K infinite -> GI/M/1 (exact)
 *       K infinite                  -> GI/G/c (Allen-Cunneen approx.)
 *   - an unstable open station (utilization >= 1) still matches: the model
 *     name ends in " (unstable)", throughput is the saturated capacity
 *     c * vcpu_speed / E[size], utilization 1, P(wait) 1, and the means and
 *     quantiles, which grow without bound, are NAN (printed as null).
 * Model names use Kendall letters taken from the distributions: M, D, E<k>,
 * H2, G for service and GI for renewal arrivals, e.g. "M/M/4", "M/M/2/10",
 * "M/D/1", "E2/M/1", "M/G/4 (Allen-Cunneen approx.)".
 */
#ifndef VIRTSIM_MATCH_H
#define VIRTSIM_MATCH_H

#include <stddef.h>

#include "virtsim/analytic.h"
#include "virtsim/config.h"

/* Match and solve the station of cfg->vms[vm] (an entry with count == 1),
 * whose vCPUs each do vcpu_speed work units per second (host speed times
 * 1 - overhead).  Returns 1 and fills *out when a model applies; returns 0
 * and clears *out (vs_queue_metrics_clear) when none does: other schedulers,
 * nested or capped VMs, trace arrivals, no workload, or a solver failure.
 * Pure function of its arguments; safe to call from several threads. */
int vs_match_station(const vs_config *cfg, size_t vm, double vcpu_speed,
                     vs_queue_metrics *out);

#endif /* VIRTSIM_MATCH_H */
