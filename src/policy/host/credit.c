/*
 * credit.c: the Xen credit hypervisor vCPU scheduler (credit1).
 *
 * Time slices of the host's `quantum` (Xen's default 30 ms) as under `rr`,
 * with Xen's credit accounting every 30 ms: credit handed out by VM
 * `weight`, limited by `cap`, burnt by running; UNDER vCPUs (credit left)
 * run before OVER ones; a capped VM that overdraws is parked until its
 * credit recovers.  Sources: L. Cherkasova, D. Gupta & A. Vahdat,
 * "Comparison of the three CPU schedulers in Xen", ACM SIGMETRICS
 * Performance Evaluation Review 35(2), 2007, 42-51; Xen's
 * xen/common/sched/credit.c (sched_credit.c in older trees: csched_acct,
 * burn_credits, __runq_insert).  The model applies it (world.c, "credit
 * hosts"); docs/policies/host-credit.md says what is modelled and what is
 * not.  More vCPUs than cores may be placed (overcommit).
 */
#include "policy/internal.h"

const vs_host_sched_type vs_hsched_credit = {
    .name = "credit",
    .desc = "Xen credit scheduler: 30 ms slices, credit by weight and cap, UNDER/OVER",
    .allows_overcommit = 1,
    .sliced = 1,
    .credit = 1,
};
