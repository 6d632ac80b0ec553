/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * test_mc_error.c - the Monte Carlo error of the headline figures (src/engine/mc_error.c,
 * squares.c): the exact sum of squares and the standard deviation against hand-computed
 * values, the same bits however the values were split and merged; the standard errors of a
 * mean and a share by hand; the order statistics' ranks by hand; and the intervals' coverage
 * of the true quantiles of a uniform distribution against the exact binomial coverage.
 */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "engine/mc_error.h"
#include "engine/sketch.h"
#include "engine/squares.h"
#include "helpers.h"
#include "model/rng.h"

#define SEED 20261202u

static struct sketch *new_sketch(void)
{
    struct sketch *s = malloc(sizeof *s);
    assert_non_null(s);
    sketch_init(s);
    return s;
}

/* {2, 4, 4, 4, 5, 5, 7, 9}: mean 5, squared deviations 9+1+1+1+0+0+4+16 = 32, so the sample
 * variance is 32/7, the standard deviation sqrt(32/7) = 2.1380899..., and the mean's standard
 * error that over sqrt(8): sqrt(4/7) = 0.7559289... The squares sum to 232. */
static void test_sd_by_hand(void **state)
{
    (void)state;
    struct sketch *s = new_sketch();
    const double v[] = {2, 4, 4, 4, 5, 5, 7, 9};
    for (int i = 0; i < 8; i++)
        sketch_add(s, v[i]);
    assert_true(squares_value(&s->squares) == 232.0L);
    assert_near(sketch_sd(s), sqrt(32.0 / 7), 1e-15);
    assert_near(mc_mean_se(s), sqrt(4.0 / 7), 1e-15);
    /* One value has no spread to measure; equal values have none. */
    sketch_init(s);
    sketch_add(s, 3);
    assert_true(isnan(sketch_sd(s)) && isnan(mc_mean_se(s)));
    sketch_add(s, 3);
    assert_true(sketch_sd(s) == 0);
    free(s);
}

/* A narrow spread next to large values, where a plain sum of squares loses the digits the
 * variance lives in: 10^6 + k and 10^9 + k for k = 1..100 have the spread of 1..100, whose
 * sample variance is n (n + 1) / 12 = 841.666... (standard deviation 29.011491...). The bound
 * of sketch.h, 2^-63 mean^2 on the variance: below 10^-7 of it for 10^6, 1.3 x 10^-4 for 10^9
 * (where squares rounded to doubles would be off by up to 100 x 64 / (100 x 841.7), 8%). */
static void test_sd_narrow_spread(void **state)
{
    (void)state;
    struct sketch *s = new_sketch();
    double sd = sqrt(100.0 * 101 / 12);
    for (int k = 1; k <= 100; k++)
        sketch_add(s, 1e6 + k);
    assert_near(sketch_sd(s), sd, 1e-9 * sd);
    sketch_init(s);
    for (int k = 1; k <= 100; k++)
        sketch_add(s, 1e9 + k);
    assert_near(sketch_sd(s), sd, 1e-4 * sd);
    /* The largest values a sketch takes: ten of 10^18 sum to squares of 10^37 without
     * overflow. */
    sketch_init(s);
    for (int k = 0; k < 10; k++)
        sketch_add(s, 1e18);
    assert_near((double)(squares_value(&s->squares) / 1e37L), 1.0, 1e-15);
    assert_true(sketch_sd(s) == 0);
    free(s);
}

/* Squares below the fixed point's unit, 2^-96, are truncated away; those above it are kept
 * to their last bit: 2^-40 squared is 2^-80, exactly 2^16 units. */
