import type { Queryable } from '../platform/db/connect.ts';
import type { NewRow, Row } from '../platform/db/tables.ts';
import { inSlices } from '../platform/db/slices.ts';

/**
 * SQL of the send path: claiming due notifications under a lease, bundling, and recording what
 * a send did. The paging hot path: each function is one statement, in the order the callers
 * (claim.ts, deliver.ts) issue them.
 */

type NotificationRow = Row<'notifications'>;

interface ClaimScope {
  /** Only these notifications (the ones an escalation pass just made due). */
  ids?: string[] | undefined;
  limit: number;
  /** PostgreSQL: FOR UPDATE SKIP LOCKED, so engines on several nodes claim disjoint rows. */
  skipLocked: boolean;
}

function claimable(db: Queryable, scope: ClaimScope) {
  return db
    .selectFrom('notifications')
    .innerJoin('incidents', 'incidents.id', 'notifications.incident_id')
    .leftJoin('contact_methods', 'contact_methods.id', 'notifications.contact_method_id')
    .selectAll('notifications')
    .select([
      'incidents.status as incident_status',
      'contact_methods.address',
      'contact_methods.signing_secret',
      'contact_methods.previous_signing_secret',
      'contact_methods.previous_signing_secret_until',
    ])
    .$if(scope.ids !== undefined, (q) => q.where('notifications.id', 'in', scope.ids!))
    .orderBy('notifications.run_at')
    .limit(scope.limit)
    .$if(scope.skipLocked, (q) => q.forUpdate('notifications').skipLocked());
}

/** Pending notifications whose time has come, with their incident's status and contact method. */
export function findDuePending(db: Queryable, now: number, scope: ClaimScope) {
  return claimable(db, scope)
    .where('notifications.status', '=', 'pending')
    .where('notifications.run_at', '<=', now)
    .execute();
}

/** Sends whose lease expired (the engine died between claiming and recording). */
export function findExpiredSends(db: Queryable, now: number, scope: ClaimScope) {
  return claimable(db, scope)
    .where('notifications.status', '=', 'sending')
    .where('notifications.locked_until', '<=', now)
    .execute();
}

export type ClaimableRow = Awaited<ReturnType<typeof findDuePending>>[number];

export async function cancelNotifications(db: Queryable, ids: string[], now: number): Promise<void> {
  await db
    .updateTable('notifications')
    .set({ status: 'cancelled', locked_by: null, updated_at: now })
    .where('id', 'in', ids)
    .execute();
}

/** Moves notifications held back by the throttle to `runAt`. */
export async function postponeNotifications(
  db: Queryable,
  ids: string[],
  runAt: number,
  now: number,
): Promise<void> {
  await db
    .updateTable('notifications')
    .set({ run_at: runAt, updated_at: now })
    .where('id', 'in', ids)
    .execute();
}

/** Claims fresh notifications, each sent on its own (first attempt), in one statement. */
export async function leaseFresh(
  db: Queryable,
  ids: string[],
  engineId: string,
  lease: number,
  now: number,
): Promise<void> {
  await db
    .updateTable('notifications')
    .set({ status: 'sending', attempts: 1, locked_by: engineId, locked_until: lease, updated_at: now })
    .where('id', 'in', ids)
    .execute();
}

/** Claims one notification for its attempt number `attempts`. */
export async function leaseOne(
  db: Queryable,
  id: string,
  attempts: number,
  engineId: string,
  lease: number,
  now: number,
): Promise<void> {
  await db
    .updateTable('notifications')
    .set({
      status: 'sending',
      attempts,
      locked_by: engineId,
      locked_until: lease,
      updated_at: now,
    })
    .where('id', '=', id)
    .execute();
}

/** Folds notifications into the leader's message. */
export async function bundleInto(db: Queryable, ids: string[], leaderId: string, now: number): Promise<void> {
  await db
    .updateTable('notifications')
    .set({ status: 'bundled', bundled_into: leaderId, updated_at: now })
    .where('id', 'in', ids)
    .execute();
}

