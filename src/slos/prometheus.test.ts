import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { type Server, createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, it } from 'node:test';
import { buildService } from '../../test/factories.ts';
import { api, describeEachDialect } from '../../test/harness.ts';
import { requireBinary, waitFor } from '../../test/peers/process.ts';
import {
  type HttpPeer,
  requirePrometheusBinaries,
  startScrapingPrometheus,
} from '../../test/peers/prometheus.ts';
import { fixedClock } from '../platform/clock.ts';
import { minuteOf } from './burn.ts';
import type { SloView } from './schemas.ts';

/**
 * A Prometheus SLI against Debian's Prometheus, scraping a real target this test runs: an app
 * whose request counters grow at 100 a second with a settable share of 5xx. Queries Prometheus
 * refuses are refused when saved with Prometheus's words; a 20% error rate on a 99% SLO pages;
 * a Prometheus that stops answering makes the SLO `unknown` (no burn computed from missing data)
 * and, after the configured minutes, raises an alert saying so. The rule export passes promtool.
 *
 * The engine's clock is fixed and set to the end of the minute being read, a little ahead of the
 * real time: Prometheus answers an instant query at a time past its newest sample from the
 * samples it has, so one real minute of scraping is not needed.
 */
const message = (res: { body: unknown }) => (res.body as { error: { message: string } }).error.message;
const ERRORS = 'sum(increase(app_requests_total{code=~"5.."}[1m]))';
const TOTAL = 'sum(increase(app_requests_total[1m]))';

/** The scrape target: counters moved on at each scrape by the time since the last one. */
const errorShare = 0.2;
const counts = { ok: 0, failed: 0 };
let last = Date.now();
let app: Server;
let prometheus: HttpPeer;
/** A forwarder to Prometheus that can be shut, standing in for a Prometheus that goes down. */
let proxy: Server;
let proxyUrl = '';

const listen = (s: Server) =>
  new Promise<string>((resolve) =>
    s.listen(0, '127.0.0.1', () => {
      const a = s.address();
      resolve(`127.0.0.1:${typeof a === 'object' && a !== null ? a.port : 0}`);
    }),
  );

before(async () => {
  requirePrometheusBinaries();
  app = createServer((_req, res) => {
    const now = Date.now();
    const n = ((now - last) / 1000) * 100;
    last = now;
    counts.failed += n * errorShare;
    counts.ok += n * (1 - errorShare);
    res.setHeader('content-type', 'text/plain; version=0.0.4');
    res.end(
      `# TYPE app_requests_total counter\napp_requests_total{code="200"} ${counts.ok}\napp_requests_total{code="500"} ${counts.failed}\n`,
    );
  });
  const target = await listen(app);
  prometheus = await startScrapingPrometheus({ target });
  proxy = createServer((req, res) => {
    void fetch(`${prometheus.origin}${req.url ?? '/'}`).then(async (r) => {
      res.writeHead(r.status, { 'content-type': r.headers.get('content-type') ?? 'application/json' });
      res.end(await r.text());
    });
  });
  proxyUrl = `http://${await listen(proxy)}`;
  // Five samples of the counters before any SLO reads them.
  await waitFor('Prometheus to have scraped the app five times', async () => {
    const r = await fetch(
      `${prometheus.origin}/api/v1/query?query=${encodeURIComponent('count_over_time(app_requests_total{code="200"}[1m])')}`,
    );
    const body = (await r.json()) as { data: { result: { value: [number, string] }[] } };
    const n = Number(body.data.result[0]?.value[1] ?? 0);
    return n >= 5 ? n : undefined;
  });
});
after(async () => {
  await prometheus?.stop();
  await new Promise((r) => app?.close(r));
  proxy?.closeAllConnections();
  await new Promise((r) => proxy?.close(r));
});

