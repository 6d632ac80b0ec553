/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * indices_out.h - the terminal's account of an analysis whose results are indices per input
 * (sobol, morris, tornado; see indices_out.c), the preamble that PRIM's shares, and the
 * groups' part of sobol's JSON. analysis_out.c writes the rest, through the table of
 * methods (src/analysis/method.h).
 */
#ifndef DA_OUTPUT_INDICES_OUT_H
#define DA_OUTPUT_INDICES_OUT_H

#include <jansson.h>
#include <stdbool.h>
#include <stdio.h>

#include "../analysis/analysis.h"

/* What comes before the table: the analysis, its runs, and the metric's spread. */
void analysis_preamble(const struct da_analysis *an, FILE *out, int width);

/* The analysed metric's (or series') value 'v' written as the registry says (cost as
 * $5.42bn), into 'buf' of 'cap' bytes; returns 'buf'. */
const char *analysis_metric_value(const struct da_analysis *an, double v, char *buf, size_t cap);

/* Which side of [0, 1] a Sobol' index lies on as the tables write it, to three decimals, and by
 * more than 'floor', what rounding alone can put there (sobol.c): 1 above, -1 below, 0 within.
 * An estimate of 1.0003 is written 1.000 and -0.0002 0.000: no reader sees those outside. */
int sobol_outside(double v, double floor);

/* The preamble and the inputs' indices, most influential first: 'rows' of them (0: all). */
da_status indices_print(const struct da_analysis *an, FILE *out, int width, int rows);
/* The same for sobol, with what the first-order indices add up to, and the groups' table. */
da_status sobol_print(const struct da_analysis *an, FILE *out, int width, int rows);

/* sobol's groups, most influential first, with their indices and members, into 'root'. */
void sobol_json(bool *nomem, const struct da_analysis *an, json_t *root);

#endif /* DA_OUTPUT_INDICES_OUT_H */
