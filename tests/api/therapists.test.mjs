// A therapist's own profile, hours and photo: written as a draft, submitted to the
// operators, and behind the second factor; the photo as others see it.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, Client, assertProblem, newPerson, sql } from '../support/server.mjs';
import { png } from '../support/png.mjs';
import { enrolSecondFactor, makeOperator } from '../support/totp.mjs';

let server;
before(async () => { server = await startServer(); });
after(async () => { await server?.stop(); });

export const completeProfile = {
  full_name: 'Ana Ruiz', credential: 'psychologist', licence_number: 'M-12345', licensing_body: 'Colegio Oficial de la Psicología de Madrid',
  jurisdictions: ['ES', 'PT'], languages: ['es', 'en'], modalities: ['video', 'chat'], specialties: ['couples', 'affair_recovery'],
  approaches: ['gottman'], gender: 'woman', bio: 'I help couples talk again.', fee: 6000, session_minutes: 50, capacity: 6,
  time_zone: 'Europe/Madrid', cancel_hours: 24, reschedule_hours: 12,
};

async function newTherapist() {
  const t = new Client(server.base);
  await t.signUp({ role: 'therapist' });
  await enrolSecondFactor(t);
  return t;
}

// The smallest PNG structure the server accepts, with a text chunk that must not survive.
const pngWithText = () => png(64, 48, [['tEXt', Buffer.from('Location\0Calle Mayor 1')], ['IDAT', Buffer.from('pixels')]]);

test('a therapist needs a second factor before their pages; a person is not a therapist', async () => {
  const t = new Client(server.base);
  await t.signUp({ role: 'therapist' });
  const blocked = await t.get('/api/v1/therapist/profile');
  assertProblem(blocked, 403);
  assert.equal(blocked.body.errors[0].field, 'second_factor');
  await enrolSecondFactor(t);
  assert.equal((await t.get('/api/v1/therapist/profile')).status, 200);
  const person = await newPerson(server.base);
  await enrolSecondFactor(person);
  assertProblem(await person.get('/api/v1/therapist/profile'), 403);
  assertProblem(await person.put('/api/v1/therapist/profile', completeProfile), 403);
});

test('a draft is saved as written, checked field by field, and submitted only when complete', async () => {
  const t = await newTherapist();
  const empty = await t.get('/api/v1/therapist/profile');
  assert.equal(empty.body.status, 'draft');
  assert.deepEqual(empty.body.jurisdictions, []);
  assert.equal(empty.body.currency, 'EUR', 'fees are in the deployment\'s currency (care.currency)');
  assertProblem(await t.post('/api/v1/therapist/profile/submit'), 409);

  const bad = await t.put('/api/v1/therapist/profile', {
    jurisdictions: ['Spain'], languages: ['Spanish'], specialties: ['astrology'], credential: 'wizard', fee: -1, gender: 'x',
    time_zone: 'Mars/Olympus',
  });
  assertProblem(bad, 400);
  assert.deepEqual(bad.body.errors.map((e) => e.field).sort(),
    ['credential', 'fee', 'gender', 'jurisdictions', 'languages', 'specialties', 'time_zone']);
  assertProblem(await t.put('/api/v1/therapist/profile', { nickname: 'x' }), 400);

  const draft = await t.put('/api/v1/therapist/profile', { full_name: 'Ana Ruiz', jurisdictions: ['ES'] });
  assert.equal(draft.status, 200, draft.text);
  assert.equal(draft.body.status, 'draft');
  const incomplete = await t.post('/api/v1/therapist/profile/submit');
  assertProblem(incomplete, 400);
  assert.ok(incomplete.body.errors.some((e) => e.field === 'licence_number'));

  const full = await t.put('/api/v1/therapist/profile', completeProfile);
  assert.equal(full.status, 200, full.text);
  assert.deepEqual(full.body.jurisdictions, ['ES', 'PT']);
  assert.deepEqual(full.body.specialties, ['affair_recovery', 'couples']);
  const submitted = await t.post('/api/v1/therapist/profile/submit');
  assert.equal(submitted.status, 200, submitted.text);
  assert.equal(submitted.body.status, 'submitted');
  assertProblem(await t.post('/api/v1/therapist/profile/submit'), 409);
});

