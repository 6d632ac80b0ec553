// SPDX-License-Identifier: GPL-3.0-or-later
/*
 * compare.js - the main figures of one run, or of two side by side with the change of
 * each median: the table the run's page and the comparison share, and the comparison's view.
 */
import * as F from '../../format.js';
import { fmtSetting, fmtTime, h, replace, section, seedText } from '../dom.js';
import { api } from '../api.js';
import { page, render } from '../router.js';
import { poller, runStatus } from './scenario.js';
import { fetchRun, reportFrame, scenarioName } from './run.js';

// Each metric's label and format come from the run's results (their "metrics", the
// registry of src/output/metrics.c); results saved before dayafter wrote it show the ids.
const fmtValue = (x, format) => F.value(x, format);

export function fmtDelta(d, format) {
  const sign = d > 0 ? '+' : d < 0 ? '−' : '';
  const a = Math.abs(d);
  // A share changes in percentage points (2% to 1.5% is half a point, not "-25%").
  if (format === 'share') {
    const points = F.value(100 * a, 'number');
    return `${sign}${points} ${points === '1' ? 'point' : 'points'}`;
  }
  if (format === 'day') {
    const n = F.value(a, 'day');
    return `${sign}${n} ${n === '1' ? 'day' : 'days'}`;
  }
  return `${sign}${F.value(a, format)}`;
}

/* A value the results give, or null: absent and null stay unknown, never 0. */
const known = (x) => (typeof x === 'number' && Number.isFinite(x) ? x : null);

/* Every option's metrics as rows: the median with its 10th-90th percentile range, the
 * probabilities of starting, of covering every area and of half the need deployed by each
 * check day ('cal', format.js's calendar of the run). A value that the results do not hold
 * because its day is past the horizon is marked 'beyond'. A metric that some of the run's
 * 'replications' lack (a start day is of the runs that start) has the runs it rests on in
 * 'runs' (its mc_error.n) and 'of': a median of 4 runs reads like one of 2,000 otherwise. */
export function optionRows(option, registry, cal, replications) {
  const mc = option.mc_error || {};
  const rows = [
    { key: 'p_start', label: 'Probability of starting', format: 'share', stat: { p50: known(option.p_start) }, se: known(mc.p_start_se) },
    { key: 'p_ioc', label: 'Probability of covering every area', format: 'share', stat: { p50: known(option.p_ioc) }, se: known(mc.p_ioc_se) },
  ];
  for (const day of cal.checkDays) {
    const date = cal.dateOf(day);
    rows.push({ key: `p_deployed_by_${day}`, label: `Half the need deployed by day ${day}${date ? ` (${date})` : ''}`,
      format: 'share', stat: { p50: known((option.p_deployed_by || {})[day]) }, beyond: cal.beyond(day),
      se: known((mc.p_deployed_by_se || {})[day]) });
  }
  for (const [key, stat] of Object.entries(option.metrics || {})) {
    const m = registry && registry.byId[key];
    // A metric whose day is past the horizon is null in the results.
    const beyond = !stat && cal.beyond(F.metricDay(key));
    // None where no run has it (null, short of the horizon), as the terminal says "0 of".
    const n = stat && stat.mc_error ? known(stat.mc_error.n) : !stat && !beyond ? 0 : null;
    const partial = n !== null && known(replications) !== null && n < replications;
    rows.push({ key, label: m ? m.label : key, format: m ? m.format : 'number', stat: stat || { p50: null },
      beyond, runs: partial ? n : null, of: partial ? replications : null, se: medianSe(stat) });
  }
  return rows;
}

/* The standard error of a metric's median, from its 95% interval in mc_error (p50_lo, p50_hi:
 * about 2 x 1.96 standard errors wide), or null where the results do not bound it (too few
 * values, or results older than mc_error). */
export function medianSe(stat) {
  const mc = stat && stat.mc_error;
  const lo = mc ? known(mc.p50_lo) : null;
  const hi = mc ? known(mc.p50_hi) : null;
  return lo !== null && hi !== null ? (hi - lo) / (2 * 1.96) : null;
}

/* The table of one run's or two runs' options and metrics. With two, a difference column:
 * the change of the median, highlighted from 1% (and strongly from 10%) of the larger. */
