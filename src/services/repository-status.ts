import type { Queryable } from '../platform/db/connect.ts';
import type { Row } from '../platform/db/tables.ts';

/**
 * The reads behind a page of services' status (status.ts): each takes every service (or policy,
 * schedule, team) of the page at once, so the list costs the same few queries for 1 or 500
 * services. They read other domains' tables, which sit above this one, by SQL only.
 */

const OPEN = ['triggered', 'acknowledged', 'mitigated'] as const;

export async function openIncidentCounts(db: Queryable, serviceIds: string[]): Promise<Map<string, number>> {
  if (serviceIds.length === 0) return new Map();
  const rows = await db
    .selectFrom('incidents')
    .select(['service_id', (eb) => eb.fn.countAll<number | string>().as('n')])
    .where('service_id', 'in', serviceIds)
    .where('status', 'in', OPEN)
    .groupBy('service_id')
    .execute();
  return new Map(rows.map((r) => [r.service_id, Number(r.n)]));
}

/**
 * Each service's newest alert's receive time. The newest is found as the greatest id (ids are
 * time-sorted), which the (service_id, id) index answers without reading the alerts themselves.
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
  return new Map(rows.map((r) => [r.service_id, Number(r.received_at)]));
}

export function schedulesByIds(db: Queryable, ids: string[]): Promise<Row<'schedules'>[]> {
  if (ids.length === 0) return Promise.resolve([]);
  return db.selectFrom('schedules').selectAll().where('id', 'in', ids).execute();
}

export function namesByIds(
  db: Queryable,
  table: 'users' | 'teams',
  ids: string[],
): Promise<{ id: string; name: string }[]> {
  if (ids.length === 0) return Promise.resolve([]);
  return db.selectFrom(table).select(['id', 'name']).where('id', 'in', ids).execute();
}

/** For the delete refusal: incidents keep their service (no cascade), open or not. */
export async function incidentCountsOf(
  db: Queryable,
  serviceId: string,
): Promise<{ total: number; open: number }> {
  const rows = await db
    .selectFrom('incidents')
    .select(['status', (eb) => eb.fn.countAll<number | string>().as('n')])
    .where('service_id', '=', serviceId)
    .groupBy('status')
    .execute();
  let total = 0;
  let open = 0;
  for (const r of rows) {
    total += Number(r.n);
    if ((OPEN as readonly string[]).includes(r.status)) open += Number(r.n);
  }
  return { total, open };
}
