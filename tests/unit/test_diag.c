/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * test_diag.c - diagnostics as data: the line index (src/util/lines.c), the context line and its
 * caret (src/util/diag_context.c), the codes, paths and spans the loader gives, and the table
 * of codes in docs/scenario.md against the library's.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "helpers.h"
#include "util/arena.h"
#include "util/diag.h"
#include "util/lines.h"

/* Line 'line' of the index as a NUL-terminated string (static), or "(none)". */
static const char *line_of(const struct line_index *index, uint32_t line)
{
    static char buf[256];
    const char *start;
    size_t len;
    if (!line_index_get(index, line, &start, &len))
        return "(none)";
    snprintf(buf, sizeof buf, "%.*s", (int)len, start);
    return buf;
}

/* Indexes 'text' and asserts that its lines are the 'n' of 'want', and that there are no more
 * (nor a line 0). */
static void assert_lines(const char *text, const char *const *want, uint32_t n)
{
    struct arena arena;
    arena_init(&arena);
    struct line_index index;
    assert_true(line_index_build(&index, &arena, text, strlen(text)));
    assert_int_equal(index.n, n);
    for (uint32_t i = 0; i < n; i++)
        assert_string_equal(line_of(&index, i + 1), want[i]);
    assert_string_equal(line_of(&index, 0), "(none)");
    assert_string_equal(line_of(&index, n + 1), "(none)");
    arena_release(&arena);
}

static void test_lines_first_last_and_past_the_end(void **state)
{
    (void)state;
    static const char *const three[] = {"first", "second", "last without a break"};
    assert_lines("first\nsecond\nlast without a break", three, 3);
    /* A text that ends with a break has an empty last line: where a parser out of input
     * points. */
    static const char *const two[] = {"a", ""};
    assert_lines("a\n", two, 2);
}

static void test_lines_breaks_as_yaml_counts_them(void **state)
{
    (void)state;
    /* CRLF is one break, not two; a lone CR and the Unicode NEL and LS are breaks too. */
    static const char *const five[] = {"one", "two", "three", "four", "five"};
    assert_lines(
        "one\r\ntwo\rthree\xC2\x85"
        "four\xE2\x80\xA8"
        "five",
        five, 5);
}

static void test_lines_of_an_empty_text(void **state)
{
    (void)state;
    static const char *const one[] = {""};
    assert_lines("", one, 1);
}

/* What da_diags_write_context() writes for problem 0 of 'diags' (static). */
static const char *context_of(const da_diags *diags)
{
    static char buf[4096];
    buf[0] = '\0';
    FILE *f = fmemopen(buf, sizeof buf, "w");
    assert_non_null(f);
    da_status st = da_diags_write_context(diags, 0, f, 0);
    fclose(f);
    return st == DA_OK ? buf : "(none)";
}

/* Asserts that a problem at line:column over 'span' of 'text' (kept as "t.yaml") shows as
 * 'want'. */
static void assert_context(const char *text, uint32_t line, uint32_t column, uint32_t span,
                           const char *want)
{
    da_diags *diags = da_diags_new();
    assert_non_null(diags);
    struct da_mark at = {.line = line, .column = column, .span = span};
    diag_add(diags, "t.yaml", DA_DIAG_OUT_OF_RANGE, "a.b", at, "a.b: too big");
    diag_keep_text(diags, "t.yaml", text, strlen(text));
    assert_string_equal(context_of(diags), want);
    da_diags_free(diags);
}

static void test_context_caret_under_the_span(void **state)
{
    (void)state;
    assert_context("x: 1\npopulation: 1e39\n", 2, 13, 4,
                   "  population: 1e39\n"
                   "              ^~~~\n");
    /* Tabs stay tabs under tabs; a character of several bytes is one column. */
    assert_context("\t\xC3\xA9t\xC3\xA9: x\n", 1, 6, 1,
                   "  \t\xC3\xA9t\xC3\xA9: x\n"
                   "  \t    ^\n");
    /* A span past the line's end stops at it; a column just past the end is shown. */
    assert_context("key: ab\n", 1, 6, 50,
                   "  key: ab\n"
                   "       ^~\n");
    assert_context("key:\n", 1, 5, 0,
                   "  key:\n"
                   "      ^\n");
    /* An empty line (an empty file) is not shown: a caret under nothing says nothing. */
    assert_context("", 1, 1, 0, "");
}

