import type { Dialect, Queryable } from '../platform/db/connect.ts';
import { type PageQuery, paginate } from '../platform/db/paginate.ts';
import type { NewRow, Row, RowPatch } from '../platform/db/tables.ts';
import type { Lifecycle } from './period.ts';

type Cmp = '<=' | '>';
type Bound = ['starts_at' | 'ends_at', Cmp, number];

/** `state` at `now` as conditions on the period columns; same boundaries as `lifecycleAt`. */
function stateBounds(state: Lifecycle | undefined, now: number): Bound[] {
  switch (state) {
    case undefined:
      return [];
    case 'active':
      return [
        ['starts_at', '<=', now],
        ['ends_at', '>', now],
      ];
    case 'pending':
      return [['starts_at', '>', now]];
    case 'expired':
      return [['ends_at', '<=', now]];
  }
}

export interface PeriodFilter {
  serviceId?: string | undefined;
  state?: Lifecycle | undefined;
  now: number;
}

// ---- silences

export function findSilenceById(db: Queryable, id: string): Promise<Row<'silences'> | undefined> {
  return db.selectFrom('silences').selectAll().where('id', '=', id).executeTakeFirst();
}

/**
 * The silence, locked until the transaction ends on PostgreSQL (SQLite has one writer already):
 * a change decided on what was read cannot land on a silence another request expired meanwhile.
 */
export function findSilenceForUpdate(
  db: Queryable,
  dialect: Dialect,
  id: string,
): Promise<Row<'silences'> | undefined> {
  let q = db.selectFrom('silences').selectAll().where('id', '=', id);
  if (dialect === 'postgres') q = q.forUpdate();
  return q.executeTakeFirst();
}

export function findSilenceByName(db: Queryable, name: string): Promise<Row<'silences'> | undefined> {
  return db.selectFrom('silences').selectAll().where('name', '=', name).executeTakeFirst();
}

export function listSilences(
  db: Queryable,
  filter: PeriodFilter & { name?: string | undefined },
  page: PageQuery,
) {
  return paginate(page, (after, take, k) => {
    let q = db.selectFrom('silences').selectAll();
    if (filter.name !== undefined) q = q.where('name', '=', filter.name);
    if (filter.serviceId !== undefined) q = q.where('service_id', '=', filter.serviceId);
    for (const [column, op, value] of stateBounds(filter.state, filter.now)) q = q.where(column, op, value);
    if (after !== undefined) q = q.where('id', k.op, after);
    return q.orderBy('id', k.order).limit(take).execute();
  });
}

export async function insertSilence(db: Queryable, row: NewRow<'silences'>): Promise<void> {
  await db.insertInto('silences').values(row).execute();
}

export async function updateSilenceRow(
  db: Queryable,
  id: string,
  patch: RowPatch<'silences'>,
): Promise<void> {
  await db.updateTable('silences').set(patch).where('id', '=', id).execute();
}

export async function deleteSilenceRow(db: Queryable, id: string): Promise<void> {
  await db.deleteFrom('silences').where('id', '=', id).execute();
}

/** Ingest hot path: uses the ends_at index, since expired silences pile up and active ones are few. */
export function activeSilenceRows(
  db: Queryable,
  now: number,
): Promise<Pick<Row<'silences'>, 'id' | 'service_id' | 'matchers'>[]> {
  return db
    .selectFrom('silences')
    .select(['id', 'service_id', 'matchers'])
    .where('ends_at', '>', now)
    .where('starts_at', '<=', now)
    .orderBy('id')
    .execute();
}

// ---- maintenance windows

export function findWindowById(db: Queryable, id: string): Promise<Row<'maintenance_windows'> | undefined> {
  return db.selectFrom('maintenance_windows').selectAll().where('id', '=', id).executeTakeFirst();
}

export function findWindowByName(
  db: Queryable,
  name: string,
): Promise<Row<'maintenance_windows'> | undefined> {
  return db.selectFrom('maintenance_windows').selectAll().where('name', '=', name).executeTakeFirst();
}

export function listWindows(db: Queryable, filter: PeriodFilter, page: PageQuery) {
  return paginate(page, (after, take, k) => {
    let q = db.selectFrom('maintenance_windows').selectAll('maintenance_windows');
    if (filter.serviceId !== undefined) {
      const serviceId = filter.serviceId;
      q = q.where((eb) =>
        eb.exists(
          eb
            .selectFrom('maintenance_window_services')
            .select('maintenance_window_services.window_id')
            .whereRef('maintenance_window_services.window_id', '=', 'maintenance_windows.id')
            .where('maintenance_window_services.service_id', '=', serviceId),
        ),
      );
    }
    for (const [column, op, value] of stateBounds(filter.state, filter.now))
      q = q.where(`maintenance_windows.${column}`, op, value);
    if (after !== undefined) q = q.where('maintenance_windows.id', k.op, after);
    return q.orderBy('maintenance_windows.id', k.order).limit(take).execute();
  });
}

export async function insertWindow(db: Queryable, row: NewRow<'maintenance_windows'>): Promise<void> {
  await db.insertInto('maintenance_windows').values(row).execute();
}

export async function updateWindowRow(
  db: Queryable,
  id: string,
  patch: RowPatch<'maintenance_windows'>,
): Promise<void> {
  await db.updateTable('maintenance_windows').set(patch).where('id', '=', id).execute();
}

/** Its service links go with it (FK cascade). */
export async function deleteWindowRow(db: Queryable, id: string): Promise<void> {
  await db.deleteFrom('maintenance_windows').where('id', '=', id).execute();
}

export async function replaceWindowServices(
  db: Queryable,
  windowId: string,
  serviceIds: string[],
): Promise<void> {
  await db.deleteFrom('maintenance_window_services').where('window_id', '=', windowId).execute();
  if (serviceIds.length === 0) return;
  await db
    .insertInto('maintenance_window_services')
    .values(serviceIds.map((service_id) => ({ window_id: windowId, service_id })))
    .execute();
}

export function windowServiceLinks(
  db: Queryable,
  windowIds: string[],
): Promise<Row<'maintenance_window_services'>[]> {
  if (windowIds.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('maintenance_window_services')
    .selectAll()
    .where('window_id', 'in', windowIds)
    .execute();
}

/** Ingest hot path: one (window, service) row per service under an active window, oldest window first. */
export function activeWindowServices(
  db: Queryable,
  now: number,
): Promise<Row<'maintenance_window_services'>[]> {
  return db
    .selectFrom('maintenance_windows')
    .innerJoin(
      'maintenance_window_services',
      'maintenance_window_services.window_id',
      'maintenance_windows.id',
    )
    .select(['maintenance_window_services.window_id', 'maintenance_window_services.service_id'])
    .where('maintenance_windows.starts_at', '<=', now)
    .where('maintenance_windows.ends_at', '>', now)
    .orderBy('maintenance_windows.id')
    .execute();
}
