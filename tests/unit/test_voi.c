/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * test_voi.c - `analyze --method voi` on the engine: a choice whose value of information is
 * known in closed form, its JSON, and the same results for any number of threads.
 *
 * The case: option o starts when milestone a comes, option p when milestone b comes, and the
 * delays are independent uniforms on [0, 100] days; by start_day (less is better) the net
 * benefits are -a and -b. With D = a - b (triangular on [-100, 100]):
 *
 *   EVPI        = E[max(-a, -b)] - max(E[-a], E[-b]) = E[max(0, D)] = E|D| / 2 = 50 / 3;
 *   EVPPI(a)    = E[max(0, E[D | a])] = E[max(0, a - 50)] = 12.5, and the same for b;
 *
 * and knowing a milestone's day is knowing its delay. The area's population and displaced
 * share are uncertain too (the default group areas.a) but move no start day: worth nothing.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analysis/analysis.h"
#include "analysis/voi.h"
#include "helpers.h"
#include "util/alloc.h"

static const char *two_options(void)
{
    const char *yaml = replace_once(minimal_scenario, "horizon_days: 100\n", "horizon_days: 400\n");
    yaml = replace_once(yaml, "    population: 1000\n",
                        "    population: {dist: uniform, min: 900, max: 1100}\n");
    yaml = replace_once(yaml, "    displaced_share: 0.5\n",
                        "    displaced_share: {dist: uniform, min: 0.4, max: 0.6}\n");
    yaml = with_section(yaml, "milestones",
                        "milestones:\n"
                        "  - id: a\n"
                        "    delay_days: {dist: uniform, min: 0, max: 100}\n"
                        "  - id: b\n"
                        "    delay_days: {dist: uniform, min: 0, max: 100}\n");
    return with_section(yaml, "options",
                        "options:\n"
                        "  - id: o\n"
                        "    name: O\n"
                        "    starts_when: a\n"
                        "    sources:\n"
                        "      - id: s\n"
                        "        kind: pool\n"
                        "        size: 100\n"
                        "        vetting_pass: 0.9\n"
                        "  - id: p\n"
                        "    name: P\n"
                        "    starts_when: b\n"
                        "    sources:\n"
                        "      - id: s\n"
                        "        kind: pool\n"
                        "        size: 100\n"
                        "        vetting_pass: 0.9\n");
}

static da_scenario *load_two_options(void)
{
    da_diags *diags = NULL;
    da_scenario *scn = NULL;
    assert_int_equal(load_string(two_options(), &diags, &scn), DA_OK);
    da_diags_free(diags);
    return scn;
}

static da_analysis *voi(const da_scenario *scn, uint64_t samples, int threads)
{
    da_analyze_options o;
    da_analyze_options_init(&o);
    o.method = DA_METHOD_VOI;
    o.metric = "start_day";
    o.samples = samples;
    o.threads = threads;
    da_analysis *an = NULL;
    assert_int_equal(da_analyze(scn, &o, &an), DA_OK);
    return an;
}

#define N 4000

/*
 * The closed forms, within 4 standard errors of the sample's own error: the EVPI's is that of
 * the mean of max(0, D) (standard deviation sqrt(E[D^2] / 2 - (50 / 3)^2), E[D^2] = 2 x
 * 100^2 / 12) plus that of the mean of D, which the choice now subtracts when it is above 0;
 * an EVPPI's that of the mean of max(0, a - 50) (sqrt((50^2 / 3) / 2 - 12.5^2)) plus the same,
 * and 4 of its own standard errors.
 */
static void test_voi_two_milestones(void **state)
{
    (void)state;
    da_scenario *scn = load_two_options();
    da_analysis *an = voi(scn, N, 2);
    const struct voi_results *v = an->voi;
    double var_d = 2 * 100.0 * 100.0 / 12, sd_d = sqrt(var_d / N);
    double sd_evpi = sqrt(var_d / 2 - (50.0 / 3) * (50.0 / 3)) / sqrt(N);
    double sd_evppi = sqrt(2500.0 / 3 / 2 - 12.5 * 12.5) / sqrt(N);
    assert_int_equal(v->n_options, 2);
    assert_int_equal(v->sign, -1);
    assert_int_equal(an->samples, N);
    assert_int_equal(an->evaluations, N);
    assert_near(v->means[0], 50, 4 * 100 / sqrt(12.0 * N));
    assert_near(v->means[1], 50, 4 * 100 / sqrt(12.0 * N));
    assert_near(v->evpi.evppi, 50.0 / 3, 4 * (sd_evpi + sd_d));
    assert_near(v->evpi.chosen[0] + v->evpi.chosen[1], 1, 1e-12);
    for (int m = 0; m < 2; m++) {
        const char *path = m == 0 ? "milestones.a.delay_days" : "milestones.b.delay_days";
        const struct voi_entry *in = &v->inputs[input_named(an, path)];
        const struct voi_entry *day = &v->milestones[m];
        assert_near(in->evppi, 12.5, 4 * (sd_evppi + sd_d + in->se));
        /* The milestone's day is its delay: the same regression, the same numbers. */
        assert_true(day->evppi == in->evppi);
        assert_true(day->se == in->se);
        assert_true(in->chosen[0] > 0.4 && in->chosen[0] < 0.6);
    }
    /* The two delays rank first; the area's inputs, alone and as their group, are worth
     * nothing more than the regression's noise: at most twice the root mean square of its
     * error (sigma sqrt(p / N), sigma^2 = var(D), p <= 14 coefficients), as test_evppi.c
     * derives. */
    double noise = 2 * sqrt(var_d * 14 / N);
    assert_true(an->order[0] == input_named(an, "milestones.a.delay_days") ||
                an->order[0] == input_named(an, "milestones.b.delay_days"));
    assert_true(v->inputs[input_named(an, "areas.a.population")].evppi <= noise);
    assert_true(v->inputs[input_named(an, "areas.a.displaced_share")].evppi <= noise);
    assert_int_equal(v->n_groups, 1);
    assert_string_equal(v->groups[0].name, "areas.a");
    assert_int_equal(v->groups[0].n_members, 2);
    assert_true(v->group_values[0].evppi <= noise);
    /* The option chosen now is the analysis's option, with its metric's moments. */
    assert_int_equal(an->option, v->chosen_now);
    assert_near(an->mean, v->means[an->option], 1e-9);
    da_analysis_free(an);
    da_scenario_free(scn);
}

