// SPDX-License-Identifier: GPL-3.0-or-later
/*
 * editor.js - the YAML editor: a text area with line numbers and the problems the server
 * finds listed beside the text, each a button that puts the caret where it is. It also keeps
 * the unsaved text of the scenarios left without saving, and asks before a reload loses the
 * text on screen.
 */
import { h, plural, replace, uid } from './dom.js';
import { api } from './api.js';

/* Cuts 'text' into lines as the server counts them (line 1 first). */
export function lineCount(text) {
  let n = 1;
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) n++;
  return n;
}

/* The offset in 'text' of 'line' and 'column' (both from 1). The server's columns count
 * characters (code points), JavaScript's offsets UTF-16 units: they differ after an emoji. */
export function offsetOf(text, line, column) {
  let pos = 0;
  for (let l = 1; l < line; l++) {
    const nl = text.indexOf('\n', pos);
    if (nl < 0) return text.length;
    pos = nl + 1;
  }
  for (let c = 1; c < column && pos < text.length && text[pos] !== '\n'; c++) {
    pos += text.codePointAt(pos) > 0xffff ? 2 : 1;
  }
  return pos;
}

/* Puts the caret of 'textarea' at 'line':'column' and scrolls it into view, a third of the
 * way down, where the eye finds it, and across as far as it takes: the text does not wrap, and
 * a problem at column 126 left the caret off screen to the right. */
function caretTo(textarea, line, column) {
  const pos = offsetOf(textarea.value, line, column);
  textarea.focus();
  textarea.setSelectionRange(pos, pos);
  const style = getComputedStyle(textarea);
  const lh = parseFloat(style.lineHeight) || 20;
  textarea.scrollTop = Math.max(0, (line - 1) * lh - textarea.clientHeight / 3);
  const start = textarea.value.lastIndexOf('\n', pos - 1) + 1;
  const x = (parseFloat(style.paddingLeft) || 0) + textWidth(textarea.value.slice(start, pos), style);
  textarea.scrollLeft = scrollLeftFor(x, textarea.clientWidth, textarea.scrollLeft);
}

/* The width in pixels of 'text' (one line) in the font of 'style', its tabs as wide as the
 * style's tab-size: where the caret is on its line. */
let measure = null;
function textWidth(text, style) {
  measure = measure || document.createElement('canvas').getContext('2d');
  measure.font = style.font || `${style.fontSize} ${style.fontFamily}`;
  const tab = ' '.repeat(Number.parseInt(style.tabSize, 10) || 8);
  return measure.measureText(text.replaceAll('\t', tab)).width;
}

/* The scrollLeft that shows a caret 'x' pixels from the start of its line in a text area
 * 'width' wide, now scrolled to 'current': unchanged while the caret shows, with a margin; 0
 * while it shows with the line's start; otherwise the caret two thirds of the way across,
 * with the text before it in view. */
export function scrollLeftFor(x, width, current) {
  const margin = Math.min(40, width / 4);
  if (x >= current + margin && x <= current + width - margin) return current;
  if (x <= width - margin) return 0;
  return Math.max(0, Math.round(x - (2 * width) / 3));
}

/* The gutter's numbers 1..'n', those of 'bad' lines marked. */
function lineNumbers(n, bad) {
  const frag = document.createDocumentFragment();
  for (let i = 1; i <= n; i++) frag.append(h('div', { class: bad.has(i) ? 'ln bad' : 'ln' }, String(i)));
  return frag;
}

/* The problems as a list of buttons, 'line:column' then the message; pressing one calls
 * 'goTo'. A problem without a place (line 0) is text only. */
function problemList(errors, goTo) {
  if (!errors.length) return h('p', { class: 'ok' }, 'None found: the text is a valid scenario.');
  return h('ol', { class: 'problem-list' }, errors.map((e) => h('li', {}, e.line > 0
    ? h('button', {
      type: 'button', class: 'problem', 'data-line': e.line, 'data-column': e.column,
      onclick: () => goTo(e.line, e.column),
    }, h('span', { class: 'loc' }, `${e.line}:${e.column}`), h('span', { class: 'msg' }, e.message))
    : h('span', { class: 'problem' }, e.message))));
}

/* A textarea with a line-number gutter and, beside it, the located problems of the text:
 * each a button that puts the caret at its line and column. The text is checked by the
 * server (POST /api/validate) a moment after you stop typing, so what you see is what a
 * save would say. Read-only editors show the text only. */
