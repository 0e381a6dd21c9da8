// The HTTP client for rekindle's JSON API. The browser authenticates by the HttpOnly
// session cookie; unsafe requests carry the CSRF token the API handed out, which lives
// only in memory (never in storage).
//
// Outages: what a GET loaded is kept in memory (never on disk) for this page's life; when
// rekindle cannot be reached, a GET answers from that copy and the client reports itself
// offline (see `onConnectivity`), checking back every few seconds until the server
// answers again. Nothing is queued behind the person's back: a write that cannot be sent
// fails, and the form keeps what was typed. Where sending later is safe (a PUT, so twice
// is the same as once) and the page says so, a form may ask for it (`putWhenOnline`):
// the write waits in this page's memory, never on disk, until the server answers.
import { language, t } from '../i18n';

export interface FieldProblem {
  field: string;
  code: string;
  message: string;
}

// An RFC 9457 problem returned by the API, or a network failure (status 0).
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly detail: string,
    readonly fields: FieldProblem[] = [],
    readonly retryAfter?: number,
  ) {
    super(detail);
  }

  get offline(): boolean {
    return this.status === 0;
  }

  // The message for one field, if the API named it.
  fieldMessage(field: string): string | undefined {
    return this.fields.find((f) => f.field === field)?.message;
  }
}

let csrfToken: string | null = null;

export function setCsrfToken(token: string | null): void {
  csrfToken = token;
}

const loaded = new Map<string, unknown>();

// Writes waiting for the server to be back, by path: the newest body for a path wins.
interface Waiting {
  attempt: () => void;
  cancel: () => void;
}
const waiting = new Map<string, Waiting>();
const waitingListeners = new Set<() => void>();
const waitingChanged = () => waitingListeners.forEach((l) => l());

// Forgets every copy of what was loaded and every write still waiting (sign-out, quick
// exit, session ended).
export function forgetLoaded(): void {
  loaded.clear();
  for (const w of [...waiting.values()]) w.cancel();
}

// PUTs `body` to `path` now, or — while rekindle cannot be reached — as soon as it can
// be. Settles when the server has answered (or with its error). cancelWaiting(path)
// drops a waiting write for good: it is never sent after that (even by a retry already
// on its way that fails again), and its promise fails as offline, so the form keeps
// what was typed.
export function putWhenOnline<T>(path: string, body: unknown): Promise<T> {
  waiting.get(path)?.cancel();
  return new Promise<T>((resolve, reject) => {
    let cancelled = false;
    let sending = false;
    const self: Waiting = {
      attempt: async () => {
        if (cancelled || sending) return;
        sending = true;
        try {
          const out = await request<T>('PUT', path, body);
          if (waiting.get(path) === self) { waiting.delete(path); waitingChanged(); }
          resolve(out);
        } catch (e) {
          if (e instanceof ApiError && e.offline && !cancelled) {
            if (waiting.get(path) !== self) { waiting.set(path, self); waitingChanged(); }
            return;
          }
          if (waiting.get(path) === self) { waiting.delete(path); waitingChanged(); }
          reject(e);
        } finally {
          sending = false;
        }
      },
      cancel: () => {
        cancelled = true;
        if (waiting.get(path) === self) { waiting.delete(path); waitingChanged(); }
        reject(new ApiError(0, t('error.offline')));
      },
    };
    void self.attempt();
  });
}

// Whether a write to `path` is waiting; `onWaitingChange` tells when any starts or stops.
export const isWaiting = (path: string) => waiting.has(path);
export function onWaitingChange(listener: () => void): () => void {
  waitingListeners.add(listener);
  return () => waitingListeners.delete(listener);
}

export function cancelWaiting(path: string): void {
  waiting.get(path)?.cancel();
}

let online = true;
const connectivity = new Set<(online: boolean) => void>();
let probe: ReturnType<typeof setTimeout> | undefined;

export const isOnline = () => online;

export function onConnectivity(listener: (online: boolean) => void): () => void {
  connectivity.add(listener);
  return () => connectivity.delete(listener);
}

