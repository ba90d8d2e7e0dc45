import type { Kysely } from 'kysely';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations must not depend on the current schema type
type AnyDb = Kysely<any>;

/** Silences may carry a unique name, so config-as-code (tocsin.yaml) can match them by it. */
export async function up(db: AnyDb): Promise<void> {
  await db.schema.alterTable('silences').addColumn('name', 'text').execute();
  // Both dialects let many rows hold null in a unique index.
  await db.schema.createIndex('silences_name').on('silences').column('name').unique().execute();
}

export async function down(db: AnyDb): Promise<void> {
  await db.schema.dropIndex('silences_name').execute();
  await db.schema.alterTable('silences').dropColumn('name').execute();
}
