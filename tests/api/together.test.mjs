// Together time over HTTP: proposing and answering a plan, skipping and moving one
// evening, the timer both partners see, reflections (the note private unless shared),
// the streak, the calendar feed read back by an independent iCalendar parser, and
// e-mail reminders sent once to a real SMTP server when the clock passes the lead time.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { startServer, Client, assertProblem, newCouple, newPerson, setClock, advanceClock, sql, root } from '../support/server.mjs';
import { startSmtpSink, linkToken } from '../support/mail.mjs';

const require = createRequire(join(root, 'web', 'package.json'));
const ICAL = require('ical.js');

let server;
before(async () => { server = await startServer({ testHooks: true }); });
after(async () => { await server?.stop(); });

// A couple in `zone` with a plan both agreed on.
async function planned(body, zone = 'UTC') {
  const [a, b] = await newCouple(server.base, { display_name: 'Ana' }, { display_name: 'Leo' });
  if (zone !== 'UTC') assert.equal((await a.patch('/api/v1/couple', { time_zone: zone })).status, 200);
  const p = await a.post('/api/v1/together/plans', body);
  assert.equal(p.status, 201, p.text);
  const ok = await b.post(`/api/v1/together/plans/${p.body.id}/accept`);
  assert.equal(ok.status, 200, ok.text);
  return [a, b, p.body];
}

const today = () => new Date().toISOString().slice(0, 10);
const occurrencePath = (plan, occ) => `/api/v1/together/plans/${plan}/occurrences/${occ}`;

test('one proposes, the other accepts or proposes another; the proposer cannot accept their own', async () => {
  const [a, b] = await newCouple(server.base);
  let o = (await a.get('/api/v1/together')).body;
  assert.deepEqual([o.plans, o.proposal, o.next], [[], null, null]);
  const p = (await a.post('/api/v1/together/plans', { rrule: 'FREQ=DAILY', start_local: `${today()}T21:30` })).body;
  assert.deepEqual([p.kind, p.duration_minutes, p.status, p.proposed_by], ['recurring', 30, 'proposed', 'me']);
  assert.equal((await b.get('/api/v1/together')).body.proposal.proposed_by, 'partner');
  assertProblem(await a.post(`/api/v1/together/plans/${p.id}/accept`), 403);
  assertProblem(await b.post(`/api/v1/together/plans/${p.id}/withdraw`), 403);

  // Leo would rather meet at 21:00: his proposal takes the place of Ana's.
  const counter = (await b.post('/api/v1/together/plans', { rrule: 'FREQ=DAILY', start_local: `${today()}T21:00` })).body;
  assertProblem(await b.post(`/api/v1/together/plans/${p.id}/accept`), 409);
  assert.equal((await a.get('/api/v1/together')).body.proposal.id, counter.id);
  assert.equal((await a.post(`/api/v1/together/plans/${counter.id}/accept`)).status, 200);
  assertProblem(await a.post(`/api/v1/together/plans/${counter.id}/accept`), 409);
  o = (await b.get('/api/v1/together')).body;
  assert.equal(o.plans.length, 1);
  assert.equal(o.proposal, null);
  assert.ok(o.next.start_local.endsWith('T21:00'));
  assert.ok(o.upcoming.length >= 14);

  // A new nightly time, once accepted, replaces the old plan.
  const later = (await a.post('/api/v1/together/plans', { rrule: 'FREQ=DAILY', start_local: `${today()}T22:00`, duration_minutes: 45 })).body;
  assert.equal(later.replaces, counter.id);
  await b.post(`/api/v1/together/plans/${later.id}/accept`);
  o = (await a.get('/api/v1/together')).body;
  assert.deepEqual(o.plans.map((x) => x.id), [later.id]);
  assert.equal(o.next.duration_minutes, 45);

  // Declining leaves nothing planned from it.
  const once = (await a.post('/api/v1/together/plans', { start_local: '2099-01-01T20:00' }));
  assertProblem(once, 400);  // more than a year ahead
});

