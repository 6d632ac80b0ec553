#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# End-to-end tests of the command line: exit statuses, help, version, standard input, the
# built-in scenarios, and the messages a user sees. Usage: cli_test.sh DAYAFTER
set -u
exe=$1
root=${DAYAFTER_SOURCE_ROOT:?}
export NO_COLOR=1
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
passed=0 failed=0

# check NAME EXPECTED_STATUS COMMAND...: runs COMMAND, keeps stdout and stderr in $tmp.
check() {
    local name=$1 want=$2
    shift 2
    "$@" >"$tmp/out" 2>"$tmp/err"
    local got=$?
    if [ "$got" -ne "$want" ]; then
        echo "FAIL $name: exit status $got, expected $want"
        sed 's/^/  stderr: /' "$tmp/err" | head -5
        failed=$((failed + 1))
        return 1
    fi
    passed=$((passed + 1))
    return 0
}

# expect NAME FILE PATTERN: FILE ($tmp/out or $tmp/err) matches the grep pattern.
expect() {
    if grep -q -- "$3" "$2"; then
        passed=$((passed + 1))
    else
        echo "FAIL $1: no line matches '$3' in $(basename "$2"):"
        sed 's/^/  /' "$2" | head -10
        failed=$((failed + 1))
    fi
}

check version 0 "$exe" --version && expect version "$tmp/out" '^dayafter [0-9]*\.[0-9]*\.[0-9]*$'
check help 0 "$exe" --help && expect help "$tmp/out" '^  validate '
check no-command 2 "$exe" && expect no-command "$tmp/err" '^Usage: dayafter COMMAND'
check unknown-command 2 "$exe" frobnicate &&
    expect unknown-command "$tmp/err" "^dayafter: unknown command 'frobnicate'"
for cmd in run analyze report metrics validate example serve; do
    check "help-$cmd" 0 "$exe" "$cmd" --help && expect "help-$cmd" "$tmp/out" "^Usage: dayafter $cmd"
    check "bad-option-$cmd" 2 "$exe" "$cmd" --frobnicate &&
        expect "bad-option-$cmd" "$tmp/err" "^dayafter $cmd: unknown option '--frobnicate'"
done

# example
check example-list 0 "$exe" example --list
expect example-list "$tmp/out" '^gaza  *Gaza, the 2024 proposal$'
expect example-list "$tmp/out" '^gaza-2026  *Gaza after resolution 2803'
expect example-list "$tmp/out" '^kosovo-1999  *Kosovo 1999: KFOR and UNMIK (hindcast)$'
expect example-list "$tmp/out" '^east-timor-1999 East Timor 1999: INTERFET (hindcast)$'
check example-default 0 "$exe" example && cmp -s "$tmp/out" "$root/scenarios/gaza.yaml" &&
    passed=$((passed + 1)) || { echo "FAIL example-default: not scenarios/gaza.yaml"; failed=$((failed + 1)); }
check example-2026 0 "$exe" example gaza-2026 && cmp -s "$tmp/out" "$root/scenarios/gaza-2026.yaml" &&
    passed=$((passed + 1)) || { echo "FAIL example-2026: not scenarios/gaza-2026.yaml"; failed=$((failed + 1)); }
# The hindcasts (docs/validation.md): compiled in as written, valid with their observations,
# and they run, scoring themselves against the record.
for name in kosovo-1999 east-timor-1999; do
    check "example-$name" 0 "$exe" example "$name" &&
        cmp -s "$tmp/out" "$root/scenarios/history/$name.yaml" &&
        passed=$((passed + 1)) || { echo "FAIL example-$name: not scenarios/history/$name.yaml"; failed=$((failed + 1)); }
    check "validate-$name" 0 "$exe" validate "$root/scenarios/history/$name.yaml" &&
        expect "validate-$name" "$tmp/out" "$name.yaml: valid: "
    check "run-$name" 0 "$exe" run "$root/scenarios/history/$name.yaml" -n 200 &&
        expect "run-$name" "$tmp/out" '^Against the record'
done
check example-unknown 2 "$exe" example atlantis &&
    expect example-unknown "$tmp/err" "no built-in scenario 'atlantis'"

