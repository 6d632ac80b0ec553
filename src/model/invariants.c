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
 * Sums are compared with da_close(), stocks with da_at_least_zero() (util/check.h): a value
 * that is not finite passes both, left to the engine, which refuses such a run with its reason.
 */
#include "invariants.h"

#ifndef NDEBUG

#include <math.h>

#include "../util/check.h"

static int share(double v)
{
    return !isfinite(v) || (v >= 0 && v <= 1);
}

static void check_money(const struct world *w)
{
    const struct plan *plan = w->plan;
    double held = 0, spent = 0, by_payer = 0;
    for (int k = 0; k < N_POOLS * plan->n_donors; k++) {
        double balance = w->sh.pools[(size_t)k * (size_t)w->lanes];
        DA_ASSERT(da_at_least_zero(balance, *w->sh.income));
        held += balance;
    }
    for (int p = 0; p < N_POOL_PURPOSES; p++) {
        DA_ASSERT(da_at_least_zero(*world_spent(w, p), *w->sh.income));
        spent += *world_spent(w, p);
    }
    for (int d = 0; d < plan->n_donors; d++)
        by_payer += w->sh.spent_by_donor[(size_t)d * (size_t)w->lanes];
    for (int k = 0; k < plan->n_self_payers; k++)
        by_payer += w->self_spent[k];
    DA_ASSERT(da_close(spent + held, *w->sh.income)); /* money in = spent + held */
    DA_ASSERT(da_close(by_payer, spent));             /* the payers' = the purposes' */
    DA_ASSERT(da_at_least_zero(*w->sh.unfunded, 0));
}

static void check_people(const struct world *w)
{
    const struct plan *plan = w->plan;
    double displaced0 = 0, displaced = 0;
    for (int a = 0; a < plan->n_areas; a++) {
        DA_ASSERT(da_at_least_zero(w->force[world_area(w, a)], w->in->required[a]));
        DA_ASSERT(da_at_least_zero(w->sh.displaced[world_area(w, a)], w->in->pop[a]));
        displaced0 += w->in->pop[a] * wx(w, plan->scn->areas[a].displaced_share);
        displaced += w->sh.displaced[world_area(w, a)];
    }
    DA_ASSERT(da_close(displaced + *w->sh.returned_own + *w->sh.returned_housing, displaced0));
    for (size_t i = 0; i < w->opt->n_sources; i++) {
        const struct source_state *s = &w->sources[i];
        double scale = s->src->kind == SOURCE_POOL ? wx(w, s->src->size) : *s->arrived;
        DA_ASSERT(da_at_least_zero(*s->remaining, scale));
        DA_ASSERT(da_at_least_zero(*s->waiting_vet, scale));
        DA_ASSERT(da_at_least_zero(*s->queue, scale));
        DA_ASSERT(da_at_least_zero(*s->waiting_equip, scale));
        DA_ASSERT(da_at_least_zero(*s->deployed, scale));
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

void world_check_day(const struct world *w)
{
    check_money(w);
    check_people(w);
    check_shares(w);
}

#endif
