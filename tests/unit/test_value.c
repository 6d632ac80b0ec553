/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * test_value.c - numbers, booleans and ids in YAML scalars (src/scenario/value.c).
 */
#include <math.h>
#include <string.h>

#include "helpers.h"
#include "scenario/value.h"

static struct ynode scalar(const char *text, bool plain)
{
    struct ynode n;
    memset(&n, 0, sizeof n);
    n.kind = YNODE_SCALAR;
    n.text = text;
    n.len = strlen(text);
    n.plain = plain;
    return n;
}

static void check_number(const char *text, double expected)
{
    struct ynode n = scalar(text, true);
    double v = -12345.678;
    assert_int_equal(value_number(&n, &v), VALUE_OK);
    assert_true(v == expected);
}

static void check_status(const char *text, bool plain, enum value_status expected)
{
    struct ynode n = scalar(text, plain);
    double v;
    assert_int_equal(value_number(&n, &v), expected);
}

static void test_value_numbers_in_every_written_form(void **state)
{
    (void)state;
    check_number("2200000", 2200000);
    check_number("2.2e6", 2200000);
    check_number("2.2e+6", 2200000);
    check_number("2_200_000", 2200000);
    check_number("-5", -5);
    check_number("+0.25", 0.25);
    check_number(".5", 0.5);
    check_number("7.", 7);
    check_number("1.5E-3", 0.0015);
    check_number("0.555", 0.555);
    /* Negative zero, written or underflowing, is 0 with no sign (the outputs wrote "-0"). */
    static const char *const zeros[] = {"-0", "-0.0", "-0e5", "-1e-400", "0"};
    for (size_t i = 0; i < sizeof zeros / sizeof *zeros; i++) {
        check_number(zeros[i], 0);
        struct ynode n = scalar(zeros[i], true);
        double v;
        assert_int_equal(value_number(&n, &v), VALUE_OK);
        assert_false(signbit(v));
    }
}

static void test_value_rejects_what_is_not_a_decimal_number(void **state)
{
    (void)state;
    check_status("abc", true, VALUE_WRONG_TYPE);
    check_status("", true, VALUE_WRONG_TYPE);
    check_status("5", false, VALUE_WRONG_TYPE); /* quoted */
    check_status("0x10", true, VALUE_WRONG_TYPE);
    check_status("1e", true, VALUE_WRONG_TYPE);
    check_status("1__0", true, VALUE_WRONG_TYPE);
    check_status("_10", true, VALUE_WRONG_TYPE);
    check_status("10_", true, VALUE_WRONG_TYPE);
    check_status(" 5", true, VALUE_WRONG_TYPE);
    check_status("5 ", true, VALUE_WRONG_TYPE);
    check_status("inf", true, VALUE_WRONG_TYPE);
    check_status("nan", true, VALUE_WRONG_TYPE);
    check_status(".", true, VALUE_WRONG_TYPE);
    check_status("-", true, VALUE_WRONG_TYPE);
    check_status("1.2.3", true, VALUE_WRONG_TYPE);
}

static void test_value_infinities_and_overflow_are_not_finite(void **state)
{
    (void)state;
    check_status(".inf", true, VALUE_NOT_FINITE);
    check_status("-.Inf", true, VALUE_NOT_FINITE);
    check_status(".NaN", true, VALUE_NOT_FINITE);
    check_status("1e999", true, VALUE_NOT_FINITE);
    check_status("-2e400", true, VALUE_NOT_FINITE);
}

static void test_value_long_numbers_stay_in_bounds(void **state)
{
    (void)state;
    /* A number as long as the buffer it is copied into, then a point and an exponent: once
     * written past the buffer's end. */
    char text[512];
    memset(text, '1', 127);
    memcpy(text + 127, ".e+5", sizeof ".e+5");
    check_status(text, true, VALUE_WRONG_TYPE);
    /* Up to 126 digits read, with the '_' between them; longer ones are no number. */
    memset(text, '1', 126);
    text[126] = '\0';
    check_status(text, true, VALUE_OK);
    size_t o = 0;
    for (int i = 0; i < 100; i++) {
        text[o++] = '1';
        text[o++] = '_';
    }
    text[o - 1] = '\0'; /* 100 digits, 99 '_': 199 characters */
    check_status(text, true, VALUE_OK);
    memset(text, '1', sizeof text - 1);
    text[sizeof text - 1] = '\0';
    check_status(text, true, VALUE_WRONG_TYPE);
}

static void test_value_booleans(void **state)
{
    (void)state;
    bool b = false;
    struct ynode t = scalar("true", true), f = scalar("False", true);
    assert_true(value_bool(&t, &b) && b);
    assert_true(value_bool(&f, &b) && !b);
    struct ynode yes = scalar("yes", true), quoted = scalar("true", false);
    assert_false(value_bool(&yes, &b));
    assert_false(value_bool(&quoted, &b));
}

