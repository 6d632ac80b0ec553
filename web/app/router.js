// SPDX-License-Identifier: GPL-3.0-or-later
/*
 * router.js - what is on screen: the route in the address's #fragment (#/scenarios,
 * #/runs/ID, ...) and its view, the view's life (its timers and polls stop when it is left),
 * the top bar, and the messages that announce what happened, including the one that waits
 * for the next view. The routes are app.js's; this module owns the view on screen and that
 * message.
 */
import { h, replace } from './dom.js';
import { ApiError, api, isAdmin, saveSession, session, tellTabs } from './api.js';
import { viewLogin } from './views/login.js';
import { drafts, draftsFor } from './editor.js';
import { viewChoosePassword } from './views/account.js';

let pendingFlash = null; // [text, kind] to show on the next view

/* Shows 'text' on the next view (none: no message there). */
export function flashNext(text, kind = 'info') {
  pendingFlash = text ? [text, kind] : null;
}

// A visible message above the view; it stays until the next navigation.
function flash(text, kind = 'info') {
  const flashEl = document.getElementById('flash');
  flashEl.dataset.kind = kind;
  replace(flashEl, text ? h('p', {}, text) : '');
}

// For screen readers only; emptied first so that the same words are read again.
export function announce(text) {
  const announcer = document.getElementById('announcer');
  announcer.textContent = '';
  setTimeout(() => { announcer.textContent = text; }, 50);
}

/* Goes to 'hash' and shows 'message' there: the message must survive the view's change. */
export function navigate(hash, message, kind = 'success') {
  flashNext(message, kind);
  if (location.hash === hash) render();
  else location.hash = hash;
}

/* A failure to show in place of the view or beside a form. */
export function problemBox(text) {
  return h('div', { class: 'problem-box', role: 'alert' }, h('p', {}, text));
}

/* ==== views and the router ============================================================== */

let current = null; // the view on screen
let routes = []; // [pattern, view, title]: routes.js's, given to startRouter()

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
export function page(v, title, ...content) {
  if (!v.alive) return;
  document.title = `${title} · dayafter`;
  const heading = h('h1', { tabindex: '-1', id: 'page-title' }, title);
  const main = document.getElementById('main');
  main.removeAttribute('aria-busy');
  replace(main, heading, content);
  heading.focus();
}

function loading(title) {
  const main = document.getElementById('main');
  main.setAttribute('aria-busy', 'true');
  replace(main, h('p', { class: 'loading' }, `Loading ${title}…`));
}

/* The view of the route in 'hash', the numbers the route holds and what the loading line names
 * ({ view, args, title }), or null for an address that is no route. */
export function matchRoute(list, hash) {
  for (const [pattern, view, title] of list) {
    const m = hash.match(pattern);
    if (m) return { view, args: m.slice(1).map(Number), title };
  }
  return null;
}

/* Draws the view of the address, now and whenever its #fragment changes. */
export function startRouter(list) {
  routes = list;
  window.addEventListener('hashchange', render);
  render();
}

// Where you land: the site administrator has no organization, hence no scenarios.
export const home = () => (session && session.user.site_admin ? '#/admin' : '#/scenarios');

export function render() {
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
  draftsFor(session.user.email);
  if (session.user.must_change_password) {
    viewChoosePassword(v);
    return;
  }
  if (!location.hash.startsWith('#/') || location.hash === '#/') {
    location.replace(home());
    return;
  }
  const route = matchRoute(routes, location.hash);
  if (route) {
    loading(route.title || 'the page');
    Promise.resolve(route.view(v, ...route.args)).catch((e) => failed(v, e));
    return;
  }
  page(v, 'Page not found', h('p', {}, 'There is no page at this address. ',
    h('a', { href: home() }, 'Go to the start page'), '.'));
}

// A view that could not load: the reason in place of the view.
export function failed(v, e) {
  if (!v.alive || (e && e.handled)) return;
  if (!(e instanceof ApiError)) console.error(e);
  page(v, 'Something went wrong', problemBox(`This page could not be shown: ${e.message}.`),
    h('p', {}, h('a', { href: home() }, 'Go to the start page')));
}

// The answer to a scenario or run the caller may not see: the API says 404 for both.
export function notFound(v, title, text) {
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
  // The next person to log in here starts at their own start page, not at yours.
  history.replaceState(null, '', '#/');
  flashNext('You are logged out.', 'info');
  render();
  // After render(), which ends the view: a view keeps its unsaved text as it ends.
  drafts.clear();
}
