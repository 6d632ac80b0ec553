/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * test_sketch.c - the sketch of the headline results (src/engine/sketch.c) against the exact
 * type-7 quantiles of the sorted values: hand-computed cases; property tests over random
 * mixtures of atoms and continuous parts, positive and negative, which check every reported
 * quantile within the documented bound, exactly equal where sketch.h says it is exact (0, the
 * extremes, the values either side of 0, few distinct values), never of the opposite sign,
 * the same however the values were split and merged, and never decreasing as q rises; the
 * error bound it states for each order statistic; the window that folds magnitudes far below
 * the largest; the order of estimates across buckets whose bounds differ; magnitudes down to
 * 10^-300 and subnormal ones; values it refuses; and a run whose paired differences are
 * mostly 0.
 */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "engine/replication.h"
#include "engine/sketch.h"
#include "helpers.h"
#include "model/rng.h"
#include "util/sort.h"

#define SEED 20261202u

/* The relative error of one order statistic away from the window's fold. */
#define ALPHA (1.0 / (2 * SKETCH_SUB + 1))

static double type7(const double *x, size_t n, double q)
{
    double h = (double)(n - 1) * q;
    size_t i = (size_t)floor(h);
    if (i + 1 >= n)
        return x[n - 1];
    return x[i] + (h - (double)i) * (x[i + 1] - x[i]);
}

static struct sketch *new_sketch(void)
{
    struct sketch *s = malloc(sizeof *s);
    assert_non_null(s);
    sketch_init(s);
    return s;
}

/* {3, 1, 4, 1, 5, 9, 2, 6}: type 7 by hand (as R's quantile() gives): q 0 -> 1, 0.1 -> 1,
 * 0.25 -> 1.75, 0.5 -> 3.5, 0.9 -> 6.9, 1 -> 9; mean 3.875. */
static void test_sketch_exact_by_hand(void **state)
{
    (void)state;
    struct sketch *s = new_sketch();
    const double v[] = {3, 1, 4, 1, 5, 9, 2, 6};
    for (size_t i = 0; i < 8; i++)
        sketch_add(s, v[i]);
    assert_near(sketch_quantile(s, 0), 1, 0);
    assert_near(sketch_quantile(s, 0.1), 1, 1e-12);
    assert_near(sketch_quantile(s, 0.25), 1.75, 1e-12);
    assert_near(sketch_quantile(s, 0.5), 3.5, 1e-12);
    assert_near(sketch_quantile(s, 0.9), 6.9, 1e-12);
    assert_near(sketch_quantile(s, 1), 9, 0);
    assert_near(sketch_mean(s), 3.875, 1e-12);
    sketch_init(s);
    assert_true(isnan(sketch_quantile(s, 0.5)) && isnan(sketch_mean(s)));
    free(s);
}

/* Buckets: 1 is the lowest edge of bucket 0; 1.5 of bucket 64 (K = 128: j = 0.5 x 128);
 * 0.75 = 1.5 x 2^-1 of bucket 64 - 128 = -64; every value lies in its bucket, and each bucket
 * is at most 1/128 wide relative to its lower edge. */
static void test_sketch_buckets_by_hand(void **state)
{
    (void)state;
    assert_int_equal(sketch_bucket_of(1), 0);
    assert_int_equal(sketch_bucket_of(1.5), 64);
    assert_int_equal(sketch_bucket_of(0.75), -64);
    assert_int_equal(sketch_bucket_of(2), 128);
    assert_near(sketch_bucket_low(-64), 0.75, 0);
    assert_near(sketch_bucket_low(64), 1.5, 0);
    gsl_rng *rng = rng_alloc();
    rng_seed(rng, SEED, 1, 0);
    for (int i = 0; i < 100000; i++) {
        double m = exp(rng_uniform(rng) * 80 - 40);
        int32_t b = sketch_bucket_of(m);
        double lo = sketch_bucket_low(b), hi = sketch_bucket_low(b + 1);
        assert_true(lo <= m && m < hi);
        assert_true((hi - lo) / lo <= 1.0 / SKETCH_SUB * (1 + 1e-15));
    }
    gsl_rng_free(rng);
}

