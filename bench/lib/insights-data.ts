/**
 * The history bench/insights.ts reports on: `count` incidents over the two years before NOW on
 * 100 services of 20 teams (200 people in six zones, DST and not), each with its alert and 1-3
 * pages, status updates on the severe ones, postmortems (most published) and action items, all
 * written straight into the tables as the code paths would store them (the page's part of the
 * day from src/platform/local-hours.ts). Deterministic: the same seed gives the same rows.
 */
import { sql } from 'kysely';
import type { DbHandle } from '../../src/platform/db/connect.ts';
import { localHours } from '../../src/platform/local-hours.ts';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
/**
 * The history ends at the start of today (UTC), not at a fixed date: the reports then cover the
 * current week too, which src/insights/store reads from the database on every report, as in use.
 */
export const NOW = Math.floor(Date.now() / (24 * HOUR)) * 24 * HOUR;
export const SPAN = 730 * DAY;
export const TEAMS = 20;
export const PEOPLE_PER_TEAM = 10;
export const SERVICES_PER_TEAM = 5;
const ZONES = [
  'UTC',
  'America/New_York',
  'Europe/Berlin',
  'Asia/Kolkata',
  'Australia/Sydney',
  'America/Los_Angeles',
];
const SEVERITIES = ['SEV1', 'SEV2', 'SEV3', 'SEV4'] as const;
const ALERT_NAMES = 300;

/** mulberry32: a small, fast, seeded generator. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

type Value = string | number | null;
type Rows = Record<string, Value>[];

/** Inserts rows in chunks: `unnest` of typed arrays on PostgreSQL, multi-row VALUES on SQLite. */
async function insert(
  handle: DbHandle,
  table: string,
  rows: Rows,
  types: Record<string, string>,
): Promise<void> {
  if (rows.length === 0) return;
  const cols = Object.keys(types);
  if (handle.dialect === 'postgres') {
    for (let i = 0; i < rows.length; i += 20_000) {
      const chunk = rows.slice(i, i + 20_000);
      const arrays = cols.map((c) => sql`${chunk.map((r) => r[c] ?? null)}::${sql.raw(types[c]!)}[]`);
      await sql`INSERT INTO ${sql.table(table)} (${sql.join(cols.map((c) => sql.ref(c)))})
        SELECT * FROM unnest(${sql.join(arrays)})`.execute(handle.db);
    }
    return;
  }
  const per = Math.floor(30_000 / cols.length);
  await handle.db.transaction().execute(async (tx) => {
    for (let i = 0; i < rows.length; i += per) {
      const chunk = rows.slice(i, i + per);
      await sql`INSERT INTO ${sql.table(table)} (${sql.join(cols.map((c) => sql.ref(c)))}) VALUES ${sql.join(
        chunk.map((r) => sql`(${sql.join(cols.map((c) => r[c] ?? null))})`),
      )}`.execute(tx);
    }
  });
}

export interface Seeded {
  teams: string[];
  services: string[];
  /** Incidents not merged into another, for checking the answers. */
  counted: number;
  /** Pages before NOW. */
  pages: number;
}

