/**
 * `npm run bench:oncall`: who is on call, at the size SPEC §7 names (1,000 schedules, < 20 ms).
 * Schedules come from bench/lib/oncall-data.ts: 3 layers of 8 participants (restrictions on two
 * of them, zones with DST), 50 overrides a year each, and time off.
 *
 *   1. The pure core (src/oncall/core): who-is-on-call-now across 1,000 compiled schedules
 *      (target < 20 ms), one year of shifts for one schedule (target < 5 ms), compiling, and
 *      on-call-now from plain specs; median and p95 of repeated runs.
 *   2. The API: a real `tocsin serve` process (bench/lib/processes.ts) on SQLite
 *      (synchronous=FULL) and/or PostgreSQL (fsync on: a throwaway cluster unless
 *      TOCSIN_TEST_PG_URL is set), seeded with 1,000 schedules over a pool of 2,000 people with
 *      a year of history, written straight into the tables. Times `GET /api/v1/oncall?at=NOW`
 *      paged through all schedules with `limit` per page: the whole sweep (target < 20 ms) and
 *      each page, median and p95 over --runs sweeps after 3 warm-up sweeps, MET/MISSED: answers
 *      from the node's cache (src/oncall/now-cache.ts), as a dashboard polling now gets them.
 *      Then 10 sweeps each right after a write to one schedule, when every answer is computed
 *      again. The first sweep, the last cached one and the last recomputed one are checked
 *      entry by entry against the core's answer over the documented 31-day search (a wrong
 *      answer exits 1).
 *
 * Flags: --dialect sqlite|postgres|both|none (sqlite; none: core only) --skip-core --limit N
 * (500, the API's largest page) --runs N (30) --schedules N (1000) --log-level L (the server's;
 * info as shipped) --profile DIR (write the server's CPU profile there, on exit).
 */
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import {
  type CompiledSchedule,
  type ScheduleSpec,
  compileSchedule,
  onCallAt,
  shifts,
} from '../src/oncall/core/index.ts';
import { type Dialect, openDatabase } from '../src/platform/db/connect.ts';
import {
  LAYERS,
  NOW,
  OVERRIDES,
  PARTICIPANTS,
  makeSchedule,
  makeTimeOff,
  seedSchedules,
} from './lib/oncall-data.ts';
import { benchDatabase } from './lib/postgres.ts';
import { type TocsinProcess, request, startTocsin } from './lib/processes.ts';

const { values: flags } = parseArgs({
  options: {
    dialect: { type: 'string', default: 'sqlite' },
    'skip-core': { type: 'boolean', default: false },
    limit: { type: 'string', default: '500' },
    runs: { type: 'string', default: '30' },
    schedules: { type: 'string', default: '1000' },
    'log-level': { type: 'string', default: 'info' },
    profile: { type: 'string' },
  },
  strict: true,
});

function intFlag(name: string, text: string): number {
  const n = Number(text);
  if (!Number.isInteger(n) || n < 1) throw new Error(`--${name} must be a positive integer, got ${text}`);
  return n;
}

const SCHEDULES = intFlag('schedules', flags.schedules);
const LIMIT = intFlag('limit', flags.limit);
const RUNS = intFlag('runs', flags.runs);
const COLD_RUNS = 10;
const POOL = 2000;
const DAY = 24 * 3_600_000;
const SHIFT_SEARCH = 31 * DAY;
const DIALECTS: Dialect[] = (() => {
  const d = flags.dialect;
  if (d === 'both') return ['sqlite', 'postgres'];
  if (d === 'none') return [];
  if (d === 'sqlite' || d === 'postgres') return [d];
  throw new Error(`--dialect must be sqlite, postgres, both or none, got ${d}`);
})();

interface Stats {
  median: number;
  p95: number;
}

function stats(samples: number[]): Stats {
  const s = [...samples].sort((a, b) => a - b);
  const q = (p: number) => s[Math.min(s.length - 1, Math.floor(p * s.length))]!;
  return { median: q(0.5), p95: q(0.95) };
}