describeEachDialect(
  'SLO with a Prometheus SLI',
  (server) => {
    const clock = () => server().clock as ReturnType<typeof fixedClock>;
    const create = (body: Record<string, unknown>) =>
      api<SloView>(server().app, 'POST', '/api/v1/slos', { body });
    const slo = async (id: string) => (await api<SloView>(server().app, 'GET', `/api/v1/slos/${id}`)).body;
    /** Evaluates at the end of the minute after `minute` (the clock is set there). */
    const evaluateAt = async (t: number) => {
      clock().set(t);
      await server().tocsin.engine.drain();
    };
    let serviceId = '';
    let m0 = 0;

    before(async () => {
      serviceId = (await buildService(server().app)).id;
      // Keep a few seconds of this minute's samples behind the reading.
      if (Date.now() - minuteOf(Date.now()) < 4000) await new Promise((r) => setTimeout(r, 4000));
      m0 = minuteOf(Date.now());
      clock().set(m0);
    });

    const sli = (over: Record<string, unknown> = {}) => ({
      kind: 'prometheus',
      prometheus_url: prometheus.origin,
      error_query: ERRORS,
      total_query: TOTAL,
      ...over,
    });

    it("refuses queries Prometheus refuses, with Prometheus's error, and an unreachable Prometheus", async () => {
      const base = { service_id: serviceId, name: 'Bad', objective: 0.99, window_days: 7 };
      // Saving runs each query at the clock's now: the real one here, where the samples are.
      clock().set(Date.now());
      const syntax = await create({ ...base, sli: sli({ error_query: 'sum(rate(app_requests_total[1m]' }) });
      assert.equal(syntax.status, 400, JSON.stringify(syntax.body));
      assert.match(message(syntax), /^body\.sli\.error_query: Prometheus says: .*parse error/);
      const many = await create({ ...base, sli: sli({ total_query: 'increase(app_requests_total[1m])' }) });
      assert.equal(many.status, 400);
      assert.match(message(many), /^body\.sli\.total_query: Prometheus says: the query returns 2 series/);
      const range = await create({ ...base, sli: sli({ total_query: 'app_requests_total[1m]' }) });
      assert.equal(range.status, 400);
      assert.match(message(range), /^body\.sli\.total_query: Prometheus says: the query returns a matrix/);
      const down = await create({ ...base, sli: sli({ prometheus_url: 'http://127.0.0.1:9' }) });
      assert.equal(down.status, 400);
      assert.match(message(down), /^body\.sli\.prometheus_url: could not query Prometheus: network error/);
    });

    it('reads the counts each minute and pages at 20% errors on a 99% SLO', async () => {
      const res = await create({
        service_id: serviceId,
        name: 'API availability',
        objective: 0.99,
        window_days: 7,
        sli: sli(),
      });
      assert.equal(res.status, 201, JSON.stringify(res.body));
      const id = res.body.id;
      await evaluateAt(m0 + 60_000);
      const v = await slo(id);
      assert.equal(v.status, 'burning', JSON.stringify(v));
      // 20% errors over a 1% budget: 20x on every window that has the minute.
      assert.ok(Math.abs(v.burn_rates['5m']! - 20) < 0.2, JSON.stringify(v.burn_rates));
      assert.ok(Math.abs(v.burn_rates['1h']! - 20) < 0.2);
      assert.ok(v.budget.total > 100, `some seconds of 100 requests: ${v.budget.total}`);
      assert.ok(v.firing.some((f) => f.alert === 'page-fast'));
      const alerts = (
        await api<{ data: { rule: string; status: string; incident_ref: string | null }[] }>(
          server().app,
          'GET',
          `/api/v1/slos/${id}/alerts`,
        )
      ).body.data;
      assert.equal(alerts.find((a) => a.rule === 'page-fast')?.status, 'triggered');

      // The rule export for the same SLO passes Debian's promtool.
      const rules = await api<string>(server().app, 'GET', `/api/v1/slos/${id}/prometheus-rules`);
      assert.equal(rules.status, 200);
      assert.match(String(rules.headers['content-type']), /^application\/yaml/);
      const dir = mkdtempSync(join(tmpdir(), 'tocsin-slo-rules-'));
      try {
        writeFileSync(join(dir, 'rules.yml'), String(rules.body));
        const out = execFileSync(
          requireBinary('promtool', 'prometheus'),
          ['check', 'rules', join(dir, 'rules.yml')],
          { encoding: 'utf8' },
        );
        assert.match(out, /SUCCESS/);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
      await api(server().app, 'DELETE', `/api/v1/slos/${id}`);
    });

    it('marks the SLO unknown when Prometheus stops answering, and alerts after the configured time', async () => {
      const res = await create({
        service_id: serviceId,
        name: 'Behind a proxy',
        objective: 0.99,
        window_days: 7,
        sli: sli({ prometheus_url: proxyUrl }),
        unknown_alert_after_minutes: 2,
      });
      assert.equal(res.status, 201, JSON.stringify(res.body));
      const id = res.body.id;
      const events = await api(server().app, 'GET', `/api/v1/slos/${id}/prometheus-rules`);
      assert.equal(events.status, 200);
      // The proxy goes down: Prometheus is unreachable from here on.
      proxy.closeAllConnections();
      await new Promise((r) => proxy.close(r));
      const start = clock().now();
      await evaluateAt(minuteOf(start) + 60_000);
      const v = await slo(id);
      assert.equal(v.status, 'unknown');
      assert.match(v.status_reason ?? '', /^prometheus: total_query: network error/);
      assert.equal(v.burn_rates['1h'], null, 'no burn from missing data');
      assert.deepEqual(v.firing, []);
      await evaluateAt(minuteOf(start) + 2 * 60_000);
      assert.deepEqual((await slo(id)).firing, [], 'not yet: unreadable for one minute of two');
      await evaluateAt(minuteOf(start) + 3 * 60_000);
      const late = await slo(id);
      assert.deepEqual(
        late.firing.map((f) => f.alert),
        ['@unknown'],
      );
      const alerts = (
        await api<{ data: { rule: string; status: string; severity: string }[] }>(
          server().app,
          'GET',
          `/api/v1/slos/${id}/alerts`,
        )
      ).body.data;
      assert.deepEqual(
        alerts.map((a) => [a.rule, a.status, a.severity]),
        [['unknown', 'triggered', 'warning']],
      );
      // Reopened for the other dialect's run.
      proxy.listen(Number(new URL(proxyUrl).port), '127.0.0.1');
      await new Promise((r) => proxy.once('listening', r));
    });
  },
  { clock: () => fixedClock(0) },
);
