/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * test_statistics.c - the engine's random parts against analytic values: the samplers
 * (draw_dist), a chain of milestone delays, the probability that an option starts, Poisson
 * incident counts, criticality, and the quantile sketch (exact quantiles, the error bound of
 * the histogram, merges that give the same bytes).
 *
 * Every statistical check uses a fixed seed, so the test is deterministic; the tolerances are
 * still set in standard errors of the estimate, so that a change of seed or of generator would
 * fail only by bad luck:
 *   - 4 standard errors for means and variances of continuous draws: a two-sided miss has
 *     probability 6e-5 for a correct sampler, while a wrong formula (a PERT drawn with the
 *     wrong shape, a triangular with mode and max swapped) is off by far more;
 *   - 3 standard errors for p_start, as the brief of the test asks (probability 0.0027 of a
 *     miss; the seed is fixed, so it either passes always or never).
 * Sample sizes (2,000 to 100,000 draws) keep each test well under a second.
 */
#include <float.h>
#include <gsl/gsl_cdf.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "engine/band.h"
#include "engine/replication.h"
#include "engine/results.h"
#include "engine/sketch.h"
#include "helpers.h"
#include "model/draw.h"
#include "model/rng.h"
#include "util/sort.h"

#define SEED 20240611u

/* Running mean and variance (Welford). */
struct moments {
    double n, mean, m2;
};

static void moments_add(struct moments *m, double x)
{
    m->n += 1;
    double d = x - m->mean;
    m->mean += d / m->n;
    m->m2 += d * (x - m->mean);
}

static double moments_var(const struct moments *m)
{
    return m->m2 / (m->n - 1);
}

static da_scenario *load(const char *yaml)
{
    da_diags *diags;
    da_scenario *scn = NULL;
    da_status st = load_string(yaml, &diags, &scn);
    if (st != DA_OK)
        print_error("scenario does not load:\n%s", diags_text(diags));
    da_diags_free(diags);
    assert_int_equal(st, DA_OK);
    return scn;
}

static da_results *run(const da_scenario *scn, uint64_t replications, int threads)
{
    da_run_options opt;
    da_run_options_init(&opt);
    opt.replications = replications;
    opt.threads = threads;
    opt.seed = SEED;
    opt.use_seed = 1;
    da_results *res = NULL;
    assert_int_equal(da_run(scn, &opt, &res), DA_OK);
    return res;
}

/* The minimal scenario of helpers.c with its milestones, options and horizon replaced. */
static const char *with_milestones(const char *milestones, const char *options, int horizon)
{
    char line[64];
    snprintf(line, sizeof line, "horizon_days: %d", horizon);
    const char *yaml = replace_once(minimal_scenario, "horizon_days: 100", line);
    yaml = with_section(yaml, "milestones", milestones);
    return with_section(yaml, "options", options);
}

/* ---- samplers ------------------------------------------------------------------------------- */

static struct da_dist dist3(enum da_dist_kind kind, double min, double mode, double max)
{
    struct da_dist d;
    memset(&d, 0, sizeof d);
    d.kind = kind;
    d.min = min;
    d.mode = mode;
    d.max = max;
    d.lambda = 4;
    return d;
}

/*
 * PERT(0, 30, 120), lambda 4: Beta(1 + 4 x 30/120, 1 + 4 x 90/120) = Beta(2, 4) on [0, 120].
 *   mean = (a + 4m + b) / 6 = (0 + 120 + 120) / 6 = 40;
 *   var  = 120^2 x (2 x 4) / ((2 + 4)^2 (2 + 4 + 1)) = 14400 x 8 / 252 = 457.14 (sd 21.38).
 * Triangular(10, 40, 150):
 *   mean = (a + m + b) / 3 = 200 / 3 = 66.667;
 *   var  = (a^2 + m^2 + b^2 - am - ab - mb) / 18 = (100 + 1600 + 22500 - 400 - 1500 - 6000)
 *          / 18 = 16300 / 18 = 905.56 (sd 30.09).
 * With n = 20,000 draws the standard error of the mean is sd / sqrt(n): 0.151 and 0.213;
 * that of the variance, for these light-tailed laws, at most var x sqrt(2 / n) (the normal
 * case; their kurtosis is below the normal's): 4.57 and 9.06.
 */
static void test_statistics_samplers(void **state)
{
    (void)state;
    gsl_rng *rng = rng_alloc();
    assert_non_null(rng);
    rng_seed(rng, SEED, 0, 0);
    const int n = 20000;
    struct {
        struct da_dist d;
        double mean, var;
    } cases[] = {
        {dist3(DIST_PERT, 0, 30, 120), 40, 14400.0 * 8 / 252},
        {dist3(DIST_TRIANGULAR, 10, 40, 150), 200.0 / 3, 16300.0 / 18},
    };
    for (size_t k = 0; k < sizeof cases / sizeof cases[0]; k++) {
        struct moments m = {0, 0, 0};
        double lo = HUGE_VAL, hi = -HUGE_VAL;
        for (int i = 0; i < n; i++) {
            double x = draw_dist(&cases[k].d, rng);
            moments_add(&m, x);
            lo = fmin(lo, x);
            hi = fmax(hi, x);
        }
        double se_mean = sqrt(cases[k].var / n);
        double se_var = cases[k].var * sqrt(2.0 / n);
        assert_near(m.mean, cases[k].mean, 4 * se_mean);
        assert_near(moments_var(&m), cases[k].var, 4 * se_var);
        /* Every draw inside [min, max]. */
        assert_true(lo >= cases[k].d.min && hi <= cases[k].d.max);
    }
    gsl_rng_free(rng);
}

/* ---- a chain of delays ---------------------------------------------------------------------- */

static const char *const chain_milestones =
    "milestones:\n"
    "  - id: a\n"
    "    delay_days: {dist: uniform, min: 0, max: 60}\n"
    "  - id: b\n"
    "    after: a\n"
    "    delay_days: {dist: triangular, min: 10, mode: 40, max: 150}\n"
    "  - id: c\n"
    "    after: b\n"
    "    delay_days: {dist: pert, min: 0, mode: 30, max: 120}\n";

static const char *const chain_options =
    "options:\n"
    "  - id: o\n"
    "    name: O\n"
    "    starts_when: c\n"
    "    sources: []\n";

/*
 * T_c = U(0, 60) + Tri(10, 40, 150) + PERT(0, 30, 120), independent draws:
 *   mean = 30 + 66.667 + 40 = 136.667;
 *   var  = 60^2 / 12 + 905.56 + 457.14 = 300 + 905.56 + 457.14 = 1662.70 (sd 40.78).
 * The horizon, 400, is above the largest possible T_c (60 + 150 + 120 = 330): every
 * replication reaches c.
 * Drawn directly (draw_replication and milestones_timeline, as replication_run does), n =
 * 20,000: SE of the mean 40.78 / sqrt(20000) = 0.288; of the variance at most
 * 1662.7 x sqrt(2 / 20000) = 16.6. Through da_run, n = 2000: SE of the mean 0.912.
 */
