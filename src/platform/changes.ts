import { sql } from 'kysely';
import type { Queryable } from './db/connect.ts';

/**
 * "Something an open browser shows has changed": the signal behind the live stream
 * (GET /api/v1/stream). A hint, never the data: a stream reads what changed from the database.
 *
 * It is one statement on the writer's own transaction, on both dialects. On PostgreSQL it is a
 * real NOTIFY, delivered to every process's LISTEN connection when (and only if) the
 * transaction commits, so an `api` node hears what the engine or another node committed.
 * On SQLite `pg_notify` is a function the connection registers (src/platform/db/connect.ts)
 * that tells the same process's listeners at once; their reads queue behind the writer on the
 * one connection, so they see the change only after it commits (and nothing if it rolls back).
 *
 * Issued by the two writes everything visible goes through: a timeline entry (every incident
 * change writes one) and an audit record (every on-call change writes one).
 */
export const CHANGES_CHANNEL = 'tocsin_changes';

/** Transactions that have announced already: one signal per transaction is enough (no savepoints are used). */
const announced = new WeakSet<Queryable>();

export async function announceChange(db: Queryable): Promise<void> {
  // An ingest batch writes many entries in one transaction; one statement says it all, and
  // keeps the hot path at one extra round trip per transaction, not per entry.
  if (db.isTransaction) {
    if (announced.has(db)) return;
    announced.add(db);
  }
  // A documented exception to "SQL only in repositories": the signal itself, no table. An empty
  // payload lets PostgreSQL fold the notifications of one transaction into one.
  await sql`select pg_notify(${CHANGES_CHANNEL}, '')`.execute(db);
}
