import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { parse } from 'yaml';
import { snippets } from '../../web/src/pages/services/snippets.ts';
import { buildIntegration } from '../factories.ts';
import { DIALECTS, api } from '../harness.ts';
import { waitFor } from '../peers/process.ts';
import { type PrometheusPeer, requirePrometheusBinaries, startPrometheus } from '../peers/prometheus.ts';
import { type ListeningTocsin, startListeningTocsin } from '../peers/tocsin.ts';

/**
 * The service page's `prometheus.yml` snippet, as an admin would paste it, in Debian's Prometheus:
 * its `alerting.alertmanagers` block is the whole of Prometheus's alerting configuration, with a
 * rule that always fires, and the alert must reach Tocsin on the integration's service.
 * (src/ingest/prometheus.test.ts covers the same endpoint with a hand-written configuration and
 * the resolve path; this one checks the text the page shows.)
 */
const DEADLINE_MS = 60_000;

for (const dialect of DIALECTS) {
  describe(`the prometheus.yml snippet in a real Prometheus [${dialect}]`, () => {
    const run = randomBytes(4).toString('hex');
    let tocsin: ListeningTocsin | undefined;
    let prometheus: PrometheusPeer | undefined;
    let integration: { key: string; service_id: string } | undefined;

    before(async () => {
      requirePrometheusBinaries();
      tocsin = await startListeningTocsin(dialect);
      integration = await buildIntegration(tocsin.app, 'alertmanager');
      const text = snippets('alertmanager', tocsin.origin, integration.key).find(
        (s) => s.title === 'prometheus.yml',
      )!.text;
      const config = parse(text) as { alerting: { alertmanagers: unknown[] } };
      prometheus = await startPrometheus({
        rule: {
          alert: 'SnippetAlwaysFiring',
          expr: 'vector(1)',
          labels: { severity: 'warning', tocsin_run: run },
          annotations: { summary: `Always firing (snippet test ${run})` },
        },
        alertmanagers: [],
        alertmanagersConfig: config.alerting.alertmanagers,
      });
    });
    after(async () => {
      await prometheus?.stop();
      await tocsin?.close();
    });

    it("an always-firing rule opens an incident on the integration's service", async () => {
      if (tocsin === undefined || integration === undefined || prometheus === undefined) {
        throw new Error('the peers did not start');
      }
      const { app } = tocsin;
      const serviceId = integration.service_id;
      type Alert = { summary: string; severity: string; labels: Record<string, string>; incident_id: string };
      let seen: Alert[] = [];
      const [alert] = await waitFor(
        'the rule alert in Tocsin',
        async () => {
          seen = (await api<{ data: Alert[] }>(app, 'GET', `/api/v1/alerts?service_id=${serviceId}`)).body
            .data;
          return seen.length > 0 ? seen : undefined;
        },
        {
          timeoutMs: DEADLINE_MS,
          describe: () => `${JSON.stringify(seen)}\n--- prometheus ---\n${prometheus!.output().slice(-4000)}`,
        },
      );
      assert.equal(alert?.labels.alertname, 'SnippetAlwaysFiring');
      assert.equal(alert.labels.tocsin_run, run);
      assert.equal(alert.severity, 'warning');
      const incident = await api<{ service_id: string; status: string }>(
        app,
        'GET',
        `/api/v1/incidents/${alert.incident_id}`,
      );
      assert.equal(incident.body.service_id, serviceId);
      assert.equal(incident.body.status, 'triggered');
    });
  });
}
