/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * funding.c - donors, pledges and pools (docs/model.md section 7).
 *
 * Each purpose (security, humanitarian, reconstruction) has a pool and 'any' money a flexible
 * one; every pool keeps each donor's balance, so that spending is charged to donors in
 * proportion to their shares of the pool, and money moved from the flexible pool keeps its
 * donors. A pledge pays amount / spread a day for 'spread' days from ceil(T_requires + lag)
 * (the same drawn amount again every 365 days with per_year).
 */
#include <math.h>
#include <stdint.h>
#include <string.h>

#include "../util/check.h"
#include "world.h"

/* Pool 'p' of 'w': its donors' balances, w->lanes apart (interleaved with a block's other
 * lanes, world.h). */
static double *pool(const struct world *w, int p)
{
    return w->pool_at[p];
}

static bool applies(const struct da_pledge *pl, int option)
{
    if (!pl->has_options)
        return true;
    for (size_t i = 0; i < pl->n_options; i++)
        if (pl->options[i].index == (uint32_t)option)
            return true;
    return false;
}

void funding_reset(struct world *w)
{
    const struct plan *plan = w->plan;
    for (size_t k = 0; k < (size_t)N_POOLS * (size_t)plan->n_donors; k++)
        w->sh.pools[k * (size_t)w->lanes] = 0;
    funding_pools_changed(w);
    for (size_t d = 0; d < (size_t)plan->n_donors; d++)
        w->sh.spent_by_donor[d * (size_t)w->lanes] = 0;
    for (int p = 0; p < N_POOL_PURPOSES; p++)
        *world_spent(w, p) = 0;
    *w->sh.unfunded = 0;
    *w->sh.income = 0;
    w->flows_from = w->flows_until = 0; /* no list yet */
    for (int k = 0; k < plan->n_pledges; k++) {
        const struct da_pledge *pl = plan->pledges[k].pledge;
        w->pledge_first[k] = INT32_MAX;
        w->pledge_daily[k] = 0;
        w->pledge_days[k] = 1;
        if (!w->draws->pledge_happens[k] || !applies(pl, w->option))
            continue;
        int first = world_day_of(w->timeline->pledge_from[k] + wx(w, pl->lag_days));
        if (first >= plan->horizon)
            continue;
        w->pledge_first[k] = first;
        w->pledge_days[k] = world_duration(wx(w, pl->spread_days));
        w->pledge_daily[k] = wx(w, pl->amount_usd) / w->pledge_days[k];
    }
}

/* How many of a pledge's yearly windows cover 'day'. */
static int windows_on(int first, int days, bool per_year, int day)
{
    if (day < first)
        return 0;
    int since = day - first;
    if (!per_year)
        return since < days;
    int n = 0;
    for (int start = since % 365; start < days && start <= since; start += 365)
        n++;
    return n;
}

/* The first day after 'day' on which the number of the pledge's windows that cover the day
 * may change (INT32_MAX: never). */
static int next_change(int first, int days, bool per_year, int day)
{
    if (day < first)
        return first;
    if (!per_year)
        return day < first + days ? first + days : INT32_MAX;
    int since = day - first;
    int next_start = first + 365 * (since / 365 + 1);
    int late = day + 1 - (first + days); /* days past the end of the first window */
    int next_end = first + days + 365 * (late <= 0 ? 0 : (late + 364) / 365);
    return next_start < next_end ? next_start : next_end;
}

/* A pledge pays nothing on a day one of its milestones does not hold (section 9.2): that
 * day's money is lost, not paid later. */
static bool lapsed(const struct world *w, int k, int day)
{
    const struct da_pledge *pl = w->plan->pledges[k].pledge;
    return w->plan->has_lapses &&
           !milestones_all_hold(w->timeline, pl->requires, pl->n_requires, day);
}

/* The first day after 'day' on which whether all of 'refs' hold may change (INT32_MAX: never):
 * a milestone holds on day t when T <= t < L or t >= V, which for whole days changes only on
 * ceil(T), ceil(L) and ceil(V). */
static int next_hold_change(const struct timeline *tl, const struct da_ref *refs, size_t n, int day)
{
    int next = INT32_MAX;
    for (size_t i = 0; i < n; i++) {
        int m = (int)refs[i].index;
        const double at[3] = {tl->T[m], tl->L[m], tl->V[m]};
        for (int j = 0; j < 3; j++) {
            int d = world_day_of(at[j]);
            if (d > day && d < next)
                next = d;
        }
    }
    return next;
}

/* Lists the pledges that pay on 'day', with their amounts, and the day until which the list
 * holds: the pledges' windows, and whether their milestones hold, change on few days, and the
 * list is read every day. */
static void list_flows(struct world *w, int day)
{
    const struct plan *plan = w->plan;
    w->n_flowing = 0;
    w->flows_until = INT32_MAX;
    for (int k = 0; k < plan->n_pledges; k++) {
        if (w->pledge_first[k] >= plan->horizon)
            continue;
        const struct da_pledge *pl = plan->pledges[k].pledge;
        int change = next_change(w->pledge_first[k], w->pledge_days[k], pl->per_year, day);
        if (plan->has_lapses) {
            int holds = next_hold_change(w->timeline, pl->requires, pl->n_requires, day);
            change = holds < change ? holds : change;
        }
        w->flows_until = change < w->flows_until ? change : w->flows_until;
        int n = windows_on(w->pledge_first[k], w->pledge_days[k], pl->per_year, day);
        if (n > 0 && !lapsed(w, k, day)) {
            w->flowing[w->n_flowing] = k;
            w->flowing_amount[w->n_flowing++] = n * w->pledge_daily[k];
        }
    }
    w->flows_from = day;
}

