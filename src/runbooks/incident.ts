import type { Queryable } from '../platform/db/connect.ts';
import type { Severity } from '../platform/db/tables/ingest.ts';
import { NotFoundError } from '../platform/errors.ts';
import { findIncident } from '../incidents/repository.ts';
import { runbookOf } from '../notify/message.ts';
import { type CompiledTarget, type MatchableAlert, bestRunbook, byPrecedence } from './match.ts';
import { type PresentOptions, presentRunbookSummaries } from './presenter.ts';
import { alertsOfIncident, feedbackOf, findRunbooks } from './repository.ts';
import { iso } from '../platform/http/schema.ts';
import { loadActorNames, presentActor } from '../users/actors.ts';
import { runbookTargets } from './targets.ts';

/** An alert row's labels as matching reads them; a broken value has no labels. */
export function labelsOf(json: string): Record<string, string> {
  try {
    const parsed: unknown = JSON.parse(json);
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return {};
    const out: Record<string, string> = {};
    for (const [k, v] of Object.entries(parsed)) if (typeof v === 'string') out[k] = v;
    return out;
  } catch {
    return {};
  }
}

export function matchable(a: {
  service_id: string;
  labels: string;
  severity: Severity;
  source: string;
}): MatchableAlert {
  return { serviceId: a.service_id, labels: labelsOf(a.labels), severity: a.severity, source: a.source };
}

/**
 * The runbooks that match an incident's alerts, the best first. "Best" is the best match of the
 * newest alert, which is the runbook pages link to (unless that alert carries its own runbook
 * link, which then wins and is given as `alert_runbook_url`). A declared incident has no alerts:
 * runbooks for its service alone (no matchers, severities or sources) apply.
 */
export async function incidentRunbooks(db: Queryable, incidentId: string, present: PresentOptions) {
  const incident = await findIncident(db, incidentId);
  if (incident === undefined) throw NotFoundError.of('incident', incidentId);
  const targets = await runbookTargets(db);
  const alerts = await alertsOfIncident(db, incident.id);
  const counts = new Map<string, { target: CompiledTarget; alerts: number }>();
  const count = (t: CompiledTarget, alerts = 1) => {
    const c = counts.get(t.target.id);
    if (c === undefined) counts.set(t.target.id, { target: t, alerts });
    else c.alerts += alerts;
  };
  let best: string | undefined;
  if (alerts.length === 0) {
    const serviceOnly = targets.filter(
      (t) =>
        t.target.matchers.length === 0 &&
        t.target.severities.length === 0 &&
        t.target.sources.length === 0 &&
        t.target.serviceIds.includes(incident.service_id),
    );
    // No alert to count: these apply through the service alone.
    for (const t of serviceOnly) count(t, 0);
    best = serviceOnly.sort(byPrecedence)[0]?.target.id;
  } else {
    for (const a of alerts) for (const t of targets) if (t.test(matchable(a))) count(t);
    best = bestRunbook(targets, matchable(alerts[0]!))?.id;
  }
  const ordered = [...counts.values()].sort(
    (x, y) =>
      Number(y.target.target.id === best) - Number(x.target.target.id === best) ||
      y.alerts - x.alerts ||
      byPrecedence(x.target, y.target),
  );
  const rows = new Map(
    (
      await findRunbooks(
        db,
        ordered.map((o) => o.target.target.id),
      )
    ).map((r) => [r.id, r]),
  );
  const kept = ordered.filter((o) => rows.has(o.target.target.id));
  const views = await presentRunbookSummaries(
    db,
    kept.map((o) => rows.get(o.target.target.id)!),
    present,
  );
  const newest = alerts[0];
  const said = new Map((await feedbackOf(db, incident.id)).map((f) => [f.runbook_id, f]));
  const names = await loadActorNames(
    db,
    [...said.values()].map((f) => f.given_by),
  );
  // A runbook someone said helped (or not) stays listed even if it no longer matches.
  const extra = [...said.keys()].filter((id) => !kept.some((k) => k.target.target.id === id));
  const extraViews = await presentRunbookSummaries(db, await findRunbooks(db, extra), present);
  const feedback = (id: string) => {
    const f = said.get(id);
    return f === undefined
      ? null
      : { helped: f.helped === 1, given_by: presentActor(f.given_by, names), given_at: iso(f.given_at) };
  };
  return {
    alert_runbook_url: newest === undefined ? null : runbookOf(newest.details, newest.links),
    data: [
      ...views.map((runbook, i) => ({
        runbook,
        best: runbook.id === best,
        matched_alerts: kept[i]!.alerts,
        feedback: feedback(runbook.id),
      })),
      ...extraViews.map((runbook) => ({
        runbook,
        best: false,
        matched_alerts: 0,
        feedback: feedback(runbook.id),
      })),
    ],
  };
}
