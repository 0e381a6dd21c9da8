// Consent: each partner chooses which of their own results their therapist may see, one
// kind at a time, and withdraws it at once; every read by the therapist is recorded in the
// partner's own log ("who saw what, when") and in the audit log. A therapist without a
// partner's consent for a kind gets nothing of it, and nothing at all of a couple that
// is not theirs or whose care has ended.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { startServer, assertProblem, newCouple, newPerson, root } from '../support/server.mjs';
import { careCouple } from '../support/care.mjs';
import { makeOperator } from '../support/totp.mjs';

let server;
before(async () => { server = await startServer(); });
after(async () => { await server?.stop(); });

const short = JSON.parse(readFileSync(join(root, 'content/instruments/triangle-short.json'), 'utf8'));
const triangleAnswers = (v) => Object.fromEntries(short.items.map((i) => [i.id, i.reverse ? 10 - v : v]));
const scopes = ['triangle', 'reflections', 'selfcare', 'journal', 'satisfaction'];
const canary = (what) => `canary-${what}-${Math.random().toString(36).slice(2)}`;

// A couple in care, each partner with a triangle check, a self-care entry and a journal
// entry shared with the other.
async function inCare() {
  const couple = await newCouple(server.base);
  const { t, id } = await careCouple(server, couple, { ask: true, accept: true });
  const journal = {};
  for (const [i, c] of couple.entries()) {
    assert.equal((await c.post('/api/v1/triangle/assessments', { form: 'triangle-short', perspective: 'real', answers: triangleAnswers(5 + i) })).status, 201);
    assert.equal((await c.post('/api/v1/selfcare/entries', { kind: 'exercise', minutes: 20 + i, mood: 6, energy: 5 })).status, 201);
    journal[i] = canary(`journal${i}`);
    const e = (await c.post('/api/v1/journal/entries', { title: 'For us', body: journal[i] })).body;
    assert.equal((await c.put(`/api/v1/journal/entries/${e.id}/share`)).status, 200);
  }
  return { couple, t, id, journal };
}

const share = (c, scope, shared = true) => c.put(`/api/v1/care/consent/${scope}`, { shared });

test('nothing is shared until a partner shares it; then only that partner\'s results of that kind', async () => {
  const { couple: [a, b], t, id, journal } = await inCare();
  const mine = await a.get('/api/v1/care/consent');
  assert.equal(mine.status, 200, mine.text);
  assert.equal(mine.body.open, true);
  assert.ok(mine.body.therapist.display_name);
  assert.deepEqual(mine.body.scopes.map((s) => [s.scope, s.shared]), scopes.map((s) => [s, false]));

  // Without consent: every scope is 404 for the therapist, the same as a couple not theirs.
  for (const scope of scopes) assertProblem(await t.get(`/api/v1/therapist/couples/${id}/shared/${scope}`), 404);
  const consent = await t.get(`/api/v1/therapist/couples/${id}/consent`);
  assert.equal(consent.status, 200);
  assert.deepEqual(consent.body.partners.map((p) => p.shares), [[], []]);

  // Ana shares her triangle and journal; Ben shares nothing.
  assert.equal((await share(a, 'triangle')).status, 200);
  const after = await share(a, 'journal');
  assert.deepEqual(after.body.scopes.filter((s) => s.shared).map((s) => s.scope), ['triangle', 'journal']);
  assert.ok(after.body.scopes.find((s) => s.scope === 'journal').since);
  // Ben's view of his own consent is unchanged: nothing tells him what she shares.
  assert.deepEqual((await b.get('/api/v1/care/consent')).body.scopes.map((s) => s.shared), scopes.map(() => false));

  const tri = await t.get(`/api/v1/therapist/couples/${id}/shared/triangle`);
  assert.equal(tri.status, 200, tri.text);
  const [ana, ben] = [a.user.id, b.user.id].map((uid) => tri.body.partners.find((p) => p.id === uid));
  assert.equal(ana.shared, true);
  assert.equal(ana.results.form, 'triangle-short');
  assert.equal(ana.results.points.length, 1);
  assert.equal(ana.results.points[0].change, null);
  // A second check is marked with its change since the first, reliable or not.
  assert.equal((await a.post('/api/v1/triangle/assessments', { form: 'triangle-short', perspective: 'real', answers: triangleAnswers(9) })).status, 201);
  const second = (await t.get(`/api/v1/therapist/couples/${id}/shared/triangle`)).body.partners.find((p) => p.id === a.user.id).results.points;
  assert.deepEqual(second[1].change.intimacy, { delta: 4, reliable: true });
  assert.equal(ben.shared, false);
  assert.equal(ben.results, undefined);

  const jr = await t.get(`/api/v1/therapist/couples/${id}/shared/journal`);
  assert.equal(jr.status, 200);
  assert.ok(jr.text.includes(journal[0]));
  assert.ok(!jr.text.includes(journal[1]), 'Ben did not share his journal');
  // Not shared by anyone: still nothing.
  for (const scope of ['selfcare', 'reflections']) assertProblem(await t.get(`/api/v1/therapist/couples/${id}/shared/${scope}`), 404);

  // Ben shares his self-care: the therapist sees his days, not hers.
  await share(b, 'selfcare');
  const sc = await t.get(`/api/v1/therapist/couples/${id}/shared/selfcare`);
  assert.equal(sc.status, 200);
  const benDays = sc.body.partners.find((p) => p.id === b.user.id).results.days;
  assert.equal(benDays[0].minutes, 21);
  assert.equal(sc.body.partners.find((p) => p.id === a.user.id).shared, false);
});

