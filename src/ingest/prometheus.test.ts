import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { buildIntegration } from '../../test/factories.ts';
import { DIALECTS, api } from '../../test/harness.ts';
import { waitFor } from '../../test/peers/process.ts';
import {
  type HttpPeer,
  type PrometheusPeer,
  requirePrometheusBinaries,
  startAlertmanager,
  startPrometheus,
} from '../../test/peers/prometheus.ts';
import { type ListeningTocsin, startListeningTocsin } from '../../test/peers/tocsin.ts';

/**
 * Debian's Prometheus and Alertmanager against a running Tocsin. One Prometheus evaluates a rule
 * that always fires and notifies two "Alertmanagers": (a) the real Alertmanager, whose webhook
 * receiver posts to /integrations/alertmanager/KEY, and (b) Tocsin itself, through
 * `path_prefix: /integrations/KEY`. Each path has its own service, so each is checked on its own.
 * Then the rule stops firing and both must resolve: (a) by Alertmanager's resolved notification,
 * (b) by Prometheus's own resolved send (endsAt in the past). Tocsin runs without its engine, so
 * nothing is resolved by Tocsin's endsAt timer instead.
 *
 * These tests never skip: without the binaries they fail and say which packages to install.
 */

type Alert = {
  id: string;
  status: string;
  severity: string;
  summary: string;
  labels: Record<string, string>;
  links: { href: string; text: string }[];
  ends_at: string | null;
  resolved_at: string | null;
  incident_id: string | null;
};
type AlertDetail = Alert & { events: { action: string; at: string; payload: Record<string, unknown> }[] };
type Incident = { id: string; status: string; alert_count: number };

// Generous for a loaded 2-core machine; each wait returns as soon as its condition holds. Prometheus
// hands new Alertmanager targets to its notifier only every 5 s, so the first delivery takes that.
const DEADLINE_MS = 60_000;
const FIRING_EXPR = 'vector(1)';
const STOPPED_EXPR = 'vector(1) == 0';

