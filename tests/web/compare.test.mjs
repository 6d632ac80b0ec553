// SPDX-License-Identifier: GPL-3.0-or-later
// compare.test.mjs - two runs compared (web/app/views/compare.js): the differences of their
// settings, the change of a median as the table writes it, and each option's rows.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { calendar, registry } from '../../web/format.js';
import { fmtSetting } from '../../web/app/dom.js';
import { changeLevel, fillBeyond, fmtDelta, medianChange, medianSe, optionRows, orderCheckDays, pendingNote, settingsDiff } from '../../web/app/views/compare.js';

const run = (over) => ({ scenario: 1, revision: 2, replications: 1000, seed: 7, requested_by: 'a@x', finished: '2026-01-01T00:00:00Z', ...over });

test('settings that differ are marked; who asked and when it finished never are', () => {
  const rows = settingsDiff([run({}), run({ seed: '18446744073709551615', requested_by: 'b@x', finished: '2026-02-01T00:00:00Z' })],
    { 1: 'Two districts' });
  const by = Object.fromEntries(rows.map((r) => [r.setting, r]));
  assert.deepEqual(by.Scenario.values, ['Two districts', 'Two districts']);
  assert.equal(by.Scenario.differs, false);
  assert.equal(by.Seed.differs, true);
  assert.deepEqual(by.Seed.values, ['7', '18446744073709551615']);
  assert.equal(by['Requested by'].differs, false);
  assert.equal(by.Finished.differs, false);
  assert.deepEqual(by.Replications.values, ['1,000', '1,000']);
});

test('replications are a setting: exact, grouped, never rounded to "1m"', () => {
  const rows = settingsDiff([run({ replications: 1000000 }), run({ replications: 1004000 })], { 1: 'A' });
  const by = Object.fromEntries(rows.map((r) => [r.setting, r]));
  assert.deepEqual(by.Replications.values, ['1,000,000', '1,004,000']);
  assert.equal(by.Replications.differs, true);
  assert.equal(fmtSetting(999), '999');
  assert.equal(fmtSetting(123456789), '123,456,789');
});

test('a scenario without a name is called by its id', () => {
  const rows = settingsDiff([run({}), run({ scenario: 4, revision: 1 })], { 1: 'A' });
  assert.deepEqual(rows[0].values, ['A', 'Scenario 4']);
  assert.equal(rows[0].differs, true);
  assert.equal(rows[1].differs, true);
});

test('two scenarios of the same name are two scenarios: compared by id, and shown with it', () => {
  const rows = settingsDiff([run({ revision: 1 }), run({ scenario: 4, revision: 2 })], { 1: 'Two districts', 4: 'Two districts' });
  const by = Object.fromEntries(rows.map((r) => [r.setting, r]));
  assert.equal(by.Scenario.differs, true);
  assert.deepEqual(by.Scenario.values, ['Two districts (scenario 1)', 'Two districts (scenario 4)']);
  assert.equal(by.Revision.differs, true);
  // Runs of one scenario: its name alone, the same.
  const same = settingsDiff([run({}), run({ revision: 3 })], { 1: 'Two districts' });
  assert.deepEqual(same[0].values, ['Two districts', 'Two districts']);
  assert.equal(same[0].differs, false);
});

test('a change: signed, shares in points, days in days', () => {
  assert.equal(fmtDelta(0.005, 'share'), '+0.5 points');
  assert.equal(fmtDelta(-0.01, 'share'), '−1 point');
  assert.equal(fmtDelta(-12, 'day'), '−12 days');
  assert.equal(fmtDelta(-1, 'day'), '−1 day');
  assert.equal(fmtDelta(2.5e6, 'money'), '+$2.5m');
  assert.equal(fmtDelta(0, 'count'), '0');
});

test('a change of days is that of the days shown, each the day its median falls in', () => {
  // 69.17 and 67.93 read as days 69 and 67: two days apart, not the 1.24 between the medians.
  const c = medianChange(69.17, 67.93, 'day');
  assert.equal(c.d, -2);
  assert.equal(fmtDelta(c.d, 'day'), '−2 days');
  assert.equal(c.pct, ' (−3%)');
  // Two medians in the same day are the same day, however far apart within it.
  assert.equal(medianChange(70.01, 70.99, 'day').d, 0);
  // Other metrics keep their own difference.
  assert.equal(medianChange(1.5e6, 2.25e6, 'money').d, 0.75e6);
  assert.equal(medianChange(0.02, 0.015, 'share').pct, '');
});

