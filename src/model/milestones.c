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
#include <stdlib.h>

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
    double v = HUGE_VAL;
    for (size_t i = 0; i < n; i++)
        v = dmin(v, T[refs[i].index]);
    return v;
}

/* ---- the paths of v1: no milestone lapses ------------------------------------------------
 *
 * Every milestone holds from the time it is reached on, so "the first time all of these hold"
 * is the latest of their times, and a stage of the crossings, once reached, stays in force. */

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

static void reach_without_lapses(const struct plan *plan, const struct draws *draws,
                                 struct timeline *tl)
{
    const struct da_scenario *scn = plan->scn;
    for (int k = 0; k < plan->n_milestones; k++) {
        uint32_t m = plan->topo[k];
        const struct da_milestone *ms = &scn->milestones[m];
        tl->L[m] = tl->V[m] = HUGE_VAL;
        tl->parent[m] = binding_prerequisite(ms, tl->T);
        if (!draws->milestone_occurs[m]) {
            tl->T[m] = HUGE_VAL;
            continue;
        }
        double base = latest(ms->after, ms->n_after, tl->T);
        if (ms->n_any_of)
            base = dmax(base, earliest(ms->any_of, ms->n_any_of, tl->T));
        tl->T[m] = base + draws->x[ms->delay_days];
    }
}

/* ---- spans: the stretches of time in which milestones hold (section 9.2) -------------------
 *
 * A set of times is a list of disjoint stretches in increasing order. A milestone's set has at
 * most two; the intersection of sets with n and m stretches has at most n + m, and so has
 * their union, so a list of r milestones needs at most 2 r + 2 (timeline.spans_cap). */

/* The stretches in which milestone 'm' holds. */
static int spans_of(const struct timeline *tl, int m, struct span *out)
{
    int n = 0;
    if (tl->T[m] < tl->L[m])
        out[n++] = (struct span){tl->T[m], tl->L[m]};
    if (tl->V[m] < HUGE_VAL) {
        if (n > 0 && out[n - 1].to >= tl->V[m])
            out[n - 1].to = HUGE_VAL; /* it recovers as it lapses: one stretch */
        else
            out[n++] = (struct span){tl->V[m], HUGE_VAL};
    }
    return n;
}

static int intersect(const struct span *a, int na, const struct span *b, int nb, struct span *out)
{
    int i = 0, j = 0, n = 0;
    while (i < na && j < nb) {
        double lo = dmax(a[i].from, b[j].from), hi = dmin(a[i].to, b[j].to);
        if (lo < hi)
            out[n++] = (struct span){lo, hi};
        if (a[i].to < b[j].to)
            i++;
        else
            j++;
    }
    return n;
}

static int unite(const struct span *a, int na, const struct span *b, int nb, struct span *out)
{
    int i = 0, j = 0, n = 0;
    while (i < na || j < nb) {
        struct span next = (j >= nb || (i < na && a[i].from <= b[j].from)) ? a[i++] : b[j++];
        if (n > 0 && next.from <= out[n - 1].to)
            out[n - 1].to = dmax(out[n - 1].to, next.to);
        else
            out[n++] = next;
    }
    return n;
}

/* The four lists of the timeline's room. */
struct span_room {
    struct span *all, *any, *one, *tmp;
};

static struct span_room room_of(const struct timeline *tl)
{
    int c = tl->spans_cap;
    return (struct span_room){tl->spans, tl->spans + c, tl->spans + 2 * c, tl->spans + 3 * c};
}

/* Intersects the set room->all (n stretches) with the set of every milestone of 'refs'; the
 * number of stretches left. */
static int within_all(const struct timeline *tl, struct span_room *room, int n,
                      const struct da_ref *refs, size_t n_refs)
{
    for (size_t i = 0; i < n_refs && n > 0; i++) {
        int k = spans_of(tl, (int)refs[i].index, room->one);
        n = intersect(room->all, n, room->one, k, room->tmp);
        struct span *swap = room->all;
        room->all = room->tmp;
        room->tmp = swap;
    }
    return n;
}

/* The union of the sets of the milestones 'refs', in room->any; its number of stretches. */
static int any_of_sets(const struct timeline *tl, struct span_room *room, const struct da_ref *refs,
                       size_t n_refs)
{
    int n = 0;
    for (size_t i = 0; i < n_refs; i++) {
        int k = spans_of(tl, (int)refs[i].index, room->one);
        n = unite(room->any, n, room->one, k, room->tmp);
        struct span *swap = room->any;
        room->any = room->tmp;
        room->tmp = swap;
    }
    return n;
}

/* The first time from 'from' at which every milestone of 'refs' holds (INFINITY: never). */
static double first_together(const struct timeline *tl, const struct da_ref *refs, size_t n,
                             double from)
{
    struct span_room room = room_of(tl);
    room.all[0] = (struct span){from, HUGE_VAL};
    int k = within_all(tl, &room, 1, refs, n);
    return k > 0 ? room.all[0].from : HUGE_VAL;
}

