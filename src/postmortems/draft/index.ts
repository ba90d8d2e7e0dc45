/**
 * STAND-IN for part X2 (issue 19): the lead replaces this whole file with X2's
 * src/postmortems/draft/index.ts on merge. It has X2's exported signatures (design19.md) so the
 * model and API (X1) are written against them, with the least behaviour that lets X1 run: each
 * section starts with its template's guidance, and facts are only the incident row and the
 * commander's time zone. X1 never reads IncidentFacts' fields.
 */
import { findIncident } from '../../incidents/repository.ts';
import { COMMANDER } from '../../incidents/roles/assign.ts';
import { currentHolder } from '../../incidents/roles/repository.ts';
import type { Queryable } from '../../platform/db/connect.ts';
import type { Row } from '../../platform/db/tables.ts';
import { NotFoundError } from '../../platform/errors.ts';
import { findUserById } from '../../users/repository.ts';

export interface DraftSection {
  key: string;
  title: string;
  /** Markdown. */
  body: string;
}

export interface IncidentFacts {
  incident: Row<'incidents'>;
  commanderTimeZone: string | null;
}

export async function loadIncidentFacts(db: Queryable, incidentId: string): Promise<IncidentFacts> {
  const incident = await findIncident(db, incidentId);
  if (incident === undefined) throw NotFoundError.of('incident', incidentId);
  const commander = await currentHolder(db, incidentId, COMMANDER);
  const user = commander === undefined ? undefined : await findUserById(db, commander.user_id);
  return { incident, commanderTimeZone: user?.time_zone ?? null };
}

export function defaultTimeZone(facts: IncidentFacts, fallback: string): string {
  return facts.commanderTimeZone ?? fallback;
}

export function draftSections(
  _facts: IncidentFacts,
  template: { key: string; title: string; guidance: string }[],
  _timeZone: string,
): DraftSection[] {
  return template.map((s) => ({ key: s.key, title: s.title, body: s.guidance }));
}

export function incidentDurations(facts: IncidentFacts): {
  detect_ms: number | null;
  acknowledge_ms: number | null;
  mitigate_ms: number | null;
  resolve_ms: number | null;
} {
  const i = facts.incident;
  const since = (t: number | null) => (t === null ? null : t - i.created_at);
  return {
    detect_ms: null,
    acknowledge_ms: since(i.acknowledged_at),
    mitigate_ms: since(i.mitigated_at),
    resolve_ms: since(i.resolved_at),
  };
}
