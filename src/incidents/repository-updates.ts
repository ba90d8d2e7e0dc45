import type { Dialect, Queryable } from '../platform/db/connect.ts';
import type { NewRow, Row } from '../platform/db/tables.ts';

/**
 * Records that an update was posted, only while the incident is neither closed nor merged: one
 * conditional UPDATE, which on PostgreSQL also locks the row against a close or merge in flight.
 */
export function markUpdatePosted(db: Queryable, id: string, now: number) {
  return db
    .updateTable('incidents')
    .set({ last_update_at: now, updated_at: now })
    .where('id', '=', id)
    .where('status', '<>', 'closed')
    .where('merged_into_id', 'is', null)
    .returningAll()
    .executeTakeFirst();
}

export async function setNextUpdateDue(db: Queryable, id: string, at: number | null): Promise<void> {
  await db.updateTable('incidents').set({ next_update_due_at: at }).where('id', '=', id).execute();
}

export async function clearNextUpdateDue(db: Queryable, ids: string[]): Promise<void> {
  await db.updateTable('incidents').set({ next_update_due_at: null }).where('id', 'in', ids).execute();
}

export async function insertUpdate(db: Queryable, row: Row<'incident_updates'>): Promise<void> {
  await db.insertInto('incident_updates').values(row).execute();
}

/** One INSERT for all of them. */
export async function insertNotifications(db: Queryable, rows: NewRow<'notifications'>[]): Promise<void> {
  await db.insertInto('notifications').values(rows).execute();
}

export function updatesOf(db: Queryable, incidentId: string) {
  return db
    .selectFrom('incident_updates')
    .selectAll()
    .where('incident_id', '=', incidentId)
    .orderBy('id')
    .execute();
}

/** Of the incident's update notifications: how many people got each (time, text). */
export function updateNotificationCounts(db: Queryable, incidentId: string) {
  return db
    .selectFrom('notifications')
    .select(['created_at', 'message', (eb) => eb.fn.count<string | number>('user_id').distinct().as('n')])
    .where('incident_id', '=', incidentId)
    .where('kind', '=', 'update')
    .groupBy(['created_at', 'message'])
    .execute();
}

/**
 * Incidents whose next update is due by `now`, most overdue first; claimed with SKIP LOCKED on
 * PostgreSQL so several engines never remind for the same incident twice.
 */
export function claimDueUpdates(db: Queryable, dialect: Dialect, now: number, limit: number) {
  return (
    db
      .selectFrom('incidents')
      .select([
        'id',
        'number',
        'title',
        'status',
        'severity',
        'merged_into_id',
        'last_update_at',
        'next_update_due_at',
      ])
      // Spelled `is not null` for the partial index incidents_update_due.
      .where('next_update_due_at', 'is not', null)
      .where('next_update_due_at', '<=', now)
      .orderBy('next_update_due_at')
      .limit(limit)
      .$if(dialect === 'postgres', (q) => q.forUpdate().skipLocked())
      .execute()
  );
}

/** Who holds one of `roles` on the incidents now, with what a reminder needs of them. */
export function currentRoleHolders(db: Queryable, incidentIds: string[], roles: string[]) {
  return db
    .selectFrom('incident_role_assignments')
    .innerJoin('users', 'users.id', 'incident_role_assignments.user_id')
    .select([
      'incident_role_assignments.incident_id',
      'incident_role_assignments.role',
      'users.id as user_id',
      'users.name',
      'users.time_zone',
    ])
    .where('incident_role_assignments.incident_id', 'in', incidentIds)
    .where('incident_role_assignments.role', 'in', roles)
    .where('incident_role_assignments.ended_at', 'is', null)
    .orderBy('incident_role_assignments.role')
    .execute();
}
