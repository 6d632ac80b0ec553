/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * sort.h - the qsort() comparisons that the statistics and the rankings share: doubles (no NaN
 * is sorted), and items ranked by a key.
 */
#ifndef DA_UTIL_SORT_H
#define DA_UTIL_SORT_H

#include <math.h>

static inline int sort_doubles_ascending(const void *pa, const void *pb)
{
    double a = *(const double *)pa, b = *(const double *)pb;
    return (a > b) - (a < b);
}

/* An item to rank: its key, and its index, which breaks ties so that the order is the same on
 * every machine (qsort is not stable). */
struct sort_ranked {
    double key;
    int index;
};

/* Largest key first, NaN last, ties by index. */
static inline int sort_ranked_descending(const void *pa, const void *pb)
{
    const struct sort_ranked *a = pa, *b = pb;
    double ka = a->key != a->key ? -HUGE_VAL : a->key, kb = b->key != b->key ? -HUGE_VAL : b->key;
    if (ka != kb)
        return ka > kb ? -1 : 1;
    return (a->index > b->index) - (a->index < b->index);
}

#endif /* DA_UTIL_SORT_H */
