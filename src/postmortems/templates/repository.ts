import type { Queryable } from '../../platform/db/connect.ts';
import { type PageQuery, paginate } from '../../platform/db/paginate.ts';
import type { SeverityName } from '../../platform/db/tables/severities.ts';
import type { NewRow, Row, RowPatch } from '../../platform/db/tables.ts';

/** SQL of postmortem templates. */

export type TemplateRow = Row<'postmortem_templates'>;

export function findPostmortemTemplate(db: Queryable, id: string): Promise<TemplateRow | undefined> {
  return db.selectFrom('postmortem_templates').selectAll().where('id', '=', id).executeTakeFirst();
}

export function findPostmortemTemplateByName(db: Queryable, name: string): Promise<TemplateRow | undefined> {
  return db.selectFrom('postmortem_templates').selectAll().where('name', '=', name).executeTakeFirst();
}

/** The oldest template for the severity, else the default one. */
export async function templateForSeverity(
  db: Queryable,
  severity: SeverityName,
): Promise<TemplateRow | undefined> {
  const own = await db
    .selectFrom('postmortem_templates')
    .selectAll()
    .where('severity', '=', severity)
    .orderBy('id')
    .executeTakeFirst();
  return (
    own ?? db.selectFrom('postmortem_templates').selectAll().where('is_default', '=', 1).executeTakeFirst()
  );
}

export function listPostmortemTemplates(
  db: Queryable,
  filter: { severity?: SeverityName | undefined },
  page: PageQuery,
) {
  return paginate(page, (after, take, k) => {
    let q = db.selectFrom('postmortem_templates').selectAll();
    if (filter.severity !== undefined) q = q.where('severity', '=', filter.severity);
    if (after !== undefined) q = q.where('id', k.op, after);
    return q.orderBy('id', k.order).limit(take).execute();
  });
}

export async function insertPostmortemTemplate(
  db: Queryable,
  row: NewRow<'postmortem_templates'>,
): Promise<void> {
  await db.insertInto('postmortem_templates').values(row).execute();
}

export async function updatePostmortemTemplateRow(
  db: Queryable,
  id: string,
  patch: RowPatch<'postmortem_templates'>,
): Promise<void> {
  await db.updateTable('postmortem_templates').set(patch).where('id', '=', id).execute();
}

export function defaultTemplates(db: Queryable): Promise<TemplateRow[]> {
  return db.selectFrom('postmortem_templates').selectAll().where('is_default', '=', 1).execute();
}

/** Every other template stops being the default (one is made the default). */
export async function clearOtherDefaults(db: Queryable, keepId: string, now: number): Promise<void> {
  await db
    .updateTable('postmortem_templates')
    .set({ is_default: 0, updated_at: now })
    .where('is_default', '=', 1)
    .where('id', '!=', keepId)
    .execute();
}

export async function deletePostmortemTemplateRow(db: Queryable, id: string): Promise<void> {
  await db.deleteFrom('postmortem_templates').where('id', '=', id).execute();
}
