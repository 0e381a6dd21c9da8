// The triangle check over HTTP: instruments, scoring, history, drafts, and the rule that
// a partner's numbers appear only when both shared the same form within 30 days.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { startServer, Client, assertProblem, sql, root, newPerson, newCouple, rawGet } from '../support/server.mjs';

let server;
before(async () => { server = await startServer(); });
after(async () => { await server?.stop(); });

const files = {
  'triangle-short': JSON.parse(readFileSync(join(root, 'content/instruments/triangle-short.json'), 'utf8')),
  'triangle-full': JSON.parse(readFileSync(join(root, 'content/instruments/triangle-full.json'), 'utf8')),
};

// An independent scorer: mean per subscale, reverse-keyed items as 10 - x, two decimals.
function expectedScores(form, answers) {
  const sums = {}; const counts = {};
  for (const item of files[form].items) {
    const v = item.reverse ? 10 - answers[item.id] : answers[item.id];
    sums[item.subscale] = (sums[item.subscale] ?? 0) + v;
    counts[item.subscale] = (counts[item.subscale] ?? 0) + 1;
  }
  return Object.fromEntries(Object.keys(sums).map((k) => [k, Math.round((sums[k] / counts[k]) * 100) / 100]));
}

// Jacobson & Truax: 1.96 × SD × √(2(1 − α)), from the file's own figures.
function criterion(form, subscale) {
  const s = files[form].subscales.find((x) => x.id === subscale);
  return Math.round(1.96 * s.reference_sd * Math.sqrt(2 * (1 - s.reliability)) * 100) / 100;
}

// Answers giving each component the raw answer in `by` (reverse items mirrored so the
// component score equals it exactly).
function answersFor(form, by) {
  return Object.fromEntries(files[form].items.map((i) => [i.id, i.reverse ? 10 - by[i.subscale] : by[i.subscale]]));
}

const person = () => newPerson(server.base);
const couple = () => newCouple(server.base);

const take = (c, form, by, extra = {}) =>
  c.post('/api/v1/triangle/assessments', { form, perspective: 'real', answers: answersFor(form, by), share_with_partner: false, ...extra });

test('instruments are listed and served in full, for signed-in people', async () => {
  const c = await person();
  const list = await c.get('/api/v1/instruments');
  assert.equal(list.status, 200);
  const ids = list.body.instruments.map((i) => i.id).sort();
  assert.deepEqual(ids, ['triangle-full', 'triangle-short']);
  const short = list.body.instruments.find((i) => i.id === 'triangle-short');
  assert.deepEqual([short.item_count, short.perspectives, short.has_kind_of_love], [15, ['real', 'ideal'], true]);
  const full = await c.get('/api/v1/instruments/triangle-full');
  assert.equal(full.status, 200);
  assert.equal(full.body.items.length, 45);
  assert.ok(full.body.items.every((i) => i.text && i.ideal_text));
  assert.ok(!('reverse' in full.body.items[0]));
  assert.deepEqual(full.body.scale, { min: 1, max: 9, anchors: { 1: 'Not at all', 5: 'Moderately', 9: 'Extremely' } });
  assert.equal(Object.keys(full.body.kind_of_love.descriptions).length, 8);
  assert.deepEqual([full.body.kind_of_love.present_at, full.body.kind_of_love.strong_at, full.body.kind_of_love.near], [5, 7, 0.5]);
  assert.equal(full.body.kind_of_love.titles.consummate, 'Consummate love');
  assert.equal(full.body.kind_of_love.titles.nonlove, 'Room to grow');
  for (const [kind, text] of Object.entries({ ...full.body.kind_of_love.titles, ...full.body.kind_of_love.descriptions })) {
    assert.doesNotMatch(text, /\bempty\b|nonlove|fatuous|quiet|hard season|loss/i, kind);
  }
  assert.equal(full.body.subscales.find((s) => s.id === 'intimacy').change_criterion, criterion('triangle-full', 'intimacy'));
  assertProblem(await c.get('/api/v1/instruments/nope'), 404);
  assertProblem(await new Client(server.base).get('/api/v1/instruments'), 401);
});

