/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * regime.c - the parameters in force on a day: the world changes when a milestone holds
 * (docs/model.md section 9.1).
 *
 * A milestone's effects act on the days t >= ceil(time it began to hold) while it holds. Each
 * sets its parameter to 'value' or multiplies it by 'scale'; the effects of the milestones
 * holding on a day apply in the order of the times they last began to hold, the latest last
 * (ties: file order of the milestones, then of their effects), each on what the earlier ones
 * left. The parameters in force are therefore a function of the day alone, the same for every
 * option: they are worked out again, from the drawn values, on each day a milestone with
 * effects begins or stops holding, and on the day an option's days begin.
 */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>

#include "../scenario/schema.h"
#include "world.h"

/* Adds the day on which something at real time 't' takes effect, when within the horizon. */
static void add_change(struct inputs *in, const struct plan *plan, double t)
{
    int day = world_day_of(t);
    if (day > 0 && day < plan->horizon)
        in->change_days[in->n_changes++] = day;
}

static int compare_days(const void *a, const void *b)
{
    int x = *(const int *)a, y = *(const int *)b;
    return (x > y) - (x < y);
}

void regime_schedule(struct inputs *in, const struct plan *plan, const struct timeline *tl)
{
    in->n_changes = 0;
    for (int k = 0; k < plan->n_effect_milestones; k++) {
        int m = plan->effect_milestones[k];
        add_change(in, plan, tl->T[m]);
        add_change(in, plan, tl->L[m]);
        add_change(in, plan, tl->V[m]);
    }
    qsort(in->change_days, (size_t)in->n_changes, sizeof *in->change_days, compare_days);
    int n = 0;
    for (int k = 0; k < in->n_changes; k++)
        if (n == 0 || in->change_days[n - 1] != in->change_days[k])
            in->change_days[n++] = in->change_days[k];
    in->n_changes = n;
}

int regime_next(const struct inputs *in, int day)
{
    /* Change days are few (three per milestone with effects at most): a scan will do. */
    for (int k = 0; k < in->n_changes; k++)
        if (in->change_days[k] > day)
            return in->change_days[k];
    return INT32_MAX;
}

/* The scenario-wide parameters that effects may change, by target. */
struct scalars {
    double value[N_EFFECT_TARGETS];
};

/* The highest value of each target: a share's 1, or the format's limit of what the engine
 * computes (docs/scenario.md, "Ranges"). A scale that would carry a parameter past it holds it
 * there, as a distribution's rare tail is held (no value of the file goes past it). */
static const double target_max[N_EFFECT_TARGETS] = {
    [EFFECT_SECURITY_BASELINE] = 1,
    [EFFECT_RISK] = SCHEMA_MAX_MULTIPLIER,
    [EFFECT_WATER_CAPACITY] = SCHEMA_MAX_COUNT,
    [EFFECT_HOSPITAL_BEDS] = SCHEMA_MAX_COUNT,
    [EFFECT_SHOCK] = SCHEMA_MAX_SHOCK,
    [EFFECT_SPOILER_RATE] = SCHEMA_MAX_INCIDENTS,
    [EFFECT_ACCESS_FLOOR] = 1,
    [EFFECT_RETURNS_RATE] = 1,
    [EFFECT_RETURNS_MIN_SECURITY] = 1,
    [EFFECT_RECONSTRUCTION_MIN_SECURITY] = 1,
};

/* The lowest: 0, or a risk's limit (the coverage divides by it), where a small scale would
 * carry it below, held there the same way. */
static const double target_min[N_EFFECT_TARGETS] = {
    [EFFECT_RISK] = SCHEMA_MIN_RISK,
};

/* 'x' after the effect 'e', whose value or scale was drawn as 'drawn_value'. */
static double affect(const struct da_effect *e, double x, double drawn_value)
{
    double y = e->scale ? x * drawn_value : drawn_value;
    return dmin(target_max[e->target], dmax(target_min[e->target], y));
}

/* The area array that target 'target' changes, or NULL for a scenario-wide one. */
static double *area_array(struct inputs *in, int target)
{
    switch (target) {
    case EFFECT_SECURITY_BASELINE:
        return in->baseline;
    case EFFECT_RISK:
        return in->risk;
    case EFFECT_WATER_CAPACITY:
        return in->water_param;
    case EFFECT_HOSPITAL_BEDS:
        return in->beds_param;
    default:
        return NULL;
    }
}

