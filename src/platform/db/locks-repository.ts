import { sql } from 'kysely';
import type { Queryable } from './connect.ts';
import { ADVISORY_LOCKS } from './locks.ts';

/**
 * PostgreSQL transaction-level advisory locks, held until the transaction ends: one function per
 * purpose, each naming its key of ADVISORY_LOCKS (./locks.ts) in its SQL, so locks.test.ts can
 * check that no two purposes share a key. Callers skip them on SQLite, whose single writer
 * serialises transactions already.
 */

/** One first start at a time across nodes: the first admin is created once. */
export async function lockBootstrap(db: Queryable): Promise<void> {
  await sql`select pg_advisory_xact_lock(${ADVISORY_LOCKS.bootstrap})`.execute(db);
}

/** One `tocsin apply` at a time: two plans computed on the same state would both apply. */
export async function lockConfigApply(db: Queryable): Promise<void> {
  await sql`select pg_advisory_xact_lock(${ADVISORY_LOCKS.configApply})`.execute(db);
}

/** One writer of the audit hash chain at a time, across every node. */
export async function lockAuditChain(db: Queryable): Promise<void> {
  await sql`select pg_advisory_xact_lock(${ADVISORY_LOCKS.audit})`.execute(db);
}

/**
 * Changes that can leave no active admin, one at a time: two admins deactivating each other at
 * once would otherwise both count two admins (READ COMMITTED) and leave none.
 */
export async function lockActiveAdmins(db: Queryable): Promise<void> {
  await sql`select pg_advisory_xact_lock(${ADVISORY_LOCKS.activeAdmins})`.execute(db);
}
