/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * analyze.c - da_analyze(), the driver: it checks what the method takes (the table of
 * methods.c), finds the inputs, makes the groups, runs the method through the table, and
 * ranks the inputs by the method's influence. The methods build on the core (evaluate.c) and
 * never call back here.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "../model/rng.h"
#include "../scenario/dist.h"
#include "../util/alloc.h"
#include "../util/sort.h"
#include "analysis.h"
#include "groups.h"
#include "method.h"
#include "voi.h"

void da_analyze_options_init(da_analyze_options *o)
{
    memset(o, 0, sizeof *o);
    o->holdout = PRIM_HOLDOUT;
}

/* ---- the analysis ------------------------------------------------------------------------- */

/* The weekly series named 'name' (series_names), or -1. */
static int find_series(const char *name)
{
    for (int s = 0; s < N_SERIES; s++)
        if (name && strcmp(name, series_names[s]) == 0)
            return s;
    return -1;
}

static int find_metric(const char *name)
{
    for (int m = 0; m < N_METRICS; m++)
        if (name && strcmp(name, metric_names[m]) == 0)
            return m;
    return -1;
}

static int find_option(const struct da_scenario *scn, const char *id)
{
    if (!id)
        return scn->n_options > 0 ? 0 : -1;
    for (size_t o = 0; o < scn->n_options; o++)
        if (strcmp(scn->options[o].id, id) == 0)
            return (int)o;
    return -1;
}

/* The key that ranks the inputs: the method's measure of influence. */
static double influence(const struct method *m, const struct da_analysis *an, int i)
{
    double v = m->influence(an, i);
    return isnan(v) ? -HUGE_VAL : v;
}

/* The groups by their total index, ties in the order they were made; false when memory ran
 * out (the order is then the groups' own). */
static bool rank_groups(struct da_analysis *an)
{
    struct sort_ranked *items = da_calloc((size_t)(an->n_groups ? an->n_groups : 1), sizeof *items);
    if (!items)
        return false;
    for (int g = 0; g < an->n_groups; g++)
        items[g] = (struct sort_ranked){an->groups[g].result.ST, 0, g};
    sort_ranked_order(items, an->n_groups, an->group_order);
    da_free(items);
    return true;
}

/* Sorts the inputs by the method's influence, then by its tie where it has one (PRIM's
 * stability: the inputs that no box restricts, by how often the first box's resamples do),
 * then in file order: the same order on every machine. False when memory ran out. */
static bool rank_inputs(const struct method *m, struct da_analysis *an)
{
    int k = an->n_inputs;
    struct sort_ranked *items = da_calloc((size_t)(k ? k : 1), sizeof *items);
    if (!items)
        return false;
    for (int i = 0; i < k; i++) {
        double tie = m->tie ? m->tie(an, i) : 0;
        items[i] = (struct sort_ranked){influence(m, an, i), tie, i};
    }
    sort_ranked_order(items, k, an->order);
    da_free(items);
    return rank_groups(an);
}

void input_result_clear(struct input_result *r)
{
    r->S1 = r->S1_conf = r->ST = r->ST_conf = (double)NAN;
    r->S1_floor = r->ST_floor = r->mu_star_floor = 0;
    r->mu_star = r->mu_star_conf = r->sigma = (double)NAN;
    r->low = r->high = r->swing = r->swing_conf = (double)NAN;
    r->restricted = 0;
    r->stability = (double)NAN;
}

/* The message of a failed analysis, when the caller gave room for one. */
static void say(const da_analyze_options *options, const char *text)
{
    if (options->message && options->message_size)
        snprintf(options->message, options->message_size, "%s", text);
}

/* The scenario's uncertain parameters as the analysis's inputs, their results not yet known
 * (NaN where a method says nothing); DA_ERR_USAGE when there is none. */
static da_status find_inputs(struct da_analysis *an, const da_analyze_options *options)
{
    const struct da_scenario *scn = an->scn;
    an->n_inputs = (int)scn->n_inputs; /* the load's index (scenario/inputs.c) */
    if (an->n_inputs == 0) {
        say(options, "the scenario has no uncertain input to analyze");
        return DA_ERR_USAGE;
    }
    an->pids = da_calloc((size_t)an->n_inputs, sizeof *an->pids);
    an->inputs = da_calloc((size_t)an->n_inputs, sizeof *an->inputs);
    an->order = da_calloc((size_t)an->n_inputs, sizeof *an->order);
    if (!an->pids || !an->inputs || !an->order)
        return DA_ERR_NOMEM;
    for (int i = 0; i < an->n_inputs; i++)
        an->pids[i] = scn->inputs[i];
    for (int i = 0; i < an->n_inputs; i++)
        input_result_clear(&an->inputs[i]);
    return DA_OK;
}

