// The couple chat: history, read receipts, live delivery over /api/v1/live (also from
// one server to another on one PostgreSQL), and back-pressure.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { spawn } from 'node:child_process';
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
  // seq counts every event to this person (on PostgreSQL their own messages may still be arriving).
  const { seq, ...read } = await live.next('chat.read');
  assert.deepEqual(read, { type: 'chat.read', v: 1, up_to: m2.id });
  assert.ok(Number.isInteger(seq) && seq >= 1);
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
    // Longest messages, in the characters that grow most when escaped or encoded, still
    // cross (the bus splits what does not fit one NOTIFY); and so does chat.send.
    for (const text of ['\u0001'.repeat(1500), '🌙'.repeat(1500), '"\\'.repeat(750)]) {
      const r = await a.post('/api/v1/chat/messages', { text });
      assert.equal(r.status, 201, r.text);
      assert.equal((await onTwo.next('chat.message')).message.text, text);
    }
    const onOne = await openLive(one.base, { token: a.token });
    const ack = await onOne.request({ type: 'chat.send', text: 'sent on one, seen on two' });
    assert.equal(ack.type, 'ack');
    assert.deepEqual([(await onTwo.next('chat.message')).message.id], [ack.ref]);
    // Typing and relays cross servers too.
    onOne.send({ type: 'chat.typing', typing: true });
    assert.equal((await onTwo.next('chat.typing')).typing, true);
    // A resume against another server's epoch is answered with reload.
    const elsewhere = await openLive(two.base, { token: a.token });
    elsewhere.send({ type: 'resume', epoch: onOne.hello.epoch, seq: 0 });
    assert.deepEqual(await elsewhere.next('reload'), { type: 'reload', v: 1, reason: 'epoch' });
    for (const x of [onTwo, onOne, elsewhere]) x.close();
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
  assert.equal(await slow.closed, 1013, 'closed with try_again_later');
  assert.ok(closed);
  // Everything sent is still in the history for when they come back.
  assert.equal((await b.get('/api/v1/chat/messages?limit=1')).body.messages[0].text, text);
});

test('chat.send over the live connection stores the message, acknowledges it and reaches both partners', async () => {
  const [a, b] = await newCouple(server.base);
  const aLive = await openLive(server.base, { token: a.token });
  const bLive = await openLive(server.base, { token: b.token });
  const ack = await aLive.request({ type: 'chat.send', text: '  over the socket 🕯️ ' });
  assert.equal(ack.type, 'ack', JSON.stringify(ack));
  assert.match(ack.ref, /^\w+$/);
  const mine = await aLive.next('chat.message');
  const theirs = await bLive.next('chat.message');
  assert.deepEqual([mine.message.id, mine.message.author, mine.message.text], [ack.ref, 'me', 'over the socket 🕯️']);
  assert.deepEqual([theirs.message.id, theirs.message.author], [ack.ref, 'partner']);
  const history = (await b.get('/api/v1/chat/messages')).body.messages;
  assert.deepEqual([history[0].id, history[0].text], [ack.ref, 'over the socket 🕯️']);
  // The same rules as POST: too long is refused by the schema, blank by the chat rules.
  assert.equal((await aLive.request({ type: 'chat.send', text: 'x'.repeat(1501) })).code, 'invalid_frame');
  const blank = await aLive.request({ type: 'chat.send', text: '   ' });
  assert.deepEqual([blank.type, blank.code], ['error', 'invalid']);
  const loner = await newPerson(server.base);
  const lonerLive = await openLive(server.base, { token: loner.token });
  assert.equal((await lonerLive.request({ type: 'chat.send', text: 'anyone?' })).code, 'not_found');
  for (const x of [aLive, bLive, lonerLive]) x.close();
});

test('a message of 1,500 control characters is accepted and delivered whole', async () => {
  const [a, b] = await newCouple(server.base);
  const bLive = await openLive(server.base, { token: b.token });
  const text = 'x' + '\u0007'.repeat(1498) + 'y';
  assert.equal((await a.post('/api/v1/chat/messages', { text })).status, 201);
  assert.equal((await bLive.next('chat.message')).message.text, text);
  bLive.close();
});