test('bad input is refused with a reason and changes nothing', async () => {
  const [a] = await newCouple(server.base);
  const bad = [
    [{ rrule: 'FREQ=SECONDLY', start_local: `${today()}T21:30` }, 'rrule'],
    [{ rrule: 'FREQ=DAILY;COUNT=0', start_local: `${today()}T21:30` }, 'rrule'],
    [{ rrule: 'FREQ=DAILY', start_local: '21:30' }, 'start_local'],
    [{ rrule: 'FREQ=DAILY', start_local: '2026-02-30T21:30' }, 'start_local'],
    [{ rrule: 'FREQ=DAILY', start_local: `${today()}T21:30`, duration_minutes: 1 }, 'duration_minutes'],
    [{ start_local: '2001-01-01T21:30' }, 'start_local'],
    [{ rrule: 'FREQ=DAILY', start_local: `${today()}T21:30`, extra: 1 }, null],
  ];
  for (const [body, field] of bad) {
    const r = await a.post('/api/v1/together/plans', body);
    assertProblem(r, 400);
    if (field) assert.ok(r.body.errors.some((e) => e.field === field && e.message !== 'Please correct the highlighted fields.'), `${JSON.stringify(body)}: ${r.text}`);
  }
  assert.equal((await a.get('/api/v1/together')).body.proposal, null);
  assertProblem(await a.post('/api/v1/together/plans/nope/accept'), 404);
  assertProblem(await a.put(occurrencePath('nope', '2026-01-01T21:30'), { skipped: true }), 404);
});

test('skip one evening and move another; partners a day apart see the same instant', async () => {
  const [a, b, plan] = await planned({ rrule: 'FREQ=DAILY', start_local: `${today()}T23:00` });
  const o = (await a.get('/api/v1/together')).body;
  const [first, second, third] = o.upcoming;
  assert.equal((await a.put(occurrencePath(plan.id, second.occurrence), { skipped: true })).status, 204);
  const movedTo = third.occurrence.replace('T23:00', 'T19:15');
  assert.equal((await b.put(occurrencePath(plan.id, third.occurrence), { moved_to: movedTo, duration_minutes: 60 })).status, 204);
  assertProblem(await b.put(occurrencePath(plan.id, third.occurrence), { skipped: true, moved_to: movedTo }), 400);
  assertProblem(await b.put(occurrencePath(plan.id, first.occurrence.replace('T23:00', 'T22:59')), { skipped: true }), 404);
  const after = (await b.get('/api/v1/together')).body.upcoming;
  assert.ok(!after.some((x) => x.occurrence === second.occurrence), 'the skipped evening is gone');
  assert.deepEqual((await b.get('/api/v1/together')).body.skipped.map((x) => x.occurrence), [second.occurrence], 'listed to put back');
  const moved = after.find((x) => x.occurrence === third.occurrence);
  assert.deepEqual([moved.start_local, moved.moved, moved.duration_minutes], [movedTo, true, 60]);
  // Restored: as planned again.
  assert.equal((await a.delete(occurrencePath(plan.id, second.occurrence))).status, 204);
  assert.ok((await a.get('/api/v1/together')).body.upcoming.some((x) => x.occurrence === second.occurrence));

  // The plan lives in the couple's zone; each partner's own zone only changes how the
  // instant is shown (the API gives it in UTC).
  await a.patch('/api/v1/me', { time_zone: 'Pacific/Kiritimati' });
  await b.patch('/api/v1/me', { time_zone: 'Pacific/Pago_Pago' });
  const [na, nb] = [(await a.get('/api/v1/together')).body.next, (await b.get('/api/v1/together')).body.next];
  assert.equal(na.start, nb.start);
  const day = (zone) => new Intl.DateTimeFormat('en-CA', { timeZone: zone, dateStyle: 'short' }).format(new Date(na.start));
  assert.notEqual(day('Pacific/Kiritimati'), day('Pacific/Pago_Pago'));
});

