/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * results.h - what a run accumulates (docs/model.md section 8), in mergeable form.
 *
 * Every worker fills an accumulator of its own; merging adds sketches and integer counts, which
 * is exact, so the merged results are the same bits whatever the number of threads or ranks.
 * The output writers (JSON, CSV, the terminal table) read a finished struct da_results.
 */
#ifndef DA_ENGINE_RESULTS_H
#define DA_ENGINE_RESULTS_H

#include <stdbool.h>
#include <stdint.h>

#include "../model/plan.h"
#include "../model/world.h"
#include "band.h"
#include "precision.h"
#include "sketch.h"

/* The headline metrics of an option, in the order of docs/model.md section 8. */
enum metric {
    M_START_DAY, /* over the replications that start */
    M_DEPLOYED_DAY365,
    M_DEPLOYED_END,
    M_IOC_DAY, /* over the replications that reach it */
    M_COVERAGE_MIN_DAY365,
    M_SECURITY_MEAN_END,
    M_INCIDENTS_TOTAL,
    M_COST_TOTAL_USD,
    M_UNFUNDED_USD,
    M_WATER_GAP,
    M_FOOD_GAP,
    M_BED_COVERAGE_END,
    M_DISPLACED_END,
    M_MEDICAL_TONNES,          /* beyond section 8's list: the medical and shelter loads that */
    M_SHELTER_TONNES,          /* entered, which section 5 says are reported as tonnes delivered */
    M_DAYS_TO_HALF,            /* section 9.6: from the start to half the requirement, over the */
                               /* replications that get there */
    M_DEPLOYED_START_PLUS_365, /* section 9.6: deployed a year after the start */
    M_RETURNED_HOUSING,        /* section 9.3: the displaced who returned, to rebuilt homes */
    M_RETURNED_OWN,            /* and on their own */
    M_TRUCKS_SHORT_OF_MONEY,   /* what held aid and building back: shares of the horizon's */
    M_BUILD_HELD_BY_SECURITY,  /* days (the headline figures that only echo an input say so) */
    M_BUILD_SHORT_OF_MONEY,
    M_BUILD_SHORT_OF_MATERIALS,
    N_METRICS
};
extern const char *const metric_names[N_METRICS];

/* Per metric, the magnitude below which every output shows its value as 0: a day for days
 * (written as the day they are in), half a unit for persons, tonnes and incidents (written
 * whole), half of $0.001 for money; 0 for shares, which show any value above 0 ("<0.001%").
 * src/output/metrics.c gives each metric its format, and a unit test holds the two together. */
extern const double metric_zero_below[N_METRICS];

/* Per area, on the last day: the series' metrics and bed coverage. */
#define AREA_BED_COVERAGE N_SERIES
#define N_AREA_METRICS    (N_SERIES + 1)
extern const char *const area_metric_names[N_AREA_METRICS];

extern const char *const short_reason_names[N_SHORT_REASONS];

struct option_acc {
    struct sketch metric[N_METRICS];
    struct sketch *by_donor; /* per donor: money spent */
    struct sketch by_purpose[N_POOL_PURPOSES];
    struct sketch *area_end; /* [area * N_AREA_METRICS + metric] */
    /* [(week * n_areas + area) * N_SERIES + metric], narrow bands where plan.narrow_bands
     * (band.h): read them with series_band() */
    struct band *series;
    uint64_t started; /* replications with S_o < H */
    uint64_t ioc;     /* replications that reach initial operating capability */
    uint64_t deployed_by[PLAN_MAX_TRACKED]; /* per tracked day (plan.h) */
    /* Per tracked day: the replications short of half the requirement, by reason; and, of
     * those not started, by the milestone that held the option back, [day * milestones + m]. */
    uint64_t short_by[PLAN_MAX_TRACKED][N_SHORT_REASONS];
    uint64_t *held_by;
    uint64_t half;      /* replications that reach half the requirement after S_o */
    uint64_t *critical; /* per milestone: replications where it is critical */
};

struct acc {
    uint64_t replications;
    struct option_acc *options;
    struct sketch *milestone_day; /* per milestone, over the replications that reach it */
    uint64_t *milestone_reached;
    /* Per milestone (section 9.2): the replications in which it lapses (L < H) and holds again
     * (V < H), and the days of both over those replications. */
    uint64_t *milestone_lapsed, *milestone_recovered;
    /* The requirement, week by week, [week * (n_areas + 1) + area], the last column all areas'
     * (the same for every option: recorded from the first); week 0 alone without effects.
     * Narrow bands as the series are: read them with results_required(). */
    struct band *required;
    /* Per observation of the scenario: what the replications read on its day (score.h), and
     * how many of them read less than its point ([2 k]) and exactly its point ([2 k + 1]):
     * counted as they come, since a sketch of more than SKETCH_ATOMS distinct values (the days
     * of a milestone) no longer holds the values equal to a point, which the mid-rank needs. */
    struct sketch *observed;
    uint64_t *observed_ranks;
    struct sketch *lapse_day, *recovery_day;
    struct sketch *diff; /* [pair * N_METRICS + metric]: option b minus option a */
    /* The weekly series recorded on days all options shared, as options[o].series; added to
     * every option's by acc_finish() (see replication_flush()). */
    struct band *common_series;
    int n_pairs;
    /* The weekly series (options' and common) are another accumulator's, which this one
     * adds to under its lock (replication_flush()): acc_merge() and acc_release() leave them
     * to their owner. */
    bool borrowed_series;
    /* Series allocated but not made ready yet (acc_init_deferred()), the owner's and its
     * borrowers'; NULL once it need not be asked (made ready at once). */
    struct series_ready *series_ready;
};

