// Crash consistency: many clients write at once — chat messages over HTTP and over the
// live socket, daily answers, desire answers, drafts and assessments, password changes,
// sign-ups, invites and joins, job enqueues — and the server is killed with SIGKILL
// (on PostgreSQL, every other round the postmaster instead, which is then started again
// with pg_ctl) while writes are in flight. After each kill the test checks, through the
// API and the database, that every acknowledged write (a 2xx the client received) is
// there, and that each write whose answer never came is all there or not there at all:
// an assessment and the deletion of its draft, a join (invite used, couple, both
// members), a password change (new hash, other sessions ended), N jobs of one request.
//
//   CRASH_ROUNDS  kills per database (default 4)
//   CRASH_WRITES  acknowledged writes between two kills (default 300)
//
// On PostgreSQL the test kills the postmaster of the cluster it runs in, so it must have
// a cluster of its own (`make crash-test` and `make test` give it one).
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { Client, startServer, freshDatabase, sql, dbKind, newCouple } from '../support/server.mjs';
import { openLive } from '../support/live.mjs';

const ROUNDS = Number(process.env.CRASH_ROUNDS ?? 4);
const WRITES = Number(process.env.CRASH_WRITES ?? 300);
const COUPLES = 4;
// Workers run their jobs while the server is killed; the purge never deletes what we count.
const ENV = { REKINDLE_JOBS_POLL_MS: '50', REKINDLE_JOBS_LEASE_MS: '2000' };

const unique = () => randomBytes(6).toString('hex');
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

// What was written: per kind, writes acknowledged, checked (found, or overwritten by a
// later acknowledged write that was found, after a kill) and lost; writes in flight at a
// kill, and how many of those were found applied. A loss or a half-applied change fails
// the test at once, naming it.
const tally = {};
function count(kind, field, n = 1) {
  tally[kind] ??= { acked: 0, checked: 0, lost: 0, in_flight: 0, applied: 0 };
  tally[kind][field] += n;
}
// After a check that passed: everything acknowledged so far was checked.
function checked() {
  for (const t of Object.values(tally)) t.checked = t.acked;
}
// The same totals by what was killed: the writes of each round go to its kill.
const byKill = {};
const totals = () => Object.values(tally).reduce((sum, t) => {
  for (const k of Object.keys(t)) sum[k] = (sum[k] ?? 0) + t[k];
  return sum;
}, { acked: 0, checked: 0, lost: 0, in_flight: 0, applied: 0 });

// ---- The cluster, for killing the postmaster -------------------------------------------

const pgData = process.env.REKINDLE_TEST_PG_DATA;
function pgCtl(...args) {
  const cmd = `${process.env.REKINDLE_TEST_PG_BIN}/pg_ctl`;
  const [file, argv] = process.getuid() === 0 ? ['runuser', ['-u', 'postgres', '--', cmd, ...args]] : [cmd, args];
  return spawnSync(file, argv, { encoding: 'utf8' });
}
function killPostmaster() {
  const pid = Number(readFileSync(`${pgData}/postmaster.pid`, 'utf8').split('\n')[0]);
  process.kill(pid, 'SIGKILL');
}
// Starts the cluster again once the killed postmaster's backends have gone.
async function startPostgres() {
  for (let i = 0; ; i++) {
    const r = pgCtl('-D', pgData, '-l', `${pgData}/../server.log`, '-w', '-t', '60', 'start');
    if (r.status === 0) return;
    if (i === 100) throw new Error(`pg_ctl start failed: ${r.stdout}${r.stderr}`);
    await sleep(200);
  }
}

// ---- Requests ---------------------------------------------------------------------------

// A request whose answer may never come: resolves to the response, or null when the
// connection broke or the server answered 5xx (the write may or may not have happened).
// Any other refusal is a bug in this test or the server.
async function attempt(c, method, path, json) {
  let r;
  try {
    r = await c.request(method, path, { json });
  } catch {
    return null;
  }
  if (r.status >= 500) return null;
  assert.ok(r.status < 300, `${method} ${path}: ${r.status} ${r.text}`);
  return r;
}