/* The JSON has the value of information's entries, and is the same for 1 and 2 threads. */
static void test_voi_json_and_threads(void **state)
{
    (void)state;
    da_scenario *scn = load_two_options();
    da_analysis *one = voi(scn, 300, 1), *two = voi(scn, 300, 2);
    char *a = analysis_json(one), *b = analysis_json(two);
    assert_string_equal(a, b);
    const char *keys[] = {"\"method\": \"voi\"",
                          "\"evpi\":",
                          "\"chosen_now\":",
                          "\"options\":",
                          "\"chosen_with_perfect_information\":",
                          "\"milestones\":",
                          "\"milestone\": \"a\"",
                          "\"groups\":",
                          "\"name\": \"areas.a\"",
                          "\"evppi\":",
                          "\"evppi_se\":",
                          "\"evppi_bias\":",
                          "\"evppi_share\":",
                          "\"chosen\":"};
    for (size_t k = 0; k < sizeof keys / sizeof keys[0]; k++)
        if (!strstr(a, keys[k]))
            fail_msg("no %s in the JSON", keys[k]);
    free(a);
    free(b);
    da_analysis_free(one);
    da_analysis_free(two);
    da_scenario_free(scn);
}

/* voi compares every option: an option named, or a scenario of one, is bad usage. */
static void test_voi_usage(void **state)
{
    (void)state;
    da_scenario *scn = load_two_options();
    da_analyze_options o;
    da_analyze_options_init(&o);
    o.method = DA_METHOD_VOI;
    o.metric = "start_day";
    o.option = "o";
    da_analysis *an = NULL;
    assert_int_equal(da_analyze(scn, &o, &an), DA_ERR_USAGE);
    assert_null(an);
    da_scenario_free(scn);
    /* One option, and an uncertain input to analyze. */
    da_diags *diags = NULL;
    assert_int_equal(load_string(replace_once(minimal_scenario, "    population: 1000\n",
                                              "    population: {dist: uniform, min: 900, "
                                              "max: 1100}\n"),
                                 &diags, &scn),
                     DA_OK);
    da_diags_free(diags);
    o.option = NULL;
    assert_int_equal(da_analyze(scn, &o, &an), DA_ERR_USAGE);
    assert_null(an);
    da_scenario_free(scn);
    assert_int_equal(da_method_of("voi"), DA_METHOD_VOI);
}

/* Every allocation of the analysis can fail, and then it returns DA_ERR_NOMEM without
 * crashing or leaking (AddressSanitizer's leak checker watches); one thread, as the test hook
 * counts allocations without a lock. */
static void test_voi_allocations_fail(void **state)
{
    (void)state;
    da_scenario *scn = load_two_options();
    da_analyze_options o;
    da_analyze_options_init(&o);
    o.method = DA_METHOD_VOI;
    o.metric = "start_day";
    o.samples = 20;
    o.threads = 1;
    unsigned long n = 1;
    for (;; n++) {
        da_analysis *an = NULL;
        da_alloc_fail_after(n);
        da_status st = da_analyze(scn, &o, &an);
        unsigned long attempts = da_alloc_attempts();
        da_alloc_fail_after(0);
        if (st != DA_OK && st != DA_ERR_NOMEM)
            fail_msg("allocation %lu failed: status %s", n, da_status_str(st));
        if (st == DA_OK) {
            assert_non_null(an);
            da_analysis_free(an);
            if (attempts < n)
                break; /* no allocation failed: every one has been */
        } else {
            assert_null(an);
        }
    }
    assert_true(n > 20);
    da_scenario_free(scn);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_voi_two_milestones),
        cmocka_unit_test(test_voi_json_and_threads),
        cmocka_unit_test(test_voi_usage),
        cmocka_unit_test(test_voi_allocations_fail),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
