/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * test_footprint.c - the memory a run needs, as engine/footprint.c works it out before the
 * run, against the bytes the run asks for; and the loader's refusal of a scenario whose run
 * would not fit in DA_RUN_MAX_BYTES, with its message; a replication's work by hand.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "engine/band.h"
#include "engine/footprint.h"
#include "engine/results.h"
#include "helpers.h"
#include "util/alloc.h"

/* The bytes a run of 'yaml' of 'replications' on 'threads' threads asks for, the estimate,
 * and whether its weekly series were narrow (engine/band.h). */
static void measure_run(const char *yaml, int threads, uint64_t replications, double *asked,
                        double *estimate, bool *narrow)
{
    da_diags *diags;
    da_scenario *scn;
    assert_int_equal(load_string(yaml, &diags, &scn), DA_OK);
    da_run_options opt;
    da_run_options_init(&opt);
    opt.threads = threads;
    opt.replications = replications;
    unsigned long long before = da_alloc_requested();
    da_results *res;
    assert_int_equal(da_run(scn, &opt, &res), DA_OK);
    *asked = (double)(da_alloc_requested() - before);
    *estimate = (double)footprint_run_bytes(scn, threads, replications);
    *narrow = res->plan.narrow_bands;
    da_results_free(res);
    da_scenario_free(scn);
    da_diags_free(diags);
}

/* measure_run() of 200 replications, whose series are narrow. */
static void measure(const char *yaml, int threads, double *asked, double *estimate)
{
    bool narrow;
    measure_run(yaml, threads, 200, asked, estimate, &narrow);
    assert_true(narrow);
}

/* A scenario of 'areas' areas (the minimal one's area, repeated) over 'days' days. */
static char *scaled(int areas, int days)
{
    static char text[1 << 20];
    char head[64];
    snprintf(head, sizeof head, "horizon_days: %d\n", days);
    const char *start = strstr(minimal_scenario, "  - id: a\n");
    const char *end = strstr(minimal_scenario, "milestones:\n");
    char *p = text;
    size_t cap = sizeof text;
    int n = snprintf(p, cap, "%.*s%s",
                     (int)(strstr(minimal_scenario, "horizon_days") - minimal_scenario),
                     minimal_scenario, head);
    p += n;
    cap -= (size_t)n;
    n = snprintf(p, cap, "areas:\n");
    p += n;
    cap -= (size_t)n;
    for (int a = 0; a < areas; a++) {
        n = snprintf(p, cap, "  - id: a%d\n%.*s", a, (int)(end - start - 10), start + 10);
        p += n;
        cap -= (size_t)n;
    }
    snprintf(p, cap, "%s", end);
    return text;
}

/*
 * Everything a run allocates is in the estimate but the odd small things (the plan, the
 * random streams, the results' header): the estimate is at least what the run asks for less
 * 64 KiB, and at most 5% and 64 KiB more. Shapes: the minimal scenario; 20 areas over five
 * years (series-heavy); the built-in Gaza scenario (sectors, pledges, five areas); one and
 * two threads (the series are shared, the rest is per thread).
 */
static void test_footprint_matches_what_a_run_asks_for(void **state)
{
    (void)state;
    const char *gaza;
    size_t len;
    assert_int_equal(da_example_text("gaza", &gaza, &len), DA_OK);
    const char *shapes[] = {minimal_scenario, scaled(20, 1825), gaza};
    static const char *const lanes[] = {"1", "8"}; /* alone, and in lockstep (lockstep.h) */
    for (size_t k = 0; k < sizeof shapes / sizeof shapes[0]; k++) {
        for (int threads = 1; threads <= 2; threads++) {
            for (size_t z = 0; z < sizeof lanes / sizeof *lanes; z++) {
                setenv("DAYAFTER_LANES", lanes[z], 1);
                double asked, estimate;
                measure(shapes[k], threads, &asked, &estimate);
                print_message(
                    "shape %zu, %d thread(s), %s lane(s): asked %.0f, estimated %.0f "
                    "(%.3f)\n",
                    k, threads, lanes[z], asked, estimate, estimate / asked);
                assert_true(estimate >= asked - 65536);
                assert_true(estimate <= asked * 1.05 + 65536);
            }
        }
    }
    unsetenv("DAYAFTER_LANES");
}

