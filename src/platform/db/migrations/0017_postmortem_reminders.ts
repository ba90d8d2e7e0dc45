import type { Kysely } from 'kysely';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations must not depend on the current schema type
type AnyDb = Kysely<any>;

/**
 * Reminders to a postmortem's owner (src/postmortems/reminders.ts): one before it is due and one
 * per day once it is overdue. The primary key (postmortem, kind, day) is what makes each happen
 * once however many engines look at the same moment: `due_soon` rows carry the due day, so moving
 * the due date earns one new advance reminder; `overdue` rows carry the owner's day they were sent.
 * (0016 is the ticket trackers' migration.)
 */
export async function up(db: AnyDb): Promise<void> {
  await db.schema
    .createTable('postmortem_reminders')
    .addColumn('postmortem_id', 'text', (c) => c.notNull().references('postmortems.id').onDelete('cascade'))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('day', 'text', (c) => c.notNull())
    .addColumn('sent_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('postmortem_reminders_pk', ['postmortem_id', 'kind', 'day'])
    .execute();
  // The engine's pass reads unpublished postmortems by due date.
  await db.schema.createIndex('postmortems_due').on('postmortems').columns(['status', 'due_at']).execute();
}

export async function down(db: AnyDb): Promise<void> {
  await db.schema.dropIndex('postmortems_due').execute();
  await db.schema.dropTable('postmortem_reminders').execute();
}
