/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * schema.c - the tables of the scenario format (see schema.h and docs/scenario.md).
 *
 * The ranges here are the model's, not the data's: they reject what the model cannot mean
 * (a negative count, a share above 1, a time constant below one day), not what seems unlikely.
 * Defaults are those of docs/model.md ("Defaults").
 */
#include "schema.h"

#include <math.h>
#include <stddef.h>
#include <string.h>

#include "scenario.h"

const char *const schema_purpose_words[] = {"security", "humanitarian", "reconstruction", "any",
                                            NULL};
static const char *const pool_purpose_words[] = {"security", "humanitarian", "reconstruction",
                                                 NULL};
const char *const schema_source_kind_words[] = {"pool", "recruitment", "contingent", NULL};
const char *const schema_allocation_words[] = {"need", "population", NULL};
const char *const schema_paid_by_words[] = {"pools", "self", NULL};

/* The weekly series keep the names of the run's series (model/plan.c, series_names) and the
 * metrics their ids in the run's outputs (engine/results.c, metric_names), so that an
 * observation names a quantity as the JSON and CSV do. */
const char *const schema_observable_words[N_OBSERVABLES + 1] = {
    [OBSERVABLE_DEPLOYED] = "deployed",
    [OBSERVABLE_COVERAGE] = "coverage",
    [OBSERVABLE_SECURITY] = "security",
    [OBSERVABLE_WATER_COVERAGE] = "water_coverage",
    [OBSERVABLE_FOOD_COVERAGE] = "food_coverage",
    [OBSERVABLE_DISPLACED] = "displaced",
    [OBSERVABLE_INCIDENTS_TOTAL] = "incidents_total",
    [OBSERVABLE_COST_TOTAL_USD] = "cost_total_usd",
    [OBSERVABLE_UNFUNDED_USD] = "unfunded_usd",
    [OBSERVABLE_WATER_GAP] = "water_gap_person_days",
    [OBSERVABLE_FOOD_GAP] = "food_gap_person_days",
    [OBSERVABLE_MEDICAL_TONNES] = "medical_tonnes",
    [OBSERVABLE_SHELTER_TONNES] = "shelter_tonnes",
    [OBSERVABLE_RETURNED_HOUSING] = "returned_housing",
    [OBSERVABLE_RETURNED_OWN] = "returned_own",
    [OBSERVABLE_SECURITY_MEAN_END] = "security_mean_end",
    [OBSERVABLE_BED_COVERAGE_END] = "bed_coverage_end",
    [N_OBSERVABLES] = NULL,
};

bool schema_observable_is_share(int q)
{
    switch (q) {
    case OBSERVABLE_COVERAGE:
    case OBSERVABLE_SECURITY:
    case OBSERVABLE_WATER_COVERAGE:
    case OBSERVABLE_FOOD_COVERAGE:
    case OBSERVABLE_SECURITY_MEAN_END:
    case OBSERVABLE_BED_COVERAGE_END:
        return true;
    default:
        return false;
    }
}

/* A metric read at the end of the horizon, or over the whole of it, means nothing on an
 * earlier day; what the record can say is the quantity it is made of, on the day it was
 * reported. */
const struct schema_unobservable schema_unobservable_metrics[] = {
    {"start_day",
     "the milestone that starts the option ('milestone: ID'), whose value is its "
     "day"},
    {"deployed_day365", "the series 'deployed' on day 365"},
    {"deployed_end", "the series 'deployed' on a day"},
    {"ioc_day", "the series 'coverage' of each area on a day"},
    {"coverage_min_day365", "the series 'coverage' of each area on day 365"},
    {"displaced_end", "the series 'displaced' on a day"},
    {"days_to_half", "the series 'deployed' on a day"},
    {"deployed_start_plus_365", "the series 'deployed' on a day"},
    {"trucks_short_of_money", "a quantity on a day, such as 'unfunded_usd'"},
    {"build_held_by_security", "a quantity on a day, such as 'security'"},
    {"build_short_of_money", "a quantity on a day, such as 'unfunded_usd'"},
    {"build_short_of_materials", "a quantity on a day, such as 'returned_housing'"},
    {NULL, NULL},
};

/* Ranges. The lower ends are the model's (no negative count, no time constant below a day);
 * the upper ends bound what the engine computes, generously above any mission on Earth, so
 * that every product and sum of a run stays finite and exact enough (docs/scenario.md,
 * "Ranges"). */
