import assert from 'node:assert/strict';
import { it } from 'node:test';
import { buildIncident, buildUser, homeTeamFor, tokenFor } from '../../test/factories.ts';
import { api, describeEachDialect } from '../../test/harness.ts';

type Incident = {
  id: string;
  ref: string;
  number: number;
  status: string;
  acknowledged_by: { type: string; id: string; name: string } | null;
};
type Alert = { id: string; status: string; incident_id: string };

describeEachDialect('incidents and alerts API', (server) => {
  async function openIncident(app: Parameters<typeof api>[0]) {
    const opened = await buildIncident(app, {
      title: 'Boom',
      source: 's',
      alertSeverity: 'error',
      dedupKey: 'x',
    });
    return { incident: opened.incident, int: opened.integration! };
  }

  it('acknowledge is first-wins (409 for the second) and acknowledges the alerts; resolve resolves them', async () => {
    const { app } = server();
    const responder = await buildUser(app, { role: 'responder' });
    const token = await tokenFor(app, responder.id);
    await homeTeamFor(app, [responder.id]);
    const { incident, int } = await openIncident(app);
    const [a, b] = await Promise.all([
      api<Incident>(app, 'POST', `/api/v1/incidents/${incident.id}/acknowledge`, { token }),
      api<Incident>(app, 'POST', `/api/v1/incidents/${incident.ref}/acknowledge`),
    ]);
    assert.deepEqual([a.status, b.status].sort(), [200, 409]);
    const got = await api<Incident>(app, 'GET', `/api/v1/incidents/${incident.ref}`);
    assert.equal(got.body.status, 'acknowledged');
    assert.equal(got.body.acknowledged_by!.type, 'user');
    assert.match(got.body.acknowledged_by!.id, /^usr_/);
    let alerts = await api<{ data: Alert[] }>(app, 'GET', `/api/v1/alerts?incident_id=${incident.id}`);
    assert.equal(alerts.body.data[0]!.status, 'acknowledged');

    const resolved = await api<Incident>(app, 'POST', `/api/v1/incidents/${incident.id}/resolve`, { token });
    assert.equal(resolved.status, 200);
    assert.equal(resolved.body.status, 'resolved');
    alerts = await api(app, 'GET', `/api/v1/alerts?service_id=${int.service_id}`);
    assert.equal(alerts.body.data[0]!.status, 'resolved');
    const again = await api<{ error: { message: string } }>(
      app,
      'POST',
      `/api/v1/incidents/${incident.id}/resolve`,
    );
    assert.equal(again.status, 409);
    assert.match(again.body.error.message, /already resolved/);
  });

  it('an alert can be acknowledged and resolved by a responder; the incident follows', async () => {
    const { app } = server();
    const { incident } = await openIncident(app);
    const alerts = await api<{ data: Alert[] }>(app, 'GET', `/api/v1/alerts?incident_id=${incident.id}`);
    const id = alerts.body.data[0]!.id;
    const ack = await api<Alert>(app, 'POST', `/api/v1/alerts/${id}/acknowledge`);
    assert.equal(ack.body.status, 'acknowledged');
    assert.equal((await api(app, 'POST', `/api/v1/alerts/${id}/acknowledge`)).status, 409);
    assert.equal(
      (await api<Incident>(app, 'GET', `/api/v1/incidents/${incident.id}`)).body.status,
      'acknowledged',
    );
    await api(app, 'POST', `/api/v1/alerts/${id}/resolve`);
    assert.equal(
      (await api<Incident>(app, 'GET', `/api/v1/incidents/${incident.id}`)).body.status,
      'resolved',
    );
  });

  it('viewers cannot act; unknown ids are 404; filters validate', async () => {
    const { app } = server();
    const { incident } = await openIncident(app);
    const viewer = await buildUser(app, { role: 'viewer' });
    const token = await tokenFor(app, viewer.id);
    assert.equal(
      (await api(app, 'POST', `/api/v1/incidents/${incident.id}/acknowledge`, { token })).status,
      403,
    );
    assert.equal((await api(app, 'GET', '/api/v1/incidents/INC-999999')).status, 404);
    assert.equal((await api(app, 'GET', '/api/v1/alerts?status=exploded')).status, 400);
    assert.equal((await api(app, 'GET', '/api/v1/alerts?label=nolabelvalue')).status, 400);
  });
});
