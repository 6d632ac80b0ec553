/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * plan.h - what the engine derives once from a scenario before any replication runs: the
 * milestones in dependency order, the pledges in one flat list, the sizes of the series and of
 * every per-worker array. A plan is read-only while replications run, shared by all workers.
 */
#ifndef DA_ENGINE_PLAN_H
#define DA_ENGINE_PLAN_H

#include <stdbool.h>
#include <stdint.h>

#include "../scenario/correlations.h"
#include "../scenario/scenario.h"

/* Days whose deployed strength the outputs report (docs/model.md section 8). */
#define N_CHECK_DAYS 3
extern const int plan_check_days[N_CHECK_DAYS]; /* 90, 180, 365 */

/* The weekly series' metrics, per area. */
enum series_metric {
    SERIES_DEPLOYED,
    SERIES_COVERAGE,
    SERIES_SECURITY,
    SERIES_WATER,
    SERIES_FOOD,
    SERIES_DISPLACED,
    N_SERIES
};
extern const char *const series_names[N_SERIES];

struct plan_pledge {
    const struct da_pledge *pledge;
    uint32_t donor;
};

struct plan {
    const struct da_scenario *scn;
    int horizon;          /* H */
    int n_areas, n_milestones, n_options, n_donors, n_sectors;
    size_t n_params;
    uint32_t *topo;       /* milestones, each after all it waits for */
    int n_pledges;
    struct plan_pledge *pledges;
    int n_weeks;          /* series points: days 0, 7, ... below H */
    int max_sources;      /* the most sources and centers of any option */
    int max_centers;
    int n_contingents;    /* contingent sources over all options: one probability event each */
    int *contingent_base; /* per option: index of its first source in the events' list */
    /* The correlated inputs (scenario's correlations:), and the lower Cholesky factor of their
     * normal scores' target correlation, m x m (correlate.c). */
    int n_correlated;
    da_pid correlated[CORRELATION_MAX_INPUTS];
    double *correlation_factor;
};

/* Replications a block of correlated draws covers: the rank correlations are imposed on each
 * block of this many consecutive replications (correlate.c). */
#define CORRELATION_BLOCK 10000

/* Builds the plan of 'scn'. DA_ERR_NOMEM or DA_OK. */
da_status plan_init(struct plan *plan, const struct da_scenario *scn);
void plan_release(struct plan *plan);

#endif /* DA_ENGINE_PLAN_H */
