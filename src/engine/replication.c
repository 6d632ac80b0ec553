/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * replication.c - the day loop (see replication.h).
 *
 * The order within a day is docs/model.md section 0's: milestones and arrivals (graduations,
 * yesterday's materials), money in, spending (humanitarian, security, reconstruction, after
 * the flexible pool's top-up), flows of people, reconstruction, deliveries, then security and
 * incidents; the day's outputs are read after the deliveries, with the day's security s(t).
 */
#include "replication.h"

#include "lockstep.h"

#include <math.h>
#include <stdint.h>
#include <string.h>

#include "../model/invariants.h"
#include "../model/observe.h"
#include "../model/rng.h"
#include "../util/alloc.h"
#include "../util/arena.h"

/* ---- workspace ------------------------------------------------------------------------- */

/* Zeroed room for 'n' items from the worker's arena (at least one). */
static void *room(struct worker *wk, size_t n, size_t size)
{
    return arena_array(&wk->arena, n ? n : 1, size);
}

#define NEW(ptr, n) (((ptr) = room(wk, (size_t)(n), sizeof *(ptr))) != NULL)

static bool timeline_alloc(struct worker *wk, struct timeline *tl)
{
    const struct plan *plan = wk->plan;
    int M = plan->n_milestones, n_stages = (int)plan->scn->humanitarian.n_crossings;
    tl->spans_cap = 2 * plan->max_refs + 4;
    return NEW(tl->T, M) && NEW(tl->L, M) && NEW(tl->V, M) && NEW(tl->parent, M) &&
           NEW(tl->start, plan->n_options) && NEW(tl->trigger, plan->n_contingents) &&
           NEW(tl->pledge_from, plan->n_pledges) && NEW(tl->stage_cap, plan->horizon) &&
           NEW(tl->stage_reach, n_stages) && NEW(tl->stage_order, n_stages) &&
           NEW(tl->spans, 4 * (size_t)tl->spans_cap);
}

da_status worker_init(struct worker *wk, const struct plan *plan)
{
    return worker_init_sharing(wk, plan, NULL);
}

/* What every worker has: the replication's draws, timeline, inputs and world, its metrics and
 * what it reads. False when memory runs out. */
static bool worker_alloc(struct worker *wk, const struct plan *plan)
{
    memset(wk, 0, sizeof *wk);
    wk->plan = plan;
    wk->home = wk;
    arena_init(&wk->arena);
    wk->rng = rng_alloc();
    return wk->rng && draws_alloc(plan, &wk->arena, &wk->draws) &&
           timeline_alloc(wk, &wk->timeline) && NEW(wk->metrics, plan->n_options * N_METRICS) &&
           NEW(wk->critical, plan->n_milestones) && NEW(wk->observed, plan->n_observed) &&
           world_alloc(&wk->world, &wk->inputs, &wk->shared, plan, &wk->arena);
}

static da_status worker_init_with(struct worker *wk, const struct plan *plan,
                                  const struct acc *series_owner, bool defer);

da_status worker_init_sharing(struct worker *wk, const struct plan *plan,
                              const struct acc *series_owner)
{
    return worker_init_with(wk, plan, series_owner, false);
}

da_status worker_init_pooled(struct worker *wk, const struct plan *plan,
                             const struct acc *series_owner)
{
    return worker_init_with(wk, plan, series_owner, true);
}

static da_status worker_init_with(struct worker *wk, const struct plan *plan,
                                  const struct acc *series_owner, bool defer)
{
    int A = plan->n_areas;
    bool ok = worker_alloc(wk, plan) && NEW(wk->day_uniforms, (size_t)plan->horizon * (size_t)A) &&
              NEW(wk->scratch, plan->n_params) && NEW(wk->prefix_weeks, SERIES_BLOCK);
    /* The series buffer is the worker's largest block and is filled only as replications are
     * recorded: from the allocator, whose fresh pages cost nothing until written. */
    ok = ok && (wk->series_buffer = da_calloc((size_t)plan->n_options * (size_t)plan->n_weeks *
                                                  (size_t)A * N_SERIES * SERIES_BLOCK,
                                              sizeof(float))) != NULL;
    ok = ok && NEW(wk->required_buffer, results_n_required(plan) * REQUIRED_BLOCK) &&
         NEW(wk->buffer_ready, (size_t)SERIES_BLOCK * (size_t)plan->n_options);
    if (ok && plan->n_correlated > 0) {
        ok = NEW(wk->correlated, (size_t)CORRELATION_BLOCK * (size_t)plan->n_correlated) &&
             correlate_init(&wk->correlate, CORRELATION_BLOCK, plan->n_correlated) == DA_OK;
    }
    if (ok && (defer ? acc_init_deferred : acc_init_sharing)(&wk->acc, plan, series_owner) == DA_OK)
        return DA_OK;
    worker_release(wk);
    return DA_ERR_NOMEM;
}

da_status worker_init_lane(struct worker *wk, const struct plan *plan, struct worker *home)
{
    if (!worker_alloc(wk, plan) || !NEW(wk->scratch, plan->n_params)) {
        worker_release(wk);
        return DA_ERR_NOMEM;
    }
    wk->home = home;
    return DA_OK;
}

void worker_release(struct worker *wk)
{
    if (wk->lockstep)
        lockstep_release(wk);
    if (wk->rng)
        gsl_rng_free(wk->rng);
    correlate_release(&wk->correlate);
    da_free(wk->series_buffer);
    if (wk->plan && wk->acc.options)
        acc_release(&wk->acc, wk->plan);
    arena_release(&wk->arena);
    memset(wk, 0, sizeof *wk);
}

