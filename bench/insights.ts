/**
 * `npm run bench:insights`: the insight reports (src/insights, SPEC §6) over two years of history
 * at the size SPEC §7 and issue 21 name: 1,000,000 incidents on PostgreSQL, 100,000 on SQLite,
 * each with its alert and 1-3 pages, updates, postmortems and action items (bench/lib/insights-data.ts,
 * written straight into a database a real `tocsin serve` migrated; then VACUUM ANALYZE / ANALYZE,
 * as autovacuum would have by then). Times each report over HTTP, as the web UI asks for it:
 * the last 28 days (the UI's default), the last 90 days and the whole two years, for everyone
 * (an admin) and for one team. Median and p99 over --runs requests after two warm-ups (the first
 * two-year report, which reads every past week into memory, is timed apart); target
 * p99 < 500 ms on PostgreSQL, < 1 s on SQLite. The answers are checked against the seed (the
 * incident count over two years, every page counted once), a wrong answer exits 1.
 *
 * Flags: --dialect sqlite|postgres|both (both) --incidents N (default: 1,000,000 PostgreSQL,
 * 100,000 SQLite) --runs N (20) --log-level L --profile DIR.
 */
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { openDatabase } from '../src/platform/db/connect.ts';
import { NOW, SPAN, seedInsights } from './lib/insights-data.ts';
import { benchDatabase } from './lib/postgres.ts';
import { type TocsinProcess, request, startTocsin } from './lib/processes.ts';

const { values: flags } = parseArgs({
  options: {
    dialect: { type: 'string', default: 'both' },
    incidents: { type: 'string' },
    runs: { type: 'string', default: '20' },
    'log-level': { type: 'string', default: 'warn' },
    profile: { type: 'string' },
  },
  strict: true,
});

const DAY = 86_400_000;
const RUNS = Number(flags.runs);
const dialects =
  flags.dialect === 'both' ? (['sqlite', 'postgres'] as const) : [flags.dialect as 'sqlite' | 'postgres'];
const TARGET = { sqlite: 1000, postgres: 500 };
const SIZE = { sqlite: 100_000, postgres: 1_000_000 };

const iso = (t: number) => new Date(t).toISOString();
const period = (days: number) => `from=${iso(NOW - days * DAY)}&to=${iso(NOW)}`;
const TWO_YEARS = `from=${iso(NOW - SPAN)}&to=${iso(NOW)}`;

async function get(server: TocsinProcess, path: string): Promise<{ ms: number; body: unknown }> {
  const t0 = performance.now();
  const r = await request(server, 'GET', `/api/v1/insights/${path}`, undefined, {
    authorization: `Bearer ${server.adminToken}`,
  });
  const ms = performance.now() - t0;
  if (r.status !== 200) throw new Error(`GET ${path}: ${r.status} ${r.text.slice(0, 300)}`);
  return { ms, body: JSON.parse(r.text) as unknown };
}

function quantile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)]!;
}

async function bench(dialect: 'sqlite' | 'postgres'): Promise<boolean> {
  const count = flags.incidents === undefined ? SIZE[dialect] : Number(flags.incidents);
  const { url, description, cleanup } = await benchDatabase(dialect, 'tocsin-bench-insights-');
  let ok = true;
  try {
    const server = await startTocsin({
      databaseUrl: url,
      logLevel: flags['log-level'],
      nodeArgs: flags.profile === undefined ? [] : ['--cpu-prof', `--cpu-prof-dir=${flags.profile}`],
    });
    try {
      const handle = openDatabase(url);
      const t0 = performance.now();
      const seeded = await seedInsights(handle, count, (s) =>
        console.error(`[bench] ${dialect}: seeded ${s}`),
      ).finally(() => handle.close());
      console.error(`[bench] ${dialect}: seeded in ${((performance.now() - t0) / 1000).toFixed(0)} s`);
      const team = seeded.teams[3]!;
      const reports: [string, string][] = [
        ['response, 28 days', `response?${period(28)}`],
        ['response, 90 days', `response?${period(90)}`],
        ['response, 2 years', `response?${TWO_YEARS}`],
        ['response by service, 2 years', `response?${TWO_YEARS}&group_by=service`],
        ['response, one team, 2 years', `response?${TWO_YEARS}&team_id=${team}`],
        ['frequency, 2 years', `frequency?${TWO_YEARS}`],
        ['on-call health, one team, 90 days', `oncall-health?${period(90)}&team_id=${team}`],
        ['on-call health, one team, 2 years', `oncall-health?${TWO_YEARS}&team_id=${team}`],
        ['on-call health, everyone, 90 days', `oncall-health?${period(90)}`],
        ['alert quality, 28 days', `alert-quality?${period(28)}`],
        ['alert quality, 2 years', `alert-quality?${TWO_YEARS}`],
        ['process health, 90 days', `process-health?${period(90)}`],
        ['process health, 2 years', `process-health?${TWO_YEARS}`],
      ];
      // The answers must describe what was seeded. The first report after a start reads every
      // past week into memory (src/insights/store); its time is printed apart.
      const cold = await get(server, `response?${TWO_YEARS}`);
      const all = cold.body as { metrics: { incidents: number } };
      if (all.metrics.incidents !== seeded.counted) {
        console.error(`[bench] response counts ${all.metrics.incidents} incidents, seeded ${seeded.counted}`);
        ok = false;
      }
      const people = (await get(server, `oncall-health?${TWO_YEARS}`)).body as {
        people: { pages: number }[];
      };
      const pages = people.people.reduce((n, p) => n + p.pages, 0);
      if (pages !== seeded.pages) {
        console.error(`[bench] on-call health counts ${pages} pages, seeded ${seeded.pages}`);
        ok = false;
      }
      console.log(
        `Insights over ${count.toLocaleString('en')} incidents (${seeded.pages.toLocaleString('en')} pages), two years, tocsin serve on ${description}`,
      );
      console.log(
        `  first two-year report after the start (reads every past week into memory): ${(cold.ms / 1000).toFixed(1)} s`,
      );
      console.log(
        `  ${'report'.padEnd(36)} ${'median'.padStart(9)} ${'p99'.padStart(9)}   target p99 < ${TARGET[dialect]} ms`,
      );
      for (const [name, path] of reports) {
        for (let i = 0; i < 2; i++) await get(server, path);
        const samples: number[] = [];
        for (let i = 0; i < RUNS; i++) samples.push((await get(server, path)).ms);
        samples.sort((a, b) => a - b);
        const p99 = quantile(samples, 0.99);
        console.log(
          `  ${name.padEnd(36)} ${quantile(samples, 0.5).toFixed(1).padStart(6)} ms ${p99.toFixed(1).padStart(6)} ms   ${p99 < TARGET[dialect] ? 'MET' : 'MISSED'}`,
        );
      }
    } finally {
      await server.stop();
    }
  } finally {
    await cleanup();
  }
  return ok;
}

let allOk = true;
for (const d of dialects) allOk = (await bench(d)) && allOk;
if (!allOk) process.exitCode = 1;
