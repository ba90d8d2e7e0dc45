import { type RawBuilder, sql } from 'kysely';
import type { Dialect, Queryable } from '../platform/db/connect.ts';
import type { Scope } from './scope.ts';
import { MONDAY, WEEK } from './weeks.ts';

/**
 * The insight queries (SPEC §6). Every figure is an aggregate the database computes over the
 * covering indexes of migration 0019, so a report reads counts and sums, not rows; percentiles
 * are `percentile_cont` on PostgreSQL and the same interpolation in `tocsin_percentiles` on
 * SQLite (src/platform/db/connect.ts). Times are epoch milliseconds.
 */

/**
 * Runs a report's queries. On PostgreSQL in one read-only transaction with room to sort in
 * memory: a two-year percentile sorts a million durations, which the default work_mem (4 MB)
 * would spill to disk. On SQLite as they come (a transaction would hold its one connection).
 */
export async function reading<T>(
  db: Queryable,
  dialect: Dialect,
  fn: (db: Queryable) => Promise<T>,
): Promise<T> {
  if (dialect !== 'postgres' || db.isTransaction) return fn(db);
  return db.transaction().execute(async (trx) => {
    await sql`SET TRANSACTION READ ONLY`.execute(trx);
    await sql`SET LOCAL work_mem = '64MB'`.execute(trx);
    return fn(trx);
  });
}

/** reading() for a verb: its queries see `ctx.db` as the report's transaction. */
export function readingAs<C extends { db: Queryable; dialect: Dialect }, T>(
  ctx: C,
  fn: (ctx: C) => Promise<T>,
): Promise<T> {
  return reading(ctx.db, ctx.dialect, (db) => fn({ ...ctx, db }));
}

export function serviceExists(db: Queryable, id: string): Promise<boolean> {
  return db
    .selectFrom('services')
    .select('id')
    .where('id', '=', id)
    .executeTakeFirst()
    .then((r) => r !== undefined);
}

export function teamExists(db: Queryable, id: string): Promise<boolean> {
  return db
    .selectFrom('teams')
    .select('id')
    .where('id', '=', id)
    .executeTakeFirst()
    .then((r) => r !== undefined);
}

export async function teamIdsOfUser(db: Queryable, userId: string): Promise<string[]> {
  const rows = await db.selectFrom('team_members').select('team_id').where('user_id', '=', userId).execute();
  return rows.map((r) => r.team_id);
}

/** Which of the incidents `i` the scope covers; `created` false leaves out the period. */
export function incidentsIn(scope: Scope, created = true): RawBuilder<unknown> {
  const parts: RawBuilder<unknown>[] = [sql`i.merged_into_id IS NULL`];
  if (created) parts.push(sql`i.created_at >= ${scope.from} AND i.created_at < ${scope.to}`);
  if (scope.serviceId !== undefined) parts.push(sql`i.service_id = ${scope.serviceId}`);
  if (scope.severity !== undefined) parts.push(sql`i.severity = ${scope.severity}`);
  if (scope.teamId !== undefined) {
    parts.push(sql`i.service_id IN (SELECT id FROM services WHERE team_id = ${scope.teamId})`);
  }
  if (scope.teamIds !== null) {
    parts.push(
      scope.teamIds.length === 0
        ? sql`1 = 0`
        : sql`i.service_id IN (SELECT id FROM services WHERE team_id IN (${sql.join(scope.teamIds)}))`,
    );
  }
  return sql.join(parts, sql` AND `);
}

/** The durations SPEC §6 averages, from the incident row (ms). */
const DURATIONS = {
  // The source's clock may run ahead of ours: a negative detection time counts as none.
  mttd: sql`CASE WHEN i.source_started_at IS NULL THEN NULL WHEN i.created_at > i.source_started_at THEN i.created_at - i.source_started_at ELSE 0 END`,
  mtta: sql`i.acknowledged_at - i.created_at`,
  // Resolved without a separate mitigation: impact ended when it resolved.
  mttm: sql`coalesce(i.mitigated_at, i.resolved_at) - i.created_at`,
  mttr: sql`i.resolved_at - i.created_at`,
} as const;
export type DurationName = keyof typeof DURATIONS;
export const DURATION_NAMES = Object.keys(DURATIONS) as DurationName[];

