// Starts the real rekindle binary on an ephemeral port for black-box tests, against
// SQLite (a fresh file) or PostgreSQL (a fresh database in the cluster that
// tests/support/with-postgres.sh started), chosen by REKINDLE_TEST_DB.
import { spawn, spawnSync } from 'node:child_process';
import { request as httpRequest } from 'node:http';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { randomBytes } from 'node:crypto';
import assert from 'node:assert/strict';
import { waitForMail, linkToken } from './mail.mjs';

export const root = resolve(new URL('../..', import.meta.url).pathname);
export const binary = process.env.REKINDLE_BIN ?? join(root, 'build', 'rekindle');
// The same server with test hooks (a clock tests can move, /api/v1/test/...).
export const testBinary = process.env.REKINDLE_TEST_BIN ?? join(root, 'build', 'rekindle-test');
export const dbKind = process.env.REKINDLE_TEST_DB ?? 'sqlite';

// A fresh database URL of the selected kind, and a function that removes it.
// Each database has its own data-key file beside it, shared by servers that share it,
// and a folder where those servers write the e-mails they send (mailDir).
export function freshDatabase() {
  const dir = mkdtempSync(join(tmpdir(), 'rekindle-api-'));
  const keyFile = join(dir, 'rekindle.key');
  const mailDir = join(dir, 'mail');
  if (dbKind === 'sqlite') {
    return { url: `sqlite:${join(dir, 'rekindle.db')}`, keyFile, mailDir, drop: () => rmSync(dir, { recursive: true, force: true }) };
  }
  if (dbKind !== 'postgresql') throw new Error(`REKINDLE_TEST_DB must be sqlite or postgresql, not ${dbKind}`);
  const host = process.env.REKINDLE_TEST_PG_HOST;
  const port = process.env.REKINDLE_TEST_PG_PORT ?? '5432';
  if (!host) throw new Error('REKINDLE_TEST_PG_HOST is not set: run under tests/support/with-postgres.sh');
  const name = `rk_${randomBytes(6).toString('hex')}`;
  const psql = (sql) => {
    const r = spawnSync('psql', ['-h', host, '-p', port, '-U', 'rekindle', '-d', 'postgres', '-q', '-c', sql], { encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`psql failed: ${r.stderr}`);
  };
  psql(`CREATE DATABASE ${name}`);
  return {
    url: `postgresql://rekindle@/${name}?host=${host}&port=${port}`,
    keyFile,
    mailDir,
    drop: () => {
      try { psql(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`); } catch { /* best effort */ }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

// Where the server at `base` writes its e-mails (startServer records it), so that a
// Client can read the link that finishes its sign-up.
const mailDirs = new Map();
export function mailDirOf(base) {
  const dir = mailDirs.get(base);
  if (!dir) throw new Error(`no test server at ${base}`);
  return dir;
}

// Starts a server. Options: env (extra environment), database ({url, drop} to share one),
// testHooks (run rekindle-test, whose clock tests move with setClock/advanceClock).
// Resolves to { base, port, mailDir, logs(), stop() }.
export async function startServer(options = {}) {
  const database = options.database ?? freshDatabase();
  const ownsDatabase = !options.database;
  const env = {
    ...process.env,
    REKINDLE_LISTEN: '127.0.0.1:0',
    REKINDLE_DATABASE: database.url,
    REKINDLE_KEY_FILE: database.keyFile,
    REKINDLE_WEB_ROOT: join(root, 'web', 'dist'),
    REKINDLE_CONTENT_DIR: join(root, 'content'),
    // Cheap password hashing keeps the suite fast; production cost is tested in units.
    REKINDLE_PASSWORDS_HASH_OPS: '1',
    REKINDLE_PASSWORDS_HASH_MEM_MIB: '8',
    REKINDLE_THREADS: '2',
    // Matching sees a changed therapist profile within this (2 s in production).
    REKINDLE_CARE_DIRECTORY_REFRESH_MS: '100',
    REKINDLE_METRICS_TOKEN: metricsToken,
    // Tests open hundreds of connections from one address on purpose; the cap has its own test.
    REKINDLE_LIMITS_CONNECTIONS_PER_ADDRESS: '0',
    REKINDLE_LIMITS_SIGNUPS_PER_ADDRESS_PER_HOUR: '0',
    REKINDLE_LIMITS_PASSWORD_RESETS_PER_ADDRESS_PER_HOUR: '0',
    // No SMTP server: e-mails go to files, where tests read them (tests/support/mail.mjs).
    REKINDLE_MAIL_DIR: database.mailDir,
    REKINDLE_MAIL_FROM: 'rekindle <no-reply@rekindle.test>',
    ...options.env,
  };
  const child = spawn(options.testHooks ? testBinary : binary, ['serve'], { env, stdio: ['ignore', 'ignore', 'pipe'] });
  let output = '';
  const port = await new Promise((resolvePort, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start:\n${output}`)), 15000);
    child.stderr.on('data', (chunk) => {
      output += chunk;
      const m = output.match(/"event":"listening"[^\n]*"port":(\d+)/);
      if (m) { clearTimeout(timer); resolvePort(Number(m[1])); }
    });
    child.on('exit', (code) => { clearTimeout(timer); reject(new Error(`server exited with ${code}:\n${output}`)); });
  });
  child.removeAllListeners('exit');
  const exited = new Promise((r) => child.on('exit', (code, signal) => r({ code, signal })));
  const base = `http://127.0.0.1:${port}`;
  mailDirs.set(base, env.REKINDLE_MAIL_DIR);
  return {
    base,
    port,
    database,
    mailDir: env.REKINDLE_MAIL_DIR,
    child,
    logs: () => output,
    exited,
    async stop() {
      if (child.exitCode === null) child.kill('SIGTERM');
      const result = await exited;
      if (ownsDatabase) database.drop();
      return result;
    },
  };
}

