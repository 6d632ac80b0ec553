/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * lockstep.c - a block of replications through each option's days together (see lockstep.h).
 *
 * Every lane goes through replication.c's steps of a day in their order, lane by lane, but
 * for these, the kernels' (model/lanes.h), over all lanes at once on the block's interleaved
 * state: access from security, the force's and reconstruction's demand, the day's income, the
 * top-up of the purpose pools, the trucks paid for, the force's spending (its self-paying
 * contingents' pay and its arrears are lane by lane around it), reconstruction's spending,
 * the force's flows, building (with the returns on their own), the deliveries (the trucks not
 * paid for, the coverages, the day's totals) and the incidents with tomorrow's security. Each
 * purpose's demand, which reads nothing the income changes, is worked out before the income;
 * reconstruction's spending and building, which read and write nothing of the force's, after the
 * force has spent.
 *
 * The options share their first days (replication.c, "the days all options share") up to a
 * day of each replication's own: an option after the first begins, for the whole block, on
 * the earliest of them, and a lane whose shared days last longer waits. A waiting lane's own
 * steps are not run, and what the kernels do to its interleaved state is overwritten when it
 * takes option 0's state on its own day, as a replication run alone begins there.
 */
#include "lockstep.h"

#include <stdlib.h>
#include <string.h>

#include "../model/lanes.h"
#include "../model/plan.h"
#include "../util/alloc.h"

struct lockstep {
    /* The block's lanes, and the interleaved arrays' stride: the lanes rounded up to the
     * kernels' groups (lanes.h) */
    int lanes, width;
    /* lockstep_order(): 0 until the first chunk is weighed, then 1 to order chunks, -1 not */
    int ordering;
    /* The draws lockstep_order() made, of replications [kept_first, kept_first + kept_n) of a
     * run with kept_seed and kept_deterministic, in that order ([LOCKSTEP_ORDER_MAX], where a
     * plan has two options or more; else NULL) */
    struct draws *kept;
    uint64_t kept_rep[LOCKSTEP_ORDER_MAX]; /* each kept task's replication */
    uint64_t kept_first, kept_seed;
    int kept_n;
    bool kept_deterministic;
    struct worker *lane; /* [lanes] */
    double *uniforms;    /* the incident uniforms: [(day * areas + area) * width + lane] */
    double *draws_room;  /* the incidents kernel's room (lanes.h) */
    int *draws_which;
    /* The money kernels' inputs: each plan pledge's amount today, [k * width + l]; each
     * purpose's demand, [purpose * width + l]; each pledge's pool and donor, [k]; and what they
     * keep, each pool's balance, [pool * width + l] (handed to each lane's world, which keeps
     * its own for the steps run lane by lane) */
    double *today, *demand, *sums;
    int *pledge_pool, *pledge_donor;
    /* The lanes' inputs that the kernels read, [area * width + lane] (and [lane] below) */
    double *baseline, *rate, *shock, *inv_food, *inv_water, *inv_bed, *pop, *food_trucks,
        *water_need;
    /* ... and each sector's, [sector * width + lane] */
    double *max_units, *unit_cost, *tonnes, *persons, *m3_day, *beds_per_unit, *build_days;
    /* The lanes' values that the kernels read or write, [lane]: of the replication (set when
     * its inputs change), and of the day; past the block's lanes, zeros */
    double floor[LANES_MAX], inv_tau[LANES_MAX], truck_cost[LANES_MAX], min_security[LANES_MAX],
        returns_rate[LANES_MAX], returns_floor[LANES_MAX], rebuild_day[LANES_MAX];
    double truck_tonnes[LANES_MAX], food_per_need[LANES_MAX], water_per_need[LANES_MAX],
        cargo[N_CARGO][LANES_MAX], materials_per_day[LANES_MAX];
    double food[LANES_MAX], water[LANES_MAX], food_gap[LANES_MAX], water_gap[LANES_MAX],
        capacity[LANES_MAX];
    /* The kernels' arguments, at the block's arrays (lane 0's interleaved arrays begin each
     * row): set once (point_kernels()); each option sets the width of its lanes */
    struct access_lanes access;
    struct truck_loads_lanes loads;
    struct deliver_lanes deliver;
    struct deliver_totals_lanes totals;
    struct security_lanes security;
    struct income_lanes income;
    struct top_up_lanes top_up;
    struct trucks_lanes trucks;
    struct rebuild_demand_lanes rebuild_demand;
    struct rebuild_spend_lanes rebuild_spend;
    struct rebuild_build_lanes build;
    /* The force's kernel: its sources and centers (the option's, pointing at lane 0's worlds'
     * numbers), their drawn parameters, [(i * SOURCE_PARAMS + p) * width + l] and
     * [(c * CENTER_PARAMS + p) * width + l], the areas' requirements, [a * width + l], and
     * each lane's first day of the option, attrition and pay not met today, [l] */
    struct force_lanes force;
    struct day_lanes day; /* the kernels above, for the calls that run several */
    struct force_source_lanes *force_sources;
    struct force_center_lanes *force_centers;
    double *source_params, *center_params, *required;
    double start_day[LANES_MAX], attrition[LANES_MAX], multiplier[LANES_MAX], unpaid[LANES_MAX];
    /* The lane runs the day; its option has started; it builds today (its first day of
     * building has come), and may (secure enough); its displaced return on their own today:
     * -1 for true, 0 for false */
    int64_t on[LANES_MAX], started[LANES_MAX], building[LANES_MAX], may_build[LANES_MAX],
        returning[LANES_MAX];
};

