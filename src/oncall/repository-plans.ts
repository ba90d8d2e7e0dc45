import type { Queryable } from '../platform/db/connect.ts';
import { type PageQuery, paginate } from '../platform/db/paginate.ts';
import type { NewRow, Row, RowPatch } from '../platform/db/tables.ts';
import type { SwapStatus } from '../platform/db/tables/oncall.ts';
import type { Period } from './repository.ts';

/** SQL for time off, shift swaps, temporary schedules and calendar feeds. */
const SLICE = 500;

export interface TimeOffFilter extends Period {
  userId?: string | undefined;
}

export function listTimeOff(db: Queryable, filter: TimeOffFilter, page: PageQuery) {
  return paginate(page, (after, take, k) => {
    let q = db.selectFrom('time_off').selectAll();
    if (filter.userId !== undefined) q = q.where('user_id', '=', filter.userId);
    if (filter.from !== undefined) q = q.where('end_at', '>', filter.from);
    if (filter.to !== undefined) q = q.where('start_at', '<', filter.to);
    if (after !== undefined) q = q.where('id', k.op, after);
    return q.orderBy('id', k.order).limit(take).execute();
  });
}

/** Time off of these users touching [from, to). */
export async function timeOffOverlapping(
  db: Queryable,
  userIds: string[],
  from: number,
  to: number,
): Promise<Row<'time_off'>[]> {
  const unique = [...new Set(userIds)];
  const out: Row<'time_off'>[] = [];
  for (let i = 0; i < unique.length; i += SLICE) {
    out.push(
      ...(await db
        .selectFrom('time_off')
        .selectAll()
        .where('user_id', 'in', unique.slice(i, i + SLICE))
        .where('end_at', '>', from)
        .where('start_at', '<', to)
        .orderBy('start_at')
        .execute()),
    );
  }
  return out;
}

export function findTimeOff(db: Queryable, id: string): Promise<Row<'time_off'> | undefined> {
  return db.selectFrom('time_off').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function insertTimeOff(db: Queryable, row: NewRow<'time_off'>): Promise<void> {
  await db.insertInto('time_off').values(row).execute();
}

export async function deleteTimeOffRow(db: Queryable, id: string): Promise<void> {
  await db.deleteFrom('time_off').where('id', '=', id).execute();
}

export function listSwaps(
  db: Queryable,
  scheduleId: string,
  status: SwapStatus | undefined,
  page: PageQuery,
) {
  return paginate(page, (after, take, k) => {
    let q = db.selectFrom('schedule_swaps').selectAll().where('schedule_id', '=', scheduleId);
    if (status !== undefined) q = q.where('status', '=', status);
    if (after !== undefined) q = q.where('id', k.op, after);
    return q.orderBy('id', k.order).limit(take).execute();
  });
}

export function findSwap(
  db: Queryable,
  scheduleId: string,
  id: string,
): Promise<Row<'schedule_swaps'> | undefined> {
  return db
    .selectFrom('schedule_swaps')
    .selectAll()
    .where('schedule_id', '=', scheduleId)
    .where('id', '=', id)
    .executeTakeFirst();
}

export async function insertSwap(db: Queryable, row: NewRow<'schedule_swaps'>): Promise<void> {
  await db.insertInto('schedule_swaps').values(row).execute();
}

/**
 * Moves a swap out of `pending`; answers false when another request got there first, so a swap
 * is accepted (and its overrides created) at most once.
 */
export async function settleSwap(
  db: Queryable,
  id: string,
  patch: RowPatch<'schedule_swaps'>,
): Promise<boolean> {
  const r = await db
    .updateTable('schedule_swaps')
    .set(patch)
    .where('id', '=', id)
    .where('status', '=', 'pending')
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

export function listTemporary(db: Queryable, scheduleId: string, page: PageQuery) {
  return paginate(page, (after, take, k) => {
    let q = db.selectFrom('schedule_temporary').selectAll().where('schedule_id', '=', scheduleId);
    if (after !== undefined) q = q.where('id', k.op, after);
    return q.orderBy('id', k.order).limit(take).execute();
  });
}

export async function temporaryOverlapping(
  db: Queryable,
  scheduleIds: string[],
  from: number,
  to: number,
): Promise<Row<'schedule_temporary'>[]> {
  const unique = [...new Set(scheduleIds)];
  const out: Row<'schedule_temporary'>[] = [];
  for (let i = 0; i < unique.length; i += SLICE) {
    out.push(
      ...(await db
        .selectFrom('schedule_temporary')
        .selectAll()
        .where('schedule_id', 'in', unique.slice(i, i + SLICE))
        .where('end_at', '>', from)
        .where('start_at', '<', to)
        .orderBy('start_at')
        .execute()),
    );
  }
  return out;
}

export function findTemporary(
  db: Queryable,
  scheduleId: string,
  id: string,
): Promise<Row<'schedule_temporary'> | undefined> {
  return db
    .selectFrom('schedule_temporary')
    .selectAll()
    .where('schedule_id', '=', scheduleId)
    .where('id', '=', id)
    .executeTakeFirst();
}

export async function insertTemporary(db: Queryable, row: NewRow<'schedule_temporary'>): Promise<void> {
  await db.insertInto('schedule_temporary').values(row).execute();
}

export async function deleteTemporaryRow(db: Queryable, id: string): Promise<void> {
  await db.deleteFrom('schedule_temporary').where('id', '=', id).execute();
}

export function listFeeds(db: Queryable, ownerId: string | undefined, page: PageQuery) {
  return paginate(page, (after, take, k) => {
    let q = db.selectFrom('calendar_feeds').selectAll();
    if (ownerId !== undefined) q = q.where('owner_id', '=', ownerId);
    if (after !== undefined) q = q.where('id', k.op, after);
    return q.orderBy('id', k.order).limit(take).execute();
  });
}

export function findFeedById(db: Queryable, id: string): Promise<Row<'calendar_feeds'> | undefined> {
  return db.selectFrom('calendar_feeds').selectAll().where('id', '=', id).executeTakeFirst();
}

export function findFeedByHash(db: Queryable, hash: string): Promise<Row<'calendar_feeds'> | undefined> {
  return db.selectFrom('calendar_feeds').selectAll().where('token_hash', '=', hash).executeTakeFirst();
}

export async function insertFeed(db: Queryable, row: NewRow<'calendar_feeds'>): Promise<void> {
  await db.insertInto('calendar_feeds').values(row).execute();
}

export async function markFeedRevoked(db: Queryable, id: string, at: number): Promise<void> {
  await db.updateTable('calendar_feeds').set({ revoked_at: at }).where('id', '=', id).execute();
}
