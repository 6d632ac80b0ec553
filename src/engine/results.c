/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * results.c - accumulators: allocation, exact merge (see results.h).
 */
#include "results.h"

#include <inttypes.h>
#include <sched.h>
#include <stdatomic.h>
#include <stdio.h>
#include <string.h>

#include "../util/alloc.h"

const char *const metric_names[N_METRICS] = {
    "start_day",
    "deployed_day365",
    "deployed_end",
    "ioc_day",
    "coverage_min_day365",
    "security_mean_end",
    "incidents_total",
    "cost_total_usd",
    "unfunded_usd",
    "water_gap_person_days",
    "food_gap_person_days",
    "bed_coverage_end",
    "displaced_end",
    "medical_tonnes",
    "shelter_tonnes",
    "days_to_half",
    "deployed_start_plus_365",
    "returned_housing",
    "returned_own",
    "trucks_short_of_money",
    "build_held_by_security",
    "build_short_of_money",
    "build_short_of_materials",
};

const double metric_zero_below[N_METRICS] = {
    [M_START_DAY] = 1, /* a day is written whole, as the day it is in */
    [M_DEPLOYED_DAY365] = 0.5,
    [M_DEPLOYED_END] = 0.5,
    [M_IOC_DAY] = 1,
    [M_INCIDENTS_TOTAL] = 0.5,
    [M_COST_TOTAL_USD] = 0.0005, /* dollars to three decimals: $0.001 */
    [M_UNFUNDED_USD] = 0.0005,
    [M_WATER_GAP] = 0.5,
    [M_FOOD_GAP] = 0.5,
    [M_DISPLACED_END] = 0.5,
    [M_MEDICAL_TONNES] = 0.5,
    [M_SHELTER_TONNES] = 0.5,
    [M_DAYS_TO_HALF] = 0.5,
    [M_DEPLOYED_START_PLUS_365] = 0.5,
    [M_RETURNED_HOUSING] = 0.5,
    [M_RETURNED_OWN] = 0.5,
};

const char *const short_reason_names[N_SHORT_REASONS] = {"not_started", "money", "pipeline",
                                                         "supply", "attrition"};

/* The counters of the milestones that held options back: per tracked day and milestone. */
static size_t n_held(const struct plan *plan)
{
    return (size_t)plan->n_tracked * (size_t)plan->n_milestones;
}

const char *const area_metric_names[N_AREA_METRICS] = {
    "deployed",      "coverage",  "security",     "water_coverage",
    "food_coverage", "displaced", "bed_coverage",
};

void results_pair(int n_options, int pair, int *a, int *b)
{
    for (int i = 0; i < n_options; i++) {
        int n = n_options - 1 - i;
        if (pair < n) {
            *a = i;
            *b = i + 1 + pair;
            return;
        }
        pair -= n;
    }
    *a = *b = 0;
}

/* An array of none (no pairs of options, no observations) is da_calloc()'s small allocation
 * of its own, not a sketch of 19 KB that nothing reads and the footprint does not count. */
static struct sketch *sketches(size_t n)
{
    struct sketch *s = da_calloc(n, sizeof *s);
    if (s)
        for (size_t i = 0; i < n; i++)
            sketch_init_zeroed(&s[i]);
    return s;
}

/* Readies the 'n' zeroed bands at 'b'. A band is smaller than a page, and its start is
 * written: every page of the array is, now. They are made present in one call (da_populate())
 * rather than a page fault each: 9,860 pages for gaza's weekly series (5,150 narrow). */
static void bands_ready(struct band *b, size_t n, bool narrow)
{
    size_t size = band_size(narrow);
    da_populate(b, n * size);
    for (size_t i = 0; i < n; i++)
        band_init_zeroed_as(band_at(b, size, i), narrow);
}

static struct band *bands(size_t n, bool narrow)
{
    struct band *b = da_calloc(n, band_size(narrow));
    if (b)
        bands_ready(b, n, narrow);
    return b;
}

/* The chunks of each array of weekly series (the common one and one per option) that
 * acc_series_prepare() readies one at a time: enough for every worker of a run to take some,
 * few enough that claiming them costs nothing. */
#define SERIES_CHUNKS 16

