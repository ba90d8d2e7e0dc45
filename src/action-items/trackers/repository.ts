import type { Queryable } from '../../platform/db/connect.ts';
import type { NewRow, Row, RowPatch } from '../../platform/db/tables.ts';

/** SQL of ticket trackers and of where action items were pushed (src/action-items/trackers). */

export type TrackerRow = Row<'ticket_trackers'>;

export function findTracker(db: Queryable, id: string): Promise<TrackerRow | undefined> {
  return db.selectFrom('ticket_trackers').selectAll().where('id', '=', id).executeTakeFirst();
}

export function findTrackerByName(db: Queryable, name: string): Promise<TrackerRow | undefined> {
  return db.selectFrom('ticket_trackers').selectAll().where('name', '=', name).executeTakeFirst();
}

/** A handful per install: all of them, oldest first. */
export function listTrackers(db: Queryable): Promise<TrackerRow[]> {
  return db.selectFrom('ticket_trackers').selectAll().orderBy('id', 'asc').execute();
}

export async function insertTracker(db: Queryable, row: NewRow<'ticket_trackers'>): Promise<void> {
  await db.insertInto('ticket_trackers').values(row).execute();
}

export async function updateTracker(
  db: Queryable,
  id: string,
  patch: RowPatch<'ticket_trackers'>,
): Promise<void> {
  await db.updateTable('ticket_trackers').set(patch).where('id', '=', id).execute();
}

export async function deleteTracker(db: Queryable, id: string): Promise<void> {
  await db.deleteFrom('ticket_trackers').where('id', '=', id).execute();
}

/** The item a tracker's webhook speaks of: pushed to that tracker as that (lower-cased) key. */
export function findPushedItem(db: Queryable, trackerId: string, key: string) {
  return db
    .selectFrom('action_items')
    .select(['id', 'tracker'])
    .where('tracker_id', '=', trackerId)
    .where('tracker_key', '=', key)
    .executeTakeFirst();
}
