import { sql } from 'kysely';
import type { Dialect, Queryable } from '../platform/db/connect.ts';
import { type PageQuery, paginate } from '../platform/db/paginate.ts';
import { containsText } from '../platform/db/search.ts';
import type { NewRow, Row, RowPatch } from '../platform/db/tables.ts';
import { DAY, HOUR, MINUTE, MINUTE_WINDOW_LIMIT_MS, WINDOWS, WINDOW_MS, type Window } from './burn.ts';

/** Every statement of the SLO domain. Counts are stored in thousandths of an event (see the migration). */

export type SloRow = Row<'slos'>;

export function findSlo(db: Queryable, id: string): Promise<SloRow | undefined> {
  return db.selectFrom('slos').selectAll().where('id', '=', id).executeTakeFirst();
}

export function findSloByName(db: Queryable, serviceId: string, name: string): Promise<SloRow | undefined> {
  return db
    .selectFrom('slos')
    .selectAll()
    .where('service_id', '=', serviceId)
    .where('name', '=', name)
    .executeTakeFirst();
}

export interface SloFilter {
  serviceId?: string | undefined;
  serviceIds?: string[] | undefined;
  status?: string | undefined;
  q?: string | undefined;
}

export function listSlos(db: Queryable, filter: SloFilter, page: PageQuery) {
  return paginate(page, (after, take, k) => {
    let q = db.selectFrom('slos').selectAll();
    if (filter.serviceId !== undefined) q = q.where('service_id', '=', filter.serviceId);
    if (filter.serviceIds !== undefined) {
      if (filter.serviceIds.length === 0) return Promise.resolve([]);
      q = q.where('service_id', 'in', filter.serviceIds);
    }
    if (filter.status !== undefined) q = q.where('status', '=', filter.status as SloRow['status']);
    if (filter.q !== undefined) q = q.where(containsText('name', filter.q));
    if (after !== undefined) q = q.where('id', k.op, after);
    return q.orderBy('id', k.order).limit(take).execute();
  });
}

export function slosOfService(db: Queryable, serviceId: string): Promise<SloRow[]> {
  return db.selectFrom('slos').selectAll().where('service_id', '=', serviceId).orderBy('name').execute();
}

export async function insertSlo(db: Queryable, row: NewRow<'slos'>): Promise<void> {
  await db.insertInto('slos').values(row).execute();
}

export async function updateSlo(db: Queryable, id: string, patch: RowPatch<'slos'>): Promise<void> {
  await db.updateTable('slos').set(patch).where('id', '=', id).execute();
}

export async function deleteSloRow(db: Queryable, id: string): Promise<void> {
  await db.deleteFrom('slos').where('id', '=', id).execute();
}

// ---- counts ----

export interface Bucket {
  at: number;
  good: number;
  total: number;
  excluded: number;
}

export interface SloBucket extends Bucket {
  sloId: string;
}

const CHUNK = 1000;

/** An upsert's conflict clause that adds the new counts to the bucket's. */
const adding = (table: 'slo_minutes' | 'slo_hours') => ({
  good: sql<number>`${sql.ref(`${table}.good`)} + excluded.good`,
  total: sql<number>`${sql.ref(`${table}.total`)} + excluded.total`,
  excluded: sql<number>`${sql.ref(`${table}.excluded`)} + excluded.excluded`,
});

/**
 * Adds counts to their minute and hour buckets (pushed counts: several clients may add to the
 * same minute), for any number of SLOs in two statements a thousand rows. The insert's conflict
 * clause adds, so concurrent pushes to one minute both count; rows must be one per
 * (SLO, minute), since PostgreSQL refuses to update a row twice in one statement.
 */
export async function addBuckets(db: Queryable, minutes: SloBucket[]): Promise<void> {
  const hours = new Map<string, SloBucket>();
  for (const b of minutes) {
    const at = b.at - (b.at % HOUR);
    const k = `${b.sloId} ${at}`;
    const acc = hours.get(k) ?? { sloId: b.sloId, at, good: 0, total: 0, excluded: 0 };
    acc.good += b.good;
    acc.total += b.total;
    acc.excluded += b.excluded;
    hours.set(k, acc);
  }
  for (let i = 0; i < minutes.length; i += CHUNK) {
    await db
      .insertInto('slo_minutes')
      .values(
        minutes.slice(i, i + CHUNK).map((b) => ({
          slo_id: b.sloId,
          minute: b.at,
          good: b.good,
          total: b.total,
          excluded: b.excluded,
        })),
      )
      .onConflict((oc) => oc.columns(['slo_id', 'minute']).doUpdateSet(adding('slo_minutes')))
      .execute();
  }
  const hourRows = [...hours.values()];
  for (let i = 0; i < hourRows.length; i += CHUNK) {
    await db
      .insertInto('slo_hours')
      .values(
        hourRows.slice(i, i + CHUNK).map((b) => ({
          slo_id: b.sloId,
          hour: b.at,
          good: b.good,
          total: b.total,
          excluded: b.excluded,
        })),
      )
      .onConflict((oc) => oc.columns(['slo_id', 'hour']).doUpdateSet(adding('slo_hours')))
      .execute();
  }
}

