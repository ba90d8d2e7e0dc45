import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { Agent } from 'node:https';
import { after, before, describe, it } from 'node:test';
import { acknowledge, change, event, resolve, trigger } from '@pagerduty/pdjs';
import { buildIntegration } from '../../test/factories.ts';
import { DIALECTS, api } from '../../test/harness.ts';
import { type ListeningTocsin, startListeningTocsin } from '../../test/peers/tocsin.ts';
import { makeTestCertificate } from '../../test/tls.ts';

/**
 * PagerDuty's own JavaScript client against a running Tocsin. pdjs builds
 * `https://${server}/v2/enqueue` with the scheme fixed, so Tocsin serves HTTPS itself with a
 * throwaway certificate, and pdjs is handed an https.Agent that trusts it: pdjs passes its options
 * through cross-fetch to node-fetch, which takes a Node `agent`.
 */

type EventParameters = Parameters<typeof event>[0];
type EventData = EventParameters['data'];

type PdAnswer = { status: string; message: string; dedup_key?: string; errors?: string[] };
type AlertList = {
  data: {
    id: string;
    status: string;
    dedup_key: string;
    summary: string;
    severity: string;
    source: string;
    component: string | null;
    group: string | null;
    class: string | null;
    details: unknown;
    links: { href: string; text?: string }[];
    occurrences: number;
    incident_id: string | null;
    acknowledged_at: string | null;
    resolved_at: string | null;
  }[];
};
type IncidentList = { data: { id: string; status: string; alert_count: number; title: string }[] };