#define CAPPED(max)    .hi = (max), .hi_cap = true
#define COUNT          .lo = 0, CAPPED(SCHEMA_MAX_COUNT) /* persons, beds, units, m3/day */
#define PERSONS        .lo = 1, .lo_cap = true, CAPPED(SCHEMA_MAX_COUNT) /* one person at least */
#define COUNT_GT0      .lo = 0, .lo_open = true, CAPPED(SCHEMA_MAX_COUNT)
#define USD            .lo = 0, CAPPED(SCHEMA_MAX_USD)
#define USD_PER_DAY    .lo = 0, CAPPED(SCHEMA_MAX_USD_PER_DAY)
#define DAYS           .lo = 0, CAPPED(SCHEMA_MAX_DAYS)
#define DAYS_GT0       .lo = 0, .lo_open = true, CAPPED(SCHEMA_MAX_DAYS)
#define DAYS_GE1       .lo = 1, CAPPED(SCHEMA_MAX_DAYS)
#define TONNES         .lo = 0, CAPPED(SCHEMA_MAX_TONNES)
#define TRUCKS         .lo = 0, CAPPED(SCHEMA_MAX_TRUCKS_PER_DAY)
#define TRUCK_TONNES   .lo = 0, .lo_open = true, CAPPED(SCHEMA_MAX_TRUCK_TONNES)
#define RISK           .lo = SCHEMA_MIN_RISK, .lo_cap = true, CAPPED(SCHEMA_MAX_MULTIPLIER)
#define MULTIPLIER_GE1 .lo = 1, CAPPED(SCHEMA_MAX_MULTIPLIER)
#define KM2            .lo = SCHEMA_MIN_KM2, .lo_cap = true, CAPPED(SCHEMA_MAX_KM2)
#define PER_1000       .lo = SCHEMA_MIN_PER_1000, .lo_cap = true, CAPPED(1000) /* one per inhabitant */
#define PER_10K        .lo = 0, CAPPED(10000)
#define SHOCK          .lo = 0, CAPPED(SCHEMA_MAX_SHOCK)
#define INCIDENTS      .lo = 0, CAPPED(SCHEMA_MAX_INCIDENTS)
#define LITRES         .lo = 0, CAPPED(SCHEMA_MAX_LITRES)
#define KG             .lo = 0, CAPPED(SCHEMA_MAX_KG)
#define SHARE          .lo = 0, .hi = 1
#define SCALE          .lo = 0, CAPPED(SCHEMA_MAX_MULTIPLIER) /* an effect's factor; 0 turns a rate off */
#define IOC_COVERAGE   .lo = 0, .lo_open = true, .hi = SCHEMA_MAX_IOC_COVERAGE

#define REQ F_REQUIRED
#define OPT 0u

/* A number or distribution: key = the field's name. */
#define NUM(T, f, req, range, d, u)                                                                \
    {                                                                                              \
        .key = #f, .type = FT_NUM, .flags = (req), range, .dflt = (d), .off = offsetof(T, f),      \
        .unit = (u)                                                                                \
    }
#define FIELD(T, f, ty, req)                                                                       \
    {                                                                                              \
        .key = #f, .type = (ty), .flags = (req), .off = offsetof(T, f)                             \
    }
#define ID(T)                                                                                      \
    {                                                                                              \
        .key = "id", .type = FT_ID, .flags = F_REQUIRED | F_KEEP_MARK, .off = offsetof(T, id),     \
        .aux_off = offsetof(T, id_at)                                                              \
    }
#define REFS(T, f, req, section)                                                                   \
    {                                                                                              \
        .key = #f, .type = FT_REFS, .flags = (req), .off = offsetof(T, f), .ref = (section)        \
    }
#define REF(T, f, section)                                                                         \
    {                                                                                              \
        .key = #f, .type = FT_REF, .off = offsetof(T, f), .ref = (section)                         \
    }
#define SUB(T, f, ty, req, spec)                                                                   \
    {                                                                                              \
        .key = #f, .type = (ty), .flags = (req), .off = offsetof(T, f), .sub = &(spec)             \
    }
#define STRUCT(nm, T, table, id) STRUCT_MAX(nm, T, table, id, 0)
/* Items of lists: at most 'max' of them in one list, which bounds a run's work and memory
 * beside DA_RUN_MAX_BYTES (docs/scenario.md, "Ranges"). */
#define STRUCT_MAX(nm, T, table, id, max)                                                          \
    {                                                                                              \
        .name = (nm), .size = sizeof(T), .mark_off = offsetof(T, at), .fields = (table),           \
        .n_fields = sizeof(table) / sizeof((table)[0]), .has_id = (id), .max_items = (max)         \
    }

