/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * security.c - security and incidents (docs/model.md section 4).
 *
 *   target_a(t) = baseline_a before S_o, max(baseline_a, min(1, c_a(t))) from S_o
 *   I_a(t)     ~ Poisson(rate x risk_a x pop_a / 1e5 x (1 - s_a(t)))
 *   s_a(t+1)    = s_a(t) + (target_a(t) - s_a(t)) / tau - shock x I_a(t) x 1e5 / pop_a
 *
 * clamped to [0, 1]. Access, which scales deliveries, follows today's security:
 * access_a = floor + (1 - floor) x s_a (section 5).
 */
#include <math.h>

#include "../util/check.h"
#include "rng.h"
#include "world.h"

void security_inputs(struct inputs *in, const struct plan *plan, const struct draws *draws)
{
    const struct da_scenario *scn = plan->scn;
    for (int a = 0; a < plan->n_areas; a++)
        in->baseline[a] = drawn(draws, scn->areas[a].security_baseline);
    security_derive(in, plan, drawn(draws, scn->security.required_per_1000),
                    drawn(draws, scn->security.shock),
                    drawn(draws, scn->security.spoiler_incidents_per_100k_day));
    in->access_floor = drawn(draws, scn->humanitarian.access_floor);
    in->inv_tau = 1 / drawn(draws, scn->security.tau_days);
}

void security_derive(struct inputs *in, const struct plan *plan, double per_1000, double shock,
                     double rate)
{
    for (int a = 0; a < plan->n_areas; a++) {
        in->required[a] = in->pop[a] / 1000 * per_1000 * in->risk[a];
        in->incident_rate[a] = rate * in->risk[a] * in->pop[a] / 1e5;
        in->shock_per_incident[a] = shock * 1e5 / in->pop[a];
    }
    /* read every day from the start (days to half strength): worked out once */
    in->half_required = 0.5 * world_sum(in->required, plan->n_areas);
}

void security_reset(struct world *w)
{
    for (int a = 0; a < w->plan->n_areas; a++)
        w->sh.security[world_area(w, a)] = w->in->baseline[a];
    *w->sh.incidents = 0;
}

/* The steps of a world of its own (lanes 1): the reference that the kernels of lanes.h follow
 * operation by operation. */
void security_access(struct world *w)
{
    DA_ASSERT(w->lanes == 1);
    double floor = w->in->access_floor;
    const double *restrict security = w->sh.security;
    double *restrict access = w->sh.access;
    int n = w->plan->n_areas;
    for (int a = 0; a < n; a++)
        access[a] = floor + (1 - floor) * security[a];
}

void security_step(struct world *w, int day, const double *u)
{
    DA_ASSERT(w->lanes == 1);
    double inv_tau = w->in->inv_tau;
    bool started = day >= w->start_day;
    const double *restrict baseline = w->in->baseline, *restrict coverage = w->coverage;
    const double *restrict rate = w->in->incident_rate, *restrict shock = w->in->shock_per_incident;
    double *restrict security = w->sh.security;
    double incidents = 0;
    for (int a = 0; a < w->plan->n_areas; a++) {
        double s = security[a];
        double count = u ? rng_poisson_from_uniform(rate[a] * (1 - s), u[a]) : 0;
        double target = started ? dmax(baseline[a], dmin(1, coverage[a])) : baseline[a];
        incidents += count;
        s += (target - s) * inv_tau - shock[a] * count;
        security[a] = dmin(1, dmax(0, s));
    }
    *w->sh.incidents += incidents;
}

double world_pop_mean(const struct world *w, const double *v)
{
    double num = 0, den = 0;
    for (int a = 0; a < w->plan->n_areas; a++) {
        num += w->in->pop[a] * v[world_area(w, a)];
        den += w->in->pop[a];
    }
    return den > 0 ? num / den : 0;
}