test('weekly hours and days off: checked, sorted, and kept with the profile', async () => {
  const t = await newTherapist();
  assertProblem(await t.put('/api/v1/therapist/availability', { hours: [] }), 409);  // no profile yet
  await t.put('/api/v1/therapist/profile', completeProfile);
  const overlap = await t.put('/api/v1/therapist/availability', { hours: [{ weekday: 1, start_minute: 540, end_minute: 720 }, { weekday: 1, start_minute: 600, end_minute: 660 }] });
  assertProblem(overlap, 400);
  assert.equal(overlap.body.errors[0].code, 'overlap');
  assertProblem(await t.put('/api/v1/therapist/availability', { hours: [{ weekday: 9, start_minute: 0, end_minute: 60 }] }), 400);
  assertProblem(await t.put('/api/v1/therapist/availability', { hours: 'mornings' }), 400);
  assertProblem(await t.put('/api/v1/therapist/availability', { days_off: ['2026-02-30'] }), 400);
  const ok = await t.put('/api/v1/therapist/availability', {
    hours: [{ weekday: 3, start_minute: 960, end_minute: 1200 }, { weekday: 1, start_minute: 540, end_minute: 720 }],
    days_off: ['2026-12-25', '2026-12-24'],
  });
  assert.equal(ok.status, 200, ok.text);
  assert.deepEqual(ok.body.hours, [{ weekday: 1, start_minute: 540, end_minute: 720 }, { weekday: 3, start_minute: 960, end_minute: 1200 }]);
  assert.deepEqual(ok.body.days_off, ['2026-12-24', '2026-12-25']);
});

test('a photo is checked by what it is, loses its metadata, and is served strictly', async () => {
  const t = await newTherapist();
  await t.put('/api/v1/therapist/profile', completeProfile);
  const put = (body, type) => t.request('PUT', '/api/v1/therapist/photo', { body, headers: { 'content-type': type } });
  assertProblem(await put(Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'), 'image/svg+xml'), 415);
  assertProblem(await put(Buffer.from('<html>not a png</html>'), 'image/png'), 400);
  const up = await put(pngWithText(), 'image/png');
  assert.equal(up.status, 200, up.text);
  assert.deepEqual(up.body, { has_photo: true, width: 64, height: 48 });
  const id = t.user.id;
  const mine = await fetch(`${server.base}/api/v1/therapists/${id}/photo`, { headers: { authorization: `Bearer ${t.token}` } });
  assert.equal(mine.status, 200);
  assert.equal(mine.headers.get('content-type'), 'image/png');
  assert.equal(mine.headers.get('x-content-type-options'), 'nosniff');
  assert.match(mine.headers.get('content-security-policy'), /sandbox/);
  const bytes = Buffer.from(await mine.arrayBuffer());
  assert.ok(!bytes.includes('Calle Mayor'), 'the text chunk is gone');

  // Not matchable yet: a person sees nothing, an operator does.
  const person = await newPerson(server.base);
  assertProblem(await person.get(`/api/v1/therapists/${id}/photo`), 404);
  const op = await makeOperator(server, await newPerson(server.base));
  assert.equal((await op.get(`/api/v1/therapists/${id}/photo`)).status, 200);
  // Approved and verified: anyone signed in may see it.
  sql(server.database, `UPDATE therapists SET status = 'approved', verified_until = '2099-12-31' WHERE user_id = '${id}'`);
  assert.equal((await person.get(`/api/v1/therapists/${id}/photo`)).status, 200);
  assertProblem(await new Client(server.base).get(`/api/v1/therapists/${id}/photo`), 401);

  assert.equal((await t.delete('/api/v1/therapist/photo')).status, 204);
  assertProblem(await person.get(`/api/v1/therapists/${id}/photo`), 404);
});

test('an approved profile goes back to the operators when its licence changes, not when its bio does', async () => {
  const t = await newTherapist();
  await t.put('/api/v1/therapist/profile', completeProfile);
  await t.post('/api/v1/therapist/profile/submit');
  sql(server.database, `UPDATE therapists SET status = 'approved', verified_until = '2099-12-31' WHERE user_id = '${t.user.id}'`);
  const bio = await t.put('/api/v1/therapist/profile', { ...completeProfile, bio: 'Now also on weekends.', fee: 7000 });
  assert.equal(bio.body.status, 'approved');
  const moved = await t.put('/api/v1/therapist/profile', { ...completeProfile, jurisdictions: ['ES', 'PT', 'FR'] });
  assert.equal(moved.body.status, 'submitted');
});
