import { sql } from 'kysely';
import type { Queryable } from '../platform/db/connect.ts';

/**
 * Reserves `count` consecutive incident numbers and returns the first. The upsert takes the
 * counter row's lock, so concurrent transactions on any node get distinct numbers.
 */
export async function reserveIncidentNumbers(db: Queryable, count: number): Promise<number> {
  const row = await db
    .insertInto('counters')
    .values({ name: 'incident', value: count })
    .onConflict((oc) => oc.column('name').doUpdateSet({ value: sql<number>`counters.value + ${count}` }))
    .returning('value')
    .executeTakeFirstOrThrow();
  return Number(row.value) - count + 1;
}

/**
 * Advances each named counter by its `value` in one multi-row upsert (creating it at `value`)
 * and returns the new totals. Callers pass the names sorted, so concurrent batches lock shared
 * counter rows in one order.
 */
export function advanceCounters(db: Queryable, counters: { name: string; value: number }[]) {
  return db
    .insertInto('counters')
    .values(counters)
    .onConflict((oc) =>
      oc.column('name').doUpdateSet({ value: sql<number>`counters.value + excluded.value` }),
    )
    .returning(['name', 'value'])
    .execute();
}

/** The services' change events between `from` and `to` (inclusive), oldest first. */
export function changeEventsBetween(db: Queryable, serviceIds: string[], from: number, to: number) {
  return db
    .selectFrom('change_events')
    .select(['id', 'service_id', 'summary', 'source', 'timestamp', 'links'])
    .where('service_id', 'in', serviceIds)
    .where('timestamp', '>=', from)
    .where('timestamp', '<=', to)
    .orderBy('timestamp')
    .orderBy('id')
    .execute();
}
