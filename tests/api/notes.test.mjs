// A therapist's notes on a couple: written, edited, deleted and exported by that therapist
// alone; sealed at rest; never reachable by the partners, another therapist or operators.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, assertProblem, newCouple, newPerson, sql } from '../support/server.mjs';
import { careCouple } from '../support/care.mjs';
import { makeOperator } from '../support/totp.mjs';

let server;
before(async () => { server = await startServer(); });
after(async () => { await server?.stop(); });

const canary = (what) => `canary-${what}-${Math.random().toString(36).slice(2)}`;

test('notes: written, listed newest first, edited, deleted and exported by their therapist', async () => {
  const couple = await newCouple(server.base);
  const { t, id } = await careCouple(server, couple, { ask: true, accept: true });
  const path = `/api/v1/therapist/couples/${id}/notes`;
  for (const body of [{}, { text: '' }, { text: 'x'.repeat(20001) }, { text: 'ok', extra: 1 }]) assertProblem(await t.post(path, body), 400);
  const first = await t.post(path, { text: 'First session: both keen.' });
  assert.equal(first.status, 201, first.text);
  const second = (await t.post(path, { text: 'Second session.' })).body;
  assert.deepEqual((await t.get(path)).body.notes.map((n) => n.text), ['Second session.', 'First session: both keen.']);
  const edited = await t.put(`${path}/${first.body.id}`, { text: 'First session: both keen, Ana quieter.' });
  assert.equal(edited.status, 200);
  assert.equal(edited.body.created_at, first.body.created_at);
  assertProblem(await t.put(`${path}/no-such-note`, { text: 'x' }), 404);
  assert.equal((await t.delete(`${path}/${second.id}`)).status, 204);
  assertProblem(await t.delete(`${path}/${second.id}`), 404);

  const exported = await t.get('/api/v1/therapist/notes/export');
  assert.equal(exported.status, 200);
  assert.match(exported.headers.get('content-disposition'), /^attachment/);
  assert.deepEqual(exported.body.notes.map((n) => [n.couple, n.text]), [[id, 'First session: both keen, Ana quieter.']]);

  // Care ends: the notes stay the therapist's.
  assert.equal((await t.post(`/api/v1/therapist/couples/${id}/end`)).status, 200);
  assert.equal((await t.get(path)).body.notes.length, 1);
});

test('nobody else reaches a note: not the partners, another therapist, or an operator; sealed at rest', async () => {
  const couple = await newCouple(server.base);
  const [a, b] = couple;
  const { t, id } = await careCouple(server, couple, { ask: true, accept: true });
  const secret = canary('note');
  const note = (await t.post(`/api/v1/therapist/couples/${id}/notes`, { text: secret })).body;
  const other = await careCouple(server, await newCouple(server.base), { ask: true, accept: true });
  const op = await makeOperator(server, await newPerson(server.base));
  for (const c of [a, b, op]) {
    assertProblem(await c.get(`/api/v1/therapist/couples/${id}/notes`), 403);
    assertProblem(await c.get('/api/v1/therapist/notes/export'), 403);
  }
  assertProblem(await other.t.get(`/api/v1/therapist/couples/${id}/notes`), 404);
  assertProblem(await other.t.put(`/api/v1/therapist/couples/${id}/notes/${note.id}`, { text: 'x' }), 404);
  // Nor through the other therapist's own couple.
  assertProblem(await other.t.put(`/api/v1/therapist/couples/${other.id}/notes/${note.id}`, { text: 'x' }), 404);
  assertProblem(await other.t.delete(`/api/v1/therapist/couples/${other.id}/notes/${note.id}`), 404);
  assert.ok(!(await other.t.get('/api/v1/therapist/notes/export')).text.includes(secret));
  for (const p of ['/api/v1/room', '/api/v1/care', '/api/v1/care/consent', '/api/v1/care/consent/log', '/api/v1/me'])
    assert.ok(!(await a.get(p)).text.includes(secret), p);
  assert.ok(!JSON.stringify(sql(server.database, 'SELECT text FROM therapist_notes')).includes(secret));
  assert.equal((await t.get(`/api/v1/therapist/couples/${id}/notes`)).body.notes[0].text, secret);
});
