// Booking with the couple's therapist: slots in each person's own time zone, a session
// together only once the therapist opened them (the same words for both partners before),
// a session alone that the partner never sees, no double booking under a race, windows
// for cancelling and moving, reminders by e-mail, and sessions in the calendar feed.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, assertProblem, newCouple, mailDirOf } from '../support/server.mjs';
import { mailIn, waitForMail } from '../support/mail.mjs';
import { approvedTherapist, getReady, waitForMatch } from '../support/care.mjs';

let server;
before(async () => { server = await startServer({ env: { REKINDLE_JOBS_POLL_MS: '50' } }); });
after(async () => { await server?.stop(); });

// Every day, all day, in UTC: a slot starts every hour.
const always = [1, 2, 3, 4, 5, 6, 7].map((weekday) => ({ weekday, start_minute: 0, end_minute: 1440 }));

let region = 0;
// A couple in Los Angeles and New York whose therapist (hours always, in UTC) has taken
// them on; with `joint`, sessions together are open.
async function takenOn({ joint = false, cancelHours = 24 } = {}) {
  const where = `US-B${++region}`;
  const t = await approvedTherapist(server, { jurisdictions: [where], time_zone: 'UTC', cancel_hours: cancelHours, reschedule_hours: cancelHours });
  const r = await t.put('/api/v1/therapist/availability', { hours: always });
  assert.equal(r.status, 200, r.text);
  const [a, b] = await newCouple(server.base, { display_name: 'Ana', time_zone: 'America/Los_Angeles' },
    { display_name: 'Bo', time_zone: 'America/New_York' });
  await getReady(a, { where, time_zone: 'America/Los_Angeles' });
  await getReady(b, { where, time_zone: 'America/New_York' });
  await waitForMatch(a, t.user.id);
  const id = (await a.post('/api/v1/care/requests', { therapist_id: t.user.id })).body.id;
  assert.equal((await t.post(`/api/v1/therapist/couples/${id}/accept`)).status, 200);
  if (joint) assert.equal((await t.post(`/api/v1/therapist/couples/${id}/joint`, {})).status, 200);
  return { t, a, b, id };
}

const hour = 3600000;
const slotAfter = (slots, ms) => slots.find((s) => s.starts_at >= Date.now() + ms);

test('slots: the same instants for both partners, each in their own time zone; none before the notice', async () => {
  const [a0] = await newCouple(server.base);
  assertProblem(await a0.get('/api/v1/care/slots'), 409);  // no therapist yet
  const { a, b } = await takenOn();
  const sa = (await a.get('/api/v1/care/slots?days=3')).body;
  const sb = (await b.get('/api/v1/care/slots?days=3')).body;
  assert.equal(sa.time_zone, 'America/Los_Angeles');
  assert.equal(sb.time_zone, 'America/New_York');
  assert.deepEqual(sa.slots.map((s) => s.starts_at), sb.slots.map((s) => s.starts_at));
  assert.ok(sa.slots.length > 40, `${sa.slots.length} slots`);
  assert.ok(sa.slots[0].starts_at >= Date.now() + 12 * hour - 60000, 'twelve hours notice');
  const first = new Date(sa.slots[0].starts_at);
  const la = new Intl.DateTimeFormat('sv-SE', { timeZone: 'America/Los_Angeles', dateStyle: 'short', timeStyle: 'short' }).format(first);
  assert.equal(sa.slots[0].local_start, la.replace(' ', 'T'));
  assert.equal(sa.slots[0].therapist_local_start, first.toISOString().slice(0, 16));
  assertProblem(await a.get('/api/v1/care/slots?days=0'), 400);
  assertProblem(await a.get('/api/v1/care/slots?days=x'), 400);
});

