#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# The command line end to end, analyze --method prim: the box, its quasi-p-values, the held-out
# runs and the resamples. Usage: prim.sh DAYAFTER
# shellcheck source=tests/cli/lib.sh
. "$(dirname "$0")/lib.sh" "$@"

# PRIM's box: start_day < 200 on the test scenario. Only the significant restrictions are
# printed, each with its quasi-p-value (and, for a chance, how to read it), then the box on the
# held-out runs and the inputs its resamples restrict; --rows 1 lists at most one of each. The same JSON for 1 and 2 threads.
check analyze-prim-box 0 "$exe" analyze "$ex" --method prim --where 'start_day<200' -n 300 \
    --rows 1 -t 1 --json "$tmp/p1.json" &&
    expect analyze-prim-box "$tmp/out" '^  [a-z_.0-9]* [<>]= [0-9.,]* (quasi-p [0-9.e-]*\(; it happens below [0-9.]*\)\{0,1\})$' &&
    expect analyze-prim-holdout "$tmp/out" '^  out of sample, on the 90 held out: coverage [0-9.]*%, density [0-9.]*%\.$' &&
    expect analyze-prim-stability "$tmp/out" '^How often the box of 50 bootstrap resamples restricts each input:$'
listed=$(grep -c -E '^  +([0-9.]+%  [a-z]|[a-z_.0-9]* [<>]= |[0-9.,]* <= )' "$tmp/out")
boxes=$(grep -c '^Box [0-9]' "$tmp/out")
if [ "$boxes" -ge 1 ] && [ "$listed" -le $((3 * boxes)) ]; then
    passed=$((passed + 1))
else
    echo "FAIL analyze-prim-rows: --rows 1 listed $listed lines for $boxes boxes"
    failed=$((failed + 1))
fi
check analyze-prim-threads 0 "$exe" analyze "$ex" --method prim --where 'start_day<200' -n 300 \
    -q -t 2 --json "$tmp/p2.json"
if cmp -s "$tmp/p1.json" "$tmp/p2.json"; then
    passed=$((passed + 1))
else
    echo "FAIL analyze-prim-threads: the JSON differs between 1 and 2 threads"
    failed=$((failed + 1))
fi
if /usr/bin/python3 -c 'import json,jsonschema,sys; d = json.load(open(sys.argv[1])); jsonschema.validate(d, json.load(open(sys.argv[2]))); b = d["boxes"][0]; assert d["holdout"]["points"] == 90 and d["training"]["points"] == 210; assert 0 < b["chosen"] < len(b["trajectory"]); assert [r["input"] for r in b["restrictions"]] == list(b["limits"])' \
    "$tmp/p1.json" "$root/docs/schema/analyze-output.schema.json" 2>/dev/null; then
    passed=$((passed + 1))
else
    echo "FAIL analyze-prim-box-schema: the JSON of a box does not follow analyze-output.schema.json"
    failed=$((failed + 1))
fi
check analyze-prim-no-holdout 0 "$exe" analyze "$ex" --method prim --where 'start_day<200' -n 300 \
    --holdout 0 --box 3 &&
    expect analyze-prim-no-holdout "$tmp/out" '^Box 1, step 3 of the [0-9]* on its peeling trajectory (--box), pasted:'
reject analyze-prim-no-holdout "$tmp/out" 'held out' "--holdout 0 still speaks of runs held out"
check analyze-bad-holdout 2 "$exe" analyze "$ex" --method prim --where 'start_day<200' --holdout 0.95 &&
    expect analyze-bad-holdout "$tmp/err" "^dayafter analyze: --holdout: expected a share from 0 to 0.9, found '0.95'$"
# Decimal only: hexadecimal was read by strtod() (0x0.8 is 0.5).
check analyze-hex-holdout 2 "$exe" analyze "$ex" --method prim --where 'start_day<200' --holdout 0x0.8 &&
    expect analyze-hex-holdout "$tmp/err" "^dayafter analyze: --holdout: expected a share from 0 to 0.9, found '0x0.8'$"
check analyze-hex-where 2 "$exe" analyze "$ex" --method prim --where 'start_day<0xC8' &&
    expect analyze-hex-where "$tmp/err" "^dayafter analyze: --where: expected METRIC>X (or >=, <, <=) with a number X, found 'start_day<0xC8'$"
check analyze-bad-box 2 "$exe" analyze "$ex" --method prim --where 'start_day<200' --box 0 &&
    expect analyze-bad-box "$tmp/err" "^dayafter analyze: --box: expected a whole number from 1 to 1000000, found '0'$"