function time(runs: number, fn: () => void): Stats {
  for (let i = 0; i < 5; i++) fn(); // warm up the JIT and the zone tables
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    fn();
    samples.push(performance.now() - t0);
  }
  return stats(samples);
}

const fmt = (x: Stats) => `median ${x.median.toFixed(2)} ms, p95 ${x.p95.toFixed(2)} ms`;
const verdict = (x: Stats, target: number) =>
  x.p95 < target ? `MET (p95 < ${target} ms)` : `MISSED (target ${target} ms)`;

function benchCore(): void {
  const specs = Array.from({ length: SCHEDULES }, (_, i) => {
    const users = Array.from({ length: PARTICIPANTS * LAYERS }, (_, u) => `usr_${i}_${u}`);
    return { ...makeSchedule(i, users), timeOff: makeTimeOff(users, 10, i + 1) };
  });
  let compiled: CompiledSchedule[] = specs.map(compileSchedule);
  let sink = 0;
  console.log(
    `on-call core: ${SCHEDULES} schedules x ${LAYERS} layers x ${PARTICIPANTS} participants, restrictions, ${OVERRIDES} overrides and 10 time-off entries each (node ${process.version})`,
  );
  // The two targets first, before the allocation-heavy compile runs leave garbage behind.
  const now = time(200, () => {
    for (const s of compiled) if (onCallAt(s, NOW) !== null) sink++;
  });
  console.log(`who is on call now, all ${SCHEDULES} schedules:    ${fmt(now)}  ${verdict(now, 20)}`);
  const yearStart = Date.parse('2025-01-01T00:00:00Z');
  const yearEnd = Date.parse('2026-01-01T00:00:00Z');
  let count = 0;
  const year = time(200, () => {
    count = shifts(compiled[0]!, yearStart, yearEnd).length;
  });
  console.log(`one year of shifts, one schedule (${count} shifts):  ${fmt(year)}  ${verdict(year, 5)}`);
  const compile = time(20, () => {
    compiled = specs.map(compileSchedule);
  });
  console.log(`compile all ${SCHEDULES} schedules (done once per load): ${fmt(compile)}`);
  const nowFromSpecs = time(50, () => {
    for (const s of specs) if (onCallAt(s, NOW) !== null) sink++;
  });
  console.log(`who is on call now from plain specs (compiling each): ${fmt(nowFromSpecs)}`);
  if (sink === 0) console.log('(no one on call anywhere?)');
}

interface Entry {
  schedule_id: string;
  user_id: string | null;
  source: string | null;
  source_id: string | null;
  shift_start: string | null;
  shift_end: string | null;
}

/** One page of `GET /api/v1/oncall`, timed from request to parsed answer. */
async function page(
  t: TocsinProcess,
  cursor: string | null,
): Promise<{ ms: number; data: Entry[]; next: string | null }> {
  const at = new Date(NOW).toISOString();
  const path = `/api/v1/oncall?at=${at}&limit=${LIMIT}${cursor === null ? '' : `&cursor=${cursor}`}`;
  const t0 = performance.now();
  const r = await request(t, 'GET', path, undefined, { authorization: `Bearer ${t.adminToken}` });
  const ms = performance.now() - t0;
  if (r.status !== 200) throw new Error(`GET ${path}: ${r.status} ${r.text}`);
  const body = JSON.parse(r.text) as { data: Entry[]; next_cursor: string | null };
  return { ms, data: body.data, next: body.next_cursor };
}

async function sweep(t: TocsinProcess): Promise<{ total: number; pages: number[]; data: Entry[] }> {
  const pages: number[] = [];
  const data: Entry[] = [];
  let cursor: string | null = null;
  const t0 = performance.now();
  do {
    const p = await page(t, cursor);
    pages.push(p.ms);
    data.push(...p.data);
    cursor = p.next;
  } while (cursor !== null);
  return { total: performance.now() - t0, pages, data };
}

