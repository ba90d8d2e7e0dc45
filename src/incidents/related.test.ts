import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { it } from 'node:test';
import { buildIntegration, buildService } from '../../test/factories.ts';
import { api, describeEachDialect } from '../../test/harness.ts';
import { type Clock, fixedClock } from '../platform/clock.ts';
import { labelPairs } from './related.ts';

type App = Parameters<typeof api>[0];
type Incident = { id: string; ref: string; created_at: string };
type Related = { incident: Incident; score: number; reasons: string[] };
type Err = { error: { code: string; message: string } };

const MINUTE = 60_000;
const DAY = 86_400_000;
const START = Date.parse('2026-11-25T10:00:00Z');
let clock: Clock & { advance(ms: number): void };

/** Fires one Alertmanager alert with these labels and answers the incident it opened. */
async function fire(
  app: App,
  key: string,
  serviceId: string,
  labels: Record<string, string>,
): Promise<Incident> {
  const res = await api(app, 'POST', `/integrations/alertmanager/${key}`, {
    token: null,
    body: {
      version: '4',
      groupKey: '{}',
      status: 'firing',
      receiver: 'tocsin',
      groupLabels: {},
      commonLabels: {},
      commonAnnotations: {},
      externalURL: 'http://alertmanager:9093',
      alerts: [
        {
          status: 'firing',
          labels,
          annotations: { summary: `${labels.alertname} firing` },
          startsAt: new Date(clock.now()).toISOString(),
          endsAt: '0001-01-01T00:00:00Z',
          generatorURL: 'http://prometheus:9090/graph',
          fingerprint: 'x',
        },
      ],
    },
  });
  assert.equal(res.status, 200, JSON.stringify(res.body));
  const pair = Object.entries(labels)[0]!.join('=');
  const alerts = await api<{ data: { incident_id: string }[] }>(
    app,
    'GET',
    `/api/v1/alerts?service_id=${serviceId}&label=${encodeURIComponent(pair)}`,
  );
  assert.equal(alerts.body.data.length, 1, JSON.stringify(alerts.body));
  return (await api<Incident>(app, 'GET', `/api/v1/incidents/${alerts.body.data[0]!.incident_id}`)).body;
}

it('label pairs leave out labels that say nothing and non-string values', () => {
  assert.deepEqual(labelPairs('{"alertname":"Up","severity":"critical","replica":"a","n":1,"e":""}'), [
    'alertname=Up',
  ]);
  assert.deepEqual(labelPairs('not json'), []);
  assert.deepEqual(labelPairs('[1,2]'), []);
});

