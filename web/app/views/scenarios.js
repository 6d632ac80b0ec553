// SPDX-License-Identifier: GPL-3.0-or-later
/*
 * scenarios.js - the list of the scenarios your organization owns or is shared, with
 * a filter, and who may do what with each.
 */
import { field, fmtTime, h, plural, statusLine, table } from '../dom.js';
import { api, isWriter, session } from '../api.js';
import { page } from '../router.js';

export function accessText(s) {
  if (s.owned) return s.can_edit ? 'owned, editable' : 'owned, read only';
  return s.can_edit ? 'shared with you, editable' : 'shared with you, read only';
}

export async function viewScenarios(v) {
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