/* ---- constraints ---------------------------------------------------------------------- */

static const struct field_spec constraints_fields[] = {
    FIELD(struct da_constraints, no_troops_from, FT_STRS, OPT | F_COUNTRY),
};
static const struct struct_spec constraints_spec =
    STRUCT("constraints", struct da_constraints, constraints_fields, false);

/* ---- areas ------------------------------------------------------------------------------ */

static const struct field_spec area_fields[] = {
    ID(struct da_area),
    FIELD(struct da_area, name, FT_STR, REQ),
    NUM(struct da_area, population, REQ, PERSONS, 0, "persons"),
    NUM(struct da_area, area_km2, REQ, KM2, 0, "km2"),
    NUM(struct da_area, risk, OPT, RISK, 1, "multiplier"),
    NUM(struct da_area, displaced_share, REQ, SHARE, 0, "share"),
    NUM(struct da_area, security_baseline, REQ, SHARE, 0, "index 0-1"),
    NUM(struct da_area, water_capacity_m3_day, REQ, COUNT, 0, "m3/day"),
    NUM(struct da_area, hospital_beds, REQ, COUNT, 0, "beds"),
};
static const struct struct_spec area_spec =
    STRUCT_MAX("area", struct da_area, area_fields, true, SCHEMA_MAX_AREAS);

/* ---- milestones ----------------------------------------------------------------------- */

/* An effect replaces ('value') or multiplies ('scale') a parameter while its milestone holds
 * (docs/model.md section 9.1). Exactly one of the two is given (check.c); neither has a
 * default, so that the one left out adds no parameter. */
static const struct field_spec effect_fields[] = {
    {.key = "path",
     .type = FT_STR,
     .flags = REQ | F_KEEP_MARK,
     .off = offsetof(struct da_effect, path),
     .aux_off = offsetof(struct da_effect, path_at),
     .unit = "a parameter's path"},
    {.key = "value",
     .type = FT_EFFECT,
     .flags = F_HAS_FLAG | F_NO_DEFAULT,
     .off = offsetof(struct da_effect, value),
     .aux_off = offsetof(struct da_effect, has_value),
     .unit = "the parameter's own",
     .dflt_text = "none"},
    {.key = "scale",
     .type = FT_NUM,
     .flags = F_HAS_FLAG | F_NO_DEFAULT,
     SCALE,
     .off = offsetof(struct da_effect, scale_by),
     .aux_off = offsetof(struct da_effect, has_scale),
     .unit = "multiplier",
     .dflt_text = "none"},
};
static const struct struct_spec effect_spec =
    STRUCT_MAX("effect", struct da_effect, effect_fields, false, SCHEMA_MAX_ITEMS);

/* A lapse (section 9.2): the milestone may end after it was reached, and may be reached
 * again. 'recovery_days' may be left out only where recovery cannot happen (check.c). */
static const struct field_spec lapse_fields[] = {
    NUM(struct da_lapse, probability, OPT, SHARE, 1, "probability"),
    NUM(struct da_lapse, after_days, REQ, DAYS, 0, "days"),
    {.key = "recovery_days",
     .type = FT_NUM,
     .flags = F_HAS_FLAG | F_NO_DEFAULT,
     DAYS,
     .off = offsetof(struct da_lapse, recovery_days),
     .aux_off = offsetof(struct da_lapse, has_recovery_days),
     .unit = "days",
     .dflt_text = "none (only with recovery_probability 0)"},
    NUM(struct da_lapse, recovery_probability, OPT, SHARE, 1, "probability"),
};
static const struct struct_spec lapse_spec = STRUCT("lapse", struct da_lapse, lapse_fields, false);

static const struct field_spec milestone_fields[] = {
    ID(struct da_milestone),
    REFS(struct da_milestone, after, OPT, REF_MILESTONE),
    REFS(struct da_milestone, any_of, OPT, REF_MILESTONE),
    NUM(struct da_milestone, delay_days, REQ, DAYS, 0, "days"),
    NUM(struct da_milestone, probability, OPT, SHARE, 1, "probability"),
    SUB(struct da_milestone, effects, FT_LIST, OPT, effect_spec),
    /* Absent, a milestone has no lapse, and no parameters of one. */
    {.key = "lapse",
     .type = FT_MAP,
     .flags = F_HAS_FLAG | F_NO_DEFAULT,
     .off = offsetof(struct da_milestone, lapse),
     .aux_off = offsetof(struct da_milestone, lapse.present),
     .sub = &lapse_spec,
     .dflt_text = "none (the milestone holds once reached)"},
};
static const struct struct_spec milestone_spec =
    STRUCT_MAX("milestone", struct da_milestone, milestone_fields, true, SCHEMA_MAX_MILESTONES);

