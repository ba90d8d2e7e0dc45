import type { Kysely } from 'kysely';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations must not depend on the current schema type
type AnyDb = Kysely<any>;

/**
 * Action items (issue 19 part Y): follow-ups of an incident with an owner, a due date and a
 * priority, tracked until done (row types: src/platform/db/tables/action-items.ts). They belong
 * to the incident, not to its postmortem: there is at most one postmortem per incident, so it is
 * found through the incident, and items can be written before any postmortem exists.
 *
 * `action_item_reminders` has one row per item per day (in the owner's time zone) on which the
 * owner was reminded that it is overdue: its primary key is what makes that reminder happen once
 * however many engines look at the same moment.
 */
export async function up(db: AnyDb): Promise<void> {
  await db.schema
    .createTable('action_items')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('incident_id', 'text', (c) => c.notNull().references('incidents.id').onDelete('cascade'))
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('description', 'text', (c) => c.notNull())
    .addColumn('owner_id', 'text', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('due_date', 'text')
    .addColumn('priority', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('created_by', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .addColumn('completed_at', 'bigint')
    .addColumn('tracker', 'text')
    .execute();
  await db.schema.createIndex('action_items_incident').on('action_items').column('incident_id').execute();
  await db.schema
    .createIndex('action_items_owner')
    .on('action_items')
    .columns(['owner_id', 'status'])
    .execute();
  // The engine's overdue pass reads open items by due date.
  await db.schema
    .createIndex('action_items_due')
    .on('action_items')
    .columns(['status', 'due_date'])
    .execute();

  await db.schema
    .createTable('action_item_reminders')
    .addColumn('action_item_id', 'text', (c) => c.notNull().references('action_items.id').onDelete('cascade'))
    .addColumn('day', 'text', (c) => c.notNull())
    .addColumn('sent_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('action_item_reminders_pk', ['action_item_id', 'day'])
    .execute();
}

export async function down(db: AnyDb): Promise<void> {
  await db.schema.dropTable('action_item_reminders').execute();
  await db.schema.dropTable('action_items').execute();
}