// What test servers take as the metrics token (GET /metrics with metricsHeaders).
export const metricsToken = 'test-metrics-token';
export const metricsHeaders = { authorization: `Bearer ${metricsToken}` };

// Moves the clock of a server started with testHooks: to `iso` (RFC 3339), or on by `ms`.
export async function setClock(server, iso) {
  const r = await fetch(`${server.base}/api/v1/test/clock`, {
    method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ now: iso }),
  });
  if (r.status !== 200) throw new Error(`setting the clock failed: ${r.status} ${await r.text()}`);
  return (await r.json()).now;
}
export async function advanceClock(server, ms) {
  const r = await fetch(`${server.base}/api/v1/test/clock`, {
    method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ advance_ms: ms }),
  });
  if (r.status !== 200) throw new Error(`moving the clock failed: ${r.status} ${await r.text()}`);
  return (await r.json()).now;
}

// A small API client. request() never throws on HTTP errors; it returns
// { status, headers, body (parsed JSON or text) }.
export class Client {
  constructor(base) {
    this.base = base;
    this.token = null;      // bearer token
    this.cookie = null;     // session cookie (name=value), when acting as a browser
    this.csrf = null;
  }

  async request(method, path, { json, body, headers = {}, auth = true } = {}) {
    const h = { ...headers };
    if (json !== undefined) {
      h['content-type'] ??= 'application/json';
      body = JSON.stringify(json);
    }
    if (auth && this.token) h.authorization = `Bearer ${this.token}`;
    if (auth && this.cookie) {
      h.cookie = this.cookie;
      if (this.csrf && !['GET', 'HEAD'].includes(method)) h['x-csrf-token'] ??= this.csrf;
    }
    const res = await fetch(this.base + path, { method, headers: h, body, redirect: 'manual' });
    const text = await res.text();
    let parsed = text;
    const type = res.headers.get('content-type') ?? '';
    if (type.includes('json') && text) parsed = JSON.parse(text);
    return { status: res.status, headers: res.headers, body: parsed, text };
  }
  get(path, o) { return this.request('GET', path, o); }
  post(path, json, o = {}) { return this.request('POST', path, { ...o, json }); }
  put(path, json, o = {}) { return this.request('PUT', path, { ...o, json }); }
  patch(path, json, o = {}) { return this.request('PATCH', path, { ...o, json }); }
  delete(path, json, o = {}) { return this.request('DELETE', path, { ...o, json }); }