/* ---- security ------------------------------------------------------------------------- */

static const struct field_spec security_fields[] = {
    NUM(struct da_security, required_per_1000, REQ, PER_1000, 0, "personnel per 1,000 inhabitants"),
    NUM(struct da_security, tau_days, REQ, DAYS_GE1, 0, "days"),
    NUM(struct da_security, shock, REQ, SHOCK, 0, "security lost per incident per 100,000"),
    NUM(struct da_security, spoiler_incidents_per_100k_day, REQ, INCIDENTS, 0,
        "incidents per 100,000 inhabitants per day"),
    NUM(struct da_security, ioc_coverage, OPT, IOC_COVERAGE, 1, "coverage (deployed / required)"),
    FIELD(struct da_security, requirement_note, FT_STR, OPT),
};
static const struct struct_spec security_spec =
    STRUCT("security", struct da_security, security_fields, false);

/* ---- humanitarian ----------------------------------------------------------------------- */

static const struct field_spec standards_fields[] = {
    NUM(struct da_standards, water_l, OPT, LITRES, 15, "litres per person per day"),
    NUM(struct da_standards, food_kg, OPT, KG, 0.555, "kg per person per day"),
    NUM(struct da_standards, beds_per_10k, OPT, PER_10K, 18, "beds per 10,000 inhabitants"),
};
static const struct struct_spec standards_spec =
    STRUCT("standards", struct da_standards, standards_fields, false);

static const struct field_spec crossing_fields[] = {
    REFS(struct da_crossing, after, REQ, REF_MILESTONE),
    NUM(struct da_crossing, trucks_per_day, REQ, TRUCKS, 0, "trucks per day"),
};
static const struct struct_spec crossing_spec =
    STRUCT_MAX("crossing stage", struct da_crossing, crossing_fields, false, SCHEMA_MAX_ITEMS);

#define SHARE_FIELD(name, cargo)                                                                   \
    {                                                                                              \
        .key = name, .type = FT_NUM, SHARE,                                                        \
        .off = offsetof(struct da_truck_shares, share) + (cargo) * sizeof(da_pid),                 \
        .unit = "share of a truck's load"                                                          \
    }
static const struct field_spec truck_share_fields[] = {
    SHARE_FIELD("food", CARGO_FOOD),           SHARE_FIELD("water", CARGO_WATER),
    SHARE_FIELD("medical", CARGO_MEDICAL),     SHARE_FIELD("shelter", CARGO_SHELTER),
    SHARE_FIELD("materials", CARGO_MATERIALS),
};
static const struct struct_spec truck_shares_spec =
    STRUCT("truck_shares", struct da_truck_shares, truck_share_fields, false);

static const struct field_spec humanitarian_fields[] = {
    SUB(struct da_humanitarian, standards, FT_MAP, OPT, standards_spec),
    NUM(struct da_humanitarian, trucks_per_day, REQ, TRUCKS, 0, "trucks per day"),
    SUB(struct da_humanitarian, crossings, FT_LIST, OPT, crossing_spec),
    NUM(struct da_humanitarian, tonnes_per_truck, OPT, TRUCK_TONNES, 20, "tonnes"),
    NUM(struct da_humanitarian, cost_per_truck_usd, OPT, USD, 0, "USD per truck"),
    SUB(struct da_humanitarian, truck_shares, FT_MAP, REQ, truck_shares_spec),
    NUM(struct da_humanitarian, access_floor, OPT, SHARE, 0, "share"),
};
static const struct struct_spec humanitarian_spec =
    STRUCT("humanitarian", struct da_humanitarian, humanitarian_fields, false);

/* ---- reconstruction ---------------------------------------------------------------------- */

static const struct field_spec restores_fields[] = {
    NUM(struct da_restores, persons, OPT, COUNT, 0, "persons housed per unit"),
    NUM(struct da_restores, m3_day, OPT, COUNT, 0, "m3/day of water per unit"),
    NUM(struct da_restores, beds, OPT, COUNT, 0, "hospital beds per unit"),
};
static const struct struct_spec restores_spec =
    STRUCT("restores", struct da_restores, restores_fields, false);

