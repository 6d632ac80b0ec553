/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * test_ynode.c - the YAML layer: positions, tabs, duplicates, documents, aliases and limits
 * (src/scenario/ynode.c), through the public loader and through ynode_parse() alone.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "helpers.h"
#include "scenario/ynode.h"
#include "util/arena.h"
#include "util/idtab.h"
#include "util/text.h"

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
    const char *yaml =
        replace_once(minimal_scenario, "name: Minimal\n", "name: Minimal\nname: Again\n");
    assert_problems(yaml, "3:1: duplicate key 'name' (first at line 2)\n");
    yaml = replace_once(minimal_scenario, "    area_km2: 10\n",
                        "    area_km2: 10\n    area_km2: 11\n");
    assert_problems(yaml, "9:5: duplicate key 'area_km2' (first at line 8)\n");
}

/* The problems of the YAML layer alone (no binding), as diags_text() writes them; the count
 * kept and dropped in *total when not NULL. */
static const char *yaml_problems(const char *text, size_t *total)
{
    struct arena arena;
    arena_init(&arena);
    da_diags *diags = da_diags_new();
    bool nomem;
    ynode_parse(&arena, "t.yaml", text, strlen(text), diags, &nomem);
    assert_false(nomem);
    const char *got = diags_text(diags);
    if (total)
        *total = da_diags_count(diags) + da_diags_dropped(diags);
    da_diags_free(diags);
    arena_release(&arena);
    return got;
}

static void test_ynode_every_duplicate_names_the_first(void **state)
{
    (void)state;
    assert_string_equal(yaml_problems("a: 1\nb: 2\na: 3\nc: 4\na: 5\nb: 6\n", NULL),
                        "3:1: duplicate key 'a' (first at line 1)\n"
                        "5:1: duplicate key 'a' (first at line 1)\n"
                        "6:1: duplicate key 'b' (first at line 2)\n");
    /* Keys compare as written: quoting does not make another key, case does. */
    assert_string_equal(yaml_problems("a: 1\n'a': 2\nA: 3\n\"a\": 4\n", NULL),
                        "2:1: duplicate key 'a' (first at line 1)\n"
                        "4:1: duplicate key 'a' (first at line 1)\n");
    /* Each mapping on its own: the same key in two mappings is no duplicate. */
    assert_string_equal(yaml_problems("m: {a: 1, b: 2}\nn: {a: 1, a: 2}\n", NULL),
                        "2:11: duplicate key 'a' (first at line 2)\n");
}

static void test_ynode_duplicates_among_many_keys(void **state)
{
    (void)state;
    /* 3,000 keys, every tenth one the key nine lines up: all 300 repeats are counted (more
     * than the list keeps), each named against the line of the key it repeats. */
    static char text[64 * 1024];
    size_t used = 0;
    for (int i = 0; i < 3000; i++)
        used += (size_t)snprintf(text + used, sizeof text - used, "k%d: %d\n",
                                 i % 10 == 9 ? i - 9 : i, i);
    static const char first_two[] =
        "10:1: duplicate key 'k0' (first at line 1)\n"
        "20:1: duplicate key 'k10' (first at line 11)\n";
    size_t total;
    const char *got = yaml_problems(text, &total);
    assert_int_equal(total, 300);
    assert_memory_equal(got, first_two, sizeof first_two - 1);
}

static void test_ynode_aliased_keys_stand_where_they_are_written(void **state)
{
    (void)state;
    /* An aliased key stands where the alias is (lines 4 and 5), not where its anchor is (line
     * 1): both repeat the key written out at line 3, and are reported there, underlined. */
    assert_string_equal(yaml_problems("x: &k key\nm:\n  key: 1\n  *k : 2\n  *k : 3\n", NULL),
                        "4:3: duplicate key 'key' (first at line 3)\n"
                        "5:3: duplicate key 'key' (first at line 3)\n");
    /* A 10 KB key named by 1,000 aliases (10 MB of text, within the limit): each one a
     * duplicate, the message cut to fit. */
    size_t len = 10 * 1024, aliases = 1000;
    size_t cap = len + aliases * 8 + 64;
    char *text = malloc(cap), *end = text + cap;
    assert_non_null(text);
    char *at = text + snprintf(text, cap, "? &k ");
    memset(at, 'x', len);
    at += len;
    at += snprintf(at, (size_t)(end - at), "\n: 0\n");
    for (size_t i = 0; i < aliases; i++)
        at += snprintf(at, (size_t)(end - at), "*k : 1\n");
    size_t total;
    const char *got = yaml_problems(text, &total);
    assert_int_equal(total, aliases);
    assert_memory_equal(got, "3:1: duplicate key 'xxx", 23);
    assert_true(strlen(got) < 1100 * DA_DIAGS_MAX);
    free(text);
}

