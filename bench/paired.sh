#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Compares two binaries run at the same time, one on each of two cores, swapping cores every
# round, so that both see the same moment of a noisy machine: prints the mean over ROUNDS of
# B's time over A's. A binary against itself gives about 0.98-1.02 on the machine of
# docs/performance.md. Usage: bench/paired.sh A B "ARGS" ROUNDS
#   e.g. bench/paired.sh /tmp/dayafter.old build-prof/dayafter "run -q -t 1 -n 3000" 8
set -eu
[ $# -eq 4 ] || { echo "usage: $0 A B \"ARGS\" ROUNDS" >&2; exit 2; }
a=$1
b=$2
args=$3
rounds=$4
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
# timed CPU EXE FILE: the wall seconds of EXE ARGS pinned to CPU, into FILE.
timed() {
    local start end
    start=$(date +%s.%N)
    # shellcheck disable=SC2086 # ARGS is split into words on purpose
    taskset -c "$1" "$2" $args >/dev/null 2>&1
    end=$(date +%s.%N)
    awk -v s="$start" -v e="$end" 'BEGIN { print e - s }' >"$3"
}
for i in $(seq "$rounds"); do
    timed $((i % 2)) "$a" "$dir/a" &
    timed $(((i + 1) % 2)) "$b" "$dir/b"
    wait
    paste "$dir/a" "$dir/b" >>"$dir/pairs"
done
awk '{ r += $2 / $1 } END { printf "B/A: %.3f (mean of %d rounds)\n", r / NR, NR }' "$dir/pairs"
