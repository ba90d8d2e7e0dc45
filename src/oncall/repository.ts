import type { Queryable } from '../platform/db/connect.ts';
import { type PageQuery, paginate } from '../platform/db/paginate.ts';
import { containsText } from '../platform/db/search.ts';
import { inSlices } from '../platform/db/slices.ts';
import type { NewRow, Row, RowPatch } from '../platform/db/tables.ts';

/** SQL for schedules, layers, layer versions, overrides and the users they name. */

export function findScheduleById(db: Queryable, id: string): Promise<Row<'schedules'> | undefined> {
  return db.selectFrom('schedules').selectAll().where('id', '=', id).executeTakeFirst();
}

export function findScheduleByName(db: Queryable, name: string): Promise<Row<'schedules'> | undefined> {
  return db.selectFrom('schedules').selectAll().where('name', '=', name).executeTakeFirst();
}

export interface ScheduleFilter {
  teamId?: string | undefined;
  q?: string | undefined;
  id?: string | undefined;
}

export function listSchedules(db: Queryable, filter: ScheduleFilter, page: PageQuery) {
  return paginate(page, (after, take, k) => {
    let q = db.selectFrom('schedules').selectAll();
    if (filter.teamId !== undefined) q = q.where('team_id', '=', filter.teamId);
    if (filter.id !== undefined) q = q.where('id', '=', filter.id);
    if (filter.q !== undefined && filter.q !== '') q = q.where(containsText('name', filter.q));
    if (after !== undefined) q = q.where('id', k.op, after);
    return q.orderBy('id', k.order).limit(take).execute();
  });
}

export function allSchedules(db: Queryable): Promise<Row<'schedules'>[]> {
  return db.selectFrom('schedules').selectAll().orderBy('id').execute();
}

export async function insertSchedule(db: Queryable, row: NewRow<'schedules'>): Promise<void> {
  await db.insertInto('schedules').values(row).execute();
}

export async function updateScheduleRow(
  db: Queryable,
  id: string,
  patch: RowPatch<'schedules'>,
): Promise<void> {
  await db.updateTable('schedules').set(patch).where('id', '=', id).execute();
}

/** Layers, versions, overrides, swaps, temporary schedules and feeds go with it (cascade). */
export async function deleteScheduleRow(db: Queryable, id: string): Promise<void> {
  await db.deleteFrom('schedules').where('id', '=', id).execute();
}

export function layersOf(db: Queryable, scheduleIds: string[]): Promise<Row<'schedule_layers'>[]> {
  return inSlices(scheduleIds, (ids) =>
    db
      .selectFrom('schedule_layers')
      .selectAll()
      .where('schedule_id', 'in', ids)
      .orderBy('schedule_id')
      .orderBy('position')
      .execute(),
  );
}

export function findLayer(
  db: Queryable,
  scheduleId: string,
  layerId: string,
): Promise<Row<'schedule_layers'> | undefined> {
  return db
    .selectFrom('schedule_layers')
    .selectAll()
    .where('schedule_id', '=', scheduleId)
    .where('id', '=', layerId)
    .executeTakeFirst();
}

export async function insertLayer(db: Queryable, row: NewRow<'schedule_layers'>): Promise<void> {
  await db.insertInto('schedule_layers').values(row).execute();
}

export async function updateLayerRow(
  db: Queryable,
  id: string,
  patch: RowPatch<'schedule_layers'>,
): Promise<void> {
  await db.updateTable('schedule_layers').set(patch).where('id', '=', id).execute();
}

export async function deleteLayerRow(db: Queryable, id: string): Promise<void> {
  await db.deleteFrom('schedule_layers').where('id', '=', id).execute();
}

export function versionsOf(db: Queryable, layerIds: string[]): Promise<Row<'schedule_layer_versions'>[]> {
  return inSlices(layerIds, (ids) =>
    db
      .selectFrom('schedule_layer_versions')
      .selectAll()
      .where('layer_id', 'in', ids)
      .orderBy('layer_id')
      .orderBy('effective_from')
      .execute(),
  );
}

/** What the pure core computes from: a layer version's rotation, without its bookkeeping. */
export type VersionRotation = Pick<
  Row<'schedule_layer_versions'>,
  | 'effective_from'
  | 'time_zone'
  | 'start_date'
  | 'handoff_time'
  | 'shift_length'
  | 'shift_unit'
  | 'end_at'
  | 'restrictions'
  | 'participants'
  | 'rotation_offset'
>;

/**
 * Every version of every layer of these schedules, by schedule, layer position and
 * effective_from: one query per 500 schedules where layersOf + versionsOf took one per 500
 * layers more (and a layer without versions has nobody on call, so it is not missed).
 */
