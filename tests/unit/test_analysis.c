/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * test_analysis.c - the analyses against cases whose answers are known by hand.
 *
 * The case: an option starts when milestone c is reached, c waits for b, b for a, and the three
 * delays are independent uniforms on [0, 100], [0, 200] and [0, 300] days; the horizon is long
 * enough for every chain. The start day is then the sum of the delays, so each delay's share of
 * the variance is its variance over theirs: 100^2 : 200^2 : 300^2, that is 1/14, 4/14 and 9/14,
 * and since the sum is additive, first- and total-order indices are equal. The area's
 * population is uncertain too but cannot move the start day: its indices are 0.
 */
#include <float.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analysis/analysis.h"
#include "engine/correlate.h"
#include "engine/replication.h"
#include "helpers.h"
#include "model/rng.h"
#include "util/alloc.h"
#include "util/sort.h"

static da_scenario *load_chain(void)
{
    da_diags *diags = NULL;
    da_scenario *scn = NULL;
    assert_int_equal(load_string(chain_scenario(), &diags, &scn), DA_OK);
    da_diags_free(diags);
    return scn;
}

static da_analysis *analyze(da_scenario *scn, int method, uint64_t samples, int threads)
{
    da_analyze_options o;
    da_analyze_options_init(&o);
    o.method = method;
    o.metric = "start_day";
    o.samples = samples;
    o.threads = threads;
    o.where = DA_WHERE_GT; /* prim: start_day > 300 */
    o.where_value = 300;
    da_analysis *an = NULL;
    assert_int_equal(da_analyze(scn, &o, &an), DA_OK);
    return an;
}

static const char *const delays[] = {"milestones.a.delay_days", "milestones.b.delay_days",
                                     "milestones.c.delay_days"};
static const double shares[] = {1.0 / 14, 4.0 / 14, 9.0 / 14};

/*
 * Sobol' with N = 4,000 (24,000 runs): S1 and ST of each delay within 0.05 of its share and
 * within its reported interval widened to cover the estimators' bias at this N; the
 * population's exactly 0 (its column change leaves every run the same, bit for bit).
 */
static void test_analysis_sobol_chain_of_delays(void **state)
{
    (void)state;
    da_scenario *scn = load_chain();
    da_analysis *an = analyze(scn, DA_METHOD_SOBOL, 4000, 2);
    assert_int_equal(an->n_inputs, 4);
    assert_int_equal(an->evaluations, 4000 * 6);
    double total = 0;
    for (int d = 0; d < 3; d++) {
        const struct input_result *r = &an->inputs[input_named(an, delays[d])];
        assert_near(r->S1, shares[d], 0.05);
        assert_near(r->ST, shares[d], 0.05);
        assert_true(r->S1_conf > 0 && r->S1_conf < 0.1);
        assert_true(fabs(r->ST - shares[d]) < 3 * r->ST_conf + 0.01);
        total += r->ST;
    }
    assert_near(total, 1, 0.05);
    const struct input_result *pop = &an->inputs[input_named(an, "areas.a.population")];
    assert_near(pop->S1, 0, 0);
    assert_near(pop->ST, 0, 0);
    /* The ranking: c, b, a, then the population. */
    for (int k = 0; k < 3; k++)
        assert_int_equal(an->order[k], input_named(an, delays[2 - k]));
    /* The variance of the sum: (100^2 + 200^2 + 300^2) / 12 = 11,666.7. */
    assert_near(an->variance, 140000.0 / 12, 0.05 * 140000.0 / 12);
    da_analysis_free(an);
    da_scenario_free(scn);
}

