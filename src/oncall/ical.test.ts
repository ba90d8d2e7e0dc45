import assert from 'node:assert/strict';
import { it } from 'node:test';
import ICAL from 'ical.js';
import { buildSchedule, buildTeamWithMembers, tokenFor, viewerToken } from '../../test/factories.ts';
import { api, describeEachDialect } from '../../test/harness.ts';
import { hashSecret } from '../platform/auth/secrets.ts';
import { fixedClock } from '../platform/clock.ts';
import { feedWindow } from './ical.ts';
import type { CalendarFeedView } from './schemas-plans.ts';
import type { ShiftsView } from './schemas.ts';

const T0 = Date.parse('2024-01-01T00:00:00Z');

interface ParsedEvent {
  uid: string;
  start: string;
  end: string;
  summary: string;
}

/** Parses a feed with a real iCalendar parser, the way a calendar client would. */
function parseFeed(text: string): { name: string; events: ParsedEvent[] } {
  const calendar = new ICAL.Component(ICAL.parse(text));
  const events = calendar.getAllSubcomponents('vevent').map((v) => {
    const e = new ICAL.Event(v);
    return {
      uid: e.uid,
      start: e.startDate.toJSDate().toISOString(),
      end: e.endDate.toJSDate().toISOString(),
      summary: e.summary,
    };
  });
  return { name: String(calendar.getFirstPropertyValue('x-wr-calname')), events };
}