check analyze-box-not-prim 2 "$exe" analyze "$ex" --method sobol --metric start_day --box 2 &&
    expect analyze-box-not-prim "$tmp/err" '^dayafter analyze: --box and --holdout go with --method prim$'
check analyze-prim-no-where 2 "$exe" analyze "$ex" --method prim &&
    expect analyze-prim-no-where "$tmp/err" "^dayafter analyze: prim needs the cases of interest: give --where 'METRIC>X' (or >=, <, <=)$"
check analyze-bad-where 2 "$exe" analyze "$ex" --method prim --where 'cost=3' &&
    expect analyze-bad-where "$tmp/err" "^dayafter analyze: --where: expected METRIC>X (or >=, <, <=) with a number X, found 'cost=3'$"
check analyze-where-not-prim 2 "$exe" analyze "$ex" --method sobol --metric start_day --where 'start_day>3' &&
    expect analyze-where-not-prim "$tmp/err" '^dayafter analyze: --where goes with --method prim$'

# Where no run meets the condition, or every run does, there is nothing to find, and PRIM says
# so in place of a box; it said "No box of inputs holds them more densely than the runs as a
# whole", as if it had looked, after the runs it would have found them on. The JSON has no box
# and follows the schema.
check analyze-prim-no-case 0 "$exe" analyze "$ex" --method prim --where 'cost_total_usd>1e30' -n 200 -t 1 \
    --json "$tmp/none.json" &&
    says analyze-prim-no-case "$tmp/out" 'Cases of interest (cost_total_usd > $1e30): 0 of 200 runs (0%) No run meets the condition: there is nothing to find, no box of inputs that sets the runs where it holds apart from the others.' &&
    reject analyze-prim-no-case-box "$tmp/out" 'No box of inputs\|held out\|^Box ' "the runs' split or a box spoken of where there is nothing to find"
check analyze-prim-every-case 0 "$exe" analyze "$one" --method prim --where 'deployed_end>=0' -n 200 -t 1 \
    --json "$tmp/every.json" &&
    says analyze-prim-every-case "$tmp/out" 'Cases of interest (deployed_end >= 0): 200 of 200 runs (100%) Every run meets the condition: there is nothing to find, no box of inputs that sets the runs where it holds apart from the others.' &&
    reject analyze-prim-every-case-box "$tmp/out" 'No box of inputs\|held out\|^Box ' "the runs' split or a box spoken of where there is nothing to find"
if /usr/bin/python3 -c 'import json,jsonschema,sys
schema = json.load(open(sys.argv[3]))
for f, cases in ((sys.argv[1], 0), (sys.argv[2], 200)):
    d = json.load(open(f)); jsonschema.validate(d, schema)
    assert d["cases"] == cases and d["boxes"] == [] and d["samples"] == 200, (f, d["cases"], d["boxes"])' \
    "$tmp/none.json" "$tmp/every.json" "$root/docs/schema/analyze-output.schema.json"; then
    passed=$((passed + 1))
else
    echo "FAIL analyze-prim-nothing-json: the JSON of nothing to find is not valid, or has a box"
    failed=$((failed + 1))
fi

# --box past the end of the first box's peeling trajectory, which is known only once the runs
# are done, is refused then (status 2) with the steps there are; its last step is taken.
steps=$(python3 -c 'import json,sys; print(len(json.load(open(sys.argv[1]))["boxes"][0]["trajectory"]) - 1)' "$tmp/p1.json")
check analyze-prim-last-box 0 "$exe" analyze "$ex" --method prim --where 'start_day<200' -n 300 \
    -t 1 --box "$steps" &&
    expect analyze-prim-last-box "$tmp/out" "^Box 1, step $steps of the $steps on its peeling trajectory (--box), pasted:"
check analyze-prim-box-beyond 2 "$exe" analyze "$ex" --method prim --where 'start_day<200' -n 300 \
    -t 1 -q --box $((steps + 1)) --json "$tmp/beyond.json" &&
    expect analyze-prim-box-beyond "$tmp/err" "^dayafter analyze: --box $((steps + 1)): the first box's peeling trajectory has $steps steps; give --box from 1 to $steps$"
[ ! -e "$tmp/beyond.json" ] && passed=$((passed + 1)) ||
    { echo "FAIL analyze-prim-box-beyond: wrote results of another box"; failed=$((failed + 1)); }

finish
