import type { Queryable } from '../platform/db/connect.ts';
import type { Row } from '../platform/db/tables.ts';
import { iso } from '../platform/http/schema.ts';
import { incidentActorRefs, presentIncident, presentTimelineEntries } from '../incidents/presenter.ts';
import { extraServicesOf } from '../incidents/repository.ts';
import { loadActorNames } from '../users/actors.ts';
import { type OnCallChangeRow, incidentsByIds } from './repository.ts';

/**
 * One change as the stream sends it. `data` is serialised once per change, not per browser;
 * `timelineId` / `seq` are the durable positions a reconnecting browser resumes after.
 */
export type StreamEvent =
  | { kind: 'incident'; incidentId: string; data: string }
  | { kind: 'timeline'; incidentId: string; timelineId: string; recordedAt: number | null; data: string }
  | { kind: 'oncall'; seq: number; data: string };

/**
 * Timeline entries as events, in id order: before the first entry of each incident, the incident
 * as it is now (`GET /api/v1/incidents/:id`), since every change of an incident writes an entry.
 */
export async function timelineEvents(
  db: Queryable,
  rows: Row<'incident_timeline'>[],
): Promise<StreamEvent[]> {
  if (rows.length === 0) return [];
  const incidentIds = [...new Set(rows.map((r) => r.incident_id))];
  const [incidents, extras, entries] = await Promise.all([
    incidentsByIds(db, incidentIds),
    extraServicesOf(db, incidentIds),
    presentTimelineEntries(db, rows),
  ]);
  const names = await loadActorNames(db, incidentActorRefs(...incidents));
  const byId = new Map(incidents.map((i) => [i.id, i]));
  const events: StreamEvent[] = [];
  const announced = new Set<string>();
  rows.forEach((r, i) => {
    const incident = byId.get(r.incident_id);
    if (incident !== undefined && !announced.has(r.incident_id)) {
      announced.add(r.incident_id);
      const view = presentIncident(incident, names, extras.get(incident.id) ?? []);
      events.push({ kind: 'incident', incidentId: incident.id, data: JSON.stringify(view) });
    }
    events.push({
      kind: 'timeline',
      incidentId: r.incident_id,
      timelineId: r.id,
      recordedAt: r.recorded_at,
      data: JSON.stringify({ incident_id: r.incident_id, entry: entries[i] }),
    });
  });
  return events;
}

/** An on-call change: which schedule (or person, for time off) to read again. */
export function onCallEvents(rows: OnCallChangeRow[]): StreamEvent[] {
  return rows.map((r) => ({
    kind: 'oncall',
    seq: r.seq,
    data: JSON.stringify({
      action: r.action,
      target_type: r.target_type,
      target_id: r.target_id,
      at: iso(r.at),
    }),
  }));
}
