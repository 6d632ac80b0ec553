#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# The command line end to end, analyze: sobol, morris, tornado and voi, groups, --by, their JSON
# by the schema, bad usage. Usage: analyze.sh DAYAFTER
# shellcheck source=tests/cli/lib.sh
. "$(dirname "$0")/lib.sh" "$@"

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
# What a reader of the JSON needs to read the indices (docs/analysis.md): the horizon; each
# chance's probability, its input being the uniform that decides the event (the example's
# approval: 0.8; drawn in each run, null and the input that draws it); each index's rounding
# floor, in the JSON and the CSV. A metric that never varies (the example's IOC day never comes:
# 730 in every run) has, by hand, mu*'s floor 730 DBL_EPSILON x (730 + 730) / (1/2) for every
# input (src/analysis/morris.c).
sed 's/^    probability: 0.8$/    probability: {dist: uniform, min: 0.6, max: 0.95}/' "$ex" >"$tmp/drawn.yaml"
check analyze-chance-drawn 0 "$exe" analyze "$tmp/drawn.yaml" --method sobol --metric start_day -n 4 -q \
    --json "$tmp/a-drawn.json" --csv "$tmp/a-sobol.csv"
check analyze-constant-floor 0 "$exe" analyze "$ex" --method morris --metric ioc_day -n 4 -q \
    --json "$tmp/a-constant.json"
if /usr/bin/python3 - "$tmp"/a-sobol.json "$tmp"/a-morris.json "$tmp"/a-tornado.json "$tmp/a-drawn.json" \
    "$tmp/a-sobol.csv" "$tmp/a-constant.json" "$root/docs/schema/analyze-output.schema.json" <<'END'; then
import csv, json, jsonschema, re, sys
sobol, morris, tornado, drawn = (json.load(open(f)) for f in sys.argv[1:5])
jsonschema.validate(drawn, json.load(open(sys.argv[7])))
chance = re.compile(r"[.](occurs|joins|recovers)$")
for d in (sobol, morris, tornado, drawn):
    assert d["horizon_days"] == 730, d["horizon_days"]
    for i in d["inputs"]:
        assert ("event_probability" in i) == bool(chance.search(i["name"])), i
approval = {d["method"]: next(i for i in d["inputs"] if i["name"] == "milestones.approval.occurs")
            for d in (sobol, morris, tornado)}
assert all(a["event_probability"] == 0.8 and "event_probability_input" not in a for a in approval.values())
a = next(i for i in drawn["inputs"] if i["name"] == "milestones.approval.occurs")
assert a["event_probability"] is None and a["event_probability_input"] == "milestones.approval.probability", a
for x in sobol["inputs"] + sobol["groups"]:
    assert x["S1_floor"] >= 0 and x["ST_floor"] >= 0, x
assert all(i["mu_star_floor"] >= 0 for i in morris["inputs"])
rows = list(csv.DictReader(open(sys.argv[5])))
assert list(rows[0]) == ["kind", "name", "S1", "S1_conf", "ST", "ST_conf", "S1_floor", "ST_floor"], list(rows[0])
floors = {r["name"]: float(r["ST_floor"]) for r in rows}
assert all(abs(floors[i["name"]] - i["ST_floor"]) <= 1e-9 * i["ST_floor"] for i in drawn["inputs"])
constant = json.load(open(sys.argv[6]))
assert constant["metric_variance"] == 0 and constant["metric_mean"] == 730
want = 730 * 2.0 ** -52 * (730 + 730) / 0.5
assert all(abs(i["mu_star_floor"] - want) <= 1e-9 * want and i["mu_star"] == 0 for i in constant["inputs"])
END
    passed=$((passed + 1))
else
    echo "FAIL analyze-floors-chances: the JSON lacks the horizon, a chance's probability or a rounding floor"
    failed=$((failed + 1))
fi
# The tornado's mean and standard deviation are its central setting's, and say so: beside its
# swings, a standard deviation of 0 must not read as the inputs' spread. Other methods' are the
# design's.
check analyze-tornado-central 0 env COLUMNS=200 "$exe" analyze "$ex" --method tornado --metric deployed_end -n 4 -t 1 &&
    expect analyze-tornado-central "$tmp/out" '^[0-9]* uncertain inputs, 4 samples, [0-9]* evaluations; with every input at its central value, the metric.s mean [0-9,]*, standard deviation '
# A tornado that shows a chance says how to read its row: the uniform's p10 is the event
# happening. A table without one says nothing of it.
check analyze-tornado-chance 0 env COLUMNS=300 "$exe" analyze "$ex" --method tornado --metric deployed_end -n 4 -t 1 --rows 2 &&
    expect analyze-tornado-chance "$tmp/out" '^milestones.approval.occurs  *10,168  *0 ' &&
    expect analyze-tornado-chance "$tmp/out" "^A chance's input (.occurs, .joins, .recovers) is the uniform that decides its event, which happens below its probability: at p10 the event happens (unless its probability is under 0.1), at p90 it does not (unless its probability is over 0.9).$"
