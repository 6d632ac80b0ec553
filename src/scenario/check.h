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

#endif /* DA_SCENARIO_CHECK_H */
