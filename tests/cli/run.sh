#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# The command line end to end, run: the table, standard input, bad usage, the same JSON for any
# threads, outputs checked before the run, correlated inputs, and a run beyond what dayafter
# computes. Usage: run.sh DAYAFTER
# shellcheck source=tests/cli/lib.sh
. "$(dirname "$0")/lib.sh" "$@"

printf 'dayafter: 1\nname: [x\n' >"$tmp/broken.yaml"
# run
check run-default 0 env COLUMNS=200 "$exe" run -n 300 &&
    expect run-default "$tmp/out" '^Gaza, the 2024 proposal$' &&
    expect run-default "$tmp/out" '^  *pa_force  *multinational  *hybrid' &&
    expect run-default "$tmp/out" '^Starts within the horizon' &&
    expect run-default "$tmp/out" '^  paid by us_dod' &&
    expect run-default "$tmp/out" '^Water gap, person-days' &&
    expect run-default "$tmp/out" '^The long pole'
check run-file 0 "$exe" run -n 100 "$ex" && expect run-file "$tmp/out" '^Test scenario, two districts$'
# A deterministic run is one run: its start day as a date, and no "10th-90th as dates" of
# the one value ("2024-07-11 to 2024-07-11"); a run of many has them.
check run-deterministic-dates 0 env COLUMNS=200 "$exe" run --deterministic &&
    expect run-deterministic-dates "$tmp/out" '^  as a date  ' &&
    { ! grep -q '10th-90th as dates' "$tmp/out" && passed=$((passed + 1)) ||
        { echo "FAIL run-deterministic-dates: a range of dates for one run"; failed=$((failed + 1)); }; }
# Its shares of the runs are whether a thing happened in the one run, as the report writes them:
# "yes" or "no", and the milestone that held it back without a share; never "100%" of one run.
check run-deterministic-yes-no 0 env COLUMNS=200 "$exe" run "$ex" --deterministic &&
    expect run-deterministic-yes-no "$tmp/out" '^Starts within the horizon  *yes  *yes$' &&
    expect run-deterministic-yes-no "$tmp/out" '^  day 365  *no  *yes$' &&
    expect run-deterministic-yes-no "$tmp/out" '^    not started  *no  *yes$' &&
    expect run-deterministic-yes-no "$tmp/out" '^      most often held by  *-  *partners_commit$' &&
    expect run-deterministic-yes-no "$tmp/out" '^Reaches half strength  *yes  *yes$' &&
    reject run-deterministic-yes-no "$tmp/out" '^\(Starts within\|  day [0-9]\|Every area\|Reaches half\| *not started\| *most often\).*%' \
        "a share of one run"
check run-dates-range 0 env COLUMNS=200 "$exe" run -n 50 &&
    expect run-dates-range "$tmp/out" '^  10th-90th as dates  '
# What "covered" means for IOC, where it is not the whole requirement: said under the title,
# constant (v2's 0.8) or a draw; not where it is the default 1 (the example).
grep -q 'IOC: an area counts' "$tmp/out" && { echo "FAIL run-ioc-default: an IOC line for the default"; failed=$((failed + 1)); } ||
    passed=$((passed + 1))
check run-ioc-coverage 0 env COLUMNS=200 "$exe" run -n 20 "$root/tests/data/v2-example.yaml" &&
    expect run-ioc-coverage "$tmp/out" '^IOC: an area counts as covered at 80% of its requirement (security.ioc_coverage)$'
sed 's/^  ioc_coverage: 0.8$/  ioc_coverage: {dist: uniform, min: 0.7, max: 0.9}/' "$root/tests/data/v2-example.yaml" >"$tmp/ioc-draw.yaml"
check run-ioc-coverage-draw 0 env COLUMNS=200 "$exe" run -n 20 "$tmp/ioc-draw.yaml" &&
    expect run-ioc-coverage-draw "$tmp/out" '^IOC: an area counts as covered at 80% \[uniform(0.7, 0.9); a draw in each run\] of its requirement (security.ioc_coverage)$'
