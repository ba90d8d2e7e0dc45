import type { Queryable } from '../platform/db/connect.ts';
import type { NewRow, Row, RowPatch } from '../platform/db/tables.ts';
import type { SeverityName } from '../platform/db/tables/severities.ts';

export type SeverityRow = Row<'severities'>;

/** A severity with its JSON columns read. */
export interface SeveritySettings {
  name: SeverityName;
  rank: number;
  description: string;
  responseHours: SeverityRow['response_hours'];
  responseTargetMinutes: number | null;
  statusPageMinutes: number | null;
  updateCadenceMinutes: number | null;
  publicUpdateMinutes: number | null;
  postmortemRequired: boolean;
  postmortemDueBusinessDays: number | null;
  /** A 24x7 severity pages: an incident rising into one is paged again. */
  pages: boolean;
  alertSeverities: string[];
  checklist: string[];
}

export function toSettings(r: SeverityRow): SeveritySettings {
  return {
    name: r.name,
    rank: r.rank,
    description: r.description,
    responseHours: r.response_hours,
    responseTargetMinutes: r.response_target_minutes,
    statusPageMinutes: r.status_page_minutes,
    updateCadenceMinutes: r.update_cadence_minutes,
    publicUpdateMinutes: r.public_update_minutes,
    postmortemRequired: r.postmortem_required === 1,
    postmortemDueBusinessDays: r.postmortem_due_business_days,
    pages: r.response_hours === '24x7',
    alertSeverities: JSON.parse(r.alert_severities) as string[],
    checklist: JSON.parse(r.checklist) as string[],
  };
}

/** Every severity, SEV1 first. */
export async function listSeverities(db: Queryable): Promise<SeveritySettings[]> {
  const rows = await db.selectFrom('severities').selectAll().orderBy('rank').execute();
  return rows.map(toSettings);
}

export async function findSeverity(db: Queryable, name: string): Promise<SeveritySettings | undefined> {
  const row = await db
    .selectFrom('severities')
    .selectAll()
    .where('name', '=', name as SeverityName)
    .executeTakeFirst();
  return row === undefined ? undefined : toSettings(row);
}

export async function updateSeverityRow(
  db: Queryable,
  name: SeverityName,
  patch: RowPatch<'severities'>,
): Promise<void> {
  await db.updateTable('severities').set(patch).where('name', '=', name).execute();
}

/* The incident role types (role-types.ts). */

export type RoleTypeRow = Row<'incident_role_types'>;

export function listRoleTypeRows(db: Queryable): Promise<RoleTypeRow[]> {
  return db.selectFrom('incident_role_types').selectAll().orderBy('position').execute();
}

export function findRoleTypeRow(db: Queryable, slug: string): Promise<RoleTypeRow | undefined> {
  return db.selectFrom('incident_role_types').selectAll().where('slug', '=', slug).executeTakeFirst();
}

export async function roleTypeExists(db: Queryable, slug: string): Promise<boolean> {
  const row = await db
    .selectFrom('incident_role_types')
    .select('slug')
    .where('slug', '=', slug)
    .executeTakeFirst();
  return row !== undefined;
}

/** The highest position in use, or 0 when there are no role types. */
export async function lastRoleTypePosition(db: Queryable): Promise<number> {
  const last = await db
    .selectFrom('incident_role_types')
    .select((eb) => eb.fn.max('position').as('position'))
    .executeTakeFirst();
  return Number(last?.position ?? 0);
}

export async function insertRoleType(db: Queryable, row: NewRow<'incident_role_types'>): Promise<void> {
  await db.insertInto('incident_role_types').values(row).execute();
}

/** How many incidents someone holds this role on now. */
export async function countHeldRoleAssignments(db: Queryable, slug: string): Promise<number> {
  const held = await db
    .selectFrom('incident_role_assignments')
    .select((eb) => eb.fn.countAll<string | number>().as('n'))
    .where('role', '=', slug)
    .where('ended_at', 'is', null)
    .executeTakeFirstOrThrow();
  return Number(held.n);
}

/** Per role, what countHeldRoleAssignments counts for it; roles nobody holds are absent. */
export async function heldRoleCounts(db: Queryable): Promise<Map<string, number>> {
  const rows = await db
    .selectFrom('incident_role_assignments')
    .select(['role', (eb) => eb.fn.countAll<string | number>().as('n')])
    .where('ended_at', 'is', null)
    .groupBy('role')
    .execute();
  return new Map(rows.map((r) => [r.role, Number(r.n)]));
}

export async function updateRoleTypeRow(
  db: Queryable,
  slug: string,
  patch: RowPatch<'incident_role_types'>,
): Promise<void> {
  await db.updateTable('incident_role_types').set(patch).where('slug', '=', slug).execute();
}

export async function deleteRoleTypeRow(db: Queryable, slug: string): Promise<void> {
  await db.deleteFrom('incident_role_types').where('slug', '=', slug).execute();
}
