/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * test_output.c - the JSON and CSV writers (src/output/json.c, csv.c, quantiles.c): the shape
 * of what they write, nulls where a value does not exist, ranges, agreement between the two,
 * the same bytes for any number of threads, and failures (no directory, a full disk, memory).
 *
 * The engine's numbers are not checked here (test_reference does that): only structure,
 * ranges and consistency, which hold whatever the model computes.
 */
#include <dirent.h>
#include <jansson.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "engine/results.h"
#include "helpers.h"
#include "output/csv_row.h"
#include "output/format.h"
#include "util/alloc.h"

#define REPLICATIONS 50

static da_results *run_scenario(da_scenario *scn, uint64_t replications, int threads)
{
    da_run_options opt;
    da_run_options_init(&opt);
    opt.replications = replications;
    opt.threads = threads;
    da_results *res = NULL;
    assert_int_equal(da_run(scn, &opt, &res), DA_OK);
    return res;
}

static da_scenario *load_minimal(void)
{
    da_diags *diags;
    da_scenario *scn = NULL;
    assert_int_equal(load_string(minimal_scenario, &diags, &scn), DA_OK);
    da_diags_free(diags);
    return scn;
}

static da_scenario *load_format_example(void)
{
    da_diags *diags = da_diags_new();
    da_scenario *scn = NULL;
    assert_int_equal(da_scenario_load_file(data_path("example.yaml"), diags, &scn), DA_OK);
    da_diags_free(diags);
    return scn;
}

/* The JSON of 'res' as text (free() it), without the timing keys. */
static char *json_text(const da_results *res, const char *command_line)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    assert_non_null(f);
    assert_int_equal(da_results_write_json(res, f, command_line), DA_OK);
    assert_int_equal(fclose(f), 0);
    assert_true(len > 0 && buf[len - 1] == '\n');
    return buf;
}

static json_t *json_of(const da_results *res, const char *command_line)
{
    char *text = json_text(res, command_line);
    json_error_t err;
    json_t *root = json_loads(text, 0, &err);
    if (!root)
        print_error("line %d: %s\n", err.line, err.text);
    assert_non_null(root);
    free(text);
    return root;
}

static json_t *member(json_t *obj, const char *key)
{
    json_t *v = json_object_get(obj, key);
    if (!v)
        print_error("missing key \"%s\"\n", key);
    assert_non_null(v);
    return v;
}

/* A share: null, or a number in [0, 1]. Returns it, or NaN for null. */
static double share(json_t *obj, const char *key)
{
    json_t *v = member(obj, key);
    if (json_is_null(v))
        return (double)NAN;
    assert_true(json_is_number(v));
    double x = json_number_value(v);
    assert_true(x >= 0 && x <= 1);
    return x;
}

static bool is_number_or_null(json_t *v)
{
    return json_is_number(v) || json_is_null(v);
}

/* The keys of 'obj' are exactly 'keys' (NULL-terminated), in that order. */
static void check_key_order(json_t *obj, const char *const *keys)
{
    size_t i = 0;
    const char *key;
    json_t *v;
    json_object_foreach(obj, key, v)
    {
        assert_non_null(keys[i]);
        assert_string_equal(key, keys[i]);
        i++;
    }
    assert_null(keys[i]);
}

/* A headline figure's "mc_error": n values, a standard error of the mean that is not
 * negative (null below two values), and 95% intervals that hold their percentile (a side
 * null when the values are too few to bound it). */
static void check_mc_error(json_t *q)
{
    static const char *const keys[] = {"n",      "mean_se", "p10_lo", "p10_hi", "p50_lo",
                                       "p50_hi", "p90_lo",  "p90_hi", NULL};
    json_t *mc = member(q, "mc_error");
    check_key_order(mc, keys);
    json_int_t n = json_integer_value(member(mc, "n"));
    assert_true(json_is_integer(member(mc, "n")) && n >= 1);
    json_t *se = member(mc, "mean_se");
    assert_true(n < 2 ? json_is_null(se) : json_number_value(se) >= 0);
    static const char *const levels[] = {"p10", "p50", "p90"};
    for (int i = 0; i < 3; i++) {
        char lo[16], hi[16];
        snprintf(lo, sizeof lo, "%s_lo", levels[i]);
        snprintf(hi, sizeof hi, "%s_hi", levels[i]);
        double p = json_number_value(member(q, levels[i]));
        json_t *l = member(mc, lo), *h = member(mc, hi);
        assert_true(is_number_or_null(l) && is_number_or_null(h));
        assert_true(json_is_null(l) || json_number_value(l) <= p);
        assert_true(json_is_null(h) || p <= json_number_value(h));
    }
}

/* Q: null, or {"mean", "p10", "p50", "p90"} with p10 <= p50 <= p90, then "date" where the
 * scenario has a start date and the quantity is a day, and "mc_error" for a headline figure
 * ('headline'). */
static void check_quantiles_of(json_t *q, bool headline)
{
    if (json_is_null(q))
        return;
    assert_true(json_is_object(q));
    size_t extra = (json_object_get(q, "date") != NULL ? 1u : 0u) + (headline ? 1u : 0u);
    assert_int_equal(json_object_size(q), 4 + extra);
    static const char *const keys[] = {"mean", "p10", "p50", "p90"};
    for (int i = 0; i < 4; i++)
        assert_true(is_number_or_null(member(q, keys[i])));
    double p10 = json_number_value(member(q, "p10"));
    double p50 = json_number_value(member(q, "p50"));
    double p90 = json_number_value(member(q, "p90"));
    assert_true(p10 <= p50 && p50 <= p90);
    if (headline)
        check_mc_error(q);
}

static void check_quantiles(json_t *q)
{
    check_quantiles_of(q, false);
}

/* {NAME: Q} with exactly the 13 metrics of docs/model.md section 8, in order, each a
 * headline figure with its Monte Carlo error. */
static void check_metrics(json_t *metrics)
{
    assert_int_equal(json_object_size(metrics), N_METRICS);
    int m = 0;
    const char *key;
    json_t *q;
    json_object_foreach(metrics, key, q)
    {
        assert_string_equal(key, metric_names[m++]);
        check_quantiles_of(q, true);
    }
}

/* An array of 'n' numbers or nulls. */
static void check_number_array(json_t *arr, int n)
{
    assert_true(json_is_array(arr));
    assert_int_equal(json_array_size(arr), (size_t)n);
    for (int i = 0; i < n; i++)
        assert_true(is_number_or_null(json_array_get(arr, (size_t)i)));
}

