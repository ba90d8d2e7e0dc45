import { sql } from 'kysely';
import type { Dialect, Queryable } from './db/connect.ts';

/**
 * Waking engines when new due work is written. A hint, never the source of truth: engines read
 * what is due from the database. On PostgreSQL a NOTIFY issued inside the writing transaction is
 * delivered to every listening engine when (and only if) it commits. On SQLite the engine is in
 * the same process, and its next query waits for the writer's transaction on the one
 * connection, so waking it at once is safe.
 */
export const WORK_CHANNEL = 'tocsin_work';

const local = new Set<() => void>();

export function onLocalWork(fn: () => void): () => void {
  local.add(fn);
  return () => local.delete(fn);
}

export async function announceWork(db: Queryable, dialect: Dialect): Promise<void> {
  if (dialect === 'postgres') {
    // A documented exception to "SQL only in repositories": the signal itself, no table.
    await sql`select pg_notify(${WORK_CHANNEL}, '')`.execute(db);
    return;
  }
  for (const fn of local) fn();
}