/* ---- one option ------------------------------------------------------------------------- */

/* The replication's inputs, once its draws and timeline are made. */
static void prepare_replication(struct worker *wk)
{
    world_inputs(&wk->inputs, wk->plan, &wk->draws, &wk->timeline);
    if (wk->home != wk)
        lockstep_inputs_changed(wk);
}

/* The parameters in force on 'day' (regime_inputs()), and a block's copy of them. */
static void set_regime(struct worker *wk, int day)
{
    regime_inputs(&wk->inputs, wk->plan, &wk->draws, &wk->timeline, day);
    if (wk->home != wk)
        lockstep_inputs_changed(wk);
}

static void reset_world(struct worker *wk, int o)
{
    /* An option's days begin on day 0's parameters; the previous option left its last day's. */
    if (wk->plan->has_effects && wk->inputs.regime_day != 0)
        set_regime(wk, 0);
    world_reset(&wk->world, o, wk->plan, &wk->draws, &wk->timeline, &wk->inputs);
}

/* The least of the 'n' values of the interleaved array 'v' of 'w'. */
static double min_of(const struct world *w, const double *v, int n)
{
    double m = HUGE_VAL;
    for (int i = 0; i < n; i++)
        m = fmin(m, v[world_area(w, i)]);
    return m;
}

/* min_of(w, v, n) >= at_least, asked every day until an option reaches IOC: false at the first
 * value below it, without fmin()'s calls (a NaN is not below it, as fmin() skips one). */
static bool none_below(const struct world *w, const double *v, int n, double at_least)
{
    if (!(HUGE_VAL >= at_least))
        return false;
    for (int i = 0; i < n; i++)
        if (v[world_area(w, i)] < at_least)
            return false;
    return true;
}

/* The checks on deployed strength of tracked day 'k' (plan->tracked_days[k]) on which the
 * option has started: at least half the requirement, or why not (docs/model.md section 9.6). */
static void check_strength(struct worker *wk, int o, int day, int k)
{
    const struct world *w = &wk->world;
    struct option_acc *oa = &wk->home->acc.options[o];
    double deployed = world_area_sum(w, w->force), half = w->in->half_required;
    if (deployed >= half) {
        oa->deployed_by[k]++;
        if (o == 0 && day < wk->prefix_until)
            wk->prefix_check[k] = 1;
    } else {
        oa->short_by[k][force_short_reason(w, day, deployed, half)]++;
    }
}

/* The first of the tracked days (ascending, each once: plan.c) that is 'day' or later. */
static int tracked_from(const struct plan *plan, int day)
{
    int k = 0;
    while (k < plan->n_tracked && plan->tracked_days[k] < day)
        k++;
    return k;
}

/* The metrics counted from the option's own start (section 9.6), on a day from it. */
static inline void from_start(const struct world *w, double *m, int day)
{
    if (isnan(m[M_DAYS_TO_HALF]) && world_area_sum(w, w->force) >= w->in->half_required)
        m[M_DAYS_TO_HALF] = day - w->start_day;
    if (day - w->start_day == 365)
        m[M_DEPLOYED_START_PLUS_365] = world_area_sum(w, w->force);
}

/* The week's requirement, each area's and all areas' (the same for every option). Without
 * effects it is the same all through a replication: week 0 stands for every week
 * (results_required()). */
static void record_requirement(struct worker *wk, int week)
{
    const struct plan *plan = wk->plan;
    if (week > 0 && !plan->has_effects)
        return;
    int A = plan->n_areas;
    size_t band = (size_t)week * results_required_stride(plan);
    double *b = &wk->home->required_buffer[band * REQUIRED_BLOCK + (size_t)wk->required_slot];
    for (int a = 0; a < A; a++)
        b[(size_t)a * REQUIRED_BLOCK] = wk->inputs.required[a];
    b[(size_t)A * REQUIRED_BLOCK] = world_sum(wk->inputs.required, A);
}

/* Reads the observations of 'day' that option 'o' answers for, at the day's outputs or (with
 * 'end') at its end: its own, and on days all options share (option 0 runs them for everyone,
 * their worlds being the same but for the forces, none of which has started) every option's. */
static void read_observed(struct worker *wk, int o, int day, bool end)
{
    const struct plan *plan = wk->plan;
    bool shared = o == 0 && day < wk->prefix_until;
    for (int k = plan->observed_by_day[day]; k < plan->observed_by_day[day + 1]; k++) {
        const struct plan_observation *ob = &plan->observed[plan->observed_order[k]];
        if (observe_at_end_of_day(ob) != end || (ob->option != o && !shared))
            continue;
        wk->observed[plan->observed_order[k]] = observe_value(&wk->world, ob, ob->option != o);
    }
}

/* An analysis's reading of the day (struct capture): the series over all areas or in one. */
static double capture_read(const struct worker *wk, int day, int area, bool idle)
{
    struct plan_observation ob = {.reading = wk->capture.series,
                                  .option = wk->capture.option,
                                  .area = area,
                                  .day = day,
                                  .milestone = -1};
    return observe_value(&wk->world, &ob, idle);
}