# The record's lines name the sources an observation counts, as the report does: one
# contingent's strength is not the option's.
check run-record-from 0 env COLUMNS=200 "$exe" run -n 50 -t 1 "$root/tests/data/observed-example.yaml" &&
    expect run-record-from "$tmp/out" '^  day 300, deployed, multinational, from partner_a: observed 4,800, ' &&
    expect run-record-from "$tmp/out" '^  day 400, deployed, local_force, from recruits: observed 2,000-3,000, ' &&
    expect run-record-from "$tmp/out" '^  day 120, deployed, local_force: observed 9,000, simulated 0 (0 to 0); percentile 100%, outside the 10th-90th; CRPS 9,000$' &&
    expect run-record-from "$tmp/out" '^  milestone approval: observed 150-170, simulated [0-9,]* ([0-9,]* to beyond the horizon); percentile [0-9.]*%, inside the [0-9th-]*; CRPS [0-9.]* (out of sample)$' &&
    # Each set mixes units (persons, shares, dollars, days): no mean CRPS, which would be none.
    reject run-record-from "$tmp/out" 'mean CRPS' "a mean CRPS over observations of different units"
# observed.csv names every source an observation counts, however many and long their ids: ten
# of 63 characters (a buffer of 512 bytes cut the list in an id's middle).
python3 - "$root/tests/data/observed-example.yaml" "$tmp/many-from.yaml" <<'END'
import sys
text = open(sys.argv[1]).read()
ids = ["c%d_%s" % (i, "x" * 60) for i in range(10)]
sources = "".join("      - id: %s\n        kind: contingent\n        country: EG\n        size: 10\n"
                  "        lead_time_days: 0\n" % i for i in ids)
at = text.index("      - id: partner_a\n")
text = text[:at] + sources + text[at:]
text += ("  - series: deployed\n    option: multinational\n    from: [%s]\n    day: 300\n"
         "    value: 100\n    source: \"Invented\"\n" % ", ".join(ids))
open(sys.argv[2], "w").write(text)
END
check run-observed-csv-from 0 "$exe" run -q -n 20 -t 1 "$tmp/many-from.yaml" --csv "$tmp/many-from" &&
    expect run-observed-csv-from "$tmp/many-from/observed.csv" \
        "^series,deployed,multinational,,$(printf 'c%d_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx;' 0 1 2 3 4 5 6 7 8)c9_x*,300,"
# Observations of one unit (the milestones' days) have a mean CRPS, in days.
sed -n '1,/^observed:/p' "$root/tests/data/observed-example.yaml" >"$tmp/milestones-observed.yaml" &&
    sed -n '/^  - milestone: ceasefire/,$p' "$root/tests/data/observed-example.yaml" >>"$tmp/milestones-observed.yaml"
check run-record-days 0 env COLUMNS=200 "$exe" run -n 50 -t 1 "$tmp/milestones-observed.yaml" &&
    expect run-record-days "$tmp/out" '^In sample, 1: .*; mean CRPS [0-9.]*; percentiles by tenths' &&
    expect run-record-days "$tmp/out" '^Out of sample (after the inputs were set), 1: .*; mean CRPS [0-9.]*; percentiles by tenths'
# A share's CRPS is a share, in the summary as on the observation's line ("0.037" was 3.7%).
sed -n '1,/^observed:/p' "$root/tests/data/observed-example.yaml" >"$tmp/share-observed.yaml" &&
    sed -n '/^  - series: coverage/,/^    source:/p' "$root/tests/data/observed-example.yaml" >>"$tmp/share-observed.yaml"
check run-record-share 0 env COLUMNS=200 "$exe" run -n 50 -t 1 "$tmp/share-observed.yaml" &&
    expect run-record-share "$tmp/out" '^In sample, 1: .*; mean CRPS [0-9.]*%; percentiles by tenths' &&
    expect run-record-share "$tmp/out" '^  day 200, coverage in south, multinational: observed 40%-60%, .*; CRPS [0-9.]*%$'
# One replication has no spread: each observation against its one value, no calibration.
check run-record-deterministic 0 env COLUMNS=200 "$exe" run --deterministic "$root/tests/data/observed-example.yaml" &&
    expect run-record-deterministic "$tmp/out" '^One replication at the central values (--deterministic): each observation against its one simulated value, and no calibration scores' &&
    expect run-record-deterministic "$tmp/out" '^  day 300, deployed, multinational, from partner_a: observed 4,800, simulated [0-9,]*$' &&
    reject run-record-deterministic "$tmp/out" 'In sample\|percentile' "calibration scores of one replication"
# A milestone's day is the day it is reached on, as a date names it: every run reaches the
# ceasefire at 3.4, during day 3, which an observation of day 3 matches exactly. A day past the
# horizon (730) is scored as the runs that do not reach it by then, and says so; an observed
# value keeps the part its format would round away.
{ sed 's/^    delay_days: {dist: pert, min: 0, mode: 30, max: 120}$/    delay_days: 3.4/' "$ex" &&
    printf 'observed:\n  - {milestone: ceasefire, value: 3, source: "day 3"}\n  - {milestone: ceasefire, value: 4, source: "day 4"}\n  - {milestone: two_state_commitment, value: 900, source: "after the end"}\n  - {series: deployed, option: local_force, day: 1, value: 0.5, source: "half"}\n  - {milestone: two_state_commitment, value: {min: 700, max: 800}, source: "a range across the end"}\n'; } >"$tmp/whole-day.yaml"
