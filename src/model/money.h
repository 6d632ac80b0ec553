/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * money.h - when a pool that pays falls short: the one rule that the scalar steps (force.c,
 * humanitarian.c, reconstruction.c) and the lanes' kernels (lanes_body.inc) share, so that both
 * decide it on the same bits.
 */
#ifndef DA_MODEL_MONEY_H
#define DA_MODEL_MONEY_H

#include <float.h>

/* The rounding of a day's money, as a share of the amount asked of a pool with 'donors' donors:
 * the flexible pool's top-up moves what a pool lacks as its donors' parts, each rounded and
 * added up (two roundings a donor, four more for the lack, its share and a price), so the pool
 * can hold an ulp or so less than the day's demand that it was topped up to cover. */
static inline double funding_rounding(int donors)
{
    return (2.0 * donors + 4) * DBL_EPSILON;
}

/* What of 'due' the 'paid' (at most 'due') leaves unpaid: none where the rest is within the
 * rounding of the day's money, which exact arithmetic would have paid (no arrears, no truck
 * short of money, from a shortfall of 1e-11 dollars; docs/model.md section 7). */
static inline double funding_unpaid(double paid, double due, int donors)
{
    double rest = due - paid;
    return rest > funding_rounding(donors) * due ? rest : 0;
}

/* Pay left unpaid on a day (arrears): what funding_unpaid() leaves, if at least a cent. Less is
 * no debt a payroll can owe: it is the pay of a residue such as 10^-13 people, what the rounding
 * of the flows leaves in a stock that exact arithmetic would have emptied, which would else put a
 * force in arrears every day and make money the reason it falls short (docs/model.md section 7). */
static inline double pay_unpaid(double paid, double due, int donors)
{
    double rest = funding_unpaid(paid, due, donors);
    return rest >= 0.01 ? rest : 0;
}

#endif
