// The second factor (TOTP and recovery codes): setting it up, signing in with it, what a
// reset does not skip, and the roles that need it. The server's clock is set, so codes
// are made for the time the server reads.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, Client, assertProblem, newPerson, cli, dump, setClock, advanceClock } from '../support/server.mjs';
import { waitForMail, linkToken, mailIn } from '../support/mail.mjs';
import { totpCode, enrolSecondFactor } from '../support/totp.mjs';

let server;
let now;
before(async () => {
  server = await startServer({ testHooks: true, env: { REKINDLE_JOBS_POLL_MS: '50' } });
  now = Date.parse(await setClock(server, '2026-11-23T10:00:05Z'));
});
after(async () => { await server?.stop(); });

const anon = () => new Client(server.base);
const step = 30000;
async function tick(ms = step) { now = Date.parse(await advanceClock(server, ms)); }

async function signInWithPassword(c) {
  return anon().post('/api/v1/sessions', { email: c.email, password: c.password });
}

test('setting up takes the password and a code; it ends other sessions and sends a notice', async () => {
  const a = await newPerson(server.base);
  const elsewhere = new Client(server.base);
  elsewhere.token = (await signInWithPassword(a)).body.token;
  assert.deepEqual((await a.get('/api/v1/me/second-factor')).body, { enabled: false, required: false, recovery_codes_left: 0 });

  const wrongPassword = await a.post('/api/v1/me/second-factor', { password: 'not the password at all' });
  assertProblem(wrongPassword, 403);
  assert.equal(wrongPassword.body.errors[0].code, 'wrong_password');

  const start = await a.post('/api/v1/me/second-factor', { password: a.password });
  assert.equal(start.status, 201, start.text);
  assert.match(start.body.secret, /^[A-Z2-7]{32}$/, '160 bits in base32');
  assert.equal(start.body.uri, `otpauth://totp/rekindle:${encodeURIComponent(a.email)}?secret=${start.body.secret}&issuer=rekindle&algorithm=SHA1&digits=6&period=30`);
  assert.ok(!dump(server.database).includes(start.body.secret), 'the secret is sealed at rest');
  assert.equal((await a.get('/api/v1/me/second-factor')).body.enabled, false, 'pending until confirmed');

  const wrong = await a.post('/api/v1/me/second-factor/confirm', { code: '000000' === totpCode(start.body.secret, now) ? '111111' : '000000' });
  assertProblem(wrong, 403);
  assert.equal(wrong.body.errors[0].code, 'wrong_code');
  const ok = await a.post('/api/v1/me/second-factor/confirm', { code: totpCode(start.body.secret, now) });
  assert.equal(ok.status, 200, ok.text);
  assert.equal(ok.body.recovery_codes.length, 10);
  for (const code of ok.body.recovery_codes) assert.match(code, /^[a-z2-7]{4}-[a-z2-7]{4}-[a-z2-7]{4}$/);
  assert.deepEqual((await a.get('/api/v1/me/second-factor')).body, { enabled: true, required: false, recovery_codes_left: 10 });
  assertProblem(await elsewhere.get('/api/v1/me'), 401);
  assert.equal((await a.get('/api/v1/me')).status, 200, 'the session that set it up goes on');
  const notice = await waitForMail(server.mailDir, a.email, { match: /authenticator app/ });
  assert.equal(notice.subject, 'A second factor was turned on');
  assert.ok(!notice.text.includes(start.body.secret));

  assertProblem(await a.post('/api/v1/me/second-factor', { password: a.password }), 409);
  assertProblem(await a.post('/api/v1/me/second-factor/confirm', { code: totpCode(start.body.secret, now) }), 409);
});