check run-record-whole-day 0 env COLUMNS=250 "$exe" run -n 200 -t 1 "$tmp/whole-day.yaml" &&
    expect run-record-whole-day "$tmp/out" '^  milestone ceasefire: observed 3, simulated 3 (3 to 3); percentile 50%, inside the 25th-75th; CRPS 0$' &&
    expect run-record-whole-day "$tmp/out" '^  milestone ceasefire: observed 4, simulated 3 (3 to 3); percentile 100%, outside the 10th-90th; CRPS 1$' &&
    expect run-record-whole-day "$tmp/out" '^  milestone two_state_commitment: observed 900 (after the horizon: scored as not by the end), simulated ' &&
    expect run-record-whole-day "$tmp/out" '^  day 1, deployed, local_force: observed 0.5, simulated 0 (0 to 0)' &&
    expect run-record-whole-day "$tmp/out" '^  milestone two_state_commitment: observed 700-800 (its end after the horizon, read as the horizon), simulated '
# The JSON's summaries: a mean CRPS only of one unit (these mix days and persons); a
# deterministic run's shares null, its counts and histogram 0.
"$exe" run -n 200 -t 1 -q "$tmp/whole-day.yaml" --json "$tmp/whole-day.json" &&
    "$exe" run --deterministic -q "$tmp/whole-day.yaml" --json "$tmp/whole-day-det.json" &&
    python3 - "$tmp/whole-day.json" "$tmp/whole-day-det.json" <<'PY' && passed=$((passed + 1)) || { echo "FAIL run-record-json-summaries"; failed=$((failed + 1)); }
import json, sys
many, one = (json.load(open(p))["observed"] for p in sys.argv[1:])
assert many["in_sample"]["crps_mean"] is None, many["in_sample"]
assert many["in_sample"]["share_inside_80"] is not None
s = one["in_sample"]
assert s["count"] == 5 and s["share_inside_80"] is None and s["share_inside_50"] is None, s
assert s["inside_80"] == 0 and s["inside_50"] == 0 and s["percentile_histogram"] == [0] * 10, s
assert one["observations"][1]["crps"] == 1, one["observations"][1]
# one run places no record in a range: no percentile, no inside or outside
assert all(o["percentile"] is None and o["inside_80"] is None and o["inside_50"] is None
           for o in one["observations"]), one["observations"][0]
assert all(o["percentile"] is not None and o["inside_80"] is not None for o in many["observations"])
PY
# Every count in the header agrees in number with its noun: a one-day horizon is "1 day", one
# replication "1 replication" ("1 days" was written for both kinds of run), and so is the
# scenario's summary.
oneday="$root/tests/data/one-day.yaml"
check run-one-day 0 "$exe" run "$oneday" -n 200 -t 1 &&
    expect run-one-day "$tmp/out" '^200 replications, seed 1, 1 day; median (10th-90th percentile)$'
check run-one-day-one-run 0 "$exe" run "$oneday" -n 1 -t 1 &&
    expect run-one-day-one-run "$tmp/out" '^1 replication, seed 1, 1 day; median (10th-90th percentile)$'
check run-one-day-deterministic 0 "$exe" run "$oneday" --deterministic &&
    expect run-one-day-deterministic "$tmp/out" '^deterministic run (central values, no incidents); 1 day$'
check run-two-days 0 "$exe" run - -n 2 -t 1 < <(sed 's/^horizon_days: 1$/horizon_days: 2/' "$oneday") &&
    expect run-two-days "$tmp/out" '^2 replications, seed 1, 2 days; median (10th-90th percentile)$'
check validate-summary-one-day-horizon 0 "$exe" validate --summary "$oneday" &&
    expect validate-summary-one-day-horizon "$tmp/out" '^horizon 1 day; 10,000 replications and seed 1 by default; 0 uncertain inputs$'
check validate-summary-counts-of-one 0 "$exe" validate --summary - < <(sed 's/^horizon_days: 1$/horizon_days: 1\nreplications: 1/' "$oneday") &&
    expect validate-summary-counts-of-one "$tmp/out" '^horizon 1 day; 1 replication and seed 1 by default; 0 uncertain inputs$'
