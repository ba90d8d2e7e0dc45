import type { Queryable } from '../platform/db/connect.ts';
import type { NewRow } from '../platform/db/tables.ts';

/**
 * Whether `userId` was paged for `incidentId`: a page notification to them was sent (or tried),
 * alone or folded into a bundle. Only such a message ever carried links to that incident for
 * that person; a link naming anyone else was not made by Tocsin.
 */
export async function wasPaged(db: Queryable, incidentId: string, userId: string): Promise<boolean> {
  const row = await db
    .selectFrom('notifications')
    .select('id')
    .where('incident_id', '=', incidentId)
    .where('user_id', '=', userId)
    .where('kind', '=', 'page')
    .where((eb) => eb.or([eb('attempts', '>', 0), eb('bundled_into', 'is not', null)]))
    .limit(1)
    .executeTakeFirst();
  return row !== undefined;
}

export async function isLinkUsed(db: Queryable, tokenHash: string): Promise<boolean> {
  const row = await db
    .selectFrom('used_action_links')
    .select('token_hash')
    .where('token_hash', '=', tokenHash)
    .executeTakeFirst();
  return row !== undefined;
}

/**
 * Records a link as used, in the transaction of its action; false when it already was. The
 * primary key decides between concurrent clicks: on PostgreSQL the second insert waits for the
 * first transaction and then does nothing.
 */
export async function useLink(db: Queryable, row: NewRow<'used_action_links'>): Promise<boolean> {
  const inserted = await db
    .insertInto('used_action_links')
    .values(row)
    .onConflict((oc) => oc.column('token_hash').doNothing())
    .returning('token_hash')
    .executeTakeFirst();
  return inserted !== undefined;
}

/**
 * Deletes the records of links well past their expiry (such links are refused before their
 * record is looked at; the hour covers clocks that differ). Called after an action commits, in
 * its own statement: inside the action's transaction it would lock rows other clicks delete too.
 */
export async function pruneUsedLinks(db: Queryable, now: number): Promise<void> {
  await db
    .deleteFrom('used_action_links')
    .where('expires_at', '<=', now - 3600_000)
    .execute();
}