test('signing in takes the password, then a code once; a step back is fine, two are not', async () => {
  const a = await newPerson(server.base);
  const { secret, recoveryCodes } = await enrolSecondFactor(a, now);
  await tick();

  const first = await signInWithPassword(a);
  assert.equal(first.status, 200, first.text);
  assert.equal(first.body.second_factor, 'totp');
  assert.ok(!('token' in first.body) && first.headers.get('set-cookie') === null, 'no session before the code');
  assertProblem(await anon().post('/api/v1/sessions/second-factor', { challenge: first.body.challenge }), 400);
  assertProblem(await anon().post('/api/v1/sessions/second-factor', { challenge: first.body.challenge, code: '1', recovery_code: 'x' }), 400);
  const code = totpCode(secret, now);
  const done = await anon().post('/api/v1/sessions/second-factor', { challenge: first.body.challenge, code: `${code.slice(0, 3)} ${code.slice(3)}` });
  assert.equal(done.status, 201, done.text);
  assert.match(done.body.token, /^[A-Za-z0-9_-]{43}$/);
  assert.match(done.headers.get('set-cookie'), /HttpOnly/);
  assertProblem(await anon().post('/api/v1/sessions/second-factor', { challenge: first.body.challenge, code }), 401);

  // The same code again, with a new challenge: refused (each code once).
  const again = await signInWithPassword(a);
  const replay = await anon().post('/api/v1/sessions/second-factor', { challenge: again.body.challenge, code });
  assertProblem(replay, 401);
  assert.equal(replay.body.errors[0].code, 'wrong_code');
  // The next step's code, checked one step late: still fine.
  await tick();
  const late = totpCode(secret, now);
  await tick();
  assert.equal((await anon().post('/api/v1/sessions/second-factor', { challenge: again.body.challenge, code: late })).status, 201);
  // Two steps late: refused.
  await tick();
  const old = totpCode(secret, now);
  await tick(2 * step);
  const third = await signInWithPassword(a);
  assertProblem(await anon().post('/api/v1/sessions/second-factor', { challenge: third.body.challenge, code: old }), 401);

  // A recovery code, typed in capitals: once.
  const rc = recoveryCodes[0].toUpperCase();
  assert.equal((await anon().post('/api/v1/sessions/second-factor', { challenge: third.body.challenge, recovery_code: rc })).status, 201);
  const fourth = await signInWithPassword(a);
  assertProblem(await anon().post('/api/v1/sessions/second-factor', { challenge: fourth.body.challenge, recovery_code: rc }), 401);
  assert.equal((await a.get('/api/v1/me/second-factor')).body.recovery_codes_left, 9);
  // Nothing of the codes is kept in the clear.
  assert.ok(!dump(server.database).includes(recoveryCodes[1]));
});

test('a challenge allows five tries and five minutes, and ends with a password change', async () => {
  const a = await newPerson(server.base);
  const { secret } = await enrolSecondFactor(a, now);
  await tick();
  const ch = (await signInWithPassword(a)).body.challenge;
  const wrong = totpCode(secret, now) === '123456' ? '654321' : '123456';
  for (let i = 0; i < 5; i++) assertProblem(await anon().post('/api/v1/sessions/second-factor', { challenge: ch, code: wrong }), 401);
  const spent = await anon().post('/api/v1/sessions/second-factor', { challenge: ch, code: totpCode(secret, now) });
  assertProblem(spent, 401);
  assert.match(spent.body.detail, /expired/);

  const slow = (await signInWithPassword(a)).body.challenge;
  await tick(5 * 60000);
  assertProblem(await anon().post('/api/v1/sessions/second-factor', { challenge: slow, code: totpCode(secret, now) }), 401);

  const stale = (await signInWithPassword(a)).body.challenge;
  const changed = await a.post('/api/v1/me/password', { current_password: a.password, new_password: 'a brand new passphrase here' });
  assert.equal(changed.status, 204, changed.text);
  assertProblem(await anon().post('/api/v1/sessions/second-factor', { challenge: stale, code: totpCode(secret, now) }), 401);
});

