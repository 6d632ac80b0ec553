#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# The command line end to end, the commands: version, help (complete, within 80 columns),
# unknown commands and options. Usage: commands.sh DAYAFTER
# shellcheck source=tests/cli/lib.sh
. "$(dirname "$0")/lib.sh" "$@"

check version 0 "$exe" --version && expect version "$tmp/out" '^dayafter [0-9]*\.[0-9]*\.[0-9]*$'
check help 0 "$exe" --help && expect help "$tmp/out" '^  validate '
check no-command 2 "$exe" && expect no-command "$tmp/err" '^Usage: dayafter COMMAND'
check unknown-command 2 "$exe" frobnicate &&
    expect unknown-command "$tmp/err" "^dayafter: unknown command 'frobnicate'"
for cmd in run analyze report metrics validate example serve; do
    check "help-$cmd" 0 "$exe" "$cmd" --help && expect "help-$cmd" "$tmp/out" "^Usage: dayafter $cmd"
    check "bad-option-$cmd" 2 "$exe" "$cmd" --frobnicate &&
        expect "bad-option-$cmd" "$tmp/err" "^dayafter $cmd: unknown option '--frobnicate'"
done

# Help: every command's, complete and within 80 columns; the commands' list names them all.
for cmd in "" run analyze report metrics validate example serve; do
    # shellcheck disable=SC2086 # $cmd is one word or none
    check "help-width-${cmd:-dayafter}" 0 "$exe" $cmd --help
    wide=$(awk 'length($0) > 80' "$tmp/out")
    if [ -z "$wide" ] && grep -q '^Usage: dayafter' "$tmp/out"; then
        passed=$((passed + 1))
    else
        echo "FAIL help-width-${cmd:-dayafter}: lines over 80 columns, or no usage:"
        echo "$wide" | head -3
        failed=$((failed + 1))
    fi
done
"$exe" --help >"$tmp/help"
for cmd in run analyze report metrics validate example serve; do
    expect "help-lists-$cmd" "$tmp/help" "^  $cmd "
done
expect help-lists-prim "$tmp/help" 'prim'
check report-help-analysis 0 "$exe" report --help &&
    expect report-help-analysis "$tmp/out" "an analysis's, from 'dayafter analyze"

# --version takes nothing after it, and says so; help is given wherever it is asked for.
check version-option 2 "$exe" --version --bogus &&
    expect version-option "$tmp/err" "^dayafter: unknown option '--bogus'$"
check version-argument 2 "$exe" --version run &&
    expect version-argument "$tmp/err" "^dayafter: unexpected argument 'run'$"
check version-help 0 "$exe" --version --help && expect version-help "$tmp/out" '^Usage: dayafter COMMAND'
# Help and the version that cannot be written fail (status 1), with the reason.
check_closed version-closed 1 "$exe" --version &&
    expect version-closed "$tmp/err" '^dayafter: cannot write standard output: Bad file descriptor$'
check_closed help-closed 1 "$exe" run --help &&
    expect help-closed "$tmp/err" '^dayafter run: cannot write standard output: Bad file descriptor$'
check_broken_pipe version-pipe 1 "$exe" --version &&
    expect version-pipe "$tmp/err" '^dayafter: cannot write standard output: Broken pipe$'
check_broken_pipe help-pipe 1 "$exe" run --help &&
    expect help-pipe "$tmp/err" '^dayafter run: cannot write standard output: Broken pipe$'

finish
