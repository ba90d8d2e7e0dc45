import assert from 'node:assert/strict';
import { it } from 'node:test';
import { fixedClock } from '../platform/clock.ts';
import { runDueTimers } from '../engine/timers.ts';
import { buildIntegration, buildService } from '../../test/factories.ts';
import { api, describeEachDialect } from '../../test/harness.ts';

type Alert = {
  id: string;
  status: string;
  occurrences: number;
  labels: Record<string, string>;
  summary: string;
  severity: string;
  ends_at: string | null;
  suppressed_by: string | null;
  incident_id: string | null;
};
type List<T> = { data: T[] };

const clock = fixedClock(Date.parse('2026-11-25T12:00:00Z'));

function amAlert(
  labels: Record<string, string>,
  status: 'firing' | 'resolved',
  extra: Record<string, unknown> = {},
) {
  return {
    status,
    labels,
    annotations: { summary: `${labels.alertname} on ${labels.instance}` },
    startsAt: '2026-11-25T11:59:00Z',
    endsAt: status === 'resolved' ? '2026-11-25T11:59:30Z' : '0001-01-01T00:00:00Z',
    generatorURL: 'http://prometheus:9090/graph?g0.expr=up',
    fingerprint: 'ignored',
    ...extra,
  };
}

function webhook(alerts: unknown[]) {
  return {
    version: '4',
    groupKey: '{}:{alertname="HighLatency"}',
    truncatedAlerts: 0,
    status: 'firing',
    receiver: 'tocsin',
    groupLabels: {},
    commonLabels: {},
    commonAnnotations: {},
    externalURL: 'http://alertmanager:9093',
    alerts,
  };
}

