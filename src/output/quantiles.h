/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * quantiles.h - the numbers the JSON and CSV writers both derive from a run's accumulators:
 * a sketch's mean and quantiles, and the shares (p_start, p_deployed_by, criticality).
 *
 * "Not available" is NaN throughout - an empty sketch, a share of nothing, a check day beyond
 * the horizon - so that each writer turns it into its own null (JSON null, an empty CSV field)
 * in one place.
 */
#ifndef DA_OUTPUT_QUANTILES_H
#define DA_OUTPUT_QUANTILES_H

#include <stddef.h>
#include <stdint.h>

#include "../engine/results.h"

/* A sketch as the outputs report it; every number is NaN when the sketch is empty. */
struct quantiles {
    uint64_t n; /* how many values the sketch holds */
    double mean, p10, p50, p90;
};

void quantiles_of(const struct sketch *s, struct quantiles *q);

/* The calendar date (YYYY-MM-DD, into 'buf' of 16 bytes or more) of the day in which the
 * real time 'day' falls (day 0 is the scenario's start_date), or NULL when the scenario has
 * no start date or 'day' is not a number. */
const char *date_of_day(const struct da_results *res, double day, char *buf, size_t cap);

/* part / whole, or NaN when whole is 0. */
double share_of(uint64_t part, uint64_t whole);

/* The share of replications in which option 'o' had at least half the required strength on
 * the tracked day plan.tracked_days[k]; NaN when that day is not simulated (on or after the
 * horizon). */
double share_deployed_by(const struct da_results *res, int o, int k);

/* The criticality index of milestone 'm' for option 'o': the share of the replications in
 * which the option starts where the milestone is on its critical chain; NaN when it never
 * starts. */
/* The share of replications whose option 'o' fell short of half the requirement on tracked day
 * 'k' (plan.h) for 'reason' (enum short_reason); NaN past the horizon. */
double share_short(const struct da_results *res, int o, int k, int reason);
/* The share of replications whose option 'o' had not started on tracked day 'k' because
 * milestone 'm' held it back. */
double share_held_by(const struct da_results *res, int o, int k, int m);
/* The milestone that most often held option 'o' back on tracked day 'k' (ties: file order),
 * or -1 when none did. */
int top_held_by(const struct da_results *res, int o, int k);
double criticality_of(const struct da_results *res, int o, int m);

#endif /* DA_OUTPUT_QUANTILES_H */
