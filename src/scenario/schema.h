/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * schema.h - the scenario format as data: every key, its type, range, default and unit.
 *
 * One table per kind of mapping (the top level, an area, a milestone, a source...) says which
 * keys it takes and where each goes in the structs of scenario.h. The binder walks a YAML tree
 * with these tables, so that every key gets the same checks and messages; the documentation
 * test walks them too, so that docs/scenario.md cannot forget a key.
 */
#ifndef DA_SCENARIO_SCHEMA_H
#define DA_SCENARIO_SCHEMA_H

#include <stdbool.h>
#include <stddef.h>

enum field_type {
    FT_NUM,     /* a number or a distribution -> da_pid */
    FT_INT,     /* a constant whole number -> int64_t */
    FT_U64,     /* a constant whole number from 0 to 2^64 - 1 -> uint64_t */
    FT_STR,     /* a string -> const char * */
    FT_ID,      /* an id -> const char * */
    FT_BOOL,    /* true or false -> bool */
    FT_ENUM,    /* one of 'words' -> int */
    FT_ENUMS,   /* a list of 'words', no repeats -> DA_ARRAY(int) */
    FT_STRS,    /* a list of strings -> DA_ARRAY(struct da_ref) */
    FT_REF,     /* an id of section 'ref' -> struct da_ref */
    FT_REFS,    /* a list of ids of section 'ref', or one id -> DA_ARRAY(struct da_ref) */
    FT_AREAMAP, /* {AREA_ID: number} -> DA_ARRAY(struct da_area_value) */
    FT_MAP,     /* a mapping described by 'sub', stored in place */
    FT_LIST,    /* a list of mappings described by 'sub' -> DA_ARRAY(item) */
    FT_DATE,    /* a date, YYYY-MM-DD -> int64_t days since 1970-01-01 */
    FT_DAYS,    /* a list of whole numbers from lo to hi, no repeats -> DA_ARRAY(struct da_day) */
    FT_EFFECT,  /* a number or a distribution in the range of the parameter that the mapping's
                   'path' names (an effect's value; effects.h) -> da_pid */
    FT_OBSERVED /* a constant number from lo to hi, or a range {min, max} of them (an
                   observation's value) -> the value, min, max and is_range of the struct
                   da_observation that the mapping is; never a parameter */
};

enum ref_section { REF_NONE, REF_AREA, REF_MILESTONE, REF_OPTION, REF_CENTER };

/* The largest values the format accepts, by kind of quantity (docs/scenario.md, "Ranges").
 * They are far above any real mission (the world has 8e9 people; its yearly output is about
 * 1e14 dollars) and low enough that a run's products and sums stay finite: a day's cost of a
 * whole population at the highest pay is 1e16 dollars, a run's below the statistics' limit of
 * 1e18 for most scenarios, and a run that still goes beyond it fails with DA_ERR_NUMERIC. */
#define SCHEMA_MAX_COUNT          1e10 /* persons, beds, units, seats, m3 of water a day */
#define SCHEMA_MAX_USD            1e13 /* any amount or price in dollars */
#define SCHEMA_MAX_USD_PER_DAY    1e6  /* pay per person per day */
#define SCHEMA_MAX_DAYS           1e6  /* durations and delays: about 2,700 years */
#define SCHEMA_MAX_TONNES         1e9  /* tonnes a day, tonnes per unit */
#define SCHEMA_MAX_TRUCK_TONNES   1e3  /* one truck's load */
#define SCHEMA_MAX_TRUCKS_PER_DAY 1e6
#define SCHEMA_MAX_MULTIPLIER     1e3 /* risk, arrears attrition */
/* The lower ends of the two numbers whose product the coverage divides by (the required
 * strength is population / 1000 x required_per_1000 x risk): above 0 by what they mean, and
 * at least these so that no coverage of a run is infinite (docs/scenario.md, "Ranges"). */
#define SCHEMA_MIN_RISK         1e-6 /* an area a million times safer than the norm */
#define SCHEMA_MIN_PER_1000     1e-6 /* one member of the force per billion inhabitants */
#define SCHEMA_MIN_KM2          1e-6 /* one m2: people per km2 at most 10^16, not 10^330 */
#define SCHEMA_MAX_KM2          1e9  /* the Earth's surface is 5.1e8 km2 */
#define SCHEMA_MAX_SHOCK        1    /* the whole index per incident per 100,000 */
#define SCHEMA_MAX_INCIDENTS    1e5  /* per 100,000 a day: one per inhabitant a day */
#define SCHEMA_MAX_LITRES       1e4  /* water per person a day */
#define SCHEMA_MAX_KG           1e3  /* food per person a day */
#define SCHEMA_MAX_IOC_COVERAGE 10   /* the coverage IOC asks for: ten times the requirement */
/* An observed value: what a run reports beyond it fails (docs/scenario.md, "Ranges"), so no
 * run can come near a larger one, and a score's squares and sums of it stay finite. */
#define SCHEMA_MAX_OBSERVED 1e18

/* The most items of a list: areas and milestones; options (whose pairs the outputs compare);
 * sources, training centers, sectors, donors, pledges and crossing stages, per list. */
