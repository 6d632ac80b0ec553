/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * prim_prune.c - which of a PRIM box's restrictions are significant: the quasi-p-values of
 * Bryant and Lempert ("Thinking inside the box", 2010, section 4.2), as the EMA Workbench
 * computes them (one one-sided binomial test per side of each restricted input), and the
 * backward removal of those that are not.
 */
#include <gsl/gsl_cdf.h>
#include <math.h>

#include "prim_search.h"

double prim_search_quasi_p(const struct prim_search *s, int i, int side)
{
    /* The box without this restriction holds, besides the box's rows, those that only this
     * side of input i keeps out. */
    uint32_t from = side == 0 ? 0 : s->high[i], to = side == 0 ? s->low[i] : s->m;
    uint32_t points = s->points, cases = s->cases;
    for (uint32_t r = from; r < to; r++) {
        uint32_t row = s->order[(size_t)i * s->m + r];
        if (s->outside[row] == 1) {
            points++;
            cases += s->y[s->rows[row]] != 0;
        }
    }
    if (s->cases == 0 || points == 0)
        return 1;
    double p = (double)cases / (double)points;
    if (p >= 1)
        return 1; /* every row without it is a case already: it adds nothing */
    /* P(X >= cases) for X ~ Binomial(s->points, p): GSL's Q(k) is P(X > k). */
    return gsl_cdf_binomial_Q(s->cases - 1, p, s->points);
}

void prim_search_prune(struct prim_search *s, double significance, struct prim_limit *limits)
{
    /* One at a time, the least significant first: dropping a restriction changes the box, and
     * so the others' tests, which are computed again on the box that is left. */
    for (;;) {
        int worst_i = -1, worst_side = 0;
        double worst = significance;
        for (int i = 0; i < s->k; i++) {
            for (int side = 0; side < 2; side++) {
                if (!prim_search_restricted(s, i, side))
                    continue;
                double p = prim_search_quasi_p(s, i, side);
                if (p > worst) {
                    worst = p;
                    worst_i = i;
                    worst_side = side;
                }
            }
        }
        if (worst_i < 0)
            break;
        if (limits) {
            limits[worst_i].state[worst_side] = PRIM_DROPPED;
            limits[worst_i].bound[worst_side] = prim_search_bound(s, worst_i, worst_side);
            limits[worst_i].p[worst_side] = worst;
        }
        prim_search_move(s, worst_i, worst_side, worst_side == 0 ? 0 : s->m);
    }
    for (int i = 0; limits && i < s->k; i++) {
        for (int side = 0; side < 2; side++) {
            if (!prim_search_restricted(s, i, side))
                continue;
            limits[i].state[side] = PRIM_KEPT;
            limits[i].bound[side] = prim_search_bound(s, i, side);
            limits[i].p[side] = prim_search_quasi_p(s, i, side);
        }
    }
}
