/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * value.h - reading YAML scalars as numbers and booleans, as the scenario format defines them.
 *
 * Only plain (unquoted, untagged) scalars are numbers or booleans: "5" in quotes is a string,
 * and !!float 5 a tagged value, which scenarios do not use: almost always a mistake worth
 * reporting. Numbers are decimal, as YAML 1.2's core schema writes them, with underscores
 * allowed between digits for readability (2_200_000, as YAML 1.1 allows); .inf, .nan and
 * values that overflow a double are "not finite".
 */
#ifndef DA_SCENARIO_VALUE_H
#define DA_SCENARIO_VALUE_H

#include <stdbool.h>
#include <stddef.h>

#include "ynode.h"

enum value_status { VALUE_OK, VALUE_WRONG_TYPE, VALUE_NOT_FINITE };

/* Reads 'node' as a finite number into *out. */
enum value_status value_number(const struct ynode *node, double *out);

/* For a scalar that would be a number written plain, what to do about it, as a message ends:
 * "; write numbers without quotes" ("60" in quotes), "; write numbers without tags" (!!float
 * 60); "" for any other node. */
const char *value_number_hint(const struct ynode *node);

/* For a field of shares, from 'lo' 0 to 'hi' 1, given a percentage - a whole number above 1 and
 * at most 100 (vetting_pass: 85), or a scalar of a number and '%' ('30%') - the fraction to write,
 * as a message ends: "; for 85%, write 0.85", into 'buf'; "" for any other node or field. */
const char *value_percent_hint(const struct ynode *node, double lo, double hi, char *buf,
                               size_t cap);

/* Reads 'node' as true or false (in lower, title or upper case) into *out. */
bool value_bool(const struct ynode *node, bool *out);

/* True when 'text' is an id: an ASCII letter, then ASCII letters, digits, '_' or '-', 64 at
 * most. */
bool value_is_id(const char *text);

#define VALUE_ID_MAX 64

#endif /* DA_SCENARIO_VALUE_H */
