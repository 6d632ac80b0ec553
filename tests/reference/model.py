#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""A second implementation of the model, deterministic mode only, written from the reference
model's text (sections 0-9) and not from dayafter's code, so that the two read it independently:
tests/reference/reference_test.sh runs both on the test scenarios, the built-in ones and random
ones (scenarios.py) and fails on any difference, and checks this one against the golden figures
of tests/data/example.deterministic.json, which a third implementation computed.

Usage: model.py SCENARIO.yaml [-o OUT.json] [--opt=NAME=VALUE ...]
Writes per option the quantities that compare.py compares with dayafter's run JSON.

Where the text leaves a point open, OPT below names the reading (a comment marked READING where
it is used); the defaults are the readings that dayafter documents:
- pinned by the golden figures: a trainee admitted on day a holds a seat on days a..a+course_days
  and is equipped and deployed on the next day; attrition applies on the day of deployment to
  the newly deployed; a day's output shows s(t), before the day's security update; the trucks
  needed are the sum over areas of max(food term, water term), with local water read at
  delivery, after the day's reconstruction;
- not pinned by the golden figures, and read as dayafter does (the other readings give
  differences on tens of random scenarios): vetting entered on day e passes on e + vetting_days
  and goes on the next day; the flexible top-up covers humanitarian demand at full capacity,
  security's pay, every possible admission and the equipment of all who wait, and
  reconstruction's requests without regard to materials; pay on day t is for the strength at the
  end of t - 1; a stretch of prerequisites must last strictly beyond b + delay; the critical walk
  starts at the starts_when milestone that last began to hold before the start; durations round
  half up;
- equipment short of money goes to the sources in their listed order (equip_split=fraction: the
  same share for each), as dayafter does: the text says nothing;