int lockstep_lanes(void)
{
    const char *text = getenv("DAYAFTER_LANES");
    if (text && *text) {
        char *end;
        long n = strtol(text, &end, 10);
        if (*end == '\0' && n >= 1 && n <= LANES_MAX)
            return (int)n;
    }
    return strcmp(lanes_kernels()->isa, "avx2") == 0 ? LOCKSTEP_LANES : 1;
}

/* The force's kernel's arguments: each source's and center's numbers, lane 0's (the other
 * lanes' follow, interleaved), and their parameters. */
static void point_force(struct lockstep *ls, const struct plan *plan)
{
    struct world *w0 = &ls->lane[0].world;
    size_t L = (size_t)ls->width;
    for (int i = 0; i < plan->max_sources; i++) {
        const struct source_state *s = &w0->sources[i];
        const double *p = &ls->source_params[(size_t)i * SOURCE_PARAMS * L];
        ls->force_sources[i] =
            (struct force_source_lanes){.remaining = s->remaining,
                                        .arrived = s->arrived,
                                        .waiting_vet = s->waiting_vet,
                                        .queue = s->queue,
                                        .waiting_equip = s->waiting_equip,
                                        .equipped = s->equipped,
                                        .deployed = s->deployed,
                                        .ever_deployed = s->ever_deployed,
                                        .vet_in = s->vet_in,
                                        .admitted = s->admitted,
                                        .weight = s->weight,
                                        .vet_days = &p[SOURCE_VET_DAYS * L],
                                        .start_day = &p[SOURCE_START_DAY * L],
                                        .vetting_pass = &p[SOURCE_VETTING_PASS * L],
                                        .vetting_per_day = &p[SOURCE_VETTING_PER_DAY * L],
                                        .per_day = &p[SOURCE_PER_DAY * L],
                                        .cap = &p[SOURCE_CAP * L],
                                        .size = &p[SOURCE_SIZE * L],
                                        .pay_per_day = &p[SOURCE_PAY_PER_DAY * L],
                                        .equipment_cost = &p[SOURCE_EQUIPMENT_COST * L],
                                        .arrival = &p[SOURCE_ARRIVAL * L],
                                        .ramp_days = &p[SOURCE_RAMP_DAYS * L],
                                        .tour_days = &p[SOURCE_TOUR_DAYS * L]};
    }
    for (int c = 0; c < plan->max_centers; c++) {
        const double *p = &ls->center_params[(size_t)c * CENTER_PARAMS * L];
        ls->force_centers[c] =
            (struct force_center_lanes){.in_training = w0->centers[c].in_training,
                                        .open_day = &p[CENTER_OPEN_DAY * L],
                                        .course_days = &p[CENTER_COURSE_DAYS * L],
                                        .seats = &p[CENTER_SEATS * L],
                                        .cost = &p[CENTER_COST * L],
                                        .washout = &p[CENTER_WASHOUT * L]};
    }
    struct shared_state *sh = &w0->sh;
    ls->force = (struct force_lanes){.sources = ls->force_sources,
                                     .centers = ls->force_centers,
                                     .on = ls->on,
                                     .start_day = ls->start_day,
                                     .attrition = ls->attrition,
                                     .multiplier = ls->multiplier,
                                     .pay_share = w0->pay_share,
                                     .pay_today = w0->pay_today,
                                     .force = w0->force,
                                     .coverage = w0->coverage,
                                     .required = ls->required,
                                     .demand = &ls->demand[PURPOSE_SECURITY * L],
                                     .unpaid = ls->unpaid,
                                     .unfunded = sh->unfunded,
                                     .pools = sh->pools,
                                     .sums = ls->sums,
                                     .charged = sh->spent_by_donor,
                                     .spent = &sh->spent_by_purpose[PURPOSE_SECURITY * L],
                                     .pool = PURPOSE_SECURITY,
                                     .donors = plan->n_donors,
                                     .areas = plan->n_areas,
                                     .stride = (int)L};
}

