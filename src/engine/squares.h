/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * squares.h - an exact, order-free sum of squares: what the standard error of a sketch's mean
 * needs (mc_error.h), kept so that it is the same bits however the replications were split
 * between threads and ranks.
 *
 * A floating-point sum depends on the order of its terms, and a run's order depends on which
 * worker took which replication. Here each square x*x, as two exact parts and a third far
 * smaller (squares.c), is truncated to multiples of 2^-96 and added to a 256-bit unsigned
 * fixed-point integer, so that the sum is an integer sum and any order of adds and merges
 * gives the same bits. The room: a square of a usable value (sketch.h, at most 10^18) is
 * below 2^120, and 10^8 of them (DA_MAX_REPLICATIONS) below 2^147, far under the 2^160 that
 * 256 bits hold at this scale; each value loses less than 3 x 2^-96 to the truncation and
 * 2^-103 x*x to the rounding of the third part.
 */
#ifndef DA_ENGINE_SQUARES_H
#define DA_ENGINE_SQUARES_H

#include <stdint.h>

struct squares {
    uint64_t limb[4]; /* the sum is sum_i limb[i] * 2^(64 i - 96) */
};

void squares_init(struct squares *s);
/* Adds x*x; x must be finite and at most 10^18 in size (band_usable()). */
void squares_add(struct squares *s, double x);
void squares_merge(struct squares *into, const struct squares *from);
/* The sum, rounded to a long double (the limbs from the top, the same way every time). */
long double squares_value(const struct squares *s);

#endif /* DA_ENGINE_SQUARES_H */
