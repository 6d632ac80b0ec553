// SPDX-License-Identifier: GPL-3.0-or-later
/*
 * run.js - a run's page: its progress while it runs (and a way to cancel it), then its
 * main figures, the downloads, the report in a frame, and another run to compare it with.
 */
import { append, field, fmtSetting, fmtTime, h, once, replace, section, seedText, statusLine } from '../dom.js';
import { api } from '../api.js';
import { announce, navigate, notFound, page, problemBox } from '../router.js';
import { GONE, gone, poller, runEnded, runStatus } from './scenario.js';
import { metricsTable } from './compare.js';

export async function fetchRun(v, id) {
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
export async function scenarioName(sid) {
  try {
    return (await api('GET', `/api/scenarios/${sid}`)).name;
  } catch (e) {
    if (e.handled) throw e;
    return null;
  }
}

export async function viewRun(v, id) {
  const run = await fetchRun(v, id);
  if (!run) return;
  const name = await scenarioName(run.scenario);
  const facts = h('dl', { class: 'facts' });
  const progress = h('div', { class: 'run-progress' });
  const results = h('div');
  const drawFacts = (r) => {
    replace(facts, [
      ['Scenario', h('a', { href: `#/scenarios/${r.scenario}` }, name || `Scenario ${r.scenario}`)],
      ['Revision', String(r.revision)], ['Replications', fmtSetting(r.replications)], ['Seed', seedText(r)],
      ['Requested by', r.requested_by], ['Queued', fmtTime(r.created)], ['Started', fmtTime(r.started)],
      ['Finished', fmtTime(r.finished)],
    ].map(([k, val]) => h('div', {}, h('dt', {}, k), h('dd', {}, val))));
    replace(progress, runStatus(r));
  };
  drawFacts(run);
  let poll = null;
  let over = false;
  // Once the cancel has seen the run end, the poll stops: its next request could come after
  // the scenario is no longer shared and be refused, and an answer under way is older.
  const cancel = cancelPart(id, (r) => {
    drawFacts(r);
    over = ended(r);
    if (over && poll) poll.stop();
  });
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
  poll = poller(v, async () => {
    const r = await api('GET', `/api/runs/${id}`);
    if (over) return false;
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
      // A seed that is not written as a whole number is left out, and the server takes the
      // revision's own, rather than sending 0, another seed than the run's: a seed above
      // 2^63 - 1 comes rounded (exact in seed_decimal, which the API does not take), and only
      // a revision's own seed can be that large.
      const seed = /^\d+$/.test(String(run.seed)) ? `, "seed": ${run.seed}` : '';
      const body = `{"revision": ${Number(run.revision)}, "replications": ${Number(run.replications)}${seed}}`;
      const r = await api('POST', `/api/scenarios/${run.scenario}/runs`, body);
      navigate(`#/runs/${r.id}`, `Queued again as run ${r.id}.`);
    } catch (e) {
      if (!e.handled) status.say(gone(e) ? GONE : `Not queued: ${e.message}.`, 'error');
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
    section('Report', reportFrame(run.id)));
}

/* The report of run 'id' in a frame, sandboxed as the server's policy sandboxes it: its
 * scripts draw its charts, from the results a scenario's authors wrote, in an origin of their
 * own, where they cannot reach this page or call the API with its cookie (allow-same-origin
 * would undo that). The frame is sized by the stylesheet (.report-frame): its document is not
 * this page's to measure. */
export function reportFrame(id) {
  return h('iframe', { class: 'report-frame', src: `/api/runs/${id}/report.html`, sandbox: 'allow-scripts', title: `Report of run ${id}` });
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
      `Run ${r.id}: revision ${r.revision}, ${fmtSetting(r.replications)} replications, seed ${seedText(r)}`)));
    root.hidden = false;
  }).catch(() => {});
  return root;
}
