/**
 * The public status page (src/status-page, issue 18): components in groups with their status
 * history, public incidents and scheduled maintenance with their updates, update templates,
 * subscribers and the deliveries to them. Modelled on Atlassian Statuspage so its API v2 shapes
 * come straight from these rows. Booleans are 0/1 integers, JSON is text, times are ms.
 */
export interface StatusPageTables {
  status_component_groups: StatusComponentGroupsTable;
  status_components: StatusComponentsTable;
  status_component_changes: StatusComponentChangesTable;
  status_incidents: StatusIncidentsTable;
  status_incident_components: StatusIncidentComponentsTable;
  status_incident_updates: StatusIncidentUpdatesTable;
  status_templates: StatusTemplatesTable;
  status_subscribers: StatusSubscribersTable;
  status_deliveries: StatusDeliveriesTable;
  status_page_reminders: StatusPageRemindersTable;
}

/**
 * Part C: the last time an open incident's commander and comms lead were reminded that its
 * public status page is due (src/status-page/deadlines); the next reminder waits an interval.
 */
export interface StatusPageRemindersTable {
  incident_id: string;
  reminded_at: number;
}

export type ComponentStatus =
  'operational' | 'degraded_performance' | 'partial_outage' | 'major_outage' | 'under_maintenance';

/** Incident statuses, then the maintenance ones (Statuspage keeps both on one incident object). */
export type PublicIncidentStatus =
  | 'investigating'
  | 'identified'
  | 'monitoring'
  | 'resolved'
  | 'scheduled'
  | 'in_progress'
  | 'verifying'
  | 'completed';

/** Statuspage's impact; `maintenance` is what a scheduled maintenance carries. */
export type PublicImpact = 'none' | 'minor' | 'major' | 'critical' | 'maintenance';

export interface StatusComponentGroupsTable {
  id: string;
  name: string;
  description: string;
  position: number;
  created_at: number;
  updated_at: number;
}

export interface StatusComponentsTable {
  id: string;
  /** Unique; config as code matches components by name. */
  name: string;
  description: string;
  group_id: string | null;
  /** The Tocsin service this component stands for on the page, if any. */
  service_id: string | null;
  position: number;
  /** The current status; every change is also a row of status_component_changes. */
  status: ComponentStatus;
  showcase: number;
  only_show_if_degraded: number;
  /** `YYYY-MM-DD`: uptime bars start here (Statuspage's start_date); null = from creation. */
  start_date: string | null;
  created_at: number;
  updated_at: number;
}

/** One row per status a component entered, at `at`: the uptime bars are computed from these. */
export interface StatusComponentChangesTable {
  id: string;
  component_id: string;
  status: ComponentStatus;
  at: number;
  /** Public incident or maintenance that made the change; null for a change by hand. */
  status_incident_id: string | null;
  changed_by: string | null;
}

export interface StatusIncidentsTable {
  id: string;
  kind: 'incident' | 'maintenance';
  name: string;
  status: PublicIncidentStatus;
  impact: PublicImpact;
  /** The internal incident it was published from (never shown publicly). Unique when set. */
  incident_id: string | null;
  /** Maintenance: the Tocsin maintenance window silencing alerts for the same period. */
  maintenance_window_id: string | null;
  scheduled_for: number | null;
  scheduled_until: number | null;
  /** Maintenance: move to in_progress at scheduled_for and completed at scheduled_until (0/1). */
  auto_transition: number;
  started_at: number;
  monitoring_at: number | null;
  resolved_at: number | null;
  created_by: string | null;
  created_at: number;
  updated_at: number;
}

/** The components a public incident affects and the status it gives each while open. */
export interface StatusIncidentComponentsTable {
  status_incident_id: string;
  component_id: string;
  status: ComponentStatus;
}

export interface StatusIncidentUpdatesTable {
  id: string;
  status_incident_id: string;
  status: PublicIncidentStatus;
  /** Markdown, rendered safely (no raw HTML) on the page and in mail. */
  body: string;
  display_at: number;
  /** JSON [{code, name, old_status, new_status}] as Statuspage has it. */
  affected_components: string;
  deliver_notifications: number;
  /**
   * When an engine queued this update's deliveries to subscribers (one status_deliveries row
   * each); null until then. Posting an update only writes the row and wakes the engines.
   */
  fanned_out_at: number | null;
  created_by: string | null;
  created_at: number;
  updated_at: number;
}

export interface StatusTemplatesTable {
  id: string;
  name: string;
  /** The update status the template is for. */
  update_status: PublicIncidentStatus;
  /** Optional incident name; `{{service}}`, `{{component}}`, `{{start_time}}` are filled in. */
  title: string;
  body: string;
  created_at: number;
  updated_at: number;
}

export interface StatusSubscribersTable {
  id: string;
  kind: 'email' | 'webhook';
  /** An email address or a webhook URL; unique per kind. */
  address: string;
  /** JSON string[] of component ids, or null for everything. */
  component_ids: string | null;
  /** Webhook: its signing secret, encrypted with the secrets key. */
  secret_enc: string | null;
  /** Email: keyed hash of the pending confirmation token; null once confirmed. */
  confirm_token_hash: string | null;
  confirmed_at: number | null;
  /** Webhook: the first failed attempt since its last delivered one; null while healthy. */
  failing_since: number | null;
  /** Webhook: deliveries given up in a row (failed after their retries). */
  failed_deliveries: number;
  /** Webhook: quarantined after failing too long (subscribers/health.ts): nothing more is sent. */
  quarantined_at: number | null;
  created_at: number;
  updated_at: number;
}

export type StatusDeliveryStatus = 'pending' | 'sending' | 'sent' | 'failed' | 'cancelled';

/**
 * One message to one subscriber: a confirmation mail or one update. `idempotency_key` is unique
 * (`update:<update id>:<subscriber id>`, `confirm:<subscriber id>:<n>`), so an update reaches
 * each subscriber once however many engines fan it out; claimed with a lease like notifications.
 */
export interface StatusDeliveriesTable {
  id: string;
  subscriber_id: string;
  kind: 'confirm' | 'update';
  update_id: string | null;
  idempotency_key: string;
  status: StatusDeliveryStatus;
  run_at: number;
  attempts: number;
  locked_by: string | null;
  locked_until: number | null;
  response_code: number | null;
  last_error: string | null;
  sent_at: number | null;
  created_at: number;
  updated_at: number;
}
