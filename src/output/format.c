/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * format.c - numbers for people (see format.h for the rules).
 *
 * web/format.js implements the same steps in the same order, so that the terminal, the report
 * and the web application write every value alike. Both find a number's decimal exponent by
 * comparing it with the same table of powers of ten (exact comparisons, where log10() could
 * differ in its last bit between C and JavaScript), scale it by an exact power of ten and
 * round the result half away from zero, which C's round() and, for the non-negative values
 * used here, JavaScript's Math.round() do alike.
 */
#include "format.h"

#include <math.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "../util/text.h"

static const char *const style_names[N_FMT_STYLES] = {"number", "day", "count", "money", "share"};

/* 10^k for k = MIN_EXP .. MAX_EXP, as literals: the same doubles as web/format.js's. */
#define MIN_EXP (-9)
#define MAX_EXP 21
static const double pow10_table[MAX_EXP - MIN_EXP + 1] = {
    1e-9, 1e-8, 1e-7, 1e-6, 1e-5, 1e-4, 1e-3, 1e-2, 1e-1, 1e0,  1e1,  1e2,  1e3,  1e4,  1e5,  1e6,
    1e7,  1e8,  1e9,  1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21,
};

static double pow10_of(int k)
{
    return pow10_table[k - MIN_EXP];
}

/* The decimal exponent of a > 0: the largest k with 10^k <= a, within the table. */
static int exponent_of(double a)
{
    int k = MIN_EXP;
    while (k < MAX_EXP && pow10_of(k + 1) <= a)
        k++;
    return k;
}

/* The decimal exponent of a > 0 once rounded to 3 significant digits: 999.7 counts as 1000. */
static int rounded_exponent(double a)
{
    int d = exponent_of(a);
    double n = d <= 2 ? round(a * pow10_of(2 - d)) : round(a / pow10_of(d - 2));
    return n >= 1000 ? d + 1 : d;
}

/* A whole number n >= 0 with thousands separators. */
static void grouped(double n, char *buf, size_t cap)
{
    char digits[32];
    snprintf(digits, sizeof digits, "%.0f", n);
    size_t len = strlen(digits), o = 0;
    for (size_t i = 0; i < len && o + 2 < cap; i++) {
        if (i > 0 && (len - i) % 3 == 0)
            buf[o++] = ',';
        buf[o++] = digits[i];
    }
    buf[o] = '\0';
}

/* a >= 0 to 3 significant digits, at most 3 decimals, without trailing zeros. */
static void significant(double a, char *buf, size_t cap)
{
    if (!(a >= pow10_of(MIN_EXP))) {
        snprintf(buf, cap, "0");
        return;
    }
    int dec = 2 - exponent_of(a);
    dec = dec < 0 ? 0 : dec > 3 ? 3 : dec;
    double n = round(a * pow10_of(dec));
    if (dec > 0 && n >= 1000) /* 9.996 rounds to 10.00: one decimal fewer */
        n = round(a * pow10_of(--dec));
    char digits[32];
    snprintf(digits, sizeof digits, "%0*.0f", dec + 1, n);
    size_t len = strlen(digits), whole = len - (size_t)dec;
    size_t keep = len;
    while (keep > whole && digits[keep - 1] == '0')
        keep--;
    if (keep == whole)
        snprintf(buf, cap, "%.*s", (int)whole, digits);
    else
        snprintf(buf, cap, "%.*s.%.*s", (int)whole, digits, (int)(keep - whole), digits + whole);
}

/* a >= 1000 shortened with the largest unit at or below its rounded size: k (when 'with_k'),
 * m, bn. */
static void shortened(double a, int with_k, char *buf, size_t cap)
{
    int d = rounded_exponent(a);
    double unit = d >= 9 ? 1e9 : d >= 6 || !with_k ? 1e6 : 1e3;
    const char *suffix = d >= 9 ? "bn" : d >= 6 || !with_k ? "m" : "k";
    char digits[24];
    significant(a / unit, digits, sizeof digits);
    snprintf(buf, cap, "%s%s", digits, suffix);
}

/* The magnitude a >= 0 in 'style', without a sign. */
static void magnitude(double a, enum fmt_style style, char *buf, size_t cap)
{
    switch (style) {
    case FMT_DAY:
        /* The day a time falls in, as its date is (date_of_day(), docs/scenario.md: day 0.7
         * is day 0): a start at 624.75 shown as day 625 beside the date of day 624 read as
         * two answers. A difference of days (a >= 0 here is its size) loses its part day. */
        grouped(floor(a), buf, cap);
        break;
    case FMT_COUNT:
        if (round(a) >= 1e6)
            shortened(a, 0, buf, cap);
        else
            grouped(round(a), buf, cap);
        break;
    case FMT_MONEY:
        buf[0] = '$';
        if (a > 0 && rounded_exponent(a) >= 3)
            shortened(a, 1, buf + 1, cap - 1);
        else
            significant(a, buf + 1, cap - 1);
        break;
    case FMT_SHARE: {
        double p = 100 * a;
        if (p > 0 && rounded_exponent(p) >= 3)
            grouped(round(p), buf, cap - 1);
        else
            significant(p, buf, cap - 1);
        text_append(buf, cap, "%");
        break;
    }
    default:
        if (round(a) >= 1e6)
            shortened(a, 0, buf, cap);
        else if (a > 0 && rounded_exponent(a) >= 3)
            grouped(round(a), buf, cap);
        else
            significant(a, buf, cap);
        break;
    }
}

const char *fmt_value(double v, enum fmt_style style, char *buf, size_t cap)
{
    if (cap == 0)
        return buf;
    if (isnan(v)) {
        snprintf(buf, cap, "-");
        return buf;
    }
    if (isinf(v)) {
        snprintf(buf, cap, "no limit");
        return buf;
    }
    char text[48];
    magnitude(fabs(v), style, text, sizeof text);
    /* A share strictly between none and all never reads as either: "100%" of the runs would
     * say always of what fails in 1 run of 2,000, and "0%" never of what happens once. */
    if (style == FMT_SHARE && v > 0 && v < 1) {
        if (strcmp(text, "0%") == 0)
            snprintf(text, sizeof text, "<0.001%%");
        else if (strcmp(text, "100%") == 0)
            snprintf(text, sizeof text, ">99.9%%");
    }
    /* No "-0": a negative value that rounds to nothing has no sign. */
    bool zero = strspn(text, "$0.%") == strlen(text);
    snprintf(buf, cap, "%s%s", v < 0 && !zero ? "-" : "", text);
    return buf;
}

const char *fmt_style_name(enum fmt_style style)
{
    return (unsigned)style < N_FMT_STYLES ? style_names[style] : "number";
}

int fmt_style_of(const char *name)
{
    for (int s = 0; s < N_FMT_STYLES; s++)
        if (name && strcmp(name, style_names[s]) == 0)
            return s;
    return -1;
}
