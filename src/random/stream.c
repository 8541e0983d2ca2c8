/*
 * stream.c: deterministic per-entity random streams.
 *
 * A simulation never uses "the" random generator.  Every consumer of random
 * numbers (a workload's arrivals, a workload's sizes, a randomised policy)
 * owns a GSL mt19937 generator whose seed is a pure function of
 *
 *     (master seed, replication number, entity name, purpose name).
 *
 * How the seed is derived: the master seed and the replication are folded in
 * with splitmix64 (a bijective 64-bit mix, so different inputs give different
 * words), and the two names are hashed with 64-bit FNV-1a over their bytes
 * INCLUDING each terminating NUL (so ("ab", "c") and ("a", "bc") hash
 * differently), mixed again with splitmix64 and combined:
 *
 *     h = splitmix64(splitmix64(master) ^ replication)
 *     f = splitmix64(fnv1a(entity "\0" purpose "\0"))
 *     seed = splitmix64(h ^ f)
 *
 * Because a stream depends only on its own names, adding a VM, renaming
 * another workload or switching a policy leaves every other stream bit for
 * bit unchanged: comparisons between policies use common random numbers.
 *
 * Known cost: mt19937 takes a 32-bit seed through gsl_rng_set, so the 64-bit
 * seed is folded to 32 bits.  Two streams of one run collide with
 * probability about n^2 / 2^33 for n streams (0.05% for 2000 streams).
 *
 * No global state: gsl_rng_env_setup and GSL's default seed are never used.
 */
#include <stdint.h>

#include <gsl/gsl_rng.h>

#include "virtsim/rng.h"

/* splitmix64 (Steele, Lea and Flood 2014; Vigna's reference code): add the
 * golden-ratio increment, then two xorshift-multiply rounds.  Each step is a
 * bijection of the 64-bit words, so the whole function is one too.
 * vs_splitmix64(0) is 0xe220a8397b1dcdaf, the first output of the reference
 * generator seeded with 0. */
uint64_t vs_splitmix64(uint64_t x)
{
    uint64_t z = x + UINT64_C(0x9e3779b97f4a7c15);
    z = (z ^ (z >> 30)) * UINT64_C(0xbf58476d1ce4e5b9);
    z = (z ^ (z >> 27)) * UINT64_C(0x94d049bb133111eb);
    return z ^ (z >> 31);
}

/* 64-bit FNV-1a over the bytes of s and its terminating NUL.  NULL hashes
 * like "". */
static uint64_t fnv1a_str(uint64_t h, const char *s)
{
    const uint64_t prime = UINT64_C(0x100000001b3);
    if (s) {
        for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
            h ^= *p;
            h *= prime;
        }
    }
    /* The NUL separator: h ^= 0 is a no-op, the multiply is not. */
    h *= prime;
    return h;
}

uint64_t vs_stream_seed(uint64_t master, uint32_t replication,
                        const char *entity, const char *purpose)
{
    const uint64_t fnv_offset = UINT64_C(0xcbf29ce484222325);
    uint64_t h = vs_splitmix64(vs_splitmix64(master) ^ (uint64_t)replication);
    uint64_t f = fnv1a_str(fnv1a_str(fnv_offset, entity), purpose);
    return vs_splitmix64(h ^ vs_splitmix64(f));
}

/* Fold a 64-bit seed to the non-zero 32-bit seed mt19937 takes (GSL maps 0
 * to its default seed 4357, which we never want to depend on). */
static unsigned long mt_seed32(uint64_t seed)
{
    uint32_t s = (uint32_t)(seed >> 32) ^ (uint32_t)seed;
    return s ? (unsigned long)s : 1UL;
}

gsl_rng *vs_stream_new(uint64_t master, uint32_t replication,
                       const char *entity, const char *purpose, vs_err *err)
{
    gsl_rng *r = gsl_rng_alloc(gsl_rng_mt19937);
    if (!r) {
        vs_err_set(err, VS_ENOMEM, "out of memory allocating the random stream '%s/%s'",
                   entity ? entity : "", purpose ? purpose : "");
        return NULL;
    }
    gsl_rng_set(r, mt_seed32(vs_stream_seed(master, replication, entity, purpose)));
    return r;
}
