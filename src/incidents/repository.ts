import type { Queryable } from '../platform/db/connect.ts';
import { type PageQuery, paginate } from '../platform/db/paginate.ts';
import type { IncidentStatus, Urgency } from '../platform/db/tables-ingest.ts';

export interface IncidentFilter {
  serviceId?: string | undefined;
  status?: IncidentStatus | undefined;
  urgency?: Urgency | undefined;
  since?: number | undefined;
  until?: number | undefined;
}

export function listIncidents(db: Queryable, f: IncidentFilter, page: PageQuery) {
  return paginate(page, (after, take) => {
    let q = db.selectFrom('incidents').selectAll();
    if (f.serviceId !== undefined) q = q.where('service_id', '=', f.serviceId);
    if (f.status !== undefined) q = q.where('status', '=', f.status);
    if (f.urgency !== undefined) q = q.where('urgency', '=', f.urgency);
    if (f.since !== undefined) q = q.where('created_at', '>=', f.since);
    if (f.until !== undefined) q = q.where('created_at', '<', f.until);
    if (after !== undefined) q = q.where('id', '>', after);
    return q.orderBy('id').limit(take).execute();
  });
}

/** By id, or by human reference (`INC-42` or `42`). */
export function findIncident(db: Queryable, idOrRef: string) {
  const m = /^(?:INC-)?(\d+)$/i.exec(idOrRef);
  const q = db.selectFrom('incidents').selectAll();
  return (m ? q.where('number', '=', Number(m[1])) : q.where('id', '=', idOrRef)).executeTakeFirst();
}
