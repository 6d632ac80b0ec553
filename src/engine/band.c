/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * band.c - the light, exactly mergeable quantile sketch of the weekly series (see band.h).
 *
 * Bin indices are kept as integer-valued doubles: scaling by a power of two and floor() are
 * exact in binary floating point, so the index of a value at exponent k, and the index of a
 * bin after coarsening to k + 1 (floor of half), are exact whatever the magnitude.
 */
#include "band.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "../model/lanes.h"
#include "../util/check.h"
#include "../util/sort.h"

/* AVX2 for the bins of a batch (band_add_floats()), where lanes.c has its kernels too. */
#if defined(__x86_64__) && defined(__GNUC__) && !defined(LANES_GENERIC)
#include <immintrin.h>
#define BAND_HAVE_AVX2 1
#endif

/* ldexp(x, n) without the library call where 2^n is a normal double: x times 2^n rounds
 * once, as ldexp does, so the two are the same bits. */
static inline double times_pow2(double x, int n)
{
    if (n < -1022 || n > 1023)
        return ldexp(x, n);
    uint64_t bits = (uint64_t)(n + 1023) << 52;
    double p;
    memcpy(&p, &bits, sizeof p);
    return x * p;
}

void band_init(struct band *s)
{
    band_init_as(s, false);
}

void band_init_zeroed(struct band *s)
{
    band_init_zeroed_as(s, false);
}

void band_init_as(struct band *s, bool narrow)
{
    memset(s, 0, band_size(narrow));
    band_init_zeroed_as(s, narrow);
}

void band_init_zeroed_as(struct band *s, bool narrow)
{
    s->narrow = narrow;
    s->min = HUGE_VAL;
    s->max = -HUGE_VAL;
    s->exp = BAND_MIN_EXP;
    s->scale = times_pow2(1.0, -BAND_MIN_EXP);
}

static __int128 fixed(double x)
{
    /* x * 2^32 is exact; the conversion truncates, the same way for the same x. The 64-bit
     * conversion is one instruction; the 128-bit one a library call, kept for huge values. */
    double scaled = x * BAND_SUM_SCALE;
    if (scaled > -9.2e18 && scaled < 9.2e18)
        return (__int128)(int64_t)scaled;
    if (scaled > 1.7e38)
        scaled = 1.7e38;
    if (scaled < -1.7e38)
        scaled = -1.7e38;
    return (__int128)scaled;
}

/* floor() without a library call where a 64-bit integer holds the value. */
static inline double floor_of(double v)
{
    if (fabs(v) < 4.5e15) {
        double t = (double)(int64_t)v;
        return t > v ? t - 1 : t;
    }
    return floor(v);
}

static double index_at(double x, int exp)
{
    return floor_of(times_pow2(x, -exp));
}

/* The count of bin j, and 'n' more values in it, in either width of bins. A narrow band holds
 * at most BAND_NARROW_MAX values, so no bin of 16 bits overflows. */
static inline uint32_t bin_count(const struct band *s, int j)
{
    return s->narrow ? s->u.narrow_bins[j] : s->u.bins[j];
}

static inline void bin_count_add(struct band *s, int j, uint32_t n)
{
    if (s->narrow) {
        DA_ASSERT((uint32_t)s->u.narrow_bins[j] + n <= BAND_NARROW_MAX);
        s->u.narrow_bins[j] = (uint16_t)(s->u.narrow_bins[j] + n);
    } else {
        s->u.bins[j] += n;
    }
}

/* Keeps min and max, and the counts of values equal to them, for one more value 'x' seen
 * 'n' times. */
static void extremes(struct band *s, double x, uint64_t n)
{
    if (x < s->min) {
        s->min = x;
        s->at_min = 0;
    }
    if (x > s->max) {
        s->max = x;
        s->at_max = 0;
    }
    if (x == s->min)
        s->at_min += n;
    if (x == s->max)
        s->at_max += n;
}

/* True when [lo, hi] spans fewer than BAND_BINS bins at exponent 'exp'. */
static bool fits(double lo, double hi, int exp)
{
    return index_at(hi, exp) - index_at(lo, exp) < BAND_BINS;
}

