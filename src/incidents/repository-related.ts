import type { Queryable } from '../platform/db/connect.ts';
import type { Row } from '../platform/db/tables.ts';

/**
 * The newest `limit` unmerged incidents created in [since, until], other than `exclude` (and
 * `alsoExclude`), newest first; only those on one of `serviceIds` (their own or an added one)
 * when given.
 */
export function recentIncidents(
  db: Queryable,
  opts: {
    exclude: string;
    alsoExclude: string | null;
    since: number;
    until: number;
    limit: number;
    serviceIds?: string[];
  },
): Promise<Row<'incidents'>[]> {
  let q = db
    .selectFrom('incidents')
    .selectAll()
    .where('id', '!=', opts.exclude)
    .where('merged_into_id', 'is', null)
    .where('created_at', '>=', opts.since)
    .where('created_at', '<=', opts.until);
  if (opts.alsoExclude !== null) q = q.where('id', '!=', opts.alsoExclude);
  q = q.orderBy('created_at', 'desc').orderBy('id', 'desc').limit(opts.limit);
  const services = opts.serviceIds;
  if (services !== undefined) {
    q = q.where((eb) =>
      eb.or([
        eb('service_id', 'in', services),
        eb(
          'id',
          'in',
          eb.selectFrom('incident_services').select('incident_id').where('service_id', 'in', services),
        ),
      ]),
    );
  }
  return q.execute();
}

/** The distinct label sets of the incident's alerts, at most `limit`. */
export function alertLabelSetsOf(db: Queryable, incidentId: string, limit: number) {
  return db
    .selectFrom('alerts')
    .select('labels')
    .distinct()
    .where('incident_id', '=', incidentId)
    .limit(limit)
    .execute();
}

/** The distinct (incident, label set) pairs of the incidents' alerts, at most `limit`, in one query. */
export function alertLabelSetsOfMany(db: Queryable, incidentIds: string[], limit: number) {
  return db
    .selectFrom('alerts')
    .select(['incident_id', 'labels'])
    .distinct()
    .where('incident_id', 'in', incidentIds)
    .limit(limit)
    .execute();
}
