#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Two threads against one on each scenario given (default: the built-in gaza and the format
# example, tests/data/example.yaml), against the machine's own ceiling for two cores on the
# same work: in each round, one run on 1 thread, one on 2, and two 1-thread runs at once, so
# that the machine's drift (20-30% over minutes here) falls on all three alike. Prints per
# scenario the median of the rounds' ratios, 2 threads against 1 and two processes against
# one, and the share of the ceiling that the threads reach.
# Usage: bench/threads.sh [BUILD_DIR [SCENARIO:REPLICATIONS ...]] (default: build-bench, a
# release build with link-time optimization; gaza:10000 and the example at 40,000)
set -eu
root=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-$root/build-bench}
shift || true
# shellcheck source=bench/build.sh
. "$root/bench/build.sh"
bench_build "$build"
rounds=${ROUNDS:-5}
[ $# -gt 0 ] || set -- gaza:10000 "$root/tests/data/example.yaml:40000"

# seconds CMD...: the wall seconds CMD takes.
seconds() {
    local start end
    start=$(date +%s.%N)
    "$@" >/dev/null
    end=$(date +%s.%N)
    awk -v a="$start" -v b="$end" 'BEGIN { printf "%.3f", b - a }'
}

# pair FILE N: the wall seconds of two 1-thread runs of FILE at once.
pair() {
    local start end
    start=$(date +%s.%N)
    # shellcheck disable=SC2086 # $1 is one word or none
    "$exe" run $1 -q -n "$2" -t 1 >/dev/null &
    "$exe" run $1 -q -n "$2" -t 1 >/dev/null
    wait
    end=$(date +%s.%N)
    awk -v a="$start" -v b="$end" 'BEGIN { printf "%.3f", b - a }'
}

median() { sort -n | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }

bench_machine
echo "dayafter $("$exe" --version | cut -d' ' -f2), $rounds rounds"
for spec in "$@"; do
    scenario=${spec%:*} n=${spec##*:}
    file=$scenario
    [ "$scenario" = gaza ] && file=""
    : >"$build/threads.out"
    for _ in $(seq "$rounds"); do
        # shellcheck disable=SC2086 # $file is one word or none
        one=$(seconds "$exe" run $file -q -n "$n" -t 1)
        # shellcheck disable=SC2086
        two=$(seconds "$exe" run $file -q -n "$n" -t 2)
        both=$(pair "$file" "$n")
        echo "$one $two $both" >>"$build/threads.out"
    done
    threads=$(awk '{ printf "%.3f\n", $1 / $2 }' "$build/threads.out" | median)
    ceiling=$(awk '{ printf "%.3f\n", 2 * $1 / $3 }' "$build/threads.out" | median)
    best=$(sort -n "$build/threads.out" | head -1 | cut -d' ' -f1)
    printf "%s (-n %s): 1 thread %s s at best; 2 threads %sx one; two processes %sx one;" \
        "$(basename "${scenario}")" "$n" "$best" "$threads" "$ceiling"
    awk -v t="$threads" -v c="$ceiling" 'BEGIN { printf " the threads reach %.0f%% of the ceiling\n", 100 * t / c }'
done
