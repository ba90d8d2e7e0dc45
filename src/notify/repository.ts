import { sql } from 'kysely';
import type { Dialect, Queryable } from '../platform/db/connect.ts';
import { ADVISORY_LOCKS } from '../platform/db/locks.ts';
import type { NotificationKind } from '../platform/db/tables/notify.ts';
import type { Urgency } from '../platform/db/tables/incidents.ts';
import type { NewRow } from '../platform/db/tables.ts';
import type { ContactMethodType } from '../platform/db/tables/users.ts';

export interface ThrottleKey {
  userId: string;
  channel: ContactMethodType;
}

/**
 * Makes deciding how many pages a person may get, and claiming them, one step across engines:
 * on PostgreSQL a transaction-scoped advisory lock per (person, channel type), taken in a fixed
 * order so two engines never wait on each other in a cycle. The statements after it see what
 * the engine before committed (READ COMMITTED takes a snapshot per statement). On SQLite the
 * write transaction already runs alone.
 */
export async function lockThrottleKeys(db: Queryable, dialect: Dialect, keys: ThrottleKey[]): Promise<void> {
  if (dialect !== 'postgres') return;
  const names = [...new Set(keys.map((k) => `${k.userId}/${k.channel}`))].sort();
  for (const name of names) {
    await sql`select pg_advisory_xact_lock(${ADVISORY_LOCKS.pagingThrottle}, hashtext(${name}))`.execute(db);
  }
}

/**
 * What counts against a person's throttle on one channel type, each count stopped at `cap` (a
 * person paged thousands of times must not cost thousands of rows per claim): messages sent
 * since `since` (a bundle is one message: its folded notifications are not counted), and
 * messages not yet sent that will be, claimed and being sent or failed and waiting to retry.
 */
export async function throttleUsage(
  db: Queryable,
  key: ThrottleKey,
  since: number,
  cap: number,
): Promise<{ sent: number; inFlight: number }> {
  const pages = () =>
    db
      .selectFrom('notifications')
      .select('id')
      .where('user_id', '=', key.userId)
      .where('channel', '=', key.channel)
      .where('kind', '=', 'page')
      .limit(cap);
  // One statement, so one snapshot on PostgreSQL: a send recorded between two statements would
  // be counted neither as in flight (any more) nor as sent (not yet).
  const row = await db
    .selectNoFrom((eb) => [
      eb
        .selectFrom(pages().where('sent_at', '>', since).where('bundled_into', 'is', null).as('w'))
        .select(eb.fn.countAll<string | number>().as('n'))
        .as('sent'),
      eb
        .selectFrom(pages().where('status', 'in', ['sending', 'pending']).where('attempts', '>', 0).as('f'))
        .select(eb.fn.countAll<string | number>().as('n'))
        .as('in_flight'),
    ])
    .executeTakeFirstOrThrow();
  return { sent: Number(row.sent), inFlight: Number(row.in_flight) };
}

/** When the `n`-th newest message counted since `since` was sent (n from 1), or null. */
export async function nthNewestSentAt(
  db: Queryable,
  key: ThrottleKey,
  since: number,
  n: number,
): Promise<number | null> {
  const row = await db
    .selectFrom('notifications')
    .select('sent_at')
    .where('user_id', '=', key.userId)
    .where('channel', '=', key.channel)
    .where('kind', '=', 'page')
    .where('sent_at', '>', since)
    .where('bundled_into', 'is', null)
    .orderBy('sent_at', 'desc')
    .offset(n - 1)
    .limit(1)
    .executeTakeFirst();
  return row?.sent_at == null ? null : Number(row.sent_at);
}

/**
 * The people with at least `limit` pages counting against the throttle (throttleUsage, uncapped)
 * on one of `channels` since `since`, by person and channel type: the ones held back now.
 */
export async function peopleAtThrottle(
  db: Queryable,
  channels: ContactMethodType[],
  since: number,
  limit: number,
): Promise<{ user_id: string; user_name: string; channel: ContactMethodType; counted: number }[]> {
  const rows = await db
    .selectFrom('notifications')
    .innerJoin('users', 'users.id', 'notifications.user_id')
    .select([
      'notifications.user_id',
      'users.name as user_name',
      'notifications.channel',
      (eb) => eb.fn.countAll<string | number>().as('counted'),
    ])
    .where('notifications.kind', '=', 'page')
    .where('notifications.channel', 'in', channels)
    .where((eb) =>
      eb.or([
        eb.and([eb('notifications.sent_at', '>', since), eb('notifications.bundled_into', 'is', null)]),
        eb.and([
          eb('notifications.status', 'in', ['sending', 'pending']),
          eb('notifications.attempts', '>', 0),
        ]),
      ]),
    )
    .groupBy(['notifications.user_id', 'users.name', 'notifications.channel'])
    .having((eb) => eb.fn.countAll(), '>=', limit)
    .execute();
  return rows.map((r) => ({ ...r, counted: Number(r.counted) }));
}

