// The couple room: a joint thread for both partners and their therapist, and a private
// thread for each partner with the therapist, under the therapist's policy on secrets,
// which each partner acknowledges first. A private thread never reaches the other partner
// (no route, no live frame, no count); messages and attachments are sealed at rest;
// ending care leaves the room to read, closed to writing.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, assertProblem, newCouple, sql } from '../support/server.mjs';
import { careCouple } from '../support/care.mjs';
import { openLive } from '../support/live.mjs';
import { png } from '../support/png.mjs';

let server;
before(async () => { server = await startServer(); });
after(async () => { await server?.stop(); });

const canary = (what) => `canary-${what}-${Math.random().toString(36).slice(2)}`;
const policyText = 'What you tell me privately stays private unless someone is at risk; I will help you bring it to the joint room yourself.';

// A couple in care with a therapist who wrote a policy both partners acknowledged.
async function room({ acknowledge = true } = {}) {
  const couple = await newCouple(server.base);
  const { t, id } = await careCouple(server, couple, { ask: true, accept: true });
  const written = await t.put('/api/v1/therapist/room-policy', { text: policyText });
  assert.equal(written.status, 200, written.text);
  if (acknowledge) for (const c of couple) assert.equal((await c.post('/api/v1/room/acknowledge', { version: written.body.policy.version })).status, 200);
  return { couple, t, id, version: written.body.policy.version };
}
const say = (c, thread, text) => c.post(`/api/v1/room/threads/${thread}/messages`, { text });
const tSay = (t, id, thread, text) => t.post(`/api/v1/therapist/couples/${id}/room/threads/${thread}/messages`, { text });
const read = async (c, path) => {
  const r = await c.get(path);
  assert.equal(r.status, 200, r.text);
  return r.body;
};

test('the policy comes first: nobody writes before it exists, partners neither read nor write before acknowledging it', async () => {
  const couple = await newCouple(server.base);
  const [a] = couple;
  assertProblem(await a.get('/api/v1/room'), 404);  // no therapist yet
  const { t, id } = await careCouple(server, couple, { ask: true, accept: true });
  const overview = await read(a, '/api/v1/room');
  assert.equal(overview.open, true);
  assert.equal(overview.policy, null);
  assertProblem(await say(a, 'joint', 'hello'), 409);
  assertProblem(await tSay(t, id, 'joint', 'hello'), 409);
  assert.equal((await read(t, '/api/v1/therapist/room-policy')).policy, null);
  for (const body of [{}, { text: '' }, { text: 'x'.repeat(8001) }, { text: 'ok', extra: 1 }])
    assertProblem(await t.put('/api/v1/therapist/room-policy', body), 400);
  const v1 = (await t.put('/api/v1/therapist/room-policy', { text: policyText })).body.policy;
  assert.equal(v1.version, 1);
  // The same text again is no new version.
  assert.equal((await t.put('/api/v1/therapist/room-policy', { text: policyText })).body.policy.version, 1);
  assert.equal((await read(a, '/api/v1/room')).policy.text, policyText);
  // Not acknowledged: nothing to read or write.
  const refused = await say(a, 'joint', 'hello');
  assertProblem(refused, 409);
  assert.equal(refused.body.errors[0].field, 'policy');
  assertProblem(await a.get('/api/v1/room/threads/joint/messages'), 409);
  // Acknowledging a version that is not the current one is refused.
  assertProblem(await a.post('/api/v1/room/acknowledge', { version: 7 }), 409);
  assertProblem(await a.post('/api/v1/room/acknowledge', { version: 'one' }), 400);
  assert.equal((await a.post('/api/v1/room/acknowledge', { version: 1 })).body.acknowledged_version, 1);
  assert.equal((await say(a, 'joint', 'hello')).status, 201);
  // A new version of the policy must be acknowledged again before writing (reading goes on).
  await t.put('/api/v1/therapist/room-policy', { text: `${policyText} Updated.` });
  assertProblem(await say(a, 'joint', 'again'), 409);
  assert.equal((await a.get('/api/v1/room/threads/joint/messages')).status, 200);
  await a.post('/api/v1/room/acknowledge', { version: 2 });
  assert.equal((await say(a, 'joint', 'again')).status, 201);
  // The therapist sees who acknowledged which version.
  const tv = await read(t, `/api/v1/therapist/couples/${id}/room`);
  assert.deepEqual(tv.partners.map((p) => p.acknowledged_version).sort(), [2, null].sort());
});

