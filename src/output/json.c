/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * json.c - da_results_write_json(): a run's results as one JSON object, the contract of
 * docs/schema/run-output.schema.json.
 *
 * The whole document is built with jansson, then dumped at once. Building never stops halfway:
 * jansson's setters take ownership of a NULL value and fail, so a failed allocation only sets
 * a flag, the rest of the tree is built (or skipped) harmlessly, and the flag turns into
 * DA_ERR_NOMEM before anything is written.
 *
 * Same seed, same scenario, same bits: the sketches merge exactly, so the only numbers that
 * would differ between runs - threads, seconds, date - are written only on request
 * (DAYAFTER_JSON_TIMING=1).
 */
#include <inttypes.h>
#include <jansson.h>
#include <math.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "../scenario/dist.h"
#include "../scenario/schema.h"
#include "../util/alloc.h"
#include "../util/check.h"
#include "../util/text.h"
#include "dayafter.h"
#include "json_out.h"
#include "mc_error_json.h"
#include "metrics.h"
#include "observed.h"
#include "quantiles.h"

/* A date, or null. */
static json_t *date_json(const struct da_results *res, double day)
{
    char buf[16];
    const char *date = date_of_day(res, day, buf, sizeof buf);
    return date ? json_string(date) : json_null();
}

/* {"mean", "p10", "p50", "p90"}, or null for an empty sketch. With 'dated' (the results of a
 * quantity in days) and its scenario's start_date, "date" holds the calendar date of each;
 * with 'mc' (a headline figure), "mc_error" their Monte Carlo error. */
static json_t *quantiles_json(bool *nomem, const struct sketch *s, const struct da_results *dated,
                              bool mc)
{
    if (s->band.count == 0)
        return json_null();
    struct quantiles q;
    quantiles_of(s, &q);
    json_t *obj = json_object();
    json_out_put(nomem, obj, "mean", json_out_number(q.mean));
    json_out_put(nomem, obj, "p10", json_out_number(q.p10));
    json_out_put(nomem, obj, "p50", json_out_number(q.p50));
    json_out_put(nomem, obj, "p90", json_out_number(q.p90));
    if (dated && dated->scenario->has_start_date) {
        json_t *dates = json_object();
        json_out_put(nomem, dates, "mean", date_json(dated, q.mean));
        json_out_put(nomem, dates, "p10", date_json(dated, q.p10));
        json_out_put(nomem, dates, "p50", date_json(dated, q.p50));
        json_out_put(nomem, dates, "p90", date_json(dated, q.p90));
        json_out_put(nomem, obj, "date", dates);
    }
    if (mc)
        json_out_put(nomem, obj, "mc_error", mc_error_quantiles_json(nomem, s));
    return obj;
}

/* {NAME: Q} for the N_METRICS sketches at 'metric', named as docs/model.md section 8, each
 * with its Monte Carlo error (the headline figures, and their paired differences); with
 * 'res', the days (start_day, ioc_day) carry their dates (not for differences of days). */
static json_t *metrics_json(bool *nomem, const struct sketch *metric, const struct da_results *res)
{
    json_t *obj = json_object();
    for (int m = 0; m < N_METRICS; m++) {
        bool day = m == M_START_DAY || m == M_IOC_DAY;
        json_out_put(nomem, obj, metric_names[m],
                     quantiles_json(nomem, &metric[m], day ? res : NULL, true));
    }
    return obj;
}

/* The command line as a JSON string. Arguments are bytes, not necessarily UTF-8 (a Latin-1
 * file name, say), and jansson refuses invalid UTF-8: such bytes become U+FFFD. */
static json_t *command_line_json(const char *text)
{
    if (!text)
        return json_null();
    size_t cap = 3 * strlen(text) + 1;
    char *clean = da_malloc(cap);
    if (!clean)
        return NULL;
    text_utf8_sanitize(clean, cap, text);
    json_t *str = json_string(clean);
    da_free(clean);
    return str;
}

/* "run": how the results were made. */
static json_t *run_json(bool *nomem, const struct da_results *res, const char *command_line)
{
    json_t *run = json_object();
    const char *timing = getenv("DAYAFTER_JSON_TIMING");
    bool with_timing = timing && strcmp(timing, "1") == 0;
    if (with_timing) {
        json_out_put(nomem, run, "threads", json_integer(res->threads));
        json_out_put(nomem, run, "seconds", json_out_number(res->seconds));
    }
    json_out_put(nomem, run, "command_line", command_line_json(command_line));
    if (with_timing) {
        char date[32] = "";
        time_t now = time(NULL);
        struct tm utc;
        if (gmtime_r(&now, &utc))
            strftime(date, sizeof date, "%Y-%m-%dT%H:%M:%SZ", &utc);
        json_out_put(nomem, run, "date", json_string(date));
    }
    return run;
}

