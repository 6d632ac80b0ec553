/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * sources.h - the "# source:" notes of a scenario file, attached to its parameters (see
 * sources.c).
 */
#ifndef DA_SCENARIO_SOURCES_H
#define DA_SCENARIO_SOURCES_H

#include <stdbool.h>
#include <stddef.h>

#include "../util/alloc.h"
#include "scenario.h"

/* The longest note kept, in bytes, its terminating NUL included. */
#define SOURCE_NOTE_MAX 1024

/* Sets each parameter's 'source' from 'text', the file it was read from: NULL for a default
 * or where the file gives none. False when memory runs out. */
bool sources_attach(struct da_scenario *scn, const char *text, size_t len);

#endif /* DA_SCENARIO_SOURCES_H */
