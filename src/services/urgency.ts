import type { Severity } from '../platform/db/tables/ingest.ts';
import type { Urgency } from '../platform/db/tables/incidents.ts';

/**
 * A service's urgency rules (SPEC §2): which alert severities open high-urgency incidents (paged
 * by people's high-urgency notification rules) and which low. Pure; ingest asks `urgencyFor`.
 * Without rules, critical and error are high and warning and info low, as before rules existed.
 */
export type UrgencyRules = Record<Severity, Urgency>;

export const DEFAULT_URGENCY_RULES: Readonly<UrgencyRules> = {
  critical: 'high',
  error: 'high',
  warning: 'low',
  info: 'low',
};

/** Stored rules may name only the severities they change; the rest keep the defaults. */
export function parseUrgencyRules(json: string | null): UrgencyRules {
  if (json === null) return { ...DEFAULT_URGENCY_RULES };
  return { ...DEFAULT_URGENCY_RULES, ...(JSON.parse(json) as Partial<UrgencyRules>) };
}

/** What to store for given rules: null when they are the defaults, so the default can change later. */
export function storedUrgencyRules(rules: Partial<UrgencyRules>): string | null {
  const full = { ...DEFAULT_URGENCY_RULES, ...rules };
  const same = (Object.keys(DEFAULT_URGENCY_RULES) as Severity[]).every(
    (s) => full[s] === DEFAULT_URGENCY_RULES[s],
  );
  return same ? null : JSON.stringify(full);
}

export function urgencyFor(rules: UrgencyRules, severity: Severity): Urgency {
  return rules[severity];
}
