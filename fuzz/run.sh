#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# Runs a fuzz harness for a bounded time from its seed corpus. fuzz_scenario: every built-in
# scenario, the tests' scenarios of tests/data and the malformed corpus of tests/bad;
# fuzz_run: the same, run when valid (the built-in and test scenarios are its starting points);
# fuzz_bodies: the API's request bodies of fuzz/corpus-bodies; fuzz_report: results that the
# build's own dayafter writes for the tests' scenarios (a run, an analysis of each method) and
# a few that are not results. Fails on any crash, leak or hang.
# Usage: fuzz/run.sh HARNESS SECONDS
set -eu
harness=$1 seconds=$2
root=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir "$work/corpus"
max_len=65536
case $(basename "$harness") in
fuzz_report)
    exe=$(dirname "$harness")/../dayafter
    "$exe" run "$root/tests/browser/short_horizon.yaml" -q -n 2 -t 1 --json "$work/corpus/run.json"
    for method in sobol morris tornado; do
        "$exe" analyze "$root/tests/data/example.yaml" -q --method "$method" --metric start_day \
            -n 4 -t 1 --json "$work/corpus/$method.json" 2>/dev/null
    done
    "$exe" analyze "$root/tests/data/example.yaml" -q --method prim --where 'start_day<200' \
        -n 100 -t 1 --json "$work/corpus/prim.json" 2>/dev/null
    "$exe" analyze "$root/tests/data/example.yaml" -q --method voi --metric deployed_end \
        -n 40 -t 1 --json "$work/corpus/voi.json" 2>/dev/null
    # A name that would close the results' element and open one of its own, were it not
    # escaped (report.c's put_script_json()).
    sed 's|"scenario": *"[^"]*"|"scenario": "</script><script>alert(1)</script><!--"|' \
        "$work/corpus/run.json" >"$work/corpus/injection.json"
    printf '{}' >"$work/corpus/empty.json"
    printf 'dayafter: 1\nname: a scenario, not results\n' >"$work/corpus/scenario.json"
    dict=$root/fuzz/report.dict
    max_len=200000 # the run's JSON, of a scenario of 300 days and 2 options
    ;;
fuzz_bodies)
    cp "$root"/fuzz/corpus-bodies/* "$work/corpus/"
    dict=$root/fuzz/bodies.dict
    ;;
*)
    cp "$root"/scenarios/*.yaml "$root"/scenarios/history/*.yaml "$work/corpus/"
    for f in "$root"/tests/bad/*.yaml; do cp "$f" "$work/corpus/"; done 2>/dev/null || true
    # The tests' own scenarios (tests/data): the test scenario uses every section of the format.
    cp "$root"/tests/data/*.yaml "$work/corpus/"
    dict=$root/fuzz/scenario.dict
    ;;
esac
cd "$work"
status=0
"$harness" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -max_len="$max_len" \
    -dict="$dict" -print_final_stats=1 corpus/ 2>fuzz.log || status=$?
tail -n 15 fuzz.log
exit $status
