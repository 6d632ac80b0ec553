/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * test_evppi.c - the value-of-information estimator (src/analysis/evppi.c) on synthetic samples
 * whose answers are closed forms, without the engine.
 *
 * For theta ~ N(mu, sigma) and two options whose net benefits differ by theta, knowing theta
 * first is worth E[max(0, theta)] - max(0, mu) = sigma phi(mu / sigma) + mu Phi(mu / sigma)
 * - max(0, mu), which is also the EVPI when nothing else moves the difference. Each tolerance
 * is a number of standard errors of the sample's own error, worked out from the same closed
 * forms (the second moment E[max(0, -theta)^2] = (mu^2 + sigma^2) Phi(-mu / sigma) - mu sigma
 * phi(mu / sigma)), never from the estimate.
 */
#include <gsl/gsl_cdf.h>
#include <gsl/gsl_randist.h>
#include <math.h>
#include <stdbool.h>
#include <stdlib.h>

#include "analysis/evppi.h"
#include "analysis/voi_basis.h"
#include "helpers.h"
#include "model/rng.h"

#define N  2000
#define PI 3.14159265358979323846

/* A sample of N points with 'options' options and 'vars' uncertainties, all zero. */
struct synthetic {
    double nb[N * 3];
    double x[N * 4];
    struct voi_sample s;
    double chosen[3];
};

static struct synthetic *synthetic(int options, int vars)
{
    struct synthetic *t = calloc(1, sizeof *t);
    assert_non_null(t);
    t->s = (struct voi_sample){N, options, t->nb, vars, t->x, 7};
    return t;
}

static gsl_rng *stream(uint64_t seed)
{
    gsl_rng *rng = rng_alloc();
    assert_non_null(rng);
    rng_seed(rng, seed, 0, RNG_STREAM_PARAMS);
    return rng;
}

/* E[max(0, theta)] - max(0, mu) for theta ~ N(mu, sigma). */
static double gain_of_knowing(double mu, double sigma)
{
    return sigma * gsl_ran_gaussian_pdf(mu / sigma, 1) + mu * gsl_cdf_ugaussian_P(mu / sigma) -
           fmax(0, mu);
}

/* The standard error of the mean of max(0, -theta) over N points, theta ~ N(mu, sigma): the
 * sample EVPI's when mu > 0 is many standard errors from 0 (then the choice now is option 1 in
 * every sample, and the EVPI is that mean). */
static double evpi_standard_error(double mu, double sigma)
{
    double z = mu / sigma, phi = gsl_ran_gaussian_pdf(z, 1), cdf = gsl_cdf_ugaussian_P(-z);
    double m1 = sigma * phi - mu * cdf;
    double m2 = (mu * mu + sigma * sigma) * cdf - mu * sigma * phi;
    return sqrt((m2 - m1 * m1) / N);
}

static double evppi_of(struct synthetic *t, const int *vars, int m, double *se)
{
    struct voi_value v = {0, 0, 0, t->chosen};
    assert_int_equal(voi_evppi(&t->s, vars, m, &v), DA_OK);
    if (se)
        *se = v.se;
    return v.value;
}

static double evpi_of(struct synthetic *t)
{
    struct voi_value v = {0, 0, 0, t->chosen};
    voi_evpi(&t->s, &v);
    assert_true(isnan(v.se));
    return v.value;
}

/* NB_1 - NB_0 = theta, theta ~ N(0.5, 1); x1 ~ N(0, 1) and x2 ~ U(0, 10) do not enter. The
 * regression on theta is exact (a line), so its EVPPI is the sample's EVPI to rounding, and
 * both are within 4 standard errors of the closed form (mu is 22 standard errors from 0). The
 * irrelevant inputs' fitted curves stay near the mean difference, 0.5, far above 0 where the
 * choice would change: knowing them is worth nothing. */