// Checks after a restart; on PostgreSQL the pool's first use of a connection that the
// postmaster's death broke answers 503 (and reconnects), so they are retried.
async function retried(request) {
  for (let i = 0; ; i++) {
    const r = await request();
    if (r.status !== 503 || i === 50) return r;
    await sleep(100);
  }
}
const read = (c, path) => retried(() => c.get(path));
async function readOk(c, path) {
  const r = await read(c, path);
  assert.equal(r.status, 200, `GET ${path}: ${r.text}`);
  return r.body;
}

// ---- The writers ------------------------------------------------------------------------
// Each writer sends one request at a time and keeps a model of what it was told; `pending`
// is the write whose answer had not come when the server died.

class Chat {
  constructor() { this.acked = new Map(); this.pending = []; }
  async verify(member) {
    const seen = new Map();
    let before = '';
    for (;;) {
      const page = await readOk(member, `/api/v1/chat/messages?limit=200${before}`);
      for (const m of page.messages) {
        assert.ok(!seen.has(m.id));
        seen.set(m.id, m.text);
      }
      if (page.messages.length < 200) break;
      before = `&before=${page.messages.at(-1).id}`;
    }
    const texts = new Map();
    for (const text of seen.values()) texts.set(text, (texts.get(text) ?? 0) + 1);
    for (const [id, { text, kind }] of this.acked) {
      if (seen.get(id) !== text) count(kind, 'lost');
      assert.equal(seen.get(id), text, `acknowledged ${kind} ${id} is there`);
    }
    for (const { text, kind } of this.pending) {
      const n = texts.get(text) ?? 0;
      assert.ok(n <= 1, `an unanswered ${kind} is stored at most once`);
      count(kind, 'in_flight');
      if (n) {
        count(kind, 'applied');
        const id = [...seen].find(([, t]) => t === text)[0];
        this.acked.set(id, { text, kind });
      }
    }
    this.pending = [];
    assert.equal([...texts.values()].filter((n) => n > 1).length, 0, 'no message is stored twice');
  }
}

// One couple: A answers the daily question (B never does, so it stays editable), takes
// the triangle check (draft, then assessment) and posts chat over HTTP; B posts chat over
// the live socket and changes the password; both answer the desire map.
class Couple {
  constructor(a, b, items, form) {
    Object.assign(this, { a, b, items, form });
    this.chat = new Chat();
    this.daily = { date: null, acked: null, pending: undefined };
    this.desires = new Map();  // `${who}:${item}` → { acked, pending }
    this.triangle = { assessments: new Set(), draft: false, pending: null };
    this.password = { current: b.password, other: null, pending: null };
    this.lastLiveSend = 0;
  }

  async connect(base) {
    this.a.base = base;
    this.b.base = base;
    this.live = await openLive(base, { token: this.b.token });
    this.daily.date ??= (await readOk(this.a, '/api/v1/daily')).date;
  }

  // One write; returns false when its answer never came.
  async step() {
    const ops = ['chat', 'daily', 'desire', 'triangle', 'password', 'chatLive', 'desireB'];
    const op = ops[Math.floor(Math.random() * ops.length)];
    if (op === 'chatLive' && Date.now() - this.lastLiveSend > 120) return this.chatLive();
    if (op === 'chat' || op === 'chatLive') return this.chatHttp();
    if (op === 'daily') return this.answerDaily();
    if (op === 'desire' || op === 'desireB') return this.answerDesire(op === 'desire' ? 'a' : 'b');
    if (op === 'triangle') return this.takeCheck();
    return this.changePassword();
  }

  async chatHttp() {
    const text = `http ${unique()}`;
    const r = await attempt(this.a, 'POST', '/api/v1/chat/messages', { text });
    return this.chatAnswer('chat (HTTP)', text, r?.body.id);
  }