test('scores are item means with reverse keying, to two decimals, with the kind of love', async () => {
  const c = await person();
  for (const form of ['triangle-short', 'triangle-full']) {
    const answers = Object.fromEntries(files[form].items.map((i, n) => [i.id, (n * 7) % 9 + 1]));
    const r = await c.post('/api/v1/triangle/assessments', { form, perspective: 'real', answers });
    assert.equal(r.status, 201, r.text);
    assert.deepEqual(r.body.scores, expectedScores(form, answers), form);
    assert.equal(r.body.form, form);
    assert.equal(r.body.share_with_partner, false, 'sharing is off unless chosen');
    assert.ok(['nonlove', 'liking', 'infatuation', 'empty', 'romantic', 'companionate', 'fatuous', 'consummate'].includes(r.body.kind_of_love));
  }
  const all = await take(c, 'triangle-short', { intimacy: 9, passion: 9, commitment: 9 });
  assert.deepEqual([all.body.scores, all.body.kind_of_love, all.body.also_near], [{ intimacy: 9, passion: 9, commitment: 9 }, 'consummate', undefined]);
  const companionate = await take(c, 'triangle-short', { intimacy: 8, passion: 3, commitment: 7 });
  assert.equal(companionate.body.kind_of_love, 'companionate');
  assert.equal(companionate.body.also_near, undefined, 'no part sits near the middle of the scale');
  assert.deepEqual(companionate.body.kind_text, {
    title: 'Companionate love',
    summary: 'Intimacy and commitment are strong, and passion has room to grow.',
    description: files['triangle-short'].kind_of_love.descriptions.companionate.en,
  });
  assert.match(companionate.body.levels.passion, /^Room to grow/);
  assert.match(companionate.body.levels.commitment, /^Strong/);
  const borderline = await take(c, 'triangle-short', { intimacy: 8, passion: 5, commitment: 8 });
  assert.deepEqual([borderline.body.kind_of_love, borderline.body.also_near], ['consummate', ['companionate']]);
  assert.equal(borderline.body.kind_text.near, 'Passion is right at the middle of the scale (5.0); a little lower and this would read as \"Companionate love\".');
  assert.match(borderline.body.levels.passion, /^Moderate/);
});

// Answers on the short form with these item values per component (five each).
function shortAnswers(by) {
  const seen = {};
  return Object.fromEntries(files['triangle-short'].items.map((i) => {
    const n = (seen[i.subscale] = (seen[i.subscale] ?? -1) + 1);
    return [i.id, by[i.subscale][n]];
  }));
}

