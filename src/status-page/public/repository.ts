import type { Queryable } from '../../platform/db/connect.ts';
import type { Row } from '../../platform/db/tables.ts';

/**
 * Every read of the public page (the SQL of src/status-page/public). Reads only: the public side
 * never writes a status table. Rows come back whole; what may leave goes through statuspage-v2.ts,
 * which names each public field.
 */

export type ComponentRow = Row<'status_components'>;
export type GroupRow = Row<'status_component_groups'>;
export type IncidentRow = Row<'status_incidents'>;
export type UpdateRow = Row<'status_incident_updates'>;
export type ChangeRow = Pick<Row<'status_component_changes'>, 'component_id' | 'status' | 'at'>;
export type IncidentComponentRow = Row<'status_incident_components'>;

export const OPEN_INCIDENT = ['investigating', 'identified', 'monitoring'] as const;
export const UPCOMING_MAINTENANCE = ['scheduled'] as const;
export const ACTIVE_MAINTENANCE = ['in_progress', 'verifying'] as const;

/**
 * A cheap "has anything on the page changed?": the newest updated_at and the row count of each
 * status table and of the page's settings, in one statement (one snapshot on PostgreSQL). Every
 * write of part A bumps an updated_at (a component's status change bumps the component's); the
 * counts catch deletions. Served from indexes/small tables: run every ~500 ms per node at most.
 */
export async function readFingerprint(db: Queryable): Promise<string> {
  const row = await db
    .selectNoFrom((eb) => [
      eb
        .selectFrom('status_components')
        .select((s) => s.fn.max('updated_at').as('m'))
        .as('c_max'),
      eb.selectFrom('status_components').select(eb.fn.countAll<string | number>().as('n')).as('c_n'),
      eb
        .selectFrom('status_component_groups')
        .select((s) => s.fn.max('updated_at').as('m'))
        .as('g_max'),
      eb.selectFrom('status_component_groups').select(eb.fn.countAll<string | number>().as('n')).as('g_n'),
      eb
        .selectFrom('status_incidents')
        .select((s) => s.fn.max('updated_at').as('m'))
        .as('i_max'),
      eb.selectFrom('status_incidents').select(eb.fn.countAll<string | number>().as('n')).as('i_n'),
      eb
        .selectFrom('status_incident_updates')
        .select((s) => s.fn.max('updated_at').as('m'))
        .as('u_max'),
      eb.selectFrom('status_incident_updates').select(eb.fn.countAll<string | number>().as('n')).as('u_n'),
      eb
        .selectFrom('status_incident_components')
        .select(eb.fn.countAll<string | number>().as('n'))
        .as('ic_n'),
      eb.selectFrom('settings').select('updated_at').where('key', '=', 'status_page').as('s_at'),
    ])
    .executeTakeFirstOrThrow();
  return Object.values(row)
    .map((v) => (v === null ? '-' : String(Number(v))))
    .join(':');
}

export function listComponents(db: Queryable): Promise<ComponentRow[]> {
  return db.selectFrom('status_components').selectAll().orderBy('position').orderBy('name').execute();
}

export function listGroups(db: Queryable): Promise<GroupRow[]> {
  return db.selectFrom('status_component_groups').selectAll().orderBy('position').orderBy('name').execute();
}

/**
 * The status history the uptime bars need: every change since `since`, and for each component
 * the last change before it (the status the window starts in).
 */
export async function listChangesSince(db: Queryable, since: number): Promise<ChangeRow[]> {
  const recent = await db
    .selectFrom('status_component_changes')
    .select(['component_id', 'status', 'at'])
    .where('at', '>=', since)
    .orderBy('at')
    .orderBy('id')
    .execute();
  const before = await db
    .selectFrom('status_component_changes as c')
    .select(['c.component_id', 'c.status', 'c.at'])
    .where('c.at', '<', since)
    .where((eb) =>
      eb(
        'c.at',
        '=',
        eb
          .selectFrom('status_component_changes as p')
          .select(({ fn }) => fn.max('p.at').as('m'))
          .whereRef('p.component_id', '=', 'c.component_id')
          .where('p.at', '<', since),
      ),
    )
    .execute();
  return [...before, ...recent];
}

/** Incidents or maintenances still open (unresolved / not completed), newest first. */
export function listOpen(db: Queryable, kind: IncidentRow['kind']): Promise<IncidentRow[]> {
  const statuses = kind === 'incident' ? OPEN_INCIDENT : [...UPCOMING_MAINTENANCE, ...ACTIVE_MAINTENANCE];
  return db
    .selectFrom('status_incidents')
    .selectAll()
    .where('kind', '=', kind)
    .where('status', 'in', statuses)
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .execute();
}

/** The newest `limit` of a kind (Statuspage's incidents.json lists the 50 most recent). */
export function listRecent(db: Queryable, kind: IncidentRow['kind'], limit: number): Promise<IncidentRow[]> {
  return db
    .selectFrom('status_incidents')
    .selectAll()
    .where('kind', '=', kind)
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .limit(limit)
    .execute();
}

/** One page of the history (both kinds), newest first; one more row than asked tells a next page exists. */
export function listHistoryPage(db: Queryable, offset: number, limit: number): Promise<IncidentRow[]> {
  return db
    .selectFrom('status_incidents')
    .selectAll()
    .orderBy('started_at', 'desc')
    .orderBy('id', 'desc')
    .offset(offset)
    .limit(limit)
    .execute();
}

export function findIncident(db: Queryable, id: string): Promise<IncidentRow | undefined> {
  return db.selectFrom('status_incidents').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function listUpdates(db: Queryable, incidentIds: string[]): Promise<UpdateRow[]> {
  if (incidentIds.length === 0) return [];
  return db
    .selectFrom('status_incident_updates')
    .selectAll()
    .where('status_incident_id', 'in', incidentIds)
    .orderBy('display_at', 'desc')
    .orderBy('id', 'desc')
    .execute();
}

export async function listIncidentComponents(
  db: Queryable,
  incidentIds: string[],
): Promise<IncidentComponentRow[]> {
  if (incidentIds.length === 0) return [];
  return db
    .selectFrom('status_incident_components')
    .selectAll()
    .where('status_incident_id', 'in', incidentIds)
    .execute();
}
