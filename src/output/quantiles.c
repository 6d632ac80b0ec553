/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * quantiles.c - the numbers both result writers report (see quantiles.h).
 */
#include "quantiles.h"

#include <math.h>

#include "../util/date.h"

void quantiles_of(const struct sketch *s, struct quantiles *q)
{
    q->n = s->band.count;
    /* The sketch gives NaN when empty; asking it anyway keeps one definition of "empty". */
    q->mean = sketch_mean(s);
    q->p10 = sketch_quantile(s, 0.1);
    q->p50 = sketch_quantile(s, 0.5);
    q->p90 = sketch_quantile(s, 0.9);
}

double share_of(uint64_t part, uint64_t whole)
{
    return whole == 0 ? (double)NAN : (double)part / (double)whole;
}

double share_deployed_by(const struct da_results *res, int o, int k)
{
    /* Days run 0 .. H-1, so a check day of H or later never happened: a 0 there would read as
     * "never deployed" when it means "not simulated". */
    if (res->plan.tracked_days[k] >= res->plan.horizon)
        return (double)NAN;
    return share_of(res->acc.options[o].deployed_by[k], res->replications);
}

double share_short(const struct da_results *res, int o, int k, int reason)
{
    if (k < 0)
        return (double)NAN;
    if (res->plan.tracked_days[k] >= res->plan.horizon)
        return (double)NAN;
    return share_of(res->acc.options[o].short_by[k][reason], res->replications);
}

double share_held_by(const struct da_results *res, int o, int k, int m)
{
    if (k < 0 || res->plan.tracked_days[k] >= res->plan.horizon)
        return (double)NAN;
    const uint64_t *held = res->acc.options[o].held_by + (size_t)k * (size_t)res->plan.n_milestones;
    return share_of(held[m], res->replications);
}

int top_held_by(const struct da_results *res, int o, int k)
{
    const uint64_t *held = res->acc.options[o].held_by + (size_t)k * (size_t)res->plan.n_milestones;
    int best = -1;
    for (int m = 0; m < res->plan.n_milestones; m++)
        if (held[m] > 0 && (best < 0 || held[m] > held[best]))
            best = m;
    return best;
}

double criticality_of(const struct da_results *res, int o, int m)
{
    const struct option_acc *oa = &res->acc.options[o];
    return share_of(oa->critical[m], oa->started);
}

const char *date_of_day(const struct da_results *res, double day, char *buf, size_t cap)
{
    if (!res->scenario->has_start_date || !(day >= 0 && day < 1e7))
        return NULL;
    return date_format(res->scenario->start_date + (int64_t)floor(day), buf, cap);
}
