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

/* Whether a and b agree to a relative 1e-9 (or an absolute 1e-6 near 0): sums of the same
 * money or people, added in another order. */
static inline int da_close(double a, double b)
{
    if (!isfinite(a) || !isfinite(b))
        return 1;
    double diff = fabs(a - b);
    return diff <= 1e-9 * fmax(fabs(a), fabs(b)) || diff <= 1e-6;
}

/* Whether 'v' is not below zero by more than rounding, relative to 'scale' (at least 1). */
static inline int da_at_least_zero(double v, double scale)
{
    return !isfinite(v) || !isfinite(scale) || v >= -1e-9 * fmax(1, fabs(scale));
}

#endif /* DA_UTIL_CHECK_H */
