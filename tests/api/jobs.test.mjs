// Background jobs in the real server (rekindle-test): the periodic purges of expired
// sessions and closed invites run, the queue reports to /metrics, a committed job
// survives kill -9 and a run killed halfway leaves no trace, and two servers on one
// database run each of 1,000 jobs exactly once.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  startServer, assertProblem, sql, newPerson, setClock, advanceClock, freshDatabase, dbKind, metricsHeaders,
} from '../support/server.mjs';

const DAY = 86400000;
// Purges every second, idle workers look every 50 ms, a lease lasts one second.
const FAST = { REKINDLE_JOBS_PURGE_INTERVAL_MS: '1000', REKINDLE_JOBS_POLL_MS: '50', REKINDLE_JOBS_LEASE_MS: '1000' };

let server;
before(async () => { server = await startServer({ testHooks: true, env: FAST }); });
after(async () => { await server?.stop(); });

// Polls `check` until it returns a truthy value or `ms` pass; returns the last value.
async function eventually(check, ms = 15000) {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await check();
    if (value || Date.now() > deadline) return value;
    await new Promise((r) => setTimeout(r, 50));
  }
}

const count = (database, statement) => Number(sql(database, statement).trim());

// Waits until a run of periodic `kind` has finished for the slot that starts at or
// after `iso` (the server's clock just moved there).
async function purgedSince(kind, iso) {
  const since = Date.parse(iso) - 1000;
  const ran = await eventually(() =>
    count(server.database, `SELECT COUNT(*) FROM jobs WHERE kind = '${kind}' AND state = 'done' AND due_at >= ${since}`) > 0);
  assert.ok(ran, `${kind} ran after ${iso}`);
}

test('sessions unused for more than 30 days are deleted; others stay', async () => {
  await setClock(server, '2027-06-01T08:00:00Z');
  const stale = await newPerson(server.base);
  const now = await advanceClock(server, 31 * DAY);
  const fresh = await newPerson(server.base);
  await purgedSince('accounts.purge-sessions', now);
  assert.equal(count(server.database, `SELECT COUNT(*) FROM sessions WHERE user_id = '${stale.user.id}'`), 0);
  assert.equal(count(server.database, `SELECT COUNT(*) FROM sessions WHERE user_id = '${fresh.user.id}'`), 1);
  assertProblem(await stale.get('/api/v1/me'), 401);
  assert.equal((await fresh.get('/api/v1/me')).status, 200);
});

test('invites are kept for 30 days after they close, so a late code still says why; then deleted', async () => {
  await setClock(server, '2027-08-01T08:00:00Z');
  const a = await newPerson(server.base);
  const b = await newPerson(server.base);
  const expired = (await a.post('/api/v1/couple/invites')).body.code;
  let now = await advanceClock(server, 8 * DAY);
  const used = (await a.post('/api/v1/couple/invites')).body.code;
  assert.equal((await b.post('/api/v1/couple/join', { code: used })).status, 201);
  await purgedSince('couples.purge-invites', now);
  const late = await newPerson(server.base);
  assertProblem(await late.post('/api/v1/couple/join', { code: expired }), 410);
  assertProblem(await late.post('/api/v1/couple/join', { code: used }), 410);

  now = await advanceClock(server, 31 * DAY);
  await purgedSince('couples.purge-invites', now);
  const codes = [expired, used].map((c) => `'${c.replace('-', '')}'`).join(', ');
  assert.equal(count(server.database, `SELECT COUNT(*) FROM couple_invites WHERE code IN (${codes})`), 0);
  const later = await newPerson(server.base);
  assertProblem(await later.post('/api/v1/couple/join', { code: expired }), 404);
});

