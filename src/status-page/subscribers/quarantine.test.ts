import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import { auditActions } from '../../../test/factories.ts';
import { api, describeEachDialect } from '../../../test/harness.ts';
import { type HttpReceiver, startHttpReceiver } from '../../../test/receivers.ts';
import { buildComponent, postUpdate, publishIncident } from '../../../test/status-page-api.ts';
import { fixedClock } from '../../platform/clock.ts';
import { QUARANTINE_AFTER_FAILURES, QUARANTINE_AFTER_MS } from './health.ts';
import type { StatusSubscriberView } from './schemas.ts';

/**
 * Webhook subscribers whose deliveries keep failing (health.ts), under a fixed clock with the
 * engine drained by hand: quarantined only once no delivery got through for 3 days AND 5 in a
 * row were given up, then listed as such, audited, and sent nothing more. 410 is not retried,
 * so each update is one delivery given up.
 */
const T0 = Date.parse('2026-03-02T14:00:00Z');
const HOUR = 3600_000;
const clock = fixedClock(T0);
let hooks: HttpReceiver;
let flakyDown = true;

before(async () => {
  hooks = await startHttpReceiver({
    respond: (req) =>
      req.path.endsWith('-dead') || (req.path.endsWith('-flaky') && flakyDown)
        ? { status: 410, body: 'gone' }
        : { status: 200, body: { ok: true } },
  });
});
after(() => hooks.close());

describeEachDialect(
  'status page webhook quarantine',
  (server, dialect) => {
    it('quarantines a webhook failing for 3 days and 5 deliveries, audits it and sends it nothing more', async () => {
      const app = server().app;
      const drain = () => server().tocsin.engine.drain();
      // The clock is shared by both dialects' runs: times are from this run's start.
      const start = clock.now();
      flakyDown = true;
      const url = (name: string) => `${hooks.url}/${dialect}-${name}`;
      for (const name of ['dead', 'flaky', 'alive']) {
        const res = await api(app, 'POST', '/status/subscribe', {
          token: null,
          body: { webhook_url: url(name) },
        });
        assert.equal(res.status, 202, JSON.stringify(res.body));
      }
      const sentTo = (name: string) => hooks.requests.filter((r) => r.path === `/${dialect}-${name}`).length;
      const listed = async () => {
        const res = await api<{ data: StatusSubscriberView[] }>(
          app,
          'GET',
          '/api/v1/status-page/subscribers?kind=webhook&limit=100',
        );
        assert.equal(res.status, 200);
        const byName = (name: string) => res.body.data.find((s) => s.address === url(name))!;
        return { dead: byName('dead'), flaky: byName('flaky'), alive: byName('alive') };
      };

      const component = await buildComponent(app);
      const incident = await publishIncident(app, {
        name: 'Queue delays',
        components: { [component.id]: 'degraded_performance' },
      });
      await drain();
      // Enough deliveries given up in a row, but within hours: not yet.
      for (let i = 1; i < QUARANTINE_AFTER_FAILURES; i++) {
        clock.advance(HOUR);
        await postUpdate(app, incident.id, { status: 'investigating', body: `Still looking (${i})` });
        await drain();
      }
      assert.equal(sentTo('dead'), QUARANTINE_AFTER_FAILURES);
      let now = await listed();
      assert.deepEqual(
        [now.dead.quarantined_at, now.flaky.quarantined_at, now.alive.quarantined_at],
        [null, null, null],
      );

      // 3 days without a delivery through: the dead one is quarantined; the flaky one is back up
      // in time, and one success clears its record.
      clock.set(start + QUARANTINE_AFTER_MS);
      flakyDown = false;
      await postUpdate(app, incident.id, { status: 'identified', body: 'Found the cause.' });
      await drain();
      now = await listed();
      assert.equal(now.dead.quarantined_at, new Date(start + QUARANTINE_AFTER_MS).toISOString());
      assert.equal(now.flaky.quarantined_at, null);
      assert.equal(now.alive.quarantined_at, null);
      assert.deepEqual(await auditActions(app, 'status_subscriber', now.dead.id), [
        'status_page.subscriber.quarantine',
      ]);
      assert.deepEqual(await auditActions(app, 'status_subscriber', now.flaky.id), []);
      const dead = QUARANTINE_AFTER_FAILURES + 1;
      assert.equal(sentTo('dead'), dead);

      // Quarantined: nothing more is sent to it, while the others go on.
      flakyDown = true;
      clock.advance(HOUR);
      await postUpdate(app, incident.id, { status: 'resolved', body: 'Fixed.' });
      await drain();
      assert.equal(sentTo('dead'), dead);
      assert.equal(sentTo('flaky'), dead + 1);
      assert.equal(sentTo('alive'), dead + 1);
      const flaky = await server()
        .tdb.db.selectFrom('status_subscribers')
        .select(['failing_since', 'failed_deliveries', 'quarantined_at'])
        .where('id', '=', now.flaky.id)
        .executeTakeFirstOrThrow();
      assert.deepEqual(
        { ...flaky, failing_since: Number(flaky.failing_since) },
        { failing_since: clock.now(), failed_deliveries: 1, quarantined_at: null },
        'counted afresh since its success',
      );
    });
  },
  { clock: () => clock, env: { TOCSIN_PUBLIC_URL: 'https://tocsin.example.com' } },
);
