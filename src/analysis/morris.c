/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * morris.c - Morris's elementary effects (Morris, "Factorial sampling plans for preliminary
 * computational experiments", Technometrics 33, 1991), with Campolongo's mu* (the mean of
 * the effects' absolute values, Campolongo, Cariboni and Saltelli, 2007).
 *
 * r trajectories on a grid of p = 4 levels per input, placed at the centres of four equal
 * slices of the unit interval (u = 1/8, 3/8, 5/8, 7/8, so that no quantile is infinite). A
 * trajectory starts at random levels and moves each input once, in random order, by
 * Delta = p / (2 (p - 1)) grid steps rounded to 2 (u changes by 1/2), up from the two low levels
 * and down from the two high ones. The effect of input i is the change of the metric over the
 * change of u. r (k + 1) evaluations; a trajectory's points share the streams of one
 * replication (common random numbers).
 *
 * mu* also gets its rounding floor, as Sobol's indices do (sobol.c): an input that cannot move
 * the metric may still change its last bits, and an effect of 1e-13 days is rounding, not an
 * input that moves it. With each value of f off by at most rho |f| (rho = H DBL_EPSILON over
 * H days, sobol.c says why), an effect (f1 - f0) / du is off by at most rho (|f1| + |f0|) / |du|,
 * and mu*, their absolute values' mean, by at most the mean of that.
 */
#include <float.h>
#include <math.h>

#include "../model/rng.h"
#include "../util/alloc.h"
#include "analysis.h"
#include "method.h"

#define LEVELS    4
#define BOOTSTRAP 100

struct morris_design {
    const unsigned char *level; /* [t * k + i]: the starting level */
    const int *order;           /* [t * k + m]: the input moved at step m + 1 */
    /* [i * LEVELS + level]: input i's value at each level, its quantile, worked out once for
     * every point (the quantiles of some distributions are iterations of their own) */
    const double *value;
    int k;
};

static double unit_of(int level)
{
    return (level + 0.5) / LEVELS;
}

/* The level of input i after it moved. */
static int moved(int level)
{
    return level < LEVELS / 2 ? level + 2 : level - 2;
}

static uint64_t morris_point(const struct evaluation *ev, uint64_t p, double *x)
{
    const struct morris_design *d = ev->design;
    uint64_t t = p / (uint64_t)(d->k + 1);
    int steps = (int)(p % (uint64_t)(d->k + 1));
    const unsigned char *level = &d->level[t * (uint64_t)d->k];
    const int *order = &d->order[t * (uint64_t)d->k];
    for (int i = 0; i < d->k; i++)
        x[i] = d->value[i * LEVELS + level[i]];
    for (int m = 0; m < steps; m++) {
        int i = order[m];
        x[i] = d->value[i * LEVELS + moved(level[i])];
    }
    return t;
}

/* mu*'s 95% half-width: 1.96 standard deviations of mu* over BOOTSTRAP resamplings of the
 * trajectories (SALib's mu_star_conf), drawn after the design so that it stays as it was. */
static da_status bootstrap_mu_star(struct da_analysis *an, const double *effects, uint64_t r,
                                   gsl_rng *rng)
{
    int k = an->n_inputs;
    uint64_t *pick = da_calloc(r * BOOTSTRAP, sizeof *pick);
    double *sum = da_calloc((size_t)k, sizeof *sum), *sq = da_calloc((size_t)k, sizeof *sq);
    da_status status = pick && sum && sq ? DA_OK : DA_ERR_NOMEM;
    for (uint64_t j = 0; status == DA_OK && j < r * BOOTSTRAP; j++)
        pick[j] = (uint64_t)(rng_uniform(rng) * (double)r) % r;
    for (int b = 0; status == DA_OK && b < BOOTSTRAP; b++) {
        for (int i = 0; i < k; i++) {
            double mu = 0;
            for (uint64_t t = 0; t < r; t++)
                mu += fabs(effects[pick[(uint64_t)b * r + t] * (uint64_t)k + (uint64_t)i]);
            mu /= (double)r;
            sum[i] += mu;
            sq[i] += mu * mu;
        }
    }
    for (int i = 0; status == DA_OK && i < k; i++) {
        double var = (sq[i] - sum[i] * sum[i] / BOOTSTRAP) / (BOOTSTRAP - 1);
        an->inputs[i].mu_star_conf = 1.96 * sqrt(var > 0 ? var : 0);
    }
    da_free(pick);
    da_free(sum);
    da_free(sq);
    return status;
}