describeEachDialect(
  'calendar feeds',
  (server) => {
    it('a schedule feed parses as iCalendar and has exactly the computed shifts, across DST', async () => {
      const { app, tdb } = server();
      const { team, users } = await buildTeamWithMembers(app, 3);
      const [a, b, c] = users as [(typeof users)[0], (typeof users)[0], (typeof users)[0]];
      const schedule = await buildSchedule(app, team.id, [a.id, b.id, c.id], {
        name: 'Payments, "primary"; Berlin',
        time_zone: 'Europe/Berlin',
        layers: [
          {
            start_date: '2024-01-01',
            handoff_time: '09:00',
            shift_length: 1,
            shift_unit: 'days',
            participants: [a.id, b.id],
          },
          {
            start_date: '2024-01-01',
            shift_length: 1,
            shift_unit: 'weeks',
            restrictions: [{ type: 'daily', start: '22:00', end: '06:00' }],
            participants: [c.id],
          },
        ],
      });
      await api(app, 'POST', `/api/v1/schedules/${schedule.id}/overrides`, {
        body: { user_id: c.id, start: '2024-02-10T12:00:00Z', end: '2024-02-12T12:00:00Z' },
      });
      const feed = await api<CalendarFeedView & { token: string; url: string }>(
        app,
        'POST',
        '/api/v1/calendar-feeds',
        {
          token: await viewerToken(app),
          body: { schedule_id: schedule.id },
        },
      );
      assert.equal(feed.status, 201, JSON.stringify(feed.body));
      assert.match(feed.body.token, /^tcal_/);
      const url = new URL(feed.body.url);
      assert.equal(url.pathname, `/api/v1/schedules/${schedule.id}/ical`);
      const row = await tdb.db
        .selectFrom('calendar_feeds')
        .selectAll()
        .where('id', '=', feed.body.id)
        .executeTakeFirstOrThrow();
      assert.equal(row.token_hash, hashSecret(feed.body.token), 'only the hash is stored');

      const res = await app.inject({ method: 'GET', url: `${url.pathname}${url.search}` });
      assert.equal(res.statusCode, 200, res.body);
      assert.match(String(res.headers['content-type']), /^text\/calendar/);
      assert.ok(res.body.includes('\r\n'), 'lines end in CRLF');
      assert.ok(
        res.body.split('\r\n').every((l) => Buffer.byteLength(l) <= 75),
        'lines are folded',
      );
      const parsed = parseFeed(res.body);
      assert.equal(parsed.name, 'On call: Payments, "primary"; Berlin');

      const { from, to } = feedWindow(T0);
      const shifts = await api<ShiftsView>(
        app,
        'GET',
        `/api/v1/schedules/${schedule.id}/shifts?from=${new Date(from).toISOString()}&to=${new Date(to).toISOString()}`,
      );
      assert.ok(shifts.body.data.length > 150, `${shifts.body.data.length} shifts`);
      assert.equal(parsed.events.length, shifts.body.data.length);
      parsed.events.forEach((e, i) => {
        const s = shifts.body.data[i]!;
        assert.deepEqual([e.start, e.end], [s.start, s.end], `event ${i}`);
        assert.equal(e.summary, `On call: ${s.user_name} (${schedule.name})`);
      });
      assert.equal(new Set(parsed.events.map((e) => e.uid)).size, parsed.events.length, 'UIDs are unique');
      // The 23-hour shift of 2024-03-31 is in the feed as it is in shifts().
      assert.ok(
        parsed.events.some(
          (e) => e.start === '2024-03-31T07:00:00.000Z' || e.end === '2024-03-31T07:00:00.000Z',
        ),
      );

      const revoked = await api<CalendarFeedView>(app, 'DELETE', `/api/v1/calendar-feeds/${feed.body.id}`);
      assert.equal(revoked.status, 200, JSON.stringify(revoked.body));
      assert.ok(revoked.body.revoked_at);
      const after = await app.inject({ method: 'GET', url: `${url.pathname}${url.search}` });
      assert.equal(after.statusCode, 401);
    });

    it('a user feed has their shifts on every schedule; tokens only open their own URL', async () => {
      const { app } = server();
      const { team, users } = await buildTeamWithMembers(app, 2);
      const [a, b] = users as [(typeof users)[0], (typeof users)[0]];
      const one = await buildSchedule(app, team.id, [a.id, b.id]);
      const two = await buildSchedule(app, team.id, [b.id, a.id]);
      const tokenA = await tokenFor(app, a.id);
      const forB = await api(app, 'POST', '/api/v1/calendar-feeds', {
        token: tokenA,
        body: { user_id: b.id },
      });
      assert.equal(forB.status, 403, 'only admins make feeds of other people');
      const feed = await api<{ id: string; url: string; token: string }>(
        app,
        'POST',
        '/api/v1/calendar-feeds',
        {
          token: tokenA,
          body: { user_id: a.id },
        },
      );
      assert.equal(feed.status, 201, JSON.stringify(feed.body));
      const url = new URL(feed.body.url);
      const res = await app.inject({ method: 'GET', url: `${url.pathname}${url.search}` });
      assert.equal(res.statusCode, 200, res.body);
      const parsed = parseFeed(res.body);
      const { from, to } = feedWindow(T0);
      const expected: string[] = [];
      for (const s of [one, two]) {
        const list = await api<ShiftsView>(
          app,
          'GET',
          `/api/v1/schedules/${s.id}/shifts?from=${new Date(from).toISOString()}&to=${new Date(to).toISOString()}`,
        );
        for (const x of list.body.data)
          if (x.user_id === a.id) expected.push(`${x.start} ${x.end} ${s.name}`);
      }
      assert.ok(expected.length > 100);
      assert.deepEqual(
        parsed.events
          .map((e) => `${e.start} ${e.end} ${e.summary.slice(`On call: ${a.name} (`.length, -1)}`)
          .sort(),
        expected.sort(),
      );

      const wrongPlace = await app.inject({
        method: 'GET',
        url: `/api/v1/users/${b.id}/ical?token=${encodeURIComponent(feed.body.token)}`,
      });
      assert.equal(wrongPlace.statusCode, 401);
      const bogus = await app.inject({
        method: 'GET',
        url: `/api/v1/schedules/${one.id}/ical?token=tcal_nope`,
      });
      assert.equal(bogus.statusCode, 401);
      const mine = await api<{ data: CalendarFeedView[] }>(app, 'GET', '/api/v1/calendar-feeds', {
        token: tokenA,
      });
      assert.deepEqual(
        mine.body.data.map((f) => f.id),
        [feed.body.id],
      );
      assert.ok(!JSON.stringify(mine.body).includes(feed.body.token));
    });
  },
  { clock: () => fixedClock(T0) },
);
