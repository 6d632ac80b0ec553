/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * rng.h - random streams derived only from (seed, replication, stream).
 *
 * The generator is xoshiro256** (Blackman and Vigna, "Scrambled linear pseudorandom number
 * generators", ACM TOMS 2021), seeded by SplitMix64 (Steele, Lea and Flood, OOPSLA 2014) from a
 * hash of the run's seed, the replication's number and the stream's number. A replication's
 * draws therefore depend on nothing else: not on the thread or the MPI rank that runs it, nor
 * on how many replications ran before it. GSL's own generators are not used for this because
 * they take 32-bit seeds (mt19937) and would repeat streams across millions of replications;
 * the stream is wrapped as a gsl_rng so that GSL's samplers (beta, gamma, normal) draw from it.
 *
 * Streams of a replication: RNG_STREAM_PARAMS draws every parameter and every probability
 * event once; RNG_STREAM_INCIDENTS gives the daily incident draws, restarted for each option
 * so that the options see the same uniforms (common random numbers).
 */
#ifndef DA_ENGINE_RNG_H
#define DA_ENGINE_RNG_H

#include <gsl/gsl_rng.h>
#include <stdint.h>

enum { RNG_STREAM_PARAMS = 0, RNG_STREAM_INCIDENTS = 1 };

struct rng_state {
    uint64_t s[4];
};

/* A gsl_rng whose state is a struct rng_state; free with gsl_rng_free(). NULL when memory
 * runs out. */
gsl_rng *rng_alloc(void);

/* The generator's step, inline for the day loop's draws (the gsl_rng interface is a call
 * through a pointer per draw). */
static inline uint64_t rng_state_next(struct rng_state *st)
{
    uint64_t *s = st->s;
    uint64_t x = s[1] * 5;
    uint64_t result = ((x << 7) | (x >> 57)) * 9;
    uint64_t t = s[1] << 17;
    s[2] ^= s[0];
    s[3] ^= s[1];
    s[1] ^= s[2];
    s[0] ^= s[3];
    s[2] ^= t;
    s[3] = (s[3] << 45) | (s[3] >> 19);
    return result;
}

/* A uniform double in (0, 1): the top 53 bits, centred in their interval. */
static inline double rng_state_uniform(struct rng_state *st)
{
    return ((double)(rng_state_next(st) >> 11) + 0.5) * 0x1.0p-53;
}

/* The state inside a gsl_rng made by rng_alloc(). */
static inline struct rng_state *rng_state_of(gsl_rng *rng)
{
    return rng->state;
}

/* Positions 'rng' at the start of stream 'stream' of replication 'replication'. */
void rng_seed(gsl_rng *rng, uint64_t seed, uint64_t replication, uint64_t stream);

/* The next 64 random bits, and a uniform double in (0, 1) (never 0 or 1). */
uint64_t rng_next(gsl_rng *rng);
double rng_uniform(gsl_rng *rng);

/* Tables of rng.c: exp(-i), exp(-j/64), and 1/k (k >= 1; entry 0 unused). */
#define RNG_N_RECIPROCALS 100
extern const double rng_exp_neg_int[32], rng_exp_neg_64th[64];
extern const double rng_reciprocal[RNG_N_RECIPROCALS];

/* exp(-m) for 0 <= m < 32, within 4 units in the last place: the inversion's first
 * probability, without libm's call and error handling. m = i + j/64 + r with 0 <= r < 1/64:
 * exp(-m) = exp(-i) exp(-j/64) exp(-r), the last by its Taylor series to degree 6, whose
 * remainder r^7/7! < 4.6e-17 is below half a unit in the last place. */
static inline double rng_exp_neg(double m)
{
    double t = m * 64;
    int n = (int)t;
    double x = -(t - n) * (1.0 / 64);
    /* Estrin's scheme: the same polynomial as Horner's with half its chain of dependent
     * operations, which is what this costs (the areas' draws overlap in the processor). */
    double x2 = x * x;
    double high = (1.0 / 24 + x * (1.0 / 120)) + x2 * (1.0 / 720);
    double p = (1 + x) + x2 * ((1.0 / 2 + x * (1.0 / 6)) + x2 * high);
    return rng_exp_neg_int[n >> 6] * rng_exp_neg_64th[n & 63] * p;
}

/* The terms of the inversion counted without a branch (see rng_poisson_from_uniform()). */
#define RNG_POISSON_FIRST 8

/* The normal approximation with continuity correction, for means of 30 and more. */
double rng_poisson_large(double mean, double u);

/* A Poisson count with mean 'mean' from the single uniform 'u', by inversion (for means of 30
 * and more, by the normal approximation with continuity correction), so that one uniform a
 * day and area keeps the options' incident draws paired. Inline: it runs for every area of
 * every day. */
static inline double rng_poisson_from_uniform(double mean, double u)
{
    if (!(mean > 0))
        return 0;
    if (mean >= 30) /* the table of reciprocals covers the inversion below 30 */
        return rng_poisson_large(mean, u);
    /* The count is the number of k whose F(k) = P(N <= k) is below u. The first terms are
     * counted without a branch, so that the loop's exit, which depends on u, is not guessed
     * wrong at every other draw; at the model's means (a few incidents a day) the rest is
     * rarely needed. Same F(k), same comparisons: the same count as the search k by k. */
    double p = rng_exp_neg(mean), cdf = p;
    double k = u > cdf;
    for (int j = 1; j < RNG_POISSON_FIRST; j++) {
        p *= mean * rng_reciprocal[j];
        cdf += p;
        k += u > cdf;
    }
    for (int j = RNG_POISSON_FIRST; u > cdf && j < RNG_N_RECIPROCALS - 1; j++) { /* at most 99 */
        p *= mean * rng_reciprocal[j];
        cdf += p;
        k += u > cdf;
    }
    return k;
}

#endif /* DA_ENGINE_RNG_H */
