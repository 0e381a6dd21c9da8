// Guided conversations over HTTP: both see the step and whose turn it is; notes are
// private or shared.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, Client, assertProblem, newPerson, newCouple, everythingVisibleTo } from '../support/server.mjs';

let server;
before(async () => { server = await startServer(); });
after(async () => { await server?.stop(); });

const person = (fields) => newPerson(server.base, fields);
const couple = (aFields, bFields) => newCouple(server.base, aFields, bFields);

test('guided conversations: both see the step and whose turn; notes private or shared', async () => {
  const [a, b] = await couple();
  const guides = (await a.get('/api/v1/conversations/guides')).body.guides;
  assert.deepEqual(guides.map((g) => g.id).sort(), ['a-conflict', 'connected', 'try-something-new']);
  assertProblem(await a.post('/api/v1/conversations', { guide: 'nope' }), 400);
  const started = await a.post('/api/v1/conversations', { guide: 'connected' });
  assert.equal(started.status, 201, started.text);
  const id = started.body.id;
  assertProblem(await b.post('/api/v1/conversations', { guide: 'a-conflict' }), 409);
  let moved = await a.post(`/api/v1/conversations/${id}/step`, { from: 0, to: 1 });
  assert.equal(moved.body.current.speaker, 'starter');
  assert.equal(moved.body.current.turn, 'me');
  const forB = (await b.get(`/api/v1/conversations/${id}`)).body;
  assert.deepEqual([forB.step, forB.current.turn, forB.started_by], [1, 'partner', 'partner']);
  assertProblem(await b.post(`/api/v1/conversations/${id}/step`, { from: 0, to: 1 }), 409);
  assertProblem(await b.post(`/api/v1/conversations/${id}/step`, { from: 1, to: 3 }), 400);
  moved = await b.post(`/api/v1/conversations/${id}/step`, { from: 1, to: 2 });
  assert.equal(moved.body.current.turn, 'me', 'step 2 is the partner speaking: that is B');

  const privateNote = `private-${Math.random()}`;
  assert.equal((await a.post(`/api/v1/conversations/${id}/notes`, { text: privateNote, shared: false })).status, 201);
  assert.equal((await a.post(`/api/v1/conversations/${id}/notes`, { text: 'Walk after dinner', shared: true })).status, 201);
  assertProblem(await a.post(`/api/v1/conversations/${id}/notes`, { text: 'x' }), 400);
  const mineA = (await a.get(`/api/v1/conversations/${id}`)).body;
  assert.deepEqual(mineA.my_notes.map((n) => n.text), [privateNote]);
  const seenB = (await b.get(`/api/v1/conversations/${id}`)).body;
  assert.deepEqual(seenB.shared_notes.map((n) => [n.text, n.author]), [['Walk after dinner', 'partner']]);
  assert.deepEqual(seenB.my_notes, []);
  for (const text of await everythingVisibleTo(b)) assert.ok(!text.includes(privateNote));

  const finished = await b.post(`/api/v1/conversations/${id}/finish`);
  assert.equal(finished.body.status, 'finished');
  assertProblem(await a.post(`/api/v1/conversations/${id}/step`, { from: 2, to: 3 }), 409);
  const past = (await a.get('/api/v1/conversations')).body.conversations;
  assert.deepEqual([past.length, past[0].shared_notes[0].text], [1, 'Walk after dinner']);
  const [c] = await couple();
  assertProblem(await c.get(`/api/v1/conversations/${id}`), 404);
  assertProblem(await c.post(`/api/v1/conversations/${id}/notes`, { text: 'x', shared: true }), 404);
});
