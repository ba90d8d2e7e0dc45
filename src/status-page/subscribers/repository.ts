import type { Queryable } from '../../platform/db/connect.ts';
import { newId } from '../../platform/ids.ts';
import { type PageQuery, paginate } from '../../platform/db/paginate.ts';
import type { NewRow, Row, RowPatch } from '../../platform/db/tables.ts';

/** SQL of subscriptions: the public subscribe/confirm/unsubscribe and the admin list. */

export type SubscriberRow = Row<'status_subscribers'>;

export function findSubscriber(db: Queryable, id: string): Promise<SubscriberRow | undefined> {
  return db.selectFrom('status_subscribers').selectAll().where('id', '=', id).executeTakeFirst();
}

export function findSubscriberByAddress(
  db: Queryable,
  kind: SubscriberRow['kind'],
  address: string,
): Promise<SubscriberRow | undefined> {
  return db
    .selectFrom('status_subscribers')
    .selectAll()
    .where('kind', '=', kind)
    .where('address', '=', address)
    .executeTakeFirst();
}

/** Inserts unless the address is subscribed already (a concurrent request won); true when inserted. */
export async function insertSubscriber(db: Queryable, row: NewRow<'status_subscribers'>): Promise<boolean> {
  const inserted = await db
    .insertInto('status_subscribers')
    .values(row)
    .onConflict((oc) => oc.columns(['kind', 'address']).doNothing())
    .returning('id')
    .executeTakeFirst();
  return inserted !== undefined;
}

export async function updateSubscriber(
  db: Queryable,
  id: string,
  patch: RowPatch<'status_subscribers'>,
): Promise<void> {
  await db.updateTable('status_subscribers').set(patch).where('id', '=', id).execute();
}

/** Confirms a pending subscriber if the stored hash is still this one; false when it changed meanwhile. */
export async function confirmSubscriber(
  db: Queryable,
  id: string,
  tokenHash: string,
  now: number,
): Promise<boolean> {
  const done = await db
    .updateTable('status_subscribers')
    .set({ confirmed_at: now, confirm_token_hash: null, updated_at: now })
    .where('id', '=', id)
    .where('confirm_token_hash', '=', tokenHash)
    .returning('id')
    .executeTakeFirst();
  return done !== undefined;
}

/** Deletes the subscriber (its deliveries go with it); the row deleted, if any. */
export function deleteSubscriber(db: Queryable, id: string): Promise<SubscriberRow | undefined> {
  return db.deleteFrom('status_subscribers').where('id', '=', id).returningAll().executeTakeFirst();
}

export function listSubscribers(
  db: Queryable,
  filter: { kind?: SubscriberRow['kind'] | undefined },
  page: PageQuery,
) {
  return paginate(page, (after, take, k) => {
    let q = db.selectFrom('status_subscribers').selectAll();
    if (filter.kind !== undefined) q = q.where('kind', '=', filter.kind);
    if (after !== undefined) q = q.where('id', k.op, after);
    return q.orderBy('id', k.order).limit(take).execute();
  });
}

/**
 * Deletes email subscriptions never confirmed whose last confirmation mail was queued at or
 * before `before` (updated_at moves with each fresh link); their deliveries go with them.
 * Returns how many it deleted.
 */
export async function deleteUnconfirmed(db: Queryable, before: number): Promise<number> {
  const res = await db
    .deleteFrom('status_subscribers')
    .where('kind', '=', 'email')
    .where('confirmed_at', 'is', null)
    .where('updated_at', '<=', before)
    .executeTakeFirst();
  return Number(res.numDeletedRows);
}

/** A delivery to the subscriber went through: no longer failing (no write when it was not). */
export async function markSubscriberHealthy(db: Queryable, id: string): Promise<void> {
  await db
    .updateTable('status_subscribers')
    .set({ failing_since: null, failed_deliveries: 0 })
    .where('id', '=', id)
    .where((eb) => eb.or([eb('failing_since', 'is not', null), eb('failed_deliveries', '>', 0)]))
    .execute();
}

/**
 * An attempt failed: failing since now unless it already was, one more delivery given up when
 * `gaveUp`. Atomic, so engines recording at once each count. The row after, if it exists.
 */
export function markSubscriberFailing(
  db: Queryable,
  id: string,
  gaveUp: boolean,
  now: number,
): Promise<SubscriberRow | undefined> {
  return db
    .updateTable('status_subscribers')
    .set((eb) => ({
      failing_since: eb.fn.coalesce('failing_since', eb.val(now)),
      failed_deliveries: eb('failed_deliveries', '+', gaveUp ? 1 : 0),
    }))
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirst();
}

/** Quarantines the subscriber unless it already is; the row after, or undefined when it was. */
export function quarantineSubscriber(
  db: Queryable,
  id: string,
  now: number,
): Promise<SubscriberRow | undefined> {
  return db
    .updateTable('status_subscribers')
    .set({ quarantined_at: now, updated_at: now })
    .where('id', '=', id)
    .where('quarantined_at', 'is', null)
    .returningAll()
    .executeTakeFirst();
}

/** Gives up the subscriber's deliveries still waiting (pending: new or to retry). */
export async function failPendingDeliveries(
  db: Queryable,
  subscriberId: string,
  error: string,
  now: number,
): Promise<void> {
  await db
    .updateTable('status_deliveries')
    .set({ status: 'failed', last_error: error, updated_at: now })
    .where('subscriber_id', '=', subscriberId)
    .where('status', '=', 'pending')
    .execute();
}

/** Which of these component ids exist. */
export async function existingComponentIds(db: Queryable, ids: string[]): Promise<Set<string>> {
  if (ids.length === 0) return new Set();
  const rows = await db.selectFrom('status_components').select('id').where('id', 'in', ids).execute();
  return new Set(rows.map((r) => r.id));
}

/** The newest confirmation mail queued for a subscriber and how many there were. */
export async function confirmMailsOf(
  db: Queryable,
  subscriberId: string,
): Promise<{ count: number; newestAt: number | null }> {
  const row = await db
    .selectFrom('status_deliveries')
    .select((eb) => [eb.fn.countAll<string | number>().as('n'), eb.fn.max('created_at').as('newest')])
    .where('subscriber_id', '=', subscriberId)
    .where('kind', '=', 'confirm')
    .executeTakeFirst();
  return {
    count: Number(row?.n ?? 0),
    newestAt: row?.newest === null || row?.newest === undefined ? null : Number(row.newest),
  };
}

/** A delivery due now: a confirmation mail (no update) or one update to one subscriber. */
export function newDelivery(
  d: { subscriberId: string; kind: 'confirm' | 'update'; updateId: string | null; idempotencyKey: string },
  now: number,
): NewRow<'status_deliveries'> {
  return {
    id: newId('sdl', now),
    subscriber_id: d.subscriberId,
    kind: d.kind,
    update_id: d.updateId,
    idempotency_key: d.idempotencyKey,
    status: 'pending',
    run_at: now,
    attempts: 0,
    locked_by: null,
    locked_until: null,
    response_code: null,
    last_error: null,
    sent_at: null,
    created_at: now,
    updated_at: now,
  };
}

/** Queues deliveries; one already queued under the same idempotency key is left as it is. */
export async function insertDeliveries(db: Queryable, rows: NewRow<'status_deliveries'>[]): Promise<void> {
  if (rows.length === 0) return;
  await db
    .insertInto('status_deliveries')
    .values(rows)
    .onConflict((oc) => oc.column('idempotency_key').doNothing())
    .execute();
}
