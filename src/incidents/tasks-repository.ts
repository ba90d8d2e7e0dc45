import type { Dialect, Queryable } from '../platform/db/connect.ts';
import type { NewRow, RowPatch } from '../platform/db/tables.ts';

export function tasksOf(db: Queryable, incidentId: string) {
  return db
    .selectFrom('incident_tasks')
    .selectAll()
    .where('incident_id', '=', incidentId)
    .orderBy('position')
    .orderBy('id')
    .execute();
}

/**
 * The task, locked on PostgreSQL so two responders ticking it at once apply one after the other
 * (the second sees it done and keeps who did it first).
 */
export function lockTask(db: Queryable, dialect: Dialect, incidentId: string, taskId: string) {
  return db
    .selectFrom('incident_tasks')
    .selectAll()
    .where('id', '=', taskId)
    .where('incident_id', '=', incidentId)
    .$if(dialect === 'postgres', (q) => q.forUpdate())
    .executeTakeFirst();
}

/** The highest position on the incident's checklist; 0 when it has none. */
export async function maxTaskPosition(db: Queryable, incidentId: string): Promise<number> {
  const row = await db
    .selectFrom('incident_tasks')
    .select((eb) => eb.fn.max('position').as('max'))
    .where('incident_id', '=', incidentId)
    .executeTakeFirst();
  return Number(row?.max ?? 0);
}

/** The incident's task titles and positions, for adding the checklist items it lacks. */
export function taskTitlesOf(db: Queryable, incidentId: string) {
  return db
    .selectFrom('incident_tasks')
    .select(['title', 'position'])
    .where('incident_id', '=', incidentId)
    .execute();
}

/** The ids of the incident's tasks in checklist order. */
export function taskIdsOf(db: Queryable, incidentId: string) {
  return db
    .selectFrom('incident_tasks')
    .select(['id'])
    .where('incident_id', '=', incidentId)
    .orderBy('position')
    .orderBy('id')
    .execute();
}

/** Moves one task to another incident at `position`. */
export async function moveTask(
  db: Queryable,
  taskId: string,
  incidentId: string,
  position: number,
): Promise<void> {
  await db
    .updateTable('incident_tasks')
    .set({ incident_id: incidentId, position })
    .where('id', '=', taskId)
    .execute();
}

/** One INSERT for all `rows`; the caller chunks a large batch. */
export async function insertTasks(db: Queryable, rows: NewRow<'incident_tasks'>[]): Promise<void> {
  await db.insertInto('incident_tasks').values(rows).execute();
}

export async function insertTask(db: Queryable, row: NewRow<'incident_tasks'>) {
  return db.insertInto('incident_tasks').values(row).returningAll().executeTakeFirstOrThrow();
}

export function updateTask(
  db: Queryable,
  incidentId: string,
  taskId: string,
  patch: RowPatch<'incident_tasks'>,
) {
  return db
    .updateTable('incident_tasks')
    .set(patch)
    .where('id', '=', taskId)
    .where('incident_id', '=', incidentId)
    .returningAll()
    .executeTakeFirst();
}
