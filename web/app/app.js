// SPDX-License-Identifier: GPL-3.0-or-later
/*
 * app.js - dayafter's web application in the browser (`dayafter serve`), its entry module:
 * logging in, the scenarios of your organization and those shared with it, a YAML editor with
 * located problems beside the text, revisions and their differences, forks, sharing, runs with
 * their progress, each run's report and downloads, two runs compared side by side, and the
 * administration of organizations, members and the audit log. It talks to `dayafter serve`'s
 * JSON API only.
 *
 * ES2020 modules, no framework and no build step: the server serves each file of web/app/ as
 * it is, and web/format.js, which the HTML report shares, as /format.js. The server's
 * Content-Security-Policy allows this server's files only, so there is no inline script or
 * style, no eval and no innerHTML of data. The modules keep no state but what one of them
 * owns: the session (api.js), the view on screen (router.js), unsaved text (editor.js).
 *
 * Routes live in the #fragment (#/scenarios, #/scenarios/ID, #/runs/ID, #/compare/A/B,
 * #/admin, #/account) so that every view has an address to bookmark and share, and the back
 * button works.
 */
import { listenToTabs, mayHaveSession, refreshSession } from './api.js';
import { startRouter } from './router.js';
import { onBeforeUnload } from './editor.js';
import { ROUTES } from './routes.js';

// The skip link would change the #fragment, which holds the route: it moves the focus only.
document.getElementById('skip-link').addEventListener('click', (ev) => {
  ev.preventDefault();
  const target = document.getElementById('page-title') || document.getElementById('main');
  target.focus();
});

/* Whether this browser is logged in, and as whom, is the server's to say (the cookie may
 * have expired, the role may have changed), once it may be (mayHaveSession). */
async function startApp() {
  listenToTabs();
  window.addEventListener('beforeunload', onBeforeUnload);
  try {
    if (mayHaveSession()) await refreshSession();
  } catch {
    // The server cannot be reached: the login form says so when it is used.
  }
  startRouter(ROUTES);
}

startApp();