/* ---- property tests ---------------------------------------------------------------------- */

/* A random mixture: 'n' values, a share of them atoms (0, and up to four other values of
 * either sign, some at the extremes, some inside the range), the rest drawn from one or two
 * continuous parts (uniform, normal or log-uniform over several decades), of either sign. */
static void mixture(gsl_rng *rng, double *x, size_t n)
{
    double atoms[5] = {0};
    int n_atoms = 1 + (int)(rng_uniform(rng) * 5);
    for (int a = 1; a < n_atoms; a++) {
        double mag = exp(rng_uniform(rng) * 20 - 5);
        atoms[a] = rng_uniform(rng) < 0.4 ? -round(mag) : round(mag * 100) / 100;
    }
    double atom_share = rng_uniform(rng) * 0.9;
    bool negative = rng_uniform(rng) < 0.5, wide = rng_uniform(rng) < 0.5;
    double scale = exp(rng_uniform(rng) * 20 - 5);
    for (size_t i = 0; i < n; i++) {
        if (rng_uniform(rng) < atom_share) {
            x[i] = atoms[(int)(rng_uniform(rng) * n_atoms)];
            continue;
        }
        double u = rng_uniform(rng), v;
        if (wide)
            v = scale * exp(u * 12 - 6); /* twelve e-folds: past the window for the smallest */
        else
            v = scale * (1 + 0.3 * (u - 0.5));
        x[i] = negative && rng_uniform(rng) < 0.5 ? -v : v;
    }
}

/* The largest magnitude of the values of x[0 .. n-1] with the sign of 'v'. */
static double largest_of_sign(const double *x, size_t n, double v)
{
    double m = 0;
    for (size_t i = 0; i < n; i++)
        if ((x[i] < 0) == (v < 0) && x[i] != 0)
            m = fmax(m, fabs(x[i]));
    return m;
}

/* The bound on one order statistic v (sketch.h): relative ALPHA, or the window's fold, or for
 * a subnormal magnitude 1/128 of it and 2^-1074 more. */
static double bound_of(double v, const double *sorted, size_t n)
{
    if (v == 0)
        return 0;
    /* The window's lowest bucket ends at most 16 octaves and 2 buckets below the largest
     * magnitude's: 2^-16 (1 + 2/128) < 1/64,000 of it. */
    double fold = largest_of_sign(sorted, n, v) / 64000;
    double subnormal = fabs(v) < 0x1p-1022 ? fabs(v) / 128 + 0x1p-1074 : 0;
    return fmax(fmax(fabs(v) * ALPHA, fold) * (1 + 1e-12), subnormal);
}

/* Whether sketch.h promises the order statistic v exactly. */
static bool exact_order_statistic(double v, const double *sorted, size_t n)
{
    double neg_max = -HUGE_VAL, pos_min = HUGE_VAL;
    for (size_t i = 0; i < n; i++) {
        if (sorted[i] < 0)
            neg_max = sorted[i];
        else if (sorted[i] > 0 && pos_min == HUGE_VAL)
            pos_min = sorted[i];
    }
    return v == 0 || v == sorted[0] || v == sorted[n - 1] || v == neg_max || v == pos_min;
}

static size_t distinct_nonzero(const double *sorted, size_t n)
{
    size_t d = 0;
    for (size_t i = 0; i < n; i++)
        d += sorted[i] != 0 && (i == 0 || sorted[i] != sorted[i - 1]);
    return d;
}

static int sizes_ascending(const void *pa, const void *pb)
{
    size_t a = *(const size_t *)pa, b = *(const size_t *)pb;
    return (a > b) - (a < b);
}

