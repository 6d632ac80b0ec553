/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * test_prim.c - PRIM on made-up points whose answer is known (src/analysis/prim.h): a box
 * planted among irrelevant inputs, quasi-p-values worked out by hand, the bound of an input
 * with atoms, the trajectory, the holdout and the resamples.
 */
#include <gsl/gsl_rng.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "analysis/prim.h"
#include "analysis/prim_search.h"
#include "helpers.h"

/* The planted box: x0 in [0.2, 0.7] and x1 >= 0.4 (x1's maximum open), among K inputs, the
 * other 30 irrelevant; its volume is 0.5 x 0.6 = 0.3. */
enum { K = 32, N = 1000 };
static const double planted[2][2] = {{0.2, 0.7}, {0.4, 1.0}};

static int in_planted(const double *x)
{
    return x[0] >= planted[0][0] && x[0] <= planted[0][1] && x[1] >= planted[1][0];
}

/* N uniform points; a point is a case of interest with probability 'in' inside the planted
 * box, 'out' outside it: like the runs of a scenario whose cases also need an event that is
 * no input (a milestone reached at all), so that no box of the inputs is dense throughout. */
static void planted_points(unsigned long seed, double in, double out, double *x, unsigned char *y)
{
    gsl_rng *rng = gsl_rng_alloc(gsl_rng_mt19937);
    assert_non_null(rng);
    gsl_rng_set(rng, seed);
    for (int j = 0; j < N; j++) {
        for (int i = 0; i < K; i++)
            x[j * K + i] = gsl_rng_uniform(rng);
        y[j] = gsl_rng_uniform(rng) < (in_planted(x + j * K) ? in : out);
    }
    gsl_rng_free(rng);
}

/* Whether the first box restricts only the planted inputs, each side within 0.1 (a tenth of
 * the inputs' range) of the planted bound, a side the planted box leaves open either open or
 * within 0.1 of the range's end. */
static int finds_planted(const struct prim_result *r)
{
    if (r->n_boxes < 1)
        return 0;
    const struct prim_found *box = &r->boxes[0];
    for (int i = 2; i < K; i++)
        if (prim_restricts(box, i))
            return 0;
    for (int i = 0; i < 2; i++) {
        if (!prim_restricts(box, i))
            return 0;
        for (int side = 0; side < 2; side++) {
            double bound =
                box->limits[i].state[side] == PRIM_KEPT ? box->limits[i].bound[side] : (double)side;
            if (fabs(bound - planted[i][side]) > 0.1)
                return 0;
        }
    }
    return 1;
}

/*
 * The check of issue 17: 2 relevant inputs among 30 irrelevant ones, 1,000 points, cases with
 * probability 1/2 inside the planted box and 1/20 outside it (0.185 of the points), 20 seeds:
 * in at least 18 the box restricts only the planted inputs, within a tenth of their range of
 * the planted bounds. (Without the quasi-p-values, the box of the largest coverage x density
 * restricts 7 inputs on average, and is right for 1 seed in 20: peeling goes on into the
 * noise, which makes the training points look denser.) Out of sample such a box is denser
 * than the held-out points as a whole: the worst box within a tenth of the planted one holds
 * cases at 0.33, against 0.185. Its resamples restrict the planted inputs more often than
 * the irrelevant ones.
 */
static void test_prim_planted_box(void **state)
{
    (void)state;
    static double x[N * K];
    static unsigned char y[N];
    struct prim_settings set;
    prim_settings_default(&set);
    gsl_rng *rng = gsl_rng_alloc(gsl_rng_mt19937);
    assert_non_null(rng);
    int passed = 0;
    for (unsigned long seed = 1; seed <= 20; seed++) {
        planted_points(seed, 0.5, 0.05, x, y);
        gsl_rng_set(rng, seed + 1000);
        struct prim_result r;
        assert_int_equal(prim_discover(x, y, N, K, &set, rng, &r), DA_OK);
        int ok = finds_planted(&r);
        passed += ok;
        if (ok) {
            const struct prim_found *box = &r.boxes[0];
            assert_int_equal(r.test_points, 300);
            assert_true(box->test_density > (double)r.test_cases / (double)r.test_points);
            double noise = 0;
            for (int i = 2; i < K; i++)
                noise += box->stability[i] / (K - 2);
            assert_true(box->stability[0] > noise && box->stability[1] > noise);
        }
        prim_result_release(&r);
    }
    gsl_rng_free(rng);
    print_message("planted box found in %d of 20 seeds\n", passed);
    assert_true(passed >= 18);
}

