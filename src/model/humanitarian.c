/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * humanitarian.c - needs, trucks and deliveries (docs/model.md section 5).
 *
 * Needs a day: water pop x water_l, food pop x food_kg, beds pop x beds_per_10k / 10,000.
 * Trucks entering: min(capacity, humanitarian funds / cost_per_truck), each carrying
 * tonnes_per_truck split by truck_shares. Food and trucked water reach area a as
 * total x need_a / sum(need) x access_a; local water is the area's capacity plus what
 * reconstruction restored, times access_a. The materials share joins the construction stock,
 * usable from the next day, with the commercial deliveries.
 */
#include <math.h>

#include "../util/check.h"
#include "world.h"

/* 1 / *need, or 0 for no need; a need so small that its reciprocal overflows (below 10^-308:
 * standards of 10^-320 kg a person, which validate) is none, and made 0, as the coverage of a
 * zero need is read: its reciprocal was infinite, and 0 delivered times it NaN, which failed
 * every run with exit status 1. */
static double reciprocal_of_need(double *need)
{
    double inv = *need > 0 ? 1 / *need : 0;
    if (isinf(inv)) {
        *need = 0;
        inv = 0;
    }
    return inv;
}

void humanitarian_inputs(struct inputs *in, const struct plan *plan, const struct draws *draws)
{
    const struct da_humanitarian *h = &plan->scn->humanitarian;
    double total = 0;
    for (int k = 0; k < N_CARGO; k++)
        total += drawn(draws, h->truck_shares.share[k]);
    for (int k = 0; k < N_CARGO; k++)
        in->cargo_share[k] = total > 0 ? drawn(draws, h->truck_shares.share[k]) / total : 0;
    double water_l = drawn(draws, h->standards.water_l),
           food_kg = drawn(draws, h->standards.food_kg);
    double beds_per_10k = drawn(draws, h->standards.beds_per_10k);
    in->food_total = in->water_total = 0;
    for (int a = 0; a < plan->n_areas; a++) {
        in->food_need[a] = in->pop[a] * food_kg / 1000;
        in->water_need[a] = in->pop[a] * water_l / 1000;
        in->bed_need[a] = in->pop[a] * beds_per_10k / 10000;
        in->inv_food_need[a] = reciprocal_of_need(&in->food_need[a]);
        in->inv_water_need[a] = reciprocal_of_need(&in->water_need[a]);
        in->inv_bed_need[a] = reciprocal_of_need(&in->bed_need[a]);
        in->food_total += in->food_need[a];
        in->water_total += in->water_need[a];
    }
    in->truck_cost = drawn(draws, h->cost_per_truck_usd);
    in->tonnes_per_truck = drawn(draws, h->tonnes_per_truck);
    in->materials_per_day = drawn(draws, plan->scn->reconstruction.materials_tonnes_per_day);
    double tonnes = in->tonnes_per_truck;
    in->food_per_need =
        in->food_total > 0 ? tonnes * in->cargo_share[CARGO_FOOD] / in->food_total : 0;
    double food_load = in->cargo_share[CARGO_FOOD] * tonnes;
    for (int a = 0; a < plan->n_areas; a++)
        in->food_trucks[a] = food_load > 0 ? in->food_need[a] / food_load : 0;
    in->water_per_need =
        in->water_total > 0 ? tonnes * in->cargo_share[CARGO_WATER] / in->water_total : 0;
}

void humanitarian_reset(struct world *w)
{
    *w->sh.trucks = 0;
    *w->sh.materials = 0;
    *w->sh.materials_in = 0;
    *w->sh.water_gap = 0;
    *w->sh.food_gap = 0;
    *w->sh.medical_tonnes = 0;
    *w->sh.shelter_tonnes = 0;
    *w->sh.days_trucks_money = 0;
}

/* A truck's share for 'cargo' in this replication. Uncertain shares are drawn one by one, so
 * a replication's draws are rescaled to sum to 1, as docs/model.md section 5 requires of the
 * shares. */
static double share(const struct world *w, enum da_cargo cargo)
{
    return w->in->cargo_share[cargo];
}

/* Water produced locally in area 'a' today, in m3. */
static double local_water(const struct world *w, int a)
{
    size_t at = world_area(w, a);
    return w->sh.water_capacity[at] * w->sh.access[at];
}

/* The trucks that would cover each area's food need and its water need left after local
 * production, area by area, summed over the areas (a share of 0 drops its term). */