struct series_ready {
    size_t n;         /* bands per array */
    bool narrow;      /* narrow bands (plan.narrow_bands) */
    int chunks;       /* SERIES_CHUNKS per array */
    _Atomic int left; /* chunks not ready yet */
    /* Per chunk, array-major: whether some thread has begun it. */
    _Atomic unsigned char begun[];
};

void acc_series_prepare(const struct acc *acc, bool wait)
{
    struct series_ready *r = acc->series_ready;
    if (!r || atomic_load_explicit(&r->left, memory_order_acquire) == 0)
        return;
    /* Each chunk is readied by the one thread that begins it; the count of chunks left falls
     * by release and is read by acquire, so that a thread that reads 0 sees every chunk's
     * bands as the threads that readied them wrote them. */
    for (int c = 0; c < r->chunks; c++) {
        if (atomic_exchange_explicit(&r->begun[c], 1, memory_order_relaxed))
            continue;
        int array = c / SERIES_CHUNKS, part = c % SERIES_CHUNKS;
        struct band *b = array == 0 ? acc->common_series : acc->options[array - 1].series;
        size_t from = r->n * (size_t)part / SERIES_CHUNKS;
        size_t to = r->n * (size_t)(part + 1) / SERIES_CHUNKS;
        bands_ready(band_at(b, band_size(r->narrow), from), to - from, r->narrow);
        atomic_fetch_sub_explicit(&r->left, 1, memory_order_release);
    }
    while (wait && atomic_load_explicit(&r->left, memory_order_acquire) > 0)
        sched_yield(); /* another thread is readying a chunk: its last, at most */
}

static size_t n_series(const struct plan *plan)
{
    return (size_t)plan->n_weeks * (size_t)plan->n_areas * N_SERIES;
}

/* The bytes of one array of weekly series. */
static size_t series_bytes(const struct plan *plan)
{
    return band_size(plan->narrow_bands) * n_series(plan);
}

da_status acc_init(struct acc *acc, const struct plan *plan)
{
    return acc_init_sharing(acc, plan, NULL);
}

/* The weekly series' bands of an accumulator that owns them: readied at once, or (with 'defer')
 * only allocated, their readying left to acc_series_prepare(). */
static struct band *series_bands(const struct plan *plan, bool defer)
{
    bool narrow = plan->narrow_bands;
    return defer ? da_calloc(n_series(plan), band_size(narrow)) : bands(n_series(plan), narrow);
}

static da_status acc_init_with(struct acc *acc, const struct plan *plan, const struct acc *owner,
                               bool defer);

da_status acc_init_sharing(struct acc *acc, const struct plan *plan, const struct acc *owner)
{
    return acc_init_with(acc, plan, owner, false);
}

da_status acc_init_deferred(struct acc *acc, const struct plan *plan, const struct acc *owner)
{
    return acc_init_with(acc, plan, owner, true);
}