describeEachDialect(
  'Alertmanager, Prometheus and Grafana endpoints',
  (server) => {
    it('webhook: each alert is its own, deduplicated by label set; resolved resolves', async () => {
      const { app } = server();
      const int = await buildIntegration(app, 'alertmanager');
      const a = { alertname: 'HighLatency', instance: 'web-1', severity: 'warning' };
      const b = { alertname: 'HighLatency', instance: 'web-2', severity: 'critical' };
      const first = await api(app, 'POST', `/integrations/alertmanager/${int.key}`, {
        token: null,
        body: webhook([amAlert(a, 'firing'), amAlert(b, 'firing')]),
      });
      assert.equal(first.status, 200, JSON.stringify(first.body));
      await api(app, 'POST', `/integrations/alertmanager/${int.key}`, {
        token: null,
        body: webhook([amAlert({ ...a }, 'firing')]),
      });
      let alerts = await api<List<Alert>>(app, 'GET', `/api/v1/alerts?service_id=${int.service_id}`);
      assert.equal(alerts.body.data.length, 2);
      const web1 = alerts.body.data.find((x) => x.labels.instance === 'web-1')!;
      assert.equal(web1.occurrences, 2);
      assert.equal(web1.severity, 'warning');
      assert.equal(web1.summary, 'HighLatency on web-1');
      assert.equal(web1.ends_at, null);

      await api(app, 'POST', `/integrations/alertmanager/${int.key}`, {
        token: null,
        body: webhook([amAlert(a, 'resolved')]),
      });
      alerts = await api(app, 'GET', `/api/v1/alerts?service_id=${int.service_id}&label=instance%3Dweb-1`);
      assert.equal(alerts.body.data.length, 1);
      assert.equal(alerts.body.data[0]!.status, 'resolved');
      const open = await api<List<Alert>>(
        app,
        'GET',
        `/api/v1/alerts?service_id=${int.service_id}&status=triggered`,
      );
      assert.deepEqual(
        open.body.data.map((x) => x.labels.instance),
        ['web-2'],
      );
    });

    it('API v2 (Prometheus): key as Bearer or in the path; endsAt in the past resolves; a passed endsAt resolves on its own', async () => {
      const { app, tdb, dialect } = server();
      const int = await buildIntegration(app, 'alertmanager');
      const labels = { alertname: 'Down', instance: 'api-1', job: 'api' };
      const post = (body: unknown, viaPath: boolean) =>
        viaPath
          ? api(app, 'POST', `/integrations/${int.key}/api/v2/alerts`, { token: null, body })
          : api(app, 'POST', '/api/v2/alerts', { token: int.key, body });
      const future = new Date(clock.now() + 4 * 60_000).toISOString();
      const r1 = await post(
        [
          {
            labels,
            annotations: { description: 'api-1 down' },
            startsAt: '2026-11-25T11:58:00Z',
            endsAt: future,
          },
        ],
        false,
      );
      assert.equal(r1.status, 200);
      assert.equal(r1.body, '');
      await post([{ labels, annotations: {}, endsAt: future }], true);
      let alerts = await api<List<Alert>>(app, 'GET', `/api/v1/alerts?service_id=${int.service_id}`);
      assert.equal(alerts.body.data.length, 1);
      assert.equal(alerts.body.data[0]!.occurrences, 2);
      assert.equal(alerts.body.data[0]!.ends_at, future);

      // Prometheus stops sending (rule deleted): the engine resolves it once endsAt passes.
      clock.advance(5 * 60_000);
      const handled = await runDueTimers({ db: tdb.db, dialect, clock });
      assert.ok(handled >= 1);
      alerts = await api(app, 'GET', `/api/v1/alerts?service_id=${int.service_id}`);
      assert.equal(alerts.body.data[0]!.status, 'resolved');

      // A new firing, then Prometheus's own resolve (endsAt in the past).
      await post([{ labels, endsAt: new Date(clock.now() + 60_000).toISOString() }], false);
      await post([{ labels, endsAt: new Date(clock.now() - 1000).toISOString() }], false);
      alerts = await api(app, 'GET', `/api/v1/alerts?service_id=${int.service_id}&status=resolved`);
      assert.equal(alerts.body.data.length, 2);

      const noKey = await api(app, 'POST', '/api/v2/alerts', { token: null, body: [{ labels }] });
      assert.equal(noKey.status, 401);
      const badKey = await api(app, 'POST', '/api/v2/alerts', { token: '0'.repeat(32), body: [{ labels }] });
      assert.equal(badKey.status, 404);
    });

    it('rejects malformed alert lists with 400 naming the field', async () => {
      const { app } = server();
      const int = await buildIntegration(app, 'alertmanager');
      const cases: [string, unknown, RegExp][] = [
        [`/integrations/alertmanager/${int.key}`, { alerts: 'nope' }, /'alerts' must be an array/],
        [
          `/integrations/alertmanager/${int.key}`,
          webhook([{ status: 'firing', labels: { a: 1 } }]),
          /'alerts\.0\.labels\.a' must be a string/,
        ],
        [
          `/integrations/alertmanager/${int.key}`,
          webhook([{ status: 'weird', labels: { a: 'b' } }]),
          /'alerts\.0\.status' must be firing or resolved/,
        ],
        [
          `/integrations/alertmanager/${int.key}`,
          webhook([{ status: 'firing', labels: {} }]),
          /'alerts\.0\.labels' is missing or empty/,
        ],
        [
          `/integrations/${int.key}/api/v2/alerts`,
          [{ labels: { a: 'b' }, endsAt: 'soon' }],
          /'body\.0\.endsAt' is not a valid timestamp/,
        ],
        [`/integrations/${int.key}/api/v2/alerts`, { labels: {} }, /'body' must be an array/],
      ];
      for (const [url, body, message] of cases) {
        const res = await api<{ error: { message: string } } | string>(app, 'POST', url, {
          token: null,
          body,
        });
        assert.equal(res.status, 400, `${url} ${JSON.stringify(body)}`);
        // Alertmanager's API v2 answers errors as a bare JSON string, as its clients decode them.
        const text = typeof res.body === 'string' ? res.body : res.body.error.message;
        if (url.includes('/api/v2/')) assert.equal(typeof res.body, 'string');
        assert.match(text, message);
      }
      const unknown = await api(app, 'POST', `/integrations/alertmanager/${'f'.repeat(32)}`, {
        token: null,
        body: webhook([]),
      });
      assert.equal(unknown.status, 404);
    });

    it('Grafana webhook: alerts with dashboard links, deduplicated by labels', async () => {
      const { app } = server();
      const int = await buildIntegration(app, 'grafana');
      const body = {
        receiver: 'tocsin',
        status: 'firing',
        orgId: 1,
        alerts: [
          {
            status: 'firing',
            labels: { alertname: 'CPU', grafana_folder: 'infra', severity: 'critical' },
            annotations: { summary: 'CPU above 90%' },
            startsAt: '2026-11-25T11:00:00Z',
            endsAt: '0001-01-01T00:00:00Z',
            generatorURL: 'http://grafana/alerting/grafana/abc/view',
            fingerprint: 'c6eadffa33fcdf37',
            silenceURL: 'http://grafana/alerting/silence/new',
            dashboardURL: 'http://grafana/d/abc',
            panelURL: 'http://grafana/d/abc?viewPanel=1',
            values: { B: 91.5 },
            valueString: '[ var=B value=91.5 ]',
          },
        ],
        groupLabels: { alertname: 'CPU' },
        commonLabels: {},
        commonAnnotations: {},
        externalURL: 'http://grafana/',
        version: '1',
        groupKey: '{}:{alertname="CPU"}',
        truncatedAlerts: 0,
        title: '[FIRING:1] CPU',
        state: 'alerting',
        message: 'CPU above 90%',
      };
      assert.equal(
        (await api(app, 'POST', `/integrations/grafana/${int.key}`, { token: null, body })).status,
        200,
      );
      assert.equal(
        (await api(app, 'POST', `/integrations/grafana/${int.key}`, { token: null, body })).status,
        200,
      );
      const alerts = await api<List<Alert & { links: { text: string }[] }>>(
        app,
        'GET',
        `/api/v1/alerts?service_id=${int.service_id}`,
      );
      assert.equal(alerts.body.data.length, 1);
      assert.equal(alerts.body.data[0]!.occurrences, 2);
      assert.equal(alerts.body.data[0]!.severity, 'critical');
      assert.deepEqual(
        alerts.body.data[0]!.links.map((l) => l.text),
        ['Source', 'dashboard', 'panel', 'silence'],
      );
    });

    it('silences and maintenance windows store matching alerts as suppressed and open no incident', async () => {
      const { app } = server();
      const svc = await buildService(app);
      const int = await buildIntegration(app, 'alertmanager', {}, svc.id);
      const silence = await api<{ id: string }>(app, 'POST', '/api/v1/silences', {
        body: { matchers: ['instance="db-9"'], duration_minutes: 60, comment: 'rebuilding db-9' },
      });
      assert.equal(silence.status, 201, JSON.stringify(silence.body));
      await api(app, 'POST', `/integrations/alertmanager/${int.key}`, {
        token: null,
        body: webhook([
          amAlert({ alertname: 'X', instance: 'db-9' }, 'firing'),
          amAlert({ alertname: 'X', instance: 'db-8' }, 'firing'),
        ]),
      });
      const alerts = await api<List<Alert>>(app, 'GET', `/api/v1/alerts?service_id=${svc.id}`);
      const db9 = alerts.body.data.find((a) => a.labels.instance === 'db-9')!;
      const db8 = alerts.body.data.find((a) => a.labels.instance === 'db-8')!;
      assert.equal(db9.status, 'suppressed');
      assert.equal(db9.suppressed_by, `silence:${silence.body.id}`);
      assert.equal(db9.incident_id, null);
      assert.equal(db8.status, 'triggered');
      assert.ok(db8.incident_id);

      const svc2 = await buildService(app);
      const int2 = await buildIntegration(app, 'events-v2', {}, svc2.id);
      const mw = await api<{ id: string }>(app, 'POST', '/api/v1/maintenance-windows', {
        body: { name: `mw ${svc2.id}`, service_ids: [svc2.id], duration_minutes: 30 },
      });
      assert.equal(mw.status, 201, JSON.stringify(mw.body));
      await api(app, 'POST', '/v2/enqueue', {
        token: null,
        body: {
          routing_key: int2.key,
          event_action: 'trigger',
          payload: { summary: 's', source: 'x', severity: 'critical' },
        },
      });
      const a2 = await api<List<Alert>>(app, 'GET', `/api/v1/alerts?service_id=${svc2.id}`);
      assert.equal(a2.body.data[0]!.status, 'suppressed');
      assert.equal(a2.body.data[0]!.suppressed_by, `maintenance:${mw.body.id}`);
      const inc = await api<List<unknown>>(app, 'GET', `/api/v1/incidents?service_id=${svc2.id}`);
      assert.equal(inc.body.data.length, 0);
    });

    it('a suppressed alert that keeps firing after its silence ends starts paging', async () => {
      const { app } = server();
      const svc = await buildService(app);
      const int = await buildIntegration(app, 'alertmanager', {}, svc.id);
      const silence = await api<{ id: string }>(app, 'POST', '/api/v1/silences', {
        body: { service_id: svc.id, duration_minutes: 30, comment: 'deploy' },
      });
      assert.equal(silence.status, 201);
      const fire = () =>
        api(app, 'POST', `/integrations/alertmanager/${int.key}`, {
          token: null,
          body: webhook([amAlert({ alertname: 'Y', instance: 'z-1' }, 'firing')]),
        });
      assert.equal((await fire()).status, 200);
      let list = await api<List<Alert>>(app, 'GET', `/api/v1/alerts?service_id=${svc.id}`);
      assert.equal(list.body.data[0]!.status, 'suppressed');
      clock.advance(31 * 60_000);
      assert.equal((await fire()).status, 200);
      list = await api(app, 'GET', `/api/v1/alerts?service_id=${svc.id}`);
      assert.equal(list.body.data.length, 1);
      assert.equal(list.body.data[0]!.status, 'triggered');
      assert.equal(list.body.data[0]!.suppressed_by, null);
      const incidents = await api<List<{ id: string; alert_count: number }>>(
        app,
        'GET',
        `/api/v1/incidents?service_id=${svc.id}`,
      );
      assert.equal(incidents.body.data.length, 1);
      assert.equal(list.body.data[0]!.incident_id, incidents.body.data[0]!.id);
      assert.equal(incidents.body.data[0]!.alert_count, 1);
    });
  },
  { clock: () => clock },
);