test('the timer both see, reflections private until both, the note only when shared, and the streak', async () => {
  const { openLive } = await import('../support/live.mjs');
  const now = new Date(Date.now() - 60 * 60000);
  const start = now.toISOString().slice(0, 16);  // an evening that began an hour ago
  const [a, b, plan] = await planned({ rrule: 'FREQ=DAILY', start_local: start, duration_minutes: 90 });
  const occ = start;
  const liveB = await openLive(server.base, { token: b.token });
  try {
    const started = await a.post(`${occurrencePath(plan.id, occ)}/session`);
    assert.equal(started.status, 201, started.text);
    await liveB.next('together.changed');
    const again = await b.post(`${occurrencePath(plan.id, occ)}/session`);
    assert.equal(again.status, 200, 'the second tap joins the same timer');
    assert.equal(again.body.started_by, 'partner');
    const seen = (await b.get('/api/v1/together')).body.upcoming.find((x) => x.occurrence === occ);
    assert.equal(seen.session.started_at, started.body.started_at);
    assert.equal((await b.post(`${occurrencePath(plan.id, occ)}/session/finish`)).body.finished_at !== null, true);
  } finally {
    liveB.close();
  }

  const secret = `private-note-${Math.random()}`;
  let r = await a.put(`${occurrencePath(plan.id, occ)}/reflection`, { happened: true, closeness: 8, note: secret });
  assert.equal(r.status, 200, r.text);
  assert.deepEqual([r.body.partner_reflected, r.body.both_reflected, r.body.partner_closeness], [false, false, null]);
  let leo = (await b.get('/api/v1/together')).body;
  let seen = leo.to_reflect.find((x) => x.occurrence === occ);
  assert.deepEqual([seen.reflection.partner_reflected, seen.reflection.partner_closeness, seen.reflection.partner_note], [true, null, null]);
  assert.ok(!JSON.stringify(leo).includes(secret));
  assert.ok(!JSON.stringify(leo).includes('"closeness":8'), 'Ana\'s number stays hidden until Leo reflects');

  r = await b.put(`${occurrencePath(plan.id, occ)}/reflection`, { happened: true, closeness: 6 });
  assert.deepEqual([r.body.both_reflected, r.body.partner_closeness, r.body.partner_note], [true, 8, null]);
  assert.ok(!r.text.includes(secret), 'the note stays private while not shared');
  await a.put(`${occurrencePath(plan.id, occ)}/reflection`, { happened: true, closeness: 8, note: secret, note_shared: true });
  leo = (await b.get('/api/v1/together')).body;
  seen = leo.to_reflect.find((x) => x.occurrence === occ);
  assert.equal(seen.reflection.partner_note, secret);
  await a.put(`${occurrencePath(plan.id, occ)}/reflection`, { happened: true, closeness: 8, note: secret, note_shared: false });
  assert.ok(!(await b.get('/api/v1/together')).text.includes(secret), 'unshared again');
  // Sealed at rest.
  assert.ok(!sql(server.database, 'SELECT note FROM reflections').includes(secret));

  // Reflection before an evening begins is refused; bad values too.
  const future = (await a.get('/api/v1/together')).body.upcoming.find((x) => Date.parse(x.start) > Date.now());
  assertProblem(await a.put(`${occurrencePath(plan.id, future.occurrence)}/reflection`, { happened: true }), 409);
  assertProblem(await a.put(`${occurrencePath(plan.id, occ)}/reflection`, { happened: true, closeness: 11 }), 400);

  // The streak: this evening met; the goal is the couple's.
  const streak = (await a.get('/api/v1/together')).body.streak;
  assert.equal(streak.per_week, 5);
  assert.equal(streak.weeks.length, 12);
  assert.ok(streak.weeks.at(-1).days.includes('met'));
  assert.equal((await b.put('/api/v1/together/goal', { per_week: 3 })).status, 200);
  assert.equal((await a.get('/api/v1/together')).body.streak.per_week, 3);
  assertProblem(await b.put('/api/v1/together/goal', { per_week: 8 }), 400);
});