static void test_squares_resolution(void **state)
{
    (void)state;
    struct squares sq;
    squares_init(&sq);
    squares_add(&sq, 0x1p-40);
    assert_true(sq.limb[0] == (uint64_t)1 << 16 && sq.limb[1] == 0);
    squares_add(&sq, 0x1p-49); /* 2^-98: below the unit */
    assert_true(sq.limb[0] == (uint64_t)1 << 16);
    /* 2^-16 squared is 2^-32 = 2^64 units: limb 1's first bit. */
    squares_init(&sq);
    squares_add(&sq, 0x1p-16);
    assert_true(sq.limb[0] == 0 && sq.limb[1] == 1);
    /* A carry through every limb: 2^256 - 1 units and one more wrap to 0 (a sum that large
     * cannot happen: squares.h), each limb carrying into the next on the way. */
    struct squares ones = {{UINT64_MAX, UINT64_MAX, UINT64_MAX, UINT64_MAX}}, one = {{1, 0, 0, 0}};
    squares_merge(&ones, &one);
    assert_true(ones.limb[0] == 0 && ones.limb[1] == 0 && ones.limb[2] == 0 && ones.limb[3] == 0);
    struct squares low = {{UINT64_MAX, 0, 0, 0}};
    squares_merge(&low, &one);
    assert_true(low.limb[0] == 0 && low.limb[1] == 1);
}

/* The oracle of squares_add(): each part of the square in units of 2^-96 split into limbs by
 * floating-point operations, each exact (a scaling by a power of two, the truncation of a value
 * below 2^64, the subtraction of a number's own leading bits), from the top limb down. */
static void oracle_units(uint64_t sum[4], double t)
{
    static const double scale[4] = {1.0, 0x1p64, 0x1p128, 0x1p192};
    uint64_t carry = 0;
    uint64_t add[4];
    for (int i = 3; i >= 0; i--) {
        uint64_t limb = (uint64_t)(t / scale[i]);
        add[i] = limb;
        t -= (double)limb * scale[i];
    }
    for (int i = 0; i < 4; i++) {
        uint64_t a = sum[i], part = a + add[i], total = part + carry;
        carry = (uint64_t)(part < a) | (uint64_t)(total < part);
        sum[i] = total;
    }
}

static void oracle_add(uint64_t sum[4], double x)
{
    double m = fabs(x), head;
    uint64_t bits;
    memcpy(&bits, &m, sizeof bits);
    bits &= ~(((uint64_t)1 << 27) - 1);
    memcpy(&head, &bits, sizeof head);
    double tail = m - head;
    oracle_units(sum, head * head * 0x1p96);
    oracle_units(sum, 2 * head * tail * 0x1p96);
    oracle_units(sum, tail * tail * 0x1p96);
}

/* squares_add() reads each part's whole units off its bits: the same limbs as the oracle's
 * floating-point split, value by value, over values of every magnitude a sketch takes (2^-70
 * to 10^18, random significands), their negatives, and powers of two and their neighbours,
 * whose parts fall on the limbs' edges. */
static void test_squares_bits_as_the_oracle(void **state)
{
    (void)state;
    struct squares sq;
    squares_init(&sq);
    uint64_t want[4] = {0, 0, 0, 0};
    uint64_t rng = 0x9e3779b97f4a7c15u;
    for (int k = 0; k < 200000; k++) {
        double x;
        if (k % 4 == 3) {
            /* 2^-70 .. 2^59, and the doubles just below and just above it */
            int e = (k / 4) % 130 - 70, side = (k / 520) % 3;
            double power = ldexp(1.0, e);
            x = side == 0 ? nextafter(power, 0.0) : side == 1 ? nextafter(power, 2e18) : power;
        } else {
            rng ^= rng << 13;
            rng ^= rng >> 7;
            rng ^= rng << 17;
            double u = (double)(rng >> 11) * 0x1p-53, e = (double)(rng % 130) - 70;
            x = ldexp(1 + u, (int)e);
            if (x > 1e18)
                x = 1e18 * u;
        }
        if (k % 2)
            x = -x;
        squares_add(&sq, x);
        oracle_add(want, x);
        if (memcmp(sq.limb, want, sizeof want) != 0)
            fail_msg("value %d (%a): limbs differ from the oracle's", k, x);
    }
    struct squares largest;
    squares_init(&largest);
    uint64_t top[4] = {0, 0, 0, 0};
    squares_add(&largest, 1e18);
    oracle_add(top, 1e18);
    assert_memory_equal(largest.limb, top, sizeof top);
}