# validate
ex="$root/tests/data/example.yaml"
check validate-example 0 "$exe" validate "$ex" &&
    expect validate-example "$tmp/out" 'example.yaml: valid: Test scenario, two districts (2 areas, 5 milestones, 2 options, 3 donors; 20 uncertain inputs, 6 of them chances)'
check validate-quiet 0 "$exe" validate --quiet "$ex" && [ ! -s "$tmp/out" ] &&
    passed=$((passed + 1)) || { echo "FAIL validate-quiet: printed something"; failed=$((failed + 1)); }
check validate-summary 0 "$exe" validate --summary "$ex" &&
    expect validate-summary "$tmp/out" '^Milestones (5)$' &&
    expect validate-summary "$tmp/out" 'partner_a  *contingent of 5,000 from EG, probability 70%'
check validate-stdin 0 "$exe" validate - <"$ex" && expect validate-stdin "$tmp/out" '^-: valid: '
"$exe" example gaza-2026 >"$tmp/g.yaml"
check validate-builtin 0 "$exe" validate "$tmp/g.yaml" "$root/scenarios/gaza.yaml"
check validate-none 2 "$exe" validate && expect validate-none "$tmp/err" 'no scenario file given'
check validate-missing 2 "$exe" validate "$tmp/nope.yaml" &&
    expect validate-missing "$tmp/err" "nope.yaml:1:1: cannot open the file: No such file or directory"
printf 'dayafter: 1\nname: [x\n' >"$tmp/broken.yaml"
check validate-mixed 2 "$exe" validate "$ex" "$tmp/broken.yaml" &&
    expect validate-mixed "$tmp/out" 'example.yaml: valid' &&
    expect validate-mixed "$tmp/err" 'broken.yaml:3:1: YAML syntax error'
printf 'name: [x\n' | { check validate-stdin-bad 2 "$exe" validate - &&
    expect validate-stdin-bad "$tmp/err" '^<stdin>:2:1: YAML syntax error'; }
# The problem's line and a caret under what it is about (--context, or a terminal), from the
# text the loader kept: standard input cannot be read again. A pipe without --context gets
# the message lines alone, for scripts and editors.
sed 's/^seed: .*/seed: -1/' "$ex" >"$tmp/seed.yaml"
seed_line=$(grep -n '^seed: -1$' "$tmp/seed.yaml" | cut -d: -f1)
printf '<stdin>:%s:7: seed: expected a whole number from 0 to 18446744073709551615, found -1\n  seed: -1\n        ^~\n' \
    "$seed_line" >"$tmp/want"
check validate-context-stdin 2 "$exe" validate --context - <"$tmp/seed.yaml" &&
    { cmp -s "$tmp/want" "$tmp/err" && passed=$((passed + 1)) ||
        { echo "FAIL validate-context-stdin:"; diff "$tmp/want" "$tmp/err"; failed=$((failed + 1)); }; }
check validate-no-context-in-pipes 2 "$exe" validate - <"$tmp/seed.yaml" &&
    { [ "$(wc -l <"$tmp/err")" -eq 1 ] && passed=$((passed + 1)) ||
        { echo "FAIL validate-no-context-in-pipes: more than the message"; failed=$((failed + 1)); }; }
printf 'dayafter: 1\r\nname: x\r\nbogus_key: 1\r\n' >"$tmp/crlf.yaml"
check validate-context-crlf 2 "$exe" validate --context "$tmp/crlf.yaml" &&
    expect validate-context-crlf "$tmp/err" '^  bogus_key: 1$' &&
    expect validate-context-crlf "$tmp/err" '^  ^~~~~~~~~$'
check validate-dir 2 "$exe" validate "$tmp" && expect validate-dir "$tmp/err" 'cannot read the file: Is a directory'
head -c 17000000 /dev/zero | tr '\0' '#' >"$tmp/huge.yaml"
check validate-huge 2 "$exe" validate "$tmp/huge.yaml" &&
    expect validate-huge "$tmp/err" 'huge.yaml:1:1: the file is too large (17000000 bytes)'

# A user's scenario with five different mistakes gets five located messages.
cd "$root/tests/bad" && check five-mistakes 2 "$exe" validate five-mistakes.yaml
lines=$(wc -l <"$tmp/err")
if [ "$lines" -eq 5 ] && [ "$(grep -c '^five-mistakes.yaml:[0-9]*:[0-9]*: ' "$tmp/err")" -eq 5 ]; then
    passed=$((passed + 1))