static void capture_day(struct worker *wk, int day, bool idle)
{
    const struct plan *plan = wk->plan;
    int n = wk->capture.by_area ? plan->n_areas : plan->n_weeks;
    if (!wk->capture.by_area && day % 7 == 0)
        wk->capture.values[day / 7] = capture_read(wk, day, -1, idle);
    if (day != plan->horizon - 1)
        return;
    for (int a = 0; wk->capture.by_area && a < n; a++)
        wk->capture.values[a] = capture_read(wk, day, a, idle);
    wk->capture.values[n] = capture_read(wk, day, -1, idle);
}

/* The outputs of a day that plan.day_marks marks: the metrics of day 365, the week's
 * requirement and series, the day's observations, the last day's metrics and sketches. */
static void record_marked_day(struct worker *wk, int o, int day, bool record)
{
    const struct plan *plan = wk->plan;
    struct world *w = &wk->world;
    double *m = &wk->metrics[o * N_METRICS];
    int A = plan->n_areas, marks = plan->day_marks[day];
    if (marks & PLAN_DAY_365) {
        m[M_DEPLOYED_DAY365] = world_area_sum(w, w->force);
        m[M_COVERAGE_MIN_DAY365] = min_of(w, w->coverage, A);
    }
    if (record && o == 0 && (marks & PLAN_DAY_WEEK))
        record_requirement(wk, day / 7);
    if (record && (marks & PLAN_DAY_OBSERVED))
        read_observed(wk, o, day, false);
    if (record && (marks & PLAN_DAY_WEEK)) {
        size_t all = (size_t)plan->n_options * (size_t)plan->n_weeks * (size_t)A * N_SERIES;
        size_t row = ((size_t)o * (size_t)plan->n_weeks + (size_t)(day / 7)) * (size_t)A;
        float *b = &wk->home->series_buffer[(size_t)wk->slot * all + row * N_SERIES];
        for (int a = 0; a < A; a++, b += N_SERIES) {
            size_t at = world_area(w, a);
            b[SERIES_DEPLOYED] = (float)w->force[at];
            b[SERIES_COVERAGE] = (float)w->coverage[at];
            b[SERIES_SECURITY] = (float)w->sh.security[at];
            b[SERIES_WATER] = (float)w->sh.water_cov[at];
            b[SERIES_FOOD] = (float)w->sh.food_cov[at];
            b[SERIES_DISPLACED] = (float)w->sh.displaced[world_area(w, a)];
        }
    }
    if (marks & PLAN_DAY_LAST) {
        m[M_DEPLOYED_END] = world_area_sum(w, w->force);
        m[M_SECURITY_MEAN_END] = world_pop_mean(w, w->sh.security);
        m[M_BED_COVERAGE_END] = world_pop_mean(w, w->sh.bed_cov);
        m[M_DISPLACED_END] = world_area_sum(w, w->sh.displaced);
        if (record) {
            struct option_acc *oa = &wk->home->acc.options[o];
            for (int a = 0; a < A; a++) {
                struct sketch *s = &oa->area_end[a * N_AREA_METRICS];
                size_t at = world_area(w, a);
                sketch_add(&s[SERIES_DEPLOYED], w->force[at]);
                sketch_add(&s[SERIES_COVERAGE], w->coverage[at]);
                sketch_add(&s[SERIES_SECURITY], w->sh.security[at]);
                sketch_add(&s[SERIES_WATER], w->sh.water_cov[at]);
                sketch_add(&s[SERIES_FOOD], w->sh.food_cov[at]);
                sketch_add(&s[SERIES_DISPLACED], w->sh.displaced[world_area(w, a)]);
                sketch_add(&s[AREA_BED_COVERAGE], w->sh.bed_cov[at]);
            }
        }
    }
}

/* The day's outputs: checks on deployed strength (of tracked day 'tracked', -1 when the day
 * is not tracked), the metrics counted from the option's start, an analysis's reading, and
 * what the marked days record (record_marked_day()). The metrics each step writes are its
 * own, so their order is free. */
static inline void record_day(struct worker *wk, int o, int day, int marks, int tracked,
                              bool record)
{
    struct world *w = &wk->world;
    double *m = &wk->metrics[o * N_METRICS];
    /* Before the option starts nobody is deployed: no coverage, nothing to check but the
     * series and the last day. */
    bool idle = force_idle(w, day);
    if (!idle) {
        if (isnan(m[M_IOC_DAY]) &&
            none_below(w, w->coverage, wk->plan->n_areas, w->in->ioc_coverage))
            m[M_IOC_DAY] = day;
        if (record && tracked >= 0)
            check_strength(wk, o, day, tracked);
        from_start(w, m, day);
    }
    /* An option's days shared with option 0 are simulated as option 0's (run_options()). */
    if (wk->capture.values && (o == wk->capture.option || (o == 0 && day < wk->prefix_until)))
        capture_day(wk, day, idle);
    if (marks & ~PLAN_DAY_TRACKED)
        record_marked_day(wk, o, day, record);
}

/* Draws the replication's incident uniforms, day by day and area by area, from their own
 * stream: the same for every option (common random numbers). */
static void draw_day_uniforms(struct worker *wk, uint64_t seed, uint64_t r)
{
    rng_seed(wk->rng, seed, r, RNG_STREAM_INCIDENTS);
    size_t n = (size_t)wk->plan->horizon * (size_t)wk->plan->n_areas;
    struct rng_state *st = rng_state_of(wk->rng);
    for (size_t i = 0; i < n; i++)
        wk->day_uniforms[i] = rng_state_uniform(st);
}

void option_not_run(struct worker *wk, int o)
{
    double *m = &wk->metrics[o * N_METRICS];
    for (int k = 0; k < N_METRICS; k++)
        m[k] = (double)NAN;
}

