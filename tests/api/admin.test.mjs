// The operators' console: therapists' applications by status, one profile in full,
// licence verifications, approve / refuse / suspend / reinstate, the reset of a lost
// second factor, and the audit log with its chain check. Every change lands once, with
// its audit entry, or not at all.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, Client, assertProblem, newPerson, cli, sql, advanceClock } from '../support/server.mjs';
import { waitForMail, mailIn } from '../support/mail.mjs';
import { enrolSecondFactor, makeOperator } from '../support/totp.mjs';
import { png } from '../support/png.mjs';

let server, op;
before(async () => {
  server = await startServer({ testHooks: true, env: { REKINDLE_JOBS_POLL_MS: '50' } });
  op = await makeOperator(server, await newPerson(server.base, { display_name: 'Olga' }));
});
after(async () => { await server?.stop(); });

const profile = {
  full_name: 'Ana Ruiz', credential: 'psychologist', licence_number: 'M-12345', licensing_body: 'Colegio Oficial de Madrid',
  jurisdictions: ['PT', 'ES'], languages: ['es', 'en'], modalities: ['video'], specialties: ['couples'], approaches: ['gottman'],
  gender: 'woman', bio: 'Bio-canary: what the therapist wrote.', fee: 6000, session_minutes: 50, capacity: 6,
  time_zone: 'Europe/Madrid', cancel_hours: 24, reschedule_hours: 12,
};

// A day in UTC, `days` from today: 'YYYY-MM-DD'.
const day = (days = 0) => new Date(Date.now() + days * 86400000).toISOString().slice(0, 10);
const check = (fields = {}) => ({ licensing_body: 'Colegio Oficial de Madrid', verified_on: day(-1), reference: 'REG-2026-001', expires_on: day(365), ...fields });

// A therapist with a second factor and a complete profile, submitted unless told.
async function therapist({ submit = true, language, name = 'Ana Ruiz' } = {}) {
  const t = new Client(server.base);
  await t.signUp({ role: 'therapist', ...(language ? { language } : {}) });
  await enrolSecondFactor(t);
  const put = await t.put('/api/v1/therapist/profile', { ...profile, full_name: name });
  assert.equal(put.status, 200, put.text);
  if (submit) assert.equal((await t.post('/api/v1/therapist/profile/submit')).status, 200);
  return t;
}
const path = (t, action = '') => `/api/v1/operator/therapists/${t.user.id}${action}`;
async function approved(options) {
  const t = await therapist(options);
  assert.equal((await op.post(path(t, '/verifications'), check())).status, 201);
  const r = await op.post(path(t, '/approve'));
  assert.equal(r.status, 200, r.text);
  return t;
}
const auditOf = async (id) => (await op.get(`/api/v1/operator/audit?object_type=therapist&object_id=${id}`)).body.entries;
const mailTo = (c) => mailIn(server.mailDir).filter((m) => m.to === c.email);

test('only an operator with a second factor opens the console', async () => {
  const routes = [['GET', '/api/v1/operator/therapists'], ['GET', '/api/v1/operator/therapists/x'],
    ['POST', '/api/v1/operator/therapists/x/verifications', check()], ['POST', '/api/v1/operator/therapists/x/approve'],
    ['POST', '/api/v1/operator/therapists/x/refuse', { reason: 'r' }], ['POST', '/api/v1/operator/therapists/x/suspend', { reason: 'r' }],
    ['POST', '/api/v1/operator/therapists/x/reinstate'], ['POST', '/api/v1/operator/accounts/second-factor-reset', { email: 'a@example.org', reason: 'r' }],
    ['GET', '/api/v1/operator/audit'], ['GET', '/api/v1/operator/audit/verify']];
  const person = await newPerson(server.base);
  await enrolSecondFactor(person);
  const t = await therapist({ submit: false });
  // An operator whose second factor is not set up yet: told to set it up.
  const unready = await newPerson(server.base);
  assert.equal(cli(server.database, ['admin', 'grant-operator', unready.email]).status, 0);
  for (const [method, p, body] of routes) {
    assertProblem(await new Client(server.base).request(method, p, { json: body }), 401);
    assertProblem(await person.request(method, p, { json: body }), 403);
    assertProblem(await t.request(method, p, { json: body }), 403);
    const r = await unready.request(method, p, { json: body });
    assertProblem(r, 403);
    assert.deepEqual(r.body.errors.map((e) => [e.field, e.code]), [['second_factor', 'required']], `${method} ${p}`);
  }
  assert.equal((await op.get('/api/v1/operator/therapists')).status, 200);
});