static void test_statistics_chain_of_delays(void **state)
{
    (void)state;
    const double mean = 30 + 200.0 / 3 + 40;
    const double var = 300 + 16300.0 / 18 + 14400.0 * 8 / 252;
    da_scenario *scn = load(with_milestones(chain_milestones, chain_options, 400));
    struct plan plan;
    assert_int_equal(plan_init(&plan, scn), DA_OK);
    struct worker wk;
    assert_int_equal(worker_init(&wk, &plan), DA_OK);
    const int n = 20000;
    const uint64_t reps = 2000;
    struct moments ma = {0, 0, 0}, mb = {0, 0, 0}, mc = {0, 0, 0}, first = {0, 0, 0};
    for (int r = 0; r < n; r++) {
        rng_seed(wk.rng, SEED, (uint64_t)r, RNG_STREAM_PARAMS);
        draw_replication(&plan, wk.rng, false, &wk.draws);
        milestones_timeline(&plan, &wk.draws, &wk.timeline);
        moments_add(&ma, wk.timeline.T[0]);
        moments_add(&mb, wk.timeline.T[1]);
        moments_add(&mc, wk.timeline.T[2]);
        if ((uint64_t)r < reps)
            moments_add(&first, wk.timeline.T[2]);
    }
    /* Each milestone's mean adds its delay's mean: 30, 30 + 66.667, 136.667. */
    assert_near(ma.mean, 30, 4 * sqrt(300.0 / n));
    assert_near(mb.mean, 30 + 200.0 / 3, 4 * sqrt((300 + 16300.0 / 18) / n));
    assert_near(mc.mean, mean, 4 * sqrt(var / n));
    /* Variances add too: 300, 1205.56, 1662.70. */
    assert_near(moments_var(&ma), 300, 4 * 300 * sqrt(2.0 / n));
    assert_near(moments_var(&mb), 300 + 16300.0 / 18, 4 * (300 + 16300.0 / 18) * sqrt(2.0 / n));
    assert_near(moments_var(&mc), var, 4 * var * sqrt(2.0 / n));
    worker_release(&wk);
    plan_release(&plan);

    /* The run's own statistics: sketch_mean of the milestone's day over 2000 replications,
     * all of which reach c; they are the first 2000 replications drawn above, so the mean is
     * theirs (up to the sketch's 2^-32 fixed point). */
    da_results *res = run(scn, reps, 2);
    assert_int_equal(res->acc.milestone_reached[2], reps);
    assert_near(sketch_mean(&res->acc.milestone_day[2]), mean, 4 * sqrt(var / (double)reps));
    assert_near(sketch_mean(&res->acc.milestone_day[2]), first.mean, 1e-6);
    /* The option starts on T_c: the same mean. */
    assert_near(sketch_mean(&res->acc.options[0].metric[M_START_DAY]),
                sketch_mean(&res->acc.milestone_day[2]), 1e-6);
    da_results_free(res);
    da_scenario_free(scn);
}

/* ---- the probability of a start
 * ------------------------------------------------------------------ */

/*
 * Two independent milestones with probabilities 0.7 and 0.6; the option waits for both:
 * p_start = 0.7 x 0.6 = 0.42. With n = 4000 replications, SE = sqrt(0.42 x 0.58 / 4000) =
 * 0.0078; within 3 SE (0.0234). Each milestone's p_reached: SE sqrt(0.7 x 0.3 / 4000) =
 * 0.0072 and sqrt(0.6 x 0.4 / 4000) = 0.0077.
 */
static void test_statistics_p_start(void **state)
{
    (void)state;
    da_scenario *scn =
        load(with_milestones("milestones:\n"
                             "  - id: m1\n"
                             "    delay_days: 1\n"
                             "    probability: 0.7\n"
                             "  - id: m2\n"
                             "    delay_days: 2\n"
                             "    probability: 0.6\n",
                             "options:\n"
                             "  - id: o\n"
                             "    name: O\n"
                             "    starts_when: [m1, m2]\n"
                             "    sources: []\n",
                             10));
    const uint64_t n = 4000;
    da_results *res = run(scn, n, 2);
    double p_start = (double)res->acc.options[0].started / (double)n;
    assert_near(p_start, 0.42, 3 * sqrt(0.42 * 0.58 / (double)n));
    assert_near((double)res->acc.milestone_reached[0] / (double)n, 0.7,
                3 * sqrt(0.7 * 0.3 / (double)n));
    assert_near((double)res->acc.milestone_reached[1] / (double)n, 0.6,
                3 * sqrt(0.6 * 0.4 / (double)n));
    /* Whenever it starts, it starts on day max(1, 2) = 2. */
    assert_int_equal(res->acc.options[0].metric[M_START_DAY].band.count,
                     res->acc.options[0].started);
    assert_near(sketch_mean(&res->acc.options[0].metric[M_START_DAY]), 2, 1e-9);
    da_results_free(res);
    da_scenario_free(scn);
}

/* ---- Poisson incidents ------------------------------------------------------------------------
 */

/*
 * rng_poisson_from_uniform(lambda, u) over n = 20,000 uniforms: mean and variance lambda. For
 * lambda = 45 the count is the normal approximation rounded to an integer, whose variance is
 * lambda + 1/12 (the rounding), far inside the tolerance. SE of the mean sqrt(lambda / n):
 * 0.0136 and 0.0474; of the variance sqrt((mu4 - sigma^4) / n) = sqrt((lambda + 2 lambda^2) /
 * n) for a Poisson law: 0.0394 and 0.4525. Within 4 SE.
 */
static void test_statistics_poisson(void **state)
{
    (void)state;
    gsl_rng *rng = rng_alloc();
    assert_non_null(rng);
    rng_seed(rng, SEED, 0, RNG_STREAM_INCIDENTS);
    const int n = 20000;
    const double lambdas[] = {3.7, 45};
    for (size_t k = 0; k < sizeof lambdas / sizeof lambdas[0]; k++) {
        double lambda = lambdas[k];
        struct moments m = {0, 0, 0};
        for (int i = 0; i < n; i++) {
            double x = rng_poisson_from_uniform(lambda, rng_uniform(rng));
            assert_true(x >= 0 && x == floor(x));
            moments_add(&m, x);
        }
        assert_near(m.mean, lambda, 4 * sqrt(lambda / n));
        assert_near(moments_var(&m), lambda, 4 * sqrt((lambda + 2 * lambda * lambda) / n));
    }
    /* No rate, no incident. */
    assert_near(rng_poisson_from_uniform(0, 0.999), 0, 0);
    gsl_rng_free(rng);
}

/*
 * The inversion's exp(-m), from tables and a degree-6 polynomial, against libm over [0, 30)
 * (every 1/1000, and the ends of the table's cells, where the polynomial's argument is largest):
 * within 4 units in the last place, as rng.h promises. And the Poisson probabilities it starts
 * from, checked by hand at mean 1: P(0) = e^-1 = 0.36787944117144233.
 */
static void test_statistics_exp_neg(void **state)
{
    (void)state;
    double worst = 0;
    for (int i = 0; i < 30000; i++) {
        double ms[] = {i / 1000.0, (i / 1000 * 64 + 63.999999) / 64.0};
        for (int k = 0; k < 2; k++) {
            double want = exp(-ms[k]);
            double err = fabs(rng_exp_neg(ms[k]) - want) / want;
            worst = err > worst ? err : worst;
        }
    }
    assert_true(worst <= 4 * DBL_EPSILON / 2);
    assert_near(rng_exp_neg(1), 0.36787944117144233, 1e-16);
    assert_near(rng_exp_neg(0), 1, 0);
    /* u just below and just above P(0) at mean 1. */
    assert_near(rng_poisson_from_uniform(1, 0.3678), 0, 0);
    assert_near(rng_poisson_from_uniform(1, 0.3679), 1, 0);
}

