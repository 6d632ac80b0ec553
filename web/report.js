// SPDX-License-Identifier: GPL-3.0-or-later
/*
 * report.js - the HTML report's page: reads the run's results (the --json document, embedded
 * in the page by `dayafter run --report` or `dayafter report`) and draws the summary, the
 * charts (Vega-Lite, bundled into the page at build time), their data tables and the table of
 * assumptions. Nothing is fetched: the page works from a file, offline.
 *
 * Any scenario: every chart is built from what the results hold (options, areas, milestones,
 * donors), never from names known in advance. The metrics' labels, units and formats come
 * from the results too ("metrics", "area_metrics"), and numbers are written by format.js,
 * which the page loads first and the web application shares. So do the run's days: its
 * horizon, check days and start date (format.js's calendar); a value the results do not hold
 * is never read as 0, and one missing because its day is past the horizon is said to be.
 */
import * as F from './format.js';

/* Okabe and Ito's palette, told apart with the common colour-vision deficiencies. Ordered so
 * that the first three differ most: blue, orange and reddish purple (blue beside bluish
 * green, where their bands overlap, reads as one more teal). Yellow, faint on white, last. */
const PALETTE = ['#0072B2', '#E69F00', '#CC79A7', '#009E73', '#D55E00', '#56B4E9', '#000000',
  '#F0E442'];
/* A line style beside each colour, so that lines are told apart in grey and where colours
 * are not: solid, dashed, dotted, dash-dot, and so on. */
const DASHES = [[1, 0], [9, 4], [2, 3], [12, 3, 3, 3], [5, 5], [1, 6], [16, 5], [6, 2, 2, 2, 2, 2]];
const HEAT = 'viridis'; /* sequential, colour-blind safe, readable in grey */
const FONT = 'sans-serif';

/* The line and paragraph separators (U+2028, U+2029) read as spaces: Vega-Lite writes a name
 * into its expressions (a filter on an option or an area) as a string literal, where Vega's
 * parser refuses them, and every chart of that name failed to draw. */
const SEPARATORS = /[\u2028\u2029]/g;
/* A text that holds right-to-left letters (Hebrew, Arabic, Syriac, Thaana, N'Ko and the
 * others of those blocks) is isolated (U+2068 ... U+2069) from the sentence or label it is put
 * in: else the page's left-to-right text and its numbers around an Arabic option's name are
 * reordered with it ("(1.87$ ..., ..." for "..., $1.87bn (..."). Ids are ASCII: only what a
 * person wrote (names, sources) ever holds such letters. */
const RIGHT_TO_LEFT = /[\u0590-\u08FF\uFB1D-\uFDFF\uFE70-\uFEFE\u{10800}-\u{10FFF}\u{1E800}-\u{1EFFF}]/u;
function asRead(text) {
  const spaced = text.replace(SEPARATORS, ' ');
  return RIGHT_TO_LEFT.test(spaced) ? '\u2068' + spaced + '\u2069' : spaced;
}
const results = JSON.parse(document.getElementById('dayafter-results').textContent,
  (key, value) => (typeof value === 'string' ? asRead(value) : value));
const meta = JSON.parse(document.getElementById('dayafter-meta').textContent);
/* An analysis's inputs by name (a Map: a name is the scenario's, and may be "__proto__"). */
const inputByName = new Map((results && Array.isArray(results.inputs) ? results.inputs : [])
  .filter((i) => i && typeof i.name === 'string').map((i) => [i.name, i]));
const root = document.getElementById('report');

/* ---- formatting ------------------------------------------------------------------------ */

function fmtNumber(x) { return F.value(x, 'number'); }
function fmtCount(x) { return F.value(x, 'count'); }
function fmtUsd(x) { return F.value(x, 'money'); }
function fmtShare(x) { return F.value(x, 'share'); }
function fmtDayNumber(x) { return F.value(x, 'day'); }

/* The run's days: horizon, check days, start date (null without one). */
const cal = F.calendar(results);
/* A deterministic run (run --deterministic, the JSON's "deterministic"): one run at the
 * scenario's central values, with no incidents. Each of its numbers is that run's own: the
 * page speaks of no median, no percentile range and no share of the runs (each is 0 or 1, "in
 * 100% of all runs"), but says what happened in the one run ("starts on day 32"). */
const DET = results.deterministic === true;
/* A share of the runs as a table writes it: in a deterministic run, whether it happened. */
function fmtRunShare(x) {
  if (!DET) return fmtShare(x);
  return num(x) === null ? '-' : x > 0 ? 'yes' : 'no';
}
/* "1 option", "3 options": a count and its noun, written as the count says. */
function counted(n, noun) { return fmtCount(n) + ' ' + noun + (n === 1 ? '' : 's'); }
/* "the 1,095 days", "the 1 day": the horizon as a span. */
function horizonDays() { return 'the ' + counted(cal.horizon, 'day'); }
/* "day 120", and with a start date "day 120 (2024-07-26)"; 'date' is the results' own date
 * for the value where they give one (a quantile's "date"), else it is worked out. */
function fmtDay(x, date) {
  if (typeof x !== 'number') return '-';
  const d = date || cal.dateOf(x);
  return 'day ' + fmtDayNumber(x) + (d ? ' (' + d + ')' : '');
}
/* A number of days, a span rather than a day (the difference of two days): "-459 days",
 * "1 day", with no date. */
function fmtSpan(x) {
  if (typeof x !== 'number') return '-';
  const n = fmtDayNumber(x);
  return n + (n === '1' || n === '-1' ? ' day' : ' days');
}
/* A quantile 'key' (p10, p50, ...) of a day-valued quantity 'q', with its date. */
function fmtDayOf(q, key) { return fmtDay(q && q[key], q && q.date && q.date[key]); }

/* The registry of the metrics (format.js): each one's label, unit and format. Results saved
 * before dayafter wrote it show the ids and plain numbers, and say so. */
const metricsRegistry = F.registry(results, 'metrics');
const areaRegistry = F.registry(results, 'area_metrics');
function infoOf(registry, id) {
  const m = registry && registry.byId[id];
  return m || { id, label: id, unit: '', format: 'number', description: '' };
}
function metricInfo(id) { return infoOf(metricsRegistry, id); }
function areaInfo(id) { return infoOf(areaRegistry, id); }
/* A metric's value as its registry entry says: $5.42bn, 95.9%, 4,432. */
function fmtMetric(id, x) { return F.value(x, metricInfo(id).format); }
function metricBeyond(id) { return cal.beyond(F.metricDay(id)); }

/* Vega's axes write their ticks with the same rules: labelExpr "daFormat(datum.value, ...)";
 * daDate gives a day's date, daWrap breaks a long label into lines of at most n characters
 * (an array, which Vega draws as lines). */
if (window.vega && window.vega.expressionFunction) {
  window.vega.expressionFunction('daFormat', (x, format) => F.value(x, format));
  window.vega.expressionFunction('daDate', (x) => cal.dateOf(x) || '');
  window.vega.expressionFunction('daWrap', (text, n) => wrap(String(text), n));
}
/* A format as Vega's expressions may name it: one of format.js's own words, never the text of
 * the results (a 'format' in a hand-made JSON would otherwise be pasted into the expression,
 * and run by Vega); another reads as a number, as format.js's value() reads it. */
const FORMATS = new Set(['day', 'count', 'money', 'share', 'number']);
function formatWord(format) { return FORMATS.has(format) ? format : 'number'; }
function labelOf(format) { return 'daFormat(datum.value, "' + formatWord(format) + '")'; }
function axisOf(format) { return { labelExpr: labelOf(format) }; }

/* 'text' in lines of at most 'n' characters, broken at spaces (a longer word stays whole). */
function wrap(text, n) {
  const lines = [];
  let line = '';
  text.split(/\s+/).forEach((word) => {
    if (line && (line + ' ' + word).length > n) { lines.push(line); line = word; }
    else line = line ? line + ' ' + word : word;
  });
  if (line || !lines.length) lines.push(line);
  return lines;
}

/* An element; strings among 'children' become text, with each date in them kept on one
 * line (a line may break at a date's hyphens: 2024-06-|26). */
function el(tag, attrs, children) {
  const e = document.createElement(tag);
  Object.keys(attrs || {}).forEach((k) => { e.setAttribute(k, attrs[k]); });
  (children || []).forEach((c) => {
    if (typeof c !== 'string') { e.appendChild(c); return; }
    /* split() with a group: the dates are the odd parts. */
    c.split(/([0-9]{4}-[0-9]{2}-[0-9]{2})/).forEach((part, k) => {
      if (k % 2 === 0) {
        if (part) e.appendChild(document.createTextNode(part));
        return;
      }
      const date = document.createElement('span');
      date.className = 'date';
      date.textContent = part;
      e.appendChild(date);
    });
  });
  return e;
}

/* ---- sizes: the charts fit the page (or the web application's frame) ------------------- */

/* The width the report's blocks have, in pixels. */
function pageWidth() {
  const cs = window.getComputedStyle(root);
  const w = root.clientWidth - parseFloat(cs.paddingLeft || 0) - parseFloat(cs.paddingRight || 0);
  return Math.max(300, Math.floor(w) || 1000);
}
const PAGE = pageWidth();
function clamp(x, lo, hi) { return Math.max(lo, Math.min(hi, Math.floor(x))); }

const measure = document.createElement('canvas').getContext('2d');
/* The width of 'text' as an axis writes it (11 px). */
function textWidth(text) {
  if (!measure) return 6.5 * text.length;
  measure.font = '11px ' + FONT;
  return measure.measureText(text).width;
}

/* An axis for the names 'names' that gives them at most 'maxPx' each: on one line where they
 * fit, else wrapped into lines (never cut off). 'step' is the height a name needs. */
function namesAxis(names, maxPx) {
  const widest = Math.max.apply(null, names.map(textWidth).concat([0]));
  if (widest <= maxPx) return { axis: { labelLimit: 0 }, step: 18, width: widest };
  const perChar = widest / Math.max.apply(null, names.map((n) => n.length));
  const chars = Math.max(10, Math.floor(maxPx / perChar));
  const lines = Math.max.apply(null, names.map((n) => wrap(n, chars).length));
  return { axis: { labelLimit: 0, labelExpr: 'daWrap(datum.label, ' + chars + ')' },
    step: 13 * lines + 6, width: maxPx };
}

/* The x axis of days: day numbers and, with a start date, each one's date below it (fewer
 * ticks then, so that the dates do not run into each other). */
function dayAxis(width) {
  if (!cal.start) return { labelExpr: 'daFormat(datum.value, "day")' };
  return { labelExpr: '[daFormat(datum.value, "day"), daDate(datum.value)]',
    tickCount: Math.max(2, Math.floor(width / 85)), labelOverlap: true };
}
function dayTitle() {
  return cal.start ? 'Day of the scenario, and its date (day 0: ' + cal.start + ')' : 'Day of the scenario (from day 0)';
}
/* The same, short enough for a small panel. */
function shortDayTitle() { return cal.start ? 'Day and date' : 'Day'; }
/* An x channel of days over the whole horizon. */
function dayX(width, title) {
  return { field: 'day', type: 'quantitative', title: title === undefined ? dayTitle() : title,
    axis: dayAxis(width), scale: cal.lastDay === null ? {} : { domain: [0, cal.lastDay], nice: false } };
}

/* ---- what the results hold ------------------------------------------------------------- */

const options = results.options || [];
function optionName(o) { return o.name || o.id; }
const optionNames = options.map(optionName);
const optionById = {};
options.forEach((o) => { optionById[o.id] = o; });
const areaIds = options.length && options[0].areas ? options[0].areas.map((a) => a.id) : [];
const areaNames = {};
if (options.length && options[0].areas) {
  options[0].areas.forEach((a) => { areaNames[a.id] = a.name || a.id; });
}
const areaOrder = areaIds.map((a) => areaNames[a]);
/* Donors by name: the results' list of them, or (results saved before it) their ids. */
const donorNames = {};
(results.donors || []).forEach((d) => { donorNames[d.id] = d.name || d.id; });
function donorName(id) { return donorNames[id] || id; }
const milestoneOrder = (results.milestones || []).map((m) => m.id);
const inputs = results.inputs || [];
/* The input of 'path' ("areas.north.population"), or null. */
function inputOf(path) {
  for (let i = 0; i < inputs.length; i++) if (inputs[i].path === path) return inputs[i];
  return null;
}
function central(path) {
  const i = inputOf(path);
  return i ? i.central : null;
}
function metric(o, name) { return (o.metrics || {})[name] || null; }
/* A number the results give, or null: absent and null stay unknown, never 0. */
function num(x) { return typeof x === 'number' && Number.isFinite(x) ? x : null; }
function median(o, name) { const q = metric(o, name); return q ? num(q.p50) : null; }

/* A nominal field ('option', 'area') in PALETTE's colours and DASHES' line styles, in the
 * order 'order', for lines: stroke and strokeDash have one field and title, so Vega-Lite
 * draws one legend of both. */
function styleBy(field, title, order) {
  return {
    stroke: { field, type: 'nominal', title, scale: { domain: order, range: PALETTE } },
    strokeDash: { field, type: 'nominal', title, scale: { domain: order, range: DASHES } }
  };
}
function optionColor() {
  return { field: 'option', type: 'nominal', title: 'Option', scale: { domain: optionNames, range: PALETTE } };
}

/* The weekly series as long rows: option, area (and its id), the week's index and day (and
 * date), p10, p50, p90. The
 * days are the results' "series_days" (older results: each option's series.day). */
function seriesRows(name) {
  const rows = [];
  options.forEach((o) => {
    const s = o.series;
    if (!s || !s[name]) return;
    const days = results.series_days || s.day || [];
    Object.keys(s[name]).forEach((area) => {
      const q = s[name][area];
      days.forEach((day, k) => {
        rows.push({ option: optionName(o), area: areaNames[area] || area, areaId: area, week: k, day,
          date: (results.series_dates && results.series_dates[k]) || cal.dateOf(day),
          p10: num(q.p10[k]), p50: num(q.p50[k]), p90: num(q.p90[k]) });
      });
    });
  });
  return rows;
}

/* ---- the page's blocks ----------------------------------------------------------------- */

/* A table of 'rows' in 'columns': {field, title, format(value, row, field)}. */
function table(rows, columns) {
  const head = el('tr', {}, columns.map((c) => el('th', { scope: 'col' }, [c.title])));
  const body = rows.map((r) => el('tr', {}, columns.map((c) => {
    const v = r[c.field];
    return el('td', {}, [c.format ? c.format(v, r, c.field) : (v === null || v === undefined ? '-' : String(v))]);
  })));
  return el('table', {}, [el('thead', {}, [head]), el('tbody', {}, body)]);
}

let chartCount = 0;
const pending = [];

/* A chart block: title, the chart, its caption, and its data as a table ('tableRows', or
 * the chart's own rows: a table may list what a chart cannot draw, a value beyond the
 * horizon). */
function chart(title, caption, spec, rows, columns, tableRows) {
  if (!rows.length) { /* one option has no pairs; a scenario may lack what a chart shows */
    return el('figure', { class: 'chart-block' }, [el('h3', {}, [title]),
      el('p', { class: 'no-data' }, ['Nothing to show for these results.'])]);
  }
  const id = 'chart-' + (++chartCount);
  const holder = el('div', { class: 'chart', id, role: 'img', 'aria-label': title });
  const listed = tableRows || rows;
  const data = el('details', {}, [el('summary', {}, ['Data (' + counted(listed.length, 'row') + ')']),
    table(listed, columns)]);
  const block = el('figure', { class: 'chart-block' }, [el('h3', {}, [title]), holder,
    el('figcaption', {}, [caption]), data]);
  spec.data = { values: rows };
  /* Axes drop labels that would overlap rather than print them over each other. */
  const config = { font: FONT, axis: { labelFontSize: 11, titleFontSize: 12, labelOverlap: true },
    legend: { labelFontSize: 11, titleFontSize: 12, labelLimit: 0, symbolStrokeWidth: 3 },
    view: { stroke: null } };
  /* A chart's own config adds to these, part by part (its legend's place, say). */
  Object.keys(spec.config || {}).forEach((k) => {
    config[k] = typeof config[k] === 'object' ? Object.assign({}, config[k], spec.config[k]) : spec.config[k];
  });
  spec.config = config;
  pending.push(vegaEmbed('#' + id, spec, { mode: 'vega-lite', actions: false, renderer: 'svg' }).then(() => {
    holder.setAttribute('data-rendered', 'true');
  }).catch((err) => {
    holder.setAttribute('data-error', String(err));
    console.error('chart ' + title + ': ' + err);
  }));
  return block;
}

/* A section: its heading and 'children', less those that are null (a chart that these
 * results have nothing for and that would only say so). */
function section(title, children) {
  return el('section', {}, [el('h2', {}, [title])].concat(children.filter((c) => c)));
}

/* Small multiples: a panel for each member of 'order' (an area, an option) that has rows,
 * as many to a row as fit, each 'panel' (a layered view of 'width') filtered to its member;
 * 'yScale' 'shared' (options compared) or 'independent' (areas of different sizes).
 * A concatenation rather than a wrapped facet, which draws an empty panel, axes and all,
 * in each cell of its last row that it does not fill. */
function smallMultiples(field, order, rows, makePanel, minWidth, yScale) {
  const present = order.filter((name) => rows.some((r) => r[field] === name));
  const columns = clamp(PAGE / (minWidth + 100), 1, Math.max(1, present.length));
  const width = clamp(PAGE / columns - 115, 160, 420);
  return {
    columns,
    concat: present.map((name) => /* A long name wraps rather than run into the next panel's. */
    Object.assign(
      { title: { text: wrap(name, Math.floor((width + 60) / 7)), anchor: 'start', fontSize: 12 },
        transform: [{ filter: { field, equal: name } }] },
      makePanel(width, name)
    )),
    resolve: { scale: { x: 'shared', y: yScale, stroke: 'shared', strokeDash: 'shared', fill: 'shared' } },
    /* The legend's symbols are the lines' own, long and wide enough to show their dash. */
    config: { legend: { orient: 'bottom', direction: 'vertical', symbolSize: 500 } }
  };
}

/* A fan chart's layers for 'field' ('option' or 'area', in 'order'): the 10th-90th
 * percentile bands, faint and without a legend of their own (pale swatches), then the
 * medians on top, a layer for each member, the first drawn widest and beneath the rest: where
 * medians coincide, each stays visible as a stripe of its colour and dash. */
function fanLayers(field, title, order, x, yTitle, yFormat) {
  const style = styleBy(field, title, order);
  const step = Math.min(1.25, 4 / Math.max(1, order.length - 1));
  /* The bands' colours: a fill scale of their own, the same colours, with no legend. Its field
   * is a copy of 'field': on 'field' itself, its legend: null would remove the lines' too. */
  const band = { transform: [{ calculate: 'datum.' + field, as: 'band' }],
    mark: { type: 'area', opacity: 0.13 }, encoding: {
      x, y: { field: 'p10', type: 'quantitative', title: yTitle, axis: axisOf(yFormat) },
      y2: { field: 'p90' }, fill: { field: 'band', type: 'nominal', legend: null,
        scale: { domain: order, range: PALETTE } } } };
  const medians = order.map((name, k) => ({
    transform: [{ filter: { field, equal: name } }],
    mark: { type: 'line', strokeWidth: 1.5 + step * (order.length - 1 - k) },

    encoding: { x: { field: 'day', type: 'quantitative' }, y: { field: 'p50', type: 'quantitative' },
      stroke: style.stroke, strokeDash: style.strokeDash }
  }));
  return [band].concat(medians);
}

/* ---- the summary ----------------------------------------------------------------------- */

/* The option with the best value of 'value' (null: not known, left out): the highest, or
 * the lowest where 'lower' is true; the first in the results' order among equals. Null when
 * no option has the value. */
function bestOption(value, lower) {
  let best = null;
  let bestValue = null;
  options.forEach((o) => {
    const v = num(value(o));
    if (v === null) return;
    if (best === null || (lower ? v < bestValue : v > bestValue)) { best = o; bestValue = v; }
  });
  return best;
}

/* The option with the lowest median of metric 'id' and that median written out, with 'ties':
 * every option whose median is written the same (the first among them leads). A tie is no
 * choice: Gaza's food gap is 1.06bn under the multinational and the hybrid force alike, their
 * paired differences 0 at p10, p50 and p90, and naming the first alone as the one with "the
 * fewest person-days" told a planner to prefer it for nothing. 'alike' when every option ties
 * (then no option is singled out). Null when no option has the metric. Only the options of
 * 'among' (all of them where it is not given) are ranked. */