/* "series": days 0, 7, ... and, per metric and area, three arrays of one value a week, with
 * p10 <= p50 <= p90 week by week. */
static void check_series(json_t *series, const da_results *res)
{
    const struct plan *plan = &res->plan;
    json_t *day = member(series, "day");
    assert_int_equal(json_array_size(day), (size_t)plan->n_weeks);
    for (int w = 0; w < plan->n_weeks; w++)
        assert_int_equal(json_integer_value(json_array_get(day, (size_t)w)), 7 * w);
    assert_int_equal(json_object_size(series), 1 + N_SERIES);
    for (int k = 0; k < N_SERIES; k++) {
        json_t *by_area = member(series, series_names[k]);
        assert_int_equal(json_object_size(by_area), (size_t)plan->n_areas);
        for (int a = 0; a < plan->n_areas; a++) {
            json_t *q = member(by_area, res->scenario->areas[a].id);
            json_t *p10 = member(q, "p10"), *p50 = member(q, "p50"), *p90 = member(q, "p90");
            check_number_array(p10, plan->n_weeks);
            check_number_array(p50, plan->n_weeks);
            check_number_array(p90, plan->n_weeks);
            for (size_t w = 0; w < (size_t)plan->n_weeks; w++) {
                double lo = json_number_value(json_array_get(p10, w));
                double mid = json_number_value(json_array_get(p50, w));
                assert_true(lo <= mid && mid <= json_number_value(json_array_get(p90, w)));
            }
        }
    }
}

/* "areas": one entry per area, in scenario order, with each area metric on the last day. */
static void check_areas(json_t *areas, const da_results *res)
{
    assert_int_equal(json_array_size(areas), (size_t)res->plan.n_areas);
    for (int a = 0; a < res->plan.n_areas; a++) {
        json_t *area = json_array_get(areas, (size_t)a);
        assert_string_equal(json_string_value(member(area, "id")), res->scenario->areas[a].id);
        assert_string_equal(json_string_value(member(area, "name")), res->scenario->areas[a].name);
        assert_int_equal(json_object_size(area), 2 + N_AREA_METRICS);
        for (int m = 0; m < N_AREA_METRICS; m++) {
            char key[64];
            snprintf(key, sizeof key, "%s_end", area_metric_names[m]);
            json_t *q = member(area, key);
            check_quantiles(q);
            assert_false(json_is_null(q)); /* every replication ends */
        }
    }
}

/* The shares of an option, and the nulls that follow from them. */
static void check_shares(json_t *opt, const da_results *res)
{
    json_t *metrics = member(opt, "metrics");
    double p_start = share(opt, "p_start");
    double p_ioc = share(opt, "p_ioc");
    assert_false(isnan(p_start) || isnan(p_ioc));
    /* start_day and ioc_day are over the replications that get there: none, no quantiles. */
    assert_int_equal(json_is_null(member(metrics, "start_day")), p_start == 0);
    assert_int_equal(json_is_null(member(metrics, "ioc_day")), p_ioc == 0);
    /* p_deployed_by: the contract's days and the run's check days, ascending, each null
     * exactly when it is not within the horizon. */
    json_t *by = member(opt, "p_deployed_by");
    char names[PLAN_MAX_TRACKED][16];
    const char *days[PLAN_MAX_TRACKED + 1];
    for (int k = 0; k < res->plan.n_tracked; k++) {
        snprintf(names[k], sizeof names[k], "%d", res->plan.tracked_days[k]);
        days[k] = names[k];
        assert_int_equal(isnan(share(by, days[k])), res->plan.tracked_days[k] >= res->plan.horizon);
    }
    days[res->plan.n_tracked] = NULL;
    check_key_order(by, days);
    /* Their standard errors, sqrt(p (1 - p) / n) by hand from the shares as written (to
     * their 10 digits), null exactly where the share is. */
    json_t *mc = member(opt, "mc_error");
    double n = (double)res->replications;
    assert_near(json_number_value(member(mc, "p_start_se")), sqrt(p_start * (1 - p_start) / n),
                1e-9);
    assert_near(json_number_value(member(mc, "p_ioc_se")), sqrt(p_ioc * (1 - p_ioc) / n), 1e-9);
    json_t *by_se = member(mc, "p_deployed_by_se");
    check_key_order(by_se, days);
    for (int k = 0; k < res->plan.n_tracked; k++) {
        double p = share(by, days[k]);
        json_t *se = member(by_se, days[k]);
        if (isnan(p))
            assert_true(json_is_null(se));
        else
            assert_near(json_number_value(se), sqrt(p * (1 - p) / n), 1e-9);
    }
    for (int k = 0; k < N_CONTRACT_DAYS; k++)
        assert_true(plan_tracked_index(&res->plan, plan_contract_days[k]) >= 0);
    for (int k = 0; k < res->plan.n_check; k++)
        assert_true(res->plan.check_days[k] < res->plan.horizon);
    json_t *crit = member(opt, "criticality");
    assert_int_equal(json_object_size(crit), (size_t)res->plan.n_milestones);
    for (int m = 0; m < res->plan.n_milestones; m++)
        assert_int_equal(isnan(share(crit, res->scenario->milestones[m].id)), p_start == 0);
}

/* "why_short": the tracked days as p_deployed_by has them; within the horizon, the reasons'
 * shares sum to "short", which is 1 - p_deployed_by, and the milestones that held the option
 * back sum to the not_started share (docs/model.md section 9.6); null past the horizon. */
static void check_why_short(json_t *opt, const da_results *res)
{
    static const char *const keys[] = {"short",  "not_started", "money",   "pipeline",
                                       "supply", "attrition",   "held_by", NULL};
    json_t *why = member(opt, "why_short"), *by = member(opt, "p_deployed_by");
    assert_int_equal(json_object_size(why), (size_t)res->plan.n_tracked);
    for (int k = 0; k < res->plan.n_tracked; k++) {
        char day[16];
        snprintf(day, sizeof day, "%d", res->plan.tracked_days[k]);
        json_t *at = member(why, day);
        if (res->plan.tracked_days[k] >= res->plan.horizon) {
            assert_true(json_is_null(at));
            continue;
        }
        check_key_order(at, keys);
        double reasons = 0, held = 0;
        for (int r = 1; r <= N_SHORT_REASONS; r++)
            reasons += share(at, keys[r]);
        const char *id;
        json_t *v;
        json_object_foreach(member(at, "held_by"), id, v)
        {
            assert_true(json_real_value(v) > 0);
            held += json_real_value(v);
        }
        assert_near(reasons, share(at, "short"), 1e-9);
        assert_near(share(at, "short") + share(by, day), 1, 1e-9);
        assert_near(held, share(at, "not_started"), 1e-9);
    }
}