/*
 * Morris: the start day is linear in each delay, so every elementary effect of delay d is its
 * width (the change of the start day over the change of u) and sigma is 0: mu* = 100, 200,
 * 300 exactly; the population's effect is 0. Its ranking agrees with Sobol's.
 *
 * mu*'s rounding floor (morris.c) is rho = 800 DBL_EPSILON (the horizon's days) times the mean of
 * (|f1| + |f0|) / |du| with |du| = 1/2; the design's levels put a delay at u = 1/8 .. 7/8 of its
 * range, so every start day lies within [75, 525] (12.5 + 25 + 37.5 to 87.5 + 175 + 262.5) and
 * each floor within [4 rho 75, 4 rho 525]: the population's mu* of 0 is at or below it, each
 * delay's far above.
 */
static void test_analysis_morris_chain_of_delays(void **state)
{
    (void)state;
    da_scenario *scn = load_chain();
    da_analysis *an = analyze(scn, DA_METHOD_MORRIS, 30, 1);
    assert_int_equal(an->evaluations, 30 * 5);
    for (int d = 0; d < 3; d++) {
        const struct input_result *r = &an->inputs[input_named(an, delays[d])];
        assert_near(r->mu_star, 100.0 * (d + 1), 1e-6);
        assert_near(r->sigma, 0, 1e-6);
    }
    assert_near(an->inputs[input_named(an, "areas.a.population")].mu_star, 0, 0);
    double rho = 800 * DBL_EPSILON;
    for (int i = 0; i < an->n_inputs; i++) {
        const struct input_result *r = &an->inputs[i];
        assert_true(r->mu_star_floor >= 4 * rho * 75 && r->mu_star_floor <= 4 * rho * 525);
        assert_true(i == input_named(an, "areas.a.population")
                        ? r->mu_star <= r->mu_star_floor
                        : r->mu_star > 1e9 * r->mu_star_floor);
    }
    da_analysis *sobol = analyze(scn, DA_METHOD_SOBOL, 500, 1);
    for (int k = 0; k < an->n_inputs; k++)
        assert_int_equal(an->order[k], sobol->order[k]);
    da_analysis_free(sobol);
    da_analysis_free(an);
    da_scenario_free(scn);
}

/*
 * Tornado: the others at their central values (the midpoints, 50 + 100 + 150 = 300 days), one
 * delay at its 10th and 90th percentile: the start day moves by 0.8 of the delay's width,
 * 80, 160 and 240 days, the same in every run (nothing else is random here).
 */
static void test_analysis_tornado_chain_of_delays(void **state)
{
    (void)state;
    da_scenario *scn = load_chain();
    da_analysis *an = analyze(scn, DA_METHOD_TORNADO, 10, 2);
    assert_int_equal(an->evaluations, 10 * 9);
    assert_near(an->mean, 300, 1e-9);
    for (int d = 0; d < 3; d++) {
        const struct input_result *r = &an->inputs[input_named(an, delays[d])];
        double width = 100.0 * (d + 1);
        assert_near(r->low, 300 - 0.4 * width, 1e-9);
        assert_near(r->high, 300 + 0.4 * width, 1e-9);
        assert_near(r->swing, 0.8 * width, 1e-9);
    }
    assert_int_equal(an->order[0], input_named(an, delays[2]));
    da_analysis_free(an);
    da_scenario_free(scn);
}

/*
 * PRIM where the condition is exactly a threshold on one input: with a and b at 50 and 100
 * days, the start day is 150 + c's delay, so start_day > 300 holds exactly when that delay is
 * above 150. The first box restricts that delay alone, from about 150 up, and holds nearly all
 * the cases and nearly nothing else, on the runs it was found on and on those held out; the
 * population stays unrestricted, and every bootstrap resample restricts the delay.
 */
