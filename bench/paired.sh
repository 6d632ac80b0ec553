#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Compares two binaries run at the same time, one on each of two cores, swapping cores every
# round, so that both see the same moment of a noisy machine: prints the mean over ROUNDS of
# B's time over A's, and the lowest and highest round. A binary against itself gives about
# 0.98-1.02 on the machine of docs/performance.md. A_ENV and B_ENV, if set, are each one's
# environment (words NAME=VALUE), to compare settings of one binary. Usage:
# bench/paired.sh A B "ARGS" ROUNDS
#   e.g. bench/paired.sh /tmp/dayafter.old build-prof/dayafter "run -q -t 1 -n 3000" 8
#   A_ENV=DAYAFTER_LANES=1 B_ENV=DAYAFTER_LANES=4 bench/paired.sh build-bench/dayafter \
#       build-bench/dayafter "run -q -t 1 -n 1000" 10
set -eu
[ $# -eq 4 ] || { echo "usage: $0 A B \"ARGS\" ROUNDS" >&2; exit 2; }
a=$1
b=$2
args=$3
rounds=$4
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
# timed CPU EXE FILE ENV: the wall seconds of EXE ARGS pinned to CPU with ENV, into FILE.
timed() {
    local start end
    start=$(date +%s.%N)
    # shellcheck disable=SC2086 # ENV and ARGS are split into words on purpose
    env $4 taskset -c "$1" "$2" $args >/dev/null 2>&1
    end=$(date +%s.%N)
    awk -v s="$start" -v e="$end" 'BEGIN { print e - s }' >"$3"
}
for i in $(seq "$rounds"); do
    timed $((i % 2)) "$a" "$dir/a" "${A_ENV:-}" &
    timed $(((i + 1) % 2)) "$b" "$dir/b" "${B_ENV:-}"
    wait
    paste "$dir/a" "$dir/b" >>"$dir/pairs"
done
awk '{ q = $2 / $1; r += q; if (NR == 1 || q < lo) lo = q; if (NR == 1 || q > hi) hi = q }
    END { printf "B/A: %.3f (mean of %d rounds; %.3f to %.3f)\n", r / NR, NR, lo, hi }' "$dir/pairs"
