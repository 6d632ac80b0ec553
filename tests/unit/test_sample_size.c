/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * test_sample_size.c - honest sample sizes (analysis/warnings.c): every index has its
 * interval, and the warnings fire when the sample leaves an index in doubt, and not at the
 * sample they recommend.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analysis/analysis.h"
#include "helpers.h"

/* The chain of delays of test_analysis.c: shares 1/14, 4/14, 9/14, and a population with
 * none. */
static da_scenario *chain(void)
{
    return load_yaml_ok(chain_scenario());
}

static da_analysis *analyze(da_scenario *scn, int method, uint64_t samples)
{
    da_analyze_options o;
    da_analyze_options_init(&o);
    o.method = method;
    o.metric = "start_day";
    o.samples = samples;
    o.threads = 2;
    da_analysis *an = NULL;
    assert_int_equal(da_analyze(scn, &o, &an), DA_OK);
    return an;
}

static bool has_warning(const da_analysis *an, int kind)
{
    for (int w = 0; w < an->n_warnings; w++)
        if (an->warnings[w].kind == kind)
            return true;
    return false;
}

/*
 * Sobol' at -n 32 on the chain: too small (below 64), and the smallest share's interval
 * (1/14 at this size: about +- 0.2) is wider than it. At the sample recommended, a power of
 * two, no warning at all; at that size the intervals are at most half their indices, as
 * promised, for every index that matters.
 */
static void test_sample_size_sobol_warnings(void **state)
{
    (void)state;
    da_scenario *scn = chain();
    da_analysis *small = analyze(scn, DA_METHOD_SOBOL, 32);
    assert_true(has_warning(small, WARN_SMALL));
    assert_true(has_warning(small, WARN_WIDE));
    assert_int_equal(da_analysis_warning_count(small), small->n_warnings);
    assert_string_equal(da_analysis_warning(small, 0),
                        "-n 32 is too small: below 64 base samples the intervals themselves "
                        "cannot be trusted; use -n 64 or more");
    assert_null(da_analysis_warning(small, small->n_warnings));
    uint64_t n = da_analysis_recommended_samples(small);
    assert_true(n >= 64 && (n & (n - 1)) == 0);
    assert_true(n <= 1u << 16);
    da_analysis *enough = analyze(scn, DA_METHOD_SOBOL, n);
    assert_int_equal(enough->n_warnings, 0);
    assert_int_equal(da_analysis_recommended_samples(enough), 0);
    for (int i = 0; i < enough->n_inputs; i++) {
        const struct input_result *r = &enough->inputs[i];
        if (r->ST >= 0.05)
            assert_true(2 * r->ST_conf <= r->ST);
    }
    da_analysis_free(enough);
    da_analysis_free(small);
    da_scenario_free(scn);
}

/* A Sobol' analysis of 'metric' at -n 'samples' with 'seed', which must succeed. */
static da_analysis *sobol_of(const da_scenario *scn, const char *metric, uint64_t samples,
                             uint64_t seed)
{
    da_analyze_options o;
    da_analyze_options_init(&o);
    o.method = DA_METHOD_SOBOL;
    o.metric = metric;
    o.samples = samples;
    o.seed = seed;
    o.use_seed = 1;
    da_analysis *an = NULL;
    assert_int_equal(da_analyze(scn, &o, &an), DA_OK);
    return an;
}

/*
 * An estimate outside [0, 1] beyond its interval is noise, and is said: the lone chance of
 * test_chances.c (its index is 1) at a handful of samples, where the estimators wander.
 * Of 20 seeds at -n 4, those whose S1 or ST lies outside by more than its interval all warn,
 * and none that lies inside does.
 */
static void test_sample_size_outside(void **state)
{
    (void)state;
    da_scenario *scn = load_yaml_ok(replace_once(minimal_scenario, "    delay_days: 10\n",
                                                 "    delay_days: 10\n    probability: 0.5\n"));
    int outside = 0;
    for (uint64_t seed = 1; seed <= 20; seed++) {
        da_analysis *an = sobol_of(scn, "start_day", 4, seed);
        const struct input_result *r = &an->inputs[0];
        bool beyond = r->S1 + r->S1_conf < 0 || r->S1 - r->S1_conf > 1 || r->ST + r->ST_conf < 0 ||
                      r->ST - r->ST_conf > 1;
        beyond = beyond && an->variance > 0;
        assert_true(has_warning(an, WARN_OUTSIDE) == beyond);
        assert_true(has_warning(an, WARN_SMALL) == (an->variance > 0));
        outside += beyond;
        da_analysis_free(an);
    }
    assert_true(outside > 0); /* the case is exercised */
    da_scenario_free(scn);
}

/*
 * An index outside [0, 1] by rounding alone is no warning; one outside by sampling still is.
 * Two areas with uncertain populations, which move the strength deployed at the end by an
 * ulp here and there (an index of about 1e-16) and nothing more, beside a delay and a vetting
 * rate that decide it. Over 100 seeds at -n 32: a population's index is outside by more than
 * its interval in some of them, within its rounding floor in every one, and never warned
 * about; the vetting rate's S1 is outside by sampling in some, and warned about in each.
 */
