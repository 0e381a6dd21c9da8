// The live endpoint: who may open it, ping/pong, limits.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, Client, assertProblem, newPerson } from '../support/server.mjs';
import { openLive } from '../support/live.mjs';

let server;
before(async () => { server = await startServer(); });
after(async () => { await server?.stop(); });

test('a signed-in person opens a live connection by bearer token and gets pong for ping', async () => {
  const a = await newPerson(server.base);
  const live = await openLive(server.base, { token: a.token });
  live.ws.send(JSON.stringify({ type: 'ping' }));
  assert.deepEqual(await live.next('pong'), { type: 'pong', v: 1 });
  live.close();
});

test('cookie sessions must come from our own origin; no credentials, no connection', async () => {
  const a = new Client(server.base);
  const r = await a.signUp();
  const cookie = r.headers.get('set-cookie').split(';')[0];
  const live = await openLive(server.base, { cookie, origin: server.base });
  live.close();
  await assert.rejects(openLive(server.base, { cookie, origin: 'https://evil.example' }), { status: 403 });
  await assert.rejects(openLive(server.base, { cookie }), { status: 403 });
  await assert.rejects(openLive(server.base, {}), { status: 401 });
  await assert.rejects(openLive(server.base, { token: 'A'.repeat(43) }), { status: 401 });
});

test('a plain GET of the live address asks for an upgrade', async () => {
  const r = await new Client(server.base).get('/api/v1/live');
  assertProblem(r, 426);
});

test('oversized and flooding clients are disconnected', async () => {
  const a = await newPerson(server.base);
  const big = await openLive(server.base, { token: a.token });
  big.ws.send('x'.repeat(10000));
  assert.notEqual(await big.closed, undefined);
  const flood = await openLive(server.base, { token: a.token });
  for (let i = 0; i < 100; i++) flood.ws.send(JSON.stringify({ type: 'ping' }));
  await flood.closed;
  // The server is fine.
  const ok = await openLive(server.base, { token: a.token });
  ok.close();
});

test('signing out closes that session’s live connections; a password change closes the others; erasure closes all', async () => {
  const a = await newPerson(server.base);
  const other = new Client(server.base);
  other.token = (await other.post('/api/v1/sessions', { email: a.email, password: a.password })).body.token;
  const mine = await openLive(server.base, { token: a.token });
  const theirs = await openLive(server.base, { token: other.token });
  let mineClosed = false;
  mine.closed.then(() => { mineClosed = true; });

  // Sign-out of the other session closes only its connection.
  assert.equal((await other.delete('/api/v1/sessions/current')).status, 204);
  await theirs.closed;
  await new Promise((r) => setTimeout(r, 200));
  assert.equal(mineClosed, false);

  // A password change closes every other session's connection, not this one's.
  const third = new Client(server.base);
  third.token = (await third.post('/api/v1/sessions', { email: a.email, password: a.password })).body.token;
  const thirdLive = await openLive(server.base, { token: third.token });
  assert.equal((await a.post('/api/v1/me/password', { current_password: a.password, new_password: 'quiet harbour lamps glow' })).status, 204);
  await thirdLive.closed;
  await new Promise((r) => setTimeout(r, 200));
  assert.equal(mineClosed, false);
  mine.ws.send(JSON.stringify({ type: 'ping' }));
  await mine.next('pong');

  // Erasing the account closes the rest.
  assert.equal((await a.delete('/api/v1/me', { password: 'quiet harbour lamps glow' })).status, 204);
  await mine.closed;
});
