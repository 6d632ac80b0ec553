/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * sums.c - the exact, order-free sum of doubles (see sums.h).
 *
 * A value's whole number of units of 2^-1074 is read off its bits, as squares.c does for its
 * parts: the significand (with its leading one, unless subnormal) shifted by the exponent,
 * which lands in one limb or across two. No library call: this runs for every value of every
 * headline sketch.
 */
#include "sums.h"

#include <math.h>
#include <string.h>

#include "../util/check.h"

void sums_init(struct sums *s)
{
    memset(s, 0, sizeof *s);
}

/* Adds 'm' shifted left by 'at' bits to the limbs 'limb', carrying upwards. */
static void add_shifted(uint64_t *limb, uint64_t m, int at)
{
    int i = at / 64, shift = at % 64;
    DA_ASSERT(i + 1 < SUMS_LIMBS); /* a usable value: at most 2^60, bit 1134 */
    uint64_t low = m << shift, high = shift > 11 ? m >> (64 - shift) : 0; /* m < 2^53 */
    uint64_t before = limb[i];
    limb[i] += low;
    uint64_t carry = (limb[i] < before) + high;
    for (i++; carry && i < SUMS_LIMBS; i++) {
        before = limb[i];
        limb[i] += carry;
        carry = limb[i] < before;
    }
}

void sums_add(struct sums *s, double x)
{
    uint64_t bits;
    memcpy(&bits, &x, sizeof bits);
    int biased = (int)((bits >> 52) & 0x7ff);
    uint64_t m = bits & (((uint64_t)1 << 52) - 1);
    if (biased == 0 && m == 0)
        return; /* 0 or -0 */
    /* x = m 2^(biased - 1075) with the leading one, or m 2^-1074 when subnormal (biased 0) */
    int at = biased == 0 ? 0 : biased - 1;
    if (biased != 0)
        m |= (uint64_t)1 << 52;
    add_shifted(bits >> 63 ? s->neg : s->pos, m, at);
}

static void add_limbs(uint64_t *into, const uint64_t *from)
{
    uint64_t carry = 0;
    for (int i = 0; i < SUMS_LIMBS; i++) {
        uint64_t a = into[i], sum = a + from[i];
        uint64_t c1 = sum < a;
        uint64_t total = sum + carry;
        into[i] = total;
        carry = c1 | (total < sum);
    }
}

void sums_merge(struct sums *into, const struct sums *from)
{
    add_limbs(into->pos, from->pos);
    add_limbs(into->neg, from->neg);
}

/* Whether the integer 'a' is below 'b'. */
static int below(const uint64_t *a, const uint64_t *b)
{
    for (int i = SUMS_LIMBS - 1; i >= 0; i--)
        if (a[i] != b[i])
            return a[i] < b[i];
    return 0;
}

/* |pos - neg| into 'd', and its sign. */
static double difference(const struct sums *s, uint64_t d[SUMS_LIMBS])
{
    const uint64_t *big = s->pos, *small = s->neg;
    double sign = 1;
    if (below(s->pos, s->neg)) {
        big = s->neg;
        small = s->pos;
        sign = -1;
    }
    uint64_t borrow = 0;
    for (int i = 0; i < SUMS_LIMBS; i++) {
        uint64_t a = big[i], b = small[i] + borrow;
        uint64_t wrapped = b < borrow; /* small[i] + borrow is 2^64 */
        d[i] = a - b;
        borrow = wrapped | (a < b);
    }
    return sign;
}

/* The 128 bits of 'd' from its highest nonzero limb 'top' down (from limb 1 where d is below
 * 2^64: then all of it), with a sticky bit for any limb below them, and in '*at' the power of
 * two of their lowest bit, 64 (top - 1) - 1074. Where limbs are left below, the leading one is
 * at bit 64 or above and a conversion to a double or a long double rounds at bit 11 or above,
 * so bit 0 only breaks a tie, as the limbs below would: the conversion rounds as the whole
 * integer would. */
static unsigned __int128 head_of(const uint64_t d[SUMS_LIMBS], int *at)
{
    int top = SUMS_LIMBS - 1;
    while (top > 1 && d[top] == 0)
        top--;
    unsigned __int128 head = (unsigned __int128)d[top] << 64 | d[top - 1];
    for (int i = top - 2; i >= 0; i--)
        if (d[i]) {
            head |= 1;
            break;
        }
    *at = 64 * (top - 1) - 1074;
    return head;
}

double sums_value(const struct sums *s)
{
    uint64_t d[SUMS_LIMBS];
    double sign = difference(s, d);
    int at;
    unsigned __int128 head = head_of(d, &at);
    /* One rounding, by the conversion: the scaling is exact where the result is normal, and
     * where it is not the head is below 2^52, a whole number of units of 2^-1074, exact. */
    return sign * ldexp((double)head, at);
}

long double sums_value_long(const struct sums *s)
{
    uint64_t d[SUMS_LIMBS];
    double sign = difference(s, d);
    int at;
    unsigned __int128 head = head_of(d, &at);
    return (long double)sign * ldexpl((long double)head, at);
}
