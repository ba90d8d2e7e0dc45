import { inBusinessHours, localDay } from '../action-items/days.ts';
import { queueLowUrgencyReminders, remindedText } from '../escalation/low-urgency.ts';
import { addBusinessDays } from '../platform/business-days.ts';
import type { Queryable } from '../platform/db/connect.ts';
import { postmortemPageUrl } from '../platform/http/page-urls.ts';
import { type TimelineEntry, addTimeline } from '../timeline/repository.ts';
import { activePeople, dueCandidates, takePostmortemReminder } from './repository-reminders.ts';

const DAY = 86_400_000;

type Candidate = Awaited<ReturnType<typeof dueCandidates>>[number];
interface Reminder {
  c: Candidate;
  kind: 'due_soon' | 'overdue';
  day: string;
  person: { id: string; name: string; time_zone: string };
}

/**
 * The engine's pass over postmortems falling due (src/engine/timers.ts). The owner of an
 * unpublished postmortem (whoever started it while it has none) hears once when it is due within
 * one business day, so a Monday deadline is announced on Friday, and then once per day while it is
 * overdue, all in business hours where they are and through their low-urgency rules
 * (src/escalation/low-urgency.ts), like overdue action items. A waived or published postmortem is
 * left alone. Each reminder takes its `postmortem_reminders` row first, insert-or-nothing, in the
 * transaction that queues it: of several engines, exactly one sends it. Returns how many it sent.
 */
export async function runPostmortemReminders(db: Queryable, now: number, publicUrl = ''): Promise<number> {
  // Due within one business day of now anywhere: at most 3 calendar days (Friday to Monday) ahead.
  const candidates = await dueCandidates(db, now + 4 * DAY);
  if (candidates.length === 0) return 0;
  const people = new Map(
    (await activePeople(db, [...new Set(candidates.map(recipientId).filter((id) => id !== null))])).map(
      (p) => [p.id, p],
    ),
  );
  const due: Reminder[] = [];
  for (const c of candidates) {
    const person = people.get(recipientId(c) ?? '');
    if (person === undefined || !inBusinessHours(person.time_zone, now)) continue;
    const dueAt = c.due_at!;
    const r: Reminder | null =
      dueAt <= now
        ? { c, kind: 'overdue', day: localDay(person.time_zone, now), person }
        : addBusinessDays(now, 1, person.time_zone) >= dueAt
          ? { c, kind: 'due_soon', day: localDay(person.time_zone, dueAt), person }
          : null;
    if (
      r !== null &&
      (await takePostmortemReminder(db, { postmortemId: c.id, kind: r.kind, day: r.day }, now))
    ) {
      due.push(r);
    }
  }
  if (due.length === 0) return 0;

  const sent = await queueLowUrgencyReminders(
    db,
    due.map((r) => ({
      userId: r.person.id,
      incidentId: r.c.incident_id,
      kind: 'postmortem' as const,
      message: reminderText(r, now, publicUrl),
    })),
    now,
  );
  const entries: TimelineEntry[] = due.map((r, i) => ({
    incidentId: r.c.incident_id,
    kind: 'postmortem_reminder',
    actor: 'system:engine',
    message: `Postmortem ${r.kind === 'overdue' ? 'overdue' : 'due soon'}; ${remindedText(r.person.name, sent[i]!)}`,
    data: {
      postmortem_id: r.c.id,
      user_id: r.person.id,
      reminder: r.kind,
      due_at: new Date(r.c.due_at!).toISOString(),
      day: r.day,
      channels: sent[i]!.map((w) => w.type),
    },
  }));
  await addTimeline(db, now, entries);
  return due.length;
}

/** The owner, else the person who started it; null when a system actor started it ownerless. */
function recipientId(c: Candidate): string | null {
  if (c.owner_id !== null) return c.owner_id;
  return c.created_by.startsWith('user:') ? c.created_by.slice('user:'.length) : null;
}

/** What the owner reads: which postmortem, when it is or was due (in their zone), where to finish it. */
function reminderText(r: Reminder, now: number, publicUrl: string): string {
  const ref = `INC-${r.c.incident_number}`;
  const when = new Intl.DateTimeFormat('en-GB', {
    timeZone: r.person.time_zone,
    weekday: 'short',
    day: 'numeric',
    month: 'short',
    hour: '2-digit',
    minute: '2-digit',
    timeZoneName: 'short',
  }).format(r.c.due_at!);
  const late = Math.floor((now - r.c.due_at!) / DAY);
  const state =
    r.kind === 'due_soon'
      ? `is due ${when}`
      : late === 0
        ? `was due ${when} and is not published yet`
        : `was due ${when}, ${late} day${late === 1 ? '' : 's'} ago, and is not published yet`;
  return `The postmortem of ${ref} "${r.c.title}" ${state}. Finish it: ${postmortemPageUrl(publicUrl, r.c.id)}`;
}