  async chatLive() {
    this.lastLiveSend = Date.now();
    const text = `live ${unique()}`;
    const answer = await Promise.race([this.live.request({ type: 'chat.send', text }, 30000),
      this.live.closed.then(() => ({ type: 'closed' }))]).catch(() => ({ type: 'closed' }));
    // Refused only when the database went away (unavailable or internal).
    assert.ok(['ack', 'closed', 'unavailable', 'internal'].includes(answer.code ?? answer.type), JSON.stringify(answer));
    return this.chatAnswer('chat (live)', text, answer.type === 'ack' ? answer.ref : undefined);
  }

  chatAnswer(kind, text, id) {
    if (!id) { this.chat.pending.push({ text, kind }); return false; }
    this.chat.acked.set(id, { text, kind });
    count(kind, 'acked');
    return true;
  }

  async answerDaily() {
    const text = `daily ${unique()}`;
    const r = await attempt(this.a, 'PUT', `/api/v1/daily/${this.daily.date}/answer`, { text });
    if (!r) { this.daily.pending = text; return false; }
    this.daily.acked = text;
    count('daily answer', 'acked');
    return true;
  }

  async answerDesire(who) {
    const item = this.items[Math.floor(Math.random() * this.items.length)];
    const answer = ['yes', 'maybe', 'no'][Math.floor(Math.random() * 3)];
    const key = `${who}:${item}`;
    const model = this.desires.get(key) ?? { acked: undefined, pending: undefined };
    this.desires.set(key, model);
    const r = await attempt(this[who], 'PUT', `/api/v1/desires/${item}/mine`, { answer });
    if (!r) { model.pending = answer; return false; }
    model.acked = answer;
    count('desire answer', 'acked');
    return true;
  }

  // A draft first; then the assessment that ends it, in one transaction.
  async takeCheck() {
    const t = this.triangle;
    const answers = Object.fromEntries(this.form.map((id) => [id, 1 + Math.floor(Math.random() * 9)]));
    if (!t.draft) {
      const partial = Object.fromEntries(Object.entries(answers).slice(0, 5));
      const r = await attempt(this.a, 'PUT', '/api/v1/triangle/draft', { form: 'triangle-short', perspective: 'real', answers: partial });
      if (!r) { t.pending = 'draft'; return false; }
      t.draft = true;
      count('triangle draft', 'acked');
      return true;
    }
    const r = await attempt(this.a, 'POST', '/api/v1/triangle/assessments', { form: 'triangle-short', perspective: 'real', answers });
    if (!r) { t.pending = 'assessment'; return false; }
    t.assessments.add(r.body.id);
    t.draft = false;
    count('assessment + draft ended', 'acked');
    return true;
  }

  // A second session, then a password change that must end it.
  async changePassword() {
    const p = this.password;
    if (!p.other) {
      const r = await attempt(this.b, 'POST', '/api/v1/sessions', { email: this.b.email, password: p.current });
      if (!r) return false;  // a session more or less changes nothing checked here
      p.other = r.body.token;
      count('sign-in', 'acked');
      return true;
    }
    const next = `harbour lantern ${unique()} quietly`;
    const r = await attempt(this.b, 'POST', '/api/v1/me/password', { current_password: p.current, new_password: next });
    if (!r) { p.pending = next; return false; }
    p.current = next;
    p.ended = p.other;
    p.other = null;
    count('password change', 'acked');
    return true;
  }

