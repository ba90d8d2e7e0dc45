import { type Ctx, inTransaction } from '../platform/context.ts';
import { type Queryable, isForeignKeyViolation, isTransient } from '../platform/db/connect.ts';
import { GroupCommit } from '../platform/db/group-commit.ts';
import { NotFoundError, ValidationError } from '../platform/errors.ts';
import { DAY, MINUTE, minuteOf } from './burn.ts';
import {
  type Bucket,
  type SloBucket,
  addBuckets,
  maintenanceOverlapping,
  rememberEventKeys,
} from './repository.ts';
import { loadSlo, requireSloWriter } from './rules.ts';
import type { PushEventsInputValue } from './schemas.ts';

/**
 * Pushed counts (`POST /slos/:id/events`): good and total events, now or up to three days back,
 * added to their minute and hour. With an Idempotency-Key the same batch sent twice counts once:
 * the key is remembered in the same transaction as the counts. Counts in a maintenance window of
 * the service are kept apart (`excluded`) when the SLO says so. Over HTTP the pushes of
 * concurrent requests are written together (group commit): one transaction for all of them.
 */
const MAX_AGE = 3 * DAY;
const MAX_AHEAD = 5 * MINUTE;

export interface Push {
  sloId: string;
  serviceId: string;
  excludeMaintenance: boolean;
  key: string | undefined;
  /** One per minute, in thousandths of an event. */
  buckets: Bucket[];
  accepted: number;
}

export interface PushResult {
  accepted: number;
  duplicate: boolean;
}

export type PushCommitter = GroupCommit<Push, PushResult>;

export function pushCommitter(deps: { db: Queryable; clock: { now(): number } }): PushCommitter {
  return new GroupCommit<Push, PushResult>({
    commit: (pushes) => deps.db.transaction().execute((trx) => writePushes(trx, pushes, deps.clock.now())),
    size: (p) => p.buckets.length,
    maxPerCommit: 5000,
    retryable: isTransient,
  });
}

export async function pushEvents({
  ctx,
  input,
  committer,
}: {
  ctx: Ctx;
  input: { id: string; body: PushEventsInputValue; idempotencyKey?: string | undefined };
  /** Group commit (HTTP); without it, or inside a caller's transaction, the push is written alone. */
  committer?: PushCommitter | undefined;
}): Promise<PushResult> {
  const items = 'events' in input.body ? input.body.events : [input.body];
  const prefix = 'events' in input.body ? (i: number) => `body.events.${i}` : () => 'body';
  const now = ctx.clock.now();
  const minutes = new Map<number, Bucket>();
  items.forEach((e, i) => {
    const at = e.at === undefined ? now : typeof e.at === 'number' ? e.at : Date.parse(e.at);
    if (!Number.isFinite(at)) throw new ValidationError(`${prefix(i)}.at: not a time`);
    if (at < now - MAX_AGE) {
      throw new ValidationError(`${prefix(i)}.at: more than 3 days ago; older counts are not kept`);
    }
    if (at > now + MAX_AHEAD) throw new ValidationError(`${prefix(i)}.at: in the future`);
    if (e.good > e.total)
      throw new ValidationError(`${prefix(i)}.good: more than total (${e.good} > ${e.total})`);
    const m = minuteOf(at);
    const b = minutes.get(m) ?? { at: m, good: 0, total: 0, excluded: 0 };
    b.good += Math.round(e.good * 1000);
    b.total += Math.round(e.total * 1000);
    minutes.set(m, b);
  });
  const key = input.idempotencyKey;
  if (key !== undefined && (key.length === 0 || key.length > 200)) {
    throw new ValidationError('headers.idempotency-key: 1 to 200 characters');
  }
  const slo = await loadSlo(ctx, input.id);
  if (slo.sli_kind !== 'events') {
    throw new ValidationError(
      `body: SLO ${JSON.stringify(slo.name)} reads its counts from Prometheus; it takes no pushed counts`,
    );
  }
  // Counts are data, not configuration: not audited (as alerts are not), but scoped like a write.
  await requireSloWriter(ctx, slo.service_id);
  const push: Push = {
    sloId: slo.id,
    serviceId: slo.service_id,
    excludeMaintenance: slo.exclude_maintenance === 1,
    key,
    buckets: [...minutes.values()],
    accepted: items.length,
  };
  try {
    if (committer !== undefined && !ctx.db.isTransaction) return await committer.submit(push);
    return (await inTransaction(ctx, (ctx) => writePushes(ctx.db, [push], now)))[0]!;
  } catch (e) {
    // Deleted between the read above and the write.
    if (isForeignKeyViolation(e)) throw NotFoundError.of('SLO', input.id);
    throw e;
  }
}

/** Writes pushes in the caller's transaction: keys first (a used key drops its push), then the counts. */
export async function writePushes(db: Queryable, pushes: Push[], now: number): Promise<PushResult[]> {
  const keyed = pushes.filter((p) => p.key !== undefined);
  const fresh = await rememberEventKeys(
    db,
    keyed
      .map((p) => ({ sloId: p.sloId, key: p.key! }))
      .sort((a, b) => (a.sloId + a.key < b.sloId + b.key ? -1 : 1)),
    now,
  );
  const results = pushes.map((p) => {
    if (p.key === undefined) return { accepted: p.accepted, duplicate: false };
    // The first push of a pair sharing a key within the batch takes it; the other is a repeat.
    const taken = fresh.delete(`${p.sloId} ${p.key}`);
    return taken ? { accepted: p.accepted, duplicate: false } : { accepted: 0, duplicate: true };
  });
  const kept = pushes.filter((_, i) => !results[i]!.duplicate);
  await exclude(
    db,
    kept.filter((p) => p.excludeMaintenance),
  );
  const merged = new Map<string, SloBucket>();
  for (const p of kept) {
    for (const b of p.buckets) {
      const k = `${p.sloId} ${b.at}`;
      const acc = merged.get(k) ?? { sloId: p.sloId, at: b.at, good: 0, total: 0, excluded: 0 };
      acc.good += b.good;
      acc.total += b.total;
      acc.excluded += b.excluded;
      merged.set(k, acc);
    }
  }
  // In one order on every node, so two nodes' batches cannot deadlock on each other's rows.
  const rows = [...merged.values()].sort((a, b) =>
    a.sloId === b.sloId ? a.at - b.at : a.sloId < b.sloId ? -1 : 1,
  );
  await addBuckets(db, rows);
  return results;
}

/** Moves the counts of minutes that began inside a maintenance window of the service to `excluded`. */
export async function exclude(
  db: Queryable,
  pushes: { serviceId: string; buckets: Bucket[] }[],
): Promise<void> {
  const all = pushes.flatMap((p) => p.buckets);
  if (all.length === 0) return;
  const from = Math.min(...all.map((b) => b.at));
  const to = Math.max(...all.map((b) => b.at)) + MINUTE;
  const windows = await maintenanceOverlapping(db, [...new Set(pushes.map((p) => p.serviceId))], from, to);
  if (windows.length === 0) return;
  for (const p of pushes) {
    for (const b of p.buckets) {
      if (windows.some((w) => w.service_id === p.serviceId && w.starts_at <= b.at && b.at < w.ends_at)) {
        b.excluded += b.total;
        b.good = 0;
        b.total = 0;
      }
    }
  }
}
