/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * test_sharing.c - simulating the days all options share once (src/engine/replication.c)
 * changes no result: every sketch and count of the accumulator is the same, byte for byte, as
 * when every option is simulated from day 0. Over the format example (options that start at
 * different times, a pledge restricted to one option) and the built-in gaza scenarios (many
 * replications where no option starts), stochastic and deterministic. And the buffers of the
 * weekly series and requirement add what each replication recorded, in its order; and a pool's
 * series, readied by its workers, hold what series readied at once do. And an option evaluated
 * alone for an analysis, from option 0's shared days, gives what it gives among all.
 */
#include <math.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "engine/lockstep.h"
#include "engine/replication.h"
#include "helpers.h"
#include "model/lanes.h"

static bool same_sketches(const struct sketch *a, const struct sketch *b, size_t n)
{
    return memcmp(a, b, n * sizeof *a) == 0;
}

static bool same_bands(const struct band *a, const struct band *b, size_t n)
{
    return memcmp(a, b, n * sizeof *a) == 0;
}

static void compare(const struct acc *a, const struct acc *b, const struct plan *plan)
{
    assert_int_equal(a->replications, b->replications);
    size_t series = (size_t)plan->n_weeks * (size_t)plan->n_areas * N_SERIES;
    for (int o = 0; o < plan->n_options; o++) {
        const struct option_acc *x = &a->options[o], *y = &b->options[o];
        assert_true(same_sketches(x->metric, y->metric, N_METRICS));
        assert_true(same_sketches(x->by_donor, y->by_donor, (size_t)plan->n_payers));
        assert_true(same_sketches(x->by_purpose, y->by_purpose, N_POOL_PURPOSES));
        assert_true(
            same_sketches(x->area_end, y->area_end, (size_t)plan->n_areas * N_AREA_METRICS));
        assert_true(same_bands(x->series, y->series, series));
        assert_int_equal(x->started, y->started);
        assert_int_equal(x->ioc, y->ioc);
        for (int k = 0; k < plan->n_tracked; k++)
            assert_int_equal(x->deployed_by[k], y->deployed_by[k]);
        assert_memory_equal(x->critical, y->critical,
                            sizeof(uint64_t) * (size_t)plan->n_milestones);
        assert_memory_equal(x->short_by, y->short_by, sizeof x->short_by);
        assert_memory_equal(x->held_by, y->held_by,
                            sizeof(uint64_t) * (size_t)plan->n_tracked *
                                (size_t)plan->n_milestones);
        assert_int_equal(x->half, y->half);
    }
    assert_true(same_sketches(a->diff, b->diff, (size_t)a->n_pairs * N_METRICS));
    assert_true(same_sketches(a->observed, b->observed, (size_t)plan->n_observed));
    assert_true(same_bands(a->required, b->required, results_n_required(plan)));
}

static void check(const char *name, const char *text, size_t len, int replications,
                  bool deterministic)
{
    da_diags *diags = da_diags_new();
    da_scenario *scn;
    assert_int_equal(da_scenario_load_buffer(name, text, len, diags, &scn), DA_OK);
    struct plan plan;
    assert_int_equal(plan_init(&plan, (const struct da_scenario *)scn), DA_OK);
    struct worker shared, alone;
    assert_int_equal(worker_init(&shared, &plan), DA_OK);
    assert_int_equal(worker_init(&alone, &plan), DA_OK);
    alone.no_sharing = true;
    for (int r = 0; r < replications; r++) {
        replication_run(&shared, 5, (uint64_t)r, deterministic);
        replication_run(&alone, 5, (uint64_t)r, deterministic);
    }
    replication_flush(&shared);
    replication_flush(&alone);
    acc_finish(&shared.acc, &plan);
    acc_finish(&alone.acc, &plan);
    compare(&shared.acc, &alone.acc, &plan);
    worker_release(&shared);
    worker_release(&alone);
    plan_release(&plan);
    da_scenario_free(scn);
    da_diags_free(diags);
}

/* Replications 0..n-1 of 'plan' into 'wk', in blocks of 'lanes' (1: one at a time), with a
 * flush of the buffers after every replication or block when 'flush_each'. */
