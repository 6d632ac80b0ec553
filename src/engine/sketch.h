/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * sketch.h - the quantile sketch of a run's headline results (metrics, differences between
 * options, costs by donor and purpose, areas on the last day, milestones' days): bounded
 * relative error, exact wherever the outcome has the atoms that planners read (0, the
 * extremes, the values just either side of 0, a few discrete outcomes), and an exact merge, so
 * that results do not depend on how replications were split between threads or MPI ranks.
 *
 * A sketch keeps, of the values added:
 *  - a band (band.h): the count, the minimum and maximum and how many values equal each, the
 *    values themselves while there are at most BAND_EXACT of them, and a histogram of 512
 *    equal bins over the range;
 *  - the exact sum of the values (sums.h), for the mean, at every magnitude (the band's own
 *    sum, in units of 2^-32, is not kept: it read a mean of values of 10^-12 as 0);
 *  - the count of zeros; the largest negative and smallest positive values and how many equal
 *    each;
 *  - the exact sum of the values' squares (squares.h), for the standard deviation;
 *  - the distinct nonzero values with their counts while there are at most SKETCH_ATOMS of
 *    them (a discrete outcome: which contingents came, which day a milestone fell on);
 *  - for each sign, the counts of |x| in buckets of relative width at most 1/SKETCH_SUB: bucket
 *    j of octave e holds [2^e (1 + j/K), 2^e (1 + (j+1)/K)), K = SKETCH_SUB (the mantissa's
 *    top bits, computed exactly with frexp). Each sign keeps a window of SKETCH_WINDOW
 *    buckets (16 octaves) below its largest; smaller magnitudes share the window's lowest
 *    bucket. As in DDSketch (Masson, Rim and Lee, VLDB 2019), with its log replaced by exact
 *    mantissa arithmetic and its collapsing done by the window's top alone.
 * An order statistic lies both in its bucket and in its band's bin: it is estimated where the
 * band places it, moved as little as needed to keep the bucket's relative bound and to stay in
 * the bucket, so that it is as close as the finer of the two allows, and estimates never
 * decrease with rank (p10 <= p50 <= p90).
 *
 * Everything the outputs read is a function of the multiset of values alone (the window's
 * bottom follows from its top, the atoms' table is kept only while the whole multiset has few
 * distinct values), so any order of adds and merges gives the same results, bit for bit.
 *
 * Bounds (docs/model.md, "Statistics"): a quantile interpolates, as type 7 does, between two
 * order statistics, each estimated within 1/(2 SKETCH_SUB + 1) = 0.39% of its value, or,
 * where it is more than 2^16 times smaller than the largest magnitude of its sign, within
 * 1/64,000 of that largest magnitude, or, where it is subnormal (below 2^-1022 in size, where
 * the buckets' edges are rounded to multiples of 2^-1074), within 1/128 of its value plus
 * 2^-1074; and
 * exactly when it is 0, the minimum, the maximum, the largest negative or smallest positive
 * value, or when the sketch holds at most BAND_EXACT values or SKETCH_ATOMS distinct
 * nonzero ones. An estimate never has the opposite sign of the order statistic it stands for.
 */
#ifndef DA_ENGINE_SKETCH_H
#define DA_ENGINE_SKETCH_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "band.h"
#include "squares.h"
#include "sums.h"

#define SKETCH_ATOMS  32
#define SKETCH_SUB    128
#define SKETCH_WINDOW 2048
/* The largest magnitude a sketch takes in (that of band.h). A value beyond it, or not finite
 * (an infinity, a NaN), is not added: it is only counted, in band.unusable, so that whoever
 * reads the sketch can say that some replications gave no usable value. */
#define SKETCH_MAX_ABS BAND_MAX_ABS

/* One sign's magnitudes: counts[i] is bucket top - (SKETCH_WINDOW - 1) + i, the lowest also
 * holding every smaller magnitude. */
struct sketch_store {
    uint64_t n;  /* values in the store */
    int32_t top; /* the largest bucket index; meaningful when n > 0 */
    uint32_t counts[SKETCH_WINDOW];
};

struct sketch_atom {
    double value;
    uint64_t count;
};

struct sketch {
    /* Every usable value; its count and its count of unusable ones are the sketch's. */
    struct band band;
    uint64_t zeros;
    double neg_max, pos_min; /* the largest negative and the smallest positive value */
    uint64_t at_neg_max, at_pos_min;
    /* The distinct nonzero values and their counts, while there are at most SKETCH_ATOMS;
     * n_atoms > SKETCH_ATOMS once there were more (the table is then not read). */
    unsigned n_atoms;
    struct sketch_atom atoms[SKETCH_ATOMS];
    struct sketch_store neg, pos;
    struct sums sum;        /* of the usable values */
    struct squares squares; /* of the usable values */
};

void sketch_init(struct sketch *s);
/* sketch_init() of a sketch whose bytes are all 0 already (from da_calloc()), as
 * band_init_zeroed(): its buckets, most of its 19 KB, are not written until used, and a run's
 * sketches of values that few replications have (the milestones', the observations') leave
 * most of their pages unbacked. */
void sketch_init_zeroed(struct sketch *s);
/* Adds 'x', or counts it as unusable (see SKETCH_MAX_ABS). */
void sketch_add(struct sketch *s, double x);
/* Adds everything of 'from' to 'into'. */
void sketch_merge(struct sketch *into, const struct sketch *from);
/* The mean, or NaN when empty: the exact sum rounded to a double, over the count, so within
 * an ulp or so of the true mean, and never outside [min, max]. */
double sketch_mean(const struct sketch *s);
/* The sample standard deviation (n - 1 in the denominator), or NaN with fewer than two
 * values: from the exact sums of the values and of their squares (squares.h: each truncated to
 * 2^-96), so the same bits however the values were merged; 0 when they are all equal. The
 * difference of the two sums is taken in long double, whose rounding (2^-64 of the squares'
 * sum) leaves the variance within about 2^-63 mean^2 (x86-64; finer where long double is
 * wider), and the truncation of the squares within 3 x 2^-96 of it. */
double sketch_sd(const struct sketch *s);
/* The q-quantile (0 <= q <= 1) by linear interpolation of the empirical distribution (the
 * definition of R's type 7 and numpy's default), within the bounds above; NaN when empty. */
double sketch_quantile(const struct sketch *s, double q);
/* The k-th smallest value (0-based; NaN past the count): exact while the sketch keeps its
 * values or atoms, else within the bounds above. */
double sketch_order_statistic(const struct sketch *s, uint64_t k);
/* How far sketch_order_statistic(s, k) may be from the k-th smallest value: 0 where it is
 * exact, else the bound above; NaN past the count. */
double sketch_order_statistic_error(const struct sketch *s, uint64_t k);
/* The lower edge of bucket 'index' (exported for the tests of the bound). */
double sketch_bucket_low(int32_t index);
/* The bucket of the magnitude 'm' > 0. */
int32_t sketch_bucket_of(double m);

#endif /* DA_ENGINE_SKETCH_H */
