import type { Queryable } from '../../platform/db/connect.ts';
import type { PublicIncidentStatus } from '../../platform/db/tables/status-page.ts';
import { type PageQuery, paginate } from '../../platform/db/paginate.ts';
import type { NewRow, Row, RowPatch } from '../../platform/db/tables.ts';

/** SQL of update templates. */

export function findTemplate(db: Queryable, id: string): Promise<Row<'status_templates'> | undefined> {
  return db.selectFrom('status_templates').selectAll().where('id', '=', id).executeTakeFirst();
}

export function findTemplateByName(
  db: Queryable,
  name: string,
): Promise<Row<'status_templates'> | undefined> {
  return db.selectFrom('status_templates').selectAll().where('name', '=', name).executeTakeFirst();
}

export function listTemplates(
  db: Queryable,
  filter: { updateStatus?: PublicIncidentStatus | undefined },
  page: PageQuery,
) {
  return paginate(page, (after, take, k) => {
    let q = db.selectFrom('status_templates').selectAll();
    if (filter.updateStatus !== undefined) q = q.where('update_status', '=', filter.updateStatus);
    if (after !== undefined) q = q.where('id', k.op, after);
    return q.orderBy('id', k.order).limit(take).execute();
  });
}

export async function insertTemplate(db: Queryable, row: NewRow<'status_templates'>): Promise<void> {
  await db.insertInto('status_templates').values(row).execute();
}

export async function updateTemplateRow(
  db: Queryable,
  id: string,
  patch: RowPatch<'status_templates'>,
): Promise<void> {
  await db.updateTable('status_templates').set(patch).where('id', '=', id).execute();
}

export async function deleteTemplateRow(db: Queryable, id: string): Promise<void> {
  await db.deleteFrom('status_templates').where('id', '=', id).execute();
}

/** Names of services, for {{service}}. */
export async function serviceNames(db: Queryable, ids: string[]): Promise<string[]> {
  if (ids.length === 0) return [];
  const rows = await db
    .selectFrom('services')
    .select('name')
    .where('id', 'in', ids)
    .orderBy('name')
    .execute();
  return rows.map((r) => r.name);
}
