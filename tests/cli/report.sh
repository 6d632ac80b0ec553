#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# The command line end to end, report: the HTML report from a run and from saved results; bad
# results located. Usage: report.sh DAYAFTER
# shellcheck source=tests/cli/lib.sh
. "$(dirname "$0")/lib.sh" "$@"

# The HTML report: from a run, and from saved results; bad results are located, exit 2.
check run-report 0 "$exe" run "$ex" -n 20 -q --json "$tmp/r.json" --report "$tmp/r.html" &&
    expect run-report "$tmp/r.html" '^<meta http-equiv="Content-Security-Policy" content="default-src '"'"'none'"'"';' &&
    expect run-report "$tmp/r.html" '<script id="dayafter-results" type="application/json">{"dayafter":'
# The report holds the results at --json's digits: a copy at fewer rounded 184,077.4737 to
# 184,077.5, which the page then showed as 184,078 beside the terminal's 184,077.
if /usr/bin/python3 - "$tmp/r.json" "$tmp/r.html" <<'PY'; then
import json, re, sys
saved = json.load(open(sys.argv[1]))
page = open(sys.argv[2]).read()
held = json.loads(re.search(r'<script id="dayafter-results" type="application/json">(.*?)</script>', page, re.S).group(1))
numbers = 0
def same(a, b, at):
    global numbers
    if isinstance(a, dict):
        for k in a:
            same(a[k], b[k], at + "." + k)
    elif isinstance(a, list):
        assert len(a) == len(b), at
        for i, v in enumerate(a):
            same(v, b[i], at + "." + str(i))
    elif isinstance(a, float):
        numbers += 1
        assert a == b, "%s: %r in the JSON, %r in the report" % (at, a, b)
same(saved, held, "")
assert numbers > 1000, numbers
PY
    passed=$((passed + 1))
else
    echo "FAIL report-digits: the report's copy of the results differs from --json's numbers"
    failed=$((failed + 1))
fi
check report-from-json 0 "$exe" report "$tmp/r.json" -o "$tmp/r2.html" &&
    expect report-from-json "$tmp/r2.html" '^<title>Test scenario, two districts - dayafter report</title>$'
check report-stdin-stdout 0 "$exe" report - -o - <"$tmp/r.json" &&
    expect report-stdin-stdout "$tmp/out" '^<!DOCTYPE html>$'
# Results saved with a byte-order mark (PowerShell's redirection writes one) are read, as
# RFC 8259 allows; a syntax error on the first line does not count the mark as a column, as
# a scenario's messages do not.
{ printf '\357\273\277'; cat "$tmp/r.json"; } >"$tmp/bom.json"
check report-bom 0 "$exe" report "$tmp/bom.json" -o "$tmp/bom.html" &&
    expect report-bom "$tmp/bom.html" '^<title>Test scenario, two districts - dayafter report</title>$'
printf '\357\273\277{"a": }' >"$tmp/bom-bad.json"
check report-bom-bad 2 "$exe" report "$tmp/bom-bad.json" -o "$tmp/o.html" &&
    expect report-bom-bad "$tmp/err" "^$tmp/bom-bad.json:1:7: unexpected token near '}'$"
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
# A file that is no JSON says what it looks like: a scenario, to run first; a table of --csv;
# else the parser's words, as not the results.
check report-scenario 2 "$exe" report "$ex" -o "$tmp/o.html" &&
    expect report-scenario "$tmp/err" "^$ex:1:1: not the results of dayafter run --json: this looks like a scenario; run it first, with dayafter run $ex --report OUT.html$"
check report-scenario-stdin 2 "$exe" report - -o "$tmp/o.html" <"$ex" &&
    expect report-scenario-stdin "$tmp/err" "^<stdin>:1:1: not the results of dayafter run --json: this looks like a scenario; run it first, with dayafter run FILE --report OUT.html$"
# A program (here the start of one: a NUL, bytes that are not UTF-8) has a line that starts
# "dayafter:" among its strings: it is no scenario, only something that is not JSON.
printf '\177ELF\002\001\001\000\000\000\n\377\376\ndayafter: %%s\n' >"$tmp/program"
check report-binary 2 "$exe" report "$tmp/program" -o "$tmp/o.html" &&
    expect report-binary "$tmp/err" "^$tmp/program:1:1: not the results of dayafter run or analyze --json, which are a JSON object: " &&
    reject report-binary "$tmp/err" 'looks like a scenario' "a program taken for a scenario"
