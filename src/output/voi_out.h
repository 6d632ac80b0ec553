/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * voi_out.h - the value of information's results (analysis voi) in the analysis's JSON and
 * the terminal's table (see voi_out.c); analysis_out.c writes the rest.
 */
#ifndef DA_OUTPUT_VOI_OUT_H
#define DA_OUTPUT_VOI_OUT_H

#include <jansson.h>
#include <stdbool.h>
#include <stdio.h>

#include "../analysis/analysis.h"

/* Input i's entries ("evppi", "evppi_se", "evppi_share", "chosen") into 'in'. */
void voi_input_json(bool *nomem, const struct da_analysis *an, int i, json_t *in);
/* Column 'column' of the CSV (evppi, evppi_se, evppi_bias, evppi_share) of input 'index', or of
 * group 'index' when 'group'. */
double voi_csv_value(const struct da_analysis *an, bool group, int index, int column);
/* A row per milestone whose day has a value of information, best first, as the JSON's
 * "milestones" lists them: "milestone", its id, and the columns of voi_csv_value(). */
struct csv;
void voi_csv_milestones(struct csv *c, const struct da_analysis *an);
/* The analysis's own entries ("evpi", "options", "milestones", "groups") into 'root'. */
void voi_json(bool *nomem, const struct da_analysis *an, json_t *root);
/* The terminal's account: the choice now, the EVPI, what is worth finding out (at most 'rows'
 * entries, 0: all) and the planner's reading of it. */
da_status voi_write_table(const struct da_analysis *an, FILE *out, int width, int rows);

#endif /* DA_OUTPUT_VOI_OUT_H */
