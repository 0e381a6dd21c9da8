// The live connection (/api/v1/live): one WebSocket per page, authenticated by the
// session cookie. Frames and close codes are typed from the one schema
// (protocol.gen.ts, generated from src/platform/live/protocol.json; docs/live.md).
//
// - Reconnects with backoff after a close whose code says so; stops after session_ended
//   and tells onSessionEnded listeners (the app goes to sign-in).
// - Resumes: it remembers the last numbered frame it applied ({epoch, seq}); after a
//   reconnect it sends resume and the server replays what was missed, or answers reload,
//   which useLiveReload listeners handle by re-reading what they show.
import { useEffect } from 'preact/hooks';
import {
  CLOSE_CODES,
  PROTOCOL_VERSION,
  type CloseAction,
  type Outgoing,
  type ServerAck,
  type ServerFrame,
  type ServerFrameOf,
  type ServerFrameType,
} from './protocol.gen';

export type { ServerFrame, ServerFrameOf } from './protocol.gen';

const listeners = new Map<string, Set<(frame: ServerFrame) => void>>();
const reloadListeners = new Set<() => void>();
const sessionEndedListeners = new Set<() => void>();
const closeActions = new Map<number, CloseAction>(Object.values(CLOSE_CODES).map((c) => [c.code, c.then]));

let socket: WebSocket | null = null;
let ready = false; // hello received on the current socket
let users = 0; // mounted hooks that want the connection
let retry = 0;
let timer: ReturnType<typeof setTimeout> | null = null;

// Where this page stands in the person's numbered frames: everything up to `seq` of
// `epoch` has been applied. Kept across reconnects; moves only when nothing is missing.
let position: { epoch: string; seq: number } | null = null;
let epoch = ''; // of the current connection
let highest = 0; // highest seq seen on the current connection
let resuming = false; // a resume is outstanding: position waits for resumed or reload

let nextId = 0;
const pending = new Map<string, { resolve: (ack: ServerAck) => void; reject: (e: Error) => void }>();

// A refused request: `code` is the protocol's error code.
export class LiveError extends Error {
  constructor(readonly code: string, message: string) {
    super(message);
  }
}

function connect() {
  if (socket || users === 0) return;
  const ws = new WebSocket(`${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/api/v1/live`);
  socket = ws;
  ws.onmessage = (e) => {
    let frame: ServerFrame;
    try {
      frame = JSON.parse(String(e.data));
    } catch {
      return;
    }
    if (frame?.v === PROTOCOL_VERSION) handle(frame);
  };
  ws.onclose = (e) => {
    if (socket !== ws) return;
    socket = null;
    ready = false;
    for (const p of pending.values()) p.reject(new LiveError('closed', 'The live connection closed.'));
    pending.clear();
    const then = closeActions.get(e.code) ?? 'reconnect';
    if (then === 'sign_in') {
      position = null;
      sessionEndedListeners.forEach((l) => l());
      return;
    }
    if (then === 'stop' || users === 0) return;
    // A changed couple: what the page shows may no longer be so; read it again, and come
    // back at once. Otherwise 1 s, 2 s, 4 s … up to 30 s, with jitter, so a restart is
    // not a stampede.
    const coupleChanged = e.code === CLOSE_CODES.couple_changed.code;
    if (coupleChanged) reloadListeners.forEach((l) => l());
    const delay = coupleChanged ? 200 + Math.random() * 300 : Math.min(30000, 1000 * 2 ** retry++) * (0.75 + Math.random() / 2);
    timer = setTimeout(() => {
      timer = null;
      connect();
    }, delay);
  };
}

function handle(frame: ServerFrame) {
  switch (frame.type) {
    case 'hello':
      ready = true;
      retry = 0;
      epoch = frame.epoch;
      highest = frame.seq;
      resuming = position !== null && (position.epoch !== frame.epoch || position.seq !== frame.seq);
      if (resuming) send({ type: 'resume', epoch: position!.epoch, seq: position!.seq });
      else position = { epoch, seq: highest };
      break;
    case 'resumed':
    case 'reload':
      resuming = false;
      position = { epoch, seq: highest };
      if (frame.type === 'reload') reloadListeners.forEach((l) => l());
      break;
    case 'ack':
    case 'error': {
      const p = frame.id !== undefined ? pending.get(frame.id) : undefined;
      if (p && frame.id !== undefined) {
        pending.delete(frame.id);
        if (frame.type === 'ack') p.resolve(frame);
        else p.reject(new LiveError(frame.code, frame.message));
      }
      break;
    }
    default:
      if ('seq' in frame) {
        highest = Math.max(highest, frame.seq);
        if (!resuming) position = { epoch, seq: highest };
      }
  }
  listeners.get(frame.type)?.forEach((l) => l(frame));
}

// Sends a frame if the connection is up; false when it is not.
export function sendLive(frame: Outgoing): boolean {
  if (!socket || !ready) return false;
  socket.send(JSON.stringify({ ...frame, v: PROTOCOL_VERSION }));
  return true;
}
const send = sendLive;

// True when frames can be sent now.
export const liveIsOpen = () => ready;

// Sends a frame with an id and resolves with the server's ack, or rejects with a
// LiveError (the server's error, a closed connection, or no answer in time).
export function requestLive(frame: Outgoing, timeoutMs = 10000): Promise<ServerAck> {
  const id = `c${++nextId}`;
  return new Promise((resolve, reject) => {
    if (!sendLive({ ...frame, id } as Outgoing)) return reject(new LiveError('closed', 'The live connection is not open.'));
    const t = setTimeout(() => {
      pending.delete(id);
      reject(new LiveError('timeout', 'No answer from the server.'));
    }, timeoutMs);
    pending.set(id, {
      resolve: (ack) => { clearTimeout(t); resolve(ack); },
      reject: (e) => { clearTimeout(t); reject(e); },
    });
  });
}

// Keeps the connection open while `register` is in effect.
function useConnection(register: () => () => void, deps: unknown[]) {
  useEffect(() => {
    const unregister = register();
    users++;
    connect();
    return () => {
      unregister();
      if (--users === 0) {
        if (timer) clearTimeout(timer);
        timer = null;
        const s = socket;
        socket = null;
        ready = false;
        s?.close(CLOSE_CODES.normal.code);
      }
    };
  }, deps);
}

// Calls `listener` with every frame of `type` while the component is mounted.
export function useLive<T extends ServerFrameType>(type: T, listener: (frame: ServerFrameOf<T>) => void, deps: unknown[] = []) {
  useConnection(() => {
    const l = listener as (frame: ServerFrame) => void;
    if (!listeners.has(type)) listeners.set(type, new Set());
    listeners.get(type)!.add(l);
    return () => {
      listeners.get(type)?.delete(l);
      if (listeners.get(type)?.size === 0) listeners.delete(type);
    };
  }, deps);
}

// Calls `reload` when frames were missed and cannot be replayed: the component re-reads
// what it shows through the API.
export function useLiveReload(reload: () => void, deps: unknown[] = []) {
  useConnection(() => {
    reloadListeners.add(reload);
    return () => reloadListeners.delete(reload);
  }, deps);
}

// Calls `ended` when the server closes the connection because the session is over.
// Returns the unsubscribe function.
export function onSessionEnded(ended: () => void): () => void {
  sessionEndedListeners.add(ended);
  return () => sessionEndedListeners.delete(ended);
}
