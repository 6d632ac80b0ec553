/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * check.h - the checks that need the whole scenario: ids, references, cycles, sums and the
 * scenario's own constraints. They run after binding, on the structs of scenario.h.
 */
#ifndef DA_SCENARIO_CHECK_H
#define DA_SCENARIO_CHECK_H

#include <stdbool.h>

#include "scenario.h"

/* Resolves every reference of 'scn' and checks it; problems go to 'diags'. Returns false
 * only when memory ran out. */
bool check_scenario(struct da_scenario *scn, da_diags *diags);

/* Fills each sector's damage per area, a table of sectors x areas, for a scenario that passed
 * every check: a file of many sectors and many areas that fails anyway never gets one.
 * Returns false when memory ran out. */
bool check_damage_tables(struct da_scenario *scn);

#endif /* DA_SCENARIO_CHECK_H */
