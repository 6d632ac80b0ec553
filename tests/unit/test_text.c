/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * test_text.c - edit distances and "did you mean", and UTF-8 cut and sanitized (src/util/text.c).
 */
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "helpers.h"
#include "util/diag.h"
#include "util/text.h"

static void test_text_edit_distance_by_hand(void **state)
{
    (void)state;
    assert_int_equal(text_edit_distance("kitten", "sitting", 10), 3);
    assert_int_equal(text_edit_distance("risk", "risk", 10), 0);
    assert_int_equal(text_edit_distance("rsik", "risk", 10), 1); /* a transposition */
    assert_int_equal(text_edit_distance("", "abc", 10), 3);
    assert_int_equal(text_edit_distance("Population", "population", 10), 0); /* case */
    assert_int_equal(text_edit_distance("abcdef", "uvwxyz", 3), 3);          /* capped */
}

static void test_text_closest_suggests_only_likely_typos(void **state)
{
    (void)state;
    const char *keys[] = {"population", "risk", "area_km2", NULL, "hospital_beds"};
    assert_string_equal(text_closest("popultion", keys, 5), "population");
    assert_string_equal(text_closest("rsik", keys, 5), "risk");
    assert_null(text_closest("colour", keys, 5));
    assert_null(text_closest("rk", keys, 5)); /* two edits on a two-letter word: a guess */
}

static void test_text_append_truncates(void **state)
{
    (void)state;
    char buf[8] = "ab";
    text_append(buf, sizeof buf, "cdefghij");
    assert_string_equal(buf, "abcdefg");
}

/* The suggestion as it was made before the prefilter and the index: every candidate's edit
 * distance, the first of the closest, at most 2 edits and fewer than half of the word. */
static const char *closest_by_full_search(const char *word, const char *const *cands, size_t n)
{
    const char *best = NULL;
    size_t best_d = 3;
    for (size_t i = 0; i < n; i++) {
        if (!cands[i])
            continue;
        size_t d = text_edit_distance(word, cands[i], 3);
        if (d < best_d && d * 2 < strlen(word)) {
            best = cands[i];
            best_d = d;
        }
    }
    return best;
}

/* A deterministic stream of numbers for the tests below (a 64-bit LCG's high bits). */
static unsigned next_number(uint64_t *state)
{
    *state = *state * 6364136223846793005ull + 1442695040888963407ull;
    return (unsigned)(*state >> 33);
}

/* 'word' with 'edits' random edits (replace, insert, delete or swap a letter) into 'out'. */
static void misspell(const char *word, int edits, uint64_t *rng, char *out, size_t cap)
{
    snprintf(out, cap, "%s", word);
    for (int e = 0; e < edits; e++) {
        size_t len = strlen(out), at = len ? next_number(rng) % len : 0;
        char letter = (char)('a' + next_number(rng) % 26);
        switch (next_number(rng) % 4) {
        case 0:
            if (len)
                out[at] = letter;
            break;
        case 1:
            if (len + 2 < cap) {
                memmove(out + at + 1, out + at, len - at + 1);
                out[at] = letter;
            }
            break;
        case 2:
            if (len)
                memmove(out + at, out + at + 1, len - at);
            break;
        default:
            if (at + 1 < len) {
                char t = out[at];
                out[at] = out[at + 1];
                out[at + 1] = t;
            }
        }
    }
}

