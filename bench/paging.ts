/**
 * `npm run bench:paging`: alert -> page latency and escalation-timer lateness over real HTTP,
 * against a real `tocsin serve` process (TOCSIN_ROLE=all) on SQLite (synchronous=FULL) and on
 * PostgreSQL (fsync on), per SPEC §7. Pages are webhooks to a receiver in a child process
 * (bench/lib/page-receiver.ts), which notes when each arrives; every alert carries a key in its
 * summary that the page repeats, so each page is matched to the alert that caused it.
 *
 *   1. Fixed rate: --rate (200) alerts/s for --seconds (10) into /v2/enqueue, open loop, each
 *      with its own dedup key (so each opens an incident), one-level policy paging one user by
 *      webhook. Alert sent -> page arrived: p50/p95/p99/max; target p99 < 50 ms on SQLite,
 *      < 100 ms on PostgreSQL.
 *   2. With --burst N[,N...] (e.g. 2000,20000): N alerts as fast as possible at --concurrency
 *      (32), each size in turn; target p99 < 100 ms
 *      for N <= 2,000 and < 1 s for N <= 20,000 (SPEC §7).
 *   3. Escalation-timer lateness: --timers (10,000) alerts to a service whose policy has two
 *      levels, level 1 with a one-minute delay. Level 1 fires at once (it pages a user without
 *      contact methods, so setting up sends nothing); a minute after each level-1 step its
 *      level-2 step is due: 10,000 timers spread over the time the set-up took. Level 2 pages
 *      by webhook. Lateness = level-2 page arrival - due (level-1 `pages.at` + 60 s); target
 *      p99 < 1 s. This waits the minute out, once per database.
 *   4. --vs-alertmanager: the same fixed-rate load (and burst) through Debian's Alertmanager
 *      (group_by ['...'], group_wait 0s, group_interval 1s: every alert notifies on its own)
 *      to the same receiver; its alert -> webhook latency and the ratio to Tocsin's.
 *
 * Exit 1 only when Tocsin loses or duplicates a page (an alert without a page, a message
 * delivered twice with the same Idempotency-Key, or an alert paged twice); a missed target is
 * printed as MISSED. The last line is `RESULT {json}`.
 *
 * Runtime with the defaults: about 2 minutes per database, one of them the escalation minute
 * (4 to 4.5 minutes for both on a 2-CPU machine). Waiting for pages ends when every alert has
 * its page and Tocsin holds no unsent notification (so retried, duplicate pages are counted),
 * or after 20 s without a page (90 s while Tocsin still holds unsent ones): a Tocsin that
 * retries thousands of pages stretches the run (6.5 minutes when all 10,000 level-2 pages on
 * SQLite were retried). --quick (3 s at the rate, 1,000 timers) takes about 3 minutes: it
 * still waits the escalation minute once per database.
 *
 * Flags: --rate R (200) --seconds S (10) --burst N[,N] (off) --concurrency C (32) --timers N (10000;
 * 0 skips the escalation part) --dialect sqlite|postgres|both --quick --vs-alertmanager
 * --alertmanager-bin PATH --log-level L (the server's; info as shipped) --profile DIR (write the
 * server's CPU profile there).
 */
