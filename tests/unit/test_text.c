/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * test_text.c - edit distances and "did you mean" (src/util/text.c).
 */
#include "helpers.h"
#include "util/text.h"

static void test_text_edit_distance_by_hand(void **state)
{
    (void)state;
    assert_int_equal(text_edit_distance("kitten", "sitting", 10), 3);
    assert_int_equal(text_edit_distance("risk", "risk", 10), 0);
    assert_int_equal(text_edit_distance("rsik", "risk", 10), 1); /* a transposition */
    assert_int_equal(text_edit_distance("", "abc", 10), 3);
    assert_int_equal(text_edit_distance("Population", "population", 10), 0); /* case */
    assert_int_equal(text_edit_distance("abcdef", "uvwxyz", 3), 3);           /* capped */
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

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_text_edit_distance_by_hand),
        cmocka_unit_test(test_text_closest_suggests_only_likely_typos),
        cmocka_unit_test(test_text_append_truncates),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
