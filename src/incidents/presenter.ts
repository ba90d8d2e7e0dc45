import type { Row } from '../platform/db/tables.ts';
import { iso } from '../platform/http/schema.ts';
import type { IncidentView, TimelineEntryView } from './schemas.ts';

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

export function presentTimelineEntry(r: Row<'incident_timeline'>): TimelineEntryView {
  return {
    id: r.id,
    at: iso(r.at),
    kind: r.kind,
    actor: r.actor,
    message: r.message,
    data: JSON.parse(r.data) as Record<string, unknown>,
  };
}

/**
 * Where an incident's escalation stands, for audit snapshots: levels 1-based as users count
 * them, times as ISO.
 */
export function presentEscalation(r: Row<'incident_escalations'> | undefined) {
  if (r === undefined) return null;
  return {
    policy_id: r.policy_id,
    assignees: r.assignees === null ? null : (JSON.parse(r.assignees) as string[]),
    state: r.state,
    next_level: r.level + 1,
    round: r.round,
    due_at: iso(r.due_at),
    snoozed_until: iso(r.snoozed_until),
  };
}
