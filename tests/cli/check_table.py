#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Checks the terminal table of `dayafter run` against the run's JSON.

Usage: check_table.py TABLE.txt RESULTS.json WIDTH

The table must fit WIDTH columns on every line; its options, in their groups, must be the
JSON's, each once; every row must be one the checker knows (a metric by the label the JSON's
registry gives it, a share, a donor, a purpose, a milestone of the long pole), every metric of
the registry and every share that qualifies one (p_start, p_ioc, p_half) must be there for
every option; and every number in it, parsed back, must be the JSON's value as the formatting
rules (src/output/format.h) write it: in the metric's format ($ for money, % for shares,
thousands separators from 1,000), equal to 3 significant digits (whole numbers: to the unit). Prints what is wrong; exit 1 when anything is.
"""
import datetime
import json
import math
import re
import sys

# The long pole's title where no milestone holds up any option (and no rows follow it).
POLE_NONE = ("The long pole: none (no option's start waits for a milestone in a run in which it "
             "starts)")
TITLES = ["When it can start", "Why it falls short of half the need", "Security", "Money",
          "People",
          "The long pole (criticality: share of starting runs it holds up)", POLE_NONE]
HANGING = 4
RESULTS = None  # the run's JSON, once main() has read it
# The rows of "Why it falls short": each reason's label, and its key in the JSON's why_short.
REASONS = {"not started": "not_started", "money (arrears since start)": "money",
           "pipeline (on the way)": "pipeline", "supply (too few came, or tours ended)": "supply",
           "attrition (too many left)": "attrition"}
# The rows of the shares that qualify a metric (a start day, the IOC day, the days to half
# strength are those of the runs that get there), and their keys in the JSON's options.
SHARES = {"Starts within the horizon": "p_start", "Every area covered (IOC)": "p_ioc",
          "Reaches half strength (of runs that start)": "p_half", "Reaches half strength": "p_half"}
NUM = r"(?:-|<|>)?\$?[0-9][0-9,]*(?:\.[0-9]+)?(?:bn|m|k|%)?"
CELL = re.compile(r"^(%s)(?: \((%s)-(%s)\))?$" % (NUM, NUM, NUM))
SCALE = {"bn": 1e9, "m": 1e6, "k": 1e3}

problems = []


def problem(text):
    problems.append(text)


def parse_number(token, fmt, where):
    """The value of a printed number, and how far from the JSON's it may be."""
    money, share = "$" in token, token.endswith("%")
    if money != (fmt == "money") or share != (fmt == "share"):
        problem("%s: '%s' is not written as %s" % (where, token, fmt))
    body = token.replace("$", "").rstrip("%")
    negative = body.startswith("-")
    body = body.lstrip("-")
    m = re.match(r"^([0-9][0-9,]*(?:\.[0-9]+)?)(bn|m|k)?$", body)
    if not m:
        problem("%s: '%s' is not a number" % (where, token))
        return 0.0, 0.0
    digits, suffix = m.group(1), m.group(2)
    if "," in digits or (not suffix and "." not in digits and len(digits) > 3):
        if not re.match(r"^[0-9]{1,3}(,[0-9]{3})+$", digits):
            problem("%s: '%s' has no thousands separators, or wrong ones" % (where, token))
    if suffix and fmt in ("day", "share"):
        problem("%s: '%s' is shortened, which a %s never is" % (where, token, fmt))
    value = float(digits.replace(",", "")) * SCALE.get(suffix, 1)
    if "," in digits or (fmt in ("count", "day") and not suffix):
        tol = 0.5  # a whole number
    else:
        # 3 significant digits, at most 3 decimals in the unit it is written in.
        unit = SCALE.get(suffix, 1)
        shown = value / unit
        exp = len(str(int(shown))) - 1 if shown >= 1 else -1
        while shown and shown < 10 ** exp:
            exp -= 1
        tol = max(0.5 * 10 ** (exp - 2), 0.0005) * unit
    if share:
        value, tol = value / 100, tol / 100
    return -value if negative else value, tol


