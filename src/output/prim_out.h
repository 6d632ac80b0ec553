/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * prim_out.h - PRIM's part of an analysis's outputs (analysis_out.c writes the rest): its
 * keys of analyze-output.schema.json, and its text for the terminal.
 */
#ifndef DA_OUTPUT_PRIM_OUT_H
#define DA_OUTPUT_PRIM_OUT_H

#include <jansson.h>
#include <stdbool.h>
#include <stdio.h>

#include "../analysis/analysis.h"

/* The condition, the cases, the settings, the split and the boxes, into 'root'. */
void prim_json_put(bool *nomem, json_t *root, const struct da_analysis *an);

/* The cases of interest and each box: its statistics in and out of sample, its significant
 * restrictions with their quasi-p-values, how many were dropped, and the inputs its
 * resamples restrict most often; each list at most 'rows' long (0: all). */
void prim_write_table(const struct da_analysis *an, FILE *out, int width, int rows);

#endif /* DA_OUTPUT_PRIM_OUT_H */