/*
 * rng_poisson_from_uniform() reads its count off the grid of the inversion's F(k) where the
 * grid means around 'mean' agree (rng.h): it must give rng_poisson_inversion()'s count, draw by
 * draw, whatever the mean (inside the grid, on its points, past its end, 0) and whatever u
 * (including u equal to a tabulated F(k), where the count is k, and u past the row's last F).
 * The grid's rows are the inversion's sums: checked at mean 1 by hand, P(0) = e^-1 and
 * P(N <= 1) = 2 e^-1.
 */
static void test_statistics_poisson_grid(void **state)
{
    (void)state;
    gsl_rng *rng = rng_alloc(); /* fills the grid */
    assert_non_null(rng);
    rng_seed(rng, SEED, 1, RNG_STREAM_INCIDENTS);
    const double *one = &rng_poisson_grid[RNG_GRID_STEPS * RNG_GRID_WIDTH];
    assert_near(one[0], 0.36787944117144233, 1e-16);
    assert_near(one[1], 2 * 0.36787944117144233, 2e-16);
    for (int j = 1; j < RNG_GRID_WIDTH; j++)
        assert_true(one[j] >= one[j - 1]);
    long mismatches = 0;
    for (int i = 0; i < 1000000; i++) {
        double mean = 20 * rng_uniform(rng), u = rng_uniform(rng);
        if (i % 4 == 1) /* on a grid point */
            mean = floor(mean * RNG_GRID_STEPS) / RNG_GRID_STEPS;
        if (i % 4 == 2 && mean < RNG_GRID_MAX) { /* u on one of the tabulated F(k) */
            int row = (int)(mean * RNG_GRID_STEPS);
            mean = (double)row / RNG_GRID_STEPS;
            u = rng_poisson_grid[row * RNG_GRID_WIDTH + (int)(u * RNG_GRID_WIDTH)];
            if (!(u < 1)) /* a sum that rounded to 1: no uniform is 1 */
                u = 0.5;
        }
        if (i % 100 == 3)
            u = 1 - 1e-12; /* past the row's last F: a count of 16 or more */
        mismatches += rng_poisson_from_uniform(mean, u) != rng_poisson_inversion(mean, u);
    }
    assert_int_equal(mismatches, 0);
    /* u = F(0) = e^-1 at mean 1: N <= 0 has probability exactly u, so the count is 0. */
    assert_near(rng_poisson_from_uniform(1, one[0]), 0, 0);
    assert_near(rng_poisson_from_uniform(0, 0.5), 0, 0);
    assert_near(rng_poisson_from_uniform(-1, 0.5), 0, 0);
    gsl_rng_free(rng);
}

/* The normal approximation for means of 30 and more: rng_poisson_large() gives
 * max(0, floor(mean + sqrt(mean) Phi^-1(u) + 0.5)) with GSL's Phi^-1, draw by draw, whether
 * the grid of quantiles knows the count or not: at random means (30 to 10^6) and uniforms, at
 * uniforms on the grid's points and one unit in the last place either side of them, and near
 * 0 and 1. The grid knows most counts (else it saves nothing); an empty grid knows none, and
 * the counts stay the same. */
static double normal_count_by_hand(double mean, double u)
{
    double k = floor(mean + sqrt(mean) * gsl_cdf_ugaussian_Pinv(u) + 0.5);
    return k < 0 ? 0 : k;
}

static void test_statistics_poisson_normal_grid(void **state)
{
    (void)state;
    gsl_rng *rng = rng_alloc(); /* fills the grids */
    assert_non_null(rng);
    rng_seed(rng, SEED, 3, RNG_STREAM_INCIDENTS);
    long mismatches = 0, known = 0, known_small = 0, small = 0;
    for (int i = 0; i < 400000; i++) {
        double mean = 30 * exp(log(1e6 / 30) * rng_uniform(rng)), u = rng_uniform(rng);
        if (i % 4 == 1) /* on a grid point, or one unit in the last place away */
            u = (double)(int)(u * RNG_NORMAL_STEPS) / RNG_NORMAL_STEPS;
        if (i % 8 == 2)
            u = nextafter((double)(int)(u * RNG_NORMAL_STEPS) / RNG_NORMAL_STEPS, 0);
        if (i % 8 == 6)
            u = nextafter((double)(int)(u * RNG_NORMAL_STEPS) / RNG_NORMAL_STEPS, 1);
        if (i % 100 == 7)
            u = i % 200 == 7 ? 1e-300 * rng_uniform(rng) : 1 - 1e-12 * rng_uniform(rng);
        if (!(u >= 0 && u < 1))
            u = 0.5;
        double want = normal_count_by_hand(mean, u), count = -1;
        bool by_grid = rng_poisson_normal_grid(mean, u, &count);
        known += by_grid;
        mismatches += (by_grid && count != want) + (rng_poisson_large(mean, u) != want);
        if (mean < 300 && i % 4 == 0) {
            small++;
            known_small += by_grid;
        }
    }
    assert_int_equal(mismatches, 0);
    print_message("%ld of 400000 counts from the grid; %ld of %ld at means below 300\n", known,
                  known_small, small);
    assert_true(known_small > 0.95 * (double)small);
    /* By hand: mean 100, u = 0.5 (a grid point): Phi^-1 = 0, so 100 + 0.5 floors to 100. */
    double count = -1;
    assert_true(rng_poisson_normal_grid(100, 0.5, &count) && count == 100);
    /* Near 0 and 1 the bounds are infinite: the long way. */
    assert_false(rng_poisson_normal_grid(100, 0, &count));
    assert_false(rng_poisson_normal_grid(100, 1 - 1e-9, &count));
    assert_false(rng_poisson_normal_grid(100, NAN, &count));
    assert_false(rng_poisson_normal_grid(NAN, 0.3, &count));
    /* An empty grid: none known, the same counts. */
    static double saved[RNG_NORMAL_STEPS + 1];
    memcpy(saved, rng_normal_grid, sizeof saved);
    memset(rng_normal_grid, 0, sizeof rng_normal_grid);
    assert_false(rng_poisson_normal_grid(100, 0.3, &count));
    assert_true(rng_poisson_large(100, 0.3) == normal_count_by_hand(100, 0.3));
    memcpy(rng_normal_grid, saved, sizeof saved);
    gsl_rng_free(rng);
}

/* The windows of the means from RNG_GRID_MAX to RNG_POISSON_LARGE give the inversion's counts:
 * at random means and uniforms, at the rows' own means, with u on one of a row's tabulated F(k)
 * or on F(first - 1), below every window (u near 0) and past it (u near 1). */
