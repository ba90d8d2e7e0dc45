import { type Kysely, PostgresAdapter, sql } from 'kysely';
import { localHours } from '../../local-hours.ts';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations must not depend on the current schema type
type AnyDb = Kysely<any>;

/**
 * Insights (src/insights, SPEC §6). What the reports need is stored where they read it, in the
 * writer's transaction, so a report over a million incidents reads one table by index and is
 * never stale:
 * - on incidents: the source's start time of the alert that opened it (MTTD), that alert's name
 *   (alert quality by alert), the responders' verdict when resolving (actionable or noise), and
 *   how many pages it sent (the noisiest alerts);
 * - on pages: the part of the paged person's day (business, after hours, sleep), weekend, and
 *   which night it broke, in the person's time zone at the time (src/platform/local-hours.ts).
 * Existing rows are filled in from the alerts and the users' current time zones.
 */
function isPostgres(db: AnyDb): boolean {
  return db.getExecutor().adapter instanceof PostgresAdapter;
}

export async function up(db: AnyDb): Promise<void> {
  const pg = isPostgres(db);
  await db.schema.alterTable('incidents').addColumn('source_started_at', 'bigint').execute();
  await db.schema.alterTable('incidents').addColumn('alert_name', 'text').execute();
  await db.schema.alterTable('incidents').addColumn('classification', 'text').execute();
  await db.schema.alterTable('incidents').addColumn('classified_by', 'text').execute();
  await db.schema.alterTable('incidents').addColumn('classified_at', 'bigint').execute();
  await db.schema
    .alterTable('incidents')
    .addColumn('page_count', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
  await sql`UPDATE incidents SET page_count = (SELECT count(*) FROM pages p WHERE p.incident_id = incidents.id)`.execute(
    db,
  );

  const alertName = pg
    ? sql`coalesce(a.labels::jsonb ->> 'alertname', a.class, a.summary)`
    : sql`coalesce(json_extract(a.labels, '$.alertname'), a.class, a.summary)`;
  await sql`UPDATE incidents SET
      source_started_at = (SELECT min(a.started_at) FROM alerts a WHERE a.incident_id = incidents.id),
      alert_name = (SELECT substr(${alertName}, 1, 200) FROM alerts a WHERE a.incident_id = incidents.id
                    ORDER BY a.received_at, a.id LIMIT 1)
    WHERE origin = 'alert'`.execute(db);

  // Report ranges are by creation time. Every index here is written by each new incident or page,
  // and the hot paths may lose at most 5% to them (issue 21, measured with bench:ingest and
  // bench:paging): on PostgreSQL, with a million incidents, a covering index lets the response
  // figures come from the index alone (page_count stays out, so counting a page can be a HOT
  // update); SQLite, at a tenth of the size, reads its rows through incidents_created and
  // pages by (user_id, at), and a wide index cost its ingest 5-7%.
  if (pg) {
    await sql`CREATE INDEX incidents_insights ON incidents (created_at)
      INCLUDE (service_id, severity, acknowledged_at, mitigated_at, resolved_at, source_started_at,
               merged_into_id, classification)`.execute(db);
  }
  await db.schema
    .alterTable('pages')
    .addColumn('day_part', 'text', (c) => c.notNull().defaultTo('after_hours'))
    .execute();
  await db.schema
    .alterTable('pages')
    .addColumn('weekend', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
  await db.schema.alterTable('pages').addColumn('night', 'text').execute();
  await fillPages(db);
  if (pg) {
    await sql`CREATE INDEX pages_user_at ON pages (user_id, at) INCLUDE (day_part, weekend, night, incident_id)`.execute(
      db,
    );
  } else {
    await db.schema.createIndex('pages_user_at').on('pages').columns(['user_id', 'at']).execute();
  }
  // Weekly digests of a team's insights, by email or signed webhook (src/insights/digest).
  await db.schema
    .createTable('insight_digests')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('team_id', 'text', (c) => c.notNull().references('teams.id').onDelete('cascade'))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('address', 'text', (c) => c.notNull())
    .addColumn('secret_enc', 'text')
    .addColumn('night_pages_per_week', 'integer', (c) => c.notNull())
    .addColumn('last_week', 'bigint')
    .addColumn('last_sent_at', 'bigint')
    .addColumn('last_error', 'text')
    .addColumn('created_by', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addUniqueConstraint('insight_digests_once', ['team_id', 'kind', 'address'])
    .execute();
  // Time to first status update.
  await db.schema
    .createIndex('incident_updates_first')
    .on('incident_updates')
    .columns(['incident_id', 'created_at'])
    .execute();
}

/** The day part of every page so far, in its person's current time zone, 500 at a time. */
async function fillPages(db: AnyDb): Promise<void> {
  let after = '';
  for (;;) {
    const rows = (await db
      .selectFrom('pages')
      .innerJoin('users', 'users.id', 'pages.user_id')
      .select(['pages.id', 'pages.at', 'users.time_zone'])
      .where('pages.id', '>', after)
      .orderBy('pages.id')
      .limit(500)
      .execute()) as { id: string; at: number | string; time_zone: string }[];
    if (rows.length === 0) return;
    for (const r of rows) {
      const h = localHours(Number(r.at), r.time_zone);
      await db
        .updateTable('pages')
        .set({ day_part: h.part, weekend: h.weekend ? 1 : 0, night: h.night })
        .where('id', '=', r.id)
        .execute();
    }
    after = rows[rows.length - 1]!.id;
  }
}

export async function down(db: AnyDb): Promise<void> {
  await db.schema.dropTable('insight_digests').execute();
  await db.schema.dropIndex('incident_updates_first').execute();
  await db.schema.dropIndex('pages_user_at').execute();
  for (const c of ['night', 'weekend', 'day_part'])
    await db.schema.alterTable('pages').dropColumn(c).execute();
  if (isPostgres(db)) await db.schema.dropIndex('incidents_insights').execute();
  for (const c of [
    'page_count',
    'classified_at',
    'classified_by',
    'classification',
    'alert_name',
    'source_started_at',
  ]) {
    await db.schema.alterTable('incidents').dropColumn(c).execute();
  }
}
