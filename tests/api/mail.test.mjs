// E-mail against the real binary: the sign-up link, sign-up that does not tell whether an
// address has an account, password reset, address verification for older accounts, the
// new-sign-in notice, Spanish, what the jobs table and the log hold, and SMTP itself
// against a real server (aiosmtpd) with STARTTLS and AUTH, and across a restart while
// the server is down.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  startServer, freshDatabase, Client, newPerson, assertProblem, advanceClock, sql, dump, root,
} from '../support/server.mjs';
import { waitForMail, mailIn, linkToken, startSmtpSink } from '../support/mail.mjs';
import { openLive } from '../support/live.mjs';
import { readFileSync } from 'node:fs';

const closeCodes = JSON.parse(readFileSync(join(root, 'src/platform/live/protocol.json'), 'utf8')).close_codes;

let server;
before(async () => { server = await startServer({ testHooks: true }); });
after(async () => { await server?.stop(); });

const anon = () => new Client(server.base);
const strong = 'lantern orchard velvet drift';
let n = 0;
const unique = (what) => `${what}-${Date.now().toString(36)}-${n++}@example.org`;
const mailTo = (email, s = server) => mailIn(s.mailDir).filter((m) => m.to === email);
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
// Waits until no job of `kind` is pending (the queue has run every one enqueued so far).
async function drained(kind, s = server) {
  for (let i = 0; i < 400; i++) {
    if (sql(s.database, `SELECT COUNT(*) FROM jobs WHERE kind = '${kind}' AND state = 'pending'`).trim() === '0') return;
    await sleep(25);
  }
  throw new Error(`${kind} jobs still pending`);
}

