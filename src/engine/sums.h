/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * sums.h - an exact, order-free sum of doubles, at every magnitude: the mean of a sketch
 * (sketch.h), the same bits however the replications were split between threads and ranks,
 * and within the values' range however small they are.
 *
 * A band's sum (band.h) is a fixed-point integer in units of 2^-32: each value truncated to
 * that grid, so that values below 2^-32 add nothing and a mean of values of 10^-12 read as 0,
 * below every one of them. Here every finite double is a whole number of units of 2^-1074
 * (the least subnormal): its 53-bit significand shifted by its exponent. The positive and the
 * negative values are added apart, each to an unsigned integer of SUMS_LIMBS 64-bit limbs, so
 * that the sum is exact and an integer sum, the same bits in any order of adds and merges. The
 * room: a usable value (band.h, at most 10^18 < 2^60) is below 2^1134 units, and 2^64 of them
 * (more than a count can hold) below 2^1198, under the 2^1216 of 19 limbs.
 */
#ifndef DA_ENGINE_SUMS_H
#define DA_ENGINE_SUMS_H

#include <stdint.h>

#define SUMS_LIMBS 19

struct sums {
    /* the sum of the positive values' magnitudes and that of the negative ones', each
     * sum_i limb[i] * 2^(64 i - 1074) */
    uint64_t pos[SUMS_LIMBS], neg[SUMS_LIMBS];
};

/* All zeros is an empty sum (sketch_init_zeroed()). */
void sums_init(struct sums *s);
/* Adds x; x must be finite and at most 10^18 in size (band_usable()). */
void sums_add(struct sums *s, double x);
void sums_merge(struct sums *into, const struct sums *from);
/* The sum, rounded once to the nearest double (ties to even, as a conversion rounds). */
double sums_value(const struct sums *s);
/* The sum, rounded once to the nearest long double. */
long double sums_value_long(const struct sums *s);

#endif /* DA_ENGINE_SUMS_H */