static void run_into(struct worker *wk, int n, int lanes, bool flush_each)
{
    if (lanes > 1)
        assert_int_equal(lockstep_init(wk, lanes), DA_OK);
    for (int r = 0; r < n; r += lanes) {
        int m = n - r < lanes ? n - r : lanes;
        uint64_t reps[LANES_MAX];
        for (int l = 0; l < m; l++)
            reps[l] = (uint64_t)(r + l);
        if (lanes > 1)
            lockstep_run(wk, 9, reps, m, false);
        else
            replication_run(wk, 9, (uint64_t)r, false);
        if (flush_each)
            replication_flush(wk);
    }
    replication_flush(wk);
}

/* The buffers of the weekly series (SERIES_BLOCK replications) and of the requirement
 * (REQUIRED_BLOCK) add to the sketches what adding each replication's values as it ends adds,
 * byte for byte (the values of a sketch in the same order): past both blocks' ends, with a
 * last block part full, one at a time and in blocks of 3 lanes, which do not divide either
 * block, so that a block of lanes meets a buffer without room for all of it. */
static void check_buffers(const char *name, const char *text, size_t len)
{
    da_diags *diags = da_diags_new();
    da_scenario *scn;
    assert_int_equal(da_scenario_load_buffer(name, text, len, diags, &scn), DA_OK);
    struct plan plan;
    assert_int_equal(plan_init(&plan, (const struct da_scenario *)scn), DA_OK);
    int n = SERIES_BLOCK + REQUIRED_BLOCK + REQUIRED_BLOCK / 2 + 1;
    struct worker each;
    assert_int_equal(worker_init(&each, &plan), DA_OK);
    run_into(&each, n, 1, true);
    acc_finish(&each.acc, &plan);
    assert_int_equal(each.acc.replications, (uint64_t)n);
    for (int lanes = 1; lanes <= 3; lanes += 2) {
        struct worker buffered;
        assert_int_equal(worker_init(&buffered, &plan), DA_OK);
        run_into(&buffered, n, lanes, false);
        acc_finish(&buffered.acc, &plan);
        compare(&buffered.acc, &each.acc, &plan);
        worker_release(&buffered);
    }
    worker_release(&each);
    plan_release(&plan);
    da_scenario_free(scn);
    da_diags_free(diags);
}

/* A thread that readies what is left of the series, then waits for them all. */
static void *prepare_series(void *acc)
{
    acc_series_prepare(acc, false);
    acc_series_prepare(acc, true);
    return NULL;
}

/* The weekly series of a run's pool (worker_init_pooled(): allocated, readied by the workers
 * as they start, a chunk each by whoever begins it) hold the same bytes as series readied at
 * once: untouched until readied, ready once four threads have raced through them, and after
 * a run of a worker of its own and one that borrows them (replication_flush() readies what
 * is left) the same as an unpooled worker's. */
static void test_series_readied_by_the_workers(void **state)
{
    (void)state;
    da_scenario *scn = load_path(data_path("example.yaml"));
    struct plan plan;
    assert_int_equal(plan_init(&plan, scn), DA_OK);
    size_t n = (size_t)plan.n_weeks * (size_t)plan.n_areas * N_SERIES;
    struct worker eager, pooled, borrower;
    assert_int_equal(worker_init(&eager, &plan), DA_OK);
    assert_int_equal(worker_init_pooled(&pooled, &plan, NULL), DA_OK);
    assert_int_equal(worker_init_pooled(&borrower, &plan, &pooled.acc), DA_OK);
    assert_true(borrower.acc.series_ready == pooled.acc.series_ready &&
                borrower.acc.borrowed_series);
    /* Not readied yet: all zero, which no ready band is (its minimum is +infinity). */
    assert_true(pooled.acc.common_series[0].scale == 0 &&
                pooled.acc.options[1].series[n - 1].scale == 0);
    pthread_t threads[4];
    for (int i = 0; i < 4; i++)
        assert_int_equal(pthread_create(&threads[i], NULL, prepare_series, &borrower.acc), 0);
    for (int i = 0; i < 4; i++)
        pthread_join(threads[i], NULL);
    assert_true(same_bands(pooled.acc.common_series, eager.acc.common_series, n));
    for (int o = 0; o < plan.n_options; o++)
        assert_true(same_bands(pooled.acc.options[o].series, eager.acc.options[o].series, n));
    worker_release(&borrower);
    worker_release(&pooled);

    /* A fresh pool whose series only a flush readies, against the eager worker, same runs. */
    assert_int_equal(worker_init_pooled(&pooled, &plan, NULL), DA_OK);
    run_into(&eager, 40, 1, false);
    run_into(&pooled, 40, 1, false);
    acc_finish(&eager.acc, &plan);
    acc_finish(&pooled.acc, &plan);
    compare(&pooled.acc, &eager.acc, &plan);
    assert_true(same_bands(pooled.acc.common_series, eager.acc.common_series, n));
    worker_release(&pooled);
    worker_release(&eager);
    plan_release(&plan);
    da_scenario_free(scn);
}

