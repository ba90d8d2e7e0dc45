import type { Generated } from 'kysely';
import type { SeverityName } from './severities.ts';

/**
 * Incidents and what hangs off one (src/incidents): the services it affects, role assignments,
 * status updates, subscribers, tasks. Booleans are 0/1 integers (SQLite has no boolean).
 */
export interface IncidentTables {
  incidents: IncidentsTable;
  incident_services: IncidentServicesTable;
  incident_role_assignments: IncidentRoleAssignmentsTable;
  incident_updates: IncidentUpdatesTable;
  incident_subscribers: IncidentSubscribersTable;
  service_subscribers: ServiceSubscribersTable;
  incident_tasks: IncidentTasksTable;
}

export type IncidentStatus = 'triggered' | 'acknowledged' | 'mitigated' | 'resolved' | 'closed';
export type Urgency = 'high' | 'low';

export interface IncidentsTable {
  id: string;
  number: number;
  title: string;
  service_id: string;
  urgency: Urgency;
  status: IncidentStatus;
  group_key: string;
  alert_count: number;
  created_at: number;
  updated_at: number;
  last_alert_at: number;
  acknowledged_at: number | null;
  acknowledged_by: string | null;
  resolved_at: number | null;
  resolved_by: string | null;
  /** SEV1..SEV4 (src/severities); alert-born incidents start at the one mapped from the alert's severity. */
  severity: Generated<SeverityName>;
  description: Generated<string>;
  /** Chat channel name, `inc-YYYYMMDD-<service>` (src/incidents/slug.ts). */
  slug: Generated<string>;
  origin: Generated<'alert' | 'declared'>;
  declared_by: string | null;
  mitigated_at: number | null;
  mitigated_by: string | null;
  closed_at: number | null;
  closed_by: string | null;
  /** Set on an incident merged into another; it is then resolved and takes no action. */
  merged_into_id: string | null;
  /** The postmortem a closing incident of a postmortem-required severity must have. */
  postmortem_url: string | null;
  /** Why an admin let it close without a postmortem (src/postmortems waive); null: not waived. */
  postmortem_waived_reason: string | null;
  /** Actor ref of the admin who waived it. */
  postmortem_waived_by: string | null;
  last_update_at: number | null;
  /** When the next status update is due (severity cadence); the engine reminds the commander then. */
  next_update_due_at: number | null;
  /** The source's own start time of the alert that opened it (MTTD); null when declared. */
  source_started_at: Generated<number | null>;
  /** That alert's name: its `alertname` label, else its class, else its summary (alert quality). */
  alert_name: Generated<string | null>;
  /** The responders' verdict, asked when resolving: was it worth a page? null: not given. */
  classification: Generated<Classification | null>;
  classified_by: Generated<string | null>;
  classified_at: Generated<number | null>;
  /** Pages sent for it (src/escalation/page.ts counts them as it writes them). */
  page_count: Generated<number>;
}

export type Classification = 'actionable' | 'noise';

/** Services an incident affects besides its own (`incidents.service_id`). */
export interface IncidentServicesTable {
  incident_id: string;
  service_id: string;
}

/** Every assignment ever made; the current holder of a role has ended_at null. */
export interface IncidentRoleAssignmentsTable {
  id: string;
  incident_id: string;
  role: string;
  user_id: string;
  assigned_at: number;
  /** actor ref: `user:<id>` or `system:<name>`. */
  assigned_by: string;
  ended_at: number | null;
  ended_by: string | null;
}

export interface IncidentUpdatesTable {
  id: string;
  incident_id: string;
  message: string;
  incident_status: string;
  severity: string;
  created_at: number;
  created_by: string;
}

export interface IncidentSubscribersTable {
  incident_id: string;
  user_id: string;
  contact_method_id: string | null;
  created_at: number;
  created_by: string;
}

export interface ServiceSubscribersTable {
  service_id: string;
  user_id: string;
  contact_method_id: string | null;
  created_at: number;
  created_by: string;
}

export type TaskSource = 'checklist' | 'manual';

export interface IncidentTasksTable {
  id: string;
  incident_id: string;
  title: string;
  position: number;
  assignee_id: string | null;
  source: TaskSource;
  done_at: number | null;
  done_by: string | null;
  created_at: number;
  created_by: string;
}
