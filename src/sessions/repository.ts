import type { Queryable } from '../platform/db/connect.ts';
import type { NewRow } from '../platform/db/tables.ts';

export async function insertSession(db: Queryable, row: NewRow<'sessions'>): Promise<void> {
  await db.insertInto('sessions').values(row).execute();
}

/** Ends the session with this secret hash; returns how many rows went (0 when it had already ended). */
export async function deleteSessionByTokenHash(db: Queryable, tokenHash: string): Promise<bigint> {
  const deleted = await db.deleteFrom('sessions').where('token_hash', '=', tokenHash).executeTakeFirst();
  return deleted.numDeletedRows;
}