double morris_influence(const struct da_analysis *an, int i)
{
    return an->inputs[i].mu_star;
}

da_status analysis_morris(struct da_analysis *an, gsl_rng *rng, int threads,
                          const da_analyze_options *opt)
{
    int k = an->n_inputs;
    uint64_t r = opt->samples ? opt->samples : MORRIS_TRAJECTORIES;
    uint64_t points = r * (uint64_t)(k + 1);
    /* Per trajectory: its levels, order and elementary effects (1 + 4 + 8 bytes an input), its
     * runs' metric, and the bootstrap's picks. */
    double bytes = (double)r * (13.0 * k + 8.0 * (k + 1) + 8.0 * BOOTSTRAP);
    da_status fits = analysis_design_fits(an, bytes, (double)points, "Morris", "", "", opt);
    if (fits != DA_OK)
        return fits;
    unsigned char *level = da_calloc(r * (uint64_t)k, sizeof *level);
    int *order = da_calloc(r * (uint64_t)k, sizeof *order);
    double *f = da_calloc(points, sizeof *f);
    double *value = da_calloc((size_t)k * LEVELS, sizeof *value);
    da_status status = level && order && f && value ? DA_OK : DA_ERR_NOMEM;
    if (status == DA_OK) {
        for (int i = 0; i < k; i++)
            for (int v = 0; v < LEVELS; v++)
                value[i * LEVELS + v] = analysis_quantile(an, i, unit_of(v));
        for (uint64_t t = 0; t < r; t++) {
            int *o = &order[t * (uint64_t)k];
            for (int i = 0; i < k; i++) {
                level[t * (uint64_t)k + (uint64_t)i] = (unsigned char)(rng_uniform(rng) * LEVELS);
                o[i] = i;
            }
            for (int i = k - 1; i > 0; i--) { /* Fisher-Yates */
                int j = (int)(rng_uniform(rng) * (i + 1));
                int swap = o[i];
                o[i] = o[j];
                o[j] = swap;
            }
        }
        struct morris_design design = {level, order, value, k};
        struct evaluation ev = {an, morris_point, &design, f, points, NULL, 0, NULL, NULL};
        status = analysis_evaluate(&ev, threads, opt);
    }
    if (status == DA_OK) {
        double *sum = da_calloc((size_t)k, sizeof *sum),
               *abs_sum = da_calloc((size_t)k, sizeof *abs_sum);
        double *sq = da_calloc((size_t)k, sizeof *sq),
               *rounding = da_calloc((size_t)k, sizeof *rounding);
        double *effects = da_calloc(r * (uint64_t)k, sizeof *effects);
        if (!sum || !abs_sum || !sq || !rounding || !effects)
            status = DA_ERR_NOMEM;
        for (uint64_t t = 0; status == DA_OK && t < r; t++) {
            const double *ft = &f[t * (uint64_t)(k + 1)];
            for (int m = 0; m < k; m++) {
                int i = order[t * (uint64_t)k + (uint64_t)m];
                int from = level[t * (uint64_t)k + (uint64_t)i];
                double du = unit_of(moved(from)) - unit_of(from);
                double effect = (ft[m + 1] - ft[m]) / du;
                effects[t * (uint64_t)k + (uint64_t)i] = effect;
                sum[i] += effect;
                abs_sum[i] += fabs(effect);
                sq[i] += effect * effect;
                rounding[i] += (fabs(ft[m + 1]) + fabs(ft[m])) / fabs(du);
            }
        }
        double rho = (double)(an->plan.horizon > 1 ? an->plan.horizon : 1) * DBL_EPSILON;
        for (int i = 0; status == DA_OK && i < k; i++) {
            double mean = sum[i] / (double)r;
            an->inputs[i].mu_star = abs_sum[i] / (double)r;
            double var = r > 1 ? (sq[i] - (double)r * mean * mean) / (double)(r - 1) : 0;
            an->inputs[i].sigma = sqrt(var > 0 ? var : 0);
            an->inputs[i].mu_star_floor = rho * rounding[i] / (double)r;
        }
        if (status == DA_OK)
            status = bootstrap_mu_star(an, effects, r, rng);
        analysis_moments(an, f, points);
        an->samples = r;
        an->evaluations = points;
        da_free(effects);
        da_free(sum);
        da_free(abs_sum);
        da_free(sq);
        da_free(rounding);
    }
    da_free(level);
    da_free(order);
    da_free(f);
    da_free(value);
    return status;
}