  async verify() {
    await this.chat.verify(this.a);

    const d = this.daily;
    const day = await readOk(this.a, '/api/v1/daily');
    const mine = day.date === d.date ? day.mine
      : (await readOk(this.a, '/api/v1/daily/history?limit=5')).days.find((x) => x.date === d.date)?.mine ?? null;
    if (d.pending !== undefined) {
      count('daily answer', 'in_flight');
      if (mine === d.pending) { count('daily answer', 'applied'); d.acked = mine; }
      d.pending = undefined;
    }
    if (mine !== d.acked) count('daily answer', 'lost');
    assert.equal(mine, d.acked, 'the last acknowledged daily answer is there');

    for (const who of ['a', 'b']) {
      const answers = (await readOk(this[who], '/api/v1/desires/mine')).answers;
      for (const [key, model] of this.desires) {
        if (!key.startsWith(`${who}:`)) continue;
        const have = answers[key.slice(2)];
        if (model.pending !== undefined) {
          count('desire answer', 'in_flight');
          if (have === model.pending && have !== model.acked) count('desire answer', 'applied');
          if (have === model.pending) model.acked = have;
          model.pending = undefined;
        }
        if (have !== model.acked) count('desire answer', 'lost');
        assert.equal(have, model.acked, `the last acknowledged desire answer for ${key}`);
      }
    }

    const t = this.triangle;
    const listed = new Set((await readOk(this.a, '/api/v1/triangle/assessments?limit=500')).assessments.map((x) => x.id));
    const draft = (await read(this.a, '/api/v1/triangle/draft')).status === 200;
    for (const id of t.assessments) if (!listed.has(id)) count('assessment + draft ended', 'lost');
    assert.ok([...t.assessments].every((id) => listed.has(id)), 'every acknowledged assessment is there');
    const extra = [...listed].filter((id) => !t.assessments.has(id));
    if (t.pending === 'assessment') {
      count('assessment + draft ended', 'in_flight');
      assert.ok(extra.length <= 1);
      // All or nothing: the assessment and the end of its draft.
      assert.equal(draft, extra.length === 0, `assessment ${extra.length ? 'stored' : 'missing'} and draft ${draft ? 'kept' : 'gone'}`);
      if (extra.length) { count('assessment + draft ended', 'applied'); t.assessments.add(extra[0]); t.draft = false; }
    } else {
      assert.equal(extra.length, 0);
      if (t.pending === 'draft') {
        count('triangle draft', 'in_flight');
        if (draft) count('triangle draft', 'applied');
        t.draft = draft;
      } else {
        if (t.draft && !draft) count('triangle draft', 'lost');
        assert.equal(draft, t.draft, 'the acknowledged draft is there');
      }
    }
    t.pending = null;

    // The password: all or nothing, without a failed sign-in (those are rate-limited).
    const p = this.password;
    const signIn = async (password) =>
      (await retried(() => this.b.post('/api/v1/sessions', { email: this.b.email, password }, { auth: false }))).status;
    const alive = async (token) => (await read(Object.assign(new Client(this.b.base), { token }), '/api/v1/me')).status === 200;
    if (p.pending) {
      count('password change', 'in_flight');
      const otherAlive = p.other ? await alive(p.other) : null;
      // The other session ended exactly when the new password took.
      const changed = otherAlive === null ? (await signIn(p.pending)) === 201 : !otherAlive;
      assert.equal(await signIn(changed ? p.pending : p.current), 201, `password change ${changed ? 'applied' : 'not applied'} entirely`);
      if (changed) { count('password change', 'applied'); p.current = p.pending; p.ended = p.other; p.other = null; }
      p.pending = null;
    } else if (p.ended) {
      const state = { new_password: (await signIn(p.current)) === 201, other_session_ended: !(await alive(p.ended)) };
      if (!state.new_password || !state.other_session_ended) count('password change', 'lost');
      assert.deepEqual(state, { new_password: true, other_session_ended: true }, 'the acknowledged password change is there');
    }
    if (p.other) assert.ok(await alive(p.other), 'a session from an acknowledged sign-in is there');
  }
}

