import type { Queryable } from '../platform/db/connect.ts';
import type { Row } from '../platform/db/tables.ts';

/**
 * What the live stream reads: timeline entries written since a point, the incidents they belong
 * to, and on-call changes from the audit log (whose `seq` is commit order: the chain is appended
 * under a lock held to commit).
 */

/** Entries with `id >= fromId`, plus backdated ones recorded at `recordedFrom` or later: ids only. */
export async function timelineIdsSince(
  db: Queryable,
  fromId: string,
  recordedFrom: number,
): Promise<{ id: string; recorded_at: number | null }[]> {
  const [byId, backdated] = await Promise.all([
    db.selectFrom('incident_timeline').select(['id', 'recorded_at']).where('id', '>=', fromId).execute(),
    db
      .selectFrom('incident_timeline')
      .select(['id', 'recorded_at'])
      .where('recorded_at', '>=', recordedFrom)
      .where('id', '<', fromId)
      .execute(),
  ]);
  return [...byId, ...backdated];
}

export async function timelineByIds(db: Queryable, ids: string[]): Promise<Row<'incident_timeline'>[]> {
  const rows: Row<'incident_timeline'>[] = [];
  for (let i = 0; i < ids.length; i += 500) {
    rows.push(
      ...(await db
        .selectFrom('incident_timeline')
        .selectAll()
        .where('id', 'in', ids.slice(i, i + 500))
        .execute()),
    );
  }
  return rows.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

/** Up to `take` entries after `afterId` (and backdated ones recorded after `recordedAfter`), by id. */
export async function timelineAfter(
  db: Queryable,
  afterId: string,
  recordedAfter: number,
  take: number,
): Promise<Row<'incident_timeline'>[]> {
  const [byId, backdated] = await Promise.all([
    db
      .selectFrom('incident_timeline')
      .selectAll()
      .where('id', '>', afterId)
      .orderBy('id')
      .limit(take)
      .execute(),
    db
      .selectFrom('incident_timeline')
      .selectAll()
      .where('recorded_at', '>', recordedAfter)
      .where('id', '<=', afterId)
      .orderBy('id')
      .limit(take)
      .execute(),
  ]);
  return [...backdated, ...byId];
}

export async function newestTimelineId(db: Queryable): Promise<string | undefined> {
  const row = await db
    .selectFrom('incident_timeline')
    .select('id')
    .orderBy('id', 'desc')
    .limit(1)
    .executeTakeFirst();
  return row?.id;
}

export function incidentsByIds(db: Queryable, ids: string[]): Promise<Row<'incidents'>[]> {
  if (ids.length === 0) return Promise.resolve([]);
  return db.selectFrom('incidents').selectAll().where('id', 'in', ids).execute();
}

export interface OnCallChangeRow {
  seq: number;
  at: number;
  action: string;
  target_type: string;
  target_id: string | null;
}

/** Audit rows after `afterSeq` that change who is on call: schedules (layers, overrides, swaps ...) and time off. */
export function onCallChangesAfter(
  db: Queryable,
  afterSeq: number,
  take: number,
): Promise<OnCallChangeRow[]> {
  return db
    .selectFrom('audit_log')
    .select(['seq', 'at', 'action', 'target_type', 'target_id'])
    .where('seq', '>', afterSeq)
    .where((eb) => eb.or([eb('action', 'like', 'schedule%'), eb('action', 'like', 'time\\_off.%')]))
    .orderBy('seq')
    .limit(take)
    .execute();
}

export async function lastAuditSeq(db: Queryable): Promise<number> {
  const row = await db
    .selectFrom('audit_log')
    .select('seq')
    .orderBy('seq', 'desc')
    .limit(1)
    .executeTakeFirst();
  return row?.seq ?? 0;
}
