/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * reconstruction.c - reconstruction and returns (docs/model.md section 6).
 *
 * From starts_after (day 0 without one), on days when the population-weighted mean security
 * is at least min_security, each sector asks for min(max_units_per_day, damaged left) units;
 * when money or materials fall short, every sector gets the same fraction of its request.
 * Units started on day t are spread over the areas in proportion to the damage left and are
 * finished on day t + build_days, when each restores persons (returns of the displaced),
 * m3_day of water capacity and beds.
 */
#include <math.h>
#include <stdint.h>
#include <string.h>

#include "../util/check.h"
#include "world.h"

/* The index of the damage left in 'sector' of 'area' (interleaved, as every array the
 * kernels read). */
static size_t cell(const struct world *w, int sector, int area)
{
    return ((size_t)sector * (size_t)w->plan->n_areas + (size_t)area) * (size_t)w->lanes;
}

void reconstruction_inputs(struct inputs *in, const struct plan *plan, const struct draws *draws,
                           const struct timeline *tl)
{
    const struct da_reconstruction *r = &plan->scn->reconstruction;
    in->longest_build = 0;
    for (int k = 0; k < plan->n_sectors; k++) {
        const struct da_sector *sector = &r->sectors[k];
        in->max_units[k] = drawn(draws, sector->max_units_per_day);
        in->unit_cost[k] = drawn(draws, sector->unit_cost_usd);
        in->tonnes_per_unit[k] = drawn(draws, sector->tonnes_per_unit);
        in->persons[k] = drawn(draws, sector->restores.persons);
        in->m3_day[k] = drawn(draws, sector->restores.m3_day);
        in->beds_per_unit[k] = drawn(draws, sector->restores.beds);
        in->build_days[k] = world_duration(drawn(draws, sector->build_days));
        if (in->build_days[k] > in->longest_build)
            in->longest_build = in->build_days[k];
    }
    in->rebuild_day = 0;
    if (r->starts_after.name)
        in->rebuild_day = world_day_of(timeline_first_holds(tl, (int)r->starts_after.index));
}

void reconstruction_reset(struct world *w)
{
    const struct da_reconstruction *r = &w->plan->scn->reconstruction;
    int n_areas = w->plan->n_areas;
    for (int k = 0; k < w->plan->n_sectors; k++) {
        double left = 0;
        for (int a = 0; a < n_areas; a++) {
            w->sh.damage_left[cell(w, k, a)] = wx(w, r->sectors[k].damaged_by_area[a]);
            left += w->sh.damage_left[cell(w, k, a)];
        }
        w->to_start[world_at(w, k)] = 0;
        w->sh.sector_left[world_at(w, k)] = left;
    }
    *w->sh.returned_housing = *w->sh.returned_own = 0;
    *w->sh.days_build_security = *w->sh.days_build_money = *w->sh.days_build_materials = 0;
    /* w->sh.started_any is written for every day from rebuild_day on before it is read there,
     * and never read before it; w->sh.started is read only where it says so: no clearing. */
    w->may_build_day = -1;
}

static double left_in_sector(const struct world *w, int k)
{
    return w->sh.sector_left[world_at(w, k)];
}

/* Whether building may go on today: asked twice a day (demand, then spending), with the
 * same security, so the answer is kept for the day. */
static bool may_build(const struct world *w, int day)
{
    if (day < w->in->rebuild_day)
        return false; /* before the mean security is worked out */
    if (w->may_build_day != day) {
        struct world *cache = (struct world *)w; /* not part of the world's meaning */
        cache->may_build_day = day;
        cache->may_build = world_pop_mean(w, w->sh.security) >= w->in->rebuild_min_security;
    }
    return w->may_build;
}

/* Whether any sector has damage left to rebuild. */
static bool any_damage_left(const struct world *w)
{
    for (int k = 0; k < w->plan->n_sectors; k++)
        if (left_in_sector(w, k) > 0)
            return true;
    return false;
}

/* Today's request of sector 'k', in units. */
static double request(const struct world *w, int k)
{
    return dmax(0, dmin(w->in->max_units[k], left_in_sector(w, k)));
}

double reconstruction_demand(const struct world *w, int day)
{
    if (!may_build(w, day))
        return 0;
    double money = 0;
    for (int k = 0; k < w->plan->n_sectors; k++)
        money += request(w, k) * w->in->unit_cost[k];
    return money;
}

