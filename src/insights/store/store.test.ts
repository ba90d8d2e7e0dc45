import assert from 'node:assert/strict';
import { before, it } from 'node:test';
import { sql } from 'kysely';
import { buildIntegration, buildService, buildUser } from '../../../test/factories.ts';
import { api, describeEachDialect } from '../../../test/harness.ts';
import { fixedClock } from '../../platform/clock.ts';
import { BLOCK_MS } from '../../platform/db/migrations/0020_insight_blocks.ts';
import type { AlertQualityAnswer, ProcessHealthAnswer, ResponseAnswer } from '../schemas.ts';

/**
 * The weeks of incidents src/insights/store keeps in memory are never stale: every write that
 * changes what a report reads of a past week's incident bumps that week's version in its own
 * transaction (migration 0020's triggers), and reports read the weeks since from the database.
 */
const t = (iso: string) => Date.parse(iso);
const clock = fixedClock(t('2025-03-03T10:00:00Z'));
const PERIOD = `from=2025-03-01T00:00:00Z&to=2025-03-15T00:00:00Z`;
const block = Math.floor(t('2025-03-03T10:00:00Z') / BLOCK_MS);

describeEachDialect(
  'insight weeks kept in memory',
  (server) => {
    let serviceId: string;
    let key: string;
    let old: string;
    let owner: string;

    const version = async () => {
      const row = await server()
        .tdb.db.selectFrom('insight_blocks')
        .select('version')
        .where('kind', '=', 'incidents')
        .where('block', '=', block)
        .executeTakeFirst();
      return row === undefined ? 0 : Number(row.version);
    };
    const get = async <T>(path: string) => {
      const res = await api<T>(server().app, 'GET', `/api/v1/insights/${path}`);
      assert.equal(res.status, 200, JSON.stringify(res.body));
      return res.body;
    };
    const trigger = async (dedup: string) => {
      const res = await api(server().app, 'POST', '/v2/enqueue', {
        token: null,
        body: {
          routing_key: key,
          event_action: 'trigger',
          dedup_key: dedup,
          payload: { summary: `${dedup} down`, source: 'web-1', severity: 'critical' },
        },
      });
      assert.equal(res.status, 202, JSON.stringify(res.body));
      const list = await api<{ data: { id: string }[] }>(
        server().app,
        'GET',
        `/api/v1/incidents?service_id=${serviceId}&limit=1`,
      );
      return list.body.data[0]!.id;
    };
    const act = async (id: string, verb: string, body: object = {}) => {
      const res = await api(server().app, 'POST', `/api/v1/incidents/${id}/${verb}`, { body });
      assert.ok(res.status === 200 || res.status === 201, `${verb}: ${JSON.stringify(res.body)}`);
    };

    before(async () => {
      const { app } = server();
      clock.set(t('2025-03-03T10:00:00Z'));
      serviceId = (await buildService(app)).id;
      key = (await buildIntegration(app, 'events-v2', {}, serviceId)).key;
      old = await trigger('db');
      clock.set(t('2025-03-03T10:20:00Z'));
      await act(old, 'resolve');
      owner = (await buildUser(app, { role: 'responder', time_zone: 'UTC' })).id;
      const item = await api<{ id: string }>(app, 'POST', `/api/v1/incidents/${old}/action-items`, {
        body: { title: 'Add a replica', due_date: '2025-03-05', owner_id: owner },
      });
      assert.equal(item.status, 201, JSON.stringify(item.body));
      // Done at 20:00 UTC on its due day: in time in UTC, late in Tokyo (the day ends 15:00 UTC).
      clock.set(t('2025-03-05T20:00:00Z'));
      const done = await api(app, 'POST', `/api/v1/action-items/${item.body.id}/status`, {
        body: { status: 'done' },
      });
      assert.equal(done.status, 200, JSON.stringify(done.body));
      clock.set(t('2025-03-20T00:00:00Z'));
    });

    it('shows a change to a past week at once, though the week is kept', async () => {
      const first = await get<ResponseAnswer>(`response?${PERIOD}`);
      assert.equal(first.metrics.incidents, 1);
      assert.equal(first.metrics.mttr.mean, 1200);
      // The week is now in memory; a verdict given two weeks later must still count.
      const before = await get<AlertQualityAnswer>(`alert-quality?${PERIOD}`);
      assert.equal(before.overall.classified, 0);
      const v = await version();
      await act(old, 'classify', { classification: 'noise' });
      assert.equal(await version(), v + 1, 'the verdict bumps the week');
      const after = await get<AlertQualityAnswer>(`alert-quality?${PERIOD}`);
      assert.deepEqual([after.overall.classified, after.overall.noise], [1, 1]);

      // A status update posted now, on the old incident (another table).
      const health = await get<ProcessHealthAnswer>(`process-health?${PERIOD}`);
      assert.equal(health.first_update.with_update, 0);
      await act(old, 'updates', { message: 'Written up late' });
      const later = await get<ProcessHealthAnswer>(`process-health?${PERIOD}`);
      assert.equal(later.first_update.with_update, 1);
      assert.equal(later.first_update.time_to_first_update.mean, 17 * 86_400 - 36_000);
    });

    it("judges a kept week's action items again when their owner moves to another time zone", async () => {
      const before = await get<ProcessHealthAnswer>(`process-health?${PERIOD}`);
      assert.deepEqual([before.action_items.due, before.action_items.closed_by_due_date], [1, 1]);
      const moved = await api(server().app, 'PATCH', `/api/v1/users/${owner}`, {
        body: { time_zone: 'Asia/Tokyo' },
      });
      assert.equal(moved.status, 200, JSON.stringify(moved.body));
      const after = await get<ProcessHealthAnswer>(`process-health?${PERIOD}`);
      assert.deepEqual([after.action_items.due, after.action_items.closed_by_due_date], [1, 0]);
    });

    it('bumps a week only for what reports read, and never the current week', async () => {
      const { db } = server().tdb;
      const v = await version();
      // alert_count is not read by any report: no bump, so ingest into an old incident costs nothing.
      await sql`UPDATE incidents SET alert_count = alert_count + 1 WHERE id = ${old}`.execute(db);
      assert.equal(await version(), v);
      // The same value written again is no change either.
      await sql`UPDATE incidents SET classification = 'noise' WHERE id = ${old}`.execute(db);
      assert.equal(await version(), v);
      await sql`UPDATE incidents SET page_count = page_count + 1 WHERE id = ${old}`.execute(db);
      assert.equal(await version(), v + 1);

      // Incidents of this week (by the database's clock) are read fresh by every report.
      const now = Date.now();
      clock.set(now);
      const fresh = await trigger('cache');
      await act(fresh, 'acknowledge');
      const current = Math.floor(now / BLOCK_MS);
      const rows = await db
        .selectFrom('insight_blocks')
        .select('block')
        .where('kind', '<>', 'database')
        .execute();
      assert.ok(
        rows.every((r) => Number(r.block) < current),
        `no version for the current week: ${JSON.stringify(rows)}`,
      );
      const answer = await get<ResponseAnswer>(
        `response?from=${new Date(now - 3_600_000).toISOString()}&to=${new Date(now + 1).toISOString()}`,
      );
      assert.equal(answer.metrics.incidents, 1);
      assert.equal(answer.metrics.mtta.count, 1);
    });
  },
  { clock: () => clock },
);
