import assert from 'node:assert/strict';
import { it } from 'node:test';
import { buildSchedule, buildService, buildTeamWithMembers, tokenFor } from '../../test/factories.ts';
import { api, describeEachDialect } from '../../test/harness.ts';
import { fixedClock } from '../platform/clock.ts';
import type { SwapView } from './schemas-plans.ts';

/**
 * Every time a client sends lies in the years 1970-2200, and no period one request creates is
 * longer than 366 days (issue 14 item 5): `?at=9999-12-31T23:59:59Z` answered 500 (a shift end
 * past year 9999 failed the response schema), and a 100-year swap created 2,613 override rows.
 */
type ErrorBody = { error: { code: string; message: string } };
const T0 = Date.parse('2024-01-01T00:00:00Z');

describeEachDialect(
  'time bounds and period caps',
  (server) => {
    it('refuses times outside 1970-2200 in queries with 400 naming the field', async () => {
      const { app } = server();
      const { team, users } = await buildTeamWithMembers(app, 2);
      const schedule = await buildSchedule(
        app,
        team.id,
        users.map((u) => u.id),
      );
      // Now on call the schedule has shifts, so the old answer was a 500, not an empty list.
      const ok = await api(app, 'GET', '/api/v1/oncall?at=2200-12-31T23:59:59Z');
      assert.equal(ok.status, 200, JSON.stringify(ok.body));
      for (const [url, field] of [
        ['/api/v1/oncall?at=9999-12-31T23:59:59Z', 'querystring.at'],
        ['/api/v1/oncall?at=2201-01-01T00:00:00Z', 'querystring.at'],
        ['/api/v1/oncall?at=0000-01-01T00:00:00Z', 'querystring.at'],
        [
          `/api/v1/schedules/${schedule.id}/shifts?from=1969-12-31T00:00:00Z&to=1970-01-02T00:00:00Z`,
          'querystring.from',
        ],
        [
          `/api/v1/schedules/${schedule.id}/shifts?from=9999-12-01T00:00:00Z&to=9999-12-31T00:00:00Z`,
          'querystring.from',
        ],
        ['/api/v1/incidents?since=9999-01-01T00:00:00Z', 'querystring.since'],
      ] as const) {
        const res = await api<ErrorBody>(app, 'GET', url);
        assert.equal(res.status, 400, `${url}: ${JSON.stringify(res.body)}`);
        assert.equal(
          res.body.error.message,
          `${field} must match format "date-time": an RFC 3339 time such as 2026-01-31T09:00:00Z, in the years 1970 to 2200`,
        );
      }
    });

    it('refuses overrides, time off, temporary schedules and swaps longer than 366 days', async () => {
      const { app } = server();
      const { team, users } = await buildTeamWithMembers(app, 2);
      const [a, b] = users.map((u) => u.id) as [string, string];
      const schedule = await buildSchedule(app, team.id, [a, b]);
      const base = `/api/v1/schedules/${schedule.id}`;
      const century = { start: '2024-01-01T09:00:00Z', end: '2124-01-01T09:00:00Z' };
      const cases: [string, string, Record<string, unknown>, string][] = [
        ['override', `${base}/overrides`, { user_id: a, ...century }, 'end'],
        ['time off', '/api/v1/time-off', { user_id: a, ...century }, 'end'],
        [
          'temporary schedule',
          `${base}/temporary-schedules`,
          { ...century, shifts: [{ user_id: a, start: century.start, end: '2024-01-02T09:00:00Z' }] },
          'end',
        ],
        [
          'temporary shift',
          `${base}/temporary-schedules`,
          {
            start: '2024-01-01T09:00:00Z',
            end: '2024-01-08T09:00:00Z',
            shifts: [{ user_id: a, start: '2024-01-01T09:00:00Z', end: '2026-01-01T09:00:00Z' }],
          },
          'shifts.0.end',
        ],
        ['swap', `${base}/swaps`, { requester_id: a, ...century }, 'end'],
      ];
      for (const [what, url, body, field] of cases) {
        const res = await api<ErrorBody>(app, 'POST', url, { body });
        assert.equal(res.status, 400, `${what}: ${JSON.stringify(res.body)}`);
        assert.match(res.body.error.message, new RegExp(`^${field}: must be at most 366 days after`), what);
      }
      // Up to year 9999, as accepted before, is now refused for the year alone.
      const far = await api<ErrorBody>(app, 'POST', `${base}/overrides`, {
        body: { user_id: a, start: '9999-12-01T00:00:00Z', end: '9999-12-31T00:00:00Z' },
      });
      assert.equal(far.status, 400);
      assert.match(far.body.error.message, /^body\.start must match format "date-time".*1970 to 2200$/);
      // 366 days is still fine.
      const year = await api(app, 'POST', `${base}/overrides`, {
        body: { user_id: a, start: '2024-01-01T09:00:00Z', end: '2025-01-01T09:00:00Z' },
      });
      assert.equal(year.status, 201, JSON.stringify(year.body));
    });

    it('a swap over back-to-back shifts makes one override; one over too many separate shifts is refused', async () => {
      const { app } = server();
      const { team, users } = await buildTeamWithMembers(app, 3);
      const [a, b, c] = users.map((u) => u.id) as [string, string, string];
      const [ta, tc] = [await tokenFor(app, a), await tokenFor(app, c)];
      // a alone on a daily rotation: 300 days of shifts, back to back.
      const solo = await buildSchedule(app, team.id, [a]);
      const url = `/api/v1/schedules/${solo.id}/swaps`;
      const swap = await api<SwapView>(app, 'POST', url, {
        token: ta,
        body: { start: '2024-01-01T09:00:00Z', end: '2024-10-27T09:00:00Z' },
      });
      assert.equal(swap.status, 201, JSON.stringify(swap.body));
      const accepted = await api<SwapView>(app, 'POST', `${url}/${swap.body.id}/accept`, { token: tc });
      assert.equal(accepted.status, 200, JSON.stringify(accepted.body));
      assert.equal(accepted.body.override_ids.length, 1);

      // a and b trading hourly shifts: 8,784 hours in a leap year, half of them a's.
      const hourly = await buildSchedule(app, team.id, [a, b], {
        layers: [
          {
            start_date: '2024-01-01',
            handoff_time: '00:00',
            shift_length: 1,
            shift_unit: 'hours',
            participants: [a, b],
          },
        ],
      });
      const many = await api<ErrorBody>(app, 'POST', `/api/v1/schedules/${hourly.id}/swaps`, {
        token: ta,
        body: { start: '2024-01-01T00:00:00Z', end: '2024-12-31T00:00:00Z' },
      });
      assert.equal(many.status, 400, JSON.stringify(many.body));
      assert.match(many.body.error.message, /^end: the requester holds 4380 separate shifts .* at most 500/);
    });

    it('refuses silences and maintenance windows longer than 366 days', async () => {
      const { app } = server();
      const service = await buildService(app);
      const silence = await api<ErrorBody>(app, 'POST', '/api/v1/silences', {
        body: { service_id: service.id, comment: 'x', ends_at: '2026-01-01T00:00:00Z' },
      });
      assert.equal(silence.status, 400, JSON.stringify(silence.body));
      assert.match(silence.body.error.message, /^ends_at: must be at most 366 days after starts_at/);
      const minutes = await api<ErrorBody>(app, 'POST', '/api/v1/silences', {
        body: { service_id: service.id, comment: 'x', duration_minutes: 367 * 24 * 60 },
      });
      assert.equal(minutes.status, 400, JSON.stringify(minutes.body));
      assert.match(minutes.body.error.message, /^body\.duration_minutes must be <= 527040/);
      const window = await api<ErrorBody>(app, 'POST', '/api/v1/maintenance-windows', {
        body: {
          name: 'forever',
          service_ids: [service.id],
          starts_at: '2024-01-02T00:00:00Z',
          ends_at: '2124-01-02T00:00:00Z',
        },
      });
      assert.equal(window.status, 400, JSON.stringify(window.body));
      assert.match(window.body.error.message, /^ends_at: must be at most 366 days after starts_at/);
      const fine = await api(app, 'POST', '/api/v1/silences', {
        body: { service_id: service.id, comment: 'x', ends_at: '2024-12-31T00:00:00Z' },
      });
      assert.equal(fine.status, 201, JSON.stringify(fine.body));
    });
  },
  { clock: () => fixedClock(T0) },
);