"$exe" run "$ex" -n 5 -t 1 -q --csv "$tmp/csv" 2>/dev/null
check report-csv 2 "$exe" report "$tmp/csv/metrics.csv" -o "$tmp/o.html" &&
    expect report-csv "$tmp/err" "^$tmp/csv/metrics.csv:1:1: not the results of dayafter run --json: this looks like a CSV table (of run --csv); the report is made from the JSON of dayafter run --json$"
printf '\n  plain words\n' >"$tmp/words.txt"
check report-words 2 "$exe" report "$tmp/words.txt" -o "$tmp/o.html" &&
    expect report-words "$tmp/err" "^$tmp/words.txt:2:3: not the results of dayafter run or analyze --json, which are a JSON object: '\[' or '{' expected near 'plain'$"
# A file that cannot be read is named as validate names one, with the reason.
check report-missing 2 "$exe" report "$tmp/none.json" -o "$tmp/o.html" &&
    expect report-missing "$tmp/err" "^$tmp/none.json:1:1: cannot open the file: No such file or directory$"
mkdir "$tmp/dir.json"
check report-directory 2 "$exe" report "$tmp/dir.json" -o "$tmp/o.html" &&
    expect report-directory "$tmp/err" "^$tmp/dir.json:1:1: cannot read the file: Is a directory$"
check report-no-output 2 "$exe" report "$tmp/r.json" &&
    expect report-no-output "$tmp/err" '^dayafter report: no output file: give -o FILE.html$'
check report-two-inputs 2 "$exe" report "$tmp/r.json" "$tmp/r.json" -o "$tmp/o.html"
# Checked before the run: a hundred million replications would not end within the test's time.
check run-report-unwritable 2 "$exe" run "$ex" -n 100000000 -q --report /proc/nonexistent/r.html &&
    expect run-report-unwritable "$tmp/err" '^dayafter run: cannot write /proc/nonexistent/r.html: '

# Results of the wrong shape are refused at the value at fault (its path, line and column),
# before anything is drawn: a run's and an analysis's.
printf '{"dayafter":"0.1.0","options":[1,"a",null],"horizon_days":5,"milestones":[]}' >"$tmp/types.json"
check report-not-an-object 2 "$exe" report "$tmp/types.json" -o "$tmp/o.html" &&
    expect report-not-an-object "$tmp/err" "^$tmp/types.json:1:32: options\[0\]: expected an object, found 1$"
printf '{"dayafter": "0.1.0", "options": [], "horizon_days": -5, "milestones": []}' >"$tmp/horizon.json"
check report-horizon 2 "$exe" report "$tmp/horizon.json" -o "$tmp/o.html" &&
    expect report-horizon "$tmp/err" "^$tmp/horizon.json:1:54: horizon_days: expected a whole number from 1 to 36500, found -5$"
printf '{"dayafter": "0.1.0", "options": [], "horizon_days": 5,\n "milestones": [{"x": 1}]}' >"$tmp/milestone.json"
check report-missing-key 2 "$exe" report "$tmp/milestone.json" -o "$tmp/o.html" &&
    expect report-missing-key "$tmp/err" "^$tmp/milestone.json:2:17: milestones\[0\]: missing required key 'id'$"
# A value deep in real results, written one value a line: its line, and its column past the
# indentation.
python3 -c 'import json, sys
d = json.load(open(sys.argv[1]))
d["options"][0]["series"]["deployed"]["north"]["p10"][1] = "x"
json.dump(d, open(sys.argv[2], "w"), indent=1)' "$tmp/r.json" "$tmp/series.json"
line=$(grep -n '^ *"x",$' "$tmp/series.json" | cut -d: -f1)
column=$(($(sed -n "${line}p" "$tmp/series.json" | sed 's/"x",$//' | wc -c)))
check report-deep 2 "$exe" report "$tmp/series.json" -o "$tmp/o.html" &&
    expect report-deep "$tmp/err" "^$tmp/series.json:$line:$column: options\[0\].series.deployed.north.p10\[1\]: expected a number or null, found \"x\"$"