static void check_option(json_t *opt, const da_results *res, int o)
{
    static const char *const keys[] = {
        "id",        "name",   "metrics",  "p_start",     "p_ioc",         "p_deployed_by",
        "why_short", "p_half", "mc_error", "criticality", "cost_by_donor", "cost_by_purpose",
        "areas",     "series", NULL};
    check_key_order(opt, keys);
    assert_string_equal(json_string_value(member(opt, "id")), res->scenario->options[o].id);
    assert_string_equal(json_string_value(member(opt, "name")), res->scenario->options[o].name);
    check_metrics(member(opt, "metrics"));
    check_shares(opt, res);
    check_why_short(opt, res);
    json_t *donors = member(opt, "cost_by_donor");
    assert_int_equal(json_object_size(donors), (size_t)res->plan.n_payers);
    for (int d = 0; d < res->plan.n_payers; d++)
        check_quantiles(member(donors, res->plan.payer_ids[d]));
    static const char *const purposes[] = {"security", "humanitarian", "reconstruction", NULL};
    json_t *by_purpose = member(opt, "cost_by_purpose");
    check_key_order(by_purpose, purposes);
    for (int p = 0; p < N_POOL_PURPOSES; p++)
        check_quantiles(member(by_purpose, purposes[p]));
    check_areas(member(opt, "areas"), res);
    check_series(member(opt, "series"), res);
}

static void check_milestones(json_t *milestones, const da_results *res)
{
    assert_int_equal(json_array_size(milestones), (size_t)res->plan.n_milestones);
    for (int m = 0; m < res->plan.n_milestones; m++) {
        json_t *ms = json_array_get(milestones, (size_t)m);
        assert_string_equal(json_string_value(member(ms, "id")), res->scenario->milestones[m].id);
        double p = share(ms, "p_reached");
        json_t *day = member(ms, "day");
        check_quantiles(day);
        assert_int_equal(json_is_null(day), p == 0);
        /* Lapses (section 9.2): quantiles exactly when some replication has one. */
        assert_int_equal(json_is_null(member(ms, "lapse_day")), share(ms, "p_lapsed") == 0);
        assert_int_equal(json_is_null(member(ms, "recovery_day")), share(ms, "p_recovered") == 0);
        assert_true(share(ms, "p_recovered") <= share(ms, "p_lapsed"));
    }
}

/* One entry per pair a < b, in results_pair order, b minus a. */
static void check_differences(json_t *differences, const da_results *res)
{
    int n = res->plan.n_options;
    assert_int_equal(json_array_size(differences), (size_t)(n * (n - 1) / 2));
    for (int p = 0; p < n * (n - 1) / 2; p++) {
        int a, b;
        results_pair(n, p, &a, &b);
        json_t *d = json_array_get(differences, (size_t)p);
        assert_string_equal(json_string_value(member(d, "a")), res->scenario->options[a].id);
        assert_string_equal(json_string_value(member(d, "b")), res->scenario->options[b].id);
        check_metrics(member(d, "metrics"));
    }
}

/* The metrics' registry: one entry per metric, in the order of 'ids', each with its label,
 * unit, a format that web/format.js knows, a description and which direction is better. */
static void check_registry(json_t *list, const char *const *ids, int n)
{
    static const char *const keys[] = {"id",          "label",  "unit", "format",
                                       "description", "better", NULL};
    assert_int_equal(json_array_size(list), (size_t)n);
    for (int m = 0; m < n; m++) {
        json_t *entry = json_array_get(list, (size_t)m);
        check_key_order(entry, keys);
        assert_string_equal(json_string_value(member(entry, "id")), ids[m]);
        assert_true(fmt_style_of(json_string_value(member(entry, "format"))) >= 0);
        const char *better = json_string_value(member(entry, "better"));
        assert_true(strcmp(better, "lower") == 0 || strcmp(better, "higher") == 0 ||
                    strcmp(better, "none") == 0);
        assert_true(strlen(json_string_value(member(entry, "label"))) > 2);
        assert_true(strlen(json_string_value(member(entry, "description"))) > 20);
    }
}

/* Everything that holds for any scenario. */
static void check_document(json_t *root, const da_results *res)
{
    static const char *const keys[] = {"dayafter",
                                       "scenario",
                                       "seed",
                                       "replications",
                                       "horizon_days",
                                       "deterministic",
                                       "run",
                                       "precision",
                                       "check_days",
                                       "series_days",
                                       "donors",
                                       "requirement_note",
                                       "requirement_series",
                                       "options",
                                       "milestones",
                                       "observed",
                                       "differences",
                                       "inputs",
                                       "metrics",
                                       "area_metrics",
                                       NULL};
    check_key_order(root, keys);
    assert_true(json_is_null(member(root, "precision"))); /* a run of a fixed count */
    assert_string_equal(json_string_value(member(root, "dayafter")), da_version());
    assert_string_equal(json_string_value(member(root, "scenario")),
                        da_scenario_name(res->scenario));
    assert_int_equal(json_integer_value(member(root, "seed")), res->seed);
    assert_int_equal(json_integer_value(member(root, "replications")), res->replications);
    assert_int_equal(json_integer_value(member(root, "horizon_days")), res->plan.horizon);
    assert_true(json_is_false(member(root, "deterministic")));
    json_t *options = member(root, "options");
    assert_int_equal(json_array_size(options), (size_t)res->plan.n_options);
    for (int o = 0; o < res->plan.n_options; o++)
        check_option(json_array_get(options, (size_t)o), res, o);
    check_milestones(member(root, "milestones"), res);
    check_differences(member(root, "differences"), res);
    check_registry(member(root, "metrics"), metric_names, N_METRICS);
    check_registry(member(root, "area_metrics"), area_metric_names, N_AREA_METRICS);
}

