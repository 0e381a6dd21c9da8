// The desire map over HTTP: yes / maybe / no per item, sexual items only with the
// opt-in, and matches that show only what both want — with a test that nothing else
// about the partner's answers can be derived from anything they can ask.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, Client, assertProblem, newPerson, newCouple, everythingVisibleTo } from '../support/server.mjs';

let server;
before(async () => { server = await startServer(); });
after(async () => { await server?.stop(); });

const person = (fields) => newPerson(server.base, fields);
const couple = (aFields, bFields) => newCouple(server.base, aFields, bFields);

test('the desire map: sexual items only with the opt-in; answers yes, maybe or no', async () => {
  const [a] = await couple();
  const off = (await a.get('/api/v1/desires')).body.categories;
  const offItems = off.flatMap((c) => c.items);
  assert.ok(offItems.length >= 50);
  assert.ok(offItems.every((i) => !i.sexual));
  await a.patch('/api/v1/me', { sexual_content: true });
  const on = (await a.get('/api/v1/desires')).body.categories.flatMap((c) => c.items);
  assert.ok(on.length >= 80 && on.some((i) => i.sexual));
  const sexual = on.find((i) => i.sexual).id;
  const plain = offItems[0].id;
  await a.patch('/api/v1/me', { sexual_content: false });
  assertProblem(await a.put(`/api/v1/desires/${sexual}/mine`, { answer: 'yes' }), 404);
  assertProblem(await a.put('/api/v1/desires/nope/mine', { answer: 'yes' }), 404);
  assertProblem(await a.put(`/api/v1/desires/${plain}/mine`, { answer: 'sure' }), 400);
  assertProblem(await a.put(`/api/v1/desires/${plain}/mine`, { answer: 'yes', level: 3 }), 400);
  assert.deepEqual((await a.get('/api/v1/desires/mine')).body.answers, {}, 'refusals change nothing');
  assert.equal((await a.put(`/api/v1/desires/${plain}/mine`, { answer: 'maybe' })).status, 200);
  assert.deepEqual((await a.get('/api/v1/desires/mine')).body.answers, { [plain]: 'maybe' });
  assert.equal((await a.delete(`/api/v1/desires/${plain}/mine`)).status, 204);
  assert.equal((await a.delete(`/api/v1/desires/${plain}/mine`)).status, 204, 'withdrawing twice is fine');
  assert.deepEqual((await a.get('/api/v1/desires/mine')).body.answers, {});
});

test('matches: items both want, at any level; a no removes it at once; sexual ones need both opt-ins', async () => {
  const [a, b] = await couple();
  for (const c of [a, b]) await c.patch('/api/v1/me', { sexual_content: true });
  const items = (await a.get('/api/v1/desires')).body.categories.flatMap((c) => c.items);
  const [x, y, z] = items.filter((i) => !i.sexual).map((i) => i.id);
  const s = items.find((i) => i.sexual).id;
  await a.put(`/api/v1/desires/${x}/mine`, { answer: 'yes' });
  await b.put(`/api/v1/desires/${x}/mine`, { answer: 'maybe' });
  await a.put(`/api/v1/desires/${y}/mine`, { answer: 'yes' });
  await b.put(`/api/v1/desires/${y}/mine`, { answer: 'no' });
  await a.put(`/api/v1/desires/${z}/mine`, { answer: 'maybe' });
  await a.put(`/api/v1/desires/${s}/mine`, { answer: 'yes' });
  await b.put(`/api/v1/desires/${s}/mine`, { answer: 'yes' });
  const ids = async (c) => (await c.get('/api/v1/desires/matches')).body.matches.map((m) => m.id);
  assert.deepEqual((await ids(a)).sort(), [x, s].sort());
  assert.deepEqual(await ids(b), await ids(a));
  const m = (await a.get('/api/v1/desires/matches')).body.matches[0];
  assert.deepEqual(Object.keys(m).sort(), ['category', 'id', 'text'], 'a match says nothing of who chose which level');
  await b.put(`/api/v1/desires/${x}/mine`, { answer: 'no' });
  assert.deepEqual(await ids(a), [s]);
  await b.patch('/api/v1/me', { sexual_content: false });
  assert.deepEqual(await ids(a), [], 'a sexual match disappears when either opts out');
});

test("nothing else about A's desire answers is derivable from anything B can ask (random patterns)", async () => {
  const [a, b] = await couple();
  for (const c of [a, b]) await c.patch('/api/v1/me', { sexual_content: true });
  const items = (await a.get('/api/v1/desires')).body.categories.flatMap((c) => c.items).map((i) => i.id).slice(0, 30);
  let seed = 11;
  const rand = (n) => { seed = (seed * 1103515245 + 12345) % 2147483648; return seed % n; };
  const levels = ['yes', 'maybe', 'no', null];
  const setAll = async (c, pattern) => {
    for (const id of items) {
      if (pattern[id]) await c.put(`/api/v1/desires/${id}/mine`, { answer: pattern[id] });
      else await c.delete(`/api/v1/desires/${id}/mine`);
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
    const seen1 = await everythingVisibleTo(b);
    await setAll(a, p2);
    const seen2 = await everythingVisibleTo(b);
    assert.deepEqual(seen2, seen1, `round ${round}: B's view changed with A's unrevealed answers`);
    const expected = items.filter((id) => ['yes', 'maybe'].includes(p1[id]) && ['yes', 'maybe'].includes(bPattern[id]));
    assert.deepEqual((await b.get('/api/v1/desires/matches')).body.matches.map((m) => m.id).sort(), expected.sort());
  }
});
