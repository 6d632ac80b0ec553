#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""The hindcasts' scores in docs/validation.md, written from a run, or checked against one.

For each hindcast of scenarios/history/, runs `dayafter run FILE -n 4000 --seed 1 --json`
and writes, between the markers <!-- scores:NAME --> and <!-- /scores:NAME --> of the page,
the table of its observations against the runs (the simulated median and 10th-90th
percentiles, the observed value's percentile, its CRPS, the range that holds it) and the
totals. With --check, the page's tables must be those the run gives (the test of
tests/meson.build); without, the page is rewritten.
Usage: validation_scores.py DAYAFTER ROOT [--check]
"""
import json
import os
import re
import subprocess
import sys

MISSIONS = ["kosovo-1999", "east-timor-1999"]
REPLICATIONS = "4000"


def fmt(x, style):
    """A number as the page writes it: days whole, shares as percentages, counts with commas."""
    if x is None:
        return "-"
    if style == "share":
        return "%.0f%%" % (100 * x)
    if abs(x) >= 100 or style == "day":
        return "{:,.0f}".format(x)
    return "%.3g" % x


def style_of(ob):
    if ob["kind"] == "milestone":
        return "day"
    if ob["quantity"] in ("coverage", "security", "water_coverage", "food_coverage",
                          "security_mean_end", "bed_coverage_end"):
        return "share"
    return "count"


def what(ob):
    if ob["kind"] == "milestone":
        return "milestone `%s`" % ob["quantity"]
    text = "`%s`" % ob["quantity"]
    if ob["from"]:
        text += " from " + (", ".join(ob["from"]) if len(ob["from"]) <= 3
                            else "%d sources" % len(ob["from"]))
    if ob["area"]:
        text += " in " + ob["area"]
    return text


def holds(ob):
    if ob["inside_50"]:
        return "25th-75th"
    if ob["inside_80"]:
        return "10th-90th"
    return "neither"


def table(results):
    """The markdown of one mission's scores."""
    rows = ["| # | day | observed | quantity | runs: median (10th-90th) | percentile | "
            "range that holds it | CRPS |", "|---:|---:|---:|---|---:|---:|---|---:|"]
    obs = results["observed"]["observations"]
    for i, ob in enumerate(obs, 1):
        st = style_of(ob)
        observed = fmt(ob["value"], st) if ob["min"] == ob["max"] else \
            "%s-%s" % (fmt(ob["min"], st), fmt(ob["max"], st))
        day = "-" if ob["day"] is None else str(ob["day"])
        runs = "%s (%s-%s)" % (fmt(ob["p50"], st), fmt(ob["p10"], st), fmt(ob["p90"], st))
        rows.append("| %d | %s | %s | %s | %s | %.0f%% | %s | %s |" % (
            i, day, observed, what(ob), runs, 100 * ob["percentile"], holds(ob),
            fmt(ob["crps"], "day" if st == "day" else "count" if st == "count" else "share")))
    s = results["observed"]["out_of_sample"]
    rows.append("")
    rows.append("In all, %d observations (all out of sample): %d inside the 10th-90th (%.0f%%, "
                "against 80%% when calibrated), %d inside the 25th-75th (%.0f%%, against 50%%); "
                "percentiles by tenths %s (about equal counts when calibrated)." % (
                    s["count"], s["inside_80"], 100 * s["share_inside_80"], s["inside_50"],
                    100 * s["share_inside_50"], " ".join(str(h) for h in s["percentile_histogram"])))
    return "\n".join(rows)


def run(exe, root, name):
    path = os.path.join(root, "scenarios", "history", name + ".yaml")
    out = subprocess.run([exe, "run", path, "-n", REPLICATIONS, "--seed", "1", "-q", "--json", "-"],
                         check=True, capture_output=True, text=True).stdout
    return json.loads(out)


def main():
    if len(sys.argv) not in (3, 4):
        sys.exit(__doc__)
    exe, root = sys.argv[1], sys.argv[2]
    check = sys.argv[3:] == ["--check"]
    page_path = os.path.join(root, "docs", "validation.md")
    page = open(page_path, encoding="utf-8").read()
    bad = 0
    for name in MISSIONS:
        start, end = "<!-- scores:%s -->" % name, "<!-- /scores:%s -->" % name
        m = re.search(re.escape(start) + r"\n(.*?)" + re.escape(end), page, re.S)
        if not m:
            print("docs/validation.md: no markers %s ... %s" % (start, end))
            bad += 1
            continue
        want = table(run(exe, root, name)) + "\n"
        if check:
            if m.group(1) != want:
                print("docs/validation.md: the scores of %s are not those a run gives; rerun "
                      "scripts/validation_scores.py" % name)
                bad += 1
        else:
            page = page[:m.start(1)] + want + page[m.end(1):]
    if not check:
        open(page_path, "w", encoding="utf-8").write(page)
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