else
    echo "FAIL five-mistakes: expected 5 located messages, got:"
    cat "$tmp/err"
    failed=$((failed + 1))
fi
cd - >/dev/null || exit 1

# run
check run-default 0 env COLUMNS=200 "$exe" run -n 300 &&
    expect run-default "$tmp/out" '^Gaza, the 2024 proposal$' &&
    expect run-default "$tmp/out" '^  *pa_force  *multinational  *hybrid' &&
    expect run-default "$tmp/out" '^Starts within the horizon' &&
    expect run-default "$tmp/out" '^  paid by us_dod' &&
    expect run-default "$tmp/out" '^Water gap, person-days' &&
    expect run-default "$tmp/out" '^The long pole'
check run-file 0 "$exe" run -n 100 "$ex" && expect run-file "$tmp/out" '^Test scenario, two districts$'
check run-stdin 0 "$exe" run -n 50 -q - <"$ex" && [ ! -s "$tmp/out" ] &&
    passed=$((passed + 1)) || { echo "FAIL run-stdin: --quiet printed something"; failed=$((failed + 1)); }
check run-bad 2 "$exe" run "$tmp/broken.yaml"
check run-two-files 2 "$exe" run "$ex" "$ex"
check run-n-zero 2 "$exe" run -n 0 && expect run-n-zero "$tmp/err" "replications: expected a whole number from 1"
check run-n-word 2 "$exe" run -n many && expect run-n-word "$tmp/err" "found 'many'"
check run-threads-zero 2 "$exe" run -t 0 && expect run-threads-zero "$tmp/err" "threads: expected a whole number from 1 to 256"
check run-seed-negative 2 "$exe" run --seed -1 && expect run-seed-negative "$tmp/err" "seed: expected a whole number"
check run-json-missing-value 2 "$exe" run --json && expect run-json-missing-value "$tmp/err" "option '--json' needs a value"

# The same seed gives the same JSON for 1, 2 and 4 threads (the command line aside); another
# seed gives other numbers.
for t in 1 2 4; do
    check "run-threads-$t" 0 "$exe" run "$ex" -n 400 -t "$t" -q --json "$tmp/t$t.json"
    grep -v '"command_line"' "$tmp/t$t.json" >"$tmp/t$t.body"
done
if cmp -s "$tmp/t1.body" "$tmp/t2.body" && cmp -s "$tmp/t1.body" "$tmp/t4.body"; then
    passed=$((passed + 1))
else
    echo "FAIL run-thread-invariance: JSON differs between thread counts"
    failed=$((failed + 1))
fi
check run-other-seed 0 "$exe" run "$ex" -n 400 -q --seed 8 --json "$tmp/s8.json"
grep -v '"command_line"' "$tmp/s8.json" >"$tmp/s8.body"
if ! cmp -s "$tmp/t1.body" "$tmp/s8.body" && grep -q '"seed": 8,' "$tmp/s8.json"; then
    passed=$((passed + 1))
else
    echo "FAIL run-other-seed: seed 8 gave the same results as seed 7"
    failed=$((failed + 1))
fi
if /usr/bin/python3 -c 'import jsonschema' 2>/dev/null; then
    if /usr/bin/python3 -c 'import json,jsonschema,sys; jsonschema.validate(json.load(open(sys.argv[1])), json.load(open(sys.argv[2])))' \
        "$tmp/t1.json" "$root/docs/schema/run-output.schema.json"; then
        passed=$((passed + 1))
    else
        echo "FAIL run-json-schema: the JSON does not follow run-output.schema.json"
        failed=$((failed + 1))
    fi
fi
check run-json-stdout 0 "$exe" run "$ex" -n 20 --json - && expect run-json-stdout "$tmp/out" '^  "dayafter": "'
check run-deterministic 0 "$exe" run "$ex" --deterministic --csv "$tmp/csv" -q &&
    expect run-deterministic "$tmp/csv/metrics.csv" '^local_force,deployed_day365,3911.39' &&
    expect run-deterministic "$tmp/csv/criticality.csv" '^multinational,partners_commit,1$'
# Output paths are checked before the run: a hundred million replications would not end
# within the test's time.
check run-csv-unwritable 2 "$exe" run "$ex" -n 100000000 -q --csv /proc/nonexistent/dir &&
    expect run-csv-unwritable "$tmp/err" '^dayafter run: cannot write /proc/nonexistent/dir: '