/* The sketch of x[0 .. n-1] split at random into 'parts' pieces, merged in a random order. */
static void split_and_merge(gsl_rng *rng, const double *x, size_t n, int parts, struct sketch *out,
                            struct sketch *scratch)
{
    size_t cut[9] = {0};
    cut[parts] = n;
    for (int p = 1; p < parts; p++)
        cut[p] = (size_t)(rng_uniform(rng) * (double)n);
    qsort(cut + 1, (size_t)parts - 1, sizeof cut[0], sizes_ascending);
    sketch_init(out);
    int order[8];
    for (int p = 0; p < parts; p++)
        order[p] = p;
    for (int p = parts - 1; p > 0; p--) {
        int j = (int)(rng_uniform(rng) * (p + 1));
        int t = order[p];
        order[p] = order[j];
        order[j] = t;
    }
    for (int k = 0; k < parts; k++) {
        sketch_init(scratch);
        for (size_t i = cut[order[k]]; i < cut[order[k] + 1]; i++)
            sketch_add(scratch, x[i]);
        sketch_merge(out, scratch);
    }
}

static void test_sketch_random_mixtures(void **state)
{
    (void)state;
    enum { TRIALS = 300, MAX_N = 40000 };
    static double x[MAX_N], sorted[MAX_N];
    const size_t sizes[] = {65, 100, 997, 5000, MAX_N};
    gsl_rng *rng = rng_alloc();
    rng_seed(rng, SEED, 2, 0);
    struct sketch *s = new_sketch(), *merged = new_sketch(), *scratch = new_sketch();
    long checked = 0, exact_checked = 0, on_atoms = 0;
    for (int t = 0; t < TRIALS; t++) {
        size_t n = sizes[t % 5];
        mixture(rng, x, n);
        sketch_init(s);
        for (size_t i = 0; i < n; i++)
            sketch_add(s, x[i]);
        split_and_merge(rng, x, n, 2 + t % 7, merged, scratch);
        memcpy(sorted, x, n * sizeof x[0]);
        qsort(sorted, n, sizeof x[0], sort_doubles_ascending);
        bool all_exact = distinct_nonzero(sorted, n) <= SKETCH_ATOMS;
        for (int k = 0; k <= 200; k++) {
            double q = k / 200.0, want = type7(sorted, n, q), got = sketch_quantile(s, q);
            /* Never below the quantile before. */
            if (k > 0 && got < sketch_quantile(s, (k - 1) / 200.0)) {
                print_error("trial %d, n %zu, q %g: %.17g below the quantile before\n", t, n, q,
                            got);
                fail();
            }
            /* Merged in any order: the same number, bit for bit. */
            double again = sketch_quantile(merged, q);
            assert_memory_equal(&got, &again, sizeof got);
            double h = (double)(n - 1) * q;
            size_t i = (size_t)floor(h), j = i + 1 < n ? i + 1 : i;
            double f = h - (double)i, a = sorted[i], b = sorted[j];
            /* Never of the opposite sign. */
            if (!((got > 0) == (want > 0) && (got < 0) == (want < 0))) {
                print_error("trial %d, n %zu, q %g: %.17g for %.17g\n", t, n, q, got, want);
                fail();
            }
            /* Exact where promised. */
            bool exact = all_exact || (exact_order_statistic(a, sorted, n) &&
                                       exact_order_statistic(b, sorted, n));
            if (exact) {
                if (got != want) {
                    print_error("trial %d, n %zu, q %g: %.17g, exactly %.17g\n", t, n, q, got,
                                want);
                    fail();
                }
                exact_checked++;
                on_atoms += a == b;
            }
            double bound = (1 - f) * bound_of(a, sorted, n) + f * bound_of(b, sorted, n);
            if (!(fabs(got - want) <= bound + 1e-300)) {
                print_error("trial %d, n %zu, q %g: %.17g for %.17g, bound %g\n", t, n, q, got,
                            want, bound);
                fail();
            }
            checked++;
        }
        assert_near(sketch_mean(s), sketch_mean(merged), 0);
    }
    print_message("%ld quantiles checked, %ld exact as promised, %ld of them on an atom\n", checked,
                  exact_checked, on_atoms);
    assert_true(exact_checked > checked / 10 && on_atoms > 0);
    free(s);
    free(merged);
    free(scratch);
    gsl_rng_free(rng);
}