/* With effects the requirement is recorded week by week (all its bands buffered), without
 * them only week 0's. */
static void test_buffers_add_what_each_replication_recorded(void **state)
{
    (void)state;
    const char *files[] = {"v2-example.yaml", "example.yaml"};
    for (size_t i = 0; i < sizeof files / sizeof files[0]; i++) {
        size_t len;
        char *text = read_text_file(data_path(files[i]), &len);
        assert_non_null(text);
        check_buffers(files[i], text, len);
        free(text);
    }
}

static void test_sharing_changes_nothing_format_example(void **state)
{
    (void)state;
    size_t len;
    char *text = read_text_file(data_path("example.yaml"), &len);
    assert_non_null(text);
    check("example.yaml", text, len, 150, false);
    check("example.yaml", text, len, 1, true);
    free(text);
}

/* The format example with its options swapped: the first option's sources are contingents,
 * which keep no per-day records, so the second option's pool and recruits must not find
 * records of an earlier replication in the days they skip. */
static void test_sharing_changes_nothing_options_swapped(void **state)
{
    (void)state;
    size_t len;
    char *text = read_text_file(data_path("example.yaml"), &len);
    assert_non_null(text);
    char *options = strstr(text, "\noptions:\n");
    char *multi = strstr(text, "  - id: multinational\n");
    assert_true(options && multi && multi > options);
    size_t head = (size_t)(options - text) + strlen("\noptions:\n");
    size_t local = (size_t)(multi - text) - head;
    char *swapped = malloc(len + 1);
    memcpy(swapped, text, head);
    memcpy(swapped + head, multi, len - (size_t)(multi - text));
    memcpy(swapped + head + (len - (size_t)(multi - text)), text + head, local);
    swapped[len] = '\0';
    /* Without the pledge restricted to one option, the shared days last until the first start,
     * which moves from replication to replication. */
    char *restricted = strstr(swapped, "        options: [multinational]\n");
    assert_non_null(restricted);
    memset(restricted, ' ', strlen("        options: [multinational]"));
    check("swapped.yaml", swapped, len, 150, false);
    free(swapped);
    free(text);
}

/* Effects, lapses, returns on their own and contingents that pay their own way
 * (docs/model.md section 9): the parameters in force on the day the options part are the
 * ones the copied state followed; with the pledge restricted to one option, and without it,
 * so that the shared days end at the first start. */
static void test_sharing_changes_nothing_v2(void **state)
{
    (void)state;
    size_t len;
    char *text = read_text_file(data_path("v2-example.yaml"), &len);
    assert_non_null(text);
    check("v2-example.yaml", text, len, 150, false);
    check("v2-example.yaml", text, len, 1, true);
    char *restricted = strstr(text, "        options: [multinational]\n");
    assert_non_null(restricted);
    memset(restricted, ' ', strlen("        options: [multinational]"));
    check("v2-unrestricted.yaml", text, len, 150, false);
    free(text);
}

static void test_sharing_changes_nothing_builtin(void **state)
{
    (void)state;
    const char *names[] = {"gaza", "gaza-2026", "kosovo-1999", "east-timor-1999"};
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
        const char *text;
        size_t len;
        assert_int_equal(da_example_text(names[i], &text, &len), DA_OK);
        check(names[i], text, len, 150, false);
        check(names[i], text, len, 1, true);
    }
}

