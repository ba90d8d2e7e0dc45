import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import {
  buildEscalationPolicy,
  buildIntegration,
  buildNotificationRule,
  buildService,
  buildUser,
  uniqueName,
} from '../../test/factories.ts';
import { api, describeEachDialect } from '../../test/harness.ts';
import { type HttpReceiver, startHttpReceiver } from '../../test/receivers.ts';
import { fixedClock } from '../platform/clock.ts';

/**
 * The runbook link of a page (issue 14 item 7): Prometheus rules, Alertmanager and Grafana carry
 * the runbook in the alert's annotations (`runbook_url`, sometimes `runbook`), which ingest keeps
 * under the alert's details; the page must carry it. Alerts go in through the real endpoints,
 * the engine pages a person by webhook, and the receiver reads `runbook_url` off each page.
 */

let receiver: HttpReceiver;
before(async () => {
  receiver = await startHttpReceiver();
});
after(() => receiver.close());

const RUNBOOK = 'https://runbooks.example.com/';

describeEachDialect(
  'runbook links from annotations',
  (server) => {
    it('Alertmanager webhook, API v2 (Bearer and path) and Grafana annotations reach the page; only http(s)', async () => {
      const { app } = server();
      const name = uniqueName('rb').replace(/\W/g, '');
      const user = await buildUser(app, {
        role: 'responder',
        contact_methods: [{ type: 'webhook', address: `${receiver.url}/${name}` }],
      });
      await buildNotificationRule(app, user.id, (user.contact_methods as { id: string }[])[0]!.id, {
        delay_minutes: 0,
      });
      const policy = await buildEscalationPolicy(app, {
        levels: [{ delay_minutes: 60, targets: [{ type: 'user', id: user.id }] }],
      });
      const service = await buildService(app, { escalation_policy_id: policy.id });
      const am = await buildIntegration(app, 'alertmanager', {}, service.id);
      const grafana = await buildIntegration(app, 'grafana', {}, service.id);
      const alert = (summary: string, annotations: Record<string, string>, extra = {}) => ({
        status: 'firing',
        labels: { alertname: summary },
        annotations: { summary, ...annotations },
        startsAt: '2026-11-25T09:59:00Z',
        endsAt: '0001-01-01T00:00:00Z',
        ...extra,
      });
      const posts = [
        api(app, 'POST', `/integrations/alertmanager/${am.key}`, {
          token: null,
          body: {
            version: '4',
            status: 'firing',
            alerts: [
              alert('am-webhook', { runbook_url: `${RUNBOOK}am-webhook` }),
              alert('am-script', { runbook_url: 'javascript:alert(1)' }),
            ],
          },
        }),
        api(app, 'POST', '/api/v2/alerts', {
          token: am.key,
          body: [alert('api-v2', { runbook: `${RUNBOOK}api-v2` })],
        }),
        api(app, 'POST', `/integrations/${am.key}/api/v2/alerts`, {
          token: null,
          body: [alert('api-v2-path', { runbook_url: `${RUNBOOK}api-v2-path`, runbook: 'ignored' })],
        }),
        api(app, 'POST', `/integrations/grafana/${grafana.key}`, {
          token: null,
          body: {
            receiver: 'tocsin',
            status: 'firing',
            orgId: 1,
            version: '1',
            alerts: [
              alert(
                'grafana',
                { runbook_url: `${RUNBOOK}grafana` },
                { dashboardURL: 'http://grafana/d/abc', panelURL: 'http://grafana/d/abc?viewPanel=1' },
              ),
              // Dashboards and panels are links, not runbooks.
              alert(
                'grafana-panel',
                {},
                { dashboardURL: 'http://grafana/d/x', panelURL: 'http://grafana/d/x?p=1' },
              ),
            ],
          },
        }),
      ];
      for (const res of await Promise.all(posts)) assert.equal(res.status, 200, JSON.stringify(res.body));

      await server().tocsin.engine.drain();
      const runbooks = Object.fromEntries(
        receiver.requests
          .filter((r) => r.path === `/${name}`)
          .flatMap(
            (r) => (r.json as { incidents: { summary: string; runbook_url: string | null }[] }).incidents,
          )
          .map((i) => [i.summary, i.runbook_url]),
      );
      assert.deepEqual(runbooks, {
        'am-webhook': `${RUNBOOK}am-webhook`,
        'am-script': null,
        'api-v2': `${RUNBOOK}api-v2`,
        'api-v2-path': `${RUNBOOK}api-v2-path`,
        grafana: `${RUNBOOK}grafana`,
        'grafana-panel': null,
      });
    });
  },
  { clock: () => fixedClock(Date.parse('2026-11-25T10:00:00Z')) },
);