static void test_ynode_keys_that_are_not_strings(void **state)
{
    (void)state;
    /* Reported each, and left out of the duplicate check; the string keys around them are
     * still checked. */
    assert_string_equal(yaml_problems("? [a]\n: 1\n? [a]\n: 2\n? {b: 1}\n: 3\na: 4\na: 5\n", NULL),
                        "1:3: mapping keys must be strings; found a list\n"
                        "3:3: mapping keys must be strings; found a list\n"
                        "5:3: mapping keys must be strings; found a mapping\n"
                        "8:1: duplicate key 'a' (first at line 7)\n");
}

static void test_ynode_scalars_carry_the_hash_of_their_text(void **state)
{
    (void)state;
    struct arena arena;
    arena_init(&arena);
    da_diags *diags = da_diags_new();
    bool nomem;
    const char *text = "a: &x text\nb: [*x, other]\n";
    struct ynode *root = ynode_parse(&arena, "t.yaml", text, strlen(text), diags, &nomem);
    assert_non_null(root);
    struct ynode *list = ynode_get(root, "b");
    /* The alias shares its anchor's text and hash, read once, and stands where it is. */
    assert_ptr_equal(list->items[0]->text, ynode_get(root, "a")->text);
    assert_true(list->items[0]->hash == idtab_hash("text"));
    assert_int_equal(list->items[0]->mark.line, 2);
    assert_int_equal(list->items[0]->mark.column, 5);
    assert_int_equal(list->items[0]->mark.span, 2);
    assert_true(list->items[1]->hash == idtab_hash("other"));
    assert_true(root->items[0]->hash == idtab_hash("a"));
    da_diags_free(diags);
    arena_release(&arena);
}

/* FNV-1a, which idtab_hash() was: a hash anyone can compute, and so aim at. */
static uint64_t fnv1a(const char *s)
{
    uint64_t h = 1469598103934665603ull;
    for (; *s; s++)
        h = (h ^ (unsigned char)*s) * 1099511628211ull;
    return h;
}

#define COLLIDING_STAGES 12
#define COLLIDING_NAMES  (1 << COLLIDING_STAGES)

/* 2^12 names of 36 characters whose FNV-1a hashes agree in their low 16 bits, the slot of a
 * table of 65,536: each three characters are one of two that lead FNV-1a's low bits to the
 * same state from where the name stands (the low bits of the state depend on nothing else).
 * A file of 200,000 such keys (agreeing in 20 bits) took 32 s to validate against 0.6 s for
 * random ones, every lookup walking the run they made. */
static void colliding_names(char (*names)[3 * COLLIDING_STAGES + 1])
{
    static const char alphabet[] =
        "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-";
    static int seen[1 << 16];
    char pairs[COLLIDING_STAGES][2][4];
    uint64_t state = 1469598103934665603ull;
    for (int stage = 0; stage < COLLIDING_STAGES; stage++) {
        memset(seen, 0xff, sizeof seen);
        bool found = false;
        for (int i = 0; i < 64 * 64 * 64 && !found; i++) {
            char block[4] = {alphabet[i / 4096], alphabet[i / 64 % 64], alphabet[i % 64], '\0'};
            uint64_t h = state;
            for (int c = 0; c < 3; c++)
                h = (h ^ (unsigned char)block[c]) * 1099511628211ull;
            int *other = &seen[h & 0xffff];
            if (*other < 0) {
                *other = i;
                continue;
            }
            pairs[stage][0][0] = alphabet[*other / 4096];
            pairs[stage][0][1] = alphabet[*other / 64 % 64];
            pairs[stage][0][2] = alphabet[*other % 64];
            pairs[stage][0][3] = '\0';
            memcpy(pairs[stage][1], block, 4);
            state = h;
            found = true;
        }
        assert_true(found);
    }
    for (int n = 0; n < COLLIDING_NAMES; n++) {
        names[n][0] = '\0';
        for (int stage = 0; stage < COLLIDING_STAGES; stage++)
            text_append(names[n], sizeof names[n], pairs[stage][(n >> stage) & 1]);
    }
}

