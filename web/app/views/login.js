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
      status.say(e.status === 401 ? 'Wrong email or password.' : `Cannot log in: ${e.message}.`, 'error');
      password.select();
    }
  }));
  page(v, 'Log in to dayafter', h('p', { class: 'lede' },
    'Plan a stabilization mission under uncertainty: scenarios, their revisions, runs and reports, shared between organizations.'),
  form);
  email.focus();
}