static void test_evppi_linear_in_one_normal_input(void **state)
{
    (void)state;
    const double mu = 0.5, sigma = 1;
    struct synthetic *t = synthetic(2, 3);
    gsl_rng *rng = stream(1);
    for (int j = 0; j < N; j++) {
        double theta = mu + gsl_ran_gaussian(rng, sigma);
        t->x[j] = theta;
        t->x[N + j] = gsl_ran_gaussian(rng, 1);
        t->x[2 * N + j] = 10 * rng_uniform(rng);
        t->nb[2 * j] = 0;
        t->nb[2 * j + 1] = theta;
    }
    double evpi = evpi_of(t), want = gain_of_knowing(mu, sigma);
    assert_near(evpi, want, 4 * evpi_standard_error(mu, sigma));
    assert_int_equal(voi_chosen_now(&t->s), 1);
    double se;
    int theta = 0, x1 = 1, x2 = 2;
    assert_near(evppi_of(t, &theta, 1, &se), evpi, 1e-12);
    /* With theta known, option 0 is chosen exactly where theta < 0. */
    int below = 0;
    for (int j = 0; j < N; j++)
        below += t->x[j] < 0;
    assert_near(t->chosen[0], (double)below / N, 1e-12);
    assert_near(t->chosen[1], 1 - (double)below / N, 1e-12);
    assert_near(se, 0, 1e-9); /* an exact fit has no regression error */
    assert_true(evppi_of(t, &x1, 1, &se) == 0);
    assert_true(evppi_of(t, &x2, 1, &se) == 0);
    assert_true(t->chosen[1] == 1);
    gsl_rng_free(rng);
    free(t);
}

/* NB_1 - NB_0 = theta + e with e ~ N(0, 1) that is not an input (the events of a run): knowing
 * theta is worth gain_of_knowing(mu, 1), the EVPI gain_of_knowing(mu, sqrt(2)). mu = 0: the
 * choice now is a coin's toss and the regression's error counts. The tolerance adds the
 * sample's error (the mean of max(0, theta) over N points: standard deviation at most that of
 * theta over sqrt(N)) and 4 of the estimate's own standard errors. */
static void test_evppi_with_noise_that_is_not_an_input(void **state)
{
    (void)state;
    struct synthetic *t = synthetic(2, 2);
    gsl_rng *rng = stream(2);
    for (int j = 0; j < N; j++) {
        double theta = gsl_ran_gaussian(rng, 1), other = gsl_ran_gaussian(rng, 1);
        t->x[j] = theta;
        t->x[N + j] = other;
        t->nb[2 * j] = 5;
        t->nb[2 * j + 1] = 5 + theta + gsl_ran_gaussian(rng, 1);
    }
    double se, sample = 1 / sqrt(N);
    int theta = 0, other = 1;
    double evppi = evppi_of(t, &theta, 1, &se);
    assert_true(se > 0);
    assert_near(evppi, gain_of_knowing(0, 1), 4 * sqrt(sample * sample + se * se));
    /* The irrelevant input's fitted values are the mean difference plus the regression's
     * error e_j, and max(0, a + e) - max(0, a) <= |e|: its EVPPI is at most the error's root
     * mean square, whose square has expectation sigma^2 p / N (sigma^2 = 2, the difference's
     * variance; p <= 1 + 3 + VOI_KNOTS_MAX coefficients) and is below 4 times that but with
     * probability under 1e-6 (a chi-squared with 14 degrees of freedom). */
    double p_max = 1 + 3 + VOI_KNOTS_MAX;
    assert_true(evppi_of(t, &other, 1, &se) <= 2 * sqrt(2 * p_max / N));
    assert_near(evpi_of(t), gain_of_knowing(0, sqrt(2)), 4 * sqrt(2.0 / N));
    gsl_rng_free(rng);
    free(t);
}

/* Option 1 is better at every point: no information changes the choice, EVPI and EVPPI are
 * exactly 0, and option 1 is chosen everywhere. */
