/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * lanes.c - the kernels of lanes.h for SSE2 and AVX2, and the choice between them.
 */
#include "lanes.h"
#include "money.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

/* The kernels (lanes_body.inc) are written for VF, a vector of VN lanes' doubles, with the
 * macros below: a value in every lane (SPLAT), loads and stores at any lane (LOADV, STOREV;
 * LOADM and STOREM a mask of int64_t -1 or 0), comparisons into masks of all ones or zeros
 * (LTV, GTV, GEV), each lane's a or b by a mask (SELV; ONLYV(m, a) and EXCEPTV(m, b) where the
 * other is +0, one AND of the mask's bits: AVX2's blend is two or three micro-operations on
 * Intel's cores, the AND one), world.h's dmin and dmax in each lane (MINV, MAXV: a < b ? a : b
 * and a > b ? a : b, NaNs and signed zeros alike), a mask set in any lane (ANYV); and for the
 * generator, VIN, a vector of VN lanes' 64-bit words, with its own (SPLATI, LOADI, STOREI, ADDI,
 * XORI, ORI, ANDI, SHLI, SHRI) and ASDOUBLE, its bits as doubles. SETV makes a vector of the VN
 * doubles of an array filled lane by lane in registers: loaded from memory, it would wait for
 * the stores just made (no store forwards to a wider load). The masks are always all ones or
 * all zeros in a lane (comparisons, and LOADM of -1 and 0), so an AND selects as the blend,
 * which reads only their sign bits, does. Macros, not functions: a function that takes or
 * returns a vector of 32 bytes has one ABI with AVX and another without (the kernels' helpers
 * take pointers).
 *
 * On x86-64 they are the SSE2 and AVX intrinsics: MINPD and MAXPD are exactly dmin and dmax
 * (each returns its second operand when the comparison is false: NaN or equal), and written
 * with masks, GCC 12 turns SSE2's selections into scalar moves. Elsewhere (or built with
 * -DLANES_GENERIC, as scripts/test's minimal build is, to test it) the "sse2" set is written
 * with GCC's and Clang's vector extensions, two lanes a vector. */
#if defined(__x86_64__) && defined(__GNUC__) && !defined(LANES_GENERIC)
#include <immintrin.h>

#define LANES_HAVE_AVX2 1

/* The kernels store vectors of doubles as vectors of doubles, and masks as vectors of 64-bit
 * integers (GCC's vector extensions: each aliases its elements' type alone), not through the
 * intrinsics, whose unaligned vectors may alias anything: after such a store every field of a
 * kernel's arguments had to be read again. */
typedef double lanes_f64x2_u __attribute__((vector_size(2 * sizeof(double)), aligned(8)));
typedef double lanes_f64x4_u __attribute__((vector_size(4 * sizeof(double)), aligned(8)));
typedef int64_t lanes_i64x2_u __attribute__((vector_size(2 * sizeof(int64_t)), aligned(8)));
typedef int64_t lanes_i64x4_u __attribute__((vector_size(4 * sizeof(int64_t)), aligned(8)));