static void test_output_json_minimal(void **state)
{
    (void)state;
    unsetenv("DAYAFTER_JSON_TIMING");
    da_scenario *scn = load_minimal();
    da_results *res = run_scenario(scn, REPLICATIONS, 1);
    json_t *root = json_of(res, "dayafter run t.yaml");
    check_document(root, res);
    /* Without DAYAFTER_JSON_TIMING, the run's metadata is the command line alone. */
    static const char *const run_keys[] = {"command_line", NULL};
    check_key_order(member(root, "run"), run_keys);
    assert_string_equal(json_string_value(member(member(root, "run"), "command_line")),
                        "dayafter run t.yaml");
    /* A 100-day horizon: nothing on day 180 or 365, 15 weeks of series. */
    json_t *opt = json_array_get(member(root, "options"), 0);
    json_t *metrics = member(opt, "metrics");
    assert_true(json_is_null(member(metrics, "deployed_day365")));
    assert_true(json_is_null(member(metrics, "coverage_min_day365")));
    assert_false(json_is_null(member(metrics, "deployed_end")));
    assert_false(json_is_null(member(metrics, "cost_total_usd")));
    json_t *by = member(opt, "p_deployed_by");
    assert_true(json_is_number(member(by, "90")));
    assert_true(json_is_null(member(by, "180")) && json_is_null(member(by, "365")));
    assert_int_equal(json_array_size(member(member(opt, "series"), "day")), 15);
    assert_int_equal(json_array_size(member(root, "differences")), 0);
    json_decref(root);
    da_results_free(res);
    da_scenario_free(scn);
}

static void test_output_json_format_example(void **state)
{
    (void)state;
    unsetenv("DAYAFTER_JSON_TIMING");
    da_scenario *scn = load_format_example();
    da_results *res = run_scenario(scn, REPLICATIONS, 1);
    json_t *root = json_of(res, NULL);
    check_document(root, res);
    assert_true(json_is_null(member(member(root, "run"), "command_line")));
    assert_true(res->plan.n_options >= 2);
    /* A 730-day horizon: every check day is simulated. */
    json_t *options = member(root, "options");
    for (size_t o = 0; o < json_array_size(options); o++) {
        json_t *by = member(json_array_get(options, o), "p_deployed_by");
        assert_true(json_is_number(member(by, "365")));
    }
    json_decref(root);
    da_results_free(res);
    da_scenario_free(scn);
}

/* DAYAFTER_JSON_TIMING=1 adds threads, seconds and the date to "run", in that order. */
static void test_output_json_timing(void **state)
{
    (void)state;
    da_scenario *scn = load_minimal();
    da_results *res = run_scenario(scn, REPLICATIONS, 1);
    assert_int_equal(setenv("DAYAFTER_JSON_TIMING", "1", 1), 0);
    json_t *root = json_of(res, NULL);
    unsetenv("DAYAFTER_JSON_TIMING");
    json_t *run = member(root, "run");
    static const char *const keys[] = {"threads", "seconds", "command_line", "date", NULL};
    check_key_order(run, keys);
    assert_int_equal(json_integer_value(member(run, "threads")), 1);
    assert_true(json_number_value(member(run, "seconds")) >= 0);
    const char *date = json_string_value(member(run, "date"));
    assert_non_null(date);
    int y, mo, d, h, mi, s;
    char z;
    assert_int_equal(sscanf(date, "%4d-%2d-%2dT%2d:%2d:%2d%c", &y, &mo, &d, &h, &mi, &s, &z), 7);
    assert_int_equal(strlen(date), 20);
    assert_int_equal(z, 'Z');
    json_decref(root);
    da_results_free(res);
    da_scenario_free(scn);
}

/* The contract: same seed, same scenario, the same bytes whatever the number of threads.
 * Enough replications that the sketches switch to histograms, whose merge is the subtle
 * part. */
static void test_output_json_same_bytes_any_threads(void **state)
{
    (void)state;
    unsetenv("DAYAFTER_JSON_TIMING");
    da_scenario *scn = load_format_example();
    da_results *one = run_scenario(scn, 200, 1);
    da_results *four = run_scenario(scn, 200, 4);
    char *a = json_text(one, "x"), *b = json_text(four, "x");
    assert_string_equal(a, b);
    free(a);
    free(b);
    da_results_free(one);
    da_results_free(four);
    da_scenario_free(scn);
}

/* Command-line arguments are bytes: invalid UTF-8 becomes U+FFFD instead of failing. */
static void test_output_json_command_line_not_utf8(void **state)
{
    (void)state;
    da_scenario *scn = load_minimal();
    da_results *res = run_scenario(scn, 1, 1);
    json_t *root = json_of(res, "dayafter run caf\xE9.yaml \xC3\xA9");
    assert_string_equal(json_string_value(member(member(root, "run"), "command_line")),
                        "dayafter run caf\xEF\xBF\xBD.yaml \xC3\xA9");
    json_decref(root);
    da_results_free(res);
    da_scenario_free(scn);
}

/* A seed past INT64_MAX, which a JSON integer in jansson cannot hold: rounded in "seed", exact
 * in "seed_decimal". */
static void test_output_json_huge_seed(void **state)
{
    (void)state;
    da_scenario *scn = load_minimal();
    da_run_options opt;
    da_run_options_init(&opt);
    opt.replications = 1;
    opt.threads = 1;
    opt.use_seed = 1;
    opt.seed = UINT64_MAX;
    da_results *res;
    assert_int_equal(da_run(scn, &opt, &res), DA_OK);
    json_t *root = json_of(res, NULL);
    assert_true(json_is_real(member(root, "seed")));
    assert_near(json_real_value(member(root, "seed")), 18446744073709551615.0, 1e10);
    assert_string_equal(json_string_value(member(root, "seed_decimal")), "18446744073709551615");
    json_decref(root);
    da_results_free(res);
    da_scenario_free(scn);
}

/* Writes the JSON of 'res' to 'path' (under the build directory, where it stays to be
 * looked at). */
static void write_json_file(const da_results *res, const char *path)
{
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    assert_int_equal(da_results_write_json(res, f, "test_output"), DA_OK);
    assert_int_equal(fclose(f), 0);
}

/* Validates the JSON files against docs/schema/run-output.schema.json with Debian's
 * python3-jsonschema; skipped where that is missing. /usr/bin/python3 explicitly: the python3
 * first on PATH may be another one, without the module. */