export function layerVersionsOf(
  db: Queryable,
  scheduleIds: string[],
): Promise<(VersionRotation & { schedule_id: string; layer_id: string })[]> {
  return inSlices(scheduleIds, (ids) =>
    db
      .selectFrom('schedule_layers as l')
      .innerJoin('schedule_layer_versions as v', 'v.layer_id', 'l.id')
      .select([
        'l.schedule_id',
        'v.layer_id',
        'v.effective_from',
        'v.time_zone',
        'v.start_date',
        'v.handoff_time',
        'v.shift_length',
        'v.shift_unit',
        'v.end_at',
        'v.restrictions',
        'v.participants',
        'v.rotation_offset',
      ])
      .where('l.schedule_id', 'in', ids)
      .orderBy('l.schedule_id')
      .orderBy('l.position')
      .orderBy('v.effective_from')
      .execute(),
  );
}

export async function insertVersion(db: Queryable, row: NewRow<'schedule_layer_versions'>): Promise<void> {
  await db.insertInto('schedule_layer_versions').values(row).execute();
}

/** Drops planned versions that a new one, effective at `from`, supersedes. */
export async function deleteVersionsFrom(db: Queryable, layerId: string, from: number): Promise<void> {
  await db
    .deleteFrom('schedule_layer_versions')
    .where('layer_id', '=', layerId)
    .where('effective_from', '>=', from)
    .execute();
}

export interface Period {
  from?: number | undefined;
  to?: number | undefined;
}

export function listOverrides(db: Queryable, scheduleId: string, period: Period, page: PageQuery) {
  return paginate(page, (after, take, k) => {
    let q = db.selectFrom('schedule_overrides').selectAll().where('schedule_id', '=', scheduleId);
    if (period.from !== undefined) q = q.where('end_at', '>', period.from);
    if (period.to !== undefined) q = q.where('start_at', '<', period.to);
    if (after !== undefined) q = q.where('id', k.op, after);
    return q.orderBy('id', k.order).limit(take).execute();
  });
}

/**
 * Overrides touching [from, to), oldest first (a later override wins where they overlap): the
 * columns the core needs only, since who-is-on-call reads thousands of them per page.
 */
export function overridesOverlapping(
  db: Queryable,
  scheduleIds: string[],
  from: number,
  to: number,
): Promise<Pick<Row<'schedule_overrides'>, 'id' | 'schedule_id' | 'user_id' | 'start_at' | 'end_at'>[]> {
  return inSlices(scheduleIds, (ids) =>
    db
      .selectFrom('schedule_overrides')
      .select(['id', 'schedule_id', 'user_id', 'start_at', 'end_at'])
      .where('schedule_id', 'in', ids)
      .where('end_at', '>', from)
      .where('start_at', '<', to)
      .orderBy('created_at')
      .orderBy('id')
      .execute(),
  );
}

export function findOverride(
  db: Queryable,
  scheduleId: string,
  id: string,
): Promise<Row<'schedule_overrides'> | undefined> {
  return db
    .selectFrom('schedule_overrides')
    .selectAll()
    .where('schedule_id', '=', scheduleId)
    .where('id', '=', id)
    .executeTakeFirst();
}

export function overridesOfSwap(db: Queryable, swapIds: string[]): Promise<Row<'schedule_overrides'>[]> {
  return inSlices(swapIds, (ids) =>
    db.selectFrom('schedule_overrides').selectAll().where('swap_id', 'in', ids).orderBy('id').execute(),
  );
}

export async function insertOverride(db: Queryable, row: NewRow<'schedule_overrides'>): Promise<void> {
  await db.insertInto('schedule_overrides').values(row).execute();
}

export async function deleteOverrideRow(db: Queryable, id: string): Promise<void> {
  await db.deleteFrom('schedule_overrides').where('id', '=', id).execute();
}

export function usersByIds(db: Queryable, ids: string[]): Promise<{ id: string; name: string }[]> {
  return inSlices(ids, (slice) =>
    db.selectFrom('users').select(['id', 'name']).where('id', 'in', slice).execute(),
  );
}

/** Which of these users exist (a deleted one stays in rotations but is never on call). */
export async function existingUserIds(db: Queryable, ids: string[]): Promise<Set<string>> {
  const rows = await inSlices(ids, (slice) =>
    db.selectFrom('users').select('id').where('id', 'in', slice).execute(),
  );
  return new Set(rows.map((r) => r.id));
}

/** Which of `userIds` belong to the team. */
export async function teamMembersAmong(
  db: Queryable,
  teamId: string,
  userIds: string[],
): Promise<Set<string>> {
  const rows = await inSlices(userIds, (ids) =>
    db
      .selectFrom('team_members')
      .select('user_id')
      .where('team_id', '=', teamId)
      .where('user_id', 'in', ids)
      .execute(),
  );
  return new Set(rows.map((r) => r.user_id));
}

/** PostgreSQL: holds the schedule's row until commit, so two saves of the whole schedule queue up. */
export async function lockScheduleRow(db: Queryable, id: string): Promise<void> {
  await db.selectFrom('schedules').select('id').where('id', '=', id).forUpdate().executeTakeFirst();
}

/** The on-call epoch (migration 0018): 0 until the first write to on-call data. */
export async function onCallEpoch(db: Queryable): Promise<number> {
  const row = await db
    .selectFrom('counters')
    .select('value')
    .where('name', '=', 'oncall_epoch')
    .executeTakeFirst();
  return Number(row?.value ?? 0);
}
