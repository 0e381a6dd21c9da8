// Connect over HTTP: the daily question with mutual reveal, the desire map that shows
// only what both want, and guided conversations — with privacy tests that look at
// every response the partner can obtain.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, Client, assertProblem, newPerson, newCouple } from '../support/server.mjs';

let server;
before(async () => { server = await startServer(); });
after(async () => { await server?.stop(); });

const person = (fields) => newPerson(server.base, fields);
const couple = (aFields, bFields) => newCouple(server.base, aFields, bFields);

const ymd = (d) => d.toISOString().slice(0, 10);
const shift = (date, days) => ymd(new Date(Date.parse(date + 'T00:00:00Z') + days * 86400000));

// Everything partner `c` can ask the connect endpoints, as raw response texts.
async function everything(c, date) {
  const paths = ['/api/v1/connect/daily', '/api/v1/connect/daily/history', '/api/v1/connect/desires',
    '/api/v1/connect/desires/mine', '/api/v1/connect/desires/matches', '/api/v1/connect/conversations'];
  const out = [];
  for (const p of paths) out.push((await c.get(p)).text);
  return out;
}

test('connect needs a couple, and a session', async () => {
  const alone = await person();
  for (const p of ['/api/v1/connect/daily', '/api/v1/connect/daily/history', '/api/v1/connect/desires/mine',
    '/api/v1/connect/desires/matches', '/api/v1/connect/conversations']) {
    assertProblem(await alone.get(p), 404);
    assertProblem(await new Client(server.base).get(p), 401);
  }
  assert.equal((await alone.get('/api/v1/connect/desires')).status, 200, 'the item list itself is not private');
});

test('the daily question: same for both; answers revealed only when both answered, then locked', async () => {
  const [a, b] = await couple();
  const qa = (await a.get('/api/v1/connect/daily')).body;
  const qb = (await b.get('/api/v1/connect/daily')).body;
  assert.equal(qa.question.id, qb.question.id);
  assert.equal(qa.date, qb.date);
  assert.deepEqual([qa.mine, qa.partner, qa.partner_answered, qa.revealed], [null, null, false, false]);

  const secret = `A-secret-${Math.random()}`;
  let r = await a.put(`/api/v1/connect/daily/${qa.date}/answer`, { text: 'first draft' });
  assert.equal(r.status, 200, r.text);
  r = await a.put(`/api/v1/connect/daily/${qa.date}/answer`, { text: secret });
  assert.equal(r.body.mine, secret, 'editable before the reveal');
  const seen = await b.get('/api/v1/connect/daily');
  assert.deepEqual([seen.body.partner_answered, seen.body.partner, seen.body.revealed], [true, null, false]);
  for (const text of await everything(b)) assert.ok(!text.includes(secret), 'no trace of the unrevealed answer');

  r = await b.put(`/api/v1/connect/daily/${qa.date}/answer`, { text: 'B answer' });
  assert.deepEqual([r.body.mine, r.body.partner, r.body.revealed], ['B answer', secret, true]);
  const forA = (await a.get('/api/v1/connect/daily')).body;
  assert.deepEqual([forA.mine, forA.partner, forA.revealed], [secret, 'B answer', true]);
  assertProblem(await a.put(`/api/v1/connect/daily/${qa.date}/answer`, { text: 'changed my mind' }), 409);
  assert.equal((await b.get('/api/v1/connect/daily')).body.partner, secret, 'locked');
});

test('bad daily answers are refused and change nothing', async () => {
  const [a] = await couple();
  const { date } = (await a.get('/api/v1/connect/daily')).body;
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
    const r = await a.put(`/api/v1/connect/daily/${d}/answer`, body);
    assertProblem(r, 400);
    assert.ok(r.body.errors.some((e) => e.code === code), `${d} ${JSON.stringify(body).slice(0, 40)}: ${r.text}`);
  }
  assert.equal((await a.get('/api/v1/connect/daily')).body.mine, null);
  assert.deepEqual((await a.get('/api/v1/connect/daily/history')).body.days, []);
});

test("yesterday's question can still be answered and shows in history, revealed only when both answered", async () => {
  const [a, b] = await couple();
  const { date } = (await a.get('/api/v1/connect/daily')).body;
  const yesterday = shift(date, -1);
  assert.equal((await a.put(`/api/v1/connect/daily/${yesterday}/answer`, { text: 'A late' })).status, 200);
  let h = (await b.get('/api/v1/connect/daily/history')).body.days;
  assert.equal(h.length, 1);
  assert.deepEqual([h[0].date, h[0].partner_answered, h[0].partner], [yesterday, true, null]);
  assert.ok(!JSON.stringify(h).includes('A late'));
  await b.put(`/api/v1/connect/daily/${yesterday}/answer`, { text: 'B late' });
  h = (await b.get('/api/v1/connect/daily/history')).body.days;
  assert.deepEqual([h[0].mine, h[0].partner], ['B late', 'A late']);
  assertProblem(await a.get('/api/v1/connect/daily/history?limit=0'), 400);
});

