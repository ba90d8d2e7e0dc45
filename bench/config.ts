/**
 * `npm run bench:config`: config as code at the size of a large organisation. Generates a
 * tocsin.yaml with --teams teams of --people people each (two contact methods and two rules
 * apiece), a two-layer schedule and a two-level policy per team, --services services (an
 * integration each, dependencies on earlier ones) and a maintenance window per team, then times:
 * loading and checking the file, plan against an empty database, apply, plan again (must be
 * empty), export, and plan of the export (must be empty). Flags: --dialect sqlite|postgres|both.
 * There is no SPEC target; the figures say how long a CI job waits.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { stringify } from 'yaml';
import { applyConfig, planConfig } from '../src/config/apply.ts';
import { exportConfig } from '../src/config/export.ts';
import { loadConfigTexts } from '../src/config/load.ts';
import type { TocsinConfig } from '../src/config/schema.ts';
import { type Dialect, openDatabase } from '../src/platform/db/connect.ts';
import { migrateToLatest } from '../src/platform/db/migrate.ts';
import { systemCtx } from '../src/server.ts';
import { startBenchPostgres } from './lib/postgres.ts';

const { values: flags } = parseArgs({
  options: {
    teams: { type: 'string', default: '20' },
    people: { type: 'string', default: '25' },
    services: { type: 'string', default: '300' },
    dialect: { type: 'string', default: 'both' },
  },
});
const TEAMS = Number(flags.teams);
const PEOPLE = Number(flags.people);
const SERVICES = Number(flags.services);
const START = Date.now() + 30 * 86_400_000;

function generate(): { config: TocsinConfig; keys: Record<string, string> } {
  const keys: Record<string, string> = {};
  const email = (t: number, p: number) => `p${p}.t${t}@example.com`;
  const teams = Array.from({ length: TEAMS }, (_, t) => ({
    name: `Team ${t}`,
    members: Array.from({ length: PEOPLE }, (_, p) => ({
      user: email(t, p),
      ...(p === 0 ? { role: 'manager' as const } : {}),
    })),
  }));
  const users = teams.flatMap((_, t) =>
    Array.from({ length: PEOPLE }, (_, p) => ({
      name: `Person ${p} of ${t}`,
      email: email(t, p),
      time_zone: p % 2 === 0 ? 'Europe/Berlin' : 'America/New_York',
      contact_methods: [
        { label: 'slack', type: 'slack' as const, address: `https://hooks.slack.com/services/T/B/${t}-${p}` },
        {
          label: 'phone',
          type: 'sms' as const,
          address: `+1212555${String(t * PEOPLE + p).padStart(4, '0')}`,
        },
      ],
      notification_rules: [
        { contact_method: 'slack', delay_minutes: 0, urgency: 'high' as const },
        { contact_method: 'phone', delay_minutes: 5, urgency: 'high' as const },
      ],
    })),
  );
  const schedules = teams.map((team, t) => ({
    name: `${team.name} on call`,
    team: team.name,
    time_zone: 'Europe/Berlin',
    layers: [
      {
        name: 'Weekly',
        order: 1,
        start_date: '2026-01-05',
        shift_length: 1,
        shift_unit: 'weeks' as const,
        participants: team.members.map((m) => m.user),
      },
      {
        name: 'Nights',
        order: 2,
        start_date: '2026-01-05',
        handoff_time: '20:00',
        shift_length: 1,
        shift_unit: 'days' as const,
        restrictions: [{ type: 'daily' as const, start: '20:00', end: '08:00' }],
        participants: team.members.slice(0, 5).map((m) => m.user),
      },
    ],
    overrides: [
      {
        user: email(t, 1),
        start: new Date(START).toISOString(),
        end: new Date(START + 86_400_000).toISOString(),
      },
    ],
  }));
  const escalation_policies = teams.map((team, t) => ({
    name: `${team.name} policy`,
    team: team.name,
    levels: [
      { delay_minutes: 10, targets: [{ schedule: `${team.name} on call` }] },
      { delay_minutes: 20, targets: [{ user: email(t, 0) }, { team: team.name }] },
    ],
  }));
  const services = Array.from({ length: SERVICES }, (_, s) => {
    const t = s % TEAMS;
    const env = `BENCH_KEY_${s}`;
    keys[env] = `bench-key-${String(s).padStart(8, '0')}-abcdef`;
    return {
      name: `service-${s}`,
      team: `Team ${t}`,
      escalation_policy: `Team ${t} policy`,
      ...(s >= 2
        ? {
            dependencies: [`service-${s - 1}`, `service-${Math.floor(s / 2)}`].filter(
              (d, i, a) => a.indexOf(d) === i,
            ),
          }
        : {}),
      integrations: [{ name: 'Prometheus', type: 'alertmanager' as const, key_from_env: env }],
    };
  });
  const maintenance_windows = teams.map((team, t) => ({
    name: `${team.name} upgrade`,
    services: [`service-${t}`],
    starts_at: new Date(START).toISOString(),
    ends_at: new Date(START + 7_200_000).toISOString(),
  }));
  return {
    config: { version: 1, teams, users, schedules, escalation_policies, services, maintenance_windows },
    keys,
  };
}

async function timed<T>(label: string, fn: () => Promise<T> | T): Promise<T> {
  const t0 = performance.now();
  const result = await fn();
  console.log(`  ${label.padEnd(34)} ${(performance.now() - t0).toFixed(0).padStart(7)} ms`);
  return result;
}

async function run(dialect: Dialect): Promise<void> {
  let url: string;
  let cleanup: () => Promise<void>;
  if (dialect === 'sqlite') {
    const dir = mkdtempSync(join(tmpdir(), 'tocsin-bench-config-'));
    url = `sqlite:${join(dir, 'tocsin.db')}`;
    cleanup = () => Promise.resolve(rmSync(dir, { recursive: true, force: true }));
    console.log(`${dialect}: SQLite file on local disk`);
  } else {
    const pg = await startBenchPostgres();
    url = pg.url;
    cleanup = () => pg.stop();
    console.log(`${dialect}: ${pg.description}`);
  }
  const handle = openDatabase(url);
  try {
    await migrateToLatest(handle.db);
    const ctx = systemCtx(handle, 'config');
    const { config: generated, keys } = generate();
    const text = stringify(generated);
    const { config, sources } = await timed(`load + check (${(text.length / 1024).toFixed(0)} KB)`, () =>
      loadConfigTexts([{ file: 'bench.yaml', text }]),
    );
    const input = { config, sources, keys };
    const first = await timed('plan, empty database', () => planConfig({ ctx, input }));
    await timed(`apply (${first.changes.length} creates)`, () => applyConfig({ ctx, input }));
    const again = await timed('plan after apply', () => planConfig({ ctx, input }));
    if (again.changes.length > 0) throw new Error(`plan after apply has ${again.changes.length} changes`);
    const exported = await timed('export', () => exportConfig({ ctx }));
    const reloaded = loadConfigTexts([{ file: 'export.yaml', text: exported.yaml }]);
    const round = await timed('plan of the export', () =>
      planConfig({ ctx, input: { config: reloaded.config } }),
    );
    if (round.changes.length > 0) throw new Error(`the export plans ${round.changes.length} changes`);
    const noop = await timed('apply again (no-op)', () => applyConfig({ ctx, input }));
    if (noop.plan.changes.length > 0) throw new Error('a second apply changed something');
  } finally {
    await handle.close();
    await cleanup();
  }
}

console.log(
  `config: ${TEAMS} teams x ${PEOPLE} people (2 contact methods, 2 rules each), ${TEAMS} schedules, ${TEAMS} policies, ${SERVICES} services, ${TEAMS} maintenance windows`,
);
const dialects: Dialect[] = flags.dialect === 'both' ? ['sqlite', 'postgres'] : [flags.dialect as Dialect];
for (const d of dialects) await run(d);