/* The kernels' arguments for the block's arrays. */
static void point_kernels(struct lockstep *ls, const struct plan *plan)
{
    struct world *w0 = &ls->lane[0].world;
    struct shared_state *sh = &w0->sh;
    int A = plan->n_areas, D = plan->n_donors, K = plan->n_sectors, L = ls->width;
    ls->access = (struct access_lanes){.access = sh->access,
                                       .security = sh->security,
                                       .floor = ls->floor,
                                       .areas = A,
                                       .stride = L};
    ls->deliver = (struct deliver_lanes){.food_cov = sh->food_cov,
                                         .water_cov = sh->water_cov,
                                         .bed_cov = sh->bed_cov,
                                         .access = sh->access,
                                         .capacity = sh->water_capacity,
                                         .beds = sh->beds,
                                         .inv_food = ls->inv_food,
                                         .inv_water = ls->inv_water,
                                         .inv_bed = ls->inv_bed,
                                         .pop = ls->pop,
                                         .food = ls->food,
                                         .water = ls->water,
                                         .food_gap = ls->food_gap,
                                         .water_gap = ls->water_gap,
                                         .areas = A,
                                         .stride = L};
    ls->loads = (struct truck_loads_lanes){.food_trucks = ls->food_trucks,
                                           .water_need = ls->water_need,
                                           .capacity = sh->water_capacity,
                                           .access = sh->access,
                                           .on = ls->on,
                                           .trucks = sh->trucks,
                                           .crossings = ls->capacity,
                                           .cost = ls->truck_cost,
                                           .tonnes = ls->truck_tonnes,
                                           .water_share = ls->cargo[CARGO_WATER],
                                           .food_per_need = ls->food_per_need,
                                           .water_per_need = ls->water_per_need,
                                           .food = ls->food,
                                           .water = ls->water,
                                           .unfunded = sh->unfunded,
                                           .areas = A,
                                           .stride = L};
    ls->totals = (struct deliver_totals_lanes){.on = ls->on,
                                               .trucks = sh->trucks,
                                               .tonnes = ls->truck_tonnes,
                                               .medical_share = ls->cargo[CARGO_MEDICAL],
                                               .shelter_share = ls->cargo[CARGO_SHELTER],
                                               .materials_share = ls->cargo[CARGO_MATERIALS],
                                               .materials_per_day = ls->materials_per_day,
                                               .food_gap_today = ls->food_gap,
                                               .water_gap_today = ls->water_gap,
                                               .food_gap = sh->food_gap,
                                               .water_gap = sh->water_gap,
                                               .medical = sh->medical_tonnes,
                                               .shelter = sh->shelter_tonnes,
                                               .materials_in = sh->materials_in};
    ls->security = (struct security_lanes){.security = sh->security,
                                           .coverage = w0->coverage,
                                           .baseline = ls->baseline,
                                           .rate = ls->rate,
                                           .shock = ls->shock,
                                           .inv_tau = ls->inv_tau,
                                           .started = ls->started,
                                           .on = ls->on,
                                           .incidents = sh->incidents,
                                           .scratch = ls->draws_room,
                                           .which = ls->draws_which,
                                           .areas = A,
                                           .stride = L};
    ls->income = (struct income_lanes){.pools = sh->pools,
                                       .sums = ls->sums,
                                       .today = ls->today,
                                       .income = sh->income,
                                       .pool_of = ls->pledge_pool,
                                       .donor_of = ls->pledge_donor,
                                       .pledges = plan->n_pledges,
                                       .pools_n = N_POOLS,
                                       .donors = D,
                                       .stride = L};
    ls->top_up = (struct top_up_lanes){.pools = sh->pools,
                                       .sums = ls->sums,
                                       .demand = ls->demand,
                                       .order = plan->scn->funding.order,
                                       .purposes = N_POOL_PURPOSES,
                                       .flex = POOL_FLEX,
                                       .donors = D,
                                       .stride = L};
    ls->trucks = (struct trucks_lanes){.pools = sh->pools,
                                       .sums = ls->sums,
                                       .charged = sh->spent_by_donor,
                                       .capacity = ls->capacity,
                                       .cost = ls->truck_cost,
                                       .trucks = sh->trucks,
                                       .spent = &sh->spent_by_purpose[PURPOSE_HUMANITARIAN * L],
                                       .short_days = sh->days_trucks_money,
                                       .pool = PURPOSE_HUMANITARIAN,
                                       .donors = D,
                                       .stride = L};
    ls->rebuild_demand =
        (struct rebuild_demand_lanes){.security = sh->security,
                                      .pop = ls->pop,
                                      .left = sh->sector_left,
                                      .max_units = ls->max_units,
                                      .unit_cost = ls->unit_cost,
                                      .min_security = ls->min_security,
                                      .building = ls->building,
                                      .may_build = ls->may_build,
                                      .demand = &ls->demand[PURPOSE_RECONSTRUCTION * L],
                                      .areas = A,
                                      .sectors = K,
                                      .stride = L};
    ls->rebuild_spend =
        (struct rebuild_spend_lanes){.pools = sh->pools,
                                     .sums = ls->sums,
                                     .charged = sh->spent_by_donor,
                                     .left = sh->sector_left,
                                     .max_units = ls->max_units,
                                     .unit_cost = ls->unit_cost,
                                     .tonnes = ls->tonnes,
                                     .to_start = w0->to_start,
                                     .building = ls->building,
                                     .may_build = ls->may_build,
                                     .materials = sh->materials,
                                     .spent = &sh->spent_by_purpose[PURPOSE_RECONSTRUCTION * L],
                                     .days_security = sh->days_build_security,
                                     .days_money = sh->days_build_money,
                                     .days_materials = sh->days_build_materials,
                                     .pool = PURPOSE_RECONSTRUCTION,
                                     .donors = D,
                                     .sectors = K,
                                     .stride = L};
    ls->build = (struct rebuild_build_lanes){.displaced = sh->displaced,
                                             .water_capacity = sh->water_capacity,
                                             .beds = sh->beds,
                                             .security = sh->security,
                                             .damage = sh->damage_left,
                                             .left = sh->sector_left,
                                             .to_start = w0->to_start,
                                             .started = sh->started,
                                             .started_any = sh->started_any,
                                             .build_days = ls->build_days,
                                             .rebuild_day = ls->rebuild_day,
                                             .persons = ls->persons,
                                             .m3_day = ls->m3_day,
                                             .beds_per_unit = ls->beds_per_unit,
                                             .building = ls->building,
                                             .returning = ls->returning,
                                             .rate = ls->returns_rate,
                                             .min_security = ls->returns_floor,
                                             .returned_housing = sh->returned_housing,
                                             .returned_own = sh->returned_own,
                                             .areas = A,
                                             .sectors = K,
                                             .stride = L};
    point_force(ls, plan);
    ls->day = (struct day_lanes){.force = &ls->force,
                                 .access = &ls->access,
                                 .rebuild_demand = &ls->rebuild_demand,
                                 .income = &ls->income,
                                 .top_up = &ls->top_up,
                                 .trucks = &ls->trucks,
                                 .rebuild_spend = &ls->rebuild_spend,
                                 .build = &ls->build,
                                 .loads = &ls->loads,
                                 .deliver = &ls->deliver,
                                 .totals = &ls->totals,
                                 .stride = L};
}

