/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * draw.h - one replication's draws of everything uncertain that is not daily noise: every
 * parameter of the scenario (MODEL.md section 1) and every probability event (milestones,
 * pledges, contingents), drawn once per replication and shared by all options.
 */
#ifndef DA_ENGINE_DRAW_H
#define DA_ENGINE_DRAW_H

#include <gsl/gsl_rng.h>
#include <stdbool.h>

#include "plan.h"

struct draws {
    double *x;                /* per parameter */
    bool *milestone_occurs;   /* per milestone */
    bool *pledge_happens;     /* per plan pledge */
    bool *contingent_joins;   /* per source of every option (plan->contingent_base) */
};

/* Draws one value of 'd' from 'rng'. */
double draw_dist(const struct da_dist *d, gsl_rng *rng);

/*
 * Fills 'out' for one replication from 'rng' (positioned at the replication's parameter
 * stream): the parameters in table order, then the events of milestones, pledges and
 * contingents, one uniform each. With 'deterministic', central values instead, and an event
 * happens when its probability is at least 0.5 (MODEL.md section 1).
 */
void draw_replication(const struct plan *plan, gsl_rng *rng, bool deterministic,
                      struct draws *out);

#endif /* DA_ENGINE_DRAW_H */