static const struct field_spec sector_fields[] = {
    ID(struct da_sector),
    {.key = "damaged_units",
     .type = FT_AREAMAP,
     .flags = REQ,
     COUNT,
     .off = offsetof(struct da_sector, damaged_units),
     .ref = REF_AREA,
     .unit = "units"},
    NUM(struct da_sector, unit_cost_usd, OPT, USD, 0, "USD per unit"),
    NUM(struct da_sector, build_days, REQ, DAYS, 0, "days"),
    NUM(struct da_sector, max_units_per_day, REQ, COUNT, 0, "units per day"),
    NUM(struct da_sector, tonnes_per_unit, REQ, TONNES, 0, "tonnes per unit"),
    SUB(struct da_sector, restores, FT_MAP, REQ, restores_spec),
};
static const struct struct_spec sector_spec =
    STRUCT_MAX("sector", struct da_sector, sector_fields, true, SCHEMA_MAX_ITEMS);

static const struct field_spec reconstruction_fields[] = {
    REF(struct da_reconstruction, starts_after, REF_MILESTONE),
    NUM(struct da_reconstruction, min_security, REQ, SHARE, 0, "index 0-1"),
    NUM(struct da_reconstruction, materials_tonnes_per_day, OPT, TONNES, 0, "tonnes per day"),
    SUB(struct da_reconstruction, sectors, FT_LIST, REQ, sector_spec),
};
static const struct struct_spec reconstruction_spec =
    STRUCT("reconstruction", struct da_reconstruction, reconstruction_fields, false);

/* ---- returns -------------------------------------------------------------------------------- */

/* Returns on their own (section 9.3). Without the block its numbers are still parameters, the
 * constant 0 each, which effects may change. */
static const struct field_spec returns_fields[] = {
    NUM(struct da_returns, rate_per_day, REQ, SHARE, 0, "share of the displaced per day"),
    NUM(struct da_returns, min_security, OPT, SHARE, 0, "index 0-1"),
    REFS(struct da_returns, after, OPT, REF_MILESTONE),
};
static const struct struct_spec returns_spec =
    STRUCT("returns", struct da_returns, returns_fields, false);

/* ---- donors -------------------------------------------------------------------------------- */

static const struct field_spec pledge_fields[] = {
    NUM(struct da_pledge, amount_usd, REQ, USD, 0, "USD"),
    {.key = "purpose",
     .type = FT_ENUM,
     .flags = REQ,
     .off = offsetof(struct da_pledge, purpose),
     .words = schema_purpose_words},
    REFS(struct da_pledge, requires, OPT, REF_MILESTONE),
    NUM(struct da_pledge, probability, OPT, SHARE, 1, "probability"),
    NUM(struct da_pledge, lag_days, OPT, DAYS, 0, "days"),
    NUM(struct da_pledge, spread_days, OPT, DAYS_GT0, 1, "days"),
    FIELD(struct da_pledge, per_year, FT_BOOL, OPT),
    {.key = "options",
     .type = FT_REFS,
     .flags = F_HAS_FLAG | F_NONEMPTY,
     .off = offsetof(struct da_pledge, options),
     .aux_off = offsetof(struct da_pledge, has_options),
     .ref = REF_OPTION,
     .dflt_text = "every option"},
};
static const struct struct_spec pledge_spec =
    STRUCT_MAX("pledge", struct da_pledge, pledge_fields, false, SCHEMA_MAX_ITEMS);

static const struct field_spec donor_fields[] = {
    ID(struct da_donor),
    FIELD(struct da_donor, name, FT_STR, REQ),
    SUB(struct da_donor, pledges, FT_LIST, REQ, pledge_spec),
};
static const struct struct_spec donor_spec =
    STRUCT_MAX("donor", struct da_donor, donor_fields, true, SCHEMA_MAX_ITEMS);

static const struct field_spec funding_fields[] = {
    {.key = "priority",
     .type = FT_ENUMS,
     .off = offsetof(struct da_funding, priority),
     .words = pool_purpose_words,
     .dflt_text = "[humanitarian, security, reconstruction]"},
};
static const struct struct_spec funding_spec =
    STRUCT("funding", struct da_funding, funding_fields, false);

/* ---- options ------------------------------------------------------------------------------- */

