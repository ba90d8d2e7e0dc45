/**
 * `npm run bench:status`: the public status page under the load of an outage (issue 18):
 * --concurrency (200) readers in a closed loop over keep-alive connections (node:http) against
 * a real `tocsin serve` process, first on /status/api/v2/summary.json, then on /status, each for
 * --seconds (10), while an incident gets a new public update every second. Prints requests/s,
 * p50/p99 latency, and how long each update took to become visible in summary.json (written to
 * the database -> first answer that carries it). Targets: >= 5,000 req/s on summary.json,
 * p99 < 50 ms, updates visible within 2 s.
 *
 * The page's history (15 components, 30 past incidents over 60 days) is seeded through SQL before
 * the server starts (test/status-page-factories.ts: past dates cannot be posted); the updates
 * during the run are posted through the API, as a comms lead would, so the server is the only
 * writer (another process writing the same SQLite file makes the server wait on the file lock,
 * which no real install does). --dialect sqlite (default) | postgres (TOCSIN_TEST_PG_URL when
 * set, else a throwaway cluster).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { type Db, openDatabase } from '../src/platform/db/connect.ts';
import { insertComponent, insertGroup, insertPublicIncident } from '../test/status-page-factories.ts';
import { type LoadResult, closedLoop, percentile } from './lib/load.ts';
import { startBenchPostgres } from './lib/postgres.ts';
import { type TocsinProcess, request, startTocsin } from './lib/processes.ts';

const { values: flags } = parseArgs({
  options: {
    concurrency: { type: 'string', default: '200' },
    seconds: { type: 'string', default: '10' },
    dialect: { type: 'string', default: 'sqlite' },
  },
  strict: true,
});
const CONCURRENCY = Number(flags.concurrency);
const SECONDS = Number(flags.seconds);
const DAY = 86_400_000;

async function seed(db: Db): Promise<string> {
  const now = Date.now();
  const created = now - 120 * DAY;
  for (let g = 0; g < 3; g++) {
    const groupId = await insertGroup(db, { name: `Region ${g}`, position: g, at: created });
    for (let c = 0; c < 5; c++) {
      await insertComponent(db, { name: `Service ${g}-${c}`, groupId, position: c, at: created });
    }
  }
  for (let i = 0; i < 30; i++) {
    const start = now - (i + 1) * 2 * DAY;
    await insertPublicIncident(db, {
      name: `Past incident ${i}`,
      status: 'resolved',
      at: start,
      updates: [
        { status: 'investigating', body: 'We are looking into **errors**.', at: start },
        { status: 'resolved', body: 'Resolved.', at: start + 3_600_000 },
      ],
    });
  }
  return insertPublicIncident(db, {
    name: 'Elevated error rates',
    status: 'investigating',
    impact: 'major',
    at: now,
    updates: [{ status: 'investigating', body: 'Investigating.', at: now }],
  });
}

/**
 * Posts an update every second while `running()`, and for each polls summary.json (its own
 * connection, every 10 ms) until the update's text is in the answer: milliseconds from sending
 * the update to seeing it.
 */
async function updater(target: TocsinProcess, incidentId: string, running: () => boolean): Promise<number[]> {
  const seen: number[] = [];
  for (let n = 1; running(); n++) {
    const marker = `Update number ${n} ${Date.now()}`;
    const t0 = performance.now();
    const posted = await request(
      target,
      'POST',
      `/api/v1/status-page/incidents/${incidentId}/updates`,
      { status: 'identified', body: marker },
      { authorization: `Bearer ${target.adminToken}` },
    );
    if (posted.status !== 201) throw new Error(`posting update ${n}: ${posted.status} ${posted.text}`);
    for (;;) {
      const res = await request(target, 'GET', '/status/api/v2/summary.json');
      if (res.text.includes(marker)) break;
      if (performance.now() - t0 > 10_000) throw new Error(`update ${n} not visible after 10 s`);
      await new Promise((r) => setTimeout(r, 10));
    }
    seen.push(performance.now() - t0);
    await new Promise((r) => setTimeout(r, Math.max(0, 1000 - (performance.now() - t0))));
  }
  return seen;
}

function report(path: string, r: LoadResult, visible: number[]): void {
  const rps = r.requests / r.seconds;
  const p50 = percentile(r.latencies, 0.5);
  const p99 = percentile(r.latencies, 0.99);
  const sorted = Float64Array.from(visible).sort();
  console.log(`\n${path}: ${CONCURRENCY} concurrent readers for ${r.seconds.toFixed(1)} s`);
  console.log(
    `  ${r.requests} requests, ${r.errors} errors${r.firstError ? ` (first: ${r.firstError})` : ''}`,
  );
  console.log(`  ${rps.toFixed(0)} requests/s; latency p50 ${p50.toFixed(1)} ms, p99 ${p99.toFixed(1)} ms`);
  console.log(
    `  ${visible.length} updates posted meanwhile; visible after p50 ${percentile(sorted, 0.5).toFixed(0)} ms, ` +
      `max ${percentile(sorted, 1).toFixed(0)} ms`,
  );
}

async function main(): Promise<void> {
  let url: string;
  let cleanup: () => Promise<void>;
  if (flags.dialect === 'postgres') {
    const pg = await startBenchPostgres();
    url = pg.url;
    cleanup = () => pg.stop();
  } else {
    const dir = mkdtempSync(join(tmpdir(), 'tocsin-bench-status-'));
    url = `sqlite:${join(dir, 'bench.db')}`;
    cleanup = () => Promise.resolve(rmSync(dir, { recursive: true, force: true }));
  }
  console.log(`bench:status on ${flags.dialect}, ${cpus().length} CPUs, node ${process.version}`);
  const tocsin = await startTocsin({ databaseUrl: url, logLevel: 'warn' });
  try {
    const handle = openDatabase(url);
    const incidentId = await seed(handle.db).finally(() => handle.close());
    for (const path of ['/status/api/v2/summary.json', '/status']) {
      // Warm up: the first answer builds the snapshot.
      const first = await request(tocsin, 'GET', path);
      const zipped = (await request(tocsin, 'GET', path, undefined, { 'accept-encoding': 'gzip' })).bytes;
      const kib = (n: number) => `${(n / 1024).toFixed(1)} KiB`;
      console.log(`\n${path}: ${kib(first.bytes)} per answer, ${kib(zipped)} gzipped`);
      let running = true;
      const updates = updater(tocsin, incidentId, () => running);
      const result = await closedLoop(
        tocsin,
        2_000_000,
        // As browsers, widgets and CDNs ask: the page sends its pre-gzipped bytes.
        () => ({ method: 'GET', path, body: '', alerts: 0, headers: { 'accept-encoding': 'gzip' } }),
        CONCURRENCY,
        SECONDS,
      );
      running = false;
      report(path, result, await updates);
    }
  } finally {
    await tocsin.stop();
    await cleanup();
  }
}

await main();
