/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * test_ynode.c - the YAML layer: positions, tabs, duplicates, documents, aliases and limits
 * (src/scenario/ynode.c), through the public loader.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "helpers.h"
#include "scenario/ynode.h"
#include "util/arena.h"

static void test_ynode_marks_are_one_based_lines_and_columns(void **state)
{
    (void)state;
    struct arena arena;
    arena_init(&arena);
    da_diags *diags = da_diags_new();
    bool nomem;
    const char *text = "a: 1\nbb:\n  - x\n  - {k: v}\n";
    struct ynode *root = ynode_parse(&arena, "t.yaml", text, strlen(text), diags, &nomem);
    assert_non_null(root);
    assert_int_equal(root->kind, YNODE_MAP);
    assert_int_equal(root->n, 4);
    struct ynode *list = ynode_get(root, "bb");
    assert_int_equal(list->kind, YNODE_SEQ);
    assert_int_equal(list->mark.line, 3);
    assert_int_equal(list->mark.column, 3);
    assert_int_equal(list->items[1]->mark.line, 4);
    assert_int_equal(list->items[1]->mark.column, 5);
    assert_int_equal(ynode_get(list->items[1], "k")->mark.column, 9);
    assert_int_equal(root->weight, 1 + 2 + 2 + 1 + 1 + 2); /* map, a:1, bb, x, {k: v} */
    da_diags_free(diags);
    arena_release(&arena);
}

static void test_ynode_tabs_in_indentation_are_named(void **state)
{
    (void)state;
    assert_problems("a:\n\tb: 1\n",
                    "2:1: tab character in indentation; YAML indents with spaces only\n");
    assert_problems("a:\n  b: 1\n \tc: 2\n",
                    "3:2: tab character in indentation; YAML indents with spaces only\n");
}

static void test_ynode_duplicate_keys(void **state)
{
    (void)state;
    const char *yaml = replace_once(minimal_scenario, "name: Minimal\n",
                                    "name: Minimal\nname: Again\n");
    assert_problems(yaml, "3:1: duplicate key 'name' (first at line 2)\n");
    yaml = replace_once(minimal_scenario, "    area_km2: 10\n", "    area_km2: 10\n    area_km2: 11\n");
    assert_problems(yaml, "9:5: duplicate key 'area_km2' (first at line 8)\n");
}

static void test_ynode_one_document_only(void **state)
{
    (void)state;
    assert_problems("a: 1\n---\nb: 2\n",
                    "2:1: a second YAML document; a scenario file holds exactly one\n");
}

static void test_ynode_syntax_errors_are_located(void **state)
{
    (void)state;
    /* libyaml notices the missing ']' at the ':' of the next line. */
    assert_problems("a: [1, 2\nb: 3\n",
                    "2:2: YAML syntax error: did not find expected ',' or ']' (while parsing a "
                    "flow sequence that starts at line 1)\n");
    assert_problems("a: b: c\n",
                    "1:5: YAML syntax error: mapping values are not allowed in this context\n");
}

static void test_ynode_empty_and_binary_files(void **state)
{
    (void)state;
    const char *empty = "1:1: the file is empty; a scenario is a YAML mapping that starts with "
                        "'dayafter: 1'\n";
    assert_problems("", empty);
    assert_problems("# only a comment\n\n", empty);
    da_diags *diags = da_diags_new();
    da_scenario *scn;
    const char bin[] = "a: 1\nb: \0\x01\x02";
    assert_int_equal(da_scenario_load_buffer("t.yaml", bin, sizeof bin - 1, diags, &scn),
                     DA_ERR_INPUT);
    assert_string_equal(diags_text(diags),
                        "2:4: binary data (a NUL byte); a scenario is a YAML text file\n");
    da_diags_free(diags);
    assert_problems("a: \xff\xfe\n", "1:4: not valid UTF-8 text: invalid leading UTF-8 octet\n");
}

static void test_ynode_top_level_must_be_a_mapping(void **state)
{
    (void)state;
    assert_problems("- a\n- b\n", "1:1: expected a mapping at the top level (dayafter: 1, "
                                  "name: ...), found a list\n");
}

static void test_ynode_aliases_share_their_anchor(void **state)
{
    (void)state;
    const char *yaml = replace_once(minimal_scenario, "    delay_days: 10\n",
                                    "    delay_days: &d {dist: pert, min: 1, mode: 2, max: 9}\n"
                                    "  - id: later\n"
                                    "    after: go\n"
                                    "    delay_days: *d\n");
    da_diags *diags;
    da_scenario *scn;
    assert_int_equal(load_string(yaml, &diags, &scn), DA_OK);
    assert_int_equal(da_scenario_uncertain_count(scn), 2);
    da_scenario_free(scn);
    da_diags_free(diags);
    assert_problems("a: *nowhere\n", "1:4: alias '*nowhere' refers to no anchor defined before "
                                     "it\n");
}

static void test_ynode_alias_bombs_are_refused(void **state)
{
    (void)state;
    /* Each level holds ten of the one before: level 5 (line 6) has 1,111,111 nodes once its
     * aliases are expanded, past the limit of a million. */
    char yaml[2048] = "l0: &l0 [x, x, x, x, x, x, x, x, x, x]\n";
    for (int i = 1; i <= 6; i++) {
        char line[256];
        snprintf(line, sizeof line, "l%d: &l%d [*l%d, *l%d, *l%d, *l%d, *l%d, *l%d, *l%d, *l%d, "
                 "*l%d, *l%d]\n", i, i, i - 1, i - 1, i - 1, i - 1, i - 1, i - 1, i - 1, i - 1,
                 i - 1, i - 1);
        strcat(yaml, line);
    }
    assert_problems(yaml, "6:5: the document is too large: more than 1000000 nodes, aliases "
                          "expanded\n");
}

static void test_ynode_nesting_is_bounded(void **state)
{
    (void)state;
    char yaml[256];
    memset(yaml, '[', 100);
    yaml[100] = '\0';
    assert_problems(yaml, "1:65: nesting deeper than 64 levels; a scenario needs far fewer\n");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_ynode_marks_are_one_based_lines_and_columns),
        cmocka_unit_test(test_ynode_tabs_in_indentation_are_named),
        cmocka_unit_test(test_ynode_duplicate_keys),
        cmocka_unit_test(test_ynode_one_document_only),
        cmocka_unit_test(test_ynode_syntax_errors_are_located),
        cmocka_unit_test(test_ynode_empty_and_binary_files),
        cmocka_unit_test(test_ynode_top_level_must_be_a_mapping),
        cmocka_unit_test(test_ynode_aliases_share_their_anchor),
        cmocka_unit_test(test_ynode_alias_bombs_are_refused),
        cmocka_unit_test(test_ynode_nesting_is_bounded),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