/* sketch_order_statistic_error() bounds what it says: over random mixtures (atoms, both
 * signs, magnitudes past the window's fold), every order statistic read at 101 ranks is
 * within its stated error of the exact one, and exactly it where the error is 0; both cases
 * occur. */
static void test_sketch_order_statistic_error(void **state)
{
    (void)state;
    enum { TRIALS = 200, MAX_N = 5000 };
    static double x[MAX_N];
    const size_t sizes[] = {65, 300, 2000, MAX_N};
    gsl_rng *rng = rng_alloc();
    rng_seed(rng, SEED, 4, 0);
    struct sketch *s = new_sketch();
    long exact = 0, bounded = 0;
    for (int t = 0; t < TRIALS; t++) {
        size_t n = sizes[t % 4];
        mixture(rng, x, n);
        sketch_init(s);
        for (size_t i = 0; i < n; i++)
            sketch_add(s, x[i]);
        qsort(x, n, sizeof x[0], sort_doubles_ascending);
        for (int r = 0; r <= 100; r++) {
            uint64_t k = (uint64_t)((n - 1) * (size_t)r / 100);
            double got = sketch_order_statistic(s, k), err = sketch_order_statistic_error(s, k);
            if (err == 0 ? got != x[k] : !(fabs(got - x[k]) <= err)) {
                print_error("trial %d, n %zu, k %llu: %.17g for %.17g, error %g\n", t, n,
                            (unsigned long long)k, got, x[k], err);
                fail();
            }
            exact += err == 0;
            bounded += err > 0;
        }
    }
    assert_true(isnan(sketch_order_statistic_error(s, s->band.count)));
    print_message("%ld order statistics exact, %ld within their bound\n", exact, bounded);
    /* 1.01 .. 1.5 below 10^9 .. 2 x 10^9: the small ones share the window's lowest bucket, and
     * only the bound of the fold, 1/64,000 of 2 x 10^9, holds them. */
    sketch_init(s);
    for (int i = 1; i <= 50; i++)
        sketch_add(s, 1 + i / 100.0);
    for (int i = 0; i < 100; i++)
        sketch_add(s, 1e9 * (1 + i / 99.0));
    for (uint64_t k = 1; k < 49; k++) {
        double got = sketch_order_statistic(s, k), err = sketch_order_statistic_error(s, k);
        assert_true(fabs(got - (1 + (double)(k + 1) / 100)) <= err && err >= 2e9 / 64000);
    }
    assert_true(exact > 1000 && bounded > 1000);
    free(s);
    gsl_rng_free(rng);
}

/* Magnitudes far below the largest of their sign fold into the window's lowest bucket: 1 and
 * 10^9 (30 octaves apart, the window holds 16): the small one is then reported within
 * 1/64,000 of 10^9 (15,625), not within 0.39% of itself, as sketch.h says. */
static void test_sketch_window_fold(void **state)
{
    (void)state;
    struct sketch *s = new_sketch();
    for (int i = 0; i < 1000; i++)
        sketch_add(s, i % 2 ? 1e9 : 1 + i * 1e-6);
    double low = sketch_quantile(s, 0.25);
    assert_true(low > 0 && low < 1e9 / 64000);
    assert_near(sketch_quantile(s, 0.75), 1e9, 0); /* the maximum: exact */
    assert_int_equal(s->pos.n, 1000);
    assert_int_equal(s->pos.counts[SKETCH_WINDOW - 1], 500);
    assert_int_equal(s->pos.counts[0], 500);
    free(s);
}