function lowest(id, among) {
  const ranked = among || options;
  const best = bestOption((o) => (ranked.indexOf(o) < 0 ? null : median(o, id)), true);
  if (!best) return null;
  const value = fmtMetric(id, median(best, id));
  const ties = ranked.filter((o) => median(o, id) !== null && fmtMetric(id, median(o, id)) === value);
  const alike = ties.length === options.length && options.length > 1;
  return { option: best, ties, value, alike,
    under: alike ? 'under every option alike' : 'under ' + listText(ties.map(optionName)) + (ties.length > 1 ? ' alike' : '') };
}

/* 1. Who can start, how likely, when, and what holds it up. Each share says what it is a
 * share of: p_start and held_by are shares of all runs, the start day's quantiles and the
 * criticality shares of the runs that start. */
function startStatement() {
  if (DET) return startStatementDet();
  const best = bestOption((o) => o.p_start);
  if (!best) return null;
  const horizon = horizonDays();
  if (best.p_start === 0) return 'No option starts within ' + horizon + ' in any run.';
  const start = metric(best, 'start_day');
  const alike = options.filter((o) => o !== best && o.p_start === best.p_start);
  return optionName(best) + ' is the most likely to start within ' + horizon +
    (alike.length ? ' (as likely as ' + listText(alike.map(optionName)) + ')' : '') + ': in ' +
    fmtShare(best.p_start) + ' of all runs' + whenText(start) + '.' + holdsUpText(best);
}

/* The first point of a deterministic run: what happened in its one run. Each option's start
 * day, the earliest first, or that it does not start; the milestones on the chain that set the
 * first one's start day; and for an option that does not start, the milestone that kept it
 * from starting on the last check day. Never "in 100% of all runs", nor a median. */
function startStatementDet() {
  if (!options.length) return null;
  const within = 'within ' + horizonDays();
  const startDay = (o) => (num(o.p_start) > 0 ? median(o, 'start_day') : null);
  const starts = options.filter((o) => startDay(o) !== null).sort((a, b) => startDay(a) - startDay(b));
  const never = options.filter((o) => startDay(o) === null);
  const parts = starts.map((o, k) => optionName(o) + (k === 0 ? ' starts on ' : ' on ') + fmtDayOf(metric(o, 'start_day'), 'p50'));
  if (never.length && starts.length) {
    parts.push(listText(never.map(optionName)) + (never.length > 1 ? ' do' : ' does') + ' not start ' + within);
  }
  const first = starts.length ? listText(parts) + '.' : 'No option starts ' + within + '.';
  const crit = starts.length ? largestShares(starts[0].criticality) : [];
  return first + (crit.length ? ' On the chain of milestones that sets the start day of ' + optionName(starts[0]) + ': ' +
    listText(crit) + '.' : '') + never.map(keptFromStartingDet).join('');
}

/* " What keeps X from starting on day 1,826 (2012-03-05), the last check day: un_takeover_agreed."
 * for option 'o' of a deterministic run, where the results say (why_short's held_by); else ''. */
function keptFromStartingDet(o) {
  const within = cal.checkDays.filter((d) => !cal.beyond(d));
  const day = within.length ? within[within.length - 1] : null;
  const w = day === null ? null : whyOn(o, day);
  const held = w ? largestShares(w.held_by) : [];
  return held.length ? ' What keeps ' + optionName(o) + ' from starting on ' + fmtDay(day) + ', the last check day: ' +
    listText(held) + '.' : '';
}

/* The milestones whose share in 'shares' (id to share) is the largest, written alike: several
 * when they tie. The first in the milestones' order leads; an empty list when none is above 0. */
function largestShares(shares) {
  const ids = Object.keys(shares || {}).filter((m) => num(shares[m]) > 0)
    .sort((a, b) => shares[b] - shares[a] || milestoneOrder.indexOf(a) - milestoneOrder.indexOf(b));
  if (!ids.length) return [];
  const top = fmtShare(shares[ids[0]]);
  return ids.filter((m) => fmtShare(shares[m]) === top);
}

/* What holds option 'o' up most: the milestone that keeps it from starting in the most runs on
 * the last check day within the horizon (why_short's held_by, a share of all runs: a run held
 * back by it has not started by then), naming every milestone that ties. Criticality's largest
 * was named before: milestones that form a chain (each needs the one before) share one
 * criticality, and the first in the file won, though another held back ten times the runs
 * (Gaza: ceasefire at 99% of the runs that start, where israel_approval held back 41% of all
 * runs and ceasefire 3%). Results without held_by (saved before why_short) fall back on the
 * criticality, over the runs that start, every milestone that ties named. */
function holdsUpText(o) {
  const within = cal.checkDays.filter((d) => !cal.beyond(d));
  const day = within.length ? within[within.length - 1] : null;
  const w = day === null ? null : whyOn(o, day);
  const held = w ? largestShares(w.held_by) : [];
  if (held.length) {
    const rest = heldList(w.held_by).filter((h) => held.indexOf(h.id) < 0);
    return ' What keeps it from starting most often: ' + listText(held) + (held.length > 1 ? ' alike, each' : ',') +
      ' holding it back in ' + fmtShare(w.held_by[held[0]]) +
      ' of all runs on ' + fmtDay(day) + ', the last check day' +
      (rest.length ? ' (next, ' + rest[0].id + ' in ' + fmtShare(rest[0].share) + ')' : '') + '.';
  }
  const crit = largestShares(o.criticality);
  if (!crit.length) return '';
  return ' On the chain of milestones that sets its start day most often: ' + listText(crit) +
    (crit.length > 1 ? ' alike, each' : '') + ' in ' + fmtShare(o.criticality[crit[0]]) +
    ' of the runs that start.';
}

/* ", at day 252 (2024-12-05) in the median, between day 210 (...) and day 286 (...) in 8
 * of 10 of the runs that start" for an option's start day (a day-valued quantile object over
 * the runs that start), the range only where it is one. */
function whenText(q) {
  if (!q || num(q.p50) === null) return '';
  const range = num(q.p10) !== null && num(q.p90) !== null && q.p10 !== q.p90;
  return '; where it starts, at ' + fmtDayOf(q, 'p50') + ' in the median' + (range ? ', between ' + fmtDayOf(q, 'p10') +
    ' and ' + fmtDayOf(q, 'p90') + ' in 8 of 10 of the runs that start' : '');
}

/* "a", "a and b", "a, b and c". */
function listText(items) {
  return items.length > 1 ? items.slice(0, -1).join(', ') + ' and ' + items[items.length - 1] : items.join('');
}

/* The share of the runs in which option 'o' has half the force it needs deployed by 'day',
 * or null where the results do not say (a day past the horizon). */
function halfBy(o, day) { return num((o.p_deployed_by || {})[String(day)]); }

/* 2. Deployment: the option that has half the force it needs in most runs soonest, on the
 * check days within the horizon; a check day past it is said to be, and nothing is claimed
 * for it. */
function deploymentStatement() {
  const within = cal.checkDays.filter((d) => !cal.beyond(d));
  const beyond = cal.checkDays.filter((d) => cal.beyond(d));
  let text = deploymentWithin(within);
  if (beyond.length) {
    text += (text ? ' ' : '') + 'Day' + (beyond.length > 1 ? 's ' : ' ') +
      listText(beyond.map(fmtDayNumber)) + (beyond.length > 1 ? ' are' : ' is') +
      ' beyond the horizon, which ends on ' + fmtDay(cal.lastDay) + ': the results say nothing about ' +
      (beyond.length > 1 ? 'them' : 'it') + '.';
  }
  return text || null;
}

function deploymentWithin(days) {
  if (!days.length || !options.length) return '';
  const last = days[days.length - 1];
  const half = ' has half the security force it needs deployed by ';
  /* The soonest check day on which some option has it in at least half of the runs, and
   * among those options, the one with the largest share then. */
  for (let k = 0; k < days.length; k++) {
    const d = days[k];
    const best = bestOption((o) => { const p = halfBy(o, d); return p !== null && p >= 0.5 ? p : null; });
    if (best && DET) return deploymentDet(days.slice(k));
    if (best) {
      const later = days.slice(k + 1).filter((e) => halfBy(best, e) !== null);
      return optionName(best) + half + fmtDay(d) + ' in ' + fmtShare(halfBy(best, d)) + ' of the runs' +
        (options.length > 1 ? ', the soonest of the options' : '') +
        (later.length ? '; by ' + later.map((e) => fmtDay(e) + ' in ' + fmtShare(halfBy(best, e))).join(', by ') : '') + '.';
    }
  }
  const likeliest = bestOption((o) => halfBy(o, last));
  if (likeliest && halfBy(likeliest, last) > 0) {
    return 'No option has half the security force it needs deployed by ' + fmtDay(last) +
      ' in most runs; the likeliest, ' + optionName(likeliest) + ', has it in ' +
      fmtShare(halfBy(likeliest, last)) + ' of them.';
  }
  if (!likeliest) return 'The results do not say how much of its force any option has deployed by ' + fmtDay(last) + '.';
  return 'No option has half the security force it needs deployed by ' + fmtDay(last) + (DET ? '' : ' in any run') + '; ' +
    'deployed strength on the last day, ' + fmtDay(cal.lastDay) + (DET ? ': ' : ', in the median: ') +
    options.map((o) => optionName(o) + ' ' + fmtMetric('deployed_end', median(o, 'deployed_end'))).join(', ') + '.';
}

/* The second point of a deterministic run, from 'days' (the check days within the horizon, the
 * first the soonest on which some option has half its force): the options that have it then,
 * and a later check day on which one of them no longer has it. */
function deploymentDet(days) {
  const has = (o, d) => halfBy(o, d) !== null && halfBy(o, d) >= 0.5;
  const first = options.filter((o) => has(o, days[0]));
  const lost = first.map((o) => [o, days.slice(1).filter((d) => halfBy(o, d) !== null && !has(o, d))])
    .filter((x) => x[1].length);
  return listText(first.map(optionName)) + (first.length > 1 ? ' have half the security force they need'
    : ' has half the security force it needs') + ' deployed by ' + fmtDay(days[0]) +
    (options.length > first.length ? ', the soonest of the options' : '') +
    lost.map((x) => '; ' + optionName(x[0]) + ' no longer has it by ' + fmtDay(x[1][0])).join('') + '.';
}

/* 3. Money and the humanitarian gaps, each under the option that does best on it. */
function moneyStatement() {
  const parts = [costSentence(), gapSentence()].filter((t) => t);
  return parts.join(' ') || null;
}

/* ' in the median' after a value, or '' in a deterministic run, whose values are its one run's. */
function inMedian() { return DET ? '' : ' in the median'; }

/* Whether option 'o' starts in at least half of the runs (p_start; results without it, yes). */
function startsMostly(o) { return num(o.p_start) === null || o.p_start >= 0.5; }

/* "starts in only 5% of runs" for an option 'o' that starts in fewer than half of them; "starts
 * in no run"; in a deterministic run, "does not start within the 2,127 days". */
function rareStartText(o) {
  if (DET) return 'does not start within ' + horizonDays();
  if (o.p_start === 0) return 'starts in no run';
  const share = fmtShare(o.p_start);
  return share === fmtShare(0.5) ? 'starts in fewer than half of the runs' : 'starts in only ' + share + ' of runs';
}

/* The cost, ranked among the options that start in at least half of the runs: an option that
 * rarely or never starts may cost least (Somalia's UN operation, $1.47bn in the median where
 * AMISOM costs $1.76bn, starts in 5% of the runs and pays for little but the humanitarian
 * aid), and "costs least under" it read as advice to choose it. Such an option, where it costs
 * less, is named after the cheapest, with how rarely it starts; where no option starts in
 * half of the runs, all are ranked and that is said. Where every option costs alike, none is
 * the cheapest. */
function costSentence() {
  const mostly = options.filter(startsMostly);
  const among = mostly.length ? mostly : options;
  const all = lowest('cost_total_usd');
  const cost = all && all.alike ? all : lowest('cost_total_usd', among);
  if (!cost) return null;
  const unfundedText = cost.alike || options.length === 1 ? unfundedOf(options) : unfundedOf(cost.ties);
  if (cost.alike || options.length === 1) {
    return 'The mission costs ' + cost.value + inMedian() + ' ' + cost.under + unfundedText + '.';
  }
  const least = median(cost.ties[0], 'cost_total_usd');
  const cheaper = options.filter((o) => among.indexOf(o) < 0 && median(o, 'cost_total_usd') !== null &&
    median(o, 'cost_total_usd') < least && fmtMetric('cost_total_usd', median(o, 'cost_total_usd')) !== cost.value);
  const others = options.filter((o) => cost.ties.indexOf(o) < 0 && cheaper.indexOf(o) < 0 && median(o, 'cost_total_usd') !== null);
  const rare = cheaper.map((o) => ' ' + optionName(o) + ' costs less, ' + fmtMetric('cost_total_usd', median(o, 'cost_total_usd')) +
    inMedian() + ', but ' + rareStartText(o) + '.').join('');
  const none = mostly.length ? '' : DET ? ' No option starts within ' + horizonDays() + '.'
    : ' No option starts in at least half of the runs: ' + listText(cost.ties.map((o) => optionName(o) + ' ' + rareStartText(o))) + '.';
  return 'The mission costs least ' + cost.under + ': ' + cost.value + inMedian() +
    (others.length ? ' (' + others.map((o) => optionName(o) + ' ' + fmtMetric('cost_total_usd', median(o, 'cost_total_usd'))).join(', ') + ')' : '') +
    unfundedText + cheapButShort(cost.ties) + '.' + rare + none + selfPaidText();
}

/* ". It has half the security force it needs deployed by day 365 in no run, against 97% under
 * KFOR" where the cheapest options ('ties') have it in fewer than half the runs on
 * the last check day within the horizon and another option in half or more: the cheapest is
 * then often the one that does least (a police force of a few thousand against an army), and
 * "costs least" alone read as a recommendation. '' otherwise. */
function cheapButShort(ties) {
  const days = cal.checkDays.filter((d) => !cal.beyond(d));
  if (!days.length) return '';
  const day = days[days.length - 1];
  if (ties.some((o) => halfBy(o, day) === null || halfBy(o, day) >= 0.5)) return '';
  const best = bestOption((o) => (ties.indexOf(o) < 0 ? halfBy(o, day) : null));
  if (!best || halfBy(best, day) < 0.5) return '';
  if (DET) {
    return '. ' + (ties.length > 1 ? 'They do' : 'It does') + ' not have half the security force ' +
      (ties.length > 1 ? 'they need' : 'it needs') + ' deployed by ' + fmtDay(day) + ', where ' + optionName(best) + ' does';
  }
  const shares = ties.map((o) => halfBy(o, day));
  const alike = shares.every((x) => fmtShare(x) === fmtShare(shares[0]));
  const none = alike && fmtShare(shares[0]) === fmtShare(0);
  return '. ' + (ties.length > 1 ? 'They have' : 'It has') + ' half the security force ' +
    (ties.length > 1 ? 'they need' : 'it needs') + ' deployed by ' + fmtDay(day) +
    (none ? ' in no run' : ' in only ' + (alike ? fmtShare(shares[0])
      : listText(ties.map((o) => fmtShare(halfBy(o, day)) + ' (' + optionName(o) + ')'))) + ' of the runs') +
    ', against ' + fmtShare(halfBy(best, day)) + ' under ' + optionName(best);
}

/* " The costs include the pay of contingents that their own countries pay (paid_by: self),
 * in the mean: KFOR $5.4bn of $6.62bn." for the options whose self-paid share is written as
 * more than $0; '' where none is. Such pay is the mission's cost (docs/model.md 9.5), but no
 * donor of the mission's pays it, and a total that holds it reads otherwise. */
function selfPaidText() {
  const parts = [];
  for (const o of options) {
    let self = 0;
    for (const [payer, q] of Object.entries(o.cost_by_donor || {})) {
      if (payer.startsWith('self:') && q && num(q.mean) !== null) self += q.mean;
    }
    const total = num((metric(o, 'cost_total_usd') || {}).mean);
    if (fmtMetric('cost_total_usd', self) === fmtMetric('cost_total_usd', 0) || total === null) continue;
    parts.push(optionName(o) + ' ' + fmtMetric('cost_total_usd', self) + ' of ' + fmtMetric('cost_total_usd', total));
  }
  if (!parts.length) return '';
  return ' The costs include the pay of contingents that their own countries pay' + (DET ? ': ' : ', in the mean: ') +
    parts.join(', ') + '.';
}

/* ", with $1.2bn of needed spending unfunded in the median" for the options 'whose' (the
 * cheapest, or all of them where they cost alike), '' where their medians differ or the results
 * have none. A median of $0 hides a tail: Gaza's cheapest option leaves $0 unfunded in the
 * median but $3.5bn or more in 1 run of 10 (a mean of $1.0bn), and "with $0 of needed spending
 * unfunded" read as fully funded. Where the median is $0 and the tail is not, the tail is
 * given: the 90th percentile (the smallest of theirs, "under each" for several), or where only
 * fewer than 1 run of 10 leave any unfunded, the mean. */
function unfundedOf(whose) {
  const id = 'unfunded_usd';
  const value = whose.length ? fmtMetric(id, median(whose[0], id)) : null;
  if (!whose.length || median(whose[0], id) === null || whose.some((o) => fmtMetric(id, median(o, id)) !== value)) return '';
  const text = ', with ' + value + ' of needed spending unfunded' + inMedian();
  if (DET) return text;
  const zero = fmtMetric(id, 0);
  if (value !== zero) return text;
  const p90s = whose.map((o) => num((metric(o, id) || {}).p90)).filter((x) => x !== null);
  const p90 = p90s.length === whose.length ? Math.min.apply(null, p90s) : null;
  if (p90 !== null && fmtMetric(id, p90) !== zero) {
    const mean = whose.length === 1 ? num(metric(whose[0], id).mean) : null;
    return text + ' run, but ' + fmtMetric(id, p90) + ' or more in 1 run of 10' + (whose.length > 1 ? ' under each' : '') +
      (mean !== null ? ' (a mean of ' + fmtMetric(id, mean) + ')' : '');
  }
  const means = whose.map((o) => num((metric(o, id) || {}).mean));
  if (whose.length === 1 && means[0] !== null && fmtMetric(id, means[0]) !== zero) {
    return text + ' run and in at least 9 runs of 10, but some in the rest (a mean of ' + fmtMetric(id, means[0]) + ')';
  }
  return text;
}

function gapSentence() {
  const gaps = [['water', lowest('water_gap_person_days')], ['food', lowest('food_gap_person_days')]]
    .filter((g) => g[1]).map((g) => {
      const x = g[1];
      return x.alike || options.length === 1
        ? 'without the ' + g[0] + ' standard for ' + x.value + ' person-days' + inMedian() + ' ' + x.under
        : 'without the ' + g[0] + ' standard for the fewest person-days ' + x.under + ': ' + x.value + inMedian();
    });
  return gaps.length ? 'People go ' + gaps.join(', and ') + '.' : null;
}

function summary() {
  const items = [startStatement(), deploymentStatement(), moneyStatement()]
    .filter((t) => t);
  return el('section', { id: 'summary' }, [el('h2', {}, ['What to know']),
    el('ol', {}, items.map((t) => el('li', {}, [t])))]);
}

/* ---- the charts ------------------------------------------------------------------------ */

/* The p10, median and p90 columns of a data table, written in 'format', or in each row's
 * own (its 'format' field) when the rows hold different metrics. Days have their dates
 * beside them (the row's 'date' object), and a value missing because its day is past the
 * horizon (a row marked 'beyond') says so; one missing for another reason (a milestone
 * never reached) says the row's 'none', or "-". */
function quantileColumns(format, title) {
  const fmt = (v, r, field) => {
    if (v === null || v === undefined) return r.beyond ? F.BEYOND : r.none || '-';
    const f = format || r.format;
    if (f === 'day' && r.span) return fmtSpan(v);
    if (f === 'day') return fmtDay(v, r.date && r.date[field]).replace(/^day /, '');
    return F.value(v, f);
  };
  /* A deterministic run's one value: its quantiles are all that value. */
  if (DET) return [{ field: 'p50', title: title || 'value', format: fmt }];
  return [{ field: 'p10', title: 'p10', format: fmt }, { field: 'p50', title: 'median', format: fmt },
    { field: 'p90', title: 'p90', format: fmt }];
}

/* The columns of a weekly series' table: option, area, day (and date), the quantiles. */
function seriesColumns(format) {
  const cols = [{ field: 'option', title: 'option' }, { field: 'area', title: 'area' },
    { field: 'day', title: 'day', format: fmtDayNumber }];
  if (cal.start) cols.push({ field: 'date', title: 'date' });
  return cols.concat(quantileColumns(format));
}

