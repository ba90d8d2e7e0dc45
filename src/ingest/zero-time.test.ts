import assert from 'node:assert/strict';
import { it } from 'node:test';
import { buildIntegration } from '../../test/factories.ts';
import { api, describeEachDialect } from '../../test/harness.ts';
import { runDueTimers } from '../engine/timers.ts';
import { fixedClock } from '../platform/clock.ts';

/**
 * Go's zero time (issue 14 item 19): `amtool alert add` and other Go clients send
 * `startsAt: 0001-01-01T00:00:00Z` (and the same `endsAt`) for a time they leave unset. A zero or
 * missing startsAt is the time the alert arrived, as Alertmanager takes it, never the year 1
 * (time-to-detect is received_at - started_at); a zero or missing endsAt means no end.
 */

type Alert = {
  labels: Record<string, string>;
  status: string;
  started_at: string;
  received_at: string;
  ends_at: string | null;
};
type List<T> = { data: T[] };

const clock = fixedClock(Date.parse('2026-11-25T12:00:00Z'));
const ZERO = '0001-01-01T00:00:00Z';

describeEachDialect(
  'zero and missing times from Go clients',
  (server) => {
    const alertsOf = async (serviceId: string) =>
      (await api<List<Alert>>(server().app, 'GET', `/api/v1/alerts?service_id=${serviceId}`)).body.data;

    it('Alertmanager webhook, API v2 (Bearer and path) and Events v2: zero or missing start is the receive time', async () => {
      const { app } = server();
      const am = await buildIntegration(app, 'alertmanager');
      const now = new Date(clock.now()).toISOString();
      const hook = await api(app, 'POST', `/integrations/alertmanager/${am.key}`, {
        token: null,
        body: {
          version: '4',
          status: 'firing',
          alerts: [
            { status: 'firing', labels: { alertname: 'Hook', n: '1' }, startsAt: ZERO, endsAt: ZERO },
            { status: 'firing', labels: { alertname: 'Hook', n: '2' }, endsAt: ZERO },
          ],
        },
      });
      assert.equal(hook.status, 200, JSON.stringify(hook.body));
      const v2 = await api(app, 'POST', '/api/v2/alerts', {
        token: am.key,
        body: [
          { labels: { alertname: 'V2', n: '1' }, startsAt: ZERO, endsAt: ZERO },
          { labels: { alertname: 'V2', n: '2' }, startsAt: '0001-01-01T00:00:00.000Z' },
          { labels: { alertname: 'V2', n: '3' } },
        ],
      });
      assert.equal(v2.status, 200, JSON.stringify(v2.body));
      const viaPath = await api(app, 'POST', `/integrations/${am.key}/api/v2/alerts`, {
        token: null,
        body: [{ labels: { alertname: 'Path' }, startsAt: ZERO, endsAt: ZERO }],
      });
      assert.equal(viaPath.status, 200, JSON.stringify(viaPath.body));

      const alerts = await alertsOf(am.service_id);
      assert.equal(alerts.length, 6);
      for (const a of alerts) {
        const name = `${a.labels.alertname} ${a.labels.n ?? ''}`;
        assert.equal(a.started_at, now, `${name}: started when it arrived, not in the year 1`);
        assert.equal(a.received_at, now, name);
        assert.equal(a.ends_at, null, `${name}: no end`);
        assert.equal(a.status, 'triggered', `${name}: firing`);
      }

      const pd = await buildIntegration(app, 'events-v2');
      const ev = await api(app, 'POST', '/v2/enqueue', {
        token: null,
        body: {
          routing_key: pd.key,
          event_action: 'trigger',
          payload: { summary: 'go client', source: 'x', severity: 'error', timestamp: ZERO },
        },
      });
      assert.equal(ev.status, 202, JSON.stringify(ev.body));
      assert.equal((await alertsOf(pd.service_id))[0]!.started_at, now);
    });

    it('a firing alert with a zero endsAt stays firing; a real startsAt is kept', async () => {
      const { app, tdb, dialect } = server();
      const am = await buildIntegration(app, 'alertmanager');
      const res = await api(app, 'POST', `/integrations/${am.key}/api/v2/alerts`, {
        token: null,
        body: [{ labels: { alertname: 'Stays' }, startsAt: '2026-11-25T11:58:00Z', endsAt: ZERO }],
      });
      assert.equal(res.status, 200, JSON.stringify(res.body));
      clock.advance(60 * 60_000);
      await runDueTimers({ db: tdb.db, dialect, clock });
      const [alert] = await alertsOf(am.service_id);
      assert.equal(alert!.status, 'triggered');
      assert.equal(alert!.ends_at, null);
      assert.equal(alert!.started_at, '2026-11-25T11:58:00.000Z');
    });
  },
  { clock: () => clock },
);