test("the first evening's results: every part above the middle of the scale reads as consummate, never empty or quiet", async () => {
  const c = await person();
  const cases = [
    // 7 / 6.4 / 7 once read "companionate, also near empty love and liking".
    [{ intimacy: [7, 7, 7, 7, 7], passion: [7, 7, 6, 6, 6], commitment: [7, 7, 7, 7, 7] }, { intimacy: 7, passion: 6.4, commitment: 7 },
      { title: 'Consummate love', summary: 'Intimacy and commitment are strong, and passion is moderate.' }, undefined],
    // 6 / 5.4 / 6 once read "Quiet … a hard season, after a loss".
    [{ intimacy: [6, 6, 6, 6, 6], passion: [6, 6, 5, 5, 5], commitment: [6, 6, 6, 6, 6] }, { intimacy: 6, passion: 5.4, commitment: 6 },
      { title: 'Consummate love', summary: 'Intimacy, passion and commitment are all moderate.',
        near: 'Passion is just above the middle of the scale (5.4); a little lower and this would read as \"Companionate love\".' }, ['companionate']],
    [{ intimacy: [5, 5, 5, 5, 5], passion: [5, 5, 5, 5, 5], commitment: [5, 5, 5, 5, 5] }, { intimacy: 5, passion: 5, commitment: 5 },
      { title: 'Consummate love', summary: 'Intimacy, passion and commitment are all moderate.',
        near: 'All three sit close to the middle of the scale, so a small change in your answers could give a different name. Read this one loosely.' }, undefined],
    [{ intimacy: [1, 1, 1, 1, 1], passion: [2, 1, 1, 1, 1], commitment: [1, 1, 1, 1, 1] }, { intimacy: 1, passion: 1.2, commitment: 1 },
      { title: 'Room to grow', summary: 'Intimacy, passion and commitment all have room to grow.' }, undefined],
  ];
  for (const [by, scores, words, near] of cases) {
    const r = await c.post('/api/v1/triangle/assessments', { form: 'triangle-short', perspective: 'real', answers: shortAnswers(by) });
    assert.equal(r.status, 201, r.text);
    assert.deepEqual(r.body.scores, scores);
    const { description, ...said } = r.body.kind_text;
    assert.deepEqual(said, words, JSON.stringify(scores));
    assert.deepEqual(r.body.also_near, near);
    assert.doesNotMatch(JSON.stringify(r.body.kind_text) + JSON.stringify(r.body.levels), /\bempty\b|nonlove|quiet|hard season|loss/i);
    assert.equal(r.body.kind_of_love, words.title === 'Room to grow' ? 'nonlove' : 'consummate');
  }
});

test('change since last time is flagged only beyond measurement noise', async () => {
  const c = await person();
  const first = await take(c, 'triangle-short', { intimacy: 5, passion: 5, commitment: 5 });
  assert.equal(first.body.change, undefined);
  const second = await take(c, 'triangle-short', { intimacy: 6, passion: 8, commitment: 5 });
  assert.equal(second.body.change.previous_id, first.body.id);
  const by = second.body.change.by_subscale;
  assert.deepEqual(by.intimacy, { delta: 1, criterion: criterion('triangle-short', 'intimacy'), reliable: false,
    size: 'about_same', text: 'about the same as last time (up 1.0 points, too small to mean much)' });
  assert.deepEqual(by.passion, { delta: 3, criterion: criterion('triangle-short', 'passion'), reliable: true,
    size: 'clearly', text: 'clearly higher than last time (up 3.0 points)' });
  assert.deepEqual(by.commitment, { delta: 0, criterion: criterion('triangle-short', 'commitment'), reliable: false,
    size: 'same', text: 'the same as last time' });
  const third = await take(c, 'triangle-short', { intimacy: 6, passion: 6, commitment: 5 });
  assert.deepEqual([third.body.change.by_subscale.passion.size, third.body.change.by_subscale.passion.text],
    ['a_little', 'a little lower than last time (down 2.0 points)']);
  // The other form and perspective keep their own history.
  const full = await take(c, 'triangle-full', { intimacy: 6, passion: 8, commitment: 5 });
  assert.equal(full.body.change, undefined);
});

