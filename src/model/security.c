/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * security.c - security and incidents (MODEL.md section 4).
 *
 *   target_a(t) = baseline_a before S_o, max(baseline_a, min(1, c_a(t))) from S_o
 *   I_a(t)     ~ Poisson(rate x risk_a x pop_a / 1e5 x (1 - s_a(t)))
 *   s_a(t+1)    = s_a(t) + (target_a(t) - s_a(t)) / tau - shock x I_a(t) x 1e5 / pop_a
 *
 * clamped to [0, 1]. Access, which scales deliveries, follows today's security:
 * access_a = floor + (1 - floor) x s_a (section 5).
 */
#include <math.h>

#include "../engine/rng.h"
#include "world.h"

void security_reset(struct world *w)
{
    const struct da_scenario *scn = w->plan->scn;
    for (int a = 0; a < w->plan->n_areas; a++)
        w->security[a] = wx(w, scn->areas[a].security_baseline);
    w->incidents = 0;
}

void security_access(struct world *w)
{
    double floor = wx(w, w->plan->scn->humanitarian.access_floor);
    for (int a = 0; a < w->plan->n_areas; a++)
        w->access[a] = floor + (1 - floor) * w->security[a];
}

void security_step(struct world *w, int day, const double *u)
{
    const struct da_scenario *scn = w->plan->scn;
    double tau = wx(w, scn->security.tau_days);
    double shock = wx(w, scn->security.shock);
    double rate = wx(w, scn->security.spoiler_incidents_per_100k_day);
    for (int a = 0; a < w->plan->n_areas; a++) {
        double baseline = wx(w, scn->areas[a].security_baseline);
        double s = w->security[a];
        double target = day < w->start_day ? baseline : fmax(baseline, fmin(1, w->coverage[a]));
        double incidents = 0;
        if (u) {
            double mean = rate * w->risk[a] * w->pop[a] / 1e5 * (1 - s);
            incidents = rng_poisson_from_uniform(mean, u[a]);
        }
        w->incidents += incidents;
        s += (target - s) / tau - shock * incidents * 1e5 / w->pop[a];
        w->security[a] = fmin(1, fmax(0, s));
    }
}

double world_pop_mean(const struct world *w, const double *v)
{
    double num = 0, den = 0;
    for (int a = 0; a < w->plan->n_areas; a++) {
        num += w->pop[a] * v[a];
        den += w->pop[a];
    }
    return den > 0 ? num / den : 0;
}
