import { sql } from 'kysely';
import type { Dialect, Queryable } from '../platform/db/connect.ts';
import { ADVISORY_LOCKS } from '../platform/db/locks.ts';
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