test('applications are listed by status, oldest submission first, a page at a time', async () => {
  const first = await therapist({ name: 'First Applicant' });
  const second = await therapist({ name: 'Second Applicant' });
  const draft = await therapist({ submit: false, name: 'Drafting Still' });
  const all = [];
  let next = null;
  do {
    const r = await op.get(`/api/v1/operator/therapists?status=submitted&limit=2${next ? `&after=${encodeURIComponent(next)}` : ''}`);
    assert.equal(r.status, 200, r.text);
    assert.ok(r.body.therapists.length <= 2);
    all.push(...r.body.therapists);
    next = r.body.next;
  } while (next);
  const ids = all.map((x) => x.id);
  assert.equal(new Set(ids).size, ids.length, 'no profile twice across pages');
  assert.ok(ids.indexOf(first.user.id) < ids.indexOf(second.user.id), 'oldest first');
  const shown = all.find((x) => x.id === first.user.id);
  assert.deepEqual(shown, {
    id: first.user.id, status: 'submitted', full_name: 'First Applicant', credential: 'psychologist', jurisdictions: ['ES', 'PT'],
    submitted_at: shown.submitted_at, verified_until: null, verification_ended: false,
  });
  assert.ok(!ids.includes(draft.user.id));
  const drafts = (await op.get('/api/v1/operator/therapists?status=draft&limit=100')).body.therapists.map((x) => x.id);
  assert.ok(drafts.includes(draft.user.id));
  assert.equal((await op.get('/api/v1/operator/therapists')).body.status, 'submitted', 'submitted by default');
  for (const bad of ['status=pending', 'limit=0', 'limit=101', 'after=nonsense', 'after=12.abc'])
    assertProblem(await op.get(`/api/v1/operator/therapists?${bad}`), 400);
});

test('one profile in full: what the therapist wrote, the account e-mail and the checks recorded', async () => {
  const t = await therapist();
  const r = await op.get(path(t));
  assert.equal(r.status, 200, r.text);
  assert.equal(r.body.id, t.user.id);
  assert.equal(r.body.email, t.email);
  assert.equal(r.body.status, 'submitted');
  assert.equal(r.body.bio, profile.bio);
  assert.equal(r.body.licence_number, 'M-12345');
  assert.deepEqual(r.body.hours, []);
  assert.equal(r.body.has_photo, false);
  assert.equal(r.body.matchable, false);
  assert.deepEqual(r.body.verifications, []);
  assert.ok(r.body.submitted_at);
  assertProblem(await op.get('/api/v1/operator/therapists/no-such-profile'), 404);
  const person = await newPerson(server.base);
  assertProblem(await op.get(`/api/v1/operator/therapists/${person.user.id}`), 404, 'a person has no profile');
});

test('a licence check is recorded only when it makes sense, and is audited', async () => {
  const t = await therapist();
  const before = await auditOf(t.user.id);
  const bad = [
    [{}, ['expires_on', 'licensing_body', 'reference', 'verified_on']],
    [check({ verified_on: day(2) }), ['verified_on']],
    [check({ expires_on: day(-1) }), ['expires_on']],
    [check({ verified_on: '2026-02-30' }), ['verified_on']],
    [check({ expires_on: '31/12/2030' }), ['expires_on']],
    [check({ reference: '' }), ['reference']],
    [check({ reference: 'x'.repeat(201) }), ['reference']],
  ];
  for (const [body, fields] of bad) {
    const r = await op.post(path(t, '/verifications'), body);
    assertProblem(r, 400);
    assert.deepEqual([...new Set(r.body.errors.map((e) => e.field))].sort(), fields, JSON.stringify(body));
  }
  assertProblem(await op.post(path(t, '/verifications'), { ...check(), note: 'x' }), 400);
  assertProblem(await op.post('/api/v1/operator/therapists/nobody/verifications', check()), 404);
  assert.deepEqual((await op.get(path(t))).body.verifications, [], 'nothing recorded');
  assert.deepEqual(await auditOf(t.user.id), before, 'nothing audited');
  const draft = await therapist({ submit: false });
  assertProblem(await op.post(path(draft, '/verifications'), check()), 409);

  const ok = await op.post(path(t, '/verifications'), check());
  assert.equal(ok.status, 201, ok.text);
  const [v] = ok.body.verifications;
  assert.deepEqual({ ...v, id: undefined, recorded_at: undefined }, {
    id: undefined, recorded_at: undefined, licensing_body: 'Colegio Oficial de Madrid', verified_on: day(-1), reference: 'REG-2026-001',
    expires_on: day(365), operator_id: op.user.id, current: true, running: true,
  });
  assert.equal(ok.body.status, 'submitted', 'recording is not approving');
  const [entry] = await auditOf(t.user.id);
  assert.equal(entry.action, 'therapist.verification');
  assert.equal(entry.actor_id, op.user.id);
  assert.equal(entry.actor_email, op.email);
  assert.match(entry.detail, /REG-2026-001/);
});

