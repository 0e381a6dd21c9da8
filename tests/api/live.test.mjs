// The live endpoint: who may open it, the protocol's replies, who hears typing and
// relays, close codes, resume.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { startServer, Client, assertProblem, newPerson, newCouple, root } from '../support/server.mjs';
import { openLive } from '../support/live.mjs';

const closeCodes = JSON.parse(readFileSync(join(root, 'src/platform/live/protocol.json'), 'utf8')).close_codes;
const code = (name) => closeCodes[name].code;

let server;
before(async () => { server = await startServer(); });
after(async () => { await server?.stop(); });

test('a signed-in person opens a live connection by bearer token: hello, then pong for ping', async () => {
  const a = await newPerson(server.base);
  const live = await openLive(server.base, { token: a.token });
  assert.equal(live.hello.v, 1);
  assert.equal(live.hello.seq, 0);
  assert.match(live.hello.epoch, /^\S+$/);
  live.send({ type: 'ping' });
  assert.deepEqual(await live.next('pong'), { type: 'pong', v: 1 });
  live.send({ type: 'ping', id: 'p-1' });
  assert.deepEqual(await live.next('pong'), { type: 'pong', v: 1, id: 'p-1' });
  live.close();
  assert.equal(await live.closed, code('normal'));
});

test('cookie sessions must come from our own origin; no credentials, no connection', async () => {
  const a = new Client(server.base);
  const r = await a.signUp();
  const cookie = r.headers.get('set-cookie').split(';')[0];
  const live = await openLive(server.base, { cookie, origin: server.base });
  live.close();
  await assert.rejects(openLive(server.base, { cookie, origin: 'https://evil.example' }), { status: 403 });
  await assert.rejects(openLive(server.base, { cookie }), { status: 403 });
  // A Host header proves nothing: an attacker's page at evil.example, resolving to this
  // server, would send Host and Origin alike. Without public_url only loopback counts.
  await assert.rejects(openLive(server.base, { cookie, origin: 'http://evil.example', host: 'evil.example' }), { status: 403 });
  await assert.rejects(openLive(server.base, {}), { status: 401 });
  await assert.rejects(openLive(server.base, { token: 'A'.repeat(43) }), { status: 401 });
});

test('a plain GET of the live address asks for an upgrade', async () => {
  const r = await new Client(server.base).get('/api/v1/live');
  assertProblem(r, 426);
});

test('frames that break the schema get an error with the code the contract names; the connection stays', async () => {
  const a = await newPerson(server.base);
  const live = await openLive(server.base, { token: a.token });
  const { cases } = JSON.parse(readFileSync(join(root, 'tests/contract/live/invalid.json'), 'utf8'));
  for (const c of cases.filter((c) => c.dir === 'client')) {
    live.ws.send(JSON.stringify(c.frame));
    const e = await live.next('error');
    assert.equal(e.code, c.code, c.why);
    await new Promise((r) => setTimeout(r, 60)); // stay under the flood limit
  }
  live.ws.send('not json');
  assert.equal((await live.next('error')).code, 'invalid_frame');
  live.close();
});

test('oversized (1009), binary (1003) and flooding (1008) clients are closed with their codes', async () => {
  const a = await newPerson(server.base);
  const big = await openLive(server.base, { token: a.token });
  big.ws.send('x'.repeat(17000));
  assert.equal(await big.closed, code('too_big'));
  const binary = await openLive(server.base, { token: a.token });
  binary.ws.send(Buffer.from([1, 2, 3]));
  assert.equal(await binary.closed, code('unsupported_data'));
  const flood = await openLive(server.base, { token: a.token });
  for (let i = 0; i < 100; i++) flood.send({ type: 'ping' });
  assert.equal(await flood.closed, code('policy'));
  // The server is fine.
  const ok = await openLive(server.base, { token: a.token });
  ok.close();
});

test('signing out, a password change and erasure close connections with session_ended', async () => {
  const a = await newPerson(server.base);
  const other = new Client(server.base);
  other.token = (await other.post('/api/v1/sessions', { email: a.email, password: a.password })).body.token;
  const mine = await openLive(server.base, { token: a.token });
  const theirs = await openLive(server.base, { token: other.token });
  let mineClosed = false;
  mine.closed.then(() => { mineClosed = true; });

  // Sign-out of the other session closes only its connection.
  assert.equal((await other.delete('/api/v1/sessions/current')).status, 204);
  assert.equal(await theirs.closed, code('session_ended'));
  await new Promise((r) => setTimeout(r, 200));
  assert.equal(mineClosed, false);

  // A password change closes every other session's connection, not this one's.
  const third = new Client(server.base);
  third.token = (await third.post('/api/v1/sessions', { email: a.email, password: a.password })).body.token;
  const thirdLive = await openLive(server.base, { token: third.token });
  assert.equal((await a.post('/api/v1/me/password', { current_password: a.password, new_password: 'quiet harbour lamps glow' })).status, 204);
  assert.equal(await thirdLive.closed, code('session_ended'));
  await new Promise((r) => setTimeout(r, 200));
  assert.equal(mineClosed, false);
  mine.send({ type: 'ping' });
  await mine.next('pong');

  // Erasing the account closes the rest.
  assert.equal((await a.delete('/api/v1/me', { password: 'quiet harbour lamps glow' })).status, 204);
  assert.equal(await mine.closed, code('session_ended'));
});