static void test_analysis_prim_finds_a_threshold(void **state)
{
    (void)state;
    const char *yaml = replace_once(chain_scenario(), "{dist: uniform, min: 0, max: 100}", "50");
    yaml = replace_once(yaml, "{dist: uniform, min: 0, max: 200}", "100");
    da_diags *diags = NULL;
    da_scenario *scn = NULL;
    assert_int_equal(load_string(yaml, &diags, &scn), DA_OK);
    da_diags_free(diags);
    da_analyze_options o;
    da_analyze_options_init(&o);
    o.method = DA_METHOD_PRIM;
    o.metric = "start_day";
    o.where = DA_WHERE_GT;
    o.where_value = 300;
    da_analysis *an = NULL;
    assert_int_equal(da_analyze(scn, &o, &an), DA_OK);
    assert_int_equal(an->n_inputs, 2);
    assert_int_equal(an->evaluations, 2000);
    assert_near((double)an->cases / 2000, 0.5, 0.05); /* P(delay > 150) = 1/2 */
    assert_true(an->prim.n_boxes >= 1);
    const struct prim_found *box = &an->prim.boxes[0];
    int c = input_named(an, "milestones.c.delay_days");
    int pop = input_named(an, "areas.a.population");
    assert_int_equal(box->limits[c].state[0], PRIM_KEPT);
    assert_near(box->limits[c].bound[0], 150, 6);
    assert_int_equal(box->limits[c].state[1], PRIM_OPEN);
    assert_false(prim_restricts(box, pop));
    assert_true(box->coverage > 0.97);
    assert_true(box->density > 0.97);
    /* Out of sample too, on the 600 held-out runs. */
    assert_int_equal(an->prim.test_points, 600);
    assert_true(box->test_coverage > 0.95);
    assert_true(box->test_density > 0.95);
    assert_near(an->inputs[c].stability, 1, 0);
    assert_int_equal(an->order[0], c);
    da_analysis_free(an);
    da_scenario_free(scn);
}

/*
 * PRIM on an input with atoms: milestone c comes with a probability that is itself a
 * bernoulli(0.7), so that it never comes in 30% of the runs (the probability 0) and the
 * option never starts: start_day > 500 holds exactly there. The box keeps exactly the runs
 * whose probability is 0 (coverage and density 1, in and out of sample) and says so with a
 * bound the input takes, 0, on its maximum. Searched on the uniforms behind the bernoulli,
 * PRIM split the runs of one value by a bound among their uniforms (below 0.3 all give 0), and
 * the bound turned into a value (0 or 1) restricted nothing, or not what the box kept. The
 * terminal prints "milestones.c.probability = 0".
 */
static void test_analysis_prim_bound_of_an_atom(void **state)
{
    (void)state;
    const char *yaml = replace_once(chain_scenario(), "{dist: uniform, min: 0, max: 100}", "50");
    yaml = replace_once(yaml, "{dist: uniform, min: 0, max: 200}", "100");
    yaml = replace_once(yaml, "    delay_days: {dist: uniform, min: 0, max: 300}\n",
                        "    delay_days: {dist: uniform, min: 0, max: 300}\n"
                        "    probability: {dist: bernoulli, p: 0.7}\n");
    da_scenario *scn = load_yaml_ok(yaml);
    da_analyze_options o;
    da_analyze_options_init(&o);
    o.method = DA_METHOD_PRIM;
    o.metric = "start_day";
    o.samples = 1000;
    o.where = DA_WHERE_GT;
    o.where_value = 500;
    da_analysis *an = NULL;
    assert_int_equal(da_analyze(scn, &o, &an), DA_OK);
    int p = input_named(an, "milestones.c.probability");
    assert_true(an->prim.n_boxes >= 1);
    const struct prim_found *box = &an->prim.boxes[0];
    for (int i = 0; i < an->n_inputs; i++)
        assert_int_equal(prim_restricts(box, i), i == p);
    assert_int_equal(box->limits[p].state[0], PRIM_OPEN);
    assert_int_equal(box->limits[p].state[1], PRIM_KEPT);
    assert_near(box->limits[p].bound[1], 0, 0);
    assert_near(box->coverage, 1, 0);
    assert_near(box->density, 1, 0);
    assert_near(box->test_coverage, 1, 0);
    assert_near(box->test_density, 1, 0);
    assert_near(an->inputs[p].stability, 1, 0);
    /* The terminal reads the restriction as the value it leaves. */
    char *text = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&text, &len);
    assert_non_null(f);
    assert_int_equal(da_analysis_write_table(an, f, 0), DA_OK);
    fclose(f);
    assert_non_null(strstr(text, "\n  milestones.c.probability = 0 (quasi-p "));
    free(text);
    da_analysis_free(an);
    da_scenario_free(scn);
}

