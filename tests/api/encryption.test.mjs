// Encryption at rest: what people write is not readable in a database dump, and the data
// key can be rotated while the server runs.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { statSync } from 'node:fs';
import { startServer, assertProblem, dump, sql, cli, newCouple } from '../support/server.mjs';

let server;
before(async () => { server = await startServer(); });
after(async () => { await server?.stop(); });

const canary = (label) => `canary-${label}-${Math.random().toString(36).slice(2)}`;

async function writeEverything(a, b) {
  const words = { daily: canary('daily'), shared: canary('shared-note'), private: canary('private-note'),
    label: canary('label').slice(0, 40), care: canary('care-note'), title: canary('title'), journal: canary('journal') };
  const { date } = (await a.get('/api/v1/daily')).body;
  assert.equal((await a.put(`/api/v1/daily/${date}/answer`, { text: words.daily })).status, 200);
  const items = (await a.get('/api/v1/desires')).body.categories.flatMap((c) => c.items);
  for (const [i, answer] of [[0, 'yes'], [1, 'maybe'], [2, 'no']]) {
    assert.equal((await a.put(`/api/v1/desires/${items[i].id}/mine`, { answer })).status, 200);
  }
  const conv = (await a.post('/api/v1/conversations', { guide: 'connected' })).body;
  await a.post(`/api/v1/conversations/${conv.id}/notes`, { text: words.shared, shared: true });
  await a.post(`/api/v1/conversations/${conv.id}/notes`, { text: words.private, shared: false });
  const instrument = (await a.get('/api/v1/instruments/triangle-short')).body;
  const answers = Object.fromEntries(instrument.items.map((it, n) => [it.id, (n % 9) + 1]));
  assert.equal((await a.post('/api/v1/triangle/assessments', { form: 'triangle-short', perspective: 'real', answers })).status, 201);
  await a.put('/api/v1/triangle/draft', { form: 'triangle-full', perspective: 'ideal', answers: { i01: 7 } });
  assert.equal((await a.post('/api/v1/selfcare/entries', { kind: 'own', label: words.label, minutes: 20, mood: 6, energy: 4, note: words.care })).status, 201);
  const journal = (await a.post('/api/v1/journal/entries', { title: words.title, body: words.journal })).body;
  assert.equal((await a.put(`/api/v1/journal/entries/${journal.id}/share`)).status, 200);
  return { words, items, conv, date, journal };
}

test('the key file is created private, and nothing sensitive is readable in a dump', async () => {
  assert.equal(statSync(server.database.keyFile).mode & 0o777, 0o600);
  const [a, b] = await newCouple(server.base);
  const { words } = await writeEverything(a, b);
  const text = dump(server.database);
  for (const w of Object.values(words)) assert.ok(!text.includes(w), `${w} is in the dump`);
  assert.ok(!/"i0\d":\d/.test(text), 'triangle answers are sealed');
  for (const [table, column] of [['daily_answers', 'text'], ['desire_answers', 'answer'], ['conversation_notes', 'text'],
    ['assessments', 'answers'], ['assessment_drafts', 'answers'], ['selfcare_entries', 'label'], ['selfcare_entries', 'note'],
    ['journal_entries', 'title'], ['journal_entries', 'body']]) {
    const values = sql(server.database, `SELECT ${column} FROM ${table}`).trim().split('\n').filter(Boolean);
    assert.ok(values.length > 0, table);
    assert.ok(values.every((v) => v.startsWith('v2:')), `${table}.${column} holds only sealed values`);
  }
  // And the people who wrote them read them back.
  const { date } = (await a.get('/api/v1/daily')).body;
  assert.equal((await a.get('/api/v1/daily')).body.mine, words.daily);
  assert.equal(date.length, 10);
});

