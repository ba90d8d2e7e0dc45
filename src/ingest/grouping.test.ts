import assert from 'node:assert/strict';
import { it } from 'node:test';
import { buildIntegration, buildService } from '../../test/factories.ts';
import { api, describeEachDialect } from '../../test/harness.ts';

type Incident = { id: string; alert_count: number; status: string };
type Alert = { id: string; incident_id: string | null; labels: Record<string, string> };

describeEachDialect('grouping alerts into incidents', (server) => {
  const send = (key: string, alerts: Record<string, string>[]) =>
    api(server().app, 'POST', `/integrations/${key}/api/v2/alerts`, {
      token: null,
      body: alerts.map((labels) => ({ labels, annotations: { summary: labels.alertname ?? 'x' } })),
    });

  it('by label set: alerts with the same cluster and alertname share one incident', async () => {
    const { app } = server();
    const svc = await buildService(app, {
      alert_grouping: { mode: 'labels', labels: ['cluster', 'alertname'], window_minutes: 30 },
    });
    const int = await buildIntegration(app, 'alertmanager', {}, svc.id);
    await send(int.key, [
      { alertname: 'Down', cluster: 'eu', instance: 'a' },
      { alertname: 'Down', cluster: 'eu', instance: 'b' },
      { alertname: 'Down', cluster: 'us', instance: 'c' },
    ]);
    await send(int.key, [{ alertname: 'Down', cluster: 'eu', instance: 'd' }]);
    const incidents = await api<{ data: Incident[] }>(app, 'GET', `/api/v1/incidents?service_id=${svc.id}`);
    assert.deepEqual(incidents.body.data.map((i) => i.alert_count).sort(), [1, 3]);
    const alerts = await api<{ data: Alert[] }>(app, 'GET', `/api/v1/alerts?service_id=${svc.id}`);
    const eu = alerts.body.data.filter((a) => a.labels.cluster === 'eu');
    assert.equal(new Set(eu.map((a) => a.incident_id)).size, 1);
    // The alert that joined later is on the incident's timeline.
    const timeline = await api<{ data: { kind: string; message: string }[] }>(
      app,
      'GET',
      `/api/v1/incidents/${eu[0]!.incident_id}/timeline`,
    );
    const attached = timeline.body.data.filter((e) => e.kind === 'alert_attached');
    assert.deepEqual(
      attached.map((e) => e.message),
      ['Alert attached: Down'],
    );
  });

  it('by dedup key (default): each distinct alert opens its own incident', async () => {
    const { app } = server();
    const int = await buildIntegration(app, 'alertmanager');
    await send(int.key, [{ alertname: 'A' }, { alertname: 'B' }]);
    const incidents = await api<{ data: Incident[] }>(
      app,
      'GET',
      `/api/v1/incidents?service_id=${int.service_id}`,
    );
    assert.equal(incidents.body.data.length, 2);
  });

  it('storm guard: above the threshold per minute, new alerts join the open incident', async () => {
    const { app } = server();
    const svc = await buildService(app, {
      alert_grouping: { mode: 'dedup_key', storm_threshold_per_minute: 3 },
    });
    const int = await buildIntegration(app, 'alertmanager', {}, svc.id);
    await send(
      int.key,
      Array.from({ length: 10 }, (_, i) => ({ alertname: `A${i}` })),
    );
    const incidents = await api<{ data: Incident[] }>(app, 'GET', `/api/v1/incidents?service_id=${svc.id}`);
    // Three page on their own; the other seven join an open incident instead of paging again.
    assert.equal(incidents.body.data.length, 3);
    assert.equal(
      incidents.body.data.reduce((n, i) => n + i.alert_count, 0),
      10,
    );
  });

  it('rejects bad grouping rules with 400', async () => {
    const { app } = server();
    const svc = await buildService(app);
    const res = await api<{ error: { message: string } }>(app, 'PATCH', `/api/v1/services/${svc.id}`, {
      body: { alert_grouping: { mode: 'labels', labels: [], window_minutes: 5 } },
    });
    assert.equal(res.status, 400);
    assert.match(res.body.error.message, /alert_grouping/);
  });
});
