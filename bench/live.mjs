// make bench (live part): N WebSocket clients on /api/v1/live (one per person, in N/2
// couples), then chat messages at a fixed rate from random senders. Prints delivery
// latency p50/p99 (POST sent -> partner's frame received), messages/s delivered, and
// the server's resident memory per connection.
//   BENCH_MAIL_DIR=DIR node bench/live.mjs BASE_URL SERVER_PID [CLIENTS=2000] [RATE=500] [SECONDS=10]
// DIR is the server's mail.dir, where the sign-up links are read from.
import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import { Agent } from 'node:http';
import { waitForMail, linkToken } from '../tests/support/mail.mjs';

const require = createRequire(new URL('../web/package.json', import.meta.url));
const WebSocket = require('ws');

const [base, pid, clientsArg = '2000', rateArg = '500', secondsArg = '10'] = process.argv.slice(2);
const clients = Number(clientsArg) - (Number(clientsArg) % 2);
const rate = Number(rateArg);
const seconds = Number(secondsArg);
const agent = new Agent({ keepAlive: true, maxSockets: 64 });
const rssMiB = () => Number(readFileSync(`/proc/${pid}/status`, 'utf8').match(/VmRSS:\s+(\d+)/)[1]) / 1024;

async function call(method, path, token, body) {
  const res = await fetch(base + path, {
    method,
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: body ? JSON.stringify(body) : undefined,
    dispatcher: undefined,
  });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : null };
}

async function pool(n, limit, fn) {
  let next = 0;
  await Promise.all(Array.from({ length: limit }, async () => {
    while (next < n) await fn(next++);
  }));
}

// 1. People and couples.
const tokens = new Array(clients);
const run = Math.random().toString(36).slice(2, 8);
await pool(clients, 16, async (i) => {
  const email = `bench-${run}-${i}@example.org`;
  const r = await call('POST', '/api/v1/accounts', null, { email, password: `steady harbour lantern ${run} ${i}`, display_name: `B${i}` });
  if (r.status !== 202) throw new Error(`sign-up ${i}: ${r.status} ${JSON.stringify(r.body)}`);
  const mail = await waitForMail(process.env.BENCH_MAIL_DIR, email, { match: /verify#token=/, timeout: 60000 });
  const v = await call('POST', '/api/v1/email-verifications', null, { token: linkToken(mail) });
  if (v.status !== 201) throw new Error(`sign-up link ${i}: ${v.status} ${JSON.stringify(v.body)}`);
  tokens[i] = v.body.token;
});
await pool(clients / 2, 16, async (k) => {
  const code = (await call('POST', '/api/v1/couple/invites', tokens[2 * k])).body.code;
  const r = await call('POST', '/api/v1/couple/join', tokens[2 * k + 1], { code });
  if (r.status !== 201) throw new Error(`join ${k}: ${r.status}`);
});

// 2. Connections.
const before = rssMiB();
const latencies = [];
let delivered = 0;
const sockets = [];
await pool(clients, 100, async (i) => {
  await new Promise((resolve, reject) => {
    const ws = new WebSocket(base.replace(/^http/, 'ws') + '/api/v1/live', { headers: { authorization: `Bearer ${tokens[i]}` } });
    ws.on('message', (data) => {
      const f = JSON.parse(data.toString());
      if (f.type === 'hello') return resolve();
      if (f.type === 'chat.message' && f.message.author === 'partner') {
        delivered++;
        latencies.push(performance.now() - Number(f.message.text.split(' ')[0]));
      }
    });
    ws.on('error', reject);
    sockets.push(ws);
  });
});
await new Promise((r) => setTimeout(r, 500));
const perConnection = ((rssMiB() - before) * 1024) / clients;

// 3. Messages at a fixed rate.
let sent = 0;
let failed = 0;
const started = performance.now();
const interval = 1000 / rate;
const inflight = [];
while (performance.now() - started < seconds * 1000) {
  const due = Math.floor((performance.now() - started) / interval);
  while (sent < due) {
    const from = Math.floor(Math.random() * clients);
    const p = call('POST', '/api/v1/chat/messages', tokens[from], { text: `${performance.now()} bench` })
      .then((r) => { if (r.status !== 201) failed++; }, () => { failed++; });
    inflight.push(p);
    sent++;
  }
  await new Promise((r) => setTimeout(r, 2));
}
await Promise.all(inflight);
await new Promise((r) => setTimeout(r, 1000));
const elapsed = (performance.now() - started) / 1000;
latencies.sort((a, b) => a - b);
const pct = (q) => (latencies.length ? latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))] : NaN);
for (const ws of sockets) ws.terminate();

console.log(`live: ${clients} connected clients, ${rate} messages/s offered for ${seconds}s`);
console.log(`  sent ${sent} (${failed} failed), delivered ${delivered} (${(delivered / elapsed).toFixed(0)} messages/s)`);
console.log(`  delivery latency p50 ${pct(0.5).toFixed(1)} ms, p99 ${pct(0.99).toFixed(1)} ms`);
console.log(`  server memory per connection: ${perConnection.toFixed(1)} KiB`);
process.exit(delivered === sent - failed && failed === 0 ? 0 : 1);