static void test_evppi_choice_that_nothing_changes(void **state)
{
    (void)state;
    struct synthetic *t = synthetic(2, 2);
    gsl_rng *rng = stream(3);
    for (int j = 0; j < N; j++) {
        double theta = gsl_ran_gaussian(rng, 1), u = rng_uniform(rng);
        t->x[j] = theta;
        t->x[N + j] = u;
        t->nb[2 * j] = theta;
        t->nb[2 * j + 1] = theta + 1 + 0.1 * u;
    }
    assert_true(evpi_of(t) == 0);
    assert_true(t->chosen[1] == 1);
    for (int v = 0; v < 2; v++) {
        double se;
        assert_true(evppi_of(t, &v, 1, &se) == 0);
        assert_true(se == 0);
        assert_true(t->chosen[1] == 1);
    }
    gsl_rng_free(rng);
    free(t);
}

/* A binary input b (1 with probability 0.3): NB_1 - NB_0 = 3 if b else -2, plus e ~ N(0, 1)
 * that is not an input. Knowing b, option 1 is chosen when b = 1: EVPPI = 0.3 x 3 = 0.9 (the
 * mean difference, -0.5, is 9 standard errors below 0). The regression is the group means;
 * the estimate is about P(b) x mean(difference | b = 1), whose variance is about
 * (9 x 0.21 + 0.09 / 0.3) / N by the delta method. */
static void test_evppi_binary_input(void **state)
{
    (void)state;
    struct synthetic *t = synthetic(2, 1);
    gsl_rng *rng = stream(4);
    int ones = 0;
    for (int j = 0; j < N; j++) {
        int b = rng_uniform(rng) < 0.3;
        ones += b;
        t->x[j] = b;
        t->nb[2 * j] = 0;
        t->nb[2 * j + 1] = (b ? 3 : -2) + gsl_ran_gaussian(rng, 1);
    }
    double se;
    int var = 0;
    assert_near(evppi_of(t, &var, 1, &se), 0.9, 4 * sqrt((9 * 0.21 + 0.09 / 0.3) / N));
    assert_true(t->chosen[1] == (double)ones / N);
    gsl_rng_free(rng);
    free(t);
}

/* Three options, NB = (0, theta, -theta), theta ~ N(0, 1): knowing theta, the best is |theta|,
 * worth E|theta| = sqrt(2 / pi) (the EVPI too); options 1 and 2 are chosen where theta is
 * above and below 0. The tolerance: 4 standard errors of the mean of |theta| (sd
 * sqrt(1 - 2 / pi)) plus that of |mean theta| (1 / sqrt(N)). */
static void test_evppi_three_options(void **state)
{
    (void)state;
    struct synthetic *t = synthetic(3, 1);
    gsl_rng *rng = stream(5);
    int above = 0;
    for (int j = 0; j < N; j++) {
        double theta = gsl_ran_gaussian(rng, 1);
        above += theta > 0;
        t->x[j] = theta;
        t->nb[3 * j] = 0;
        t->nb[3 * j + 1] = theta;
        t->nb[3 * j + 2] = -theta;
    }
    double se, evpi = evpi_of(t);
    int var = 0;
    assert_near(evpi, sqrt(2 / PI), 4 * (sqrt(1 - 2 / PI) + 1) / sqrt(N));
    assert_near(evppi_of(t, &var, 1, &se), evpi, 1e-12);
    assert_true(t->chosen[0] == 0);
    assert_near(t->chosen[1], (double)above / N, 1e-12);
    assert_near(t->chosen[2], 1 - (double)above / N, 1e-12);
    gsl_rng_free(rng);
    free(t);
}

/* Two independent inputs that add up: NB_1 - NB_0 = theta1 + theta2, both N(0, 1). Together
 * (the group's additive model is exact) they are worth the EVPI, sqrt(2) phi(0); theta1 alone
 * phi(0) = 1 / sqrt(2 pi), theta2 being noise to it. Tolerances as in the test with noise. */