check analyze-tornado-no-chance 0 env COLUMNS=300 "$exe" analyze "$ex" --method tornado --metric displaced_end -n 4 -t 1 --rows 1 &&
    expect analyze-tornado-no-chance "$tmp/out" '^donors.partners.pledges.0.amount_usd ' &&
    reject analyze-tornado-no-chance "$tmp/out" "chance's input" "a table without a chance explains chances"
check analyze-morris-design 0 env COLUMNS=200 "$exe" analyze "$ex" --method morris --metric deployed_end -n 4 -t 1 &&
    expect analyze-morris-design "$tmp/out" '^[0-9]* uncertain inputs, 4 samples, [0-9]* evaluations; the metric.s mean [0-9,]*, standard deviation '
# A start day's mean counts the runs in which it never comes as the horizon, and says so: the
# run's table gives the mean over the runs that start.
check analyze-start-day-never 0 env COLUMNS=300 "$exe" analyze "$ex" --method morris --metric start_day -n 4 -t 1 &&
    expect analyze-start-day-never "$tmp/out" '^[0-9]* uncertain inputs, 4 samples, [0-9]* evaluations; the metric.s mean [0-9,]* (a run in which it never comes counts as day 730), standard deviation '
# The days to half strength likewise: a run that never gets there counts as the horizon, said
# so. The strength a year after the start has no value where the option starts too late or
# never: refused, with what to analyze instead (it failed as numbers beyond the model's).
check analyze-days-to-half 0 env COLUMNS=300 "$exe" analyze "$ex" --method morris --metric days_to_half -n 4 -t 1 &&
    expect analyze-days-to-half "$tmp/out" '^[0-9]* uncertain inputs, 4 samples, [0-9]* evaluations; the metric.s mean [0-9,]* (a run that never gets to half strength counts as 730 days), standard deviation '
check analyze-start-plus-365 2 "$exe" analyze "$ex" --method tornado --metric deployed_start_plus_365 -n 30 -t 1 -q &&
    expect analyze-start-plus-365 "$tmp/err" "^dayafter analyze: [0-9]* of 1230 points have no deployed_start_plus_365 for option 'local_force': the option does not start in them, or starts less than 365 days before the horizon's end; analyze deployed_day365 or deployed_end instead$"
check analyze-no-method 2 "$exe" analyze "$ex" --metric start_day &&
    expect analyze-no-method "$tmp/err" '^dayafter analyze: no method: give --method sobol, morris, tornado, prim or voi$'
check analyze-bad-method 2 "$exe" analyze "$ex" --method magic --metric start_day &&
    expect analyze-bad-method "$tmp/err" "^dayafter analyze: --method: expected sobol, morris, tornado, prim or voi, found 'magic'$"
check analyze-no-metric 2 "$exe" analyze "$ex" --method sobol &&
    expect analyze-no-metric "$tmp/err" '^dayafter analyze: no metric: give --metric NAME, one of: start_day, '
check analyze-bad-metric 2 "$exe" analyze "$ex" --method sobol --metric speed &&
    expect analyze-bad-metric "$tmp/err" "^dayafter analyze: unknown metric 'speed' (metrics: start_day, deployed_day365, .*, build_short_of_materials)$"
# A metric that is a likely typo of one (at most two edits) is answered with it, as the
# scenario's unknown names are; --where's metric too.
check analyze-metric-did-you-mean 2 "$exe" analyze "$ex" --method sobol --metric deployed_ned &&
    expect analyze-metric-did-you-mean "$tmp/err" "^dayafter analyze: unknown metric 'deployed_ned'; did you mean 'deployed_end'?$"
check analyze-where-did-you-mean 2 "$exe" analyze "$ex" --method prim --where 'start_dy<100' &&
    expect analyze-where-did-you-mean "$tmp/err" "^dayafter analyze: unknown metric 'start_dy'; did you mean 'start_day'?$"
check analyze-bad-option 2 "$exe" analyze "$ex" --method sobol --metric start_day --option nobody &&
    expect analyze-bad-option "$tmp/err" "^dayafter analyze: unknown option 'nobody' (options: local_force, multinational)$"
check analyze-bad-where-metric 2 "$exe" analyze "$ex" --method prim --where 'speed>3' &&
    expect analyze-bad-where-metric "$tmp/err" "^dayafter analyze: unknown metric 'speed' (metrics: "
# An option mistyped (in case too: ids are case-sensitive) is answered with the one it likely
# meant, as the scenario's own references are.
check analyze-option-did-you-mean 2 "$exe" analyze "$ex" --method sobol --metric start_day --option LOCAL_FORCE &&
    expect analyze-option-did-you-mean "$tmp/err" "^dayafter analyze: unknown option 'LOCAL_FORCE'; did you mean 'local_force'?$"
