/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * warnings.c - planted violations of the project's compiler warnings (tests/meson.build): the
 * file compiles clean with the project's flags, and each PLANT_ macro plants one violation
 * that they must refuse. Never linked.
 */
#include <stdio.h>

int planted_warnings(double x, const char *format, char *buf, size_t cap);

int planted_warnings(double x, const char *format, char *buf, size_t cap)
{
    int n = (int)x; /* an explicit conversion is no violation */
#ifdef PLANT_CONVERSION
    n = x; /* double to int, unseen: -Wconversion */
#endif
#ifdef PLANT_DOUBLE_PROMOTION
    float f = 1.5f;
    x = x * f; /* float promoted to double, unseen: -Wdouble-promotion */
#endif
#ifdef PLANT_FORMAT_NONLITERAL
    snprintf(buf, cap, format, n); /* a format that is no literal: -Wformat-nonliteral */
#else
    (void)format;
    snprintf(buf, cap, "%d", n);
#endif
    return n + (x > 0);
}
