import type { Row } from '../platform/db/tables.ts';
import { iso } from '../platform/http/schema.ts';
import type { AlertView } from './schemas.ts';

export function presentAlert(r: Row<'alerts'>): AlertView {
  return {
    id: r.id,
    service_id: r.service_id,
    integration_id: r.integration_id,
    incident_id: r.incident_id,
    dedup_key: r.dedup_key,
    status: r.status,
    severity: r.severity,
    summary: r.summary,
    source: r.source,
    component: r.component,
    group: r.group_name,
    class: r.class,
    labels: JSON.parse(r.labels) as Record<string, string>,
    details: JSON.parse(r.details) as unknown,
    links: JSON.parse(r.links) as unknown[],
    images: JSON.parse(r.images) as unknown[],
    occurrences: r.occurrences,
    started_at: iso(r.started_at),
    received_at: iso(r.received_at),
    last_seen_at: iso(r.last_seen_at),
    ends_at: iso(r.ends_at),
    acknowledged_at: iso(r.acknowledged_at),
    resolved_at: iso(r.resolved_at),
    suppressed_by: r.suppressed_by,
  };
}

export function presentAlertEvent(e: Row<'alert_events'>) {
  return { id: e.id, action: e.action, at: iso(e.at), payload: JSON.parse(e.payload) as unknown };
}
