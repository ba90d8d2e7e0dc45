import { sql } from 'kysely';
import type { Db } from '../db/connect.ts';
import { pendingMigrations } from '../db/migrate.ts';

export interface Readiness {
  ready: boolean;
  /** `ok`, or why the database could not be reached. */
  database: string;
  pending_migrations: string[];
}

export async function readiness(db: Db): Promise<Readiness> {
  try {
    // A documented exception to "SQL only in repositories": a reachability probe, no table.
    await sql`select 1`.execute(db);
  } catch (e) {
    return { ready: false, database: `unreachable: ${(e as Error).message}`, pending_migrations: [] };
  }
  const pending = await pendingMigrations(db);
  return { ready: pending.length === 0, database: 'ok', pending_migrations: pending };
}