static da_status acc_init_with(struct acc *acc, const struct plan *plan, const struct acc *owner,
                               bool defer)
{
    memset(acc, 0, sizeof *acc);
    defer = defer && !owner;
    int n_opt = plan->n_options;
    acc->n_pairs = n_opt * (n_opt - 1) / 2;
    acc->borrowed_series = owner != NULL;
    acc->options = da_calloc((size_t)n_opt, sizeof *acc->options);
    acc->milestone_day = sketches((size_t)plan->n_milestones);
    acc->milestone_reached = da_calloc((size_t)plan->n_milestones + 1, sizeof(uint64_t));
    acc->diff = sketches((size_t)acc->n_pairs * N_METRICS);
    acc->milestone_lapsed = da_calloc((size_t)plan->n_milestones + 1, sizeof(uint64_t));
    acc->milestone_recovered = da_calloc((size_t)plan->n_milestones + 1, sizeof(uint64_t));
    acc->lapse_day = sketches((size_t)plan->n_milestones);
    acc->required = bands(results_n_required(plan), plan->narrow_bands);
    acc->observed = sketches((size_t)plan->n_observed);
    acc->observed_ranks = da_calloc(2 * (size_t)plan->n_observed + 1, sizeof(uint64_t));
    acc->recovery_day = sketches((size_t)plan->n_milestones);
    acc->common_series = owner ? owner->common_series : series_bands(plan, defer);
    if (!acc->options || !acc->milestone_day || !acc->milestone_reached || !acc->diff ||
        !acc->common_series || !acc->milestone_lapsed || !acc->milestone_recovered ||
        !acc->lapse_day || !acc->recovery_day || !acc->required || !acc->observed ||
        !acc->observed_ranks)
        goto nomem;
    for (int o = 0; o < n_opt; o++) {
        struct option_acc *oa = &acc->options[o];
        for (int m = 0; m < N_METRICS; m++)
            sketch_init_zeroed(&oa->metric[m]);
        for (int p = 0; p < N_POOL_PURPOSES; p++)
            sketch_init_zeroed(&oa->by_purpose[p]);
        oa->by_donor = sketches((size_t)plan->n_payers);
        oa->area_end = sketches((size_t)plan->n_areas * N_AREA_METRICS);
        oa->series = owner ? owner->options[o].series : series_bands(plan, defer);
        oa->critical = da_calloc((size_t)plan->n_milestones + 1, sizeof(uint64_t));
        oa->held_by = da_calloc(n_held(plan) + 1, sizeof(uint64_t));
        if (!oa->by_donor || !oa->area_end || !oa->series || !oa->critical || !oa->held_by)
            goto nomem;
    }
    if (owner) {
        acc->series_ready = owner->series_ready;
    } else if (defer) {
        int chunks = (n_opt + 1) * SERIES_CHUNKS;
        acc->series_ready = da_calloc(1, sizeof *acc->series_ready +
                                             (size_t)chunks * sizeof acc->series_ready->begun[0]);
        if (!acc->series_ready)
            goto nomem;
        acc->series_ready->n = n_series(plan);
        acc->series_ready->narrow = plan->narrow_bands;
        acc->series_ready->chunks = chunks;
        atomic_init(&acc->series_ready->left, chunks);
        for (int c = 0; c < chunks; c++)
            atomic_init(&acc->series_ready->begun[c], 0);
    }
    return DA_OK;
nomem:
    acc_release(acc, plan);
    return DA_ERR_NOMEM;
}

void acc_release(struct acc *acc, const struct plan *plan)
{
    if (acc->options) {
        for (int o = 0; o < plan->n_options; o++) {
            da_free(acc->options[o].by_donor);
            da_free(acc->options[o].area_end);
            if (!acc->borrowed_series)
                da_free(acc->options[o].series);
            da_free(acc->options[o].critical);
            da_free(acc->options[o].held_by);
        }
    }
    da_free(acc->options);
    da_free(acc->milestone_day);
    da_free(acc->milestone_reached);
    da_free(acc->milestone_lapsed);
    da_free(acc->milestone_recovered);
    da_free(acc->lapse_day);
    da_free(acc->recovery_day);
    da_free(acc->required);
    da_free(acc->observed);
    da_free(acc->observed_ranks);
    da_free(acc->diff);
    if (!acc->borrowed_series) {
        da_free(acc->common_series);
        da_free(acc->series_ready);
    }
    memset(acc, 0, sizeof *acc);
}

static void merge_all(struct sketch *into, const struct sketch *from, size_t n)
{
    for (size_t i = 0; i < n; i++)
        sketch_merge(&into[i], &from[i]);
}

/* Merges arrays of 'n' bands, narrow or not. */
static void merge_bands(struct band *into, const struct band *from, size_t n, bool narrow)
{
    size_t size = band_size(narrow);
    for (size_t i = 0; i < n; i++)
        band_merge(band_at(into, size, i), band_at_const(from, size, i));
}

