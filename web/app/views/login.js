// SPDX-License-Identifier: GPL-3.0-or-later
/*
 * login.js - the login view, for a browser without a session.
 */
import { field, h, once, statusLine } from '../dom.js';
import { api, saveSession, session, tellTabs } from '../api.js';
import { page, render } from '../router.js';

export function viewLogin(v) {
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
      status.say(loginRefusal(e), 'error');
      password.select();
    }
  }));
  page(v, 'Log in to dayafter', h('p', { class: 'lede' },
    'Plan a stabilization mission under uncertainty: scenarios, their revisions, runs and reports, shared between organizations.'),
  form);
  email.focus();
}

/* Why a login was refused, in words. A 401 without a code is a wrong email or password (the
 * server says no more, so as not to tell which); any other refusal says what the server says,
 * since it tells the way on: a first password used already ("code": "first_password_used")
 * needs a new one from an admin, which "Wrong email or password" hid, and a retyped password
 * would never have worked. */
export function loginRefusal(e) {
  if (e.status === 401 && !(e.data && e.data.code)) return 'Wrong email or password.';
  return `Cannot log in: ${e.message}.`;
}