test("results are worded in the request's language: Spanish with accept-language es, English otherwise", async () => {
  const c = await person();
  const es = { headers: { 'accept-language': 'es-ES,es;q=0.9,en;q=0.8' } };
  await take(c, 'triangle-short', { intimacy: 8, passion: 3, commitment: 7 });
  const r = await take(c, 'triangle-short', { intimacy: 8, passion: 6, commitment: 7 }, {});
  const spanish = await c.post('/api/v1/triangle/assessments',
    { form: 'triangle-short', perspective: 'real', answers: answersFor('triangle-short', { intimacy: 8, passion: 9, commitment: 7 }) }, es);
  assert.equal(spanish.status, 201);
  assert.equal(spanish.body.kind_of_love, 'consummate');
  assert.equal(spanish.body.kind_text.title, 'Amor consumado');
  assert.equal(spanish.body.kind_text.summary, 'La intimidad, la pasión y el compromiso son fuertes.');
  assert.equal(spanish.body.change.by_subscale.passion.text, 'claramente por encima de la última vez (sube 3,0 puntos)');
  assert.equal(spanish.body.change.by_subscale.intimacy.text, 'igual que la última vez');
  // The same result read again: in Spanish when asked, in English without the header.
  const again = await c.get(`/api/v1/triangle/assessments/${r.body.id}`, es);
  assert.equal(again.body.kind_text.title, 'Amor consumado');
  assert.equal(again.body.kind_text.summary, 'La intimidad y el compromiso son fuertes, y la pasión es moderada.');
  assert.equal(again.body.change.by_subscale.passion.text, 'claramente por encima de la última vez (sube 3,0 puntos)');
  const english = await c.get(`/api/v1/triangle/assessments/${r.body.id}`);
  assert.equal(english.body.kind_text.title, 'Consummate love');
  assert.equal(english.body.kind_text.summary, 'Intimacy and commitment are strong, and passion is moderate.');
  assert.equal(english.body.change.by_subscale.passion.text, 'clearly higher than last time (up 3.0 points)');
  // English first wins; an unsupported language falls back to English.
  const enFirst = await c.get(`/api/v1/triangle/assessments/${r.body.id}`, { headers: { 'accept-language': 'en-GB,es;q=0.5' } });
  assert.equal(enFirst.body.kind_text.title, 'Consummate love');
  const german = await c.get(`/api/v1/triangle/assessments/${r.body.id}`, { headers: { 'accept-language': 'de' } });
  assert.equal(german.body.kind_text.title, 'Consummate love');
  // The gap with the ideal, in the couple view.
  await c.post('/api/v1/triangle/assessments', { form: 'triangle-short', perspective: 'ideal', answers: answersFor('triangle-short', { intimacy: 8, passion: 5, commitment: 7 }) });
  const v = (await c.get('/api/v1/triangle/couple', es)).body;
  assert.equal(v.comparison.real_vs_ideal.passion.text, 'tu ideal está claramente por debajo de hoy (4,0 puntos menos)');
  assert.equal(v.comparison.real_vs_ideal.intimacy.text, 'tu ideal es igual que hoy');
  assert.equal(v.mine.real.kind_text.title, 'Amor consumado');
  const ve = (await c.get('/api/v1/triangle/couple')).body;
  assert.equal(ve.comparison.real_vs_ideal.passion.text, 'your ideal is clearly lower than today (by 4.0 points)');
});

test('bad answers get a 400 naming the items, and nothing is stored', async () => {
  const c = await person();
  const good = answersFor('triangle-short', { intimacy: 5, passion: 5, commitment: 5 });
  const { i01, ...missing } = good;
  const cases = [
    [{ form: 'triangle-short', perspective: 'real', answers: missing }, 'answers.i01', 'missing'],
    [{ form: 'triangle-short', perspective: 'real', answers: { ...good, i02: 0 } }, 'answers.i02', 'range'],
    [{ form: 'triangle-short', perspective: 'real', answers: { ...good, i02: 10 } }, 'answers.i02', 'range'],
    [{ form: 'triangle-short', perspective: 'real', answers: { ...good, i02: 5.5 } }, 'answers.i02', 'type'],
    [{ form: 'triangle-short', perspective: 'real', answers: { ...good, i02: '5' } }, 'answers.i02', 'type'],
    [{ form: 'triangle-short', perspective: 'real', answers: { ...good, x99: 5 } }, 'answers.x99', 'unknown_item'],
    [{ form: 'triangle-short', perspective: 'real', answers: { ...good, i04: 5 } }, 'answers.i04', 'unknown_item'],
    [{ form: 'triangle-short', perspective: 'real', answers: [1, 2] }, 'answers', 'type'],
    [{ form: 'nope', perspective: 'real', answers: good }, 'form', 'unknown'],
    [{ form: 'triangle-short', perspective: 'wished', answers: good }, 'perspective', 'invalid'],
    [{ form: 'triangle-short', answers: good }, 'perspective', 'required'],
    [{ form: 'triangle-short', perspective: 'real', answers: good, share_with_partner: 'yes' }, 'share_with_partner', 'type'],
  ];
  for (const [body, field, code] of cases) {
    const r = await c.post('/api/v1/triangle/assessments', body);
    assertProblem(r, 400);
    assert.ok(r.body.errors.some((e) => e.field === field && e.code === code), `${field}:${code} in ${r.text}`);
  }
  assertProblem(await c.post('/api/v1/triangle/assessments', { form: 'triangle-short', perspective: 'real', answers: good, extra: 1 }), 400);
  assertProblem(await c.request('POST', '/api/v1/triangle/assessments', { body: 'form=x' }), 415);
  assert.deepEqual((await c.get('/api/v1/triangle/assessments')).body.assessments, []);
});

