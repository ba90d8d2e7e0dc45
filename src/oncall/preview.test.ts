import assert from 'node:assert/strict';
import { it } from 'node:test';
import {
  auditActions,
  buildSchedule,
  buildTeamWithMembers,
  buildUser,
  layerSettings,
  uniqueName,
} from '../../test/factories.ts';
import { api, describeEachDialect } from '../../test/harness.ts';
import { fixedClock } from '../platform/clock.ts';
import type { ScheduleView, ShiftsView } from './schemas.ts';
import type { PreviewShiftsView } from './schemas-preview.ts';

type ErrorBody = { error: { code: string; message: string } };

const T0 = Date.parse('2024-01-01T00:00:00Z');
let clock = fixedClock(T0);
const FROM = '2024-01-01T00:00:00.000Z';
const TO = '2024-01-15T00:00:00.000Z';
const shiftsOf = (s: ShiftsView | PreviewShiftsView) => ({
  data: s.data.map((x) => ({ ...x, source_id: x.source === 'layer' ? 'layer' : x.source_id })),
  gaps: s.gaps,
});

describeEachDialect(
  'schedule preview API',
  (server) => {
    it('previews a schedule not created yet exactly as it computes once created', async () => {
      const { app } = server();
      const { team, users } = await buildTeamWithMembers(app, 3);
      const layers = [
        {
          name: 'days',
          start_date: '2024-01-01',
          handoff_time: '08:00',
          shift_length: 2,
          shift_unit: 'days',
          restrictions: [{ type: 'weekly', start_day: 'mon', start: '08:00', end_day: 'fri', end: '18:00' }],
          participants: [users[2]!.id, users[0]!.id],
        },
        { start_date: '2024-01-03', shift_length: 12, shift_unit: 'hours', participants: [users[1]!.id] },
      ];
      const preview = await api<PreviewShiftsView>(app, 'POST', '/api/v1/schedules/preview', {
        body: { team_id: team.id, time_zone: 'Europe/Berlin', layers, from: FROM, to: TO },
      });
      assert.equal(preview.status, 200, JSON.stringify(preview.body));
      assert.equal(preview.body.schedule_id, null);
      assert.ok(preview.body.gaps.length > 0, 'the weekend before the second layer starts is a gap');
      assert.ok(preview.body.data.some((s) => s.source_id === 'new:1' && s.user_name === users[1]!.name));

      const created = await api<ScheduleView>(app, 'POST', '/api/v1/schedules', {
        body: { name: uniqueName('previewed'), team_id: team.id, time_zone: 'Europe/Berlin', layers },
      });
      assert.equal(created.status, 201, JSON.stringify(created.body));
      const saved = await api<ShiftsView>(
        app,
        'GET',
        `/api/v1/schedules/${created.body.id}/shifts?from=${FROM}&to=${TO}`,
      );
      assert.deepEqual(shiftsOf(preview.body), shiftsOf(saved.body));
    });

    it('previews an edited layer as the saved edit computes, and saves nothing', async () => {
      const { app } = server();
      const { team, users } = await buildTeamWithMembers(app, 3);
      const [a, b, c] = users.map((u) => u.id) as [string, string, string];
      const schedule = await buildSchedule(app, team.id, [a, b, c]);
      const layer = schedule.layers[0]!;
      // The preview starts at now: saving changes nothing before.
      const now = '2024-01-04T12:00:00.000Z';
      const url = `/api/v1/schedules/${schedule.id}/shifts?from=${now}&to=${TO}`;
      clock.set(Date.parse(now));
      try {
        const before = await api<ShiftsView>(app, 'GET', url);
        const asIs = { id: layer.id, ...layerSettings(layer) };
        const same = await api<PreviewShiftsView>(app, 'POST', '/api/v1/schedules/preview', {
          body: { schedule_id: schedule.id, layers: [asIs], from: FROM, to: TO },
        });
        assert.deepEqual(same.body.data, before.body.data, 'an unchanged layer keeps its shifts');

        const edited = { ...asIs, participants: [c, a], shift_length: 2 };
        const preview = await api<PreviewShiftsView>(app, 'POST', '/api/v1/schedules/preview', {
          body: { schedule_id: schedule.id, layers: [edited], from: FROM, to: TO },
        });
        assert.equal(preview.status, 200, JSON.stringify(preview.body));
        assert.equal(preview.body.from, now, 'asked from FROM, answered from now');
        assert.notDeepEqual(preview.body.data, before.body.data);
        assert.deepEqual((await api<ShiftsView>(app, 'GET', url)).body, before.body, 'nothing saved');
        assert.deepEqual(await auditActions(app, 'schedule', schedule.id), ['schedule.create']);

        const { id: _id, ...patch } = edited;
        const saved = await api(app, 'PATCH', `/api/v1/schedules/${schedule.id}/layers/${layer.id}`, {
          body: patch,
        });
        assert.equal(saved.status, 200, JSON.stringify(saved.body));
        const after = await api<ShiftsView>(app, 'GET', url);
        assert.deepEqual(preview.body.data, after.body.data);
        assert.deepEqual(preview.body.gaps, after.body.gaps);

        const without = await api<PreviewShiftsView>(app, 'POST', '/api/v1/schedules/preview', {
          body: { schedule_id: schedule.id, layers: [], from: FROM, to: TO },
        });
        assert.deepEqual(without.body.data, [], 'a layer left out is deleted');
      } finally {
        clock.set(T0);
      }
    });

    it('answers 400 naming the field, as saving would', async () => {
      const { app } = server();
      const { team, users } = await buildTeamWithMembers(app, 1);
      const outsider = await buildUser(app);
      const schedule = await buildSchedule(app, team.id, [users[0]!.id]);
      const layer = {
        start_date: '2024-01-01',
        shift_length: 1,
        shift_unit: 'days',
        participants: [users[0]!.id],
      };
      const cases: [Record<string, unknown>, RegExp][] = [
        [
          { team_id: team.id, layers: [{ ...layer, participants: [outsider.id] }] },
          /^layers\.0\.participants\.0: .* is not a member of team/,
        ],
        [
          { schedule_id: schedule.id, layers: [{ ...layer, id: 'lyr_nope' }] },
          /^layers\.0\.id: no layer "lyr_nope"/,
        ],
        [{ layers: [layer] }, /^team_id: required without schedule_id/],
        [{ team_id: team.id, layers: [layer], to: FROM }, /^body\.to: must be after from/],
        [
          { team_id: team.id, layers: [{ ...layer, start_date: '2024-02-30' }] },
          /^layers\.0\.start_date: 2024-02-30 is not a calendar date/,
        ],
        [
          { team_id: team.id, layers: [{ ...layer, handoff_time: '25:00' }] },
          /^body\.layers\.0\.handoff_time /,
        ],
      ];
      for (const [body, message] of cases) {
        const res = await api<ErrorBody>(app, 'POST', '/api/v1/schedules/preview', {
          body: { from: FROM, to: TO, ...body },
        });
        assert.equal(res.status, 400, JSON.stringify(res.body));
        assert.match(res.body.error.message, message);
      }
    });
  },
  { clock: () => (clock = fixedClock(T0)) },
);
