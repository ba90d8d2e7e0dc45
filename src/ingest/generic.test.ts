import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { buildIntegration } from '../../test/factories.ts';
import { api, describeEachDialect } from '../../test/harness.ts';
import { parseGeneric, readPath } from './adapters/generic.ts';

describe('generic webhook mapping (pure)', () => {
  it('reads dotted paths with array indexes and alternatives', () => {
    const body = { a: { b: [{ c: 'x' }] }, d: '' };
    assert.equal(readPath(body, 'a.b.0.c'), 'x');
    assert.equal(readPath(body, '$.a.b.0.c'), 'x');
    assert.equal(readPath(body, 'd|a.b.0.c'), 'x');
    assert.equal(readPath(body, 'nope'), undefined);
    assert.equal(readPath(body, 'a.__proto__'), undefined);
  });

  it('falls back to common field names and maps status and severity', () => {
    const r = parseGeneric({ title: 'Queue backlog', id: 'q-1', status: 'OK', priority: 'P1' }, undefined, 0);
    assert.ok(r.ok);
    if (!r.ok) return;
    assert.equal(r.event.summary, 'Queue backlog');
    assert.equal(r.event.dedupKey, 'q-1');
    assert.equal(r.event.action, 'resolve');
    assert.equal(r.event.severity, 'critical');
    const bad = parseGeneric({ nothing: 1 }, undefined, 0);
    assert.equal(bad.ok, false);
  });
});

describeEachDialect('generic webhooks', (server) => {
  it('maps fields with the integration mapping; status values resolve', async () => {
    const { app } = server();
    const int = await buildIntegration(app, 'generic', {
      mapping: {
        summary: 'check.name',
        dedup_key: 'check.id',
        severity: 'check.level',
        status: 'check.state',
        labels: 'check.tags',
        severity_map: { red: 'critical', amber: 'warning' },
        resolve_values: ['green'],
      },
    });
    const send = (state: string) =>
      api<{ outcome: string; dedup_key: string }>(app, 'POST', `/integrations/generic/${int.key}`, {
        token: null,
        body: {
          check: { id: 'c-7', name: 'Checkout probe failing', level: 'red', state, tags: { region: 'eu' } },
        },
      });
    const first = await send('red');
    assert.equal(first.status, 202);
    assert.equal(first.body.outcome, 'created');
    assert.equal(first.body.dedup_key, 'c-7');
    assert.equal((await send('red')).body.outcome, 'deduplicated');
    const alerts = await api<{
      data: { severity: string; labels: Record<string, string>; status: string }[];
    }>(app, 'GET', `/api/v1/alerts?service_id=${int.service_id}`);
    assert.equal(alerts.body.data[0]!.severity, 'critical');
    assert.deepEqual(alerts.body.data[0]!.labels, { region: 'eu' });
    assert.equal((await send('green')).body.outcome, 'resolved');

    const unmapped = await api<{ error: { message: string } }>(
      app,
      'POST',
      `/integrations/generic/${int.key}`,
      {
        token: null,
        body: { something: 'else' },
      },
    );
    assert.equal(unmapped.status, 400);
    assert.match(unmapped.body.error.message, /summary: nothing found at check\.name/);
  });

  it('refuses a mapping on a non-generic integration', async () => {
    const { app } = server();
    const int = await buildIntegration(app, 'events-v2');
    const res = await api<{ error: { message: string } }>(app, 'PATCH', `/api/v1/integrations/${int.id}`, {
      body: { mapping: { summary: 'x' } },
    });
    assert.equal(res.status, 400);
    assert.match(res.body.error.message, /^mapping: only generic integrations/);
  });
});
