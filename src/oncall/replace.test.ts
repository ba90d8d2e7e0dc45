import assert from 'node:assert/strict';
import { it } from 'node:test';
import {
  auditActions,
  buildSchedule,
  buildTeamWithMembers,
  buildUser,
  layerSettings,
  tokenFor,
  uniqueName,
  viewerToken,
} from '../../test/factories.ts';
import { api, describeEachDialect } from '../../test/harness.ts';
import { fixedClock } from '../platform/clock.ts';
import type { ScheduleView, ShiftsView } from './schemas.ts';
import type { PreviewShiftsView } from './schemas-preview.ts';

type ErrorBody = { error: { code: string; message: string } };

const T0 = Date.parse('2024-01-01T00:00:00Z');
const NOW = '2024-01-04T12:00:00.000Z';
const TO = '2024-01-20T00:00:00.000Z';
let clock = fixedClock(T0);

/** A layer as the editor sends it back: its id and every setting. */
function bodyOf(l: ScheduleView['layers'][number]) {
  return { id: l.id, name: l.name, order: l.order, ...layerSettings(l) };
}

/** A schedule of three layers (a, b, c) built at T0, the clock then moved to NOW. */
async function threeLayers(app: Parameters<typeof buildSchedule>[0]) {
  const { team, users } = await buildTeamWithMembers(app, 3);
  const ids = users.map((u) => u.id) as [string, string, string];
  const layer = (name: string, order: number, participants: string[]) => ({
    name,
    order,
    start_date: '2024-01-01',
    handoff_time: '09:00',
    shift_length: 1,
    shift_unit: 'days',
    participants,
  });
  const schedule = await buildSchedule(app, team.id, [], {
    layers: [
      layer('a', 1, ids),
      { ...layer('b', 2, [ids[2]]), restrictions: [{ type: 'daily', start: '18:00', end: '08:00' }] },
      layer('c', 3, [ids[1]]),
    ],
  });
  clock.set(Date.parse(NOW));
  return { team, ids, schedule };
}

