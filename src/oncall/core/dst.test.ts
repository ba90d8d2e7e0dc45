import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { onCallAt, shifts } from './schedule.ts';
import { at, layer, localLines, schedule } from './testing.ts';

function rota(timeZone: string, startDate: string, over: Parameters<typeof layer>[1] = {}) {
  return schedule({ layers: [layer('l', { timeZone, startDate, handoffTime: '09:00', ...over })] });
}

describe('daylight saving time', () => {
  it('Europe/Berlin spring: the 24-hour shift across the change lasts 23 hours; handoffs stay at 09:00', () => {
    const s = rota('Europe/Berlin', '2024-03-29');
    assert.deepEqual(
      localLines(shifts(s, at('2024-03-29T08:00:00Z'), at('2024-04-01T07:00:00Z')), 'Europe/Berlin'),
      [
        'alice 03-29 09:00 -> 03-30 09:00 (24h)',
        'bob 03-30 09:00 -> 03-31 09:00 (23h)',
        'carol 03-31 09:00 -> 04-01 09:00 (24h)',
      ],
    );
  });

  it('Europe/Berlin autumn: the shift across the change lasts 25 hours', () => {
    const s = rota('Europe/Berlin', '2024-10-25');
    assert.deepEqual(
      localLines(shifts(s, at('2024-10-25T07:00:00Z'), at('2024-10-28T08:00:00Z')), 'Europe/Berlin'),
      [
        'alice 10-25 09:00 -> 10-26 09:00 (24h)',
        'bob 10-26 09:00 -> 10-27 09:00 (25h)',
        'carol 10-27 09:00 -> 10-28 09:00 (24h)',
      ],
    );
  });

  it('America/New_York spring (23 hours) and autumn (25 hours)', () => {
    const spring = rota('America/New_York', '2024-03-08');
    assert.deepEqual(
      localLines(shifts(spring, at('2024-03-08T14:00:00Z'), at('2024-03-11T13:00:00Z')), 'America/New_York'),
      [
        'alice 03-08 09:00 -> 03-09 09:00 (24h)',
        'bob 03-09 09:00 -> 03-10 09:00 (23h)',
        'carol 03-10 09:00 -> 03-11 09:00 (24h)',
      ],
    );
    const autumn = rota('America/New_York', '2024-11-01');
    assert.deepEqual(
      localLines(shifts(autumn, at('2024-11-01T13:00:00Z'), at('2024-11-04T14:00:00Z')), 'America/New_York'),
      [
        'alice 11-01 09:00 -> 11-02 09:00 (24h)',
        'bob 11-02 09:00 -> 11-03 09:00 (25h)',
        'carol 11-03 09:00 -> 11-04 09:00 (24h)',
      ],
    );
  });

  it('a weekly shift across the change is 167 or 169 hours', () => {
    const spring = rota('Europe/Berlin', '2024-03-25', { shiftUnit: 'weeks' });
    assert.deepEqual(
      localLines(shifts(spring, at('2024-03-25T08:00:00Z'), at('2024-04-01T07:00:00Z')), 'Europe/Berlin'),
      ['alice 03-25 09:00 -> 04-01 09:00 (167h)'],
    );
    const autumn = rota('America/New_York', '2024-10-28', { shiftUnit: 'weeks' });
    assert.deepEqual(
      localLines(shifts(autumn, at('2024-10-28T13:00:00Z'), at('2024-11-04T14:00:00Z')), 'America/New_York'),
      ['alice 10-28 09:00 -> 11-04 09:00 (169h)'],
    );
  });

  it('12-hour shifts keep 08:00 and 20:00 local: the night shift across the change is 11 hours', () => {
    const s = rota('America/New_York', '2024-03-09', {
      handoffTime: '08:00',
      shiftUnit: 'hours',
      shiftLength: 12,
      participants: ['day', 'night'],
    });
    assert.deepEqual(
      localLines(shifts(s, at('2024-03-09T13:00:00Z'), at('2024-03-11T00:00:00Z')), 'America/New_York'),
      [
        'day 03-09 08:00 -> 03-09 20:00 (12h)',
        'night 03-09 20:00 -> 03-10 08:00 (11h)',
        'day 03-10 08:00 -> 03-10 20:00 (12h)',
      ],
    );
  });

  it('a handoff at a skipped time happens when the clocks jump; at a repeated time, on its first run', () => {
    const spring = rota('Europe/Berlin', '2024-03-29', { handoffTime: '02:30' });
    assert.deepEqual(
      localLines(shifts(spring, at('2024-03-30T01:30:00Z'), at('2024-04-01T00:30:00Z')), 'Europe/Berlin'),
      ['bob 03-30 02:30 -> 03-31 03:00 (23.5h)', 'carol 03-31 03:00 -> 04-01 02:30 (23.5h)'],
    );
    const autumn = rota('Europe/Berlin', '2024-10-25', { handoffTime: '02:30' });
    const list = shifts(autumn, at('2024-10-26T00:30:00Z'), at('2024-10-28T01:30:00Z'));
    assert.deepEqual(localLines(list, 'Europe/Berlin'), [
      'bob 10-26 02:30 -> 10-27 02:30 (24h)',
      'carol 10-27 02:30 -> 10-28 02:30 (25h)',
    ]);
    assert.equal(list[1]!.start, at('2024-10-27T00:30:00Z'), 'the first 02:30 (CEST)');
    // During the second run of 02:00-03:00 the handoff has already happened.
    assert.equal(onCallAt(autumn, at('2024-10-27T01:15:00Z'))?.userId, 'carol');
  });

  it('a restriction window keeps wall-clock hours across the change', () => {
    const s = rota('America/New_York', '2024-03-04', {
      shiftUnit: 'weeks',
      participants: ['x'],
      restrictions: [{ type: 'daily', start: '09:00', end: '17:00' }],
    });
    assert.deepEqual(
      localLines(shifts(s, at('2024-03-09T00:00:00Z'), at('2024-03-11T00:00:00Z')), 'America/New_York'),
      ['x 03-09 09:00 -> 03-09 17:00 (8h)', 'x 03-10 09:00 -> 03-10 17:00 (8h)'],
    );
  });
});
