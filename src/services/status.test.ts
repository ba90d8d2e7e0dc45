import assert from 'node:assert/strict';
import { it } from 'node:test';
import {
  auditActions,
  buildEscalationPolicy,
  buildIntegration,
  buildSchedule,
  buildService,
  buildTeamWithMembers,
  buildUser,
  uniqueName,
} from '../../test/factories.ts';
import { api, describeEachDialect } from '../../test/harness.ts';
import type { ServiceView } from './schemas.ts';

type ErrorBody = { error: { code: string; message: string } };
type Sent = { alert_id: string; incident_ref: string };

/**
 * GET /services?include=status (the services list in one request) and the delete refusal for a
 * service with incidents.
 */
describeEachDialect('service status and delete', (server) => {
  const testAlert = async (integrationId: string) => {
    const res = await api<Sent>(server().app, 'POST', `/api/v1/integrations/${integrationId}/test`);
    assert.equal(res.status, 201, JSON.stringify(res.body));
    return res.body;
  };

  it('last alert counts the repeats of an open alert, not only new ones', async () => {
    const { app } = server();
    const service = await buildService(app, { name: uniqueName('repeats') });
    const int = await buildIntegration(app, 'events-v2', {}, service.id);
    const send = async () => {
      const res = await api<{ dedup_key: string }>(app, 'POST', '/v2/enqueue', {
        token: null,
        body: {
          routing_key: int.key,
          event_action: 'trigger',
          dedup_key: 'still-firing',
          payload: { summary: 'Queue backlog', source: 'q-1', severity: 'warning' },
        },
      });
      assert.equal(res.status, 202, JSON.stringify(res.body));
    };
    await send();
    await new Promise((r) => setTimeout(r, 20));
    await send();
    const alerts = await api<{ data: { received_at: string; last_seen_at: string }[] }>(
      app,
      'GET',
      `/api/v1/alerts?service_id=${service.id}`,
    );
    assert.equal(alerts.body.data.length, 1, 'the repeat folded into the open alert');
    const alert = alerts.body.data[0]!;
    assert.ok(alert.last_seen_at > alert.received_at);
    const res = await api<{ data: ServiceView[] }>(
      app,
      'GET',
      `/api/v1/services?q=${encodeURIComponent(service.name)}&include=status`,
    );
    assert.equal(res.body.data[0]?.status?.last_alert_at, alert.last_seen_at);
  });

  it("lists open incidents, last alert and the first level's people on call now", async () => {
    const { app } = server();
    const { team, users } = await buildTeamWithMembers(app, 2);
    const [onSchedule, member] = users;
    const direct = await buildUser(app);
    const later = await buildUser(app);
    const schedule = await buildSchedule(app, team.id, [onSchedule!.id]);
    const policy = await buildEscalationPolicy(app, {
      levels: [
        {
          delay_minutes: 5,
          targets: [
            { type: 'user', id: direct.id },
            { type: 'schedule', id: schedule.id },
            { type: 'team', id: team.id },
            { type: 'schedule_round_robin', id: schedule.id },
          ],
        },
        { delay_minutes: 5, targets: [{ type: 'user', id: later.id }] },
      ],
    });
    const tag = uniqueName('status').replace(' ', '-');
    const paging = await buildService(app, { name: `${tag} a`, escalation_policy_id: policy.id });
    const quiet = await buildService(app, { name: `${tag} b` });
    const int = await buildIntegration(app, 'events-v2', {}, paging.id);
    const first = await testAlert(int.id);
    const second = await testAlert(int.id);
    const resolved = await api(app, 'POST', `/api/v1/incidents/${first.incident_ref}/resolve`);
    assert.equal(resolved.status, 200, JSON.stringify(resolved.body));
    const lastAlert = await api<{ received_at: string }>(app, 'GET', `/api/v1/alerts/${second.alert_id}`);

    const res = await api<{ data: ServiceView[] }>(app, 'GET', `/api/v1/services?q=${tag}&include=status`);
    assert.equal(res.status, 200, JSON.stringify(res.body));
    const byId = new Map(res.body.data.map((s) => [s.id, s]));
    assert.deepEqual(byId.get(paging.id)?.status, {
      open_incidents: 1,
      last_alert_at: lastAlert.body.received_at,
      on_call_now: [
        { type: 'user', id: direct.id, name: direct.name },
        { type: 'user', id: onSchedule!.id, name: onSchedule!.name },
        { type: 'team', id: team.id, name: team.name },
        { type: 'round_robin', id: schedule.id, name: schedule.name },
      ],
    });
    assert.deepEqual(byId.get(quiet.id)?.status, {
      open_incidents: 0,
      last_alert_at: null,
      on_call_now: null,
    });
    assert.ok(member, 'the team has a second member, who is named only through the team');

    // Without include=status the list is as before.
    const plain = await api<{ data: ServiceView[] }>(app, 'GET', `/api/v1/services?q=${tag}`);
    assert.equal(plain.body.data[0]?.status, undefined);
    const bad = await api<ErrorBody>(app, 'GET', '/api/v1/services?include=everything');
    assert.equal(bad.status, 400);
    assert.match(bad.body.error.message, /include/);
  });

  it('leaves deactivated people out of on call now; counts incidents that also affect a service', async () => {
    const { app } = server();
    const { team, users } = await buildTeamWithMembers(app, 1);
    const gone = await buildUser(app);
    const stays = await buildUser(app);
    const schedule = await buildSchedule(app, team.id, [users[0]!.id]);
    const policy = await buildEscalationPolicy(app, {
      levels: [
        {
          delay_minutes: 5,
          targets: [
            { type: 'user', id: gone.id },
            { type: 'user', id: stays.id },
            { type: 'schedule', id: schedule.id },
          ],
        },
      ],
    });
    for (const id of [gone.id, users[0]!.id])
      assert.equal((await api(app, 'POST', `/api/v1/users/${id}/deactivate`)).status, 200);
    const tag = uniqueName('status').replace(' ', '-');
    const main = await buildService(app, { name: `${tag} main`, escalation_policy_id: policy.id });
    const also = await buildService(app, { name: `${tag} also` });
    const declared = await api<{ number: number }>(app, 'POST', '/api/v1/incidents', {
      body: { title: 'Checkout down', service_ids: [main.id, also.id], severity: 'SEV2' },
    });
    assert.equal(declared.status, 201, JSON.stringify(declared.body));

    const res = await api<{ data: ServiceView[] }>(app, 'GET', `/api/v1/services?q=${tag}&include=status`);
    const byId = new Map(res.body.data.map((s) => [s.id, s]));
    assert.deepEqual(byId.get(main.id)?.status?.on_call_now, [
      { type: 'user', id: stays.id, name: stays.name },
    ]);
    assert.equal(byId.get(main.id)?.status?.open_incidents, 1);
    assert.equal(byId.get(also.id)?.status?.open_incidents, 1, 'the incident affects it too');
    // Deleting it would strip it from that incident's history (incident_services cascades).
    const refused = await api<ErrorBody>(app, 'DELETE', `/api/v1/services/${also.id}`);
    assert.equal(refused.status, 409, JSON.stringify(refused.body));
    assert.match(refused.body.error.message, /has 1 incident \(1 open\)/);
  });

  it('refuses to delete a service with incidents, saying how many are open', async () => {
    const { app } = server();
    const service = await buildService(app);
    const int = await buildIntegration(app, 'events-v2', {}, service.id);
    const sent = await testAlert(int.id);
    await testAlert(int.id);
    await api(app, 'POST', `/api/v1/incidents/${sent.incident_ref}/resolve`);
    const res = await api<ErrorBody>(app, 'DELETE', `/api/v1/services/${service.id}`);
    assert.equal(res.status, 409);
    assert.equal(
      res.body.error.message,
      `service ${JSON.stringify(service.name)} has 2 incidents (1 open), which keep their service; disable its integrations instead to stop new alerts`,
    );
    assert.equal((await api(app, 'GET', `/api/v1/integrations/${int.id}`)).status, 200);
    assert.deepEqual(await auditActions(app, 'service', service.id), ['service.create']);
  });

  it('deleting a service without incidents deletes its integrations: their keys stop working', async () => {
    const { app } = server();
    const service = await buildService(app);
    const int = await buildIntegration(app, 'events-v2', {}, service.id);
    assert.equal((await api(app, 'DELETE', `/api/v1/services/${service.id}`)).status, 204);
    assert.equal((await api(app, 'GET', `/api/v1/integrations/${int.id}`)).status, 404);
    const sent = await api(app, 'POST', '/v2/enqueue', {
      token: null,
      body: {
        routing_key: int.key,
        event_action: 'trigger',
        payload: { summary: 'x', source: 'y', severity: 'info' },
      },
    });
    assert.equal(sent.status, 400, JSON.stringify(sent.body));
  });
});
