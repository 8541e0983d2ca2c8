/*
 * registry.c: the policy registries, one NULL-terminated table per family.
 *
 * Lookup is by the name written in the scenario.  To add a policy, write its
 * .c file exporting a const descriptor, declare it in internal.h and add one
 * line to the table of its family.  The "expected one of" lists are built
 * from the same tables, so they cannot go stale.
 */
#include <pthread.h>
#include <stdio.h>
#include <string.h>

#include "policy/internal.h"

const vs_guest_sched_type *const vs_guest_scheds[] = {
    &vs_sched_fcfs,
    &vs_sched_sjf,
    &vs_sched_srpt,
    &vs_sched_rr,
    &vs_sched_ps,
    &vs_sched_priority,
    NULL,
};

const vs_host_sched_type *const vs_host_scheds[] = {
    &vs_hsched_dedicated,
    &vs_hsched_fair,
    &vs_hsched_rr,
    &vs_hsched_credit,
    NULL,
};

const vs_place_type *const vs_places[] = {
    &vs_place_firstfit,
    NULL,
};

/* Every descriptor starts with its name, so one lookup serves all tables. */
#define FIND(table, name)                                  \
    do {                                                   \
        for (size_t i_ = 0; name && (table)[i_]; i_++)     \
            if (strcmp((table)[i_]->name, name) == 0)      \
                return (table)[i_];                        \
        return NULL;                                       \
    } while (0)

const vs_guest_sched_type *vs_guest_sched_find(const char *name) { FIND(vs_guest_scheds, name); }
const vs_host_sched_type *vs_host_sched_find(const char *name) { FIND(vs_host_scheds, name); }
const vs_place_type *vs_place_find(const char *name) { FIND(vs_places, name); }

/* Join the names of a table into buf ("a, b, c").  The tables are constant,
 * so each list is built once (pthread_once) and never changes afterwards. */
static void join_names(char *buf, size_t len, const char *const *names)
{
    size_t used = 0;
    buf[0] = '\0';
    for (size_t i = 0; names[i]; i++) {
        int n = snprintf(buf + used, len - used, "%s%s", i ? ", " : "", names[i]);
        if (n < 0 || (size_t)n >= len - used)
            break;
        used += (size_t)n;
    }
}

#define NAME_LIST(fn, table)                                                  \
    static char fn##_buf[512];                                                \
    static pthread_once_t fn##_once = PTHREAD_ONCE_INIT;                      \
    static void fn##_build(void)                                              \
    {                                                                         \
        const char *names[sizeof(table) / sizeof(table[0])];                  \
        for (size_t i = 0; i < sizeof(table) / sizeof(table[0]); i++)         \
            names[i] = table[i] ? table[i]->name : NULL;                      \
        join_names(fn##_buf, sizeof fn##_buf, names);                      \
    }                                                                         \
    const char *fn(void)                                                      \
    {                                                                         \
        pthread_once(&fn##_once, fn##_build);                                 \
        return fn##_buf;                                                      \
    }

NAME_LIST(vs_guest_sched_names, vs_guest_scheds)
NAME_LIST(vs_host_sched_names, vs_host_scheds)
NAME_LIST(vs_place_names, vs_places)
