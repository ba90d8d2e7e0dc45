/**
 * The status page admin's vocabulary: the statuses and impacts the API takes (design18.md), with
 * the words and colours the pages show for them. Badges are filled with automatic text colour
 * (AA, as web/src/pages/badges.tsx), and the word is always there, so none relies on colour.
 */
export const COMPONENT_STATUSES = [
  'operational',
  'degraded_performance',
  'partial_outage',
  'major_outage',
  'under_maintenance',
] as const;
export type ComponentStatus = (typeof COMPONENT_STATUSES)[number];

export const COMPONENT_STATUS_LABEL: Record<ComponentStatus, string> = {
  operational: 'Operational',
  degraded_performance: 'Degraded performance',
  partial_outage: 'Partial outage',
  major_outage: 'Major outage',
  under_maintenance: 'Under maintenance',
};

export const COMPONENT_STATUS_COLOR: Record<ComponentStatus, string> = {
  operational: 'green.8',
  degraded_performance: 'yellow.8',
  partial_outage: 'orange.8',
  major_outage: 'red.8',
  under_maintenance: 'blue.8',
};

export const INCIDENT_STATUSES = ['investigating', 'identified', 'monitoring', 'resolved'] as const;
export const MAINTENANCE_STATUSES = ['scheduled', 'in_progress', 'verifying', 'completed'] as const;
export type PublicStatus = (typeof INCIDENT_STATUSES)[number] | (typeof MAINTENANCE_STATUSES)[number];

export const PUBLIC_STATUS_LABEL: Record<PublicStatus, string> = {
  investigating: 'Investigating',
  identified: 'Identified',
  monitoring: 'Monitoring',
  resolved: 'Resolved',
  scheduled: 'Scheduled',
  in_progress: 'In progress',
  verifying: 'Verifying',
  completed: 'Completed',
};

/** The statuses after which a public incident or maintenance is over. */
export const isClosed = (s: string) => s === 'resolved' || s === 'completed';

export const IMPACTS = ['none', 'minor', 'major', 'critical'] as const;
export type Impact = (typeof IMPACTS)[number] | 'maintenance';

export const IMPACT_LABEL: Record<Impact, string> = {
  none: 'None',
  minor: 'Minor',
  major: 'Major',
  critical: 'Critical',
  maintenance: 'Maintenance',
};

export const statusOptions = <S extends string>(list: readonly S[], labels: Record<S, string>) =>
  list.map((value) => ({ value, label: labels[value] }));

/** A select's value as one of `list` (the select only offers those), else `fallback`. */
export function oneOf<S extends string>(list: readonly S[], value: string, fallback: S): S {
  return list.find((s) => s === value) ?? fallback;
}
