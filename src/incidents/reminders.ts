import { type TimelineEntry, addTimeline } from '../timeline/repository.ts';
import { incidentPageUrl } from '../platform/http/page-urls.ts';
import { pendingNotification } from '../notify/rows.ts';
import { updateMethodsOf } from '../notify/update-methods.ts';
import type { Dialect, Queryable } from '../platform/db/connect.ts';
import type { NewRow } from '../platform/db/tables.ts';
import { listSeverities } from '../severities/repository.ts';
import { isOpenStatus } from '../platform/db/open-incident.ts';
import {
  claimDueUpdates,
  clearNextUpdateDue,
  currentRoleHolders,
  insertNotifications,
  setNextUpdateDue,
} from './repository-updates.ts';

const MINUTE = 60_000;

/** The roles reminded when an update is overdue: whoever runs the response and whoever writes for it. */
export const REMINDED_ROLES = ['commander', 'comms_lead'] as const;
const ROLE_LABEL: Record<string, string> = { commander: 'commander', comms_lead: 'comms lead' };

/**
 * The engine's overdue-update pass (part of its timers, src/engine/timers.ts): every open incident
 * whose `next_update_due_at` has passed reminds its current commander and comms lead, over their
 * preferred contact method for updates, writes `update_due` on its timeline, and is due again one
 * cadence from now, so it keeps reminding until someone posts an update (which moves the due
 * time, src/incidents/updates.ts). Rows are claimed with SKIP LOCKED on PostgreSQL, so several
 * engines share the work without reminding twice. Runs inside the caller's transaction; returns
 * how many incidents it handled.
 */
export async function runDueReminders(
  db: Queryable,
  dialect: Dialect,
  now: number,
  limit: number,
  publicUrl = '',
): Promise<number> {
  const due = await claimDueUpdates(db, dialect, now, limit);
  if (due.length === 0) return 0;

  // A resolved, closed or merged incident owes no updates; a due time left on one is cleared so
  // it stops coming back here (and waking the engine).
  const done = due.filter((d) => !isOpenStatus(d.status) || d.merged_into_id !== null).map((d) => d.id);
  if (done.length > 0) await clearNextUpdateDue(db, done);
  const open = due.filter((d) => !done.includes(d.id));
  if (open.length === 0) return due.length;

  const cadences = new Map((await listSeverities(db)).map((s) => [s.name, s.updateCadenceMinutes]));
  const reminders = await remindRoleHolders(
    db,
    open.map((d) => d.id),
    now,
    (incidentId, timeZone) => {
      const incident = open.find((d) => d.id === incidentId)!;
      return reminderText(incident, cadences.get(incident.severity) ?? 0, now, timeZone, publicUrl);
    },
  );

  const notifications: NewRow<'notifications'>[] = [];
  const entries: TimelineEntry[] = [];
  for (const incident of open) {
    const cadence = cadences.get(incident.severity) ?? null;
    if (cadence === null) {
      // The severity no longer asks for updates (it was edited): nothing is overdue.
      await setNextUpdateDue(db, incident.id, null);
      continue;
    }
    const nextDue = now + cadence * MINUTE;
    const r = reminders.get(incident.id)!;
    notifications.push(...r.notifications);
    entries.push({
      incidentId: incident.id,
      kind: 'update_due',
      actor: 'system:engine',
      message: `Status update overdue (every ${cadence} min for ${incident.severity}); ${r.outcome}`,
      data: {
        due_at: new Date(incident.next_update_due_at!).toISOString(),
        cadence_minutes: cadence,
        reminded: r.reminded,
        unreachable: r.unreachable,
        next_due_at: new Date(nextDue).toISOString(),
      },
    });
    await setNextUpdateDue(db, incident.id, nextDue);
  }
  if (notifications.length > 0) await insertNotifications(db, notifications);
  await addTimeline(db, now, entries);
  return due.length;
}

export interface RoleReminders {
  notifications: NewRow<'notifications'>[];
  reminded: { user_id: string; roles: string[]; channel: string }[];
  unreachable: { user_id: string; roles: string[] }[];
  /** For the timeline: whom it reminded, whom it could not, or that nobody holds the roles. */
  outcome: string;
}

/**
 * Reminder notifications (kind `reminder`) for the current commander and comms lead of each
 * incident: one per person, naming every role they hold, over their preferred contact method for
 * updates, with `text(incidentId, theirTimeZone)`. Also used by the status-page deadlines
 * (src/status-page/deadlines). The caller inserts the notifications and writes the timeline.
 */
