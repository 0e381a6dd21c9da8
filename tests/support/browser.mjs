// Browser helpers: Debian's Chromium driven by playwright-core (it cannot download a
// browser of its own here), and axe-core for accessibility checks.
import { createRequire } from 'node:module';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { before, after } from 'node:test';
import { root, startServer } from './server.mjs';

const require = createRequire(join(root, 'web', 'package.json'));
const { chromium } = require('playwright-core');
const axePath = require.resolve('axe-core/axe.min.js');

export async function launch() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    args: [
      '--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update',
      '--disable-sync', '--no-first-run', '--disable-quic',
    ],
    // Playwright gives every launch a fresh, empty user-data directory of its own.
  });
}

// A phone-sized context unless told otherwise. CSP is bypassed only so that axe can be
// injected; the app itself runs under its real policy in every other respect.
export async function newContext(browser, options = {}) {
  return browser.newContext({ viewport: { width: 390, height: 844 }, bypassCSP: true, ...options });
}

// Runs axe on the page and fails on any serious or critical violation.
export async function assertAccessible(page, label) {
  await page.addScriptTag({ path: axePath });
  const result = await page.evaluate(() => window.axe.run(document, {
    runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'] },
  }));
  const bad = result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  assert.deepEqual(bad.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`), [], `accessibility of ${label}`);
}

// Saves a screenshot under REKINDLE_SCREENSHOTS when set (for looking at, not asserting).
export async function snap(page, name) {
  if (process.env.REKINDLE_SCREENSHOTS) await page.screenshot({ path: join(process.env.REKINDLE_SCREENSHOTS, `${name}.png`), fullPage: true });
}

// Starts a server and a browser before the file's tests and stops both after them.
// Returns an object whose `server` and `browser` are set once the tests begin.
export function withServerAndBrowser() {
  const env = {};
  before(async () => {
    env.server = await startServer();
    env.browser = await launch();
  });
  after(async () => {
    await env.browser?.close();
    await env.server?.stop();
  });
  return env;
}

// A browser page signed in as `client` (an account made through the API).
export async function signedInPage(env, client) {
  const context = await newContext(env.browser);
  await context.addCookies([{ name: 'rekindle_session', value: client.token, url: env.server.base }]);
  return context.newPage();
}

// The page's cumulative layout shift so far (the sum of every shift not caused by the
// person's own input), as the browser's Layout Instability API reports it.
export async function layoutShift(page) {
  return page.evaluate(() => new Promise((resolve) => {
    new PerformanceObserver((list) => {
      resolve(list.getEntries().filter((e) => !e.hadRecentInput).reduce((sum, e) => sum + e.value, 0));
    }).observe({ type: 'layout-shift', buffered: true });
    setTimeout(() => resolve(0), 500);  // no entries at all: nothing shifted
  }));
}