# Keys that every version has written are required: without an option's metrics the page
# would say it never starts. A weekly series cut short would lose its last weeks.
python3 -c 'import json, sys
d = json.load(open(sys.argv[1]))
del d["options"][1]["metrics"]
json.dump(d, open(sys.argv[2], "w"))
d = json.load(open(sys.argv[1]))
del d["options"][0]["metrics"]["ioc_day"]
json.dump(d, open(sys.argv[3], "w"))
d = json.load(open(sys.argv[1]))
del d["options"][0]["series"]["coverage"]["south"]["p90"][3:]
json.dump(d, open(sys.argv[4], "w"))' "$tmp/r.json" "$tmp/nometrics.json" "$tmp/noioc.json" "$tmp/short.json"
check report-no-metrics 2 "$exe" report "$tmp/nometrics.json" -o "$tmp/o.html" &&
    expect report-no-metrics "$tmp/err" "^$tmp/nometrics.json:1:[0-9]*: options\[1\]: missing required key 'metrics'$"
check report-no-metric 2 "$exe" report "$tmp/noioc.json" -o "$tmp/o.html" &&
    expect report-no-metric "$tmp/err" "^$tmp/noioc.json:1:[0-9]*: options\[0\].metrics: missing required key 'ioc_day'$"
check report-short-series 2 "$exe" report "$tmp/short.json" -o "$tmp/o.html" &&
    expect report-short-series "$tmp/err" "^$tmp/short.json:1:[0-9]*: options\[0\].series.coverage.south.p90: expected 105 values, one for each day of series_days, found 3$"
# What no run writes: percentiles out of order, an option twice or none, a week past the
# horizon.
python3 -c 'import json, sys
def edit(name, change):
    d = json.load(open(sys.argv[1]))
    change(d)
    json.dump(d, open(sys.argv[2] + "/" + name + ".json", "w"))
edit("order", lambda d: d["options"][0]["metrics"]["cost_total_usd"].update(p10=5e9, p50=3e9, p90=6e9))
edit("twice", lambda d: d["options"].append(d["options"][0]))
edit("none", lambda d: d.update(options=[]))
edit("past", lambda d: d.update(horizon_days=100))
edit("share", lambda d: d["options"][1]["p_deployed_by"].update({"180": 1.5}))
edit("chance", lambda d: d["milestones"][0].update(p_reached=-0.25))
edit("held", lambda d: d["options"][0]["why_short"]["90"]["held_by"].update(x=2))
edit("cost", lambda d: d["options"][0]["cost_by_donor"]["us_dod"].update(p10=-1e6))
edit("version", lambda d: d.update(dayafter="banana"))' "$tmp/r.json" "$tmp"
check report-order 2 "$exe" report "$tmp/order.json" -o "$tmp/o.html" &&
    expect report-order "$tmp/err" "^$tmp/order.json:1:[0-9]*: options\[0\].metrics.cost_total_usd.p50: p50 3000000000 is below p10 5000000000: percentiles out of order$"
check report-twice 2 "$exe" report "$tmp/twice.json" -o "$tmp/o.html" &&
    expect report-twice "$tmp/err" "^$tmp/twice.json:1:[0-9]*: options\[2\].id: option \"local_force\" is listed twice$"
check report-no-option 2 "$exe" report "$tmp/none.json" -o "$tmp/o.html" &&
    expect report-no-option "$tmp/err" "^$tmp/none.json:1:[0-9]*: options: expected at least one option, found none$"
check report-past-horizon 2 "$exe" report "$tmp/past.json" -o "$tmp/o.html" &&
    expect report-past-horizon "$tmp/err" "^$tmp/past.json:1:[0-9]*: series_days\[15\]: expected a day before the horizon (horizon_days 100), found 105$"
# Shares of the replications are from 0 to 1, costs 0 or more: a bar past its end, or drawn the
# other way, is no reading of any run.
check report-share 2 "$exe" report "$tmp/share.json" -o "$tmp/o.html" &&
    expect report-share "$tmp/err" "^$tmp/share.json:1:[0-9]*: options\[1\].p_deployed_by.180: expected a number from 0 to 1, found 1.5$"
check report-chance 2 "$exe" report "$tmp/chance.json" -o "$tmp/o.html" &&
    expect report-chance "$tmp/err" "^$tmp/chance.json:1:[0-9]*: milestones\[0\].p_reached: expected a number from 0 to 1, found -0.25$"
check report-held-by 2 "$exe" report "$tmp/held.json" -o "$tmp/o.html" &&
    expect report-held-by "$tmp/err" "^$tmp/held.json:1:[0-9]*: options\[0\].why_short.90.held_by.x: expected a number from 0 to 1, found 2$"
