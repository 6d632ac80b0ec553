/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * test_dist.c - distributions: central values, supports, and the checks on their parameters
 * and on the field's range (src/scenario/dist.c).
 */
#include <math.h>
#include <string.h>

#include "helpers.h"
#include "model/draw.h"
#include "scenario/dist.h"
#include "scenario/scenario.h"

static struct da_dist make(enum da_dist_kind kind)
{
    struct da_dist d;
    memset(&d, 0, sizeof d);
    d.kind = kind;
    return d;
}

static void test_dist_central_values_by_hand(void **state)
{
    (void)state;
    struct da_dist d = make(DIST_UNIFORM);
    d.min = 2.5;
    d.max = 10.5;
    assert_near(dist_central(&d), 6.5, 1e-12);
    d = make(DIST_TRIANGULAR);
    d.min = 1;
    d.mode = 3.25;
    d.max = 9;
    assert_near(dist_central(&d), 3.25, 1e-12);
    d.kind = DIST_PERT;
    assert_near(dist_central(&d), 3.25, 1e-12);
    d = make(DIST_NORMAL);
    d.mean = 45;
    d.sd = 10;
    d.min = 20;
    d.max = 90;
    assert_near(dist_central(&d), 45, 1e-12);
    d.mean = 5; /* below its bounds: clamped */
    assert_near(dist_central(&d), 20, 1e-12);
    d = make(DIST_LOGNORMAL);
    d.median = 60;
    d.sigma = 0.6;
    assert_near(dist_central(&d), 60, 1e-12);
    d = make(DIST_BETA);
    d.alpha = 8;
    d.beta = 3;
    d.min = 0;
    d.max = 1;
    assert_near(dist_central(&d), 8.0 / 11.0, 1e-12);
    d.min = 10;
    d.max = 20;
    d.alpha = d.beta = 2.385;
    assert_near(dist_central(&d), 15, 1e-12);
    d = make(DIST_BERNOULLI);
    d.p = 0.5;
    assert_near(dist_central(&d), 1, 0);
    d.p = 0.49;
    assert_near(dist_central(&d), 0, 0);
    d = dist_fixed(2.385);
    assert_near(dist_central(&d), 2.385, 0);
}

static void test_dist_support_and_constancy(void **state)
{
    (void)state;
    double lo, hi;
    struct da_dist d = make(DIST_LOGNORMAL);
    d.median = 1;
    d.sigma = 1;
    dist_support(&d, &lo, &hi);
    assert_true(lo == 0 && isinf(hi));
    assert_false(dist_is_constant(&d));
    d = make(DIST_BERNOULLI);
    d.p = 1;
    dist_support(&d, &lo, &hi);
    assert_true(lo == 1 && hi == 1);
    assert_true(dist_is_constant(&d));
    d.p = 0.3;
    dist_support(&d, &lo, &hi);
    assert_true(lo == 0 && hi == 1);
    d = make(DIST_UNIFORM);
    d.min = d.max = 4;
    assert_true(dist_is_constant(&d));
}

/* The minimal scenario with its milestone's delay written as 'dist' (line 15, column 17). */
static const char *with_delay(const char *dist)
{
    static char line[256];
    snprintf(line, sizeof line, "    delay_days: %s\n", dist);
    return replace_once(minimal_scenario, "    delay_days: 10\n", line);
}

static void test_dist_every_kind_reads(void **state)
{
    (void)state;
    const char *ok[] = {
        "{dist: fixed, value: 3}",
        "{dist: uniform, min: 0, max: 5}",
        "{dist: triangular, min: 0, mode: 1, max: 5}",
        "{dist: pert, min: 0, mode: 1, max: 5, lambda: 6}",
        "{dist: normal, mean: 10, sd: 3, min: 0}",
        "{dist: lognormal, median: 60, sigma: 0.6}",
        "{dist: beta, alpha: 2, beta: 5, min: 0, max: 90}",
        "{dist: bernoulli, p: 0.3}",
    };
    for (size_t i = 0; i < sizeof ok / sizeof ok[0]; i++) {
        da_diags *diags;
        da_scenario *scn;
        da_status st = load_string(with_delay(ok[i]), &diags, &scn);
        if (st != DA_OK)
            print_error("%s:\n%s", ok[i], diags_text(diags));
        assert_int_equal(st, DA_OK);
        da_scenario_free(scn);
        da_diags_free(diags);
    }
}