/**
 * A minute read from Prometheus, written once: a second reading of the same minute (an engine
 * that lost its claim mid-way) changes nothing, and its hour is added to only when the minute is new.
 */
export async function putMinuteOnce(db: Queryable, sloId: string, b: Bucket): Promise<boolean> {
  const inserted = await db
    .insertInto('slo_minutes')
    .values({ slo_id: sloId, minute: b.at, good: b.good, total: b.total, excluded: b.excluded })
    .onConflict((oc) => oc.columns(['slo_id', 'minute']).doNothing())
    .returning('minute')
    .execute();
  if (inserted.length === 0) return false;
  await addHour(db, sloId, b);
  return true;
}

async function addHour(db: Queryable, sloId: string, b: Bucket): Promise<void> {
  await db
    .insertInto('slo_hours')
    .values({ slo_id: sloId, hour: b.at - (b.at % HOUR), good: b.good, total: b.total, excluded: b.excluded })
    .onConflict((oc) => oc.columns(['slo_id', 'hour']).doUpdateSet(adding('slo_hours')))
    .execute();
}

/** Remembers idempotency keys; answers the `slo_id key` pairs that were new (the rest were used). */
export async function rememberEventKeys(
  db: Queryable,
  keys: { sloId: string; key: string }[],
  now: number,
): Promise<Set<string>> {
  if (keys.length === 0) return new Set();
  const rows = await db
    .insertInto('slo_event_keys')
    .values(keys.map((k) => ({ slo_id: k.sloId, key: k.key, created_at: now })))
    .onConflict((oc) => oc.columns(['slo_id', 'key']).doNothing())
    .returning(['slo_id', 'key'])
    .execute();
  return new Set(rows.map((r) => `${r.slo_id} ${r.key}`));
}

