/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * groups.h - groups of an analysis's inputs: the default grouping by what the inputs belong
 * to (see groups.c), for the indices of a group as a whole.
 */
#ifndef DA_ANALYSIS_GROUPS_H
#define DA_ANALYSIS_GROUPS_H

#include "analysis.h"

struct analysis_group {
    char *name;   /* the members' common path, e.g. "milestones.ceasefire" */
    int *members; /* indices of the analysis's inputs, in input order */
    int n_members;
};

/* The default groups of an analysis's inputs: per milestone (milestones.M), pledge
 * (donors.D.pledges.P), source of an option (options.O.sources.S) and area (areas.A), in the
 * order of their first input, each with two inputs at least (a group of one is its input).
 * *groups (NULL when there are none) is freed by analysis_groups_free(). */
da_status analysis_default_groups(const struct da_analysis *an, struct analysis_group **groups,
                                  int *n_groups);
void analysis_groups_free(struct analysis_group *groups, int n_groups);

#endif /* DA_ANALYSIS_GROUPS_H */
