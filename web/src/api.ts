/**
 * The one way the UI talks to the server: same-origin fetch to /api/v1 with the session cookie.
 * A 401 from anything but the login itself means the session is gone: the handler set by the
 * app sends the person to the login page (and back afterwards).
 */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    /** The answer's other fields next to code and message (a bad tocsin.yaml's `problems`). */
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
  }
}

let onUnauthorized: () => void = () => undefined;

export function setUnauthorizedHandler(handler: () => void): void {
  onUnauthorized = handler;
}

export async function api<T>(
  method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE',
  path: string,
  body?: unknown,
): Promise<T> {
  // A network failure (offline, server restarting) says so in words a person can act on; the
  // form that sent it keeps what was typed.
  const res = await fetch(`/api/v1${path}`, {
    method,
    credentials: 'same-origin',
    headers: {
      accept: 'application/json',
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  }).catch(() => {
    throw new ApiError(0, 'network', 'Could not reach Tocsin: check the connection and try again.');
  });
  if (res.status === 204) return undefined as T;
  const text = await res.text();
  let parsed: unknown = undefined;
  try {
    parsed = text === '' ? undefined : JSON.parse(text);
  } catch {
    // Not JSON (a proxy's error page): reported below by status.
  }
  if (!res.ok) {
    const error = (parsed as { error?: { code?: string; message?: string } } | undefined)?.error;
    const { code, message, ...details } = error ?? {};
    const e = new ApiError(res.status, code ?? 'http_error', message ?? `HTTP ${res.status}`, details);
    if (res.status === 401 && path !== '/auth/login') onUnauthorized();
    throw e;
  }
  return parsed as T;
}

export const isUnauthorized = (e: unknown) => e instanceof ApiError && e.status === 401;
