import { type Kysely, sql } from 'kysely';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations must not depend on the current schema type
type AnyDb = Kysely<any>;

/** SPEC §2 severity defaults; editable per organisation through /api/v1/severities. */
const SEVERITIES = [
  {
    name: 'SEV1',
    rank: 1,
    description: 'Complete outage, data loss or security breach',
    response_hours: '24x7',
    response_target_minutes: 5,
    status_page_minutes: 10,
    update_cadence_minutes: 15,
    postmortem_required: 1,
    alert_severities: [],
    checklist: [
      'Acknowledge the page',
      'Assess scope and customer impact',
      'Set the severity',
      'Declare the incident and open the channel',
      'Assign incident commander, tech lead and comms lead',
      'Post the first status page update',
    ],
  },
  {
    name: 'SEV2',
    rank: 2,
    description: 'Major feature broken',
    response_hours: '24x7',
    response_target_minutes: 30,
    status_page_minutes: 30,
    update_cadence_minutes: 30,
    postmortem_required: 1,
    alert_severities: ['critical'],
    checklist: [
      'Acknowledge the page',
      'Assess scope and customer impact',
      'Set the severity',
      'Declare the incident and open the channel',
      'Assign incident commander, tech lead and comms lead',
    ],
  },
  {
    name: 'SEV3',
    rank: 3,
    description: 'Partial degradation',
    response_hours: 'business_hours',
    response_target_minutes: 240,
    status_page_minutes: null,
    update_cadence_minutes: 120,
    postmortem_required: 0,
    alert_severities: ['error'],
    checklist: ['Acknowledge the page', 'Assess scope and customer impact', 'Set the severity'],
  },
  {
    name: 'SEV4',
    rank: 4,
    description: 'Minimal impact',
    response_hours: 'next_sprint',
    response_target_minutes: null,
    status_page_minutes: null,
    update_cadence_minutes: null,
    postmortem_required: 0,
    alert_severities: ['warning', 'info'],
    checklist: [],
  },
];

const ROLES = [
  ['commander', 'Incident commander', 'Coordinates the response and decides; does not debug'],
  ['tech_lead', 'Tech lead', 'Leads the investigation and the mitigation'],
  ['comms_lead', 'Comms lead', 'Writes the status updates for stakeholders and the status page'],
  ['scribe', 'Scribe', 'Records what happens, when, on the timeline'],
] as const;

