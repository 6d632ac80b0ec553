/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * invariants.c - what must hold at the end of every day of every option, asserted where debug
 * and test builds (and the fuzzers) run the model, so that a step that loses money or people
 * stops the run at the day it happened rather than in a test's totals at the horizon:
 *
 *   money:  what came in = what was spent + what the pools hold; the payers' spending is the
 *           purposes'; no pool, spending or shortfall below zero;
 *   people: no area's force and no stock of a source's pipeline below zero; the displaced and
 *           the returned add up to the displaced of day 0;
 *   shares: security, access and the coverages within [0, 1].
 *
 * Sums are compared with da_close_after(), stocks with da_at_least_zero_after() (util/check.h),
 * within the rounding of the operations that made them by that day: a value that is not finite
 * passes both, left to the engine, which refuses such a run with its reason.
 */
#include "invariants.h"

#ifndef NDEBUG

#include <math.h>

#include "../util/check.h"

static int share(double v)
{
    return !isfinite(v) || (v >= 0 && v <= 1);
}

/* The money's additions and subtractions by the end of day 'day', at most: each pledge's flow
 * into its pool and the income, each pool's spending, top-up and sums, each purpose's and
 * payer's spending, every day from day 0. A scenario of thousands of pledges over years adds
 * hundreds of millions of small amounts, whose rounding a fixed 1e-9 would take for a leak. */
static double money_terms(const struct plan *plan, int day)
{
    double a_day = 2.0 * plan->n_pledges + 4.0 * N_POOLS * plan->n_donors + N_POOL_PURPOSES +
                   plan->n_self_payers + 16;
    return a_day * (day + 1.0);
}

/* The same of the people: each area's returns, homes finished by sector and moves, and each
 * source's flows, every day. */
static double people_terms(const struct world *w, int day)
{
    const struct plan *plan = w->plan;
    double a_day = (double)plan->n_areas * ((double)plan->scn->reconstruction.n_sectors + 4) +
                   8.0 * (double)w->opt->n_sources + 16;
    return a_day * (day + 1.0);
}

static void check_money(const struct world *w, int day)
{
    const struct plan *plan = w->plan;
    double held = 0, spent = 0, by_payer = 0, terms = money_terms(plan, day);
    for (int k = 0; k < N_POOLS * plan->n_donors; k++) {
        double balance = w->sh.pools[(size_t)k * (size_t)w->lanes];
        DA_ASSERT(da_at_least_zero_after(balance, *w->sh.income, terms));
        held += balance;
    }
    for (int p = 0; p < N_POOL_PURPOSES; p++) {
        DA_ASSERT(da_at_least_zero_after(*world_spent(w, p), *w->sh.income, terms));
        spent += *world_spent(w, p);
    }
    for (int d = 0; d < plan->n_donors; d++)
        by_payer += w->sh.spent_by_donor[(size_t)d * (size_t)w->lanes];
    for (int k = 0; k < plan->n_self_payers; k++)
        by_payer += w->self_spent[k];
    DA_ASSERT(da_close_after(spent + held, *w->sh.income, terms)); /* in = spent + held */
    DA_ASSERT(da_close_after(by_payer, spent, terms));             /* the payers' = the purposes' */
    DA_ASSERT(da_at_least_zero(*w->sh.unfunded, 0));
}

static void check_people(const struct world *w, int day)
{
    const struct plan *plan = w->plan;
    double displaced0 = 0, displaced = 0, terms = people_terms(w, day);
    for (int a = 0; a < plan->n_areas; a++) {
        DA_ASSERT(da_at_least_zero_after(w->force[world_area(w, a)], w->in->required[a], terms));
        DA_ASSERT(da_at_least_zero_after(w->sh.displaced[world_area(w, a)], w->in->pop[a], terms));
        displaced0 += w->in->pop[a] * wx(w, plan->scn->areas[a].displaced_share);
        displaced += w->sh.displaced[world_area(w, a)];
    }
    DA_ASSERT(da_close_after(displaced + *w->sh.returned_own + *w->sh.returned_housing, displaced0,
                             terms));
    for (size_t i = 0; i < w->opt->n_sources; i++) {
        const struct source_state *s = &w->sources[i];
        double scale = s->src->kind == SOURCE_POOL ? wx(w, s->src->size) : *s->arrived;
        DA_ASSERT(da_at_least_zero_after(*s->remaining, scale, terms));
        DA_ASSERT(da_at_least_zero_after(*s->waiting_vet, scale, terms));
        DA_ASSERT(da_at_least_zero_after(*s->queue, scale, terms));
        DA_ASSERT(da_at_least_zero_after(*s->waiting_equip, scale, terms));
        DA_ASSERT(da_at_least_zero_after(*s->deployed, scale, terms));
    }
}

static void check_shares(const struct world *w)
{
    for (int a = 0; a < w->plan->n_areas; a++) {
        size_t at = world_area(w, a);
        DA_ASSERT(share(w->sh.security[at]));
        DA_ASSERT(share(w->sh.access[at]));
        DA_ASSERT(share(w->sh.water_cov[at]));
        DA_ASSERT(share(w->sh.food_cov[at]));
    }
}

void world_check_day(const struct world *w, int day)
{
    check_money(w, day);
    check_people(w, day);
    check_shares(w);
}

#endif