void acc_visit(struct acc *acc, const struct plan *plan,
               void (*visit)(void *memory, size_t bytes, void *ctx), void *ctx)
{
    size_t sk = sizeof(struct sketch);
    visit(&acc->replications, sizeof acc->replications, ctx);
    for (int o = 0; o < plan->n_options; o++) {
        struct option_acc *a = &acc->options[o];
        visit(a->metric, sizeof a->metric, ctx);
        visit(a->by_donor, sk * (size_t)plan->n_payers, ctx);
        visit(a->by_purpose, sizeof a->by_purpose, ctx);
        visit(a->area_end, sk * (size_t)plan->n_areas * N_AREA_METRICS, ctx);
        visit(a->series, series_bytes(plan), ctx);
        visit(&a->started, sizeof a->started, ctx);
        visit(&a->ioc, sizeof a->ioc, ctx);
        visit(a->deployed_by, sizeof a->deployed_by, ctx);
        visit(a->critical, sizeof(uint64_t) * (size_t)plan->n_milestones, ctx);
        visit(a->short_by, sizeof a->short_by, ctx);
        visit(a->held_by, sizeof(uint64_t) * n_held(plan), ctx);
        visit(&a->half, sizeof a->half, ctx);
    }
    visit(acc->milestone_day, sk * (size_t)plan->n_milestones, ctx);
    visit(acc->milestone_reached, sizeof(uint64_t) * (size_t)plan->n_milestones, ctx);
    visit(acc->milestone_lapsed, sizeof(uint64_t) * (size_t)plan->n_milestones, ctx);
    visit(acc->milestone_recovered, sizeof(uint64_t) * (size_t)plan->n_milestones, ctx);
    visit(acc->lapse_day, sk * (size_t)plan->n_milestones, ctx);
    visit(acc->recovery_day, sk * (size_t)plan->n_milestones, ctx);
    visit(acc->required, band_size(plan->narrow_bands) * results_n_required(plan), ctx);
    visit(acc->observed, sk * (size_t)plan->n_observed, ctx);
    visit(acc->observed_ranks, sizeof(uint64_t) * 2 * (size_t)plan->n_observed, ctx);
    visit(acc->diff, sk * (size_t)acc->n_pairs * N_METRICS, ctx);
    visit(acc->common_series, series_bytes(plan), ctx);
}

void acc_merge(struct acc *into, const struct acc *from, const struct plan *plan)
{
    into->replications += from->replications;
    for (int o = 0; o < plan->n_options; o++) {
        struct option_acc *a = &into->options[o];
        const struct option_acc *b = &from->options[o];
        merge_all(a->metric, b->metric, N_METRICS);
        merge_all(a->by_donor, b->by_donor, (size_t)plan->n_payers);
        merge_all(a->by_purpose, b->by_purpose, N_POOL_PURPOSES);
        merge_all(a->area_end, b->area_end, (size_t)plan->n_areas * N_AREA_METRICS);
        if (!from->borrowed_series)
            merge_bands(a->series, b->series, n_series(plan), plan->narrow_bands);
        a->started += b->started;
        a->ioc += b->ioc;
        for (int d = 0; d < PLAN_MAX_TRACKED; d++)
            a->deployed_by[d] += b->deployed_by[d];
        for (int m = 0; m < plan->n_milestones; m++)
            a->critical[m] += b->critical[m];
        for (int d = 0; d < PLAN_MAX_TRACKED; d++)
            for (int k = 0; k < N_SHORT_REASONS; k++)
                a->short_by[d][k] += b->short_by[d][k];
        for (size_t i = 0; i < n_held(plan); i++)
            a->held_by[i] += b->held_by[i];
        a->half += b->half;
    }
    merge_all(into->milestone_day, from->milestone_day, (size_t)plan->n_milestones);
    for (int m = 0; m < plan->n_milestones; m++) {
        into->milestone_reached[m] += from->milestone_reached[m];
        into->milestone_lapsed[m] += from->milestone_lapsed[m];
        into->milestone_recovered[m] += from->milestone_recovered[m];
    }
    merge_all(into->lapse_day, from->lapse_day, (size_t)plan->n_milestones);
    merge_all(into->recovery_day, from->recovery_day, (size_t)plan->n_milestones);
    merge_bands(into->required, from->required, results_n_required(plan), plan->narrow_bands);
    merge_all(into->observed, from->observed, (size_t)plan->n_observed);
    for (size_t k = 0; k < 2 * (size_t)plan->n_observed; k++)
        into->observed_ranks[k] += from->observed_ranks[k];
    merge_all(into->diff, from->diff, (size_t)into->n_pairs * N_METRICS);
    if (!from->borrowed_series)
        merge_bands(into->common_series, from->common_series, n_series(plan), plan->narrow_bands);
}

