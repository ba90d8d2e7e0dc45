import { type Expression, type ExpressionBuilder, type SqlBool } from 'kysely';
import { timelineOf } from '../timeline/repository.ts';
import type { Dialect, Queryable } from '../platform/db/connect.ts';
import { OPEN_INCIDENT } from '../platform/db/open-incident.ts';
import { NEWEST_FIRST, type PageQuery, paginate } from '../platform/db/paginate.ts';
import type { SeverityName } from '../platform/db/tables/severities.ts';
import type { AlertStatus } from '../platform/db/tables/ingest.ts';
import type { IncidentStatus, Urgency } from '../platform/db/tables/incidents.ts';
import type { Database, NewRow, RowPatch } from '../platform/db/tables.ts';
import { containsText } from '../platform/db/search.ts';

export interface IncidentFilter {
  /** The incident's own service or one of the others it affects. */
  serviceId?: string | undefined;
  /** Any of these statuses. */
  statuses?: IncidentStatus[] | undefined;
  severity?: SeverityName | undefined;
  urgency?: Urgency | undefined;
  since?: number | undefined;
  until?: number | undefined;
  /** On a service (its own or another it affects) that this team owns. */
  teamId?: string | undefined;
  /** Paged for it, one of the people it is reassigned to, or holding one of its roles now. */
  assignedTo?: string | undefined;
  /** In the title, case-insensitively, or the incident's number (`42`, `INC-42`). */
  text?: string | undefined;
}

/** The WHERE of a filter, shared by the list and the counts so the two always agree. */
function matching(eb: ExpressionBuilder<Database, 'incidents'>, f: IncidentFilter): Expression<SqlBool> {
  const all: Expression<SqlBool>[] = [];
  const onServices = (column: 'services.id' | 'services.team_id', value: string) => {
    const ids = eb.selectFrom('services').select('services.id').where(column, '=', value);
    return eb.or([
      eb('incidents.service_id', 'in', ids),
      eb(
        'incidents.id',
        'in',
        eb
          .selectFrom('incident_services')
          .select('incident_id')
          .where('incident_services.service_id', 'in', ids),
      ),
    ]);
  };
  if (f.serviceId !== undefined) all.push(onServices('services.id', f.serviceId));
  if (f.teamId !== undefined) all.push(onServices('services.team_id', f.teamId));
  if (f.statuses !== undefined && f.statuses.length > 0) all.push(eb('incidents.status', 'in', f.statuses));
  if (f.severity !== undefined) all.push(eb('incidents.severity', '=', f.severity));
  if (f.urgency !== undefined) all.push(eb('incidents.urgency', '=', f.urgency));
  if (f.since !== undefined) all.push(eb('incidents.created_at', '>=', f.since));
  if (f.until !== undefined) all.push(eb('incidents.created_at', '<', f.until));
  const userId = f.assignedTo;
  if (userId !== undefined) {
    all.push(
      eb.or([
        eb('incidents.id', 'in', eb.selectFrom('pages').select('incident_id').where('user_id', '=', userId)),
        eb(
          'incidents.id',
          'in',
          eb
            .selectFrom('incident_role_assignments')
            .select('incident_id')
            .where('user_id', '=', userId)
            .where('ended_at', 'is', null),
        ),
        eb(
          'incidents.id',
          'in',
          eb
            .selectFrom('incident_escalations')
            .select('incident_id')
            .where(containsText('incident_escalations.assignees', JSON.stringify(userId))),
        ),
      ]),
    );
  }
  const text = f.text?.trim();
  if (text !== undefined && text !== '') {
    const number = /^(?:INC-)?(\d{1,9})$/i.exec(text);
    all.push(
      eb.or([
        containsText('incidents.title', text),
        ...(number ? [eb('incidents.number', '=', Number(number[1]))] : []),
      ]),
    );
  }
  return eb.and(all);
}

export function listIncidents(db: Queryable, f: IncidentFilter, page: PageQuery) {
  return paginate(
    page,
    (after, take, k) => {
      let q = db
        .selectFrom('incidents')
        .selectAll()
        .where((eb) => matching(eb, f));
      if (after !== undefined) q = q.where('id', k.op, after);
      return q.orderBy('id', k.order).limit(take).execute();
    },
    NEWEST_FIRST,
  );
}