static void test_statistics_poisson_window(void **state)
{
    (void)state;
    gsl_rng *rng = rng_alloc(); /* fills the windows */
    assert_non_null(rng);
    rng_seed(rng, SEED, 2, RNG_STREAM_INCIDENTS);
    /* Mean 16: the window from F(1), F(0) = e^-16 before it. */
    assert_int_equal(rng_poisson_window_first[0], 1);
    assert_near(rng_poisson_window[0], exp(-16), 1e-22);
    long mismatches = 0, by_window = 0;
    const double span = RNG_POISSON_LARGE - RNG_GRID_MAX;
    for (int i = 0; i < 1000000; i++) {
        double mean = RNG_GRID_MAX + span * rng_uniform(rng), u = rng_uniform(rng);
        int row = (int)((mean - RNG_GRID_MAX) * RNG_GRID_STEPS);
        if (i % 4 == 1) /* on a row's mean */
            mean = RNG_GRID_MAX + (double)row / RNG_GRID_STEPS;
        if (i % 4 == 2) { /* u on one of the row's F(k), F(first - 1) included */
            mean = RNG_GRID_MAX + (double)row / RNG_GRID_STEPS;
            u = rng_poisson_window[row * RNG_WINDOW_ROW + (int)(u * RNG_WINDOW_ROW)];
            if (!(u > 0 && u < 1))
                u = 0.5;
        }
        if (i % 100 == 3)
            u = 1e-12; /* a count below the window */
        if (i % 100 == 5)
            u = 1 - 1e-12; /* past the window's end */
        double count = -1;
        if (i % 4 == 0 && i % 100 != 0)
            by_window += rng_poisson_grid_count(mean, u, &count);
        mismatches += rng_poisson_from_uniform(mean, u) != rng_poisson_inversion(mean, u);
    }
    assert_int_equal(mismatches, 0);
    /* The windows give most counts at random means and uniforms (240,000 of them): the others
     * are where the two rows disagree (1 in 64) or beyond a window (below 1% at mean 30). */
    assert_true(by_window > 230000);
    assert_false(rng_poisson_grid_count(20, 1e-12, &(double){0}));
    assert_false(rng_poisson_grid_count(RNG_POISSON_LARGE, 0.5, &(double){0}));
    gsl_rng_free(rng);
}

/* ---- criticality -------------------------------------------------------------------------------
 */

/*
 * m waits for a (day 0 to 10) and b (day 20 to 30): b is always the later, so it always sets
 * m's base. The option waits for m and a; T_m > T_b > T_a, so m is always the latest. In every
 * replication the chain is m, b: their criticality is exactly 1, a's exactly 0.
 */
static void test_statistics_always_binding_criticality(void **state)
{
    (void)state;
    da_scenario *scn =
        load(with_milestones("milestones:\n"
                             "  - id: a\n"
                             "    delay_days: {dist: uniform, min: 0, max: 10}\n"
                             "  - id: b\n"
                             "    delay_days: {dist: uniform, min: 20, max: 30}\n"
                             "  - id: m\n"
                             "    after: [a, b]\n"
                             "    delay_days: {dist: uniform, min: 1, max: 2}\n",
                             "options:\n"
                             "  - id: o\n"
                             "    name: O\n"
                             "    starts_when: [m, a]\n"
                             "    sources: []\n",
                             50));
    const uint64_t n = 500;
    da_results *res = run(scn, n, 2);
    const struct option_acc *oa = &res->acc.options[0];
    assert_int_equal(oa->started, n);
    assert_int_equal(oa->critical[2], n); /* m */
    assert_int_equal(oa->critical[1], n); /* b */
    assert_int_equal(oa->critical[0], 0); /* a */
    da_results_free(res);
    da_scenario_free(scn);
}

/* ---- the band (the weekly series' sketch)
 * ----------------------------------------------------------------------------------- */

/* The type 7 quantile of the sorted 'x' (n values). */
static double type7(const double *x, size_t n, double q)
{
    double h = (double)(n - 1) * q;
    size_t i = (size_t)floor(h);
    if (i + 1 >= n)
        return x[n - 1];
    return x[i] + (h - (double)i) * (x[i + 1] - x[i]);
}

/*
 * {3, 1, 4, 1, 5, 9, 2, 6}, sorted 1 1 2 3 4 5 6 9 (n = 8); type 7: h = (n - 1) q = 7q,
 * x[floor h] + frac(h) (x[floor h + 1] - x[floor h]) (0-based):
 *   q = 0    -> 1;  q = 0.1 -> h 0.7: 1 + 0.7 x 0 = 1;  q = 0.25 -> h 1.75: 1 + 0.75 x 1 = 1.75;
 *   q = 0.5  -> h 3.5: 3 + 0.5 x 1 = 3.5;  q = 0.9 -> h 6.3: 6 + 0.3 x 3 = 6.9;  q = 1 -> 9.
 * (R: quantile(c(3,1,4,1,5,9,2,6), c(0, .1, .25, .5, .9, 1)) gives 1 1 1.75 3.5 6.9 9.)
 * Mean 31 / 8 = 3.875.
 * 1..64 added in a scrambled order (the largest exact set): q = 0.1 -> h = 6.3: 7 + 0.3 = 7.3;
 * q = 0.5 -> h = 31.5: 32.5; q = 0.9 -> h = 56.7: 57.7.
 */
/* A band's quantiles and extremes after 'zeros' (-0 where negative[i], else 0), then 'more'
 * values of 1 and 2 (none: the values stay kept one by one), added one at a time or as one
 * batch of floats: the signs of its zeros' quantiles 0 and 0.5, as bits. */
static void zero_signs(const bool *negative, int zeros, int more, bool batch, bool signs[2])
{
    struct band s;
    band_init(&s);
    float values[BAND_EXACT + 64];
    int n = 0;
    for (int i = 0; i < zeros; i++)
        values[n++] = negative[i] ? -0.0f : 0.0f;
    for (int i = 0; i < more; i++)
        values[n++] = (float)(1 + i % 2);
    if (batch)
        band_add_floats(&s, values, n, 1);
    else
        for (int i = 0; i < n; i++)
            band_add(&s, values[i]);
    assert_true(band_quantile(&s, 0) == 0);
    signs[0] = signbit(band_quantile(&s, 0));
    signs[1] = signbit(s.min);
}

/* -0 and 0 are one value to a band: whichever came first, kept one by one or binned, one at a
 * time or in a batch, its least value is +0. Which zero a band kept depended on their order,
 * and so on the threads' merges: a series' "-0" with some thread counts and "0" with others. */
static void test_band_negative_zero(void **state)
{
    (void)state;
    const bool orders[3][3] = {{true, false, false}, {false, true, true}, {true, true, true}};
    for (int o = 0; o < 3; o++)
        for (int more = 0; more <= BAND_EXACT + 40; more += BAND_EXACT + 40)
            for (int batch = 0; batch < 2; batch++) {
                bool signs[2];
                zero_signs(orders[o], 3, more, batch, signs);
                assert_false(signs[0]);
                assert_false(signs[1]);
            }
    /* Merged, in either order, from bands whose least values are -0 and 0. */
    struct band a, b;
    for (int first = 0; first < 2; first++) {
        band_init(&a);
        band_init(&b);
        band_add(first ? &a : &b, -0.0);
        band_add(first ? &b : &a, 0.0);
        band_merge(&a, &b);
        assert_false(signbit(band_quantile(&a, 0)));
        assert_false(signbit(a.min));
    }
}

