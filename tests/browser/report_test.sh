#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# The report as a reader gets it: writes the HTML reports of both built-in scenarios, of
# the test scenario tests/data/example.yaml (and of its deterministic run), of
# tests/data/v2-example.yaml (milestones that lapse and change the requirement, a self-paid
# contingent, a requirement note) and of a 300-day scenario with a start date
# (short_horizon.yaml) and of tests/data/observed-example.yaml (observations of every kind, scored
# against the runs; also dated, with observations of one area's series, and without the
# scores as an older dayafter wrote its results), of tests/data/somalia-2007.yaml (an option that
# rarely starts costs least; and its deterministic run), of the deterministic run of
# tests/data/haiti-2004.yaml (with observations) and of tests/data/one-day.yaml (a one-day
# horizon, at 200 replications and at 1), checks that Gaza's at 10,000
# replications (fewer on a slower build) is small enough to e-mail (under 3 MB), and opens each in headless Chromium
# (report_test.mjs). The reports and their screenshots stay in OUT_DIR as the test's artifacts.
# Usage: report_test.sh DAYAFTER EXAMPLE.yaml OUT_DIR
set -u
exe=$1
example=$2
out=$3
here=$(cd "$(dirname "$0")" && pwd)
mkdir -p "$out"
fail=0
if ! command -v node >/dev/null 2>&1 || [ ! -x "${CHROMIUM:-/usr/bin/chromium}" ]; then
    echo "node or Chromium is missing: run scripts/deps"
    exit 1
fi
# Gaza's report at 10,000 replications; on a build several times slower (the sanitizers',
# DAYAFTER_SLOWDOWN) at a share of them: past a few hundred replications the report's size
# and charts no longer depend on their number (the sketches' sizes are bounded).
gaza_n=$((10000 / ${DAYAFTER_SLOWDOWN:-1}))
"$exe" run -q -n "$gaza_n" --json "$out/gaza.json" --report "$out/gaza.html" || fail=1
# The same results through `dayafter report`, from the saved JSON: the same page, byte for
# byte, but for the line that says where its results came from (which Chromium need not open
# again).
"$exe" report "$out/gaza.json" -o "$out/gaza-from-json.html" || fail=1
if ! cmp -s <(grep -v '^<script id="dayafter-meta"' "$out/gaza.html") \
    <(grep -v '^<script id="dayafter-meta"' "$out/gaza-from-json.html") ||
    ! grep -q '^<script id="dayafter-meta" type="application/json">{"generated":"[^"]*","source":"[^"]*gaza.json"}</script>$' \
        "$out/gaza-from-json.html"; then
    echo "FAIL gaza-from-json.html is not gaza.html's page with its source gaza.json"
    fail=1
fi
# Results saved before the JSON carried the metrics' registry: the report says so
# (report_test.mjs expects its notice in a file named *-old-registry.html, and only there).
python3 -c 'import json, sys; d = json.load(open(sys.argv[1])); d.pop("metrics"); d.pop("area_metrics"); json.dump(d, open(sys.argv[2], "w"))' \
    "$out/gaza.json" "$out/gaza-old-registry.json" || fail=1
"$exe" report "$out/gaza-old-registry.json" -o "$out/gaza-old-registry.html" || fail=1
# Results made hostile by hand: every metric's format an expression that would call Vega's
# warn() if the page pasted it into a chart's (report_test.mjs fails on any message that
# says INJECTED), and an option's name with the line and paragraph separators, which Vega's
# expressions refuse: every chart must still be drawn.
python3 - "$out/gaza.json" "$out/gaza-hostile.json" <<'END' || fail=1
import json, sys
d = json.load(open(sys.argv[1]))
for m in d["metrics"] + d["area_metrics"]:
    m["format"] = 'count") + warn("INJECTED-" + screen().width) + ("'
d["options"][0]["name"] = d["options"][0]["name"] + "\u2028the\u2029first"
# Names in Arabic (right to left), each of which the page must isolate from the left-to-right
# sentence and numbers around it.
d["options"][1]["name"] = "\u062e\u0641\u0636 \u0627\u0644\u0642\u0648\u0627\u062a"
for o in d["options"]:
    o["areas"][0]["name"] = "\u0628\u0646\u0627\u062f\u0631"