/* Starts option 'o': its world reset, its metrics unknown. */
void option_begin(struct worker *wk, int o)
{
    option_not_run(wk, o);
    reset_world(wk, o);
}

/* Sets the parameters in force for days from 'from' of option 'o' (their cursor in 'cur'):
 * a world that begins its days later than day 0 follows the parameters of that day. */
static inline void begin_days(struct worker *wk, int from, struct day_cursor *cur)
{
    const struct plan *plan = wk->plan;
    cur->change = INT32_MAX;
    cur->tracked = tracked_from(plan, from);
    if (plan->has_effects) {
        if (from > 0) {
            if (wk->inputs.regime_day != from)
                set_regime(wk, from);
            regime_follow(&wk->world);
        }
        cur->change = regime_next(&wk->inputs, from);
    }
}

static inline void head_of_day(struct worker *wk, int t, struct day_cursor *cur)
{
    struct world *w = &wk->world;
    if (t == cur->change) {
        set_regime(wk, t);
        regime_follow(w);
        cur->change = regime_next(&wk->inputs, t);
    }
    *w->sh.materials += *w->sh.materials_in;
    *w->sh.materials_in = 0;
}

/* The money the trucks need today at full capacity. With the force's and reconstruction's, it
 * reads nothing that the day's income changes, so a block of lanes (lockstep.c) works them out
 * before paying the income. */
static inline double trucks_demand(const struct worker *wk, int t)
{
    return wk->timeline.stage_cap[t] * wk->inputs.truck_cost;
}

/* Steps that do nothing on the day are not called: the force's before the start
 * (force_idle()), reconstruction's asking and spending before its first day (what
 * reconstruction_spend() would clear is read from that day on, once it has set it). */
static inline void demand_of_day(struct worker *wk, int t, double demand[N_POOL_PURPOSES])
{
    demand[PURPOSE_HUMANITARIAN] = trucks_demand(wk, t);
    demand[PURPOSE_SECURITY] = force_idle(&wk->world, t) ? 0 : force_demand(&wk->world, t);
    demand[PURPOSE_RECONSTRUCTION] =
        t >= wk->inputs.rebuild_day ? reconstruction_demand(&wk->world, t) : 0;
}

/* The force's and reconstruction's spending, the force's flows and building, once the
 * trucks are paid for. */
static inline void force_and_building(struct worker *wk, int t)
{
    struct world *w = &wk->world;
    bool idle = force_idle(w, t);
    if (!idle)
        force_spend(w, t);
    if (t >= wk->inputs.rebuild_day)
        reconstruction_spend(w, t);
    if (!idle)
        force_flows(w, t);
    reconstruction_build(w, t);
}

static inline void middle_of_day(struct worker *wk, int t)
{
    double demand[N_POOL_PURPOSES];
    funding_income(&wk->world, t);
    demand_of_day(wk, t, demand);
    funding_top_up(&wk->world, demand);
    humanitarian_spend(&wk->world, t);
    force_and_building(wk, t);
}

/* The day's outputs (record_day()), of a day of plan.day_marks 'marks': on a tracked day the
 * cursor's next tracked day is this one, the lane having run every day since its cursor began. */
static inline __attribute__((always_inline)) void
record_of_day(struct worker *wk, int o, int t, int marks, struct day_cursor *cur, bool record)
{
    const struct plan *plan = wk->plan;
    bool is_tracked = (marks & PLAN_DAY_TRACKED) && cur->tracked < plan->n_tracked &&
                      plan->tracked_days[cur->tracked] == t;
    record_day(wk, o, t, marks, is_tracked ? cur->tracked : -1, record);
    cur->tracked += is_tracked;
}

static inline void tail_of_day(struct worker *wk, int o, int t, bool record)
{
    const struct plan *plan = wk->plan;
    world_check_day(&wk->world, t);
    if (record && (plan->day_marks[t] & PLAN_DAY_OBSERVED))
        read_observed(wk, o, t, true);
}

/* Runs days [from, to) of option 'o', a world of its own: the reference that a block of lanes
 * (lockstep.c) follows step by step. */
static void option_days(struct worker *wk, int o, int from, int to, bool deterministic, bool record)
{
    const struct plan *plan = wk->plan;
    struct world *w = &wk->world;
    struct day_cursor cur;
    begin_days(wk, from, &cur);
    for (int t = from; t < to; t++) {
        head_of_day(wk, t, &cur);
        security_access(w);
        middle_of_day(wk, t);
        humanitarian_deliver(w, t);
        record_of_day(wk, o, t, plan->day_marks[t], &cur, record);
        security_step(w, t,
                      deterministic ? NULL : &wk->day_uniforms[(size_t)t * (size_t)plan->n_areas]);
        tail_of_day(wk, o, t, record);
    }
}

/* The parts of a day for a block of lanes (lockstep.h): the same as option_days() runs. */
void days_begin(struct worker *wk, int from, struct day_cursor *cur)
{
    begin_days(wk, from, cur);
}

void day_head(struct worker *wk, int t, struct day_cursor *cur)
{
    head_of_day(wk, t, cur);
}

double day_trucks_demand(const struct worker *wk, int t)
{
    return trucks_demand(wk, t);
}

void day_record(struct worker *wk, int o, int t, int marks, struct day_cursor *cur, bool record)
{
    record_of_day(wk, o, t, marks, cur, record);
}