// Sign-ups, invites and joins: new couples form while the server dies.
class Matchmaker {
  constructor() { this.people = []; this.joins = []; this.pending = null; }
  async step(base) {
    const x = new Client(base);
    const y = new Client(base);
    for (const p of [x, y]) {
      try { await p.signUp(); } catch { return false; }
      this.people.push(p);
      count('sign-up', 'acked');
    }
    const invite = await attempt(x, 'POST', '/api/v1/couple/invites');
    if (!invite) return false;
    count('invite', 'acked');
    const code = invite.body.code;
    const join = await attempt(y, 'POST', '/api/v1/couple/join', { code });
    if (!join) { this.pending = { x, y, code }; return false; }
    this.joins.push({ x, y, code });
    count('couple join', 'acked');
    return true;
  }
  async verify(database, base) {
    for (const p of this.people) {
      p.base = base;
      const ok = (await read(p, '/api/v1/me')).status === 200;
      if (!ok) count('sign-up', 'lost');
      assert.ok(ok, 'an acknowledged sign-up (person and session) is there');
    }
    // Two queries for every join: used invites, and current members by person.
    const rows = (q) => sql(database, q).trim().split('\n').filter(Boolean).map((l) => l.split('|'));
    const usedBy = new Map(rows('SELECT code, used_by FROM couple_invites WHERE used_at IS NOT NULL'));
    const coupleOf = new Map(rows('SELECT user_id, couple_id FROM couple_members WHERE left_at IS NULL'));
    const size = new Map();
    for (const c of coupleOf.values()) size.set(c, (size.get(c) ?? 0) + 1);
    const state = ({ x, y, code }) => {
      const cx = coupleOf.get(x.user.id);
      const cy = coupleOf.get(y.user.id);
      const couples = new Set([cx, cy].filter(Boolean)).size;
      return { used: usedBy.get(code.replace('-', '')) === y.user.id, couples, members: couples === 1 && cx === cy ? size.get(cx) : 0 };
    };
    for (const j of this.joins) {
      const s = state(j);
      if (!(s.used && s.couples === 1 && s.members === 2)) count('couple join', 'lost');
      assert.deepEqual(s, { used: true, couples: 1, members: 2 }, 'an acknowledged join is there');
    }
    if (this.pending) {
      const s = state(this.pending);
      count('couple join', 'in_flight');
      // All or nothing: invite used, one couple, both members.
      assert.ok(s.used ? s.couples === 1 && s.members === 2 : s.couples === 0, `half a join: ${JSON.stringify(s)}`);
      if (s.used) { count('couple join', 'applied'); this.joins.push(this.pending); }
      this.pending = null;
    }
  }
}

// Jobs enqueued through requests (rekindle-test's /api/v1/test/jobs), up to ten at once.
class Enqueuer {
  constructor() { this.ids = new Set(); this.pending = 0; }
  async step(base) {
    const n = 1 + Math.floor(Math.random() * 10);
    const r = await attempt(new Client(base), 'POST', '/api/v1/test/jobs', { count: n });
    if (!r) { this.pending = n; return false; }
    for (const id of r.body.first_ids) this.ids.add(id);
    count('job enqueue', 'acked');
    return true;
  }
  verify(database) {
    const stored = new Set(sql(database, "SELECT id FROM jobs WHERE kind = 'test.effect'").trim().split('\n').filter(Boolean));
    const missing = [...this.ids].filter((id) => !stored.has(id)).length;
    if (missing) count('job enqueue', 'lost');
    assert.equal(missing, 0, 'every acknowledged job is there');
    const extra = [...stored].filter((id) => !this.ids.has(id));
    if (this.pending) {
      count('job enqueue', 'in_flight');
      assert.ok(extra.length === 0 || extra.length === this.pending, `all ${this.pending} jobs of a request or none: ${extra.length}`);
      if (extra.length) count('job enqueue', 'applied');
    } else {
      assert.equal(extra.length, 0);
    }
    for (const id of extra) this.ids.add(id);
    this.pending = 0;
    // A job killed halfway left nothing: each job's effect is there at most once.
    assert.equal(sql(database, 'SELECT COUNT(*) - COUNT(DISTINCT job_id) FROM test_job_effects').trim(), '0');
  }
}

// ---- The test ---------------------------------------------------------------------------

async function setUp(base) {
  const couples = [];
  for (let i = 0; i < COUPLES; i++) couples.push(await newCouple(base));
  const items = (await readOk(couples[0][0], '/api/v1/desires')).categories
    .filter((c) => !c.sexual).flatMap((c) => c.items.filter((i) => !i.sexual).map((i) => i.id));
  const form = (await readOk(couples[0][0], '/api/v1/instruments/triangle-short')).items.map((i) => i.id);
  return couples.map(([a, b]) => new Couple(a, b, items, form));
}