#define LANES_NAME(x) x##_sse2
#define LANES_TARGET
#define LANES_ISA     "sse2"
#define VN            2
#define VF            __m128d
#define SPLAT(x)      _mm_set1_pd(x)
#define LOADV(p)      _mm_loadu_pd(p)
#define LOADM(p)      _mm_loadu_pd((const double *)(const void *)(p))
#define STOREV(p, v)  (*(lanes_f64x2_u *)(void *)(p) = (lanes_f64x2_u)(v))
#define STOREM(p, v)  (*(lanes_i64x2_u *)(void *)(p) = (lanes_i64x2_u)(v))
#define LTV(a, b)     _mm_cmplt_pd(a, b)
#define GEV(a, b)     _mm_cmpge_pd(a, b)
#define GTV(a, b)     _mm_cmpgt_pd(a, b)
#define SELV(m, a, b) _mm_or_pd(_mm_and_pd(m, a), _mm_andnot_pd(m, b))
#define ONLYV(m, a)   _mm_and_pd(m, a)
#define EXCEPTV(m, b) _mm_andnot_pd(m, b)
#define MINV(a, b)    _mm_min_pd(a, b)
#define MAXV(a, b)    _mm_max_pd(a, b)
#define ANYV(m)       (_mm_movemask_pd(m) != 0)
#define VIN           __m128i
#define SPLATI(x)     _mm_set1_epi64x((long long)(x))
#define LOADI(p)      _mm_loadu_si128((const __m128i *)(const void *)(p))
#define STOREI(p, v)  _mm_storeu_si128((__m128i *)(void *)(p), v)
#define ADDI(a, b)    _mm_add_epi64(a, b)
#define XORI(a, b)    _mm_xor_si128(a, b)
#define ORI(a, b)     _mm_or_si128(a, b)
#define ANDI(a, b)    _mm_and_si128(a, b)
#define SHLI(a, n)    _mm_slli_epi64(a, n)
#define SHRI(a, n)    _mm_srli_epi64(a, n)
#define ASDOUBLE(a)   _mm_castsi128_pd(a)
#define SETV(a)       _mm_set_pd((a)[1], (a)[0])
#include "lanes_body.inc"
#undef LANES_NAME
#undef LANES_TARGET
#undef LANES_ISA
#undef VN
#undef VF
#undef SPLAT
#undef LOADV
#undef LOADM
#undef STOREV
#undef STOREM
#undef LTV
#undef GEV
#undef GTV
#undef SELV
#undef ONLYV
#undef EXCEPTV
#undef MINV
#undef MAXV
#undef ANYV
#undef VIN
#undef SPLATI
#undef LOADI
#undef STOREI
#undef ADDI
#undef XORI
#undef ORI
#undef ANDI
#undef SHLI
#undef SHRI
#undef ASDOUBLE
#undef SETV

#define LANES_NAME(x) x##_avx2_4
#define LANES_TARGET  __attribute__((target("avx2,popcnt")))
#define LANES_ISA     "avx2"
#define VN            4
#define VF            __m256d
#define SPLAT(x)      _mm256_set1_pd(x)
#define LOADV(p)      _mm256_loadu_pd(p)
#define LOADM(p)      _mm256_loadu_pd((const double *)(const void *)(p))
#define STOREV(p, v)  (*(lanes_f64x4_u *)(void *)(p) = (lanes_f64x4_u)(v))
#define STOREM(p, v)  (*(lanes_i64x4_u *)(void *)(p) = (lanes_i64x4_u)(v))
#define LTV(a, b)     _mm256_cmp_pd(a, b, _CMP_LT_OQ)
#define GEV(a, b)     _mm256_cmp_pd(a, b, _CMP_GE_OQ)
#define GTV(a, b)     _mm256_cmp_pd(a, b, _CMP_GT_OQ)
#define SELV(m, a, b) _mm256_blendv_pd(b, a, m)
#define ONLYV(m, a)   _mm256_and_pd(m, a)
#define EXCEPTV(m, b) _mm256_andnot_pd(m, b)
#define MINV(a, b)    _mm256_min_pd(a, b)
#define MAXV(a, b)    _mm256_max_pd(a, b)
#define ANYV(m)       (_mm256_movemask_pd(m) != 0)
#define MASKBITS(m)   _mm256_movemask_pd(m)
#define TRUNCV(p, v)  _mm_storeu_si128((__m128i *)(void *)(p), _mm256_cvttpd_epi32(v))
#define VIN           __m256i
#define SPLATI(x)     _mm256_set1_epi64x((long long)(x))
#define LOADI(p)      _mm256_loadu_si256((const __m256i *)(const void *)(p))
#define STOREI(p, v)  _mm256_storeu_si256((__m256i *)(void *)(p), v)
#define ADDI(a, b)    _mm256_add_epi64(a, b)
#define XORI(a, b)    _mm256_xor_si256(a, b)
#define ORI(a, b)     _mm256_or_si256(a, b)
#define ANDI(a, b)    _mm256_and_si256(a, b)
#define SHLI(a, n)    _mm256_slli_epi64(a, n)
#define SHRI(a, n)    _mm256_srli_epi64(a, n)
#define ASDOUBLE(a)   _mm256_castsi256_pd(a)
#define SETV(a)       _mm256_set_pd((a)[3], (a)[2], (a)[1], (a)[0])
/* AVX2's kernels twice: for the default block (one vector of 4 lanes, lockstep.h's
 * LOCKSTEP_LANES), with its width known when compiled, and for any width, which hand a block of
 * 4 to the first. */