/* The kernels run over 'width' lanes (a block cut short runs fewer groups). */
static void set_width(struct lockstep *ls, int width)
{
    ls->access.width = ls->deliver.width = ls->security.width = width;
    ls->loads.width = ls->totals.width = width;
    ls->income.width = ls->top_up.width = ls->trucks.width = width;
    ls->rebuild_demand.width = ls->rebuild_spend.width = ls->build.width = width;
    ls->force.width = width;
    ls->day.width = width;
}

da_status lockstep_init(struct worker *home, int lanes)
{
    const struct plan *plan = home->plan;
    struct lockstep *ls = da_calloc(1, sizeof *ls);
    if (!ls)
        return DA_ERR_NOMEM;
    home->lockstep = ls;
    ls->lane = da_calloc((size_t)lanes, sizeof *ls->lane);
    if (!ls->lane)
        return DA_ERR_NOMEM; /* worker_release() releases what there is */
    struct world *worlds[LANES_MAX];
    struct shared_state *spares[LANES_MAX];
    for (int l = 0; l < lanes; l++) {
        if (worker_init_lane(&ls->lane[l], plan, home) != DA_OK)
            return DA_ERR_NOMEM;
        ls->lanes = l + 1;
        worlds[l] = &ls->lane[l].world;
        spares[l] = &ls->lane[l].shared;
    }
    ls->width = lanes_width(lanes);
    size_t A = (size_t)plan->n_areas, L = (size_t)ls->width;
    struct arena *arena = &home->arena;
    bool ok = world_interleave(worlds, spares, lanes, ls->width, plan, arena) &&
              (ls->uniforms = arena_array(arena, (size_t)plan->horizon * A * L, sizeof(double)));
    double **inputs[] = {&ls->baseline, &ls->rate, &ls->shock,       &ls->inv_food,  &ls->inv_water,
                         &ls->inv_bed,  &ls->pop,  &ls->food_trucks, &ls->water_need};
    for (size_t i = 0; ok && i < sizeof inputs / sizeof *inputs; i++)
        ok = (*inputs[i] = arena_array(arena, A * L, sizeof(double))) != NULL;
    size_t K = plan->n_sectors > 0 ? (size_t)plan->n_sectors : 1;
    double **sectors[] = {&ls->max_units, &ls->unit_cost,     &ls->tonnes,    &ls->persons,
                          &ls->m3_day,    &ls->beds_per_unit, &ls->build_days};
    for (size_t i = 0; ok && i < sizeof sectors / sizeof *sectors; i++)
        ok = (*sectors[i] = arena_array(arena, K * L, sizeof(double))) != NULL;
    ok = ok &&
         (ls->draws_room = arena_array(arena, lanes_security_scratch(plan->n_areas, ls->width),
                                       sizeof(double))) &&
         (ls->draws_which = arena_array(arena, A * L + LANES_GROUP, sizeof(int)));
    size_t P = plan->n_pledges > 0 ? (size_t)plan->n_pledges : 1;
    ok = ok && (ls->today = arena_array(arena, P * L, sizeof(double))) &&
         (ls->demand = arena_array(arena, N_POOL_PURPOSES * L, sizeof(double))) &&
         (ls->sums = arena_array(arena, N_POOLS * L, sizeof(double))) &&
         (ls->pledge_pool = arena_array(arena, P, sizeof(int))) &&
         (ls->pledge_donor = arena_array(arena, P, sizeof(int)));
    size_t S = plan->max_sources > 0 ? (size_t)plan->max_sources : 1;
    size_t C = plan->max_centers > 0 ? (size_t)plan->max_centers : 1;
    ok = ok && (ls->required = arena_array(arena, A * L, sizeof(double))) &&
         (ls->source_params = arena_array(arena, S * SOURCE_PARAMS * L, sizeof(double))) &&
         (ls->center_params = arena_array(arena, C * CENTER_PARAMS * L, sizeof(double))) &&
         (ls->force_sources = arena_array(arena, S, sizeof *ls->force_sources)) &&
         (ls->force_centers = arena_array(arena, C, sizeof *ls->force_centers));
    for (int k = 0; ok && k < plan->n_pledges; k++) {
        ls->pledge_pool[k] = plan->pledges[k].pool;
        ls->pledge_donor[k] = (int)plan->pledges[k].donor;
    }
    if (ok && plan->n_options >= 2) {
        ok = (ls->kept = arena_array(arena, LOCKSTEP_ORDER_MAX, sizeof *ls->kept)) != NULL;
        for (int i = 0; ok && i < LOCKSTEP_ORDER_MAX; i++)
            ok = draws_alloc(plan, arena, &ls->kept[i]);
    }
    if (!ok)
        return DA_ERR_NOMEM;
    point_kernels(ls, plan);
    return DA_OK;
}

