import { loadConfig } from '../platform/config.ts';
import { openDatabase } from '../platform/db/connect.ts';
import { migrateToLatest } from '../platform/db/migrate.ts';
import {
  AppError,
  AuthenticationError,
  ConflictError,
  ForbiddenError,
  NotFoundError,
  PayloadTooLargeError,
  RateLimitedError,
  UnavailableError,
  ValidationError,
} from '../platform/errors.ts';
import { startTocsin } from '../server.ts';
import { countAdmins } from '../users/repository.ts';
import { type Invocation, stringFlag } from './command.ts';

/**
 * How CLI commands reach the API: the same requests either to a running server over HTTP
 * (`TOCSIN_URL`/`--url`) or, with no URL, through an in-process app on the database, so every
 * command validates, authorises and audits exactly like the server does.
 */
export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export interface ApiClient {
  /** `path` is below /api/v1, e.g. `/incidents/INC-3/acknowledge`. Throws an AppError on non-2xx. */
  request<T>(method: HttpMethod, path: string, body?: unknown): Promise<T>;
}

/** The options every command that talks to the API accepts, besides the config flags. */
export const API_OPTIONS = {
  url: { type: 'string' },
  token: { type: 'string' },
  json: { type: 'boolean' },
} as const;

/** Appended to every such command's usage line. */
export const API_USAGE =
  '[--url URL] [--token TOKEN]  (or TOCSIN_URL, TOCSIN_TOKEN; no URL: straight to the database)';

/** A server answer whose status has no dedicated AppError (5xx, 405, 415 ...). */
export class RemoteError extends AppError {
  readonly status: number;
  readonly code: string;

  constructor(status: number, code: string, message: string) {
    super(message);
    this.status = status;
    this.code = code;
  }
}

