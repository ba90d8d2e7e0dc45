import assert from 'node:assert/strict';
import { it } from 'node:test';
import {
  auditActions,
  buildIncident,
  buildService,
  buildUser,
  homeTeamFor,
  tokenFor,
  uniqueName,
  viewerToken,
} from '../../../test/factories.ts';
import { type Answer, api, describeEachDialect } from '../../../test/harness.ts';
import type { App } from '../../platform/http/app.ts';
import type { ComponentChangeView, ComponentView } from '../components/schemas.ts';
import type { PublicIncidentView } from './schemas.ts';

type ErrorBody = { error: { code: string; message: string } };
type PageBody<T> = { data: T[]; next_cursor: string | null };

const URL = '/api/v1/status-page';
const MISSING = 'cmp_01JAAAAAAAAAAAAAAAAAAAAAAA';

async function component(app: App, body: Record<string, unknown> = {}): Promise<ComponentView> {
  const res = await api<ComponentView>(app, 'POST', `${URL}/components`, {
    body: { name: uniqueName('component'), ...body },
  });
  if (res.status !== 201) throw new Error(JSON.stringify(res.body));
  return res.body;
}

const statusOf = async (app: App, id: string) =>
  (await api<ComponentView>(app, 'GET', `${URL}/components/${id}`)).body.status;

function open(app: App, body: Record<string, unknown>, token?: string): Promise<Answer<PublicIncidentView>> {
  return api<PublicIncidentView>(app, 'POST', `${URL}/incidents`, {
    ...(token === undefined ? {} : { token }),
    body: { name: uniqueName('Elevated errors'), body: 'We are investigating.', ...body },
  });
}

function update(
  app: App,
  id: string,
  body: Record<string, unknown>,
  token?: string,
): Promise<Answer<PublicIncidentView>> {
  return api<PublicIncidentView>(app, 'POST', `${URL}/incidents/${id}/updates`, {
    ...(token === undefined ? {} : { token }),
    body: { body: 'An update.', ...body },
  });
}