/* A row of the milestones' chart from a day-valued quantile object 'q'. */
function dayRow(row, q) {
  q = q || {};
  row.p10 = num(q.p10); row.p50 = num(q.p50); row.p90 = num(q.p90);
  row.date = q.date || (cal.start ? { p10: cal.dateOf(row.p10), p50: cal.dateOf(row.p50), p90: cal.dateOf(row.p90) } : null);
  return row;
}

/* A milestone's lapses (p_lapsed, lapse_day, p_recovered, recovery_day, docs/model.md
 * section 9.2) on its row: the shares, the medians of the days, and the label's words
 * ("lapses in 27%"); nothing for results saved before lapses, or a milestone that never lapses. */
function lapseRow(row, m) {
  row.p_lapsed = num(m.p_lapsed);
  row.p_recovered = num(m.p_recovered);
  row.lapse_day = m.lapse_day ? num(m.lapse_day.p50) : null;
  row.lapse_date = m.lapse_day && m.lapse_day.date ? m.lapse_day.date.p50 : null;
  row.recovery_day = m.recovery_day ? num(m.recovery_day.p50) : null;
  row.recovery_date = m.recovery_day && m.recovery_day.date ? m.recovery_day.date.p50 : null;
  row.recovered_of_lapsed = row.p_lapsed > 0 && row.p_recovered !== null ? row.p_recovered / row.p_lapsed : null;
  row.lapse_label = row.p_lapsed > 0 ? (DET ? 'lapses' : 'lapses in ' + fmtShare(row.p_lapsed)) : '';
  return row;
}

/* A milestone's (or an option's start's) label in the chart: the probability that it is reached
 * at all and where it lapses, how often, both shares of all runs written alike ("59%, lapses in
 * 58.8%" gave the same kind of share two roundings); in a deterministic run, whose drawn
 * milestones are all reached, only whether it lapses. */
function milestoneLabel(row) {
  if (DET) return row.lapse_label || '';
  return fmtShare(row.p_reached) + (row.lapse_label ? ', ' + row.lapse_label : '');
}

/* A day of a table's cell without its word "day": "120 (2024-07-26)"; 'date' its own date. */
function fmtDayCell(x, date) { return typeof x === 'number' ? fmtDay(x, date).replace(/^day /, '') : '-'; }

function milestonesChart() {
  const rows = (results.milestones || []).map((m) => lapseRow(dayRow({ what: m.id, kind: 'milestone', p_reached: m.p_reached, none: 'not reached' }, m.day), m));
  const lapses = rows.some((r) => r.p_lapsed > 0);
  options.forEach((o) => {
    rows.push(dayRow({ what: 'start: ' + optionName(o), kind: 'option start', p_reached: o.p_start,
      none: 'never starts', lapse_label: '' }, metric(o, 'start_day')));
  });
  rows.forEach((r) => { r.label = milestoneLabel(r); });
  const drawn = rows.filter((r) => r.p50 !== null);
  const names = namesAxis(drawn.map((r) => r.what), clamp(PAGE * 0.3, 120, 300));
  const width = clamp(PAGE - names.width - 90, 240, 640);
  const spec = {
    width, height: { step: Math.max(26, names.step) },
    encoding: { y: { field: 'what', type: 'nominal', sort: { field: 'p50' }, title: null, axis: names.axis } },
    layer: [
      { mark: { type: 'rule', strokeWidth: 3 }, encoding: {
        x: { field: 'p10', type: 'quantitative', title: dayTitle(), axis: dayAxis(width),
          scale: { domain: [0, cal.lastDay === null ? 1 : cal.lastDay], nice: false } },
        x2: { field: 'p90' }, color: { field: 'kind', type: 'nominal', title: null,
          scale: { range: [PALETTE[0], PALETTE[1]] }, legend: { orient: 'top' } } } },
      { mark: { type: 'point', filled: true, size: 70, color: '#000' }, encoding: {
        x: { field: 'p50', type: 'quantitative' } } },
      /* The probability of reaching it, and where it may lapse, how often it does. */
      { mark: { type: 'text', align: 'left', dx: 8, fontSize: 11 }, encoding: {
        x: { field: 'p90', type: 'quantitative' },
        text: { field: 'label', type: 'nominal' } } }
    ]
  };
  let cols = [{ field: 'what', title: 'milestone' }, { field: 'p_reached', title: DET ? 'reached' : 'P(reached)', format: fmtRunShare }]
    .concat(quantileColumns('day', 'day'));
  if (lapses && DET) {
    cols = cols.concat([{ field: 'p_lapsed', title: 'lapsed', format: fmtRunShare },
      { field: 'lapse_day', title: 'lapse day', format(v, r) { return fmtDayCell(v, r.lapse_date); } },
      { field: 'p_recovered', title: 'holds again', format: fmtRunShare },
      { field: 'recovery_day', title: 'day it holds again', format(v, r) { return fmtDayCell(v, r.recovery_date); } }]);
  } else if (lapses) {
    /* p_lapsed and p_recovered are shares of all runs (docs/model.md): "P(holds again) 38.6%"
     * beside "P(lapsed) 49.6%" read as a 39% chance that a lapsed ceasefire holds again, where
     * 78% of the lapses recover. Each column names its denominator, and the share of the lapses
     * that recover has its own. */
    cols = cols.concat([{ field: 'p_lapsed', title: 'P(lapsed), of all runs', format: fmtShare },
      { field: 'lapse_day', title: 'lapse day (median)', format(v, r) { return fmtDayCell(v, r.lapse_date); } },
      { field: 'p_recovered', title: 'P(holds again), of all runs', format: fmtShare },
      { field: 'recovered_of_lapsed', title: 'holds again, of the runs where it lapsed', format: fmtShare },
      { field: 'recovery_day', title: 'day it holds again (median)',
        format(v, r) { return fmtDayCell(v, r.recovery_date); } }]);
  }
  if (DET) {
    return chart('When the milestones are reached',
      'Each milestone\'s day in the one run, when it is reached within the horizon (the dot)' +
      (lapses ? '; the label says whether it lapses (ceases to hold) within the horizon, and the data give the ' +
        'day it lapses and whether it holds again' : '') + '. Options start when their preconditions are met.' +
      (drawn.length < rows.length ? ' Not drawn, not reached within the horizon: ' + rows.filter((r) => r.p50 === null).map((r) => r.what).join(', ') + '.' : ''),
      spec, drawn, cols, rows);
  }
  return chart('When the milestones are reached',
    'Each milestone\'s day, when it is reached within the horizon: the line spans the 10th to ' +
    'the 90th percentile, the dot is the median; the label is the probability that it is ' +
    'reached at all' + (lapses ? ' and, for a milestone that may lapse (cease to hold), the share ' +
    'of all runs in which it lapses within the horizon; the data give the day it lapses and how often ' +
    'it holds again, as a share of all runs and of the runs in which it lapsed' : '') + '. Options start when their preconditions are met.' +
    (drawn.length < rows.length ? ' Not drawn, never reached within the horizon: ' + rows.filter((r) => r.p50 === null).map((r) => r.what).join(', ') + '.' : ''), spec, drawn, cols, rows);
}

function criticalityChart() {
  const rows = [];
  options.forEach((o) => {
    Object.keys(o.criticality || {}).forEach((m) => {
      const c = num(o.criticality[m]);
      rows.push({ option: optionName(o), milestone: m, criticality: c, text: c === null ? '' : fmtRunShare(c) });
    });
  });
  if (!rows.some((r) => r.criticality > 0)) { /* a heat map of 0% would read as results */
    return el('figure', { class: 'chart-block' }, [el('h3', {}, ['The long pole: which milestone holds each option up']),
      el('p', { class: 'no-data' }, ['None: no option\'s start waits for a milestone in a run in which it starts.'])]);
  }
  const step = clamp((PAGE - 260) / Math.max(1, options.length), 90, 190);
  const spec = {
    width: { step }, height: { step: 26 },
    encoding: { x: { field: 'option', type: 'nominal', title: 'Option', sort: optionNames,
      axis: { labelAngle: 0, labelLimit: 0, labelExpr: 'daWrap(datum.label, ' + Math.floor(step / 7) + ')' } },
      y: { field: 'milestone', type: 'nominal', title: 'Milestone', sort: milestoneOrder } },
    layer: [
      { mark: 'rect', encoding: { color: { field: 'criticality', type: 'quantitative',
        title: 'Criticality', scale: { scheme: HEAT, domain: [0, 1] },
        legend: { labelExpr: 'daFormat(datum.value, "share")' } } } },
      { mark: { type: 'text', fontSize: 11 }, encoding: {
        text: { field: 'text', type: 'nominal' },
        color: { condition: { test: 'datum.criticality > 0.5', value: 'black' }, value: 'white' } } }
    ]
  };
  return chart('The long pole: which milestone holds each option up', DET
    ? 'Criticality: whether the milestone is on the chain that sets the option\'s start day in the one run ' +
      '(yes), or not (no); an option that does not start has none.'
    : 'Criticality: the share of the runs in which an option starts where the milestone is on ' +
    'the chain that sets its start day. 100% means it always binds.', spec, rows,
    [{ field: 'option', title: 'option' }, { field: 'milestone', title: 'milestone' },
      { field: 'criticality', title: DET ? 'on the chain' : 'criticality', format: fmtRunShare }]);
}

/* ---- the requirement ------------------------------------------------------------------- */

/* The engine's weekly requirement (requirement_series: the personnel required, p10, p50 and
 * p90 of the runs, at the days of series_days), or null in results saved before it. */
const requirementSeries = results.requirement_series && typeof results.requirement_series === 'object'
  ? results.requirement_series : null;
/* The doctrine the requirement follows (the scenario's security.requirement_note), or null. */
const requirementNote = typeof results.requirement_note === 'string' && results.requirement_note
  ? results.requirement_note : null;
const REQUIREMENT_COLOR = '#555';

/* The quantile 'key' of week 'k' of a requirement series 'q' ({p10, p50, p90}), or null. */
function requirementAt(q, key, k) {
  return q && Array.isArray(q[key]) ? num(q[key][k]) : null;
}

/* The index of the week that holds 'day': the last of the series' days at or before it;
 * -1 when there is none (no series, or a day before the first). */
function weekOf(day) {
  const days = results.series_days || (options[0] && options[0].series && options[0].series.day) || [];
  let k = -1;
  for (let i = 0; i < days.length && days[i] <= day; i++) k = i;
  return k;
}

/* The requirement by the rule of results saved before requirement_series, for each area
 * by its name: required per 1,000 x population at the scenario's central values, constant
 * and blind to risk. Only a fallback for such results. */
function oldRequirement() {
  const per1000 = central('security.required_per_1000');
  const requirement = {};
  areaIds.forEach((a) => {
    const pop = central('areas.' + a + '.population');
    if (per1000 !== null && pop !== null) requirement[areaNames[a]] = per1000 * pop / 1000;
  });
  return requirement;
}

/* Each weekly row of an area its requirement: the series' median in 'requirement' and its
 * 10th-90th percentile in 'req_p10' and 'req_p90', or the old rule's value (results without
 * the series). True where some row's percentiles differ (a band to draw). */
function addRequirement(rows) {
  let banded = false;
  const old = requirementSeries ? null : oldRequirement();
  rows.forEach((r) => {
    if (old) {
      r.requirement = old[r.area] === undefined ? null : old[r.area];
      r.req_p10 = r.req_p90 = null;
      return;
    }
    const q = (requirementSeries.areas || {})[r.areaId];
    r.requirement = requirementAt(q, 'p50', r.week);
    r.req_p10 = requirementAt(q, 'p10', r.week);
    r.req_p90 = requirementAt(q, 'p90', r.week);
    if (r.req_p10 !== null && r.req_p90 !== null && r.req_p90 > r.req_p10) banded = true;
  });
  return banded;
}

/* The caption's words on the requirement: the engine's series (its median, its band where
 * drawn) or the old rule; the doctrine it follows where the results give it. */
function requirementText(banded) {
  const text = requirementSeries && DET
    ? 'The grey dashed line is the requirement; it changes over time where milestones change the areas\' risk.'
    : requirementSeries
    ? 'The grey dashed line is the requirement (median of the runs)' +
      (banded ? ', the grey band its 10th to 90th percentile' : '') +
      '; it changes over time where milestones change the areas\' risk.'
    : 'The grey dashed line is the requirement at the scenario\'s central values (required per 1,000 ' +
      'people x population).';
  return text + (requirementNote ? ' The requirement: ' + requirementNote : '') + iocText();
}

/* " IOC counts an area as covered at 80% of its requirement (uniform(0.7, 0.9), drawn in each
 * run)." where the scenario's security.ioc_coverage is not the whole requirement (docs/model.md
 * 9.4): "IOC day (every area covered)" read as full cover otherwise. '' where it is 1, or the
 * results do not give it. */
function iocText() {
  const input = inputOf('security.ioc_coverage');
  if (!input || num(input.central) === null || (input.central === 1 && !input.uncertain)) return '';
  return ' IOC counts an area as covered at ' + fmtShare(input.central) + ' of its requirement' +
    (input.uncertain && input.distribution ? ' (' + input.distribution + ', drawn in each run)' : '') + '.';
}

function deployedChart() {
  const rows = seriesRows('deployed');
  const banded = addRequirement(rows);
  const format = areaInfo('deployed').format;
  const seen = overlayRows('deployed', 'option');
  const spec = smallMultiples('area', areaOrder, rows, (width, area) => ({
    width,
    height: 160,

    layer: fanLayers('option', 'Option', optionNames,
      dayX(width, shortDayTitle()), 'Personnel deployed', format).concat(requirementLayers(banded))
      .concat(seen.length ? overlayLayers('area', area, optionNames, 'Personnel deployed') : [])
  }), 260, 'independent');
  if (seen.length) spec.datasets = { observed: seen };
  let cols = seriesColumns(format);
  if (requirementSeries && DET) {
    cols.push({ field: 'requirement', title: 'requirement', format: fmtCount });
  } else if (requirementSeries) {
    cols = cols.concat([{ field: 'requirement', title: 'requirement (median)', format: fmtCount },
      { field: 'req_p10', title: 'requirement p10', format: fmtCount },
      { field: 'req_p90', title: 'requirement p90', format: fmtCount }]);
  } else {
    cols.push({ field: 'requirement', title: 'requirement (central values)', format: fmtCount });
  }
  return chart('Deployed strength, by area', DET
    ? 'Personnel deployed in each area, week by week, in the one run: a line for each option (its colour and ' +
      'dash in the legend); where lines coincide, the wider is beneath. ' + requirementText(banded) + overlayText(seen, 'option')
    : 'Personnel deployed in each area, week by week: for each option, the band spans the 10th ' +
    'to the 90th percentile of the runs and the line (its colour and dash in the legend) is ' +
    'the median; where medians coincide, the wider line is beneath. ' + requirementText(banded) +
    overlayText(seen, 'option'), spec, rows, cols);
}

/* The requirement of a panel's area, week by week: a grey dashed line (one value a week:
 * the options' rows repeat it), its 10th-90th percentile as a light grey band where
 * 'banded', and the name "requirement" at its left end. */
function requirementLayers(banded) {
  const x = { field: 'day', type: 'quantitative' };
  const y = { aggregate: 'max', field: 'requirement', type: 'quantitative' };
  const layers = [];
  if (banded) {
    layers.push({ mark: { type: 'area', color: '#888', opacity: 0.15 }, encoding: { x,
      y: { aggregate: 'min', field: 'req_p10', type: 'quantitative' },
      y2: { aggregate: 'max', field: 'req_p90' } } });
  }
  layers.push({ mark: { type: 'line', strokeDash: [4, 3], color: REQUIREMENT_COLOR, strokeWidth: 1.2 },
    encoding: { x, y } });
  layers.push({ transform: [{ filter: 'datum.week === 0' }],
    mark: { type: 'text', align: 'left', baseline: 'bottom', dx: 3, dy: -2, fontSize: 10, color: '#444' },
    encoding: { y, x: { value: 0 }, text: { value: 'requirement' } } });
  return layers;
}

/* ---- why an option falls short ---------------------------------------------------------- */

/* The reasons an option falls short of half its requirement on a day (docs/model.md,
 * section 9.6), in the order the engine tries them, each with a fixed colour. */
const REASONS = [
  { key: 'not_started', name: 'not started', color: '#8C8C8C' },
  { key: 'money', name: 'money: pay in arrears since the start', color: '#E69F00' },
  { key: 'pipeline', name: 'pipeline: enough on their way', color: '#56B4E9' },
  { key: 'supply', name: 'supply: never enough came, or their tours ended', color: '#D55E00' },
  { key: 'attrition', name: 'attrition: enough came, too many left', color: '#CC79A7' }
];
const HAS_HALF_COLOR = '#EEEEEE';

/* The check days within the horizon on which some option says why it falls short, each
 * with its label ("by day 90 (2024-06-26)"); a day past the horizon (null) is left out. */
function whyDays() {
  return cal.checkDays.filter((d) => !cal.beyond(d) && options.some((o) => whyOn(o, d) !== null)).map((d) => ({
    day: d,
    label: 'by ' + fmtDay(d)
  }));
}

/* Option 'o''s reasons on 'day' (the why_short object), or null where the results have none. */
function whyOn(o, day) {
  const w = o.why_short && o.why_short[String(day)];
  return w && typeof w === 'object' ? w : null;
}

/* The milestones that held an option back ('held_by': milestone id to share of the runs),
 * the largest first, in the milestones' order among equals; only those with a share. */
function heldList(held) {
  return Object.keys(held || {}).filter((m) => num(held[m]) > 0).sort((a, b) => held[b] - held[a] || milestoneOrder.indexOf(a) - milestoneOrder.indexOf(b)).map((m) => ({
    id: m,
    share: held[m]
  }));
}

/* "approval 46.7%, partners_commit 45.3%" for the milestones of 'held', or '-'. */
function heldText(held) {
  const list = heldList(held);
  return list.length ? list.map((h) => (DET ? h.id : h.id + ' ' + fmtShare(h.share))).join(', ') : '-';
}

/* The share of the runs in which option 'o' has half its requirement by 'day': the results'
 * p_deployed_by, else what the reasons leave. */
function hasHalf(o, day, w) {
  const p = halfBy(o, day);
  return p !== null ? p : num(w.short) === null ? null : 1 - w.short;
}

/* The rows of the why chart: a segment per option, day and reason, from 'lo' to 'hi' (the
 * reasons stacked in their order), and the table's: a row per option and day. */
function whyRows() {
  const bars = [];
  const table = [];
  whyDays().forEach((d) => {
    options.forEach((o) => {
      const w = whyOn(o, d.day);
      if (!w) return;
      const row = { option: optionName(o), day: d.day, when: d.label, short: num(w.short),
        has: hasHalf(o, d.day, w), held: heldText(w.held_by) };
      let lo = 0;
      REASONS.forEach((r, k) => {
        const share = num(w[r.key]) || 0;
        row[r.key] = num(w[r.key]);
        bars.push({ option: row.option, day: d.day, when: d.label, reason: r.name, rank: k, share,
          lo, hi: lo + share, short: row.short, shareText: fmtShare(share), shortText: fmtShare(row.short),
          hasText: fmtRunShare(row.has), held: row.held,
          aria: row.option + ', ' + d.label + ': short of half, ' + r.name + (DET ? '' : ', in ' + fmtShare(share) + ' of the runs'),
          restAria: row.option + ', ' + d.label + ': has half the requirement' + (DET ? '' : ' in ' + fmtShare(row.has) + ' of the runs') });
        lo += share;
      });
      table.push(row);
    });
  });
  return { bars, table };
}

/* A panel of stacked bars for one option: a bar per check day ('day', labelled "by day 90"
 * and, with a start date, "(2024-06-26)" below), from 'lo' to 'hi' of each row, in 'colour' (a
 * fill scale); 'tooltip' its fields, 'aria' the words a screen reader says; behind them,
 * unless 'rest' is null, a pale bar from the total (field 'rest.total' of the rows that pass
 * the filter 'rest.first', one a bar) to 100%, 'restTip' its tooltip, 'restAria' its words. */
function stackedPanel(width, colour, tooltip, rest, restTip, xTitle) {
  const label = '"by day " + daFormat(datum.value, "day")';
  const y = { field: 'day', type: 'ordinal', title: null, sort: 'ascending',
    axis: { labelExpr: cal.start ? '[' + label + ', "(" + daDate(datum.value) + ")"]' : label } };
  const x = { field: 'lo', type: 'quantitative', title: xTitle, scale: { domain: [0, 1], nice: false },
    axis: Object.assign(axisOf('share'), { tickCount: Math.max(2, Math.floor(width / 60)) }) };
  const layers = [{ mark: { type: 'bar', stroke: '#fff', strokeWidth: 0.5 },
    encoding: { y, x, x2: { field: 'hi' }, fill: colour, tooltip, description: { field: 'aria' } } }];
  if (rest) {
    layers.unshift({ transform: [{ filter: rest.first }],
      mark: { type: 'bar', color: HAS_HALF_COLOR },
      encoding: { y, x: { field: rest.total, type: 'quantitative' }, x2: { datum: 1 }, tooltip: restTip,
        description: { field: 'restAria' } } });
  }
  return { width, height: { step: cal.start ? 30 : 24 }, layer: layers };
}