static void test_text_closest_is_the_full_search(void **state)
{
    (void)state;
    /* Keys of the format, some alike ("risk", "risks"), with a NULL and the ids of a
     * scenario: every misspelling of each, 0 to 3 edits, gets the suggestion the full search
     * gives, ties and refusals included. */
    static const char *const cands[] = {"population",
                                        "area_km2",
                                        "risk",
                                        "risks",
                                        "displaced_share",
                                        "security_baseline",
                                        "water_capacity_m3_day",
                                        "hospital_beds",
                                        NULL,
                                        "delay_days",
                                        "probability",
                                        "after",
                                        "any_of",
                                        "ceasefire",
                                        "approval",
                                        "commitment",
                                        "north",
                                        "south",
                                        "id",
                                        "name",
                                        "kind",
                                        "size",
                                        "cap",
                                        "seats",
                                        "course_days",
                                        "washout",
                                        "setup_days",
                                        "opens_after",
                                        "Ceasefire",
                                        "a",
                                        "ab",
                                        "abc",
                                        "x1",
                                        "x2",
                                        "trucks_per_day",
                                        "truck_shares"};
    size_t n = sizeof cands / sizeof *cands;
    uint64_t rng = 42;
    for (size_t i = 0; i < n; i++) {
        for (int round = 0; round < 40 && cands[i]; round++) {
            char word[96];
            misspell(cands[i], round % 4, &rng, word, sizeof word);
            const char *want = closest_by_full_search(word, cands, n);
            const char *got = text_closest(word, cands, n);
            if (want != got)
                fail_msg("'%s': the full search suggests '%s', text_closest '%s'", word,
                         want ? want : "(none)", got ? got : "(none)");
        }
    }
}

static void test_text_long_words_are_never_close(void **state)
{
    (void)state;
    static char word[100 * 1024];
    memset(word, 'r', sizeof word - 1);
    const char *keys[] = {"risk", word, "rrrr"};
    assert_null(text_closest(word, keys, 3));
    assert_string_equal(text_closest("rsik", keys, 3), "risk"); /* never the long one */
    assert_int_equal(text_edit_distance(word, word, 3), 3);
    word[64] = '\0'; /* 64 bytes: still a word */
    assert_int_equal(text_edit_distance(word, word, 3), 0);
}

/* A long list: 'n' ids "site_0000", "site_0001", ..., with three words among them. */
static const char **long_list(size_t n)
{
    static char ids[4000][16];
    static const char *list[4000];
    assert_true(n <= 4000);
    for (size_t i = 0; i < n; i++) {
        snprintf(ids[i], sizeof ids[i], "site_%04u", (unsigned)(i % 10000));
        list[i] = ids[i];
    }
    list[n / 3] = "ceasefire";
    list[n / 2] = "hostages_released";
    list[n - 1] = "border_reopened";
    return list;
}

static void test_text_index_of_a_long_list_finds_typos(void **state)
{
    (void)state;
    size_t n = 3000;
    const char **list = long_list(n);
    struct text_index *index = text_index_new(list, n);
    assert_non_null(index);
    /* A typo at the start is found among those with the same end, one at the end among those
     * with the same start, and either kind in the middle. */
    static const struct {
        const char *word, *want;
    } cases[] = {
        {"ceasfire", "ceasefire"},
        {"xeasefire", "ceasefire"},
        {"ceasefirr", "ceasefire"},
        {"hostages_relaesed", "hostages_released"},
        {"Border_Reopened", "border_reopened"},
        {"order_reopened", "border_reopened"},
        {"nothing_like_these", NULL},
        {"", NULL},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        size_t tried;
        size_t at = text_index_closest(index, cases[i].word, &tried);
        const char *got = at == SIZE_MAX ? NULL : list[at];
        if (cases[i].want ? !got || strcmp(got, cases[i].want) != 0 : got != NULL)
            fail_msg("'%s': expected '%s', got '%s'", cases[i].word,
                     cases[i].want ? cases[i].want : "(none)", got ? got : "(none)");
        /* However long the list, a lookup weighs the few beside the word. */
        assert_true(tried <= 4 * TEXT_INDEX_NEIGHBOURS);
    }
    /* One edit from ten ids (site_0042 to site_0942): one of them, as close as any. */
    size_t at = text_index_closest(index, "site_0x42", NULL);
    assert_true(at != SIZE_MAX);
    assert_int_equal(text_edit_distance("site_0x42", list[at], 3), 1);
    text_index_free(index);
}