for (const dialect of DIALECTS) {
  describe(`Debian's Prometheus and Alertmanager send to Tocsin [${dialect}]`, () => {
    const run = randomBytes(4).toString('hex');
    const rule = {
      alert: 'TocsinAlwaysFiring',
      expr: FIRING_EXPR,
      labels: { severity: 'critical', tocsin_run: run },
      annotations: { summary: `Always firing (Tocsin ingest test ${run})` },
    };
    let tocsin: ListeningTocsin | undefined;
    let alertmanager: HttpPeer | undefined;
    let prometheus: PrometheusPeer | undefined;
    let viaAlertmanager: { key: string; service_id: string } | undefined;
    let direct: { key: string; service_id: string } | undefined;

    before(async () => {
      // First, so a machine without the packages fails with the message that says what to install.
      requirePrometheusBinaries();
      tocsin = await startListeningTocsin(dialect);
      viaAlertmanager = await buildIntegration(tocsin.app, 'alertmanager');
      direct = await buildIntegration(tocsin.app, 'alertmanager');
      alertmanager = await startAlertmanager({
        webhookUrl: `${tocsin.origin}/integrations/alertmanager/${viaAlertmanager.key}`,
      });
      prometheus = await startPrometheus({
        rule,
        alertmanagers: [
          { address: alertmanager.address },
          { address: `127.0.0.1:${tocsin.port}`, pathPrefix: `/integrations/${direct.key}` },
        ],
      });
    });
    after(async () => {
      // Senders first, so nothing posts to a Tocsin that is closing.
      await prometheus?.stop();
      await alertmanager?.stop();
      await tocsin?.close();
    });

    const ready = () => {
      if (tocsin === undefined || prometheus === undefined || alertmanager === undefined) {
        throw new Error('the peers did not start');
      }
      if (viaAlertmanager === undefined || direct === undefined) throw new Error('no integrations');
      return { tocsin, prometheus, alertmanager, viaAlertmanager, direct };
    };

    const peerOutput = () => {
      const { prometheus: p, alertmanager: am } = ready();
      return `\n--- prometheus ---\n${p.output().slice(-4000)}\n--- alertmanager ---\n${am.output().slice(-4000)}`;
    };

    const alertsOf = async (serviceId: string) =>
      (await api<{ data: Alert[] }>(ready().tocsin.app, 'GET', `/api/v1/alerts?service_id=${serviceId}`)).body
        .data;
    const incidentsOf = async (serviceId: string) =>
      (
        await api<{ data: Incident[] }>(
          ready().tocsin.app,
          'GET',
          `/api/v1/incidents?service_id=${serviceId}`,
        )
      ).body.data;

    /** Waits until the service's only alert has `status`, and returns it. */
    const waitForAlert = async (serviceId: string, status: string, path: string): Promise<Alert> => {
      let seen: Alert[] = [];
      return waitFor(
        `a ${status} alert ${path}`,
        async () => {
          seen = await alertsOf(serviceId);
          return seen.length === 1 && seen[0]?.status === status ? seen[0] : undefined;
        },
        { timeoutMs: DEADLINE_MS, describe: () => `${JSON.stringify(seen)}${peerOutput()}` },
      );
    };

    const assertIsTheRulesAlert = (alert: Alert) => {
      assert.equal(alert.labels.alertname, 'TocsinAlwaysFiring');
      assert.equal(alert.labels.tocsin_run, run);
      assert.equal(alert.severity, 'critical');
      assert.equal(alert.summary, rule.annotations.summary);
      // Prometheus's generatorURL, kept as the alert's source link.
      assert.ok(
        alert.links.some((l) => l.text === 'Source' && l.href.startsWith(ready().prometheus.origin)),
        JSON.stringify(alert.links),
      );
    };

    it('an always-firing rule reaches Tocsin through Alertmanager and straight from Prometheus', async () => {
      const { viaAlertmanager: am, direct: d } = ready();
      const [a, b] = await Promise.all([
        waitForAlert(am.service_id, 'triggered', 'through Alertmanager'),
        waitForAlert(d.service_id, 'triggered', 'straight from Prometheus'),
      ]);
      for (const [alert, serviceId] of [
        [a, am.service_id],
        [b, d.service_id],
      ] as const) {
        assertIsTheRulesAlert(alert);
        const [incident, ...more] = await incidentsOf(serviceId);
        assert.equal(more.length, 0);
        assert.equal(incident?.status, 'triggered');
        assert.equal(incident.id, alert.incident_id);
      }
      // Prometheus sends endsAt a few seconds ahead and keeps re-sending; Alertmanager's webhook
      // hides an end that has not come yet.
      assert.notEqual(b.ends_at, null);
      assert.equal(a.ends_at, null);
    });

    it('stopping the rule resolves the alert on both paths', async () => {
      const { prometheus: p, viaAlertmanager: am, direct: d } = ready();
      await p.setExpr(STOPPED_EXPR);
      const [a, b] = await Promise.all([
        waitForAlert(am.service_id, 'resolved', 'resolved through Alertmanager'),
        waitForAlert(d.service_id, 'resolved', 'resolved straight from Prometheus'),
      ]);

      // (a) Alertmanager's resolved notification did it.
      const detailA = await api<AlertDetail>(ready().tocsin.app, 'GET', `/api/v1/alerts/${a.id}`);
      const resolveA = detailA.body.events[0];
      assert.equal(resolveA?.action, 'resolve');
      assert.equal(resolveA.payload.status, 'resolved');

      // (b) Prometheus's own send with endsAt at the resolution time, which is past when it arrives.
      const detailB = await api<AlertDetail>(ready().tocsin.app, 'GET', `/api/v1/alerts/${b.id}`);
      const resolveB = detailB.body.events[0];
      assert.equal(resolveB?.action, 'resolve');
      assert.equal(typeof resolveB.payload.endsAt, 'string');
      assert.ok(
        Date.parse(String(resolveB.payload.endsAt)) <= Date.parse(resolveB.at),
        JSON.stringify(resolveB),
      );
      assert.equal(
        detailB.body.events.filter((e) => e.action === 'trigger').length,
        1,
        'the re-sends folded into one alert',
      );

      for (const serviceId of [am.service_id, d.service_id]) {
        const incidents = await incidentsOf(serviceId);
        assert.deepEqual(
          incidents.map((i) => i.status),
          ['resolved'],
        );
      }
    });
  });
}
