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
