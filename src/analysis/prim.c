/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * prim.c - scenario discovery with PRIM over the engine: n points drawn uniformly in the unit
 * cube (the inputs' quantiles), each run as one replication; a point is a case of interest
 * when the --where condition holds for its metric. The search itself, on the points' unit
 * coordinates, is prim_discover() (prim.h); here the design is made and run, and the boxes'
 * bounds are turned into the inputs' own values.
 *
 * An input whose values have atoms (a bernoulli) is searched on its values instead: its
 * uniforms below 0.3 all give a bernoulli(0.7) the value 0, so a bound among them would split
 * runs the engine cannot tell apart, and no bound on the value would say which the box keeps.
 * On the values, equal values go together (prim_search.h), and the bound is a value it takes.
 */
#include <math.h>
#include <stdio.h>

#include "../model/rng.h"
#include "../scenario/dist.h"
#include "../util/alloc.h"
#include "analysis.h"
#include "method.h"

struct prim_design {
    const double *u; /* [j * k + i] */
    int k;
};

static uint64_t prim_point(const struct evaluation *ev, uint64_t p, double *x)
{
    const struct prim_design *d = ev->design;
    for (int i = 0; i < d->k; i++)
        x[i] = analysis_quantile(ev->an, i, d->u[p * (uint64_t)d->k + (uint64_t)i]);
    return p;
}

/* The condition of --where on a metric value. */
static bool holds(const struct da_analysis *an, double v)
{
    switch (an->where_op) {
    case DA_WHERE_GT:
        return v > an->where_value;
    case DA_WHERE_GE:
        return v >= an->where_value;
    case DA_WHERE_LT:
        return v < an->where_value;
    default:
        return v <= an->where_value;
    }
}

/* Per input, whether its values have atoms; NULL when memory ran out. */
static unsigned char *atoms_of(const struct da_analysis *an)
{
    unsigned char *atoms = da_calloc((size_t)an->n_inputs, 1);
    for (int i = 0; atoms && i < an->n_inputs; i++)
        atoms[i] = dist_has_atoms(&an->scn->params[an->pids[i]].dist);
    return atoms;
}

/* The coordinates of the inputs with atoms replaced by their values, once the points have
 * run: what the search works on. */
static void atoms_to_values(const struct da_analysis *an, const unsigned char *atoms, double *u,
                            uint64_t n)
{
    int k = an->n_inputs;
    for (int i = 0; i < k; i++)
        for (uint64_t j = 0; atoms[i] && j < n; j++)
            u[j * (uint64_t)k + (uint64_t)i] =
                analysis_quantile(an, i, u[j * (uint64_t)k + (uint64_t)i]);
}

/* The boxes' bounds, found on the unit coordinates, in the inputs' own values (the quantile
 * is increasing, so the box holds the same points; an input with atoms was searched on its
 * values already); and each input's weight in the ranking. */
static void to_values(struct da_analysis *an, const unsigned char *atoms)
{
    for (int b = 0; b < an->prim.n_boxes; b++) {
        const struct prim_found *box = &an->prim.boxes[b];
        for (int i = 0; i < an->n_inputs; i++) {
            struct prim_limit *l = &box->limits[i];
            for (int side = 0; side < 2; side++)
                if (l->state[side] != PRIM_OPEN && !atoms[i])
                    l->bound[side] = analysis_quantile(an, i, l->bound[side]);
            if (prim_restricts(box, i))
                an->inputs[i].restricted += box->coverage * box->density;
        }
    }
    for (int i = 0; i < an->n_inputs; i++)
        an->inputs[i].stability = an->prim.n_boxes ? an->prim.boxes[0].stability[i] : (double)NAN;
}

/* The inputs rank by the boxes that restrict them, weighted by the boxes' quality; those that
 * no box restricts, by how often the first box's resamples do. */
double prim_influence(const struct da_analysis *an, int i)
{
    return an->inputs[i].restricted;
}

double prim_stability(const struct da_analysis *an, int i)
{
    return an->inputs[i].stability;
}

da_status analysis_prim(struct da_analysis *an, gsl_rng *rng, int threads,
                        const da_analyze_options *opt)
{
    int k = an->n_inputs;
    uint64_t n = opt->samples ? opt->samples : PRIM_SAMPLES;
    prim_settings_default(&an->prim_settings);
    an->prim_settings.box = opt->box > 0 ? opt->box : 0;
    an->prim_settings.holdout = opt->holdout;
    if (!(opt->holdout >= 0 && opt->holdout <= PRIM_HOLDOUT_MAX) || n >= UINT32_MAX) {
        if (opt->message && opt->message_size)
            snprintf(opt->message, opt->message_size,
                     "prim: the holdout must be a share from 0 "
                     "to %g, and the points fewer than 2^32",
                     PRIM_HOLDOUT_MAX);
        return DA_ERR_USAGE;
    }
    /* Per point: its inputs, the order of each (4 bytes an input), its metric and whether it
     * holds, the held-out split's places. */
    double bytes = (double)n * (12.0 * k + 8 + 1 + 12);
    da_status fits = analysis_design_fits(an, bytes, (double)n, "PRIM", "", "", opt);
    if (fits != DA_OK)
        return fits;
    double *u = da_calloc(n * (uint64_t)k, sizeof *u), *f = da_calloc(n, sizeof *f);
    unsigned char *y = da_calloc(n, 1), *atoms = atoms_of(an);
    da_status status = u && f && y && atoms ? DA_OK : DA_ERR_NOMEM;
    if (status == DA_OK) {
        for (uint64_t j = 0; j < n * (uint64_t)k; j++)
            u[j] = rng_uniform(rng);
        status = analysis_correlate(an, u, n, rng);
    }
    if (status == DA_OK) {
        struct prim_design design = {u, k};
        struct evaluation ev = {an, prim_point, &design, f, n, NULL, 0, NULL, NULL};
        status = analysis_evaluate(&ev, threads, opt);
    }
    if (status == DA_OK) {
        an->cases = 0;
        for (uint64_t j = 0; j < n; j++) {
            y[j] = holds(an, f[j]);
            an->cases += y[j];
        }
        analysis_moments(an, f, n);
        an->samples = n;
        an->evaluations = n;
        /* The holdout and the resamples come from the design's stream, after the design:
         * the same seed gives the same boxes, whatever the threads. */
        atoms_to_values(an, atoms, u, n);
        struct prim_settings set = an->prim_settings;
        set.atoms = atoms; /* not kept in an->prim_settings: freed here */
        status = prim_discover(u, y, n, k, &set, rng, &an->prim);
    }
    if (status == DA_OK)
        to_values(an, atoms);
    da_free(u);
    da_free(f);
    da_free(y);
    da_free(atoms);
    return status;
}
