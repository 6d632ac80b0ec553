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
 * event once; RNG_STREAM_INCIDENTS gives the daily incident draws, drawn once per replication
 * for every option, so that the options see the same uniforms (common random numbers);
 * RNG_STREAM_DESIGN, of replication 0, the design of an analysis (src/analysis/), and of
 * replication 1, the value of information's draws for its standard errors (evppi.c);
 * RNG_STREAM_CORRELATION, of "replication" b, the correlated inputs of block b of
 * CORRELATION_BLOCK replications (correlate.c).
 */
#ifndef DA_MODEL_RNG_H
#define DA_MODEL_RNG_H

#include <gsl/gsl_rng.h>
#include <math.h>
#include <stdbool.h>
#include <stdint.h>
#include <string.h>

enum {
    RNG_STREAM_PARAMS = 0,
    RNG_STREAM_INCIDENTS = 1,
    RNG_STREAM_DESIGN = 2,
    RNG_STREAM_CORRELATION = 3
};

struct rng_state {
    uint64_t s[4];
};

/* A gsl_rng whose state is a struct rng_state; free with gsl_rng_free(). NULL when memory
 * runs out. */
gsl_rng *rng_alloc(void);

/* The generator's step on a state held as four words, wherever they are: a struct rng_state, or
 * the lanes' states side by side (lanes.h), which a loop over the lanes vectorizes. */
static inline uint64_t rng_step(uint64_t *s0, uint64_t *s1, uint64_t *s2, uint64_t *s3)
{
    uint64_t x = *s1 * 5;
    uint64_t result = ((x << 7) | (x >> 57)) * 9;
    uint64_t t = *s1 << 17;
    *s2 ^= *s0;
    *s3 ^= *s1;
    *s1 ^= *s2;
    *s0 ^= *s3;
    *s2 ^= t;
    *s3 = (*s3 << 45) | (*s3 >> 19);
    return result;
}

/* A uniform double in (0, 1) from 64 random bits: the top 53, centred in their interval. */
static inline double rng_uniform_of(uint64_t bits)
{
    double u = ((double)(bits >> 11) + 0.5) * 0x1.0p-53;
    /* The top 53 bits all ones would round up to 1 (2^53 - 0.5 is not a double). */
    return u < 1 ? u : 0x1.fffffffffffffp-1;
}

/* The generator's step, inline for the day loop's draws (the gsl_rng interface is a call
 * through a pointer per draw). */
static inline uint64_t rng_state_next(struct rng_state *st)
{
    return rng_step(&st->s[0], &st->s[1], &st->s[2], &st->s[3]);
}

