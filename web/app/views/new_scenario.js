// SPDX-License-Identifier: GPL-3.0-or-later
/*
 * new_scenario.js - a new scenario: from the template (a complete, valid scenario) or
 * from a built-in example, in the editor, saved as its first revision.
 */
import { field, h, once, plural, select, statusLine } from '../dom.js';
import { api, isWriter, session } from '../api.js';
import { navigate, page, problemBox } from '../router.js';
import { createEditor, drafts, guardUnsaved } from '../editor.js';

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

const NEW_DRAFT = 'new';

export async function viewNewScenario(v) {
  if (!isWriter(session.user)) {
    page(v, 'New scenario', problemBox('Only your organization\'s editors and admins create scenarios.'));
    return;
  }
  // What you wrote and left (a link in the top bar) comes back: as a scenario's unsaved text
  // does (drafts, editor.js), under the key 'new'.
  const draft = drafts.get(NEW_DRAFT);
  const name = h('input', { type: 'text', required: true, maxlength: '200', autocomplete: 'off', value: draft ? draft.name : '' });
  const editor = createEditor(v, { value: draft ? draft.text : TEMPLATE });
  const status = statusLine();
  const submit = h('button', { type: 'submit', class: 'primary' }, 'Create scenario');
  // The text as last loaded: a reload would lose changes to it, so the browser asks first.
  let start = draft ? draft.start : TEMPLATE;
  let created = false; // created, or cancelled: nothing to keep
  const edited = () => editor.value !== start;
  guardUnsaved(edited);
  v.onDispose(() => {
    guardUnsaved(null);
    if (!created && (edited() || name.value.trim())) drafts.set(NEW_DRAFT, { name: name.value, text: editor.value, start });
    else drafts.delete(NEW_DRAFT);
  });
  const starter = await startFrom(editor, edited, (text) => { start = text; });
  const discard = draft ? h('button', {
    type: 'button',
    onclick: () => {
      name.value = '';
      editor.value = TEMPLATE;
      start = TEMPLATE;
      drafts.delete(NEW_DRAFT);
      discard.remove();
      status.say('Discarded: the editor holds the blank template.', 'info');
      name.focus();
    },
  }, 'Discard it') : null;
  if (draft) status.say('The new scenario you left without creating it is back in the editor.', 'info');
  const form = h('form', { class: 'stack', 'aria-label': 'New scenario' },
    field('Name', name, 'How your organization will find it in the list.'), starter, formatNote(), editor.root,
    h('div', { class: 'actions' }, submit, h('a', { href: '#/scenarios', onclick: () => { created = true; } }, 'Cancel'), discard), status);
  // A refusal of the text's problems is about that text: cleared once it changes (the live
  // check beside it speaks for it then).
  let refusedText = null;
  editor.onChange(() => {
    if (refusedText !== null && editor.value !== refusedText) {
      refusedText = null;
      if (status.dataset.kind === 'error') status.say('');
    }
  });
  form.addEventListener('submit', once(submit, async () => {
    status.say('Creating…');
    try {
      const r = await api('POST', '/api/scenarios', { name: name.value.trim(), yaml: editor.value });
      guardUnsaved(null);
      created = true;
      navigate(`#/scenarios/${r.id}`, `Created "${name.value.trim()}" as revision 1.`);
    } catch (e) {
      if (e.handled) return;
      if (e.status === 422 && e.data && e.data.errors) {
        editor.setErrors(e.data.errors);
        status.say(`Not created: the text has ${plural(e.data.errors.length, 'problem')}, listed beside it.`, 'error');
        refusedText = editor.value;
      } else {
        status.say(`Not created: ${e.message}.`, 'error');
      }
    }
  }));
  page(v, 'New scenario', form);
}