# A threshold on a share that it never passes (a percentage, read as 5,000%) would make every
# run a case, or none: refused, with the share to write, as validate refuses a percentage.
check analyze-where-share-percent 2 "$exe" analyze "$ex" --method prim --where 'security_mean_end<50' &&
    expect analyze-where-share-percent "$tmp/err" "^dayafter analyze: --where: 'security_mean_end' is a share from 0 to 1, found 50; for 50%, write 'security_mean_end<0.5'$"
check analyze-where-share-percent-sign 2 "$exe" analyze "$ex" --method prim --where 'security_mean_end<50%' &&
    expect analyze-where-share-percent-sign "$tmp/err" "^dayafter analyze: --where: 'security_mean_end' is a share from 0 to 1, found 50%; for 50%, write 'security_mean_end<0.5'$"
check analyze-where-share-above-one 2 "$exe" analyze "$ex" --method prim --where 'bed_coverage_end>=1.5' &&
    expect analyze-where-share-above-one "$tmp/err" "^dayafter analyze: --where: 'bed_coverage_end' is a share from 0 to 1, found 1.5$"
check analyze-where-share-negative 2 "$exe" analyze "$ex" --method prim --where 'coverage_min_day365>-1' &&
    expect analyze-where-share-negative "$tmp/err" "^dayafter analyze: --where: 'coverage_min_day365' is a share (1 for 100%), never below 0, found -1$"
# A coverage passes 1 where the force is larger than the need: 1.5 is a threshold it can cross.
check analyze-where-coverage-above-one 0 "$exe" analyze "$ex" --method prim --where 'coverage_min_day365<1.5' -n 20 -q -t 1
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
# A group's name goes into the table, the CSV and the report: a terminal's escape sequence or a
# line break in it is refused. What a message quotes is written without its control characters,
# and cut.
check analyze-group-control 2 "$exe" analyze "$ex" --method sobol --metric start_day -n 8 -q \
    --group $'x\e[31mred\nfake=*.occurs' &&
    expect analyze-group-control "$tmp/err" "^dayafter analyze: --group: a group's name is text on one line, without control characters (character 2 is one)$"
check analyze-group-control-quoted 2 "$exe" analyze "$ex" --method sobol --metric start_day -n 8 -q \
    --group $'x\e[31m\nfake' &&
    expect analyze-group-control-quoted "$tmp/err" "^dayafter analyze: --group 'x\\\\x1b\\[31m\\\\x0afake': expected NAME=PATTERN"
check analyze-where-long 2 "$exe" analyze "$ex" --method prim -n 8 -q --where "$(printf 'a%.0s' $(seq 5000))>5" &&
    [ "$(wc -c <"$tmp/err")" -lt 1200 ] && passed=$((passed + 1)) ||
    { echo "FAIL analyze-where-long: a 5,000-character argument was quoted whole"; failed=$((failed + 1)); }
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
# The headline table of a weekly series is its last day's, and the first line says so.
# A group's name that a spreadsheet would run as a formula is written after an apostrophe, as
# the CSV without --by writes it (README.md).
check analyze-by-week-guard 0 "$exe" analyze "$ex" --method sobol --metric deployed --by week -n 8 -q \
    --group '-g=milestones.*' --csv "$tmp/by-guard.csv" &&
    expect analyze-by-week-guard "$tmp/by-guard.csv" "^week,0,0,group,'-g," &&
    reject analyze-by-week-guard "$tmp/by-guard.csv" ',group,-g,' "a group's name as a formula"
check analyze-by-week-day 0 env COLUMNS=300 "$exe" analyze "$ex" --method sobol --metric deployed --by week -n 8 -t 1 &&
    expect analyze-by-week-day "$tmp/out" '^Test scenario, two districts: sobol of deployed (over all areas on the last day, day 729) for option local_force$'
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
# A group's estimate below one of its members' (knowing more cannot be worth less) is said, with
# the first such group of the ranking whose value is written unlike its member's, as the JSON
# has them;
# at -n 200 the test scenario's approval group (an additive model of its two inputs) comes out
# below its .occurs.
if python3 - "$tmp/a-voi.json" "$tmp/out" <<'END'; then
import json, sys
d = json.load(open(sys.argv[1]))
text = " ".join(open(sys.argv[2]).read().split())
value = {i["name"]: i["evppi"] for i in d["inputs"]}
below = []
for g in sorted((g for g in d["groups"] if g["evppi"] is not None), key=lambda g: -g["evppi"]):
    above = [n for n in g["inputs"] if value[n] is not None and value[n] > g["evppi"]]
    if above:
        below.append((g, max(above, key=lambda n: value[n])))