check run-csv-not-a-dir 2 "$exe" run "$ex" -n 100000000 -q --csv "$ex" &&
    expect run-csv-not-a-dir "$tmp/err" 'Not a directory$'
check run-json-is-a-dir 2 "$exe" run "$ex" -n 100000000 -q --json "$tmp" &&
    expect run-json-is-a-dir "$tmp/err" "^dayafter run: cannot write $tmp: Is a directory$"
check run-csv-new-dir 0 "$exe" run "$ex" -n 10 -q --csv "$tmp/new-csv" &&
    expect run-csv-new-dir "$tmp/new-csv/metrics.csv" '^option,metric,mean,p10,p50,p90,n,unit$'
check analyze-json-unwritable 2 "$exe" analyze "$ex" --method sobol --metric start_day \
    -n 100000000 -q --json /proc/nonexistent/a.json &&
    expect analyze-json-unwritable "$tmp/err" '^dayafter analyze: cannot write /proc/nonexistent/a.json: '
check run-deterministic-n 2 "$exe" run "$ex" --deterministic -n 100 &&
    expect run-deterministic-n "$tmp/err" '^dayafter run: --deterministic runs one replication at the central values: give it without -n$'

# Correlated inputs: the same JSON for 1 and 2 threads, and other numbers than without them.
{ cat "$ex"; printf 'correlations:\n  - between: [milestones.ceasefire.delay_days, milestones.approval.delay_days]\n    rank: 0.8\n'; } >"$tmp/corr.yaml"
check run-correlated-1 0 "$exe" run "$tmp/corr.yaml" -n 300 -q -t 1 --json "$tmp/c1.json"
check run-correlated-2 0 "$exe" run "$tmp/corr.yaml" -n 300 -q -t 2 --json "$tmp/c2.json"
"$exe" run "$ex" -n 300 -q --json "$tmp/c0.json" 2>/dev/null
grep -v '"command_line"' "$tmp/c1.json" >"$tmp/c1.body"
grep -v '"command_line"' "$tmp/c2.json" >"$tmp/c2.body"
if cmp -s "$tmp/c1.body" "$tmp/c2.body" &&
    ! cmp -s <(grep '"p50"' "$tmp/c1.json" | head -5) <(grep '"p50"' "$tmp/c0.json" | head -5); then
    passed=$((passed + 1))
else
    echo "FAIL run-correlated: not the same JSON for 1 and 2 threads, or the same as without correlations"
    failed=$((failed + 1))
fi

# The HTML report: from a run, and from saved results; bad results are located, exit 2.
check run-report 0 "$exe" run "$ex" -n 20 -q --json "$tmp/r.json" --report "$tmp/r.html" &&
    expect run-report "$tmp/r.html" '^<meta http-equiv="Content-Security-Policy" content="default-src '"'"'none'"'"';' &&
    expect run-report "$tmp/r.html" '<script id="dayafter-results" type="application/json">{"dayafter":'
check report-from-json 0 "$exe" report "$tmp/r.json" -o "$tmp/r2.html" &&
    expect report-from-json "$tmp/r2.html" '^<title>Test scenario, two districts - dayafter report</title>$'
check report-stdin-stdout 0 "$exe" report - -o - <"$tmp/r.json" &&
    expect report-stdin-stdout "$tmp/out" '^<!DOCTYPE html>$'
printf '{"dayafter": "0.1.0",\n  "options": [1, 2,]\n}\n' >"$tmp/bad.json"
check report-bad-json 2 "$exe" report "$tmp/bad.json" -o "$tmp/bad.html" &&
    expect report-bad-json "$tmp/err" "^$tmp/bad.json:2:20: unexpected token near ']'$"
[ ! -e "$tmp/bad.html" ] && passed=$((passed + 1)) || {
    echo "FAIL report-bad-json: a report was left behind"
    failed=$((failed + 1))
}
echo '{"scenario": "x"}' >"$tmp/other.json"
check report-not-results 2 "$exe" report "$tmp/other.json" -o "$tmp/o.html" &&
    expect report-not-results "$tmp/err" "^$tmp/other.json:1:1: not the results of dayafter run --json: no \"dayafter\" version$"