#define SCHEMA_MAX_AREAS      10000
#define SCHEMA_MAX_MILESTONES 10000
#define SCHEMA_MAX_OPTIONS    100
#define SCHEMA_MAX_ITEMS      1000
/* The most observations: a year of weekly figures of every series in a dozen areas, and to
 * spare; scoring a replication against them is one look-up each. */
#define SCHEMA_MAX_OBSERVATIONS 10000
/* The most check days a scenario may name. */
#define SCHEMA_MAX_CHECK_DAYS 8

/* Flags. */
#define F_REQUIRED  1u /* for every kind (or for the kinds in 'required_kinds') */
#define F_NONEMPTY  2u /* lists: at least one item */
#define F_HAS_FLAG  4u /* a bool at 'aux_off' records whether the key was given */
#define F_KEEP_MARK 8u /* a struct da_mark at 'aux_off' records where the value was written */
/* Left out, the key takes no default: a number stays parameter 0 and a mapping stays zeroed,
 * and only its F_HAS_FLAG flag tells (an effect's 'value' and 'scale', a lapse's
 * 'recovery_days', a milestone's 'lapse'). */
#define F_NO_DEFAULT 16u
/* FT_NUM: a number that must not vary (a correlation's rank): a value of the wrong type is
 * asked for a number alone, and a distribution that varies is refused by the checks. */
#define F_CONSTANT 32u
/* FT_INT, FT_DAYS: a day of the run, which the checks hold below the horizon: a message names
 * the horizon's last day rather than the widest range, and reads a date as its day. */
#define F_DAY_OF_RUN 64u
/* FT_STR, FT_STRS: a country, compared with others (constraints.no_troops_from, the payers of
 * their own contingents): no character that shows nothing at either end, nor inside but for
 * plain spaces, so that "US " or "US" and a zero-width space is not another country. */
#define F_COUNTRY 128u
/* The longest country an F_COUNTRY text may be, in characters: a code or a name, not a text */
#define SCHEMA_COUNTRY_MAX_CHARS 64

struct field_spec {
    const char *key;
    enum field_type type;
    unsigned flags;
    double lo, hi; /* FT_NUM, FT_INT: valid range */
    bool lo_open;
    /* The bound is a limit of what the engine computes, not of what the key means: an
     * unbounded tail may cross it, rarely (dist.h, DIST_MAX_TAIL). */
    bool lo_cap, hi_cap;
    double dflt; /* FT_NUM, FT_INT, FT_BOOL, FT_ENUM (an index into words) */
    size_t off;  /* where it goes in the struct */
    size_t aux_off;
    const struct struct_spec *sub;
    enum ref_section ref;
    const char *const *words;
    unsigned kinds;           /* bit k: applies to kind k; 0: every kind */
    unsigned required_kinds;  /* bit k: required for kind k (with F_REQUIRED: every kind) */
    const char *unit;         /* for docs and summaries: "days", "USD", "persons" */
    const char *dflt_text;    /* how the docs show the default when it is not a number */
    const char *why_required; /* said after "missing required key 'K'", or NULL */
};

struct struct_spec {
    const char *name; /* "area", "source": in messages about the mapping */
    size_t size;      /* of one item, for lists */
    size_t mark_off;  /* where the mapping's struct da_mark goes */
    const struct field_spec *fields;
    size_t n_fields;
    /* Mappings whose keys depend on a kind (sources): the key naming it, and its words. */
    const char *kind_key;
    const char *const *kind_words;
    bool has_id;      /* items have an 'id' key, and paths name them by it */
    size_t max_items; /* the most items one list of them may have; 0: no limit */
};

/* The top level of a scenario file. */
extern const struct struct_spec schema_scenario;

/* The words of the enumerations, for the binder and the summary. */
extern const char *const schema_purpose_words[];
extern const char *const schema_source_kind_words[];
extern const char *const schema_allocation_words[];
extern const char *const schema_paid_by_words[];

/* What an observation's 'series' may name (docs/scenario.md, "observed"): the words of enum
 * da_observable (scenario.h), in its order, NULL-terminated. The loader checks the words
 * against this list alone and resolves each to its index (da_observation.observable), by
 * which the engine may read it. */
extern const char *const schema_observable_words[];

/* Whether observable 'q' is a share (coverage, security and the like), which all areas give
 * as a weighted mean; the others are counts, which they give summed. */
bool schema_observable_is_share(int q);

/* The metrics of a run that have no value on a given day (a start day, a last day's value, a
 * share of the horizon's days), each with what to observe instead, for the message that
 * refuses them in an observation; ended by {NULL, NULL}. Every metric of the run's registry
 * is either an observable word or one of these (tests/unit/test_load_observed.c). */
struct schema_unobservable {
    const char *metric;
    const char *instead; /* "the series 'deployed' on a day" */
};
extern const struct schema_unobservable schema_unobservable_metrics[];

/* The field of 'spec' whose key is the 'len' bytes at 'key', or NULL. */
const struct field_spec *schema_field(const struct struct_spec *spec, const char *key, size_t len);

#endif /* DA_SCENARIO_SCHEMA_H */