test('history is mine alone, newest first; results can be read, shared and deleted only by their owner', async () => {
  const a = await person();
  const b = await person();
  const one = await take(a, 'triangle-short', { intimacy: 4, passion: 4, commitment: 4 });
  const two = await take(a, 'triangle-short', { intimacy: 6, passion: 6, commitment: 6 });
  const ideal = await a.post('/api/v1/triangle/assessments', { form: 'triangle-short', perspective: 'ideal', answers: answersFor('triangle-short', { intimacy: 9, passion: 8, commitment: 9 }) });
  assert.equal(ideal.status, 201);
  const history = (await a.get('/api/v1/triangle/assessments')).body.assessments;
  assert.deepEqual(history.map((h) => h.id), [ideal.body.id, two.body.id, one.body.id]);
  assert.equal(history[1].change.previous_id, one.body.id);
  assert.deepEqual((await a.get('/api/v1/triangle/assessments?perspective=ideal')).body.assessments.map((h) => h.id), [ideal.body.id]);
  assert.equal((await a.get('/api/v1/triangle/assessments?limit=1')).body.assessments.length, 1);
  assertProblem(await a.get('/api/v1/triangle/assessments?limit=0'), 400);
  assertProblem(await a.get('/api/v1/triangle/assessments?perspective=other'), 400);
  assert.deepEqual((await b.get('/api/v1/triangle/assessments')).body.assessments, []);
  assert.equal((await a.get(`/api/v1/triangle/assessments/${two.body.id}`)).body.change.previous_id, one.body.id);
  for (const [m, body] of [['GET'], ['PATCH', { share_with_partner: true }], ['DELETE']]) {
    assertProblem(await b.request(m, `/api/v1/triangle/assessments/${one.body.id}`, body ? { json: body } : {}), 404);
  }
  const shared = await a.patch(`/api/v1/triangle/assessments/${one.body.id}`, { share_with_partner: true });
  assert.equal(shared.body.share_with_partner, true);
  assertProblem(await a.patch(`/api/v1/triangle/assessments/${one.body.id}`, { share_with_partner: 1 }), 400);
  assert.equal((await a.delete(`/api/v1/triangle/assessments/${one.body.id}`)).status, 204);
  assertProblem(await a.get(`/api/v1/triangle/assessments/${one.body.id}`), 404);
  assertProblem(await a.delete(`/api/v1/triangle/assessments/${one.body.id}`), 404);
});

