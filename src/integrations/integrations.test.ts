import assert from 'node:assert/strict';
import { it } from 'node:test';
import { hashSecret } from '../platform/auth/secrets.ts';
import { auditActions, buildIntegration, buildService, viewerToken } from '../../test/factories.ts';
import { api, describeEachDialect } from '../../test/harness.ts';

type Integration = {
  id: string;
  key?: string;
  key_prefix: string;
  enabled: boolean;
  type: string;
  endpoint: string;
};

describeEachDialect('integrations API', (server) => {
  it('shows the key once, stores only its hash, lists, rotates and deletes, all audited', async () => {
    const { app, tdb } = server();
    const svc = await buildService(app);
    const created = await api<Integration>(app, 'POST', `/api/v1/services/${svc.id}/integrations`, {
      body: { name: 'prometheus', type: 'alertmanager' },
    });
    assert.equal(created.status, 201);
    const key = created.body.key!;
    assert.match(key, /^[0-9a-f]{32}$/);
    assert.equal(created.body.key_prefix, key.slice(0, 6));
    const row = await tdb.db
      .selectFrom('integrations')
      .selectAll()
      .where('id', '=', created.body.id)
      .executeTakeFirstOrThrow();
    assert.equal(row.key_hash, hashSecret(key));
    assert.ok(!JSON.stringify(row).includes(key));

    const got = await api<Integration>(app, 'GET', `/api/v1/integrations/${created.body.id}`);
    assert.equal(got.body.key, undefined);
    const list = await api<{ data: Integration[] }>(app, 'GET', `/api/v1/services/${svc.id}/integrations`);
    assert.deepEqual(
      list.body.data.map((i) => i.id),
      [created.body.id],
    );

    const rotated = await api<Integration>(app, 'POST', `/api/v1/integrations/${created.body.id}/rotate-key`);
    assert.equal(rotated.status, 200);
    assert.notEqual(rotated.body.key, key);
    const oldKey = await api(app, 'POST', `/integrations/${key}/api/v2/alerts`, {
      token: null,
      body: [{ labels: { a: 'b' } }],
    });
    assert.equal(oldKey.status, 404);
    const newKey = await api(app, 'POST', `/integrations/${rotated.body.key!}/api/v2/alerts`, {
      token: null,
      body: [{ labels: { a: 'b' } }],
    });
    assert.equal(newKey.status, 200);

    const dup = await api(app, 'POST', `/api/v1/services/${svc.id}/integrations`, {
      body: { name: 'prometheus', type: 'generic' },
    });
    assert.equal(dup.status, 409);
    assert.equal((await api(app, 'DELETE', `/api/v1/integrations/${created.body.id}`)).status, 204);
    assert.equal((await api(app, 'GET', `/api/v1/integrations/${created.body.id}`)).status, 404);
    assert.deepEqual(await auditActions(app, 'integration', created.body.id), [
      'integration.create',
      'integration.rotate_key',
      'integration.delete',
    ]);
  });

  it('validates input and role', async () => {
    const { app } = server();
    const svc = await buildService(app);
    const bad = await api<{ error: { message: string } }>(
      app,
      'POST',
      `/api/v1/services/${svc.id}/integrations`,
      {
        body: { name: 'x', type: 'carrier-pigeon' },
      },
    );
    assert.equal(bad.status, 400);
    assert.match(bad.body.error.message, /body\.type must be one of/);
    const missingSvc = await api(
      app,
      'POST',
      '/api/v1/services/svc_01JAAAAAAAAAAAAAAAAAAAAAAA/integrations',
      {
        body: { name: 'x', type: 'generic' },
      },
    );
    assert.equal(missingSvc.status, 404);
    const viewer = await viewerToken(app);
    const forbidden = await api(app, 'POST', `/api/v1/services/${svc.id}/integrations`, {
      token: viewer,
      body: { name: 'x', type: 'generic' },
    });
    assert.equal(forbidden.status, 403);
  });

  it('counts ingest outcomes in /metrics', async () => {
    const { app } = server();
    const int = await buildIntegration(app, 'alertmanager');
    await api(app, 'POST', `/integrations/${int.key}/api/v2/alerts`, {
      token: null,
      body: [{ labels: { m: '1' } }],
    });
    await api(app, 'POST', `/integrations/${int.key}/api/v2/alerts`, {
      token: null,
      body: [{ labels: { m: '1' } }],
    });
    await api(app, 'POST', `/integrations/${int.key}/api/v2/alerts`, { token: null, body: [{ labels: 7 }] });
    const metrics = (await app.inject({ method: 'GET', url: '/metrics' })).body;
    assert.match(metrics, /tocsin_alerts_received_total\{type="alertmanager",outcome="created"\} [1-9]/);
    assert.match(metrics, /tocsin_alerts_received_total\{type="alertmanager",outcome="deduplicated"\} [1-9]/);
    assert.match(metrics, /tocsin_alerts_received_total\{type="alertmanager",outcome="rejected"\} [1-9]/);
    assert.match(metrics, /tocsin_ingest_duration_seconds_bucket\{le="0.01",type="alertmanager"\}/);
  });
});