describeEachDialect('public incidents API', (server) => {
  it('opens a standalone incident that sets its components, with history and affected components', async () => {
    const { app } = server();
    const responder = await buildUser(app, { role: 'responder' });
    const token = await tokenFor(app, responder.id);
    const api1 = await component(app);
    const web = await component(app);
    const res = await open(
      app,
      { components: { [api1.id]: 'major_outage', [web.id]: 'operational' } },
      token,
    );
    assert.equal(res.status, 201, JSON.stringify(res.body));
    const inc = res.body;
    assert.match(inc.id, /^spi_[0-9A-Z]{26}$/);
    assert.equal(inc.kind, 'incident');
    assert.equal(inc.status, 'investigating');
    assert.equal(inc.impact, 'critical', 'from the worst status it gives');
    assert.equal(inc.incident_id, null);
    assert.deepEqual(
      inc.components.map((c) => [c.id, c.status]),
      [
        [api1.id, 'major_outage'],
        [web.id, 'operational'],
      ],
    );
    assert.equal(inc.updates.length, 1);
    const first = inc.updates[0]!;
    assert.equal(first.status, 'investigating');
    assert.equal(first.deliver_notifications, true);
    assert.equal(first.created_by?.id, responder.id);
    assert.deepEqual(first.affected_components, [
      { code: api1.id, name: api1.name, old_status: 'operational', new_status: 'major_outage' },
    ]);
    assert.equal(await statusOf(app, api1.id), 'major_outage');
    const history = await api<PageBody<ComponentChangeView>>(
      app,
      'GET',
      `${URL}/components/${api1.id}/history`,
    );
    assert.deepEqual(
      history.body.data.map((h) => [h.status, h.status_incident_id]),
      [
        ['operational', null],
        ['major_outage', inc.id],
      ],
    );

    const monitoring = await update(app, inc.id, { status: 'monitoring' }, token);
    assert.equal(monitoring.status, 201, JSON.stringify(monitoring.body));
    assert.notEqual(monitoring.body.monitoring_at, null);
    assert.deepEqual(monitoring.body.updates[0]!.affected_components, []);
    const resolved = await update(app, inc.id, { status: 'resolved', deliver_notifications: false }, token);
    assert.equal(resolved.body.status, 'resolved');
    assert.notEqual(resolved.body.resolved_at, null);
    assert.equal(resolved.body.updates[0]!.deliver_notifications, false);
    assert.deepEqual(
      resolved.body.updates.map((u) => u.status),
      ['resolved', 'monitoring', 'investigating'],
      'newest first',
    );
    assert.deepEqual(resolved.body.updates[0]!.affected_components, [
      { code: api1.id, name: api1.name, old_status: 'major_outage', new_status: 'operational' },
    ]);
    assert.equal(await statusOf(app, api1.id), 'operational');
    assert.deepEqual(await auditActions(app, 'status_incident', inc.id), [
      'status_page.incident.create',
      'status_page.update.post',
      'status_page.update.post',
    ]);
  });

  it('gives a component the worst status of its open incidents, and returns it as they resolve', async () => {
    const { app } = server();
    const x = await component(app);
    const y = await component(app);
    const a = (await open(app, { components: { [x.id]: 'major_outage' } })).body;
    const b = (
      await open(app, { components: { [x.id]: 'degraded_performance', [y.id]: 'degraded_performance' } })
    ).body;
    assert.deepEqual(b.updates[0]!.affected_components, [
      { code: y.id, name: y.name, old_status: 'operational', new_status: 'degraded_performance' },
    ]);
    assert.equal(await statusOf(app, x.id), 'major_outage');
    assert.equal(await statusOf(app, y.id), 'degraded_performance');

    const aResolved = await update(app, a.id, { status: 'resolved' });
    assert.deepEqual(aResolved.body.updates[0]!.affected_components, [
      { code: x.id, name: x.name, old_status: 'major_outage', new_status: 'degraded_performance' },
    ]);
    assert.equal(await statusOf(app, x.id), 'degraded_performance');
    // A later update of B makes X worse; the closed A no longer counts.
    await update(app, b.id, { status: 'identified', components: { [x.id]: 'partial_outage' } });
    assert.equal(await statusOf(app, x.id), 'partial_outage');
    await update(app, b.id, { status: 'resolved' });
    assert.equal(await statusOf(app, x.id), 'operational');
    assert.equal(await statusOf(app, y.id), 'operational');

    const listed = await api<PageBody<PublicIncidentView>>(
      app,
      'GET',
      `${URL}/incidents?kind=incident&open=true`,
    );
    assert.equal(
      listed.body.data.some((i) => i.id === a.id || i.id === b.id),
      false,
    );
  });

  it('answers 400 naming the field for an unknown component or a status of the wrong kind', async () => {
    const { app } = server();
    const c = await component(app);
    const unknown = await open(app, { components: { [MISSING]: 'major_outage' } });
    assert.equal(unknown.status, 400);
    assert.match(
      (unknown.body as unknown as ErrorBody).error.message,
      new RegExp(`^body\\.components\\.${MISSING}: no component`),
    );
    const badStatus = await open(app, { components: { [c.id]: 'on_fire' } });
    assert.equal(badStatus.status, 400);
    assert.match((badStatus.body as unknown as ErrorBody).error.message, /^body\.components/);
    const inc = (await open(app, {})).body;
    const wrongKind = await update(app, inc.id, { status: 'in_progress' });
    assert.equal(wrongKind.status, 400);
    assert.match(
      (wrongKind.body as unknown as ErrorBody).error.message,
      /^body\.status: a incident takes one of/,
    );
    assert.equal((await update(app, 'spi_01JAAAAAAAAAAAAAAAAAAAAAAA', { status: 'resolved' })).status, 404);
  });

  it('publishes an internal incident once, on its services’ components, and notes it on its timeline', async () => {
    const { app } = server();
    const member = await buildUser(app, { role: 'responder' });
    const memberToken = await tokenFor(app, member.id);
    await homeTeamFor(app, [member.id]);
    const service = await buildService(app);
    const linked = await component(app, { service_id: service.id });
    const other = await component(app);
    const { incident } = await buildIncident(app, {
      from: 'declared',
      serviceId: service.id,
      severity: 'SEV1',
    });

    const outsider = await tokenFor(app, (await buildUser(app, { role: 'responder' })).id);
    const refused = await open(app, { incident_id: incident.id }, outsider);
    assert.equal(refused.status, 403, JSON.stringify(refused.body));

    const res = await open(app, { incident_id: incident.id, name: 'Search is degraded' }, memberToken);
    assert.equal(res.status, 201, JSON.stringify(res.body));
    assert.equal(res.body.incident_id, incident.id);
    assert.equal(res.body.name, 'Search is degraded');
    assert.deepEqual(
      res.body.components.map((c) => [c.id, c.status]),
      [[linked.id, 'major_outage']],
      'SEV1: its services’ components in major outage',
    );
    assert.equal(await statusOf(app, other.id), 'operational');

    const again = await open(app, { incident_id: incident.id });
    assert.equal(again.status, 409);
    assert.match((again.body as unknown as ErrorBody).error.message, new RegExp(res.body.id));

    assert.equal((await update(app, res.body.id, { status: 'identified' }, outsider)).status, 403);
    assert.equal((await update(app, res.body.id, { status: 'identified' }, memberToken)).status, 201);
    const timeline = await api<PageBody<{ kind: string; data: Record<string, unknown> }>>(
      app,
      'GET',
      `/api/v1/incidents/${incident.id}/timeline?limit=500`,
    );
    const entries = timeline.body.data.filter((e) => e.kind.startsWith('status_page_'));
    assert.deepEqual(
      entries.map((e) => [e.kind, e.data.status_incident_id, e.data.status]),
      [
        ['status_page_published', res.body.id, 'investigating'],
        ['status_page_updated', res.body.id, 'identified'],
      ],
    );
    const byIncident = await api<PageBody<PublicIncidentView>>(
      app,
      'GET',
      `${URL}/incidents?incident_id=${incident.id}`,
    );
    assert.deepEqual(
      byIncident.body.data.map((i) => i.id),
      [res.body.id],
    );
  });

  it('lets viewers only read, and only admins delete; deleting returns the components', async () => {
    const { app } = server();
    const c = await component(app);
    const viewer = await viewerToken(app);
    assert.equal((await open(app, {}, viewer)).status, 403);
    const inc = (await open(app, { components: { [c.id]: 'partial_outage' } })).body;
    assert.equal((await update(app, inc.id, { status: 'identified' }, viewer)).status, 403);
    const responder = await tokenFor(app, (await buildUser(app, { role: 'responder' })).id);
    const renamed = await api<PublicIncidentView>(app, 'PATCH', `${URL}/incidents/${inc.id}`, {
      token: responder,
      body: { name: 'Partial outage of the API', impact: 'major' },
    });
    assert.equal(renamed.status, 200, JSON.stringify(renamed.body));
    assert.equal(renamed.body.impact, 'major');
    assert.equal((await api(app, 'DELETE', `${URL}/incidents/${inc.id}`, { token: responder })).status, 403);
    assert.equal((await api(app, 'GET', `${URL}/incidents/${inc.id}`, { token: viewer })).status, 200);
    assert.equal((await api(app, 'DELETE', `${URL}/incidents/${inc.id}`)).status, 204);
    assert.equal(await statusOf(app, c.id), 'operational');
    assert.deepEqual(await auditActions(app, 'status_incident', inc.id), [
      'status_page.incident.create',
      'status_page.incident.update',
      'status_page.incident.delete',
    ]);
  });
});
