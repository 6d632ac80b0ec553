#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Runs dayafter --deterministic and model.py (the second implementation) on scenario files and
compares what both give: every milestone's day, lapse and recovery; per option the headline
metrics, p_start, p_ioc, p_half, p_deployed_by and the reasons for falling short on days 90, 180
and 365 (with the milestone that held the option back), criticality, costs by purpose and donor,
the areas' last-day values, the weekly series' medians of six quantities per area, and the
requirement. Numbers agree within a relative 2 x 10^-8 (the JSON writes 10 digits; the series,
kept in single precision, 1.2 x 10^-7).

Usage: compare.py DAYAFTER FILE.yaml ...
Prints each difference as FILE QUANTITY program=... reference=..., then a summary; exit status 1
when any file differs or fails.
"""
import json, math, os, subprocess, sys, tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import model as ref
import yaml

PROG = None  # the dayafter to compare, from the command line
METRICS = ['start_day', 'deployed_day365', 'deployed_end', 'ioc_day', 'coverage_min_day365',
           'security_mean_end', 'incidents_total', 'cost_total_usd', 'unfunded_usd',
           'water_gap_person_days', 'food_gap_person_days', 'bed_coverage_end', 'displaced_end',
           'medical_tonnes', 'shelter_tonnes', 'days_to_half', 'deployed_start_plus_365',
           'returned_housing', 'returned_own']
SERIES = ['deployed', 'coverage', 'security', 'water_coverage', 'food_coverage', 'displaced']


def close(a, b, rel=2e-8):
    if a is None or b is None:
        return a is None and b is None
    if isinstance(a, str) or isinstance(b, str):
        return a == b
    if math.isinf(b) and a is None:
        return True
    # the program writes 10 significant digits
    return abs(a - b) <= 1e-6 + rel * max(abs(a), abs(b))


def prog_json(path):
    fd, out = tempfile.mkstemp(suffix='.json')
    os.close(fd)
    r = subprocess.run([PROG, 'run', path, '--deterministic', '-q', '--json', out], capture_output=True, text=True)
    if r.returncode != 0:
        raise RuntimeError('program failed on %s: %s' % (path, r.stderr))
    with open(out) as f:
        d = json.load(f)
    os.unlink(out)
    return d


def mean(q):
    return None if q is None else q['mean']


def compare(path):
    d = prog_json(path)
    with open(path) as f:
        sc = yaml.safe_load(f)
    r = ref.run(sc)
    diffs = []
    neq = [0]

    def chk(name, pv, rv):
        if close(pv, rv):
            neq[0] += 1
        else:
            diffs.append((name, pv, rv))
    H = r['horizon_days']
    for m in d['milestones']:
        rm = r['milestones'][m['id']]
        chk('milestone.%s.day' % m['id'], mean(m['day']), rm['day'])
        chk('milestone.%s.p_reached' % m['id'], m['p_reached'], rm['p_reached'])
        chk('milestone.%s.lapse_day' % m['id'], mean(m['lapse_day']), rm['lapse_day'])
        chk('milestone.%s.p_lapsed' % m['id'], m['p_lapsed'], rm['p_lapsed'])
        chk('milestone.%s.recovery_day' % m['id'], mean(m['recovery_day']), rm['recovery_day'])
        chk('milestone.%s.p_recovered' % m['id'], m['p_recovered'], rm['p_recovered'])
    for o in d['options']:
        ro = r['options'][o['id']]
        oid = o['id']
        for k in METRICS:
            chk('%s.%s' % (oid, k), mean(o['metrics'].get(k)), ro[k])
        for k in ('p_start', 'p_ioc', 'p_half'):
            chk('%s.%s' % (oid, k), o[k], ro[k])
        for k in ('90', '180', '365'):
            chk('%s.p_deployed_by.%s' % (oid, k), o['p_deployed_by'].get(k), ro['p_deployed_by'][k])
            pw = o['why_short'].get(k)
            rw = ro['why_short'][k]
            if pw is None or rw is None:
                chk('%s.why_short.%s' % (oid, k), pw is None, rw is None)
                continue
            chk('%s.why_short.%s.short' % (oid, k), pw['short'], rw['short'])
            for reason in ('not_started', 'money', 'pipeline', 'supply', 'attrition'):
                chk('%s.why_short.%s.%s' % (oid, k, reason), pw[reason], 1.0 if rw['reason'] == reason else 0.0)
            ph = {m: v for m, v in pw['held_by'].items() if v}
            rh = {rw['held_by']: 1.0} if rw['held_by'] else {}
            chk('%s.why_short.%s.held_by' % (oid, k), json.dumps(ph, sort_keys=True), json.dumps(rh, sort_keys=True))
        for m, v in o['criticality'].items():
            chk('%s.criticality.%s' % (oid, m), v, ro['criticality'][m])
        allp = set(o['cost_by_purpose']) | set(ro['cost_by_purpose'])
        for p in allp:
            chk('%s.cost_by_purpose.%s' % (oid, p), mean(o['cost_by_purpose'].get(p)) or 0.0, ro['cost_by_purpose'].get(p, 0.0))
        alld = set(o['cost_by_donor']) | set(ro['cost_by_donor'])
        for p in alld:
            chk('%s.cost_by_donor.%s' % (oid, p), mean(o['cost_by_donor'].get(p)) or 0.0, ro['cost_by_donor'].get(p, 0.0))
        for a in o.get('areas', []):
            ra = ro['areas_end'][a['id']]
            for k, v in a.items():
                if k.endswith('_end') and k in ra:
                    chk('%s.area.%s.%s' % (oid, a['id'], k), mean(v), ra[k])
        ser = o['series']
        for key in SERIES:
            for aid, band in ser[key].items():
                p50 = band['p50']
                rs = ro['series'][key][aid]
                first = None
                for i, (pv, rv) in enumerate(zip(p50, rs)):
                    if not close(pv, rv, 1.2e-7):  # the series are stored in single precision
                        first = i
                        break
                if first is None and len(p50) == len(rs):
                    neq[0] += 1
                else:
                    i = first if first is not None else min(len(p50), len(rs))
                    diffs.append(('%s.series.%s.%s@day%s' % (oid, key, aid, ser['day'][i] if i < len(ser['day']) else '?'),
                                  p50[i] if i < len(p50) else None, rs[i] if i < len(rs) else None))
    rt = d['requirement_series']['total']['p50']
    rr = list(r['options'].values())[0]['requirement_total']
    first = next((i for i, (a, b) in enumerate(zip(rt, rr)) if not close(a, b)), None)
    if first is None:
        neq[0] += 1
    else:
        diffs.append(('requirement_series.total@day%d' % d['series_days'][first], rt[first], rr[first]))
    return diffs, neq[0]


def main():
    global PROG
    PROG, paths = sys.argv[1], sys.argv[2:]
    nfiles = nbad = ntot = 0
    for path in paths:
        nfiles += 1
        try:
            diffs, n = compare(path)
        except Exception as e:  # a failed run or an unreadable result is a failure, named
            print('ERROR', path, e)
            nbad += 1
            continue
        ntot += n
        if diffs:
            nbad += 1
            for name, pv, rv in diffs:
                print('%s %s program=%r reference=%r' % (path, name, pv, rv))
    print('%d files, %d with differences, %d quantities equal' % (nfiles, nbad, ntot))
    return 1 if nbad or not nfiles else 0


if __name__ == '__main__':
    sys.exit(main())