for (const dialect of DIALECTS) {
  describe(`@pagerduty/pdjs against Tocsin over HTTPS [${dialect}]`, () => {
    let tocsin: ListeningTocsin | undefined;
    let certDir: string | undefined;
    let agent: Agent | undefined;

    before(async () => {
      const tls = makeTestCertificate();
      certDir = tls.dir;
      tocsin = await startListeningTocsin(dialect, { tls });
      agent = new Agent({ ca: tls.cert });
    });
    after(async () => {
      agent?.destroy();
      await tocsin?.close();
      if (certDir !== undefined) rmSync(certDir, { recursive: true, force: true });
    });

    const running = (): ListeningTocsin => {
      if (tocsin === undefined) throw new Error('Tocsin did not start');
      return tocsin;
    };

    /** pdjs's parameters for this Tocsin. `agent` is not in pdjs's types (they list the browser's
     * RequestInit), so the object is built first and then handed over as the declared type. */
    const to = (data: EventData): EventParameters => {
      const params = { server: `127.0.0.1:${running().port}`, data, agent };
      return params;
    };

    const alertsOf = async (serviceId: string) =>
      (await api<AlertList>(running().app, 'GET', `/api/v1/alerts?service_id=${serviceId}`)).body.data;
    const incidentsOf = async (serviceId: string) =>
      (await api<IncidentList>(running().app, 'GET', `/api/v1/incidents?service_id=${serviceId}`)).body.data;

    const payload = {
      summary: 'Disk full on db-1 (sent by pdjs)',
      source: 'db-1.example.com',
      severity: 'critical' as const,
      component: 'postgres',
      group: 'prod-datapipe',
      class: 'disk',
      custom_details: { free: '0%', mount: '/var/lib/postgresql' },
    };

    it('event(): trigger, acknowledge and resolve by dedup_key get PagerDuty answers; the alert and incident follow', async () => {
      const { app } = running();
      const int = await buildIntegration(app, 'events-v2');
      const dedup = `pdjs-${dialect}-disk-db-1`;

      const triggered = await event(
        to({
          routing_key: int.key,
          event_action: 'trigger',
          dedup_key: dedup,
          payload,
          links: [{ href: 'https://runbooks.example.com/disk', text: 'Runbook' }],
        }),
      );
      assert.equal(triggered.status, 202);
      assert.deepEqual(triggered.data, { status: 'success', message: 'Event processed', dedup_key: dedup });

      // A re-send folds into the open alert, as at PagerDuty.
      const again = await event(
        to({ routing_key: int.key, event_action: 'trigger', dedup_key: dedup, payload }),
      );
      assert.equal(again.status, 202);

      const stored = await alertsOf(int.service_id);
      assert.equal(stored.length, 1);
      let alert = stored[0];
      assert.ok(alert);
      assert.equal(alert.status, 'triggered');
      assert.equal(alert.dedup_key, dedup);
      assert.equal(alert.occurrences, 2);
      assert.equal(alert.summary, payload.summary);
      assert.equal(alert.severity, 'critical');
      assert.equal(alert.source, payload.source);
      assert.equal(alert.component, 'postgres');
      assert.equal(alert.group, 'prod-datapipe');
      assert.equal(alert.class, 'disk');
      assert.deepEqual(alert.details, payload.custom_details);
      assert.deepEqual(alert.links[0], { href: 'https://runbooks.example.com/disk', text: 'Runbook' });
      let [incident] = await incidentsOf(int.service_id);
      assert.equal(incident?.status, 'triggered');
      assert.equal(incident.alert_count, 1);
      assert.equal(incident.id, alert.incident_id);

      // pdjs's types require a payload on every event; PagerDuty ignores it for acknowledge/resolve.
      const acked = await event(
        to({ routing_key: int.key, event_action: 'acknowledge', dedup_key: dedup, payload }),
      );
      assert.equal(acked.status, 202);
      assert.deepEqual(acked.data, { status: 'success', message: 'Event processed', dedup_key: dedup });
      [alert] = await alertsOf(int.service_id);
      assert.equal(alert?.status, 'acknowledged');
      assert.notEqual(alert.acknowledged_at, null);
      [incident] = await incidentsOf(int.service_id);
      assert.equal(incident?.status, 'acknowledged');

      const resolved = await event(
        to({ routing_key: int.key, event_action: 'resolve', dedup_key: dedup, payload }),
      );
      assert.equal(resolved.status, 202);
      assert.deepEqual(resolved.data, { status: 'success', message: 'Event processed', dedup_key: dedup });
      [alert] = await alertsOf(int.service_id);
      assert.equal(alert?.status, 'resolved');
      assert.notEqual(alert.resolved_at, null);
      [incident] = await incidentsOf(int.service_id);
      assert.equal(incident?.status, 'resolved');
    });

    it('trigger() without a dedup_key gets a generated one that acknowledge() and resolve() follow', async () => {
      const { app } = running();
      const int = await buildIntegration(app, 'events-v2');
      // The shorthands set event_action themselves; pdjs's types still ask for one.
      const res = await trigger(to({ routing_key: int.key, event_action: 'trigger', payload }));
      assert.equal(res.status, 202);
      const answer = res.data as PdAnswer;
      assert.equal(answer.status, 'success');
      const key = answer.dedup_key;
      assert.match(key ?? '', /^[0-9a-f]{32}$/);
      let [alert] = await alertsOf(int.service_id);
      assert.equal(alert?.dedup_key, key);

      const ack = await acknowledge(
        to({ routing_key: int.key, event_action: 'acknowledge', dedup_key: key, payload }),
      );
      assert.equal(ack.status, 202);
      [alert] = await alertsOf(int.service_id);
      assert.equal(alert?.status, 'acknowledged');

      const res2 = await resolve(
        to({ routing_key: int.key, event_action: 'resolve', dedup_key: key, payload }),
      );
      assert.equal(res2.status, 202);
      assert.deepEqual(res2.data, { status: 'success', message: 'Event processed', dedup_key: key });
      [alert] = await alertsOf(int.service_id);
      assert.equal(alert?.status, 'resolved');
      const [incident] = await incidentsOf(int.service_id);
      assert.equal(incident?.status, 'resolved');
    });

    it('hands back PagerDuty-shaped 400 "invalid event" answers, which pdjs resolves rather than throws', async () => {
      const { app } = running();
      const int = await buildIntegration(app, 'events-v2');
      const cases: [EventData, RegExp][] = [
        [
          { routing_key: '0123456789abcdef0123456789abcdef', event_action: 'trigger', payload },
          /routing_key: no integration has this key/,
        ],
        [
          {
            routing_key: int.key,
            event_action: 'trigger',
            payload: { ...payload, summary: 'x'.repeat(1025) },
          },
          /'payload.summary' is longer than 1024/,
        ],
        [
          { routing_key: int.key, event_action: 'trigger', payload: { ...payload, timestamp: 'yesterday' } },
          /'payload.timestamp' is not a valid timestamp/,
        ],
      ];
      for (const [data, message] of cases) {
        const res = await event(to(data));
        assert.equal(res.status, 400);
        const answer = res.data as PdAnswer;
        assert.equal(answer.status, 'invalid event');
        assert.equal(answer.message, 'Event object is invalid');
        assert.match((answer.errors ?? []).join('\n'), message);
      }
      assert.equal((await alertsOf(int.service_id)).length, 0);
    });

    it('change() stores a change event on the service', async () => {
      const { app, tdb } = running();
      const int = await buildIntegration(app, 'events-v2');
      // pdjs types change() with the alert event's shape, so event_action and severity come along;
      // PagerDuty and Tocsin ignore them on change events.
      const res = await change(
        to({
          routing_key: int.key,
          event_action: 'trigger',
          payload: {
            summary: 'Deployed checkout v1.2.3 (sent by pdjs)',
            source: 'ci',
            severity: 'info',
            timestamp: '2026-11-25T10:00:00.000+0000',
            custom_details: { build: '42' },
          },
          links: [{ href: 'https://ci.example.com/42', text: 'Build 42' }],
        }),
      );
      assert.equal(res.status, 202);
      assert.deepEqual(res.data, { status: 'success', message: 'Change event processed' });
      const rows = await tdb.db
        .selectFrom('change_events')
        .selectAll()
        .where('service_id', '=', int.service_id)
        .execute();
      assert.equal(rows.length, 1);
      assert.equal(rows[0]?.summary, 'Deployed checkout v1.2.3 (sent by pdjs)');
      assert.equal(rows[0]?.timestamp, Date.parse('2026-11-25T10:00:00Z'));
      assert.deepEqual(JSON.parse(rows[0]?.details ?? 'null'), { build: '42' });
    });
  });
}