test('the joint thread: everyone reads it, each author as they see them, with read receipts', async () => {
  const { couple: [a, b], t, id } = await room();
  const m1 = (await say(a, 'joint', 'from Ana')).body;
  assert.equal(m1.author, 'me');
  await tSay(t, id, 'joint', 'from the therapist');
  const bv = await read(b, '/api/v1/room/threads/joint/messages');
  assert.deepEqual(bv.messages.map((m) => [m.author, m.text]), [['therapist', 'from the therapist'], ['partner', 'from Ana']]);
  const tv = await read(t, `/api/v1/therapist/couples/${id}/room/threads/joint/messages`);
  assert.deepEqual(tv.messages.map((m) => m.author), ['me', 'partner']);
  // Unread counts, then read receipts.
  const bo = await read(b, '/api/v1/room');
  assert.equal(bo.threads.find((x) => x.id === 'joint').unread, 2);
  assert.equal((await b.post('/api/v1/room/threads/joint/read', { up_to: bv.messages[0].id })).status, 204);
  assert.equal((await read(b, '/api/v1/room')).threads.find((x) => x.id === 'joint').unread, 0);
  const av = await read(a, '/api/v1/room/threads/joint/messages');
  assert.ok(av.read.some((r) => r.role === 'partner' && r.up_to === bv.messages[0].id));
  assertProblem(await b.post('/api/v1/room/threads/joint/read', { up_to: 'no-such-message' }), 404);
  for (const body of [{}, { text: '' }, { text: 'x'.repeat(4001) }, { text: 5 }]) assertProblem(await a.post('/api/v1/room/threads/joint/messages', body), 400);
  assertProblem(await say(a, 'nonsense', 'x'), 404);
});

test('a private thread reaches its partner and the therapist, never the other partner', async () => {
  const { couple: [a, b], t, id } = await room();
  const secret = canary('private');
  const reply = canary('reply');
  const [aLive, bLive, tLive] = await Promise.all([a, b, t].map((c) => openLive(server.base, { token: c.token })));
  try {
    const before = await b.get('/api/v1/room');
    assert.equal((await say(a, 'private', secret)).status, 201);
    assert.equal((await tSay(t, id, a.user.id, reply)).status, 201);
    // The therapist and Ana hear of it; Ben hears nothing.
    const tf = await tLive.next('room.changed');
    assert.deepEqual([tf.relationship, tf.thread], [id, a.user.id]);
    assert.equal((await aLive.next('room.changed')).thread, 'private');
    assert.deepEqual(await bLive.quiet('room.changed', 400), []);
    // Ben's room is byte-identical to before, and his private thread is his own.
    const after = await b.get('/api/v1/room');
    assert.equal(after.text, before.text);
    const bPrivate = await read(b, '/api/v1/room/threads/private/messages');
    assert.deepEqual(bPrivate.messages, []);
    // Nor can Ben name her thread.
    assertProblem(await b.get(`/api/v1/room/threads/${a.user.id}/messages`), 404);
    assertProblem(await say(b, a.user.id, 'x'), 404);
    for (const path of ['/api/v1/room', '/api/v1/room/threads/joint/messages', '/api/v1/room/threads/private/messages', '/api/v1/chat/messages']) {
      const r = await b.get(path);
      assert.ok(!r.text.includes(secret) && !r.text.includes(reply), `${path} leaked`);
    }
    // Ana sees both, the therapist sees both, in Ana's thread.
    const aPrivate = await read(a, '/api/v1/room/threads/private/messages');
    assert.deepEqual(aPrivate.messages.map((m) => [m.author, m.text]), [['therapist', reply], ['me', secret]]);
    const tThreads = (await read(t, `/api/v1/therapist/couples/${id}/room`)).threads;
    assert.deepEqual(tThreads.map((x) => x.id).sort(), ['joint', a.user.id, b.user.id].sort());
    // Replying read what came before it.
    assert.equal(tThreads.find((x) => x.id === a.user.id).unread, 0);
    await say(a, 'private', 'one more');
    assert.equal((await read(t, `/api/v1/therapist/couples/${id}/room`)).threads.find((x) => x.id === a.user.id).unread, 1);
  } finally {
    for (const l of [aLive, bLive, tLive]) l.close();
  }
});

test('sealed at rest: neither messages nor attachments are readable in the database', async () => {
  const { couple: [a] } = await room();
  const secret = canary('sealed');
  await say(a, 'private', secret);
  const pdf = Buffer.from(`%PDF-1.4\n% ${secret}\n1 0 obj\n<<>>\nendobj\ntrailer\n<<>>\n%%EOF\n`);
  assert.equal((await a.request('POST', '/api/v1/room/threads/joint/attachments?name=plan.pdf', { body: pdf, headers: { 'content-type': 'application/pdf' } })).status, 201);
  const dump = JSON.stringify(sql(server.database, "SELECT text FROM room_messages")) + JSON.stringify(sql(server.database, 'SELECT data FROM room_attachments'));
  assert.ok(!dump.includes(secret));
  assert.ok(!dump.includes('plan.pdf'));
});

