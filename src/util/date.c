/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * date.c - calendar dates (see date.h). The conversions between a civil date and a count of
 * days are Howard Hinnant's (chrono-Compatible Low-Level Date Algorithms), which work in
 * 400-year eras and need no table.
 */
#include "date.h"

#include <stdio.h>

static int64_t floor_div(int64_t a, int64_t b)
{
    return a / b - (a % b != 0 && (a < 0) != (b < 0));
}

/* Days since 1970-01-01 of year y, month m (1-12), day d. */
static int64_t days_from_civil(int64_t y, int m, int d)
{
    y -= m <= 2;
    int64_t era = floor_div(y, 400);
    int64_t yoe = y - era * 400;                                  /* [0, 399] */
    int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1; /* [0, 365] */
    int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;          /* [0, 146096] */
    return era * 146097 + doe - 719468;
}

static void civil_from_days(int64_t z, int64_t *y, int *m, int *d)
{
    z += 719468;
    int64_t era = floor_div(z, 146097);
    int64_t doe = z - era * 146097;
    int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    int64_t mp = (5 * doy + 2) / 153;
    *d = (int)(doy - (153 * mp + 2) / 5 + 1);
    *m = (int)(mp < 10 ? mp + 3 : mp - 9);
    *y = yoe + era * 400 + (*m <= 2);
}

static bool leap(int64_t y)
{
    return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

/* The value of the 'n' digits at 'p', or -1 when one is not a digit. */
static int digits(const char *p, int n)
{
    int v = 0;
    for (int i = 0; i < n; i++) {
        if (p[i] < '0' || p[i] > '9')
            return -1;
        v = v * 10 + (p[i] - '0');
    }
    return v;
}

static const char *const month_names[12] = {"January",   "February", "March",    "April",
                                            "May",       "June",     "July",     "August",
                                            "September", "October",  "November", "December"};

/* The days of month 'm' (1-12) of year 'y'. */
static int days_in_month(int y, int m)
{
    static const int month_days[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    return month_days[m - 1] + (m == 2 && leap(y));
}

/* The year, month and day of 'text' written YYYY-MM-DD with a year that dates may name; false
 * for anything else. The month and the day are not checked. */
static bool date_fields(const char *text, int *y, int *m, int *d)
{
    for (int i = 0; i < 10; i++)
        if (!text[i])
            return false;
    if (text[10] || text[4] != '-' || text[7] != '-')
        return false;
    *y = digits(text, 4);
    *m = digits(text + 5, 2);
    *d = digits(text + 8, 2);
    return *y >= DATE_MIN_YEAR && *y <= DATE_MAX_YEAR && *m >= 0 && *d >= 0;
}

bool date_parse(const char *text, int64_t *out)
{
    int y, m, d;
    if (!date_fields(text, &y, &m, &d) || m < 1 || m > 12 || d < 1 || d > days_in_month(y, m))
        return false;
    *out = days_from_civil(y, m, d);
    return true;
}

enum date_fault date_fault(const char *text, char *why, size_t cap)
{
    int y, m, d;
    if (!date_fields(text, &y, &m, &d))
        return DATE_NOT_READ;
    if (m < 1 || m > 12)
        snprintf(why, cap, "the months are 01 to 12");
    else if (d < 1)
        snprintf(why, cap, "the days of a month start at 01");
    else if (d > days_in_month(y, m))
        snprintf(why, cap, "%s %d has %d days", month_names[m - 1], y, days_in_month(y, m));
    else
        return DATE_NOT_READ; /* a date: not a fault of the calendar */
    return DATE_NO_SUCH_DAY;
}

const char *date_format(int64_t days, char *buf, size_t cap)
{
    int64_t y;
    int m, d;
    civil_from_days(days, &y, &m, &d);
    snprintf(buf, cap, "%04lld-%02d-%02d", (long long)y, m, d);
    return buf;
}
