import type { Queryable } from '../platform/db/connect.ts';
import type { PageAlert, RunbookLinks } from '../platform/engine-deps.ts';
import type { PageIncident } from './channels/types.ts';
import { incidentPageUrl } from '../platform/http/page-urls.ts';
import { actionLinks } from './links.ts';
import { alertSeveritiesOf, incidentsForMessages, latestAlertsOf } from './repository.ts';

const SEVERITY_RANK: Record<string, number> = { critical: 4, error: 3, warning: 2, info: 1 };
/** A declared incident has no alerts: its SEV says how loud to be (channel colours key on this). */
const ALERT_SEVERITY_OF: Record<string, string> = {
  SEV1: 'critical',
  SEV2: 'critical',
  SEV3: 'error',
  SEV4: 'warning',
};

/** What a page says about each incident: read once per claim batch, not per message. */
export type IncidentFacts = Omit<PageIncident, 'acknowledgeUrl' | 'resolveUrl' | 'respondUrl'>;

export async function incidentFacts(
  db: Queryable,
  publicUrl: string,
  ids: string[],
  runbookLinks?: RunbookLinks,
): Promise<Map<string, IncidentFacts>> {
  const out = new Map<string, IncidentFacts>();
  if (ids.length === 0) return out;
  const incidents = await incidentsForMessages(db, ids);
  const severities = await alertSeveritiesOf(db, ids);
  // The newest alert of each incident: its summary and runbook speak for the incident now.
  const latest = await latestAlertsOf(db, ids);
  // The alert's own runbook link wins; the others get the best matching runbook's page.
  const own = new Map(latest.map((a) => [a.incident_id, runbookOf(a.details, a.links)]));
  const unlinked: PageAlert[] = latest.filter(
    (a) => a.incident_id !== null && own.get(a.incident_id) === null,
  ) as PageAlert[];
  const matched =
    runbookLinks !== undefined && unlinked.length > 0 ? await runbookLinks(db, unlinked) : undefined;
  for (const i of incidents) {
    const sev = severities
      .filter((s) => s.incident_id === i.id)
      .map((s) => s.severity)
      .sort((a, b) => (SEVERITY_RANK[b] ?? 0) - (SEVERITY_RANK[a] ?? 0))[0];
    const alert = latest.find((a) => a.incident_id === i.id);
    out.set(i.id, {
      id: i.id,
      ref: `INC-${i.number}`,
      title: i.title,
      status: i.status,
      severity: sev ?? ALERT_SEVERITY_OF[i.sev] ?? 'error',
      sev: i.sev,
      slug: i.slug,
      urgency: i.urgency,
      service: { id: i.service_id, name: i.service_name },
      summary: alert?.summary ?? i.title,
      runbookUrl: own.get(i.id) ?? matched?.get(i.id) ?? null,
      url: incidentPageUrl(publicUrl, `INC-${i.number}`),
      createdAt: i.created_at,
    });
  }
  return out;
}

const RUNBOOK_KEYS = ['runbook_url', 'runbook', 'runbookUrl', 'playbook_url'];

/**
 * The alert's runbook: a runbook field of its details (Events v2 custom details), else of its
 * annotations (where Prometheus rules, Alertmanager and Grafana put `runbook_url`), else a link
 * whose text says runbook. Only http(s) URLs: a page's link must not run script or open a file.
 */
export function runbookOf(detailsJson: string, linksJson: string): string | null {
  const isUrl = (v: unknown): v is string => typeof v === 'string' && /^https?:\/\/\S+$/i.test(v);
  const fieldOf = (obj: unknown): string | undefined => {
    if (typeof obj !== 'object' || obj === null || Array.isArray(obj)) return undefined;
    const fields = obj as Record<string, unknown>;
    return RUNBOOK_KEYS.map((k) => fields[k]).find(isUrl);
  };
  try {
    const details = JSON.parse(detailsJson) as Record<string, unknown>;
    const hit = fieldOf(details) ?? fieldOf(details.annotations);
    if (hit !== undefined) return hit;
  } catch {
    // Details are stored as JSON by ingest; a broken value just has no runbook.
  }
  try {
    const links = JSON.parse(linksJson) as { href?: unknown; text?: unknown }[];
    const hit = links.find(
      (l) => isUrl(l.href) && typeof l.text === 'string' && /run ?book|playbook/i.test(l.text),
    );
    if (hit) return hit.href as string;
  } catch {
    // As above.
  }
  return null;
}

export function withLinks(
  facts: IncidentFacts,
  publicUrl: string,
  linkKey: Buffer,
  userId: string,
  now: number,
): PageIncident {
  const { acknowledgeUrl, resolveUrl, respondUrl } = actionLinks(
    publicUrl,
    linkKey,
    { incidentId: facts.id, userId },
    now,
  );
  return { ...facts, acknowledgeUrl, resolveUrl, respondUrl };
}
