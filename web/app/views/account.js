// SPDX-License-Identifier: GPL-3.0-or-later
/*
 * account.js - your account: your password (which a first login must change before
 * anything else) and your API tokens for scripts.
 */
import { field, fmtTime, h, once, replace, section, statusLine, table } from '../dom.js';
import { api, refreshSession, session } from '../api.js';
import { flashNext, home, page, render } from '../router.js';
import { oneTimeSecret } from './admin.js';

export function viewAccount(v) {
  const u = session.user;
  page(v, 'Your account', h('dl', { class: 'facts' },
    h('div', {}, h('dt', {}, 'Email'), h('dd', {}, u.email)),
    h('div', {}, h('dt', {}, 'Organization'), h('dd', {}, u.organization || '–')),
    h('div', {}, h('dt', {}, 'Role'), h('dd', {}, u.site_admin ? 'site administrator' : u.role))),
  passwordPart(), tokenPart());
}

/* A first password works once: its owner chooses their own before anything else (the
 * server refuses everything else until then). */
export function viewChoosePassword(v) {
  page(v, 'Choose your password',
    h('p', { class: 'lede' }, 'The password you were given works once: choose your own to go on.'),
    passwordPart(async () => {
      await refreshSession();
      flashNext('Your password is set.', 'ok');
      // On to the page whose address was opened (a link a colleague sent), as any login
      // goes on, or to the start page. A new address renders through hashchange; the same
      // one must be rendered here.
      const deep = location.hash.startsWith('#/') && location.hash !== '#/';
      if (deep || location.hash === home()) render();
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
