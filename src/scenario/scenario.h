/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * scenario.h - a loaded scenario, as the engine reads it (the library's internal view).
 *
 * Every key of the format (docs/scenario.md) has a field here. Numeric fields hold a parameter id
 * (da_pid), an index into the scenario's parameter table: each parameter is a distribution (a
 * constant is the "fixed" one) with the path that names it (such as
 * "milestones.approval.delay_days") and where it was written. The engine draws the whole table once
 * per replication; sensitivity analysis treats every non-constant parameter as an uncertain input,
 * among them the uniform draws that decide the scenario's events, which follow the file's
 * parameters in the table (events.c).
 * Optional keys that were left out get a constant parameter holding their documented default, so
 * the engine never needs to ask whether a value was given.
 *
 * References between sections (milestones, areas, centers, options) are resolved to indices
 * after binding: a struct da_ref keeps the name and position as written, for messages.
 *
 * Everything lives in the scenario's arena and is freed with it.
 */
#ifndef DA_SCENARIO_SCENARIO_H
#define DA_SCENARIO_SCENARIO_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "../util/arena.h"
#include "../util/diag.h"
#include "dayafter.h"
#include "dist.h"

/* A typed array and its length, side by side (the binder fills them through struct
 * anyarray, so the two must stay adjacent and in this order). */
#define DA_ARRAY(type, name)                                                                       \
    type *name;                                                                                    \
    size_t n_##name

struct anyarray {
    void *items;
    size_t n;
};

typedef uint32_t da_pid;

struct da_param {
    struct da_dist dist;
    const char *path;   /* "areas.north.population" */
    struct da_mark at;  /* where it was written; for a default, the mapping that lacks it */
    double central;     /* the value --deterministic uses (docs/model.md section 1) */
    bool is_default;    /* the key was left out */
    bool is_event;      /* the uniform that decides an event (events.c), not a key */
    da_pid probability; /* for an event's uniform: its event's probability */
    const char *source; /* its "# source:" note in the file, NULL if none (sources.c) */
};

/* A day named in a scenario, with where it was written. */
struct da_day {
    int64_t day;
    struct da_mark at;
};

/* A reference to another section's item by id. */
struct da_ref {
    const char *name;
    const char *path; /* the key that holds it, for messages */
    struct da_mark at;
    uint32_t index; /* resolved; UINT32_MAX while unresolved or dangling */
};

struct da_constraints {
    struct da_mark at;
    DA_ARRAY(struct da_ref, no_troops_from); /* country codes as written; 'index' unused */
};

struct da_area {
    struct da_mark at;
    const char *id;
    struct da_mark id_at;
    const char *name;
    da_pid population, area_km2, risk, displaced_share, security_baseline;
    da_pid water_capacity_m3_day, hospital_beds;
};

/* What a milestone's effect may change while the milestone holds (docs/model.md section
 * 9.1): an area's parameter (for one area or every area), or a scenario-wide one. */
enum da_effect_target {
    EFFECT_SECURITY_BASELINE,           /* areas.A.security_baseline */
    EFFECT_RISK,                        /* areas.A.risk */
    EFFECT_WATER_CAPACITY,              /* areas.A.water_capacity_m3_day */
    EFFECT_HOSPITAL_BEDS,               /* areas.A.hospital_beds */
    EFFECT_SHOCK,                       /* security.shock */
    EFFECT_SPOILER_RATE,                /* security.spoiler_incidents_per_100k_day */
    EFFECT_ACCESS_FLOOR,                /* humanitarian.access_floor */
    EFFECT_RETURNS_RATE,                /* returns.rate_per_day */
    EFFECT_RETURNS_MIN_SECURITY,        /* returns.min_security */
    EFFECT_RECONSTRUCTION_MIN_SECURITY, /* reconstruction.min_security */
    N_EFFECT_TARGETS
};
#define EFFECT_FIRST_SCALAR EFFECT_SHOCK /* the targets before it are per area */
#define EFFECT_EVERY_AREA   UINT32_MAX   /* an area's parameter written with '*' */

