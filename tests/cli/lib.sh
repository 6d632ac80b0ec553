# SPDX-License-Identifier: GPL-3.0-or-later
# What the command line's end-to-end tests share (tests/cli/*.sh, one Meson test per area: meson
# test --suite cli --list): the program under test, a scratch directory, the test scenarios, and
# the checks that count what passed. An area sources it and ends with 'finish'.
# Usage (in an area): . "$(dirname "$0")/lib.sh" "$@"
set -u
exe=$1
root=${DAYAFTER_SOURCE_ROOT:?}
export NO_COLOR=1
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
passed=0 failed=0
ex="$root/tests/data/example.yaml"
beyond="$root/tests/cli/beyond-what-a-run-computes.yaml"
one="$root/tests/cli/one-of-each.yaml"

# status_is NAME EXPECTED_STATUS STATUS: counts check NAME passed when STATUS is the one
# expected, else failed, with the first lines of its stderr.
status_is() {
    local name=$1 want=$2 got=$3
    if [ "$got" -ne "$want" ]; then
        echo "FAIL $name: exit status $got, expected $want"
        sed 's/^/  stderr: /' "$tmp/err" | head -5
        failed=$((failed + 1))
        return 1
    fi
    passed=$((passed + 1))
    return 0
}

# check NAME EXPECTED_STATUS COMMAND...: runs COMMAND, keeps stdout and stderr in $tmp.
check() {
    local name=$1 want=$2
    shift 2
    "$@" >"$tmp/out" 2>"$tmp/err"
    status_is "$name" "$want" $?
}

# check_closed NAME EXPECTED_STATUS COMMAND...: check with COMMAND's standard output closed, so
# that writing to it fails (EBADF); stderr is kept in $tmp/err.
check_closed() {
    local name=$1 want=$2
    shift 2
    "$@" >&- 2>"$tmp/err"
    status_is "$name" "$want" $?
}

# check_broken_pipe NAME EXPECTED_STATUS COMMAND...: check with COMMAND's standard output a pipe
# whose reader has gone (`| head -1` once head is done), SIGPIPE at its default as a shell
# leaves it, so that writing to it raises SIGPIPE or fails with EPIPE; stderr is kept in
# $tmp/err and must be one line at most: a write that fails is reported once.
check_broken_pipe() {
    local name=$1 want=$2
    shift 2
    python3 -c 'import os, subprocess, sys
r, w = os.pipe()
os.close(r)
sys.exit(subprocess.call(sys.argv[1:], stdout=w) & 255)' "$@" 2>"$tmp/err"
    status_is "$name" "$want" $? || return 1
    [ "$(wc -l <"$tmp/err")" -le 1 ] && return 0
    echo "FAIL $name: more than one line on stderr:"
    sed 's/^/  /' "$tmp/err" | head -5
    failed=$((failed + 1))
    return 1
}

# has_full NAME: whether /dev/full is the device that fails every write (ENOSPC); where it is
# missing (some containers), the check NAME that needs it is skipped, and says so.
has_full() {
    [ -c /dev/full ] && return 0
    echo "SKIP $1: /dev/full is not a character device here"
    return 1
}

# expect NAME FILE PATTERN: FILE ($tmp/out or $tmp/err) matches the grep pattern.
expect() {
    if grep -q -- "$3" "$2"; then
        passed=$((passed + 1))
    else
        echo "FAIL $1: no line matches '$3' in $(basename "$2"):"
        sed 's/^/  /' "$2" | head -10
        failed=$((failed + 1))
    fi
}

# says NAME FILE TEXT: FILE holds TEXT exactly, each run of spaces and line breaks in either read
# as one space (the terminal wraps its prose to its width); else "FAIL NAME".
says() {
    if python3 -c 'import sys; s = lambda t: " ".join(t.split()); sys.exit(s(sys.argv[2]) not in s(open(sys.argv[1]).read()))' "$2" "$3"; then
        passed=$((passed + 1))
    else
        echo "FAIL $1: $(basename "$2") does not say: $3"
        sed 's/^/  /' "$2" | head -20
        failed=$((failed + 1))
    fi
}

# reject NAME FILE PATTERN WHY: no line of FILE matches the grep pattern; else "FAIL NAME: WHY".
reject() {
    if grep -q -- "$3" "$2"; then
        echo "FAIL $1: $4"
        failed=$((failed + 1))
    else
        passed=$((passed + 1))
    fi
}

# Ends an area: its counts, and its exit status.
finish() {
    echo "$passed passed, $failed failed"
    [ "$failed" -eq 0 ]
}
