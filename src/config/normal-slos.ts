import { DEFAULT_ALERT_RULES, type Window } from '../slos/burn.ts';
import { DEFAULT_UNKNOWN_ALERT_AFTER_MINUTES } from '../slos/schemas.ts';
import type { TocsinConfig } from './schema.ts';

/**
 * SLOs and budget policies in the normal form of normal.ts. An SLO's identity is its service and
 * its name (as the API stores it: trimmed); plans and messages name it `Service / SLO`, which is
 * its `name` here like every other kind's key. Every value the file leaves out is the API's
 * default, so an SLO made in the web UI with the defaults plans as no change. A budget policy is
 * named by its service; a service without one has the default policy, which is also what a
 * policy pruned from the file goes back to. Overrides of the release gate are operational and
 * never part of this form.
 */

export interface NSloAlert {
  name: string;
  long_window: Window;
  short_window: Window;
  burn_rate: number;
  severity: 'critical' | 'error' | 'warning' | 'info';
}

export type NSli =
  | { kind: 'events' }
  | {
      kind: 'prometheus';
      prometheus_url: string;
      good_query: string | null;
      error_query: string | null;
      total_query: string;
    };

export interface NSlo {
  /** The plan's key: `Service / SLO` (sloKey). */
  name: string;
  service: string;
  /** The SLO's own name, unique within its service. */
  slo: string;
  description: string;
  objective: number;
  window_days: number;
  sli: NSli;
  /** In the order listed: the order the API keeps and shows them in. */
  alerts: NSloAlert[];
  exclude_maintenance: boolean;
  unknown_alert_after_minutes: number;
}

/** The fields plan compares; the service and the name are the identity. */
export const SLO_FIELDS = [
  'description',
  'objective',
  'window_days',
  'sli',
  'alerts',
  'exclude_maintenance',
  'unknown_alert_after_minutes',
] as const satisfies readonly (keyof NSlo)[];

export interface NBudgetPolicy {
  /** The service's name. */
  name: string;
  block_releases: boolean;
  min_budget_remaining: number;
  block_when_unknown: boolean;
}

export const POLICY_FIELDS = [
  'block_releases',
  'min_budget_remaining',
  'block_when_unknown',
] as const satisfies readonly (keyof NBudgetPolicy)[];

/** The policy of a service that has none stored (src/slos/gate.ts's defaults): block when spent. */
export const DEFAULT_POLICY: Omit<NBudgetPolicy, 'name'> = {
  block_releases: true,
  min_budget_remaining: 0,
  block_when_unknown: false,
};

export const DEFAULT_SLO_ALERTS: readonly NSloAlert[] = DEFAULT_ALERT_RULES.map((r) => ({
  name: r.name,
  long_window: r.longWindow,
  short_window: r.shortWindow,
  burn_rate: r.burnRate,
  severity: r.severity,
}));
export const DEFAULT_EXCLUDE_MAINTENANCE = true;
export const DEFAULT_UNKNOWN_AFTER = DEFAULT_UNKNOWN_ALERT_AFTER_MINUTES;

/** The SLO's name as the API stores it. */
export const sloName = (name: string) => name.trim();
export const sloKey = (service: string, name: string) => `${service} / ${sloName(name)}`;

/** As the API stores an objective (src/slos/rules.ts checkedObjective): twelve significant digits. */
export const normalObjective = (objective: number) => Number(objective.toPrecision(12));

export function normalSli(s: {
  kind: 'events' | 'prometheus';
  prometheus_url?: string | null | undefined;
  good_query?: string | null | undefined;
  error_query?: string | null | undefined;
  total_query?: string | null | undefined;
}): NSli {
  if (s.kind === 'events') return { kind: 'events' };
  return {
    kind: 'prometheus',
    prometheus_url: (s.prometheus_url ?? '').trim(),
    good_query: s.good_query ?? null,
    error_query: s.error_query ?? null,
    total_query: s.total_query ?? '',
  };
}

export function normalizeSlos(config: TocsinConfig): {
  slos: NSlo[];
  slos_listed: boolean;
  budget_policies: NBudgetPolicy[];
  budget_policies_listed: boolean;
} {
  return {
    slos_listed: config.slos !== undefined,
    slos: (config.slos ?? []).map((s) => ({
      name: sloKey(s.service, s.name),
      service: s.service,
      slo: sloName(s.name),
      description: s.description ?? '',
      objective: normalObjective(s.objective),
      window_days: s.window_days,
      sli: normalSli(s.sli),
      alerts: (s.alerts ?? DEFAULT_SLO_ALERTS).map((a) => ({
        name: a.name,
        long_window: a.long_window,
        short_window: a.short_window,
        burn_rate: a.burn_rate,
        severity: a.severity,
      })),
      exclude_maintenance: s.exclude_maintenance ?? DEFAULT_EXCLUDE_MAINTENANCE,
      unknown_alert_after_minutes: s.unknown_alert_after_minutes ?? DEFAULT_UNKNOWN_AFTER,
    })),
    budget_policies_listed: config.budget_policies !== undefined,
    budget_policies: (config.budget_policies ?? []).map((p) => ({
      name: p.service,
      block_releases: p.block_releases ?? DEFAULT_POLICY.block_releases,
      min_budget_remaining: p.min_budget_remaining ?? DEFAULT_POLICY.min_budget_remaining,
      block_when_unknown: p.block_when_unknown ?? DEFAULT_POLICY.block_when_unknown,
    })),
  };
}
