/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * correlations.h - the scenario's rank correlations between uncertain inputs (see
 * correlations.c).
 */
#ifndef DA_SCENARIO_CORRELATIONS_H
#define DA_SCENARIO_CORRELATIONS_H

#include <stdbool.h>

#include "../util/alloc.h"
#include "scenario.h"

/* The most inputs a scenario may correlate. */
#define CORRELATION_MAX_INPUTS 64

/* Checks the correlations and resolves their paths to parameters; every problem goes to
 * 'diags'. False only when memory runs out. */
bool check_correlations(struct da_scenario *scn, da_diags *diags);

/* The correlated inputs of a checked scenario, each once, in the order of first mention (at
 * most 'max'); their number. */
int correlation_inputs(const struct da_scenario *scn, da_pid *pids, int max);

/* The m x m correlation of the normal scores (row-major) that gives the scenario's rank
 * correlations between the inputs 'pids': 1 on the diagonal, 2 sin(pi rho / 6) for a named
 * pair, 0 elsewhere. */
void correlation_matrix(const struct da_scenario *scn, const da_pid *pids, int m, double *r);

/* Replaces the m x m symmetric matrix 'a' by its lower Cholesky factor; false when it is not
 * positive definite. */
bool correlation_cholesky(double *a, int m);

#endif /* DA_SCENARIO_CORRELATIONS_H */
