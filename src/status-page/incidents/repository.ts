import type { DueQuery, Queryable } from '../../platform/db/connect.ts';
import type { ComponentStatus, PublicIncidentStatus } from '../../platform/db/tables/status-page.ts';
import { type PageQuery, NEWEST_FIRST, paginate } from '../../platform/db/paginate.ts';
import type { NewRow, Row, RowPatch } from '../../platform/db/tables.ts';

/** SQL of public incidents and maintenances, the components they affect and their updates. */

export function findPublicIncident(db: Queryable, id: string): Promise<Row<'status_incidents'> | undefined> {
  return db.selectFrom('status_incidents').selectAll().where('id', '=', id).executeTakeFirst();
}

export function findPublicIncidentOf(
  db: Queryable,
  incidentId: string,
): Promise<Row<'status_incidents'> | undefined> {
  return db
    .selectFrom('status_incidents')
    .selectAll()
    .where('incident_id', '=', incidentId)
    .executeTakeFirst();
}

export interface PublicIncidentFilter {
  kind?: 'incident' | 'maintenance' | undefined;
  open?: boolean | undefined;
  incidentId?: string | undefined;
}

export function listPublicIncidents(db: Queryable, filter: PublicIncidentFilter, page: PageQuery) {
  return paginate(
    page,
    (after, take, k) => {
      let q = db.selectFrom('status_incidents').selectAll();
      if (filter.kind !== undefined) q = q.where('kind', '=', filter.kind);
      if (filter.open !== undefined) q = q.where('resolved_at', filter.open ? 'is' : 'is not', null);
      if (filter.incidentId !== undefined) q = q.where('incident_id', '=', filter.incidentId);
      if (after !== undefined) q = q.where('id', k.op, after);
      return q.orderBy('id', k.order).limit(take).execute();
    },
    NEWEST_FIRST,
  );
}

export async function insertPublicIncident(db: Queryable, row: NewRow<'status_incidents'>): Promise<void> {
  await db.insertInto('status_incidents').values(row).execute();
}

export async function updatePublicIncidentRow(
  db: Queryable,
  id: string,
  patch: RowPatch<'status_incidents'>,
): Promise<void> {
  await db.updateTable('status_incidents').set(patch).where('id', '=', id).execute();
}

/**
 * Changes the status only if it is still `from`; true when this call made the change. On
 * PostgreSQL the row stays locked until the transaction ends, so of several engines (or an
 * engine and a person) moving the same maintenance, exactly one does it.
 */
export async function moveStatusIf(
  db: Queryable,
  id: string,
  from: PublicIncidentStatus[],
  patch: RowPatch<'status_incidents'>,
): Promise<boolean> {
  const res = await db
    .updateTable('status_incidents')
    .set(patch)
    .where('id', '=', id)
    .where('status', 'in', from)
    .executeTakeFirst();
  return Number(res.numUpdatedRows) === 1;
}

/** Its components and updates go with it (FK cascade); history rows keep it as null. */
export async function deletePublicIncidentRow(db: Queryable, id: string): Promise<void> {
  await db.deleteFrom('status_incidents').where('id', '=', id).execute();
}

// ---- affected components

