// Insights over HTTP: a person's weeks of self-care, together evenings and triangle
// checks side by side, the comparisons the weeks allow, and the rule that nothing of the
// partner's appears — only the evenings met, which both partners see already.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { startServer, Client, assertProblem, newCouple, newPerson, setClock, root } from '../support/server.mjs';

let server;
before(async () => { server = await startServer({ testHooks: true }); });
after(async () => { await server?.stop(); });

const short = JSON.parse(readFileSync(join(root, 'content/instruments/triangle-short.json'), 'utf8'));
const answers = (by) => Object.fromEntries(short.items.map((i) => [i.id, i.reverse ? 10 - by[i.subscale] : by[i.subscale]]));
const log = (c, date, minutes, mood, energy, extra = {}) =>
  c.post('/api/v1/selfcare/entries', { kind: 'exercise', minutes, mood, energy, date, ...extra });
const insights = async (c, query = '') => {
  const r = await c.get(`/api/v1/me/insights${query}`);
  assert.equal(r.status, 200, r.text);
  return r.body;
};
const week = (body, monday) => body.weeks.find((w) => w.monday === monday);

test('a person\'s own weeks: minutes add up, mood and energy are means, an empty week is empty, not zero', async () => {
  await setClock(server, '2027-03-10T12:00:00Z');  // a Wednesday
  const a = await newPerson(server.base);
  for (const [date, minutes, mood, energy] of [['2027-03-08', 30, 8, 6], ['2027-03-09', 10, 6, 4], ['2027-02-22', 60, 5, 5],
    ['2027-02-28', 15, 2, 2]]) assert.equal((await log(a, date, minutes, mood, energy)).status, 201);
  const body = await insights(a);
  assert.equal(body.time_zone, 'UTC');
  assert.equal(body.weeks.length, 8);
  assert.deepEqual([body.weeks[0].monday, body.weeks[7].monday], ['2027-01-18', '2027-03-08']);
  assert.deepEqual(week(body, '2027-03-08'), {
    monday: '2027-03-08', selfcare_minutes: 40, selfcare_entries: 2, mood: 7, energy: 5, closeness: null, together: null, triangle: null,
  });
  // Sunday 28 February belongs to the week of Monday 22 February.
  assert.deepEqual([week(body, '2027-02-22').selfcare_minutes, week(body, '2027-02-22').mood], [75, 3.5]);
  assert.deepEqual([week(body, '2027-03-01').selfcare_minutes, week(body, '2027-03-01').mood], [0, null]);
  assert.deepEqual(body.comparisons, [], 'two weeks with a mood are too few to compare');
  assert.equal(body.triangle.form, null);
  assert.equal((await insights(a, '?weeks=4')).weeks.length, 4);
  assert.equal((await insights(a, '?weeks=26')).weeks.length, 26);
});

test('comparisons: weeks with more self-care against the others, with how many weeks each', async () => {
  await setClock(server, '2027-03-10T12:00:00Z');
  const a = await newPerson(server.base);
  for (const [date, minutes, mood] of [['2027-02-08', 30, 4], ['2027-02-15', 60, 5], ['2027-02-22', 120, 8], ['2027-03-01', 150, 7]])
    await log(a, date, minutes, mood, 5);
  const { comparisons } = await insights(a);
  assert.deepEqual(comparisons, [
    { measure: 'selfcare_minutes', outcome: 'mood', threshold: 91, more: { weeks: 2, mean: 7.5 }, other: { weeks: 2, mean: 4.5 }, similar: false },
    { measure: 'selfcare_minutes', outcome: 'energy', threshold: 91, more: { weeks: 2, mean: 5 }, other: { weeks: 2, mean: 5 }, similar: true },
  ]);
});

