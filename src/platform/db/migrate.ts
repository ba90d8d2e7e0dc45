import { Migrator, type Migration, type MigrationProvider } from 'kysely';
import type { Db } from './connect.ts';
import * as m0001 from './migrations/0001_foundation.ts';
import * as m0002 from './migrations/0002_ingestion.ts';
import * as m0003 from './migrations/0003_schedules.ts';
import * as m0004 from './migrations/0004_escalation.ts';
import * as m0005 from './migrations/0005_incident_lifecycle.ts';
import * as m0006 from './migrations/0006_config_names.ts';
import * as m0007 from './migrations/0007_service_urgency.ts';
import * as m0008 from './migrations/0008_keys.ts';
import * as m0009 from './migrations/0009_notification_throttle.ts';
import * as m0010 from './migrations/0010_timeline_recorded.ts';
import * as m0011 from './migrations/0011_people.ts';
import * as m0012 from './migrations/0012_status_page.ts';
import * as m0013 from './migrations/0013_status_subscriber_health.ts';
import * as m0014 from './migrations/0014_postmortems.ts';
import * as m0015 from './migrations/0015_action_items.ts';
import * as m0016 from './migrations/0016_ticket_trackers.ts';
import * as m0017 from './migrations/0017_postmortem_reminders.ts';
import * as m0018 from './migrations/0018_oncall_epoch.ts';
import * as m0019 from './migrations/0019_insights.ts';
import * as m0020 from './migrations/0020_insight_blocks.ts';
import * as m0021 from './migrations/0021_runbooks.ts';
import * as m0022 from './migrations/0022_slos.ts';

/**
 * Migrations are listed here, not discovered on disk, so they run the same under tsx and
 * compiled JS. Kysely's migrator takes a lock row in a transaction, so several nodes starting
 * at once apply each migration exactly once.
 */
const MIGRATIONS: Record<string, Migration> = {
  '0001_foundation': m0001,
  '0002_ingestion': m0002,
  '0003_schedules': m0003,
  '0004_escalation': m0004,
  '0005_incident_lifecycle': m0005,
  '0006_config_names': m0006,
  '0007_service_urgency': m0007,
  '0008_keys': m0008,
  '0009_notification_throttle': m0009,
  '0010_timeline_recorded': m0010,
  '0011_people': m0011,
  '0012_status_page': m0012,
  '0013_status_subscriber_health': m0013,
  '0014_postmortems': m0014,
  '0015_action_items': m0015,
  '0016_ticket_trackers': m0016,
  '0017_postmortem_reminders': m0017,
  '0018_oncall_epoch': m0018,
  '0019_insights': m0019,
  '0020_insight_blocks': m0020,
  '0021_runbooks': m0021,
  '0022_slos': m0022,
};

const provider: MigrationProvider = { getMigrations: () => Promise.resolve(MIGRATIONS) };

function migrator(db: Db): Migrator {
  return new Migrator({
    db,
    provider,
    migrationTableName: 'tocsin_migrations',
    migrationLockTableName: 'tocsin_migrations_lock',
  });
}

export async function migrateToLatest(db: Db): Promise<string[]> {
  const { error, results } = await migrator(db).migrateToLatest();
  if (error) throw error instanceof Error ? error : new Error(`migration failed: ${JSON.stringify(error)}`);
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}

/** Names of migrations known to this build but not yet applied. */
export async function pendingMigrations(db: Db): Promise<string[]> {
  const all = await migrator(db).getMigrations();
  return all.filter((m) => m.executedAt === undefined).map((m) => m.name);
}