test('together only once the therapist opened it; alone is the person’s own, unseen by the partner', async () => {
  const { t, a, b, id } = await takenOn({ cancelHours: 1 });
  const slots = (await a.get('/api/v1/care/slots')).body.slots;
  const [s1, s2, s3] = [slotAfter(slots, 20 * hour), slotAfter(slots, 40 * hour), slotAfter(slots, 60 * hour)];
  // Before the therapist opens sessions together: the same refusal for both partners.
  const ra = await a.post('/api/v1/care/bookings', { starts_at: s1.starts_at, kind: 'joint' });
  const rb = await b.post('/api/v1/care/bookings', { starts_at: s1.starts_at, kind: 'joint' });
  assertProblem(ra, 409);
  assert.equal(ra.body.detail, rb.body.detail);
  assert.equal(ra.text.replace(/"instance":"[^"]*"/, ''), rb.text.replace(/"instance":"[^"]*"/, ''));

  // Alone: A's own; B never sees it, cannot cancel it, and the slot is simply gone.
  const alone = await a.post('/api/v1/care/bookings', { starts_at: s1.starts_at, kind: 'individual' });
  assert.equal(alone.status, 201, alone.text);
  assert.equal(alone.body.kind, 'individual');
  assert.equal((await a.get('/api/v1/care/bookings')).body.sessions.length, 1);
  const bSees = await b.get('/api/v1/care/bookings');
  assert.deepEqual(bSees.body.sessions, []);
  assertProblem(await b.delete(`/api/v1/care/bookings/${alone.body.id}`), 404);
  assertProblem(await b.patch(`/api/v1/care/bookings/${alone.body.id}`, { starts_at: s2.starts_at }), 404);
  assert.ok(!(await b.get('/api/v1/care/slots')).body.slots.some((s) => s.starts_at === s1.starts_at));

  // The therapist opens sessions together; B books one for both, seen by each in their zone.
  assert.equal((await t.post(`/api/v1/therapist/couples/${id}/joint`, {})).status, 200);
  assertProblem(await b.post('/api/v1/care/bookings', { starts_at: s1.starts_at, kind: 'joint' }), 409);  // taken
  assertProblem(await b.post('/api/v1/care/bookings', { starts_at: s2.starts_at + 15 * 60000, kind: 'joint' }), 409);  // off the grid
  assertProblem(await b.post('/api/v1/care/bookings', { starts_at: s2.starts_at, kind: 'group' }), 400);
  const joint = await b.post('/api/v1/care/bookings', { starts_at: s2.starts_at, kind: 'joint' });
  assert.equal(joint.status, 201, joint.text);
  const mine = (await a.get('/api/v1/care/bookings')).body.sessions.find((s) => s.id === joint.body.id);
  const theirs = (await b.get('/api/v1/care/bookings')).body.sessions.find((s) => s.id === joint.body.id);
  assert.equal(mine.starts_at, theirs.starts_at);
  assert.notEqual(mine.local_start, theirs.local_start);
  assert.equal(mine.booked_by_me, false);
  assert.equal(theirs.booked_by_me, true);

  // The therapist's schedule: both, with who comes.
  const schedule = (await t.get('/api/v1/therapist/schedule')).body.sessions;
  assert.deepEqual(schedule.map((s) => [s.kind, s.with]), [['individual', ['Ana']], ['joint', ['Ana', 'Bo']]]);

  // Moving within the window: to a free slot only.
  assertProblem(await a.patch(`/api/v1/care/bookings/${joint.body.id}`, { starts_at: s1.starts_at }), 409);
  const moved = await a.patch(`/api/v1/care/bookings/${joint.body.id}`, { starts_at: s3.starts_at });
  assert.equal(moved.status, 200, moved.text);
  assert.ok((await a.get('/api/v1/care/slots')).body.slots.some((s) => s.starts_at === s2.starts_at), 'the old slot is free');

  // Cancelling: either partner, a session together.
  assert.equal((await a.delete(`/api/v1/care/bookings/${joint.body.id}`)).status, 204);
  assertProblem(await b.delete(`/api/v1/care/bookings/${joint.body.id}`), 404);
  // The therapist cancels the session alone, at any time.
  assert.equal((await t.post(`/api/v1/therapist/bookings/${alone.body.id}/cancel`)).status, 204);
  assert.deepEqual((await a.get('/api/v1/care/bookings')).body.sessions, []);
});

test('cancelling and moving close the therapist’s window before the session', async () => {
  const { a } = await takenOn({ cancelHours: 48 });
  const slots = (await a.get('/api/v1/care/slots')).body.slots;
  const soon = slotAfter(slots, 13 * hour);
  const s = await a.post('/api/v1/care/bookings', { starts_at: soon.starts_at, kind: 'individual' });
  assert.equal(s.status, 201, s.text);
  const late = await a.delete(`/api/v1/care/bookings/${s.body.id}`);
  assertProblem(late, 409);
  assert.match(late.body.detail, /too late/);
  assertProblem(await a.patch(`/api/v1/care/bookings/${s.body.id}`, { starts_at: slotAfter(slots, 80 * hour).starts_at }), 409);
});

