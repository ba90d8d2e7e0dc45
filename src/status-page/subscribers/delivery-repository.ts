import type { DueQuery, Queryable } from '../../platform/db/connect.ts';
import type { Row } from '../../platform/db/tables.ts';

/**
 * SQL of the delivery worker (worker.ts): fanning updates out to subscribers and leasing the
 * deliveries. On PostgreSQL, SKIP LOCKED lets several engines share the rows without overlap.
 */

interface Scope {
  limit: number;
  skipLocked: boolean;
}

/** Updates not fanned out yet, oldest first, locked for this transaction. */
export function lockUnfannedUpdates(db: Queryable, scope: Scope) {
  return db
    .selectFrom('status_incident_updates')
    .select(['id', 'status_incident_id', 'deliver_notifications', 'affected_components'])
    .where('fanned_out_at', 'is', null)
    .orderBy('created_at')
    .limit(scope.limit)
    .$if(scope.skipLocked, (q) => q.forUpdate().skipLocked())
    .execute();
}

export async function markFannedOut(db: Queryable, ids: string[], now: number): Promise<void> {
  await db
    .updateTable('status_incident_updates')
    .set({ fanned_out_at: now })
    .where('id', 'in', ids)
    .execute();
}

/** The components each public incident affects. */
export async function incidentComponentIds(db: Queryable, statusIncidentIds: string[]) {
  if (statusIncidentIds.length === 0) return new Map<string, string[]>();
  const rows = await db
    .selectFrom('status_incident_components')
    .select(['status_incident_id', 'component_id'])
    .where('status_incident_id', 'in', statusIncidentIds)
    .execute();
  const out = new Map<string, string[]>();
  for (const r of rows)
    out.set(r.status_incident_id, [...(out.get(r.status_incident_id) ?? []), r.component_id]);
  return out;
}

export function confirmedSubscribers(db: Queryable) {
  return db
    .selectFrom('status_subscribers')
    .select(['id', 'component_ids'])
    .where('confirmed_at', 'is not', null)
    .where('quarantined_at', 'is', null)
    .orderBy('id')
    .execute();
}

/** Due deliveries (pending whose time came, or sends whose lease expired), locked for this transaction. */
export function lockDueDeliveries(db: Queryable, now: number, scope: Scope) {
  return db
    .selectFrom('status_deliveries')
    .select(['id', 'attempts'])
    .where((eb) =>
      eb.or([
        eb.and([eb('status', '=', 'pending'), eb('run_at', '<=', now)]),
        eb.and([eb('status', '=', 'sending'), eb('locked_until', '<=', now)]),
      ]),
    )
    .orderBy('run_at')
    .limit(scope.limit)
    .$if(scope.skipLocked, (q) => q.forUpdate().skipLocked())
    .execute();
}

export async function leaseDeliveries(
  db: Queryable,
  ids: string[],
  engineId: string,
  lockedUntil: number,
  now: number,
): Promise<void> {
  await db
    .updateTable('status_deliveries')
    .set((eb) => ({
      status: 'sending',
      attempts: eb('attempts', '+', 1),
      locked_by: engineId,
      locked_until: lockedUntil,
      updated_at: now,
    }))
    .where('id', 'in', ids)
    .execute();
}

/** The leased deliveries with their subscriber, as the sender needs them. */
export function findLeased(db: Queryable, ids: string[]) {
  return db
    .selectFrom('status_deliveries')
    .innerJoin('status_subscribers', 'status_subscribers.id', 'status_deliveries.subscriber_id')
    .select([
      'status_deliveries.id',
      'status_deliveries.kind',
      'status_deliveries.update_id',
      'status_deliveries.idempotency_key',
      'status_deliveries.attempts',
      'status_deliveries.subscriber_id',
      'status_subscribers.kind as subscriber_kind',
      'status_subscribers.address',
      'status_subscribers.secret_enc',
      'status_subscribers.quarantined_at',
    ])
    .where('status_deliveries.id', 'in', ids)
    .execute();
}
export type LeasedDelivery = Awaited<ReturnType<typeof findLeased>>[number];

/** What an attempt leaves on its delivery. */
export type Outcome = Pick<
  Row<'status_deliveries'>,
  'status' | 'run_at' | 'response_code' | 'last_error' | 'sent_at'
>;

/**
 * Records the outcome of an attempt if the lease is still ours (same engine, same attempt,
 * still sending): a send that outlived its lease is not recorded twice. False when lost.
 */
export async function recordOutcome(
  db: Queryable,
  lease: { id: string; engineId: string; attempt: number },
  outcome: Outcome,
  now: number,
): Promise<boolean> {
  const held = await db
    .updateTable('status_deliveries')
    .set({ ...outcome, locked_by: null, locked_until: null, updated_at: now })
    .where('id', '=', lease.id)
    .where('status', '=', 'sending')
    .where('locked_by', '=', lease.engineId)
    .where('attempts', '=', lease.attempt)
    .returning('id')
    .executeTakeFirst();
  return held !== undefined;
}

/** The updates, their public incidents, each incident's updates, for rendering. */
export function findUpdates(db: Queryable, ids: string[]) {
  return db.selectFrom('status_incident_updates').selectAll().where('id', 'in', ids).execute();
}

export function findPublicIncidents(db: Queryable, ids: string[]) {
  return db.selectFrom('status_incidents').selectAll().where('id', 'in', ids).execute();
}

export function updatesOfIncidents(db: Queryable, statusIncidentIds: string[]) {
  return db
    .selectFrom('status_incident_updates')
    .selectAll()
    .where('status_incident_id', 'in', statusIncidentIds)
    .orderBy('display_at', 'desc')
    .orderBy('id', 'desc')
    .execute();
}

export function componentsOfIncidents(db: Queryable, statusIncidentIds: string[]) {
  return db
    .selectFrom('status_incident_components')
    .innerJoin('status_components', 'status_components.id', 'status_incident_components.component_id')
    .select([
      'status_incident_components.status_incident_id',
      'status_components.id',
      'status_components.name',
      'status_components.status',
      'status_components.position',
    ])
    .where('status_incident_components.status_incident_id', 'in', statusIncidentIds)
    .orderBy('status_components.position')
    .execute();
}

/** The impacts of open public incidents (not maintenance): the page's status indicator. */
export async function openImpacts(db: Queryable): Promise<string[]> {
  const rows = await db
    .selectFrom('status_incidents')
    .select('impact')
    .where('kind', '=', 'incident')
    .where('resolved_at', 'is', null)
    .execute();
  return rows.map((r) => r.impact);
}

/** When the worker next has something to do: unfanned updates, due deliveries, expiring leases. */
export function statusDeliveryDueQueries(db: Queryable): DueQuery[] {
  return [
    db
      .selectFrom('status_incident_updates')
      .select((eb) => eb.fn.min('created_at').as('t'))
      .where('fanned_out_at', 'is', null),
    db
      .selectFrom('status_deliveries')
      .select((eb) => eb.fn.min('run_at').as('t'))
      .where('status', '=', 'pending'),
    db
      .selectFrom('status_deliveries')
      .select((eb) => eb.fn.min('locked_until').as('t'))
      .where('status', '=', 'sending'),
  ];
}