int lockstep_size(const struct worker *home)
{
    return home->lockstep->lanes;
}

void lockstep_release(struct worker *home)
{
    struct lockstep *ls = home->lockstep;
    for (int l = 0; ls->lane && l < ls->lanes; l++)
        worker_release(&ls->lane[l]);
    da_free(ls->lane);
    da_free(ls);
    home->lockstep = NULL;
}

void lockstep_inputs_changed(struct worker *wk)
{
    struct lockstep *ls = wk->home->lockstep;
    const struct inputs *in = &wk->inputs;
    size_t L = (size_t)ls->width, l = (size_t)wk->world.lane;
    for (int a = 0; a < wk->plan->n_areas; a++) {
        size_t at = (size_t)a * L + l;
        ls->baseline[at] = in->baseline[a];
        ls->rate[at] = in->incident_rate[a];
        ls->shock[at] = in->shock_per_incident[a];
        ls->inv_food[at] = in->inv_food_need[a];
        ls->inv_water[at] = in->inv_water_need[a];
        ls->inv_bed[at] = in->inv_bed_need[a];
        ls->pop[at] = in->pop[a];
        ls->required[at] = in->required[a];
        ls->food_trucks[at] = in->food_trucks[a];
        ls->water_need[at] = in->water_need[a];
    }
    ls->truck_tonnes[l] = in->tonnes_per_truck;
    ls->food_per_need[l] = in->food_per_need;
    ls->water_per_need[l] = in->water_per_need;
    ls->materials_per_day[l] = in->materials_per_day;
    for (int c = 0; c < N_CARGO; c++)
        ls->cargo[c][l] = in->cargo_share[c];
    ls->floor[l] = in->access_floor;
    ls->inv_tau[l] = in->inv_tau;
    ls->truck_cost[l] = in->truck_cost;
    ls->min_security[l] = in->rebuild_min_security;
    ls->rebuild_day[l] = in->rebuild_day; /* whole days, exact as doubles */
    ls->returns_rate[l] = in->returns_rate;
    ls->returns_floor[l] = in->returns_min_security;
    for (int k = 0; k < wk->plan->n_sectors; k++) {
        size_t at = (size_t)k * L + l;
        ls->max_units[at] = in->max_units[k];
        ls->unit_cost[at] = in->unit_cost[k];
        ls->tonnes[at] = in->tonnes_per_unit[k];
        ls->persons[at] = in->persons[k];
        ls->m3_day[at] = in->m3_day[k];
        ls->beds_per_unit[at] = in->beds_per_unit[k];
        ls->build_days[at] = in->build_days[k];
    }
}

/* The incident uniforms of the lanes' replications [first, first + n), each from its own
 * stream as draw_day_uniforms() draws them, interleaved. */
static void draw_uniforms(struct lockstep *ls, const struct plan *plan, uint64_t seed,
                          const uint64_t *reps, int n)
{
    struct rng_state states[LANES_MAX];
    for (int l = 0; l < n; l++) {
        rng_seed(ls->lane[l].rng, seed, reps[l], RNG_STREAM_INCIDENTS);
        states[l] = *rng_state_of(ls->lane[l].rng);
    }
    struct uniform_lanes k = {states, ls->uniforms, (size_t)plan->horizon * (size_t)plan->n_areas,
                              ls->width, n};
    lanes_kernels()->uniforms(&k);
}