def check_value(token, want, fmt, where):
    if want is None:
        problem("%s: '%s' where the JSON has no value" % (where, token))
        return
    if fmt == "share" and token in ("<0.001%", ">99.9%"):
        # A share above none and below all that would round to either (format.h).
        inside = 0 < want < 0.000005 if token[0] == "<" else 0.9995 <= want < 1
        if not inside:
            problem("%s: '%s' where the JSON has %r" % (where, token, want))
        return
    got, tol = parse_number(token, fmt, where)
    if fmt == "day":
        # A day is the day a time falls in (its whole part), as its date is: 624.75 is 624.
        if abs(got) != math.floor(abs(want)) or (got < 0 and want >= 0):
            problem("%s: '%s' is %r, not the day the JSON's %r falls in" % (where, token, got,
                                                                           want))
        return
    if abs(got - want) > tol * (1 + 1e-9) + 1e-12 * abs(want):
        problem("%s: '%s' is %r, the JSON's %r" % (where, token, got, want))


def check_quantiles(cell, q, fmt, where):
    """A cell "median (p10-p90)" or "median" or "-" against the JSON's quantiles."""
    if cell == "-":
        if q is not None:
            problem("%s: '-' where the JSON has %r" % (where, q))
        return
    m = CELL.match(cell)
    if not m or q is None:
        problem("%s: '%s' is not a median with its range, or the JSON has none" % (where, cell))
        return
    check_value(m.group(1), q["p50"], fmt, where + " median")
    lo, hi = m.group(2), m.group(3)
    check_value(lo or m.group(1), q["p10"], fmt, where + " p10")
    check_value(hi or m.group(1), q["p90"], fmt, where + " p90")


def check_share(cell, value, where):
    if cell == "-":
        if value is not None:
            problem("%s: '-' where the JSON has %r" % (where, value))
        return
    check_value(cell, value, "share", where)


def join(pieces):
    """Pieces of a wrapped label or cell: an id broken after '_' or '-' goes on directly."""
    text = ""
    for p in pieces:
        text += p if not text or text.endswith(("_", "-")) and not p.startswith("(") else " " + p
    return text


def columns_of(line):
    """The start of each column in a heading line (which has no label)."""
    return [m.start() for m in re.finditer(r"\S+", line)]


def cells_of(line, starts):
    label = line[:starts[0]]
    cells = []
    for k, s in enumerate(starts):
        end = starts[k + 1] if k + 1 < len(starts) else len(line)
        cells.append(line[s:end].strip())
    return label, cells


def read_rows(lines, i, starts):
    """Rows from lines[i], to the end of the group: (title, label, cells) each."""
    rows, title = [], None
    while i < len(lines) and not re.match(r"^Options? [0-9]", lines[i]):
        line = lines[i]
        if line == "" and i + 1 < len(lines) and re.match(r"^Options? [0-9]", lines[i + 1]):
            return rows, i + 1
        if line == "":
            i += 1
            text = ""
            while i < len(lines):
                text = (text + " " + lines[i]).strip()
                i += 1
                if text in TITLES:
                    break
                if not any(t.startswith(text) for t in TITLES):
                    problem("not a section's title: '%s'" % text)
                    return rows, i
            title = text
            if text == POLE_NONE and RESULTS is not None and any(
                    (c or 0) > 0 for o in RESULTS["options"] for c in o["criticality"].values()):
                problem("the long pole said to be none, where the JSON has a criticality above 0")
            continue
        label, cells = cells_of(line, starts)
        indent = len(label) - len(label.lstrip())
        if label.strip() and (not rows or indent < rows[-1]["indent"] + HANGING
                              or rows[-1]["title"] != title):
            rows.append({"title": title, "indent": indent, "label": [label.strip()],
                         "cells": [[c] if c else [] for c in cells]})
        elif rows:
            if label.strip():
                rows[-1]["label"].append(label.strip())
            for k, c in enumerate(cells):
                if c:
                    rows[-1]["cells"][k].append(c)
        i += 1
    return rows, i


def count_text(n):
    """A whole count as the table writes it: 2,000; 1.5m from a million."""
    if n >= 1e6:
        return ("%.3g" % (n / 1e6)) + "m"
    return "{:,}".format(n)


