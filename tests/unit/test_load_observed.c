/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * test_load_observed.c - the scenario's `observed` list as the loader resolves it
 * (src/scenario/schema.c, bind.c, check.c; docs/scenario.md, "observed"): each kind of
 * observation in tests/data/observed-example.yaml with its option, area, sources, day and
 * value; that observations add no parameter, so that a file's runs do not change with them;
 * that the words a series takes are those of the run's outputs; and the problems that the
 * golden corpus (tests/bad/observed-*) does not show.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "engine/results.h"
#include "helpers.h"
#include "model/plan.h"
#include "scenario/scenario.h"
#include "scenario/schema.h"
#include "util/text.h"

/* Loads the minimal scenario (one option, one area, horizon 100) with 'observed' after it. */
static da_scenario *load_with(const char *observed)
{
    static char text[8192];
    int n = snprintf(text, sizeof text, "%s%s", minimal_scenario, observed);
    assert_true(n > 0 && (size_t)n < sizeof text);
    da_diags *diags = NULL;
    da_scenario *scn = NULL;
    da_status st = load_string(text, &diags, &scn);
    if (st != DA_OK)
        print_error("%s", diags_text(diags));
    assert_int_equal(st, DA_OK);
    da_diags_free(diags);
    return scn;
}

/* The problems of the minimal scenario with 'observed' after it, as assert_problems() checks
 * them; a failure names the caller's line. */
#define assert_observed_problems(observed, expected)                                               \
    assert_observed_problems_at(observed, expected, __FILE__, __LINE__)
static void assert_observed_problems_at(const char *observed, const char *expected,
                                        const char *file, int line)
{
    static char text[8192];
    int n = snprintf(text, sizeof text, "%s%s", minimal_scenario, observed);
    assert_true(n > 0 && (size_t)n < sizeof text);
    assert_problems_at(text, expected, file, line);
}

static void assert_number(const struct da_observation *o, double value)
{
    assert_false(o->is_range);
    assert_near(o->value, value, 0);
    assert_near(o->min, value, 0);
    assert_near(o->max, value, 0);
}

static void assert_range(const struct da_observation *o, double min, double max)
{
    assert_true(o->is_range);
    assert_near(o->min, min, 0);
    assert_near(o->max, max, 0);
    assert_near(o->value, (min + max) / 2, 1e-12 * max);
}

static void assert_quantity(const struct da_observation *o, int kind, int observable,
                            const char *word, uint32_t option, int64_t day)
{
    assert_int_equal(o->kind, kind);
    assert_int_equal(o->observable, observable);
    assert_string_equal(o->quantity, word);
    assert_string_equal(o->quantity, schema_observable_words[observable]);
    assert_null(o->milestone.name);
    assert_int_equal(o->option_index, option);
    assert_true(o->has_day);
    assert_int_equal(o->day.day, day);
    assert_true(o->day.at.line > 0);
}

/* tests/data/observed-example.yaml: its eight observations, of each kind. */
static struct da_scenario *load_observed_example(void)
{
    struct da_scenario *scn = load_path(data_path("observed-example.yaml"));
    assert_int_equal(scn->n_observed, 8);
    return scn;
}