/* Estimates never decrease with rank, across buckets whose bounds differ: 1.995 is in the last
 * bucket of its octave, [2 - 1/128, 2) (alpha 1/511), the next value 2 in the first of the next,
 * [2, 2 + 1/64) (alpha 1/257). The negatives down to -10^6 make the band's bins 2,048 wide, so
 * one bin holds every positive value and places the rank of 2 near its bottom; before each
 * estimate was kept in its bucket, 1.995 was read as its bucket's representative, 1.99609, and
 * 2 as 2.003 (1 - 1/257) = 1.99521, below it, within both bounds: a quantile between them fell
 * as q rose. */
static void test_sketch_order_across_buckets(void **state)
{
    (void)state;
    struct sketch *s = new_sketch();
    for (int i = 0; i < 40; i++)
        sketch_add(s, -1e6 + i * 1000);
    sketch_add(s, 1);
    sketch_add(s, 1.995);
    for (int i = 0; i < 10000; i++)
        sketch_add(s, 2 + 0.003 * i / 10000);
    sketch_add(s, 2.003);
    uint64_t n = s->band.count;
    for (uint64_t k = 0; k + 1 < n; k++)
        assert_true(sketch_order_statistic(s, k) <= sketch_order_statistic(s, k + 1));
    /* the two of the case above, each within its bound */
    assert_true(fabs(sketch_order_statistic(s, 41) - 1.995) <= 1.995 * ALPHA);
    assert_true(fabs(sketch_order_statistic(s, 42) - 2) <= 2 * ALPHA);
    double h = (double)(n - 1);
    assert_true(sketch_quantile(s, 41.9 / h) <= sketch_quantile(s, 42 / h));
    free(s);
}

/* ---- magnitudes far below 1 --------------------------------------------------------------- */

/* A standard normal draw (Box and Muller). */
static double normal(gsl_rng *rng)
{
    double u = rng_uniform(rng), v = rng_uniform(rng);
    return sqrt(-2 * log(1 - u)) * cos(6.283185307179586 * v);
}

/* Checks the sketch of x[0 .. n-1] (n > BAND_EXACT), added one by one and split and merged:
 * the 201 quantiles q = 0, 0.005, .. 1 never decrease, are the same bits either way, never of
 * the opposite sign and within the bound of bound_of(); every order statistic within its
 * stated error (sketch_order_statistic_error()); the mean the same bits either way, within
 * [min, max] and next to the true one. */
static void check_sketch_of(gsl_rng *rng, const double *x, size_t n, const char *what)
{
    static double sorted[5000];
    assert_true(n <= 5000);
    struct sketch *s = new_sketch(), *merged = new_sketch(), *scratch = new_sketch();
    for (size_t i = 0; i < n; i++)
        sketch_add(s, x[i]);
    split_and_merge(rng, x, n, 5, merged, scratch);
    memcpy(sorted, x, n * sizeof x[0]);
    qsort(sorted, n, sizeof x[0], sort_doubles_ascending);
    double before = -HUGE_VAL;
    for (int k = 0; k <= 200; k++) {
        double q = k / 200.0, want = type7(sorted, n, q), got = sketch_quantile(s, q);
        double again = sketch_quantile(merged, q);
        assert_memory_equal(&got, &again, sizeof got);
        double h = (double)(n - 1) * q;
        size_t i = (size_t)floor(h), j = i + 1 < n ? i + 1 : i;
        double f = h - (double)i;
        double bound =
            (1 - f) * bound_of(sorted[i], sorted, n) + f * bound_of(sorted[j], sorted, n);
        if (!(got >= before) || (got > 0) != (want > 0) || (got < 0) != (want < 0) ||
            !(fabs(got - want) <= bound)) {
            print_error("%s, q %g: %.17g for %.17g (bound %g, the quantile before %.17g)\n", what,
                        q, got, want, bound, before);
            fail();
        }
        before = got;
    }
    for (uint64_t k = 0; k < n; k++) {
        double got = sketch_order_statistic(s, k), err = sketch_order_statistic_error(s, k);
        if (err == 0 ? got != sorted[k] : !(fabs(got - sorted[k]) <= err)) {
            print_error("%s, k %llu: %.17g for %.17g, error %g\n", what, (unsigned long long)k, got,
                        sorted[k], err);
            fail();
        }
    }
    /* The mean: the same bits merged, within [min, max], and within 10^-15 of the mean in
     * long double (whose own rounding is 2^-64 of each partial sum), or 2^-1074 where the
     * values are subnormal. */
    double mean = sketch_mean(s), again = sketch_mean(merged);
    assert_memory_equal(&mean, &again, sizeof mean);
    long double sum = 0;
    for (size_t i = 0; i < n; i++)
        sum += sorted[i];
    double want = (double)(sum / (long double)n);
    if (!(mean >= sorted[0] && mean <= sorted[n - 1]) ||
        !(fabs(mean - want) <= fabs(want) * 1e-15 + 0x1p-1074 ||
          fabs(mean - want) <= fabs(sorted[n - 1] - sorted[0]) * 1e-15)) {
        print_error("%s: mean %.17g for %.17g, in [%.17g, %.17g]\n", what, mean, want, sorted[0],
                    sorted[n - 1]);
        fail();
    }
    free(s);
    free(merged);
    free(scratch);
}

