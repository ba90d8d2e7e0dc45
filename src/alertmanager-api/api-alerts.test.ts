import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { it } from 'node:test';
import { parse } from 'yaml';
import {
  buildIntegration,
  buildMaintenanceWindow,
  buildService,
  buildUser,
  created,
  uniqueName,
} from '../../test/factories.ts';
import { type Answer, api, describeEachDialect } from '../../test/harness.ts';
import type { App } from '../platform/http/app.ts';
import { type Clock, fixedClock } from '../platform/clock.ts';
import type { AlertGroup, GettableAlert } from './alerts.ts';

/**
 * Alertmanager's API v2 read side (alerts, groups, receivers, status) over HTTP, as amtool,
 * Grafana and Karma call it: what each credential sees, the shapes they decode, the errors they
 * print. Alerts come in through the real ingest endpoint; silences through both APIs.
 */
type AmConfig = { route: { receiver: string; group_by: string[] }; receivers: { name: string }[] };

const START = Date.parse('2031-03-01T10:00:00Z');
const MIN = 60_000;
const GO_ZERO = '0001-01-01T00:00:00.000Z';
let clock: Clock & { advance(ms: number): void } = fixedClock(START);
const at = (ms: number) => new Date(clock.now() + ms).toISOString();

/** How a client hands over its secret: in the path, as a Bearer token, or as a Basic password. */
type Cred = { key: string } | { bearer: string } | { basic: string };

function am<T>(app: App, path: string, cred: Cred): Promise<Answer<T>> {
  if ('key' in cred) return api<T>(app, 'GET', `/integrations/${cred.key}/api/v2${path}`, { token: null });
  if ('bearer' in cred) return api<T>(app, 'GET', `/api/v2${path}`, { token: cred.bearer });
  const basic = Buffer.from(`grafana:${cred.basic}`).toString('base64');
  return api<T>(app, 'GET', `/api/v2${path}`, { token: null, headers: { authorization: `Basic ${basic}` } });
}

async function amOk<T>(app: App, path: string, cred: Cred): Promise<T> {
  const res = await am<T>(app, path, cred);
  assert.equal(res.status, 200, `GET ${path}: ${JSON.stringify(res.body)}`);
  return res.body;
}

/** Alerts through the ingest endpoint Prometheus posts to; answers 200 when taken in. */
async function send(app: App, key: string, alerts: Record<string, unknown>[]): Promise<void> {
  const res = await api(app, 'POST', `/integrations/${key}/api/v2/alerts`, { token: null, body: alerts });
  assert.equal(res.status, 200, JSON.stringify(res.body));
}

/** An anchored receiver regex for these services (names are shared-database unique). */
const receiverOf = (...names: string[]) => encodeURIComponent(names.join('|'));
const q = (s: string) => encodeURIComponent(s);

/** A service with an alertmanager integration to send and read with. */
async function amService(app: App, overrides: Record<string, unknown> = {}) {
  const service = await buildService(app, overrides);
  const int = await buildIntegration(app, 'alertmanager', {}, service.id);
  return { service, key: int.key };
}