bool day_tail_needed(int marks, bool record)
{
#ifdef NDEBUG
    return record && (marks & PLAN_DAY_OBSERVED); /* tail_of_day()'s observations */
#else
    (void)marks;
    (void)record;
    return true; /* world_check_day() */
#endif
}

void day_tail(struct worker *wk, int o, int t, bool record)
{
    tail_of_day(wk, o, t, record);
}

/* The metrics read once the last day is done. */
void option_end(struct worker *wk, int o)
{
    struct world *w = &wk->world;
    double *m = &wk->metrics[o * N_METRICS];
    if (w->start < wk->plan->horizon) /* S_o < H: docs/model.md section 2 */
        m[M_START_DAY] = w->start;
    m[M_INCIDENTS_TOTAL] = *w->sh.incidents;
    m[M_COST_TOTAL_USD] = world_spent_total(w);
    m[M_UNFUNDED_USD] = *w->sh.unfunded;
    m[M_WATER_GAP] = *w->sh.water_gap;
    m[M_FOOD_GAP] = *w->sh.food_gap;
    m[M_MEDICAL_TONNES] = *w->sh.medical_tonnes;
    m[M_SHELTER_TONNES] = *w->sh.shelter_tonnes;
    m[M_RETURNED_HOUSING] = *w->sh.returned_housing;
    m[M_RETURNED_OWN] = *w->sh.returned_own;
    double days = wk->plan->horizon;
    m[M_TRUCKS_SHORT_OF_MONEY] = *w->sh.days_trucks_money / days;
    m[M_BUILD_HELD_BY_SECURITY] = *w->sh.days_build_security / days;
    m[M_BUILD_SHORT_OF_MONEY] = *w->sh.days_build_money / days;
    m[M_BUILD_SHORT_OF_MATERIALS] = *w->sh.days_build_materials / days;
}

void replication_option(struct worker *wk, int o, uint64_t seed, uint64_t r, bool deterministic,
                        bool record)
{
    if (!deterministic)
        draw_day_uniforms(wk, seed, r);
    prepare_replication(wk); /* tests call this after making the timeline themselves */
    option_begin(wk, o);
    option_days(wk, o, 0, wk->plan->horizon, deterministic, record);
    option_end(wk, o);
}

/* ---- the days all options share ----------------------------------------------------------
 *
 * Until the first option starts, no option's force does anything (vetting, recruitment and
 * contingents wait for S_o; nobody is paid; security's target is its baseline), so every
 * option's world is the same as long as the money is: until the first day a pledge restricted
 * to some options pays. Those days are simulated once, for the first option, and the others
 * start from a copy of its state on that day, its records of those days included. The results
 * are the same bits as simulating every option from day 0 (a test checks it); in the built-in
 * Gaza scenario, where many replications never start an option, this saves about half of the
 * work. */

/* The first day on which the options' worlds may differ. */
static int shared_days(const struct worker *wk)
{
    const struct plan *plan = wk->plan;
    if (plan->n_options < 2 || wk->no_sharing)
        return 0;
    double first = plan->horizon;
    for (int o = 0; o < plan->n_options; o++)
        first = fmin(first, world_day_of(milestones_option_start(plan, &wk->timeline, o)));
    for (int k = 0; k < plan->n_pledges; k++) {
        const struct da_pledge *pl = plan->pledges[k].pledge;
        if (!pl->has_options || !wk->draws.pledge_happens[k])
            continue;
        first = fmin(first, world_day_of(wk->timeline.pledge_from[k] + wk->draws.x[pl->lag_days]));
    }
    /* The last day is every option's own: its end-of-run records are made on it. */
    return (int)fmin(first, plan->horizon - 1);
}

/* Gives option 'o' the records of the shared days that option 0 made: the checks on deployed
 * strength and the metrics of the days before the shared ones end. (The weekly series of those
 * days are option 0's, added once to the common series: see replication_flush().) */
static void copy_records(struct worker *wk, int o)
{
    for (int k = 0; k < wk->plan->n_tracked; k++)
        wk->home->acc.options[o].deployed_by[k] += wk->prefix_check[k];
    double *m = &wk->metrics[o * N_METRICS];
    m[M_IOC_DAY] = wk->prefix_metric[M_IOC_DAY];
    m[M_DEPLOYED_DAY365] = wk->prefix_metric[M_DEPLOYED_DAY365];
    m[M_COVERAGE_MIN_DAY365] = wk->prefix_metric[M_COVERAGE_MIN_DAY365];
}

/* Option 0 writes its series for every week, the others for the weeks after the shared days:
 * only the rows of those are made present, so that the rows of weeks that no replication of a
 * slot writes stay unbacked, as they would be without (the default run's peak memory does not
 * rise). */
void options_ready_buffer(struct worker *wk)
{
    struct worker *home = wk->home;
    const struct plan *plan = wk->plan;
    int W = plan->n_weeks, O = plan->n_options;
    size_t row = (size_t)plan->n_areas * N_SERIES;
    float *slot = &home->series_buffer[(size_t)wk->slot * (size_t)O * (size_t)W * row];
    for (int o = 0; o < O; o++) {
        int from = o == 0 ? 0 : home->prefix_weeks[wk->slot];
        int *ready = &home->buffer_ready[(size_t)wk->slot * (size_t)O + (size_t)o];
        int until = W - *ready;
        if (from >= until)
            continue;
        da_populate(&slot[((size_t)o * (size_t)W + (size_t)from) * row],
                    (size_t)(until - from) * row * sizeof(float));
        *ready = W - from;
    }
}

