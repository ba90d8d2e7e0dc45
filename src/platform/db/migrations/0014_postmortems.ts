import type { Kysely } from 'kysely';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations must not depend on the current schema type
type AnyDb = Kysely<any>;

/**
 * Postmortems (issue 19; row types and the why of each column: src/platform/db/tables/postmortems.ts).
 *
 * - Templates: named lists of sections, each with a one-line guidance, optionally for one
 *   severity; one of them is the default. "Standard" is seeded, after incident.io's and the
 *   Google SRE book's postmortem templates.
 * - Postmortems: one per incident (unique), its sections as Markdown, a status, a due date, and a
 *   revision that edits name to be refused when stale. Reviewers approve it one row each.
 * - `severities.postmortem_due_business_days`: how many business days after resolve it is due.
 * - `incidents.postmortem_waived_*`: an admin let the incident close without a postmortem.
 */
export async function up(db: AnyDb): Promise<void> {
  await db.schema
    .createTable('postmortem_templates')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull().unique())
    .addColumn('severity', 'text')
    .addColumn('sections', 'text', (c) => c.notNull())
    .addColumn('is_default', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();
  await db
    .insertInto('postmortem_templates')
    .values({
      id: STANDARD_TEMPLATE_ID,
      name: 'Standard',
      severity: null,
      sections: JSON.stringify(STANDARD_SECTIONS.map(([key, title, guidance]) => ({ key, title, guidance }))),
      is_default: 1,
      created_at: 0,
      updated_at: 0,
    })
    .execute();

  await db.schema
    .createTable('postmortems')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('incident_id', 'text', (c) => c.notNull().unique().references('incidents.id'))
    .addColumn('template_id', 'text', (c) => c.references('postmortem_templates.id').onDelete('set null'))
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('sections', 'text', (c) => c.notNull())
    .addColumn('time_zone', 'text', (c) => c.notNull())
    .addColumn('tags', 'text', (c) => c.notNull())
    .addColumn('owner_id', 'text', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('due_at', 'bigint')
    .addColumn('created_by', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .addColumn('published_at', 'bigint')
    .addColumn('published_by', 'text')
    .addColumn('revision', 'integer', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('postmortems_status').on('postmortems').columns(['status', 'id']).execute();
  await db.schema.createIndex('postmortems_owner').on('postmortems').column('owner_id').execute();

  await db.schema
    .createTable('postmortem_reviewers')
    .addColumn('postmortem_id', 'text', (c) => c.notNull().references('postmortems.id').onDelete('cascade'))
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('approved_at', 'bigint')
    .addColumn('requested_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('postmortem_reviewers_pk', ['postmortem_id', 'user_id'])
    .execute();
  await db.schema
    .createIndex('postmortem_reviewers_user')
    .on('postmortem_reviewers')
    .column('user_id')
    .execute();

  await db.schema.alterTable('severities').addColumn('postmortem_due_business_days', 'integer').execute();
  await db
    .updateTable('severities')
    .set({ postmortem_due_business_days: 5 })
    .where('name', 'in', ['SEV1', 'SEV2'])
    .execute();
  // SQLite adds one column per ALTER TABLE.
  await db.schema.alterTable('incidents').addColumn('postmortem_waived_reason', 'text').execute();
  await db.schema.alterTable('incidents').addColumn('postmortem_waived_by', 'text').execute();
}

/** A fixed id so every install has the same default; admins edit it or make another the default. */
const STANDARD_TEMPLATE_ID = 'pmt_00000000000000000000000001';

const STANDARD_SECTIONS: [key: string, title: string, guidance: string][] = [
  ['summary', 'Summary', 'What happened, in two or three sentences a reader outside the team understands.'],
  [
    'impact',
    'Impact',
    'Who was affected and how: users affected, duration, SLA/SLO breach, revenue if known.',
  ],
  ['timeline', 'Timeline', 'The key events with their times, from the first signal to the resolution.'],
  [
    'root_cause',
    'Root cause',
    'The underlying technical cause, not the trigger; ask "why" until it is a system.',
  ],
  [
    'contributing_factors',
    'Contributing factors',
    'Conditions that made it possible, worse or longer: gaps in process, tooling, tests, docs.',
  ],
  ['detection', 'Detection', 'How and when we noticed: which alert or person, and how it could be sooner.'],
  ['response', 'Response', 'Who responded and what they did; what helped or slowed the response.'],
  ['resolution', 'Resolution', 'What stopped the impact and what restored full service.'],
  ['went_well', 'What went well', 'Practices and tools that worked and that we should keep.'],
  ['went_poorly', 'What went poorly', 'What made it harder; describe systems and processes, not people.'],
  ['lucky', 'Where we got lucky', 'What went right by chance and could go wrong next time.'],
  ['action_items', 'Action items', 'Follow-ups that prevent a repeat or reduce impact, each with an owner.'],
  ['lessons', 'Lessons learned', 'What the rest of the organisation should know from this incident.'],
];

export async function down(db: AnyDb): Promise<void> {
  await db.schema.alterTable('incidents').dropColumn('postmortem_waived_by').execute();
  await db.schema.alterTable('incidents').dropColumn('postmortem_waived_reason').execute();
  await db.schema.alterTable('severities').dropColumn('postmortem_due_business_days').execute();
  for (const table of ['postmortem_reviewers', 'postmortems', 'postmortem_templates']) {
    await db.schema.dropTable(table).execute();
  }
}