check run-stdin 0 "$exe" run -n 50 -q - <"$ex" && [ ! -s "$tmp/out" ] &&
    passed=$((passed + 1)) || { echo "FAIL run-stdin: --quiet printed something"; failed=$((failed + 1)); }
check run-bad 2 "$exe" run "$tmp/broken.yaml"
check run-two-files 2 "$exe" run "$ex" "$ex"
check run-n-zero 2 "$exe" run -n 0 && expect run-n-zero "$tmp/err" "replications: expected a whole number from 1"
check run-n-word 2 "$exe" run -n many && expect run-n-word "$tmp/err" "found 'many'"
# The engine's settings from the environment: a value it cannot take is refused, not passed over.
check run-lanes-word 2 env DAYAFTER_LANES=17 "$exe" run "$ex" -n 5 -q &&
    expect run-lanes-word "$tmp/err" "^dayafter: DAYAFTER_LANES: expected a whole number from 1 to 16, found '17'$"
check run-isa-word 2 env DAYAFTER_ISA=avx512 "$exe" validate "$ex" &&
    expect run-isa-word "$tmp/err" "^dayafter: DAYAFTER_ISA: expected sse2 or avx2, found 'avx512'$"
check run-threads-zero 2 "$exe" run -t 0 && expect run-threads-zero "$tmp/err" "threads: expected a whole number from 1 to 256"
check run-seed-negative 2 "$exe" run --seed -1 && expect run-seed-negative "$tmp/err" "seed: expected a whole number"
# A space before the sign hid it: ' -1' was the seed 2^64 - 1, and ' +5' five replications.
check run-seed-space-negative 2 "$exe" run --seed ' -1' &&
    expect run-seed-space-negative "$tmp/err" "^dayafter run: --seed: expected a whole number from 0 to 18446744073709551615, found ' -1'$"
check run-replications-plus 2 "$exe" run -n ' +5' &&
    expect run-replications-plus "$tmp/err" "^dayafter run: --replications: expected a whole number from 1 to 100000000, found ' +5'$"
check run-json-missing-value 2 "$exe" run --json && expect run-json-missing-value "$tmp/err" "option '--json' needs a value"
# A file's path that ends in '/' names a directory: refused before the run, not after it.
check run-json-slash 2 "$exe" run "$ex" -n 50 --json "$tmp/nodir/" &&
    expect run-json-slash "$tmp/err" "^dayafter run: cannot write $tmp/nodir/: Is a directory$" &&
    [ ! -s "$tmp/out" ] && passed=$((passed + 1)) ||
    { echo "FAIL run-json-slash: ran before refusing"; failed=$((failed + 1)); }
# A table of --csv DIR is a file too: the JSON, the report and the scenario are not replaced
# by one, whatever the path's spelling.
mkdir -p "$tmp/tables" && cp "$ex" "$tmp/tables/series.csv"
check run-json-is-table 2 "$exe" run "$ex" -n 5 -q --csv "$tmp/tables" --json "$tmp/tables/metrics.csv" &&
    expect run-json-is-table "$tmp/err" "^dayafter run: --json $tmp/tables/metrics.csv is the table metrics.csv that --csv $tmp/tables writes: one would replace the other; give each its own file$"
check run-report-is-table 2 "$exe" run "$ex" -n 5 -q --csv "$tmp/tables" --report "$tmp/tables/./areas.csv" &&
    expect run-report-is-table "$tmp/err" "^dayafter run: --report $tmp/tables/./areas.csv is the table areas.csv that --csv $tmp/tables writes: one would replace the other; give each its own file$"
check run-scenario-is-table 2 "$exe" run "$tmp/tables/series.csv" -n 5 -q --csv "$tmp/tables/../tables" &&
    expect run-scenario-is-table "$tmp/err" "^dayafter run: --csv $tmp/tables/../tables writes $tmp/tables/../tables/series.csv, the scenario it reads, which it would replace; give the tables a directory of their own$" &&
    cmp -s "$ex" "$tmp/tables/series.csv" && [ ! -e "$tmp/tables/metrics.csv" ] && passed=$((passed + 1)) ||
    { echo "FAIL run-scenario-is-table: a file was written"; failed=$((failed + 1)); }
check run-report-slash 2 "$exe" run "$ex" -n 50 --report "$tmp/nodir/" &&
    expect run-report-slash "$tmp/err" "^dayafter run: cannot write $tmp/nodir/: Is a directory$"

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