test('instruments are served compressed when the client accepts it, with Vary and an ETag', async () => {
  const c = await person();
  const auth = { authorization: `Bearer ${c.token}` };
  for (const path of ['/api/v1/instruments/triangle-full', '/api/v1/instruments']) {
    const plain = await rawGet(server.base + path, { ...auth, 'accept-encoding': 'identity' });
    const gz = await rawGet(server.base + path, { ...auth, 'accept-encoding': 'gzip, deflate' });
    assert.equal(plain.status, 200, path);
    assert.equal(gz.status, 200, path);
    assert.equal(plain.headers['content-encoding'], undefined, path);
    assert.equal(gz.headers['content-encoding'], 'gzip', path);
    assert.deepEqual(JSON.parse(gunzipSync(gz.body).toString('utf8')), JSON.parse(plain.body.toString('utf8')), path);
    assert.ok(gz.body.length < plain.body.length, `${path}: ${gz.body.length} of ${plain.body.length} bytes`);
    for (const r of [plain, gz]) {
      assert.match(r.headers.vary, /accept-encoding/i, path);
      assert.equal(r.headers['cache-control'], 'private, no-cache', path);
      assert.match(r.headers.etag, /^"[0-9a-f]+(-gzip)?"$/, path);
    }
    assert.notEqual(gz.headers.etag, plain.headers.etag, 'each encoding has its own strong ETag');
    const again = await rawGet(server.base + path, { ...auth, 'accept-encoding': 'gzip', 'if-none-match': gz.headers.etag });
    assert.equal(again.status, 304, path);
    assert.equal(again.body.length, 0, path);
  }
  // The same through fetch, which decodes it.
  const fetched = await c.get('/api/v1/instruments/triangle-short', { headers: { 'accept-encoding': 'gzip' } });
  assert.equal(fetched.headers.get('content-encoding'), 'gzip');
  assert.equal(fetched.body.id, 'triangle-short');
  // Answers that carry a person's data are never compressed (BREACH), nor cached.
  await take(c, 'triangle-short', { intimacy: 6, passion: 5, commitment: 7 });
  for (const path of ['/api/v1/triangle/couple', '/api/v1/triangle/assessments', '/api/v1/sessions/current', '/api/v1/me']) {
    const r = await rawGet(server.base + path, { ...auth, 'accept-encoding': 'gzip, br' });
    assert.equal(r.status, 200, path);
    assert.equal(r.headers['content-encoding'], undefined, path);
    assert.equal(r.headers['cache-control'], 'no-store', path);
  }
});

test('a draft saves answers as one goes, resumes elsewhere, and ends when the check is done', async () => {
  const c = await person();
  const none = await c.get('/api/v1/triangle/draft');
  assert.equal(none.status, 204, 'no check in progress is no content, not an error');
  assert.equal(none.text, '');
  const put = await c.put('/api/v1/triangle/draft', { form: 'triangle-short', perspective: 'real', answers: { i01: 7, i02: 6 } });
  assert.equal(put.status, 200, put.text);
  const other = new Client(server.base);
  other.token = (await other.post('/api/v1/sessions', { email: c.email, password: c.password })).body.token;
  const resumed = await other.get('/api/v1/triangle/draft');
  assert.deepEqual([resumed.body.form, resumed.body.answers], ['triangle-short', { i01: 7, i02: 6 }]);
  assertProblem(await c.put('/api/v1/triangle/draft', { form: 'triangle-short', perspective: 'real', answers: { i01: 12 } }), 400);
  assertProblem(await c.put('/api/v1/triangle/draft', { form: 'triangle-short', perspective: 'real', answers: { zz: 1 } }), 400);
  assert.deepEqual((await c.get('/api/v1/triangle/draft')).body.answers, { i01: 7, i02: 6 }, 'refused drafts change nothing');
  await take(c, 'triangle-short', { intimacy: 7, passion: 7, commitment: 7 });
  assert.equal((await c.get('/api/v1/triangle/draft')).status, 204);
  await c.put('/api/v1/triangle/draft', { form: 'triangle-full', perspective: 'ideal', answers: {} });
  assert.equal((await c.delete('/api/v1/triangle/draft')).status, 204);
  assert.equal((await c.get('/api/v1/triangle/draft')).status, 204);
  assertProblem(await new Client(server.base).get('/api/v1/triangle/draft'), 401);
});