/* The force's parameters of lane 'l', whose world has begun an option, for the kernel. */
static void force_begin(struct lockstep *ls, int l)
{
    const struct world *w = &ls->lane[l].world;
    size_t L = (size_t)ls->width;
    for (size_t i = 0; i < w->opt->n_sources; i++) {
        const struct source_state *s = &w->sources[i];
        const double p[SOURCE_PARAMS] = {[SOURCE_VET_DAYS] = s->vet_days,
                                         [SOURCE_START_DAY] = s->start_day,
                                         [SOURCE_VETTING_PASS] = s->vetting_pass,
                                         [SOURCE_VETTING_PER_DAY] = s->vetting_per_day,
                                         [SOURCE_PER_DAY] = s->per_day,
                                         [SOURCE_CAP] = s->cap,
                                         [SOURCE_SIZE] = s->size,
                                         [SOURCE_PAY_PER_DAY] = s->pay_per_day,
                                         [SOURCE_EQUIPMENT_COST] = s->equipment_cost,
                                         [SOURCE_ARRIVAL] = s->arrival,
                                         [SOURCE_RAMP_DAYS] = s->ramp_days,
                                         [SOURCE_TOUR_DAYS] = s->tour_days};
        double *to = &ls->source_params[i * SOURCE_PARAMS * L + (size_t)l];
        for (size_t k = 0; k < SOURCE_PARAMS; k++)
            to[k * L] = p[k];
    }
    for (size_t c = 0; c < w->opt->n_training_centers; c++) {
        const struct center_state *cs = &w->centers[c];
        const double p[CENTER_PARAMS] = {[CENTER_OPEN_DAY] = cs->open_day,
                                         [CENTER_COURSE_DAYS] = cs->course_days,
                                         [CENTER_SEATS] = cs->seats,
                                         [CENTER_COST] = cs->cost_per_trainee,
                                         [CENTER_WASHOUT] = cs->washout};
        double *to = &ls->center_params[c * CENTER_PARAMS * L + (size_t)l];
        for (size_t k = 0; k < CENTER_PARAMS; k++)
            to[k * L] = p[k];
    }
    ls->start_day[l] = w->start_day;
    ls->attrition[l] = w->attrition;
    ls->multiplier[l] = w->arrears_multiplier;
}

/* The option's sources and centers as the force's kernel reads them: what every lane's
 * world of the option has alike. */
static void force_option(struct lockstep *ls)
{
    const struct world *w = &ls->lane[0].world;
    for (size_t i = 0; i < w->opt->n_sources; i++) {
        const struct source_state *s = &w->sources[i];
        struct force_source_lanes *k = &ls->force_sources[i];
        k->trained = s->trained;
        k->pool = s->src->kind == SOURCE_POOL;
        k->pools_pay = s->payer < 0;
        k->center = s->center;
    }
    for (size_t c = 0; c < w->opt->n_training_centers; c++) {
        const struct center_state *cs = &w->centers[c];
        ls->force_centers[c].sources = &w->center_sources[cs->first_source];
        ls->force_centers[c].n_sources = cs->n_sources;
    }
    ls->force.n_sources = (int)w->opt->n_sources;
    ls->force.n_centers = (int)w->opt->n_training_centers;
}

/* Whether lane 'wk' runs day t of option 'o', whose days it begins on day 'from' after sharing
 * 'days' with option 0: on the day they part, option 0 keeps the shared state and another
 * option (whose first day it is) takes it, each then beginning its days there as option_days()
 * does. */
static bool lane_day(struct worker *wk, int o, int t, int from, int days, struct day_cursor *cur)
{
    if (t < from)
        return false;
    if (t == days && days > 0) {
        if (o > 0)
            options_take_shared(wk, o, days);
        else
            options_keep_shared(wk, days);
        days_begin(wk, t, cur);
    }
    day_head(wk, t, cur);
    return true;
}

/* Option 'o' of the block's n lanes, which share 'days[l]' days with option 0; with 'record',
 * into the accumulator as well as the metrics. Its days before 'until': the horizon, or for
 * option 0 run for its shared days alone, a day past the last lane's (the option is then not
 * ended, and its metrics are the caller's to set). */