/** count, mean and both percentiles of one duration, as `<name>_n`, `_mean` and `_pct` (median, p90). */
export function summaryColumns(dialect: Dialect, name: string, e: RawBuilder<unknown>): RawBuilder<unknown> {
  const n = sql.raw(name);
  if (dialect === 'postgres') {
    // One sort gives both percentiles.
    return sql`count(${e}) AS ${n}_n, avg(${e})::float8 AS ${n}_mean,
      percentile_cont(ARRAY[0.5, 0.9]) WITHIN GROUP (ORDER BY ${e}) AS ${n}_pct`;
  }
  return sql`count(${e}) AS ${n}_n, avg(${e}) AS ${n}_mean, tocsin_percentiles(${e}) AS ${n}_pct`;
}

/** A row of summaryColumns() output, whichever the dialect. */
export type SummaryRow = Record<string, unknown>;

export interface RawSummary {
  count: number;
  mean: number | null;
  p50: number | null;
  p90: number | null;
}

export function readSummary(row: SummaryRow, name: string): RawSummary {
  const count = Number(row[`${name}_n`] ?? 0);
  const mean = row[`${name}_mean`] === null ? null : Number(row[`${name}_mean`]);
  let p50: number | null;
  let p90: number | null;
  // A JSON text from SQLite's aggregate, an array from PostgreSQL's.
  const pct = row[`${name}_pct`];
  const pair = (typeof pct === 'string' ? JSON.parse(pct) : pct) as [unknown, unknown] | null;
  if (pair === null || pair === undefined) {
    p50 = null;
    p90 = null;
  } else {
    p50 = pair[0] === null ? null : Number(pair[0]);
    p90 = pair[1] === null ? null : Number(pair[1]);
  }
  return count === 0 ? { count, mean: null, p50: null, p90: null } : { count, mean, p50, p90 };
}

export type GroupBy = 'none' | 'service' | 'team' | 'severity';

/** MTTD/A/M/R over the scope, one row per group. */
export async function responseFigures(
  db: Queryable,
  dialect: Dialect,
  scope: Scope,
  groupBy: GroupBy,
): Promise<(SummaryRow & { key: string; incidents: number })[]> {
  const key = {
    none: sql`''`,
    service: sql`i.service_id`,
    team: sql`(SELECT team_id FROM services s WHERE s.id = i.service_id)`,
    severity: sql`i.severity`,
  }[groupBy];
  const columns = sql.join(DURATION_NAMES.map((d) => summaryColumns(dialect, d, DURATIONS[d])));
  const { rows } = await sql<SummaryRow & { key: string; incidents: number }>`
    SELECT ${key} AS key, count(*) AS incidents, ${columns}
    FROM incidents i WHERE ${incidentsIn(scope)}
    GROUP BY 1 ORDER BY 2 DESC, 1`.execute(db);
  return rows.map((r) => ({ ...r, key: String(r.key ?? ''), incidents: Number(r.incidents) }));
}

/** Incidents per UTC week (its Monday, ms) and severity. */
export async function incidentsByWeek(
  db: Queryable,
  scope: Scope,
): Promise<{ week: number; severity: string; n: number }[]> {
  const { rows } = await sql<{ week: number; severity: string; n: number }>`
    SELECT (i.created_at - ${sql.raw(String(MONDAY))}) / ${sql.raw(String(WEEK))} AS week, i.severity AS severity, count(*) AS n
    FROM incidents i WHERE ${incidentsIn(scope)}
    GROUP BY 1, 2`.execute(db);
  return rows.map((r) => ({ week: Number(r.week) * WEEK + MONDAY, severity: r.severity, n: Number(r.n) }));
}

/** Per service: incidents, and the first and last start (MTBF). */
export async function incidentsByService(
  db: Queryable,
  scope: Scope,
): Promise<{ service_id: string; name: string; n: number; first: number; last: number }[]> {
  const { rows } = await sql<{ service_id: string; name: string; n: number; first: number; last: number }>`
    SELECT c.service_id, s.name, c.n, c.first, c.last FROM (
      SELECT i.service_id, count(*) AS n, min(i.created_at) AS first, max(i.created_at) AS last
      FROM incidents i WHERE ${incidentsIn(scope)} GROUP BY 1
    ) c JOIN services s ON s.id = c.service_id
    ORDER BY c.n DESC, s.name`.execute(db);
  return rows.map((r) => ({ ...r, n: Number(r.n), first: Number(r.first), last: Number(r.last) }));
}

/** Names of services and teams, for group rows. */
export async function namesOf(db: Queryable, kind: 'services' | 'teams', ids: string[]) {
  if (ids.length === 0) return new Map<string, string>();
  const rows = await db.selectFrom(kind).select(['id', 'name']).where('id', 'in', ids).execute();
  return new Map(rows.map((r) => [r.id, r.name]));
}
