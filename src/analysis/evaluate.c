/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * evaluate.c - the core that every method builds on (analysis.h): an input's quantile, the
 * evaluation of a design's points as replications of the engine, the scenario's rank
 * correlations imposed on a design, and the moments of the metric. It calls no method and
 * is called by all of them and by the driver (analyze.c), so that the calls go one way.
 */
#include <float.h>
#include <inttypes.h>
#include <math.h>
#include <stdio.h>

#include "../engine/correlate.h"
#include "../engine/footprint.h"
#include "../engine/lockstep.h"
#include "../engine/ranks.h"
#include "../engine/replication.h"
#include "../engine/sketch.h"
#include "../model/draw.h"
#include "../model/lanes.h"
#include "../util/alloc.h"
#include "analysis.h"

const char *analysis_metric_name(const struct da_analysis *an)
{
    return an->series >= 0 ? series_names[an->series] : metric_names[an->metric];
}

bool analysis_never_is_horizon(const struct da_analysis *an)
{
    return an->series < 0 &&
           (an->metric == M_START_DAY || an->metric == M_IOC_DAY || an->metric == M_DAYS_TO_HALF);
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

double analysis_rounding(const struct da_analysis *an)
{
    return (double)(an->plan.horizon > 1 ? an->plan.horizon : 1) * DBL_EPSILON;
}

bool analysis_varies(const struct da_analysis *an, const double *f, uint64_t n, double variance)
{
    double largest = 0;
    for (uint64_t j = 0; j < n; j++)
        largest = fmax(largest, fabs(f[j]));
    return sqrt(variance) > analysis_rounding(an) * largest;
}

void analysis_moments(struct da_analysis *an, const double *f, uint64_t n)
{
    analysis_mean_variance(f, n, &an->mean, &an->variance);
    if (!analysis_varies(an, f, n, an->variance))
        an->variance = 0;
}

/* ---- evaluation --------------------------------------------------------------------------- */

/* The metric of a finished replication. A day that never comes within the horizon (an option
 * that never starts, an IOC never reached) counts as the horizon: "not before the end"; and so
 * do the days to half strength of a run that never gets there (or never starts), which no
 * run within the horizon can take as long as (analysis_never_is_horizon()). */
static double metric_value(const struct da_analysis *an, const struct worker *wk, int option)
{
    if (an->series >= 0) /* the series over all areas on the last day */
        return wk->capture.values[an->n_by];
    double v = wk->metrics[option * N_METRICS + an->metric];
    if (isnan(v) && analysis_never_is_horizon(an))
        v = an->plan.horizon;
    return v;
}

/* Point p's capture set up in wk. */
static void point_capture(const struct evaluation *ev, struct worker *wk, uint64_t p)
{
    const struct da_analysis *an = ev->an;
    if (ev->outputs)
        wk->capture = (struct capture){&ev->outputs[p * (uint64_t)(ev->n_outputs + 1)], an->option,
                                       an->series, an->by == DA_BY_AREA};
}

/* Point p's replication, its inputs' values in wk->scratch and its capture set up. */
static uint64_t point_begin(const struct evaluation *ev, struct worker *wk, uint64_t p)
{
    uint64_t r = ev->point(ev, p, wk->scratch);
    point_capture(ev, wk, p);
    return r;
}

/* The options point p's replication runs: every one for the paired values (voi), else the
 * option analysed alone. */
static int point_options(const struct evaluation *ev)
{
    return ev->paired ? -1 : ev->an->option;
}

/* Point p's values, from the worker that ran its replication. */
static void point_end(const struct evaluation *ev, struct worker *wk, uint64_t p)
{
    const struct da_analysis *an = ev->an;
    ev->values[p] = metric_value(an, wk, an->option);
    wk->capture.values = NULL;
    for (int o = 0; ev->paired && o < an->plan.n_options; o++)
        ev->paired[(uint64_t)o * ev->n_points + p] = metric_value(an, wk, o);
    for (int m = 0; ev->days && m < an->plan.n_milestones; m++)
        ev->days[(uint64_t)m * ev->n_points + p] = fmin(wk->timeline.T[m], an->plan.horizon);
}

static void evaluate_point(struct worker *wk, uint64_t p, void *ctx)
{
    const struct evaluation *ev = ctx;
    const struct da_analysis *an = ev->an;
    uint64_t r = point_begin(ev, wk, p);
    replication_evaluate(wk, an->seed, r, an->pids, wk->scratch, an->n_inputs, point_options(ev));
    point_end(ev, wk, p);
}

/* Points points[0..n) in one block of lanes (lockstep.h): the values of each, bit for bit, as
 * evaluate_point() gives them. */
static void evaluate_block(struct worker *wk, const uint64_t *points, int n, void *ctx)
{
    const struct evaluation *ev = ctx;
    const struct da_analysis *an = ev->an;
    uint64_t reps[LANES_MAX] = {0};
    const double *values[LANES_MAX] = {NULL};
    for (int l = 0; l < n; l++) {
        struct worker *lane = lockstep_lane(wk, l);
        values[l] = lane->scratch;
        /* A point drawn to order the chunk has its draws kept: its values are not needed */
        if (lockstep_kept(wk, an->seed, points[l], &reps[l]))
            point_capture(ev, lane, points[l]);
        else
            reps[l] = point_begin(ev, lane, points[l]);
    }
    lockstep_evaluate(wk, an->seed, points, reps, n, an->pids, values, an->n_inputs,
                      point_options(ev));
    for (int l = 0; l < n; l++)
        point_end(ev, lockstep_lane(wk, l), points[l]);
}

/* Point p drawn into the lane worker 'wk': the days its options share. */
static int point_days(struct worker *wk, uint64_t p, void *ctx, uint64_t *rep, uint64_t *group)
{
    const struct evaluation *ev = ctx;
    const struct da_analysis *an = ev->an;
    *group = 0;
    *rep = ev->point(ev, p, wk->scratch);
    return replication_evaluate_shared_days(wk, an->seed, *rep, an->pids, wk->scratch,
                                            an->n_inputs);
}

/* The points of a chunk in the order a block of lanes runs them best (lockstep_order_tasks()):
 * an option after the first begins on the day it parts from option 0, for the whole block on
 * its earliest lane's. The option analysed alone waits if it is not option 0 (and option 0
 * runs its days up to the block's latest lane's); every option after the first for voi. */
static void evaluate_order(struct worker *wk, uint64_t first, int n, uint64_t *points, void *ctx)
{
    const struct evaluation *ev = ctx;
    int only = point_options(ev), waiting = only < 0 ? ev->an->plan.n_options - 1 : only > 0;
    lockstep_order_tasks(wk, ev->an->seed, first, n, points, waiting, point_days, ctx);
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
    /* --by: each output (an area, a week) as the metric, the first that has unusable values;
     * the metric, over all areas, may be finite where one area's is not. */
    int output = -1;
    for (int i = 0; ev->outputs && bad == 0 && i < ev->n_outputs; i++) {
        for (uint64_t p = 0; p < ev->n_points; p++)
            bad += !band_usable(ev->outputs[p * (uint64_t)(ev->n_outputs + 1) + (uint64_t)i]);
        output = i;
    }
    if (bad == 0)
        return DA_OK;
    char where[128] = ""; /* an id is at most 64 bytes */
    if (output >= 0 && an->by == DA_BY_AREA)
        snprintf(where, sizeof where, " in area '%s'", an->plan.scn->areas[output].id);
    else if (output >= 0)
        snprintf(where, sizeof where, " in week %d", output);
    /* A strength a year after the start has none where the option never starts, or starts
     * less than a year before the horizon's end: no value stands for that. */
    if (an->series < 0 && an->metric == M_DEPLOYED_START_PLUS_365) {
        if (opt->message && opt->message_size)
            snprintf(opt->message, opt->message_size,
                     "%" PRIu64 " of %" PRIu64
                     " points have no %s for option '%s': the option "
                     "does not start in them, or starts less than 365 days before the horizon's "
                     "end; analyze deployed_day365 or deployed_end instead",
                     bad, ev->n_points, analysis_metric_name(an), an->plan.scn->options[option].id);
        return DA_ERR_USAGE;
    }
    if (opt->message && opt->message_size)
        snprintf(opt->message, opt->message_size,
                 "%" PRIu64 " of %" PRIu64
                 " points gave no finite value for %s%s of option '%s' "
                 "(infinite, not a number, or beyond 10^18): the scenario's numbers are beyond "
                 "what the model can compute; see docs/scenario.md, \"Ranges\"",
                 bad, ev->n_points, analysis_metric_name(an), where,
                 an->plan.scn->options[option].id);
    return DA_ERR_NUMERIC;
}

da_status analysis_design_fits(const struct da_analysis *an, double bytes, double runs,
                               const char *design, const char *note, const char *advice,
                               const da_analyze_options *opt)
{
    if (bytes > (double)DA_RUN_MAX_BYTES) {
        if (opt->message && opt->message_size)
            snprintf(opt->message, opt->message_size,
                     "the %s design would hold %.1f GB (%.0f runs%s), more than the %.0f GB an "
                     "analysis may: use a smaller -n%s",
                     design, bytes / 1e9, runs, note, (double)DA_RUN_MAX_BYTES / 1e9, advice);
        return DA_ERR_LIMIT;
    }
    double each = footprint_run_work(an->scn) + (double)an->n_inputs, work = runs * each;
    if (work > ANALYSIS_MAX_WORK) {
        if (opt->message && opt->message_size)
            snprintf(opt->message, opt->message_size,
                     "the %s design would take about %.1e steps (%.0f runs%s of %.1e steps "
                     "each), more than the 10^13 that an analysis may: use a smaller -n%s, or "
                     "fewer uncertain inputs (fix the ones that do not matter)",
                     design, work, runs, note, each, advice);
        return DA_ERR_LIMIT;
    }
    return DA_OK;
}

da_status analysis_evaluate(struct evaluation *ev, int threads, const da_analyze_options *opt)
{
    da_run_options run;
    da_run_options_init(&run);
    run.progress = opt->progress;
    run.progress_ctx = opt->progress_ctx;
    da_status status = engine_each(&ev->an->plan, threads, ev->n_points, evaluate_point,
                                   evaluate_block, evaluate_order, ev, &run);
    /* Every rank gets every value and computes the same indices; rank 0 writes them. */
    if (status == DA_OK)
        status = ranks_gather(ev->values, ev->n_points);
    /* Column by column: each rank filled the same share of every one. */
    for (int o = 0; status == DA_OK && ev->paired && o < ev->an->plan.n_options; o++)
        status = ranks_gather(&ev->paired[(uint64_t)o * ev->n_points], ev->n_points);
    for (int m = 0; status == DA_OK && ev->days && m < ev->an->plan.n_milestones; m++)
        status = ranks_gather(&ev->days[(uint64_t)m * ev->n_points], ev->n_points);
    /* analyze --by's series, a row of outputs a point: without them every other rank's
     * points read 0, and 2 ranks gave every input an ST of 1.929. */
    if (status == DA_OK && ev->outputs)
        status = ranks_gather_rows(ev->outputs, ev->n_points, (uint64_t)ev->n_outputs + 1);
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
