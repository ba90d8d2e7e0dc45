import type { Generated } from 'kysely';
import type { ContactMethodType } from './users.ts';

/** Messages to people, each delivery attempt, and action links that have acted (src/notify). */
export interface NotifyTables {
  notifications: NotificationsTable;
  notification_attempts: NotificationAttemptsTable;
  used_action_links: UsedActionLinksTable;
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

/**
 * page: escalation; update: a status update to a subscriber; reminder: an update is due;
 * action_item: an action item of the incident is overdue (to its owner, src/action-items).
 */
export type NotificationKind = 'page' | 'update' | 'reminder' | 'action_item' | 'postmortem';

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
