import { type Ctx, inTransaction } from '../platform/context.ts';
import type { Row } from '../platform/db/tables.ts';
import { ForbiddenError, NotFoundError, ValidationError } from '../platform/errors.ts';
import { iso } from '../platform/http/schema.ts';
import { createSilence } from '../silences/create.ts';
import { deleteSilence } from '../silences/delete.ts';
import { type Matcher, decodeMatchers, matches } from '../silences/matchers.ts';
import { lifecycleAt } from '../silences/period.ts';
import { findSilenceById, findSilenceForUpdate } from '../silences/repository.ts';
import { updateSilence } from '../silences/update.ts';
import { type PostableSilence, parsePostableSilence } from './silence-input.ts';
import { parseFilter } from './query.ts';
import { silencesForApi } from './repository.ts';
import { type AmScope, scopedService } from './scope.ts';

/**
 * Tocsin silences through Alertmanager's API (`gettableSilence`, `postableSilence`), with its
 * rules: an update that would rewrite history (other matchers, an earlier start) expires the old
 * silence and creates a new one with a new id; expiring is idempotent. The changes go through the
 * silence verbs, so they are authorised and audited like any other.
 */
export interface GettableSilence {
  id: string;
  status: { state: 'active' | 'pending' | 'expired' };
  updatedAt: string;
  matchers: { name: string; value: string; isRegex: boolean; isEqual: boolean }[];
  startsAt: string;
  endsAt: string;
  createdBy: string;
  comment: string;
}

/** Alertmanager keeps an expired silence for 5 days (`--data.retention`); its list shows them as long. */
export const EXPIRED_SHOWN_MS = 5 * 24 * 3600_000;

export function gettableSilence(row: Row<'silences'>, now: number): GettableSilence {
  return {
    id: row.id,
    status: { state: lifecycleAt(row, now) },
    updatedAt: iso(row.updated_at),
    matchers: decodeMatchers(row.matchers).map((m) => ({
      name: m.name,
      value: m.value,
      isRegex: m.op === '=~' || m.op === '!~',
      isEqual: m.op === '=' || m.op === '=~',
    })),
    startsAt: iso(row.starts_at),
    endsAt: iso(row.ends_at),
    createdBy: row.created_by,
    comment: row.comment,
  };
}

const STATE_ORDER = { active: 1, pending: 2, expired: 3 } as const;

/** Alertmanager's order: active by soonest end, pending by soonest start, expired by latest end. */
function compareSilences(a: GettableSilence, b: GettableSilence): number {
  if (a.status.state !== b.status.state) return STATE_ORDER[a.status.state] - STATE_ORDER[b.status.state];
  const t = (s: GettableSilence) => Date.parse(a.status.state === 'pending' ? s.startsAt : s.endsAt);
  const byTime = a.status.state === 'expired' ? t(b) - t(a) : t(a) - t(b);
  // Alertmanager leaves ties in any order; oldest first keeps ours the same on every read.
  return byTime !== 0 ? byTime : a.id < b.id ? -1 : 1;
}

/** A silence is listed for a filter when each filter matcher is one of its matchers, exactly. */
function hasEvery(silence: readonly Matcher[], filter: readonly Matcher[]): boolean {
  return filter.every((f) => silence.some((m) => m.name === f.name && m.op === f.op && m.value === f.value));
}

export async function listSilences(
  scope: AmScope,
  query: Record<string, unknown>,
): Promise<GettableSilence[]> {
  const { matchers } = parseFilter(query);
  const now = scope.ctx.clock.now();
  const rows = await silencesForApi(scope.ctx.db, {
    serviceId: scopedService(scope),
    endedAfter: now - EXPIRED_SHOWN_MS,
  });
  return rows
    .filter((row) => hasEvery(decodeMatchers(row.matchers), matchers))
    .map((row) => gettableSilence(row, now))
    .sort(compareSilences);
}

const notFound = (id: string) => NotFoundError.of('silence', id);

/**
 * The silence if the scope sees it: an integration sees its service's and unscoped ones. `lock`
 * inside a transaction that will change it, so a concurrent expire cannot be undone.
 */
async function visibleSilence(scope: AmScope, id: string, lock = false): Promise<Row<'silences'>> {
  const { db, dialect } = scope.ctx;
  const row = lock ? await findSilenceForUpdate(db, dialect, id) : await findSilenceById(db, id);
  const serviceId = scopedService(scope);
  if (
    row === undefined ||
    (serviceId !== undefined && row.service_id !== null && row.service_id !== serviceId)
  )
    throw notFound(id);
  return row;
}

function assertMayChange(scope: AmScope, row: Row<'silences'>): void {
  const serviceId = scopedService(scope);
  if (serviceId !== undefined && row.service_id !== serviceId)
    throw new ForbiddenError(
      `silence ${JSON.stringify(row.id)} is not scoped to this integration's service; an API token of an admin may change it`,
    );
}

