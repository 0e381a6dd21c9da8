// The HTTP client for rekindle's JSON API. The browser authenticates by the HttpOnly
// session cookie; unsafe requests carry the CSRF token the API handed out, which lives
// only in memory (never in storage).

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

  // The message for one field, if the API named it.
  fieldMessage(field: string): string | undefined {
    return this.fields.find((f) => f.field === field)?.message;
  }
}

let csrfToken: string | null = null;

export function setCsrfToken(token: string | null): void {
  csrfToken = token;
}

export async function request<T>(method: string, path: string, body?: unknown): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (body !== undefined) headers['content-type'] = 'application/json';
  if (method !== 'GET' && csrfToken) headers['x-csrf-token'] = csrfToken;
  let res: Response;
  try {
    res = await fetch(path, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
      credentials: 'same-origin',
    });
  } catch {
    throw new ApiError(0, 'We could not reach rekindle. Check your connection and try again.');
  }
  if (res.status === 204) return undefined as T;
  const text = await res.text();
  const data = text ? JSON.parse(text) : undefined;
  if (!res.ok) {
    const retry = Number(res.headers.get('retry-after')) || undefined;
    throw new ApiError(res.status, data?.detail ?? 'Something went wrong. Please try again.', data?.errors ?? [], retry);
  }
  return data as T;
}

// A GET whose "not there" answer (`absent`, 404 by default) means null rather than an error.
export async function requestOrNull<T>(path: string, absent = 404): Promise<T | null> {
  try {
    return await request<T>('GET', path);
  } catch (e) {
    if (e instanceof ApiError && e.status === absent) return null;
    throw e;
  }
}
