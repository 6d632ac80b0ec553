/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * date.h - calendar dates for a scenario's start_date: strict ISO 8601 (YYYY-MM-DD) reading,
 * and the date of a day of a run, in the proleptic Gregorian calendar, by whole-number
 * arithmetic (no time zones, no libc time functions: the same on every machine).
 */
#ifndef DA_UTIL_DATE_H
#define DA_UTIL_DATE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* The years a date may name: a mission's start, with room either side. */
#define DATE_MIN_YEAR 1900
#define DATE_MAX_YEAR 2199

/* Reads 'text' as YYYY-MM-DD, a real date from DATE_MIN_YEAR to DATE_MAX_YEAR, into the
 * number of days since 1970-01-01 (*out); false when it is anything else. */
bool date_parse(const char *text, int64_t *out);

/* Why date_parse() refused 'text': DATE_NO_SUCH_DAY when it is written YYYY-MM-DD in the
 * years it takes but names no day of the calendar ("2014-09-31", "2023-02-29", "2024-13-01"),
 * with what is wrong in 'why' ("September 2014 has 30 days"); DATE_NOT_READ for anything else
 * (another form, another year). */
enum date_fault { DATE_NOT_READ, DATE_NO_SUCH_DAY };
enum date_fault date_fault(const char *text, char *why, size_t cap);

/* Writes the date 'days' since 1970-01-01 as YYYY-MM-DD into 'buf' (11 bytes at least). */
const char *date_format(int64_t days, char *buf, size_t cap);

#endif /* DA_UTIL_DATE_H */
