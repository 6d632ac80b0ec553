/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * test_precision.c - a run to a precision (src/engine/precision.c, run.c): the stopping rule
 * on hand-made sketches (which medians count, the widest, ties, too few values, the target);
 * da_run()'s refusals; and a run to a precision whose results are those of a run of its final
 * count, with the count a whole number of blocks at which the precision was first met.
 */
#include <jansson.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "engine/precision.h"
#include "engine/results.h"
#include "helpers.h"

/* Two options' headline sketches, all empty. */
static struct sketch *empty_metrics(void)
{
    struct sketch *s = malloc(2 * N_METRICS * sizeof *s);
    assert_non_null(s);
    for (int i = 0; i < 2 * N_METRICS; i++)
        sketch_init(&s[i]);
    return s;
}

/* The values 1..60 (kept exactly): the median 30.5, its interval [22, 39] (test_mc_error.c),
 * a half-width of 8.5 / 30.5 = 27.8688...%; times 'scale'. */
static void fill_one_to_sixty(struct sketch *s, double scale)
{
    for (int i = 1; i <= 60; i++)
        sketch_add(s, scale * i);
}

static void test_precision_measure_by_hand(void **state)
{
    (void)state;
    struct sketch *s = empty_metrics();
    struct precision_outcome p = {.target = 30};
    /* Nothing to measure: reached, with no worst. */
    precision_measure(s, 2, &p);
    assert_true(p.reached && isnan(p.widest) && p.worst_option == -1 && p.worst_metric == -1);
    /* A median of 0 does not count, however wide its interval. */
    for (int i = -30; i <= 30; i++)
        sketch_add(&s[M_COST_TOTAL_USD], i);
    precision_measure(s, 2, &p);
    assert_true(p.reached && isnan(p.widest));
    /* A median that every output shows as 0 does not count either: the displaced of a small
     * area that go home at a rate a day, a few billionths of a person, as wide as themselves. */
    p.target = 20;
    fill_one_to_sixty(&s[M_DISPLACED_END], 1e-8);
    precision_measure(s, 2, &p);
    assert_true(p.reached && isnan(p.widest));
    /* A share is shown above 0 however small ("<0.001%"), and counts: 27.87% is not 20. */
    fill_one_to_sixty(&s[M_BED_COVERAGE_END], 1e-9);
    precision_measure(s, 2, &p);
    assert_near(p.widest, 100 * 8.5 / 30.5, 1e-9);
    assert_true(!p.reached && p.worst_option == 0 && p.worst_metric == M_BED_COVERAGE_END);
    sketch_init(&s[M_BED_COVERAGE_END]);
    p.target = 30;
    /* Option 1's incidents: 27.87%, within 30 but not 20. */
    fill_one_to_sixty(&s[N_METRICS + M_INCIDENTS_TOTAL], 1);
    precision_measure(s, 2, &p);
    assert_near(p.widest, 100 * 8.5 / 30.5, 1e-12);
    assert_true(p.reached && p.worst_option == 1 && p.worst_metric == M_INCIDENTS_TOTAL);
    p.target = 20;
    precision_measure(s, 2, &p);
    assert_false(p.reached);
    /* The same width, scaled, for option 0's water gap: a tie goes to the first. */
    fill_one_to_sixty(&s[M_WATER_GAP], 1000);
    precision_measure(s, 2, &p);
    assert_near(p.widest, 100 * 8.5 / 30.5, 1e-12);
    assert_true(p.worst_option == 0 && p.worst_metric == M_WATER_GAP);
    /* Five values of a start day: no 95% interval, so never precise. */
    for (int i = 1; i <= 5; i++)
        sketch_add(&s[N_METRICS + M_START_DAY], 100 + i);
    p.target = 100;
    precision_measure(s, 2, &p);
    assert_true(isinf(p.widest) && !p.reached);
    assert_true(p.worst_option == 1 && p.worst_metric == M_START_DAY);
    free(s);
}

static da_scenario *load_example(void)
{
    da_diags *diags = da_diags_new();
    da_scenario *scn = NULL;
    assert_int_equal(da_scenario_load_file(data_path("example.yaml"), diags, &scn), DA_OK);
    da_diags_free(diags);
    return scn;
}

/* A precision outside [DA_PRECISION_MIN, 100], not a number, or with a deterministic run. */
static void test_precision_refused(void **state)
{
    (void)state;
    da_scenario *scn = load_example();
    const double bad[] = {0.4, -1, 100.5, (double)NAN, HUGE_VAL};
    da_run_options opt;
    da_results *res = NULL;
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        da_run_options_init(&opt);
        opt.precision = bad[i];
        assert_int_equal(da_run(scn, &opt, &res), DA_ERR_USAGE);
        assert_null(res);
    }
    da_run_options_init(&opt);
    opt.precision = 5;
    opt.deterministic = 1;
    assert_int_equal(da_run(scn, &opt, &res), DA_ERR_USAGE);
    da_scenario_free(scn);
}

