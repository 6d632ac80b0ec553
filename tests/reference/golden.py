#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Checks model.py against golden figures that a third implementation computed: the test
scenario's deterministic run (tests/data/example.deterministic.json), to the figures' own
rounding (cents for money, days and people; six decimals for shares). A second implementation
that agreed with dayafter but not with these would share dayafter's misreading.

Usage: golden.py SCENARIO.yaml GOLDEN.json
Prints each difference; exit status 1 if any.
"""
import json
import os
import sys

import yaml

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import model  # noqa: E402


def main():
    with open(sys.argv[1]) as f:
        scenario = yaml.safe_load(f)
    with open(sys.argv[2]) as f:
        golden = json.load(f)
    ours = model.run(scenario)
    bad = []

    def check(path, want, got, digits):
        if want is None or got is None:
            ok = want is None and got is None
        else:
            ok = round(got, digits) == round(want, digits) or \
                abs(got - want) <= 0.5 * 10 ** -digits + 1e-9 * abs(want)
        if not ok:
            bad.append('%s: golden %r, model.py %r' % (path, want, got))

    for m, day in golden['milestones'].items():
        check('milestone ' + m, day, ours['milestones'][m]['day'], 6)
    for o, want in golden['options'].items():
        got = ours['options'][o]
        check(o + ' start_day', want['start_day'], got['start_day'], 6)
        for k, v in want['p_deployed_by'].items():
            check(o + ' p_deployed_by ' + k, v, got['p_deployed_by'][k], 6)
        for k, v in want['criticality'].items():
            check(o + ' criticality ' + k, v, got['criticality'][k], 6)
        for k, v in want['metrics'].items():
            whole = k.endswith(('usd', 'days')) or k.startswith(('deployed', 'displaced'))
            check(o + ' ' + k, v, got[k], 2 if whole else 6)
        for k, v in want['cost_by_donor'].items():
            check(o + ' cost_by_donor ' + k, v, got['cost_by_donor'].get(k, 0.0), 2)
        for k, v in want['cost_by_purpose'].items():
            check(o + ' cost_by_purpose ' + k, v, got['cost_by_purpose'].get(k, 0.0), 2)
    for line in bad:
        print(line)
    print('the golden figures: %d differences' % len(bad))
    return 1 if bad else 0


if __name__ == '__main__':
    sys.exit(main())
