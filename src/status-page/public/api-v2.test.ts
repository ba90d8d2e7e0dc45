import assert from 'node:assert/strict';
import { gunzipSync } from 'node:zlib';
import type { AddressInfo } from 'node:net';
import { before, it } from 'node:test';
import { Statuspage } from 'statuspage.io';
import { fixedClock } from '../../platform/clock.ts';
import { api, describeEachDialect } from '../../../test/harness.ts';
import {
  NOW,
  PAGE_ID,
  PUBLIC_URL,
  type Scenario,
  at,
  seedScenario,
} from '../../../test/status-page-scenario.ts';
import { insertUpdate } from '../../../test/status-page-factories.ts';
import type { V2Component, V2Incident, V2Page, V2Status } from './statuspage-v2.ts';
import { publicPageCache } from './routes.ts';

/**
 * The Statuspage API v2 endpoints, field by field against Statuspage's shapes, read by a real
 * Statuspage client from npm, leaking nothing internal, cached with ETags and still fresh.
 */

const iso = (t: number) => new Date(t).toISOString();
const ENDPOINTS = [
  'summary.json',
  'status.json',
  'components.json',
  'incidents.json',
  'incidents/unresolved.json',
  'scheduled-maintenances.json',
  'scheduled-maintenances/upcoming.json',
  'scheduled-maintenances/active.json',
];
const COMPONENT_KEYS = [
  'id',
  'name',
  'status',
  'created_at',
  'updated_at',
  'position',
  'description',
  'showcase',
  'start_date',
  'group_id',
  'page_id',
  'group',
  'only_show_if_degraded',
];
const INCIDENT_KEYS = [
  'id',
  'name',
  'status',
  'created_at',
  'updated_at',
  'monitoring_at',
  'resolved_at',
  'impact',
  'shortlink',
  'started_at',
  'page_id',
  'incident_updates',
  'components',
];
const UPDATE_KEYS = [
  'id',
  'status',
  'body',
  'incident_id',
  'created_at',
  'updated_at',
  'display_at',
  'affected_components',
  'deliver_notifications',
];

interface Summary {
  page: V2Page;
  components: V2Component[];
  incidents: V2Incident[];
  scheduled_maintenances: V2Incident[];
  status: V2Status;
}

