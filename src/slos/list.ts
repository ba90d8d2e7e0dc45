import type { Queryable } from '../platform/db/connect.ts';
import { mapPage, type Page } from '../platform/db/paginate.ts';
import { NotFoundError } from '../platform/errors.ts';
import { iso } from '../platform/http/schema.ts';
import { type PresentOptions, presentSlo, presentSlos } from './presenter.ts';
import { findSlo, listSlos, sloAlerts } from './repository.ts';
import type { SloView } from './schemas.ts';

export async function listSloViews(
  db: Queryable,
  query: {
    service_id?: string;
    status?: string;
    q?: string;
    limit?: number;
    cursor?: string;
    order?: 'asc' | 'desc';
  },
  opts: PresentOptions,
): Promise<Page<SloView>> {
  const page = await listSlos(
    db,
    { serviceId: query.service_id, status: query.status, q: query.q },
    { limit: query.limit, cursor: query.cursor, order: query.order },
  );
  const views = new Map((await presentSlos(db, page.data, opts)).map((v) => [v.id, v]));
  return mapPage(page, (r) => views.get(r.id)!);
}

export async function getSloView(db: Queryable, id: string, opts: PresentOptions): Promise<SloView> {
  const row = await findSlo(db, id);
  if (row === undefined) throw NotFoundError.of('SLO', id);
  return presentSlo(db, row, opts);
}

/** The alerts an SLO raised, newest first: the SLO page's history. */
export async function sloAlertHistory(db: Queryable, id: string) {
  if ((await findSlo(db, id)) === undefined) throw NotFoundError.of('SLO', id);
  const rows = await sloAlerts(db, id, 100);
  return {
    data: rows.map((a) => {
      const labels = JSON.parse(a.labels) as Record<string, string>;
      const rule = a.dedup_key.slice(`slo:${id}:`.length);
      return {
        alert_id: a.id,
        rule,
        status: a.status,
        severity: a.severity,
        summary: a.summary,
        opened_at: iso(a.received_at),
        resolved_at: iso(a.resolved_at),
        incident_id: a.incident_id,
        incident_ref: a.number === null || a.number === undefined ? null : `INC-${a.number}`,
        labels,
      };
    }),
  };
}
