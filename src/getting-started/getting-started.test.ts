import assert from 'node:assert/strict';
import { it } from 'node:test';
import {
  addMember,
  buildEscalationPolicy,
  buildIntegration,
  buildSchedule,
  buildService,
  buildTeam,
  buildUser,
  tokenFor,
} from '../../test/factories.ts';
import { api, describeEachDialect } from '../../test/harness.ts';
import type { App } from '../platform/http/app.ts';
import type { GettingStartedStepKey, GettingStartedView } from './schemas.ts';

async function checklist(app: App): Promise<Record<GettingStartedStepKey, [boolean, string | null]>> {
  const res = await api<GettingStartedView>(app, 'GET', '/api/v1/getting-started');
  assert.equal(res.status, 200, JSON.stringify(res.body));
  assert.equal(res.body.total, res.body.steps.length);
  assert.equal(res.body.done, res.body.steps.filter((s) => s.done).length);
  return Object.fromEntries(res.body.steps.map((s) => [s.key, [s.done, s.id]])) as Record<
    GettingStartedStepKey,
    [boolean, string | null]
  >;
}

/** The tests share one fresh database and build the set-up in order, checking each step as it ticks. */
describeEachDialect('getting started API', (server) => {
  let teamId: string;
  let userId: string;
  let policyId: string;
  let serviceId: string;
  let key: string;

  it('lists every step undone, in order, on a fresh install', async () => {
    const res = await api<GettingStartedView>(server().app, 'GET', '/api/v1/getting-started');
    assert.equal(res.status, 200);
    assert.deepEqual(res.body, {
      steps: ['team', 'person', 'schedule', 'escalation_policy', 'service', 'integration', 'test_alert'].map(
        (key) => ({ key, done: false, id: null }),
      ),
      done: 0,
      total: 7,
    });
  });

  it('is for admins only: a responder and a viewer get 403', async () => {
    const { app } = server();
    for (const role of ['responder', 'viewer'] as const) {
      const user = await buildUser(app, { role });
      const res = await api(app, 'GET', '/api/v1/getting-started', { token: await tokenFor(app, user.id) });
      assert.equal(res.status, 403, role);
    }
    assert.equal((await api(app, 'GET', '/api/v1/getting-started', { token: null })).status, 401);
  });

  it('ticks team, person, schedule and policy as each is made, linking the first one', async () => {
    const { app } = server();
    teamId = (await buildTeam(app)).id;
    const first = await checklist(app);
    assert.deepEqual(first.team, [true, teamId]);
    // The users made above have no contact method: nobody can be reached yet.
    assert.deepEqual(first.person, [false, null]);

    const gone = (await buildUser(app)).id;
    const goneCm = await api(app, 'POST', `/api/v1/users/${gone}/contact-methods`, {
      body: { type: 'webhook', address: 'http://127.0.0.1:9/gone' },
    });
    assert.equal(goneCm.status, 201, JSON.stringify(goneCm.body));
    const off = await api(app, 'POST', `/api/v1/users/${gone}/deactivate`, {});
    assert.equal(off.status, 200, JSON.stringify(off.body));
    assert.deepEqual((await checklist(app)).person, [false, null], 'a deactivated person cannot be reached');

    userId = (await buildUser(app)).id;
    const cm = await api(app, 'POST', `/api/v1/users/${userId}/contact-methods`, {
      body: { type: 'webhook', address: 'http://127.0.0.1:9/hook' },
    });
    assert.equal(cm.status, 201, JSON.stringify(cm.body));
    await buildTeam(app);
    const second = await checklist(app);
    assert.deepEqual(second.person, [true, userId]);
    assert.deepEqual(second.team, [true, teamId], 'still the first team');

    await addMember(app, teamId, userId);
    const schedule = await buildSchedule(app, teamId, [userId]);
    const policy = await buildEscalationPolicy(app, {
      levels: [{ delay_minutes: 5, targets: [{ type: 'schedule', id: schedule.id }] }],
    });
    policyId = policy.id;
    const third = await checklist(app);
    assert.deepEqual(third.schedule, [true, schedule.id]);
    assert.deepEqual(third.escalation_policy, [true, policy.id]);
    assert.deepEqual(third.service, [false, null]);
  });

  it('counts a service only once it has an escalation policy, and an enabled integration', async () => {
    const { app } = server();
    serviceId = (await buildService(app, { team_id: teamId })).id;
    assert.deepEqual((await checklist(app)).service, [false, serviceId], 'links the service to finish');
    const set = await api(app, 'PATCH', `/api/v1/services/${serviceId}`, {
      body: { escalation_policy_id: policyId },
    });
    assert.equal(set.status, 200, JSON.stringify(set.body));
    assert.deepEqual((await checklist(app)).service, [true, serviceId]);

    const integration = await buildIntegration(app, 'events-v2', {}, serviceId);
    key = integration.key;
    assert.deepEqual((await checklist(app)).integration, [true, serviceId]);
    const off = await api(app, 'PATCH', `/api/v1/integrations/${integration.id}`, {
      body: { enabled: false },
    });
    assert.equal(off.status, 200, JSON.stringify(off.body));
    assert.deepEqual((await checklist(app)).integration, [false, null], 'a disabled one takes no alerts');
    await api(app, 'PATCH', `/api/v1/integrations/${integration.id}`, { body: { enabled: true } });
    assert.deepEqual((await checklist(app)).integration, [true, serviceId]);
  });

  it('ticks the test alert when an incident an integration opened is acknowledged, not a declared one', async () => {
    const { app } = server();
    const declared = await api<{ id: string }>(app, 'POST', '/api/v1/incidents', {
      body: { title: 'Declared by hand', service_ids: [serviceId], severity: 'SEV3' },
    });
    assert.equal(declared.status, 201, JSON.stringify(declared.body));
    await api(app, 'POST', `/api/v1/incidents/${declared.body.id}/acknowledge`, { body: {} });
    assert.deepEqual((await checklist(app)).test_alert, [false, null]);

    const sent = await api(app, 'POST', '/v2/enqueue', {
      token: null,
      body: {
        routing_key: key,
        event_action: 'trigger',
        payload: { summary: 'Test alert', source: 'test', severity: 'critical' },
      },
    });
    assert.equal(sent.status, 202, JSON.stringify(sent.body));
    const list = await api<{ data: { id: string; title: string }[] }>(
      app,
      'GET',
      `/api/v1/incidents?service_id=${serviceId}&status=triggered`,
    );
    const incident = list.body.data.find((i) => i.title === 'Test alert');
    assert.ok(incident, JSON.stringify(list.body));
    assert.deepEqual(
      (await checklist(app)).test_alert,
      [false, incident.id],
      'links the incident to acknowledge',
    );

    // Resolved without an acknowledgement answers the page too.
    const again = await api(app, 'POST', '/v2/enqueue', {
      token: null,
      body: {
        routing_key: key,
        event_action: 'trigger',
        dedup_key: 'second-test',
        payload: { summary: 'Second test alert', source: 'test', severity: 'critical' },
      },
    });
    assert.equal(again.status, 202, JSON.stringify(again.body));
    const second = (
      await api<{ data: { id: string; title: string }[] }>(
        app,
        'GET',
        `/api/v1/incidents?service_id=${serviceId}&status=triggered`,
      )
    ).body.data.find((i) => i.title === 'Second test alert');
    assert.ok(second);
    const resolved = await api(app, 'POST', `/api/v1/incidents/${second.id}/resolve`, { body: {} });
    assert.equal(resolved.status, 200, JSON.stringify(resolved.body));
    assert.deepEqual((await checklist(app)).test_alert, [true, second.id]);

    const ack = await api(app, 'POST', `/api/v1/incidents/${incident.id}/acknowledge`, { body: {} });
    assert.equal(ack.status, 200, JSON.stringify(ack.body));
    const done = await api<GettingStartedView>(app, 'GET', '/api/v1/getting-started');
    assert.deepEqual(done.body.steps.at(-1), { key: 'test_alert', done: true, id: incident.id });
    assert.equal(done.body.done, 7);
  });
});