export function metricsTable(runs) {
  const two = runs.length === 2;
  const optionIds = [];
  const byRun = runs.map((r) => new Map((r.results.options || []).map((o) => [o.id, o])));
  // Labels and formats from the newer run's registry where only one has it.
  const registries = runs.map((r) => F.registry(r.results, 'metrics'));
  const registry = registries[registries.length - 1] || registries[0];
  runs.forEach((r) => (r.results.options || []).forEach((o) => { if (!optionIds.includes(o.id)) optionIds.push(o.id); }));
  const head = h('tr', {}, h('th', { scope: 'col' }, 'Metric'),
    runs.map((r) => h('th', { scope: 'col' }, `${r.label}: median (10th–90th)`)),
    two ? h('th', { scope: 'col' }, `Difference (${runs[1].label} − ${runs[0].label})`) : null);
  const bodies = optionIds.map((oid) => {
    const opts = byRun.map((m) => m.get(oid));
    const known = opts.find(Boolean);
    const keys = [];
    const cals = runs.map((r) => F.calendar(r.results));
    const rowsOf = opts.map((o, i) => new Map(o ? optionRows(o, registry, cals[i], runs[i].results.replications).map((r) => [r.key, r]) : []));
    rowsOf.forEach((m) => m.forEach((r, k) => { if (!keys.includes(k)) keys.push(k); }));
    orderCheckDays(keys);
    fillBeyond(rowsOf, opts.map(Boolean), cals, keys);
    return h('tbody', {},
      h('tr', { class: 'option-head' }, h('th', { scope: 'rowgroup', colspan: String(runs.length + (two ? 2 : 1)) },
        known.name || oid, h('span', { class: 'option-id' }, ` (${oid})`))),
      keys.map((k) => metricRow(k, rowsOf.map((m) => m.get(k)), two)));
  });
  return h('div', { class: 'table-wrap' }, h('table', { class: 'metrics' },
    h('caption', {}, two ? COMPARE_CAPTION : 'Each option\'s metrics over the run\'s replications.', registry ? null : ` ${F.NO_REGISTRY}`),
    h('thead', {}, head), bodies));
}

/* What the comparison highlights: see changeLevel(). */
export const COMPARE_CAPTION = 'Each option\'s metrics in both runs. A difference is highlighted (from 10% strongly) where it is '
  + '1% or more (of probabilities: 1 point) and more than twice the two runs\' combined Monte Carlo error; one within that '
  + 'error says so: another seed could give it.';

/* A check day of one run past the other's horizon (its calendar in 'cals'): beyond it there,
 * as the results' null says, not "not in this run", which is for an option that one run does
 * not have ('has', per run). Adds those rows to each run's map of 'rowsOf'; in place. */
export function fillBeyond(rowsOf, has, cals, keys) {
  rowsOf.forEach((m, i) => {
    if (!has[i]) return;
    for (const k of keys) {
      const day = checkDayOf(k);
      if (!m.has(k) && day !== null && cals[i].beyond(day)) {
        const other = rowsOf.map((x) => x.get(k)).find(Boolean);
        m.set(k, { ...other, stat: { p50: null }, beyond: true, runs: null, of: null, se: null });
      }
    }
  });
}

/* The day of a row "Half the need deployed by day D" from its key, or null. */
function checkDayOf(key) {
  const m = /^p_deployed_by_([0-9]+)$/.exec(key);
  return m ? Number(m[1]) : null;
}

/* The rows of the check days of both runs together, in the order of their days, where the
 * first run's are: a day only the second run has (its last day, where the first's horizon is
 * longer) came after every metric otherwise. In place. */
export function orderCheckDays(keys) {
  const days = keys.filter((k) => checkDayOf(k) !== null).sort((a, b) => checkDayOf(a) - checkDayOf(b));
  if (!days.length) return keys;
  const at = keys.findIndex((k) => checkDayOf(k) !== null);
  const rest = keys.filter((k) => checkDayOf(k) === null);
  keys.splice(0, keys.length, ...rest.slice(0, at), ...days, ...rest.slice(at));
  return keys;
}