test('fifty bookings race for one slot: exactly one wins', async () => {
  const { a, b } = await takenOn({ joint: true });
  const slot = slotAfter((await a.get('/api/v1/care/slots')).body.slots, 30 * hour);
  const tries = await Promise.all(Array.from({ length: 50 }, (_, i) =>
    (i % 2 ? a : b).post('/api/v1/care/bookings', { starts_at: slot.starts_at, kind: i % 3 ? 'joint' : 'individual' })));
  const statuses = tries.map((r) => r.status);
  assert.equal(statuses.filter((s) => s === 201).length, 1, JSON.stringify(statuses));
  assert.ok(statuses.every((s) => s === 201 || s === 409), JSON.stringify(statuses));
  const [sa, sb] = [(await a.get('/api/v1/care/bookings')).body.sessions, (await b.get('/api/v1/care/bookings')).body.sessions];
  assert.equal(new Set([...sa, ...sb].map((s) => s.id)).size, 1);
});

test('a reminder e-mail goes to whoever the session is for, and sessions are in their calendar feed only', async () => {
  const { a, b } = await takenOn({ joint: true });
  const slots = (await a.get('/api/v1/care/slots')).body.slots;
  const soon = slotAfter(slots, 13 * hour);
  const alone = await a.post('/api/v1/care/bookings', { starts_at: soon.starts_at, kind: 'individual' });
  assert.equal(alone.status, 201, alone.text);
  const mail = await waitForMail(mailDirOf(server.base), a.email, { match: /Your session begins/ });
  assert.ok(mail.text.includes(alone.body.local_start.slice(11)), 'in her own time');
  assert.ok(!/therap/i.test(mail.text), 'a plain reminder');
  // The partner gets none for a session alone.
  await new Promise((r) => setTimeout(r, 500));
  assert.ok(!mailIn(mailDirOf(server.base)).some((m) => m.to === b.email && /Your session begins/.test(m.text)));

  const together = await b.post('/api/v1/care/bookings', { starts_at: slotAfter(slots, 30 * hour).starts_at, kind: 'joint' });
  assert.equal(together.status, 201);
  const feeds = {};
  for (const [name, c] of [['a', a], ['b', b]]) {
    const url = new URL((await c.post('/api/v1/me/calendar-feed')).body.url);
    feeds[name] = await (await fetch(server.base + url.pathname)).text();
  }
  assert.ok(feeds.a.includes(`UID:${alone.body.id}@rekindle`));
  assert.ok(feeds.a.includes(`UID:${together.body.id}@rekindle`));
  assert.ok(feeds.b.includes(`UID:${together.body.id}@rekindle`));
  assert.ok(!feeds.b.includes(alone.body.id), "the partner's feed never holds a session alone");
  assert.ok(feeds.a.includes('SUMMARY:Session'));
  assert.ok(!/therap/i.test(feeds.a));
});

test('limits: at most 60 days ahead; a person holds at most eight sessions, never counting the partner’s alone; ending care cancels what is to come', async () => {
  const { t, a, b, id } = await takenOn({ joint: true });
  const slots = (await a.get('/api/v1/care/slots?days=20')).body.slots;
  const far = slots[slots.length - 1].starts_at + 45 * 86400000;
  assertProblem(await a.post('/api/v1/care/bookings', { starts_at: far, kind: 'individual' }), 409);
  for (let i = 0; i < 8; i++) {
    const r = await a.post('/api/v1/care/bookings', { starts_at: slots[i * 2].starts_at, kind: 'individual' });
    assert.equal(r.status, 201, r.text);
  }
  const ninth = await a.post('/api/v1/care/bookings', { starts_at: slots[30].starts_at, kind: 'individual' });
  assertProblem(ninth, 409);
  // Bo's own limit knows nothing of Ana's sessions alone.
  const his = await b.post('/api/v1/care/bookings', { starts_at: slots[31].starts_at, kind: 'joint' });
  assert.equal(his.status, 201, his.text);
  // The therapist ends care: every session still to come is cancelled, for both.
  assert.equal((await t.post(`/api/v1/therapist/couples/${id}/end`)).status, 200);
  assert.deepEqual((await a.get('/api/v1/care/bookings')).body.sessions, []);
  assert.deepEqual((await b.get('/api/v1/care/bookings')).body.sessions, []);
  assert.deepEqual((await t.get('/api/v1/therapist/schedule')).body.sessions, []);
  // An ended couple is the therapist's to see only as a status.
  const ended = (await t.get(`/api/v1/therapist/couples/${id}`)).body;
  assert.deepEqual([ended.status, ended.partners], ['ended', []]);
});
