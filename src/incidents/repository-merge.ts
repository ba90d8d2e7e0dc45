import type { Dialect, Queryable } from '../platform/db/connect.ts';
import type { RowPatch } from '../platform/db/tables.ts';

/**
 * The incidents, locked on PostgreSQL in id order, so two merges over overlapping incidents
 * take their locks in one order and cannot deadlock.
 */
export function lockIncidentsInOrder(db: Queryable, dialect: Dialect, ids: string[]) {
  return db
    .selectFrom('incidents')
    .selectAll()
    .where('id', 'in', ids)
    .orderBy('id')
    .$if(dialect === 'postgres', (q) => q.forUpdate())
    .execute();
}

/** Moves every alert of one incident to another; how many moved. */
export async function moveAlerts(db: Queryable, fromId: string, toId: string): Promise<number> {
  const res = await db
    .updateTable('alerts')
    .set({ incident_id: toId })
    .where('incident_id', '=', fromId)
    .executeTakeFirst();
  return Number(res.numUpdatedRows);
}

/**
 * Moves one incident's action items to another (they follow the work, src/action-items); how
 * many moved. Their owners' reminder days go with them, keyed by item.
 */
export async function moveActionItems(db: Queryable, fromId: string, toId: string): Promise<number> {
  const res = await db
    .updateTable('action_items')
    .set({ incident_id: toId })
    .where('incident_id', '=', fromId)
    .executeTakeFirst();
  return Number(res.numUpdatedRows);
}

/**
 * Moves one incident's postmortem to another that has none (src/postmortems: one per incident, a
 * merged incident shares its survivor's); when both have one, each keeps its own. Whether it moved.
 */
export async function movePostmortemIfNone(db: Queryable, fromId: string, toId: string): Promise<boolean> {
  const res = await db
    .updateTable('postmortems')
    .set({ incident_id: toId })
    .where('incident_id', '=', fromId)
    .where((eb) =>
      eb.not(
        eb.exists(
          eb.selectFrom('postmortems as other').select('other.id').where('other.incident_id', '=', toId),
        ),
      ),
    )
    .executeTakeFirst();
  return Number(res.numUpdatedRows) > 0;
}

/** Moves one incident's timeline entries, all but `keep`, to another (keeping their ids); how many moved. */
export async function moveTimelineEntries(
  db: Queryable,
  fromId: string,
  toId: string,
  keep: string[],
): Promise<number> {
  const res = await db
    .updateTable('incident_timeline')
    .set({ incident_id: toId })
    .where('incident_id', '=', fromId)
    .$if(keep.length > 0, (q) => q.where('id', 'not in', keep))
    .executeTakeFirst();
  return Number(res.numUpdatedRows);
}

/** The `recent_change` timeline entries of the incidents. */
export function recentChangeEntriesOf(db: Queryable, incidentIds: string[]) {
  return db
    .selectFrom('incident_timeline')
    .select(['id', 'incident_id', 'data'])
    .where('incident_id', 'in', incidentIds)
    .where('kind', '=', 'recent_change')
    .execute();
}

/**
 * Applies `patch` only while the incident is neither merged nor closed: one conditional UPDATE,
 * so a merge racing a close or another merge changes nothing. Undefined when it no longer may.
 */
export function updateMergeableIncident(db: Queryable, id: string, patch: RowPatch<'incidents'>) {
  return db
    .updateTable('incidents')
    .set(patch)
    .where('id', '=', id)
    .where('merged_into_id', 'is', null)
    .where('status', '!=', 'closed')
    .returningAll()
    .executeTakeFirst();
}
