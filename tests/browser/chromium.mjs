// SPDX-License-Identifier: GPL-3.0-or-later
// chromium.mjs - what the browser tests share to start a browser: Debian's Chromium (CHROMIUM,
// default /usr/bin/chromium) through playwright-core from web/node_modules (scripts/deps
// installs it), headless with the project's flags, in a fresh profile of its own.
import { mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

// playwright-core is installed in web/node_modules, not beside this file.
const web = process.env.DAYAFTER_WEB || join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'web');
const { chromium } = createRequire(join(web, 'package.json'))('playwright-core');

const BROWSER = process.env.CHROMIUM || '/usr/bin/chromium';

/* A browser context with 'viewport', in a new profile (its own cookies); close() ends it and
 * removes the profile. */
export async function launch(viewport) {
  const profile = mkdtempSync(join(tmpdir(), 'dayafter-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: BROWSER,
    headless: true,
    viewport,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking',
      '--disable-component-update', '--no-first-run'],
  });
  const close = async () => {
    await context.close().catch(() => {});
    rmSync(profile, { recursive: true, force: true });
  };
  return { context, close };
}