double humanitarian_trucks_needed(const struct world *w)
{
    double tonnes = w->in->tonnes_per_truck;
    double water_load = share(w, CARGO_WATER) * tonnes;
    double need = 0;
    for (int a = 0; a < w->plan->n_areas; a++) {
        double trucks = w->in->food_trucks[a]; /* constant: worked out at reset */
        if (water_load > 0)
            trucks = dmax(trucks, dmax(0, w->in->water_need[a] - local_water(w, a)) / water_load);
        need += trucks;
    }
    return need;
}

void humanitarian_spend(struct world *w, int day)
{
    double cost = w->in->truck_cost;
    double capacity = w->timeline->stage_cap[day];
    double trucks = capacity;
    if (cost > 0) {
        double paid_for = dmin(capacity, funding_balance(w, PURPOSE_HUMANITARIAN) / cost);
        if (funding_unpaid(paid_for, capacity, w->plan->n_donors) > 0)
            trucks = paid_for; /* else all of them: spending stops at the balance */
    }
    funding_spend(w, PURPOSE_HUMANITARIAN, trucks * cost);
    *w->sh.trucks = trucks;
    if (trucks < capacity)
        (*w->sh.days_trucks_money)++; /* the crossings would have let more in */
}

/* The cost of the trucks that were needed and that the crossings would have let in, but that
 * money did not pay for. Needs are read at delivery time, after the day's reconstruction has
 * restored water capacity, as the reference implementation reads them. */
static void unfunded_trucks(struct world *w, int day, double trucks)
{
    double capacity = w->timeline->stage_cap[day];
    if (trucks >= capacity)
        return; /* every truck the crossings let in was paid for: nothing is unfunded */
    double cost = w->in->truck_cost;
    double wanted = dmin(capacity, humanitarian_trucks_needed(w));
    if (wanted > trucks)
        *w->sh.unfunded += (wanted - trucks) * cost;
}

static inline void deliver_begin(struct world *w, int day, double *food, double *water)
{
    double trucks = *w->sh.trucks;
    unfunded_trucks(w, day, trucks);
    /* Area a receives trucks x tonnes x share x need_a / sum(need) x access_a, so its coverage
     * before the cap is trucks x (tonnes x share / sum(need)) x access_a: the need cancels. */
    *food = trucks * w->in->food_per_need;
    *water = trucks * w->in->water_per_need;
}

static inline void deliver_end(struct world *w, double food_gap, double water_gap)
{
    double tonnes = *w->sh.trucks * w->in->tonnes_per_truck;
    *w->sh.food_gap += food_gap;
    *w->sh.water_gap += water_gap;
    /* Medical and shelter loads have no coverage standard in v1: they are counted as they
     * enter. */
    *w->sh.medical_tonnes += tonnes * share(w, CARGO_MEDICAL);
    *w->sh.shelter_tonnes += tonnes * share(w, CARGO_SHELTER);
    /* Usable from tomorrow: the day loop moves it into the stock at the start of the day. */
    *w->sh.materials_in = tonnes * share(w, CARGO_MATERIALS) + w->in->materials_per_day;
}

void humanitarian_deliver(struct world *w, int day)
{
    /* A world of its own: the reference that the kernel of lanes.h follows. */
    DA_ASSERT(w->lanes == 1);
    double food, water;
    deliver_begin(w, day, &food, &water);
    const double *restrict access = w->sh.access, *restrict pop = w->in->pop;
    const double *restrict capacity = w->sh.water_capacity, *restrict beds = w->sh.beds;
    const double *restrict inv_food = w->in->inv_food_need, *restrict inv_water =
                                                                w->in->inv_water_need;
    const double *restrict inv_bed = w->in->inv_bed_need;
    double *restrict food_cov = w->sh.food_cov, *restrict water_cov = w->sh.water_cov;
    double *restrict bed_cov = w->sh.bed_cov;
    int n = w->plan->n_areas;
    /* Two loops: the first has no sum across areas, so the compiler vectorizes it. */
    for (int a = 0; a < n; a++) {
        /* Local water: the area's capacity (with what reconstruction restored) x access. */
        food_cov[a] = inv_food[a] > 0 ? dmin(1, food * access[a]) : 1;
        water_cov[a] =
            inv_water[a] > 0 ? dmin(1, access[a] * (water + capacity[a] * inv_water[a])) : 1;
        bed_cov[a] = inv_bed[a] > 0 ? dmin(1, beds[a] * inv_bed[a]) : 1;
    }
    double food_gap = 0, water_gap = 0;
    for (int a = 0; a < n; a++) {
        food_gap += pop[a] * (1 - food_cov[a]);
        water_gap += pop[a] * (1 - water_cov[a]);
    }
    deliver_end(w, food_gap, water_gap);
}