- a shortfall of pay below 10^-6 dollars is not arrears (dayafter: below a cent, or within the
  rounding of the day's money);
- the two deviations that docs/model.md lists (clamp_shares, spread_round below).
"""
import math, sys, json, os
import yaml

INF = float('inf')

# Switches for readings that the reference model leaves open (defaults = chosen readings)
OPT = {
    'vet_off': 1,        # person entering vetting on day e is available for the next step on e+vd+vet_off
    'crs_off': 1,        # trainee admitted on day a is a graduate (equipment, deployment) on a+cd+crs_off
    'attr_new': True,    # attrition on the day of deployment applies to the newly deployed
    'sec_out': 't',      # security reported for day t is s(t) ('t') or s(t+1) ('t1')
    'water_trucks': 'summax',  # trucks needed water term: 'total' max(0, sum need - sum local) or 'area' sum of max(0,..)
    'hum_demand': 'capacity', # humanitarian demand at full capacity: 'capacity' or 'needed' (min(cap, needed))
    'rec_demand': 'request',  # reconstruction demand: 'request' (money for requests) or 'feasible' (materials-limited)
    'stretch_strict': True,   # a stretch [b,e) must satisfy e > b+delay (True) or e >= b+delay
    'build_off': 0,      # unit started on day t finished on t+build_days+build_off
    'cont_pay_leave': True,
    # The project's two documented deviations (docs/model.md, "Deviations from the reference
    # model"): a scaled share stays within [0, 1] (False: the page's value times scale), and
    # spread_days is a whole number of days ('': real, a fractional last day gets its fraction).
    'clamp_shares': True,
    'spread_round': 'round',
    'pipe_raw': False,   # 9.6 pipeline: a cohort that finished vetting/course on day d counts passed only
    'equip_split': 'order',  # equipment when money is short: same fraction for every source, or 'order'
    'seat_off': 1,       # a trainee admitted on day a holds the seat until day a+cd+seat_off (exclusive)
    'needed_when': 'deliver',  # trucks needed computed at spending (before the day's finished units) or at delivery
    'needed_access': True,   # local water in the trucks-needed formula is times access_a  # contingent leaving at the arrivals step of day t is paid for day t (pay = strength at end of t-1)
}


# ---------------------------------------------------------------- values
def central(v):
    """Central value of a number or a distribution (the reference model section 1, --deterministic)."""
    if v is None:
        return None
    if isinstance(v, bool):
        return float(v)
    if isinstance(v, (int, float)):
        return float(v)
    if isinstance(v, dict):
        d = v.get('dist', 'fixed')
        if d == 'fixed':
            return float(v['value'])
        if d == 'uniform':
            return (float(v['min']) + float(v['max'])) / 2
        if d in ('triangular', 'pert'):
            return float(v['mode'])
        if d == 'normal':
            m = float(v['mean'])
            if 'min' in v:
                m = max(m, float(v['min']))
            if 'max' in v:
                m = min(m, float(v['max']))
            return m
        if d == 'lognormal':
            return float(v['median'])
        if d == 'beta':
            a, b = float(v['alpha']), float(v['beta'])
            lo, hi = float(v.get('min', 0)), float(v.get('max', 1))
            return lo + (hi - lo) * a / (a + b)
        if d == 'bernoulli':
            return 1.0 if float(v['p']) >= 0.5 else 0.0
    raise ValueError('bad value %r' % (v,))


def cv(d, key, default=None):
    if d is None or key not in d or d[key] is None:
        return default
    return central(d[key])


def happens(d, key='probability'):
    """A probability is an event that happens when it is at least 0.5 (section 1)."""
    p = cv(d, key, 1.0)
    return p >= 0.5


def aslist(x):
    if x is None:
        return []
    if isinstance(x, list):
        return list(x)
    return [x]


def dur(x):
    """Durations of processes: rounded to the nearest whole day, at least 1 (section 0)."""
    return max(1, int(math.floor(x + 0.5)))


def cday(x):
    """Whatever starts at real time X takes effect on day ceil(X)."""
    if x == INF:
        return INF
    return int(math.ceil(x - 1e-9))


# ---------------------------------------------------------------- interval sets
# A set of times is a sorted list of disjoint half-open intervals [a, b), b may be INF.
def norm(iv):
    iv = sorted((a, b) for a, b in iv if b > a)
    out = []
    for a, b in iv:
        if out and a <= out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], b))
        else:
            out.append((a, b))
    return out


def inter(x, y):
    out = []
    for a, b in x:
        for c, d in y:
            lo, hi = max(a, c), min(b, d)
            if hi > lo:
                out.append((lo, hi))
    return norm(out)


def union(*sets):
    allv = []
    for s in sets:
        allv.extend(s)
    return norm(allv)


def first_time(s, frm=0.0):
    for a, b in s:
        if b > frm:
            return max(a, frm)
    return INF


def holds_at(s, t):
    for a, b in s:
        if a <= t < b:
            return True
    return False


def containing(s, t):
    for a, b in s:
        if a <= t < b:
            return (a, b)
    return None


# ---------------------------------------------------------------- milestones
class Milestone:
    pass


def compute_milestones(sc):
    ms = sc.get('milestones') or []
    byid = {}
    order = []
    for i, m in enumerate(ms):
        M = Milestone()
        M.id = m['id']
        M.idx = i
        M.after = aslist(m.get('after'))
        M.any_of = aslist(m.get('any_of'))
        M.delay = cv(m, 'delay_days', 0.0)
        M.occurs = happens(m)
        M.raw = m
        byid[M.id] = M
        order.append(M)
    # topological order
    done = set()
    topo = []

    def visit(M, stack):
        if M.id in done:
            return
        if M.id in stack:
            raise ValueError('cycle')
        stack.add(M.id)
        for p in M.after + M.any_of:
            visit(byid[p], stack)
        stack.discard(M.id)
        done.add(M.id)
        topo.append(M)
    for M in order:
        visit(M, set())
    for M in topo:
        if not M.after and not M.any_of:
            cond = [(0.0, INF)]
        else:
            cond = [(0.0, INF)]
            for p in M.after:
                cond = inter(cond, byid[p].hold)
            if M.any_of:
                cond = inter(cond, union(*[byid[q].hold for q in M.any_of]))
        T = INF
        b = None
        if M.occurs:
            for a, e in cond:
                ok = (e > a + M.delay) if OPT['stretch_strict'] else (e >= a + M.delay)
                if ok:
                    T = a + M.delay
                    b = a
                    break
        M.T = T
        M.b = b
        # parent for the criticality walk: the prerequisite whose (re)start began the stretch
        M.parent = None
        if b is not None and (M.after or M.any_of):
            best_after = None
            for p in M.after:
                iv = containing(byid[p].hold, b)
                st = iv[0] if iv else -1
                if best_after is None or st > best_after[0]:
                    best_after = (st, p)
            best_any = None
            if M.any_of:
                u = union(*[byid[q].hold for q in M.any_of])
                iv = containing(u, b)
                ust = iv[0] if iv else -1
                # the member whose interval began that union stretch (earliest start; ties first listed)
                for q in M.any_of:
                    ivq = containing(byid[q].hold, ust) if ust >= 0 else None
                    if ivq and ivq[0] == ust:
                        best_any = (ust, q)
                        break
                if best_any is None:
                    # fall back: earliest starting member containing b
                    cands = []
                    for q in M.any_of:
                        ivq = containing(byid[q].hold, b)
                        if ivq:
                            cands.append((ivq[0], M.any_of.index(q), q))
                    if cands:
                        cands.sort()
                        best_any = (cands[0][0], cands[0][2])
            if best_after and best_any:
                M.parent = best_after[1] if best_after[0] >= best_any[0] else best_any[1]
            elif best_after:
                M.parent = best_after[1]
            elif best_any:
                M.parent = best_any[1]
        # lapse
        lp = M.raw.get('lapse')
        L = INF
        V = INF
        if T < INF and lp:
            if happens(lp, 'probability'):
                L = T + cv(lp, 'after_days', 0.0)
                if happens(lp, 'recovery_probability'):
                    V = L + cv(lp, 'recovery_days', 0.0)
        M.L, M.V = L, V
        if T == INF:
            M.hold = []
        else:
            M.hold = norm([(T, L), (V, INF)])
    return order, byid


def all_hold_set(byid, ids):
    s = [(0.0, INF)]
    for i in ids:
        s = inter(s, byid[i].hold)
    return s


def holds_day(byid, ids, t):
    return all(holds_at(byid[i].hold, t) for i in ids)


# ---------------------------------------------------------------- effects
EFFECTABLE_AREA = {'security_baseline', 'risk', 'water_capacity_m3_day', 'hospital_beds'}


def parse_path(path, area_ids):
    parts = path.split('.')
    if parts[0] == 'areas':
        sel, key = parts[1], parts[2]
        if sel == '*':
            idx = list(range(len(area_ids)))
        elif sel in area_ids:
            idx = [area_ids.index(sel)]
        else:
            idx = [int(sel)]
        return [('area', i, key) for i in idx]
    return [(parts[0], None, parts[1])]


class World:
    """Per-day parameters after effects (section 9.1); shared by all options."""

    def __init__(self, sc, mlist, byid, H):
        self.H = H
        areas = sc['areas']
        self.area_ids = [a['id'] for a in areas]
        base = {}
        for i, a in enumerate(areas):
            base[('area', i, 'security_baseline')] = cv(a, 'security_baseline')
            base[('area', i, 'risk')] = cv(a, 'risk', 1.0)
            base[('area', i, 'water_capacity_m3_day')] = cv(a, 'water_capacity_m3_day')
            base[('area', i, 'hospital_beds')] = cv(a, 'hospital_beds')
        sec = sc['security']
        base[('security', None, 'shock')] = cv(sec, 'shock')
        base[('security', None, 'spoiler_incidents_per_100k_day')] = cv(sec, 'spoiler_incidents_per_100k_day')
        hum = sc['humanitarian']
        base[('humanitarian', None, 'access_floor')] = cv(hum, 'access_floor', 0.0)
        ret = sc.get('returns') or {}
        base[('returns', None, 'rate_per_day')] = cv(ret, 'rate_per_day', 0.0)
        base[('returns', None, 'min_security')] = cv(ret, 'min_security', 0.0)
        rec = sc.get('reconstruction') or {}
        base[('reconstruction', None, 'min_security')] = cv(rec, 'min_security', 0.0)
        self.base = base
        # effects: (milestone, file index, effect index, targets, kind, value)
        effs = []
        for M in mlist:
            for j, e in enumerate(M.raw.get('effects') or []):
                targets = parse_path(e['path'], self.area_ids)
                if 'value' in e:
                    effs.append((M, j, targets, 'value', central(e['value'])))
                else:
                    effs.append((M, j, targets, 'scale', central(e['scale'])))
        self.effs = effs
        self.days = [self._params(t) for t in range(H)]

    def _params(self, t):
        p = dict(self.base)
        act = []
        for (M, j, targets, kind, val) in self.effs:
            if holds_at(M.hold, t):
                began = M.V if M.V <= t else M.T
                act.append((began, M.idx, j, targets, kind, val))
        act.sort(key=lambda x: (x[0], x[1], x[2]))
        for began, mi, j, targets, kind, val in act:
            for k in targets:
                if kind == 'value':
                    p[k] = val
                else:
                    p[k] = p[k] * val
        if OPT['clamp_shares']:  # the project's deviation: a share stays a share
            for k in p:
                if k[2] in ('security_baseline', 'access_floor', 'rate_per_day', 'min_security'):
                    p[k] = min(1.0, max(0.0, p[k]))
        return p


# ---------------------------------------------------------------- pools of money
class Pool:
    def __init__(self):
        self.b = {}

    def total(self):
        return sum(self.b.values())

    def add(self, donor, x):
        if x > 0:
            self.b[donor] = self.b.get(donor, 0.0) + x

    def take(self, x):
        """Take x, charged to donors in proportion to their shares; returns {donor: amount}."""
        tot = self.total()
        if x <= 0 or tot <= 0:
            return {}
        x = min(x, tot)
        out = {}
        for d in list(self.b):
            amt = x * self.b[d] / tot
            out[d] = amt
            self.b[d] -= amt
            if self.b[d] < 0:
                self.b[d] = 0.0
        return out

    def add_shares(self, shares):
        for d, a in shares.items():
            self.add(d, a)


# ---------------------------------------------------------------- simulation of one option
def simulate(sc, opt, mlist, byid, world, H):
    areas = sc['areas']
    NA = len(areas)
    pop = [cv(a, 'population') for a in areas]
    poptot = sum(pop)
    disp0 = [pop[i] * cv(areas[i], 'displaced_share', 0.0) for i in range(NA)]
    sec = sc['security']
    req1000 = cv(sec, 'required_per_1000')
    tau = cv(sec, 'tau_days')
    ioc_cov = cv(sec, 'ioc_coverage', 1.0)
    hum = sc['humanitarian']
    std = hum.get('standards') or {}
    water_l = cv(std, 'water_l', 15.0)
    food_kg = cv(std, 'food_kg', 0.555)
    beds10k = cv(std, 'beds_per_10k', 18.0)
    tpd0 = cv(hum, 'trucks_per_day')
    tpt = cv(hum, 'tonnes_per_truck', 20.0)
    ctruck = cv(hum, 'cost_per_truck_usd', 0.0)
    shares = {k: central(v) for k, v in (hum.get('truck_shares') or {}).items()}
    sh_food = shares.get('food', 0.0)
    sh_water = shares.get('water', 0.0)
    sh_med = shares.get('medical', 0.0)
    sh_shel = shares.get('shelter', 0.0)
    sh_mat = shares.get('materials', 0.0)
    # crossings (9.2)
    stages = []
    for k, c in enumerate(hum.get('crossings') or []):
        s = all_hold_set(byid, aslist(c.get('after')))
        ft = first_time(s)
        stages.append({'after': aslist(c.get('after')), 'tpd': cv(c, 'trucks_per_day'),
                       'first_day': cday(ft) if ft < INF else INF, 'k': k})

    def capacity(t):
        best = None
        for st in stages:
            if st['first_day'] <= t and holds_day(byid, st['after'], t):
                key = (st['first_day'], st['k'])
                if best is None or key > best[0]:
                    best = (key, st['tpd'])
        return tpd0 if best is None else best[1]

    # reconstruction
    rec = sc.get('reconstruction') or {}
    sectors = []
    for s in rec.get('sectors') or []:
        dmg = s.get('damaged_units') or {}
        left = []
        for a in areas:
            left.append(central(dmg[a['id']]) if a['id'] in dmg else 0.0)
        r = s.get('restores') or {}
        sectors.append({'id': s['id'], 'left': left, 'cost': cv(s, 'unit_cost_usd', 0.0),
                        'bd': dur(cv(s, 'build_days')), 'max': cv(s, 'max_units_per_day'),
                        'tpu': cv(s, 'tonnes_per_unit', 0.0),
                        'persons': cv(r, 'persons', 0.0), 'm3': cv(r, 'm3_day', 0.0),
                        'beds': cv(r, 'beds', 0.0), 'building': []})
    sa = aslist(rec.get('starts_after'))
    if sa:
        ft = first_time(all_hold_set(byid, sa))
        rec_start = cday(ft) if ft < INF else INF
    else:
        rec_start = 0
    mat_comm = cv(rec, 'materials_tonnes_per_day', 0.0)
    # returns
    ret = sc.get('returns')
    ret_after = aslist(ret.get('after')) if ret else []

    # option start
    sw = aslist(opt.get('starts_when'))
    S = first_time(all_hold_set(byid, sw)) if sw else 0.0
    start_day = cday(S) if S < INF else INF
    started = S < H
    alloc = opt.get('allocation', 'need')

    # money
    pools = {'security': Pool(), 'humanitarian': Pool(), 'reconstruction': Pool(), 'any': Pool()}
    pledges = []
    for d in sc.get('donors') or []:
        for p in d.get('pledges') or []:
            if 'options' in p and p['options'] is not None and opt['id'] not in aslist(p['options']):
                continue
            if not happens(p):
                continue
            reqs = aslist(p.get('requires'))
            ft = first_time(all_hold_set(byid, reqs)) if reqs else 0.0
            if ft == INF:
                continue
            d0 = cday(ft + cv(p, 'lag_days', 0.0))
            pledges.append({'donor': d['id'], 'amount': cv(p, 'amount_usd'), 'purpose': p['purpose'],
                            'reqs': reqs, 'd0': d0, 'spread': cv(p, 'spread_days', 1.0),
                            'per_year': bool(p.get('per_year', False))})
    prio = aslist((sc.get('funding') or {}).get('priority'))
    default_prio = ['humanitarian', 'security', 'reconstruction']
    prio = [x for x in prio if x in default_prio] + [x for x in default_prio if x not in prio]

    # force
    centers = []
    cidx = {}
    for c in opt.get('training_centers') or []:
        oa = aslist(c.get('opens_after'))
        setup = cv(c, 'setup_days', 0.0)
        if oa:
            ft = first_time(all_hold_set(byid, oa))
            open_day = cday(ft + setup) if ft < INF else INF
        else:
            open_day = cday(S + setup) if S < INF else INF
        cidx[c['id']] = len(centers)
        centers.append({'id': c['id'], 'seats': cv(c, 'seats'), 'cd': dur(cv(c, 'course_days')),
                        'washout': cv(c, 'washout', 0.0), 'cost': cv(c, 'cost_per_trainee_usd', 0.0),
                        'open': open_day, 'cohorts': []})
    attr = cv(opt, 'attrition_per_year', 0.0)
    q = 1 - (1 - attr) ** (1 / 365.0)
    mult = cv(opt, 'arrears_attrition_multiplier', 1.0)
    srcs = []
    for s in opt.get('sources') or []:
        kind = s['kind']
        src = {'id': s['id'], 'kind': kind, 'pay': cv(s, 'pay_per_person_day', 0.0),
               'areas': [world.area_ids.index(x) for x in aslist(s.get('areas'))] if s.get('areas') is not None else list(range(NA)),
               'D': 0.0}
        if kind in ('pool', 'recruitment'):
            src.update({'W': 0.0, 'vpd': cv(s, 'vetting_per_day', INF), 'vd': dur(cv(s, 'vetting_days', 1.0)),
                        'pass': cv(s, 'vetting_pass'), 'center': cidx[s['center']] if s.get('center') else None,
                        'equip': cv(s, 'equipment_per_person_usd', 0.0), 'vet': [], 'Q': 0.0, 'E': 0.0,
                        'ever': 0.0, 'arrived': 0.0})
            if kind == 'pool':
                src['size'] = cv(s, 'size')
            else:
                src['per_day'] = cv(s, 'per_day')
                src['cap'] = cv(s, 'cap')
                sdd = S + cv(s, 'start_delay_days', 0.0)
                src['rec_start'] = cday(sdd) if S < INF else INF
        else:
            src['country'] = s.get('country')
            src['self'] = (s.get('paid_by') == 'self')
            part = happens(s)
            reqs = aslist(s.get('requires'))
            trig = INF
            if part and S < INF:
                trig = first_time(all_hold_set(byid, reqs), S) if reqs else S
            src['trig'] = trig
            src['size'] = cv(s, 'size')
            src['ramp'] = dur(cv(s, 'ramp_days', 1.0))
            td = cv(s, 'tour_days', None)
            src['tour'] = dur(td) if td is not None else None
            src['rotates'] = bool(s.get('rotates', False))
            src['arr'] = cday(trig + cv(s, 'lead_time_days', 0.0)) if trig < INF else INF
        srcs.append(src)

    def cont_strength(src, t):
        arr = src['arr']
        if arr == INF or t < arr:
            return 0.0
        if src['tour'] is not None and not src['rotates'] and t >= arr + src['tour']:
            return 0.0
        k = t - arr + 1
        return src['size'] * min(1.0, k / src['ramp'])

    # state
    sec_s = [min(1.0, max(0.0, world.days[0][('area', i, 'security_baseline')])) for i in range(NA)]  # s is clamped to [0, 1]
    displaced = list(disp0)
    restored_m3 = [0.0] * NA
    restored_beds = [0.0] * NA
    mat_stock = 0.0
    cost_purpose = {'security': 0.0, 'humanitarian': 0.0, 'reconstruction': 0.0}
    cost_donor = {}
    unfunded = 0.0
    water_gap = 0.0
    food_gap = 0.0
    med_t = 0.0
    shel_t = 0.0
    ret_housing = 0.0
    ret_own = 0.0
    arrears_days = []  # days with arrears
    rec_ = {'deployed': [], 'req': [], 'cov': [], 'sec': [], 'food': [], 'water': [], 'disp': [],
            'Farea': [], 'pipe': [], 'lost': [], 'beds': [], 'secnext': []}
    prev_cont = {id(s): 0.0 for s in srcs}

    _last_take = [None]

    def charge(shares, purpose):
        _last_take[0] = shares
        for d, a in shares.items():
            cost_donor[d] = cost_donor.get(d, 0.0) + a
            cost_purpose[purpose] += a

    for t in range(H):
        P = world.days[t]
        risk = [P[('area', i, 'risk')] for i in range(NA)]
        R = [pop[i] / 1000.0 * req1000 * risk[i] for i in range(NA)]
        # 1. milestones and arrivals
        if t == start_day:
            for s in srcs:
                if s['kind'] == 'pool':
                    s['W'] += s['size']
        for s in srcs:
            if s['kind'] == 'recruitment' and t >= s['rec_start']:
                a = min(s['per_day'], s['cap'] - s['arrived'])
                if a > 0:
                    s['arrived'] += a
                    s['W'] += a
            if s['kind'] in ('pool', 'recruitment'):
                # vetting cohorts that are available today
                keep = []
                for (av, amt) in s['vet']:
                    if av <= t:
                        passed = amt * s['pass']
                        if s['center'] is None:
                            s['E'] += passed
                        else:
                            s['Q'] += passed
                    else:
                        keep.append((av, amt))
                s['vet'] = keep
        for c in centers:
            keep = []
            for (av, per) in c['cohorts']:
                if av <= t:
                    for si, amt in per.items():
                        srcs[si]['E'] += amt * (1 - c['washout'])
                else:
                    keep.append((av, per))
            c['cohorts'] = keep
        for s in srcs:
            if s['kind'] == 'contingent':
                prev_cont[id(s)] = s['D']
                s['D'] = cont_strength(s, t)
        # 2. money in
        for p in pledges:
            amt = 0.0
            if t >= p['d0']:
                k = t - p['d0']
                sp = p['spread']
                if OPT['spread_round'] == 'round':  # the project's deviation: whole days
                    sp = float(max(1, math.floor(sp + 0.5)))

                def frac(kk):
                    # share of the amount that flows in on day kk of a disbursement: evenly over
                    # the real duration sp (READING: a fractional last day gets its fraction)
                    return (min(kk + 1, sp) - min(kk, sp)) / sp if kk >= 0 else 0.0
                if p['per_year']:
                    n = 0.0
                    j = 0
                    while j * 365 <= k:
                        n += frac(k - j * 365)
                        j += 1
                else:
                    n = frac(k)
                amt = n * p['amount']
            if amt > 0 and (not p['reqs'] or holds_day(byid, p['reqs'], t)):
                pools[p['purpose']].add(p['donor'], amt)
        # 3. demands
        cap = capacity(t)
        access = [P[('humanitarian', None, 'access_floor')] + (1 - P[('humanitarian', None, 'access_floor')]) * sec_s[i]
                  for i in range(NA)]
        wcap = [P[('area', i, 'water_capacity_m3_day')] for i in range(NA)]
        # trucks needed (the day's local water counts what is restored so far)
        food_need = [pop[i] * food_kg for i in range(NA)]
        water_need = [pop[i] * water_l for i in range(NA)]
        local_w = [(wcap[i] + restored_m3[i]) * 1000.0 * (access[i] if OPT['needed_access'] else 1.0) for i in range(NA)]
        terms = []
        if sh_food > 0:
            terms.append(sum(food_need) / 1000.0 / (sh_food * tpt))
        if sh_water > 0:
            if OPT['water_trucks'] == 'total':
                wd = max(0.0, sum(water_need) - sum(local_w))
            else:
                wd = sum(max(0.0, water_need[i] - local_w[i]) for i in range(NA))
            terms.append(wd / 1000.0 / (sh_water * tpt))
        needed = max(terms) if terms else 0.0
        hum_dem = (cap if OPT['hum_demand'] == 'capacity' else min(cap, needed)) * ctruck
        # security demand
        pay_dem = 0.0
        self_pay = []
        for s in srcs:
            if s['kind'] == 'contingent':
                base_str = prev_cont[id(s)] if OPT['cont_pay_leave'] else min(prev_cont[id(s)], s['D'])
                if s['self']:
                    self_pay.append((s, base_str * s['pay']))
                else:
                    pay_dem += base_str * s['pay']
            else:
                pay_dem += s['D'] * s['pay']
        adm_want = []
        for c in centers:
            if t >= c['open']:
                intr = sum(sum(per.values()) for av, per in c['cohorts'] if av - OPT['crs_off'] + OPT['seat_off'] > t)
                qs = sum(s['Q'] for s in srcs if s.get('center') == cidx[c['id']] and s['kind'] != 'contingent')
                adm_want.append(max(0.0, min(qs, c['seats'] - intr)))
            else:
                adm_want.append(0.0)
        eq_dem = sum(s['E'] * s['equip'] for s in srcs if s['kind'] != 'contingent')
        sec_dem = pay_dem + sum(adm_want[k] * centers[k]['cost'] for k in range(len(centers))) + eq_dem
        # reconstruction demand
        mean_sec = sum(pop[i] * sec_s[i] for i in range(NA)) / poptot
        can_build = t >= rec_start and mean_sec >= P[('reconstruction', None, 'min_security')] - 1e-15
        reqs_units = [min(s['max'], sum(s['left'])) if can_build else 0.0 for s in sectors]
        rec_C = sum(reqs_units[k] * sectors[k]['cost'] for k in range(len(sectors)))
        rec_M = sum(reqs_units[k] * sectors[k]['tpu'] for k in range(len(sectors)))
        if OPT['rec_demand'] == 'feasible' and rec_M > 0:
            rec_dem = rec_C * min(1.0, mat_stock / rec_M)
        else:
            rec_dem = rec_C
        dem = {'humanitarian': hum_dem, 'security': sec_dem, 'reconstruction': rec_dem}
        for pur in prio:
            lack = max(0.0, dem[pur] - pools[pur].total())
            if lack > 0 and pools['any'].total() > 0:
                pools[pur].add_shares(pools['any'].take(lack))
        # spending: humanitarian
        hb = pools['humanitarian'].total()
        trucks = min(cap, hb / ctruck) if ctruck > 0 else cap
        if ctruck > 0 and trucks > 0:
            charge(pools['humanitarian'].take(trucks * ctruck), 'humanitarian')
        if OPT['needed_when'] == 'spend':
            unfunded += max(0.0, min(cap, needed) - trucks) * ctruck
        # security: pay
        sb = pools['security'].total()
        if pay_dem > 0:
            u = min(1.0, sb / pay_dem)
            charge(pools['security'].take(u * pay_dem), 'security')
            unfunded += (1 - u) * pay_dem
            if (1 - u) * pay_dem > 1e-6:  # READING: round-off is not arrears
                arrears_days.append(t)
        else:
            u = 1.0
        for s, amt in self_pay:
            if amt > 0:
                d = 'self:' + str(s['country'])
                cost_donor[d] = cost_donor.get(d, 0.0) + amt
                cost_purpose['security'] += amt
        # admissions, centers in listed order
        adm = []
        for k, c in enumerate(centers):
            want = adm_want[k]
            if want > 0 and c['cost'] > 0:
                sb = pools['security'].total()
                want = min(want, sb / c['cost'])
                charge(pools['security'].take(want * c['cost']), 'security')
            adm.append(want)
        # equipment
        eqs = [s for s in srcs if s['kind'] != 'contingent' and s['E'] > 0]
        eq_need = sum(s['E'] * s['equip'] for s in eqs)
        if eq_need > 0:
            sb = pools['security'].total()
            f = min(1.0, sb / eq_need)
            charge(pools['security'].take(f * eq_need), 'security')
        else:
            f = 1.0
        equipped = {id(s): (s['E'] * f if s['equip'] > 0 else s['E']) for s in eqs}
        if OPT['equip_split'] == 'order' and eq_need > 0 and f < 1.0:
            # undo and redo: sources in listed order
            pools['security'].add_shares(_last_take[0])
            for d_, a_ in _last_take[0].items():
                cost_donor[d_] -= a_
                cost_purpose['security'] -= a_
            for s in eqs:
                need_s = s['E'] * s['equip']
                if need_s <= 0:
                    equipped[id(s)] = s['E']
                    continue
                sb = pools['security'].total()
                x = min(s['E'], sb / s['equip'])
                charge(pools['security'].take(x * s['equip']), 'security')
                equipped[id(s)] = x
        # reconstruction spending
        rb = pools['reconstruction'].total()
        fr = 0.0
        if rec_C > 0 or rec_M > 0:
            fr = 1.0
            if rec_C > 0:
                fr = min(fr, rb / rec_C)
            if rec_M > 0:
                fr = min(fr, mat_stock / rec_M)
            fr = max(0.0, fr)
            if rec_C > 0 and fr > 0:
                charge(pools['reconstruction'].take(fr * rec_C), 'reconstruction')
            mat_stock -= fr * rec_M
            if mat_stock < 0:
                mat_stock = 0.0
        # 4. flows of people
        for s in srcs:
            if s['kind'] in ('pool', 'recruitment'):
                e = min(s['W'], s['vpd'])
                if e > 0:
                    s['W'] -= e
                    s['vet'].append((t + s['vd'] + OPT['vet_off'], e))
        for k, c in enumerate(centers):
            a = adm[k]
            if a > 0:
                members = [(i, s) for i, s in enumerate(srcs) if s['kind'] != 'contingent' and s.get('center') == k]
                qs = sum(s['Q'] for i, s in members)
                per = {}
                for i, s in members:
                    x = a * s['Q'] / qs if qs > 0 else 0.0
                    x = min(x, s['Q'])
                    s['Q'] -= x
                    per[i] = x
                c['cohorts'].append((t + c['cd'] + OPT['crs_off'], per))
        newdep = 0.0
        for s in eqs:
            x = equipped[id(s)]
            s['E'] -= x
            if OPT['attr_new']:
                s['D'] += x
            s['ever'] += x
            s['_new'] = x
        rate = q * (1 + (mult - 1) * (1 - u))
        for s in srcs:
            if s['kind'] in ('pool', 'recruitment'):
                s['D'] -= s['D'] * rate
                if not OPT['attr_new'] and s.get('_new'):
                    s['D'] += s['_new']
                s['_new'] = 0.0
        # 5. reconstruction: finish, then start
        for sct in sectors:
            keep = []
            for (fd, per) in sct['building']:
                if fd <= t:
                    for i in range(NA):
                        x = per[i]
                        if sct['persons']:
                            r = min(displaced[i], x * sct['persons'])
                            displaced[i] -= r
                            ret_housing += r
                        restored_m3[i] += x * sct['m3']
                        restored_beds[i] += x * sct['beds']
                else:
                    keep.append((fd, per))
            sct['building'] = keep
        for k, sct in enumerate(sectors):
            units = fr * reqs_units[k]
            if units > 0:
                tl = sum(sct['left'])
                per = [units * sct['left'][i] / tl for i in range(NA)]
                for i in range(NA):
                    sct['left'][i] -= per[i]
                sct['building'].append((t + sct['bd'] + OPT['build_off'], per))
        if ret is not None and (not ret_after or holds_day(byid, ret_after, t)):
            rate_r = P[('returns', None, 'rate_per_day')]
            mins = P[('returns', None, 'min_security')]
            for i in range(NA):
                if sec_s[i] >= mins:
                    r = displaced[i] * rate_r
                    displaced[i] -= r
                    ret_own += r
        # 6. humanitarian deliveries
        local_w = [(wcap[i] + restored_m3[i]) * 1000.0 * access[i] for i in range(NA)]
        if OPT['needed_when'] == 'deliver':
            terms = []
            if sh_food > 0:
                terms.append(sum(food_need) / 1000.0 / (sh_food * tpt))
            if sh_water > 0:
                lw = [(wcap[i] + restored_m3[i]) * 1000.0 * (access[i] if OPT['needed_access'] else 1.0) for i in range(NA)]
                if OPT['water_trucks'] == 'total':
                    wd = max(0.0, sum(water_need) - sum(lw))
                else:
                    wd = sum(max(0.0, water_need[i] - lw[i]) for i in range(NA))
                terms.append(wd / 1000.0 / (sh_water * tpt))
            needed2 = max(terms) if terms else 0.0
            if OPT['water_trucks'] == 'summax':
                needed2 = 0.0
                for i in range(NA):
                    tt = []
                    if sh_food > 0:
                        tt.append(food_need[i] / 1000.0 / (sh_food * tpt))
                    if sh_water > 0:
                        tt.append(max(0.0, water_need[i] - lw[i]) / 1000.0 / (sh_water * tpt))
                    needed2 += max(tt) if tt else 0.0
            unfunded += max(0.0, min(cap, needed2) - trucks) * ctruck
        food_tot = trucks * tpt * sh_food * 1000.0  # kg
        water_tot = trucks * tpt * sh_water * 1000.0  # litres
        fcov = []
        wcov = []
        sfn = sum(food_need)
        swn = sum(water_need)
        for i in range(NA):
            fd = food_tot * food_need[i] / sfn * access[i] if sfn > 0 else 0.0
            wd = water_tot * water_need[i] / swn * access[i] if swn > 0 else 0.0
            fcov.append(min(1.0, fd / food_need[i]) if food_need[i] > 0 else 1.0)
            wcov.append(min(1.0, (local_w[i] + wd) / water_need[i]) if water_need[i] > 0 else 1.0)
            food_gap += pop[i] * (1 - fcov[i])
            water_gap += pop[i] * (1 - wcov[i])
        med_t += trucks * tpt * sh_med
        shel_t += trucks * tpt * sh_shel
        mat_stock += trucks * tpt * sh_mat + mat_comm
        # deployed per area
        F = [0.0] * NA
        for s in srcs:
            if s['D'] <= 0:
                continue
            if alloc == 'population':
                w = [pop[i] for i in s['areas']]
            else:
                w = [pop[i] * risk[i] for i in s['areas']]
            sw_ = sum(w)
            for j, i in enumerate(s['areas']):
                F[i] += s['D'] * w[j] / sw_ if sw_ > 0 else 0.0
        cov = [F[i] / R[i] if R[i] > 0 else INF for i in range(NA)]
        beds = [P[('area', i, 'hospital_beds')] + restored_beds[i] for i in range(NA)]
        # 7. security
        spoil = P[('security', None, 'spoiler_incidents_per_100k_day')]
        new_s = []
        for i in range(NA):
            bl = P[('area', i, 'security_baseline')]
            if t >= start_day:
                target = max(bl, min(1.0, cov[i]))
            else:
                target = bl
            ns = sec_s[i] + (target - sec_s[i]) / tau  # incidents off in deterministic mode
            new_s.append(min(1.0, max(0.0, ns)))
        # 8. outputs
        deployed = sum(s['D'] for s in srcs)
        # pipeline (9.6)
        pipe = 0.0
        lost = 0.0
        for s in srcs:
            if s['kind'] in ('pool', 'recruitment'):
                pipe += s['W'] + s['Q'] + s['E']
                for (av, amt) in s['vet']:
                    pipe += amt * (s['pass'] if (av <= t + 1 and not OPT['pipe_raw']) else 1.0)
                lost += s['ever'] - s['D']
            else:
                if s['trig'] <= t and s['arr'] != INF:
                    pipe += s['size'] - s['D'] if (t < s['arr'] or t < s['arr'] + s['ramp'] - 1) else 0.0
        for c in centers:
            for (av, per) in c['cohorts']:
                amt = sum(per.values())
                pipe += amt * ((1 - c['washout']) if (av <= t + 1 and not OPT['pipe_raw']) else 1.0)
        rec_['deployed'].append(deployed)
        rec_['req'].append(sum(R))
        rec_['cov'].append(cov)
        rec_['Farea'].append(F)
        rec_['sec'].append(list(sec_s) if OPT['sec_out'] == 't' else list(new_s))
        rec_['food'].append(fcov)
        rec_['water'].append(wcov)
        rec_['disp'].append(list(displaced))
        rec_['pipe'].append(pipe)
        rec_['lost'].append(lost)
        rec_['beds'].append([min(1.0, beds[i] / (pop[i] * beds10k / 10000.0)) if pop[i] * beds10k > 0 else 1.0 for i in range(NA)])
        sec_s = new_s

    # ---- outputs
    out = {}
    out['start_day'] = S if started else None
    out['p_start'] = 1.0 if started else 0.0
    out['deployed_day365'] = rec_['deployed'][365] if H > 365 else None
    out['deployed_end'] = rec_['deployed'][H - 1]
    ioc = None
    for t in range(H):
        if all(c >= ioc_cov for c in rec_['cov'][t]):
            ioc = t
            break
    out['ioc_day'] = ioc
    out['p_ioc'] = 1.0 if ioc is not None else 0.0
    out['coverage_min_day365'] = min(rec_['cov'][365]) if H > 365 else None
    last_sec = rec_['sec'][H - 1]
    out['security_mean_end'] = sum(pop[i] * last_sec[i] for i in range(NA)) / poptot
    out['incidents_total'] = 0.0
    out['cost_by_purpose'] = cost_purpose
    out['cost_total_usd'] = sum(cost_purpose.values())
    out['cost_by_donor'] = cost_donor
    out['unfunded_usd'] = unfunded
    out['water_gap_person_days'] = water_gap
    out['food_gap_person_days'] = food_gap
    lb = rec_['beds'][H - 1]
    out['bed_coverage_end'] = sum(pop[i] * lb[i] for i in range(NA)) / poptot
    out['displaced_end'] = sum(rec_['disp'][H - 1])
    out['medical_tonnes'] = med_t
    out['shelter_tonnes'] = shel_t
    out['returned_housing'] = ret_housing
    out['returned_own'] = ret_own
    pdb = {}
    why = {}
    for d in (90, 180, 365):
        if d >= H:
            pdb[str(d)] = None
            why[str(d)] = None
            continue
        ok = rec_['deployed'][d] >= 0.5 * rec_['req'][d]
        pdb[str(d)] = 1.0 if ok else 0.0
        if ok:
            why[str(d)] = {'short': 0.0, 'reason': None, 'held_by': None}
            continue
        half = 0.5 * rec_['req'][d]
        held = None
        if d < S:
            reason = 'not_started'
            held = held_by(byid, sw, d)
        elif any(start_day <= x <= d for x in arrears_days):
            reason = 'money'
        elif rec_['deployed'][d] + rec_['pipe'][d] >= half:
            reason = 'pipeline'
        elif rec_['deployed'][d] + rec_['pipe'][d] + rec_['lost'][d] < half:
            reason = 'supply'
        else:
            reason = 'attrition'
        why[str(d)] = {'short': 1.0, 'reason': reason, 'held_by': held}
    out['p_deployed_by'] = pdb
    out['why_short'] = why
    dth = None
    if started:
        for t in range(start_day, H):
            if rec_['deployed'][t] >= 0.5 * rec_['req'][t]:
                dth = t - start_day
                break
    out['days_to_half'] = dth
    out['p_half'] = (1.0 if dth is not None else 0.0) if started else None
    out['deployed_start_plus_365'] = rec_['deployed'][start_day + 365] if started and start_day + 365 < H else None
    # criticality
    crit = {}
    if started:
        on = set()
        # the starts_when milestone with the largest T (time it last began to hold before the start)
        best = None
        for m in sw:
            M = byid[m]
            Tm = M.V if M.V <= S else M.T
            if best is None or Tm > best[0]:
                best = (Tm, m)
        cur = best[1] if best else None
        while cur is not None and cur not in on:
            on.add(cur)
            cur = byid[cur].parent
        for M in mlist:
            crit[M.id] = 1.0 if M.id in on else 0.0
    else:
        for M in mlist:
            crit[M.id] = None
    out['criticality'] = crit
    # weekly series
    days = list(range(0, H, 7))
    ser = {}
    for key, src_ in (('deployed', 'Farea'), ('coverage', 'cov'), ('security', 'sec'),
                      ('water_coverage', 'water'), ('food_coverage', 'food'), ('displaced', 'disp')):
        ser[key] = {world.area_ids[i]: [rec_[src_][t][i] for t in days] for i in range(NA)}
    ser['day'] = days
    out['series'] = ser
    out['areas_end'] = {world.area_ids[i]: {
        'deployed_end': rec_['Farea'][H - 1][i], 'coverage_end': rec_['cov'][H - 1][i],
        'security_end': rec_['sec'][H - 1][i], 'water_coverage_end': rec_['water'][H - 1][i],
        'food_coverage_end': rec_['food'][H - 1][i], 'displaced_end': rec_['disp'][H - 1][i],
        'bed_coverage_end': rec_['beds'][H - 1][i]} for i in range(NA)}
    out['requirement_total'] = [rec_['req'][t] for t in days]
    return out


def held_by(byid, sw, d):
    """9.6: the milestone that held the option back on day d."""
    cur = None
    for m in sw:
        if not holds_at(byid[m].hold, d):
            cur = m
            break
    if cur is None:
        return None
    seen = set()
    while cur not in seen:
        seen.add(cur)
        M = byid[cur]
        nxt = None
        for p in M.after:
            if not holds_at(byid[p].hold, d):
                nxt = p
                break
        if nxt is None and M.any_of and not any(holds_at(byid[q].hold, d) for q in M.any_of):
            nxt = M.any_of[0]
        if nxt is None:
            return cur
        cur = nxt
    return cur


def run(sc):
    H = int(sc['horizon_days'])
    mlist, byid = compute_milestones(sc)
    world = World(sc, mlist, byid, H)
    res = {'horizon_days': H, 'milestones': {}, 'options': {}}
    for M in mlist:
        res['milestones'][M.id] = {
            'day': M.T if M.T < H else None, 'p_reached': 1.0 if M.T < H else 0.0,
            'lapse_day': M.L if M.L < H else None, 'p_lapsed': 1.0 if M.L < H else 0.0,
            'recovery_day': M.V if M.V < H else None, 'p_recovered': 1.0 if M.V < H else 0.0}
    for o in sc['options']:
        res['options'][o['id']] = simulate(sc, o, mlist, byid, world, H)
    return res


def main():
    args = sys.argv[1:]
    out = None
    if '-o' in args:
        i = args.index('-o')
        out = args[i + 1]
        del args[i:i + 2]
    for a in list(args):
        if a.startswith('--opt='):
            k, v = a[6:].split('=')
            cur = OPT[k]
            if isinstance(cur, bool):
                OPT[k] = v in ('1', 'true', 'True')
            elif isinstance(cur, int):
                OPT[k] = int(v)
            else:
                OPT[k] = v
            args.remove(a)
    with open(args[0]) as f:
        sc = yaml.safe_load(f)
    res = run(sc)
    s = json.dumps(res, indent=1, default=lambda x: None)
    if out:
        with open(out, 'w') as f:
            f.write(s)
    else:
        print(s)


if __name__ == '__main__':
    main()