export async function up(db: AnyDb): Promise<void> {
  await db.schema
    .createTable('severities')
    .addColumn('name', 'text', (c) => c.primaryKey())
    .addColumn('rank', 'integer', (c) => c.notNull().unique())
    .addColumn('description', 'text', (c) => c.notNull())
    // 24x7 | business_hours | next_sprint; a 24x7 severity is a paging one.
    .addColumn('response_hours', 'text', (c) => c.notNull())
    .addColumn('response_target_minutes', 'integer')
    .addColumn('status_page_minutes', 'integer')
    .addColumn('update_cadence_minutes', 'integer')
    .addColumn('postmortem_required', 'integer', (c) => c.notNull())
    // JSON: alert severities (critical, error ...) whose incidents start at this severity.
    .addColumn('alert_severities', 'text', (c) => c.notNull())
    // JSON: task titles every incident of this severity starts with.
    .addColumn('checklist', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();
  await db
    .insertInto('severities')
    .values(
      SEVERITIES.map((s) => ({
        ...s,
        alert_severities: JSON.stringify(s.alert_severities),
        checklist: JSON.stringify(s.checklist),
        updated_at: 0,
      })),
    )
    .execute();

  await db.schema
    .createTable('incident_role_types')
    .addColumn('slug', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('description', 'text', (c) => c.notNull())
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute();
  await db
    .insertInto('incident_role_types')
    .values(
      ROLES.map(([slug, name, description], i) => ({
        slug,
        name,
        description,
        position: i + 1,
        created_at: 0,
      })),
    )
    .execute();

  // SQLite adds one column per ALTER TABLE.
  const incidentColumns: [string, 'text' | 'bigint', string | null][] = [
    ['severity', 'text', 'SEV4'],
    ['description', 'text', ''],
    ['slug', 'text', ''],
    ['origin', 'text', 'alert'],
    ['declared_by', 'text', null],
    ['mitigated_at', 'bigint', null],
    ['mitigated_by', 'text', null],
    ['closed_at', 'bigint', null],
    ['closed_by', 'text', null],
    ['merged_into_id', 'text', null],
    ['postmortem_url', 'text', null],
    ['last_update_at', 'bigint', null],
    ['next_update_due_at', 'bigint', null],
  ];
  for (const [name, type, dflt] of incidentColumns) {
    await db.schema
      .alterTable('incidents')
      .addColumn(name, type, (c) => (dflt === null ? c : c.notNull().defaultTo(dflt)))
      .execute();
  }
  // Open now means neither resolved nor closed; ingest's queries spell the same condition.
  await db.schema.dropIndex('incidents_open_group').execute();
  await db.schema
    .createIndex('incidents_open_group')
    .on('incidents')
    .columns(['service_id', 'group_key'])
    .where(sql<boolean>`status not in ('resolved', 'closed')`)
    .execute();
  await db.schema
    .createIndex('incidents_update_due')
    .on('incidents')
    .column('next_update_due_at')
    .where(sql.ref('next_update_due_at'), 'is not', null)
    .execute();
  await db.schema.createIndex('incidents_created').on('incidents').columns(['created_at', 'id']).execute();

  // Services an incident affects besides its own (`incidents.service_id`).
  await db.schema
    .createTable('incident_services')
    .addColumn('incident_id', 'text', (c) => c.notNull().references('incidents.id').onDelete('cascade'))
    .addColumn('service_id', 'text', (c) => c.notNull().references('services.id').onDelete('cascade'))
    .addPrimaryKeyConstraint('incident_services_pk', ['incident_id', 'service_id'])
    .execute();
  await db.schema
    .createIndex('incident_services_service')
    .on('incident_services')
    .column('service_id')
    .execute();

  // Every assignment ever made; the current holder of a role has ended_at null.
  await db.schema
    .createTable('incident_role_assignments')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('incident_id', 'text', (c) => c.notNull().references('incidents.id').onDelete('cascade'))
    .addColumn('role', 'text', (c) => c.notNull())
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('assigned_at', 'bigint', (c) => c.notNull())
    .addColumn('assigned_by', 'text', (c) => c.notNull())
    .addColumn('ended_at', 'bigint')
    .addColumn('ended_by', 'text')
    .execute();
  await db.schema
    .createIndex('incident_role_current')
    .on('incident_role_assignments')
    .columns(['incident_id', 'role'])
    .unique()
    .where(sql.ref('ended_at'), 'is', null)
    .execute();
  await db.schema
    .createIndex('incident_role_assignments_incident')
    .on('incident_role_assignments')
    .columns(['incident_id', 'id'])
    .execute();

  // Notes can be pinned as key events; a backdated entry's `at` is in the past (its id sorts
  // it there) and `recorded_at` says when it was written.
  await db.schema
    .alterTable('incident_timeline')
    .addColumn('pinned', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
  await db.schema
    .alterTable('incident_timeline')
    .addColumn('backdated', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
  await db.schema.alterTable('incident_timeline').addColumn('recorded_at', 'bigint').execute();

  await db.schema
    .createTable('incident_updates')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('incident_id', 'text', (c) => c.notNull().references('incidents.id').onDelete('cascade'))
    .addColumn('message', 'text', (c) => c.notNull())
    .addColumn('incident_status', 'text', (c) => c.notNull())
    .addColumn('severity', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('created_by', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('incident_updates_incident')
    .on('incident_updates')
    .columns(['incident_id', 'id'])
    .execute();

  for (const [table, owner, ownerTable] of [
    ['incident_subscribers', 'incident_id', 'incidents'],
    ['service_subscribers', 'service_id', 'services'],
  ] as const) {
    await db.schema
      .createTable(table)
      .addColumn(owner, 'text', (c) => c.notNull().references(`${ownerTable}.id`).onDelete('cascade'))
      .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
      // null: the user's preferred contact method for updates (see src/incidents/subscribers).
      .addColumn('contact_method_id', 'text', (c) => c.references('contact_methods.id').onDelete('set null'))
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .addColumn('created_by', 'text', (c) => c.notNull())
      .addPrimaryKeyConstraint(`${table}_pk`, [owner, 'user_id'])
      .execute();
  }

  await db.schema
    .createTable('incident_tasks')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('incident_id', 'text', (c) => c.notNull().references('incidents.id').onDelete('cascade'))
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('assignee_id', 'text', (c) => c.references('users.id').onDelete('set null'))
    // checklist (seeded from the severity) | manual
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('done_at', 'bigint')
    .addColumn('done_by', 'text')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('created_by', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('incident_tasks_incident')
    .on('incident_tasks')
    .columns(['incident_id', 'position'])
    .execute();

  // page (escalation) | update (a status update to a subscriber) | reminder (an update is due).
  await db.schema
    .alterTable('notifications')
    .addColumn('kind', 'text', (c) => c.notNull().defaultTo('page'))
    .execute();
  // The text of an update or reminder; pages are rendered from the incident.
  await db.schema.alterTable('notifications').addColumn('message', 'text').execute();
}

export async function down(db: AnyDb): Promise<void> {
  for (const t of [
    'incident_tasks',
    'service_subscribers',
    'incident_subscribers',
    'incident_updates',
    'incident_role_assignments',
    'incident_services',
    'incident_role_types',
    'severities',
  ]) {
    await db.schema.dropTable(t).execute();
  }
}
