/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * observed.h - a run against the record: the scores of the scenario's observations, which the
 * table, the JSON, the CSV and the report all show (docs/model.md, "Against the record").
 */
#ifndef DA_OUTPUT_OBSERVED_H
#define DA_OUTPUT_OBSERVED_H

#include "../engine/results.h"
#include "../engine/score.h"
#include "format.h"

/* A run's scores: one per observation, and the summaries of those in sample and out of sample
 * (happened after the scenario's inputs were set). */
struct observed_scores {
    struct score *scores;
    struct score_summary in_sample, out_of_sample;
};

/* Scores every observation of 'res'; false when memory runs out. Free with
 * observed_scores_release(). */
bool observed_scores_of(const struct da_results *res, struct observed_scores *out);
void observed_scores_release(struct observed_scores *os);

/* What observation 'i' observes, as the outputs name it: its series or metric, or the
 * milestone's id; and the option's id ("" for a milestone). */
const char *observed_quantity(const struct da_results *res, int i);
const char *observed_option(const struct da_results *res, int i);

/* The sources that observation 'o' counts, as the report names them after its quantity:
 * ", from partner_a, partner_b" into 'buf', or "" when it counts all of the option's. Without
 * them one contingent's strength reads as the whole mission's. */
void observed_from_text(const struct da_observation *o, char *buf, size_t cap);

/* How the outputs write observation 'i''s values: as its series' or metric's numbers, or as a
 * day for a milestone; observation_format() for an observation of a scenario not yet run
 * (validate --summary). */
enum fmt_style observed_format(const struct da_results *res, int i);
enum fmt_style observation_format(const struct da_observation *o);

/* An observed value as written in a scenario, in 'style': with its part below 1 where the
 * style would round it away (999.5 persons, day 4.5), which would read as the simulated value
 * beside it, and never as 0 where it is not (fmt_value_nonzero()). 32 bytes hold any. */
const char *observed_value_text(double v, enum fmt_style style, char *buf, size_t cap);

/* Whether observation i is a milestone observed at or after the horizon (a range: all of it),
 * scored as the runs that do not reach it by the end are, at the horizon; and whether only a
 * range's end is, read as the horizon (docs/model.md, "Against the record"). */
bool observed_past_horizon(const struct da_results *res, int i);
bool observed_ends_past_horizon(const struct da_results *res, int i);

/* Whether the CRPS of the observations in sample ('out_of_sample' false) or out of it share a
 * unit (a milestone's days, or one quantity's): only then is their mean a quantity. */
bool observed_crps_units_agree(const struct da_results *res, bool out_of_sample);

#endif /* DA_OUTPUT_OBSERVED_H */