/* The weekly series: of all areas, of one area, from listed sources. */
static void test_observed_example_series(void **state)
{
    (void)state;
    struct da_scenario *scn = load_observed_example();
    const struct da_observation *o = scn->observed;
    /* deployed, all areas, of local_force (option 0) */
    assert_quantity(&o[0], OBSERVED_SERIES, OBSERVABLE_DEPLOYED, "deployed", 0, 120);
    assert_string_equal(o[0].option.name, "local_force");
    assert_null(o[0].area.name);
    assert_int_equal(o[0].n_from, 0);
    assert_number(&o[0], 9000);
    assert_string_equal(o[0].source, "Invented: the force's own report, day 120");
    assert_false(o[0].out_of_sample);

    /* coverage of one area (south, area 1) of multinational (option 1), a range */
    assert_quantity(&o[1], OBSERVED_SERIES, OBSERVABLE_COVERAGE, "coverage", 1, 200);
    assert_string_equal(o[1].area.name, "south");
    assert_int_equal(o[1].area.index, 1);
    assert_range(&o[1], 0.4, 0.6);
    assert_true(schema_observable_is_share(o[1].observable));

    /* deployed from one source, listed: partner_a is multinational's source 0 */
    assert_quantity(&o[2], OBSERVED_SERIES, OBSERVABLE_DEPLOYED, "deployed", 1, 300);
    assert_int_equal(o[2].n_from, 1);
    assert_string_equal(o[2].from[0].name, "partner_a");
    assert_int_equal(o[2].from[0].index, 0);
    assert_number(&o[2], 4800);

    /* deployed from one source, a single id: recruits is local_force's source 1 */
    assert_quantity(&o[3], OBSERVED_SERIES, OBSERVABLE_DEPLOYED, "deployed", 0, 400);
    assert_int_equal(o[3].n_from, 1);
    assert_string_equal(o[3].from[0].name, "recruits");
    assert_int_equal(o[3].from[0].index, 1);
    assert_range(&o[3], 2000, 3000);
    assert_false(schema_observable_is_share(o[3].observable));
    da_scenario_free(scn);
}

/* The headline metrics: a running total, and a day's own value out of sample. */
static void test_observed_example_metrics(void **state)
{
    (void)state;
    struct da_scenario *scn = load_observed_example();
    const struct da_observation *o = scn->observed;
    /* a running total */
    assert_quantity(&o[4], OBSERVED_METRIC, OBSERVABLE_COST_TOTAL_USD, "cost_total_usd", 0, 364);
    assert_null(o[4].area.name);
    assert_number(&o[4], 1.2e9);

    /* the day's own value, out of sample */
    assert_quantity(&o[5], OBSERVED_METRIC, OBSERVABLE_SECURITY_MEAN_END, "security_mean_end", 1,
                    729);
    assert_number(&o[5], 0.45);
    assert_true(o[5].out_of_sample);
    da_scenario_free(scn);
}

/* The milestones' days. */
static void test_observed_example_milestones(void **state)
{
    (void)state;
    struct da_scenario *scn = load_observed_example();
    const struct da_observation *o = scn->observed;
    /* milestones: no day, no option, no area; the value is the day */
    assert_int_equal(o[6].kind, OBSERVED_MILESTONE);
    assert_int_equal(o[6].observable, -1);
    assert_null(o[6].quantity);
    assert_string_equal(o[6].milestone.name, "ceasefire");
    assert_int_equal(o[6].milestone.index, 0);
    assert_false(o[6].has_day);
    assert_null(o[6].option.name);
    assert_null(o[6].area.name);
    assert_int_equal(o[6].option_index, 0);
    assert_number(&o[6], 28);
    assert_false(o[6].out_of_sample);

    assert_int_equal(o[7].kind, OBSERVED_MILESTONE);
    assert_string_equal(o[7].milestone.name, "approval");
    assert_int_equal(o[7].milestone.index, 2);
    assert_range(&o[7], 150, 170);
    assert_true(o[7].out_of_sample);
    da_scenario_free(scn);
}

/* Where each was written, for the engine's messages and the report's links. */
static void test_observed_example_locations(void **state)
{
    (void)state;
    struct da_scenario *scn = load_observed_example();
    const struct da_observation *o = scn->observed;
    for (size_t i = 0; i < scn->n_observed; i++) {
        assert_true(o[i].at.line > 0);
        assert_true(o[i].value_at.line > o[i].at.line);
        assert_true(i == 0 || o[i].at.line > o[i - 1].at.line);
    }
    da_scenario_free(scn);
}

/* Observations are not inputs: the same parameters, in the same order, as the file without
 * them, so that a run's draws, and every figure of it, stay those of example.yaml. */
