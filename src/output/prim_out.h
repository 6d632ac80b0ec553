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
void prim_json(bool *nomem, const struct da_analysis *an, json_t *root);

/* After the analysis's preamble, the cases of interest and each box: its statistics in and
 * out of sample, its significant restrictions with their quasi-p-values, how many were
 * dropped, and the inputs its resamples restrict most often; each list at most 'rows' long
 * (0: all). */
da_status prim_print(const struct da_analysis *an, FILE *out, int width, int rows);

#endif /* DA_OUTPUT_PRIM_OUT_H */
