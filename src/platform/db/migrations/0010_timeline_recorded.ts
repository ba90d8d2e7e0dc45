import type { Kysely } from 'kysely';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations must not depend on the current schema type
type AnyDb = Kysely<any>;

/**
 * The live stream (src/stream) reads what was written since a point by id, but a backdated
 * entry's id sorts at its past time: it finds those by when they were recorded instead.
 */
export async function up(db: AnyDb): Promise<void> {
  await db.schema
    .createIndex('incident_timeline_recorded')
    .on('incident_timeline')
    .column('recorded_at')
    .execute();
}

export async function down(db: AnyDb): Promise<void> {
  await db.schema.dropIndex('incident_timeline_recorded').execute();
}