/* A terminal shows CJK characters and emoji two columns wide and a combining mark in none: the
 * caret goes under the character it means, and the span's marks are as wide as what it
 * covers. */
static void test_context_caret_under_wide_characters(void **state)
{
    (void)state;
    /* U+6469 U+52A0 (two CJK characters, 3 bytes each): the caret moves 4 columns, not 2 */
    assert_context("n: \xE6\x91\xA9\xE5\x8A\xA0, x: -5\n", 1, 11, 2,
                   "  n: \xE6\x91\xA9\xE5\x8A\xA0, x: -5\n"
                   "              ^~\n");
    /* a span over them: ^ and ~ under both columns of each */
    assert_context("n: \xE6\x91\xA9\xE5\x8A\xA0\n", 1, 4, 2,
                   "  n: \xE6\x91\xA9\xE5\x8A\xA0\n"
                   "     ^~~~\n");
    /* e and U+0301 (a combining acute accent) are one column; U+1F600 (an emoji) two */
    assert_context("e\xCC\x81\xF0\x9F\x98\x80: 1\n", 1, 6, 1,
                   "  e\xCC\x81\xF0\x9F\x98\x80: 1\n"
                   "       ^\n");
    /* U+1F680 (a rocket) is two columns; Hebrew's points (U+05B8 under U+05E9) none */
    assert_context("\xF0\x9F\x9A\x80 \xD7\xA9\xD6\xB8x: 1\n", 1, 6, 1,
                   "  \xF0\x9F\x9A\x80 \xD7\xA9\xD6\xB8x: 1\n"
                   "       ^\n");
    /* Beyond the main blocks, as the C library's tables have them: U+1F004 (a mahjong tile)
     * and U+16FE0 (a Tangut mark) are two columns, U+1DFA and U+10A0D (Kharoshthi) combining
     * marks none */
    assert_context(
        "\xF0\x9F\x80\x84\xF0\x96\xBF\xA0"
        "a\xE1\xB7\xBA\xF0\x90\xA8\x8Dx: 1\n",
        1, 6, 1,
        "  \xF0\x9F\x80\x84\xF0\x96\xBF\xA0"
        "a\xE1\xB7\xBA\xF0\x90\xA8\x8Dx: 1\n"
        "       ^\n");
    /* bytes that are no UTF-8 are a column each */
    assert_context("\xE6\x91 x\n", 1, 3, 1,
                   "  \xE6\x91 x\n"
                   "    ^\n");
}

static void test_context_of_a_long_line_is_a_window(void **state)
{
    (void)state;
    char line[1001];
    for (size_t i = 0; i < 1000; i++)
        line[i] = (char)('a' + i % 26);
    line[1000] = '\0';
    /* 120 characters from 40 before the column, "..." on both sides where cut. */
    char want[400];
    snprintf(want, sizeof want, "  ...%.120s...\n     %40s^\n", line + 559, "");
    assert_context(line, 1, 600, 1, want);
    /* Near the end, the window ends with the line. */
    snprintf(want, sizeof want, "  ...%.120s\n     %119s^\n", line + 880, "");
    assert_context(line, 1, 1000, 1, want);
}

static void test_context_control_characters_are_not_written(void **state)
{
    (void)state;
    assert_context("name: \"a\x1b[2Jb\"\n", 1, 7, 0,
                   "  name: \"a?[2Jb\"\n"
                   "        ^\n");
    /* a C1 control, U+009B (CSI), is one '?' and one column; U+00A0 is no control */
    assert_context(
        "name: a\xC2\x9B"
        "2Jb\xC2\xA0"
        "c\n",
        1, 8, 0,
        "  name: a?2Jb\xC2\xA0"
        "c\n"
        "         ^\n");
}

/* A message that quotes what the file holds (an unknown key, a string that is no number) has
 * its control characters, a line break too, as '?': the file must not drive the terminal, and
 * a problem is one line. */
static void test_messages_mask_control_characters(void **state)
{
    (void)state;
    da_diags *diags = da_diags_new();
    assert_non_null(diags);
    struct da_mark at = {.line = 1, .column = 1};
    diag_add(diags, "t.yaml", DA_DIAG_UNKNOWN_KEY, "", at, "unknown key '%s'",
             "\x1b]0;t\x07\x1b[2J\n\x7f\xC2\x9B\xC2\xA0\xC3\xA9");
    assert_string_equal(da_diags_get(diags, 0).message,
                        "unknown key '?]0;t??[2J???\xC2\xA0\xC3\xA9'");
    da_diags_free(diags);
}

