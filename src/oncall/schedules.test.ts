import assert from 'node:assert/strict';
import { it } from 'node:test';
import {
  auditActions,
  buildSchedule,
  buildTeamWithMembers,
  buildUser,
  uniqueName,
  viewerToken,
} from '../../test/factories.ts';
import { api, describeEachDialect } from '../../test/harness.ts';
import { fixedClock } from '../platform/clock.ts';
import type { LayerView, ScheduleView, ShiftsView } from './schemas.ts';

type ErrorBody = { error: { code: string; message: string } };
type PageBody<T> = { data: T[]; next_cursor: string | null };

const T0 = Date.parse('2024-01-01T00:00:00Z');
let clock = fixedClock(T0);
const who = (s: ShiftsView) => s.data.map((x) => `${x.user_id} ${x.start} ${x.end}`);

describeEachDialect(
  'schedules API',
  (server) => {
    it('creates a schedule with layers, answers 201, gets and lists it', async () => {
      const { app } = server();
      const { team, users } = await buildTeamWithMembers(app, 2);
      const name = uniqueName('Payments primary');
      const res = await api<ScheduleView>(app, 'POST', '/api/v1/schedules', {
        body: {
          name,
          team_id: team.id,
          time_zone: 'Europe/Berlin',
          layers: [
            {
              name: 'weekdays',
              start_date: '2024-01-01',
              handoff_time: '09:00',
              shift_length: 1,
              shift_unit: 'weeks',
              participants: users.map((u) => u.id),
            },
            {
              name: 'nights',
              start_date: '2024-01-01',
              shift_length: 12,
              shift_unit: 'hours',
              restrictions: [{ type: 'daily', start: '18:00', end: '09:00' }],
              participants: [users[1]!.id],
            },
          ],
        },
      });
      assert.equal(res.status, 201, JSON.stringify(res.body));
      assert.match(res.body.id, /^sch_[0-9A-Z]{26}$/);
      assert.equal(res.body.time_zone, 'Europe/Berlin');
      assert.deepEqual(
        res.body.layers.map((l) => [l.name, l.order, l.time_zone, l.handoff_time]),
        [
          ['weekdays', 1, 'Europe/Berlin', '09:00'],
          ['nights', 2, 'Europe/Berlin', '09:00'],
        ],
      );
      assert.deepEqual(
        res.body.layers[0]!.participants,
        users.map((u) => ({ user_id: u.id, name: u.name })),
      );
      assert.equal(res.body.layers[1]!.versions.length, 1);

      const got = await api<ScheduleView>(app, 'GET', `/api/v1/schedules/${res.body.id}`);
      assert.deepEqual(got.body, res.body);
      const list = await api<PageBody<ScheduleView>>(app, 'GET', `/api/v1/schedules?team_id=${team.id}`);
      assert.deepEqual(
        list.body.data.map((s) => s.id),
        [res.body.id],
      );
      const layers = await api<{ data: LayerView[] }>(app, 'GET', `/api/v1/schedules/${res.body.id}/layers`);
      assert.equal(layers.body.data.length, 2);
      assert.deepEqual(await auditActions(app, 'schedule', res.body.id), ['schedule.create']);
    });

    it('computes shifts with gaps, who is on call, and coverage gaps', async () => {
      const { app } = server();
      const { team, users } = await buildTeamWithMembers(app, 2);
      const [a, b] = users as [(typeof users)[0], (typeof users)[0]];
      const schedule = await buildSchedule(app, team.id, [a.id, b.id]);
      const res = await api<ShiftsView>(
        app,
        'GET',
        `/api/v1/schedules/${schedule.id}/shifts?from=2024-01-01T00:00:00Z&to=2024-01-03T12:00:00Z`,
      );
      assert.equal(res.status, 200, JSON.stringify(res.body));
      assert.deepEqual(who(res.body), [
        `${a.id} 2024-01-01T09:00:00.000Z 2024-01-02T09:00:00.000Z`,
        `${b.id} 2024-01-02T09:00:00.000Z 2024-01-03T09:00:00.000Z`,
        `${a.id} 2024-01-03T09:00:00.000Z 2024-01-03T12:00:00.000Z`,
      ]);
      assert.equal(res.body.data[0]!.user_name, a.name);
      assert.deepEqual(res.body.gaps, [
        { start: '2024-01-01T00:00:00.000Z', end: '2024-01-01T09:00:00.000Z' },
      ]);

      const now = await api<{
        at: string;
        data: { schedule_id: string; user_id: string | null; shift_end: string }[];
      }>(app, 'GET', `/api/v1/oncall?schedule_id=${schedule.id}&at=2024-01-02T10:00:00Z`);
      assert.equal(now.status, 200, JSON.stringify(now.body));
      assert.deepEqual(now.body.data, [
        {
          schedule_id: schedule.id,
          schedule_name: schedule.name,
          team_id: team.id,
          user_id: b.id,
          user_name: b.name,
          source: 'layer',
          source_id: schedule.layers[0]!.id,
          shift_start: '2024-01-02T09:00:00.000Z',
          shift_end: '2024-01-03T09:00:00.000Z',
        },
      ]);
      const gap = await api<{ data: { user_id: string | null }[] }>(
        app,
        'GET',
        `/api/v1/oncall?schedule_id=${schedule.id}`,
      );
      assert.equal(gap.body.data[0]!.user_id, null, 'at T0, before the first handoff, nobody');
      const gaps = await api<{ data: unknown[] }>(app, 'GET', `/api/v1/schedules/${schedule.id}/gaps?days=3`);
      assert.deepEqual(gaps.body.data, [
        { start: '2024-01-01T00:00:00.000Z', end: '2024-01-01T09:00:00.000Z' },
      ]);
    });

    it('changes participants from an effective date without rewriting past shifts', async () => {
      const { app } = server();
      const { team, users } = await buildTeamWithMembers(app, 3);
      const [a, b, c] = users.map((u) => u.id) as [string, string, string];
      const schedule = await buildSchedule(app, team.id, [a, b, c]);
      const layer = schedule.layers[0]!;
      const url = `/api/v1/schedules/${schedule.id}/shifts?from=2024-01-01T00:00:00Z&to=2024-01-08T00:00:00Z`;
      clock.set(Date.parse('2024-01-04T12:00:00Z'));
      try {
        const before = await api<ShiftsView>(app, 'GET', url);
        const past = await api<ErrorBody>(
          app,
          'PUT',
          `/api/v1/schedules/${schedule.id}/layers/${layer.id}/participants`,
          {
            body: { participants: [c, a], effective_from: '2024-01-03T00:00:00Z' },
          },
        );
        assert.equal(past.status, 400);
        assert.match(past.body.error.message, /^effective_from: must not be in the past/);

        const put = await api<LayerView>(
          app,
          'PUT',
          `/api/v1/schedules/${schedule.id}/layers/${layer.id}/participants`,
          {
            body: { participants: [c, a] },
          },
        );
        assert.equal(put.status, 200, JSON.stringify(put.body));
        assert.equal(put.body.versions.length, 2);
        assert.deepEqual(
          put.body.participants.map((p) => p.user_id),
          [c, a],
        );
        const after = await api<ShiftsView>(app, 'GET', url);
        const cut = (s: ShiftsView) => who(s).filter((l) => l.split(' ')[1]! < '2024-01-04T09:00:00.000Z');
        assert.deepEqual(cut(after.body), cut(before.body), 'shifts before the change are unchanged');
        // Jan 4 09:00 is shift 3 -> a, who stays on call; then the new order: c, a, c.
        assert.deepEqual(
          after.body.data.filter((s) => s.start >= '2024-01-04').map((s) => s.user_id),
          [a, c, a, c],
        );

        const removed = await api<LayerView>(
          app,
          'DELETE',
          `/api/v1/schedules/${schedule.id}/layers/${layer.id}/participants/${a}`,
        );
        assert.equal(removed.status, 200, JSON.stringify(removed.body));
        assert.deepEqual(
          removed.body.participants.map((p) => p.user_id),
          [c],
        );
        const missing = await api(
          app,
          'DELETE',
          `/api/v1/schedules/${schedule.id}/layers/${layer.id}/participants/${a}`,
        );
        assert.equal(missing.status, 404);
      } finally {
        clock.set(T0);
      }
      assert.deepEqual(await auditActions(app, 'schedule', schedule.id), [
        'schedule.create',
        'schedule_layer.participants',
        'schedule_layer.participants',
      ]);
    });

    it('adds, updates and deletes layers; a higher layer wins where it has someone', async () => {
      const { app } = server();
      const { team, users } = await buildTeamWithMembers(app, 2);
      const [a, b] = users.map((u) => u.id) as [string, string];
      const schedule = await buildSchedule(app, team.id, [a]);
      const added = await api<LayerView>(app, 'POST', `/api/v1/schedules/${schedule.id}/layers`, {
        body: {
          name: 'business hours',
          start_date: '2024-01-01',
          shift_length: 1,
          shift_unit: 'weeks',
          restrictions: [{ type: 'weekly', start_day: 'mon', start: '09:00', end_day: 'fri', end: '17:00' }],
          participants: [b],
        },
      });
      assert.equal(added.status, 201, JSON.stringify(added.body));
      assert.equal(added.body.order, 2);
      const shifts = await api<ShiftsView>(
        app,
        'GET',
        `/api/v1/schedules/${schedule.id}/shifts?from=2024-01-01T09:00:00Z&to=2024-01-02T09:00:00Z`,
      );
      assert.deepEqual(who(shifts.body), [
        `${b} 2024-01-01T09:00:00.000Z 2024-01-05T17:00:00.000Z`.replace('2024-01-05T17', '2024-01-02T09'),
      ]);
      const renamed = await api<LayerView>(
        app,
        'PATCH',
        `/api/v1/schedules/${schedule.id}/layers/${added.body.id}`,
        {
          body: { name: 'office', order: 5 },
        },
      );
      assert.equal(renamed.status, 200, JSON.stringify(renamed.body));
      assert.deepEqual(
        [renamed.body.name, renamed.body.order, renamed.body.versions.length],
        ['office', 5, 1],
      );
      const del = await api(app, 'DELETE', `/api/v1/schedules/${schedule.id}/layers/${added.body.id}`);
      assert.equal(del.status, 204);
      const gone = await api(app, 'GET', `/api/v1/schedules/${schedule.id}/layers/${added.body.id}`);
      assert.equal(gone.status, 404);
    });

    it('rejects bad input with 400 naming the field', async () => {
      const { app } = server();
      const { team, users } = await buildTeamWithMembers(app, 1);
      const outsider = await buildUser(app);
      const member = users[0]!.id;
      const schedule = await buildSchedule(app, team.id, [member]);
      const layer = (over: Record<string, unknown>) => ({
        start_date: '2024-01-01',
        shift_length: 1,
        shift_unit: 'days',
        participants: [member],
        ...over,
      });
      const create = (over: Record<string, unknown>) => ({
        name: uniqueName('bad'),
        team_id: team.id,
        ...over,
      });
      const cases: [string, string, unknown, RegExp][] = [
        ['POST', '/api/v1/schedules', create({ time_zone: 'Mars/Olympus' }), /^time_zone: unknown time zone/],
        [
          'POST',
          '/api/v1/schedules',
          create({ layers: [layer({ shift_length: 0 })] }),
          /body\.layers\.0\.shift_length must be >= 1/,
        ],
        [
          'POST',
          '/api/v1/schedules',
          create({ layers: [layer({ time_zone: 'Nowhere/City' })] }),
          /^layers\.0\.time_zone: unknown/,
        ],
        [
          'POST',
          '/api/v1/schedules',
          create({ layers: [layer({ end: '2023-12-31T00:00:00Z' })] }),
          /^layers\.0\.end: must be after/,
        ],
        [
          'POST',
          '/api/v1/schedules',
          create({ layers: [layer({ start_date: '2024-02-30' })] }),
          /^layers\.0\.start_date: 2024-02-30 is not a calendar date/,
        ],
        [
          'POST',
          '/api/v1/schedules',
          create({ layers: [layer({ order: 2 }), layer({ order: 2 })] }),
          /^layers\.1\.order: layers\.0 already has order 2/,
        ],
        [
          'POST',
          '/api/v1/schedules',
          create({ layers: [layer({ participants: [outsider.id] })] }),
          /^layers\.0\.participants\.0: .* is not a member of team/,
        ],
        [
          'POST',
          '/api/v1/schedules',
          create({ team_id: 'team_01JAAAAAAAAAAAAAAAAAAAAAAA' }),
          /^team_id: no team/,
        ],
        [
          'POST',
          '/api/v1/schedules',
          create({ layers: [layer({ restrictions: [{ type: 'weekly', start: '09:00', end: '17:00' }] })] }),
          /^layers\.0\.restrictions\.0\.start_day: required/,
        ],
        [
          'POST',
          `/api/v1/schedules/${schedule.id}/layers`,
          layer({ order: 1 }),
          /^order: layer .* already has order 1/,
        ],
        [
          'POST',
          `/api/v1/schedules/${schedule.id}/layers`,
          layer({ handoff_time: '25:00' }),
          /body\.handoff_time must match pattern/,
        ],
        [
          'POST',
          `/api/v1/schedules/${schedule.id}/overrides`,
          { user_id: outsider.id, start: '2024-01-02T00:00:00Z', end: '2024-01-03T00:00:00Z' },
          /^user_id: .* is not a member of team/,
        ],
        [
          'POST',
          `/api/v1/schedules/${schedule.id}/overrides`,
          { user_id: member, start: '2024-01-03T00:00:00Z', end: '2024-01-02T00:00:00Z' },
          /^end: must be after start/,
        ],
        [
          'POST',
          '/api/v1/time-off',
          { user_id: member, start: '2024-01-03T00:00:00Z', end: '2024-01-03T00:00:00Z' },
          /^end: must be after start/,
        ],
      ];
      for (const [method, url, body, message] of cases) {
        const res = await api<ErrorBody>(app, method as 'POST', url, { body });
        assert.equal(res.status, 400, `${url} ${JSON.stringify(body)}: ${JSON.stringify(res.body)}`);
        assert.equal(res.body.error.code, 'invalid_request');
        assert.match(res.body.error.message, message);
      }
      const tooLong = await api<ErrorBody>(
        app,
        'GET',
        `/api/v1/schedules/${schedule.id}/shifts?from=2024-01-01T00:00:00Z&to=2025-06-01T00:00:00Z`,
      );
      assert.equal(tooLong.status, 400);
      assert.match(tooLong.body.error.message, /^querystring\.to: at most 366 days/);
    });

    it('answers 409 for a duplicate name, 404 for missing objects, 403 for viewers', async () => {
      const { app } = server();
      const { team, users } = await buildTeamWithMembers(app, 1);
      const schedule = await buildSchedule(app, team.id, [users[0]!.id]);
      const dup = await api<ErrorBody>(app, 'POST', '/api/v1/schedules', {
        body: { name: schedule.name, team_id: team.id },
      });
      assert.equal(dup.status, 409);
      assert.match(dup.body.error.message, /a schedule named .* already exists/);
      const missing = 'sch_01JAAAAAAAAAAAAAAAAAAAAAAA';
      for (const url of [
        `/api/v1/schedules/${missing}`,
        `/api/v1/schedules/${missing}/shifts?from=2024-01-01T00:00:00Z&to=2024-01-02T00:00:00Z`,
      ]) {
        assert.equal((await api(app, 'GET', url)).status, 404, url);
      }
      const token = await viewerToken(app);
      const forbidden = await api<ErrorBody>(app, 'POST', '/api/v1/schedules', {
        token,
        body: { name: uniqueName('x'), team_id: team.id },
      });
      assert.equal(forbidden.status, 403);
      assert.equal((await api(app, 'GET', `/api/v1/schedules/${schedule.id}`, { token })).status, 200);
      const del = await api(app, 'DELETE', `/api/v1/schedules/${schedule.id}`);
      assert.equal(del.status, 204);
      assert.equal((await api(app, 'GET', `/api/v1/schedules/${schedule.id}`)).status, 404);
    });
  },
  { clock: () => (clock = fixedClock(T0)) },
);
