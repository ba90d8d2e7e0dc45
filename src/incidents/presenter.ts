import type { Row } from '../platform/db/tables.ts';
import { iso } from '../platform/http/schema.ts';
import type { IncidentView } from './schemas.ts';

export function presentIncident(r: Row<'incidents'>): IncidentView {
  return {
    id: r.id,
    number: r.number,
    ref: `INC-${r.number}`,
    title: r.title,
    service_id: r.service_id,
    urgency: r.urgency,
    status: r.status,
    alert_count: r.alert_count,
    created_at: iso(r.created_at),
    updated_at: iso(r.updated_at),
    last_alert_at: iso(r.last_alert_at),
    acknowledged_at: iso(r.acknowledged_at),
    acknowledged_by: r.acknowledged_by,
    resolved_at: iso(r.resolved_at),
    resolved_by: r.resolved_by,
  };
}
