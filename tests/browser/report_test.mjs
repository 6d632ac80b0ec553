// SPDX-License-Identifier: GPL-3.0-or-later
// report_test.mjs - opens HTML reports in Debian's Chromium, headless, from file:// URLs with
// the network blocked, and checks what a reader would: every chart drawn and not empty, every
// section there, no console error, no request that is not the file itself. Saves a screenshot
// of each report's first screen next to it (a test artifact, JPEG; of the whole page with
// DAYAFTER_SCREENSHOTS=full).
//
// Usage: node report_test.mjs REPORT.html ...   Prints "N passed, N failed"; exit 1 on failure.
import { basename, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { value as formatted } from '../../web/format.js';
import { launch } from './chromium.mjs';
import { check, summary, tally } from './tally.mjs';

// What each kind of page must show: a run's report, an analysis's.
const EXPECT = {
  run: { charts: 11, summary: 3, sections: ['What to know', 'The areas', 'When each option can start', 'Security',
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

// The requirement's line in the deployed chart (web/report.js's REQUIREMENT_COLOR), dashed.
const REQUIREMENT = { stroke: '#555', dash: '4,3' };
const isRequirement = (l) => l.stroke === REQUIREMENT.stroke && l.dash === REQUIREMENT.dash;

/* The data table of the chart titled 'title': its headings and its rows' cells (text), or null. */
function chartTable(page, title) {
  return page.evaluate((t) => {
    const fig = [...document.querySelectorAll('figure')].find((f) => f.querySelector('h3').textContent === t);
    const table = fig && fig.querySelector('details table');
    if (!table) return null;
    return { head: [...table.querySelectorAll('thead th')].map((th) => th.textContent),
      rows: [...table.querySelectorAll('tbody tr')].map((tr) => [...tr.querySelectorAll('td')].map((td) => td.textContent)) };
  }, title);
}

/* A share as the tables write it ("96.7%", "0.333%") as a number (0.967), or NaN. */
/* A share as the report writes it; one that rounds to none or all without being either
 * ("<0.001%", ">99.9%", web/format.js) is read as the middle of what it can be. */
const shareOf = (text) => {
  if (text === '<0.001%') return 0.0000025;
  if (text === '>99.9%') return 0.99975;
  return /^-?[0-9.,]+%$/.test(text) ? Number(text.replace(/[,%]/g, '')) / 100 : NaN;
};

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
  // are those lines, opaque and wide enough to read. The requirement's line is not an option's.
  const dep = await chartParts(page, 'Deployed strength, by area');
  if (dep) {
    const medians = dep.lines.filter((l) => !isRequirement(l));
    const colours = new Set(medians.map((l) => l.stroke));
    const dashes = new Set(medians.map((l) => l.dash));
    check(colours.size === options.length && dashes.size === options.length,
      `${file}: each option's median in a colour and a line style of its own (${[...colours]} / ${[...dashes].join(' ')})`);
    check(dep.legend.length === options.length && dep.legend.every((l) => l.opacity === 1 && l.width >= 2),
      `${file}: the options' legend shows their lines, opaque and at least 2 px wide`);
  }
  // The long pole: a heat map where a milestone holds some option up, else one sentence (a map
  // of 0% read as results).
  const holds = options.some((o) => Object.values(o.criticality || {}).some((c) => c > 0));
  const pole = await page.evaluate(() => {
    const h = [...document.querySelectorAll('h3')].find((x) => x.textContent.startsWith('The long pole'));
    const f = h && h.parentNode;
    return f ? { map: Boolean(f.querySelector('.chart')), none: (f.querySelector('.no-data') || {}).textContent || '' } : null;
  });
  check(pole && (holds ? pole.map && pole.none === '' : !pole.map && pole.none.startsWith('None: no option')),
    `${file}: the long pole ${holds ? 'drawn' : 'said to be none'} (${JSON.stringify(pole)})`);
  await checkRequirement(page, file, results, areas);
  await checkWhyShort(page, file, results);
  await checkLapses(page, file, results);
  await checkShareLabels(page, file, results);
  // Options and donors by their names, not their ids.
  const diff = await chartParts(page, 'Paired differences between the options');
  if (diff) {
    const byId = Object.fromEntries(options.map((o) => [o.id, o]));
    const want = (results.differences || []).map((d) => `${nameOf(byId[d.b])} minus ${nameOf(byId[d.a])}`);
    const missing = want.filter((w) => !diff.labels.includes(w));
    check(missing.length === 0, `${file}: the pairs of options named by the options' names` +
      (missing.length ? `: no label ${missing.join(', ')}` : ''));
  }
  await checkHeaderAndMoney(page, file, results);
  // A paired difference of days is a number of days, never a date ("-459 (2022-12-25)").
  const dayLabels = (results.metrics || []).filter((m) => m.format === 'day').map((m) => m.label);
  const diffTable = await chartTable(page, 'Paired differences between the options');
  const dated = (diffTable ? diffTable.rows : []).filter((r) => dayLabels.includes(r[0]) &&
    r.slice(2, 5).some((c) => !/^-?[0-9,]+ days?$/.test(c) && c !== '-' && c !== 'beyond the horizon'));
  check(!diffTable || dated.length === 0, `${file}: the paired differences of days are numbers of days, without dates` +
    (dated.length ? `: ${dated.slice(0, 2).map((r) => r.join(' | ')).join(' / ')}` : ''));
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

/* The areas' table: a row for each area in the results' order (and one for all areas where
 * there are several), its population and land area the inputs' central values and its
 * density their quotient, each written as format.js writes it; an uncertain column, naming
 * the distributions, where and only where a population or a land area is uncertain. */
async function checkAreas(page, file, results) {
  const shown = await page.evaluate(() => {
    const h = [...document.querySelectorAll('h2')].find((x) => x.textContent === 'The areas');
    const table = h && h.parentNode.querySelector(':scope > table');
    if (!table) return null;
    return { head: [...table.querySelectorAll('thead th')].map((th) => th.textContent),
      rows: [...table.querySelectorAll('tbody tr')].map((tr) => [...tr.querySelectorAll('td')].map((td) => td.textContent)) };
  });
  check(shown !== null, `${file}: the areas' table`);
  if (!shown) return;
  const areas = ((results.options || [])[0] || {}).areas || [];
  const input = (id, key) => (results.inputs || []).find((i) => i.path === `areas.${id}.${key}`);
  // An input the results lack (edited by hand) is unknown, and so is every sum of it.
  const want = areas.map((a) => {
    const pop = input(a.id, 'population'), km2 = input(a.id, 'area_km2');
    return { name: nameOf(a), people: pop ? pop.central : null, land: km2 ? km2.central : null,
      uncertain: [[pop, 'population'], [km2, 'land area']].filter(([i]) => i && i.uncertain).map(([i, w]) => `${w} ${i.distribution}`) };
  });
  if (want.length > 1) {
    const sum = (k) => (want.some((w) => w[k] === null) ? null : want.reduce((t, w) => t + w[k], 0));
    want.push({ name: 'All areas', people: sum('people'), land: sum('land'), uncertain: null });
  }
  const uncertain = want.some((w) => w.uncertain && w.uncertain.length);
  check(shown.head.includes('uncertain') === uncertain,
    `${file}: the areas' table names the distributions where, and only where, a population or land area is uncertain`);
  const cells = want.map((w) => [w.name, formatted(w.people, 'count'), formatted(w.land, 'number'),
    formatted(w.people === null || w.land === null ? null : w.people / w.land, 'number')].concat(!uncertain ? [] : w.uncertain ? [w.uncertain.join('; ') || 'none'] : ['-']));
  check(JSON.stringify(shown.rows) === JSON.stringify(cells),
    `${file}: each area's population, land area and people per km2 from the inputs' central values` +
    ` (shown ${JSON.stringify(shown.rows.slice(0, 2))}, expected ${JSON.stringify(cells.slice(0, 2))})`);
}

/* The header says which numbers are not medians: the money's bars, means, whose captions say so
 * and give each option's mean total cost where the parts add up to it. */
async function checkHeaderAndMoney(page, file, results) {
  const options = results.options || [];
  const subtitle = await page.evaluate(() => (document.querySelector('header .subtitle') || {}).textContent || '');
  // A deterministic run's page is of one run at the central values: each number is its value,
  // a donor's bar too (a mean of one run is that run's), and none a median.
  if (results.deterministic === true) {
    check(/, one deterministic run over [0-9,]+ days?(, from [-0-9]+ \(day 0\) to [-0-9]+ \(day [0-9,]+\))?: the scenario's central values, with no incidents\. Each number is this one run's value\.$/.test(subtitle),
      `${file}: the header says the page is of one run at the central values, with no incidents: "${subtitle}"`);
    for (const [title, what] of [['Cost by donor', 'What each donor paid'], ['Cost by purpose', 'What was spent on each purpose']]) {
      const money = await chartParts(page, title);
      check(money && money.caption === `${what} over the horizon, in the one run.`,
        `${file}: "${title}" is of the one run: "${money && money.caption}"`);
    }
    return;
  }
  check(/unless its caption says otherwise \(the costs by donor and by purpose are means\)/.test(subtitle),
    `${file}: the header says the money's bars are means, not medians: "${subtitle}"`);
  for (const [key, title] of [['cost_by_donor', 'Cost by donor'], ['cost_by_purpose', 'Cost by purpose']]) {
    const money = await chartParts(page, title);
    if (!money) continue;
    const adds = options.every((o) => {
      const parts = Object.values(o[key] || {}).map((q) => q.mean);
      const mean = ((o.metrics || {}).cost_total_usd || {}).mean;
      return parts.length && Math.abs(parts.reduce((t, x) => t + x, 0) - mean) <= 1e-6 * Math.max(1, Math.abs(mean));
    });
    const totals = options.map((o) => `${nameOf(o)} ${formatted(o.metrics.cost_total_usd.mean, 'money')}`);
    check(money.caption.includes('The bars are means, not medians') &&
      (!adds || money.caption.includes(`add up to its mean total cost (${totals.join(', ')})`)),
    `${file}: "${title}" says its bars are means` + (adds ? ' and give the mean total costs they add up to' : '') +
      `: "${money.caption}"`);
  }
}

/* The requirement drawn with the deployed strength: a grey dashed line in each area's panel,
 * the engine's weekly series (requirement_series: its median, in the data table with its
 * 10th and 90th percentiles) where the results have it, following it where it changes; the
 * old constant rule only in results saved before it. In the options' chart, the requirement
 * in all areas (requirement_series.total) beside the personnel deployed on a day. */
async function checkRequirement(page, file, results, areas) {
  const title = 'Deployed strength, by area';
  const dep = await chartParts(page, title);
  if (!dep) return;
  const lines = await page.evaluate(([t, req]) => {
    const fig = [...document.querySelectorAll('figure')].find((f) => f.querySelector('h3').textContent === t);
    return [...(fig ? fig.querySelectorAll('.chart svg .mark-line path') : [])]
      .filter((p) => p.getAttribute('stroke') === req.stroke && p.getAttribute('stroke-dasharray') === req.dash)
      .map((p) => (p.getAttribute('d').match(/-?[0-9.]+,-?[0-9.]+/g) || []).map((xy) => Number(xy.split(',')[1])));
  }, [title, REQUIREMENT]);
  check(lines.length === areas.length, `${file}: the requirement's grey dashed line in each area's panel (${lines.length})`);
  // What "covered" means for IOC, where it is not the whole requirement (the inputs' central
  // value, and its distribution where it is drawn); nothing where it is 1.
  const ioc = (results.inputs || []).find((i) => i.path === 'security.ioc_coverage');
  const partial = ioc && typeof ioc.central === 'number' && (ioc.central !== 1 || ioc.uncertain);
  check(partial ? dep.caption.includes(`IOC counts an area as covered at ${formatted(ioc.central, 'share')} of its requirement` +
    (ioc.uncertain ? ` (${ioc.distribution}, drawn in each run).` : '.')) : !dep.caption.includes('IOC counts'),
  `${file}: the caption says what covered means for IOC (${partial ? ioc.central : 'the whole requirement'}): "${dep.caption}"`);
  const rs = results.requirement_series;
  if (!rs) {
    check(/requirement at the scenario's central values/.test(dep.caption),
      `${file}: without requirement_series, the caption names the old rule: "${dep.caption}"`);
    return;
  }
  // A deterministic run's requirement is its one run's: no median.
  const det = results.deterministic === true;
  check((det ? /The grey dashed line is the requirement; it changes over time/.test(dep.caption) && !/median/.test(dep.caption)
    : /the grey dashed line is the requirement \(median of the runs\)/i.test(dep.caption)) &&
    (!results.requirement_note || dep.caption.includes(results.requirement_note)),
  `${file}: the caption says the line is the requirement${det ? ' of the one run' : '\'s median'} (and its note): "${dep.caption}"`);
  // The line has a point a week, and moves where the requirement's median does.
  const days = results.series_days || [];
  areas.forEach((a, k) => {
    const p50 = (rs.areas[a.id] || {}).p50 || [];
    const ys = lines[k] || [];
    const varies = new Set(p50).size > 1;
    check(ys.length === days.length && (new Set(ys.map((y) => y.toFixed(1))).size > 1) === varies,
      `${file}: ${a.id}'s requirement line has a point a week (${ys.length} of ${days.length}) and ` +
      (varies ? 'moves with the series' : 'is flat, as the series is'));
  });
  // The table gives the series' values, week by week.
  const table = await chartTable(page, title);
  const wrong = (([tab, res]) => {
    const col = (name) => tab.head.indexOf(name);
    const [area, day, med, lo, hi] = (res.deterministic === true ? ['area', 'day', 'requirement', 'requirement', 'requirement']
      : ['area', 'day', 'requirement (median)', 'requirement p10', 'requirement p90']).map(col);
    if ([area, day, med, lo, hi].some((c) => c < 0)) return ['columns: ' + tab.head.join(', ')];
    const ids = Object.fromEntries(res.options[0].areas.map((a) => [a.name || a.id, a.id]));
    const bad = [];
    tab.rows.forEach((r) => {
      const k = res.series_days.indexOf(Number(r[day].replace(/,/g, '')));
      const q = res.requirement_series.areas[ids[r[area]]];
      const want = [q.p50[k], q.p10[k], q.p90[k]].map((x) => formatted(x, 'count'));
      if (r[med] !== want[0] || r[lo] !== want[1] || r[hi] !== want[2]) bad.push(r.join(' '));
    });
    return bad;
  })([table, results]);
  check(table && table.rows.length > 0 && wrong.length === 0,
    `${file}: the deployed chart's table gives requirement_series week by week` +
    (wrong.length ? `: ${wrong.slice(0, 3).join(' | ')}` : ''));
  // The options side by side: a metric that some runs lack says how many runs it rests on (the
  // JSON's mc_error.n: a start day is of the runs that start), and no such column where none lacks.
  {
    const opt = await chartTable(page, 'The options side by side');
    /* A metric no run has (null) rests on none; one with values, on its mc_error.n. */
    const runsOf = (q) => (q === null ? 0 : q && q.mc_error ? q.mc_error.n : null);
    const beyondOf = (id) => { const d = /_day([0-9]+)$/.exec(id); return d !== null && Number(d[1]) >= results.horizon_days; };
    const partial = (results.options || []).some((o) => Object.entries(o.metrics || {}).some(([id, q]) => {
      const n = q === null && beyondOf(id) ? null : runsOf(q);
      return n !== null && n < results.replications;
    }));
    const col = opt ? opt.head.indexOf('runs counted') : -1;
    const labels = Object.fromEntries((results.metrics || []).map((m) => [m.label, m.id]));
    const names = Object.fromEntries((results.options || []).map((o) => [o.name || o.id, o]));
    const wrong = col < 0 ? [] : opt.rows.filter((r) => {
      const o = names[r[1]];
      /* Results saved before the registry name a metric by its id. */
      const q = o ? (o.metrics || {})[labels[r[0]] || r[0]] : undefined;
      /* Beyond the horizon, it is no count of runs. */
      const n = r[3] === 'beyond the horizon' ? null : runsOf(q);
      return r[col] !== (n === null || n === undefined ? '-' : formatted(n, 'count'));
    });
    /* One deterministic run has a metric or not: no runs to count. */
    check(opt && (partial && !det ? col >= 0 : col < 0) && wrong.length === 0,
      `${file}: the options' table counts the runs of the metrics that some runs lack` +
      ` (${partial ? 'some do' : 'none does'}; column ${col})` + (wrong.length ? `: ${wrong[0].join(' | ')}` : ''));
  }
  // The options side by side: the requirement in all areas on day 365, where within the horizon.
  if (results.horizon_days > 365 && (results.metrics || []).some((m) => m.id === 'deployed_day365')) {
    const k = days.filter((d) => d <= 365).length - 1;
    const opt = await chartTable(page, 'The options side by side');
    const want = formatted(rs.total.p50[k], 'count');
    const col = opt ? opt.head.indexOf(det ? 'requirement, all areas' : 'requirement, all areas (median)') : -1;
    const label = (results.metrics.find((m) => m.id === 'deployed_day365') || {}).label;
    const cells = opt && col >= 0 ? opt.rows.filter((r) => r[0] === label).map((r) => r[col]) : [];
    check(cells.length === (results.options || []).length && cells.every((c) => c === want),
      `${file}: the options' chart gives the requirement in all areas on day 365, ${want} (${cells.join(', ')})`);
  }
}

/* Why each option falls short of half the requirement: a bar per option and check day within
 * the horizon, its five reasons' segments in their order, a pale rest to 100%; the table's
 * shares sum to the share short, which is 1 - p_deployed_by; and the milestones that held the
 * options back sum to the share not started. Results saved before why_short have no such chart. */
async function checkWhyShort(page, file, results) {
  const options = results.options || [];
  const title = 'Why each option falls short of half the requirement';
  const parts = await chartParts(page, title);
  if (!options.some((o) => o.why_short)) {
    check(parts === null, `${file}: no why-short chart in results without why_short`);
    return;
  }
  const horizon = results.horizon_days;
  const days = (results.check_days || []).filter((d) => d < horizon);
  const bars = [];
  for (const o of options) for (const d of days) if (o.why_short[String(d)]) bars.push({ o, d, w: o.why_short[String(d)] });
  const svg = await page.evaluate((t) => {
    const fig = [...document.querySelectorAll('figure')].find((f) => f.querySelector('h3').textContent === t);
    if (!fig) return { segments: 0, rests: 0, legend: [] };
    const labels = [...fig.querySelectorAll('.chart svg path[aria-roledescription="bar"]')]
      .map((p) => p.getAttribute('aria-label') || '');
    return { segments: labels.filter((l) => l.includes(': short of half, ')).length,
      rests: labels.filter((l) => /: has half the requirement( in |$)/.test(l)).length,
      legend: [...fig.querySelectorAll('.role-legend-label text')].map((x) => x.textContent) };
  }, title);
  check(parts !== null && svg.rests === bars.length && svg.segments === 5 * bars.length,
    `${file}: "${title}" has ${bars.length} bars of 5 segments (${svg.rests} bars, ${svg.segments} segments)`);
  check(svg.legend.length === 5 && /^not started/.test(svg.legend[0]) && /^money/.test(svg.legend[1]) &&
    /^pipeline/.test(svg.legend[2]) && /^supply/.test(svg.legend[3]) && /^attrition/.test(svg.legend[4]),
  `${file}: the reasons in their order: ${svg.legend.join(' | ')}`);
  const table = await chartTable(page, title);
  const col = (name) => (table ? table.head.indexOf(name) : -1);
  const reasons = ['not started', 'money: pay in arrears since the start', 'pipeline: enough on their way',
    'supply: never enough came, or their tours ended', 'attrition: enough came, too many left'].map(col);
  check(table && table.rows.length === bars.length && reasons.every((c) => c >= 0) && col('short of half') >= 0,
    `${file}: the why-short table has a row for each bar (${table && table.rows.length} of ${bars.length}) ` +
    'and a column for each reason');
  /* A deterministic run's table says whether ("yes", "no"), never "100%". */
  const det = results.deterministic === true;
  const cell = (t) => (det ? (t === 'yes' ? 1 : t === 'no' ? 0 : NaN) : shareOf(t));
  const off = (table ? table.rows : []).filter((r) => {
    const sum = reasons.reduce((a, c) => a + cell(r[c]), 0);
    const short = cell(r[col('short of half')]);
    const has = cell(r[col('has half')]);
    return !(Math.abs(sum - short) < 0.006 && Math.abs(short + has - 1) < 0.002);
  });
  check(off.length === 0, `${file}: each row's reasons sum to its share short of half, and with "has half" to 100%` +
    (off.length ? `: ${off.slice(0, 3).map((r) => r.join(' ')).join(' | ')}` : ''));
  // The JSON itself: the reasons sum to short, short is 1 - p_deployed_by, held_by sums to not_started.
  const bad = bars.filter(({ o, d, w }) => {
    const sum = ['not_started', 'money', 'pipeline', 'supply', 'attrition'].reduce((a, k) => a + w[k], 0);
    const held = Object.values(w.held_by || {}).reduce((a, x) => a + x, 0);
    return Math.abs(sum - w.short) > 1e-6 || Math.abs(w.short - (1 - o.p_deployed_by[String(d)])) > 1e-6 ||
      Math.abs(held - w.not_started) > 1e-6;
  });
  check(bad.length === 0, `${file}: why_short's reasons sum to 1 - p_deployed_by, and held_by to not_started` +
    (bad.length ? `: ${bad.map(({ o, d }) => `${o.id} day ${d}`).join(', ')}` : ''));
  // The milestones that held the options back: a row for each, summing to the share not started.
  const held = bars.flatMap(({ w }) => Object.values(w.held_by || {}).filter((x) => x > 0));
  const heldTable = await chartTable(page, 'Which milestone kept each option from starting');
  if (!held.length) {
    check(heldTable === null, `${file}: no held-back chart where no option waits on a milestone`);
    return;
  }
  check(heldTable && heldTable.rows.length === held.length,
    `${file}: the held-back table has a row for each milestone that held an option back ` +
    `(${heldTable && heldTable.rows.length} of ${held.length})`);
  if (det) {
    check(heldTable && heldTable.head.join('|') === 'option|day|held back by',
      `${file}: the held-back table of one run names the milestones, with no share of the runs: ${heldTable && heldTable.head.join('|')}`);
    return;
  }
  const sums = {};
  (heldTable ? heldTable.rows : []).forEach((r) => {
    const key = r[0] + ' ' + r[1];
    sums[key] = sums[key] || { sum: 0, total: shareOf(r[4]) };
    sums[key].sum += shareOf(r[3]);
  });
  const uneven = Object.entries(sums).filter(([, v]) => Math.abs(v.sum - v.total) > 0.006);
  check(uneven.length === 0, `${file}: the milestones' shares sum to the share not started` +
    (uneven.length ? `: ${uneven.map(([k, v]) => `${k} ${v.sum} / ${v.total}`).join(' | ')}` : ''));
}

/* Milestones that may lapse: their share of the runs in the table and in the chart's label. */
async function checkLapses(page, file, results) {
  const lapsing = (results.milestones || []).filter((m) => m.p_lapsed > 0);
  if (!lapsing.length) return;
  const title = 'When the milestones are reached';
  const table = await chartTable(page, title);
  if (results.deterministic === true) {
    const lapsed = table ? table.head.indexOf('lapsed') : -1;
    check(lapsed >= 0 && lapsing.every((m) => table.rows.some((r) => r[0] === m.id && r[lapsed] === 'yes')),
      `${file}: the milestones' table of one run says which lapsed`);
    return;
  }
  const col = table ? table.head.indexOf('P(lapsed), of all runs') : -1;
  const want = lapsing.map((m) => [m.id, formatted(m.p_lapsed, 'share')]);
  const wrong = want.filter(([id, share]) => !(table && table.rows.some((r) => r[0] === id && r[col] === share)));
  check(col >= 0 && wrong.length === 0, `${file}: the milestones' table gives P(lapsed), of all runs` +
    (wrong.length ? `: not ${wrong.map((w) => w.join(' ')).join(', ')}` : ''));
  // p_recovered is a share of all runs (docs/model.md): said so, and beside it the share of the
  // lapses that recover (Gaza's ceasefire: 38.6% of all runs, 78% of those where it lapsed).
  const all = table ? table.head.indexOf('P(holds again), of all runs') : -1;
  const ofLapsed = table ? table.head.indexOf('holds again, of the runs where it lapsed') : -1;
  const recovered = lapsing.filter((m) => typeof m.p_recovered === 'number').map((m) =>
    [m.id, formatted(m.p_recovered, 'share'), formatted(m.p_recovered / m.p_lapsed, 'share')]);
  const off = recovered.filter(([id, a, b]) => !(table && table.rows.some((r) => r[0] === id && r[all] === a && r[ofLapsed] === b)));
  check(all >= 0 && ofLapsed >= 0 && off.length === 0,
    `${file}: how often a lapsed milestone holds again, of all runs and of the runs where it lapsed` +
    (off.length ? `: not ${off.map((w) => w.join(' ')).join(', ')}` : ''));
  const labels = await page.evaluate((t) => {
    const fig = [...document.querySelectorAll('figure')].find((f) => f.querySelector('h3').textContent === t);
    return fig ? [...fig.querySelectorAll('.chart svg .mark-text text')].map((x) => x.textContent) : [];
  }, title);
  check(want.every(([, share]) => labels.some((l) => l.endsWith('lapses in ' + share))),
    `${file}: the chart's labels say how often milestones lapse: ${labels.filter((l) => l.includes('lapses')).join(' | ')}`);
}

/* The texts drawn in the marks (not the axes) of the chart titled 'title'. */
function markTexts(page, title) {
  return page.evaluate((t) => {
    const fig = [...document.querySelectorAll('figure')].find((f) => f.querySelector('h3').textContent === t);
    return fig ? [...fig.querySelectorAll('.chart svg .mark-text.role-mark text')].map((x) => x.textContent).filter((x) => x) : [];
  }, title);
}

/* The shares drawn on the charts are written as the page's text and tables write them
 * (format.js), one rounding for one kind of share: the milestones' labels ("58.8%, lapses in
 * 58.8%", where Vega's ".0%" wrote "59%, lapses in 58.8%") and the criticality in the heat map's
 * cells. In a deterministic run, no share of one run: a milestone's label says only that it
 * lapses, a cell whether the milestone is on the chain. */
async function checkShareLabels(page, file, results) {
  const det = results.deterministic === true;
  const share = (x) => formatted(x, 'share');
  const sorted = (xs) => xs.slice().sort().join(' | ');
  const want = [];
  for (const m of results.milestones || []) {
    if (!m.day || typeof m.day.p50 !== 'number') continue;
    const lapse = m.p_lapsed > 0 ? (det ? 'lapses' : `lapses in ${share(m.p_lapsed)}`) : '';
    want.push(det ? lapse : share(m.p_reached) + (lapse ? ', ' + lapse : ''));
  }
  for (const o of results.options || []) {
    if (o.metrics && o.metrics.start_day && typeof o.metrics.start_day.p50 === 'number' && !det) want.push(share(o.p_start));
  }
  const labels = await markTexts(page, 'When the milestones are reached');
  check(sorted(labels) === sorted(want.filter((w) => w)),
    `${file}: the milestones' labels write their shares as the page does: ${sorted(labels)} (not ${sorted(want.filter((w) => w))})`);
  const cells = [];
  for (const o of results.options || []) {
    for (const c of Object.values(o.criticality || {})) {
      if (typeof c === 'number') cells.push(det ? (c > 0 ? 'yes' : 'no') : share(c));
    }
  }
  if (!(results.options || []).some((o) => Object.values(o.criticality || {}).some((c) => c > 0))) {
    cells.length = 0; /* none holds an option up: a sentence, no map (checkRunCharts) */
  }
  const drawn = await markTexts(page, 'The long pole: which milestone holds each option up');
  check(sorted(drawn) === sorted(cells), `${file}: the criticality's cells write their shares as the page does: ${sorted(drawn)}`);
}

/* The elements of the chart titled 'title' whose accessible label starts "Observed: " (an
 * observation's point; a range's line has none), their labels. */
function observedMarks(page, title) {
  return page.evaluate((t) => {
    const fig = [...document.querySelectorAll('figure')].find((f) => f.querySelector('h3').textContent === t);
    return fig ? [...fig.querySelectorAll('.chart svg [aria-label^="Observed: "]')].map((e) => e.getAttribute('aria-label')) : [];
  }, title);
}

/* The table under the heading 'title' outside the charts' data (a section's own table). */
function plainTable(page, title) {
  return page.evaluate((t) => {
    const h = [...document.querySelectorAll('h3')].find((x) => x.textContent === t);
    const table = h && h.parentElement.querySelector('table');
    if (!table) return null;
    return { head: [...table.querySelectorAll('thead th')].map((th) => th.textContent),
      rows: [...table.querySelectorAll('tbody tr')].map((tr) => [...tr.querySelectorAll('td')].map((td) => td.textContent)) };
  }, title);
}

/* Against the record (the results' "observed"): the section only where there are observations;
 * a point for each in the record chart, and on the fan charts for each of one area's series
 * (a series those charts draw); the table's rows as the JSON says (percentile, where it falls,
 * sample); the calibration chart's shares and the histogram's counts as the JSON's. */
async function checkRecord(page, file, results) {
  const obs = (results.observed && results.observed.observations) || [];
  const headings = await page.evaluate(() => [...document.querySelectorAll('h2')].map((h) => h.textContent));
  check(headings.includes('Against the record') === obs.length > 0,
    `${file}: a section "Against the record" where, and only where, the results have observations (${obs.length})`);
  if (/observed-older/.test(file)) check(!('observed' in results), `${file}: results without "observed"`);
  if (!obs.length) return;
  if (results.deterministic === true) {
    await checkRecordDeterministic(page, file, obs);
    await checkFanObservations(page, file, obs);
    return;
  }
  const share = async (x) => formatted(x, 'share');
  // A point for each observation in the record chart, numbered in order.
  const marks = await observedMarks(page, 'The runs against the record');
  const numbers = marks.map((m) => Number(/^Observed: ([0-9]+)\./.exec(m)?.[1])).sort((a, b) => a - b);
  check(marks.length === obs.length && numbers.every((n, k) => n === k + 1),
    `${file}: the record chart has a point for each of the ${obs.length} observations (${marks.length})`);
  // Its data: a row for each, with the day of each that has one (a series', a metric's).
  const data = await chartTable(page, 'The runs against the record');
  const dayCol = data ? data.head.indexOf('day') : -1;
  const dayless = obs.filter((o, k) => o.day !== null && !(data && data.rows[k] &&
    (data.rows[k][dayCol] || '').replace(/,/g, '').startsWith(String(o.day))));
  check(data && data.rows.length === obs.length && dayCol >= 0 && dayless.length === 0,
    `${file}: the record chart's data has a row for each observation, with its day`);
  // The table: a row for each, its percentile, where it falls and its sample as the JSON says.
  const table = await plainTable(page, 'Each observation');
  const col = (name) => (table ? table.head.indexOf(name) : -1);
  const [num, pct, inside, sample, source] = ['#', 'percentile', 'inside the runs\' range', 'sample', 'source'].map(col);
  check(table && table.rows.length === obs.length && [num, pct, inside, sample, source].every((c) => c >= 0),
    `${file}: the observations' table has a row for each (${table && table.rows.length} of ${obs.length}) and its columns`);
  const wrong = [];
  for (const [k, o] of obs.entries()) {
    const r = (table && table.rows[k]) || [];
    const want = [String(k + 1), await share(o.percentile), o.inside_50 ? '25th-75th' : o.inside_80 ? '10th-90th only' : 'neither',
      o.out_of_sample ? 'out of sample' : 'in sample', o.source];
    const got = [r[num], r[pct], r[inside], r[sample], r[source]];
    if (want.some((w, i) => w !== got[i])) wrong.push(`${got.join(' / ')} (not ${want.join(' / ')})`);
  }
  check(wrong.length === 0, `${file}: each row gives the observation's percentile, range and sample` +
    (wrong.length ? `: ${wrong.slice(0, 3).join(' | ')}` : ''));
  // The calibration chart: the shares inside each range, in and out of sample, as the JSON's.
  const cal = await chartTable(page, 'How often the runs\' ranges held what happened');
  const calMarks = await page.evaluate(() => {
    const fig = [...document.querySelectorAll('figure')].find((f) => f.querySelector('h3').textContent ===
      'How often the runs\' ranges held what happened');
    return fig ? [...fig.querySelectorAll('.chart svg path[aria-label]')].map((e) => e.getAttribute('aria-label')) : [];
  });
  const wantCal = [];
  for (const [key, name] of [['in_sample', 'in sample'], ['out_of_sample', 'out of sample']]) {
    const s = results.observed[key];
    if (!s || !s.count) continue;
    for (const [r, range] of [['80', '10th-90th range'], ['50', '25th-75th range']]) {
      wantCal.push({ name, range, share: await share(s['share_inside_' + r]), inside: String(s['inside_' + r]), count: String(s.count) });
    }
  }
  const calRows = cal ? cal.rows : [];
  const calBad = wantCal.filter((w, k) => {
    const r = calRows[k] || [];
    const aria = `${w.name}, ${w.range}: ${w.share} inside (${w.inside} of ${w.count})`;
    return r[0] !== w.name || !r[1].startsWith(w.range) || r[2] !== w.inside || r[3] !== w.count || r[4] !== w.share ||
      !calMarks.some((m) => m.startsWith(aria));
  });
  check(calRows.length === wantCal.length && calBad.length === 0,
    `${file}: the calibration chart and its table give the JSON's shares inside the ranges` +
    (calBad.length ? `: not ${calBad.map((w) => `${w.name} ${w.range} ${w.share}`).join(', ')}` : ''));
  // The histogram: the JSON's counts by tenths, and the flat line at a tenth of the count.
  const hist = await chartTable(page, 'Where the observed values fall among the runs');
  const wantHist = [];
  for (const [key, name] of [['in_sample', 'in sample'], ['out_of_sample', 'out of sample']]) {
    const s = results.observed[key];
    if (s && s.count) s.percentile_histogram.forEach((c, k) => wantHist.push([name, `${10 * k}-${10 * k + 10}%`, String(c)]));
  }
  const histRows = hist ? hist.rows.map((r) => r.slice(0, 3).join(' ')) : [];
  check(histRows.join('|') === wantHist.map((w) => w.join(' ')).join('|'),
    `${file}: the histogram of percentiles gives the JSON's counts by tenths`);
  await checkFanObservations(page, file, obs);
}

/* Against the record in a deterministic run: each observation against the one run's value, and
 * no calibration (how often the runs' ranges held what happened: one run has no range), as the
 * terminal says. */
async function checkRecordDeterministic(page, file, obs) {
  const intro = await page.evaluate(() => {
    const h = [...document.querySelectorAll('h2')].find((x) => x.textContent === 'Against the record');
    return h ? h.parentElement.querySelector('p').textContent : '';
  });
  check(intro === `${obs.length} observation${obs.length === 1 ? '' : 's'} of what happened, each against the one run's value of ` +
    'the same quantity on the same day. A deterministic run is one run at the scenario\'s central values: it has no range ' +
    'to hold what happened, and so no calibration scores, which take the spread of many runs. Out of sample are those ' +
    'observed after the scenario\'s inputs were set.', `${file}: the record of one run has no calibration: "${intro}"`);
  const marks = await observedMarks(page, 'The run against the record');
  check(marks.length === obs.length, `${file}: the record chart of one run has a point for each of the ${obs.length} observations (${marks.length})`);
  check(await chartTable(page, 'How often the runs\' ranges held what happened') === null &&
    await chartTable(page, 'Where the observed values fall among the runs') === null,
  `${file}: no calibration chart nor histogram of percentiles for one run`);
  const table = await plainTable(page, 'Each observation');
  check(table && table.head.join('|') === '#|what|option|area|day|observed|simulated|sample|source' &&
    table.rows.length === obs.length && obs.every((o, k) => table.rows[k][8] === o.source),
  `${file}: the observations' table of one run gives the simulated value, no percentile: ${table && table.head.join('|')}`);
}

/* The fan charts: a point for each observation of one area's series that they draw. */
async function checkFanObservations(page, file, obs) {
  for (const [quantity, title] of [['deployed', 'Deployed strength, by area'], ['security', 'Security, by area'],
    ['water_coverage', 'Water coverage, by area'], ['food_coverage', 'Food coverage, by area'],
    ['displaced', 'Displaced people, by area']]) {
    const want = obs.filter((o) => o.kind === 'series' && o.quantity === quantity && o.area && !(o.from || []).length).length;
    const got = (await observedMarks(page, title)).length;
    check(got === want, `${file}: "${title}" draws the ${want} observations of one area's ${quantity} (${got})`);
  }
}

/* The summary's points as the page writes them. */
function summaryItems(page) {
  return page.evaluate(() => [...document.querySelectorAll('#summary li')].map((li) => li.textContent));
}

/* The check days within the horizon, as format.js's calendar reads them: the results' own, or
 * (results saved before they listed them) p_deployed_by's keys. */
function checkDaysWithin(results) {
  const days = Array.isArray(results.check_days) ? results.check_days
    : [...new Set((results.options || []).flatMap((o) => Object.keys(o.p_deployed_by || {})))].map(Number).sort((a, b) => a - b);
  return days.filter((d) => d < results.horizon_days);
}

/* The ids of 'shares' (id to share) whose share is written as the largest one is: the ties. */
function tiedLargest(shares) {
  const ids = Object.keys(shares || {}).filter((m) => shares[m] > 0);
  if (!ids.length) return [];
  const top = formatted(Math.max(...ids.map((m) => shares[m])), 'share');
  return ids.filter((m) => formatted(shares[m], 'share') === top);
}

/* The first point: the option likeliest to start, its shares with what they are shares of (all
 * runs; the start day's range over the runs that start), and what holds it up most: the
 * milestones that hold back the most runs on the last check day (held_by), every one that ties,
 * or, in results without held_by, the criticality's largest over the runs that start. */
async function checkStartStatement(page, file, results) {
  const options = results.options || [];
  if (results.deterministic === true) {
    // One run: each option's start day, or that it does not start; no share of the runs.
    const first = (await summaryItems(page))[0] || '';
    const days = (n) => `${formatted(n, 'count')} day${n === 1 ? '' : 's'}`;
    const escaped = (x) => x.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    const missing = options.filter((o) => {
      const sd = (o.metrics || {}).start_day;
      if (o.p_start > 0 && sd) {
        const day = `day ${formatted(sd.p50, 'day')}`;
        return !first.includes(`${nameOf(o)} starts on ${day}`) && !first.includes(`${nameOf(o)} on ${day}`);
      }
      return !new RegExp(`${escaped(nameOf(o))}[^.]* do(es)? not start within the ${days(results.horizon_days)}|^No option starts`).test(first);
    });
    check(missing.length === 0 && !/%|median|runs/.test(first),
      `${file}: the first point of one run gives each option's start day, or that it does not start, and no share: "${first}"` +
      (missing.length ? ` (not ${missing.map(nameOf).join(', ')})` : ''));
    return;
  }
  let best = null;
  for (const o of options) if (typeof o.p_start === 'number' && (!best || o.p_start > best.p_start)) best = o;
  if (!best || best.p_start === 0) return;
  const first = (await summaryItems(page))[0] || '';
  const share = (x) => formatted(x, 'share');
  const sd = (best.metrics || {}).start_day;
  check(first.includes(`in ${share(best.p_start)} of all runs`) &&
    (!sd || sd.p10 === sd.p90 || first.includes(' in 8 of 10 of the runs that start')),
  `${file}: the first point says what its shares are of (all runs; the start day's range, the runs that start): "${first}"`);
  const within = checkDaysWithin(results);
  const last = within[within.length - 1];
  const held = ((best.why_short || {})[String(last)] || {}).held_by || {};
  const tied = tiedLargest(held);
  const [, named] = /most often: (.*?)(?:,| alike, each) holding it back in /.exec(first) || [];
  const names = named ? named.split(/, | and /) : [];
  if (tied.length) {
    check(names.length === tied.length && tied.every((m) => names.includes(m)) &&
      first.includes(`holding it back in ${share(held[tied[0]])} of all runs on day ${formatted(last, 'day')}`) &&
      (tied.length > 1) === first.includes(' alike, each holding'),
    `${file}: what keeps ${best.id} from starting most often is the largest held_by on day ${last}, ` +
      `${tied.join(' and ')} (${share(held[tied[0]])} of all runs): "${first}"`);
    return;
  }
  const crit = tiedLargest(best.criticality);
  check(!crit.length || (crit.every((m) => first.includes(m)) && first.includes('of the runs that start.')),
    `${file}: without held_by, the milestones most often on the chain, over the runs that start: "${first}"`);
}

/* The options whose median of metric 'id' is written as the lowest is (the ties, in the
 * results' order), and whether every option ties. */
function lowestTies(results, id, among) {
  const options = (among || results.options || []).filter((o) => o.metrics && o.metrics[id] && typeof o.metrics[id].p50 === 'number');
  if (!options.length) return null;
  const format = ((results.metrics || []).find((m) => m.id === id) || {}).format || 'number';
  const low = formatted(Math.min(...options.map((o) => o.metrics[id].p50)), format);
  const ties = options.filter((o) => formatted(o.metrics[id].p50, format) === low);
  return { ties, names: ties.map(nameOf), alike: ties.length === results.options.length && ties.length > 1, format };
}

/* The third point: the cheapest option, and the smallest water and food gaps, naming every
 * option whose median is written the same as the lowest ("alike"); where the cheapest's
 * unfunded spending is $0 in the median and not at its 90th percentile, that tail. */
async function checkMoneyStatement(page, file, results) {
  const third = (await summaryItems(page))[2] || '';
  const list = (names) => (names.length > 1 ? names.slice(0, -1).join(', ') + ' and ' + names[names.length - 1] : names[0]);
  const n = (results.options || []).length;
  const det = results.deterministic === true;
  // The cheapest among the options that start in at least half of the runs (all of them where
  // none does; none where every option costs alike).
  const mostly = (results.options || []).filter((o) => typeof o.p_start !== 'number' || o.p_start >= 0.5);
  const overall = lowestTies(results, 'cost_total_usd');
  const cost = overall && !overall.alike && mostly.length ? lowestTies(results, 'cost_total_usd', mostly) : overall;
  if (cost && !cost.alike && n > 1) {
    check(third.startsWith(`The mission costs least under ${list(cost.names)}${cost.ties.length > 1 ? ' alike' : ''}: `),
      `${file}: the cheapest options that start in half of the runs named, each that ties (${cost.names.join(', ')}): "${third}"`);
    // An option that starts in fewer than half of the runs and costs less is named after them,
    // with how rarely it starts; and only such an option.
    const money = (x) => formatted(x, cost.format);
    const least = cost.ties[0].metrics.cost_total_usd.p50;
    const rare = (results.options || []).filter((o) => mostly.length && !mostly.includes(o) && o.metrics && o.metrics.cost_total_usd &&
      typeof o.metrics.cost_total_usd.p50 === 'number' && o.metrics.cost_total_usd.p50 < least && money(o.metrics.cost_total_usd.p50) !== money(least));
    const starts = (o) => (det ? `does not start within the ${formatted(results.horizon_days, 'count')} day${results.horizon_days === 1 ? '' : 's'}`
      : o.p_start === 0 ? 'starts in no run' : `starts in only ${formatted(o.p_start, 'share')} of runs`);
    const said = rare.map((o) => ` ${nameOf(o)} costs less, ${money(o.metrics.cost_total_usd.p50)}${det ? '' : ' in the median'}, but ${starts(o)}.`);
    check(said.every((t) => third.includes(t)) && (third.match(/ costs less, /g) || []).length === rare.length,
      `${file}: the ${rare.length} options that cost less but start in fewer than half of the runs, named as such: "${third}"`);
  }
  if (cost) {
    const whose = cost.alike || n === 1 ? results.options : cost.ties;
    const unfunded = whose.map((o) => (o.metrics || {}).unfunded_usd).filter((q) => q);
    // In the format the results' registry gives (gaza-hostile's is no format: a plain number).
    const format = ((results.metrics || []).find((m) => m.id === 'unfunded_usd') || {}).format || 'number';
    const zero = formatted(0, format);
    const p90 = unfunded.length ? Math.min(...unfunded.map((q) => q.p90)) : null;
    if (unfunded.length === whose.length && unfunded.every((q) => formatted(q.p50, format) === zero) &&
      formatted(p90, format) !== zero) {
      check(det || third.includes(`with ${zero} of needed spending unfunded in the median run, but ${formatted(p90, format)} or more in 1 run of 10`),
        `${file}: a median of $0 unfunded comes with its tail, ${formatted(p90, format)} at the 90th percentile: "${third}"`);
    }
  }
  // The cheapest that has half its force in fewer than half the runs on the last check day
  // within the horizon, where another has it in half or more, is said to.
  const within = (results.check_days || [90, 180, 365]).filter((d) => d < results.horizon_days);
  const last = within.length ? String(within[within.length - 1]) : null;
  const half = (o) => (o.p_deployed_by || {})[last];
  if (cost && !cost.alike && n > 1 && last) {
    const short = cost.ties.every((o) => typeof half(o) === 'number' && half(o) < 0.5);
    const other = results.options.filter((o) => !cost.ties.includes(o) && typeof half(o) === 'number')
      .sort((a, b) => half(b) - half(a))[0];
    const said = det ? /\. (It does|They do) not have half the security force (it|they) needs? deployed by day [0-9,]+[^,]*, where /.test(third)
      : /\. (It has|They have) half the security force (it|they) needs? deployed by day [0-9,]+.*? in (no run|only .*? of the runs), against [0-9.<>]+% under /.test(third);
    check(said === (short && !!other && half(other) >= 0.5),
      `${file}: the cheapest's share with half its force on day ${last} said where it is under half and another's is not (${said}): "${third}"`);
    if (said) check(third.includes(det ? `, where ${nameOf(other)} does` : `% under ${nameOf(other)}`), `${file}: the option with the most named against the cheapest: "${third}"`);
  }
  // The pay of contingents that their own countries pay, per option whose share is written as
  // more than $0, as the means of cost_by_donor's self: payers and of the total.
  const money = ((results.metrics || []).find((m) => m.id === 'cost_total_usd') || {}).format || 'number';
  const selfPaid = (results.options || []).map((o) => {
    const self = Object.entries(o.cost_by_donor || {}).filter(([k]) => k.startsWith('self:'))
      .reduce((sum, [, q]) => sum + ((q && q.mean) || 0), 0);
    return [o, self];
  }).filter(([, self]) => formatted(self, money) !== formatted(0, money));
  check(selfPaid.length === 0 ? !third.includes('their own countries pay')
    : third.includes('The costs include the pay of contingents that their own countries pay' + (det ? ': ' : ', in the mean: ') +
      selfPaid.map(([o, self]) => `${nameOf(o)} ${formatted(self, money)} of ${formatted(o.metrics.cost_total_usd.mean, money)}`).join(', ') + '.'),
  `${file}: self-paid contingents' pay said per option that has it (${selfPaid.length}): "${third}"`);
  for (const [what, id] of [['water', 'water_gap_person_days'], ['food', 'food_gap_person_days']]) {
    const gap = lowestTies(results, id);
    if (!gap || gap.alike || n === 1) continue;
    check(third.includes(`without the ${what} standard for the fewest person-days under ${list(gap.names)}` +
      `${gap.ties.length > 1 ? ' alike' : ''}: `),
    `${file}: the options with the smallest ${what} gap named, each that ties (${gap.names.join(', ')}): "${third}"`);
  }
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

// What the summaries of the pages report_test.sh makes for the purpose say, each item exactly as
// the terminal says it (tests/cli/analyze.sh and prim.sh check the terminal's), numbers as the
// page's tables write them (an index to three significant digits where the terminal's table has
// three decimals).
const SAYS = {
  // Estimates outside [0, 1]: said, and left as they are.
  'analyze-sobol-outside.html': ['Estimates outside the [0, 1] that a share of the variance cannot leave, ' +
    'among the inputs and groups: 2 first-order indices (S1) above 1, the largest 1.13 ' +
    '(milestones.approval.occurs); 2 total-order indices (ST) above 1, the largest 1.12 ' +
    '(milestones.approval.occurs); 1 first-order index (S1) below 0: -0.008 (areas.city.population). ' +
    'At this -n that is their sampling error, shown as it is rather than cut to [0, 1]; a larger -n narrows it.'],
  // A mean of 0.55 persons, which whole persons wrote 1.
  'analyze-morris-mean.html': ['1 of the 3 uncertain inputs move deployed_end of option police at all (mean 0.55).'],
  // The condition's threshold in dollars, as the terminal writes it ("unfunded_usd > 100000000").
  'analyze-prim-money.html': ['unfunded_usd > $100m holds in 254 of 300 runs; the boxes are found on 210 of ' +
    'them and checked on the 90 others, held out.'],
  // No run meets the condition: nothing to find, and no talk of boxes or held-out runs.
  'analyze-prim-no-case.html': ['cost_total_usd > $1e30 holds in 0 of 200 runs.', 'No run meets the condition: ' +
    'there is nothing to find, no box of inputs that sets the runs where it holds apart from the others.'],
};

async function checkSays(page, file) {
  const want = SAYS[basename(file)];
  if (!want) return;
  const items = await summaryItems(page);
  const unsaid = want.filter((t) => !items.includes(t));
  check(unsaid.length === 0, `${file}: the summary says ${unsaid.length ? `not "${unsaid.join('", "')}" but "${items.join('", "')}"` : 'what the terminal says'}`);
  if (basename(file) === 'analyze-prim-no-case.html') {
    check(items.length === want.length, `${file}: nothing more than that there is nothing to find (${items.length} items)`);
  }
}

// PRIM's page: the trajectory, every box on it a point (its data table a row for each, the
// chosen one and the box once pasted and pruned marked, one of each per box), drawn as
// points; the stability chart; and each box's restrictions with their quasi-p-values, the
// dropped ones marked.
async function checkPrim(page, file, results) {
  const boxes = results.boxes || [];
  // Nothing to find where no run or every run meets the condition (checkSays reads what it says).
  if (results.cases === 0 || results.cases === results.samples) {
    check(boxes.length === 0, `${file}: no box where there is nothing to find`);
    return;
  }
  check(boxes.length > 0, `${file}: the analysis has a box to show`);
  const traj = await chartTable(page, 'PRIM: the peeling trajectory');
  const steps = boxes.reduce((n, b) => n + b.trajectory.length, 0);
  const kind = traj ? traj.head.indexOf('what') : -1;
  const count = (what) => (traj ? traj.rows.filter((r) => r[kind] === what).length : 0);
  check(traj && traj.rows.length === steps + boxes.length && count('the chosen box') === boxes.length &&
    count('pasted, insignificant restrictions dropped') === boxes.length,
    `${file}: the trajectory lists its ${steps} boxes, the chosen one and the final one of each box`);
  const points = await page.evaluate(() => {
    const fig = [...document.querySelectorAll('figure')].find((f) => f.querySelector('h3').textContent === 'PRIM: the peeling trajectory');
    return fig ? fig.querySelectorAll('.chart svg .mark-symbol.role-mark path').length : 0;
  });
  check(points === steps + boxes.length, `${file}: a point for every box of the trajectory and each final box (${points})`);
  check(await chartTable(page, 'PRIM: how stable the boxes are') !== null, `${file}: the stability chart`);
  const cells = await page.evaluate(() => {
    const sec = [...document.querySelectorAll('section')].find((x) => x.querySelector('h2').textContent === 'The boxes\' restrictions');
    return sec ? [...sec.querySelectorAll('tbody tr')].map((tr) => [...tr.querySelectorAll('td')].map((td) => td.textContent)) : [];
  });
  const kept = boxes.reduce((n, b) => n + b.restrictions.length, 0);
  const dropped = boxes.reduce((n, b) => n + b.dropped.length, 0);
  check(cells.length === kept + dropped && cells.filter((r) => r[6] === 'kept').length === kept &&
    cells.every((r) => /^[0-9.e-]+$/.test(r[3]) || /^[0-9.e-]+$/.test(r[5])),
    `${file}: the restrictions, ${kept} kept and ${dropped} dropped, each with a quasi-p-value`);
  // Quasi-p-values as the terminal's "%.2g" writes them: the test scenario's start_day<200 has
  // one of 0.00015 (the page wrote 1.5e-4), unfunded_usd>1e8 one of 2.4e-13.
  const written = { 'analyze-prim.html': '0.00015', 'analyze-prim-money.html': '2.4e-13' }[basename(file)];
  if (written) {
    check(cells.some((r) => r[3] === written || r[5] === written),
      `${file}: a quasi-p-value written ${written}, as the terminal writes it: ${cells.map((r) => r[3] + ' ' + r[5]).join(', ')}`);
  }
  // A bound on a chance's input (the uniform that decides its event) is read as the terminal
  // reads it, "it happens below 0.8" (the JSON's event_probability; "below its probability"
  // in results saved without it): in the table's last column and in the summary's restrictions
  // of the best box (the test scenario's box restricts the approval's).
  const isChance = (name) => /\.(occurs|joins|recovers)$/.test(name);
  const inputOf = new Map((results.inputs || []).map((i) => [i.name, i]));
  const reading = (name) => {
    const i = inputOf.get(name) || {};
    if (!('event_probability' in i)) return isChance(name) ? 'it happens below its probability' : '';
    return i.event_probability !== null ? `it happens below ${Number(i.event_probability.toPrecision(3))}`
      : `it happens below its probability, ${i.event_probability_input} in each run`;
  };
  const chanceRows = cells.filter((r) => isChance(r[1]));
  check(chanceRows.length > 0 && cells.every((r) => r[7] === reading(r[1])) &&
    chanceRows.every((r) => /^it happens below 0\.[0-9]+$/.test(r[7])),
  `${file}: each chance's bound says below what probability the event happens, and only a chance's` +
    ` (${chanceRows.length} of them: ${chanceRows.map((r) => r[7]).join(', ')})`);
  const best = (await summaryItems(page)).find((t) => t.startsWith('The best box')) || '';
  const escaped = (x) => x.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const unread = boxes[0].restrictions.filter((r) => isChance(r.input) &&
    !new RegExp(escaped(r.input) + '[^()]*\\([^)]*; ' + escaped(reading(r.input)) + '\\)').test(best));
  check(unread.length === 0, `${file}: the summary reads each chance's bound: ${unread.map((r) => r.input).join(', ')} in "${best}"`);
}

/* The page's words, as a reader reads them: the header, the summary, the paragraphs, the
 * captions, the tables' headings and the charts' titles, axis titles and labels drawn in marks. */
function pageWords(page) {
  return page.evaluate(() => [...document.querySelectorAll('header, #summary li, section > p, figcaption, th, details > summary, ' +
    '.chart svg .role-axis-title text, .chart svg .role-legend-title text, .chart svg .mark-text.role-mark text')]
    .map((e) => e.textContent).filter((t) => t));
}

/* A deterministic run's page (run --deterministic, the JSON's "deterministic") speaks of its one
 * run at the central values: nowhere a median, a percentile, a mean, or a share of the runs (it
 * said "in 100% of all runs" and "Each number is the median of the runs"). */
async function checkOneRun(page, file) {
  const bad = (await pageWords(page)).filter((t) =>
    /median|percentile|\bmean\b|\bp10\b|\bp90\b|of (all |the )?runs|the runs\b|in 100%|replications/i.test(t));
  check(bad.length === 0, `${file}: no median, percentile, mean or share of the runs in a page of one run` +
    (bad.length ? `: ${bad.slice(0, 3).map((t) => `"${t.slice(0, 200)}"`).join(' | ')}` : ''));
}

/* Every count agrees in number with its noun: "1 day", "1 run", "1 replication", never
 * "1 days" (a one-day horizon) nor "the 1 runs" (one replication). */
async function checkCounts(page, file) {
  const bad = (await pageWords(page)).filter((t) =>
    /(^|[^0-9,.])1 (days|runs|replications|options|areas|observations|values|rows)\b/.test(t));
  check(bad.length === 0, `${file}: every count of 1 with its noun in the singular` +
    (bad.length ? `: ${bad.slice(0, 3).map((t) => `"${t.slice(0, 200)}"`).join(' | ')}` : ''));
}

/* What some pages must say, word for word (report_test.sh writes them from tests/data): the
 * summary's points (by their index), the header, a chart's caption (by its title), the run's
 * table's rows, and the data tables' summaries ("Data (1 row)"). */
const EXACT = {
  // The UN operation costs least in the median but starts in 5% of the runs: the cheapest is
  // ranked among the options that start in half of them or more, and it is named apart.
  'somalia-2007.html': {
    summary: { 2: 'The mission costs least under AMISOM as it came, with the TFG forces: $1.76bn in the median ' +
      '(The 8,000 authorized, deployed on schedule $1.78bn), with $670k of needed spending unfunded in the median. ' +
      'UN peacekeeping operation (re-hatted AMISOM) costs less, $1.47bn in the median, but starts in only 5% of runs. ' +
      'The costs include the pay of contingents that their own countries pay, in the mean: AMISOM as it came, with the ' +
      'TFG forces $64.7m of $1.95bn. People go without the water standard for the fewest person-days under AMISOM as it ' +
      'came, with the TFG forces: 3.49bn in the median, and without the food standard for the fewest person-days under ' +
      'AMISOM as it came, with the TFG forces: 3.09bn in the median.' },
  },
  // No option starts in half of the runs (p_start edited by hand): all are ranked, and that is said.
  'somalia-2007-none-half.html': {
    summary: { 2: 'The mission costs least under UN peacekeeping operation (re-hatted AMISOM): $1.47bn in the median ' +
      '(AMISOM as it came, with the TFG forces $1.76bn, The 8,000 authorized, deployed on schedule $1.78bn), with $0 of ' +
      'needed spending unfunded in the median run, but $521m or more in 1 run of 10 (a mean of $128m). No option starts ' +
      'in at least half of the runs: UN peacekeeping operation (re-hatted AMISOM) starts in only 5% of runs. The costs ' +
      'include the pay of contingents that their own countries pay, in the mean: AMISOM as it came, with the TFG forces ' +
      '$64.7m of $1.95bn. People go without the water standard for the fewest person-days under AMISOM as it came, with ' +
      'the TFG forces: 3.49bn in the median, and without the food standard for the fewest person-days under AMISOM as it ' +
      'came, with the TFG forces: 3.09bn in the median.' },
  },
  // At the central values the UN operation does not start at all.
  'somalia-2007-deterministic.html': {
    header: '3 options, 6 areas, one deterministic run over 2,127 days, from 2007-03-06 (day 0) to 2012-12-30 (day 2,126): ' +
      'the scenario\'s central values, with no incidents. Each number is this one run\'s value.',
    summary: {
      0: 'AMISOM as it came, with the TFG forces starts on day 0 (2007-03-06), The 8,000 authorized, deployed on schedule ' +
        'on day 0 (2007-03-06) and UN peacekeeping operation (re-hatted AMISOM) does not start within the 2,127 days. ' +
        'What keeps UN peacekeeping operation (re-hatted AMISOM) from starting on day 1,826 (2012-03-05), the last check ' +
        'day: un_takeover_agreed.',
      1: 'AMISOM as it came, with the TFG forces has half the security force it needs deployed by day 1,826 (2012-03-05), ' +
        'the soonest of the options.',
      2: 'The mission costs least under The 8,000 authorized, deployed on schedule: $2.43bn (AMISOM as it came, with the ' +
        'TFG forces $2.56bn), with $189m of needed spending unfunded. It does not have half the security force it needs ' +
        'deployed by day 1,826 (2012-03-05), where AMISOM as it came, with the TFG forces does. UN peacekeeping operation ' +
        '(re-hatted AMISOM) costs less, $2.04bn, but does not start within the 2,127 days. The costs include the pay of ' +
        'contingents that their own countries pay: AMISOM as it came, with the TFG forces $150m of $2.56bn. People go ' +
        'without the water standard for the fewest person-days under AMISOM as it came, with the TFG forces: 3.23bn, and ' +
        'without the food standard for the fewest person-days under AMISOM as it came, with the TFG forces: 2.12bn.',
    },
  },
  // One run at the central values, with observations: no median, no percentile range, no share
  // of the runs, no calibration.
  'haiti-2004-deterministic.html': {
    header: '2 options, 6 areas, one deterministic run over 1,095 days, from 2004-04-30 (day 0) to 2007-04-29 (day 1,094): ' +
      'the scenario\'s central values, with no incidents. Each number is this one run\'s value.',
    summary: {
      0: 'MINUSTAH as planned (6,700 troops, 1,622 police) with the PNH starts on day 32 (2004-06-01) and PNH first: a ' +
        'rebuilt national police with a small UN police mission on day 32 (2004-06-01). On the chain of milestones that ' +
        'sets the start day of MINUSTAH as planned (6,700 troops, 1,622 police) with the PNH: handover.',
      1: 'No option has half the security force it needs deployed by day 730 (2006-04-30); deployed strength on the last ' +
        'day, day 1,094 (2007-04-29): MINUSTAH as planned (6,700 troops, 1,622 police) with the PNH 11,060, PNH first: a ' +
        'rebuilt national police with a small UN police mission 4,008.',
    },
    captions: {
      'Security, by area': 'Security (0: none, 100%: full) week by week, in the one run: a line for each area (its colour ' +
        'and dash in the legend).',
      'The options side by side': 'The metrics of each option in the one run (the dot). Each metric has its own scale. ' +
        'For the personnel deployed on a day, the grey dashed line is the requirement in all areas, in that day\'s week. ' +
        'Some metrics have no value in the one run (a start day, where the option does not start): the table gives "-" for them.',
      'Paired differences between the options': 'Each pair of options compared in the one run, at the scenario\'s central ' +
        'values: the difference of a metric between them. Some metrics have no value in the one run (a start day, where ' +
        'the option does not start): the table gives "-" for them.',
    },
  },
  // A one-day horizon: "1 day", "over 1 day", "within the 1 day".
  'one-day.html': {
    header: '3 options, 1 area, 200 replications over 1 day. Each number is the median of the runs, with the 10th-90th ' +
      'percentile range where shown, unless its caption says otherwise (the costs by donor and by purpose are means).',
    summary: { 0: 'Local police is the most likely to start within the 1 day: in 100% of all runs; where it starts, at day 0 ' +
      'in the median.' },
    run: { Horizon: '1 day: day 0 to day 0', Replications: '200' },
  },
  // One replication: no "part of the 1 runs".
  'one-day-one-run.html': {
    header: '3 options, 1 area, 1 replication over 1 day. Each number is the median of the runs, with the 10th-90th ' +
      'percentile range where shown, unless its caption says otherwise (the costs by donor and by purpose are means).',
    captions: {
      'The options side by side': 'The metrics of each option: 10th to 90th percentile of the runs, and the median. Each ' +
        'metric has its own scale. For the personnel deployed on a day, the grey dashed line is the requirement in all ' +
        'areas, in that day\'s week (median of the runs). Not drawn, as their day is beyond the horizon, which ends on day ' +
        '0: Deployed, day 365; Lowest area coverage, day 365. Some metrics have no value in the one run (a start day, ' +
        'where the option does not start): the table\'s "runs counted" gives 0 for them.',
    },
  },
};

async function checkExact(page, file) {
  const want = EXACT[file.split('/').pop()];
  if (!want) return;
  const got = await page.evaluate(() => ({
    header: (document.querySelector('header .subtitle') || {}).textContent || '',
    summary: [...document.querySelectorAll('#summary li')].map((li) => li.textContent),
    captions: Object.fromEntries([...document.querySelectorAll('figure')].map((f) =>
      [f.querySelector('h3').textContent, (f.querySelector('figcaption') || {}).textContent || ''])),
    run: Object.fromEntries([...[...document.querySelectorAll('h2')].find((h) => h.textContent === 'The run')
      .parentElement.querySelectorAll('tbody tr')].map((tr) => [...tr.querySelectorAll('td')].map((td) => td.textContent))),
  }));
  if (want.header) check(got.header === want.header, `${file}: the header should read "${want.header}"; it reads "${got.header}"`);
  for (const [k, text] of Object.entries(want.summary || {})) {
    check(got.summary[k] === text, `${file}: point ${Number(k) + 1} of the summary should read "${text}"; it reads "${got.summary[k]}"`);
  }
  for (const [title, text] of Object.entries(want.captions || {})) {
    check(got.captions[title] === text, `${file}: the caption of "${title}" should read "${text}"; it reads "${got.captions[title]}"`);
  }
  for (const [k, text] of Object.entries(want.run || {})) {
    check(got.run[k] === text, `${file}: the run's "${k}" should read "${text}"; it reads "${got.run[k]}"`);
  }
}

/* gaza-hostile's Arabic names (report_test.sh): wherever the page's text has one, in its
 * sentences and its tables, it is isolated (U+2068 ... U+2069) from the text around it, so
 * that the numbers beside it keep their places. */
async function checkIsolated(page, file) {
  const names = ['\u062e\u0641\u0636 \u0627\u0644\u0642\u0648\u0627\u062a', '\u0628\u0646\u0627\u062f\u0631',
    '\u0627\u0644\u0634\u0631\u0643\u0627\u0621 (2)'];
  const text = await page.evaluate(() => document.getElementById('report').textContent);
  for (const name of names) {
    const all = text.split(name).length - 1;
    const isolated = text.split('\u2068' + name + '\u2069').length - 1;
    check(all > 0 && isolated === all,
      `${file}: the name ${name} isolated wherever it is written (${isolated} of ${all})`);
  }
  const summary = await page.evaluate(() => document.getElementById('summary').textContent);
  check(summary.includes('\u2068' + names[0] + '\u2069'), `${file}: the Arabic option's name in the summary, isolated`);
}

async function checkReport(context, file) {
  const url = pathToFileURL(resolve(file)).href;
  const page = await context.newPage();
  const errors = [];
  const requests = [];
  page.on('console', (msg) => {
    // An expression of the results' text that ran (gaza-hostile's formats say INJECTED).
    if (msg.type() === 'error' || /INJECTED/.test(msg.text())) errors.push(msg.text());
  });
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
  // A PRIM page with nothing to find (no run meets the condition) has no box, and so no chart.
  const least = basename(file) === 'analyze-prim-no-case.html' ? 0 : want.charts;
  check(charts.length >= least, file + ': at least ' + least + ' charts, found ' + charts.length);
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
  if (kind === 'analysis') await checkAnalysis(page, file);
  await checkSays(page, file);
  if (kind === 'run') {
    // As the page reads them: the line and paragraph separators as spaces, and a text with
    // right-to-left letters isolated (web/report.js).
    const results = await page.evaluate(() => JSON.parse(document.getElementById('dayafter-results').textContent,
      (key, value) => {
        if (typeof value !== 'string') return value;
        const spaced = value.replace(/[\u2028\u2029]/g, ' ');
        return /[\u0590-\u08FF\uFB1D-\uFDFF\uFE70-\uFEFE]/.test(spaced) ? '\u2068' + spaced + '\u2069' : spaced;
      }));
    if (/hostile/.test(file)) await checkIsolated(page, file);
    await checkRunCharts(page, file, results);
    await checkAreas(page, file, results);
    await checkRecord(page, file, results);
    await checkStartStatement(page, file, results);
    await checkMoneyStatement(page, file, results);
    await checkCounts(page, file);
    if (results.deterministic === true) await checkOneRun(page, file);
    await checkExact(page, file);
    if (/short-horizon/.test(file)) await checkShortHorizon(page, file, results);
  }
  if (kind === 'analysis') {
    const results = await page.evaluate(() => JSON.parse(document.getElementById('dayafter-results').textContent));
    if (results.method === 'prim') await checkPrim(page, file, results);
    if (results.method === 'tornado') await checkTornadoChances(page, file, results);
  }
  check(errors.length === 0, file + ': no console error' + (errors.length ? ': ' + errors.join(' | ') : ''));
  check(requests.length === 0, file + ': no network request' + (requests.length ? ': ' + requests.join(' ') : ''));
  // The first screen, in JPEG; the whole page with DAYAFTER_SCREENSHOTS=full. Encoding a long
  // report's full page took half of this test's time (Gaza's is 1,200 x 27,000 pixels: 15
  // seconds a page in PNG, 7 in JPEG; the whole test 260 s with full pages, 133 s without).
  await page.screenshot({ path: file.replace(/\.html$/, '') + '.jpg', type: 'jpeg', quality: 80,
    fullPage: process.env.DAYAFTER_SCREENSHOTS === 'full' });
  await page.close();
}

/* A tornado's caption says how to read a chance's bar where, and only where, its chart shows one
 * (the test scenario's cost has the approval's .occurs among its widest swings). */
async function checkTornadoChances(page, file, results) {
  const shown = results.inputs.slice().sort((a, b) => b.swing - a.swing).slice(0, 20);
  const chance = shown.some((i) => /\.(occurs|joins|recovers)$/.test(i.name));
  const captions = await page.$$eval('figcaption', (fs) => fs.map((f) => f.textContent));
  const said = captions.some((c) => c.includes('at p10 the event happens'));
  check(chance, file + ': the tornado shows a chance');
  check(said === chance, file + ': its caption says how to read a chance (' + said + ')');
}

/* An analysis's page: the warnings of its sample, each one, where it has them; the groups'
 * chart and table where a Sobol' analysis has groups (voi draws its groups in its own chart). */
async function checkAnalysis(page, file) {
  const results = await page.evaluate(() => JSON.parse(document.getElementById('dayafter-results').textContent));
  const shown = await page.evaluate(() => [...document.querySelectorAll('#warnings li')].map((li) => li.textContent));
  const warnings = (results.warnings || []).map((w) => w.message);
  check(JSON.stringify(shown) === JSON.stringify(warnings),
    file + ': the sample\'s ' + warnings.length + ' warnings, each shown (' + shown.length + ')');
  // A value-of-information group whose estimate came out below a member's is said, as the
  // terminal says it (cli/analyze), and only then.
  if (results.method === 'voi' && results.evpi > 0) {
    const items = await page.evaluate(() => [...document.querySelectorAll('#summary li')].map((li) => li.textContent));
    const value = new Map(results.inputs.map((i) => [i.name, i.evppi]));
    const below = (results.groups || []).filter((g) => g.evppi !== null &&
      g.inputs.some((n) => value.get(n) !== null && value.get(n) > g.evppi)).length;
    const said = items.find((t) => t.startsWith('A group is worth at least as much as any of its members')) || '';
    check(below === 0 ? said === '' : said.includes(` and ${below} group${below === 1 ? '' : 's'} came out below a member (`),
      `${file}: ${below} groups below a member, and the summary says "${said}"`);
    // An estimate above the EVPI is said, as the terminal says it, and the summary's reading
    // gives it as the EVPI at most, never bare above the EVPI it stands under.
    const entries = results.inputs.concat(results.groups || [], results.milestones || []);
    const above = entries.filter((e) => e.evppi !== null && e.evppi > results.evpi);
    const warned = items.find((t) => t.startsWith('Nothing can be worth more than the EVPI')) || '';
    check(above.length === 0 ? warned === '' : warned.includes(` and ${above.length} came out above it (`),
      `${file}: ${above.length} estimates above the EVPI, and the summary says "${warned}"`);
    const first = items.find((t) => t.startsWith('Most worth finding out first: ')) || '';
    const clear = above.filter((e) => e.name && e.evppi - Math.max(e.evppi_bias || 0, 0) >= 2 * (e.evppi_se || 0));
    check(clear.every((e) => first.includes(e.name + ', ')) &&
      (clear.length === 0 || first.includes(' at most, the EVPI (its estimate, ')),
    `${file}: ${clear.length} estimates above the EVPI that stand clear, each read as the EVPI at most: "${first}"`);
  }
  // The inputs that move the metric at all: a total-order index or a mu* that only rounding
  // puts there (analyze-sobol-rounding's 7e-33, analyze-morris-rounding's 5.9e-13) is 0
  // (docs/analysis.md's rounding floors). Such values lie many orders of magnitude below any
  // effect an analysis resolves: 1e-12 parts the indices, a millionth of the largest the mu*.
  if (results.method === 'sobol' || results.method === 'morris') {
    const first = (await page.evaluate(() => [...document.querySelectorAll('#summary li')].map((li) => li.textContent)))[0] || '';
    const largest = Math.max(...results.inputs.map((i) => i.mu_star || 0));
    const moving = results.inputs.filter((i) => (results.method === 'sobol' ? i.ST > 1e-12 : i.mu_star > 1e-6 * largest)).length;
    const rounded = results.inputs.filter((i) => (results.method === 'sobol' ? i.ST > 0 && i.ST <= 1e-12
      : i.mu_star > 0 && i.mu_star <= 1e-6 * largest)).length;
    check(first.startsWith(`${moving} of the ${results.inputs.length} uncertain inputs move `) &&
      (rounded === 0 || new RegExp(` of ${rounded} more, at most [0-9.]+e-[0-9]+, are what rounding alone`).test(first)),
    `${file}: ${moving} inputs move the metric, ${rounded} by rounding alone: "${first}"`);
  }
  // By week or area, the headline indices are of the series on the horizon's last day: the
  // summary, the inputs' and the groups' charts (title and caption) say so.
  if (results.by) {
    const first = (await page.evaluate(() => [...document.querySelectorAll('#summary li')].map((li) => li.textContent)))[0] || '';
    const charts = [];
    for (const title of [`Sobol' indices of ${results.metric}, on the last day`, 'Sobol\' indices of groups of inputs, on the last day']) {
      charts.push([title, await chartParts(page, title)]);
    }
    const unsaid = charts.filter(([, c]) => !(c && c.caption.includes(`${results.metric} over all areas on the horizon's last day`)));
    check(first.includes('on the horizon\'s last day') && unsaid.length === 0,
      `${file}: the headline indices are said to be the last day's: "${first}"` +
      (unsaid.length ? `; no chart "${unsaid.map(([t]) => t).join('", "')}" that says so` : ''));
  }
  const headings = await page.evaluate(() => [...document.querySelectorAll('h2')].map((h) => h.textContent));
  const groups = results.method === 'sobol' ? (results.groups || []).length : 0;
  check(headings.includes('Groups of inputs') === (groups > 0),
    file + ': a section of groups where, and only where, the analysis has them (' + groups + ')');
  check(headings.includes('When and where it matters') === Boolean(results.by),
    file + ': the indices week by week or area by area where, and only where, the analysis has them');
  if (groups > 0) {
    const rows = await page.evaluate(() => [...document.querySelectorAll('h2')]
      .find((h) => h.textContent === 'Groups of inputs').parentNode.querySelectorAll(':scope > table tbody tr').length);
    check(rows === groups, file + ': every group in its table (' + rows + ' of ' + groups + ')');
  }
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
