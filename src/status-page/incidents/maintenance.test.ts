import assert from 'node:assert/strict';
import { it } from 'node:test';
import { auditActions, buildService, buildUser, tokenFor, uniqueName } from '../../../test/factories.ts';
import { type Answer, type TestServer, api, describeEachDialect } from '../../../test/harness.ts';
import { nextDueAt } from '../../engine/due.ts';
import { type Clock, fixedClock } from '../../platform/clock.ts';
import type { App } from '../../platform/http/app.ts';
import type { MaintenanceWindowView } from '../../silences/schemas.ts';
import type { ComponentView } from '../components/schemas.ts';
import { fanOut } from '../subscribers/fanout.ts';
import { COMPLETED_BODY, STARTED_BODY, runDueMaintenance } from './maintenance-timer.ts';
import type { PublicIncidentView } from './schemas.ts';

type ErrorBody = { error: { code: string; message: string } };

const URL = '/api/v1/status-page';
const START = Date.parse('2030-06-01T00:00:00Z');
const MIN = 60_000;
let clock: Clock & { advance(ms: number): void; set(t: number): void } = fixedClock(START);
const inMinutes = (m: number) => new Date(clock.now() + m * MIN).toISOString();

async function component(app: App, body: Record<string, unknown> = {}): Promise<ComponentView> {
  const res = await api<ComponentView>(app, 'POST', `${URL}/components`, {
    body: { name: uniqueName('component'), ...body },
  });
  if (res.status !== 201) throw new Error(JSON.stringify(res.body));
  return res.body;
}

const statusOf = async (app: App, id: string) =>
  (await api<ComponentView>(app, 'GET', `${URL}/components/${id}`)).body.status;

function schedule(
  app: App,
  body: Record<string, unknown>,
  token?: string,
): Promise<Answer<PublicIncidentView>> {
  return api<PublicIncidentView>(app, 'POST', `${URL}/maintenances`, {
    ...(token === undefined ? {} : { token }),
    body: {
      name: uniqueName('Database upgrade'),
      scheduled_for: inMinutes(60),
      scheduled_until: inMinutes(120),
      body: 'We will upgrade the database.',
      ...body,
    },
  });
}

/** Two timer passes at once, as two engines would run them. */
async function runEngines(s: TestServer): Promise<number> {
  const deps = { db: s.tdb.db, dialect: s.dialect, clock: s.clock };
  const moved = await Promise.all([runDueMaintenance(deps), runDueMaintenance(deps)]);
  return moved[0] + moved[1];
}

