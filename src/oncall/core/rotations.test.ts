import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { coverageGaps, onCallAt, shifts } from './schedule.ts';
import { HOURS, at, layer, lines, schedule } from './testing.ts';

describe('rotations', () => {
  it('daily: hands off every day at the handoff time, in participant order, from the start date', () => {
    const s = schedule({ layers: [layer('l', { startDate: '2024-01-01', handoffTime: '09:00' })] });
    assert.deepEqual(lines(shifts(s, at('2024-01-01T00:00:00Z'), at('2024-01-05T00:00:00Z'))), [
      'alice 2024-01-01T09:00:00.000Z 2024-01-02T09:00:00.000Z',
      'bob 2024-01-02T09:00:00.000Z 2024-01-03T09:00:00.000Z',
      'carol 2024-01-03T09:00:00.000Z 2024-01-04T09:00:00.000Z',
      'alice 2024-01-04T09:00:00.000Z 2024-01-05T00:00:00.000Z',
    ]);
    // Before the first handoff nobody is on call, and that is a gap.
    assert.equal(onCallAt(s, at('2024-01-01T08:59:59.999Z')), null);
    assert.deepEqual(coverageGaps(s, at('2024-01-01T00:00:00Z'), at('2024-01-02T00:00:00Z')), [
      { start: at('2024-01-01T00:00:00Z'), end: at('2024-01-01T09:00:00Z') },
    ]);
  });

  it('daily: far from the start the rotation position is still exact', () => {
    const s = schedule({ layers: [layer('l', { startDate: '2024-01-01', handoffTime: '09:00' })] });
    // 2025-01-01 09:00Z is 366 days after the start; 366 mod 3 = 0, so alice.
    assert.equal(onCallAt(s, at('2025-01-01T09:00:00Z'))?.userId, 'alice');
    assert.equal(onCallAt(s, at('2025-01-01T08:59:59Z'))?.userId, 'carol');
  });

  it('weekly: one participant per week, Monday 10:00 to Monday 10:00', () => {
    const s = schedule({
      layers: [
        layer('l', {
          startDate: '2024-01-01',
          handoffTime: '10:00',
          shiftUnit: 'weeks',
          participants: ['ann', 'ben'],
        }),
      ],
    });
    assert.deepEqual(lines(shifts(s, at('2024-01-01T00:00:00Z'), at('2024-01-22T00:00:00Z'))), [
      'ann 2024-01-01T10:00:00.000Z 2024-01-08T10:00:00.000Z',
      'ben 2024-01-08T10:00:00.000Z 2024-01-15T10:00:00.000Z',
      'ann 2024-01-15T10:00:00.000Z 2024-01-22T00:00:00.000Z',
    ]);
  });

  it('two-week shifts count multiples of the unit', () => {
    const s = schedule({
      layers: [
        layer('l', {
          startDate: '2024-01-01',
          handoffTime: '00:00',
          shiftUnit: 'weeks',
          shiftLength: 2,
          participants: ['ann', 'ben'],
        }),
      ],
    });
    assert.equal(onCallAt(s, at('2024-01-14T23:59:00Z'))?.userId, 'ann');
    assert.equal(onCallAt(s, at('2024-01-15T00:00:00Z'))?.userId, 'ben');
    assert.equal(onCallAt(s, at('2024-01-29T00:00:00Z'))?.userId, 'ann');
  });

  it('12-hour: day and night shifts at 08:00 and 20:00', () => {
    const s = schedule({
      layers: [
        layer('l', {
          startDate: '2024-01-01',
          handoffTime: '08:00',
          shiftUnit: 'hours',
          shiftLength: 12,
          participants: ['day1', 'night1', 'day2', 'night2'],
        }),
      ],
    });
    assert.deepEqual(lines(shifts(s, at('2024-01-01T08:00:00Z'), at('2024-01-03T08:00:00Z'))), [
      'day1 2024-01-01T08:00:00.000Z 2024-01-01T20:00:00.000Z',
      'night1 2024-01-01T20:00:00.000Z 2024-01-02T08:00:00.000Z',
      'day2 2024-01-02T08:00:00.000Z 2024-01-02T20:00:00.000Z',
      'night2 2024-01-02T20:00:00.000Z 2024-01-03T08:00:00.000Z',
    ]);
  });

  it('a single participant is one continuous shift, not a shift per day', () => {
    const s = schedule({ layers: [layer('l', { participants: ['solo'] })] });
    assert.deepEqual(lines(shifts(s, at('2024-02-01T00:00:00Z'), at('2024-02-10T00:00:00Z'))), [
      'solo 2024-02-01T00:00:00.000Z 2024-02-10T00:00:00.000Z',
    ]);
  });

  it('ends at the layer end, and a start in the future means nobody until then', () => {
    const s = schedule({
      layers: [layer('l', { startDate: '2024-03-01', end: at('2024-03-03T12:00:00Z') })],
    });
    assert.deepEqual(lines(shifts(s, at('2024-02-28T00:00:00Z'), at('2024-03-10T00:00:00Z'))), [
      'alice 2024-03-01T09:00:00.000Z 2024-03-02T09:00:00.000Z',
      'bob 2024-03-02T09:00:00.000Z 2024-03-03T09:00:00.000Z',
      'carol 2024-03-03T09:00:00.000Z 2024-03-03T12:00:00.000Z',
    ]);
  });

  it('a layer without participants has nobody on call: the gap is reported', () => {
    const s = schedule({ layers: [layer('l', { participants: [] })] });
    assert.deepEqual(shifts(s, at('2024-02-01T00:00:00Z'), at('2024-02-02T00:00:00Z')), []);
    assert.deepEqual(coverageGaps(s, at('2024-02-01T00:00:00Z'), at('2024-02-02T00:00:00Z')), [
      { start: at('2024-02-01T00:00:00Z'), end: at('2024-02-02T00:00:00Z') },
    ]);
  });

  it('primary and secondary as two schedules: the secondary is one step behind, never the same person', () => {
    const people = ['ann', 'ben', 'cat', 'dan'];
    const primary = schedule({
      id: 'primary',
      layers: [layer('p', { participants: people, shiftUnit: 'weeks' })],
    });
    const secondary = schedule({
      id: 'secondary',
      layers: [layer('s', { participants: people, shiftUnit: 'weeks', rotationOffset: people.length - 1 })],
    });
    assert.equal(onCallAt(primary, at('2024-01-02T00:00:00Z'))?.userId, 'ann');
    assert.equal(onCallAt(secondary, at('2024-01-02T00:00:00Z'))?.userId, 'dan');
    // Last week's primary is this week's secondary.
    assert.equal(onCallAt(secondary, at('2024-01-09T00:00:00Z'))?.userId, 'ann');
    for (let t = at('2024-01-01T09:00:00Z'); t < at('2024-06-01T00:00:00Z'); t += 5 * HOURS) {
      assert.notEqual(onCallAt(primary, t)?.userId, onCallAt(secondary, t)?.userId);
    }
  });

  it('a later layer wins where it has someone on call', () => {
    const s = schedule({
      layers: [
        layer('base', { participants: ['base'] }),
        layer('top', { participants: ['top'], startDate: '2024-01-03', end: at('2024-01-04T09:00:00Z') }),
      ],
    });
    assert.deepEqual(lines(shifts(s, at('2024-01-02T00:00:00Z'), at('2024-01-05T00:00:00Z'))), [
      'base 2024-01-02T00:00:00.000Z 2024-01-03T09:00:00.000Z',
      'top 2024-01-03T09:00:00.000Z 2024-01-04T09:00:00.000Z',
      'base 2024-01-04T09:00:00.000Z 2024-01-05T00:00:00.000Z',
    ]);
  });
});
