/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * inputs.c - a scenario's uncertain inputs, listed once when it is loaded: the parameters whose
 * distribution is not a constant, in the parameter table's order (the file's parameters, then
 * the events' chances), which is the order the analyses list them in. Kept as an index so that
 * a caller enumerating them through the public API does linear work, not a scan per input.
 */
#include "inputs.h"

#include "dayafter.h"
#include "dist.h"

bool inputs_index(struct da_scenario *scn)
{
    size_t n = 0;
    for (size_t i = 0; i < scn->n_params; i++)
        n += !dist_is_constant(&scn->params[i].dist);
    scn->n_inputs = 0;
    scn->inputs = arena_alloc(&scn->arena, (n ? n : 1) * sizeof *scn->inputs);
    if (!scn->inputs)
        return false;
    for (size_t i = 0; i < scn->n_params; i++)
        if (!dist_is_constant(&scn->params[i].dist))
            scn->inputs[scn->n_inputs++] = (da_pid)i;
    return true;
}

size_t da_scenario_uncertain_count(const da_scenario *scn)
{
    return scn ? scn->n_inputs : 0;
}

size_t da_scenario_chance_count(const da_scenario *scn)
{
    size_t n = 0;
    for (size_t i = 0; scn && i < scn->n_inputs; i++)
        n += scn->params[scn->inputs[i]].is_event;
    return n;
}

const char *da_scenario_input_path(const da_scenario *scn, size_t index)
{
    return scn && index < scn->n_inputs ? scn->params[scn->inputs[index]].path : NULL;
}

int da_scenario_input_is_chance(const da_scenario *scn, size_t index)
{
    return scn && index < scn->n_inputs && scn->params[scn->inputs[index]].is_event;
}