test('approval needs a submitted profile and a running check recorded since it was submitted; the therapist is told', async () => {
  const t = await therapist({ language: 'es' });
  const none = await op.post(path(t, '/approve'));
  assertProblem(none, 409);
  assert.equal(none.body.detail, 'Record how you checked the licence first.');
  // A check whose licence ran out yesterday (recorded as it was then).
  assert.equal((await op.post(path(t, '/verifications'), check({ verified_on: day(-400), expires_on: day(-1) }))).status, 201);
  const ended = await op.post(path(t, '/approve'));
  assertProblem(ended, 409);
  assert.match(ended.body.detail, /has ended/);
  const es = await op.post(path(t, '/approve'), undefined, { headers: { 'accept-language': 'es' } });
  assert.match(es.body.detail, /terminó/, 'in the language asked for');

  assert.equal((await op.post(path(t, '/verifications'), check())).status, 201);
  const r = await op.post(path(t, '/approve'));
  assert.equal(r.status, 200, r.text);
  assert.equal(r.body.status, 'approved');
  assert.equal(r.body.verified_until, day(365));
  assert.equal(r.body.matchable, true);
  assert.ok(r.body.decided_at);
  const own = (await t.get('/api/v1/therapist/profile')).body;
  assert.equal(own.status, 'approved');
  assert.equal(own.verified_until, day(365));
  const mail = await waitForMail(server.mailDir, t.email, { match: /aprobado/ });
  assert.equal(mail.subject, 'Tu perfil fue aprobado', 'in the therapist\'s language');
  assert.ok(mail.text.includes(day(365)));
  assertProblem(await op.post(path(t, '/approve')), 409);
  const [entry] = await auditOf(t.user.id);
  assert.deepEqual([entry.action, entry.detail], ['therapist.approve', `verified until ${day(365)}`]);
  const listed = (await op.get('/api/v1/operator/therapists?status=approved&limit=100')).body.therapists.find((x) => x.id === t.user.id);
  assert.equal(listed.verified_until, day(365));
  assertProblem(await op.post('/api/v1/operator/therapists/nobody/approve'), 404);
});

test('a changed licence is checked again: a check from before the new submission does not count', async () => {
  const t = await approved();
  const moved = await t.put('/api/v1/therapist/profile', { ...profile, licence_number: 'M-99999' });
  assert.equal(moved.body.status, 'submitted');
  const r = await op.post(path(t, '/approve'));
  assertProblem(r, 409);
  assert.equal(r.body.detail, 'Record how you checked the licence first.');
  const detail = (await op.get(path(t))).body;
  assert.deepEqual(detail.verifications.map((v) => v.current), [false]);
  assert.equal((await op.post(path(t, '/verifications'), check({ reference: 'REG-NEW' }))).status, 201);
  assert.equal((await op.post(path(t, '/approve'))).status, 200);
});