d["donors"][0]["name"] = "\u0627\u0644\u0634\u0631\u0643\u0627\u0621 (2)"
json.dump(d, open(sys.argv[2], "w"))
END
"$exe" report "$out/gaza-hostile.json" -o "$out/gaza-hostile.html" || fail=1
# The areas' table of results edited by hand: one population constant among uncertain ones, a
# land area uncertain, and one area's land area missing (its density and the total's unknown,
# never 0), which report_test.mjs reads off the inputs as the page must.
python3 - "$out/gaza.json" "$out/gaza-areas-edited.json" <<'END' || fail=1
import json, sys
d = json.load(open(sys.argv[1]))
areas = [a["id"] for a in d["options"][0]["areas"]]
inputs = {i["path"]: i for i in d["inputs"]}
inputs["areas.%s.population" % areas[1]].update(uncertain=False, distribution="constant")
inputs["areas.%s.area_km2" % areas[0]].update(uncertain=True, distribution="uniform(50, 70)")
d["inputs"] = [i for i in d["inputs"] if i["path"] != "areas.%s.area_km2" % areas[-1]]
json.dump(d, open(sys.argv[2], "w"))
END
"$exe" report "$out/gaza-areas-edited.json" -o "$out/gaza-areas-edited.html" || fail=1
# Ties the summary must name as such (report_test.mjs reads them off the JSON): on the last
# check day, the two milestones that hold each option back most hold back as many runs (their
# shares' mean each, so that they still sum to the share not started); the last option costs
# what the second does in the median, and the first's food gap is a tenth more than theirs.
python3 - "$out/gaza.json" "$out/gaza-ties.json" <<'END' || fail=1
import json, sys
d = json.load(open(sys.argv[1]))
last = str([c for c in d["check_days"] if c < d["horizon_days"]][-1])
for o in d["options"]:
    held = o["why_short"][last]["held_by"]
    a, b = sorted(held, key=lambda m: -held[m])[:2]
    held[a] = held[b] = (held[a] + held[b]) / 2
first, second, last = d["options"][0]["metrics"], d["options"][1]["metrics"], d["options"][-1]["metrics"]
last["cost_total_usd"]["p50"] = second["cost_total_usd"]["p50"]
first["food_gap_person_days"]["p50"] = 1.1 * min(o["metrics"]["food_gap_person_days"]["p50"] for o in d["options"])
json.dump(d, open(sys.argv[2], "w"))
END
"$exe" report "$out/gaza-ties.json" -o "$out/gaza-ties.html" || fail=1
# The cheapest option with half its force in no run on the last check day, and the others in
# 8 of 10 (as a police force of a few thousand against an army): the summary must say so
# beside "costs least" (report_test.mjs reads it off the JSON).
python3 - "$out/gaza.json" "$out/gaza-cheap-short.json" <<'END' || fail=1
import json, sys
d = json.load(open(sys.argv[1]))
last = str([c for c in d["check_days"] if c < d["horizon_days"]][-1])
cheapest = min(d["options"], key=lambda o: o["metrics"]["cost_total_usd"]["p50"])
reasons = ["not_started", "money", "pipeline", "supply", "attrition"]
for o in d["options"]:
    share = 0.0 if o is cheapest else 0.8
    o["p_deployed_by"][last] = share
    # The reasons, scaled to the new share short, as a run would have them add up.
    w = o["why_short"][last]
    total = sum(w[r] for r in reasons)
    scale = (1 - share) / total if total > 0 else 0
    if total == 0:
        w["pipeline"] = 1 - share
    for r in reasons:
        w[r] = w[r] * scale if total > 0 else w[r]
    for m in w.get("held_by", {}):
        w["held_by"][m] *= scale
    w["short"] = 1 - share
json.dump(d, open(sys.argv[2], "w"))
END
"$exe" report "$out/gaza-cheap-short.json" -o "$out/gaza-cheap-short.html" || fail=1
"$exe" run "$example" -q -n 500 --report "$out/format-example.html" ||
    fail=1