/* The run's JSON without "run" and "precision": what a run to a precision shares with a run of
 * its final count. */
static json_t *results_body(const da_results *res)
{
    char *text = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&text, &len);
    assert_non_null(f);
    assert_int_equal(da_results_write_json(res, f, NULL), DA_OK);
    assert_int_equal(fclose(f), 0);
    json_error_t err;
    json_t *root = json_loads(text, 0, &err);
    assert_non_null(root);
    free(text);
    assert_int_equal(json_object_del(root, "run"), 0);
    assert_int_equal(json_object_del(root, "precision"), 0);
    return root;
}

static da_results *run_with(da_scenario *scn, uint64_t replications, double precision, int threads)
{
    da_run_options opt;
    da_run_options_init(&opt);
    opt.replications = replications;
    opt.precision = precision;
    opt.threads = threads;
    da_results *res = NULL;
    assert_int_equal(da_run(scn, &opt, &res), DA_OK);
    return res;
}

/* The test scenario with its one even chance, partner_b's probability of 0.5, made 0.4 (a
 * median at an even chance never settles: docs/model.md, "Precision"), edited in place. */
static da_scenario *load_settling_example(void)
{
    char *yaml = read_text_file(data_path("example.yaml"), NULL);
    assert_non_null(yaml);
    char *at = strstr(yaml, "size: 8000\n        probability: 0.5\n");
    assert_non_null(at);
    at[strlen("size: 8000\n        probability: 0.")] = '4';
    da_diags *diags;
    da_scenario *scn = NULL;
    assert_int_equal(load_string(yaml, &diags, &scn), DA_OK);
    da_diags_free(diags);
    free(yaml);
    return scn;
}

/* That scenario run to 25% on 3 threads, at most 20,000 replications, made once by
 * settled_on_threads() and kept for both tests below (ThreadSanitizer's stage runs the first
 * alone: its workers share the blocks). */
static da_scenario *settling;
static da_results *settled;

static const da_results *settled_on_threads(void)
{
    if (!settled) {
        settling = load_settling_example();
        settled = run_with(settling, 20000, 25, 3);
    }
    return settled;
}

/* It stops at a whole number of blocks, more than one, at which the widest median is within
 * 25%. */
static void test_precision_threads_stop(void **state)
{
    (void)state;
    unsetenv("DAYAFTER_JSON_TIMING");
    const da_results *to = settled_on_threads();
    const struct precision_outcome *p = &to->precision;
    assert_true(p->reached && p->widest <= 25 && p->target == 25 && p->ceiling == 20000);
    assert_true(to->replications % DA_PRECISION_BLOCK == 0);
    assert_int_equal(p->blocks, to->replications / DA_PRECISION_BLOCK);
    assert_true(p->blocks > 1);
    print_message("to 25%%: %llu replications, the widest median within %.3g%%\n",
                  (unsigned long long)to->replications, p->widest);
}

/* Its results are those of a run of that many on one thread, and the run to one block fewer
 * has not got there (tests/cli/precision_test.sh compares threads and tests/mpi/mpi_test.sh
 * ranks). */
static void test_precision_same_as_fixed(void **state)
{
    (void)state;
    unsetenv("DAYAFTER_JSON_TIMING");
    const da_results *to = settled_on_threads();
    assert_true(to->precision.reached && to->precision.blocks > 1);
    da_results *fixed = run_with(settling, to->replications, 0, 1);
    assert_true(fixed->precision.target == 0);
    json_t *a = results_body(to), *b = results_body(fixed);
    assert_true(json_equal(a, b));
    json_decref(a);
    json_decref(b);
    da_results *short_of = run_with(settling, to->replications - DA_PRECISION_BLOCK, 25, 2);
    assert_false(short_of->precision.reached);
    assert_true(short_of->precision.widest > 25);
    da_results_free(short_of);
    da_results_free(fixed);
}

static int free_settled(void **state)
{
    (void)state;
    da_results_free(settled);
    da_scenario_free(settling);
    return 0;
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_precision_measure_by_hand),
        cmocka_unit_test(test_precision_refused),
        cmocka_unit_test(test_precision_threads_stop),
        cmocka_unit_test(test_precision_same_as_fixed),
    };
    return cmocka_run_group_tests(tests, NULL, free_settled);
}
