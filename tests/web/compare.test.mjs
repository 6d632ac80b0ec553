// SPDX-License-Identifier: GPL-3.0-or-later
// compare.test.mjs - two runs compared (web/app/views/compare.js): the differences of their
// settings, the change of a median as the table writes it, and each option's rows.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { calendar, registry } from '../../web/format.js';
import { fmtDelta, optionRows, pendingNote, settingsDiff } from '../../web/app/views/compare.js';

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

test('a scenario without a name is called by its id', () => {
  const rows = settingsDiff([run({}), run({ scenario: 4, revision: 1 })], { 1: 'A' });
  assert.deepEqual(rows[0].values, ['A', 'Scenario 4']);
  assert.equal(rows[0].differs, true);
  assert.equal(rows[1].differs, true);
});

test('a change: signed, shares in points, days in days', () => {
  assert.equal(fmtDelta(0.005, 'share'), '+0.5 points');
  assert.equal(fmtDelta(-0.01, 'share'), '−1 point');
  assert.equal(fmtDelta(-12, 'day'), '−12 days');
  assert.equal(fmtDelta(2.5e6, 'money'), '+$2.5m');
  assert.equal(fmtDelta(0, 'count'), '0');
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