/* Whether milestone 'm' began to hold at time 't'. */
static bool began_at(const struct timeline *tl, int m, double t)
{
    return tl->T[m] == t || tl->V[m] == t;
}

/* The prerequisite whose (re)start began a stretch at 'b': the first of 'after' that began
 * then, else the first of 'any_of'; -1 for none (b = 0 with nothing before it). */
static int starter(const struct timeline *tl, const struct da_milestone *ms, double b)
{
    for (size_t i = 0; i < ms->n_after; i++)
        if (began_at(tl, (int)ms->after[i].index, b))
            return (int)ms->after[i].index;
    for (size_t i = 0; i < ms->n_any_of; i++)
        if (began_at(tl, (int)ms->any_of[i].index, b))
            return (int)ms->any_of[i].index;
    return -1;
}

/* Milestone 'm' is reached at b + delay, b the start of the first stretch in which its
 * prerequisites hold that lasts beyond b + delay; then it may lapse, and recover. */
static void reach_one(const struct plan *plan, const struct draws *draws, struct timeline *tl,
                      int m)
{
    const struct da_milestone *ms = &plan->scn->milestones[m];
    tl->T[m] = tl->L[m] = tl->V[m] = HUGE_VAL;
    tl->parent[m] = -1;
    if (!draws->milestone_occurs[m])
        return;
    struct span_room room = room_of(tl);
    room.all[0] = (struct span){0, HUGE_VAL};
    int n = within_all(tl, &room, 1, ms->after, ms->n_after);
    if (ms->n_any_of > 0 && n > 0) {
        int k = any_of_sets(tl, &room, ms->any_of, ms->n_any_of);
        n = intersect(room.all, n, room.any, k, room.tmp);
        room.all = room.tmp;
    }
    double delay = draws->x[ms->delay_days];
    for (int i = 0; i < n; i++) {
        if (room.all[i].to > room.all[i].from + delay) {
            tl->T[m] = room.all[i].from + delay;
            tl->parent[m] = starter(tl, ms, room.all[i].from);
            break;
        }
    }
    const struct da_lapse *l = &ms->lapse;
    if (!l->present || !draws->lapses[m] || !(tl->T[m] < HUGE_VAL))
        return;
    tl->L[m] = tl->T[m] + draws->x[l->after_days];
    if (draws->recovers[m] && l->has_recovery_days)
        tl->V[m] = tl->L[m] + draws->x[l->recovery_days];
}

/* The stages' ranks (compare_keys() on the day each is first reached, then its place in the
 * list) in 'order', and their days in tl->stage_reach. */
static int compare_keys(const void *a, const void *b)
{
    int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
    return (x > y) - (x < y);
}

static void rank_stages(const struct da_humanitarian *h, struct timeline *tl, int64_t *order,
                        bool lapses)
{
    int64_t n = (int64_t)h->n_crossings;
    for (int64_t k = 0; k < n; k++) {
        const struct da_crossing *c = &h->crossings[k];
        double reached = lapses ? first_together(tl, c->after, c->n_after, 0)
                                : latest(c->after, c->n_after, tl->T);
        tl->stage_reach[k] = world_day_of(reached);
        order[k] = (int64_t)tl->stage_reach[k] * n + k;
    }
    qsort(order, (size_t)n, sizeof *order, compare_keys);
}

/* The capacity on each day is that of the stage reached most recently (a stage is reached when
 * all its 'after' milestones are), the base before any; on the same day the one listed last
 * wins. A stage may lower the capacity (a closure). Every stage reached on day t takes over on
 * day t, in list order: a sweep over the days and the ranked stages together does it, in time
 * linear in the days and stages. */
static void capacity_without_lapses(const struct plan *plan, const struct draws *draws,
                                    struct timeline *tl, int64_t *order)
{
    const struct da_humanitarian *h = &plan->scn->humanitarian;
    int64_t n = (int64_t)h->n_crossings, i = 0;
    rank_stages(h, tl, order, false);
    double cap = draws->x[h->trucks_per_day];
    for (int t = 0; t < plan->horizon; t++) {
        for (; i < n && tl->stage_reach[order[i] % n] <= t; i++) /* days from 0 (world_day_of) */
            cap = draws->x[h->crossings[order[i] % n].trucks_per_day];
        tl->stage_cap[t] = cap;
    }
}

/* A stage is in force on the days all its 'after' hold; the stages rank by the day they were
 * first reached (ties: the one listed last), and each day has the capacity of the
 * highest-ranked stage in force, or the base. Painting the stages' days in rank order, the
 * highest last, gives it. */
static void capacity_with_lapses(const struct plan *plan, const struct draws *draws,
                                 struct timeline *tl, int64_t *order)
{
    const struct da_humanitarian *h = &plan->scn->humanitarian;
    int64_t n = (int64_t)h->n_crossings;
    for (int t = 0; t < plan->horizon; t++)
        tl->stage_cap[t] = draws->x[h->trucks_per_day];
    rank_stages(h, tl, order, true);
    for (int64_t i = 0; i < n; i++) {
        int64_t k = order[i] % n;
        if (tl->stage_reach[k] >= plan->horizon)
            break;
        const struct da_crossing *c = &h->crossings[k];
        struct span_room room = room_of(tl);
        room.all[0] = (struct span){0, HUGE_VAL};
        int spans = within_all(tl, &room, 1, c->after, c->n_after);
        double cap = draws->x[c->trucks_per_day];
        for (int j = 0; j < spans; j++) {
            int from = world_day_of(room.all[j].from), to = world_day_of(room.all[j].to);
            for (int t = from; t < to && t < plan->horizon; t++)
                tl->stage_cap[t] = cap;
        }
    }
}

