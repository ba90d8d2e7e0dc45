import type { Queryable } from '../platform/db/connect.ts';

/**
 * The reads behind plan, apply and export: every configurable table, whole, in a few queries
 * (configuration is small next to alerts and incidents, and a plan needs all of it). Rows are
 * ordered by id so output is stable across dialects.
 */
export function readConfigRows(db: Queryable, now: number) {
  return allOf({
    users: db
      .selectFrom('users')
      .select(['id', 'name', 'email', 'role', 'time_zone', 'deactivated_at'])
      .orderBy('id')
      .execute(),
    contactMethods: db.selectFrom('contact_methods').selectAll().orderBy('id').execute(),
    rules: db.selectFrom('notification_rules').selectAll().orderBy('id').execute(),
    teams: db.selectFrom('teams').selectAll().orderBy('id').execute(),
    members: db.selectFrom('team_members').selectAll().execute(),
    services: db.selectFrom('services').selectAll().orderBy('id').execute(),
    dependencies: db.selectFrom('service_dependencies').selectAll().execute(),
    integrations: db.selectFrom('integrations').selectAll().orderBy('id').execute(),
    schedules: db.selectFrom('schedules').selectAll().orderBy('id').execute(),
    layers: db.selectFrom('schedule_layers').selectAll().orderBy('id').execute(),
    versions: db
      .selectFrom('schedule_layer_versions')
      .selectAll()
      .orderBy('layer_id')
      .orderBy('effective_from')
      .execute(),
    // Ended overrides are history and swaps are the responders' own arrangements: neither is config.
    overrides: db
      .selectFrom('schedule_overrides')
      .selectAll()
      .where('swap_id', 'is', null)
      .where('end_at', '>', now)
      .orderBy('id')
      .execute(),
    policies: db.selectFrom('escalation_policies').selectAll().orderBy('id').execute(),
    levels: db.selectFrom('escalation_levels').selectAll().orderBy('policy_id').orderBy('position').execute(),
    // Unnamed silences are made by hand during incidents, like Alertmanager's: not config.
    silences: db.selectFrom('silences').selectAll().where('name', 'is not', null).orderBy('id').execute(),
    windows: db.selectFrom('maintenance_windows').selectAll().orderBy('id').execute(),
    windowServices: db.selectFrom('maintenance_window_services').selectAll().execute(),
  });
}

export type ConfigRows = Awaited<ReturnType<typeof readConfigRows>>;

/** The status page's groups and components (in page order) and update templates (its settings: src/status-page/settings.ts). */
export function readStatusPageRows(db: Queryable) {
  return allOf({
    groups: db.selectFrom('status_component_groups').selectAll().orderBy('position').orderBy('id').execute(),
    components: db.selectFrom('status_components').selectAll().orderBy('position').orderBy('id').execute(),
    templates: db.selectFrom('status_templates').selectAll().orderBy('id').execute(),
  });
}

/**
 * Every runbook with its text (the current version), what it is matched by and its automated
 * steps in run order; src/runbooks owns them. Secrets' values are not configuration: not read.
 */
export function readRunbookRows(db: Queryable) {
  return allOf({
    runbooks: db
      .selectFrom('runbooks')
      .select([
        'id',
        'title',
        'owner_team_id',
        'tags',
        'body',
        'version',
        'matchers',
        'severities',
        'sources',
        'review_interval_days',
      ])
      .orderBy('id')
      .execute(),
    services: db.selectFrom('runbook_services').selectAll().execute(),
    steps: db
      .selectFrom('runbook_steps')
      .selectAll()
      .orderBy('runbook_id')
      .orderBy('position')
      .orderBy('id')
      .execute(),
  });
}

export type RunbookRows = Awaited<ReturnType<typeof readRunbookRows>>;

/**
 * Every SLO's definition (not its counts or evaluation) and every stored budget policy; src/slos
 * owns them. A policy's override is operational, read only so that apply can leave it as it is.
 */
export function readSloRows(db: Queryable) {
  return allOf({
    slos: db
      .selectFrom('slos')
      .select([
        'id',
        'service_id',
        'name',
        'description',
        'objective',
        'window_days',
        'sli_kind',
        'prometheus_url',
        'good_query',
        'error_query',
        'total_query',
        'alert_rules',
        'exclude_maintenance',
        'unknown_alert_after_minutes',
      ])
      .orderBy('id')
      .execute(),
    policies: db
      .selectFrom('slo_policies')
      .select(['service_id', 'block_releases', 'min_budget_remaining', 'block_when_unknown'])
      .orderBy('service_id')
      .execute(),
  });
}

export type SloRows = Awaited<ReturnType<typeof readSloRows>>;

/** Awaits every promise of an object at once, keeping each one's key and type. */
async function allOf<T extends Record<string, Promise<unknown>>>(
  promises: T,
): Promise<{ [K in keyof T]: Awaited<T[K]> }> {
  const entries = await Promise.all(Object.entries(promises).map(async ([k, p]) => [k, await p] as const));
  return Object.fromEntries(entries) as { [K in keyof T]: Awaited<T[K]> };
}