test('a refusal needs a reason the therapist then reads; the e-mail does not carry it', async () => {
  const t = await therapist();
  const before = mailTo(t).length;
  assertProblem(await op.post(path(t, '/refuse'), {}), 400);
  assertProblem(await op.post(path(t, '/refuse'), { reason: '   ' }), 400);
  assertProblem(await op.post(path(t, '/refuse'), { reason: 'x'.repeat(501) }), 400);
  assertProblem(await op.post(path(t, '/refuse')), 415);
  assert.equal((await op.get(path(t))).body.status, 'submitted', 'nothing changed');
  const reason = 'The register lists this licence as lapsed. Please send a current one.';
  const r = await op.post(path(t, '/refuse'), { reason });
  assert.equal(r.status, 200, r.text);
  assert.equal(r.body.status, 'refused');
  const own = (await t.get('/api/v1/therapist/profile')).body;
  assert.deepEqual([own.status, own.decision_reason], ['refused', reason]);
  const mail = await waitForMail(server.mailDir, t.email, { match: /left a note/, after: before });
  assert.ok(!mail.text.includes('lapsed') && !mail.html.includes('lapsed'));
  assertProblem(await op.post(path(t, '/refuse'), { reason }), 409);
  assertProblem(await op.post(path(t, '/approve')), 409);
  const [entry] = await auditOf(t.user.id);
  assert.deepEqual([entry.action, entry.detail], ['therapist.refuse', reason]);
  // Changed and submitted again, it comes back to the queue with no reason attached.
  assert.equal((await t.post('/api/v1/therapist/profile/submit')).body.status, 'submitted');
});

test('a suspension stops matching at once; a reinstatement needs a check that still runs', async () => {
  const t = await approved();
  const person = await newPerson(server.base);
  await t.request('PUT', '/api/v1/therapist/photo', { body: png(), headers: { 'content-type': 'image/png' } });
  assert.equal((await person.get(`/api/v1/therapists/${t.user.id}/photo`)).status, 200, 'matchable: anyone signed in sees the photo');
  assertProblem(await op.post(path(t, '/reinstate')), 409);
  assertProblem(await op.post(path(t, '/suspend'), {}), 400);
  const s = await op.post(path(t, '/suspend'), { reason: 'A complaint is being looked into.' });
  assert.equal(s.status, 200, s.text);
  assert.deepEqual([s.body.status, s.body.matchable], ['suspended', false]);
  assertProblem(await person.get(`/api/v1/therapists/${t.user.id}/photo`), 404);
  assert.equal((await op.get(path(t))).body.has_photo, true);
  assert.equal((await t.get('/api/v1/therapist/profile')).body.decision_reason, 'A complaint is being looked into.');
  assertProblem(await op.post(path(t, '/suspend'), { reason: 'again' }), 409);
  assertProblem(await op.post(path(t, '/approve')), 409);

  const back = await op.post(path(t, '/reinstate'));
  assert.equal(back.status, 200, back.text);
  assert.deepEqual([back.body.status, back.body.matchable, back.body.verified_until], ['approved', true, day(365)]);
  assert.equal((await person.get(`/api/v1/therapists/${t.user.id}/photo`)).status, 200);

  // Suspended again while the licence check ran out: back to the queue, not approved.
  await op.post(path(t, '/suspend'), { reason: 'Paused.' });
  sql(server.database, `UPDATE licence_verifications SET verified_on = '2020-01-01', expires_on = '2021-01-01' WHERE therapist_id = '${t.user.id}'`);
  const queued = await op.post(path(t, '/reinstate'));
  assert.equal(queued.status, 200, queued.text);
  assert.deepEqual([queued.body.status, queued.body.matchable], ['submitted', false]);
  const actions = (await auditOf(t.user.id)).map((e) => e.action);
  assert.deepEqual(actions.slice(0, 4), ['therapist.reinstate', 'therapist.suspend', 'therapist.reinstate', 'therapist.suspend']);
  assert.match((await auditOf(t.user.id))[0].detail, /submitted/);
});

test('a licence changed while suspended needs a new check before a reinstatement', async () => {
  const t = await approved();
  await op.post(path(t, '/suspend'), { reason: 'Paused.' });
  const changed = await t.put('/api/v1/therapist/profile', { ...profile, licence_number: 'NEW-99' });
  assert.equal(changed.status, 200, changed.text);
  assert.equal(changed.body.status, 'suspended');
  const r = await op.post(path(t, '/reinstate'));
  assert.equal(r.status, 200, r.text);
  assert.deepEqual([r.body.status, r.body.matchable], ['submitted', false], 'the old check is not the new licence\'s');
});

