// SPDX-License-Identifier: GPL-3.0-or-later
// format_test.mjs - web/format.js, the number formats of the report and the web application,
// against tests/unit/format_cases.json, the cases that test_format.c checks src/output/format.c
// against: the terminal, the report and the web application write every value alike.
//
// Usage: node format_test.mjs web/format.js tests/unit/format_cases.json
// Prints "N passed, N failed"; exit 1 on a failure.
import { readFileSync } from 'node:fs';
import { createContext, runInContext } from 'node:vm';

const [script, casesFile] = process.argv.slice(2);
// The script as the pages run it: a classic script that sets one global.
const context = createContext({});
runInContext(readFileSync(script, 'utf8'), context, { filename: script });
const F = context.dayafterFormat;

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
if (cases.length < 40) {
  failed++;
  console.log(`FAIL only ${cases.length} cases`);
}
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
