import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DateTime, IANAZone } from 'luxon';
import { at } from './testing.ts';
import { HOUR, localOf, localPosition, offsetAt, toInstant, toLocal, weekday, zone } from './zone.ts';

const ZONES = ['Europe/Berlin', 'America/New_York', 'Australia/Sydney', 'Asia/Kolkata', 'Asia/Tokyo', 'UTC'];

describe('zone tables', () => {
  it('give the same offset as luxon at every hour of 2024 and around each transition', () => {
    for (const name of ZONES) {
      const z = zone(name);
      const lz = IANAZone.create(name);
      for (let t = at('2024-01-01T00:00:00Z'); t < at('2025-01-01T00:00:00Z'); t += HOUR + 7_919) {
        assert.equal(offsetAt(z, t), lz.offset(t) * 60_000, `${name} at ${new Date(t).toISOString()}`);
      }
    }
  });

  it('find transitions to the millisecond (Berlin 2024-03-31 01:00Z and 2024-10-27 01:00Z)', () => {
    const z = zone('Europe/Berlin');
    assert.equal(offsetAt(z, at('2024-03-31T00:59:59.999Z')), 1 * HOUR);
    assert.equal(offsetAt(z, at('2024-03-31T01:00:00.000Z')), 2 * HOUR);
    assert.equal(offsetAt(z, at('2024-10-27T00:59:59.999Z')), 2 * HOUR);
    assert.equal(offsetAt(z, at('2024-10-27T01:00:00.000Z')), 1 * HOUR);
  });

  it('convert ordinary wall-clock times like luxon does', () => {
    for (const name of ZONES) {
      const z = zone(name);
      for (let d = 0; d < 366; d += 3) {
        for (const [h, m] of [
          [0, 0],
          [9, 0],
          [12, 30],
          [23, 45],
        ] as const) {
          const local = Date.UTC(2024, 0, 1 + d, h, m);
          const dt = DateTime.fromMillis(local, { zone: 'UTC' });
          const expected = DateTime.fromObject(
            { year: dt.year, month: dt.month, day: dt.day, hour: h, minute: m },
            { zone: name },
          ).toMillis();
          assert.equal(toInstant(z, local), expected, `${name} ${dt.toISODate()} ${h}:${m}`);
          assert.equal(toLocal(z, expected), local);
        }
      }
    }
  });

  it('map a repeated wall-clock time to its first occurrence', () => {
    // Berlin 2024-10-27: 02:30 happens at 00:30Z (CEST) and again at 01:30Z (CET).
    assert.equal(
      toInstant(zone('Europe/Berlin'), localOf('2024-10-27', '02:30')),
      at('2024-10-27T00:30:00Z'),
    );
    // New York 2024-11-03: 01:30 happens at 05:30Z (EDT) and 06:30Z (EST).
    assert.equal(
      toInstant(zone('America/New_York'), localOf('2024-11-03', '01:30')),
      at('2024-11-03T05:30:00Z'),
    );
  });

  it('map a skipped wall-clock time to the instant the clocks jump', () => {
    // Berlin 2024-03-31: 02:00-03:00 does not exist; the jump is at 01:00Z.
    assert.equal(
      toInstant(zone('Europe/Berlin'), localOf('2024-03-31', '02:30')),
      at('2024-03-31T01:00:00Z'),
    );
    assert.equal(
      toInstant(zone('Europe/Berlin'), localOf('2024-03-31', '03:00')),
      at('2024-03-31T01:00:00Z'),
    );
    assert.equal(
      toInstant(zone('America/New_York'), localOf('2024-03-10', '02:15')),
      at('2024-03-10T07:00:00Z'),
    );
  });

  it('is monotone: a later wall-clock time is never an earlier instant', () => {
    for (const name of ['Europe/Berlin', 'America/New_York', 'Australia/Lord_Howe']) {
      const z = zone(name);
      let prev = -Infinity;
      for (let l = Date.UTC(2024, 0, 1); l < Date.UTC(2025, 0, 1); l += 15 * 60_000) {
        const t = toInstant(z, l);
        assert.ok(t >= prev, `${name} ${new Date(l).toISOString()}`);
        prev = t;
      }
    }
  });

  it('places instants of a repeated hour after every boundary inside it', () => {
    const z = zone('Europe/Berlin');
    // Second run of 02:00-03:00 on 2024-10-27 is 01:00Z-02:00Z: all of it counts as 02:59:59.999.
    assert.equal(localPosition(z, at('2024-10-27T01:15:00Z')), localOf('2024-10-27', '03:00') - 1);
    assert.equal(localPosition(z, at('2024-10-27T00:15:00Z')), localOf('2024-10-27', '02:15'));
    assert.equal(localPosition(z, at('2024-10-27T02:00:00Z')), localOf('2024-10-27', '03:00'));
  });

  it('numbers weekdays from Monday', () => {
    assert.equal(weekday(localOf('2024-01-01', '00:00')), 0); // a Monday
    assert.equal(weekday(localOf('2024-01-07', '23:59')), 6);
    assert.equal(weekday(localOf('1969-12-29', '12:00')), 0);
  });
});
