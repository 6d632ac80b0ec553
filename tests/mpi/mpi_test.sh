#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Rank invariance: `mpirun -n K dayafter run|analyze` gives the same JSON, bit for bit, as one
# process, for K = 2, 3 and 4 ranks and 1 or 2 threads per rank, with replications one at a
# time or in lockstep blocks of 8 and 3 lanes, and `run --precision` the same stop and JSON for
# 2 and 3 ranks; the other ranks write nothing.
# Usage: mpi_test.sh DAYAFTER SCENARIO
set -u
exe=$1
scenario=$2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
passed=0 failed=0
# Open MPI's own allocations outlive MPI_Finalize by design; LeakSanitizer would report them as
# ours. dayafter's own paths are leak-checked by the other tests, which run without MPI.
export ASAN_OPTIONS="${ASAN_OPTIONS:-}:detect_leaks=0"
export NO_COLOR=1
mpi="mpirun --allow-run-as-root --oversubscribe"
# Replications of the runs compared: the invariance does not depend on how many, and a
# sanitizer's build, several times slower, runs fewer (DAYAFTER_SLOWDOWN, from scripts/test).
n=$((3000 / ${DAYAFTER_SLOWDOWN:-1}))

# body FILE: the JSON without the command line (which names the output file).
body() { grep -v '"command_line"' "$1"; }

same() {
    if cmp -s <(body "$2") <(body "$3"); then
        passed=$((passed + 1))
    else
        echo "FAIL $1: $(basename "$3") differs from $(basename "$2")"
        failed=$((failed + 1))
    fi
}

"$exe" run "$scenario" -q -n $n -t 2 --json "$tmp/one.json" || failed=$((failed + 1))
for k in 2 3 4; do
    for t in 1 2; do
        $mpi -n $k "$exe" run "$scenario" -q -n $n -t $t --json "$tmp/run-$k-$t.json" \
            >"$tmp/out" 2>"$tmp/err" || { cat "$tmp/err"; failed=$((failed + 1)); }
        same "run with $k ranks and $t threads" "$tmp/one.json" "$tmp/run-$k-$t.json"
    done
done
# Replications in lockstep (src/engine/lockstep.c) under ranks: blocks of 8 and of 3 lanes
# against one process running them one at a time.
DAYAFTER_LANES=1 "$exe" run "$scenario" -q -n $((n / 4)) -t 1 --json "$tmp/lanes-1.json" ||
    failed=$((failed + 1))
for lanes in 8 3; do
    $mpi -n 2 -x DAYAFTER_LANES=$lanes "$exe" run "$scenario" -q -n $((n / 4)) -t $((lanes % 2 + 1)) \
        --json "$tmp/lanes-$lanes.json" >"$tmp/out" 2>"$tmp/err" || { cat "$tmp/err"; failed=$((failed + 1)); }
    same "run with 2 ranks and $lanes lanes" "$tmp/lanes-1.json" "$tmp/lanes-$lanes.json"
done
# A run to a precision stops at the same block under any number of ranks (rank 0 decides from
# the merged medians and tells the others): the test scenario with its even chance made 0.4,
# as in tests/cli/precision_test.sh, which stops after 4 blocks of 1,000 at 25%.
sed 's/^        probability: 0\.5$/        probability: 0.4/' "$scenario" >"$tmp/s.yaml"
"$exe" run "$tmp/s.yaml" -q --precision 25 -t 2 --json "$tmp/p-one.json" || failed=$((failed + 1))
for k in 2 3; do
    $mpi -n $k "$exe" run "$tmp/s.yaml" -q --precision 25 -t 1 --json "$tmp/p-$k.json" \
        >"$tmp/out" 2>"$tmp/err" || { cat "$tmp/err"; failed=$((failed + 1)); }
    same "run --precision with $k ranks" "$tmp/p-one.json" "$tmp/p-$k.json"
done
# The table is printed once, by rank 0.
$mpi -n 3 "$exe" run "$scenario" -n 100 >"$tmp/table" 2>/dev/null
count=$(grep -c '^100 replications' "$tmp/table")
if [ "$count" -eq 1 ]; then passed=$((passed + 1)); else
    echo "FAIL the table was printed $count times by 3 ranks"
    failed=$((failed + 1))
fi
for method in sobol prim voi; do
    where=""
    [ "$method" = prim ] && where="--where cost_total_usd>3.5e9"
    # shellcheck disable=SC2086 # $where is two words or none
    "$exe" analyze "$scenario" -q --method $method --metric cost_total_usd $where -n 60 \
        --json "$tmp/a-one.json" || failed=$((failed + 1))
    # shellcheck disable=SC2086
    $mpi -n 3 "$exe" analyze "$scenario" -q --method $method --metric cost_total_usd $where \
        -n 60 -t 1 --json "$tmp/a-three.json" 2>"$tmp/err" || { cat "$tmp/err"; failed=$((failed + 1)); }
    same "analyze $method with 3 ranks" "$tmp/a-one.json" "$tmp/a-three.json"
done
# analyze --by: each point's series read on every week or area, a row a point, gathered as the
# metric is (without them the other ranks' points read 0, and every input's ST was 1.929).
for by in area week; do
    "$exe" analyze "$scenario" -q --method sobol --metric coverage --by $by -n 16 -t 1 \
        --json "$tmp/by-one.json" || failed=$((failed + 1))
    $mpi -n 3 "$exe" analyze "$scenario" -q --method sobol --metric coverage --by $by -n 16 \
        -t 1 --json "$tmp/by-three.json" 2>"$tmp/err" || { cat "$tmp/err"; failed=$((failed + 1)); }
    same "analyze sobol --by $by with 3 ranks" "$tmp/by-one.json" "$tmp/by-three.json"
done
# An error, a problem of a scenario and a listing are printed once, by rank 0 (each rank
# printed its own, interleaved), and every rank exits with the same status.
# once WHAT PATTERN FILE: FILE has exactly one line matching PATTERN.
once() {
    local count
    count=$(grep -c -- "$2" "$3")
    if [ "$count" -eq 1 ]; then passed=$((passed + 1)); else
        echo "FAIL $1 was printed $count times by 3 ranks"
        failed=$((failed + 1))
    fi
}
$mpi -n 3 "$exe" analyze "$scenario" -t 1 -q --method tornado --metric deployed_end -n 1 \
    >"$tmp/out" 2>"$tmp/err"
[ $? -eq 2 ] && passed=$((passed + 1)) || { echo "FAIL a usage error's exit status"; failed=$((failed + 1)); }
once "a usage error" '^dayafter analyze: --samples: expected' "$tmp/err"
once "a usage error's hint" "^Try 'dayafter analyze --help'" "$tmp/err"
printf 'dayafter: 1\nname: [x\n' >"$tmp/broken.yaml"
$mpi -n 3 "$exe" validate "$tmp/broken.yaml" >"$tmp/out" 2>"$tmp/err"
once "a scenario's problem" "^$tmp/broken.yaml:" "$tmp/err"
$mpi -n 3 "$exe" example --list >"$tmp/out" 2>"$tmp/err"
once "example --list" '^gaza ' "$tmp/out"
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
