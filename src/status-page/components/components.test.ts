import assert from 'node:assert/strict';
import { it } from 'node:test';
import {
  auditActions,
  buildService,
  buildUser,
  tokenFor,
  uniqueName,
  viewerToken,
} from '../../../test/factories.ts';
import { api, describeEachDialect } from '../../../test/harness.ts';
import { type Clock, fixedClock } from '../../platform/clock.ts';
import type { StatusPageSettingsView } from '../schemas.ts';
import type { ComponentChangeView, ComponentGroupView, ComponentView } from './schemas.ts';

type ErrorBody = { error: { code: string; message: string } };
type PageBody<T> = { data: T[]; next_cursor: string | null };

const START = Date.parse('2030-06-01T00:00:00Z');
const MIN = 60_000;
const URL = '/api/v1/status-page';
let clock: Clock & { advance(ms: number): void } = fixedClock(START);
const at = (minutes: number) => new Date(START + minutes * 60_000).toISOString();

describeEachDialect(
  'status page settings, components and groups',
  (server) => {
    it('answers default settings, then keeps edits; refuses bad URLs and non-admins', async () => {
      const { app } = server();
      const got = await api<StatusPageSettingsView>(app, 'GET', `${URL}/settings`);
      assert.equal(got.status, 200, JSON.stringify(got.body));
      assert.match(got.body.page_id, /^[a-z0-9]{12}$/);
      assert.deepEqual(
        { ...got.body, page_id: '' },
        {
          name: 'Status',
          logo_url: null,
          brand_color: '#3b5bdb',
          public_url: `${app.deps.config.publicUrl}/status`,
          time_zone: 'Etc/UTC',
          page_id: '',
          updated_at: null,
        },
      );
      const bad = await api<ErrorBody>(app, 'PATCH', `${URL}/settings`, {
        body: { logo_url: 'javascript:alert(1)' },
      });
      assert.equal(bad.status, 400);
      assert.match(bad.body.error.message, /^body\.logo_url: must be an http or https URL/);
      const zone = await api<ErrorBody>(app, 'PATCH', `${URL}/settings`, {
        body: { time_zone: 'Mars/Base' },
      });
      assert.equal(zone.status, 400);
      assert.match(zone.body.error.message, /^body\.time_zone: unknown time zone/);
      const viewer = await viewerToken(app);
      const refused = await api(app, 'PATCH', `${URL}/settings`, { token: viewer, body: { name: 'Acme' } });
      assert.equal(refused.status, 403);

      const res = await api<StatusPageSettingsView>(app, 'PATCH', `${URL}/settings`, {
        body: { name: 'Acme status', brand_color: '#AA0011', logo_url: 'https://acme.test/logo.png' },
      });
      assert.equal(res.status, 200, JSON.stringify(res.body));
      assert.equal(res.body.name, 'Acme status');
      assert.equal(res.body.brand_color, '#aa0011');
      assert.equal(res.body.logo_url, 'https://acme.test/logo.png');
      assert.equal(res.body.page_id, got.body.page_id, 'the page id never changes');
      assert.equal(res.body.updated_at, at(0));
      const again = await api<StatusPageSettingsView>(app, 'GET', `${URL}/settings`, { token: viewer });
      assert.deepEqual(again.body, res.body);
      assert.deepEqual(await auditActions(app, 'status_page', got.body.page_id), [
        'status_page.settings.update',
      ]);
    });

    it('creates a component linked to a service, with its first status in the history', async () => {
      const { app } = server();
      const service = await buildService(app);
      const name = uniqueName('API');
      const res = await api<ComponentView>(app, 'POST', `${URL}/components`, {
        body: { name, description: 'The REST API', service_id: service.id, start_date: '2030-05-01' },
      });
      assert.equal(res.status, 201, JSON.stringify(res.body));
      assert.deepEqual(res.body, {
        id: res.body.id,
        name,
        description: 'The REST API',
        group_id: null,
        service_id: service.id,
        position: res.body.position,
        status: 'operational',
        showcase: true,
        only_show_if_degraded: false,
        start_date: '2030-05-01',
        created_at: at(0),
        updated_at: at(0),
      });
      assert.match(res.body.id, /^cmp_[0-9A-Z]{26}$/);
      const history = await api<PageBody<ComponentChangeView>>(
        app,
        'GET',
        `${URL}/components/${res.body.id}/history`,
      );
      assert.deepEqual(
        history.body.data.map((h) => [h.status, h.at, h.status_incident_id, h.changed_by?.type]),
        [['operational', at(0), null, 'user']],
      );
      assert.deepEqual(await auditActions(app, 'status_component', res.body.id), [
        'status_page.component.create',
      ]);
    });

    it('puts new components at the end and keeps the order it is given', async () => {
      const { app } = server();
      const a = await createComponent(app);
      const b = await createComponent(app);
      assert.equal(b.position, a.position + 1);
      const moved = await api<ComponentView>(app, 'PATCH', `${URL}/components/${b.id}`, {
        body: { position: 0 },
      });
      assert.equal(moved.status, 200);
      assert.equal(moved.body.position, 0);
    });

    it('writes a history row per status change by hand, none when the status stays', async () => {
      const { app } = server();
      const admin = await buildUser(app, { role: 'admin' });
      const token = await tokenFor(app, admin.id);
      const c = await createComponent(app, token);
      clock.advance(5 * MIN);
      const set = (status: string) =>
        api<ComponentView>(app, 'PATCH', `${URL}/components/${c.id}`, { token, body: { status } });
      assert.equal((await set('partial_outage')).body.status, 'partial_outage');
      clock.advance(5 * MIN);
      await set('partial_outage');
      await api(app, 'PATCH', `${URL}/components/${c.id}`, { token, body: { description: 'edited' } });
      clock.advance(5 * MIN);
      await set('operational');
      const history = await api<PageBody<ComponentChangeView>>(
        app,
        'GET',
        `${URL}/components/${c.id}/history`,
      );
      const start = Date.parse(c.created_at);
      assert.deepEqual(
        history.body.data.map((h) => [h.status, Date.parse(h.at) - start, h.changed_by?.id ?? null]),
        [
          ['operational', 0, admin.id],
          ['partial_outage', 5 * MIN, admin.id],
          ['operational', 15 * MIN, admin.id],
        ],
      );
      const since = await api<PageBody<ComponentChangeView>>(
        app,
        'GET',
        `${URL}/components/${c.id}/history?since=${encodeURIComponent(new Date(start + MIN).toISOString())}&until=${encodeURIComponent(new Date(start + 15 * MIN).toISOString())}`,
      );
      assert.deepEqual(
        since.body.data.map((h) => h.status),
        ['partial_outage'],
      );
      assert.deepEqual(await auditActions(app, 'status_component', c.id), [
        'status_page.component.create',
        'status_page.component.update',
        'status_page.component.update',
        'status_page.component.update',
        'status_page.component.update',
      ]);
    });

    it('answers 400 naming the field for a bad status, service, group or day; 409 for a taken name', async () => {
      const { app } = server();
      const c = await createComponent(app);
      const cases: [unknown, RegExp][] = [
        [{ name: uniqueName('x'), status: 'on_fire' }, /^body\.status/],
        [
          { name: uniqueName('x'), service_id: 'svc_01JAAAAAAAAAAAAAAAAAAAAAAA' },
          /^body\.service_id: no service/,
        ],
        [
          { name: uniqueName('x'), group_id: 'cgr_01JAAAAAAAAAAAAAAAAAAAAAAA' },
          /^body\.group_id: no component group/,
        ],
        [
          { name: uniqueName('x'), start_date: '2030-02-30' },
          /^body\.start_date: "2030-02-30" is not a calendar day/,
        ],
      ];
      for (const [body, message] of cases) {
        const res = await api<ErrorBody>(app, 'POST', `${URL}/components`, { body });
        assert.equal(res.status, 400, JSON.stringify(body));
        assert.match(res.body.error.message, message);
      }
      const taken = await api<ErrorBody>(app, 'POST', `${URL}/components`, { body: { name: c.name } });
      assert.equal(taken.status, 409);
    });

    it('lets only admins change components; everyone reads them', async () => {
      const { app } = server();
      const c = await createComponent(app);
      const responder = await tokenFor(app, (await buildUser(app, { role: 'responder' })).id);
      assert.equal(
        (await api(app, 'POST', `${URL}/components`, { token: responder, body: { name: uniqueName('x') } }))
          .status,
        403,
      );
      assert.equal(
        (
          await api(app, 'PATCH', `${URL}/components/${c.id}`, {
            token: responder,
            body: { status: 'major_outage' },
          })
        ).status,
        403,
      );
      assert.equal((await api(app, 'DELETE', `${URL}/components/${c.id}`, { token: responder })).status, 403);
      const viewer = await viewerToken(app);
      assert.equal((await api(app, 'GET', `${URL}/components/${c.id}`, { token: viewer })).status, 200);
      const del = await api(app, 'DELETE', `${URL}/components/${c.id}`);
      assert.equal(del.status, 204);
      assert.equal((await api(app, 'GET', `${URL}/components/${c.id}`)).status, 404);
      assert.deepEqual(await auditActions(app, 'status_component', c.id), [
        'status_page.component.create',
        'status_page.component.delete',
      ]);
    });

    it('groups components; a group delete leaves them ungrouped', async () => {
      const { app } = server();
      const a = await createComponent(app);
      const b = await createComponent(app);
      const res = await api<ComponentGroupView>(app, 'POST', `${URL}/groups`, {
        body: { name: uniqueName('Core'), component_ids: [b.id, a.id] },
      });
      assert.equal(res.status, 201, JSON.stringify(res.body));
      assert.deepEqual(res.body.component_ids, [a.id, b.id], 'in page order');
      assert.equal(
        (await api<ComponentView>(app, 'GET', `${URL}/components/${a.id}`)).body.group_id,
        res.body.id,
      );
      const only = await api<ComponentGroupView>(app, 'PATCH', `${URL}/groups/${res.body.id}`, {
        body: { component_ids: [b.id] },
      });
      assert.deepEqual(only.body.component_ids, [b.id]);
      assert.equal((await api<ComponentView>(app, 'GET', `${URL}/components/${a.id}`)).body.group_id, null);
      const bad = await api<ErrorBody>(app, 'PATCH', `${URL}/groups/${res.body.id}`, {
        body: { component_ids: [b.id, 'cmp_01JAAAAAAAAAAAAAAAAAAAAAAA'] },
      });
      assert.equal(bad.status, 400);
      assert.match(bad.body.error.message, /^body\.component_ids\.1: no component/);
      const viewer = await viewerToken(app);
      assert.equal((await api(app, 'DELETE', `${URL}/groups/${res.body.id}`, { token: viewer })).status, 403);
      assert.equal((await api(app, 'DELETE', `${URL}/groups/${res.body.id}`)).status, 204);
      assert.equal((await api<ComponentView>(app, 'GET', `${URL}/components/${b.id}`)).body.group_id, null);
      assert.deepEqual(await auditActions(app, 'status_component_group', res.body.id), [
        'status_page.group.create',
        'status_page.group.update',
        'status_page.group.delete',
      ]);
    });
  },
  {
    clock: () => {
      clock = fixedClock(START);
      return clock;
    },
  },
);

async function createComponent(app: Parameters<typeof api>[0], token?: string): Promise<ComponentView> {
  const res = await api<ComponentView>(app, 'POST', `${URL}/components`, {
    ...(token === undefined ? {} : { token }),
    body: { name: uniqueName('component') },
  });
  if (res.status !== 201) throw new Error(JSON.stringify(res.body));
  return res.body;
}
