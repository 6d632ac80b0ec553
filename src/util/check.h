/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * check.h - DA_ASSERT: the model's invariants, checked in debug and test builds.
 *
 * The tests check the invariants of whole runs (tests/unit/test_invariants.c); DA_ASSERT
 * checks them where they are kept, every day of every replication that a debug or test build
 * runs, fuzzing included, and says which one broke and where. Like assert() it is compiled out
 * where NDEBUG is defined, which Meson does for release builds (b_ndebug=if-release), so that
 * runs pay nothing for it.
 */
#ifndef DA_UTIL_CHECK_H
#define DA_UTIL_CHECK_H

#include <float.h>
#include <math.h>

#ifndef NDEBUG
/* Prints "dayafter: invariant broken at FILE:LINE: WHAT" on standard error and aborts. */
void da_check_failed(const char *what, const char *file, int line) __attribute__((noreturn));
#define DA_ASSERT(invariant)                                                                       \
    ((invariant) ? (void)0 : da_check_failed(#invariant, __FILE__, __LINE__))
#else
#define DA_ASSERT(invariant) ((void)0)
#endif

/*
 * The comparisons of the invariants. A value that is not finite passes them: such a run is the
 * engine's to refuse, with DA_ERR_NUMERIC and its reason (docs/scenario.md, "Ranges"), and an
 * invariant must not turn a clean refusal of numbers beyond the model into an abort.
 */

/* The relative rounding that 'terms' additions and subtractions may leave in a sum: each
 * rounds by at most half an epsilon of its result, and no result exceeds the sum's scale; at
 * least 1e-9, for the few sums of a day. */
static inline double da_rounding(double terms)
{
    return fmax(1e-9, terms * DBL_EPSILON);
}

/* Whether a and b agree to within the rounding of 'terms' operations (or an absolute 1e-6
 * near 0): sums of the same money or people, added in another order. */
static inline int da_close_after(double a, double b, double terms)
{
    if (!isfinite(a) || !isfinite(b))
        return 1;
    double diff = fabs(a - b);
    return diff <= da_rounding(terms) * fmax(fabs(a), fabs(b)) || diff <= 1e-6;
}

/* da_close_after() for a few operations: a relative 1e-9. */
static inline int da_close(double a, double b)
{
    return da_close_after(a, b, 0);
}

/* Whether 'v' is not below zero by more than the rounding of 'terms' operations, relative to
 * 'scale' (at least 1). */
static inline int da_at_least_zero_after(double v, double scale, double terms)
{
    return !isfinite(v) || !isfinite(scale) || v >= -da_rounding(terms) * fmax(1, fabs(scale));
}

/* da_at_least_zero_after() for a few operations: a relative 1e-9. */
static inline int da_at_least_zero(double v, double scale)
{
    return da_at_least_zero_after(v, scale, 0);
}

#endif /* DA_UTIL_CHECK_H */
