import { type TimelineEntry, addTimeline } from '../timeline/repository.ts';
import { notificationRulesOfUsers } from '../escalation/repository.ts';
import { insertNotifications } from '../notify/repository.ts';
import { pendingNotification } from '../notify/rows.ts';
import { updateMethodsOf } from '../notify/update-methods.ts';
import type { Queryable } from '../platform/db/connect.ts';
import type { NewRow } from '../platform/db/tables.ts';
import { incidentPageUrl } from '../platform/http/page-urls.ts';
import { inBusinessHours, latestDayOnEarth, localDay } from './days.ts';
import { overdueCandidates, takeDailyReminder } from './repository.ts';

const MINUTE = 60_000;

type Candidate = Awaited<ReturnType<typeof overdueCandidates>>[number];

/**
 * The engine's overdue action-item pass (src/engine/timers.ts). Each open item past its due date
 * reminds its owner once per day, in business hours (Mon-Fri 09:00-17:00) where the owner is, so
 * a follow-up nags during the working day and never at night or at the weekend. The reminder goes
 * through the owner's low-urgency notification rules (each after its delay), like a low-urgency
 * page would: a reminder is not worth a phone call at 3 am, and it is the owner's choice how a
 * low-urgency thing reaches them; someone without low-urgency rules gets it on their least
 * intrusive contact method (src/notify/update-methods.ts). `action_item_reminders` (item, day)
 * is taken first, insert-or-nothing, in the same transaction as the notifications: of several
 * engines only the one whose insert went in queues them. Returns how many items it reminded of.
 */
export async function runActionItemReminders(db: Queryable, now: number, publicUrl = ''): Promise<number> {
  const taken: Candidate[] = [];
  for (const c of await overdueCandidates(db, latestDayOnEarth(now))) {
    const today = localDay(c.time_zone, now);
    if (c.due_date === null || c.due_date >= today) continue;
    if (c.last_day !== null && c.last_day >= today) continue;
    if (!inBusinessHours(c.time_zone, now)) continue;
    if (await takeDailyReminder(db, c.id, today, now)) taken.push(c);
  }
  if (taken.length === 0) return 0;

  const owners = [...new Set(taken.map((c) => c.owner_id!))];
  const lowRules = (await notificationRulesOfUsers(db, owners)).filter((r) => r.urgency === 'low');
  const fallback = await updateMethodsOf(db, owners);
  const notifications: NewRow<'notifications'>[] = [];
  const entries: TimelineEntry[] = [];
  for (const c of taken) {
    const userId = c.owner_id!;
    const mine = lowRules.filter((r) => r.user_id === userId);
    const first = fallback.get(userId)?.[0];
    const ways =
      mine.length > 0
        ? mine.map((r) => ({ id: r.contact_method_id, type: r.type, delay: r.delay_minutes }))
        : first === undefined
          ? []
          : [{ id: first.id, type: first.type, delay: 0 }];
    const message = reminderText(c, now, publicUrl);
    for (const w of ways) {
      notifications.push(
        pendingNotification(
          {
            incidentId: c.incident_id,
            pageId: null,
            userId,
            contactMethodId: w.id,
            channel: w.type,
            runAt: now + w.delay * MINUTE,
            kind: 'action_item',
            message,
          },
          now,
        ),
      );
    }
    entries.push({
      incidentId: c.incident_id,
      kind: 'action_item_overdue',
      actor: 'system:engine',
      message:
        `Action item ${JSON.stringify(c.title)} overdue since ${c.due_date}; ` +
        (ways.length === 0
          ? `could not remind ${c.owner_name}: no contact method`
          : `reminded ${c.owner_name} (${ways.map((w) => (w.delay === 0 ? w.type : `${w.type} after ${w.delay} min`)).join(', ')})`),
      data: {
        action_item_id: c.id,
        owner_id: userId,
        due_date: c.due_date,
        day: localDay(c.time_zone, now),
        channels: ways.map((w) => w.type),
      },
    });
  }
  if (notifications.length > 0) await insertNotifications(db, notifications);
  await addTimeline(db, now, entries);
  return taken.length;
}

/** What the owner reads: which item of which incident, since when, and where to close it. */
function reminderText(c: Candidate, now: number, publicUrl: string): string {
  const ref = `INC-${c.incident_number}`;
  const days = Math.round(
    (Date.parse(localDay(c.time_zone, now)) - Date.parse(c.due_date!)) / (24 * 60 * MINUTE),
  );
  return [
    `${ref} action item "${c.title}" (${c.priority} priority) was due ${c.due_date}, ${days} day${days === 1 ? '' : 's'} ago, and is not done yet.`,
    `Finish it or change its due date: ${incidentPageUrl(publicUrl, ref)} (or \`tocsin action-item done ${c.id}\`).`,
  ].join(' ');
}
