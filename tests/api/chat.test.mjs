// The couple chat: history, read receipts, live delivery over /api/v1/live (also from
// one server to another on one PostgreSQL), and back-pressure.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { startServer, assertProblem, newCouple, newPerson, dbKind, freshDatabase, dump } from '../support/server.mjs';
import { openLive } from '../support/live.mjs';

let server;
before(async () => { server = await startServer(); });
after(async () => { await server?.stop(); });

test('messages are stored sealed, paged newest first, and only the couple reads them', async () => {
  const [a, b] = await newCouple(server.base);
  const sent = [];
  for (let i = 0; i < 5; i++) {
    const r = await (i % 2 ? b : a).post('/api/v1/chat/messages', { text: `message ${i} 🌙` });
    assert.equal(r.status, 201, r.text);
    sent.push(r.body);
  }
  assert.equal(sent[0].author, 'me');
  const page = (await b.get('/api/v1/chat/messages?limit=3')).body;
  assert.deepEqual(page.messages.map((m) => m.text), ['message 4 🌙', 'message 3 🌙', 'message 2 🌙']);
  assert.deepEqual(page.messages.map((m) => m.author), ['partner', 'me', 'partner']);
  const older = (await b.get(`/api/v1/chat/messages?before=${page.messages[2].id}`)).body.messages;
  assert.deepEqual(older.map((m) => m.text), ['message 1 🌙', 'message 0 🌙']);
  assert.ok(!dump(server.database).includes('message 3'), 'sealed at rest');
  const stranger = await newPerson(server.base);
  assertProblem(await stranger.get('/api/v1/chat/messages'), 404);
  for (const body of [{}, { text: '' }, { text: 'x'.repeat(1501) }, { text: 5 }, { text: 'hi', to: 'x' }])
    assertProblem(await a.post('/api/v1/chat/messages', body), 400);
  assertProblem(await a.get('/api/v1/chat/messages?limit=0'), 400);
});

test('read receipts move forward only and reach the partner live', async () => {
  const [a, b] = await newCouple(server.base);
  const m1 = (await a.post('/api/v1/chat/messages', { text: 'one' })).body;
  const m2 = (await a.post('/api/v1/chat/messages', { text: 'two' })).body;
  assert.equal((await a.get('/api/v1/chat/messages')).body.partner_read_up_to, null);
  const live = await openLive(server.base, { token: a.token });
  assert.equal((await b.post('/api/v1/chat/read', { up_to: m2.id })).status, 204);
  assert.deepEqual(await live.next('chat.read'), { type: 'chat.read', v: 1, up_to: m2.id });
  await b.post('/api/v1/chat/read', { up_to: m1.id });
  assert.equal((await a.get('/api/v1/chat/messages')).body.partner_read_up_to, m2.id, 'never moves back');
  assertProblem(await b.post('/api/v1/chat/read', { up_to: 'nope' }), 404);
  live.close();
});

test('a message reaches every open connection of both partners, live', async () => {
  const [a, b] = await newCouple(server.base);
  const bPhone = await openLive(server.base, { token: b.token });
  const bLaptop = await openLive(server.base, { token: b.token });
  const aOther = await openLive(server.base, { token: a.token });
  const sent = (await a.post('/api/v1/chat/messages', { text: 'live hello' })).body;
  for (const c of [bPhone, bLaptop]) {
    const f = await c.next('chat.message');
    assert.deepEqual([f.message.id, f.message.text, f.message.author], [sent.id, 'live hello', 'partner']);
  }
  assert.equal((await aOther.next('chat.message')).message.author, 'me');
  // Nobody else hears it.
  const [c] = await newCouple(server.base);
  const outsider = await openLive(server.base, { token: c.token });
  await a.post('/api/v1/chat/messages', { text: 'private' });
  await bPhone.next('chat.message');
  assert.equal(outsider.frames.filter((f) => f.type === 'chat.message').length, 0);
  for (const x of [bPhone, bLaptop, aOther, outsider]) x.close();
});

test('a message sent while the partner is offline is there when they connect; leaving ends access', async () => {
  const [a, b] = await newCouple(server.base);
  await a.post('/api/v1/chat/messages', { text: 'while you were away' });
  assert.equal((await b.get('/api/v1/chat/messages')).body.messages[0].text, 'while you were away');
  assert.equal((await b.delete('/api/v1/couple/membership')).status, 204);
  assertProblem(await b.get('/api/v1/chat/messages'), 404);
  assertProblem(await b.post('/api/v1/chat/messages', { text: 'still here?' }), 404);
});

test('a message posted on one server reaches a client connected to another (PostgreSQL)', { skip: dbKind !== 'postgresql' && 'needs PostgreSQL' }, async () => {
  const database = freshDatabase();
  const one = await startServer({ database });
  const two = await startServer({ database });
  try {
    assert.match(one.logs(), /"live_bus":"postgresql"/);
    const [a, b] = await newCouple(one.base);
    const onTwo = await openLive(two.base, { token: b.token });
    const sent = (await a.post('/api/v1/chat/messages', { text: 'across servers' })).body;
    const f = await onTwo.next('chat.message');
    assert.deepEqual([f.message.id, f.message.text], [sent.id, 'across servers']);
    onTwo.close();
  } finally {
    await one.stop();
    await two.stop();
    database.drop();
  }
});

test('a client that stops reading is disconnected and server memory stays bounded', async () => {
  const [a, b] = await newCouple(server.base);
  const rss = () => Number(readFileSync(`/proc/${server.child.pid}/status`, 'utf8').match(/VmRSS:\s+(\d+)/)[1]) / 1024;
  const slow = await openLive(server.base, { token: b.token });
  slow.ws._socket.pause(); // never reads again
  let closed = false;
  slow.closed.then(() => { closed = true; });
  const before = rss();
  const text = 'x'.repeat(1400);
  let sent = 0;
  for (; sent < 8000; sent += 20) {
    await Promise.all(Array.from({ length: 20 }, () => a.post('/api/v1/chat/messages', { text })));
    if (sent % 400 === 0 && /live_slow_client_dropped/.test(server.logs())) break;
  }
  assert.match(server.logs(), /"event":"live_slow_client_dropped"/, `not dropped after ${sent} messages`);
  const grown = rss() - before;
  assert.ok(grown < 64, `server grew by ${grown.toFixed(1)} MiB`);
  slow.ws._socket.resume();
  await slow.closed;
  assert.ok(closed);
  // Everything sent is still in the history for when they come back.
  assert.equal((await b.get('/api/v1/chat/messages?limit=1')).body.messages[0].text, text);
});
