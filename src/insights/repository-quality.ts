import { type RawBuilder, sql } from 'kysely';
import type { Dialect, Queryable } from '../platform/db/connect.ts';
import type { Scope } from './scope.ts';
import { incidentsIn, summaryColumns, type SummaryRow } from './repository.ts';

/** Alert quality and process health (SPEC §6). */

export interface QualityRow {
  service_id: string;
  alert_name: string | null;
  incidents: number;
  classified: number;
  actionable: number;
  noise: number;
  pages: number;
}

const QUALITY = sql`count(*) AS incidents,
  sum(CASE WHEN i.classification IS NULL THEN 0 ELSE 1 END) AS classified,
  sum(CASE WHEN i.classification = 'actionable' THEN 1 ELSE 0 END) AS actionable,
  sum(CASE WHEN i.classification = 'noise' THEN 1 ELSE 0 END) AS noise,
  sum(i.page_count) AS pages`;

function numbers<T extends QualityRow>(r: T): T {
  return {
    ...r,
    incidents: Number(r.incidents),
    classified: Number(r.classified),
    actionable: Number(r.actionable),
    noise: Number(r.noise),
    pages: Number(r.pages),
  };
}

/** Verdicts and pages per service (`alert_name` null) or per service and alert name. */
export async function qualityBy(db: Queryable, scope: Scope, byAlert: boolean): Promise<QualityRow[]> {
  const name = byAlert ? sql`i.alert_name` : sql`NULL`;
  const { rows } = await sql<QualityRow>`
    SELECT i.service_id, ${name} AS alert_name, ${QUALITY}
    FROM incidents i WHERE ${incidentsIn(scope)} ${byAlert ? sql`AND i.alert_name IS NOT NULL` : sql``}
    GROUP BY 1, 2`.execute(db);
  return rows.map(numbers);
}

/**
 * Re-fires: incidents of the scope opened within `withinMs` of the previous incident of the
 * same alert group resolving, per service and alert name.
 */
export async function flapsBy(
  db: Queryable,
  scope: Scope,
  withinMs: number,
): Promise<{ service_id: string; alert_name: string | null; n: number }[]> {
  // The one before a re-fire in the period may have started before it; if it did, it counts only
  // when it resolved within `withinMs` of the period's start, and then it is in this set (an
  // alert group has one open incident at a time, so every incident between them is too).
  const { rows } = await sql<{ service_id: string; alert_name: string | null; n: number }>`
    SELECT f.service_id, f.alert_name, count(*) AS n FROM (
      SELECT i.service_id, i.alert_name, i.created_at,
        lag(i.resolved_at) OVER (PARTITION BY i.service_id, i.group_key ORDER BY i.created_at) AS prev
      FROM incidents i
      WHERE ${incidentsIn(scope, false)} AND i.origin = 'alert'
        AND ((i.created_at >= ${scope.from} AND i.created_at < ${scope.to})
          OR (i.created_at < ${scope.from} AND i.resolved_at >= ${scope.from - withinMs}))
    ) f
    WHERE f.created_at >= ${scope.from} AND f.prev IS NOT NULL
      AND f.created_at >= f.prev AND f.created_at - f.prev <= ${withinMs}
    GROUP BY 1, 2`.execute(db);
  return rows.map((r) => ({ ...r, n: Number(r.n) }));
}

/** The severities that require a postmortem. */
export async function severitiesRequiringPostmortem(db: Queryable): Promise<string[]> {
  const rows = await db
    .selectFrom('severities')
    .select('name')
    .where('postmortem_required', '=', 1)
    .execute();
  return rows.map((r) => r.name);
}

/** Of the scope's incidents of `severities`: how many, how many published, time to publish. */
export async function postmortemFigures(
  db: Queryable,
  dialect: Dialect,
  scope: Scope,
  severities: string[],
): Promise<SummaryRow & { required: number; published: number }> {
  if (severities.length === 0) return { required: 0, published: 0, publish_n: 0 };
  const publish: RawBuilder<unknown> = sql`CASE WHEN pm.published_at IS NULL OR i.resolved_at IS NULL THEN NULL
    WHEN pm.published_at > i.resolved_at THEN pm.published_at - i.resolved_at ELSE 0 END`;
  const { rows } = await sql<SummaryRow & { required: number; published: number }>`
    SELECT count(*) AS required, count(pm.id) AS published, ${summaryColumns(dialect, 'publish', publish)}
    FROM incidents i LEFT JOIN postmortems pm ON pm.incident_id = i.id AND pm.status = 'published'
    WHERE ${incidentsIn(scope)} AND i.severity IN (${sql.join(severities)})`.execute(db);
  const r = rows[0]!;
  return { ...r, required: Number(r.required), published: Number(r.published) };
}

/** Action items of the scope's services due on days in [fromDay, toDay] (YYYY-MM-DD). */
export function actionItemsDue(db: Queryable, scope: Scope, fromDay: string, toDay: string) {
  return sql<{ due_date: string; status: string; completed_at: number | null; time_zone: string | null }>`
    SELECT a.due_date, a.status, a.completed_at, u.time_zone
    FROM action_items a JOIN incidents i ON i.id = a.incident_id LEFT JOIN users u ON u.id = a.owner_id
    WHERE ${incidentsIn(scope, false)} AND a.due_date >= ${fromDay} AND a.due_date <= ${toDay}`
    .execute(db)
    .then((r) => r.rows);
}

/** The scope's incidents, and the time from each to its first status update. */
export async function firstUpdateFigures(
  db: Queryable,
  dialect: Dialect,
  scope: Scope,
): Promise<SummaryRow & { incidents: number }> {
  const { rows } = await sql<SummaryRow & { incidents: number }>`
    SELECT count(*) AS incidents, ${summaryColumns(dialect, 'first', sql`f.first - i.created_at`)}
    FROM incidents i
    LEFT JOIN (
      -- An update comes after its incident opened: reading only those since the period began
      -- keeps a 90-day report from grouping every update ever written (540 -> 190 ms at 1M).
      SELECT incident_id, min(created_at) AS first FROM incident_updates
      WHERE created_at >= ${scope.from} GROUP BY incident_id
    ) f ON f.incident_id = i.id
    WHERE ${incidentsIn(scope)}`.execute(db);
  const r = rows[0]!;
  return { ...r, incidents: Number(r.incidents) };
}