/* Sorting (value, row) pairs gives each row's rank in one column. */
struct ranked {
    double value;
    size_t row;
};

static int by_value(const void *pa, const void *pb)
{
    const struct ranked *a = pa, *b = pb;
    return (a->value > b->value) - (a->value < b->value);
}

/* The ranks (0 to n - 1) of column 'col' of the n x m matrix x (no ties) into 'rank'. */
static void ranks_of(const double *x, size_t n, int m, int col, double *rank)
{
    struct ranked *r = malloc(n * sizeof *r);
    assert_non_null(r);
    for (size_t i = 0; i < n; i++) {
        r[i].value = x[i * (size_t)m + (size_t)col];
        r[i].row = i;
    }
    qsort(r, n, sizeof *r, by_value);
    for (size_t i = 0; i < n; i++)
        rank[r[i].row] = (double)i;
    free(r);
}

/* Spearman's rank correlation of columns a and b of the n x m matrix x (no ties). */
static double spearman(const double *x, size_t n, int m, int a, int b)
{
    double *ra = malloc(n * sizeof *ra), *rb = malloc(n * sizeof *rb);
    assert_true(ra && rb);
    ranks_of(x, n, m, a, ra);
    ranks_of(x, n, m, b, rb);
    double mean = (double)(n - 1) / 2, sab = 0, saa = 0, sbb = 0;
    for (size_t i = 0; i < n; i++) {
        sab += (ra[i] - mean) * (rb[i] - mean);
        saa += (ra[i] - mean) * (ra[i] - mean);
        sbb += (rb[i] - mean) * (rb[i] - mean);
    }
    free(ra);
    free(rb);
    return sab / sqrt(saa * sbb);
}

/*
 * Iman-Conover over 10,000 samples of three inputs with target rank correlations 0.6 (0-1),
 * -0.3 (0-2) and 0 (1-2): each reached within 0.02, and each column holds exactly the values
 * it held before (sorted, the same bits), so every input's distribution is unchanged.
 */
static void test_analysis_iman_conover(void **state)
{
    (void)state;
    enum { N = 10000, M = 3 };
    static double x[N * M], before[N * M], col_a[N], col_b[N];
    gsl_rng *rng = rng_alloc();
    assert_non_null(rng);
    rng_seed(rng, 7, 0, RNG_STREAM_DESIGN);
    for (size_t i = 0; i < (size_t)N * M; i++)
        x[i] = before[i] = i % M == 2 ? -log(rng_uniform(rng)) : rng_uniform(rng) * 100;
    const double rho[M][M] = {{1, 0.6, -0.3}, {0.6, 1, 0}, {-0.3, 0, 1}};
    double chol[M * M];
    for (int a = 0; a < M; a++)
        for (int b = 0; b < M; b++)
            chol[a * M + b] = a == b ? 1 : 2 * sin(3.14159265358979323846 * rho[a][b] / 6);
    assert_true(correlation_cholesky(chol, M));
    struct correlate c;
    assert_int_equal(correlate_init(&c, N, M), DA_OK);
    assert_true(correlate_rearrange(&c, x, chol, rng));
    correlate_release(&c);
    for (int a = 0; a < M; a++)
        for (int b = a + 1; b < M; b++)
            assert_near(spearman(x, N, M, a, b), rho[a][b], 0.02);
    for (int j = 0; j < M; j++) {
        for (size_t i = 0; i < N; i++) {
            col_a[i] = x[i * M + (size_t)j];
            col_b[i] = before[i * M + (size_t)j];
        }
        qsort(col_a, N, sizeof col_a[0], sort_doubles_ascending);
        qsort(col_b, N, sizeof col_b[0], sort_doubles_ascending);
        assert_memory_equal(col_a, col_b, sizeof col_a);
    }
    gsl_rng_free(rng);
}