static void test_dist_parameters_are_checked(void **state)
{
    (void)state;
    const char *p = "milestones.go.delay_days: ";
    char expected[512];
    /* column 44 is the value of 'mode' */
    snprintf(expected, sizeof expected, "15:44: %smin (5) is greater than mode (2)\n", p);
    assert_problems(with_delay("{dist: pert, min: 5, mode: 2, max: 9}"), expected);
    snprintf(expected, sizeof expected, "15:58: %smode (4) is greater than max (3)\n", p);
    assert_problems(with_delay("{dist: triangular, min: 1, mode: 4, max: 3}"), expected);
    snprintf(expected, sizeof expected, "15:17: %sa uniform distribution needs the key 'max'\n", p);
    assert_problems(with_delay("{dist: uniform, min: 1}"), expected);
    snprintf(expected, sizeof expected, "15:45: %ssd must be > 0, found 0\n", p);
    assert_problems(with_delay("{dist: normal, mean: 5, sd: 0, min: 0}"), expected);
    snprintf(expected, sizeof expected, "15:53: %ssigma must be > 0, found -1\n", p);
    assert_problems(with_delay("{dist: lognormal, median: 9, sigma: -1}"), expected);
    snprintf(expected, sizeof expected, "15:37: %salpha must be > 0 and at most 10^6, found 0\n",
             p);
    assert_problems(with_delay("{dist: beta, alpha: 0, beta: 2}"), expected);
    snprintf(expected, sizeof expected, "15:38: %sp is a probability, from 0 to 1; found 2\n", p);
    assert_problems(with_delay("{dist: bernoulli, p: 2}"), expected);
    snprintf(expected, sizeof expected, "15:63: %slambda must be > 0 and at most 10^6, found 0\n",
             p);
    assert_problems(with_delay("{dist: pert, min: 1, mode: 2, max: 3, lambda: 0}"), expected);
}

static void test_dist_names_and_keys_get_suggestions(void **state)
{
    (void)state;
    assert_problems(with_delay("{dist: pret, min: 1, mode: 2, max: 3}"),
                    "15:24: milestones.go.delay_days: unknown distribution 'pret' (expected "
                    "fixed, uniform, triangular, pert, normal, lognormal, beta or bernoulli); "
                    "did you mean 'pert'?\n");
    assert_problems(with_delay("{dist: pert, min: 1, mod: 2, max: 3}"),
                    "15:17: milestones.go.delay_days: a pert distribution needs the key 'mode'\n"
                    "15:38: milestones.go.delay_days: unknown key 'mod' in a pert distribution "
                    "(it takes min, mode, max, lambda); did you mean 'mode'?\n");
    assert_problems(with_delay("{min: 1, mode: 2, max: 3}"),
                    "15:17: milestones.go.delay_days: a distribution needs the key 'dist' "
                    "(fixed, uniform, triangular, pert, normal, lognormal, beta or bernoulli)\n");
}