/* Rebins the histogram of 's' at the coarser exponent 'exp' with bin 0 at index 'base'. */
static void coarsen(struct band *s, int exp, double base)
{
    size_t one = s->narrow ? sizeof(uint16_t) : sizeof(uint32_t); /* a bin's count's bytes */
    unsigned char *at = s->narrow ? (unsigned char *)s->u.narrow_bins : (unsigned char *)s->u.bins;
    if (exp == s->exp) {
        /* Same width, a lower bin 0 (the range only grows): the bins move up, whole. */
        int shift = (int)(s->base - base);
        memmove(at + (size_t)shift * one, at, one * (size_t)(BAND_BINS - shift));
        memset(at, 0, one * (size_t)shift);
        s->base = base;
        return;
    }
    uint32_t bins[BAND_BINS] = {0};
    for (int j = 0; j < BAND_BINS; j++) {
        uint32_t c = bin_count(s, j);
        if (!c)
            continue;
        double index = floor(times_pow2(s->base + j, s->exp - exp));
        bins[(int)(index - base)] += c;
    }
    if (s->narrow)
        for (int j = 0; j < BAND_BINS; j++)
            s->u.narrow_bins[j] = (uint16_t)bins[j];
    else
        memcpy(s->u.bins, bins, sizeof bins);
    s->exp = exp;
    s->scale = times_pow2(1.0, -exp);
    s->base = base;
}

/* The smallest exponent >= 'from' at which [lo, hi] fits. */
static int exponent_for(double lo, double hi, int from)
{
    /* Bins grow by halves, so a range that does not fit at an exponent does not fit below it.
     * It does not at ilogb(hi - lo) - 11, where it spans at least 2^11 (1 - 2^-53) bin widths
     * (hi - lo rounds by 2^-53 at most) and its two indices are at least 2^11 - 3 apart (each
     * within 1 of its floor, where the scaling underflows): the search starts there, not at
     * 'from' (-40 for a new histogram, some 50 steps below values of a million). */
    int exp = from;
    if (hi > lo) {
        int below = ilogb(hi - lo) - 11;
        exp = below > exp ? below : exp;
    }
    /* Ends for any two usable values, by 2^1100 at the latest: the bound is for safety. */
    while (!fits(lo, hi, exp) && exp < 1100)
        exp++;
    return exp;
}

static void bin_add(struct band *s, double x, uint32_t n)
{
    bin_count_add(s, (int)(floor_of(x * s->scale) - s->base), n);
}

/* Empty bins for [lo, hi], at the smallest exponent at which it fits, bin 0 at lo's: the
 * histogram that values within it make, whichever came first. */
static void empty_histogram(struct band *s, double lo, double hi)
{
    s->exp = exponent_for(lo, hi, BAND_MIN_EXP);
    s->scale = times_pow2(1.0, -s->exp);
    s->base = index_at(lo, s->exp);
    memset(&s->u, 0, band_size(s->narrow) - offsetof(struct band, u));
}

/* Turns the kept values of 's' (already including min and max) into a histogram. */
static void to_histogram(struct band *s, const double *values, uint64_t n)
{
    double kept[BAND_EXACT];
    memcpy(kept, values, (size_t)n * sizeof kept[0]);
    empty_histogram(s, s->min, s->max);
    for (uint64_t i = 0; i < n; i++)
        bin_add(s, kept[i], 1);
}

/* Makes room in the histogram of 's' for [lo, hi]. */
static void widen(struct band *s, double lo, double hi)
{
    double new_lo = fmin(lo, s->min), new_hi = fmax(hi, s->max);
    int exp = exponent_for(new_lo, new_hi, s->exp);
    double base = index_at(new_lo, exp);
    if (exp != s->exp || base != s->base)
        coarsen(s, exp, base);
}

void band_add(struct band *s, double x)
{
    if (!band_usable(x)) {
        s->unusable++;
        return;
    }
    s->sum += fixed(x);
    band_add_no_sum(s, x);
}

void band_add_no_sum(struct band *s, double x)
{
    if (s->count > BAND_EXACT && x > s->min && x < s->max) {
        /* The common case, kept short: a value strictly inside the range seen lands in a bin
         * that exists. */
        bin_count_add(s, (int)(floor_of(x * s->scale) - s->base), 1);
        s->count++;
        return;
    }
    if (!band_usable(x)) {
        s->unusable++;
        return;
    }
    /* -0 becomes +0 (IEEE 754, rounding to nearest) where a value is kept or is an extreme: -0
     * and 0 compare equal, so which of them a band kept would depend on the order its values
     * came in, and its merges' order with the threads (a quantile or an extreme "-0" with some
     * thread counts, "0" with others). Values strictly inside the range seen are binned above,
     * where the sign makes no difference. */
    x += 0.0;
    if (s->count < BAND_EXACT) {
        s->u.values[s->count++] = x;
        extremes(s, x, 1);
        return;
    }
    if (s->count == BAND_EXACT) {
        extremes(s, x, 1);
        double values[BAND_EXACT];
        memcpy(values, s->u.values, sizeof values);
        to_histogram(s, values, BAND_EXACT);
        bin_add(s, x, 1);
        s->count++;
        return;
    }
    if (x < s->min || x > s->max)
        widen(s, x, x);
    extremes(s, x, 1);
    bin_add(s, x, 1);
    s->count++;
}

