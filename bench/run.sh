#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# The engine's benchmark: the built-in gaza scenario (3 options, 5 areas, 1,095 days) at
# 10,000 and 100,000 replications on 1 and 2 threads, and the peak memory at 10,000, 100,000
# and 1,000,000 replications. Prints replication-years per second (replications x the
# horizon in years, all options included), per core, and the ratio of 2 threads to 1
# measured in the same run.
# With MPI, also 1 against 2 ranks. Usage: bench/run.sh [BUILD_DIR] (default: build-bench, a
# release build)
set -eu
root=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-$root/build-bench}
if [ ! -f "$build/build.ninja" ]; then
    meson setup "$build" "$root" --buildtype=release -Db_lto=true -Dtests=false >/dev/null
fi
ninja -C "$build" >/dev/null
exe=$build/dayafter
years=$(awk 'BEGIN { printf "%.4f", 1095 / 365 }')

# measure R T: prints seconds and peak resident memory in MB of `dayafter run -n R -t T`.
measure() {
    /usr/bin/time -f "%e %M" -o "$build/time.out" "$exe" run -q -n "$1" -t "$2" >/dev/null
    read -r seconds kb <"$build/time.out"
    echo "$seconds $((kb / 1024))"
}

echo "machine: $(lscpu | sed -n 's/^Model name: *//p' | head -1), $(nproc) cores"
echo "dayafter $("$exe" --version | cut -d' ' -f2), built $(date -u +%Y-%m-%d)"
printf "%-14s %-8s %10s %22s %10s %10s\n" replications threads seconds "replication-years/s" \
    "per core" "peak MB"
for r in 10000 100000; do
    base=""
    for t in 1 2; do
        read -r s mb < <(measure "$r" "$t")
        rate=$(awk -v r="$r" -v y="$years" -v s="$s" 'BEGIN { printf "%.0f", r * y / s }')
        per_core=$(awk -v r="$rate" -v t="$t" 'BEGIN { printf "%.0f", r / t }')
        printf "%-14s %-8s %10s %22s %10s %10s" "$r" "$t" "$s" "$rate" "$per_core" "$mb"
        if [ -z "$base" ]; then
            base=$s
            echo
        else
            awk -v a="$base" -v b="$s" 'BEGIN { printf "   (2 threads: %.2fx one)\n", a / b }'
        fi
    done
done
# A million replications take about three minutes here: memory must stay flat.
echo "peak memory by replications (2 threads):"
for r in 10000 100000 1000000; do
    read -r s mb < <(measure "$r" 2)
    printf "  %-10s %6s MB\n" "$r" "$mb"
done

# Ranks: 10,000 replications on 1 and 2 MPI ranks of one thread each, where dayafter is built
# with MPI and mpirun is installed. Replication-years per second per core: the 2-rank rate / 2.
if command -v mpirun >/dev/null 2>&1 && grep -q DA_HAVE_MPI "$build/build.ninja"; then
    echo "MPI ranks (1 thread each), 10000 replications:"
    for k in 1 2; do
        /usr/bin/time -f "%e %M" -o "$build/time.out" mpirun --allow-run-as-root --oversubscribe \
            -n "$k" "$exe" run -q -n 10000 -t 1 >/dev/null
        read -r s kb <"$build/time.out"
        rate=$(awk -v y="$years" -v s="$s" 'BEGIN { printf "%.0f", 10000 * y / s }')
        per_core=$(awk -v y="$years" -v s="$s" -v k="$k" 'BEGIN { printf "%.0f", 10000 * y / s / k }')
        printf "  %d rank(s): %6s s  %8s replication-years/s  %8s per core\n" "$k" "$s" "$rate" "$per_core"
        [ "$k" -eq 1 ] && one=$s
    done
    awk -v a="$one" -v b="$s" 'BEGIN { printf "  2 ranks: %.2fx one\n", a / b }'
else
    echo "MPI: not built with MPI or no mpirun; skipped"
fi