static void test_evppi_group_of_two(void **state)
{
    (void)state;
    struct synthetic *t = synthetic(2, 2);
    gsl_rng *rng = stream(6);
    for (int j = 0; j < N; j++) {
        double a = gsl_ran_gaussian(rng, 1), b = gsl_ran_gaussian(rng, 1);
        t->x[j] = a;
        t->x[N + j] = b;
        t->nb[2 * j] = 0;
        t->nb[2 * j + 1] = a + b;
    }
    int both[] = {0, 1};
    double se, evpi = evpi_of(t);
    assert_near(evpi, gain_of_knowing(0, sqrt(2)), 4 * sqrt(2.0 / N));
    assert_near(evppi_of(t, both, 2, &se), evpi, 1e-12);
    double sample = 1 / sqrt(N), alone = evppi_of(t, both, 1, &se);
    assert_near(alone, gain_of_knowing(0, 1), 4 * sqrt(sample * sample + se * se));
    gsl_rng_free(rng);
    free(t);
}

/* A milestone's day: uniform on [0, 100] when it comes (probability 0.6), else the horizon,
 * 200, for "never". NB_1 - NB_0 = (50 - day) / 10 when it comes, -3 when it does not, plus
 * e ~ N(0, 1). Knowing the day, option 1 is chosen when it comes before day 50: worth
 * 0.6 x E[max(0, (50 - U) / 10)] = 0.6 x 1.25, and the mean difference, 0.4 x -3, is below 0.
 * The horizon is an atom, with an indicator of its own: a line through the days that come and
 * that step fits exactly, as no smooth curve would. The tolerance: 4 standard errors of the
 * mean of 1{comes} max(0, (50 - U) / 10) (variance 1.25 - 0.75^2) and of the estimate. */
static void test_evppi_milestone_that_may_never_come(void **state)
{
    (void)state;
    struct synthetic *t = synthetic(2, 1);
    gsl_rng *rng = stream(7);
    for (int j = 0; j < N; j++) {
        bool comes = rng_uniform(rng) < 0.6;
        double day = comes ? 100 * rng_uniform(rng) : 200;
        t->x[j] = day;
        t->nb[2 * j] = 0;
        t->nb[2 * j + 1] = (comes ? (50 - day) / 10 : -3) + gsl_ran_gaussian(rng, 1);
    }
    struct voi_basis b;
    assert_int_equal(voi_basis_init(&b, t->x, N), DA_OK);
    assert_false(b.discrete);
    assert_int_equal(b.n_levels, 1);
    assert_true(b.levels[0] == 200);
    assert_int_equal(voi_basis_columns(&b, 1), 2); /* the atom, the line */
    voi_basis_release(&b);
    double se, sample = sqrt((1.25 - 0.75 * 0.75) / N);
    int var = 0;
    double evppi = evppi_of(t, &var, 1, &se);
    assert_near(evppi, 0.75, 4 * sqrt(sample * sample + se * se));
    gsl_rng_free(rng);
    free(t);
}

/* Fewer than 4 points: no regression, no estimate (NaN), and no failure. */
static void test_evppi_too_few_points(void **state)
{
    (void)state;
    struct synthetic *t = synthetic(2, 1);
    t->s.n = 3;
    int var = 0;
    double se;
    assert_true(isnan(evppi_of(t, &var, 1, &se)));
    assert_true(isnan(se));
    free(t);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_evppi_linear_in_one_normal_input),
        cmocka_unit_test(test_evppi_with_noise_that_is_not_an_input),
        cmocka_unit_test(test_evppi_choice_that_nothing_changes),
        cmocka_unit_test(test_evppi_binary_input),
        cmocka_unit_test(test_evppi_three_options),
        cmocka_unit_test(test_evppi_group_of_two),
        cmocka_unit_test(test_evppi_milestone_that_may_never_come),
        cmocka_unit_test(test_evppi_too_few_points),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
