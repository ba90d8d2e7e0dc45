import { sql } from 'kysely';
import type { Queryable } from '../platform/db/connect.ts';
import { ADVISORY_LOCKS } from '../platform/db/locks.ts';
import { type PageQuery, paginate } from '../platform/db/paginate.ts';
import type { NewRow, Row, RowPatch } from '../platform/db/tables.ts';
import { containsText } from '../platform/db/search.ts';

export type Edge = Row<'service_dependencies'>;

export function findServiceById(db: Queryable, id: string): Promise<Row<'services'> | undefined> {
  return db.selectFrom('services').selectAll().where('id', '=', id).executeTakeFirst();
}

export function findServiceByName(db: Queryable, name: string): Promise<Row<'services'> | undefined> {
  return db.selectFrom('services').selectAll().where('name', '=', name).executeTakeFirst();
}

export function findServicesByIds(db: Queryable, ids: string[]): Promise<{ id: string; name: string }[]> {
  if (ids.length === 0) return Promise.resolve([]);
  return db.selectFrom('services').select(['id', 'name']).where('id', 'in', ids).execute();
}

export interface ServiceFilter {
  teamId?: string | undefined;
  q?: string | undefined;
}

export function listServices(db: Queryable, filter: ServiceFilter, page: PageQuery) {
  return paginate(page, (after, take, k) => {
    let q = db.selectFrom('services').selectAll();
    if (filter.teamId !== undefined) q = q.where('team_id', '=', filter.teamId);
    if (filter.q !== undefined && filter.q !== '') {
      q = q.where(containsText('name', filter.q));
    }
    if (after !== undefined) q = q.where('id', k.op, after);
    return q.orderBy('id', k.order).limit(take).execute();
  });
}

export async function insertService(db: Queryable, row: NewRow<'services'>): Promise<void> {
  await db.insertInto('services').values(row).execute();
}

export async function updateServiceRow(
  db: Queryable,
  id: string,
  patch: RowPatch<'services'>,
): Promise<void> {
  await db.updateTable('services').set(patch).where('id', '=', id).execute();
}

/** Its dependency edges, both ways, go with it (FK cascade). */
export async function deleteServiceRow(db: Queryable, id: string): Promise<void> {
  await db.deleteFrom('services').where('id', '=', id).execute();
}

/** Every edge touching the given services, in either direction. */
export function edgesTouching(db: Queryable, serviceIds: string[]): Promise<Edge[]> {
  if (serviceIds.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('service_dependencies')
    .selectAll()
    .where((eb) => eb.or([eb('service_id', 'in', serviceIds), eb('depends_on_id', 'in', serviceIds)]))
    .execute();
}

export function allEdges(db: Queryable): Promise<Edge[]> {
  return db.selectFrom('service_dependencies').selectAll().execute();
}

export async function replaceDependencies(
  db: Queryable,
  serviceId: string,
  dependsOn: string[],
): Promise<void> {
  await db.deleteFrom('service_dependencies').where('service_id', '=', serviceId).execute();
  if (dependsOn.length === 0) return;
  await db
    .insertInto('service_dependencies')
    .values(dependsOn.map((id) => ({ service_id: serviceId, depends_on_id: id })))
    .execute();
}

/**
 * PostgreSQL only: serialises dependency changes until commit, so two transactions that each
 * add one half of a cycle cannot both pass the cycle check.
 */
export async function lockDependencyGraph(db: Queryable): Promise<void> {
  await sql`select pg_advisory_xact_lock(${ADVISORY_LOCKS.dependencyGraph})`.execute(db);
}