/* The least and the greatest of the values [from, n) of a batch, each the first seen of those
 * equal to it (0 and -0 are equal), and whether every value is finite. */
static bool range_of(const float *values, int from, int n, size_t stride, double *lo, double *hi)
{
    double least = HUGE_VAL, greatest = -HUGE_VAL, probe = 0;
    for (int k = from; k < n; k++) {
        double x = (double)values[(size_t)k * stride];
        least = x < least ? x : least;
        greatest = x > greatest ? x : greatest;
        probe += x - x; /* stays 0 while every value is finite; NaN after an infinity or NaN */
    }
    *lo = least;
    *hi = greatest;
    return probe == 0;
}

#ifdef BAND_HAVE_AVX2
/* range_of() at unit stride, four values at a time: each vector lane keeps the first seen of
 * its equal values, as range_of() does (MINPD and MAXPD return their second operand on equal
 * or unordered ones). Values of the same number are the same bits but for 0 and -0, so the
 * lanes' results give range_of()'s wherever the least and the greatest are not zero; where
 * either is, which of 0 and -0 came first decides, and range_of() is asked. */
__attribute__((target("avx2"))) static bool range_avx2(const float *values, int from, int n,
                                                       double *lo, double *hi)
{
    __m256d least = _mm256_set1_pd(HUGE_VAL), greatest = _mm256_set1_pd(-HUGE_VAL);
    __m256d probe = _mm256_setzero_pd();
    int k = from;
    for (; k + 4 <= n; k += 4) {
        __m256d x = _mm256_cvtps_pd(_mm_loadu_ps(&values[k]));
        least = _mm256_min_pd(x, least);
        greatest = _mm256_max_pd(x, greatest);
        probe = _mm256_add_pd(probe, _mm256_sub_pd(x, x));
    }
    double l[4], g[4], p[4];
    _mm256_storeu_pd(l, least);
    _mm256_storeu_pd(g, greatest);
    _mm256_storeu_pd(p, probe);
    /* The values after the last four, then each lane's: equal values are the same bits but
     * for zeros, which range_of() decides below, so the order does not matter. */
    double a, b;
    bool finite = range_of(values, k, n, 1, &a, &b) && p[0] + p[1] + p[2] + p[3] == 0;
    for (int j = 0; j < 4; j++) {
        a = l[j] < a ? l[j] : a;
        b = g[j] > b ? g[j] : b;
    }
    if (a == 0 || b == 0)
        return range_of(values, from, n, 1, lo, hi);
    *lo = a;
    *hi = b;
    return finite;
}

/* band_add_floats_isa()'s count of the values [from, n) of a batch into their bins, four at a
 * time while four are left: the same products, floors, differences and truncations as the loop
 * one value at a time (floor_of() is floor() exactly), so the same bins and counts. The bins
 * are still added to one at a time, in the values' order. Returns the first value left to the
 * loop. */
__attribute__((target("avx2"))) static int bins_add_avx2(struct band *s, const float *values,
                                                         int from, int n, uint64_t *at_min,
                                                         uint64_t *at_max)
{
    const __m256d scale = _mm256_set1_pd(s->scale), base = _mm256_set1_pd(s->base);
    const __m256d min = _mm256_set1_pd(s->min), max = _mm256_set1_pd(s->max);
    __m256i low = _mm256_setzero_si256(), high = _mm256_setzero_si256();
    uint32_t *bins = s->u.bins;
    uint16_t *narrow_bins = s->u.narrow_bins;
    bool narrow = s->narrow;
    int k = from;
    for (; k + 4 <= n; k += 4) {
        __m256d x = _mm256_cvtps_pd(_mm_loadu_ps(&values[k]));
        /* a comparison is -1 where true: subtracted, it counts */
        low = _mm256_sub_epi64(low, _mm256_castpd_si256(_mm256_cmp_pd(x, min, _CMP_EQ_OQ)));
        high = _mm256_sub_epi64(high, _mm256_castpd_si256(_mm256_cmp_pd(x, max, _CMP_EQ_OQ)));
        __m256d at = _mm256_sub_pd(_mm256_floor_pd(_mm256_mul_pd(x, scale)), base);
        __m128i index = _mm256_cvttpd_epi32(at);
        int i0 = _mm_cvtsi128_si32(index), i1 = _mm_extract_epi32(index, 1);
        int i2 = _mm_extract_epi32(index, 2), i3 = _mm_extract_epi32(index, 3);
        if (narrow) {
            narrow_bins[i0]++;
            narrow_bins[i1]++;
            narrow_bins[i2]++;
            narrow_bins[i3]++;
        } else {
            bins[i0]++;
            bins[i1]++;
            bins[i2]++;
            bins[i3]++;
        }
    }
    int64_t lows[4], highs[4];
    _mm256_storeu_si256((__m256i *)(void *)lows, low);
    _mm256_storeu_si256((__m256i *)(void *)highs, high);
    for (int j = 0; j < 4; j++) {
        *at_min += (uint64_t)lows[j];
        *at_max += (uint64_t)highs[j];
    }
    return k;
}
#endif

