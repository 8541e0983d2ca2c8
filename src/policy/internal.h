/*
 * internal.h: what policy files and the registry share.
 *
 * Each policy exports exactly one const descriptor, declared here and listed
 * in registry.c.
 */
#ifndef VS_POLICY_INTERNAL_H
#define VS_POLICY_INTERNAL_H

#include "virtsim/policy.h"

extern const vs_guest_sched_type vs_sched_fcfs;
extern const vs_host_sched_type vs_hsched_dedicated;
extern const vs_place_type vs_place_firstfit;

#endif
