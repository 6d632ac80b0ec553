#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# The command line end to end, metrics: the registry, as text and as the JSON that a run
# carries. Usage: metrics.sh DAYAFTER
# shellcheck source=tests/cli/lib.sh
. "$(dirname "$0")/lib.sh" "$@"

"$exe" run "$ex" -n 20 -q --json "$tmp/t1.json"
# metrics: the registry, as text and as the JSON that a run's carries.
check metrics 0 "$exe" metrics && expect metrics "$tmp/out" '^start_day: Start day' &&
    expect metrics "$tmp/out" '^cost_total_usd: Cost \[USD; lower is better\]$' &&
    expect metrics "$tmp/out" '^bed_coverage: '
check metrics-json 0 "$exe" metrics --json
if python3 -c 'import json,sys; m = json.load(open(sys.argv[1])); r = json.load(open(sys.argv[2])); assert m["metrics"] == r["metrics"] and m["area_metrics"] == r["area_metrics"]; assert [e["id"] for e in m["metrics"]] == list(r["options"][0]["metrics"])' \
    "$tmp/out" "$tmp/t1.json"; then
    passed=$((passed + 1))
else
    echo "FAIL metrics-json: not the registry of a run's JSON, or not its metrics in order"
    failed=$((failed + 1))
fi
check metrics-extra 2 "$exe" metrics start_day && expect metrics-extra "$tmp/err" "unexpected argument 'start_day'"
check_closed metrics-closed 1 "$exe" metrics &&
    expect metrics-closed "$tmp/err" '^dayafter metrics: cannot write standard output: Bad file descriptor$'
check_closed metrics-json-closed 1 "$exe" metrics --json &&
    expect metrics-json-closed "$tmp/err" '^dayafter metrics: cannot write standard output: Bad file descriptor$'
check_broken_pipe metrics-pipe 1 "$exe" metrics &&
    expect metrics-pipe "$tmp/err" '^dayafter metrics: cannot write standard output: Broken pipe$'

finish