/* What a message about a value that is no number adds: a quoted number is told to lose its
 * quotes, a tagged one its tag (it has no quotes to lose); anything else nothing. */
static void test_value_number_hints(void **state)
{
    (void)state;
    struct ynode quoted = scalar("400000", false), tagged = scalar("400000", false);
    struct ynode word = scalar("many", false), plain = scalar("400000", true);
    tagged.tag = "!!float";
    assert_string_equal(value_number_hint(&quoted), "; write numbers without quotes");
    assert_string_equal(value_number_hint(&tagged), "; write numbers without tags");
    assert_string_equal(value_number_hint(&word), "");
    assert_string_equal(value_number_hint(&plain), "");
    char found[64];
    assert_string_equal(ynode_describe(&tagged, found, sizeof found), "'400000' tagged !!float");
    assert_string_equal(ynode_describe(&quoted, found, sizeof found), "the string \"400000\"");
    /* A long tag is cut at 24 bytes, and a description too long for its buffer ends on a
     * whole character: the two bytes of the e-acute would stand at 18 and 19, past the 18 that
     * a buffer of 19 holds. */
    tagged.tag = "!averyveryverylongtagname-andmore";
    assert_string_equal(ynode_describe(&tagged, found, sizeof found),
                        "'400000' tagged !averyveryverylongtagnam...");
    tagged.tag = "!\xc3\xa9";
    assert_string_equal(ynode_describe(&tagged, found, 19), "'400000' tagged !");
}

/* The hint of a percentage where a share goes: 'text' (plain or quoted) in a field from 'lo'
 * to 'hi' gives 'expected'. */
static void check_percent(const char *text, bool plain, double lo, double hi, const char *expected)
{
    struct ynode n = scalar(text, plain);
    char hint[64];
    assert_string_equal(value_percent_hint(&n, lo, hi, hint, sizeof hint), expected);
}

/* A share written as a percentage is told the fraction: a whole number above 1 and at most
 * 100, or a number and '%', in a field from 0 to 1; not 1 (a share), not a fraction above 1
 * (1.2 is likelier 120%), not above 100 (no percentage of a whole), not in any other field,
 * not a word before '%'. */
static void test_value_percent_hints(void **state)
{
    (void)state;
    check_percent("85", true, 0, 1, "; for 85%, write 0.85");
    check_percent("100", true, 0, 1, "; for 100%, write 1");
    check_percent("2", true, 0, 1, "; for 2%, write 0.02");
    check_percent("1.5", true, 0, 1, ""); /* likelier 150% than 1.5% */
    check_percent("12.5", true, 0, 1, "");
    check_percent("30%", true, 0, 1, "; for 30%, write 0.3");
    check_percent("30 %", true, 0, 1, "; for 30%, write 0.3");
    check_percent("12.5%", false, 0, 1, "; for 12.5%, write 0.125"); /* '12.5%' quoted */
    check_percent("0.5%", true, 0, 1, "; for 0.5%, write 0.005");
    check_percent("1", true, 0, 1, "");
    check_percent("0.85", true, 0, 1, "");
    check_percent("100.5", true, 0, 1, "");
    check_percent("150%", true, 0, 1, "");
    check_percent("many%", true, 0, 1, "");
    check_percent("%", true, 0, 1, "");
    check_percent("85", false, 0, 1, ""); /* quoted: told to lose its quotes first */
    check_percent("85", true, 0, 1000, "");
    check_percent("85", true, -1, 1, "");
}

static void test_value_ids(void **state)
{
    (void)state;
    assert_true(value_is_id("north_gaza"));
    assert_true(value_is_id("gaza-2026"));
    assert_true(value_is_id("A1"));
    assert_false(value_is_id("1st"));
    assert_false(value_is_id("_x"));
    assert_false(value_is_id("has space"));
    assert_false(value_is_id("dot.ted"));
    assert_false(value_is_id(""));
    assert_false(value_is_id("caf\xc3\xa9"));
    char long_id[80];
    memset(long_id, 'a', 64);
    long_id[64] = '\0';
    assert_true(value_is_id(long_id));
    long_id[64] = 'a';
    long_id[65] = '\0';
    assert_false(value_is_id(long_id));
    static char longer[100 * 1024];
    memset(longer, 'a', sizeof longer - 1);
    assert_false(value_is_id(longer));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_value_numbers_in_every_written_form),
        cmocka_unit_test(test_value_rejects_what_is_not_a_decimal_number),
        cmocka_unit_test(test_value_infinities_and_overflow_are_not_finite),
        cmocka_unit_test(test_value_long_numbers_stay_in_bounds),
        cmocka_unit_test(test_value_booleans),
        cmocka_unit_test(test_value_number_hints),
        cmocka_unit_test(test_value_percent_hints),
        cmocka_unit_test(test_value_ids),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