/* "p_deployed_by": {"90": x, "180": x, "365": x, and the run's other check days}. */
static json_t *deployed_by_json(bool *nomem, const struct da_results *res, int o)
{
    json_t *obj = json_object();
    for (int k = 0; k < res->plan.n_tracked; k++) {
        char day[16];
        snprintf(day, sizeof day, "%d", res->plan.tracked_days[k]);
        json_out_put(nomem, obj, day, json_out_number(share_deployed_by(res, o, k)));
    }
    return obj;
}

/* "why_short": {DAY: {"short": x, REASON: x, ..., "held_by": {MILESTONE: x}}} for each tracked
 * day: the shares of the replications short of half the requirement, by reason (they sum to
 * "short", 1 - p_deployed_by), and of those not started, by the milestone that held the option
 * back (only milestones that did); null past the horizon. */
static json_t *why_short_json(bool *nomem, const struct da_results *res, int o)
{
    const struct plan *plan = &res->plan;
    json_t *obj = json_object();
    for (int k = 0; k < plan->n_tracked; k++) {
        char day[16];
        snprintf(day, sizeof day, "%d", plan->tracked_days[k]);
        if (plan->tracked_days[k] >= plan->horizon) {
            json_out_put(nomem, obj, day, json_null());
            continue;
        }
        json_t *at = json_object(), *held = json_object();
        uint64_t all = 0;
        for (int r = 0; r < N_SHORT_REASONS; r++)
            all += res->acc.options[o].short_by[k][r];
        /* Every replication is deployed at half strength or short for one reason. */
        DA_ASSERT(all + res->acc.options[o].deployed_by[k] == res->replications);
        json_out_put(nomem, at, "short", json_out_number(share_of(all, res->replications)));
        for (int r = 0; r < N_SHORT_REASONS; r++)
            json_out_put(nomem, at, short_reason_names[r],
                         json_out_number(share_short(res, o, k, r)));
        for (int m = 0; m < plan->n_milestones; m++)
            if (share_held_by(res, o, k, m) > 0)
                json_out_put(nomem, held, res->scenario->milestones[m].id,
                             json_out_number(share_held_by(res, o, k, m)));
        json_out_put(nomem, at, "held_by", held);
        json_out_put(nomem, obj, day, at);
    }
    return obj;
}

/* "criticality": {MILESTONE: x}. */
static json_t *criticality_json(bool *nomem, const struct da_results *res, int o)
{
    const struct da_scenario *scn = res->scenario;
    json_t *obj = json_object();
    for (int m = 0; m < res->plan.n_milestones; m++)
        json_out_put(nomem, obj, scn->milestones[m].id, json_out_number(criticality_of(res, o, m)));
    return obj;
}

/* "cost_by_donor" and "cost_by_purpose": {NAME: Q}. */
static json_t *costs_json(bool *nomem, const struct da_results *res, int o, bool by_donor)
{
    const struct option_acc *oa = &res->acc.options[o];
    json_t *obj = json_object();
    if (by_donor) {
        for (int d = 0; d < res->plan.n_payers; d++)
            json_out_put(nomem, obj, res->plan.payer_ids[d],
                         quantiles_json(nomem, &oa->by_donor[d], NULL, false));
    } else {
        /* The pools are indexed by enum da_purpose, whose words schema.c keeps. */
        for (int p = 0; p < N_POOL_PURPOSES; p++)
            json_out_put(nomem, obj, schema_purpose_words[p],
                         quantiles_json(nomem, &oa->by_purpose[p], NULL, false));
    }
    return obj;
}

/* "areas": [{"id", "name", "<metric>_end": Q, ...}], the state of each area on the last day. */
static json_t *areas_json(bool *nomem, const struct da_results *res, int o)
{
    const struct option_acc *oa = &res->acc.options[o];
    json_t *arr = json_array();
    for (int a = 0; a < res->plan.n_areas; a++) {
        const struct da_area *area = &res->scenario->areas[a];
        json_t *obj = json_object();
        json_out_put(nomem, obj, "id", json_string(area->id));
        json_out_put(nomem, obj, "name", json_string(area->name));
        for (int m = 0; m < N_AREA_METRICS; m++) {
            char key[64];
            snprintf(key, sizeof key, "%s_end", area_metric_names[m]);
            json_out_put(nomem, obj, key,
                         quantiles_json(nomem, &oa->area_end[a * N_AREA_METRICS + m], NULL, false));
        }
        json_out_push(nomem, arr, obj);
    }
    return arr;
}