test('a difference within the two runs\' Monte Carlo error is not highlighted; one beyond it is', () => {
  // Two runs of 500 replications that differ only in their seed: p_start 50% and 48.4%, each
  // with a standard error of about 2.2 points. -1.6 points is within 2 x 3.2 points.
  const se = Math.sqrt(0.25 / 500);
  const noise = changeLevel(0.5, 0.484, 'share', [se, se]);
  assert.equal(noise.level, 'noise');
  assert.ok(Math.abs(noise.bound - 2 * Math.sqrt(2) * se) < 1e-12);
  // Twelve points is beyond it: highlighted, strongly; seven, highlighted.
  assert.equal(changeLevel(0.5, 0.38, 'share', [se, se]).level, 'differs-much');
  assert.equal(changeLevel(0.5, 0.43, 'share', [se, se]).level, 'differs');
  // Under 1% (a point) is about the same, whatever the error.
  assert.equal(changeLevel(0.5, 0.495, 'share', [0, 0]).level, 'same');
  // Without both errors (older results, a median too few values bound): the 1% rule alone.
  assert.equal(changeLevel(0.5, 0.484, 'share', [se, null]).level, 'differs');
  assert.equal(changeLevel(0.5, 0.484, 'share').level, 'differs');
  // A median's error from its 95% interval; a cost that moved less than that allows.
  const stat = { p50: 100, mc_error: { n: 500, p50_lo: 90.2, p50_hi: 109.8 } };
  assert.ok(Math.abs(medianSe(stat) - 5) < 1e-9);
  assert.equal(medianSe({ p50: 1, mc_error: { n: 5, p50_lo: null, p50_hi: 2 } }), null);
  assert.equal(changeLevel(100, 108, 'money', [5, 5]).level, 'noise');
  assert.equal(changeLevel(100, 120, 'money', [5, 5]).level, 'differs-much');
});

test('an option\'s rows carry the Monte Carlo error of what they compare', () => {
  const results = { horizon_days: 730, check_days: [90], replications: 500 };
  const option = { p_start: 0.5, p_ioc: 0.1, p_deployed_by: { 90: 0.2 },
    mc_error: { p_start_se: 0.022, p_ioc_se: 0.013, p_deployed_by_se: { 90: 0.018 } },
    metrics: { cost_total_usd: { p50: 100, mc_error: { n: 500, p50_lo: 90.2, p50_hi: 109.8 } } } };
  const by = Object.fromEntries(optionRows(option, null, calendar(results), 500).map((r) => [r.key, r]));
  assert.equal(by.p_start.se, 0.022);
  assert.equal(by.p_ioc.se, 0.013);
  assert.equal(by.p_deployed_by_90.se, 0.018);
  assert.ok(Math.abs(by.cost_total_usd.se - 5) < 1e-9);
});

test('an option\'s rows: probabilities, check days with their dates, metrics by the registry', () => {
  const results = { horizon_days: 300, start_date: '2024-01-01', check_days: [90, 365],
    metrics: [{ id: 'cost_total_usd', label: 'Total cost', format: 'money' }] };
  const option = { p_start: 0.9, p_deployed_by: { 90: 0.4 }, metrics: { cost_total_usd: { p50: 5 }, deployed_day365: null } };
  const rows = optionRows(option, registry(results, 'metrics'), calendar(results));
  const by = Object.fromEntries(rows.map((r) => [r.key, r]));
  assert.equal(by.p_start.stat.p50, 0.9);
  assert.equal(by.p_ioc.stat.p50, null);
  assert.equal(by.p_deployed_by_90.label, 'Half the need deployed by day 90 (2024-03-31)');
  assert.equal(by.p_deployed_by_365.beyond, true);
  assert.equal(by.cost_total_usd.label, 'Total cost');
  assert.equal(by.cost_total_usd.format, 'money');
  // A metric whose day is past the horizon: null in the results, and said to be beyond it.
  assert.equal(by.deployed_day365.beyond, true);
  assert.equal(by.deployed_day365.label, 'deployed_day365');
  // Without the run's replications, no count of runs.
  assert.equal(by.cost_total_usd.runs, null);
});

