/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * draw.c - drawing a replication's parameters and events (see draw.h).
 *
 * Samplers: uniform and triangular by inversion; PERT as a scaled beta (GSL's gamma-ratio
 * sampler); normal by GSL's Box-Muller variant, truncated by rejection as docs/model.md says, with
 * inversion of the truncated CDF after 100 rejections so that a narrow window cannot stall a
 * run; lognormal and beta by GSL. Every event takes one uniform whatever its probability, so
 * that changing one probability leaves every other draw of the stream where it was; the
 * uniforms are parameters of their own (scenario/events.c), which the analyses may set.
 */
#include "draw.h"

#include <gsl/gsl_cdf.h>
#include <gsl/gsl_randist.h>
#include <math.h>
#include <stdint.h>
#include <string.h>

#include "../util/arena.h"
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

/* The u-quantile of Beta(a, b), for the analyses' inputs (draw_quantile()). GSL's inverse,
 * gsl_cdf_beta_Pinv(), fails to converge for many shapes a valid scenario may give (a beta
 * whose alpha is 1e-300 or 0.01, beta(1, 1000), a pert whose lambda is 10^8), and GSL's
 * default error handler then calls abort(); for two large shapes (10^6 each) it never
 * returns. It is kept where it converges, both shapes from 0.5 to 100 (every pert of lambda up
 * to 99, and the usual betas), for its numbers. Where both shapes pass 10^5, or their sum
 * 10^12, the distribution is within a skewness of 0.006 of a normal one (and GSL's
 * distribution function is not a number there): the normal quantile of the same mean and
 * variance. Elsewhere, bisection of the distribution function over the doubles from 0 to 1 in
 * their order (as their bits, so that 62 steps reach the nearest double however small). */
static double beta_quantile(double u, double a, double b)
{
    if (!(u > 0))
        return 0;
    if (!(u < 1))
        return 1;
    if (a >= 0.5 && a <= 100 && b >= 0.5 && b <= 100)
        return gsl_cdf_beta_Pinv(u, a, b);
    double n = a + b;
    if ((a > 1e5 && b > 1e5) || n > 1e12) {
        double mean = a / n, sd = sqrt(mean * (b / n) / (n + 1));
        return fmin(fmax(mean + sd * gsl_cdf_ugaussian_Pinv(u), 0), 1);
    }
    double one = 1, x;
    uint64_t lo = 0, hi;
    memcpy(&hi, &one, sizeof hi);
    while (hi - lo > 1) {
        uint64_t mid = lo + (hi - lo) / 2;
        memcpy(&x, &mid, sizeof x);
        if (gsl_cdf_beta_P(x, a, b) < u)
            lo = mid;
        else
            hi = mid;
    }
    memcpy(&x, &hi, sizeof x);
    return x;
}

/* The beta shape of a PERT on [min, max] (max > min): 1 + lambda (mode - min) / range and
 * 1 + lambda (max - mode) / range. */
static void pert_shape(const struct da_dist *d, double *alpha, double *beta)
{
    double range = d->max - d->min;
    *alpha = 1 + d->lambda * (d->mode - d->min) / range;
    *beta = 1 + d->lambda * (d->max - d->mode) / range;
}

/* A draw of an unbounded tail held within the field's limits of computation (dist.h): a
 * no-op but about once in a billion draws. */
static double clamp(const struct da_dist *d, double x)
{
    if (!d->clamped)
        return x;
    return x < d->clamp_lo ? d->clamp_lo : x > d->clamp_hi ? d->clamp_hi : x;
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
        double range = d->max - d->min, alpha, beta;
        if (range <= 0)
            return d->min;
        pert_shape(d, &alpha, &beta);
        return d->min + range * gsl_ran_beta(rng, alpha, beta);
    }
    case DIST_NORMAL:
        if (isinf(d->min) && isinf(d->max))
            return clamp(d, d->mean + gsl_ran_gaussian(rng, d->sd));
        return clamp(d, truncated_normal(d, rng));
    case DIST_LOGNORMAL:
        return clamp(d, gsl_ran_lognormal(rng, log(d->median), d->sigma));
    case DIST_BETA:
        return d->min + (d->max - d->min) * gsl_ran_beta(rng, d->alpha, d->beta);
    case DIST_BERNOULLI:
        return rng_uniform(rng) < d->p ? 1 : 0;
    default:
        return 0;
    }
}

/* The event whose probability is parameter 'p' and whose uniform is parameter 'u': it happens
 * when the uniform is below the probability; with 'deterministic', when the probability is at
 * least one half. */
static bool event(const struct draws *d, da_pid p, da_pid u, bool deterministic)
{
    return deterministic ? d->x[p] >= 0.5 : d->x[u] < d->x[p];
}

/* The events' uniforms (the parameters from first_event on, in the order their events were
 * always drawn): one uniform each, whatever the event's probability. */
static void draw_event_uniforms(const struct plan *plan, gsl_rng *rng, struct draws *out)
{
    for (size_t i = plan->scn->first_event; i < plan->n_params; i++)
        out->x[i] = rng_uniform(rng);
}

