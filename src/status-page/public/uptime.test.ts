import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { ComponentStatus } from '../../platform/db/tables/status-page.ts';
import {
  type StatusChange,
  type UptimeDay,
  computeUptime,
  describeDay,
  formatPercent,
  trackedFrom,
  worstStatus,
} from './uptime.ts';

const at = (iso: string) => Date.parse(iso);
const change = (status: ComponentStatus, iso: string): StatusChange => ({ status, at: at(iso) });
const NOW = at('2026-12-05T12:00:00Z');

/** Created 1 Oct 10:00 UTC, with an outage over midnight, a partial one, maintenance, and one still going on. */
const HISTORY: StatusChange[] = [
  change('operational', '2026-10-01T10:00:00Z'),
  change('major_outage', '2026-11-03T23:30:00Z'),
  change('operational', '2026-11-04T00:45:00Z'),
  change('partial_outage', '2026-12-03T10:00:00Z'),
  change('degraded_performance', '2026-12-03T10:12:00Z'),
  change('operational', '2026-12-03T10:42:00Z'),
  change('under_maintenance', '2026-12-04T02:00:00Z'),
  change('operational', '2026-12-04T04:00:00Z'),
  change('major_outage', '2026-12-05T11:00:00Z'),
];

function day(days: UptimeDay[], date: string): UptimeDay {
  const d = days.find((x) => x.date === date);
  assert.ok(d, `no day ${date}`);
  return d;
}

const minutes = (m: Partial<Record<ComponentStatus, number>>) => ({
  operational: 0,
  under_maintenance: 0,
  degraded_performance: 0,
  partial_outage: 0,
  major_outage: 0,
  ...m,
});

describe('computeUptime over a constructed 90-day history', () => {
  // Shuffled on purpose: the history is sorted by time, not taken in the order given.
  const shuffled = [...HISTORY.slice(4), ...HISTORY.slice(0, 4)];
  const u = computeUptime({ changes: shuffled, from: at('2026-10-01T10:00:00Z'), now: NOW });

  it('has 90 UTC days, today last', () => {
    assert.equal(u.days.length, 90);
    assert.equal(u.days[0]!.date, '2026-09-07');
    assert.equal(u.days[89]!.date, '2026-12-05');
  });

  it('days before the component existed have no data', () => {
    for (const d of u.days.filter((x) => x.date < '2026-10-01')) {
      assert.deepEqual(d, { date: d.date, minutes: null, worst: null });
    }
    assert.equal(u.days.filter((x) => x.minutes === null).length, 24);
  });

  it('counts exact minutes per status per day', () => {
    assert.deepEqual(day(u.days, '2026-10-01').minutes, minutes({ operational: 840 }), 'from 10:00');
    assert.deepEqual(day(u.days, '2026-10-02').minutes, minutes({ operational: 1440 }));
    assert.deepEqual(day(u.days, '2026-11-03').minutes, minutes({ operational: 1410, major_outage: 30 }));
    assert.deepEqual(day(u.days, '2026-11-04').minutes, minutes({ operational: 1395, major_outage: 45 }));
    assert.deepEqual(
      day(u.days, '2026-12-03').minutes,
      minutes({ operational: 1398, partial_outage: 12, degraded_performance: 30 }),
    );
    assert.deepEqual(
      day(u.days, '2026-12-04').minutes,
      minutes({ operational: 1320, under_maintenance: 120 }),
    );
    assert.deepEqual(
      day(u.days, '2026-12-05').minutes,
      minutes({ operational: 660, major_outage: 60 }),
      'today until now, the outage still going on',
    );
  });

  it('colours a day by its worst status', () => {
    assert.equal(day(u.days, '2026-10-02').worst, 'operational');
    assert.equal(day(u.days, '2026-11-04').worst, 'major_outage');
    assert.equal(day(u.days, '2026-12-03').worst, 'partial_outage');
    assert.equal(day(u.days, '2026-12-04').worst, 'under_maintenance');
  });

  it('uptime: major outage counts fully, partial outage 30%, degraded and maintenance not at all', () => {
    // Tracked: 840 (1 Oct) + 64 whole days + 720 today = 93,720 minutes.
    // Down: 30 + 45 + 60 major, 0.3 * 12 partial = 138.6 minutes.
    const expected = (100 * (93_720 - 138.6)) / 93_720;
    assert.ok(u.percent !== null && Math.abs(u.percent - expected) < 1e-9, `${u.percent} vs ${expected}`);
    assert.equal(formatPercent(u.percent), '99.85');
  });
});