test('metrics show the queue: jobs by state and runs by kind and outcome', async () => {
  const text = await eventually(async () => {
    const body = await (await fetch(`${server.base}/metrics`, { headers: metricsHeaders })).text();
    return /rekindle_job_runs_total\{kind="accounts.purge-sessions",outcome="succeeded"\} [1-9]/.test(body) ? body : null;
  });
  assert.ok(text, 'purge runs are counted');
  assert.match(text, /# TYPE rekindle_jobs gauge/);
  for (const state of ['pending', 'due', 'running', 'dead']) assert.match(text, new RegExp(`rekindle_jobs\\{state="${state}"\\} \\d+`));
  assert.match(text, /rekindle_jobs\{state="dead"\} 0/);
  assert.match(text, /rekindle_job_runs_total\{kind="couples.purge-invites",outcome="failed"\} 0/);
  assert.match(text, /# TYPE rekindle_jobs_dead_total counter/);
});

// Enqueues `n` test.effect jobs through a request (committed with it) on `s`.
async function enqueue(s, n, sleepFirstMs = 0) {
  const r = await fetch(`${s.base}/api/v1/test/jobs`, {
    method: 'POST', headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ count: n, sleep_first_ms: sleepFirstMs }),
  });
  const text = await r.text();
  assert.equal(r.status, 201, text);
  return JSON.parse(text).first_ids;
}

async function kill(s) {
  s.child.kill('SIGKILL');
  assert.equal((await s.exited).signal, 'SIGKILL');
}

test('a committed job survives kill -9, and a run killed halfway leaves no trace and runs again', async () => {
  const database = freshDatabase();
  try {
    // No workers: the jobs wait in the database when the server is killed.
    const first = await startServer({ database, testHooks: true, env: { ...FAST, REKINDLE_JOBS_WORKERS: '0' } });
    await enqueue(first, 5);
    const [slow] = await enqueue(first, 1, 60000);
    await kill(first);
    assert.equal(count(database, "SELECT COUNT(*) FROM jobs WHERE kind = 'test.effect' AND state = 'pending'"), 6);

    // One worker runs the five, then the slow one, which is killed halfway through.
    const second = await startServer({ database, testHooks: true, env: { ...FAST, REKINDLE_JOBS_WORKERS: '1' } });
    const running = await eventually(() =>
      count(database, `SELECT COUNT(*) FROM jobs WHERE id = '${slow}' AND lease_token IS NOT NULL`) === 1 &&
      count(database, "SELECT COUNT(*) FROM jobs WHERE kind = 'test.effect' AND state = 'done'") === 5);
    assert.ok(running, 'the five ran and the slow job is running');
    await new Promise((r) => setTimeout(r, 200));  // well inside its handler
    await kill(second);
    assert.equal(count(database, `SELECT COUNT(*) FROM test_job_effects WHERE job_id = '${slow}'`), 0,
      'the killed run wrote nothing that stayed');

    // Once the lease has expired, a new server runs it (attempt 2 does not sleep).
    const third = await startServer({ database, testHooks: true, env: { ...FAST, REKINDLE_JOBS_WORKERS: '1' } });
    try {
      const done = await eventually(() =>
        count(database, `SELECT COUNT(*) FROM jobs WHERE id = '${slow}' AND state = 'done'`) === 1);
      assert.ok(done, 'the slow job ran after the restart');
      assert.equal(sql(database, `SELECT attempt FROM test_job_effects WHERE job_id = '${slow}'`).trim(), '2');
      assert.equal(count(database, 'SELECT COUNT(*) FROM test_job_effects'), 6);
      assert.equal(count(database, 'SELECT COUNT(DISTINCT job_id) FROM test_job_effects'), 6);
    } finally {
      await third.stop();
    }
  } finally {
    database.drop();
  }
});

test('two servers on one database run each of 1,000 jobs exactly once', async () => {
  const database = freshDatabase();
  const env = { ...FAST, REKINDLE_JOBS_WORKERS: '3' };
  const one = await startServer({ database, testHooks: true, env });
  const two = await startServer({ database, testHooks: true, env });
  try {
    await Promise.all([enqueue(one, 500), enqueue(two, 500)]);
    const done = await eventually(() =>
      count(database, "SELECT COUNT(*) FROM jobs WHERE kind = 'test.effect' AND state = 'done'") === 1000, 60000);
    assert.ok(done, 'every job ran');
    assert.equal(count(database, 'SELECT COUNT(*) FROM test_job_effects'), 1000);
    assert.equal(count(database, 'SELECT COUNT(DISTINCT job_id) FROM test_job_effects'), 1000);
    if (dbKind === 'postgresql') {
      assert.equal(count(database, 'SELECT COUNT(DISTINCT server) FROM test_job_effects'), 2, 'both servers did work');
    }
  } finally {
    await one.stop();
    await two.stop();
    database.drop();
  }
});