/** The maintenance windows of these services overlapping [from, to), one row per service. */
export function maintenanceOverlapping(
  db: Queryable,
  serviceIds: string[],
  from: number,
  to: number,
): Promise<{ service_id: string; starts_at: number; ends_at: number }[]> {
  if (serviceIds.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('maintenance_windows')
    .innerJoin(
      'maintenance_window_services',
      'maintenance_window_services.window_id',
      'maintenance_windows.id',
    )
    .select([
      'maintenance_window_services.service_id',
      'maintenance_windows.starts_at',
      'maintenance_windows.ends_at',
    ])
    .where('maintenance_window_services.service_id', 'in', serviceIds)
    .where('maintenance_windows.starts_at', '<', to)
    .where('maintenance_windows.ends_at', '>', from)
    .execute();
}

// ---- evaluation ----

export interface WindowSums {
  /** Per window (and `slo`: the SLO's own window), good and total in thousandths. */
  [w: string]: { good: number; total: number };
}

const num = (v: unknown) => (v === null || v === undefined ? 0 : Number(v));

/**
 * Good and total per window for many SLOs at the end of minute `t`, in two scans: windows up to
 * 6 h over the minutes [t - w, t), longer ones (and each SLO's own window) over the hours that
 * start at or after t - w. Sums are cast back to bigint: PostgreSQL sums a bigint as numeric.
 */
export async function windowSums(
  db: Queryable,
  sloIds: string[],
  t: number,
): Promise<Map<string, WindowSums>> {
  const out = new Map<string, WindowSums>();
  if (sloIds.length === 0) return out;
  for (const id of sloIds) out.set(id, {});
  const minuteWindows = WINDOWS.filter((w) => WINDOW_MS[w] <= MINUTE_WINDOW_LIMIT_MS);
  const hourWindows = WINDOWS.filter((w) => WINDOW_MS[w] > MINUTE_WINDOW_LIMIT_MS);
  const sumIf = (col: 'good' | 'total', cond: ReturnType<typeof sql>) =>
    sql`cast(coalesce(sum(case when ${cond} then ${sql.ref(col)} else 0 end), 0) as bigint)`;
  const since = (column: string, w: Window) =>
    sql`${sql.ref(column)} >= ${sql.raw(String(t - WINDOW_MS[w]))}`;

  const minuteSelect = minuteWindows.flatMap((w) => [
    sql`${sumIf('good', since('minute', w))}`.as(`g_${w}`),
    sql`${sumIf('total', since('minute', w))}`.as(`t_${w}`),
  ]);
  const minuteRows = await db
    .selectFrom('slo_minutes')
    .select('slo_id')
    .select(minuteSelect)
    .where('slo_id', 'in', sloIds)
    .where('minute', '>=', sql.raw<number>(String(t - MINUTE_WINDOW_LIMIT_MS)))
    .where('minute', '<', sql.raw<number>(String(t)))
    .groupBy('slo_id')
    .execute();
  for (const r of minuteRows as unknown as Record<string, unknown>[]) {
    const s = out.get(r.slo_id as string)!;
    for (const w of minuteWindows) s[w] = { good: num(r[`g_${w}`]), total: num(r[`t_${w}`]) };
  }

  // The SLO's own window is per row: hours at or after t minus window_days days.
  const own = sql`slo_hours.hour >= ${sql.raw(String(t))} - cast(slos.window_days as bigint) * ${sql.raw(String(DAY))}`;
  const hourSelect = [
    ...hourWindows.flatMap((w) => [
      sql`${sumIf('good', since('hour', w))}`.as(`g_${w}`),
      sql`${sumIf('total', since('hour', w))}`.as(`t_${w}`),
    ]),
    sql`${sumIf('good', own)}`.as('g_slo'),
    sql`${sumIf('total', own)}`.as('t_slo'),
    sql`cast(coalesce(sum(case when ${own} then slo_hours.excluded else 0 end), 0) as bigint)`.as('x_slo'),
  ];
  const hourRows = await db
    .selectFrom('slo_hours')
    .innerJoin('slos', 'slos.id', 'slo_hours.slo_id')
    .select('slo_hours.slo_id')
    .select(hourSelect)
    .where('slo_hours.slo_id', 'in', sloIds)
    .where('slo_hours.hour', '>=', sql.raw<number>(String(t - 30 * DAY)))
    .groupBy('slo_hours.slo_id')
    .execute();
  for (const r of hourRows as unknown as Record<string, unknown>[]) {
    const s = out.get(r.slo_id as string)!;
    for (const w of hourWindows) s[w] = { good: num(r[`g_${w}`]), total: num(r[`t_${w}`]) };
    s.slo = { good: num(r.g_slo), total: num(r.t_slo) };
    s.excluded = { good: 0, total: num(r.x_slo) };
  }
  return out;
}

/**
 * Takes up to `limit` SLOs due for evaluation for `engineId` until `until`: a conditional
 * UPDATE ... RETURNING, so two engines never hold the same SLO (an expired claim is taken over).
 */
export async function claimDueSlos(
  db: Queryable,
  dialect: Dialect,
  engineId: string,
  now: number,
  until: number,
  limit: number,
): Promise<SloRow[]> {
  let due = db
    .selectFrom('slos')
    .select('id')
    .where('next_eval_at', '<=', now)
    .where((eb) => eb.or([eb('claimed_until', 'is', null), eb('claimed_until', '<', now)]))
    .orderBy('next_eval_at')
    .limit(limit);
  if (dialect === 'postgres') due = due.forUpdate().skipLocked();
  return db
    .updateTable('slos')
    .set({ claimed_by: engineId, claimed_until: until })
    .where('id', 'in', due)
    .where('next_eval_at', '<=', now)
    .where((eb) => eb.or([eb('claimed_until', 'is', null), eb('claimed_until', '<', now)]))
    .returningAll()
    .execute();
}

/**
 * Locks the claimed rows still held by `engineId` (a no-op update: on PostgreSQL the row lock is
 * held until the transaction ends) and answers them as they are now.
 */
export function lockClaimed(db: Queryable, ids: string[], engineId: string): Promise<SloRow[]> {
  if (ids.length === 0) return Promise.resolve([]);
  return db
    .updateTable('slos')
    .set((eb) => ({ claimed_until: eb.ref('claimed_until') }))
    .where('id', 'in', ids)
    .where('claimed_by', '=', engineId)
    .returningAll()
    .execute();
}

/** An SLO read for a change that must not cross an evaluation: locked on PostgreSQL. */
export function findSloForUpdate(db: Queryable, dialect: Dialect, id: string): Promise<SloRow | undefined> {
  let q = db.selectFrom('slos').selectAll().where('id', '=', id);
  if (dialect === 'postgres') q = q.forUpdate();
  return q.executeTakeFirst();
}

/** The evaluation's outcome, written only while the claim is still this engine's. */
export async function saveEvaluation(
  db: Queryable,
  id: string,
  engineId: string,
  patch: RowPatch<'slos'>,
): Promise<boolean> {
  const res = await db
    .updateTable('slos')
    .set({ ...patch, claimed_by: null, claimed_until: null })
    .where('id', '=', id)
    .where('claimed_by', '=', engineId)
    .executeTakeFirst();
  return Number(res.numUpdatedRows) > 0;
}

/** When the next SLO is due (the engine's idle sleep). */
export async function nextSloDue(db: Queryable): Promise<number | null> {
  const r = await db
    .selectFrom('slos')
    .select((eb) => eb.fn.min('next_eval_at').as('at'))
    .executeTakeFirst();
  return r?.at === null || r?.at === undefined ? null : Number(r.at);
}

/**
 * Drops counts older than what anything reads: minutes past the longest minute window (6 h, an
 * hour's margin), hours past two SLO windows (the chart's rolling budget), and idempotency keys
 * older than a day.
 */
export async function pruneCounts(db: Queryable, now: number): Promise<number> {
  const m = await db
    .deleteFrom('slo_minutes')
    .where('minute', '<', now - MINUTE_WINDOW_LIMIT_MS - HOUR)
    .executeTakeFirst();
  const h = await db
    .deleteFrom('slo_hours')
    .where('hour', '<', now - 61 * DAY)
    .executeTakeFirst();
  const k = await db
    .deleteFrom('slo_event_keys')
    .where('created_at', '<', now - DAY)
    .executeTakeFirst();
  return Number(m.numDeletedRows) + Number(h.numDeletedRows) + Number(k.numDeletedRows);
}

export function hourBuckets(db: Queryable, sloId: string, from: number, to: number): Promise<Bucket[]> {
  return db
    .selectFrom('slo_hours')
    .select(['hour as at', 'good', 'total', 'excluded'])
    .where('slo_id', '=', sloId)
    .where('hour', '>=', from)
    .where('hour', '<', to)
    .orderBy('hour')
    .execute()
    .then((rows) =>
      rows.map((r) => ({
        at: Number(r.at),
        good: Number(r.good),
        total: Number(r.total),
        excluded: Number(r.excluded),
      })),
    );
}

/** The alerts an SLO opened (their dedup keys start `slo:<id>:`), newest first. */
export function sloAlerts(db: Queryable, sloId: string, limit: number) {
  return db
    .selectFrom('alerts')
    .leftJoin('incidents', 'incidents.id', 'alerts.incident_id')
    .select([
      'alerts.id',
      'alerts.dedup_key',
      'alerts.status',
      'alerts.severity',
      'alerts.summary',
      'alerts.labels',
      'alerts.received_at',
      'alerts.resolved_at',
      'alerts.incident_id',
      'incidents.number',
    ])
    .where('alerts.service_id', 'in', db.selectFrom('slos').select('service_id').where('id', '=', sloId))
    .where('alerts.dedup_key', 'like', `slo:${sloId}:%`)
    .orderBy('alerts.id', 'desc')
    .limit(limit)
    .execute();
}

// ---- budget policy ----

export function findPolicy(db: Queryable, serviceId: string): Promise<Row<'slo_policies'> | undefined> {
  return db.selectFrom('slo_policies').selectAll().where('service_id', '=', serviceId).executeTakeFirst();
}

export async function putPolicy(db: Queryable, row: NewRow<'slo_policies'>): Promise<void> {
  const { service_id: _id, ...rest } = row;
  await db
    .insertInto('slo_policies')
    .values(row)
    .onConflict((oc) => oc.column('service_id').doUpdateSet(rest))
    .execute();
}

export { MINUTE };

/** A Prometheus SLI's minutes are read up to `until`; written only under this engine's claim. */
export async function saveFetchedUntil(
  db: Queryable,
  id: string,
  engineId: string,
  until: number,
): Promise<void> {
  await db
    .updateTable('slos')
    .set({ fetched_until: until })
    .where('id', '=', id)
    .where('claimed_by', '=', engineId)
    .execute();
}

export function listPrometheusSlos(db: Queryable, serviceId: string | undefined): Promise<SloRow[]> {
  let q = db.selectFrom('slos').selectAll().where('sli_kind', '=', 'prometheus');
  if (serviceId !== undefined) q = q.where('service_id', '=', serviceId);
  return q.orderBy('id').execute();
}
