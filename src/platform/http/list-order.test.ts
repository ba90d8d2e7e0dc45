import assert from 'node:assert/strict';
import { before, it } from 'node:test';
import { buildIntegration, buildUser } from '../../../test/factories.ts';
import { api, describeEachDialect } from '../../../test/harness.ts';

type Page<T> = { data: T[]; next_cursor: string | null };

/**
 * The order of lists (issue 14 item 15): records that pile up (alerts, incidents, notifications,
 * audit) newest first, so `?limit=1` is the latest; configuration objects and an incident's
 * timeline oldest first; `?order=asc|desc` chooses, and cursors follow the chosen order.
 */
describeEachDialect('list order', (server) => {
  let key: string;
  let serviceId: string;
  const summaries = ['first', 'second', 'third'];

  const get = <T>(url: string) => api<Page<T>>(server().app, 'GET', url);

  /** Every page, following next_cursor. */
  async function all<T>(url: string, limit = 1): Promise<T[]> {
    const out: T[] = [];
    let cursor: string | null = null;
    do {
      const sep = url.includes('?') ? '&' : '?';
      const r: Awaited<ReturnType<typeof get<T>>> = await get<T>(
        `${url}${sep}limit=${limit}${cursor === null ? '' : `&cursor=${cursor}`}`,
      );
      assert.equal(r.status, 200, JSON.stringify(r.body));
      out.push(...r.body.data);
      cursor = r.body.next_cursor;
    } while (cursor !== null);
    return out;
  }

  before(async () => {
    const integration = await buildIntegration(server().app, 'events-v2');
    key = integration.key;
    serviceId = integration.service_id;
    for (const summary of summaries) {
      const r = await api(server().app, 'POST', '/v2/enqueue', {
        token: null,
        body: {
          routing_key: key,
          event_action: 'trigger',
          dedup_key: summary,
          payload: { summary, source: 'test', severity: 'critical' },
        },
      });
      assert.equal(r.status, 202);
    }
  });

  it('alerts and incidents: newest first, ?limit=1 is the latest, ?order=asc oldest first', async () => {
    const alerts = `/api/v1/alerts?service_id=${serviceId}`;
    const newest = await get<{ summary: string }>(`${alerts}&limit=1`);
    assert.equal(newest.body.data[0]!.summary, 'third');
    assert.deepEqual(
      (await all<{ summary: string }>(alerts)).map((a) => a.summary),
      ['third', 'second', 'first'],
    );
    assert.deepEqual(
      (await all<{ summary: string }>(`${alerts}&order=asc`)).map((a) => a.summary),
      ['first', 'second', 'third'],
    );
    const incidents = `/api/v1/incidents?service_id=${serviceId}`;
    const latest = await get<{ title: string }>(`${incidents}&limit=1`);
    assert.equal(latest.body.data[0]!.title, 'third');
    assert.deepEqual(
      (await all<{ title: string }>(incidents)).map((i) => i.title),
      ['third', 'second', 'first'],
    );
    assert.deepEqual(
      (await all<{ title: string }>(`${incidents}&order=asc`, 2)).map((i) => i.title),
      ['first', 'second', 'third'],
    );
  });

  it('audit newest first; ?order=asc reads it as written', async () => {
    const desc = await all<{ seq: number }>('/api/v1/audit', 2);
    const seqs = desc.map((e) => e.seq);
    assert.ok(seqs.length > 2);
    assert.deepEqual(
      seqs,
      [...seqs].sort((a, b) => b - a),
    );
    const asc = (await all<{ seq: number }>('/api/v1/audit?order=asc', 2)).map((e) => e.seq);
    assert.deepEqual(asc, [...seqs].reverse());
  });

  it('configuration objects in creation order; the timeline chronological', async () => {
    const made = [await buildUser(server().app), await buildUser(server().app)];
    const users = (await all<{ id: string }>('/api/v1/users', 2)).map((u) => u.id);
    assert.deepEqual(
      users.filter((id) => made.some((m) => m.id === id)),
      made.map((m) => m.id),
    );
    const desc = (await all<{ id: string }>('/api/v1/users?order=desc', 2)).map((u) => u.id);
    assert.deepEqual(desc, [...users].reverse());

    const incident = (await get<{ id: string }>(`/api/v1/incidents?service_id=${serviceId}&limit=1`)).body
      .data[0]!;
    const note = await api(server().app, 'POST', `/api/v1/incidents/${incident.id}/notes`, {
      body: { message: 'the latest note' },
    });
    assert.equal(note.status, 201, JSON.stringify(note.body));
    const timeline = await all<{ id: string; message: string }>(`/api/v1/incidents/${incident.id}/timeline`);
    assert.equal(timeline[timeline.length - 1]!.message, 'the latest note');
    const ids = timeline.map((e) => e.id);
    assert.deepEqual(ids, [...ids].sort());
  });

  it('a bad ?order is a 400 naming it', async () => {
    const r = await api<{ error: { message: string } }>(
      server().app,
      'GET',
      '/api/v1/incidents?order=sideways',
    );
    assert.equal(r.status, 400);
    assert.match(r.body.error.message, /order/);
  });
});
