/* The fuzzer's deterministic PRNG (xoshiro256**, seeded through splitmix64): the same
 * seed gives the same sequence of operations, so a seed replays a run. */
#ifndef FUZZ_RNG_H
#define FUZZ_RNG_H

#include <rwlib/rwlib.h>

void fz_rng_seed(uint64_t seed);
uint64_t fz_rand(void);
/* Uniform in [0, n) (0 when n is 0). */
uint64_t fz_below(uint64_t n);
/* True with probability num/den. */
int fz_chance(unsigned num, unsigned den);
/* Uniform in [lo, hi]. */
uint64_t fz_range(uint64_t lo, uint64_t hi);
/* Index drawn with the given weights (n of them, not all 0). */
unsigned fz_weighted(const unsigned *weights, unsigned n);
/* A "interesting" 64-bit value: 0, 1, ~0, powers of two and their neighbours, random. */
uint64_t fz_wild(void);

#endif