/* What the options ask of the method beyond a metric (--by, --group), checked against what
 * it takes; then the groups of a method that takes them. */
static da_status check_takes(const struct method *m, struct da_analysis *an,
                             const da_analyze_options *options)
{
    char why[256];
    if (an->by != DA_BY_NONE && !da_method_check(an->method, DA_TAKES_BY, why, sizeof why)) {
        say(options, why);
        return DA_ERR_USAGE;
    }
    if (an->by != DA_BY_NONE)
        an->n_by = an->by == DA_BY_AREA ? an->plan.n_areas : an->plan.n_weeks;
    if (options->n_groups > 0 && !da_method_check(an->method, DA_TAKES_GROUPS, why, sizeof why)) {
        say(options, why);
        return DA_ERR_USAGE;
    }
    return m->takes & DA_TAKES_GROUPS ? analysis_groups(an, options) : DA_OK;
}

/* The method's run, on the design's own stream (replication numbers are the points'). */
static da_status run_method(const struct method *m, struct da_analysis *an,
                            const da_analyze_options *options)
{
    gsl_rng *rng = rng_alloc();
    if (!rng)
        return DA_ERR_NOMEM;
    rng_seed(rng, an->seed, 0, RNG_STREAM_DESIGN);
    da_status status = m->run(an, rng, options->threads, options);
    gsl_rng_free(rng);
    return status;
}

/* A new analysis of the scenario as the options say, before anything is checked or run;
 * NULL when memory ran out. */
static struct da_analysis *analysis_new(const da_scenario *scn, const da_analyze_options *options,
                                        int metric, int series, int option)
{
    struct da_analysis *an = da_calloc(1, sizeof *an);
    if (!an)
        return NULL;
    an->scn = scn;
    an->method = options->method;
    an->metric = metric;
    an->series = series;
    an->by = series >= 0 ? options->by : DA_BY_NONE;
    an->option = option;
    an->seed = options->use_seed ? options->seed : scn->seed;
    an->where_op = options->where;
    an->where_value = options->where_value;
    return an;
}

da_status da_analyze(const da_scenario *scn, const da_analyze_options *options, da_analysis **out)
{
    if (!scn || !options || !out)
        return DA_ERR_USAGE;
    *out = NULL;
    bool by = options->by == DA_BY_WEEK || options->by == DA_BY_AREA;
    int metric = by ? -1 : find_metric(options->metric), option = find_option(scn, options->option);
    int series = by ? find_series(options->metric) : -1;
    const struct method *m = method_at(options->method);
    if ((by ? series < 0 : metric < 0) || option < 0 || !m)
        return DA_ERR_NOTFOUND;
    if (!(m->takes & DA_TAKES_OPTION) && (options->option || scn->n_options < 2))
        return DA_ERR_USAGE; /* it compares every option */
    struct da_analysis *an = analysis_new(scn, options, metric, series, option);
    if (!an)
        return DA_ERR_NOMEM;
    da_status status = plan_init(&an->plan, scn);
    if (status == DA_OK)
        status = find_inputs(an, options);
    if (status == DA_OK)
        status = check_takes(m, an, options);
    if (status == DA_OK)
        status = run_method(m, an, options);
    if (status == DA_OK) {
        analysis_warnings(m, an);
        if (!rank_inputs(m, an))
            status = DA_ERR_NOMEM;
    }
    if (status != DA_OK) {
        da_analysis_free(an);
        return status;
    }
    *out = an;
    return DA_OK;
}

void da_analysis_free(da_analysis *an)
{
    if (!an)
        return;
    plan_release(&an->plan);
    analysis_groups_free(an);
    da_free(an->by_mean);
    da_free(an->by_variance);
    for (int k = 0; k < 2; k++) {
        struct by_indices *b = k == 0 ? &an->by_inputs : &an->by_groups;
        da_free(b->S1);
        da_free(b->S1_conf);
        da_free(b->ST);
        da_free(b->ST_conf);
    }
    prim_result_release(&an->prim);
    voi_results_free(an->voi);
    da_free(an->pids);
    da_free(an->inputs);
    da_free(an->order);
    da_free(an);
}

int da_analysis_warning_count(const da_analysis *an)
{
    return an ? an->n_warnings : 0;
}

const char *da_analysis_warning(const da_analysis *an, int index)
{
    return an && index >= 0 && index < an->n_warnings ? an->warnings[index].text : NULL;
}

uint64_t da_analysis_warning_samples(const da_analysis *an, int index)
{
    return an && index >= 0 && index < an->n_warnings ? an->warnings[index].recommended : 0;
}

uint64_t da_analysis_recommended_samples(const da_analysis *an)
{
    return an ? an->recommended_samples : 0;
}
