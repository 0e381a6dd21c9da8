// The operator's view of the job queue: only for operators, counts and dead jobs
// without their payloads, and a retry that makes a dead job run again.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, Client, assertProblem, newPerson, cli } from '../support/server.mjs';
import { makeOperator } from '../support/totp.mjs';

let server;
before(async () => { server = await startServer({ testHooks: true, env: { REKINDLE_JOBS_POLL_MS: '50' } }); });
after(async () => { await server?.stop(); });

async function enqueue(body) {
  const r = await fetch(`${server.base}/api/v1/test/jobs`, {
    method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body),
  });
  const text = await r.text();
  assert.equal(r.status, 201, text);
  return JSON.parse(text).first_ids;
}

async function until(check, what, ms = 15000) {
  const end = Date.now() + ms;
  for (;;) {
    const v = await check();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

test('only operators see the queue', async () => {
  assertProblem(await new Client(server.base).get('/api/v1/operator/jobs'), 401);
  const person = await newPerson(server.base);
  assertProblem(await person.get('/api/v1/operator/jobs'), 403);
  assertProblem(await person.post('/api/v1/operator/jobs/x/retry'), 403);
});

test('a dead job shows without its payload, and a retry runs it again', async () => {
  const op = await newPerson(server.base);
  await makeOperator(server, op);
  const [id] = await enqueue({ count: 1, fail: true, max_attempts: 1, sleep_first_ms: 1 });
  const dead = await until(async () => {
    const r = await op.get('/api/v1/operator/jobs');
    assert.equal(r.status, 200, r.text);
    return r.body.dead.find((d) => d.id === id);
  }, 'the job to die');
  assert.equal(dead.kind, 'test.effect');
  assert.equal(dead.attempts, 1);
  assert.match(dead.last_error, /told to fail/);
  assert.ok(!('payload' in dead));
  const view = (await op.get('/api/v1/operator/jobs')).body;
  assert.ok(view.counts.dead >= 1);
  assert.ok(!JSON.stringify(view).includes('sleep_first_ms'), 'no payload anywhere');

  assert.equal((await op.post(`/api/v1/operator/jobs/${id}/retry`)).status, 204);
  // It fails again (it always does) and is dead again, having run once more.
  await until(async () => (await op.get('/api/v1/operator/jobs')).body.dead.find((d) => d.id === id), 'the job to die again');
  assertProblem(await op.post('/api/v1/operator/jobs/no-such-job/retry'), 404);
  // A job that is not dead cannot be retried: one that ran and is done.
  const [done] = await enqueue({ count: 1 });
  await until(async () => (await op.get('/api/v1/operator/jobs')).body.counts.pending === 0, 'the job to run');
  assertProblem(await op.post(`/api/v1/operator/jobs/${done}/retry`), 404);
  assertProblem(await op.get('/api/v1/operator/jobs?limit=0'), 400);
});