/* Small multiples' legend (symbols sized for lines) with the small squares of bars. */
function squareLegend(spec) {
  spec.config = { legend: Object.assign({}, spec.config.legend, { symbolSize: 150, symbolStrokeWidth: 0 }) };
}

function whyShortChart() {
  if (!options.some((o) => o.why_short)) return null; /* results saved before it */
  const data = whyRows();
  const colour = { field: 'reason', type: 'nominal', title: 'Why short of half',
    scale: { domain: REASONS.map((r) => r.name), range: REASONS.map((r) => r.color) },
    legend: { orient: 'bottom', direction: 'vertical', symbolType: 'square' } };
  const tooltip = [{ field: 'option', title: 'option' }, { field: 'when', title: 'day' },
    { field: 'reason', title: 'reason' }].concat(DET ? [] : [{ field: 'shareText', title: 'share of the runs' },
    { field: 'shortText', title: 'short of half, all reasons' }]).concat([{ field: 'held', title: 'held back by (not started)' }]);
  const restTip = [{ field: 'option', title: 'option' }, { field: 'when', title: 'day' },
    { field: 'hasText', title: 'has half the requirement' }];
  const spec = smallMultiples('option', optionNames, data.bars, (width) => stackedPanel(width, colour, tooltip, { first: 'datum.rank === 0', total: 'short' }, restTip,
    DET ? 'Short of half (a full bar) or not' : 'Share of the runs'), 240, 'shared');
  squareLegend(spec);
  const cols = [{ field: 'option', title: 'option' },
    { field: 'day', title: 'day', format(v) { return fmtDay(v); } },
    { field: 'short', title: 'short of half', format: fmtRunShare }]
    .concat(REASONS.map((r) => ({
    field: r.key,
    title: r.name,
    format: fmtRunShare
  })))
    .concat([{ field: 'has', title: 'has half', format: fmtRunShare },
      { field: 'held', title: 'not started: held back by' }]);
  return chart('Why each option falls short of half the requirement', DET
    ? 'On each check day, whether an option has less than half the personnel it requires in the one run, in ' +
      'all areas together (a full bar, coloured by the first reason that applies), or half or more (a pale bar): ' +
      'not started (the option had not started), money (pay was in arrears), pipeline (enough people were on ' +
      'their way), supply (never enough people came, or contingents went home at their tours\' end), ' +
      'attrition (enough came, too many left). The data and the tooltips name the milestone that held back ' +
      'an option that had not started.'
    : 'On each check day, the share of the runs in which an option has less than half the personnel ' +
    'it requires, in all areas together, split by the first reason that applies: not started (the ' +
    'option had not started), money (pay was in arrears), pipeline (enough people were on their way), ' +
    'supply (never enough people came, or contingents went home at their tours\' end), attrition (enough ' +
    'came, too many left). The bar\'s coloured length is the share short of half; the pale rest, to 100%, ' +
    'the share that has half. The data ' +
    'and the tooltips name the milestones that held back an option that had not started.',
    spec, data.bars, cols, data.table);
}

/* The rows of the held-back chart: a segment per option, check day and milestone that held
 * the option back, stacked in the milestones' order, from 'lo' to 'hi'. */
function heldRows() {
  const rows = [];
  whyDays().forEach((d) => {
    options.forEach((o) => {
      const w = whyOn(o, d.day);
      if (!w) return;
      let lo = 0;
      const held = heldList(w.held_by).sort((a, b) => milestoneOrder.indexOf(a.id) - milestoneOrder.indexOf(b.id));
      held.forEach((h) => {
        rows.push({ option: optionName(o), day: d.day, when: d.label, milestone: h.id, share: h.share,
          lo, hi: lo + h.share, shareText: fmtShare(h.share), notStarted: num(w.not_started),
          notStartedText: fmtShare(num(w.not_started)),
          aria: optionName(o) + ', ' + d.label + ': not started, held back by ' + h.id +
            (DET ? '' : ', in ' + fmtShare(h.share) + ' of the runs') });
        lo += h.share;
      });
    });
  });
  return rows;
}

function heldBackChart() {
  const rows = heldRows();
  if (!rows.length) return null; /* no option waits on a milestone on a check day, or older results */
  const present = milestoneOrder.filter((m) => rows.some((r) => r.milestone === m));
  /* A milestone the results do not list (none should be) after those they do. */
  rows.forEach((r) => { if (present.indexOf(r.milestone) < 0) present.push(r.milestone); });
  const colour = { field: 'milestone', type: 'nominal', title: 'Held back by',
    scale: present.length <= PALETTE.length ? { domain: present, range: PALETTE } : { domain: present, scheme: 'tableau20' },
    legend: { orient: 'bottom', direction: 'vertical', symbolType: 'square' } };
  const tooltip = [{ field: 'option', title: 'option' }, { field: 'when', title: 'day' },
    { field: 'milestone', title: 'held back by' }].concat(DET ? [] : [{ field: 'shareText', title: 'share of the runs' },
    { field: 'notStartedText', title: 'not started, all milestones' }]);
  const spec = smallMultiples('option', optionNames, rows, (width) => stackedPanel(width, colour, tooltip, null, null,
    DET ? 'Not started (a full bar)' : 'Share of the runs'), 240, 'shared');
  squareLegend(spec);
  return chart('Which milestone kept each option from starting',
    'The "not started" part of the chart above, by the milestone that held the option back on ' +
    'the check day: the first of its preconditions that did not hold, followed back through that ' +
    'milestone\'s own preconditions to one whose preconditions all held (not yet reached, never to be, ' +
    'or lapsed). ' + (DET ? 'A bar: the option had not started by that day in the one run.'
      : 'The bar\'s length is the share of the runs in which the option had not started.'),
    spec, rows, [{ field: 'option', title: 'option' },
      { field: 'day', title: 'day', format(v) { return fmtDay(v); } },
      { field: 'milestone', title: 'held back by' }].concat(DET ? [] : [{ field: 'share', title: 'share of the runs', format: fmtShare },
      { field: 'notStarted', title: 'not started, all milestones', format: fmtShare }]));
}

/* The days of the weeks that start a quarter (every 13th week), for a readable axis. */
function quarters(rows) {
  const seen = {};
  rows.forEach((r) => { if (r.day % 91 === 0) seen[r.day] = true; });
  return Object.keys(seen).map(Number).sort((a, b) => a - b);
}

/* The lowest and highest of 'field' in 'rows' (numbers only), or null. */
function extent(rows, field) {
  let lo = null;
  let hi = null;
  rows.forEach((r) => {
    const v = num(r[field]);
    if (v === null) return;
    if (lo === null || v < lo) lo = v;
    if (hi === null || v > hi) hi = v;
  });
  return lo === null ? null : [lo, hi];
}

/* Which quantile a heat map shows: the median, unless it is the same everywhere (in most
 * runs nothing is deployed, say), then the 90th percentile, which shows where the better
 * runs differ; and the range of what it shows. */
function heatQuantile(rows) {
  const med = extent(rows, 'p50');
  const high = extent(rows, 'p90');
  if (DET) return { field: 'p50', name: null, range: med || [0, 1], flat: med && med[1] > med[0] ? null : med };
  if (med && med[1] > med[0]) return { field: 'p50', name: 'median', range: med };
  if (high && high[1] > high[0]) return { field: 'p90', name: '90th percentile', range: high, flat: med };
  return { field: 'p50', name: 'median', range: med || [0, 1], flat: med };
}

function heatChart(name, title, what, legend) {
  const rows = seriesRows(name);
  const format = areaInfo(name).format;
  const q = heatQuantile(rows);
  const lo = q.range[0];
  const hi = q.range[1] > q.range[0] ? q.range[1] : q.range[0] + 1;
  const days = quarters(rows);
  const names = namesAxis(areaOrder, 200);
  const width = clamp(PAGE - names.width - 70, 240, 700);
  const spec = {
    facet: { row: { field: 'option', type: 'nominal', title: null, sort: optionNames,
      header: { labelAngle: 0, labelAlign: 'left', labelAnchor: 'start', labelOrient: 'top',
        labelFontSize: 12, labelLimit: 0 } } },
    spec: {
      width, height: { step: Math.max(18, names.step) },
      mark: 'rect',
      encoding: {
        x: { field: 'day', type: 'ordinal', title: cal.start ? 'Week (the day and date it starts)' : 'Week (the day it starts)',
          axis: { values: days, labelAngle: 0, labelExpr: cal.start
            ? '[daFormat(datum.value, "day"), daDate(datum.value)]' : 'daFormat(datum.value, "day")' } },
        y: { field: 'area', type: 'nominal', title: null, sort: areaOrder, axis: names.axis },
        color: { field: q.field, type: 'quantitative', title: q.name ? legend + ' (' + q.name + ')' : legend,
          scale: { scheme: HEAT, domain: [lo, hi], clamp: true },
          /* Above the map, across: the map keeps the page's width. */
          legend: { labelExpr: labelOf(format), orient: 'top',
            direction: 'horizontal', gradientLength: 220, titleLimit: 0 } }
      }
    }
  };
  const caption = what + (q.name ? ', week by week: the ' + q.name + ' of the runs. ' : ', week by week, in the one run. ') +
    (q.flat && q.field === 'p90' ? 'The median is ' + F.value(q.flat[0], format) + ' in every area and ' +
      'week, so the map shows the 90th percentile: the value that one run in ten exceeds. ' : '') +
    (q.range[1] > q.range[0] ? 'The colours span the range of the values shown, ' + F.value(lo, format) +
      ' (darkest) to ' + F.value(q.range[1], format) + ' (brightest), not 0% to 100%: read the values ' +
      'off the legend or the data.' : 'Every area and week has the same value, ' + F.value(lo, format) + '.');
  return chart(title, caption, spec, rows, seriesColumns(format));
}

function linesChart(name, title, caption, yTitle) {
  const rows = seriesRows(name);
  const format = areaInfo(name).format;
  const seen = overlayRows(name, 'area');
  const spec = smallMultiples('option', optionNames, rows, (width, option) => ({
    width,
    height: 180,

    layer: fanLayers('area', 'Area', areaOrder, dayX(width, shortDayTitle()), yTitle, format)
      .concat(seen.length ? overlayLayers('option', option, areaOrder, yTitle) : [])
  }), 240, 'shared');
  if (seen.length) spec.datasets = { observed: seen };
  return chart(title, caption + overlayText(seen, 'area'), spec, rows, seriesColumns(format));
}

/* Who paid ('cost_by_donor', each donor by its name) or what for ('cost_by_purpose'). */
function moneyChart(key, title, caption, what) {
  const rows = [];
  options.forEach((o) => {
    Object.keys(o[key] || {}).forEach((k) => {
      const q = o[key][k];
      rows.push({ option: optionName(o), who: key === 'cost_by_donor' ? donorName(k) : k,
        mean: num(q.mean), p10: num(q.p10), p50: num(q.p50), p90: num(q.p90) });
    });
  });
  const whoNames = namesAxis(rows.map((r) => r.who), clamp(PAGE * 0.28, 110, 260));
  const width = clamp(PAGE - whoNames.width - 80, 260, 560);
  const spec = {
    height: { step: 14 }, width,
    encoding: { y: { field: 'who', type: 'nominal', title: what, axis: whoNames.axis },
      yOffset: { field: 'option', type: 'nominal', sort: optionNames } },
    layer: [
      { mark: { type: 'bar', opacity: 0.85 }, encoding: {
        x: { field: 'mean', type: 'quantitative', title: DET ? 'US dollars' : 'US dollars (mean; line: 10th-90th percentile)',
          axis: Object.assign(axisOf('money'), { tickCount: Math.floor(width / 70) }) },
        color: Object.assign(optionColor(), { legend: { orient: 'bottom', direction: 'vertical' } }) } },
      { mark: { type: 'rule', color: '#000' }, encoding: {
        x: { field: 'p10', type: 'quantitative' }, x2: { field: 'p90' } } }
    ]
  };
  /* A deterministic run's mean is its one value, and the bars add up to its cost. */
  if (DET) {
    return chart(title, caption, spec, rows, [{ field: 'option', title: 'option' },
      { field: 'who', title: what }, { field: 'mean', title: 'value', format: fmtUsd }]);
  }
  return chart(title, caption + meansText(key), spec, rows, [{ field: 'option', title: 'option' },
    { field: 'who', title: what }, { field: 'mean', title: 'mean', format: fmtUsd }]
    .concat(quantileColumns('money')));
}

/* Why the money's bars are means where every other chart draws medians, for the caption of
 * the chart of 'key' (cost_by_donor, cost_by_purpose): the means of the parts add up to the
 * mean total cost, which the caption gives where they do; medians need not (Gaza's donors other
 * than the UN's pay nothing in the median run, though they pay in some). The header said every
 * number was a median, and a planner who added up the bars read them as medians. */
function meansText(key) {
  const totals = options.map((o) => {
    const parts = Object.keys(o[key] || {}).map((k) => num(o[key][k].mean));
    const mean = num((metric(o, 'cost_total_usd') || {}).mean);
    const sum = parts.reduce((t, x) => (t === null || x === null ? null : t + x), 0);
    return sum !== null && mean !== null && parts.length && Math.abs(sum - mean) <= 1e-6 * Math.max(1, Math.abs(mean))
      ? optionName(o) + ' ' + fmtUsd(mean) : null;
  });
  return ' The bars are means, not medians' + (totals.every((t) => t !== null) && totals.length
    ? ': each option\'s add up to its mean total cost (' + totals.join(', ') + '), where medians need not.'
    : '.') + ' The data give the median too.';
}

/* The headline metrics, as the registry lists them (or, in results saved without it, as the
 * first option's keys). */
function metricList() {
  if (metricsRegistry) return metricsRegistry.list;
  return Object.keys((options[0] || {}).metrics || {}).map(metricInfo);
}

/* One small chart per metric, one above the other, each with its own scale and its axis in
 * the metric's format; 'rows' carry the metric's id in 'id'; layers(axis, xTitle, metric)
 * gives a chart's layers. */
function perMetric(rows, layers, xTitle, step, labelsWidth) {
  const width = clamp(PAGE - labelsWidth - 60, 240, 420);
  return { vconcat: metricList().filter((m) => rows.some((r) => r.id === m.id)).map((m, k, all) => ({
    title: { text: m.label, anchor: 'start', fontSize: 12, fontWeight: 'normal' },
    transform: [{ filter: { field: 'id', equal: m.id } }],
    width,
    height: { step },
    layer: layers(metricAxis(rows, m, width), k === all.length - 1 ? xTitle : null, m)
  })) };
}

/* The axis of metric 'm' in its format. Where all its values are written alike ($0 and
 * $0.0001), one tick at that value rather than a row of identical labels. */
function metricAxis(rows, m, width) {
  const axis = Object.assign(axisOf(m.format), { tickCount: Math.max(2, Math.floor(width / 80)) });
  const values = [];
  rows.forEach((r) => {
    if (r.id === m.id) {
      ['p10', 'p50', 'p90', 'requirement'].forEach((f) => { if (num(r[f]) !== null) values.push(r[f]); });
    }
  });
  const written = values.map((v) => F.value(v, m.format));
  if (values.length && written.every((w) => w === written[0])) axis.values = [values[0]];
  return axis;
}

/* "Deployed, day 365 and ... : beyond the horizon" for the metrics of 'rows' that have no
 * value because their day is past it, or ''. */
function beyondNote(rows) {
  const seen = [];
  rows.forEach((r) => { if (r.beyond && seen.indexOf(r.metric) < 0) seen.push(r.metric); });
  return seen.length ? ' Not drawn, as their day is ' + F.BEYOND + ', which ends on ' + fmtDay(cal.lastDay) +
    ': ' + seen.join('; ') + '.' : '';
}

/* The rows of the options' metrics, or of the pairs' differences: one per metric and
 * option (pair), the values null where the results have none. */
function metricRows(list, valuesOf, label) {
  const rows = [];
  metricList().forEach((m) => {
    list.forEach((item) => {
      const all = valuesOf(item);
      if (!(m.id in all)) return; /* not in these results at all */
      const q = all[m.id] || {}; /* null: no value (a day past the horizon) */
      const row = { id: m.id, metric: m.label, format: m.format, who: label(item),
        p10: num(q.p10), p50: num(q.p50), p90: num(q.p90), date: q.date || null };
      row.beyond = row.p50 === null && metricBeyond(m.id);
      /* The runs it rests on; none where no run has it (null), as the terminal says "0 of". */
      row.n = q.mc_error ? num(q.mc_error.n) : all[m.id] === null && !row.beyond ? 0 : null;
      rows.push(row);
    });
  });
  return rows;
}

/* Where some of 'rows' rest on fewer runs than the run has (a start day is of the runs that
 * start; a paired difference, of the runs in which both options have the metric): the column
 * of each row's runs and a sentence for the caption, so that a median of 4 runs does not read
 * like one of 2,000. Else no column and ''. */
function runsCounted(rows) {
  const all = num(results.replications);
  if (all === null || !rows.some((r) => r.n !== null && r.n < all)) return { columns: [], note: '' };
  /* One run (deterministic or -n 1) has a metric or not: no "part of the 1 runs". */
  if (DET || all === 1) {
    return { columns: DET ? [] : [{ field: 'n', title: 'runs counted', format: fmtCount }],
      note: ' Some metrics have no value in the one run (a start day, where the option does not start): ' +
        (DET ? 'the table gives "-" for them.' : 'the table\'s "runs counted" gives 0 for them.') };
  }
  return { columns: [{ field: 'n', title: 'runs counted', format: fmtCount }],
    note: ' Some metrics are of part of the ' + fmtCount(all) + ' runs only (a start day, of the runs ' +
      'that start): the table\'s "runs counted" says how many.' };
}

/* The day on which metric 'id' counts the personnel deployed in all areas (deployed_day365:
 * 365; deployed_end: the last day), or null for any other metric (and for one a year after
 * each run's own start, a day that differs from run to run). */
function deployedDay(id) {
  if (id === 'deployed_end') return cal.lastDay;
  return /^deployed_day[0-9]+$/.test(id) ? F.metricDay(id) : null;
}

/* The requirement in all areas (requirement_series.total's median) in the week of the day
 * that metric 'id' counts the personnel deployed on, or null: another metric, a day past
 * the horizon, results without the series. */
function totalRequirement(id) {
  const day = deployedDay(id);
  if (!requirementSeries || day === null || cal.beyond(day)) return null;
  return requirementAt(requirementSeries.total, 'p50', weekOf(day));
}

function optionsChart() {
  const rows = metricRows(options, (o) => o.metrics || {}, optionName);
  rows.forEach((r) => {
    r.option = r.who;
    r.requirement = totalRequirement(r.id);
  });
  const required = rows.some((r) => r.requirement !== null);
  const drawn = rows.filter((r) => r.p50 !== null);
  const names = namesAxis(optionNames, clamp(PAGE * 0.3, 120, 320));
  const spec = perMetric(drawn, (axis, xTitle, m) => {
    const y = { field: 'who', type: 'nominal', title: null, sort: optionNames, axis: names.axis };
    const req = { aggregate: 'max', field: 'requirement', type: 'quantitative' };
    const layers = [
      { mark: { type: 'rule', strokeWidth: 2 }, encoding: { x: { field: 'p10', type: 'quantitative', title: xTitle, axis },
        x2: { field: 'p90' }, y, color: optionColor() } },
      { mark: { type: 'point', filled: true, size: 50 }, encoding: {
        x: { field: 'p50', type: 'quantitative' }, y, color: optionColor() } }
    ];
    /* The requirement, in the panels of the personnel deployed on a day. */
    if (totalRequirement(m.id) === null) return layers;
    return layers.concat([
      { mark: { type: 'rule', strokeDash: [4, 3], color: REQUIREMENT_COLOR, strokeWidth: 1.2 }, encoding: { x: req } },
      { mark: { type: 'text', align: 'right', baseline: 'bottom', dx: -2, dy: -1, fontSize: 10, color: '#444' },
        encoding: { x: req, y: { value: 0 }, text: { value: 'requirement' } } }]);
  }, DET ? 'Value' : 'Value (10th-90th percentile, dot: median)', Math.max(16, names.step), names.width);
  spec.config = { legend: { orient: 'top', direction: 'vertical' } };
  const runs = runsCounted(rows);
  const cols = [{ field: 'metric', title: 'metric' }, { field: 'who', title: 'option' }].concat(quantileColumns(),
    runs.columns);
  if (required) cols.push({ field: 'requirement', title: DET ? 'requirement, all areas' : 'requirement, all areas (median)', format: fmtCount });
  return chart('The options side by side',
    (DET ? 'The metrics of each option in the one run (the dot). '
      : 'The metrics of each option: 10th to 90th percentile of the runs, and the median. ') +
    'Each metric has its own scale.' + (required ? ' For the personnel deployed on a day, the grey dashed ' +
    'line is the requirement in all areas, in that day\'s week' + (DET ? '.' : ' (median of the runs).') : '') + beyondNote(rows) +
    runs.note, spec, drawn, cols, rows);
}

