import assert from 'node:assert/strict';
import { it } from 'node:test';
import {
  addMember,
  auditActions,
  buildEscalationPolicy,
  buildIntegration,
  buildService,
  buildTeam,
  buildUser,
  tokenFor,
  viewerToken,
} from '../../test/factories.ts';
import { api, describeEachDialect } from '../../test/harness.ts';
import { INTEGRATION_TYPES } from '../integrations/schemas.ts';
import type { TestAlertResult } from './schemas.ts';

type AlertBody = {
  id: string;
  service_id: string;
  integration_id: string | null;
  summary: string;
  severity: string;
  status: string;
  labels: Record<string, string>;
  incident_id: string | null;
};
type ErrorBody = { error: { code: string; message: string } };

/**
 * POST /api/v1/integrations/:id/test: a test alert through the integration's own adapter and the
 * ingest pipeline, marked as a test, paging as a real alert would, audited as its sender.
 */
describeEachDialect('test alerts', (server) => {
  const send = (id: string, token?: string) =>
    api<TestAlertResult & ErrorBody>(server().app, 'POST', `/api/v1/integrations/${id}/test`, {
      ...(token === undefined ? {} : { token }),
    });
  const alert = async (id: string) =>
    (await api<AlertBody>(server().app, 'GET', `/api/v1/alerts/${id}`)).body;

  for (const type of INTEGRATION_TYPES) {
    it(`${type}: opens a marked alert and an incident on the integration's service`, async () => {
      const { app } = server();
      const policy = await buildEscalationPolicy(app);
      const service = await buildService(app, { escalation_policy_id: policy.id });
      const int = await buildIntegration(app, type, {}, service.id);
      const res = await send(int.id);
      assert.equal(res.status, 201, JSON.stringify(res.body));
      assert.equal(res.body.outcome, 'created');
      assert.match(res.body.incident_ref ?? '', /^INC-\d+$/);
      const a = await alert(res.body.alert_id!);
      assert.equal(a.service_id, service.id);
      assert.equal(a.integration_id, int.id);
      assert.equal(a.severity, 'critical');
      assert.match(a.summary, /^Test alert from Tocsin/);
      assert.equal(a.labels.tocsin_test, 'true', 'marked by its label');
      assert.equal(a.incident_id, res.body.incident_id);
      const incident = await api<{ ref: string; title: string }>(
        app,
        'GET',
        `/api/v1/incidents/${res.body.incident_ref}`,
      );
      assert.equal(incident.status, 200, JSON.stringify(incident.body));
      assert.match(incident.body.title, /^Test alert from Tocsin/);

      // Each test is a new alert, not a repeat of the last one.
      const again = await send(int.id);
      assert.equal(again.body.outcome, 'created');
      assert.notEqual(again.body.alert_id, res.body.alert_id);
      assert.deepEqual(await auditActions(app, 'integration', int.id), [
        'integration.create',
        'integration.test_alert',
        'integration.test_alert',
      ]);
    });
  }

  it("generic: the body follows the integration's mapping and severity words", async () => {
    const { app } = server();
    const int = await buildIntegration(app, 'generic', {
      mapping: {
        summary: 'event.title|title',
        dedup_key: 'event.items.0.id',
        severity: 'event.level',
        labels: 'event.tags',
        severity_map: { sev1: 'critical', sev3: 'warning' },
      },
    });
    const res = await send(int.id);
    assert.equal(res.status, 201, JSON.stringify(res.body));
    const a = await alert(res.body.alert_id!);
    assert.match(a.summary, /^Test alert from Tocsin/);
    assert.equal(a.severity, 'critical', 'sent as the word the map turns into critical');
    assert.equal(a.labels.tocsin_test, 'true');
  });

  it("is audited as the responder who sent it; a viewer and another team's responder are refused", async () => {
    const { app } = server();
    const team = await buildTeam(app);
    const int = await buildIntegration(
      app,
      'events-v2',
      {},
      (await buildService(app, { team_id: team.id })).id,
    );
    const outsider = await buildUser(app, { role: 'responder' });
    const stranger = await send(int.id, await tokenFor(app, outsider.id));
    assert.equal(stranger.status, 403, 'a responder outside the owning team pages nobody');
    const responder = await buildUser(app, { role: 'responder' });
    await addMember(app, team.id, responder.id);
    const res = await send(int.id, await tokenFor(app, responder.id));
    assert.equal(res.status, 201, JSON.stringify(res.body));
    const audit = await api<{ data: { action: string; actor_id: string | null }[] }>(
      app,
      'GET',
      `/api/v1/audit?target_type=integration&target_id=${int.id}`,
    );
    assert.equal(audit.body.data[0]?.action, 'integration.test_alert');
    assert.equal(audit.body.data[0]?.actor_id, responder.id);

    const refused = await send(int.id, await viewerToken(app));
    assert.equal(refused.status, 403);
    assert.equal(
      (await api<{ data: unknown[] }>(app, 'GET', `/api/v1/alerts?service_id=${int.service_id}`)).body.data
        .length,
      1,
    );
  });

  it('refuses a disabled integration with 409 and an unknown one with 404', async () => {
    const { app } = server();
    const int = await buildIntegration(app, 'events-v2');
    await api(app, 'PATCH', `/api/v1/integrations/${int.id}`, { body: { enabled: false } });
    const res = await send(int.id);
    assert.equal(res.status, 409);
    assert.match(res.body.error.message, /is disabled/);
    assert.equal((await send('int_01JAAAAAAAAAAAAAAAAAAAAAAA')).status, 404);
  });
});
