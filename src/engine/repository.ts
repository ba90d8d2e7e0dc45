import { OPEN_INCIDENT } from '../platform/db/open-incident.ts';
import type { DueQuery, Queryable } from '../platform/db/connect.ts';

/**
 * SQL of the engine's own passes: when anything is next due, the timers' due rows (heartbeats,
 * alerts past endsAt) and the metrics read at scrape time. The engine reads other domains'
 * tables here because a timer pass locks their rows in its own transaction.
 */

/**
 * The earliest due time of each kind of scheduled work (null where none): escalation steps,
 * pending notifications, send leases, heartbeats, Alertmanager endsAt, overdue status updates.
 * Not run here: each is a scalar subquery on its own partial index, which due.ts puts in one
 * statement with the other domains' (one round trip, not one per kind).
 */
export function earliestDueQueries(db: Queryable): DueQuery[] {
  return [
    db
      .selectFrom('incident_escalations')
      .select((eb) => eb.fn.min('due_at').as('t'))
      .where('due_at', 'is not', null),
    db
      .selectFrom('notifications')
      .select((eb) => eb.fn.min('run_at').as('t'))
      .where('status', '=', 'pending'),
    db
      .selectFrom('notifications')
      .select((eb) => eb.fn.min('locked_until').as('t'))
      .where('status', '=', 'sending'),
    db
      .selectFrom('heartbeats')
      .select((eb) => eb.fn.min('due_at').as('t'))
      .where('state', 'in', ['up', 'started']),
    db
      .selectFrom('alerts')
      .select((eb) => eb.fn.min('ends_at').as('t'))
      .where('ends_at', 'is not', null)
      .where('status', '<>', 'resolved'),
    // Open only: a stale due time left on a resolved incident would otherwise wake the engine
    // over and over for nothing (the reminders pass clears such times, but only when it runs).
    db
      .selectFrom('incidents')
      .select((eb) => eb.fn.min('next_update_due_at').as('t'))
      .where('next_update_due_at', 'is not', null)
      .where(OPEN_INCIDENT),
  ];
}

/** Runs due-time subqueries (`DueQuery`, from each domain's repository) as one statement, in order. */
export async function dueTimesOf(db: Queryable, queries: DueQuery[]): Promise<(number | null)[]> {
  const row: Record<string, unknown> = await db
    .selectNoFrom(queries.map((q, i) => q.as(`t${i}`)))
    .executeTakeFirstOrThrow();
  return queries.map((_, i) => {
    const t = row[`t${i}`];
    return t === null || t === undefined ? null : Number(t);
  });
}

interface DueScope {
  limit: number;
  /** PostgreSQL: FOR UPDATE SKIP LOCKED, so engines on several nodes take disjoint rows. */
  skipLocked: boolean;
}

/** Heartbeats of enabled integrations whose ping is overdue, with their integration. */
export function lockLateHeartbeats(db: Queryable, now: number, scope: DueScope) {
  return db
    .selectFrom('heartbeats')
    .innerJoin('integrations', 'integrations.id', 'heartbeats.integration_id')
    .select(['integrations.id', 'integrations.service_id', 'integrations.name', 'heartbeats.due_at'])
    .where('heartbeats.state', 'in', ['up', 'started'])
    .where('heartbeats.due_at', '<=', now)
    .where('integrations.disabled_at', 'is', null)
    .limit(scope.limit)
    .$if(scope.skipLocked, (q) => q.forUpdate('heartbeats').skipLocked())
    .execute();
}

export async function markHeartbeatsDown(db: Queryable, integrationIds: string[]): Promise<void> {
  await db
    .updateTable('heartbeats')
    .set({ state: 'down', due_at: null })
    .where('integration_id', 'in', integrationIds)
    .execute();
}

/** Unresolved alerts whose endsAt has passed. */
export function lockExpiredAlerts(db: Queryable, now: number, scope: DueScope) {
  return db
    .selectFrom('alerts')
    .select(['id', 'service_id', 'integration_id', 'dedup_key', 'ends_at'])
    .where('ends_at', '<=', now)
    .where('status', '<>', 'resolved')
    .limit(scope.limit)
    .$if(scope.skipLocked, (q) => q.forUpdate().skipLocked())
    .execute();
}

/** Open incidents counted by status, urgency and severity. */
export function countOpenIncidents(db: Queryable) {
  return db
    .selectFrom('incidents')
    .select(['status', 'urgency', 'severity', (eb) => eb.fn.countAll<string | number>().as('n')])
    .where(OPEN_INCIDENT)
    .groupBy(['status', 'urgency', 'severity'])
    .execute();
}
