#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# The command line end to end, example: the built-in scenarios as written, and the hindcasts,
# which run against the record. Usage: example.sh DAYAFTER
# shellcheck source=tests/cli/lib.sh
. "$(dirname "$0")/lib.sh" "$@"

# example
check example-list 0 "$exe" example --list
expect example-list "$tmp/out" '^gaza  *Gaza, the 2024 proposal$'
expect example-list "$tmp/out" '^gaza-2026  *Gaza after resolution 2803'
expect example-list "$tmp/out" '^kosovo-1999  *Kosovo 1999: KFOR and UNMIK (hindcast)$'
expect example-list "$tmp/out" '^east-timor-1999 East Timor 1999: INTERFET (hindcast)$'
check example-default 0 "$exe" example && cmp -s "$tmp/out" "$root/scenarios/gaza.yaml" &&
    passed=$((passed + 1)) || { echo "FAIL example-default: not scenarios/gaza.yaml"; failed=$((failed + 1)); }
check example-2026 0 "$exe" example gaza-2026 && cmp -s "$tmp/out" "$root/scenarios/gaza-2026.yaml" &&
    passed=$((passed + 1)) || { echo "FAIL example-2026: not scenarios/gaza-2026.yaml"; failed=$((failed + 1)); }
# The hindcasts (docs/validation.md): compiled in as written, valid with their observations,
# and they run, scoring themselves against the record.
for name in kosovo-1999 east-timor-1999; do
    check "example-$name" 0 "$exe" example "$name" &&
        cmp -s "$tmp/out" "$root/scenarios/history/$name.yaml" &&
        passed=$((passed + 1)) || { echo "FAIL example-$name: not scenarios/history/$name.yaml"; failed=$((failed + 1)); }
    check "validate-$name" 0 "$exe" validate "$root/scenarios/history/$name.yaml" &&
        expect "validate-$name" "$tmp/out" "$name.yaml: valid: "
    check "run-$name" 0 "$exe" run "$root/scenarios/history/$name.yaml" -n 200 &&
        expect "run-$name" "$tmp/out" '^Against the record'
done
check example-unknown 2 "$exe" example atlantis &&
    expect example-unknown "$tmp/err" "no built-in scenario 'atlantis'"
# A name cut short or mistyped is answered with the one it likely means, and nothing else; a
# name near none with the list.
check example-cut-short 2 "$exe" example kosovo &&
    expect example-cut-short "$tmp/err" "^dayafter example: no built-in scenario 'kosovo'; did you mean 'kosovo-1999'?$"
check example-typo 2 "$exe" example gaza2026 &&
    expect example-typo "$tmp/err" "^dayafter example: no built-in scenario 'gaza2026'; did you mean 'gaza-2026'?$"
check example-far 2 "$exe" example atlantis &&
    expect example-far "$tmp/err" "^dayafter example: no built-in scenario 'atlantis'; the built-in ones are:$" &&
    expect example-far "$tmp/err" "^  kosovo-1999$"
check example-control 2 "$exe" example $'\e[31m' &&
    expect example-control "$tmp/err" "^dayafter example: no built-in scenario '\\\\x1b\\[31m'; the built-in ones are:$"

# --list lists them all: a name or an option after it is bad usage, as anywhere else.
check example-list-name 2 "$exe" example --list gaza &&
    expect example-list-name "$tmp/err" "^dayafter example: unexpected argument 'gaza' (--list takes no scenario name)$"
check example-list-option 2 "$exe" example --list --bogus &&
    expect example-list-option "$tmp/err" "^dayafter example: unknown option '--bogus'$"
check example-bundled-unknown 2 "$exe" example -xl &&
    expect example-bundled-unknown "$tmp/err" "^dayafter example: unknown option '-x'$"
check example-list-help 0 "$exe" example --list --help &&
    expect example-list-help "$tmp/out" '^Usage: dayafter example'
# What cannot be written to standard output fails (status 1), with the reason.
check_closed example-list-closed 1 "$exe" example --list &&
    expect example-list-closed "$tmp/err" '^dayafter example: cannot write standard output: Bad file descriptor$'
check_closed example-closed 1 "$exe" example gaza &&
    expect example-closed "$tmp/err" '^dayafter example: cannot write standard output: Bad file descriptor$'
check_broken_pipe example-pipe 1 "$exe" example gaza &&
    expect example-pipe "$tmp/err" '^dayafter example: cannot write standard output: Broken pipe$'
if has_full example-full; then
    check example-full 1 sh -c '"$0" example --list >/dev/full' "$exe" &&
        expect example-full "$tmp/err" '^dayafter example: cannot write standard output: No space left on device$'
fi

finish