def check_dates(cell, dates, which, where):
    """A row of dates: the median's ("as a date") or the 10th and 90th percentiles' ("LOW to
    HIGH"), as the JSON's "date" has them; "-" where it has none."""
    if not dates or not dates.get("p50"):
        want = "-"
    elif which == "median":
        want = dates["p50"]
    else:
        want = "%s to %s" % (dates["p10"], dates["p90"])
    if cell != want:
        problem("%s: '%s', the JSON gives '%s'" % (where, cell, want))


def day_date(results, day):
    """The date of 'day' after the JSON's start_date."""
    start = datetime.date.fromisoformat(results["start_date"])
    return (start + datetime.timedelta(days=day)).isoformat()


def check_row(row, options, results, seen, previous):
    """Checks one row; 'previous' is the last metric's row before it (for the dates)."""
    label = join(row["label"])
    labels = {m["label"]: m for m in results["metrics"]}
    dated = re.match(r"^day ([0-9]+) \(([0-9-]+)\)$", label)
    short_day = re.match(r"^on day ([0-9]+)(?: \(([0-9-]+)\))?$", label)
    if short_day:
        previous[1] = short_day.group(1)
        if short_day.group(2) and day_date(results, int(short_day.group(1))) != short_day.group(2):
            problem("%s: not the date of day %s" % (label, short_day.group(1)))
    if dated and day_date(results, int(dated.group(1))) != dated.group(2):
        problem("%s: not the date of day %s" % (label, dated.group(1)))
    if label in labels:
        previous[0] = labels[label]["id"]
    for k, o in enumerate(options):
        cell = join(row["cells"][k])
        where = "%s, %s" % (label, o["id"])
        if label in labels:
            m = labels[label]
            check_quantiles(cell, o["metrics"][m["id"]], m["format"], where)
            seen.add((m["id"], o["id"]))
        elif label in SHARES:
            check_share(cell, o[SHARES[label]], where)
            seen.add((SHARES[label], o["id"]))
        elif label == "Half the need deployed by" or short_day:
            if cell:
                problem("%s: a heading with a value '%s'" % (where, cell))
        elif re.match(r"^day [0-9]+$", label) or dated:
            day = dated.group(1) if dated else label[4:]
            if int(day) not in results["check_days"]:
                problem("%s: day %s is not one of the run's check days" % (where, day))
            check_share(cell, o["p_deployed_by"].get(day), where)
        elif label == "runs counted":
            # The runs a metric rests on, where some lack it: the JSON's mc_error.n.
            quantiles = o["metrics"].get(previous[0]) or {}
            n = (quantiles.get("mc_error") or {}).get("n", 0)
            want = "%s of %s" % (count_text(n), count_text(results["replications"]))
            if cell != want:
                problem("%s: '%s', the JSON gives '%s'" % (where, cell, want))
        elif label in ("as a date", "10th-90th as dates"):
            quantiles = o["metrics"].get(previous[0]) or {}
            which = "median" if label == "as a date" else "range"
            check_dates(cell, quantiles.get("date"), which, where)
        elif label in REASONS:
            why = o["why_short"].get(previous[1])
            if why is None:
                problem("%s: no reasons for day %s in the JSON" % (where, previous[1]))
            else:
                check_share(cell, why[REASONS[label]], where)
        elif label == "most often held by":
            if cell != "-":
                milestone, _, share = cell.rpartition(" ")
                check_share(share, o["why_short"][previous[1]]["held_by"].get(milestone), where)
        elif label.startswith("paid by "):
            check_quantiles(cell, o["cost_by_donor"][label[8:]], "money", where)
        elif label.startswith("for "):
            check_quantiles(cell, o["cost_by_purpose"][label[4:]], "money", where)
        elif label == "tied with 3.":
            # The milestones as critical as the third of the long pole that its rows leave out.
            shares = sorted(o["criticality"].values(), reverse=True)
            hidden = 0
            if len(shares) > 3 and shares[2] > 0:
                hidden = shares.count(shares[2]) - shares[:3].count(shares[2])
            want = "%d more" % hidden if hidden else "-"
            if cell != want:
                problem("%s: '%s', the JSON's criticality gives '%s'" % (where, cell, want))
        elif re.match(r"^[1-3]\.$", label):
            if cell != "-":
                milestone, _, share = cell.rpartition(" ")
                check_share(share, o["criticality"].get(milestone), where)
        else:
            problem("a row the checker does not know: '%s'" % label)
            return