/* {"p10": [...], "p50": [...], "p90": [...]}: one value a week, the band of week w being
 * band w * stride of the bands of 'size' bytes from 'first' (a stride of 0: the same band
 * every week). */
static json_t *weekly_json(bool *nomem, const struct da_results *res, const struct band *first,
                           size_t size, size_t stride)
{
    static const double levels[3] = {0.1, 0.5, 0.9};
    static const char *const keys[3] = {"p10", "p50", "p90"};
    json_t *obj = json_object();
    for (int q = 0; q < 3; q++) {
        json_t *values = json_array();
        for (int w = 0; w < res->plan.n_weeks; w++)
            json_out_push(nomem, values,
                          json_out_number(band_quantile(
                              band_at_const(first, size, (size_t)w * stride), levels[q])));
        json_out_put(nomem, obj, keys[q], values);
    }
    return obj;
}

/* Series metric 'k' of area 'a' of option 'o', week by week. */
static json_t *series_area_json(bool *nomem, const struct da_results *res, int o, int a, int k)
{
    const struct band *series = res->acc.options[o].series;
    return weekly_json(nomem, res,
                       series_band_const(series, &res->plan, (size_t)a * N_SERIES + (size_t)k),
                       band_size(res->plan.narrow_bands), (size_t)res->plan.n_areas * N_SERIES);
}

/* The weekly requirement of column 'col' (an area, or n_areas for all of them); week 0's band
 * every week when no effect changes it (results_required()). */
static json_t *requirement_column_json(bool *nomem, const struct da_results *res, int col)
{
    return weekly_json(nomem, res, results_required(&res->acc, &res->plan, 0, col),
                       band_size(res->plan.narrow_bands), results_required_stride(&res->plan));
}

/* "requirement_series": {"areas": {AREA: {"p10", "p50", "p90"}}, "total": {...}}: the personnel
 * required week by week (days as "series_days"), which effects on risk change (docs/model.md
 * section 9.1); the same for every option. */
static json_t *requirement_json(bool *nomem, const struct da_results *res)
{
    json_t *obj = json_object(), *areas = json_object();
    for (int a = 0; a < res->plan.n_areas; a++)
        json_out_put(nomem, areas, res->scenario->areas[a].id,
                     requirement_column_json(nomem, res, a));
    json_out_put(nomem, obj, "areas", areas);
    json_out_put(nomem, obj, "total", requirement_column_json(nomem, res, res->plan.n_areas));
    return obj;
}

/* "series": {"day": [0, 7, ...], METRIC: {AREA: {"p10", "p50", "p90"}}}. */
static json_t *series_json(bool *nomem, const struct da_results *res, int o)
{
    const struct plan *plan = &res->plan;
    json_t *obj = json_object();
    json_t *days = json_array();
    for (int w = 0; w < plan->n_weeks; w++)
        json_out_push(nomem, days, json_integer(7 * (json_int_t)w));
    json_out_put(nomem, obj, "day", days);
    for (int k = 0; k < N_SERIES; k++) {
        json_t *by_area = json_object();
        for (int a = 0; a < plan->n_areas; a++)
            json_out_put(nomem, by_area, res->scenario->areas[a].id,
                         series_area_json(nomem, res, o, a, k));
        json_out_put(nomem, obj, series_names[k], by_area);
    }
    return obj;
}

static json_t *option_json(bool *nomem, const struct da_results *res, int o)
{
    const struct da_option *opt = &res->scenario->options[o];
    const struct option_acc *oa = &res->acc.options[o];
    json_t *obj = json_object();
    json_out_put(nomem, obj, "id", json_string(opt->id));
    json_out_put(nomem, obj, "name", json_string(opt->name));
    json_out_put(nomem, obj, "metrics", metrics_json(nomem, oa->metric, res));
    json_out_put(nomem, obj, "p_start", json_out_number(share_of(oa->started, res->replications)));
    json_out_put(nomem, obj, "p_ioc", json_out_number(share_of(oa->ioc, res->replications)));
    json_out_put(nomem, obj, "p_deployed_by", deployed_by_json(nomem, res, o));
    json_out_put(nomem, obj, "why_short", why_short_json(nomem, res, o));
    json_out_put(nomem, obj, "p_half", json_out_number(share_of(oa->half, oa->started)));
    json_out_put(nomem, obj, "mc_error", mc_error_shares_json(nomem, res, o));
    json_out_put(nomem, obj, "criticality", criticality_json(nomem, res, o));
    json_out_put(nomem, obj, "cost_by_donor", costs_json(nomem, res, o, true));
    json_out_put(nomem, obj, "cost_by_purpose", costs_json(nomem, res, o, false));
    json_out_put(nomem, obj, "areas", areas_json(nomem, res, o));
    json_out_put(nomem, obj, "series", series_json(nomem, res, o));
    return obj;
}

