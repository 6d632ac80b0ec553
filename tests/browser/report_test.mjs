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


/* What the chart titled 'title' draws: its panels' titles, its x axes, its median lines'
 * and its legend's strokes, and its axes' labels (the lines of a wrapped one joined by a
 * space). */
function chartParts(page, title) {
  return page.evaluate((t) => {
    const fig = [...document.querySelectorAll('figure')].find((f) => f.querySelector('h3').textContent === t);
    const svg = fig && fig.querySelector('.chart svg');
    if (!svg) return null;
    const text = (n) => (n.querySelectorAll('tspan').length
      ? [...n.querySelectorAll('tspan')].map((x) => x.textContent).join(' ') : n.textContent);
    const strokes = (sel) => [...svg.querySelectorAll(sel)].map((p) => ({
      stroke: p.getAttribute('stroke'), dash: p.getAttribute('stroke-dasharray') || '',
      width: Number(p.getAttribute('stroke-width') || 1), opacity: Number(p.getAttribute('opacity') || 1) }));
    return {
      panels: [...svg.querySelectorAll('.role-title-text')].map(text),
      xAxes: svg.querySelectorAll('g.role-axis[aria-label^="X-axis"]').length,
      lines: strokes('.mark-line path'),
      legend: strokes('.role-legend-symbol path'),
      labels: [...svg.querySelectorAll('.role-axis-label text')].map(text),
      caption: fig.querySelector('figcaption').textContent,
    };
  }, title);
}

const nameOf = (x) => x.name || x.id;

/* The charts of a run, as a planner reads them: no empty panel, the options told apart,
 * everyone by name. */
async function checkRunCharts(page, file, results) {
  const options = results.options || [];
  const areas = (options[0] && options[0].areas) || [];
  // Small multiples: exactly one panel (and one x axis) per area, or per option; a wrapped
  // facet drew one more, empty, with its axis.
  for (const [title, members] of [['Deployed strength, by area', areas], ['Security, by area', options]]) {
    const c = await chartParts(page, title);
    check(c && c.panels.length === members.length && c.xAxes === members.length,
      `${file}: "${title}" has a panel for each of its ${members.length} members and no other` +
      (c ? ` (${c.panels.length} titles, ${c.xAxes} x axes)` : ''));
  }
  // The options' medians: a colour and a line style of their own, drawn; the legend's symbols
  // are those lines, opaque and wide enough to read.
  const dep = await chartParts(page, 'Deployed strength, by area');
  if (dep) {
    const colours = new Set(dep.lines.map((l) => l.stroke));
    const dashes = new Set(dep.lines.map((l) => l.dash));
    check(colours.size === options.length && dashes.size === options.length,
      `${file}: each option's median in a colour and a line style of its own (${[...colours]} / ${[...dashes].join(' ')})`);
    check(dep.legend.length === options.length && dep.legend.every((l) => l.opacity === 1 && l.width >= 2),
      `${file}: the options' legend shows their lines, opaque and at least 2 px wide`);
  }
  // Options and donors by their names, not their ids.
  const diff = await chartParts(page, 'Paired differences between the options');
  if (diff) {
    const byId = Object.fromEntries(options.map((o) => [o.id, o]));
    const want = (results.differences || []).map((d) => `${nameOf(byId[d.b])} minus ${nameOf(byId[d.a])}`);
    const missing = want.filter((w) => !diff.labels.includes(w));
    check(missing.length === 0, `${file}: the pairs of options named by the options' names` +
      (missing.length ? `: no label ${missing.join(', ')}` : ''));
  }
  const donors = await chartParts(page, 'Cost by donor');
  if (donors) {
    const ids = [...new Set(options.flatMap((o) => Object.keys(o.cost_by_donor || {})))];
    const names = Object.fromEntries((results.donors || []).map((d) => [d.id, d.name]));
    const want = ids.map((id) => names[id] || id);
    const missing = want.filter((w) => !donors.labels.includes(w));
    const idsShown = ids.filter((id) => names[id] && names[id] !== id && donors.labels.includes(id));
    check(missing.length === 0 && idsShown.length === 0, `${file}: donors named by their names` +
      (missing.length ? `: no label ${missing.join(', ')}` : '') + (idsShown.length ? `: ids shown ${idsShown}` : ''));
  }
  // The coverage map's colours are fitted to its values, and its caption says so (or that
  // there is one value only).
  const heat = await chartParts(page, 'Coverage of the requirement, by area and week');
  check(heat && (/The colours span the range of the values shown, \S+ \(darkest\) to \S+ \(brightest\)/.test(heat.caption) ||
    /Every area and week has the same value/.test(heat.caption)),
  `${file}: the coverage map's caption gives the range its colours span`);
}

