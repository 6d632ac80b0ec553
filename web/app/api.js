// SPDX-License-Identifier: GPL-3.0-or-later
/*
 * api.js - the session and the server's JSON API: who is logged in (GET /api/me, which only
 * the server can say: the cookie is HttpOnly), the tabs of this browser that share the cookie
 * and tell each other when one logs in or out, and api(), which calls the API with the CSRF
 * token and turns errors into ApiError with the server's message. This module owns the
 * session: the others read it, saveSession() changes it.
 */
import { flashNext, render } from './router.js';

/* The session cookie is HttpOnly: the page learns whether it is logged in, and its CSRF
 * token, from GET /api/me, at start and whenever the server says the token is stale. The
 * cookie is the browser's, shared by its tabs: the tabs tell each other (tabs below) when
 * one logs in or out, so that the others follow at once. */
export let session = null; // { csrf, user: { email, organization, role, site_admin } }

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

export function mayHaveSession() {
  try {
    return localStorage.getItem(SESSION_MARK) !== null;
  } catch {
    return true;
  }
}

export function saveSession(s) {
  session = s;
  markSession(Boolean(s));
}

/* The session of the browser's cookie, from the server: true when logged in. */
export async function refreshSession() {
  const res = await fetch('/api/me', { credentials: 'same-origin', cache: 'no-store' });
  if (!res.ok) return false;
  const { csrf, ...user } = await res.json();
  if (!csrf) return false;
  saveSession({ csrf, user });
  return true;
}

/* ---- the tabs of this browser, on one cookie ---- */

let tabs = null; // the channel to this browser's other tabs, once listenToTabs() opened it

export function listenToTabs() {
  if (!('BroadcastChannel' in window)) return;
  tabs = new BroadcastChannel('dayafter.session');
  tabs.addEventListener('message', onTabMessage);
}

export function tellTabs(message) {
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
    if (before) flashNext(`You logged in as ${m.session.user.email} in another tab.`, 'info');
    render();
  } else if (m.type === 'logout' && session) {
    saveSession(null);
    flashNext('You logged out in another tab.', 'info');
    history.replaceState(null, '', '#/');
    render();
  }
}

export const isWriter = (u) => u.role === 'editor' || u.role === 'admin';
export const isAdmin = (u) => u.site_admin || u.role === 'admin';

/* ==== the API =========================================================================== */

export class ApiError extends Error {
  constructor(status, message, data) {
    super(message);
    this.status = status;
    this.data = data;
    this.handled = false; // true once the app has dealt with it (an ended session)
  }
}

/* Seeds are 64-bit: one above 2^53 is kept as its digits (a string), where the browser
 * gives a reviver the source text, rather than rounded. */
export function exactSeeds(key, value, context) {
  if (key === 'seed' && typeof value === 'number' && !Number.isSafeInteger(value) && context && context.source) {
    return context.source;
  }
  return value;
}

/* Calls the API and returns its JSON. A 'body' that is a string is sent as it is (a seed
 * above 2^53 does not survive JSON.stringify). Errors become ApiError with the server's
 * message; a 401 means the session ended, and sends you to the login form. */
export async function api(method, path, body, retried = false) {
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
  flashNext(why, 'error');
  render();
}
