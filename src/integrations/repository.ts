import type { Queryable } from '../platform/db/connect.ts';
import { type PageQuery, paginate } from '../platform/db/paginate.ts';
import type { NewRow, Row, RowPatch } from '../platform/db/tables.ts';

export function findIntegrationById(db: Queryable, id: string): Promise<Row<'integrations'> | undefined> {
  return db.selectFrom('integrations').selectAll().where('id', '=', id).executeTakeFirst();
}

/** The ingest look-up: by the key's hash through its unique index, never a scan. */
export function findIntegrationByKeyHash(
  db: Queryable,
  keyHash: string,
): Promise<Row<'integrations'> | undefined> {
  return db.selectFrom('integrations').selectAll().where('key_hash', '=', keyHash).executeTakeFirst();
}

export function findIntegrationByName(db: Queryable, serviceId: string, name: string) {
  return db
    .selectFrom('integrations')
    .select('id')
    .where('service_id', '=', serviceId)
    .where('name', '=', name)
    .executeTakeFirst();
}

export function listIntegrations(db: Queryable, serviceId: string, page: PageQuery) {
  return paginate(page, (after, take, k) => {
    let q = db.selectFrom('integrations').selectAll().where('service_id', '=', serviceId);
    if (after !== undefined) q = q.where('id', k.op, after);
    return q.orderBy('id', k.order).limit(take).execute();
  });
}

export async function insertIntegration(db: Queryable, row: NewRow<'integrations'>): Promise<void> {
  await db.insertInto('integrations').values(row).execute();
}

export async function updateIntegrationRow(
  db: Queryable,
  id: string,
  patch: RowPatch<'integrations'>,
): Promise<void> {
  await db.updateTable('integrations').set(patch).where('id', '=', id).execute();
}

export async function deleteIntegrationRow(db: Queryable, id: string): Promise<void> {
  await db.deleteFrom('integrations').where('id', '=', id).execute();
}

/**
 * A heartbeat integration's monitor row, written with the integration in one transaction (the
 * heartbeats domain, above this one, reads and updates it on pings).
 */
export async function insertHeartbeatRow(db: Queryable, row: NewRow<'heartbeats'>): Promise<void> {
  await db.insertInto('heartbeats').values(row).execute();
}

export function findHeartbeatOf(
  db: Queryable,
  integrationId: string,
): Promise<Row<'heartbeats'> | undefined> {
  return db
    .selectFrom('heartbeats')
    .selectAll()
    .where('integration_id', '=', integrationId)
    .executeTakeFirst();
}

export async function updateHeartbeatOf(
  db: Queryable,
  integrationId: string,
  patch: RowPatch<'heartbeats'>,
): Promise<void> {
  await db.updateTable('heartbeats').set(patch).where('integration_id', '=', integrationId).execute();
}