/* A uniform double in (0, 1). */
static inline double rng_state_uniform(struct rng_state *st)
{
    return rng_uniform_of(rng_state_next(st));
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

/* The standard normal quantiles Phi^-1(i / RNG_NORMAL_STEPS) for i = 0..RNG_NORMAL_STEPS
 * (GSL's), filled with the Poisson grid (all zero before: every draw the long way). */
#define RNG_NORMAL_STEPS 4096
extern double rng_normal_grid[RNG_NORMAL_STEPS + 1];

/* The normal approximation's count at the quantile z, with root = sqrt(mean): every operation
 * rounds the same way whatever z, so the count never falls as z grows. */
static inline double rng_normal_count(double mean, double root, double z)
{
    double k = floor(mean + root * z + 0.5);
    return k < 0 ? 0 : k;
}

/* How far Phi^-1(u), as GSL works it out, may be from the grid's bounds around u and still be
 * between them: GSL's quantile is accurate to about 1e-16 relative (Wichura's AS 241), the
 * grid's points are GSL's own, and the quantiles of u in (0, 1) are below 9 in size. */
#define RNG_NORMAL_MARGIN 1e-9

/* The count of rng_poisson_large() where the quantiles of the two grid points around u give
 * the same count: the count only grows with Phi^-1(u), which lies between them (less and more
 * a margin far wider than GSL's error), so it is that count too. Returns whether it did.
 * Inline, so that the kernels built for AVX2 (lanes.c) round with one instruction (SSE4.1's
 * ROUNDSD) where x86-64's baseline calls libm's floor(): the same function, the same bits. */
static inline bool rng_poisson_normal_grid(double mean, double u, double *count)
{
    if (!(u >= 0 && u < 1))
        return false;
    int i = (int)(u * RNG_NORMAL_STEPS); /* exact: a power of 2 */
    double below = rng_normal_grid[i], above = rng_normal_grid[i + 1];
    if (!(below < above))
        return false; /* the grid not filled yet */
    double root = sqrt(mean);
    double low = rng_normal_count(mean, root, below - RNG_NORMAL_MARGIN);
    double high = rng_normal_count(mean, root, above + RNG_NORMAL_MARGIN);
    if (low != high)
        return false; /* a count's edge between the points; so are NaNs and infinities */
    *count = low;
    return true;
}

/* The normal approximation's count with GSL's Phi^-1(u) worked out (rng.c): where the grid
 * does not know it. */
double rng_poisson_normal_quantile(double mean, double u);

/* The normal approximation with continuity correction, for means of 30 and more:
 * max(0, floor(mean + sqrt(mean) Phi^-1(u) + 0.5)), Phi^-1 being GSL's
 * gsl_cdf_ugaussian_Pinv(). Where rng_poisson_normal_grid() knows the count, without working
 * out Phi^-1(u); inline with it, for the kernels' sake. */
static inline double rng_poisson_large(double mean, double u)
{
    double count = -1;
    return rng_poisson_normal_grid(mean, u, &count) ? count : rng_poisson_normal_quantile(mean, u);
}

/* A Poisson count with mean 'mean' from the single uniform 'u' by inversion: the number of k
 * whose F(k) = P(N <= k), summed term by term from exp(-mean), is below u (for means of 30 and
 * more, by the normal approximation with continuity correction). The reference sampler, and
 * the fallback of rng_poisson_from_uniform(). */
double rng_poisson_inversion(double mean, double u);

/* The inversion's F(0..RNG_GRID_WIDTH-1), computed by rng_poisson_inversion()'s own recurrence,
 * at the means j / RNG_GRID_STEPS for j = 0..RNG_GRID_MAX x RNG_GRID_STEPS: one row per mean.
 * Filled by rng_alloc() (once per process); all zero before, which sends every draw the long
 * way, to the same counts. */
#define RNG_GRID_STEPS 64
#define RNG_GRID_MAX   16
#define RNG_GRID_WIDTH 16
#define RNG_GRID_ROWS  (RNG_GRID_MAX * RNG_GRID_STEPS + 1)
typedef double rng_f64x2 __attribute__((vector_size(16)));
typedef int64_t rng_i64x2 __attribute__((vector_size(16)));
extern double rng_poisson_grid[RNG_GRID_ROWS * RNG_GRID_WIDTH];

/* The means from RNG_GRID_MAX up to the normal approximation's RNG_POISSON_LARGE, whose counts
 * spread too wide for a row from F(0): a window of the inversion's F(k), for k from the row's
 * first, rng_poisson_window_first[i], to RNG_WINDOW_WIDTH more, at the means RNG_GRID_MAX + i /
 * RNG_GRID_STEPS. Each row is F(first - 1) (-1 for a first of 0), then the window's F(k):
 * where u is above F(first - 1), every count below 'first' is below u too. Filled with the grid
 * (all zero before: every draw the long way). */
#define RNG_POISSON_LARGE 30
#define RNG_WINDOW_WIDTH  32
#define RNG_WINDOW_ROW    (RNG_WINDOW_WIDTH + 1)
#define RNG_WINDOW_ROWS   ((RNG_POISSON_LARGE - RNG_GRID_MAX) * RNG_GRID_STEPS + 1)
extern double rng_poisson_window[RNG_WINDOW_ROWS * RNG_WINDOW_ROW];
extern int rng_poisson_window_first[RNG_WINDOW_ROWS];

/* Adds to k0 and k1 the F(k) below 'u' of 'row0' and of 'row1' among columns [from, to): two
 * comparisons at a time (GCC's and Clang's vector extensions: SSE2 on x86-64), each -1 where
 * true; compilers leave the scalar loop unvectorized. Returns whether every F(k) compared in
 * either row was below u: a row only grows, so its F(k) below u are its first ones, and only
 * then may any of the columns after 'to' be. */
static inline bool rng_poisson_rows_below(const double *row0, const double *row1, double u,
                                          int from, int to, int64_t *k0, int64_t *k1)
{
    rng_f64x2 point = {u, u};
    rng_i64x2 at_m0 = {0, 0}, at_m1 = {0, 0};
    for (int j = from; j < to; j += 2) {
        rng_f64x2 f0, f1;
        memcpy(&f0, &row0[j], sizeof f0);
        memcpy(&f1, &row1[j], sizeof f1);
        at_m0 += f0 < point;
        at_m1 += f1 < point;
    }
    int64_t below0 = -(at_m0[0] + at_m0[1]), below1 = -(at_m1[0] + at_m1[1]);
    *k0 += below0;
    *k1 += below1;
    return (below0 == to - from) | (below1 == to - from);
}

/* rng_poisson_grid_count() for a mean of t / RNG_GRID_STEPS in [RNG_GRID_MAX,
 * RNG_POISSON_LARGE), from the windows (rng.c; a call, which keeps the smaller means' inline
 * code short). */
bool rng_poisson_window_count(double t, double u, double *count);

/* rng_poisson_inversion(mean, u), in most cases without its exp() and chain of terms, so that
 * one uniform a day and area keeps the options' incident draws paired at little cost. F(k) falls
 * as the mean rises, so the count at 'mean' lies between the counts at the grid means m0 <= mean
 * < m1 around it, each the number of F(k) in its row below u; where the two agree (and the rows
 * hold them: below RNG_GRID_WIDTH, or within the window), it is theirs. They disagree with
 * probability m1 - m0 = 1/64 (the expected number of counts in between), and the long way is
 * taken. Counts are the inversion's except where u is within rounding (about 1e-16) of some
 * F(k), which no run meets in practice (tests/unit/test_statistics.c). The two rows are compared
 * together, a block of columns at a time, a block's comparisons independent of each other: the
 * day's incidents are on the chain from one day's security to the next, and this keeps it
 * short. Most counts are small (below 8 in 99.7% of the format example's draws that the grid
 * gives, 87% of gaza's), and a block after the first is compared only when the one before was
 * all below u. True, with the count in 'count', when the rows give it; false when the inversion
 * must (rng_poisson_inversion()). */
static inline bool rng_poisson_grid_count(double mean, double u, double *count)
{
    double t = mean * RNG_GRID_STEPS;
    if (t > 0 && t < RNG_GRID_MAX * RNG_GRID_STEPS) {
        const double *row0 = &rng_poisson_grid[(int)t * RNG_GRID_WIDTH];
        const int half = RNG_GRID_WIDTH / 2;
        int64_t k0 = 0, k1 = 0;
        if (rng_poisson_rows_below(row0, row0 + RNG_GRID_WIDTH, u, 0, half, &k0, &k1))
            rng_poisson_rows_below(row0, row0 + RNG_GRID_WIDTH, u, half, RNG_GRID_WIDTH, &k0, &k1);
        if ((k0 == k1) & (k1 < RNG_GRID_WIDTH)) {
            *count = (double)k1;
            return true;
        }
        return false;
    }
    return t >= RNG_GRID_MAX * RNG_GRID_STEPS && t < RNG_POISSON_LARGE * RNG_GRID_STEPS &&
           rng_poisson_window_count(t, u, count);
}

static inline double rng_poisson_from_uniform(double mean, double u)
{
    double count;
    return rng_poisson_grid_count(mean, u, &count) ? count : rng_poisson_inversion(mean, u);
}

#endif /* DA_MODEL_RNG_H */
