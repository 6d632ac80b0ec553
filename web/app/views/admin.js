// SPDX-License-Identifier: GPL-3.0-or-later
/*
 * admin.js - the administration: organizations, their members and roles, and the
 * audit log, for the site administrator and an organization's administrators.
 */
import { append, field, fmtTime, h, once, replace, section, select, statusLine, table } from '../dom.js';
import { api, isAdmin, session } from '../api.js';
import { page, problemBox } from '../router.js';

export async function viewAdmin(v) {
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
export function oneTimeSecret(title, value, advice) {
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
