import assert from 'node:assert/strict';
import { it } from 'node:test';
import { auditActions, buildSchedule, buildTeamWithMembers, tokenFor } from '../../test/factories.ts';
import { api, describeEachDialect } from '../../test/harness.ts';
import { fixedClock } from '../platform/clock.ts';
import type { ScheduleView, ShiftsView } from './schemas.ts';

type PageBody<T> = { data: T[]; next_cursor: string | null };

describeEachDialect(
  'schedule overrides and deleted participants',
  (server) => {
    it('keeps a schedule whose participants were all deleted readable, reporting the gap', async () => {
      const { app } = server();
      const { team, users } = await buildTeamWithMembers(app, 2);
      const schedule = await buildSchedule(
        app,
        team.id,
        users.map((u) => u.id),
      );
      // The API now refuses to delete people in a rotation (issue 14 item 6); schedules written
      // before that, or whose people were removed in the database, must still read.
      assert.equal((await api(app, 'DELETE', `/api/v1/users/${users[0]!.id}`)).status, 409);
      await server()
        .tdb.db.deleteFrom('users')
        .where(
          'id',
          'in',
          users.map((u) => u.id),
        )
        .execute();
      const got = await api<ScheduleView>(app, 'GET', `/api/v1/schedules/${schedule.id}`);
      assert.equal(got.status, 200, JSON.stringify(got.body));
      assert.deepEqual(
        got.body.layers[0]!.participants.map((p) => p.name),
        [null, null],
      );
      const shifts = await api<ShiftsView>(
        app,
        'GET',
        `/api/v1/schedules/${schedule.id}/shifts?from=2024-01-02T00:00:00Z&to=2024-01-03T00:00:00Z`,
      );
      assert.deepEqual(shifts.body.data, []);
      assert.deepEqual(shifts.body.gaps, [
        { start: '2024-01-02T00:00:00.000Z', end: '2024-01-03T00:00:00.000Z' },
      ]);
    });

    it('lets a responder override for themselves but not for others', async () => {
      const { app } = server();
      const { team, users } = await buildTeamWithMembers(app, 2);
      const [a, b] = users as [(typeof users)[0], (typeof users)[0]];
      const schedule = await buildSchedule(app, team.id, [a.id]);
      const token = await tokenFor(app, b.id);
      const body = { start: '2024-01-02T12:00:00Z', end: '2024-01-02T15:00:00Z' };
      const mine = await api<{ id: string; user_id: string; created_by: string }>(
        app,
        'POST',
        `/api/v1/schedules/${schedule.id}/overrides`,
        { token, body },
      );
      assert.equal(mine.status, 201, JSON.stringify(mine.body));
      assert.equal(mine.body.user_id, b.id);
      const theirs = await api(app, 'POST', `/api/v1/schedules/${schedule.id}/overrides`, {
        token,
        body: { ...body, user_id: a.id },
      });
      assert.equal(theirs.status, 403);
      const shifts = await api<ShiftsView>(
        app,
        'GET',
        `/api/v1/schedules/${schedule.id}/shifts?from=2024-01-02T10:00:00Z&to=2024-01-02T16:00:00Z`,
      );
      assert.deepEqual(
        shifts.body.data.map((s) => [s.user_id, s.source]),
        [
          [a.id, 'layer'],
          [b.id, 'override'],
          [a.id, 'layer'],
        ],
      );
      const list = await api<PageBody<{ id: string }>>(
        app,
        'GET',
        `/api/v1/schedules/${schedule.id}/overrides?from=2024-01-02T00:00:00Z`,
      );
      assert.deepEqual(
        list.body.data.map((o) => o.id),
        [mine.body.id],
      );
      const del = await api(app, 'DELETE', `/api/v1/schedules/${schedule.id}/overrides/${mine.body.id}`, {
        token,
      });
      assert.equal(del.status, 204);
      assert.deepEqual(await auditActions(app, 'schedule', schedule.id), [
        'schedule.create',
        'schedule_override.create',
        'schedule_override.delete',
      ]);
    });
  },
  { clock: () => fixedClock(Date.parse('2024-01-01T00:00:00Z')) },
);