export function findBundledInto(db: Queryable, leaderId: string): Promise<NotificationRow[]> {
  return db
    .selectFrom('notifications')
    .selectAll()
    .where('bundled_into', '=', leaderId)
    .orderBy('id')
    .execute();
}

export async function markFailed(db: Queryable, ids: string[], error: string, now: number): Promise<void> {
  await db
    .updateTable('notifications')
    .set({ status: 'failed', last_error: error, locked_by: null, locked_until: null, updated_at: now })
    .where('id', 'in', ids)
    .execute();
}

/** Who the claimed messages go to, as a message names them. */
export function findRecipients(
  db: Queryable,
  userIds: string[],
): Promise<Pick<Row<'users'>, 'id' | 'name' | 'email' | 'time_zone'>[]> {
  return db
    .selectFrom('users')
    .select(['id', 'name', 'email', 'time_zone'])
    .where('id', 'in', userIds)
    .execute();
}

/**
 * Ends the lease of a send if it is still ours (same engine, same attempt, still sending): one
 * conditional statement, so a send that outlived its lease is not recorded twice. False when lost.
 */
export async function releaseLease(
  db: Queryable,
  lease: { id: string; engineId: string; attempt: number },
  now: number,
): Promise<boolean> {
  const held = await db
    .updateTable('notifications')
    .set({ locked_until: null, updated_at: now })
    .where('id', '=', lease.id)
    .where('status', '=', 'sending')
    .where('locked_by', '=', lease.engineId)
    .where('attempts', '=', lease.attempt)
    .returning('id')
    .executeTakeFirst();
  return held !== undefined;
}

/**
 * Several sends delivered, in one statement: each notification whose lease (engine and attempt)
 * this engine still holds becomes sent and unleased, as releasing the lease then marking it sent would do
 * one at a time. Returns `id:attempt` of those it held; a lease another engine took over since
 * is left alone, and its delivery is not recorded.
 */
export async function markSentWhereLeased(
  db: Queryable,
  engineId: string,
  leases: { id: string; attempt: number }[],
  now: number,
): Promise<Set<string>> {
  const held = new Set<string>();
  for (let i = 0; i < leases.length; i += 200) {
    const chunk = leases.slice(i, i + 200);
    const rows = await db
      .updateTable('notifications')
      .set({
        status: 'sent',
        sent_at: now,
        locked_by: null,
        locked_until: null,
        last_error: null,
        updated_at: now,
      })
      .where(
        'id',
        'in',
        chunk.map((l) => l.id),
      )
      .where('status', '=', 'sending')
      .where('locked_by', '=', engineId)
      .where((eb) => eb.or(chunk.map((l) => eb.and([eb('id', '=', l.id), eb('attempts', '=', l.attempt)]))))
      .returning(['id', 'attempts'])
      .execute();
    for (const r of rows) held.add(`${r.id}:${r.attempts}`);
  }
  return held;
}

/** Many attempts, 200 rows a statement. */
export async function insertAttempts(db: Queryable, rows: NewRow<'notification_attempts'>[]): Promise<void> {
  for (let i = 0; i < rows.length; i += 200) {
    await db
      .insertInto('notification_attempts')
      .values(rows.slice(i, i + 200))
      .execute();
  }
}

/** The notifications folded into a sent message were sent with it. */
export async function markBundledSent(db: Queryable, ids: string[], now: number): Promise<void> {
  await inSlices(ids, async (slice) => {
    await db
      .updateTable('notifications')
      .set({ sent_at: now, updated_at: now })
      .where('id', 'in', slice)
      .execute();
    return [];
  });
}

export async function scheduleRetry(
  db: Queryable,
  id: string,
  runAt: number,
  error: string,
  now: number,
): Promise<void> {
  await db
    .updateTable('notifications')
    .set({ status: 'pending', run_at: runAt, locked_by: null, last_error: error, updated_at: now })
    .where('id', '=', id)
    .execute();
}

export function findNotifications(db: Queryable, ids: string[]): Promise<NotificationRow[]> {
  return db.selectFrom('notifications').selectAll().where('id', 'in', ids).execute();
}
