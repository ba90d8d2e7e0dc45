import type { Queryable } from '../db/connect.ts';
import type { NewRow, Row } from '../db/tables.ts';

/** The `audit_log` hash chain: appending (record.ts), walking (verify.ts) and listing (the API). */

/** The newest row's sequence number and hash, which the next row chains to. */
export function findAuditChainEnd(db: Queryable): Promise<{ seq: number; hash: string } | undefined> {
  return db
    .selectFrom('audit_log')
    .select(['seq', 'hash'])
    .orderBy('seq', 'desc')
    .limit(1)
    .executeTakeFirst();
}

export async function insertAuditRow(db: Queryable, row: NewRow<'audit_log'>): Promise<void> {
  await db.insertInto('audit_log').values(row).execute();
}

/** Up to `take` rows after `afterSeq`, in chain order. */
export function auditRowsAfter(db: Queryable, afterSeq: number, take: number): Promise<Row<'audit_log'>[]> {
  return db
    .selectFrom('audit_log')
    .selectAll()
    .where('seq', '>', afterSeq)
    .orderBy('seq')
    .limit(take)
    .execute();
}

export interface AuditFilter {
  /** Rows past this sequence number in the direction of `asc`. */
  cursor?: number | undefined;
  target_type?: string | undefined;
  target_id?: string | undefined;
  actor_id?: string | undefined;
  action?: string | undefined;
  /** Written at or after, and before, these times (ms). */
  since?: number | undefined;
  until?: number | undefined;
}

/** One page of the log, oldest first when `asc`, else newest first. */
export function listAuditRows(
  db: Queryable,
  filter: AuditFilter,
  asc: boolean,
  take: number,
): Promise<Row<'audit_log'>[]> {
  let q = db.selectFrom('audit_log').selectAll();
  if (filter.cursor !== undefined) q = q.where('seq', asc ? '>' : '<', filter.cursor);
  if (filter.target_type !== undefined) q = q.where('target_type', '=', filter.target_type);
  if (filter.target_id !== undefined) q = q.where('target_id', '=', filter.target_id);
  if (filter.actor_id !== undefined) q = q.where('actor_id', '=', filter.actor_id);
  if (filter.action !== undefined) q = q.where('action', '=', filter.action);
  if (filter.since !== undefined) q = q.where('at', '>=', filter.since);
  if (filter.until !== undefined) q = q.where('at', '<', filter.until);
  return q
    .orderBy('seq', asc ? 'asc' : 'desc')
    .limit(take)
    .execute();
}
