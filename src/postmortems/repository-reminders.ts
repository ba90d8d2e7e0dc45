import type { Queryable } from '../platform/db/connect.ts';

/** SQL of the reminders to postmortem owners (src/postmortems/reminders.ts). */

/**
 * Unpublished postmortems due before `horizon` whose incident did not waive them and was not
 * merged into another (whose postmortem it shares then: its own is out of sight, src/incidents/merge.ts).
 * In id order: two engines take the reminder rows in one order, and cannot deadlock on them.
 */
export function dueCandidates(db: Queryable, horizon: number) {
  return db
    .selectFrom('postmortems')
    .innerJoin('incidents', 'incidents.id', 'postmortems.incident_id')
    .select([
      'postmortems.id',
      'postmortems.incident_id',
      'postmortems.title',
      'postmortems.due_at',
      'postmortems.owner_id',
      'postmortems.created_by',
      'incidents.number as incident_number',
    ])
    .where('postmortems.status', '!=', 'published')
    .where('postmortems.due_at', 'is not', null)
    .where('postmortems.due_at', '<', horizon)
    .where('incidents.postmortem_waived_reason', 'is', null)
    .where('incidents.merged_into_id', 'is', null)
    .orderBy('postmortems.id')
    .execute();
}

/** Active people among `ids`, with the zone their business hours are in. */
export function activePeople(db: Queryable, ids: string[]) {
  if (ids.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('users')
    .select(['id', 'name', 'time_zone'])
    .where('id', 'in', ids)
    .where('deactivated_at', 'is', null)
    .execute();
}

/**
 * Takes the reminder (postmortem, kind, day) unless someone has: of several engines racing,
 * exactly one inserts the row (the primary key), and only that one queues the notifications.
 */
export async function takePostmortemReminder(
  db: Queryable,
  r: { postmortemId: string; kind: 'due_soon' | 'overdue'; day: string },
  now: number,
): Promise<boolean> {
  const inserted = await db
    .insertInto('postmortem_reminders')
    .values({ postmortem_id: r.postmortemId, kind: r.kind, day: r.day, sent_at: now })
    .onConflict((oc) => oc.columns(['postmortem_id', 'kind', 'day']).doNothing())
    .returning('postmortem_id')
    .executeTakeFirst();
  return inserted !== undefined;
}