static void test_dist_support_must_fit_the_field(void **state)
{
    (void)state;
    assert_problems(with_delay("{dist: normal, mean: 10, sd: 3}"),
                    "15:17: milestones.go.delay_days: a normal distribution without 'min' can "
                    "be below 0; expected values from 0 to 10^6\n");
    assert_problems(with_delay("{dist: uniform, min: -2, max: 3}"),
                    "15:17: milestones.go.delay_days: this uniform distribution can be below 0 "
                    "(its lowest value is -2); expected values from 0 to 10^6\n");
    const char *yaml =
        replace_once(minimal_scenario, "    delay_days: 10\n",
                     "    delay_days: 10\n"
                     "    probability: {dist: lognormal, median: 0.5, sigma: 0.2}\n");
    assert_problems(yaml,
                    "16:18: milestones.go.probability: a lognormal distribution (unbounded "
                    "above) can be above 1; expected values from 0 to 1\n");
    yaml = replace_once(minimal_scenario, "  tau_days: 30\n",
                        "  tau_days: {dist: uniform, min: 0.5, max: 10}\n");
    assert_problems(yaml,
                    "18:13: security.tau_days: this uniform distribution can be below 1 "
                    "(its lowest value is 0.5); expected values from 1 to 10^6\n");
    yaml = replace_once(minimal_scenario, "    population: 1000\n",
                        "    population: {dist: triangular, min: 0, mode: 10, max: 20}\n");
    assert_problems(yaml,
                    "7:17: areas.a.population: this triangular distribution can be below "
                    "1 (its lowest value is 0); expected values from 1 to 10^10\n");
    yaml = replace_once(minimal_scenario, "    population: 1000\n",
                        "    population: {dist: lognormal, median: 1000, sigma: 0.1}\n");
    da_diags *diags;
    da_scenario *scn;
    assert_int_equal(load_string(yaml, &diags, &scn), DA_OK); /* never 0 */
    da_scenario_free(scn);
    da_diags_free(diags);
}

static void test_dist_truncated_normal_needs_probability_mass(void **state)
{
    (void)state;
    assert_problems(with_delay("{dist: normal, mean: 0, sd: 1, min: 10, max: 20}"),
                    "15:17: milestones.go.delay_days: a normal distribution with mean 0 and sd 1 "
                    "has almost no probability between 10 and 20\n");
    /* Four standard deviations out still holds 3e-5 of the mass: accepted. */
    da_diags *diags;
    da_scenario *scn;
    assert_int_equal(
        load_string(with_delay("{dist: normal, mean: 0, sd: 1, min: 4, max: 20}"), &diags, &scn),
        DA_OK);
    da_scenario_free(scn);
    da_diags_free(diags);
}

/* The parameter of 'scn' at 'path'. */
static const struct da_param *param_at(const da_scenario *scn, const char *path)
{
    for (size_t i = 0; i < scn->n_params; i++)
        if (scn->params[i].path && strcmp(scn->params[i].path, path) == 0)
            return &scn->params[i];
    fail_msg("no parameter %s", path);
    return NULL;
}

/*
 * An unbounded tail may cross a limit of computation (population at most 10^10, at least 1)
 * with probability 1e-9 at most. By hand: a lognormal with median 10^9 and sigma 1 is above
 * 10^10 when its normal is above ln(10) = 2.3026 sigmas: Q(2.3026) = 0.01065; one with median
 * 10 is below 1 when it is below -2.3026 sigmas: also 0.01065. The normal of mean and sd 1e308
 * truncated at 1 lies almost wholly above 10^10.
 */