# Outputs that cannot be written fail the run (status 1) with the reason, the table's and
# standard output's as much as the files'; a device is written as it is, and never removed.
check_closed run-table-closed 1 "$exe" run "$ex" -n 5 -t 1 &&
    expect run-table-closed "$tmp/err" '^dayafter run: cannot write standard output: Bad file descriptor$'
check_closed run-json-closed 1 "$exe" run "$ex" -n 5 -t 1 --json - &&
    expect run-json-closed "$tmp/err" '^dayafter run: cannot write standard output: Bad file descriptor$'
# A reader that has gone (`| head -1`) is the same failure, not a silent death by SIGPIPE.
check_broken_pipe run-table-pipe 1 "$exe" run "$ex" -n 5 -t 1 &&
    expect run-table-pipe "$tmp/err" '^dayafter run: cannot write standard output: Broken pipe$'
check_broken_pipe run-json-pipe 1 "$exe" run "$ex" -n 5 -t 1 --json - &&
    expect run-json-pipe "$tmp/err" '^dayafter run: cannot write standard output: Broken pipe$'
check_broken_pipe run-report-pipe 1 "$exe" run "$ex" -n 5 -t 1 --report - &&
    expect run-report-pipe "$tmp/err" '^dayafter run: cannot write standard output: Broken pipe$'
if has_full run-full; then
    for output in --json --report; do
        check "run-full$output" 1 "$exe" run "$ex" -n 5 -t 1 -q "$output" /dev/full &&
            expect "run-full$output" "$tmp/err" '^dayafter run: cannot write /dev/full: No space left on device$'
    done
    check run-full-table 1 sh -c '"$0" run "$1" -n 5 -t 1 >/dev/full' "$exe" "$ex" &&
        expect run-full-table "$tmp/err" '^dayafter run: cannot write standard output: No space left on device$'
    [ -c /dev/full ] && passed=$((passed + 1)) ||
        { echo "FAIL run-full: /dev/full was removed"; failed=$((failed + 1)); }
fi
# '-', standard output, takes the JSON, or the report, in place of the table; not run's CSV
# tables, which go into a directory, nor two outputs at once.
check run-csv-dash 2 sh -c 'cd "$1" && exec "$0" run "$2" -n 5 -q --csv -' "$exe" "$tmp" "$ex" &&
    expect run-csv-dash "$tmp/err" "^dayafter run: --csv: the tables go into a directory, and '-' (standard output) is none; a directory named '-' is './-'$"
[ ! -e "$tmp/-" ] && passed=$((passed + 1)) || { echo "FAIL run-csv-dash: made a directory '-'"; failed=$((failed + 1)); }
check run-two-on-stdout 2 "$exe" run "$ex" -n 5 -q --json - --report - &&
    expect run-two-on-stdout "$tmp/err" "^dayafter run: --json - and --report -: one output at most goes to standard output; give the other a file$"
# An empty name is refused before the run (it passed as a file in '.', and the run failed with
# status 1 once done), as are two outputs that name one file, the second of which replaced
# the first.
check run-json-empty 2 "$exe" run "$ex" -n 5 -q --json '' &&
    expect run-json-empty "$tmp/err" "^dayafter run: --json: expected a file name ('-' for standard output), found ''$"
check run-csv-empty 2 "$exe" run "$ex" -n 5 -q --csv '' &&
    expect run-csv-empty "$tmp/err" "^dayafter run: --csv: expected a directory, found ''$"
check report-output-empty 2 "$exe" report "$root/tests/data/example.yaml" -o '' &&
    expect report-output-empty "$tmp/err" "^dayafter report: --output: expected a file name ('-' for standard output), found ''$"
check run-same-output 2 "$exe" run "$ex" -n 5 -q --json "$tmp/same.out" --report "$tmp/same.out" &&
    expect run-same-output "$tmp/err" "^dayafter run: --json and --report both write $tmp/same.out: the second would replace the first; give each its own file$"
: >"$tmp/same.out"
check run-same-output-linked 2 sh -c 'cd "$1" && exec "$0" run "$2" -n 5 -q --json same.out --report ./same.out' "$exe" "$tmp" "$ex" &&
    expect run-same-output-linked "$tmp/err" "^dayafter run: --json and --report both write ./same.out: the second would replace the first; give each its own file$"
# An output that is the file the command reads would replace it: refused before anything is
# written, the file left as it was (by its name, and by another name for it).
cp "$ex" "$tmp/in.yaml"
check run-output-is-input 2 "$exe" run "$tmp/in.yaml" -n 5 -q --json "$tmp/in.yaml" &&
    expect run-output-is-input "$tmp/err" "^dayafter run: --json writes $tmp/in.yaml, the scenario it reads, which it would replace; give it a file of its own$"