static inline __attribute__((always_inline)) void run_option(struct lockstep *ls, int n, int o,
                                                             const int *days, bool deterministic,
                                                             bool record, int until)
{
    const struct lanes_kernels *kern = lanes_kernels();
    const struct plan *plan = ls->lane[0].plan;
    int A = plan->n_areas, H = plan->horizon, L = ls->width, width = lanes_width(n);
    int from[LANES_MAX], first_day = H;
    struct day_cursor cur[LANES_MAX];
    for (int l = 0; l < n; l++) {
        option_begin(&ls->lane[l], o);
        force_begin(ls, l);
        from[l] = o == 0 || days[l] == 0 ? 0 : days[l];
        first_day = from[l] < first_day ? from[l] : first_day;
        if (from[l] == 0)
            days_begin(&ls->lane[l], 0, &cur[l]);
    }
    for (int l = n; l < width; l++) /* past a block cut short: draws and builds nothing */
        ls->on[l] = ls->started[l] = ls->building[l] = ls->returning[l] = 0;
    set_width(ls, width);
    force_option(ls);
    bool self_payers = plan->n_self_payers > 0;
    for (int t = first_day; t < until; t++) {
        int marks = plan->day_marks[t];
        for (int l = 0; l < n; l++) {
            struct worker *wk = &ls->lane[l];
            ls->on[l] = lane_day(wk, o, t, from[l], days[l], &cur[l]) ? -1 : 0;
            ls->building[l] = ls->on[l] && t >= wk->inputs.rebuild_day ? -1 : 0;
            /* Returns on their own follow the milestones alone: known before the day's steps */
            ls->returning[l] = ls->on[l] && reconstruction_returning(&wk->world, t) ? -1 : 0;
            if (ls->on[l]) {
                funding_today(&wk->world, t, &ls->today[l], (size_t)L);
                ls->capacity[l] = wk->timeline.stage_cap[t];
                ls->demand[PURPOSE_HUMANITARIAN * L + l] = day_trucks_demand(wk, t);
            }
        }
        ls->force.day = t;
        kern->before_spend(&ls->day);
        for (int l = 0; self_payers && l < n; l++)
            if (ls->on[l] && !force_idle(&ls->lane[l].world, t))
                force_pay_self(&ls->lane[l].world, t);
        kern->force_spend(&ls->force);
        for (int l = 0; l < n; l++) /* force_pay_short()'s record; its addition was the kernel's */
            if (ls->unpaid[l] > 0)  /* only a lane that acts is owed anything */
                force_in_arrears(&ls->lane[l].world, t);
        ls->build.day = t;
        kern->after_spend(&ls->day);
        for (int l = 0; l < n; l++) {
            struct worker *wk = &ls->lane[l];
            if (ls->on[l])
                day_record(wk, o, t, marks, &cur[l], record);
            ls->started[l] = t >= wk->world.start_day ? -1 : 0;
        }
        ls->security.u = deterministic ? NULL : &ls->uniforms[(size_t)t * (size_t)A * (size_t)L];
        kern->security(&ls->security);
        for (int l = 0; day_tail_needed(marks, record) && l < n; l++)
            if (ls->on[l])
                day_tail(&ls->lane[l], o, t, record);
    }
    if (until < H)
        return;
    for (int l = 0; l < n; l++) {
        option_end(&ls->lane[l], o);
        if (record)
            record_option(&ls->lane[l], o);
    }
}

/* The lane-days that the blocks of 'lanes' of 'days' (in their order) leave idle on each
 * option after the first: a block's option begins on its earliest lane's day. */
static double idle_days(const int *days, int n, int lanes)
{
    double idle = 0;
    for (int b = 0; b < n; b += lanes) {
        int m = n - b < lanes ? n - b : lanes, least = days[b];
        for (int l = 1; l < m; l++)
            least = days[b + l] < least ? days[b + l] : least;
        for (int l = 0; l < m; l++)
            idle += days[b + l] - least;
    }
    return idle;
}

/* lockstep_order()'s and lockstep_order_tasks()'s: tasks [first, first + n) in 'order', by
 * group and by the days their options share, where 'waiting' options wait for a block's
 * earliest lane (none: the order of number). */
static void order_tasks(struct worker *home, uint64_t first, int n, uint64_t *order, int waiting,
                        lockstep_days days_of, void *ctx, uint64_t seed, bool deterministic)
{
    struct lockstep *ls = home->lockstep;
    const struct plan *plan = home->plan;
    ls->kept_n = 0;
    if (n > LOCKSTEP_ORDER_MAX)
        n = LOCKSTEP_ORDER_MAX;
    if (n < 1)
        return;
    for (int i = 0; i < n; i++)
        order[i] = first + (uint64_t)i;
    /* No option waits (one option, or options that share nothing): the order stays. */
    if (waiting < 1 || !ls->kept || ls->ordering < 0)
        return;
    /* The days are drawn here (the parameters and the timeline, a percent or two of a
     * replication), into lane 0, and the draws kept for the blocks. Sorted by insertion (a
     * chunk is tens of tasks): by group first (a block of correlated draws, which a worker
     * keeps one at a time: a chunk across two would make it again at every lane that changed
     * block), then by days, then by number. */
    struct worker *scratch = &ls->lane[0];
    int days[LOCKSTEP_ORDER_MAX], by_days[LOCKSTEP_ORDER_MAX] = {0};
    int64_t key[LOCKSTEP_ORDER_MAX] = {0};
    for (int i = 0; i < n; i++) {
        uint64_t group = 0;
        days[i] = days_of(scratch, order[i], ctx, &ls->kept_rep[i], &group);
        draws_copy(plan, &ls->kept[i], &scratch->draws);
        int64_t k = (int64_t)group * ((int64_t)1 << 32) + days[i];
        int j = i;
        for (; j > 0 && key[j - 1] > k; j--) {
            key[j] = key[j - 1];
            by_days[j] = by_days[j - 1];
        }
        key[j] = k;
        by_days[j] = i;
    }
    ls->kept_first = first;
    ls->kept_n = n;
    ls->kept_seed = seed;
    ls->kept_deterministic = deterministic;
    int sorted[LOCKSTEP_ORDER_MAX];
    for (int i = 0; i < n; i++)
        sorted[i] = days[by_days[i]];
    /* The first chunk says whether ordering pays for drawing ahead: where it saves less than
     * 2% of the chunk's lane-days, the worker keeps the order from then on (and draws each
     * task when it runs). Ordering whatever it saved was measured no faster on the scenarios
     * below 2% (docs/performance.md). */
    if (ls->ordering == 0) {
        double saved = (idle_days(days, n, ls->lanes) - idle_days(sorted, n, ls->lanes)) * waiting;
        ls->ordering = saved >= 0.02 * n * plan->horizon * plan->n_options ? 1 : -1;
        if (ls->ordering < 0)
            return;
    }
    for (int i = 0; i < n; i++)
        order[i] = first + (uint64_t)by_days[i];
}