static void test_output_json_schema(void **state)
{
    (void)state;
    if (access("/usr/bin/python3", X_OK) != 0 ||
        system("/usr/bin/python3 -c 'import jsonschema' >/dev/null 2>&1") != 0) {
        print_message("python3-jsonschema not installed: schema not checked\n");
        skip();
    }
    unsetenv("DAYAFTER_JSON_TIMING");
    const char *schema = source_path("docs/schema/run-output.schema.json");
    assert_true(access(schema, R_OK) == 0);
    assert_null(strchr(schema, '\''));
    da_scenario *scns[2] = {load_minimal(), load_format_example()};
    /* In /tmp, not where the test runs from: a run from the source tree leaves nothing. */
    char files[2][64];
    snprintf(files[0], sizeof files[0], "/tmp/test_output-%d-minimal.json", (int)getpid());
    snprintf(files[1], sizeof files[1], "/tmp/test_output-%d-example.json", (int)getpid());
    for (int i = 0; i < 2; i++) {
        da_results *res = run_scenario(scns[i], REPLICATIONS, 1);
        write_json_file(res, files[i]);
        da_results_free(res);
        char cmd[2048];
        snprintf(cmd, sizeof cmd,
                 "/usr/bin/python3 -c 'import json, jsonschema, sys; "
                 "jsonschema.validate(json.load(open(sys.argv[1])), json.load(open(sys.argv[2])))'"
                 " '%s' '%s'",
                 files[i], schema);
        int rc = system(cmd);
        if (rc != 0)
            print_error("%s does not follow %s\n", files[i], schema);
        else
            remove(files[i]);
        assert_int_equal(rc, 0);
        da_scenario_free(scns[i]);
    }
}

static const char *const csv_files[] = {
    "metrics.csv", "milestones.csv",  "criticality.csv", "why_short.csv",
    "held_by.csv", "donors.csv",      "purposes.csv",    "areas.csv",
    "series.csv",  "requirement.csv", "observed.csv",    "differences.csv",
};
#define N_CSV (sizeof csv_files / sizeof csv_files[0])

static char *temp_dir(void)
{
    static char dir[64];
    snprintf(dir, sizeof dir, "/tmp/test_output-XXXXXX");
    assert_non_null(mkdtemp(dir));
    return dir;
}

static const char *in_dir(const char *dir, const char *file)
{
    static char path[256];
    snprintf(path, sizeof path, "%s/%s", dir, file);
    return path;
}

/* How many entries 'dir' holds, besides . and .. */
static int dir_entries(const char *dir)
{
    DIR *d = opendir(dir);
    assert_non_null(d);
    int n = 0;
    for (const struct dirent *e = readdir(d); e; e = readdir(d))
        n += strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0;
    closedir(d);
    return n;
}

static void remove_dir(const char *dir)
{
    for (size_t i = 0; i < N_CSV; i++)
        unlink(in_dir(dir, csv_files[i]));
    assert_int_equal(rmdir(dir), 0);
}

/* The text of dir/file (free() it), after checking that its first line is 'header' and that
 * every line is complete and has as many fields as the header. *rows: the lines after it. */
static char *csv_table(const char *dir, const char *file, const char *header, size_t *rows)
{
    char *text = read_text_file(in_dir(dir, file), NULL);
    assert_non_null(text);
    size_t hlen = strlen(header);
    if (strncmp(text, header, hlen) != 0 || text[hlen] != '\n')
        print_error("%s: header is not %s\n", file, header);
    assert_true(strncmp(text, header, hlen) == 0 && text[hlen] == '\n');
    int fields = 1;
    for (const char *h = header; *h; h++)
        fields += *h == ',';
    /* Ids and metric names need no quoting, so a field count is a comma count. */
    assert_null(strchr(text, '"'));
    *rows = 0;
    for (const char *line = text + hlen + 1; *line; (*rows)++) {
        const char *end = strchr(line, '\n');
        assert_non_null(end);
        int n = 1;
        for (const char *c = line; c < end; c++)
            n += *c == ',';
        assert_int_equal(n, fields);
        line = end + 1;
    }
    return text;
}

static void check_rows(const char *dir, const char *file, const char *header, size_t expected)
{
    size_t rows;
    free(csv_table(dir, file, header, &rows));
    if (rows != expected)
        print_error("%s: %zu rows, expected %zu\n", file, rows, expected);
    assert_int_equal(rows, expected);
}

/* The first line of dir/file that starts with 'prefix', without its newline (in a static
 * buffer); fails the test when there is none. */
static const char *csv_line(const char *dir, const char *file, const char *prefix)
{
    static char line[512];
    char *text = read_text_file(in_dir(dir, file), NULL);
    assert_non_null(text);
    char key[256];
    snprintf(key, sizeof key, "\n%s", prefix);
    const char *at = strstr(text, key);
    if (!at)
        print_error("%s: no line starts with %s\n", file, prefix);
    assert_non_null(at);
    snprintf(line, sizeof line, "%.*s", (int)strcspn(at + 1, "\n"), at + 1);
    free(text);
    return line;
}

/* Every table, with one row per option and metric (area, milestone, donor, week, pair). */
static void check_csv_tables(const char *dir, const da_results *res)
{
    const struct plan *pl = &res->plan;
    size_t opts = (size_t)pl->n_options, ms = (size_t)pl->n_milestones;
    size_t areas = (size_t)pl->n_areas, pairs = (size_t)res->acc.n_pairs;
    check_rows(dir, "metrics.csv", "option,metric,mean,p10,p50,p90,n,unit",
               opts * (N_METRICS + 3 + (size_t)pl->n_tracked));
    check_rows(dir, "milestones.csv",
               "milestone,p_reached,mean,p10,p50,p90,date_p10,date_p50,date_p90,p_lapsed,"
               "lapse_p50,p_recovered,recovery_p50",
               ms);
    check_rows(dir, "criticality.csv", "option,milestone,criticality", opts * ms);
    size_t within = 0;
    for (int k = 0; k < pl->n_tracked; k++)
        within += pl->tracked_days[k] < pl->horizon;
    check_rows(dir, "why_short.csv", "option,day,reason,share", opts * within * N_SHORT_REASONS);
    size_t held = 0;
    for (int o = 0; o < pl->n_options; o++)
        for (int k = 0; k < pl->n_tracked; k++)
            for (int m = 0; pl->tracked_days[k] < pl->horizon && m < pl->n_milestones; m++)
                held += res->acc.options[o].held_by[(size_t)k * ms + (size_t)m] > 0;
    check_rows(dir, "held_by.csv", "option,day,milestone,share", held);
    check_rows(dir, "donors.csv", "option,donor,mean,p10,p50,p90,unit",
               opts * (size_t)pl->n_payers);
    check_rows(dir, "purposes.csv", "option,purpose,mean,p10,p50,p90,unit", opts * N_POOL_PURPOSES);
    check_rows(dir, "areas.csv", "option,area,metric,mean,p10,p50,p90,unit",
               opts * areas * N_AREA_METRICS);
    check_rows(dir, "series.csv", "option,area,metric,day,p10,p50,p90,unit,date",
               opts * areas * N_SERIES * (size_t)pl->n_weeks);
    check_rows(dir, "requirement.csv", "area,day,p10,p50,p90,unit,date",
               (areas + 1) * (size_t)pl->n_weeks);
    check_rows(dir, "observed.csv",
               "kind,quantity,option,area,from,day,date,value,min,max,out_of_sample,n,p10,p25,"
               "p50,p75,p90,percentile,inside_80,inside_50,crps,source",
               (size_t)pl->n_observed);
    check_rows(dir, "differences.csv", "a,b,metric,mean,p10,p50,p90,unit", pairs * N_METRICS);
    /* Only the tables: no temporary file is left behind. */
    assert_int_equal(dir_entries(dir), (int)N_CSV);
}

