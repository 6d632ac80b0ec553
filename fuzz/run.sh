#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# Runs a fuzz harness for a bounded time from its seed corpus. fuzz_scenario: every built-in
# scenario, the tests' scenarios of tests/data and the malformed corpus of tests/bad;
# fuzz_run: the same, run when valid (the built-in and test scenarios are its starting points);
# fuzz_bodies: the API's request bodies of fuzz/corpus-bodies. Fails on any crash, leak or hang.
# Usage: fuzz/run.sh HARNESS SECONDS
set -eu
harness=$1 seconds=$2
root=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir "$work/corpus"
case $(basename "$harness") in
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
"$harness" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -max_len=65536 \
    -dict="$dict" -print_final_stats=1 corpus/ 2>fuzz.log || status=$?
tail -n 15 fuzz.log
exit $status
