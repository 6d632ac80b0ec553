/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * test_by.c - when and where an input matters (analyze --by): indices of a weekly series per
 * week and per area, on scenarios where each input acts in a period or a place of its own.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analysis/analysis.h"
#include "helpers.h"

static da_analysis *by(da_scenario *scn, const char *series, int kind, uint64_t n, int threads)
{
    da_analyze_options o;
    da_analyze_options_init(&o);
    o.method = DA_METHOD_SOBOL;
    o.metric = series;
    o.by = kind;
    o.samples = n;
    o.threads = threads;
    da_analysis *an = NULL;
    assert_int_equal(da_analyze(scn, &o, &an), DA_OK);
    return an;
}

static double st_of(const da_analysis *an, int output, int input)
{
    return an->by_inputs.ST[(size_t)output * (size_t)an->n_inputs + (size_t)input];
}

/*
 * Two contingents of the two-contingents scenario, both certain to join: the first arrives 10
 * to 80 days after the option's start (day 10), the second 120 to 250 days after. Deployed
 * strength before day 100 moves with the first's lead time alone, and after day 130 with the
 * second's alone; in between, and from day 260, it does not move (100 and 300 personnel in
 * every run). Each lead time dominates its own period: ST above 0.9 there, below 0.05 in the
 * other's; the weeks that do not vary have variance 0.
 */
static void test_by_week_each_in_its_period(void **state)
{
    (void)state;
    const char *yaml =
        replace_once(two_contingents_scenario(), "horizon_days: 200\n", "horizon_days: 300\n");
    yaml = replace_once(yaml, "probability: 0.5, lead_time_days: 10,",
                        "lead_time_days: {dist: uniform, min: 10, max: 80},");
    yaml = replace_once(yaml, "probability: 0.2, lead_time_days: 10,",
                        "lead_time_days: {dist: uniform, min: 120, max: 250},");
    da_scenario *scn = load_yaml_ok(yaml);
    da_analysis *an = by(scn, "deployed", DA_BY_WEEK, 512, 2);
    assert_int_equal(an->n_by, 43); /* 300 days: weeks starting on days 0, 7, ..., 294 */
    int first = input_named(an, "options.o.sources.c1.lead_time_days");
    int second = input_named(an, "options.o.sources.c2.lead_time_days");
    int early = 0, late = 0;
    for (int w = 0; w < an->n_by; w++) {
        int day = 7 * w;
        if (day <= 10 || (day >= 100 && day <= 130) || day >= 260) {
            assert_near(an->by_variance[w], 0, 0);
            continue;
        }
        if (!(an->by_variance[w] > 0))
            continue; /* a week at an edge, where no run has moved yet */
        int mine = day < 100 ? first : second, other = day < 100 ? second : first;
        assert_true(st_of(an, w, mine) > 0.9);
        assert_true(st_of(an, w, other) < 0.05);
        early += day < 100;
        late += day > 130;
    }
    assert_true(early >= 8 && late >= 15);
    /* The scalar, the last day over all areas: 300 in every run. */
    assert_near(an->mean, 300, 0);
    /* The same for two threads and one, bit for bit. */
    da_analysis *one = by(scn, "deployed", DA_BY_WEEK, 512, 1);
    for (int w = 0; w < an->n_by; w++)
        for (int i = 0; i < an->n_inputs; i++)
            assert_true(st_of(one, w, i) == st_of(an, w, i));
    da_analysis_free(one);
    da_analysis_free(an);
    da_scenario_free(scn);
}

/*
 * By area: two areas whose displaced shares are uncertain, and nobody returns. On the last
 * day each area's displaced are its population times its own share: its share has ST 1 there
 * and 0 in the other area.
 */
static void test_by_area_each_in_its_place(void **state)
{
    (void)state;
    const char *yaml = replace_once(minimal_scenario, "    displaced_share: 0.5\n",
                                    "    displaced_share: {dist: uniform, min: 0.2, max: 0.8}\n");
    yaml = replace_once(yaml, "    hospital_beds: 2\n",
                        "    hospital_beds: 2\n"
                        "  - id: b\n"
                        "    name: Area B\n"
                        "    population: 3000\n"
                        "    area_km2: 10\n"
                        "    displaced_share: {dist: uniform, min: 0.1, max: 0.9}\n"
                        "    security_baseline: 0.2\n"
                        "    water_capacity_m3_day: 5\n"
                        "    hospital_beds: 2\n");
    da_scenario *scn = load_yaml_ok(yaml);
    da_analysis *an = by(scn, "displaced", DA_BY_AREA, 256, 2);
    assert_int_equal(an->n_by, 2);
    int a = input_named(an, "areas.a.displaced_share");
    int b = input_named(an, "areas.b.displaced_share");
    assert_near(st_of(an, 0, a), 1, 0.05);
    assert_near(st_of(an, 0, b), 0, 1e-12);
    assert_near(st_of(an, 1, b), 1, 0.05);
    assert_near(st_of(an, 1, a), 0, 1e-12);
    /* Means: 1,000 x 0.5 and 3,000 x 0.5, within sampling error. */
    assert_near(an->by_mean[0], 500, 30);
    assert_near(an->by_mean[1], 1500, 120);
    /* The scalar is the sum over the areas on the last day; its variance is the areas'
     * (1000^2 0.6^2 + 3000^2 0.8^2) / 12 = 510,000: a's share 0.06, b's 0.94. */
    assert_near(an->inputs[a].ST, 30000.0 / 510000, 0.03);
    assert_near(an->inputs[b].ST, 480000.0 / 510000, 0.05);
    da_analysis_free(an);
    da_scenario_free(scn);
}

/* --by with a metric that is no series, or with another method: refused. */
static void test_by_refused(void **state)
{
    (void)state;
    da_scenario *scn = load_yaml_ok(chain_scenario());
    da_analyze_options o;
    da_analyze_options_init(&o);
    o.method = DA_METHOD_SOBOL;
    o.metric = "start_day";
    o.by = DA_BY_WEEK;
    da_analysis *an = NULL;
    assert_int_equal(da_analyze(scn, &o, &an), DA_ERR_NOTFOUND);
    char why[200] = "";
    o.metric = "deployed";
    o.method = DA_METHOD_MORRIS;
    o.message = why;
    o.message_size = sizeof why;
    assert_int_equal(da_analyze(scn, &o, &an), DA_ERR_USAGE);
    assert_string_equal(why,
                        "--by goes with --method sobol: the other methods give no indices "
                        "per week or area");
    assert_null(an);
    /* A design that would not fit in memory is refused before anything runs: 10^8 base
     * samples of 4 inputs (A and B, 8 x 10^8 numbers), 6 x 10^8 runs each with its metric and
     * 116 readings (115 weeks and the last day): 8 bytes x (8 x 10^8 + 7.02 x 10^10 + the
     * indices' 1,840) = 568.0 GB. */
    o.method = DA_METHOD_SOBOL;
    o.samples = 100000000;
    assert_int_equal(da_analyze(scn, &o, &an), DA_ERR_LIMIT);
    assert_string_equal(why,
                        "the Sobol' design would hold 568.0 GB (600000000 runs, each read "
                        "on every week or area), more than the 4 GB an analysis may: use a "
                        "smaller -n or leave out --by");
    assert_null(an);
    da_scenario_free(scn);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_by_week_each_in_its_period),
        cmocka_unit_test(test_by_area_each_in_its_place),
        cmocka_unit_test(test_by_refused),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
