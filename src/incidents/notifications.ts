import type { Queryable } from '../platform/db/connect.ts';
import type { PageQuery, Page } from '../platform/db/paginate.ts';
import type { Row } from '../platform/db/tables.ts';
import { iso } from '../platform/http/schema.ts';
import { attemptsOf, notificationsPage } from './repository.ts';
import type { NotificationView } from './schemas.ts';

/**
 * The notification log: every message the engine scheduled for an incident or a person, with
 * each delivery attempt, so "was I paged, and what did the receiver answer?" has an answer.
 */
export async function listNotifications(
  db: Queryable,
  of: { incidentId: string } | { userId: string },
  page: PageQuery,
): Promise<Page<NotificationView>> {
  const rows = await notificationsPage(db, of, page);
  const attempts = await attemptsOf(
    db,
    rows.data.map((n) => n.id),
  );
  const byNotification = new Map<string, Row<'notification_attempts'>[]>();
  for (const a of attempts) {
    const list = byNotification.get(a.notification_id) ?? [];
    list.push(a);
    byNotification.set(a.notification_id, list);
  }
  return {
    data: rows.data.map((n) => presentNotification(n, byNotification.get(n.id) ?? [])),
    next_cursor: rows.next_cursor,
  };
}

export function presentNotification(
  n: Row<'notifications'>,
  attempts: Row<'notification_attempts'>[],
): NotificationView {
  return {
    id: n.id,
    incident_id: n.incident_id,
    user_id: n.user_id,
    channel: n.channel,
    contact_method_id: n.contact_method_id,
    status: n.status,
    run_at: iso(n.run_at),
    sent_at: iso(n.sent_at),
    attempts: n.attempts,
    last_error: n.last_error,
    kind: n.kind,
    bundled_into: n.bundled_into,
    attempts_log: attempts.map((a) => ({
      attempt: a.attempt,
      outcome: a.outcome,
      response_code: a.response_code,
      latency_ms: a.latency_ms,
      error: a.error,
      at: iso(a.at),
    })),
  };
}