check report-missing 2 "$exe" report "$tmp/none.json" -o "$tmp/o.html" &&
    expect report-missing "$tmp/err" "^$tmp/none.json: cannot read: No such file or directory$"
check report-no-output 2 "$exe" report "$tmp/r.json" &&
    expect report-no-output "$tmp/err" '^dayafter report: no output file: give -o FILE.html$'
check report-two-inputs 2 "$exe" report "$tmp/r.json" "$tmp/r.json" -o "$tmp/o.html"
# Checked before the run: a hundred million replications would not end within the test's time.
check run-report-unwritable 2 "$exe" run "$ex" -n 100000000 -q --report /proc/nonexistent/r.html &&
    expect run-report-unwritable "$tmp/err" '^dayafter run: cannot write /proc/nonexistent/r.html: '
# A run beyond what dayafter computes fails cleanly (status 1, the same message for any
# threads), and more replications than a run takes is bad usage.
beyond="$root/tests/cli/beyond-what-a-run-computes.yaml"
for t in 1 2; do
    check "run-numeric-t$t" 1 "$exe" run "$beyond" -q -t "$t" -n 50 --json "$tmp/never.json" &&
        expect "run-numeric-t$t" "$tmp/err" "^dayafter run: 50 of 50 replications gave no finite value for unfunded_usd of option 'o' (infinite, not a number, or beyond 10^18): the scenario's numbers are beyond what the model can compute; see docs/scenario.md, \"Ranges\"$"
done
check analyze-numeric 1 "$exe" analyze "$beyond" --method tornado --metric unfunded_usd -n 4 -q &&
    expect analyze-numeric "$tmp/err" "^dayafter analyze: 12 of 12 points gave no finite value for unfunded_usd of option 'o' (infinite, not a number, or beyond 10^18)"
[ ! -e "$tmp/never.json" ] && passed=$((passed + 1)) ||
    { echo "FAIL run-numeric: wrote results"; failed=$((failed + 1)); }
check run-too-many 2 "$exe" run "$ex" -n 100000001 -q &&
    expect run-too-many "$tmp/err" "^dayafter run: --replications: expected a whole number from 1 to 100000000, found '100000001'$"
check report-help 0 "$exe" report --help && expect report-help "$tmp/out" '^Usage: dayafter report RESULTS.json -o FILE.html$'

# analyze: the three methods on the test scenario, the JSON by its schema, bad usage.
for method in sobol morris tornado; do
    check "analyze-$method" 0 "$exe" analyze "$ex" --method "$method" --metric cost_total_usd -n 4 \
        --json "$tmp/a-$method.json" --rows 3 &&
        expect "analyze-$method" "$tmp/out" "^Test scenario, two districts: $method of cost_total_usd for option local_force$"
    if /usr/bin/python3 -c 'import json,jsonschema,sys; jsonschema.validate(json.load(open(sys.argv[1])), json.load(open(sys.argv[2])))' \
        "$tmp/a-$method.json" "$root/docs/schema/analyze-output.schema.json" 2>/dev/null; then
        passed=$((passed + 1))
    else
        echo "FAIL analyze-$method-schema: the JSON does not follow analyze-output.schema.json"
        failed=$((failed + 1))
    fi
done
check analyze-no-method 2 "$exe" analyze "$ex" --metric start_day &&
    expect analyze-no-method "$tmp/err" '^dayafter analyze: no method: give --method sobol, morris, tornado, prim or voi$'
check analyze-bad-method 2 "$exe" analyze "$ex" --method magic --metric start_day &&
    expect analyze-bad-method "$tmp/err" "^dayafter analyze: --method: expected sobol, morris, tornado, prim or voi, found 'magic'$"
check analyze-no-metric 2 "$exe" analyze "$ex" --method sobol &&
    expect analyze-no-metric "$tmp/err" '^dayafter analyze: no metric: give --metric NAME, one of: start_day, '
check analyze-bad-metric 2 "$exe" analyze "$ex" --method sobol --metric speed &&
    expect analyze-bad-metric "$tmp/err" "^dayafter analyze: unknown metric 'speed' (metrics: start_day, deployed_day365, .*, build_short_of_materials)$"
check analyze-bad-option 2 "$exe" analyze "$ex" --method sobol --metric start_day --option nobody &&
    expect analyze-bad-option "$tmp/err" "^dayafter analyze: unknown option 'nobody' (options: local_force, multinational)$"
