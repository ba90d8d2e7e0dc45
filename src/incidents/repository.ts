import { timelineOf } from '../timeline/repository.ts';
import type { Dialect, Queryable } from '../platform/db/connect.ts';
import { NEWEST_FIRST, type PageQuery, paginate } from '../platform/db/paginate.ts';
import type { SeverityName } from '../platform/db/tables/severities.ts';
import type { IncidentStatus, Urgency } from '../platform/db/tables/incidents.ts';
import type { RowPatch } from '../platform/db/tables.ts';

export interface IncidentFilter {
  /** The incident's own service or one of the others it affects. */
  serviceId?: string | undefined;
  status?: IncidentStatus | undefined;
  severity?: SeverityName | undefined;
  urgency?: Urgency | undefined;
  since?: number | undefined;
  until?: number | undefined;
}

export function listIncidents(db: Queryable, f: IncidentFilter, page: PageQuery) {
  return paginate(
    page,
    (after, take, k) => {
      let q = db.selectFrom('incidents').selectAll();
      const serviceId = f.serviceId;
      if (serviceId !== undefined) {
        q = q.where((eb) =>
          eb.or([
            eb('service_id', '=', serviceId),
            eb(
              'id',
              'in',
              eb.selectFrom('incident_services').select('incident_id').where('service_id', '=', serviceId),
            ),
          ]),
        );
      }
      if (f.status !== undefined) q = q.where('status', '=', f.status);
      if (f.severity !== undefined) q = q.where('severity', '=', f.severity);
      if (f.urgency !== undefined) q = q.where('urgency', '=', f.urgency);
      if (f.since !== undefined) q = q.where('created_at', '>=', f.since);
      if (f.until !== undefined) q = q.where('created_at', '<', f.until);
      if (after !== undefined) q = q.where('id', k.op, after);
      return q.orderBy('id', k.order).limit(take).execute();
    },
    NEWEST_FIRST,
  );
}

/** By id, or by human reference (`INC-42` or `42`). */
export function findIncident(db: Queryable, idOrRef: string) {
  const m = /^(?:INC-)?(\d+)$/i.exec(idOrRef);
  const q = db.selectFrom('incidents').selectAll();
  return (m ? q.where('number', '=', Number(m[1])) : q.where('id', '=', idOrRef)).executeTakeFirst();
}

/**
 * The incident, made triggered if it is in one of `from`; undefined when it is not (the caller
 * answers 409). On PostgreSQL the UPDATE also locks the row, so a concurrent acknowledge or
 * resolve waits for this transaction instead of interleaving with it.
 */
export function retriggerIncident(db: Queryable, id: string, from: IncidentStatus[], now: number) {
  return db
    .updateTable('incidents')
    .set({ status: 'triggered', updated_at: now })
    .where('id', '=', id)
    .where('status', 'in', from)
    .returningAll()
    .executeTakeFirst();
}

/** Touches an incident only if it is still `status`: the check-and-lock for actions that keep the status. */
export function touchIncidentIf(db: Queryable, id: string, status: IncidentStatus, now: number) {
  return db
    .updateTable('incidents')
    .set({ updated_at: now })
    .where('id', '=', id)
    .where('status', '=', status)
    .returningAll()
    .executeTakeFirst();
}

/**
 * The incident's escalation row, locked on PostgreSQL so a responder action reads the position
 * the engine last wrote (the engine locks it while firing) rather than a stale one.
 */
export function lockEscalation(db: Queryable, dialect: Dialect, incidentId: string) {
  return db
    .selectFrom('incident_escalations')
    .selectAll()
    .where('incident_id', '=', incidentId)
    .$if(dialect === 'postgres', (q) => q.forUpdate())
    .executeTakeFirst();
}

export async function updateEscalation(
  db: Queryable,
  incidentId: string,
  patch: RowPatch<'incident_escalations'>,
): Promise<void> {
  await db.updateTable('incident_escalations').set(patch).where('incident_id', '=', incidentId).execute();
}

/**
 * Points the incident's escalation at new targets, starting over at level 1 now. `step` is kept:
 * pages are unique per step, so restarting it would collide with pages already sent.
 */
export async function upsertEscalation(
  db: Queryable,
  incidentId: string,
  target: { policy_id: string | null; assignees: string | null },
  now: number,
): Promise<void> {
  const fresh = { ...target, state: 'active' as const, level: 0, round: 0, due_at: now, snoozed_until: null };
  await db
    .insertInto('incident_escalations')
    .values({ incident_id: incidentId, ...fresh, step: 0, updated_at: now })
    .onConflict((oc) => oc.column('incident_id').doUpdateSet({ ...fresh, updated_at: now }))
    .execute();
}

export function usersByIds(db: Queryable, ids: string[]) {
  return db.selectFrom('users').select(['id', 'name']).where('id', 'in', ids).execute();
}

export function policyById(db: Queryable, id: string) {
  return db.selectFrom('escalation_policies').select(['id', 'name']).where('id', '=', id).executeTakeFirst();
}

/** The timeline reads as a story: oldest first unless `?order=desc`. */
export function timelinePage(db: Queryable, incidentId: string, page: PageQuery, pinned?: boolean) {
  return paginate(page, (after, take, k) => timelineOf(db, incidentId, after, take, pinned, k));
}

/** A page of notifications, newest first, for one incident or one user. */
export function notificationsPage(
  db: Queryable,
  of: { incidentId: string } | { userId: string },
  page: PageQuery,
) {
  return paginate(
    page,
    (after, take, k) => {
      let q = db.selectFrom('notifications').selectAll();
      q =
        'incidentId' in of ? q.where('incident_id', '=', of.incidentId) : q.where('user_id', '=', of.userId);
      if (after !== undefined) q = q.where('id', k.op, after);
      return q.orderBy('id', k.order).limit(take).execute();
    },
    NEWEST_FIRST,
  );
}

export async function attemptsOf(db: Queryable, notificationIds: string[]) {
  if (notificationIds.length === 0) return [];
  return db
    .selectFrom('notification_attempts')
    .selectAll()
    .where('notification_id', 'in', notificationIds)
    .orderBy('notification_id')
    .orderBy('attempt')
    .execute();
}

/** The services an incident affects besides its own, for presenting it. */
export async function extraServiceIds(db: Queryable, incidentId: string): Promise<string[]> {
  const rows = await db
    .selectFrom('incident_services')
    .select('service_id')
    .where('incident_id', '=', incidentId)
    .orderBy('service_id')
    .execute();
  return rows.map((r) => r.service_id);
}
