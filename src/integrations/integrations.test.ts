import assert from 'node:assert/strict';
import { it } from 'node:test';
import { hashSecret } from '../platform/auth/secrets.ts';
import type { App } from '../platform/http/app.ts';
import { ConflictError, ValidationError } from '../platform/errors.ts';
import { createIntegration } from './create.ts';
import { rotateIntegrationKey } from './update.ts';
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

const KEY_RULE = "key: must be 16 to 128 characters of letters, digits, '-' or '_'";

/** A trigger through the PagerDuty Events v2 endpoint with `key` as its routing_key. */
function enqueue(app: App, key: string) {
  return api(app, 'POST', '/v2/enqueue', {
    token: null,
    body: {
      routing_key: key,
      event_action: 'trigger',
      dedup_key: `d-${Math.random().toString(16).slice(2)}`,
      payload: { summary: 'Disk full on db-1', source: 'db-1', severity: 'critical' },
    },
  });
}

const suppliedKey = (tag: string) => `cfg_${tag}-${Math.random().toString(36).slice(2)}${'x'.repeat(8)}`;

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

  it('creates an integration with a key the caller supplies, checking its shape and that it is unused', async () => {
    const srv = server();
    const { app, tdb } = srv;
    const ctx = (name: string) => srv.ctx(name);
    const svc = await buildService(app);
    const key = suppliedKey('create');
    const created = await createIntegration({
      ctx: ctx('config'),
      input: { serviceId: svc.id, name: 'pd-supplied', type: 'events-v2', key },
    });
    assert.equal(created.key, key);
    assert.equal(created.key_prefix, key.slice(0, 6));
    const row = await tdb.db
      .selectFrom('integrations')
      .selectAll()
      .where('id', '=', created.id)
      .executeTakeFirstOrThrow();
    assert.equal(row.key_hash, hashSecret(key));
    const sent = await enqueue(app, key);
    assert.equal(sent.status, 202, JSON.stringify(sent.body));

    for (const bad of [
      'short-key',
      'x'.repeat(129),
      'has a space in it ok',
      'slash/in/the/key/ok',
      'ünïcödé-key-1234',
    ]) {
      await assert.rejects(
        createIntegration({
          ctx: ctx('config'),
          input: { serviceId: svc.id, name: `bad-${bad.length}`, type: 'events-v2', key: bad },
        }),
        (e: unknown) => e instanceof ValidationError && e.message === KEY_RULE,
        bad,
      );
    }
    await createIntegration({
      ctx: ctx('config'),
      input: {
        serviceId: svc.id,
        name: 'edges',
        type: 'generic',
        key: `${'A'.repeat(64)}${'_-9'.repeat(21)}z`,
      },
    });
    await assert.rejects(
      createIntegration({
        ctx: ctx('config'),
        input: { serviceId: svc.id, name: 'pd-again', type: 'events-v2', key },
      }),
      (e: unknown) =>
        e instanceof ConflictError && e.message === 'that key is already used by another integration',
    );
    const names = (
      await api<{ data: { name: string }[] }>(app, 'GET', `/api/v1/services/${svc.id}/integrations`)
    ).body.data
      .map((i) => i.name)
      .sort();
    assert.deepEqual(names, ['edges', 'pd-supplied']);

    // The HTTP API keeps generating keys.
    const viaApi = await api<{ error: { message: string } }>(
      app,
      'POST',
      `/api/v1/services/${svc.id}/integrations`,
      {
        body: { name: 'x', type: 'generic', key: suppliedKey('http') },
      },
    );
    assert.equal(viaApi.status, 400);
    assert.match(viaApi.body.error.message, /body\.key is not a known field/);
  });

  it('rotates to a key the caller supplies: the old key stops working and the new one works', async () => {
    const srv = server();
    const { app } = srv;
    const ctx = (name: string) => srv.ctx(name);
    const svc = await buildService(app);
    const first = await createIntegration({
      ctx: ctx('config'),
      input: { serviceId: svc.id, name: 'pd-rotate', type: 'events-v2' },
    });
    const other = await buildIntegration(app, 'events-v2');
    const next = suppliedKey('rotate');

    await assert.rejects(
      rotateIntegrationKey({ ctx: ctx('config'), input: { id: first.id, key: 'too-short' } }),
      (e: unknown) => e instanceof ValidationError && e.message === KEY_RULE,
    );
    await assert.rejects(
      rotateIntegrationKey({ ctx: ctx('config'), input: { id: first.id, key: other.key } }),
      (e: unknown) =>
        e instanceof ConflictError && e.message === 'that key is already used by another integration',
    );

    const rotated = await rotateIntegrationKey({ ctx: ctx('config'), input: { id: first.id, key: next } });
    assert.equal(rotated.key, next);
    assert.equal(rotated.key_prefix, next.slice(0, 6));
    const old = await enqueue(app, first.key);
    assert.ok(old.status === 404 || old.status === 400, `old key answered ${old.status}`);
    assert.equal((await enqueue(app, next)).status, 202);
    // Applying the same key again is not a conflict with itself.
    await rotateIntegrationKey({ ctx: ctx('config'), input: { id: first.id, key: next } });
    assert.deepEqual(await auditActions(app, 'integration', first.id), [
      'integration.create',
      'integration.rotate_key',
      'integration.rotate_key',
    ]);
  });
});