/** How many incidents match `f`, per status (statuses with none are left out). */
export async function countIncidentsByStatus(
  db: Queryable,
  f: IncidentFilter,
): Promise<{ status: IncidentStatus; count: number }[]> {
  const rows = await db
    .selectFrom('incidents')
    .select(['status', (eb) => eb.fn.countAll<number | string>().as('count')])
    .where((eb) => matching(eb, f))
    .groupBy('status')
    .execute();
  // PostgreSQL answers count(*) as a bigint string.
  return rows.map((r) => ({ status: r.status, count: Number(r.count) }));
}

/** By id, or by human reference (`INC-42` or `42`). */
/**
 * A number past what a JavaScript number holds exactly names no incident, and must not reach
 * PostgreSQL, whose bigint it can overflow (an error, answered 500, instead of "not found").
 */
const MAX_INCIDENT_NUMBER = Number.MAX_SAFE_INTEGER;

export function findIncident(db: Queryable, idOrRef: string) {
  const m = /^(?:INC-)?(\d+)$/i.exec(idOrRef);
  if (m && Number(m[1]) > MAX_INCIDENT_NUMBER) return Promise.resolve(undefined);
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

/** One entry of the incident's timeline; undefined when it is not (or no longer) the incident's. */
export function findTimelineEntry(db: Queryable, incidentId: string, entryId: string) {
  return db
    .selectFrom('incident_timeline')
    .selectAll()
    .where('id', '=', entryId)
    .where('incident_id', '=', incidentId)
    .executeTakeFirst();
}

/** Pins or unpins the entry while it is still the incident's; undefined when a merge moved it. */
export function setTimelineEntryPinned(db: Queryable, incidentId: string, entryId: string, pinned: boolean) {
  return db
    .updateTable('incident_timeline')
    .set({ pinned: pinned ? 1 : 0 })
    .where('id', '=', entryId)
    .where('incident_id', '=', incidentId)
    .returningAll()
    .executeTakeFirst();
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

/**
 * The services each incident affects besides its own (incident_services), by incident id, each
 * list in service id order; incidents with none are not in the map. The one read of that table:
 * presenting, editing, merging, relating and notifying all use it.
 */
export async function extraServicesOf(db: Queryable, incidentIds: string[]): Promise<Map<string, string[]>> {
  const out = new Map<string, string[]>();
  if (incidentIds.length === 0) return out;
  const rows = await db
    .selectFrom('incident_services')
    .select(['incident_id', 'service_id'])
    .where('incident_id', 'in', incidentIds)
    .orderBy('service_id')
    .execute();
  for (const r of rows) out.set(r.incident_id, [...(out.get(r.incident_id) ?? []), r.service_id]);
  return out;
}

export async function addIncidentServices(
  db: Queryable,
  incidentId: string,
  serviceIds: string[],
): Promise<void> {
  await db
    .insertInto('incident_services')
    .values(serviceIds.map((service_id) => ({ incident_id: incidentId, service_id })))
    .execute();
}

export async function removeIncidentServices(
  db: Queryable,
  incidentId: string,
  serviceIds: string[],
): Promise<void> {
  await db
    .deleteFrom('incident_services')
    .where('incident_id', '=', incidentId)
    .where('service_id', 'in', serviceIds)
    .execute();
}

export function insertIncident(db: Queryable, row: NewRow<'incidents'>) {
  return db.insertInto('incidents').values(row).returningAll().executeTakeFirstOrThrow();
}

/**
 * The incident row, locked on PostgreSQL until the transaction ends (SQLite has one writer
 * already), so the status the caller checks is the one its later UPDATE sees.
 */
export function lockIncidentRow(db: Queryable, dialect: Dialect, id: string) {
  return db
    .selectFrom('incidents')
    .selectAll()
    .where('id', '=', id)
    .$if(dialect === 'postgres', (q) => q.forUpdate())
    .executeTakeFirst();
}

/** The incident's human number, for naming it (`INC-n`) in a message. */
export async function incidentNumber(db: Queryable, id: string): Promise<number | undefined> {
  const row = await db.selectFrom('incidents').select('number').where('id', '=', id).executeTakeFirst();
  return row?.number;
}

/** Another open incident of the same service and group, which new alerts of the group join. */
export function otherOpenIncidentOfGroup(
  db: Queryable,
  incident: { id: string; service_id: string; group_key: string },
) {
  return db
    .selectFrom('incidents')
    .select('number')
    .where('service_id', '=', incident.service_id)
    .where('group_key', '=', incident.group_key)
    .where('id', '!=', incident.id)
    .where(OPEN_INCIDENT)
    .executeTakeFirst();
}

/**
 * Applies `patch` only while the incident is unmerged and in one of `from`: the conditional
 * UPDATE that makes a lifecycle action race-safe. Undefined when the incident moved on.
 */
export function updateIncidentIfStatusIn(
  db: Queryable,
  id: string,
  from: IncidentStatus[],
  patch: RowPatch<'incidents'>,
) {
  return db
    .updateTable('incidents')
    .set(patch)
    .where('id', '=', id)
    .where('status', 'in', from)
    .where('merged_into_id', 'is', null)
    .returningAll()
    .executeTakeFirst();
}

/** Applies `patch` only while the incident is unmerged and still `status`; undefined otherwise. */
export function updateIncidentIfStatus(
  db: Queryable,
  id: string,
  status: IncidentStatus,
  patch: RowPatch<'incidents'>,
) {
  return db
    .updateTable('incidents')
    .set(patch)
    .where('id', '=', id)
    .where('merged_into_id', 'is', null)
    .where('status', '=', status)
    .returningAll()
    .executeTakeFirst();
}

/** Plain touch: the caller holds the row's lock already. */
export async function touchIncident(db: Queryable, id: string, now: number): Promise<void> {
  await db.updateTable('incidents').set({ updated_at: now }).where('id', '=', id).execute();
}

/** The incident's alerts in `from` get `patch` (they follow an acknowledge or resolve). */
export async function updateIncidentAlerts(
  db: Queryable,
  incidentId: string,
  from: AlertStatus[],
  patch: RowPatch<'alerts'>,
): Promise<void> {
  await db
    .updateTable('alerts')
    .set(patch)
    .where('incident_id', '=', incidentId)
    .where('status', 'in', from)
    .execute();
}

/** The names of the services, in no particular order. */
export async function serviceNames(db: Queryable, ids: string[]): Promise<string[]> {
  return (await db.selectFrom('services').select('name').where('id', 'in', ids).execute()).map((s) => s.name);
}

/** The service's escalation policy; null when it has none or there is no such service. */
export async function servicePolicyId(db: Queryable, serviceId: string): Promise<string | null> {
  const service = await db
    .selectFrom('services')
    .select('escalation_policy_id')
    .where('id', '=', serviceId)
    .executeTakeFirst();
  return service?.escalation_policy_id ?? null;
}

/**
 * Whether the incident's postmortem (src/postmortems) is published. Read here, below the
 * postmortems layer, because closing asks it (act.ts) and postmortems build on incidents.
 */
export async function hasPublishedPostmortem(db: Queryable, incidentId: string): Promise<boolean> {
  const row = await db
    .selectFrom('postmortems')
    .select('id')
    .where('incident_id', '=', incidentId)
    .where('status', '=', 'published')
    .executeTakeFirst();
  return row !== undefined;
}

/** The incident's postmortem while it has no due date yet, for resolve to set one. */
export function postmortemWithoutDueDate(db: Queryable, incidentId: string) {
  return db
    .selectFrom('postmortems')
    .select(['id', 'time_zone'])
    .where('incident_id', '=', incidentId)
    .where('due_at', 'is', null)
    .executeTakeFirst();
}

export async function setPostmortemDueAt(db: Queryable, id: string, dueAt: number): Promise<void> {
  await db
    .updateTable('postmortems')
    .set({ due_at: dueAt })
    .where('id', '=', id)
    .where('due_at', 'is', null)
    .execute();
}
