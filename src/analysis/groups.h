/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * groups.h - groups of an analysis's inputs, whose indices answer "how much does everything
 * about Israel's approval matter?" (see groups.c).
 */
#ifndef DA_ANALYSIS_GROUPS_H
#define DA_ANALYSIS_GROUPS_H

#include "analysis.h"

/*
 * Fills an->groups: the user's groups of 'opt' (each "NAME=PATTERN[,PATTERN...]", a pattern
 * a path with '*' for any text), or without them the default grouping (by milestone, pledge,
 * source and area). A group of the user's that names no input, or is written wrong, is
 * DA_ERR_USAGE with the reason in opt->message.
 */
da_status analysis_groups(struct da_analysis *an, const da_analyze_options *opt);

/* Frees an->groups. */
void analysis_groups_free(struct da_analysis *an);

#endif /* DA_ANALYSIS_GROUPS_H */