static void test_observed_adds_no_parameter(void **state)
{
    (void)state;
    struct da_scenario *with = load_path(data_path("observed-example.yaml"));
    struct da_scenario *without = load_path(data_path("example.yaml"));
    assert_int_equal(without->n_observed, 0);
    assert_null(without->observed);
    assert_int_equal(with->n_params, without->n_params);
    for (size_t i = 0; i < with->n_params; i++) {
        const struct da_param *a = &with->params[i], *b = &without->params[i];
        assert_string_equal(a->path, b->path);
        assert_int_equal(a->dist.kind, b->dist.kind);
        assert_near(a->central, b->central, 0);
        assert_int_equal(a->is_default, b->is_default);
        assert_null(strstr(a->path, "observed"));
    }
    assert_int_equal(da_scenario_uncertain_count(with), da_scenario_uncertain_count(without));
    da_scenario_free(with);
    da_scenario_free(without);
}

/* The words a series takes are the run's own names: the weekly series in the model's order
 * (so that an observable's index is the series' index), the metrics by their ids; and every
 * metric of the run is either observable on a day or refused with what to observe instead. */
static void test_observable_words_are_the_runs_names(void **state)
{
    (void)state;
    for (int q = 0; q < N_SERIES; q++)
        assert_string_equal(schema_observable_words[q], series_names[q]);
    assert_int_equal(OBSERVABLE_FIRST_METRIC, N_SERIES);
    assert_null(schema_observable_words[N_OBSERVABLES]);
    for (int q = OBSERVABLE_FIRST_METRIC; q < N_OBSERVABLES; q++) {
        bool is_metric = false;
        for (int m = 0; m < N_METRICS; m++)
            is_metric = is_metric || strcmp(metric_names[m], schema_observable_words[q]) == 0;
        if (!is_metric)
            print_error("observable '%s' is no metric of a run\n", schema_observable_words[q]);
        assert_true(is_metric);
    }
    size_t refused = 0;
    for (int m = 0; m < N_METRICS; m++) {
        int found = 0;
        for (int q = OBSERVABLE_FIRST_METRIC; q < N_OBSERVABLES; q++)
            found += strcmp(metric_names[m], schema_observable_words[q]) == 0;
        for (size_t u = 0; schema_unobservable_metrics[u].metric; u++)
            found += strcmp(metric_names[m], schema_unobservable_metrics[u].metric) == 0;
        if (found != 1)
            print_error("metric '%s' is named %d times among observable and refused words\n",
                        metric_names[m], found);
        assert_int_equal(found, 1);
    }
    while (schema_unobservable_metrics[refused].metric)
        refused++;
    assert_int_equal(refused + (N_OBSERVABLES - OBSERVABLE_FIRST_METRIC), N_METRICS);
    /* Shares: the four share series and the two day's values. */
    int shares = 0;
    for (int q = 0; q < N_OBSERVABLES; q++)
        shares += schema_observable_is_share(q);
    assert_int_equal(shares, 6);
}

/* With one option, 'option' may be left out; every word of the list is taken. */
static void test_observed_one_option_and_every_word(void **state)
{
    (void)state;
    char observed[4096] = "observed:\n";
    for (int q = 0; q < N_OBSERVABLES; q++) {
        char item[256];
        snprintf(item, sizeof item,
                 "  - series: %s\n    day: %d\n    value: %g\n    source: Report %d\n",
                 schema_observable_words[q], q, q / 100.0, q); /* a share's value at most 1 */
        assert_true(text_append(observed, sizeof observed, item));
    }
    assert_true(text_append(observed, sizeof observed,
                            "  - series: coverage\n    option: o\n    area: a\n    day: 99\n"
                            "    value: {min: 0, max: 1.5}\n    source: x\n"
                            "    out_of_sample: false\n"));
    da_scenario *scn = load_with(observed);
    assert_int_equal(scn->n_observed, N_OBSERVABLES + 1);
    for (int q = 0; q < N_OBSERVABLES; q++) {
        const struct da_observation *o = &scn->observed[q];
        assert_int_equal(o->observable, q);
        assert_int_equal(o->kind, q < OBSERVABLE_FIRST_METRIC ? OBSERVED_SERIES : OBSERVED_METRIC);
        assert_null(o->option.name);
        assert_int_equal(o->option_index, 0);
        assert_int_equal(o->day.day, q);
        assert_number(o, q / 100.0);
    }
    const struct da_observation *last = &scn->observed[N_OBSERVABLES];
    assert_int_equal(last->option.index, 0);
    assert_int_equal(last->area.index, 0);
    assert_range(last, 0, 1.5); /* coverage may exceed 1 */
    da_scenario_free(scn);
}

