// SPDX-License-Identifier: GPL-3.0-or-later
// app_test.mjs - drives dayafter's web application in Debian's Chromium, headless, the way two
// organizations would use it, through the browser only (the API directly only to check that a
// change refused in the page is refused by the server too):
//   the site administrator creates two organizations and a member of each (Admin page);
//   an editor of the first logs in, creates a scenario, sees a located problem beside the text
//   and goes to it from the keyboard, saves two more revisions, diffs two, has a save refused
//   because another tab saved first (409) and merges, shares it for reading with the second
//   organization;
//   a member of the second finds it in the list, may not change it (no Save, a read-only text,
//   a PUT refused with 403), queues two runs, follows them to the end, compares them and sees
//   the report's charts drawn in its sandboxed frame (and again on the run's page, and in a
//   tab of its own), then queues a long run and cancels it from its page;
//   the first revokes the share, and the scenario and its run are gone for the second.
// Throughout: no console error (but the HTTP errors the story provokes), no request to any
// other origin, a label or name on every control. Screenshots go to DAYAFTER_OUT.
//
// Environment (set by app_test.sh): DAYAFTER_URL, DAYAFTER_ADMIN, DAYAFTER_ADMIN_PASSWORD,
// DAYAFTER_SCENARIO (tests/data/example.yaml), DAYAFTER_OUT; DAYAFTER_API_DELAY_MS and
// DAYAFTER_VIEWPORT, by hand.
// Prints "N passed, N failed"; exit 1 on failure, with a FAIL line for each.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as F from '../../web/format.js';
import { launch } from './chromium.mjs';
import { check, summary, tally } from './tally.mjs';

const BASE = process.env.DAYAFTER_URL;
const ORIGIN = new URL(BASE).origin;
const OUT = process.env.DAYAFTER_OUT || '.';
const ADMIN = process.env.DAYAFTER_ADMIN;
const ADMIN_PASSWORD = process.env.DAYAFTER_ADMIN_PASSWORD;
// Every API answer held back this long (milliseconds, 0 by default): the story on a loaded
// machine, to find the checks that race the page.
const API_DELAY_MS = Number(process.env.DAYAFTER_API_DELAY_MS || 0);
// The browsers' window, WIDTHxHEIGHT (1280x900 by default): the screenshots at another width,
// to look at the pages as a narrower screen shows them.
const [WIDTH, HEIGHT] = (process.env.DAYAFTER_VIEWPORT || '1280x900').split('x').map(Number);
// The test scenario with few replications: the runs take a second, not a minute.
const YAML = readFileSync(process.env.DAYAFTER_SCENARIO, 'utf8').replace(/^replications: \d+$/m, 'replications: 200');

const ORG_A = 'Planning Cell North';
const ORG_B = 'Partner Agency South';
const EDITOR_A = 'editor@north.example';
const MEMBER_B = 'analyst@south.example';
const LEAVER = 'intern@north.example';
const SCENARIO = 'Two districts, first draft';


/* Runs one step of the story; a step that throws (a wait that timed out) ends the test, since
 * the steps after it build on it. */
async function step(what, fn) {
  const t0 = Date.now();
  try {
    await fn();
    console.log(`ok   ${what} (${((Date.now() - t0) / 1000).toFixed(1)} s)`);
  } catch (e) {
    tally.failed++;
    console.log(`FAIL ${what}: ${String(e.message || e).split('\n')[0]}`);
    throw e;
  }
}

/* ---- browsers, and what they must not do ------------------------------------------------- */

const problems = [];
// HTTP errors the story provokes on purpose: Chromium logs each as a console error.
const expected = [];
function expectHttpError(status, path) {
  expected.push({ status, path });
}

/* A browser of its own for each person (its own profile: its own cookie and session), with
 * every console error, page error and request to another origin recorded. */
async function browserFor(who) {
  const { context, close } = await launch({ width: WIDTH, height: HEIGHT });
  await context.route((url) => url.origin !== ORIGIN, (route) => {
    problems.push(`${who}: a request to another origin: ${route.request().url()}`);
    return route.abort();
  });
  if (API_DELAY_MS > 0) {
    await context.route((url) => url.origin === ORIGIN && url.pathname.startsWith('/api/'), async (route) => {
      await new Promise((done) => setTimeout(done, API_DELAY_MS));
      return route.continue();
    });
  }
  const page = context.pages()[0] || await context.newPage();
  page.setDefaultTimeout(20000);
  page.on('pageerror', (err) => problems.push(`${who}: page error: ${err.message}`));
  page.on('console', (msg) => {
    if (msg.type() !== 'error') return;
    const m = /status of (\d+)/.exec(msg.text());
    const url = msg.location().url || '';
    const i = m ? expected.findIndex((e) => e.status === Number(m[1]) && url.endsWith(e.path)) : -1;
    if (i >= 0) expected.splice(i, 1);
    else problems.push(`${who}: console error: ${msg.text()} (${url})`);
  });
  return { context, page, close };
}

/* ---- what a person does ------------------------------------------------------------------ */

async function waitTitle(page, text) {
  await page.locator('h1', { hasText: text }).waitFor();
}

// From the keyboard: the email field has the focus, Tab to the password, Enter to log in.
async function logIn(page, email, password) {
  await waitTitle(page, 'Log in to dayafter');
  await page.getByLabel('Email').fill(email);
  await page.keyboard.press('Tab');
  await page.keyboard.type(password);
  await page.keyboard.press('Enter');
  await page.locator('.topbar .who-email', { hasText: email }).waitFor();
}

