import assert from 'node:assert/strict';
import { it } from 'node:test';
import { buildSchedule, buildTeamWithMembers } from '../../test/factories.ts';
import { api, describeEachDialect } from '../../test/harness.ts';
import { fixedClock } from '../platform/clock.ts';
import { openDatabase } from '../platform/db/connect.ts';
import { newId } from '../platform/ids.ts';
import type { OnCallEntryView } from './schemas.ts';

/**
 * `GET /api/v1/oncall` looks a day around `at` first and further only where the current shift
 * reaches the edge of what it looked at (issue 20). These pin the answer to the documented one:
 * the shift's true start and end, looked for up to 31 days back and ahead, whether the shift is
 * a few hours or weeks long, and with schedules of both kinds on one page.
 */
const T0 = Date.parse('2024-01-01T00:00:00Z');

type OnCallBody = { at: string; data: OnCallEntryView[]; next_cursor: string | null };

/** Who is on call on each schedule of the team at `at`: user, source, start and end, by schedule id. */
async function onCall(app: Parameters<typeof api>[0], teamId: string, at: string) {
  const res = await api<OnCallBody>(app, 'GET', `/api/v1/oncall?team_id=${teamId}&at=${at}&limit=500`);
  assert.equal(res.status, 200, JSON.stringify(res.body));
  return new Map(
    res.body.data.map((e) => [e.schedule_id, [e.user_id, e.source, e.shift_start, e.shift_end]] as const),
  );
}

