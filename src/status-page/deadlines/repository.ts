import type { Queryable } from '../../platform/db/connect.ts';
import { sql } from 'kysely';

/** SQL of the status-page deadlines (reminders.ts). */

/**
 * Open, unmerged incidents of a severity with a status-page deadline, with their public incident
 * (if published), its newest update and when they were last reminded. Few rows: only SEV1/SEV2
 * incidents in the default ladder.
 */
export function incidentsWithDeadline(db: Queryable) {
  return (
    db
      .selectFrom('incidents')
      .innerJoin('severities', 'severities.name', 'incidents.severity')
      .leftJoin('status_incidents', 'status_incidents.incident_id', 'incidents.id')
      .leftJoin('status_page_reminders', 'status_page_reminders.incident_id', 'incidents.id')
      .select((eb) => [
        'incidents.id',
        'incidents.number',
        'incidents.title',
        'incidents.severity',
        'incidents.created_at',
        'severities.status_page_minutes',
        'severities.public_update_minutes',
        'status_incidents.id as public_id',
        'status_incidents.created_at as public_created_at',
        'status_incidents.resolved_at as public_resolved_at',
        'status_page_reminders.reminded_at',
        eb
          .selectFrom('status_incident_updates')
          .select((u) => u.fn.max('status_incident_updates.created_at').as('t'))
          .whereRef('status_incident_updates.status_incident_id', '=', 'status_incidents.id')
          .as('last_update_at'),
      ])
      // OPEN_INCIDENT qualified (status_incidents has a status too), still literal for the partial index.
      .where(sql<boolean>`incidents.status not in ('resolved', 'closed')`)
      .where('incidents.merged_into_id', 'is', null)
      .where('severities.status_page_minutes', 'is not', null)
      .execute()
  );
}

/** Whether the public page is in use: it has at least one component. */
export async function statusPageInUse(db: Queryable): Promise<boolean> {
  const row = await db.selectFrom('status_components').select('id').limit(1).executeTakeFirst();
  return row !== undefined;
}

/**
 * Takes the reminder for this interval if nobody else has: inserts the row, or moves
 * `reminded_at` on only if it is still what this pass read. Of several engines racing, exactly
 * one sees true (PostgreSQL re-checks the condition after waiting on the row or the key).
 */
export async function takeReminder(
  db: Queryable,
  incidentId: string,
  seen: number | null,
  now: number,
): Promise<boolean> {
  if (seen === null) {
    const inserted = await db
      .insertInto('status_page_reminders')
      .values({ incident_id: incidentId, reminded_at: now })
      .onConflict((oc) => oc.column('incident_id').doNothing())
      .returning('incident_id')
      .executeTakeFirst();
    return inserted !== undefined;
  }
  const moved = await db
    .updateTable('status_page_reminders')
    .set({ reminded_at: now })
    .where('incident_id', '=', incidentId)
    .where('reminded_at', '=', seen)
    .returning('incident_id')
    .executeTakeFirst();
  return moved !== undefined;
}
