import { type Kysely, PostgresAdapter, sql } from 'kysely';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations must not depend on the current schema type
type AnyDb = Kysely<any>;

/**
 * Insight blocks (src/insights/store). Reports over two years of a million incidents read the
 * past from memory: a week of incidents (a block, by `created_at`) is loaded once and kept while
 * its version here stays the same. The version is bumped by triggers, in the transaction of
 * every write that changes what a report reads of an incident of a past week: the incident's own
 * figures, its postmortem, its status updates. A cached week can then never be stale, and the
 * hot paths pay nothing: they write this week's incidents, for which the triggers' WHEN is false
 * (and columns no report reads, such as `alert_count`, never fire them).
 *
 * Action items are kept the same way by the week they are due in (`action_items` blocks): a change
 * to an item, to its incident's merge, service or severity, or to its owner's time zone (the due day ends
 * in the owner's zone) bumps the week of its due date.
 *
 * Kind `database` (block 0) holds a random number naming this database, so one process serving
 * several (tests) keeps their caches apart.
 */
export const BLOCK_MS = 7 * 86_400_000;

/** The incident columns a report reads; an update of any other column is not watched. */
const WATCHED = [
  'created_at',
  'service_id',
  'severity',
  'origin',
  'group_key',
  'alert_name',
  'source_started_at',
  'acknowledged_at',
  'mitigated_at',
  'resolved_at',
  'classification',
  'page_count',
  'merged_into_id',
];

function isPostgres(db: AnyDb): boolean {
  return db.getExecutor().adapter instanceof PostgresAdapter;
}

const B = String(BLOCK_MS);
const changed = (is: string) => WATCHED.map((c) => `OLD.${c} ${is} NEW.${c}`).join(' OR ');