describeEachDialect(
  'Alertmanager API v2: alerts, groups, receivers, status',
  (server) => {
    it('a key sees its own service; path, Bearer and Basic answer alike; a token sees every service', async () => {
      const { app, adminToken } = server();
      const a = await amService(app);
      const b = await amService(app);
      // A Grafana key reads too (its data source), and sees its service, whatever integration sent.
      const grafana = await buildIntegration(app, 'grafana', {}, b.service.id);
      const run = uniqueName('r').replace(' ', '-');
      await send(app, a.key, [{ labels: { alertname: 'OnA', run } }]);
      await send(app, b.key, [{ labels: { alertname: 'OnB', run } }]);

      for (const path of ['/alerts', '/alerts/groups', '/receivers', '/status']) {
        const byPath = await amOk(app, path, { key: a.key });
        assert.deepEqual(await amOk(app, path, { bearer: a.key }), byPath, `${path} Bearer`);
        assert.deepEqual(await amOk(app, path, { basic: a.key }), byPath, `${path} Basic`);
      }
      const names = (alerts: GettableAlert[]) => alerts.map((x) => x.labels.alertname);
      assert.deepEqual(names(await amOk(app, '/alerts', { key: a.key })), ['OnA']);
      assert.deepEqual(names(await amOk(app, '/alerts', { key: grafana.key })), ['OnB']);
      const groups = await amOk<AlertGroup[]>(app, '/alerts/groups', { key: a.key });
      assert.deepEqual(
        groups.map((g) => [g.receiver.name, names(g.alerts)]),
        [[a.service.name, ['OnA']]],
      );
      assert.deepEqual(await amOk(app, '/receivers', { key: a.key }), [{ name: a.service.name }]);

      // The token sees both services' alerts (narrowed by label to this test's own).
      const all = await amOk<GettableAlert[]>(app, `/alerts?filter=${q(`run="${run}"`)}`, {
        bearer: adminToken,
      });
      assert.deepEqual(names(all).sort(), ['OnA', 'OnB']);
      assert.deepEqual(
        await amOk(app, `/alerts?filter=${q(`run="${run}"`)}`, { basic: adminToken }),
        all,
        'a token as a Basic password works like Bearer',
      );
      const receivers = await amOk<{ name: string }[]>(app, '/receivers', { bearer: adminToken });
      assert.equal(receivers[0]?.name, 'tocsin', 'the root receiver comes first');
      const receiverNames = receivers.map((r) => r.name);
      for (const s of [a.service, b.service]) assert.ok(receiverNames.includes(s.name), s.name);
    });

    it('refuses bad credentials with Alertmanager-style string bodies', async () => {
      const { app } = server();
      const events = await buildIntegration(app, 'events-v2');
      const off = await buildIntegration(app, 'alertmanager');
      // Disabled before any read through this API, so no cached lookup can hide the change.
      const patched = await api(app, 'PATCH', `/api/v1/integrations/${off.id}`, { body: { enabled: false } });
      assert.equal(patched.status, 200, JSON.stringify(patched.body));
      const user = await buildUser(app, { role: 'admin' });
      const token = await created<{ id: string; token: string }>(app, '/api/v1/tokens', {
        name: uniqueName('t'),
        user_id: user.id,
      });
      assert.equal((await api(app, 'DELETE', `/api/v1/tokens/${token.id}`)).status, 200);

      const cases: [string, Answer<unknown>, number, RegExp][] = [
        ['no credential', await api(app, 'GET', '/api/v2/alerts', { token: null }), 401, /Bearer/],
        ['unknown key in path', await am(app, '/alerts', { key: 'f'.repeat(32) }), 404, /no integration/],
        ['unknown key as Bearer', await am(app, '/silences', { bearer: 'f'.repeat(32) }), 404, /integration/],
        ['events-v2 key', await am(app, '/alerts', { key: events.key }), 403, /events-v2/],
        ['events-v2 key as Basic', await am(app, '/receivers', { basic: events.key }), 403, /events-v2/],
        ['disabled integration', await am(app, '/status', { bearer: off.key }), 403, /disabled/],
        ['revoked token', await am(app, '/alerts', { bearer: token.token }), 401, /revoked/],
        ['unknown token', await am(app, '/alerts', { bearer: 'tcs_nope0123456789' }), 401, /not valid/],
      ];
      for (const [what, res, status, message] of cases) {
        assert.equal(res.status, status, `${what}: ${JSON.stringify(res.body)}`);
        assert.match(String(res.headers['content-type']), /application\/json/, what);
        // amtool and Grafana decode a bare JSON string; `{error: ...}` would show as garbage.
        assert.equal(typeof res.body, 'string', `${what}: ${JSON.stringify(res.body)}`);
        assert.match(res.body as string, message, what);
      }
    });

    it('presents alerts with Alertmanager’s fields, fingerprint and order; open ones only', async () => {
      const { app, adminToken } = server();
      const a = await amService(app);
      const b = await amService(app);
      // prometheus/common's own known answer (model/signature_test.go): 5799056148416392346.
      const known = { name: 'garland, briggs', fear: 'love is not enough' };
      await send(app, a.key, [
        {
          labels: { ...known, blank: '' },
          annotations: { summary: 'S', description: 'D' },
          generatorURL: 'http://prometheus:9090/graph?g0.expr=up',
          startsAt: at(-5 * MIN),
        },
        { labels: { alertname: 'Ending', x: '1' }, endsAt: at(10 * MIN) },
        { labels: { alertname: 'Gone', x: '2' }, endsAt: at(2 * MIN) },
        { labels: { alertname: 'Resolved', x: '3' }, endsAt: at(-MIN) },
      ]);
      await send(app, b.key, [{ labels: known }]);
      clock.advance(3 * MIN);

      const list = await amOk<GettableAlert[]>(app, '/alerts', { key: a.key });
      // 'Gone' passed its endsAt a minute ago and 'Resolved' came in resolved: neither is shown.
      assert.deepEqual(list.map((x) => x.labels.alertname ?? 'known').sort(), ['Ending', 'known']);
      const known1 = list.find((x) => x.labels.name !== undefined)!;
      assert.deepEqual(known1, {
        labels: known, // `blank` dropped: Alertmanager drops empty-valued labels
        annotations: { summary: 'S', description: 'D' },
        generatorURL: 'http://prometheus:9090/graph?g0.expr=up',
        fingerprint: '507a62d79ee76c9a',
        receivers: [{ name: a.service.name }],
        startsAt: at(-8 * MIN),
        updatedAt: at(-3 * MIN),
        endsAt: GO_ZERO, // none sent: Go's zero time, which clients read as unset
        status: { state: 'active', silencedBy: [], inhibitedBy: [] },
      });
      const ending = list.find((x) => x.labels.alertname === 'Ending')!;
      assert.equal(ending.endsAt, at(7 * MIN));
      assert.ok(!('generatorURL' in ending), 'no generatorURL when none was sent');
      assert.deepEqual(ending.annotations, {});
      assert.match(ending.fingerprint, /^[0-9a-f]{16}$/);
      assert.deepEqual(
        list.map((x) => x.fingerprint),
        list.map((x) => x.fingerprint).sort(),
        'sorted by fingerprint',
      );

      // PagerDuty-style events have no labels or annotations: their summary stands in.
      const pd = await buildIntegration(app, 'events-v2');
      for (const summary of ['Disk full', 'CPU hot']) {
        const sent = await api(app, 'POST', '/v2/enqueue', {
          token: null,
          body: {
            routing_key: pd.key,
            event_action: 'trigger',
            payload: { summary, source: 'db-1', severity: 'critical' },
          },
        });
        assert.equal(sent.status, 202, JSON.stringify(sent.body));
      }
      const pdName = (await api<{ name: string }>(app, 'GET', `/api/v1/services/${pd.service_id}`)).body.name;
      const everyName = receiverOf(a.service.name, b.service.name, pdName);
      const seen = await amOk<GettableAlert[]>(app, `/alerts?receiver=${everyName}`, { bearer: adminToken });
      // The same labels on two services: the same fingerprint, each with its own receiver.
      const twins = seen.filter((x) => x.fingerprint === '507a62d79ee76c9a');
      assert.deepEqual(
        twins.map((x) => x.receivers[0]!.name).sort(),
        [a.service.name, b.service.name].sort(),
      );
      const fromPd = seen.filter((x) => x.receivers[0]!.name === pdName);
      const bySummary = (x: GettableAlert, y: GettableAlert) =>
        (x.annotations.summary ?? '').localeCompare(y.annotations.summary ?? '');
      assert.deepEqual(
        [...fromPd].sort(bySummary).map((x) => [x.labels, x.annotations]),
        [
          [{}, { summary: 'CPU hot' }],
          [{}, { summary: 'Disk full' }],
        ],
      );
      // No labels, yet clients (Karma, Grafana) key alerts by fingerprint: the two must differ.
      const [fp1, fp2] = fromPd.map((x) => x.fingerprint);
      assert.match(fp1!, /^[0-9a-f]{16}$/);
      assert.notEqual(fp1, fp2);
    });

    it('works out silencedBy now, from silences and maintenance windows; silenced and active filter', async () => {
      const { app, adminToken } = server();
      const a = await amService(app);
      const other = await amService(app);
      const run = uniqueName('r').replace(' ', '-');
      // Both alerts page: no silence exists when they arrive.
      await send(app, a.key, [
        { labels: { alertname: 'Disk', instance: 'db-1', run } },
        { labels: { alertname: 'Disk', instance: 'db-2', run } },
      ]);
      const view = async (query = '') => {
        const list = await amOk<GettableAlert[]>(app, `/alerts${query}`, { key: a.key });
        return Object.fromEntries(list.map((x) => [x.labels.instance!, x.status]));
      };
      assert.deepEqual(await view(), {
        'db-1': { state: 'active', silencedBy: [], inhibitedBy: [] },
        'db-2': { state: 'active', silencedBy: [], inhibitedBy: [] },
      });

      // A silence on this run's alerts through a key (scoped to its service), or the admin token.
      const silence = (key: string | undefined, instance: string, startsAt = at(0)) =>
        api<{ silenceID: string }>(
          app,
          'POST',
          key === undefined ? '/api/v2/silences' : `/integrations/${key}/api/v2/silences`,
          {
            token: key === undefined ? adminToken : null,
            body: {
              matchers: [
                { name: 'run', value: run, isRegex: false, isEqual: true },
                { name: 'instance', value: instance, isRegex: true, isEqual: true },
              ],
              startsAt,
              endsAt: at(60 * MIN),
              createdBy: 'test',
              comment: 'silencedBy',
            },
          },
        );
      const scoped = await silence(a.key, 'db-1');
      const global = await silence(undefined, 'db-1');
      // Neither of these counts: another service's silence, and one that has not started.
      const elsewhere = await silence(other.key, 'db-.*');
      const later = await silence(a.key, 'db-.*', at(30 * MIN));
      for (const s of [scoped, global, elsewhere, later]) assert.equal(s.status, 200, JSON.stringify(s.body));
      const ids = [scoped.body.silenceID, global.body.silenceID].sort();
      assert.deepEqual(await view(), {
        'db-1': { state: 'suppressed', silencedBy: ids, inhibitedBy: [] },
        'db-2': { state: 'active', silencedBy: [], inhibitedBy: [] },
      });
      assert.deepEqual(Object.keys(await view('?silenced=false')), ['db-2']);
      assert.deepEqual(Object.keys(await view('?active=false')), ['db-1']);
      assert.deepEqual(await view('?active=false&silenced=false'), {});
      // inhibited and unprocessed are accepted; nothing is ever either, so they hide nothing.
      assert.equal(Object.keys(await view('?inhibited=false&unprocessed=false')).length, 2);

      // One that arrived silenced (stored suppressed, no page) is active as soon as its silence ends.
      const db3 = await silence(a.key, 'db-3');
      await send(app, a.key, [{ labels: { alertname: 'Disk', instance: 'db-3', run } }]);
      const silenced = { state: 'suppressed', silencedBy: [db3.body.silenceID], inhibitedBy: [] };
      assert.deepEqual((await view())['db-3'], silenced);
      const db3Url = `/integrations/${a.key}/api/v2/silence/${db3.body.silenceID}`;
      assert.equal((await api(app, 'DELETE', db3Url, { token: null })).status, 200);
      assert.deepEqual((await view())['db-3'], { state: 'active', silencedBy: [], inhibitedBy: [] });

      // A maintenance window on the service suppresses them all; its id joins silencedBy.
      const window = await buildMaintenanceWindow(app, { service_ids: [a.service.id] });
      const now = await view();
      assert.deepEqual(now['db-1']!.silencedBy, [...ids, window.id].sort());
      assert.deepEqual(now['db-2'], { state: 'suppressed', silencedBy: [window.id], inhibitedBy: [] });
    });

    it('filters by matchers and by an anchored receiver regex; refuses bad queries with 400', async () => {
      const { app, adminToken } = server();
      const a = await amService(app);
      const b = await amService(app);
      const run = uniqueName('r').replace(' ', '-');
      await send(app, a.key, [
        { labels: { alertname: 'Up', job: 'api', run } },
        { labels: { alertname: 'Up', job: 'web', run } },
        { labels: { alertname: 'Lag', job: 'db', run } },
      ]);
      await send(app, b.key, [{ labels: { alertname: 'Up', job: 'batch', run } }]);
      const jobs = async (query: string) => {
        const list = await amOk<GettableAlert[]>(app, `/alerts?filter=${q(`run="${run}"`)}${query}`, {
          bearer: adminToken,
        });
        return list.map((x) => x.labels.job).sort();
      };
      assert.deepEqual(await jobs(''), ['api', 'batch', 'db', 'web']);
      assert.deepEqual(await jobs(`&filter=${q('alertname="Up"')}`), ['api', 'batch', 'web']);
      assert.deepEqual(await jobs(`&filter=${q('job=~"a.*"')}`), ['api'], 'the regex is anchored');
      assert.deepEqual(await jobs(`&filter=${q('alertname!="Up"')}`), ['db']);
      assert.deepEqual(await jobs(`&filter=${q('job!~"api|db"')}&filter=${q('alertname="Up"')}`), [
        'batch',
        'web',
      ]);
      assert.deepEqual(await jobs(`&receiver=${receiverOf(b.service.name)}`), ['batch']);
      // Anchored: a prefix of the name is not the name.
      assert.deepEqual(await jobs(`&receiver=${q(a.service.name.slice(0, -1))}`), []);
      assert.deepEqual(await jobs(`&receiver=${q(`${a.service.name.slice(0, -1)}.`)}`), ['api', 'db', 'web']);

      const cases: [string, string, RegExp][] = [
        ['/alerts', '?active=maybe', /^active in query must be of type boolean: "maybe"$/],
        ['/alerts/groups', '?silenced=yes', /^silenced in query must be of type boolean: "yes"$/],
        ['/alerts', '?filter=foo', /^filter\.0: /],
        ['/alerts/groups', `?filter=${q('a="b"')}&filter=foo`, /^filter\.1: /],
        ['/alerts', `?filter=${q('a=~"("')}`, /^filter\.0: invalid regular expression "\("/],
        ['/alerts', `?receiver=${q('(')}`, /receiver/],
        ['/silences', '?filter=foo', /^filter\.0: /],
      ];
      for (const [path, query, message] of cases) {
        const res = await am<unknown>(app, `${path}${query}`, { key: a.key });
        assert.equal(res.status, 400, `${path}${query}: ${res.status} ${JSON.stringify(res.body)}`);
        assert.equal(typeof res.body, 'string', `${path}${query}: ${JSON.stringify(res.body)}`);
        assert.match(res.body as string, message);
      }
    });

    it('groups alerts by each service’s grouping rules, in Alertmanager’s order', async () => {
      const { app, adminToken } = server();
      const byName = await amService(app);
      const patched = await api(app, 'PATCH', `/api/v1/services/${byName.service.id}`, {
        body: { alert_grouping: { mode: 'labels', labels: ['alertname'], window_minutes: 10 } },
      });
      assert.equal(patched.status, 200, JSON.stringify(patched.body));
      const byKey = await amService(app);
      await send(app, byName.key, [
        { labels: { alertname: 'A', instance: 'i1', job: 'web' } },
        { labels: { alertname: 'A', instance: 'h0' } },
        { labels: { alertname: 'A', instance: 'i2', job: 'api' } },
        { labels: { alertname: 'B', instance: 'i1' } },
      ]);
      await send(app, byKey.key, [
        { labels: { alertname: 'C' } },
        { labels: { alertname: 'C', instance: 'i9' } },
      ]);

      const groups = await amOk<AlertGroup[]>(app, '/alerts/groups', { key: byName.key });
      assert.deepEqual(
        groups.map((g) => [g.labels, g.receiver.name, g.alerts.map((x) => x.labels.instance)]),
        [
          // Alerts of a group by job first (those without one last), then instance.
          [{ alertname: 'A' }, byName.service.name, ['i2', 'i1', 'h0']],
          [{ alertname: 'B' }, byName.service.name, ['i1']],
        ],
      );
      // Grouped by dedup key: one group per alert, labelled with all its labels; fewer labels first.
      const both = await amOk<AlertGroup[]>(
        app,
        `/alerts/groups?receiver=${receiverOf(byName.service.name, byKey.service.name)}`,
        { bearer: adminToken },
      );
      assert.deepEqual(
        both.map((g) => g.labels),
        [{ alertname: 'A' }, { alertname: 'B' }, { alertname: 'C' }, { alertname: 'C', instance: 'i9' }],
      );
      assert.equal(both[2]!.receiver.name, byKey.service.name);
      assert.deepEqual(
        both[3]!.alerts.map((x) => x.labels),
        [{ alertname: 'C', instance: 'i9' }],
      );
    });

    it('status and receivers describe the routing as an Alertmanager config', async () => {
      const { app, adminToken } = server();
      const grouped = await amService(app, {
        alert_grouping: { mode: 'labels', labels: ['alertname', 'cluster'], window_minutes: 5 },
      });
      const plain = await amService(app);
      const version = (JSON.parse(readFileSync('package.json', 'utf8')) as { version: string }).version;

      type Status = {
        cluster: unknown;
        versionInfo: Record<string, string>;
        config: { original: string };
        uptime: string;
      };
      const status = await amOk<Status>(app, '/status', { key: grouped.key });
      assert.deepEqual(status.cluster, { name: 'tocsin', status: 'ready', peers: [] });
      // amtool compares major.minor with its own; revision says what really answers.
      assert.equal(status.versionInfo.version, '0.25.0');
      assert.equal(status.versionInfo.revision, `tocsin ${version}`);
      assert.equal(status.uptime, new Date(START).toISOString(), 'since the server started');
      const config = parse(status.config.original) as AmConfig;
      assert.deepEqual(config.route, { receiver: grouped.service.name, group_by: ['alertname', 'cluster'] });
      assert.deepEqual(config.receivers, [{ name: grouped.service.name }]);

      const plainConfig = parse(
        (await amOk<Status>(app, '/status', { key: plain.key })).config.original,
      ) as AmConfig;
      assert.deepEqual(plainConfig.route, { receiver: plain.service.name, group_by: ['...'] });

      const tokenConfig = parse(
        (await amOk<Status>(app, '/status', { bearer: adminToken })).config.original,
      ) as AmConfig;
      assert.equal(tokenConfig.route.receiver, 'tocsin');
      const receivers = await amOk<{ name: string }[]>(app, '/receivers', { bearer: adminToken });
      // Every service is a receiver, after the root one, in config and list alike.
      const services = await api<{ data: { name: string }[] }>(app, 'GET', '/api/v1/services?limit=500');
      const serviceNames = services.body.data.map((s) => s.name).sort();
      assert.equal(receivers[0]?.name, 'tocsin');
      assert.deepEqual(
        receivers
          .slice(1)
          .map((r) => r.name)
          .sort(),
        serviceNames,
      );
      assert.deepEqual(tokenConfig.receivers, receivers);
      assert.deepEqual(await amOk(app, '/receivers', { key: plain.key }), [{ name: plain.service.name }]);
    });

    it('lists every open alert past the store’s 1000-row batches, each once', async () => {
      const { app } = server();
      const a = await amService(app);
      await send(
        app,
        a.key,
        Array.from({ length: 1001 }, (_, i) => ({ labels: { alertname: 'Many', i: String(i) } })),
      );
      const list = await amOk<GettableAlert[]>(app, '/alerts', { key: a.key });
      assert.equal(list.length, 1001);
      assert.equal(new Set(list.map((x) => x.labels.i)).size, 1001);
      const fingerprints = list.map((x) => x.fingerprint);
      assert.deepEqual(fingerprints, [...fingerprints].sort(), 'sorted by fingerprint across batches');
    });
  },
  { clock: () => (clock = fixedClock(START)) },
);
