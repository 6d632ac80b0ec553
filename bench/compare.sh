#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Compares binaries on one machine whose speed drifts: runs each in turn, ROUNDS times, and
# prints each one's minimum and median wall time. Alternating spreads the drift over all of
# them. Usage: bench/compare.sh "ARGS" ROUNDS BINARY...
#   e.g. bench/compare.sh "run -q -n 10000" 5 /tmp/dayafter.old build-bench/dayafter
set -eu
[ $# -ge 3 ] || { echo "usage: $0 \"ARGS\" ROUNDS BINARY..." >&2; exit 2; }
args=$1
rounds=$2
shift 2
out=$(mktemp)
trap 'rm -f "$out"' EXIT
for _ in $(seq "$rounds"); do
    for exe in "$@"; do
        start=$(date +%s.%N)
        # shellcheck disable=SC2086 # ARGS is split into words on purpose
        "$exe" $args >/dev/null 2>&1
        end=$(date +%s.%N)
        echo "$exe $(awk -v a="$start" -v b="$end" 'BEGIN { print b - a }')" >>"$out"
    done
done
for exe in "$@"; do
    awk -v exe="$exe" '$1 == exe { print $2 }' "$out" | sort -n |
        awk -v exe="$exe" '{ t[NR] = $1 } END {
            printf "%-32s min %.3f s  median %.3f s\n", exe, t[1], t[int((NR + 1) / 2)] }'
done