test('a metric that some runs lack says how many it rests on, one that all have says nothing', () => {
  const results = { horizon_days: 730, check_days: [365], replications: 2000 };
  const option = { metrics: { start_day: { p50: 624, mc_error: { n: 889 } }, cost_total_usd: { p50: 5, mc_error: { n: 2000 } },
    ioc_day: null } };
  const by = Object.fromEntries(optionRows(option, null, calendar(results), results.replications).map((r) => [r.key, r]));
  assert.equal(by.start_day.runs, 889);
  assert.equal(by.start_day.of, 2000);
  assert.equal(by.cost_total_usd.runs, null);
  // No run has it: none of them, as the terminal's "0 of 2,000".
  assert.equal(by.ioc_day.runs, 0);
});

test('runs without results: waited for while they go, never once failed or cancelled', () => {
  const r = (id, status) => ({ id, status });
  assert.equal(pendingNote([r(1, 'done'), r(2, 'running')]),
    'Run 2 has no results yet; this page fills in when both runs are done.');
  assert.equal(pendingNote([r(1, 'queued'), r(2, 'running')]),
    'Run 1 and Run 2 have no results yet; this page fills in when both runs are done.');
  // A cancelled or failed run never gets results: the page must not promise them.
  assert.equal(pendingNote([r(1, 'done'), r(3, 'cancelled')]),
    'Run 3 was cancelled: it has no results to compare. Compare another run, or queue it again from its page.');
  assert.equal(pendingNote([r(4, 'failed'), r(5, 'running')]),
    'Run 4 failed: it has no results to compare. Compare another run, or queue it again from its page.');
  assert.match(pendingNote([r(4, 'failed'), r(3, 'cancelled')]), /^Run 4 failed and Run 3 was cancelled: they have no results/);
});

test('the check days of both runs together, in order, where the first run has them', () => {
  // A 730-day run's 90, 180, 365 and a 120-day run's 90 and 119 (its last day).
  const keys = ['p_start', 'p_ioc', 'p_deployed_by_90', 'p_deployed_by_180', 'p_deployed_by_365', 'start_day', 'cost_total_usd', 'p_deployed_by_119'];
  assert.deepEqual(orderCheckDays(keys), ['p_start', 'p_ioc', 'p_deployed_by_90', 'p_deployed_by_119', 'p_deployed_by_180',
    'p_deployed_by_365', 'start_day', 'cost_total_usd']);
  assert.deepEqual(orderCheckDays(['a', 'b']), ['a', 'b']);
});

test('a check day past one run\'s horizon is beyond it there; an option one run lacks is not', () => {
  const long = calendar({ horizon_days: 730, check_days: [90, 180, 365] });
  const short = calendar({ horizon_days: 120, check_days: [90, 119] });
  const rowsOf = [long, short].map((cal) => new Map(optionRows({ p_start: 1, p_deployed_by: { 90: 0.5, 119: 0.6, 180: 0.7, 365: 0.8 }, metrics: {} },
    null, cal).map((r) => [r.key, r])));
  const keys = [];
  rowsOf.forEach((m) => m.forEach((r, k) => { if (!keys.includes(k)) keys.push(k); }));
  assert.equal(rowsOf[1].has('p_deployed_by_365'), false);
  fillBeyond(rowsOf, [true, true], [long, short], keys);
  const row = rowsOf[1].get('p_deployed_by_365');
  assert.equal(row.beyond, true);
  assert.equal(row.stat.p50, null);
  assert.equal(row.label, rowsOf[0].get('p_deployed_by_365').label);
  // Within the short run's horizon (day 90), nothing is added; a run without the option gets
  // no rows ("not in this run").
  const lacking = [rowsOf[0], new Map()];
  fillBeyond(lacking, [true, false], [long, short], keys);
  assert.equal(lacking[1].size, 0);
});
