#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# One golden case: `dayafter validate NAME.yaml`, run inside the corpus folder, must exit with
# status 2, print nothing on stdout and exactly NAME.err on stderr.
# Usage: bad_case.sh DAYAFTER FOLDER NAME
set -u
exe=$1 dir=$2 name=$3
cd "$dir" || exit 1
out=$(mktemp) err=$(mktemp)
trap 'rm -f "$out" "$err"' EXIT
NO_COLOR=1 "$exe" validate "$name.yaml" >"$out" 2>"$err"
status=$?
fail=0
if [ "$status" -ne 2 ]; then
    echo "exit status $status, expected 2"
    fail=1
fi
if [ -s "$out" ]; then
    echo "unexpected output on stdout:"
    cat "$out"
    fail=1
fi
if ! diff -u "$name.err" "$err"; then
    echo "stderr differs from $name.err (- expected, + actual)"
    fail=1
fi
exit $fail
