import { type Kysely, sql } from 'kysely';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations must not depend on the current schema type
type AnyDb = Kysely<any>;

/**
 * Webhook subscribers whose deliveries keep failing (status-page/subscribers/health.ts): since
 * when none succeeded, how many were given up in a row, and when it stopped getting deliveries.
 * Its own migration: 0012 had already run on installs from main when this was added.
 */
export async function up(db: AnyDb): Promise<void> {
  await db.schema.alterTable('status_subscribers').addColumn('failing_since', 'bigint').execute();
  await db.schema
    .alterTable('status_subscribers')
    .addColumn('failed_deliveries', 'integer', (c) => c.notNull().defaultTo(sql`0`))
    .execute();
  await db.schema.alterTable('status_subscribers').addColumn('quarantined_at', 'bigint').execute();
}

export async function down(db: AnyDb): Promise<void> {
  for (const column of ['quarantined_at', 'failed_deliveries', 'failing_since']) {
    await db.schema.alterTable('status_subscribers').dropColumn(column).execute();
  }
}
