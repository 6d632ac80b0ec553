/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * test_format.c - numbers for people and the metrics' registry: format.c against the cases
 * of tests/unit/format_cases.json (which tests/browser/format_test.mjs checks web/format.js
 * against too, so that the terminal and the pages agree), the registry complete and its
 * labels fit for a table, and the terminal's table within every width, never cutting a
 * number.
 */
#include <float.h>
#include <jansson.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "engine/results.h"
#include "helpers.h"
#include "output/format.h"
#include "output/layout.h"
#include "output/metrics.h"
#include "util/alloc.h"

/* Every case of format_cases.json: [value (null: missing), format, text]. */
static void test_format_cases(void **state)
{
    (void)state;
    json_error_t err;
    json_t *root = json_load_file(source_path("tests/unit/format_cases.json"), 0, &err);
    if (!root)
        print_error("format_cases.json:%d: %s\n", err.line, err.text);
    assert_non_null(root);
    json_t *cases = json_object_get(root, "cases");
    assert_true(json_array_size(cases) >= 40);
    int wrong = 0;
    for (size_t i = 0; i < json_array_size(cases); i++) {
        json_t *c = json_array_get(cases, i);
        json_t *value = json_array_get(c, 0);
        const char *format = json_string_value(json_array_get(c, 1));
        const char *want = json_string_value(json_array_get(c, 2));
        int style = fmt_style_of(format);
        assert_true(style >= 0);
        double v = json_is_null(value) ? (double)NAN : json_number_value(value);
        char got[48];
        fmt_value(v, (enum fmt_style)style, got, sizeof got);
        if (strcmp(got, want) != 0) {
            print_error("case %zu: %.17g as %s: '%s', expected '%s'\n", i, v, format, got, want);
            wrong++;
        }
    }
    json_decref(root);
    assert_int_equal(wrong, 0);
}

/* What JSON cannot hold, the longest texts within the 24 bytes that format.h promises, and a
 * buffer too small: cut, never overrun. */
static void test_format_limits(void **state)
{
    (void)state;
    char buf[48];
    assert_string_equal(fmt_value(INFINITY, FMT_COUNT, buf, sizeof buf), "no limit");
    assert_string_equal(fmt_value(-INFINITY, FMT_MONEY, buf, sizeof buf), "no limit");
    assert_string_equal(fmt_value(NAN, FMT_SHARE, buf, sizeof buf), "-");
    assert_string_equal(fmt_value(-1e21, FMT_MONEY, buf, sizeof buf), "-$1e21");
    /* Every style at the extremes of a double, and at the edges of scientific notation. */
    static const double extremes[] = {DBL_MAX,  -DBL_MAX,  DBL_MIN, -DBL_MIN, 4.9e-324,
                                      1.23e308, -1.23e307, 9.996e9, 9.994e9,  -999499999999.9,
                                      999.6e9,  1.2345e25, 1e21,    1e23,     -0.0};
    for (size_t i = 0; i < sizeof extremes / sizeof extremes[0]; i++)
        for (int s = 0; s < N_FMT_STYLES; s++) {
            char small24[24];
            fmt_value(extremes[i], (enum fmt_style)s, buf, sizeof buf);
            fmt_value(extremes[i], (enum fmt_style)s, small24, sizeof small24);
            assert_true(strlen(buf) < sizeof small24);
            assert_string_equal(small24, buf);
            /* Digits, separators, a sign, a unit, "<0.001%": never "inf", "nan" or printf's "e+".
             */
            assert_int_equal(strspn(buf, "-$0123456789.,e%kmbn<>"), strlen(buf));
        }
    char small[4] = "xyz";
    fmt_value(5.42e9, FMT_MONEY, small, sizeof small);
    assert_string_equal(small, "$5.");
    for (int s = 0; s < N_FMT_STYLES; s++)
        assert_int_equal(fmt_style_of(fmt_style_name((enum fmt_style)s)), s);
    assert_int_equal(fmt_style_of("percent"), -1);
}