assert below, "the test scenario's groups no longer come out below a member: choose another case"
persons = lambda x: "{:,.0f} persons".format(x)
g, m = next((b for b in below if persons(b[0]["evppi"]) != persons(value[b[1]])), below[0])
want = "and %d group%s came out below a member (%s, %s, against %s for %s): read a group as worth at least its largest member." % (
    len(below), "" if len(below) == 1 else "s", g["name"], persons(g["evppi"]), persons(value[m]), m)
assert want in text, (want, text[-800:])
END
    passed=$((passed + 1))
else
    echo "FAIL analyze-voi-group-below: the table does not say that a group came out below a member"
    failed=$((failed + 1))
fi
# An estimate above the EVPI (nothing is worth more than knowing everything) is said, with
# the count the JSON has and the largest; at -n 200 the test scenario's unfunded money has one.
check analyze-voi-above 0 "$exe" analyze "$ex" --method voi --metric unfunded_usd -n 200 \
    --json "$tmp/a-above.json"
if python3 - "$tmp/a-above.json" "$tmp/out" <<'END'; then
import json, sys
d = json.load(open(sys.argv[1]))
text = " ".join(open(sys.argv[2]).read().split())
names = [(i["name"], i["evppi"]) for i in d["inputs"]] + [(g["name"], g["evppi"]) for g in d["groups"]]
names += [(m["milestone"], m["evppi"]) for m in d["milestones"]]
above = [n for n, v in names if v is not None and v > d["evpi"]]
assert above, "the test scenario has no estimate above the EVPI any more: choose another case"
want = "and %d came out above it (" % len(above)
assert "Nothing can be worth more than the EVPI" in text and want in text, (want, text[-900:])
END
    passed=$((passed + 1))
else
    echo "FAIL analyze-voi-above: the table does not say that an estimate came out above the EVPI"
    failed=$((failed + 1))
fi
# An estimate above the EVPI that stands clear of its noise is read in the last line as the EVPI
# at most, never bare under "no study can be worth more" (tests/cli/liberia-2003.yaml at -n 500:
# a source's group at $599k against an EVPI of $338k).
check analyze-voi-above-read 0 "$exe" analyze "$root/tests/cli/liberia-2003.yaml" --method voi \
    --metric unfunded_usd -n 500 -t 2 --json "$tmp/liberia-voi.json"
if python3 - "$tmp/liberia-voi.json" "$tmp/out" <<'END'; then
import json, sys
d = json.load(open(sys.argv[1]))
text = " ".join(open(sys.argv[2]).read().split())
entries = d["inputs"] + d["groups"] + d["milestones"]
clear = [e for e in entries if e["evppi"] is not None and e["evppi"] > d["evpi"] and
         e["evppi"] - max(e["evppi_bias"] or 0, 0) >= 2 * (e["evppi_se"] or 0)]
assert clear, "no estimate above the EVPI stands clear of its noise any more: choose another case"
reading = text[text.index("Knowing in advance "):]
assert " at most, the EVPI (its estimate, " in reading, reading
END
    passed=$((passed + 1))
else
    echo "FAIL analyze-voi-above-read: an estimate above the EVPI is read bare"
    failed=$((failed + 1))
fi
# Sobol's first-order indices above 1 in all (sampling error at a small -n) leave no "rest".
check analyze-sobol-above-one 0 "$exe" analyze "$ex" --method sobol --metric cost_total_usd -n 8 &&
    expect analyze-sobol-above-one "$tmp/out" '^The first-order indices add up to 1\.[0-9][0-9], above the 1 '
# Each estimate outside [0, 1] as the tables write it (no share of variance can be) is said, per
# index and side, with how many and the farthest, as sampling error: one-of-each.yaml's approval
# decides the coverage alone, and at -n 64 its ST is 1.118 (its group's too) and the
# population's S1 -0.008. Under the table by area, the inputs' ST above 1 in every area. The
# estimates stay as they are, not cut to 1.
check analyze-sobol-outside 0 "$exe" analyze "$one" --method sobol --metric coverage --by area -n 64 -t 1 \
    --json "$tmp/outside.json" &&
    says analyze-sobol-outside "$tmp/out" "Estimates outside the [0, 1] that a share of the variance cannot leave, among the inputs and groups: 2 first-order indices (S1) above 1, the largest 1.130 (milestones.approval.occurs); 2 total-order indices (ST) above 1, the largest 1.118 (milestones.approval.occurs); 1 first-order index (S1) below 0: -0.008 (areas.city.population). At this -n that is their sampling error, shown as it is rather than cut to [0, 1]; a larger -n narrows it." &&
    expect analyze-sobol-outside-kept "$tmp/out" '^milestones.approval.occurs  *1\.130  *0\.237  *1\.118  *0\.236$' &&
    says analyze-sobol-outside-by "$tmp/out" "(-: coverage does not vary there) 1 total-order index (ST) of the inputs, in every area (--json has them all), is above the 1 that a share of the variance cannot exceed: 1.118 (milestones.approval.occurs in city). At this -n that is its sampling error, shown as it is rather than cut to 1; a larger -n narrows it."