/* One effect: {path, value} or {path, scale}. */
struct da_effect {
    struct da_mark at;
    const char *path; /* as written, for messages */
    struct da_mark path_at;
    int target;             /* enum da_effect_target, resolved by the checks */
    uint32_t area;          /* for an area's parameter: its index, or EFFECT_EVERY_AREA */
    bool scale;             /* true: 'scale' multiplies; false: 'value' replaces */
    da_pid value, scale_by; /* the one given (drawn once per replication); the other unused */
    bool has_value, has_scale;
};

/* A milestone's lapse (section 9.2); 'present' false when the key is absent. */
struct da_lapse {
    struct da_mark at;
    bool present;
    da_pid probability, after_days, recovery_days, recovery_probability;
    bool has_recovery_days;
    da_pid occurs, recovers; /* the uniforms that decide both (events.c) */
};

struct da_milestone {
    struct da_mark at;
    const char *id;
    struct da_mark id_at;
    DA_ARRAY(struct da_ref, after);
    DA_ARRAY(struct da_ref, any_of);
    da_pid delay_days, probability;
    da_pid occurs; /* the uniform that decides whether it happens (events.c) */
    DA_ARRAY(struct da_effect, effects);
    struct da_lapse lapse;
};

struct da_security {
    struct da_mark at;
    da_pid required_per_1000, tau_days, shock, spoiler_incidents_per_100k_day;
    da_pid ioc_coverage;          /* section 9.4; default 1 */
    const char *requirement_note; /* section 9.4; NULL when absent */
};

/* Returns on their own (section 9.3); 'present' false when the key is absent, and then the
 * rate is a constant 0 (effects may still set it). */
struct da_returns {
    struct da_mark at;
    bool present;
    da_pid rate_per_day, min_security;
    DA_ARRAY(struct da_ref, after);
};

struct da_standards {
    struct da_mark at;
    da_pid water_l, food_kg, beds_per_10k;
};

struct da_crossing {
    struct da_mark at;
    DA_ARRAY(struct da_ref, after);
    da_pid trucks_per_day;
};

enum da_cargo { CARGO_FOOD, CARGO_WATER, CARGO_MEDICAL, CARGO_SHELTER, CARGO_MATERIALS, N_CARGO };

struct da_truck_shares {
    struct da_mark at;
    da_pid share[N_CARGO]; /* in enum da_cargo order */
};

struct da_humanitarian {
    struct da_mark at;
    struct da_standards standards;
    da_pid trucks_per_day;
    DA_ARRAY(struct da_crossing, crossings);
    da_pid tonnes_per_truck, cost_per_truck_usd;
    struct da_truck_shares truck_shares;
    da_pid access_floor;
};

/* One "AREA: value" entry of a per-area mapping such as damaged_units. */
struct da_area_value {
    struct da_ref area;
    da_pid value;
};

struct da_restores {
    struct da_mark at;
    da_pid persons, m3_day, beds;
};

struct da_sector {
    struct da_mark at;
    const char *id;
    struct da_mark id_at;
    DA_ARRAY(struct da_area_value, damaged_units);
    da_pid *damaged_by_area; /* resolved: one per area, 0 where the area was left out */
    da_pid unit_cost_usd, build_days, max_units_per_day, tonnes_per_unit;
    struct da_restores restores;
};

struct da_reconstruction {
    struct da_mark at;
    struct da_ref starts_after; /* name NULL when absent */
    da_pid min_security, materials_tonnes_per_day;
    DA_ARRAY(struct da_sector, sectors);
};

enum da_purpose { PURPOSE_SECURITY, PURPOSE_HUMANITARIAN, PURPOSE_RECONSTRUCTION, PURPOSE_ANY };
#define N_POOL_PURPOSES 3 /* the purposes with a pool of their own; 'any' is the flexible one */

struct da_pledge {
    struct da_mark at;
    da_pid amount_usd;
    int purpose; /* enum da_purpose */
    DA_ARRAY(struct da_ref, requires);
    da_pid probability, lag_days, spread_days;
    da_pid occurs; /* the uniform that decides whether it is paid (events.c) */
    bool per_year;
    DA_ARRAY(struct da_ref, options); /* empty: every option */
    bool has_options;
};