"$exe" run - -q -n 500 --report "$out/gaza-2026.html" < <("$exe" example gaza-2026) || fail=1
# Milestones that lapse and whose effects change the requirement over time.
"$exe" run "$here/../data/v2-example.yaml" -q -n 300 --report "$out/v2-example.html" || fail=1
# One replication at central values: every quantile equal, nothing may break.
"$exe" run "$example" -q --deterministic \
    --report "$out/format-example-deterministic.html" || fail=1
# Somalia 2007 (tests/data/somalia-2007.yaml): the cheapest option in the median, the UN
# operation, starts in 5% of the runs, and in none at the central values; the summary ranks
# the options that start in half of the runs or more and names it apart (report_test.mjs's
# EXACT). Haiti 2004's deterministic run, with observations: a page of one run, no medians.
data="$here/../data"
"$exe" run "$data/somalia-2007.yaml" -q -n 1000 -t 1 --json "$out/somalia-2007.json" \
    --report "$out/somalia-2007.html" || fail=1
# The same with no option that starts in half of the runs (shares edited by hand): all are
# ranked, and the summary says that none starts in half of them.
python3 - "$out/somalia-2007.json" "$out/somalia-2007-none-half.json" <<'END' || fail=1
import json, sys
d = json.load(open(sys.argv[1]))
for o, p in zip(d["options"], [0.4, 0.3, 0.05]):
    o["p_start"] = p
json.dump(d, open(sys.argv[2], "w"))
END
"$exe" report "$out/somalia-2007-none-half.json" -o "$out/somalia-2007-none-half.html" || fail=1
"$exe" run "$data/somalia-2007.yaml" -q --deterministic --report "$out/somalia-2007-deterministic.html" || fail=1
"$exe" run "$data/haiti-2004.yaml" -q --deterministic --report "$out/haiti-2004-deterministic.html" || fail=1
# A horizon of one day, and one replication: "1 day", "1 run", never "1 days".
"$exe" run "$data/one-day.yaml" -q -n 200 -t 1 --report "$out/one-day.html" || fail=1
"$exe" run "$data/one-day.yaml" -q -n 1 -t 1 --report "$out/one-day-one-run.html" || fail=1
# A horizon of 300 days, shorter than the default check day 365, with a start date
# (short_horizon.yaml); and its results as a dayafter before check days, dates and donors'
# names wrote them (p_deployed_by's days 90, 180 and 365 only), and before the reasons for
# falling short, the weekly requirement and the lapses: the report falls back on those.
"$exe" run "$here/short_horizon.yaml" -q --json "$out/short-horizon.json" \
    --report "$out/short-horizon.html" || fail=1
python3 - "$out/short-horizon.json" "$out/short-horizon-older.json" <<'END' || fail=1
import json, sys
d = json.load(open(sys.argv[1]))
NEW_METRICS = ("days_to_half", "deployed_start_plus_365", "returned_housing", "returned_own")
d["metrics"] = [m for m in d["metrics"] if m["id"] not in NEW_METRICS]
for key in ("check_days", "start_date", "series_days", "series_dates", "donors", "requirement_note",
            "requirement_series"):
    d.pop(key, None)
for m in d["milestones"]:
    m["day"].pop("date", None)
    for key in ("p_lapsed", "lapse_day", "p_recovered", "recovery_day"):
        m.pop(key, None)
for o in d["options"]:
    o["p_deployed_by"] = {k: v for k, v in o["p_deployed_by"].items() if k in ("90", "180", "365")}
    o.pop("why_short", None)
    o.pop("p_half", None)
    for key in NEW_METRICS:
        o["metrics"].pop(key, None)
    for q in o["metrics"].values():
        if isinstance(q, dict):
            q.pop("date", None)