/*
 * The bounds of an input with atoms: 20 rows, x0 0 in the first 6 and 1 in the others, the
 * cases those at 1. A peel never separates equal values, so the box is x0 >= 1 exactly; its
 * bound is 1, the first value in (where an input without atoms has 0.5, halfway to the last
 * value out), and the box's maximum, when pulled down to the 0s, is 0.
 */
static void test_prim_bound_of_an_atom(void **state)
{
    (void)state;
    double x[20];
    unsigned char y[20];
    uint32_t rows[20];
    const unsigned char atoms[1] = {1};
    for (int j = 0; j < 20; j++) {
        x[j] = j < 6 ? 0 : 1;
        y[j] = j >= 6;
        rows[j] = (uint32_t)j;
    }
    struct prim_search s, plain;
    assert_int_equal(prim_search_init(&s, x, y, 1, atoms, rows, 20, 1), DA_OK);
    assert_int_equal(prim_search_init(&plain, x, y, 1, NULL, rows, 20, 1), DA_OK);
    struct prim_path path = {0};
    assert_int_equal(prim_search_peel(&s, 0.05, &path), DA_OK);
    assert_int_equal(path.n_moves, 1);
    assert_int_equal(s.points, 14);
    assert_int_equal(s.cases, 14);
    assert_near(prim_search_bound(&s, 0, 0), 1, 0);
    prim_search_move(&plain, 0, 0, 6);
    assert_near(prim_search_bound(&plain, 0, 0), 0.5, 0);
    prim_search_reset(&s);
    prim_search_move(&s, 0, 1, 6);
    assert_near(prim_search_bound(&s, 0, 1), 0, 0);
    prim_path_release(&path);
    prim_search_release(&s);
    prim_search_release(&plain);
}

/*
 * A quasi-p-value by hand: one input, 20 rows at 0, 1, ..., 19; the box x >= 9.5 holds 10
 * rows of which 9 are cases (all but 12), and the one case below it is 3. Without the
 * restriction the density is 10/20 = 1/2, so the quasi-p-value is P(X >= 9) for X ~
 * Binomial(10, 1/2) = (10 + 1)/1024. With a significance of 0.05 the restriction stays, and
 * with one of 0.01 it is dropped, recorded with that value.
 */
static void test_prim_quasi_p_by_hand(void **state)
{
    (void)state;
    double x[20];
    unsigned char y[20];
    uint32_t rows[20];
    for (int j = 0; j < 20; j++) {
        x[j] = j;
        y[j] = (j >= 10 && j != 12) || j == 3;
        rows[j] = (uint32_t)j;
    }
    struct prim_search s;
    assert_int_equal(prim_search_init(&s, x, y, 1, NULL, rows, 20, 1), DA_OK);
    prim_search_move(&s, 0, 0, 10);
    assert_int_equal(s.points, 10);
    assert_int_equal(s.cases, 9);
    assert_near(prim_search_bound(&s, 0, 0), 9.5, 0);
    assert_near(prim_search_quasi_p(&s, 0, 0), 11.0 / 1024, 1e-12);
    struct prim_limit limit[1];
    memset(limit, 0, sizeof limit);
    prim_search_prune(&s, 0.05, limit);
    assert_int_equal(limit[0].state[0], PRIM_KEPT);
    assert_near(limit[0].bound[0], 9.5, 0);
    assert_near(limit[0].p[0], 11.0 / 1024, 1e-12);
    assert_int_equal(limit[0].state[1], PRIM_OPEN);
    memset(limit, 0, sizeof limit);
    prim_search_prune(&s, 0.01, limit);
    assert_int_equal(limit[0].state[0], PRIM_DROPPED);
    assert_near(limit[0].p[0], 11.0 / 1024, 1e-12);
    assert_int_equal(s.points, 20);
    prim_search_release(&s);
}

/*
 * The trajectory: step 0 is the whole space (coverage 1, mass 1, nothing restricted); each peel
 * removes a twentieth of the box's rows, or a few more, so the mass falls step by step and
 * stays at or above 5%; the rule's step has the largest coverage x density, and --box I takes
 * step I (the last one when I is beyond it).
 */
