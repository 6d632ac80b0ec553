// SPDX-License-Identifier: GPL-3.0-or-later
// report_test.mjs - opens HTML reports in Debian's Chromium, headless, from file:// URLs with
// the network blocked, and checks what a reader would: every chart drawn and not empty, every
// section there, no console error, no request that is not the file itself. Saves a screenshot
// of each report next to it (a test artifact).
//
// Usage: node report_test.mjs REPORT.html ...   Prints "N passed, N failed"; exit 1 on failure.
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { launch } from './chromium.mjs';
import { check, summary, tally } from './tally.mjs';

// What each kind of page must show: a run's report, an analysis's.
const EXPECT = {
  run: { charts: 11, summary: 3, sections: ['What to know', 'When each option can start', 'Security',
    'Money', 'People', 'Comparing the options', 'Assumptions', 'The run'] },
  analysis: { charts: 1, summary: 2, sections: ['What to know', 'Which inputs matter', 'Inputs',
    'The analysis'] },
};


async function checkReport(context, file) {
  const url = pathToFileURL(resolve(file)).href;
  const page = await context.newPage();
  const errors = [];
  const requests = [];
  page.on('console', (msg) => { if (msg.type() === 'error') errors.push(msg.text()); });
  page.on('pageerror', (err) => errors.push(String(err)));
  // Every request but the report itself is blocked and recorded.
  await page.route('**/*', (route) => {
    const u = route.request().url();
    if (u === url) return route.continue();
    requests.push(u);
    return route.abort();
  });
  await page.goto(url);
  await page.waitForFunction(() => document.body.getAttribute('data-ready') === 'true',
    null, { timeout: 60000 }).catch(() => {});
  const ready = await page.evaluate(() => document.body.getAttribute('data-ready'));
  check(ready === 'true', file + ': the page finished drawing');
  const kind = await page.evaluate(() => document.body.getAttribute('data-kind'));
  check(kind in EXPECT, file + ': a run or an analysis (' + kind + ')');
  const want = EXPECT[kind] || EXPECT.run;
  const charts = await page.evaluate(() => Array.from(document.querySelectorAll('.chart')).map((c) => ({
    title: c.getAttribute('aria-label'),
    rendered: c.getAttribute('data-rendered') === 'true',
    error: c.getAttribute('data-error'),
    marks: c.querySelectorAll('svg path, svg rect, svg line, svg circle, svg text').length,
    width: c.getBoundingClientRect().width,
    height: c.getBoundingClientRect().height,
  })));
  check(charts.length >= want.charts, file + ': at least ' + want.charts + ' charts, found ' + charts.length);
  for (const c of charts) {
    check(c.rendered && !c.error, file + ': chart "' + c.title + '" drawn' + (c.error ? ': ' + c.error : ''));
    check(c.marks > 20 && c.width > 100 && c.height > 50,
      file + ': chart "' + c.title + '" not empty (' + c.marks + ' marks, ' + Math.round(c.width) + 'x' + Math.round(c.height) + ')');
  }
  const headings = await page.evaluate(() => Array.from(document.querySelectorAll('h2')).map((h) => h.textContent));
  for (const s of want.sections) check(headings.includes(s), file + ': section "' + s + '"');
  const tables = await page.evaluate(() => document.querySelectorAll('details table').length);
  check(tables === charts.length, file + ': a data table for each chart (' + tables + ')');
  // Results without the metrics' registry (saved by an older dayafter) say so; others do not.
  const notice = await page.evaluate(() => document.querySelectorAll('p.notice').length);
  check(notice === (file.endsWith('-old-registry.html') ? 1 : 0),
    file + ': the notice of results without the metrics\' registry where, and only where, they have none');
  // Numbers in the charts' data by the shared rules (web/format.js): thousands separators from
  // 1,000, never "1234".
  const bare = await page.evaluate(() => Array.from(document.querySelectorAll('details td'))
    .map((td) => td.textContent).filter((t) => /^-?\$?[0-9]{4,}(\.[0-9]+)?(%|bn|m|k)?$/.test(t)));
  check(bare.length === 0, file + ': every whole number from 1,000 with separators' +
    (bare.length ? ': ' + bare.slice(0, 5).join(', ') : ''));
  const summary = await page.evaluate(() => document.querySelectorAll('#summary li').length);
  check(summary >= want.summary, file + ': ' + want.summary + ' things to know (' + summary + ')');
  check(errors.length === 0, file + ': no console error' + (errors.length ? ': ' + errors.join(' | ') : ''));
  check(requests.length === 0, file + ': no network request' + (requests.length ? ': ' + requests.join(' ') : ''));
  await page.screenshot({ path: file.replace(/\.html$/, '') + '.png', fullPage: true });
  await page.close();
}

const files = process.argv.slice(2);
const { context, close } = await launch({ width: 1200, height: 900 });
try {
  for (const f of files) await checkReport(context, f);
} finally {
  await close();
}
console.log(summary());
process.exit(tally.failed ? 1 : 0);