function metricRow(key, rows, two) {
  const r = rows.find(Boolean);
  const cell = (x) => {
    if (!x) return h('td', { class: 'num' }, 'not in this run');
    if (x.beyond && known(x.stat.p50) === null) return h('td', { class: 'num beyond' }, F.BEYOND);
    const range = x.stat.p10 !== undefined ? h('span', { class: 'range' }, `${fmtValue(x.stat.p10, x.format)} – ${fmtValue(x.stat.p90, x.format)}`) : null;
    // Days with their dates, where the scenario has a start date.
    const d = x.format === 'day' && x.stat.date ? x.stat.date : null;
    return h('td', { class: 'num' }, h('span', { class: 'median' }, fmtValue(x.stat.p50, x.format), d && d.p50 ? ` (${d.p50})` : ''),
      range, d && d.p10 && d.p10 !== d.p90 ? h('span', { class: 'range' }, `${d.p10} – ${d.p90}`) : null,
      x.runs !== null && x.runs !== undefined
        ? h('span', { class: 'range runs' }, `over ${fmtValue(x.runs, 'count')} of ${fmtValue(x.of, 'count')} runs`) : null);
  };
  const tr = h('tr', { 'data-metric': key },
    h('th', { scope: 'row' }, r.label, r.label !== key ? h('span', { class: 'metric-key' }, key) : null),
    rows.map(cell));
  if (two) {
    const [a, b] = rows.map((x) => (x ? x.stat.p50 : null));
    tr.append(diffCell(a, b, r.format, tr, rows.map((x) => (x ? x.se : null))));
  }
  return tr;
}

/* The change of a median from 'a' to 'b': the difference 'd', its size 'rel' (probabilities
 * in points, 2% to 1.5% being half a point, not "-25%"; other metrics relative to the larger
 * of the two) and the change in percent of 'a' ('' for shares and from 0). Days are those
 * shown, each the day its median falls in: 69.17 and 67.93 are days 69 and 67, two days
 * apart, where their own difference, 1.24, was written "-1 days" beside them. */
export function medianChange(a, b, format) {
  if (format === 'day') {
    a = Math.floor(a);
    b = Math.floor(b);
  }
  const d = b - a;
  const scale = format === 'share' ? 1 : Math.max(Math.abs(a), Math.abs(b));
  const rel = scale ? Math.abs(d) / scale : 0;
  const pct = a && format !== 'share' ? ` (${d > 0 ? '+' : '−'}${Math.abs(Math.round(100 * d / a))}%)` : '';
  return { d, rel, pct };
}

/* How much the change from 'a' to 'b' (medianChange()) matters, given the two medians' Monte
 * Carlo standard errors 'se' ([se of a, se of b]): 'same' under 1% (of probabilities: 1 point);
 * 'noise' where it is within twice their combined error, sqrt(se_a^2 + se_b^2) (two runs that
 * differ only in their seed differ by that much about one time in twenty: two runs of 500
 * replications whose p_start moved 1.6 points, with 2.2 points of error each, read as a
 * change); otherwise 'differs', or 'differs-much' from 10%. Without both errors (results older
 * than mc_error, a median with too few values to bound), the 1% rule alone. */
export function changeLevel(a, b, format, se = []) {
  const change = medianChange(a, b, format);
  const [sa, sb] = se.map((x) => (typeof x === 'number' && Number.isFinite(x) ? x : null));
  const bound = sa !== null && sb !== null ? 2 * Math.sqrt(sa * sa + sb * sb) : null;
  let level = change.rel >= 0.1 ? 'differs-much' : 'differs';
  if (change.rel < 0.01) level = 'same';
  else if (bound !== null && Math.abs(change.d) <= bound) level = 'noise';
  return { ...change, bound, level };
}

function diffCell(a, b, format, tr, se) {
  if (a === null || b === null || a === undefined || b === undefined) return h('td', { class: 'num' }, '–');
  const { d, pct, level } = changeLevel(a, b, format, se);
  if (level === 'same') return h('td', { class: 'num same' }, 'about the same');
  const change = [h('span', { 'aria-hidden': 'true', class: 'arrow' }, d > 0 ? '▲ ' : '▼ '),
    h('span', { class: 'visually-hidden' }, d > 0 ? 'higher by ' : 'lower by '),
    `${fmtDelta(d, format)}${pct}`];
  if (level === 'noise') return h('td', { class: 'num noise' }, change, h('span', { class: 'range' }, 'within Monte Carlo error'));
  tr.classList.add(level);
  return h('td', { class: 'num delta' }, change);
}

