import assert from 'node:assert/strict';
import { it } from 'node:test';
import { buildIntegration, buildSilence, viewerToken } from '../../test/factories.ts';
import { type Answer, api, describeEachDialect } from '../../test/harness.ts';
import type { App } from '../platform/http/app.ts';
import type { SuppressionPreviewView } from './preview-schemas.ts';
import { openMatching } from './preview.ts';

type ErrorBody = { error: { code: string; message: string } };

/** Fires Alertmanager alerts at an integration; each summary is its `instance` label. */
async function fire(app: App, key: string, ...labelSets: Record<string, string>[]): Promise<void> {
  const res = await api(app, 'POST', `/integrations/${key}/api/v2/alerts`, {
    token: null,
    body: labelSets.map((labels) => ({ labels, annotations: { summary: labels.instance } })),
  });
  assert.equal(res.status, 200, JSON.stringify(res.body));
}

const summaries = (res: Answer<SuppressionPreviewView>) => res.body.data.map((a) => a.summary).sort();

describeEachDialect('silence and maintenance window previews', (server) => {
  it('lists the open alerts a silence would match, in both matcher dialects, writing nothing', async () => {
    const { app } = server();
    const a = await buildIntegration(app, 'alertmanager');
    const b = await buildIntegration(app, 'alertmanager');
    await fire(
      app,
      a.key,
      { alertname: 'DiskFull', env: 'prod', instance: 'db-1' },
      { alertname: 'DiskFull', env: 'staging', instance: 'db-2' },
      { alertname: 'HighCPU', env: 'prod', instance: 'app-1' },
      { alertname: 'DiskFull', env: 'prod', instance: 'db-3' },
    );
    await fire(app, b.key, { alertname: 'DiskFull', env: 'prod', instance: 'db-9' });
    // A resolved alert is not open: a silence has nothing to do with it.
    const list = await api<{ data: { id: string; summary: string }[] }>(
      app,
      'GET',
      `/api/v1/alerts?service_id=${a.service_id}`,
    );
    const db3 = list.body.data.find((x) => x.summary === 'db-3')!;
    assert.equal((await api(app, 'POST', `/api/v1/alerts/${db3.id}/resolve`)).status, 200);

    const preview = (body: unknown, token?: string) =>
      api<SuppressionPreviewView>(app, 'POST', '/api/v1/silences/preview', {
        body,
        ...(token ? { token } : {}),
      });
    const any = await preview({
      matchers: ['alertname="DiskFull"', { name: 'env', op: '!=', value: 'staging' }],
    });
    assert.equal(any.status, 200, JSON.stringify(any.body));
    assert.deepEqual(summaries(any), ['db-1', 'db-9']);
    assert.equal(any.body.total, 2);
    assert.equal(any.body.data[0]!.status, 'triggered');

    const scoped = await preview({ service_id: a.service_id, matchers: ['alertname="DiskFull"'] });
    assert.deepEqual(summaries(scoped), ['db-1', 'db-2']);
    const regex = await preview({
      matchers: [
        { name: 'instance', op: '=~', value: 'db-[12]' },
        { name: 'env', op: '!~', value: 'prod|dev' },
      ],
    });
    assert.deepEqual(summaries(regex), ['db-2']);
    const serviceOnly = await preview({ service_id: b.service_id });
    assert.deepEqual(summaries(serviceOnly), ['db-9']);

    // Read-only: a viewer may ask, and nothing was created.
    const asViewer = await preview({ matchers: ['instance="app-1"'] }, await viewerToken(app));
    assert.equal(asViewer.status, 200, JSON.stringify(asViewer.body));
    assert.deepEqual(summaries(asViewer), ['app-1']);
    const silences = await api<{ data: unknown[] }>(app, 'GET', '/api/v1/silences');
    assert.equal(silences.body.data.length, 0);
  });

  it('refuses what creating the silence would refuse, with the same field in the message', async () => {
    const { app } = server();
    const cases: [unknown, RegExp][] = [
      [{ matchers: ['job=~"("'] }, /^matchers\.0\.value: invalid regular expression "\("/],
      [{}, /^matchers: a silence needs a service_id, matchers, or both/],
      [{ matchers: ['env!="prod"'] }, /^matchers: without a service_id, at least one matcher/],
      [{ service_id: 'svc_01JAAAAAAAAAAAAAAAAAAAAAAA' }, /^service_id: no service/],
      [{ matchers: ['job=="x'] }, /^matchers\.0: /],
    ];
    for (const [body, message] of cases) {
      const res = await api<ErrorBody>(app, 'POST', '/api/v1/silences/preview', { body });
      assert.equal(res.status, 400, JSON.stringify(body));
      assert.match(res.body.error.message, message);
    }
  });

  it("lists a maintenance window's services' open alerts", async () => {
    const { app } = server();
    const a = await buildIntegration(app, 'alertmanager');
    const b = await buildIntegration(app, 'alertmanager');
    await fire(app, a.key, { alertname: 'Down', instance: 'mw-a' });
    await fire(app, b.key, { alertname: 'Down', instance: 'mw-b' }, { alertname: 'Up', instance: 'mw-c' });
    const res = await api<SuppressionPreviewView>(app, 'POST', '/api/v1/maintenance-windows/preview', {
      body: { service_ids: [b.service_id] },
    });
    assert.equal(res.status, 200, JSON.stringify(res.body));
    assert.deepEqual(summaries(res), ['mw-b', 'mw-c']);
    assert.equal(res.body.total, 2);
    const both = await api<SuppressionPreviewView>(app, 'POST', '/api/v1/maintenance-windows/preview', {
      body: { service_ids: [a.service_id, b.service_id] },
    });
    assert.deepEqual(summaries(both), ['mw-a', 'mw-b', 'mw-c']);
    const bad = await api<ErrorBody>(app, 'POST', '/api/v1/maintenance-windows/preview', {
      body: { service_ids: [a.service_id, 'svc_01JAAAAAAAAAAAAAAAAAAAAAAA'] },
    });
    assert.equal(bad.status, 400);
    assert.match(bad.body.error.message, /^service_ids\.1: no service/);
  });

  it('lists the alerts a silence suppressed (GET /alerts?suppressed_by=)', async () => {
    const { app } = server();
    const int = await buildIntegration(app, 'alertmanager');
    const silence = await buildSilence(app, { matchers: ['alertname="Flappy"'] });
    const other = await buildSilence(app, { matchers: ['alertname="Quiet"'] });
    await fire(
      app,
      int.key,
      { alertname: 'Flappy', instance: 'f-1' },
      { alertname: 'Loud', instance: 'l-1' },
    );
    const by = (id: string) =>
      api<{ data: { summary: string; status: string }[] }>(
        app,
        'GET',
        `/api/v1/alerts?suppressed_by=${encodeURIComponent(`silence:${id}`)}`,
      );
    const mine = await by(silence.id);
    assert.equal(mine.status, 200, JSON.stringify(mine.body));
    assert.deepEqual(
      mine.body.data.map((a) => [a.summary, a.status]),
      [['f-1', 'suppressed']],
    );
    assert.deepEqual((await by(other.id)).body.data, []);
    const bad = await api(app, 'GET', '/api/v1/alerts?suppressed_by=whatever');
    assert.equal(bad.status, 400);
  });
  it('stops counting past its scan limit and says the total is a lower bound', async () => {
    const { app } = server();
    const int = await buildIntegration(app, 'alertmanager');
    await fire(
      app,
      int.key,
      ...['s-1', 's-2', 's-3', 's-4', 's-5'].map((instance) => ({ alertname: 'Storm', instance })),
    );
    const { db } = app.deps;
    const capped = await openMatching(db, [int.service_id], () => true, 3);
    assert.deepEqual([capped.total, capped.total_is_lower_bound, capped.data.length], [3, true, 3]);
    const exact = await openMatching(db, [int.service_id], () => true, 5);
    assert.deepEqual([exact.total, exact.total_is_lower_bound], [5, false]);
    const roomy = await openMatching(db, [int.service_id], () => true, 10);
    assert.deepEqual([roomy.total, roomy.total_is_lower_bound], [5, false]);
    const full = await api<SuppressionPreviewView>(app, 'POST', '/api/v1/maintenance-windows/preview', {
      body: { service_ids: [int.service_id] },
    });
    assert.deepEqual([full.body.total, full.body.total_is_lower_bound], [5, false]);
  });
});