static void test_text_index_of_a_short_list_is_text_closest(void **state)
{
    (void)state;
    /* Up to TEXT_INDEX_SCAN_ALL candidates are searched whole: the same answers, ties
     * included, as text_closest(). */
    size_t n = TEXT_INDEX_SCAN_ALL;
    const char **list = long_list(n);
    struct text_index *index = text_index_new(list, n);
    assert_non_null(index);
    uint64_t rng = 7;
    for (size_t i = 0; i < n; i += 5) {
        char word[96];
        misspell(list[i], (int)(i % 3), &rng, word, sizeof word);
        const char *want = text_closest(word, list, n);
        size_t at = text_index_closest(index, word, NULL);
        assert_ptr_equal(at == SIZE_MAX ? NULL : list[at], want);
    }
    text_index_free(index);
}

static void test_text_append_says_when_it_cut(void **state)
{
    (void)state;
    char buf[6] = "";
    assert_true(text_append(buf, sizeof buf, "abc"));
    assert_false(text_append(buf, sizeof buf, "def"));
    assert_string_equal(buf, "abcde");
    assert_false(text_append(buf, sizeof buf, "g"));
    assert_true(text_append(buf, sizeof buf, ""));
}

/* "é" is C3 A9, "€" E2 82 AC, U+1F600 F0 9F 98 80. */
static void format(char *buf, size_t cap, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static void format(char *buf, size_t cap, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    text_vformat(buf, cap, fmt, ap);
    va_end(ap);
}

/* A formatted text that fits is whole; one cut to fit ends before a character it would split. */
static void test_text_vformat_cuts_on_a_character(void **state)
{
    (void)state;
    char buf[6];
    format(buf, sizeof buf, "%s-%d", "ab", 7);
    assert_string_equal(buf, "ab-7");
    format(buf, sizeof buf, "%s", "abcd\xC3\xA9"); /* é would need bytes 5 and 6 */
    assert_string_equal(buf, "abcd");
    format(buf, sizeof buf, "%s", "abc\xC3\xA9z");
    assert_string_equal(buf, "abc\xC3\xA9");
}

static void test_text_utf8_cut_keeps_whole_characters(void **state)
{
    (void)state;
    assert_int_equal(text_utf8_cut("ab\xC3\xA9", 3), 2); /* not inside é */
    assert_int_equal(text_utf8_cut("ab\xC3\xA9", 4), 4);
    assert_int_equal(text_utf8_cut("ab\xC3\xA9", 100), 4); /* shorter than the limit */
    assert_int_equal(text_utf8_cut("a\xE2\x82\xAC", 2), 1);
    assert_int_equal(text_utf8_cut("a\xE2\x82\xAC", 3), 1);
    assert_int_equal(text_utf8_cut("a\xF0\x9F\x98\x80z", 4), 1);
    assert_int_equal(text_utf8_cut("a\xF0\x9F\x98\x80z", 5), 5);
    assert_int_equal(text_utf8_cut("abc", 0), 0);
    /* What snprintf() leaves when it truncates: the incomplete start of a character goes. */
    assert_int_equal(text_utf8_cut("ab\xC3", 100), 2);
    assert_int_equal(text_utf8_cut("ab\xF0\x9F\x98", 100), 2);
    /* Bytes that start nothing valid are kept, one at a time (sanitizing is another step). */
    assert_int_equal(text_utf8_cut("a\xFF\x80z", 100), 4);
    assert_int_equal(text_utf8_cut("a\xFF\x80z", 2), 2);
}

static void test_text_utf8_valid(void **state)
{
    (void)state;
    assert_true(text_utf8_valid(""));
    assert_true(text_utf8_valid("plain \xC3\xA9 \xE2\x82\xAC \xF0\x9F\x98\x80"));
    assert_false(text_utf8_valid("\xC3"));             /* cut short */
    assert_false(text_utf8_valid("\xC3(x"));           /* a bad continuation */
    assert_false(text_utf8_valid("\xC0\xAF"));         /* overlong '/' */
    assert_false(text_utf8_valid("\xED\xA0\x80"));     /* a surrogate */
    assert_false(text_utf8_valid("\xF4\x90\x80\x80")); /* past U+10FFFF */
    assert_false(text_utf8_valid("\x80"));
}

static void test_text_utf8_sanitize_replaces_and_fits(void **state)
{
    (void)state;
    char out[64];
    assert_int_equal(text_utf8_sanitize(out, sizeof out, "/api/\xC3"), 8);
    assert_string_equal(out, "/api/\xEF\xBF\xBD");
    text_utf8_sanitize(out, sizeof out, "a\xC3\xA9\xFF\xC3(z");
    assert_string_equal(out, "a\xC3\xA9\xEF\xBF\xBD\xEF\xBF\xBD(z");
    /* Valid text is copied as it is. */
    text_utf8_sanitize(out, sizeof out, "\xF0\x9F\x98\x80 ok");
    assert_string_equal(out, "\xF0\x9F\x98\x80 ok");
    /* Too long: cut before the character that does not fit, never inside it. */
    char small[5];
    assert_int_equal(text_utf8_sanitize(small, sizeof small, "ab\xE2\x82\xAC"), 2);
    assert_string_equal(small, "ab");
    assert_int_equal(text_utf8_sanitize(small, sizeof small, "a\xFF"), 4);
    assert_string_equal(small, "a\xEF\xBF\xBD");
    char one[1];
    assert_int_equal(text_utf8_sanitize(one, sizeof one, "abc"), 0);
    assert_string_equal(one, "");
}

/* A diagnostic longer than its buffer (1,023 bytes) is cut before a character it cannot hold
 * whole: the server sends diagnostics as JSON. */
static void test_diag_message_cut_keeps_characters(void **state)
{
    (void)state;
    char text[1100];
    memset(text, 'a', 1022);
    memcpy(text + 1022, "\xC3\xA9 and more", sizeof "\xC3\xA9 and more");
    da_diags *diags = da_diags_new();
    struct da_mark at = {.line = 1, .column = 1};
    diag_add(diags, "x.yaml", DA_DIAG_YAML_SYNTAX, NULL, at, "%s", text);
    const char *message = da_diags_get(diags, 0).message;
    assert_int_equal(strlen(message), 1022);
    assert_true(text_utf8_valid(message));
    da_diags_free(diags);
}

/* text_fold(): ASCII lowercased, fullwidth ASCII read as ASCII, anything else as it is. */
static void test_text_fold(void **state)
{
    (void)state;
    char out[64];
    assert_int_equal(text_fold(out, "US"), 2);
    assert_string_equal(out, "us");
    /* U+FF35 U+FF53 (fullwidth U, s), 6 bytes: 2 */
    assert_int_equal(text_fold(out, "\xEF\xBC\xB5\xEF\xBD\x93"), 2);
    assert_string_equal(out, "us");
    /* U+FF01 and U+FF5E, the range's ends; U+FF00 and U+FF5F outside it stay */
    text_fold(out, "\xEF\xBC\x81\xEF\xBD\x9E\xEF\xBC\x80\xEF\xBD\x9F");
    assert_string_equal(out, "!~\xEF\xBC\x80\xEF\xBD\x9F");
    /* Letters outside ASCII keep their case: "Ç" is not "ç" here */
    assert_int_equal(text_fold(out, "C\xC3\x87te"), 5);
    assert_string_equal(out, "c\xC3\x87te");
    assert_int_equal(text_fold(out, ""), 0);
    assert_string_equal(out, "");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_text_edit_distance_by_hand),
        cmocka_unit_test(test_text_closest_suggests_only_likely_typos),
        cmocka_unit_test(test_text_append_truncates),
        cmocka_unit_test(test_text_vformat_cuts_on_a_character),
        cmocka_unit_test(test_text_closest_is_the_full_search),
        cmocka_unit_test(test_text_long_words_are_never_close),
        cmocka_unit_test(test_text_index_of_a_long_list_finds_typos),
        cmocka_unit_test(test_text_index_of_a_short_list_is_text_closest),
        cmocka_unit_test(test_text_append_says_when_it_cut),
        cmocka_unit_test(test_text_utf8_cut_keeps_whole_characters),
        cmocka_unit_test(test_text_utf8_valid),
        cmocka_unit_test(test_text_utf8_sanitize_replaces_and_fits),
        cmocka_unit_test(test_diag_message_cut_keeps_characters),
        cmocka_unit_test(test_text_fold),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
