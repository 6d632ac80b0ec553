// SPDX-License-Identifier: GPL-3.0-or-later
/*
 * routes.js - the application's addresses: each route's pattern of the #fragment, its view
 * (called with the view object and the numbers the pattern holds), and what the loading line
 * names while the view fetches its data. router.js matches them (matchRoute).
 */
import { viewScenarios } from './views/scenarios.js';
import { viewNewScenario } from './views/new_scenario.js';
import { viewScenario } from './views/scenario.js';
import { viewRun } from './views/run.js';
import { viewCompare } from './views/compare.js';
import { viewAdmin } from './views/admin.js';
import { viewAccount } from './views/account.js';

export const ROUTES = [
  [/^#\/scenarios$/, viewScenarios, 'the scenarios'],
  [/^#\/scenarios\/new$/, viewNewScenario, 'the editor'],
  [/^#\/scenarios\/(\d+)$/, viewScenario, 'the scenario'],
  [/^#\/runs\/(\d+)$/, viewRun, 'the run'],
  [/^#\/compare\/(\d+)\/(\d+)$/, viewCompare, 'the runs'],
  [/^#\/admin$/, viewAdmin, 'the administration'],
  [/^#\/account$/, viewAccount, 'your account'],
];
