/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * draw.h - one replication's draws of everything uncertain that is not daily noise: every
 * parameter of the scenario (docs/model.md section 1) and every probability event (milestones,
 * pledges, contingents), drawn once per replication and shared by all options.
 */
#ifndef DA_MODEL_DRAW_H
#define DA_MODEL_DRAW_H

#include <gsl/gsl_rng.h>
#include <stdbool.h>

#include "plan.h"

struct arena;

struct draws {
    double *x;               /* per parameter */
    bool *milestone_occurs;  /* per milestone */
    bool *pledge_happens;    /* per plan pledge */
    bool *contingent_joins;  /* per source of every option (plan->contingent_base) */
    bool *lapses, *recovers; /* per milestone with a lapse: whether it lapses, and recovers */
};

/* Room in 'arena' for one replication's draws of 'plan' (zeroed; at least one of each, so that
 * no array is NULL); false when memory runs out. */
bool draws_alloc(const struct plan *plan, struct arena *arena, struct draws *d);
/* Copies one replication's draws: 'to' then holds what 'from' holds, bit for bit. */
void draws_copy(const struct plan *plan, struct draws *to, const struct draws *from);

/* Draws one value of 'd' from 'rng'. */
double draw_dist(const struct da_dist *d, gsl_rng *rng);

/* The u-quantile of 'd' (0 < u < 1): the value below which a share u of its draws fall (a
 * truncated normal's within its bounds; a Bernoulli's 1 when u > 1 - p). The analyses map
 * their designs, made in the unit cube, through it. */
double draw_quantile(const struct da_dist *d, double u);

/*
 * Fills 'out' for one replication from 'rng' (positioned at the replication's parameter
 * stream): the parameters in table order, then the events of milestones, pledges and
 * contingents, one uniform each. With 'deterministic', central values instead, and an event
 * happens when its probability is at least 0.5 (docs/model.md section 1).
 */
void draw_replication(const struct plan *plan, gsl_rng *rng, bool deterministic, struct draws *out);

/* As draw_replication(), with the parameters 'pids' (n of them) set to 'values'. */
void draw_replication_with(const struct plan *plan, gsl_rng *rng, const da_pid *pids,
                           const double *values, int n, struct draws *out);

#endif /* DA_MODEL_DRAW_H */