check analyze-bad-where-metric 2 "$exe" analyze "$ex" --method prim --where 'speed>3' &&
    expect analyze-bad-where-metric "$tmp/err" "^dayafter analyze: unknown metric 'speed' (metrics: "
check analyze-bad-samples 2 "$exe" analyze "$ex" --method sobol --metric start_day -n 1
check analyze-prim 0 "$exe" analyze "$ex" --method prim --where 'cost_total_usd>=1e9' -n 200 \
    --json "$tmp/a-prim.json" &&
    expect analyze-prim "$tmp/out" '^Cases of interest (cost_total_usd >= \$1bn): [0-9]* of 200 runs'
if /usr/bin/python3 -c 'import json,jsonschema,sys; d = json.load(open(sys.argv[1])); jsonschema.validate(d, json.load(open(sys.argv[2]))); assert d["method"] == "prim" and "boxes" in d' \
    "$tmp/a-prim.json" "$root/docs/schema/analyze-output.schema.json" 2>/dev/null; then
    passed=$((passed + 1))
else
    echo "FAIL analyze-prim-schema: the JSON does not follow analyze-output.schema.json"
    failed=$((failed + 1))
fi
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
if grep -q 'held out' "$tmp/out"; then
    echo "FAIL analyze-prim-no-holdout: --holdout 0 still speaks of runs held out"
    failed=$((failed + 1))
else
    passed=$((passed + 1))
fi
check analyze-bad-holdout 2 "$exe" analyze "$ex" --method prim --where 'start_day<200' --holdout 0.95 &&
    expect analyze-bad-holdout "$tmp/err" "^dayafter analyze: --holdout: expected a share from 0 to 0.9, found '0.95'$"
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

# analyze: groups of inputs, and the warnings of a small sample (the numbers: test_groups.c,
# test_sample_size.c).
check analyze-groups 0 "$exe" analyze "$ex" --method sobol --metric start_day -n 8 -q \
    --group 'approval=milestones.approval.*' --group 'chances=*.occurs,*.joins' --json "$tmp/a-groups.json"
if /usr/bin/python3 -c 'import json,jsonschema,sys; d = json.load(open(sys.argv[1])); jsonschema.validate(d, json.load(open(sys.argv[2])))
g = {x["name"]: x["inputs"] for x in d["groups"]}
assert sorted(g) == ["approval", "chances"], g
assert g["approval"] == ["milestones.approval.delay_days", "milestones.approval.occurs"], g
assert len(g["chances"]) == 6 and d["evaluations"] == 8 * (20 + 2 + 2), d["evaluations"]
assert d["recommended_samples"] >= 64 and any(w["kind"] == "small" for w in d["warnings"])' \
    "$tmp/a-groups.json" "$root/docs/schema/analyze-output.schema.json"; then
    passed=$((passed + 1))
else
    echo "FAIL analyze-groups-json: the groups or warnings are not what --group asked"
    failed=$((failed + 1))
fi
expect analyze-groups-warn "$tmp/err" '^dayafter analyze: warning: -n 8 is too small: below 64 base samples the intervals themselves cannot be trusted; use -n 64 or more$'
check analyze-group-no-match 2 "$exe" analyze "$ex" --method sobol --metric start_day -n 8 -q \
    --group 'x=milestones.nothing.*' &&
    expect analyze-group-no-match "$tmp/err" "^dayafter analyze: --group 'x': no uncertain input matches 'milestones.nothing.\\*' (inputs are named by their paths, as analyze --json lists them)$"
check analyze-group-no-equals 2 "$exe" analyze "$ex" --method sobol --metric start_day -n 8 -q --group x &&
    expect analyze-group-no-equals "$tmp/err" "^dayafter analyze: --group 'x': expected NAME=PATTERN\\[,PATTERN...\\], a pattern being an input's path with '\\*' for any text$"
check analyze-group-twice 2 "$exe" analyze "$ex" --method sobol --metric start_day -n 8 -q \
    --group 'x=*.occurs' --group 'x=*.joins' &&
    expect analyze-group-twice "$tmp/err" "^dayafter analyze: --group 'x': a group of that name is given twice$"
check analyze-by-week 0 "$exe" analyze "$ex" --method sobol --metric deployed --by week -n 8 -q \
    --csv "$tmp/by.csv" --json "$tmp/by.json"
