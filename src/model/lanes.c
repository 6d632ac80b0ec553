/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * lanes.c - the kernels of lanes.h for SSE2 and AVX2, and the choice between them.
 */
#include "lanes.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

/* min and max as world.h's dmin and dmax, which this file does not include. */
static inline double dmin_lanes(double a, double b)
{
    return a < b ? a : b;
}

static inline double dmax_lanes(double a, double b)
{
    return a > b ? a : b;
}

#define LANES_NAME(x) x##_sse2
#define LANES_TARGET
#define LANES_ISA "sse2"
#include "lanes_body.inc"
#undef LANES_NAME
#undef LANES_TARGET
#undef LANES_ISA

#if defined(__x86_64__) && defined(__GNUC__)
#define LANES_HAVE_AVX2 1
#define LANES_NAME(x)   x##_avx2
#define LANES_TARGET    __attribute__((target("avx2")))
#define LANES_ISA       "avx2"
#include "lanes_body.inc"
#undef LANES_NAME
#undef LANES_TARGET
#undef LANES_ISA
#endif

const struct lanes_kernels *lanes_kernels_for(const char *isa)
{
    if (strcmp(isa, "sse2") == 0)
        return &kernels_sse2;
#ifdef LANES_HAVE_AVX2
    if (strcmp(isa, "avx2") == 0 && __builtin_cpu_supports("avx2"))
        return &kernels_avx2;
#endif
    return NULL;
}

static const struct lanes_kernels *chosen;

static void choose(void)
{
    const char *isa = getenv("DAYAFTER_ISA");
    chosen = isa ? lanes_kernels_for(isa) : NULL;
    if (!chosen)
        chosen = lanes_kernels_for("avx2");
    if (!chosen)
        chosen = &kernels_sse2;
}

const struct lanes_kernels *lanes_kernels(void)
{
    static pthread_once_t once = PTHREAD_ONCE_INIT;
    pthread_once(&once, choose);
    return chosen;
}