test('an approval tapped many times at once, by one operator or two, lands once', async () => {
  const other = await makeOperator(server, await newPerson(server.base));
  for (let trial = 0; trial < 3; trial++) {
    const t = await therapist();
    await op.post(path(t, '/verifications'), check());
    const before = mailTo(t).length;
    const taps = await Promise.all(Array.from({ length: 8 }, (_, i) => (i % 2 ? op : other).post(path(t, '/approve'))));
    assert.deepEqual(taps.map((r) => r.status).sort(), [200, 409, 409, 409, 409, 409, 409, 409], taps.map((r) => r.text).join('\n'));
    const approvals = (await auditOf(t.user.id)).filter((e) => e.action === 'therapist.approve');
    assert.equal(approvals.length, 1);
    await waitForMail(server.mailDir, t.email, { match: /approved/, after: before });
    await new Promise((r) => setTimeout(r, 300));
    assert.equal(mailTo(t).length, before + 1, 'one e-mail');
  }
  // Approve and refuse at once: one of them.
  const t = await therapist();
  await op.post(path(t, '/verifications'), check());
  const [a, r] = await Promise.all([op.post(path(t, '/approve')), other.post(path(t, '/refuse'), { reason: 'No.' })]);
  assert.deepEqual([a.status, r.status].sort(), [200, 409]);
  const decided = (await auditOf(t.user.id)).filter((e) => e.action !== 'therapist.verification');
  assert.equal(decided.length, 1);
});

test('a lost second factor: an operator removes it, the person is signed out and told, and sets one up again', async () => {
  const reset = (body, by = op) => by.post('/api/v1/operator/accounts/second-factor-reset', body);
  const t = await approved();
  const before = mailTo(t).length;
  assertProblem(await reset({ email: t.email }), 400);
  assertProblem(await reset({ email: 'not an address', reason: 'r' }), 400);
  assertProblem(await reset({ email: t.email, reason: 'x'.repeat(501) }), 400);
  assertProblem(await reset({ email: 'nobody-here@example.org', reason: 'Called in.' }), 404);
  const own = await reset({ email: op.email.toUpperCase(), reason: 'Mine.' });
  assertProblem(own, 403);
  assert.match(own.body.detail, /your own/);
  const plain = await newPerson(server.base);
  assertProblem(await reset({ email: plain.email, reason: 'Called in.' }), 409);
  assert.equal((await t.get('/api/v1/therapist/profile')).status, 200, 'nothing changed so far');

  const reason = 'Called from the number on file; confirmed licence number and date of birth.';
  const r = await reset({ email: ` ${t.email.toUpperCase()} `, reason });
  assert.equal(r.status, 200, r.text);
  assert.deepEqual(r.body, { account_id: t.user.id });
  assertProblem(await t.get('/api/v1/me'), 401, 'every session ended');
  const mail = await waitForMail(server.mailDir, t.email, { match: /removed the second factor/, after: before });
  assert.equal(mail.subject, 'Your second factor was removed');
  // The password alone signs in now; the therapist's pages wait for a new factor.
  const again = new Client(server.base);
  const signIn = await again.post('/api/v1/sessions', { email: t.email, password: t.password });
  assert.equal(signIn.status, 201, signIn.text);
  again.token = signIn.body.token;
  again.password = t.password;
  const blocked = await again.get('/api/v1/therapist/profile');
  assertProblem(blocked, 403);
  assert.equal(blocked.body.errors[0].field, 'second_factor');
  assertProblem(await reset({ email: t.email, reason }), 409, 'nothing left to reset');
  await enrolSecondFactor(again);
  assert.equal((await again.get('/api/v1/therapist/profile')).body.status, 'approved', 'the profile is untouched');
  const entries = (await op.get(`/api/v1/operator/audit?object_type=account&object_id=${t.user.id}`)).body.entries;
  assert.deepEqual(entries.map((e) => [e.action, e.detail, e.actor_id]), [['account.second_factor_reset', reason, op.user.id]]);
});

