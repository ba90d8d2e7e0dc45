import type { Severity } from '../platform/db/tables/ingest.ts';
import { type LabelTest, type Matcher, compileMatchers } from '../silences/matchers.ts';

/**
 * Which runbooks apply to an alert, and which one is the best. Pure: the incident page, the
 * coverage report and the link in pages share this one definition.
 *
 * A runbook applies when every one of its conditions holds: the alert's service is one of its
 * services (when it names any), every label matcher holds (Alertmanager semantics: a missing
 * label is the empty string), and the alert's severity and source are among the listed ones
 * (when it lists any). A runbook with neither services nor matchers is in the library only: it
 * applies to nothing, or it would be offered for every alert of every service.
 */
export interface RunbookTarget {
  id: string;
  title: string;
  serviceIds: readonly string[];
  matchers: readonly Matcher[];
  severities: readonly Severity[];
  sources: readonly string[];
  /** Newer edits win a tie between runbooks that are equally specific. */
  updatedAt: number;
}

export interface MatchableAlert {
  serviceId: string;
  labels: Record<string, string>;
  severity: Severity;
  source: string;
}

export interface CompiledTarget {
  target: RunbookTarget;
  test(alert: MatchableAlert): boolean;
  /** Higher is more specific; see `specificity`. */
  rank: number;
}

/**
 * How specific a runbook is: one written for labels beats one for a whole service; among those,
 * each further condition (a matcher, a severity or source list, a service) makes it more specific.
 * Used only to order runbooks that all apply.
 */
export function specificity(t: RunbookTarget): number {
  return (
    (t.matchers.length > 0 ? 1000 : 0) +
    Math.min(t.matchers.length, 90) * 10 +
    (t.severities.length > 0 ? 5 : 0) +
    (t.sources.length > 0 ? 5 : 0) +
    (t.serviceIds.length > 0 ? 3 : 0)
  );
}

export function isAttached(t: Pick<RunbookTarget, 'serviceIds' | 'matchers'>): boolean {
  return t.serviceIds.length > 0 || t.matchers.length > 0;
}

export function compileTarget(target: RunbookTarget): CompiledTarget {
  const services = new Set(target.serviceIds);
  const severities = new Set(target.severities);
  const sources = new Set(target.sources);
  const labels: LabelTest = compileMatchers(target.matchers);
  const attached = isAttached(target);
  return {
    target,
    rank: specificity(target),
    test: (a) =>
      attached &&
      (services.size === 0 || services.has(a.serviceId)) &&
      (severities.size === 0 || severities.has(a.severity)) &&
      (sources.size === 0 || sources.has(a.source)) &&
      labels(a.labels),
  };
}

/** Best first: most specific, then most recently edited, then by id so the order is stable. */
export function byPrecedence(a: CompiledTarget, b: CompiledTarget): number {
  return (
    b.rank - a.rank ||
    b.target.updatedAt - a.target.updatedAt ||
    (a.target.id < b.target.id ? -1 : a.target.id > b.target.id ? 1 : 0)
  );
}

/** Every runbook that applies to the alert, best first. */
export function matchingRunbooks(
  targets: readonly CompiledTarget[],
  alert: MatchableAlert,
): CompiledTarget[] {
  return targets.filter((t) => t.test(alert)).sort(byPrecedence);
}

/** The best runbook for the alert, or undefined. */
export function bestRunbook(
  targets: readonly CompiledTarget[],
  alert: MatchableAlert,
): RunbookTarget | undefined {
  let best: CompiledTarget | undefined;
  for (const t of targets) if (t.test(alert) && (best === undefined || byPrecedence(t, best) < 0)) best = t;
  return best?.target;
}