function differencesChart() {
  const pairName = (d) => optionName(optionById[d.b] || { id: d.b }) + ' minus ' + optionName(optionById[d.a] || { id: d.a });
  const pairs = (results.differences || []);
  const rows = metricRows(pairs, (d) => d.metrics || {}, pairName);
  /* A difference of two days is a number of days, never a day with a date: emptying the row's
   * dates was not enough, since fmtDay() works a date out of any day without one, and the
   * table read "-459 (2022-12-25)" for the multinational force starting 459 days before the
   * hybrid. */
  rows.forEach((r) => { r.date = null; r.span = true; });
  const drawn = rows.filter((r) => r.p50 !== null);
  const runs = runsCounted(rows);
  const names = namesAxis(pairs.map(pairName), clamp(PAGE * 0.34, 140, 360));
  const spec = perMetric(drawn, (axis, xTitle) => {
    const y = { field: 'who', type: 'nominal', title: null, sort: pairs.map(pairName), axis: names.axis };
    return [
      { mark: { type: 'rule', color: '#999', strokeDash: [2, 2] }, encoding: { x: { datum: 0 } } },
      { mark: 'rule', encoding: { x: { field: 'p10', type: 'quantitative', title: xTitle, axis },
        x2: { field: 'p90' }, y } },
      { mark: { type: 'point', filled: true, size: 50, color: '#000' }, encoding: {
        x: { field: 'p50', type: 'quantitative' }, y } }
    ];
  }, DET ? 'Difference in the one run' : 'Paired difference, same runs (10th-90th percentile, dot: median)', Math.max(16, names.step), names.width);
  return chart('Paired differences between the options', (DET
    ? 'Each pair of options compared in the one run, at the scenario\'s central values: the difference of a ' +
      'metric between them.'
    : 'Each pair of options compared run by run under the same random draws (common random ' +
    'numbers): the difference of a metric between them, 10th to 90th percentile and median. ' +
    'An interval that excludes 0 is a difference the uncertainty does not erase.') + beyondNote(rows) +
    runs.note, spec, drawn,
    [{ field: 'metric', title: 'metric' }, { field: 'who', title: 'pair' }].concat(quantileColumns(), runs.columns),
    rows);
}

/* ---- against the record ---------------------------------------------------------------- */

/* The run against what was observed (the JSON's "observed", docs/model.md section "Against
 * the record"): each observation with the runs' quantiles on its day and its score, and the
 * summaries in and out of sample. Null for results without observations, or saved before
 * dayafter scored them: those have no such section. */
const observed = results.observed && Array.isArray(results.observed.observations) &&
  results.observed.observations.length ? results.observed : null;
const observations = observed ? observed.observations : [];

/* Where an observed value falls among the runs, each with its colour (Okabe and Ito's
 * bluish green, blue and vermillion): inside the 25th-75th range, inside the 10th-90th only,
 * outside it. */
const FALLS = [
  { name: 'inside the 25th-75th', short: '25th-75th', color: '#009E73' },
  { name: 'inside the 10th-90th only', short: '10th-90th only', color: '#0072B2' },
  { name: 'outside the 10th-90th', short: 'neither', color: '#D55E00' }
];
/* A deterministic run's one value has no range for an observed value to fall in. */
const OBSERVED_ONLY = { name: 'observed', short: '-', color: '#333' };
function fallsOf(o) { return DET ? OBSERVED_ONLY : o.inside_50 ? FALLS[0] : o.inside_80 ? FALLS[1] : FALLS[2]; }
const fallsScale = { domain: (DET ? [OBSERVED_ONLY] : FALLS).map((f) => f.name),
  range: (DET ? [OBSERVED_ONLY] : FALLS).map((f) => f.color) };

/* The two kinds of observation, scored apart: those the inputs could have been fitted to,
 * and those that happened after the inputs were set; each drawn with a shape of its own,
 * the second hollow. */
const SAMPLES = [
  { key: 'in_sample', name: 'in sample', shape: 'circle', color: PALETTE[0] },
  { key: 'out_of_sample', name: 'out of sample', shape: 'diamond', color: PALETTE[1] }
];
function sampleOf(o) { return o.out_of_sample ? SAMPLES[1] : SAMPLES[0]; }
/* Its legend draws the out-of-sample symbol hollow, as the points are. */
const sampleShape = { field: 'sample', type: 'nominal', title: 'Observation',
  scale: { domain: SAMPLES.map((s) => s.name), range: SAMPLES.map((s) => s.shape) },
  legend: { symbolStrokeWidth: 1.5, encoding: { symbols: { stroke: { value: '#333' },
    fill: { condition: { test: 'datum.value === "' + SAMPLES[1].name + '"', value: '#fff' }, value: '#333' } } } } };
/* The colour of where a value falls: the points' outline, and their fill (a field and scale
 * of its own, without a legend: on the outline's field, its legend: null would remove both). */
const fallsStroke = { field: 'falls', type: 'nominal', title: 'The observed value', scale: fallsScale,
  legend: { symbolType: 'circle', symbolStrokeWidth: 0, encoding: { symbols: {
    fill: { value: { signal: 'scale("stroke", datum.value)' } } } } } };
const fallsFill = { condition: { test: 'datum.out_of_sample', value: '#fff' }, field: 'fallsFill', type: 'nominal',
  scale: fallsScale, legend: null };

/* The registry's entry of what observation 'o' measured: a weekly series' (area_metrics) or
 * a metric's; null for a milestone. */
function obsInfo(o) {
  if (o.kind === 'milestone') return null;
  return o.kind === 'series' ? areaInfo(o.quantity) : metricInfo(o.quantity);
}
/* The format of its values: a milestone's are days. */
function obsFormat(o) { const m = obsInfo(o); return m ? m.format : 'day'; }
/* What it measured, in words: the registry's label, less the ", last day" of a metric read
 * on the observation's own day; "Milestone reached" for a milestone. */
function obsQuantity(o) {
  const m = obsInfo(o);
  return m ? m.label.replace(/, last day$/, '') : 'Milestone reached';
}
/* "Force raised locally, Northern district, from partner_a": the option, the area ("all
 * areas") and the sources counted, for a series or a metric; the milestone's id for one. */
function obsWhere(o) {
  if (o.kind === 'milestone') return o.quantity;
  const parts = [optionName(optionById[o.option] || { id: o.option || '-' })];
  if (o.kind === 'series') parts.push(o.area ? areaNames[o.area] || o.area : 'all areas');
  if (o.from && o.from.length) parts.push('from ' + o.from.join(', '));
  return parts.join(', ');
}
/* The observation's day with its date (the results' own), or '-' for a milestone. */
function obsDay(o) { return num(o.day) === null ? '-' : fmtDay(o.day, o.date); }

/* A value 'x' of observation 'o' in its format; a milestone's day at or past the horizon
 * (a run that does not reach it counts the horizon) is "beyond the horizon". */
function obsValue(o, x) {
  if (num(x) === null) return '-';
  if (o.kind !== 'milestone') return F.value(x, obsFormat(o));
  return cal.beyond(x) ? F.BEYOND : fmtDay(x);
}
/* What was observed: the value, or the range "40% to 60%". */
function observedText(o) {
  /* as written, with the part below 1 that a format would round away (F.observed) */
  const text = (x) => (num(x) === null || o.kind === 'milestone' ? obsValue(o, x) : F.observed(x, obsFormat(o)));
  return num(o.min) !== null && num(o.max) !== null && o.min < o.max
    ? text(o.min) + ' to ' + text(o.max) : text(o.value);
}
/* The runs' 10th to 90th percentile: "0 to 5,678". */
function simulatedRange(o) { return obsValue(o, o.p10) + ' to ' + obsValue(o, o.p90); }
/* The CRPS in the quantity's unit; a milestone's in days, with their decimals. */
function crpsText(o) {
  if (num(o.crps) === null) return '-';
  return o.kind === 'milestone' ? fmtNumber(o.crps) + (fmtNumber(o.crps) === '1' ? ' day' : ' days') : F.value(o.crps, obsFormat(o));
}

/* What observation 'o' is, for a table: the quantity, and the sources counted or the
 * milestone's id ("Deployed, from partner_a", "Milestone reached: ceasefire"). */
function obsWhat(o) {
  if (o.kind === 'milestone') return obsQuantity(o) + ': ' + o.quantity;
  return obsQuantity(o) + (o.from && o.from.length ? ', from ' + o.from.join(', ') : '');
}

/* A row for each observation, numbered from 1 as the chart's rows are, with its words. A
 * milestone's days are drawn at most at the horizon's end (a run that does not reach it
 * counts the horizon). */
function observationRows() {
  return observations.map((o, k) => {
    const falls = fallsOf(o);
    const sample = sampleOf(o);
    const milestone = o.kind === 'milestone';
    const row = { k: k + 1, quantity: obsQuantity(o), format: obsFormat(o), what: obsWhat(o),
      option: milestone ? '-' : optionName(optionById[o.option] || { id: o.option || '-' }),
      area: o.kind !== 'series' ? '-' : o.area ? areaNames[o.area] || o.area : 'all areas',
      day: num(o.day) === null ? '-' : fmtDayCell(o.day, o.date),
      observed: observedText(o), median: obsValue(o, o.p50), range: simulatedRange(o),
      percentile: num(o.percentile), falls: falls.name, fallsFill: falls.name, inside: falls.short,
      crps: crpsText(o), source: o.source || '-', sample: sample.name, out_of_sample: !!o.out_of_sample,
      ranged: num(o.min) !== null && num(o.max) !== null && o.min < o.max };
    /* A panel for each quantity by its label and format (a series in one area and the metric
     * of the same name over all areas share one), and one for the milestones' days. */
    row.group = milestone ? 'milestone' : row.quantity + '|' + row.format;
    ['value', 'min', 'max', 'p10', 'p25', 'p50', 'p75', 'p90'].forEach((key) => {
      const x = num(o[key]);
      row[key] = x !== null && milestone && cal.horizon !== null ? Math.min(x, cal.horizon) : x;
    });
    /* The chart's row label: its number, where, and (a series or a metric) when. */
    row.label = row.k + '. ' + obsWhere(o) + (milestone ? '' : ', ' + obsDay(o));
    row.tip = (DET ? [row.label, 'observed ' + row.observed, 'simulated ' + row.median, sample.name]
      : [row.label, 'observed ' + row.observed, 'runs: median ' + row.median + ', 10th to 90th ' + row.range,
        'percentile ' + fmtShare(row.percentile) + ', ' + falls.name, sample.name]).join('; ');
    row.aria = 'Observed: ' + row.tip;
    return row;
  });
}

/* An axis title from a registry unit: "persons" -> "Persons", "USD" -> "US dollars". */
function unitTitle(unit) {
  if (unit === 'USD') return 'US dollars';
  return unit ? unit.charAt(0).toUpperCase() + unit.slice(1) : 'Value';
}

/* The layers of a panel of the record chart: the runs' 10th-90th percentile (thin grey
 * line), 25th-75th (thick grey bar) and median (black tick), and the observed value (a
 * point, its colour where it falls, hollow out of sample; a range, a line through it). */
function recordLayers(y, x) {
  const at = (field) => ({
    field,
    type: 'quantitative'
  });
  const tooltip = [{ field: 'tip', title: 'observation' }];
  return [
    { mark: { type: 'rule', color: '#999', strokeWidth: 2 }, encoding: { y, x, x2: { field: 'p90' } } },
    { mark: { type: 'bar', color: '#bbb', height: 9 }, encoding: { y, x: at('p25'), x2: { field: 'p75' } } },
    { mark: { type: 'tick', color: '#222', thickness: 2, size: 16 }, encoding: { y, x: at('p50') } },
    { transform: [{ filter: 'datum.ranged' }], mark: { type: 'rule', strokeWidth: 3, aria: false },
      encoding: { y, x: at('min'), x2: { field: 'max' }, stroke: fallsStroke } },
    { mark: { type: 'point', size: 110, strokeWidth: 2, opacity: 1 }, encoding: { y, x: at('value'),
      stroke: fallsStroke, fill: fallsFill, shape: sampleShape, tooltip, description: { field: 'aria' } } }
  ];
}

/* The observations against the runs: a panel for each quantity (its own scale and unit), a
 * row in it for each observation of that quantity; the milestones' days in one panel. */
function recordChart(rows) {
  const names = namesAxis(rows.map((r) => r.label), clamp(PAGE * 0.36, 140, 360));
  const width = clamp(PAGE - names.width - 80, 240, 560);
  const groups = [];
  rows.forEach((r) => { if (groups.indexOf(r.group) < 0) groups.push(r.group); });
  const spec = {
    vconcat: groups.map((g) => {
      const first = rows.filter((r) => r.group === g)[0];
      const milestone = g === 'milestone';
      const info = milestone ? null : obsInfo(observations[first.k - 1]);
      const x = { field: 'p10', type: 'quantitative', title: milestone ? dayTitle() : unitTitle(info && info.unit),
        axis: milestone ? dayAxis(width) : Object.assign(axisOf(first.format), { tickCount: Math.max(2, Math.floor(width / 80)) }),
        scale: milestone && cal.horizon !== null ? { domain: [0, cal.horizon], nice: false } : {} };
      /* Every panel's labels as wide, so that the panels line up. */
      const y = { field: 'label', type: 'nominal', title: null,
        axis: Object.assign({ minExtent: names.width + 8, maxExtent: names.width + 8 }, names.axis),
        sort: rows.map((r) => r.label) };
      return { title: { text: first.quantity, anchor: 'start', fontSize: 12 },
        transform: [{ filter: { field: 'group', equal: g } }], width,
        height: { step: Math.max(24, names.step) }, layer: recordLayers(y, x) };
    }),
    resolve: { scale: { stroke: 'shared', fill: 'shared', color: 'shared', shape: 'shared' } },
    config: { legend: { orient: 'top', direction: 'horizontal', symbolStrokeWidth: 2 } }
  };
  if (DET) {
    return chart('The run against the record',
      'Each observation against the one run\'s value of the same quantity on its day (for a milestone, the ' +
      'day it is reached): the black tick. The point is the observed value (a line through it: an observed ' +
      'range); hollow diamonds are out of sample, observed after the scenario\'s inputs were set. Each ' +
      'quantity has its own scale; running totals count from day 0 to the observation\'s day, and a ' +
      'milestone not reached within the horizon is drawn at the horizon\'s end. The rows are numbered as in ' +
      'the table below.', spec, rows, [{ field: 'k', title: '#' }, { field: 'what', title: 'what' },
        { field: 'option', title: 'option' }, { field: 'area', title: 'area' }, { field: 'day', title: 'day' },
        { field: 'observed', title: 'observed' }, { field: 'median', title: 'simulated' }, { field: 'sample', title: 'sample' }]);
  }
  return chart('The runs against the record',
    'Each observation against the runs\' values of the same quantity on its day (for a milestone, ' +
    'the day it is reached): the thin grey line spans the 10th to the 90th percentile of the runs, the ' +
    'thick grey bar the 25th to the 75th, the black tick is the median. The point is the observed value ' +
    '(a coloured line through it: an observed range, whose middle stands for it), its colour where it ' +
    'falls; hollow diamonds are out of sample, observed after the scenario\'s inputs were set. Each ' +
    'quantity has its own scale; running totals count from day 0 to the observation\'s day' +
    ', and a run that does not reach a milestone within the horizon counts the horizon\'s end, where ' +
    'the milestone\'s line then stops. The rows are numbered as in the table below.',
    spec, rows, [{ field: 'k', title: '#' }, { field: 'what', title: 'what' }, { field: 'option', title: 'option' },
      { field: 'area', title: 'area' }, { field: 'day', title: 'day' }, { field: 'observed', title: 'observed' }]
      .concat(['p10', 'p25', 'p50', 'p75', 'p90'].map((key) => ({
    field: key,
    title: key === 'p50' ? 'median' : key,

    format(v, r) {
      return obsValue(observations[r.k - 1], observations[r.k - 1][key]);
    }
  }))).concat([{ field: 'falls', title: 'observed value' }, { field: 'sample', title: 'sample' }]));
}

/* The 10th and 90th percentiles of the share of 'n' observations inside a range that holds
 * each with probability 'p' (a calibrated model's): the binomial's, by its log-probabilities
 * (no underflow for large 'n'). */
function binomialBand(n, p) {
  if (!(n > 0) || !(p > 0 && p < 1)) return [null, null];
  const logRatio = Math.log(p / (1 - p));
  let logP = n * Math.log(1 - p);
  let cdf = 0;
  let lo = null;
  let hi = null;
  for (let k = 0; k <= n; k++) {
    cdf += Math.exp(logP);
    if (lo === null && cdf >= 0.1 - 1e-12) lo = k;
    if (hi === null && cdf >= 0.9 - 1e-12) { hi = k; break; }
    logP += Math.log((n - k) / (k + 1)) + logRatio;
  }
  return [lo / n, (hi === null ? n : hi) / n];
}

/* The rows of the calibration chart: for each kind of observation that has some, and each
 * range (10th-90th, 25th-75th), the share of the observed values inside it, its nominal and
 * the spread a calibrated model would show with that many. */
function calibrationRows() {
  const rows = [];
  SAMPLES.forEach((s) => {
    const sum = observed[s.key];
    if (!sum || !(sum.count > 0)) return;
    [['80', '10th-90th range'], ['50', '25th-75th range']].forEach((r) => {
      const nominal = num(sum['nominal_' + r[0]]);
      const share = num(sum['share_inside_' + r[0]]);
      const band = binomialBand(sum.count, nominal);
      const range = r[1] + ' (nominal ' + fmtShare(nominal) + ')';
      rows.push({ sample: s.name, sampleColour: s.name, range, nominal, share, inside: sum['inside_' + r[0]],
        count: sum.count, lo: band[0], hi: band[1], out_of_sample: s.key === 'out_of_sample',
        label: sum['inside_' + r[0]] + ' of ' + sum.count,
        aria: s.name + ', ' + r[1] + ': ' + fmtShare(share) + ' inside (' + sum['inside_' + r[0]] + ' of ' +
          sum.count + '), nominal ' + fmtShare(nominal) });
    });
  });
  return rows;
}

/* The calibration chart: a row for each range, a point for each kind of observation at the
 * share inside it, the nominal share marked across the row, and behind each point the spread
 * a calibrated model would show. */