static void test_context_needs_the_kept_text(void **state)
{
    (void)state;
    da_diags *diags = da_diags_new();
    struct da_mark at = {.line = 1, .column = 1};
    diag_add(diags, "elsewhere.yaml", DA_DIAG_IO, NULL, at, "cannot open the file");
    assert_string_equal(context_of(diags), "(none)");
    const char *text;
    size_t len;
    assert_int_equal(da_diags_source_line(diags, "elsewhere.yaml", 1, &text, &len),
                     DA_ERR_NOTFOUND);
    da_diags_free(diags);
}

/* A built-in scenario has no file to read again: its lines come from the text the loader
 * kept, here with its version changed so that it has a problem. */
static void test_context_of_a_built_in_scenario(void **state)
{
    (void)state;
    const char *text;
    size_t len;
    assert_int_equal(da_example_text("gaza", &text, &len), DA_OK);
    char *copy = malloc(len + 1);
    assert_non_null(copy);
    memcpy(copy, text, len);
    copy[len] = '\0';
    char *version = strstr(copy, "\ndayafter: 1\n");
    assert_non_null(version);
    version[11] = '7';
    da_diags *diags = da_diags_new();
    da_scenario *scn;
    assert_int_equal(da_scenario_load_buffer("<built-in gaza>", copy, len, diags, &scn),
                     DA_ERR_INPUT);
    free(copy); /* the list keeps its own copy */
    da_diag d = da_diags_get(diags, 0);
    assert_int_equal(d.code, DA_DIAG_UNSUPPORTED_VERSION);
    assert_string_equal(d.path, "dayafter");
    assert_string_equal(context_of(diags),
                        "  dayafter: 7\n"
                        "            ^\n");
    da_diags_free(diags);
}

/* The one problem of loading 'yaml' (a minimal scenario edited), failing without exactly one. */
static da_diag only_problem(const char *yaml, da_diags **diags)
{
    da_scenario *scn;
    assert_int_not_equal(load_string(yaml, diags, &scn), DA_OK);
    if (da_diags_count(*diags) != 1)
        fail_msg("expected one problem, found:\n%s", diags_text(*diags));
    return da_diags_get(*diags, 0);
}

static void assert_diag(const char *yaml, da_diag_code code, const char *path, uint32_t span)
{
    da_diags *diags = NULL;
    da_diag d = only_problem(yaml, &diags);
    if (d.code != code || strcmp(d.path, path) != 0 || d.span != span)
        fail_msg("%s: code %s, path '%s', span %u; expected %s, '%s', %u", d.message,
                 da_diag_code_name(d.code), d.path, (unsigned)d.span, da_diag_code_name(code), path,
                 (unsigned)span);
    da_diags_free(diags);
}

static void test_codes_paths_and_spans(void **state)
{
    (void)state;
    /* An unknown key's path ends with it; the span covers it. */
    assert_diag(replace_once(minimal_scenario, "name: Minimal", "name: Minimal\nsede: 1"),
                DA_DIAG_UNKNOWN_KEY, "sede", 4);
    assert_diag(replace_once(minimal_scenario, "horizon_days: 100", "horizon_days: 0"),
                DA_DIAG_OUT_OF_RANGE, "horizon_days", 1);
    assert_diag(replace_once(minimal_scenario, "horizon_days: 100", "horizon_days: [1]"),
                DA_DIAG_WRONG_TYPE, "horizon_days", 1);
    assert_diag(replace_once(minimal_scenario, "    population: 1000", "    population: 10 000"),
                DA_DIAG_WRONG_TYPE, "areas.a.population", 6);
    assert_diag(replace_once(minimal_scenario, "    population: 1000", "    population: 1e39"),
                DA_DIAG_OUT_OF_RANGE, "areas.a.population", 4);
    /* A key written twice is found before the keys mean anything: its path is the YAML's,
     * a list's items by their index. */
    assert_diag(replace_once(minimal_scenario, "name: Minimal", "name: Minimal\nname: x"),
                DA_DIAG_DUPLICATE_KEY, "name", 4);
    assert_diag(replace_once(minimal_scenario, "    population: 1000",
                             "    population: 1000\n    population: 2"),
                DA_DIAG_DUPLICATE_KEY, "areas.0.population", 10);
    assert_diag(replace_once(minimal_scenario, "name: Minimal", "name: Minimal\n[1]: x"),
                DA_DIAG_KEY_NOT_STRING, "", 1);
    /* Quotes are part of what a quoted scalar covers. */
    assert_diag(replace_once(minimal_scenario, "name: Minimal", "name: Minimal\n'sede': 1"),
                DA_DIAG_UNKNOWN_KEY, "sede", 6);
    assert_diag(replace_once(minimal_scenario, "name:", "name: [x\nfoo:"), DA_DIAG_YAML_SYNTAX, "",
                1);
}

