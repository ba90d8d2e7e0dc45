import { sql } from 'kysely';
import type { Dialect, Queryable } from '../platform/db/connect.ts';

/**
 * What the insight reports (SPEC §6) read besides the incidents themselves, which come from
 * src/insights/store. Times are epoch milliseconds.
 */

/**
 * Runs a report's queries. On PostgreSQL in one read-only transaction that sees one snapshot
 * (the versions of the weeks kept in memory and the rows read agree), with room to sort in
 * memory (on-call health). On SQLite as they come (a transaction would hold its one connection).
 */
export async function reading<T>(
  db: Queryable,
  dialect: Dialect,
  fn: (db: Queryable) => Promise<T>,
): Promise<T> {
  if (dialect !== 'postgres' || db.isTransaction) return fn(db);
  return db.transaction().execute(async (trx) => {
    await sql`SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY`.execute(trx);
    await sql`SET LOCAL work_mem = '64MB'`.execute(trx);
    snapshots.add(trx);
    return fn(trx);
  });
}

/** The read-only transactions reading() opened: what they read is committed. */
const snapshots = new WeakSet<Queryable>();

/**
 * Whether what `db` reads is committed data, which src/insights/store may keep for other reports:
 * a report's own snapshot, or no transaction at all; not a caller's transaction, which may hold
 * its own uncommitted writes.
 */
export function isReportSnapshot(db: Queryable): boolean {
  return !db.isTransaction || snapshots.has(db);
}

/** reading() for a verb: its queries see `ctx.db` as the report's transaction. */
export function readingAs<C extends { db: Queryable; dialect: Dialect }, T>(
  ctx: C,
  fn: (ctx: C) => Promise<T>,
): Promise<T> {
  return reading(ctx.db, ctx.dialect, (db) => fn({ ...ctx, db }));
}

export function serviceExists(db: Queryable, id: string): Promise<boolean> {
  return db
    .selectFrom('services')
    .select('id')
    .where('id', '=', id)
    .executeTakeFirst()
    .then((r) => r !== undefined);
}

export function teamExists(db: Queryable, id: string): Promise<boolean> {
  return db
    .selectFrom('teams')
    .select('id')
    .where('id', '=', id)
    .executeTakeFirst()
    .then((r) => r !== undefined);
}

export async function teamIdsOfUser(db: Queryable, userId: string): Promise<string[]> {
  const rows = await db.selectFrom('team_members').select('team_id').where('user_id', '=', userId).execute();
  return rows.map((r) => r.team_id);
}

/** The severities that require a postmortem (process health). */
export async function severitiesRequiringPostmortem(db: Queryable): Promise<string[]> {
  const rows = await db
    .selectFrom('severities')
    .select('name')
    .where('postmortem_required', '=', 1)
    .execute();
  return rows.map((r) => r.name);
}

export type GroupBy = 'none' | 'service' | 'team' | 'severity';

/** Names of services and teams, for group rows. */
export async function namesOf(db: Queryable, kind: 'services' | 'teams', ids: string[]) {
  if (ids.length === 0) return new Map<string, string>();
  const rows = await db.selectFrom(kind).select(['id', 'name']).where('id', 'in', ids).execute();
  return new Map(rows.map((r) => [r.id, r.name]));
}
