/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * draw.c - drawing a replication's parameters and events (see draw.h).
 *
 * Samplers: uniform and triangular by inversion; PERT as a scaled beta (GSL's gamma-ratio
 * sampler); normal by GSL's Box-Muller variant, truncated by rejection as MODEL.md says, with
 * inversion of the truncated CDF after 100 rejections so that a narrow window cannot stall a
 * run; lognormal and beta by GSL. Every event takes one uniform whatever its probability, so
 * that changing one probability leaves every other draw of the stream where it was.
 */
#include "draw.h"

#include <gsl/gsl_cdf.h>
#include <gsl/gsl_randist.h>
#include <math.h>

#include "rng.h"

static double triangular(double a, double c, double b, double u)
{
    if (b <= a)
        return a;
    double fc = (c - a) / (b - a);
    if (u < fc)
        return a + sqrt(u * (b - a) * (c - a));
    return b - sqrt((1 - u) * (b - a) * (b - c));
}

static double truncated_normal(const struct da_dist *d, gsl_rng *rng)
{
    for (int tries = 0; tries < 100; tries++) {
        double x = d->mean + gsl_ran_gaussian(rng, d->sd);
        if (x >= d->min && x <= d->max)
            return x;
    }
    double lo = gsl_cdf_gaussian_P(d->min - d->mean, d->sd);
    double hi = gsl_cdf_gaussian_P(d->max - d->mean, d->sd);
    double x = d->mean + gsl_cdf_gaussian_Pinv(lo + (hi - lo) * rng_uniform(rng), d->sd);
    return fmin(fmax(x, d->min), d->max);
}

double draw_dist(const struct da_dist *d, gsl_rng *rng)
{
    switch (d->kind) {
    case DIST_FIXED:
        return d->value;
    case DIST_UNIFORM:
        return d->min + (d->max - d->min) * rng_uniform(rng);
    case DIST_TRIANGULAR:
        return triangular(d->min, d->mode, d->max, rng_uniform(rng));
    case DIST_PERT: {
        double range = d->max - d->min;
        if (range <= 0)
            return d->min;
        double alpha = 1 + d->lambda * (d->mode - d->min) / range;
        double beta = 1 + d->lambda * (d->max - d->mode) / range;
        return d->min + range * gsl_ran_beta(rng, alpha, beta);
    }
    case DIST_NORMAL:
        if (isinf(d->min) && isinf(d->max))
            return d->mean + gsl_ran_gaussian(rng, d->sd);
        return truncated_normal(d, rng);
    case DIST_LOGNORMAL:
        return gsl_ran_lognormal(rng, log(d->median), d->sigma);
    case DIST_BETA:
        return d->min + (d->max - d->min) * gsl_ran_beta(rng, d->alpha, d->beta);
    case DIST_BERNOULLI:
        return rng_uniform(rng) < d->p ? 1 : 0;
    default:
        return 0;
    }
}

static bool event(double p, gsl_rng *rng, bool deterministic)
{
    if (deterministic)
        return p >= 0.5;
    return rng_uniform(rng) < p;
}

void draw_replication(const struct plan *plan, gsl_rng *rng, bool deterministic,
                      struct draws *out)
{
    const struct da_scenario *scn = plan->scn;
    for (size_t i = 0; i < plan->n_params; i++) {
        const struct da_param *p = &scn->params[i];
        out->x[i] = deterministic ? p->central : draw_dist(&p->dist, rng);
    }
    for (int m = 0; m < plan->n_milestones; m++)
        out->milestone_occurs[m] =
            event(out->x[scn->milestones[m].probability], rng, deterministic);
    for (int k = 0; k < plan->n_pledges; k++)
        out->pledge_happens[k] = event(out->x[plan->pledges[k].pledge->probability], rng,
                                       deterministic);
    for (int o = 0; o < plan->n_options; o++) {
        const struct da_option *opt = &scn->options[o];
        for (size_t s = 0; s < opt->n_sources; s++) {
            const struct da_source *src = &opt->sources[s];
            bool joins = src->kind == SOURCE_CONTINGENT
                             ? event(out->x[src->probability], rng, deterministic)
                             : true;
            out->contingent_joins[plan->contingent_base[o] + (int)s] = joins;
        }
    }
}
