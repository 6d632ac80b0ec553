/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * sketch.c - the quantile sketch of the headline results (see sketch.h).
 *
 * Bucket indices come from frexp(): for m = f 2^e (f in [0.5, 1)), 2f - 1 is exact, and so is
 * its product with the power of two SKETCH_SUB, so the index of a value, and a bucket's edges
 * (ldexp), are exact on every machine; no logarithm is taken.
 */
#include "sketch.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "../util/sort.h"

void sketch_init(struct sketch *s)
{
    memset(s, 0, sizeof *s);
    sketch_init_zeroed(s);
}

void sketch_init_zeroed(struct sketch *s)
{
    band_init_zeroed(&s->band);
    squares_init(&s->squares); /* its own start, whatever its bytes are: 32 of them */
    s->neg_max = -HUGE_VAL;
    s->pos_min = HUGE_VAL;
}

/* ---- buckets --------------------------------------------------------------------------- */

int32_t sketch_bucket_of(double m)
{
    int e;
    double f = frexp(m, &e); /* m = (2f) 2^(e-1), 2f in [1, 2) */
    int j = (int)((2 * f - 1) * SKETCH_SUB);
    return (int32_t)(e - 1) * SKETCH_SUB + j;
}

/* The octave of bucket 'index': floor division, so that negative indices (magnitudes below 1)
 * fall in theirs. */
static int32_t octave_of(int32_t index)
{
    return index >= 0 ? index / SKETCH_SUB : -((-index + SKETCH_SUB - 1) / SKETCH_SUB);
}

double sketch_bucket_low(int32_t index)
{
    int32_t octave = octave_of(index);
    int32_t j = index - octave * SKETCH_SUB;
    return ldexp(1 + (double)j / SKETCH_SUB, octave);
}

/* The value that stands for a bucket's magnitudes: the one with the least relative error to
 * both edges, 2 lo hi / (lo + hi), within (hi - lo) / (hi + lo) <= 1 / (2 SKETCH_SUB + 1).
 * Computed on the edges' mantissas and then scaled: lo hi itself underflows below magnitudes of
 * about 10^-154 (to 0 below 10^-162), where it gave a representative far below the bucket. The
 * product and sum of the mantissas are exact, so for a normal result this is the one rounding
 * of 2 lo hi / (lo + hi), as before; a subnormal one is rounded once more, by ldexp(), and
 * still lies between the bucket's rounded edges. */
static double representative(int32_t index)
{
    int32_t octave = octave_of(index);
    double a = 1 + (double)(index - octave * SKETCH_SUB) / SKETCH_SUB;
    double b = a + 1.0 / SKETCH_SUB;
    return ldexp(2 * a * b / (a + b), octave);
}

static int32_t bottom_of(const struct sketch_store *st)
{
    return st->top - (SKETCH_WINDOW - 1);
}

/* Moves the window of 'st' up to 'top': the buckets that fall below it join its lowest. */
static void raise_top(struct sketch_store *st, int32_t top)
{
    int64_t shift = (int64_t)top - st->top;
    if (shift <= 0)
        return;
    uint64_t low = 0;
    for (int64_t i = 0; i <= shift && i < SKETCH_WINDOW; i++)
        low += st->counts[i];
    if (shift >= SKETCH_WINDOW) {
        memset(st->counts, 0, sizeof st->counts);
    } else {
        memmove(st->counts, st->counts + shift,
                sizeof st->counts[0] * (size_t)(SKETCH_WINDOW - shift));
        memset(st->counts + (SKETCH_WINDOW - shift), 0, sizeof st->counts[0] * (size_t)shift);
    }
    st->counts[0] = (uint32_t)low;
    st->top = top;
}

/* Adds 'n' magnitudes of bucket 'index' to 'st'. */
static void store_add(struct sketch_store *st, int32_t index, uint64_t n)
{
    if (st->n == 0) {
        memset(st->counts, 0, sizeof st->counts);
        st->top = index;
    } else if (index > st->top) {
        raise_top(st, index);
    }
    int64_t at = (int64_t)index - bottom_of(st);
    st->counts[at < 0 ? 0 : at] += (uint32_t)n;
    st->n += n;
}

