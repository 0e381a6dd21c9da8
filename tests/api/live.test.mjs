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
