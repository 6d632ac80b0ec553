/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * format.c - numbers for people (see format.h).
 */
#include "format.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

/* Thousands separators for a whole number. */
static void with_commas(double v, char *buf, size_t cap)
{
    char digits[64];
    snprintf(digits, sizeof digits, "%.0f", fabs(v));
    size_t n = strlen(digits), o = 0;
    if (v < 0 && o + 1 < cap)
        buf[o++] = '-';
    for (size_t i = 0; i < n && o + 2 < cap; i++) {
        if (i > 0 && (n - i) % 3 == 0)
            buf[o++] = ',';
        buf[o++] = digits[i];
    }
    buf[o] = '\0';
}

const char *fmt_value(double v, enum fmt_style style, char *buf, size_t cap)
{
    if (isinf(v)) {
        snprintf(buf, cap, "no limit");
        return buf;
    }
    switch (style) {
    case FMT_COUNT:
        /* Counts of people and days: whole numbers; millions and billions shortened. */
        if (fabs(v) >= 1e9)
            snprintf(buf, cap, "%.3gbn", v / 1e9);
        else if (fabs(v) >= 1e7)
            snprintf(buf, cap, "%.3gM", v / 1e6);
        else
            with_commas(round(v), buf, cap);
        break;
    case FMT_SHARE:
        snprintf(buf, cap, "%.3g%%", v * 100);
        break;
    case FMT_USD:
        if (fabs(v) >= 1e9)
            snprintf(buf, cap, "$%.3gbn", v / 1e9);
        else if (fabs(v) >= 1e6)
            snprintf(buf, cap, "$%.3gM", v / 1e6);
        else {
            buf[0] = '$';
            with_commas(v, buf + 1, cap - 1);
        }
        break;
    default:
        snprintf(buf, cap, "%.4g", v);
        break;
    }
    return buf;
}
