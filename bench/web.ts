/**
 * `npm run bench:web`: the web UI's budgets (issue 16), in headless Chromium (/usr/bin/chromium
 * through playwright-core) against the built UI (run `npm run build` first):
 *
 * (a) initial JS: the gzip size of what index.html loads before anything renders (its module
 *     script and modulepreloads), against the 300 KB budget;
 * (b) the incidents page with 10,000 incidents in the database: from navigation (page.goto) to
 *     the newest incident's row visible, median and max of several loads, on SQLite and PostgreSQL;
 * (c) a timeline entry reaching an open browser: 100 notes added through the API while the
 *     incident's page is open. Measured twice per note, from just before the POST: (1) to the
 *     `timeline` server-sent event carrying the note arriving in the page (an EventSource the
 *     bench opens in the page, same origin, the session cookie), stamped by the page's clock;
 *     (2) to the note's text visible in the page's DOM. p50/p99 of each, on both databases.
 *
 * The 10,000 incidents are seeded through SQL (copies of one declared incident), not 10,000 HTTP
 * calls. PostgreSQL: TOCSIN_TEST_PG_URL when set, else a throwaway cluster (bench/lib/postgres.ts).
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { type Browser, type Page, chromium } from 'playwright-core';
import { loadConfig } from '../src/platform/config.ts';
import type { Dialect } from '../src/platform/db/connect.ts';
import { newId } from '../src/platform/ids.ts';
import { startTocsin } from '../src/server.ts';
import { uiDir } from '../src/web/serve.ts';
import { startBenchPostgres } from './lib/postgres.ts';

const INCIDENTS = 10_000;
const PAGE_LOADS = 7;
const NOTES = 100;
const JS_BUDGET_KB = 300;
const BUDGET_MS = 1000;

function initialJs(): { files: string[]; gzipBytes: number } {
  const dir = uiDir();
  const index = readFileSync(join(dir, 'index.html'), 'utf8');
  const files = [
    ...index.matchAll(/<script[^>]*\ssrc="([^"]+)"/g),
    ...index.matchAll(/<link[^>]*rel="modulepreload"[^>]*href="([^"]+)"/g),
  ].map((m) => m[1]!);
  const gzipBytes = files.reduce((n, f) => n + gzipSync(readFileSync(join(dir, f)), { level: 9 }).length, 0);
  return { files, gzipBytes };
}

const quantile = (xs: number[], q: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil(q * s.length) - 1)]!;
};
const ms = (n: number) => `${n.toFixed(0)} ms`;
const verdict = (n: number, budget: number) => (n < budget ? 'within' : 'OVER');

async function startServer(dialect: Dialect) {
  let url: string;
  let cleanup: () => Promise<void>;
  let description: string;
  if (dialect === 'sqlite') {
    const dir = mkdtempSync(join(tmpdir(), 'tocsin-bench-web-'));
    url = `sqlite:${join(dir, 'bench.db')}`;
    description = 'SQLite (a file under the OS temp dir)';
    cleanup = () => Promise.resolve(rmSync(dir, { recursive: true, force: true }));
  } else {
    const pg = await startBenchPostgres();
    url = pg.url;
    description = pg.description;
    cleanup = () => pg.stop();
  }
  const tocsin = await startTocsin(loadConfig({ TOCSIN_DATABASE_URL: url, TOCSIN_LOG_LEVEL: 'warn' }), {
    engine: false,
    logger: false,
  });
  const app = tocsin.app!;
  await app.listen({ host: '127.0.0.1', port: 0 });
  const origin = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
  const admin = tocsin.bootstrap!;
  return {
    tocsin,
    origin,
    description,
    admin: { email: admin.email, password: admin.password!, token: admin.token! },
    close: async () => {
      await tocsin.close();
      await cleanup();
    },
  };
}
type Server = Awaited<ReturnType<typeof startServer>>;

async function call<T>(s: Server, method: string, path: string, body?: unknown): Promise<T> {
  const res = await fetch(`${s.origin}${path}`, {
    method,
    headers: { authorization: `Bearer ${s.admin.token}`, 'content-type': 'application/json' },
    body: body === undefined ? null : JSON.stringify(body),
  });
  if (!res.ok) throw new Error(`${method} ${path} answered ${res.status}: ${await res.text()}`);
  return (await res.json()) as T;
}

/** One incident declared through the API, then INCIDENTS - 1 copies of its row through SQL. */
async function seed(s: Server): Promise<{ first: { id: string; ref: string }; newestTitle: string }> {
  const team = await call<{ id: string }>(s, 'POST', '/api/v1/teams', { name: 'Bench' });
  const service = await call<{ id: string }>(s, 'POST', '/api/v1/services', {
    name: 'checkout',
    team_id: team.id,
  });
  const first = await call<{ id: string; ref: string }>(s, 'POST', '/api/v1/incidents', {
    title: 'Bench incident 1',
    service_ids: [service.id],
    severity: 'SEV4',
  });
  const db = s.tocsin.handle.db;
  const row = await db
    .selectFrom('incidents')
    .selectAll()
    .where('id', '=', first.id)
    .executeTakeFirstOrThrow();
  const start = Date.now() - INCIDENTS * 60_000;
  const statuses = ['resolved', 'closed', 'acknowledged', 'triggered'] as const;
  for (let n = 2; n <= INCIDENTS; n += 500) {
    const rows = [];
    for (let k = n; k < Math.min(n + 500, INCIDENTS + 1); k++) {
      const at = start + k * 60_000;
      rows.push({
        ...row,
        id: newId('inc', at),
        number: k,
        title: `Bench incident ${k}`,
        group_key: `${row.group_key}-${k}`,
        slug: `${row.slug}-${k}`,
        status: statuses[k % statuses.length]!,
        created_at: at,
        updated_at: at,
        last_alert_at: at,
      });
    }
    await db.insertInto('incidents').values(rows).execute();
  }
  return { first, newestTitle: `Bench incident ${INCIDENTS}` };
}

