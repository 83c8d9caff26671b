/* xoshiro256** (Blackman and Vigna's public-domain generator, written from its
 * description) seeded with splitmix64. */
#include "rng.h"

static uint64_t s[4];

static uint64_t splitmix(uint64_t *x)
{
    uint64_t z = (*x += 0x9E3779B97F4A7C15ULL);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
}

static inline uint64_t rotl(uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }

void fz_rng_seed(uint64_t seed)
{
    uint64_t x = seed;
    for (int i = 0; i < 4; i++)
        s[i] = splitmix(&x);
}

uint64_t fz_rand(void)
{
    uint64_t result = rotl(s[1] * 5, 7) * 9;
    uint64_t t = s[1] << 17;
    s[2] ^= s[0];
    s[3] ^= s[1];
    s[1] ^= s[2];
    s[0] ^= s[3];
    s[2] ^= t;
    s[3] = rotl(s[3], 45);
    return result;
}

uint64_t fz_below(uint64_t n)
{
    return n ? fz_rand() % n : 0;
}

int fz_chance(unsigned num, unsigned den)
{
    return fz_below(den) < num;
}

uint64_t fz_range(uint64_t lo, uint64_t hi)
{
    return lo + fz_below(hi - lo + 1);
}

unsigned fz_weighted(const unsigned *weights, unsigned n)
{
    uint64_t total = 0;
    for (unsigned i = 0; i < n; i++)
        total += weights[i];
    uint64_t r = fz_below(total);
    for (unsigned i = 0; i < n; i++) {
        if (r < weights[i])
            return i;
        r -= weights[i];
    }
    return n - 1;
}

uint64_t fz_wild(void)
{
    switch (fz_below(8)) {
    case 0: return 0;
    case 1: return fz_below(4);
    case 2: return ~0ULL - fz_below(4);
    case 3: return 1ULL << fz_below(64);
    case 4: return (1ULL << fz_below(64)) - 1;
    case 5: return (1ULL << fz_below(64)) + 1;
    case 6: return fz_below(0x100000000ULL);
    default: return fz_rand();
    }
}
