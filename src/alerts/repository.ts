import { type SqlBool, sql } from 'kysely';
import type { Queryable } from '../platform/db/connect.ts';
import { NEWEST_FIRST, type PageQuery, paginate } from '../platform/db/paginate.ts';
import type { AlertStatus, Severity } from '../platform/db/tables/ingest.ts';
import type { Row } from '../platform/db/tables.ts';

export interface AlertFilter {
  serviceId?: string | undefined;
  incidentId?: string | undefined;
  status?: AlertStatus | undefined;
  severity?: Severity | undefined;
  label?: { name: string; value: string } | undefined;
  suppressedBy?: string | undefined;
  since?: number | undefined;
  until?: number | undefined;
}

/** Newest first (ids are time-ordered) unless `?order=asc`; `since` narrows to recent alerts. */
export function listAlerts(db: Queryable, f: AlertFilter, page: PageQuery) {
  return paginate(
    page,
    async (after, take, k) => {
      let q = db.selectFrom('alerts').selectAll();
      if (f.serviceId !== undefined) q = q.where('service_id', '=', f.serviceId);
      if (f.incidentId !== undefined) q = q.where('incident_id', '=', f.incidentId);
      if (f.status !== undefined) q = q.where('status', '=', f.status);
      if (f.severity !== undefined) q = q.where('severity', '=', f.severity);
      if (f.suppressedBy !== undefined) q = q.where('suppressed_by', '=', f.suppressedBy);
      if (f.since !== undefined) q = q.where('received_at', '>=', f.since);
      if (f.until !== undefined) q = q.where('received_at', '<', f.until);
      if (after !== undefined) q = q.where('id', k.op, after);
      if (f.label === undefined) return q.orderBy('id', k.order).limit(take).execute();
      // Labels are JSON text on both dialects: narrow with LIKE, then check exactly.
      const { name, value } = f.label;
      const needle = JSON.stringify({ [name]: value }).slice(1, -1);
      const out: Row<'alerts'>[] = [];
      let cursor = after;
      for (;;) {
        const pattern = `%${needle.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
        let qq = q.where(sql<SqlBool>`labels like ${pattern} escape '\\'`);
        if (cursor !== undefined) qq = qq.where('id', k.op, cursor);
        const rows = await qq.orderBy('id', k.order).limit(take).execute();
        for (const r of rows)
          if ((JSON.parse(r.labels) as Record<string, string>)[name] === value) out.push(r);
        if (rows.length < take || out.length >= take) return out.slice(0, take);
        cursor = rows[rows.length - 1]!.id;
      }
    },
    NEWEST_FIRST,
  );
}

/**
 * One batch of open (not resolved) alerts, newest first, before the id `before`; of these
 * services only when given. For previews that test every open alert against matchers.
 */
export function openAlertsBefore(
  db: Queryable,
  f: { serviceIds: readonly string[] | undefined; before: string | undefined; take: number },
) {
  let q = db.selectFrom('alerts').selectAll().where('status', '<>', 'resolved');
  if (f.serviceIds !== undefined) q = q.where('service_id', 'in', f.serviceIds);
  if (f.before !== undefined) q = q.where('id', '<', f.before);
  return q.orderBy('id', 'desc').limit(f.take).execute();
}

export function findAlert(db: Queryable, id: string) {
  return db.selectFrom('alerts').selectAll().where('id', '=', id).executeTakeFirst();
}

export function alertEvents(db: Queryable, alertId: string, limit = 100) {
  return db
    .selectFrom('alert_events')
    .selectAll()
    .where('alert_id', '=', alertId)
    .orderBy('id', 'desc')
    .limit(limit)
    .execute();
}

/** Every event of an alert, newest first, a page at a time (the detail carries only the latest 100). */
export function listAlertEvents(db: Queryable, alertId: string, page: PageQuery) {
  return paginate(
    page,
    (after, take, k) => {
      let q = db.selectFrom('alert_events').selectAll().where('alert_id', '=', alertId);
      if (after !== undefined) q = q.where('id', k.op, after);
      return q.orderBy('id', k.order).limit(take).execute();
    },
    NEWEST_FIRST,
  );
}