describe('computeUptime edges', () => {
  it('start_date sets where the bars begin; an earlier change sets the status it begins in', () => {
    const from = trackedFrom('2026-11-03', at('2026-10-01T10:00:00Z'));
    assert.equal(from, at('2026-11-03T00:00:00Z'));
    const u = computeUptime({
      changes: [
        change('operational', '2026-10-01T10:00:00Z'),
        change('partial_outage', '2026-11-02T12:00:00Z'),
        change('operational', '2026-11-03T06:00:00Z'),
      ],
      from,
      now: NOW,
    });
    assert.equal(day(u.days, '2026-11-02').minutes, null);
    assert.deepEqual(day(u.days, '2026-11-03').minutes, minutes({ partial_outage: 360, operational: 1080 }));
  });

  it('before the first recorded change a backdated start_date counts as operational', () => {
    const u = computeUptime({
      changes: [change('degraded_performance', '2026-12-05T06:00:00Z')],
      from: trackedFrom('2026-12-04', 0),
      now: NOW,
    });
    assert.deepEqual(day(u.days, '2026-12-04').minutes, minutes({ operational: 1440 }));
    assert.deepEqual(
      day(u.days, '2026-12-05').minutes,
      minutes({ operational: 360, degraded_performance: 360 }),
    );
    assert.equal(u.percent, 100, 'degraded performance is not downtime');
  });

  it('a component created in the future of the window has no data and no percentage', () => {
    const u = computeUptime({ changes: [], from: NOW + 1000, now: NOW });
    assert.ok(u.days.every((d) => d.minutes === null));
    assert.equal(u.percent, null);
  });

  it('a major outage all day is 0% that day', () => {
    const u = computeUptime({
      changes: [change('major_outage', '2026-12-04T00:00:00Z')],
      from: at('2026-12-04T00:00:00Z'),
      now: at('2026-12-05T00:00:00Z'),
    });
    assert.equal(u.percent, 0);
    assert.equal(u.days.at(-1)!.date, '2026-12-05');
    assert.equal(u.days.at(-1)!.minutes, null, 'today has not begun');
  });
});

describe('describeDay and worstStatus', () => {
  it('says what happened, worst first, or that nothing did', () => {
    assert.equal(
      describeDay({
        date: '2026-12-03',
        minutes: minutes({ partial_outage: 12, major_outage: 75 }),
        worst: 'major_outage',
      }),
      '3 Dec: 1 h 15 min major outage, 12 min partial outage',
    );
    assert.equal(
      describeDay({ date: '2026-01-09', minutes: minutes({ operational: 1440 }), worst: 'operational' }),
      '9 Jan: no downtime',
    );
    assert.equal(describeDay({ date: '2026-01-09', minutes: null, worst: null }), '9 Jan: no data');
  });

  it('an outage of seconds that colours the bar is named, not "no downtime"', () => {
    const day = computeUptime({
      changes: [{ status: 'major_outage', at: Date.UTC(2026, 11, 5, 11, 59, 40) }],
      from: Date.UTC(2026, 0, 1),
      now: Date.UTC(2026, 11, 5, 12),
    }).days.at(-1)!;
    assert.equal(day.worst, 'major_outage');
    assert.equal(day.minutes?.major_outage, 0);
    assert.equal(describeDay(day), '5 Dec: under 1 min major outage');
  });

  it('orders statuses from operational to major outage', () => {
    assert.equal(worstStatus([]), 'operational');
    assert.equal(worstStatus(['under_maintenance', 'degraded_performance']), 'degraded_performance');
    assert.equal(worstStatus(['partial_outage', 'major_outage', 'operational']), 'major_outage');
  });
});
