/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * metrics.h - the registry of what a run measures: for each headline metric of an option
 * (enum metric) and each per-area metric (the weekly series and the last day's state), its
 * label, unit, format, one-sentence description and which direction is better.
 *
 * Every output reads it from here: the terminal's tables, the JSON ("metrics" and
 * "area_metrics", from which the report and the web application take their labels and
 * formats), the CSV tables' unit column and `dayafter metrics`. The ids are the engine's
 * names (metric_names, area_metric_names: a contract of the JSON and CSV), which this
 * registry describes entry by entry, indexed by the same enums.
 */
#ifndef DA_OUTPUT_METRICS_H
#define DA_OUTPUT_METRICS_H

#include <jansson.h>
#include <stdbool.h>

#include "../engine/results.h"
#include "format.h"

enum metric_better { BETTER_NONE, BETTER_LOWER, BETTER_HIGHER };

struct metric_desc {
    const char *label; /* "Start day (if it starts)": a row's name, capitalized */
    const char *unit;  /* "day", "persons", "USD", "share", ... */
    enum fmt_style format;
    enum metric_better better;
    const char *description; /* one sentence */
    /* A share that the model holds from 0 to 1 (security, bed coverage, a share of days); a
     * coverage of the requirement is a share too, but passes 1 where the force is larger than
     * the need (docs/model.md section 8). */
    bool at_most_one;
};

/* Indexed by enum metric and by the per-area metrics' index (N_AREA_METRICS). */
extern const struct metric_desc metric_descs[N_METRICS];
extern const struct metric_desc area_metric_descs[N_AREA_METRICS];

const char *metric_better_name(enum metric_better better);

/* Whether the headline metric 'id' is a share (written as a percentage), and in *at_most_one
 * whether it is one from 0 to 1 (metric_desc's at_most_one); false for any other id. */
bool metric_is_share(const char *id, bool *at_most_one);

/* The registry as JSON: [{"id", "label", "unit", "format", "description", "better"}] for
 * the headline metrics ('area' false) or the per-area ones; one entry alone with
 * metric_entry_json(). */
json_t *metrics_registry_json(bool *nomem, bool area);
json_t *metric_entry_json(bool *nomem, enum metric m);

/* A weekly series read over all areas (analyze --by), as an entry of the registry. */
extern const struct metric_desc series_all_descs[N_SERIES];
json_t *series_entry_json(bool *nomem, int series);

#endif /* DA_OUTPUT_METRICS_H */