def check_record(lines, results):
    """The "Against the record" block after the grid: one entry per observation of the JSON,
    each with its percentile as the JSON has it. Returns the lines before the block."""
    observations = (results.get("observed") or {}).get("observations") or []
    if "Against the record" not in lines:
        if observations:
            problem("no 'Against the record' block for %d observations" % len(observations))
        return lines
    at = lines.index("Against the record")
    text = " ".join(lines[at + 1:])
    # A share as the report writes it ("0.85%", "99.7%", "<0.001%"): the JSON's within half a
    # unit of its last digit shown.
    entries = re.findall(r"percentile ([<>]?)([0-9.]+)%", text)
    if len(entries) != len(observations):
        problem("the record block has %d observations, the JSON %d" % (len(entries), len(observations)))
    for (bound, got), ob in zip(entries, observations):
        if ob["percentile"] is None:
            continue
        want = 100 * ob["percentile"]
        digits = len(got.split(".")[1]) if "." in got else 0
        close = abs(float(got) - want) <= 0.5 * 10 ** -digits + 1e-9
        if (bound == "<" and not 0 < want < float(got)) or (bound == ">" and not float(got) < want < 100) or \
                (not bound and not close):
            problem("an observation's percentile %s%s%%, the JSON gives %s" % (bound, got, ob["percentile"]))
    end = at
    while end > 0 and lines[end - 1] == "":
        end -= 1
    return lines[:end]


def main(table_file, json_file, width):
    with open(table_file, encoding="utf-8") as f:
        lines = f.read().split("\n")
    global RESULTS
    with open(json_file, encoding="utf-8") as f:
        results = json.load(f)
    RESULTS = results
    if lines and lines[-1] == "":
        lines.pop()
    for n, line in enumerate(lines, 1):
        if len(line) > width:
            problem("line %d is %d columns wide, more than %d: %s" % (n, len(line), width, line))
    options = results["options"]
    lines = check_record(lines, results)
    i = lines.index("") + 1  # after the scenario's name and the run's line
    order, seen = [], set()
    while i < len(lines):
        group = re.match(r"^Options? ([0-9]+)(?:-([0-9]+))? of ([0-9]+)$", lines[i])
        if lines[i] == "" and i + 1 < len(lines) and re.match(r"^Options? [0-9]", lines[i + 1]):
            i += 1
            continue
        if group:
            i += 1
        heads = []
        while i < len(lines) and lines[i] != "":
            heads.append(lines[i])
            i += 1
        starts = columns_of(heads[0])
        ids = [join([cells_of(h, starts)[1][k] for h in heads if cells_of(h, starts)[1][k]])
               for k in range(len(starts))]
        group_options = options[len(order):len(order) + len(ids)]
        if ids != [o["id"] for o in group_options]:
            problem("headings %s, not the options %s" % (ids, [o["id"] for o in group_options]))
            break
        order += ids
        rows, i = read_rows(lines, i, starts)
        previous = [None, None]
        for row in rows:
            check_row(row, group_options, results, seen, previous)
    if order != [o["id"] for o in options]:
        problem("the options %s, not each of the JSON's once" % order)
    for m in results["metrics"]:
        for o in options:
            if (m["id"], o["id"]) not in seen:
                problem("no row of %s (%s) for %s" % (m["id"], m["label"], o["id"]))
    for label, key in SHARES.items():
        for o in options:
            if (key, o["id"]) not in seen:
                problem("no row of %s (%s) for %s" % (key, label, o["id"]))
    for p in problems[:20]:
        print("%s: %s" % (table_file, p))
    return 1 if problems else 0


if __name__ == "__main__":
    if len(sys.argv) != 4:
        sys.stderr.write(__doc__)
        sys.exit(2)
    sys.exit(main(sys.argv[1], sys.argv[2], int(sys.argv[3])))