describeEachDialect(
  'related incidents',
  (server) => {
    it('finds same-service and shared-label incidents of the last 30 days, best first', async () => {
      const { app, tdb } = server();
      const u = randomBytes(4).toString('hex');
      const a = await buildService(app);
      const b = await buildService(app);
      const c = await buildService(app);
      const intA = await buildIntegration(app, 'alertmanager', {}, a.id);
      const intB = await buildIntegration(app, 'alertmanager', {}, b.id);
      const intC = await buildIntegration(app, 'alertmanager', {}, c.id);
      const on = (i: { key: string; service_id: string }, labels: Record<string, string>) =>
        fire(app, i.key, i.service_id, { ...labels, severity: 'critical' });

      const old = await on(intA, { alertname: `Old${u}`, env: `prod-${u}` });
      const month = await on(intA, { alertname: `Month${u}`, env: `dev-${u}` });
      clock.advance(MINUTE);
      const subject = await on(intA, {
        alertname: `HighLatency${u}`,
        app: `checkout-${u}`,
        env: `prod-${u}`,
      });
      clock.advance(MINUTE);
      const sameService = await on(intA, {
        alertname: `DiskFull${u}`,
        app: `billing-${u}`,
        env: `prod-${u}`,
      });
      clock.advance(MINUTE);
      const labelTwin = await on(intB, {
        alertname: `HighLatency${u}`,
        app: `checkout-${u}`,
        env: `prod-${u}`,
      });
      clock.advance(MINUTE);
      const unrelated = await on(intB, { alertname: `Other${u}`, env: `staging-${u}` });
      const merged = await on(intA, { alertname: `Merged${u}`, app: `checkout-${u}` });
      // Nothing in common but the severity label, which says nothing.
      const severityOnly = await on(intC, { alertname: `Quiet${u}` });

      const created = Date.parse(subject.created_at);
      await tdb.db
        .updateTable('incidents')
        .set({ created_at: created - 31 * DAY })
        .where('id', '=', old.id)
        .execute();
      await tdb.db
        .updateTable('incidents')
        .set({ created_at: created - 29 * DAY })
        .where('id', '=', month.id)
        .execute();
      await tdb.db
        .updateTable('incidents')
        .set({ merged_into_id: subject.id })
        .where('id', '=', merged.id)
        .execute();

      const res = await api<{ data: Related[] }>(app, 'GET', `/api/v1/incidents/${subject.ref}/related`);
      assert.equal(res.status, 200, JSON.stringify(res.body));
      const found = res.body.data.map((r) => [r.incident.id, r.score, r.reasons]);
      assert.deepEqual(found, [
        [labelTwin.id, 3, [`shared labels: alertname=HighLatency${u}, app=checkout-${u}, env=prod-${u}`]],
        [sameService.id, 2, ['same service', `shared labels: env=prod-${u}`]],
        [month.id, 1, ['same service']],
      ]);
      const ids = res.body.data.map((r) => r.incident.id);
      for (const gone of [old, unrelated, merged, severityOnly, subject]) assert.ok(!ids.includes(gone.id));

      const one = await api<{ data: Related[] }>(
        app,
        'GET',
        `/api/v1/incidents/${subject.id}/related?limit=1`,
      );
      assert.deepEqual(
        one.body.data.map((r) => r.incident.id),
        [labelTwin.id],
      );

      // From the other side: the subject is related to its twin; the merged one points nowhere new.
      const back = await api<{ data: Related[] }>(app, 'GET', `/api/v1/incidents/${labelTwin.id}/related`);
      const top = back.body.data[0]!;
      assert.equal(top.incident.id, subject.id);
      assert.equal(top.score, 3);
      assert.ok(
        back.body.data.some((r) => r.incident.id === unrelated.id && r.reasons[0] === 'same service'),
      );
      const fromMerged = await api<{ data: Related[] }>(app, 'GET', `/api/v1/incidents/${merged.id}/related`);
      assert.ok(
        !fromMerged.body.data.some((r) => r.incident.id === subject.id),
        'not the one it was merged into',
      );
    });

    it('ties go to the newest; bad limits are 400 and unknown incidents 404', async () => {
      const { app } = server();
      const s = await buildService(app);
      const int = await buildIntegration(app, 'alertmanager', {}, s.id);
      const u = randomBytes(4).toString('hex');
      const first = await fire(app, int.key, s.id, { alertname: `A${u}` });
      clock.advance(MINUTE);
      const second = await fire(app, int.key, s.id, { alertname: `B${u}` });
      clock.advance(MINUTE);
      const third = await fire(app, int.key, s.id, { alertname: `C${u}` });
      const res = await api<{ data: Related[] }>(app, 'GET', `/api/v1/incidents/${first.id}/related`);
      assert.deepEqual(
        res.body.data.map((r) => r.incident.id),
        [third.id, second.id],
      );
      assert.equal((await api<Err>(app, 'GET', `/api/v1/incidents/${first.id}/related?limit=0`)).status, 400);
      assert.equal(
        (await api<Err>(app, 'GET', `/api/v1/incidents/${first.id}/related?limit=51`)).status,
        400,
      );
      assert.equal((await api<Err>(app, 'GET', '/api/v1/incidents/INC-999999/related')).status, 404);
    });
  },
  { clock: () => (clock = fixedClock(START)) },
);