async function logIn(browser: Browser, s: Server): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  context.setDefaultTimeout(15_000);
  const page = await context.newPage();
  await page.goto(`${s.origin}/login`);
  await page.getByLabel('Email').fill(s.admin.email);
  await page.getByLabel(/^Password/).fill(s.admin.password);
  await page.getByRole('button', { name: 'Log in' }).click();
  await page.waitForURL((u) => !u.pathname.startsWith('/login'));
  return page;
}

/** Each load: total, and how much of it was the document and its script (to DOMContentLoaded). */
async function incidentsPage(
  page: Page,
  s: Server,
  newestTitle: string,
): Promise<{ times: number[]; dcl: number[] }> {
  const times: number[] = [];
  const dcl: number[] = [];
  for (let i = 0; i < PAGE_LOADS; i++) {
    await page.goto('about:blank');
    const t0 = performance.now();
    await page.goto(`${s.origin}/incidents`);
    await page.getByText(newestTitle, { exact: false }).first().waitFor({ state: 'visible' });
    times.push(performance.now() - t0);
    dcl.push(
      await page.evaluate(
        () =>
          (
            globalThis as unknown as {
              performance: { getEntriesByType(t: string): { domContentLoadedEventEnd: number }[] };
            }
          ).performance.getEntriesByType('navigation')[0]!.domContentLoadedEventEnd,
      ),
    );
  }
  return { times, dcl };
}

/** A page's EventSource collecting `timeline` events: (data, Date.now() on arrival). */
const LISTEN = `(() => {
  const got = [];
  window.__benchTimeline = got;
  return new Promise((resolve) => {
    const s = new EventSource('/api/v1/stream');
    s.addEventListener('timeline', (e) => got.push([e.data, Date.now()]));
    s.addEventListener('ready', () => resolve(true));
  });
})()`;

