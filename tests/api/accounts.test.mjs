// Accounts over HTTP against the real binary: sign-up (finished by the e-mailed link),
// sign-in, sessions by bearer token and by cookie with CSRF, the profile, password change
// and erasure. E-mail itself (verification, reset, notices, SMTP) is in mail.test.mjs.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, Client, assertProblem, dump, sql, cli } from '../support/server.mjs';
import { waitForMail, linkToken, mailIn } from '../support/mail.mjs';

let server;
before(async () => { server = await startServer(); });
after(async () => { await server?.stop(); });

const anon = () => new Client(server.base);
const strong = 'lantern orchard velvet drift';

// Uses the link a sign-up e-mailed to `email` (the first after `after` earlier messages
// to it); returns the response.
async function confirm(email, after = 0) {
  const mail = await waitForMail(server.mailDir, email, { match: /\/verify#token=/, after });
  return new Client(server.base).post('/api/v1/email-verifications', { token: linkToken(mail) });
}

test('sign-up sends a link; the link makes the account, a session and an HttpOnly cookie', async () => {
  const c = anon();
  const signup = await c.post('/api/v1/accounts', {
    email: '  Robin.Ash@Example.ORG ', password: strong, display_name: 'Robin', time_zone: 'Europe/Berlin', language: 'de',
  });
  assert.equal(signup.status, 202, signup.text);
  assert.deepEqual(signup.body, { status: 'check_email', email: 'robin.ash@example.org' });
  assert.equal(signup.headers.get('set-cookie'), null, 'no session before the address is confirmed');
  assert.equal((await anon().post('/api/v1/sessions', { email: 'robin.ash@example.org', password: strong })).status, 401,
    'no account before the link is used');
  const r = await confirm('robin.ash@example.org');
  assert.equal(r.status, 201, r.text);
  assert.equal(r.body.email_verified, true);
  assert.equal(r.body.user.email_verified, true);
  assert.equal(r.body.user.email, 'robin.ash@example.org');
  assert.equal(r.body.user.display_name, 'Robin');
  assert.equal(r.body.user.time_zone, 'Europe/Berlin');
  assert.equal(r.body.user.language, 'de');
  assert.equal(r.body.user.sexual_content, false, 'sexual content is opt-in');
  assert.match(r.body.token, /^[A-Za-z0-9_-]{43}$/, '256-bit token');
  assert.ok(r.body.csrf_token.length >= 22);
  assert.ok(!('password_hash' in r.body.user));
  const cookie = r.headers.get('set-cookie');
  assert.match(cookie, /^rekindle_session=[A-Za-z0-9_-]{43}; Path=\/; HttpOnly; SameSite=Lax; Max-Age=2592000$/);
  const me = await new Client(server.base).get('/api/v1/me', { headers: { authorization: `Bearer ${r.body.token}` } });
  assert.equal(me.status, 200);
  assert.equal(me.body.email, 'robin.ash@example.org');
});

test('a known e-mail, whatever its case, gets the same answer as a new one and no second account', async () => {
  const a = anon();
  await a.signUp();
  const r = await anon().post('/api/v1/accounts', { email: a.email.toUpperCase(), password: strong, display_name: 'Twin' });
  assert.equal(r.status, 202, r.text);
  assert.deepEqual(r.body, { status: 'check_email', email: a.email });
  assert.equal((await anon().post('/api/v1/sessions', { email: a.email, password: strong })).status, 401);
  assert.equal((await anon().post('/api/v1/sessions', { email: a.email, password: a.password })).status, 201);
});

test('password length follows NIST: 15 to 256 code points, checked exactly', async () => {
  const short = await anon().post('/api/v1/accounts', { email: 'short@example.org', password: 'fourteen chars', display_name: 'S' });
  assertProblem(short, 400);
  assert.deepEqual(short.body.errors.map((e) => [e.field, e.code]), [['password', 'too_short']]);
  assert.match(short.body.errors[0].message, /passphrase/);

  const fifteen = await anon().post('/api/v1/accounts', { email: 'f15@example.org', password: 'fifteen  chars!', display_name: 'F' });
  assert.equal(fifteen.status, 202, fifteen.text);

  const long = 'tulip '.repeat(42) + 'moss'; // 256 characters
  assert.equal(long.length, 256);
  const made = await anon().post('/api/v1/accounts', { email: 'long@example.org', password: long, display_name: 'L' });
  assert.equal(made.status, 202, made.text);
  assert.equal((await confirm('long@example.org')).status, 201);
  assert.equal((await anon().post('/api/v1/sessions', { email: 'long@example.org', password: long })).status, 201);
  assert.equal((await anon().post('/api/v1/sessions', { email: 'long@example.org', password: long.slice(0, -1) })).status, 401);
  const tooLong = await anon().post('/api/v1/accounts', { email: 'toolong@example.org', password: long + 'x', display_name: 'T' });
  assertProblem(tooLong, 400);
  assert.equal(tooLong.body.errors[0].code, 'too_long');

  const emoji = '😀😀😀😀😀😀😀😀😀😀😀😀😀😀🌙';
  assert.equal((await anon().post('/api/v1/accounts', { email: 'emoji@example.org', password: emoji, display_name: 'E' })).status, 202);
});

test('easily guessed passwords are refused with the reason', async () => {
  const cases = [
    ['password12345678', 'common'],
    ['passwordpassword', 'repeated'],
    ['123456789012345', 'simple_pattern'],
    ['my rekindle secret', 'context_word'],
    ['jordan.lee keeps bees', 'context_word'],
  ];
  for (const [password, code] of cases) {
    const r = await anon().post('/api/v1/accounts', { email: 'jordan.lee@example.org', password, display_name: 'Jordan' });
    assertProblem(r, 400);
    assert.equal(r.body.errors[0].code, code, password);
  }
  // None of those attempts sent anything; this one does.
  assert.equal((await anon().post('/api/v1/accounts', { email: 'jordan.lee@example.org', password: strong, display_name: 'Jordan' })).status, 202);
  assert.equal((await confirm('jordan.lee@example.org')).status, 201);
});

test('bad input gets a 4xx problem and writes nothing', async () => {
  const email = 'careful@example.org';
  const good = { email, password: strong, display_name: 'Careful' };
  const cases = [
    [{ body: '{"email":', headers: { 'content-type': 'application/json' } }, 400],
    [{ body: '[]', headers: { 'content-type': 'application/json' } }, 400],
    [{ body: JSON.stringify(good), headers: { 'content-type': 'text/plain' } }, 415],
    [{ body: JSON.stringify(good) }, 415],
    [{ json: { ...good, role: 'admin' } }, 400],
    [{ json: { ...good, id: 'x' } }, 400],
    [{ json: { ...good, email: 42 } }, 400],
    [{ json: { ...good, display_name: ['x'] } }, 400],
    [{ json: { email, password: strong } }, 400],
    [{ json: { ...good, email: 'not-an-address' } }, 400],
    [{ json: { ...good, time_zone: 'Mars/Olympus' } }, 400],
    [{ json: { ...good, language: 'english' } }, 400],
    [{ json: { ...good, display_name: 'x'.repeat(61) } }, 400],
    [{ json: { ...good, display_name: 'a\u0000b' } }, 400],
    [{ body: JSON.stringify({ ...good, display_name: 'x'.repeat(1 << 20) }), headers: { 'content-type': 'application/json' } }, 413],
  ];
  for (const [options, status] of cases) {
    const r = await anon().request('POST', '/api/v1/accounts', options);
    assertProblem(r, status);
  }
  // The address is still free, and nothing was written or sent.
  assert.equal((await anon().post('/api/v1/sessions', { email, password: strong })).status, 401);
  assert.ok(!dump(server.database).includes(email));
  assert.equal((await anon().post('/api/v1/accounts', good)).status, 202);
  assert.equal((await confirm(email)).status, 201);
});

test('sign-in: same answer for an unknown e-mail and a wrong password; exact match only', async () => {
  const a = anon();
  await a.signUp();
  const ok = await anon().post('/api/v1/sessions', { email: a.email.toUpperCase(), password: a.password });
  assert.equal(ok.status, 201);
  assert.notEqual(ok.body.token, a.token, 'each sign-in gets a new token');
  const wrong = await anon().post('/api/v1/sessions', { email: a.email, password: a.password + 'x' });
  const unknown = await anon().post('/api/v1/sessions', { email: 'nobody-here@example.org', password: a.password });
  assertProblem(wrong, 401);
  assertProblem(unknown, 401);
  assert.deepEqual(wrong.body, unknown.body);
  const upper = a.password[0].toUpperCase() + a.password.slice(1);
  assert.equal((await anon().post('/api/v1/sessions', { email: a.email, password: upper })).status, 401);
  assert.equal((await anon().post('/api/v1/sessions', { email: a.email, password: a.password.slice(0, -1) })).status, 401);
});

test('repeated failed sign-ins for one account from one address are slowed down with Retry-After', async () => {
  const a = anon();
  await a.signUp();
  for (let i = 0; i < 5; i++) {
    assert.equal((await anon().post('/api/v1/sessions', { email: a.email, password: 'wrong but long enough' })).status, 401);
  }
  const limited = await anon().post('/api/v1/sessions', { email: a.email, password: a.password });
  assertProblem(limited, 429);
  assert.equal(limited.headers.get('retry-after'), '1', 'a delay that grows, not a lockout');
  // Another account from the same address is not slowed by it.
  const b = anon();
  await b.signUp();
  assert.equal((await anon().post('/api/v1/sessions', { email: b.email, password: b.password })).status, 201);
  // After the delay the owner gets in, and that ends the slowdown.
  await new Promise((r) => setTimeout(r, 1100));
  assert.equal((await anon().post('/api/v1/sessions', { email: a.email, password: a.password })).status, 201);
  assert.equal((await anon().post('/api/v1/sessions', { email: a.email, password: 'wrong but long enough' })).status, 401);
});

test('guesses from elsewhere neither lock the owner out nor stop a password change; a burst is throttled like a sequence', async () => {
  const s = await startServer({ env: { REKINDLE_TRUST_PROXY: 'true' } });
  try {
    const from = (ip) => ({ headers: { 'x-forwarded-for': ip }, auth: false });
    const owner = new Client(s.base);
    await owner.signUp();
    // 60 concurrent guesses from one address: only the free ones are checked.
    const burst = await Promise.all(Array.from({ length: 60 }, () =>
      new Client(s.base).post('/api/v1/sessions', { email: owner.email, password: 'a wrong guess, long enough' }, from('203.0.113.7'))));
    assert.equal(burst.filter((r) => r.status === 401).length, 5, 'five passwords were checked, not more');
    assert.equal(burst.filter((r) => r.status === 429).length, 55);
    // The owner, from home, signs in at once and changes the password.
    const home = await new Client(s.base).post('/api/v1/sessions', { email: owner.email, password: owner.password }, from('198.51.100.2'));
    assert.equal(home.status, 201, home.text);
    const changed = await owner.post('/api/v1/me/password', { current_password: owner.password, new_password: 'quiet harbour lanterns at dusk' });
    assert.equal(changed.status, 204, changed.text);
  } finally {
    await s.stop();
  }
});

test('sign-out ends the session on the server', async () => {
  const a = anon();
  await a.signUp();
  const out = await a.delete('/api/v1/sessions/current');
  assert.equal(out.status, 204);
  assert.match(out.headers.get('set-cookie'), /Max-Age=0/);
  assert.match(out.headers.get('clear-site-data'), /cookies/);
  assertProblem(await a.get('/api/v1/me'), 401);
});

test('every session endpoint refuses missing or forged credentials', async () => {
  for (const [method, path] of [['GET', '/api/v1/me'], ['PATCH', '/api/v1/me'], ['DELETE', '/api/v1/me'],
    ['POST', '/api/v1/me/password'], ['DELETE', '/api/v1/sessions/current']]) {
    assertProblem(await anon().request(method, path), 401);
    assertProblem(await anon().request(method, path, { headers: { authorization: 'Bearer ' + 'A'.repeat(43) } }), 401);
    assertProblem(await anon().request(method, path, { headers: { cookie: 'rekindle_session=forged' } }), 401);
  }
});

test('asking for the current session without one is no content, not an error', async () => {
  // A visitor's page asks this first: nobody signed in, a forged or an ended session.
  for (const headers of [{}, { authorization: 'Bearer ' + 'A'.repeat(43) }, { cookie: 'rekindle_session=forged' }]) {
    const r = await anon().get('/api/v1/sessions/current', { headers });
    assert.equal(r.status, 204, JSON.stringify(headers));
    assert.equal(r.text, '');
    assert.equal(r.headers.get('cache-control'), 'no-store');
  }
  const a = anon();
  await a.signUp();
  const token = a.token;
  assert.equal((await a.get('/api/v1/sessions/current')).body.user.id, a.user.id);
  assert.equal((await a.delete('/api/v1/sessions/current')).status, 204);
  const after = anon();
  after.token = token;
  assert.equal((await after.get('/api/v1/sessions/current')).status, 204, 'a session that ended');
});

test('cookie sessions need the CSRF token for changes; bearer sessions do not', async () => {
  const a = anon();
  const r = await a.signUp();
  const browser = anon();
  browser.cookie = r.headers.get('set-cookie').split(';')[0];
  const current = await browser.get('/api/v1/sessions/current');
  assert.equal(current.status, 200);
  assert.equal(current.body.user.id, a.user.id);
  const refused = await browser.patch('/api/v1/me', { display_name: 'Changed' });
  assertProblem(refused, 403);
  assert.equal((await browser.patch('/api/v1/me', { display_name: 'Changed' }, { headers: { 'x-csrf-token': 'wrong' } })).status, 403);
  assert.equal((await a.get('/api/v1/me')).body.display_name, a.user.display_name, 'refused change wrote nothing');
  browser.csrf = current.body.csrf_token;
  const ok = await browser.patch('/api/v1/me', { display_name: 'Changed' });
  assert.equal(ok.status, 200, ok.text);
  assert.equal((await a.patch('/api/v1/me', { display_name: 'By bearer' })).status, 200);
});

test('the profile can be changed, but not beyond its fields', async () => {
  const a = anon();
  await a.signUp();
  const r = await a.patch('/api/v1/me', { display_name: 'Kit', time_zone: 'America/New_York', language: 'pt-BR', sexual_content: true });
  assert.equal(r.status, 200, r.text);
  assert.deepEqual([r.body.display_name, r.body.time_zone, r.body.language, r.body.sexual_content], ['Kit', 'America/New_York', 'pt-BR', true]);
  for (const bad of [{ email: 'other@example.org' }, { id: 'x' }, { role: 'admin' }, { time_zone: 'Nowhere/Land' },
    { sexual_content: 'yes' }, { display_name: '' }, { display_name: 'x'.repeat(61) }]) {
    assertProblem(await a.patch('/api/v1/me', bad), 400);
  }
  const me = await a.get('/api/v1/me');
  assert.deepEqual([me.body.email, me.body.display_name, me.body.time_zone, me.body.sexual_content], [a.email, 'Kit', 'America/New_York', true]);
});

test('changing the password needs the current one and signs out other devices', async () => {
  const a = anon();
  await a.signUp();
  const other = anon();
  other.token = (await anon().post('/api/v1/sessions', { email: a.email, password: a.password })).body.token;
  assertProblem(await a.post('/api/v1/me/password', { new_password: 'quiet harbour lamps' }), 400);
  const wrong = await a.post('/api/v1/me/password', { current_password: 'not my password at all', new_password: 'quiet harbour lamps' });
  assertProblem(wrong, 403);
  assert.equal(wrong.body.errors[0].field, 'current_password');
  const weak = await a.post('/api/v1/me/password', { current_password: a.password, new_password: 'password12345678' });
  assertProblem(weak, 400);
  assert.equal(weak.body.errors[0].field, 'new_password');
  assert.equal((await a.post('/api/v1/me/password', { current_password: a.password, new_password: 'quiet harbour lamps' })).status, 204);
  assert.equal((await a.get('/api/v1/me')).status, 200, 'this device stays signed in');
  assertProblem(await other.get('/api/v1/me'), 401);
  assert.equal((await anon().post('/api/v1/sessions', { email: a.email, password: a.password })).status, 401);
  assert.equal((await anon().post('/api/v1/sessions', { email: a.email, password: 'quiet harbour lamps' })).status, 201);
});

test('erasing an account needs the password and removes it', async () => {
  const a = anon();
  await a.signUp();
  assertProblem(await a.delete('/api/v1/me', { password: 'not my password at all' }), 403);
  assert.equal((await a.get('/api/v1/me')).status, 200);
  const r = await a.delete('/api/v1/me', { password: a.password });
  assert.equal(r.status, 204);
  assertProblem(await a.get('/api/v1/me'), 401);
  assert.equal((await anon().post('/api/v1/sessions', { email: a.email, password: a.password })).status, 401);
  const earlier = mailIn(server.mailDir).filter((m) => m.to === a.email).length;
  assert.equal((await anon().post('/api/v1/accounts', { email: a.email, password: strong, display_name: 'Again' })).status, 202);
  const again = await confirm(a.email, earlier);
  assert.equal(again.status, 201, 'the address is free again');
  assert.notEqual(again.body.user.id, a.user.id);
  assert.ok(!dump(server.database).includes(a.user.id), 'no row keeps the erased id');
});

test('tokens and passwords are stored only as hashes', async () => {
  const a = anon();
  await a.signUp();
  const text = dump(server.database);
  assert.ok(!text.includes(a.token), 'the bearer token is not in the database');
  assert.ok(!text.includes(a.password), 'the password is not in the database');
  assert.match(text, /\$argon2id\$v=19\$/);
});

test('many failed sign-ins from one address are throttled across accounts', async () => {
  const server2 = await startServer();
  try {
    const c = new Client(server2.base);
    let limited = null;
    for (let i = 0; i < 60 && !limited; i++) {
      const r = await c.post('/api/v1/sessions', { email: `nobody-${i}@example.org`, password: 'wrong but long enough' }, { auth: false });
      if (r.status === 429) limited = i;
      else assert.equal(r.status, 401);
    }
    assert.equal(limited, 50, 'the 51st attempt from one address is refused');
  } finally {
    await server2.stop();
  }
});

test('passwords are compared in Unicode NFKC form: composed and decomposed letters match', async () => {
  const composed = 'grüne wiese am fluss'.normalize('NFC');
  const decomposed = composed.normalize('NFD');
  assert.notEqual(composed, decomposed);
  const r = await anon().post('/api/v1/accounts', { email: 'unicode@example.org', password: decomposed, display_name: 'U' });
  assert.equal(r.status, 202, r.text);
  assert.equal((await confirm('unicode@example.org')).status, 201);
  assert.equal((await anon().post('/api/v1/sessions', { email: 'unicode@example.org', password: composed })).status, 201);
  assert.equal((await anon().post('/api/v1/sessions', { email: 'unicode@example.org', password: decomposed })).status, 201);
});

test('an operator is made from the command line, and the role shows on the person', async () => {
  const a = anon();
  await a.signUp();
  assert.deepEqual((await a.get('/api/v1/me')).body.roles, []);
  const missing = cli(server.database, ['admin', 'grant-operator', 'nobody@example.org']);
  assert.equal(missing.status, 1, missing.output);
  assert.match(missing.output, /no account with that e-mail/);
  const granted = cli(server.database, ['admin', 'grant-operator', a.email.toUpperCase()]);
  assert.equal(granted.status, 0, granted.output);
  assert.deepEqual((await a.get('/api/v1/me')).body.roles, ['operator']);
  assert.equal(cli(server.database, ['admin', 'grant-operator', a.email]).status, 0, 'granting again changes nothing');
  assert.deepEqual((await a.get('/api/v1/sessions/current')).body.user.roles, ['operator']);
});

test('erasure removes everything the person wrote, in every feature, and every trace of their id', async () => {
  const { newCouple } = await import('../support/server.mjs');
  const [a, b] = await newCouple(server.base);
  const mark = `erase-me-${Math.random().toString(36).slice(2)}`;
  const { date } = (await a.get('/api/v1/daily')).body;
  await a.put(`/api/v1/daily/${date}/answer`, { text: `${mark} daily` });
  const item = (await a.get('/api/v1/desires')).body.categories[0].items[0].id;
  await a.put(`/api/v1/desires/${item}/mine`, { answer: 'yes' });
  const conv = (await a.post('/api/v1/conversations', { guide: 'connected' })).body;
  await a.post(`/api/v1/conversations/${conv.id}/notes`, { text: `${mark} note`, shared: true });
  await a.post('/api/v1/chat/messages', { text: `${mark} chat` });
  const partnerMessage = (await b.post('/api/v1/chat/messages', { text: 'from the partner' })).body;
  await a.post('/api/v1/chat/read', { up_to: partnerMessage.id });
  const ins = (await a.get('/api/v1/instruments/triangle-short')).body;
  await a.post('/api/v1/triangle/assessments', { form: 'triangle-short', perspective: 'real', answers: Object.fromEntries(ins.items.map((i) => [i.id, 3])) });
  await a.put('/api/v1/triangle/draft', { form: 'triangle-full', perspective: 'real', answers: { i01: 2 } });
  assert.ok(dump(server.database).includes(a.user.id));
  assert.equal((await a.delete('/api/v1/me', { password: a.password })).status, 204);
  const text = dump(server.database);
  assert.ok(!text.includes(a.user.id), 'no row keeps the erased id');
  assert.ok(!text.includes(a.email), 'nor the e-mail');
  assertProblem(await b.get('/api/v1/chat/messages'), 404);
});

test('password hashing runs apart from the server threads: a flood of sign-ups gets 503s, not a stalled server', async () => {
  const s = await startServer({ env: {
    REKINDLE_PASSWORDS_HASH_OPS: '3', REKINDLE_PASSWORDS_HASH_MEM_MIB: '64', REKINDLE_COMPUTE_THREADS: '1', REKINDLE_COMPUTE_QUEUE: '2',
  } });
  try {
    const flood = Array.from({ length: 24 }, (_, i) => new Client(s.base).post('/api/v1/accounts', {
      email: `flood-${i}-${Math.random().toString(36).slice(2)}@example.org`, password: 'lantern orchard velvet drift', display_name: 'F',
    }, { auth: false }));
    // Meanwhile the server answers others at once.
    const started = Date.now();
    const health = await fetch(`${s.base}/api/v1/health`);
    const ms = Date.now() - started;
    assert.equal(health.status, 200);
    assert.ok(ms < 1000, `health took ${ms} ms during the flood`);
    const results = await Promise.all(flood);
    const busy = results.filter((r) => r.status === 503);
    assert.ok(busy.length > 0, 'a full queue refuses at once');
    for (const r of busy) assert.ok(Number(r.headers.get('retry-after')) >= 1);
    assert.ok(results.some((r) => r.status === 202));
    assert.ok(results.every((r) => r.status === 202 || r.status === 503), results.map((r) => r.status).join());
  } finally {
    await s.stop();
  }
});

test('sign-ups from one address are limited', async () => {
  const s = await startServer({ env: { REKINDLE_LIMITS_SIGNUPS_PER_ADDRESS_PER_HOUR: '3' } });
  try {
    const statuses = [];
    for (let i = 0; i < 5; i++) {
      const r = await new Client(s.base).post('/api/v1/accounts', {
        email: `many-${i}-${Math.random().toString(36).slice(2)}@example.org`, password: 'lantern orchard velvet drift', display_name: 'M',
      }, { auth: false });
      statuses.push(r.status);
      if (r.status === 429) assert.ok(Number(r.headers.get('retry-after')) > 0);
    }
    assert.deepEqual(statuses, [202, 202, 202, 429, 429]);
  } finally {
    await s.stop();
  }
});
