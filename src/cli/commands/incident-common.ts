import type { IncidentView } from '../../incidents/schemas.ts';
import { NotFoundError, ValidationError } from '../../platform/errors.ts';
import type { ApiClient } from '../api-client.ts';
import type { CliIo, Invocation } from '../command.ts';

/** What `tocsin incident ...` commands share: argument checks and name-to-id look-ups over the API. */
export type Incident = IncidentView;

export const enc = encodeURIComponent;

export interface Page<T> {
  data: T[];
  next_cursor: string | null;
}

interface Named {
  id: string;
  name: string;
  email?: string;
}

/** The first positional argument: an incident id or INC-number. */
export function incidentArg(inv: Invocation): string {
  const ref = inv.args[0];
  if (ref === undefined || ref === '') throw new ValidationError('INC is required: an incident id or INC-42');
  return ref;
}

/** The positional text after the incident (quoted or not), e.g. a note or an update. */
export function textArg(inv: Invocation, what: string): string {
  const text = inv.args.slice(1).join(' ').trim();
  if (text === '') throw new ValidationError(`${what} is required after the incident`);
  return text;
}

export function printJson(io: CliIo, value: unknown): void {
  io.out(JSON.stringify(value, null, 2));
}

/** Every page of a cursor-paginated list; `path` may already carry a query string. */
export async function fetchAll<T>(api: ApiClient, path: string, pageSize = 500): Promise<T[]> {
  const out: T[] = [];
  const sep = path.includes('?') ? '&' : '?';
  let cursor: string | null = null;
  do {
    const page: Page<T> = await api.request<Page<T>>(
      'GET',
      `${path}${sep}limit=${pageSize}${cursor === null ? '' : `&cursor=${enc(cursor)}`}`,
    );
    out.push(...page.data);
    cursor = page.next_cursor ?? null;
  } while (cursor !== null);
  return out;
}

async function byId<T>(api: ApiClient, path: string): Promise<T | undefined> {
  try {
    return await api.request<T>('GET', path);
  } catch (e) {
    // A name that is not an id answers 404 (or 400 when it is not even shaped like one).
    if (e instanceof NotFoundError || e instanceof ValidationError) return undefined;
    throw e;
  }
}

/** A service by exact name, else by id; `flag` names the option in the error. */
export async function resolveServiceId(api: ApiClient, value: string, flag = '--service'): Promise<string> {
  const candidates = await fetchAll<Named>(api, `/services?q=${enc(value)}`);
  const named = candidates.find((s) => s.name === value);
  if (named !== undefined) return named.id;
  const found = await byId<Named>(api, `/services/${enc(value)}`);
  if (found !== undefined) return found.id;
  throw new ValidationError(`${flag}: no service named ${JSON.stringify(value)} (give a name or an id)`);
}

/** A user by email (any case), exact name, or id. */
export async function resolveUserId(api: ApiClient, value: string, flag = '--user'): Promise<string> {
  const candidates = await fetchAll<Named>(api, `/users?q=${enc(value)}`);
  const lower = value.toLowerCase();
  const named =
    candidates.find((u) => u.email?.toLowerCase() === lower) ?? candidates.find((u) => u.name === value);
  if (named !== undefined) return named.id;
  const found = await byId<Named>(api, `/users/${enc(value)}`);
  if (found !== undefined) return found.id;
  throw new ValidationError(`${flag}: no user with email, name or id ${JSON.stringify(value)}`);
}

/** Service names for display, looked up once each; an unreadable one shows as its id. */
export async function serviceNames(api: ApiClient, ids: Iterable<string>): Promise<Map<string, string>> {
  const names = new Map<string, string>();
  for (const id of new Set(ids)) {
    const s = await byId<Named>(api, `/services/${enc(id)}`);
    names.set(id, s?.name ?? id);
  }
  return names;
}

const UNIT_MS: Record<string, number> = { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 };

/**
 * An RFC 3339 time, or a duration ago (`90m`, `1h`, `7d`), as ISO; `now` comes from the caller
 * so relative times are computed from one instant.
 */
export function parseTime(flag: string, value: string, now: number): string {
  const rel = /^(\d+)([smhdw])$/.exec(value);
  if (rel !== null) return new Date(now - Number(rel[1]) * UNIT_MS[rel[2]!]!).toISOString();
  const t = Date.parse(value);
  if (Number.isNaN(t)) {
    throw new ValidationError(
      `${flag} must be an RFC 3339 time such as 2027-01-01T09:00:00Z or a duration ago such as 15m, 1h, 7d`,
    );
  }
  return new Date(t).toISOString();
}

export function parseLimit(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > 500)
    throw new ValidationError('--limit must be an integer from 1 to 500');
  return n;
}

/** Names of the users behind `user:<id>` refs and bare user ids, looked up once each. */
export async function userNames(
  api: ApiClient,
  refs: Iterable<string | { name: string } | null>,
): Promise<Map<string, string>> {
  const ids = new Set<string>();
  for (const ref of refs) {
    // Actor objects already carry their name.
    if (ref === null || typeof ref === 'object') continue;
    const id = ref.startsWith('user:') ? ref.slice('user:'.length) : ref;
    if (id.startsWith('usr_')) ids.add(id);
  }
  const names = new Map<string, string>();
  for (const id of ids) {
    const u = await byId<Named>(api, `/users/${enc(id)}`);
    if (u !== undefined) names.set(id, u.name);
  }
  return names;
}
