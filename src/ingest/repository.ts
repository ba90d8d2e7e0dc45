import { sql } from 'kysely';
import type { Dialect, Queryable } from '../platform/db/connect.ts';
import { ADVISORY_LOCKS } from '../platform/db/locks.ts';
import { OPEN_INCIDENT } from '../platform/db/open-incident.ts';
import type { NewRow, Row } from '../platform/db/tables.ts';

/**
 * The statements of the ingest pipeline (steps/): alerts, their events and the incidents they
 * open or join, all in the batch's transaction. Multi-row reads and writes take whole lists so
 * a batch costs a few statements, not a few per event.
 */

type AlertRow = Row<'alerts'>;
type IncidentRow = Row<'incidents'>;

/** Rows per multi-row INSERT, and keys per `IN (...)` list. */
const INSERT_CHUNK = 200;
const IN_CHUNK = 500;

/**
 * `status <> 'resolved'` written into the SQL, not bound: the open-alert index is partial
 * (`WHERE status <> 'resolved'`; incidents use OPEN_INCIDENT the same way), and SQLite uses a partial index only when
 * it can see the query implies that condition; with a bound parameter it scanned the whole table
 * for every new alert, so ingest slowed down as alerts and incidents accumulated.
 */
const RESOLVED = sql.lit('resolved' as const);

/**
 * PostgreSQL only. Per-service locks (taken in a fixed order by the caller) make grouping
 * decisions on one service serial across nodes. A key pair under its own first key: a bare
 * hashtext() could equal another purpose's key.
 */
export async function lockServiceForIngest(db: Queryable, serviceId: string): Promise<void> {
  await sql`select pg_advisory_xact_lock(${ADVISORY_LOCKS.ingestService}, hashtext(${serviceId}))`.execute(
    db,
  );
}

/** The open (not resolved) alerts of these services with one of these dedup keys. */
export async function findOpenAlerts(
  db: Queryable,
  serviceIds: string[],
  dedupKeys: string[],
): Promise<AlertRow[]> {
  const found: AlertRow[] = [];
  for (let i = 0; i < dedupKeys.length; i += IN_CHUNK) {
    const rows = await db
      .selectFrom('alerts')
      .selectAll()
      .where('service_id', 'in', serviceIds)
      .where('dedup_key', 'in', dedupKeys.slice(i, i + IN_CHUNK))
      .where('status', '<>', RESOLVED)
      .execute();
    found.push(...rows);
  }
  return found;
}

export function findServiceIngestSettings(db: Queryable, serviceId: string) {
  return db
    .selectFrom('services')
    .select(['name', 'alert_grouping', 'urgency_rules'])
    .where('id', '=', serviceId)
    .executeTakeFirst();
}

/** Alerts of a service received after `since` (the storm threshold's count). */
export async function countAlertsReceivedSince(
  db: Queryable,
  serviceId: string,
  since: number,
): Promise<number> {
  const c = await db
    .selectFrom('alerts')
    .select((eb) => eb.fn.countAll<string | number>().as('n'))
    .where('service_id', '=', serviceId)
    .where('received_at', '>', since)
    .executeTakeFirstOrThrow();
  return Number(c.n);
}

/**
 * The open incidents of a service created since `since` with one of these group keys, per
 * chunk of keys newest first (`created_at desc, id desc`).
 */
export async function findOpenIncidentsInGroups(
  db: Queryable,
  serviceId: string,
  since: number,
  groupKeys: string[],
): Promise<IncidentRow[]> {
  const found: IncidentRow[] = [];
  for (let i = 0; i < groupKeys.length; i += IN_CHUNK) {
    const rows = await db
      .selectFrom('incidents')
      .selectAll()
      .where('service_id', '=', serviceId)
      .where(OPEN_INCIDENT)
      .where('created_at', '>=', since)
      .where('group_key', 'in', groupKeys.slice(i, i + IN_CHUNK))
      .orderBy('created_at', 'desc')
      .orderBy('id', 'desc')
      .execute();
    found.push(...rows);
  }
  return found;
}

const openIncidentsOfService = (db: Queryable, serviceId: string, since: number) =>
  db
    .selectFrom('incidents')
    .selectAll()
    .where('service_id', '=', serviceId)
    .where(OPEN_INCIDENT)
    .where('created_at', '>=', since);

/** The newest open incident of a service's group created since `since`. */
export function findNewestOpenIncidentOfGroup(
  db: Queryable,
  serviceId: string,
  since: number,
  groupKey: string,
) {
  return openIncidentsOfService(db, serviceId, since)
    .where('group_key', '=', groupKey)
    .orderBy('created_at', 'desc')
    .limit(1)
    .executeTakeFirst();
}

/** The newest open alert-born (not declared) incident of a service created since `since`. */
export function findNewestOpenAlertIncident(db: Queryable, serviceId: string, since: number) {
  return openIncidentsOfService(db, serviceId, since)
    .where('origin', '=', 'alert')
    .orderBy('created_at', 'desc')
    .limit(1)
    .executeTakeFirst();
}

export async function insertIncidentRows(db: Queryable, rows: NewRow<'incidents'>[]): Promise<void> {
  for (let i = 0; i < rows.length; i += INSERT_CHUNK) {
    await db
      .insertInto('incidents')
      .values(rows.slice(i, i + INSERT_CHUNK))
      .execute();
  }
}

/** `added` more alerts on an existing incident. */
export async function addAlertsToIncident(
  db: Queryable,
  id: string,
  added: number,
  now: number,
): Promise<void> {
  await db
    .updateTable('incidents')
    .set((eb) => ({ alert_count: eb('alert_count', '+', added), last_alert_at: now, updated_at: now }))
    .where('id', '=', id)
    .execute();
}