test('a partner\'s "it did not happen" is never visible to the other, in any answer', async () => {
  const start = new Date(Date.now() - 30 * 60000).toISOString().slice(0, 16);
  const [a, b, plan] = await planned({ rrule: 'FREQ=DAILY', start_local: start });
  const before = (await a.get('/api/v1/together')).body;
  await b.put(`${occurrencePath(plan.id, start)}/reflection`, { happened: false });
  const afterNo = (await a.get('/api/v1/together')).body;
  // Ana's view changes only by "partner reflected": nothing says how.
  const strip = (o) => JSON.stringify(o).replaceAll('"partner_reflected":true', '"partner_reflected":false');
  assert.equal(strip(afterNo), strip(before));
});

test('the calendar feed: secret, revocable, neutral, and every instant right across a DST change', async () => {
  const [a, b, plan] = await planned({ rrule: 'FREQ=DAILY', start_local: `${today()}T21:30` }, 'Europe/Berlin');
  assert.deepEqual((await a.get('/api/v1/me/calendar-feed')).body, { enabled: false, title: 'Evening time' });
  const made = await a.post('/api/v1/me/calendar-feed');
  assert.equal(made.status, 201, made.text);
  const url = new URL(made.body.url);
  assert.match(url.pathname, /^\/cal\/[A-Za-z0-9_-]{43}\.ics$/);
  assert.equal((await a.get('/api/v1/me/calendar-feed')).body.url, undefined, 'the address is shown once');
  const res = await fetch(server.base + url.pathname);
  assert.equal(res.status, 200);
  assert.match(res.headers.get('content-type'), /^text\/calendar/);
  const text = await res.text();
  assert.ok(text.includes('SUMMARY:Evening time'));
  assert.ok(!/Ana|Leo|rekindle together|intim/i.test(text.replace(/PRODID:[^\r]*/, '')), 'nothing personal in the feed');
  for (const line of text.split('\r\n')) assert.ok(Buffer.byteLength(line) <= 75, line);

  // Parsed back by ical.js: the VTIMEZONE is the plain IANA name DTSTART uses, and every
  // occurrence for a month across the end of summer time is 21:30 in Berlin.
  const cal = new ICAL.Component(ICAL.parse(text));
  const tz = cal.getFirstSubcomponent('vtimezone');
  assert.equal(tz.getFirstPropertyValue('tzid'), 'Europe/Berlin');
  const vevent = cal.getAllSubcomponents('vevent').find((e) => e.getFirstPropertyValue('uid') === `${plan.id}@rekindle`);
  assert.equal(vevent.getFirstProperty('dtstart').getParameter('tzid'), 'Europe/Berlin');
  assert.ok(vevent.getFirstSubcomponent('valarm'), 'an alarm');
  ICAL.TimezoneService.register(tz);
  const fromApi = new Set((await a.get('/api/v1/together')).body.upcoming.map((x) => Date.parse(x.start)));
  let matched = 0;
  const it = new ICAL.Event(vevent).iterator();
  for (let next = it.next(); next && next.toJSDate() < new Date(Date.now() + 13 * 86400000); next = it.next())
    if (fromApi.has(next.toJSDate().getTime())) matched++;
  assert.ok(matched >= 12, `${matched} occurrences matched the API's`);

  // A month across the start of summer time (Berlin, 28 March 2027): 21:30 on the wall
  // clock every night, so 20:30Z before the change and 19:30Z after.
  const [c] = await planned({ rrule: 'FREQ=DAILY', start_local: '2027-03-14T21:30' }, 'Europe/Berlin');
  const dst = (await c.post('/api/v1/me/calendar-feed')).body;
  const spring = new ICAL.Component(ICAL.parse(await (await fetch(server.base + new URL(dst.url).pathname)).text()));
  ICAL.TimezoneService.register(spring.getFirstSubcomponent('vtimezone'));
  const nights = new ICAL.Event(spring.getFirstSubcomponent('vevent')).iterator();
  const seen = [];
  for (let next = nights.next(); next && seen.length < 31; next = nights.next()) seen.push(next.toJSDate().toISOString());
  assert.equal(seen.length, 31);
  for (const [i, utc] of seen.entries()) {
    const day = new Date(Date.UTC(2027, 2, 14 + i)).toISOString().slice(0, 10);
    assert.equal(utc, `${day}T${day < '2027-03-28' ? '20' : '19'}:30:00.000Z`, `night ${i + 1}`);
  }

  // A title of one's own; a new address revokes the old; deleting revokes all.
  assert.equal((await a.patch('/api/v1/me/calendar-feed', { title: 'Walk' })).body.title, 'Walk');
  assert.ok((await (await fetch(server.base + url.pathname)).text()).includes('SUMMARY:Walk'));
  const again = (await a.post('/api/v1/me/calendar-feed')).body;
  assert.equal((await fetch(server.base + url.pathname)).status, 404, 'the old address stops working');
  assert.equal((await fetch(server.base + new URL(again.url).pathname)).status, 200);
  assert.equal((await a.delete('/api/v1/me/calendar-feed')).status, 204);
  assert.equal((await fetch(server.base + new URL(again.url).pathname)).status, 404);
  for (const p of ['/cal/x.ics', '/cal/' + 'A'.repeat(43) + '.ics', '/cal/' + 'A'.repeat(43)]) assert.equal((await fetch(server.base + p)).status, 404, p);
  // The partner's feed is their own.
  const leo = (await b.post('/api/v1/me/calendar-feed', { title: 'Reading' })).body;
  assert.ok((await (await fetch(server.base + new URL(leo.url).pathname)).text()).includes('SUMMARY:Reading'));
});

