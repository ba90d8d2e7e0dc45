import assert from 'node:assert/strict';
import { it } from 'node:test';
import { buildIntegration } from '../../test/factories.ts';
import { api, describeEachDialect } from '../../test/harness.ts';

type EventPage = {
  data: { id: string; action: string; payload: { dedup_key?: string } }[];
  next_cursor: string | null;
};

describeEachDialect('alert event log', (server) => {
  it('pages through every event of an alert, newest first, beyond what the detail carries', async () => {
    const { app } = server();
    const int = await buildIntegration(app, 'events-v2');
    const send = (event_action: string) =>
      api(app, 'POST', '/v2/enqueue', {
        token: null,
        body: {
          routing_key: int.key,
          event_action,
          dedup_key: 'event-log',
          payload: { summary: 'Queue backed up', source: 'mq-1', severity: 'warning' },
        },
      });
    for (const action of ['trigger', 'trigger', 'acknowledge'])
      assert.equal((await send(action)).status, 202);
    const alerts = await api<{ data: { id: string }[] }>(
      app,
      'GET',
      `/api/v1/alerts?service_id=${int.service_id}`,
    );
    const id = alerts.body.data[0]!.id;

    const first = await api<EventPage>(app, 'GET', `/api/v1/alerts/${id}/events?limit=2`);
    assert.equal(first.status, 200, JSON.stringify(first.body));
    assert.deepEqual(
      first.body.data.map((e) => e.action),
      ['acknowledge', 'repeat'],
    );
    assert.notEqual(first.body.next_cursor, null);
    const second = await api<EventPage>(
      app,
      'GET',
      `/api/v1/alerts/${id}/events?limit=2&cursor=${first.body.next_cursor}`,
    );
    assert.deepEqual(
      second.body.data.map((e) => e.action),
      ['trigger'],
    );
    assert.equal(second.body.next_cursor, null);
    const all = [...first.body.data, ...second.body.data].map((e) => e.id);
    const detail = await api<{ events: { id: string }[] }>(app, 'GET', `/api/v1/alerts/${id}`);
    assert.deepEqual(
      detail.body.events.map((e) => e.id),
      all,
      'the same events as the detail, in the same order',
    );
  });

  it('answers 404 for an unknown alert', async () => {
    const { app } = server();
    const res = await api<{ error: { code: string } }>(
      app,
      'GET',
      '/api/v1/alerts/alr_01HZZZZZZZZZZZZZZZZZZZZZZZ/events',
    );
    assert.equal(res.status, 404);
    assert.equal(res.body.error.code, 'not_found');
  });
});
