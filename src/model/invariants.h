/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * invariants.h - the model's invariants at the end of each day, in debug and test builds (see
 * invariants.c); nothing in release builds.
 */
#ifndef DA_MODEL_INVARIANTS_H
#define DA_MODEL_INVARIANTS_H

#include "world.h"

#ifndef NDEBUG
/* DA_ASSERTs the state of 'w' at the end of day 'day': money and people conserved, no stock
 * below zero, shares within [0, 1]. */
void world_check_day(const struct world *w, int day);
#else
static inline void world_check_day(const struct world *w, int day)
{
    (void)w;
    (void)day;
}
#endif

#endif /* DA_MODEL_INVARIANTS_H */
