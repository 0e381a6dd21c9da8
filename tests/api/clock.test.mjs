// Time, moved instead of rewritten: these tests run rekindle-test, whose clock a test
// moves through PUT /api/v1/test/clock, and check the rules that depend on time —
// session expiry, invite expiry, the couple's local date, results taken before a couple
// formed. And the release binary has no such hook.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { startServer, Client, assertProblem, newPerson, newCouple, setClock, advanceClock, binary } from '../support/server.mjs';

let server;
before(async () => { server = await startServer({ testHooks: true }); });
after(async () => { await server?.stop(); });

const day = 86400000;

test('the release binary has no test hooks', async () => {
  const release = await startServer();
  try {
    for (const method of ['GET', 'PUT']) {
      const r = await fetch(`${release.base}/api/v1/test/clock`, {
        method, headers: { 'content-type': 'application/json' }, body: method === 'PUT' ? '{"advance_ms":1}' : undefined,
      });
      assert.equal(r.status, 404, method);
      assert.match(await r.text(), /There is no such endpoint/);
    }
  } finally {
    await release.stop();
  }
  const bytes = readFileSync(binary);
  assert.equal(bytes.indexOf('/api/v1/test/clock'), -1, 'the release binary does not even contain the route');
});

test('the test clock moves and refuses bad input', async () => {
  const now = await setClock(server, '2027-03-01T12:00:00Z');
  assert.match(now, /^2027-03-01T12:00:0/);
  const later = await advanceClock(server, 2 * day);
  assert.match(later, /^2027-03-03T12:00:0/);
  for (const body of [{}, { now: 'soon' }, { advance_ms: 'x' }, { now: '2027-01-01T00:00:00Z', extra: 1 }]) {
    const r = await fetch(`${server.base}/api/v1/test/clock`, {
      method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body),
    });
    assert.equal(r.status, 400, JSON.stringify(body));
  }
});

test('a session unused for 30 days has ended; one used within 30 days lives on', async () => {
  await setClock(server, '2027-04-01T08:00:00Z');
  const a = await newPerson(server.base);
  const b = await newPerson(server.base);
  await advanceClock(server, 29 * day);
  // A read refreshes "last used" only when the database's writer is free (it never waits
  // for it), so a busy machine may skip one refresh; a person using rekindle makes more
  // than one request.
  for (let i = 0; i < 3; i++) {
    assert.equal((await b.get('/api/v1/me')).status, 200, 'used within 30 days, so it moves forward');
    await new Promise((r) => setTimeout(r, 50));
  }
  await advanceClock(server, 2 * day);
  assertProblem(await a.get('/api/v1/me'), 401);
  assert.equal((await b.get('/api/v1/me')).status, 200, 'last used two days ago');
});

test('an invite expires after seven days', async () => {
  await setClock(server, '2027-05-01T08:00:00Z');
  const a = await newPerson(server.base);
  const early = (await a.post('/api/v1/couple/invites')).body.code;
  await advanceClock(server, 6 * day);
  const late = (await a.post('/api/v1/couple/invites')).body.code;
  await advanceClock(server, day + 60000);
  const b = await newPerson(server.base);
  assertProblem(await b.post('/api/v1/couple/join', { code: early }), 410);
  assert.equal((await b.get('/api/v1/couple')).status, 204);
  assert.equal((await b.post('/api/v1/couple/join', { code: late })).status, 201, 'a newer code still works');
});

test("the couple's time zone decides the date, at any hour of the day", async () => {
  // UTC+14 and UTC-11 are 25 hours apart: one calendar day apart for most of the day,
  // two from 10:00 to 11:00 UTC.
  const ymd = (iso) => iso.slice(0, 10);
  const shift = (date, days) => ymd(new Date(Date.parse(`${date}T00:00:00Z`) + days * day).toISOString());
  for (const [at, apart] of [['2027-06-15T20:00:00Z', 1], ['2027-06-16T10:30:00Z', 2], ['2027-06-16T11:30:00Z', 1]]) {
    await setClock(server, at);
    const [a, b] = await newCouple(server.base, { time_zone: 'Pacific/Kiritimati' });
    const east = (await b.get('/api/v1/daily')).body.date;
    const changed = await b.patch('/api/v1/couple', { time_zone: 'Pacific/Pago_Pago' });
    assert.equal(changed.status, 200, changed.text);
    assert.equal(changed.body.time_zone, 'Pacific/Pago_Pago');
    const west = (await a.get('/api/v1/daily')).body.date;
    assert.equal(shift(west, apart), east, `${at}: UTC+14 is ${apart} day(s) ahead of UTC-11`);
    assertProblem(await a.patch('/api/v1/couple', { time_zone: 'Nowhere/Else' }), 400);
  }
  assertProblem(await (await newPerson(server.base)).patch('/api/v1/couple', { time_zone: 'UTC' }), 404);
});

test('yesterday can still be answered, the day before cannot', async () => {
  await setClock(server, '2027-07-10T12:00:00Z');
  const [a] = await newCouple(server.base);
  const first = (await a.get('/api/v1/daily')).body.date;
  await advanceClock(server, day);
  const second = (await a.get('/api/v1/daily')).body.date;
  assert.notEqual(first, second);
  assert.equal((await a.put(`/api/v1/daily/${first}/answer`, { text: 'late but here' })).status, 200);
  await advanceClock(server, day);
  const closed = await a.put(`/api/v1/daily/${first}/answer`, { text: 'too late' });
  assertProblem(closed, 400);
  assert.ok(closed.body.errors.some((e) => e.code === 'closed'));
});

test('results taken before the couple formed are never shown to the new partner', async () => {
  await setClock(server, '2027-08-01T12:00:00Z');
  const a = await newPerson(server.base);
  const b = await newPerson(server.base);
  const form = 'triangle-short';
  const instrument = (await a.get(`/api/v1/instruments/${form}`)).body;
  const answers = Object.fromEntries(instrument.items.map((i) => [i.id, 5]));
  const take = (c) => c.post('/api/v1/triangle/assessments', { form, perspective: 'real', answers, share_with_partner: true });
  assert.equal((await take(a)).status, 201);
  await advanceClock(server, day);
  const code = (await a.post('/api/v1/couple/invites')).body.code;
  assert.equal((await b.post('/api/v1/couple/join', { code })).status, 201);
  assert.equal((await take(b)).status, 201);
  const v = (await b.get('/api/v1/triangle/couple')).body;
  assert.deepEqual([v.partner_status, v.partner], ['waiting_for_partner', null]);
  assert.equal((await take(a)).status, 201, 'a new result, after the couple formed');
  assert.equal((await b.get('/api/v1/triangle/couple')).body.partner_status, 'shown');
});
