import type { Queryable } from '../platform/db/connect.ts';
import type { PageReason } from '../platform/db/tables-escalation.ts';
import type { Urgency } from '../platform/db/tables-ingest.ts';
import type { NewRow } from '../platform/db/tables.ts';
import { newId } from '../platform/ids.ts';
import { pendingNotification } from '../notify/rows.ts';
import { MINUTE, type Position } from './core.ts';

export interface PagedIncident {
  id: string;
  urgency: Urgency;
}

export interface PageOutcome {
  /** Notifications due at once (delay 0), for the caller to claim and send right away. */
  dueNow: string[];
  /** One line per user for the timeline: who, and how. */
  plan: { userId: string; name: string; methods: string[] }[];
}

/**
 * Pages `users` for one step of an incident: a page row per user (unique per step, so a step
 * retried after a crash cannot page twice) and a notification per notification rule of the
 * incident's urgency, each due `delay` minutes from now. Someone with contact methods but no
 * rules is notified on their first contact method at once, rather than not at all.
 */
export async function pageUsers(
  db: Queryable,
  incident: PagedIncident,
  users: string[],
  step: number,
  pos: Position,
  reason: PageReason,
  now: number,
): Promise<PageOutcome> {
  if (users.length === 0) return { dueNow: [], plan: [] };
  const names = new Map(
    (await db.selectFrom('users').select(['id', 'name']).where('id', 'in', users).execute()).map((u) => [
      u.id,
      u.name,
    ]),
  );
  const rules = await db
    .selectFrom('notification_rules')
    .innerJoin('contact_methods', 'contact_methods.id', 'notification_rules.contact_method_id')
    .select([
      'notification_rules.user_id',
      'notification_rules.delay_minutes',
      'contact_methods.id as contact_method_id',
      'contact_methods.type',
    ])
    .where('notification_rules.user_id', 'in', users)
    .where('notification_rules.urgency', '=', incident.urgency)
    .orderBy('notification_rules.delay_minutes')
    .orderBy('contact_methods.created_at')
    .execute();
  const methods = await db
    .selectFrom('contact_methods')
    .select(['id', 'user_id', 'type'])
    .where('user_id', 'in', users)
    .orderBy('created_at')
    .orderBy('id')
    .execute();

  const pages: NewRow<'pages'>[] = [];
  const notifications: NewRow<'notifications'>[] = [];
  const outcome: PageOutcome = { dueNow: [], plan: [] };
  for (const userId of users) {
    const pageId = newId('pg', now);
    pages.push({ id: pageId, incident_id: incident.id, user_id: userId, step, ...pos, reason, at: now });
    let mine = rules
      .filter((r) => r.user_id === userId)
      .map((r) => ({ cm: r.contact_method_id, type: r.type, delay: r.delay_minutes }));
    if (mine.length === 0) {
      const first = methods.find((m) => m.user_id === userId);
      mine = first ? [{ cm: first.id, type: first.type, delay: 0 }] : [];
    }
    for (const m of mine) {
      const runAt = now + m.delay * MINUTE;
      const row = pendingNotification(
        { incidentId: incident.id, pageId, userId, contactMethodId: m.cm, channel: m.type, runAt },
        now,
      );
      notifications.push(row);
      if (runAt <= now) outcome.dueNow.push(row.id);
    }
    outcome.plan.push({
      userId,
      name: names.get(userId) ?? userId,
      methods: mine.map((m) => (m.delay === 0 ? m.type : `${m.type} after ${m.delay} min`)),
    });
  }
  await db.insertInto('pages').values(pages).execute();
  for (let i = 0; i < notifications.length; i += 200) {
    await db
      .insertInto('notifications')
      .values(notifications.slice(i, i + 200))
      .execute();
  }
  return outcome;
}

export function describePlan(plan: PageOutcome['plan']): string {
  return plan
    .map((p) =>
      p.methods.length === 0 ? `${p.name} (no contact methods!)` : `${p.name} (${p.methods.join(', ')})`,
    )
    .join('; ');
}