# Within [0, 1] as the tables write them, nothing is said: the same approval's 0.940 at -n 128.
check analyze-sobol-inside 0 "$exe" analyze "$one" --method sobol --metric deployed_end -n 128 -t 1 &&
    expect analyze-sobol-inside "$tmp/out" '^milestones.approval.occurs  *0\.932  *0\.175  *0\.940  *0\.170$' &&
    reject analyze-sobol-inside "$tmp/out" 'outside' "estimates within [0, 1] said to be outside"
# The metric's mean and standard deviation keep 3 significant digits where its format writes
# whole persons or days: one-of-each.yaml's strength deployed is 1 person in about half the
# runs, which whole persons wrote "mean 1, standard deviation 0". The runs are counts,
# with separators.
check analyze-statistics-digits 0 "$exe" analyze "$one" --method prim --where 'deployed_end>=1' -n 2000 -t 1 \
    --json "$tmp/stats.json" &&
    says analyze-statistics-digits "$tmp/out" "3 uncertain inputs, 2,000 samples, 2,000 evaluations; the metric's mean 0.495, standard deviation 0.5" &&
    says analyze-prim-counts "$tmp/out" "Cases of interest (deployed_end >= 1): 990 of 2,000 runs (49.5%) The boxes are found on 1,400 of the runs and checked on the 600 others, held out (--holdout 0.3)." &&
    says analyze-prim-box-counts "$tmp/out" "density 100% on the 1,400 runs it was found on;"
python3 -c 'import json, sys; d = json.load(open(sys.argv[1])); assert d["metric_mean"] == 0.495 and abs(d["metric_variance"] - 0.495 * 0.505) < 1e-12, (d["metric_mean"], d["metric_variance"])' \
    "$tmp/stats.json" && passed=$((passed + 1)) ||
    { echo "FAIL analyze-statistics-json: the JSON's mean and variance are not the runs'"; failed=$((failed + 1)); }
# A day is written with separators wherever analyze writes one: the horizon a day that never
# comes counts as, in the first lines and in the note of a metric that never varies, and the
# weeks' columns by week (a horizon of 1,095 days).
sed -e 's/^horizon_days: 730$/horizon_days: 1095/' -e 's/^  required_per_1000: 10$/  required_per_1000: 1000/' \
    "$ex" >"$tmp/long.yaml"
check analyze-never-day-grouped 0 "$exe" analyze "$tmp/long.yaml" --method morris --metric ioc_day -n 4 -t 1 &&
    says analyze-never-day-grouped "$tmp/out" "the metric's mean 1,095 (a run in which it never comes counts as day 1,095), standard deviation 0" &&
    says analyze-never-note-grouped "$tmp/out" "ioc_day never comes within the horizon in these runs (it counts as day 1,095), so no input moves it;"
check analyze-by-week-grouped 0 env COLUMNS=300 "$exe" analyze "$tmp/long.yaml" --method sobol --metric deployed --by week -n 8 -t 1 &&
    expect analyze-by-week-grouped "$tmp/out" '^input  *day 0  *day 217  *day 434  *day 651  *day 868  *day 1,092$'
# Morris's warnings write mu* in the metric's format, as its table does ("5,791", not
# "5.79e+03").
check analyze-morris-warning-format 0 "$exe" analyze "$ex" --method morris --metric deployed_end -n 10 &&
    expect analyze-morris-warning-format "$tmp/err" '^dayafter analyze: warning: mu\* of [a-z_.]* is [0-9][0-9,]* +- [0-9][0-9,]*: its 95% interval is wider than the index'
# An estimate that rounds to 0 is written 0.000, not -0.000 (the test scenario's unfunded money
# at -n 64 has two that did).
check analyze-sobol-no-negative-zero 0 "$exe" analyze "$ex" --method sobol --metric unfunded_usd -n 64 &&
    { ! grep -q -- ' -0\.000' "$tmp/out" && grep -q ' 0\.000' "$tmp/out" && passed=$((passed + 1)) ||
        { echo "FAIL analyze-sobol-no-negative-zero: -0.000 written"; failed=$((failed + 1)); }; }
# Its CSV: the JSON's values of every input, milestone's day and group, in the JSON's names
# (the milestones' rows were missing: the terminal's "when partners_commit comes" had none).
check analyze-voi-csv 0 "$exe" analyze "$ex" --method voi --metric deployed_end -n 200 -q \
    --csv "$tmp/voi.csv" --json "$tmp/voi.json"
