/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * test_reference.c - the deterministic run of tests/data/example.yaml against
 * tests/data/example.deterministic.json, figures that an independent implementation of the
 * reference model computed (not dayafter): milestone days, start days, p_deployed_by,
 * criticality, every metric, cost by donor and by purpose. Differences that docs/model.md lists
 * as deliberate would be skipped here by name; there are none.
 */
#include <jansson.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "engine/results.h"
#include "helpers.h"

static int mismatches;

static void compare_number(const char *what, double got, double w);

static void compare(const char *what, double got, json_t *want)
{
    if (json_is_null(want)) {
        if (!isnan(got)) {
            print_error("%s: got %.6f, reference null\n", what, got);
            mismatches++;
        }
        return;
    }
    compare_number(what, got, json_number_value(want));
}

static void compare_number(const char *what, double got, double w)
{
    /* The reference rounds money and counts to cents, shares to six decimals. */
    double tol = fabs(w) >= 100 ? 0.006 : 6e-7;
    if (!(fabs(got - w) <= tol)) {
        print_error("%s: got %.6f, reference %.6f\n", what, got, w);
        mismatches++;
    }
}

static int index_of(const char *id, const char *const *ids, int n)
{
    for (int i = 0; i < n; i++)
        if (strcmp(ids[i], id) == 0)
            return i;
    return -1;
}

static void test_reference_deterministic_format_example(void **state)
{
    (void)state;
    da_diags *diags = da_diags_new();
    da_scenario *scn;
    assert_int_equal(da_scenario_load_file(data_path("example.yaml"), diags, &scn), DA_OK);
    da_run_options opt;
    da_run_options_init(&opt);
    opt.deterministic = 1;
    da_results *res;
    assert_int_equal(da_run(scn, &opt, &res), DA_OK);
    json_error_t err;
    json_t *ref = json_load_file(data_path("example.deterministic.json"), 0, &err);
    assert_non_null(ref);
    const struct da_scenario *s = (const struct da_scenario *)scn;
    const struct acc *acc = &res->acc;
    mismatches = 0;

    const char *key;
    json_t *value;
    json_object_foreach(json_object_get(ref, "milestones"), key, value)
    {
        int m = -1;
        for (size_t i = 0; i < s->n_milestones; i++)
            if (strcmp(s->milestones[i].id, key) == 0)
                m = (int)i;
        assert_true(m >= 0);
        char what[96];
        snprintf(what, sizeof what, "milestone %s", key);
        compare(what, sketch_mean(&acc->milestone_day[m]), value);
    }
    json_t *options = json_object_get(ref, "options");
    json_object_foreach(options, key, value)
    {
        int o = -1;
        for (size_t i = 0; i < s->n_options; i++)
            if (strcmp(s->options[i].id, key) == 0)
                o = (int)i;
        assert_true(o >= 0);
        const struct option_acc *oa = &acc->options[o];
        char what[128];
        snprintf(what, sizeof what, "%s start_day", key);
        compare(what, sketch_mean(&oa->metric[M_START_DAY]), json_object_get(value, "start_day"));
        const char *days[N_CONTRACT_DAYS] = {"90", "180", "365"};
        for (int k = 0; k < N_CONTRACT_DAYS; k++) {
            snprintf(what, sizeof what, "%s p_deployed_by %s", key, days[k]);
            int at = plan_tracked_index(&res->plan, atoi(days[k]));
            assert_true(at >= 0);
            compare(what, (double)oa->deployed_by[at],
                    json_object_get(json_object_get(value, "p_deployed_by"), days[k]));
        }
        const char *mkey;
        json_t *mval;
        json_object_foreach(json_object_get(value, "criticality"), mkey, mval)
        {
            for (size_t m = 0; m < s->n_milestones; m++) {
                if (strcmp(s->milestones[m].id, mkey) != 0)
                    continue;
                snprintf(what, sizeof what, "%s criticality %s", key, mkey);
                compare(what,
                        oa->started ? (double)oa->critical[m] / (double)oa->started : (double)NAN,
                        mval);
            }
        }
        json_object_foreach(json_object_get(value, "metrics"), mkey, mval)
        {
            int k = index_of(mkey, metric_names, N_METRICS);
            assert_true(k >= 0);
            snprintf(what, sizeof what, "%s %s", key, mkey);
            compare(what, oa->metric[k].band.count ? sketch_mean(&oa->metric[k]) : (double)NAN,
                    mval);
        }
        json_object_foreach(json_object_get(value, "cost_by_donor"), mkey, mval)
        {
            for (size_t d = 0; d < s->n_donors; d++) {
                if (strcmp(s->donors[d].id, mkey) != 0)
                    continue;
                snprintf(what, sizeof what, "%s cost_by_donor %s", key, mkey);
                compare(what, sketch_mean(&oa->by_donor[d]), mval);
            }
        }
        const char *purposes[N_POOL_PURPOSES] = {"security", "humanitarian", "reconstruction"};
        for (int p = 0; p < N_POOL_PURPOSES; p++) {
            snprintf(what, sizeof what, "%s cost_by_purpose %s", key, purposes[p]);
            compare(what, sketch_mean(&oa->by_purpose[p]),
                    json_object_get(json_object_get(value, "cost_by_purpose"), purposes[p]));
        }
    }
    /* Medical and shelter loads (beyond the reference): every humanitarian dollar buys trucks at
     * $12,000, each carrying 20 t, 10% medical and 10% shelter, so the tonnes are the
     * humanitarian cost / 12,000 x 20 x 0.1: local_force 3,000,000,000 -> 500,000 t;
     * multinational 3,190,684,931.51 -> 531,780.82 t. */
    const struct option_acc *local = &acc->options[0], *multi = &acc->options[1];
    compare_number("local_force medical_tonnes", sketch_mean(&local->metric[M_MEDICAL_TONNES]),
                   500000.0);
    compare_number("local_force shelter_tonnes", sketch_mean(&local->metric[M_SHELTER_TONNES]),
                   500000.0);
    compare_number("multinational medical_tonnes", sketch_mean(&multi->metric[M_MEDICAL_TONNES]),
                   531780.82);
    json_decref(ref);
    da_results_free(res);
    da_scenario_free(scn);
    da_diags_free(diags);
    assert_int_equal(mismatches, 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_reference_deterministic_format_example),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
