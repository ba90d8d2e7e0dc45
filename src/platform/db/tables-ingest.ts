import type { Generated } from 'kysely';
import type { SeverityName } from './tables-incidents.ts';

/** Tables of alert ingestion (src/integrations, src/alerts, src/incidents, src/silences, src/heartbeats). */
export type IntegrationType = 'events-v2' | 'alertmanager' | 'grafana' | 'generic' | 'heartbeat';
export type AlertStatus = 'triggered' | 'acknowledged' | 'resolved' | 'suppressed';
export type Severity = 'critical' | 'error' | 'warning' | 'info';
export type IncidentStatus = 'triggered' | 'acknowledged' | 'mitigated' | 'resolved' | 'closed';
export type Urgency = 'high' | 'low';
export type HeartbeatState = 'new' | 'up' | 'started' | 'down';

export interface IntegrationsTable {
  id: string;
  service_id: string;
  name: string;
  type: IntegrationType;
  key_hash: string;
  key_prefix: string;
  /** JSON: type-specific settings (generic field mapping, heartbeat period). */
  config: string;
  rate_limit_per_minute: number | null;
  disabled_at: number | null;
  created_at: number;
  updated_at: number;
}

export interface AlertsTable {
  id: string;
  service_id: string;
  integration_id: string | null;
  dedup_key: string;
  status: AlertStatus;
  severity: Severity;
  summary: string;
  source: string;
  component: string | null;
  group_name: string | null;
  class: string | null;
  /** JSON object of string labels. */
  labels: string;
  /** JSON object: custom details / annotations. */
  details: string;
  /** JSON arrays. */
  links: string;
  images: string;
  started_at: number;
  received_at: number;
  last_seen_at: number;
  occurrences: number;
  /** Alertmanager alerts resolve themselves here unless re-sent. */
  ends_at: number | null;
  acknowledged_at: number | null;
  resolved_at: number | null;
  incident_id: string | null;
  /** `silence:<id>` or `maintenance:<id>` when suppressed. */
  suppressed_by: string | null;
}

export interface AlertEventsTable {
  id: string;
  alert_id: string;
  action: 'trigger' | 'repeat' | 'acknowledge' | 'resolve';
  at: number;
  payload: string;
}

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
  last_update_at: number | null;
  /** When the next status update is due (severity cadence); the engine reminds the commander then. */
  next_update_due_at: number | null;
}

export interface ChangeEventsTable {
  id: string;
  service_id: string;
  integration_id: string | null;
  summary: string;
  source: string | null;
  timestamp: number;
  details: string;
  links: string;
  received_at: number;
}

export interface SilencesTable {
  id: string;
  /** Unique when set; config-as-code matches silences by it. */
  name: string | null;
  service_id: string | null;
  /** JSON array of {name, op, value}. */
  matchers: string;
  starts_at: number;
  ends_at: number;
  comment: string;
  created_by: string;
  created_at: number;
  updated_at: number;
}

export interface MaintenanceWindowsTable {
  id: string;
  name: string;
  description: string;
  starts_at: number;
  ends_at: number;
  created_at: number;
  updated_at: number;
}

export interface MaintenanceWindowServicesTable {
  window_id: string;
  service_id: string;
}

export interface HeartbeatsTable {
  integration_id: string;
  period_seconds: number;
  grace_seconds: number;
  state: HeartbeatState;
  last_ping_at: number | null;
  last_start_at: number | null;
  due_at: number | null;
}

export interface CountersTable {
  name: string;
  value: number;
}

export interface IngestTables {
  integrations: IntegrationsTable;
  alerts: AlertsTable;
  alert_events: AlertEventsTable;
  incidents: IncidentsTable;
  change_events: ChangeEventsTable;
  silences: SilencesTable;
  maintenance_windows: MaintenanceWindowsTable;
  maintenance_window_services: MaintenanceWindowServicesTable;
  heartbeats: HeartbeatsTable;
  counters: CountersTable;
}