/* A summary of scores: how many, how many inside each range against the nominal share, the
 * mean CRPS, and the histogram of the percentiles (flat when calibrated). A deterministic run
 * has no calibration (one run has no range): its shares are null and its counts and histogram
 * 0. The mean CRPS is null where the observations' units differ: a mean of days and persons is
 * no quantity. */
static json_t *score_summary_json(bool *nomem, const struct da_results *res, bool out_of_sample,
                                  const struct score_summary *sum)
{
    json_t *obj = json_object(), *hist = json_array();
    bool calibrated = !res->deterministic;
    int inside_80 = calibrated ? sum->inside_80 : 0, inside_50 = calibrated ? sum->inside_50 : 0;
    json_out_put(nomem, obj, "count", json_integer(sum->count));
    json_out_put(nomem, obj, "inside_80", json_integer(inside_80));
    json_out_put(nomem, obj, "share_inside_80",
                 calibrated ? json_out_number(share_of((uint64_t)inside_80, (uint64_t)sum->count))
                            : json_null());
    json_out_put(nomem, obj, "nominal_80", json_real(0.8));
    json_out_put(nomem, obj, "inside_50", json_integer(inside_50));
    json_out_put(nomem, obj, "share_inside_50",
                 calibrated ? json_out_number(share_of((uint64_t)inside_50, (uint64_t)sum->count))
                            : json_null());
    json_out_put(nomem, obj, "nominal_50", json_real(0.5));
    json_out_put(nomem, obj, "crps_mean",
                 observed_crps_units_agree(res, out_of_sample) ? json_out_number(sum->crps_mean)
                                                               : json_null());
    for (int b = 0; b < SCORE_BINS; b++)
        json_out_push(nomem, hist, json_integer(calibrated ? sum->histogram[b] : 0));
    json_out_put(nomem, obj, "percentile_histogram", hist);
    return obj;
}

static const char *const observed_kind_words[] = {"series", "metric", "milestone"};

/* One observation: what, where, when, the value and its source; then its score. */
static json_t *observation_json(bool *nomem, const struct da_results *res, int i,
                                const struct score *sc)
{
    const struct plan_observation *ob = &res->plan.observed[i];
    const struct da_observation *o = ob->obs;
    json_t *obj = json_object();
    json_out_put(nomem, obj, "kind", json_string(observed_kind_words[o->kind]));
    json_out_put(nomem, obj, "quantity", json_string(observed_quantity(res, i)));
    json_out_put(nomem, obj, "option",
                 o->kind == OBSERVED_MILESTONE ? json_null()
                                               : json_string(observed_option(res, i)));
    json_out_put(nomem, obj, "area", o->area.name ? json_string(o->area.name) : json_null());
    json_t *from = json_array();
    for (size_t k = 0; k < o->n_from; k++)
        json_out_push(nomem, from, json_string(o->from[k].name));
    json_out_put(nomem, obj, "from", from);
    json_out_put(nomem, obj, "day", o->has_day ? json_integer(o->day.day) : json_null());
    if (o->has_day && res->scenario->has_start_date)
        json_out_put(nomem, obj, "date", date_json(res, (double)o->day.day));
    json_out_put(nomem, obj, "value", json_out_number(o->value));
    json_out_put(nomem, obj, "min", json_out_number(o->min));
    json_out_put(nomem, obj, "max", json_out_number(o->max));
    json_out_put(nomem, obj, "source", json_string(o->source));
    json_out_put(nomem, obj, "out_of_sample", json_boolean(o->out_of_sample));
    json_out_put(nomem, obj, "n", json_integer((json_int_t)sc->n));
    json_out_put(nomem, obj, "p10", json_out_number(sc->p10));
    json_out_put(nomem, obj, "p25", json_out_number(sc->p25));
    json_out_put(nomem, obj, "p50", json_out_number(sc->p50));
    json_out_put(nomem, obj, "p75", json_out_number(sc->p75));
    json_out_put(nomem, obj, "p90", json_out_number(sc->p90));
    /* One deterministic run has no spread to place the record in: its CRPS is the distance
     * from its one value, but no percentile nor range holds it. */
    bool one = res->deterministic;
    json_out_put(nomem, obj, "percentile", one ? json_null() : json_out_number(sc->percentile));
    json_out_put(nomem, obj, "inside_80", one ? json_null() : json_boolean(sc->inside_80));
    json_out_put(nomem, obj, "inside_50", one ? json_null() : json_boolean(sc->inside_50));
    json_out_put(nomem, obj, "crps", json_out_number(sc->crps));
    return obj;
}