/* Applies the effects of milestone 'm' to the parameters. */
static void apply_milestone(struct inputs *in, const struct plan *plan, const struct draws *draws,
                            int m, struct scalars *sc)
{
    const struct da_milestone *ms = &plan->scn->milestones[m];
    for (size_t k = 0; k < ms->n_effects; k++) {
        const struct da_effect *e = &ms->effects[k];
        double v = draws->x[e->scale ? e->scale_by : e->value];
        double *per_area = area_array(in, e->target);
        if (!per_area) {
            sc->value[e->target] = affect(e, sc->value[e->target], v);
        } else if (e->area == EFFECT_EVERY_AREA) {
            for (int a = 0; a < plan->n_areas; a++)
                per_area[a] = affect(e, per_area[a], v);
        } else {
            per_area[e->area] = affect(e, per_area[e->area], v);
        }
    }
}

static int compare_holding(const void *a, const void *b)
{
    const struct regime_entry *x = a, *y = b;
    if (x->since != y->since)
        return x->since < y->since ? -1 : 1;
    return (x->m > y->m) - (x->m < y->m);
}

void regime_inputs(struct inputs *in, const struct plan *plan, const struct draws *draws,
                   const struct timeline *tl, int day)
{
    const struct da_scenario *scn = plan->scn;
    struct scalars sc = {{0}};
    sc.value[EFFECT_SHOCK] = draws->x[scn->security.shock];
    sc.value[EFFECT_SPOILER_RATE] = draws->x[scn->security.spoiler_incidents_per_100k_day];
    sc.value[EFFECT_ACCESS_FLOOR] = draws->x[scn->humanitarian.access_floor];
    sc.value[EFFECT_RETURNS_RATE] = draws->x[scn->returns.rate_per_day];
    sc.value[EFFECT_RETURNS_MIN_SECURITY] = draws->x[scn->returns.min_security];
    sc.value[EFFECT_RECONSTRUCTION_MIN_SECURITY] = draws->x[scn->reconstruction.min_security];
    for (int a = 0; a < plan->n_areas; a++) {
        const struct da_area *area = &scn->areas[a];
        in->baseline[a] = draws->x[area->security_baseline];
        in->risk[a] = draws->x[area->risk];
        in->water_param[a] = draws->x[area->water_capacity_m3_day];
        in->beds_param[a] = draws->x[area->hospital_beds];
    }
    /* The milestones with effects that hold today, in the order their effects apply. */
    struct regime_entry *order = in->holding;
    int n = 0;
    for (int k = 0; k < plan->n_effect_milestones; k++) {
        int m = plan->effect_milestones[k];
        if (!timeline_holds(tl, m, day))
            continue;
        double since = tl->V[m] <= day ? tl->V[m] : tl->T[m];
        order[n++] = (struct regime_entry){since, m};
    }
    qsort(order, (size_t)n, sizeof *order, compare_holding);
    for (int k = 0; k < n; k++)
        apply_milestone(in, plan, draws, order[k].m, &sc);
    security_derive(in, plan, draws->x[scn->security.required_per_1000], sc.value[EFFECT_SHOCK],
                    sc.value[EFFECT_SPOILER_RATE]);
    in->access_floor = sc.value[EFFECT_ACCESS_FLOOR];
    in->returns_rate = sc.value[EFFECT_RETURNS_RATE];
    in->returns_min_security = sc.value[EFFECT_RETURNS_MIN_SECURITY];
    in->rebuild_min_security = sc.value[EFFECT_RECONSTRUCTION_MIN_SECURITY];
    in->regime_day = day;
}

void regime_follow(struct world *w)
{
    const struct inputs *in = w->in;
    for (int a = 0; a < w->plan->n_areas; a++) {
        size_t at = world_area(w, a);
        w->sh.water_capacity[at] += in->water_param[a] - w->sh.water_param[a];
        w->sh.beds[at] += in->beds_param[a] - w->sh.beds_param[a];
        w->sh.water_capacity[at] = dmax(0, w->sh.water_capacity[at]);
        w->sh.beds[at] = dmax(0, w->sh.beds[at]);
        w->sh.water_param[a] = in->water_param[a];
        w->sh.beds_param[a] = in->beds_param[a];
    }
    force_allocate(w);
}