test('a client that reconnects resumes: it gets what it missed, in order, then resumed', async () => {
  const [a, b] = await newCouple(server.base);
  const first = await openLive(server.base, { token: b.token });
  // Another of b's connections, to know when events have reached the server's hub (on
  // PostgreSQL they come back through NOTIFY after the POST has answered).
  const watcher = await openLive(server.base, { token: b.token });
  await a.post('/api/v1/chat/messages', { text: 'seen' });
  const seen = await first.next('chat.message');
  first.close();
  await first.closed;
  for (const text of ['missed 1', 'missed 2', 'missed 3']) await a.post('/api/v1/chat/messages', { text });
  for (let i = 0; i < 4; i++) await watcher.next('chat.message');
  watcher.close();
  const again = await openLive(server.base, { token: b.token });
  assert.equal(again.hello.epoch, first.hello.epoch);
  assert.equal(again.hello.seq, seen.seq + 3);
  again.send({ type: 'resume', epoch: first.hello.epoch, seq: seen.seq });
  const replayed = [await again.next('chat.message'), await again.next('chat.message'), await again.next('chat.message')];
  assert.deepEqual(replayed.map((f) => f.message.text), ['missed 1', 'missed 2', 'missed 3']);
  assert.deepEqual(replayed.map((f) => f.seq), [seen.seq + 1, seen.seq + 2, seen.seq + 3]);
  assert.deepEqual(await again.next('resumed'), { type: 'resumed', v: 1, seq: seen.seq + 3 });
  again.close();
});

test('resume answers reload when the missed frames are gone or the server restarted', async () => {
  const database = freshDatabase();
  let one = await startServer({ database, env: { REKINDLE_LIVE_REPLAY_FRAMES: '3' } });
  try {
    const [a, b] = await newCouple(one.base);
    const first = await openLive(one.base, { token: b.token });
    const watcher = await openLive(one.base, { token: b.token }); // as in the test above
    first.close();
    await first.closed;
    for (let i = 0; i < 5; i++) await a.post('/api/v1/chat/messages', { text: `m${i}` });
    for (let i = 0; i < 5; i++) await watcher.next('chat.message');
    watcher.close();
    const again = await openLive(one.base, { token: b.token });
    again.send({ type: 'resume', epoch: first.hello.epoch, seq: first.hello.seq });
    assert.deepEqual(await again.next('reload'), { type: 'reload', v: 1, reason: 'gone' });
    assert.equal(again.frames.filter((f) => f.type === 'chat.message').length, 0, 'nothing partial is replayed');
    again.close();
    await one.stop();
    one = await startServer({ database });
    const afterRestart = await openLive(one.base, { token: b.token });
    afterRestart.send({ type: 'resume', epoch: again.hello.epoch, seq: again.hello.seq });
    assert.deepEqual(await afterRestart.next('reload'), { type: 'reload', v: 1, reason: 'epoch' });
    afterRestart.close();
  } finally {
    await one.stop();
    database.drop();
  }
});

test('on PostgreSQL the bus carries only sealed payloads: no chat text in NOTIFY', { skip: dbKind !== 'postgresql' && 'needs PostgreSQL' }, async () => {
  const [a, b] = await newCouple(server.base);
  const bLive = await openLive(server.base, { token: b.token });
  // psql prints the notifications it received after each statement.
  const listener = spawn('psql', [server.database.url, '-c', 'LISTEN rekindle_live', '-c', 'SELECT pg_sleep(1.5)']);
  let heard = '';
  listener.stdout.on('data', (d) => { heard += d; });
  const done = new Promise((r) => listener.on('exit', r));
  await new Promise((r) => setTimeout(r, 500));
  await a.post('/api/v1/chat/messages', { text: 'lighthouse secret' });
  await bLive.next('chat.message');
  await done;
  assert.match(heard, /Asynchronous notification "rekindle_live" with payload "\S+ \d+ 0 1 v2:/);
  assert.ok(!heard.includes('lighthouse'), heard);
  bLive.close();
});