/* The same values split into parts, added in another order and merged: the same sums of
 * squares, byte for byte, and the same standard deviation. */
static void test_squares_order_free(void **state)
{
    (void)state;
    enum { N = 5000, PARTS = 7 };
    static double x[N];
    gsl_rng *rng = rng_alloc();
    rng_seed(rng, SEED, 1, 0);
    for (int i = 0; i < N; i++)
        x[i] = (gsl_rng_uniform(rng) - 0.3) * pow(10, 12 * gsl_rng_uniform(rng) - 4);
    struct sketch *whole = new_sketch(), *merged = new_sketch(), *part = new_sketch();
    for (int i = 0; i < N; i++)
        sketch_add(whole, x[i]);
    for (int p = PARTS - 1; p >= 0; p--) {
        sketch_init(part);
        for (int i = N - 1 - p; i >= 0; i -= PARTS)
            sketch_add(part, x[i]);
        sketch_merge(merged, part);
    }
    assert_int_equal(merged->band.count, N);
    assert_memory_equal(&whole->squares, &merged->squares, sizeof whole->squares);
    double a = sketch_sd(whole), b = sketch_sd(merged);
    assert_memory_equal(&a, &b, sizeof a);
    free(whole);
    free(merged);
    free(part);
    gsl_rng_free(rng);
}

/* sqrt(p (1 - p) / n): 30 of 100, sqrt(0.21 / 100) = 0.0458257569...; none or all of them, 0;
 * a share of nothing has no error. */
static void test_share_se_by_hand(void **state)
{
    (void)state;
    assert_near(mc_share_se(30, 100), 0.045825756949558400, 1e-15);
    assert_true(mc_share_se(0, 10) == 0 && mc_share_se(10, 10) == 0);
    assert_true(isnan(mc_share_se(0, 0)));
}

/* n q -+ 1.96 sqrt(n q (1 - q)), the lower rank rounded down and the upper up, plus one. */
static void test_ranks_by_hand(void **state)
{
    (void)state;
    uint64_t j, k;
    /* n = 100, median: 50 -+ 1.96 x 5 = 40.2 and 59.8: ranks 40 and 61, the sign test's
     * [x_(40), x_(101 - 40)]. */
    mc_ranks(100, 0.5, &j, &k);
    assert_true(j == 40 && k == 61);
    /* n = 100, q = 0.1: 10 -+ 1.96 x 3 = 4.12 and 15.88: ranks 4 and 17. */
    mc_ranks(100, 0.1, &j, &k);
    assert_true(j == 4 && k == 17);
    /* n = 1000, q = 0.9: 900 -+ 1.96 sqrt(90) = 881.41 and 918.59: ranks 881 and 920. */
    mc_ranks(1000, 0.9, &j, &k);
    assert_true(j == 881 && k == 920);
    /* n = 7, median: 3.5 -+ 2.59 = 0.91 and 6.09: no rank below (0), none above (8). */
    mc_ranks(7, 0.5, &j, &k);
    assert_true(j == 0 && k == 8);
    /* n = 8, median: 4 -+ 2.77 = 1.23 and 6.77: ranks 1 and 8, the sample's extremes. */
    mc_ranks(8, 0.5, &j, &k);
    assert_true(j == 1 && k == 8);
}

/* The values 1..60 in a scrambled order (a sketch keeps up to 64 values exactly): the
 * median's ranks are 30 -+ 1.96 sqrt(15) = 22.41 and 37.59, so 22 and 39, the values 22 and
 * 39 themselves; the median is 30.5, and the half-width max(8.5, 8.5) is 27.868...% of it. */