/* metrics.csv agrees with the accumulators: the p_start row, n of start_day, which is over
 * the replications that start, and the p_half row, a share of those (empty, n 0, when none
 * starts). */
static void check_csv_counts(const char *dir, const da_results *res)
{
    for (int o = 0; o < res->plan.n_options; o++) {
        const char *id = res->scenario->options[o].id;
        const struct option_acc *oa = &res->acc.options[o];
        char prefix[128], want[256];
        snprintf(prefix, sizeof prefix, "%s,p_start,", id);
        snprintf(want, sizeof want, "%s%.10g,,,,%llu,share", prefix,
                 (double)oa->started / (double)res->replications,
                 (unsigned long long)res->replications);
        assert_string_equal(csv_line(dir, "metrics.csv", prefix), want);
        snprintf(prefix, sizeof prefix, "%s,start_day,", id);
        snprintf(want, sizeof want, ",%llu,day", (unsigned long long)oa->started);
        const char *line = csv_line(dir, "metrics.csv", prefix);
        assert_true(strlen(line) > strlen(want));
        assert_string_equal(line + strlen(line) - strlen(want), want);
        snprintf(prefix, sizeof prefix, "%s,p_half,", id);
        if (oa->started)
            snprintf(want, sizeof want, "%s%.10g,,,,%llu,share", prefix,
                     (double)oa->half / (double)oa->started, (unsigned long long)oa->started);
        else
            snprintf(want, sizeof want, "%s,,,,0,share", prefix);
        assert_string_equal(csv_line(dir, "metrics.csv", prefix), want);
    }
}

static void test_output_csv_format_example(void **state)
{
    (void)state;
    da_scenario *scn = load_format_example();
    da_results *res = run_scenario(scn, REPLICATIONS, 1);
    const char *dir = temp_dir();
    assert_int_equal(da_results_write_csv(res, dir), DA_OK);
    check_csv_tables(dir, res);
    check_csv_counts(dir, res);
    /* Written again over the old tables: the same, with nothing left over. */
    assert_int_equal(da_results_write_csv(res, dir), DA_OK);
    check_csv_tables(dir, res);
    remove_dir(dir);
    da_results_free(res);
    da_scenario_free(scn);
}

/* The tables one at a time: as many as the directory holds, named as its files, each the
 * same bytes as its file; an index past the last and a full disk are refused. */
static void test_output_csv_one_table_at_a_time(void **state)
{
    (void)state;
    da_scenario *scn = load_format_example();
    da_results *res = run_scenario(scn, REPLICATIONS, 1);
    const char *dir = temp_dir();
    assert_int_equal(da_results_write_csv(res, dir), DA_OK);
    assert_int_equal(da_csv_table_count(), N_CSV);
    assert_int_equal(dir_entries(dir), (int)N_CSV);
    for (size_t i = 0; i < da_csv_table_count(); i++) {
        const char *name = da_csv_table_name(i);
        assert_non_null(name);
        char *text = NULL;
        size_t len = 0;
        FILE *mem = open_memstream(&text, &len);
        assert_non_null(mem);
        assert_int_equal(da_results_write_csv_table(res, i, mem), DA_OK);
        assert_int_equal(fclose(mem), 0);
        size_t file_len = 0;
        char *file = read_text_file(in_dir(dir, name), &file_len);
        assert_non_null(file);
        assert_int_equal(len, file_len);
        assert_memory_equal(text, file, len);
        free(file);
        free(text);
    }
    assert_null(da_csv_table_name(da_csv_table_count()));
    assert_int_equal(da_results_write_csv_table(res, da_csv_table_count(), stdout), DA_ERR_USAGE);
    assert_int_equal(da_results_write_csv_table(NULL, 0, stdout), DA_ERR_USAGE);
    assert_int_equal(da_results_write_csv_table(res, 0, NULL), DA_ERR_USAGE);
    FILE *full = fopen("/dev/full", "w");
    if (full) {
        assert_int_equal(da_results_write_csv_table(res, 0, full), DA_ERR_IO);
        fclose(full);
    }
    remove_dir(dir);
    da_results_free(res);
    da_scenario_free(scn);
}

static void test_output_csv_minimal(void **state)
{
    (void)state;
    da_scenario *scn = load_minimal();
    da_results *res = run_scenario(scn, REPLICATIONS, 1);
    const char *dir = temp_dir();
    assert_int_equal(da_results_write_csv(res, dir), DA_OK);
    check_csv_tables(dir, res);
    check_csv_counts(dir, res);
    /* What does not exist is empty: day 365 and the later check days past a 100-day horizon;
     * n counts the values behind a row, 0 here. */
    assert_string_equal(csv_line(dir, "metrics.csv", "o,deployed_day365,"),
                        "o,deployed_day365,,,,,0,persons");
    assert_string_equal(csv_line(dir, "metrics.csv", "o,p_deployed_by_180,"),
                        "o,p_deployed_by_180,,,,,0,share");
    assert_string_equal(csv_line(dir, "metrics.csv", "o,p_deployed_by_365,"),
                        "o,p_deployed_by_365,,,,,0,share");
    /* The 15 weeks of a 100-day horizon end on day 98. */
    csv_line(dir, "series.csv", "o,a,displaced,98,");
    csv_line(dir, "criticality.csv", "o,go,");
    remove_dir(dir);
    da_results_free(res);
    da_scenario_free(scn);
}

