import type { Queryable } from '../platform/db/connect.ts';
import type { NewRow } from '../platform/db/tables.ts';
import { extraServicesOf } from './repository.ts';

/** What a subscription is to: one incident, or every incident of a service. */
export interface SubscriptionOwner {
  kind: 'incident' | 'service';
  id: string;
}

export interface SubscriptionRow {
  user_id: string;
  user_name: string;
  contact_method_id: string | null;
  created_at: number;
  created_by: string;
}

/** Every subscription of `owner`, oldest first; only `userId`'s when given. */
export function listSubscriptions(
  db: Queryable,
  owner: SubscriptionOwner,
  userId?: string,
): Promise<SubscriptionRow[]> {
  const cols = [
    'users.id as user_id',
    'users.name as user_name',
    's.contact_method_id',
    's.created_at',
    's.created_by',
  ] as const;
  if (owner.kind === 'incident') {
    return db
      .selectFrom('incident_subscribers as s')
      .innerJoin('users', 'users.id', 's.user_id')
      .select(cols)
      .where('s.incident_id', '=', owner.id)
      .$if(userId !== undefined, (q) => q.where('s.user_id', '=', userId!))
      .orderBy('s.created_at')
      .orderBy('users.id')
      .execute();
  }
  return db
    .selectFrom('service_subscribers as s')
    .innerJoin('users', 'users.id', 's.user_id')
    .select(cols)
    .where('s.service_id', '=', owner.id)
    .$if(userId !== undefined, (q) => q.where('s.user_id', '=', userId!))
    .orderBy('s.created_at')
    .orderBy('users.id')
    .execute();
}

export async function findSubscription(
  db: Queryable,
  owner: SubscriptionOwner,
  userId: string,
): Promise<SubscriptionRow | undefined> {
  return (await listSubscriptions(db, owner, userId))[0];
}

/**
 * Subscribes, or changes the contact method of an existing subscription (which keeps its
 * created_at): subscribing twice is not an error. Returns whether it was new.
 */
export async function upsertSubscription(
  db: Queryable,
  owner: SubscriptionOwner,
  row: { user_id: string; contact_method_id: string | null; created_at: number; created_by: string },
): Promise<boolean> {
  // Read first: both dialects report an upsert's insert-or-update differently.
  const existed = (await findSubscription(db, owner, row.user_id)) !== undefined;
  if (owner.kind === 'incident') {
    await db
      .insertInto('incident_subscribers')
      .values({ incident_id: owner.id, ...row })
      .onConflict((oc) =>
        oc.columns(['incident_id', 'user_id']).doUpdateSet({ contact_method_id: row.contact_method_id }),
      )
      .execute();
  } else {
    await db
      .insertInto('service_subscribers')
      .values({ service_id: owner.id, ...row })
      .onConflict((oc) =>
        oc.columns(['service_id', 'user_id']).doUpdateSet({ contact_method_id: row.contact_method_id }),
      )
      .execute();
  }
  return !existed;
}

/** Whether there was a subscription to delete. */
export async function deleteSubscription(
  db: Queryable,
  owner: SubscriptionOwner,
  userId: string,
): Promise<boolean> {
  const res =
    owner.kind === 'incident'
      ? await db
          .deleteFrom('incident_subscribers')
          .where('incident_id', '=', owner.id)
          .where('user_id', '=', userId)
          .executeTakeFirst()
      : await db
          .deleteFrom('service_subscribers')
          .where('service_id', '=', owner.id)
          .where('user_id', '=', userId)
          .executeTakeFirst();
  return Number(res.numDeletedRows) > 0;
}

/** The incident's subscriptions, whole rows, for moving them to another incident. */
export function subscriptionRowsOf(db: Queryable, incidentId: string) {
  return db.selectFrom('incident_subscribers').selectAll().where('incident_id', '=', incidentId).execute();
}

/** Which of `userIds` are subscribed to the incident. */
export async function subscribedAmong(
  db: Queryable,
  incidentId: string,
  userIds: string[],
): Promise<Set<string>> {
  const rows = await db
    .selectFrom('incident_subscribers')
    .select('user_id')
    .where('incident_id', '=', incidentId)
    .where('user_id', 'in', userIds)
    .execute();
  return new Set(rows.map((r) => r.user_id));
}

export async function insertSubscriptionRows(
  db: Queryable,
  rows: NewRow<'incident_subscribers'>[],
): Promise<void> {
  await db.insertInto('incident_subscribers').values(rows).execute();
}

export async function deleteSubscriptionsOf(db: Queryable, incidentId: string): Promise<void> {
  await db.deleteFrom('incident_subscribers').where('incident_id', '=', incidentId).execute();
}

/**
 * Who gets an incident's status updates, one entry per person: its own subscribers, then the
 * subscribers of its service and of the other services it affects. A contact method chosen on the
 * incident subscription wins over one chosen on a service; null means "their preferred one".
 */
export async function updateRecipients(
  db: Queryable,
  incident: { id: string; service_id: string },
): Promise<Map<string, string | null>> {
  const own = await db
    .selectFrom('incident_subscribers')
    .select(['user_id', 'contact_method_id'])
    .where('incident_id', '=', incident.id)
    .orderBy('created_at')
    .execute();
  const extra = (await extraServicesOf(db, [incident.id])).get(incident.id) ?? [];
  const services = [incident.service_id, ...extra];
  const viaServices = await db
    .selectFrom('service_subscribers')
    .select(['user_id', 'contact_method_id'])
    .where('service_id', 'in', services)
    .orderBy('created_at')
    .execute();
  const out = new Map<string, string | null>();
  for (const s of [...own, ...viaServices]) {
    const chosen = out.get(s.user_id);
    if (chosen === undefined) out.set(s.user_id, s.contact_method_id);
    else if (chosen === null && s.contact_method_id !== null && !own.some((o) => o.user_id === s.user_id)) {
      out.set(s.user_id, s.contact_method_id);
    }
  }
  return out;
}
