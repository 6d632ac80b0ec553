#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# DAYAFTER_TEST runs the unit tests of one name (helpers.c sets cmocka's filter): the program
# given runs exactly the test named, and with a pattern that names none, none.
# Usage: filter_test.sh UNIT_TEST_PROGRAM TEST_NAME
set -u
out=$(DAYAFTER_TEST="$2" "$1" 2>&1)
echo "$out" | grep -q "^\[ RUN      \] $2\$" && echo "$out" | grep -q '^\[==========\] 1 test(s) run\.$' ||
    { echo "FAIL: DAYAFTER_TEST=$2 did not run that test alone:"; echo "$out"; exit 1; }
out=$(DAYAFTER_TEST=no_such_test "$1" 2>&1)
echo "$out" | grep -q '^\[==========\] 0 test(s) run\.$' ||
    { echo "FAIL: DAYAFTER_TEST=no_such_test ran tests:"; echo "$out"; exit 1; }
echo "ok: DAYAFTER_TEST runs $2 alone, and a pattern that names none runs none"
