/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * test_docs_keys.c - docs/scenario.md documents every key of the format: each key of every
 * table in src/scenario/schema.c appears there in backticks, in a table row, and a number's
 * row gives the valid range that validation enforces.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "helpers.h"
#include "scenario/dist.h"
#include "scenario/schema.h"

static int missing;
static int wrong_ranges;

/* The valid range cell (the fifth) of the table row at 'row', into 'out'. */
static void range_cell(const char *row, char *out, size_t cap)
{
    const char *p = row;
    for (int bars = 0; bars < 4 && p; bars++)
        p = strchr(p + 1, '|');
    out[0] = '\0';
    if (!p)
        return;
    p++;
    while (*p == ' ')
        p++;
    const char *end = strchr(p, '|');
    size_t n = end ? (size_t)(end - p) : strlen(p);
    while (n > 0 && p[n - 1] == ' ')
        n--;
    snprintf(out, cap, "%.*s", (int)n, p);
}

/* A number's row says its range as validation does: every row of 'key' starts its range cell
 * with range_describe()'s words (it may add more after them, such as a default's meaning). */
static void check_range(const char *docs, const struct field_spec *f, const char *path)
{
    if (f->type != FT_NUM)
        return;
    struct da_range range = {f->lo, f->hi, f->lo_open, f->lo_cap, f->hi_cap};
    char want[64], cell[160], row_start[96];
    range_describe(&range, want, sizeof want);
    snprintf(row_start, sizeof row_start, "\n| `%s` |", f->key);
    for (const char *row = strstr(docs, row_start); row; row = strstr(row + 1, row_start)) {
        range_cell(row + 1, cell, sizeof cell);
        if (strncmp(cell, want, strlen(want)) != 0) {
            print_error("docs/scenario.md: `%s` (%s): valid range '%s', expected '%s'\n", f->key,
                        path, cell, want);
            wrong_ranges++;
        }
    }
}

/* True when "| `key` |" (a table row's first cell) appears in 'docs'. */
static bool documented(const char *docs, const char *key)
{
    char cell[96];
    snprintf(cell, sizeof cell, "| `%s`", key);
    return strstr(docs, cell) != NULL;
}

static void walk(const char *docs, const struct struct_spec *spec, const char *path, int depth)
{
    assert_true(depth < 8);
    for (size_t i = 0; i < spec->n_fields; i++) {
        const struct field_spec *f = &spec->fields[i];
        check_range(docs, f, path);
        if (!documented(docs, f->key)) {
            print_error("docs/scenario.md lacks a table row for `%s` (%s%s%s)\n", f->key, path,
                        path[0] ? "." : "", f->key);
            missing++;
        }
        if (f->sub) {
            char sub[256];
            /* A path that does not fit fails here rather than being checked cut short (and
             * the check keeps -O3's -Wformat-truncation satisfied). */
            int n = snprintf(sub, sizeof sub, "%s%s%s", path, path[0] ? "." : "", f->key);
            assert_true(n > 0 && (size_t)n < sizeof sub);
            walk(docs, f->sub, sub, depth + 1);
        }
    }
}

static void test_docs_every_key_is_documented(void **state)
{
    (void)state;
    char *docs = read_text_file(source_path("docs/scenario.md"), NULL);
    assert_non_null(docs);
    missing = 0;
    wrong_ranges = 0;
    walk(docs, &schema_scenario, "", 0);
    assert_int_equal(wrong_ranges, 0);
    const char *dist_keys[] = {"dist", "value",  "min",   "max",   "mode", "lambda", "mean",
                               "sd",   "median", "sigma", "alpha", "beta", "p"};
    for (size_t i = 0; i < sizeof dist_keys / sizeof dist_keys[0]; i++) {
        char word[32];
        snprintf(word, sizeof word, "`%s`", dist_keys[i]);
        if (!strstr(docs, word)) {
            print_error("docs/scenario.md never names the distribution key %s\n", word);
            missing++;
        }
    }
    free(docs);
    assert_int_equal(missing, 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_docs_every_key_is_documented),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
