import type { Kysely } from 'kysely';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations must not depend on the current schema type
type AnyDb = Kysely<any>;

/** Services get urgency rules (alert severity -> high/low urgency); null keeps the defaults. */
export async function up(db: AnyDb): Promise<void> {
  await db.schema.alterTable('services').addColumn('urgency_rules', 'text').execute();
}

export async function down(db: AnyDb): Promise<void> {
  await db.schema.alterTable('services').dropColumn('urgency_rules').execute();
}
