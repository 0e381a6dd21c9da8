// The daily question over HTTP: the same question for both partners, answers revealed
// only when both have answered (then locked), yesterday's still open, history — with a
// privacy test that looks at every response the partner can obtain.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, Client, assertProblem, newPerson, newCouple, everythingVisibleTo } from '../support/server.mjs';

let server;
before(async () => { server = await startServer(); });
after(async () => { await server?.stop(); });

const person = (fields) => newPerson(server.base, fields);
const couple = (aFields, bFields) => newCouple(server.base, aFields, bFields);

const ymd = (d) => d.toISOString().slice(0, 10);
const shift = (date, days) => ymd(new Date(Date.parse(date + 'T00:00:00Z') + days * 86400000));

test('the daily question: same for both; answers revealed only when both answered, then locked', async () => {
  const [a, b] = await couple();
  const qa = (await a.get('/api/v1/daily')).body;
  const qb = (await b.get('/api/v1/daily')).body;
  assert.equal(qa.question.id, qb.question.id);
  assert.equal(qa.date, qb.date);
  assert.deepEqual([qa.mine, qa.partner, qa.partner_answered, qa.revealed], [null, null, false, false]);

  const secret = `A-secret-${Math.random()}`;
  let r = await a.put(`/api/v1/daily/${qa.date}/answer`, { text: 'first draft' });
  assert.equal(r.status, 200, r.text);
  r = await a.put(`/api/v1/daily/${qa.date}/answer`, { text: secret });
  assert.equal(r.body.mine, secret, 'editable before the reveal');
  const seen = await b.get('/api/v1/daily');
  assert.deepEqual([seen.body.partner_answered, seen.body.partner, seen.body.revealed], [true, null, false]);
  for (const text of await everythingVisibleTo(b)) assert.ok(!text.includes(secret), 'no trace of the unrevealed answer');

  r = await b.put(`/api/v1/daily/${qa.date}/answer`, { text: 'B answer' });
  assert.deepEqual([r.body.mine, r.body.partner, r.body.revealed], ['B answer', secret, true]);
  const forA = (await a.get('/api/v1/daily')).body;
  assert.deepEqual([forA.mine, forA.partner, forA.revealed], [secret, 'B answer', true]);
  assertProblem(await a.put(`/api/v1/daily/${qa.date}/answer`, { text: 'changed my mind' }), 409);
  assert.equal((await b.get('/api/v1/daily')).body.partner, secret, 'locked');
});

test('bad daily answers are refused and change nothing', async () => {
  const [a] = await couple();
  const { date } = (await a.get('/api/v1/daily')).body;
  const cases = [
    [shift(date, 1), { text: 'tomorrow' }, 'future'],
    [shift(date, -2), { text: 'long ago' }, 'closed'],
    ['2026-02-30', { text: 'x' }, 'invalid'],
    ['yesterday', { text: 'x' }, 'invalid'],
    [date, { text: '' }, 'required'],
    [date, { text: 'x'.repeat(2001) }, 'too_long'],
    [date, { text: 42 }, 'type'],
    [date, { text: 'x', mood: 'great' }, 'unknown_field'],
  ];
  for (const [d, body, code] of cases) {
    const r = await a.put(`/api/v1/daily/${d}/answer`, body);
    assertProblem(r, 400);
    assert.ok(r.body.errors.some((e) => e.code === code), `${d} ${JSON.stringify(body).slice(0, 40)}: ${r.text}`);
  }
  assert.equal((await a.get('/api/v1/daily')).body.mine, null);
  assert.deepEqual((await a.get('/api/v1/daily/history')).body.days, []);
});

test("yesterday's question can still be answered and shows in history, revealed only when both answered", async () => {
  const [a, b] = await couple();
  const { date } = (await a.get('/api/v1/daily')).body;
  const yesterday = shift(date, -1);
  assert.equal((await a.put(`/api/v1/daily/${yesterday}/answer`, { text: 'A late' })).status, 200);
  let h = (await b.get('/api/v1/daily/history')).body.days;
  assert.equal(h.length, 1);
  assert.deepEqual([h[0].date, h[0].partner_answered, h[0].partner], [yesterday, true, null]);
  assert.ok(!JSON.stringify(h).includes('A late'));
  await b.put(`/api/v1/daily/${yesterday}/answer`, { text: 'B late' });
  h = (await b.get('/api/v1/daily/history')).body.days;
  assert.deepEqual([h[0].mine, h[0].partner], ['B late', 'A late']);
  assertProblem(await a.get('/api/v1/daily/history?limit=0'), 400);
});

test('the partner hears of a first answer and the reveal, not of edits before it (no timing of private edits)', async () => {
  const { openLive } = await import('../support/live.mjs');
  const [a, b] = await couple();
  const { date } = (await a.get('/api/v1/daily')).body;
  const liveB = await openLive(server.base, { token: b.token });
  const liveA = await openLive(server.base, { token: a.token });
  try {
    await a.put(`/api/v1/daily/${date}/answer`, { text: 'first' });
    await liveB.next('daily.changed');
    for (const text of ['second', 'third', 'fourth']) await a.put(`/api/v1/daily/${date}/answer`, { text });
    await b.put(`/api/v1/daily/${date}/answer`, { text: 'B answers' });
    await liveA.next('daily.changed');  // the reveal
    await new Promise((r) => setTimeout(r, 300));
    assert.equal(liveB.frames.filter((f) => f.type === 'daily.changed').length, 0, 'no frame for the edits');
  } finally {
    liveA.close();
    liveB.close();
  }
});
