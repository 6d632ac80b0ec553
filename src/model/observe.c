/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * observe.c - reading what the scenario's observations observe (see observe.h).
 *
 * An observation reads its option's world on its exact day, with the day's other outputs
 * (after the deliveries, with the day's security s(t)), except the running count of incidents,
 * read at the day's end so that it includes the day's own. Counts over all areas are summed;
 * shares over all areas are the population-weighted mean (security, water and food coverage),
 * and coverage over all areas is the total strength over the total requirement.
 */
#include "observe.h"

#include <math.h>
#include <string.h>

#include "../util/alloc.h"
#include "world.h"

/* The readings follow the scenario's observable quantities (enum da_observable), in order. */
_Static_assert((int)READ_MILESTONE == (int)N_OBSERVABLES &&
                   (int)READ_DEPLOYED == (int)OBSERVABLE_DEPLOYED &&
                   (int)READ_INCIDENTS == (int)OBSERVABLE_INCIDENTS_TOTAL &&
                   (int)READ_SECURITY_MEAN == (int)OBSERVABLE_SECURITY_MEAN_END,
               "enum observed_reading must follow enum da_observable");

/* The reading of a checked observation. */
static int reading_of(const struct da_observation *o)
{
    return o->kind == OBSERVED_MILESTONE ? READ_MILESTONE : o->observable;
}

/* Which sources of the observation's option count ('from'); NULL for all. */
static bool resolve_from(struct plan_observation *ob, const struct da_scenario *scn)
{
    const struct da_observation *o = ob->obs;
    ob->from = NULL;
    if (o->n_from == 0)
        return true;
    size_t n = scn->options[ob->option].n_sources;
    ob->from = da_calloc(n ? n : 1, sizeof *ob->from);
    if (!ob->from)
        return false;
    for (size_t i = 0; i < o->n_from; i++)
        if (o->from[i].index < n)
            ob->from[o->from[i].index] = true;
    return true;
}

da_status observe_plan(struct plan *plan)
{
    const struct da_scenario *scn = plan->scn;
    int n = (int)scn->n_observed, H = plan->horizon;
    plan->n_observed = n;
    plan->observed = da_calloc((size_t)(n ? n : 1), sizeof *plan->observed);
    plan->observed_order = da_calloc((size_t)(n ? n : 1), sizeof *plan->observed_order);
    plan->observed_by_day = da_calloc((size_t)H + 2, sizeof *plan->observed_by_day);
    if (!plan->observed || !plan->observed_order || !plan->observed_by_day)
        return DA_ERR_NOMEM;
    for (int i = 0; i < n; i++) {
        const struct da_observation *o = &scn->observed[i];
        struct plan_observation *ob = &plan->observed[i];
        ob->obs = o;
        ob->reading = reading_of(o);
        ob->option = (int)o->option_index;
        ob->area = o->area.name ? (int)o->area.index : -1;
        ob->milestone = o->kind == OBSERVED_MILESTONE ? (int)o->milestone.index : -1;
        ob->day = o->has_day ? (int)o->day.day : -1;
        bool censored = o->kind == OBSERVED_MILESTONE;
        double lo = censored && o->min > H ? H : o->min, hi = censored && o->max > H ? H : o->max;
        ob->point = lo == hi ? lo : lo + (hi - lo) / 2;
        if (!resolve_from(ob, scn))
            return DA_ERR_NOMEM;
    }
    /* A counting sort by day: the observations of each day, in file order. */
    for (int i = 0; i < n; i++)
        if (plan->observed[i].day >= 0 && plan->observed[i].day < H)
            plan->observed_by_day[plan->observed[i].day + 1]++;
    for (int d = 0; d < H; d++)
        plan->observed_by_day[d + 1] += plan->observed_by_day[d];
    plan->observed_by_day[H + 1] = plan->observed_by_day[H];
    int *next = da_calloc((size_t)H + 1, sizeof *next);
    if (!next)
        return DA_ERR_NOMEM;
    memcpy(next, plan->observed_by_day, sizeof *next * ((size_t)H + 1));
    for (int i = 0; i < n; i++) {
        int d = plan->observed[i].day;
        if (d >= 0 && d < H)
            plan->observed_order[next[d]++] = i;
    }
    da_free(next);
    return DA_OK;
}

void observe_release(struct plan *plan)
{
    for (int i = 0; plan->observed && i < plan->n_observed; i++)
        da_free(plan->observed[i].from);
    da_free(plan->observed);
    da_free(plan->observed_order);
    da_free(plan->observed_by_day);
}

bool observe_at_end_of_day(const struct plan_observation *ob)
{
    return ob->reading == READ_INCIDENTS;
}

/* The strength of the option's sources that count, in area 'a' or (a < 0) all areas. */
static double strength(const struct world *w, const struct plan_observation *ob)
{
    if (!ob->from)
        return ob->area >= 0 ? w->force[world_area(w, ob->area)] : world_area_sum(w, w->force);
    double people = 0;
    for (size_t i = 0; i < w->opt->n_sources; i++) {
        if (!ob->from[i])
            continue;
        double on = force_source_strength(&w->sources[i], ob->day);
        people += ob->area >= 0 ? on * w->sources[i].weight[world_area(w, ob->area)] : on;
    }
    return people;
}

/* An area's value of 'v', or the population-weighted mean of all areas. */
static double share(const struct world *w, const struct plan_observation *ob, const double *v)
{
    return ob->area >= 0 ? v[world_area(w, ob->area)] : world_pop_mean(w, v);
}

double observe_value(const struct world *w, const struct plan_observation *ob, bool idle)
{
    int A = w->plan->n_areas;
    switch (ob->reading) {
    case READ_DEPLOYED:
        return idle ? 0 : strength(w, ob);
    case READ_COVERAGE:
        if (idle)
            return 0;
        return ob->area >= 0 ? w->coverage[world_area(w, ob->area)]
                             : world_area_sum(w, w->force) / world_sum(w->in->required, A);
    case READ_SECURITY:
        return share(w, ob, w->sh.security);
    case READ_WATER_COVERAGE:
        return share(w, ob, w->sh.water_cov);
    case READ_FOOD_COVERAGE:
        return share(w, ob, w->sh.food_cov);
    case READ_DISPLACED:
        return ob->area >= 0 ? w->sh.displaced[world_area(w, ob->area)]
                             : world_area_sum(w, w->sh.displaced);
    case READ_INCIDENTS:
        return *w->sh.incidents;
    case READ_COST:
        return world_spent_total(w);
    case READ_UNFUNDED:
        return *w->sh.unfunded;
    case READ_WATER_GAP:
        return *w->sh.water_gap;
    case READ_FOOD_GAP:
        return *w->sh.food_gap;
    case READ_MEDICAL:
        return *w->sh.medical_tonnes;
    case READ_SHELTER:
        return *w->sh.shelter_tonnes;
    case READ_RETURNED_HOUSING:
        return *w->sh.returned_housing;
    case READ_RETURNED_OWN:
        return *w->sh.returned_own;
    case READ_SECURITY_MEAN:
        return world_pop_mean(w, w->sh.security);
    case READ_BED_COVERAGE:
        return world_pop_mean(w, w->sh.bed_cov);
    default:
        return (double)NAN;
    }
}