static void test_output_bad_arguments_and_io(void **state)
{
    (void)state;
    da_scenario *scn = load_minimal();
    da_results *res = run_scenario(scn, 1, 1);
    assert_int_equal(da_results_write_json(NULL, stdout, NULL), DA_ERR_USAGE);
    assert_int_equal(da_results_write_json(res, NULL, NULL), DA_ERR_USAGE);
    assert_int_equal(da_results_write_csv(NULL, "/tmp"), DA_ERR_USAGE);
    assert_int_equal(da_results_write_csv(res, NULL), DA_ERR_USAGE);
    assert_int_equal(da_results_write_csv(res, ""), DA_ERR_USAGE);
    assert_int_equal(da_results_write_csv(res, "/nonexistent-dayafter-dir/out"), DA_ERR_IO);
    /* A full disk: the flush inside the writer reports it. */
    FILE *full = fopen("/dev/full", "w");
    if (full) {
        assert_int_equal(da_results_write_json(res, full, NULL), DA_ERR_IO);
        fclose(full);
    }
    da_results_free(res);
    da_scenario_free(scn);
}

/* jansson's allocations, made to fail from the 'json_fail_at'-th on. */
static unsigned long json_allocs, json_fail_at;

static void *failing_malloc(size_t size)
{
    return ++json_allocs >= json_fail_at ? NULL : malloc(size);
}

/* Every allocation of the JSON writer can fail, and then it returns DA_ERR_NOMEM without
 * writing anything (the ASan build checks that nothing leaks). */
static void test_output_json_out_of_memory(void **state)
{
    (void)state;
    unsetenv("DAYAFTER_JSON_TIMING");
    da_scenario *scn = load_minimal();
    da_results *res = run_scenario(scn, REPLICATIONS, 1);
    FILE *sink = fopen("/dev/null", "w");
    assert_non_null(sink);
    unsigned long n;
    for (n = 1;; n++) {
        json_allocs = 0;
        json_fail_at = n;
        json_set_alloc_funcs(failing_malloc, free);
        da_status st = da_results_write_json(res, sink, "cmd");
        json_set_alloc_funcs(malloc, free);
        if (st == DA_OK && json_allocs < n)
            break; /* no allocation failed: every one has been tried */
        assert_int_equal(st, DA_ERR_NOMEM);
    }
    assert_true(n > 100);
    /* The command line's cleaned copy is the library's own allocation. */
    da_alloc_fail_after(1);
    assert_int_equal(da_results_write_json(res, sink, "cmd"), DA_ERR_NOMEM);
    assert_int_equal(da_results_write_json(res, sink, NULL), DA_OK);
    da_alloc_fail_after(0);
    fclose(sink);
    da_results_free(res);
    da_scenario_free(scn);
}

static void test_output_csv_out_of_memory(void **state)
{
    (void)state;
    da_scenario *scn = load_minimal();
    da_results *res = run_scenario(scn, 1, 1);
    const char *dir = temp_dir();
    da_alloc_fail_after(1);
    da_status st = da_results_write_csv(res, dir);
    da_alloc_fail_after(0);
    assert_int_equal(st, DA_ERR_NOMEM);
    assert_int_equal(dir_entries(dir), 0);
    remove_dir(dir);
    da_results_free(res);
    da_scenario_free(scn);
}

/* How many times 'needle' occurs in 'hay'. */
static int occurrences(const char *hay, const char *needle)
{
    int n = 0;
    for (const char *at = strstr(hay, needle); at; at = strstr(at + 1, needle))
        n++;
    return n;
}

/*
 * The report page holds the results as JSON inside a <script> element: text in the results
 * that would end the element ("</script>") or open an HTML comment ("<!--") must not get
 * through, and the title is HTML-escaped. The page has its six scripts (results, metadata,
 * Vega, Vega-Lite, vega-embed, and report.js with format.js) and the policy that forbids network
 * requests.
 * Results that are not JSON, or not dayafter's, are refused with their line and column.
 */
static void test_output_report_page(void **state)
{
    (void)state;
    /* A run's results, whose scenario's name is set to one that would end the element. */
    da_scenario *scn = load_minimal();
    da_results *res = run_scenario(scn, 4, 1);
    char *text = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&text, &len);
    assert_non_null(f);
    assert_int_equal(da_results_write_json(res, f, NULL), DA_OK);
    fclose(f);
    da_results_free(res);
    da_scenario_free(scn);
    json_t *root = json_loadb(text, len, 0, NULL);
    free(text);
    assert_non_null(root);
    json_object_set_new(root, "scenario", json_string("a </script><!-- & b"));
    char *json = json_dumps(root, JSON_COMPACT);
    json_decref(root);
    assert_non_null(json);

    char *page = NULL;
    f = open_memstream(&page, &len);
    assert_non_null(f);
    da_diags *diags = da_diags_new();
    assert_int_equal(da_report_write(json, strlen(json), "r.json", f, diags), DA_OK);
    fclose(f);
    free(json);
    assert_int_equal(da_diags_count(diags), 0);
    assert_int_equal(occurrences(page, "</script>"), 6);
    assert_int_equal(occurrences(page, "<!--"), 0);
    assert_non_null(strstr(page, "\"scenario\":\"a \\u003c/script>\\u003c!-- & b\""));
    assert_non_null(
        strstr(page, "<title>a &lt;/script&gt;&lt;!-- &amp; b - dayafter report</title>"));
    assert_non_null(strstr(page,
                           "<meta http-equiv=\"Content-Security-Policy\" "
                           "content=\"default-src 'none';"));
    free(page);

    const char *bad[] = {"{\"dayafter\": \"0.1.0\",\n \"options\": [1,]}", "[1, 2]",
                         "{\"dayafter\": \"0.1.0\", \"options\": [], \"horizon_days\": 10}"};
    const char *want[] = {"r.json:2:16: unexpected token near ']'",
                          "r.json:1:1: not the results of dayafter run or analyze --json: the "
                          "document is not an object",
                          "r.json:1:1: not the results of dayafter run --json: no \"milestones\" "
                          "list"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        da_diags_clear(diags);
        f = open_memstream(&page, &len);
        assert_int_equal(da_report_write(bad[i], strlen(bad[i]), "r.json", f, diags), DA_ERR_INPUT);
        fclose(f);
        free(page);
        assert_int_equal(da_diags_count(diags), 1);
        da_diag d = da_diags_get(diags, 0);
        char got[256];
        snprintf(got, sizeof got, "%s:%u:%u: %s", d.file, d.line, d.column, d.message);
        assert_string_equal(got, want[i]);
    }
    da_diags_free(diags);
}

