#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Blocks of replications in lockstep against one at a time, scenario by scenario, each pair run
# at the same time on the two cores (bench/paired.sh), so that a noisy machine's drift falls on
# both: for each scenario and each block size, the mean and the range of the rounds' ratios of
# the block's time to one at a time's (below 1: the block is faster). A range much wider than
# 0.95-1.05 means the machine stalled a core now and then, and the row means little. The bits
# are the same for any block (docs/model.md); this chooses the default block (lockstep.h).
# Usage: bench/blocks.sh [BUILD_DIR [SCENARIO:REPLICATIONS ...]] (default: build-bench, a
# release build with link-time optimization; the two built-in scenarios, the test data's two
# and the history scenarios, each at about half a second a run). LANES (default "4 8") are the
# block sizes, ROUNDS (default 10) the rounds of each pair.
set -eu
root=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-$root/build-bench}
shift || true
# shellcheck source=bench/build.sh
. "$root/bench/build.sh"
bench_build "$build"
rounds=${ROUNDS:-10}
lanes=${LANES:-4 8}
[ $# -gt 0 ] || set -- "$root/scenarios/gaza.yaml:1000" "$root/scenarios/gaza-2026.yaml:500" \
    "$root/tests/data/example.yaml:8000" \
    "$root/tests/data/v2-example.yaml:4000" "$root/scenarios/history/kosovo-1999.yaml:1500" \
    "$root/scenarios/history/east-timor-1999.yaml:4000"
bench_machine
echo "dayafter $("$exe" --version | cut -d' ' -f2), $(git -C "$root" rev-parse --short HEAD), $rounds rounds"
printf "%-22s %8s %6s %s\n" scenario replications lanes "time against one at a time"
for case in "$@"; do
    scenario=${case%:*}
    n=${case##*:}
    for l in $lanes; do
        result=$(A_ENV=DAYAFTER_LANES=1 B_ENV=DAYAFTER_LANES=$l \
            "$root/bench/paired.sh" "$exe" "$exe" "run $scenario -q -t 1 -n $n" "$rounds")
        printf "%-22s %8s %6s %s\n" "$(basename "$scenario" .yaml)" "$n" "$l" "${result#B/A: }"
    done
done
