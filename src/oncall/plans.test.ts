import assert from 'node:assert/strict';
import { it } from 'node:test';
import {
  auditActions,
  buildSchedule,
  buildTeamWithMembers,
  buildUser,
  tokenFor,
} from '../../test/factories.ts';
import { api, describeEachDialect } from '../../test/harness.ts';
import { fixedClock } from '../platform/clock.ts';
import type { SwapView, TemporaryView, TimeOffView } from './schemas-plans.ts';
import type { ShiftsView } from './schemas.ts';

type ErrorBody = { error: { code: string; message: string } };
const T0 = Date.parse('2024-01-01T00:00:00Z');
const holders = (s: ShiftsView) => s.data.map((x) => `${x.user_id} ${x.start} ${x.end} ${x.source}`);
const shiftsUrl = (id: string, from: string, to: string) =>
  `/api/v1/schedules/${id}/shifts?from=${from}&to=${to}`;

describeEachDialect(
  'time off, temporary schedules and swaps',
  (server) => {
    it('time off makes the rotation skip the person: the next participant covers', async () => {
      const { app } = server();
      const { team, users } = await buildTeamWithMembers(app, 3);
      const [a, b] = users.map((u) => u.id) as [string, string];
      const schedule = await buildSchedule(
        app,
        team.id,
        users.map((u) => u.id),
      );
      const token = await tokenFor(app, a);
      const off = await api<TimeOffView>(app, 'POST', '/api/v1/time-off', {
        token,
        body: { start: '2024-01-01T12:00:00Z', end: '2024-01-01T18:00:00Z', reason: 'dentist' },
      });
      assert.equal(off.status, 201, JSON.stringify(off.body));
      assert.equal(off.body.user_id, a);
      const forOthers = await api(app, 'POST', '/api/v1/time-off', {
        token,
        body: { user_id: b, start: '2024-01-01T12:00:00Z', end: '2024-01-01T18:00:00Z' },
      });
      assert.equal(forOthers.status, 403);

      const res = await api<ShiftsView>(
        app,
        'GET',
        shiftsUrl(schedule.id, '2024-01-01T09:00:00Z', '2024-01-02T09:00:00Z'),
      );
      assert.deepEqual(holders(res.body), [
        `${a} 2024-01-01T09:00:00.000Z 2024-01-01T12:00:00.000Z layer`,
        `${b} 2024-01-01T12:00:00.000Z 2024-01-01T18:00:00.000Z layer`,
        `${a} 2024-01-01T18:00:00.000Z 2024-01-02T09:00:00.000Z layer`,
      ]);
      const list = await api<{ data: TimeOffView[] }>(app, 'GET', `/api/v1/time-off?user_id=${a}`);
      assert.deepEqual(
        list.body.data.map((t) => t.reason),
        ['dentist'],
      );
      assert.equal((await api(app, 'DELETE', `/api/v1/time-off/${off.body.id}`, { token })).status, 204);
      assert.deepEqual(await auditActions(app, 'user', a), [
        'user.create',
        'time_off.create',
        'time_off.delete',
      ]);
    });

    it('a temporary schedule replaces the computed one for its period, gaps included', async () => {
      const { app } = server();
      const { team, users } = await buildTeamWithMembers(app, 3);
      const [a, , c] = users.map((u) => u.id) as [string, string, string];
      const schedule = await buildSchedule(app, team.id, [a]);
      const tmp = await api<TemporaryView>(
        app,
        'POST',
        `/api/v1/schedules/${schedule.id}/temporary-schedules`,
        {
          body: {
            name: 'holiday week',
            start: '2024-01-02T00:00:00Z',
            end: '2024-01-03T00:00:00Z',
            shifts: [{ user_id: c, start: '2024-01-02T06:00:00Z', end: '2024-01-03T00:00:00Z' }],
          },
        },
      );
      assert.equal(tmp.status, 201, JSON.stringify(tmp.body));
      const res = await api<ShiftsView>(
        app,
        'GET',
        shiftsUrl(schedule.id, '2024-01-01T12:00:00Z', '2024-01-03T12:00:00Z'),
      );
      assert.deepEqual(holders(res.body), [
        `${a} 2024-01-01T12:00:00.000Z 2024-01-02T00:00:00.000Z layer`,
        `${c} 2024-01-02T06:00:00.000Z 2024-01-03T00:00:00.000Z temporary`,
        `${a} 2024-01-03T00:00:00.000Z 2024-01-03T12:00:00.000Z layer`,
      ]);
      assert.deepEqual(res.body.gaps, [
        { start: '2024-01-02T00:00:00.000Z', end: '2024-01-02T06:00:00.000Z' },
      ]);

      const overlapping = await api<ErrorBody>(
        app,
        'POST',
        `/api/v1/schedules/${schedule.id}/temporary-schedules`,
        {
          body: { start: '2024-01-02T12:00:00Z', end: '2024-01-04T00:00:00Z', shifts: [] },
        },
      );
      assert.equal(overlapping.status, 409);
      const outside = await api<ErrorBody>(
        app,
        'POST',
        `/api/v1/schedules/${schedule.id}/temporary-schedules`,
        {
          body: {
            start: '2024-02-01T00:00:00Z',
            end: '2024-02-02T00:00:00Z',
            shifts: [{ user_id: c, start: '2024-01-31T00:00:00Z', end: '2024-02-01T06:00:00Z' }],
          },
        },
      );
      assert.equal(outside.status, 400);
      assert.match(outside.body.error.message, /^shifts\.0\.start: must be within/);
      const del = await api(
        app,
        'DELETE',
        `/api/v1/schedules/${schedule.id}/temporary-schedules/${tmp.body.id}`,
      );
      assert.equal(del.status, 204);
    });

    it('a swap offered by the person on call and accepted by a teammate becomes overrides', async () => {
      const { app } = server();
      const { team, users } = await buildTeamWithMembers(app, 3);
      const [a, b, c] = users.map((u) => u.id) as [string, string, string];
      const schedule = await buildSchedule(app, team.id, [a, b]);
      const [ta, tb, tc] = [await tokenFor(app, a), await tokenFor(app, b), await tokenFor(app, c)];
      const outsider = await tokenFor(app, (await buildUser(app)).id);
      const url = `/api/v1/schedules/${schedule.id}/swaps`;

      const notOnCall = await api<ErrorBody>(app, 'POST', url, {
        token: tb,
        body: { start: '2024-01-01T09:00:00Z', end: '2024-01-02T09:00:00Z' },
      });
      assert.equal(notOnCall.status, 400);
      assert.match(notOnCall.body.error.message, /^start: the requester is not on call/);

      // a offers the end of her shift and the start of b's; only her own hours are handed over.
      const swap = await api<SwapView>(app, 'POST', url, {
        token: ta,
        body: { start: '2024-01-01T20:00:00Z', end: '2024-01-02T12:00:00Z', note: 'wedding' },
      });
      assert.equal(swap.status, 201, JSON.stringify(swap.body));
      assert.equal(swap.body.status, 'pending');
      assert.equal((await api(app, 'POST', `${url}/${swap.body.id}/accept`, { token: ta })).status, 403);
      assert.equal(
        (await api(app, 'POST', `${url}/${swap.body.id}/accept`, { token: outsider })).status,
        403,
      );

      const accepted = await api<SwapView>(app, 'POST', `${url}/${swap.body.id}/accept`, { token: tc });
      assert.equal(accepted.status, 200, JSON.stringify(accepted.body));
      assert.equal(accepted.body.status, 'accepted');
      assert.equal(accepted.body.accepted_by, c);
      assert.equal(accepted.body.override_ids.length, 1);
      const again = await api<ErrorBody>(app, 'POST', `${url}/${swap.body.id}/accept`, { token: tb });
      assert.equal(again.status, 409);

      const res = await api<ShiftsView>(
        app,
        'GET',
        shiftsUrl(schedule.id, '2024-01-01T09:00:00Z', '2024-01-02T12:00:00Z'),
      );
      assert.deepEqual(holders(res.body), [
        `${a} 2024-01-01T09:00:00.000Z 2024-01-01T20:00:00.000Z layer`,
        `${c} 2024-01-01T20:00:00.000Z 2024-01-02T09:00:00.000Z override`,
        `${b} 2024-01-02T09:00:00.000Z 2024-01-02T12:00:00.000Z layer`,
      ]);

      const offered = await api<SwapView>(app, 'POST', url, {
        token: tb,
        body: { start: '2024-01-02T09:00:00Z', end: '2024-01-03T09:00:00Z', to_user_id: a },
      });
      assert.equal(offered.status, 201, JSON.stringify(offered.body));
      assert.equal((await api(app, 'POST', `${url}/${offered.body.id}/accept`, { token: tc })).status, 403);
      const declined = await api<SwapView>(app, 'POST', `${url}/${offered.body.id}/decline`, { token: ta });
      assert.equal(declined.body.status, 'declined');

      const withdrawn = await api<SwapView>(app, 'POST', url, {
        token: tb,
        body: { start: '2024-01-02T09:00:00Z', end: '2024-01-03T09:00:00Z' },
      });
      assert.equal(
        (await api<SwapView>(app, 'POST', `${url}/${withdrawn.body.id}/cancel`, { token: ta })).status,
        403,
      );
      const cancelled = await api<SwapView>(app, 'POST', `${url}/${withdrawn.body.id}/cancel`, { token: tb });
      assert.equal(cancelled.body.status, 'cancelled');

      const pending = await api<{ data: SwapView[] }>(app, 'GET', `${url}?status=accepted`);
      assert.deepEqual(
        pending.body.data.map((s) => s.id),
        [swap.body.id],
      );
      assert.deepEqual(await auditActions(app, 'schedule', schedule.id), [
        'schedule.create',
        'schedule_swap.create',
        'schedule_swap.accept',
        'schedule_swap.create',
        'schedule_swap.decline',
        'schedule_swap.create',
        'schedule_swap.cancel',
      ]);
    });
  },
  { clock: () => fixedClock(T0) },
);