static void test_band_exact_type7(void **state)
{
    (void)state;
    struct band s;
    band_init(&s);
    const double v[] = {3, 1, 4, 1, 5, 9, 2, 6};
    for (size_t i = 0; i < 8; i++)
        band_add(&s, v[i]);
    assert_near(band_quantile(&s, 0), 1, 0);
    assert_near(band_quantile(&s, 0.1), 1, 1e-12);
    assert_near(band_quantile(&s, 0.25), 1.75, 1e-12);
    assert_near(band_quantile(&s, 0.5), 3.5, 1e-12);
    assert_near(band_quantile(&s, 0.9), 6.9, 1e-12);
    assert_near(band_quantile(&s, 1), 9, 0);
    assert_near(band_mean(&s), 3.875, 1e-12);

    band_init(&s);
    for (int i = 0; i < BAND_EXACT; i++)
        band_add(&s, (double)((i * 37) % 64 + 1));
    assert_int_equal(s.count, BAND_EXACT);
    assert_near(band_quantile(&s, 0.1), 7.3, 1e-12);
    assert_near(band_quantile(&s, 0.5), 32.5, 1e-12);
    assert_near(band_quantile(&s, 0.9), 57.7, 1e-12);
    /* Mean (1 + 64) / 2 = 32.5. */
    assert_near(band_mean(&s), 32.5, 1e-12);

    /* Empty: NaN; one value: that value at every q. */
    band_init(&s);
    assert_true(isnan(band_quantile(&s, 0.5)));
    assert_true(isnan(band_mean(&s)));
    band_add(&s, -2.5);
    assert_near(band_quantile(&s, 0.1), -2.5, 0);
    assert_near(band_quantile(&s, 0.9), -2.5, 0);
}

#define BIG 100000

/* The sketch of 'x' (n values, in this order) against the exact type 7 quantiles of the same
 * values (sorting 'x'): within one bin width 2^exp, itself below the documented bound
 * 2 (max - min) / (BAND_BINS - 2) = 2 (max - min) / 510 (docs/model.md, "Quantiles"). */
static void check_bound(double *x, size_t n, struct band *s)
{
    band_init(s);
    for (size_t i = 0; i < n; i++)
        band_add(s, x[i]);
    qsort(x, n, sizeof *x, sort_doubles_ascending);
    double bound = 2 * (x[n - 1] - x[0]) / (BAND_BINS - 2);
    double width = ldexp(1.0, s->exp);
    assert_true(width < bound);
    const double qs[] = {0.01, 0.1, 0.25, 0.5, 0.75, 0.9, 0.99};
    for (size_t k = 0; k < sizeof qs / sizeof qs[0]; k++)
        assert_near(band_quantile(s, qs[k]), type7(x, n, qs[k]), width);
    /* The extremes are exact. */
    assert_near(band_quantile(s, 0), x[0], 0);
    assert_near(band_quantile(s, 1), x[n - 1], 0);
}

/* 100,000 uniforms on (0, 1), the brief's case: the bound is about 0.0039. The exact
 * quantiles are themselves within a few sampling errors (sqrt(q(1 - q) / n) <= 0.0016) of the
 * uniform law's q, so the sketch's p10, p50, p90 are within the bound plus 4 of those of 0.1,
 * 0.5, 0.9. Then two shapes where a histogram is weakest: a long tail (exponential values,
 * most of them in a few bins) and a gap (half the values near 0, half near 1, so that the
 * median falls between two order statistics 0.98 apart, in empty bins). */
static void test_band_histogram_bound(void **state)
{
    (void)state;
    double *x = malloc(BIG * sizeof *x);
    assert_non_null(x);
    gsl_rng *rng = rng_alloc();
    assert_non_null(rng);
    rng_seed(rng, SEED, 1, 0);
    struct band s;
    for (int i = 0; i < BIG; i++)
        x[i] = rng_uniform(rng);
    check_bound(x, BIG, &s);
    double bound = 2 * (x[BIG - 1] - x[0]) / (BAND_BINS - 2);
    const double qs[] = {0.1, 0.5, 0.9};
    for (size_t k = 0; k < 3; k++)
        assert_near(band_quantile(&s, qs[k]), qs[k], bound + 4 * sqrt(qs[k] * (1 - qs[k]) / BIG));

    for (int i = 0; i < BIG; i++)
        x[i] = -log(rng_uniform(rng)) * 1000;
    check_bound(x, BIG, &s);

    for (int i = 0; i < 1000; i++)
        x[i] = (i % 2 ? 0.99 : 0) + 0.01 * rng_uniform(rng);
    check_bound(x, 1000, &s);
    /* The median is halfway between the largest low value and the smallest high one. */
    assert_near(band_quantile(&s, 0.5), (x[499] + x[500]) / 2, ldexp(1.0, s.exp));
    gsl_rng_free(rng);
    free(x);
}

/* The smallest exponent (from BAND_MIN_EXP) at which [lo, hi] spans fewer than BAND_BINS bins,
 * searched one exponent at a time with the library's ldexp() and floor(). */
static int smallest_exponent(double lo, double hi)
{
    for (int exp = BAND_MIN_EXP;; exp++)
        if (floor(ldexp(hi, -exp)) - floor(ldexp(lo, -exp)) < BAND_BINS)
            return exp;
}

/* The histogram's bin width is the smallest power of two at which every value fits, and bin 0
 * holds the minimum, whatever the values' magnitudes: ranges from near the smallest doubles
 * (where scaling underflows) to 1e18, on both sides of 0, narrow and wide, one value or
 * widened step by step. */
static void test_band_smallest_exponent(void **state)
{
    (void)state;
    gsl_rng *rng = rng_alloc();
    assert_non_null(rng);
    rng_seed(rng, SEED, 4, 0);
    const double scales[] = {1e-310, 1e-300, 3e-12, 1, 511, 512, 513, 1e6, 7.3e12, 1e18};
    for (size_t i = 0; i < sizeof scales / sizeof scales[0]; i++) {
        for (int sign = -1; sign <= 1; sign++) {
            for (int trial = 0; trial < 20; trial++) {
                struct band s;
                band_init(&s);
                /* A centre (0, or near +-scale) and a spread of up to the scale, sometimes a
                 * tiny fraction of it. */
                double centre = sign * scales[i] * rng_uniform(rng);
                double spread = scales[i] * (trial % 4 == 0 ? 1e-9 : rng_uniform(rng));
                for (int k = 0; k < 300; k++) {
                    double x = centre + spread * (rng_uniform(rng) - 0.5) * (k + 1) / 300;
                    band_add(&s, fmax(-BAND_MAX_ABS, fmin(BAND_MAX_ABS, x)));
                    if (k >= BAND_EXACT) {
                        assert_int_equal(s.exp, smallest_exponent(s.min, s.max));
                        assert_true(s.base == floor(ldexp(s.min, -s.exp)));
                    }
                }
            }
        }
    }
    gsl_rng_free(rng);
}

/* Merges the sketches of consecutive chunks of 'x' (sizes 'sizes', the last taking the rest)
 * into one: in chunk order, in reverse order, or as a tree of pairs. */
enum merge_order { FORWARD, BACKWARD, TREE };

static void merged(struct band *out, const double *x, size_t n, const size_t *sizes, size_t n_sizes,
                   enum merge_order order)
{
    struct band parts[16];
    assert_true(n_sizes <= 16);
    size_t at = 0;
    for (size_t k = 0; k < n_sizes; k++) {
        /* A chunk that would run past the end takes what is left, possibly nothing: merging
         * an empty sketch is a case too. */
        size_t len = k + 1 == n_sizes || sizes[k] > n - at ? n - at : sizes[k];
        band_init(&parts[k]);
        for (size_t i = 0; i < len; i++)
            band_add(&parts[k], x[at + i]);
        at += len;
    }
    if (order == TREE) {
        for (size_t step = 1; step < n_sizes; step *= 2)
            for (size_t k = 0; k + step < n_sizes; k += 2 * step)
                band_merge(&parts[k], &parts[k + step]);
        *out = parts[0];
        return;
    }
    band_init(out);
    for (size_t k = 0; k < n_sizes; k++)
        band_merge(out, &parts[order == FORWARD ? k : n_sizes - 1 - k]);
}