/* What the golden corpus does not show: a milestone's other keys, a range's keys and ends,
 * and a source list of an option that does not exist (only the option is reported). */
static void test_observed_problems(void **state)
{
    (void)state;
    assert_observed_problems(
        "observed:\n"
        "  - milestone: go\n"
        "    option: o\n"
        "    area: a\n"
        "    from: s\n"
        "    value: 12\n"
        "    source: x\n",
        "45:13: observed.0.option: a milestone's observation takes no "
        "option: a milestone is reached on the same day in every option\n"
        "46:11: observed.0.area: a milestone's observation takes no area: a "
        "milestone is reached once, for every area\n"
        "47:11: observed.0.from: a milestone's observation takes no 'from': "
        "only the series 'deployed' counts the strength of some sources\n");
    assert_observed_problems(
        "observed:\n"
        "  - series: deployed\n"
        "    day: 5\n"
        "    value: {min: 1, maxi: 2}\n"
        "    source: x\n"
        "  - series: deployed\n"
        "    day: 5\n"
        "    value: {min: -1, max: .inf}\n"
        "    source: x\n"
        "  - series: deployed\n"
        "    day: 5\n"
        "    value: 2e18\n"
        "    source: x\n",
        "46:12: observed.0.value: a range needs the key 'max'\n"
        "46:21: observed.0.value: unknown key 'maxi' in a range (it takes "
        "min, max); did you mean 'max'?\n"
        "50:18: observed.1.value: min: expected a number from 0 to 10^18, "
        "found -1\n"
        "50:27: observed.1.value: max: expected a finite number from 0 to "
        "10^18, found '.inf'\n"
        "54:12: observed.2.value: expected a number from 0 to 10^18, found "
        "2e18\n");
    assert_observed_problems(
        "observed:\n"
        "  - series: deployed\n"
        "    option: p\n"
        "    from: [nobody]\n"
        "    value: 1\n"
        "    source: x\n",
        "44:5: observed.0: missing required key 'day'\n"
        "45:13: observed.0.option: unknown option 'p' (options has: o)\n");
    assert_observed_problems(
        "observed:\n"
        "  - series: days_to_half\n"
        "    day: 5\n"
        "    value: 10\n"
        "    source: x\n",
        "44:13: observed.0.series: 'days_to_half' has no value on a given "
        "day; observe the series 'deployed' on a day instead\n");
}

/* An observation that repeats an earlier one exactly is refused, each repeat against the first
 * (the record would count it twice); those with problems of their own take no part, since a
 * value, day or reference that failed stands at a placeholder, the same in each. */
