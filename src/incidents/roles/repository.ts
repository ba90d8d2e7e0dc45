import type { Queryable } from '../../platform/db/connect.ts';
import type { NewRow, Row } from '../../platform/db/tables.ts';

export function roleTypes(db: Queryable) {
  return db.selectFrom('incident_role_types').selectAll().orderBy('position').orderBy('slug').execute();
}

export function findRoleType(db: Queryable, slug: string) {
  return db.selectFrom('incident_role_types').selectAll().where('slug', '=', slug).executeTakeFirst();
}

/** Every assignment of the incident, oldest first, with the names the view shows. */
export function assignmentsOf(db: Queryable, incidentId: string) {
  return (
    db
      .selectFrom('incident_role_assignments as a')
      .innerJoin('users', 'users.id', 'a.user_id')
      // A role type deleted since keeps its assignments; they show under the slug.
      .leftJoin('incident_role_types as t', 't.slug', 'a.role')
      .selectAll('a')
      .select(['users.name as user_name', 't.name as role_name', 't.position as role_position'])
      .where('a.incident_id', '=', incidentId)
      .orderBy('a.id')
      .execute()
  );
}
export type AssignmentRow = Awaited<ReturnType<typeof assignmentsOf>>[number];

export function currentHolder(
  db: Queryable,
  incidentId: string,
  role: string,
): Promise<Row<'incident_role_assignments'> | undefined> {
  return db
    .selectFrom('incident_role_assignments')
    .selectAll()
    .where('incident_id', '=', incidentId)
    .where('role', '=', role)
    .where('ended_at', 'is', null)
    .executeTakeFirst();
}

export async function endAssignment(db: Queryable, id: string, now: number, by: string): Promise<void> {
  await db
    .updateTable('incident_role_assignments')
    .set({ ended_at: now, ended_by: by })
    .where('id', '=', id)
    .where('ended_at', 'is', null)
    .execute();
}

export async function insertAssignment(
  db: Queryable,
  row: NewRow<'incident_role_assignments'>,
): Promise<void> {
  await db.insertInto('incident_role_assignments').values(row).execute();
}