export async function seedInsights(
  handle: DbHandle,
  count: number,
  log: (s: string) => void,
): Promise<Seeded> {
  const rnd = random(42);
  const created = NOW - SPAN - 30 * DAY;
  const teams = Array.from({ length: TEAMS }, (_, t) => `team_bench_${t}`);
  const people = Array.from({ length: TEAMS * PEOPLE_PER_TEAM }, (_, u) => ({
    id: `usr_bench_${u}`,
    zone: ZONES[u % ZONES.length]!,
    team: teams[Math.floor(u / PEOPLE_PER_TEAM)]!,
  }));
  const services = Array.from({ length: TEAMS * SERVICES_PER_TEAM }, (_, s) => ({
    id: `svc_bench_${s}`,
    team: teams[Math.floor(s / SERVICES_PER_TEAM)]!,
  }));
  const stamp = { created_at: created, updated_at: created };
  await insert(
    handle,
    'teams',
    teams.map((id, t) => ({ id, name: `Bench team ${t}`, description: '', ...stamp })),
    { id: 'text', name: 'text', description: 'text', created_at: 'bigint', updated_at: 'bigint' },
  );
  await insert(
    handle,
    'users',
    people.map((p, u) => ({
      id: p.id,
      name: `Person ${u}`,
      email: `person-${u}@bench.invalid`,
      role: 'responder',
      time_zone: p.zone,
      ...stamp,
    })),
    {
      id: 'text',
      name: 'text',
      email: 'text',
      role: 'text',
      time_zone: 'text',
      created_at: 'bigint',
      updated_at: 'bigint',
    },
  );
  await insert(
    handle,
    'team_members',
    people.map((p) => ({ team_id: p.team, user_id: p.id, role: 'member', created_at: created })),
    { team_id: 'text', user_id: 'text', role: 'text', created_at: 'bigint' },
  );
  await insert(
    handle,
    'services',
    services.map((s, k) => ({
      id: s.id,
      name: `Bench service ${k}`,
      description: '',
      team_id: s.team,
      ...stamp,
    })),
    {
      id: 'text',
      name: 'text',
      description: 'text',
      team_id: 'text',
      created_at: 'bigint',
      updated_at: 'bigint',
    },
  );

  const BATCH = 100_000;
  let counted = 0;
  let pageTotal = 0;
  const zoneOf = new Map(people.map((p) => [p.id, p.zone]));
  for (let start = 0; start < count; start += BATCH) {
    const incidents: Rows = [];
    const alerts: Rows = [];
    const pages: Rows = [];
    const updates: Rows = [];
    const postmortems: Rows = [];
    const items: Rows = [];
    for (let i = start; i < Math.min(count, start + BATCH); i++) {
      const id = `inc_bench_${i}`;
      const s = Math.floor(rnd() * services.length);
      const service = services[s]!;
      const at = NOW - SPAN + Math.floor((i / count) * SPAN) + Math.floor(rnd() * 60_000);
      const r = rnd();
      const severity = SEVERITIES[r < 0.05 ? 0 : r < 0.25 ? 1 : r < 0.65 ? 2 : 3];
      const name = `Alert${Math.floor(rnd() * rnd() * ALERT_NAMES)}`;
      const acked = rnd() < 0.9 ? at + Math.floor(rnd() * 30 * MINUTE) : null;
      const resolved = at + 5 * MINUTE + Math.floor(rnd() * 6 * HOUR);
      const mitigated = rnd() < 0.6 ? Math.min(resolved, (acked ?? at) + Math.floor(rnd() * HOUR)) : null;
      const c = rnd();
      const classification = c < 0.4 ? 'actionable' : c < 0.7 ? 'noise' : null;
      const merged = rnd() < 0.01 && i > 0 ? `inc_bench_${i - 1}` : null;
      if (merged === null) counted++;
      const pageCount = 1 + (rnd() < 0.4 ? 1 : 0) + (rnd() < 0.1 ? 1 : 0);
      incidents.push({
        id,
        number: i + 1,
        title: `${name} on ${service.id}`,
        service_id: service.id,
        urgency: 'high',
        status: 'resolved',
        group_key: `${name}|${service.id}`,
        alert_count: 1,
        created_at: at,
        updated_at: resolved,
        last_alert_at: at,
        acknowledged_at: acked,
        mitigated_at: mitigated,
        resolved_at: resolved,
        severity,
        merged_into_id: merged,
        source_started_at: at - Math.floor(rnd() * 5 * MINUTE),
        alert_name: name,
        classification,
        page_count: pageCount,
      });
      alerts.push({
        id: `alt_bench_${i}`,
        service_id: service.id,
        dedup_key: `${name}-${i}`,
        status: 'resolved',
        severity: 'critical',
        summary: `${name} on ${service.id}`,
        source: 'bench',
        labels: `{"alertname":"${name}"}`,
        details: '{}',
        links: '[]',
        images: '[]',
        started_at: at,
        received_at: at,
        last_seen_at: at,
        occurrences: 1,
        resolved_at: resolved,
        incident_id: id,
      });
      const team = Math.floor(s / SERVICES_PER_TEAM);
      for (let k = 0; k < pageCount; k++) {
        const user = people[team * PEOPLE_PER_TEAM + Math.floor(rnd() * PEOPLE_PER_TEAM)]!.id;
        const pageAt = at + k * 10 * MINUTE;
        // The reports end at NOW: a page after it is not in them.
        if (pageAt < NOW) pageTotal++;
        const local = localHours(pageAt, zoneOf.get(user)!);
        pages.push({
          id: `pg_bench_${i}_${k}`,
          incident_id: id,
          user_id: user,
          step: k,
          level: k,
          round: 0,
          reason: 'escalation',
          at: pageAt,
          day_part: local.part,
          weekend: local.weekend ? 1 : 0,
          night: local.night,
        });
      }
      if (severity === 'SEV1' || severity === 'SEV2') {
        updates.push({
          id: `upd_bench_${i}`,
          incident_id: id,
          message: 'Investigating',
          incident_status: 'acknowledged',
          severity,
          created_at: at + Math.floor(rnd() * 20 * MINUTE),
          created_by: 'system:bench',
        });
        if (rnd() < 0.8) {
          const published = rnd() < 0.75 ? resolved + Math.floor(rnd() * 7 * DAY) : null;
          postmortems.push({
            id: `pm_bench_${i}`,
            incident_id: id,
            title: `INC-${i + 1}`,
            status: published === null ? 'draft' : 'published',
            sections: '[]',
            time_zone: 'UTC',
            tags: '[]',
            created_by: 'system:bench',
            created_at: resolved,
            updated_at: published ?? resolved,
            published_at: published,
            revision: 1,
          });
          const due = new Date(resolved + 14 * DAY).toISOString().slice(0, 10);
          const done = rnd() < 0.7 ? resolved + Math.floor(rnd() * 20 * DAY) : null;
          items.push({
            id: `ai_bench_${i}`,
            incident_id: id,
            title: 'Follow up',
            description: '',
            owner_id: people[team * PEOPLE_PER_TEAM]!.id,
            due_date: due,
            priority: 'medium',
            status: done === null ? 'open' : 'done',
            created_by: 'system:bench',
            created_at: resolved,
            updated_at: done ?? resolved,
            completed_at: done,
          });
        }
      }
    }
    const t = (o: Rows) => Object.fromEntries(Object.keys(o[0]!).map((k) => [k, 'text']));
    const bigints = (cols: string[], base: Record<string, string>) => {
      for (const c of cols) base[c] = 'bigint';
      return base;
    };
    await insert(
      handle,
      'incidents',
      incidents,
      bigints(
        [
          'number',
          'alert_count',
          'created_at',
          'updated_at',
          'last_alert_at',
          'acknowledged_at',
          'mitigated_at',
          'resolved_at',
          'source_started_at',
          'page_count',
        ],
        t(incidents),
      ),
    );
    await insert(
      handle,
      'alerts',
      alerts,
      bigints(['started_at', 'received_at', 'last_seen_at', 'occurrences', 'resolved_at'], t(alerts)),
    );
    await insert(handle, 'pages', pages, bigints(['step', 'level', 'round', 'at', 'weekend'], t(pages)));
    await insert(handle, 'incident_updates', updates, bigints(['created_at'], t(updates)));
    await insert(
      handle,
      'postmortems',
      postmortems,
      bigints(['created_at', 'updated_at', 'published_at', 'revision'], t(postmortems)),
    );
    await insert(
      handle,
      'action_items',
      items,
      bigints(['created_at', 'updated_at', 'completed_at'], t(items)),
    );
    log(`${Math.min(count, start + BATCH)} incidents`);
  }
  if (handle.dialect === 'postgres') {
    await sql`VACUUM ANALYZE`.execute(handle.db);
    // Flush the load now: a checkpoint writing gigabytes in the middle of the timed part stalled
    // reads for seconds (p99 of 5-10 s in the first runs).
    await sql`CHECKPOINT`.execute(handle.db);
  } else await sql`ANALYZE`.execute(handle.db);
  return { teams, services: services.map((s) => s.id), counted, pages: pageTotal };
}