test('a password reset does not skip the second factor', async () => {
  const a = await newPerson(server.base);
  const { secret } = await enrolSecondFactor(a, now);
  await tick();
  const seen = mailIn(server.mailDir).filter((m) => m.to === a.email).length;
  assert.equal((await anon().post('/api/v1/password-resets', { email: a.email })).status, 202);
  const mail = await waitForMail(server.mailDir, a.email, { match: /reset-password#token=/, after: seen });
  const password = 'copper kettle sings at dawn';
  assert.equal((await anon().post('/api/v1/password-resets/complete', { token: linkToken(mail), password })).status, 204);
  const r = await anon().post('/api/v1/sessions', { email: a.email, password });
  assert.equal(r.status, 200, r.text);
  assert.equal(r.body.second_factor, 'totp');
  assert.ok(!('token' in r.body));
  assert.equal((await anon().post('/api/v1/sessions/second-factor', { challenge: r.body.challenge, code: totpCode(secret, now) })).status, 201);
});

test('an operator reaches the operator pages only with a second factor, and cannot turn it off', async () => {
  const op = await newPerson(server.base);
  assert.equal(cli(server.database, ['admin', 'grant-operator', op.email]).status, 0);
  const blocked = await op.get('/api/v1/operator/jobs');
  assertProblem(blocked, 403);
  assert.deepEqual(blocked.body.errors.map((e) => [e.field, e.code]), [['second_factor', 'required']]);
  assert.equal((await op.get('/api/v1/me/second-factor')).body.required, true);
  await enrolSecondFactor(op, now);
  assert.equal((await op.get('/api/v1/operator/jobs')).status, 200);
  assertProblem(await op.delete('/api/v1/me/second-factor', { password: op.password }), 409);
  assert.equal((await op.get('/api/v1/operator/jobs')).status, 200);
});

test('a person may turn it off again, with the password; the next sign-in is the password alone', async () => {
  const a = await newPerson(server.base);
  await enrolSecondFactor(a, now);
  assertProblem(await a.delete('/api/v1/me/second-factor', { password: 'not the password at all' }), 403);
  assert.equal((await a.delete('/api/v1/me/second-factor', { password: a.password })).status, 204);
  assert.equal((await a.get('/api/v1/me/second-factor')).body.enabled, false);
  const notice = await waitForMail(server.mailDir, a.email, { match: /no longer asks/ });
  assert.equal(notice.subject, 'Your second factor was turned off');
  assert.equal((await signInWithPassword(a)).status, 201);
});

test('new recovery codes take a code and replace the old ones', async () => {
  const a = await newPerson(server.base);
  const { secret, recoveryCodes } = await enrolSecondFactor(a, now);
  assertProblem(await a.post('/api/v1/me/second-factor/recovery-codes', { code: totpCode(secret, now) }), 403);  // used at set-up
  await tick();
  const r = await a.post('/api/v1/me/second-factor/recovery-codes', { code: totpCode(secret, now) });
  assert.equal(r.status, 200, r.text);
  assert.equal(r.body.recovery_codes.length, 10);
  await tick();
  const ch = (await signInWithPassword(a)).body.challenge;
  assertProblem(await anon().post('/api/v1/sessions/second-factor', { challenge: ch, recovery_code: recoveryCodes[0] }), 401);
  assert.equal((await anon().post('/api/v1/sessions/second-factor', { challenge: ch, recovery_code: r.body.recovery_codes[0] })).status, 201);
});

test('a therapist signs up on a path of their own and gets the therapist role', async () => {
  const t = new Client(server.base);
  const r = await t.signUp({ role: 'therapist' });
  assert.deepEqual(r.body.user.roles, ['therapist']);
  assertProblem(await anon().post('/api/v1/accounts', { email: 'op@example.org', password: 'lantern orchard velvet drift', display_name: 'O', role: 'operator' }), 400);
  const person = await newPerson(server.base);
  assert.deepEqual(person.user.roles, []);
});