interface ErrorBody {
  error?: { code?: unknown; message?: unknown; allowed_transitions?: unknown };
  allowed_transitions?: unknown;
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null;

/** The AppError for a non-2xx answer, carrying the server's message (and the allowed transitions of a 409). */
export function errorFromAnswer(status: number, body: unknown): AppError {
  const b: ErrorBody = isRecord(body) ? body : {};
  const e = isRecord(b.error) ? b.error : {};
  let message =
    typeof e.message === 'string'
      ? e.message
      : typeof body === 'string' && body !== ''
        ? body
        : `the server answered ${status}`;
  const allowed = e.allowed_transitions ?? b.allowed_transitions;
  if (Array.isArray(allowed)) {
    message += ` (allowed: ${allowed.length === 0 ? 'none' : allowed.map(String).join(', ')})`;
  }
  switch (status) {
    case 400:
      return new ValidationError(message, body);
    case 401:
      return new AuthenticationError(message, body);
    case 403:
      return new ForbiddenError(message, body);
    case 404:
      return new NotFoundError(message, body);
    case 409:
      return new ConflictError(message, body);
    case 413:
      return new PayloadTooLargeError(message, body);
    case 429:
      return new RateLimitedError(message, body);
    case 503:
      return new UnavailableError(message, body);
    default:
      return new RemoteError(status, typeof e.code === 'string' ? e.code : 'remote_error', message);
  }
}

function parseAnswer<T>(status: number, contentType: string | undefined, text: string): T {
  const body: unknown = (contentType ?? '').includes('json') && text !== '' ? JSON.parse(text) : text;
  if (status < 200 || status > 299) throw errorFromAnswer(status, body);
  return (text === '' ? undefined : body) as T;
}

function requireToken(token: string | undefined, transport: string): string {
  if (token === undefined || token === '') {
    throw new ValidationError(
      `set TOCSIN_TOKEN (or --token) to ${transport}: the API token \`npm start\` printed on first start, or one from \`tocsin token create\``,
    );
  }
  return token;
}

/** One request anywhere on the server (the ingest endpoints too), answered whatever its status. */
export interface RawAnswer {
  status: number;
  contentType: string | undefined;
  text: string;
}
export type RawRequest = (
  method: HttpMethod,
  path: string,
  body?: unknown,
  headers?: Record<string, string>,
) => Promise<RawAnswer>;

function httpRaw(baseUrl: string): RawRequest {
  const base = baseUrl.replace(/\/+$/, '');
  return async (method, path, body, headers = {}) => {
    let res: Response;
    try {
      res = await fetch(`${base}${path}`, {
        method,
        headers: { ...headers, ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
        ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
      });
    } catch (e) {
      const cause = e instanceof Error && e.cause instanceof Error ? e.cause.message : String(e);
      throw new UnavailableError(`cannot reach ${base}: ${cause}`);
    }
    return {
      status: res.status,
      contentType: res.headers.get('content-type') ?? undefined,
      text: await res.text(),
    };
  };
}

/** The API below /api/v1 as the token's user, over any transport. */
function apiClient(raw: RawRequest, token: string): ApiClient {
  return {
    async request<T>(method: HttpMethod, path: string, body?: unknown): Promise<T> {
      const a = await raw(method, `/api/v1${path}`, body, { authorization: `Bearer ${token}` });
      return parseAnswer<T>(a.status, a.contentType, a.text);
    },
  };
}

export function httpClient(baseUrl: string, token: string): ApiClient {
  return apiClient(httpRaw(baseUrl), token);
}

/**
 * Runs `fn` with a client for the transport the invocation names: `--url`/TOCSIN_URL for a
 * running server, otherwise the database of `--database-url`/TOCSIN_DATABASE_URL. The
 * environment is a parameter so tests can choose without touching process.env.
 */
export async function withApi<T>(
  inv: Invocation,
  fn: (api: ApiClient) => Promise<T>,
  env: NodeJS.ProcessEnv = process.env,
): Promise<T> {
  const url = stringFlag(inv.flags, 'url') ?? (env.TOCSIN_URL || undefined);
  const token = stringFlag(inv.flags, 'token') ?? env.TOCSIN_TOKEN;
  if (url !== undefined) return fn(httpClient(url, requireToken(token, `call ${url}`)));
  const checked = requireToken(token, 'use the database directly');
  return withInProcessApp(inv, env, (raw) => fn(apiClient(raw, checked)));
}

/**
 * Like withApi for requests that carry their own credentials (an integration key on the ingest
 * endpoints): no API token needed.
 */
export async function withServer<T>(
  inv: Invocation,
  fn: (raw: RawRequest) => Promise<T>,
  env: NodeJS.ProcessEnv = process.env,
): Promise<T> {
  const url = stringFlag(inv.flags, 'url') ?? (env.TOCSIN_URL || undefined);
  if (url !== undefined) return fn(httpRaw(url));
  return withInProcessApp(inv, env, fn);
}

async function withInProcessApp<T>(
  inv: Invocation,
  env: NodeJS.ProcessEnv,
  fn: (raw: RawRequest) => Promise<T>,
): Promise<T> {
  // An API-only process: no engine (pages are sent by the running server's engine), no listening.
  const config = { ...loadConfig(env, inv.configFlags), role: 'api' as const };
  const handle = openDatabase(config.databaseUrl);
  try {
    await migrateToLatest(handle.db);
    // Booting on an empty database would create the first admin here, and its generated
    // credentials would never be shown; the token could not authenticate anyway.
    if ((await countAdmins(handle.db)) === 0 && config.adminToken === undefined) {
      throw new ValidationError(
        `${handle.description} has no admin yet: start Tocsin once (\`tocsin serve\` / \`npm start\`), which creates one and prints its token, then set TOCSIN_TOKEN`,
      );
    }
  } catch (e) {
    await handle.close();
    throw e;
  }
  // No logger: the in-process app must not write request logs into the command's output.
  const tocsin = await startTocsin(config, { handle, engine: false });
  const app = tocsin.app;
  try {
    if (app === undefined) throw new Error('an api-role Tocsin has an HTTP app');
    return await fn(async (method, path, body, headers = {}) => {
      const res = await app.inject({
        method,
        url: path,
        headers: { ...headers, ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
        ...(body !== undefined ? { payload: JSON.stringify(body) } : {}),
      });
      const ct = res.headers['content-type'];
      return { status: res.statusCode, contentType: typeof ct === 'string' ? ct : undefined, text: res.body };
    });
  } finally {
    await tocsin.close();
  }
}
