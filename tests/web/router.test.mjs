// SPDX-License-Identifier: GPL-3.0-or-later
// router.test.mjs - the web application's addresses (web/app/routes.js) as router.js reads
// them: each route's view and the numbers it holds, and no view for what is no route.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { matchRoute } from '../../web/app/router.js';
import { ROUTES } from '../../web/app/routes.js';
import { viewCompare } from '../../web/app/views/compare.js';
import { viewRun } from '../../web/app/views/run.js';
import { viewNewScenario } from '../../web/app/views/new_scenario.js';
import { viewScenario } from '../../web/app/views/scenario.js';

test('a route gives its view, its numbers and the loading line\'s words', () => {
  assert.deepEqual(matchRoute(ROUTES, '#/runs/12'), { view: viewRun, args: [12], title: 'the run' });
  assert.deepEqual(matchRoute(ROUTES, '#/compare/3/41').args, [3, 41]);
  assert.equal(matchRoute(ROUTES, '#/compare/3/41').view, viewCompare);
  // "new" is the editor of a new scenario, not a scenario's id.
  assert.equal(matchRoute(ROUTES, '#/scenarios/new').view, viewNewScenario);
  assert.equal(matchRoute(ROUTES, '#/scenarios/7').view, viewScenario);
});

test('what is no route has no view', () => {
  for (const hash of ['', '#/', '#/runs/', '#/runs/x', '#/runs/12/extra', '#/scenarios/-1', '#/compare/3', '/runs/1']) {
    assert.equal(matchRoute(ROUTES, hash), null, hash);
  }
});

test('every route has a view and a title', () => {
  for (const [pattern, view, title] of ROUTES) {
    assert.ok(pattern instanceof RegExp, String(pattern));
    assert.equal(typeof view, 'function', String(pattern));
    assert.match(title, /^(the|your) /, String(pattern));
  }
});