/*
 * A run's correlated inputs: with `correlations:` between delays a and b at 0.7, the values
 * drawn for 10,000 replications have that rank correlation within 0.02, and each delay keeps
 * its uniform law (means 50 and 100 within 4 standard errors); c, not named, stays
 * uncorrelated with a. The draws depend on the replication only, not on the worker.
 */
static void test_analysis_correlated_run(void **state)
{
    (void)state;
    const char *yaml = chain_scenario();
    size_t cap = strlen(yaml) + 200;
    char *text = malloc(cap);
    assert_non_null(text);
    snprintf(text, cap,
             "%scorrelations:\n  - between: [milestones.a.delay_days, milestones.b.delay_days]\n"
             "    rank: 0.7\n",
             yaml);
    da_diags *diags = NULL;
    da_scenario *scn = NULL;
    assert_int_equal(load_string(text, &diags, &scn), DA_OK);
    da_diags_free(diags);
    free(text);
    struct plan plan;
    assert_int_equal(plan_init(&plan, scn), DA_OK);
    assert_int_equal(plan.n_correlated, 2);
    struct worker one, other;
    assert_int_equal(worker_init(&one, &plan), DA_OK);
    assert_int_equal(worker_init(&other, &plan), DA_OK);
    enum { N = 10000 };
    static double x[N * 3];
    const struct da_scenario *s = scn;
    da_pid pa = s->milestones[0].delay_days, pb = s->milestones[1].delay_days;
    da_pid pc = s->milestones[2].delay_days;
    double mean_a = 0, mean_b = 0;
    for (uint64_t r = 0; r < N; r++) {
        replication_run(&one, 3, r, false);
        x[r * 3] = one.draws.x[pa];
        x[r * 3 + 1] = one.draws.x[pb];
        x[r * 3 + 2] = one.draws.x[pc];
        mean_a += x[r * 3] / N;
        mean_b += x[r * 3 + 1] / N;
        if (r % 997 == 0) { /* another worker, another moment: the same draws */
            replication_run(&other, 3, r, false);
            assert_true(other.draws.x[pa] == x[r * 3] && other.draws.x[pb] == x[r * 3 + 1]);
        }
    }
    assert_near(spearman(x, N, 3, 0, 1), 0.7, 0.02);
    assert_near(spearman(x, N, 3, 0, 2), 0, 0.03);
    assert_near(mean_a, 50, 4 * 100 / sqrt(12.0 * N));
    assert_near(mean_b, 100, 4 * 200 / sqrt(12.0 * N));
    worker_release(&one);
    worker_release(&other);
    plan_release(&plan);
    da_scenario_free(scn);
}

