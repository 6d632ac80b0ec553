/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * sort.h - the qsort() comparison of doubles that the statistics share (no NaN is sorted).
 */
#ifndef DA_UTIL_SORT_H
#define DA_UTIL_SORT_H

static inline int sort_doubles_ascending(const void *pa, const void *pb)
{
    double a = *(const double *)pa, b = *(const double *)pb;
    return (a > b) - (a < b);
}

#endif /* DA_UTIL_SORT_H */
