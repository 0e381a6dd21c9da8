// A WebSocket client for tests of /api/v1/live (the `ws` package, from web/).
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { root } from './server.mjs';

const require = createRequire(join(root, 'web', 'package.json'));
const WebSocket = require('ws');

// Opens a live connection. `auth`: { token } for a bearer token, or { cookie, origin }.
// Resolves when the server says hello; `next(type)` waits for the next frame of a type.
export function openLive(base, auth) {
  const headers = {};
  if (auth.token) headers.authorization = `Bearer ${auth.token}`;
  if (auth.cookie) headers.cookie = auth.cookie;
  if (auth.origin) headers.origin = auth.origin;
  const ws = new WebSocket(base.replace(/^http/, 'ws') + '/api/v1/live', { headers });
  const frames = [];
  const waiters = [];
  ws.on('message', (data) => {
    const frame = JSON.parse(data.toString());
    const i = waiters.findIndex((w) => w.type === frame.type);
    if (i >= 0) waiters.splice(i, 1)[0].resolve(frame);
    else frames.push(frame);
  });
  const client = {
    ws,
    frames,
    next(type, ms = 5000) {
      const i = frames.findIndex((f) => f.type === type);
      if (i >= 0) return Promise.resolve(frames.splice(i, 1)[0]);
      return new Promise((resolve, reject) => {
        const w = { type, resolve };
        waiters.push(w);
        setTimeout(() => { const k = waiters.indexOf(w); if (k >= 0) { waiters.splice(k, 1); reject(new Error(`no ${type} frame within ${ms} ms`)); } }, ms);
      });
    },
    closed: new Promise((resolve) => ws.on('close', (code) => resolve(code))),
    close() { ws.close(); },
  };
  return new Promise((resolve, reject) => {
    ws.on('unexpected-response', (req, res) => reject(Object.assign(new Error(`refused: ${res.statusCode}`), { status: res.statusCode })));
    ws.on('error', reject);
    client.next('hello').then(() => resolve(client), reject);
  });
}
