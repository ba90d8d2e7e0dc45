import type { Kysely } from 'kysely';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations must not depend on the current schema type
type AnyDb = Kysely<any>;

/**
 * Ticket trackers (issue 19): GitHub Issues or Jira projects an action item can be pushed to
 * (row types: src/platform/db/tables/action-items.ts). The API token and the webhook secret are
 * stored encrypted (`enc1.…`, src/platform/auth/keys.ts): the token is sent to the tracker and the
 * secret verifies its webhooks' HMAC, so both must be read back, which a hash would not allow.
 *
 * An action item gains where it was pushed: `tracker_id` and `tracker_key` (the issue's key,
 * lower-cased, e.g. `acme/web#12` or `ops-7`) find the item a tracker's webhook speaks of;
 * `tracker_claimed_at` marks a push under way (set before the tracker is called, outside any
 * transaction), so two pushes at once make one issue. The `tracker` JSON of 0015 stays what the
 * API shows.
 */
export async function up(db: AnyDb): Promise<void> {
  await db.schema
    .createTable('ticket_trackers')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull().unique())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('base_url', 'text', (c) => c.notNull())
    .addColumn('project', 'text', (c) => c.notNull())
    .addColumn('issue_type', 'text')
    .addColumn('email', 'text')
    .addColumn('labels', 'text', (c) => c.notNull())
    .addColumn('token', 'text', (c) => c.notNull())
    .addColumn('webhook_secret', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();

  await db.schema
    .alterTable('action_items')
    .addColumn('tracker_id', 'text', (c) => c.references('ticket_trackers.id').onDelete('set null'))
    .execute();
  await db.schema.alterTable('action_items').addColumn('tracker_key', 'text').execute();
  await db.schema.alterTable('action_items').addColumn('tracker_claimed_at', 'bigint').execute();
  await db.schema
    .createIndex('action_items_tracker_key')
    .on('action_items')
    .columns(['tracker_id', 'tracker_key'])
    .execute();
}

export async function down(db: AnyDb): Promise<void> {
  await db.schema.dropIndex('action_items_tracker_key').execute();
  await db.schema.alterTable('action_items').dropColumn('tracker_claimed_at').execute();
  await db.schema.alterTable('action_items').dropColumn('tracker_key').execute();
  await db.schema.alterTable('action_items').dropColumn('tracker_id').execute();
  await db.schema.dropTable('ticket_trackers').execute();
}