void band_add_floats_isa(struct band *s, const float *values, int n, size_t stride, bool avx2)
{
#ifndef BAND_HAVE_AVX2
    (void)avx2;
#endif
    /* A first batch of more than BAND_EXACT values (a weekly series' first flush) goes
     * straight to the histogram: one by one would keep BAND_EXACT of them, bin them at the
     * exponent of their range and widen it as the others came, to the same exponent, bin 0
     * and bins (a function of the values alone, band.h), at several times the work. */
    bool fresh = s->count == 0 && n > BAND_EXACT;
    int i = 0;
    for (; !fresh && i < n && s->count <= BAND_EXACT; i++)
        band_add_no_sum(s, (double)values[(size_t)i * stride]);
    if (i == n)
        return;
    /* The histogram is made wide enough for the batch once, as the values one by one would
     * have made it in the end (the smallest exponent at which everything fits), and the
     * counts at min and max are those of the values equal to the final min and max. */
    double lo, hi;
    bool finite;
#ifdef BAND_HAVE_AVX2
    if (avx2 && stride == 1)
        finite = range_avx2(values, i, n, &lo, &hi);
    else
#endif
        finite = range_of(values, i, n, stride, &lo, &hi);
    if (!finite || !band_usable(lo) || !band_usable(hi)) {
        /* Rare: some value is unusable; one by one counts it exactly. */
        for (int k = i; k < n; k++)
            band_add_no_sum(s, (double)values[(size_t)k * stride]);
        return;
    }
    lo += 0.0; /* as band_add_no_sum(): an extreme is +0, never -0 */
    hi += 0.0;
    if (fresh)
        empty_histogram(s, lo, hi);
    else if (lo < s->min || hi > s->max)
        widen(s, lo, hi);
    if (lo < s->min) {
        s->min = lo;
        s->at_min = 0;
    }
    if (hi > s->max) {
        s->max = hi;
        s->at_max = 0;
    }
    double min = s->min, max = s->max, scale = s->scale, base = s->base;
    if (lo == hi) {
        /* One value n - i times (often: nobody deployed yet, full coverage): one bin. */
        uint32_t same = (uint32_t)(n - i);
        bin_count_add(s, (int)(floor_of(lo * scale) - base), same);
        s->at_min += lo == min ? same : 0;
        s->at_max += lo == max ? same : 0;
        s->count += same;
        return;
    }
    uint64_t at_min = 0, at_max = 0;
    int k = i;
#ifdef BAND_HAVE_AVX2
    if (avx2 && stride == 1)
        k = bins_add_avx2(s, values, i, n, &at_min, &at_max);
#endif
    for (; k < n; k++) {
        double x = (double)values[(size_t)k * stride];
        at_min += x == min;
        at_max += x == max;
        bin_count_add(s, (int)(floor_of(x * scale) - base), 1);
    }
    s->at_min += at_min;
    s->at_max += at_max;
    s->count += (uint64_t)(n - i);
}

void band_add_floats(struct band *s, const float *values, int n, size_t stride)
{
    band_add_floats_isa(s, values, n, stride, strcmp(lanes_kernels()->isa, "avx2") == 0);
}

void band_copy(struct band *into, const struct band *from)
{
    memcpy(into, from, band_size(from->narrow));
}

/* Makes the whole struct band 's' narrow or not, its counts as they were (narrowed, each
 * must be at most BAND_NARROW_MAX). */
