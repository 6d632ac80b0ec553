/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * events.h - every chance of a scenario as an uncertain input: the uniform draws that decide
 * its events, as parameters named by paths (see events.c).
 */
#ifndef DA_SCENARIO_EVENTS_H
#define DA_SCENARIO_EVENTS_H

#include <stdbool.h>

#include "scenario.h"

/* Appends the events' uniforms to the parameter table of 'scn' (bound and resolved) and sets
 * scn->first_event; false when memory ran out. */
bool events_add(struct da_scenario *scn);

#endif /* DA_SCENARIO_EVENTS_H */