if /usr/bin/python3 -c 'import csv,json,jsonschema,sys; d = json.load(open(sys.argv[1])); jsonschema.validate(d, json.load(open(sys.argv[2])))
rows = list(csv.DictReader(open(sys.argv[3])))
weeks = len(d["by"]["outputs"])
assert weeks == (730 + 6) // 7 and len(rows) == weeks * (20 + len(d["groups"])), (weeks, len(rows))
assert rows[0]["by"] == "week" and rows[0]["day"] == "0" and rows[-1]["output"] == str(weeks - 1)
first = [r for r in rows if r["kind"] == "input" and r["name"] == d["by"]["inputs"][0]["name"]]
js = d["by"]["inputs"][0]["ST"]
assert len(first) == weeks and all(abs(float(r["ST"]) - x) <= 1e-9 * max(1, abs(x)) for r, x in zip(first, js))' \
    "$tmp/by.json" "$root/docs/schema/analyze-output.schema.json" "$tmp/by.csv"; then
    passed=$((passed + 1))
else
    echo "FAIL analyze-by-week-files: the JSON or the CSV of --by week is not what it should be"
    failed=$((failed + 1))
fi
check analyze-by-not-series 2 "$exe" analyze "$ex" --method sobol --metric start_day --by area &&
    expect analyze-by-not-series "$tmp/err" "^dayafter analyze: --by area needs a weekly series as --metric, one of: deployed, coverage, security, water_coverage, food_coverage, displaced; found 'start_day'$"
check analyze-by-bad 2 "$exe" analyze "$ex" --method sobol --metric deployed --by month &&
    expect analyze-by-bad "$tmp/err" "^dayafter analyze: --by: expected week or area, found 'month'$"
check analyze-by-not-sobol 2 "$exe" analyze "$ex" --method tornado --metric deployed --by week &&
    expect analyze-by-not-sobol "$tmp/err" '^dayafter analyze: --by goes with --method sobol: the other methods give no indices per week or area$'
check analyze-group-not-sobol 2 "$exe" analyze "$ex" --method morris --metric start_day --group 'x=*' &&
    expect analyze-group-not-sobol "$tmp/err" '^dayafter analyze: --group goes with --method sobol or voi: the other methods give no group indices$'
# analyze --method voi: the choice between every option; its JSON by the schema; bad usage.
check analyze-voi 0 "$exe" analyze "$ex" --method voi --metric deployed_end -n 200 \
    --json "$tmp/a-voi.json" --rows 3 &&
    expect analyze-voi "$tmp/out" "^Test scenario, two districts: the value of information for the choice between 2$" &&
    expect analyze-voi "$tmp/out" "^Chosen now: [a-z_]*, the best mean\.$"
if /usr/bin/python3 -c 'import json,jsonschema,sys; d = json.load(open(sys.argv[1])); jsonschema.validate(d, json.load(open(sys.argv[2]))); assert d["method"] == "voi" and d["option"] == d["chosen_now"] and len(d["options"]) == 2 and d["evpi"] >= 0 and all("evppi" in i and "chosen" in i for i in d["inputs"])' \
    "$tmp/a-voi.json" "$root/docs/schema/analyze-output.schema.json" 2>/dev/null; then
    passed=$((passed + 1))
else
    echo "FAIL analyze-voi-schema: the JSON does not follow analyze-output.schema.json"
    failed=$((failed + 1))
fi
check analyze-voi-option 2 "$exe" analyze "$ex" --method voi --metric deployed_end --option multinational &&
    expect analyze-voi-option "$tmp/err" '^dayafter analyze: --option does not go with --method voi, which compares every option$'
check analyze-voi-one-option 2 "$exe" analyze "$beyond" --method voi --metric deployed_end &&
    expect analyze-voi-one-option "$tmp/err" "^dayafter analyze: --method voi compares the options, and the scenario has one ('o'): there is no choice to inform$"
check analyze-voi-no-metric 2 "$exe" analyze "$ex" --method voi &&
    expect analyze-voi-no-metric "$tmp/err" '^dayafter analyze: no metric: give --metric NAME, one of: start_day, '

