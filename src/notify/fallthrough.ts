import { addTimeline } from '../timeline/repository.ts';
import type { Queryable } from '../platform/db/connect.ts';
import type { NotificationKind } from '../platform/db/tables/notify.ts';
import {
  contactMethodsOfMessage,
  contactMethodsOfPage,
  contactMethodsOfUser,
  findIncidentUrgency,
  findUserName,
  insertNotification,
  ruledContactMethods,
} from './repository.ts';
import { pendingNotification } from './rows.ts';
import { updateMethodsOf } from './update-methods.ts';

interface Failed {
  id: string;
  incident_id: string;
  page_id: string | null;
  user_id: string;
  channel: string;
  kind: NotificationKind;
  message: string | null;
}

/**
 * After a contact method failed for good, try the person's next one now: the next in their
 * notification rules for the incident's urgency, then any other contact method, skipping those
 * this page already used or has scheduled. Written to the timeline either way.
 */
export async function fallThrough(db: Queryable, failed: Failed, why: string, now: number): Promise<void> {
  if (failed.kind !== 'page') {
    await informationalFallThrough(db, failed, why, now);
    return;
  }
  const used = failed.page_id ? await contactMethodsOfPage(db, failed.page_id) : [];
  const tried = new Set(used.map((u) => u.contact_method_id));
  const incident = await findIncidentUrgency(db, failed.incident_id);
  const ruled = await ruledContactMethods(db, failed.user_id, incident?.urgency ?? 'high');
  const all = await contactMethodsOfUser(db, failed.user_id);
  const next = [...ruled, ...all].find((m) => !tried.has(m.id));
  const name = (await findUserName(db, failed.user_id)) ?? failed.user_id;
  if (next === undefined) {
    await addTimeline(db, now, [
      {
        incidentId: failed.incident_id,
        kind: 'notification_failed',
        actor: 'system:engine',
        message: `${failed.channel} to ${name} failed (${why}); no other contact method left to try`,
        data: { notification_id: failed.id, user_id: failed.user_id },
      },
    ]);
    return;
  }
  const row = pendingNotification(
    {
      incidentId: failed.incident_id,
      pageId: failed.page_id,
      userId: failed.user_id,
      contactMethodId: next.id,
      channel: next.type,
      runAt: now,
    },
    now,
  );
  await insertNotification(db, row);
  await addTimeline(db, now, [
    {
      incidentId: failed.incident_id,
      kind: 'fell_through',
      actor: 'system:engine',
      message: `${failed.channel} to ${name} failed (${why}); trying ${next.type} instead`,
      data: {
        notification_id: failed.id,
        next_notification_id: row.id,
        user_id: failed.user_id,
        channel: next.type,
      },
    },
  ]);
}

/**
 * An update or reminder that failed for good goes out on the person's next contact method for
 * updates (src/notify/update-methods.ts), once per method: the methods already tried are those
 * of the notifications carrying the same text to the same person about the same incident.
 */
async function informationalFallThrough(
  db: Queryable,
  failed: Failed,
  why: string,
  now: number,
): Promise<void> {
  const used = await contactMethodsOfMessage(db, {
    incidentId: failed.incident_id,
    userId: failed.user_id,
    kind: failed.kind,
    message: failed.message ?? '',
  });
  const tried = new Set(used.map((u) => u.contact_method_id));
  const methods = (await updateMethodsOf(db, [failed.user_id])).get(failed.user_id) ?? [];
  const next = methods.find((m) => !tried.has(m.id));
  const name = (await findUserName(db, failed.user_id)) ?? failed.user_id;
  const what = failed.kind === 'update' ? 'status update' : 'update reminder';
  if (next === undefined) {
    await addTimeline(db, now, [
      {
        incidentId: failed.incident_id,
        kind: 'notification_failed',
        actor: 'system:engine',
        message: `${what} by ${failed.channel} to ${name} failed (${why}); no other contact method left to try`,
        data: { notification_id: failed.id, user_id: failed.user_id, kind: failed.kind },
      },
    ]);
    return;
  }
  const row = pendingNotification(
    {
      incidentId: failed.incident_id,
      pageId: null,
      userId: failed.user_id,
      contactMethodId: next.id,
      channel: next.type,
      runAt: now,
      kind: failed.kind,
      message: failed.message,
    },
    now,
  );
  await insertNotification(db, row);
  await addTimeline(db, now, [
    {
      incidentId: failed.incident_id,
      kind: 'fell_through',
      actor: 'system:engine',
      message: `${what} by ${failed.channel} to ${name} failed (${why}); trying ${next.type} instead`,
      data: {
        notification_id: failed.id,
        next_notification_id: row.id,
        user_id: failed.user_id,
        channel: next.type,
        kind: failed.kind,
      },
    },
  ]);
}