/* "observed": {"observations": [...], "in_sample": S, "out_of_sample": S}: the run against
 * the record (docs/model.md, "Against the record"); empty without observations. */
static json_t *observed_json(bool *nomem, const struct da_results *res)
{
    struct observed_scores os;
    if (!observed_scores_of(res, &os)) {
        *nomem = true;
        return json_null();
    }
    json_t *obj = json_object(), *list = json_array();
    for (int i = 0; i < res->plan.n_observed; i++)
        json_out_push(nomem, list, observation_json(nomem, res, i, &os.scores[i]));
    json_out_put(nomem, obj, "observations", list);
    json_out_put(nomem, obj, "in_sample", score_summary_json(nomem, res, false, &os.in_sample));
    json_out_put(nomem, obj, "out_of_sample",
                 score_summary_json(nomem, res, true, &os.out_of_sample));
    observed_scores_release(&os);
    return obj;
}

/* "milestones": [{"id", "p_reached", "day": Q}]. */
static json_t *milestones_json(bool *nomem, const struct da_results *res)
{
    json_t *arr = json_array();
    for (int m = 0; m < res->plan.n_milestones; m++) {
        json_t *obj = json_object();
        json_out_put(nomem, obj, "id", json_string(res->scenario->milestones[m].id));
        json_out_put(nomem, obj, "p_reached",
                     json_out_number(share_of(res->acc.milestone_reached[m], res->replications)));
        json_out_put(nomem, obj, "day",
                     quantiles_json(nomem, &res->acc.milestone_day[m], res, false));
        /* Lapses (docs/model.md section 9.2): 0 and empty quantiles for a milestone that
         * cannot lapse, so that every milestone has the same keys. */
        json_out_put(nomem, obj, "p_lapsed",
                     json_out_number(share_of(res->acc.milestone_lapsed[m], res->replications)));
        json_out_put(nomem, obj, "lapse_day",
                     quantiles_json(nomem, &res->acc.lapse_day[m], res, false));
        json_out_put(nomem, obj, "p_recovered",
                     json_out_number(share_of(res->acc.milestone_recovered[m], res->replications)));
        json_out_put(nomem, obj, "recovery_day",
                     quantiles_json(nomem, &res->acc.recovery_day[m], res, false));
        json_out_push(nomem, arr, obj);
    }
    return arr;
}

/* "differences": [{"a", "b", "metrics": {NAME: Q}}], b minus a over the same replications. */
static json_t *differences_json(bool *nomem, const struct da_results *res)
{
    json_t *arr = json_array();
    for (int p = 0; p < res->acc.n_pairs; p++) {
        int a, b;
        results_pair(res->plan.n_options, p, &a, &b);
        json_t *obj = json_object();
        json_out_put(nomem, obj, "a", json_string(res->scenario->options[a].id));
        json_out_put(nomem, obj, "b", json_string(res->scenario->options[b].id));
        json_out_put(nomem, obj, "metrics",
                     metrics_json(nomem, &res->acc.diff[(size_t)p * N_METRICS], NULL));
        json_out_push(nomem, arr, obj);
    }
    return arr;
}

/* "inputs": the scenario's parameters as its file gives them, with their "# source:" notes,
 * for the report's table of assumptions (parameter 0, the table's placeholder, is left out, and
 * so are the events' uniforms, which are no key of the file). */