static const struct field_spec center_fields[] = {
    ID(struct da_center),
    NUM(struct da_center, seats, REQ, COUNT, 0, "trainees at once"),
    NUM(struct da_center, course_days, REQ, DAYS, 0, "days"),
    NUM(struct da_center, washout, REQ, SHARE, 0, "share failing"),
    NUM(struct da_center, setup_days, REQ, DAYS, 0, "days"),
    NUM(struct da_center, cost_per_trainee_usd, OPT, USD, 0, "USD per trainee"),
    REF(struct da_center, opens_after, REF_MILESTONE),
};
static const struct struct_spec center_spec =
    STRUCT_MAX("training center", struct da_center, center_fields, true, SCHEMA_MAX_ITEMS);

enum {
    K_POOL = 1u << SOURCE_POOL,
    K_RECRUITMENT = 1u << SOURCE_RECRUITMENT,
    K_CONTINGENT = 1u << SOURCE_CONTINGENT
};
#define K_TRAINED (K_POOL | K_RECRUITMENT)

/* A source's key: applies to 'k', required for 'rk'. */
#define SRC_NUM(f, k, rk, range, d, u)                                                             \
    {                                                                                              \
        .key = #f, .type = FT_NUM, range, .dflt = (d), .off = offsetof(struct da_source, f),       \
        .kinds = (k), .required_kinds = (rk), .unit = (u)                                          \
    }

static const struct field_spec source_fields[] = {
    ID(struct da_source),
    {.key = "kind",
     .type = FT_ENUM,
     .flags = REQ,
     .off = offsetof(struct da_source, kind),
     .words = schema_source_kind_words},
    SRC_NUM(size, K_POOL | K_CONTINGENT, K_POOL | K_CONTINGENT, COUNT, 0, "persons"),
    SRC_NUM(per_day, K_RECRUITMENT, K_RECRUITMENT, COUNT, 0, "recruits per day"),
    SRC_NUM(start_delay_days, K_RECRUITMENT, K_RECRUITMENT, DAYS, 0, "days"),
    SRC_NUM(cap, K_RECRUITMENT, K_RECRUITMENT, COUNT, 0, "recruits"),
    {.key = "vetting_per_day",
     .type = FT_NUM,
     COUNT_GT0,
     .dflt = HUGE_VAL,
     .off = offsetof(struct da_source, vetting_per_day),
     .kinds = K_TRAINED,
     .unit = "persons per day",
     .dflt_text = "no limit"},
    SRC_NUM(vetting_days, K_TRAINED, 0, DAYS, 1, "days"),
    SRC_NUM(vetting_pass, K_TRAINED, K_TRAINED, SHARE, 0, "share passing"),
    {.key = "center",
     .type = FT_REF,
     .off = offsetof(struct da_source, center),
     .ref = REF_CENTER,
     .kinds = K_TRAINED,
     .dflt_text = "none (no training)"},
    {.key = "country",
     .type = FT_STR,
     .flags = F_KEEP_MARK | F_COUNTRY,
     .off = offsetof(struct da_source, country),
     .aux_off = offsetof(struct da_source, country_at),
     .kinds = K_CONTINGENT,
     .required_kinds = K_CONTINGENT},
    SRC_NUM(probability, K_CONTINGENT, 0, SHARE, 1, "probability"),
    {.key = "requires",
     .type = FT_REFS,
     .off = offsetof(struct da_source, requires),
     .ref = REF_MILESTONE,
     .kinds = K_CONTINGENT},
    SRC_NUM(lead_time_days, K_CONTINGENT, K_CONTINGENT, DAYS, 0, "days"),
    SRC_NUM(ramp_days, K_CONTINGENT, 0, DAYS, 1, "days"),
    {.key = "tour_days",
     .type = FT_NUM,
     DAYS_GT0,
     .dflt = HUGE_VAL,
     .off = offsetof(struct da_source, tour_days),
     .kinds = K_CONTINGENT,
     .unit = "days",
     .dflt_text = "none (the contingent stays)"},
    {.key = "rotates",
     .type = FT_BOOL,
     .flags = F_KEEP_MARK,
     .off = offsetof(struct da_source, rotates),
     .aux_off = offsetof(struct da_source, rotates_at),
     .kinds = K_CONTINGENT},
    {.key = "paid_by",
     .type = FT_ENUM,
     .off = offsetof(struct da_source, paid_by),
     .words = schema_paid_by_words,
     .dflt = PAID_BY_POOLS,
     .kinds = K_CONTINGENT},
    SRC_NUM(pay_per_person_day, 0, 0, USD_PER_DAY, 0, "USD per person per day"),
    SRC_NUM(equipment_per_person_usd, K_TRAINED, 0, USD, 0, "USD per person"),
    {.key = "areas",
     .type = FT_REFS,
     .flags = F_HAS_FLAG | F_NONEMPTY,
     .off = offsetof(struct da_source, areas),
     .aux_off = offsetof(struct da_source, has_areas),
     .ref = REF_AREA,
     .dflt_text = "every area"},
};
static const struct struct_spec source_spec = {
    .name = "source",
    .size = sizeof(struct da_source),
    .mark_off = offsetof(struct da_source, at),
    .fields = source_fields,
    .n_fields = sizeof source_fields / sizeof source_fields[0],
    .kind_key = "kind",
    .kind_words = schema_source_kind_words,
    .has_id = true,
    .max_items = SCHEMA_MAX_ITEMS,
};

