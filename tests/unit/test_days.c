/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * test_days.c - the calendar and the check days: ISO dates read strictly and written back
 * (src/util/date.c, against dates counted by hand), a scenario's start_date and check_days as
 * the loader takes them, the default check days that follow a short horizon, and the dates a
 * run's JSON gives beside its days.
 */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "helpers.h"
#include "model/plan.h"
#include "util/date.h"

/* Days since 1970-01-01, counted by hand: 2024-03-28 is 54 years of 365 days and 13 leap days
 * (1972 to 2020) = 19,723, plus 31 + 29 + 27 days of 2024 = 19,810. */
static void test_days_dates_by_hand(void **state)
{
    (void)state;
    int64_t d;
    char buf[16];
    assert_true(date_parse("2024-03-28", &d));
    assert_int_equal(d, 19810);
    assert_string_equal(date_format(19810 + 10, buf, sizeof buf), "2024-04-07");
    assert_string_equal(date_format(0, buf, sizeof buf), "1970-01-01");
    assert_true(date_parse("1900-01-01", &d));
    assert_int_equal(d, -25567);
    assert_string_equal(date_format(d, buf, sizeof buf), "1900-01-01");
    assert_true(date_parse("2199-12-31", &d));
    assert_int_equal(d, 84005);
    assert_true(date_parse("2024-02-29", &d) && date_parse("2000-02-29", &d));
    /* Every day from 1900 to 2199 written and read back is itself. */
    for (int64_t day = -25567; day <= 84005; day++) {
        int64_t back;
        assert_true(date_parse(date_format(day, buf, sizeof buf), &back));
        assert_int_equal(back, day);
    }
    const char *bad[] = {"2023-02-29",       "1900-02-29", "2024-13-01", "2024-04-31",
                         "2024-3-28",        "2024/03/28", "1899-12-31", "2200-01-01",
                         "2024-03-28T00:00", "2024-03-2x", "",           "28-03-2024"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
        assert_false(date_parse(bad[i], &d));
    /* Of those, the ones written as dates that the calendar lacks say why; the others are
     * not read as dates at all. */
    char why[64];
    assert_int_equal(date_fault("2023-02-29", why, sizeof why), DATE_NO_SUCH_DAY);
    assert_string_equal(why, "February 2023 has 28 days");
    assert_int_equal(date_fault("2024-04-31", why, sizeof why), DATE_NO_SUCH_DAY);
    assert_string_equal(why, "April 2024 has 30 days");
    assert_int_equal(date_fault("2024-13-01", why, sizeof why), DATE_NO_SUCH_DAY);
    assert_string_equal(why, "the months are 01 to 12");
    assert_int_equal(date_fault("2024-01-00", why, sizeof why), DATE_NO_SUCH_DAY);
    assert_string_equal(why, "the days of a month start at 01");
    const char *unread[] = {"2024-3-28",        "2024/03/28", "1899-12-31", "2200-02-30",
                            "2024-03-28T00:00", "2024-03-2x", "",           "2024-02-29"};
    for (size_t i = 0; i < sizeof unread / sizeof unread[0]; i++)
        assert_int_equal(date_fault(unread[i], why, sizeof why), DATE_NOT_READ);
}

static void test_days_bad_keys(void **state)
{
    (void)state;
    const char *at = "horizon_days: 100\n";
    assert_problems(
        replace_once(minimal_scenario, at, "horizon_days: 100\nstart_date: 2023-02-29\n"),
        "4:13: start_date: no such date: '2023-02-29' (February 2023 has 28 days)\n");
    assert_problems(
        replace_once(minimal_scenario, at, "horizon_days: 100\nstart_date: 2023-3-01\n"),
        "4:13: start_date: expected a date as YYYY-MM-DD (ISO 8601) from 1900 to "
        "2199, found '2023-3-01'\n");
    assert_problems(
        replace_once(minimal_scenario, at, "horizon_days: 100\ncheck_days: [30, 100]\n"),
        "4:18: check_days: day 100 is not within the horizon (days 0 to 99)\n");
    assert_problems(
        replace_once(minimal_scenario, at, "horizon_days: 100\ncheck_days: [30, 30.5, 30]\n"),
        "4:18: check_days: expected a whole number of days from 0 to 99 (the horizon's last "
        "day), found 30.5\n"
        "4:24: check_days: day 30 is listed twice\n");
    /* A date where a day goes is read as its day from start_date, if any, to write instead. */
    assert_problems(replace_once(minimal_scenario, at,
                                 "horizon_days: 100\ncheck_days: [2024-01-31, 2023-12-01]\n"
                                 "start_date: 2024-01-01\n"),
                    "4:14: check_days: expected a whole number of days from 0 to 99 (the "
                    "horizon's last day), found '2024-01-31'; days count from start_date "
                    "2024-01-01: 2024-01-31 is day 30\n"
                    "4:26: check_days: expected a whole number of days from 0 to 99 (the "
                    "horizon's last day), found '2023-12-01'; days count from start_date "
                    "2024-01-01, which 2023-12-01 is before\n");
    assert_problems(
        replace_once(minimal_scenario, at, "horizon_days: 100\ncheck_days: [2024-01-31]\n"),
        "4:14: check_days: expected a whole number of days from 0 to 99 (the horizon's last "
        "day), found '2024-01-31'; a day is counted from day 0, not written as a date\n");
    /* Without a valid horizon, the widest range that a day may take. */
    assert_problems(
        replace_once(minimal_scenario, at, "horizon_days: 0\ncheck_days: [40000]\n"),
        "3:15: horizon_days: expected a whole number from 1 to 36500, found 0\n"
        "4:14: check_days: expected a whole number of days from 0 to 36499, found 40000\n");
    assert_problems(replace_once(minimal_scenario, at,
                                 "horizon_days: 100\ncheck_days: [1, 2, 3, 4, 5, 6, 7, 8, 9]\n"),
                    "4:13: check_days: expected from 1 to 8 days, found 9\n");
}

/* The plan's days for a scenario with 'extra' top-level lines and a 'horizon'. */
static void plan_days(const char *extra, int horizon, struct plan *plan, da_scenario **scn)
{
    char text[96];
    snprintf(text, sizeof text, "horizon_days: %d\n%s", horizon, extra);
    da_diags *diags;
    assert_int_equal(
        load_string(replace_once(minimal_scenario, "horizon_days: 100\n", text), &diags, scn),
        DA_OK);
    da_diags_free(diags);
    assert_int_equal(plan_init(plan, *scn), DA_OK);
}

/* The marks of the days whose outputs record more than every day's checks: the weeks' first
 * days, day 365 (only within the horizon), the last day; with observations, their days; the
 * tracked days (without check_days:, the contract's days 90, 180 and 365, and the horizon's
 * last day where it cuts one of them short). */
static void test_days_marks(void **state)
{
    (void)state;
    struct {
        int horizon, day, marks;
    } cases[] = {
        {400, 0, PLAN_DAY_WEEK},
        {400, 1, 0},
        {400, 7, PLAN_DAY_WEEK},
        {400, 90, PLAN_DAY_TRACKED},
        {400, 180, PLAN_DAY_TRACKED},
        {400, 364, PLAN_DAY_WEEK},
        {400, 365, PLAN_DAY_365 | PLAN_DAY_TRACKED},
        {400, 398, 0},
        {400, 399, PLAN_DAY_WEEK | PLAN_DAY_LAST},
        {366, 365, PLAN_DAY_365 | PLAN_DAY_LAST | PLAN_DAY_TRACKED},
        {100, 90, PLAN_DAY_TRACKED},
        {100, 99, PLAN_DAY_LAST | PLAN_DAY_TRACKED},
        {100, 98, PLAN_DAY_WEEK},
        {1, 0, PLAN_DAY_WEEK | PLAN_DAY_LAST | PLAN_DAY_TRACKED},
    };
    for (size_t c = 0; c < sizeof cases / sizeof cases[0]; c++) {
        struct plan plan;
        da_scenario *scn;
        plan_days("", cases[c].horizon, &plan, &scn);
        int marked = 0, tracked = 0;
        for (int day = 0; day < plan.horizon; day++) {
            marked += (plan.day_marks[day] & ~PLAN_DAY_TRACKED) != 0;
            tracked += (plan.day_marks[day] & PLAN_DAY_TRACKED) != 0;
            if ((plan.day_marks[day] & PLAN_DAY_TRACKED) && plan_tracked_index(&plan, day) < 0)
                fail_msg("horizon %d: day %d marked tracked", cases[c].horizon, day);
        }
        int within = 0; /* the tracked days within the horizon, each marked */
        for (int k = 0; k < plan.n_tracked; k++)
            within += plan.tracked_days[k] < plan.horizon;
        assert_int_equal(tracked, within);
        if (plan.day_marks[cases[c].day] != cases[c].marks ||
            marked != plan.n_weeks + (plan.horizon > 365) +
                          ((plan.horizon - 1) % 7 != 0 && plan.horizon - 1 != 365))
            fail_msg("horizon %d, day %d: marks %d, want %d; %d days marked", cases[c].horizon,
                     cases[c].day, plan.day_marks[cases[c].day], cases[c].marks, marked);
        plan_release(&plan);
        da_scenario_free(scn);
    }
    /* The observations' days (120, 200, 300, 364, 400 and more), and no other. */
    da_scenario *scn = load_path(data_path("observed-example.yaml"));
    struct plan plan;
    assert_int_equal(plan_init(&plan, scn), DA_OK);
    int observed = 0;
    for (int day = 0; day < plan.horizon; day++) {
        bool reads = plan.observed_by_day[day] < plan.observed_by_day[day + 1];
        assert_int_equal((plan.day_marks[day] & PLAN_DAY_OBSERVED) != 0, reads);
        observed += reads;
    }
    assert_true(observed >= 5 && (plan.day_marks[120] & PLAN_DAY_OBSERVED) &&
                (plan.day_marks[364] & PLAN_DAY_OBSERVED) &&
                !(plan.day_marks[121] & PLAN_DAY_OBSERVED));
    plan_release(&plan);
    da_scenario_free(scn);
}

/* Default check days follow a short horizon: 90, 180, 365 each replaced by the last day when
 * past it; the tracked days add the JSON's 90, 180, 365. A scenario's own days replace the
 * defaults, sorted. */
static void test_days_check_days(void **state)
{
    (void)state;
    struct {
        const char *extra;
        int horizon, n_check, check[4], n_tracked, tracked[6];
    } cases[] = {
        {"", 1000, 3, {90, 180, 365}, 3, {90, 180, 365}},
        {"", 300, 3, {90, 180, 299}, 4, {90, 180, 299, 365}},
        {"", 100, 2, {90, 99}, 4, {90, 99, 180, 365}},
        {"", 60, 1, {59}, 4, {59, 90, 180, 365}},
        {"check_days: [200, 30]\n", 300, 2, {30, 200}, 5, {30, 90, 180, 200, 365}},
        {"check_days: 180\n", 300, 1, {180}, 3, {90, 180, 365}},
    };
    for (size_t c = 0; c < sizeof cases / sizeof cases[0]; c++) {
        struct plan plan;
        da_scenario *scn;
        plan_days(cases[c].extra, cases[c].horizon, &plan, &scn);
        assert_int_equal(plan.n_check, cases[c].n_check);
        assert_memory_equal(plan.check_days, cases[c].check, sizeof(int) * (size_t)plan.n_check);
        assert_int_equal(plan.n_tracked, cases[c].n_tracked);
        assert_memory_equal(plan.tracked_days, cases[c].tracked,
                            sizeof(int) * (size_t)plan.n_tracked);
        plan_release(&plan);
        da_scenario_free(scn);
    }
}

/* The JSON of a run with a start date: the milestone "go" comes on day 10 (a constant delay),
 * so its day's quantiles are 10 and their dates 2024-04-07; the series' first dates are the
 * start and a week later; check days, and p_deployed_by's keys beyond them. */
static void test_days_json_dates(void **state)
{
    (void)state;
    da_diags *diags;
    da_scenario *scn;
    const char *yaml =
        replace_once(minimal_scenario, "horizon_days: 100\n",
                     "horizon_days: 100\nstart_date: 2024-03-28\ncheck_days: [10, 50]\n");
    assert_int_equal(load_string(yaml, &diags, &scn), DA_OK);
    da_diags_free(diags);
    da_run_options opt;
    da_run_options_init(&opt);
    opt.replications = 100;
    da_results *res;
    assert_int_equal(da_run(scn, &opt, &res), DA_OK);
    char *text = NULL;
    size_t len = 0;
    FILE *out = open_memstream(&text, &len);
    assert_int_equal(da_results_write_json(res, out, NULL), DA_OK);
    fclose(out);
    json_error_t err;
    json_t *root = json_loads(text, 0, &err);
    assert_non_null(root);
    assert_string_equal(json_string_value(json_object_get(root, "start_date")), "2024-03-28");
    json_t *checks = json_object_get(root, "check_days");
    assert_int_equal(json_array_size(checks), 2);
    assert_int_equal(json_integer_value(json_array_get(checks, 1)), 50);
    json_t *dates = json_object_get(root, "series_dates");
    assert_string_equal(json_string_value(json_array_get(dates, 1)), "2024-04-04");
    json_t *go = json_array_get(json_object_get(root, "milestones"), 0);
    json_t *day = json_object_get(go, "day");
    assert_near(json_number_value(json_object_get(day, "p50")), 10, 0);
    assert_string_equal(json_string_value(json_object_get(json_object_get(day, "date"), "p50")),
                        "2024-04-07");
    json_t *opt0 = json_array_get(json_object_get(root, "options"), 0);
    json_t *by = json_object_get(opt0, "p_deployed_by");
    const char *keys[] = {"10", "50", "90", "180", "365"};
    for (size_t k = 0; k < 5; k++)
        assert_non_null(json_object_get(by, keys[k]));
    assert_true(json_is_null(json_object_get(by, "180")));
    json_t *start = json_object_get(json_object_get(opt0, "metrics"), "start_day");
    assert_string_equal(json_string_value(json_object_get(json_object_get(start, "date"), "p50")),
                        "2024-04-07");
    json_decref(root);
    free(text);
    da_results_free(res);
    da_scenario_free(scn);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_days_dates_by_hand), cmocka_unit_test(test_days_bad_keys),
        cmocka_unit_test(test_days_check_days),    cmocka_unit_test(test_days_marks),
        cmocka_unit_test(test_days_json_dates),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
