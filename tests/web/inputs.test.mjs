// SPDX-License-Identifier: GPL-3.0-or-later
// inputs.test.mjs - what the web application reads from people and the server: a run's
// request and the seed it refuses (views/scenario.js), seeds above 2^53 kept as their digits
// (api.js) and shown as digits, seed_decimal where the server writes one (dom.js), and the places
// of the server's problems in the editor's text (editor.js).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ApiError, exactSeeds } from '../../web/app/api.js';
import { seedText } from '../../web/app/dom.js';
import { drafts, draftsFor, lineCount, offsetOf, scrollLeftFor } from '../../web/app/editor.js';
import { loginRefusal } from '../../web/app/views/login.js';
import { diffRows, GONE, queueRefusal, replicationsIn, rowBelow, runBody } from '../../web/app/views/scenario.js';

test('a run\'s request: a 64-bit seed as its digits; a seed out of range refused (null)', () => {
  assert.equal(runBody('3', '', ''), '{"revision":3}');
  assert.equal(runBody('3', '2500.7', '9223372036854775807'), '{"revision":3,"replications":2500,"seed":9223372036854775807}');
  assert.equal(runBody('1', '', '007'), '{"revision":1,"seed":7}');
  for (const bad of ['9223372036854775808', '-1', '1e3', '12345678901234567890', 'seven']) {
    assert.equal(runBody('1', '', bad), null, bad);
  }
});

test('the runs table, newest first: a new run goes above the newest of the older ones', () => {
  assert.equal(rowBelow([], 4), null);
  assert.equal(rowBelow([5, 3], 4), 3);
  assert.equal(rowBelow([3, 5], 6), 5);
  assert.equal(rowBelow([5, 3], 1), null);
  // The first drawing adds the API's runs, newest first, one by one: each goes below.
  const order = [];
  for (const id of [9, 7, 2]) {
    const below = rowBelow(order, id);
    order.splice(below === null ? order.length : order.indexOf(below), 0, id);
  }
  assert.deepEqual(order, [9, 7, 2]);
});

test('a login refused: wrong credentials as such, any other refusal in the server\'s words', () => {
  assert.equal(loginRefusal(new ApiError(401, 'wrong email or password', { error: 'wrong email or password' })),
    'Wrong email or password.');
  const used = 'this first password was used already: it works once. Ask an admin for a new one';
  assert.equal(loginRefusal(new ApiError(401, used, { error: used, code: 'first_password_used' })),
    'Cannot log in: this first password was used already: it works once. Ask an admin for a new one.');
  assert.equal(loginRefusal(new ApiError(429, 'too many failed logins: try again in 30 seconds', null)),
    'Cannot log in: too many failed logins: try again in 30 seconds.');
});

test('the replications a revision asks for: its top-level key, or nothing', () => {
  assert.equal(replicationsIn('name: x\nreplications: 500\nseed: 7\n'), '500');
  assert.equal(replicationsIn('replications: 150   # fewer, to try\n'), '150');
  // Not a nested key of the same name, nor a text without the key.
  assert.equal(replicationsIn('options:\n  - replications: 9\n'), '');
  assert.equal(replicationsIn(''), '');
});

test('a run refused: over the server\'s replications, said in the form\'s words', () => {
  const api = 'the scenario asks for 2000000 replications; the server runs at most 1000000: give "replications"';
  const e = new ApiError(422, api, { error: api, code: 'replications', limit: 1000000, asked: 2000000 });
  assert.equal(queueRefusal(e, '3'), 'Not queued: revision 3 asks for 2,000,000 replications, and this server runs at most '
    + '1,000,000. Enter a number from 1 to 1,000,000 under Replications.');
  assert.doesNotMatch(queueRefusal(e, '3'), /give/);
  // Others as the server says them; a scenario no longer shared as GONE says.
  const busy = new ApiError(429, 'too many runs', null);
  busy.retryAfter = 30;
  assert.equal(queueRefusal(busy, '1'), 'Not queued: too many runs. Try again in 30 seconds.');
  assert.equal(queueRefusal(new ApiError(404, 'no scenario 4', null), '1'), GONE);
});