export async function remindRoleHolders(
  db: Queryable,
  incidentIds: string[],
  now: number,
  text: (incidentId: string, timeZone: string) => string,
): Promise<Map<string, RoleReminders>> {
  const holders = await currentRoleHolders(db, incidentIds, [...REMINDED_ROLES]);
  const methods = await updateMethodsOf(
    db,
    holders.map((h) => h.user_id),
  );
  const out = new Map<string, RoleReminders>();
  for (const incidentId of incidentIds) {
    // One reminder per person, naming every role they hold (REMINDED_ROLES order).
    const people = new Map<string, { name: string; timeZone: string; roles: string[] }>();
    for (const role of REMINDED_ROLES) {
      for (const h of holders.filter((x) => x.incident_id === incidentId && x.role === role)) {
        const p = people.get(h.user_id) ?? { name: h.name, timeZone: h.time_zone, roles: [] };
        p.roles.push(ROLE_LABEL[role] ?? role);
        people.set(h.user_id, p);
      }
    }
    const r: RoleReminders = { notifications: [], reminded: [], unreachable: [], outcome: '' };
    for (const [userId, p] of people) {
      const method = methods.get(userId)?.[0];
      if (method === undefined) {
        r.unreachable.push({ user_id: userId, roles: p.roles });
        continue;
      }
      r.notifications.push(
        pendingNotification(
          {
            incidentId,
            pageId: null,
            userId,
            contactMethodId: method.id,
            channel: method.type,
            runAt: now,
            kind: 'reminder',
            message: text(incidentId, p.timeZone),
          },
          now,
        ),
      );
      r.reminded.push({ user_id: userId, roles: p.roles, channel: method.type });
    }
    const named = (list: { user_id: string; roles: string[] }[]) =>
      list.map((x) => `${people.get(x.user_id)!.name} (${x.roles.join(', ')})`).join(', ');
    r.outcome =
      people.size === 0
        ? 'nobody holds commander or comms lead'
        : [
            ...(r.reminded.length > 0 ? [`reminded ${named(r.reminded)}`] : []),
            ...(r.unreachable.length > 0
              ? [`could not remind ${named(r.unreachable)}: no contact method usable for updates`]
              : []),
          ].join('; ');
    out.set(incidentId, r);
  }
  return out;
}

/**
 * What the reminded person reads: which incident, since when the update is overdue (in their own
 * time zone), what the cadence is, and where to post one.
 */
export function reminderText(
  incident: {
    id: string;
    number: number;
    title: string;
    severity: string;
    last_update_at: number | null;
    next_update_due_at: number | null;
  },
  cadenceMinutes: number,
  now: number,
  timeZone: string,
  publicUrl: string,
): string {
  const ref = `INC-${incident.number}`;
  const dueAt = incident.next_update_due_at ?? now;
  const last =
    incident.last_update_at === null
      ? 'none has been posted yet'
      : `the last one was posted at ${clockTime(incident.last_update_at, now, timeZone)}`;
  return [
    `${ref} (${incident.severity}) "${incident.title}": a status update was due at ${clockTime(dueAt, now, timeZone)} and ${last}.`,
    `${incident.severity} incidents get an update every ${cadenceMinutes} min.`,
    `Post one: ${incidentPageUrl(publicUrl, ref)}#updates (or \`tocsin incident update ${ref}\`).`,
  ].join(' ');
}

/** `14:05 UTC`, with the date in front when it is not today's; in `timeZone`, or UTC if unknown. */
function clockTime(at: number, now: number, timeZone: string): string {
  const format = (tz: string) => {
    const parts = (t: number) =>
      Object.fromEntries(
        new Intl.DateTimeFormat('en-GB', {
          timeZone: tz,
          year: 'numeric',
          month: '2-digit',
          day: '2-digit',
          hour: '2-digit',
          minute: '2-digit',
          hourCycle: 'h23',
          timeZoneName: 'short',
        })
          .formatToParts(t)
          .map((p) => [p.type, p.value]),
      ) as Record<string, string>;
    const p = parts(at);
    const today = parts(now);
    const date = `${p.year}-${p.month}-${p.day}`;
    const sameDay = date === `${today.year}-${today.month}-${today.day}`;
    return `${sameDay ? '' : `${date} `}${p.hour}:${p.minute} ${p.timeZoneName}`;
  };
  try {
    return format(timeZone);
  } catch {
    // A time zone this Node does not know: UTC is still correct, just less convenient.
    return format('UTC');
  }
}
