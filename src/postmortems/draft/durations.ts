import { IANAZone } from 'luxon';
import { COMMANDER } from '../../incidents/roles/assign.ts';
import type { IncidentFacts } from './facts.ts';

export interface IncidentDurations {
  detect_ms: number | null;
  acknowledge_ms: number | null;
  mitigate_ms: number | null;
  resolve_ms: number | null;
}

/**
 * The four response durations, from the stored timestamps:
 * - detect: the earliest linked alert's start -> the incident opened. Null without an alert, or
 *   when every alert started after the opening (people found it first; monitoring did not detect it).
 * - acknowledge: opened -> the first acknowledgement (kept across a reopen).
 * - mitigate: opened -> mitigated. Null when it was resolved without being marked mitigated: the
 *   incident's own `to_mitigate_seconds` says the same, and the two views must not disagree.
 * - resolve: opened -> resolved.
 * Everything but detect counts from the opening, like the incident's durations, so the
 * postmortem quotes the numbers the incident page shows. After a reopen, mitigate and resolve are
 * those of the last run (the columns a reopen clears); the timeline table shows the earlier ones.
 */
export function incidentDurations(facts: IncidentFacts): IncidentDurations {
  const { created_at: opened, acknowledged_at, mitigated_at, resolved_at } = facts.incident;
  const since = (t: number | null) => (t === null ? null : Math.max(0, t - opened));
  const firstAlert = facts.alerts.length === 0 ? null : Math.min(...facts.alerts.map((a) => a.started_at));
  return {
    detect_ms: firstAlert === null || firstAlert > opened ? null : opened - firstAlert,
    acknowledge_ms: since(acknowledged_at),
    mitigate_ms: since(mitigated_at),
    resolve_ms: since(resolved_at),
  };
}

/**
 * The zone the draft's times are written in: the incident commander's (the person who will read
 * it back against their memory of the night), the current one, else the last one; otherwise
 * `fallback` (the organisation's).
 */
export function defaultTimeZone(facts: IncidentFacts, fallback: string): string {
  const commanders = facts.people
    .flatMap((p) => p.roles.filter((r) => r.role === COMMANDER).map((r) => ({ r, zone: p.time_zone })))
    .sort(
      (a, b) =>
        Number(a.r.ended_at === null) - Number(b.r.ended_at === null) || a.r.assigned_at - b.r.assigned_at,
    );
  const zone = commanders.at(-1)?.zone;
  return zone !== undefined && IANAZone.isValidZone(zone) ? zone : fallback;
}
