import type { Queryable } from '../platform/db/connect.ts';

/**
 * The reads behind plan, apply and export: every configurable table, whole, in a few queries
 * (configuration is small next to alerts and incidents, and a plan needs all of it). Rows are
 * ordered by id so output is stable across dialects.
 */
export async function readConfigRows(db: Queryable, now: number) {
  const [
    users,
    contactMethods,
    rules,
    teams,
    members,
    services,
    dependencies,
    integrations,
    schedules,
    layers,
    versions,
    overrides,
    policies,
    levels,
    silences,
    windows,
    windowServices,
  ] = await Promise.all([
    db.selectFrom('users').select(['id', 'name', 'email', 'role', 'time_zone']).orderBy('id').execute(),
    db.selectFrom('contact_methods').selectAll().orderBy('id').execute(),
    db.selectFrom('notification_rules').selectAll().orderBy('id').execute(),
    db.selectFrom('teams').selectAll().orderBy('id').execute(),
    db.selectFrom('team_members').selectAll().execute(),
    db.selectFrom('services').selectAll().orderBy('id').execute(),
    db.selectFrom('service_dependencies').selectAll().execute(),
    db.selectFrom('integrations').selectAll().orderBy('id').execute(),
    db.selectFrom('schedules').selectAll().orderBy('id').execute(),
    db.selectFrom('schedule_layers').selectAll().orderBy('id').execute(),
    db
      .selectFrom('schedule_layer_versions')
      .selectAll()
      .orderBy('layer_id')
      .orderBy('effective_from')
      .execute(),
    // Ended overrides are history and swaps are the responders' own arrangements: neither is config.
    db
      .selectFrom('schedule_overrides')
      .selectAll()
      .where('swap_id', 'is', null)
      .where('end_at', '>', now)
      .orderBy('id')
      .execute(),
    db.selectFrom('escalation_policies').selectAll().orderBy('id').execute(),
    db.selectFrom('escalation_levels').selectAll().orderBy('policy_id').orderBy('position').execute(),
    // Unnamed silences are made by hand during incidents, like Alertmanager's: not config.
    db.selectFrom('silences').selectAll().where('name', 'is not', null).orderBy('id').execute(),
    db.selectFrom('maintenance_windows').selectAll().orderBy('id').execute(),
    db.selectFrom('maintenance_window_services').selectAll().execute(),
  ]);
  return {
    users,
    contactMethods,
    rules,
    teams,
    members,
    services,
    dependencies,
    integrations,
    schedules,
    layers,
    versions,
    overrides,
    policies,
    levels,
    silences,
    windows,
    windowServices,
  };
}

export type ConfigRows = Awaited<ReturnType<typeof readConfigRows>>;
