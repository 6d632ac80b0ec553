/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * format.h - numbers written for people, by the rules that every output shares: the terminal's
 * tables (run, analyze, validate --summary) here, and the report and the web application in
 * web/format.js, which follows the same rules step by step (tests/unit/format_cases.json holds
 * the values both are checked against).
 *
 * The rules, for a value v (its sign first, as '-', then the magnitude):
 *  - 3 significant digits wherever a number is shortened, at most 3 decimals, trailing zeros
 *    dropped: 45.6, 0.5, 1.2m;
 *  - whole numbers from 1,000 up carry thousands separators: 4,432;
 *  - FMT_DAY: a whole day, 1,095;
 *  - FMT_COUNT: whole below a million (4,432), then 1.93m, 2.4bn;
 *  - FMT_NUMBER: 3 significant digits below 1,000 (0.555, 45.6), whole up to a million, then
 *    as counts;
 *  - FMT_MONEY: $750, $45.6k, $12.3m, $5.42bn;
 *  - FMT_SHARE: a share as a percentage, 0.959 as 95.9%; a share above 0 and below 1 that
 *    would round to 0% or 100% is written "<0.001%" or ">99.9%";
 *  - a magnitude that rounds to a thousand billion (10^12) or more, in any style (for a share,
 *    its percentage), in scientific notation to 3 significant digits, trailing zeros dropped,
 *    after its unit: 1e12, 1.5e12, $5.42e40, -1e308, 1.8e310%; any finite double is written
 *    with all its digits' magnitude right, in at most 17 characters;
 *  - not a number: "-"; infinite, of either sign: "no limit".
 * The digits come from rounding half away from zero at an exact power of ten, never from
 * printf's or JavaScript's own rounding of ties, which differ.
 */
#ifndef DA_OUTPUT_FORMAT_H
#define DA_OUTPUT_FORMAT_H

#include <stddef.h>

enum fmt_style {
    FMT_NUMBER, /* 0.555, 45.6, 4,432, 1.5m: a value with no unit to go by */
    FMT_DAY,    /* a day: 120, 1,095 */
    FMT_COUNT,  /* persons, incidents, tonnes: 4,432; 1.93m; 1.46bn */
    FMT_MONEY,  /* US dollars: $750, $45.6k, $12.3m, $5.42bn */
    FMT_SHARE,  /* a share as a percentage: 95.9% */
    N_FMT_STYLES
};

/* Writes 'v' in 'style' into 'buf' and returns 'buf'; 24 bytes hold any value. */
const char *fmt_value(double v, enum fmt_style style, char *buf, size_t cap);

/* fmt_value(), except that a value other than 0 never reads as 0 ("1e-6 km2", "$0.004",
 * "0.4 trucks"): rounding to whole units or to 3 decimals is what made it 0, so it gets its
 * significant digits instead. A day and a share keep fmt_value()'s way. */
const char *fmt_value_nonzero(double v, enum fmt_style style, char *buf, size_t cap);

/* The style's name as the JSON's metric registry writes it ("day", "count", "money", "share",
 * "number"), and back (-1 for an unknown name). */
const char *fmt_style_name(enum fmt_style style);
int fmt_style_of(const char *name);

#endif /* DA_OUTPUT_FORMAT_H */