int options_prepare(struct worker *wk)
{
    int days = shared_days(wk);
    for (int k = 0; k < wk->plan->n_tracked; k++)
        wk->prefix_check[k] = 0;
    wk->prefix_until = days;
    wk->home->prefix_weeks[wk->slot] = (days + 6) / 7; /* the weeks recorded on shared days */
    return days;
}

void options_keep_shared(struct worker *wk, int days)
{
    world_copy_shared(&wk->shared, &wk->world.sh, wk->plan, &wk->inputs, days, wk->world.lanes);
    memcpy(wk->prefix_metric, wk->metrics, sizeof(double) * N_METRICS);
}

void options_take_shared(struct worker *wk, int o, int days)
{
    world_copy_shared(&wk->world.sh, &wk->shared, wk->plan, &wk->inputs, days, wk->world.lanes);
    funding_pools_changed(&wk->world);
    copy_records(wk, o);
}

/* Runs every option of the replication (only < 0), or option 'only' alone, the shared days
 * once; with 'record', into the accumulator as well as the metrics. An option alone takes its
 * state on the day the options part from option 0, which runs those days for it and no more;
 * every other option's metrics are NaN. Each option's days are the same operations on the same
 * state either way: its metrics are the same bits. */
static void run_options(struct worker *wk, uint64_t seed, uint64_t r, bool deterministic,
                        bool record, int only)
{
    const struct plan *plan = wk->plan;
    int H = plan->horizon, days = options_prepare(wk);
    if (record)
        options_ready_buffer(wk);
    if (!deterministic)
        draw_day_uniforms(wk, seed, r);
    for (int o = 0; o < plan->n_options; o++) {
        bool wanted = only < 0 || o == only;
        if (!wanted && !(o == 0 && days > 0)) {
            option_not_run(wk, o);
            continue;
        }
        option_begin(wk, o);
        if (o == 0 || days == 0) {
            option_days(wk, o, 0, days, deterministic, record);
            if (o == 0 && days > 0 && only != 0)
                options_keep_shared(wk, days);
            if (!wanted) {
                option_not_run(wk, o); /* run for the shared days alone */
                continue;
            }
            option_days(wk, o, days, H, deterministic, record);
        } else {
            options_take_shared(wk, o, days);
            option_days(wk, o, days, H, deterministic, record);
        }
        option_end(wk, o);
        if (record)
            record_option(wk, o);
    }
}

/* ---- one replication ---------------------------------------------------------------------- */

/* Asks for the next sketch's memory, its 'size' bytes, while this one is filled: a flush
 * visits every series sketch once, a pass over tens of megabytes in an order the hardware's
 * prefetcher does not follow. The size is the caller's (the run's width of bands): reading the
 * band's own flag would wait for the very line being asked for. */
static inline void prefetch_band(const struct band *s, size_t size)
{
    for (size_t at = 0; at < size; at += 64)
        __builtin_prefetch((const char *)s + at, 1, 1);
}

/* The sketches whose values add_rows() gathers in one pass over the buffer. */
#define ROWS_AT_ONCE 16

/* Adds to each of the 'row' sketches 'series' the buffered values of the 'n' replications
 * 'reps': the value of sketch j of replication k is at buffer[k * all + j]. A replication's
 * values of ROWS_AT_ONCE sketches lie side by side, its next replication's 'all' floats away:
 * they are gathered together, each replication's once, rather than sketch by sketch, which
 * read every replication's line again for each sketch. */
static void add_rows(struct band *series, size_t size, const float *buffer, const int *reps, int n,
                     size_t all, size_t row)
{
    float values[ROWS_AT_ONCE][SERIES_BLOCK];
    for (size_t first = 0; first < row; first += ROWS_AT_ONCE) {
        size_t m = row - first;
        if (m > ROWS_AT_ONCE)
            m = ROWS_AT_ONCE;
        for (int i = 0; i < n; i++) {
            const float *from = &buffer[(size_t)reps[i] * all + first];
            for (size_t j = 0; j < m; j++)
                values[j][i] = from[j];
        }
        for (size_t j = 0; j < m; j++) {
            if (first + j + 1 < row)
                prefetch_band(band_at(series, size, first + j + 1), size);
            band_add_floats(band_at(series, size, first + j), values[j], n, 1);
        }
    }
}

/* Adds the buffered requirement to its bands, band by band: each band's values in the order
 * of their replications, as they were run, so that the bands are the same bytes as if each
 * value had been added when it was recorded. Every replication records every band: option 0
 * runs every day of every replication. */
static void required_flush(struct worker *wk)
{
    size_t n = results_n_required(wk->plan), size = band_size(wk->plan->narrow_bands);
    for (size_t j = 0; j < n; j++) {
        const double *values = &wk->required_buffer[j * REQUIRED_BLOCK];
        if (j + 1 < n)
            prefetch_band(band_at(wk->acc.required, size, j + 1), size);
        for (int k = 0; k < wk->required_buffered; k++)
            band_add(band_at(wk->acc.required, size, j), values[k]);
    }
    wk->required_buffered = 0;
}