export async function getSilence(scope: AmScope, id: string): Promise<GettableSilence> {
  return gettableSilence(await visibleSilence(scope, id), scope.ctx.clock.now());
}

/** Expires an active silence, removes a pending one (it never acted); an expired one stays as it is. */
export async function expireSilence(scope: AmScope, id: string): Promise<void> {
  await inTransaction(scope.ctx, async (ctx) => {
    const row = await visibleSilence({ ...scope, ctx }, id, true);
    assertMayChange(scope, row);
    await deleteSilence({ ctx, input: { id } });
  });
}

const sameMatchers = (a: readonly Matcher[], b: readonly Matcher[]) =>
  a.length === b.length &&
  a.every((m, i) => m.name === b[i]!.name && m.op === b[i]!.op && m.value === b[i]!.value);

const seconds = (ms: number) => Math.floor(ms / 1000);

/** Alertmanager's `canUpdate`: may `next` replace `prev` in place without rewriting what it silenced? */
function canUpdateInPlace(prev: Row<'silences'>, next: PostableSilence, now: number): boolean {
  if (!sameMatchers(decodeMatchers(prev.matchers), next.matchers)) return false;
  switch (lifecycleAt(prev, now)) {
    case 'active':
      // Alertmanager takes an end of exactly now; Tocsin's silences need an end in the future.
      return seconds(next.startsAt) === seconds(prev.starts_at) && next.endsAt > now;
    case 'pending':
      return next.startsAt >= now;
    case 'expired':
      return false;
  }
}

/**
 * Who the silence says made it: the name the client sent (amtool's $USER or -a) is free text, so
 * unless it is the acting user's own name it is followed by who sent it, as the web UI shows it:
 * a leaked key cannot post a silence "by alice". Re-posting an answer does not add it twice.
 */
export function attributed(scope: AmScope, createdBy: string): string {
  const who =
    scope.integration === undefined
      ? scope.ctx.actor.name
      : `integration ${JSON.stringify(scope.integration.name)}`;
  if (createdBy === who) return createdBy;
  const suffix = ` (via ${who})`;
  return createdBy.endsWith(suffix) ? createdBy : `${createdBy}${suffix}`;
}

async function create(ctx: Ctx, serviceId: string | null, s: PostableSilence, now: number): Promise<string> {
  const created = await createSilence({
    ctx,
    input: {
      ...(serviceId === null ? {} : { service_id: serviceId }),
      matchers: s.matchers,
      // A start in the past means now, as in Alertmanager.
      ...(s.startsAt > now ? { starts_at: iso(s.startsAt) } : {}),
      ends_at: iso(s.endsAt),
      comment: s.comment,
    },
    createdBy: s.createdBy,
  });
  return created.id;
}

/** The silence verbs name fields as Tocsin's API does; a client of Alertmanager's knows them as these. */
function inAlertmanagerTerms(e: unknown): unknown {
  if (!(e instanceof ValidationError)) return e;
  return new ValidationError(
    e.message.replace(/\bstarts_at\b/g, 'startsAt').replace(/\bends_at\b/g, 'endsAt'),
  );
}

/** `POST /api/v2/silences`: creates, updates in place, or replaces; answers the id that holds now. */
export async function postSilence(scope: AmScope, body: unknown): Promise<{ silenceID: string }> {
  try {
    return await setSilence(scope, body);
  } catch (e) {
    throw inAlertmanagerTerms(e);
  }
}

async function setSilence(scope: AmScope, body: unknown): Promise<{ silenceID: string }> {
  const now = scope.ctx.clock.now();
  const posted = parsePostableSilence(body, now);
  const s = { ...posted, createdBy: attributed(scope, posted.createdBy) };
  if (!s.matchers.some((m) => !matches({}, [m])))
    throw new ValidationError('silence invalid: at least one matcher must not match the empty string');
  return inTransaction(scope.ctx, async (ctx) => {
    const inScope = { ...scope, ctx };
    if (s.id === undefined) return { silenceID: await create(ctx, scopedService(scope) ?? null, s, now) };
    const prev = await visibleSilence(inScope, s.id, true);
    assertMayChange(scope, prev);
    if (canUpdateInPlace(prev, s, now)) {
      const pending = lifecycleAt(prev, now) === 'pending';
      await updateSilence({
        ctx,
        input: {
          id: prev.id,
          ...(pending ? { starts_at: iso(s.startsAt) } : {}),
          ends_at: iso(s.endsAt),
          comment: s.comment,
        },
      });
      return { silenceID: prev.id };
    }
    if (lifecycleAt(prev, now) !== 'expired') await deleteSilence({ ctx, input: { id: prev.id } });
    return { silenceID: await create(ctx, prev.service_id, s, now) };
  });
}