static void test_dist_tails_beyond_the_limits(void **state)
{
    (void)state;
    const char *at = "    population: 1000\n";
    assert_problems(replace_once(minimal_scenario, at,
                                 "    population: {dist: lognormal, median: 1e9, sigma: 1}\n"),
                    "7:17: areas.a.population: a lognormal distribution with median 1e+09 and "
                    "sigma 1 is above 10^10 with probability 0.011 (at most 1e-09 is allowed); "
                    "expected values from 1 to 10^10\n");
    assert_problems(replace_once(minimal_scenario, at,
                                 "    population: {dist: lognormal, median: 10, sigma: 1}\n"),
                    "7:17: areas.a.population: a lognormal distribution with median 10 and "
                    "sigma 1 is below 1 with probability 0.011 (at most 1e-09 is allowed); "
                    "expected values from 1 to 10^10\n");
    assert_problems(replace_once(minimal_scenario, at,
                                 "    population: {dist: normal, mean: 1e308, sd: 1e308, "
                                 "min: 1}\n"),
                    "7:17: areas.a.population: a normal distribution with mean 1e+308 and sd "
                    "1e+308 is above 10^10 with probability 1 (at most 1e-09 is allowed); "
                    "expected values from 1 to 10^10\n");
    assert_problems(
        replace_once(minimal_scenario, at, "    population: {dist: uniform, min: 1, max: 1e300}\n"),
        "7:17: areas.a.population: this uniform distribution can be above 10^10 "
        "(its highest value is 1e+300); expected values from 1 to 10^10\n");
    assert_problems(replace_once(minimal_scenario, at, "    population: 1e39\n"),
                    "7:17: areas.a.population: expected a number from 1 to 10^10, found 1e39\n");
    assert_problems(replace_once(minimal_scenario, at, "    population: 1e-35\n"),
                    "7:17: areas.a.population: expected a number from 1 to 10^10, found 1e-35\n");
    /* 12 sigmas from the limit in both directions (median 10^5, sigma 0.4: ln(10^5) = 11.5
     * = 28.8 sigmas down to 1, ln(10^5) = 28.8 sigmas up to 10^10): accepted, clamped. */
    da_diags *diags;
    da_scenario *scn;
    const char *yaml = replace_once(minimal_scenario, at,
                                    "    population: {dist: lognormal, median: 1e5, sigma: 0.4}\n");
    assert_int_equal(load_string(yaml, &diags, &scn), DA_OK);
    const struct da_dist *d = &param_at(scn, "areas.a.population")->dist;
    assert_true(d->clamped);
    assert_near(d->clamp_lo, 1, 0);
    assert_near(d->clamp_hi, 1e10, 0);
    /* The quantile of 1 is infinite before the clamp, 0 is 0: both land on the limits. */
    assert_near(draw_quantile(d, 1.0), 1e10, 0);
    assert_near(draw_quantile(d, 0.0), 1, 0);
    assert_near(draw_quantile(d, 0.5), 1e5, 1e-6);
    /* A normal without max in a field with a limit above: clamped there, not truncated. */
    da_scenario_free(scn);
    da_diags_free(diags);
    yaml = replace_once(minimal_scenario, "    delay_days: 10\n",
                        "    delay_days: {dist: normal, mean: 30, sd: 10, min: 0}\n");
    assert_int_equal(load_string(yaml, &diags, &scn), DA_OK);
    d = &param_at(scn, "milestones.go.delay_days")->dist;
    assert_true(d->clamped && d->clamp_hi == 1e6 && isinf(d->clamp_lo));
    assert_near(draw_quantile(d, 1.0), 1e6, 0);
    da_scenario_free(scn);
    da_diags_free(diags);
    /* A share's upper end is the field's meaning, not a limit: no tail may cross it. */
    assert_problems(replace_once(minimal_scenario, "    displaced_share: 0.5\n",
                                 "    displaced_share: {dist: lognormal, median: 1e-6, "
                                 "sigma: 0.1}\n"),
                    "9:22: areas.a.displaced_share: a lognormal distribution (unbounded above) "
                    "can be above 1; expected values from 0 to 1\n");
}

/* The analyses' quantiles of betas and perts of extreme shapes that a scenario may give: each
 * is a number from min to max, rising with u, where GSL's inverse failed to converge (and
 * aborted the analysis) or never returned. */
