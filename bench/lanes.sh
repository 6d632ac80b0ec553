#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Replications in lockstep (src/engine/lockstep.c) against one at a time, on one core: the
# built-in gaza (5 areas, 3 options, 1,095 days) and the format example (2 areas, 2 options,
# 730 days), each as blocks of 1 (the reference path), 4 (the default on AVX2), 8 and 16 lanes
# on the processor's best kernels, and of 4 lanes on SSE2. Runs alternate, ROUNDS times
# (default 5); prints each one's fastest run, as ns per area-day-option (replications x days x
# areas x options), the ratio of one at a time's fastest to it, the median of the rounds'
# ratios (each round's one at a time against the same round's run, so that the machine's drift
# between rounds falls on both alike), and the peak memory. bench/paired.sh compares two
# settings more closely, at the same time. Usage: bench/lanes.sh [BUILD_DIR] (default:
# build-bench, a release build with link-time optimization)
set -eu
root=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-$root/build-bench}
# shellcheck source=bench/build.sh
. "$root/bench/build.sh"
bench_build "$build"
rounds=${ROUNDS:-5}
bench_machine
echo "dayafter $("$exe" --version | cut -d' ' -f2), $(git -C "$root" rev-parse --short HEAD)"
# case: a name, the run's arguments, the area-day-options of one replication
cases=("gaza|run -q -t 1 -n 2000|16425" \
    "example|run $root/tests/data/example.yaml -q -t 1 -n 20000|2920")
# setting: lanes and kernels
settings=("1 default" "4 default" "8 default" "16 default" "4 sse2")
out=$(mktemp)
trap 'rm -f "$out"' EXIT
median() { sort -n | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
for round in $(seq "$rounds"); do
    for c in "${cases[@]}"; do
        IFS='|' read -r name args _ <<<"$c"
        for s in "${settings[@]}"; do
            read -r lanes isa <<<"$s"
            isa_env=""
            [ "$isa" = default ] || isa_env=$isa
            # shellcheck disable=SC2086 # the arguments are split into words on purpose
            DAYAFTER_LANES=$lanes DAYAFTER_ISA=$isa_env /usr/bin/time -f "%e %M" \
                -o "$out.t" "$exe" $args >/dev/null
            echo "$name $lanes $isa $(cat "$out.t") $round" >>"$out"
        done
    done
done
printf "%-9s %-6s %-8s %10s %24s %16s %14s %9s\n" scenario lanes kernels "best s" \
    "ns per area-day-option" "against lanes 1" "median ratio" "peak MB"
for c in "${cases[@]}"; do
    IFS='|' read -r name args per <<<"$c"
    reps=$(sed 's/.*-n \([0-9]*\).*/\1/' <<<"$args")
    base=$(awk -v n="$name" '$1 == n && $2 == 1 { print $4 }' "$out" | sort -n | head -1)
    for s in "${settings[@]}"; do
        read -r lanes isa <<<"$s"
        best=$(awk -v n="$name" -v l="$lanes" -v i="$isa" '$1 == n && $2 == l && $3 == i { print $4 }' \
            "$out" | sort -n | head -1)
        peak=$(awk -v n="$name" -v l="$lanes" -v i="$isa" '$1 == n && $2 == l && $3 == i { print $5 }' \
            "$out" | sort -n | tail -1)
        ratio=$(awk -v n="$name" -v l="$lanes" -v i="$isa" '
            $1 == n && $2 == 1 { one[$6] = $4 }
            $1 == n && $2 == l && $3 == i { t[$6] = $4 }
            END { for (r in t) printf "%.3f\n", one[r] / t[r] }' "$out" | median)
        awk -v n="$name" -v l="$lanes" -v i="$isa" -v b="$best" -v base="$base" -v r="$reps" \
            -v per="$per" -v kb="$peak" -v m="$ratio" 'BEGIN {
                printf "%-9s %-6s %-8s %10.2f %24.1f %15.2fx %13.2fx %9.1f\n", n, l, i, b,
                    b / (r * per) * 1e9, base / b, m, kb / 1024 }'
    done
done
