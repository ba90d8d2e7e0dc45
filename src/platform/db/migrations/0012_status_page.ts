import { type Kysely, sql } from 'kysely';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations must not depend on the current schema type
type AnyDb = Kysely<any>;

/**
 * The public status page (issue 18), shaped after Atlassian Statuspage (row types and the why of
 * each column: src/platform/db/tables/status-page.ts).
 *
 * - Components in groups, with every status they entered kept in `status_component_changes`: the
 *   90-day uptime bars are minutes per status per day computed from that history.
 * - Public incidents and scheduled maintenance share one table (as Statuspage's objects do), with
 *   their affected components and public updates. The link to the internal incident and to the
 *   maintenance window is kept here and never leaves the API.
 * - Update templates, subscribers (email with double opt-in, webhook) and the deliveries to them:
 *   one row per (update, subscriber), unique, so several engines never send an update twice.
 * - `severities.public_update_minutes`: how often a public update is due while a SEV1/SEV2 is
 *   open (the deadline for the first one is the existing `status_page_minutes`).
 */
export async function up(db: AnyDb): Promise<void> {
  await db.schema
    .createTable('status_component_groups')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull().unique())
    .addColumn('description', 'text', (c) => c.notNull())
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('status_components')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull().unique())
    .addColumn('description', 'text', (c) => c.notNull())
    .addColumn('group_id', 'text', (c) => c.references('status_component_groups.id').onDelete('set null'))
    .addColumn('service_id', 'text', (c) => c.references('services.id').onDelete('set null'))
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('showcase', 'integer', (c) => c.notNull())
    .addColumn('only_show_if_degraded', 'integer', (c) => c.notNull())
    .addColumn('start_date', 'text')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('status_components_service')
    .on('status_components')
    .column('service_id')
    .execute();

  await db.schema
    .createTable('status_incidents')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('impact', 'text', (c) => c.notNull())
    .addColumn('incident_id', 'text', (c) => c.references('incidents.id').onDelete('set null'))
    .addColumn('maintenance_window_id', 'text', (c) =>
      c.references('maintenance_windows.id').onDelete('set null'),
    )
    .addColumn('scheduled_for', 'bigint')
    .addColumn('scheduled_until', 'bigint')
    .addColumn('auto_transition', 'integer', (c) => c.notNull())
    .addColumn('started_at', 'bigint', (c) => c.notNull())
    .addColumn('monitoring_at', 'bigint')
    .addColumn('resolved_at', 'bigint')
    .addColumn('created_by', 'text', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();
  // One public incident per internal one.
  await db.schema
    .createIndex('status_incidents_incident')
    .on('status_incidents')
    .column('incident_id')
    .unique()
    .where(sql.ref('incident_id'), 'is not', null)
    .execute();
  await db.schema
    .createIndex('status_incidents_listed')
    .on('status_incidents')
    .columns(['kind', 'created_at'])
    .execute();

  await db.schema
    .createTable('status_component_changes')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('component_id', 'text', (c) =>
      c.notNull().references('status_components.id').onDelete('cascade'),
    )
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('at', 'bigint', (c) => c.notNull())
    .addColumn('status_incident_id', 'text', (c) => c.references('status_incidents.id').onDelete('set null'))
    .addColumn('changed_by', 'text', (c) => c.references('users.id').onDelete('set null'))
    .execute();
  await db.schema
    .createIndex('status_component_changes_at')
    .on('status_component_changes')
    .columns(['component_id', 'at'])
    .execute();

  await db.schema
    .createTable('status_incident_components')
    .addColumn('status_incident_id', 'text', (c) =>
      c.notNull().references('status_incidents.id').onDelete('cascade'),
    )
    .addColumn('component_id', 'text', (c) =>
      c.notNull().references('status_components.id').onDelete('cascade'),
    )
    .addColumn('status', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('status_incident_components_pk', ['status_incident_id', 'component_id'])
    .execute();
  await db.schema
    .createIndex('status_incident_components_component')
    .on('status_incident_components')
    .column('component_id')
    .execute();

  await db.schema
    .createTable('status_incident_updates')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('status_incident_id', 'text', (c) =>
      c.notNull().references('status_incidents.id').onDelete('cascade'),
    )
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('display_at', 'bigint', (c) => c.notNull())
    .addColumn('affected_components', 'text', (c) => c.notNull())
    .addColumn('deliver_notifications', 'integer', (c) => c.notNull())
    .addColumn('fanned_out_at', 'bigint')
    .addColumn('created_by', 'text', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('status_incident_updates_incident')
    .on('status_incident_updates')
    .columns(['status_incident_id', 'display_at'])
    .execute();
  await db.schema
    .createIndex('status_incident_updates_unsent')
    .on('status_incident_updates')
    .column('created_at')
    .where(sql.ref('fanned_out_at'), 'is', null)
    .execute();

  await db.schema
    .createTable('status_templates')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull().unique())
    .addColumn('update_status', 'text', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('status_subscribers')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('address', 'text', (c) => c.notNull())
    .addColumn('component_ids', 'text')
    .addColumn('secret_enc', 'text')
    .addColumn('confirm_token_hash', 'text')
    .addColumn('confirmed_at', 'bigint')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .addUniqueConstraint('status_subscribers_address', ['kind', 'address'])
    .execute();

  await db.schema
    .createTable('status_deliveries')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('subscriber_id', 'text', (c) =>
      c.notNull().references('status_subscribers.id').onDelete('cascade'),
    )
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('update_id', 'text', (c) => c.references('status_incident_updates.id').onDelete('cascade'))
    .addColumn('idempotency_key', 'text', (c) => c.notNull().unique())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('run_at', 'bigint', (c) => c.notNull())
    .addColumn('attempts', 'integer', (c) => c.notNull())
    .addColumn('locked_by', 'text')
    .addColumn('locked_until', 'bigint')
    .addColumn('response_code', 'integer')
    .addColumn('last_error', 'text')
    .addColumn('sent_at', 'bigint')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('status_deliveries_due')
    .on('status_deliveries')
    .columns(['status', 'run_at'])
    .execute();

  await db.schema.alterTable('severities').addColumn('public_update_minutes', 'integer').execute();
  await db.updateTable('severities').set({ public_update_minutes: 30 }).where('name', '=', 'SEV1').execute();
  await db.updateTable('severities').set({ public_update_minutes: 60 }).where('name', '=', 'SEV2').execute();

  // --- A: default update templates, one per incident status (src/status-page/templates) ---
  await db
    .insertInto('status_templates')
    .values(
      DEFAULT_TEMPLATES.map(([id, name, status, body]) => ({
        id,
        name,
        update_status: status,
        title: '',
        body,
        created_at: 0,
        updated_at: 0,
      })),
    )
    .execute();

  // --- C: status-page deadline reminders ---
  // When an open incident was last reminded that its public status page is due: one row per
  // incident, claimed with a conditional update so several engines remind once per interval.
  await db.schema
    .createTable('status_page_reminders')
    .addColumn('incident_id', 'text', (c) => c.primaryKey().references('incidents.id').onDelete('cascade'))
    .addColumn('reminded_at', 'bigint', (c) => c.notNull())
    .execute();
}

/** Fixed ids so every install has the same defaults; admins edit or delete them. */
const DEFAULT_TEMPLATES: [id: string, name: string, status: string, body: string][] = [
  [
    'stp_00000000000000000000000001',
    'Investigating',
    'investigating',
    '[UPDATE {{time}}] We are investigating issues with {{component}}. We will post an update as soon as we know more.',
  ],
  [
    'stp_00000000000000000000000002',
    'Identified',
    'identified',
    '[UPDATE {{time}}] We have identified the cause of the issues with {{component}} and are working on a fix.',
  ],
  [
    'stp_00000000000000000000000003',
    'Monitoring',
    'monitoring',
    '[UPDATE {{time}}] A fix for the issues with {{component}} is in place. We are monitoring the results.',
  ],
  [
    'stp_00000000000000000000000004',
    'Resolved',
    'resolved',
    '[UPDATE {{time}}] The issues with {{component}} that began at {{start_time}} are resolved. Thank you for your patience.',
  ],
];

export async function down(db: AnyDb): Promise<void> {
  await db.schema.alterTable('severities').dropColumn('public_update_minutes').execute();
  for (const table of [
    // --- C ---
    'status_page_reminders',
    'status_deliveries',
    'status_subscribers',
    'status_templates',
    'status_incident_updates',
    'status_incident_components',
    'status_component_changes',
    'status_incidents',
    'status_components',
    'status_component_groups',
  ]) {
    await db.schema.dropTable(table).execute();
  }
}