if python3 -c 'import csv,json,math,sys; d = json.load(open(sys.argv[1])); rows = list(csv.DictReader(open(sys.argv[2])))
cols = ["evppi", "evppi_se", "evppi_bias", "evppi_share"]
assert list(rows[0]) == ["kind", "name"] + cols, list(rows[0])
want = [("input", x) for x in d["inputs"]] + \
    [("milestone", dict(x, name=x["milestone"])) for x in d["milestones"]] + [("group", x) for x in d["groups"]]
assert len(rows) == len(want) and len(d["groups"]) > 0 and len(d["milestones"]) > 0
same = lambda a, b: (a == "" and b is None) or (b is not None and math.isclose(float(a), b, rel_tol=1e-9, abs_tol=1e-12))
for r, (kind, x) in zip(rows, want):
    assert r["kind"] == kind and r["name"] == x["name"] and all(same(r[c], x[c]) for c in cols), (r, x)' \
    "$tmp/voi.json" "$tmp/voi.csv"; then
    passed=$((passed + 1))
else
    echo "FAIL analyze-voi-csv: the CSV is not the JSON's values"
    failed=$((failed + 1))
fi
check analyze-voi-option 2 "$exe" analyze "$ex" --method voi --metric deployed_end --option multinational &&
    expect analyze-voi-option "$tmp/err" '^dayafter analyze: --option does not go with --method voi, which compares every option$'
check analyze-voi-one-option 2 "$exe" analyze "$beyond" --method voi --metric deployed_end &&
    expect analyze-voi-one-option "$tmp/err" "^dayafter analyze: --method voi compares the options, and the scenario has one ('o'): there is no choice to inform$"
check analyze-voi-no-metric 2 "$exe" analyze "$ex" --method voi &&
    expect analyze-voi-no-metric "$tmp/err" '^dayafter analyze: no metric: give --metric NAME, one of: start_day, '

# Correlations: sobol, prim and voi impose them on their designs; morris and tornado, which
# move one input at a time, ignore them and say so on stderr and in the JSON's warnings (no
# sample answers it: recommended_samples null), after the sample's warnings and the line that
# answers those. sobol says nothing of them.
{
    cat "$ex"
    printf 'correlations:\n'
    printf '  - between: [milestones.ceasefire.delay_days, milestones.hostages_released.delay_days]\n    rank: 0.5\n'
    printf '  - between: [milestones.approval.occurs, milestones.two_state_commitment.occurs]\n    rank: 0.3\n'
} >"$tmp/correlated.yaml"
ignored="dayafter analyze: warning: the scenario's 2 correlations are not applied: METHOD moves one input at a time from designed levels, as if the inputs were independent (sobol, prim and voi apply them)"
for method in morris tornado; do
    check "analyze-correlations-$method" 0 "$exe" analyze "$tmp/correlated.yaml" --method "$method" \
        --metric deployed_end -n 4 -t 1 -q --json "$tmp/c-$method.json" &&
        expect "analyze-correlations-$method" "$tmp/err" "^${ignored/METHOD/$method}\$"
    before=$(tail -n 2 "$tmp/err" | head -n 1)
    if [ "$(tail -n 1 "$tmp/err")" = "${ignored/METHOD/$method}" ] &&
        { [ "$method" = tornado ] || [[ $before =~ ^dayafter\ analyze:\ warning:\ -n\ [0-9]+\ answers\ all\ of\ them$ ]]; }; then
        passed=$((passed + 1))
    else
        echo "FAIL analyze-correlations-$method-order: not the last warning, after the sample's answer"
        sed 's/^/  stderr: /' "$tmp/err"
        failed=$((failed + 1))
    fi
    if /usr/bin/python3 -c 'import json,jsonschema,sys; d = json.load(open(sys.argv[1])); jsonschema.validate(d, json.load(open(sys.argv[2])))
c = [w for w in d["warnings"] if w["kind"] == "correlations"]
assert len(c) == 1 and c[0]["recommended_samples"] is None and c[0]["message"] == sys.argv[3], c
others = [w["recommended_samples"] for w in d["warnings"] if w is not c[0]]
assert all(n >= 1 for n in others) and d["recommended_samples"] == (max(others) if others else None)' \
        "$tmp/c-$method.json" "$root/docs/schema/analyze-output.schema.json" "$(sed 's/^dayafter analyze: warning: //' <<<"${ignored/METHOD/$method}")" 2>/dev/null; then
        passed=$((passed + 1))
    else
        echo "FAIL analyze-correlations-$method-json: the JSON's warnings do not say the correlations are ignored"
        failed=$((failed + 1))
    fi
done
check analyze-correlations-sobol 0 "$exe" analyze "$tmp/correlated.yaml" --method sobol \
    --metric deployed_end -n 4 -t 1 -q
reject analyze-correlations-sobol "$tmp/err" 'correlation' "sobol, which applies the correlations, warns of them"