void replication_flush(struct worker *wk)
{
    required_flush(wk);
    if (wk->buffered == 0)
        return;
    acc_series_prepare(&wk->acc, true);
    if (wk->series_lock)
        pthread_mutex_lock(wk->series_lock);
    const struct plan *plan = wk->plan;
    /* The buffer is replication-major: [k][option][week][area x series]. A week that a
     * replication recorded on days all options shared (week < prefix_weeks[k]) has the same
     * values for every option: option 0's are added once to the common series, which
     * acc_finish() adds to every option's; the other weeks go to their option's series. The
     * sketches' merge is exact, so the results are those of adding every value to every
     * option (tests/unit/test_sharing.c), for a third of the work on shared weeks. */
    size_t row = (size_t)plan->n_areas * N_SERIES;
    size_t per_option = (size_t)plan->n_weeks * row;
    size_t all = per_option * (size_t)plan->n_options;
    int own[SERIES_BLOCK], common[SERIES_BLOCK];
    size_t size = band_size(plan->narrow_bands);
    for (int week = 0; week < plan->n_weeks; week++) {
        int n_own = 0, n_common = 0;
        for (int k = 0; k < wk->buffered; k++) {
            if (week < wk->prefix_weeks[k])
                common[n_common++] = k;
            else
                own[n_own++] = k;
        }
        size_t at = (size_t)week * row;
        for (int o = 0; n_own > 0 && o < plan->n_options; o++)
            add_rows(series_band(wk->acc.options[o].series, plan, at), size,
                     &wk->series_buffer[(size_t)o * per_option + at], own, n_own, all, row);
        if (n_common > 0)
            add_rows(series_band(wk->acc.common_series, plan, at), size, &wk->series_buffer[at],
                     common, n_common, all, row);
    }
    wk->buffered = 0;
    if (wk->series_lock)
        pthread_mutex_unlock(wk->series_lock);
}

void record_option(struct worker *wk, int o)
{
    const struct plan *plan = wk->plan;
    struct world *w = &wk->world;
    struct option_acc *oa = &wk->home->acc.options[o];
    const double *m = &wk->metrics[o * N_METRICS];
    for (int k = 0; k < N_METRICS; k++)
        if (!isnan(m[k]))
            sketch_add(&oa->metric[k], m[k]);
    for (int d = 0; d < plan->n_donors; d++)
        sketch_add(&oa->by_donor[d], w->sh.spent_by_donor[(size_t)d * (size_t)w->lanes]);
    for (int k = 0; k < plan->n_self_payers; k++)
        sketch_add(&oa->by_donor[plan->n_donors + k], w->self_spent[k]);
    if (!isnan(m[M_DAYS_TO_HALF]))
        oa->half++;
    /* The tracked days before the start: short for want of a start, held by a milestone. */
    for (int k = 0; k < plan->n_tracked; k++) {
        int day = plan->tracked_days[k];
        if (day >= w->start_day || day >= plan->horizon)
            continue;
        oa->short_by[k][SHORT_NOT_STARTED]++;
        int held = milestones_holding_back(plan, &wk->timeline, o, day);
        if (held >= 0)
            oa->held_by[(size_t)k * (size_t)plan->n_milestones + (size_t)held]++;
    }
    for (int p = 0; p < N_POOL_PURPOSES; p++)
        sketch_add(&oa->by_purpose[p], *world_spent(w, p));
    if (!isnan(m[M_IOC_DAY]))
        oa->ioc++;
    if (!isnan(m[M_START_DAY])) {
        oa->started++;
        milestones_critical_chain(plan, &wk->timeline, o, wk->critical);
        for (int k = 0; k < plan->n_milestones; k++)
            oa->critical[k] += wk->critical[k];
    }
}

/* Makes the correlated inputs' values of the block of replication r: each input's draws from
 * the block's own stream, in input order, rearranged to the scenario's rank correlations. The
 * block depends only on (seed, block), so any worker makes the same one. */
static void correlated_block(struct worker *wk, uint64_t seed, uint64_t r)
{
    const struct plan *plan = wk->plan;
    uint64_t block = r / CORRELATION_BLOCK;
    if (wk->correlated_block == block + 1)
        return;
    int m = plan->n_correlated;
    rng_seed(wk->rng, seed, block, RNG_STREAM_CORRELATION);
    for (int j = 0; j < m; j++) {
        const struct da_dist *d = &plan->scn->params[plan->correlated[j]].dist;
        for (size_t i = 0; i < CORRELATION_BLOCK; i++)
            wk->correlated[i * (size_t)m + (size_t)j] = draw_dist(d, wk->rng);
    }
    correlate_rearrange(&wk->correlate, wk->correlated, plan->correlation_factor, wk->rng);
    wk->correlated_block = block + 1;
}

/* Adds what this replication read to the observations' sketches; a milestone's day is the day
 * its T falls in (a date names a day: T = 3.4 is reached on day 3, which an observation of day
 * 3 is), or the horizon for a replication that never reaches it (censored: "not by the
 * end"). */
static void record_observed(struct worker *wk)
{
    const struct plan *plan = wk->plan;
    for (int k = 0; k < plan->n_observed; k++) {
        const struct plan_observation *ob = &plan->observed[k];
        double v = wk->observed[k];
        if (ob->milestone >= 0) {
            double T = wk->timeline.T[ob->milestone];
            v = T < plan->horizon ? floor(T) : plan->horizon;
        }
        if (isnan(v))
            continue;
        sketch_add(&wk->home->acc.observed[k], v);
        if (band_usable(v)) { /* as the sketch counts it */
            uint64_t *ranks = wk->home->acc.observed_ranks;
            ranks[2 * (size_t)k] += v < ob->point;
            ranks[2 * (size_t)k + 1] += v == ob->point;
        }
    }
}

/* Draws replication r's parameters and its timeline into 'wk' (replication_begin()'s first
 * part, which records nothing). */
