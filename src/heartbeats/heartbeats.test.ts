import assert from 'node:assert/strict';
import { it } from 'node:test';
import { runDueTimers } from '../engine/timers.ts';
import { fixedClock } from '../platform/clock.ts';
import { buildIntegration } from '../../test/factories.ts';
import { api, describeEachDialect } from '../../test/harness.ts';

const clock = fixedClock(Date.parse('2026-11-25T09:00:00Z'));
type Alert = { status: string; summary: string; occurrences: number };

describeEachDialect(
  'heartbeats',
  (server) => {
    const alerts = async (serviceId: string) =>
      (await api<{ data: Alert[] }>(server().app, 'GET', `/api/v1/alerts?service_id=${serviceId}`)).body.data;
    const tick = () => runDueTimers({ db: server().tdb.db, dialect: server().dialect, clock });

    it('a missed ping opens an alert once period + grace pass; the next ping resolves it', async () => {
      const { app } = server();
      const hb = await buildIntegration(app, 'heartbeat', {
        heartbeat: { period_seconds: 60, grace_seconds: 30 },
      });
      // A new monitor is not late before its first ping.
      clock.advance(10 * 60_000);
      await tick();
      assert.equal((await alerts(hb.service_id)).length, 0);

      const ping = await app.inject({ method: 'GET', url: `/heartbeat/${hb.key}` });
      assert.equal(ping.statusCode, 200);
      assert.equal(ping.body, 'OK');
      clock.advance(89_000);
      await tick();
      assert.equal((await alerts(hb.service_id)).length, 0, 'within period + grace');
      clock.advance(2_000);
      await tick();
      let list = await alerts(hb.service_id);
      assert.equal(list.length, 1);
      assert.equal(list[0]!.status, 'triggered');
      assert.match(list[0]!.summary, /missed its heartbeat/);
      // Later passes do not open it again.
      clock.advance(10 * 60_000);
      await tick();
      assert.equal((await alerts(hb.service_id)).length, 1);

      await app.inject({ method: 'POST', url: `/heartbeat/${hb.key}` });
      list = await alerts(hb.service_id);
      assert.equal(list[0]!.status, 'resolved');
    });

    it('/fail opens the alert at once and /start does not change the due time; state survives a new app', async () => {
      const { app, tdb } = server();
      const hb = await buildIntegration(app, 'heartbeat');
      await app.inject({ method: 'POST', url: `/heartbeat/${hb.key}/start` });
      const fail = await app.inject({ method: 'POST', url: `/heartbeat/${hb.key}/fail` });
      assert.equal(fail.statusCode, 200);
      let list = await alerts(hb.service_id);
      assert.equal(list.length, 1);
      assert.match(list[0]!.summary, /reported a failure/);
      const row = await tdb.db
        .selectFrom('heartbeats')
        .selectAll()
        .where('integration_id', '=', hb.id)
        .executeTakeFirstOrThrow();
      assert.equal(row.state, 'down');
      await app.inject({ method: 'GET', url: `/heartbeat/${hb.key}` });
      list = await alerts(hb.service_id);
      assert.equal(list[0]!.status, 'resolved');
    });

    it('unknown keys get 404 and other integration types are refused', async () => {
      const { app } = server();
      assert.equal(
        (await app.inject({ method: 'GET', url: `/heartbeat/${'a'.repeat(32)}` })).statusCode,
        404,
      );
      const pd = await buildIntegration(app, 'events-v2');
      assert.equal((await app.inject({ method: 'GET', url: `/heartbeat/${pd.key}` })).statusCode, 403);
      const noPeriod = await api(app, 'POST', `/api/v1/services/${pd.service_id}/integrations`, {
        body: { name: 'hb without period', type: 'heartbeat' },
      });
      assert.equal(noPeriod.status, 400);
    });
  },
  { clock: () => clock },
);