static void test_prim_trajectory(void **state)
{
    (void)state;
    static double x[N * K];
    static unsigned char y[N];
    planted_points(7, 1, 0, x, y);
    struct prim_settings set;
    prim_settings_default(&set);
    set.bootstrap = 0;
    gsl_rng *rng = gsl_rng_alloc(gsl_rng_mt19937);
    assert_non_null(rng);
    struct prim_result r;
    assert_int_equal(prim_discover(x, y, N, K, &set, rng, &r), DA_OK);
    const struct prim_found *box = &r.boxes[0];
    assert_true(box->n_steps > 10);
    assert_near(box->steps[0].coverage, 1, 0);
    assert_near(box->steps[0].mass, 1, 0);
    assert_int_equal(box->steps[0].restricted, 0);
    double best = 0;
    for (int t = 1; t < box->n_steps; t++) {
        const struct prim_step *a = &box->steps[t - 1], *b = &box->steps[t];
        assert_true(b->mass < a->mass && b->mass >= a->mass * 0.9);
        assert_true(b->mass >= 0.05);
        best = fmax(best, b->coverage * b->density);
    }
    const struct prim_step *chosen = &box->steps[box->chosen];
    assert_near(chosen->coverage * chosen->density, best, 0);
    assert_true(isnan(box->stability[0]));
    int steps = box->n_steps;
    prim_result_release(&r);
    set.box = 5;
    assert_int_equal(prim_discover(x, y, N, K, &set, rng, &r), DA_OK);
    assert_int_equal(r.boxes[0].chosen, 5);
    prim_result_release(&r);
    set.box = 100000;
    assert_int_equal(prim_discover(x, y, N, K, &set, rng, &r), DA_OK);
    assert_int_equal(r.boxes[0].chosen, steps - 1);
    prim_result_release(&r);
    gsl_rng_free(rng);
}

/*
 * The holdout: 30% of 1,000 points is 300 held out, 700 searched; the same stream gives the
 * same split and the same boxes, bit for bit. With no holdout every point is searched and the
 * out-of-sample coverage and density are not numbers.
 */
static void test_prim_holdout(void **state)
{
    (void)state;
    static double x[N * K];
    static unsigned char y[N];
    planted_points(3, 0.9, 0.05, x, y);
    struct prim_settings set;
    prim_settings_default(&set);
    set.bootstrap = 5;
    gsl_rng *rng = gsl_rng_alloc(gsl_rng_mt19937);
    assert_non_null(rng);
    struct prim_result a, b;
    gsl_rng_set(rng, 11);
    assert_int_equal(prim_discover(x, y, N, K, &set, rng, &a), DA_OK);
    gsl_rng_set(rng, 11);
    assert_int_equal(prim_discover(x, y, N, K, &set, rng, &b), DA_OK);
    assert_int_equal(a.train_points, 700);
    assert_int_equal(a.test_points, 300);
    uint64_t cases = 0;
    for (int j = 0; j < N; j++)
        cases += y[j];
    assert_int_equal(a.train_cases + a.test_cases, cases);
    assert_int_equal(a.n_boxes, b.n_boxes);
    for (int k = 0; k < a.n_boxes; k++) {
        assert_memory_equal(a.boxes[k].limits, b.boxes[k].limits, sizeof(struct prim_limit) * K);
        assert_memory_equal(a.boxes[k].stability, b.boxes[k].stability, sizeof(double) * K);
        assert_true(a.boxes[k].test_cases <= a.boxes[k].test_points);
    }
    prim_result_release(&a);
    prim_result_release(&b);
    set.holdout = 0;
    assert_int_equal(prim_discover(x, y, N, K, &set, rng, &a), DA_OK);
    assert_int_equal(a.train_points, N);
    assert_int_equal(a.test_points, 0);
    assert_true(a.n_boxes >= 1 && isnan(a.boxes[0].test_coverage) &&
                isnan(a.boxes[0].test_density));
    prim_result_release(&a);
    gsl_rng_free(rng);
}

/* No case of interest, or nothing but: no box. */
static void test_prim_nothing_to_find(void **state)
{
    (void)state;
    static double x[100 * 3];
    static unsigned char y[100];
    for (int j = 0; j < 300; j++)
        x[j] = (j * 37 % 101) / 101.0;
    struct prim_settings set;
    prim_settings_default(&set);
    gsl_rng *rng = gsl_rng_alloc(gsl_rng_mt19937);
    assert_non_null(rng);
    for (int all = 0; all < 2; all++) {
        memset(y, all, sizeof y);
        struct prim_result r;
        assert_int_equal(prim_discover(x, y, 100, 3, &set, rng, &r), DA_OK);
        assert_int_equal(r.n_boxes, 0);
        prim_result_release(&r);
    }
    gsl_rng_free(rng);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_prim_planted_box),     cmocka_unit_test(test_prim_quasi_p_by_hand),
        cmocka_unit_test(test_prim_trajectory),      cmocka_unit_test(test_prim_holdout),
        cmocka_unit_test(test_prim_nothing_to_find), cmocka_unit_test(test_prim_bound_of_an_atom),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