/* ---- the timeline ------------------------------------------------------------------------ */

/* The first time from which the options, contingents and pledges may act. */
static void first_times(const struct plan *plan, struct timeline *tl)
{
    const struct da_scenario *scn = plan->scn;
    for (int o = 0; o < plan->n_options; o++) {
        const struct da_option *opt = &scn->options[o];
        double start = plan->has_lapses
                           ? first_together(tl, opt->starts_when, opt->n_starts_when, 0)
                           : latest(opt->starts_when, opt->n_starts_when, tl->T);
        tl->start[o] = start;
        for (size_t i = 0; i < opt->n_sources; i++) {
            const struct da_source *src = &opt->sources[i];
            double t = start;
            if (plan->has_lapses && start < HUGE_VAL)
                t = first_together(tl, src->requires, src->n_requires, start);
            else
                for (size_t r = 0; r < src->n_requires; r++)
                    t = dmax(t, tl->T[src->requires[r].index]);
            tl->trigger[plan->contingent_base[o] + (int)i] = t;
        }
    }
    for (int k = 0; k < plan->n_pledges; k++) {
        const struct da_pledge *pl = plan->pledges[k].pledge;
        tl->pledge_from[k] = plan->has_lapses ? first_together(tl, pl->requires, pl->n_requires, 0)
                                              : latest(pl->requires, pl->n_requires, tl->T);
    }
}

void milestones_timeline(const struct plan *plan, const struct draws *draws, struct timeline *tl)
{
    if (plan->has_lapses) {
        for (int k = 0; k < plan->n_milestones; k++)
            reach_one(plan, draws, tl, (int)plan->topo[k]);
        capacity_with_lapses(plan, draws, tl, tl->stage_order);
    } else {
        reach_without_lapses(plan, draws, tl);
        capacity_without_lapses(plan, draws, tl, tl->stage_order);
    }
    first_times(plan, tl);
}

bool milestones_all_hold(const struct timeline *tl, const struct da_ref *refs, size_t n, double t)
{
    for (size_t i = 0; i < n; i++)
        if (!timeline_holds(tl, (int)refs[i].index, t))
            return false;
    return true;
}

/* The time milestone 'm' last began to hold before 't' (its T when it never lapsed). */
static double began_before(const struct timeline *tl, int m, double t)
{
    return tl->V[m] <= t ? tl->V[m] : tl->T[m];
}

void milestones_critical_chain(const struct plan *plan, const struct timeline *tl, int o,
                               unsigned char *critical)
{
    const struct da_option *opt = &plan->scn->options[o];
    double start = tl->start[o];
    for (int m = 0; m < plan->n_milestones; m++)
        critical[m] = 0;
    int m = -1;
    for (size_t i = 0; i < opt->n_starts_when; i++) {
        int c = (int)opt->starts_when[i].index;
        if (m < 0 || began_before(tl, c, start) > began_before(tl, m, start))
            m = c;
    }
    /* The walk ends where no prerequisite is left; a milestone is visited at most once, which
     * also bounds the walk on a graph that validation has proved acyclic. */
    for (int steps = 0; m >= 0 && steps <= plan->n_milestones; steps++) {
        critical[m] = 1;
        m = tl->parent[m];
    }
}

/* The first of 'refs' that does not hold at 't', or -1. */
static int first_not_holding(const struct timeline *tl, const struct da_ref *refs, size_t n,
                             double t)
{
    for (size_t i = 0; i < n; i++)
        if (!timeline_holds(tl, (int)refs[i].index, t))
            return (int)refs[i].index;
    return -1;
}

static bool any_holds(const struct timeline *tl, const struct da_ref *refs, size_t n, double t)
{
    for (size_t i = 0; i < n; i++)
        if (timeline_holds(tl, (int)refs[i].index, t))
            return true;
    return false;
}

int milestones_holding_back(const struct plan *plan, const struct timeline *tl, int o, int day)
{
    const struct da_option *opt = &plan->scn->options[o];
    double t = day;
    int m = first_not_holding(tl, opt->starts_when, opt->n_starts_when, t);
    for (int steps = 0; m >= 0 && steps <= plan->n_milestones; steps++) {
        const struct da_milestone *ms = &plan->scn->milestones[m];
        int up = first_not_holding(tl, ms->after, ms->n_after, t);
        if (up < 0 && ms->n_any_of > 0 && !any_holds(tl, ms->any_of, ms->n_any_of, t))
            up = (int)ms->any_of[0].index; /* none of them held: the first listed */
        if (up < 0)
            return m;
        m = up;
    }
    return m;
}