test('an e-mail reminder reaches a real SMTP server once, at the lead time, never for a skipped evening, and unsubscribes in one click', async () => {
  const sink = await startSmtpSink();
  const s = await startServer({
    testHooks: true,
    env: { REKINDLE_SMTP_HOST: '127.0.0.1', REKINDLE_SMTP_PORT: String(sink.port), REKINDLE_SMTP_STARTTLS: 'off', REKINDLE_JOBS_POLL_MS: '50' },
  });
  try {
    await setClock(s, '2026-11-20T12:00:00Z');
    const signUp = async (name, language) => {
      const email = `${name.toLowerCase()}-${Math.random().toString(36).slice(2)}@example.org`;
      const c = new Client(s.base);
      assert.equal((await c.post('/api/v1/accounts', { email, password: `lantern orchard ${name} drift`, display_name: name, language, time_zone: 'Europe/Madrid' }, { auth: false })).status, 202);
      const v = await c.post('/api/v1/email-verifications', { token: linkToken(await sink.waitFor(email, { match: /verify#token=/ })) }, { auth: false });
      c.token = v.body.token;
      c.email = email;
      return c;
    };
    const a = await signUp('Ana', 'es');
    const b = await signUp('Leo', 'en');
    const code = (await a.post('/api/v1/couple/invites')).body.code;
    await b.post('/api/v1/couple/join', { code });
    await a.patch('/api/v1/couple', { time_zone: 'Europe/Madrid' });
    const p = (await a.post('/api/v1/together/plans', { rrule: 'FREQ=DAILY', start_local: '2026-11-20T21:30' })).body;
    await b.post(`/api/v1/together/plans/${p.id}/accept`);
    await b.put(occurrencePath(p.id, '2026-11-21T21:30'), { skipped: true });
    assert.equal((await a.put('/api/v1/me/reminders', { lead_minutes: 30 })).status, 200);
    assertProblem(await a.put('/api/v1/me/reminders', { lead_minutes: 0 }), 400);
    assert.deepEqual((await a.get('/api/v1/me/reminders')).body, { enabled: true, lead_minutes: 30 });

    const reminders = () => sink.messages().filter((m) => m.to === a.email && !/verify#token=/.test(m.text));
    // 20:00 Madrid (19:00Z): nothing yet. 21:01 (20:01Z): the reminder for 21:30, in Spanish and Madrid time.
    await setClock(s, '2026-11-20T19:00:00Z');
    await new Promise((r) => setTimeout(r, 400));
    assert.equal(reminders().length, 0);
    await setClock(s, '2026-11-20T20:01:00Z');
    const mail = await sink.waitFor(a.email, { match: /21:30/ });
    assert.equal(mail.subject, 'Tu recordatorio');
    assert.match(mail.text, /Tiempo juntos empieza a las 21:30/);
    for (const step of [60000, 60000, 60000]) { await advanceClock(s, step); await new Promise((r) => setTimeout(r, 200)); }
    assert.equal(reminders().length, 1, 'sent once');
    assert.equal(sink.messages().filter((m) => m.to === b.email && !/verify#token=/.test(m.text)).length, 0, 'Leo asked for none');

    // The next evening was skipped: no reminder. The one after: one.
    await setClock(s, '2026-11-21T20:05:00Z');
    await new Promise((r) => setTimeout(r, 600));
    assert.equal(reminders().length, 1, 'none for the skipped evening');
    await setClock(s, '2026-11-22T20:02:00Z');
    await sink.waitFor(a.email, { match: (m) => m !== mail && /21:30/.test(m.text) && m.messageId !== mail.messageId });
    assert.equal(reminders().length, 2);

    // One click: the token in the link turns reminders off (and a second click is the same).
    const token = /unsubscribe#token=([A-Za-z0-9_-]+)/.exec(mail.text)[1];
    for (let i = 0; i < 2; i++) assert.equal((await new Client(s.base).post('/api/v1/reminders/unsubscribe', { token })).status, 204);
    assert.deepEqual((await a.get('/api/v1/me/reminders')).body, { enabled: false, lead_minutes: null });
    await setClock(s, '2026-11-23T20:02:00Z');
    await new Promise((r) => setTimeout(r, 600));
    assert.equal(reminders().length, 2, 'no more after unsubscribing');
  } finally {
    await s.stop();
    await sink.stop();
  }
});

test('only the couple: a stranger and a person without a partner get nothing of it', async () => {
  const [, , plan] = await planned({ rrule: 'FREQ=DAILY', start_local: `${today()}T21:30` });
  const [stranger] = await newCouple(server.base);
  assertProblem(await stranger.post(`/api/v1/together/plans/${plan.id}/accept`), 404);
  assertProblem(await stranger.put(occurrencePath(plan.id, `${today()}T21:30`), { skipped: true }), 404);
  assert.equal((await stranger.get('/api/v1/together')).body.plans.length, 0);
  const solo = await newPerson(server.base);
  assertProblem(await solo.get('/api/v1/together'), 404);
});

test('bounded: at most 20 plans at once, and evenings changed up to two months ahead', async () => {
  const [a, b] = await newCouple(server.base);
  const day = (n) => new Date(Date.now() + n * 86400000).toISOString().slice(0, 10);
  for (let i = 1; i <= 20; i++) {
    const p = await a.post('/api/v1/together/plans', { start_local: `${day(i)}T20:00` });
    assert.equal(p.status, 201, p.text);
    assert.equal((await b.post(`/api/v1/together/plans/${p.body.id}/accept`)).status, 200);
  }
  assertProblem(await a.post('/api/v1/together/plans', { start_local: `${day(21)}T20:00` }), 409);
  // A recurring plan may still be proposed (it replaces, it does not add up).
  const nightly = (await a.post('/api/v1/together/plans', { rrule: 'FREQ=DAILY', start_local: `${day(0)}T22:00` })).body;
  assert.equal((await b.post(`/api/v1/together/plans/${nightly.id}/accept`)).status, 200);
  assertProblem(await a.put(occurrencePath(nightly.id, `${day(90)}T22:00`), { skipped: true }), 400);
  assert.equal((await a.put(occurrencePath(nightly.id, `${day(30)}T22:00`), { skipped: true })).status, 204);
});