describeEachDialect(
  'schedule save in one request (PUT /schedules/:id)',
  (server) => {
    it('saves name, zone and every layer at once, as previewed, audited once', async () => {
      const { app } = server();
      const { ids, schedule } = await threeLayers(app);
      const [a, b, c] = schedule.layers.map(bodyOf) as [
        ReturnType<typeof bodyOf>,
        ReturnType<typeof bodyOf>,
        ReturnType<typeof bodyOf>,
      ];
      // b and a exchange orders (b unchanged otherwise), a's rotation changes, c goes, d is new.
      const layers = [
        { ...b, order: 1 },
        { ...a, order: 2, participants: [ids[1], ids[0]], handoff_time: '10:00' },
        {
          name: 'd',
          order: 3,
          start_date: '2024-01-05',
          shift_length: 12,
          shift_unit: 'hours',
          participants: [ids[2]],
        },
      ];
      const preview = await api<PreviewShiftsView>(app, 'POST', '/api/v1/schedules/preview', {
        body: { schedule_id: schedule.id, time_zone: 'Europe/Berlin', layers, from: NOW, to: TO },
      });
      assert.equal(preview.status, 200, JSON.stringify(preview.body));

      const name = uniqueName('renamed');
      const res = await api<ScheduleView>(app, 'PUT', `/api/v1/schedules/${schedule.id}`, {
        body: { name, time_zone: 'Europe/Berlin', layers },
      });
      assert.equal(res.status, 200, JSON.stringify(res.body));
      assert.equal(res.body.name, name);
      assert.equal(res.body.time_zone, 'Europe/Berlin');
      assert.deepEqual(
        res.body.layers.map((l) => [l.name, l.order, l.versions.length]),
        [
          ['b', 1, 1],
          ['a', 2, 2],
          ['d', 3, 1],
        ],
        'an unchanged layer keeps its versions; the changed one gets one more',
      );
      assert.equal(res.body.layers[0]!.id, b.id);
      assert.equal(res.body.layers[1]!.versions[1]!.effective_from, NOW, 'the change applies from now');
      assert.ok(!res.body.layers.some((l) => l.id === c.id), 'a layer left out is deleted');

      const saved = await api<ShiftsView>(
        app,
        'GET',
        `/api/v1/schedules/${schedule.id}/shifts?from=${NOW}&to=${TO}`,
      );
      const newId = res.body.layers[2]!.id;
      assert.deepEqual(
        preview.body.data.map((s) => ({ ...s, source_id: s.source_id === 'new:2' ? newId : s.source_id })),
        saved.body.data,
      );
      assert.deepEqual(preview.body.gaps, saved.body.gaps);
      assert.deepEqual(await auditActions(app, 'schedule', schedule.id), [
        'schedule.create',
        'schedule.replace',
      ]);
    });

    it('refuses the whole save when one layer is wrong: nothing changes', async () => {
      const { app } = server();
      const { ids, schedule } = await threeLayers(app);
      const outsider = await buildUser(app);
      const before = await api<ScheduleView>(app, 'GET', `/api/v1/schedules/${schedule.id}`);
      const [a, b, c] = schedule.layers.map(bodyOf);
      const good = { ...a!, participants: [ids[2], ids[1]] };
      const cases: [unknown[], number, RegExp][] = [
        // The first layer's change is fine, the second names someone outside the team.
        [[good, { ...b!, participants: [outsider.id] }, c], 400, /^layers\.1\.participants\.0: /],
        [[good, { ...b!, name: 'a' }, c], 409, /already has a layer named "a"/],
        [[good, b, { ...c!, order: 1 }], 400, /^layers\.2\.order: layers\.0 already has order 1/],
        [[good, b, { ...c!, id: 'lyr_nope' }], 400, /^layers\.2\.id: no layer "lyr_nope"/],
        // Two entries for one layer: the second would silently win.
        [
          [good, { ...a!, name: 'a2', order: 5 }, b, c],
          400,
          /^layers\.1\.id: layers\.0 already edits this layer/,
        ],
        [[good, { ...b!, start_date: '2024-02-30' }], 400, /^layers\.1\.start_date: /],
      ];
      for (const [layers, status, message] of cases) {
        const res = await api<ErrorBody>(app, 'PUT', `/api/v1/schedules/${schedule.id}`, {
          body: { name: uniqueName('never'), layers },
        });
        assert.equal(res.status, status, JSON.stringify(res.body));
        assert.match(res.body.error.message, message);
        const after = await api<ScheduleView>(app, 'GET', `/api/v1/schedules/${schedule.id}`);
        assert.deepEqual(after.body, before.body, 'nothing saved');
      }
      assert.deepEqual(await auditActions(app, 'schedule', schedule.id), ['schedule.create']);
    });

    it('refuses a save made on a copy opened before someone else changed it (409); a current one saves', async () => {
      const { app } = server();
      const { ids, schedule } = await threeLayers(app);
      const opened = await api<ScheduleView>(app, 'GET', `/api/v1/schedules/${schedule.id}`);
      // Meanwhile another manager adds a layer; the stale editor's body does not have it.
      const added = await api(app, 'POST', `/api/v1/schedules/${schedule.id}/layers`, {
        body: {
          name: 'd',
          order: 4,
          start_date: '2024-01-05',
          shift_length: 1,
          shift_unit: 'days',
          participants: [ids[0]],
        },
      });
      assert.equal(added.status, 201, JSON.stringify(added.body));
      const stale = await api<ErrorBody>(app, 'PUT', `/api/v1/schedules/${schedule.id}`, {
        body: { if_revision: opened.body.revision, layers: opened.body.layers.map(bodyOf) },
      });
      assert.equal(stale.status, 409, JSON.stringify(stale.body));
      assert.match(stale.body.error.message, /changed by someone else since you opened it; reload/);
      const current = await api<ScheduleView>(app, 'GET', `/api/v1/schedules/${schedule.id}`);
      assert.deepEqual(
        current.body.layers.map((l) => l.name),
        ['a', 'b', 'c', 'd'],
        "the other manager's layer is kept",
      );
      assert.notEqual(current.body.revision, opened.body.revision);
      const saved = await api<ScheduleView>(app, 'PUT', `/api/v1/schedules/${schedule.id}`, {
        body: { if_revision: current.body.revision, layers: current.body.layers.map(bodyOf) },
      });
      assert.equal(saved.status, 200, JSON.stringify(saved.body));
      assert.deepEqual(await auditActions(app, 'schedule', schedule.id), [
        'schedule.create',
        'schedule_layer.create',
        'schedule.replace',
      ]);
    });

    it('a new zone moves the layers that followed the old one, as PATCH does; a layer with its own zone keeps it', async () => {
      const { app } = server();
      const { schedule } = await threeLayers(app);
      const [a, b, c] = schedule.layers.map(bodyOf) as [
        ReturnType<typeof bodyOf>,
        ReturnType<typeof bodyOf>,
        ReturnType<typeof bodyOf>,
      ];
      assert.equal(a.time_zone, 'UTC');
      const { time_zone: _a, ...aWithoutZone } = a;
      const { time_zone: _b, ...bWithoutZone } = b;
      const res = await api<ScheduleView>(app, 'PUT', `/api/v1/schedules/${schedule.id}`, {
        body: {
          time_zone: 'Europe/Berlin',
          layers: [aWithoutZone, bWithoutZone, { ...c, time_zone: 'America/New_York' }],
        },
      });
      assert.equal(res.status, 200, JSON.stringify(res.body));
      assert.equal(res.body.time_zone, 'Europe/Berlin');
      assert.deepEqual(
        res.body.layers.map((l) => [l.name, l.time_zone]),
        [
          ['a', 'Europe/Berlin'],
          ['b', 'Europe/Berlin'],
          ['c', 'America/New_York'],
        ],
      );
    });

    it('answers 403 to a viewer and to a team member who does not manage it, 404 for no schedule', async () => {
      const { app } = server();
      const { team, users } = await buildTeamWithMembers(app, 1);
      const schedule = await buildSchedule(app, team.id, [users[0]!.id]);
      const body = { layers: schedule.layers.map(bodyOf) };
      const viewer = await viewerToken(app);
      const denied = await api<ErrorBody>(app, 'PUT', `/api/v1/schedules/${schedule.id}`, {
        token: viewer,
        body,
      });
      assert.equal(denied.status, 403, JSON.stringify(denied.body));
      // A responder on the team but not its manager may not either.
      const member = await tokenFor(app, users[0]!.id);
      const notManager = await api<ErrorBody>(app, 'PUT', `/api/v1/schedules/${schedule.id}`, {
        token: member,
        body,
      });
      assert.equal(notManager.status, 403, JSON.stringify(notManager.body));
      const missing = await api(app, 'PUT', '/api/v1/schedules/sch_01JAAAAAAAAAAAAAAAAAAAAAAA', {
        body: { layers: [] },
      });
      assert.equal(missing.status, 404);
      assert.deepEqual(await auditActions(app, 'schedule', schedule.id), ['schedule.create']);
    });
  },
  { clock: () => (clock = fixedClock(T0)) },
);