# Help: every command's, complete and within 80 columns; the commands' list names them all.
for cmd in "" run analyze report metrics validate example serve; do
    # shellcheck disable=SC2086 # $cmd is one word or none
    check "help-width-${cmd:-dayafter}" 0 "$exe" $cmd --help
    wide=$(awk 'length($0) > 80' "$tmp/out")
    if [ -z "$wide" ] && grep -q '^Usage: dayafter' "$tmp/out"; then
        passed=$((passed + 1))
    else
        echo "FAIL help-width-${cmd:-dayafter}: lines over 80 columns, or no usage:"
        echo "$wide" | head -3
        failed=$((failed + 1))
    fi
done
"$exe" --help >"$tmp/help"
for cmd in run analyze report metrics validate example serve; do
    expect "help-lists-$cmd" "$tmp/help" "^  $cmd "
done
expect help-lists-prim "$tmp/help" 'prim'
check report-help-analysis 0 "$exe" report --help &&
    expect report-help-analysis "$tmp/out" "an analysis's, from 'dayafter analyze"

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

# The table at 60, 80, 120 and 200 columns, of both built-in scenarios and of five options
# with long ids: no line wider, and every number the JSON's as the formats write it
# (check_table.py parses them back).
"$exe" example gaza-2026 >"$tmp/gaza-2026.yaml"
for scenario in gaza "$tmp/gaza-2026.yaml" "$root/tests/cli/five-options.yaml" \
    "$root/scenarios/history/kosovo-1999.yaml" "$root/scenarios/history/east-timor-1999.yaml"; do
    file=$scenario
    [ "$scenario" = gaza ] && file=""
    for width in 60 80 120 200; do
        name="table-$(basename "$scenario" .yaml)-$width"
        # shellcheck disable=SC2086 # $file is one word or none
        check "$name" 0 env COLUMNS="$width" "$exe" run $file -n 300 --json "$tmp/table.json"
        if python3 "$root/tests/cli/check_table.py" "$tmp/out" "$tmp/table.json" "$width"; then
            passed=$((passed + 1))
        else
            echo "FAIL $name: the table does not fit, or does not say what the JSON does"
            failed=$((failed + 1))
        fi
    done
done

# serve: its usage errors, the site administrator, the backup
check serve-listen 2 "$exe" serve --db "$tmp/s.db" --listen nowhere &&
    expect serve-listen "$tmp/err" "^dayafter serve: --listen: expected ADDR:PORT (127.0.0.1:8080, \[::1\]:8080), found 'nowhere'"
check serve-port 2 "$exe" serve --db "$tmp/s.db" --listen 127.0.0.1:70000 &&
    expect serve-port "$tmp/err" "found '127.0.0.1:70000'"
check serve-workers 2 "$exe" serve --db "$tmp/s.db" --workers 0 &&
    expect serve-workers "$tmp/err" "^dayafter serve: --workers: expected a whole number from 1 to 64, found '0'"
check serve-both 2 "$exe" serve --db "$tmp/s.db" --create-admin a@b.org --backup "$tmp/b.db" &&
    expect serve-both "$tmp/err" "give one"
# The rest needs the web application built in (-Dserver, on where its libraries are).
if "$exe" serve --db "$tmp/probe.db" --backup "$tmp/probe-copy.db" 2>&1 | grep -q "built without"; then
    echo "serve: built without the web application; its own checks skipped"
else
    check serve-admin-email 2 "$exe" serve --db "$tmp/s.db" --create-admin not-an-email &&
        expect serve-admin-email "$tmp/err" "^dayafter serve: 'not-an-email' is not an email address"
    check serve-admin 0 "$exe" serve --db "$tmp/s.db" --create-admin admin@example.org &&
        expect serve-admin "$tmp/out" "^site administrator admin@example.org in " &&
        [ "$(tail -1 "$tmp/out" | tr -d '\n' | wc -c)" -eq 20 ] && passed=$((passed + 1))
    check serve-backup 0 "$exe" serve --db "$tmp/s.db" --backup "$tmp/b.db" &&
        expect serve-backup "$tmp/out" "(integrity check: ok)"
    check serve-backup-missing 1 "$exe" serve --db "$tmp/none.db" --backup "$tmp/c.db"
    check serve-bad-address 1 "$exe" serve --db "$tmp/s.db" --listen 999.1.1.1:8080 &&
        expect serve-bad-address "$tmp/err" "is not an IPv4 or IPv6 address"
fi

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