test('a sign-up link works once; a second use and a late first use are both refused', async () => {
  const email = unique('once');
  const r = await anon().post('/api/v1/accounts', { email, password: strong, display_name: 'Once' });
  assert.equal(r.status, 202, r.text);
  const mail = await waitForMail(server.mailDir, email, { match: /verify#token=/ });
  assert.equal(mail.subject, 'Confirm your e-mail address');
  assert.match(mail.text, new RegExp(`^${server.base}/verify#token=[A-Za-z0-9_-]{43}$`, 'm'), 'an absolute link, token in the fragment');
  assert.match(mail.text, /works once, for 24 hours/);
  assert.match(mail.headers['content-type'], /^multipart\/alternative; boundary=/);
  assert.match(mail.headers.from, /^rekindle <no-reply@rekindle\.test>$/);
  assert.match(mail.messageId, /^<[0-9A-Z]{26}@rekindle\.test>$/);
  assert.match(mail.html, /<a href="http:\/\/127\.0\.0\.1:\d+\/verify#token=[A-Za-z0-9_-]{43}">/);
  const token = linkToken(mail);

  const first = await anon().post('/api/v1/email-verifications', { token });
  assert.equal(first.status, 201, first.text);
  const again = await anon().post('/api/v1/email-verifications', { token });
  assertProblem(again, 410);
  const forged = await anon().post('/api/v1/email-verifications', { token: 'A'.repeat(43) });
  assertProblem(forged, 410);
  assert.deepEqual(forged.body, again.body, 'a used link and one that never was answer alike');

  // A link used after 24 hours makes nothing.
  const late = unique('late');
  await anon().post('/api/v1/accounts', { email: late, password: strong, display_name: 'Late' });
  const lateToken = linkToken(await waitForMail(server.mailDir, late, { match: /verify#token=/ }));
  await advanceClock(server, 24 * 3600 * 1000 + 60 * 1000);
  assertProblem(await anon().post('/api/v1/email-verifications', { token: lateToken }), 410);
  assert.equal((await anon().post('/api/v1/sessions', { email: late, password: strong })).status, 401);
});

test('signing up twice before confirming: either link works, and only the first one used makes the account', async () => {
  const email = unique('twice');
  await anon().post('/api/v1/accounts', { email, password: strong, display_name: 'First' });
  const one = linkToken(await waitForMail(server.mailDir, email, { match: /verify#token=/ }));
  await anon().post('/api/v1/accounts', { email, password: 'another long passphrase here', display_name: 'Second' });
  const two = linkToken(await waitForMail(server.mailDir, email, { match: /verify#token=/, after: 1 }));
  assert.notEqual(one, two);
  const made = await anon().post('/api/v1/email-verifications', { token: two });
  assert.equal(made.status, 201);
  assert.equal(made.body.user.display_name, 'Second', 'the account is the attempt whose link was used');
  assertProblem(await anon().post('/api/v1/email-verifications', { token: one }), 410);
  assert.equal((await anon().post('/api/v1/sessions', { email, password: strong })).status, 401);
});

test('sign-up with a known address answers exactly like a new one, and mails the owner instead', async () => {
  const owner = await newPerson(server.base, { language: 'en' });
  const fresh = unique('fresh');
  const send = (email) => anon().post('/api/v1/accounts', { email, password: 'brass compass under rain', display_name: 'Intruder' });
  const known = await send(owner.email);
  const unknown = await send(fresh);
  assert.equal(known.status, unknown.status);
  assert.equal(known.status, 202);
  assert.deepEqual(Object.keys(known.body).sort(), Object.keys(unknown.body).sort());
  assert.deepEqual({ ...known.body, email: 'x' }, { ...unknown.body, email: 'x' });
  for (const h of ['content-type', 'set-cookie', 'cache-control']) assert.equal(known.headers.get(h), unknown.headers.get(h), h);

  const notice = await waitForMail(server.mailDir, owner.email, { match: /tried to create a new account/ });
  assert.equal(notice.subject, 'About your account');
  assert.match(notice.text, new RegExp(`${server.base}/signin`));
  assert.match(notice.text, new RegExp(`${server.base}/forgot-password`));
  assert.doesNotMatch(notice.text, /token/, 'no link that does anything by itself');
  // Nothing changed for the owner: the intruder's password does not sign in.
  assert.equal((await anon().post('/api/v1/sessions', { email: owner.email, password: 'brass compass under rain' })).status, 401);
  assert.equal((await anon().post('/api/v1/sessions', { email: owner.email, password: owner.password })).status, 201);
  assert.equal((await owner.get('/api/v1/me')).body.display_name, owner.user.display_name);
});

test('password reset: the same answer for an unknown address (nothing sent); the link sets a new password once and ends every session', async () => {
  const a = await newPerson(server.base, { display_name: 'Reset' });
  const other = new Client(server.base);
  other.token = (await other.post('/api/v1/sessions', { email: a.email, password: a.password })).body.token;
  const live = await openLive(server.base, { token: other.token });
  // An account from before e-mail verification: the reset confirms its address too.
  sql(server.database, `UPDATE users SET email_verified_at = NULL WHERE id = '${a.user.id}'`);
  assert.equal((await a.get('/api/v1/me')).body.email_verified, false);

  const nobody = unique('nobody');
  const unknown = await anon().post('/api/v1/password-resets', { email: nobody });
  const known = await anon().post('/api/v1/password-resets', { email: a.email.toUpperCase() });
  assert.equal(unknown.status, 202);
  assert.equal(known.status, 202);
  assert.deepEqual({ ...known.body, email: 'x' }, { ...unknown.body, email: 'x' });
  assert.equal(known.body.email, a.email);
  assertProblem(await anon().post('/api/v1/password-resets', { email: 'not an address' }), 400);

  const mail = await waitForMail(server.mailDir, a.email, { match: /reset-password#token=/ });
  assert.equal(mail.subject, 'Choose a new password');
  assert.match(mail.text, /works once, for 30 minutes/);
  await drained('accounts.password-reset');
  await drained('mail.send');
  assert.deepEqual(mailTo(nobody), [], 'nothing goes to an address without an account');
  const token = linkToken(mail);

  // The same password rules as sign-up; a refused password leaves the link usable.
  const weak = await anon().post('/api/v1/password-resets/complete', { token, password: 'password12345678' });
  assertProblem(weak, 400);
  assert.equal(weak.body.errors[0].field, 'password');
  assert.equal(weak.body.errors[0].code, 'common');
  assert.equal((await a.get('/api/v1/me')).status, 200, 'a refused password ends nothing');

  const done = await anon().post('/api/v1/password-resets/complete', { token, password: 'copper kettle sings at dawn' });
  assert.equal(done.status, 204, done.text);
  assertProblem(await a.get('/api/v1/me'), 401);
  assertProblem(await other.get('/api/v1/me'), 401);
  assert.equal(await live.closed, closeCodes.session_ended.code, 'live connections close with the sessions');
  assertProblem(await anon().post('/api/v1/password-resets/complete', { token, password: 'another new passphrase' }), 410);
  assert.equal((await anon().post('/api/v1/sessions', { email: a.email, password: a.password })).status, 401);
  const back = await anon().post('/api/v1/sessions', { email: a.email, password: 'copper kettle sings at dawn' });
  assert.equal(back.status, 201);
  assert.equal(back.body.user.email_verified, true, 'a reset proves the address');

  const changed = await waitForMail(server.mailDir, a.email, { match: /password of your account at rekindle was changed/ });
  assert.equal(changed.subject, 'Your password was changed');
  assert.match(changed.text, /changed on \d{4}-\d\d-\d\d \d\d:\d\d UTC/);
});

test('a reset link lasts 30 minutes, and a password change makes an unused one void', async () => {
  const a = await newPerson(server.base);
  const ask = async (after) => {
    await anon().post('/api/v1/password-resets', { email: a.email });
    return linkToken(await waitForMail(server.mailDir, a.email, { match: /reset-password#token=/, after }));
  };
  const expired = await ask(0);
  await advanceClock(server, 31 * 60 * 1000);
  assertProblem(await anon().post('/api/v1/password-resets/complete', { token: expired, password: 'copper kettle sings at dawn' }), 410);

  const voided = await ask(1);
  assert.equal((await a.post('/api/v1/me/password', { current_password: a.password, new_password: 'quiet harbour lamps glow' })).status, 204);
  assertProblem(await anon().post('/api/v1/password-resets/complete', { token: voided, password: 'copper kettle sings at dawn' }), 410);
  await waitForMail(server.mailDir, a.email, { match: /was changed on/ });
});

test('reset requests are limited per address asked for, alike for known and unknown addresses', async () => {
  const s = await startServer({ env: { REKINDLE_LIMITS_PASSWORD_RESETS_PER_EMAIL_PER_HOUR: '2' } });
  try {
    const a = await newPerson(s.base);
    for (const email of [a.email, unique('unknown')]) {
      const statuses = [];
      for (let i = 0; i < 3; i++) statuses.push((await new Client(s.base).post('/api/v1/password-resets', { email })).status);
      assert.deepEqual(statuses, [202, 202, 429], email);
    }
  } finally {
    await s.stop();
  }
});

test('an account from before e-mail verification asks for a link, which confirms the address once', async () => {
  const a = await newPerson(server.base);
  assertProblem(await a.post('/api/v1/me/email-verification'), 409);
  sql(server.database, `UPDATE users SET email_verified_at = NULL WHERE id = '${a.user.id}'`);
  const asked = await a.post('/api/v1/me/email-verification');
  assert.equal(asked.status, 202, asked.text);
  assert.deepEqual(asked.body, { status: 'check_email', email: a.email });
  const mail = await waitForMail(server.mailDir, a.email, { match: /confirm that this is your e-mail address/ });
  const token = linkToken(mail);
  const ok = await anon().post('/api/v1/email-verifications', { token });
  assert.equal(ok.status, 200, ok.text);
  assert.deepEqual(ok.body, { email_verified: true });
  assert.equal(ok.headers.get('set-cookie'), null, 'confirming an address signs no one in');
  assert.equal((await a.get('/api/v1/me')).body.email_verified, true);
  assertProblem(await anon().post('/api/v1/email-verifications', { token }), 410);
  assertProblem(await a.post('/api/v1/me/email-verification'), 409);
});

test('a new sign-in is announced to the owner with time and device, not place; the setting turns it off', async () => {
  const a = await newPerson(server.base);
  assert.equal(a.user.sign_in_notice, true, 'on unless the person turns it off');
  const firefox = 'Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0';
  const signIn = () => anon().post('/api/v1/sessions', { email: a.email, password: a.password }, { headers: { 'user-agent': firefox } });
  assert.equal((await signIn()).status, 201);
  const notice = await waitForMail(server.mailDir, a.email, { match: /signed in to your account/ });
  assert.equal(notice.subject, 'A new sign-in to your account');
  assert.match(notice.text, /Browser: Firefox\nSystem: Linux/);
  assert.match(notice.text, /on \d{4}-\d\d-\d\d \d\d:\d\d UTC/);
  // The client's address (127.0.0.1 here) appears only as the server's own, in links.
  for (const part of [notice.text, notice.html]) assert.doesNotMatch(part.replaceAll(server.base, ''), /127\.0\.0\.1/, 'no address of the device');

  const off = await a.patch('/api/v1/me', { sign_in_notice: false });
  assert.equal(off.status, 200);
  assert.equal(off.body.sign_in_notice, false);
  assertProblem(await a.patch('/api/v1/me', { sign_in_notice: 'no' }), 400);
  assert.equal((await signIn()).status, 201);
  await drained('mail.send');
  assert.equal(mailTo(a.email).filter((m) => /signed in to your account/.test(m.text)).length, 1);
});

test('a person whose language is Spanish gets Spanish mail; others English', async () => {
  const email = unique('es');
  await anon().post('/api/v1/accounts', { email, password: strong, display_name: 'Ana', language: 'es' });
  const mail = await waitForMail(server.mailDir, email, { match: /verify#token=/ });
  assert.equal(mail.subject, 'Confirma tu dirección de correo');
  assert.match(mail.headers.subject, /^=\?UTF-8\?B\?/, 'encoded in the header');
  assert.match(mail.text, /El enlace sirve una sola vez, durante 24 horas/);
  assert.match(mail.html, /<html lang="es">/);
  const made = await anon().post('/api/v1/email-verifications', { token: linkToken(mail) });
  const c = new Client(server.base);
  c.token = made.body.token;
  await anon().post('/api/v1/password-resets', { email });
  const reset = await waitForMail(server.mailDir, email, { match: /reset-password#token=/ });
  assert.equal(reset.subject, 'Elige una contraseña nueva');
  // A language without templates falls back to English.
  assert.equal((await c.patch('/api/v1/me', { language: 'de' })).status, 200);
  await anon().post('/api/v1/password-resets', { email });
  const english = await waitForMail(server.mailDir, email, { match: (m) => /reset-password#token=/.test(m.text) && !/Elige/.test(m.subject) });
  assert.equal(english.subject, 'Choose a new password');
});

test('neither the jobs table nor the log holds an address or a token; done jobs keep no payload', async () => {
  const s = await startServer({ testHooks: true });
  try {
    const email = unique('secret');
    await new Client(s.base).post('/api/v1/accounts', { email, password: strong, display_name: 'S' });
    const mail = await waitForMail(s.mailDir, email, { match: /verify#token=/ });
    const token = linkToken(mail);
    const c = new Client(s.base);
    const made = await c.post('/api/v1/email-verifications', { token });
    await new Client(s.base).post('/api/v1/password-resets', { email });
    const reset = linkToken(await waitForMail(s.mailDir, email, { match: /reset-password#token=/ }));
    // Before it is used, the reset token is in the jobs table only sealed.
    const jobs = () => sql(s.database, "SELECT kind || ' ' || payload || ' ' || COALESCE(idempotency_key, '') FROM jobs");
    for (const secret of [email, token, reset, made.body.token]) assert.ok(!jobs().includes(secret), 'jobs table');
    await new Client(s.base).post('/api/v1/password-resets/complete', { token: reset, password: 'copper kettle sings at dawn' });
    await drained('mail.send', s);
    assert.equal(sql(s.database, "SELECT COUNT(*) FROM jobs WHERE state = 'done' AND payload <> '{}'").trim(), '0');
    const text = dump(s.database);
    for (const secret of [token, reset, made.body.token]) assert.ok(!text.includes(secret), 'only hashes of tokens are stored');
    for (const secret of [email, token, reset, made.body.token]) assert.ok(!s.logs().includes(secret), 'the log');
    assert.match(s.logs(), /"event":"mail_sent","template":"password_reset"/);
  } finally {
    await s.stop();
  }
});

// --- SMTP --------------------------------------------------------------------------------

function selfSignedCertificate(dir) {
  const cert = join(dir, 'cert.pem');
  const key = join(dir, 'key.pem');
  execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '1', '-subj', '/CN=127.0.0.1',
    '-addext', 'subjectAltName=IP:127.0.0.1', '-keyout', key, '-out', cert], { stdio: 'ignore' });
  return { cert, key };
}

async function freePort() {
  const srv = createServer();
  await new Promise((r) => srv.listen(0, '127.0.0.1', r));
  const { port } = srv.address();
  await new Promise((r) => srv.close(r));
  return port;
}

test('SMTP: STARTTLS with the server verified against our CA and AUTH; a server without TLS is refused', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'rekindle-smtp-'));
  const tls = selfSignedCertificate(dir);
  const auth = { user: 'rekindle', password: 'smtp secret for tests' };
  const sink = await startSmtpSink({ tls, auth });
  const plain = await startSmtpSink();
  const smtp = (port, extra = {}) => ({
    REKINDLE_SMTP_HOST: '127.0.0.1', REKINDLE_SMTP_PORT: String(port), REKINDLE_SMTP_STARTTLS: 'required',
    REKINDLE_SMTP_CA_FILE: tls.cert, REKINDLE_SMTP_USERNAME: auth.user, REKINDLE_SMTP_PASSWORD: auth.password, ...extra,
  });
  const s = await startServer({ env: smtp(sink.port) });
  const refused = await startServer({ env: smtp(plain.port) });
  const untrusted = await startServer({ env: smtp(sink.port, { REKINDLE_SMTP_CA_FILE: '' }) });
  try {
    const email = unique('smtp');
    assert.equal((await new Client(s.base).post('/api/v1/accounts', { email, password: strong, display_name: 'T' })).status, 202);
    const mail = await sink.waitFor(email, { match: /verify#token=/ });
    assert.equal(mail.tls, true, 'the session was upgraded with STARTTLS');
    assert.deepEqual(mail.rcpt, [email]);
    assert.equal(mail.from, 'no-reply@rekindle.test');
    assert.equal(mail.subject, 'Confirm your e-mail address');
    for (const h of ['date', 'message-id', 'mime-version', 'from', 'to', 'subject']) assert.ok(mail.headers[h], h);
    const made = await new Client(s.base).post('/api/v1/email-verifications', { token: linkToken(mail) });
    assert.equal(made.status, 201, 'the link from a real server works');
    assert.ok(!s.logs().includes(auth.password), 'the SMTP password is not logged');

    // STARTTLS required, and the server offers none; or its certificate is not trusted:
    // nothing is sent, the job waits to retry, and its error names no address.
    for (const [server2, why] of [[refused, 'no STARTTLS'], [untrusted, 'unknown CA']]) {
      const other = unique('refused');
      await new Client(server2.base).post('/api/v1/accounts', { email: other, password: strong, display_name: 'R' });
      let error = '';
      for (let i = 0; i < 200 && !error; i++) {
        error = sql(server2.database, "SELECT COALESCE(last_error, '') FROM jobs WHERE kind = 'mail.send'").trim();
        if (!error) await sleep(25);
      }
      assert.match(error, /^SMTP: /, why);
      assert.ok(!error.includes(other), why);
      assert.equal(plain.messages().length, 0, why);
      assert.ok(!sink.messages().some((m) => m.to === other), why);
    }
  } finally {
    await s.stop();
    await refused.stop();
    await untrusted.stop();
    await sink.stop();
    await plain.stop();
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a message survives a restart while the SMTP server is down, and goes once it is up', async () => {
  const database = freshDatabase();
  const port = await freePort();
  const env = { REKINDLE_SMTP_HOST: '127.0.0.1', REKINDLE_SMTP_PORT: String(port), REKINDLE_SMTP_STARTTLS: 'off' };
  let s = await startServer({ database, testHooks: true, env });
  let sink;
  try {
    const email = unique('later');
    assert.equal((await new Client(s.base).post('/api/v1/accounts', { email, password: strong, display_name: 'Later' })).status, 202);
    for (let i = 0; i < 200 && !/"event":"job_failed","kind":"mail.send"/.test(s.logs()); i++) await sleep(25);
    assert.match(s.logs(), /"event":"job_failed","kind":"mail.send"[^\n]*"error":"SMTP: /);
    assert.ok(!s.logs().includes(email));
    await s.stop();

    sink = await startSmtpSink({ port });
    s = await startServer({ database, testHooks: true, env });
    await advanceClock(s, 2 * 3600 * 1000);  // past the backoff
    const mail = await sink.waitFor(email, { match: /verify#token=/ });
    assert.equal(sink.messages().length, 1, 'sent once');
    // The link was made before the restart and still works (the clock moved 2 of its 24 hours).
    assert.equal((await new Client(s.base).post('/api/v1/email-verifications', { token: linkToken(mail) })).status, 201);
  } finally {
    await s.stop();
    await sink?.stop();
    database.drop();
  }
});
