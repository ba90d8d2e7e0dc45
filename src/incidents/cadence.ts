import type { IncidentStatus } from '../platform/db/tables/incidents.ts';

const MINUTE = 60_000;

/**
 * When the next internal status update is due: one cadence after the last update (or after the
 * incident opened), while the incident is unresolved; null when its severity sets no cadence.
 * Recomputed whenever an update is posted, the severity changes, or the incident is resolved,
 * closed or reopened; the engine reminds the commander and comms lead when it passes.
 */
export function nextUpdateDueAt(
  incident: { status: IncidentStatus; created_at: number; last_update_at: number | null },
  cadenceMinutes: number | null,
): number | null {
  if (cadenceMinutes === null) return null;
  if (incident.status === 'resolved' || incident.status === 'closed') return null;
  return (incident.last_update_at ?? incident.created_at) + cadenceMinutes * MINUTE;
}
