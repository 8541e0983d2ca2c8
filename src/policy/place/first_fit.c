/*
 * first_fit.c: first-fit placement.
 *
 * A VM goes on the first host, in scenario order, with enough free vCPU
 * slots (cores times the CPU overcommit ratio) and free memory.  Classic
 * bin-packing heuristic; O(hosts) per VM.
 */
#include "policy/internal.h"

static long choose_host_firstfit(void *state, const vs_host_view *hosts, size_t n,
                                 double vcpus, double memory, gsl_rng *r)
{
    for (size_t i = 0; i < n; i++)
        if (hosts[i].vcpus_free >= vcpus && hosts[i].memory_free >= memory)
            return (long)i;
    return -1;
}

const vs_place_type vs_place_firstfit = {
    .name = "first-fit",
    .desc = "first host, in scenario order, where the VM fits",
    .state_size = 0,
    .choose_host = choose_host_firstfit,
};