  // Signs up a new person with a unique e-mail, as a person would: the sign-up, then the
  // link from the e-mail it sends (read from the server's mail folder). Keeps the bearer
  // token; returns the response to the link (201, a session, and its cookie).
  async signUp(fields = {}) {
    const n = randomBytes(5).toString('hex');
    const person = {
      email: `person-${n}@example.org`,
      password: `lantern orchard ${n} drift`,
      display_name: fields.display_name ?? `Person ${n.slice(0, 4)}`,
      ...fields,
    };
    const r = await this.post('/api/v1/accounts', person, { auth: false });
    if (r.status !== 202) throw new Error(`sign-up failed: ${r.status} ${r.text}`);
    const mail = await waitForMail(mailDirOf(this.base), r.body.email, { match: /\/verify#token=/ });
    const v = await this.post('/api/v1/email-verifications', { token: linkToken(mail) }, { auth: false });
    if (v.status !== 201) throw new Error(`sign-up link failed: ${v.status} ${v.text}`);
    this.token = v.body.token;
    this.user = v.body.user;
    this.password = person.password;
    this.email = person.email;
    return v;
  }
}

// A GET whose body comes back as the bytes on the wire (fetch would decode a compressed
// one): { status, headers (lowercased names), body: Buffer }.
export function rawGet(url, headers = {}) {
  return new Promise((resolve, reject) => {
    httpRequest(url, { headers }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode, headers: res.headers, body: Buffer.concat(chunks) }));
      res.on('error', reject);
    }).on('error', reject).end();
  });
}

// Asserts that `r` is an RFC 9457 problem with `status`.
export function assertProblem(r, status) {
  assert.equal(r.status, status, `expected ${status}, got ${r.status}: ${r.text}`);
  assert.match(r.headers.get('content-type'), /^application\/problem\+json/);
  assert.equal(r.body.status, status);
  assert.match(r.body.type, /^urn:rekindle:problem:/);
  assert.ok(r.body.title && r.body.detail);
}

// Runs one SQL statement directly against a test database (setup only, such as
// moving an expiry into the past) and returns its output as text. On SQLite it waits
// for the server's writer (busy timeout) instead of failing with "database is locked".
export function sql(database, statement) {
  let r;
  if (database.url.startsWith('sqlite:')) {
    r = spawnSync('sqlite3', ['-cmd', '.timeout 10000', database.url.slice(7), statement], { encoding: 'utf8' });
  } else {
    r = spawnSync('psql', [database.url, '-At', '-c', statement], { encoding: 'utf8' });
  }
  if (r.status !== 0) throw new Error(`sql failed: ${r.stderr}`);
  return r.stdout;
}

// A full text dump of a test database, as an operator's backup would hold it.
export function dump(database) {
  let r;
  if (database.url.startsWith('sqlite:')) {
    r = spawnSync('sqlite3', ['-cmd', '.timeout 10000', database.url.slice(7), '.dump'], { encoding: 'utf8', maxBuffer: 1 << 28 });
  } else {
    r = spawnSync('pg_dump', [database.url], { encoding: 'utf8', maxBuffer: 1 << 28 });
  }
  if (r.status !== 0) throw new Error(`dump failed: ${r.stderr}`);
  return r.stdout;
}

// A signed-up person (a Client holding their bearer token).
export async function newPerson(base, fields) {
  const c = new Client(base);
  await c.signUp(fields);
  return c;
}

// Two signed-up people joined as a couple: [inviter, joiner].
export async function newCouple(base, inviterFields, joinerFields) {
  const a = await newPerson(base, inviterFields);
  const b = await newPerson(base, joinerFields);
  const code = (await a.post('/api/v1/couple/invites')).body.code;
  const joined = await b.post('/api/v1/couple/join', { code });
  if (joined.status !== 201) throw new Error(`join failed: ${joined.text}`);
  return [a, b];
}

// Runs the rekindle CLI against a test database (e.g. ["admin", "rotate-key"]).
export function cli(database, args, env = {}) {
  const r = spawnSync(binary, args, {
    encoding: 'utf8',
    env: { ...process.env, REKINDLE_DATABASE: database.url, REKINDLE_KEY_FILE: database.keyFile, ...env },
    timeout: 120000,
  });
  return { status: r.status, output: (r.stdout ?? '') + (r.stderr ?? '') };
}

// Everything a partner can ask the daily question, desire map and conversation
// endpoints, as raw response texts: privacy tests search these for what must not leak.
export async function everythingVisibleTo(c) {
  const paths = ['/api/v1/daily', '/api/v1/daily/history', '/api/v1/desires',
    '/api/v1/desires/mine', '/api/v1/desires/matches', '/api/v1/conversations'];
  const out = [];
  for (const p of paths) out.push((await c.get(p)).text);
  return out;
}
