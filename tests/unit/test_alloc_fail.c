/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * test_alloc_fail.c - every allocation of a load can fail, and then the load returns
 * DA_ERR_NOMEM (or, for an allocation whose failure only loses a diagnostic, still reports
 * failure) without crashing or leaking; AddressSanitizer's leak checker watches the leaks.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "helpers.h"
#include "util/alloc.h"

static void sweep(const char *text, size_t len, da_status success)
{
    unsigned long n = 1;
    for (;; n++) {
        da_diags *diags = da_diags_new();
        assert_non_null(diags);
        da_scenario *scn = NULL;
        da_alloc_fail_after(n);
        da_status st = da_scenario_load_buffer("t.yaml", text, len, diags, &scn);
        unsigned long attempts = da_alloc_attempts();
        da_alloc_fail_after(0);
        if (st == success && attempts < n) {
            /* No allocation failed: the sweep has covered every one. */
            da_scenario_free(scn);
            da_diags_free(diags);
            break;
        }
        if (st != DA_ERR_NOMEM && st != success)
            print_error("allocation %lu failed: status %s\n", n, da_status_str(st));
        assert_true(st == DA_ERR_NOMEM || st == success);
        if (st == DA_OK)
            assert_non_null(scn);
        else
            assert_null(scn);
        da_scenario_free(scn);
        da_diags_free(diags);
    }
    assert_true(n > 10);
}

static void test_alloc_fail_sweep_over_a_valid_load(void **state)
{
    (void)state;
    size_t len;
    char *text = read_text_file(data_path("example.yaml"), &len);
    assert_non_null(text);
    sweep(text, len, DA_OK);
    free(text);
}

/* The keys of the model's section 9: effects, lapses, returns. */
static void test_alloc_fail_sweep_over_a_valid_load_with_effects(void **state)
{
    (void)state;
    size_t len;
    char *text = read_text_file(data_path("v2-example.yaml"), &len);
    assert_non_null(text);
    sweep(text, len, DA_OK);
    free(text);
}

static void test_alloc_fail_sweep_over_invalid_effects(void **state)
{
    (void)state;
    const char *bad = replace_once(minimal_scenario, "    delay_days: 10\n",
                                   "    delay_days: 10\n"
                                   "    effects:\n"
                                   "      - {path: areas.nowhere.risk, scale: 0}\n"
                                   "      - {path: areas.9.risk, value: 2, scale: 1}\n"
                                   "      - {path: security.shok, value: 0.1}\n"
                                   "      - {path: areas.a.population}\n"
                                   "    lapse: {after_days: 5}\n");
    sweep(bad, strlen(bad), DA_ERR_INPUT);
}

/* Observations of each kind, and wrong ones: their sources are looked up per option. */
static void test_alloc_fail_sweep_over_observations(void **state)
{
    (void)state;
    size_t len;
    char *text = read_text_file(data_path("observed-example.yaml"), &len);
    assert_non_null(text);
    sweep(text, len, DA_OK);
    free(text);
    static char bad[4096];
    snprintf(bad, sizeof bad, "%s%s", minimal_scenario,
             "observed:\n"
             "  - {series: deployd, day: 5, value: 1, source: x}\n"
             "  - {series: deployed, from: [t, s], day: 500, value: {min: 2, max: 1}, source: x}\n"
             "  - {series: coverage, area: b, from: s, day: 5, value: 1, source: x}\n"
             "  - {milestone: og, day: 5, value: 1, source: x}\n");
    sweep(bad, strlen(bad), DA_ERR_INPUT);
}

static void test_alloc_fail_sweep_over_an_invalid_load(void **state)
{
    (void)state;
    const char *bad =
        "dayafter: 1\nname: x\nhorizon_days: -1\nareas: 3\nmilestones:\n"
        "  - id: a\n    after: [b]\n    delay_days: {dist: pret}\n"
        "  - id: b\n    after: a\n    delay_days: 1\n";
    sweep(bad, strlen(bad), DA_ERR_INPUT);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_alloc_fail_sweep_over_a_valid_load),
        cmocka_unit_test(test_alloc_fail_sweep_over_a_valid_load_with_effects),
        cmocka_unit_test(test_alloc_fail_sweep_over_invalid_effects),
        cmocka_unit_test(test_alloc_fail_sweep_over_observations),
        cmocka_unit_test(test_alloc_fail_sweep_over_an_invalid_load),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
