/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * lanes_tests.h - what the tests of the kernels over lanes share (test_lanes*.c): the kernels
 * on every instruction set this processor runs, and the random numbers of their random cases.
 */
#ifndef DA_TESTS_LANES_TESTS_H
#define DA_TESTS_LANES_TESTS_H

#include <stdint.h>

#include "../../src/model/lanes.h"

/* The kernels on every instruction set this processor runs, SSE2 first; how many. */
static inline int kernel_sets(const struct lanes_kernels **sets)
{
    int n = 0;
    sets[n++] = lanes_kernels_for("sse2");
    if (lanes_kernels_for("avx2"))
        sets[n++] = lanes_kernels_for("avx2");
    return n;
}

/* A uniform in [0, 1) from a simple generator of the tests' own. */
static inline double next_unit(uint64_t *x)
{
    *x = *x * 6364136223846793005ull + 1442695040888963407ull;
    return (double)(*x >> 11) * 0x1.0p-53;
}

#endif /* DA_TESTS_LANES_TESTS_H */