function calibrationChart() {
  const rows = calibrationRows();
  const ranges = [];
  rows.forEach((r) => { if (ranges.indexOf(r.range) < 0) ranges.push(r.range); });
  const names = namesAxis(ranges, 220);
  const width = clamp(PAGE - names.width - 120, 240, 520);
  const y = { field: 'range', type: 'nominal', title: null, sort: ranges, axis: names.axis };
  const yOffset = { field: 'sample', type: 'nominal', sort: SAMPLES.map((s) => s.name),
    scale: { paddingOuter: 0.3 } };
  const x = { field: 'share', type: 'quantitative', title: 'Share of the observed values inside the range',
    scale: { domain: [0, 1], nice: false }, axis: Object.assign(axisOf('share'), { tickCount: 5 }) };
  /* The colour on a copy of the field, without a legend; the shape's legend draws the
   * symbols in their colours, the out-of-sample one hollow as its point is. */
  const colour = { field: 'sampleColour', type: 'nominal', legend: null,
    scale: { domain: SAMPLES.map((s) => s.name), range: SAMPLES.map((s) => s.color) } };
  const shape = Object.assign({}, sampleShape, { title: 'Observations', legend: { symbolStrokeWidth: 2, encoding: { symbols: {
    stroke: { value: { signal: 'scale("stroke", datum.value)' } },
    fill: { condition: { test: 'datum.value === "' + SAMPLES[1].name + '"', value: '#fff' },
      value: { signal: 'scale("stroke", datum.value)' } } } } } });
  const spec = {
    width, height: { step: 46 },
    layer: [
      /* What a calibrated model would show with this many observations. */
      { mark: { type: 'bar', color: '#ddd', height: 12 }, encoding: { y, yOffset,
        x: { field: 'lo', type: 'quantitative' }, x2: { field: 'hi' } } },
      /* The nominal share, across the range's row. */
      { mark: { type: 'tick', color: '#000', thickness: 2, size: 40 }, encoding: { y,
        x: { field: 'nominal', type: 'quantitative' } } },
      { mark: { type: 'point', size: 110, strokeWidth: 2, opacity: 1 }, encoding: { y, yOffset, x,
        stroke: colour, shape,
        fill: { condition: { test: 'datum.out_of_sample', value: '#fff' }, field: 'sampleColour', type: 'nominal',
          scale: colour.scale, legend: null },
        tooltip: [{ field: 'aria', title: 'share inside' }], description: { field: 'aria' } } },
      { mark: { type: 'text', align: 'left', dx: 10, fontSize: 11 }, encoding: { y, yOffset,
        x, text: { field: 'label' } } }
    ],
    config: { legend: { orient: 'top', direction: 'horizontal' } }
  };
  return chart('How often the runs\' ranges held what happened',
    'For the observations in sample and out of sample apart: the share whose observed value lies inside ' +
    'the runs\' 10th-90th and 25th-75th percentile ranges (a range observed counts by its middle), ' +
    'against the share a calibrated model holds there, 80% and 50% (the black mark). The grey bar ' +
    'is the spread of that share with so few observations: a calibrated model lands in it in 8 cases of ' +
    '10 (10th-90th percentile of the binomial). Left of it, the runs\' ranges are too narrow or off ' +
    'the mark; right of it, too wide.', spec, rows,
    [{ field: 'sample', title: 'observations' }, { field: 'range', title: 'range' },
      { field: 'inside', title: 'inside' }, { field: 'count', title: 'of' },
      { field: 'share', title: 'share inside', format: fmtShare }, { field: 'nominal', title: 'nominal', format: fmtShare },
      { field: 'lo', title: 'calibrated p10', format: fmtShare }, { field: 'hi', title: 'calibrated p90', format: fmtShare }]);
}

/* The observed values' percentiles among the runs, by tenths, in sample and out of sample
 * apart (a panel each): flat when the model is calibrated, as the dashed line at a tenth of
 * the count. */
function percentileChart() {
  const rows = [];
  SAMPLES.forEach((s) => {
    const sum = observed[s.key];
    if (!sum || !(sum.count > 0) || !Array.isArray(sum.percentile_histogram)) return;
    sum.percentile_histogram.forEach((c, k) => {
      rows.push({ sample: s.name, tenth: k, bin: (10 * k) + '-' + (10 * k + 10) + '%', lo: k / 10, hi: (k + 1) / 10,
        count: num(c), flat: sum.count / 10 });
    });
  });
  const tenths = [];
  for (let k = 0; k <= 10; k++) tenths.push(k / 10);
  const spec = smallMultiples('sample', SAMPLES.map((s) => s.name), rows, (width, name) => {
    const s = SAMPLES.filter((t) => t.name === name)[0];
    return { width, height: 150, layer: [
      { mark: { type: 'bar', color: s.color, opacity: 0.85, stroke: '#fff', strokeWidth: 1 }, encoding: {
        x: { field: 'lo', type: 'quantitative', title: 'Percentile of the observed value among the runs',
          scale: { domain: [0, 1], nice: false }, axis: Object.assign(axisOf('share'), { values: tenths }) },
        x2: { field: 'hi' },
        y: { field: 'count', type: 'quantitative', title: 'Observations', axis: { tickMinStep: 1, format: 'd' } },
        y2: { datum: 0 },
        tooltip: [{ field: 'bin', title: 'percentile' }, { field: 'count', title: 'observations' }] } },
      { mark: { type: 'rule', color: '#000', strokeDash: [4, 3], strokeWidth: 1.2 }, encoding: {
        y: { aggregate: 'max', field: 'flat', type: 'quantitative' } } },
      { transform: [{ filter: 'datum.tenth === 9' }], mark: { type: 'text', align: 'left', baseline: 'middle',
        dx: 4, fontSize: 10, color: '#444' }, encoding: { x: { value: width }, y: { field: 'flat', type: 'quantitative' },
        text: { value: 'flat' } } }
    ] };
  }, 240, 'independent');
  return chart('Where the observed values fall among the runs',
    'How many observed values fall in each tenth of the runs\' distribution on their day (the mid-rank ' +
    'percentile), in sample and out of sample. A calibrated model spreads them evenly, about a tenth of ' +
    'them in each bar (the dashed line); piled at the ends, the runs\' spread is too narrow or off the ' +
    'mark, piled in the middle, too wide.', spec, rows,
    [{ field: 'sample', title: 'observations' }, { field: 'bin', title: 'percentile' },
      { field: 'count', title: 'observations' }, { field: 'flat', title: 'flat (count / 10)', format: fmtNumber }]);
}

/* The table of the observations: each one's what, where and when, the observed and the
 * simulated values, the percentile, where it falls, its CRPS, its sample and its source. */
function observationTable(rows) {
  if (DET) {
    return el('div', { class: 'record-table' }, [el('h3', {}, ['Each observation']),
      el('p', {}, ['The simulated value is the one run\'s, at the scenario\'s central values.']),
      table(rows, [{ field: 'k', title: '#' }, { field: 'what', title: 'what' }, { field: 'option', title: 'option' },
        { field: 'area', title: 'area' }, { field: 'day', title: 'day' }, { field: 'observed', title: 'observed' },
        { field: 'median', title: 'simulated' }, { field: 'sample', title: 'sample' }, { field: 'source', title: 'source' }])]);
  }
  return el('div', { class: 'record-table' }, [el('h3', {}, ['Each observation']),
    el('p', {}, ['The percentile is where the observed value (a range\'s middle) falls among the runs\' ' +
      'values on its day; the CRPS (continuous ranked probability score) is in the quantity\'s unit, 0 for ' +
      'a perfect forecast, smaller the better.']),
    table(rows, [{ field: 'k', title: '#' }, { field: 'what', title: 'what' }, { field: 'option', title: 'option' },
      { field: 'area', title: 'area' }, { field: 'day', title: 'day' }, { field: 'observed', title: 'observed' },
      { field: 'median', title: 'runs: median' }, { field: 'range', title: 'runs: 10th to 90th' },
      { field: 'percentile', title: 'percentile', format: fmtShare }, { field: 'inside', title: 'inside the runs\' range' },
      { field: 'crps', title: 'CRPS' }, { field: 'sample', title: 'sample' }, { field: 'source', title: 'source' }])]);
}

/* "1 of 6 observed values in sample inside the 10th-90th range (nominal 80%) and 1 inside
 * the 25th-75th (50%); 2 of 2 out of sample, ..." */
function recordIntro() {
  /* Calibration is how often the runs' ranges held what happened: one run has no range. */
  if (DET) {
    return el('p', {}, [counted(observations.length, 'observation') + ' of what happened, each against the one ' +
      'run\'s value of the same quantity on the same day. A deterministic run is one run at the scenario\'s ' +
      'central values: it has no range to hold what happened, and so no calibration scores, which take the spread ' +
      'of many runs. Out of sample are those observed after the scenario\'s inputs were set.']);
  }
  const parts = SAMPLES.filter((s) => observed[s.key] && observed[s.key].count > 0).map((s) => {
    const sum = observed[s.key];
    return sum.inside_80 + ' of the ' + sum.count + ' ' + s.name + ' inside the runs\' 10th-90th range (' +
      fmtShare(sum.share_inside_80) + ', a calibrated model 80%) and ' + sum.inside_50 + ' inside the 25th-75th (' +
      fmtShare(sum.share_inside_50) + ', 50%)';
  });
  return el('p', {}, [counted(observations.length, 'observation') +
    ' of what happened, each against the runs\' values of the same quantity on the same day: ' +
    parts.join('; ') + '. Out of sample are those observed after the scenario\'s inputs were set: they test ' +
    'the scenario, where the others show how well it was fitted.']);
}

/* The section "Against the record", or null for results without observations. */
function recordSection() {
  if (!observed) return null;
  const rows = observationRows();
  return section('Against the record', [recordIntro(), recordChart(rows), DET ? null : calibrationChart(),
    DET ? null : percentileChart(), observationTable(rows)]);
}

/* The observations of weekly series 'name' in one area (a point can go on that area's fan;
 * one of all areas, or of some sources only, cannot), as rows of a fan chart's overlay:
 * 'option' and 'area' by name, 'band' the colour's member ('field': 'option' or 'area'). */
function overlayRows(name, field) {
  const rows = [];
  observations.forEach((o, k) => {
    if (o.kind !== 'series' || o.quantity !== name || !o.area || (o.from && o.from.length) ||
        !optionById[o.option] || num(o.day) === null) return;
    const row = { k: k + 1, option: optionName(optionById[o.option]), area: areaNames[o.area] || o.area, day: o.day,
      value: num(o.value), min: num(o.min), max: num(o.max), out_of_sample: !!o.out_of_sample,
      ranged: num(o.min) !== null && num(o.max) !== null && o.min < o.max };
    row.band = row[field];
    row.tip = row.k + '. ' + row.option + ', ' + row.area + ', ' + obsDay(o) + ': observed ' + observedText(o) +
      ' (' + sampleOf(o).name + ')';
    row.aria = 'Observed: ' + row.tip;
    rows.push(row);
  });
  return rows;
}

/* The layers that draw a fan chart's observations in the panel of 'member' (its 'field',
 * 'option' or 'area', in 'order'): a diamond, outlined in black, filled with its option's
 * (area's) colour, hollow out of sample; an observed range, a black line through it. Their
 * rows are the top-level dataset "observed". */
function overlayLayers(field, member, order, yTitle) {
  const keep = [{ filter: { field, equal: member } }];
  const x = { field: 'day', type: 'quantitative' };
  return [
    { data: { name: 'observed' }, transform: keep.concat([{ filter: 'datum.ranged' }]),
      mark: { type: 'rule', color: '#000', strokeWidth: 2, aria: false },
      encoding: { x, y: { field: 'min', type: 'quantitative', title: yTitle }, y2: { field: 'max' } } },
    { data: { name: 'observed' }, transform: keep,
      mark: { type: 'point', shape: 'diamond', size: 90, stroke: '#000', strokeWidth: 1.2, opacity: 1 },
      encoding: { x, y: { field: 'value', type: 'quantitative', title: yTitle },
        fill: { condition: { test: 'datum.out_of_sample', value: '#fff' }, field: 'band', type: 'nominal',
          legend: null, scale: { domain: order, range: PALETTE } },
        tooltip: [{ field: 'tip', title: 'observation' }], description: { field: 'aria' } } }
  ];
}

/* The caption's words on the observations drawn on a fan chart, or '' where there are none. */
function overlayText(rows, whose) {
  if (!rows.length) return '';
  return ' Diamonds: what was observed (section "Against the record"), filled with the ' + whose +
    '\'s colour, hollow when observed after the inputs were set; a black line through one, an observed range.';
}

/* ---- the tables ------------------------------------------------------------------------ */

/* The horizon in words: "300 days: day 0 to day 299", with their dates. */
function horizonText() {
  if (cal.horizon === null) return '-';
  return counted(cal.horizon, 'day') + ': ' + fmtDay(0) + ' to ' + fmtDay(cal.lastDay);
}

function metadata() {
  const rows = [
    { k: 'Scenario', v: results.scenario },
    { k: 'dayafter version', v: results.dayafter },
    { k: 'Seed', v: results.seed_decimal || String(results.seed) },
    { k: 'Replications', v: fmtCount(results.replications) },
    { k: 'Horizon', v: horizonText() },
    { k: 'Start date (day 0)', v: cal.start || 'none given: days are counted from day 0' },
    { k: 'Check days', v: cal.checkDays.map((d) => fmtDay(d) + (cal.beyond(d) ? ', ' + F.BEYOND : '')).join('; ') || '-' },
    { k: 'Mode', v: results.deterministic ? 'deterministic (central values, no incidents)' : 'Monte Carlo' },
    /* A report made by the run itself (no source file) was made when the run ended. */
    { k: 'Run date', v: (results.run && results.run.date) || (meta.source ? '-' : meta.generated) },
    { k: 'Command line', v: (results.run && results.run.command_line) || '-' },
    { k: 'Report made', v: meta.generated + (meta.source ? ' from ' + meta.source : '') }
  ];
  return section('The run', [table(rows, [{ field: 'k', title: 'what' }, { field: 'v', title: 'value' }])]);
}

/* Each area's row of the areas' table: its population and land area at their central values
 * (the inputs'; docs/scenario.md, "areas"), and their quotient, the population density.
 * Results that lack an input (edited by hand) leave the area's unknowns '-', never 0. */
function areaRow(id) {
  const pop = inputOf('areas.' + id + '.population');
  const km2 = inputOf('areas.' + id + '.area_km2');
  const people = pop ? num(pop.central) : null;
  const land = km2 ? num(km2.central) : null;
  const uncertain = [[pop, 'population'], [km2, 'land area']].filter((x) => x[0] && x[0].uncertain)
    .map((x) => x[1] + ' ' + x[0].distribution);
  return { area: areaNames[id], people, land,
    density: people !== null && land !== null && land > 0 ? people / land : null,
    uncertain: uncertain.join('; ') || 'none' };
}

/* The areas as the scenario describes them, with their population density: where the
 * mission works and how crowded each place is, which no chart shows. An uncertain population
 * is taken at its central value, the one a --deterministic run uses: the density describes
 * the scenario (docs/scenario.md's area_km2 is descriptive), it is no result of the runs. The
 * row of all areas is their total population over their total land area. */
function areasSection() {
  const rows = areaIds.map(areaRow);
  if (!rows.length) return null;
  /* A total of values one of which is unknown is unknown. */
  const total = (k) => (rows.some((r) => r[k] === null) ? null : rows.reduce((t, r) => t + r[k], 0));
  if (rows.length > 1) {
    const people = total('people'), land = total('land');
    rows.push({ area: 'All areas', people, land,
      density: people !== null && land !== null && land > 0 ? people / land : null, uncertain: null });
  }
  const anyUncertain = rows.some((r) => r.uncertain && r.uncertain !== 'none');
  return section('The areas', [
    el('p', {}, ['Each area\'s population, land area and population density (people per km2: ' +
      'the population over the land area), as the scenario gives them' +
      (anyUncertain ? '; an uncertain value is taken at its central value (the one a ' +
        '--deterministic run uses), its distribution in the last column' : '') +
      '. The density describes the scenario: the model does not use it.']),
    table(rows, [{ field: 'area', title: 'area' },
      { field: 'people', title: anyUncertain ? 'population (central value)' : 'population', format: fmtCount },
      { field: 'land', title: 'land area (km2)', format: fmtNumber },
      { field: 'density', title: 'people per km2', format: fmtNumber }]
      .concat(anyUncertain ? [{ field: 'uncertain', title: 'uncertain' }] : []))]);
}

function assumptions() {
  const rows = inputs.filter((i) => !i['default']);
  const defaults = inputs.length - rows.length;
  return section('Assumptions', [
    el('p', {}, ['Every number the scenario file gives, with its distribution and the source its ' +
      'file names (' + counted(rows.length, 'value') + ', ' + rows.filter((i) => i.uncertain).length +
      ' of them uncertain; ' + defaults + ' more left at the model\'s defaults).']),
    table(rows, [{ field: 'path', title: 'input' }, { field: 'central', title: 'central value', format: fmtNumber },
      { field: 'distribution', title: 'distribution' }, { field: 'line', title: 'line' },
      { field: 'source', title: 'source' }])]);
}

/* ---- the page of an analysis (dayafter analyze) ---------------------------------------- */

const METHOD_TITLES = { sobol: 'Sobol\' indices', morris: 'Morris elementary effects',
  tornado: 'Tornado', prim: 'Scenario discovery (PRIM)', voi: 'Value of information' };
const TOP = 20; /* inputs in a chart; every input is in the table */

function analysisInputs() { return results.inputs || []; }
/* The analysed metric's values (its mean, mu*, sigma, the tornado's) in its own format;
 * Sobol' indices and PRIM's limits (the inputs' values) are plain numbers. */
const analysisFormat = (results.metric_info || {}).format || 'number';
function fmtAnalysed(x) { return F.value(x, analysisFormat); }
/* The metric's mean as the terminal writes it (src/output/indices_out.c): in its format, but to
 * 3 significant digits where that format writes whole persons or days, so that a mean of 0.505
 * persons does not read as 1. */
function fmtStatistic(x) {
  return F.value(x, analysisFormat === 'count' || analysisFormat === 'day' ? 'number' : analysisFormat);
}
/* What an analysis by week or area (--by) shares out in its headline indices: its weekly series
 * over all areas on the horizon's last day (docs/analysis.md, "When and where"), not the weeks
 * its chart "week by week" shows. The page titled them "Sobol' indices of deployed" and a
 * planner read them as the indices over the whole horizon. '' without --by. The JSON gives no
 * horizon: a week by week page names the last week's first day, in whose week the last day is. */
function lastDayText() {
  const by = results.by;
  if (!by) return '';
  const outs = by.outputs || [];
  const last = outs.length ? num(outs[outs.length - 1].day) : null;
  return ' over all areas on the horizon\'s last day' + (by.kind === 'week' && last !== null
    ? ' (in the week from day ' + fmtDayNumber(last) + ', the last of the chart week by week)' : '');
}

/* ---- the value of information (analyze --method voi) ------------------------------------ */

/* A gain in the metric's units, as the terminal writes it: a share's in percentage points,
 * a day's in days; and the number a chart draws for it. */
function gainOf(x) { return x === null || x === undefined ? x : analysisFormat === 'share' ? 100 * x : x; }
const GAIN_UNIT = analysisFormat === 'share' ? 'percentage points' : analysisFormat === 'day' ? 'days'
  : analysisFormat === 'money' ? 'USD' : ((results.metric_info || {}).unit || '');
const GAIN_FORMAT = analysisFormat === 'share' || analysisFormat === 'day' ? 'number' : analysisFormat;
function fmtGain(x) {
  if (x === null || x === undefined) return '-';
  const v = F.value(gainOf(x), GAIN_FORMAT);
  return analysisFormat === 'money' ? v : v + ' ' + GAIN_UNIT;
}
function optionChoices(chosen) {
  return Object.keys(chosen || {}).filter((k) => chosen[k] > 0).map((k) => k + ' ' + fmtShare(chosen[k])).join(', ');
}
/* Inputs, milestones' days and groups together, the most valuable first (as the terminal). */
function voiEntries() {
  const rows = analysisInputs().map((i) => Object.assign({ what: i.name, kind: 'input' }, i));
  (results.milestones || []).forEach((m) => {
    rows.push(Object.assign({ what: 'when ' + m.milestone + ' comes', kind: 'milestone\'s day' }, m));
  });
  (results.groups || []).forEach((g) => {
    rows.push(Object.assign({ what: g.name + '.* (' + g.inputs.length + ' inputs)', kind: 'group' }, g));
  });
  return rows.sort((a, b) => (b.evppi || 0) - (a.evppi || 0));
}
/* The groups whose EVPPI came out below one of their members', each with its most valuable such
 * member: [group, input], most valuable first, but the first whose value is written unlike its
 * member's ahead of all (src/output/voi_out.c says why). */
function groupsBelowMembers() {
  const groups = (results.groups || []).filter((g) => num(g.evppi) !== null)
    .sort((a, b) => b.evppi - a.evppi);
  const below = [];
  groups.forEach((g) => {
    const above = (g.inputs || []).map((n) => inputByName.get(n)).filter((i) => i && num(i.evppi) !== null && i.evppi > g.evppi)
      .sort((a, b) => b.evppi - a.evppi);
    if (above.length) below.push([g, above[0]]);
  });
  const apart = below.findIndex(([g, m]) => fmtGain(g.evppi) !== fmtGain(m.evppi));
  if (apart > 0) below.unshift(below.splice(apart, 1)[0]);
  return below;
}
/* Clear of the regression's noise: less its upward bias, two standard errors above 0. */
function standsOut(e) { return e.evppi > 0 && e.evppi - Math.max(e.evppi_bias || 0, 0) >= 2 * (e.evppi_se || 0); }