#define LANES_FIXED_WIDTH 4
#define LANES_FIXED       LANES_FIXED_WIDTH
#include "lanes_body.inc"
#undef LANES_FIXED
#undef LANES_NAME
#define LANES_FIXED_NAME(x) x##_avx2_4
#define LANES_NAME(x)       x##_avx2
#include "lanes_body.inc"

#else

typedef double f64x2 __attribute__((vector_size(2 * sizeof(double))));
typedef int64_t i64x2 __attribute__((vector_size(2 * sizeof(int64_t))));
typedef double f64x2_u __attribute__((vector_size(2 * sizeof(double)), aligned(8), may_alias));
typedef uint64_t u64x2 __attribute__((vector_size(2 * sizeof(uint64_t))));
typedef uint64_t u64x2_u __attribute__((vector_size(2 * sizeof(uint64_t)), aligned(8), may_alias));
#define LANES_NAME(x) x##_sse2
#define LANES_TARGET
#define LANES_ISA     "sse2"
#define VN            2
#define VF            f64x2
#define SPLAT(x)      ((f64x2){0, 0} + (x))
#define LOADV(p)      (*(const f64x2_u *)(const void *)(p))
#define LOADM(p)      LOADV(p)
#define STOREV(p, v)  (*(f64x2_u *)(void *)(p) = (v))
#define STOREM(p, v)  STOREV(p, v)
#define LTV(a, b)     ((f64x2)((a) < (b)))
#define GEV(a, b)     ((f64x2)((a) >= (b)))
#define GTV(a, b)     ((f64x2)((a) > (b)))
#define SELV(m, a, b) ((f64x2)(((i64x2)(m) & (i64x2)(a)) | (~(i64x2)(m) & (i64x2)(b))))
#define ONLYV(m, a)   ((f64x2)((i64x2)(m) & (i64x2)(a)))
#define EXCEPTV(m, b) ((f64x2)(~(i64x2)(m) & (i64x2)(b)))
#define MINV(a, b)    SELV(LTV(a, b), a, b)
#define MAXV(a, b)    SELV(GTV(a, b), a, b)
#define ANYV(m)       ((((i64x2)(m))[0] | ((i64x2)(m))[1]) != 0)
#define VIN           u64x2
#define SPLATI(x)     ((u64x2){0, 0} + (uint64_t)(x))
#define LOADI(p)      (*(const u64x2_u *)(const void *)(p))
#define STOREI(p, v)  (*(u64x2_u *)(void *)(p) = (v))
#define ADDI(a, b)    ((a) + (b))
#define XORI(a, b)    ((a) ^ (b))
#define ORI(a, b)     ((a) | (b))
#define ANDI(a, b)    ((a) & (b))
#define SHLI(a, n)    ((a) << (n))
#define SHRI(a, n)    ((a) >> (n))
#define ASDOUBLE(a)   ((f64x2)(a))
#define SETV(a)       ((f64x2){(a)[0], (a)[1]})
#include "lanes_body.inc"

#endif

_Static_assert(LANES_GROUP % 4 == 0, "a group of lanes is whole vectors of every set");

bool lanes_isa_known(const char *isa)
{
    return strcmp(isa, "sse2") == 0 || strcmp(isa, "avx2") == 0;
}

const struct lanes_kernels *lanes_kernels_for(const char *isa)
{
    if (strcmp(isa, "sse2") == 0)
        return &kernels_sse2;
#ifdef LANES_HAVE_AVX2
    if (strcmp(isa, "avx2") == 0 && __builtin_cpu_supports("avx2") &&
        __builtin_cpu_supports("popcnt"))
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