test('the couple view compares my real and ideal triangles, flagging gaps beyond noise', async () => {
  const c = await person();
  await take(c, 'triangle-short', { intimacy: 6, passion: 4, commitment: 8 });
  await c.post('/api/v1/triangle/assessments', { form: 'triangle-short', perspective: 'ideal', answers: answersFor('triangle-short', { intimacy: 7, passion: 8, commitment: 8 }) });
  const v = (await c.get('/api/v1/triangle/couple')).body;
  assert.equal(v.form, 'triangle-short');
  assert.equal(v.partner_status, 'not_in_couple');
  assert.equal(v.partner, null);
  assert.deepEqual(v.comparison.real_vs_ideal.intimacy, { delta: 1, criterion: criterion('triangle-short', 'intimacy'), reliable: false,
    size: 'about_same', text: 'your ideal is about the same as today (1.0 points apart, too small to mean much)' });
  assert.deepEqual(v.comparison.real_vs_ideal.passion, { delta: 4, criterion: criterion('triangle-short', 'passion'), reliable: true,
    size: 'clearly', text: 'your ideal is clearly higher than today (by 4.0 points)' });
  assert.equal(v.comparison.real_vs_ideal.commitment.text, 'your ideal is the same as today');
  assert.equal(v.comparison.partner_vs_me, null);
  assert.deepEqual(v.mine.ideal.scores, { intimacy: 7, passion: 8, commitment: 8 });
});

