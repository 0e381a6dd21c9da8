// The server as an HTTP citizen: health, metrics, limits, headers, errors, durability
// across a restart and graceful shutdown.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import net from 'node:net';
import { startServer, Client, assertProblem, dbKind, freshDatabase, metricsHeaders } from '../support/server.mjs';

let server;
before(async () => { server = await startServer(); });
after(async () => { await server?.stop(); });

// Sends raw bytes and returns the first response's status line and the raw text.
function raw(port, bytes) {
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, '127.0.0.1');
    let data = '';
    socket.on('data', (d) => { data += d; });
    socket.on('end', () => resolve(data));
    socket.on('error', (e) => (data ? resolve(data) : reject(e)));
    socket.write(bytes);
    socket.setTimeout(5000, () => socket.destroy());
  });
}

test('health names the database', async () => {
  const r = await new Client(server.base).get('/api/v1/health');
  assert.equal(r.status, 200);
  assert.deepEqual(r.body, { status: 'ok', database: dbKind });
});

test('metrics count requests by route and status, with a latency histogram', async () => {
  const c = new Client(server.base);
  await c.get('/api/v1/health');
  await c.get('/api/v1/me');
  const r = await c.get('/metrics', { headers: metricsHeaders });
  assert.equal(r.status, 200);
  assert.match(r.headers.get('content-type'), /^text\/plain; version=0\.0\.4/);
  assert.match(r.text, /rekindle_http_requests_total\{route="\/api\/v1\/health",method="GET",status="200"\} \d+/);
  assert.match(r.text, /rekindle_http_requests_total\{route="\/api\/v1\/me",method="GET",status="401"\} \d+/);
  assert.match(r.text, /rekindle_http_request_duration_seconds_bucket\{route="\/api\/v1\/health",le="\+Inf"\} \d+/);
});

test('metrics are for the monitoring only: off without a token, and the token is checked', async () => {
  const c = new Client(server.base);
  assertProblem(await c.get('/metrics'), 401);
  assertProblem(await c.get('/metrics', { headers: { authorization: 'Bearer wrong' } }), 401);
  const off = await startServer({ env: { REKINDLE_METRICS_TOKEN: '' } });
  try {
    assertProblem(await new Client(off.base).get('/metrics', { headers: metricsHeaders }), 404);
  } finally {
    await off.stop();
  }
});

test('an HTTP/1.1 request without Host is refused', async () => {
  const text = await raw(server.port, 'GET /api/v1/health HTTP/1.1\r\n\r\n');
  assert.match(text, /^HTTP\/1\.1 400/);
  assert.match(text, /no Host header/);
  assert.match(await raw(server.port, 'GET /api/v1/health HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n'), /^HTTP\/1\.1 200/);
});

test('unknown endpoints are 404 and wrong methods 405 with Allow, as problems', async () => {
  const c = new Client(server.base);
  assertProblem(await c.get('/api/v1/nothing-here'), 404);
  const r = await c.request('PUT', '/api/v1/health');
  assertProblem(r, 405);
  assert.equal(r.headers.get('allow'), 'GET');
});

test('security headers are on every response; API answers are not cached (fixed public content aside)', async () => {
  for (const path of ['/api/v1/health', '/api/v1/me', '/no-such-page.js']) {
    const r = await new Client(server.base).get(path);
    assert.equal(r.headers.get('x-content-type-options'), 'nosniff', path);
    assert.equal(r.headers.get('referrer-policy'), 'no-referrer', path);
    assert.match(r.headers.get('content-security-policy'), /default-src 'self'.*object-src 'none'.*frame-ancestors 'none'/, path);
    assert.ok(r.headers.get('x-request-id'), path);
  }
  assert.equal((await new Client(server.base).get('/api/v1/health')).headers.get('cache-control'), 'no-store');
});

test('oversized headers, malformed requests and smuggling attempts get a 4xx and a closed connection', async () => {
  const huge = await raw(server.port, `GET /api/v1/health HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(20000)}\r\n\r\n`);
  assert.match(huge, /^HTTP\/1\.1 431/);
  assert.match(await raw(server.port, 'NONSENSE\r\n\r\n'), /^HTTP\/1\.1 400/);
  const both = 'POST /api/v1/sessions HTTP/1.1\r\nHost: x\r\nContent-Length: 4\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n';
  assert.match(await raw(server.port, both), /^HTTP\/1\.1 400/);
  const twice = 'POST /api/v1/sessions HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\nContent-Length: 3\r\n\r\n{}';
  assert.match(await raw(server.port, twice), /^HTTP\/1\.1 400/);
  // The server is still fine.
  assert.equal((await new Client(server.base).get('/api/v1/health')).status, 200);
});

test('a body over 1 MiB is refused with 413', async () => {
  const r = await new Client(server.base).request('POST', '/api/v1/sessions', {
    body: 'x'.repeat((1 << 20) + 1), headers: { 'content-type': 'application/json' },
  });
  assertProblem(r, 413);
});