/* A first login: the password given works once, and the page asks for one's own before
 * anything else. */
async function firstLogIn(page, email, first) {
  await logIn(page, email, first);
  await waitTitle(page, 'Choose your password');
  const form = page.getByRole('form', { name: 'Change your password' });
  await form.getByLabel('Current password').fill(first);
  await form.getByLabel('New password', { exact: true }).fill(`own-${first}`);
  await form.getByLabel('New password again').fill(`own-${first}`);
  await form.getByRole('button', { name: 'Change password' }).click();
  await page.getByText('Your password is set.').waitFor();
}

async function logOut(page) {
  await page.getByRole('button', { name: 'Log out' }).click();
  await waitTitle(page, 'Log in to dayafter');
}

async function go(page, hash) {
  await page.evaluate((h) => { location.hash = h; }, hash);
}

async function createOrganization(page, name) {
  const form = page.getByRole('form', { name: 'New organization' });
  await form.getByLabel('Name').fill(name);
  await form.getByRole('button', { name: 'Create organization' }).click();
  await page.getByText(`Created the organization ${name}.`).waitFor();
}

// Adds a member and returns the first password the page shows once.
async function addMember(page, email, organization, role) {
  const form = page.getByRole('form', { name: 'New member' });
  await form.getByLabel('Email').fill(email);
  await form.getByLabel('Organization').selectOption(organization);
  await form.getByLabel('Role').selectOption(role);
  await form.getByRole('button', { name: 'Add member' }).click();
  const secret = page.getByRole('group', { name: `First password for ${email}` }).locator('.secret-value');
  await secret.waitFor();
  return (await secret.textContent()).trim();
}

/* Whether the locator shows within a few seconds: for what the page draws after an answer
 * from the server, where a look at once would race the page on a loaded machine. */
async function showsSoon(locator) {
  return locator.first().waitFor({ timeout: 10000 }).then(() => true, () => false);
}

async function waitValid(page) {
  await page.locator('.editor-status[data-kind="ok"]').waitFor();
}

async function saveRevision(page, text, message, revision) {
  await page.getByLabel('Scenario text (YAML)').fill(text);
  await waitValid(page);
  await page.getByLabel('Message').fill(message);
  await page.getByRole('button', { name: 'Save', exact: true }).click();
  await page.getByText(`Saved as revision ${revision}.`).waitFor();
}

// Queues a run from the scenario page and waits for it to be done; returns its id.
async function queueRun(page, replications, seed) {
  const form = page.getByRole('form', { name: 'Queue a run' });
  await form.getByLabel('Replications').fill(String(replications));
  await form.getByLabel('Seed').fill(String(seed));
  await form.getByRole('button', { name: 'Queue run' }).click();
  const queued = page.getByText(/^Run \d+ queued\.$/);
  await queued.waitFor();
  const id = Number(/Run (\d+)/.exec(await queued.textContent())[1]);
  await page.locator(`tr[data-run="${id}"][data-status="done"]`).waitFor({ timeout: 60000 });
  return id;
}

/* Waits until the report in the frame 'index' has drawn, and returns its charts that have a
 * size (svg or canvas). The frame is sandboxed (an origin of its own): the page cannot look
 * inside it, so the test does, through Playwright's handle on the frame. */
async function reportCharts(page, index = 0) {
  const frame = await (await page.locator('iframe.report-frame').nth(index).elementHandle()).contentFrame();
  // Polled every 100 ms, not on animation frames (Playwright's default): the frame lies below
  // the fold, and Chromium gives an offscreen frame of another origin (the sandbox's) no
  // animation frames, so a report that finished after the first look was never looked at
  // again: the wait timed out with data-ready "true" in the frame.
  try {
    await frame.waitForFunction(() => document.body && document.body.getAttribute('data-ready') === 'true',
      null, { timeout: 60000, polling: 100 });
  } catch (err) {
    // Say what the frame held: a frame that never loaded is not a page that never finished.
    const state = frame.isDetached() ? 'detached' : await frame.evaluate(() => ({
      readyState: document.readyState, ready: document.body && document.body.getAttribute('data-ready'),
      error: document.body && document.body.getAttribute('data-error'), bytes: document.documentElement.outerHTML.length,
    })).catch((e) => 'unreadable: ' + e.message);
    throw new Error(`${err.message}; the frame at ${frame.url()}: ${JSON.stringify(state)}`);
  }
  return frame.evaluate(() => [...document.querySelectorAll('svg, canvas')].filter((c) => {
    const r = c.getBoundingClientRect();
    return r.width > 50 && r.height > 50;
  }).length);
}

/* Whether the report in the frame 'index' runs in an origin of its own (the frame's sandbox
 * and the server's policy): the page cannot read its document, nor it the page's. */
async function reportSandboxed(page, index = 0) {
  const outside = await page.evaluate((i) => {
    const f = document.querySelectorAll('iframe.report-frame')[i];
    return { sandbox: f.getAttribute('sandbox'), readable: f.contentDocument !== null };
  }, index);
  const frame = await (await page.locator('iframe.report-frame').nth(index).elementHandle()).contentFrame();
  const inside = await frame.evaluate(() => {
    let parentReadable = true;
    try {
      parentReadable = Boolean(window.parent.document);
    } catch {
      parentReadable = false;
    }
    return { origin: self.origin, parentReadable };
  });
  return outside.sandbox === 'allow-scripts' && !outside.readable && inside.origin === 'null' && !inside.parentReadable;
}

/* Every visible form control has a label and every button and link a name: what a screen
 * reader says, and what keyboard users find by. Returns the ones that do not. */