/* The same JSON for 1, 2 and 4 threads; another seed, other numbers. */
static void test_analysis_threads_and_seeds(void **state)
{
    (void)state;
    da_scenario *scn = load_chain();
    for (int method = DA_METHOD_SOBOL; method <= DA_METHOD_PRIM; method++) {
        da_analysis *one = analyze(scn, method, 40, 1);
        char *want = analysis_json(one);
        for (int threads = 2; threads <= 4; threads += 2) {
            da_analysis *many = analyze(scn, method, 40, threads);
            char *got = analysis_json(many);
            assert_string_equal(got, want);
            free(got);
            da_analysis_free(many);
        }
        free(want);
        da_analysis_free(one);
    }
    da_analyze_options o;
    da_analyze_options_init(&o);
    o.method = DA_METHOD_SOBOL;
    o.metric = "start_day";
    o.samples = 40;
    o.seed = 99;
    o.use_seed = 1;
    da_analysis *a = analyze(scn, DA_METHOD_SOBOL, 40, 1), *b = NULL;
    assert_int_equal(da_analyze(scn, &o, &b), DA_OK);
    int c = input_named(a, "milestones.c.delay_days");
    assert_true(a->inputs[c].S1 != b->inputs[c].S1);
    da_analysis_free(a);
    da_analysis_free(b);
    /* An unknown metric or option. */
    o.metric = "no_such_metric";
    assert_int_equal(da_analyze(scn, &o, &b), DA_ERR_NOTFOUND);
    o.metric = "start_day";
    o.option = "nobody";
    assert_int_equal(da_analyze(scn, &o, &b), DA_ERR_NOTFOUND);
    assert_null(b);
    da_scenario_free(scn);
}

/* The table of methods, as the public API reads it: names both ways, what each takes, and the
 * usage errors that list the methods that take what another does not. */
static void test_analysis_method_table(void **state)
{
    (void)state;
    const char *names[] = {"sobol", "morris", "tornado", "prim", "voi"};
    for (int m = 0; m < 5; m++) {
        assert_string_equal(da_method_name(m), names[m]);
        assert_int_equal(da_method_of(names[m]), m);
    }
    assert_null(da_method_name(5));
    assert_null(da_method_name(-1));
    assert_int_equal(da_method_of("magic"), -1);
    assert_int_equal(da_method_of(NULL), -1);
    assert_int_equal(da_method_takes(DA_METHOD_SOBOL),
                     DA_TAKES_GROUPS | DA_TAKES_BY | DA_TAKES_OPTION);
    assert_int_equal(da_method_takes(DA_METHOD_PRIM), DA_TAKES_WHERE | DA_TAKES_OPTION);
    assert_int_equal(da_method_takes(DA_METHOD_VOI), DA_TAKES_GROUPS);
    char buf[256];
    da_method_names(0, buf, sizeof buf);
    assert_string_equal(buf, "sobol, morris, tornado, prim or voi");
    da_method_names(DA_TAKES_GROUPS, buf, sizeof buf);
    assert_string_equal(buf, "sobol or voi");
    da_method_names(DA_TAKES_BY, buf, sizeof buf);
    assert_string_equal(buf, "sobol");
    da_method_names(0, buf, 8); /* cut to fit */
    assert_string_equal(buf, "sobol, ");
    assert_int_equal(da_method_check(DA_METHOD_VOI, DA_TAKES_GROUPS, buf, sizeof buf), 1);
    assert_int_equal(da_method_check(DA_METHOD_MORRIS, DA_TAKES_GROUPS, buf, sizeof buf), 0);
    assert_string_equal(buf,
                        "--group goes with --method sobol or voi: the other methods give "
                        "no group indices");
    assert_int_equal(da_method_check(DA_METHOD_VOI, DA_TAKES_OPTION, buf, sizeof buf), 0);
    assert_string_equal(buf,
                        "--option does not go with --method voi, which compares every "
                        "option");
    assert_int_equal(da_method_check(DA_METHOD_SOBOL, DA_TAKES_WHERE, buf, sizeof buf), 0);
    assert_string_equal(buf, "--where goes with --method prim");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_analysis_sobol_chain_of_delays),
        cmocka_unit_test(test_analysis_morris_chain_of_delays),
        cmocka_unit_test(test_analysis_tornado_chain_of_delays),
        cmocka_unit_test(test_analysis_prim_finds_a_threshold),
        cmocka_unit_test(test_analysis_prim_bound_of_an_atom),
        cmocka_unit_test(test_analysis_threads_and_seeds),
        cmocka_unit_test(test_analysis_iman_conover),
        cmocka_unit_test(test_analysis_correlated_run),
        cmocka_unit_test(test_analysis_method_table),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