/* Values far below 1, down to a millionth of the smallest normal double: lognormal ones of
 * median 10^-300 .. 1 and sigma 1 (the red team's milestone of lognormal(10^-300, 1) delay
 * reported p10 > p50 and a median 24 times too small: the bucket's representative was computed
 * as 2 lo hi / (lo + hi), and lo hi underflows below about 10^-154), also with zeros and
 * negatives among them; and 2,000 values of k 2^-1074, subnormal, for k log-uniform up to
 * 2^52, with zeros, negatives and normal magnitudes next to them. */
static void test_sketch_tiny_magnitudes(void **state)
{
    (void)state;
    enum { N = 2000 };
    static double x[N];
    gsl_rng *rng = rng_alloc();
    rng_seed(rng, SEED, 5, 0);
    const double medians[] = {1e-300, 1e-250, 1e-200, 1e-160, 1e-154,
                              1e-100, 1e-30,  1e-12,  1e-6,   1};
    for (size_t m = 0; m < sizeof medians / sizeof medians[0]; m++) {
        char what[80];
        for (int mix = 0; mix < 3; mix++) {
            for (size_t i = 0; i < N; i++) {
                x[i] = medians[m] * exp(normal(rng));
                if (mix >= 1 && i % 3 == 0)
                    x[i] = 0; /* a third of zeros */
                if (mix == 2 && i % 3 == 1)
                    x[i] = -x[i]; /* and a third of negatives */
            }
            snprintf(what, sizeof what, "lognormal(%g, 1), mix %d", medians[m], mix);
            check_sketch_of(rng, x, N, what);
        }
    }
    /* The red team's case itself: the median of 2,000 draws, within 0.39% of its value. */
    struct sketch *s = new_sketch();
    for (size_t i = 0; i < N; i++) {
        x[i] = 1e-300 * exp(normal(rng));
        sketch_add(s, x[i]);
    }
    qsort(x, N, sizeof x[0], sort_doubles_ascending);
    double p10 = sketch_quantile(s, 0.1), p50 = sketch_quantile(s, 0.5);
    double p90 = sketch_quantile(s, 0.9), want = type7(x, N, 0.5);
    assert_true(p10 <= p50 && p50 <= p90 && fabs(p50 - want) <= want * ALPHA * (1 + 1e-12));
    free(s);
    /* Subnormals. */
    for (int mix = 0; mix < 4; mix++) {
        for (size_t i = 0; i < N; i++) {
            x[i] = ldexp(floor(exp(rng_uniform(rng) * 36)), -1074); /* k up to e^36 < 2^52 */
            if (mix >= 1 && i % 4 == 0)
                x[i] = 0;
            if (mix >= 2 && i % 4 == 1)
                x[i] = -x[i];
            if (mix == 3 && i % 4 == 2)
                x[i] = ldexp(1 + rng_uniform(rng), -1022 + (int)(rng_uniform(rng) * 10));
        }
        char what[40];
        snprintf(what, sizeof what, "subnormals, mix %d", mix);
        check_sketch_of(rng, x, N, what);
    }
    gsl_rng_free(rng);
}

