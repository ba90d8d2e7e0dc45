import { type TimelineEntry, addTimeline } from '../../timeline/repository.ts';
import { remindRoleHolders } from '../../incidents/reminders.ts';
import { insertNotifications } from '../../incidents/repository-updates.ts';
import type { Queryable } from '../../platform/db/connect.ts';
import type { NewRow } from '../../platform/db/tables.ts';
import { incidentPageUrl } from '../../platform/http/page-urls.ts';
import { incidentsWithDeadline, statusPageInUse, takeReminder } from './repository.ts';

const MINUTE = 60_000;

type Candidate = Awaited<ReturnType<typeof incidentsWithDeadline>>[number];

/** What is due on the status page for one incident, and from when. */
export interface Due {
  what: 'publish' | 'update';
  dueAt: number;
  intervalMinutes: number;
}

/**
 * The status-page deadline of an open incident (the severity's settings): a public incident
 * `status_page_minutes` after it opened, then a public update every `public_update_minutes`
 * while the public incident is open. Null when nothing is owed (resolved publicly, no cadence).
 */
export function statusPageDue(c: Candidate): Due | null {
  if (c.status_page_minutes === null) return null;
  if (c.public_id === null) {
    return {
      what: 'publish',
      dueAt: Number(c.created_at) + c.status_page_minutes * MINUTE,
      intervalMinutes: c.status_page_minutes,
    };
  }
  if (c.public_resolved_at !== null || c.public_update_minutes === null) return null;
  const last = Number(c.last_update_at ?? c.public_created_at);
  return {
    what: 'update',
    dueAt: last + c.public_update_minutes * MINUTE,
    intervalMinutes: c.public_update_minutes,
  };
}

/** When a deadline's reminder is due: at the deadline, then an interval after the last reminder. */
function nextReminderAt(c: Candidate, due: Due): number {
  const seen = c.reminded_at === null ? null : Number(c.reminded_at);
  // Reminded since it fell due: wait an interval from that reminder.
  return seen !== null && seen >= due.dueAt ? seen + due.intervalMinutes * MINUTE : due.dueAt;
}

/**
 * For the engine's sleep (src/engine/due.ts): when the next status-page reminder is due, null
 * when none is (or the page is not in use), so a sleeping engine wakes on time for it.
 */
export async function nextStatusPageDeadlineAt(db: Queryable): Promise<number | null> {
  if (!(await statusPageInUse(db))) return null;
  let next: number | null = null;
  for (const c of await incidentsWithDeadline(db)) {
    const due = statusPageDue(c);
    if (due === null) continue;
    const at = nextReminderAt(c, due);
    if (next === null || at < next) next = at;
  }
  return next;
}

/**
 * The engine's status-page deadline pass (src/engine/timers.ts): an open SEV1/SEV2 (any severity
 * with a status-page deadline) that has no public incident in time, or whose public incident has
 * had no update for its cadence, reminds its commander and comms lead (reminder notifications,
 * like overdue internal updates, src/incidents/reminders.ts) and says so on its timeline
 * (`status_page_due`). It reminds again one interval after the last reminder while still due.
 * `status_page_reminders` makes each reminder happen once across engines (takeReminder).
 * Only once the status page is in use (it has a component): an install that does not publish a
 * public page is not told to about every SEV1. Runs in the caller's transaction; returns how
 * many incidents it reminded about.
 */
export async function runStatusPageDeadlines(db: Queryable, now: number, publicUrl = ''): Promise<number> {
  if (!(await statusPageInUse(db))) return 0;
  const taken: { c: Candidate; due: Due }[] = [];
  for (const c of await incidentsWithDeadline(db)) {
    const due = statusPageDue(c);
    if (due === null) continue;
    if (now < nextReminderAt(c, due)) continue;
    const seen = c.reminded_at === null ? null : Number(c.reminded_at);
    if (await takeReminder(db, c.id, seen, now)) taken.push({ c, due });
  }
  if (taken.length === 0) return 0;

  const byId = new Map(taken.map((t) => [t.c.id, t]));
  const reminders = await remindRoleHolders(db, [...byId.keys()], now, (id) => {
    const t = byId.get(id)!;
    return reminderText(t.c, t.due, now, publicUrl);
  });
  const notifications: NewRow<'notifications'>[] = [];
  const entries: TimelineEntry[] = [];
  for (const { c, due } of taken) {
    const r = reminders.get(c.id)!;
    notifications.push(...r.notifications);
    entries.push({
      incidentId: c.id,
      kind: 'status_page_due',
      actor: 'system:engine',
      message: `${dueWords(c, due)}; ${r.outcome}`,
      data: {
        due: due.what,
        due_at: new Date(due.dueAt).toISOString(),
        interval_minutes: due.intervalMinutes,
        public_incident_id: c.public_id,
        reminded: r.reminded,
        unreachable: r.unreachable,
      },
    });
  }
  if (notifications.length > 0) await insertNotifications(db, notifications);
  await addTimeline(db, now, entries);
  return taken.length;
}

function dueWords(c: Candidate, due: Due): string {
  return due.what === 'publish'
    ? `Status page due: no public incident published within ${due.intervalMinutes} min for ${c.severity}`
    : `Status page update due: no public update for ${due.intervalMinutes} min (every ${due.intervalMinutes} min for ${c.severity})`;
}

function reminderText(c: Candidate, due: Due, now: number, publicUrl: string): string {
  const ref = `INC-${c.number}`;
  const late = Math.max(0, Math.round((now - due.dueAt) / MINUTE));
  const what =
    due.what === 'publish'
      ? `publish it on the status page (due ${due.intervalMinutes} min after it opened${late > 0 ? `, ${late} min ago` : ''})`
      : `post a public update (one is due every ${due.intervalMinutes} min${late > 0 ? `; ${late} min overdue` : ''})`;
  return `${ref} (${c.severity}) "${c.title}": ${what}. ${incidentPageUrl(publicUrl, ref)}`;
}