/* The scenario 'name': built in, else a file of tests/data. */
static da_scenario *load_named(const char *name)
{
    const char *text;
    size_t len;
    return da_example_text(name, &text, &len) == DA_OK ? load_yaml_ok(text)
                                                       : load_path(data_path(name));
}

/* The lane-days that blocks of 4 in the order of 'reps' leave idle on an option after the
 * first: each block begins on its lanes' earliest shared day. */
static long idle_of(const int *days_of, uint64_t first, const uint64_t *reps, int n)
{
    long idle = 0;
    for (int b = 0; b < n; b += 4) {
        int least = days_of[reps[b] - first];
        for (int l = 1; l < 4 && b + l < n; l++)
            least = days_of[reps[b + l] - first] < least ? days_of[reps[b + l] - first] : least;
        for (int l = 0; l < 4 && b + l < n; l++)
            idle += days_of[reps[b + l] - first] - least;
    }
    return idle;
}

/* lockstep_order() on a scenario ('name' built in, else a file of tests/data), 64 replications
 * from 1000 and 64 across the first block of correlated draws' end: each chunk a permutation
 * of its range; where the first chunk's blocks of 4 in order of days (each replication's, drawn
 * by a worker of its own) leave idle at least 2% fewer of its lane-days than in order of
 * number, both chunks by block of correlated draws, by days and then by number, else both in
 * order of number. Returns whether it ordered. */
static bool orders(const char *name)
{
    da_scenario *scn = load_named(name);
    struct plan plan;
    assert_int_equal(plan_init(&plan, (const struct da_scenario *)scn), DA_OK);
    struct worker block, alone;
    assert_int_equal(worker_init(&block, &plan), DA_OK);
    assert_int_equal(lockstep_init(&block, 4), DA_OK);
    assert_int_equal(worker_init(&alone, &plan), DA_OK);
    enum { N = 64 };
    bool ordered = false;
    for (int chunk = 0; chunk < 2; chunk++) {
        /* the second chunk across a block of correlated draws: its replications of the first
         * block come first */
        uint64_t first = chunk ? CORRELATION_BLOCK - N / 2 : 1000, reps[N], natural[N];
        uint64_t by_days[N] = {0};
        int days_of[N];
        for (int i = 0; i < N; i++) {
            natural[i] = first + (uint64_t)i;
            days_of[i] = replication_shared_days(&alone, 5, natural[i], false);
        }
        for (int i = 0; i < N; i++) { /* by block, by days, then by number */
            int j = i;
            for (;
                 j > 0 && (by_days[j - 1] / CORRELATION_BLOCK > natural[i] / CORRELATION_BLOCK ||
                           (by_days[j - 1] / CORRELATION_BLOCK == natural[i] / CORRELATION_BLOCK &&
                            days_of[by_days[j - 1] - first] > days_of[i]));
                 j--)
                by_days[j] = by_days[j - 1];
            by_days[j] = natural[i];
        }
        if (chunk == 1)
            assert_true(by_days[N / 2 - 1] < CORRELATION_BLOCK &&
                        by_days[N / 2] >= CORRELATION_BLOCK);
        if (chunk == 0) {
            double saved = (double)(idle_of(days_of, first, natural, N) -
                                    idle_of(days_of, first, by_days, N)) *
                           (plan.n_options - 1);
            ordered = saved >= 0.02 * N * plan.horizon * plan.n_options;
        }
        lockstep_order(&block, 5, first, N, false, reps);
        assert_memory_equal(reps, ordered ? by_days : natural, sizeof reps);
    }
    worker_release(&alone);
    worker_release(&block);
    plan_release(&plan);
    da_scenario_free(scn);
    return ordered;
}

/* gaza's options part on days that vary widely from one replication to the next: ordered. The
 * format example's vary by less than 2% of its lane-days, gaza-2026's options share no days
 * and kosovo-1999 has one option: their order stays. */