static void assert_same_sketch(const struct band *a, const struct band *b)
{
    if (memcmp(a, b, sizeof *a) != 0) {
        print_error(
            "sketches differ: count %llu/%llu exp %d/%d base %g/%g min %g/%g max %g/%g"
            " at_min %llu/%llu at_max %llu/%llu\n",
            (unsigned long long)a->count, (unsigned long long)b->count, a->exp, b->exp, a->base,
            b->base, a->min, b->min, a->max, b->max, (unsigned long long)a->at_min,
            (unsigned long long)b->at_min, (unsigned long long)a->at_max,
            (unsigned long long)b->at_max);
        fail();
    }
}

/* The sketch of a data set is the same bytes however it was split and merged, once it holds
 * more than BAND_EXACT values: uniforms (a histogram that coarsens as the range grows), and
 * integers with many ties at the minimum and the maximum (the atoms' counts). */
static void test_band_merge_same_bytes(void **state)
{
    (void)state;
    double *x = malloc(BIG * sizeof *x);
    assert_non_null(x);
    gsl_rng *rng = rng_alloc();
    assert_non_null(rng);
    rng_seed(rng, SEED, 2, 0);
    for (int i = 0; i < BIG; i++)
        x[i] = rng_uniform(rng);
    /* A second set: 5000 values from -7 to 20 in steps of 3, ties everywhere; the first values
     * are small so that the range widens as values come. */
    double *y = malloc(5000 * sizeof *y);
    assert_non_null(y);
    for (int i = 0; i < 5000; i++)
        y[i] = floor(rng_uniform(rng) * 10 * (i < 100 ? 0.2 : 1)) * 3 - 7;
    const size_t sizes[][8] = {
        {1, 63, 64, 65, 1000, 30000, 0},
        {50000, 0},
        {7, 7, 7, 7, 7, 7, 7, 0},
        {99990, 0},
    };
    const size_t n_sizes[] = {7, 2, 8, 2};
    struct band seq, got;
    const double *sets[] = {x, y};
    const size_t lens[] = {BIG, 5000};
    for (size_t d = 0; d < 2; d++) {
        band_init(&seq);
        for (size_t i = 0; i < lens[d]; i++)
            band_add(&seq, sets[d][i]);
        for (size_t k = 0; k < sizeof n_sizes / sizeof n_sizes[0]; k++) {
            for (int order = FORWARD; order <= TREE; order++) {
                merged(&got, sets[d], lens[d], sizes[k], n_sizes[k], (enum merge_order)order);
                assert_same_sketch(&got, &seq);
            }
        }
    }
    gsl_rng_free(rng);
    free(y);
    free(x);
}

/*
 * A batch of floats added at once (as the weekly series are flushed) gives the same bytes as
 * the values added one by one: batches that cross from kept values to the histogram, that
 * widen it below and above (coarsening, or only moving bin 0 down), and that hit the minimum
 * and the maximum again (the atoms' counts). The values are strided as in the series buffer.
 */
static void test_band_batch_same_bytes(void **state)
{
    (void)state;
    enum { STRIDE = 3, N = 4000 };
    static float v[N * STRIDE];
    gsl_rng *rng = rng_alloc();
    assert_non_null(rng);
    rng_seed(rng, SEED, 3, 0);
    for (int i = 0; i < N; i++) {
        double u = rng_uniform(rng);
        /* Growing spread, a third exactly 0 (an atom at the minimum until negatives come),
         * some exactly 50 (the maximum for a while), rare negatives late. */
        double x = i % 3 == 0 ? 0 : i % 7 == 0 ? 50 : u * (10 + i / 40.0);
        if (i > 3000 && i % 101 == 0)
            x = -u * 20;
        v[i * STRIDE] = (float)x;
    }
    const int batches[] = {1, 60, 10, 128, 128, 7, 128, 1000, 2538};
    struct band one, batch;
    band_init(&one);
    band_init(&batch);
    int at = 0;
    for (size_t b = 0; b < sizeof batches / sizeof batches[0]; b++) {
        for (int i = 0; i < batches[b]; i++)
            band_add_no_sum(&one, v[(at + i) * STRIDE]);
        band_add_floats(&batch, &v[at * STRIDE], batches[b], STRIDE);
        at += batches[b];
        assert_same_sketch(&batch, &one);
    }
    assert_int_equal(at, N);
    assert_true(one.at_min > 0 && one.at_max > 0 && one.min < 0);
    /* A first batch of more than BAND_EXACT values, straight to the histogram: 65 values (the
     * least), and the 4,000 at once, with their negatives, as one by one. */
    const int firsts[] = {BAND_EXACT + 1, N};
    for (size_t f = 0; f < sizeof firsts / sizeof firsts[0]; f++) {
        struct band fresh, each;
        band_init(&fresh);
        band_init(&each);
        for (int i = 0; i < firsts[f]; i++)
            band_add_no_sum(&each, v[i * STRIDE]);
        band_add_floats(&fresh, v, firsts[f], STRIDE);
        assert_same_sketch(&fresh, &each);
    }
    /* Batches of one value (the one-bin path): inside the range, a new minimum, the minimum
     * again, a new maximum, the maximum again, 0. */
    const float repeated[] = {25, -40, -40, 200, 200, 0};
    static float same[300];
    for (size_t r = 0; r < sizeof repeated / sizeof repeated[0]; r++) {
        for (int i = 0; i < 300; i++) {
            same[i] = repeated[r];
            band_add_no_sum(&one, same[i]);
        }
        band_add_floats(&batch, same, 300, 1);
        assert_same_sketch(&batch, &one);
    }
    assert_true(one.min == -40 && one.at_min == 600 && one.max == 200 && one.at_max == 600);
    gsl_rng_free(rng);
}

/*
 * The bins of a batch counted four values at a time (AVX2) give the same bytes as one at a
 * time and as one by one: a first batch of 65 values, then unit-stride batches of lengths that
 * four does not divide, over negative and positive values, the minimum and the maximum hit
 * again, values on bins' edges (whole multiples of the bin width) and a range that widens by
 * powers of two up to 1e12.
 */
