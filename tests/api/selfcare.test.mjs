// Self-care: the private log of activities, mood and energy, and the journal — written,
// searched and shared one entry at a time. Nobody but the author ever sees a log entry,
// an unshared journal entry, its title, its excerpt or what a search found; the partner
// reads a shared entry only while it is shared with the couple they are in now.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, assertProblem, newPerson, newCouple, sql, dump, cli } from '../support/server.mjs';
import { makeOperator } from '../support/totp.mjs';

let server;
before(async () => { server = await startServer(); });
after(async () => { await server?.stop(); });

const canary = (label) => `canary-${label}-${Math.random().toString(36).slice(2)}`;
const ids = (list) => list.map((e) => e.id);
// Days as the API writes them, `n` days before `date` ("YYYY-MM-DD").
const daysBefore = (date, n) => new Date(Date.parse(`${date}T00:00:00Z`) - n * 86400000).toISOString().slice(0, 10);
const todayOf = async (c) => (await c.get('/api/v1/selfcare/entries?limit=1')).body.today;
const walk = { kind: 'exercise', minutes: 30, mood: 7, energy: 6 };

test('the self-care log: logged, listed newest first in pages, edited and deleted', async () => {
  const a = await newPerson(server.base);
  const today = await todayOf(a);
  const first = await a.post('/api/v1/selfcare/entries', walk);
  assert.equal(first.status, 201, first.text);
  assert.deepEqual({ ...first.body, id: 0, created_at: 0, updated_at: 0 },
    { id: 0, date: today, kind: 'exercise', label: null, minutes: 30, mood: 7, energy: 6, note: null, created_at: 0, updated_at: 0 });
  const own = await a.post('/api/v1/selfcare/entries',
    { kind: 'own', label: ' Pottery ', minutes: 45, mood: 8, energy: 5, note: 'Made a bowl 🌙', date: daysBefore(today, 1) });
  assert.equal(own.status, 201, own.text);
  assert.equal(own.body.label, 'Pottery');
  assert.equal(own.body.note, 'Made a bowl 🌙');
  const old = (await a.post('/api/v1/selfcare/entries', { ...walk, kind: 'rest', date: daysBefore(today, 365) })).body;
  const second = (await a.post('/api/v1/selfcare/entries', { ...walk, kind: 'meditation', minutes: 10 })).body;

  const all = (await a.get('/api/v1/selfcare/entries')).body;
  assert.equal(all.today, today);
  assert.deepEqual(ids(all.entries), [second.id, first.body.id, own.body.id, old.id], 'by date, then newest logged first');
  assert.equal(all.next_before, null);
  // Pages of two.
  const p1 = (await a.get('/api/v1/selfcare/entries?limit=2')).body;
  assert.deepEqual(ids(p1.entries), [second.id, first.body.id]);
  const p2 = (await a.get(`/api/v1/selfcare/entries?limit=2&before=${encodeURIComponent(p1.next_before)}`)).body;
  assert.deepEqual(ids(p2.entries), [own.body.id, old.id]);
  const p3 = (await a.get(`/api/v1/selfcare/entries?limit=2&before=${encodeURIComponent(p2.next_before)}`)).body;
  assert.deepEqual(p3.entries, []);
  // A range: yesterday only, and the last week.
  const yesterday = daysBefore(today, 1);
  assert.deepEqual(ids((await a.get(`/api/v1/selfcare/entries?from=${yesterday}&to=${yesterday}`)).body.entries), [own.body.id]);
  assert.deepEqual(ids((await a.get(`/api/v1/selfcare/entries?from=${daysBefore(today, 7)}`)).body.entries),
    [second.id, first.body.id, own.body.id]);

  // Edits: a field at a time; leaving one's own kind drops its label.
  const edited = await a.patch(`/api/v1/selfcare/entries/${first.body.id}`, { minutes: 35, note: 'Up the hill' });
  assert.equal(edited.status, 200, edited.text);
  assert.deepEqual([edited.body.minutes, edited.body.note, edited.body.mood], [35, 'Up the hill', 7]);
  const rest = (await a.patch(`/api/v1/selfcare/entries/${own.body.id}`, { kind: 'rest' })).body;
  assert.deepEqual([rest.kind, rest.label], ['rest', null]);
  const renamed = (await a.patch(`/api/v1/selfcare/entries/${own.body.id}`, { kind: 'own', label: 'Clay' })).body;
  assert.deepEqual([renamed.kind, renamed.label, renamed.date], ['own', 'Clay', yesterday]);

  assert.equal((await a.delete(`/api/v1/selfcare/entries/${second.id}`)).status, 204);
  assertProblem(await a.delete(`/api/v1/selfcare/entries/${second.id}`), 404);
  assertProblem(await a.patch(`/api/v1/selfcare/entries/${second.id}`, { minutes: 5 }), 404);
  assert.deepEqual(ids((await a.get('/api/v1/selfcare/entries')).body.entries), [first.body.id, own.body.id, old.id]);
});

