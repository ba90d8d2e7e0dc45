import { PostgresAdapter, sql } from 'kysely';
import type { Queryable } from '../../platform/db/connect.ts';
import type { IncidentFacts, ItemFacts } from './blocks.ts';

export interface Versions {
  /** The database's own number; undefined before migration 0020 ran (nothing is kept then). */
  database: number | undefined;
  /** The database's clock (ms), which its triggers judge by. */
  now: number;
  incidents: Map<number, number>;
  action_items: Map<number, number>;
}

/** The versions of the weeks that changed since they ended (migration 0020), and the database's clock. */
export async function blockVersions(db: Queryable): Promise<Versions> {
  const clock =
    db.getExecutor().adapter instanceof PostgresAdapter
      ? sql`(extract(epoch FROM statement_timestamp()) * 1000)::bigint`
      : sql`unixepoch() * 1000`;
  const { rows } = await sql<{ kind: string; block: number; version: number }>`
    SELECT kind, block, version FROM insight_blocks
    UNION ALL SELECT 'clock', ${clock}, 0`.execute(db);
  const v: Versions = { database: undefined, now: NaN, incidents: new Map(), action_items: new Map() };
  for (const r of rows) {
    if (r.kind === 'database') v.database = Number(r.version);
    else if (r.kind === 'clock') v.now = Number(r.block);
    else if (r.kind === 'incidents' || r.kind === 'action_items')
      v[r.kind].set(Number(r.block), Number(r.version));
  }
  return v;
}

/**
 * What the reports read of each incident created in [from, to), not merged into another, in
 * `created_at` order: its figures, the first status update (incident_updates_first) and when
 * its postmortem was published (one per incident).
 */
export async function incidentFacts(db: Queryable, from: number, to: number): Promise<IncidentFacts[]> {
  const { rows } = await sql<IncidentFacts>`
    SELECT i.created_at, i.service_id, i.severity, i.origin, i.group_key, i.alert_name,
      i.source_started_at, i.acknowledged_at, i.mitigated_at, i.resolved_at, i.classification,
      i.page_count,
      (SELECT min(u.created_at) FROM incident_updates u WHERE u.incident_id = i.id) AS first_update,
      (SELECT pm.published_at FROM postmortems pm
        WHERE pm.incident_id = i.id AND pm.status = 'published') AS published_at
    FROM incidents i
    WHERE i.created_at >= ${from} AND i.created_at < ${to} AND i.merged_into_id IS NULL
    ORDER BY i.created_at, i.id`.execute(db);
  return rows;
}

/** Every service's team: scopes by team are resolved here, never cached. */
export async function serviceTeams(db: Queryable): Promise<Map<string, string | null>> {
  const rows = await db.selectFrom('services').select(['id', 'team_id']).execute();
  return new Map(rows.map((r) => [r.id, r.team_id]));
}

export interface Predecessor {
  service_id: string;
  group_key: string;
  created_at: number;
  resolved_at: number;
}

/**
 * Alert-born incidents created before `before` that resolved at `since` or later: the incident a
 * re-fire early in a period follows may have started long before it (flapping).
 */
export async function resolvedSince(db: Queryable, before: number, since: number): Promise<Predecessor[]> {
  const { rows } = await sql<Predecessor>`
    SELECT i.service_id, i.group_key, i.created_at, i.resolved_at FROM incidents i
    WHERE i.created_at < ${before} AND i.resolved_at >= ${since}
      AND i.origin = 'alert' AND i.merged_into_id IS NULL
    ORDER BY i.created_at, i.id`.execute(db);
  return rows.map((r) => ({ ...r, created_at: Number(r.created_at), resolved_at: Number(r.resolved_at) }));
}

/**
 * Action items due on days in [fromDay, toDay) (YYYY-MM-DD) of incidents not merged into another,
 * with their owner's time zone (their due day ends there) and their incident's service and severity.
 */
export async function itemFacts(db: Queryable, fromDay: string, toDay: string): Promise<ItemFacts[]> {
  const { rows } = await sql<ItemFacts>`
    SELECT a.due_date, a.status, a.completed_at, u.time_zone, i.service_id, i.severity
    FROM action_items a JOIN incidents i ON i.id = a.incident_id LEFT JOIN users u ON u.id = a.owner_id
    WHERE a.due_date >= ${fromDay} AND a.due_date < ${toDay} AND i.merged_into_id IS NULL`.execute(db);
  return rows;
}
