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

/* A Poisson count with mean 'mean' from the single uniform 'u', by inversion (for means of 30
 * and more, by the normal approximation with continuity correction), so that one uniform a
 * day and area keeps the options' incident draws paired. */
double rng_poisson_from_uniform(double mean, double u);

/* exp(-m) for 0 <= m < 32, within 4 units in the last place (see rng.c): the inversion's
 * first probability, without libm's call and error handling. */
double rng_exp_neg(double m);

#endif /* DA_ENGINE_RNG_H */