test('a diff folds unchanged lines far from a change, but never one alone', () => {
  const same = (n) => ({ op: ' ', text: `line ${n}` });
  // Changes at lines 1 and 9 keep 3 lines each around them, which leaves line 5 alone between
  // them: shown, not folded into "… 1 unchanged line".
  const lines = [{ op: '-', text: 'a' }, same(2), same(3), same(4), same(5), same(6), same(7), same(8), { op: '+', text: 'b' }];
  const rows = diffRows(lines, false);
  assert.equal(rows.filter((r) => r.gap).length, 0);
  assert.equal(rows.length, lines.length);
  // Two lines far from any change are folded, as before.
  const two = [{ op: '+', text: 'x' }, same(2), same(3), same(4), same(5), same(6)];
  assert.deepEqual(diffRows(two, false).map((r) => r.gap || r.line.text), ['x', 'line 2', 'line 3', 'line 4', 2]);
  // One line at the end, past the context: shown.
  const one = [{ op: '+', text: 'x' }, same(2), same(3), same(4), same(5)];
  assert.equal(diffRows(one, false).filter((r) => r.gap).length, 0);
  // Everything, on request.
  assert.equal(diffRows(two, true).length, two.length);
});

test('seeds above 2^53 stay exact in the API\'s answers', () => {
  const text = '{"seed": 18446744073709551615, "other": 18446744073709551615, "small": {"seed": 42}}';
  // As api() parses: where the engine gives the reviver no source text, nothing changes.
  const parsed = JSON.parse(text, exactSeeds);
  assert.equal(parsed.small.seed, 42);
  assert.equal(typeof parsed.other, 'number');
  assert.equal(exactSeeds('seed', 2 ** 60, { source: '1152921504606846977' }), '1152921504606846977');
  assert.equal(exactSeeds('seed', 42, { source: '42' }), 42);
  assert.equal(exactSeeds('other', 2 ** 60, { source: '1152921504606846977' }), 2 ** 60);
});

test('a run\'s seed shown as its digits: seed_decimal above 2^63 - 1, where seed is rounded', () => {
  const big = JSON.parse('{"seed": 1.8446744073709552e+19, "seed_decimal": "18446744073709551615"}', exactSeeds);
  assert.equal(seedText(big), '18446744073709551615');
  assert.equal(seedText({ seed: 42 }), '42');
  assert.equal(seedText({ seed: '1152921504606846977' }), '1152921504606846977');
});

test('lines and offsets as the server counts them: code points, not UTF-16 units', () => {
  assert.equal(lineCount(''), 1);
  assert.equal(lineCount('a\nb\n'), 3);
  const text = 'name: x\n😀ab: 1\nlast';
  assert.equal(offsetOf(text, 1, 1), 0);
  assert.equal(offsetOf(text, 2, 2), 10); // after the emoji, two UTF-16 units
  assert.equal(text.slice(offsetOf(text, 2, 3)), 'b: 1\nlast');
  assert.equal(offsetOf(text, 2, 99), text.indexOf('\nlast'));
  assert.equal(offsetOf(text, 9, 1), text.length);
});

test('a caret far along its line is scrolled into view; one that shows stays put', () => {
  // Column 126 of monospaced text 8 pixels wide, in a text area 600 pixels wide: off screen.
  const x = 12 + 125 * 8;
  const left = scrollLeftFor(x, 600, 0);
  assert.ok(x > left + 40 && x < left + 600 - 40, `caret at ${x} in view from ${left}`);
  assert.equal(left, 612);
  // A caret near the start of its line shows the line from its start.
  assert.equal(scrollLeftFor(100, 600, 300), 0);
  // One that shows already: no jump.
  assert.equal(scrollLeftFor(700, 600, 400), 400);
});

test('unsaved texts wait for their writer, and for no one else', () => {
  draftsFor('a@x');
  drafts.set(3, { text: 'mine', base: 2 });
  // The same person, logged in again after the session ended: the text is back.
  draftsFor('a@x');
  assert.equal(drafts.get(3).text, 'mine');
  // Someone else on the same page: nothing of the other's.
  draftsFor('b@x');
  assert.equal(drafts.size, 0);
});