/* The 300-day scenario (short_horizon.yaml): the second option has half its force by day 90
 * in every run, the first never does; day 365 is past the horizon. */
async function checkShortHorizon(page, file, results) {
  const items = await page.evaluate(() => [...document.querySelectorAll('#summary li')].map((li) => li.textContent));
  const dated = typeof results.start_date === 'string';
  const deployment = items[1] || '';
  check(deployment.startsWith('The local police has half the security force it needs deployed by day 90' +
    (dated ? ' (2024-06-26)' : '') + ' in 100% of the runs'),
  `${file}: the summary says the police has half its force by day 90: "${deployment}"`);
  check((items[0] || '').startsWith('The local police is the most likely to start') &&
    /water standard for the fewest person-days under The local police/.test(items[2] || ''),
  `${file}: each statement names the option that does best on it, not the first: ${items.join(' | ')}`);
  // Results that list day 365 among their check days (an older dayafter's) say it is past
  // the horizon; newer ones do not list it.
  const lists365 = !Array.isArray(results.check_days);
  check(!lists365 || /Day 365 is beyond the horizon/.test(deployment),
    `${file}: the summary says day 365 is beyond the horizon`);
  // Nothing anywhere claims anything for a day past the horizon: every text that names such
  // a day (a sentence, a caption, a table's row, a chart's label) says it is beyond it.
  const claims = await page.evaluate((horizon) => {
    const bad = [];
    for (const e of document.querySelectorAll('li, p, figcaption, tr, svg text')) {
      const t = e.textContent;
      for (const m of t.matchAll(/\bday ([0-9][0-9,]*)/gi)) {
        if (Number(m[1].replace(/,/g, '')) >= horizon && !t.includes('beyond the horizon')) bad.push(t.slice(0, 160));
      }
    }
    return bad;
  }, results.horizon_days);
  check(claims.length === 0, `${file}: no text claims anything for a day past the horizon` +
    (claims.length ? `: ${claims.slice(0, 3).join(' | ')}` : ''));
  const beyondCells = await page.evaluate(() => [...document.querySelectorAll('details td')]
    .filter((td) => td.textContent === 'beyond the horizon').length);
  check(beyondCells > 0, `${file}: the data tables say "beyond the horizon" for values past it`);
  // With a start date, dates beside the days: in the milestones' table and on the axes.
  if (dated) {
    const datedCells = await page.evaluate(() => [...document.querySelectorAll('details td')]
      .filter((td) => /^[0-9,]+ \([0-9]{4}-[0-9]{2}-[0-9]{2}\)$/.test(td.textContent)).length);
    const axis = await chartParts(page, 'When the milestones are reached');
    check(datedCells > 0 && axis && axis.labels.some((l) => l.endsWith('2024-03-28')),
      `${file}: days have their dates beside them, in the tables (${datedCells} cells) and on the axes`);
  }
}

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
  if (kind === 'run') {
    const results = await page.evaluate(() => JSON.parse(document.getElementById('dayafter-results').textContent));
    await checkRunCharts(page, file, results);
    if (/short-horizon/.test(file)) await checkShortHorizon(page, file, results);
  }
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
