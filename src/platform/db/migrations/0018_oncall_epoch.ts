import { type Kysely, PostgresAdapter, sql } from 'kysely';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations must not depend on the current schema type
type AnyDb = Kysely<any>;

/**
 * The on-call epoch: a counter (`counters.oncall_epoch`) that every write to what decides who is
 * on call moves forward, in the writer's own transaction. Who-is-on-call keeps its answers per
 * node (src/oncall/now-cache.ts) and reads this one row per request: an unchanged epoch proves
 * that no schedule, layer, version, override, temporary schedule or time off changed and no user
 * was added, renamed or deleted since the answer was computed, on any node and by any writer (API, CLI, config
 * apply, a future verb), which is why it is a trigger and not a call in each verb.
 */
const TABLES = [
  'schedules',
  'schedule_layers',
  'schedule_layer_versions',
  'schedule_overrides',
  'schedule_temporary',
  'time_off',
  // A deleted user is never on call, and the answer carries the user's name.
  'users',
] as const;

const BUMP = sql.raw(
  `INSERT INTO counters (name, value) VALUES ('oncall_epoch', 1)
   ON CONFLICT (name) DO UPDATE SET value = counters.value + 1`,
);

const EVENTS = ['INSERT', 'UPDATE', 'DELETE'] as const;

function isPostgres(db: AnyDb): boolean {
  return db.getExecutor().adapter instanceof PostgresAdapter;
}

export async function up(db: AnyDb): Promise<void> {
  if (isPostgres(db)) {
    await sql`CREATE FUNCTION tocsin_bump_oncall_epoch() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN ${BUMP}; RETURN NULL; END $$`.execute(db);
    // Once per statement: a bulk write moves the epoch once, not once per row.
    for (const t of TABLES) {
      await sql`CREATE TRIGGER ${sql.raw(`${t}_oncall_epoch`)}
        AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON ${sql.table(t)}
        FOR EACH STATEMENT EXECUTE FUNCTION tocsin_bump_oncall_epoch()`.execute(db);
    }
    return;
  }
  // SQLite has row triggers only, one event each.
  for (const t of TABLES) {
    for (const e of EVENTS) {
      await sql`CREATE TRIGGER ${sql.raw(`${t}_oncall_epoch_${e.toLowerCase()}`)}
        AFTER ${sql.raw(e)} ON ${sql.table(t)} BEGIN ${BUMP}; END`.execute(db);
    }
  }
}

export async function down(db: AnyDb): Promise<void> {
  if (isPostgres(db)) {
    for (const t of TABLES) {
      await sql`DROP TRIGGER ${sql.raw(`${t}_oncall_epoch`)} ON ${sql.table(t)}`.execute(db);
    }
    await sql`DROP FUNCTION tocsin_bump_oncall_epoch()`.execute(db);
  } else {
    for (const t of TABLES) {
      for (const e of EVENTS)
        await sql`DROP TRIGGER ${sql.raw(`${t}_oncall_epoch_${e.toLowerCase()}`)}`.execute(db);
    }
  }
  await db.deleteFrom('counters').where('name', '=', 'oncall_epoch').execute();
}
