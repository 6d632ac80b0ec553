/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * rng.c - xoshiro256** streams, seeded through SplitMix64, as a GSL generator (see rng.h).
 */
#include "rng.h"

#include <gsl/gsl_cdf.h>
#include <math.h>
#include <pthread.h>
#include <string.h>

static uint64_t splitmix64(uint64_t *x)
{
    uint64_t z = (*x += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
}

static uint64_t next(struct rng_state *st)
{
    return rng_state_next(st);
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
    return rng_state_uniform(state);
}

static const gsl_rng_type xoshiro_type = {
    "xoshiro256**", 0xFFFFFFFFul, 0, sizeof(struct rng_state), gsl_set, gsl_get, gsl_get_double,
};

_Alignas(64) double rng_poisson_grid[RNG_GRID_ROWS * RNG_GRID_WIDTH];
_Alignas(64) double rng_normal_grid[RNG_NORMAL_STEPS + 1];
_Alignas(64) double rng_poisson_window[RNG_WINDOW_ROWS * RNG_WINDOW_ROW];
int rng_poisson_window_first[RNG_WINDOW_ROWS];

/* F(0..n-1) at 'mean' into 'cdf', by rng_poisson_inversion()'s own recurrence (n at most
 * RNG_N_RECIPROCALS), so that the tables hold the bits the inversion compares with u. */
static void poisson_cdf(double mean, int n, double *cdf)
{
    double p = rng_exp_neg(mean), sum = p;
    cdf[0] = sum;
    for (int j = 1; j < n; j++) {
        p *= mean * rng_reciprocal[j];
        sum += p;
        cdf[j] = sum;
    }
}

/* The windows' rows: F(first - 1), then F(first..first + RNG_WINDOW_WIDTH - 1). The window
 * starts half its width below the mean, around the likely counts (mean 16: from 3.75 standard
 * deviations below it to 4 above; mean 30: 2.7 below to 2.9 above). */
static void fill_poisson_window(void)
{
    _Static_assert(RNG_POISSON_LARGE + RNG_WINDOW_WIDTH / 2 + 1 <= RNG_N_RECIPROCALS,
                   "the reciprocals cover every window");
    for (int i = 0; i < RNG_WINDOW_ROWS; i++) {
        double mean = RNG_GRID_MAX + (double)i / RNG_GRID_STEPS;
        int first = (int)mean - RNG_WINDOW_WIDTH / 2 + 1;
        double cdf[RNG_N_RECIPROCALS], *row = &rng_poisson_window[i * RNG_WINDOW_ROW];
        poisson_cdf(mean, first + RNG_WINDOW_WIDTH, cdf);
        row[0] = first > 0 ? cdf[first - 1] : -1; /* no count is below 0 */
        memcpy(&row[1], &cdf[first], sizeof(double) * RNG_WINDOW_WIDTH);
        rng_poisson_window_first[i] = first;
    }
}

static void fill_poisson_grid(void)
{
    for (int i = 0; i < RNG_GRID_ROWS; i++) /* exact means: a power of two divides */
        poisson_cdf((double)i / RNG_GRID_STEPS, RNG_GRID_WIDTH,
                    &rng_poisson_grid[i * RNG_GRID_WIDTH]);
}

bool rng_poisson_window_count(double t, double u, double *count)
{
    int i = (int)t - RNG_GRID_MAX * RNG_GRID_STEPS;
    const double *row0 = &rng_poisson_window[i * RNG_WINDOW_ROW], *row1 = row0 + RNG_WINDOW_ROW;
    if (!(u > row0[0]) || !(u > row1[0]))
        return false; /* a count below a row's window */
    const int block = 8;
    int64_t k0 = 0, k1 = 0;
    int to = block;
    while (rng_poisson_rows_below(row0 + 1, row1 + 1, u, to - block, to, &k0, &k1) &&
           to < RNG_WINDOW_WIDTH)
        to += block;
    if ((k0 == RNG_WINDOW_WIDTH) | (k1 == RNG_WINDOW_WIDTH))
        return false; /* a count at a window's end may be more */
    k0 += rng_poisson_window_first[i];
    k1 += rng_poisson_window_first[i + 1];
    if (k0 != k1)
        return false;
    *count = (double)k1;
    return true;
}

/* The grid points are exact (i / 2^12), so a u lies between two of them exactly. */
static void fill_normal_grid(void)
{
    for (int i = 0; i <= RNG_NORMAL_STEPS; i++)
        rng_normal_grid[i] = gsl_cdf_ugaussian_Pinv((double)i / RNG_NORMAL_STEPS);
}

static void fill_poisson_tables(void)
{
    fill_poisson_grid();
    fill_poisson_window();
    fill_normal_grid();
}

gsl_rng *rng_alloc(void)
{
    static pthread_once_t grid_once = PTHREAD_ONCE_INIT;
    pthread_once(&grid_once, fill_poisson_tables);
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
const double rng_reciprocal[RNG_N_RECIPROCALS] = {
#define R(k) 1.0 / (k)
#define R10(k)                                                                                     \
    R(k), R(k + 1), R(k + 2), R(k + 3), R(k + 4), R(k + 5), R(k + 6), R(k + 7), R(k + 8), R(k + 9)
    0,       R(1),    R(2),    R(3),    R(4),    R(5),    R(6),    R(7),    R(8),    R(9),
    R10(10), R10(20), R10(30), R10(40), R10(50), R10(60), R10(70), R10(80), R10(90),
};

/* exp(-i) for i = 0..31 and exp(-j/64) for j = 0..63, correctly rounded (printed by Python's
 * math.exp as hexadecimal floats). */
const double rng_exp_neg_int[32] = {
    0x1.0000000000000p+0,  0x1.78b56362cef38p-2,  0x1.152aaa3bf81ccp-3,  0x1.97db0ccceb0afp-5,
    0x1.2c155b8213cf4p-6,  0x1.b993fe00d5376p-8,  0x1.44e51f113d4d6p-9,  0x1.de16b9c24a98fp-11,
    0x1.5fc21041027adp-12, 0x1.02cf22526545ap-13, 0x1.7cd79b5647c9bp-15, 0x1.18354238f6764p-16,
    0x1.9c54c3b43bc8bp-18, 0x1.2f6053b981d98p-19, 0x1.be6c6fdb01612p-21, 0x1.4875ca227ec38p-22,
    0x1.e355bbaee85cbp-24, 0x1.639e3175a689dp-25, 0x1.05a628c699fa1p-26, 0x1.81056ff2c5772p-28,
    0x1.1b48655f37267p-29, 0x1.a0db0d0ddb3ecp-31, 0x1.32b48bf117da2p-32, 0x1.c3527e433fab1p-34,
    0x1.4c1078fe9228ap-35, 0x1.e8a37a45fc32ep-37, 0x1.67852a7007e42p-38, 0x1.0885298767e9ap-39,
    0x1.853f01d6d53bap-41, 0x1.1e642baeb84a0p-42, 0x1.a56e0c2ac7f75p-44, 0x1.36121e24d3bbap-45,
};
const double rng_exp_neg_64th[64] = {
    0x1.0000000000000p+0, 0x1.f80feabfeefa5p-1, 0x1.f03f56a88b5d8p-1, 0x1.e88dc6afecfc0p-1,
    0x1.e0fabfbc702a4p-1, 0x1.d985c89d041a3p-1, 0x1.d22e6a0197c03p-1, 0x1.caf42e73a4c7ep-1,
    0x1.c3d6a24ed8222p-1, 0x1.bcd553b9d7b62p-1, 0x1.b5efd29f24c26p-1, 0x1.af25b0a61a7b5p-1,
    0x1.a876812c0877cp-1, 0x1.a1e1d93d687d0p-1, 0x1.9b674f8f2f3d8p-1, 0x1.95067c78379f2p-1,
    0x1.8ebef9eac820bp-1, 0x1.8890636e31f54p-1, 0x1.827a561889716p-1, 0x1.7c7c70887763cp-1,
    0x1.769652df22f7ep-1, 0x1.70c79eba33c07p-1, 0x1.6b0ff72deb89dp-1, 0x1.656f00bf5796ap-1,
    0x1.5fe4615e98e8fp-1, 0x1.5a6fc061433c8p-1, 0x1.5510c67cd2591p-1, 0x1.4fc71dc135627p-1,
    0x1.4a9271936fd09p-1, 0x1.45726ea84fb88p-1, 0x1.4066c2ff39127p-1, 0x1.3b6f1ddd05a92p-1,
    0x1.368b2fc6f960ap-1, 0x1.31baaa7dca843p-1, 0x1.2cfd40f8bdcaep-1, 0x1.2852a760d5c59p-1,
    0x1.23ba930c1568bp-1, 0x1.1f34ba78d5666p-1, 0x1.1ac0d5492c0dcp-1, 0x1.165e9c3e67663p-1,
    0x1.120dc934993e8p-1, 0x1.0dce171e34e7fp-1, 0x1.099f41ffbe580p-1, 0x1.058106eb8a6aap-1,
    0x1.017323fd90020p-1, 0x1.faeab0ae9381dp-2, 0x1.f30ec8375038bp-2, 0x1.eb5210d6270b7p-2,
    0x1.e3b40ebefcd7ep-2, 0x1.dc3448110daaep-2, 0x1.d4d244cf4ea9ep-2, 0x1.cd8d8ed8ee386p-2,
    0x1.c665b1e1f1e0dp-2, 0x1.bf5a3b6bf18b7p-2, 0x1.b86ababeef8dfp-2, 0x1.b196c0e24d229p-2,
    0x1.aadde095dad4bp-2, 0x1.a43fae4b0474ep-2, 0x1.9dbbc01e18268p-2, 0x1.9751adcfa81c1p-2,
    0x1.910110be06976p-2, 0x1.8ac983dedbc65p-2, 0x1.84aaa3b8d514ep-2, 0x1.7ea40e5d6d8fap-2,
};

double rng_poisson_normal_quantile(double mean, double u)
{
    return rng_normal_count(mean, sqrt(mean), gsl_cdf_ugaussian_Pinv(u));
}

double rng_poisson_inversion(double mean, double u)
{
    if (!(mean > 0))
        return 0;
    if (mean >= RNG_POISSON_LARGE) /* the table of reciprocals covers the inversion below it */
        return rng_poisson_large(mean, u);
    /* F(k) only grows with k, so the count stops at the first F(k) not below u. */
    double p = rng_exp_neg(mean), cdf = p;
    double k = u > cdf;
    for (int j = 1; u > cdf && j < RNG_N_RECIPROCALS - 1; j++) { /* at most 99 terms */
        p *= mean * rng_reciprocal[j];
        cdf += p;
        k += u > cdf;
    }
    return k;
}
