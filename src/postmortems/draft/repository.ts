import type { Queryable } from '../../platform/db/connect.ts';
import type { KeyEntryRow } from './key-events.ts';

/**
 * The reads a postmortem draft makes of the incident's tables (incidents, services, timeline,
 * role assignments, users, alerts). It only reads: drafting never changes the incident.
 */

export function incidentRow(db: Queryable, id: string) {
  return db.selectFrom('incidents').selectAll().where('id', '=', id).executeTakeFirst();
}

/** The incident's own service first, then the others it affects, by name. */
export async function incidentServiceNames(
  db: Queryable,
  incidentId: string,
  primaryId: string,
): Promise<string[]> {
  const rows = await db
    .selectFrom('services')
    .select(['id', 'name'])
    .where((eb) =>
      eb.or([
        eb('id', '=', primaryId),
        eb(
          'id',
          'in',
          eb.selectFrom('incident_services').select('service_id').where('incident_id', '=', incidentId),
        ),
      ]),
    )
    .orderBy('name')
    .execute();
  const primary = rows.filter((r) => r.id === primaryId);
  return [...primary, ...rows.filter((r) => r.id !== primaryId)].map((r) => r.name);
}

const KEY_COLUMNS = ['id', 'at', 'kind', 'actor', 'message', 'pinned'] as const;

/** Pinned entries and those of `kinds`, oldest first, at most `limit`. */
export function timelineEntriesOf(
  db: Queryable,
  incidentId: string,
  kinds: readonly string[],
  limit: number,
): Promise<KeyEntryRow[]> {
  return db
    .selectFrom('incident_timeline')
    .select(KEY_COLUMNS)
    .where('incident_id', '=', incidentId)
    .where((eb) => eb.or([eb('pinned', '=', 1), eb('kind', 'in', [...kinds])]))
    .orderBy('at')
    .orderBy('id')
    .limit(limit)
    .execute();
}

/** The earliest entry of one of `kinds`. */
export function firstTimelineEntry(
  db: Queryable,
  incidentId: string,
  kinds: readonly string[],
): Promise<KeyEntryRow | undefined> {
  return db
    .selectFrom('incident_timeline')
    .select(KEY_COLUMNS)
    .where('incident_id', '=', incidentId)
    .where('kind', 'in', [...kinds])
    .orderBy('at')
    .orderBy('id')
    .limit(1)
    .executeTakeFirst();
}

/**
 * Every stored actor reference that may name a person (`user:usr_...`, and bare user ids from
 * before references existed): whoever wrote anything on the timeline took part.
 */
export async function timelineActorRefs(db: Queryable, incidentId: string): Promise<string[]> {
  const rows = await db
    .selectFrom('incident_timeline')
    .select('actor')
    .distinct()
    .where('incident_id', '=', incidentId)
    // `_` is a LIKE wildcard: the pattern may match a little more, and actorUserIds() keeps only real ids.
    .where((eb) => eb.or([eb('actor', 'like', 'user:%'), eb('actor', 'like', 'usr_%')]))
    .execute();
  return rows.map((r) => r.actor);
}

/** Every role assignment of the incident, oldest first, with the role's name (the slug when the type was deleted). */
export function roleAssignmentsOf(db: Queryable, incidentId: string) {
  return db
    .selectFrom('incident_role_assignments as a')
    .leftJoin('incident_role_types as t', 't.slug', 'a.role')
    .select(['a.id', 'a.role', 'a.user_id', 'a.assigned_at', 'a.ended_at', 't.name as role_name'])
    .where('a.incident_id', '=', incidentId)
    .orderBy('a.assigned_at')
    .orderBy('a.id')
    .execute();
}

export function peopleByIds(db: Queryable, ids: string[]) {
  if (ids.length === 0) return Promise.resolve([]);
  return db.selectFrom('users').select(['id', 'name', 'time_zone']).where('id', 'in', ids).execute();
}

/** The incident's alerts by when they started, earliest first, at most `limit`. */
export function linkedAlerts(db: Queryable, incidentId: string, limit: number) {
  return db
    .selectFrom('alerts')
    .select(['id', 'summary', 'source', 'severity', 'status', 'started_at'])
    .where('incident_id', '=', incidentId)
    .orderBy('started_at')
    .orderBy('id')
    .limit(limit)
    .execute();
}

/** The incident's action items with their owners' names, oldest first. */
export function actionItemsOf(db: Queryable, incidentId: string) {
  return db
    .selectFrom('action_items')
    .leftJoin('users', 'users.id', 'action_items.owner_id')
    .select([
      'action_items.title',
      'users.name as owner',
      'action_items.due_date',
      'action_items.priority',
      'action_items.status',
    ])
    .where('action_items.incident_id', '=', incidentId)
    .orderBy('action_items.created_at')
    .orderBy('action_items.id')
    .execute();
}