struct da_donor {
    struct da_mark at;
    const char *id;
    struct da_mark id_at;
    const char *name;
    DA_ARRAY(struct da_pledge, pledges);
};

struct da_funding {
    struct da_mark at;
    DA_ARRAY(int, priority);    /* enum da_purpose, as written */
    int order[N_POOL_PURPOSES]; /* resolved: the listed ones, then the rest in default order */
};

struct da_center {
    struct da_mark at;
    const char *id;
    struct da_mark id_at;
    da_pid seats, course_days, washout, setup_days, cost_per_trainee_usd;
    struct da_ref opens_after;
};

enum da_source_kind { SOURCE_POOL, SOURCE_RECRUITMENT, SOURCE_CONTINGENT };
enum da_paid_by { PAID_BY_POOLS, PAID_BY_SELF };

struct da_source {
    struct da_mark at;
    const char *id;
    struct da_mark id_at;
    int kind; /* enum da_source_kind */
    /* pool and contingent */
    da_pid size;
    /* recruitment */
    da_pid per_day, start_delay_days, cap;
    /* pool and recruitment */
    da_pid vetting_per_day, vetting_days, vetting_pass, equipment_per_person_usd;
    struct da_ref center; /* a training center of the same option; name NULL when absent */
    /* contingent */
    const char *country;
    struct da_mark country_at;
    da_pid probability, lead_time_days, ramp_days, tour_days;
    da_pid joins; /* the uniform that decides whether it joins (events.c) */
    DA_ARRAY(struct da_ref, requires);
    bool rotates;
    struct da_mark rotates_at; /* where 'rotates' was written: line 0 when left out */
    int paid_by;               /* enum da_paid_by: contingents only (section 9.5) */
    /* every kind */
    da_pid pay_per_person_day;
    DA_ARRAY(struct da_ref, areas); /* empty: every area */
    bool has_areas;
};

enum da_allocation { ALLOCATION_NEED, ALLOCATION_POPULATION };

struct da_option {
    struct da_mark at;
    const char *id;
    struct da_mark id_at;
    const char *name;
    DA_ARRAY(struct da_ref, starts_when);
    int allocation; /* enum da_allocation */
    da_pid attrition_per_year, arrears_attrition_multiplier;
    DA_ARRAY(struct da_center, training_centers);
    DA_ARRAY(struct da_source, sources);
};

/* What an observation observes (docs/scenario.md, "observed"): a weekly series' quantity on a
 * day, a metric's running value on a day, or the day a milestone was reached. */
enum da_observed_kind { OBSERVED_SERIES, OBSERVED_METRIC, OBSERVED_MILESTONE };

/* The quantities an observation's 'series' may name, in the order of their words
 * (schema_observable_words, schema.c). The weekly series come first, in the order of the
 * model's own (enum series_metric, model/plan.h), so that a series' quantity is its index
 * there; then the metrics with a value on any day: running totals up to and including the
 * day, then the day's own population-weighted values. */
enum da_observable {
    OBSERVABLE_DEPLOYED,
    OBSERVABLE_COVERAGE,
    OBSERVABLE_SECURITY,
    OBSERVABLE_WATER_COVERAGE,
    OBSERVABLE_FOOD_COVERAGE,
    OBSERVABLE_DISPLACED,
    OBSERVABLE_INCIDENTS_TOTAL, /* the first metric: running totals from here */
    OBSERVABLE_COST_TOTAL_USD,
    OBSERVABLE_UNFUNDED_USD,
    OBSERVABLE_WATER_GAP, /* water_gap_person_days */
    OBSERVABLE_FOOD_GAP,  /* food_gap_person_days */
    OBSERVABLE_MEDICAL_TONNES,
    OBSERVABLE_SHELTER_TONNES,
    OBSERVABLE_RETURNED_HOUSING,
    OBSERVABLE_RETURNED_OWN,
    OBSERVABLE_SECURITY_MEAN_END, /* the day's values from here */
    OBSERVABLE_BED_COVERAGE_END,
    N_OBSERVABLES
};
#define OBSERVABLE_FIRST_METRIC OBSERVABLE_INCIDENTS_TOTAL
#define OBSERVABLE_FIRST_LEVEL  OBSERVABLE_SECURITY_MEAN_END

