import type { Kysely } from 'kysely';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations must not depend on the current schema type
type AnyDb = Kysely<any>;

/**
 * SLOs (src/slos, issue 23). `slos` holds the definition (objective as decimal text, window,
 * the SLI: pushed counts or two PromQL queries, the burn-rate alert rules as JSON) and the last
 * evaluation (status, budget and burn rates as JSON, which rules are firing), plus the claim an
 * engine takes to evaluate it once a minute (`next_eval_at`, `claimed_by`/`claimed_until`).
 *
 * Counts are kept per minute (`slo_minutes`, seven hours: the windows up to 6 h) and per hour
 * (`slo_hours`, two SLO windows: the 1 d and 3 d windows, the budget and the burn chart), so storage grows with time, not with events. Counts are thousandths of
 * an event: a Prometheus `increase()` is fractional. `excluded` counts what fell in a maintenance
 * window. `slo_event_keys` remembers clients' idempotency keys for a day. `slo_policies` is a
 * service's error-budget policy: whether a spent budget stops releases (`release-gate`).
 */
export async function up(db: AnyDb): Promise<void> {
  await db.schema
    .createTable('slos')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('service_id', 'text', (c) => c.notNull().references('services.id').onDelete('cascade'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('description', 'text', (c) => c.notNull())
    .addColumn('objective', 'text', (c) => c.notNull())
    .addColumn('window_days', 'integer', (c) => c.notNull())
    .addColumn('sli_kind', 'text', (c) => c.notNull())
    .addColumn('prometheus_url', 'text')
    .addColumn('good_query', 'text')
    .addColumn('error_query', 'text')
    .addColumn('total_query', 'text')
    .addColumn('alert_rules', 'text', (c) => c.notNull())
    .addColumn('exclude_maintenance', 'integer', (c) => c.notNull())
    .addColumn('unknown_alert_after_minutes', 'integer', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('status_reason', 'text')
    .addColumn('evaluation', 'text')
    .addColumn('firing', 'text', (c) => c.notNull())
    .addColumn('unknown_since', 'bigint')
    .addColumn('evaluated_at', 'bigint')
    .addColumn('fetched_until', 'bigint')
    .addColumn('next_eval_at', 'bigint', (c) => c.notNull())
    .addColumn('claimed_by', 'text')
    .addColumn('claimed_until', 'bigint')
    .addColumn('created_by', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_by', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .addUniqueConstraint('slos_service_name', ['service_id', 'name'])
    .execute();
  await db.schema.createIndex('slos_next_eval').on('slos').column('next_eval_at').execute();

  for (const [table, column] of [
    ['slo_minutes', 'minute'],
    ['slo_hours', 'hour'],
  ] as const) {
    await db.schema
      .createTable(table)
      .addColumn('slo_id', 'text', (c) => c.notNull().references('slos.id').onDelete('cascade'))
      .addColumn(column, 'bigint', (c) => c.notNull())
      .addColumn('good', 'bigint', (c) => c.notNull())
      .addColumn('total', 'bigint', (c) => c.notNull())
      .addColumn('excluded', 'bigint', (c) => c.notNull())
      .addPrimaryKeyConstraint(`${table}_pk`, ['slo_id', column])
      .execute();
    // Pruning by age across all SLOs.
    await db.schema.createIndex(`${table}_${column}`).on(table).column(column).execute();
  }

  await db.schema
    .createTable('slo_event_keys')
    .addColumn('slo_id', 'text', (c) => c.notNull().references('slos.id').onDelete('cascade'))
    .addColumn('key', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('slo_event_keys_pk', ['slo_id', 'key'])
    .execute();
  await db.schema.createIndex('slo_event_keys_created').on('slo_event_keys').column('created_at').execute();

  await db.schema
    .createTable('slo_policies')
    .addColumn('service_id', 'text', (c) => c.primaryKey().references('services.id').onDelete('cascade'))
    .addColumn('block_releases', 'integer', (c) => c.notNull())
    .addColumn('min_budget_remaining', 'text', (c) => c.notNull())
    .addColumn('block_when_unknown', 'integer', (c) => c.notNull())
    .addColumn('override_until', 'bigint')
    .addColumn('override_reason', 'text')
    .addColumn('updated_by', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();
}

export async function down(db: AnyDb): Promise<void> {
  for (const t of ['slo_policies', 'slo_event_keys', 'slo_hours', 'slo_minutes', 'slos']) {
    await db.schema.dropTable(t).execute();
  }
}
