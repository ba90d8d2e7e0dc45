import type { Queryable } from '../platform/db/connect.ts';

// What Getting started reads: the oldest object of each kind that does its step (so the link
// stays put as more are made), across the domains' tables. Read only.

/** The oldest team, schedule or policy (ids are ULIDs: by id is by age). */
export async function oldestId(
  db: Queryable,
  table: 'teams' | 'schedules' | 'escalation_policies',
): Promise<string | undefined> {
  const row = await db.selectFrom(table).select('id').orderBy('id').limit(1).executeTakeFirst();
  return row?.id;
}

/** A person Tocsin can reach: the active owner of the oldest contact method. */
export async function firstReachableUserId(db: Queryable): Promise<string | undefined> {
  const row = await db
    .selectFrom('contact_methods')
    .innerJoin('users', 'users.id', 'contact_methods.user_id')
    .select('contact_methods.user_id')
    .where('users.deactivated_at', 'is', null)
    .orderBy('contact_methods.created_at')
    .orderBy('contact_methods.id')
    .limit(1)
    .executeTakeFirst();
  return row?.user_id;
}

/** The oldest service with an escalation policy, else the oldest service (to set one on). */
export async function firstServiceId(db: Queryable): Promise<{ id: string; paged: boolean } | undefined> {
  const paged = await db
    .selectFrom('services')
    .select('id')
    .where('escalation_policy_id', 'is not', null)
    .orderBy('id')
    .limit(1)
    .executeTakeFirst();
  if (paged !== undefined) return { id: paged.id, paged: true };
  const any = await db.selectFrom('services').select('id').orderBy('id').limit(1).executeTakeFirst();
  return any === undefined ? undefined : { id: any.id, paged: false };
}

/** The service of the oldest enabled integration. */
export async function firstIntegrationServiceId(db: Queryable): Promise<string | undefined> {
  const row = await db
    .selectFrom('integrations')
    .select('service_id')
    .where('disabled_at', 'is', null)
    .orderBy('id')
    .limit(1)
    .executeTakeFirst();
  return row?.service_id;
}

/**
 * The test alert: the oldest incident that an alert from an integration opened or joined and
 * that someone acknowledged (or resolved straight away, which answers the page too); failing
 * that, the newest such incident not yet acknowledged.
 */
export async function testAlertIncident(
  db: Queryable,
): Promise<{ id: string; acknowledged: boolean } | undefined> {
  const fromIntegration = db
    .selectFrom('incidents')
    .innerJoin('alerts', 'alerts.incident_id', 'incidents.id')
    .select('incidents.id')
    .where('alerts.integration_id', 'is not', null)
    .limit(1);
  const acked = await fromIntegration
    .where((eb) =>
      eb.or([eb('incidents.acknowledged_at', 'is not', null), eb('incidents.resolved_at', 'is not', null)]),
    )
    .orderBy('incidents.id')
    .executeTakeFirst();
  if (acked !== undefined) return { id: acked.id, acknowledged: true };
  const open = await fromIntegration
    .where('incidents.status', '=', 'triggered')
    .orderBy('incidents.id', 'desc')
    .executeTakeFirst();
  return open === undefined ? undefined : { id: open.id, acknowledged: false };
}