# --by area: an area whose coverage is beyond what a run computes fails the analysis, as the
# metric would, though the coverage over all areas is finite (the analysis wrote the area's
# mean as null and its indices as 0 before). North: one inhabitant at risk 10^-6 with
# 10^-6 per 1,000 required (10^-15), and half of two contingents of 10^10.
sed -e '/^  - id: north$/,/^  - id: south$/{s/population: 400000$/population: 1/;s/risk: 1.5$/risk: 1e-6/}' \
    -e '/^  - id: south$/,/^$/{s/population: 600000$/population: 1/;s/risk: 1.0$/risk: 1000/}' \
    -e 's/required_per_1000: 10$/required_per_1000: 1e-6/' \
    -e '/^  - id: multinational$/,${s/size: 5000$/size: 1e10/;s/size: 8000$/size: 1e10/}' "$ex" >"$tmp/by-area.yaml"
check analyze-by-area-numeric 1 "$exe" analyze "$tmp/by-area.yaml" --method sobol --metric coverage \
    --by area -o multinational -n 8 -t 1 -q --json "$tmp/by-area.json" &&
    expect analyze-by-area-numeric "$tmp/err" "points gave no finite value for coverage in area 'north' of option 'multinational' (infinite"

# -n beyond what a method's design may hold in memory is bad usage, refused before anything
# runs, for every method (only Sobol's design was bounded, and tornado ran out of memory).
for m in "sobol|Sobol'" "tornado|tornado" "morris|Morris" "voi|value of information" \
    "prim|PRIM"; do
    IFS='|' read -r method design <<<"$m"
    where=()
    [ "$method" = prim ] && where=(--where 'deployed_end>1000')
    check "analyze-n-too-large-$method" 2 "$exe" analyze --method "$method" --metric deployed_end \
        "${where[@]}" -n 100000000 -q -t 1 &&
        expect "analyze-n-too-large-$method" "$tmp/err" "^dayafter analyze: the $design design would hold [0-9.]* GB ([0-9]* runs), more than the 4 GB an analysis may: use a smaller -n$"
done
# A design that fits in memory but whose runs would take more than 10^13 steps (a century's
# horizon, 5.6 million runs) is refused before it runs, as the memory's is, with its work.
sed 's/^horizon_days: 730/horizon_days: 36500/' "$ex" >"$tmp/century.yaml"
check analyze-work-too-large 2 timeout 60 "$exe" analyze "$tmp/century.yaml" --method sobol \
    --metric deployed_end -n 200000 -q -t 1 &&
    expect analyze-work-too-large "$tmp/err" "^dayafter analyze: the Sobol' design would take about [0-9.]*e+13 steps (5600000 runs of [0-9.]*e+06 steps each), more than the 10^13 that an analysis may: use a smaller -n, or fewer uncertain inputs (fix the ones that do not matter)$"

# What cannot be written fails the analysis (status 1) with the reason: its table, and its
# files; '-' takes one output, in place of the table.
check_closed analyze-table-closed 1 "$exe" analyze "$ex" --method tornado --metric deployed_end -n 2 -t 1 &&
    expect analyze-table-closed "$tmp/err" '^dayafter analyze: cannot write standard output: Bad file descriptor$'
check_broken_pipe analyze-json-pipe 1 "$exe" analyze "$ex" --method tornado --metric deployed_end -n 2 -t 1 --json - &&
    expect analyze-json-pipe "$tmp/err" '^dayafter analyze: cannot write standard output: Broken pipe$'
if has_full analyze-full; then
    for output in --json --csv; do
        check "analyze-full$output" 1 "$exe" analyze "$ex" --method tornado --metric deployed_end \
            -n 2 -t 1 -q "$output" /dev/full &&
            expect "analyze-full$output" "$tmp/err" '^dayafter analyze: cannot write /dev/full: No space left on device$'
    done
fi
check analyze-two-on-stdout 2 "$exe" analyze "$ex" --method tornado --metric deployed_end --csv - --json - &&
    expect analyze-two-on-stdout "$tmp/err" "^dayafter analyze: --json - and --csv -: one output at most goes to standard output; give the other a file$"
check analyze-csv-stdout 0 "$exe" analyze "$ex" --method tornado --metric deployed_end -n 2 -t 1 --csv - &&
    [ "$(head -n 1 "$tmp/out")" = 'kind,name,low,high,swing,swing_conf' ] && passed=$((passed + 1)) ||
    { echo "FAIL analyze-csv-stdout: the CSV is not all of standard output"; failed=$((failed + 1)); }
check analyze-bundled-unknown 2 "$exe" analyze "$ex" -xq &&
    expect analyze-bundled-unknown "$tmp/err" "^dayafter analyze: unknown option '-x'$"