export async function viewCompare(v, a, b) {
  const runs = [];
  for (const id of [a, b]) {
    const r = await fetchRun(v, id);
    if (!r) return;
    runs.push(r);
  }
  const names = {};
  for (const sid of new Set(runs.map((r) => r.scenario))) names[sid] = await scenarioName(sid);
  if (runs.some((r) => r.status !== 'done')) {
    comparePending(v, a, b, runs);
    return;
  }
  const labels = runs.map((r) => `Run ${r.id}`);
  const settingsTable = h('div', { class: 'table-wrap' }, h('table', { class: 'settings' },
    h('caption', {}, 'What each run ran; settings that differ are highlighted.'),
    h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'Setting'), labels.map((l, i) =>
      h('th', { scope: 'col' }, h('a', { href: `#/runs/${runs[i].id}` }, l))))),
    h('tbody', {}, settingsDiff(runs, names).map(({ setting, values, differs }) =>
      h('tr', { class: differs ? 'differs' : null },
        h('th', { scope: 'row' }, setting),
        values.map((x, i) => h('td', {}, setting === 'Finished' ? fmtTime(runs[i].finished) : x)))))));
  const frames = h('div', { class: 'side-by-side' }, runs.map((r) => h('div', { class: 'frame-col' },
    h('h3', {}, h('a', { href: `#/runs/${r.id}` }, `Run ${r.id}`)),
    reportFrame(r.id))));
  page(v, `Run ${a} and run ${b} compared`,
    section('Settings', settingsTable),
    section('Main figures', metricsTable(runs.map((r, i) => ({ label: labels[i], results: r.results })))),
    section('Reports side by side', frames));
}

/* What two runs ran, setting by setting ({ setting, values, differs }): 'names' holds the
 * scenarios' names by id. Who asked and when it finished differ between any two runs, and are
 * not what makes their results differ: never highlighted. The scenarios are compared by id, not
 * by name: two organizations' scenarios (or a fork kept under its original's name) may share a
 * name, and runs of both read as of one scenario, their revisions 1 and 2 as two of its own.
 * Where different scenarios share a name, each is shown with its id. */
export function settingsDiff(runs, names) {
  const nameOf = (r) => names[r.scenario] || `Scenario ${r.scenario}`;
  const clash = runs.some((x) => runs.some((y) => x.scenario !== y.scenario && nameOf(x) === nameOf(y)));
  const settings = [
    ['Scenario', (r) => (clash ? `${nameOf(r)} (scenario ${r.scenario})` : nameOf(r)), (r) => r.scenario],
    ['Revision', (r) => String(r.revision)], ['Replications', (r) => fmtSetting(r.replications)],
    ['Seed', (r) => seedText(r)], ['Requested by', (r) => r.requested_by], ['Finished', (r) => r.finished],
  ];
  return settings.map(([setting, f, key = f]) => {
    const values = runs.map(f);
    const keys = runs.map(key);
    return { setting, values, differs: keys[0] !== keys[1] && setting !== 'Finished' && setting !== 'Requested by' };
  });
}

/* Why two runs cannot be compared yet, or at all: a failed or cancelled run has no results,
 * and never will (this page would wait for it forever); one queued or running has none yet. */
export function pendingNote(runs) {
  const over = runs.filter((r) => r.status === 'failed' || r.status === 'cancelled');
  if (over.length) {
    const what = over.map((r) => `Run ${r.id} ${r.status === 'failed' ? 'failed' : 'was cancelled'}`).join(' and ');
    return over.length > 1
      ? `${what}: they have no results to compare. Compare other runs, or queue them again from their pages.`
      : `${what}: it has no results to compare. Compare another run, or queue it again from its page.`;
  }
  const going = runs.filter((r) => r.status !== 'done').map((r) => `Run ${r.id}`);
  return `${going.join(' and ')} ${going.length > 1 ? 'have' : 'has'} no results yet; this page fills in when both runs are done.`;
}

const ended = (runs) => runs.some((r) => r.status === 'failed' || r.status === 'cancelled');

// Runs still going: say so and come back when both are done; a run that ended without
// results: say so, and wait for nothing.
function comparePending(v, a, b, runs) {
  const items = (list) => list.map((r) => h('li', {}, h('a', { href: `#/runs/${r.id}` }, `Run ${r.id}`), ': ', runStatus(r)));
  const note = h('p', { class: 'note' }, pendingNote(runs));
  const list = h('ul', {}, items(runs));
  page(v, `Run ${a} and run ${b} compared`, note, list);
  if (ended(runs)) return;
  const poll = poller(v, async () => {
    const now = await Promise.all([a, b].map((id) => api('GET', `/api/runs/${id}`)));
    replace(list, items(now));
    if (now.every((r) => r.status === 'done')) {
      render();
      return false;
    }
    replace(note, pendingNote(now));
    return !ended(now);
  }, 1000, () => {});
  v.later(() => poll.now(), 1000);
}