static const struct field_spec option_fields[] = {
    ID(struct da_option),
    FIELD(struct da_option, name, FT_STR, REQ),
    REFS(struct da_option, starts_when, OPT, REF_MILESTONE),
    {.key = "allocation",
     .type = FT_ENUM,
     .off = offsetof(struct da_option, allocation),
     .words = schema_allocation_words,
     .dflt = ALLOCATION_NEED},
    NUM(struct da_option, attrition_per_year, OPT, SHARE, 0, "share per year"),
    NUM(struct da_option, arrears_attrition_multiplier, OPT, MULTIPLIER_GE1, 1, "multiplier"),
    SUB(struct da_option, training_centers, FT_LIST, OPT, center_spec),
    SUB(struct da_option, sources, FT_LIST, REQ, source_spec),
};
static const struct struct_spec option_spec =
    STRUCT_MAX("option", struct da_option, option_fields, true, SCHEMA_MAX_OPTIONS);

/* ---- correlations ------------------------------------------------------------------------- */

static const struct field_spec correlation_fields[] = {
    {.key = "between",
     .type = FT_STRS,
     .flags = REQ | F_NONEMPTY,
     .off = offsetof(struct da_correlation, between),
     .unit = "two input paths"},
    {.key = "rank",
     .type = FT_NUM,
     .flags = REQ | F_CONSTANT,
     .lo = -1,
     .hi = 1,
     .lo_open = true,
     .off = offsetof(struct da_correlation, rank),
     .unit = "Spearman rank correlation"},
};
static const struct struct_spec correlation_spec =
    STRUCT("correlation", struct da_correlation, correlation_fields, false);

/* ---- observed ------------------------------------------------------------------------------- */

/* What happened, to score the runs against (docs/scenario.md, "observed"). Which keys an
 * observation takes depends on what it observes, a series' word or a milestone, which the
 * checks tell apart (check.c): so only 'value' and 'source' are required here. None of it is
 * a parameter: an observation is a number that was published, not an input to draw. */
static const struct field_spec observation_fields[] = {
    {.key = "series",
     .type = FT_STR,
     .flags = F_KEEP_MARK,
     .off = offsetof(struct da_observation, quantity),
     .aux_off = offsetof(struct da_observation, quantity_at),
     .unit = "a quantity's word",
     .dflt_text = "none (with 'milestone')"},
    {.key = "milestone",
     .type = FT_REF,
     .off = offsetof(struct da_observation, milestone),
     .ref = REF_MILESTONE,
     .dflt_text = "none (with 'series')"},
    {.key = "option",
     .type = FT_REF,
     .off = offsetof(struct da_observation, option),
     .ref = REF_OPTION,
     .dflt_text = "the only option"},
    {.key = "area",
     .type = FT_REF,
     .off = offsetof(struct da_observation, area),
     .ref = REF_AREA,
     .dflt_text = "every area"},
    {.key = "from",
     .type = FT_REFS,
     .flags = F_NONEMPTY,
     .off = offsetof(struct da_observation, from),
     .dflt_text = "every source of the option"},
    /* Its mark says whether it was given (check.c sets has_day), and where, for messages. */
    {.key = "day",
     .type = FT_INT,
     .flags = F_KEEP_MARK | F_DAY_OF_RUN,
     .lo = 0,
     .hi = 36499,
     .off = offsetof(struct da_observation, day.day),
     .aux_off = offsetof(struct da_observation, day.at),
     .unit = "days",
     .dflt_text = "none (with 'milestone')"},
    {.key = "value",
     .type = FT_OBSERVED,
     .flags = REQ | F_KEEP_MARK,
     .lo = 0,
     .hi = SCHEMA_MAX_OBSERVED,
     .off = offsetof(struct da_observation, value),
     .aux_off = offsetof(struct da_observation, value_at),
     .unit = "the quantity's own"},
    {.key = "source",
     .type = FT_STR,
     .flags = REQ,
     .off = offsetof(struct da_observation, source),
     .why_required = "every observation names its publication"},
    FIELD(struct da_observation, out_of_sample, FT_BOOL, OPT),
};
static const struct struct_spec observation_spec = STRUCT_MAX(
    "observation", struct da_observation, observation_fields, false, SCHEMA_MAX_OBSERVATIONS);

