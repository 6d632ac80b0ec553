// SPDX-License-Identifier: GPL-3.0-or-later
/*
 * app.js - dayafter's web application in the browser: logging in, the scenarios of your
 * organization and those shared with it, a YAML editor with located problems beside the text,
 * revisions and their differences, forks, sharing, runs with their progress, each run's
 * report and downloads, two runs compared side by side, and the administration of
 * organizations, members and the audit log. It talks to `dayafter serve`'s JSON API only.
 *
 * Plain ES2020, no framework and no build step. The server's Content-Security-Policy allows
 * this server's files only, so there is no inline script or style, no eval and no innerHTML
 * of data: every element is built with h() and every text set as text.
 *
 * Routes live in the #fragment (#/scenarios, #/scenarios/ID, #/runs/ID, #/compare/A/B,
 * #/admin, #/account) so that every view has an address to bookmark and share, and the back
 * button works. Each view gets a "view" object whose timers and polls stop when you leave it.
 */
import * as F from '../format.js';

(() => {
  /* ==== DOM helpers ======================================================================= */

  // Properties that must be set as properties, not attributes, to mean what they say.
  const PROPS = new Set(['value', 'checked', 'readOnly', 'disabled', 'selected', 'hidden', 'open']);

  /* Builds an element: 'attrs' are attributes (class, aria-*, data-*), a few properties
   * (PROPS) and on* event listeners; children are nodes, strings or (nested) arrays of them,
   * with null, undefined and false left out so that callers can write conditions inline. */
  function h(tag, attrs = {}, ...children) {
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

  function append(el, children) {
    for (const c of [children].flat(Infinity)) {
      if (c === null || c === undefined || c === false) continue;
      el.append(c instanceof Node ? c : String(c));
    }
    return el;
  }

  function replace(el, ...children) {
    el.replaceChildren();
    return append(el, children);
  }

  // Ids tie labels, hints and headings to what they describe.
  let lastId = 0;
  const uid = (prefix) => `${prefix}-${++lastId}`;

  /* A labelled form control, with an optional hint that the control names as its
   * description (so that a screen reader reads it with the label). */
  function field(label, control, hint) {
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
  function options(list, value) {
    return list.map(([v, text]) => h('option', { value: String(v), selected: String(v) === String(value) }, text));
  }

  function select(list, value) {
    return h('select', {}, options(list, value));
  }

  /* Fills 'sel' with the revisions of 's', latest first. What you picked stays picked; until
   * you pick, it follows 'fallback' (the latest, or the one before it), so that a new save
   * moves the default along. */
  function fillRevisions(sel, s, fallback) {
    if (!sel.dataset.watched) {
      sel.dataset.watched = 'true';
      sel.addEventListener('change', () => { sel.dataset.chosen = 'true'; });
    }
    const list = s.revisions.map((r) => [r.number, `Revision ${r.number}${r.number === s.revision ? ' (latest)' : ''}`]);
    const keep = sel.dataset.chosen === 'true' && s.revisions.some((r) => String(r.number) === sel.value);
    replace(sel, options(list, keep ? sel.value : fallback));
  }

  /* A section with an h2 that names it for assistive technology's list of landmarks. */
  function section(title, ...children) {
    const id = uid('section');
    return h('section', { class: 'panel', 'aria-labelledby': id }, h('h2', { id }, title), children);
  }

  /* A table from a header row and rows of cells (nodes or text); the caption says what it
   * holds, visibly or for screen readers only. */
  function table(caption, headers, rows, { hideCaption = false, cls = '' } = {}) {
    return h('div', { class: 'table-wrap' }, h('table', { class: cls },
      h('caption', { class: hideCaption ? 'visually-hidden' : null }, caption),
      h('thead', {}, h('tr', {}, headers.map((t) => h('th', { scope: 'col' }, t)))),
      h('tbody', {}, rows.map((cells) => h('tr', {}, cells.map((c) => h('td', {}, c)))))));
  }

  /* A message line that a view fills later: a live region exists (empty) before its text
   * changes, which is what makes screen readers read the change. */
  function statusLine(extraClass = '') {
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
  function fmtTime(iso) {
    if (!iso) return '–';
    const d = new Date(iso);
    if (Number.isNaN(d.getTime())) return iso;
    return h('time', { datetime: iso, title: `${iso.replace('T', ' ').replace('Z', '')} UTC` },
      dateFormat.format(d));
  }

  // Numbers as the terminal and the report write them: /format.js (web/format.js) holds the
  // rules for all three.
  const fmtNumber = (x) => F.value(x, 'count');

  const plural = (n, one, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

  /* ==== session =========================================================================== */

  /* The session cookie is HttpOnly: the page learns whether it is logged in, and its CSRF
   * token, from GET /api/me, at start and whenever the server says the token is stale. The
   * cookie is the browser's, shared by its tabs: the tabs tell each other (tabs below) when
   * one logs in or out, so that the others follow at once. */
  let session = null; // { csrf, user: { email, organization, role, site_admin } }

  /* Whether this browser has logged in, and not out, since: a mark in localStorage, which its
   * tabs share. Only then does the page ask GET /api/me at start: without a session the
   * answer is a 401, which the browser logs as an error on the login page of everyone who is
   * not logged in. The server still decides: a mark whose session has expired costs one 401
   * and shows the login form. Without storage (blocked), the page asks every time. */
  const SESSION_MARK = 'dayafter.session';

  function markSession(on) {
    try {
      if (on) localStorage.setItem(SESSION_MARK, '1');
      else localStorage.removeItem(SESSION_MARK);
    } catch {
      // Storage is blocked: mayHaveSession() answers yes.
    }
  }

  function mayHaveSession() {
    try {
      return localStorage.getItem(SESSION_MARK) !== null;
    } catch {
      return true;
    }
  }

  function saveSession(s) {
    session = s;
    markSession(Boolean(s));
  }

  /* The session of the browser's cookie, from the server: true when logged in. */
  async function refreshSession() {
    const res = await fetch('/api/me', { credentials: 'same-origin', cache: 'no-store' });
    if (!res.ok) return false;
    const { csrf, ...user } = await res.json();
    if (!csrf) return false;
    saveSession({ csrf, user });
    return true;
  }

  /* ---- the tabs of this browser, on one cookie ---- */

  const tabs = 'BroadcastChannel' in window ? new BroadcastChannel('dayafter.session') : null;

  function tellTabs(message) {
    if (tabs) tabs.postMessage(message);
  }

  /* Another tab logged in (its cookie is now everyone's: this tab's token went with the old
   * one), or logged out. */
  function onTabMessage(ev) {
    const m = ev.data || {};
    if (m.type === 'session' && m.session && (!session || session.csrf !== m.session.csrf)) {
      const before = session;
      saveSession(m.session);
      if (before && before.user.email === m.session.user.email) return; // the same person: carry on
      if (before) pendingFlash = [`You logged in as ${m.session.user.email} in another tab.`, 'info'];
      render();
    } else if (m.type === 'logout' && session) {
      saveSession(null);
      pendingFlash = ['You logged out in another tab.', 'info'];
      history.replaceState(null, '', '#/');
      render();
    }
  }

  const isWriter = (u) => u.role === 'editor' || u.role === 'admin';
  const isAdmin = (u) => u.site_admin || u.role === 'admin';

  /* ==== the API =========================================================================== */

  class ApiError extends Error {
    constructor(status, message, data) {
      super(message);
      this.status = status;
      this.data = data;
      this.handled = false; // true once the app has dealt with it (an ended session)
    }
  }

  /* Seeds are 64-bit: one above 2^53 is kept as its digits (a string), where the browser
   * gives a reviver the source text, rather than rounded. */
  function exactSeeds(key, value, context) {
    if (key === 'seed' && typeof value === 'number' && !Number.isSafeInteger(value) && context && context.source) {
      return context.source;
    }
    return value;
  }

  /* Calls the API and returns its JSON. A 'body' that is a string is sent as it is (a seed
   * above 2^53 does not survive JSON.stringify). Errors become ApiError with the server's
   * message; a 401 means the session ended, and sends you to the login form. */
  async function api(method, path, body, retried = false) {
    const headers = { Accept: 'application/json' };
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    if (method !== 'GET' && session) headers['X-CSRF-Token'] = session.csrf;
    let res;
    try {
      res = await fetch(path, {
        method, headers, credentials: 'same-origin', cache: 'no-store',
        body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
      });
    } catch {
      throw new ApiError(0, 'the server cannot be reached: check the connection and try again', null);
    }
    const text = await res.text();
    let data = null;
    try {
      data = text ? JSON.parse(text, exactSeeds) : null;
    } catch {
      data = null;
    }
    if (res.ok) return data;
    const err = new ApiError(res.status, (data && data.error) || `${res.status} ${res.statusText}`, data);
    if (res.status === 429) {
      // Seconds to wait, or null when the server does not say (absent is not "now").
      const after = Number.parseInt(res.headers.get('Retry-After'), 10);
      err.retryAfter = Number.isFinite(after) ? after : null;
    }
    if (res.status === 401 && path !== '/api/login') {
      err.handled = true;
      sessionEnded('Your session has ended: log in again.');
    } else if (res.status === 403 && data && data.code === 'csrf' && !retried) {
      // The cookie belongs to a newer login than this tab's token (and no tab said so): take
      // its token and, when it is still the same person, send the request again.
      const who = session && session.user.email;
      if (await refreshSession() && session.user.email === who) return api(method, path, body, true);
      err.handled = true;
      sessionEnded('You logged in again elsewhere in this browser, which ended this tab\'s session: log in again.');
    }
    throw err;
  }

  function sessionEnded(why) {
    if (!session) return;
    saveSession(null);
    pendingFlash = [why, 'error'];
    render();
  }

  /* ==== messages ========================================================================== */

  const flashEl = document.getElementById('flash');
  const announcer = document.getElementById('announcer');
  let pendingFlash = null; // [text, kind] to show on the next view

  // A visible message above the view; it stays until the next navigation.
  function flash(text, kind = 'info') {
    flashEl.dataset.kind = kind;
    replace(flashEl, text ? h('p', {}, text) : '');
  }

  // For screen readers only; emptied first so that the same words are read again.
  function announce(text) {
    announcer.textContent = '';
    setTimeout(() => { announcer.textContent = text; }, 50);
  }

  /* Goes to 'hash' and shows 'message' there: the message must survive the view's change. */
  function navigate(hash, message, kind = 'success') {
    pendingFlash = message ? [message, kind] : null;
    if (location.hash === hash) render();
    else location.hash = hash;
  }

  /* A failure to show in place of the view or beside a form. */
  function problemBox(text) {
    return h('div', { class: 'problem-box', role: 'alert' }, h('p', {}, text));
  }

  /* ==== views and the router ============================================================== */

  const main = document.getElementById('main');
  let current = null; // the view on screen

  /* A view's life: its timers and polls are cancelled when another view replaces it, and
   * answers that come back after that are dropped (view.alive is false). */
  function newView() {
    const cleanups = [];
    const v = {
      alive: true,
      later(fn, ms) {
        const t = setTimeout(() => { if (v.alive) fn(); }, ms);
        cleanups.push(() => clearTimeout(t));
      },
      onDispose(fn) { cleanups.push(fn); },
      dispose() {
        v.alive = false;
        cleanups.splice(0).forEach((fn) => fn());
      },
    };
    return v;
  }

  /* Shows a view: its title in the tab and as the page's one h1, which takes the focus so that
   * keyboard and screen-reader users start reading at the new content. */
  function page(v, title, ...content) {
    if (!v.alive) return;
    document.title = `${title} · dayafter`;
    const heading = h('h1', { tabindex: '-1', id: 'page-title' }, title);
    main.removeAttribute('aria-busy');
    replace(main, heading, content);
    heading.focus();
  }

  function loading(title) {
    main.setAttribute('aria-busy', 'true');
    replace(main, h('p', { class: 'loading' }, `Loading ${title}…`));
  }

  const ROUTES = [
    [/^#\/scenarios$/, viewScenarios],
    [/^#\/scenarios\/new$/, viewNewScenario],
    [/^#\/scenarios\/(\d+)$/, viewScenario],
    [/^#\/runs\/(\d+)$/, viewRun],
    [/^#\/compare\/(\d+)\/(\d+)$/, viewCompare],
    [/^#\/admin$/, viewAdmin],
    [/^#\/account$/, viewAccount],
  ];

  // Where you land: the site administrator has no organization, hence no scenarios.
  const home = () => (session && session.user.site_admin ? '#/admin' : '#/scenarios');

  function render() {
    if (current) current.dispose();
    const v = newView();
    current = v;
    renderTopbar();
    if (pendingFlash) flash(...pendingFlash);
    else flash('');
    pendingFlash = null;
    if (!session) {
      viewLogin(v);
      return;
    }
    if (session.user.must_change_password) {
      viewChoosePassword(v);
      return;
    }
    if (!location.hash.startsWith('#/') || location.hash === '#/') {
      location.replace(home());
      return;
    }
    for (const [pattern, view] of ROUTES) {
      const m = location.hash.match(pattern);
      if (!m) continue;
      loading(view.title || 'the page');
      Promise.resolve(view(v, ...m.slice(1).map(Number))).catch((e) => failed(v, e));
      return;
    }
    page(v, 'Page not found', h('p', {}, 'There is no page at this address. ',
      h('a', { href: home() }, 'Go to the start page'), '.'));
  }

  // A view that could not load: the reason in place of the view.
  function failed(v, e) {
    if (!v.alive || (e && e.handled)) return;
    if (!(e instanceof ApiError)) console.error(e);
    page(v, 'Something went wrong', problemBox(`This page could not be shown: ${e.message}.`),
      h('p', {}, h('a', { href: home() }, 'Go to the start page')));
  }

  // The answer to a scenario or run the caller may not see: the API says 404 for both.
  function notFound(v, title, text) {
    page(v, title, problemBox(text), h('p', {}, h('a', { href: '#/scenarios' }, 'Back to the scenarios')));
  }

  /* ==== top bar =========================================================================== */

  function renderTopbar() {
    const bar = document.getElementById('topbar');
    const brand = h('a', { class: 'brand', href: session ? home() : '#/' }, 'dayafter');
    if (!session) {
      replace(bar, brand);
      return;
    }
    const u = session.user;
    const links = [
      !u.site_admin && ['#/scenarios', 'Scenarios'],
      isAdmin(u) && ['#/admin', 'Admin'],
      ['#/account', 'Account'],
    ].filter(Boolean);
    const here = location.hash;
    const nav = h('nav', { 'aria-label': 'Main' }, h('ul', {}, links.map(([href, text]) =>
      h('li', {}, h('a', { href, 'aria-current': here === href || here.startsWith(`${href}/`) ? 'page' : null }, text)))));
    const who = h('p', { class: 'who' },
      h('span', { class: 'who-email' }, u.email),
      u.site_admin ? h('span', { class: 'who-org' }, 'site administrator')
        : [h('span', { class: 'who-org' }, u.organization), h('span', { class: 'who-role' }, u.role)]);
    const logout = h('button', { type: 'button', class: 'quiet', onclick: logOut }, 'Log out');
    replace(bar, brand, nav, h('div', { class: 'account' }, who, logout));
  }

  async function logOut() {
    try {
      await api('POST', '/api/logout');
    } catch (e) {
      if (e.handled) return; // the session had ended anyway
    }
    saveSession(null);
    tellTabs({ type: 'logout' });
    drafts.clear();
    // The next person to log in here starts at their own start page, not at yours.
    history.replaceState(null, '', '#/');
    pendingFlash = ['You are logged out.', 'info'];
    render();
  }

  /* ==== login ============================================================================= */

  function viewLogin(v) {
    const email = h('input', { type: 'email', name: 'email', autocomplete: 'username', required: true });
    const password = h('input', { type: 'password', name: 'password', autocomplete: 'current-password', required: true });
    const status = statusLine();
    const submit = h('button', { type: 'submit', class: 'primary' }, 'Log in');
    const form = h('form', { class: 'card narrow', 'aria-label': 'Log in' },
      field('Email', email), field('Password', password), h('div', { class: 'actions' }, submit), status);
    form.addEventListener('submit', once(submit, async (ev) => {
      ev.preventDefault();
      status.say('Logging in…');
      try {
        const r = await api('POST', '/api/login', { email: email.value.trim(), password: password.value });
        saveSession({ csrf: r.csrf, user: r.user });
        tellTabs({ type: 'session', session });
        render();
      } catch (e) {
        status.say(e.status === 401 ? 'Wrong email or password.' : `Cannot log in: ${e.message}.`, 'error');
        password.select();
      }
    }));
    page(v, 'Log in to dayafter', h('p', { class: 'lede' },
      'Plan a stabilization mission under uncertainty: scenarios, their revisions, runs and reports, shared between organizations.'),
    form);
    email.focus();
  }

  /* Wraps a submit or click handler so that a second press while the first is under way does
   * nothing (a double-click must not queue two runs). The button stays focusable: it is not
   * disabled, only marked busy. */
  function once(button, handler) {
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

  /* ==== the scenarios list ================================================================ */

  function accessText(s) {
    if (s.owned) return s.can_edit ? 'owned, editable' : 'owned, read only';
    return s.can_edit ? 'shared with you, editable' : 'shared with you, read only';
  }

  async function viewScenarios(v) {
    const { scenarios } = await api('GET', '/api/scenarios');
    const u = session.user;
    const actions = isWriter(u)
      ? h('p', { class: 'actions' }, h('a', { class: 'button primary', href: '#/scenarios/new' }, 'New scenario'))
      : null;
    if (!scenarios.length) {
      const why = u.site_admin
        ? 'The site administrator belongs to no organization, so has no scenarios: create organizations and their members on the Admin page.'
        : 'Your organization has no scenarios yet, and none is shared with it.';
      page(v, 'Scenarios', actions, h('p', { class: 'empty' }, why));
      return;
    }
    const rows = scenarios.map((s) => [
      h('a', { href: `#/scenarios/${s.id}` }, s.name), s.organization,
      h('span', { class: `badge ${s.owned ? 'owned' : 'shared'}` }, accessText(s)),
      String(s.revision), fmtTime(s.updated)]);
    const list = table(`${plural(scenarios.length, 'scenario')} your organization may see`,
      ['Name', 'Organization', 'Access', 'Revision', 'Updated'], rows, { cls: 'scenarios' });
    page(v, 'Scenarios', actions, filterBox(list, 'Filter by name or organization'), list);
  }

  /* A text box that hides the rows of 'wrap's table that do not contain what you type. */
  function filterBox(wrap, label) {
    const input = h('input', { type: 'search', autocomplete: 'off' });
    const count = statusLine('quiet');
    input.addEventListener('input', () => {
      const q = input.value.trim().toLowerCase();
      let shown = 0;
      const rows = wrap.querySelectorAll('tbody tr');
      rows.forEach((tr) => {
        tr.hidden = Boolean(q) && !tr.textContent.toLowerCase().includes(q);
        if (!tr.hidden) shown++;
      });
      count.say(q ? `${shown} of ${rows.length} shown` : '');
    });
    return h('div', { class: 'filter' }, field(label, input), count);
  }

  /* ==== the YAML editor =================================================================== */

  /* Cuts 'text' into lines as the server counts them (line 1 first). */
  function lineCount(text) {
    let n = 1;
    for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) n++;
    return n;
  }

  /* The offset in 'text' of 'line' and 'column' (both from 1). The server's columns count
   * characters (code points), JavaScript's offsets UTF-16 units: they differ after an emoji. */
  function offsetOf(text, line, column) {
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
   * way down, where the eye finds it. */
  function caretTo(textarea, line, column) {
    const pos = offsetOf(textarea.value, line, column);
    textarea.focus();
    textarea.setSelectionRange(pos, pos);
    const lh = parseFloat(getComputedStyle(textarea).lineHeight) || 20;
    textarea.scrollTop = Math.max(0, (line - 1) * lh - textarea.clientHeight / 3);
    if (column < 40) textarea.scrollLeft = 0;
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
  function createEditor(v, { value = '', readOnly = false, label = 'Scenario text (YAML)' } = {}) {
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

  /* ==== a new scenario ==================================================================== */

  /* The blank template: a complete, valid scenario (docs/scenario.md's minimal one, section 2,
   * with a milestone to wait for), so that a new scenario opens with no problems listed and
   * every section in place to edit. tests/browser/app_test.mjs checks that it validates. */
  const TEMPLATE = `# A new scenario: complete and valid as it is. Its numbers are
# made up: replace them by yours. Every key, with its unit, default
# and valid range: docs/scenario.md (linked above). To start
# from real figures, choose a built-in scenario under "Start from".
dayafter: 1
name: New scenario
description: What this scenario is for.
horizon_days: 730
replications: 1000
seed: 1
# The date of day 0, to see dates beside days (optional):
# start_date: 2025-01-01
areas:
  - id: city
    name: The city
    population: 100000
    area_km2: 25
    displaced_share: 0.5
    security_baseline: 0.3
    water_capacity_m3_day: 500
    hospital_beds: 40
milestones:
  - id: approval
    delay_days: {dist: triangular, min: 30, mode: 60, max: 180}
security:
  required_per_1000: 10
  tau_days: 45
  shock: 0.002
  spoiler_incidents_per_100k_day: 0.5
humanitarian:
  trucks_per_day: 50
  cost_per_truck_usd: 12000
  truck_shares: {food: 0.6, water: 0.2, medical: 0.1, shelter: 0.1}
reconstruction:
  min_security: 0.3
  sectors: []
donors:
  - id: un
    name: UN agencies
    pledges:
      - amount_usd: 200000000
        purpose: any
options:
  - id: police
    name: Local police
    starts_when: [approval]
    sources:
      - id: existing
        kind: pool
        size: 2000
        vetting_pass: 0.8
`;

  /* "Start from": the blank template or a built-in scenario (GET /api/examples), put into
   * 'editor' on request; 'edited' says whether replacing the text would lose work, 'loaded'
   * hears the text put in. */
  async function startFrom(editor, edited, loaded) {
    const { examples } = await api('GET', '/api/examples');
    const choice = select([['', 'A blank template'], ...examples.map((e) => [e.name, `${e.title} (built in)`])], '');
    const use = h('button', { type: 'button' }, 'Use this start');
    const status = statusLine('quiet');
    use.addEventListener('click', once(use, async () => {
      if (edited() && !window.confirm('Replace the text you have written with this start?')) return;
      try {
        const text = choice.value ? (await api('GET', `/api/examples/${encodeURIComponent(choice.value)}`)).yaml : TEMPLATE;
        editor.value = text;
        loaded(text);
        status.say(choice.value ? `The text is now the built-in scenario "${choice.value}": make it yours.` : 'The text is now the blank template.', 'ok');
      } catch (e) {
        if (!e.handled) status.say(`Not loaded: ${e.message}.`, 'error');
      }
    }));
    return h('div', { class: 'inline-form' }, field('Start from', choice), h('div', { class: 'actions' }, use), status);
  }

  /* Where the format is described: the server serves dayafter's documents on the format and
   * the API (as the Markdown they are written in), so the note links to them. */
  function formatNote() {
    const doc = (path, text) => h('a', { href: path, target: '_blank', rel: 'noopener' }, text);
    return h('p', { class: 'hint format-note' }, 'Every key of a scenario, with its unit, default and valid range, is ',
      'described in ', doc('/docs/scenario.md', 'the scenario format (docs/scenario.md)'), '; scripts use ',
      doc('/docs/api.md', 'the API (docs/api.md)'), '. ', h('code', {}, 'dayafter example gaza'),
      ' prints a complete scenario with the source of each number, and ',
      h('code', {}, 'dayafter validate --summary FILE'), ' says what a file holds.');
  }

  async function viewNewScenario(v) {
    if (!isWriter(session.user)) {
      page(v, 'New scenario', problemBox('Only your organization\'s editors and admins create scenarios.'));
      return;
    }
    const name = h('input', { type: 'text', required: true, maxlength: '200', autocomplete: 'off' });
    const editor = createEditor(v, { value: TEMPLATE });
    const status = statusLine();
    const submit = h('button', { type: 'submit', class: 'primary' }, 'Create scenario');
    // The text as last loaded: a reload would lose changes to it, so the browser asks first.
    let start = TEMPLATE;
    unsavedGuard = () => editor.value !== start;
    v.onDispose(() => { unsavedGuard = null; });
    const starter = await startFrom(editor, () => editor.value !== start, (text) => { start = text; });
    const form = h('form', { class: 'stack', 'aria-label': 'New scenario' },
      field('Name', name, 'How your organization will find it in the list.'), starter, formatNote(), editor.root,
      h('div', { class: 'actions' }, submit, h('a', { href: '#/scenarios' }, 'Cancel')), status);
    form.addEventListener('submit', once(submit, async () => {
      status.say('Creating…');
      try {
        const r = await api('POST', '/api/scenarios', { name: name.value.trim(), yaml: editor.value });
        unsavedGuard = null;
        navigate(`#/scenarios/${r.id}`, `Created "${name.value.trim()}" as revision 1.`);
      } catch (e) {
        if (e.handled) return;
        if (e.status === 422 && e.data && e.data.errors) {
          editor.setErrors(e.data.errors);
          status.say(`Not created: the text has ${plural(e.data.errors.length, 'problem')}, listed beside it.`, 'error');
        } else {
          status.say(`Not created: ${e.message}.`, 'error');
        }
      }
    }));
    page(v, 'New scenario', form);
  }

  /* ==== a scenario ======================================================================== */

  /* Unsaved text of the scenarios you left without saving, by id: coming back restores it
   * (a link in the top bar must not throw an afternoon's edit away). A reload loses them, and
   * the browser asks first (beforeunload). */
  const drafts = new Map();
  let unsavedGuard = null; // () => true while the view on screen has unsaved text

  window.addEventListener('beforeunload', (ev) => {
    if (unsavedGuard && unsavedGuard()) {
      ev.preventDefault();
      ev.returnValue = '';
    }
  });

  async function viewScenario(v, id) {
    let s;
    try {
      s = await api('GET', `/api/scenarios/${id}`);
    } catch (e) {
      if (e.status === 404) {
        notFound(v, 'Scenario not found', `Scenario ${id} was not found: it does not exist, or it is not shared with your organization (any more).`);
        return;
      }
      throw e;
    }
    const st = { s, base: s.revision };
    const parts = [];
    // Every part redraws from the scenario as the server has it after a change.
    const reload = async () => {
      try {
        st.s = await api('GET', `/api/scenarios/${id}`);
      } catch (e) {
        if (e.status === 404) notFound(v, 'Scenario not found', `Scenario ${id} is no longer shared with your organization.`);
        throw e;
      }
      parts.forEach((p) => p.update && p.update(st.s));
    };
    const meta = metaPart(st);
    const text = textPart(v, st, id, reload);
    const revisions = revisionsPart(v, st, id, text);
    text.revisions = revisions;
    const runs = runsPart(v, st, id);
    const sharing = sharingPart(v, st, id, reload);
    const fork = forkPart(v, st, id);
    parts.push(meta, text, revisions, runs, sharing, fork);
    page(v, s.name, meta.root, text.root, runs.root, revisions.root, sharing.root, fork.root);
    text.restoreDraft();
    runs.start();
  }

  /* The scenario's facts under its title: who owns it, your access, the latest revision and,
   * for a fork, where it came from. */
  function metaPart(st) {
    const root = h('dl', { class: 'facts' });
    const update = (s) => {
      const facts = [
        ['Organization', s.organization],
        ['Your access', accessText(s)],
        ['Latest revision', String(s.revision)],
        s.forked_from && ['Forked from', h('a', { href: `#/scenarios/${s.forked_from.scenario}` },
          `${s.forked_from.name}, revision ${s.forked_from.revision}`)],
      ].filter(Boolean);
      replace(root, facts.map(([k, val]) => h('div', {}, h('dt', {}, k), h('dd', {}, val))));
    };
    update(st.s);
    return { root, update };
  }

  /* The text: the editor, and for those who may change it, a message and Save (Ctrl+S). A
   * save names the revision it started from (base), so that a save made meanwhile by someone
   * else is not overwritten silently: the server answers 409 and this says what to do. */
  function textPart(v, st, id, reload) {
    const s = st.s;
    if (!s.can_edit) return readOnlyTextPart(v, s);
    const editor = createEditor(v, { value: s.yaml });
    const part = { root: null, revisions: null, editor };
    let saved = s.yaml; // the text of the revision 'st.base'
    const dirty = () => editor.value !== saved;
    unsavedGuard = dirty;
    v.onDispose(() => {
      if (dirty()) drafts.set(id, { text: editor.value, base: st.base });
      else drafts.delete(id);
      unsavedGuard = null;
    });
    const message = h('input', { type: 'text', maxlength: '2000', autocomplete: 'off' });
    const saveButton = h('button', { type: 'submit', class: 'primary' }, 'Save');
    const status = statusLine();
    const extra = h('div', { class: 'conflict' });
    const form = h('form', { class: 'save-form', 'aria-label': 'Save a new revision' },
      field('Message', message, 'What changed and why: it goes into the revisions list.'),
      h('div', { class: 'actions' }, saveButton, h('span', { class: 'hint' }, 'Ctrl+S saves from the text too.')),
      status, extra);

    const save = once(saveButton, async () => {
      replace(extra);
      status.say('Saving…');
      try {
        const r = await api('PUT', `/api/scenarios/${id}`, { yaml: editor.value, message: message.value.trim(), base: st.base });
        saved = editor.value;
        st.base = r.revision;
        message.value = '';
        drafts.delete(id);
        await reload();
        status.say(r.unchanged ? `Nothing to save: revision ${r.revision} has this text already.` : `Saved as revision ${r.revision}.`, 'ok');
      } catch (e) {
        if (!e.handled) refused(e);
      }
    });

    // Why a save was refused, and the way on.
    function refused(e) {
      if (e.status === 422 && e.data && e.data.errors) {
        editor.setErrors(e.data.errors);
        status.say(`Not saved: the text has ${plural(e.data.errors.length, 'problem')}, listed beside it.`, 'error');
      } else if (e.status === 409) {
        conflict(e.data && e.data.latest);
      } else if (e.status === 403) {
        status.say(`Not saved: ${e.message}.`, 'error');
      } else {
        status.say(`Not saved: ${e.message}. Your text is still here; try again.`, 'error');
      }
    }

    /* Someone saved revision 'latest' after the one you edited: your text stays, you see
     * what they changed, and you save on top of theirs once you have merged it. */
    function conflict(latest) {
      const base = st.base;
      status.say(`Not saved: revision ${latest} was saved by someone else after revision ${base}, the one you edited. Your text is still here. Look at what changed, merge it into your text, then save on top of revision ${latest}.`, 'error');
      reload().catch(() => {});
      replace(extra,
        h('button', { type: 'button', onclick: () => part.revisions.showDiff(base, latest) },
          `Show what changed from revision ${base} to ${latest}`),
        h('button', {
          type: 'button',
          onclick: () => {
            st.base = latest;
            replace(extra);
            status.say(`Your text will be saved on top of revision ${latest}: press Save.`, 'info');
            saveButton.focus();
          },
        }, `I have merged: save on top of revision ${latest}`));
    }

    form.addEventListener('submit', save);
    editor.textarea.addEventListener('keydown', (ev) => {
      if ((ev.ctrlKey || ev.metaKey) && ev.key.toLowerCase() === 's') {
        ev.preventDefault();
        save(ev);
      }
    });
    editor.onChange(() => {
      if (status.dataset.kind === 'ok' && dirty()) status.say('');
    });
    part.restoreDraft = () => {
      const d = drafts.get(id);
      if (!d) return;
      editor.value = d.text;
      st.base = d.base;
      status.say(`Your unsaved changes (made on revision ${d.base}) are back in the editor.`, 'info');
      replace(extra, h('button', {
        type: 'button',
        onclick: () => {
          editor.value = saved;
          st.base = st.s.revision;
          drafts.delete(id);
          replace(extra);
          status.say('Unsaved changes discarded: the editor holds the latest revision.', 'info');
        },
      }, 'Discard them'));
    };
    part.update = () => {};
    part.root = section('Text', editor.root, form);
    return part;
  }

  /* The text for those who may read it only: no Save, and why not. */
  function readOnlyTextPart(v, s) {
    const editor = createEditor(v, { value: s.yaml, readOnly: true });
    unsavedGuard = null;
    const why = s.owned ? 'Your role lets you read this scenario and run it, not change it.'
      : `${s.organization} shares this scenario with your organization for reading and running${isWriter(session.user) ? '; to change it, fork it' : ''}.`;
    return {
      root: section('Text', h('p', { class: 'note' }, why), editor.root),
      editor, revisions: null, restoreDraft: () => {}, update: () => {},
    };
  }

  /* Revisions: the list, one revision's text on request, and the difference between two. */
  function revisionsPart(v, st, id, text) {
    const list = h('div');
    const viewer = h('div', { class: 'revision-view' });
    const fromSel = h('select');
    const toSel = h('select');
    const showAll = h('input', { type: 'checkbox', id: uid('all') });
    const onlyOne = h('p', { class: 'hint' }, 'Save a second revision to compare two.');
    const output = h('div', { class: 'diff-output' });
    const status = statusLine();
    const diffButton = h('button', { type: 'submit' }, 'Show differences');
    const form = h('form', { class: 'inline-form', 'aria-label': 'Compare two revisions' },
      field('From revision', fromSel), field('To revision', toSel),
      h('div', { class: 'field check' }, showAll, h('label', { for: showAll.id }, 'Show unchanged lines too')),
      h('div', { class: 'actions' }, diffButton));
    let lastDiff = null;

    function update(s) {
      const revs = s.revisions;
      replace(list, table('Revisions, latest first', ['Revision', 'Author', 'Saved', 'Message', ''],
        revs.map((r) => [String(r.number), r.author, fmtTime(r.time), r.message || '–',
          h('button', { type: 'button', class: 'small', onclick: () => showRevision(r.number) },
            `View revision ${r.number}`)]), { hideCaption: true }));
      fillRevisions(fromSel, s, Math.max(1, s.revision - 1));
      fillRevisions(toSel, s, s.revision);
      form.hidden = revs.length < 2;
      onlyOne.hidden = revs.length > 1;
    }

    async function showRevision(n) {
      replace(viewer, h('p', {}, `Loading revision ${n}…`));
      try {
        const r = await api('GET', `/api/scenarios/${id}/revisions/${n}`);
        const headingId = uid('rev');
        const heading = h('h3', { id: headingId, tabindex: '-1' }, `Revision ${r.number}, by ${r.author}`);
        replace(viewer, h('section', { 'aria-labelledby': headingId }, heading,
          h('p', {}, fmtTime(r.time), r.message ? ` – ${r.message}` : ''),
          st.s.can_edit ? h('p', {}, h('button', {
            type: 'button',
            onclick: () => {
              text.editor.value = r.yaml;
              text.editor.textarea.focus();
              announce(`The editor now holds revision ${r.number}'s text: save to make it the latest revision.`);
            },
          }, `Put revision ${r.number}'s text in the editor`), ' ',
          h('span', { class: 'hint' }, 'Saving it then restores this revision.')) : null,
          h('pre', { class: 'code-view', tabindex: '0', 'aria-label': `Text of revision ${r.number}` }, r.yaml),
          h('button', { type: 'button', class: 'small', onclick: () => replace(viewer) }, 'Close')));
        heading.focus();
      } catch (e) {
        if (!e.handled) replace(viewer, problemBox(`Revision ${n} could not be loaded: ${e.message}.`));
      }
    }

    async function showDiff(from, to) {
      fromSel.value = String(from);
      toSel.value = String(to);
      status.say(`Comparing revision ${from} with ${to}…`);
      try {
        lastDiff = await api('GET', `/api/scenarios/${id}/diff?from=${from}&to=${to}`);
        drawDiff();
        status.say(`Revision ${from} to ${to}: ${plural(lastDiff.added, 'line')} added, ${plural(lastDiff.removed, 'line')} removed.`, 'ok');
        output.scrollIntoView({ block: 'nearest' });
      } catch (e) {
        if (!e.handled) status.say(`The difference could not be computed: ${e.message}.`, 'error');
      }
    }

    function drawDiff() {
      if (!lastDiff) return;
      replace(output, diffView(lastDiff, showAll.checked));
    }

    form.addEventListener('submit', once(diffButton, () => showDiff(Number(fromSel.value), Number(toSel.value))));
    showAll.addEventListener('change', drawDiff);
    update(st.s);
    const root = section('Revisions', list, viewer,
      h('h3', {}, 'Differences between two revisions'),
      onlyOne, form, status, output);
    return { root, update, showDiff };
  }

  /* A diff as a table: old and new line numbers, the change and the text; unchanged lines
   * more than 3 away from a change are folded (unless 'all'). The unified text follows, to
   * copy into an e-mail or a review. */
  const DIFF_WORDS = { '+': 'added', '-': 'removed', ' ': 'unchanged' };

  function diffView(d, all) {
    const lines = d.lines;
    const keep = new Array(lines.length).fill(all);
    lines.forEach((l, i) => {
      if (l.op === ' ') return;
      for (let j = Math.max(0, i - 3); j <= Math.min(lines.length - 1, i + 3); j++) keep[j] = true;
    });
    const rows = [];
    for (let i = 0; i < lines.length;) {
      if (!keep[i]) {
        let j = i;
        while (j < lines.length && !keep[j]) j++;
        rows.push(h('tr', { class: 'diff-gap' }, h('td', { colspan: '4' }, `… ${plural(j - i, 'unchanged line')}`)));
        i = j;
        continue;
      }
      rows.push(diffRow(lines[i]));
      i++;
    }
    const legend = h('p', { class: 'diff-legend' },
      h('span', { class: 'diff-del-key' }, '− removed'), h('span', { class: 'diff-add-key' }, '+ added'));
    if (!d.added && !d.removed) return h('p', { class: 'note' }, `Revisions ${d.from} and ${d.to} have the same text.`);
    return [legend,
      h('div', { class: 'table-wrap' }, h('table', { class: 'diff' },
        h('caption', { class: 'visually-hidden' }, `Differences from revision ${d.from} to ${d.to}`),
        h('thead', {}, h('tr', {},
          h('th', { scope: 'col' }, `Rev. ${d.from}`), h('th', { scope: 'col' }, `Rev. ${d.to}`),
          h('th', { scope: 'col' }, h('span', { class: 'visually-hidden' }, 'Change')),
          h('th', { scope: 'col' }, 'Text'))),
        h('tbody', {}, rows))),
      h('details', { class: 'unified' }, h('summary', {}, 'Unified diff (as diff -u writes it)'),
        h('pre', { class: 'code-view', tabindex: '0' }, d.unified))];

    function diffRow(l) {
      const cls = l.op === '+' ? 'diff-add' : l.op === '-' ? 'diff-del' : 'diff-same';
      return h('tr', { class: cls, 'data-op': l.op },
        h('td', { class: 'ln' }, l.old === null ? '' : String(l.old)),
        h('td', { class: 'ln' }, l.new === null ? '' : String(l.new)),
        h('td', { class: 'op' }, h('span', { 'aria-hidden': 'true' }, l.op === '-' ? '−' : l.op),
          h('span', { class: 'visually-hidden' }, DIFF_WORDS[l.op])),
        h('td', { class: 'text' }, h('code', {}, l.text)));
    }
  }

  /* Runs of the scenario: queue one, follow them all (polling while any is queued or
   * running), pick two to compare. */
  function runsPart(v, st, id) {
    const revSel = h('select');
    const fromYaml = /^replications:\s*(\d+)/m.exec(st.s.yaml);
    const reps = h('input', {
      type: 'number', min: '1', max: '1000000', step: '1', inputmode: 'numeric',
      placeholder: fromYaml ? fromYaml[1] : '',
    });
    const seed = h('input', { type: 'text', inputmode: 'numeric', pattern: '[0-9]{1,19}', autocomplete: 'off' });
    const queueButton = h('button', { type: 'submit', class: 'primary' }, 'Queue run');
    const status = statusLine();
    const form = h('form', { class: 'inline-form', 'aria-label': 'Queue a run' },
      field('Revision', revSel), field('Replications', reps, 'Empty: the scenario\'s own number.'),
      field('Seed', seed, 'Empty: the scenario\'s own seed.'), h('div', { class: 'actions' }, queueButton));
    const tbody = h('tbody');
    const runsTable = h('div', { class: 'table-wrap' }, h('table', { class: 'runs' },
      h('caption', { class: 'visually-hidden' }, 'Runs of this scenario, latest first'),
      h('thead', {}, h('tr', {}, ['Compare', 'Run', 'Revision', 'Replications', 'Seed', 'Status', 'Requested by', 'Queued']
        .map((t) => h('th', { scope: 'col' }, t)))),
      tbody));
    const empty = h('p', { class: 'empty' }, 'No runs yet.');
    const compareStatus = statusLine();
    const compareButton = h('button', { type: 'button', onclick: compare }, 'Compare the two selected runs');
    const rows = new Map(); // run id -> row
    let first = true;

    const update = (s) => fillRevisions(revSel, s, s.revision);

    const poll = poller(v, async () => {
      const { runs } = await api('GET', `/api/scenarios/${id}/runs`);
      draw(runs);
      return runs.some((r) => r.status === 'queued' || r.status === 'running');
    }, 1000, (e) => {
      if (e.status === 404) notFound(v, 'Scenario not found', `Scenario ${id} is no longer shared with your organization.`);
      else status.say(`The runs could not be refreshed: ${e.message}.`, 'error');
    });

    // New runs go on top; rows already there are updated in place, so focus stays put.
    function draw(runs) {
      const fresh = runs.filter((r) => !rows.has(r.id)).sort((a, b) => a.id - b.id);
      for (const r of fresh) {
        const row = runRow(r);
        rows.set(r.id, row);
        if (first) tbody.append(row.tr);
        else tbody.prepend(row.tr);
      }
      first = false;
      for (const r of runs) rows.get(r.id).update(r);
      empty.hidden = runs.length > 0;
      runsTable.hidden = runs.length === 0;
      compareButton.hidden = runs.length < 2;
    }

    form.addEventListener('submit', once(queueButton, async () => {
      const body = runBody(revSel.value, reps.value, seed.value.trim());
      if (!body) {
        status.say('The seed must be a whole number from 0 to 9223372036854775807.', 'error');
        seed.focus();
        return;
      }
      status.say('Queueing…');
      try {
        const r = await api('POST', `/api/scenarios/${id}/runs`, body);
        status.say(`Run ${r.id} queued.`, 'ok');
        poll.now();
      } catch (e) {
        if (e.handled) return;
        const wait = e.retryAfter ? ` Try again in ${e.retryAfter} seconds.` : '';
        status.say(`Not queued: ${e.message}.${wait}`, 'error');
      }
    }));

    function compare() {
      const picked = [...rows.entries()].filter(([, row]) => row.box.checked).map(([rid]) => rid).sort((a, b) => a - b);
      if (picked.length !== 2) {
        compareStatus.say(`Select exactly two runs to compare (${picked.length} selected).`, 'error');
        return;
      }
      location.hash = `#/compare/${picked[0]}/${picked[1]}`;
    }

    update(st.s);
    runsTable.hidden = true;
    compareButton.hidden = true;
    const root = section('Runs', form, status, empty, runsTable, h('div', { class: 'actions' }, compareButton), compareStatus);
    return { root, update, start: () => poll.now() };
  }

  /* The body of POST .../runs, written by hand for the seed: JSON.stringify would round one
   * above 2^53. Null when the seed is not a whole number the server takes. */
  function runBody(revision, replications, seed) {
    const parts = [`"revision":${Number(revision)}`];
    if (replications) parts.push(`"replications":${Math.trunc(Number(replications))}`);
    if (seed) {
      if (!/^\d{1,19}$/.test(seed) || BigInt(seed) > 9223372036854775807n) return null;
      parts.push(`"seed":${BigInt(seed).toString()}`);
    }
    return `{${parts.join(',')}}`;
  }

  /* A row of the runs table: the checkbox that picks it for comparison, its link, and its
   * status with a progress bar. It announces the end of a run it saw going. */
  function runRow(r) {
    const box = h('input', { type: 'checkbox', 'aria-label': `Select run ${r.id} to compare` });
    const statusCell = h('td', { class: 'run-status' });
    const tr = h('tr', { 'data-run': r.id },
      h('td', {}, box), h('td', {}, h('a', { href: `#/runs/${r.id}` }, `Run ${r.id}`)),
      h('td', {}, String(r.revision)), h('td', {}, fmtNumber(r.replications)), h('td', {}, String(r.seed)),
      statusCell, h('td', {}, r.requested_by), h('td', {}, fmtTime(r.created)));
    let last = null;
    function update(run) {
      if (last === `${run.status}|${run.progress}`) return;
      if (last && runEnded(run) && !/^(done|failed|cancelled)/.test(last)) {
        announce(`Run ${run.id} ${{ done: 'is done', cancelled: 'was cancelled' }[run.status] || `failed: ${run.error || 'no reason given'}`}.`);
      }
      last = `${run.status}|${run.progress}`;
      tr.dataset.status = run.status;
      replace(statusCell, runStatus(run));
    }
    return { tr, box, update };
  }

  function runEnded(run) {
    return run.status === 'done' || run.status === 'failed' || run.status === 'cancelled';
  }

  /* A run's status in words, with a progress bar while it runs. */
  function runStatus(run) {
    // Without a progress from the server the bar is indeterminate: unknown is not 0%.
    const pct = typeof run.progress === 'number' ? Math.round(100 * run.progress) : null;
    const words = {
      queued: 'queued', running: pct === null ? 'running' : `running, ${pct}%`, done: 'done',
      failed: `failed${run.error ? `: ${run.error}` : ''}`, cancelled: run.error || 'cancelled',
    }[run.status] || run.status;
    return h('span', { class: `run-state ${run.status}` },
      h('span', { class: 'badge' }, words),
      run.status === 'running' || run.status === 'queued'
        ? h('progress', { max: '100', value: pct === null ? null : String(pct), 'aria-label': `Run ${run.id} progress` },
          pct === null ? '' : `${pct}%`)
        : null);
  }

  /* Calls 'fn' now and then every 'ms' while it returns true, until the view goes; now()
   * asks for a call at once (after the one under way, if any). */
  function poller(v, fn, ms, onError) {
    let timer = null;
    let running = false;
    let again = false;
    async function tick() {
      clearTimeout(timer);
      timer = null;
      running = true;
      let more = false;
      try {
        more = await fn();
      } catch (e) {
        if (!e.handled && v.alive) onError(e);
        more = !e.handled && e.status !== 404 && e.status !== 403;
      } finally {
        running = false;
      }
      if (!v.alive) return;
      if (again) {
        again = false;
        tick();
      } else if (more) {
        timer = setTimeout(tick, ms);
      }
    }
    v.onDispose(() => clearTimeout(timer));
    return {
      now() {
        if (running) again = true;
        else tick();
      },
    };
  }

  /* Sharing: only the owner sees who else may read or edit; its editors and admins change
   * it. A share with an organization that has one already changes its access. */
  function sharingPart(v, st, id, reload) {
    const root = h('div');
    const orgSel = h('select');
    const access = select([['read', 'Read and run'], ['edit', 'Read, run and edit']], 'read');
    const shareButton = h('button', { type: 'submit' }, 'Share');
    const status = statusLine();
    const listEl = h('div');
    const form = h('form', { class: 'inline-form', 'aria-label': 'Share with an organization' },
      field('Organization', orgSel), field('Access', access), h('div', { class: 'actions' }, shareButton));
    let orgs = null;

    async function loadOrgs() {
      try {
        orgs = (await api('GET', '/api/organizations')).organizations.map((o) => o.name);
        update(st.s);
      } catch (e) {
        if (!e.handled) status.say(`The organizations could not be listed: ${e.message}.`, 'error');
      }
    }

    function update(s) {
      if (!s.shares) {
        replace(root);
        return;
      }
      const shares = s.shares;
      replace(listEl, shares.length
        ? table('Organizations this scenario is shared with', ['Organization', 'Access', 'Since', ''],
          shares.map((sh) => [sh.organization, sh.access === 'edit' ? 'read, run and edit' : 'read and run', fmtTime(sh.since),
            s.can_share ? h('button', {
              type: 'button', class: 'small danger', 'aria-label': `Revoke ${sh.organization}'s access`,
              onclick: (ev) => revoke(sh.organization, ev.currentTarget),
            }, 'Revoke') : '']), { hideCaption: true })
        : h('p', { class: 'empty' }, 'Not shared: only your organization sees it.'));
      if (orgs) {
        const others = orgs.filter((o) => o !== s.organization);
        const keep = orgSel.value;
        replace(orgSel, others.length ? options(others.map((o) => [o, o]), keep)
          : h('option', { value: '' }, 'No other organization exists'));
      }
      form.hidden = !s.can_share;
      if (!root.firstChild) {
        append(root, section('Sharing', listEl, form, status,
          s.can_share ? null : h('p', { class: 'note' }, 'Your organization\'s editors and admins decide who else sees it.')));
      }
    }

    form.addEventListener('submit', once(shareButton, async () => {
      const org = orgSel.value;
      if (!org) return;
      try {
        await api('POST', `/api/scenarios/${id}/shares`, { organization: org, access: access.value });
        await reload();
        status.say(`${org} may now ${access.value === 'edit' ? 'read, run and edit' : 'read and run'} this scenario.`, 'ok');
      } catch (e) {
        if (!e.handled) status.say(`Not shared: ${e.message}.`, 'error');
      }
    }));

    async function revoke(org, button) {
      button.setAttribute('aria-busy', 'true');
      try {
        await api('DELETE', `/api/scenarios/${id}/shares/${encodeURIComponent(org)}`);
        await reload();
        status.say(`${org} no longer sees this scenario. Share it again to undo.`, 'ok');
        orgSel.focus();
      } catch (e) {
        if (!e.handled) status.say(`Not revoked: ${e.message}.`, 'error');
        button.removeAttribute('aria-busy');
      }
    }

    update(st.s);
    if (st.s.shares && st.s.can_share) loadOrgs();
    return { root, update };
  }

  /* Fork: a copy of any revision into your organization, to change what you may only read,
   * or to try a variant without touching the original. */
  function forkPart(v, st, id) {
    if (!isWriter(session.user)) return { root: null };
    const name = h('input', { type: 'text', maxlength: '200', autocomplete: 'off', placeholder: `${st.s.name} (fork)` });
    const revSel = h('select');
    const button = h('button', { type: 'submit' }, 'Fork');
    const status = statusLine();
    const form = h('form', { class: 'inline-form', 'aria-label': 'Fork this scenario' },
      field('Name of the copy', name, 'Empty: the name followed by "(fork)".'), field('Revision', revSel),
      h('div', { class: 'actions' }, button));
    const update = (s) => fillRevisions(revSel, s, s.revision);
    form.addEventListener('submit', once(button, async () => {
      const body = { revision: Number(revSel.value) };
      if (name.value.trim()) body.name = name.value.trim();
      try {
        const r = await api('POST', `/api/scenarios/${id}/fork`, body);
        navigate(`#/scenarios/${r.id}`, `Forked revision ${body.revision} as a new scenario of your organization.`);
      } catch (e) {
        if (!e.handled) status.say(`Not forked: ${e.message}.`, 'error');
      }
    }));
    update(st.s);
    return {
      root: section('Fork', h('p', { class: 'hint' }, 'A copy in your organization, with its own revisions; the original does not change.'),
        form, status),
      update,
    };
  }

  /* ==== a run ============================================================================= */

  async function fetchRun(v, id) {
    try {
      return await api('GET', `/api/runs/${id}`);
    } catch (e) {
      if (e.status === 404) {
        notFound(v, 'Run not found', `Run ${id} was not found: it does not exist, or its scenario is not shared with your organization (any more).`);
        return null;
      }
      throw e;
    }
  }

  // The scenario's name for a heading; null when it cannot be seen.
  async function scenarioName(sid) {
    try {
      return (await api('GET', `/api/scenarios/${sid}`)).name;
    } catch (e) {
      if (e.handled) throw e;
      return null;
    }
  }

  async function viewRun(v, id) {
    const run = await fetchRun(v, id);
    if (!run) return;
    const name = await scenarioName(run.scenario);
    const facts = h('dl', { class: 'facts' });
    const progress = h('div', { class: 'run-progress' });
    const results = h('div');
    const drawFacts = (r) => {
      replace(facts, [
        ['Scenario', h('a', { href: `#/scenarios/${r.scenario}` }, name || `Scenario ${r.scenario}`)],
        ['Revision', String(r.revision)], ['Replications', fmtNumber(r.replications)], ['Seed', String(r.seed)],
        ['Requested by', r.requested_by], ['Queued', fmtTime(r.created)], ['Started', fmtTime(r.started)],
        ['Finished', fmtTime(r.finished)],
      ].map(([k, val]) => h('div', {}, h('dt', {}, k), h('dd', {}, val))));
      replace(progress, runStatus(r));
    };
    drawFacts(run);
    const cancel = cancelPart(id, (r) => { drawFacts(r); ended(r); });
    page(v, `Run ${id}${name ? ` of ${name}` : ''}`, facts, progress, cancel.root, results);
    // What an ended run shows below its facts; false while it is queued or running.
    function ended(r) {
      if (!runEnded(r)) return false;
      cancel.root.hidden = r.status !== 'cancelled';
      cancel.button.hidden = true;
      if (r.status === 'done') drawResults(v, r, results);
      else if (r.status === 'failed') replace(results, problemBox(`The run failed: ${r.error || 'no reason given'}.`), againButton(r));
      else replace(results, h('p', { class: 'note' }, `The run was ${r.error || 'cancelled'}: it has no results.`), againButton(r));
      return true;
    }
    if (ended(run)) return;
    // Follow it until it ends; its results appear below without moving the focus.
    append(results, h('p', { class: 'note' }, 'Its figures, downloads and report appear here when it is done.'));
    const poll = poller(v, async () => {
      const r = await api('GET', `/api/runs/${id}`);
      drawFacts(r);
      if (ended(r) && r.status === 'done') announce(`Run ${id} is done: its report is below.`);
      return !runEnded(r);
    }, 1000, (e) => replace(results, problemBox(`The run could not be followed: ${e.message}.`)));
    poll.now();
  }

  /* The way to cancel a queued or running run: it stops within a second, keeps its place in
   * the list as cancelled, and frees a place in the organization's queue. 'after' draws the
   * run as the server then describes it. */
  function cancelPart(id, after) {
    const button = h('button', { type: 'button', class: 'danger' }, 'Cancel run');
    const status = statusLine();
    button.addEventListener('click', once(button, async () => {
      if (!window.confirm(`Cancel run ${id}? It stops at once and has no results; queueing it again starts it from the beginning.`)) return;
      try {
        await api('DELETE', `/api/runs/${id}`);
        status.say(`Run ${id} cancelled.`, 'ok');
        after(await api('GET', `/api/runs/${id}`));
      } catch (e) {
        if (e.handled) return;
        // It ended meanwhile (409): show how.
        status.say(`Not cancelled: ${e.message}.`, 'error');
        if (e.status === 409) after(await api('GET', `/api/runs/${id}`));
      }
    }));
    return { root: h('div', { class: 'actions' }, button, status), button };
  }

  /* A failed or cancelled run (one a crash cut off, say) queued again: the same
   * revision, replications and seed, so the same results. The body is written by hand: a seed
   * above 2^53 arrives as its digits and must leave as them. */
  function againButton(run) {
    const button = h('button', { type: 'button' }, 'Queue it again');
    const status = statusLine();
    button.addEventListener('click', once(button, async () => {
      try {
        // A seed that is not a whole number (none should be) is left out, and the server takes
        // the revision's own, rather than sending 0, another seed than the run's.
        const seed = /^\d+$/.test(String(run.seed)) ? `, "seed": ${run.seed}` : '';
        const body = `{"revision": ${Number(run.revision)}, "replications": ${Number(run.replications)}${seed}}`;
        const r = await api('POST', `/api/scenarios/${run.scenario}/runs`, body);
        navigate(`#/runs/${r.id}`, `Queued again as run ${r.id}.`);
      } catch (e) {
        if (!e.handled) status.say(`Not queued: ${e.message}.`, 'error');
      }
    }));
    return h('div', { class: 'actions' }, button, status);
  }

  /* A finished run: its main figures, the downloads, the report in a frame, and a way to
   * compare it with another run of the scenario. */
  function drawResults(v, run, into) {
    const base = `/api/runs/${run.id}`;
    const downloads = h('ul', { class: 'downloads' },
      h('li', {}, h('a', { href: `${base}/report.html?download=1`, download: `run-${run.id}-report.html` }, 'Report (HTML, works offline)')),
      h('li', {}, h('a', { href: `${base}/results.json`, download: `run-${run.id}-results.json` }, 'Results (JSON)')),
      (run.csv || []).map((n) => h('li', {}, h('a', { href: `${base}/csv/${encodeURIComponent(n)}`, download: `run-${run.id}-${n}` }, `${n} (CSV)`))),
      h('li', {}, h('a', { href: `${base}/report.html`, target: '_blank', rel: 'noopener' }, 'Open the report in a new tab')));
    const compareWith = comparePicker(v, run);
    replace(into,
      run.results ? section('Main figures', metricsTable([{ label: `Run ${run.id}`, results: run.results }])) : null,
      section('Downloads', downloads),
      compareWith,
      section('Report', h('iframe', { class: 'report-frame', src: `${base}/report.html`, title: `Report of run ${run.id}` })));
  }

  /* A choice of the scenario's other finished runs to compare this one with. */
  function comparePicker(v, run) {
    const sel = h('select');
    const button = h('button', { type: 'submit' }, 'Compare');
    const form = h('form', { class: 'inline-form', 'aria-label': 'Compare with another run' },
      field('Another run of this scenario', sel), h('div', { class: 'actions' }, button));
    const root = section('Compare', form);
    root.hidden = true;
    form.addEventListener('submit', (ev) => {
      ev.preventDefault();
      const other = Number(sel.value);
      if (other) location.hash = `#/compare/${Math.min(run.id, other)}/${Math.max(run.id, other)}`;
    });
    api('GET', `/api/scenarios/${run.scenario}/runs`).then(({ runs }) => {
      const others = runs.filter((r) => r.id !== run.id && r.status === 'done');
      if (!v.alive || !others.length) return;
      replace(sel, others.map((r) => h('option', { value: String(r.id) },
        `Run ${r.id}: revision ${r.revision}, ${fmtNumber(r.replications)} replications, seed ${r.seed}`)));
      root.hidden = false;
    }).catch(() => {});
    return root;
  }

  /* ==== main figures and comparisons ====================================================== */

  // Each metric's label and format come from the run's results (their "metrics", the
  // registry of src/output/metrics.c); results saved before dayafter wrote it show the ids.
  const fmtValue = (x, format) => F.value(x, format);

  function fmtDelta(d, format) {
    const sign = d > 0 ? '+' : d < 0 ? '−' : '';
    const a = Math.abs(d);
    // A share changes in percentage points (2% to 1.5% is half a point, not "-25%").
    if (format === 'share') {
      const points = F.value(100 * a, 'number');
      return `${sign}${points} ${points === '1' ? 'point' : 'points'}`;
    }
    if (format === 'day') return `${sign}${F.value(a, 'day')} days`;
    return `${sign}${F.value(a, format)}`;
  }

  /* A value the results give, or null: absent and null stay unknown, never 0. */
  const known = (x) => (typeof x === 'number' && Number.isFinite(x) ? x : null);

  /* The day a metric named after one is measured on (deployed_day365), else null. */
  function metricDay(key) {
    const m = /_day([0-9]+)$/.exec(key);
    return m ? Number(m[1]) : null;
  }

  /* Every option's metrics as rows: the median with its 10th-90th percentile range, the
   * probabilities of starting, of covering every area and of half the need deployed by each
   * check day ('cal', format.js's calendar of the run). A value that the results do not hold
   * because its day is past the horizon is marked 'beyond'. */
  function optionRows(option, registry, cal) {
    const rows = [
      { key: 'p_start', label: 'Probability of starting', format: 'share', stat: { p50: known(option.p_start) } },
      { key: 'p_ioc', label: 'Probability of covering every area', format: 'share', stat: { p50: known(option.p_ioc) } },
    ];
    for (const day of cal.checkDays) {
      const date = cal.dateOf(day);
      rows.push({ key: `p_deployed_by_${day}`, label: `Half the need deployed by day ${day}${date ? ` (${date})` : ''}`,
        format: 'share', stat: { p50: known((option.p_deployed_by || {})[day]) }, beyond: cal.beyond(day) });
    }
    for (const [key, stat] of Object.entries(option.metrics || {})) {
      const m = registry && registry.byId[key];
      // A metric whose day is past the horizon is null in the results.
      rows.push({ key, label: m ? m.label : key, format: m ? m.format : 'number', stat: stat || { p50: null },
        beyond: !stat && cal.beyond(metricDay(key)) });
    }
    return rows;
  }

  /* The table of one run's or two runs' options and metrics. With two, a difference column:
   * the change of the median, highlighted from 1% (and strongly from 10%) of the larger. */
  function metricsTable(runs) {
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
      const rowsOf = opts.map((o, i) => new Map(o ? optionRows(o, registry, F.calendar(runs[i].results)).map((r) => [r.key, r]) : []));
      rowsOf.forEach((m) => m.forEach((r, k) => { if (!keys.includes(k)) keys.push(k); }));
      return h('tbody', {},
        h('tr', { class: 'option-head' }, h('th', { scope: 'rowgroup', colspan: String(runs.length + (two ? 2 : 1)) },
          known.name || oid, h('span', { class: 'option-id' }, ` (${oid})`))),
        keys.map((k) => metricRow(k, rowsOf.map((m) => m.get(k)), two)));
    });
    return h('div', { class: 'table-wrap' }, h('table', { class: 'metrics' },
      h('caption', {}, two ? 'Each option\'s metrics in both runs; differences of 1% (of probabilities: 1 point) or more are highlighted, from 10% strongly.'
        : 'Each option\'s metrics over the run\'s replications.', registry ? null : ` ${F.NO_REGISTRY}`),
      h('thead', {}, head), bodies));
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
        range, d && d.p10 && d.p10 !== d.p90 ? h('span', { class: 'range' }, `${d.p10} – ${d.p90}`) : null);
    };
    const tr = h('tr', { 'data-metric': key },
      h('th', { scope: 'row' }, r.label, r.label !== key ? h('span', { class: 'metric-key' }, key) : null),
      rows.map(cell));
    if (two) {
      const [a, b] = rows.map((x) => (x ? x.stat.p50 : null));
      tr.append(diffCell(a, b, r.format, tr));
    }
    return tr;
  }

  /* The change of a median. Probabilities change in points (2% to 1.5% is half a point, not
   * "-25%"); other metrics relative to the larger of the two. */
  function diffCell(a, b, format, tr) {
    if (a === null || b === null || a === undefined || b === undefined) return h('td', { class: 'num' }, '–');
    const d = b - a;
    const scale = format === 'share' ? 1 : Math.max(Math.abs(a), Math.abs(b));
    const rel = scale ? Math.abs(d) / scale : 0;
    if (rel < 0.01) return h('td', { class: 'num same' }, 'about the same');
    tr.classList.add(rel >= 0.1 ? 'differs-much' : 'differs');
    const pct = a && format !== 'share' ? ` (${d > 0 ? '+' : '−'}${Math.abs(Math.round(100 * d / a))}%)` : '';
    return h('td', { class: 'num delta' },
      h('span', { 'aria-hidden': 'true', class: 'arrow' }, d > 0 ? '▲ ' : '▼ '),
      h('span', { class: 'visually-hidden' }, d > 0 ? 'higher by ' : 'lower by '),
      `${fmtDelta(d, format)}${pct}`);
  }

  async function viewCompare(v, a, b) {
    const runs = [];
    for (const id of [a, b]) {
      const r = await fetchRun(v, id);
      if (!r) return;
      runs.push(r);
    }
    const names = {};
    for (const sid of new Set(runs.map((r) => r.scenario))) names[sid] = await scenarioName(sid);
    const pending = runs.filter((r) => r.status !== 'done');
    if (pending.length) {
      comparePending(v, a, b, runs, pending);
      return;
    }
    const labels = runs.map((r) => `Run ${r.id}`);
    const settings = [
      ['Scenario', (r) => names[r.scenario] || `Scenario ${r.scenario}`],
      ['Revision', (r) => String(r.revision)], ['Replications', (r) => fmtNumber(r.replications)],
      ['Seed', (r) => String(r.seed)], ['Requested by', (r) => r.requested_by], ['Finished', (r) => r.finished],
    ];
    const settingsTable = h('div', { class: 'table-wrap' }, h('table', { class: 'settings' },
      h('caption', {}, 'What each run ran; settings that differ are highlighted.'),
      h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'Setting'), labels.map((l, i) =>
        h('th', { scope: 'col' }, h('a', { href: `#/runs/${runs[i].id}` }, l))))),
      h('tbody', {}, settings.map(([k, f]) => {
        const vals = runs.map(f);
        return h('tr', { class: vals[0] !== vals[1] && k !== 'Finished' && k !== 'Requested by' ? 'differs' : null },
          h('th', { scope: 'row' }, k), vals.map((x, i) => h('td', {}, k === 'Finished' ? fmtTime(runs[i].finished) : x)));
      }))));
    const frames = h('div', { class: 'side-by-side' }, runs.map((r) => h('div', { class: 'frame-col' },
      h('h3', {}, h('a', { href: `#/runs/${r.id}` }, `Run ${r.id}`)),
      h('iframe', { class: 'report-frame', src: `/api/runs/${r.id}/report.html`, title: `Report of run ${r.id}` }))));
    page(v, `Run ${a} and run ${b} compared`,
      section('Settings', settingsTable),
      section('Main figures', metricsTable(runs.map((r, i) => ({ label: labels[i], results: r.results })))),
      section('Reports side by side', frames));
  }

  // Runs still going: say so and come back when both are done.
  function comparePending(v, a, b, runs, pending) {
    const list = h('ul', {}, runs.map((r) => h('li', {}, h('a', { href: `#/runs/${r.id}` }, `Run ${r.id}`), ': ', runStatus(r))));
    page(v, `Run ${a} and run ${b} compared`, h('p', { class: 'note' },
      `${pending.map((r) => `Run ${r.id}`).join(' and ')} ${pending.length > 1 ? 'have' : 'has'} no results yet; this page fills in when both runs are done.`), list);
    if (pending.some((r) => r.status === 'failed')) return;
    const poll = poller(v, async () => {
      const now = await Promise.all([a, b].map((id) => api('GET', `/api/runs/${id}`)));
      replace(list, now.map((r) => h('li', {}, h('a', { href: `#/runs/${r.id}` }, `Run ${r.id}`), ': ', runStatus(r))));
      if (now.every((r) => r.status === 'done')) {
        render();
        return false;
      }
      return !now.some((r) => r.status === 'failed');
    }, 1000, () => {});
    v.later(() => poll.now(), 1000);
  }

  /* ==== administration ==================================================================== */

  async function viewAdmin(v) {
    const u = session.user;
    if (!isAdmin(u)) {
      page(v, 'Administration', problemBox('Only the site administrator and organizations\' admins administer.'));
      return;
    }
    const [{ organizations }, { users }] = await Promise.all([api('GET', '/api/organizations'), api('GET', '/api/users')]);
    const state = { organizations, users };
    const parts = [];
    // A change redraws every part: a new organization is a choice for members, and an entry
    // in the audit log.
    const changed = () => parts.forEach((p) => p.update && p.update());
    if (u.site_admin) parts.push(organizationsPart(state, changed));
    parts.push(membersPart(state, changed));
    parts.push(auditPart(v));
    page(v, u.site_admin ? 'Administration' : `Administration of ${u.organization}`, parts.map((p) => p.root));
  }

  /* Organizations (the site administrator's): the list and a new one. */
  function organizationsPart(state, changed) {
    const name = h('input', { type: 'text', required: true, maxlength: '200', autocomplete: 'off' });
    const button = h('button', { type: 'submit' }, 'Create organization');
    const status = statusLine();
    const listEl = h('div');
    const form = h('form', { class: 'inline-form', 'aria-label': 'New organization' },
      field('Name', name), h('div', { class: 'actions' }, button));
    const update = () => replace(listEl, state.organizations.length
      ? table('Organizations', ['Name', 'Created'], state.organizations.map((o) => [o.name, fmtTime(o.created)]), { hideCaption: true })
      : h('p', { class: 'empty' }, 'No organization yet: create the first.'));
    form.addEventListener('submit', once(button, async () => {
      try {
        const r = await api('POST', '/api/organizations', { name: name.value.trim() });
        state.organizations = (await api('GET', '/api/organizations')).organizations;
        changed();
        status.say(`Created the organization ${r.name}.`, 'ok');
        name.value = '';
        name.focus();
      } catch (e) {
        if (!e.handled) status.say(`Not created: ${e.message}.`, 'error');
      }
    }));
    update();
    return { root: section('Organizations', listEl, form, status), update };
  }

  /* Members: the people of your organization (all people, for the site administrator), and
   * a new one, whose first password is shown once. */
  function membersPart(state, changed) {
    const u = session.user;
    const email = h('input', { type: 'email', required: true, autocomplete: 'off' });
    const orgSel = h('select');
    const role = select([['viewer', 'Viewer (reads, runs)'], ['editor', 'Editor (also edits, shares)'],
      ['admin', 'Admin (also manages members)']], 'editor');
    const button = h('button', { type: 'submit' }, 'Add member');
    const status = statusLine();
    const secret = h('div', { class: 'secret-slot' });
    const listEl = h('div');
    const form = h('form', { class: 'inline-form', 'aria-label': 'New member' },
      field('Email', email), u.site_admin ? field('Organization', orgSel) : null, field('Role', role),
      h('div', { class: 'actions' }, button));

    function update() {
      const keep = orgSel.value;
      replace(orgSel, state.organizations.map((o) => h('option', { value: o.name, selected: o.name === keep }, o.name)));
      form.hidden = u.site_admin && !state.organizations.length;
      replace(listEl, table(u.site_admin ? 'Everyone' : `Members of ${u.organization}`,
        ['Email', 'Organization', 'Role', 'Since', ''],
        state.users.map((x) => [x.email, x.organization || '–', roleCell(x), fmtTime(x.created), removeCell(x)]),
        { hideCaption: true }));
    }

    // Whom this admin may change: members, not the site administrator, not themselves (an
    // organization could lose its last admin), not someone already removed.
    const manageable = (x) => !x.site_admin && x.active !== false && x.email !== u.email && x.organization;

    async function reload(message) {
      state.users = (await api('GET', '/api/users')).users;
      changed();
      status.say(message, 'ok');
    }

    /* A member's role: a choice and a button for those this admin manages. */
    function roleCell(x) {
      if (x.site_admin) return 'site administrator';
      if (x.active === false) return 'removed';
      if (!manageable(x)) return x.role || '–';
      const sel = select([['viewer', 'Viewer'], ['editor', 'Editor'], ['admin', 'Admin']], x.role);
      sel.setAttribute('aria-label', `Role of ${x.email}`);
      const apply = h('button', { type: 'button', class: 'small' }, 'Change role');
      apply.setAttribute('aria-label', `Change the role of ${x.email}`);
      apply.addEventListener('click', once(apply, async () => {
        if (sel.value === x.role) return;
        try {
          const r = await api('PUT', `/api/users/${x.id}`, { role: sel.value });
          await reload(`${r.email} is now ${r.role}.`);
        } catch (e) {
          if (!e.handled) status.say(`Not changed: ${e.message}.`, 'error');
        }
      }));
      return h('span', { class: 'role-edit' }, sel, ' ', apply);
    }

    /* Removing a member ends their sessions and tokens; their revisions and runs stay. */
    function removeCell(x) {
      if (!manageable(x)) return '';
      const remove = h('button', { type: 'button', class: 'small danger' }, 'Remove');
      remove.setAttribute('aria-label', `Remove ${x.email}`);
      remove.addEventListener('click', once(remove, async () => {
        if (!window.confirm(`Remove ${x.email}? They are logged out at once and cannot log in again until an admin adds them back. Their revisions and runs stay.`)) return;
        try {
          await api('DELETE', `/api/users/${x.id}`);
          await reload(`Removed ${x.email}.`);
        } catch (e) {
          if (!e.handled) status.say(`Not removed: ${e.message}.`, 'error');
        }
      }));
      return remove;
    }

    form.addEventListener('submit', once(button, async () => {
      const org = u.site_admin ? orgSel.value : u.organization;
      replace(secret);
      try {
        const r = await api('POST', '/api/users', { email: email.value.trim(), organization: org, role: role.value });
        state.users = (await api('GET', '/api/users')).users;
        changed();
        status.say(`Added ${r.email} to ${r.organization} as ${r.role}.`, 'ok');
        replace(secret, oneTimeSecret(`First password for ${r.email}`, r.password,
          'Shown only this once: give it to them by a safe channel. They change it on their Account page.'));
        email.value = '';
      } catch (e) {
        if (!e.handled) status.say(`Not added: ${e.message}.`, 'error');
      }
    }));
    update();
    return { root: section(u.site_admin ? 'People' : 'Members', listEl, form, status, secret), update };
  }

  /* A password or token the server shows once: in a box, selectable, with a copy button. */
  function oneTimeSecret(title, value, advice) {
    const code = h('code', { class: 'secret-value' }, value);
    const copied = statusLine('quiet');
    const copy = h('button', {
      type: 'button', class: 'small',
      onclick: async () => {
        try {
          await navigator.clipboard.writeText(value);
          copied.say('Copied.', 'ok');
        } catch {
          getSelection().selectAllChildren(code);
          copied.say('Selected: press Ctrl+C to copy.', 'info');
        }
      },
    }, 'Copy');
    return h('div', { class: 'secret', role: 'group', 'aria-label': title },
      h('p', {}, h('strong', {}, `${title}: `), code, ' ', copy), h('p', { class: 'hint' }, advice), copied);
  }

  /* The audit log, newest first, 200 entries at a time. */
  function auditPart(v) {
    const tbody = h('tbody');
    const more = h('button', { type: 'button', hidden: true }, 'Show older entries');
    const status = statusLine();
    let oldest = 0;
    async function load(fresh) {
      try {
        const { entries } = await api('GET', `/api/audit${oldest && !fresh ? `?before=${oldest}` : ''}`);
        if (!v.alive) return;
        if (fresh) tbody.replaceChildren();
        append(tbody, entries.map((e) => h('tr', {}, h('td', {}, fmtTime(e.time)), h('td', {}, e.organization || '–'),
          h('td', {}, e.user || '–'), h('td', {}, e.action), h('td', {}, e.detail), h('td', {}, e.client || '–'))));
        if (entries.length) oldest = entries[entries.length - 1].id;
        more.hidden = entries.length < 200;
        status.say(tbody.children.length ? '' : 'Nothing recorded yet.');
      } catch (e) {
        if (!e.handled) status.say(`The audit log could not be read: ${e.message}.`, 'error');
      }
    }
    more.addEventListener('click', once(more, () => load(false)));
    load(true);
    const tableEl = h('div', { class: 'table-wrap' }, h('table', { class: 'audit' },
      h('caption', { class: 'visually-hidden' }, 'Audit log, newest first'),
      h('thead', {}, h('tr', {}, ['Time', 'Organization', 'User', 'Action', 'Detail', 'Client'].map((t) => h('th', { scope: 'col' }, t)))),
      tbody));
    return {
      root: section('Audit log', h('p', { class: 'hint' }, 'Who did what, newest first: logins, edits, shares, runs and members.'), tableEl, status, more),
      update: () => load(true),
    };
  }

  /* ==== your account ====================================================================== */

  function viewAccount(v) {
    const u = session.user;
    page(v, 'Your account', h('dl', { class: 'facts' },
      h('div', {}, h('dt', {}, 'Email'), h('dd', {}, u.email)),
      h('div', {}, h('dt', {}, 'Organization'), h('dd', {}, u.organization || '–')),
      h('div', {}, h('dt', {}, 'Role'), h('dd', {}, u.site_admin ? 'site administrator' : u.role))),
    passwordPart(), tokenPart());
  }

  /* A first password works once: its owner chooses their own before anything else (the
   * server refuses everything else until then). */
  function viewChoosePassword(v) {
    page(v, 'Choose your password',
      h('p', { class: 'lede' }, 'The password you were given works once: choose your own to go on.'),
      passwordPart(async () => {
        await refreshSession();
        pendingFlash = ['Your password is set.', 'ok'];
        // A new address renders through hashchange; the same one must be rendered here.
        if (location.hash === home()) render();
        else location.replace(home());
      }));
  }

  /* The form that changes your password; 'done' runs after a change. */
  function passwordPart(done) {
    const old = h('input', { type: 'password', required: true, autocomplete: 'current-password' });
    const fresh = h('input', { type: 'password', required: true, minlength: '12', autocomplete: 'new-password' });
    const again = h('input', { type: 'password', required: true, minlength: '12', autocomplete: 'new-password' });
    const button = h('button', { type: 'submit' }, 'Change password');
    const status = statusLine();
    const form = h('form', { class: 'stack narrow', 'aria-label': 'Change your password' },
      field('Current password', old), field('New password', fresh, 'At least 12 characters.'),
      field('New password again', again), h('div', { class: 'actions' }, button), status);
    form.addEventListener('submit', once(button, async () => {
      if (fresh.value !== again.value) {
        status.say('The two new passwords differ.', 'error');
        again.focus();
        return;
      }
      try {
        await api('POST', '/api/password', { old_password: old.value, new_password: fresh.value });
        form.reset();
        status.say('Password changed. Other sessions with the old one are logged out.', 'ok');
        if (done) await done();
      } catch (e) {
        if (!e.handled) status.say(`Not changed: ${e.message}.`, 'error');
      }
    }));
    return section('Password', form);
  }

  /* API tokens: your own, each revocable, and a new one shown once. */
  function tokenPart() {
    const name = h('input', { type: 'text', maxlength: '200', autocomplete: 'off' });
    const button = h('button', { type: 'submit' }, 'Create token');
    const status = statusLine();
    const secret = h('div', { class: 'secret-slot' });
    const listEl = h('div');
    const form = h('form', { class: 'inline-form', 'aria-label': 'New API token' },
      field('Name', name, 'Say what uses it, such as "nightly runs".'), h('div', { class: 'actions' }, button));

    async function update() {
      const { tokens } = await api('GET', '/api/tokens');
      replace(listEl, tokens.length
        ? table('Your API tokens', ['Name', 'Created', ''], tokens.map((t) => [t.name, fmtTime(t.created), revokeButton(t)]), { hideCaption: true })
        : h('p', { class: 'empty' }, 'You have no API token.'));
    }

    function revokeButton(t) {
      const revoke = h('button', { type: 'button', class: 'small danger' }, 'Revoke');
      revoke.setAttribute('aria-label', `Revoke the token "${t.name}" created ${t.created}`);
      revoke.addEventListener('click', once(revoke, async () => {
        if (!window.confirm(`Revoke the token "${t.name}"? Scripts that use it stop working at once.`)) return;
        try {
          await api('DELETE', `/api/tokens/${t.id}`);
          // The list first, then the message: what the message says is already on the page.
          await update();
          status.say(`Revoked the token "${t.name}".`, 'ok');
        } catch (e) {
          if (!e.handled) status.say(`Not revoked: ${e.message}.`, 'error');
        }
      }));
      return revoke;
    }

    form.addEventListener('submit', once(button, async () => {
      try {
        const r = await api('POST', '/api/tokens', name.value.trim() ? { name: name.value.trim() } : {});
        replace(secret, oneTimeSecret(`API token "${r.name}"`, r.token,
          'Shown only this once. Scripts send it as the header "Authorization: Bearer TOKEN"; it acts as you.'));
        name.value = '';
        await update();
        status.say('Token created.', 'ok');
      } catch (e) {
        if (!e.handled) status.say(`Not created: ${e.message}.`, 'error');
      }
    }));
    update().catch((e) => { if (!e.handled) status.say(`The tokens could not be listed: ${e.message}.`, 'error'); });
    return section('API tokens', h('p', { class: 'hint' }, 'For scripts that call the API without a browser.'), listEl, form, status, secret);
  }

  /* ==== start ============================================================================= */

  // What the loading line names while a view fetches its data.
  viewScenarios.title = 'the scenarios';
  viewNewScenario.title = 'the editor';
  viewScenario.title = 'the scenario';
  viewRun.title = 'the run';
  viewCompare.title = 'the runs';
  viewAdmin.title = 'the administration';
  viewAccount.title = 'your account';

  // The skip link would change the #fragment, which holds the route: it moves the focus only.
  document.getElementById('skip-link').addEventListener('click', (ev) => {
    ev.preventDefault();
    const target = document.getElementById('page-title') || main;
    target.focus();
  });

  /* Whether this browser is logged in, and as whom, is the server's to say (the cookie may
   * have expired, the role may have changed), once it may be (mayHaveSession). */
  async function start() {
    if (tabs) tabs.addEventListener('message', onTabMessage);
    try {
      if (mayHaveSession()) await refreshSession();
    } catch {
      // The server cannot be reached: the login form says so when it is used.
    }
    window.addEventListener('hashchange', render);
    render();
  }

  start();
})();