async function unnamed(page) {
  return page.evaluate(() => {
    const bad = [];
    const visible = (el) => el.getClientRects().length > 0;
    for (const el of document.querySelectorAll('main input, main select, main textarea')) {
      if (visible(el) && !el.labels.length && !el.getAttribute('aria-label')) bad.push(el.outerHTML.slice(0, 80));
    }
    for (const el of document.querySelectorAll('button, a[href]')) {
      if (visible(el) && !(el.getAttribute('aria-label') || el.textContent.trim())) bad.push(el.outerHTML.slice(0, 80));
    }
    return bad;
  });
}

async function checkNames(page, where) {
  const bad = await unnamed(page);
  check(bad.length === 0, `${where}: every control has a label or name${bad.length ? `: ${bad.join(' | ')}` : ''}`);
}

async function shot(page, name) {
  await page.screenshot({ path: join(OUT, `${name}.png`), fullPage: true });
}

/* ---- the story --------------------------------------------------------------------------- */

const t0 = Date.now();
// A hang fails the story well within meson's 300 s; on a busy machine the whole story has taken
// 100 s, so the watchdog leaves it room.
const watchdog = setTimeout(() => {
  console.log('FAIL the test ran past 200 seconds');
  process.exit(1);
}, 200000);
let a = null;
let b = null;
let scenarioId = 0;
let runIds = [];
const passwords = {};
try {
  a = await browserFor('first organization');
  b = await browserFor('second organization');
  const pa = a.page;
  const pb = b.page;

  await step('the site administrator creates two organizations and a member of each', async () => {
    // Not logged in yet, in a new browser: the login page opens without asking GET /api/me,
    // whose 401 the browser would log as an error.
    // The page draws its first view once it has its answer, if it asked: by the time the
    // login form shows, a request would have been seen.
    const asked = [];
    const onRequest = (r) => { if (new URL(r.url()).pathname === '/api/me') asked.push(r.url()); };
    pa.on('request', onRequest);
    await pa.goto(BASE);
    await waitTitle(pa, 'Log in to dayafter');
    pa.off('request', onRequest);
    check(asked.length === 0 && problems.length === 0, `the login page opens without GET /api/me and without a console error${
      problems.length ? `: ${problems.join(' | ')}` : ''}`);
    await shot(pa, 'login');
    await firstLogIn(pa, ADMIN, ADMIN_PASSWORD);
    await waitTitle(pa, 'Administration');
    check(await showsSoon(pa.locator('.topbar').getByText('site administrator')), 'the top bar names the site administrator');
    await createOrganization(pa, ORG_A);
    await createOrganization(pa, ORG_B);
    passwords[EDITOR_A] = await addMember(pa, EDITOR_A, ORG_A, 'editor');
    passwords[MEMBER_B] = await addMember(pa, MEMBER_B, ORG_B, 'editor');
    check(passwords[EDITOR_A].length >= 12 && passwords[MEMBER_B].length >= 12, 'first passwords shown');
    // A member who changes role, then leaves: the table follows.
    await addMember(pa, LEAVER, ORG_A, 'viewer');
    await pa.getByLabel(`Role of ${LEAVER}`, { exact: true }).selectOption('editor');
    await pa.getByRole('button', { name: `Change the role of ${LEAVER}` }).click();
    await pa.getByText(`${LEAVER} is now editor.`).waitFor();
    pa.once('dialog', (dialog) => dialog.accept());
    await pa.getByRole('button', { name: `Remove ${LEAVER}` }).click();
    await pa.getByText(`Removed ${LEAVER}.`).waitFor();
    const row = pa.getByRole('table', { name: 'Everyone' }).locator('tr', { hasText: LEAVER });
    check((await row.textContent()).includes('removed'), 'a removed member is listed as removed');
    check(await pa.getByRole('button', { name: `Remove ${LEAVER}` }).count() === 0, 'and cannot be removed twice');
    await checkNames(pa, 'the admin page');
    await shot(pa, 'admin');
    await logOut(pa);
  });

  await step('an editor of the first organization logs in', async () => {
    await firstLogIn(pa, EDITOR_A, passwords[EDITOR_A]);
    await waitTitle(pa, 'Scenarios');
    const bar = pa.locator('.topbar');
    check(await bar.locator('.who-org').textContent() === ORG_A, 'the top bar shows the organization');
    check(await bar.locator('.who-role').textContent() === 'editor', 'the top bar shows the role');
  });

  await step('creates an API token for scripts, sees it once, and revokes it', async () => {
    await pa.getByRole('link', { name: 'Account' }).click();
    await waitTitle(pa, 'Your account');
    const form = pa.getByRole('form', { name: 'New API token' });
    await form.getByLabel('Name').fill('nightly runs');
    await form.getByRole('button', { name: 'Create token' }).click();
    const secret = pa.getByRole('group', { name: 'API token "nightly runs"' }).locator('.secret-value');
    await secret.waitFor();
    const token = (await secret.textContent()).trim();
    check(token.length === 43, 'the token is shown once, 43 characters');
    const tokens = pa.getByRole('table', { name: 'Your API tokens' });
    await tokens.getByText('nightly runs').waitFor();
    // The token works for a script until it is revoked.
    const before = await pa.evaluate(async (t) => (await fetch('/api/me', { headers: { Authorization: `Bearer ${t}` }, credentials: 'omit' })).status, token);
    check(before === 200, `the token opens the API (${before})`);
    pa.once('dialog', (dialog) => dialog.accept());
    await pa.getByRole('button', { name: /^Revoke the token "nightly runs"/ }).click();
    await pa.getByText('Revoked the token "nightly runs".').waitFor();
    check(await showsSoon(pa.getByText('You have no API token.')), 'the list is empty again');
    expectHttpError(401, '/api/me');
    const after = await pa.evaluate(async (t) => (await fetch('/api/me', { headers: { Authorization: `Bearer ${t}` }, credentials: 'omit' })).status, token);
    check(after === 401, `a revoked token is refused (${after})`);
    await pa.getByRole('link', { name: 'Scenarios' }).click();
    await waitTitle(pa, 'Scenarios');
  });

  await step('creates a scenario, with a located problem beside the text on the way', async () => {
    await pa.getByRole('link', { name: 'New scenario' }).click();
    await waitTitle(pa, 'New scenario');
    await pa.getByLabel('Name').fill(SCENARIO);
    const text = pa.getByLabel('Scenario text (YAML)');
    // The blank template is a valid scenario: no problem listed; the page says where the
    // format is described.
    await waitValid(pa);
    check(await pa.locator('.problems button.problem, .problems span.problem').count() === 0 &&
      (await text.inputValue()).includes('docs/scenario.md'), 'the blank template opens with no problem');
    check(await pa.locator('.format-note', { hasText: 'docs/scenario.md' }).count() === 1,
      'the new scenario\'s page names docs/scenario.md');
    // Its link opens the format's own text, served by this server.
    const formatDoc = await pa.locator('.format-note a[href="/docs/scenario.md"]').getAttribute('href');
    const docAnswer = await pa.request.get(new URL(formatDoc, pa.url()).toString());
    check(docAnswer.status() === 200 && (await docAnswer.text()).startsWith('# The scenario file format'),
      'the link to docs/scenario.md opens the format');
    await shot(pa, 'editor-template');
    // A built-in scenario to start from, valid as it is.
    await pa.getByLabel('Start from').selectOption('gaza');
    await pa.getByRole('button', { name: 'Use this start' }).click();
    await pa.getByText('The text is now the built-in scenario "gaza"').waitFor();
    check((await text.inputValue()).includes('name: "Gaza, the 2024 proposal"'), 'the built-in Gaza scenario is in the editor');
    await waitValid(pa);
    await text.fill(YAML);
    await waitValid(pa);
    // Left by a link in the top bar and come back to, the name and text written so far are
    // there again (they were lost: the page opened on the blank template).
    await pa.getByRole('link', { name: 'Scenarios', exact: true }).click();
    await waitTitle(pa, 'Scenarios');
    await pa.getByRole('link', { name: 'New scenario' }).click();
    await waitTitle(pa, 'New scenario');
    await pa.getByText('The new scenario you left without creating it is back in the editor.').waitFor();
    check(await pa.getByLabel('Name').inputValue() === SCENARIO && await text.inputValue() === YAML,
      'a new scenario left unfinished comes back with its name and text');
    await waitValid(pa);
    // Something invalid, typed at the end of the text.
    await text.press('Control+End');
    // A long name without a space, as a long key path is: its message must wrap in the pane.
    await pa.keyboard.type('\nnot_a_key_with_a_long_name_that_has_no_space_to_wrap_at_anywhere_in_it: 5');
    const value = await text.inputValue();
    const line = value.split('\n').findIndex((l) => l.startsWith('not_a_key')) + 1;
    const problem = pa.locator(`button.problem[data-line="${line}"]`);
    await problem.waitFor();
    check((await problem.textContent()).includes(`${line}:1`) && (await problem.textContent()).includes('not_a_key'),
      `the problem reads ${line}:1 and names the key: ${await problem.textContent()}`);
    check(await pa.locator('.gutter .ln.bad', { hasText: new RegExp(`^${line}$`) }).count() === 1,
      'the gutter marks the line');
    const [tb, pbox] = [await text.boundingBox(), await pa.locator('.problems').boundingBox()];
    check(pbox.x >= tb.x + tb.width - 1 && pbox.y < tb.y + tb.height, 'the problems are listed beside the text');
    const fits = await problem.evaluate((el) => ({ scroll: el.scrollWidth, width: el.clientWidth,
      pane: el.closest('.problems').scrollWidth <= el.closest('.problems').clientWidth }));
    check(fits.scroll <= fits.width && fits.pane, `a long message wraps within the problems pane (${JSON.stringify(fits)})`);
    await shot(pa, 'editor-problem');
    // Enter on the problem puts the caret at its line and column.
    await text.press('Control+Home');
    await problem.focus();
    await pa.keyboard.press('Enter');
    const caret = await pa.evaluate(() => {
      const ta = document.activeElement;
      return ta.tagName === 'TEXTAREA' ? ta.value.slice(0, ta.selectionStart).split('\n').length : -1;
    });
    check(caret === line, `Enter on the problem moves the caret to line ${line} (it is on ${caret})`);
    // A problem far along its line (column 124): the text area scrolls across to the caret,
    // which it left off screen to the right.
    const far = YAML.replace('horizon_days: 730', `horizon_days:${' '.repeat(110)}-1`);
    await text.fill(far);
    const farLine = far.split('\n').findIndex((l) => l.startsWith('horizon_days')) + 1;
    const farProblem = pa.locator(`button.problem[data-line="${farLine}"]`);
    await farProblem.waitFor();
    await farProblem.click();
    const view = await text.evaluate((ta) => {
      const style = getComputedStyle(ta);
      const ctx = document.createElement('canvas').getContext('2d');
      ctx.font = style.font;
      const start = ta.value.lastIndexOf('\n', ta.selectionStart - 1) + 1;
      const x = parseFloat(style.paddingLeft) + ctx.measureText(ta.value.slice(start, ta.selectionStart)).width;
      return { x: Math.round(x), left: ta.scrollLeft, width: ta.clientWidth, column: ta.selectionStart - start + 1 };
    });
    check(view.column === 124 && view.x > view.left && view.x < view.left + view.width,
      `a problem at column 124 scrolls its caret into view (${JSON.stringify(view)})`);
    await text.fill(YAML);
    await waitValid(pa);
    await pa.getByRole('button', { name: 'Create scenario' }).click();
    await waitTitle(pa, SCENARIO);
    scenarioId = Number(/#\/scenarios\/(\d+)/.exec(pa.url())[1]);
    check(scenarioId > 0, 'the new scenario has its own address');
  });

  await step('saves two revisions and diffs two of them', async () => {
    await saveRevision(pa, YAML.replace('horizon_days: 730', 'horizon_days: 720'), 'A shorter horizon', 2);
    await saveRevision(pa, YAML.replace('horizon_days: 730', 'horizon_days: 720').replace('seed: 7', 'seed: 8')
      .replace('replications: 200', 'replications: 150'), 'Another seed, fewer replications', 3);
    const form = pa.getByRole('form', { name: 'Compare two revisions' });
    await form.getByLabel('From revision').selectOption('1');
    await form.getByLabel('To revision').selectOption('2');
    await form.getByRole('button', { name: 'Show differences' }).click();
    const removed = pa.locator('table.diff tr[data-op="-"]', { hasText: 'horizon_days: 730' });
    const added = pa.locator('table.diff tr[data-op="+"]', { hasText: 'horizon_days: 720' });
    await removed.waitFor();
    check(await added.count() === 1, 'the diff shows the added line');
    const line = YAML.split('\n').findIndex((l) => l.startsWith('horizon_days')) + 1;
    check(await removed.locator('td').first().textContent() === String(line), `the removed line has its number ${line}`);
    check(await added.locator('td').nth(1).textContent() === String(line), 'the added line has its number');
    check(await pa.locator('table.diff tr[data-op="-"], table.diff tr[data-op="+"]').count() === 2, 'one line removed, one added');
    await pa.getByText('Unified diff').click();
    check((await pa.locator('details.unified pre').textContent()).includes('-horizon_days: 730\n+horizon_days: 720'),
      'the unified diff has the change');
    // The run form's Replications says what the chosen revision asks for, not the latest's
    // (it was read once, from the text the page opened with).
    const runForm = pa.getByRole('form', { name: 'Queue a run' });
    const reps = runForm.getByLabel('Replications');
    const said = [];
    for (const n of ['3', '1']) {
      await runForm.getByLabel('Revision').selectOption(n);
      await pa.waitForFunction(([el, want]) => el.placeholder === want, [await reps.elementHandle(), n === '3' ? '150' : '200'],
        { timeout: 3000 }).catch(() => {});
      said.push(await reps.getAttribute('placeholder'));
    }
    check(said.join() === '150,200', `Replications shows each revision's own number (${said.join(', ')}; want 150, 200)`);
  });

  await step('a save on a revision that is no longer the latest is refused, then merged', async () => {
    // A second tab of the same browser: it gets the session from the first (no login).
    const other = await a.context.newPage();
    await other.goto(`${BASE}#/scenarios/${scenarioId}`);
    await waitTitle(other, SCENARIO);
    await saveRevision(other, YAML.replace('seed: 7', 'seed: 9'), 'Saved in another tab', 4);
    await other.close();
    expectHttpError(409, `/api/scenarios/${scenarioId}`);
    const text = pa.getByLabel('Scenario text (YAML)');
    await text.fill(YAML.replace('horizon_days: 730', 'horizon_days: 700'));
    await pa.getByRole('button', { name: 'Save', exact: true }).click();
    await pa.getByText('Not saved: revision 4 was saved by someone else after revision 3').waitFor();
    await pa.getByRole('button', { name: 'Show what changed from revision 3 to 4' }).click();
    await pa.locator('table.diff tr[data-op="+"]', { hasText: 'seed: 9' }).waitFor();
    await text.fill(YAML.replace('horizon_days: 730', 'horizon_days: 700').replace('seed: 7', 'seed: 9'));
    await pa.getByRole('button', { name: 'I have merged: save on top of revision 4' }).click();
    await pa.getByRole('button', { name: 'Save', exact: true }).click();
    await pa.getByText('Saved as revision 5.').waitFor();
    // A refusal of the text's problems goes once the text changes: the live check beside it
    // speaks for the new text, which "the text has 1 problem" under it contradicted.
    const merged = YAML.replace('horizon_days: 730', 'horizon_days: 700').replace('seed: 7', 'seed: 9');
    expectHttpError(422, `/api/scenarios/${scenarioId}`);
    await text.fill(merged.replace('horizon_days: 700', 'horizon_days: -1'));
    await pa.getByRole('button', { name: 'Save', exact: true }).click();
    const refusal = pa.getByText('Not saved: the text has 1 problem, listed beside it.');
    await refusal.waitFor();
    await text.fill(merged);
    await refusal.waitFor({ state: 'hidden' });
  });

  await step('shares it for reading with the second organization', async () => {
    const form = pa.getByRole('form', { name: 'Share with an organization' });
    await form.getByLabel('Organization').selectOption(ORG_B);
    await form.getByLabel('Access').selectOption('read');
    await form.getByRole('button', { name: 'Share' }).click();
    await pa.getByText(`${ORG_B} may now read and run this scenario.`).waitFor();
    check(await showsSoon(pa.getByRole('button', { name: `Revoke ${ORG_B}'s access` })), 'the share is listed');
    await checkNames(pa, 'the owner\'s scenario page');
    await shot(pa, 'scenario-owner');
  });

  await step('a member of the second organization sees it in the list, read only', async () => {
    // The link to the scenario that a colleague sent opens it after the first login's new
    // password (it went to the start page instead).
    await pb.goto(`${BASE}#/scenarios/${scenarioId}`);
    await firstLogIn(pb, MEMBER_B, passwords[MEMBER_B]);
    await waitTitle(pb, SCENARIO);
    await pb.getByRole('link', { name: 'Scenarios', exact: true }).click();
    await waitTitle(pb, 'Scenarios');
    const link = pb.getByRole('link', { name: SCENARIO });
    await link.waitFor();
    check((await pb.locator('table.scenarios tbody tr', { has: link }).textContent()).includes('shared with you, read only'),
      'the list says it is shared, read only');
    await link.click();
    await waitTitle(pb, SCENARIO);
    // A reload keeps the session (the cookie's, with its CSRF token from GET /api/me).
    await pb.reload();
    await waitTitle(pb, SCENARIO);
    const text = pb.getByLabel(/Scenario text/);
    check(await text.getAttribute('readonly') !== null && !(await text.isEditable()), 'the text is read only');
    check(await pb.getByRole('button', { name: 'Save', exact: true }).count() === 0, 'there is no Save button');
    check(await pb.getByRole('form', { name: 'Share with an organization' }).count() === 0, 'no sharing controls');
    await checkNames(pb, 'the reader\'s scenario page');
    expectHttpError(403, `/api/scenarios/${scenarioId}`);
    const status = await pb.evaluate(async ([id, yaml]) => {
      const s = await (await fetch('/api/me')).json();
      const r = await fetch(`/api/scenarios/${id}`, {
        method: 'PUT',
        headers: { 'Content-Type': 'application/json', 'X-CSRF-Token': s.csrf },
        body: JSON.stringify({ yaml, message: 'not allowed' }),
      });
      return r.status;
    }, [scenarioId, YAML]);
    check(status === 403, `a PUT of the scenario by the second organization is refused with 403 (got ${status})`);
  });

  await step('queues two runs, follows them to the end and compares them', async () => {
    runIds = [await queueRun(pb, 200, 11), await queueRun(pb, 200, 12)];
    await shot(pb, 'scenario-reader');
    for (const id of runIds) await pb.getByLabel(`Select run ${id} to compare`).check();
    await pb.getByRole('button', { name: 'Compare the two selected runs' }).click();
    await waitTitle(pb, `Run ${runIds[0]} and run ${runIds[1]} compared`);
    const metricRows = pb.locator('table.metrics tbody tr[data-metric]');
    await metricRows.first().waitFor();
    const rows = await metricRows.count();
    check(rows >= 10, `the comparison lists the options' metrics (${rows} rows)`);
    // Labels and formats from the results' registry, numbers as the terminal writes them.
    const cost = pb.locator('table.metrics tr[data-metric="cost_total_usd"]').first();
    const costText = `${await cost.locator('th').textContent()} ${await cost.locator('.median').first().textContent()}`;
    check(/^Cost.* \$[0-9.]+(k|m|bn)?$/.test(costText), `cost is labelled and written as money (${costText})`);
    const security = await pb.locator('table.metrics tr[data-metric="security_mean_end"] .median').first().textContent();
    check(/^[0-9.]+%$/.test(security), `security is written as a percentage (${security})`);
    // Two runs that differ only in their seed (200 replications each): a change within their
    // Monte Carlo error says so and is not highlighted (they were, as if the seed changed the
    // plan); the caption says what is.
    const noise = pb.locator('table.metrics tr[data-metric] td.noise');
    const flagged = pb.locator('table.metrics tr.differs, table.metrics tr.differs-much');
    check(await noise.count() > 0 && (await noise.first().textContent()).includes('within Monte Carlo error') &&
      await pb.locator('table.metrics tr:is(.differs, .differs-much) td.noise').count() === 0 &&
      (await pb.locator('table.metrics caption').textContent()).includes('Monte Carlo error'),
    `changes within the seeds' Monte Carlo error are not highlighted (${await noise.count()} within it, ${await flagged.count()} highlighted)`);
    // A start day is of the runs that start: its cell says how many, as the JSON's mc_error.n.
    const first = await pb.evaluate(async (id) => (await (await fetch(`/api/runs/${id}/results.json`)).json()), runIds[0]);
    const n = ((first.options[0].metrics.start_day || {}).mc_error || {}).n;
    const want = n < first.replications ? `over ${F.value(n, 'count')} of ${F.value(first.replications, 'count')} runs` : '';
    const said = await pb.locator('table.metrics tr[data-metric="start_day"]').first().locator('td').first()
      .locator('.runs').allTextContents();
    check((said[0] || '') === want, `the start day says the runs it rests on: "${said[0] || ''}", the JSON "${want}"`);
    check(await pb.locator('table.settings tr.differs', { hasText: 'Seed' }).count() === 1, 'the differing seed is highlighted');
    // On a phone (375 pixels): the tables' captions wrap within the screen (they were as wide
    // as the table, and cut), and the metric column stays in view while the table scrolls.
    await pb.setViewportSize({ width: 375, height: 800 });
    const narrow = await pb.evaluate(() => {
      const wrap = document.querySelector('table.metrics').parentElement;
      const captions = [...document.querySelectorAll('.table-wrap caption:not(.visually-hidden)')]
        .map((c) => Math.round(c.getBoundingClientRect().right));
      wrap.scrollLeft = wrap.scrollWidth;
      const metric = Math.round(wrap.querySelector('th[scope="row"]').getBoundingClientRect().left);
      const left = Math.round(wrap.getBoundingClientRect().left);
      wrap.scrollLeft = 0;
      return { width: innerWidth, captions, scrolls: wrap.scrollWidth > wrap.clientWidth, metric, left };
    });
    await pb.setViewportSize({ width: WIDTH, height: HEIGHT });
    check(narrow.scrolls && narrow.captions.length >= 2 && narrow.captions.every((r) => r <= narrow.width) &&
      narrow.metric >= narrow.left, `at 375 pixels the captions fit and the metric column stays (${JSON.stringify(narrow)})`);
    check(await reportCharts(pb, 0) > 0 && await reportCharts(pb, 1) > 0, 'both reports draw their charts side by side');
    await checkNames(pb, 'the comparison');
    await shot(pb, 'compare');
  });

  await step('opens a run: downloads and the report\'s charts in the frame', async () => {
    await pb.getByRole('link', { name: `Run ${runIds[0]}`, exact: true }).first().click();
    await waitTitle(pb, `Run ${runIds[0]} of ${SCENARIO}`);
    for (const name of ['Results (JSON)', 'Report (HTML, works offline)', 'metrics.csv (CSV)']) {
      check(await pb.getByRole('link', { name }).count() === 1, `a download: ${name}`);
    }
    const json = await pb.evaluate(async (id) => (await fetch(`/api/runs/${id}/results.json`)).status, runIds[0]);
    check(json === 200, 'the JSON download answers 200');
    // The comparison showed this report already: the browser asks again (If-None-Match), and
    // the 304's headers are the 200's, or the frame would be blocked.
    const charts = await reportCharts(pb);
    check(charts > 0, `the report's charts render inside the frame (${charts} with a size)`);
    check(await reportSandboxed(pb), 'the report runs sandboxed, in an origin of its own');
    // Opened in a tab of its own, the server's policy sandboxes it the same, and it draws.
    const tab = await b.context.newPage();
    await tab.goto(`${ORIGIN}/api/runs/${runIds[0]}/report.html`);
    await tab.waitForFunction(() => document.body && document.body.getAttribute('data-ready') === 'true', null, { timeout: 60000 });
    const alone = await tab.evaluate(() => ({ origin: self.origin, charts: document.querySelectorAll('svg').length }));
    check(alone.origin === 'null' && alone.charts > 0, `the report in a tab of its own: sandboxed and drawn (${JSON.stringify(alone)})`);
    await tab.close();
    await checkNames(pb, 'the run page');
    await shot(pb, 'run');
  });

  await step('queues a long run and cancels it from its page', async () => {
    await go(pb, `#/scenarios/${scenarioId}`);
    await waitTitle(pb, SCENARIO);
    // Opened on runs that exist, the table lists them newest first, as its caption says (the
    // first drawing listed them oldest first, and only later runs went on top).
    await pb.locator(`table.runs tr[data-run="${runIds[1]}"]`).waitFor();
    const order = await pb.locator('table.runs tbody tr').evaluateAll((trs) => trs.map((tr) => Number(tr.dataset.run)));
    check(order.join() === [...runIds].sort((x, y) => y - x).join(), `the runs are listed newest first (${order.join(', ')})`);
    const form = pb.getByRole('form', { name: 'Queue a run' });
    await form.getByLabel('Replications').fill('1000000');
    await form.getByLabel('Seed').fill('13');
    await form.getByRole('button', { name: 'Queue run' }).click();
    const queued = pb.getByText(/^Run \d+ queued\.$/);
    await queued.waitFor();
    const id = Number(/Run (\d+)/.exec(await queued.textContent())[1]);
    await pb.getByRole('link', { name: `Run ${id}`, exact: true }).first().click();
    await waitTitle(pb, `Run ${id} of ${SCENARIO}`);
    pb.once('dialog', (dialog) => dialog.accept());
    await pb.getByRole('button', { name: 'Cancel run' }).click();
    await pb.getByText(`Run ${id} cancelled.`).waitFor();
    check(await showsSoon(pb.getByText(`The run was cancelled by ${MEMBER_B}: it has no results.`)),
      'the run page says who cancelled the run');
    check(await pb.getByRole('button', { name: 'Cancel run' }).count() === 0, 'no Cancel button once cancelled');
    // The page knows the run ended: it stops following it (a later request could come after
    // the share is revoked and be refused). The poll's period is a second.
    const followed = [];
    const onRequest = (r) => { if (new URL(r.url()).pathname === `/api/runs/${id}`) followed.push(r.url()); };
    pb.on('request', onRequest);
    await pb.waitForTimeout(2500);
    pb.off('request', onRequest);
    check(followed.length === 0, `the page stops following the run once it is cancelled (${followed.length} requests in 2.5 s)`);
    const status = await pb.evaluate(async (rid) => (await (await fetch(`/api/runs/${rid}`)).json()).status, id);
    check(status === 'cancelled', `the server has the run cancelled (${status})`);
    await checkNames(pb, 'the cancelled run\'s page');
    await shot(pb, 'run-cancelled');
    // Compared with a finished run, the cancelled one has no results and never will: the page
    // says so, and does not wait for it (it polled every second, promising to fill in).
    await go(pb, `#/compare/${runIds[0]}/${id}`);
    await waitTitle(pb, `Run ${runIds[0]} and run ${id} compared`);
    check(await showsSoon(pb.getByText(`Run ${id} was cancelled: it has no results to compare.`)),
      'comparing with a cancelled run says that it has no results to compare');
    const waited = [];
    const onCompareRequest = (r) => { if (new URL(r.url()).pathname.startsWith('/api/runs/')) waited.push(r.url()); };
    pb.on('request', onCompareRequest);
    await pb.waitForTimeout(2500);
    pb.off('request', onCompareRequest);
    check(waited.length === 0, `the comparison does not wait for a cancelled run (${waited.length} requests in 2.5 s)`);
  });

  await step('the first organization revokes the share', async () => {
    // The second organization's page stays open on the scenario meanwhile.
    await go(pb, `#/scenarios/${scenarioId}`);
    await waitTitle(pb, SCENARIO);
    await pa.getByRole('button', { name: `Revoke ${ORG_B}'s access` }).click();
    await pa.getByText(`${ORG_B} no longer sees this scenario.`).waitFor();
    check(await showsSoon(pa.getByText('Not shared: only your organization sees it.')), 'no share is left');
    // A run queued from the page left open says why it is not, not "no scenario N" under the
    // scenario's own title.
    expectHttpError(404, `/api/scenarios/${scenarioId}/runs`);
    await pb.getByRole('form', { name: 'Queue a run' }).getByRole('button', { name: 'Queue run' }).click();
    check(await showsSoon(pb.getByText(/^Not queued: you can no longer read this scenario\. Its owner may have stopped sharing it/)),
      'queueing on a page left open after the share was revoked says why it is refused');
  });

  await step('a logout leaves no unsaved text behind for whoever logs in next', async () => {
    const text = pa.getByLabel('Scenario text (YAML)');
    await text.press('Control+End');
    await pa.keyboard.type('\n# a note not saved');
    await logOut(pa);
    // The view kept its text as the logout ended it, after the logout had cleared the drafts:
    // the next login here found it "back in the editor".
    await logIn(pa, EDITOR_A, `own-${passwords[EDITOR_A]}`);
    await waitTitle(pa, 'Scenarios');
    await go(pa, `#/scenarios/${scenarioId}`);
    await waitTitle(pa, SCENARIO);
    await pa.locator('.editor-status[data-kind="ok"]').waitFor();
    check(!(await text.inputValue()).includes('a note not saved') &&
      await pa.getByText(/Your unsaved changes .* are back in the editor/).count() === 0,
    'after a logout, the scenario opens on its latest revision, without the unsaved text');
  });

  await step('unsaved text discarded: the latest revision, and the focus in the editor', async () => {
    const text = pa.getByLabel('Scenario text (YAML)');
    await text.press('Control+End');
    await pa.keyboard.type('\n# another note not saved');
    await pa.getByRole('link', { name: 'Scenarios', exact: true }).click();
    await waitTitle(pa, 'Scenarios');
    await go(pa, `#/scenarios/${scenarioId}`);
    await waitTitle(pa, SCENARIO);
    await pa.getByText(/Your unsaved changes .* are back in the editor/).waitFor();
    check((await text.inputValue()).includes('another note not saved'), 'the unsaved text is back');
    // A run queued meanwhile is of the saved revision, and says that the text being edited is
    // not in it.
    const form = pa.getByRole('form', { name: 'Queue a run' });
    await form.getByLabel('Replications').fill('20');
    await form.getByRole('button', { name: 'Queue run' }).click();
    check(await showsSoon(pa.getByText(/^Run \d+ queued\. It runs revision \d+ as saved: your unsaved changes are not in it\.$/)),
      'a run queued with unsaved changes says that they are not in it');
    await pa.getByRole('button', { name: 'Discard them' }).click();
    await pa.getByText('Unsaved changes discarded: the editor holds the latest revision.').waitFor();
    // The button removed itself, and the focus fell back to the page (a keyboard had to find
    // its place again).
    check(!(await text.inputValue()).includes('another note not saved') &&
      await text.evaluate((el) => el === document.activeElement),
    'discarded: the latest revision in the editor, which has the focus');
  });

  await step('the scenario and its run are gone for the second organization', async () => {
    await go(pb, '#/scenarios');
    await waitTitle(pb, 'Scenarios');
    await pb.locator('main .empty, main table.scenarios').first().waitFor();
    check(await pb.getByRole('link', { name: SCENARIO }).count() === 0, 'the scenario is not in the list');
    expectHttpError(404, `/api/scenarios/${scenarioId}`);
    await go(pb, `#/scenarios/${scenarioId}`);
    await waitTitle(pb, 'Scenario not found');
    expectHttpError(404, `/api/runs/${runIds[0]}`);
    await go(pb, `#/runs/${runIds[0]}`);
    await waitTitle(pb, 'Run not found');
    await shot(pb, 'not-found');
  });
} catch {
  // The step printed its FAIL line; the pages as they were go with the artifacts.
  for (const [who, x] of [['first', a], ['second', b]]) {
    if (x) await x.page.screenshot({ path: join(OUT, `failure-${who}.png`), fullPage: true }).catch(() => {});
  }
} finally {
  for (const x of [a, b]) if (x) await x.close();
  clearTimeout(watchdog);
}

for (const p of problems) check(false, p);
check(problems.length === 0, 'no console error and no request to another origin');
console.log(`${summary()} (${((Date.now() - t0) / 1000).toFixed(1)} s)`);
process.exit(tally.failed ? 1 : 0);
