/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * bind.h - from a YAML tree to the structs of scenario.h, key by key, following schema.h.
 *
 * Binding checks each value on its own: its type, its range, the keys of each mapping
 * (unknown, misspelt, missing, or belonging to another kind of source). Checks that need the
 * whole scenario (references, cycles, sums) come after, in check.c.
 */
#ifndef DA_SCENARIO_BIND_H
#define DA_SCENARIO_BIND_H

#include <stdbool.h>

#include "scenario.h"
#include "ynode.h"

/* Adds a parameter to the table of 'scn'; returns its id, or 0 (the reserved constant 0)
 * and sets *nomem when memory runs out. */
da_pid bind_add_param(struct da_scenario *scn, const struct da_dist *dist, const char *path,
                      struct da_mark at, bool is_default, bool *nomem);

/*
 * Binds 'root' into 'scn'. Every problem goes to 'diags'. Returns false only when memory ran
 * out; whether the scenario is valid is told by the diagnostics.
 */
bool bind_scenario(struct da_scenario *scn, const struct ynode *root, da_diags *diags);

#endif /* DA_SCENARIO_BIND_H */