static void test_interval_exact(void **state)
{
    (void)state;
    struct sketch *s = new_sketch();
    for (int i = 0; i < 60; i++)
        sketch_add(s, (double)(1 + (i * 37) % 60));
    double lo, hi;
    mc_quantile_interval(s, 0.5, &lo, &hi);
    assert_true(lo == 22 && hi == 39);
    assert_near(mc_median_half_width_pct(s, 0), 100 * 8.5 / 30.5, 1e-12);
    /* Five values cannot bound a median at 95%: an open side, so an infinite half-width. */
    sketch_init(s);
    for (int i = 1; i <= 5; i++)
        sketch_add(s, i);
    mc_quantile_interval(s, 0.5, &lo, &hi);
    assert_true(isnan(lo) && isnan(hi));
    assert_true(isinf(mc_median_half_width_pct(s, 0)));
    /* A median of 0, and no values at all: nothing to compare a width with. */
    sketch_init(s);
    assert_true(isnan(mc_median_half_width_pct(s, 0)));
    for (int i = -10; i <= 10; i++)
        sketch_add(s, i);
    assert_true(isnan(mc_median_half_width_pct(s, 0)));
    free(s);
}

/* P(j <= B <= k - 1) for B binomial (n, q): the exact coverage of [x_(j), x_(k)] for a
 * continuous distribution (x_(j) <= quantile exactly when at least j values are, and
 * x_(k) > quantile when at most k - 1 are). */
static double binomial_coverage(uint64_t n, double q, uint64_t j, uint64_t k)
{
    double sum = 0;
    for (uint64_t i = j; i < k && i <= n; i++)
        sum += exp(lgamma((double)n + 1) - lgamma((double)i + 1) - lgamma((double)(n - i) + 1) +
                   (double)i * log(q) + (double)(n - i) * log1p(-q));
    return sum;
}

/* Samples of n values from the uniform distribution on [1, 2), whose q-quantile is 1 + q:
 * the share of samples whose interval holds it is binomial around the exact coverage, and
 * must be within 4 standard deviations of it, above as below (too wide an interval fails as
 * surely as too narrow a one). n = 50 reads exact order statistics; n = 100 the sketch's. */
static void check_coverage(gsl_rng *rng, uint64_t n, double q)
{
    enum { SAMPLES = 2000 };
    struct sketch *s = new_sketch();
    int covered = 0;
    for (int t = 0; t < SAMPLES; t++) {
        sketch_init(s);
        for (uint64_t i = 0; i < n; i++)
            sketch_add(s, 1 + gsl_rng_uniform(rng));
        double lo, hi;
        mc_quantile_interval(s, q, &lo, &hi);
        covered += lo <= 1 + q && 1 + q <= hi;
    }
    uint64_t j, k;
    mc_ranks(n, q, &j, &k);
    double p = binomial_coverage(n, q, j, k);
    double sd = sqrt(SAMPLES * p * (1 - p));
    print_message("n %d, q %g: %d of %d intervals hold the quantile, exactly %.4f expected\n",
                  (int)n, q, covered, SAMPLES, p);
    assert_true(p > 0.95 && p < 0.99);
    assert_true(fabs(covered - SAMPLES * p) <= 4 * sd);
    free(s);
}

static void test_interval_coverage(void **state)
{
    (void)state;
    gsl_rng *rng = rng_alloc();
    rng_seed(rng, SEED, 3, 0);
    check_coverage(rng, 50, 0.5);
    check_coverage(rng, 100, 0.5);
    check_coverage(rng, 100, 0.1);
    check_coverage(rng, 100, 0.9);
    gsl_rng_free(rng);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_sd_by_hand),
        cmocka_unit_test(test_sd_narrow_spread),
        cmocka_unit_test(test_squares_resolution),
        cmocka_unit_test(test_squares_order_free),
        cmocka_unit_test(test_squares_bits_as_the_oracle),
        cmocka_unit_test(test_share_se_by_hand),
        cmocka_unit_test(test_ranks_by_hand),
        cmocka_unit_test(test_interval_exact),
        cmocka_unit_test(test_interval_coverage),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