/* The mean is the exact sum, rounded once, over the count: at any magnitude, however the
 * values cancel, and never outside [min, max]. Before, each value was truncated to a multiple
 * of 2^-32 before it was summed: values of 10^-12 had a mean of 0, below each of them, and
 * 1,000 values of 0.1 one of 0.09999999986, below the least. */
static void test_sketch_mean_exact(void **state)
{
    (void)state;
    struct sketch *s = new_sketch();
    for (int i = 0; i < 1000; i++)
        sketch_add(s, 0.1);
    assert_true(sketch_mean(s) == 0.1);
    for (int i = 0; i < 1000; i++)
        sketch_add(s, 0.1 + i * 0x1p-56); /* 0.1 and the 999 doubles above it, apart */
    assert_true(sketch_mean(s) >= 0.1 && sketch_mean(s) <= s->band.max);
    /* tiny values, with zeros among them: 1,000 of 10^-12 and 1,000 of 0 */
    sketch_init(s);
    for (int i = 0; i < 2000; i++)
        sketch_add(s, i % 2 ? 1e-12 : 0);
    assert_near(sketch_mean(s), 5e-13, 5e-13 * 1e-15);
    /* 10^-300 next to 10^18 and -10^18, which cancel exactly: the mean is 10^-300 / 3 */
    sketch_init(s);
    sketch_add(s, 1e18);
    sketch_add(s, 1e-300);
    sketch_add(s, -1e18);
    assert_near(sketch_mean(s), 1e-300 / 3, 1e-300 * 1e-15);
    /* subnormals: 3, 5 and 7 units of 2^-1074 have the mean 5 units, exactly */
    sketch_init(s);
    for (int i = 0; i < 99; i++)
        sketch_add(s, ldexp(3 + 2 * (i % 3), -1074));
    assert_true(sketch_mean(s) == ldexp(5, -1074));
    free(s);
    /* The exact sum rounds once, to nearest, ties to even, as the limbs below would decide:
     * 2^53 + 1 is a tie (to 2^53), 2^53 + 3 one too (to 2^53 + 4), and 2^53 + 1 + 2^-1074 is
     * above the tie (to 2^53 + 2). Each sum has its terms across the limbs, and negatives. */
    struct sums sum;
    sums_init(&sum);
    sums_add(&sum, 0x1p53);
    sums_add(&sum, 1);
    assert_true(sums_value(&sum) == 0x1p53);
    sums_add(&sum, 2);
    assert_true(sums_value(&sum) == 0x1p53 + 4);
    sums_init(&sum);
    sums_add(&sum, 0x1p53);
    sums_add(&sum, 1);
    sums_add(&sum, 0x1p-1074);
    assert_true(sums_value(&sum) == 0x1p53 + 2);
    sums_add(&sum, -0x1p53);
    sums_add(&sum, -1);
    assert_true(sums_value(&sum) == 0x1p-1074);
    sums_add(&sum, -2 * 0x1p-1074);
    assert_true(sums_value(&sum) == -0x1p-1074);
    assert_true(sums_value_long(&sum) == -0x1p-1074L);
}