export function incidentComponents(
  db: Queryable,
  statusIncidentIds: string[],
): Promise<(Row<'status_incident_components'> & { name: string; position: number })[]> {
  if (statusIncidentIds.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('status_incident_components')
    .innerJoin('status_components', 'status_components.id', 'status_incident_components.component_id')
    .select([
      'status_incident_components.status_incident_id',
      'status_incident_components.component_id',
      'status_incident_components.status',
      'status_components.name',
      'status_components.position',
    ])
    .where('status_incident_components.status_incident_id', 'in', statusIncidentIds)
    .orderBy('status_components.position')
    .orderBy('status_components.id')
    .execute();
}

/** Sets the status the incident gives each component, adding the ones it did not affect yet. */
export async function putIncidentComponents(
  db: Queryable,
  statusIncidentId: string,
  statuses: [componentId: string, status: ComponentStatus][],
): Promise<void> {
  for (const [component_id, status] of statuses) {
    await db
      .insertInto('status_incident_components')
      .values({ status_incident_id: statusIncidentId, component_id, status })
      .onConflict((oc) => oc.columns(['status_incident_id', 'component_id']).doUpdateSet({ status }))
      .execute();
  }
}

/** Makes `componentIds` exactly the ones it affects (a maintenance rescheduled over other components). */
export async function replaceIncidentComponents(
  db: Queryable,
  statusIncidentId: string,
  componentIds: string[],
  status: ComponentStatus,
): Promise<void> {
  await db
    .deleteFrom('status_incident_components')
    .where('status_incident_id', '=', statusIncidentId)
    .execute();
  if (componentIds.length === 0) return;
  await db
    .insertInto('status_incident_components')
    .values(
      componentIds.map((component_id) => ({ status_incident_id: statusIncidentId, component_id, status })),
    )
    .execute();
}

/**
 * The statuses open incidents and started maintenances give these components. A scheduled
 * maintenance affects nothing until it starts; a resolved or completed one, nothing any more.
 */
export function openStatusesOf(
  db: Queryable,
  componentIds: string[],
): Promise<{ component_id: string; status: ComponentStatus }[]> {
  if (componentIds.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('status_incident_components')
    .innerJoin('status_incidents', 'status_incidents.id', 'status_incident_components.status_incident_id')
    .select(['status_incident_components.component_id', 'status_incident_components.status'])
    .where('status_incident_components.component_id', 'in', componentIds)
    .where('status_incidents.resolved_at', 'is', null)
    .where('status_incidents.status', '<>', 'scheduled')
    .execute();
}

// ---- updates

export async function insertPublicUpdate(
  db: Queryable,
  row: NewRow<'status_incident_updates'>,
): Promise<void> {
  await db.insertInto('status_incident_updates').values(row).execute();
}

/** Newest first, as Statuspage lists incident_updates. */
export function updatesOf(
  db: Queryable,
  statusIncidentIds: string[],
): Promise<Row<'status_incident_updates'>[]> {
  if (statusIncidentIds.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('status_incident_updates')
    .selectAll()
    .where('status_incident_id', 'in', statusIncidentIds)
    .orderBy('display_at', 'desc')
    .orderBy('id', 'desc')
    .execute();
}

// ---- the maintenance timer

/** Maintenances whose automatic start or end is due, oldest first. */
export function dueMaintenances(
  db: Queryable,
  now: number,
  limit: number,
): Promise<Pick<Row<'status_incidents'>, 'id' | 'status'>[]> {
  return db
    .selectFrom('status_incidents')
    .select(['id', 'status'])
    .where('kind', '=', 'maintenance')
    .where('auto_transition', '=', 1)
    .where((eb) =>
      eb.or([
        eb.and([eb('status', '=', 'scheduled'), eb('scheduled_for', '<=', now)]),
        eb.and([eb('status', 'in', ['in_progress', 'verifying']), eb('scheduled_until', '<=', now)]),
      ]),
    )
    .orderBy('id')
    .limit(limit)
    .execute();
}

/** When the next automatic maintenance moves are due, for the engine's sleep (see engine/due.ts). */
export function maintenanceDueQueries(db: Queryable): DueQuery[] {
  return [
    db
      .selectFrom('status_incidents')
      .select((eb) => eb.fn.min('scheduled_for').as('t'))
      .where('kind', '=', 'maintenance')
      .where('auto_transition', '=', 1)
      .where('status', '=', 'scheduled'),
    db
      .selectFrom('status_incidents')
      .select((eb) => eb.fn.min('scheduled_until').as('t'))
      .where('kind', '=', 'maintenance')
      .where('auto_transition', '=', 1)
      .where('status', 'in', ['in_progress', 'verifying']),
  ];
}