test('the audit log: newest first, a page at a time, one object at a time, never what a therapist wrote', async () => {
  await approved();
  const first = await op.get('/api/v1/operator/audit?limit=3');
  assert.equal(first.status, 200, first.text);
  const seqs = first.body.entries.map((e) => e.seq);
  assert.deepEqual(seqs, [...seqs].sort((a, b) => b - a), 'newest first');
  assert.equal(first.body.next_before, seqs[2]);
  const second = await op.get(`/api/v1/operator/audit?limit=3&before=${first.body.next_before}`);
  assert.ok(second.body.entries.every((e) => e.seq < seqs[2]));
  const everything = [];
  let before = null;
  do {
    const r = await op.get(`/api/v1/operator/audit?limit=200${before ? `&before=${before}` : ''}`);
    everything.push(...r.body.entries);
    before = r.body.next_before;
  } while (before);
  assert.deepEqual(everything.map((e) => e.seq), Array.from({ length: everything.length }, (_, i) => everything.length - i), 'no gaps');
  const text = JSON.stringify(everything);
  assert.ok(!text.includes('Bio-canary'), 'no profile text in the log');
  for (const e of everything) assert.match(e.hash, /^[0-9a-f]{64}$/);
  for (const bad of ['before=0', 'before=x', 'limit=0', 'limit=201', 'object_type=therapist', 'object_id=abc'])
    assertProblem(await op.get(`/api/v1/operator/audit?${bad}`), 400);
  const verify = await op.get('/api/v1/operator/audit/verify');
  assert.equal(verify.status, 200);
  assert.deepEqual([verify.body.intact, verify.body.first_broken], [true, null]);
});

test('an edited audit entry breaks the chain there, and the check says where', async () => {
  await approved();
  const { entries } = (await op.get('/api/v1/operator/audit?limit=2')).body;
  const target = entries[1];
  sql(server.database, `UPDATE audit_log SET detail = 'rewritten' WHERE seq = ${target.seq}`);
  try {
    const r = await op.get('/api/v1/operator/audit/verify');
    assert.deepEqual([r.body.intact, r.body.first_broken], [false, target.seq]);
  } finally {
    sql(server.database, `UPDATE audit_log SET detail = '${target.detail.replaceAll("'", "''")}' WHERE seq = ${target.seq}`);
  }
  assert.equal((await op.get('/api/v1/operator/audit/verify')).body.intact, true);
});

test('a verification near its end: the therapist is told once before, once after, and the console says it ended', async () => {
  // A server of its own: its clock moves days ahead.
  const s = await startServer({ testHooks: true, env: { REKINDLE_JOBS_POLL_MS: '50' } });
  try {
    const o = await makeOperator(s, await newPerson(s.base));
    const t = new Client(s.base);
    await t.signUp({ role: 'therapist' });
    await enrolSecondFactor(t);
    await t.put('/api/v1/therapist/profile', profile);
    await t.post('/api/v1/therapist/profile/submit');
    const id = t.user.id;
    assert.equal((await o.post(`/api/v1/operator/therapists/${id}/verifications`, check({ expires_on: day(3) }))).status, 201);
    assert.equal((await o.post(`/api/v1/operator/therapists/${id}/approve`)).status, 200);
    // The next hourly run sends the "ends soon" notice; later runs do not repeat it.
    await advanceClock(s, 3600000);
    const soon = await waitForMail(s.mailDir, t.email, { match: (m) => m.subject === 'Your licence check ends soon' });
    assert.ok(soon.text.includes(day(3)));
    await advanceClock(s, 3600000);
    await new Promise((r) => setTimeout(r, 500));
    assert.equal(mailIn(s.mailDir).filter((m) => m.to === t.email && m.subject === soon.subject).length, 1);
    // Four days on, the check has ended: not matchable, said in the console, e-mailed once.
    await advanceClock(s, 4 * 86400000);
    const ended = await waitForMail(s.mailDir, t.email, { match: (m) => m.subject === 'Your licence check has ended' });
    assert.ok(ended.text.includes(day(3)));
    const detail = (await o.get(`/api/v1/operator/therapists/${id}`)).body;
    assert.deepEqual([detail.status, detail.matchable, detail.verification_ended], ['approved', false, true]);
    const listed = (await o.get('/api/v1/operator/therapists?status=approved')).body.therapists.find((x) => x.id === id);
    assert.equal(listed.verification_ended, true);
    const notices = (await o.get(`/api/v1/operator/audit?object_type=therapist&object_id=${id}`)).body.entries
      .filter((e) => e.actor_id === '').map((e) => e.action);
    assert.deepEqual(notices, ['therapist.verification_ended', 'therapist.verification_ending']);
    // A new check renews it: matchable again.
    const renewed = await o.post(`/api/v1/operator/therapists/${id}/verifications`, check({ verified_on: day(4), expires_on: day(400) }));
    assert.equal(renewed.status, 201, renewed.text);
    assert.deepEqual([renewed.body.verified_until, renewed.body.matchable, renewed.body.verification_ended], [day(400), true, false]);
  } finally {
    await s.stop();
  }
});
