/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * voi.c - what is worth finding out before choosing an option: the expected value of perfect
 * information (EVPI) and of partial perfect information (EVPPI) of each input, of each
 * milestone's day and of each default group of inputs, for the choice between all the
 * scenario's options by one metric, estimated by Strong, Oakley and Brennan's regression on
 * one sample (evppi.c; Medical Decision Making 34(3), 2014).
 *
 * The sample: n points drawn from the inputs' joint distribution (uniform coordinates through
 * each input's quantile, with the scenario's rank correlations imposed by Iman and Conover's
 * method as for sobol and prim), each run once as one replication. A replication runs every
 * option on the same draws and events, so each point gives the options' paired results: the
 * net benefit of option d is its metric, negated when less of it is better, so that more is
 * always better (a day that never comes within the horizon counts as the horizon, as in the
 * other methods). The events (whether and when a milestone comes) are drawn from the
 * replication's own streams, not set by the design; they are uncertainties a planner may
 * learn about all the same, so each milestone's day (the horizon when it never comes) is
 * recorded and valued like an input.
 */
#include "voi.h"

#include <math.h>

#include "../engine/ranks.h"
#include "../engine/replication.h"
#include "../model/rng.h"
#include "../output/metrics.h"
#include "../util/alloc.h"
#include "evppi.h"
#include "method.h"
#include "voi_basis.h"

struct voi_design {
    const double *u; /* [p * k + i] */
    int k;
};

static uint64_t voi_point(const struct evaluation *ev, uint64_t p, double *x)
{
    const struct voi_design *d = ev->design;
    for (int i = 0; i < d->k; i++)
        x[i] = analysis_quantile(ev->an, i, d->u[p * (uint64_t)d->k + (uint64_t)i]);
    return p;
}

/* The sample that the estimator reads, kept with the results for voi_group_value(). */
struct voi_store {
    struct voi_sample sample;
    double *nb, *x;
};

/* The EVPPI of input i (NaN when it was not estimated): what ranks the inputs. */
double voi_influence(const struct da_analysis *an, int i)
{
    return an->voi ? an->voi->inputs[i].evppi : (double)NAN;
}

void voi_results_free(struct voi_results *voi)
{
    if (!voi)
        return;
    if (voi->store) {
        da_free(voi->store->nb);
        da_free(voi->store->x);
        da_free(voi->store);
    }
    da_free(voi->chosen);
    da_free(voi->group_chosen);
    da_free(voi->means);
    da_free(voi->inputs);
    da_free(voi->milestones);
    da_free(voi->group_values);
    da_free(voi);
}

da_status voi_group_value(const struct da_analysis *an, const int *members, int m,
                          struct voi_entry *out)
{
    if (!an->voi || !an->voi->store)
        return DA_ERR_USAGE;
    struct voi_value v = {(double)NAN, (double)NAN, (double)NAN, out->chosen};
    da_status status = voi_evppi(&an->voi->store->sample, members, m, &v);
    out->evppi = v.value;
    out->se = v.se;
    out->bias = v.bias;
    return status;
}

/* The results' room: the entries, and their shares of choices in one block. */
static struct voi_results *results_alloc(int options, int inputs, int milestones)
{
    struct voi_results *voi = da_calloc(1, sizeof *voi);
    if (!voi)
        return NULL;
    voi->n_options = options;
    size_t entries = 1 + (size_t)inputs + (size_t)milestones;
    voi->means = da_calloc((size_t)options, sizeof *voi->means);
    voi->inputs = da_calloc((size_t)inputs + 1, sizeof *voi->inputs);
    voi->milestones = da_calloc((size_t)milestones + 1, sizeof *voi->milestones);
    voi->chosen = da_calloc(entries * (size_t)options, sizeof *voi->chosen);
    voi->store = da_calloc(1, sizeof *voi->store);
    if (!voi->means || !voi->inputs || !voi->milestones || !voi->chosen || !voi->store) {
        voi_results_free(voi);
        return NULL;
    }
    voi->evpi.chosen = voi->chosen;
    for (int i = 0; i < inputs; i++)
        voi->inputs[i].chosen = &voi->chosen[(1 + (size_t)i) * (size_t)options];
    for (int m = 0; m < milestones; m++)
        voi->milestones[m].chosen =
            &voi->chosen[(1 + (size_t)inputs + (size_t)m) * (size_t)options];
    return voi;
}

/* The sample of the estimator from the design 'u' and the paired results: the inputs' values,
 * then the milestones' days, column by column; the net benefits, point by point. */