# Any 64-bit seed, the scenario's or --seed's, is written as run writes it: rounded in "seed",
# exactly in "seed_decimal" (never as a negative number).
sed 's/^seed: 7$/seed: 18446744073709551615/' "$ex" >"$tmp/seed-max.yaml"
check analyze-seed-max 0 "$exe" analyze "$tmp/seed-max.yaml" --method tornado --metric deployed_end \
    -n 2 -t 1 -q --json "$tmp/seed-a.json" &&
    expect analyze-seed-max "$tmp/seed-a.json" '^  "seed_decimal": "18446744073709551615",$'
check run-seed-max 0 "$exe" run "$tmp/seed-max.yaml" -n 2 -t 1 -q --json "$tmp/seed-r.json"
if [ "$(grep '^  "seed' "$tmp/seed-a.json")" = "$(grep '^  "seed' "$tmp/seed-r.json")" ] &&
    ! grep -q '"seed": -' "$tmp/seed-a.json"; then
    passed=$((passed + 1))
else
    echo "FAIL analyze-seed-max: the seed is not written as run writes it"
    grep '"seed' "$tmp/seed-a.json" "$tmp/seed-r.json"
    failed=$((failed + 1))
fi
check analyze-seed-option 0 "$exe" analyze "$ex" --method tornado --metric deployed_end -n 2 -t 1 -q \
    --seed 18446744073709551615 --json "$tmp/seed-o.json" &&
    expect analyze-seed-option "$tmp/seed-o.json" '^  "seed_decimal": "18446744073709551615",$'
check report-seed-max 0 "$exe" report "$tmp/seed-a.json" -o "$tmp/seed-a.html"


# Betas and perts of extreme shapes, which validate (shapes from above 0 to 10^6): their
# quantiles (every method's inputs) aborted the analysis (GSL's inverse failed to converge) or
# never came (two shapes of 10^8, before shapes were bounded).
sed -e 's/vetting_pass: {dist: beta, alpha: 8, beta: 3}/vetting_pass: {dist: beta, alpha: 1e-300, beta: 1}/' \
    -e 's/washout: {dist: uniform, min: 0.05, max: 0.2}/washout: {dist: beta, alpha: 1e6, beta: 1e6}/' \
    -e 's/lead_time_days: {dist: pert, min: 30, mode: 60, max: 150}/lead_time_days: {dist: pert, min: 30, mode: 60, max: 150, lambda: 1e6}/' \
    "$ex" >"$tmp/shapes.yaml"
check analyze-extreme-shapes-valid 0 "$exe" validate "$tmp/shapes.yaml"
grep -q 'alpha: 1e-300' "$tmp/shapes.yaml" && grep -q 'alpha: 1e6' "$tmp/shapes.yaml" &&
    grep -q 'lambda: 1e6' "$tmp/shapes.yaml" && passed=$((passed + 1)) ||
    { echo "FAIL analyze-extreme-shapes: the scenario lacks its shapes"; failed=$((failed + 1)); }
check analyze-extreme-shapes 0 timeout 60 "$exe" analyze "$tmp/shapes.yaml" --method tornado \
    --metric deployed_end -n 2 -t 1 -q --json "$tmp/shapes.json"

# A force of 3,500 that every run deploys, then 4,500, spread over areas whose populations vary:
# its sum differs between runs in its last bits (a variance of 10^-25), which Sobol' shared out
# as S1 0.93 for an area's population, before the late contingent's lead time, the one input
# that moves it. A variance within rounding is none: the metric (4,500 on the last day) and the
# weeks before day 30 and after day 90 do not vary, and their indices are 0.
rounding=$root/tests/cli/by-week-rounding.yaml
check analyze-by-week-rounding 0 "$exe" analyze "$rounding" --method sobol --metric deployed \
    --by week -n 64 -t 1 -q --json "$tmp/rounding.json"
if /usr/bin/python3 - "$tmp/rounding.json" <<'PY'; then
import json, sys
d = json.load(open(sys.argv[1]))
assert d["metric_variance"] == 0, d["metric_variance"]
assert all(r["S1"] == 0 and r["ST"] == 0 for r in d["inputs"]), d["inputs"]
by = d["by"]
still = [w for w, v in enumerate(by["variance"]) if v == 0]
assert still[:5] == [0, 1, 2, 3, 4] and 5 not in still and len(still) >= 9, by["variance"]
for r in by["inputs"]:
    for w in still:
        assert r["S1"][w] == 0 and r["ST"][w] == 0, (r["name"], w)
    if r["name"].endswith("population"):  # in the weeks that vary, rounding's 10^-16 at most
        assert all(abs(x) < 1e-9 for x in r["ST"]), r
lead = [r for r in by["inputs"] if r["name"].endswith("lead_time_days")][0]
assert min(lead["ST"][5:10]) > 0.5, lead["ST"]
PY
    passed=$((passed + 1))
else
    echo "FAIL analyze-by-week-rounding: rounding was shared out as variance"
    failed=$((failed + 1))
fi

finish