check run-report-is-input 2 "$exe" run "$tmp/in.yaml" -n 5 -q --report "$tmp/../$(basename "$tmp")/in.yaml" &&
    expect run-report-is-input "$tmp/err" "^dayafter run: --report writes .*/in.yaml, the scenario it reads, which it would replace; give it a file of its own$"
check analyze-output-is-input 2 "$exe" analyze "$tmp/in.yaml" --method tornado --metric start_day --csv "$tmp/in.yaml" &&
    expect analyze-output-is-input "$tmp/err" "^dayafter analyze: --csv writes $tmp/in.yaml, the scenario it reads, which it would replace; give it a file of its own$"
cmp -s "$ex" "$tmp/in.yaml" && passed=$((passed + 1)) ||
    { echo "FAIL output-is-input: the scenario was written over"; failed=$((failed + 1)); }
"$exe" run "$ex" -n 5 -q --json "$tmp/results.json"
cp "$tmp/results.json" "$tmp/results.kept"
check report-output-is-input 2 "$exe" report "$tmp/results.json" -o "$tmp/results.json" &&
    expect report-output-is-input "$tmp/err" "^dayafter report: --output $tmp/results.json is the results file it reads, which it would replace; give the report a file of its own$"
cmp -s "$tmp/results.kept" "$tmp/results.json" && passed=$((passed + 1)) ||
    { echo "FAIL report-output-is-input: the results were written over"; failed=$((failed + 1)); }
check run-report-stdout 0 "$exe" run "$ex" -n 5 -t 1 --report - &&
    [ "$(head -n 1 "$tmp/out")" = '<!DOCTYPE html>' ] && passed=$((passed + 1)) ||
    { echo "FAIL run-report-stdout: the report is not all of standard output"; failed=$((failed + 1)); }
# The option at fault is named, also among bundled letters and with a value it does not take.
check run-bundled-unknown 2 "$exe" run -xq &&
    expect run-bundled-unknown "$tmp/err" "^dayafter run: unknown option '-x'$"
check run-bundled-last 2 "$exe" run -qx &&
    expect run-bundled-last "$tmp/err" "^dayafter run: unknown option '-x'$"
check run-bundled-value 2 "$exe" run -qn &&
    expect run-bundled-value "$tmp/err" "^dayafter run: option '-n' needs a value$"
check run-flag-value 2 "$exe" run --quiet=3 &&
    expect run-flag-value "$tmp/err" "^dayafter run: option '--quiet' takes no value$"
check run-unknown-value 2 "$exe" run --frobnicate=3 &&
    expect run-unknown-value "$tmp/err" "^dayafter run: unknown option '--frobnicate'$"

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

# A run beyond what dayafter computes fails cleanly (status 1, the same message for any
# threads), and more replications than a run takes is bad usage.
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

# Fifty thousand pledges of a thousand dollars, each spread over a million days, for ten years:
# hundreds of millions of additions a tenth of a cent each, which round by more than a relative
# 1e-9; the money is still conserved, and the invariants of a debug build know the rounding
# for what it is (an abort before).
{
    printf 'dayafter: 1\nname: many small pledges\nhorizon_days: 3650\n'
    printf 'areas: [{id: a, name: A, population: 1000, area_km2: 1, displaced_share: 0.5, security_baseline: 0.3, water_capacity_m3_day: 10, hospital_beds: 1}]\n'
    printf 'milestones: []\nsecurity: {required_per_1000: 10, tau_days: 45, shock: 0.002, spoiler_incidents_per_100k_day: 0.5}\n'
    printf 'humanitarian: {trucks_per_day: 50, cost_per_truck_usd: 0, truck_shares: {food: 1}}\n'
    printf 'reconstruction: {min_security: 0.3, sectors: []}\ndonors:\n'
    printf '  - {id: d0, name: D, pledges: &pl [&p {amount_usd: 1000, purpose: any, spread_days: 1000000}'
    for _ in $(seq 999); do printf ', *p'; done
    printf ']}\n'
    for d in $(seq 49); do printf '  - {id: d%d, name: D, pledges: *pl}\n' "$d"; done
    printf 'options:\n  - {id: o, name: O, sources: [{id: s, kind: pool, size: 100, vetting_pass: 1, pay_per_person_day: 0}]}\n'
} >"$tmp/small-pledges.yaml"
check run-small-pledges 0 "$exe" validate "$tmp/small-pledges.yaml"
check run-small-pledges 0 "$exe" run "$tmp/small-pledges.yaml" --deterministic -q --json "$tmp/small.json" &&
    expect run-small-pledges "$tmp/small.json" '"deterministic": true'