/** What the bench reads in the page (the bench is compiled without the DOM's types). */
interface InPage {
  document: { body: { innerText: string } };
  __benchTimeline: [string, number][];
}

async function timeline(page: Page, s: Server, incident: { id: string; ref: string }) {
  await page.goto(`${s.origin}/incidents/${encodeURIComponent(incident.ref)}`);
  await page.getByText('Bench incident 1', { exact: false }).first().waitFor();
  await page.evaluate(LISTEN);
  const sse: number[] = [];
  const dom: number[] = [];
  for (let i = 0; i < NOTES; i++) {
    const text = `bench note ${i} ${Math.random().toString(36).slice(2)}`;
    const t0 = Date.now();
    const p0 = performance.now();
    await call(s, 'POST', `/api/v1/incidents/${incident.id}/notes`, { message: text });
    await page.waitForFunction(
      (t) => (globalThis as unknown as InPage).document.body.innerText.includes(t),
      text,
      {
        polling: 'raf',
      },
    );
    dom.push(performance.now() - p0);
    const arrived = await page.waitForFunction(
      (t) => (globalThis as unknown as InPage).__benchTimeline.find(([d]) => d.includes(t))?.[1],
      text,
    );
    sse.push(((await arrived.jsonValue()) as number) - t0);
  }
  return { sse, dom };
}

async function main() {
  const js = initialJs();
  const jsKb = js.gzipBytes / 1024;
  console.log('web UI budgets (issue 16), headless Chromium /usr/bin/chromium');
  console.log(
    `(a) initial JS (gzip -9): ${jsKb.toFixed(1)} KB of ${JS_BUDGET_KB} KB budget: ${verdict(jsKb, JS_BUDGET_KB)}`,
  );
  console.log(`    files: ${js.files.join(', ')}`);
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', headless: true });
  try {
    for (const dialect of ['sqlite', 'postgres'] as const) {
      const s = await startServer(dialect);
      try {
        console.log(`\n[${dialect}] ${s.description}`);
        const seeded = performance.now();
        const { first, newestTitle } = await seed(s);
        console.log(`    seeded ${INCIDENTS} incidents in ${ms(performance.now() - seeded)}`);
        const api: number[] = [];
        for (let i = 0; i < PAGE_LOADS; i++) {
          const t0 = performance.now();
          await call(s, 'GET', '/api/v1/incidents?limit=25');
          api.push(performance.now() - t0);
        }
        console.log(
          `    for comparison, GET /api/v1/incidents?limit=25 alone: median ${ms(quantile(api, 0.5))}`,
        );
        const page = await logIn(browser, s);
        const { times: loads, dcl } = await incidentsPage(page, s, newestTitle);
        const med = quantile(loads, 0.5);
        const max = Math.max(...loads);
        console.log(
          `(b) incidents page, navigation to first row visible, ${PAGE_LOADS} loads: median ${ms(med)}, max ${ms(max)}: ${verdict(max, BUDGET_MS)} the ${BUDGET_MS} ms budget`,
        );
        const t = await timeline(page, s, first);
        const line = (name: string, xs: number[]) =>
          `    ${name}: p50 ${ms(quantile(xs, 0.5))}, p99 ${ms(quantile(xs, 0.99))}, max ${ms(Math.max(...xs))}: ${verdict(quantile(xs, 0.99), BUDGET_MS)} the ${BUDGET_MS} ms budget (p99)`;
        console.log(
          `    of which to DOMContentLoaded (HTML, CSS and the script parsed and run): median ${ms(quantile(dcl, 0.5))}`,
        );
        console.log(`(c) timeline entry reaching an open browser, ${NOTES} notes, from before the POST:`);
        console.log(line('to the timeline SSE event in the page', t.sse));
        console.log(line('to the note visible in the DOM     ', t.dom));
        await page.context().close();
      } finally {
        await s.close();
      }
    }
  } finally {
    await browser.close();
  }
}

await main();