static void test_observed_repeated(void **state)
{
    (void)state;
    assert_observed_problems(
        "observed:\n"
        "  - {series: deployed, day: 5, value: 10, source: x}\n"
        "  - {series: deployed, day: 5, value: 10, source: x}\n"
        "  - {series: deployed, day: 5, value: 10, source: y, out_of_sample: true}\n"
        "  - {series: deployed, day: 5, value: {min: 10, max: 10}, source: x}\n"
        "  - {milestone: go, value: 12, source: x}\n"
        "  - {milestone: go, value: 12, source: x}\n",
        "45:5: observed.1: 'deployed' on day 5 is observed twice with the same value (first "
        "at line 44, observed.0)\n"
        "46:5: observed.2: 'deployed' on day 5 is observed twice with the same value (first "
        "at line 44, observed.0); one figure that two publications give is one observation: "
        "name both in the first's 'source'\n"
        "47:5: observed.3: 'deployed' on day 5 is observed twice with the same value (first "
        "at line 44, observed.0)\n"
        "49:5: observed.5: milestone 'go' is observed twice with the same value (first at "
        "line 48, observed.4)\n");
    assert_observed_problems(
        "observed:\n"
        "  - {series: deployed, day: 5, value: -1, source: x}\n"
        "  - {series: deployed, day: 5, value: -2, source: x}\n"
        "  - {series: deployed, area: b, day: 5, value: 10, source: x}\n"
        "  - {series: deployed, area: c, day: 5, value: 10, source: x}\n"
        "  - {series: deployed, day: 5, value: 10}\n"
        "  - {series: deployed, day: 5, value: 10}\n",
        "44:39: observed.0.value: expected a number from 0 to 10^18, found -1\n"
        "45:39: observed.1.value: expected a number from 0 to 10^18, found -2\n"
        "46:30: observed.2.area: unknown area 'b' (areas has: a)\n"
        "47:30: observed.3.area: unknown area 'c' (areas has: a)\n"
        "48:5: observed.4: missing required key 'source'; every observation names its "
        "publication\n"
        "49:5: observed.5: missing required key 'source'; every observation names its "
        "publication\n");

    /* Two sources that give different values for one day are both kept and scored, as are
     * the same value on another day, of another area or from other sources. */
    da_scenario *scn = load_with(
        "observed:\n"
        "  - {series: deployed, day: 5, value: 10, source: x}\n"
        "  - {series: deployed, day: 5, value: 11, source: y}\n"
        "  - {series: deployed, day: 6, value: 10, source: x}\n"
        "  - {series: deployed, area: a, day: 5, value: 10, source: x}\n"
        "  - {series: deployed, from: s, day: 5, value: 10, source: x}\n"
        "  - {series: deployed, day: 5, value: {min: 9, max: 11}, "
        "source: x}\n");
    assert_int_equal(scn->n_observed, 6);
    da_scenario_free(scn);
}

/* A share's range is taken for percentages only when both its ends are above 1; with its max
 * alone above 1 its min is a share already, and the message says which end is wrong. */
static void test_observed_share_range(void **state)
{
    (void)state;
    assert_observed_problems(
        "observed:\n"
        "  - {series: security, day: 5, value: {min: 0.5, max: 1.5}, source: x}\n"
        "  - {series: security, day: 5, value: {min: 1, max: 40}, source: x}\n"
        "  - {series: security, day: 5, value: {min: 40, max: 60}, source: x}\n"
        "  - {series: security, day: 5, value: 45, source: x}\n"
        "  - {series: security, day: 5, value: {min: 0.5, max: 150}, source: x}\n"
        "  - {series: security, day: 5, value: {min: 50, max: 150}, source: x}\n",
        "44:39: observed.0.value: 'security' is a share from 0 to 1, found 0.5 to 1.5; its "
        "max (1.5) is above 1\n"
        "45:39: observed.1.value: 'security' is a share from 0 to 1, found 1 to 40; its max "
        "(40) is above 1\n"
        "46:39: observed.2.value: 'security' is a share from 0 to 1, found 40 to 60; for 40% "
        "to 60%, write 0.4 to 0.6\n"
        "47:39: observed.3.value: 'security' is a share from 0 to 1, found 45; for 45%, write "
        "0.45\n"
        "48:39: observed.4.value: 'security' is a share from 0 to 1, found 0.5 to 150; its "
        "max (150) is above 1\n"
        "49:39: observed.5.value: 'security' is a share from 0 to 1, found 50 to 150\n");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_observed_example_series),
        cmocka_unit_test(test_observed_example_metrics),
        cmocka_unit_test(test_observed_example_milestones),
        cmocka_unit_test(test_observed_example_locations),
        cmocka_unit_test(test_observed_adds_no_parameter),
        cmocka_unit_test(test_observable_words_are_the_runs_names),
        cmocka_unit_test(test_observed_one_option_and_every_word),
        cmocka_unit_test(test_observed_problems),
        cmocka_unit_test(test_observed_repeated),
        cmocka_unit_test(test_observed_share_range),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
