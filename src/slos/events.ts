import { type Ctx, inTransaction } from '../platform/context.ts';
import { ValidationError } from '../platform/errors.ts';
import { DAY, MINUTE, minuteOf } from './burn.ts';
import { type Bucket, addBuckets, maintenanceOverlapping, rememberEventKey } from './repository.ts';
import { loadSlo, requireSloWriter } from './rules.ts';
import type { PushEventsInputValue } from './schemas.ts';

/**
 * Pushed counts (`POST /slos/:id/events`): good and total events, now or up to three days back
 * (as far as the minute buckets reach), added to their minute. With an Idempotency-Key the same
 * batch sent twice counts once: the key is remembered in the same transaction as the counts.
 * Counts in a maintenance window of the service are kept apart (`excluded`) when the SLO says so.
 */
const MAX_AGE = 3 * DAY;
const MAX_AHEAD = 5 * MINUTE;

export async function pushEvents({
  ctx,
  input,
}: {
  ctx: Ctx;
  input: { id: string; body: PushEventsInputValue; idempotencyKey?: string | undefined };
}): Promise<{ accepted: number; duplicate: boolean }> {
  const now = ctx.clock.now();
  const items = 'events' in input.body ? input.body.events : [input.body];
  const prefix = 'events' in input.body ? (i: number) => `body.events.${i}` : () => 'body';
  const counts = items.map((e, i) => {
    const at = e.at === undefined ? now : typeof e.at === 'number' ? e.at : Date.parse(e.at);
    if (!Number.isFinite(at)) throw new ValidationError(`${prefix(i)}.at: not a time`);
    if (at < now - MAX_AGE)
      throw new ValidationError(`${prefix(i)}.at: more than 3 days ago; older counts are not kept`);
    if (at > now + MAX_AHEAD) throw new ValidationError(`${prefix(i)}.at: in the future`);
    if (e.good > e.total)
      throw new ValidationError(`${prefix(i)}.good: more than total (${e.good} > ${e.total})`);
    return { at: minuteOf(at), good: Math.round(e.good * 1000), total: Math.round(e.total * 1000) };
  });
  const key = input.idempotencyKey;
  if (key !== undefined && (key.length === 0 || key.length > 200)) {
    throw new ValidationError('headers.idempotency-key: 1 to 200 characters');
  }
  return inTransaction(ctx, async (ctx) => {
    const slo = await loadSlo(ctx, input.id);
    // Counts are data, not configuration: not audited (as alerts are not), but scoped like a write.
    await requireSloWriter(ctx, slo.service_id);
    if (slo.sli_kind !== 'events') {
      throw new ValidationError(
        `body: SLO ${JSON.stringify(slo.name)} reads its counts from Prometheus; it takes no pushed counts`,
      );
    }
    if (key !== undefined && !(await rememberEventKey(ctx.db, slo.id, key, now))) {
      return { accepted: 0, duplicate: true };
    }
    const minutes = new Map<number, Bucket>();
    for (const c of counts) {
      const b = minutes.get(c.at) ?? { at: c.at, good: 0, total: 0, excluded: 0 };
      b.good += c.good;
      b.total += c.total;
      minutes.set(c.at, b);
    }
    const buckets = [...minutes.values()];
    if (slo.exclude_maintenance === 1) await exclude(ctx, slo.service_id, buckets);
    await addBuckets(ctx.db, slo.id, buckets);
    return { accepted: items.length, duplicate: false };
  });
}

/** Moves the counts of minutes that began inside a maintenance window of the service to `excluded`. */
export async function exclude(ctx: Pick<Ctx, 'db'>, serviceId: string, buckets: Bucket[]): Promise<void> {
  if (buckets.length === 0) return;
  const from = Math.min(...buckets.map((b) => b.at));
  const to = Math.max(...buckets.map((b) => b.at)) + MINUTE;
  const windows = await maintenanceOverlapping(ctx.db, serviceId, from, to);
  if (windows.length === 0) return;
  for (const b of buckets) {
    if (windows.some((w) => w.starts_at <= b.at && b.at < w.ends_at)) {
      b.excluded += b.total;
      b.good = 0;
      b.total = 0;
    }
  }
}
