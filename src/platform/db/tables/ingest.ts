/**
 * What ingestion records: alerts, every event that touched one, and change events
 * (written by src/ingest; alerts are read and acted on through src/alerts/repository.ts).
 */
export interface IngestTables {
  alerts: AlertsTable;
  alert_events: AlertEventsTable;
  change_events: ChangeEventsTable;
}

export type AlertStatus = 'triggered' | 'acknowledged' | 'resolved' | 'suppressed';
export type Severity = 'critical' | 'error' | 'warning' | 'info';

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