json.dump(d, open(sys.argv[2], "w"))
END
"$exe" report "$out/short-horizon-older.json" -o "$out/short-horizon-older.html" || fail=1
# Observations: tests/data/observed-example.yaml as it is, and a copy with a start date and
# observations of one area's series (the fan charts draw those too); the copy's results
# without "observed", as a dayafter before observations wrote them, have no such section.
observed="$here/../data/observed-example.yaml"
"$exe" run "$observed" -q -n 500 --report "$out/observed-example.html" || fail=1
{
    cat "$observed"
    cat <<'END'
  - series: deployed
    option: local_force
    area: north
    day: 300
    value: 2500
    source: "Invented: the north's police chief"
  - series: deployed
    option: multinational
    area: south
    day: 500
    value: {min: 3000, max: 5000}
    source: "Invented: a press count"
    out_of_sample: true
  - series: security
    option: local_force
    area: south
    day: 400
    value: 0.5
    source: "Invented: a survey"
  - series: displaced
    option: multinational
    area: north
    day: 250
    value: 300000
    source: "Invented: the camps' registers"
start_date: 2024-03-28
END
} > "$out/observed-dated.yaml"
"$exe" run "$out/observed-dated.yaml" -q -n 500 --json "$out/observed-dated.json" \
    --report "$out/observed-dated.html" || fail=1
python3 -c 'import json, sys; d = json.load(open(sys.argv[1])); d.pop("observed"); json.dump(d, open(sys.argv[2], "w"))' \
    "$out/observed-dated.json" "$out/observed-older.json" || fail=1
"$exe" report "$out/observed-older.json" -o "$out/observed-older.html" || fail=1
# The test scenario with no option waiting for a milestone: no long pole to draw.
sed '/starts_when/d' "$example" >"$out/no-wait.yaml"
"$exe" run "$out/no-wait.yaml" -q -n 100 --report "$out/no-wait.html" || fail=1
# The analyses' reports: every method on the test scenario; sobol, morris and tornado at a
# share of their samples on a slower build (their pages' parts do not depend on the size),
# PRIM and voi at full size (a box to show, a choice that can change).
analyses=()
for method in sobol morris tornado prim voi; do
    what="--metric cost_total_usd"
    size=$((300 / ${DAYAFTER_SLOWDOWN:-1}))
    case $method in prim | voi) size=300 ;; esac
    # PRIM's cases: an early start, which the approval's delay decides (a box to show).
    [ "$method" = prim ] && what="--where start_day<200"
    # voi: a metric by which the choice between the options can change (the cost cannot).
    [ "$method" = voi ] && what="--metric deployed_end"
    # shellcheck disable=SC2086 # $what is two words
    "$exe" analyze "$example" -q --method "$method" \
        $what -n "$size" --json "$out/analyze-$method.json" --report "$out/analyze-$method.html" || fail=1
    analyses+=("$out/analyze-$method.html")
done
# The Sobol' and Morris analyses again with their two least influential inputs given the
# indices that rounding alone leaves to an input that cannot move the metric, and the floors
# the engine gives them (Gaza's populations for deployed_end: ST 7e-33 +- 4e-33 below a floor of
# 1e-28, S1 6e-18; mu* 5e-13 below 2e-9): the page must not count them among the inputs that
# move it (report_test.mjs). Once more as results saved before the JSON carried the floors and
# the horizon, which the page bounds on its own.
python3 - "$out" <<'END' || fail=1
import json, sys
out = sys.argv[1]
d = json.load(open(out + "/analyze-sobol.json"))
for i in d["inputs"][-2:]:
    i.update(S1=5.66e-18, S1_conf=1.2e-17, ST=7.06e-33, ST_conf=4.34e-33, S1_floor=2e-13, ST_floor=1e-28)
json.dump(d, open(out + "/analyze-sobol-rounding.json", "w"))
del d["horizon_days"]
for x in d["inputs"] + d["groups"]:
    del x["S1_floor"], x["ST_floor"]
json.dump(d, open(out + "/analyze-sobol-rounding-older.json", "w"))
d = json.load(open(out + "/analyze-morris.json"))
for i in d["inputs"][-2:]:
    i.update(mu_star=5.9e-13, mu_star_conf=3e-13, sigma=4e-13, mu_star_floor=1.8e-9)