export function createEditor(v, { value = '', readOnly = false, label = 'Scenario text (YAML)' } = {}) {
  const id = uid('yaml');
  const textarea = h('textarea', {
    id, class: 'code-text', wrap: 'off', spellcheck: 'false', autocomplete: 'off',
    autocapitalize: 'off', readOnly, value, 'aria-describedby': `${id}-status`,
  });
  const gutterLines = h('div', { class: 'gutter-lines' });
  const gutter = h('div', { class: 'gutter', 'aria-hidden': 'true' }, gutterLines);
  const status = h('p', { class: 'editor-status', id: `${id}-status`, role: 'status' });
  const problemsBody = h('div', { class: 'problems-body' });
  const problemsHeading = h('h3', { id: `${id}-problems` }, 'Problems');
  const problems = h('section', { class: 'problems', 'aria-labelledby': `${id}-problems` },
    problemsHeading, problemsBody);
  const root = h('div', { class: `editor${readOnly ? ' read-only' : ''}` },
    h('div', { class: 'editor-main' },
      h('label', { for: id }, label, readOnly ? ' (read only)' : ''),
      h('div', { class: 'code' }, gutter, textarea), status),
    readOnly ? null : problems);

  let errors = [];
  let gutterKey = '';
  let seq = 0; // the latest check sent; older answers are dropped
  let timer = null;
  const listeners = [];

  // Redrawn only when the number of lines or the problems' lines change: not per key.
  function drawGutter() {
    const n = lineCount(textarea.value);
    const bad = new Set(errors.map((e) => e.line));
    const key = `${n}|${[...bad].join(',')}`;
    if (key === gutterKey) return;
    gutterKey = key;
    gutterLines.replaceChildren(lineNumbers(n, bad));
    syncScroll();
  }

  function syncScroll() {
    gutter.scrollTop = textarea.scrollTop;
  }

  function goTo(line, column) {
    caretTo(textarea, line, column);
    syncScroll();
  }

  function setErrors(list, note) {
    errors = [...(list || [])].sort((a, b) => a.line - b.line || a.column - b.column);
    textarea.setAttribute('aria-invalid', errors.length ? 'true' : 'false');
    drawGutter();
    replace(problemsBody, problemList(errors, goTo));
    say(note || (errors.length
      ? `${plural(errors.length, 'problem')} in the text: see the list beside it.`
      : 'No problems: the text is a valid scenario.'), errors.length ? 'error' : 'ok');
  }

  function say(text, kind) {
    status.dataset.kind = kind;
    status.textContent = text;
  }

  async function check() {
    const mine = ++seq;
    say('Checking the text…', 'info');
    try {
      const r = await api('POST', '/api/validate', { yaml: textarea.value });
      if (mine === seq && v.alive) setErrors(r.errors);
    } catch (e) {
      if (mine === seq && v.alive && !e.handled) say(`The text could not be checked: ${e.message}.`, 'error');
    }
  }

  textarea.addEventListener('scroll', syncScroll);
  textarea.addEventListener('input', () => {
    drawGutter();
    listeners.forEach((fn) => fn());
    if (readOnly) return;
    clearTimeout(timer);
    timer = setTimeout(() => { if (v.alive) check(); }, 450);
  });
  v.onDispose(() => clearTimeout(timer));

  drawGutter();
  if (!readOnly) check();
  else say('');
  return {
    root, textarea, setErrors, goTo,
    get value() { return textarea.value; },
    set value(text) {
      textarea.value = text;
      textarea.dispatchEvent(new Event('input'));
    },
    onChange(fn) { listeners.push(fn); },
    firstProblem: () => problemsBody.querySelector('button.problem'),
  };
}

/* Unsaved text of the scenarios you left without saving, by id: coming back restores it
 * (a link in the top bar must not throw an afternoon's edit away). A reload loses them, and
 * the browser asks first (beforeunload). */
export const drafts = new Map();
let draftsOwner = null; // whose they are: the email of the session they were written in

/* The drafts are their writer's: they wait for them across an ended session (log in again,
 * and the text is back), but whoever else logs in on this page starts without them. */
export function draftsFor(email) {
  if (draftsOwner === email) return;
  drafts.clear();
  draftsOwner = email;
}
let unsavedGuard = null; // () => true while the view on screen has unsaved text

/* What the view on screen has unsaved while 'dirty' says so: the browser asks before a reload
 * or a close throws it away. null: nothing to keep. */
export function guardUnsaved(dirty) {
  unsavedGuard = dirty;
}

export function onBeforeUnload(ev) {
  if (unsavedGuard && unsavedGuard()) {
    ev.preventDefault();
    ev.returnValue = '';
  }
}
