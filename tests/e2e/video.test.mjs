// A video call in the browser, three people in three pages: the therapist opens the call
// from the schedule, one partner from Care and the other by its link; both partners wait
// until the therapist lets them in; then media flows between every pair (getStats: video
// frames decoded and audio bytes received from both others, on each page). Once
// directly (host candidates on loopback), once forced through a real coturn that this
// test starts (relays only, with credentials the server derived from the secret).
//
// Sessions are booked at least 12 hours ahead: the server's clock (rekindle-test) is moved
// into the call's window. The browsers' clocks stay real; the page never asks them.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { createSocket } from 'node:dgram';
import { createServer } from 'node:net';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createRequire } from 'node:module';
import { randomBytes } from 'node:crypto';
import { startServer, setClock, root } from '../support/server.mjs';
import { newContext, assertAccessible, snap } from '../support/browser.mjs';
import { bookedSession } from '../support/care.mjs';

const require = createRequire(join(root, 'web', 'package.json'));
const { chromium } = require('playwright-core');


function launchWithFakeMedia() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    args: [
      '--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update',
      '--disable-sync', '--no-first-run', '--disable-quic',
      '--use-fake-ui-for-media-stream', '--use-fake-device-for-media-stream', '--allow-loopback-in-peer-connection',
    ],
  });
}

// A free port on loopback (TCP; coturn listens on UDP and TCP alike).
function freePort() {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => { const { port } = s.address(); s.close(() => resolve(port)); });
    s.on('error', reject);
  });
}

// Resolves once something answers a STUN binding request on udp 127.0.0.1:port.
async function stunAnswers(port, ms = 10000) {
  const end = Date.now() + ms;
  const sock = createSocket('udp4');
  try {
    const answered = new Promise((resolve) => sock.on('message', (m) => { if (m.readUInt16BE(0) === 0x0101) resolve(true); }));
    while (Date.now() < end) {
      const req = Buffer.alloc(20);
      req.writeUInt16BE(0x0001, 0);  // binding request, no attributes
      req.writeUInt32BE(0x2112a442, 4);
      randomBytes(12).copy(req, 8);
      sock.send(req, port, '127.0.0.1');
      if (await Promise.race([answered, new Promise((r) => setTimeout(() => r(false), 200))])) return;
    }
    throw new Error(`coturn did not answer on ${port}`);
  } finally {
    sock.close();
  }
}

// coturn on loopback with the REST-API shared secret, its pid file and database in a
// temporary folder. Returns { port, stop() }.
async function startTurn(secret) {
  const dir = mkdtempSync(join(tmpdir(), 'rekindle-turn-'));
  const port = await freePort();
  const min = 40000 + Math.floor(Math.random() * 20000);
  const child = spawn('turnserver', ['-n', '--listening-ip=127.0.0.1', '--relay-ip=127.0.0.1', `--listening-port=${port}`,
    `--min-port=${min}`, `--max-port=${min + 200}`, '--use-auth-secret', `--static-auth-secret=${secret}`, '--realm=rekindle.test',
    '--allow-loopback-peers', '--no-cli', '--no-tls', '--no-dtls', `--pidfile=${join(dir, 'turnserver.pid')}`,
    `--userdb=${join(dir, 'turndb')}`, `--log-file=${join(dir, 'turn.log')}`, '--no-stdout-log'], { stdio: 'ignore' });
  const exited = new Promise((r) => child.on('exit', r));
  const stop = async () => {
    if (child.exitCode === null) child.kill('SIGTERM');
    await Promise.race([exited, new Promise((r) => setTimeout(r, 3000))]);
    if (child.exitCode === null) child.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    await stunAnswers(port);
  } catch (e) {
    await stop();
    throw e;
  }
  return { port, stop };
}

// Records every RTCPeerConnection the page makes, for getStats() (test only).
const recordPeerConnections = () => {
  const Original = window.RTCPeerConnection;
  window.__pcs = [];
  window.RTCPeerConnection = function RTCPeerConnection(...args) {
    const pc = new Original(...args);
    window.__pcs.push(pc);
    return pc;
  };
  window.RTCPeerConnection.prototype = Original.prototype;
};

// What each open peer connection of the page has received.
const peerStats = (page) => page.evaluate(async () => {
  const out = [];
  for (const pc of window.__pcs.filter((p) => p.connectionState !== 'closed')) {
    const stats = await pc.getStats();
    const row = { state: pc.connectionState, policy: pc.getConfiguration().iceTransportPolicy, frames: 0, audio: 0, local: null, remote: null };
    stats.forEach((s) => {
      if (s.type === 'inbound-rtp' && s.kind === 'video') row.frames += s.framesDecoded ?? 0;
      if (s.type === 'inbound-rtp' && s.kind === 'audio') row.audio += s.bytesReceived ?? 0;
      if (s.type === 'transport' && s.selectedCandidatePairId) {
        const pair = stats.get(s.selectedCandidatePairId);
        row.local = stats.get(pair?.localCandidateId)?.candidateType ?? null;
        row.remote = stats.get(pair?.remoteCandidateId)?.candidateType ?? null;
      }
    });
    out.push(row);
  }
  return out;
});

