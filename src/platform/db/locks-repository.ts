import { sql } from 'kysely';
import type { Queryable } from './connect.ts';

/**
 * Takes a PostgreSQL transaction-level advisory lock on one key of ADVISORY_LOCKS (./locks.ts),
 * held until the transaction ends. PostgreSQL only: callers skip it on SQLite, whose single
 * writer serialises transactions already.
 */
export async function takeTransactionLock(db: Queryable, key: number): Promise<void> {
  await sql`select pg_advisory_xact_lock(${key})`.execute(db);
}
