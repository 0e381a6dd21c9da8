// Background jobs in the real server: the periodic purges of expired sessions and
// invites run (every second here), and the queue reports to /metrics.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, assertProblem, sql, newPerson } from '../support/server.mjs';

const DAY = 86400000;

let server;
before(async () => {
  server = await startServer({ env: { REKINDLE_JOBS_PURGE_INTERVAL_MS: '1000', REKINDLE_JOBS_POLL_MS: '100' } });
});
after(async () => { await server?.stop(); });

// Polls `check` until it returns a truthy value or `ms` pass; returns the last value.
async function eventually(check, ms = 10000) {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await check();
    if (value || Date.now() > deadline) return value;
    await new Promise((r) => setTimeout(r, 100));
  }
}

const count = (statement) => Number(sql(server.database, statement).trim());

test('sessions unused for more than 30 days are deleted; others stay', async () => {
  const stale = await newPerson(server.base);
  const fresh = await newPerson(server.base);
  sql(server.database, `UPDATE sessions SET last_used_at = ${Date.now() - 31 * DAY} WHERE user_id = '${stale.user.id}'`);
  const gone = await eventually(() => count(`SELECT COUNT(*) FROM sessions WHERE user_id = '${stale.user.id}'`) === 0);
  assert.ok(gone, 'the stale session was purged');
  assertProblem(await stale.get('/api/v1/me'), 401);
  assert.equal((await fresh.get('/api/v1/me')).status, 200);
  assert.equal(count(`SELECT COUNT(*) FROM sessions WHERE user_id = '${fresh.user.id}'`), 1);
});

test('invites closed more than 30 days ago are deleted; recently closed ones still say why', async () => {
  const a = await newPerson(server.base);
  const b = await newPerson(server.base);
  const codes = [];
  for (let i = 0; i < 3; i++) {
    // One open invite per person at a time: withdraw by expiring it before the next.
    const code = (await a.post('/api/v1/couple/invites')).body.code.replace('-', '');
    codes.push(code);
    sql(server.database, `UPDATE couple_invites SET expires_at = ${Date.now() - (i === 2 ? DAY : 31 * DAY)} WHERE code = '${code}'`);
  }
  sql(server.database, `UPDATE couple_invites SET used_at = ${Date.now() - 31 * DAY}, expires_at = ${Date.now() + DAY} WHERE code = '${codes[1]}'`);
  const inList = codes.map((c) => `'${c}'`).join(', ');
  const purged = await eventually(() => count(`SELECT COUNT(*) FROM couple_invites WHERE code IN (${inList})`) === 1);
  assert.ok(purged, 'the long-closed invites were purged');
  assert.equal(count(`SELECT COUNT(*) FROM couple_invites WHERE code = '${codes[2]}'`), 1);
  assertProblem(await b.post('/api/v1/couple/join', { code: codes[2] }), 410);
  assertProblem(await b.post('/api/v1/couple/join', { code: codes[0] }), 404);
});

test('metrics show the queue: jobs by state and runs by kind and outcome', async () => {
  const text = await eventually(async () => {
    const r = await fetch(`${server.base}/metrics`);
    const body = await r.text();
    return /rekindle_job_runs_total\{kind="accounts.purge-sessions",outcome="succeeded"\} [1-9]/.test(body) ? body : null;
  });
  assert.ok(text, 'purge runs are counted');
  assert.match(text, /# TYPE rekindle_jobs gauge/);
  for (const state of ['pending', 'due', 'running', 'dead']) assert.match(text, new RegExp(`rekindle_jobs\\{state="${state}"\\} \\d+`));
  assert.match(text, /rekindle_jobs\{state="dead"\} 0/);
  assert.match(text, /rekindle_job_runs_total\{kind="couples.purge-invites",outcome="failed"\} 0/);
  assert.match(text, /# TYPE rekindle_jobs_dead_total counter/);
});
