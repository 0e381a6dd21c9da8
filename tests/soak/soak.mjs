// Soak: one server (the release binary) under a realistic mix from 32 people at once for
// SOAK_SECONDS (default 600): each signs up once, then signs in now and then, reads home,
// today's question and the chat, posts chat messages over HTTP and over the live socket,
// answers the daily question and the desire map, takes the triangle check and walks
// through guided conversations. Prints errors (must be 0), latency p50/p99 overall and
// per kind, and the server's RSS at start and end (each after the same idle pause, the
// start after a warm-up) and its peak.
//
//   SOAK_SECONDS    duration of the measured run (default 600)
//   SOAK_PEOPLE     people, each with one HTTP and one live connection (default 32)
//   SOAK_THINK_MS   mean pause between one person's requests (default 100)
//   SOAK_HASH       production (default: argon2id 3 passes, 64 MiB) or cheap (1, 8 MiB)
//   SOAK_WARMUP_SECONDS  the same mix before the measured run (default 15)
//   SOAK_IDLE_MS    idle pause before the RSS readings at start and end (default 10000)
//   REKINDLE_TEST_DB  sqlite (default) or postgresql (under tests/support/with-postgres.sh)
//
// Run it with `make soak`. It exits 1 when there were errors.
import { readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { randomBytes } from 'node:crypto';
import { Client, startServer, dbKind, metricsHeaders } from '../support/server.mjs';
import { openLive } from '../support/live.mjs';

const SECONDS = Number(process.env.SOAK_SECONDS ?? 600);
const PEOPLE = Number(process.env.SOAK_PEOPLE ?? 32);
const THINK_MS = Number(process.env.SOAK_THINK_MS ?? 100);
const HASH = process.env.SOAK_HASH ?? 'production';
const IDLE_MS = Number(process.env.SOAK_IDLE_MS ?? 10000);
const WARMUP_SECONDS = Number(process.env.SOAK_WARMUP_SECONDS ?? 15);

const hashing = HASH === 'cheap'
  ? { REKINDLE_PASSWORDS_HASH_OPS: '1', REKINDLE_PASSWORDS_HASH_MEM_MIB: '8' }
  : { REKINDLE_PASSWORDS_HASH_OPS: '3', REKINDLE_PASSWORDS_HASH_MEM_MIB: '64' };
const server = await startServer({
  env: { ...hashing, REKINDLE_THREADS: String(4 * availableParallelism()), REKINDLE_ACCESS_LOG: 'false' },
});
const rss = () => Number(readFileSync(`/proc/${server.child.pid}/status`, 'utf8').match(/VmRSS:\s+(\d+)/)[1]) / 1024;
const memory = { launch: rss(), start: 0, peak: 0, end: 0, timeline: [] };
// Where the memory is, from the server's own gauges (MiB): the embedded engine (SQLite's
// page caches), the heap in use and held free by the allocator, and people with a live
// replay buffer.
async function breakdown() {
  const text = await (await fetch(`${server.base}/metrics`, { headers: metricsHeaders })).text();
  const gauge = (name) => Number(text.match(new RegExp(`^${name} (\\d+)`, 'm'))?.[1] ?? NaN);
  return {
    rss_mib: +rss().toFixed(1),
    engine_mib: +(gauge('rekindle_db_engine_memory_bytes') / 2 ** 20).toFixed(1),
    heap_in_use_mib: +(gauge('rekindle_heap_in_use_bytes') / 2 ** 20).toFixed(1),
    heap_free_mib: +(gauge('rekindle_heap_free_bytes') / 2 ** 20).toFixed(1),
    live_people_buffered: gauge('rekindle_live_people_buffered'),
  };
}

const latencies = new Map();  // kind → milliseconds
const errors = new Map();     // `kind status` → count
let measuring = false;
let running = false;
let closing = false;

function record(kind, ms, ok, what) {
  if (!ok) errors.set(`${kind} ${what}`, (errors.get(`${kind} ${what}`) ?? 0) + 1);
  if (!measuring) return;
  if (!latencies.has(kind)) latencies.set(kind, []);
  latencies.get(kind).push(ms);
}

// One timed request; `expect` is the status that counts as success.
async function call(kind, c, method, path, json, expect = [200]) {
  const t = performance.now();
  let r;
  try {
    r = await c.request(method, path, { json });
  } catch (e) {
    record(kind, performance.now() - t, false, e.cause?.code ?? e.message);
    return null;
  }
  const ok = expect.includes(r.status);
  record(kind, performance.now() - t, ok, r.status);
  return ok ? r : null;
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const pick = (list) => list[Math.floor(Math.random() * list.length)];
const unique = () => randomBytes(5).toString('hex');

// ---- People ---------------------------------------------------------------------------

class Person {
  constructor(base) { this.c = new Client(base); this.lastLive = 0; }

  async signUp() {
    const t = performance.now();
    await this.c.signUp();
    record('sign-up', performance.now() - t, true);
  }

  // Reading: home (me, couple, triangle), today's question, the chat, the desire map.
  home() {
    return Promise.all([call('home', this.c, 'GET', '/api/v1/me'), call('home', this.c, 'GET', '/api/v1/couple'),
      call('home', this.c, 'GET', '/api/v1/triangle/couple')]);
  }
  readDaily() { return call('daily read', this.c, 'GET', '/api/v1/daily'); }
  readChat() { return call('chat read', this.c, 'GET', '/api/v1/chat/messages?limit=50'); }
  readDesires() { return call('desires read', this.c, 'GET', '/api/v1/desires/matches'); }

  async chatHttp() {
    const r = await call('chat post', this.c, 'POST', '/api/v1/chat/messages', { text: `hello ${unique()}` }, [201]);
    if (r && Math.random() < 0.3) await call('chat read receipt', this.c, 'POST', '/api/v1/chat/read', { up_to: r.body.id }, [204]);
  }

  // Over the socket, at most a few a second (a client that floods is closed).
  async chatLive() {
    if (Date.now() - this.lastLive < 250) return this.chatHttp();
    this.lastLive = Date.now();
    const t = performance.now();
    let answer;
    try {
      answer = await this.live.request({ type: 'chat.send', text: `live ${unique()}` }, 10000);
    } catch (e) {
      answer = { type: 'error', code: e.message };
    }
    record('chat.send (live)', performance.now() - t, answer.type === 'ack', answer.code);
  }

  desire() {
    return call('desire answer', this.c, 'PUT', `/api/v1/desires/${pick(this.items)}/mine`, { answer: pick(['yes', 'maybe', 'no']) });
  }

  async check() {
    const answers = Object.fromEntries(this.form.map((id) => [id, 1 + Math.floor(Math.random() * 9)]));
    const partial = Object.fromEntries(Object.entries(answers).slice(0, 7));
    await call('triangle draft', this.c, 'PUT', '/api/v1/triangle/draft', { form: 'triangle-short', perspective: 'real', answers: partial });
    await call('triangle assessment', this.c, 'POST', '/api/v1/triangle/assessments',
      { form: 'triangle-short', perspective: 'real', answers, share_with_partner: Math.random() < 0.5 }, [201]);
  }

  // A second device signs in, looks around and signs out again.
  async signIn() {
    const device = new Client(this.c.base);
    const r = await call('sign-in', device, 'POST', '/api/v1/sessions', { email: this.c.email, password: this.c.password }, [201]);
    if (!r) return;
    device.token = r.body.token;
    await call('home', device, 'GET', '/api/v1/me');
    await call('sign-out', device, 'DELETE', '/api/v1/sessions/current', undefined, [204]);
  }
}

// The first of a couple answers the daily question (the second never does, so it stays
// open for edits) and leads the guided conversations; both do everything else.
class Couple {
  constructor(a, b, guides) { Object.assign(this, { a, b, guides }); this.talk = null; }

  answerDaily() {
    return call('daily answer', this.a.c, 'PUT', `/api/v1/daily/${this.date}/answer`, { text: `today ${unique()}` });
  }

  async converse() {
    const c = this.a.c;
    if (!this.talk) {
      const guide = pick(this.guides);
      const r = await call('conversation start', c, 'POST', '/api/v1/conversations', { guide: guide.id }, [201]);
      if (r) this.talk = { id: r.body.id, step: r.body.step, last: guide.steps.length - 1 };
      return;
    }
    const t = this.talk;
    if (Math.random() < 0.4) {
      await call('conversation note', c, 'POST', `/api/v1/conversations/${t.id}/notes`, { text: `note ${unique()}`, shared: Math.random() < 0.5 }, [201]);
    } else if (t.step < t.last) {
      if (await call('conversation step', c, 'POST', `/api/v1/conversations/${t.id}/step`, { from: t.step, to: t.step + 1 })) t.step++;
    } else {
      await call('conversation finish', c, 'POST', `/api/v1/conversations/${t.id}/finish`);
      this.talk = null;
    }
  }
}

// What a person does next, by weight.
const MIX = [
  [20, (p) => p.home()], [12, (p) => p.readDaily()], [14, (p) => p.readChat()], [5, (p) => p.readDesires()],
  [12, (p) => p.chatHttp()], [12, (p) => p.chatLive()], [6, (p, k) => (p === k.a ? k.answerDaily() : p.readDaily())],
  [8, (p) => p.desire()], [3, (p) => p.check()], [6, (p, k) => (p === k.a ? k.converse() : p.home())], [0.3, (p) => p.signIn()],
];
const TOTAL = MIX.reduce((n, [w]) => n + w, 0);
function next() {
  let r = Math.random() * TOTAL;
  for (const [w, f] of MIX) if ((r -= w) < 0) return f;
  return MIX[0][1];
}

// ---- The run ----------------------------------------------------------------------------

async function setUp() {
  const people = Array.from({ length: PEOPLE }, () => new Person(server.base));
  for (let i = 0; i < people.length; i += 8) await Promise.all(people.slice(i, i + 8).map((p) => p.signUp()));
  const couples = [];
  const guides = (await people[0].c.get('/api/v1/conversations/guides')).body.guides;
  const items = (await people[0].c.get('/api/v1/desires')).body.categories
    .filter((c) => !c.sexual).flatMap((c) => c.items.filter((i) => !i.sexual).map((i) => i.id));
  const form = (await people[0].c.get('/api/v1/instruments/triangle-short')).body.items.map((i) => i.id);
  for (let i = 0; i + 1 < people.length; i += 2) {
    const [a, b] = [people[i], people[i + 1]];
    const code = (await a.c.post('/api/v1/couple/invites')).body.code;
    const joined = await b.c.post('/api/v1/couple/join', { code });
    if (joined.status !== 201) throw new Error(`join failed: ${joined.text}`);
    const k = new Couple(a, b, guides);
    k.date = (await a.c.get('/api/v1/daily')).body.date;
    couples.push(k);
  }
  for (const p of people) {
    Object.assign(p, { items, form });
    p.live = await openLive(server.base, { token: p.c.token });
    p.live.ws.on('close', (code) => { if (!closing) record('live connection', 0, false, `closed ${code}`); });
  }
  return couples;
}

async function live(p, k) {
  while (running) {
    await next()(p, k);
    // Exponential think time: a person pauses between requests.
    await sleep(-Math.log(1 - Math.random()) * THINK_MS);
  }
}

function percentile(sorted, q) {
  return sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] : NaN;
}

// Everyone acts for `seconds`; the first run warms caches and pools and is not measured.
async function run(seconds, measure) {
  running = true;
  measuring = measure;
  const loops = couples.flatMap((k) => [live(k.a, k), live(k.b, k)]);
  await sleep(seconds * 1000);
  running = false;
  measuring = false;
  await Promise.all(loops);
}

const couples = await setUp();
const sampler = setInterval(() => { memory.peak = Math.max(memory.peak, rss()); }, 1000);
let timeline;
await run(WARMUP_SECONDS, false);
// RSS at start and at end is read after the same idle pause, the live connections open.
await sleep(IDLE_MS);
memory.start = rss();
const where = { start: await breakdown() };
const began = performance.now();
timeline = setInterval(() => { memory.timeline.push(+rss().toFixed(1)); }, 60000);
await run(SECONDS, true);
const elapsed = (performance.now() - began) / 1000;
await sleep(IDLE_MS);
memory.end = rss();
where.end = await breakdown();
clearInterval(sampler);
clearInterval(timeline);
closing = true;
for (const k of couples) for (const p of [k.a, k.b]) p.live.close();
await server.stop();

const all = [];
const rows = {};
for (const [kind, list] of [...latencies].sort((x, y) => y[1].length - x[1].length)) {
  list.sort((x, y) => x - y);
  for (const v of list) all.push(v);  // not push(...list): a long run's list overflows the call stack
  rows[kind] = { requests: list.length, p50_ms: +percentile(list, 0.5).toFixed(2), p99_ms: +percentile(list, 0.99).toFixed(2) };
}
all.sort((x, y) => x - y);
const errorCount = [...errors.values()].reduce((n, e) => n + e, 0);
const mib = (x) => +x.toFixed(1);
console.log(`soak on ${dbKind}: ${PEOPLE} people, ${elapsed.toFixed(0)} s, password hashing ${HASH}, think time ${THINK_MS} ms`);
console.log(`requests ${all.length} (${(all.length / elapsed).toFixed(0)}/s), errors ${errorCount}`);
if (errorCount) console.table(Object.fromEntries(errors));
console.log(`latency p50 ${percentile(all, 0.5).toFixed(2)} ms, p99 ${percentile(all, 0.99).toFixed(2)} ms`);
console.table(rows);
console.log(`server RSS (MiB): launch ${mib(memory.launch)}, start ${mib(memory.start)}, peak ${mib(memory.peak)}, ` +
  `end ${mib(memory.end)} after ${IDLE_MS / 1000} s idle (${(memory.end / memory.start * 100 - 100).toFixed(1)} % against start)`);
console.log(`RSS each minute (MiB): ${memory.timeline.join(', ')}`);
console.table(where);
process.exit(errorCount ? 1 : 0);
