/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * test_docs_keys.c - docs/scenario.md documents every key of the format: each key of every
 * table in src/scenario/schema.c appears there in backticks, in a table row.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "helpers.h"
#include "scenario/schema.h"

static int missing;

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
        if (!documented(docs, f->key)) {
            print_error("docs/scenario.md lacks a table row for `%s` (%s%s%s)\n", f->key, path,
                        path[0] ? "." : "", f->key);
            missing++;
        }
        if (f->sub) {
            char sub[256];
            snprintf(sub, sizeof sub, "%s%s%s", path, path[0] ? "." : "", f->key);
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
    walk(docs, &schema_scenario, "", 0);
    const char *dist_keys[] = {"dist", "value", "min", "max", "mode", "lambda", "mean", "sd",
                               "median", "sigma", "alpha", "beta", "p"};
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
