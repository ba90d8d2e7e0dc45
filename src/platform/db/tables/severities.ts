/**
 * Per-organisation incident settings (src/severities): the severity ladder and the incident
 * role types (src/severities/role-types.ts; assignments are src/incidents/roles).
 */
export interface SeverityTables {
  severities: SeveritiesTable;
  incident_role_types: IncidentRoleTypesTable;
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
  /** While open, a public status-page update is due this often (src/status-page deadlines). */
  public_update_minutes: number | null;
  /** 0/1 (SQLite has no boolean). */
  postmortem_required: number;
  /** A postmortem is due this many business days (Mon-Fri) after the incident resolves; null: no due date. */
  postmortem_due_business_days: number | null;
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