test('attachments: PDFs and images only, by their bytes; images lose their metadata; served strictly to the thread only', async () => {
  const { couple: [a, b], t, id } = await room();
  const attach = (c, thread, body, type, name = 'file') => c.request('POST', `/api/v1/room/threads/${thread}/attachments?name=${encodeURIComponent(name)}`, { body, headers: { 'content-type': type } });
  assertProblem(await attach(a, 'joint', Buffer.from('<svg><script>alert(1)</script></svg>'), 'image/svg+xml'), 415);
  assertProblem(await attach(a, 'joint', Buffer.from('<html>not a pdf</html>'), 'application/pdf'), 400);
  assertProblem(await attach(a, 'joint', Buffer.from('%PDF-1.4 cut'), 'application/pdf'), 400);
  const where = canary('gps');
  const image = png(8, 8, [['tEXt', Buffer.from(`Location\0${where}`)], ['IDAT', Buffer.from('x')]]);
  const up = await attach(a, 'private', image, 'image/png', '../../holiday.png');
  assert.equal(up.status, 201, up.text);
  assert.deepEqual(up.body.attachment.name, 'holiday.png');
  assert.equal(up.body.attachment.type, 'image/png');
  const got = await fetch(`${server.base}/api/v1/room/attachments/${up.body.id}`, { headers: { authorization: `Bearer ${a.token}` } });
  assert.equal(got.status, 200);
  assert.equal(got.headers.get('content-type'), 'image/png');
  assert.equal(got.headers.get('x-content-type-options'), 'nosniff');
  assert.match(got.headers.get('content-security-policy'), /sandbox/);
  assert.equal(got.headers.get('cache-control'), 'no-store');
  assert.ok(!Buffer.from(await got.arrayBuffer()).includes(where), 'the text chunk is gone');
  // The therapist may fetch it; the other partner may not (her private thread).
  assert.equal((await t.get(`/api/v1/therapist/couples/${id}/room/attachments/${up.body.id}`)).status, 200);
  assertProblem(await b.get(`/api/v1/room/attachments/${up.body.id}`), 404);
  const pdf = await attach(t, `../therapist/couples/${id}/room/threads/joint`, Buffer.from('x'), 'application/pdf');
  assert.ok(pdf.status >= 400);
  const shared = await t.request('POST', `/api/v1/therapist/couples/${id}/room/threads/joint/attachments?name=worksheet.pdf`,
    { body: Buffer.from('%PDF-1.4\n1 0 obj\n<<>>\nendobj\n%%EOF\n'), headers: { 'content-type': 'application/pdf' } });
  assert.equal(shared.status, 201, shared.text);
  const asB = await fetch(`${server.base}/api/v1/room/attachments/${shared.body.id}`, { headers: { authorization: `Bearer ${b.token}` } });
  assert.equal(asB.status, 200);
  assert.match(asB.headers.get('content-disposition'), /^attachment/);
});

test('ending care closes the room to writing and leaves it to read; another therapist sees nothing', async () => {
  const { couple: [a, b], t, id } = await room();
  const said = canary('before-end');
  await say(a, 'joint', said);
  const other = await careCouple(server, await newCouple(server.base), { ask: true, accept: true });
  assertProblem(await other.t.get(`/api/v1/therapist/couples/${id}/room`), 404);
  assertProblem(await other.t.get(`/api/v1/therapist/couples/${id}/room/threads/joint/messages`), 404);
  assertProblem(await tSay(other.t, id, 'joint', 'x'), 404);
  assertProblem(await b.get(`/api/v1/therapist/couples/${id}/room`), 403);

  assert.equal((await t.post(`/api/v1/therapist/couples/${id}/end`)).status, 200);
  const closed = await read(a, '/api/v1/room');
  assert.equal(closed.open, false);
  assertProblem(await say(a, 'joint', 'after'), 409);
  assertProblem(await tSay(t, id, 'joint', 'after'), 409);
  assert.ok((await a.get('/api/v1/room/threads/joint/messages')).text.includes(said));
  assert.ok((await t.get(`/api/v1/therapist/couples/${id}/room/threads/joint/messages`)).text.includes(said));
});

test('a double tap of acknowledge and a burst of messages from both partners all land once each', async () => {
  const { couple: [a, b], version } = await room({ acknowledge: false });
  const acks = await Promise.all([a, a, b, b].map((c) => c.post('/api/v1/room/acknowledge', { version })));
  assert.deepEqual(acks.map((r) => r.status), [200, 200, 200, 200]);
  const sent = await Promise.all(Array.from({ length: 20 }, (_, i) => say(i % 2 ? b : a, 'joint', `m${i}`)));
  assert.ok(sent.every((r) => r.status === 201));
  const all = await read(a, '/api/v1/room/threads/joint/messages?limit=200');
  assert.equal(all.messages.length, 20);
  assert.equal(new Set(all.messages.map((m) => m.text)).size, 20);
});

test('a read marker is news once: marking the same message again tells nobody', async () => {
  const { couple: [a, b], t, id } = await room();
  const m = (await tSay(t, id, 'joint', 'hello')).body;
  const [aLive, tLive] = await Promise.all([a, t].map((c) => openLive(server.base, { token: c.token })));
  try {
    assert.equal((await b.post('/api/v1/room/threads/joint/read', { up_to: m.id })).status, 204);
    assert.equal((await tLive.next('room.changed')).thread, 'joint');
    await aLive.next('room.changed');
    assert.equal((await b.post('/api/v1/room/threads/joint/read', { up_to: m.id })).status, 204);
    assert.deepEqual(await tLive.quiet('room.changed', 400), []);
    assert.deepEqual(await aLive.quiet('room.changed', 0), []);
  } finally {
    for (const l of [aLive, tLive]) l.close();
  }
});