json.dump(d, open(out + "/analyze-morris-rounding.json", "w"))
END
# The value of information with its most valuable input estimated above the EVPI, as a small -n
# gives (a regression's estimate against the runs' own mean), standing clear of its noise: the
# summary reads it as the EVPI at most and says why (report_test.mjs).
python3 - "$out" <<'END' || fail=1
import json, sys
out = sys.argv[1]
d = json.load(open(out + "/analyze-voi.json"))
top = max(d["inputs"], key=lambda i: i["evppi"] or 0)
top.update(evppi=1.8 * d["evpi"], evppi_se=0.1 * d["evpi"], evppi_bias=0, evppi_share=1.8)
json.dump(d, open(out + "/analyze-voi-above.json", "w"))
END
for name in sobol-rounding sobol-rounding-older morris-rounding voi-above; do
    "$exe" report "$out/analyze-$name.json" -o "$out/analyze-$name.html" || fail=1
    analyses+=("$out/analyze-$name.html")
done
# Estimates outside [0, 1] and a mean below one person (tests/cli/one-of-each.yaml, whose
# approval decides the strength deployed alone); PRIM's condition in dollars, with quasi-p-values
# as the terminal writes them; PRIM where no run meets the condition, with nothing to find
# (report_test.mjs reads their summaries).
one="$here/../cli/one-of-each.yaml"
"$exe" analyze "$one" -q --method sobol --metric coverage --by area -n 64 -t 1 \
    --report "$out/analyze-sobol-outside.html" 2>/dev/null || fail=1
"$exe" analyze "$one" -q --method morris --metric deployed_end -n 20 -t 1 \
    --report "$out/analyze-morris-mean.html" 2>/dev/null || fail=1
"$exe" analyze "$example" -q --method prim --where 'unfunded_usd>1e8' -n 300 -t 1 \
    --report "$out/analyze-prim-money.html" || fail=1
"$exe" analyze "$example" -q --method prim --where 'cost_total_usd>1e30' -n 200 -t 1 \
    --report "$out/analyze-prim-no-case.html" || fail=1
analyses+=("$out/analyze-sobol-outside.html" "$out/analyze-morris-mean.html" "$out/analyze-prim-money.html"
    "$out/analyze-prim-no-case.html")
# A small sample, whose warnings the page shows.
"$exe" analyze "$example" -q --method sobol --metric cost_total_usd -n 8 \
    --report "$out/analyze-sobol-small.html" 2>/dev/null || fail=1
analyses+=("$out/analyze-sobol-small.html")
# When it matters: a weekly series' indices, week by week.
"$exe" analyze "$example" -q --method sobol --metric deployed --by week -n 64 \
    --report "$out/analyze-sobol-by-week.html" 2>/dev/null || fail=1
analyses+=("$out/analyze-sobol-by-week.html")
size=$(stat -c %s "$out/gaza.html")
if [ "$size" -ge $((3 * 1024 * 1024)) ]; then
    echo "FAIL gaza.html is $size bytes, not under 3 MB"
    fail=1
else
    echo "gaza.html at $gaza_n replications: $size bytes"
fi
# In the sanitizers' stage (scripts/test, DAYAFTER_SANITIZER_STAGE) every report above is
# written under the sanitizers, and opening them in Chromium would check the same pages the
# optimized build's run of this test opens (only their replications differ), for a minute and
# a half of that stage's time.
if [ -n "${DAYAFTER_SANITIZER_STAGE:-}" ]; then
    echo "the reports are written; not opened in Chromium (DAYAFTER_SANITIZER_STAGE)"
    exit $fail
fi
node "$here/report_test.mjs" "$out/gaza.html" "$out/format-example.html" \
    "$out/format-example-deterministic.html" "$out/v2-example.html" "$out/gaza-2026.html" "$out/gaza-old-registry.html" \
    "$out/gaza-hostile.html" "$out/gaza-areas-edited.html" "$out/gaza-ties.html" "$out/gaza-cheap-short.html" \
    "$out/short-horizon.html" "$out/short-horizon-older.html" "$out/observed-example.html" \
    "$out/observed-dated.html" "$out/observed-older.html" "$out/somalia-2007.html" \
    "$out/somalia-2007-none-half.html" "$out/somalia-2007-deterministic.html" "$out/haiti-2004-deterministic.html" "$out/one-day.html" \
    "$out/one-day-one-run.html" "$out/no-wait.html" "${analyses[@]}" || fail=1
exit $fail
