import type { Kysely } from 'kysely';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations must not depend on the current schema type
type AnyDb = Kysely<any>;

/**
 * The paging throttle counts a person's pages still in flight (claimed and being sent, or failed
 * and waiting to be retried), not only those sent: this index finds them without walking every
 * unsent row of theirs (a burst's pages held back for the window, cancelled history).
 */
export async function up(db: AnyDb): Promise<void> {
  await db.schema
    .createIndex('notifications_in_flight')
    .on('notifications')
    .columns(['user_id', 'channel', 'status', 'attempts'])
    .execute();
}

export async function down(db: AnyDb): Promise<void> {
  await db.schema.dropIndex('notifications_in_flight').execute();
}