static json_t *inputs_json(bool *nomem, const struct da_scenario *scn)
{
    json_t *inputs = json_array();
    for (size_t i = 1; i < scn->n_params; i++) {
        const struct da_param *p = &scn->params[i];
        if (p->is_event)
            continue;
        json_t *in = json_object();
        char text[128];
        json_out_put(nomem, in, "path", json_string(p->path));
        json_out_put(nomem, in, "central", json_out_number(p->central));
        json_out_put(nomem, in, "uncertain", json_boolean(!dist_is_constant(&p->dist)));
        json_out_put(nomem, in, "distribution",
                     json_string(dist_is_constant(&p->dist)
                                     ? "constant"
                                     : dist_describe(&p->dist, text, sizeof text)));
        json_out_put(nomem, in, "default", json_boolean(p->is_default));
        json_out_put(nomem, in, "line", p->is_default ? json_null() : json_integer(p->at.line));
        json_out_put(nomem, in, "source", p->source ? json_string(p->source) : json_null());
        json_out_push(nomem, inputs, in);
    }
    return inputs;
}

/* The run's days: its check days, the day of each point of the weekly series, and with a
 * start_date, that date and the series' dates. */
static void calendar_json(bool *nomem, json_t *root, const struct da_results *res)
{
    const struct plan *plan = &res->plan;
    json_t *checks = json_array(), *days = json_array();
    for (int k = 0; k < plan->n_check; k++)
        json_out_push(nomem, checks, json_integer(plan->check_days[k]));
    json_out_put(nomem, root, "check_days", checks);
    for (int w = 0; w < plan->n_weeks; w++)
        json_out_push(nomem, days, json_integer(7 * w));
    json_out_put(nomem, root, "series_days", days);
    if (!res->scenario->has_start_date)
        return;
    json_out_put(nomem, root, "start_date", date_json(res, 0));
    json_t *dates = json_array();
    for (int w = 0; w < plan->n_weeks; w++)
        json_out_push(nomem, dates, date_json(res, 7 * w));
    json_out_put(nomem, root, "series_dates", dates);
}

/* "donors": [{id, name}], so that readers name donors as the scenario does: the scenario's
 * donors, then each country that pays for its own contingents ("self:COUNTRY"). */
static json_t *donors_json(bool *nomem, const struct plan *plan)
{
    json_t *arr = json_array();
    for (int d = 0; d < plan->n_payers; d++) {
        json_t *obj = json_object();
        json_out_put(nomem, obj, "id", json_string(plan->payer_ids[d]));
        json_out_put(nomem, obj, "name", json_string(plan->payer_names[d]));
        json_out_push(nomem, arr, obj);
    }
    return arr;
}

static json_t *results_json(bool *nomem, const struct da_results *res, const char *command_line)
{
    json_t *root = json_object();
    json_out_put(nomem, root, "dayafter", json_string(da_version()));
    json_out_put(nomem, root, "scenario", json_string(res->scenario->name));
    json_out_seed(nomem, root, res->seed);
    json_out_put(nomem, root, "replications", json_integer((json_int_t)res->replications));
    json_out_put(nomem, root, "horizon_days", json_integer(res->plan.horizon));
    json_out_put(nomem, root, "deterministic", json_boolean(res->deterministic));
    json_out_put(nomem, root, "run", run_json(nomem, res, command_line));
    json_out_put(nomem, root, "precision", mc_error_precision_json(nomem, res));
    calendar_json(nomem, root, res);
    json_out_put(nomem, root, "donors", donors_json(nomem, &res->plan));
    const char *note = res->scenario->security.requirement_note;
    json_out_put(nomem, root, "requirement_note", note ? json_string(note) : json_null());
    json_out_put(nomem, root, "requirement_series", requirement_json(nomem, res));
    json_t *options = json_array();
    for (int o = 0; o < res->plan.n_options; o++)
        json_out_push(nomem, options, option_json(nomem, res, o));
    json_out_put(nomem, root, "options", options);
    json_out_put(nomem, root, "milestones", milestones_json(nomem, res));
    json_out_put(nomem, root, "observed", observed_json(nomem, res));
    json_out_put(nomem, root, "differences", differences_json(nomem, res));
    json_out_put(nomem, root, "inputs", inputs_json(nomem, res->scenario));
    /* What each metric is, for readers that write or chart them (the report, the web
     * application): labels, units and formats from the one registry, metrics.c. */
    json_out_put(nomem, root, "metrics", metrics_registry_json(nomem, false));
    json_out_put(nomem, root, "area_metrics", metrics_registry_json(nomem, true));
    return root;
}

da_status da_results_write_json(const da_results *res, FILE *out, const char *command_line)
{
    if (!res || !out)
        return DA_ERR_USAGE;
    bool nomem = false;
    json_t *root = results_json(&nomem, res, command_line);
    return json_out_write(root, nomem, out);
}