/* Infinities, NaNs and magnitudes past 10^18 are counted and nothing else; -0 is 0. */
static void test_sketch_unusable_values(void **state)
{
    (void)state;
    struct sketch *s = new_sketch();
    const double bad[] = {(double)NAN, HUGE_VAL, -HUGE_VAL, 1.0000001e18, -2e18};
    for (int i = 0; i < 200; i++) {
        sketch_add(s, bad[i % 5]);
        sketch_add(s, i % 3 ? -0.0 : (double)i);
    }
    assert_int_equal(s->band.unusable, 200);
    assert_int_equal(s->band.count, 200);
    assert_int_equal(s->zeros, 134); /* the 133 -0s, and i = 0 */
    assert_near(sketch_quantile(s, 0.5), 0, 0);
    assert_false(signbit(sketch_quantile(s, 0.5)));
    free(s);
}

/* ---- a run whose paired differences are mostly 0 ----------------------------------------- */

/*
 * Two options that differ in one contingent, in option b only, that joins with probability
 * 0.3 and whose size is uncertain (400 to 600): the difference b - a in deployed strength is
 * exactly 0 in about 70% of the replications and between 400 and 600 in the others. Its p10,
 * p50 and p60 are exactly 0, as the replications' own differences give them, and its p90
 * within the relative bound (the sizes are all distinct: the atoms' table does not help).
 */
static void test_sketch_differences_of_a_run(void **state)
{
    (void)state;
    const char *options =
        "options:\n"
        "  - id: a\n"
        "    name: Option A\n"
        "    sources:\n"
        "      - {id: s, kind: pool, size: 100, vetting_pass: 0.9}\n"
        "  - id: b\n"
        "    name: Option B\n"
        "    sources:\n"
        "      - {id: s, kind: pool, size: 100, vetting_pass: 0.9}\n"
        "      - {id: c, kind: contingent, country: XX, probability: 0.3,\n"
        "         size: {dist: uniform, min: 400, max: 600}, lead_time_days: 5}\n";
    da_diags *diags;
    da_scenario *scn;
    assert_int_equal(load_string(with_section(minimal_scenario, "options", options), &diags, &scn),
                     DA_OK);
    da_diags_free(diags);
    struct plan plan;
    assert_int_equal(plan_init(&plan, scn), DA_OK);
    struct worker wk;
    assert_int_equal(worker_init(&wk, &plan), DA_OK);
    enum { N = 3000 };
    static double diff[N];
    for (uint64_t r = 0; r < N; r++) {
        replication_run(&wk, SEED, r, false);
        diff[r] = wk.metrics[N_METRICS + M_DEPLOYED_END] - wk.metrics[M_DEPLOYED_END];
    }
    replication_flush(&wk);
    const struct sketch *s = &wk.acc.diff[M_DEPLOYED_END];
    assert_int_equal(s->band.count, N);
    qsort(diff, N, sizeof diff[0], sort_doubles_ascending);
    const double qs[] = {0.1, 0.5, 0.6, 0.9};
    for (size_t i = 0; i < 4; i++) {
        double want = type7(diff, N, qs[i]), got = sketch_quantile(s, qs[i]);
        if (want == 0)
            assert_true(got == 0);
        else
            assert_true(fabs(got - want) <= fabs(want) * ALPHA * 1.000001);
    }
    assert_true(type7(diff, N, 0.5) == 0 && type7(diff, N, 0.9) > 0);
    worker_release(&wk);
    plan_release(&plan);
    da_scenario_free(scn);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_sketch_exact_by_hand),
        cmocka_unit_test(test_sketch_buckets_by_hand),
        cmocka_unit_test(test_sketch_random_mixtures),
        cmocka_unit_test(test_sketch_order_statistic_error),
        cmocka_unit_test(test_sketch_window_fold),
        cmocka_unit_test(test_sketch_order_across_buckets),
        cmocka_unit_test(test_sketch_tiny_magnitudes),
        cmocka_unit_test(test_sketch_mean_exact),
        cmocka_unit_test(test_sketch_unusable_values),
        cmocka_unit_test(test_sketch_differences_of_a_run),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
