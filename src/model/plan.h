/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * plan.h - what the engine derives once from a scenario before any replication runs: the
 * milestones in dependency order, the pledges in one flat list, the sizes of the series and of
 * every per-worker array. A plan is read-only while replications run, shared by all workers.
 */
#ifndef DA_MODEL_PLAN_H
#define DA_MODEL_PLAN_H

#include <stdbool.h>
#include <stdint.h>

#include "../scenario/correlations.h"
#include "../scenario/scenario.h"
#include "../scenario/schema.h"

/* The days whose deployed strength a run tracks (docs/model.md section 8): those of the JSON's
 * contract, 90, 180 and 365, whose keys p_deployed_by always has (null past the horizon), and
 * the run's check days, which the outputs show: the scenario's check_days, or the contract's
 * days with each one past the horizon replaced by the horizon's last day. */
#define N_CONTRACT_DAYS 3
extern const int plan_contract_days[N_CONTRACT_DAYS]; /* 90, 180, 365 */
#define PLAN_MAX_TRACKED (SCHEMA_MAX_CHECK_DAYS + N_CONTRACT_DAYS)

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
    int pool; /* the pool it pays into: its purpose's, or the flexible one (world.h) */
};

/* One observation of the scenario, resolved (model/observe.c). */
struct plan_observation {
    const struct da_observation *obs;
    int reading;   /* enum observed_reading */
    int option;    /* the option whose world it reads */
    int area;      /* an area, or -1 for all of them */
    int day;       /* the day it reads (a milestone's: -1) */
    int milestone; /* for READ_MILESTONE, else -1 */
    bool *from;    /* per source of the option: whether its strength counts; NULL: all */
    /* The value it is scored by: the observed value, or a range's middle; a milestone's day
     * past the horizon is read as the horizon, as the runs that do not reach it are. */
    double point;
};

struct plan {
    const struct da_scenario *scn;
    int horizon; /* H */
    int n_areas, n_milestones, n_options, n_donors, n_sectors;
    size_t n_params;
    uint32_t *topo; /* milestones, each after all it waits for */
    int n_pledges;
    struct plan_pledge *pledges;
    /* The v2 mechanisms a scenario uses (docs/model.md section 9); without them the engine
     * takes the paths of v1, which give the same numbers for less work. */
    bool has_lapses;        /* a milestone may lapse */
    bool has_effects;       /* a milestone has effects */
    bool has_returns;       /* returns on their own */
    int max_refs;           /* the longest list of milestones any rule waits on (for spans) */
    int *effect_milestones; /* the milestones with effects, in file order (regime.c) */
    int n_effect_milestones;
    /* The observations (observe.c), and, per day, the range of those read that day:
     * observed_by_day[day] .. observed_by_day[day + 1] - 1 index observed_order. */
    int n_observed;
    struct plan_observation *observed;
    int *observed_order, *observed_by_day;
    int n_self_payers;        /* countries whose contingents pay their own way, each once */
    const char **self_payers; /* their names, in order of first mention */
    int *self_payer_of;       /* per source of every option (contingent_base): its payer, or -1 */
    /* Who pays (the outputs' cost_by_donor): the donors, then each self-paying country as
     * "self:COUNTRY" (section 9.5); ids and names for the outputs. */
    int n_payers;
    const char **payer_ids, **payer_names;
    int n_weeks; /* series points: days 0, 7, ... below H */
    /* The bands of the weekly series and requirement are narrow (engine/band.h): a run of at
     * most BAND_NARROW_MAX replications sets it, before any accumulator is made; false from
     * plan_init(). */
    bool narrow_bands;
    int max_sources; /* the most sources and centers of any option */
    int max_centers;
    int n_contingents;    /* contingent sources over all options: one probability event each */
    int *contingent_base; /* per option: index of its first source in the events' list */
    /* The correlated inputs (scenario's correlations:), and the lower Cholesky factor of their
     * normal scores' target correlation, m x m (correlate.c). */
    int n_correlated;
    da_pid correlated[CORRELATION_MAX_INPUTS];
    double *correlation_factor;
    /* Per day, what its outputs record beyond the checks of every day (PLAN_DAY_* bits): most
     * days have none, and one byte says so where four comparisons did. */
    uint8_t *day_marks;
    /* The tracked days, ascending, each once; and the check days among them, ascending. */
    int n_tracked, tracked_days[PLAN_MAX_TRACKED];
    int n_check, check_days[SCHEMA_MAX_CHECK_DAYS];
};

/* The bits of plan.day_marks: the first day of a week of the series (days 0, 7, ...), day 365
 * (the metrics read then), the last day, a day with observations to read, a tracked day (its
 * checks on deployed strength). */
enum {
    PLAN_DAY_WEEK = 1,
    PLAN_DAY_365 = 2,
    PLAN_DAY_LAST = 4,
    PLAN_DAY_OBSERVED = 8,
    PLAN_DAY_TRACKED = 16
};

/* The longest list of milestones that any rule of 'scn' waits on, or 1 (plan.max_refs). */
int plan_longest_refs(const struct da_scenario *scn);

/* The index of 'day' among the plan's tracked days, or -1. */
int plan_tracked_index(const struct plan *plan, int day);

/* Replications a block of correlated draws covers: the rank correlations are imposed on each
 * block of this many consecutive replications (correlate.c). */
#define CORRELATION_BLOCK 10000

/* Builds the plan of 'scn'. DA_ERR_NOMEM or DA_OK. */
da_status plan_init(struct plan *plan, const struct da_scenario *scn);
void plan_release(struct plan *plan);

#endif /* DA_MODEL_PLAN_H */
