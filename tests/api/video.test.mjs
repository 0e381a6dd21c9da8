// Video calls: a booked session's call is its participants' only (the therapist, and
// both partners together or the one partner alone), only while it is open (10 minutes
// before the start until the end); partners wait until the therapist lets them in;
// signalling goes between people in the call, to the recipient's connections only;
// TURN credentials are short-lived and derived from the secret, which never leaves the
// server; a flood of signals is refused without holding up anyone else.
import { test, before, after, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { startServer, assertProblem, newCouple, newPerson, setClock, sql, Client } from '../support/server.mjs';
import { makeOperator } from '../support/totp.mjs';
import { openLive } from '../support/live.mjs';
import { approvedTherapist, bookedSession } from '../support/care.mjs';

const secret = 'test-turn-secret-0123456789';
const ttlMs = 600000;
let server;
before(async () => {
  server = await startServer({
    testHooks: true,
    env: {
      REKINDLE_VIDEO_STUN_URLS: 'stun:127.0.0.1:3478',
      REKINDLE_VIDEO_TURN_URLS: 'turn:127.0.0.1:3478?transport=udp,turn:127.0.0.1:3478?transport=tcp',
      REKINDLE_VIDEO_TURN_SECRET: secret,
      REKINDLE_VIDEO_TURN_TTL_MS: String(ttlMs),
    },
  });
});
after(async () => { await server?.stop(); });
// Each test moves the server's clock into a session's window; back to real time after,
// so that the next one's therapist can set up a second factor with a real code.
afterEach(async () => { await setClock(server, new Date().toISOString()); });

const minute = 60000;
let region = 0;

// A couple whose therapist has taken them on, with sessions together open, and one
// session booked: together (joint) or A's alone.
async function booked({ kind = 'joint' } = {}) {
  const { t, a, b, session } = await bookedSession(server, { kind });
  return { t, a, b, session, path: `/api/v1/video/sessions/${session.id}` };
}

// Moves the server's clock to `ms` after the session's start (negative: before it).
const at = (session, ms) => setClock(server, new Date(session.starts_at + ms).toISOString());

test('a call is its participants’ only, and only while it is open', async () => {
  const { t, a, b, session, path } = await booked();
  const [stranger] = await newCouple(server.base, { display_name: 'Stranger' });
  const otherTherapist = await approvedTherapist(server, { jurisdictions: [`US-V${++region}`] });

  // Before the window: participants learn when it opens; others learn nothing.
  for (const c of [t, a, b]) {
    const r = await c.get(path);
    assertProblem(r, 409);
    assert.equal(r.body.detail, 'This call opens 10 minutes before the session starts.');
  }
  for (const c of [stranger, otherTherapist]) assertProblem(await c.get(path), 404);
  assertProblem(await new Client(server.base).get(path), 401);
  assertProblem(await a.get('/api/v1/video/sessions/no-such-session'), 404);
  // The same words in Spanish.
  const es = await a.get(path, { headers: { 'accept-language': 'es' } });
  assert.equal(es.body.detail, 'Esta llamada se abre 10 minutos antes de que empiece la sesión.');
  assert.equal((await a.get('/api/v1/care/bookings')).body.sessions[0].call_open, false);

  await at(session, -10 * minute - 1000);
  assertProblem(await a.post(`${path}/join`), 409);
  await at(session, -10 * minute);
  const view = await a.get(path);
  assert.equal(view.status, 200, view.text);
  assert.equal((await a.get('/api/v1/care/bookings')).body.sessions[0].call_open, true);
  assert.equal((await t.get('/api/v1/therapist/schedule')).body.sessions[0].call_open, true);
  assert.equal(view.body.kind, 'joint');
  assert.equal(view.body.my_role, 'partner');
  assert.deepEqual(view.body.participants.map((p) => [p.id, p.name, p.role, p.state]), [
    [t.user.id, 'Dana Reyes', 'therapist', 'absent'], [a.user.id, 'Ana', 'me', 'absent'], [b.user.id, 'Bo', 'partner', 'absent'],
  ]);
  for (const c of [stranger, otherTherapist]) {
    assertProblem(await c.get(path), 404);
    assertProblem(await c.post(`${path}/join`), 404);
    assertProblem(await c.post(`${path}/signal`, { to: t.user.id, payload: { kind: 'offer' } }), 404);
  }

  // TURN: the credential is coturn's REST scheme, lasting until the end plus the TTL;
  // the secret itself never appears.
  const [stun, turn] = view.body.ice_servers;
  assert.deepEqual(stun, { urls: ['stun:127.0.0.1:3478'] });
  assert.deepEqual(turn.urls, ['turn:127.0.0.1:3478?transport=udp', 'turn:127.0.0.1:3478?transport=tcp']);
  assert.equal(turn.username, `${Math.floor((session.ends_at + ttlMs) / 1000)}:${a.user.id}`);
  assert.equal(turn.credential, createHmac('sha1', secret).update(turn.username).digest('base64'));
  assert.equal(view.body.ice_transport_policy, 'all');
  assert.ok(!view.text.includes(secret));

  // At the end it closes.
  await at(session, session.ends_at - session.starts_at);
  const over = await t.get(path);
  assertProblem(over, 409);
  assert.equal(over.body.detail, 'This session is over.');
  assert.equal((await a.post(`${path}/leave`)).status, 204, 'leaving is always possible');
});

test('a suspended or lapsed therapist holds no session, and one reinstated does again', async () => {
  const { t, a, session, path } = await booked();
  const op = await makeOperator(server, await newPerson(server.base, { display_name: 'Operator' }));
  await at(session, minute);
  assert.equal((await a.post(`${path}/join`)).status, 200);
  const therapist = `/api/v1/operator/therapists/${t.user.id}`;
  assert.equal((await op.post(`${therapist}/suspend`, { reason: 'A complaint is being looked into.' })).status, 200);
  for (const c of [t, a]) {
    const r = await c.post(`${path}/join`);
    assertProblem(r, 409);
    assert.match(r.body.detail, /not approved/);
    assertProblem(await c.post(`${path}/signal`, { to: c === t ? a.user.id : t.user.id, payload: { kind: 'offer' } }), 409);
  }
  assert.equal((await a.get('/api/v1/care/bookings')).body.sessions[0].call_open, false);
  assert.equal((await t.get('/api/v1/therapist/schedule')).body.sessions[0].call_open, false);
  assert.equal((await op.post(`${therapist}/reinstate`)).status, 200);
  assert.equal((await t.post(`${path}/join`)).status, 200);
  assert.equal((await a.get('/api/v1/care/bookings')).body.sessions[0].call_open, true);
  // A verification that ran out closes the call the same way.
  sql(server.database, `UPDATE therapists SET verified_until = '2000-01-01' WHERE user_id = '${t.user.id}'`);
  assertProblem(await a.post(`${path}/join`), 409);
  assert.equal((await t.get('/api/v1/therapist/schedule')).body.sessions[0].call_open, false);
});

test('a session alone: the partner it is for and the therapist; the other partner gets nothing', async () => {
  const { t, a, b, session, path } = await booked({ kind: 'individual' });
  await at(session, 0);
  assert.equal((await a.get(path)).status, 200);
  const view = (await t.get(path)).body;
  assert.equal(view.my_role, 'therapist');
  assert.deepEqual(view.participants.map((p) => [p.id, p.role]), [[t.user.id, 'me'], [a.user.id, 'partner']]);
  assertProblem(await b.get(path), 404);
  assertProblem(await b.post(`${path}/join`), 404);
});

test('the waiting room, admission, and signalling only between people in the call', async () => {
  const { t, a, b, session, path } = await booked();
  const [x] = await newCouple(server.base, { display_name: 'Other' });
  await at(session, -5 * minute);
  const [lt, la, lb, lx] = await Promise.all([t, a, b, x].map((c) => openLive(server.base, { token: c.token })));
  try {
    // A partner waits; the others hear that something changed.
    const joined = await a.post(`${path}/join`);
    assert.equal(joined.status, 200, joined.text);
    assert.equal(joined.body.participants.find((p) => p.role === 'me').state, 'waiting');
    assert.deepEqual(await lt.next('call.state'), { type: 'call.state', v: 1, session: session.id });
    await lb.next('call.state');
    assert.equal((await la.quiet('call.state', 100)).length, 0, 'not to the one who joined');
    assertProblem(await a.post(`${path}/signal`, { to: t.user.id, payload: { kind: 'offer' } }), 409);
    // Only the therapist lets people in.
    assertProblem(await b.post(`${path}/admit`, { person: a.user.id }), 403);
    assertProblem(await t.post(`${path}/admit`, { person: b.user.id }), 409);  // not waiting
    assertProblem(await t.post(`${path}/admit`, { person: x.user.id }), 400);  // not in this session
    assertProblem(await t.post(`${path}/admit`, {}), 400);

    // The therapist is in at once, but cannot signal someone still waiting.
    const tj = await t.post(`${path}/join`);
    assert.equal(tj.body.participants.find((p) => p.role === 'me').state, 'admitted');
    const signalA = await t.post(`${path}/signal`, { to: a.user.id, payload: { kind: 'offer' } });
    assertProblem(signalA, 409);
    assert.equal(signalA.body.detail, 'They aren\'t in the call.');
    const admitted = await t.post(`${path}/admit`, { person: a.user.id });
    assert.equal(admitted.status, 200, admitted.text);
    assert.equal(admitted.body.participants.find((p) => p.id === a.user.id).state, 'admitted');
    await la.next('call.state');
    assert.equal((await t.post(`${path}/admit`, { person: a.user.id })).status, 200, 'again: no change');

    // Over HTTP: to the recipient's connections only.
    const payload = { kind: 'offer', pc: 'p1', sdp: 'v=0\r\n' + 'a=x\r\n'.repeat(900) };
    assert.equal((await t.post(`${path}/signal`, { to: a.user.id, payload })).status, 204);
    assert.deepEqual(await la.next('call.signal'), { type: 'call.signal', v: 1, session: session.id, from: t.user.id, payload });
    // Over the live connection: the same request, acknowledged.
    const ack = await la.request({ type: 'call.signal', session: session.id, to: t.user.id, payload: { kind: 'answer', pc: 'p1' } });
    assert.equal(ack.type, 'ack', JSON.stringify(ack));
    assert.deepEqual((await lt.next('call.signal')).payload, { kind: 'answer', pc: 'p1' });
    for (const l of [lb, lx]) assert.deepEqual(await l.quiet('call.signal', 200), [], 'nobody else hears it');
    assert.equal(la.all.filter((f) => f.type === 'call.signal').length, 1, 'not to the sender');

    // Not to anyone who is not in the call: B (not joined), the other couple, oneself.
    for (const to of [b.user.id, x.user.id, a.user.id, 'nobody']) {
      const r = await a.post(`${path}/signal`, { to, payload: { kind: 'offer' } });
      assertProblem(r, 409);
      const e = await la.request({ type: 'call.signal', session: session.id, to, payload: {} });
      assert.equal(e.code, 'conflict', JSON.stringify(e));
    }
    assert.deepEqual(await lx.quiet('call.signal', 100), []);
    // Someone outside the session cannot use it, whatever the frame says.
    const sx = await lx.request({ type: 'call.signal', session: session.id, to: t.user.id, payload: {} });
    assert.equal(sx.code, 'not_found');
    const odd = await lx.request({ type: 'call.signal', session: '../../chat/messages?x=', to: t.user.id, payload: {} });
    assert.equal(odd.code, 'not_found');

    // Bad input is a clear 400.
    assertProblem(await a.post(`${path}/signal`, { to: t.user.id, payload: 'offer' }), 400);
    assertProblem(await a.post(`${path}/signal`, { to: t.user.id }), 400);
    assertProblem(await a.post(`${path}/signal`, { to: t.user.id, payload: {}, from: b.user.id }), 400);
    const big = await a.post(`${path}/signal`, { to: t.user.id, payload: { sdp: 'x'.repeat(12300) } });
    assertProblem(big, 400);
    assert.equal(big.body.errors?.[0]?.field ?? big.body.fields?.[0]?.name ?? 'payload', 'payload');

    // A reload keeps A in; leaving takes A out, and coming back means waiting again.
    assert.equal((await a.post(`${path}/join`)).body.participants.find((p) => p.role === 'me').state, 'admitted');
    assert.equal((await a.post(`${path}/leave`)).status, 204);
    assertProblem(await t.post(`${path}/signal`, { to: a.user.id, payload: {} }), 409);
    assert.equal((await t.get(path)).body.participants.find((p) => p.id === a.user.id).state, 'left');
    assert.equal((await a.post(`${path}/join`)).body.participants.find((p) => p.role === 'me').state, 'waiting');
  } finally {
    for (const l of [lt, la, lb, lx]) l.close();
  }
});

test('a flood of signals is refused beyond the limit and holds up nobody else', async () => {
  const { t, a, b, session, path } = await booked();
  await at(session, 0);
  await t.post(`${path}/join`);
  for (const c of [a, b]) {
    await c.post(`${path}/join`);
    assert.equal((await t.post(`${path}/admit`, { person: c.user.id })).status, 200);
  }
  const [lt, lb] = await Promise.all([t, b].map((c) => openLive(server.base, { token: c.token })));
  const lbFlood = await openLive(server.base, { token: b.token });
  try {
    // B floods the therapist over HTTP while A signals once.
    const flood = Promise.all(Array.from({ length: 400 }, (_, i) =>
      b.post(`${path}/signal`, { to: t.user.id, payload: { kind: 'flood', i } })));
    const started = Date.now();
    assert.equal((await a.post(`${path}/signal`, { to: t.user.id, payload: { kind: 'offer', from: 'a' } })).status, 204);
    const fromA = await lt.next('call.signal', 5000).then(function wait(f) {
      return f.from === a.user.id ? f : lt.next('call.signal', 5000).then(wait);
    });
    assert.equal(fromA.payload.from, 'a');
    assert.ok(Date.now() - started < 3000, `A's signal took ${Date.now() - started} ms`);
    const statuses = (await flood).map((r) => r.status);
    const accepted = statuses.filter((s) => s === 204).length;
    assert.ok(statuses.every((s) => s === 204 || s === 429), JSON.stringify([...new Set(statuses)]));
    assert.ok(statuses.includes(429), 'the flood met the limit');
    assert.ok(accepted <= 20 * 5, `${accepted} accepted`);
    // Over the live connection, a flood closes the flooding connection (policy), not others'.
    for (let i = 0; i < 60; i++) lbFlood.send({ type: 'call.signal', session: session.id, to: t.user.id, payload: { i } });
    assert.equal(await lbFlood.closed, 1008);
    const ack = await lb.request({ type: 'call.signal', session: session.id, to: a.user.id, payload: { kind: 'still-here' } });
    assert.ok(ack.type === 'ack' || ack.code === 'rate_limited', JSON.stringify(ack));
    assert.equal((await t.post(`${path}/signal`, { to: b.user.id, payload: { kind: 'ping' } })).status, 204);
    assert.deepEqual((await lb.next('call.signal')).payload, { kind: 'ping' });
  } finally {
    for (const l of [lt, lb, lbFlood]) l.close();
  }
});
