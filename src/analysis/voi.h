/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * voi.h - what is worth finding out: the value of information of `dayafter analyze --method
 * voi` (see voi.c), for the choice between a scenario's options by one metric.
 */
#ifndef DA_ANALYSIS_VOI_H
#define DA_ANALYSIS_VOI_H

#include "analysis.h"
#include "groups.h"

/* The value of knowing one thing (an input, a milestone's day, a group of inputs) before
 * choosing, in the metric's units (a difference: days, USD, a share's points). */
struct voi_entry {
    double evppi, se; /* NaN: not estimated (too few points for its regression) */
    double bias;      /* the estimate's upward bias from the regression's noise (evppi.h) */
    double *chosen;   /* per option: the share of the runs in which it would be chosen */
};

struct voi_results {
    int n_options;
    int sign;                            /* +1 when more of the metric is better, -1 when less is */
    int chosen_now;                      /* the option with the best mean */
    double *means;                       /* per option: the metric's mean over the sample */
    struct voi_entry evpi;               /* perfect information about everything (se NaN) */
    struct voi_entry *inputs;            /* per input of the analysis */
    struct voi_entry *milestones;        /* per milestone of the scenario: knowing its day (whether
                                          * it comes, and when); evppi NaN when its day never varies */
    const struct analysis_group *groups; /* the analysis's (groups.c), borrowed */
    struct voi_entry *group_values;
    int n_groups;
    double *chosen, *group_chosen; /* the entries' shares of choices */
    struct voi_store *store;       /* the sample, for voi_group_value() */
};

/* The value of knowing the inputs 'members' (m indices of the analysis's inputs) together,
 * from the sample of a finished voi analysis: what a grouping of the inputs calls for each of
 * its groups. out->chosen must have room for every option. DA_ERR_USAGE when 'an' is not a
 * voi analysis. */
da_status voi_group_value(const struct da_analysis *an, const int *members, int m,
                          struct voi_entry *out);

void voi_results_free(struct voi_results *voi);

#endif /* DA_ANALYSIS_VOI_H */
