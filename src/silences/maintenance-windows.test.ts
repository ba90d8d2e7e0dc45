import assert from 'node:assert/strict';
import { it } from 'node:test';
import {
  auditActions,
  buildMaintenanceWindow,
  buildService,
  uniqueName,
  viewerToken,
} from '../../test/factories.ts';
import { api, describeEachDialect } from '../../test/harness.ts';
import { type Clock, fixedClock } from '../platform/clock.ts';
import type { MaintenanceWindowView } from './schemas.ts';

type ErrorBody = { error: { code: string; message: string } };
type PageBody<T> = { data: T[]; next_cursor: string | null };

const START = Date.parse('2030-06-01T00:00:00Z');
const MIN = 60_000;
const MISSING_SERVICE = 'svc_01JAAAAAAAAAAAAAAAAAAAAAAA';
const MISSING_WINDOW = 'mw_01JAAAAAAAAAAAAAAAAAAAAAAA';
const URL = '/api/v1/maintenance-windows';

let clock: Clock & { advance(ms: number): void } = fixedClock(START);
const inMinutes = (minutes: number) => new Date(clock.now() + minutes * MIN).toISOString();

describeEachDialect(
  'maintenance windows API',
  (server) => {
    it('creates a window over several services and gets it back', async () => {
      const { app } = server();
      const a = await buildService(app);
      const b = await buildService(app);
      const name = uniqueName('DB upgrade');
      const res = await api<MaintenanceWindowView>(app, 'POST', URL, {
        body: {
          name,
          description: 'pg 17',
          service_ids: [b.id, a.id],
          starts_at: inMinutes(60),
          ends_at: inMinutes(120),
        },
      });
      assert.equal(res.status, 201, JSON.stringify(res.body));
      assert.match(res.body.id, /^mw_[0-9A-Z]{26}$/);
      assert.deepEqual(res.body, {
        id: res.body.id,
        name,
        description: 'pg 17',
        service_ids: [a.id, b.id].sort(),
        starts_at: inMinutes(60),
        ends_at: inMinutes(120),
        state: 'pending',
        created_at: inMinutes(0),
        updated_at: inMinutes(0),
      });
      const got = await api<MaintenanceWindowView>(app, 'GET', `${URL}/${res.body.id}`);
      assert.deepEqual(got.body, res.body);
      assert.deepEqual(await auditActions(app, 'maintenance_window', res.body.id), [
        'maintenance_window.create',
      ]);
    });

    it('lists by service and state a page at a time', async () => {
      const { app } = server();
      const service = await buildService(app);
      const now = await buildMaintenanceWindow(app, { service_ids: [service.id], duration_minutes: 30 });
      const soon = await buildMaintenanceWindow(app, {
        service_ids: [service.id],
        starts_at: inMinutes(10),
        ends_at: inMinutes(20),
      });
      const short = await buildMaintenanceWindow(app, { service_ids: [service.id], duration_minutes: 5 });
      await buildMaintenanceWindow(app);
      clock.advance(5 * MIN);

      const list = async (query: string) => {
        const res = await api<PageBody<MaintenanceWindowView>>(
          app,
          'GET',
          `${URL}?service_id=${service.id}${query}`,
        );
        assert.equal(res.status, 200, JSON.stringify(res.body));
        return res.body;
      };
      assert.deepEqual((await list('')).data.map((w) => w.id).sort(), [now.id, soon.id, short.id].sort());
      assert.deepEqual(
        (await list('&state=active')).data.map((w) => w.id),
        [now.id],
      );
      assert.deepEqual(
        (await list('&state=pending')).data.map((w) => w.id),
        [soon.id],
      );
      assert.deepEqual(
        (await list('&state=expired')).data.map((w) => w.id),
        [short.id],
      );
      const first = await list('&limit=2');
      assert.equal(first.data.length, 2);
      const second = await list(`&limit=2&cursor=${first.next_cursor}`);
      assert.equal(second.data.length, 1);
      assert.equal(second.next_cursor, null);
    });

    it('updates name, services and end, recording before and after', async () => {
      const { app } = server();
      const window = await buildMaintenanceWindow(app);
      const other = await buildService(app);
      const name = uniqueName('renamed');
      clock.advance(MIN);
      const res = await api<MaintenanceWindowView>(app, 'PATCH', `${URL}/${window.id}`, {
        body: { name, service_ids: [other.id], ends_at: inMinutes(240) },
      });
      assert.equal(res.status, 200, JSON.stringify(res.body));
      assert.equal(res.body.name, name);
      assert.deepEqual(res.body.service_ids, [other.id]);
      assert.equal(res.body.ends_at, inMinutes(240));
      assert.equal(res.body.starts_at, window.starts_at);

      const audit = await api<{ data: { before: MaintenanceWindowView; after: MaintenanceWindowView }[] }>(
        app,
        'GET',
        `/api/v1/audit?target_type=maintenance_window&target_id=${window.id}&action=maintenance_window.update`,
      );
      assert.equal(audit.body.data.length, 1);
      assert.deepEqual(audit.body.data[0]?.before.service_ids, window.service_ids);
      assert.deepEqual(audit.body.data[0]?.after.service_ids, [other.id]);
    });

    it('ends an active window on DELETE, removes a pending one and keeps an ended one as it was', async () => {
      const { app } = server();
      const active = await buildMaintenanceWindow(app);
      const pending = await buildMaintenanceWindow(app, { starts_at: inMinutes(30), ends_at: inMinutes(60) });
      const brief = await buildMaintenanceWindow(app, { duration_minutes: 1 });
      clock.advance(MIN);

      const ended = await api<MaintenanceWindowView>(app, 'DELETE', `${URL}/${active.id}`);
      assert.equal(ended.status, 200, JSON.stringify(ended.body));
      assert.equal(ended.body.state, 'expired');
      assert.equal(ended.body.ends_at, inMinutes(0));
      assert.deepEqual(await auditActions(app, 'maintenance_window', active.id), [
        'maintenance_window.create',
        'maintenance_window.end',
      ]);

      assert.equal((await api(app, 'DELETE', `${URL}/${pending.id}`)).status, 204);
      assert.equal((await api(app, 'GET', `${URL}/${pending.id}`)).status, 404);
      assert.deepEqual(await auditActions(app, 'maintenance_window', pending.id), [
        'maintenance_window.create',
        'maintenance_window.delete',
      ]);

      const edit = await api<ErrorBody>(app, 'PATCH', `${URL}/${brief.id}`, { body: { description: 'x' } });
      assert.equal(edit.status, 409);
      assert.match(edit.body.error.message, /has ended; create a new one/);
      const stays = await api<MaintenanceWindowView>(app, 'DELETE', `${URL}/${brief.id}`);
      assert.equal(stays.status, 200);
      assert.equal(stays.body.ends_at, brief.ends_at);
      assert.deepEqual(await auditActions(app, 'maintenance_window', brief.id), [
        'maintenance_window.create',
      ]);
    });

    it('rejects bad input with 400 naming the field', async () => {
      const { app } = server();
      const service = await buildService(app);
      const ok = { name: 'x', service_ids: [service.id], starts_at: inMinutes(0), ends_at: inMinutes(60) };
      const cases: [unknown, RegExp][] = [
        [{ ...ok, name: undefined }, /body\.name is required/],
        [{ ...ok, service_ids: undefined }, /body\.service_ids is required/],
        [{ ...ok, service_ids: [] }, /body\.service_ids must NOT have fewer than 1 items/],
        [{ ...ok, service_ids: [service.id, MISSING_SERVICE] }, /^service_ids\.1: no service "svc_01JA+"$/],
        [{ ...ok, service_ids: [service.id, service.id] }, /^service_ids\.1: .* is already service_ids\.0/],
        [{ ...ok, ends_at: inMinutes(0) }, /^ends_at: must be after starts_at$/],
        [{ ...ok, ends_at: undefined }, /^ends_at: is required/],
        [{ ...ok, starts_at: 12 }, /body\.starts_at must be string/],
        [{ ...ok, services: [] }, /body\.services is not a known field/],
      ];
      for (const [body, message] of cases) {
        const res = await api<ErrorBody>(app, 'POST', URL, { body });
        assert.equal(res.status, 400, `${JSON.stringify(body)}: ${JSON.stringify(res.body)}`);
        assert.equal(res.body.error.code, 'invalid_request');
        assert.match(res.body.error.message, message, JSON.stringify(body));
      }
      const window = await buildMaintenanceWindow(app);
      const early = await api<ErrorBody>(app, 'PATCH', `${URL}/${window.id}`, {
        body: { ends_at: window.starts_at },
      });
      assert.equal(early.status, 400);
      assert.equal(early.body.error.message, 'ends_at: must be after starts_at');
    });

    it('answers 409 for a duplicate name and 404 for a missing window', async () => {
      const { app } = server();
      const first = await buildMaintenanceWindow(app);
      const dup = await api<ErrorBody>(app, 'POST', URL, {
        body: { name: first.name, service_ids: first.service_ids, duration_minutes: 5 },
      });
      assert.equal(dup.status, 409);
      assert.equal(dup.body.error.code, 'conflict');
      assert.match(dup.body.error.message, /a maintenance window named .* already exists/);
      const other = await buildMaintenanceWindow(app);
      const rename = await api<ErrorBody>(app, 'PATCH', `${URL}/${other.id}`, { body: { name: first.name } });
      assert.equal(rename.status, 409);

      for (const method of ['GET', 'PATCH', 'DELETE'] as const) {
        const res = await api<ErrorBody>(app, method, `${URL}/${MISSING_WINDOW}`, {
          ...(method === 'PATCH' ? { body: { description: 'x' } } : {}),
        });
        assert.equal(res.status, 404, method);
        assert.equal(res.body.error.code, 'not_found');
      }
    });

    it('lets a viewer read but not change windows', async () => {
      const { app } = server();
      const token = await viewerToken(app);
      const window = await buildMaintenanceWindow(app);
      const attempts = [
        api<ErrorBody>(app, 'POST', URL, {
          token,
          body: { name: uniqueName('mw'), service_ids: window.service_ids, duration_minutes: 5 },
        }),
        api<ErrorBody>(app, 'PATCH', `${URL}/${window.id}`, { token, body: { description: 'x' } }),
        api<ErrorBody>(app, 'DELETE', `${URL}/${window.id}`, { token }),
      ];
      for (const res of await Promise.all(attempts)) {
        assert.equal(res.status, 403);
        assert.equal(res.body.error.code, 'forbidden');
      }
      assert.equal((await api(app, 'GET', URL, { token })).status, 200);
      assert.equal((await api(app, 'GET', `${URL}/${window.id}`, { token })).status, 200);
      assert.deepEqual(await auditActions(app, 'maintenance_window', window.id), [
        'maintenance_window.create',
      ]);
    });
  },
  { clock: () => (clock = fixedClock(START)) },
);