describeEachDialect(
  'status page API v2',
  (server) => {
    let s: Scenario;
    const get = async <T>(name: string) => {
      const res = await api<T>(server().app, 'GET', `/status/api/v2/${name}`, { token: null });
      assert.equal(res.status, 200, `${name}: ${JSON.stringify(res.body)}`);
      return res;
    };
    before(async () => {
      s = await seedScenario(server());
      publicPageCache(server().app.deps).invalidate();
    });

    it('summary.json: page, components with groups, unresolved incidents, maintenance, status', async () => {
      const { body, headers } = await get<Summary>('summary.json');
      assert.deepEqual(Object.keys(body), [
        'page',
        'components',
        'incidents',
        'scheduled_maintenances',
        'status',
      ]);
      assert.deepEqual(body.page, {
        id: PAGE_ID,
        name: 'Acme',
        url: PUBLIC_URL,
        time_zone: 'Europe/Paris',
        updated_at: iso(at('2026-12-05T11:30:00Z')),
      });
      assert.deepEqual(body.status, { indicator: 'major', description: 'Partial System Outage' });
      assert.deepEqual(
        body.components.map((c) => c.name),
        ['Billing', 'Core', 'API', 'Web', 'Docs'],
        'top level by position, each group followed by its components',
      );
      const [, group, apiComponent] = body.components;
      assert.deepEqual(Object.keys(apiComponent!), COMPONENT_KEYS);
      assert.deepEqual(apiComponent, {
        id: s.api,
        name: 'API',
        status: 'partial_outage',
        created_at: iso(at('2026-10-01T10:00:00Z')),
        updated_at: iso(at('2026-12-05T11:00:00Z')),
        position: 1,
        description: 'Public REST API',
        showcase: true,
        start_date: null,
        group_id: s.groupId,
        page_id: PAGE_ID,
        group: false,
        only_show_if_degraded: false,
      });
      assert.deepEqual(group, {
        id: s.groupId,
        name: 'Core',
        status: 'partial_outage',
        created_at: iso(at('2026-10-01T10:00:00Z')),
        updated_at: iso(at('2026-10-01T10:00:00Z')),
        position: 1,
        description: null,
        showcase: false,
        start_date: null,
        group_id: null,
        page_id: PAGE_ID,
        group: true,
        only_show_if_degraded: false,
        components: [s.api, s.web],
      });
      assert.equal(body.components.find((c) => c.name === 'Docs')!.only_show_if_degraded, true);
      assert.deepEqual(
        body.incidents.map((i) => i.id),
        [s.open],
      );
      assert.deepEqual(
        body.scheduled_maintenances.map((m) => m.id),
        [s.active, s.upcoming],
        'in progress, then upcoming',
      );
      assert.equal(headers['access-control-allow-origin'], '*');
    });

    it('an incident as Statuspage has it: updates newest first, affected components, shortlink', async () => {
      const { body } = await get<{ page: V2Page; incidents: V2Incident[] }>('incidents/unresolved.json');
      const incident = body.incidents[0]!;
      assert.deepEqual(Object.keys(incident), INCIDENT_KEYS);
      const { incident_updates: updates, components, ...fields } = incident;
      assert.deepEqual(fields, {
        id: s.open,
        name: 'Elevated API errors',
        status: 'identified',
        created_at: iso(at('2026-12-05T11:00:00Z')),
        updated_at: iso(at('2026-12-05T11:30:00Z')),
        monitoring_at: null,
        resolved_at: null,
        impact: 'major',
        shortlink: `${PUBLIC_URL}/incidents/${s.open}`,
        started_at: iso(at('2026-12-05T11:00:00Z')),
        page_id: PAGE_ID,
      });
      assert.deepEqual(
        components.map((c) => [c.id, c.status]),
        [[s.api, 'partial_outage']],
      );
      assert.deepEqual(
        updates.map((u) => u.status),
        ['identified', 'investigating'],
      );
      const first = updates[1]!;
      assert.deepEqual(Object.keys(first), UPDATE_KEYS);
      assert.deepEqual(
        { ...first, id: 'x' },
        {
          id: 'x',
          status: 'investigating',
          body: 'We are **investigating** errors. <script>alert(1)</script> [more](javascript:alert(1))',
          incident_id: s.open,
          created_at: iso(at('2026-12-05T11:00:00Z')),
          updated_at: iso(at('2026-12-05T11:00:00Z')),
          display_at: iso(at('2026-12-05T11:00:00Z')),
          affected_components: [
            { code: s.api, name: 'API', old_status: 'operational', new_status: 'partial_outage' },
          ],
          deliver_notifications: true,
        },
        'the body is the Markdown as written (JSON is not HTML)',
      );
      assert.equal(updates[0]!.affected_components, null, 'no component changed: null, as Statuspage');
    });

    it('incidents.json lists resolved ones too; maintenances carry their schedule', async () => {
      const all = (await get<{ incidents: V2Incident[] }>('incidents.json')).body.incidents;
      assert.deepEqual(
        all.map((i) => i.id),
        [s.open, s.resolved],
      );
      assert.equal(all[1]!.resolved_at, iso(at('2026-12-01T09:00:00Z')));
      assert.ok(all.every((i) => !('scheduled_for' in i)));

      type M = { scheduled_maintenances: V2Incident[] };
      const maintenances = (await get<M>('scheduled-maintenances.json')).body.scheduled_maintenances;
      assert.deepEqual(
        maintenances.map((m) => m.id),
        [s.upcoming, s.active],
        'newest first',
      );
      assert.deepEqual(Object.keys(maintenances[0]!), [...INCIDENT_KEYS, 'scheduled_for', 'scheduled_until']);
      assert.equal(maintenances[0]!.scheduled_for, iso(at('2026-12-06T02:00:00Z')));
      assert.equal(maintenances[0]!.scheduled_until, iso(at('2026-12-06T04:00:00Z')));
      assert.equal(maintenances[0]!.impact, 'maintenance');
      const upcoming = (await get<M>('scheduled-maintenances/upcoming.json')).body.scheduled_maintenances;
      assert.deepEqual(
        upcoming.map((m) => m.id),
        [s.upcoming],
      );
      const active = (await get<M>('scheduled-maintenances/active.json')).body.scheduled_maintenances;
      assert.deepEqual(
        active.map((m) => [m.id, m.status]),
        [[s.active, 'in_progress']],
      );
      const status = (await get<{ page: V2Page; status: V2Status }>('status.json')).body;
      assert.deepEqual(Object.keys(status), ['page', 'status']);
      const components = (await get<{ components: V2Component[] }>('components.json')).body.components;
      assert.equal(components.length, 5);
    });

    it('the statuspage.io client from npm reads every endpoint', async () => {
      const app = server().app;
      await app.listen({ host: '127.0.0.1', port: 0 });
      const { port } = app.server.address() as AddressInfo;
      const client = new Statuspage(PAGE_ID);
      client.setApiUrl(`http://127.0.0.1:${port}/status`);
      const summary = await client.api.getSummary();
      assert.equal(summary.page.id, PAGE_ID);
      assert.equal(summary.status.indicator, 'major');
      assert.deepEqual(
        summary.incidents.map((i) => i.name),
        ['Elevated API errors'],
      );
      assert.equal((await client.api.getStatus()).status.description, 'Partial System Outage');
      assert.equal((await client.api.getComponents()).components.length, 5);
      assert.equal((await client.api.incidents.getAll()).incidents.length, 2);
      assert.equal((await client.api.incidents.getUnresolved()).incidents[0]!.incident_updates.length, 2);
      // This client (3.x) asks upcoming.json for all three maintenance calls: what it gets is ours.
      for (const call of ['getAll', 'getUpcoming', 'getActive'] as const) {
        const m = await client.api.scheduledMaintenances[call]();
        assert.deepEqual(
          m.scheduled_maintenances.map((x) => [x.name, x.status]),
          [['Web server patching', 'scheduled']],
          call,
        );
      }
    });

    it('no endpoint shows anything internal', async () => {
      const paths = [
        ...ENDPOINTS.map((e) => `/status/api/v2/${e}`),
        '/status',
        '/status/history',
        `/status/incidents/${s.open}`,
        `/status/incidents/${s.active}`,
        '/status/history.rss',
        '/status/history.atom',
      ];
      for (const path of paths) {
        const res = await api(server().app, 'GET', path, { token: null });
        assert.equal(res.status, 200, path);
        const text = typeof res.body === 'string' ? res.body : JSON.stringify(res.body);
        for (const { label, value } of s.internal) {
          assert.ok(!text.includes(value), `${path} shows the ${label} (${value})`);
        }
        for (const key of [
          'created_by',
          'maintenance_window_id',
          'service_id',
          'fanned_out_at',
          'changed_by',
        ]) {
          assert.ok(!text.includes(key), `${path} has a ${key} field`);
        }
      }
    });

    it('answers carry an ETag and a short public max-age; a matching If-None-Match is 304', async () => {
      const app = server().app;
      const first = await api(app, 'GET', '/status/api/v2/summary.json', { token: null });
      assert.equal(first.headers['cache-control'], 'public, max-age=2');
      const etag = String(first.headers.etag);
      assert.match(etag, /^"[\w-]+"$/);
      const again = await api(app, 'GET', '/status/api/v2/summary.json', {
        token: null,
        headers: { 'if-none-match': etag },
      });
      assert.equal(again.status, 304);
      assert.equal(again.body, '');
      const other = await api(app, 'GET', '/status/api/v2/status.json', {
        token: null,
        headers: { 'if-none-match': etag },
      });
      assert.equal(other.status, 200, 'another answer has another ETag');
    });

    it('gzips for a client that accepts it, with its own ETag; the plain body otherwise', async () => {
      const app = server().app;
      const url = '/status/api/v2/summary.json';
      const plain = await app.inject({ method: 'GET', url });
      assert.ok(plain.rawPayload.length >= 1024, 'large enough to be compressed');
      assert.equal(plain.headers['content-encoding'], undefined);
      assert.equal(plain.headers.vary, 'accept-encoding');
      const zipped = await app.inject({
        method: 'GET',
        url,
        headers: { 'accept-encoding': 'br, gzip;q=0.8' },
      });
      assert.equal(zipped.headers['content-encoding'], 'gzip');
      assert.deepEqual(gunzipSync(zipped.rawPayload), plain.rawPayload);
      assert.ok(zipped.rawPayload.length < plain.rawPayload.length / 2);
      const gzEtag = String(zipped.headers.etag);
      assert.notEqual(gzEtag, plain.headers.etag);
      const refused = await app.inject({ method: 'GET', url, headers: { 'accept-encoding': 'gzip;q=0' } });
      assert.equal(refused.headers['content-encoding'], undefined);
      const again = await app.inject({
        method: 'GET',
        url,
        headers: { 'accept-encoding': 'gzip', 'if-none-match': gzEtag },
      });
      assert.equal(again.statusCode, 304);
      const small = await app.inject({
        method: 'GET',
        url: '/status/api/v2/status.json',
        headers: { 'accept-encoding': 'gzip' },
      });
      assert.equal(small.headers['content-encoding'], undefined, 'a small answer goes as it is');
    });

    it('an update is visible within 2 s without anything telling this node', async () => {
      const app = server().app;
      await api(app, 'GET', '/status/api/v2/summary.json', { token: null });
      const written = performance.now();
      await insertUpdate(server().tdb.db, s.open, {
        status: 'monitoring',
        body: 'A fix is out; watching.',
        at: NOW,
      });
      let seen = Infinity;
      while (performance.now() - written < 3000) {
        const res = await api<Summary>(app, 'GET', '/status/api/v2/summary.json', { token: null });
        if (res.body.incidents[0]?.status === 'monitoring') {
          seen = performance.now() - written;
          break;
        }
        await new Promise((r) => setTimeout(r, 50));
      }
      assert.ok(seen < 2000, `visible after ${seen.toFixed(0)} ms`);
    });
  },
  { clock: () => fixedClock(NOW) },
);