/* Names a file chose to collide under a known hash spread over the table as any others do:
 * the longest run of filled slots, which a lookup may walk, stays short. */
static void test_ynode_names_built_to_collide_stay_apart(void **state)
{
    (void)state;
    static char names[COLLIDING_NAMES][3 * COLLIDING_STAGES + 1];
    colliding_names(names);
    struct idtab t;
    idtab_init(&t);
    for (uint32_t n = 0; n < COLLIDING_NAMES; n++) {
        assert_int_equal(fnv1a(names[n]) & 0xffff, fnv1a(names[0]) & 0xffff);
        uint32_t existing;
        assert_true(idtab_add(&t, names[n], n, &existing));
        assert_int_equal(existing, UINT32_MAX);
    }
    size_t longest = 0, run = 0;
    for (size_t i = 0; i < 2 * t.cap; i++) { /* twice round: a run may wrap */
        run = t.names[i % t.cap] ? run + 1 : 0;
        longest = run > longest ? run : longest;
    }
    /* Half full, as this one is, 100,000 tables of random hashes had no run longer than 79;
     * under FNV-1a all 4,096 names made one. */
    assert_true(longest < 100);
    for (uint32_t n = 0; n < COLLIDING_NAMES; n++)
        assert_int_equal(idtab_get(&t, names[n]), n);
    idtab_release(&t);

    /* The same names as the keys of a mapping and as anchors: none is a duplicate, and each
     * alias finds its own anchor. */
    size_t cap = (size_t)COLLIDING_NAMES * 120 + 64, used = 0;
    char *text = malloc(cap);
    assert_non_null(text);
    for (int n = 0; n < COLLIDING_NAMES; n++)
        used += (size_t)snprintf(text + used, cap - used, "%s: &%s %d\n", names[n], names[n], n);
    used += (size_t)snprintf(text + used, cap - used, "all: [");
    for (int n = 0; n < COLLIDING_NAMES; n++)
        used += (size_t)snprintf(text + used, cap - used, "*%s, ", names[n]);
    used += (size_t)snprintf(text + used, cap - used, "end]\n");
    struct arena arena;
    arena_init(&arena);
    da_diags *diags = da_diags_new();
    bool nomem;
    struct ynode *root = ynode_parse(&arena, "t.yaml", text, used, diags, &nomem);
    assert_non_null(root);
    assert_int_equal(da_diags_count(diags), 0);
    const struct ynode *all = ynode_get(root, "all");
    assert_int_equal(all->n, COLLIDING_NAMES + 1);
    for (int n = 0; n < COLLIDING_NAMES; n++)
        assert_ptr_equal(all->items[n]->text, ynode_get(root, names[n])->text);
    da_diags_free(diags);
    arena_release(&arena);
    free(text);
}

/* Each scalar knows, from one reading, its first control character (by character, not byte:
 * "é" is one), its first line break, and whether it is blank; a tab is neither. */