void reconstruction_spend(struct world *w, int day)
{
    if (!may_build(w, day)) {
        /* Nothing starts today (on a building day the loop below sets every sector's). */
        for (int k = 0; k < w->plan->n_sectors; k++)
            w->to_start[world_at(w, k)] = 0;
        if (day >= w->in->rebuild_day && any_damage_left(w))
            (*w->sh.days_build_security)++; /* it may start, but it is not safe enough */
        return;
    }
    double money = 0, tonnes = 0;
    for (int k = 0; k < w->plan->n_sectors; k++) {
        double units = request(w, k);
        w->to_start[world_at(w, k)] = units;
        money += units * w->in->unit_cost[k];
        tonnes += units * w->in->tonnes_per_unit[k];
    }
    double balance = funding_balance(w, PURPOSE_RECONSTRUCTION), by_money = 1;
    if (money > 0 && funding_unpaid(balance, money, w->plan->n_donors) > 0)
        by_money = balance / money; /* else the pool covers it, but for rounding */
    double by_materials = tonnes > 0 ? *w->sh.materials / tonnes : 1;
    double fraction = dmax(0, dmin(1, dmin(by_money, by_materials)));
    if (fraction < 1) {
        /* Which of the two cut today's building short (money on a tie). */
        if (by_money <= by_materials)
            (*w->sh.days_build_money)++;
        else
            (*w->sh.days_build_materials)++;
    }
    for (int k = 0; k < w->plan->n_sectors; k++)
        w->to_start[world_at(w, k)] *= fraction;
    funding_spend(w, PURPOSE_RECONSTRUCTION, money * fraction);
    *w->sh.materials = dmax(0, *w->sh.materials - tonnes * fraction);
}

static void finish(struct world *w, int k, int a, double units)
{
    double *displaced = &w->sh.displaced[world_area(w, a)], before = *displaced;
    *displaced = dmax(0, before - units * w->in->persons[k]);
    *w->sh.returned_housing += before - *displaced;
    DA_ASSERT(da_at_least_zero(*displaced, 0) && !(*displaced > before));
    w->sh.water_capacity[world_area(w, a)] += units * w->in->m3_day[k];
    w->sh.beds[world_area(w, a)] += units * w->in->beds_per_unit[k];
}

bool reconstruction_returning(const struct world *w, int day)
{
    const struct da_returns *r = &w->plan->scn->returns;
    return w->plan->has_returns && w->in->returns_rate > 0 &&
           milestones_all_hold(w->timeline, r->after, r->n_after, day);
}

/* Returns on their own (section 9.3): a share of the displaced of each area secure enough go
 * home each day, while every milestone of 'after' holds. */
static void return_home(struct world *w, int day)
{
    double rate = w->in->returns_rate, floor = w->in->returns_min_security;
    if (!reconstruction_returning(w, day))
        return;
    int n = w->plan->n_areas;
    double moved = 0;
#ifndef NDEBUG
    double before = world_area_sum(w, w->sh.displaced);
#endif
    for (int a = 0; a < n; a++) {
        if (w->sh.security[world_area(w, a)] < floor)
            continue;
        double *displaced = &w->sh.displaced[world_area(w, a)];
        double going = *displaced * rate;
        *displaced -= going;
        moved += going;
        DA_ASSERT(da_at_least_zero(*displaced, 0));
    }
    /* People are conserved: who leaves the displaced has returned. */
    DA_ASSERT(da_close(world_area_sum(w, w->sh.displaced) + moved, before));
    *w->sh.returned_own += moved;
}

/* Starts today's units and finishes those whose build ends today (the returns to rebuilt
 * housing, the water capacity and beds restored). */
static void build(struct world *w, int day)
{
    /* Nothing is started before rebuild_day, so nothing finishes before it either: those days
     * are skipped, and cohorts from before it are never read (w->sh.started holds another
     * replication's there). */
    if (day < w->in->rebuild_day)
        return;
    int n_areas = w->plan->n_areas, n_sectors = w->plan->n_sectors;
    for (int k = 0; k < n_sectors; k++) {
        int cohort = day - w->in->build_days[k];
        if (cohort >= w->in->rebuild_day && *world_started_any(w, cohort, k)) {
            const double *done = world_started(w, cohort, k);
            for (int a = 0; a < n_areas; a++)
                if (done[world_area(w, a)] > 0)
                    finish(w, k, a, done[world_area(w, a)]);
        }
        double units = w->to_start[world_at(w, k)], left = left_in_sector(w, k);
        bool starts = units > 0 && left > 0;
        *world_started_any(w, day, k) = starts ? -1 : 0;
        if (!starts)
            continue; /* the day's units are not read: none are written */
        double sum = 0, *damage = w->sh.damage_left + cell(w, k, 0);
        double *started = world_started(w, day, k);
        for (int a = 0; a < n_areas; a++) {
            size_t at = world_area(w, a);
            double part = units * damage[at] / left;
            damage[at] -= part;
            started[at] = part;
            sum += damage[at];
        }
        w->sh.sector_left[world_at(w, k)] = sum;
    }
}

void reconstruction_build(struct world *w, int day)
{
    build(w, day);
    if (w->plan->has_returns)
        return_home(w, day);
}