/** Pages to this person on this channel type not tried yet: held back ones go out bundled. */
export async function waitingPages(db: Queryable, key: ThrottleKey): Promise<number> {
  const row = await db
    .selectFrom('notifications')
    .select((eb) => eb.fn.countAll<string | number>().as('n'))
    .where('user_id', '=', key.userId)
    .where('channel', '=', key.channel)
    .where('kind', '=', 'page')
    .where('status', '=', 'pending')
    .where('attempts', '=', 0)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** A person's name as messages and the timeline give it; undefined for a deleted user. */
export async function findUserName(db: Queryable, userId: string): Promise<string | undefined> {
  const user = await db.selectFrom('users').select('name').where('id', '=', userId).executeTakeFirst();
  return user?.name;
}

export async function insertNotification(db: Queryable, row: NewRow<'notifications'>): Promise<void> {
  await db.insertInto('notifications').values(row).execute();
}

/** Many notifications, 200 rows a statement. */
export async function insertNotifications(db: Queryable, rows: NewRow<'notifications'>[]): Promise<void> {
  for (let i = 0; i < rows.length; i += 200) {
    await db
      .insertInto('notifications')
      .values(rows.slice(i, i + 200))
      .execute();
  }
}

/** The contact methods a page's notifications used or have scheduled. */
export function contactMethodsOfPage(
  db: Queryable,
  pageId: string,
): Promise<{ contact_method_id: string | null }[]> {
  return db.selectFrom('notifications').select('contact_method_id').where('page_id', '=', pageId).execute();
}

/** The contact methods that carried (or will carry) this text to this person about this incident. */
export function contactMethodsOfMessage(
  db: Queryable,
  m: { incidentId: string; userId: string; kind: NotificationKind; message: string },
): Promise<{ contact_method_id: string | null }[]> {
  return db
    .selectFrom('notifications')
    .select('contact_method_id')
    .where('incident_id', '=', m.incidentId)
    .where('user_id', '=', m.userId)
    .where('kind', '=', m.kind)
    .where('message', '=', m.message)
    .execute();
}

export function findIncidentUrgency(db: Queryable, incidentId: string) {
  return db
    .selectFrom('incidents')
    .select(['urgency', 'number'])
    .where('id', '=', incidentId)
    .executeTakeFirst();
}

/** The person's contact methods named by their notification rules for `urgency`, by delay. */
export function ruledContactMethods(
  db: Queryable,
  userId: string,
  urgency: Urgency,
): Promise<{ id: string; type: ContactMethodType }[]> {
  return db
    .selectFrom('notification_rules')
    .innerJoin('contact_methods', 'contact_methods.id', 'notification_rules.contact_method_id')
    .innerJoin('users', 'users.id', 'notification_rules.user_id')
    .select(['contact_methods.id', 'contact_methods.type'])
    .where('notification_rules.user_id', '=', userId)
    .where('notification_rules.urgency', '=', urgency)
    .where('users.deactivated_at', 'is', null)
    .orderBy('notification_rules.delay_minutes')
    .execute();
}

/**
 * All the person's contact methods, oldest first; none once deactivated (a page that was already
 * sending when they were deactivated must not fall through to their other methods).
 */
export function contactMethodsOfUser(
  db: Queryable,
  userId: string,
): Promise<{ id: string; type: ContactMethodType }[]> {
  return db
    .selectFrom('contact_methods')
    .innerJoin('users', 'users.id', 'contact_methods.user_id')
    .select(['contact_methods.id', 'contact_methods.type'])
    .where('contact_methods.user_id', '=', userId)
    .where('users.deactivated_at', 'is', null)
    .orderBy('contact_methods.created_at')
    .orderBy('contact_methods.id')
    .execute();
}

/** The users' contact methods of these types, oldest first. */
/** Deactivated people have none: they get no updates, reminders or fall-through messages either. */
export function contactMethodsOfTypes(db: Queryable, userIds: string[], types: ContactMethodType[]) {
  return db
    .selectFrom('contact_methods')
    .innerJoin('users', 'users.id', 'contact_methods.user_id')
    .select([
      'contact_methods.id',
      'contact_methods.user_id',
      'contact_methods.type',
      'contact_methods.created_at',
    ])
    .where('contact_methods.user_id', 'in', userIds)
    .where('contact_methods.type', 'in', types)
    .where('users.deactivated_at', 'is', null)
    .orderBy('contact_methods.created_at')
    .orderBy('contact_methods.id')
    .execute();
}

/** What a page says about each incident: its row and its service. */
export function incidentsForMessages(db: Queryable, ids: string[]) {
  return db
    .selectFrom('incidents')
    .innerJoin('services', 'services.id', 'incidents.service_id')
    .select([
      'incidents.id',
      'incidents.number',
      'incidents.title',
      'incidents.status',
      'incidents.urgency',
      'incidents.created_at',
      'incidents.severity as sev',
      'incidents.slug',
      'services.id as service_id',
      'services.name as service_name',
    ])
    .where('incidents.id', 'in', ids)
    .execute();
}

/** The distinct alert severities of each incident. */
export function alertSeveritiesOf(db: Queryable, incidentIds: string[]) {
  return db
    .selectFrom('alerts')
    .select(['incident_id', 'severity'])
    .where('incident_id', 'in', incidentIds)
    .groupBy(['incident_id', 'severity'])
    .execute();
}

/** The newest alert of each incident. */
export function latestAlertsOf(db: Queryable, incidentIds: string[]) {
  return db
    .selectFrom('alerts')
    .select(['incident_id', 'summary', 'details', 'links', 'service_id', 'labels', 'severity', 'source'])
    .where('incident_id', 'in', incidentIds)
    .where(
      'id',
      '=',
      sql<string>`(select max(a2.id) from alerts a2 where a2.incident_id = alerts.incident_id)`,
    )
    .execute();
}