static void test_dist_quantiles_of_extreme_shapes(void **state)
{
    (void)state;
    static const double shapes[] = {1e-300, 1e-5, 0.01, 0.3, 1, 7, 1000, 1e6, 1e8, 1e300};
    static const double us[] = {0, 0x1p-53, 1e-6, 0.1, 0.5, 0.9, 1 - 1e-6, 1 - 0x1p-53, 1};
    size_t n = sizeof shapes / sizeof *shapes;
    for (size_t i = 0; i < n; i++)
        for (size_t j = 0; j < n; j++) {
            struct da_dist beta = make(DIST_BETA), pert = make(DIST_PERT);
            beta.alpha = shapes[i];
            beta.beta = shapes[j];
            beta.min = 2;
            beta.max = 5;
            pert.min = 0;
            pert.mode = shapes[i] / (shapes[i] + shapes[j]);
            pert.max = 1;
            pert.lambda = shapes[i] + shapes[j];
            double before_beta = 2, before_pert = 0;
            for (size_t k = 0; k < sizeof us / sizeof *us; k++) {
                double x = draw_quantile(&beta, us[k]), y = draw_quantile(&pert, us[k]);
                assert_true(x >= before_beta && x <= 5);
                assert_true(y >= before_pert && y <= 1);
                before_beta = x;
                before_pert = y;
            }
        }
    /* Near a normal where both shapes are large; GSL's own where it converges. */
    struct da_dist d = make(DIST_BETA);
    d.alpha = d.beta = 1e6;
    d.max = 1;
    assert_near(draw_quantile(&d, 0.5), 0.5, 1e-12);
    assert_near(draw_quantile(&d, 0.9), 0.5 + 1.2815515655446004 * sqrt(0.25 / (2e6 + 1)), 1e-9);
    d.alpha = 1e-300;
    d.beta = 1;
    assert_near(draw_quantile(&d, 0.5), 0, 1e-300);
    d.alpha = 2;
    d.beta = 2;
    assert_near(draw_quantile(&d, 0.5), 0.5, 1e-12);
}

static void test_dist_describe(void **state)
{
    (void)state;
    char buf[96];
    struct da_dist d = make(DIST_PERT);
    d.min = 0;
    d.mode = 30;
    d.max = 120;
    assert_string_equal(dist_describe(&d, buf, sizeof buf), "pert(0, 30, 120)");
    struct da_range r = {0, 1, false, false, false};
    assert_string_equal(range_describe(&r, buf, sizeof buf), "from 0 to 1");
    r.hi = HUGE_VAL;
    r.lo_open = true;
    assert_string_equal(range_describe(&r, buf, sizeof buf), "> 0");
    /* The limits' powers of ten read as such; other numbers as %g. */
    struct da_range usd = {0, 1e13, false, false, true};
    assert_string_equal(range_describe(&usd, buf, sizeof buf), "from 0 to 10^13");
    struct da_range km2 = {0, 1e9, true, false, true};
    assert_string_equal(range_describe(&km2, buf, sizeof buf), "above 0 and at most 10^9");
    struct da_range per = {0, 1000, true, false, true};
    assert_string_equal(range_describe(&per, buf, sizeof buf), "above 0 and at most 1000");
    struct da_range risk = {1e-6, 1000, false, true, true}; /* a lower limit of computation */
    assert_string_equal(range_describe(&risk, buf, sizeof buf), "from 10^-6 to 1000");
    struct da_range odd = {0, 2.5e7, false, false, true};
    assert_string_equal(range_describe(&odd, buf, sizeof buf), "from 0 to 2.5e+07");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_dist_central_values_by_hand),
        cmocka_unit_test(test_dist_support_and_constancy),
        cmocka_unit_test(test_dist_every_kind_reads),
        cmocka_unit_test(test_dist_parameters_are_checked),
        cmocka_unit_test(test_dist_names_and_keys_get_suggestions),
        cmocka_unit_test(test_dist_support_must_fit_the_field),
        cmocka_unit_test(test_dist_truncated_normal_needs_probability_mass),
        cmocka_unit_test(test_dist_tails_beyond_the_limits),
        cmocka_unit_test(test_dist_quantiles_of_extreme_shapes),
        cmocka_unit_test(test_dist_describe),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