static void store_merge(struct sketch_store *into, const struct sketch_store *from)
{
    if (from->n == 0)
        return;
    if (into->n == 0) {
        *into = *from;
        return;
    }
    raise_top(into, from->top);
    int32_t base = bottom_of(from), bottom = bottom_of(into);
    for (int i = 0; i < SKETCH_WINDOW; i++) {
        if (!from->counts[i])
            continue;
        int64_t at = (int64_t)base + i - bottom;
        into->counts[at < 0 ? 0 : at] += from->counts[i];
    }
    into->n += from->n;
}

/* ---- adding ---------------------------------------------------------------------------- */

/* Keeps the lowest value of a set and how many times it was seen, for 'n' more of 'x'. */
static void keep_lowest(double *low, uint64_t *at, double x, uint64_t n)
{
    if (x < *low) {
        *low = x;
        *at = 0;
    }
    if (x == *low)
        *at += n;
}

static void keep_highest(double *high, uint64_t *at, double x, uint64_t n)
{
    if (x > *high) {
        *high = x;
        *at = 0;
    }
    if (x == *high)
        *at += n;
}

/* Counts 'n' of the nonzero 'x' in the atoms' table while it is kept. */
static void atoms_add(struct sketch *s, double x, uint64_t n)
{
    if (s->n_atoms > SKETCH_ATOMS)
        return;
    for (unsigned i = 0; i < s->n_atoms; i++) {
        if (s->atoms[i].value == x) {
            s->atoms[i].count += n;
            return;
        }
    }
    if (s->n_atoms == SKETCH_ATOMS) {
        s->n_atoms = SKETCH_ATOMS + 1; /* too many distinct values: the table is given up */
        return;
    }
    s->atoms[s->n_atoms].value = x;
    s->atoms[s->n_atoms].count = n;
    s->n_atoms++;
}

/* What the band does not keep: the zeros, the values either side of 0, the atoms' table and
 * the buckets, for 'n' values equal to 'x'. */
static void add_many(struct sketch *s, double x, uint64_t n)
{
    if (x == 0) {
        s->zeros += n;
        return;
    }
    atoms_add(s, x, n);
    if (x < 0) {
        keep_highest(&s->neg_max, &s->at_neg_max, x, n);
        store_add(&s->neg, sketch_bucket_of(-x), n);
    } else {
        keep_lowest(&s->pos_min, &s->at_pos_min, x, n);
        store_add(&s->pos, sketch_bucket_of(x), n);
    }
}

void sketch_add(struct sketch *s, double x)
{
    x += 0.0; /* -0 becomes +0 (IEEE 754, rounding to nearest): -0 and 0 are one value */
    uint64_t before = s->band.count;
    /* which refuses, and counts, what the sketch may not hold; the sum is the sketch's own */
    band_add_no_sum(&s->band, x);
    if (s->band.count != before) {
        add_many(s, x, 1);
        sums_add(&s->sum, x);
        squares_add(&s->squares, x);
    }
}

/* ---- merging --------------------------------------------------------------------------- */

void sketch_merge(struct sketch *into, const struct sketch *from)
{
    band_merge(&into->band, &from->band); /* the counts, of usable values and not */
    if (from->band.count == 0)
        return;
    if (from->neg.n)
        keep_highest(&into->neg_max, &into->at_neg_max, from->neg_max, from->at_neg_max);
    if (from->pos.n)
        keep_lowest(&into->pos_min, &into->at_pos_min, from->pos_min, from->at_pos_min);
    into->zeros += from->zeros;
    if (from->n_atoms > SKETCH_ATOMS)
        into->n_atoms = SKETCH_ATOMS + 1;
    for (unsigned i = 0; i < from->n_atoms && i < SKETCH_ATOMS; i++)
        atoms_add(into, from->atoms[i].value, from->atoms[i].count);
    store_merge(&into->neg, &from->neg);
    store_merge(&into->pos, &from->pos);
    sums_merge(&into->sum, &from->sum);
    squares_merge(&into->squares, &from->squares);
}

/* ---- reading --------------------------------------------------------------------------- */

