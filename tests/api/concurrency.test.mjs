// No sequence of requests may stall the server, and rules that need atomicity have it.
// A server with one thread and one database connection takes 256 concurrent requests on
// every writing route (each completes: 2xx, or a clean 4xx problem, or 503 with
// Retry-After) and still answers /api/v1/health; and races that two partners (or one
// double-tapping person) can start end in exactly one consistent outcome.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, newPerson, newCouple, cli, sql, Client, setClock } from '../support/server.mjs';
import { makeOperator, enrolSecondFactor, totpCode } from '../support/totp.mjs';
import { waitForMail, linkToken } from '../support/mail.mjs';
import { approvedTherapist, takeScreen, getReady, waitForMatch, answers as careAnswers, careCouple } from '../support/care.mjs';
import { png } from '../support/png.mjs';

const N = 256;
// The bursts run on one thread and one connection; the races on several of each, so
// that transactions really overlap.
let server, racer;
before(async () => {
  server = await startServer({ testHooks: true, env: { REKINDLE_THREADS: '1', REKINDLE_DB_POOL: '1', REKINDLE_JOBS_POLL_MS: '50' } });
  racer = await startServer({ env: { REKINDLE_THREADS: '4', REKINDLE_DB_POOL: '6' } });
});
after(async () => { await server?.stop(); await racer?.stop(); });

const base = () => server.base;
const raceBase = () => racer.base;
const today = async (c) => (await c.get('/api/v1/daily')).body.date;
const shortAnswers = async (c) => {
  const ins = (await c.get('/api/v1/instruments/triangle-short')).body;
  return Object.fromEntries(ins.items.map((i) => [i.id, 6]));
};
let unique = 0;

// For each writing route: who sends it and what. Each builder gets a fresh couple [a, b]
// and returns { client, path, body } or a function of the request index.
// A dead job (the test build's test.effect, told to fail once) and an operator.
async function deadJobAndOperator([a]) {
  await makeOperator(server, a);
  const r = await fetch(`${base()}/api/v1/test/jobs`, {
    method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ count: 1, fail: true, max_attempts: 1 }),
  });
  const [id] = (await r.json()).first_ids;
  for (let i = 0; i < 300; i++) {
    if ((await a.get('/api/v1/operator/jobs')).body.dead.some((d) => d.id === id)) return id;
    await new Promise((res) => setTimeout(res, 50));
  }
  throw new Error('the job did not die');
}

// Together time: a local time (UTC couples) `minutes` from now, to the minute.
const nowLocal = (minutes) => new Date(Date.now() + minutes * 60000).toISOString().slice(0, 16);
// A nightly plan both agreed on, begun half an hour ago: its id, the evening under way
// and the next one.
async function agreed([a, b]) {
  const now = nowLocal(-30);
  const plan = (await a.post('/api/v1/together/plans', { rrule: 'FREQ=DAILY', start_local: now })).body.id;
  await b.post(`/api/v1/together/plans/${plan}/accept`);
  const next = new Date(Date.parse(now + 'Z') + 86400000).toISOString().slice(0, 16);
  return { plan, now, next };
}

// A second factor set up with the previous step's code, so that the current step's code
// is still unused; returns the secret and recovery codes.
async function enrolledOneStepBack(a) {
  const start = await a.post('/api/v1/me/second-factor', { password: a.password });
  const confirm = await a.post('/api/v1/me/second-factor/confirm', { code: totpCode(start.body.secret, Date.now() - 30000) });
  if (confirm.status !== 200) throw new Error(`confirm: ${confirm.text}`);  // a step ended in between: rerun
  return { secret: start.body.secret, recoveryCodes: confirm.body.recovery_codes };
}

// A therapist with a second factor and a complete profile (a Client).
async function therapistWithProfile() {
  const t = new Client(base());
  await t.signUp({ role: 'therapist' });
  await enrolSecondFactor(t);
  await t.put('/api/v1/therapist/profile', therapistProfile);
  return t;
}
const therapistProfile = {
  full_name: 'Ana Ruiz', credential: 'psychologist', licence_number: 'M-1', licensing_body: 'Colegio', jurisdictions: ['ES'],
  languages: ['es'], modalities: ['video'], specialties: ['couples'], bio: 'Couples.', capacity: 4,
};
// A submitted therapist's profile and an operator (couple[0]) to review it: the
// operator's Client and the profile's path under /api/v1/operator/therapists. With
// `status` approved or suspended, it is decided that far first.
const licenceCheck = () => ({
  licensing_body: 'Colegio', verified_on: new Date(Date.now() - 86400000).toISOString().slice(0, 10), reference: 'R-1', expires_on: '2099-12-31',
});
async function underReview([a], { verified = true, status = 'submitted' } = {}) {
  const op = await makeOperator(server, a);
  const t = await therapistWithProfile();
  await t.post('/api/v1/therapist/profile/submit');
  const path = `/api/v1/operator/therapists/${t.user.id}`;
  if (verified) await op.post(`${path}/verifications`, licenceCheck());
  if (status !== 'submitted') await op.post(`${path}/approve`);
  if (status === 'suspended') await op.post(`${path}/suspend`, { reason: 'Paused.' });
  return { op, path };
}

// Answers to the outcome measure that score `v` (s5 is reverse-keyed on 1-7).
const satisfaction = (v) => ({ s1: v, s2: v, s3: v, s4: v, s5: 8 - v, s6: v });

// A couple in care whose therapist wrote a policy on secrets both partners acknowledged.
const pdf = Buffer.from('%PDF-1.4\n1 0 obj\n<<>>\nendobj\n%%EOF\n');
async function roomCouple(couple) {
  const made = await careCouple(server, couple, { ask: true, accept: true });
  const { version } = (await made.t.put('/api/v1/therapist/room-policy', { text: 'Kept private.' })).body.policy;
  for (const c of couple) await c.post('/api/v1/room/acknowledge', { version });
  return made;
}