function voiSummary() {
  const items = [];
  const now = results.chosen_now;
  const evpi = results.evpi;
  items.push('Chosen now: ' + now + ', the best mean ' + results.metric + ' (' +
    (results.options || []).map((o) => o.id + ' ' + fmtAnalysed(o.mean)).join(', ') + ').');
  if (!(evpi > 0)) {
    items.push('No uncertainty changes the choice: ' + now + ' is the best in every run, so nothing is ' +
      'worth finding out for it (the expected value of perfect information is 0).');
  } else {
    const chosen = {};
    (results.options || []).forEach((o) => { chosen[o.id] = o.chosen_with_perfect_information; });
    items.push('Perfect information about everything (EVPI) would be worth ' + fmtGain(evpi) + ' of ' +
      results.metric + ': knowing each run\'s outcome in advance, one would choose ' + optionChoices(chosen) +
      '. No study can be worth more.');
    const top = voiEntries().filter(standsOut).slice(0, 3);
    // An estimate above the EVPI is read as the EVPI at most, as the terminal reads it: said bare,
    // "$599k (177% of the EVPI)" stood under "no study can be worth more" than $338k.
    const worth = (e) => e.evppi > evpi
      ? fmtGain(evpi) + ' at most, the EVPI (its estimate, ' + fmtGain(e.evppi) + ', is above it)'
      : fmtGain(e.evppi) + ' (' + fmtShare(e.evppi_share) + ' of the EVPI)';
    items.push(top.length ? 'Most worth finding out first: ' + top.map((e) => e.what + ', ' + worth(e)).join('; ') + '.' : 'No single input, milestone\'s day or group stands clear of the regression\'s ' +
      'noise at ' + fmtCount(results.samples) + ' runs: a larger -n would tell them apart.');
    const above = voiEntries().filter((e) => num(e.evppi) !== null && e.evppi > evpi);
    if (above.length) {
      items.push('Nothing can be worth more than the EVPI: knowing everything includes knowing any one thing. ' +
        'The regression estimates each on its own, and ' + above.length + ' came out above it (' + above[0].what +
        ', ' + fmtGain(above[0].evppi) + ', against the EVPI\'s ' + fmtGain(evpi) + '): read such a value as the ' +
        'EVPI at most, and its choices as noise; a larger -n brings them below it.');
    }
    const below = groupsBelowMembers();
    if (below.length) {
      const [g, m] = below[0];
      items.push('A group is worth at least as much as any of its members: knowing more cannot be worth less. ' +
        'The regression estimates each on its own, and ' + counted(below.length, 'group') +
        ' came out below a member (' + g.name + ', ' + fmtGain(g.evppi) + ', against ' + fmtGain(m.evppi) + ' for ' +
        m.name + '): read a group as worth at least its largest member.');
    }
  }
  return el('section', { id: 'summary' }, [el('h2', {}, ['What to know']),
    el('ol', {}, items.map((t) => el('li', {}, [t])))]);
}

function voiChart() {
  const ins = voiEntries().slice(0, TOP);
  const names = ins.map((e) => e.what);
  const rows = ins.map((e) => {
    const v = gainOf(e.evppi);
    const se = gainOf(e.evppi_se) || 0;
    return { input: e.what, kind: e.kind, evppi: v, lo: Math.max(v - se, 0), hi: v + se,
      clear: standsOut(e) ? 'yes' : 'no' };
  });
  const spec = { width: 420, height: { step: 16 },
    layer: [
      { mark: 'bar', encoding: {
        y: { field: 'input', type: 'nominal', sort: names, title: null, axis: { labelLimit: 420 } },
        x: { field: 'evppi', type: 'quantitative', axis: axisOf(GAIN_FORMAT),
          title: 'EVPPI, ' + GAIN_UNIT + ' (bar; line: one standard error each side; dashed: the EVPI)' },
        color: { field: 'kind', type: 'nominal', title: null,
          scale: { domain: ['input', 'milestone\'s day', 'group'], range: [PALETTE[0], PALETTE[1], PALETTE[3]] } } } },
      { mark: { type: 'rule', color: '#000' }, encoding: { y: { field: 'input', type: 'nominal', sort: names },
        x: { field: 'lo', type: 'quantitative' }, x2: { field: 'hi' } } },
      { mark: { type: 'rule', color: '#000', strokeDash: [4, 3] }, encoding: { x: { datum: gainOf(results.evpi) || 0 } } }
    ] };
  return chart('What is worth finding out', 'The expected value of partial perfect information ' +
    '(EVPPI) of the ' + ins.length + ' most valuable inputs, milestones\' days and groups: how much ' +
    'better the choice between the options by ' + results.metric + ' would be, in expectation, with ' +
    'each known first (Strong, Oakley and Brennan\'s regression on ' + fmtCount(results.samples) +
    ' runs). The dashed line is the EVPI, the value of knowing everything: no EVPPI can be worth more.',
    spec, rows, [{ field: 'input', title: 'what' }, { field: 'kind', title: 'kind' },
      { field: 'evppi', title: 'EVPPI, ' + GAIN_UNIT, format(x) { return F.value(x, GAIN_FORMAT); } },
      { field: 'clear', title: 'clear of the noise' }]);
}

function voiTables() {
  const cols = (first) => [{ field: first, title: first === 'name' ? 'input' : 'what' },
    { field: 'evppi', title: 'EVPPI', format: fmtGain }, { field: 'evppi_se', title: '+-', format: fmtGain },
    { field: 'evppi_share', title: 'of the EVPI', format: fmtShare },
    { field: 'chosen', title: 'chosen with it', format: optionChoices }];
  const others = voiEntries().filter((e) => e.kind !== 'input');
  return [section('Inputs', [el('p', {}, ['All ' + analysisInputs().length + ' uncertain inputs, the ' +
    'most valuable to know first at the top.']), table(analysisInputs(), cols('name'))]),
    section('Milestones\' days and groups', [el('p', {}, ['The value of knowing first when a milestone ' +
      'comes (or that it does not come within the horizon), and all the inputs of a group together (an ' +
      'additive model of them).']), table(others, cols('what'))])];
}

/* The inputs' and groups' Sobol' indices that the page writes outside [0, 1], which no share of
 * the variance can be, said as the terminal says them (src/output/indices_out.c): per index and
 * side, how many and the farthest out; '' where there are none. An index is counted where its
 * value, as the tables write it, is outside, by more than what rounding alone puts there (its
 * floor). They are left as they are: cut to [0, 1], the noise would look like a measurement. */
function sobolOutside() {
  const all = analysisInputs().concat(results.groups || []);
  const parts = [];
  let total = 0;
  [[1, 'above 1', 'the largest'], [-1, 'below 0', 'the lowest']].forEach(([side, where, extreme]) => {
    [['S1', 'first-order'], ['ST', 'total-order']].forEach(([key, order]) => {
      const out = all.filter((x) => {
        const v = num(x[key]);
        const floor = Math.max(num(x[key + '_floor']) || 0, 0);
        if (v === null) return false;
        return side > 0 ? v - floor > 1 && fmtNumber(v) !== fmtNumber(1) : v + floor < 0 && fmtNumber(v).startsWith('-');
      }).sort((a, b) => side * (b[key] - a[key]));
      if (!out.length) return;
      total += out.length;
      parts.push(out.length + ' ' + order + (out.length === 1 ? ' index (' : ' indices (') + key + ') ' + where +
        (out.length === 1 ? ': ' : ', ' + extreme + ' ') + fmtNumber(out[0][key]) + ' (' + out[0].name + ')');
    });
  });
  return parts.length ? 'Estimates outside the [0, 1] that a share of the variance cannot leave, among the ' +
    'inputs and groups: ' + parts.join('; ') + '. At this -n that is ' + (total === 1 ? 'its' : 'their') +
    ' sampling error, shown as it is rather than cut to [0, 1]; a larger -n narrows it.' : '';
}

function analysisSummary() {
  if (results.method === 'voi') return voiSummary();
  const ins = analysisInputs();
  const items = [];
  const m = results.method;
  const metricName = results.metric + ' of option ' + results.option + (results.by ? ' on the horizon\'s last day' : '');
  if (m === 'prim') {
    const boxes = results.boxes || [];
    /* As the terminal says it (src/output/prim_out.c): where no run or every run meets the
     * condition, no box can set them apart, and there is nothing to find. */
    const none = results.cases === 0;
    const every = results.cases === results.samples;
    items.push((whereText() || metricName) + ' holds in ' + fmtCount(results.cases) + ' of ' +
      fmtCount(results.samples) + ' runs' + (!none && !every && results.training && results.holdout &&
      results.holdout.points ? '; the boxes are found on ' + fmtCount(results.training.points) +
        ' of them and checked on the ' + fmtCount(results.holdout.points) + ' others, held out.' : '.'));
    if (none || every) {
      items.push((none ? 'No' : 'Every') + ' run meets the condition: there is nothing to find, no box of ' +
        'inputs that sets the runs where it holds apart from the others.');
    } else if (boxes.length) {
      const b = boxes[0];
      const kept = primRestrictions(b);
      const dropped = b.dropped || [];
      items.push('The best box holds ' + fmtShare(b.coverage) + ' of those runs, and ' +
        fmtShare(b.density) + ' of the runs inside it are such runs' +
        (b.holdout && b.holdout.coverage != null ? ' (on the runs held out, ' + fmtShare(b.holdout.coverage) +
          ' and ' + (b.holdout.density != null ? fmtShare(b.holdout.density) : 'none') + ')' : '') +
        '; it restricts ' + counted(kept.length, 'input') + ': ' +
        kept.map(primLimitText).join('; ') + '.' +
        (dropped.length ? ' ' + dropped.length + ' more restriction' + (dropped.length === 1 ? ' was' : 's were') +
          ' dropped as not significant.' : ''));
      const stable = (b.stability || []).slice(0, 3);
      if (stable.length && results.prim_settings) {
        items.push('In ' + results.prim_settings.bootstrap + ' bootstrap resamples, the box restricts ' +
          stable.map((x) => x.input + ' in ' + fmtShare(x.share)).join(', ') + ' of them.');
      }
    } else {
      items.push('No box of inputs holds those runs more densely than the runs as a whole.');
    }
  } else {
    const key = m === 'sobol' ? 'ST' : m === 'morris' ? 'mu_star' : 'swing';
    const moving = ins.filter((i) => i[key] > inputFloor(i));
    const rounding = ins.filter((i) => i[key] > 0 && !(i[key] > inputFloor(i)));
    const largest = Math.max.apply(null, rounding.map((i) => i[key]));
    items.push(moving.length + ' of the ' + ins.length + ' uncertain inputs move ' + metricName +
      ' at all (mean ' + fmtStatistic(results.metric_mean) + ')' + (rounding.length ? '; the ' +
        (m === 'sobol' ? 'total-order indices' : 'mu*') + ' of ' + rounding.length + ' more, at most ' +
        fmtP(largest) + /* two digits: a mu* of 5.9e-13 in the metric's format reads "0" */
        ', are what rounding alone puts there, which is 0 (docs/analysis.md)' : '') + '.');
    const top = ins.slice(0, 3).filter((i) => i[key] > 0);
    if (top.length) {
      items.push('The most influential: ' + top.map((i) => i.name + ' (' + (m === 'sobol' ? 'total-order index ' + fmtNumber(i.ST)
        : m === 'morris' ? 'mu* ' + fmtAnalysed(i.mu_star) : 'swing ' + fmtAnalysed(i.swing)) + ')').join(', ') + '.');
    }
    const outside = m === 'sobol' && num(results.metric_variance) > 0 ? sobolOutside() : '';
    if (outside) items.push(outside);
  }
  return el('section', { id: 'summary' }, [el('h2', {}, ['What to know']),
    el('ol', {}, items.map((t) => el('li', {}, [t])))]);
}

/* The most a Sobol' total-order index of the analysed metric can be from rounding alone: an
 * index at or below it is 0, not an input that moves the metric. An input that cannot move it
 * may still change its last bits (an area's population, for the strength deployed at the end:
 * Gaza's 10 populations and risks have ST 7e-33 to 3e-32), and counting those said "47 of the
 * 200 uncertain inputs move deployed_end at all" where 37 do. The engine works out each index's
 * rounding floor from its estimator's sums (src/analysis/sobol.c, docs/analysis.md), which
 * results saved before dayafter wrote ST_floor do not carry (inputFloor() reads it where they
 * do); what they carry bounds it. With a, c the metric at A's and AB_i's rows,
 * m and V its mean and variance, rho its relative rounding (the horizon's days times the machine
 * epsilon), ST = sum (a - c)^2 / (2 n V) and the floor (rho / n sum |a - c| (|a| + |c|) +
 * ST dV) / V, Cauchy-Schwarz, with a's and c's mean squares taken as the metric's (m^2 + V: both
 * are runs of the same inputs' distribution), gives a floor of at most 2 rho sqrt(1 + m^2 / V) (sqrt(2 ST) + ST),
 * below ST wherever ST > 4 (1 + sqrt 2)^2 rho^2 (1 + m^2 / V). Without horizon_days either,
 * rho is that of the longest horizon a scenario may have, 36,500 days: about 1.5e-21 (1 + m^2 / V),
 * where an effect any sample resolves is above 1e-6. Infinite (no input moves it) where the
 * metric does not vary. */
function roundingFloor() {
  const m = num(results.metric_mean);
  const v = num(results.metric_variance);
  if (v === null || m === null) return 0;
  if (!(v > 0)) return Infinity;
  const rho = (num(results.horizon_days) || 36500) * Number.EPSILON;
  return 4 * (1 + Math.SQRT2) * (1 + Math.SQRT2) * rho * rho * (1 + (m * m) / v);
}

/* The most rounding alone can put in input i's ranking index: the engine's own floor where the
 * results carry it (ST_floor, mu_star_floor: src/analysis/sobol.c, morris.c); for Sobol' results
 * saved before they did, the bound above; else 0 (a tornado's swing is a difference of means,
 * which rounding does not fake beyond the digits shown). */
function inputFloor(i) {
  const m = results.method;
  const own = num(m === 'sobol' ? i.ST_floor : m === 'morris' ? i.mu_star_floor : null);
  if (own !== null) return own;
  return m === 'sobol' ? roundingFloor() : 0;
}

/* Sobol' indices of 'items' (inputs or groups, most influential first) as paired bars with
 * their intervals; 'noun' names what they are in the caption. */
function sobolChart(title, items, noun, caption) {
  const rows = [];
  const names = items.map((i) => i.name);
  items.forEach((i) => {
    rows.push({ input: i.name, index: 'first order (S1)', value: i.S1, lo: i.S1 - i.S1_conf, hi: i.S1 + i.S1_conf });
    rows.push({ input: i.name, index: 'total order (ST)', value: i.ST, lo: i.ST - i.ST_conf, hi: i.ST + i.ST_conf });
  });
  const spec = { width: 420, height: { step: 12 },
    encoding: { y: { field: 'input', type: 'nominal', sort: names, title: null, axis: { labelLimit: 420 } },
      yOffset: { field: 'index', type: 'nominal' } },
    layer: [
      { mark: 'bar', encoding: { x: { field: 'value', type: 'quantitative',
        title: 'Share of the metric\'s variance (bar: index; line: 95% interval)' },
        color: { field: 'index', type: 'nominal', title: null, scale: { range: [PALETTE[1], PALETTE[0]] } } } },
      { mark: { type: 'rule', color: '#000' }, encoding: { x: { field: 'lo', type: 'quantitative' }, x2: { field: 'hi' } } }
    ] };
  const cols = [{ field: 'input', title: noun }, { field: 'index', title: 'index' },
    { field: 'value', title: 'value', format: fmtNumber }, { field: 'lo', title: '95% low', format: fmtNumber },
    { field: 'hi', title: '95% high', format: fmtNumber }];
  return chart(title, caption + ' With 95% bootstrap intervals; the ' + items.length + ' most influential.',
    spec, rows, cols);
}

/* The groups of inputs (sobol), each analysed as one input; voi's are in its own chart. */
function analysisGroups() {
  const groups = results.method === 'sobol' ? results.groups || [] : [];
  if (!groups.length) return null;
  return section('Groups of inputs', [sobolChart('Sobol\' indices of groups of inputs' + (results.by ? ', on the last day' : ''), groups.slice(0, TOP),
    'group', 'The share of the variance of ' + results.metric + lastDayText() + ' that each group of inputs ' +
    '(a milestone: its delay, its chance, its lapse; a pledge; a source; an area; or the groups ' +
    'given with --group) causes as one input, alone (first order) and with its interactions ' +
    '(total order).'),
    table(groups.map((g) => ({
      name: g.name,
      n: g.inputs.length,
      S1: g.S1,
      S1_conf: g.S1_conf,
      ST: g.ST,
      ST_conf: g.ST_conf,
      inputs: g.inputs.join(', ')
    })), [{ field: 'name', title: 'group' }, { field: 'n', title: 'inputs' },
      { field: 'S1', title: 'S1', format: fmtNumber }, { field: 'S1_conf', title: '+-', format: fmtNumber },
      { field: 'ST', title: 'ST', format: fmtNumber }, { field: 'ST_conf', title: '+-', format: fmtNumber },
      { field: 'inputs', title: 'its inputs' }])]);
}

/* When and where each input matters (analyze --by): each input's first-order share of the
 * series' variance, stacked, per week (an area chart) or per area (bars), for the eight
 * inputs that matter most over the outputs; the rest of the inputs together, and what no
 * input explains alone (interactions and the daily incidents) fill the column to 1. A week
 * whose value does not vary has no variance to share and is left out. */
function analysisBy() {
  const by = results.by;
  if (!by || !by.outputs || !by.outputs.length) return null;
  const TOP_BY = 8;
  const ins = by.inputs || [];
  const top = ins.slice(0, TOP_BY);
  const rest = ins.slice(TOP_BY);
  const area = by.kind === 'area';
  const rows = [];
  const names = top.map((i) => i.name).concat(['other inputs', 'interactions and the rest']);
  by.outputs.forEach((out, o) => {
    if (!(by.variance[o] > 0)) return;
    const where = area ? out.area : out.day;
    const shares = top.map((i) => Math.max(0, i.S1[o] || 0));
    shares.push(rest.reduce((t, i) => t + Math.max(0, i.S1[o] || 0), 0));

    /* Estimates that add up to more than 1 (a small sample's noise) are scaled to 1. */
    const sum = shares.reduce((t, x) => t + x, 0);

    const scale = sum > 1 ? 1 / sum : 1;
    shares.push(Math.max(0, 1 - sum));
    shares.forEach((share, k) => {
      rows.push({ where, input: names[k], share: k < shares.length - 1 ? share * scale : share, order: k });
    });
  });
  const x = area ? { field: 'where', type: 'nominal', title: 'area (on the last day)', sort: null }
    : { field: 'where', type: 'quantitative', title: 'day' };
  const spec = { width: 620, height: 300,
    mark: area ? 'bar' : { type: 'area', interpolate: 'step-after' },
    encoding: { x,
      y: { field: 'share', type: 'quantitative', stack: 'zero', title: 'share of the variance (first order)',
        axis: { format: '%' } },
      color: { field: 'input', type: 'nominal', title: null, sort: names,
        scale: { range: PALETTE.concat(['#bbbbbb', '#eeeeee']) } },
      order: { field: 'order', type: 'quantitative' },
      tooltip: [{ field: 'input' }, { field: 'where' }, { field: 'share', format: '.1%' }] },
    config: { legend: { orient: 'bottom', columns: 2 } } };
  return section('When and where it matters', [chart(
    results.metric + (area ? ' by area' : ' week by week') + ': each input\'s share',
    'The share of the variance of ' + results.metric + (area ? ' in each area on the last day'
      : ' over all areas, week by week,') + ' that each input causes alone (first-order Sobol\' index), ' +
    'for the ' + top.length + ' inputs that matter most over ' + (area ? 'the areas' : 'the weeks') +
    '; the other inputs together, and what no input explains alone (their interactions and the ' +
    'daily incidents), fill each column to 1; estimates that add up to more than 1, a small sample\'s noise, ' +
    'are scaled to 1. ' + (area ? 'Areas' : 'Weeks') + ' where it does not vary are left out.',
    spec, rows, [{ field: 'where', title: area ? 'area' : 'day' }, { field: 'input', title: 'input' },
      { field: 'share', title: 'share', format: fmtShare }])]);
}

/* What the sample size leaves in doubt: the warnings, and the sample that answers them; and
 * the scenario's correlations that the method ignores, which no sample answers. */
function analysisWarnings() {
  const warnings = results.warnings || [];
  if (!warnings.length) return null;
  const items = warnings.map((w) => el('li', {}, [w.message]));
  const ofSample = warnings.filter((w) => num(w.recommended_samples) !== null).length;
  const parts = [el('h2', {}, [ofSample ? 'What the sample leaves in doubt' : 'What the method leaves out']),
    el('ul', {}, items)];
  if (ofSample) {
    parts.push(el('p', {}, ['-n ' + fmtCount(results.recommended_samples) + ' answers ' +
      (ofSample === 1 ? 'it' : 'all of them') + ' (docs/analysis.md, "Honest sample sizes").']));
  }
  return el('section', { id: 'warnings', class: 'warnings' }, parts);
}