# A thousand sources, each with a training center of its own, against the same thousand with one
# center: the days visit each center's own sources, so the first takes about the time of the
# second (each center scanned every source, a thousand times the work: a replication of forty
# such options, which validates, took a minute and a half). Compared in processor time, which
# a loaded machine and the sanitizers' builds slow alike.
centers_scenario() {
    printf 'dayafter: 1\nname: centers\nhorizon_days: 2000\n'
    printf 'areas: [{id: a, name: A, population: 100000, area_km2: 1, displaced_share: 0.5, security_baseline: 0.3, water_capacity_m3_day: 10, hospital_beds: 1}]\n'
    printf 'milestones: []\nsecurity: {required_per_1000: 10, tau_days: 45, shock: 0.002, spoiler_incidents_per_100k_day: 0.5}\n'
    printf 'humanitarian: {trucks_per_day: 50, truck_shares: {food: 1}}\n'
    printf 'reconstruction: {min_security: 0.3, sectors: []}\ndonors: []\n'
    printf 'options:\n  - id: o\n    name: O\n    training_centers:\n'
    for c in $(seq 0 $(($1 - 1))); do
        printf '      - {id: c%d, seats: 1, course_days: 1000000, washout: 0, setup_days: 0}\n' "$c"
    done
    printf '    sources:\n'
    for s in $(seq 0 999); do
        printf '      - {id: s%d, kind: pool, size: 1000000, vetting_pass: 1, center: c%d}\n' "$s" $((s % $1))
    done
}
# cpu_seconds COMMAND...: the processor time COMMAND took (user), its output discarded.
cpu_seconds() {
    python3 -c 'import resource, subprocess, sys
subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_utime)' "$@"
}
centers_scenario 1 >"$tmp/one-center.yaml"
centers_scenario 1000 >"$tmp/many-centers.yaml"
if one=$(cpu_seconds "$exe" run "$tmp/one-center.yaml" --deterministic -q) &&
    many=$(cpu_seconds "$exe" run "$tmp/many-centers.yaml" --deterministic -q) &&
    python3 -c 'import sys; sys.exit(float(sys.argv[2]) > 3 * float(sys.argv[1]) + 0.05)' "$one" "$many"; then
    passed=$((passed + 1))
else
    echo "FAIL run-many-centers: a thousand centers took ${many:-?}s, one center ${one:-?}s"
    failed=$((failed + 1))
fi


# A count written as -0 (valid: from 0) is 0: its sign went through the run into the weekly
# series ("-0" food coverage in series.csv and the JSON), and with more than one thread either
# sign, as the merges kept one zero or the other.
sed -e 's/^  trucks_per_day: 80/  trucks_per_day: -0/' -e 's/^      trucks_per_day: 600/      trucks_per_day: -0.0/' \
    "$ex" >"$tmp/minus-zero.yaml"
check run-minus-zero 0 "$exe" run "$tmp/minus-zero.yaml" -n 37 -t 2 -q --json "$tmp/minus-zero.json" \
    --csv "$tmp/minus-zero"
if grep -q 'trucks_per_day: -0$' "$tmp/minus-zero.yaml" && ! grep -q -- '-0\.0[,]*$' "$tmp/minus-zero.json" &&
    ! grep -q -- ',-0,' "$tmp/minus-zero/series.csv"; then
    passed=$((passed + 1))
else
    echo "FAIL run-minus-zero: -0 in the outputs"
    failed=$((failed + 1))
fi

# No option waits for a milestone: the long pole is said to be none, not three rows of "-".
sed '/starts_when/d' "$ex" >"$tmp/no-wait.yaml"
check run-no-long-pole 0 "$exe" run "$tmp/no-wait.yaml" -n 50 -t 1 &&
    says run-no-long-pole "$tmp/out" "The long pole: none (no option's start waits for a milestone in a run in which it starts)" &&
    { ! grep -q '^  1\.  ' "$tmp/out" && passed=$((passed + 1)) || {
        echo "FAIL run-no-long-pole: rows of the long pole printed"
        failed=$((failed + 1))
    }; }

