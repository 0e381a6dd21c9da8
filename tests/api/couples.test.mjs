// Couples over HTTP: invite, join, see each other, leave; every refusal is a problem
// and changes nothing.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, Client, assertProblem, sql, newPerson, newCouple } from '../support/server.mjs';

let server;
before(async () => { server = await startServer(); });
after(async () => { await server?.stop(); });

const person = (fields) => newPerson(server.base, fields);

async function couple() {
  const a = await person({ time_zone: 'Europe/Lisbon' });
  const b = await person({ time_zone: 'Asia/Tokyo' });
  const invite = await a.post('/api/v1/couple/invites');
  assert.equal(invite.status, 201, invite.text);
  const joined = await b.post('/api/v1/couple/join', { code: invite.body.code });
  assert.equal(joined.status, 201, joined.text);
  return { a, b, couple: joined.body };
}

test('an invite is a short code that is easy to read aloud, valid for 7 days', async () => {
  const a = await person();
  const r = await a.post('/api/v1/couple/invites');
  assert.equal(r.status, 201);
  assert.match(r.body.code, /^[2-9A-HJKMNP-TV-Z]{4}-[2-9A-HJKMNP-TV-Z]{4}$/);
  assert.equal(r.body.link, `/join/${r.body.code}`);
  const days = (Date.parse(r.body.expires_at) - Date.now()) / 86400000;
  assert.ok(days > 6.99 && days <= 7, `expires in ${days} days`);
});

test('joining forms a couple that both partners see', async () => {
  const a = await person({ display_name: 'Ari' });
  const b = await person({ display_name: 'Bo' });
  const invite = await a.post('/api/v1/couple/invites');
  assert.equal((await a.get('/api/v1/couple')).status, 204);
  // As typed: lower case, no dash, stray spaces.
  const typed = ` ${invite.body.code.replace('-', '').toLowerCase()} `;
  const joined = await b.post('/api/v1/couple/join', { code: typed });
  assert.equal(joined.status, 201, joined.text);
  for (const [me, other] of [[a, 'Bo'], [b, 'Ari']]) {
    const r = await me.get('/api/v1/couple');
    assert.equal(r.status, 200);
    assert.equal(r.body.id, joined.body.id);
    assert.equal(r.body.partners.length, 2);
    const them = r.body.partners.find((p) => !p.is_me);
    assert.equal(them.display_name, other);
    assert.deepEqual(Object.keys(them).sort(), ['display_name', 'id', 'is_me'], 'nothing private about the partner');
    assert.equal(r.body.time_zone, a.user.time_zone, "the couple follows the inviter's time zone");
    assert.ok(Date.parse(r.body.since) <= Date.now());
  }
});

test('codes that cannot be used are refused with the right status', async () => {
  const a = await person();
  const b = await person();
  const c = await person();
  const invite = (await a.post('/api/v1/couple/invites')).body.code;
  assertProblem(await b.post('/api/v1/couple/join', { code: 'ZZZZ-ZZZZ' }), 404);
  assertProblem(await b.post('/api/v1/couple/join', { code: 'not a code' }), 404);
  assertProblem(await a.post('/api/v1/couple/join', { code: invite }), 409);
  assert.equal((await b.post('/api/v1/couple/join', { code: invite })).status, 201);
  assertProblem(await c.post('/api/v1/couple/join', { code: invite }), 410);
  assert.equal((await c.get('/api/v1/couple')).status, 204);
});

test('nobody is in two couples at once', async () => {
  const { a, b } = await couple();
  const c = await person();
  assertProblem(await a.post('/api/v1/couple/invites'), 409);
  const code = (await c.post('/api/v1/couple/invites')).body.code;
  assertProblem(await b.post('/api/v1/couple/join', { code }), 409);
  assert.equal((await c.get('/api/v1/couple')).status, 204);
});

test("an invite closes when its author joins someone else's", async () => {
  const a = await person();
  const b = await person();
  const c = await person();
  const fromA = (await a.post('/api/v1/couple/invites')).body.code;
  const fromB = (await b.post('/api/v1/couple/invites')).body.code;
  assert.equal((await a.post('/api/v1/couple/join', { code: fromB })).status, 201);
  const late = await c.post('/api/v1/couple/join', { code: fromA });
  assert.ok([409, 410].includes(late.status), late.text);
});

test('leaving ends the couple for both at once, and both may start again', async () => {
  const { a, b } = await couple();
  assert.equal((await b.delete('/api/v1/couple/membership')).status, 204);
  assert.equal((await a.get('/api/v1/couple')).status, 204);
  assert.equal((await b.get('/api/v1/couple')).status, 204);
  assertProblem(await b.delete('/api/v1/couple/membership'), 404);
  const again = (await a.post('/api/v1/couple/invites')).body.code;
  assert.equal((await b.post('/api/v1/couple/join', { code: again })).status, 201);
});

test('erasing an account ends its couple', async () => {
  const { a, b } = await couple();
  assert.equal((await a.delete('/api/v1/me', { password: a.password })).status, 204);
  assert.equal((await b.get('/api/v1/couple')).status, 204);
  assert.equal((await b.post('/api/v1/couple/invites')).status, 201);
});

test('guessing codes is throttled per person', async () => {
  const b = await person();
  for (let i = 0; i < 10; i++) assertProblem(await b.post('/api/v1/couple/join', { code: 'ZZZZ-ZZZ' + 'ABCDEFGHJK'[i] }), 404);
  const limited = await b.post('/api/v1/couple/join', { code: 'ZZZZ-ZZZZ' });
  assertProblem(limited, 429);
  assert.ok(Number(limited.headers.get('retry-after')) > 0);
});

test('couple endpoints need a session and refuse bad bodies', async () => {
  const anon = new Client(server.base);
  for (const [m, p] of [['POST', '/api/v1/couple/invites'], ['POST', '/api/v1/couple/join'], ['GET', '/api/v1/couple'], ['DELETE', '/api/v1/couple/membership']]) {
    assertProblem(await anon.request(m, p), 401);
  }
  const b = await person();
  assertProblem(await b.post('/api/v1/couple/join', {}), 400);
  assertProblem(await b.post('/api/v1/couple/join', { code: 12345678 }), 400);
  assertProblem(await b.post('/api/v1/couple/join', { code: 'ABCD-EFGH', extra: 1 }), 400);
  assertProblem(await b.request('POST', '/api/v1/couple/join', { body: 'code=ABCD' }), 415);
});

test('the daily question, desire map and conversations need a couple, and a session', async () => {
  const alone = await person();
  for (const p of ['/api/v1/daily', '/api/v1/daily/history', '/api/v1/desires/mine',
    '/api/v1/desires/matches', '/api/v1/conversations']) {
    assertProblem(await alone.get(p), 404);
    assertProblem(await new Client(server.base).get(p), 401);
  }
  assert.equal((await alone.get('/api/v1/desires')).status, 200, 'the item list itself is not private');
});

test('leaving the couple ends access to its daily question, desire map and conversations for the one who left', async () => {
  const [a, b] = await newCouple(server.base);
  const { date } = (await a.get('/api/v1/daily')).body;
  await a.put(`/api/v1/daily/${date}/answer`, { text: 'before leaving' });
  assert.equal((await a.delete('/api/v1/couple/membership')).status, 204);
  assertProblem(await a.get('/api/v1/daily'), 404);
  assertProblem(await b.get('/api/v1/daily/history'), 404);
});
