import type { Queryable } from '../platform/db/connect.ts';
import type { Row } from '../platform/db/tables.ts';
import { iso } from '../platform/http/schema.ts';
import { type ActorNames, loadActorNames, presentActor, presentActorOrNull } from '../users/actors.ts';
import type { IncidentView, TimelineEntryView } from './schemas.ts';

const seconds = (from: number, to: number | null) => (to === null ? null : (to - from) / 1000);

/** The stored actor references of incidents, for one loadActorNames() per answer. */
export function incidentActorRefs(...rows: Row<'incidents'>[]): (string | null)[] {
  return rows.flatMap((r) => [
    r.declared_by,
    r.acknowledged_by,
    r.mitigated_by,
    r.resolved_by,
    r.closed_by,
    r.postmortem_waived_by,
    r.classified_by,
  ]);
}

/** presentIncident() with the names of the users it mentions read first. */
export async function presentIncidentLoaded(
  db: Queryable,
  r: Row<'incidents'>,
  extraServiceIds: string[] = [],
): Promise<IncidentView> {
  return presentIncident(r, await loadActorNames(db, incidentActorRefs(r)), extraServiceIds);
}

/**
 * `names`: from loadActorNames() over incidentActorRefs(). `extraServiceIds`: the other services
 * it affects (incident_services), when the caller read them; lists present the incident's own
 * service only.
 */
export function presentIncident(
  r: Row<'incidents'>,
  names: ActorNames,
  extraServiceIds: string[] = [],
): IncidentView {
  const by = (ref: string | null) => presentActorOrNull(ref, names);
  return {
    id: r.id,
    number: r.number,
    ref: `INC-${r.number}`,
    title: r.title,
    description: r.description,
    service_id: r.service_id,
    service_ids: [r.service_id, ...extraServiceIds.filter((s) => s !== r.service_id)],
    severity: r.severity,
    urgency: r.urgency,
    status: r.status,
    origin: r.origin,
    slug: r.slug,
    alert_count: r.alert_count,
    created_at: iso(r.created_at),
    updated_at: iso(r.updated_at),
    last_alert_at: iso(r.last_alert_at),
    declared_by: by(r.declared_by),
    acknowledged_at: iso(r.acknowledged_at),
    acknowledged_by: by(r.acknowledged_by),
    mitigated_at: iso(r.mitigated_at),
    mitigated_by: by(r.mitigated_by),
    resolved_at: iso(r.resolved_at),
    resolved_by: by(r.resolved_by),
    closed_at: iso(r.closed_at),
    closed_by: by(r.closed_by),
    merged_into_id: r.merged_into_id,
    postmortem_url: r.postmortem_url,
    postmortem_waived_reason: r.postmortem_waived_reason,
    postmortem_waived_by: by(r.postmortem_waived_by),
    last_update_at: iso(r.last_update_at),
    next_update_due_at: iso(r.next_update_due_at),
    classification: r.classification,
    classified_by: by(r.classified_by),
    durations: {
      to_acknowledge_seconds: seconds(r.created_at, r.acknowledged_at),
      to_mitigate_seconds: seconds(r.created_at, r.mitigated_at),
      to_resolve_seconds: seconds(r.created_at, r.resolved_at),
    },
  };
}

/** `names`: from loadActorNames() over the entries' `actor`s. */
export function presentTimelineEntry(r: Row<'incident_timeline'>, names: ActorNames): TimelineEntryView {
  return {
    id: r.id,
    at: iso(r.at),
    kind: r.kind,
    actor: presentActor(r.actor, names),
    message: r.message,
    data: JSON.parse(r.data) as Record<string, unknown>,
    pinned: r.pinned === 1,
    backdated: r.backdated === 1,
    recorded_at: iso(r.recorded_at),
  };
}

/** Timeline entries with the names of the users they mention, read in one query. */
export async function presentTimelineEntries(
  db: Queryable,
  rows: Row<'incident_timeline'>[],
): Promise<TimelineEntryView[]> {
  const names = await loadActorNames(
    db,
    rows.map((r) => r.actor),
  );
  return rows.map((r) => presentTimelineEntry(r, names));
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
