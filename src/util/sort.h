/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * sort.h - the qsort() comparisons that the statistics and the rankings share: doubles (no NaN
 * is sorted), and items ranked by a key.
 */
#ifndef DA_UTIL_SORT_H
#define DA_UTIL_SORT_H

#include <math.h>
#include <stdlib.h>

static inline int sort_doubles_ascending(const void *pa, const void *pb)
{
    double a = *(const double *)pa, b = *(const double *)pb;
    return (a > b) - (a < b);
}

/* An item to rank: its key, a second key for ties of the first, and its index, which breaks
 * the ties that remain so that the order is the same on every machine (qsort is not stable). */
struct sort_ranked {
    double key, then;
    int index;
};

/* Largest key first, NaN as the smallest; then the largest second key; then by index. */
static inline int sort_ranked_descending(const void *pa, const void *pb)
{
    const struct sort_ranked *a = pa, *b = pb;
    double ka = a->key != a->key ? -HUGE_VAL : a->key, kb = b->key != b->key ? -HUGE_VAL : b->key;
    if (ka != kb)
        return ka > kb ? -1 : 1;
    double ta = a->then != a->then ? -HUGE_VAL : a->then;
    double tb = b->then != b->then ? -HUGE_VAL : b->then;
    if (ta != tb)
        return ta > tb ? -1 : 1;
    return (a->index > b->index) - (a->index < b->index);
}

/* Sorts the n items as sort_ranked_descending() says and writes their indices, in that
 * order, to order[0 .. n - 1]. */
static inline void sort_ranked_order(struct sort_ranked *items, int n, int *order)
{
    qsort(items, (size_t)n, sizeof *items, sort_ranked_descending);
    for (int i = 0; i < n; i++)
        order[i] = items[i].index;
}

#endif /* DA_UTIL_SORT_H */
