#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Replications in lockstep on randomized scenarios: the same JSON, bit for bit, for blocks of
1 lane (each replication alone, the reference path), 5 and 8 lanes, on 1 and 2 threads, and on
the SSE2 and AVX2 kernels. And the analyses' (which run their points in blocks too, ordered
by the days their options share): a Sobol' design of the incidents (which follow each
replication's own stream) of the scenario's last option, which waits for the days it shares
with the first, and a Morris design of the cost of its first.

Each scenario is one of the given files with its numbers moved at random: every number on a
line is scaled by one factor (so a distribution's min, mode and max keep their order), shares
and probabilities kept at most 1, counts of days and replications left alone. Scenarios the
validator refuses are skipped; at least half must run.

Usage: random_lanes.py DAYAFTER COUNT SEED SCENARIO...
"""
import json
import os
import random
import re
import subprocess
import sys
import tempfile

# Left as they are: the format version, counts and days of the run, and the truck shares,
# which must sum to 1.
KEEP = {"dayafter", "horizon_days", "replications", "seed", "check_days", "day", "start_date",
        "truck_shares"}
NUMBER = re.compile(r"(?<![\w.])(-?\d+(?:\.\d+)?(?:[eE][-+]?\d+)?)(?![\w.])")
KEPT = re.compile(r"\b(?:%s):" % "|".join(sorted(KEEP)))


def mutate(text, rng):
    out = []
    for line in text.splitlines():
        code, hash_, comment = line.partition("#")
        if KEPT.search(code) or ":" not in code or "id:" in code:
            out.append(line)
            continue
        factor = rng.uniform(0.4, 2.5)

        def scale(m):
            value = float(m.group(1))
            new = value * factor
            if 0 <= value <= 1:
                new = min(new, 1.0)
            return repr(new) if "." in m.group(1) or "e" in m.group(1).lower() else \
                repr(float(round(new)))
        head, colon, rest = code.partition(":")
        out.append(head + colon + NUMBER.sub(scale, rest) + hash_ + comment)
    return "\n".join(out) + "\n"


def body(path):
    with open(path, encoding="utf-8") as f:
        data = json.load(f)
    data.get("run", {}).pop("command_line", None)  # names the output file
    return json.dumps(data, sort_keys=True)


def run(exe, scenario, out, lanes, threads, isa, seed):
    env = dict(os.environ, DAYAFTER_LANES=str(lanes), DAYAFTER_ISA=isa)
    result = subprocess.run([exe, "run", scenario, "-q", "-n", "60", "-t", str(threads),
                             "--seed", str(seed), "--json", out],
                            env=env, capture_output=True, text=True, timeout=300)
    return result.returncode, result.stderr


def analyze(exe, scenario, out, lanes, threads, isa, seed, method):
    env = dict(os.environ, DAYAFTER_LANES=str(lanes), DAYAFTER_ISA=isa)
    result = subprocess.run([exe, "analyze", scenario, "-q", "-t", str(threads),
                             "--seed", str(seed), "--json", out] + method,
                            env=env, capture_output=True, text=True, timeout=300)
    if result.returncode != 0:
        return result.returncode, result.stderr
    with open(out, encoding="utf-8") as f:
        return 0, f.read()


def analyses_alike(exe, path, tmp, i, options):
    """The analyses' JSON (or exit status and message) for blocks of 8 and 5 lanes against one
    point at a time; the name of the first that differs, else None."""
    out = os.path.join(tmp, "analysis.json")
    for method in (["--method", "sobol", "--metric", "incidents_total", "-n", "3",
                    "--option", options[-1]],
                   ["--method", "morris", "--metric", "cost_total_usd", "-n", "2"]):
        want = analyze(exe, path, out, 1, 1, "sse2", i, method)
        for lanes, threads, isa in ((8, 2, "avx2"), (5, 1, "avx2")):
            if analyze(exe, path, out, lanes, threads, isa, i, method) != want:
                return "%s, %d lanes, %d threads, %s" % (method[1], lanes, threads, isa)
    return None


def main():
    exe, count, seed, bases = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4:]
    rng = random.Random(seed)
    ran = skipped = failed = 0
    with tempfile.TemporaryDirectory() as tmp:
        for i in range(count):
            base = bases[i % len(bases)]
            with open(base, encoding="utf-8") as f:
                text = mutate(f.read(), rng)
            path = os.path.join(tmp, "s%d.yaml" % i)
            with open(path, "w", encoding="utf-8") as f:
                f.write(text)
            if subprocess.run([exe, "validate", path], capture_output=True).returncode != 0:
                skipped += 1
                continue
            ref = os.path.join(tmp, "ref.json")
            code, err = run(exe, path, ref, 1, 1, "sse2", i)
            if code != 0:
                # A validated scenario whose numbers the engine refuses (beyond the model):
                # every block size must refuse it alike.
                code8, _ = run(exe, path, os.path.join(tmp, "x.json"), 8, 2, "avx2", i)
                if code8 != code:
                    print("FAIL %s (from %s): exit %d alone, %d in lockstep" %
                          (path, base, code, code8))
                    failed += 1
                skipped += 1
                continue
            want = body(ref)
            for lanes, threads, isa in ((8, 1, "avx2"), (8, 2, "sse2"), (5, 2, "avx2"),
                                        (16, 1, "sse2")):
                out = os.path.join(tmp, "out.json")
                code, err = run(exe, path, out, lanes, threads, isa, i)
                if code != 0 or body(out) != want:
                    print("FAIL %s (from %s): %d lanes, %d threads, %s differ from one at a "
                          "time%s" % (path, os.path.basename(base), lanes, threads, isa,
                                      ": " + err if code else ""))
                    failed += 1
                    with open(path, encoding="utf-8") as f:
                        sys.stdout.write(f.read())
                    break
            else:
                with open(ref, encoding="utf-8") as f:
                    options = [o["id"] for o in json.load(f)["options"]]
                differs = analyses_alike(exe, path, tmp, i, options)
                if differs:
                    print("FAIL %s (from %s): the analysis (%s) differs from one point at a time"
                          % (path, os.path.basename(base), differs))
                    failed += 1
            ran += 1
    print("%d randomized scenarios ran, %d skipped (refused), %d failed" % (ran, skipped, failed))
    if ran < count // 2:
        print("FAIL fewer than half of the randomized scenarios ran")
        return 1
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