function setOnline(value: boolean): void {
  if (value === online) return;
  online = value;
  connectivity.forEach((l) => l(value));
  if (!value) scheduleProbe(2000);
  else for (const w of [...waiting.values()]) w.attempt();
}

function scheduleProbe(ms: number): void {
  clearTimeout(probe);
  probe = setTimeout(async () => {
    try {
      const r = await fetch('/api/v1/health', { cache: 'no-store' });
      if (r.ok) return setOnline(true);
    } catch {
      /* still away */
    }
    scheduleProbe(Math.min(ms * 2, 15000));
  }, ms);
}

if (typeof window !== 'undefined') {
  window.addEventListener('online', () => scheduleProbe(0));
}

// Retry now (the "Try again" buttons).
export function retryNow(): void {
  scheduleProbe(0);
}

// Pages a role opens answer 403 with the field error second_factor/required until the
// person has set one up; the app takes them to Settings (onSecondFactorRequired).
const secondFactorListeners = new Set<() => void>();
export function onSecondFactorRequired(listener: () => void): () => void {
  secondFactorListeners.add(listener);
  return () => secondFactorListeners.delete(listener);
}

// `body` is sent as JSON, or as it is when it is a Blob (a photo), with the Blob's type.
export async function request<T>(method: string, path: string, body?: unknown): Promise<T> {
  // The server answers problems in the person's language.
  const headers: Record<string, string> = { accept: 'application/json', 'accept-language': language() };
  const raw = body instanceof Blob;
  if (body !== undefined) headers['content-type'] = raw ? body.type : 'application/json';
  if (method !== 'GET' && csrfToken) headers['x-csrf-token'] = csrfToken;
  let res: Response;
  try {
    res = await fetch(path, {
      method,
      headers,
      body: body === undefined ? undefined : raw ? body : JSON.stringify(body),
      credentials: 'same-origin',
    });
  } catch {
    setOnline(false);
    if (method === 'GET' && loaded.has(path)) return loaded.get(path) as T;
    throw new ApiError(0, t('error.offline'));
  }
  // A proxy's or the service worker's "cannot reach the server" answer.
  if (res.status === 502 || res.status === 504 || (res.status === 503 && res.headers.get('x-rekindle-offline'))) {
    setOnline(false);
    if (method === 'GET' && loaded.has(path)) return loaded.get(path) as T;
    throw new ApiError(0, t('error.offline'));
  }
  setOnline(true);
  if (res.status === 204) return undefined as T;
  const text = await res.text();
  let data: { detail?: string; errors?: FieldProblem[] } | undefined;
  try {
    data = text ? JSON.parse(text) : undefined;
  } catch {
    data = undefined;
  }
  if (!res.ok) {
    const retry = Number(res.headers.get('retry-after')) || undefined;
    const error = new ApiError(res.status, data?.detail ?? t('error.generic'), data?.errors ?? [], retry);
    if (res.status === 403 && error.fields.some((f) => f.field === 'second_factor' && f.code === 'required'))
      secondFactorListeners.forEach((l) => l());
    throw error;
  }
  if (method === 'GET') loaded.set(path, data);
  else if (method !== 'GET') invalidate(path);
  return data as T;
}

// A write makes the copies it could have changed stale: drop those under the same
// resource (e.g. a PUT to /api/v1/daily/answer drops /api/v1/daily).
function invalidate(path: string): void {
  const root = path.split('/').slice(0, 4).join('/');
  for (const key of loaded.keys()) if (key.startsWith(root)) loaded.delete(key);
}

// Sends a request from a page that is going away this instant: the browser keeps it
// alive after the page is gone. Its answer is never read.
export function sendWhileLeaving(method: string, path: string): void {
  const headers: Record<string, string> = {};
  if (csrfToken) headers['x-csrf-token'] = csrfToken;
  try {
    void fetch(path, { method, headers, keepalive: true, credentials: 'same-origin' }).catch(() => {});
  } catch {
    /* nothing more can be done from a page that is leaving */
  }
}

// Ends this session from a page that is going away this instant (quick exit).
export function endSessionNow(): void {
  sendWhileLeaving('DELETE', '/api/v1/sessions/current');
  csrfToken = null;
  loaded.clear();
}