// Waits until the page receives video and audio from two peers.
async function mediaFromBoth(page, label, ms = 30000) {
  const end = Date.now() + ms;
  let last;
  for (;;) {
    last = await peerStats(page);
    const flowing = last.filter((r) => r.frames > 0 && r.audio > 0);
    if (flowing.length === 2 && last.length === 2) return last;
    if (Date.now() > end) throw new Error(`${label}: no media from both others: ${JSON.stringify(last)}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

// A couple whose therapist has opened sessions together, one booked.
async function bookedTogether(server) {
  const { t, a: ana, b: bo, session } = await bookedSession(server);
  return { t, ana, bo, session };
}

async function pageFor(browser, server, client) {
  const context = await newContext(browser);
  await context.addCookies([{ name: 'rekindle_session', value: client.token, url: server.base }]);
  await context.addInitScript(recordPeerConnections);
  return context.newPage();
}

// The whole call on `server`; with `relay`, every pair must talk through TURN relays.
async function threeWayCall(server, { relay }) {
  const { t, ana, bo, session } = await bookedTogether(server);
  await setClock(server, new Date(session.starts_at - 5 * 60000).toISOString());
  const browser = await launchWithFakeMedia();
  try {
    const [tp, ap, bp] = [await pageFor(browser, server, t), await pageFor(browser, server, ana), await pageFor(browser, server, bo)];
    // The therapist from the schedule, Ana from Care, Bo by the link.
    await tp.goto(server.base + '/practice/schedule');
    await tp.getByTestId('open-call').click();
    await tp.getByTestId('call').waitFor();
    await ap.goto(server.base + '/care');
    await ap.getByTestId('join-call').click();
    await ap.getByTestId('waiting-room').waitFor();
    assert.match(await ap.getByTestId('waiting-room').innerText(), /Dana Reyes will let you in soon/);
    await bp.goto(`${server.base}/call/${session.id}`);
    await bp.getByTestId('waiting-room').waitFor();
    if (!relay) await assertAccessible(ap, 'video: the waiting room');

    // The therapist sees both waiting and lets them in.
    const admit = tp.getByTestId('admit-list');
    await admit.getByText('Ana is waiting.').waitFor();
    await admit.getByText('Bo is waiting.').waitFor();
    if (!relay) await assertAccessible(tp, 'video: who is waiting');
    await tp.getByRole('button', { name: 'Let Ana in' }).click();
    await tp.getByRole('button', { name: 'Let Bo in' }).click();
    await ap.getByTestId('waiting-room').waitFor({ state: 'detached' });

    for (const [page, label] of [[tp, 'therapist'], [ap, 'Ana'], [bp, 'Bo']]) {
      const rows = await mediaFromBoth(page, label);
      if (relay) {
        for (const r of rows) {
          assert.equal(r.policy, 'relay', `${label}: ${JSON.stringify(r)}`);
          assert.equal(r.local, 'relay', `${label}: ${JSON.stringify(r)}`);
        }
      }
      assert.equal(await page.getByTestId('remote-video').count(), 2, label);
    }
    await snap(tp, relay ? 'video-call-relay' : 'video-call');

    // Mute and camera off are the person's own controls; leaving takes Bo out for everyone.
    await ap.getByRole('button', { name: 'Mute' }).click();
    assert.equal(await ap.getByRole('button', { name: 'Unmute' }).getAttribute('aria-pressed'), 'true');
    assert.equal(await ap.evaluate(() => document.querySelector('[data-testid=local-video] video').srcObject.getAudioTracks()[0].enabled), false);
    await ap.getByRole('button', { name: 'Turn camera off' }).click();
    assert.equal(await ap.evaluate(() => document.querySelector('[data-testid=local-video] video').srcObject.getVideoTracks()[0].enabled), false);
    await bp.getByRole('button', { name: 'Leave' }).click();
    await bp.waitForURL('**/care');
    await tp.getByTestId('remote-video').nth(1).waitFor({ state: 'detached' });
    assert.equal(await tp.getByTestId('remote-video').count(), 1);
    // Ana closes her tab without Leave: she is out for the therapist all the same.
    await ap.close();
    await tp.getByTestId('remote-video').first().waitFor({ state: 'detached', timeout: 10000 });
    const view = await t.get(`/api/v1/video/sessions/${session.id}`);
    assert.equal(view.body.participants.find((p) => p.id === ana.user.id).state, 'left');
  } finally {
    await browser.close();
    await setClock(server, new Date().toISOString());
  }
}

test('three people in three places: media flows between every pair, directly', async () => {
  const server = await startServer({ testHooks: true });
  try {
    await threeWayCall(server, { relay: false });
  } finally {
    await server.stop();
  }
});

test('the same call forced through a real coturn, with short-lived credentials from the shared secret', async () => {
  const secret = randomBytes(24).toString('hex');
  const turn = await startTurn(secret);
  let server;
  try {
    server = await startServer({
      testHooks: true,
      env: {
        REKINDLE_VIDEO_TURN_URLS: `turn:127.0.0.1:${turn.port}?transport=udp`,
        REKINDLE_VIDEO_TURN_SECRET: secret,
        REKINDLE_VIDEO_RELAY_ONLY: 'true',
      },
    });
    await threeWayCall(server, { relay: true });
    assert.ok(!server.logs().includes(secret), 'the secret is never logged');
  } finally {
    await server?.stop();
    await turn.stop();
  }
});
