/*
 * fair.c: the fair hypervisor vCPU scheduler (fluid weighted sharing).
 *
 * The host's cores are shared, as a fluid, among its runnable vCPUs (a vCPU
 * is runnable while its VM has a job on it).  Each VM gets a share of the
 * cores by water-filling: in proportion to its `weight`, but never more than
 * its `cap` (cores' worth, 0 = none) nor one core per runnable vCPU, and
 * what a limited VM leaves goes to the others (work conserving).  A VM's
 * share is split equally among its runnable vCPUs, each of which then runs
 * at speed * (1 - overhead) * share.  The weight is the VM's, as in Xen's
 * credit scheduler and cgroups' cpu.weight, not each vCPU's.  The model
 * does the computing (world.c, "shared hosts"); this descriptor only names
 * the policy.  More vCPUs than cores may be placed (overcommit).
 */
#include "policy/internal.h"

const vs_host_sched_type vs_hsched_fair = {
    .name = "fair",
    .desc = "fluid weighted sharing of the cores among runnable vCPUs (weight, cap)",
    .allows_overcommit = 1,
    .fluid = 1,
};