test('the desire map: sexual items only with the opt-in; answers yes, maybe or no', async () => {
  const [a] = await couple();
  const off = (await a.get('/api/v1/connect/desires')).body.categories;
  const offItems = off.flatMap((c) => c.items);
  assert.ok(offItems.length >= 50);
  assert.ok(offItems.every((i) => !i.sexual));
  await a.patch('/api/v1/me', { sexual_content: true });
  const on = (await a.get('/api/v1/connect/desires')).body.categories.flatMap((c) => c.items);
  assert.ok(on.length >= 80 && on.some((i) => i.sexual));
  const sexual = on.find((i) => i.sexual).id;
  const plain = offItems[0].id;
  await a.patch('/api/v1/me', { sexual_content: false });
  assertProblem(await a.put(`/api/v1/connect/desires/${sexual}/mine`, { answer: 'yes' }), 404);
  assertProblem(await a.put('/api/v1/connect/desires/nope/mine', { answer: 'yes' }), 404);
  assertProblem(await a.put(`/api/v1/connect/desires/${plain}/mine`, { answer: 'sure' }), 400);
  assertProblem(await a.put(`/api/v1/connect/desires/${plain}/mine`, { answer: 'yes', level: 3 }), 400);
  assert.deepEqual((await a.get('/api/v1/connect/desires/mine')).body.answers, {}, 'refusals change nothing');
  assert.equal((await a.put(`/api/v1/connect/desires/${plain}/mine`, { answer: 'maybe' })).status, 200);
  assert.deepEqual((await a.get('/api/v1/connect/desires/mine')).body.answers, { [plain]: 'maybe' });
  assert.equal((await a.delete(`/api/v1/connect/desires/${plain}/mine`)).status, 204);
  assert.equal((await a.delete(`/api/v1/connect/desires/${plain}/mine`)).status, 204, 'withdrawing twice is fine');
  assert.deepEqual((await a.get('/api/v1/connect/desires/mine')).body.answers, {});
});

test('matches: items both want, at any level; a no removes it at once; sexual ones need both opt-ins', async () => {
  const [a, b] = await couple();
  for (const c of [a, b]) await c.patch('/api/v1/me', { sexual_content: true });
  const items = (await a.get('/api/v1/connect/desires')).body.categories.flatMap((c) => c.items);
  const [x, y, z] = items.filter((i) => !i.sexual).map((i) => i.id);
  const s = items.find((i) => i.sexual).id;
  await a.put(`/api/v1/connect/desires/${x}/mine`, { answer: 'yes' });
  await b.put(`/api/v1/connect/desires/${x}/mine`, { answer: 'maybe' });
  await a.put(`/api/v1/connect/desires/${y}/mine`, { answer: 'yes' });
  await b.put(`/api/v1/connect/desires/${y}/mine`, { answer: 'no' });
  await a.put(`/api/v1/connect/desires/${z}/mine`, { answer: 'maybe' });
  await a.put(`/api/v1/connect/desires/${s}/mine`, { answer: 'yes' });
  await b.put(`/api/v1/connect/desires/${s}/mine`, { answer: 'yes' });
  const ids = async (c) => (await c.get('/api/v1/connect/desires/matches')).body.matches.map((m) => m.id);
  assert.deepEqual((await ids(a)).sort(), [x, s].sort());
  assert.deepEqual(await ids(b), await ids(a));
  const m = (await a.get('/api/v1/connect/desires/matches')).body.matches[0];
  assert.deepEqual(Object.keys(m).sort(), ['category', 'id', 'text'], 'a match says nothing of who chose which level');
  await b.put(`/api/v1/connect/desires/${x}/mine`, { answer: 'no' });
  assert.deepEqual(await ids(a), [s]);
  await b.patch('/api/v1/me', { sexual_content: false });
  assert.deepEqual(await ids(a), [], 'a sexual match disappears when either opts out');
});