test('typing and relays reach the partner’s connections only: not the sender’s others, not another couple', async () => {
  const [a, b] = await newCouple(server.base);
  const [c] = await newCouple(server.base);
  const a1 = await openLive(server.base, { token: a.token });
  const a2 = await openLive(server.base, { token: a.token });
  const b1 = await openLive(server.base, { token: b.token });
  const b2 = await openLive(server.base, { token: b.token });
  const c1 = await openLive(server.base, { token: c.token });

  assert.equal((await a1.request({ type: 'chat.typing', typing: true })).type, 'ack');
  for (const x of [b1, b2]) assert.deepEqual(await x.next('chat.typing'), { type: 'chat.typing', v: 1, typing: true });
  const payload = { kind: 'offer', sdp: 'v=0\r\n', n: [1, 2, 3] };
  assert.equal((await a1.request({ type: 'relay', payload })).type, 'ack');
  for (const x of [b1, b2]) assert.deepEqual(await x.next('relay'), { type: 'relay', v: 1, payload });
  // And back.
  b2.send({ type: 'relay', payload: { kind: 'answer' } });
  for (const x of [a1, a2]) assert.deepEqual((await x.next('relay')).payload, { kind: 'answer' });

  for (const x of [a1, a2, c1]) assert.deepEqual(await x.quiet('chat.typing'), []);
  assert.deepEqual(await c1.quiet('relay', 0), []);
  assert.deepEqual(await b1.quiet('relay', 0), []);
  // Never stored, never replayed: a new connection of the partner starts at seq 0.
  const b3 = await openLive(server.base, { token: b.token });
  assert.equal(b3.hello.seq, 0);

  // A relay payload over the limit is refused; typing is rate-limited.
  const tooBig = await a1.request({ type: 'relay', payload: 'x'.repeat(9000) });
  assert.deepEqual([tooBig.type, tooBig.code], ['error', 'invalid_frame']);
  const answers = [];
  for (let i = 0; i < 6; i++) answers.push(a2.request({ type: 'chat.typing', typing: i % 2 === 0 }));
  assert.ok((await Promise.all(answers)).some((r) => r.code === 'rate_limited'));
  for (const x of [a1, a2, b1, b2, b3, c1]) x.close();
});

test('someone not in a couple has nobody to relay to', async () => {
  const solo = await newPerson(server.base);
  const live = await openLive(server.base, { token: solo.token });
  const r = await live.request({ type: 'relay', payload: {} });
  assert.deepEqual([r.type, r.code], ['error', 'no_partner']);
  live.close();
});

test('joining and leaving a couple close live connections with couple_changed; relays follow the new partner', async () => {
  const a = await newPerson(server.base);
  const b = await newPerson(server.base);
  const aLive = await openLive(server.base, { token: a.token });
  const bLive = await openLive(server.base, { token: b.token });
  const code_ = (await a.post('/api/v1/couple/invites')).body.code;
  assert.equal((await b.post('/api/v1/couple/join', { code: code_ })).status, 201);
  assert.equal(await aLive.closed, code('couple_changed'));
  assert.equal(await bLive.closed, code('couple_changed'));

  const a2 = await openLive(server.base, { token: a.token });
  const b2 = await openLive(server.base, { token: b.token });
  a2.send({ type: 'relay', payload: 'hi' });
  assert.equal((await b2.next('relay')).payload, 'hi');

  assert.equal((await b.delete('/api/v1/couple/membership')).status, 204);
  assert.equal(await a2.closed, code('couple_changed'));
  assert.equal(await b2.closed, code('couple_changed'));
  const a3 = await openLive(server.base, { token: a.token });
  const b3 = await openLive(server.base, { token: b.token });
  assert.equal((await a3.request({ type: 'relay', payload: 'still there?' })).code, 'no_partner');
  assert.deepEqual(await b3.quiet('relay'), []);
  a3.close();
  b3.close();
});

test('a server shutting down closes live connections with going_away', async () => {
  const own = await startServer();
  const a = await newPerson(own.base);
  const live = await openLive(own.base, { token: a.token });
  const stopped = own.stop();
  assert.equal(await live.closed, code('going_away'));
  assert.equal((await stopped).code, 0);
});

test('one person cannot hold every live socket: beyond the cap, 429', async () => {
  const s = await startServer({ env: { REKINDLE_LIVE_CONNECTIONS_PER_PERSON: '3' } });
  const open = [];
  try {
    const a = new Client(s.base);
    await a.signUp();
    for (let i = 0; i < 3; i++) open.push(await openLive(s.base, { token: a.token }));
    await assert.rejects(openLive(s.base, { token: a.token }), { status: 429 });
    const b = new Client(s.base);
    await b.signUp();
    open.push(await openLive(s.base, { token: b.token }));  // someone else still gets in
    open.shift().close();
    await new Promise((r) => setTimeout(r, 200));
    open.push(await openLive(s.base, { token: a.token }));
  } finally {
    for (const l of open) l.close();
    await s.stop();
  }
});
