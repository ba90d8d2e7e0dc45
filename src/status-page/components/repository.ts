import type { Queryable } from '../../platform/db/connect.ts';
import { type PageQuery, paginate } from '../../platform/db/paginate.ts';
import type { NewRow, Row, RowPatch } from '../../platform/db/tables.ts';

/** SQL of components, their groups and their status history. */

export function findComponent(db: Queryable, id: string): Promise<Row<'status_components'> | undefined> {
  return db.selectFrom('status_components').selectAll().where('id', '=', id).executeTakeFirst();
}

export function findComponentByName(
  db: Queryable,
  name: string,
): Promise<Row<'status_components'> | undefined> {
  return db.selectFrom('status_components').selectAll().where('name', '=', name).executeTakeFirst();
}

export function findComponentsByIds(db: Queryable, ids: string[]): Promise<Row<'status_components'>[]> {
  if (ids.length === 0) return Promise.resolve([]);
  return db.selectFrom('status_components').selectAll().where('id', 'in', ids).execute();
}

/** Every component, in page order (group position first is the page's business). */
export function allComponents(db: Queryable): Promise<Row<'status_components'>[]> {
  return db.selectFrom('status_components').selectAll().orderBy('position').orderBy('id').execute();
}

/** The components standing for any of these services. */
export function componentsOfServices(
  db: Queryable,
  serviceIds: string[],
): Promise<Row<'status_components'>[]> {
  if (serviceIds.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('status_components')
    .selectAll()
    .where('service_id', 'in', serviceIds)
    .orderBy('position')
    .orderBy('id')
    .execute();
}

export function listComponents(
  db: Queryable,
  filter: { groupId?: string | undefined; serviceId?: string | undefined },
  page: PageQuery,
) {
  return paginate(page, (after, take, k) => {
    let q = db.selectFrom('status_components').selectAll();
    if (filter.groupId !== undefined) q = q.where('group_id', '=', filter.groupId);
    if (filter.serviceId !== undefined) q = q.where('service_id', '=', filter.serviceId);
    if (after !== undefined) q = q.where('id', k.op, after);
    return q.orderBy('id', k.order).limit(take).execute();
  });
}

/** The next free position at the end of the page (or of a table of groups). */
export async function nextPosition(
  db: Queryable,
  table: 'status_components' | 'status_component_groups',
): Promise<number> {
  const row = await db
    .selectFrom(table)
    .select((eb) => eb.fn.max('position').as('p'))
    .executeTakeFirst();
  return row?.p === null || row?.p === undefined ? 0 : Number(row.p) + 1;
}

export async function insertComponent(db: Queryable, row: NewRow<'status_components'>): Promise<void> {
  await db.insertInto('status_components').values(row).execute();
}

export async function updateComponentRow(
  db: Queryable,
  id: string,
  patch: RowPatch<'status_components'>,
): Promise<void> {
  await db.updateTable('status_components').set(patch).where('id', '=', id).execute();
}

/** Its history and incident links go with it (FK cascade). */
export async function deleteComponentRow(db: Queryable, id: string): Promise<void> {
  await db.deleteFrom('status_components').where('id', '=', id).execute();
}

export async function insertComponentChange(
  db: Queryable,
  row: NewRow<'status_component_changes'>,
): Promise<void> {
  await db.insertInto('status_component_changes').values(row).execute();
}

export function listComponentChanges(
  db: Queryable,
  componentId: string,
  range: { since?: number | undefined; until?: number | undefined },
  page: PageQuery,
) {
  return paginate(page, (after, take, k) => {
    let q = db.selectFrom('status_component_changes').selectAll().where('component_id', '=', componentId);
    if (range.since !== undefined) q = q.where('at', '>=', range.since);
    if (range.until !== undefined) q = q.where('at', '<', range.until);
    if (after !== undefined) q = q.where('id', k.op, after);
    return q.orderBy('id', k.order).limit(take).execute();
  });
}

// ---- groups

export function findGroup(db: Queryable, id: string): Promise<Row<'status_component_groups'> | undefined> {
  return db.selectFrom('status_component_groups').selectAll().where('id', '=', id).executeTakeFirst();
}

export function findGroupByName(
  db: Queryable,
  name: string,
): Promise<Row<'status_component_groups'> | undefined> {
  return db.selectFrom('status_component_groups').selectAll().where('name', '=', name).executeTakeFirst();
}

export function listGroups(db: Queryable, page: PageQuery) {
  return paginate(page, (after, take, k) => {
    let q = db.selectFrom('status_component_groups').selectAll();
    if (after !== undefined) q = q.where('id', k.op, after);
    return q.orderBy('id', k.order).limit(take).execute();
  });
}

/** The components of these groups, in page order. */
export function componentsOfGroups(
  db: Queryable,
  groupIds: string[],
): Promise<Pick<Row<'status_components'>, 'id' | 'group_id'>[]> {
  if (groupIds.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('status_components')
    .select(['id', 'group_id'])
    .where('group_id', 'in', groupIds)
    .orderBy('position')
    .orderBy('id')
    .execute();
}

export async function insertGroup(db: Queryable, row: NewRow<'status_component_groups'>): Promise<void> {
  await db.insertInto('status_component_groups').values(row).execute();
}

export async function updateGroupRow(
  db: Queryable,
  id: string,
  patch: RowPatch<'status_component_groups'>,
): Promise<void> {
  await db.updateTable('status_component_groups').set(patch).where('id', '=', id).execute();
}

/** Its components stay, ungrouped (FK set null). */
export async function deleteGroupRow(db: Queryable, id: string): Promise<void> {
  await db.deleteFrom('status_component_groups').where('id', '=', id).execute();
}

/** Makes `componentIds` exactly the group's components: the listed join it, the others leave. */
export async function replaceGroupComponents(
  db: Queryable,
  groupId: string,
  componentIds: string[],
  now: number,
): Promise<void> {
  let leave = db
    .updateTable('status_components')
    .set({ group_id: null, updated_at: now })
    .where('group_id', '=', groupId);
  if (componentIds.length > 0) leave = leave.where('id', 'not in', componentIds);
  await leave.execute();
  if (componentIds.length === 0) return;
  await db
    .updateTable('status_components')
    .set({ group_id: groupId, updated_at: now })
    .where('id', 'in', componentIds)
    .execute();
}
