import type { Queryable } from '../platform/db/connect.ts';
import type { Row } from '../platform/db/tables.ts';

/** The services a scope sees, as Alertmanager receivers: name, grouping, the policy that pages. */
export interface ReceiverService {
  id: string;
  name: string;
  alert_grouping: string | null;
  policy_name: string | null;
}

export function receiverServices(db: Queryable, serviceId: string | undefined): Promise<ReceiverService[]> {
  let q = db
    .selectFrom('services')
    .leftJoin('escalation_policies', 'escalation_policies.id', 'services.escalation_policy_id')
    .select([
      'services.id',
      'services.name',
      'services.alert_grouping',
      'escalation_policies.name as policy_name',
    ]);
  if (serviceId !== undefined) q = q.where('services.id', '=', serviceId);
  return q.orderBy('services.id').execute();
}

/**
 * Silences for Alertmanager's list: not ended before `endedAfter` (its retention of expired
 * silences); with a service, those scoped to it or to no service.
 */
export function silencesForApi(
  db: Queryable,
  f: { serviceId: string | undefined; endedAfter: number },
): Promise<Row<'silences'>[]> {
  let q = db.selectFrom('silences').selectAll().where('ends_at', '>', f.endedAfter);
  const serviceId = f.serviceId;
  if (serviceId !== undefined)
    q = q.where((eb) => eb.or([eb('service_id', '=', serviceId), eb('service_id', 'is', null)]));
  return q.orderBy('id').execute();
}

/** The columns Alertmanager's view of an alert needs. */
export type OpenAlert = Pick<
  Row<'alerts'>,
  | 'id'
  | 'service_id'
  | 'dedup_key'
  | 'summary'
  | 'labels'
  | 'details'
  | 'links'
  | 'started_at'
  | 'last_seen_at'
  | 'ends_at'
>;

/**
 * One batch of open (not resolved) alerts after `after` in (service, dedup key) order; of one
 * service when given. That order is the partial index of open alerts (alerts_open_dedup), so a
 * read costs the open alerts, not the table's resolved history. Only the columns the view needs:
 * a dashboard may read 10,000 of them every few seconds.
 */
export function openAlertBatch(
  db: Queryable,
  f: {
    serviceId: string | undefined;
    after: { service_id: string; dedup_key: string } | undefined;
    take: number;
  },
): Promise<OpenAlert[]> {
  let q = db
    .selectFrom('alerts')
    .select([
      'id',
      'service_id',
      'dedup_key',
      'summary',
      'labels',
      'details',
      'links',
      'started_at',
      'last_seen_at',
      'ends_at',
    ])
    .where('status', '<>', 'resolved');
  if (f.serviceId !== undefined) q = q.where('service_id', '=', f.serviceId);
  const after = f.after;
  if (after !== undefined)
    q = q.where((eb) =>
      eb(eb.refTuple('service_id', 'dedup_key'), '>', eb.tuple(after.service_id, after.dedup_key)),
    );
  return q.orderBy('service_id').orderBy('dedup_key').limit(f.take).execute();
}
