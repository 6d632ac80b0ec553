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
#include <stdlib.h>
#include <string.h>

#include "../util/text.h"

static const char *const style_names[N_FMT_STYLES] = {"number", "day", "count", "money", "share"};

/* 10^k for k = MIN_EXP .. MAX_EXP, as literals: the same doubles as web/format.js's (each the
 * double nearest to 10^k, as C's literals and JavaScript's Number('1e' + k) both round). The
 * table reaches past DBL_MAX's exponent, so that every finite double has its exponent here. */
#define MIN_EXP (-9)
#define MAX_EXP 308
static const double pow10_table[MAX_EXP - MIN_EXP + 1] = {
    1e-9,  1e-8,  1e-7,  1e-6,  1e-5,  1e-4,  1e-3,  1e-2,  1e-1,  1e0,   1e1,   1e2,   1e3,
    1e4,   1e5,   1e6,   1e7,   1e8,   1e9,   1e10,  1e11,  1e12,  1e13,  1e14,  1e15,  1e16,
    1e17,  1e18,  1e19,  1e20,  1e21,  1e22,  1e23,  1e24,  1e25,  1e26,  1e27,  1e28,  1e29,
    1e30,  1e31,  1e32,  1e33,  1e34,  1e35,  1e36,  1e37,  1e38,  1e39,  1e40,  1e41,  1e42,
    1e43,  1e44,  1e45,  1e46,  1e47,  1e48,  1e49,  1e50,  1e51,  1e52,  1e53,  1e54,  1e55,
    1e56,  1e57,  1e58,  1e59,  1e60,  1e61,  1e62,  1e63,  1e64,  1e65,  1e66,  1e67,  1e68,
    1e69,  1e70,  1e71,  1e72,  1e73,  1e74,  1e75,  1e76,  1e77,  1e78,  1e79,  1e80,  1e81,
    1e82,  1e83,  1e84,  1e85,  1e86,  1e87,  1e88,  1e89,  1e90,  1e91,  1e92,  1e93,  1e94,
    1e95,  1e96,  1e97,  1e98,  1e99,  1e100, 1e101, 1e102, 1e103, 1e104, 1e105, 1e106, 1e107,
    1e108, 1e109, 1e110, 1e111, 1e112, 1e113, 1e114, 1e115, 1e116, 1e117, 1e118, 1e119, 1e120,
    1e121, 1e122, 1e123, 1e124, 1e125, 1e126, 1e127, 1e128, 1e129, 1e130, 1e131, 1e132, 1e133,
    1e134, 1e135, 1e136, 1e137, 1e138, 1e139, 1e140, 1e141, 1e142, 1e143, 1e144, 1e145, 1e146,
    1e147, 1e148, 1e149, 1e150, 1e151, 1e152, 1e153, 1e154, 1e155, 1e156, 1e157, 1e158, 1e159,
    1e160, 1e161, 1e162, 1e163, 1e164, 1e165, 1e166, 1e167, 1e168, 1e169, 1e170, 1e171, 1e172,
    1e173, 1e174, 1e175, 1e176, 1e177, 1e178, 1e179, 1e180, 1e181, 1e182, 1e183, 1e184, 1e185,
    1e186, 1e187, 1e188, 1e189, 1e190, 1e191, 1e192, 1e193, 1e194, 1e195, 1e196, 1e197, 1e198,
    1e199, 1e200, 1e201, 1e202, 1e203, 1e204, 1e205, 1e206, 1e207, 1e208, 1e209, 1e210, 1e211,
    1e212, 1e213, 1e214, 1e215, 1e216, 1e217, 1e218, 1e219, 1e220, 1e221, 1e222, 1e223, 1e224,
    1e225, 1e226, 1e227, 1e228, 1e229, 1e230, 1e231, 1e232, 1e233, 1e234, 1e235, 1e236, 1e237,
    1e238, 1e239, 1e240, 1e241, 1e242, 1e243, 1e244, 1e245, 1e246, 1e247, 1e248, 1e249, 1e250,
    1e251, 1e252, 1e253, 1e254, 1e255, 1e256, 1e257, 1e258, 1e259, 1e260, 1e261, 1e262, 1e263,
    1e264, 1e265, 1e266, 1e267, 1e268, 1e269, 1e270, 1e271, 1e272, 1e273, 1e274, 1e275, 1e276,
    1e277, 1e278, 1e279, 1e280, 1e281, 1e282, 1e283, 1e284, 1e285, 1e286, 1e287, 1e288, 1e289,
    1e290, 1e291, 1e292, 1e293, 1e294, 1e295, 1e296, 1e297, 1e298, 1e299, 1e300, 1e301, 1e302,
    1e303, 1e304, 1e305, 1e306, 1e307, 1e308,
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

/* Numbers whose rounded size reaches 10^SCI_EXP (a thousand billion) are written in scientific
 * notation: past it the largest unit's number would grow beyond its 3 digits ("1000bn"), and a
 * whole number up to DBL_MAX has 309 digits, which no table column holds. */
#define SCI_EXP 12

/* a that rounds to 10^(SCI_EXP - 2) or more (its exponent d >= 9) to 3 significant digits times
 * a power of ten, the exponent raised by 'shift' (a share is written in percent, 100 times its
 * value, which may be past DBL_MAX): 1e40, 1.5e12, 5.42e40, trailing zeros dropped as
 * elsewhere. */
static void scientific(double a, int shift, char *buf, size_t cap)
{
    int d = exponent_of(a);
    double n = round(a / pow10_of(d - 2));
    if (n >= 1000) { /* 9.996e40 is 1e41 */
        n = 100;
        d++;
    }
    int digits = (int)n; /* 100 to 999: d.dd */
    int whole = digits / 100, tenths = digits / 10 % 10, hundredths = digits % 10;
    if (hundredths)
        snprintf(buf, cap, "%d.%d%de%d", whole, tenths, hundredths, d + shift);
    else if (tenths)
        snprintf(buf, cap, "%d.%de%d", whole, tenths, d + shift);
    else
        snprintf(buf, cap, "%de%d", whole, d + shift);
}

/* a >= 1000 shortened with the largest unit at or below its rounded size: k (when 'with_k'),
 * m, bn; from 10^SCI_EXP, scientific. */
static void shortened(double a, int with_k, char *buf, size_t cap)
{
    int d = rounded_exponent(a);
    if (d >= SCI_EXP) {
        scientific(a, 0, buf, cap);
        return;
    }
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
        if (floor(a) > 0 && rounded_exponent(floor(a)) >= SCI_EXP)
            scientific(floor(a), 0, buf, cap);
        else
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
        /* Its exponent from the share's own (100 times DBL_MAX would be infinite). */
        double p = 100 * a;
        if (a > 0 && rounded_exponent(a) >= SCI_EXP - 2)
            scientific(a, 2, buf, cap - 1);
        else if (p > 0 && rounded_exponent(p) >= 3)
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

/* |v| > 0 too small for 3 decimals (below 0.0005), to 3 significant digits in the notation
 * format.c gives the largest numbers, trailing zeros dropped: 1e-6, 2.5e-7. */
static void small_text(double v, char *buf, size_t cap)
{
    char m[32];
    snprintf(m, sizeof m, "%.2e", fabs(v)); /* "2.50e-07" */
    char *e = strchr(m, 'e');
    int exp = e ? (int)strtol(e + 1, NULL, 10) : 0;
    size_t len = e ? (size_t)(e - m) : strlen(m);
    while (len > 1 && (m[len - 1] == '0' || m[len - 1] == '.'))
        len--;
    snprintf(buf, cap, "%s%.*se%d", v < 0 ? "-" : "", (int)len, m, exp);
}

/* fmt_value_nonzero() (format.h): 'v' as fmt_value() writes it in 'style', except that a value
 * other than 0 never reads as 0
 * (an area of one square metre as "0 km2", a pledge spread over 10^-6 days as "over 0 days"):
 * rounding it to whole units or to 3 decimals is what made it 0, so it gets its significant
 * digits instead. A day keeps its whole day: day 0.7 is day 0 (docs/scenario.md); a share has
 * its own way already ("<0.001%"). */
const char *fmt_value_nonzero(double v, enum fmt_style style, char *buf, size_t cap)
{
    fmt_value(v, style, buf, cap);
    if (v == 0 || !isfinite(v) || style == FMT_DAY || style == FMT_SHARE ||
        strspn(buf, "-$0.") != strlen(buf))
        return buf;
    char digits[32];
    fmt_value(fabs(v), FMT_NUMBER, digits, sizeof digits); /* 0.4 trucks, $0.004 */
    if (strcmp(digits, "0") == 0)
        small_text(fabs(v), digits, sizeof digits);
    snprintf(buf, cap, "%s%s%s", v < 0 ? "-" : "", style == FMT_MONEY ? "$" : "", digits);
    return buf;
}
