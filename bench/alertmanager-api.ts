/**
 * `npm run bench:amapi`: Alertmanager's API v2 read side (issue 24) as dashboards poll it. One
 * service (grouped by alertname) holds --alerts (10,000) open alerts across 50 alertnames and
 * --silences (100) silences, a tenth of them matching; Debian's Alertmanager gets the same
 * alerts and silences (same labels, same route). Then --concurrency (4) readers in a closed loop
 * for --seconds (10) on each of GET /api/v2/alerts/groups, /alerts?silenced=false and /silences,
 * through the key in the path, against a real `tocsin serve` and against Alertmanager.
 *
 * SPEC §7 sets no target for reads; what matters is that a Karma or Grafana polling every few
 * seconds is a small load. Printed beside Alertmanager, which answers from memory.
 * --dialect sqlite|postgres|both (sqlite); --profile DIR writes the server's CPU profile there.
 */
import { cpus } from 'node:os';
import { parseArgs } from 'node:util';
import { type LoadResult, closedLoop, percentile } from './lib/load.ts';
import { benchDatabase } from './lib/postgres.ts';
import { type Endpoint, request, startAlertmanager, startTocsin } from './lib/processes.ts';

const { values: flags } = parseArgs({
  options: {
    alerts: { type: 'string', default: '10000' },
    silences: { type: 'string', default: '100' },
    concurrency: { type: 'string', default: '4' },
    seconds: { type: 'string', default: '10' },
    dialect: { type: 'string', default: 'sqlite' },
    'alertmanager-bin': { type: 'string', default: '/usr/bin/prometheus-alertmanager' },
    profile: { type: 'string' },
  },
  strict: true,
});
const ALERTS = Number(flags.alerts);
const SILENCES = Number(flags.silences);
const CONCURRENCY = Number(flags.concurrency);
const SECONDS = Number(flags.seconds);
const PATHS = ['/api/v2/alerts/groups', '/api/v2/alerts?silenced=false', '/api/v2/silences'];

async function ok(target: Endpoint, method: string, path: string, body?: unknown, headers = {}) {
  const res = await request(target, method, path, body, headers);
  if (res.status >= 300) throw new Error(`${method} ${path}: ${res.status} ${res.text.slice(0, 300)}`);
  return res;
}

/** The same alerts and silences to Alertmanager's API at `base` (a path prefix on Tocsin). */
async function load(target: Endpoint, base: string): Promise<void> {
  const end = new Date(Date.now() + 3600_000).toISOString();
  for (let i = 0; i < ALERTS; i += 500) {
    const batch = [];
    for (let j = i; j < Math.min(ALERTS, i + 500); j++) {
      batch.push({
        labels: {
          alertname: `Alert${j % 50}`,
          instance: `host-${j}`,
          job: `job-${j % 7}`,
          severity: 'warning',
        },
        annotations: { summary: `Alert ${j} on host-${j}`, description: 'x'.repeat(120) },
        generatorURL: `http://prometheus.example/graph?g0.expr=up%7Binstance%3D%22host-${j}%22%7D`,
        startsAt: new Date(Date.now() - 60_000).toISOString(),
        endsAt: end,
      });
    }
    await ok(target, 'POST', `${base}/api/v2/alerts`, batch);
  }
  for (let s = 0; s < SILENCES; s++) {
    // One in ten matches alerts (a whole alertname); the others match nothing here.
    const matcher =
      s % 10 === 0
        ? { name: 'alertname', value: `Alert${s % 50}`, isRegex: false }
        : { name: 'instance', value: `gone-${s}-.*`, isRegex: true };
    await ok(target, 'POST', `${base}/api/v2/silences`, {
      matchers: [matcher],
      startsAt: new Date().toISOString(),
      endsAt: end,
      createdBy: 'bench',
      comment: `silence ${s}`,
    });
  }
}