/* One observation of what happened, to score the runs against (docs/model.md, "Against the
 * record"). */
struct da_observation {
    struct da_mark at;
    const char *quantity; /* 'series' as written: a series' name or a metric's id; NULL
                           * for a milestone */
    struct da_mark quantity_at;
    struct da_ref milestone;       /* 'milestone: ID'; name NULL otherwise */
    struct da_ref option;          /* name NULL when left out (a scenario of one option) */
    struct da_ref area;            /* name NULL: every area (summed, or population-weighted for a
                                    * share) */
    DA_ARRAY(struct da_ref, from); /* 'from': sources of the option whose strength counts
                                    * (deployed only); empty: all of them */
    bool has_day;
    struct da_day day; /* the day observed (not for a milestone) */
    double value;      /* the value, or the middle of the range */
    double min, max;   /* the range as written; min == max == value for a number */
    bool is_range;
    struct da_mark value_at;
    const char *source; /* the publication, required */
    bool out_of_sample; /* happened after the file's inputs were set */
    /* resolved by the checks */
    int kind;              /* enum da_observed_kind */
    int observable;        /* enum da_observable; -1 for a milestone */
    uint32_t option_index; /* the option (0 when the scenario has one, and for a
                            * milestone, which is the same in every option); 'from'
                            * indexes its sources, 'area' and 'milestone' theirs */
};

/* A rank correlation between two uncertain inputs, named by their paths (correlations.c). */
struct da_correlation {
    struct da_mark at;
    DA_ARRAY(struct da_ref, between); /* two paths; 'index': their parameters once checked */
    da_pid rank;                      /* Spearman's, a constant in (-1, 1) */
};

struct da_scenario {
    struct arena arena;
    const char *file;
    /* top level */
    int64_t format;
    struct da_mark format_at;
    const char *name;
    const char *description;
    int64_t horizon_days;
    struct da_mark horizon_at;
    int64_t replications;
    uint64_t seed;
    /* start_date: the calendar date of day 0, as days since 1970-01-01, when given. */
    bool has_start_date;
    int64_t start_date;
    /* check_days: the days whose deployed strength the outputs report; empty: the defaults
     * (model/plan.c). Each below the horizon (check.c), with where it was written. */
    DA_ARRAY(struct da_day, check_days);
    struct da_constraints constraints;
    DA_ARRAY(struct da_area, areas);
    DA_ARRAY(struct da_milestone, milestones);
    struct da_security security;
    struct da_humanitarian humanitarian;
    struct da_reconstruction reconstruction;
    struct da_returns returns;
    DA_ARRAY(struct da_donor, donors);
    struct da_funding funding;
    DA_ARRAY(struct da_option, options);
    DA_ARRAY(struct da_correlation, correlations);
    DA_ARRAY(struct da_observation, observed);
    /* the parameter table (see the top of this file): the file's parameters, then from
     * 'first_event' on the events' uniforms (events.c) */
    DA_ARRAY(struct da_param, params);
    size_t first_event;
    size_t params_cap;
    /* the paths of the values that failed their checks and were left at parameter 0 (bind.c):
     * reported there, so that a check that names parameters by path (a correlation's) does not
     * report them again as missing */
    DA_ARRAY(const char *, failed);
    size_t failed_cap;
    /* the uncertain parameters (not constants) in the table's order: the inputs that the
     * analyses vary and the public API lists (inputs.c) */
    DA_ARRAY(da_pid, inputs);
};

/* The parameter 'pid' of 'scn'. */
static inline const struct da_param *scn_param(const struct da_scenario *scn, da_pid pid)
{
    return &scn->params[pid];
}

/* The central value of parameter 'pid' (its constant, for a constant). */
static inline double scn_central(const struct da_scenario *scn, da_pid pid)
{
    return scn->params[pid].central;
}

#endif /* DA_SCENARIO_SCENARIO_H */
