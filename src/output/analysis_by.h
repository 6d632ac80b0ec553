/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * analysis_by.h - when and where an input matters (analyze --by): the indices of a weekly
 * series per week or per area, as JSON, a terminal table and CSV rows (see analysis_by.c).
 */
#ifndef DA_OUTPUT_ANALYSIS_BY_H
#define DA_OUTPUT_ANALYSIS_BY_H

#include <jansson.h>
#include <stdbool.h>
#include <stdio.h>

#include "../analysis/analysis.h"
#include "csv_row.h"

/* The "by" object of the analysis JSON. */
json_t *analysis_by_json(bool *nomem, const struct da_analysis *an);

/* The terminal's table: the 'rows' inputs that matter most over the outputs (0: all), with
 * their total-order index at up to six weeks or areas. */
void analysis_by_table(const struct da_analysis *an, FILE *out, int width, int rows);

/* The CSV table, one row per output and input or group. */
void analysis_by_csv(struct csv *c, const struct da_analysis *an);

#endif /* DA_OUTPUT_ANALYSIS_BY_H */
