import assert from 'node:assert/strict';
import { it } from 'node:test';
import { buildIntegration, buildService } from '../../test/factories.ts';
import { api, describeEachDialect } from '../../test/harness.ts';

type Pd = { status: string; message: string; dedup_key?: string; errors?: string[] };
type AlertList = {
  data: {
    id: string;
    status: string;
    occurrences: number;
    incident_id: string | null;
    summary: string;
    severity: string;
  }[];
};

describeEachDialect('PagerDuty Events API v2', (server) => {
  const trigger = (routing_key: string, extra: Record<string, unknown> = {}) => ({
    routing_key,
    event_action: 'trigger',
    payload: {
      summary: 'Disk full on db-1',
      source: 'db-1',
      severity: 'critical',
      custom_details: { free: '0%' },
    },
    ...extra,
  });

  it('trigger answers 202 like PagerDuty, stores the alert and opens an incident; re-sends fold in', async () => {
    const { app } = server();
    const int = await buildIntegration(app, 'events-v2');
    const res = await api<Pd>(app, 'POST', '/v2/enqueue', {
      token: null,
      body: trigger(int.key, { dedup_key: 'disk-db-1' }),
    });
    assert.equal(res.status, 202);
    assert.deepEqual(res.body, { status: 'success', message: 'Event processed', dedup_key: 'disk-db-1' });
    for (let i = 0; i < 3; i++) {
      const again = await api<Pd>(app, 'POST', '/v2/enqueue', {
        token: null,
        body: trigger(int.key, { dedup_key: 'disk-db-1' }),
      });
      assert.equal(again.status, 202);
    }
    const alerts = await api<AlertList>(app, 'GET', `/api/v1/alerts?service_id=${int.service_id}`);
    assert.equal(alerts.body.data.length, 1);
    assert.equal(alerts.body.data[0]!.occurrences, 4);
    assert.equal(alerts.body.data[0]!.status, 'triggered');
    const incidents = await api<{
      data: { id: string; ref: string; status: string; urgency: string; alert_count: number }[];
    }>(app, 'GET', `/api/v1/incidents?service_id=${int.service_id}`);
    assert.equal(incidents.body.data.length, 1);
    assert.equal(incidents.body.data[0]!.alert_count, 1);
    assert.equal(incidents.body.data[0]!.urgency, 'high');
    assert.match(incidents.body.data[0]!.ref, /^INC-\d+$/);

    const detail = await api<{ events: { action: string }[] }>(
      app,
      'GET',
      `/api/v1/alerts/${alerts.body.data[0]!.id}`,
    );
    assert.deepEqual(
      detail.body.events.map((e) => e.action),
      ['repeat', 'repeat', 'repeat', 'trigger'],
    );
  });

  it('generates a dedup key when none is sent, and acknowledge/resolve follow it to the incident', async () => {
    const { app } = server();
    const int = await buildIntegration(app, 'events-v2');
    const res = await api<Pd>(app, 'POST', '/v2/enqueue', { token: null, body: trigger(int.key) });
    const key = res.body.dedup_key!;
    assert.match(key, /^[0-9a-f]{32}$/);
    const ack = await api<Pd>(app, 'POST', '/v2/enqueue', {
      token: null,
      body: { routing_key: int.key, event_action: 'acknowledge', dedup_key: key },
    });
    assert.equal(ack.status, 202);
    let inc = await api<{ data: { status: string }[] }>(
      app,
      'GET',
      `/api/v1/incidents?service_id=${int.service_id}`,
    );
    assert.equal(inc.body.data[0]!.status, 'acknowledged');
    await api(app, 'POST', '/v2/enqueue', {
      token: null,
      body: { routing_key: int.key, event_action: 'resolve', dedup_key: key },
    });
    inc = await api(app, 'GET', `/api/v1/incidents?service_id=${int.service_id}`);
    assert.equal(inc.body.data[0]!.status, 'resolved');
    // After resolution the same key opens a new alert and a new incident, as in PagerDuty.
    await api(app, 'POST', '/v2/enqueue', { token: null, body: trigger(int.key, { dedup_key: key }) });
    inc = await api(app, 'GET', `/api/v1/incidents?service_id=${int.service_id}`);
    assert.equal(inc.body.data.length, 2);
  });

  it('answers bad events with 400 "invalid event" listing each problem', async () => {
    const { app } = server();
    const int = await buildIntegration(app, 'events-v2');
    const cases: [unknown, RegExp][] = [
      [{ event_action: 'trigger', payload: {} }, /'routing_key' is missing/],
      [
        { routing_key: int.key, event_action: 'explode' },
        /'event_action' must be one of trigger, acknowledge, resolve/,
      ],
      [{ routing_key: int.key, event_action: 'resolve' }, /'dedup_key' is required for resolve/],
      [trigger(int.key, { payload: { source: 'x', severity: 'critical' } }), /'payload.summary' is missing/],
      [
        trigger(int.key, { payload: { summary: 's', source: 'x', severity: 'bad' } }),
        /'payload.severity' must be one of/,
      ],
      [
        trigger(int.key, { payload: { summary: 'x'.repeat(1025), source: 'x', severity: 'info' } }),
        /'payload.summary' is longer than 1024/,
      ],
      [
        trigger(int.key, {
          payload: { summary: 's', source: 'x', severity: 'info', timestamp: 'yesterday' },
        }),
        /'payload.timestamp' is not a valid timestamp/,
      ],
      [trigger('0123456789abcdef0123456789abcdef'), /routing_key: no integration has this key/],
      [[1, 2, 3], /Event must be a JSON object/],
    ];
    for (const [body, message] of cases) {
      const res = await api<Pd>(app, 'POST', '/v2/enqueue', { token: null, body });
      assert.equal(res.status, 400, JSON.stringify(body).slice(0, 100));
      assert.equal(res.body.status, 'invalid event');
      assert.match(res.body.errors!.join('\n'), message);
    }
  });

  it('rate-limits a key over its per-minute limit with 429 like PagerDuty', async () => {
    const { app } = server();
    const int = await buildIntegration(app, 'events-v2', { rate_limit_per_minute: 3 });
    const statuses: number[] = [];
    for (let i = 0; i < 5; i++) {
      statuses.push(
        (
          await api(app, 'POST', '/v2/enqueue', {
            token: null,
            body: trigger(int.key, { dedup_key: `k${i}` }),
          })
        ).status,
      );
    }
    assert.deepEqual(statuses, [202, 202, 202, 429, 429]);
  });

  it('refuses a disabled integration and a key of another type', async () => {
    const { app } = server();
    const int = await buildIntegration(app, 'events-v2');
    const patched = await api(app, 'PATCH', `/api/v1/integrations/${int.id}`, { body: { enabled: false } });
    assert.equal(patched.status, 200);
    const disabled = await api<Pd>(app, 'POST', '/v2/enqueue', { token: null, body: trigger(int.key) });
    assert.equal(disabled.status, 400);
    assert.match(disabled.body.errors!.join(), /is disabled/);
    const am = await buildIntegration(app, 'alertmanager');
    const wrongType = await api<Pd>(app, 'POST', '/v2/enqueue', { token: null, body: trigger(am.key) });
    assert.equal(wrongType.status, 400);
    assert.match(wrongType.body.errors!.join(), /alertmanager integration/);
  });

  it('stores change events on the service', async () => {
    const { app, tdb } = server();
    const svc = await buildService(app);
    const int = await buildIntegration(app, 'events-v2', {}, svc.id);
    const res = await api<Pd>(app, 'POST', '/v2/change/enqueue', {
      token: null,
      body: {
        routing_key: int.key,
        payload: { summary: 'Deployed v1.2.3', source: 'ci', timestamp: '2026-11-25T10:00:00.000+0000' },
        links: [{ href: 'https://ci.example.com/1' }],
      },
    });
    assert.equal(res.status, 202);
    assert.equal(res.body.message, 'Change event processed');
    const rows = await tdb.db
      .selectFrom('change_events')
      .selectAll()
      .where('service_id', '=', svc.id)
      .execute();
    assert.equal(rows.length, 1);
    assert.equal(rows[0]!.timestamp, Date.parse('2026-11-25T10:00:00Z'));
  });
});
