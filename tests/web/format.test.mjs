// SPDX-License-Identifier: GPL-3.0-or-later
// format.test.mjs - web/format.js, the module that the report and the web application write
// numbers and dates with (node --test). Every rule of the numbers is also checked against
// tests/unit/format_cases.json by format-js; here, what those cases do not reach.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { BEYOND, calendar, dateOf, metricDay, nonzero, observed, registry, twoDigits, value } from '../../web/format.js';

test('an observed value keeps what its format would round away, as observed.c writes it', () => {
  assert.equal(observed(999.5, 'count'), '999.5');
  assert.equal(observed(1234.25, 'count'), '1,234.25');
  assert.equal(observed(4.5, 'day'), '4.5');
  assert.equal(observed(1000, 'count'), '1,000');
  assert.equal(observed(2.5e6, 'count'), '2.5m'); /* from a million, the format's own */
  assert.equal(observed(0.004, 'count'), '0.004');
  assert.equal(observed(1e-6, 'count'), '1e-6');
  assert.equal(observed(0.5, 'share'), '50%');
  assert.equal(observed(null, 'count'), '-');
  assert.equal(nonzero(0.004, 'money'), '$0.004');
  assert.equal(nonzero(0.4, 'count'), '0.4');
  assert.equal(nonzero(2.5e-7, 'number'), '2.5e-7');
  assert.equal(nonzero(0.4, 'day'), '0');
});

test('a missing value is a dash, an infinite one has no limit, a negative zero no sign', () => {
  assert.equal(value(null, 'count'), '-');
  assert.equal(value(undefined, 'money'), '-');
  assert.equal(value('12', 'number'), '-');
  assert.equal(value(Number.NaN, 'share'), '-');
  assert.equal(value(Infinity, 'day'), 'no limit');
  assert.equal(value(-Infinity, 'money'), 'no limit');
  assert.equal(value(-0.0001, 'money'), '$0');
  assert.equal(value(-1500, 'money'), '-$1.5k');
  assert.equal(value(0.25, 'share'), '25%');
  assert.equal(value(1234, 'day'), '1,234');
  assert.equal(value(2.5e9, 'count'), '2.5bn');
});

test('the date of a day: start plus its whole days, in UTC, across a leap day and a year', () => {
  assert.equal(dateOf('2024-02-28', 1), '2024-02-29');
  assert.equal(dateOf('2024-12-31', 1.9), '2025-01-01');
  assert.equal(dateOf('2024-03-28', 0), '2024-03-28');
  assert.equal(dateOf(null, 3), null);
  assert.equal(dateOf('28/03/2024', 3), null);
  assert.equal(dateOf('2024-03-28', null), null);
});

test('the calendar: horizon, check days (listed, or from older results\' keys), beyond', () => {
  const cal = calendar({ horizon_days: 300, start_date: '2024-01-01', check_days: [90, 180, 365] });
  assert.equal(cal.lastDay, 299);
  assert.deepEqual(cal.checkDays, [90, 180, 365]);
  assert.equal(cal.beyond(365), true);
  assert.equal(cal.beyond(299), false);
  assert.equal(cal.dateOf(31), '2024-02-01');
  const old = calendar({ horizon_days: 400, options: [{ p_deployed_by: { 365: 0.5, 90: 0.1, x: 1 } }] });
  assert.deepEqual(old.checkDays, [90, 365]);
  assert.equal(old.start, null);
  assert.equal(old.dateOf(3), null);
  assert.equal(calendar(null).beyond(10_000), false);
  assert.equal(BEYOND, 'beyond the horizon');
});

test('the metrics\' registry, and none where the results have none', () => {
  const reg = registry({ area_metrics: [{ id: 'security', format: 'share' }] }, 'area_metrics');
  assert.equal(reg.byId.security.format, 'share');
  assert.equal(reg.list.length, 1);
  assert.equal(registry({}, 'metrics'), null);
  assert.equal(registry(null), null);
});

test('the day a metric is measured on, from its name', () => {
  assert.equal(metricDay('deployed_day365'), 365);
  assert.equal(metricDay('cost_total_usd'), null);
  assert.equal(metricDay('days_to_half'), null);
});

test('a quasi-p-value as the terminal writes it, C\'s "%.2g"', () => {
  // Each expected string is what printf("%.2g") writes (src/output/prim_out.c); the report wrote
  // 5.3e-7 and 5.3e-4 for the first two.
  const printf = [[5.3e-7, '5.3e-07'], [5.3e-4, '0.00053'], [2.388774623e-13, '2.4e-13'],
    [1e-300, '1e-300'], [9.96e-5, '0.0001'], [1e-4, '0.0001'], [0.05, '0.05'], [0.0995, '0.1'],
    [0.999, '1'], [1, '1'], [0.5, '0.5'], [123, '1.2e+02'], [0, '0'], [-0.004, '-0.004']];
  for (const [x, want] of printf) assert.equal(twoDigits(x), want, String(x));
  assert.equal(twoDigits(null), '-');
});