/* One list of metrics' descriptions: complete, labels distinct and short enough for the
 * terminal's label column, one sentence each, and the public API's view the same. */
static void check_descs(const struct metric_desc *descs, const char *const *ids, int n,
                        da_metric_info (*get)(size_t))
{
    for (int m = 0; m < n; m++) {
        const struct metric_desc *d = &descs[m];
        assert_non_null(d->label);
        assert_true(strlen(d->label) >= 3 && strlen(d->label) <= 36);
        assert_true(d->unit && *d->unit);
        assert_true(d->description && strlen(d->description) > 20);
        assert_int_equal(d->description[strlen(d->description) - 1], '.');
        for (int k = 0; k < m; k++)
            assert_string_not_equal(descs[k].label, d->label);
        da_metric_info info = get((size_t)m);
        assert_string_equal(info.id, ids[m]);
        assert_string_equal(info.label, d->label);
        assert_string_equal(info.format, fmt_style_name(d->format));
        assert_string_equal(info.better, metric_better_name(d->better));
    }
    assert_null(get((size_t)n).id);
}

static void test_registry(void **state)
{
    (void)state;
    assert_int_equal(da_metric_count(), N_METRICS);
    assert_int_equal(da_area_metric_count(), N_AREA_METRICS);
    check_descs(metric_descs, metric_names, N_METRICS, da_metric_get);
    check_descs(area_metric_descs, area_metric_names, N_AREA_METRICS, da_area_metric_get);
    /* The series over all areas: the per-area series' ids, units, formats and directions. */
    assert_int_equal(da_series_count(), N_SERIES);
    check_descs(series_all_descs, series_names, N_SERIES, da_series_get);
    for (int s = 0; s < N_SERIES; s++) {
        assert_string_equal(series_all_descs[s].unit, area_metric_descs[s].unit);
        assert_int_equal(series_all_descs[s].format, area_metric_descs[s].format);
        assert_int_equal(series_all_descs[s].better, area_metric_descs[s].better);
    }
    /* Money is money and shares are shares wherever they are written. */
    assert_int_equal(metric_descs[M_COST_TOTAL_USD].format, FMT_MONEY);
    assert_int_equal(metric_descs[M_SECURITY_MEAN_END].format, FMT_SHARE);
    assert_int_equal(metric_descs[M_START_DAY].format, FMT_DAY);
    /* What the precision leaves out as shown as 0 (metric_zero_below) is what the format
     * writes as 0: below a day, half a person, half of $0.001; for shares nothing but 0. */
    char buf[32];
    for (int m = 0; m < N_METRICS; m++) {
        double below = metric_zero_below[m];
        enum fmt_style f = metric_descs[m].format;
        if (below > 0) {
            assert_string_equal(fmt_value(0.9999 * below, f, buf, sizeof buf),
                                fmt_value(0, f, (char[32]){0}, 32));
            assert_string_not_equal(fmt_value(below, f, buf, sizeof buf),
                                    fmt_value(0, f, (char[32]){0}, 32));
        } else {
            assert_int_equal(f, FMT_SHARE);
            assert_string_not_equal(fmt_value(1e-12, f, buf, sizeof buf),
                                    fmt_value(0, f, (char[32]){0}, 32));
        }
    }
}

/* The longest line of 'text', in characters. */
static int widest_line(const char *text)
{
    int widest = 0, cols = 0;
    for (const char *s = text; *s; s++) {
        if (*s == '\n') {
            cols = 0;
            continue;
        }
        cols += ((unsigned char)*s & 0xC0) != 0x80;
        widest = cols > widest ? cols : widest;
    }
    return widest;
}

/* A grid printed into a string at 'width'. */
static char *grid_text(const struct grid *g, int width)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    assert_non_null(f);
    assert_true(grid_print(g, f, width, false));
    assert_int_equal(fclose(f), 0);
    return buf;
}

