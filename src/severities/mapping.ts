import type { SeverityName } from '../platform/db/tables/severities.ts';
import type { SeveritySettings } from './repository.ts';

/**
 * The severity an alert-born incident starts at: the one whose `alert_severities` lists the
 * alert's severity. An alert severity no severity claims (an admin removed it) starts at the
 * least severe one, so a new incident never pages harder than configured.
 */
export function severityForAlert(severities: SeveritySettings[], alertSeverity: string): SeverityName {
  const mapped = severities.find((s) => s.alertSeverities.includes(alertSeverity));
  if (mapped !== undefined) return mapped.name;
  const least = severities.reduce<SeveritySettings | undefined>(
    (worst, s) => (worst === undefined || s.rank > worst.rank ? s : worst),
    undefined,
  );
  return least?.name ?? 'SEV4';
}
