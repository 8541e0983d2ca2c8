/*
 * dedicated.c: the dedicated hypervisor vCPU scheduler.
 *
 * Each vCPU owns one physical core for as long as its VM is placed on the
 * host, so a vCPU always runs at speed * (1 - overhead) and there is no
 * steal time.  Placing more vCPUs than the host has cores is refused with a
 * clear error (allows_overcommit = 0).
 */
#include "policy/internal.h"

const vs_host_sched_type vs_hsched_dedicated = {
    .name = "dedicated",
    .desc = "each vCPU owns a core; no overcommit",
    .allows_overcommit = 0,
};