test("a partner's numbers appear only when both shared the same form within 30 days (many random patterns)", async () => {
  const day = 86400000;
  let seed = 7;
  const rand = (n) => { seed = (seed * 1103515245 + 12345) % 2147483648; return seed % n; };
  for (let round = 0; round < 12; round++) {
    const [a, b] = await couple();
    const aForm = ['triangle-short', 'triangle-full'][rand(2)];
    const bForm = rand(3) === 0 ? (aForm === 'triangle-short' ? 'triangle-full' : 'triangle-short') : aForm;
    const aTakes = rand(4) !== 0;
    const aShares = rand(2) === 0;
    const aOld = rand(4) === 0;
    const bShares = rand(3) !== 0;
    let aResult = null;
    if (aTakes) {
      aResult = (await take(a, aForm, { intimacy: 3, passion: 7, commitment: 2 }, { share_with_partner: aShares })).body;
      if (aOld) sql(server.database, `UPDATE assessments SET taken_at = ${Date.now() - 31 * day} WHERE id = '${aResult.id}'`);
    }
    const bResult = (await take(b, bForm, { intimacy: 8, passion: 5, commitment: 9 }, { share_with_partner: bShares })).body;
    const shouldShow = aTakes && !aOld && aShares && bShares && aForm === bForm;

    // Everything B can ask the triangle endpoints.
    const responses = [
      await b.get('/api/v1/triangle/couple'),
      await b.get('/api/v1/triangle/assessments'),
      await b.get(`/api/v1/triangle/assessments/${bResult.id}`),
      await b.get('/api/v1/triangle/draft'),
    ];
    if (aResult) responses.push(await b.get(`/api/v1/triangle/assessments/${aResult.id}`));
    const view = responses[0].body;
    const label = JSON.stringify({ aForm, bForm, aTakes, aShares, aOld, bShares });
    if (shouldShow) {
      assert.equal(view.partner_status, 'shown', label);
      assert.deepEqual(view.partner.scores, { intimacy: 3, passion: 7, commitment: 2 }, label);
      assert.ok(!('answers' in view.partner), 'answers are never shown');
      assert.deepEqual(view.comparison.partner_vs_me.intimacy.delta, -5);
      assert.equal(view.comparison.partner_vs_me.intimacy.text, `${view.partner_name}'s is clearly lower than yours (by 5.0 points)`);
      assert.deepEqual([view.partner.kind_of_love, view.partner.kind_text.title], ['infatuation', 'Infatuation']);
      assert.ok(!('description' in view.partner.kind_text) && !('also_near' in view.partner), 'the partner sees names, not notes');
    } else {
      assert.equal(view.partner, null, label);
      assert.equal(view.comparison.partner_vs_me, null, label);
      assert.ok(['waiting_for_partner', 'not_shared'].includes(view.partner_status), label);
      assert.equal(view.partner_status, bShares ? 'waiting_for_partner' : 'not_shared', label);
      for (const r of responses) {
        if (aResult) assert.ok(!r.text.includes(aResult.id), `${label}: A's result id leaked`);
        assert.ok(!/"partner":\{/.test(r.text), `${label}: partner numbers leaked`);
      }
    }
    if (aResult) assertProblem(responses[responses.length - 1], 404);
  }
});

test('leaving the couple ends sharing at once', async () => {
  const [a, b] = await couple();
  await take(a, 'triangle-short', { intimacy: 6, passion: 6, commitment: 6 }, { share_with_partner: true });
  await take(b, 'triangle-short', { intimacy: 7, passion: 7, commitment: 7 }, { share_with_partner: true });
  assert.equal((await b.get('/api/v1/triangle/couple')).body.partner_status, 'shown');
  assert.equal((await a.delete('/api/v1/couple/membership')).status, 204);
  for (const c of [a, b]) {
    const v = (await c.get('/api/v1/triangle/couple')).body;
    assert.deepEqual([v.partner_status, v.partner], ['not_in_couple', null]);
  }
});

test('a broken instrument file stops the server, naming the file and the field', async () => {
  const { mkdtempSync, mkdirSync, writeFileSync, copyFileSync, cpSync } = await import('node:fs');
  const { tmpdir } = await import('node:os');
  const dir = mkdtempSync(join(tmpdir(), 'rekindle-content-'));
  for (const feature of ['daily', 'desires', 'conversations', 'care']) cpSync(join(root, 'content', feature), join(dir, feature), { recursive: true });
  mkdirSync(join(dir, 'instruments'));
  copyFileSync(join(root, 'content/instruments/triangle-short.json'), join(dir, 'instruments/triangle-short.json'));
  const broken = structuredClone(files['triangle-short']);
  broken.id = 'clinic-scale';
  broken.items[3].subscale = 'intimcy';
  writeFileSync(join(dir, 'instruments/clinic-scale.json'), JSON.stringify(broken));
  await assert.rejects(startServer({ env: { REKINDLE_CONTENT_DIR: dir } }), /clinic-scale\.json: items\[3\]\.subscale: names no subscale/);
  // Fixed, the clinic's instrument is scored with no code change.
  broken.items[3].subscale = 'intimacy';
  writeFileSync(join(dir, 'instruments/clinic-scale.json'), JSON.stringify(broken));
  const s = await startServer({ env: { REKINDLE_CONTENT_DIR: dir } });
  try {
    const c = new Client(s.base);
    await c.signUp();
    const r = await c.post('/api/v1/triangle/assessments', { form: 'clinic-scale', perspective: 'real', answers: answersFor('triangle-short', { intimacy: 5, passion: 6, commitment: 7 }) });
    assert.equal(r.status, 201, r.text);
    assert.deepEqual(r.body.scores, { intimacy: 5, passion: 6, commitment: 7 });
  } finally {
    await s.stop();
  }
});

test('a stored result still reads after its instrument file changed', async () => {
  const c = await person();
  const r = (await take(c, 'triangle-short', { intimacy: 6, passion: 6, commitment: 6 })).body;
  sql(server.database, `UPDATE assessments SET scores = '{"intimacy":6,"passion":6}' WHERE id = '${r.id}'`);
  const got = await c.get(`/api/v1/triangle/assessments/${r.id}`);
  assert.equal(got.status, 200, got.text);
  assert.equal(got.body.kind_of_love, undefined);
  assert.equal((await c.get('/api/v1/triangle/couple')).status, 200);
});
