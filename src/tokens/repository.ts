import type { Queryable } from '../platform/db/connect.ts';
import { type PageQuery, paginate } from '../platform/db/paginate.ts';
import type { NewRow, Row } from '../platform/db/tables.ts';

export function findTokenById(db: Queryable, id: string): Promise<Row<'api_tokens'> | undefined> {
  return db.selectFrom('api_tokens').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function insertToken(db: Queryable, row: NewRow<'api_tokens'>): Promise<void> {
  await db.insertInto('api_tokens').values(row).execute();
}

export async function markRevoked(db: Queryable, id: string, at: number): Promise<void> {
  await db
    .updateTable('api_tokens')
    .set({ revoked_at: at })
    .where('id', '=', id)
    .where('revoked_at', 'is', null)
    .execute();
}

export function listTokens(
  db: Queryable,
  filter: { userId?: string | undefined; includeRevoked: boolean },
  page: PageQuery,
) {
  return paginate(page, (after, take, k) => {
    let q = db.selectFrom('api_tokens').selectAll();
    if (filter.userId !== undefined) q = q.where('user_id', '=', filter.userId);
    if (!filter.includeRevoked) q = q.where('revoked_at', 'is', null);
    if (after !== undefined) q = q.where('id', k.op, after);
    return q.orderBy('id', k.order).limit(take).execute();
  });
}
