/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * format.h - numbers written for people: 2,230,000 persons, $1.5 bn, 88%.
 */
#ifndef DA_OUTPUT_FORMAT_H
#define DA_OUTPUT_FORMAT_H

#include <stddef.h>

enum fmt_style {
    FMT_PLAIN, /* up to 3 significant decimals: 0.555, 45, 1.5e+09 for huge ones */
    FMT_COUNT, /* whole, with thousands separators: 2,230,000; 14.5M, 1.46bn */
    FMT_SHARE, /* a share as a percentage: 88% */
    FMT_USD    /* money: $750, $12,000, $4.5M, $1.2bn */
};

/* Writes 'v' in 'style' into 'buf' and returns 'buf'. Infinite values read "no limit". */
const char *fmt_value(double v, enum fmt_style style, char *buf, size_t cap);

#endif /* DA_OUTPUT_FORMAT_H */
