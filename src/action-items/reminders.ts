import { type TimelineEntry, addTimeline } from '../timeline/repository.ts';
import { queueLowUrgencyReminders, remindedText } from '../escalation/low-urgency.ts';
import type { Queryable } from '../platform/db/connect.ts';
import { incidentPageUrl } from '../platform/http/page-urls.ts';
import { inBusinessHours, latestDayOnEarth, localDay } from './days.ts';
import { overdueCandidates, takeDailyReminder } from './repository.ts';

const MINUTE = 60_000;

type Candidate = Awaited<ReturnType<typeof overdueCandidates>>[number];

/**
 * The engine's overdue action-item pass (src/engine/timers.ts). Each open item past its due date
 * reminds its owner once per day, in business hours (Mon-Fri 09:00-17:00) where the owner is, so
 * a follow-up nags during the working day and never at night or at the weekend, through the
 * owner's low-urgency rules (src/escalation/low-urgency.ts). `action_item_reminders` (item, day)
 * is taken first, insert-or-nothing, in the same transaction as the notifications: of several
 * engines only the one whose insert went in queues them. Returns how many items it reminded of.
 */
export async function runActionItemReminders(db: Queryable, now: number, publicUrl = ''): Promise<number> {
  const taken: Candidate[] = [];
  // Today and business hours once a zone, not once an item: a backlog of 50,000 overdue items
  // held the event loop for seconds on every pass.
  const zones = new Map<string, { today: string; working: boolean }>();
  for (const c of await overdueCandidates(db, latestDayOnEarth(now))) {
    let where = zones.get(c.time_zone);
    if (where === undefined) {
      where = { today: localDay(c.time_zone, now), working: inBusinessHours(c.time_zone, now) };
      zones.set(c.time_zone, where);
    }
    const { today } = where;
    if (c.due_date === null || c.due_date >= today) continue;
    if (c.last_day !== null && c.last_day >= today) continue;
    if (!where.working) continue;
    if (await takeDailyReminder(db, c.id, today, now)) taken.push(c);
  }
  if (taken.length === 0) return 0;

  const sent = await queueLowUrgencyReminders(
    db,
    taken.map((c) => ({
      userId: c.owner_id!,
      incidentId: c.incident_id,
      kind: 'action_item' as const,
      message: reminderText(c, now, publicUrl),
    })),
    now,
  );
  const entries: TimelineEntry[] = taken.map((c, i) => ({
    incidentId: c.incident_id,
    kind: 'action_item_overdue',
    actor: 'system:engine',
    message: `Action item ${JSON.stringify(c.title)} overdue since ${c.due_date}; ${remindedText(c.owner_name, sent[i]!)}`,
    data: {
      action_item_id: c.id,
      owner_id: c.owner_id,
      due_date: c.due_date,
      day: localDay(c.time_zone, now),
      channels: sent[i]!.map((w) => w.type),
    },
  }));
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
