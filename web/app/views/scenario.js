// SPDX-License-Identifier: GPL-3.0-or-later
/*
 * scenario.js - a scenario's page: its facts, its text in the editor (saved as a new
 * revision; a save that another tab beat is refused and merged), its revisions and their
 * differences, its runs with their progress, with whom it is shared, and a fork of it.
 */
import { append, field, fillRevisions, fmtSetting, fmtTime, h, once, options, plural, replace, section, seedText, select, statusLine, table, uid } from '../dom.js';
import { api, isWriter, session } from '../api.js';
import { announce, navigate, notFound, page, problemBox } from '../router.js';
import { accessText } from './scenarios.js';
import { createEditor, drafts, guardUnsaved } from '../editor.js';

/* Whether an API error 'e' says that the scenario is not one the caller can read (a 404
 * "no scenario N", not one of a revision or a run). */
export const gone = (e) => e.status === 404 && /^no scenario /.test(e.message || '');

/* Why a scenario this page showed can no longer be run. */
export const GONE = 'Not queued: you can no longer read this scenario. Its owner may have stopped sharing it with your '
  + 'organization; the list of scenarios shows those you can.';

export async function viewScenario(v, id) {
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
  st.unsaved = dirty; // the runs' form says that a run leaves them out
  guardUnsaved(dirty);
  v.onDispose(() => {
    if (dirty()) drafts.set(id, { text: editor.value, base: st.base });
    else drafts.delete(id);
    guardUnsaved(null);
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
  let refusedText = null;
  function refused(e) {
    if (e.status === 422 && e.data && e.data.errors) {
      editor.setErrors(e.data.errors);
      status.say(`Not saved: the text has ${plural(e.data.errors.length, 'problem')}, listed beside it.`, 'error');
      refusedText = editor.value;
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
  // A refusal of the text's problems is about that text: once it changes, the live check
  // beside it speaks for it, and "Not saved: the text has 1 problem" under a text that has
  // none read as a fault of its own.
  editor.onChange(() => {
    if (refusedText !== null && editor.value !== refusedText) {
      refusedText = null;
      if (status.dataset.kind === 'error') status.say('');
    }
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
        // The button is gone with the changes: the focus goes to the text it was about,
        // not back to the top of the page, where a keyboard would have to find it again.
        editor.textarea.focus();
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
  guardUnsaved(null);
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

/* The diff's rows: { line } for a line shown, { gap: N } for N unchanged lines folded. Lines
 * more than 3 away from a change are folded (none with 'all'), but never one alone: "… 1
 * unchanged line" takes the room of the line it hides, and hides it. */
export function diffRows(lines, all) {
  const keep = new Array(lines.length).fill(all);
  lines.forEach((l, i) => {
    if (l.op === ' ') return;
    for (let j = Math.max(0, i - 3); j <= Math.min(lines.length - 1, i + 3); j++) keep[j] = true;
  });
  const rows = [];
  for (let i = 0; i < lines.length;) {
    let j = i;
    while (j < lines.length && !keep[j]) j++;
    if (j - i > 1) {
      rows.push({ gap: j - i });
      i = j;
      continue;
    }
    rows.push({ line: lines[i] });
    i++;
  }
  return rows;
}

function diffView(d, all) {
  const rows = diffRows(d.lines, all).map((r) => (r.gap
    ? h('tr', { class: 'diff-gap' }, h('td', { colspan: '4' }, `… ${plural(r.gap, 'unchanged line')}`))
    : diffRow(r.line)));
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
  const reps = h('input', {
    type: 'number', min: '1', max: '1000000', step: '1', inputmode: 'numeric',
    placeholder: replicationsIn(st.s.yaml),
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

  // The placeholder is the chosen revision's own number, the one a run of it uses when the
  // field is empty: an older revision may ask for another than the latest. Revisions never
  // change, so each text is fetched once.
  const texts = new Map();
  async function showReplications() {
    const n = Number(revSel.value);
    try {
      if (n === st.s.revision) texts.set(n, st.s.yaml);
      if (!texts.has(n)) texts.set(n, (await api('GET', `/api/scenarios/${id}/revisions/${n}`)).yaml);
    } catch {
      // Without the text the number is unknown: say nothing rather than another revision's.
      if (revSel.value === String(n)) reps.placeholder = '';
      return;
    }
    if (revSel.value === String(n)) reps.placeholder = replicationsIn(texts.get(n));
  }
  revSel.addEventListener('change', showReplications);
  const update = (s) => {
    fillRevisions(revSel, s, s.revision);
    showReplications();
  };

  const poll = poller(v, async () => {
    const { runs } = await api('GET', `/api/scenarios/${id}/runs`);
    draw(runs);
    return runs.some((r) => r.status === 'queued' || r.status === 'running');
  }, 1000, (e) => {
    if (e.status === 404) notFound(v, 'Scenario not found', `Scenario ${id} is no longer shared with your organization.`);
    else status.say(`The runs could not be refreshed: ${e.message}.`, 'error');
  });

  // Newest first, as the caption says and the API answers, on the first draw as on later
  // ones: a new run goes in its place; rows already there are updated in place (never moved),
  // so focus stays put.
  function draw(runs) {
    for (const r of runs.filter((x) => !rows.has(x.id))) {
      const row = runRow(r);
      const next = rowBelow([...rows.keys()], r.id);
      tbody.insertBefore(row.tr, next === null ? null : rows.get(next).tr);
      rows.set(r.id, row);
    }
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
      // A run is of a saved revision: text being edited is not in it, which "queued" alone
      // let a planner believe.
      const unsaved = st.unsaved && st.unsaved()
        ? ` It runs revision ${r.revision || revSel.value} as saved: your unsaved changes are not in it.` : '';
      status.say(`Run ${r.id} queued.${unsaved}`, 'ok');
      poll.now();
    } catch (e) {
      if (e.handled) return;
      status.say(queueRefusal(e, revSel.value), 'error');
      if (e.data && e.data.code === 'replications') reps.focus();
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

/* Why a run of 'revision' was not queued, in the page's words. A 404 is a scenario this page
 * showed a moment ago: its share was revoked (or the organization left), and "no scenario 1"
 * under its own title read as a fault. A revision asking for more replications than the server
 * runs is told to use the form's field (the API's "give \"replications\"" is for scripts). */
export function queueRefusal(e, revision) {
  if (gone(e)) return GONE;
  if (e.status === 422 && e.data && e.data.code === 'replications' && Number.isSafeInteger(e.data.limit)) {
    const asked = Number.isSafeInteger(e.data.asked) ? `${fmtSetting(e.data.asked)} replications` : 'more replications';
    return `Not queued: revision ${revision} asks for ${asked}, and this server runs at most ${fmtSetting(e.data.limit)}. `
      + `Enter a number from 1 to ${fmtSetting(e.data.limit)} under Replications.`;
  }
  const wait = e.retryAfter ? ` Try again in ${e.retryAfter} seconds.` : '';
  return `Not queued: ${e.message}.${wait}`;
}

/* The replications a scenario's text asks for, as its top-level "replications:" writes them,
 * or '' where it does not say (the form's placeholder). */
export function replicationsIn(yaml) {
  const m = /^replications:[ \t]*(\d+)[ \t]*(#.*)?$/m.exec(yaml || '');
  return m ? m[1] : '';
}

/* Where a new run 'id' goes in a table of the runs 'ids', newest (highest id) first: the id
 * of the row it goes above (the newest of those older than it), or null for the bottom. */
export function rowBelow(ids, id) {
  const older = ids.filter((x) => x < id);
  return older.length ? Math.max(...older) : null;
}

/* The body of POST .../runs, written by hand for the seed: JSON.stringify would round one
 * above 2^53. Null when the seed is not a whole number the server takes. */
export function runBody(revision, replications, seed) {
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
    h('td', {}, String(r.revision)), h('td', {}, fmtSetting(r.replications)), h('td', {}, seedText(r)),
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

export function runEnded(run) {
  return run.status === 'done' || run.status === 'failed' || run.status === 'cancelled';
}

/* A run's status in words, with a progress bar while it runs. */
export function runStatus(run) {
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
export function poller(v, fn, ms, onError) {
  let timer = null;
  let running = false;
  let again = false;
  let stopped = false;
  async function tick() {
    clearTimeout(timer);
    timer = null;
    if (stopped) return;
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
    if (!v.alive || stopped) return;
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
    // What it follows is known to be over (a cancel said so): no further request.
    stop() {
      stopped = true;
      clearTimeout(timer);
      timer = null;
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