describeEachDialect(
  'who is on call now',
  (server) => {
    it('reports the true start and end of shifts longer than the first look', async () => {
      const { app } = server();
      const { team, users } = await buildTeamWithMembers(app, 3);
      const [a, b, c] = users.map((u) => u.id) as [string, string, string];
      const threeWeeks = await buildSchedule(app, team.id, [a, b], {
        layers: [
          {
            start_date: '2024-01-01',
            handoff_time: '09:00',
            shift_length: 3,
            shift_unit: 'weeks',
            participants: [a, b],
          },
        ],
      });
      // One participant: one shift with no end, so the answer is clipped at the 31-day search.
      const alone = await buildSchedule(app, team.id, [c]);
      const daily = await buildSchedule(app, team.id, [a, b]);
      const longOverride = await buildSchedule(app, team.id, [a, b]);
      const ov = await api(app, 'POST', `/api/v1/schedules/${longOverride.id}/overrides`, {
        body: { user_id: c, start: '2024-01-05T06:00:00Z', end: '2024-01-25T18:00:00Z' },
      });
      assert.equal(ov.status, 201, JSON.stringify(ov.body));

      const at = await onCall(app, team.id, '2024-01-12T00:00:00Z');
      assert.deepEqual(at.get(threeWeeks.id), [
        a,
        'layer',
        '2024-01-01T09:00:00.000Z',
        '2024-01-22T09:00:00.000Z',
      ]);
      assert.deepEqual(at.get(longOverride.id), [
        c,
        'override',
        '2024-01-05T06:00:00.000Z',
        '2024-01-25T18:00:00.000Z',
      ]);
      assert.deepEqual(at.get(daily.id), [
        a,
        'layer',
        '2024-01-11T09:00:00.000Z',
        '2024-01-12T09:00:00.000Z',
      ]);
      assert.deepEqual(at.get(alone.id), [
        c,
        'layer',
        '2024-01-01T09:00:00.000Z',
        '2024-02-12T00:00:00.000Z',
      ]);

      // Past 31 days the start is clipped too, as documented, and the second rotation turns.
      const later = await onCall(app, team.id, '2024-03-15T00:00:00Z');
      assert.deepEqual(later.get(alone.id), [
        c,
        'layer',
        '2024-02-13T00:00:00.000Z',
        '2024-04-15T00:00:00.000Z',
      ]);
      assert.deepEqual(later.get(threeWeeks.id), [
        b,
        'layer',
        '2024-03-04T09:00:00.000Z',
        '2024-03-25T09:00:00.000Z',
      ]);
    });

    it('reports a normal shift, an override inside it and a gap exactly', async () => {
      const { app } = server();
      const { team, users } = await buildTeamWithMembers(app, 3);
      const [a, b, c] = users.map((u) => u.id) as [string, string, string];
      const schedule = await buildSchedule(app, team.id, [a, b], {
        layers: [
          {
            start_date: '2024-01-01',
            handoff_time: '09:00',
            shift_length: 12,
            shift_unit: 'hours',
            restrictions: [{ type: 'daily', start: '09:00', end: '17:00' }],
            participants: [a, b],
          },
        ],
      });
      const ov = await api(app, 'POST', `/api/v1/schedules/${schedule.id}/overrides`, {
        body: { user_id: c, start: '2024-01-03T12:00:00Z', end: '2024-01-03T14:00:00Z' },
      });
      assert.equal(ov.status, 201, JSON.stringify(ov.body));
      const cases: [string, unknown[]][] = [
        ['2024-01-03T10:00:00Z', [a, 'layer', '2024-01-03T09:00:00.000Z', '2024-01-03T12:00:00.000Z']],
        ['2024-01-03T13:00:00Z', [c, 'override', '2024-01-03T12:00:00.000Z', '2024-01-03T14:00:00.000Z']],
        ['2024-01-03T16:59:59Z', [a, 'layer', '2024-01-03T14:00:00.000Z', '2024-01-03T17:00:00.000Z']],
        ['2024-01-04T09:00:00Z', [a, 'layer', '2024-01-04T09:00:00.000Z', '2024-01-04T17:00:00.000Z']],
        ['2024-01-03T20:00:00Z', [null, null, null, null]],
      ];
      for (const [at, want] of cases) {
        assert.deepEqual((await onCall(app, team.id, at)).get(schedule.id), want, at);
      }
    });

    it('answers from its cache until anything that decides it changes, on any node', async () => {
      const { app, tdb } = server();
      const { team, users } = await buildTeamWithMembers(app, 3);
      const [a, b, c] = users.map((u) => u.id) as [string, string, string];
      // The factory's default: a daily handoff at 09:00 from 2024-01-01, a then b.
      const schedule = await buildSchedule(app, team.id, [a, b]);
      const at = '2024-01-03T12:00:00Z';
      const who = async () => {
        const res = await api<OnCallBody>(app, 'GET', `/api/v1/oncall?team_id=${team.id}&at=${at}`);
        assert.equal(res.status, 200, JSON.stringify(res.body));
        const e = res.body.data.find((x) => x.schedule_id === schedule.id);
        return [e?.user_id, e?.user_name, e?.source, e?.shift_start, e?.shift_end];
      };
      const nameOf = (id: string) => users.find((u) => u.id === id)?.name;
      const layerShift = (u: string, name = nameOf(u)) => [
        u,
        name,
        'layer',
        '2024-01-03T09:00:00.000Z',
        '2024-01-04T09:00:00.000Z',
      ];
      assert.deepEqual(await who(), layerShift(a));
      assert.deepEqual(await who(), layerShift(a), 'the same answer the second time, from the cache');

      const ov = await api<{ id: string }>(app, 'POST', `/api/v1/schedules/${schedule.id}/overrides`, {
        body: { user_id: c, start: '2024-01-03T11:00:00Z', end: '2024-01-03T13:00:00Z' },
      });
      assert.equal(ov.status, 201, JSON.stringify(ov.body));
      assert.deepEqual(await who(), [
        c,
        nameOf(c),
        'override',
        '2024-01-03T11:00:00.000Z',
        '2024-01-03T13:00:00.000Z',
      ]);
      const gone = await api(app, 'DELETE', `/api/v1/schedules/${schedule.id}/overrides/${ov.body.id}`);
      assert.equal(gone.status, 204);
      assert.deepEqual(await who(), layerShift(a));

      const renamed = await api(app, 'PATCH', `/api/v1/users/${a}`, { body: { name: 'Renamed Responder' } });
      assert.equal(renamed.status, 200, JSON.stringify(renamed.body));
      assert.deepEqual(await who(), layerShift(a, 'Renamed Responder'));

      const off = await api(app, 'POST', '/api/v1/time-off', {
        body: { user_id: a, start: '2024-01-03T00:00:00Z', end: '2024-01-04T00:00:00Z' },
      });
      assert.equal(off.status, 201, JSON.stringify(off.body));
      assert.deepEqual(
        await who(),
        [b, nameOf(b), 'layer', '2024-01-02T09:00:00.000Z', '2024-01-04T00:00:00.000Z'],
        'b, on call the day before, covers for a until the time off ends',
      );

      // Another node (its own connection) hands the shift to c: this node's cache must not answer b.
      const other = openDatabase(tdb.url);
      try {
        await other.db
          .insertInto('schedule_overrides')
          .values({
            id: newId('ovr', T0),
            schedule_id: schedule.id,
            user_id: c,
            start_at: Date.parse('2024-01-03T10:00:00Z'),
            end_at: Date.parse('2024-01-03T14:00:00Z'),
            swap_id: null,
            created_by: c,
            created_at: T0,
          })
          .execute();
      } finally {
        await other.close();
      }
      assert.deepEqual(await who(), [
        c,
        nameOf(c),
        'override',
        '2024-01-03T10:00:00.000Z',
        '2024-01-03T14:00:00.000Z',
      ]);
    });
  },
  { clock: () => fixedClock(T0) },
);