/* A run's replication r: its days, and its block of correlated draws. */
struct run_order {
    uint64_t seed;
    bool deterministic;
};

static int run_days(struct worker *wk, uint64_t r, void *ctx, uint64_t *rep, uint64_t *group)
{
    const struct run_order *run = ctx;
    *rep = r;
    *group = r / CORRELATION_BLOCK;
    return replication_shared_days(wk, run->seed, r, run->deterministic);
}

void lockstep_order(struct worker *home, uint64_t seed, uint64_t first, int n, bool deterministic,
                    uint64_t *order)
{
    struct run_order run = {seed, deterministic};
    order_tasks(home, first, n, order, home->plan->n_options - 1, run_days, &run, seed,
                deterministic);
}

void lockstep_order_tasks(struct worker *home, uint64_t seed, uint64_t first, int n,
                          uint64_t *order, int waiting, lockstep_days days_of, void *ctx)
{
    order_tasks(home, first, n, order, waiting, days_of, ctx, seed, false);
}

/* The draws the ordering kept of task r of a run with 'seed', or NULL. */
static const struct draws *kept_draws(const struct lockstep *ls, uint64_t seed, uint64_t r,
                                      bool deterministic)
{
    if (ls->kept_n == 0 || seed != ls->kept_seed || deterministic != ls->kept_deterministic ||
        r < ls->kept_first || r - ls->kept_first >= (uint64_t)ls->kept_n)
        return NULL;
    return &ls->kept[r - ls->kept_first];
}

void lockstep_run(struct worker *home, uint64_t seed, const uint64_t *reps, int n,
                  bool deterministic)
{
    struct lockstep *ls = home->lockstep;
    const struct plan *plan = home->plan;
    replication_reserve(home, n);
    int days[LANES_MAX];
    for (int l = 0; l < n; l++) {
        struct worker *wk = &ls->lane[l];
        replication_place(wk, home, l);
        replication_begin(wk, seed, reps[l], deterministic,
                          kept_draws(ls, seed, reps[l], deterministic));
        days[l] = options_prepare(wk);
        options_ready_buffer(wk);
    }
    if (!deterministic)
        draw_uniforms(ls, plan, seed, reps, n);
    for (int o = 0; o < plan->n_options; o++)
        run_option(ls, n, o, days, deterministic, true, plan->horizon);
    for (int l = 0; l < n; l++)
        replication_finish(&ls->lane[l]);
    replication_buffered(home, n);
}

void lockstep_evaluate(struct worker *home, uint64_t seed, const uint64_t *tasks,
                       const uint64_t *reps, int n, const da_pid *pids, const double *const *values,
                       int n_values, int only)
{
    struct lockstep *ls = home->lockstep;
    const struct plan *plan = home->plan;
    int days[LANES_MAX], last = 0;
    for (int l = 0; l < n; l++) {
        struct worker *wk = &ls->lane[l];
        replication_place(wk, home, l);
        replication_evaluate_begin(wk, seed, reps[l], pids, values[l], n_values,
                                   kept_draws(ls, seed, tasks[l], false));
        days[l] = options_prepare(wk);
        last = days[l] > last ? days[l] : last;
    }
    draw_uniforms(ls, plan, seed, reps, n);
    for (int o = 0; o < plan->n_options; o++) {
        if (only < 0 || o == only)
            run_option(ls, n, o, days, false, false, plan->horizon);
        else if (o == 0 && last > 0) /* the shared days, which the option analysed takes */
            run_option(ls, n, o, days, false, false, last + 1);
        for (int l = 0; only >= 0 && o != only && l < n; l++)
            option_not_run(&ls->lane[l], o);
    }
}

bool lockstep_kept(struct worker *home, uint64_t seed, uint64_t task, uint64_t *rep)
{
    const struct lockstep *ls = home->lockstep;
    if (!kept_draws(ls, seed, task, false))
        return false;
    *rep = ls->kept_rep[task - ls->kept_first];
    return true;
}

struct worker *lockstep_lane(struct worker *home, int l)
{
    return &home->lockstep->lane[l];
}
