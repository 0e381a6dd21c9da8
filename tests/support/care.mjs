// Care for tests: an approved therapist, a partner's private screen and questionnaire,
// and waiting until a server's directory lists a therapist.
import { Client, newCouple, newPerson } from './server.mjs';
import { enrolSecondFactor, makeOperator } from './totp.mjs';

export const therapistProfile = {
  full_name: 'Dana Reyes', credential: 'marriage_family_therapist', licence_number: 'LMFT-40112',
  licensing_body: 'Board of Behavioral Sciences', jurisdictions: ['US-CA', 'US-NY'], languages: ['en', 'es'],
  modalities: ['video'], specialties: ['couples', 'communication'], approaches: ['gottman'], gender: 'woman',
  bio: 'I help couples find their way back to each other.', fee: 12000, session_minutes: 50, capacity: 3,
  time_zone: 'America/Los_Angeles', cancel_hours: 24, reschedule_hours: 24,
};

// One operator per server, made once.
const operators = new Map();
function operatorOf(server) {
  if (!operators.has(server.base)) operators.set(server.base, newPerson(server.base, { display_name: 'Operator' }).then((p) => makeOperator(server, p)));
  return operators.get(server.base);
}

// A therapist whose profile an operator approved through the console's API, after
// recording a licence check that runs a year; with weekday hours 09:00-17:00 in their
// zone. Returns the signed-in Client.
export async function approvedTherapist(server, overrides = {}) {
  const t = new Client(server.base);
  await t.signUp({ role: 'therapist', display_name: overrides.full_name ?? therapistProfile.full_name });
  await enrolSecondFactor(t);
  const put = await t.put('/api/v1/therapist/profile', { ...therapistProfile, ...overrides });
  if (put.status !== 200) throw new Error(`profile: ${put.text}`);
  const hours = [1, 2, 3, 4, 5].map((weekday) => ({ weekday, start_minute: 9 * 60, end_minute: 17 * 60 }));
  const avail = await t.put('/api/v1/therapist/availability', { hours });
  if (avail.status !== 200) throw new Error(`availability: ${avail.text}`);
  const submitted = await t.post('/api/v1/therapist/profile/submit');
  if (submitted.status !== 200) throw new Error(`submit: ${submitted.text}`);
  const op = await operatorOf(server);
  const day = (d) => new Date(Date.now() + d * 86400000).toISOString().slice(0, 10);
  const path = `/api/v1/operator/therapists/${t.user.id}`;
  const check = await op.post(`${path}/verifications`, {
    licensing_body: overrides.licensing_body ?? therapistProfile.licensing_body, verified_on: day(-1), reference: 'REG-1', expires_on: day(365),
  });
  if (check.status !== 201) throw new Error(`verification: ${check.text}`);
  const approved = await op.post(`${path}/approve`);
  if (approved.status !== 200) throw new Error(`approve: ${approved.text}`);
  return t;
}

// Takes `client`'s private screen: every answer clear, or (concerning) one "rather not say".
export async function takeScreen(client, { concerning = false } = {}) {
  const screen = (await client.get('/api/v1/care/screen')).body;
  const answers = {};
  for (const q of screen.questions) answers[q.id] = q.choices[0].id;
  if (concerning) answers[screen.questions[0].id] = 'rather_not_say';
  const r = await client.post('/api/v1/care/screen', { answers });
  if (r.status !== 201) throw new Error(`screen: ${r.status} ${r.text}`);
  return r.body;
}

export const answers = {
  where: 'US-CA', languages: ['en'], modalities: ['video'], specialties: ['couples'], approaches: [], gender: '',
  max_fee: 15000, times: ['weekday_afternoon'], time_zone: 'America/Los_Angeles',
};

// The screen (clear unless told; kept if taken already) and the questionnaire, as one
// partner does them.
export async function getReady(client, questionnaire = {}, screen = {}) {
  if (!(await client.get('/api/v1/care/screen')).body.taken) await takeScreen(client, screen);
  const r = await client.put('/api/v1/care/questionnaire', { ...answers, ...questionnaire });
  if (r.status !== 200) throw new Error(`questionnaire: ${r.status} ${r.text}`);
}

// Waits until `client`'s matches list `therapistId` (the directory looks every 100 ms in
// tests); returns the matches.
export async function waitForMatch(client, therapistId, ms = 10000) {
  const end = Date.now() + ms;
  for (;;) {
    const r = await client.get('/api/v1/care/matches');
    if (r.status === 200 && r.body.matches.some((m) => m.therapist.id === therapistId)) return r.body.matches;
    if (Date.now() > end) throw new Error(`no match for ${therapistId}: ${r.status} ${r.text}`);
    await new Promise((res) => setTimeout(res, 50));
  }
}

// A couple both of whom took the screen and answered, and a therapist their matches
// list; with `ask`, one partner has asked the therapist, and with `accept`, the therapist
// has taken them on (`id`: the care relationship). Each couple lives in a region of its
// own, so that only its therapist matches (matches list five, and a server gathers many
// alike).
let careRegion = 0;
export async function careCouple(server, [a, b], { ask = false, accept = false } = {}) {
  const where = `US-X${++careRegion}`;
  const t = await approvedTherapist(server, { jurisdictions: [where] });
  await getReady(a, { where });
  await getReady(b, { where });
  await waitForMatch(a, t.user.id);
  if (!ask) return { t };
  const id = (await a.post('/api/v1/care/requests', { therapist_id: t.user.id })).body.id;
  if (accept) await t.post(`/api/v1/therapist/couples/${id}/accept`);
  return { t, id };
}

// A couple (Ana and Bo) whose therapist (Dana Reyes, in UTC, hours around the clock) has
// taken them on and opened sessions together, with one session booked in the first free
// slot: together (joint) or Ana's alone. Returns { t, a, b, session, id } (session: the
// booking as the API answered it; id: the care relationship).
const always = [1, 2, 3, 4, 5, 6, 7].map((weekday) => ({ weekday, start_minute: 0, end_minute: 1440 }));
let sessionRegion = 0;
export async function bookedSession(server, { kind = 'joint' } = {}) {
  const where = `US-S${++sessionRegion}`;
  const t = await approvedTherapist(server, { jurisdictions: [where], time_zone: 'UTC', full_name: 'Dana Reyes' });
  const hours = await t.put('/api/v1/therapist/availability', { hours: always });
  if (hours.status !== 200) throw new Error(`hours: ${hours.text}`);
  const [a, b] = await newCouple(server.base, { display_name: 'Ana' }, { display_name: 'Bo' });
  await getReady(a, { where });
  await getReady(b, { where });
  await waitForMatch(a, t.user.id);
  const id = (await a.post('/api/v1/care/requests', { therapist_id: t.user.id })).body.id;
  for (const step of ['accept', 'joint']) {
    const r = await t.post(`/api/v1/therapist/couples/${id}/${step}`, step === 'joint' ? { spoke_alone: true } : undefined);
    if (r.status !== 200) throw new Error(`${step}: ${r.text}`);
  }
  const slot = (await a.get('/api/v1/care/slots?days=3')).body.slots[0];
  const session = await a.post('/api/v1/care/bookings', { starts_at: slot.starts_at, kind });
  if (session.status !== 201) throw new Error(`booking: ${session.text}`);
  return { t, a, b, session: session.body, id };
}