/** The answer the documented search gives: the shift at NOW within 31 days either side. */
function expected(spec: ScheduleSpec): Omit<Entry, 'schedule_id'> {
  const s = shifts(spec, NOW - SHIFT_SEARCH, NOW + SHIFT_SEARCH).find((x) => x.start <= NOW && NOW < x.end);
  const iso = (ms: number) => new Date(ms).toISOString();
  return {
    user_id: s?.userId ?? null,
    source: s?.source ?? null,
    source_id: s?.sourceId ?? null,
    shift_start: s ? iso(s.start) : null,
    shift_end: s ? iso(s.end) : null,
  };
}

function check(data: Entry[], specs: Map<string, ScheduleSpec>): void {
  if (data.length !== specs.size)
    throw new Error(`the API listed ${data.length} schedules, ${specs.size} seeded`);
  let wrong = 0;
  for (const e of data) {
    const want = expected(specs.get(e.schedule_id)!);
    const got = {
      user_id: e.user_id,
      source: e.source,
      source_id: e.source_id,
      shift_start: e.shift_start,
      shift_end: e.shift_end,
    };
    if (JSON.stringify(got) !== JSON.stringify(want)) {
      if (wrong++ < 5)
        console.error(`[bench] ${e.schedule_id}: API ${JSON.stringify(got)}, core ${JSON.stringify(want)}`);
    }
  }
  if (wrong > 0) {
    console.error(`[bench] ${wrong} of ${data.length} answers differ from the core's`);
    process.exitCode = 1;
  }
}

async function benchApi(dialect: Dialect): Promise<void> {
  const { url, description, cleanup } = await benchDatabase(dialect, 'tocsin-bench-oncall-');
  try {
    const server = await startTocsin({
      databaseUrl: url,
      logLevel: flags['log-level'],
      nodeArgs: flags.profile === undefined ? [] : ['--cpu-prof', `--cpu-prof-dir=${flags.profile}`],
    });
    try {
      const handle = openDatabase(url);
      const t0 = performance.now();
      const specs = await seedSchedules(handle, SCHEDULES, POOL).finally(() => handle.close());
      console.error(
        `[bench] ${dialect}: seeded ${SCHEDULES} schedules in ${((performance.now() - t0) / 1000).toFixed(1)} s`,
      );
      const first = await sweep(server);
      check(first.data, specs);
      for (let i = 0; i < 2; i++) await sweep(server);
      const totals: number[] = [];
      const pages: number[] = [];
      let last = first;
      for (let i = 0; i < RUNS; i++) {
        last = await sweep(server);
        totals.push(last.total);
        pages.push(...last.pages);
      }
      check(last.data, specs);
      // Any write to on-call data moves the epoch and every answer is computed again: time that
      // too, a sweep right after touching one schedule.
      const writer = openDatabase(url);
      const cold: number[] = [];
      try {
        for (let i = 0; i < COLD_RUNS; i++) {
          await writer.db
            .updateTable('schedules')
            .set({ updated_at: Date.now() })
            .where('id', '=', first.data[0]!.schedule_id)
            .execute();
          const s = await sweep(server);
          cold.push(s.total);
          if (i === COLD_RUNS - 1) check(s.data, specs);
        }
      } finally {
        await writer.close();
      }
      const all = stats(totals);
      const per = stats(pages);
      const recomputed = stats(cold);
      const onCall = first.data.filter((e) => e.user_id !== null).length;
      console.log(`GET /api/v1/oncall, tocsin serve on ${description}`);
      console.log(
        `  all ${SCHEDULES} schedules (${first.pages.length} pages of ${LIMIT}, ${onCall} with someone on call), ${RUNS} sweeps: ${fmt(all)}  ${verdict(all, 20)}`,
      );
      console.log(`  per page: ${fmt(per)}`);
      console.log(
        `  right after a write to on-call data (nothing cached), ${COLD_RUNS} sweeps: ${fmt(recomputed)} (the first sweep: ${first.total.toFixed(1)} ms)`,
      );
    } finally {
      await server.stop();
    }
  } finally {
    await cleanup();
  }
}

if (!flags['skip-core']) benchCore();
for (const d of DIALECTS) await benchApi(d);
