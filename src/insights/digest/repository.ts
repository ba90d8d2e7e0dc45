import type { Queryable } from '../../platform/db/connect.ts';
import type { NewRow, Row } from '../../platform/db/tables.ts';

/** Weekly digest subscriptions of teams (src/insights/digest). */

export async function insertDigest(db: Queryable, row: NewRow<'insight_digests'>): Promise<void> {
  await db.insertInto('insight_digests').values(row).execute();
}

export function findDigestByAddress(db: Queryable, teamId: string, kind: string, address: string) {
  return db
    .selectFrom('insight_digests')
    .selectAll()
    .where('team_id', '=', teamId)
    .where('kind', '=', kind as Row<'insight_digests'>['kind'])
    .where('address', '=', address)
    .executeTakeFirst();
}

export function digestsOfTeam(db: Queryable, teamId: string): Promise<Row<'insight_digests'>[]> {
  return db
    .selectFrom('insight_digests')
    .selectAll()
    .where('team_id', '=', teamId)
    .orderBy('created_at')
    .orderBy('id')
    .execute();
}

export function deleteDigestRow(db: Queryable, teamId: string, id: string) {
  return db
    .deleteFrom('insight_digests')
    .where('team_id', '=', teamId)
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirst();
}

/** Subscriptions whose last week sent is before `week` (a Monday, ms). */
export function dueDigests(db: Queryable, week: number, limit: number): Promise<Row<'insight_digests'>[]> {
  return db
    .selectFrom('insight_digests')
    .selectAll()
    .where((eb) => eb.or([eb('last_week', 'is', null), eb('last_week', '<', week)]))
    .orderBy('id')
    .limit(limit)
    .execute();
}

/**
 * Takes the week's digest for this engine: a conditional UPDATE that only the first engine to
 * see `last_week` unchanged passes, so two nodes never send the same week twice.
 */
export function claimDigest(db: Queryable, row: Row<'insight_digests'>, week: number) {
  return db
    .updateTable('insight_digests')
    .set({ last_week: week })
    .where('id', '=', row.id)
    .where((eb) =>
      row.last_week === null ? eb('last_week', 'is', null) : eb('last_week', '=', row.last_week),
    )
    .returningAll()
    .executeTakeFirst();
}

export async function recordDigestOutcome(
  db: Queryable,
  id: string,
  outcome: { sentAt: number | null; error: string | null },
): Promise<void> {
  await db
    .updateTable('insight_digests')
    .set({
      last_error: outcome.error,
      ...(outcome.sentAt === null ? {} : { last_sent_at: outcome.sentAt }),
    })
    .where('id', '=', id)
    .execute();
}