static void test_ynode_scalars_know_their_controls(void **state)
{
    (void)state;
    struct arena arena;
    arena_init(&arena);
    da_diags *diags = da_diags_new();
    bool nomem;
    const char *text =
        "a: \"\u00e9t\\u00e9\\e[31m\"\n"
        "b: \"x\\ny\\u202Ez\"\n"
        "c: \" \\t \"\n"
        "d: \"plain\\ttext\"\n"
        "e: \"\\u0085\"\n"
        "f: \"\\u00A0\\u200B \\u3000\\uFEFF\\u2060\\U000E0020\\t\"\n"
        "g: \"\\u200Bx\\u200B\"\n";
    struct ynode *root = ynode_parse(&arena, "t.yaml", text, strlen(text), diags, &nomem);
    assert_non_null(root);
    const struct ynode *a = ynode_get(root, "a"), *b = ynode_get(root, "b");
    const struct ynode *c = ynode_get(root, "c"), *d = ynode_get(root, "d");
    assert_int_equal(a->control_at, 4);
    assert_int_equal(a->control, 0x1B);
    assert_int_equal(a->break_at, 0);
    assert_false(a->blank);
    assert_int_equal(b->control_at, 4);
    assert_int_equal(b->control, 0x202E);
    assert_int_equal(b->break_at, 2);
    assert_int_equal(b->break_char, '\n');
    assert_true(c->blank);
    assert_int_equal(c->control_at, 0);
    assert_int_equal(d->control_at, 0);
    assert_false(d->blank);
    assert_int_equal(ynode_get(root, "e")->control, 0x85); /* a C1 control, two bytes */
    assert_true(ynode_forbidden(0x7F) && ynode_forbidden(0x2066) && !ynode_forbidden(0x2070));
    assert_false(ynode_forbidden('\t') || ynode_forbidden(0xA0) || ynode_forbidden(0xE9));
    /* Unicode's spaces and the characters that show as nothing are blank too, not a letter
     * between them. */
    assert_true(ynode_get(root, "f")->blank);
    assert_int_equal(ynode_get(root, "f")->control_at, 0);
    assert_false(ynode_get(root, "g")->blank);
    static const uint32_t invisible[] = {' ',    '\t',   0xA0,   0xAD,   0x1680, 0x2000,
                                         0x200A, 0x200B, 0x200D, 0x200F, 0x202F, 0x205F,
                                         0x2060, 0x3000, 0xFE0F, 0xFEFF, 0xFFA0, 0xE0001};
    for (size_t i = 0; i < sizeof invisible / sizeof invisible[0]; i++)
        assert_true(text_invisible(invisible[i]));
    assert_false(text_invisible('x') || text_invisible(0xE9) || text_invisible(0x2010) ||
                 text_invisible(0x3001) || text_invisible(0x1F600) || text_invisible(0x2070));
    da_diags_free(diags);
    arena_release(&arena);
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
    const char *empty =
        "1:1: the file is empty; a scenario is a YAML mapping that starts with "
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
    assert_problems("- a\n- b\n",
                    "1:1: expected a mapping at the top level (dayafter: 1, "
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
    assert_problems("a: *nowhere\n",
                    "1:4: alias '*nowhere' refers to no anchor defined before "
                    "it\n");
}

/* A problem with an aliased value is reported at each alias that repeats it, as at the anchor:
 * a scalar's where the alias stands, a mapping's own (a missing key) there too. What is wrong
 * inside an aliased mapping is reported where it is written, in the anchor, under the path of
 * each use. */
static void test_ynode_problems_of_aliased_values_are_reported_at_the_alias(void **state)
{
    (void)state;
    const char *yaml =
        replace_once(minimal_scenario, "  required_per_1000: 10\n", "  required_per_1000: &k -1\n");
    yaml = replace_once(yaml, "  tau_days: 30\n", "  tau_days: *k\n");
    yaml = replace_once(yaml, "    delay_days: 10\n",
                        "    delay_days: &d {dist: pert, min: 1, mode: 20, max: 9}\n"
                        "  - id: later\n"
                        "    after: go\n"
                        "    delay_days: *d\n"
                        "  - id: last\n"
                        "    after: later\n"
                        "    delay_days: &m {dist: pert, min: 1, mode: 2}\n"
                        "  - id: final\n"
                        "    after: last\n"
                        "    delay_days: *m\n");
    assert_problems(yaml,
                    "15:56: milestones.go.delay_days: mode (20) is greater than max (9)\n"
                    "15:56: milestones.later.delay_days: mode (20) is greater than max (9)\n"
                    "21:17: milestones.last.delay_days: a pert distribution needs the key 'max'\n"
                    "24:17: milestones.final.delay_days: a pert distribution needs the key "
                    "'max'\n"
                    "26:22: security.required_per_1000: expected a number from 10^-6 to 1000, "
                    "found -1\n"
                    "27:13: security.tau_days: expected a number from 1 to 10^6, found -1\n");
}

static void test_ynode_alias_bombs_are_refused(void **state)
{
    (void)state;
    /* Each level holds ten of the one before: level 4 has 111,111 nodes once its aliases are
     * expanded, and the document 123,463 before level 5's list (line 6) names it ten times.
     * The eighth alias (column 45) takes the document past the limit of a million: the
     * message points there, and the rest is not read. */
    char yaml[2048] = "l0: &l0 [x, x, x, x, x, x, x, x, x, x]\n";
    for (int i = 1; i <= 6; i++) {
        char line[256];
        snprintf(line, sizeof line,
                 "l%d: &l%d [*l%d, *l%d, *l%d, *l%d, *l%d, *l%d, *l%d, *l%d, "
                 "*l%d, *l%d]\n",
                 i, i, i - 1, i - 1, i - 1, i - 1, i - 1, i - 1, i - 1, i - 1, i - 1, i - 1);
        assert_true(text_append(yaml, sizeof yaml, line));
    }
    assert_problems(yaml,
                    "6:45: the document is too large: more than 1000000 nodes, aliases "
                    "expanded\n");
}

static void test_ynode_long_lists_stop_at_the_limit(void **state)
{
    (void)state;
    /* A flow list of 1,200,000 items: the root, its key and the list are three nodes, so item
     * 999,998 (column 1,999,999) is the one past a million. The parse stops there, with no
     * more than the limit's nodes made: the 200,000 items after it cost nothing. */
    size_t items = 1200000, used = 0;
    char *text = malloc(2 * items + 16);
    assert_non_null(text);
    memcpy(text, "x: [", 4);
    used += 4;
    for (size_t i = 0; i < items; i++) {
        text[used++] = '0';
        text[used++] = i + 1 < items ? ',' : ']';
    }
    text[used++] = '\n';
    struct arena arena;
    arena_init(&arena);
    da_diags *diags = da_diags_new();
    bool nomem;
    assert_null(ynode_parse(&arena, "t.yaml", text, used, diags, &nomem));
    assert_false(nomem);
    assert_string_equal(diags_text(diags),
                        "1:1999999: the document is too large: more than "
                        "1000000 nodes, aliases expanded\n");
    /* Each node, and its text of one character, rounded up to the arena's 16 bytes. */
    size_t per_node = (sizeof(struct ynode) + 15) / 16 * 16 + 16;
    assert_true(arena.total <= (size_t)YNODE_MAX_WEIGHT * per_node + ARENA_BLOCK_BYTES);
    da_diags_free(diags);
    arena_release(&arena);
    free(text);
}

static void test_ynode_aliased_text_is_bounded(void **state)
{
    (void)state;
    /* A text of a MiB named by aliases: the keys' two bytes, the anchor and fourteen aliases
     * make 15 MiB and 2 bytes of text, and the fifteenth alias (column 61) takes the document
     * past 16 MiB, where the message points. */
    size_t len = 1024 * 1024, aliases = 20;
    char *text = malloc(len + aliases * 4 + 64), *at = text;
    assert_non_null(text);
    memcpy(at, "a: &a ", 6);
    at += 6;
    memset(at, 'x', len);
    at += len;
    memcpy(at, "\nb: [", 5);
    at += 5;
    for (size_t i = 0; i < aliases; i++) {
        memcpy(at, i + 1 < aliases ? "*a, " : "*a]\n", 4);
        at += 4;
    }
    *at = '\0';
    assert_string_equal(yaml_problems(text, NULL),
                        "2:61: the document is too large: more than 16777216 bytes of text, "
                        "aliases expanded\n");
    /* With fourteen aliases, 15 MiB and 2 bytes: not past it. */
    memcpy(strstr(text, "\nb: [") + 5 + 4 * 13, "*a]\n", 5);
    assert_string_equal(yaml_problems(text, NULL), "");
    free(text);
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
        cmocka_unit_test(test_ynode_every_duplicate_names_the_first),
        cmocka_unit_test(test_ynode_duplicates_among_many_keys),
        cmocka_unit_test(test_ynode_aliased_keys_stand_where_they_are_written),
        cmocka_unit_test(test_ynode_keys_that_are_not_strings),
        cmocka_unit_test(test_ynode_scalars_carry_the_hash_of_their_text),
        cmocka_unit_test(test_ynode_names_built_to_collide_stay_apart),
        cmocka_unit_test(test_ynode_scalars_know_their_controls),
        cmocka_unit_test(test_ynode_one_document_only),
        cmocka_unit_test(test_ynode_syntax_errors_are_located),
        cmocka_unit_test(test_ynode_empty_and_binary_files),
        cmocka_unit_test(test_ynode_top_level_must_be_a_mapping),
        cmocka_unit_test(test_ynode_aliases_share_their_anchor),
        cmocka_unit_test(test_ynode_problems_of_aliased_values_are_reported_at_the_alias),
        cmocka_unit_test(test_ynode_alias_bombs_are_refused),
        cmocka_unit_test(test_ynode_long_lists_stop_at_the_limit),
        cmocka_unit_test(test_ynode_aliased_text_is_bounded),
        cmocka_unit_test(test_ynode_nesting_is_bounded),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
