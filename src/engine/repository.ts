import { OPEN_INCIDENT } from '../platform/db/open-incident.ts';
import type { Queryable } from '../platform/db/connect.ts';

/**
 * SQL of the engine's own passes: when anything is next due, the timers' due rows (heartbeats,
 * alerts past endsAt) and the metrics read at scrape time. The engine reads other domains'
 * tables here because a timer pass locks their rows in its own transaction.
 */

/**
 * The earliest due time of each kind of scheduled work, null where none: escalation steps,
 * pending notifications, send leases, heartbeats, Alertmanager endsAt, overdue status updates.
 * Six reads started together, each on its own partial index.
 */
export async function earliestDueTimes(db: Queryable): Promise<(number | string | null | undefined)[]> {
  const times = await Promise.all([
    db
      .selectFrom('incident_escalations')
      .select((eb) => eb.fn.min('due_at').as('t'))
      .where('due_at', 'is not', null)
      .executeTakeFirst(),
    db
      .selectFrom('notifications')
      .select((eb) => eb.fn.min('run_at').as('t'))
      .where('status', '=', 'pending')
      .executeTakeFirst(),
    db
      .selectFrom('notifications')
      .select((eb) => eb.fn.min('locked_until').as('t'))
      .where('status', '=', 'sending')
      .executeTakeFirst(),
    db
      .selectFrom('heartbeats')
      .select((eb) => eb.fn.min('due_at').as('t'))
      .where('state', 'in', ['up', 'started'])
      .executeTakeFirst(),
    db
      .selectFrom('alerts')
      .select((eb) => eb.fn.min('ends_at').as('t'))
      .where('ends_at', 'is not', null)
      .where('status', '<>', 'resolved')
      .executeTakeFirst(),
    // Open only: a stale due time left on a resolved incident would otherwise wake the engine
    // over and over for nothing (the reminders pass clears such times, but only when it runs).
    db
      .selectFrom('incidents')
      .select((eb) => eb.fn.min('next_update_due_at').as('t'))
      .where('next_update_due_at', 'is not', null)
      .where(OPEN_INCIDENT)
      .executeTakeFirst(),
  ]);
  return times.map((r) => r?.t);
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