test('in a couple: the evenings met are the couple\'s; closeness, self-care and checks are each one\'s own', async () => {
  await setClock(server, '2027-03-01T12:00:00Z');
  const [a, b] = await newCouple(server.base, { display_name: 'Ana' }, { display_name: 'Leo' });
  const plan = (await a.post('/api/v1/together/plans', { rrule: 'FREQ=DAILY', start_local: '2027-03-01T20:00' })).body;
  assert.equal((await b.post(`/api/v1/together/plans/${plan.id}/accept`)).status, 200);
  await setClock(server, '2027-03-10T12:00:00Z');
  const reflect = (c, day, body) => c.put(`/api/v1/together/plans/${plan.id}/occurrences/2027-03-${day}T20:00/reflection`, body);
  const secret = `leo-note-${Math.random()}`;
  for (const [c, day, body] of [[a, '02', { happened: true, closeness: 8 }], [b, '02', { happened: true, closeness: 3, note: secret }],
    [b, '03', { happened: false }], [a, '09', { happened: true, closeness: 6 }]]) {
    const r = await reflect(c, day, body);
    assert.equal(r.status, 200, r.text);
  }
  await log(b, '2027-03-09', 45, 9, 9, { note: secret });
  await b.post('/api/v1/triangle/assessments', { form: 'triangle-short', perspective: 'real', answers: answers({ intimacy: 7, passion: 6, commitment: 8 }) });

  const ana = await insights(a);
  assert.deepEqual(week(ana, '2027-03-01').together, { evenings: 7, met: 1 });
  assert.equal(week(ana, '2027-03-01').closeness, 8, 'her own closeness, not his, nor the two together');
  // This week: Monday's and Tuesday's evenings have started, tonight's has not.
  assert.deepEqual(week(ana, '2027-03-08').together, { evenings: 2, met: 1 });
  assert.equal(week(ana, '2027-03-08').closeness, 6);
  assert.equal(week(ana, '2027-03-08').selfcare_minutes, 0, 'his self-care is not hers');
  assert.ok(ana.weeks.every((w) => w.triangle === null) && ana.triangle.form === null, 'his check is not hers');
  assert.ok(!JSON.stringify(ana).includes(secret));

  const leo = await insights(b);
  assert.deepEqual(week(leo, '2027-03-01').together, { evenings: 7, met: 1 }, 'his "no" on the 3rd does not undo anything; her "yes" on the 2nd counts for both');
  assert.equal(week(leo, '2027-03-01').closeness, 3);
  assert.deepEqual(week(leo, '2027-03-08').together, { evenings: 2, met: 1 });
  assert.equal(week(leo, '2027-03-08').closeness, null, 'he gave none this week');
  assert.equal(week(leo, '2027-03-08').selfcare_minutes, 45);
  assert.deepEqual(week(leo, '2027-03-08').triangle, { date: '2027-03-10', scores: { commitment: 8, intimacy: 7, passion: 6 } });
  assert.deepEqual(leo.triangle, { form: 'triangle-short', min: 1, max: 9 });

  // Tonight's evening counts once it is over (or met), not while it is still going.
  await setClock(server, '2027-03-10T20:10:00Z');
  assert.deepEqual(week(await insights(a), '2027-03-08').together, { evenings: 2, met: 1 });
  await setClock(server, '2027-03-10T20:31:00Z');
  assert.deepEqual(week(await insights(a), '2027-03-08').together, { evenings: 3, met: 1 });

  // After leaving the couple, the evenings are no longer hers to see.
  assert.equal((await a.delete('/api/v1/couple/membership')).status, 204);
  assert.ok((await insights(a)).weeks.every((w) => w.together === null));
});

test('weeks follow the person\'s own time zone', async () => {
  await setClock(server, '2027-03-07T20:00:00Z');  // Sunday evening in UTC, Monday morning in Auckland
  const a = await newPerson(server.base);
  assert.equal((await a.patch('/api/v1/me', { time_zone: 'Pacific/Auckland' })).status, 200);
  const body = await insights(a);
  assert.equal(body.time_zone, 'Pacific/Auckland');
  assert.equal(body.weeks.at(-1).monday, '2027-03-08');
});

test('bad input is refused with a reason; only the signed-in person\'s own weeks exist', async () => {
  await setClock(server, '2027-03-10T12:00:00Z');
  const a = await newPerson(server.base);
  for (const q of ['?weeks=3', '?weeks=27', '?weeks=abc', '?weeks=', '?weeks=8.5']) assertProblem(await a.get(`/api/v1/me/insights${q}`), 400);
  assertProblem(await new Client(server.base).get('/api/v1/me/insights', { auth: false }), 401);
});
