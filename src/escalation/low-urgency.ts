import { insertNotifications } from '../notify/repository.ts';
import { pendingNotification } from '../notify/rows.ts';
import { updateMethodsOf } from '../notify/update-methods.ts';
import type { Queryable } from '../platform/db/connect.ts';
import type { NotificationKind } from '../platform/db/tables/notify.ts';
import type { ContactMethodType } from '../platform/db/tables/users.ts';
import type { NewRow } from '../platform/db/tables.ts';
import { notificationRulesOfUsers } from './repository.ts';

const MINUTE = 60_000;

/** A nudge for one person about one incident: an overdue action item, a postmortem falling due. */
export interface LowUrgencyReminder {
  userId: string;
  incidentId: string;
  kind: NotificationKind;
  message: string;
}

/** One way a reminder goes out: a contact method, after a delay in minutes. */
export interface ReminderWay {
  id: string;
  type: ContactMethodType;
  delay: number;
}

/**
 * Queues each reminder through its person's low-urgency notification rules (each after its
 * delay), as a low-urgency page would go: a reminder is not worth a phone call at 3 am, and how
 * a low-urgency thing reaches someone is their choice. Someone without low-urgency rules gets it
 * on their least intrusive contact method (src/notify/update-methods.ts); someone without any
 * contact method gets nothing, which the caller says on the timeline. Returns the ways taken,
 * one list per reminder in order.
 */
export async function queueLowUrgencyReminders(
  db: Queryable,
  reminders: LowUrgencyReminder[],
  now: number,
): Promise<ReminderWay[][]> {
  if (reminders.length === 0) return [];
  const people = [...new Set(reminders.map((r) => r.userId))];
  const lowRules = (await notificationRulesOfUsers(db, people)).filter((r) => r.urgency === 'low');
  const fallback = await updateMethodsOf(db, people);
  const notifications: NewRow<'notifications'>[] = [];
  const taken = reminders.map((r) => {
    const mine = lowRules.filter((rule) => rule.user_id === r.userId);
    const first = fallback.get(r.userId)?.[0];
    const ways: ReminderWay[] =
      mine.length > 0
        ? mine.map((rule) => ({ id: rule.contact_method_id, type: rule.type, delay: rule.delay_minutes }))
        : first === undefined
          ? []
          : [{ id: first.id, type: first.type, delay: 0 }];
    for (const w of ways) {
      notifications.push(
        pendingNotification(
          {
            incidentId: r.incidentId,
            pageId: null,
            userId: r.userId,
            contactMethodId: w.id,
            channel: w.type,
            runAt: now + w.delay * MINUTE,
            kind: r.kind,
            message: r.message,
          },
          now,
        ),
      );
    }
    return ways;
  });
  if (notifications.length > 0) await insertNotifications(db, notifications);
  return taken;
}

/** `reminded Ada (webhook, email after 5 min)`, or why nobody was: for the timeline. */
export function remindedText(name: string, ways: ReminderWay[]): string {
  if (ways.length === 0) return `could not remind ${name}: no contact method`;
  const how = ways.map((w) => (w.delay === 0 ? w.type : `${w.type} after ${w.delay} min`)).join(', ');
  return `reminded ${name} (${how})`;
}