import { cpus, loadavg, tmpdir } from 'node:os';
import { mkdtempSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { type DbHandle, type Dialect, openDatabase } from '../src/platform/db/connect.ts';
import { percentile } from './lib/load.ts';
import { type Arrival, type PageReceiver, alertKey, now, startPageReceiver } from './lib/page-receiver.ts';
import { startBenchPostgres } from './lib/postgres.ts';
import { type TocsinProcess, request, startAlertmanager, startTocsin } from './lib/processes.ts';
import { type TimedRequest, type TimedResult, timedClosedLoop, timedOpenLoop } from './lib/timed-load.ts';

const { values: flags } = parseArgs({
  options: {
    rate: { type: 'string' },
    seconds: { type: 'string' },
    burst: { type: 'string' },
    concurrency: { type: 'string', default: '32' },
    timers: { type: 'string' },
    dialect: { type: 'string', default: 'both' },
    quick: { type: 'boolean', default: false },
    'vs-alertmanager': { type: 'boolean', default: false },
    'alertmanager-bin': { type: 'string', default: '/usr/bin/prometheus-alertmanager' },
    'log-level': { type: 'string', default: 'info' },
    profile: { type: 'string' },
  },
  strict: true,
});

function intFlag(name: string, text: string | undefined, fallback: number, min = 1): number {
  if (text === undefined) return fallback;
  const n = Number(text);
  if (!Number.isInteger(n) || n < min) throw new Error(`--${name} must be an integer >= ${min}, got ${text}`);
  return n;
}

const QUICK = flags.quick;
const RATE = intFlag('rate', flags.rate, 200);
const SECONDS = intFlag('seconds', flags.seconds, QUICK ? 3 : 10);
/** `--burst 2000,20000`: each size in turn, one service each (SPEC §7 names both). */
const BURSTS = (flags.burst ?? '')
  .split(',')
  .filter((t) => t !== '')
  .map((t) => intFlag('burst', t, 0, 1));
const CONCURRENCY = intFlag('concurrency', flags.concurrency, 32);
const TIMERS = intFlag('timers', flags.timers, QUICK ? 1000 : 10_000, 0);
const DIALECTS: Dialect[] =
  flags.dialect === 'both'
    ? ['sqlite', 'postgres']
    : flags.dialect === 'sqlite' || flags.dialect === 'postgres'
      ? [flags.dialect]
      : (() => {
          throw new Error(`--dialect must be sqlite, postgres or both, got ${flags.dialect}`);
        })();

/**
 * The per-person throttle would bundle a storm of pages into one message; the bench wants each,
 * so webhooks are not throttled (a huge limit instead made every claim count the person's pages
 * of the last minute: tens of thousands of index rows a claim by the timer phase).
 */
const THROTTLE = 'webhook=off';
/** Alert -> page p99 at the fixed rate (issue 20): PostgreSQL's commit is a network round trip more. */
const RATE_P99_TARGET_MS = { sqlite: 50, postgres: 100 } as const;
const LATENESS_P99_TARGET_MS = 1000;
/** The escalation policy's level-1 delay (the API's minimum). */
const LEVEL_DELAY_MS = 60_000;
const WARMUP_ALERTS = Math.max(100, Math.min(RATE, 400));
/** Stop waiting for pages when none came for this long (after the time they were due)... */
const IDLE_MS = 20_000;
/** ...or for this long while Tocsin still has notifications to send (retries after a timeout). */
const PENDING_IDLE_MS = 90_000;
/** Distinguishes this run's alert keys. */
const RUN = Date.now().toString(36);

const log = (msg: string) => console.error(`[bench] ${msg}`);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function burstTarget(n: number): number | undefined {
  if (n <= 2000) return 100;
  if (n <= 20_000) return 1000;
  return undefined;
}

// ---------------------------------------------------------------------------------------------
// Statistics

interface Dist {
  n: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
}

function dist(values: number[]): Dist {
  const s = Float64Array.from(values).sort();
  return {
    n: s.length,
    p50: percentile(s, 0.5),
    p95: percentile(s, 0.95),
    p99: percentile(s, 0.99),
    max: s.length === 0 ? NaN : s[s.length - 1]!,
  };
}

const round = (x: number, d = 2) => (Number.isFinite(x) ? Math.round(x * 10 ** d) / 10 ** d : null);
const jsonDist = (d: Dist) => ({
  n: d.n,
  p50: round(d.p50),
  p95: round(d.p95),
  p99: round(d.p99),
  max: round(d.max),
});
const ms = (x: number) =>
  !Number.isFinite(x) ? '-' : x < 10 ? x.toFixed(2) : x < 1000 ? x.toFixed(1) : x.toFixed(0);
const int = (x: number) => Math.round(x).toLocaleString('en-US');

function table(header: string[], body: string[][], rightAlign: boolean[]): string {
  const widths = header.map((h, c) => Math.max(h.length, ...body.map((r) => r[c]!.length)));
  const line = (cells: string[]) =>
    cells.map((v, c) => (rightAlign[c] ? v.padStart(widths[c]!) : v.padEnd(widths[c]!))).join('  ');
  return [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...body.map(line)].join('\n');
}

// ---------------------------------------------------------------------------------------------
// Pages, grouped by where they went (the receiver path) and the phase their alert keys name.

interface PageGroup {
  /** Alert number -> arrival times of every message naming it. */
  byAlert: Map<number, number[]>;
  messages: number;
  /** Messages whose Idempotency-Key had already arrived in this group. */
  repeatedIdem: number;
  idems: Set<string>;
}

class Pages {
  private cursor = 0;
  private groups = new Map<string, PageGroup>();
  constructor(readonly receiver: PageReceiver) {}

  group(path: string, phase: string): PageGroup {
    const id = `${path}\u0000${phase}`;
    let g = this.groups.get(id);
    if (g === undefined) {
      g = { byAlert: new Map(), messages: 0, repeatedIdem: 0, idems: new Set() };
      this.groups.set(id, g);
    }
    return g;
  }

  async pull(): Promise<void> {
    await this.receiver.pull();
    const all = this.receiver.arrivals;
    for (; this.cursor < all.length; this.cursor++) this.add(all[this.cursor]!);
  }

  private add(a: Arrival): void {
    const touched = new Set<PageGroup>();
    for (const key of a.keys) {
      const [, run, phase, n] = key.split('-');
      if (run !== RUN || phase === undefined || n === undefined) continue;
      const g = this.group(a.path, phase);
      const list = g.byAlert.get(Number(n));
      if (list) list.push(a.t);
      else g.byAlert.set(Number(n), [a.t]);
      touched.add(g);
    }
    for (const g of touched) {
      g.messages++;
      if (a.idem !== null) {
        if (g.idems.has(a.idem)) g.repeatedIdem++;
        else g.idems.add(a.idem);
      }
    }
  }

  /**
   * Waits until `expected` alerts of the group have a page and `pending` (Tocsin's count of
   * notifications not yet sent or recorded, when known) is 0, so retries (duplicates) are seen
   * too. Gives up when no message arrived for IDLE_MS after `notBefore`, or for PENDING_IDLE_MS
   * while Tocsin still holds unsent notifications; then pulls once more after a second.
   */
  async waitFor(
    path: string,
    phase: string,
    expected: number,
    opts: { notBefore?: number; pending?: () => Promise<number> } = {},
  ): Promise<void> {
    const g = this.group(path, phase);
    const notBefore = opts.notBefore ?? now();
    let messages = -1;
    let progressAt = now();
    let pending = Infinity;
    let checkedAt = 0;
    const checkPending = async () => {
      if (opts.pending === undefined) return 0;
      if (now() - checkedAt >= 1000) {
        pending = await opts.pending();
        checkedAt = now();
      }
      return pending;
    };
    for (;;) {
      await this.pull();
      if (g.messages !== messages) {
        messages = g.messages;
        progressAt = now();
      }
      if (g.byAlert.size >= expected && (await checkPending()) === 0) break;
      const idle = now() - Math.max(progressAt, notBefore);
      if (idle > IDLE_MS && (idle > PENDING_IDLE_MS || (await checkPending()) === 0)) {
        log(
          `${path} ${phase}: gave up waiting after ${(idle / 1000).toFixed(0)} s without a page: ` +
            `${int(g.byAlert.size)} of ${int(expected)} alerts paged` +
            (Number.isFinite(pending) && opts.pending !== undefined
              ? `, ${int(pending)} notifications still unsent`
              : ''),
        );
        break;
      }
      await sleep(100);
    }
    await sleep(1000);
    await this.pull();
  }
}

// ---------------------------------------------------------------------------------------------
// Alert -> page figures

interface PageRow {
  system: string;
  db: string;
  load: string;
  sent: number;
  accepted: number;
  pages: number;
  missing: number;
  /** Messages delivered again with an Idempotency-Key already seen. */
  dupIdem: number;
  /** Pages beyond the first for one alert. */
  dupAlert: number;
  latency: Dist;
  /** Send -> 2xx, for reference. */
  answer: Dist;
  /** Seconds the sender took. */
  seconds: number;
  /** Seconds from the first alert sent to the last alert's first page. */
  pagedIn: number;
  targetMs: number | undefined;
  /** Counts towards the exit code (Tocsin rows). */
  judged: boolean;
  breakdown?: Breakdown;
}

function pageRow(
  base: Pick<PageRow, 'system' | 'db' | 'load' | 'targetMs' | 'judged'>,
  res: TimedResult,
  g: PageGroup,
): PageRow {
  const latencies: number[] = [];
  let missing = 0;
  let dupAlert = 0;
  const answers: number[] = [];
  let lastPage = NaN;
  for (let i = 0; i < res.count; i++) {
    answers.push(res.answeredAt[i]! - res.sentAt[i]!);
    const times = g.byAlert.get(i);
    if (times === undefined) missing++;
    else {
      const first = Math.min(...times);
      latencies.push(first - res.sentAt[i]!);
      lastPage = Number.isNaN(lastPage) ? first : Math.max(lastPage, first);
      dupAlert += times.length - 1;
    }
  }
  return {
    ...base,
    sent: res.count,
    accepted: res.count - res.errors,
    pages: g.messages,
    missing,
    dupIdem: g.repeatedIdem,
    dupAlert,
    latency: dist(latencies),
    answer: dist(answers),
    seconds: res.seconds,
    pagedIn: (lastPage - res.sentAt[0]!) / 1000,
  };
}

function verdict(r: PageRow): string {
  if (r.targetMs === undefined) return r.judged ? '-' : 'baseline';
  const met = r.latency.p99 < r.targetMs && r.missing === 0;
  return `p99 < ${r.targetMs >= 1000 ? `${r.targetMs / 1000} s` : `${r.targetMs} ms`}: ${met ? 'MET' : 'MISSED'}`;
}

// ---------------------------------------------------------------------------------------------
// Where the time goes, from the database's timestamps (milliseconds, the server's clock)

interface IncidentTimes {
  /** Ingest batch's `now`: when the transaction that opened the incident began. */
  created: number;
  /** Per policy level: the engine pass's `now` when it fired, when the send was recorded, how long the POST took. */
  levels: Map<number, { at: number; sentAt: number | null; sendMs: number | null }>;
}

async function incidentTimes(handle: DbHandle, serviceId: string): Promise<Map<number, IncidentTimes>> {
  const rows = await handle.db
    .selectFrom('alerts')
    .innerJoin('incidents', 'incidents.id', 'alerts.incident_id')
    .leftJoin('pages', 'pages.incident_id', 'incidents.id')
    .leftJoin('notifications', 'notifications.page_id', 'pages.id')
    .leftJoin('notification_attempts', (j) =>
      j
        .onRef('notification_attempts.notification_id', '=', 'notifications.id')
        .on('notification_attempts.attempt', '=', 1),
    )
    .select([
      'alerts.dedup_key',
      'incidents.created_at',
      'pages.level',
      'pages.at',
      'notifications.sent_at',
      'notification_attempts.latency_ms',
    ])
    .where('alerts.service_id', '=', serviceId)
    .execute();
  const out = new Map<number, IncidentTimes>();
  for (const r of rows) {
    const n = Number(r.dedup_key.split('-')[3]);
    let t = out.get(n);
    if (t === undefined) {
      t = { created: Number(r.created_at), levels: new Map() };
      out.set(n, t);
    }
    if (r.level !== null && r.at !== null) {
      t.levels.set(Number(r.level), {
        at: Number(r.at),
        sentAt: r.sent_at === null ? null : Number(r.sent_at),
        sendMs: r.latency_ms === null ? null : Number(r.latency_ms),
      });
    }
  }
  return out;
}

interface Breakdown {
  /** Alert sent -> its ingest transaction began (HTTP, parsing, waiting for the group commit). */
  toIngest: Dist;
  /** Ingest began -> the engine pass that fired level 1 began (commit, wake-up, earlier passes). */
  toStep: Dist;
  /** That pass began -> page arrived (escalation + claim transaction, commit, POST). */
  toPage: Dist;
  /** The POST itself, as Tocsin timed it (notification_attempts.latency_ms). */
  post: Dist;
}

function breakdown(res: TimedResult, g: PageGroup, times: Map<number, IncidentTimes>): Breakdown {
  const toIngest: number[] = [];
  const toStep: number[] = [];
  const toPage: number[] = [];
  const post: number[] = [];
  for (let i = 0; i < res.count; i++) {
    const t = times.get(i);
    const l1 = t?.levels.get(0);
    const arrived = g.byAlert.get(i);
    if (t === undefined || l1 === undefined || arrived === undefined) continue;
    toIngest.push(t.created - res.sentAt[i]!);
    toStep.push(l1.at - t.created);
    toPage.push(Math.min(...arrived) - l1.at);
    if (l1.sendMs !== null) post.push(l1.sendMs);
  }
  return { toIngest: dist(toIngest), toStep: dist(toStep), toPage: dist(toPage), post: dist(post) };
}

// ---------------------------------------------------------------------------------------------
// Escalation timers

interface LatenessRow {
  db: string;
  timers: number;
  /** Seconds between the first and the last level-2 due time. */
  window: number;
  pages: number;
  missing: number;
  dupIdem: number;
  dupAlert: number;
  /** Level-2 page arrival - due. */
  lateness: Dist;
  /** Engine pass that fired level 2 began - due. */
  stepLate: Dist;
  /** That pass began -> page arrived. */
  toPage: Dist;
  /** p99 lateness of the timers due in each tenth of the window, in due order: does the engine keep up? */
  byTenth: number[];
  /** Seconds from the first set-up alert to the last level-1 step. */
  setup: number;
  /** True when the first level-2 timer fell due before level 1 had fired everywhere. */
  overlap: boolean;
}

function latenessRow(
  db: string,
  count: number,
  g: PageGroup,
  times: Map<number, IncidentTimes>,
): Omit<LatenessRow, 'setup' | 'overlap'> {
  /** [due, lateness] per timer. */
  const late: [number, number][] = [];
  const stepLate: number[] = [];
  const toPage: number[] = [];
  let missing = 0;
  let dupAlert = 0;
  for (let i = 0; i < count; i++) {
    const arrived = g.byAlert.get(i);
    if (arrived === undefined) {
      missing++;
      continue;
    }
    dupAlert += arrived.length - 1;
    const levels = times.get(i)?.levels;
    const l1 = levels?.get(0);
    if (l1 === undefined) continue;
    const due = l1.at + LEVEL_DELAY_MS;
    const first = Math.min(...arrived);
    late.push([due, first - due]);
    const l2 = levels?.get(1);
    if (l2 !== undefined) {
      stepLate.push(l2.at - due);
      toPage.push(first - l2.at);
    }
  }
  late.sort((x, y) => x[0] - y[0]);
  const tenth = (k: number) =>
    late.slice(Math.floor((k * late.length) / 10), Math.floor(((k + 1) * late.length) / 10));
  return {
    db,
    timers: count,
    window: late.length === 0 ? NaN : (late[late.length - 1]![0] - late[0]![0]) / 1000,
    pages: g.messages,
    missing,
    dupIdem: g.repeatedIdem,
    dupAlert,
    lateness: dist(late.map((x) => x[1])),
    stepLate: dist(stepLate),
    toPage: dist(toPage),
    byTenth: Array.from({ length: 10 }, (_, k) => dist(tenth(k).map((x) => x[1])).p99),
  };
}

// ---------------------------------------------------------------------------------------------
// Tocsin

const pageRows: PageRow[] = [];
const latenessRows: LatenessRow[] = [];
const descriptions: string[] = [];

async function api<T>(t: TocsinProcess, path: string, body: unknown): Promise<T> {
  const r = await request(t, 'POST', `/api/v1${path}`, body, { authorization: `Bearer ${t.adminToken}` });
  if (r.status !== 201 && r.status !== 200) throw new Error(`POST /api/v1${path}: ${r.status} ${r.text}`);
  return JSON.parse(r.text) as T;
}

/** A user paged by webhook at `address` at once, whatever the urgency. */
async function pagedUser(t: TocsinProcess, name: string, address: string): Promise<string> {
  const user = await api<{ id: string; contact_methods: { id: string }[] }>(t, '/users', {
    name,
    email: `${name.toLowerCase().replace(/[^a-z0-9]+/g, '-')}-${RUN}@bench.invalid`,
    role: 'responder',
    contact_methods: [{ type: 'webhook', address }],
  });
  for (const urgency of ['high', 'low']) {
    await api(t, `/users/${user.id}/notification-rules`, {
      contact_method_id: user.contact_methods[0]!.id,
      delay_minutes: 0,
      urgency,
    });
  }
  return user.id;
}

interface Target {
  serviceId: string;
  key: string;
}

async function service(t: TocsinProcess, teamId: string, policyId: string, name: string): Promise<Target> {
  const svc = await api<{ id: string }>(t, '/services', {
    name: `bench ${name}`,
    team_id: teamId,
    escalation_policy_id: policyId,
  });
  const integration = await api<{ key: string }>(t, `/services/${svc.id}/integrations`, {
    name: `${name} events`,
    type: 'events-v2',
  });
  return { serviceId: svc.id, key: integration.key };
}

function pdEvent(routingKey: string, phase: string, i: number): TimedRequest {
  const key = alertKey(RUN, phase, i);
  return {
    path: '/v2/enqueue',
    body: JSON.stringify({
      routing_key: routingKey,
      event_action: 'trigger',
      dedup_key: key,
      payload: {
        summary: `${key}: disk almost full on db-${i}, 97% used`,
        source: `db-${i}.prod.internal`,
        severity: 'critical',
        component: 'postgres',
        group: 'prod-eu',
        class: 'disk',
        custom_details: { used_percent: 97, mount: '/var/lib/postgresql', host: `db-${i}` },
      },
      client: 'bench',
    }),
  };
}

function checkSent(what: string, res: TimedResult): void {
  if (res.errors > 0) log(`${what}: ${res.errors} alerts rejected; first: ${res.firstError}`);
}

/** What Tocsin's database says about the notifications of a service's incidents, for a missing page. */
async function notificationStates(handle: DbHandle, serviceId: string): Promise<string> {
  const rows = await handle.db
    .selectFrom('notifications')
    .innerJoin('incidents', 'incidents.id', 'notifications.incident_id')
    .select((eb) => [
      'notifications.status',
      'notifications.attempts',
      eb.fn.countAll<number | string>().as('n'),
      eb.fn.max('notifications.last_error').as('error'),
    ])
    .where('incidents.service_id', '=', serviceId)
    .groupBy(['notifications.status', 'notifications.attempts'])
    .execute();
  return rows
    .map(
      (r) => `${r.status} after ${r.attempts} attempts: ${int(Number(r.n))}${r.error ? ` (${r.error})` : ''}`,
    )
    .join('; ');
}

/** Notifications of a service's incidents that Tocsin has not finished with (pending or sending). */
function unsent(handle: DbHandle, serviceId: string): () => Promise<number> {
  return async () => {
    const r = await handle.db
      .selectFrom('notifications')
      .innerJoin('incidents', 'incidents.id', 'notifications.incident_id')
      .select((eb) => eb.fn.countAll<number | string>().as('n'))
      .where('incidents.service_id', '=', serviceId)
      .where('notifications.status', 'in', ['pending', 'sending'])
      .executeTakeFirstOrThrow();
    return Number(r.n);
  };
}

/** When pages are missing or repeated, says what the database holds (sent, retried, never sent). */
async function explainMissing(
  handle: DbHandle,
  serviceId: string,
  g: PageGroup,
  expected: number,
): Promise<void> {
  if (g.byAlert.size >= expected && g.repeatedIdem === 0) return;
  log(`notifications in Tocsin's database: ${await notificationStates(handle, serviceId)}`);
}

/** Polls until level 1 has fired for `expected` incidents of the service (or stalls for IDLE_MS). */
async function waitForLevelOne(
  handle: DbHandle,
  serviceId: string,
  expected: number,
): Promise<{ count: number; first: number; last: number }> {
  let seen = -1;
  let progressAt = now();
  for (;;) {
    const r = await handle.db
      .selectFrom('pages')
      .innerJoin('incidents', 'incidents.id', 'pages.incident_id')
      .select((eb) => [
        eb.fn.countAll<number | string>().as('n'),
        eb.fn.min('pages.at').as('first'),
        eb.fn.max('pages.at').as('last'),
      ])
      .where('incidents.service_id', '=', serviceId)
      .where('pages.level', '=', 0)
      .executeTakeFirstOrThrow();
    const count = Number(r.n);
    const out = { count, first: Number(r.first), last: Number(r.last) };
    if (count >= expected) return out;
    if (count !== seen) {
      seen = count;
      progressAt = now();
    }
    if (now() - progressAt > IDLE_MS) {
      log(`level 1 stalled: fired for ${int(count)} of ${int(expected)} incidents`);
      return out;
    }
    await sleep(250);
  }
}

async function benchTocsin(dialect: Dialect, pages: Pages): Promise<void> {
  let databaseUrl: string;
  let cleanup: () => Promise<void>;
  let description: string;
  if (dialect === 'sqlite') {
    const dir = mkdtempSync(join(tmpdir(), 'tocsin-bench-db-'));
    databaseUrl = `sqlite:${join(dir, 'tocsin.db')}`;
    description = 'SQLite (better-sqlite3), journal_mode=WAL synchronous=FULL, file on local disk';
    cleanup = () => Promise.resolve(rmSync(dir, { recursive: true, force: true }));
  } else {
    const pg = await startBenchPostgres();
    databaseUrl = pg.url;
    description = pg.description;
    cleanup = () => pg.stop();
  }
  descriptions.push(`tocsin ${dialect}: ${description}; TOCSIN_ROLE=all, TOCSIN_NOTIFY_THROTTLE=${THROTTLE}`);
  const receiver = pages.receiver;
  try {
    const server = await startTocsin({
      databaseUrl,
      logLevel: flags['log-level'],
      env: { TOCSIN_ROLE: 'all', TOCSIN_NOTIFY_THROTTLE: THROTTLE, TOCSIN_OUTBOUND_ALLOW: 'loopback' },
      nodeArgs: flags.profile === undefined ? [] : ['--cpu-prof', `--cpu-prof-dir=${flags.profile}`],
    });
    const handle = openDatabase(databaseUrl);
    try {
      const team = await api<{ id: string }>(server, '/teams', { name: 'Bench' });
      const pagePath = `/${dialect}/page`;
      const pager = await pagedUser(server, `Pager ${dialect}`, receiver.url(pagePath));
      const oneLevel = await api<{ id: string }>(server, '/escalation-policies', {
        name: 'bench one level',
        team_id: team.id,
        levels: [{ delay_minutes: 1, targets: [{ type: 'user', id: pager }] }],
      });
      const db = `tocsin ${dialect}`;

      log(`${dialect}: warm-up, ${WARMUP_ALERTS} alerts at ${RATE}/s`);
      const warm = await service(server, team.id, oneLevel.id, 'warm-up');
      const warmRes = await timedOpenLoop(server, RATE, WARMUP_ALERTS, (i) => pdEvent(warm.key, 'warm', i));
      checkSent('warm-up', warmRes);
      await pages.waitFor(pagePath, 'warm', WARMUP_ALERTS, { pending: unsent(handle, warm.serviceId) });

      const rateTarget = await service(server, team.id, oneLevel.id, 'rate');
      const count = RATE * SECONDS;
      log(`${dialect}: ${RATE} alerts/s for ${SECONDS} s, open loop`);
      const rateRes = await timedOpenLoop(server, RATE, count, (i) => pdEvent(rateTarget.key, 'rate', i));
      checkSent('rate', rateRes);
      await pages.waitFor(pagePath, 'rate', count, { pending: unsent(handle, rateTarget.serviceId) });
      await explainMissing(handle, rateTarget.serviceId, pages.group(pagePath, 'rate'), count);
      const rateGroup = pages.group(pagePath, 'rate');
      pageRows.push({
        ...pageRow(
          {
            system: db,
            db: dialect,
            load: `${RATE}/s x ${SECONDS} s`,
            targetMs: RATE_P99_TARGET_MS[dialect],
            judged: true,
          },
          rateRes,
          rateGroup,
        ),
        breakdown: breakdown(rateRes, rateGroup, await incidentTimes(handle, rateTarget.serviceId)),
      });

      for (const size of BURSTS) {
        const name = `burst${size}`;
        const burst = await service(server, team.id, oneLevel.id, name);
        log(`${dialect}: burst of ${int(size)} alerts, concurrency ${CONCURRENCY}`);
        const res = await timedClosedLoop(server, size, CONCURRENCY, (i) => pdEvent(burst.key, name, i));
        checkSent(name, res);
        await pages.waitFor(pagePath, name, size, { pending: unsent(handle, burst.serviceId) });
        await explainMissing(handle, burst.serviceId, pages.group(pagePath, name), size);
        const g = pages.group(pagePath, name);
        pageRows.push({
          ...pageRow(
            {
              system: db,
              db: dialect,
              load: `burst ${int(size)}, c=${CONCURRENCY}`,
              targetMs: burstTarget(size),
              judged: true,
            },
            res,
            g,
          ),
          breakdown: breakdown(res, g, await incidentTimes(handle, burst.serviceId)),
        });
      }

      if (TIMERS > 0) {
        // Level 1 pages someone without contact methods: the step fires and schedules level 2
        // (a page row, no message), so setting up the timers costs no deliveries and level 2
        // is measured on its own. Level 2 pages by webhook.
        const l2Path = `/${dialect}/level2`;
        const first = await api<{ id: string }>(server, '/users', {
          name: `First ${dialect}`,
          email: `first-${dialect}-${RUN}@bench.invalid`,
          role: 'responder',
        });
        const second = await pagedUser(server, `Second ${dialect}`, receiver.url(l2Path));
        const twoLevels = await api<{ id: string }>(server, '/escalation-policies', {
          name: 'bench two levels',
          team_id: team.id,
          levels: [
            { delay_minutes: LEVEL_DELAY_MS / 60_000, targets: [{ type: 'user', id: first.id }] },
            { delay_minutes: 1, targets: [{ type: 'user', id: second }] },
          ],
        });
        const esc = await service(server, team.id, twoLevels.id, 'escalation');
        log(`${dialect}: ${int(TIMERS)} incidents for the escalation timers, concurrency ${CONCURRENCY}`);
        const res = await timedClosedLoop(server, TIMERS, CONCURRENCY, (i) => pdEvent(esc.key, 'esc', i));
        checkSent('escalation set-up', res);
        const l1 = await waitForLevelOne(handle, esc.serviceId, TIMERS);
        const setup = (l1.last - res.sentAt[0]!) / 1000;
        const firstDue = l1.first + LEVEL_DELAY_MS;
        log(
          `${dialect}: level 1 fired for ${int(l1.count)} incidents over ${((l1.last - l1.first) / 1000).toFixed(1)} s; ` +
            `level 2 due from ${((firstDue - now()) / 1000).toFixed(0)} s from now`,
        );
        await pages.waitFor(l2Path, 'esc', TIMERS, {
          notBefore: l1.last + LEVEL_DELAY_MS,
          pending: unsent(handle, esc.serviceId),
        });
        await explainMissing(handle, esc.serviceId, pages.group(l2Path, 'esc'), TIMERS);
        latenessRows.push({
          ...latenessRow(
            dialect,
            TIMERS,
            pages.group(l2Path, 'esc'),
            await incidentTimes(handle, esc.serviceId),
          ),
          setup,
          overlap: l1.last > firstDue,
        });
      }
    } finally {
      await handle.close();
      await server.stop();
    }
  } finally {
    await cleanup();
  }
}

// ---------------------------------------------------------------------------------------------
// Alertmanager

function amAlert(phase: string, i: number): TimedRequest {
  const key = alertKey(RUN, phase, i);
  return {
    path: '/api/v2/alerts',
    body: JSON.stringify([
      {
        labels: {
          alertname: 'DiskAlmostFull',
          bench_key: key,
          instance: `db-${i}.prod.internal:9100`,
          job: 'node',
          severity: 'critical',
        },
        annotations: { summary: `${key}: disk almost full on db-${i}, 97% used` },
        startsAt: new Date().toISOString(),
        generatorURL: 'http://prometheus:9090/graph?g0.expr=node_filesystem_avail_bytes+%3C+0.03',
      },
    ]),
  };
}

async function benchAlertmanager(pages: Pages): Promise<void> {
  const bin = flags['alertmanager-bin'];
  const path = '/alertmanager';
  let am: Awaited<ReturnType<typeof startAlertmanager>>;
  try {
    am = await startAlertmanager(bin, {
      webhookUrl: pages.receiver.url(path),
      groupBy: "['...']",
      groupWait: '0s',
      groupInterval: '1s',
      repeatInterval: '1h',
      sendResolved: false,
    });
  } catch (e) {
    const why = e instanceof Error ? e.message : String(e);
    throw new Error(`--vs-alertmanager: could not start ${bin}: ${why}`, { cause: e });
  }
  try {
    const status = await request(am, 'GET', '/api/v2/status');
    const v = (JSON.parse(status.text) as { versionInfo?: { version?: string } }).versionInfo?.version ?? '?';
    descriptions.push(
      `alertmanager: ${bin} ${v}, in memory (no fsync), group_by ['...'] group_wait 0s group_interval 1s, one alert per POST`,
    );
    log(`alertmanager: warm-up, ${WARMUP_ALERTS} alerts at ${RATE}/s`);
    const warm = await timedOpenLoop(am, RATE, WARMUP_ALERTS, (i) => amAlert('amwarm', i));
    checkSent('alertmanager warm-up', warm);
    await pages.waitFor(path, 'amwarm', WARMUP_ALERTS);

    const count = RATE * SECONDS;
    log(`alertmanager: ${RATE} alerts/s for ${SECONDS} s, open loop`);
    const res = await timedOpenLoop(am, RATE, count, (i) => amAlert('amrate', i));
    checkSent('alertmanager rate', res);
    await pages.waitFor(path, 'amrate', count);
    pageRows.push(
      pageRow(
        {
          system: 'alertmanager',
          db: 'memory',
          load: `${RATE}/s x ${SECONDS} s`,
          targetMs: undefined,
          judged: false,
        },
        res,
        pages.group(path, 'amrate'),
      ),
    );
    for (const size of BURSTS) {
      const name = `amburst${size}`;
      log(`alertmanager: burst of ${int(size)} alerts, concurrency ${CONCURRENCY}`);
      const b = await timedClosedLoop(am, size, CONCURRENCY, (i) => amAlert(name, i));
      checkSent('alertmanager burst', b);
      await pages.waitFor(path, name, size);
      pageRows.push(
        pageRow(
          {
            system: 'alertmanager',
            db: 'memory',
            load: `burst ${int(size)}, c=${CONCURRENCY}`,
            targetMs: undefined,
            judged: false,
          },
          b,
          pages.group(path, name),
        ),
      );
    }
  } finally {
    await am.stop();
  }
}

// ---------------------------------------------------------------------------------------------
// Report

const loadText = () =>
  loadavg()
    .map((l) => l.toFixed(2))
    .join(' ');

function printReport(receiver: PageReceiver, seconds: number, loadAtStart: string): boolean {
  console.log('');
  console.log(
    `bench:paging  ${cpus().length} CPUs (${cpus()[0]?.model ?? '?'}), node ${process.version}, ` +
      `load average ${loadAtStart} at the start, ${loadText()} at the end`,
  );
  for (const d of descriptions) console.log(`  ${d}`);
  console.log(
    `  receiver: node:http in a child process; clock offset to the sender ${receiver.clockOffset.toFixed(3)} ms ` +
      `(+-${(receiver.clockRtt / 2).toFixed(3)} ms), corrected`,
  );
  console.log('');
  console.log(
    'Alert -> page delivered (webhook), ms from the alert POST starting to the page fully received',
  );
  console.log(
    table(
      [
        'system',
        'load',
        'alerts 2xx',
        'sent in s',
        'paged in s',
        'pages',
        'missing',
        'dup key',
        'dup alert',
        'p50',
        'p95',
        'p99',
        'max',
        'target',
      ],
      pageRows.map((r) => [
        r.system,
        r.load,
        `${int(r.accepted)}/${int(r.sent)}`,
        r.seconds.toFixed(1),
        r.pagedIn.toFixed(1),
        int(r.pages),
        String(r.missing),
        String(r.dupIdem),
        String(r.dupAlert),
        ms(r.latency.p50),
        ms(r.latency.p95),
        ms(r.latency.p99),
        ms(r.latency.max),
        verdict(r),
      ]),
      [false, false, true, true, true, true, true, true, true, true, true, true, true, false],
    ),
  );
  console.log(
    '  sent in: first alert sent -> last answer (a closed-loop burst goes as fast as answers come back); paged in:\n' +
      '  first alert sent -> page of the last alert; dup key: messages whose Idempotency-Key had already arrived;\n' +
      '  dup alert: pages beyond the first for one alert',
  );

  const withBreakdown = pageRows.filter((r) => r.breakdown !== undefined);
  if (withBreakdown.length > 0) {
    console.log('');
    console.log('Where the time goes (Tocsin; p50 / p99 ms; server timestamps have 1 ms resolution)');
    const pair = (d: Dist) => `${ms(d.p50)} / ${ms(d.p99)}`;
    console.log(
      table(
        [
          'system',
          'load',
          'POST -> 2xx',
          'POST -> ingest tx',
          'ingest tx -> step',
          'step -> page',
          'webhook POST',
        ],
        withBreakdown.map((r) => [
          r.system,
          r.load,
          pair(r.answer),
          pair(r.breakdown!.toIngest),
          pair(r.breakdown!.toStep),
          pair(r.breakdown!.toPage),
          pair(r.breakdown!.post),
        ]),
        [false, false, true, true, true, true, true],
      ),
    );
    console.log(
      '  ingest tx: incidents.created_at (the group-commit batch began); step: pages.at (the engine pass that\n' +
        '  fired level 1 began); step -> page: escalation + claim transaction, commit, POST; webhook POST:\n' +
        '  notification_attempts.latency_ms',
    );
  }

  if (latenessRows.length > 0) {
    console.log('');
    console.log(
      `Escalation timer lateness: level-2 page arrival - due (level-1 page + ${LEVEL_DELAY_MS / 1000} s), ms`,
    );
    console.log(
      table(
        [
          'system',
          'timers',
          'set-up s',
          'due window s',
          'pages',
          'missing',
          'dup key',
          'dup alert',
          'p50',
          'p99',
          'max',
          'step late p50/p99',
          'step -> page p50/p99',
          'target',
        ],
        latenessRows.map((r) => [
          `tocsin ${r.db}`,
          int(r.timers),
          `${r.setup.toFixed(1)}${r.overlap ? '*' : ''}`,
          r.window.toFixed(1),
          int(r.pages),
          String(r.missing),
          String(r.dupIdem),
          String(r.dupAlert),
          ms(r.lateness.p50),
          ms(r.lateness.p99),
          ms(r.lateness.max),
          `${ms(r.stepLate.p50)} / ${ms(r.stepLate.p99)}`,
          `${ms(r.toPage.p50)} / ${ms(r.toPage.p99)}`,
          `p99 < 1 s: ${r.lateness.p99 < LATENESS_P99_TARGET_MS && r.missing === 0 ? 'MET' : 'MISSED'}`,
        ]),
        [false, true, true, true, true, true, true, true, true, true, true, true, true, false],
      ),
    );
    console.log(
      '  set-up: first alert sent -> level 1 fired for the last incident (level 1 pages a user without contact\n' +
        '  methods, so it sends nothing); due window: first to last level-2 due time; step late: the engine pass\n' +
        '  that fired level 2 began (pages.at) - due',
    );
    if (latenessRows.some((r) => r.overlap)) {
      console.log(
        '  *: set-up outlasted the delay, so the first level-2 timers fell due while incidents were still being opened',
      );
    }
    for (const r of latenessRows) {
      console.log(
        `  tocsin ${r.db}: p99 lateness of each tenth of the timers, in due order: ${r.byTenth.map(ms).join(', ')}`,
      );
    }
  }

  const ratios: Record<string, unknown>[] = [];
  const amRows = pageRows.filter((r) => r.system === 'alertmanager');
  if (amRows.length > 0) {
    console.log('');
    console.log('Tocsin latency / Alertmanager latency, same load (< 1: Tocsin is faster)');
    const body: string[][] = [];
    const x = (v: number) =>
      !Number.isFinite(v)
        ? '-'
        : v >= 100
          ? `${int(v)}x`
          : v >= 1
            ? `${v.toFixed(2)}x`
            : `${v.toPrecision(2)}x`;
    for (const am of amRows) {
      for (const t of pageRows.filter((r) => r.judged && r.load === am.load)) {
        const r = {
          load: am.load,
          tocsin: t.system,
          p50: t.latency.p50 / am.latency.p50,
          p99: t.latency.p99 / am.latency.p99,
        };
        ratios.push({
          load: r.load,
          tocsin: r.tocsin,
          tocsin_over_alertmanager: { p50: round(r.p50, 3), p99: round(r.p99, 3) },
          alertmanager_over_tocsin: { p50: round(1 / r.p50, 4), p99: round(1 / r.p99, 4) },
        });
        body.push([r.load, r.tocsin, ms(am.latency.p50), ms(am.latency.p99), x(r.p50), x(r.p99)]);
      }
    }
    console.log(
      table(['load', 'vs', 'AM p50 ms', 'AM p99 ms', 'p50 Tocsin/AM', 'p99 Tocsin/AM'], body, [
        false,
        false,
        true,
        true,
        true,
        true,
      ]),
    );
  }

  const failed = pageRows.filter((r) => r.judged && (r.missing > 0 || r.dupIdem > 0 || r.dupAlert > 0));
  const lateFailed = latenessRows.filter((r) => r.missing > 0 || r.dupIdem > 0 || r.dupAlert > 0);
  const ok = failed.length === 0 && lateFailed.length === 0;
  const amLost = amRows.filter((r) => r.missing > 0 || r.dupAlert > 0);
  if (amLost.length > 0)
    console.log('\nnote: Alertmanager lost or repeated notifications (does not fail the run)');
  console.log('');
  console.log(
    ok
      ? `every alert paged exactly once (${seconds.toFixed(0)} s)`
      : `FAILED: pages missing or duplicated in ${[...failed.map((r) => `${r.system} ${r.load}`), ...lateFailed.map((r) => `tocsin ${r.db} level 2`)].join(', ')}`,
  );
  const result = {
    bench: 'paging',
    run: RUN,
    ok,
    seconds: Math.round(seconds),
    machine: {
      cpus: cpus().length,
      model: cpus()[0]?.model ?? null,
      node: process.version,
      load_at_start: loadAtStart,
      load_at_end: loadText(),
    },
    settings: {
      rate: RATE,
      seconds: SECONDS,
      burst: BURSTS,
      concurrency: CONCURRENCY,
      timers: TIMERS,
      throttle: THROTTLE,
      quick: QUICK,
    },
    alert_to_page: pageRows.map((r) => ({
      system: r.system,
      load: r.load,
      sent: r.sent,
      accepted: r.accepted,
      pages: r.pages,
      missing: r.missing,
      duplicate_idempotency_keys: r.dupIdem,
      duplicate_pages_per_alert: r.dupAlert,
      sent_in_s: round(r.seconds),
      paged_in_s: round(r.pagedIn),
      latency_ms: jsonDist(r.latency),
      answer_ms: jsonDist(r.answer),
      target_p99_ms: r.targetMs ?? null,
      met: r.targetMs === undefined ? null : r.latency.p99 < r.targetMs && r.missing === 0,
      breakdown_ms:
        r.breakdown === undefined
          ? null
          : {
              post_to_ingest_tx: jsonDist(r.breakdown.toIngest),
              ingest_tx_to_step: jsonDist(r.breakdown.toStep),
              step_to_page: jsonDist(r.breakdown.toPage),
              webhook_post: jsonDist(r.breakdown.post),
            },
    })),
    escalation_lateness: latenessRows.map((r) => ({
      system: `tocsin ${r.db}`,
      timers: r.timers,
      setup_s: round(r.setup, 1),
      setup_overlapped_due_times: r.overlap,
      due_window_s: round(r.window, 1),
      pages: r.pages,
      missing: r.missing,
      duplicate_idempotency_keys: r.dupIdem,
      duplicate_pages_per_alert: r.dupAlert,
      lateness_ms: jsonDist(r.lateness),
      step_late_ms: jsonDist(r.stepLate),
      step_to_page_ms: jsonDist(r.toPage),
      p99_lateness_by_tenth_ms: r.byTenth.map((x) => round(x, 1)),
      target_p99_ms: LATENESS_P99_TARGET_MS,
      met: r.lateness.p99 < LATENESS_P99_TARGET_MS && r.missing === 0,
    })),
    versus_alertmanager: ratios,
  };
  console.log(`RESULT ${JSON.stringify(result)}`);
  return ok;
}

async function main(): Promise<void> {
  const started = now();
  const loadAtStart = loadText();
  const receiver = await startPageReceiver();
  const pages = new Pages(receiver);
  try {
    for (const dialect of DIALECTS) await benchTocsin(dialect, pages);
    if (flags['vs-alertmanager']) await benchAlertmanager(pages);
  } finally {
    await receiver.stop();
  }
  const ok = printReport(receiver, (now() - started) / 1000, loadAtStart);
  process.exitCode = ok ? 0 : 1;
}

await main();