# A standard so small that the need's reciprocal overflows (1e-320 beds per 10,000, no beds) is
# none: coverage 1, as with no need, where the run failed on NaN (docs/model.md).
sed 's/beds_per_10k: 18/beds_per_10k: 1e-320/; s/hospital_beds: 150/hospital_beds: 0/' "$ex" >"$tmp/tiny-need.yaml"
check run-tiny-need 0 "$exe" run "$tmp/tiny-need.yaml" -n 20 -t 1 -q --json "$tmp/tiny-need.json" &&
    expect run-tiny-need "$tmp/tiny-need.json" '"bed_coverage_end": {'
if python3 -c 'import json, sys; d = json.load(open(sys.argv[1])); assert all(o["metrics"]["bed_coverage_end"]["p50"] == 1 for o in d["options"])' "$tmp/tiny-need.json" 2>/dev/null; then
    passed=$((passed + 1))
else
    echo "FAIL run-tiny-need: a need below 10^-308 is not read as none"
    failed=$((failed + 1))
fi

# The default threads are one per core the process may run on: bound to one core (taskset), a
# run has one worker beside the main thread (it had one per core of the machine). Where the
# machine has one core, or no taskset, there is nothing to tell apart.
if command -v taskset >/dev/null && [ "$(nproc --all)" -ge 2 ]; then
    most=$(python3 - "$exe" "$ex" <<'END'
import os, subprocess, sys, time
p = subprocess.Popen(["taskset", "-c", "0", sys.argv[1], "run", sys.argv[2], "-n", "8000", "-q"])
most = 0
while p.poll() is None:
    try:
        most = max(most, len(os.listdir("/proc/%d/task" % p.pid)))
    except OSError:
        pass
    time.sleep(0.01)
print(most)
END
    )
    [ "$most" -le 2 ] && passed=$((passed + 1)) ||
        { echo "FAIL run-threads-affinity: $most threads on one core, expected 2 at most"; failed=$((failed + 1)); }
else
    echo "SKIP run-threads-affinity: one core, or no taskset"
fi
# The JSON's command line is quoted as a shell needs it, so that it runs again as it ran.
mkdir "$tmp/quoted" && cp "$ex" "$tmp/quoted/my scen's.yaml"
(cd "$tmp/quoted" && "$exe" run "my scen's.yaml" -n 20 -t 1 -q --json "o ut.json" --seed 7 >/dev/null 2>"$tmp/err")
status_is run-command-line-quoted 0 $? &&
    expect run-command-line-quoted "$tmp/quoted/o ut.json" \
        "^    \"command_line\": \"dayafter run -n 20 -q --json 'o ut.json' --seed 7 'my scen'\\\\\\\\''s.yaml'\"$"
line=$(python3 -c 'import json, sys; print(json.load(open(sys.argv[1]))["run"]["command_line"])' "$tmp/quoted/o ut.json")
mv "$tmp/quoted/o ut.json" "$tmp/quoted/first.json"
(cd "$tmp/quoted" && sh -c "\"\$0\" ${line#dayafter }" "$exe" >/dev/null 2>"$tmp/err")
status_is run-command-line-rerun 0 $? &&
    { cmp -s "$tmp/quoted/first.json" "$tmp/quoted/o ut.json" && passed=$((passed + 1)) ||
        { echo "FAIL run-command-line-rerun: '$line' gave other results"; failed=$((failed + 1)); }; }
# The progress bar (on a terminal: a pseudo-terminal here) fits COLUMNS: each of its redrawn
# lines is narrower than 40 columns (it was 77 whatever the width), the bar itself kept.
python3 - "$exe" "$ex" "$tmp/progress.json" >"$tmp/out" 2>&1 <<'END'
import os, pty, subprocess, sys
master, slave = pty.openpty()
env = dict(os.environ, COLUMNS="40")
env.pop("NO_COLOR", None)
p = subprocess.Popen([sys.argv[1], "run", sys.argv[2], "-n", "5000", "-t", "1", "--json", sys.argv[3]],
                     stdin=slave, stdout=subprocess.DEVNULL, stderr=slave, env=env)
os.close(slave)
out = b""
while True:
    try:
        data = os.read(master, 4096)
    except OSError:  # the terminal's other end is gone
        break
    if not data:
        break
    out += data
p.wait()
lines = [line for line in out.split(b"\r") if line.strip()]
widest = max((len(line.decode()) for line in lines), default=0)
bars = sum(line.startswith(b"[") for line in lines)
print("lines %d, widest %d, with a bar %d" % (len(lines), widest, bars))
sys.exit(0 if lines and widest < 40 and bars else 1)
END
[ $? -eq 0 ] && passed=$((passed + 1)) ||
    { echo "FAIL run-progress-width: $(cat "$tmp/out")"; failed=$((failed + 1)); }
finish
