import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { compileSchedule, coverageGaps, onCallAt, shiftAt, shifts } from './schedule.ts';
import { at, rng, schedule, version } from './testing.ts';
import type { Restriction, ScheduleSpec, Shift, ShiftUnit } from './types.ts';
import { WEEKDAYS } from './types.ts';

const ZONES = ['Europe/Berlin', 'America/New_York', 'UTC', 'Australia/Sydney', 'Asia/Kolkata'];
const USERS = ['u1', 'u2', 'u3', 'u4', 'u5', 'u6'];
const HOUR = 3_600_000;

function randomSchedule(seed: number): ScheduleSpec {
  const r = rng(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)]!;
  const hhmm = () => `${String(Math.floor(r() * 24)).padStart(2, '0')}:${pick(['00', '30', '15'])}`;
  const base = at('2024-01-01T00:00:00Z');
  const layers = Array.from({ length: 1 + Math.floor(r() * 3) }, (_, li) => {
    const restrictions: Restriction[] = [];
    if (r() < 0.5) restrictions.push({ type: 'daily', start: hhmm(), end: hhmm() });
    if (r() < 0.3)
      restrictions.push({
        type: 'weekly',
        start_day: pick(WEEKDAYS),
        start: hhmm(),
        end_day: pick(WEEKDAYS),
        end: hhmm(),
      });
    const unit: ShiftUnit = pick(['hours', 'days', 'weeks'] as const);
    const v1 = version({
      timeZone: pick(ZONES),
      startDate: `2024-0${1 + Math.floor(r() * 3)}-1${Math.floor(r() * 9)}`,
      handoffTime: hhmm(),
      shiftUnit: unit,
      shiftLength: unit === 'hours' ? pick([4, 8, 12, 24]) : 1 + Math.floor(r() * 2),
      restrictions,
      participants: USERS.filter(() => r() < 0.6),
      rotationOffset: Math.floor(r() * 5),
    });
    const versions = [v1];
    if (r() < 0.5)
      versions.push({
        ...v1,
        effectiveFrom: base + r() * 300 * 24 * HOUR,
        participants: USERS.filter(() => r() < 0.5),
      });
    return { id: `l${li}`, versions };
  });
  const interval = (maxHours: number) => {
    const start = base + Math.floor(r() * 360 * 24) * HOUR + Math.floor(r() * 4) * 900_000;
    return { start, end: start + Math.ceil(r() * maxHours) * HOUR };
  };
  return schedule({
    layers,
    overrides: Array.from({ length: Math.floor(r() * 30) }, (_, i) => ({
      id: `o${i}`,
      userId: pick(USERS),
      ...interval(30),
    })),
    timeOff: Array.from({ length: Math.floor(r() * 20) }, () => ({ userId: pick(USERS), ...interval(100) })),
    temporarySchedules:
      r() < 0.3
        ? [{ id: 't', ...interval(24 * 7), shifts: [{ userId: pick(USERS), ...interval(24 * 400) }] }]
        : [],
    unavailable: r() < 0.2 ? [pick(USERS)] : [],
  });
}

function assertWellFormed(list: Shift[], from: number, to: number) {
  for (let i = 0; i < list.length; i++) {
    const s = list[i]!;
    assert.ok(from <= s.start && s.start < s.end && s.end <= to, `shift ${i} inside the period`);
    const prev = list[i - 1];
    if (prev !== undefined) {
      assert.ok(prev.end <= s.start, `shift ${i} after the one before`);
      if (prev.end === s.start)
        assert.ok(
          prev.userId !== s.userId || prev.sourceId !== s.sourceId,
          `shift ${i} merged with the one before`,
        );
    }
  }
}

describe('consistency of shifts, onCallAt and gaps over random schedules', () => {
  for (let seed = 1; seed <= 40; seed++) {
    it(`schedule #${seed}`, () => {
      const spec = randomSchedule(seed);
      const s = compileSchedule(spec);
      const r = rng(seed * 7919);
      const from = at('2024-01-01T00:00:00Z') + Math.floor(r() * 200) * 24 * HOUR;
      const to = from + 120 * 24 * HOUR;
      const list = shifts(s, from, to);
      assertWellFormed(list, from, to);
      // The plain spec and the compiled schedule answer the same.
      assert.deepEqual(shifts(spec, from, to), list);

      // Shifts and gaps tile the period.
      const gaps = coverageGaps(s, from, to);
      const pieces = [...list, ...gaps].sort((a, b) => a.start - b.start);
      let cursor = from;
      for (const p of pieces) {
        assert.equal(p.start, cursor);
        cursor = p.end;
      }
      assert.equal(cursor, to);

      // onCallAt agrees with shifts everywhere, including at every boundary.
      const probes = list.flatMap((x) => [x.start, x.end - 1, x.end]).filter((t) => t < to);
      for (let i = 0; i < 200; i++) probes.push(from + Math.floor(r() * (to - from)));
      for (const t of probes) {
        const found = list.find((x) => x.start <= t && t < x.end);
        assert.deepEqual(
          onCallAt(s, t),
          found ? { userId: found.userId, source: found.source, sourceId: found.sourceId } : null,
        );
      }

      // Splitting the period anywhere gives the same shifts, once re-joined at the split.
      const mid = from + Math.floor(r() * (to - from));
      const joined = [...shifts(s, from, mid)];
      for (const x of shifts(s, mid, to)) {
        const last = joined[joined.length - 1];
        if (last && last.end === x.start && last.userId === x.userId && last.sourceId === x.sourceId) {
          joined[joined.length - 1] = { ...last, end: x.end };
        } else joined.push(x);
      }
      assert.deepEqual(joined, list);

      // shiftAt, which widens a narrow look only where needed, answers what the full search does.
      const reach = 31 * 24 * HOUR;
      for (const t of probes.slice(0, 120)) {
        const full = shifts(s, t - reach, t + reach).find((x) => x.start <= t && t < x.end);
        assert.deepEqual(shiftAt(s, t, reach), full, `shiftAt ${new Date(t).toISOString()}`);
      }
    });
  }
});