test('withdrawing takes effect on the next request, and a double tap changes nothing', async () => {
  const { couple: [a], t, id, journal } = await inCare();
  const [one, two] = await Promise.all([share(a, 'journal'), share(a, 'journal')]);
  assert.deepEqual([one.status, two.status], [200, 200]);
  assert.ok((await t.get(`/api/v1/therapist/couples/${id}/shared/journal`)).text.includes(journal[0]));
  assert.equal((await share(a, 'journal', false)).status, 200);
  assertProblem(await t.get(`/api/v1/therapist/couples/${id}/shared/journal`), 404);
  // Withdrawn twice: still withdrawn, logged once.
  assert.equal((await share(a, 'journal', false)).status, 200);
  const log = (await a.get('/api/v1/care/consent/log')).body.entries;
  assert.deepEqual(log.map((e) => [e.action, e.scope, e.by]), [
    ['withdrawn', 'journal', 'me'], ['read', 'journal', 'therapist'], ['granted', 'journal', 'me'],
  ]);
  assert.ok(log[1].name);
});

test('who saw what, when: each read is in the partner\'s own log and in the audit log, never in the other partner\'s', async () => {
  const { couple: [a, b], t, id } = await inCare();
  await share(a, 'triangle');
  await t.get(`/api/v1/therapist/couples/${id}/shared/triangle`);
  await t.get(`/api/v1/therapist/couples/${id}/shared/triangle`);
  const log = (await a.get('/api/v1/care/consent/log')).body.entries;
  assert.equal(log.filter((e) => e.action === 'read' && e.scope === 'triangle').length, 2);
  assert.deepEqual((await b.get('/api/v1/care/consent/log')).body.entries, []);
  // The operators' audit log has the reads (what kind, whose), not their content.
  const op = await makeOperator(server, await newPerson(server.base));
  const audit = (await op.get(`/api/v1/operator/audit?object_type=account&object_id=${a.user.id}`)).body.entries.filter((e) => e.action === 'consent.read');
  assert.equal(audit.filter((e) => e.object_id === a.user.id && e.detail === 'triangle').length, 2);
});

test('bad input changes nothing; a couple not in care cannot share', async () => {
  const { couple: [a] } = await inCare();
  assertProblem(await a.put('/api/v1/care/consent/diagnosis', { shared: true }), 404);
  for (const body of [{}, { shared: 'yes' }, { shared: true, extra: 1 }]) assertProblem(await a.put('/api/v1/care/consent/triangle', body), 400);
  assert.equal((await a.get('/api/v1/care/consent')).body.scopes.find((s) => s.scope === 'triangle').shared, false);
  assertProblem(await a.get('/api/v1/care/consent/log?before=' + 'x'.repeat(65)), 400);
  const [c] = await newCouple(server.base);
  const none = await c.get('/api/v1/care/consent');
  assert.equal(none.body.open, false);
  assert.equal(none.body.therapist, null);
  assertProblem(await share(c, 'triangle'), 409);
});

test('another therapist, or care ended, or the couple parted: nothing, whatever was shared', async () => {
  const { couple: [a, b], t, id } = await inCare();
  for (const scope of scopes) await share(a, scope);
  const other = await careCouple(server, await newCouple(server.base), { ask: true, accept: true });
  for (const scope of scopes) assertProblem(await other.t.get(`/api/v1/therapist/couples/${id}/shared/${scope}`), 404);
  assertProblem(await other.t.get(`/api/v1/therapist/couples/${id}/consent`), 404);
  // A partner is not a therapist.
  assertProblem(await b.get(`/api/v1/therapist/couples/${id}/shared/triangle`), 403);

  assert.equal((await t.get(`/api/v1/therapist/couples/${id}/shared/triangle`)).status, 200);
  // The couple parts: the couple is gone for the therapist, consent or not.
  assert.equal((await a.delete('/api/v1/couple/membership')).status, 204);
  for (const scope of scopes) assertProblem(await t.get(`/api/v1/therapist/couples/${id}/shared/${scope}`), 404);
  const consent = await t.get(`/api/v1/therapist/couples/${id}/consent`);
  assert.equal(consent.body.open, false);
  assert.deepEqual(consent.body.partners, []);
});

test('care ended by the therapist: shared results stop at once', async () => {
  const { couple: [a], t, id } = await inCare();
  await share(a, 'triangle');
  assert.equal((await t.get(`/api/v1/therapist/couples/${id}/shared/triangle`)).status, 200);
  assert.equal((await t.post(`/api/v1/therapist/couples/${id}/end`)).status, 200);
  assertProblem(await t.get(`/api/v1/therapist/couples/${id}/shared/triangle`), 404);
  assert.equal((await a.get('/api/v1/care/consent')).body.open, false);
});

test('a therapist\'s recorded reads are limited per hour, so nobody can flood a partner\'s log', async () => {
  const limited = await startServer({ env: { REKINDLE_LIMITS_SHARED_READS_PER_HOUR: '3' } });
  try {
    const couple = await newCouple(limited.base);
    const { t, id } = await careCouple(limited, couple, { ask: true, accept: true });
    await share(couple[0], 'triangle');
    for (let i = 0; i < 3; i++) assert.equal((await t.get(`/api/v1/therapist/couples/${id}/shared/triangle`)).status, 200);
    const over = await t.get(`/api/v1/therapist/couples/${id}/shared/triangle`);
    assertProblem(over, 429);
    assert.ok(Number(over.headers.get('retry-after')) > 0);
    // Only the reads that were answered are in her log; routes without a scope are not limited.
    const reads = (await couple[0].get('/api/v1/care/consent/log')).body.entries.filter((e) => e.action === 'read');
    assert.equal(reads.length, 3);
    assert.equal((await t.get(`/api/v1/therapist/couples/${id}/consent`)).status, 200);
  } finally {
    await limited.stop();
  }
});
