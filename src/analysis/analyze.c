/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * analyze.c - da_analyze(): the inputs, the evaluation of a method's design on the engine, and
 * the ranking of the inputs (see analysis.h).
 */
#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../engine/correlate.h"
#include "../model/draw.h"
#include "../engine/ranks.h"
#include "../util/sort.h"
#include "../scenario/dist.h"
#include "../engine/replication.h"
#include "../model/rng.h"
#include "../engine/sketch.h"
#include "../util/alloc.h"
#include "analysis.h"
#include "groups.h"
#include "voi.h"

void da_analyze_options_init(da_analyze_options *o)
{
    memset(o, 0, sizeof *o);
    o->holdout = PRIM_HOLDOUT;
}

int da_method_of(const char *name)
{
    static const char *const names[] = {"sobol", "morris", "tornado", "prim", "voi"};
    for (int i = 0; i < 5; i++)
        if (name && strcmp(name, names[i]) == 0)
            return i;
    return -1;
}

const char *analysis_metric_name(const struct da_analysis *an)
{
    return an->series >= 0 ? series_names[an->series] : metric_names[an->metric];
}

double analysis_quantile(const struct da_analysis *an, int i, double u)
{
    return draw_quantile(&an->scn->params[an->pids[i]].dist, u);
}

void analysis_mean_variance(const double *f, uint64_t n, double *mean, double *variance)
{
    double sum = 0, m2 = 0;
    for (uint64_t j = 0; j < n; j++)
        sum += f[j];
    double m = sum / (double)n;
    for (uint64_t j = 0; j < n; j++)
        m2 += (f[j] - m) * (f[j] - m);
    *mean = m;
    *variance = m2 / (double)n;
}

void analysis_moments(struct da_analysis *an, const double *f, uint64_t n)
{
    analysis_mean_variance(f, n, &an->mean, &an->variance);
}

/* ---- evaluation --------------------------------------------------------------------------- */

/* The metric of a finished replication. A day that never comes within the horizon (an option
 * that never starts, an IOC never reached) counts as the horizon: "not before the end". */
static double metric_value(const struct da_analysis *an, const struct worker *wk, int option)
{
    if (an->series >= 0) /* the series over all areas on the last day */
        return wk->capture.values[an->n_by];
    double v = wk->metrics[option * N_METRICS + an->metric];
    if (isnan(v) && (an->metric == M_START_DAY || an->metric == M_IOC_DAY))
        v = an->plan.horizon;
    return v;
}

static void evaluate_point(struct worker *wk, uint64_t p, void *ctx)
{
    struct evaluation *ev = ctx;
    const struct da_analysis *an = ev->an;
    uint64_t r = ev->point(ev, p, wk->scratch);
    if (ev->outputs)
        wk->capture = (struct capture){&ev->outputs[p * (uint64_t)(ev->n_outputs + 1)],
                                       an->option, an->series, an->by == DA_BY_AREA};
    replication_evaluate(wk, an->seed, r, an->pids, wk->scratch, an->n_inputs);
    ev->values[p] = metric_value(an, wk, an->option);
    wk->capture.values = NULL;
    for (int o = 0; ev->paired && o < an->plan.n_options; o++)
        ev->paired[(uint64_t)o * ev->n_points + p] = metric_value(an, wk, o);
    for (int m = 0; ev->days && m < an->plan.n_milestones; m++)
        ev->days[(uint64_t)m * ev->n_points + p] = fmin(wk->timeline.T[m], an->plan.horizon);
}

/* The values must be what the statistics take in (band_usable()): else the
 * analysis fails with DA_ERR_NUMERIC, saying how many points gave none, as a run does. */
static da_status all_usable(const struct evaluation *ev, const da_analyze_options *opt)
{
    const struct da_analysis *an = ev->an;
    uint64_t bad = 0;
    int option = an->option;
    for (uint64_t p = 0; p < ev->n_points; p++)
        bad += !band_usable(ev->values[p]);
    /* Paired: the first option with unusable values, and how many. */
    for (int o = 0; ev->paired && bad == 0 && o < an->plan.n_options; o++) {
        for (uint64_t p = 0; p < ev->n_points; p++)
            bad += !band_usable(ev->paired[(uint64_t)o * ev->n_points + p]);
        option = o;
    }
    if (bad == 0)
        return DA_OK;
    if (opt->message && opt->message_size)
        snprintf(opt->message, opt->message_size,
                 "%" PRIu64 " of %" PRIu64 " points gave no finite value for %s of option '%s' "
                 "(infinite, not a number, or beyond 10^18): the scenario's numbers are beyond "
                 "what the model can compute; see docs/scenario.md, \"Ranges\"",
                 bad, ev->n_points, analysis_metric_name(an), an->plan.scn->options[option].id);
    return DA_ERR_NUMERIC;
}

