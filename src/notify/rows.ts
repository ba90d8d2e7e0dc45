import type { NotificationKind } from '../platform/db/tables/notify.ts';
import type { ContactMethodType } from '../platform/db/tables/users.ts';
import type { NewRow } from '../platform/db/tables.ts';
import { newId } from '../platform/ids.ts';

/**
 * A new pending notification. Its id is its idempotency key: created once, in the transaction
 * that decides to send it, so every attempt to send it carries the same key.
 */
export function pendingNotification(
  n: {
    incidentId: string;
    pageId: string | null;
    userId: string;
    contactMethodId: string;
    channel: ContactMethodType;
    runAt: number;
    /** Default `page`; an update or reminder carries its `message`. */
    kind?: NotificationKind;
    message?: string | null;
  },
  now: number,
): NewRow<'notifications'> & { id: string } {
  const id = newId('ntf', now);
  return {
    id,
    incident_id: n.incidentId,
    page_id: n.pageId,
    user_id: n.userId,
    contact_method_id: n.contactMethodId,
    channel: n.channel,
    status: 'pending',
    run_at: n.runAt,
    attempts: 0,
    locked_by: null,
    locked_until: null,
    idempotency_key: id,
    bundled_into: null,
    last_error: null,
    sent_at: null,
    created_at: now,
    updated_at: now,
    kind: n.kind ?? 'page',
    message: n.message ?? null,
  };
}