test('a sealed value says nothing by its length: yes, maybe and no, and short answers, are equally long', async () => {
  const [a, b] = await newCouple(server.base);
  const items = (await a.get('/api/v1/desires')).body.categories.flatMap((c) => c.items);
  const answers = ['yes', 'maybe', 'no', 'no', 'yes', 'maybe'];
  for (const [i, answer] of answers.entries()) await b.put(`/api/v1/desires/${items[i].id}/mine`, { answer });
  const desire = sql(server.database, `SELECT answer FROM desire_answers WHERE user_id = '${b.user.id}'`).trim().split('\n');
  assert.equal(desire.length, answers.length);
  assert.equal(new Set(desire.map((v) => v.length)).size, 1, 'one length for every desire answer');
  const { date } = (await a.get('/api/v1/daily')).body;
  const lengths = new Set();
  for (const text of ['ok', 'Our walk by the river on Sunday.', 'x'.repeat(150)]) {
    await a.put(`/api/v1/daily/${date}/answer`, { text });
    lengths.add(sql(server.database, `SELECT text FROM daily_answers WHERE user_id = '${a.user.id}'`).trim().length);
  }
  assert.equal(lengths.size, 1, 'short answers of any length seal alike');
});

test('a sealed value moved to another row fails closed instead of showing the wrong text', async () => {
  const [a, b] = await newCouple(server.base);
  const { date } = (await a.get('/api/v1/daily')).body;
  await a.put(`/api/v1/daily/${date}/answer`, { text: canary('a') });
  await b.put(`/api/v1/daily/${date}/answer`, { text: canary('b') });
  // Copy A's ciphertext over B's row: B's row must not decrypt to A's words.
  sql(server.database, `UPDATE daily_answers SET text = (SELECT text FROM daily_answers d2 WHERE d2.user_id = '${a.user.id}' AND d2.couple_id = daily_answers.couple_id AND d2.day = daily_answers.day) WHERE user_id = '${b.user.id}'`);
  assertProblem(await b.get('/api/v1/daily'), 500);
});

test('rotating the data key re-seals everything while the server keeps serving', async () => {
  const own = await startServer();
  try {
    await rotation(own);
  } finally {
    await own.stop();
  }
});

async function rotation(server) {
  const [a, b] = await newCouple(server.base);
  const { words, conv, journal } = await writeEverything(a, b);
  const prefixes = () => new Set(sql(server.database, 'SELECT text FROM daily_answers UNION ALL SELECT answer FROM desire_answers UNION ALL SELECT text FROM conversation_notes UNION ALL SELECT answers FROM assessments UNION ALL SELECT answers FROM assessment_drafts UNION ALL SELECT label FROM selfcare_entries UNION ALL SELECT note FROM selfcare_entries UNION ALL SELECT title FROM journal_entries UNION ALL SELECT body FROM journal_entries')
    .trim().split('\n').filter(Boolean).map((v) => v.split(':')[1]));
  const before = prefixes();
  assert.equal(before.size, 1);
  const r = cli(server.database, ['admin', 'rotate-key']);
  assert.equal(r.status, 0, r.output);
  assert.match(r.output, /"event":"key_rotated"/);
  const after = prefixes();
  assert.equal(after.size, 1, 'everything is under one key');
  assert.notDeepEqual([...after], [...before], 'and it is the new one');
  // The running server, started before the rotation, still reads and writes.
  assert.equal((await a.get('/api/v1/daily')).body.mine, words.daily);
  const notes = (await a.get(`/api/v1/conversations/${conv.id}`)).body;
  assert.deepEqual(notes.my_notes.map((n) => n.text), [words.private]);
  assert.equal((await b.post(`/api/v1/conversations/${conv.id}/notes`, { text: 'after rotation', shared: true })).status, 201);
  assert.equal((await a.get(`/api/v1/conversations/${conv.id}`)).body.shared_notes.length, 2);
  const [entry] = (await a.get('/api/v1/selfcare/entries')).body.entries;
  assert.deepEqual([entry.label, entry.note], [words.label, words.care]);
  const read = (await b.get(`/api/v1/journal/shared/${journal.id}`)).body;
  assert.deepEqual([read.title, read.body], [words.title, words.journal]);
  assert.equal((await a.get(`/api/v1/journal/search?q=${words.journal}`)).body.results.length, 1);
}
