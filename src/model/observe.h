/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * observe.h - reading what a scenario's observations observe (docs/scenario.md, "observed"),
 * on their exact day, from an option's world: a series' quantity in one area or all of them,
 * a running total, or the day a milestone was reached.
 */
#ifndef DA_MODEL_OBSERVE_H
#define DA_MODEL_OBSERVE_H

#include <stdbool.h>

#include "plan.h"

struct world;

/* What an observation reads, in the order of the scenario's enum da_observable (observe.c
 * checks it). The first six are the weekly series' quantities (in enum series_metric order);
 * the rest are metrics that have a value on any day. */
enum observed_reading {
    READ_DEPLOYED,
    READ_COVERAGE,
    READ_SECURITY,
    READ_WATER_COVERAGE,
    READ_FOOD_COVERAGE,
    READ_DISPLACED,
    READ_INCIDENTS, /* running totals, the day itself included */
    READ_COST,
    READ_UNFUNDED,
    READ_WATER_GAP,
    READ_FOOD_GAP,
    READ_MEDICAL,
    READ_SHELTER,
    READ_RETURNED_HOUSING,
    READ_RETURNED_OWN,
    READ_SECURITY_MEAN, /* the day's population-weighted values */
    READ_BED_COVERAGE,
    READ_MILESTONE, /* the day a milestone was reached */
    N_READINGS
};

/* Resolves the scenario's observations into plan->observed (called by plan_init()). */
da_status observe_plan(struct plan *plan);
void observe_release(struct plan *plan);

/* True when observation 'ob' is read at the end of its day, after the day's incidents (the
 * running count of incidents), not with the day's other outputs. */
bool observe_at_end_of_day(const struct plan_observation *ob);

/* The value that observation 'ob' reads in the world 'w' on its day. With 'idle', the world is
 * another option's on a day that all options share, when no force has started: its strength
 * and coverage are 0, and everything else is the same in every option's world. */
double observe_value(const struct world *w, const struct plan_observation *ob, bool idle);

#endif /* DA_MODEL_OBSERVE_H */
