#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# Runs a fuzz harness for a bounded time from the seed corpus: every built-in scenario, the
# format example and the malformed corpus of tests/bad. Fails on any crash, leak or hang.
# Usage: fuzz/run.sh HARNESS SECONDS
set -eu
harness=$1 seconds=$2
root=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir "$work/corpus"
cp "$root"/scenarios/*.yaml "$work/corpus/"
for f in "$root"/tests/bad/*.yaml; do cp "$f" "$work/corpus/"; done 2>/dev/null || true
[ -f "$root/../shared/scenarios/format-example.yaml" ] &&
    cp "$root/../shared/scenarios/format-example.yaml" "$work/corpus/"
cd "$work"
status=0
"$harness" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -max_len=65536 \
    -dict="$root/fuzz/scenario.dict" -print_final_stats=1 corpus/ 2>fuzz.log || status=$?
tail -n 15 fuzz.log
exit $status