static void draw_timeline(struct worker *wk, uint64_t seed, uint64_t r, bool deterministic)
{
    const struct plan *plan = wk->plan;
    if (plan->n_correlated > 0 && !deterministic) {
        /* The block of correlated draws is the home worker's: its lanes share it. */
        struct worker *home = wk->home;
        correlated_block(home, seed, r);
        rng_seed(wk->rng, seed, r, RNG_STREAM_PARAMS);
        const double *row =
            &home->correlated[(r % CORRELATION_BLOCK) * (uint64_t)plan->n_correlated];
        draw_replication_with(plan, wk->rng, plan->correlated, row, plan->n_correlated, &wk->draws);
    } else {
        rng_seed(wk->rng, seed, r, RNG_STREAM_PARAMS);
        draw_replication(plan, wk->rng, deterministic, &wk->draws);
    }
    milestones_timeline(plan, &wk->draws, &wk->timeline);
}

int replication_shared_days(struct worker *wk, uint64_t seed, uint64_t r, bool deterministic)
{
    draw_timeline(wk, seed, r, deterministic);
    return shared_days(wk);
}

void replication_begin(struct worker *wk, uint64_t seed, uint64_t r, bool deterministic,
                       const struct draws *drawn)
{
    const struct plan *plan = wk->plan;
    if (drawn) {
        draws_copy(plan, &wk->draws, drawn);
        milestones_timeline(plan, &wk->draws, &wk->timeline);
    } else {
        draw_timeline(wk, seed, r, deterministic);
    }
    prepare_replication(wk);
    struct acc *acc = &wk->home->acc;
    for (int k = 0; k < plan->n_milestones; k++) {
        double T = wk->timeline.T[k];
        if (T < plan->horizon) {
            acc->milestone_reached[k]++;
            sketch_add(&acc->milestone_day[k], T);
        }
        if (wk->timeline.L[k] < plan->horizon) {
            acc->milestone_lapsed[k]++;
            sketch_add(&acc->lapse_day[k], wk->timeline.L[k]);
        }
        if (wk->timeline.V[k] < plan->horizon) {
            acc->milestone_recovered[k]++;
            sketch_add(&acc->recovery_day[k], wk->timeline.V[k]);
        }
    }
    for (int k = 0; k < plan->n_observed; k++)
        wk->observed[k] = (double)NAN;
}

void replication_finish(struct worker *wk)
{
    const struct plan *plan = wk->plan;
    struct acc *acc = &wk->home->acc;
    record_observed(wk);
    for (int p = 0; p < acc->n_pairs; p++) {
        int a, b;
        results_pair(plan->n_options, p, &a, &b);
        for (int k = 0; k < N_METRICS; k++) {
            double va = wk->metrics[a * N_METRICS + k], vb = wk->metrics[b * N_METRICS + k];
            if (!isnan(va) && !isnan(vb))
                sketch_add(&acc->diff[p * N_METRICS + k], vb - va);
        }
    }
    acc->replications++;
}

void replication_reserve(struct worker *home, int n)
{
    if (home->buffered + n > SERIES_BLOCK)
        replication_flush(home);
    else if (home->required_buffered + n > REQUIRED_BLOCK)
        required_flush(home);
}

void replication_place(struct worker *wk, const struct worker *home, int lane)
{
    wk->slot = home->buffered + lane;
    wk->required_slot = home->required_buffered + lane;
}

void replication_buffered(struct worker *home, int n)
{
    home->buffered += n;
    home->required_buffered += n;
    if (home->buffered == SERIES_BLOCK)
        replication_flush(home);
    else if (home->required_buffered == REQUIRED_BLOCK)
        required_flush(home);
}

void replication_run(struct worker *wk, uint64_t seed, uint64_t r, bool deterministic)
{
    replication_reserve(wk, 1);
    replication_place(wk, wk, 0);
    replication_begin(wk, seed, r, deterministic, NULL);
    run_options(wk, seed, r, deterministic, true, -1);
    replication_finish(wk);
    replication_buffered(wk, 1);
}

/* replication_evaluate()'s draws ('drawn': made already, else drawn here) and timeline. */
static void evaluated_timeline(struct worker *wk, uint64_t seed, uint64_t r, const da_pid *pids,
                               const double *values, int n, const struct draws *drawn)
{
    const struct plan *plan = wk->plan;
    if (drawn) {
        draws_copy(plan, &wk->draws, drawn);
    } else {
        rng_seed(wk->rng, seed, r, RNG_STREAM_PARAMS);
        draw_replication_with(plan, wk->rng, pids, values, n, &wk->draws);
    }
    milestones_timeline(plan, &wk->draws, &wk->timeline);
}

void replication_evaluate_begin(struct worker *wk, uint64_t seed, uint64_t r, const da_pid *pids,
                                const double *values, int n, const struct draws *drawn)
{
    evaluated_timeline(wk, seed, r, pids, values, n, drawn);
    prepare_replication(wk);
}

int replication_evaluate_shared_days(struct worker *wk, uint64_t seed, uint64_t r,
                                     const da_pid *pids, const double *values, int n)
{
    evaluated_timeline(wk, seed, r, pids, values, n, NULL);
    return shared_days(wk);
}

void replication_evaluate(struct worker *wk, uint64_t seed, uint64_t r, const da_pid *pids,
                          const double *values, int n, int option)
{
    replication_evaluate_begin(wk, seed, r, pids, values, n, NULL);
    run_options(wk, seed, r, false, false, option);
}