test('keep-alive serves many requests on one connection', async () => {
  const requests = Array.from({ length: 3 }, () => 'GET /api/v1/health HTTP/1.1\r\nHost: x\r\n\r\n').join('')
    + 'GET /api/v1/health HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n';
  const text = await raw(server.port, requests);
  assert.equal(text.match(/HTTP\/1\.1 200/g).length, 4);
});

test('an acknowledged write survives a restart; SIGTERM shuts down cleanly', async () => {
  const database = freshDatabase();
  try {
    const first = await startServer({ database });
    const c = new Client(first.base);
    await c.signUp();
    const stopped = await first.stop();
    assert.equal(stopped.code, 0, first.logs());
    assert.match(first.logs(), /"event":"server_stopped"/);
    assert.match(first.logs(), /"event":"database_closed"/);
    const second = await startServer({ database });
    const again = await new Client(second.base).post('/api/v1/sessions', { email: c.email, password: c.password });
    assert.equal(again.status, 201);
    await second.stop();
  } finally {
    database.drop();
  }
});

test('access log lines are JSON and carry no secrets', async () => {
  const c = new Client(server.base);
  await c.signUp();
  const lines = server.logs().trim().split('\n');
  for (const line of lines) JSON.parse(line);
  assert.ok(lines.some((l) => l.includes('"event":"http_request"')));
  assert.ok(!server.logs().includes(c.password));
  assert.ok(!server.logs().includes(c.token));
});

test('idle keep-alive connections are closed after the idle timeout', async () => {
  const s = await startServer({ env: { REKINDLE_LIMITS_IDLE_TIMEOUT_MS: '300' } });
  try {
    const started = Date.now();
    const closed = await new Promise((resolve) => {
      const socket = net.connect(s.port, '127.0.0.1');
      socket.on('close', () => resolve(Date.now() - started));
      socket.setTimeout(5000, () => { socket.destroy(); resolve(-1); });
    });
    assert.ok(closed >= 250 && closed < 3000, `closed after ${closed} ms`);
  } finally {
    await s.stop();
  }
});

test('connections beyond the limit are refused; the ones inside it are served', async () => {
  const s = await startServer({ env: { REKINDLE_LIMITS_MAX_CONNECTIONS: '2' } });
  try {
    const open = () => new Promise((resolve) => { const c = net.connect(s.port, '127.0.0.1', () => resolve(c)); });
    const first = await open();
    const second = await open();
    await new Promise((r) => setTimeout(r, 100));
    const third = await raw(s.port, 'GET /api/v1/health HTTP/1.1\r\nHost: x\r\n\r\n').catch(() => '');
    assert.equal(third, '', 'the third connection is closed without an answer');
    first.destroy();
    second.destroy();
    await new Promise((r) => setTimeout(r, 100));
    assert.equal((await new Client(s.base).get('/api/v1/health')).status, 200);
  } finally {
    await s.stop();
  }
});

test('a path or query parameter that is not UTF-8 text is a 400 on either database, never a 500', async () => {
  const [a] = await (await import('../support/server.mjs')).newCouple(server.base);
  for (const path of ['/api/v1/triangle/assessments/%FF', '/api/v1/chat/messages?before=%FF', '/api/v1/daily/%C3%28/answer',
    '/api/v1/conversations/%00', '/api/v1/instruments/triangle-short?language=%FF%FE', '/api/v1/desires/%E2%82/mine',
    '/api/v1/chat/messages?%FF=1', '/api/v1/triangle/assessments?form=a%00b']) {
    const method = path.includes('/answer') || path.includes('/mine') ? 'PUT' : 'GET';
    const r = await a.request(method, path, { json: method === 'PUT' ? { text: 'x', answer: 'yes' } : undefined });
    assertProblem(r, 400);
    assert.ok(r.body.errors.some((e) => e.code === 'encoding'), `${path}: ${r.text}`);
  }
});

test('a body full of unknown fields gets a bounded answer, not a larger one', async () => {
  const c = new Client(server.base);
  const body = {};
  for (let i = 0; i < 20000; i++) body[`k${i}${'x'.repeat(30)}`] = 1;
  body['y'.repeat(5000)] = 1;
  const r = await c.post('/api/v1/sessions', body, { auth: false });
  assertProblem(r, 400);
  assert.ok(r.text.length < 4096, `the problem is ${r.text.length} bytes`);
  assert.equal(r.body.errors.length, 20);
  assert.equal(r.body.errors_omitted, 20001 - 20);
});

test('a time zone must be one of tzdata\'s zones, not any file beside them', async () => {
  const c = new Client(server.base);
  await c.signUp();
  for (const tz of ['leapseconds', 'zone.tab', 'tzdata.zi', 'posixrules', 'right/UTC'])
    assertProblem(await c.patch('/api/v1/me', { time_zone: tz }), 400);
  assert.equal((await c.patch('/api/v1/me', { time_zone: 'Asia/Kolkata' })).status, 200);
});