void funding_income(struct world *w, int day)
{
    const struct plan *plan = w->plan;
    if (day < w->flows_from || day >= w->flows_until)
        list_flows(w, day);
    for (int i = 0; i < w->n_flowing; i++) {
        int k = w->flowing[i], p = plan->pledges[k].pool;
        pool(w, p)[(size_t)plan->pledges[k].donor * (size_t)w->lanes] += w->flowing_amount[i];
        w->pool_dirty[p] = true;
        *w->sh.income += w->flowing_amount[i];
    }
}

void funding_list_today(struct world *w, int day, double *today, size_t stride)
{
    list_flows(w, day);
    for (int k = 0; k < w->plan->n_pledges; k++)
        today[(size_t)k * stride] = 0;
    for (int i = 0; i < w->n_flowing; i++)
        today[(size_t)w->flowing[i] * stride] = w->flowing_amount[i];
}

/* The sum of the 'n' balances 'v', 's' apart, in donor order from 0. */
static double total(const double *v, int n, size_t s)
{
    double sum = 0;
    for (int d = 0; d < n; d++)
        sum += v[(size_t)d * s];
    return sum;
}

void funding_pools_changed(struct world *w)
{
    for (int p = 0; p < N_POOLS; p++)
        w->pool_dirty[p] = true;
}

double funding_sum_pool(const struct world *w, int purpose)
{
    /* The balance is not part of the world's meaning: it is worked out on demand. */
    struct world *cache = (struct world *)w;
    cache->pool_sum[purpose] = total(pool(w, purpose), w->plan->n_donors, (size_t)w->lanes);
    cache->pool_dirty[purpose] = false;
    return w->pool_sum[purpose];
}

/* Takes 'amount' out of 'from' (whose balances, 's' apart, sum to 'sum') in proportion to its
 * donors' balances; each donor's part is added to 'into' and to 'charged' (when not NULL; 's'
 * apart too). Returns the new sum of 'from' and puts that of 'into' in 'into_sum' (when 'into'
 * is not NULL): each added up as it is written, in donor order from 0, which are the
 * operations of total(), so the pools' balances are the same bits as summing them again. */
static inline __attribute__((always_inline)) double take(double *from, int n, size_t s,
                                                         double amount, double sum, double *into,
                                                         double *into_sum, double *charged)
{
    if (!(sum > 0) || !(amount > 0)) {
        if (into)
            *into_sum = total(into, n, s);
        return sum;
    }
    double share = amount >= sum ? 1 : amount / sum, taken = 0, from_left = 0, into_now = 0;
    for (int d = 0; d < n; d++) {
        size_t at = (size_t)d * s;
        double part = from[at] * share;
        from[at] = share == 1 ? 0 : from[at] - part;
        DA_ASSERT(da_at_least_zero(from[at], 0)); /* no pool in debt */
        from_left += from[at];
        taken += part;
        if (into) {
            into[at] += part;
            into_now += into[at];
        }
        if (charged)
            charged[at] += part;
    }
    /* Money moves whole: what leaves the donors is what was asked for, or all there was. */
    DA_ASSERT(da_close(taken, share == 1 ? sum : amount));
    (void)taken; /* read by the check alone, which release builds leave out */
    if (into)
        *into_sum = into_now;
    return from_left;
}

/* take() from pool 'from' of 'w': a world of its own takes with a stride of 1 known to the
 * compiler, a lane of a block with the block's. */
static double take_from_pool(struct world *w, int from, double amount, double sum, double *into,
                             double *into_sum, double *charged)
{
    int n = w->plan->n_donors;
    if (w->lanes == 1)
        return take(pool(w, from), n, 1, amount, sum, into, into_sum, charged);
    return take(pool(w, from), n, (size_t)w->lanes, amount, sum, into, into_sum, charged);
}

/* Keeps 'sum' as the balance of pool 'p', which take() has just added up. */
static void keep_sum(struct world *w, int p, double sum)
{
    w->pool_sum[p] = sum;
    w->pool_dirty[p] = false;
}

void funding_top_up(struct world *w, const double demand[N_POOL_PURPOSES])
{
    const struct da_funding *f = &w->plan->scn->funding;
    for (int i = 0; i < N_POOL_PURPOSES; i++) {
        int p = f->order[i];
        double lack = demand[p] - funding_balance(w, p);
        if (!(lack > 0) || !(funding_balance(w, POOL_FLEX) > 0))
            continue;
        double into_sum = 0;
        keep_sum(w, POOL_FLEX,
                 take_from_pool(w, POOL_FLEX, lack, funding_balance(w, POOL_FLEX), pool(w, p),
                                &into_sum, NULL));
        keep_sum(w, p, into_sum);
    }
}

void funding_spend_some(struct world *w, int purpose, double amount)
{
    double before = funding_balance(w, purpose);
    if (amount > before)
        amount = before;
    keep_sum(w, purpose,
             take_from_pool(w, purpose, amount, before, NULL, NULL, w->sh.spent_by_donor));
    *world_spent(w, purpose) += amount;
}