test("nothing else about A's desire answers is derivable from anything B can ask (random patterns)", async () => {
  const [a, b] = await couple();
  for (const c of [a, b]) await c.patch('/api/v1/me', { sexual_content: true });
  const items = (await a.get('/api/v1/connect/desires')).body.categories.flatMap((c) => c.items).map((i) => i.id).slice(0, 30);
  let seed = 11;
  const rand = (n) => { seed = (seed * 1103515245 + 12345) % 2147483648; return seed % n; };
  const levels = ['yes', 'maybe', 'no', null];
  const setAll = async (c, pattern) => {
    for (const id of items) {
      if (pattern[id]) await c.put(`/api/v1/connect/desires/${id}/mine`, { answer: pattern[id] });
      else await c.delete(`/api/v1/connect/desires/${id}/mine`);
    }
  };
  for (let round = 0; round < 4; round++) {
    const bPattern = Object.fromEntries(items.map((id) => [id, levels[rand(4)]]));
    await setAll(b, bPattern);
    // Two patterns for A that agree on which items A wants, and differ in everything else.
    const p1 = {}; const p2 = {};
    for (const id of items) {
      const wants = rand(2) === 0;
      p1[id] = wants ? ['yes', 'maybe'][rand(2)] : [null, 'no'][rand(2)];
      p2[id] = wants ? ['yes', 'maybe'][rand(2)] : [null, 'no'][rand(2)];
    }
    await setAll(a, p1);
    const seen1 = await everything(b);
    await setAll(a, p2);
    const seen2 = await everything(b);
    assert.deepEqual(seen2, seen1, `round ${round}: B's view changed with A's unrevealed answers`);
    const expected = items.filter((id) => ['yes', 'maybe'].includes(p1[id]) && ['yes', 'maybe'].includes(bPattern[id]));
    assert.deepEqual((await b.get('/api/v1/connect/desires/matches')).body.matches.map((m) => m.id).sort(), expected.sort());
  }
});

test('guided conversations: both see the step and whose turn; notes private or shared', async () => {
  const [a, b] = await couple();
  const guides = (await a.get('/api/v1/connect/conversations/guides')).body.guides;
  assert.deepEqual(guides.map((g) => g.id).sort(), ['a-conflict', 'connected', 'try-something-new']);
  assertProblem(await a.post('/api/v1/connect/conversations', { guide: 'nope' }), 400);
  const started = await a.post('/api/v1/connect/conversations', { guide: 'connected' });
  assert.equal(started.status, 201, started.text);
  const id = started.body.id;
  assertProblem(await b.post('/api/v1/connect/conversations', { guide: 'a-conflict' }), 409);
  let moved = await a.post(`/api/v1/connect/conversations/${id}/step`, { from: 0, to: 1 });
  assert.equal(moved.body.current.speaker, 'starter');
  assert.equal(moved.body.current.turn, 'me');
  const forB = (await b.get(`/api/v1/connect/conversations/${id}`)).body;
  assert.deepEqual([forB.step, forB.current.turn, forB.started_by], [1, 'partner', 'partner']);
  assertProblem(await b.post(`/api/v1/connect/conversations/${id}/step`, { from: 0, to: 1 }), 409);
  assertProblem(await b.post(`/api/v1/connect/conversations/${id}/step`, { from: 1, to: 3 }), 400);
  moved = await b.post(`/api/v1/connect/conversations/${id}/step`, { from: 1, to: 2 });
  assert.equal(moved.body.current.turn, 'me', 'step 2 is the partner speaking: that is B');

  const privateNote = `private-${Math.random()}`;
  assert.equal((await a.post(`/api/v1/connect/conversations/${id}/notes`, { text: privateNote, shared: false })).status, 201);
  assert.equal((await a.post(`/api/v1/connect/conversations/${id}/notes`, { text: 'Walk after dinner', shared: true })).status, 201);
  assertProblem(await a.post(`/api/v1/connect/conversations/${id}/notes`, { text: 'x' }), 400);
  const mineA = (await a.get(`/api/v1/connect/conversations/${id}`)).body;
  assert.deepEqual(mineA.my_notes.map((n) => n.text), [privateNote]);
  const seenB = (await b.get(`/api/v1/connect/conversations/${id}`)).body;
  assert.deepEqual(seenB.shared_notes.map((n) => [n.text, n.author]), [['Walk after dinner', 'partner']]);
  assert.deepEqual(seenB.my_notes, []);
  for (const text of await everything(b)) assert.ok(!text.includes(privateNote));

  const finished = await b.post(`/api/v1/connect/conversations/${id}/finish`);
  assert.equal(finished.body.status, 'finished');
  assertProblem(await a.post(`/api/v1/connect/conversations/${id}/step`, { from: 2, to: 3 }), 409);
  const past = (await a.get('/api/v1/connect/conversations')).body.conversations;
  assert.deepEqual([past.length, past[0].shared_notes[0].text], [1, 'Walk after dinner']);
  const [c] = await couple();
  assertProblem(await c.get(`/api/v1/connect/conversations/${id}`), 404);
  assertProblem(await c.post(`/api/v1/connect/conversations/${id}/notes`, { text: 'x', shared: true }), 404);
});

test('leaving the couple ends access to its connect data for the one who left', async () => {
  const [a, b] = await couple();
  const { date } = (await a.get('/api/v1/connect/daily')).body;
  await a.put(`/api/v1/connect/daily/${date}/answer`, { text: 'before leaving' });
  assert.equal((await a.delete('/api/v1/couple/membership')).status, 204);
  assertProblem(await a.get('/api/v1/connect/daily'), 404);
  assertProblem(await b.get('/api/v1/connect/daily/history'), 404);
});