static void test_sample_size_rounding_is_no_excursion(void **state)
{
    (void)state;
    const char *yaml = replace_once(minimal_scenario, "horizon_days: 100\n", "horizon_days: 200\n");
    yaml = replace_once(yaml, "    population: 1000\n",
                        "    population: {dist: uniform, min: 900, max: 1100}\n");
    yaml = replace_once(
        yaml, "    hospital_beds: 2\n",
        "    hospital_beds: 2\n"
        "  - {id: b, name: Area B, population: {dist: uniform, min: 1900, max: 2100},\n"
        "     area_km2: 10, displaced_share: 0.5, security_baseline: 0.2,\n"
        "     water_capacity_m3_day: 5, hospital_beds: 2}\n");
    yaml = replace_once(yaml, "    delay_days: 10\n",
                        "    delay_days: {dist: uniform, min: 0, max: 100}\n");
    yaml = replace_once(yaml, "        vetting_pass: 0.9\n",
                        "        vetting_pass: {dist: uniform, min: 0.7, max: 0.9}\n");
    da_scenario *scn = load_yaml_ok(yaml);
    int rounded_beyond = 0, sampled_beyond = 0;
    for (uint64_t seed = 1; seed <= 100; seed++) {
        da_analysis *an = sobol_of(scn, "deployed_end", 32, seed);
        bool beyond = false;
        for (int i = 0; i < an->n_inputs; i++) {
            const struct input_result *r = &an->inputs[i];
            if (strstr(an->scn->params[an->pids[i]].path, ".population")) {
                assert_true(fabs(r->S1) <= r->S1_floor && fabs(r->ST) <= r->ST_floor);
                assert_true(r->S1_floor < 1e-9 && r->ST_floor < 1e-9);
                rounded_beyond += r->S1 + r->S1_conf < 0;
                continue;
            }
            assert_true(r->S1_floor < 1e-9 && r->ST_floor < 1e-9);
            beyond = beyond || r->S1 + r->S1_conf < 0 || r->S1 - r->S1_conf > 1 ||
                     r->ST - r->ST_conf > 1;
        }
        assert_true(has_warning(an, WARN_OUTSIDE) == beyond);
        for (int w = 0; w < an->n_warnings; w++)
            assert_null(strstr(an->warnings[w].text, "population"));
        sampled_beyond += beyond;
        da_analysis_free(an);
    }
    print_message("rounding beyond the interval in %d seeds, sampling in %d\n", rounded_beyond,
                  sampled_beyond);
    assert_true(rounded_beyond > 0 && sampled_beyond > 0); /* both cases are exercised */
    da_scenario_free(scn);
}

/*
 * Morris's mu* and the tornado's swing have intervals too. On the chain, where nothing but
 * the delays is random, every elementary effect of a delay is the same and so is every run of
 * a setting: the intervals are 0, and no warning but 'small' below its floor.
 */
static void test_sample_size_morris_and_tornado(void **state)
{
    (void)state;
    da_scenario *scn = chain();
    da_analysis *m = analyze(scn, DA_METHOD_MORRIS, 5);
    for (int i = 0; i < m->n_inputs; i++)
        assert_near(m->inputs[i].mu_star_conf, 0, 1e-9);
    assert_int_equal(m->n_warnings, 1);
    assert_int_equal(m->warnings[0].kind, WARN_SMALL);
    assert_int_equal(m->recommended_samples, 10);
    da_analysis_free(m);
    da_analysis *t = analyze(scn, DA_METHOD_TORNADO, 30);
    for (int i = 0; i < t->n_inputs; i++)
        assert_near(t->inputs[i].swing_conf, 0, 1e-9);
    assert_int_equal(t->n_warnings, 0);
    da_analysis_free(t);
    da_scenario_free(scn);
}

/*
 * The tornado's interval is that of a mean of paired differences: on two contingents that
 * join with probability 1/2 and 1/5 (test_chances.c), setting the first's chance low and high
 * moves the last day's strength by 100 exactly in every run, whatever the second does: swing
 * 100, interval 0. The second's chance at its 10th and 90th percentiles is 0.1 and 0.9, both
 * sides of 0.2 only at the 10th: swing 200, interval 0 too. The first's swing at the central
 * value of the other is exact, so these are hand-computed.
 */
static void test_sample_size_tornado_paired(void **state)
{
    (void)state;
    da_scenario *scn = load_yaml_ok(two_contingents_scenario());
    da_analyze_options o;
    da_analyze_options_init(&o);
    o.method = DA_METHOD_TORNADO;
    o.metric = "deployed_end";
    o.samples = 40;
    da_analysis *an = NULL;
    assert_int_equal(da_analyze(scn, &o, &an), DA_OK);
    const struct input_result *c1 = &an->inputs[input_named(an, "options.o.sources.c1.joins")];
    const struct input_result *c2 = &an->inputs[input_named(an, "options.o.sources.c2.joins")];
    /* All central: c1 happens iff 1/2 >= 1/2 (yes), c2 iff 1/5 >= 1/2 (no): 100. */
    assert_near(an->mean, 100, 0);
    assert_near(c1->low, 100, 0);
    assert_near(c1->high, 0, 0);
    assert_near(c1->swing, 100, 0);
    assert_near(c1->swing_conf, 0, 0);
    assert_near(c2->low, 300, 0);
    assert_near(c2->high, 100, 0);
    assert_near(c2->swing, 200, 0);
    assert_near(c2->swing_conf, 0, 0);
    da_analysis_free(an);
    da_scenario_free(scn);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_sample_size_sobol_warnings),
        cmocka_unit_test(test_sample_size_outside),
        cmocka_unit_test(test_sample_size_rounding_is_no_excursion),
        cmocka_unit_test(test_sample_size_morris_and_tornado),
        cmocka_unit_test(test_sample_size_tornado_paired),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