static void test_band_batch_avx2_same_bytes(void **state)
{
    (void)state;
    if (!__builtin_cpu_supports("avx2"))
        skip();
    enum { N = 6000 };
    static float v[N];
    gsl_rng *rng = rng_alloc();
    assert_non_null(rng);
    rng_seed(rng, SEED, 5, 0);
    for (int i = 0; i < N; i++) {
        double u = rng_uniform(rng), spread = ldexp(1, i / 150); /* up to 2^39 */
        double x = (u - 0.3) * spread;
        if (i % 5 == 0)
            x = floor(x / 4) * 4; /* on an edge while the bin width is at most 4 */
        if (i % 11 == 0)
            x = -0.3 * spread;
        v[i] = (float)x;
    }
    const int batches[] = {65, 3, 127, 128, 5, 1000, 1, 999, 2, 3670};
    struct band one, scalar, vector;
    band_init(&one);
    band_init(&scalar);
    band_init(&vector);
    int at = 0;
    for (size_t b = 0; b < sizeof batches / sizeof batches[0]; b++) {
        for (int i = 0; i < batches[b]; i++)
            band_add_no_sum(&one, v[at + i]);
        band_add_floats_isa(&scalar, &v[at], batches[b], 1, false);
        band_add_floats_isa(&vector, &v[at], batches[b], 1, true);
        at += batches[b];
        assert_same_sketch(&scalar, &one);
        assert_same_sketch(&vector, &one);
    }
    assert_int_equal(at, N);
    assert_true(one.at_min > 1 && one.count == N && one.max > 1e11);
    /* Zeros of both signs, the least or the greatest of a batch, in lanes the vectors would
     * each see apart: the same bytes every way, and the extreme +0 whichever came first (it
     * was the first one's sign, and so depended on the values' order). */
    for (int sign = 0; sign < 4; sign++) {
        static float zeros[100];
        for (int i = 0; i < 100; i++)
            zeros[i] = (float)(sign < 2 ? i % 7 + 1 : -(i % 7 + 1));
        zeros[2] = sign % 2 ? 0.0f : -0.0f; /* lane 2, before lane 1 of the next four */
        zeros[5] = sign % 2 ? -0.0f : 0.0f;
        struct band each, scalar_zero, vector_zero;
        band_init(&each);
        band_init(&scalar_zero);
        band_init(&vector_zero);
        for (int i = 0; i < 100; i++)
            band_add_no_sum(&each, zeros[i]);
        band_add_floats_isa(&scalar_zero, zeros, 100, 1, false);
        band_add_floats_isa(&vector_zero, zeros, 100, 1, true);
        assert_same_sketch(&scalar_zero, &each);
        assert_same_sketch(&vector_zero, &each);
        assert_false(signbit(sign < 2 ? each.min : each.max));
    }
    gsl_rng_free(rng);
}

/* A narrow band and a wide one that took the same values the same ways: every field the same
 * (bit for bit) but the width, the same kept values or the same count in every bin, and so the
 * same quantiles. */
static void assert_narrow_as_wide(const struct band *n, const struct band *w)
{
    assert_true(n->narrow && !w->narrow);
    assert_int_equal(n->count, w->count);
    assert_int_equal(n->unusable, w->unusable);
    assert_true(n->sum == w->sum);
    assert_memory_equal(&n->min, &w->min, sizeof n->min);
    assert_memory_equal(&n->max, &w->max, sizeof n->max);
    assert_int_equal(n->at_min, w->at_min);
    assert_int_equal(n->at_max, w->at_max);
    if (n->count <= BAND_EXACT) {
        assert_memory_equal(n->u.values, w->u.values, n->count * sizeof n->u.values[0]);
    } else {
        assert_int_equal(n->exp, w->exp);
        assert_memory_equal(&n->scale, &w->scale, sizeof n->scale);
        assert_memory_equal(&n->base, &w->base, sizeof n->base);
        for (int j = 0; j < BAND_BINS; j++)
            assert_int_equal(n->u.narrow_bins[j], w->u.bins[j]);
    }
    for (int k = 0; k <= 20; k++) {
        double a = band_quantile(n, k / 20.0), b = band_quantile(w, k / 20.0);
        assert_memory_equal(&a, &b, sizeof a);
    }
}

/*
 * A narrow band (16-bit bins, BAND_NARROW_SIZE bytes) is the wide one in half the bins' room:
 * the same values added one by one, in batches (both ways of counting their bins), coarsened
 * as the range grows, merged from narrow, wide and kept-value bands, give the same fields and
 * counts. The narrow bands lie in an array of two, each worked on while the other is checked
 * untouched, and then bytes that a struct band would still cover, checked as they were:
 * nothing reads a narrow band as a whole struct band or writes past BAND_NARROW_SIZE. A bin
 * holds BAND_NARROW_MAX values, the most a narrow band takes.
 */
static void test_band_narrow_as_wide(void **state)
{
    (void)state;
    enum { N = 6000 };
    static float v[N];
    gsl_rng *rng = rng_alloc();
    assert_non_null(rng);
    rng_seed(rng, SEED, 6, 0);
    for (int i = 0; i < N; i++) {
        double u = rng_uniform(rng), spread = ldexp(1, i / 300); /* up to 2^19: coarsening */
        double x = i % 4 == 0 ? 0 : (u - 0.2) * spread;
        v[i] = (float)(i % 13 == 0 ? -0.5 * spread : x);
    }
    size_t size = BAND_NARROW_SIZE;
    assert_true(size < sizeof(struct band) && size % _Alignof(struct band) == 0);
    size_t slack = sizeof(struct band) - size;
    struct band *pair = malloc(2 * size + slack);
    assert_non_null(pair);
    unsigned char *after = (unsigned char *)pair + 2 * size;
    memset(after, 0xa5, slack);
    struct band *first = band_at(pair, size, 0), *last = band_at(pair, size, 1);
    band_init_as(first, true);
    band_init_as(last, true);
    unsigned char *untouched = malloc(size);
    assert_non_null(untouched);
    memcpy(untouched, first, size);

    /* The last band of the array: one by one, then batches both ways, one value 300 times. */
    struct band wide;
    band_init(&wide);
    for (int i = 0; i < 50; i++) {
        band_add(last, v[i]);
        band_add(&wide, v[i]);
    }
    assert_narrow_as_wide(last, &wide);
    const int batches[] = {10, 128, 3, 128, 1000, 65, 127, 2539};
    int at = 50;
    for (size_t b = 0; b < sizeof batches / sizeof batches[0]; b++) {
        bool avx2 = b % 2 == 1 && __builtin_cpu_supports("avx2");
        band_add_floats_isa(last, &v[at], batches[b], 1, avx2);
        band_add_floats_isa(&wide, &v[at], batches[b], 1, avx2);
        at += batches[b];
        assert_narrow_as_wide(last, &wide);
    }
    assert_int_equal(at, 4050);
    float same[300];
    for (int i = 0; i < 300; i++)
        same[i] = 7.25f;
    band_add_floats(last, same, 300, 1);
    band_add_floats(&wide, same, 300, 1);
    assert_narrow_as_wide(last, &wide);
    assert_memory_equal(first, untouched, size);

    /* The first band: the rest of the values, wider (a merge coarsens both sides), merged
     * into the last; then kept values merged with a histogram, both ways. */
    struct band other_wide;
    band_init(&other_wide);
    for (int i = at; i < N; i++) {
        double x = (double)v[i] * 64;
        band_add(first, x);
        band_add(&other_wide, x);
    }
    assert_narrow_as_wide(first, &other_wide);
    memcpy(untouched, last, size);
    band_merge(last, first);
    band_merge(&wide, &other_wide);
    assert_narrow_as_wide(last, &wide);
    assert_true(last->count == N + 300 && last->exp > BAND_MIN_EXP);
    band_init_as(first, true);
    band_init(&other_wide);
    for (int i = 0; i < 10; i++) {
        band_add(first, i * 1.5);
        band_add(&other_wide, i * 1.5);
    }
    memcpy(untouched, last, size);
    band_merge(first, last); /* a histogram into kept values: the copy is narrow-sized */
    band_merge(&other_wide, &wide);
    assert_narrow_as_wide(first, &other_wide);
    assert_memory_equal(last, untouched, size);

    /* Narrow into wide and wide into narrow: the same as wide into wide. */
    struct band mixed, expect;
    band_init(&mixed);
    band_init(&expect);
    for (int i = 0; i < 200; i++) {
        band_add(&mixed, (double)v[i] * 3);
        band_add(&expect, (double)v[i] * 3);
    }
    band_merge(&mixed, last);
    band_merge(&expect, &wide);
    assert_same_sketch(&mixed, &expect);
    band_init_as(first, true);
    band_init(&expect);
    for (int i = 0; i < 20; i++) {
        band_add(first, v[i]);
        band_add(&expect, v[i]);
    }
    band_merge(first, &wide);
    band_merge(&expect, &wide);
    assert_narrow_as_wide(first, &expect);
    /* Wide kept values and a narrow histogram: a wide band, to the padding after its bins. */
    struct band kept_wide, kept_expect;
    band_init(&kept_wide);
    band_init(&kept_expect);
    for (int i = 0; i < 30; i++) {
        band_add(&kept_wide, v[i] * 0.5f);
        band_add(&kept_expect, v[i] * 0.5f);
    }
    band_merge(&kept_wide, first);
    band_merge(&kept_expect, &expect);
    assert_same_sketch(&kept_wide, &kept_expect);

    /* BAND_NARROW_MAX values in one bin: 1 and 1 + 2^-45 share a bin of width 2^-40. */
    band_init_as(last, true);
    band_init(&wide);
    for (int i = 0; i < BAND_NARROW_MAX; i++) {
        double x = i % 2 ? 1.0 : 1.0 + 0x1p-45;
        band_add(last, x);
        band_add(&wide, x);
    }
    assert_narrow_as_wide(last, &wide);
    uint32_t most = 0;
    for (int j = 0; j < BAND_BINS; j++)
        most = last->u.narrow_bins[j] > most ? last->u.narrow_bins[j] : most;
    assert_int_equal(most, BAND_NARROW_MAX);
    for (size_t i = 0; i < slack; i++)
        assert_int_equal(after[i], 0xa5);
    free(untouched);
    free(pair);
    gsl_rng_free(rng);
}

