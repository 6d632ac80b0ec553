// SPDX-License-Identifier: GPL-3.0-or-later
// tally.mjs - what the browser tests share: counting checks, with a FAIL line for each that
// fails, and the summary line "N passed, N failed".
export const tally = { passed: 0, failed: 0 };

export function check(ok, what) {
  if (ok) {
    tally.passed++;
  } else {
    tally.failed++;
    console.log(`FAIL ${what}`);
  }
}

export function summary() {
  return `${tally.passed} passed, ${tally.failed} failed`;
}
