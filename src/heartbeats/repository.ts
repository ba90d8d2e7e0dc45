import type { Dialect, Queryable } from '../platform/db/connect.ts';
import type { Row } from '../platform/db/tables.ts';

/** The heartbeat monitors' state, one row per heartbeat integration. */

/** The integration's heartbeat row, locked on PostgreSQL so pings of one monitor run one at a time. */
export function findHeartbeatForUpdate(
  db: Queryable,
  dialect: Dialect,
  integrationId: string,
): Promise<Row<'heartbeats'>> {
  return db
    .selectFrom('heartbeats')
    .selectAll()
    .where('integration_id', '=', integrationId)
    .$if(dialect === 'postgres', (q) => q.forUpdate())
    .executeTakeFirstOrThrow();
}

export async function setHeartbeatStartedAt(
  db: Queryable,
  integrationId: string,
  now: number,
): Promise<void> {
  await db
    .updateTable('heartbeats')
    .set({ last_start_at: now })
    .where('integration_id', '=', integrationId)
    .execute();
}

/** A failure ping: down, with nothing due until the next success. */
export async function markHeartbeatDown(db: Queryable, integrationId: string, now: number): Promise<void> {
  await db
    .updateTable('heartbeats')
    .set({ state: 'down', due_at: null, last_ping_at: now })
    .where('integration_id', '=', integrationId)
    .execute();
}

/** A success ping: up, the next ping due at `dueAt`. */
export async function markHeartbeatUp(
  db: Queryable,
  integrationId: string,
  now: number,
  dueAt: number,
): Promise<void> {
  await db
    .updateTable('heartbeats')
    .set({ state: 'up', due_at: dueAt, last_ping_at: now })
    .where('integration_id', '=', integrationId)
    .execute();
}
