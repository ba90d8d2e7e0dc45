import assert from 'node:assert/strict';
import { it } from 'node:test';
import { parse } from 'yaml';
import { INTEGRATION_TYPES } from '../../src/integrations/schemas.ts';
import { curl, snippets, testRequest } from '../../web/src/pages/services/snippets.ts';
import { api, describeEachDialect } from '../harness.ts';

/**
 * The service page's snippets (web/src/pages/services/snippets.ts) against the real ingest
 * routes: every type's test request is accepted and opens an alert on its service, and the
 * YAML snippets point at paths that take their sender's format. The browser test runs the
 * events-v2 curl end to end; this covers the other types without a browser.
 */
const ORIGIN = 'https://tocsin.example.com';
const path = (url: string) => url.slice(ORIGIN.length);

describeEachDialect('integration snippets', (server) => {
  const asAdmin = <T = Record<string, unknown>>(method: 'GET' | 'POST', url: string, body?: unknown) =>
    api<T>(server().app, method, url, body === undefined ? {} : { body });

  let made = 0;
  async function integration(type: (typeof INTEGRATION_TYPES)[number]) {
    made += 1;
    const team = await asAdmin<{ id: string }>('POST', '/api/v1/teams', { name: `team ${made}` });
    const svc = await asAdmin<{ id: string }>('POST', '/api/v1/services', {
      name: `svc ${made}`,
      team_id: team.body.id,
    });
    const int = await asAdmin<{ key: string }>('POST', `/api/v1/services/${svc.body.id}/integrations`, {
      name: type,
      type,
      ...(type === 'heartbeat' ? { heartbeat: { period_seconds: 300 } } : {}),
    });
    assert.equal(int.status, 201, JSON.stringify(int.body));
    const alerts = async () =>
      (await asAdmin<{ data: unknown[] }>('GET', `/api/v1/alerts?service_id=${svc.body.id}`)).body.data
        .length;
    return { key: int.body.key, alerts };
  }

  const send = (method: 'POST', url: string, headers: Record<string, string>, body: string | undefined) =>
    api(server().app, method, path(url), { token: null, headers, ...(body === undefined ? {} : { body }) });

  for (const type of INTEGRATION_TYPES) {
    it(`${type}: the test request opens an alert, a second one another`, async () => {
      const { key, alerts } = await integration(type);
      for (const nonce of ['1', '2']) {
        const r = testRequest(type, ORIGIN, key, nonce);
        const res = await send(r.method, r.url, r.headers, r.body);
        assert.ok(res.status >= 200 && res.status < 300, `${res.status} ${JSON.stringify(res.body)}`);
        // A heartbeat has one alert that a second failure keeps open.
        assert.equal(await alerts(), type === 'heartbeat' ? 1 : Number(nonce));
      }
      assert.ok(curl(testRequest(type, ORIGIN, key, 'x')).includes(key));
    });
  }

  it('prometheus.yml: the path prefix takes Alertmanager API v2 alerts', async () => {
    const { key, alerts } = await integration('alertmanager');
    const [prom, receiver] = snippets('alertmanager', ORIGIN, key);
    const am = (
      parse(prom!.text) as {
        alerting: { alertmanagers: { api_version: string; scheme: string; path_prefix: string }[] };
      }
    ).alerting.alertmanagers[0]!;
    assert.equal(am.api_version, 'v2');
    assert.equal(am.scheme, 'https');
    assert.ok(prom!.text.includes("targets: ['tocsin.example.com:443']"));
    const res = await send('POST', `${ORIGIN}${am.path_prefix}/api/v2/alerts`, {}, undefined);
    assert.equal(res.status, 400, 'no body: refused as an API v2 request, not a 404');
    const ok = await api(server().app, 'POST', `${am.path_prefix}/api/v2/alerts`, {
      token: null,
      body: [{ labels: { alertname: 'FromPrometheus' } }],
    });
    assert.equal(ok.status, 200, JSON.stringify(ok.body));
    assert.equal(await alerts(), 1);

    // amtool and Grafana read this service's alerts and silences where the snippets point them.
    const [, , amtoolConfig, grafana] = snippets('alertmanager', ORIGIN, key);
    const amtoolUrl = (parse(amtoolConfig!.text) as { 'alertmanager.url': string })['alertmanager.url'];
    const source = (
      parse(grafana!.text) as { datasources: { type: string; url: string; jsonData: object }[] }
    ).datasources[0]!;
    assert.deepEqual([source.type, source.jsonData], ['alertmanager', { implementation: 'prometheus' }]);
    for (const base of [amtoolUrl, source.url]) {
      const listed = await api<{ labels: Record<string, string> }[]>(
        server().app,
        'GET',
        `${path(base)}/api/v2/alerts`,
        {
          token: null,
        },
      );
      assert.equal(listed.status, 200, JSON.stringify(listed.body));
      assert.deepEqual(
        listed.body.map((a) => a.labels.alertname),
        ['FromPrometheus'],
      );
    }

    const url = (parse(receiver!.text) as { receivers: { webhook_configs: { url: string }[] }[] })
      .receivers[0]!.webhook_configs[0]!.url;
    const r = testRequest('alertmanager', ORIGIN, key, 'hook');
    assert.equal((await send('POST', url, r.headers, r.body)).status, 200);
    assert.equal(await alerts(), 2);
  });

  it('Grafana contact point: its URL takes Grafana webhooks', async () => {
    const { key, alerts } = await integration('grafana');
    const doc = parse(snippets('grafana', ORIGIN, key)[0]!.text) as {
      contactPoints: { receivers: { type: string; settings: { url: string } }[] }[];
    };
    const receiver = doc.contactPoints[0]!.receivers[0]!;
    assert.equal(receiver.type, 'webhook');
    const r = testRequest('grafana', ORIGIN, key, 'g');
    assert.equal((await send('POST', receiver.settings.url, r.headers, r.body)).status, 200);
    assert.equal(await alerts(), 1);
  });
});