export async function up(db: AnyDb): Promise<void> {
  await db.schema
    .createTable('insight_blocks')
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('block', 'bigint', (c) => c.notNull())
    .addColumn('version', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('insight_blocks_pk', ['kind', 'block'])
    .execute();
  if (isPostgres(db)) await upPostgres(db);
  else await upSqlite(db);
  // Reports no longer aggregate in SQL: the covering index of 0019 only cost every write (and made
  // each acknowledge and resolve a non-HOT update). What they still ask the database: which alert
  // groups' incidents resolved just before a period (re-fires, src/insights/alert-quality.ts),
  // and a week's action items by due date.
  if (isPostgres(db)) await db.schema.dropIndex('incidents_insights').execute();
  await db.schema
    .createIndex('incidents_resolved_alert')
    .on('incidents')
    .column('resolved_at')
    .where((eb) => eb.and([eb(sql.ref('origin'), '=', sql.lit('alert')), eb('resolved_at', 'is not', null)]))
    .execute();
  await db.schema.createIndex('action_items_due_date').on('action_items').column('due_date').execute();
}

/** What reports read of an action item. */
const ITEM_COLUMNS = ['due_date', 'status', 'completed_at', 'owner_id', 'incident_id'];

async function upPostgres(db: AnyDb): Promise<void> {
  const run = (text: string) => sql.raw(text).execute(db);
  await run(
    `INSERT INTO insight_blocks (kind, block, version) VALUES ('database', 0, floor(random() * 1e15)::bigint)`,
  );
  // The start of the block the database's clock is in now: only older blocks may be kept.
  await run(`CREATE FUNCTION tocsin_insight_current() RETURNS bigint LANGUAGE sql STABLE AS
    $$ SELECT (extract(epoch FROM statement_timestamp()) * 1000)::bigint / ${B} * ${B} $$`);
  await run(`CREATE FUNCTION tocsin_insight_due(due text) RETURNS bigint LANGUAGE sql STABLE AS
    $$ SELECT (extract(epoch FROM due::date) * 1000)::bigint $$`);
  await run(`CREATE FUNCTION tocsin_insight_bump(k text, at bigint) RETURNS void LANGUAGE sql AS
    $$ INSERT INTO insight_blocks (kind, block, version) SELECT k, at / ${B}, 1 WHERE at < tocsin_insight_current()
       ON CONFLICT (kind, block) DO UPDATE SET version = insight_blocks.version + 1 $$`);
  await run(`CREATE FUNCTION tocsin_insight_incident() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      IF TG_OP <> 'INSERT' THEN PERFORM tocsin_insight_bump('incidents', OLD.created_at); END IF;
      IF TG_OP = 'INSERT' OR (TG_OP = 'UPDATE' AND NEW.created_at <> OLD.created_at) THEN
        PERFORM tocsin_insight_bump('incidents', NEW.created_at);
      END IF;
      RETURN NULL;
    END $$`);
  // Related rows name their incident; the week bumped is the incident's.
  await run(`CREATE FUNCTION tocsin_insight_related() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      IF TG_OP <> 'INSERT' THEN
        PERFORM tocsin_insight_bump('incidents', created_at) FROM incidents WHERE id = OLD.incident_id;
      END IF;
      IF TG_OP <> 'DELETE' THEN
        PERFORM tocsin_insight_bump('incidents', created_at) FROM incidents WHERE id = NEW.incident_id;
      END IF;
      RETURN NULL;
    END $$`);
  await run(`CREATE FUNCTION tocsin_insight_item() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      IF TG_OP <> 'INSERT' THEN PERFORM tocsin_insight_bump('action_items', tocsin_insight_due(OLD.due_date)); END IF;
      IF TG_OP <> 'DELETE' THEN PERFORM tocsin_insight_bump('action_items', tocsin_insight_due(NEW.due_date)); END IF;
      RETURN NULL;
    END $$`);
  // An incident merged (or moved) changes which items count; an owner's zone, when their days end.
  await run(`CREATE FUNCTION tocsin_insight_items_of() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      IF TG_TABLE_NAME = 'incidents' THEN
        PERFORM tocsin_insight_bump('action_items', tocsin_insight_due(a.due_date))
          FROM action_items a WHERE a.incident_id = OLD.id;
      ELSE
        PERFORM tocsin_insight_bump('action_items', tocsin_insight_due(a.due_date))
          FROM action_items a WHERE a.owner_id = OLD.id;
      END IF;
      -- Also a BEFORE DELETE trigger (users), where NULL would cancel the delete.
      RETURN OLD;
    END $$`);
  // Written out, not a call of tocsin_insight_current(): the WHEN runs for each incident written.
  const current = `((extract(epoch FROM statement_timestamp()) * 1000)::bigint / ${B} * ${B})`;
  await run(`CREATE TRIGGER insight_incident_insert AFTER INSERT ON incidents FOR EACH ROW
    WHEN (NEW.created_at < ${current}) EXECUTE FUNCTION tocsin_insight_incident()`);
  await run(`CREATE TRIGGER insight_incident_update AFTER UPDATE OF ${WATCHED.join(', ')} ON incidents
    FOR EACH ROW WHEN ((OLD.created_at < ${current} OR NEW.created_at < ${current})
      AND (${changed('IS DISTINCT FROM')})) EXECUTE FUNCTION tocsin_insight_incident()`);
  await run(`CREATE TRIGGER insight_incident_delete AFTER DELETE ON incidents FOR EACH ROW
    WHEN (OLD.created_at < ${current}) EXECUTE FUNCTION tocsin_insight_incident()`);
  for (const [table, columns] of RELATED) {
    await run(`CREATE TRIGGER insight_${table} AFTER INSERT OR DELETE OR UPDATE OF ${columns.join(', ')}
      ON ${table} FOR EACH ROW EXECUTE FUNCTION tocsin_insight_related()`);
  }
  await run(`CREATE TRIGGER insight_action_items AFTER INSERT OR DELETE OR UPDATE OF ${ITEM_COLUMNS.join(', ')}
    ON action_items FOR EACH ROW EXECUTE FUNCTION tocsin_insight_item()`);
  await run(`CREATE TRIGGER insight_incident_items AFTER UPDATE OF merged_into_id, service_id, severity ON incidents
    FOR EACH ROW WHEN (OLD.merged_into_id IS DISTINCT FROM NEW.merged_into_id OR OLD.service_id <> NEW.service_id
      OR OLD.severity <> NEW.severity)
    EXECUTE FUNCTION tocsin_insight_items_of()`);
  await run(`CREATE TRIGGER insight_owner_zone AFTER UPDATE OF time_zone ON users FOR EACH ROW
    WHEN (OLD.time_zone IS DISTINCT FROM NEW.time_zone) EXECUTE FUNCTION tocsin_insight_items_of()`);
  await run(`CREATE TRIGGER insight_owner_delete BEFORE DELETE ON users FOR EACH ROW
    EXECUTE FUNCTION tocsin_insight_items_of()`);
  // TRUNCATE fires no row trigger: it renames the database instead, so no kept week survives it.
  await run(`CREATE FUNCTION tocsin_insight_truncated() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      UPDATE insight_blocks SET version = floor(random() * 1e15)::bigint WHERE kind = 'database';
      RETURN NULL;
    END $$`);
  for (const table of TRUNCATED) {
    await run(`CREATE TRIGGER insight_${table}_truncate AFTER TRUNCATE ON ${table}
      FOR EACH STATEMENT EXECUTE FUNCTION tocsin_insight_truncated()`);
  }
}

const TRUNCATED = ['incidents', 'postmortems', 'incident_updates', 'action_items', 'users'];

/** What reports read of other tables, per incident. */
const RELATED: [string, string[]][] = [
  ['postmortems', ['incident_id', 'status', 'published_at']],
  ['incident_updates', ['incident_id', 'created_at']],
];

async function upSqlite(db: AnyDb): Promise<void> {
  await sql`INSERT INTO insight_blocks (kind, block, version)
    VALUES ('database', 0, abs(random()) % 1000000000000000)`.execute(db);
  // 'now' is fixed for the whole statement that fires the trigger.
  const current = `(unixepoch() * 1000 / ${B} * ${B})`;
  const due = (day: string) => `(unixepoch(${day}) * 1000)`;
  /** Bumps the week of each `at` (the rows of `from`, when given) that is before the current one. */
  const bump = (kind: string, at: string, from = '', when = 'true') =>
    `INSERT INTO insight_blocks (kind, block, version) SELECT DISTINCT '${kind}', ${at} / ${B}, 1 ${from}
     WHERE ${at} < ${current} AND ${when}
     ON CONFLICT (kind, block) DO UPDATE SET version = version + 1;`;
  const triggers = [
    `insight_incident_insert AFTER INSERT ON incidents WHEN NEW.created_at < ${current}
     BEGIN ${bump('incidents', 'NEW.created_at')} END`,
    `insight_incident_update AFTER UPDATE OF ${WATCHED.join(', ')} ON incidents
     WHEN (OLD.created_at < ${current} OR NEW.created_at < ${current}) AND (${changed('IS NOT')})
     BEGIN ${bump('incidents', 'OLD.created_at')}
       ${bump('incidents', 'NEW.created_at', '', 'NEW.created_at <> OLD.created_at')} END`,
    `insight_incident_delete AFTER DELETE ON incidents WHEN OLD.created_at < ${current}
     BEGIN ${bump('incidents', 'OLD.created_at')} END`,
    `insight_incident_items AFTER UPDATE OF merged_into_id, service_id, severity ON incidents
     WHEN OLD.merged_into_id IS NOT NEW.merged_into_id OR OLD.service_id IS NOT NEW.service_id
       OR OLD.severity IS NOT NEW.severity
     BEGIN ${bump('action_items', due('a.due_date'), 'FROM action_items a', 'a.incident_id = OLD.id')} END`,
    `insight_owner_zone AFTER UPDATE OF time_zone ON users WHEN OLD.time_zone IS NOT NEW.time_zone
     BEGIN ${bump('action_items', due('a.due_date'), 'FROM action_items a', 'a.owner_id = OLD.id')} END`,
    `insight_owner_delete BEFORE DELETE ON users
     BEGIN ${bump('action_items', due('a.due_date'), 'FROM action_items a', 'a.owner_id = OLD.id')} END`,
  ];
  const events = (columns: string[]) =>
    [
      ['INSERT', ['NEW']],
      ['DELETE', ['OLD']],
      [`UPDATE OF ${columns.join(', ')}`, ['OLD', 'NEW']],
    ] as const;
  for (const [table, columns] of RELATED) {
    for (const [event, refs] of events(columns)) {
      for (const ref of refs) {
        triggers.push(
          `insight_${table}_${event.split(' ')[0]!.toLowerCase()}_${ref.toLowerCase()} AFTER ${event} ON ${table}
           BEGIN ${bump('incidents', 'i.created_at', 'FROM incidents i', `i.id = ${ref}.incident_id`)} END`,
        );
      }
    }
  }
  for (const [event, refs] of events(ITEM_COLUMNS)) {
    for (const ref of refs) {
      triggers.push(
        `insight_action_items_${event.split(' ')[0]!.toLowerCase()}_${ref.toLowerCase()} AFTER ${event} ON action_items
         BEGIN ${bump('action_items', due(`${ref}.due_date`))} END`,
      );
    }
  }
  for (const t of triggers) await sql.raw(`CREATE TRIGGER ${t}`).execute(db);
}

export async function down(db: AnyDb): Promise<void> {
  await db.schema.dropIndex('action_items_due_date').execute();
  await db.schema.dropIndex('incidents_resolved_alert').execute();
  if (isPostgres(db)) {
    await sql`CREATE INDEX incidents_insights ON incidents (created_at)
      INCLUDE (service_id, severity, acknowledged_at, mitigated_at, resolved_at, source_started_at,
               merged_into_id, classification)`.execute(db);
    const triggers: [string, string][] = [
      ...TRUNCATED.map((table): [string, string] => [`insight_${table}_truncate`, table]),
      ['insight_incident_insert', 'incidents'],
      ['insight_incident_update', 'incidents'],
      ['insight_incident_delete', 'incidents'],
      ['insight_incident_items', 'incidents'],
      ['insight_action_items', 'action_items'],
      ['insight_owner_zone', 'users'],
      ['insight_owner_delete', 'users'],
      ...RELATED.map(([table]): [string, string] => [`insight_${table}`, table]),
    ];
    for (const [t, table] of triggers) await sql.raw(`DROP TRIGGER ${t} ON ${table}`).execute(db);
    for (const f of [
      'tocsin_insight_truncated()',
      'tocsin_insight_items_of()',
      'tocsin_insight_item()',
      'tocsin_insight_related()',
      'tocsin_insight_incident()',
      'tocsin_insight_bump(text, bigint)',
      'tocsin_insight_due(text)',
      'tocsin_insight_current()',
    ]) {
      await sql.raw(`DROP FUNCTION ${f}`).execute(db);
    }
  } else {
    const { rows } = await sql<{ name: string }>`
      SELECT name FROM sqlite_master WHERE type = 'trigger' AND name LIKE 'insight_%'`.execute(db);
    for (const r of rows) await sql.raw(`DROP TRIGGER ${r.name}`).execute(db);
  }
  await db.schema.dropTable('insight_blocks').execute();
}
