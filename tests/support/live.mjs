// A WebSocket client for tests of /api/v1/live (the `ws` package, from web/).
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { root } from './server.mjs';

const require = createRequire(join(root, 'web', 'package.json'));
const WebSocket = require('ws');

let ids = 0;

// Opens a live connection. `auth`: { token } for a bearer token, or { cookie, origin }.
// Resolves when the server says hello (kept as `hello`); `next(type)` waits for the next
// frame of a type; `send(frame)` adds the protocol version; `request(frame)` adds an id
// and resolves to the ack or error that answers it; `closed` resolves to the close code.
export function openLive(base, auth) {
  const headers = {};
  if (auth.token) headers.authorization = `Bearer ${auth.token}`;
  if (auth.cookie) headers.cookie = auth.cookie;
  if (auth.origin) headers.origin = auth.origin;
  if (auth.host) headers.host = auth.host;
  const ws = new WebSocket(base.replace(/^http/, 'ws') + '/api/v1/live', { headers });
  const frames = [];
  const all = [];
  const waiters = [];
  ws.on('message', (data) => {
    const frame = JSON.parse(data.toString());
    all.push(frame);
    const i = waiters.findIndex((w) => w.match(frame));
    if (i >= 0) waiters.splice(i, 1)[0].resolve(frame);
    else frames.push(frame);
  });
  const wait = (match, what, ms) => {
    const i = frames.findIndex(match);
    if (i >= 0) return Promise.resolve(frames.splice(i, 1)[0]);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => { const k = waiters.indexOf(w); if (k >= 0) { waiters.splice(k, 1); reject(new Error(`no ${what} within ${ms} ms`)); } }, ms);
      timer.unref();  // an abandoned wait does not keep the test process alive
      const w = { match, resolve: (frame) => { clearTimeout(timer); resolve(frame); } };
      waiters.push(w);
    });
  };
  const client = {
    ws,
    frames,  // received and not yet taken by next()
    all,     // everything received, in order
    hello: null,
    next(type, ms = 5000) { return wait((f) => f.type === type, `${type} frame`, ms); },
    send(frame) { ws.send(JSON.stringify({ v: 1, ...frame })); },
    request(frame, ms = 5000) {
      const id = `t-${++ids}`;
      client.send({ ...frame, id });
      return wait((f) => (f.type === 'ack' || f.type === 'error') && f.id === id, `answer to ${frame.type}`, ms);
    },
    // Resolves after `ms` with the frames of `type` that arrived meanwhile (for "nothing came").
    async quiet(type, ms = 300) {
      await new Promise((r) => setTimeout(r, ms));
      return frames.filter((f) => f.type === type);
    },
    closed: new Promise((resolve) => ws.on('close', (code) => resolve(code))),
    close() { ws.close(); },
  };
  return new Promise((resolve, reject) => {
    ws.on('unexpected-response', (req, res) => reject(Object.assign(new Error(`refused: ${res.statusCode}`), { status: res.statusCode })));
    ws.on('error', reject);
    client.next('hello').then((hello) => { client.hello = hello; resolve(client); }, reject);
  });
}
