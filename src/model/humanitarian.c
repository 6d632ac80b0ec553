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

#include "world.h"

void humanitarian_reset(struct world *w)
{
    const struct da_humanitarian *h = &w->plan->scn->humanitarian;
    double total = 0;
    for (int k = 0; k < N_CARGO; k++)
        total += wx(w, h->truck_shares.share[k]);
    for (int k = 0; k < N_CARGO; k++)
        w->cargo_share[k] = total > 0 ? wx(w, h->truck_shares.share[k]) / total : 0;
    double water_l = wx(w, h->standards.water_l), food_kg = wx(w, h->standards.food_kg);
    double beds_per_10k = wx(w, h->standards.beds_per_10k);
    w->food_total = w->water_total = 0;
    for (int a = 0; a < w->plan->n_areas; a++) {
        w->food_need[a] = w->pop[a] * food_kg / 1000;
        w->water_need[a] = w->pop[a] * water_l / 1000;
        w->bed_need[a] = w->pop[a] * beds_per_10k / 10000;
        w->food_total += w->food_need[a];
        w->water_total += w->water_need[a];
        w->inv_food_need[a] = w->food_need[a] > 0 ? 1 / w->food_need[a] : 0;
        w->inv_water_need[a] = w->water_need[a] > 0 ? 1 / w->water_need[a] : 0;
        w->inv_bed_need[a] = w->bed_need[a] > 0 ? 1 / w->bed_need[a] : 0;
    }
    w->truck_cost = wx(w, h->cost_per_truck_usd);
    w->tonnes_per_truck = wx(w, h->tonnes_per_truck);
    w->materials_per_day = wx(w, w->plan->scn->reconstruction.materials_tonnes_per_day);
    double tonnes = w->tonnes_per_truck;
    w->food_per_need = w->food_total > 0 ? tonnes * w->cargo_share[CARGO_FOOD] / w->food_total : 0;
    double food_load = w->cargo_share[CARGO_FOOD] * tonnes;
    for (int a = 0; a < w->plan->n_areas; a++)
        w->food_trucks[a] = food_load > 0 ? w->food_need[a] / food_load : 0;
    w->water_per_need =
        w->water_total > 0 ? tonnes * w->cargo_share[CARGO_WATER] / w->water_total : 0;
    w->trucks = 0;
    w->materials = 0;
    w->materials_in = 0;
    w->water_gap = 0;
    w->food_gap = 0;
    w->medical_tonnes = 0;
    w->shelter_tonnes = 0;
}

/* A truck's share for 'cargo' in this replication. Uncertain shares are drawn one by one, so
 * a replication's draws are rescaled to sum to 1, as docs/model.md section 5 requires of the
 * shares. */
static double share(const struct world *w, enum da_cargo cargo)
{
    return w->cargo_share[cargo];
}

/* Water produced locally in area 'a' today, in m3. */
static double local_water(const struct world *w, int a)
{
    return w->water_capacity[a] * w->access[a];
}

/* The trucks that would cover each area's food need and its water need left after local
 * production, area by area, summed over the areas (a share of 0 drops its term). */
double humanitarian_trucks_needed(const struct world *w)
{
    double tonnes = w->tonnes_per_truck;
    double water_load = share(w, CARGO_WATER) * tonnes;
    double need = 0;
    for (int a = 0; a < w->plan->n_areas; a++) {
        double trucks = w->food_trucks[a]; /* constant: worked out at reset */
        if (water_load > 0)
            trucks = dmax(trucks, dmax(0, w->water_need[a] - local_water(w, a)) / water_load);
        need += trucks;
    }
    return need;
}

void humanitarian_spend(struct world *w, int day)
{
    double cost = w->truck_cost;
    double capacity = w->timeline->stage_cap[day];
    double trucks = capacity;
    if (cost > 0)
        trucks = dmin(capacity, funding_balance(w, PURPOSE_HUMANITARIAN) / cost);
    funding_spend(w, PURPOSE_HUMANITARIAN, trucks * cost);
    w->trucks = trucks;
}

/* The cost of the trucks that were needed and that the crossings would have let in, but that
 * money did not pay for. Needs are read at delivery time, after the day's reconstruction has
 * restored water capacity, as the reference implementation reads them. */
static void unfunded_trucks(struct world *w, int day)
{
    double capacity = w->timeline->stage_cap[day];
    if (w->trucks >= capacity)
        return; /* every truck the crossings let in was paid for: nothing is unfunded */
    double cost = w->truck_cost;
    double wanted = dmin(capacity, humanitarian_trucks_needed(w));
    if (wanted > w->trucks)
        w->unfunded += (wanted - w->trucks) * cost;
}

/* Coverage of a need: min(1, delivered / need), 1 when nothing is needed ('inverse' is
 * 1 / need, 0 for none). */
static inline double coverage(double delivered, double inverse)
{
    return inverse > 0 ? dmin(1, delivered * inverse) : 1;
}

void humanitarian_deliver(struct world *w, int day)
{
    unfunded_trucks(w, day);
    double tonnes = w->trucks * w->tonnes_per_truck;
    /* Area a receives trucks x tonnes x share x need_a / sum(need) x access_a, so its coverage
     * before the cap is trucks x (tonnes x share / sum(need)) x access_a: the need cancels. */
    double food = w->trucks * w->food_per_need, water = w->trucks * w->water_per_need;
    const double *restrict access = w->access, *restrict pop = w->pop;
    const double *restrict capacity = w->water_capacity, *restrict beds = w->beds;
    const double *restrict inv_food = w->inv_food_need, *restrict inv_water = w->inv_water_need;
    const double *restrict inv_bed = w->inv_bed_need;
    double *restrict food_cov = w->food_cov, *restrict water_cov = w->water_cov;
    double *restrict bed_cov = w->bed_cov;
    int n = w->plan->n_areas;
    /* Two loops: the first has no sum across areas, so the compiler vectorizes it. */
    for (int a = 0; a < n; a++) {
        /* Local water: the area's capacity (with what reconstruction restored) x access. */
        food_cov[a] = inv_food[a] > 0 ? dmin(1, food * access[a]) : 1;
        water_cov[a] =
            inv_water[a] > 0 ? dmin(1, access[a] * (water + capacity[a] * inv_water[a])) : 1;
        bed_cov[a] = coverage(beds[a], inv_bed[a]);
    }
    double food_gap = 0, water_gap = 0;
    for (int a = 0; a < n; a++) {
        food_gap += pop[a] * (1 - food_cov[a]);
        water_gap += pop[a] * (1 - water_cov[a]);
    }
    w->food_gap += food_gap;
    w->water_gap += water_gap;
    /* Medical and shelter loads have no coverage standard in v1: they are counted as they
     * enter. */
    w->medical_tonnes += tonnes * share(w, CARGO_MEDICAL);
    w->shelter_tonnes += tonnes * share(w, CARGO_SHELTER);
    /* Usable from tomorrow: the day loop moves it into the stock at the start of the day. */
    w->materials_in = tonnes * share(w, CARGO_MATERIALS) + w->materials_per_day;
}