// Runs every writer until `target` writes have been acknowledged, then `kill()`s while
// they are still writing, and resolves once each writer has stopped (at its first
// unanswered write, or after its current one).
async function writeUntilKilled(writers, target, kill) {
  let acked = 0;
  let stopping = false;
  let killed;
  const loops = writers.map(async (step) => {
    while (!stopping) {
      if (!(await step())) return;
      if (++acked === target) { killed = kill(); stopping = true; }
    }
  });
  await Promise.all(loops);
  await (killed ?? kill());  // every writer stopped early (refused while the database restarted)
  return acked;
}

after(() => {
  console.log(`crash consistency on ${dbKind}, writes by kind:`);
  console.table(tally);
  console.table(byKill);
});

test(`acknowledged writes survive kill -9 and unanswered ones are all or nothing (${dbKind})`, { timeout: 30 * 60000 }, async () => {
  const database = freshDatabase();
  let server = await startServer({ database, testHooks: true, env: ENV });
  try {
    const couples = await setUp(server.base);
    const matchmaker = new Matchmaker();
    const enqueuer = new Enqueuer();
    for (let round = 0; round < ROUNDS; round++) {
      const postmaster = dbKind === 'postgresql' && round % 2 === 1;
      const base = server.base;
      for (const c of couples) await c.connect(base);
      const writers = [
        ...couples.map((c) => () => c.step()),
        () => matchmaker.step(base),
        () => enqueuer.step(base),
      ];
      const target = Math.round(WRITES * (0.75 + Math.random() / 2));
      const kind = postmaster ? 'postmaster' : 'server';
      const t0 = Date.now();
      const before = totals();
      await writeUntilKilled(writers, target, async () => {
        if (postmaster) {
          killPostmaster();
        } else {
          server.child.kill('SIGKILL');
          assert.equal((await server.exited).signal, 'SIGKILL');
        }
      });
      for (const c of couples) c.live.close();
      const t1 = Date.now();
      if (postmaster) await startPostgres();
      else server = await startServer({ database, testHooks: true, env: ENV });
      const t2 = Date.now();
      for (const c of couples) { c.a.base = server.base; c.b.base = server.base; await c.verify(); }
      await matchmaker.verify(database, server.base);
      enqueuer.verify(database);
      const half = sql(database, 'SELECT couple_id FROM couple_members WHERE left_at IS NULL GROUP BY couple_id HAVING COUNT(*) <> 2').trim();
      assert.equal(half, '', 'every couple has both members');
      checked();
      const now = totals();
      byKill[kind] ??= { kills: 0, acked: 0, checked: 0, lost: 0, in_flight: 0, applied: 0 };
      byKill[kind].kills++;
      for (const k of Object.keys(now)) byKill[kind][k] += now[k] - before[k];
      console.log(`round ${round + 1}: ${kind} killed after ${now.acked - before.acked} acknowledged writes in ${t1 - t0} ms; ` +
        `up again in ${t2 - t1} ms, checked in ${Date.now() - t2} ms`);
    }
    const lost = Object.values(tally).reduce((n, t) => n + t.lost, 0);
    assert.equal(lost, 0);
    // The queue recovered too: every job runs, once its killed run's lease has expired.
    const deadline = Date.now() + 60000;
    const waiting = () => sql(database, "SELECT COUNT(*) FROM jobs WHERE kind = 'test.effect' AND state <> 'done'").trim();
    while (waiting() !== '0' && Date.now() < deadline) await sleep(200);
    assert.equal(waiting(), '0', 'every enqueued job ran');
    assert.equal(sql(database, 'SELECT COUNT(*) - COUNT(DISTINCT job_id) FROM test_job_effects').trim(), '0');
    assert.equal(sql(database, "SELECT COUNT(*) FROM jobs WHERE kind = 'test.effect'").trim(),
      sql(database, 'SELECT COUNT(*) FROM test_job_effects').trim(), 'each job took effect once');
  } finally {
    await server.stop();
    database.drop();
  }
});