da_status analysis_evaluate(struct evaluation *ev, int threads, const da_analyze_options *opt)
{
    da_run_options run;
    da_run_options_init(&run);
    run.progress = opt->progress;
    run.progress_ctx = opt->progress_ctx;
    da_status status = engine_each(&ev->an->plan, threads, ev->n_points, evaluate_point, ev, &run);
    /* Every rank gets every value and computes the same indices; rank 0 writes them. */
    if (status == DA_OK)
        status = ranks_gather(ev->values, ev->n_points);
    /* Column by column: each rank filled the same share of every one. */
    for (int o = 0; status == DA_OK && ev->paired && o < ev->an->plan.n_options; o++)
        status = ranks_gather(&ev->paired[(uint64_t)o * ev->n_points], ev->n_points);
    for (int m = 0; status == DA_OK && ev->days && m < ev->an->plan.n_milestones; m++)
        status = ranks_gather(&ev->days[(uint64_t)m * ev->n_points], ev->n_points);
    return status == DA_OK ? all_usable(ev, opt) : status;
}

/* ---- correlated inputs -------------------------------------------------------------------- */

da_status analysis_correlate(const struct da_analysis *an, double *u, uint64_t n, gsl_rng *rng)
{
    const struct plan *plan = &an->plan;
    int m = plan->n_correlated, k = an->n_inputs;
    if (m == 0 || n <= (uint64_t)m + 1)
        return DA_OK; /* too few points for the scores to have a correlation to undo */
    int column[CORRELATION_MAX_INPUTS];
    for (int j = 0; j < m; j++)
        for (int i = 0; i < k; i++)
            if (an->pids[i] == plan->correlated[j])
                column[j] = i;
    double *x = da_calloc(n * (uint64_t)m, sizeof *x);
    struct correlate c;
    da_status status = x ? correlate_init(&c, n, m) : DA_ERR_NOMEM;
    if (status == DA_OK) {
        for (uint64_t p = 0; p < n; p++)
            for (int j = 0; j < m; j++)
                x[p * (uint64_t)m + (uint64_t)j] = u[p * (uint64_t)k + (uint64_t)column[j]];
        if (correlate_rearrange(&c, x, plan->correlation_factor, rng))
            for (uint64_t p = 0; p < n; p++)
                for (int j = 0; j < m; j++)
                    u[p * (uint64_t)k + (uint64_t)column[j]] = x[p * (uint64_t)m + (uint64_t)j];
        correlate_release(&c);
    }
    da_free(x);
    return status;
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
static double influence(const struct da_analysis *an, int i)
{
    const struct input_result *r = &an->inputs[i];
    double v = an->method == DA_METHOD_SOBOL     ? r->ST
               : an->method == DA_METHOD_MORRIS  ? r->mu_star
               : an->method == DA_METHOD_TORNADO ? r->swing
               : an->method == DA_METHOD_VOI     ? voi_influence(an, i)
                                                 : r->restricted;
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

/* Sorts the inputs by influence (PRIM's ties by stability: the inputs that no box restricts,
 * by how often the first box's resamples do), ties in file order: the same order on every
 * machine. False when memory ran out. */
static bool rank_inputs(struct da_analysis *an)
{
    int k = an->n_inputs;
    struct sort_ranked *items = da_calloc((size_t)(k ? k : 1), sizeof *items);
    if (!items)
        return false;
    for (int i = 0; i < k; i++) {
        double stability = an->method == DA_METHOD_PRIM ? an->inputs[i].stability : 0;
        items[i] = (struct sort_ranked){influence(an, i), stability, i};
    }
    sort_ranked_order(items, k, an->order);
    da_free(items);
    return rank_groups(an);
}

da_status da_analyze(const da_scenario *scn, const da_analyze_options *options,
                     da_analysis **out)
{
    if (!scn || !options || !out)
        return DA_ERR_USAGE;
    *out = NULL;
    bool by = options->by == DA_BY_WEEK || options->by == DA_BY_AREA;
    int metric = by ? -1 : find_metric(options->metric), option = find_option(scn, options->option);
    int series = by ? find_series(options->metric) : -1;
    if ((by ? series < 0 : metric < 0) || option < 0 || options->method < 0 ||
        options->method > DA_METHOD_VOI)
        return DA_ERR_NOTFOUND;
    if (options->method == DA_METHOD_VOI && (options->option || scn->n_options < 2))
        return DA_ERR_USAGE;
    struct da_analysis *an = da_calloc(1, sizeof *an);
    if (!an)
        return DA_ERR_NOMEM;
    an->scn = scn;
    an->method = options->method;
    an->metric = metric;
    an->series = series;
    an->by = by ? options->by : DA_BY_NONE;
    an->option = option;
    an->seed = options->use_seed ? options->seed : scn->seed;
    an->where_op = options->where;
    an->where_value = options->where_value;
    da_status status = plan_init(&an->plan, scn);
    for (size_t i = 1; status == DA_OK && i < scn->n_params; i++)
        an->n_inputs += !dist_is_constant(&scn->params[i].dist);
    if (status == DA_OK && an->n_inputs == 0) {
        if (options->message && options->message_size)
            snprintf(options->message, options->message_size,
                     "the scenario has no uncertain input to analyze");
        status = DA_ERR_USAGE;
    }
    if (status == DA_OK) {
        an->pids = da_calloc((size_t)an->n_inputs, sizeof *an->pids);
        an->inputs = da_calloc((size_t)an->n_inputs, sizeof *an->inputs);
        an->order = da_calloc((size_t)an->n_inputs, sizeof *an->order);
        if (!an->pids || !an->inputs || !an->order)
            status = DA_ERR_NOMEM;
    }
    if (status == DA_OK) {
        int k = 0;
        for (size_t i = 1; i < scn->n_params; i++)
            if (!dist_is_constant(&scn->params[i].dist))
                an->pids[k++] = (da_pid)i;
        for (int i = 0; i < an->n_inputs; i++) {
            struct input_result *r = &an->inputs[i];
            r->S1 = r->S1_conf = r->ST = r->ST_conf = (double)NAN;
            r->mu_star = r->mu_star_conf = r->sigma = (double)NAN;
            r->low = r->high = r->swing = r->swing_conf = (double)NAN;
            r->restricted = 0;
            r->stability = (double)NAN;
        }
    }
    if (status == DA_OK && by && an->method != DA_METHOD_SOBOL) {
        if (options->message && options->message_size)
            snprintf(options->message, options->message_size,
                     "--by goes with --method sobol: the other methods give no indices per "
                     "week or area");
        status = DA_ERR_USAGE;
    }
    if (status == DA_OK && by)
        an->n_by = an->by == DA_BY_AREA ? an->plan.n_areas : an->plan.n_weeks;
    bool grouped = an->method == DA_METHOD_SOBOL || an->method == DA_METHOD_VOI;
    if (status == DA_OK && options->n_groups > 0 && !grouped) {
        if (options->message && options->message_size)
            snprintf(options->message, options->message_size,
                     "--group goes with --method sobol or voi: the other methods give no group "
                     "indices");
        status = DA_ERR_USAGE;
    }
    if (status == DA_OK && grouped)
        status = analysis_groups(an, options);
    gsl_rng *rng = status == DA_OK ? rng_alloc() : NULL;
    if (status == DA_OK && !rng)
        status = DA_ERR_NOMEM;
    if (status == DA_OK) {
        /* The design's own stream: replication numbers are the points' streams. */
        rng_seed(rng, an->seed, 0, RNG_STREAM_DESIGN);
        if (an->method == DA_METHOD_SOBOL)
            status = analysis_sobol(an, rng, options->threads, options);
        else if (an->method == DA_METHOD_MORRIS)
            status = analysis_morris(an, rng, options->threads, options);
        else if (an->method == DA_METHOD_TORNADO)
            status = analysis_tornado(an, options->threads, options);
        else if (an->method == DA_METHOD_VOI)
            status = analysis_voi(an, rng, options->threads, options);
        else
            status = analysis_prim(an, rng, options->threads, options);
    }
    if (rng)
        gsl_rng_free(rng);
    if (status != DA_OK) {
        da_analysis_free(an);
        return status;
    }
    analysis_warnings(an);
    if (!rank_inputs(an)) {
        da_analysis_free(an);
        return DA_ERR_NOMEM;
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

uint64_t da_analysis_recommended_samples(const da_analysis *an)
{
    return an ? an->recommended_samples : 0;
}
