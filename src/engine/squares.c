/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * squares.c - the exact, order-free sum of squares (see squares.h).
 *
 * Each part of a square, scaled to units of 2^-96 (exactly: by a power of two), is added
 * truncated to a whole number of units, read off the double's bits: its 53-bit significand
 * shifted by its exponent. No library call but fabs (an instruction): this runs for every value
 * of every headline sketch.
 */
#include "squares.h"

#include <math.h>
#include <string.h>

static const double limb_scale[4] = {1.0, 0x1p64, 0x1p128, 0x1p192};

void squares_init(struct squares *s)
{
    memset(s, 0, sizeof *s);
}

/* Adds the limbs 'add' to 's', carrying upwards. */
static void add_limbs(struct squares *s, const uint64_t add[4])
{
    uint64_t carry = 0;
    for (int i = 0; i < 4; i++) {
        uint64_t a = s->limb[i], sum = a + add[i];
        uint64_t c1 = sum < a;
        uint64_t total = sum + carry;
        uint64_t c2 = total < sum;
        s->limb[i] = total;
        carry = c1 | c2;
    }
}

/* Adds t, a number of units of 2^-96 (0 <= t < 2^256), truncated to a whole number of them:
 * nothing below one unit; else t is its significand m (53 bits, the leading one included)
 * times 2^e, and its whole part is m shifted by e, which falls in one limb or across two. */
static void add_units(struct squares *s, double t)
{
    if (!(t >= 1))
        return;
    uint64_t bits;
    memcpy(&bits, &t, sizeof bits);
    int e = (int)(bits >> 52) - 1075;
    uint64_t m = (bits & (((uint64_t)1 << 52) - 1)) | ((uint64_t)1 << 52);
    uint64_t add[4] = {0};
    if (e < 0) {
        add[0] = m >> -e; /* -e <= 52: t >= 1 */
    } else {
        int limb = e / 64, shift = e % 64;
        add[limb] = m << shift;
        if (shift > 11 && limb < 3) /* m << shift overflows 64 bits */
            add[limb + 1] = m >> (64 - shift);
    }
    add_limbs(s, add);
}

void squares_add(struct squares *s, double x)
{
    /* x*x rounded to a double would lose the digits that a narrow spread next to large values
     * lives in (10^9 + k, k = 1..100: their variance is in the 16th digit of their squares),
     * so x is split into a head of its top 26 significant bits and a tail of the rest: the
     * head's square and twice head times tail are exact doubles, and the tail's square is
     * rounded 2^-103 below x*x. */
    double m = fabs(x), head, tail;
    uint64_t bits;
    memcpy(&bits, &m, sizeof bits);
    bits &= ~(((uint64_t)1 << 27) - 1);
    memcpy(&head, &bits, sizeof head);
    tail = m - head;
    add_units(s, head * head * 0x1p96);
    add_units(s, 2 * head * tail * 0x1p96);
    add_units(s, tail * tail * 0x1p96);
}

void squares_merge(struct squares *into, const struct squares *from)
{
    add_limbs(into, from->limb);
}

long double squares_value(const struct squares *s)
{
    long double v = 0;
    for (int i = 3; i >= 0; i--)
        v += (long double)s->limb[i] * (long double)limb_scale[i];
    return v * 0x1p-96L;
}