static void test_codes_of_the_file_itself(void **state)
{
    (void)state;
    da_diags *diags = da_diags_new();
    da_scenario *scn;
    assert_int_equal(da_scenario_load_buffer("e.yaml", "", 0, diags, &scn), DA_ERR_INPUT);
    assert_int_equal(da_diags_get(diags, 0).code, DA_DIAG_EMPTY_FILE);
    assert_string_equal(da_diags_get(diags, 0).path, "");
    da_diags_clear(diags);
    assert_int_equal(da_scenario_load_file("/nonexistent/x.yaml", diags, &scn), DA_ERR_IO);
    assert_int_equal(da_diags_get(diags, 0).code, DA_DIAG_IO);
    da_diags_free(diags);
}

/* The numbers are part of the ABI: a program compiled against one version tests them. */
static void test_codes_keep_their_numbers_and_names(void **state)
{
    (void)state;
    assert_int_equal(DA_DIAG_IO, 1);
    assert_int_equal(DA_DIAG_UNKNOWN_KEY, 15);
    assert_int_equal(DA_DIAG_NOT_RESULTS, 38);
    assert_string_equal(da_diag_code_name(DA_DIAG_UNKNOWN_KEY), "unknown-key");
    assert_null(da_diag_code_name((da_diag_code)0));
    assert_null(da_diag_code_name((da_diag_code)1000));
}

/* Whether the table "Problems and their codes" of docs/scenario.md has a row for 'code'. */
static bool documented(const char *docs, const char *code)
{
    char row[64];
    snprintf(row, sizeof row, "\n| `%s` |", code);
    return strstr(docs, row) != NULL;
}

static void test_every_code_is_documented_and_no_other(void **state)
{
    (void)state;
    size_t len;
    char *docs = read_text_file(source_path("docs/scenario.md"), &len);
    assert_non_null(docs);
    const char *table = strstr(docs, "### Problems and their codes");
    assert_non_null(table);
    size_t codes = 0;
    for (int c = 1; da_diag_code_name((da_diag_code)c); c++, codes++)
        if (!documented(table, da_diag_code_name((da_diag_code)c)))
            fail_msg("code %s is not in docs/scenario.md", da_diag_code_name((da_diag_code)c));
    /* Every row names a code the library has, in order, and there are as many rows. */
    size_t rows = 0;
    const char *end = strstr(table, "\n## ");
    for (const char *p = strstr(table, "\n| `"); p && (!end || p < end);
         p = strstr(p + 1, "\n| `")) {
        rows++;
        const char *name = da_diag_code_name((da_diag_code)rows);
        size_t n = strcspn(p + 4, "`");
        if (!name || strlen(name) != n || strncmp(name, p + 4, n) != 0)
            fail_msg("docs/scenario.md row %zu, '%.*s', is not code %zu", rows, (int)n, p + 4,
                     rows);
    }
    assert_int_equal(rows, codes);
    free(docs);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_lines_first_last_and_past_the_end),
        cmocka_unit_test(test_lines_breaks_as_yaml_counts_them),
        cmocka_unit_test(test_lines_of_an_empty_text),
        cmocka_unit_test(test_context_caret_under_the_span),
        cmocka_unit_test(test_context_caret_under_wide_characters),
        cmocka_unit_test(test_context_of_a_long_line_is_a_window),
        cmocka_unit_test(test_context_control_characters_are_not_written),
        cmocka_unit_test(test_messages_mask_control_characters),
        cmocka_unit_test(test_context_needs_the_kept_text),
        cmocka_unit_test(test_context_of_a_built_in_scenario),
        cmocka_unit_test(test_codes_paths_and_spans),
        cmocka_unit_test(test_codes_of_the_file_itself),
        cmocka_unit_test(test_codes_keep_their_numbers_and_names),
        cmocka_unit_test(test_every_code_is_documented_and_no_other),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