static void set_narrow(struct band *s, bool narrow)
{
    if (s->narrow == narrow || s->count <= BAND_EXACT) { /* kept values: the same bytes */
        s->narrow = narrow;
        return;
    }
    uint32_t bins[BAND_BINS];
    for (int j = 0; j < BAND_BINS; j++)
        bins[j] = bin_count(s, j);
    memset(&s->u, 0, sizeof *s - offsetof(struct band, u)); /* and the padding after it */
    s->narrow = narrow;
    for (int j = 0; j < BAND_BINS; j++)
        bin_count_add(s, j, bins[j]);
}

void band_merge(struct band *into, const struct band *from)
{
    into->unusable += from->unusable;
    if (from->count == 0)
        return;
    if (from->count <= BAND_EXACT) {
        /* Adding kept values one by one is exact; the sum is added once, not twice. */
        __int128 sum = into->sum + from->sum;
        for (uint64_t i = 0; i < from->count; i++)
            band_add(into, from->u.values[i]);
        into->sum = sum;
        return;
    }
    if (into->count <= BAND_EXACT) {
        struct band copy;
        band_copy(&copy, from);
        set_narrow(&copy, into->narrow);
        __int128 sum = into->sum + from->sum;
        for (uint64_t i = 0; i < into->count; i++)
            band_add(&copy, into->u.values[i]);
        copy.unusable = into->unusable;
        band_copy(into, &copy);
        into->sum = sum;
        return;
    }
    struct band other;
    band_copy(&other, from);
    double lo = fmin(into->min, other.min), hi = fmax(into->max, other.max);
    int exp = exponent_for(lo, hi, into->exp > other.exp ? into->exp : other.exp);
    double base = index_at(lo, exp);
    coarsen(into, exp, base);
    coarsen(&other, exp, base);
    for (int j = 0; j < BAND_BINS; j++)
        bin_count_add(into, j, bin_count(&other, j));
    into->count += other.count;
    into->sum += other.sum;
    into->at_min = (into->min == lo ? into->at_min : 0) + (other.min == lo ? other.at_min : 0);
    into->at_max = (into->max == hi ? into->at_max : 0) + (other.max == hi ? other.at_max : 0);
    into->min = lo;
    into->max = hi;
}

double band_mean(const struct band *s)
{
    if (s->count == 0)
        return (double)NAN;
    return (double)s->sum / BAND_SUM_SCALE / (double)s->count;
}

/* The k-th smallest value (0-based) as the histogram places it: at the atom when it is one of
 * the values equal to min or max, else where it falls within its bin, inside [min, max]. */
double band_order_statistic(const struct band *s, uint64_t k, double *lo, double *hi)
{
    *lo = s->min;
    *hi = s->max;
    if (k < s->at_min)
        return s->min;
    if (k >= s->count - s->at_max)
        return s->max;
    double width = ldexp(1.0, s->exp);
    uint64_t seen = 0;
    for (int j = 0; j < BAND_BINS; j++) {
        uint64_t c = bin_count(s, j);
        if (seen + c <= k) {
            seen += c;
            continue;
        }
        *lo = fmax(s->min, (s->base + j) * width);
        *hi = fmin(s->max, (s->base + j + 1) * width);
        double x = (s->base + j) * width + width * ((double)(k - seen) + 0.5) / (double)c;
        return x < s->min ? s->min : x > s->max ? s->max : x;
    }
    return s->max;
}

static double order_statistic(const struct band *s, uint64_t k)
{
    double lo, hi;
    return band_order_statistic(s, k, &lo, &hi);
}

double band_quantile(const struct band *s, double q)
{
    if (s->count == 0)
        return (double)NAN;
    if (s->min == s->max)
        return s->min;
    if (s->count <= BAND_EXACT) {
        double sorted[BAND_EXACT];
        memcpy(sorted, s->u.values, (size_t)s->count * sizeof sorted[0]);
        qsort(sorted, (size_t)s->count, sizeof sorted[0], sort_doubles_ascending);
        double h = (double)(s->count - 1) * q;
        size_t i = (size_t)floor(h);
        if (i + 1 >= s->count)
            return sorted[s->count - 1];
        return sorted[i] + (h - (double)i) * (sorted[i + 1] - sorted[i]);
    }
    /* Type 7 interpolates between the order statistics x(k) and x(k+1), k = floor(h); each is
     * estimated within its bin (exactly when it falls on an atom at min or max), and the
     * estimate interpolated the same way, so it is within one bin width of type 7. */
    double h = (double)(s->count - 1) * q;
    uint64_t k = (uint64_t)floor(h);
    double lo = order_statistic(s, k);
    if (k + 1 >= s->count)
        return lo;
    return lo + (h - (double)k) * (order_statistic(s, k + 1) - lo);
}
