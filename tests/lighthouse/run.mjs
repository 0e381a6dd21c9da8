// Lighthouse on the main pages, phone form factor, with Debian's Chromium: prints the
// four category scores and LCP / CLS / TBT per page. Not part of `make test` (it takes
// minutes and its performance score moves with the machine's load). Run it with
// `make lighthouse` (which fetches lighthouse from npm into var/lighthouse once).
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { newCouple, root, startServer } from '../support/server.mjs';

const bin = process.env.LIGHTHOUSE ?? join(root, 'var/lighthouse/node_modules/.bin/lighthouse');
const out = join(root, 'var/lighthouse');
const server = await startServer();
const [alex] = await newCouple(server.base, { display_name: 'Alex' }, { display_name: 'Sam' });
const pages = [
  ['welcome', '/', null], ['sign-in', '/signin', null], ['home', '/home', alex.token], ['connect', '/connect', alex.token],
  ['desires', '/connect/desires/mark', alex.token], ['chat', '/connect/chat', alex.token], ['me', '/me', alex.token],
  ['settings', '/settings', alex.token],
];
const rows = {};
try {
  for (const [name, path, token] of pages) {
    const args = [server.base + path, '--quiet', '--output=json', `--output-path=${out}/${name}.json`, '--form-factor=mobile',
      '--only-categories=performance,accessibility,best-practices,seo', '--chrome-flags=--headless --no-sandbox --disable-gpu'];
    if (token) args.push(`--extra-headers=${JSON.stringify({ Cookie: `rekindle_session=${token}` })}`);
    execFileSync(bin, args, { env: { ...process.env, CHROME_PATH: process.env.CHROMIUM ?? '/usr/bin/chromium' }, stdio: 'ignore', timeout: 180000 });
    const r = JSON.parse(readFileSync(`${out}/${name}.json`, 'utf8'));
    rows[name] = {
      ...Object.fromEntries(Object.entries(r.categories).map(([k, v]) => [k, Math.round(v.score * 100)])),
      LCP: r.audits['largest-contentful-paint'].displayValue, CLS: r.audits['cumulative-layout-shift'].displayValue,
      TBT: r.audits['total-blocking-time'].displayValue,
    };
  }
} finally {
  await server.stop();
}
console.table(rows);