/* ---- the top level -------------------------------------------------------------------------- */

static const struct field_spec scenario_fields[] = {
    {.key = "dayafter",
     .type = FT_INT,
     .flags = REQ | F_KEEP_MARK,
     .lo = 1,
     .hi = 1,
     .off = offsetof(struct da_scenario, format),
     .aux_off = offsetof(struct da_scenario, format_at),
     .unit = "format version"},
    FIELD(struct da_scenario, name, FT_STR, REQ),
    FIELD(struct da_scenario, description, FT_STR, OPT),
    {.key = "horizon_days",
     .type = FT_INT,
     .flags = REQ | F_KEEP_MARK,
     .lo = 1,
     .hi = 36500,
     .off = offsetof(struct da_scenario, horizon_days),
     .aux_off = offsetof(struct da_scenario, horizon_at),
     .unit = "days"},
    {.key = "replications",
     .type = FT_INT,
     .lo = 1,
     .hi = DA_MAX_REPLICATIONS,
     .dflt = 10000,
     .off = offsetof(struct da_scenario, replications)},
    {.key = "seed", .type = FT_U64, .dflt = 1, .off = offsetof(struct da_scenario, seed)},
    {.key = "start_date",
     .type = FT_DATE,
     .flags = F_HAS_FLAG,
     .off = offsetof(struct da_scenario, start_date),
     .aux_off = offsetof(struct da_scenario, has_start_date),
     .unit = "date",
     .dflt_text = "none (days only)"},
    {.key = "check_days",
     .type = FT_DAYS,
     .flags = F_NONEMPTY | F_DAY_OF_RUN,
     .lo = 0,
     .hi = 36499,
     .off = offsetof(struct da_scenario, check_days),
     .unit = "days",
     .dflt_text = "90, 180 and 365, each past the horizon replaced by its last day"},
    SUB(struct da_scenario, constraints, FT_MAP, OPT, constraints_spec),
    {.key = "areas",
     .type = FT_LIST,
     .flags = REQ | F_NONEMPTY,
     .off = offsetof(struct da_scenario, areas),
     .sub = &area_spec},
    SUB(struct da_scenario, milestones, FT_LIST, REQ, milestone_spec),
    SUB(struct da_scenario, security, FT_MAP, REQ, security_spec),
    SUB(struct da_scenario, humanitarian, FT_MAP, REQ, humanitarian_spec),
    SUB(struct da_scenario, reconstruction, FT_MAP, REQ, reconstruction_spec),
    {.key = "returns",
     .type = FT_MAP,
     .flags = F_HAS_FLAG,
     .off = offsetof(struct da_scenario, returns),
     .aux_off = offsetof(struct da_scenario, returns.present),
     .sub = &returns_spec,
     .dflt_text = "none (rate 0)"},
    SUB(struct da_scenario, donors, FT_LIST, REQ, donor_spec),
    SUB(struct da_scenario, funding, FT_MAP, OPT, funding_spec),
    {.key = "options",
     .type = FT_LIST,
     .flags = REQ | F_NONEMPTY,
     .off = offsetof(struct da_scenario, options),
     .sub = &option_spec},
    SUB(struct da_scenario, correlations, FT_LIST, OPT, correlation_spec),
    SUB(struct da_scenario, observed, FT_LIST, OPT, observation_spec),
};

/* The top level has no 'at' of its own: its mark is that of the root mapping, not stored. */
const struct struct_spec schema_scenario = {
    .name = "scenario",
    .size = sizeof(struct da_scenario),
    .mark_off = SIZE_MAX,
    .fields = scenario_fields,
    .n_fields = sizeof scenario_fields / sizeof scenario_fields[0],
};

const struct field_spec *schema_field(const struct struct_spec *spec, const char *key, size_t len)
{
    for (size_t i = 0; i < spec->n_fields; i++)
        if (strncmp(spec->fields[i].key, key, len) == 0 && spec->fields[i].key[len] == '\0')
            return &spec->fields[i];
    return NULL;
}
