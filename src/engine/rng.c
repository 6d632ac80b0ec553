/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * rng.c - xoshiro256** streams, seeded through SplitMix64, as a GSL generator (see rng.h).
 */
#include "rng.h"

#include <gsl/gsl_cdf.h>
#include <math.h>

static uint64_t splitmix64(uint64_t *x)
{
    uint64_t z = (*x += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
}

static uint64_t rotl(uint64_t x, int k)
{
    return (x << k) | (x >> (64 - k));
}

static uint64_t next(struct rng_state *st)
{
    uint64_t *s = st->s;
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

/* GSL's interface: 'get' returns 32 random bits (max 2^32 - 1), 'get_double' a double in
 * [0, 1); ours is never 0, which GSL's samplers that take logarithms welcome. */
static void gsl_set(void *state, unsigned long seed)
{
    struct rng_state *st = state;
    uint64_t x = seed;
    for (int i = 0; i < 4; i++)
        st->s[i] = splitmix64(&x);
}

static unsigned long gsl_get(void *state)
{
    return (unsigned long)(next(state) >> 32);
}

static double gsl_get_double(void *state)
{
    return ((double)(next(state) >> 11) + 0.5) * 0x1.0p-53;
}

static const gsl_rng_type xoshiro_type = {
    "xoshiro256**", 0xFFFFFFFFul, 0, sizeof(struct rng_state), gsl_set, gsl_get, gsl_get_double,
};

gsl_rng *rng_alloc(void)
{
    return gsl_rng_alloc(&xoshiro_type);
}

void rng_seed(gsl_rng *rng, uint64_t seed, uint64_t replication, uint64_t stream)
{
    /* Three rounds of SplitMix64 mix the three numbers into one 64-bit key, and four more
     * expand the key into the 256-bit state; the state is never all zero in practice (the
     * odds are 2^-256). */
    uint64_t x = seed;
    uint64_t key = splitmix64(&x);
    x = key ^ replication;
    key = splitmix64(&x);
    x = key ^ (stream * 0xD1B54A32D192ED03ull);
    key = splitmix64(&x);
    struct rng_state *st = rng->state;
    x = key;
    for (int i = 0; i < 4; i++)
        st->s[i] = splitmix64(&x);
}

uint64_t rng_next(gsl_rng *rng)
{
    return next(rng->state);
}

double rng_uniform(gsl_rng *rng)
{
    return gsl_get_double(rng->state);
}

/* 1/k for the inversion's recurrence p_k = p_(k-1) x mean / k: a multiplication is several
 * times cheaper than a division, and the table gives the same bits as 1.0 / k. */
static const double reciprocal[] = {
#define R(k) 1.0 / (k)
#define R10(k) R(k), R(k + 1), R(k + 2), R(k + 3), R(k + 4), R(k + 5), R(k + 6), R(k + 7), \
               R(k + 8), R(k + 9)
    0,       R(1),    R(2),    R(3),    R(4),    R(5),    R(6),    R(7),    R(8),    R(9),
    R10(10), R10(20), R10(30), R10(40), R10(50), R10(60), R10(70), R10(80), R10(90),
};
#define N_RECIPROCALS ((int)(sizeof reciprocal / sizeof reciprocal[0]))

double rng_poisson_from_uniform(double mean, double u)
{
    if (!(mean > 0))
        return 0;
    if (mean >= 30) { /* the table covers the inversion below 30 (it ends well before 100) */
        double k = floor(mean + sqrt(mean) * gsl_cdf_ugaussian_Pinv(u) + 0.5);
        return k < 0 ? 0 : k;
    }
    double p = exp(-mean), cdf = p;
    if (u <= cdf)
        return 0; /* the common case at low rates */
    int k = 0;
    while (u > cdf && k + 1 < N_RECIPROCALS) {
        k++;
        p *= mean * reciprocal[k];
        cdf += p;
    }
    return k;
}
