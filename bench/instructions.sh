#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# The engine's cost in instructions, which this project's machines measure far more steadily
# than time: callgrind's count inside the workers (the function 'work', inclusive) per
# area-day-option (replications x days x areas x options), for the built-in gaza (5 areas, 3
# options, 1,095 days) and the format example (2 areas, 2 options, 730 days), one replication
# at a time and in blocks of 8 lanes on the processor's best kernels and on SSE2. With one at a
# time it also gives what one more replication costs: the difference between two runs (R and
# 3R replications) over the area-day-options it adds, which leaves out a run's fixed costs.
# Needs valgrind. Usage: bench/instructions.sh [BUILD_DIR] (default: build-rel, a release
# build without link-time optimization, as docs/performance.md's figures are)
set -eu
root=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-$root/build-rel}
command -v valgrind >/dev/null || { echo "bench/instructions.sh: valgrind is not installed" >&2; exit 2; }
if [ ! -f "$build/build.ninja" ]; then
    meson setup "$build" "$root" --buildtype=release -Dtests=false >/dev/null
fi
ninja -C "$build" >/dev/null
exe=$build/dayafter
echo "dayafter $("$exe" --version | cut -d' ' -f2), $(git -C "$root" rev-parse --short HEAD)"
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT

# work LANES ISA REPS ARGS...: the instructions inside the workers of `dayafter ARGS -n REPS`.
work() {
    local lanes=$1 isa=$2 reps=$3
    shift 3
    DAYAFTER_LANES=$lanes DAYAFTER_ISA=$isa valgrind --tool=callgrind \
        --callgrind-out-file="$out/cg" "$exe" "$@" -q -t 1 -n "$reps" >/dev/null 2>"$out/log" ||
        { cat "$out/log" >&2; exit 1; }
    callgrind_annotate --inclusive=yes "$out/cg" 2>/dev/null |
        awk 'index($0, "???:work [") { gsub(",", "", $1); print $1; exit }'
}

printf "%-9s %-6s %-8s %14s %30s\n" scenario lanes kernels "per area-d-o" "one more replication, per a-d-o"
# case: a name, the replications of the shorter run, the area-day-options of one replication,
# the arguments
cases=("gaza|200|16425|run" "example|400|2920|run $root/tests/data/example.yaml")
for c in "${cases[@]}"; do
    IFS='|' read -r name reps per args <<<"$c"
    for s in "1 default" "8 default" "8 sse2"; do
        read -r lanes isa <<<"$s"
        isa_env=""
        [ "$isa" = default ] || isa_env=$isa
        # shellcheck disable=SC2086 # the arguments are split into words on purpose
        short=$(work "$lanes" "$isa_env" "$reps" $args)
        more="-"
        if [ "$lanes" = 1 ]; then
            # shellcheck disable=SC2086
            long=$(work "$lanes" "$isa_env" $((3 * reps)) $args)
            more=$(awk -v a="$short" -v b="$long" -v r="$reps" -v p="$per" \
                'BEGIN { printf "%.1f", (b - a) / (2 * r * p) }')
        fi
        awk -v n="$name" -v l="$lanes" -v i="$isa" -v w="$short" -v r="$reps" -v p="$per" \
            -v m="$more" 'BEGIN { printf "%-9s %-6s %-8s %14.1f %30s\n", n, l, i, w / (r * p), m }'
    done
done
