/**
 * Tables of the incident lifecycle (src/incidents, src/severities): severities, roles, status
 * updates, subscribers, tasks. Times are epoch milliseconds; JSON columns are text; booleans
 * are 0/1 integers (SQLite has no boolean).
 */
export interface IncidentTables {
  severities: SeveritiesTable;
  incident_role_types: IncidentRoleTypesTable;
  incident_services: IncidentServicesTable;
  incident_role_assignments: IncidentRoleAssignmentsTable;
  incident_updates: IncidentUpdatesTable;
  incident_subscribers: IncidentSubscribersTable;
  service_subscribers: ServiceSubscribersTable;
  incident_tasks: IncidentTasksTable;
}

export type SeverityName = 'SEV1' | 'SEV2' | 'SEV3' | 'SEV4';
export type ResponseHours = '24x7' | 'business_hours' | 'next_sprint';

export interface SeveritiesTable {
  name: SeverityName;
  rank: number;
  description: string;
  /** `24x7` severities are the paging ones: rising into one pages again. */
  response_hours: ResponseHours;
  response_target_minutes: number | null;
  status_page_minutes: number | null;
  update_cadence_minutes: number | null;
  postmortem_required: number;
  /** JSON string[]: alert severities whose incidents start at this severity. */
  alert_severities: string;
  /** JSON string[]: task titles seeded on every incident of this severity. */
  checklist: string;
  updated_at: number;
}

export interface IncidentRoleTypesTable {
  slug: string;
  name: string;
  description: string;
  position: number;
  created_at: number;
}

export interface IncidentServicesTable {
  incident_id: string;
  service_id: string;
}

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