export async function insertAlertRows(db: Queryable, rows: NewRow<'alerts'>[]): Promise<void> {
  for (let i = 0; i < rows.length; i += INSERT_CHUNK) {
    await db
      .insertInto('alerts')
      .values(rows.slice(i, i + INSERT_CHUNK))
      .execute();
  }
}

export async function insertAlertEventRows(db: Queryable, rows: NewRow<'alert_events'>[]): Promise<void> {
  for (let i = 0; i < rows.length; i += INSERT_CHUNK) {
    await db
      .insertInto('alert_events')
      .values(rows.slice(i, i + INSERT_CHUNK))
      .execute();
  }
}

/** The columns ingest changes on a stored alert, with the SQL type to cast each parameter to. */
const PATCHABLE = {
  summary: 'text',
  severity: 'text',
  labels: 'text',
  details: 'text',
  last_seen_at: 'bigint',
  occurrences: 'integer',
  ends_at: 'bigint',
  status: 'text',
  incident_id: 'text',
  suppressed_by: 'text',
  acknowledged_at: 'bigint',
  resolved_at: 'bigint',
} as const;
export type AlertPatch = Partial<Pick<AlertRow, keyof typeof PATCHABLE>>;
const PATCHABLE_COLUMNS = Object.keys(PATCHABLE) as (keyof typeof PATCHABLE)[];

/**
 * Writes merged patches with one `UPDATE alerts SET ... FROM <rows> v WHERE alerts.id = v.id`
 * per set of changed columns. The rows come from one parameter per column (`unnest` of arrays
 * on PostgreSQL) or one in all (`json_each` of a JSON array of rows on SQLite), so the
 * statement stays small whatever the batch: a UNION ALL of rows took longer to plan and
 * prepare than to run. Only the columns an event changed are written, as the per-event
 * updates did, so a concurrent acknowledgement by a responder is not overwritten by a repeat.
 * Rows go in id order, so transactions lock shared rows in one order.
 */
export async function updateAlertPatches(
  db: Queryable,
  dialect: Dialect,
  updates: Map<string, AlertPatch>,
): Promise<void> {
  const groups = new Map<string, { columns: (keyof typeof PATCHABLE)[]; rows: [string, AlertPatch][] }>();
  for (const id of [...updates.keys()].sort()) {
    const patch = updates.get(id)!;
    const columns = PATCHABLE_COLUMNS.filter((c) => Object.hasOwn(patch, c));
    const signature = columns.join(',');
    const group = groups.get(signature);
    if (group !== undefined) group.rows.push([id, patch]);
    else groups.set(signature, { columns, rows: [[id, patch]] });
  }
  for (const { columns, rows } of groups.values()) {
    const set = sql.join(columns.map((c) => sql`${sql.ref(c)} = v.${sql.ref(c)}`));
    if (dialect === 'postgres') {
      const arrays = sql.join([
        sql`cast(${rows.map(([id]) => id)} as text[])`,
        ...columns.map((c) => sql`cast(${rows.map(([, p]) => p[c] ?? null)} as ${sql.raw(PATCHABLE[c])}[])`),
      ]);
      const names = sql.join([sql.ref('id'), ...columns.map((c) => sql.ref(c))]);
      await sql`update alerts set ${set} from unnest(${arrays}) as v(${names}) where alerts.id = v.id`.execute(
        db,
      );
      continue;
    }
    const json = JSON.stringify(rows.map(([id, p]) => [id, ...columns.map((c) => p[c] ?? null)]));
    const picks = sql.join(columns.map((c, j) => sql`value ->> ${sql.lit(j + 1)} as ${sql.ref(c)}`));
    await sql`update alerts set ${set} from (select value ->> 0 as id, ${picks} from json_each(${json})) as v where alerts.id = v.id`.execute(
      db,
    );
  }
}

/** Alert counts per incident and status, for these incidents. */
export function countAlertsByIncidentAndStatus(db: Queryable, incidentIds: string[]) {
  return db
    .selectFrom('alerts')
    .select(['incident_id', 'status', (eb) => eb.fn.countAll<string | number>().as('n')])
    .where('incident_id', 'in', incidentIds)
    .groupBy(['incident_id', 'status'])
    .execute();
}

/** Resolves the incident if it is still open; true when it did. */
export async function resolveIncidentIfOpen(db: Queryable, id: string, now: number): Promise<boolean> {
  const done = await db
    .updateTable('incidents')
    .set({ status: 'resolved', resolved_at: now, resolved_by: 'alerts resolved', updated_at: now })
    .where('id', '=', id)
    .where(OPEN_INCIDENT)
    .returning('id')
    .executeTakeFirst();
  return done !== undefined;
}

/** Acknowledges the incident if it is still triggered; true when it did. */
export async function acknowledgeIncidentIfTriggered(
  db: Queryable,
  id: string,
  now: number,
): Promise<boolean> {
  const done = await db
    .updateTable('incidents')
    .set({
      status: 'acknowledged',
      acknowledged_at: now,
      acknowledged_by: 'alerts acknowledged',
      updated_at: now,
    })
    .where('id', '=', id)
    .where('status', '=', 'triggered')
    .returning('id')
    .executeTakeFirst();
  return done !== undefined;
}

export async function insertChangeEvent(db: Queryable, row: NewRow<'change_events'>): Promise<void> {
  await db.insertInto('change_events').values(row).execute();
}
