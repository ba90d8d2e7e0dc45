import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import {
  auditActions,
  buildEscalationPolicy,
  buildIntegration,
  buildNotificationRule,
  buildService,
  buildUser,
  homeTeamFor,
  tokenFor,
  uniqueName,
  viewerToken,
} from '../../test/factories.ts';
import { api, describeEachDialect } from '../../test/harness.ts';
import { type HttpReceiver, startHttpReceiver } from '../../test/receivers.ts';
import { fixedClock } from '../platform/clock.ts';
import type { IncidentView, TimelineEntryView } from './schemas.ts';

type App = Parameters<typeof api>[0];
type Err = { error: { code: string; message: string } };

const MIN = 60_000;
const T0 = Date.parse('2026-11-25T09:00:00Z');
let clock: ReturnType<typeof fixedClock>;
let receiver: HttpReceiver;

before(async () => {
  receiver = await startHttpReceiver();
});
after(() => receiver.close());

describeEachDialect(
  'declaring incidents',
  (server) => {
    let token: string;
    let me: { id: string; name: string };

    before(async () => {
      const { app } = server();
      const user = await buildUser(app, { role: 'responder' });
      me = { id: user.id, name: user.name };
      token = await tokenFor(app, user.id);
      await homeTeamFor(app, [user.id]);
    });

    /** A service whose policy pages a fresh person by webhook at once. */
    async function pagedService(app: App, name = uniqueName('svc')) {
      const path = `/${uniqueName('p').replace(/\W/g, '')}`;
      const user = await buildUser(app, {
        role: 'responder',
        contact_methods: [{ type: 'webhook', address: `${receiver.url}${path}` }],
      });
      await buildNotificationRule(app, user.id, (user.contact_methods as { id: string }[])[0]!.id);
      const policy = await buildEscalationPolicy(app, {
        levels: [{ delay_minutes: 10, targets: [{ type: 'user', id: user.id }] }],
      });
      const service = await buildService(app, { name, escalation_policy_id: policy.id });
      return { service, pages: () => receiver.requests.filter((r) => r.path === path) };
    }

    const declare = (app: App, body: Record<string, unknown>, t: string | undefined = token) =>
      api<IncidentView>(app, 'POST', '/api/v1/incidents', { body, ...(t === undefined ? {} : { token: t }) });

    const timeline = async (app: App, id: string) =>
      (await api<{ data: TimelineEntryView[] }>(app, 'GET', `/api/v1/incidents/${id}/timeline?limit=500`))
        .body.data;

    const tasksOf = (id: string) =>
      server()
        .tdb.db.selectFrom('incident_tasks')
        .selectAll()
        .where('incident_id', '=', id)
        .orderBy('position')
        .execute();

    async function change(app: App, key: string, summary: string, at: number) {
      const res = await api(app, 'POST', '/v2/change/enqueue', {
        token: null,
        body: {
          routing_key: key,
          payload: { summary, source: 'ci', timestamp: new Date(at).toISOString() },
          links: [{ href: 'https://ci.example/1', text: 'build' }],
        },
      });
      assert.equal(res.status, 202, JSON.stringify(res.body));
    }

    it('a declared incident pages its first service like an alert-born one and starts with everything', async () => {
      const { app } = server();
      clock.set(T0);
      const { service, pages } = await pagedService(app, uniqueName('Checkout API'));
      const other = await buildService(app);
      const unrelated = await buildService(app);
      const key = (await buildIntegration(app, 'events-v2', {}, service.id)).key;
      const otherKey = (await buildIntegration(app, 'events-v2', {}, other.id)).key;
      const unrelatedKey = (await buildIntegration(app, 'events-v2', {}, unrelated.id)).key;
      await change(app, key, 'Deploy v1 (too old)', T0 - 61 * MIN);
      await change(app, key, 'Deploy v2', T0 - 40 * MIN);
      await change(app, otherKey, 'Flag flip on the other service', T0 - 20 * MIN);
      await change(app, key, 'Config push', T0 - 5 * MIN);
      await change(app, unrelatedKey, 'Unrelated deploy', T0 - 10 * MIN);
      await change(app, key, 'Deploy after the fact', T0 + 5 * MIN);

      const res = await declare(app, {
        title: 'Checkout is down',
        service_ids: [service.id, other.id],
        severity: 'SEV1',
        description: 'Every payment fails',
      });
      assert.equal(res.status, 201, JSON.stringify(res.body));
      const inc = res.body;
      assert.match(inc.ref, /^INC-\d+$/);
      assert.equal(inc.severity, 'SEV1');
      assert.equal(inc.urgency, 'high', 'a paging severity is high urgency');
      assert.equal(inc.status, 'triggered');
      assert.equal(inc.origin, 'declared');
      assert.deepEqual(inc.declared_by, { type: 'user', id: me.id, name: me.name });
      assert.equal(inc.description, 'Every payment fails');
      assert.equal(inc.alert_count, 0);
      assert.equal(inc.service_id, service.id);
      assert.deepEqual(inc.service_ids, [service.id, other.id]);
      const base = service.name.toLowerCase().replace(/ /g, '-');
      assert.equal(inc.slug, `inc-20261125-${base}`);
      assert.equal(inc.next_update_due_at, new Date(T0 + 15 * MIN).toISOString(), 'SEV1 cadence: 15 minutes');
      const got = await api<IncidentView>(app, 'GET', `/api/v1/incidents/${inc.ref}`);
      assert.deepEqual(got.body, inc);

      await server().tocsin.engine.drain();
      assert.equal(pages().length, 1, "the service's policy paged its on-call person");
      assert.match(pages()[0]!.body, new RegExp(inc.ref));

      const tasks = await tasksOf(inc.id);
      const severities = (
        await api<{ data: { name: string; checklist: string[] }[] }>(app, 'GET', '/api/v1/severities')
      ).body.data;
      assert.deepEqual(
        tasks.map((t) => t.title),
        severities.find((s) => s.name === 'SEV1')!.checklist,
      );
      assert.ok(
        tasks.every(
          (t) => t.source === 'checklist' && t.created_by === `user:${me.id}` && t.done_at === null,
        ),
      );
      assert.deepEqual(
        tasks.map((t) => t.position),
        tasks.map((_, i) => i + 1),
      );

      const entries = await timeline(app, inc.id);
      const times = entries.map((e) => Date.parse(e.at));
      assert.deepEqual(
        times,
        [...times].sort((a, b) => a - b),
        'in time order',
      );
      assert.deepEqual(
        entries.slice(0, 5).map((e) => [e.kind, e.message]),
        [
          ['recent_change', 'Recent change: Deploy v2 (ci)'],
          ['recent_change', 'Recent change: Flag flip on the other service (ci)'],
          ['recent_change', 'Recent change: Config push (ci)'],
          ['declared', `${inc.ref} declared by ${me.name}: Checkout is down (SEV1)`],
          ['triggered', `${inc.ref} triggered: Checkout is down`],
        ],
      );
      const first = entries[0]!;
      assert.equal(first.at, new Date(T0 - 40 * MIN).toISOString(), "at the change's own time");
      assert.equal(first.backdated, false);
      assert.deepEqual((first.data as { links: unknown }).links, [
        { href: 'https://ci.example/1', text: 'build' },
      ]);
      assert.match(String(first.data.change_event_id), /^chg_/);
      assert.ok(!entries.some((e) => /too old|Unrelated|after the fact/.test(e.message)));
      assert.deepEqual(entries[3]!.actor, { type: 'user', id: me.id, name: me.name });
      assert.deepEqual(await auditActions(app, 'incident', inc.id), ['incident.declare']);
    });

    it('numbers channels per service and UTC day; alerts never group into a declared incident', async () => {
      const { app } = server();
      clock.set(T0 + 60 * MIN);
      const { service } = await pagedService(app, uniqueName('Search'));
      const base = `inc-20261125-${service.name.toLowerCase().replace(/ /g, '-')}`;
      const a = await declare(app, { title: 'Slow', service_ids: [service.id], severity: 'SEV3' });
      assert.equal(a.body.slug, base);
      assert.equal(a.body.urgency, 'low', 'a non-paging severity is low urgency by default');
      assert.equal(a.body.next_update_due_at, new Date(T0 + 60 * MIN + 120 * MIN).toISOString());
      const b = await declare(app, {
        title: 'Slower',
        service_ids: [service.id],
        severity: 'SEV4',
        urgency: 'high',
      });
      assert.equal(b.body.slug, `${base}-2`);
      assert.equal(b.body.urgency, 'high', 'urgency given is kept');
      assert.equal(b.body.next_update_due_at, null, 'SEV4 has no update cadence');
      assert.deepEqual(await tasksOf(b.body.id), [], 'SEV4 has no checklist');

      // An alert on the same service opens its own incident, numbered on from the declared ones.
      const int = await buildIntegration(app, 'events-v2', {}, service.id);
      const sent = await api(app, 'POST', '/v2/enqueue', {
        token: null,
        body: {
          routing_key: int.key,
          event_action: 'trigger',
          dedup_key: `declared:${a.body.id}`,
          payload: { summary: 'Search latency', source: 's', severity: 'error' },
        },
      });
      assert.equal(sent.status, 202);
      const list = await api<{ data: IncidentView[] }>(
        app,
        'GET',
        `/api/v1/incidents?service_id=${service.id}`,
      );
      const born = list.body.data.find((i) => i.origin === 'alert')!;
      assert.equal(list.body.data.length, 3);
      assert.equal(born.slug, `${base}-3`);
      assert.equal(born.severity, 'SEV3');
      for (const i of [a.body, b.body]) {
        const again = await api<IncidentView>(app, 'GET', `/api/v1/incidents/${i.id}`);
        assert.equal(again.body.alert_count, 0);
      }

      // The next UTC day starts from one again.
      clock.set(Date.parse('2026-11-26T00:00:00Z'));
      const next = await declare(app, { title: 'Again', service_ids: [service.id], severity: 'SEV2' });
      assert.equal(next.body.slug, base.replace('20261125', '20261126'));
    });

    it('concurrent declarations on one service get distinct channel numbers', async () => {
      const { app } = server();
      clock.set(T0 + 3 * 24 * 60 * MIN);
      const service = await buildService(app, { name: uniqueName('Busy') });
      const base = `inc-20261128-${service.name.toLowerCase().replace(/ /g, '-')}`;
      const answers = await Promise.all(
        [1, 2, 3, 4, 5].map((i) =>
          declare(app, { title: `Storm ${i}`, service_ids: [service.id], severity: 'SEV3' }),
        ),
      );
      assert.deepEqual(
        answers.map((a) => a.status),
        [201, 201, 201, 201, 201],
      );
      assert.deepEqual(answers.map((a) => a.body.slug).sort(), [
        base,
        `${base}-2`,
        `${base}-3`,
        `${base}-4`,
        `${base}-5`,
      ]);
    });

    it('an alert-born incident from a critical alert is SEV2 with the SEV2 checklist and recent changes', async () => {
      const { app } = server();
      clock.set(T0 + 2 * 24 * 60 * MIN);
      const now = clock.now();
      const { service, pages } = await pagedService(app);
      const int = await buildIntegration(app, 'events-v2', {}, service.id);
      await change(app, int.key, 'Deploy v3', now - 15 * MIN);
      const res = await api(app, 'POST', '/v2/enqueue', {
        token: null,
        body: {
          routing_key: int.key,
          event_action: 'trigger',
          dedup_key: uniqueName('d'),
          payload: { summary: 'Disk full', source: 'db-1', severity: 'critical' },
        },
      });
      assert.equal(res.status, 202);
      const inc = (
        await api<{ data: IncidentView[] }>(app, 'GET', `/api/v1/incidents?service_id=${service.id}`)
      ).body.data[0]!;
      assert.equal(inc.severity, 'SEV2');
      assert.equal(inc.origin, 'alert');
      assert.equal(inc.declared_by, null);
      assert.equal(inc.urgency, 'high');
      assert.equal(inc.slug, `inc-20261127-${service.name.toLowerCase().replace(/ /g, '-')}`);
      assert.equal(inc.next_update_due_at, new Date(now + 30 * MIN).toISOString());
      const sev2 = (
        await api<{ data: { name: string; checklist: string[] }[] }>(app, 'GET', '/api/v1/severities')
      ).body.data[1]!;
      const tasks = await tasksOf(inc.id);
      assert.deepEqual(
        tasks.map((t) => t.title),
        sev2.checklist,
      );
      assert.ok(tasks.every((t) => t.created_by === 'system:ingest'));
      const kinds = (await timeline(app, inc.id)).map((e) => e.kind);
      assert.deepEqual(kinds.slice(0, 2), ['recent_change', 'triggered']);
      await server().tocsin.engine.drain();
      assert.equal(pages().length, 1);
    });

    it('bad input is a 400 naming the field, a viewer is refused, and nothing is created', async () => {
      const { app, tdb } = server();
      const service = await buildService(app);
      const count = async () =>
        Number(
          (
            await tdb.db
              .selectFrom('incidents')
              .select((eb) => eb.fn.countAll<string | number>().as('n'))
              .executeTakeFirstOrThrow()
          ).n,
        );
      const before = await count();
      const cases: [Record<string, unknown>, RegExp][] = [
        [{ service_ids: [service.id, 'svc_nope'] }, /^body\.service_ids\[1\]: service "svc_nope" not found$/],
        [{ service_ids: ['svc_nope'] }, /^body\.service_ids\[0\]: service "svc_nope" not found$/],
        [{ severity: 'SEV9' }, /^body\.severity must be one of: SEV1, SEV2, SEV3, SEV4/],
        [{ severity: 'sev1' }, /^body\.severity must be one of/],
        [{ severity: undefined }, /^body\.severity is required/],
        [{ title: '' }, /^body\.title/],
        [{ title: '   ' }, /^body\.title/],
        [{ title: 'x'.repeat(256) }, /^body\.title/],
        [{ title: undefined }, /^body\.title is required/],
        [{ service_ids: [] }, /^body\.service_ids/],
        [{ service_ids: [service.id, service.id] }, /^body\.service_ids/],
        [{ service_ids: Array.from({ length: 11 }, () => service.id) }, /^body\.service_ids/],
        [{ urgency: 'urgent' }, /^body\.urgency must be one of: high, low/],
        [{ number: 7 }, /^body\.number is not a known field/],
      ];
      for (const [override, message] of cases) {
        const body = { title: 'Broken', service_ids: [service.id], severity: 'SEV2', ...override };
        const res = await api<Err>(app, 'POST', '/api/v1/incidents', { token, body });
        assert.equal(res.status, 400, JSON.stringify(override));
        assert.match(res.body.error.message, message, JSON.stringify(override));
      }
      const viewer = await declare(
        app,
        { title: 'x', service_ids: [service.id], severity: 'SEV2' },
        await viewerToken(app),
      );
      assert.equal(viewer.status, 403);
      assert.equal(await count(), before);
    });

    it('lists incidents by severity and by any service they affect', async () => {
      const { app } = server();
      const primary = await buildService(app);
      const secondary = await buildService(app);
      const sev1 = await declare(app, {
        title: 'A',
        service_ids: [primary.id, secondary.id],
        severity: 'SEV1',
      });
      const sev4 = await declare(app, { title: 'B', service_ids: [primary.id], severity: 'SEV4' });
      const ids = async (query: string) =>
        (await api<{ data: IncidentView[] }>(app, 'GET', `/api/v1/incidents?${query}`)).body.data.map(
          (i) => i.id,
        );
      assert.deepEqual(await ids(`service_id=${primary.id}`), [sev4.body.id, sev1.body.id]);
      assert.deepEqual(
        await ids(`service_id=${secondary.id}`),
        [sev1.body.id],
        'found by its second service',
      );
      assert.deepEqual(await ids(`service_id=${primary.id}&severity=SEV4`), [sev4.body.id]);
      assert.deepEqual(await ids(`service_id=${secondary.id}&severity=SEV4`), []);
      const all = await ids('severity=SEV1&limit=500');
      assert.ok(all.includes(sev1.body.id) && !all.includes(sev4.body.id));
      const bad = await api<Err>(app, 'GET', '/api/v1/incidents?severity=SEV5');
      assert.equal(bad.status, 400);
      assert.match(bad.body.error.message, /^querystring\.severity must be one of: SEV1, SEV2, SEV3, SEV4/);
    });
  },
  { clock: () => (clock = fixedClock(T0)) },
);