/*
 * At most BAND_EXACT values, the sketch keeps them in the order they came: merging chunks
 * in their order gives the same bytes as adding them one by one; in another order, the same
 * multiset in another order, hence the same quantiles and mean (which is all a reader can
 * see), though not the same bytes.
 */
static void test_band_merge_exact_mode(void **state)
{
    (void)state;
    double x[BAND_EXACT];
    for (int i = 0; i < BAND_EXACT; i++)
        x[i] = (double)((i * 29) % 64) * 0.75 - 3;
    struct band seq, got;
    band_init(&seq);
    for (int i = 0; i < 40; i++)
        band_add(&seq, x[i]);
    const size_t sizes[] = {3, 17, 1, 0};
    merged(&got, x, 40, sizes, 4, FORWARD);
    assert_same_sketch(&got, &seq);
    merged(&got, x, 40, sizes, 4, TREE);
    assert_same_sketch(&got, &seq);
    merged(&got, x, 40, sizes, 4, BACKWARD);
    for (int k = 0; k <= 20; k++)
        assert_near(band_quantile(&got, k / 20.0), band_quantile(&seq, k / 20.0), 0);
    assert_near(band_mean(&got), band_mean(&seq), 0);
    assert_int_equal(got.count, seq.count);
}

/*
 * Values that are not finite, or beyond BAND_MAX_ABS, are counted and nothing else: the
 * sketch of a data set with them is the sketch of its usable values, byte for byte but for
 * the count of unusable ones, however it is added, batched and merged; and the extremes the
 * sketch does take (+-1e18 with values near 0, a range of 2e18) neither loop nor overflow.
 */
static void test_band_unusable_values(void **state)
{
    (void)state;
    enum { N = 1000 };
    static double x[N];
    static float f[N];
    const double bad[] = {(double)NAN, HUGE_VAL, -HUGE_VAL, 1.0000001e18, -2e18, 1e300};
    struct band all, usable_only, batch, parts[3];
    band_init(&all);
    band_init(&usable_only);
    band_init(&batch);
    uint64_t n_bad = 0;
    for (int i = 0; i < N; i++) {
        bool is_bad = i % 17 == 3;
        x[i] = is_bad ? bad[n_bad % 6] : (i % 5 == 0 ? 1e18 : i % 7 == 0 ? -1e18 : i * 0.001);
        f[i] = (float)(is_bad ? (n_bad % 2 ? (double)NAN : HUGE_VAL) : x[i]);
        n_bad += is_bad;
        band_add(&all, x[i]);
        if (!is_bad)
            band_add(&usable_only, x[i]);
    }
    assert_int_equal(all.unusable, n_bad);
    assert_int_equal(all.count, N - n_bad);
    assert_int_equal(usable_only.unusable, 0);
    usable_only.unusable = n_bad;
    assert_same_sketch(&all, &usable_only);
    assert_true(all.min == -1e18 && all.max == 1e18);
    double q = band_quantile(&all, 0.5);
    assert_true(isfinite(q) && q >= -1e18 && q <= 1e18);
    assert_true(isfinite(band_mean(&all)));
    /* Split in three and merged, in two orders: the same bytes. */
    const int cut[] = {0, 40, 700, N};
    for (int order = 0; order < 2; order++) {
        for (int k = 0; k < 3; k++) {
            band_init(&parts[k]);
            for (int i = cut[k]; i < cut[k + 1]; i++)
                band_add(&parts[k], x[i]);
        }
        struct band merged_all;
        band_init(&merged_all);
        for (int k = 0; k < 3; k++)
            band_merge(&merged_all, &parts[order ? 2 - k : k]);
        assert_int_equal(merged_all.unusable, n_bad);
        assert_int_equal(merged_all.count, N - n_bad);
        if (!order)
            assert_same_sketch(&merged_all, &all);
    }
    /* Floats in batches (the weekly series), with infinities and NaNs among them, as one by
     * one. */
    struct band one;
    band_init(&one);
    for (int i = 0; i < N; i++)
        band_add_no_sum(&one, f[i]);
    band_add_floats(&batch, f, 100, 1);
    band_add_floats(&batch, f + 100, N - 100, 1);
    assert_same_sketch(&batch, &one);
    assert_int_equal(one.unusable, n_bad);
    /* Only unusable values: nothing to read, and said so. */
    struct band none;
    band_init(&none);
    for (int i = 0; i < 100; i++)
        band_add(&none, (double)NAN);
    assert_int_equal(none.count, 0);
    assert_int_equal(none.unusable, 100);
    assert_true(isnan(band_quantile(&none, 0.5)) && isnan(band_mean(&none)));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_statistics_samplers),
        cmocka_unit_test(test_statistics_chain_of_delays),
        cmocka_unit_test(test_statistics_p_start),
        cmocka_unit_test(test_statistics_poisson),
        cmocka_unit_test(test_statistics_exp_neg),
        cmocka_unit_test(test_statistics_poisson_grid),
        cmocka_unit_test(test_statistics_poisson_normal_grid),
        cmocka_unit_test(test_statistics_poisson_window),
        cmocka_unit_test(test_statistics_always_binding_criticality),
        cmocka_unit_test(test_band_exact_type7),
        cmocka_unit_test(test_band_negative_zero),
        cmocka_unit_test(test_band_histogram_bound),
        cmocka_unit_test(test_band_smallest_exponent),
        cmocka_unit_test(test_band_merge_same_bytes),
        cmocka_unit_test(test_band_batch_same_bytes),
        cmocka_unit_test(test_band_batch_avx2_same_bytes),
        cmocka_unit_test(test_band_narrow_as_wide),
        cmocka_unit_test(test_band_merge_exact_mode),
        cmocka_unit_test(test_band_unusable_values),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
