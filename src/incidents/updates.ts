import { announceWork } from '../platform/wake.ts';
import { actorRef, addTimeline } from '../timeline/repository.ts';
import { pendingNotification } from '../notify/rows.ts';
import { updateMethodsOf } from '../notify/update-methods.ts';
import { recordAudit } from '../platform/audit/record.ts';
import { actorUserId, requireRole } from '../platform/auth/actor.ts';
import { type Ctx, inTransaction } from '../platform/context.ts';
import type { Queryable } from '../platform/db/connect.ts';
import type { NewRow, Row } from '../platform/db/tables.ts';
import { ConflictError, NotFoundError } from '../platform/errors.ts';
import { iso } from '../platform/http/schema.ts';
import { newId } from '../platform/ids.ts';
import { findSeverity } from '../severities/repository.ts';
import { type ActorNames, loadActorNames, presentActor } from '../users/actors.ts';
import { nextUpdateDueAt } from './cadence.ts';
import { findIncident } from './repository.ts';
import {
  insertNotifications,
  insertUpdate,
  markUpdatePosted,
  setNextUpdateDue,
  updateNotificationCounts,
  updatesOf,
} from './repository-updates.ts';
import type { UpdateView } from './schemas-updates.ts';
import { updateRecipients } from './subscribers-repository.ts';
import { requireIncidentAccess } from '../teams/access.ts';

/**
 * Internal status updates: what responders tell stakeholders while an incident runs. Posting one
 * sends it to every subscriber of the incident and of its services, restarts the severity's
 * update cadence (so the overdue reminder, src/incidents/reminders.ts, stops), and is on the
 * timeline. A resolved incident still takes updates (the "it is fixed" one); a closed or merged
 * one does not.
 */

/** `names`: from loadActorNames() over the updates' `created_by`s. */
export function presentUpdate(r: Row<'incident_updates'>, notified: number, names: ActorNames): UpdateView {
  return {
    id: r.id,
    incident_id: r.incident_id,
    message: r.message,
    incident_status: r.incident_status as UpdateView['incident_status'],
    severity: r.severity as UpdateView['severity'],
    created_at: iso(r.created_at),
    created_by: presentActor(r.created_by, names),
    notified,
  };
}

export async function postUpdate({
  ctx,
  input,
}: {
  ctx: Ctx;
  input: { id: string; message: string };
}): Promise<UpdateView> {
  requireRole(ctx.actor, 'responder');
  await requireIncidentAccess(ctx, input.id);
  return inTransaction(ctx, async (ctx) => {
    const before = await findIncident(ctx.db, input.id);
    if (before === undefined) throw NotFoundError.of('incident', input.id);
    const ref = `INC-${before.number}`;
    await refuseIfDone(ctx.db, before);
    const now = ctx.clock.now();
    // Conditional, and on PostgreSQL it locks the row: a close or merge committing meanwhile
    // makes this a 409 instead of an update on an incident that no longer takes them.
    const touched = await markUpdatePosted(ctx.db, before.id, now);
    if (touched === undefined)
      throw new ConflictError(`${ref} was closed or merged meanwhile; it takes no updates`);
    const severity = await findSeverity(ctx.db, touched.severity);
    const nextDue = nextUpdateDueAt(touched, severity?.updateCadenceMinutes ?? null);
    await setNextUpdateDue(ctx.db, touched.id, nextDue);

    const row: Row<'incident_updates'> = {
      id: newId('upd', now),
      incident_id: touched.id,
      message: input.message,
      incident_status: touched.status,
      severity: touched.severity,
      created_at: now,
      created_by: actorRef(ctx.actor),
    };
    await insertUpdate(ctx.db, row);

    const { notifications, unreachable } = await notificationsFor(ctx, touched, input.message, now);
    if (notifications.length > 0) await insertNotifications(ctx.db, notifications);
    const view = presentUpdate(row, notifications.length, await loadActorNames(ctx.db, [row.created_by]));
    const reach =
      notifications.length === 0
        ? 'nobody subscribed'
        : `sent to ${notifications.length} subscriber${notifications.length === 1 ? '' : 's'}`;
    await addTimeline(ctx.db, now, [
      {
        incidentId: touched.id,
        kind: 'status_update',
        actor: actorRef(ctx.actor),
        message: input.message,
        data: {
          update_id: row.id,
          notified: notifications.length,
          unreachable,
          summary: `Status update by ${ctx.actor.name}, ${reach}`,
          next_update_due_at: iso(nextDue),
        },
      },
    ]);
    await recordAudit(ctx, {
      action: 'incident.update.post',
      targetType: 'incident',
      targetId: touched.id,
      after: view,
    });
    if (notifications.length > 0) await announceWork(ctx.db, ctx.dialect);
    return view;
  });
}

async function refuseIfDone(db: Queryable, incident: Row<'incidents'>): Promise<void> {
  const ref = `INC-${incident.number}`;
  if (incident.merged_into_id !== null) {
    const survivor = await findIncident(db, incident.merged_into_id);
    const there = survivor === undefined ? 'the incident it was merged into' : `INC-${survivor.number}`;
    throw new ConflictError(`${ref} was merged into ${there}; post updates there`);
  }
  if (incident.status === 'closed') {
    throw new ConflictError(`${ref} is closed; it takes no more updates (reopen it first)`);
  }
}

/**
 * One pending notification per recipient, on the method their subscription names or else their
 * preferred one for updates. The author is not sent their own words. Recipients with no usable
 * contact method are returned as unreachable, for the timeline.
 */
async function notificationsFor(
  ctx: Ctx,
  incident: Row<'incidents'>,
  message: string,
  now: number,
): Promise<{ notifications: NewRow<'notifications'>[]; unreachable: string[] }> {
  const recipients = await updateRecipients(ctx.db, incident);
  const author = actorUserId(ctx.actor);
  if (author !== null) recipients.delete(author);
  const methods = await updateMethodsOf(ctx.db, [...recipients.keys()]);
  const notifications: NewRow<'notifications'>[] = [];
  const unreachable: string[] = [];
  for (const [userId, chosen] of recipients) {
    const usable = methods.get(userId) ?? [];
    // A chosen method that was deleted (set null) or is unusable falls back to the preference.
    const method = usable.find((m) => m.id === chosen) ?? usable[0];
    if (method === undefined) {
      unreachable.push(userId);
      continue;
    }
    notifications.push(
      pendingNotification(
        {
          incidentId: incident.id,
          pageId: null,
          userId,
          contactMethodId: method.id,
          channel: method.type,
          runAt: now,
          kind: 'update',
          message,
        },
        now,
      ),
    );
  }
  return { notifications, unreachable };
}

/** The incident's updates, oldest first, each with how many people it was sent to. */
export async function listUpdates(db: Queryable, id: string): Promise<UpdateView[]> {
  const incident = await findIncident(db, id);
  if (incident === undefined) throw NotFoundError.of('incident', id);
  const rows = await updatesOf(db, incident.id);
  // An update's notifications were written with it: same time, same text. Later ones with the
  // same text are fall-throughs to another method of the same people, so they are not counted.
  const counts = await updateNotificationCounts(db, incident.id);
  const notified = (u: Row<'incident_updates'>) =>
    Number(counts.find((c) => Number(c.created_at) === u.created_at && c.message === u.message)?.n ?? 0);
  const names = await loadActorNames(
    db,
    rows.map((r) => r.created_by),
  );
  return rows.map((r) => presentUpdate(r, notified(r), names));
}
