import type {
  ComponentStatus,
  PublicImpact,
  PublicIncidentStatus,
} from '../platform/db/tables/status-page.ts';

/**
 * The status vocabularies of the status page (Atlassian Statuspage's), and the one ordering rule
 * between component statuses. Pure; the public side (part B) and the admin API share these.
 */
export const COMPONENT_STATUSES = [
  'operational',
  'under_maintenance',
  'degraded_performance',
  'partial_outage',
  'major_outage',
] as const satisfies readonly ComponentStatus[];

export const INCIDENT_STATUSES = [
  'investigating',
  'identified',
  'monitoring',
  'resolved',
] as const satisfies readonly PublicIncidentStatus[];

export const MAINTENANCE_STATUSES = [
  'scheduled',
  'in_progress',
  'verifying',
  'completed',
] as const satisfies readonly PublicIncidentStatus[];

export const UPDATE_STATUSES = [...INCIDENT_STATUSES, ...MAINTENANCE_STATUSES] as const;

export const IMPACTS = [
  'none',
  'minor',
  'major',
  'critical',
  'maintenance',
] as const satisfies readonly PublicImpact[];

/** How bad a status is: COMPONENT_STATUSES is listed from best to worst. */
export function severityRank(status: ComponentStatus): number {
  return COMPONENT_STATUSES.indexOf(status);
}

/**
 * The status a component shows when several open incidents and maintenances give it one each:
 * the worst (major_outage > partial_outage > degraded_performance > under_maintenance >
 * operational); operational when none does.
 */
export function worstStatus(statuses: Iterable<ComponentStatus>): ComponentStatus {
  let worst: ComponentStatus = 'operational';
  for (const s of statuses) if (severityRank(s) > severityRank(worst)) worst = s;
  return worst;
}

/** Statuspage's impact of an incident from the worst status it gives a component. */
export function impactOf(statuses: Iterable<ComponentStatus>): PublicImpact {
  switch (worstStatus(statuses)) {
    case 'major_outage':
      return 'critical';
    case 'partial_outage':
      return 'major';
    case 'degraded_performance':
      return 'minor';
    case 'under_maintenance':
    case 'operational':
      return 'none';
  }
}

/** The statuses that close a public incident (resolved) or a maintenance (completed). */
export function isClosingStatus(status: PublicIncidentStatus): boolean {
  return status === 'resolved' || status === 'completed';
}
