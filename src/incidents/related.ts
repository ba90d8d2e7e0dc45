import type { Ctx } from '../platform/context.ts';
import type { Queryable } from '../platform/db/connect.ts';
import type { Row } from '../platform/db/tables.ts';
import { NotFoundError } from '../platform/errors.ts';
import { incidentActorRefs, presentIncident } from './presenter.ts';
import { loadActorNames } from '../users/actors.ts';
import { extraServicesOf, findIncident } from './repository.ts';
import { alertLabelSetsOf, alertLabelSetsOfMany, recentIncidents } from './repository-related.ts';
import type { RelatedIncidentView } from './schemas-work.ts';

const DAY = 86_400_000;
/** How far back related incidents are looked for. */
export const RELATED_WINDOW = 30 * DAY;
/**
 * Candidates are the newest few hundred incidents of the window (and of the same services), so
 * the cost stays bounded however busy the organisation is.
 */
const MAX_CANDIDATES = 300;
/** Bounds on the label sets read, for incidents made of an alert storm. */
const MAX_OWN_LABEL_SETS = 1_000;
const MAX_CANDIDATE_LABEL_SETS = 20_000;

/**
 * Labels that nearly every alert carries with one of a few values, so sharing them says nothing
 * about two incidents having the same cause: the alert's severity or priority (SEV/urgency say
 * that better) and the identity of the Prometheus/Thanos replica that sent it.
 */
export const UNINFORMATIVE_LABELS: ReadonlySet<string> = new Set([
  'severity',
  'priority',
  'prometheus',
  'prometheus_replica',
  'replica',
  'monitor',
]);

/**
 * Incidents that are probably about the same thing: from the last 30 days before this one (or
 * since), on one of its services or with alert labels in common. Score: 1 for the same service
 * plus 1 per shared label pair; best first, then newest. Merged incidents are left out: their
 * alerts and timeline live in the incident they were merged into, which is a candidate itself.
 */
export async function relatedIncidents({
  ctx,
  input,
}: {
  ctx: Ctx;
  input: { id: string; limit?: number | undefined };
}): Promise<RelatedIncidentView[]> {
  const incident = await findIncident(ctx.db, input.id);
  if (incident === undefined) throw NotFoundError.of('incident', input.id);
  const db = ctx.db;
  const limit = input.limit ?? 10;

  const ownServices = new Set([
    incident.service_id,
    ...((await extraServicesOf(db, [incident.id])).get(incident.id) ?? []),
  ]);
  const ownLabels = await ownLabelPairs(db, incident.id);
  const candidates = await candidatesFor(db, incident, [...ownServices], ctx.clock.now());
  if (candidates.length === 0) return [];
  const ids = candidates.map((c) => c.id);
  const extras = await extraServicesOf(db, ids);
  const labels = ownLabels.size === 0 ? new Map<string, Set<string>>() : await candidateLabelPairs(db, ids);

  const scored: { row: Row<'incidents'>; score: number; reasons: string[] }[] = [];
  for (const row of candidates) {
    const reasons: string[] = [];
    const services = [row.service_id, ...(extras.get(row.id) ?? [])];
    const sameService = services.some((s) => ownServices.has(s));
    if (sameService) reasons.push('same service');
    const shared = [...(labels.get(row.id) ?? [])].filter((p) => ownLabels.has(p)).sort();
    if (shared.length > 0) reasons.push(`shared labels: ${shared.join(', ')}`);
    const score = (sameService ? 1 : 0) + shared.length;
    if (score > 0) scored.push({ row, score, reasons });
  }
  // Candidates come newest first and the sort is stable, so equal scores stay newest first.
  scored.sort((a, b) => b.score - a.score);
  const top = scored.slice(0, limit);
  const names = await loadActorNames(db, incidentActorRefs(...top.map((s) => s.row)));
  return top.map(({ row, score, reasons }) => ({
    incident: presentIncident(row, names, extras.get(row.id) ?? []),
    score,
    reasons,
  }));
}

/**
 * The newest incidents of the window overall (for label overlap) and of its services (so a busy
 * organisation's other incidents cannot crowd out the same-service ones).
 */
async function candidatesFor(
  db: Queryable,
  incident: Row<'incidents'>,
  services: string[],
  now: number,
): Promise<Row<'incidents'>[]> {
  const window = {
    exclude: incident.id,
    alsoExclude: incident.merged_into_id,
    since: incident.created_at - RELATED_WINDOW,
    until: now,
    limit: MAX_CANDIDATES,
  };
  const newest = await recentIncidents(db, window);
  const sameService = await recentIncidents(db, { ...window, serviceIds: services });
  const byId = new Map<string, Row<'incidents'>>();
  for (const r of [...sameService, ...newest]) byId.set(r.id, r);
  return [...byId.values()].sort((a, b) => b.created_at - a.created_at || (a.id < b.id ? 1 : -1));
}

/** `key=value` for each informative label of a JSON label object. */
export function labelPairs(json: string): string[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(json);
  } catch {
    return [];
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) return [];
  return Object.entries(parsed as Record<string, unknown>)
    .filter(([k, v]) => typeof v === 'string' && v !== '' && !UNINFORMATIVE_LABELS.has(k))
    .map(([k, v]) => `${k}=${String(v)}`);
}

async function ownLabelPairs(db: Queryable, incidentId: string): Promise<Set<string>> {
  const rows = await alertLabelSetsOf(db, incidentId, MAX_OWN_LABEL_SETS);
  return new Set(rows.flatMap((r) => labelPairs(r.labels)));
}

/** Every candidate's label pairs, read in one query. */
async function candidateLabelPairs(db: Queryable, ids: string[]): Promise<Map<string, Set<string>>> {
  const rows = await alertLabelSetsOfMany(db, ids, MAX_CANDIDATE_LABEL_SETS);
  const out = new Map<string, Set<string>>();
  for (const r of rows) {
    if (r.incident_id === null) continue;
    const set = out.get(r.incident_id) ?? new Set<string>();
    for (const p of labelPairs(r.labels)) set.add(p);
    out.set(r.incident_id, set);
  }
  return out;
}
