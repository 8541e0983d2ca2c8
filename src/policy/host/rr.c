/*
 * rr.c: the round-robin hypervisor vCPU scheduler (time slices).
 *
 * Each core runs one runnable vCPU at a time for a slice of the host's
 * `quantum` (default 30 ms); runnable vCPUs without a core wait in one FIFO
 * run queue; at the end of a slice, if a vCPU waits, the running one goes to
 * the back of the queue and the head takes the core after the host's
 * `switch_cost` seconds.  Weights and caps are ignored.  The model applies
 * the slices (world.c, "sliced hosts"); this descriptor names the policy.
 * More vCPUs than cores may be placed (overcommit).
 */
#include "policy/internal.h"

const vs_host_sched_type vs_hsched_rr = {
    .name = "rr",
    .desc = "round robin of runnable vCPUs on the cores, slices of the host quantum",
    .allows_overcommit = 1,
    .sliced = 1,
};