/* The pairs (a, b), a < b, in order: (0,1), (0,2), ..., (1,2), ... */
void results_pair(int n_options, int pair, int *a, int *b);

da_status acc_init(struct acc *acc, const struct plan *plan);
void acc_release(struct acc *acc, const struct plan *plan);
void acc_merge(struct acc *into, const struct acc *from, const struct plan *plan);
/* As acc_init(), but 'acc' adds its weekly series to those of 'owner' (whose lifetime must
 * cover acc's) when 'owner' is not NULL: one set of series sketches for all of a run's
 * workers, a third of a run's memory and of its memory traffic each. The sketches' results
 * depend only on the values added, not on their order, so sharing them leaves every output
 * the same. */
da_status acc_init_sharing(struct acc *acc, const struct plan *plan, const struct acc *owner);
/* As acc_init_sharing(), but the weekly series that 'acc' owns (tens of megabytes, where the
 * rest is small) are only allocated: acc_series_prepare() makes them ready, a chunk at a time,
 * so that a run's workers share that work at their start instead of the thread that set them
 * up doing all of it before any starts. */
da_status acc_init_deferred(struct acc *acc, const struct plan *plan, const struct acc *owner);
/* Makes ready the chunks of acc's weekly series that no one has begun (a no-op for series
 * made ready at once); with 'wait', also waits until others have finished theirs, so that
 * every series is ready on return. Any thread, any number of times. */
void acc_series_prepare(const struct acc *acc, bool wait);

/* True when every value of a finished accumulator was usable (sketch.h, SKETCH_MAX_ABS); else
 * false, with the first statistic that had unusable values, and in how many of the
 * 'replications', described in 'msg'. */
bool acc_all_usable(const struct acc *acc, const struct plan *plan, uint64_t replications,
                    char *msg, size_t cap);

/* Band 'i' of an array of weekly series of 'plan' (narrow or not). */
static inline struct band *series_band(struct band *series, const struct plan *plan, size_t i)
{
    return band_at(series, band_size(plan->narrow_bands), i);
}
static inline const struct band *series_band_const(const struct band *series,
                                                   const struct plan *plan, size_t i)
{
    return band_at_const(series, band_size(plan->narrow_bands), i);
}

/* Adds the common series to every option's, once every accumulator has been merged. */
void acc_finish(struct acc *acc, const struct plan *plan);

/* Calls visit(memory, bytes, ctx) on every block of the accumulator's contents (counters and
 * sketches, plain bytes), always in the same order: what one process sends of an
 * accumulator, another receives into one made by acc_init() for the same plan. */
void acc_visit(struct acc *acc, const struct plan *plan,
               void (*visit)(void *memory, size_t bytes, void *ctx), void *ctx);

/* The distance between one week's bands of the requirement and the next's: 0 when no effect
 * changes it, week 0's standing for every week (replication.c records only that week then). */
static inline size_t results_required_stride(const struct plan *plan)
{
    return plan->has_effects ? (size_t)plan->n_areas + 1 : 0;
}

/* The bands of the weekly requirement: per week, each area's and all areas'; one week's when
 * no effect changes it. */
static inline size_t results_n_required(const struct plan *plan)
{
    size_t recorded = plan->has_effects ? (size_t)plan->n_weeks : 1;
    return recorded * ((size_t)plan->n_areas + 1);
}

/* The band of the requirement in week 'week' of column 'col' (an area, or n_areas for all). */
static inline const struct band *results_required(const struct acc *acc, const struct plan *plan,
                                                  int week, int col)
{
    return band_at_const(acc->required, band_size(plan->narrow_bands),
                         (size_t)week * results_required_stride(plan) + (size_t)col);
}

/* The finished results of a run. */
struct da_results {
    struct plan plan;
    struct acc acc;
    const struct da_scenario *scenario; /* borrowed: must outlive the results */
    uint64_t seed;
    uint64_t replications;
    bool deterministic;
    struct precision_outcome precision; /* a run to a precision's; target 0 otherwise */
    int threads;
    double seconds;
};

#endif /* DA_ENGINE_RESULTS_H */
