import type { Generated } from 'kysely';
import type { ContactMethodType } from './tables.ts';
import type { Urgency } from './tables-ingest.ts';

/**
 * Tables of escalation and paging (src/escalation, src/notify). Times are epoch milliseconds;
 * JSON columns are text.
 */
export interface EscalationTables {
  escalation_policies: EscalationPoliciesTable;
  escalation_levels: EscalationLevelsTable;
  notification_rules: NotificationRulesTable;
  incident_escalations: IncidentEscalationsTable;
  pages: PagesTable;
  notifications: NotificationsTable;
  notification_attempts: NotificationAttemptsTable;
  used_action_links: UsedActionLinksTable;
  incident_timeline: IncidentTimelineTable;
}

export interface EscalationPoliciesTable {
  id: string;
  name: string;
  description: string;
  team_id: string | null;
  repeat_count: number;
  ack_timeout_minutes: number | null;
  created_at: number;
  updated_at: number;
}

export type EscalationTargetType = 'user' | 'schedule' | 'team' | 'schedule_round_robin';

export interface EscalationTarget {
  type: EscalationTargetType;
  id: string;
}

export interface EscalationLevelsTable {
  id: string;
  policy_id: string;
  /** 0-based order within the policy. */
  position: number;
  delay_minutes: number;
  /** JSON EscalationTarget[]. */
  targets: string;
}

export interface NotificationRulesTable {
  id: string;
  user_id: string;
  contact_method_id: string;
  urgency: Urgency;
  delay_minutes: number;
  created_at: number;
}

/** `active`: due_at is the next thing to do; `exhausted`: every level and repeat ran; `stopped`: resolved. */
export type EscalationState = 'active' | 'exhausted' | 'stopped';

export interface IncidentEscalationsTable {
  incident_id: string;
  policy_id: string | null;
  /** JSON string[] of user ids when reassigned to people rather than a policy. */
  assignees: string | null;
  state: EscalationState;
  /** The level that fires next (0-based). */
  level: number;
  /** Which pass over the policy (0 = first). */
  round: number;
  step: number;
  due_at: number | null;
  snoozed_until: number | null;
  updated_at: number;
}

export type PageReason = 'escalation' | 'manual' | 'reassign' | 'retrigger';

export interface PagesTable {
  id: string;
  incident_id: string;
  user_id: string;
  step: number;
  level: number;
  round: number;
  reason: PageReason;
  at: number;
}

export type NotificationStatus = 'pending' | 'sending' | 'sent' | 'failed' | 'cancelled' | 'bundled';

export interface NotificationsTable {
  id: string;
  incident_id: string;
  page_id: string | null;
  user_id: string;
  contact_method_id: string | null;
  channel: ContactMethodType;
  status: NotificationStatus;
  run_at: number;
  attempts: number;
  locked_by: string | null;
  locked_until: number | null;
  idempotency_key: string;
  bundled_into: string | null;
  last_error: string | null;
  sent_at: number | null;
  created_at: number;
  updated_at: number;
  kind: Generated<NotificationKind>;
  /** The text of an update or reminder; pages are rendered from the incident. */
  message: string | null;
}

/** page: escalation; update: a status update to a subscriber; reminder: an update is due. */
export type NotificationKind = 'page' | 'update' | 'reminder';

export interface NotificationAttemptsTable {
  id: string;
  notification_id: string;
  attempt: number;
  channel: ContactMethodType;
  outcome: 'delivered' | 'failed';
  response_code: number | null;
  latency_ms: number;
  error: string | null;
  engine: string;
  at: number;
}

export interface IncidentTimelineTable {
  id: string;
  incident_id: string;
  at: number;
  kind: string;
  /** `user:<id>`, `system:<name>`, `alert:<id>`. */
  actor: string;
  message: string;
  /** JSON object with the entry's particulars (user ids, channel, level...). */
  data: string;
  /** 1: a key event (pinned note). */
  pinned: Generated<number>;
  /** 1: written after the fact with a past `at`; `recorded_at` is when. */
  backdated: Generated<number>;
  recorded_at: number | null;
}

/** An action link that has acted (by the SHA-256 of its token), so it cannot act again. */
export interface UsedActionLinksTable {
  token_hash: string;
  incident_id: string;
  user_id: string;
  action: 'acknowledge' | 'resolve';
  used_at: number;
  /** When the link would have expired anyway; the row can go from then on. */
  expires_at: number;
}
