/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * test_check.c - DA_ASSERT (util/check.h): silent while an invariant holds, and when one
 * breaks, the program stops with the invariant and its place on standard error; da_close()'s
 * tolerance, and da_close_after()'s for sums of many terms.
 */
#include <math.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>

#include "helpers.h"
#include "util/check.h"

static void test_check_holds(void **state)
{
    (void)state;
    DA_ASSERT(da_close(0.1 + 0.2, 0.3));      /* holds: nothing happens */
    assert_true(da_close(1e12, 1e12 + 1e-1)); /* relative 1e-9 of 1e12 is 1,000 */
    assert_false(da_close(1e12, 1e12 + 1e4));
    assert_true(da_close(0, 5e-7)); /* absolute 1e-6 near 0 */
    assert_false(da_close(0, 2e-6));
    assert_false(da_close(1, -1));
    /* Numbers beyond the model are the engine's to refuse, not an invariant's. */
    assert_true(da_close((double)NAN, 1));
    assert_true(da_close(HUGE_VAL, 1));
    assert_true(da_at_least_zero(-1e-10, 1));
    assert_true(da_at_least_zero(-1e-3, 1e7)); /* rounding, relative to what it is a part of */
    assert_false(da_at_least_zero(-1e-3, 1));
    assert_true(da_at_least_zero((double)NAN, 1));
}

/* A sum of many small amounts rounds by more than a relative 1e-9: twenty million additions of
 * an amount just below half a unit in the last place of a million each round back to a
 * million, and the sum falls 1.1e-9 of itself short. da_close() takes that for a leak;
 * da_close_after() allows the rounding of the additions made, and no more. */
static void test_check_rounding_of_many_terms(void **state)
{
    (void)state;
    const int terms = 20000000;
    const double amount = 5.5e-11; /* half a unit in the last place of 1e6 is 5.8e-11 */
    double sum = 1e6;
    for (int i = 0; i < terms; i++)
        sum += amount;
    double exact = 1e6 + terms * amount;
    assert_true(sum == 1e6);
    assert_false(da_close(sum, exact));
    assert_true(da_close_after(sum, exact, terms));
    assert_false(da_close_after(sum, exact + 1e-2, terms)); /* beyond the terms' rounding */
    assert_true(da_close_after(sum, exact, 0) == da_close(sum, exact));
    /* a stock below zero by the same rounding */
    assert_false(da_at_least_zero(sum - exact, 1e6));
    assert_true(da_at_least_zero_after(sum - exact, 1e6, terms));
    assert_false(da_at_least_zero_after(-1e-2, 1e6, terms));
}

#ifndef NDEBUG
static void break_money(void *arg)
{
    (void)arg;
    int money = 3;
    DA_ASSERT(money + 1 == 3);
}
#endif

/* A broken invariant, in a child process: it aborts, saying which and where. */
static void test_check_breaks(void **state)
{
    (void)state;
#ifdef NDEBUG
    skip(); /* compiled out, as in release builds */
#else
    char text[512];
    assert_int_equal(signal_of_child(break_money, NULL, text, sizeof text), SIGABRT);
    assert_non_null(strstr(text, "dayafter: invariant broken at "));
    assert_non_null(strstr(text, "test_check.c:"));
    assert_non_null(strstr(text, ": money + 1 == 3\n"));
#endif
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_check_holds),
        cmocka_unit_test(test_check_rounding_of_many_terms),
        cmocka_unit_test(test_check_breaks),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