double sketch_mean(const struct sketch *s)
{
    const struct band *b = &s->band;
    if (b->count == 0)
        return (double)NAN;
    if (b->min == b->max)
        return b->min;
    /* The exact sum lies in [n min, n max]; its rounding and the division's can leave the mean
     * an ulp outside, where the mean of values that hardly differ would then be outside the
     * range of every one of them. */
    double mean = sums_value(&s->sum) / (double)b->count;
    return mean < b->min ? b->min : mean > b->max ? b->max : mean;
}

double sketch_sd(const struct sketch *s)
{
    const struct band *b = &s->band;
    if (b->count < 2)
        return (double)NAN;
    if (b->min == b->max)
        return 0; /* what the subtraction below would leave as rounding */
    /* n * variance = sum x^2 - (sum x)^2 / n, in long double: the subtraction cancels the
     * digits the mean shares with the values, and the 64-bit mantissa keeps the rest. */
    long double n = (long double)b->count, sum = sums_value_long(&s->sum);
    long double spread = squares_value(&s->squares) - sum * sum / n;
    return spread > 0 ? (double)sqrtl(spread / (n - 1)) : 0;
}

static int by_value(const void *pa, const void *pb)
{
    const struct sketch_atom *a = pa, *b = pb;
    return (a->value > b->value) - (a->value < b->value);
}

/* The k-th smallest value (0-based) of a sketch whose atoms' table is kept: exact. */
static double from_atoms(const struct sketch *s, uint64_t k)
{
    struct sketch_atom sorted[SKETCH_ATOMS];
    memcpy(sorted, s->atoms, sizeof sorted[0] * s->n_atoms);
    qsort(sorted, s->n_atoms, sizeof sorted[0], by_value);
    uint64_t seen = 0;
    bool zeros_done = s->zeros == 0;
    for (unsigned i = 0; i < s->n_atoms; i++) {
        if (!zeros_done && sorted[i].value > 0) {
            if (k < seen + s->zeros)
                return 0;
            seen += s->zeros;
            zeros_done = true;
        }
        if (k < seen + sorted[i].count)
            return sorted[i].value;
        seen += sorted[i].count;
    }
    return 0; /* the zeros, after every negative */
}

/* The magnitude of rank k (0-based, smallest first) among those of 'st', where the band puts
 * it at 'near' in [lo, hi]: that estimate, moved as little as needed to be within its bucket's
 * relative bound of every magnitude the bucket and the bin both allow. In the window's lowest
 * bucket, which also holds every smaller magnitude, within that bucket and the bin.
 *
 * The estimate is also kept inside its bucket, which holds the magnitude itself, so that is
 * never farther from it; and with the bin's ends and 'near' not decreasing with k, neither do
 * the estimates: p10 <= p50 <= p90. The bound alone allows up to alpha past the bucket's
 * edges, and alpha differs between buckets (1/511 at the top of an octave, 1/257 at the bottom
 * of the next): an estimate of the last bucket of an octave could pass that of the next value
 * up, in the first bucket of the next octave (test_sketch_order_across_buckets). */
static double store_rank(const struct sketch_store *st, uint64_t k, double near, double lo,
                         double hi)
{
    uint64_t seen = 0;
    int i = 0;
    while (i < SKETCH_WINDOW - 1 && k >= seen + st->counts[i])
        seen += st->counts[i++];
    int32_t index = bottom_of(st) + i;
    double b_lo = i == 0 ? 0 : sketch_bucket_low(index), b_hi = sketch_bucket_low(index + 1);
    double l = fmax(lo, b_lo), u = fmin(hi, b_hi);
    if (!(l <= u)) { /* the bin and the bucket always meet; rounding aside */
        l = b_lo;
        u = b_hi;
    }
    if (i > 0) {
        /* Within alpha of every magnitude of [l, u]: [u (1 - alpha), l (1 + alpha)], which
         * holds the representative. Where rounding leaves it empty (the bin covers the
         * bucket: both ends are the representative, give or take a rounding), the
         * representative, kept between the two ends. */
        double alpha = (b_hi - b_lo) / (b_hi + b_lo);
        double from = u * (1 - alpha), to = l * (1 + alpha);
        if (from > to)
            near = representative(index);
        l = fmax(fmin(from, to), b_lo);
        u = fmin(fmax(from, to), b_hi);
    }
    return near < l ? l : near > u ? u : near;
}