/* Labels wrap, ids break after '_', options come in groups, numbers stay whole. */
static void test_layout_grid(void **state)
{
    (void)state;
    struct grid g;
    assert_true(grid_init(&g, 3));
    const char *heads[3] = {"a", "board_of_peace_member_states_contingent", "c"};
    for (int c = 0; c < 3; c++)
        snprintf(grid_cell(&g, 0, c), GRID_TEXT, "%s", heads[c]);
    grid_add(&g, GRID_TITLE, 0, "A section whose title is longer than the narrowest terminal");
    int row = grid_add(&g, GRID_NUMBERS, 2, "paid by board_of_peace_members_and_observers");
    for (int c = 0; c < 3; c++)
        snprintf(grid_cell(&g, row, c), GRID_TEXT, "$1.31bn ($17.1m-$2.61bn)");
    assert_false(g.nomem);
    for (int width = LAYOUT_MIN_WIDTH; width <= 200; width += 20) {
        char *text = grid_text(&g, width);
        if (widest_line(text) > width)
            print_error("width %d:\n%s", width, text);
        assert_true(widest_line(text) <= width);
        /* Every number whole, on one line. */
        assert_non_null(strstr(text, "$1.31bn"));
        assert_non_null(strstr(text, "($17.1m-$2.61bn)"));
        /* Groups at 40 columns, all side by side at 200. */
        assert_true((strstr(text, "Options ") != NULL || strstr(text, "Option ") != NULL) ==
                    (width < 120));
        free(text);
    }
    grid_release(&g);
}

static da_results *run_minimal(void)
{
    da_diags *diags;
    da_scenario *scn = NULL;
    assert_int_equal(load_string(minimal_scenario, &diags, &scn), DA_OK);
    da_diags_free(diags);
    da_run_options opt;
    da_run_options_init(&opt);
    opt.replications = 200;
    opt.threads = 1;
    da_results *res = NULL;
    assert_int_equal(da_run(scn, &opt, &res), DA_OK);
    return res;
}

/* The run's table within COLUMNS, each metric's label in it at 200 columns. */
static void test_table_widths(void **state)
{
    (void)state;
    da_results *res = run_minimal();
    static const char *const widths[] = {"40", "60", "80", "120", "200"};
    for (size_t w = 0; w < sizeof widths / sizeof widths[0]; w++) {
        setenv("COLUMNS", widths[w], 1);
        char *buf = NULL;
        size_t len = 0;
        FILE *f = open_memstream(&buf, &len);
        assert_int_equal(da_results_write_table(res, f, 0), DA_OK);
        assert_int_equal(fclose(f), 0);
        assert_true(widest_line(buf) <= atoi(widths[w]));
        for (int m = 0; m < N_METRICS && atoi(widths[w]) == 200; m++)
            assert_non_null(strstr(buf, metric_descs[m].label));
        free(buf);
    }
    unsetenv("COLUMNS");
    const struct da_scenario *scn = res->scenario;
    da_results_free(res);
    da_scenario_free((da_scenario *)scn);
}

/* Every allocation of the table failing in turn: out of memory, nothing leaked (the sanitizers'
 * run checks that), until the table is written. */
static void test_table_out_of_memory(void **state)
{
    (void)state;
    da_results *res = run_minimal();
    setenv("COLUMNS", "80", 1);
    da_status st = DA_ERR_NOMEM;
    for (unsigned long n = 1; st != DA_OK; n++) {
        assert_true(n < 100);
        char *buf = NULL;
        size_t len = 0;
        FILE *f = open_memstream(&buf, &len);
        assert_non_null(f);
        da_alloc_fail_after(n);
        st = da_results_write_table(res, f, 0);
        da_alloc_fail_after(0);
        assert_true(st == DA_OK || st == DA_ERR_NOMEM);
        assert_int_equal(fclose(f), 0);
        free(buf);
    }
    unsetenv("COLUMNS");
    const struct da_scenario *scn = res->scenario;
    da_results_free(res);
    da_scenario_free((da_scenario *)scn);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_format_cases), cmocka_unit_test(test_format_limits),
        cmocka_unit_test(test_registry),     cmocka_unit_test(test_layout_grid),
        cmocka_unit_test(test_table_widths), cmocka_unit_test(test_table_out_of_memory),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