// A session together booked more than two days ahead, and the slots after it.
async function careSession(couple) {
  const { t, id } = await careCouple(server, couple, { ask: true, accept: true });
  await t.post(`/api/v1/therapist/couples/${id}/joint`, {});
  // Beyond the windows for cancelling and moving (a day).
  const slots = (await couple[0].get('/api/v1/care/slots?days=30')).body.slots.filter((s) => s.starts_at > Date.now() + 48 * 3600000);
  const booking = (await couple[0].post('/api/v1/care/bookings', { starts_at: slots[0].starts_at, kind: 'joint' })).body;
  return { t, booking, slots };
}

// The call of a session together, with the burst server's clock in its window (a
// minute after the start) until `restore` puts it back; the therapist is in the call.
async function openCall(couple) {
  const { t, booking } = await careSession(couple);
  await setClock(server, new Date(booking.starts_at + 60000).toISOString());
  const path = `/api/v1/video/sessions/${booking.id}`;
  await t.post(`${path}/join`);
  return { t, path, restore: () => setClock(server, new Date().toISOString()) };
}
const withRestore = (build, restore) => Object.assign(build, { restore });

const samples = {
  'POST /api/v1/video/sessions/{id}/join': async (couple) => {
    const { t, path, restore } = await openCall(couple);
    return withRestore((i) => ({ client: [t, ...couple][i % 3], path: `${path}/join` }), restore);
  },
  'POST /api/v1/video/sessions/{id}/admit': async (couple) => {
    const { t, path, restore } = await openCall(couple);
    await Promise.all(couple.map((c) => c.post(`${path}/join`)));
    return withRestore((i) => ({ client: t, path: `${path}/admit`, body: { person: couple[i % 2].user.id } }), restore);
  },
  'POST /api/v1/video/sessions/{id}/leave': async (couple) => {
    const { t, path, restore } = await openCall(couple);
    return withRestore((i) => ({ client: [t, ...couple][i % 3], path: `${path}/${i % 2 ? 'join' : 'leave'}` }), restore);
  },
  'POST /api/v1/care/screen': async ([a]) => {
    const screen = (await a.get('/api/v1/care/screen')).body;
    return { client: a, path: '/api/v1/care/screen', body: { answers: Object.fromEntries(screen.questions.map((q) => [q.id, q.choices[0].id])) } };
  },
  'PUT /api/v1/care/questionnaire': async ([a]) => {
    await takeScreen(a);
    return (i) => ({ client: a, path: '/api/v1/care/questionnaire', body: { ...careAnswers, max_fee: 1000 + i } });
  },
  'POST /api/v1/care/matches/{id}/pass': async (couple) => {
    const { t } = await careCouple(server, couple);
    return { client: couple[0], path: `/api/v1/care/matches/${t.user.id}/pass` };
  },
  'DELETE /api/v1/care/passes': async ([a]) => ({ client: a, path: '/api/v1/care/passes' }),
  'POST /api/v1/care/requests': async (couple) => {
    const { t } = await careCouple(server, couple);
    return (i) => ({ client: couple[i % 2], path: '/api/v1/care/requests', body: { therapist_id: t.user.id } });
  },
  'DELETE /api/v1/care/relationship': async (couple) => {
    await careCouple(server, couple, { ask: true });
    return (i) => ({ client: couple[i % 2], path: '/api/v1/care/relationship' });
  },
  'POST /api/v1/therapist/couples/{id}/accept': async (couple) => {
    const { t, id } = await careCouple(server, couple, { ask: true });
    return { client: t, path: `/api/v1/therapist/couples/${id}/accept` };
  },
  'POST /api/v1/therapist/couples/{id}/decline': async (couple) => {
    const { t, id } = await careCouple(server, couple, { ask: true });
    return { client: t, path: `/api/v1/therapist/couples/${id}/decline` };
  },
  'POST /api/v1/therapist/couples/{id}/end': async (couple) => {
    const { t, id } = await careCouple(server, couple, { ask: true, accept: true });
    return { client: t, path: `/api/v1/therapist/couples/${id}/end` };
  },
  'POST /api/v1/care/bookings': async (couple) => {
    const { t, id } = await careCouple(server, couple, { ask: true, accept: true });
    await t.post(`/api/v1/therapist/couples/${id}/joint`, {});
    const slots = (await couple[0].get('/api/v1/care/slots')).body.slots;
    return (i) => ({ client: couple[i % 2], path: '/api/v1/care/bookings', body: { starts_at: slots[i % 4].starts_at, kind: i % 3 ? 'joint' : 'individual' } });
  },
  'PUT /api/v1/care/consent/{scope}': async (couple) => {
    await careCouple(server, couple, { ask: true, accept: true });
    return (i) => ({ client: couple[i % 2], path: `/api/v1/care/consent/${['triangle', 'journal'][i % 2]}`, body: { shared: i % 3 !== 0 } });
  },
  'GET /api/v1/therapist/couples/{id}/shared/triangle': async (couple) => {
    const { t, id } = await careCouple(server, couple, { ask: true, accept: true });
    await couple[0].put('/api/v1/care/consent/triangle', { shared: true });
    return { client: t, path: `/api/v1/therapist/couples/${id}/shared/triangle` };
  },
  'GET /api/v1/therapist/couples/{id}/shared/reflections': async (couple) => {
    const { t, id } = await careCouple(server, couple, { ask: true, accept: true });
    await couple[0].put('/api/v1/care/consent/reflections', { shared: true });
    return { client: t, path: `/api/v1/therapist/couples/${id}/shared/reflections` };
  },
  'GET /api/v1/therapist/couples/{id}/shared/selfcare': async (couple) => {
    const { t, id } = await careCouple(server, couple, { ask: true, accept: true });
    await couple[0].put('/api/v1/care/consent/selfcare', { shared: true });
    return { client: t, path: `/api/v1/therapist/couples/${id}/shared/selfcare` };
  },
  'GET /api/v1/therapist/couples/{id}/shared/journal': async (couple) => {
    const { t, id } = await careCouple(server, couple, { ask: true, accept: true });
    await couple[0].put('/api/v1/care/consent/journal', { shared: true });
    return { client: t, path: `/api/v1/therapist/couples/${id}/shared/journal` };
  },
  // Both partners answer before the same session at once, each many times: one answer each.
  'POST /api/v1/care/outcomes': async (couple) => {
    await careCouple(server, couple, { ask: true, accept: true });
    return (i) => ({ client: couple[i % 2], path: '/api/v1/care/outcomes', body: { answers: satisfaction(1 + (i % 7)) } });
  },
  'GET /api/v1/therapist/couples/{id}/outcomes': async (couple) => {
    const { t, id } = await careCouple(server, couple, { ask: true, accept: true });
    await couple[0].post('/api/v1/care/outcomes', { answers: satisfaction(4) });
    await couple[0].put('/api/v1/care/consent/satisfaction', { shared: true });
    return { client: t, path: `/api/v1/therapist/couples/${id}/outcomes` };
  },
  'GET /api/v1/therapist/couples/{id}/outcomes/fhir': async (couple) => {
    const { t, id } = await careCouple(server, couple, { ask: true, accept: true });
    await couple[0].post('/api/v1/care/outcomes', { answers: satisfaction(4) });
    await couple[0].put('/api/v1/care/consent/satisfaction', { shared: true });
    return { client: t, path: `/api/v1/therapist/couples/${id}/outcomes/fhir` };
  },
  'PUT /api/v1/therapist/room-policy': async (couple) => {
    const { t } = await careCouple(server, couple, { ask: true, accept: true });
    return (i) => ({ client: t, path: '/api/v1/therapist/room-policy', body: { text: `Policy ${i % 3}` } });
  },
  'POST /api/v1/room/acknowledge': async (couple) => {
    const { t } = await careCouple(server, couple, { ask: true, accept: true });
    const { version } = (await t.put('/api/v1/therapist/room-policy', { text: 'Kept private.' })).body.policy;
    return (i) => ({ client: couple[i % 2], path: '/api/v1/room/acknowledge', body: { version } });
  },
  'POST /api/v1/room/threads/{thread}/messages': async (couple) => {
    await roomCouple(couple);
    return (i) => ({ client: couple[i % 2], path: `/api/v1/room/threads/${i % 3 ? 'joint' : 'private'}/messages`, body: { text: `m${i}` } });
  },
  'POST /api/v1/room/threads/{thread}/attachments': async (couple) => {
    await roomCouple(couple);
    return (i) => ({ client: couple[i % 2], path: '/api/v1/room/threads/joint/attachments?name=a.pdf', raw: pdf, type: 'application/pdf' });
  },
  'POST /api/v1/room/threads/{thread}/read': async (couple) => {
    const { t, id } = await roomCouple(couple);
    const m = (await t.post(`/api/v1/therapist/couples/${id}/room/threads/joint/messages`, { text: 'hello' })).body;
    return (i) => ({ client: couple[i % 2], path: '/api/v1/room/threads/joint/read', body: { up_to: m.id } });
  },
  'POST /api/v1/therapist/couples/{id}/room/threads/{thread}/messages': async (couple) => {
    const { t, id } = await roomCouple(couple);
    return (i) => ({ client: t, path: `/api/v1/therapist/couples/${id}/room/threads/${i % 2 ? 'joint' : couple[0].user.id}/messages`, body: { text: `t${i}` } });
  },
  'POST /api/v1/therapist/couples/{id}/room/threads/{thread}/attachments': async (couple) => {
    const { t, id } = await roomCouple(couple);
    return { client: t, path: `/api/v1/therapist/couples/${id}/room/threads/joint/attachments?name=a.pdf`, raw: pdf, type: 'application/pdf' };
  },
  'POST /api/v1/therapist/couples/{id}/room/threads/{thread}/read': async (couple) => {
    const { t, id } = await roomCouple(couple);
    const m = (await couple[0].post('/api/v1/room/threads/joint/messages', { text: 'hello' })).body;
    return { client: t, path: `/api/v1/therapist/couples/${id}/room/threads/joint/read`, body: { up_to: m.id } };
  },
  'POST /api/v1/therapist/couples/{id}/notes': async (couple) => {
    const { t, id } = await careCouple(server, couple, { ask: true, accept: true });
    return (i) => ({ client: t, path: `/api/v1/therapist/couples/${id}/notes`, body: { text: `note ${i}` } });
  },
  'PUT /api/v1/therapist/couples/{id}/notes/{note}': async (couple) => {
    const { t, id } = await careCouple(server, couple, { ask: true, accept: true });
    const note = (await t.post(`/api/v1/therapist/couples/${id}/notes`, { text: 'first' })).body;
    return (i) => ({ client: t, path: `/api/v1/therapist/couples/${id}/notes/${note.id}`, body: { text: `edit ${i}` } });
  },
  'DELETE /api/v1/therapist/couples/{id}/notes/{note}': async (couple) => {
    const { t, id } = await careCouple(server, couple, { ask: true, accept: true });
    const note = (await t.post(`/api/v1/therapist/couples/${id}/notes`, { text: 'first' })).body;
    return { client: t, path: `/api/v1/therapist/couples/${id}/notes/${note.id}` };
  },
  'DELETE /api/v1/care/bookings/{id}': async (couple) => {
    const { booking } = await careSession(couple);
    return (i) => ({ client: couple[i % 2], path: `/api/v1/care/bookings/${booking.id}` });
  },
  'PATCH /api/v1/care/bookings/{id}': async (couple) => {
    const { booking, slots } = await careSession(couple);
    return (i) => ({ client: couple[i % 2], path: `/api/v1/care/bookings/${booking.id}`, body: { starts_at: slots[5 + (i % 4)].starts_at } });
  },
  'POST /api/v1/therapist/bookings/{id}/cancel': async (couple) => {
    const { t, booking } = await careSession(couple);
    return { client: t, path: `/api/v1/therapist/bookings/${booking.id}/cancel` };
  },
  'POST /api/v1/therapist/couples/{id}/joint': async (couple) => {
    const { t, id } = await careCouple(server, couple, { ask: true, accept: true });
    return { client: t, path: `/api/v1/therapist/couples/${id}/joint`, body: {} };
  },
  'PUT /api/v1/therapist/profile': async () => {
    const t = await therapistWithProfile();
    return (i) => ({ client: t, path: '/api/v1/therapist/profile', body: { ...therapistProfile, bio: `Bio ${i}`, jurisdictions: i % 2 ? ['ES'] : ['ES', 'PT'] } });
  },
  'POST /api/v1/therapist/profile/submit': async () => ({ client: await therapistWithProfile(), path: '/api/v1/therapist/profile/submit' }),
  'PUT /api/v1/therapist/availability': async () => {
    const t = await therapistWithProfile();
    return (i) => ({ client: t, path: '/api/v1/therapist/availability', body: { hours: [{ weekday: (i % 7) + 1, start_minute: 540, end_minute: 600 }] } });
  },
  'PUT /api/v1/therapist/photo': async () => ({ client: await therapistWithProfile(), path: '/api/v1/therapist/photo', raw: png(), type: 'image/png' }),
  'DELETE /api/v1/therapist/photo': async () => ({ client: await therapistWithProfile(), path: '/api/v1/therapist/photo' }),
  'POST /api/v1/me/second-factor': async ([a]) => ({ client: a, path: '/api/v1/me/second-factor', body: { password: a.password } }),
  'POST /api/v1/me/second-factor/confirm': async ([a]) => {
    const { secret } = (await a.post('/api/v1/me/second-factor', { password: a.password })).body;
    return { client: a, path: '/api/v1/me/second-factor/confirm', body: { code: totpCode(secret) } };
  },
  'POST /api/v1/me/second-factor/recovery-codes': async ([a]) => {
    const { secret } = await enrolledOneStepBack(a);
    return { client: a, path: '/api/v1/me/second-factor/recovery-codes', body: { code: totpCode(secret) } };
  },
  'DELETE /api/v1/me/second-factor': async ([a]) => {
    await enrolSecondFactor(a);
    return { client: a, path: '/api/v1/me/second-factor', body: { password: a.password } };
  },
  // One challenge, one recovery code, many tries at once: one session.
  'POST /api/v1/sessions/second-factor': async ([a]) => {
    const { recoveryCodes } = await enrolSecondFactor(a);
    const { challenge } = (await a.post('/api/v1/sessions', { email: a.email, password: a.password }, { auth: false })).body;
    return { client: a, auth: false, path: '/api/v1/sessions/second-factor', body: { challenge, recovery_code: recoveryCodes[0] } };
  },
  'POST /api/v1/operator/therapists/{id}/verifications': async (couple) => {
    const { op, path } = await underReview(couple, { verified: false });
    return { client: op, path: `${path}/verifications`, body: licenceCheck() };
  },
  // One decision lands; the other taps are 409.
  'POST /api/v1/operator/therapists/{id}/approve': async (couple) => {
    const { op, path } = await underReview(couple);
    return { client: op, path: `${path}/approve` };
  },
  'POST /api/v1/operator/therapists/{id}/refuse': async (couple) => {
    const { op, path } = await underReview(couple);
    return (i) => ({ client: op, path: `${path}/refuse`, body: { reason: `Reason ${i}` } });
  },
  'POST /api/v1/operator/therapists/{id}/suspend': async (couple) => {
    const { op, path } = await underReview(couple, { status: 'approved' });
    return { client: op, path: `${path}/suspend`, body: { reason: 'Paused.' } };
  },
  'POST /api/v1/operator/therapists/{id}/reinstate': async (couple) => {
    const { op, path } = await underReview(couple, { status: 'suspended' });
    return { client: op, path: `${path}/reinstate` };
  },
  'POST /api/v1/operator/accounts/second-factor-reset': async ([a, b]) => {
    await enrolSecondFactor(b);
    const op = await makeOperator(server, a);
    return { client: op, path: '/api/v1/operator/accounts/second-factor-reset', body: { email: b.email, reason: 'Lost phone.' } };
  },
  'POST /api/v1/operator/jobs/{id}/retry': async (couple) => {
    const id = await deadJobAndOperator(couple);
    return { client: couple[0], path: `/api/v1/operator/jobs/${id}/retry` };
  },
  'POST /api/v1/accounts': async ([a]) => (i) => ({
    client: a, auth: false, path: '/api/v1/accounts',
    body: { email: `many-${unique++}-${i}@example.org`, password: 'lantern orchard velvet drift', display_name: 'Many' },
  }),
  // One link, many uses: one makes the account, the rest are 410.
  'POST /api/v1/email-verifications': async () => {
    const email = `link-${unique++}@example.org`;
    await new Client(base()).post('/api/v1/accounts', { email, password: 'lantern orchard velvet drift', display_name: 'L' });
    const token = linkToken(await waitForMail(server.mailDir, email, { match: /verify#token=/ }));
    return { client: new Client(base()), auth: false, path: '/api/v1/email-verifications', body: { token } };
  },
  // An account older than e-mail verification asks for links: a few are sent, then 429.
  'POST /api/v1/me/email-verification': async ([a]) => {
    sql(server.database, `UPDATE users SET email_verified_at = NULL WHERE id = '${a.user.id}'`);
    return { client: a, path: '/api/v1/me/email-verification' };
  },
  'POST /api/v1/password-resets': async ([a]) => ({ client: a, auth: false, path: '/api/v1/password-resets', body: { email: a.email } }),
  'POST /api/v1/password-resets/complete': async ([a]) => {
    await a.post('/api/v1/password-resets', { email: a.email }, { auth: false });
    const token = linkToken(await waitForMail(server.mailDir, a.email, { match: /reset-password#token=/ }));
    return { client: a, auth: false, path: '/api/v1/password-resets/complete', body: { token, password: 'harbour lantern quietly folds' } };
  },
  'POST /api/v1/sessions': async ([a]) => ({ client: a, auth: false, path: '/api/v1/sessions', body: { email: a.email, password: a.password } }),
  'DELETE /api/v1/sessions/current': async ([a]) => ({ client: a, path: '/api/v1/sessions/current' }),
  'PATCH /api/v1/me': async ([a]) => (i) => ({ client: a, path: '/api/v1/me', body: { display_name: `Name ${i}` } }),
  'DELETE /api/v1/me': async ([a]) => ({ client: a, path: '/api/v1/me', body: { password: a.password } }),
  'POST /api/v1/me/password': async ([a]) => ({
    client: a, path: '/api/v1/me/password', body: { current_password: a.password, new_password: 'harbour lantern quietly folds' },
  }),
  'POST /api/v1/couple/invites': async () => ({ client: await newPerson(base()), path: '/api/v1/couple/invites' }),
  'POST /api/v1/couple/join': async () => {
    const inviter = await newPerson(base());
    const code = (await inviter.post('/api/v1/couple/invites')).body.code;
    return { client: await newPerson(base()), path: '/api/v1/couple/join', body: { code } };
  },
  'PATCH /api/v1/couple': async ([a]) => (i) => ({ client: a, path: '/api/v1/couple', body: { time_zone: i % 2 ? 'Europe/Berlin' : 'Asia/Tokyo' } }),
  'DELETE /api/v1/couple/membership': async ([a]) => ({ client: a, path: '/api/v1/couple/membership' }),
  'POST /api/v1/triangle/assessments': async ([a]) => ({
    client: a, path: '/api/v1/triangle/assessments', body: { form: 'triangle-short', perspective: 'real', answers: await shortAnswers(a) },
  }),
  'PATCH /api/v1/triangle/assessments/{id}': async ([a]) => {
    const id = (await a.post('/api/v1/triangle/assessments', { form: 'triangle-short', perspective: 'real', answers: await shortAnswers(a) })).body.id;
    return (i) => ({ client: a, path: `/api/v1/triangle/assessments/${id}`, body: { share_with_partner: i % 2 === 0 } });
  },
  'DELETE /api/v1/triangle/assessments/{id}': async ([a]) => {
    const id = (await a.post('/api/v1/triangle/assessments', { form: 'triangle-short', perspective: 'real', answers: await shortAnswers(a) })).body.id;
    return { client: a, path: `/api/v1/triangle/assessments/${id}` };
  },
  'PUT /api/v1/triangle/draft': async ([a]) => (i) => ({
    client: a, path: '/api/v1/triangle/draft', body: { form: 'triangle-short', perspective: 'real', answers: { [['i01', 'i02', 'i03'][i % 3]]: 5 } },
  }),
  'DELETE /api/v1/triangle/draft': async ([a]) => ({ client: a, path: '/api/v1/triangle/draft' }),
  'GET /api/v1/daily': async ([a]) => ({ client: a, path: '/api/v1/daily' }),
  'PUT /api/v1/daily/{date}/answer': async ([a]) => {
    const date = await today(a);
    return (i) => ({ client: a, path: `/api/v1/daily/${date}/answer`, body: { text: `answer ${i}` } });
  },
  'PUT /api/v1/desires/{item}/mine': async ([a]) => {
    const item = (await a.get('/api/v1/desires')).body.categories[0].items[0].id;
    return (i) => ({ client: a, path: `/api/v1/desires/${item}/mine`, body: { answer: ['yes', 'maybe', 'no'][i % 3] } });
  },
  'DELETE /api/v1/desires/{item}/mine': async ([a]) => {
    const item = (await a.get('/api/v1/desires')).body.categories[0].items[0].id;
    await a.put(`/api/v1/desires/${item}/mine`, { answer: 'yes' });
    return { client: a, path: `/api/v1/desires/${item}/mine` };
  },
  'POST /api/v1/conversations': async ([a, b]) => (i) => ({ client: i % 2 ? a : b, path: '/api/v1/conversations', body: { guide: 'connected' } }),
  'POST /api/v1/conversations/{id}/step': async ([a, b]) => {
    const id = (await a.post('/api/v1/conversations', { guide: 'connected' })).body.id;
    return (i) => ({ client: i % 2 ? a : b, path: `/api/v1/conversations/${id}/step`, body: { from: 0, to: 1 } });
  },
  'POST /api/v1/conversations/{id}/notes': async ([a]) => {
    const id = (await a.post('/api/v1/conversations', { guide: 'connected' })).body.id;
    return (i) => ({ client: a, path: `/api/v1/conversations/${id}/notes`, body: { text: `note ${i}`, shared: i % 2 === 0 } });
  },
  'POST /api/v1/conversations/{id}/finish': async ([a, b]) => {
    const id = (await a.post('/api/v1/conversations', { guide: 'connected' })).body.id;
    return (i) => ({ client: i % 2 ? a : b, path: `/api/v1/conversations/${id}/finish` });
  },
  'POST /api/v1/chat/messages': async ([a, b]) => (i) => ({ client: i % 2 ? a : b, path: '/api/v1/chat/messages', body: { text: `hello ${i}` } }),
  'POST /api/v1/chat/read': async ([a, b]) => {
    const ids = [];
    for (let i = 0; i < 4; i++) ids.push((await a.post('/api/v1/chat/messages', { text: `m${i}` })).body.id);
    return (i) => ({ client: b, path: '/api/v1/chat/read', body: { up_to: ids[i % ids.length] } });
  },
  'POST /api/v1/selfcare/entries': async ([a]) => (i) => ({
    client: a, path: '/api/v1/selfcare/entries', body: { kind: 'rest', minutes: (i % 600) + 1, mood: 5, energy: 5 },
  }),
  'PATCH /api/v1/selfcare/entries/{id}': async ([a]) => {
    const id = (await a.post('/api/v1/selfcare/entries', { kind: 'rest', minutes: 10, mood: 5, energy: 5 })).body.id;
    return (i) => ({ client: a, path: `/api/v1/selfcare/entries/${id}`, body: i % 2 ? { kind: 'own', label: `Own ${i}` } : { minutes: i + 1 } });
  },
  'DELETE /api/v1/selfcare/entries/{id}': async ([a]) => {
    const id = (await a.post('/api/v1/selfcare/entries', { kind: 'rest', minutes: 10, mood: 5, energy: 5 })).body.id;
    return { client: a, path: `/api/v1/selfcare/entries/${id}` };
  },
  'POST /api/v1/journal/entries': async ([a]) => (i) => ({ client: a, path: '/api/v1/journal/entries', body: { body: `entry ${i}` } }),
  'PATCH /api/v1/journal/entries/{id}': async ([a]) => {
    const id = (await a.post('/api/v1/journal/entries', { body: 'first' })).body.id;
    return (i) => ({ client: a, path: `/api/v1/journal/entries/${id}`, body: { body: `version ${i}` } });
  },
  'DELETE /api/v1/journal/entries/{id}': async ([a]) => {
    const id = (await a.post('/api/v1/journal/entries', { body: 'to go' })).body.id;
    return { client: a, path: `/api/v1/journal/entries/${id}` };
  },
  'PUT /api/v1/journal/entries/{id}/share': async ([a]) => {
    const id = (await a.post('/api/v1/journal/entries', { body: 'to share' })).body.id;
    return { client: a, path: `/api/v1/journal/entries/${id}/share` };
  },
  'POST /api/v1/together/plans': async ([a, b]) => (i) => ({
    client: i % 2 ? a : b, path: '/api/v1/together/plans', body: { rrule: 'FREQ=DAILY', start_local: `${nowLocal(0)}` },
  }),
  'POST /api/v1/together/plans/{id}/accept': async ([a, b]) => {
    const id = (await a.post('/api/v1/together/plans', { rrule: 'FREQ=DAILY', start_local: nowLocal(0) })).body.id;
    return { client: b, path: `/api/v1/together/plans/${id}/accept` };
  },
  'POST /api/v1/together/plans/{id}/decline': async ([a, b]) => {
    const id = (await a.post('/api/v1/together/plans', { rrule: 'FREQ=DAILY', start_local: nowLocal(0) })).body.id;
    return { client: b, path: `/api/v1/together/plans/${id}/decline` };
  },
  'POST /api/v1/together/plans/{id}/withdraw': async ([a]) => {
    const id = (await a.post('/api/v1/together/plans', { rrule: 'FREQ=DAILY', start_local: nowLocal(0) })).body.id;
    return { client: a, path: `/api/v1/together/plans/${id}/withdraw` };
  },
  'DELETE /api/v1/together/plans/{id}': async (pair) => {
    const { plan } = await agreed(pair);
    return (i) => ({ client: pair[i % 2], path: `/api/v1/together/plans/${plan}` });
  },
  'PUT /api/v1/together/plans/{id}/occurrences/{occurrence}': async (pair) => {
    const { plan, next } = await agreed(pair);
    return (i) => ({ client: pair[i % 2], path: `/api/v1/together/plans/${plan}/occurrences/${next}`, body: i % 3 ? { skipped: true } : { moved_to: next.replace(/T.*/, 'T23:59') } });
  },
  'DELETE /api/v1/together/plans/{id}/occurrences/{occurrence}': async (pair) => {
    const { plan, next } = await agreed(pair);
    await pair[0].put(`/api/v1/together/plans/${plan}/occurrences/${next}`, { skipped: true });
    return (i) => ({ client: pair[i % 2], path: `/api/v1/together/plans/${plan}/occurrences/${next}` });
  },
  'POST /api/v1/together/plans/{id}/occurrences/{occurrence}/session': async (pair) => {
    const { plan, now } = await agreed(pair);
    return (i) => ({ client: pair[i % 2], path: `/api/v1/together/plans/${plan}/occurrences/${now}/session` });
  },
  'POST /api/v1/together/plans/{id}/occurrences/{occurrence}/session/finish': async (pair) => {
    const { plan, now } = await agreed(pair);
    await pair[0].post(`/api/v1/together/plans/${plan}/occurrences/${now}/session`);
    return (i) => ({ client: pair[i % 2], path: `/api/v1/together/plans/${plan}/occurrences/${now}/session/finish` });
  },
  'PUT /api/v1/together/plans/{id}/occurrences/{occurrence}/reflection': async (pair) => {
    const { plan, now } = await agreed(pair);
    return (i) => ({ client: pair[i % 2], path: `/api/v1/together/plans/${plan}/occurrences/${now}/reflection`, body: { happened: i % 2 === 0, closeness: (i % 10) + 1, note: `note ${i}` } });
  },
  'PUT /api/v1/together/goal': async (pair) => (i) => ({ client: pair[i % 2], path: '/api/v1/together/goal', body: { per_week: (i % 7) + 1 } }),
  'PUT /api/v1/me/reminders': async ([a]) => (i) => ({ client: a, path: '/api/v1/me/reminders', body: { lead_minutes: 5 + i } }),
  'DELETE /api/v1/me/reminders': async ([a]) => {
    await a.put('/api/v1/me/reminders', { lead_minutes: 30 });
    return { client: a, path: '/api/v1/me/reminders' };
  },
  'POST /api/v1/reminders/unsubscribe': async ([a]) => {
    await a.put('/api/v1/me/reminders', { lead_minutes: 30 });
    return { client: a, path: '/api/v1/reminders/unsubscribe', body: { token: 'A'.repeat(43) }, auth: false };
  },
  'POST /api/v1/me/calendar-feed': async ([a]) => ({ client: a, path: '/api/v1/me/calendar-feed' }),
  'PATCH /api/v1/me/calendar-feed': async ([a]) => {
    await a.post('/api/v1/me/calendar-feed');
    return (i) => ({ client: a, path: '/api/v1/me/calendar-feed', body: { title: `Title ${i}` } });
  },
  'DELETE /api/v1/me/calendar-feed': async ([a]) => {
    await a.post('/api/v1/me/calendar-feed');
    return { client: a, path: '/api/v1/me/calendar-feed' };
  },
  'DELETE /api/v1/journal/entries/{id}/share': async ([a]) => {
    const id = (await a.post('/api/v1/journal/entries', { body: 'shared' })).body.id;
    await a.put(`/api/v1/journal/entries/${id}/share`);
    return { client: a, path: `/api/v1/journal/entries/${id}/share` };
  },
};

async function routes() {
  const r = await fetch(`${base()}/api/v1/test/routes`);
  return (await r.json()).routes;
}

test('every writing route has a concurrency sample', async () => {
  const writing = (await routes()).filter((r) => r.work === 'write').map((r) => `${r.method} ${r.pattern}`);
  assert.ok(writing.length >= 20, `found ${writing.length} writing routes`);
  assert.deepEqual(writing.filter((k) => !samples[k]).sort(), [], 'add a sample for each new writing route');
  assert.deepEqual(Object.keys(samples).filter((k) => !writing.includes(k)).sort(), [], 'samples for routes that no longer write');
});

for (const key of Object.keys(samples)) {
  test(`${N} concurrent ${key} on one thread and one connection all complete`, async () => {
    const [method] = key.split(' ');
    const made = await samples[key](await newCouple(base()));
    const build = typeof made === 'function' ? made : () => made;
    let results;
    try {
      results = await Promise.all(Array.from({ length: N }, (_, i) => {
        const r = build(i);
        return r.raw
          ? r.client.request(method, r.path, { body: r.raw, headers: { 'content-type': r.type }, auth: r.auth ?? true })
          : r.client.request(method, r.path, { json: r.body, auth: r.auth ?? true });
      }));
    } finally {
      await made.restore?.();  // a sample that moved the clock puts it back
    }
    const statuses = {};
    for (const r of results) {
      statuses[r.status] = (statuses[r.status] ?? 0) + 1;
      const clean = (r.status >= 200 && r.status < 300) || (r.status >= 400 && r.status < 500) || r.status === 503;
      assert.ok(clean, `${key}: ${r.status} ${r.text.slice(0, 200)}`);
      if (r.status >= 400) assert.match(r.headers.get('content-type'), /problem\+json/, key);
      if (r.status === 503) assert.ok(r.headers.get('retry-after'), `${key}: 503 without Retry-After`);
    }
    assert.ok(Object.keys(statuses).some((s) => s < 300), `${key}: at least one succeeded: ${JSON.stringify(statuses)}`);
    const health = await fetch(`${base()}/api/v1/health`);
    assert.equal(health.status, 200, `${key}: health after the burst`);
  });
}

test('the request that once froze the server: 64 concurrent re-shares of one result', async () => {
  // Before one unit of work per request, this handler took a second pooled connection
  // while holding one, and a full pool deadlocked every thread.
  const release = await startServer({ env: { REKINDLE_THREADS: '2', REKINDLE_DB_POOL: '2' } });
  try {
    const a = await newPerson(release.base);
    const ins = (await a.get('/api/v1/instruments/triangle-short')).body;
    const answers = Object.fromEntries(ins.items.map((i) => [i.id, 4]));
    const id = (await a.post('/api/v1/triangle/assessments', { form: 'triangle-short', perspective: 'real', answers })).body.id;
    for (let round = 0; round < 4; round++) {
      const results = await Promise.all(Array.from({ length: 64 }, (_, i) =>
        a.patch(`/api/v1/triangle/assessments/${id}`, { share_with_partner: i % 2 === 0 })));
      // All complete: 200, or 503 + Retry-After if a slow disk kept the queue waiting too long.
      for (const r of results) assert.ok(r.status === 200 || (r.status === 503 && r.headers.get('retry-after')), r.text);
      assert.ok(results.some((r) => r.status === 200));
    }
    const last = await a.patch(`/api/v1/triangle/assessments/${id}`, { share_with_partner: true });
    assert.equal(last.body.share_with_partner, true);
    assert.equal((await fetch(`${release.base}/api/v1/health`)).status, 200);
  } finally {
    await release.stop();
  }
});

test('race: both partners start a conversation at once; exactly one starts', async () => {
  for (let trial = 0; trial < 15; trial++) {
    const [a, b] = await newCouple(raceBase());
    const [ra, rb] = await Promise.all([
      a.post('/api/v1/conversations', { guide: 'connected' }),
      b.post('/api/v1/conversations', { guide: 'try-something-new' }),
    ]);
    assert.deepEqual([ra.status, rb.status].sort(), [201, 409], `${ra.text} ${rb.text}`);
    const active = (await a.get('/api/v1/conversations')).body.conversations.filter((c) => c.status === 'active');
    assert.equal(active.length, 1);
  }
});

test('race: two people join one invite at once; exactly one joins', async () => {
  for (let trial = 0; trial < 10; trial++) {
    const inviter = await newPerson(raceBase());
    const code = (await inviter.post('/api/v1/couple/invites')).body.code;
    const [x, y] = [await newPerson(raceBase()), await newPerson(raceBase())];
    const [rx, ry] = await Promise.all([x.post('/api/v1/couple/join', { code }), y.post('/api/v1/couple/join', { code })]);
    const statuses = [rx.status, ry.status].sort();
    assert.equal(statuses[0], 201, `${rx.text} ${ry.text}`);
    assert.ok([409, 410].includes(statuses[1]), `${rx.text} ${ry.text}`);
    const winner = rx.status === 201 ? x : y;
    const loser = rx.status === 201 ? y : x;
    assert.equal((await winner.get('/api/v1/couple')).status, 200);
    assert.equal((await loser.get('/api/v1/couple')).status, 204);
    assert.equal((await inviter.get('/api/v1/couple')).body.partners.length, 2);
  }
});

test("race: two people who invited each other join each other's invite at once; one couple forms", async () => {
  for (let trial = 0; trial < 10; trial++) {
    const [x, y] = [await newPerson(raceBase()), await newPerson(raceBase())];
    const cx = (await x.post('/api/v1/couple/invites')).body.code;
    const cy = (await y.post('/api/v1/couple/invites')).body.code;
    const [rx, ry] = await Promise.all([x.post('/api/v1/couple/join', { code: cy }), y.post('/api/v1/couple/join', { code: cx })]);
    const statuses = [rx.status, ry.status].sort();
    assert.equal(statuses[0], 201, `${rx.text} ${ry.text}`);
    assert.ok(statuses[1] >= 400 && statuses[1] < 500, `${rx.text} ${ry.text}`);
    const gx = (await x.get('/api/v1/couple')).body;
    const gy = (await y.get('/api/v1/couple')).body;
    assert.equal(gx.id, gy.id, 'the same couple');
  }
});

test('race: the daily question answered twice at once, and edited while the partner answers', async () => {
  for (let trial = 0; trial < 10; trial++) {
    const [a, b] = await newCouple(raceBase());
    const date = await today(a);
    const path = `/api/v1/daily/${date}/answer`;
    // A double tap: both land, the last one wins, nothing is revealed.
    const taps = await Promise.all([a.put(path, { text: 'tap one' }), a.put(path, { text: 'tap two' })]);
    for (const t of taps) assert.equal(t.status, 200, t.text);
    const mine = (await a.get('/api/v1/daily')).body;
    assert.ok(['tap one', 'tap two'].includes(mine.mine));
    assert.equal(mine.revealed, false);
    // A edits while B answers: either the edit came first (and B sees it), or the answers
    // were revealed and locked first (and the edit is refused). Never both.
    const [edit, answer] = await Promise.all([a.put(path, { text: 'edited' }), b.put(path, { text: 'from B' })]);
    assert.equal(answer.status, 200, answer.text);
    assert.ok([200, 409].includes(edit.status), edit.text);
    const final = (await a.get('/api/v1/daily')).body;
    assert.equal(final.revealed, true);
    assert.equal(answer.body.partner, final.mine, 'B was shown what A has now');
    assert.equal(final.mine === 'edited', edit.status === 200);
    assert.equal((await b.get('/api/v1/daily')).body.partner, final.mine);
  }
});

test('race: re-sharing an assessment from two devices at once leaves one consistent answer', async () => {
  const [a, b] = await newCouple(raceBase());
  const answers = await shortAnswers(a);
  const id = (await a.post('/api/v1/triangle/assessments', { form: 'triangle-short', perspective: 'real', answers })).body.id;
  await b.post('/api/v1/triangle/assessments', { form: 'triangle-short', perspective: 'real', answers, share_with_partner: true });
  for (let trial = 0; trial < 10; trial++) {
    const results = await Promise.all([true, false, true, false].map((share) =>
      a.patch(`/api/v1/triangle/assessments/${id}`, { share_with_partner: share })));
    for (const r of results) assert.equal(r.status, 200, r.text);
    const now = (await a.get(`/api/v1/triangle/assessments/${id}`)).body.share_with_partner;
    const seen = (await b.get('/api/v1/triangle/couple')).body.partner_status;
    assert.equal(seen === 'shown', now, `the partner's view follows the stored choice (${seen}, ${now})`);
  }
});

test('together time: a double-tapped accept lands once; two proposals at once leave one waiting', async () => {
  const [a, b] = await newCouple(base());
  const id = (await a.post('/api/v1/together/plans', { rrule: 'FREQ=DAILY', start_local: nowLocal(60) })).body.id;
  const taps = await Promise.all(Array.from({ length: 8 }, () => b.post(`/api/v1/together/plans/${id}/accept`)));
  assert.deepEqual(taps.map((r) => r.status).sort(), [200, 409, 409, 409, 409, 409, 409, 409]);
  const both = await Promise.all(Array.from({ length: 16 }, (_, i) =>
    (i % 2 ? a : b).post('/api/v1/together/plans', { rrule: 'FREQ=DAILY', start_local: nowLocal(90 + i) })));
  assert.ok(both.every((r) => r.status === 201 || r.status === 409), both.map((r) => r.status).join());
  const o = (await a.get('/api/v1/together')).body;
  assert.ok(o.proposal, 'one proposal waits');
  assert.equal(o.plans.length, 1, 'the accepted plan is still the only active one');
  // Both partners start the same evening's timer at once: one timer.
  const { plan, now } = await agreed([a, b]);
  const starts = await Promise.all(Array.from({ length: 6 }, (_, i) => (i % 2 ? a : b).post(`/api/v1/together/plans/${plan}/occurrences/${now}/session`)));
  assert.deepEqual(starts.map((r) => r.status).sort(), [200, 200, 200, 200, 200, 201]);
  assert.equal(new Set(starts.map((r) => r.body.started_at)).size, 1);
});

test('care: both partners ask at once; a therapist with room for one accepts two couples at once: one each', async () => {
  const t = await approvedTherapist(racer, { capacity: 1 });
  const couples = [await newCouple(raceBase()), await newCouple(raceBase())];
  for (const [a, b] of couples) {
    await getReady(a);
    await getReady(b);
    await waitForMatch(a, t.user.id);
    const asked = await Promise.all([a, b, a, b].map((c) => c.post('/api/v1/care/requests', { therapist_id: t.user.id })));
    assert.deepEqual(asked.map((r) => r.status).sort(), [201, 409, 409, 409], asked.map((r) => r.text).join('\n'));
  }
  const ids = (await t.get('/api/v1/therapist/couples?status=requested')).body.couples.map((c) => c.id);
  assert.equal(ids.length, 2);
  const accepted = await Promise.all([...ids, ...ids].map((id) => t.post(`/api/v1/therapist/couples/${id}/accept`)));
  assert.equal(accepted.filter((r) => r.status === 200).length, 1, accepted.map((r) => `${r.status} ${r.text.slice(0, 80)}`).join('\n'));
  assert.equal((await t.get('/api/v1/therapist/couples?status=accepted')).body.couples.length, 1);
});
