import type { Queryable } from '../platform/db/connect.ts';
import type { Row } from '../platform/db/tables.ts';

/**
 * The reads behind a page of services' status (status.ts): each takes every service (or policy,
 * schedule, team) of the page at once, so the list costs the same few queries for 1 or 500
 * services. They read other domains' tables, which sit above this one, by SQL only.
 */

const OPEN = ['triggered', 'acknowledged', 'mitigated'] as const;

/**
 * Each (service, incident, status) where the incident affects the service: as its own service
 * (`incidents.service_id`) or as another one it affects (`incident_services`). UNION drops the
 * pair listed both ways, so each incident counts once per service.
 */
function affecting(db: Queryable, serviceIds: string[]) {
  return db
    .selectFrom('incidents')
    .select([
      'incidents.service_id as service_id',
      'incidents.id as incident_id',
      'incidents.status as status',
    ])
    .where('incidents.service_id', 'in', serviceIds)
    .union(
      db
        .selectFrom('incident_services')
        .innerJoin('incidents', 'incidents.id', 'incident_services.incident_id')
        .select([
          'incident_services.service_id as service_id',
          'incidents.id as incident_id',
          'incidents.status as status',
        ])
        .where('incident_services.service_id', 'in', serviceIds),
    )
    .as('affecting');
}

export async function openIncidentCounts(db: Queryable, serviceIds: string[]): Promise<Map<string, number>> {
  if (serviceIds.length === 0) return new Map();
  const rows = await db
    .selectFrom(affecting(db, serviceIds))
    .select(['affecting.service_id', (eb) => eb.fn.countAll<number | string>().as('n')])
    .where('affecting.status', 'in', OPEN)
    .groupBy('affecting.service_id')
    .execute();
  return new Map(rows.map((r) => [r.service_id, Number(r.n)]));
}

/**
 * When each service last heard of an alert: its newest alert's receive time, or later, an open
 * alert's last repeat (a long-firing alert re-sent every minute folds into one row and moves
 * only its last_seen_at). The newest is found as the greatest id (ids are time-sorted), which the
 * (service_id, id) index answers; open alerts through the partial open-dedup index.
 */
export async function lastAlertTimes(db: Queryable, serviceIds: string[]): Promise<Map<string, number>> {
  if (serviceIds.length === 0) return new Map();
  const newest = db
    .selectFrom('alerts')
    .select((eb) => eb.fn.max('id').as('id'))
    .where('service_id', 'in', serviceIds)
    .groupBy('service_id');
  const rows = await db
    .selectFrom('alerts')
    .select(['service_id', 'received_at'])
    .where('id', 'in', newest)
    .execute();
  const repeats = await db
    .selectFrom('alerts')
    .select((eb) => ['service_id', eb.fn.max('last_seen_at').as('at')])
    .where('service_id', 'in', serviceIds)
    .where('status', '<>', 'resolved')
    .groupBy('service_id')
    .execute();
  const last = new Map(rows.map((r) => [r.service_id, Number(r.received_at)]));
  for (const r of repeats) {
    const at = Number(r.at);
    if (at > (last.get(r.service_id) ?? -Infinity)) last.set(r.service_id, at);
  }
  return last;
}

export function schedulesByIds(db: Queryable, ids: string[]): Promise<Row<'schedules'>[]> {
  if (ids.length === 0) return Promise.resolve([]);
  return db.selectFrom('schedules').selectAll().where('id', 'in', ids).execute();
}

export function teamNamesByIds(db: Queryable, ids: string[]): Promise<{ id: string; name: string }[]> {
  if (ids.length === 0) return Promise.resolve([]);
  return db.selectFrom('teams').select(['id', 'name']).where('id', 'in', ids).execute();
}

/** Names of the active users among `ids`: deactivated ones are never paged (escalation/targets.ts). */
export function activeUserNames(db: Queryable, ids: string[]): Promise<{ id: string; name: string }[]> {
  if (ids.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('users')
    .select(['id', 'name'])
    .where('id', 'in', ids)
    .where('deactivated_at', 'is', null)
    .execute();
}

/**
 * For the delete refusal: incidents keep their service (no cascade), open or not; an incident
 * that also affects it would lose it from its history (incident_services cascades), so counts.
 */
export async function incidentCountsOf(
  db: Queryable,
  serviceId: string,
): Promise<{ total: number; open: number }> {
  const rows = await db
    .selectFrom(affecting(db, [serviceId]))
    .select(['affecting.status', (eb) => eb.fn.countAll<number | string>().as('n')])
    .groupBy('affecting.status')
    .execute();
  let total = 0;
  let open = 0;
  for (const r of rows) {
    total += Number(r.n);
    if ((OPEN as readonly string[]).includes(r.status)) open += Number(r.n);
  }
  return { total, open };
}
