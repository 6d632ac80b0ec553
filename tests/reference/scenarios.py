#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Writes random small scenarios that use every part of the format and of the model, for
compare.py: 2-4 areas, horizons of 100-800 days; pools, recruitment and contingents, shared and
late-opening centers, vetting limits, attrition and arrears, tours and rotations, allocation by
need and population, crossings with stages and closures, pledges of every purpose, kind and
condition, partial priorities, money and materials short, reconstruction, returns, effects
(value, scale, '*'), lapses with and without recovery, self-paid contingents, ioc_coverage.
Every number is a constant or a distribution whose central value is plain, so that the
deterministic run is the same reading in both implementations. With 'ties', times are
multiples of 10, so that milestones, stages and starts fall on the same days.

Usage: scenarios.py OUTDIR N SEED [ties]   (the same N and SEED write the same files)
"""
import os, random, sys
import yaml


TIES = False


def tnum(rng, lo, hi, integer):
    """A time: in TIES mode a multiple of 10 (ties between milestone times are then common)."""
    if TIES:
        return rng.randrange(int(lo // 10) * 10, int(hi) + 1, 10) if hi >= 10 else int(lo)
    return num(rng, lo, hi, integer=integer)


def num(rng, lo, hi, integer=False, dist_p=0.35, dom=(0.0, float('inf'))):
    """A constant or a distribution with a clear central value in [lo, hi], whose support stays
    in the domain dom."""
    if integer:
        c = rng.randint(int(lo), int(hi))
    else:
        c = round(rng.uniform(lo, hi), 3)
    return distof(rng, c, dist_p, dom, integer)


def distof(rng, c, dist_p=0.35, dom=(0.0, float('inf')), integer=False):
    dlo, dhi = dom
    if rng.random() >= dist_p:
        return c
    k = rng.choice(['triangular', 'pert', 'uniform', 'lognormal', 'normal', 'fixed'])
    if k == 'fixed':
        return {'dist': 'fixed', 'value': c}
    a = max(dlo, round(c * 0.5, 4))
    b = min(dhi, round(c * 1.5 + 1, 4))
    if not (a < b and a <= c <= b):
        return c
    if k in ('triangular', 'pert'):
        return {'dist': k, 'min': a, 'mode': c, 'max': b}
    if k == 'uniform':
        w = min(c - a, b - c)
        if integer:
            w = float(int(w))
        if w <= 0:
            return c
        return {'dist': 'uniform', 'min': c - w, 'max': c + w}
    if k == 'lognormal':
        if c <= 0 or dlo > 0 or dhi != float('inf'):
            return c
        return {'dist': 'lognormal', 'median': c, 'sigma': 0.5}
    return {'dist': 'normal', 'mean': c, 'sd': abs(c) * 0.2 + 0.1, 'min': a, 'max': b}


def share(rng, lo, hi):
    c = round(rng.uniform(lo, hi), 4)
    if rng.random() < 0.25:
        # a beta with mean c
        s = rng.choice([4, 10, 20])
        return {'dist': 'beta', 'alpha': round(c * s, 6), 'beta': round((1 - c) * s, 6)}
    return distof(rng, c, 0.3, (0.0, 1.0))


def dur(rng, lo, hi):
    """A duration whose rounding is clear (never x.5)."""
    c = rng.randint(lo, hi)
    if rng.random() < 0.2:
        c = c + rng.choice([0.2, 0.3, 0.7])
    return distof(rng, c, 0.3, (1.0, float('inf')))


def prob(rng):
    return rng.choice([1, 1, 0.9, 0.7, 0.5, 0.3, 0.1])


def gen(rng, idx):
    H = rng.randint(100, 800)
    NA = rng.randint(2, 4)
    areas = []
    for i in range(NA):
        areas.append({
            'id': 'a%d' % i, 'name': 'Area %d' % i,
            'population': num(rng, 20000, 600000, integer=True),
            'area_km2': rng.randint(10, 200),
            'risk': num(rng, 0.5, 2.0, dom=(0.01, float('inf'))),
            'displaced_share': round(rng.uniform(0, 0.9), 3),
            'security_baseline': round(rng.uniform(0.05, 0.6), 3),
            'water_capacity_m3_day': num(rng, 0, 8000),
            'hospital_beds': num(rng, 0, 400),
        })
    aids = [a['id'] for a in areas]
    NM = rng.randint(1, 6)
    ms = []
    for i in range(NM):
        m = {'id': 'm%d' % i}
        prev = ['m%d' % j for j in range(i)]
        if prev and rng.random() < 0.6:
            k = rng.randint(1, min(2, len(prev)))
            aft = rng.sample(prev, k)
            m['after'] = aft[0] if (k == 1 and rng.random() < 0.3) else aft
        if prev and rng.random() < 0.3:
            cand = [p for p in prev if p not in (m.get('after') if isinstance(m.get('after'), list) else [m.get('after')])]
            if cand:
                m['any_of'] = rng.sample(cand, rng.randint(1, min(2, len(cand))))
        hi = max(5, H // 3)
        m['delay_days'] = tnum(rng, 0, hi, rng.random() < 0.6)
        if rng.random() < 0.35:
            m['probability'] = prob(rng)
        if rng.random() < (0.6 if TIES else 0.3):
            lp = {'after_days': tnum(rng, 5, H // 2, rng.random() < 0.7)}
            if rng.random() < 0.5:
                lp['probability'] = prob(rng)
            r = rng.random()
            if r < 0.3:
                lp['recovery_probability'] = 0
            else:
                lp['recovery_days'] = tnum(rng, 3, H // 3, rng.random() < 0.7)
                if r < 0.6:
                    lp['recovery_probability'] = prob(rng)
            m['lapse'] = lp
        if rng.random() < (0.6 if TIES else 0.3):
            effs = []
            for _ in range(rng.randint(1, 3)):
                kind = rng.choice(['area', 'area', 'sec', 'hum', 'ret', 'rec'])
                if kind == 'area':
                    sel = rng.choice(['*', rng.choice(aids), str(rng.randrange(NA))])
                    par = rng.choice(['security_baseline', 'risk', 'water_capacity_m3_day', 'hospital_beds'])
                    path = 'areas.%s.%s' % (sel, par)
                    if par == 'security_baseline':
                        e = {'path': path, 'value': round(rng.uniform(0.05, 0.8), 3)} if rng.random() < 0.5 else {'path': path, 'scale': num(rng, 0.5, 1.5, dom=(0.01, 1000))}
                    elif par == 'risk':
                        e = {'path': path, 'scale': num(rng, 0.5, 1.5, dom=(0.01, 1000))} if rng.random() < 0.6 else {'path': path, 'value': round(rng.uniform(0.5, 2), 3)}
                    elif par == 'water_capacity_m3_day':
                        e = {'path': path, 'value': num(rng, 0, 20000)} if rng.random() < 0.5 else {'path': path, 'scale': num(rng, 0.3, 3, dom=(0.01, 1000))}
                    else:
                        e = {'path': path, 'value': num(rng, 0, 800)} if rng.random() < 0.5 else {'path': path, 'scale': num(rng, 0.3, 3, dom=(0.01, 1000))}
                elif kind == 'sec':
                    e = {'path': 'security.' + rng.choice(['shock', 'spoiler_incidents_per_100k_day']), 'scale': num(rng, 0.2, 3, dom=(0.01, 1000))}
                elif kind == 'hum':
                    e = {'path': 'humanitarian.access_floor', 'value': round(rng.uniform(0, 0.9), 3)}
                elif kind == 'ret':
                    if rng.random() < 0.5:
                        e = {'path': 'returns.rate_per_day', 'scale': num(rng, 0.5, 3, dom=(0.01, 1000))}
                    else:
                        e = {'path': 'returns.min_security', 'value': round(rng.uniform(0, 0.6), 3)}
                else:
                    e = {'path': 'reconstruction.min_security', 'value': round(rng.uniform(0, 0.6), 3)}
                effs.append(e)
            m['effects'] = effs
        ms.append(m)
    mids = [m['id'] for m in ms]
    has_returns_effect = any(e['path'].startswith('returns.') for m in ms for e in m.get('effects', []))

    def mlist(kmax=2, single_ok=True):
        k = rng.randint(1, min(kmax, len(mids)))
        l = rng.sample(mids, k)
        if k == 1 and single_ok and rng.random() < 0.3:
            return l[0]
        return l

    sc = {'dayafter': 1, 'name': 'gen %d' % idx, 'horizon_days': H, 'replications': 10, 'seed': idx + 1}
    if rng.random() < 0.5:
        sc['description'] = 'generated'
    if rng.random() < 0.5:
        sc['constraints'] = {'no_troops_from': ['US']}
    sc['areas'] = areas
    sc['milestones'] = ms
    sec = {'required_per_1000': num(rng, 2, 20), 'tau_days': num(rng, 5, 90, dom=(1, float('inf'))),
           'shock': num(rng, 0.0005, 0.005, dom=(0, 1)), 'spoiler_incidents_per_100k_day': num(rng, 0.1, 1)}
    if rng.random() < 0.4:
        sec['ioc_coverage'] = num(rng, 0.3, 1.0, dom=(0, 1))
    if rng.random() < 0.2:
        sec['requirement_note'] = 'note'
    sc['security'] = sec
    # humanitarian
    hum = {}
    if rng.random() < 0.5:
        st = {}
        for k, lo, hi in (('water_l', 5, 20), ('food_kg', 0.3, 0.7), ('beds_per_10k', 5, 30)):
            if rng.random() < 0.7:
                st[k] = num(rng, lo, hi)
        hum['standards'] = st
    hum['trucks_per_day'] = num(rng, 0, 300)
    if rng.random() < 0.7:
        cr = []
        for _ in range(rng.randint(1, 3)):
            cr.append({'after': mlist(), 'trucks_per_day': num(rng, 0, 900)})
        hum['crossings'] = cr
    if rng.random() < 0.6:
        hum['tonnes_per_truck'] = num(rng, 10, 25)
    hum['cost_per_truck_usd'] = num(rng, 2000, 30000)
    # shares in twentieths so that they sum to exactly 1
    parts = [0] * 5
    for _ in range(20):
        parts[rng.choices(range(5), weights=[4, 3, 1, 1, 2])[0]] += 1
    if rng.random() < 0.15:
        parts[1] += parts[4]; parts[4] = 0  # no materials
    if rng.random() < 0.1:
        parts[0] += parts[1]; parts[1] = 0  # no water
    hum['truck_shares'] = dict(zip(['food', 'water', 'medical', 'shelter', 'materials'], [p * 0.05 for p in parts]))
    # round to avoid 0.15000000000000002
    hum['truck_shares'] = {k: round(v, 2) for k, v in hum['truck_shares'].items()}
    if rng.random() < 0.8:
        hum['access_floor'] = round(rng.uniform(0, 0.7), 3)
    sc['humanitarian'] = hum
    # reconstruction
    rec = {}
    if rng.random() < 0.6:
        rec['starts_after'] = rng.choice(mids)
    rec['min_security'] = round(rng.uniform(0, 0.5), 3)
    if rng.random() < 0.7:
        rec['materials_tonnes_per_day'] = num(rng, 0, 1000)
    sectors = []
    kinds = rng.sample(['housing', 'water', 'health', 'roads'], rng.randint(1, 4))
    for k in kinds:
        dmg = {}
        for a in aids:
            if rng.random() < 0.85:
                dmg[a] = num(rng, 0, 20000 if k == 'housing' else 40, integer=True)
        if not dmg:
            dmg[aids[0]] = 10
        s = {'id': k, 'damaged_units': dmg,
             'unit_cost_usd': num(rng, 10000, 60000) if k == 'housing' else num(rng, 1e5, 5e6),
             'build_days': dur(rng, 1, 150),
             'max_units_per_day': num(rng, 5, 100) if k == 'housing' else num(rng, 0.05, 1),
             'tonnes_per_unit': num(rng, 0, 80) if k == 'housing' else num(rng, 0, 300)}
        if k == 'housing':
            s['restores'] = {'persons': num(rng, 3, 8)}
        elif k == 'water':
            s['restores'] = {'m3_day': num(rng, 100, 2000)}
        elif k == 'health':
            s['restores'] = {'beds': num(rng, 10, 100)}
        else:
            s['restores'] = {}
        sectors.append(s)
    rec['sectors'] = sectors
    sc['reconstruction'] = rec
    if rng.random() < 0.5 or has_returns_effect:
        r = {'rate_per_day': num(rng, 0.0005, 0.02, dom=(0, 1))}
        if rng.random() < 0.6:
            r['min_security'] = round(rng.uniform(0, 0.5), 3)
        if rng.random() < 0.6:
            r['after'] = mlist()
        sc['returns'] = r
    # options (ids needed by pledges)
    NO = rng.randint(1, 3)
    oids = ['o%d' % i for i in range(NO)]
    # donors
    scale = rng.choice([0.05, 0.2, 0.5, 1, 3])
    donors = []
    for i in range(rng.randint(1, 3)):
        pl = []
        for _ in range(rng.randint(1, 3)):
            p = {'amount_usd': num(rng, 1e6 * scale, 5e8 * scale),
                 'purpose': rng.choice(['security', 'humanitarian', 'reconstruction', 'any'])}
            if rng.random() < 0.5:
                p['requires'] = mlist()
            if rng.random() < 0.3:
                p['probability'] = prob(rng)
            if rng.random() < 0.6:
                p['lag_days'] = tnum(rng, 0, 60, rng.random() < 0.7)
            if rng.random() < 0.7:
                p['spread_days'] = rng.randint(1, 400)
            if rng.random() < 0.4:
                p['per_year'] = True
            if rng.random() < 0.25:
                p['options'] = rng.sample(oids, rng.randint(1, NO))
            pl.append(p)
        donors.append({'id': 'd%d' % i, 'name': 'Donor %d' % i, 'pledges': pl})
    sc['donors'] = donors
    if rng.random() < 0.6:
        pr = ['humanitarian', 'security', 'reconstruction']
        rng.shuffle(pr)
        sc['funding'] = {'priority': pr[:rng.randint(1, 3)]}
    opts = []
    countries = ['EG', 'ID', 'MA', 'KZ', 'AL']
    for oi, oid in enumerate(oids):
        o = {'id': oid, 'name': 'Option %d' % oi}
        r = rng.random()
        if r < 0.15:
            o['starts_when'] = []
        elif r < 0.25:
            pass  # left out: day 0
        else:
            o['starts_when'] = mlist(3)
        if rng.random() < 0.8:
            o['allocation'] = rng.choice(['need', 'population'])
        if rng.random() < 0.7:
            o['attrition_per_year'] = num(rng, 0, 0.4, dom=(0, 1))
        if rng.random() < 0.6:
            o['arrears_attrition_multiplier'] = num(rng, 1, 5, dom=(1, 1000))
        centers = []
        for ci in range(rng.choice([0, 1, 1, 2])):
            c = {'id': 'c%d' % ci, 'seats': num(rng, 20, 1500, integer=True), 'course_days': dur(rng, 1, 90),
                 'washout': share(rng, 0, 0.3), 'setup_days': tnum(rng, 0, 60, rng.random() < 0.7),
                 'cost_per_trainee_usd': num(rng, 0, 20000)}
            if rng.random() < 0.3:
                c['opens_after'] = rng.choice(mids)
            centers.append(c)
        if centers:
            o['training_centers'] = centers
        srcs = []
        ns = rng.randint(1, 4)
        for si in range(ns):
            kind = rng.choice(['pool', 'recruitment', 'contingent'])
            s = {'id': 's%d' % si, 'kind': kind}
            if kind in ('pool', 'recruitment'):
                if kind == 'pool':
                    s['size'] = num(rng, 100, 20000, integer=True)
                else:
                    s['per_day'] = num(rng, 5, 200)
                    s['start_delay_days'] = tnum(rng, 0, 100, rng.random() < 0.7)
                    s['cap'] = num(rng, 100, 10000, integer=True)
                if rng.random() < 0.7:
                    s['vetting_per_day'] = num(rng, 10, 500, integer=True)
                if rng.random() < 0.8:
                    s['vetting_days'] = dur(rng, 1, 40)
                s['vetting_pass'] = share(rng, 0.4, 1.0)
                if centers and rng.random() < 0.75:
                    s['center'] = rng.choice(centers)['id']
                s['pay_per_person_day'] = num(rng, 0, 60)
                if rng.random() < 0.8:
                    s['equipment_per_person_usd'] = num(rng, 0, 10000)
            else:
                s['country'] = rng.choice(countries)
                s['size'] = num(rng, 100, 10000, integer=True)
                if rng.random() < 0.4:
                    s['probability'] = prob(rng)
                if rng.random() < 0.5:
                    s['requires'] = mlist()
                s['lead_time_days'] = tnum(rng, 0, 150, rng.random() < 0.7)
                if rng.random() < 0.8:
                    s['ramp_days'] = dur(rng, 1, 90)
                r = rng.random()
                if r < 0.4:
                    s['tour_days'] = dur(rng, 20, 400)
                    if rng.random() < 0.5:
                        s['rotates'] = True
                elif r < 0.55:
                    # Without a tour only 'rotates: false' is valid (a rotation needs a tour);
                    # the draw is kept so that the scenarios that follow stay the same.
                    rng.random()
                    s['rotates'] = False
                s['pay_per_person_day'] = num(rng, 0, 150)
                if rng.random() < 0.3:
                    s['paid_by'] = 'self'
            if rng.random() < 0.35:
                s['areas'] = rng.sample(aids, rng.randint(1, NA))
            srcs.append(s)
        o['sources'] = srcs
        opts.append(o)
    sc['options'] = opts
    return sc


def main():
    outdir, n = sys.argv[1], int(sys.argv[2])
    seed = int(sys.argv[3]) if len(sys.argv) > 3 else 1
    global TIES
    TIES = len(sys.argv) > 4 and sys.argv[4] == 'ties'
    os.makedirs(outdir, exist_ok=True)
    rng = random.Random(seed)
    for i in range(n):
        sc = gen(rng, i)
        with open(os.path.join(outdir, 'g%03d.yaml' % i), 'w') as f:
            yaml.safe_dump(sc, f, sort_keys=False, default_flow_style=None, width=200)


if __name__ == '__main__':
    main()
