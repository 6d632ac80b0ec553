#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Writes the adversarial scenario files that bench/yaml_adversarial.sh times.

Each shape is a file of about SIZE bytes (default 1 MiB) built to make one stage of the loader
do the most work per byte: the duplicate-key check, aliases of a huge key or value, "did you
mean" among many ids, the milestone graph, the whole-scenario checks, the "# source:" notes.
Every shape but the last is invalid on purpose; what matters is how long validation takes.
Usage: bench/yaml_adversarial.py DIR [SIZE]
"""
import os
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BASE = os.path.join(ROOT, "tests", "bad", "base-valid.yaml.txt")


def fill(head, item, size, tail=""):
    """head, then item(0), item(1), ... while the whole stays within 'size' bytes."""
    parts, used, i = [head], len(head) + len(tail), 0
    while True:
        piece = item(i)
        if used + len(piece) > size:
            break
        parts.append(piece)
        used += len(piece)
        i += 1
    parts.append(tail)
    return "".join(parts)


def keys_distinct(size):
    return fill("dayafter: 1\n", lambda i: "k%06d: 1\n" % i, size)


def keys_duplicate(size):
    return fill("dayafter: 1\n", lambda i: "k: 1\n", size)


def alias_key(key_bytes):
    def shape(size):
        head = "dayafter: 1\n? &k " + "x" * key_bytes + "\n: 1\n"
        return fill(head, lambda i: "*k : 1\n", size)
    return shape


def alias_value(size):
    """One 128 KiB scalar named everywhere a reference, an id, a number or a string goes."""
    head = ("dayafter: 1\nx: &v " + "v" * 131072 + "\ny: &n " + "1" * 131072 + "\n"
            "constraints:\n  no_troops_from: [*v, *v, *v, *v]\nmilestones:\n")
    return fill(head, lambda i: "- {id: *v, after: *v, delay_days: *n}\n", size)


def alias_text(size):
    """One 128 KiB scalar as the name of every area and the country of every contingent."""
    head = ("dayafter: 1\nx: &v " + "v" * 131072 + "\n"
            "constraints:\n  no_troops_from: [*v]\nareas:\n")
    areas = fill(head, lambda i: "- {id: a%05d, name: *v}\n" % i, size // 2)
    sources = fill("options:\n- id: o\n  sources:\n",
                   lambda i: "  - {kind: contingent, country: *v}\n", size - len(areas))
    return areas + sources


def refs_unknown(size):
    """Many milestones, each waiting for an id one letter away from another's."""
    def item(i):
        typo = "m%05d" % ((i * 7919) % 30000)
        return "- {id: m%05d, after: [%s]}\n" % (i, typo[:3] + "x" + typo[4:])
    return fill("dayafter: 1\nmilestones:\n", item, size)


def nesting_deep(size):
    depth = 60  # the document and the list take two of the 64 levels allowed
    return fill("dayafter: 1\nx:\n", lambda i: "- " + "[" * depth + "1" + "]" * depth + "\n",
                size)


def cycle_back_edges(size):
    """A chain m0 <- m1 <- ... whose last milestone waits for every one before it."""
    n = (size - 64) // 55  # a chain line of 47 bytes, and 8 in the last one's list
    chain = "".join("- {id: m%05d, delay_days: 1, after: [m%05d]}\n" % (i, i + 1)
                    for i in range(n - 1))
    last = "- id: m%05d\n  delay_days: 1\n  after: [%s]\n" % (
        n - 1, ", ".join("m%05d" % i for i in range(n - 1)))
    return "dayafter: 1\nmilestones:\n" + chain + last


def no_troops(size):
    """Many contingents against a long list of countries that may send none."""
    half = size // 2
    countries = fill("dayafter: 1\nconstraints:\n  no_troops_from: [", lambda i: "C%05d, " % i,
                     half, "C]\n")
    sources = fill("options:\n- id: o\n  sources:\n",
                   lambda i: "  - {kind: contingent, country: X%05d}\n" % i, size - len(countries))
    return countries + sources


def correlations(size):
    """Many uncertain inputs and rank correlations between neighbours among them."""
    n = size // 230
    ms = "".join("- {id: m%05d, delay_days: {dist: uniform, min: 0, max: 1}}\n" % i
                 for i in range(2 * n))
    pairs = "".join("- {between: [milestones.m%05d.delay_days, milestones.m%05d.delay_days], "
                    "rank: 0.1}\n" % (2 * i, 2 * i + 1) for i in range(n))
    return "dayafter: 1\nmilestones:\n" + ms + "correlations:\n" + pairs


def sectors_areas(size):
    """Many areas and many sectors: a table of damage per sector and area would be their
    product."""
    areas = fill("dayafter: 1\nareas:\n", lambda i: "- {id: a%05d}\n" % i, size // 2)
    sectors = fill("reconstruction:\n  sectors:\n", lambda i: "  - {id: s%05d}\n" % i,
                   size - len(areas))
    return areas + sectors


def source_notes(size):
    """A valid scenario whose areas stand on one line under a long comment: every input on
    that line looks for its "# source:" note."""
    with open(BASE, encoding="utf-8") as f:
        lines = f.read().split("\n")
    start = lines.index("areas:")
    end = lines.index("milestones:")
    area = ("{id: %s, name: n, population: 1000, area_km2: 1, displaced_share: 0.5, "
            "security_baseline: 0.2, water_capacity_m3_day: 10, hospital_beds: 1}")
    rest = "\n".join(lines[:start] + ["#"] + lines[end:])
    # A short horizon keeps a run of so many areas within the memory a run may use.
    rest = rest.replace("horizon_days: 365", "horizon_days: 30")
    budget = size - len(rest) - 64
    comment = fill("# source: a long note\n", lambda i: "#  continued %06d\n" % i, budget // 2)
    flow = fill("areas: [" + area % "north" + ", " + area % "south",
                lambda i: ", " + area % ("a%05d" % i), budget - len(comment), "]\n")
    return rest.replace("\n#\n", "\n" + comment + flow, 1)


SHAPES = [
    ("keys-distinct", keys_distinct),
    ("keys-duplicate", keys_duplicate),
    ("alias-key-64k", alias_key(65536)),
    ("alias-key-128k", alias_key(131072)),
    ("alias-value-128k", alias_value),
    ("alias-text-128k", alias_text),
    ("refs-unknown", refs_unknown),
    ("nesting-deep", nesting_deep),
    ("cycle-back-edges", cycle_back_edges),
    ("no-troops", no_troops),
    ("correlations", correlations),
    ("sectors-areas", sectors_areas),
    ("source-notes", source_notes),
]


def main():
    if len(sys.argv) not in (2, 3):
        sys.exit("usage: yaml_adversarial.py DIR [SIZE]")
    size = int(sys.argv[2]) if len(sys.argv) == 3 else 1 << 20
    for name, shape in SHAPES:
        with open(os.path.join(sys.argv[1], name + ".yaml"), "w", encoding="utf-8") as f:
            f.write(shape(size))
        print(name)


if __name__ == "__main__":
    main()