/* The k-th smallest value (0-based), exact where sketch.h says, else within the bound: the
 * negatives (largest magnitude first), the zeros, the positives. */
static double order_statistic(const struct sketch *s, uint64_t k)
{
    const struct band *b = &s->band;
    if (k < b->at_min)
        return b->min;
    if (k >= b->count - b->at_max)
        return b->max;
    if (s->n_atoms <= SKETCH_ATOMS)
        return from_atoms(s, k);
    double lo, hi, near = band_order_statistic(b, k, &lo, &hi);
    uint64_t n_neg = s->neg.n;
    if (k < n_neg) {
        if (k >= n_neg - s->at_neg_max)
            return s->neg_max;
        double x = -store_rank(&s->neg, n_neg - 1 - k, -near, -hi, -lo);
        return x < b->min ? b->min : x > s->neg_max ? s->neg_max : x;
    }
    k -= n_neg;
    if (k < s->zeros)
        return 0;
    k -= s->zeros;
    if (k < s->at_pos_min)
        return s->pos_min;
    double x = store_rank(&s->pos, k, near, lo, hi);
    return x < s->pos_min ? s->pos_min : x > b->max ? b->max : x;
}

double sketch_order_statistic(const struct sketch *s, uint64_t k)
{
    const struct band *b = &s->band;
    if (k >= b->count)
        return (double)NAN;
    if (b->min == b->max)
        return b->min;
    if (b->count <= BAND_EXACT) {
        double sorted[BAND_EXACT];
        memcpy(sorted, b->u.values, (size_t)b->count * sizeof sorted[0]);
        qsort(sorted, (size_t)b->count, sizeof sorted[0], sort_doubles_ascending);
        return sorted[k];
    }
    return order_statistic(s, k);
}

/* True where sketch_order_statistic(s, k) is the k-th smallest value itself: the cases of
 * order_statistic() and sketch_order_statistic() that read it from what the sketch keeps. */
static bool exact_at(const struct sketch *s, uint64_t k)
{
    const struct band *b = &s->band;
    if (b->min == b->max || b->count <= BAND_EXACT || s->n_atoms <= SKETCH_ATOMS || k < b->at_min ||
        k >= b->count - b->at_max)
        return true;
    uint64_t n_neg = s->neg.n;
    if (k < n_neg)
        return k >= n_neg - s->at_neg_max;
    k -= n_neg;
    return k < s->zeros + s->at_pos_min;
}

double sketch_order_statistic_error(const struct sketch *s, uint64_t k)
{
    if (k >= s->band.count)
        return (double)NAN;
    if (exact_at(s, k))
        return 0;
    /* |x - e| <= alpha |x| gives |x - e| <= alpha |e| / (1 - alpha); in the window's lowest
     * bucket, 1/64,000 of its sign's largest magnitude more (a factor 2 of margin on where
     * that bucket begins, 2^-16 of it). */
    double alpha = 1.0 / (2 * SKETCH_SUB + 1), x = sketch_order_statistic(s, k), e = fabs(x);
    double top = x < 0 ? -s->band.min : s->band.max;
    double bound = alpha * e / (1 - alpha);
    /* Below 2^-1022 (subnormal magnitudes) ldexp() rounds the buckets' edges to the nearest
     * multiple of 2^-1074: the value and its estimate share a bucket at most 1/128 of the
     * value, plus 2^-1074, wide; |x - e| <= |x| / 128 + 2^-1074 gives this in terms of e. */
    if (e <= 0x1p-1022)
        bound = fmax(bound, (e + 0x1p-1067) / 127);
    return e * 32768 < top ? bound + top / 64000 : bound;
}

double sketch_quantile(const struct sketch *s, double q)
{
    uint64_t n = s->band.count;
    if (n <= BAND_EXACT || s->band.min == s->band.max)
        return band_quantile(&s->band, q); /* NaN when empty */
    double h = (double)(n - 1) * q;
    uint64_t k = (uint64_t)floor(h);
    double lo = order_statistic(s, k);
    if (k + 1 >= n)
        return lo;
    return lo + (h - (double)k) * (order_statistic(s, k + 1) - lo);
}
