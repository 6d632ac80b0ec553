// SPDX-License-Identifier: GPL-3.0-or-later
// format_test.mjs - web/format.js, the number formats of the report and the web application,
// against tests/unit/format_cases.json, the cases that test_format.c checks src/output/format.c
// against: the terminal, the report and the web application write every value alike. Also
// the run's calendar that both pages read: dates of days, check days, the horizon.
//
// Usage: node format_test.mjs web/format.js tests/unit/format_cases.json
// Prints "N passed, N failed"; exit 1 on a failure.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

const [script, casesFile] = process.argv.slice(2);
// The module that the report and the web application import.
const F = await import(pathToFileURL(resolve(script)).href);

let passed = 0;
let failed = 0;
const { cases } = JSON.parse(readFileSync(casesFile, 'utf8'));
for (const [value, format, want] of cases) {
  const got = F.value(value, format);
  if (got === want) {
    passed++;
  } else {
    failed++;
    console.log(`FAIL ${value} as ${format}: '${got}', expected '${want}'`);
  }
}
// The registry of a run's JSON, and none in results saved before dayafter wrote it.
const reg = F.registry({ metrics: [{ id: 'cost_total_usd', format: 'money' }] }, 'metrics');
if (reg && reg.byId.cost_total_usd.format === 'money' && F.registry({}, 'metrics') === null) {
  passed++;
} else {
  failed++;
  console.log('FAIL registry: not read from the results, or made up where they have none');
}
// Dates of days (the JSON's "date" objects are start_date + floor(day), src/util/date.c):
// across a leap day and a year's end, a fraction of a day in the day it falls in, nothing
// without a start date or a day.
const dates = [
  ['2024-02-28', 1, '2024-02-29'], ['2024-02-28', 2, '2024-03-01'], ['2023-02-28', 1, '2023-03-01'],
  ['2024-03-28', 299, '2025-01-21'], ['2024-03-28', 252.53, '2024-12-05'], ['2024-12-31', 0.99, '2024-12-31'],
  [null, 5, null], ['2024-03-28', null, null], ['28/03/2024', 5, null],
];
for (const [start, day, want] of dates) {
  const got = F.dateOf(start, day);
  if (got === want) {
    passed++;
  } else {
    failed++;
    console.log(`FAIL the date of day ${day} from ${start}: '${got}', expected '${want}'`);
  }
}
// The calendar: the JSON's check days, or in results saved before it listed them, the keys
// of p_deployed_by, in order; a day at or past the horizon is beyond it.
const withChecks = F.calendar({ horizon_days: 300, check_days: [90, 180, 299], options: [{ p_deployed_by: { 365: null } }] });
const older = F.calendar({ horizon_days: 300, options: [{ p_deployed_by: { 365: null, 90: 1, 180: 1 } }] });
const calendarOk = withChecks.checkDays.join() === '90,180,299' && older.checkDays.join() === '90,180,365' &&
  older.beyond(365) && older.beyond(300) && !older.beyond(299) && older.lastDay === 299 &&
  older.start === null && older.dateOf(10) === null;
if (calendarOk) {
  passed++;
} else {
  failed++;
  console.log(`FAIL calendar: check days ${withChecks.checkDays} and ${older.checkDays}, beyond and dates`);
}
if (cases.length < 40) {
  failed++;
  console.log(`FAIL only ${cases.length} cases`);
}
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