static da_status make_sample(struct da_analysis *an, const double *u, const struct evaluation *ev)
{
    struct voi_results *voi = an->voi;
    struct voi_store *st = voi->store;
    uint64_t n = ev->n_points;
    int k = an->n_inputs, options = an->plan.n_options, milestones = an->plan.n_milestones;
    st->x = da_calloc((uint64_t)(k + milestones) * n, sizeof *st->x);
    st->nb = da_calloc((uint64_t)options * n, sizeof *st->nb);
    if (!st->x || !st->nb)
        return DA_ERR_NOMEM;
    for (int i = 0; i < k; i++)
        for (uint64_t j = 0; j < n; j++)
            st->x[(uint64_t)i * n + j] = analysis_quantile(an, i, u[j * (uint64_t)k + (uint64_t)i]);
    for (uint64_t c = 0; c < (uint64_t)milestones * n; c++)
        st->x[(uint64_t)k * n + c] = ev->days[c];
    for (uint64_t j = 0; j < n; j++)
        for (int d = 0; d < options; d++)
            st->nb[j * (uint64_t)options + (uint64_t)d] =
                voi->sign * ev->paired[(uint64_t)d * n + j];
    st->sample = (struct voi_sample){n, options, st->nb, k + milestones, st->x, an->seed};
    return DA_OK;
}

/* The entries to estimate: the inputs, the milestones' days, the groups; each is computed
 * alone (evppi.c draws the same numbers for each), so they share out over the engine's
 * workers and MPI's ranks, and the results are the same for any number of either. */
struct estimation {
    const struct da_analysis *an;
    uint64_t entries;
    /* Per entry e: [e], and the shares of choices [d * entries + e]; 'failed' its status. */
    double *evppi, *se, *bias, *chosen, *failed;
};

static void estimate_entry(struct worker *wk, uint64_t e, void *ctx)
{
    (void)wk;
    struct estimation *es = ctx;
    const struct voi_results *voi = es->an->voi;
    int vars = voi->store->sample.n_vars, var = (int)e;
    const int *members = &var;
    int m = 1;
    if (var >= vars) {
        members = voi->groups[var - vars].members;
        m = voi->groups[var - vars].n_members;
    }
    double *chosen = da_calloc((size_t)voi->n_options, sizeof *chosen);
    struct voi_value v = {(double)NAN, (double)NAN, (double)NAN, chosen};
    da_status status = chosen ? voi_evppi(&voi->store->sample, members, m, &v) : DA_ERR_NOMEM;
    es->evppi[e] = v.value;
    es->se[e] = v.se;
    es->bias[e] = v.bias;
    for (int d = 0; chosen && d < voi->n_options; d++)
        es->chosen[(uint64_t)d * es->entries + e] = chosen[d];
    es->failed[e] = (double)status;
    da_free(chosen);
}

static void entry_copy(const struct estimation *es, uint64_t e, struct voi_entry *to, int options)
{
    to->evppi = es->evppi[e];
    to->se = es->se[e];
    to->bias = es->bias[e];
    for (int d = 0; d < options; d++)
        to->chosen[d] = es->chosen[(uint64_t)d * es->entries + e];
}