function analysisChart() {
  if (results.method === 'voi') return voiChart();
  const m = results.method;
  const ins = analysisInputs().slice(0, TOP);
  let rows = [];
  let spec;
  const names = ins.map((i) => i.name);
  if (m === 'sobol') {
    return sobolChart('Sobol\' indices of ' + results.metric + (results.by ? ', on the last day' : ''), ins, 'input',
      'The share of the variance of ' + results.metric + lastDayText() + ' that each input causes alone (first order) and with its interactions ' +
      '(total order).');
  }
  if (m === 'morris') {
    rows = ins.map((i) => ({
      input: i.name,
      mu_star: i.mu_star,
      sigma: i.sigma
    }));
    spec = { width: 520, height: 360,
      layer: [
        { mark: { type: 'point', filled: true, size: 60, color: PALETTE[0] }, encoding: {
          x: { field: 'mu_star', type: 'quantitative', axis: axisOf(analysisFormat),
            title: 'mu* (mean absolute effect, metric units per unit of the input\'s quantile)' },
          y: { field: 'sigma', type: 'quantitative', title: 'sigma (spread of the effects)',
            axis: axisOf(analysisFormat) },
          tooltip: [{ field: 'input' }] } },
        { transform: [{ window: [{ op: 'rank', as: 'rank' }] }, { filter: 'datum.rank <= 8' }],
          mark: { type: 'text', align: 'left', dx: 6, fontSize: 10 }, encoding: {
            x: { field: 'mu_star', type: 'quantitative' }, y: { field: 'sigma', type: 'quantitative' },
            text: { field: 'input' } } }
      ] };
    return chart('Morris: effect and its spread', 'Each input\'s mean absolute elementary effect ' +
      '(mu*: how much it moves ' + results.metric + ') against their standard deviation (sigma: ' +
      'how much that depends on the other inputs); the ' + ins.length + ' largest, the eight largest named.',
      spec, rows, [{ field: 'input', title: 'input' }, { field: 'mu_star', title: 'mu*', format: fmtAnalysed },
        { field: 'sigma', title: 'sigma', format: fmtAnalysed }]);
  }
  if (m === 'tornado') {
    rows = ins.map((i) => ({
      input: i.name,
      low: i.low,
      high: i.high,
      swing: i.swing
    }));
    spec = { width: 520, height: { step: 16 },
      layer: [
        { mark: { type: 'bar', color: PALETTE[0], opacity: 0.8 }, encoding: {
          y: { field: 'input', type: 'nominal', sort: names, title: null, axis: { labelLimit: 420 } },
          x: { field: 'low', type: 'quantitative', title: results.metric + ' (mean; bar from the input at its 10th to its 90th percentile)',
            scale: { zero: false }, axis: axisOf(analysisFormat) }, x2: { field: 'high' } } },
        { mark: { type: 'rule', color: '#000', strokeDash: [3, 3] }, encoding: { x: { datum: results.metric_mean } } }
      ] };
    /* A chance's input is the uniform that decides its event, which happens below its
     * probability: its p10 is the event happening, read the other way round its bar misleads. */
    const chances = ins.some((i) => /\.(occurs|joins|recovers)$/.test(i.name))
      ? ' A chance\'s input (.occurs, .joins, .recovers) is the uniform that decides its event, which ' +
        'happens below its probability: at p10 the event happens (unless its probability is under 0.1), ' +
        'at p90 it does not (unless its probability is over 0.9).'
      : '';
    return chart('Tornado of ' + results.metric, 'The mean of ' + results.metric + ' with one input ' +
      'at its 10th and at its 90th percentile and every other at its central value; the dashed line is ' +
      'the mean with all of them central. The ' + ins.length + ' widest swings.' + chances, spec, rows,
      [{ field: 'input', title: 'input' }, { field: 'low', title: 'at p10', format: fmtAnalysed },
        { field: 'high', title: 'at p90', format: fmtAnalysed }, { field: 'swing', title: 'swing', format: fmtAnalysed }]);
  }
  return primTrajectory();
}

/* A PRIM box's restrictions: {input, min, max, p_min, p_max}, from results that list them
 * with their quasi-p-values, or from an older dayafter's limits. */
function primRestrictions(b) {
  if (b.restrictions) return b.restrictions;
  return Object.keys(b.limits || {}).map((k) => ({
    input: k,
    min: b.limits[k].min,
    max: b.limits[k].max
  }));
}

function primLimitText(r) {
  const p = [r.p_min, r.p_max].filter((x) => x !== undefined && x !== null);
  const lo = r.min !== undefined && r.min !== null;
  const hi = r.max !== undefined && r.max !== null;
  const notes = (p.length ? ['quasi-p ' + p.map(fmtP).join(' and ')] : []).concat(chanceReading(r.input) || []);
  return (lo && hi ? fmtNumber(r.min) + ' <= ' + r.input + ' <= ' + fmtNumber(r.max)
    : r.input + (lo ? ' >= ' + fmtNumber(r.min) : '') + (hi ? ' <= ' + fmtNumber(r.max) : '')) +
    (notes.length ? ' (' + notes.join('; ') + ')' : '');
}

/* How to read a bound on a chance's input (.occurs, .joins, .recovers: docs/analysis.md), as the
 * terminal's PRIM does (src/output/prim_out.c, event_reading()): the input is the uniform that
 * decides the event, which happens below its probability, so "milestones.israel_approval.occurs
 * <= 0.62" is the approval happening, not a probability of 0.62. Without the note a planner
 * read the box's bound as the chance itself. The terminal gives a constant probability's value
 * ("it happens below 0.6"), and so does the page where the results give it (each input's
 * event_probability); a probability drawn in each run is named by its input; results saved
 * before dayafter wrote it say "below its probability". Null for any other input. */
function chanceReading(name) {
  const input = inputByName.get(name);
  if (input && 'event_probability' in input) {
    const p = num(input.event_probability);
    return p !== null ? 'it happens below ' + String(Number(p.toPrecision(3)))
      : 'it happens below its probability, drawn in each run' +
        (input.event_probability_input ? ' as ' + input.event_probability_input : '');
  }
  return /\.(occurs|joins|recovers)$/.test(name || '') ? 'it happens below its probability' : null;
}

/* PRIM's condition with its threshold in the metric's format, as the terminal writes it
 * ("unfunded_usd > $100m"): the JSON's "where" keeps every digit for a program
 * ("unfunded_usd > 100000000"), which the page wrote beside the metric's values in dollars. */
function whereText() {
  const w = /^(\S+) (>=|<=|>|<) (\S+)$/.exec(results.where || '');
  const x = w ? Number(w[3]) : NaN;
  return w && !Number.isNaN(x) ? w[1] + ' ' + w[2] + ' ' + fmtAnalysed(x) : results.where;
}

/* A quasi-p-value (or a value too small for the metric's format) as the terminal writes it:
 * web/format.js's twoDigits(). */
function fmtP(p) {
  if (p === undefined || p === null) return null;
  return F.twoDigits(p);
}

const PRIM_KINDS = ['a box of the trajectory', 'the chosen box', 'pasted, insignificant restrictions dropped'];

/* PRIM's peeling trajectories: every box on them by its coverage and density, the chosen one
 * marked, and where it ends once pasted and pruned (EMA Workbench's trade-off plot). */
function primTrajectory() {
  const rows = [];
  (results.boxes || []).forEach((b, k) => {
    const box = 'box ' + (k + 1);
    (b.trajectory || []).forEach((t, i) => {
      rows.push({ box, step: i, kind: PRIM_KINDS[i === b.chosen ? 1 : 0], coverage: t.coverage,
        density: t.density, mass: t.mass, restricted: t.restricted });
    });
    rows.push({ box, step: b.trajectory ? 'final' : '', kind: PRIM_KINDS[2], coverage: b.coverage,
      density: b.density, mass: b.mass, restricted: primRestrictions(b).length });
  });
  const share = { format: '.0%' };
  const spec = { width: 420, height: 360,
    encoding: {
      x: { field: 'coverage', type: 'quantitative', title: 'Coverage (share of the cases of interest in the box)',
        scale: { domain: [0, 1] }, axis: share },
      y: { field: 'density', type: 'quantitative', title: 'Density (share of the box\'s runs that are cases)',
        scale: { domain: [0, 1] }, axis: share } },
    layer: [
      { transform: [{ filter: 'datum.kind !== "' + PRIM_KINDS[2] + '"' }],
        mark: { type: 'line', strokeWidth: 1, opacity: 0.5 },
        encoding: { color: { field: 'box', type: 'nominal', title: null, scale: { range: PALETTE } },
          order: { field: 'step', type: 'quantitative' } } },
      { mark: { type: 'point', filled: true, opacity: 0.9 }, encoding: {
        color: { field: 'box', type: 'nominal', title: null, scale: { range: PALETTE } },
        shape: { field: 'kind', type: 'nominal', title: null, scale: { domain: PRIM_KINDS,
          range: ['circle', 'diamond', 'square'] } },
        size: { field: 'kind', type: 'nominal', title: null, scale: { domain: PRIM_KINDS, range: [30, 220, 160] } },
        stroke: { field: 'kind', type: 'nominal', title: null, scale: { domain: PRIM_KINDS,
          range: ['transparent', '#000', '#000'] } },
        tooltip: [{ field: 'box' }, { field: 'step' }, { field: 'kind' },
          { field: 'coverage', format: '.1%' }, { field: 'density', format: '.1%' },
          { field: 'mass', format: '.1%' }, { field: 'restricted' }] } }
    ],
    config: { legend: { orient: 'bottom', direction: 'vertical' } } };
  return chart('PRIM: the peeling trajectory', 'Every box on the way from the whole space (coverage ' +
    '100%) to the smallest, by the share of the runs where ' + (whereText() || 'the condition') +
    ' holds that fall in it (coverage) and the share of its runs where it holds (density); the ' +
    'diamond is the box chosen (the largest coverage x density, unless --box chose another), the ' +
    'square the same box once pasted and without the restrictions that are not significant, on ' +
    'the runs it was found on.', spec, rows,
    [{ field: 'box', title: 'box' }, { field: 'step', title: 'step' }, { field: 'kind', title: 'what' },
      { field: 'coverage', title: 'coverage', format: fmtShare }, { field: 'density', title: 'density', format: fmtShare },
      { field: 'mass', title: 'share of the runs', format: fmtShare }, { field: 'restricted', title: 'inputs restricted' }]);
}

/* How often the bootstrap resamples' box restricts each input, box by box. */
function primStability() {
  const rows = [];
  (results.boxes || []).forEach((b, k) => {
    (b.stability || []).slice(0, TOP).forEach((x) => {
      rows.push({ box: 'box ' + (k + 1), input: x.input, share: x.share });
    });
  });
  if (!rows.length) return null;
  const spec = { width: 360, height: { step: 14 },
    encoding: { y: { field: 'input', type: 'nominal', sort: { field: 'share', order: 'descending' },
      title: null, axis: { labelLimit: 420 } }, yOffset: { field: 'box', type: 'nominal' } },
    layer: [{ mark: 'bar', encoding: { x: { field: 'share', type: 'quantitative',
      title: 'Share of the bootstrap resamples whose box restricts it', axis: { format: '.0%' },
      scale: { domain: [0, 1] } },
      color: { field: 'box', type: 'nominal', title: null, scale: { range: PALETTE } } } }] };
  return chart('PRIM: how stable the boxes are', 'The same search on ' +
    ((results.prim_settings || {}).bootstrap || 'the') + ' bootstrap resamples of the runs each box ' +
    'was found on: how often the box found restricts each input (the ' + TOP + ' most often at most). ' +
    'An input restricted in few of them is there by chance.', spec, rows,
    [{ field: 'box', title: 'box' }, { field: 'input', title: 'input' }, { field: 'share', title: 'share', format: fmtShare }]);
}

/* Each box's restrictions: the significant ones with their quasi-p-values, then those dropped. */
function primLimits() {
  const rows = [];
  (results.boxes || []).forEach((b, k) => {
    primRestrictions(b).forEach((r) => {
      rows.push({ box: k + 1, input: r.input, min: r.min, max: r.max, p_min: fmtP(r.p_min),
        p_max: fmtP(r.p_max), kept: 'kept', chance: chanceReading(r.input) });
    });
    (b.dropped || []).forEach((r) => {
      rows.push({ box: k + 1, input: r.input, min: r.min, max: r.max, p_min: fmtP(r.p_min),
        p_max: fmtP(r.p_max), kept: 'dropped: not significant', chance: chanceReading(r.input) });
    });
  });
  const chances = rows.some((r) => r.chance);
  const sig = (results.prim_settings || {}).significance;
  return section('The boxes\' restrictions', [
    el('p', {}, ['Each bound with its quasi-p-value: the chance of a box as dense as this one if the ' +
      'bound were not there (a one-sided binomial test). Bounds' + (sig !== undefined ? ' above ' + sig : '') +
      ' were dropped, one at a time, as not significant; the box is what is left.' +
      (chances ? ' A chance\'s input (.occurs, .joins, .recovers) is the uniform that decides its event, ' +
        'which happens below its probability: a bound "at most" keeps runs where the event is likelier to ' +
        'happen, "at least" where it is less likely, and the bound is no probability.' : '')]),
    table(rows, [{ field: 'box', title: 'box' }, { field: 'input', title: 'input' },
      { field: 'min', title: 'at least', format: fmtNumber }, { field: 'p_min', title: 'quasi-p' },
      { field: 'max', title: 'at most', format: fmtNumber }, { field: 'p_max', title: 'quasi-p' },
      { field: 'kept', title: 'kept' }].concat(chances ? [{ field: 'chance', title: 'the event',
        format: (v) => v || '' }] : []))]);
}

function analysisTable() {
  const m = results.method;
  const cols = [{ field: 'name', title: 'input' }];
  const fields = m === 'sobol' ? ['S1', 'S1_conf', 'ST', 'ST_conf'] : m === 'morris' ? ['mu_star', 'mu_star_conf', 'sigma']
    : m === 'tornado' ? ['low', 'high', 'swing', 'swing_conf'] : ['restricted', 'stability'];
  fields.forEach((f) => {
    const inMetricUnits = m === 'morris' || m === 'tornado';
    cols.push({ field: f, title: f, format: inMetricUnits ? fmtAnalysed : fmtNumber });
  });
  return section('Inputs', [el('p', {}, ['All ' + analysisInputs().length +
    ' uncertain inputs, the most influential first' + (results.by ? '; their indices are those of ' + results.metric +
      lastDayText() : '') + '.']), table(analysisInputs(), cols)]);
}

/* What the analysis explains: a metric of one option, or (voi) the choice between them all. */
function analysedText() {
  return results.method === 'voi' ? 'the choice between ' + (results.options || []).length +
    ' options by ' + results.metric : results.metric + ' of option ' + results.option;
}

function analysisMetadata() {
  const rows = [
    { k: 'Scenario', v: results.scenario || '-' },
    { k: 'dayafter version', v: results.dayafter || '-' },
    { k: 'Method', v: METHOD_TITLES[results.method] || results.method },
    { k: 'Metric', v: analysedText() },
    { k: 'Samples', v: String(results.samples) },
    { k: 'Runs', v: fmtCount(results.evaluations) },
    { k: 'Seed', v: results.seed_decimal || String(results.seed) },
    { k: 'Report made', v: meta.generated + (meta.source ? ' from ' + meta.source : '') }
  ];
  return section('The analysis', [table(rows, [{ field: 'k', title: 'what' }, { field: 'v', title: 'value' }])]);
}

function analysisPage() {
  document.body.setAttribute('data-kind', 'analysis');
  root.appendChild(el('header', {}, [el('h1', {}, [(results.scenario || 'dayafter') + ': ' +
    (METHOD_TITLES[results.method] || results.method)]),
    el('p', { class: 'subtitle' }, [analysedText() + ', ' + fmtCount(results.evaluations) + ' runs.'])]));
  if (!results.metric_info) root.appendChild(el('p', { class: 'notice' }, [F.NO_REGISTRY]));
  root.appendChild(analysisSummary());
  const doubts = analysisWarnings();
  if (doubts) root.appendChild(doubts);
  root.appendChild(section('Which inputs matter', [analysisChart(),
    results.method === 'prim' ? primStability() : null]));
  const groups = analysisGroups();
  if (groups) root.appendChild(groups);
  const when = analysisBy();
  if (when) root.appendChild(when);
  if (results.method === 'prim') root.appendChild(primLimits());
  if (results.method === 'voi') voiTables().forEach((t) => { root.appendChild(t); });
  else root.appendChild(analysisTable());
  root.appendChild(analysisMetadata());
}

/* ---- the page -------------------------------------------------------------------------- */

/* Each option's median gap over the horizon, for a caption. */
function gapText(name) {
  return 'The gap over the horizon, ' + (DET ? '' : 'median ') + 'person-days without the standard: ' +
    options.map((o) => optionName(o) + ' ' + fmtMetric(name, median(o, name))).join(', ') + '.';
}

function subtitle() {
  const span = ' over ' + counted(cal.horizon, 'day') +
    (cal.start ? ', from ' + cal.start + ' (day 0) to ' + cal.dateOf(cal.lastDay) + ' (day ' +
      fmtDayNumber(cal.lastDay) + ')' : '');
  if (DET) {
    return counted(optionNames.length, 'option') + ', ' + counted(areaIds.length, 'area') + ', one deterministic run' +
      span + ': the scenario\'s central values, with no incidents. Each number is this one run\'s value.';
  }
  return counted(optionNames.length, 'option') + ', ' + counted(areaIds.length, 'area') + ', ' +
    counted(results.replications, 'replication') + span +
    '. Each number is the median of the runs, with the 10th-90th percentile range where shown, ' +
    'unless its caption says otherwise (the costs by donor and by purpose are means).';
}

function runPage() {
  document.body.setAttribute('data-kind', 'run');
  root.appendChild(el('header', {}, [el('h1', {}, [results.scenario || 'dayafter results']),
    el('p', { class: 'subtitle' }, [subtitle()])]));
  if (!metricsRegistry) root.appendChild(el('p', { class: 'notice' }, [F.NO_REGISTRY]));
  root.appendChild(summary());
  const areas = areasSection();
  if (areas) root.appendChild(areas);
  root.appendChild(section('When each option can start', [milestonesChart(), criticalityChart()]));
  root.appendChild(section('Security', [deployedChart(), whyShortChart(), heldBackChart(),
    heatChart('coverage', 'Coverage of the requirement, by area and week',
      'Deployed strength over the area\'s requirement (100% and more: the area has the personnel ' +
      'it needs)', 'Coverage'),
    linesChart('security', 'Security, by area', DET
      ? 'Security (0: none, 100%: full) week by week, in the one run: a line for each area (its colour ' +
        'and dash in the legend).'
      : 'Security (0: none, 100%: full) week by week: for each area, the median line (its colour ' +
      'and dash in the legend) and the 10th-90th percentile band.', 'Security')]));
  /* How a weekly series is drawn: its median and band, or the one run's line. */
  const weekly = DET ? ', week by week, in the one run.' : ', week by week (median and 10th-90th percentile).';
  root.appendChild(section('Money', [
    moneyChart('cost_by_donor', 'Cost by donor', DET ? 'What each donor paid over the horizon, in the one run.'
      : 'What each donor paid over the horizon: mean (bar) and 10th-90th percentile of the runs (line).', 'Donor'),
    moneyChart('cost_by_purpose', 'Cost by purpose', DET ? 'What was spent on each purpose over the horizon, in the one run.'
      : 'What was spent on each purpose over the horizon: mean (bar) and 10th-90th percentile of the runs (line).', 'Purpose')]));
  root.appendChild(section('People', [
    linesChart('water_coverage', 'Water coverage, by area', 'Water delivered over the ' +
      'standard need' + weekly + ' ' + gapText('water_gap_person_days'), 'Water coverage'),
    linesChart('food_coverage', 'Food coverage, by area', 'Food delivered over the standard ' +
      'need' + weekly + ' ' + gapText('food_gap_person_days'), 'Food coverage'),
    linesChart('displaced', 'Displaced people, by area', 'People displaced from their homes in ' +
      'each area' + weekly, 'People displaced')]));
  root.appendChild(section('Comparing the options', [optionsChart(), differencesChart()]));
  const record = recordSection();
  if (record) root.appendChild(record);
  root.appendChild(assumptions());
  root.appendChild(metadata());
}

if (results.method) analysisPage(); else runPage();

Promise.all(pending).then(() => {
  document.body.setAttribute('data-charts', String(chartCount));
  document.body.setAttribute('data-ready', 'true');
});