check report-negative-cost 2 "$exe" report "$tmp/cost.json" -o "$tmp/o.html" &&
    expect report-negative-cost "$tmp/err" "^$tmp/cost.json:1:[0-9]*: options\[0\].cost_by_donor.us_dod.p10: expected a number of 0 or more, found -1000000.0$"
check report-version 2 "$exe" report "$tmp/version.json" -o "$tmp/o.html" &&
    expect report-version "$tmp/err" "^$tmp/version.json:1:[0-9]*: dayafter: expected the version of dayafter that wrote the results (as [0-9.]*), found \"banana\"$"
printf '{"method": "sobol", "metric": "x", "inputs": [{"name": "a", "S1": "q"}]}' >"$tmp/analysis.json"
check report-analysis-type 2 "$exe" report "$tmp/analysis.json" -o "$tmp/o.html" &&
    expect report-analysis-type "$tmp/err" "^$tmp/analysis.json:1:67: inputs\[0\].S1: expected a number or null, found \"q\"$"
printf '{"method": "guess", "metric": "x", "inputs": []}' >"$tmp/method.json"
check report-analysis-method 2 "$exe" report "$tmp/method.json" -o "$tmp/o.html" &&
    expect report-analysis-method "$tmp/err" "^$tmp/method.json:1:12: method: expected sobol, morris, tornado, prim or voi, found \"guess\"$"
# Results that would take more memory to read than any results need are refused before they
# are parsed: six million empty arrays (18 MB) would take jansson about 800 MB.
{
    printf '{"dayafter": "0.1.0", "options": [], "horizon_days": 1, "milestones": [], "x": ['
    yes '[],' | head -n 6000000 | tr -d '\n'
    printf '[]]}'
} >"$tmp/huge.json"
check report-too-large 2 "$exe" report "$tmp/huge.json" -o "$tmp/o.html" &&
    expect report-too-large "$tmp/err" "^$tmp/huge.json:1:1: too large to be results of dayafter run or analyze --json: its 6000007 values would take about 1.3 GiB of memory to read, more than the 1 GiB that a report reads at most$"

# A report replaces its output only once it is whole: bad results leave what was there, and
# no file of their own.
echo 'the report of last week' >"$tmp/kept.html"
for bad in bad other types; do
    check "report-keeps-output-$bad" 2 "$exe" report "$tmp/$bad.json" -o "$tmp/kept.html" &&
        expect "report-keeps-output-$bad" "$tmp/kept.html" '^the report of last week$'
done
ls "$tmp"/kept.html?* >/dev/null 2>&1 && { echo "FAIL report-keeps-output: a file was left behind"; failed=$((failed + 1)); } ||
    passed=$((passed + 1))
check report-replaces-output 0 "$exe" report "$tmp/r.json" -o "$tmp/kept.html" &&
    expect report-replaces-output "$tmp/kept.html" '^<!DOCTYPE html>$'
# A file of two names (a hard link) is written in place, so that both names keep it.
echo 'linked' >"$tmp/linked.html" && ln "$tmp/linked.html" "$tmp/link2.html"
check report-hard-link 0 "$exe" report "$tmp/r.json" -o "$tmp/linked.html" &&
    expect report-hard-link "$tmp/link2.html" '^<!DOCTYPE html>$'
# Writing that fails is a failure (status 1) with its reason; a device is written as it is,
# and never removed.
check_closed report-closed 1 "$exe" report "$tmp/r.json" -o - &&
    expect report-closed "$tmp/err" '^dayafter report: cannot write standard output: Bad file descriptor$'
check_broken_pipe report-pipe 1 "$exe" report "$tmp/r.json" -o - &&
    expect report-pipe "$tmp/err" '^dayafter report: cannot write standard output: Broken pipe$'
if has_full report-full; then
    check report-full 1 "$exe" report "$tmp/r.json" -o /dev/full &&
        expect report-full "$tmp/err" '^dayafter report: cannot write /dev/full: No space left on device$'
    [ -c /dev/full ] && passed=$((passed + 1)) ||
        { echo "FAIL report-full: /dev/full was removed"; failed=$((failed + 1)); }
fi
check report-bundled-unknown 2 "$exe" report -xo "$tmp/o.html" "$tmp/r.json" &&
    expect report-bundled-unknown "$tmp/err" "^dayafter report: unknown option '-x'$"
check report-help 0 "$exe" report --help && expect report-help "$tmp/out" '^Usage: dayafter report RESULTS.json -o FILE.html$'

finish
