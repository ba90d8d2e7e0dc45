import type { Kysely } from 'kysely';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations must not depend on the current schema type
type AnyDb = Kysely<any>;

/**
 * Runbooks (src/runbooks, issue 22): Markdown documents owned by a team, kept in every version,
 * titled uniquely (config as code names them by title), matched to alerts by service and by Alertmanager-style label matchers (plus severity and
 * source). `runbooks` holds the current text and what it is matched by; every save adds a row to
 * `runbook_versions` in the same transaction, so the history is never behind the document.
 * `runbook_services` lists the services a runbook is for (a service's deletion drops its rows).
 * `reviewed_at` + `review_interval_days` say when a review is due; `review_reminded_at` records
 * the last reminder to the owner team, so engines remind once per overdue review.
 *
 * Automated steps: `runbook_steps` are HTTP requests written as templates; `runbook_secrets`
 * holds the values their `{{secrets.name}}` stand for, encrypted with the runbook-secrets key;
 * `runbook_runs` are durable jobs claimed like notifications: `queued` (due at `run_at`) ->
 * `claimed` (leased; nothing sent yet, so an expired lease is claimed again) -> `sending`
 * (committed just before the request; an expired lease here becomes `interrupted`, never a second
 * request) -> `succeeded` | `failed`. `runbook_switches` are the kill switches: `global`, or a
 * service id. `runbook_feedback` is a responder's word on whether a runbook helped with an
 * incident (one per incident and runbook, the latest kept): what insights count as efficacy.
 */
export async function up(db: AnyDb): Promise<void> {
  await db.schema
    .createTable('runbooks')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('title', 'text', (c) => c.notNull().unique())
    .addColumn('owner_team_id', 'text', (c) => c.references('teams.id').onDelete('set null'))
    .addColumn('tags', 'text', (c) => c.notNull())
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('matchers', 'text', (c) => c.notNull())
    .addColumn('severities', 'text', (c) => c.notNull())
    .addColumn('sources', 'text', (c) => c.notNull())
    .addColumn('review_interval_days', 'integer', (c) => c.notNull())
    .addColumn('reviewed_at', 'bigint', (c) => c.notNull())
    .addColumn('reviewed_by', 'text')
    .addColumn('review_reminded_at', 'bigint')
    .addColumn('created_by', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_by', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('runbook_versions')
    .addColumn('runbook_id', 'text', (c) => c.notNull().references('runbooks.id').onDelete('cascade'))
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('tags', 'text', (c) => c.notNull())
    .addColumn('note', 'text', (c) => c.notNull())
    .addColumn('edited_by', 'text', (c) => c.notNull())
    .addColumn('edited_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('runbook_versions_pk', ['runbook_id', 'version'])
    .execute();

  await db.schema
    .createTable('runbook_services')
    .addColumn('runbook_id', 'text', (c) => c.notNull().references('runbooks.id').onDelete('cascade'))
    .addColumn('service_id', 'text', (c) => c.notNull().references('services.id').onDelete('cascade'))
    .addPrimaryKeyConstraint('runbook_services_pk', ['runbook_id', 'service_id'])
    .execute();
  await db.schema
    .createIndex('runbook_services_service')
    .on('runbook_services')
    .column('service_id')
    .execute();

  await db.schema
    .createTable('runbook_steps')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('runbook_id', 'text', (c) => c.notNull().references('runbooks.id').onDelete('cascade'))
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('method', 'text', (c) => c.notNull())
    .addColumn('url', 'text', (c) => c.notNull())
    .addColumn('headers', 'text', (c) => c.notNull())
    .addColumn('body', 'text')
    .addColumn('timeout_ms', 'integer', (c) => c.notNull())
    .addColumn('expected_status', 'integer')
    .addColumn('approval', 'text', (c) => c.notNull())
    .addColumn('approver_role', 'text', (c) => c.notNull())
    .addColumn('auto_run', 'integer', (c) => c.notNull())
    .addColumn('auto_run_per_hour', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .addUniqueConstraint('runbook_steps_name', ['runbook_id', 'name'])
    .execute();

  await db.schema
    .createTable('runbook_secrets')
    .addColumn('name', 'text', (c) => c.primaryKey())
    .addColumn('value', 'text', (c) => c.notNull())
    .addColumn('created_by', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_by', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('runbook_runs')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('runbook_id', 'text', (c) => c.notNull())
    .addColumn('step_id', 'text', (c) => c.notNull())
    .addColumn('incident_id', 'text', (c) => c.notNull())
    .addColumn('service_id', 'text', (c) => c.notNull())
    .addColumn('trigger', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('requested_by', 'text', (c) => c.notNull())
    .addColumn('requested_at', 'bigint', (c) => c.notNull())
    .addColumn('decided_by', 'text')
    .addColumn('decided_at', 'bigint')
    .addColumn('vars', 'text', (c) => c.notNull())
    .addColumn('request', 'text', (c) => c.notNull())
    .addColumn('run_at', 'bigint')
    .addColumn('lease_owner', 'text')
    .addColumn('locked_until', 'bigint')
    .addColumn('started_at', 'bigint')
    .addColumn('finished_at', 'bigint')
    .addColumn('status_code', 'integer')
    .addColumn('duration_ms', 'integer')
    .addColumn('response', 'text')
    .addColumn('error', 'text')
    .execute();
  await db.schema.createIndex('runbook_runs_due').on('runbook_runs').columns(['status', 'run_at']).execute();
  await db.schema
    .createIndex('runbook_runs_incident')
    .on('runbook_runs')
    .columns(['incident_id', 'id'])
    .execute();
  await db.schema
    .createIndex('runbook_runs_step')
    .on('runbook_runs')
    .columns(['step_id', 'requested_at'])
    .execute();

  await db.schema
    .createTable('runbook_feedback')
    .addColumn('incident_id', 'text', (c) => c.notNull().references('incidents.id').onDelete('cascade'))
    .addColumn('runbook_id', 'text', (c) => c.notNull().references('runbooks.id').onDelete('cascade'))
    .addColumn('helped', 'integer', (c) => c.notNull())
    .addColumn('given_by', 'text', (c) => c.notNull())
    .addColumn('given_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('runbook_feedback_pk', ['incident_id', 'runbook_id'])
    .execute();

  await db.schema
    .createTable('runbook_switches')
    .addColumn('scope', 'text', (c) => c.primaryKey())
    .addColumn('engaged', 'integer', (c) => c.notNull())
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('changed_by', 'text', (c) => c.notNull())
    .addColumn('changed_at', 'bigint', (c) => c.notNull())
    .execute();
}

export async function down(db: AnyDb): Promise<void> {
  await db.schema.dropTable('runbook_switches').execute();
  await db.schema.dropTable('runbook_feedback').execute();
  await db.schema.dropTable('runbook_runs').execute();
  await db.schema.dropTable('runbook_secrets').execute();
  await db.schema.dropTable('runbook_steps').execute();
  await db.schema.dropTable('runbook_services').execute();
  await db.schema.dropTable('runbook_versions').execute();
  await db.schema.dropTable('runbooks').execute();
}
