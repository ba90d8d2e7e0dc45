import type { Queryable } from '../platform/db/connect.ts';
import { iso } from '../platform/http/schema.ts';
import { runbookOf } from '../notify/message.ts';
import { matchable } from './incident.ts';
import { allServiceNames, alertsSince } from './repository.ts';
import { runbookTargets } from './targets.ts';

const DAY_MS = 86_400_000;
/** The newest alerts checked; enough for a month of a busy install, bounded for a huge one. */
const MAX_ALERTS = 20_000;

/**
 * What has no runbook: services no runbook names or matches, and the alerts of the last `days`
 * (by alertname, else class, else summary, per service) that no runbook matches and that carry
 * no runbook link of their own. The noisiest uncovered alerts come first.
 */
export async function runbookCoverage(db: Queryable, query: { days?: number | undefined }, now: number) {
  const since = now - (query.days ?? 30) * DAY_MS;
  const targets = await runbookTargets(db);
  const services = await allServiceNames(db);
  const alerts = await alertsSince(db, since, MAX_ALERTS);
  const serviceName = new Map(services.map((s) => [s.id, s.name]));
  const coveredServices = new Set<string>();
  for (const t of targets) for (const id of t.target.serviceIds) coveredServices.add(id);
  const uncovered = new Map<string, { service: string; alert: string; alerts: number; last: number }>();
  let covered = 0;
  for (const a of alerts) {
    const m = matchable(a);
    const hit = targets.find((t) => t.test(m));
    if (hit !== undefined) {
      coveredServices.add(a.service_id);
      covered++;
      continue;
    }
    if (runbookOf(a.details, a.links) !== null) {
      covered++;
      continue;
    }
    // The first that is set and not empty: an empty class names nothing.
    const name =
      [m.labels.alertname, a.class, a.summary].find((n) => n !== undefined && n !== null && n !== '') ??
      '(unnamed)';
    const key = `${a.service_id}\u0000${name}`;
    const u = uncovered.get(key);
    if (u === undefined)
      uncovered.set(key, { service: a.service_id, alert: name, alerts: 1, last: a.received_at });
    else {
      u.alerts++;
      u.last = Math.max(u.last, a.received_at);
    }
  }
  return {
    since: iso(since),
    services_without_runbook: services.filter((s) => !coveredServices.has(s.id)),
    alerts_without_runbook: [...uncovered.values()]
      .sort((x, y) => y.alerts - x.alerts || y.last - x.last)
      .slice(0, 200)
      .map((u) => ({
        service: { id: u.service, name: serviceName.get(u.service) ?? u.service },
        alert: u.alert,
        alerts: u.alerts,
        last_received_at: iso(u.last),
      })),
    alerts_checked: alerts.length,
    alerts_covered: covered,
  };
}