/*
 * A run of at most BAND_NARROW_MAX replications counts its weekly series and requirement in
 * 16 bits, one of more in 32 (each band takes a value a replication), and the estimate
 * follows: 20 areas over two weeks, at 65,535 and 65,536 replications, against what the run
 * asks for (the series and the requirement's 21 bands); and the series' estimate at each
 * size, and of a run of any size (the loader's), wide.
 */
static void test_footprint_narrow_bands_up_to_65535(void **state)
{
    (void)state;
    const char *yaml = scaled(20, 14);
    const uint64_t sizes[] = {BAND_NARROW_MAX, BAND_NARROW_MAX + 1};
    double asked[2], estimate[2];
    for (int k = 0; k < 2; k++) {
        bool narrow;
        measure_run(yaml, 2, sizes[k], &asked[k], &estimate[k], &narrow);
        assert_int_equal(narrow, k == 0);
        assert_true(estimate[k] >= asked[k] - 65536);
        assert_true(estimate[k] <= asked[k] * 1.05 + 65536);
    }
    /* Two arrays (the common series and the one option's) x 2 weeks x 20 areas x 6 series. */
    double bands = 2.0 * 2 * 20 * 6;
    assert_true(asked[1] - asked[0] >=
                (bands + 2 * 21) * (double)(sizeof(struct band) - BAND_NARROW_SIZE));
    da_diags *diags;
    da_scenario *scn;
    assert_int_equal(load_string(yaml, &diags, &scn), DA_OK);
    assert_true((double)footprint_series_bytes(scn, BAND_NARROW_MAX) ==
                bands * (double)BAND_NARROW_SIZE);
    assert_true((double)footprint_series_bytes(scn, BAND_NARROW_MAX + 1) ==
                bands * (double)sizeof(struct band));
    assert_true(footprint_series_bytes(scn, 0) == footprint_series_bytes(scn, BAND_NARROW_MAX + 1));
    da_scenario_free(scn);
    da_diags_free(diags);
}

/* 2,000 areas over 100 years: 2000 x 5215 weeks x 2 series sets x 6 sketches of about 2 KiB
 * each, far above 4 GiB: refused at the horizon, with the figures. */
static void test_footprint_too_large_is_refused(void **state)
{
    (void)state;
    da_diags *diags;
    da_scenario *scn;
    assert_int_equal(load_string(scaled(2000, 36500), &diags, &scn), DA_ERR_LIMIT);
    assert_int_equal(da_diags_count(diags), 1);
    da_diag d = da_diags_get(diags, 0);
    assert_int_equal(d.line, 3);
    assert_non_null(strstr(d.message, "horizon_days: a run of this scenario needs "));
    assert_non_null(strstr(d.message,
                           " GiB of memory (2000 areas x 36500 days x 1 option, the "
                           "weekly series alone "));
    assert_non_null(strstr(d.message,
                           "more than the 4 GiB a run may use; use fewer areas, "
                           "options or days"));
    da_diags_free(diags);
    /* 1,500 areas over a year fit (about 3 GiB, most of it the series and their buffer). */
    assert_int_equal(load_string(scaled(1500, 365), &diags, &scn), DA_OK);
    da_scenario_free(scn);
    da_diags_free(diags);
}

/* A replication's work by hand, for the test scenario: 730 days of two options. Shared by
 * both: 2 areas x (4 + 2 x 3 sectors) = 20, 4 pledges x 2 = 8, 3 donors x 4 pools x 4 = 48,
 * 76 a day; the local force's 2 sources x (2 areas + 8) and 2 centers, 22; the
 * multinational's 2 contingents, 20. (76 + 22 + 76 + 20) x 730 = 141,620 steps, far below the
 * limit (tests/bad/run-work-too-large.yaml is beyond it). */
static void test_footprint_run_work_by_hand(void **state)
{
    (void)state;
    char *yaml = read_text_file(data_path("example.yaml"), NULL);
    assert_non_null(yaml);
    da_diags *diags;
    da_scenario *scn;
    assert_int_equal(load_string(yaml, &diags, &scn), DA_OK);
    assert_true(footprint_run_work(scn) == 141620);
    assert_true(footprint_run_work(scn) < FOOTPRINT_MAX_RUN_WORK);
    da_scenario_free(scn);
    da_diags_free(diags);
    free(yaml);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_footprint_matches_what_a_run_asks_for),
        cmocka_unit_test(test_footprint_too_large_is_refused),
        cmocka_unit_test(test_footprint_run_work_by_hand),
        cmocka_unit_test(test_footprint_narrow_bands_up_to_65535),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