test('repeating yesterday is two requests: read the latest entry before today, post a copy', async () => {
  const a = await newPerson(server.base);
  const today = await todayOf(a);
  const yesterday = daysBefore(today, 1);
  await a.post('/api/v1/selfcare/entries', { kind: 'own', label: 'Swim', minutes: 20, mood: 6, energy: 8, date: yesterday });
  const last = (await a.get(`/api/v1/selfcare/entries?to=${yesterday}&limit=1`)).body.entries[0];
  assert.equal(last.date, yesterday);
  const { kind, label, minutes, mood, energy } = last;
  const copy = await a.post('/api/v1/selfcare/entries', { kind, label, minutes, mood, energy });
  assert.equal(copy.status, 201, copy.text);
  assert.deepEqual([copy.body.date, copy.body.label, copy.body.minutes], [today, 'Swim', 20]);
});

test('the log is dated in the person\'s own time zone, never in the future, at most a year back', async () => {
  const east = await newPerson(server.base, { time_zone: 'Pacific/Kiritimati' });  // UTC+14
  const west = await newPerson(server.base, { time_zone: 'Pacific/Pago_Pago' });   // UTC-11
  const local = (zone) => new Intl.DateTimeFormat('en-CA', { timeZone: zone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date());
  const [te, tw] = [await todayOf(east), await todayOf(west)];
  assert.equal(te, local('Pacific/Kiritimati'));
  assert.equal(tw, local('Pacific/Pago_Pago'));
  assert.ok(te > tw, `${te} is later than ${tw}`);
  assert.equal((await east.post('/api/v1/selfcare/entries', walk)).body.date, te);
  // East's today is west's tomorrow.
  const r = await west.post('/api/v1/selfcare/entries', { ...walk, date: te });
  assertProblem(r, 400);
  assert.deepEqual(r.body.errors.map((e) => [e.field, e.code]), [['date', 'future']]);
  assertProblem(await west.post('/api/v1/selfcare/entries', { ...walk, date: daysBefore(tw, 366) }), 400);
  assert.equal((await west.post('/api/v1/selfcare/entries', { ...walk, date: daysBefore(tw, 365) })).status, 201);
});

test('bad input gets a clear 400 naming the field, and changes nothing', async () => {
  const a = await newPerson(server.base);
  const today = await todayOf(a);
  const kept = (await a.post('/api/v1/selfcare/entries', { ...walk, note: 'kept' })).body;
  const bad = [
    [{ ...walk, kind: 'sleep' }, 'kind'], [{ ...walk, kind: undefined }, 'kind'], [{ ...walk, minutes: 0 }, 'minutes'],
    [{ ...walk, minutes: 601 }, 'minutes'], [{ ...walk, minutes: '30' }, 'minutes'], [{ ...walk, minutes: 1.5 }, 'minutes'],
    [{ ...walk, mood: 0 }, 'mood'], [{ ...walk, mood: 11 }, 'mood'], [{ ...walk, energy: undefined }, 'energy'],
    [{ ...walk, label: 'Run' }, 'label'], [{ ...walk, kind: 'own' }, 'label'], [{ ...walk, kind: 'own', label: 'x'.repeat(41) }, 'label'],
    [{ ...walk, note: 'x'.repeat(501) }, 'note'], [{ ...walk, date: '2026-02-30' }, 'date'], [{ ...walk, date: 'yesterday' }, 'date'],
    [{ ...walk, date: daysBefore(today, -1) }, 'date'], [{ ...walk, date: daysBefore(today, 400) }, 'date'], [{ ...walk, shared: true }, 'shared'],
  ];
  for (const [body, field] of bad) {
    const r = await a.post('/api/v1/selfcare/entries', body);
    assertProblem(r, 400);
    assert.ok(r.body.errors?.some((e) => e.field === field), `${JSON.stringify(body)}: ${r.text}`);
  }
  for (const body of [{}, { minutes: 0 }, { kind: 'own' }, { label: 'only with own' }, { date: daysBefore(today, -2) }]) {
    assertProblem(await a.patch(`/api/v1/selfcare/entries/${kept.id}`, body), 400);
  }
  assertProblem(await a.request('POST', '/api/v1/selfcare/entries', { body: 'not json', headers: { 'content-type': 'application/json' } }), 400);
  assertProblem(await a.request('POST', '/api/v1/selfcare/entries', { body: JSON.stringify(walk), headers: { 'content-type': 'text/plain' } }), 415);
  for (const q of ['from=2026-13-01', `from=${today}&to=${daysBefore(today, 1)}`, 'limit=0', 'limit=201', 'before=nonsense'])
    assertProblem(await a.get(`/api/v1/selfcare/entries?${q}`), 400);
  const after = (await a.get('/api/v1/selfcare/entries')).body.entries;
  assert.deepEqual(after, [kept], 'nothing changed');

  const entry = (await a.post('/api/v1/journal/entries', { title: 'Kept', body: 'kept' })).body;
  for (const body of [{}, { body: '' }, { body: '   ' }, { body: 'x'.repeat(20001) }, { title: 'x'.repeat(201), body: 'ok' }, { body: 5 }, { body: 'ok', shared: true }])
    assertProblem(await a.post('/api/v1/journal/entries', body), 400);
  for (const body of [{}, { body: '' }, { title: 'x'.repeat(201) }])
    assertProblem(await a.patch(`/api/v1/journal/entries/${entry.id}`, body), 400);
  assert.deepEqual((await a.get(`/api/v1/journal/entries/${entry.id}`)).body, entry);
  assert.equal((await a.get('/api/v1/journal/entries')).body.entries.length, 1);
});

test('the journal: written, listed newest first with an excerpt, read, edited and deleted', async () => {
  const a = await newPerson(server.base);
  const long = `${'A long evening. '.repeat(30)}The end.`;
  const e1 = await a.post('/api/v1/journal/entries', { title: 'Sunday', body: long });
  assert.equal(e1.status, 201, e1.text);
  assert.deepEqual([e1.body.title, e1.body.body, e1.body.shared, e1.body.shared_at], ['Sunday', long, false, null]);
  const e2 = (await a.post('/api/v1/journal/entries', { body: 'No title, and\n\ntwo lines.' })).body;
  assert.equal(e2.title, '');
  const full = await a.post('/api/v1/journal/entries', { body: '🌙'.repeat(20000) });
  assert.equal(full.status, 201, 'twenty thousand characters fit');

  const list = (await a.get('/api/v1/journal/entries')).body;
  assert.deepEqual(ids(list.entries), [full.body.id, e2.id, e1.body.id]);
  assert.ok(list.entries.every((e) => !('body' in e)), 'lists carry excerpts only');
  assert.equal(list.entries[1].excerpt, 'No title, and two lines.');
  assert.ok(list.entries[2].excerpt.endsWith('…') && list.entries[2].excerpt.length <= 161);
  const page = (await a.get('/api/v1/journal/entries?limit=2')).body;
  assert.deepEqual(ids((await a.get(`/api/v1/journal/entries?before=${page.next_before}`)).body.entries), [e1.body.id]);

  const edited = await a.patch(`/api/v1/journal/entries/${e1.body.id}`, { body: 'Shorter now.' });
  assert.equal(edited.status, 200, edited.text);
  assert.deepEqual([edited.body.title, edited.body.body], ['Sunday', 'Shorter now.']);
  assert.equal((await a.patch(`/api/v1/journal/entries/${e1.body.id}`, { title: '' })).body.title, '', 'a title can be removed');
  assert.equal((await a.get(`/api/v1/journal/entries/${e1.body.id}`)).body.body, 'Shorter now.');
  assert.equal((await a.delete(`/api/v1/journal/entries/${e2.id}`)).status, 204);
  assertProblem(await a.get(`/api/v1/journal/entries/${e2.id}`), 404);
  assertProblem(await a.delete(`/api/v1/journal/entries/${e2.id}`), 404);
});

test('search runs only on the author\'s request, over their own entries, without case or accents, and logs nothing of the query', async () => {
  const [a, b] = await newCouple(server.base);
  const word = canary('search');
  const hit = (await a.post('/api/v1/journal/entries', { title: 'Morning', body: `Coffee at the Café Río with ${word}, then home.` })).body;
  const titled = (await a.post('/api/v1/journal/entries', { title: 'Our CAFÉ plans', body: 'Nothing else.' })).body;
  await a.post('/api/v1/journal/entries', { body: 'Something else entirely.' });
  await b.post('/api/v1/journal/entries', { body: `My own café, ${word}` });

  const found = (await a.get('/api/v1/journal/search?q=cafe')).body;
  assert.deepEqual(ids(found.results), [titled.id, hit.id]);
  assert.deepEqual([found.scanned, found.limit_reached, found.next_before], [3, false, null]);
  assert.match(found.results[1].snippet, /Café Río/);
  for (const q of ['CAFÉ RIO', 'café río', 'rio with']) assert.deepEqual(ids((await a.get(`/api/v1/journal/search?q=${encodeURIComponent(q)}`)).body.results), [hit.id], q);
  assert.deepEqual((await a.get('/api/v1/journal/search?q=nowhere')).body.results, []);
  // B searches B's own entries only.
  const theirs = (await b.get(`/api/v1/journal/search?q=${word}`)).body;
  assert.equal(theirs.results.length, 1);
  assert.ok(!JSON.stringify(theirs).includes(hit.id) && !JSON.stringify(theirs).includes('Río'));
  // Bad queries, and the query is nowhere in the server's log.
  for (const q of ['', 'q=', 'q=%20%20', `q=${'x'.repeat(101)}`, 'q=%CC%81']) {
    const r = await a.get(`/api/v1/journal/search${q.startsWith('q=') ? `?${q}` : ''}`);
    assertProblem(r, 400);
    assert.equal(r.body.errors[0].field, 'q');
  }
  assert.equal((await a.get(`/api/v1/journal/search?q=${'é'.repeat(100)}`)).status, 200, '100 characters is fine');
  assert.ok(!server.logs().includes(word), 'the query is not logged');
  assert.ok(!server.logs().includes('cafe'), 'the query is not logged');
});

test('search opens a bounded number of entries per request and says where to go on', async () => {
  const a = await newPerson(server.base);
  const made = [];
  for (let i = 0; i < 205; i++) made.push((await a.post('/api/v1/journal/entries', { body: `entry ${i} ${i === 0 ? 'the oldest lantern' : ''}` })).body.id);
  const first = (await a.get('/api/v1/journal/search?q=lantern')).body;
  assert.deepEqual([first.results.length, first.scanned, first.limit_reached], [0, 200, true]);
  assert.equal(first.next_before, made[5]);
  const rest = (await a.get(`/api/v1/journal/search?q=lantern&before=${first.next_before}`)).body;
  assert.deepEqual([ids(rest.results), rest.scanned, rest.limit_reached, rest.next_before], [[made[0]], 5, false, null]);
});

test('searching many times in a short while is slowed down, for that person only', async () => {
  const [a, b] = [await newPerson(server.base), await newPerson(server.base)];
  let limited;
  for (let i = 0; i < 31 && !limited; i++) {
    const r = await a.get('/api/v1/journal/search?q=anything');
    if (r.status === 429) limited = r;
    else assert.equal(r.status, 200);
  }
  assert.ok(limited, 'the 31st search within a minute waits');
  assertProblem(limited, 429);
  assert.ok(Number(limited.headers.get('retry-after')) >= 1);
  assert.equal((await b.get('/api/v1/journal/search?q=anything')).status, 200, 'others search on');
});

test('sharing: the partner reads an entry only while it is shared with the couple they are in', async () => {
  const [a, b] = await newCouple(server.base, { display_name: 'Alex' }, { display_name: 'Sam' });
  const secret = canary('unshared');
  const shown = canary('shared');
  const priv = (await a.post('/api/v1/journal/entries', { title: `Private ${secret}`, body: secret })).body;
  const entry = (await a.post('/api/v1/journal/entries', { title: 'For Sam', body: shown })).body;

  const empty = await b.get('/api/v1/journal/shared');
  assert.deepEqual(empty.body, { entries: [], next_before: null });
  const shared = await a.put(`/api/v1/journal/entries/${entry.id}/share`);
  assert.equal(shared.status, 200, shared.text);
  assert.equal(shared.body.shared, true);
  assert.ok(shared.body.shared_at);
  const again = await a.put(`/api/v1/journal/entries/${entry.id}/share`);
  assert.equal(again.body.shared_at, shared.body.shared_at, 'sharing twice changes nothing');

  const list = (await b.get('/api/v1/journal/shared')).body;
  assert.deepEqual(ids(list.entries), [entry.id]);
  assert.deepEqual(Object.keys(list.entries[0]).sort(), ['created_at', 'excerpt', 'id', 'shared_at', 'title', 'updated_at']);
  const read = (await b.get(`/api/v1/journal/shared/${entry.id}`)).body;
  assert.deepEqual([read.title, read.body], ['For Sam', shown]);
  // Sam can neither change it nor read the rest.
  assertProblem(await b.patch(`/api/v1/journal/entries/${entry.id}`, { body: 'mine now' }), 404);
  assertProblem(await b.delete(`/api/v1/journal/entries/${entry.id}/share`), 404);
  assertProblem(await b.get(`/api/v1/journal/entries/${entry.id}`), 404);
  const hidden = await b.get(`/api/v1/journal/shared/${priv.id}`);
  const nothing = await b.get('/api/v1/journal/shared/01J0000000000000000000NONE');
  assertProblem(hidden, 404);
  assert.equal(hidden.text, nothing.text, 'an unshared entry answers exactly like none');
  assert.ok(!JSON.stringify(list).includes(secret));
  // Edits show; unsharing ends it at once.
  await a.patch(`/api/v1/journal/entries/${entry.id}`, { body: `${shown} (edited)` });
  assert.equal((await b.get(`/api/v1/journal/shared/${entry.id}`)).body.body, `${shown} (edited)`);
  const unshared = await a.delete(`/api/v1/journal/entries/${entry.id}/share`);
  assert.deepEqual([unshared.status, unshared.body.shared, unshared.body.shared_at], [200, false, null]);
  assert.deepEqual((await b.get('/api/v1/journal/shared')).body, empty.body);
  assert.equal((await b.get(`/api/v1/journal/shared/${entry.id}`)).text, nothing.text);

  // Shared again, then the couple ends: nobody reads it, and it no longer counts as shared.
  await a.put(`/api/v1/journal/entries/${entry.id}/share`);
  assert.equal((await b.get('/api/v1/journal/shared')).body.entries.length, 1);
  assert.equal((await b.delete('/api/v1/couple/membership')).status, 204);
  assert.deepEqual((await b.get('/api/v1/journal/shared')).body, empty.body);
  assert.equal((await b.get(`/api/v1/journal/shared/${entry.id}`)).text, nothing.text);
  assert.equal((await a.get(`/api/v1/journal/entries/${entry.id}`)).body.shared, false);
  // Together again: a new couple, and nothing is shared until Alex chooses again.
  const code = (await a.post('/api/v1/couple/invites')).body.code;
  assert.equal((await b.post('/api/v1/couple/join', { code })).status, 201);
  assert.deepEqual((await b.get('/api/v1/journal/shared')).body, empty.body);
  // Alone, there is nobody to share with.
  const solo = await newPerson(server.base);
  const mine = (await solo.post('/api/v1/journal/entries', { body: 'alone' })).body;
  assertProblem(await solo.put(`/api/v1/journal/entries/${mine.id}/share`), 409);
  assert.equal((await solo.delete(`/api/v1/journal/entries/${mine.id}/share`)).status, 200);
});

test('the partner\'s view of unshared entries is the same as "there are none", on every route they can call', async () => {
  const views = async (withEntries) => {
    const [a, b] = await newCouple(server.base, { display_name: 'Alex' }, { display_name: 'Sam' });
    if (withEntries) {
      await a.post('/api/v1/journal/entries', { title: 'Mine', body: 'words' });
      await a.post('/api/v1/selfcare/entries', walk);
    }
    const out = [];
    for (const p of ['/api/v1/journal/shared', '/api/v1/journal/shared/x', '/api/v1/journal/entries', '/api/v1/selfcare/entries?to=2000-01-01',
      '/api/v1/journal/search?q=words']) {
      const r = await b.get(p);
      out.push([r.status, p.includes('search') ? { ...r.body, scanned: 0 } : r.body]);
    }
    return out;
  };
  assert.deepEqual(await views(true), await views(false));
});

test('privacy: the partner, an ex-partner, a stranger and an operator never see a log entry or an unshared journal entry', async () => {
  const [ex, self] = await newCouple(server.base, { display_name: 'Ex' }, { display_name: 'Self' });
  const word = canary('own');
  const entry = (await self.post('/api/v1/selfcare/entries', { kind: 'own', label: `label ${word}`, minutes: 15, mood: 3, energy: 2, note: `note ${word}` })).body;
  const oldShare = (await self.post('/api/v1/journal/entries', { title: `shared-then ${word}`, body: `once shared ${word}` })).body;
  await self.put(`/api/v1/journal/entries/${oldShare.id}/share`);
  assert.equal((await ex.get('/api/v1/journal/shared')).body.entries.length, 1, 'the ex could read it while together');
  await ex.delete('/api/v1/couple/membership');
  const partner = await newPerson(server.base, { display_name: 'Partner' });
  const code = (await self.post('/api/v1/couple/invites')).body.code;
  await partner.post('/api/v1/couple/join', { code });
  const journal = (await self.post('/api/v1/journal/entries', { title: `title ${word}`, body: `body ${word}` })).body;
  const [stranger] = await newCouple(server.base, { display_name: 'Stranger' });
  const operator = await makeOperator(server, await newPerson(server.base, { display_name: 'Operator' }));

  for (const [who, c] of Object.entries({ partner, ex, stranger, operator })) {
    const responses = [
      await c.get('/api/v1/selfcare/entries'), await c.get('/api/v1/journal/entries'), await c.get('/api/v1/journal/shared'),
      await c.get(`/api/v1/journal/search?q=${word}`), await c.get(`/api/v1/journal/search?q=title`),
    ];
    for (const r of responses) assert.equal(r.status, 200, `${who}: ${r.text}`);
    const notFound = [
      await c.get(`/api/v1/journal/entries/${journal.id}`), await c.get(`/api/v1/journal/shared/${journal.id}`),
      await c.get(`/api/v1/journal/shared/${oldShare.id}`), await c.get(`/api/v1/journal/entries/${oldShare.id}`),
      await c.patch(`/api/v1/selfcare/entries/${entry.id}`, { minutes: 1 }), await c.delete(`/api/v1/selfcare/entries/${entry.id}`),
      await c.patch(`/api/v1/journal/entries/${journal.id}`, { body: 'x' }), await c.delete(`/api/v1/journal/entries/${journal.id}`),
      await c.put(`/api/v1/journal/entries/${journal.id}/share`), await c.delete(`/api/v1/journal/entries/${journal.id}/share`),
    ];
    for (const r of notFound) assertProblem(r, 404);
    for (const r of [...responses, ...notFound]) {
      assert.ok(!r.text.includes(word), `${who} saw ${word}: ${r.text.slice(0, 200)}`);
      assert.ok(!r.text.includes(journal.id) && !r.text.includes(entry.id), `${who} saw an id`);
    }
  }
  // Nothing changed.
  assert.deepEqual((await self.get('/api/v1/selfcare/entries')).body.entries, [entry]);
  assert.equal((await self.get(`/api/v1/journal/entries/${journal.id}`)).body.body, `body ${word}`);
});

test('labels, notes, titles and bodies are sealed at rest; erasing an account removes its log and journal', async () => {
  const [a, b] = await newCouple(server.base);
  const words = { label: canary('label'), note: canary('note'), title: canary('title'), body: canary('body') };
  const entry = (await a.post('/api/v1/selfcare/entries', { kind: 'own', label: words.label.slice(0, 40), minutes: 5, mood: 5, energy: 5, note: words.note })).body;
  await a.post('/api/v1/selfcare/entries', walk);
  const j = (await a.post('/api/v1/journal/entries', { title: words.title, body: words.body })).body;
  await a.put(`/api/v1/journal/entries/${j.id}/share`);
  const text = dump(server.database);
  for (const w of [...Object.values(words), words.label.slice(0, 40)]) assert.ok(!text.includes(w), `${w} is in the dump`);
  for (const [table, column] of [['selfcare_entries', 'label'], ['selfcare_entries', 'note'], ['journal_entries', 'title'], ['journal_entries', 'body']]) {
    const values = sql(server.database, `SELECT ${column} FROM ${table} WHERE user_id = '${a.user.id}'`).trim().split('\n');
    assert.ok(values.length >= 1 && values.every((v) => v.startsWith('v2:')), `${table}.${column}: ${values[0]}`);
  }
  // Whether a note or label is there, and how long it is, does not show within a block.
  const lengths = sql(server.database, `SELECT LENGTH(label), LENGTH(note) FROM selfcare_entries WHERE user_id = '${a.user.id}'`)
    .trim().split('\n').flatMap((line) => line.split('|'));
  assert.equal(new Set(lengths).size, 1, `one length: ${lengths}`);
  // A sealed value copied to another row does not open there.
  sql(server.database, `UPDATE selfcare_entries SET note = (SELECT note FROM selfcare_entries WHERE id = '${entry.id}') WHERE user_id = '${a.user.id}' AND id <> '${entry.id}'`);
  assertProblem(await a.get('/api/v1/selfcare/entries'), 500);

  assert.equal((await a.delete('/api/v1/me', { password: a.password })).status, 204);
  for (const table of ['selfcare_entries', 'journal_entries'])
    assert.equal(sql(server.database, `SELECT COUNT(*) FROM ${table} WHERE user_id = '${a.user.id}'`).trim(), '0', table);
  assert.deepEqual((await b.get('/api/v1/journal/shared')).body.entries, []);
});

test('double taps and races: concurrent creates all land; an edit racing a delete ends cleanly as one or the other', async () => {
  const racer = await startServer({ env: { REKINDLE_THREADS: '4', REKINDLE_DB_POOL: '6' } });
  try {
    const a = await newPerson(racer.base);
    const made = await Promise.all(Array.from({ length: 8 }, (_, i) => a.post('/api/v1/selfcare/entries', { ...walk, minutes: i + 1 })));
    assert.deepEqual(made.map((r) => r.status), Array(8).fill(201));
    assert.equal((await a.get('/api/v1/selfcare/entries')).body.entries.length, 8);
    const written = await Promise.all(Array.from({ length: 4 }, (_, i) => a.post('/api/v1/journal/entries', { body: `tap ${i}` })));
    assert.deepEqual(written.map((r) => r.status), Array(4).fill(201));

    for (let trial = 0; trial < 12; trial++) {
      const e = (await a.post('/api/v1/selfcare/entries', walk)).body;
      const [edit, del] = await Promise.all([
        a.patch(`/api/v1/selfcare/entries/${e.id}`, { minutes: 50, note: 'late edit' }),
        a.delete(`/api/v1/selfcare/entries/${e.id}`),
      ]);
      assert.equal(del.status, 204, del.text);
      assert.ok(edit.status === 200 || edit.status === 404, edit.text);
      if (edit.status === 404) assertProblem(edit, 404);
      assert.ok(!(await a.get('/api/v1/selfcare/entries')).body.entries.some((x) => x.id === e.id), 'gone');

      const j = (await a.post('/api/v1/journal/entries', { body: 'racing' })).body;
      const [jedit, jshare, jdel] = await Promise.all([
        a.patch(`/api/v1/journal/entries/${j.id}`, { body: 'edited' }),
        a.delete(`/api/v1/journal/entries/${j.id}/share`),
        a.delete(`/api/v1/journal/entries/${j.id}`),
      ]);
      assert.equal(jdel.status, 204, jdel.text);
      for (const r of [jedit, jshare]) assert.ok(r.status === 200 || r.status === 404, r.text);
      assertProblem(await a.get(`/api/v1/journal/entries/${j.id}`), 404);
    }
  } finally {
    await racer.stop();
  }
});