static void test_blocks_ordered_by_shared_days(void **state)
{
    (void)state;
    assert_true(orders("gaza"));
    assert_false(orders("example.yaml"));
    assert_false(orders("gaza-2026"));
    assert_false(orders("kosovo-1999"));
}

/* The metrics (and an analysis's capture of a series) of replications evaluated for every
 * option, then for each option alone (replication_evaluate()), on 'name' (built in, else a
 * file of tests/data): each option's alone are the same bytes as among all, and every other
 * option's metrics are NaN. With 'no_sharing' the options share no days: an option alone runs
 * from day 0 without option 0. */
static void alone_as_among_all(const char *name, bool no_sharing, bool by_area)
{
    da_scenario *scn = load_named(name);
    struct plan plan;
    assert_int_equal(plan_init(&plan, (const struct da_scenario *)scn), DA_OK);
    struct worker wk, each; /* every option, and each option alone: apart, so that neither
                               finds in its worker what the other left there */
    assert_int_equal(worker_init(&wk, &plan), DA_OK);
    assert_int_equal(worker_init(&each, &plan), DA_OK);
    wk.no_sharing = each.no_sharing = no_sharing;
    int O = plan.n_options, n = by_area ? plan.n_areas : plan.n_weeks;
    size_t per = (size_t)O * N_METRICS;
    double *all = calloc(per, sizeof *all), *seen_all = calloc((size_t)n + 1, sizeof(double));
    double *seen = calloc((size_t)n + 1, sizeof(double));
    assert_non_null(all);
    assert_non_null(seen_all);
    assert_non_null(seen);
    int parted = 0; /* replications whose options share some days but not all */
    for (uint64_t r = 0; r < 30; r++) {
        for (int o = 0; o < O; o++) {
            wk.capture = (struct capture){seen_all, o, SERIES_DEPLOYED, by_area};
            replication_evaluate(&wk, 9, r, NULL, NULL, 0, -1);
            memcpy(all, wk.metrics, per * sizeof *all);
            parted += o == 1 && wk.prefix_until > 0 && wk.prefix_until < plan.horizon - 1;
            each.capture = (struct capture){seen, o, SERIES_DEPLOYED, by_area};
            replication_evaluate(&each, 9, r, NULL, NULL, 0, o);
            for (int q = 0; q < O; q++) {
                const double *m = &each.metrics[(size_t)q * N_METRICS];
                if (q == o) {
                    assert_memory_equal(m, &all[(size_t)q * N_METRICS], N_METRICS * sizeof *m);
                    continue;
                }
                for (int k = 0; k < N_METRICS; k++)
                    assert_true(isnan(m[k]));
            }
            assert_memory_equal(seen, seen_all, ((size_t)n + 1) * sizeof *seen);
        }
    }
    /* The case that needs option 0's shared days was met (each scenario but one whose options
     * share none, or with no sharing). */
    if (!no_sharing && strcmp(name, "gaza-2026") != 0)
        assert_true(parted > 0);
    free(all);
    free(seen_all);
    free(seen);
    worker_release(&wk);
    worker_release(&each);
    plan_release(&plan);
    da_scenario_free(scn);
}

/* An analysis that reads one option runs that option alone (analysis/evaluate.c). */
static void test_an_option_alone_as_among_all(void **state)
{
    (void)state;
    alone_as_among_all("example.yaml", false, false);
    alone_as_among_all("example.yaml", true, true);
    alone_as_among_all("v2-example.yaml", false, true);
    alone_as_among_all("gaza", false, false);
    alone_as_among_all("gaza", true, false);
    alone_as_among_all("gaza-2026", false, true);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_sharing_changes_nothing_format_example),
        cmocka_unit_test(test_sharing_changes_nothing_options_swapped),
        cmocka_unit_test(test_sharing_changes_nothing_v2),
        cmocka_unit_test(test_sharing_changes_nothing_builtin),
        cmocka_unit_test(test_buffers_add_what_each_replication_recorded),
        cmocka_unit_test(test_series_readied_by_the_workers),
        cmocka_unit_test(test_blocks_ordered_by_shared_days),
        cmocka_unit_test(test_an_option_alone_as_among_all),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