/* Decides the events of a replication whose parameters, and events' uniforms, are in out->x. */
static void decide_events(const struct plan *plan, bool deterministic, struct draws *out)
{
    const struct da_scenario *scn = plan->scn;
    for (int m = 0; m < plan->n_milestones; m++) {
        const struct da_milestone *ms = &scn->milestones[m];
        out->milestone_occurs[m] = event(out, ms->probability, ms->occurs, deterministic);
    }
    for (int k = 0; k < plan->n_pledges; k++) {
        const struct da_pledge *pl = plan->pledges[k].pledge;
        out->pledge_happens[k] = event(out, pl->probability, pl->occurs, deterministic);
    }
    for (int o = 0; o < plan->n_options; o++) {
        const struct da_option *opt = &scn->options[o];
        for (size_t s = 0; s < opt->n_sources; s++) {
            const struct da_source *src = &opt->sources[s];
            bool joins = src->kind == SOURCE_CONTINGENT
                             ? event(out, src->probability, src->joins, deterministic)
                             : true;
            out->contingent_joins[plan->contingent_base[o] + (int)s] = joins;
        }
    }
    for (int m = 0; plan->has_lapses && m < plan->n_milestones; m++) {
        const struct da_lapse *l = &scn->milestones[m].lapse;
        out->lapses[m] = out->recovers[m] = false;
        if (!l->present)
            continue;
        out->lapses[m] = event(out, l->probability, l->occurs, deterministic);
        out->recovers[m] = event(out, l->recovery_probability, l->recovers, deterministic);
    }
}

void draw_replication(const struct plan *plan, gsl_rng *rng, bool deterministic, struct draws *out)
{
    const struct da_scenario *scn = plan->scn;
    for (size_t i = 0; i < scn->first_event; i++) {
        const struct da_param *p = &scn->params[i];
        out->x[i] = deterministic ? p->central : draw_dist(&p->dist, rng);
    }
    if (deterministic) {
        for (size_t i = scn->first_event; i < plan->n_params; i++)
            out->x[i] = scn->params[i].central;
    } else {
        draw_event_uniforms(plan, rng, out);
    }
    decide_events(plan, deterministic, out);
}

void draw_replication_with(const struct plan *plan, gsl_rng *rng, const da_pid *pids,
                           const double *values, int n, struct draws *out)
{
    /* Everything is drawn as in a run, so that each draw comes from where a run takes it; the
     * given values replace theirs before the events are decided, since the events' uniforms
     * and probabilities may be among them. */
    const struct da_scenario *scn = plan->scn;
    for (size_t i = 0; i < scn->first_event; i++)
        out->x[i] = draw_dist(&scn->params[i].dist, rng);
    draw_event_uniforms(plan, rng, out);
    for (int i = 0; i < n; i++)
        out->x[pids[i]] = values[i];
    decide_events(plan, false, out);
}

/* Room for n items (at least one) of 'ptr''s type. */
#define DRAWS_NEW(ptr, n)                                                                          \
    (((ptr) = arena_array(arena, (n) ? (size_t)(n) : 1, sizeof *(ptr))) != NULL)

bool draws_alloc(const struct plan *plan, struct arena *arena, struct draws *d)
{
    return DRAWS_NEW(d->x, plan->n_params) && DRAWS_NEW(d->milestone_occurs, plan->n_milestones) &&
           DRAWS_NEW(d->pledge_happens, plan->n_pledges) &&
           DRAWS_NEW(d->contingent_joins, plan->n_contingents) &&
           DRAWS_NEW(d->lapses, plan->n_milestones) && DRAWS_NEW(d->recovers, plan->n_milestones);
}

void draws_copy(const struct plan *plan, struct draws *to, const struct draws *from)
{
    size_t M = (size_t)plan->n_milestones;
    memcpy(to->x, from->x, plan->n_params * sizeof *to->x);
    memcpy(to->milestone_occurs, from->milestone_occurs, M * sizeof *to->milestone_occurs);
    memcpy(to->pledge_happens, from->pledge_happens,
           (size_t)plan->n_pledges * sizeof *to->pledge_happens);
    memcpy(to->contingent_joins, from->contingent_joins,
           (size_t)plan->n_contingents * sizeof *to->contingent_joins);
    memcpy(to->lapses, from->lapses, M * sizeof *to->lapses);
    memcpy(to->recovers, from->recovers, M * sizeof *to->recovers);
}

double draw_quantile(const struct da_dist *d, double u)
{
    switch (d->kind) {
    case DIST_FIXED:
        return d->value;
    case DIST_UNIFORM:
        return d->min + (d->max - d->min) * u;
    case DIST_TRIANGULAR:
        return triangular(d->min, d->mode, d->max, u);
    case DIST_PERT: {
        double range = d->max - d->min, alpha, beta;
        if (range <= 0)
            return d->min;
        pert_shape(d, &alpha, &beta);
        return d->min + range * beta_quantile(u, alpha, beta);
    }
    case DIST_NORMAL: {
        double lo = isinf(d->min) ? 0 : gsl_cdf_gaussian_P(d->min - d->mean, d->sd);
        double hi = isinf(d->max) ? 1 : gsl_cdf_gaussian_P(d->max - d->mean, d->sd);
        double x = d->mean + gsl_cdf_gaussian_Pinv(lo + (hi - lo) * u, d->sd);
        return clamp(d, fmin(fmax(x, d->min), d->max));
    }
    case DIST_LOGNORMAL:
        return clamp(d, gsl_cdf_lognormal_Pinv(u, log(d->median), d->sigma));
    case DIST_BETA:
        return d->min + (d->max - d->min) * beta_quantile(u, d->alpha, d->beta);
    case DIST_BERNOULLI:
        return u > 1 - d->p ? 1 : 0;
    default:
        return 0;
    }
}