describeEachDialect(
  'scheduled maintenance',
  (server) => {
    it('schedules with a maintenance window, then the engine starts and completes it once', async () => {
      const s = server();
      const { app } = s;
      clock.set(START);
      const service = await buildService(app);
      const db = await component(app, { service_id: service.id });
      const docs = await component(app);
      const res = await schedule(app, { components: [db.id, docs.id] });
      assert.equal(res.status, 201, JSON.stringify(res.body));
      const m = res.body;
      assert.equal(m.kind, 'maintenance');
      assert.equal(m.status, 'scheduled');
      assert.equal(m.impact, 'maintenance');
      assert.equal(m.scheduled_for, inMinutes(60));
      assert.equal(m.scheduled_until, inMinutes(120));
      assert.equal(m.auto_transition, true);
      assert.deepEqual(
        m.components.map((c) => [c.id, c.status]),
        [
          [db.id, 'under_maintenance'],
          [docs.id, 'under_maintenance'],
        ],
      );
      assert.deepEqual(m.updates[0]!.affected_components, [], 'nothing changes before it starts');
      assert.equal(await statusOf(app, db.id), 'operational');

      assert.notEqual(m.maintenance_window_id, null);
      const window = await api<MaintenanceWindowView>(
        app,
        'GET',
        `/api/v1/maintenance-windows/${m.maintenance_window_id}`,
      );
      assert.deepEqual(
        [window.body.service_ids, window.body.starts_at, window.body.ends_at, window.body.state],
        [[service.id], m.scheduled_for, m.scheduled_until, 'pending'],
      );
      // The announcement is due to subscribers at once; once an engine has fanned it out, the next
      // thing due is the start.
      assert.equal(await nextDueAt(s.tdb.db), START, 'the announcement is due now');
      assert.equal(await fanOut(s.tdb.db, s.dialect, clock.now()), 1);
      assert.equal(await nextDueAt(s.tdb.db), START + 60 * MIN, 'a sleeping engine wakes when it starts');

      clock.advance(59 * MIN);
      assert.equal(await runEngines(s), 0, 'not yet');
      clock.advance(MIN);
      assert.equal(await runEngines(s), 1, 'started by exactly one engine');
      assert.equal(await runEngines(s), 0);
      const started = (await api<PublicIncidentView>(app, 'GET', `${URL}/incidents/${m.id}`)).body;
      assert.equal(started.status, 'in_progress');
      assert.deepEqual(
        started.updates.map((u) => [u.status, u.body, u.created_by]),
        [
          ['in_progress', STARTED_BODY, null],
          ['scheduled', 'We will upgrade the database.', started.updates[1]!.created_by],
        ],
      );
      assert.deepEqual(
        started.updates[0]!.affected_components.map((a) => [a.code, a.old_status, a.new_status]),
        [
          [db.id, 'operational', 'under_maintenance'],
          [docs.id, 'operational', 'under_maintenance'],
        ],
      );
      assert.equal(await statusOf(app, db.id), 'under_maintenance');
      assert.equal(await fanOut(s.tdb.db, s.dialect, clock.now()), 1, 'the start is announced');
      assert.equal(await nextDueAt(s.tdb.db), START + 120 * MIN);

      clock.advance(60 * MIN);
      assert.equal(await runEngines(s), 1, 'completed by exactly one engine');
      const done = (await api<PublicIncidentView>(app, 'GET', `${URL}/incidents/${m.id}`)).body;
      assert.equal(done.status, 'completed');
      assert.equal(done.resolved_at, inMinutes(0));
      assert.equal(done.updates[0]!.body, COMPLETED_BODY);
      assert.equal(await statusOf(app, db.id), 'operational');
      assert.deepEqual(await auditActions(app, 'status_incident', m.id), [
        'status_page.maintenance.create',
        'status_page.update.post',
        'status_page.update.post',
      ]);
    });

    it('leaves a maintenance without auto_transition to people', async () => {
      const s = server();
      clock.set(START);
      const c = await component(s.app);
      const m = (await schedule(s.app, { components: [c.id], auto_transition: false, silence_alerts: false }))
        .body;
      assert.equal(m.maintenance_window_id, null);
      clock.advance(61 * MIN);
      assert.equal(await runEngines(s), 0);
      const moved = await api<PublicIncidentView>(s.app, 'POST', `${URL}/incidents/${m.id}/updates`, {
        body: { status: 'in_progress', body: 'Started.' },
      });
      assert.equal(moved.status, 201, JSON.stringify(moved.body));
      assert.equal(await statusOf(s.app, c.id), 'under_maintenance');
    });

    it('reschedules: the window follows; completing early ends the window now', async () => {
      const s = server();
      const { app } = s;
      clock.set(START);
      const service = await buildService(app);
      const c = await component(app, { service_id: service.id });
      const m = (await schedule(app, { components: [c.id] })).body;
      const moved = await api<PublicIncidentView>(app, 'PATCH', `${URL}/maintenances/${m.id}`, {
        body: { scheduled_for: inMinutes(30), scheduled_until: inMinutes(90) },
      });
      assert.equal(moved.status, 200, JSON.stringify(moved.body));
      assert.equal(moved.body.scheduled_for, inMinutes(30));
      const windowUrl = `/api/v1/maintenance-windows/${m.maintenance_window_id}`;
      let window = (await api<MaintenanceWindowView>(app, 'GET', windowUrl)).body;
      assert.deepEqual([window.starts_at, window.ends_at], [inMinutes(30), inMinutes(90)]);

      const bad = await api<ErrorBody>(app, 'PATCH', `${URL}/maintenances/${m.id}`, {
        body: { scheduled_until: inMinutes(10) },
      });
      assert.equal(bad.status, 400);
      assert.match(bad.body.error.message, /^body\.scheduled_until: must be after scheduled_for/);

      clock.advance(30 * MIN);
      assert.equal(await runEngines(s), 1);
      clock.advance(10 * MIN);
      const early = await api<PublicIncidentView>(app, 'POST', `${URL}/incidents/${m.id}/updates`, {
        body: { status: 'completed', body: 'Done early.' },
      });
      assert.equal(early.status, 201, JSON.stringify(early.body));
      window = (await api<MaintenanceWindowView>(app, 'GET', windowUrl)).body;
      assert.deepEqual([window.ends_at, window.state], [inMinutes(0), 'expired']);
      assert.equal(await statusOf(app, c.id), 'operational');
      const again = await api<ErrorBody>(app, 'PATCH', `${URL}/maintenances/${m.id}`, {
        body: { scheduled_until: inMinutes(60) },
      });
      assert.equal(again.status, 409);
    });

    it('lets only admins schedule maintenance; 400 names an unknown component', async () => {
      const { app } = server();
      clock.set(START);
      const c = await component(app);
      const responder = await tokenFor(app, (await buildUser(app, { role: 'responder' })).id);
      assert.equal((await schedule(app, { components: [c.id] }, responder)).status, 403);
      const unknown = await schedule(app, { components: [c.id, 'cmp_01JAAAAAAAAAAAAAAAAAAAAAAA'] });
      assert.equal(unknown.status, 400);
      assert.match(
        (unknown.body as unknown as ErrorBody).error.message,
        /^body\.components\.1: no component/,
      );
      const past = await schedule(app, {
        components: [c.id],
        scheduled_for: inMinutes(-60),
        scheduled_until: inMinutes(-1),
      });
      assert.equal(past.status, 400);
      assert.match(
        (past.body as unknown as ErrorBody).error.message,
        /^body\.scheduled_until: must be in the future/,
      );
    });
  },
  {
    clock: () => {
      clock = fixedClock(START);
      return clock;
    },
  },
);