/* Everything's value, from the sample. */
static da_status estimate(struct da_analysis *an, int threads)
{
    struct voi_results *voi = an->voi;
    const struct voi_sample *s = &voi->store->sample;
    int k = an->n_inputs, options = voi->n_options;
    voi->chosen_now = voi_chosen_now(s);
    for (int d = 0; d < options; d++) {
        double sum = 0;
        for (uint64_t j = 0; j < s->n; j++)
            sum += s->nb[j * (uint64_t)options + (uint64_t)d];
        voi->means[d] = voi->sign * sum / (double)s->n;
    }
    struct voi_value v = {(double)NAN, (double)NAN, (double)NAN, voi->evpi.chosen};
    voi_evpi(s, &v);
    voi->evpi.evppi = v.value;
    voi->evpi.se = voi->evpi.bias = (double)NAN;
    /* The analysis's groups (the user's, or the default ones: groups.c). */
    voi->groups = an->groups;
    voi->n_groups = an->n_groups;
    da_status status = DA_OK;
    uint64_t entries = (uint64_t)s->n_vars + (uint64_t)voi->n_groups;
    struct estimation es = {an,
                            entries,
                            da_calloc(entries, sizeof *es.evppi),
                            da_calloc(entries, sizeof *es.se),
                            da_calloc(entries, sizeof *es.bias),
                            da_calloc(entries * (uint64_t)options, sizeof *es.chosen),
                            da_calloc(entries, sizeof *es.failed)};
    voi->group_values = da_calloc((size_t)voi->n_groups + 1, sizeof *voi->group_values);
    voi->group_chosen =
        da_calloc(((size_t)voi->n_groups + 1) * (size_t)options, sizeof *voi->group_chosen);
    if (!(es.evppi && es.se && es.bias && es.chosen && es.failed && voi->group_values &&
          voi->group_chosen))
        status = DA_ERR_NOMEM;
    if (status == DA_OK)
        status = engine_each(&an->plan, threads, entries, estimate_entry, NULL, NULL, &es, NULL);
    if (status == DA_OK)
        status = ranks_gather(es.evppi, entries);
    if (status == DA_OK)
        status = ranks_gather(es.se, entries);
    if (status == DA_OK)
        status = ranks_gather(es.bias, entries);
    for (int d = 0; status == DA_OK && d < options; d++)
        status = ranks_gather(&es.chosen[(uint64_t)d * entries], entries);
    if (status == DA_OK)
        status = ranks_gather(es.failed, entries);
    for (uint64_t e = 0; status == DA_OK && e < entries; e++)
        if (es.failed[e] != DA_OK)
            status = (da_status)es.failed[e];
    for (uint64_t e = 0; status == DA_OK && e < entries; e++) {
        struct voi_entry *to;
        if (e < (uint64_t)k) {
            to = &voi->inputs[e];
        } else if (e < (uint64_t)s->n_vars) {
            to = &voi->milestones[e - (uint64_t)k];
        } else {
            uint64_t g = e - (uint64_t)s->n_vars;
            to = &voi->group_values[g];
            to->chosen = &voi->group_chosen[g * (uint64_t)options];
        }
        entry_copy(&es, e, to, options);
    }
    da_free(es.evppi);
    da_free(es.se);
    da_free(es.bias);
    da_free(es.chosen);
    da_free(es.failed);
    return status;
}

da_status analysis_voi(struct da_analysis *an, gsl_rng *rng, int threads,
                       const da_analyze_options *opt)
{
    int k = an->n_inputs, options = an->plan.n_options, milestones = an->plan.n_milestones;
    enum metric_better better = metric_descs[an->metric].better;
    if (options < 2 || better == BETTER_NONE)
        return DA_ERR_USAGE;
    uint64_t n = opt->samples ? opt->samples : VOI_SAMPLES;
    /* Per point: its inputs and milestones' days, twice (the design and the regressions'
     * copy), every option's metric, the regressions' differences and fitted values, and a
     * basis of up to 2 + VOI_KNOTS_MAX terms an input of a group, twice. */
    double per_point = 2.0 * (k + milestones) + 4.0 * options + k + 2.0 * (2 + VOI_KNOTS_MAX) * k;
    da_status fits = analysis_design_fits(an, 8.0 * (double)n * per_point, (double)n,
                                          "value of information", "", "", opt);
    if (fits != DA_OK)
        return fits;
    double *u = da_calloc(n * (uint64_t)k, sizeof *u), *f = da_calloc(n, sizeof *f);
    double *paired = da_calloc(n * (uint64_t)options, sizeof *paired);
    double *days = da_calloc(n * (uint64_t)milestones + 1, sizeof *days);
    an->voi = results_alloc(options, k, milestones);
    da_status status = u && f && paired && days && an->voi ? DA_OK : DA_ERR_NOMEM;
    if (status == DA_OK) {
        an->voi->sign = better == BETTER_LOWER ? -1 : 1;
        for (uint64_t j = 0; j < n * (uint64_t)k; j++)
            u[j] = rng_uniform(rng);
        status = analysis_correlate(an, u, n, rng);
    }
    struct voi_design design = {u, k};
    struct evaluation ev = {an, voi_point, &design, f, n, NULL, 0, paired, days};
    if (status == DA_OK)
        status = analysis_evaluate(&ev, threads, opt);
    if (status == DA_OK)
        status = make_sample(an, u, &ev);
    if (status == DA_OK)
        status = estimate(an, threads);
    if (status == DA_OK) {
        /* The option chosen now is the one whose metric the results describe. */
        an->option = an->voi->chosen_now;
        analysis_moments(an, &paired[(uint64_t)an->option * n], n);
        an->samples = n;
        an->evaluations = n;
    }
    da_free(u);
    da_free(f);
    da_free(paired);
    da_free(days);
    return status;
}