/* Results whose values the page reads with another type than the schema's, or without a key
 * it cannot do without, are refused at the value at fault with its path, line and column; and
 * results that would take more memory to parse than any results need are refused before
 * jansson parses them (report_check.c). */
static void test_output_report_checks(void **state)
{
    (void)state;
    static const struct {
        const char *json, *message;
        da_diag_code code;
    } cases[] = {
        {"{\"dayafter\": \"0.1.0\", \"options\": [1, \"a\"], \"horizon_days\": 10,\n"
         " \"milestones\": []}",
         "r.json:1:35: options[0]: expected an object, found 1", DA_DIAG_WRONG_TYPE},
        {"{\"dayafter\": \"0.1.0\", \"options\": [], \"horizon_days\": 0, \"milestones\": []}",
         "r.json:1:54: horizon_days: expected a whole number from 1 to 36500, found 0",
         DA_DIAG_OUT_OF_RANGE},
        {"{\"dayafter\": \"0.1.0\", \"options\": [{\"name\": \"x\"}], \"horizon_days\": 10,\n"
         " \"milestones\": []}",
         "r.json:1:35: options[0]: missing required key 'id'", DA_DIAG_MISSING_KEY},
        {"{\"dayafter\": \"0.1.0\", \"options\": [], \"horizon_days\": 10, \"milestones\": [],\n"
         " \"check_days\": [90, \"180\"]}",
         "r.json:2:21: check_days[1]: expected a whole number, found \"180\"", DA_DIAG_WRONG_TYPE},
        {"{\"method\": \"sobol\", \"metric\": \"x\",\n \"inputs\": [{\"name\": \"a\", \"S1\": null,"
         " \"ST\": [1]}]}",
         "r.json:2:45: inputs[0].ST: expected a number or null, found an array",
         DA_DIAG_WRONG_TYPE},
        {"{\"method\": \"sobol\", \"metric\": 3, \"inputs\": []}",
         "r.json:1:1: not the results of dayafter analyze --json: no \"metric\"",
         DA_DIAG_NOT_RESULTS},
        {"{\"method\": \"best\", \"metric\": \"x\", \"inputs\": []}",
         "r.json:1:12: method: expected sobol, morris, tornado, prim or voi, found \"best\"",
         DA_DIAG_UNKNOWN_VALUE},
    };
    da_diags *diags = da_diags_new();
    char *page = NULL;
    size_t len = 0;
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        da_diags_clear(diags);
        FILE *f = open_memstream(&page, &len);
        assert_int_equal(da_report_write(cases[i].json, strlen(cases[i].json), "r.json", f, diags),
                         DA_ERR_INPUT);
        fclose(f);
        assert_int_equal(len, 0); /* nothing drawn */
        free(page);
        assert_int_equal(da_diags_count(diags), 1);
        da_diag d = da_diags_get(diags, 0);
        char got[256];
        snprintf(got, sizeof got, "%s:%u:%u: %s", d.file, d.line, d.column, d.message);
        assert_string_equal(got, cases[i].message);
        assert_int_equal(d.code, cases[i].code);
    }

    /* Five million empty arrays: 15 MB that jansson would need over 600 MB for. */
    const char *head =
        "{\"dayafter\": \"0.1.0\", \"options\": [], \"horizon_days\": 1, "
        "\"milestones\": [], \"x\": [";
    size_t n = 5000000, cap = strlen(head) + 3 * n + 4;
    char *huge = malloc(cap), *at = huge + strlen(head);
    assert_non_null(huge);
    memcpy(huge, head, strlen(head));
    for (size_t i = 0; i < n; i++, at += 3)
        memcpy(at, i + 1 < n ? "[]," : "[]]}", i + 1 < n ? 3 : 4);
    da_diags_clear(diags);
    FILE *f = open_memstream(&page, &len);
    assert_int_equal(da_report_write(huge, (size_t)(at + 1 - huge), "r.json", f, diags),
                     DA_ERR_INPUT);
    fclose(f);
    free(page);
    free(huge);
    assert_int_equal(da_diags_count(diags), 1);
    assert_non_null(strstr(da_diags_get(diags, 0).message,
                           "too large to be results of dayafter run or analyze --json: its "
                           "5000006 values would take about 1.1 GiB of memory to read"));
    da_diags_free(diags);
}

/* Text a person wrote is written so that a spreadsheet does not run it as a formula: a field
 * that begins with '=', '+', '-', '@', a tab or a carriage return after an apostrophe, quoted
 * as any field is where it must be; ids and other text as they are. */
static void test_output_csv_free_text(void **state)
{
    (void)state;
    char *text = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&text, &len);
    assert_non_null(f);
    struct csv c = {f, 0, false};
    csv_free_text(&c, "=HYPERLINK(\"http://x/\",\"Click\")");
    csv_free_text(&c, "+1+cmd");
    csv_free_text(&c, "-2+3");
    csv_free_text(&c, "@SUM(1+1)");
    csv_free_text(&c, "\tx");
    csv_free_text(&c, "UN OCHA, 2025");
    csv_free_text(&c, "");
    csv_text(&c, "-1"); /* not a person's text: as it is */
    csv_end_row(&c);
    assert_int_equal(fclose(f), 0);
    assert_false(c.failed);
    assert_string_equal(text,
                        "\"'=HYPERLINK(\"\"http://x/\"\",\"\"Click\"\")\",'+1+cmd,'-2+3,"
                        "'@SUM(1+1),'\tx,\"UN OCHA, 2025\",,-1\n");
    free(text);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_output_csv_free_text),
        cmocka_unit_test(test_output_json_minimal),
        cmocka_unit_test(test_output_json_format_example),
        cmocka_unit_test(test_output_json_timing),
        cmocka_unit_test(test_output_json_same_bytes_any_threads),
        cmocka_unit_test(test_output_json_command_line_not_utf8),
        cmocka_unit_test(test_output_json_huge_seed),
        cmocka_unit_test(test_output_json_schema),
        cmocka_unit_test(test_output_csv_format_example),
        cmocka_unit_test(test_output_csv_minimal),
        cmocka_unit_test(test_output_csv_one_table_at_a_time),
        cmocka_unit_test(test_output_bad_arguments_and_io),
        cmocka_unit_test(test_output_json_out_of_memory),
        cmocka_unit_test(test_output_csv_out_of_memory),
        cmocka_unit_test(test_output_report_page),
        cmocka_unit_test(test_output_report_checks),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