test('one address cannot take every connection; the refusals make one log line, not one each', async () => {
  const s = await startServer({ env: { REKINDLE_LIMITS_CONNECTIONS_PER_ADDRESS: '5' } });
  const held = [];
  try {
    const open = () => new Promise((resolve) => { const c = net.connect(s.port, '127.0.0.1', () => resolve(c)); });
    for (let i = 0; i < 5; i++) held.push(await open());
    await new Promise((r) => setTimeout(r, 100));
    for (let i = 0; i < 20; i++) {
      const refused = await raw(s.port, 'GET /api/v1/health HTTP/1.1\r\nHost: x\r\n\r\n').catch(() => '');
      assert.equal(refused, '', 'a sixth connection from the same address is closed at once');
    }
    assert.equal((s.logs().match(/"event":"connection_refused"/g) ?? []).length, 1, 'rate-limited log');
    held.pop().destroy();
    await new Promise((r) => setTimeout(r, 100));
    assert.equal((await new Client(s.base).get('/api/v1/health')).status, 200);
  } finally {
    for (const c of held) c.destroy();
    await s.stop();
  }
});

test('out of file descriptors, the server waits instead of spinning, logs once, and serves again', async () => {
  const { spawn } = await import('node:child_process');
  const database = freshDatabase();
  // A shell lowers the open-file limit (soft and hard) and runs the server under it.
  const env = { ...process.env, REKINDLE_LISTEN: '127.0.0.1:0', REKINDLE_DATABASE: database.url, REKINDLE_KEY_FILE: database.keyFile,
    REKINDLE_WEB_ROOT: 'web/dist', REKINDLE_CONTENT_DIR: 'content', REKINDLE_THREADS: '2', REKINDLE_LIMITS_MAX_CONNECTIONS: '1000',
    REKINDLE_LIMITS_CONNECTIONS_PER_ADDRESS: '0', REKINDLE_PASSWORDS_HASH_OPS: '1', REKINDLE_PASSWORDS_HASH_MEM_MIB: '8' };
  const child = spawn('bash', ['-c', `ulimit -n 96 && exec "$0" serve`, (await import('../support/server.mjs')).binary],
    { env, stdio: ['ignore', 'ignore', 'pipe'], cwd: (await import('../support/server.mjs')).root });
  let out = '';
  child.stderr.on('data', (d) => { out += d; });
  const sockets = [];
  try {
    const port = await new Promise((resolve, reject) => {
      const t = setTimeout(() => reject(new Error(out)), 15000);
      const check = () => { const m = out.match(/"event":"listening"[^\n]*"port":(\d+)/); if (m) { clearTimeout(t); resolve(Number(m[1])); } };
      child.stderr.on('data', check);
    });
    for (let i = 0; i < 150; i++) {
      sockets.push(await new Promise((resolve) => { const c = net.connect(port, '127.0.0.1', () => resolve(c)); c.on('error', () => resolve(c)); }));
    }
    const before = process.cpuUsage();
    await new Promise((r) => setTimeout(r, 2000));
    const lines = (out.match(/"event":"accept_failed"/g) ?? []).length;
    assert.ok(lines >= 1 && lines <= 2, `${lines} accept_failed lines in 2 s`);
    for (const c of sockets.splice(0)) c.destroy();
    await new Promise((r) => setTimeout(r, 1500));
    const r = await fetch(`http://127.0.0.1:${port}/api/v1/health`);
    assert.equal(r.status, 200, 'serves again once descriptors are free');
    void before;
  } finally {
    for (const c of sockets) c.destroy();
    child.kill('SIGTERM');
    await new Promise((r) => child.on('exit', r));
    database.drop();
  }
});

test('problems are answered in the language the client asks for', async () => {
  const c = new Client(server.base);
  const es = await c.get('/api/v1/me', { headers: { 'accept-language': 'es-ES,es;q=0.9,en;q=0.5' } });
  assert.equal(es.status, 401);
  assert.equal(es.body.title, 'Tienes que entrar en tu cuenta');
  assert.equal(es.headers.get('content-language'), 'es');
  const bad = await c.post('/api/v1/accounts', { email: '', password: 'x', display_name: '' }, { headers: { 'accept-language': 'es' } });
  assert.equal(bad.status, 400);
  assert.equal(bad.body.errors.find((e) => e.field === 'email').message, 'Este dato es obligatorio.', 'an empty field is missing, not short');
  const en = await c.get('/api/v1/me', { headers: { 'accept-language': 'fr, de;q=0.5' } });
  assert.equal(en.body.title, 'You need to sign in');
  assert.equal(en.headers.get('content-language'), null);
});
