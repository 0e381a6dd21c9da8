// The live connection (/api/v1/live): one WebSocket per page, authenticated by the
// session cookie, reconnecting with backoff. Frames are {"type", "v": 1, ...}; the
// protocol is in docs/live.md and mirrors src/features/*/routes.cpp.
import { useEffect } from 'preact/hooks';

export type Frame = { type: string; v: number; [key: string]: unknown };
type Listener = (frame: Frame) => void;

const listeners = new Map<string, Set<Listener>>();
let socket: WebSocket | null = null;
let retry = 0;
let timer: ReturnType<typeof setTimeout> | null = null;

function connect() {
  if (socket || listeners.size === 0) return;
  const url = `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/api/v1/live`;
  const ws = new WebSocket(url);
  socket = ws;
  ws.onopen = () => {
    retry = 0;
  };
  ws.onmessage = (e) => {
    let frame: Frame;
    try {
      frame = JSON.parse(String(e.data));
    } catch {
      return;
    }
    listeners.get(frame.type)?.forEach((l) => l(frame));
    listeners.get('*')?.forEach((l) => l(frame));
  };
  ws.onclose = () => {
    socket = null;
    if (listeners.size === 0) return;
    // 1 s, 2 s, 4 s … up to 30 s, with jitter, so a restart is not a stampede.
    const delay = Math.min(30000, 1000 * 2 ** retry++) * (0.75 + Math.random() / 2);
    timer = setTimeout(() => {
      timer = null;
      connect();
    }, delay);
  };
}

// Subscribes to frames of `type` ('*' for all) while the component is mounted.
export function useLive(type: string, listener: Listener, deps: unknown[] = []) {
  useEffect(() => {
    if (!listeners.has(type)) listeners.set(type, new Set());
    listeners.get(type)!.add(listener);
    connect();
    return () => {
      listeners.get(type)?.delete(listener);
      if (listeners.get(type)?.size === 0) listeners.delete(type);
      if (listeners.size === 0) {
        if (timer) clearTimeout(timer);
        socket?.close();
        socket = null;
      }
    };
  }, deps);
}
