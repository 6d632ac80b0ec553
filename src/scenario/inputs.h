/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * inputs.h - the index of a scenario's uncertain inputs (see inputs.c).
 */
#ifndef DA_SCENARIO_INPUTS_H
#define DA_SCENARIO_INPUTS_H

#include <stdbool.h>

#include "scenario.h"

/* Fills scn->inputs with the parameters that are not constants, in the table's order; false
 * when memory runs out. */
bool inputs_index(struct da_scenario *scn);

#endif