void acc_finish(struct acc *acc, const struct plan *plan)
{
    size_t n = n_series(plan);
    bool narrow = plan->narrow_bands;
    for (int o = 0; o < plan->n_options; o++)
        merge_bands(acc->options[o].series, acc->common_series, n, narrow);
    for (size_t i = 0; i < n; i++) /* finishing twice adds nothing twice */
        band_init_as(band_at(acc->common_series, band_size(narrow), i), narrow);
}

/* ---- values beyond what a run computes --------------------------------------------------- */

/* The first sketch of s[0 .. n-1] with unusable values, or -1. */
static long first_unusable(const struct sketch *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (s[i].band.unusable)
            return (long)i;
    return -1;
}

/* The first band of the weekly series 's' with unusable values, or -1. */
static long first_unusable_band(const struct band *s, const struct plan *plan)
{
    for (size_t i = 0; i < n_series(plan); i++)
        if (series_band_const(s, plan, i)->unusable)
            return (long)i;
    return -1;
}

/* Describes what the sketch at 'i' of option 'o's sets holds, or returns false when none of
 * them has an unusable value. */
static bool option_unusable(const struct option_acc *oa, const struct plan *plan, int o,
                            uint64_t *count, char *what, size_t cap)
{
    const struct da_scenario *scn = plan->scn;
    const char *opt = scn->options[o].id;
    long i;
    if ((i = first_unusable(oa->metric, N_METRICS)) >= 0) {
        *count = oa->metric[i].band.unusable;
        snprintf(what, cap, "%s of option '%s'", metric_names[i], opt);
    } else if ((i = first_unusable(oa->by_donor, (size_t)plan->n_payers)) >= 0) {
        *count = oa->by_donor[i].band.unusable;
        snprintf(what, cap, "the money of donor '%s' spent on option '%s'", scn->donors[i].id, opt);
    } else if ((i = first_unusable(oa->by_purpose, N_POOL_PURPOSES)) >= 0) {
        *count = oa->by_purpose[i].band.unusable;
        snprintf(what, cap, "the money spent by purpose on option '%s'", opt);
    } else if ((i = first_unusable(oa->area_end, (size_t)plan->n_areas * N_AREA_METRICS)) >= 0) {
        *count = oa->area_end[i].band.unusable;
        snprintf(what, cap, "the last day's %s of area '%s' under option '%s'",
                 area_metric_names[i % N_AREA_METRICS], scn->areas[i / N_AREA_METRICS].id, opt);
    } else if ((i = first_unusable_band(oa->series, plan)) >= 0) {
        long per_week = (long)plan->n_areas * N_SERIES;
        *count = series_band(oa->series, plan, (size_t)i)->unusable;
        snprintf(what, cap, "the %s of area '%s' in week %ld under option '%s'",
                 series_names[i % N_SERIES], scn->areas[(i % per_week) / N_SERIES].id, i / per_week,
                 opt);
    } else {
        return false;
    }
    return true;
}

bool acc_all_usable(const struct acc *acc, const struct plan *plan, uint64_t replications,
                    char *msg, size_t cap)
{
    char what[256];
    uint64_t count = 0;
    bool found = false;
    long i;
    for (int o = 0; !found && o < plan->n_options; o++)
        found = option_unusable(&acc->options[o], plan, o, &count, what, sizeof what);
    if (!found && (i = first_unusable(acc->milestone_day, (size_t)plan->n_milestones)) >= 0) {
        count = acc->milestone_day[i].band.unusable;
        snprintf(what, sizeof what, "the day of milestone '%s'", plan->scn->milestones[i].id);
        found = true;
    }
    if (!found && (i = first_unusable(acc->diff, (size_t)acc->n_pairs * N_METRICS)) >= 0) {
        int a, b;
        results_pair(plan->n_options, (int)(i / N_METRICS), &a, &b);
        count = acc->diff[i].band.unusable;
        snprintf(what, sizeof what, "the difference in %s between options '%s' and '%s'",
                 metric_names[i % N_METRICS], plan->scn->options[a].id, plan->scn->options[b].id);
        found = true;
    }
    if (found && msg && cap)
        snprintf(msg, cap,
                 "%" PRIu64 " of %" PRIu64
                 " replications gave no finite value for %s (infinite, "
                 "not a number, or beyond 10^18): the scenario's numbers are beyond what the "
                 "model can compute; see docs/scenario.md, \"Ranges\"",
                 count, replications, what);
    return !found;
}
