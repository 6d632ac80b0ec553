/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * milestones.c - the political track (docs/model.md section 2): each milestone's day, the day each
 * option can start, the critical chain behind it, and the crossings' truck capacity, which
 * changes as milestones are reached (section 5).
 *
 *   base_m = max(0, max_{p in after} T_p, min_{q in any_of} T_q)
 *   T_m    = base_m + delay_m  if the milestone occurs, else infinity
 */
#include <math.h>
#include <stdint.h>

#include "world.h"

int world_duration(double days)
{
    double r = round(days);
    if (!(r >= 1))
        return 1;
    return r > 1e9 ? 1000000000 : (int)r;
}

int world_day_of(double t)
{
    if (!(t < 1e9))
        return INT32_MAX;
    double c = ceil(t);
    return c < 0 ? 0 : (int)c;
}

/* The latest of 'refs' (0 for none), and the earliest of 'any' (infinity for none). */
static double latest(const struct da_ref *refs, size_t n, const double *T)
{
    double v = 0;
    for (size_t i = 0; i < n; i++)
        v = dmax(v, T[refs[i].index]);
    return v;
}

static double earliest(const struct da_ref *refs, size_t n, const double *T)
{
    double v = INFINITY;
    for (size_t i = 0; i < n; i++)
        v = dmin(v, T[refs[i].index]);
    return v;
}

/* The capacity on each day is that of the stage reached most recently (a stage is reached when
 * all its 'after' milestones are), the base before any; on the same day the one listed last
 * wins. A stage may lower the capacity (a closure). Every stage reached on day t takes over on
 * day t, in list order, so a sweep over the days does it. */
static void crossing_capacity(const struct plan *plan, const struct draws *draws,
                              struct timeline *tl)
{
    const struct da_humanitarian *h = &plan->scn->humanitarian;
    for (size_t k = 0; k < h->n_crossings; k++) {
        const struct da_crossing *c = &h->crossings[k];
        tl->stage_reach[k] = world_day_of(latest(c->after, c->n_after, tl->T));
    }
    double cap = draws->x[h->trucks_per_day];
    for (int t = 0; t < plan->horizon; t++) {
        for (size_t k = 0; k < h->n_crossings; k++)
            if (tl->stage_reach[k] == t)
                cap = draws->x[h->crossings[k].trucks_per_day];
        tl->stage_cap[t] = cap;
    }
}

void milestones_timeline(const struct plan *plan, const struct draws *draws, struct timeline *tl)
{
    const struct da_scenario *scn = plan->scn;
    for (int k = 0; k < plan->n_milestones; k++) {
        uint32_t m = plan->topo[k];
        const struct da_milestone *ms = &scn->milestones[m];
        if (!draws->milestone_occurs[m]) {
            tl->T[m] = INFINITY;
            continue;
        }
        double base = latest(ms->after, ms->n_after, tl->T);
        if (ms->n_any_of)
            base = dmax(base, earliest(ms->any_of, ms->n_any_of, tl->T));
        tl->T[m] = base + draws->x[ms->delay_days];
    }
    crossing_capacity(plan, draws, tl);
}

double milestones_option_start(const struct plan *plan, const struct timeline *tl, int o)
{
    const struct da_option *opt = &plan->scn->options[o];
    return latest(opt->starts_when, opt->n_starts_when, tl->T);
}

/* The prerequisite that set base_m: the latest of 'after' or the earliest of 'any_of',
 * whichever is larger, 'after' on a tie, the first listed among equals; -1 for none. */
static int binding_prerequisite(const struct da_milestone *ms, const double *T)
{
    int best_after = -1, best_any = -1;
    for (size_t i = 0; i < ms->n_after; i++)
        if (best_after < 0 || T[ms->after[i].index] > T[best_after])
            best_after = (int)ms->after[i].index;
    for (size_t i = 0; i < ms->n_any_of; i++)
        if (best_any < 0 || T[ms->any_of[i].index] < T[best_any])
            best_any = (int)ms->any_of[i].index;
    if (best_after < 0)
        return best_any;
    if (best_any < 0)
        return best_after;
    return T[best_after] >= T[best_any] ? best_after : best_any;
}

void milestones_critical_chain(const struct plan *plan, const struct timeline *tl, int o,
                               unsigned char *critical)
{
    const struct da_option *opt = &plan->scn->options[o];
    for (int m = 0; m < plan->n_milestones; m++)
        critical[m] = 0;
    int m = -1;
    for (size_t i = 0; i < opt->n_starts_when; i++) {
        int c = (int)opt->starts_when[i].index;
        if (m < 0 || tl->T[c] > tl->T[m])
            m = c;
    }
    /* The walk ends where no prerequisite is left; a milestone is visited at most once, which
     * also bounds the walk on a graph that validation has proved acyclic. */
    for (int steps = 0; m >= 0 && steps <= plan->n_milestones; steps++) {
        critical[m] = 1;
        m = binding_prerequisite(&plan->scn->milestones[m], tl->T);
    }
}
