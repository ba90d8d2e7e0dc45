import { addTimeline } from '../timeline/repository.ts';
import type { Queryable } from '../platform/db/connect.ts';
import type { NotificationKind } from '../platform/db/tables/notify.ts';
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
  const used = failed.page_id
    ? await db
        .selectFrom('notifications')
        .select('contact_method_id')
        .where('page_id', '=', failed.page_id)
        .execute()
    : [];
  const tried = new Set(used.map((u) => u.contact_method_id));
  const incident = await db
    .selectFrom('incidents')
    .select(['urgency', 'number'])
    .where('id', '=', failed.incident_id)
    .executeTakeFirst();
  const ruled = await db
    .selectFrom('notification_rules')
    .innerJoin('contact_methods', 'contact_methods.id', 'notification_rules.contact_method_id')
    .select(['contact_methods.id', 'contact_methods.type'])
    .where('notification_rules.user_id', '=', failed.user_id)
    .where('notification_rules.urgency', '=', incident?.urgency ?? 'high')
    .orderBy('notification_rules.delay_minutes')
    .execute();
  const all = await db
    .selectFrom('contact_methods')
    .select(['id', 'type'])
    .where('user_id', '=', failed.user_id)
    .orderBy('created_at')
    .orderBy('id')
    .execute();
  const next = [...ruled, ...all].find((m) => !tried.has(m.id));
  const user = await db
    .selectFrom('users')
    .select('name')
    .where('id', '=', failed.user_id)
    .executeTakeFirst();
  const name = user?.name ?? failed.user_id;
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
  await db.insertInto('notifications').values(row).execute();
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
  const used = await db
    .selectFrom('notifications')
    .select('contact_method_id')
    .where('incident_id', '=', failed.incident_id)
    .where('user_id', '=', failed.user_id)
    .where('kind', '=', failed.kind)
    .where('message', '=', failed.message ?? '')
    .execute();
  const tried = new Set(used.map((u) => u.contact_method_id));
  const methods = (await updateMethodsOf(db, [failed.user_id])).get(failed.user_id) ?? [];
  const next = methods.find((m) => !tried.has(m.id));
  const user = await db
    .selectFrom('users')
    .select('name')
    .where('id', '=', failed.user_id)
    .executeTakeFirst();
  const name = user?.name ?? failed.user_id;
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
  await db.insertInto('notifications').values(row).execute();
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