function line(name: string, path: string, r: LoadResult, bytes: number): string {
  const p = (q: number) => percentile(r.latencies, q).toFixed(1);
  return (
    `  ${name.padEnd(22)} ${path.padEnd(32)} ${(r.requests / r.seconds).toFixed(1).padStart(8)}/s` +
    `  p50 ${p(0.5).padStart(7)} ms  p99 ${p(0.99).padStart(7)} ms  ${(bytes / 1024).toFixed(0).padStart(6)} KiB` +
    (r.errors > 0 ? `  ${r.errors} errors (${r.firstError})` : '')
  );
}

async function measure(name: string, target: Endpoint, base: string, out: Record<string, unknown>) {
  for (const path of PATHS) {
    const bytes = (await ok(target, 'GET', `${base}${path}`)).bytes;
    const r = await closedLoop(
      target,
      1_000_000,
      () => ({ method: 'GET', path: `${base}${path}`, body: '', alerts: 0 }),
      CONCURRENCY,
      SECONDS,
    );
    console.log(line(name, path, r, bytes));
    out[path] = {
      per_s: Math.round((r.requests / r.seconds) * 10) / 10,
      p50_ms: Math.round(percentile(r.latencies, 0.5) * 10) / 10,
      p99_ms: Math.round(percentile(r.latencies, 0.99) * 10) / 10,
      kib: Math.round(bytes / 1024),
      errors: r.errors,
    };
  }
}

async function tocsin(dialect: 'sqlite' | 'postgres', out: Record<string, unknown>): Promise<void> {
  const db = await benchDatabase(dialect, 'tocsin-bench-amapi-');
  const server = await startTocsin({
    databaseUrl: db.url,
    logLevel: 'warn',
    nodeArgs: flags.profile === undefined ? [] : ['--cpu-prof', `--cpu-prof-dir=${flags.profile}`],
  });
  try {
    const auth = { authorization: `Bearer ${server.adminToken}` };
    const team = JSON.parse((await ok(server, 'POST', '/api/v1/teams', { name: 'Bench' }, auth)).text) as {
      id: string;
    };
    const service = JSON.parse(
      (
        await ok(
          server,
          'POST',
          '/api/v1/services',
          {
            name: 'bench',
            team_id: team.id,
            alert_grouping: { mode: 'labels', labels: ['alertname'], window_minutes: 60 },
          },
          auth,
        )
      ).text,
    ) as { id: string };
    const integration = JSON.parse(
      (
        await ok(
          server,
          'POST',
          `/api/v1/services/${service.id}/integrations`,
          { name: 'prometheus', type: 'alertmanager', rate_limit_per_minute: 1_000_000 },
          auth,
        )
      ).text,
    ) as { key: string };
    const base = `/integrations/${integration.key}`;
    await load(server, base);
    console.log(`\nTocsin, ${db.description}`);
    const figures: Record<string, unknown> = {};
    await measure(`Tocsin ${dialect}`, server, base, figures);
    out[dialect] = figures;
  } finally {
    await server.stop();
    await db.cleanup();
  }
}

async function main(): Promise<void> {
  console.log(
    `bench:amapi: ${ALERTS} open alerts, ${SILENCES} silences, ${CONCURRENCY} readers x ${SECONDS} s; ` +
      `${cpus().length} CPUs, node ${process.version}`,
  );
  const out: Record<string, unknown> = {};
  const dialects = flags.dialect === 'both' ? (['sqlite', 'postgres'] as const) : [flags.dialect as 'sqlite'];
  for (const dialect of dialects) await tocsin(dialect, out);
  const am = await startAlertmanager(flags['alertmanager-bin'], { groupBy: "['alertname']" });
  try {
    await load(am, '');
    // Its dispatcher files alerts into groups a moment after it takes them.
    await new Promise((r) => setTimeout(r, 2000));
    console.log("\nDebian's Alertmanager (in memory)");
    const figures: Record<string, unknown> = {};
    await measure('Alertmanager', am, '', figures);
    out.alertmanager = figures;
  } finally {
    await am.stop();
  }
  console.log(`RESULT ${JSON.stringify(out)}`);
}

await main();
