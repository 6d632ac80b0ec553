// SPDX-License-Identifier: GPL-3.0-or-later
/*
 * dom.js - building the page: h() makes an element from attributes and children (text is
 * always set as text: no innerHTML of data), and the pieces every view is made of (labelled
 * fields, selects, sections, tables, status lines); times and counts written for people, and
 * once(), which keeps a second press of a button from doing the work twice.
 */
import * as F from '../format.js';

// Properties that must be set as properties, not attributes, to mean what they say.
const PROPS = new Set(['value', 'checked', 'readOnly', 'disabled', 'selected', 'hidden', 'open']);

/* Builds an element: 'attrs' are attributes (class, aria-*, data-*), a few properties
 * (PROPS) and on* event listeners; children are nodes, strings or (nested) arrays of them,
 * with null, undefined and false left out so that callers can write conditions inline. */
export function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [key, val] of Object.entries(attrs)) {
    if (val === undefined || val === null || val === false) continue;
    if (key === 'class') el.className = val;
    else if (key.startsWith('on') && typeof val === 'function') el.addEventListener(key.slice(2), val);
    else if (PROPS.has(key)) el[key] = val;
    else el.setAttribute(key, val === true ? '' : String(val));
  }
  return append(el, children);
}

export function append(el, children) {
  for (const c of [children].flat(Infinity)) {
    if (c === null || c === undefined || c === false) continue;
    el.append(c instanceof Node ? c : String(c));
  }
  return el;
}

export function replace(el, ...children) {
  el.replaceChildren();
  return append(el, children);
}

// Ids tie labels, hints and headings to what they describe.
let lastId = 0;
export const uid = (prefix) => `${prefix}-${++lastId}`;

/* A labelled form control, with an optional hint that the control names as its
 * description (so that a screen reader reads it with the label). */
export function field(label, control, hint) {
  if (!control.id) control.id = uid('field');
  let hintEl = null;
  if (hint) {
    hintEl = h('p', { class: 'hint', id: uid('hint') }, hint);
    const before = control.getAttribute('aria-describedby');
    control.setAttribute('aria-describedby', before ? `${before} ${hintEl.id}` : hintEl.id);
  }
  return h('div', { class: 'field' }, h('label', { for: control.id }, label), control, hintEl);
}

/* <option> elements from [value, text] pairs, 'value' selected. */
export function options(list, value) {
  return list.map(([v, text]) => h('option', { value: String(v), selected: String(v) === String(value) }, text));
}

export function select(list, value) {
  return h('select', {}, options(list, value));
}

/* Fills 'sel' with the revisions of 's', latest first. What you picked stays picked; until
 * you pick, it follows 'fallback' (the latest, or the one before it), so that a new save
 * moves the default along. */
export function fillRevisions(sel, s, fallback) {
  if (!sel.dataset.watched) {
    sel.dataset.watched = 'true';
    sel.addEventListener('change', () => { sel.dataset.chosen = 'true'; });
  }
  const list = s.revisions.map((r) => [r.number, `Revision ${r.number}${r.number === s.revision ? ' (latest)' : ''}`]);
  const keep = sel.dataset.chosen === 'true' && s.revisions.some((r) => String(r.number) === sel.value);
  replace(sel, options(list, keep ? sel.value : fallback));
}

/* A section with an h2 that names it for assistive technology's list of landmarks. */
export function section(title, ...children) {
  const id = uid('section');
  return h('section', { class: 'panel', 'aria-labelledby': id }, h('h2', { id }, title), children);
}

/* A table from a header row and rows of cells (nodes or text); the caption says what it
 * holds, visibly or for screen readers only. */
export function table(caption, headers, rows, { hideCaption = false, cls = '' } = {}) {
  return h('div', { class: 'table-wrap' }, h('table', { class: cls },
    h('caption', { class: hideCaption ? 'visually-hidden' : null }, caption),
    h('thead', {}, h('tr', {}, headers.map((t) => h('th', { scope: 'col' }, t)))),
    h('tbody', {}, rows.map((cells) => h('tr', {}, cells.map((c) => h('td', {}, c)))))));
}

/* A message line that a view fills later: a live region exists (empty) before its text
 * changes, which is what makes screen readers read the change. */
export function statusLine(extraClass = '') {
  const el = h('p', { class: `status-line ${extraClass}`, role: 'status' });
  el.say = (text, kind = 'info') => {
    el.dataset.kind = kind;
    replace(el, text || '');
  };
  return el;
}

/* ==== formatting ======================================================================== */

const dateFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });

// The server's times are UTC; people read them in their own zone, with UTC on hover.
export function fmtTime(iso) {
  if (!iso) return '–';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return h('time', { datetime: iso, title: `${iso.replace('T', ' ').replace('Z', '')} UTC` },
    dateFormat.format(d));
}

/* A count that is a setting, a run's replications: exact, its thousands grouped (1,000,000).
 * The reader chose it and compares it with another run's; the terminal's and the report's way
 * with measured counts (format.js: "1m") rounds it, and 1,000,000 and 1,004,000 read alike. */
export const fmtSetting = (x) => (Number.isSafeInteger(x) ? String(x).replace(/\B(?=(\d{3})+(?!\d))/g, ',') : F.value(x, 'count'));

export const plural = (n, one, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

// A run's seed as its digits: a seed above 2^63 - 1 (a scenario's own) comes rounded in 'seed'
// and exactly in 'seed_decimal', as in the results.
export const seedText = (r) => r.seed_decimal ?? String(r.seed);

/* Wraps a submit or click handler so that a second press while the first is under way does
 * nothing (a double-click must not queue two runs). The button stays focusable: it is not
 * disabled, only marked busy. */
export function once(button, handler) {
  let busy = false;
  return async (ev) => {
    if (ev && ev.type === 'submit') ev.preventDefault();
    if (busy) return;
    busy = true;
    button.setAttribute('aria-busy', 'true');
    try {
      await handler(ev);
    } finally {
      busy = false;
      button.removeAttribute('aria-busy');
    }
  };
}
