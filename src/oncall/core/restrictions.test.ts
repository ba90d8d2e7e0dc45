import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { weekWindows } from './restrictions.ts';
import { coverageGaps, onCallAt, shifts } from './schedule.ts';
import { at, daily, layer, lines, localLines, schedule } from './testing.ts';
import { DAY, HOUR, WEEK } from './zone.ts';

describe('restrictions', () => {
  it('a daily window keeps the layer to business hours; the rest is a reported gap', () => {
    const s = schedule({
      layers: [
        layer('l', { shiftUnit: 'weeks', participants: ['ann'], restrictions: [daily('09:00', '17:00')] }),
      ],
    });
    assert.deepEqual(lines(shifts(s, at('2024-01-02T00:00:00Z'), at('2024-01-04T00:00:00Z'))), [
      'ann 2024-01-02T09:00:00.000Z 2024-01-02T17:00:00.000Z',
      'ann 2024-01-03T09:00:00.000Z 2024-01-03T17:00:00.000Z',
    ]);
    assert.deepEqual(coverageGaps(s, at('2024-01-02T00:00:00Z'), at('2024-01-03T00:00:00Z')), [
      { start: at('2024-01-02T00:00:00Z'), end: at('2024-01-02T09:00:00Z') },
      { start: at('2024-01-02T17:00:00Z'), end: at('2024-01-03T00:00:00Z') },
    ]);
  });

  it('a window across midnight (18:00-09:00) is one stretch overnight, in the layer zone', () => {
    const s = schedule({
      layers: [
        layer('l', {
          timeZone: 'Europe/Berlin',
          participants: ['ann', 'ben'],
          restrictions: [daily('18:00', '09:00')],
        }),
      ],
    });
    assert.deepEqual(
      localLines(shifts(s, at('2024-01-01T00:00:00Z'), at('2024-01-04T00:00:00Z')), 'Europe/Berlin'),
      [
        'ann 01-01 18:00 -> 01-02 09:00 (15h)',
        'ben 01-02 18:00 -> 01-03 09:00 (15h)',
        'ann 01-03 18:00 -> 01-04 01:00 (7h)',
      ],
    );
  });

  it('a handoff inside an overnight window hands off at the handoff time', () => {
    const s = schedule({
      layers: [
        layer('l', {
          handoffTime: '00:00',
          participants: ['ann', 'ben'],
          restrictions: [daily('18:00', '09:00')],
        }),
      ],
    });
    assert.deepEqual(lines(shifts(s, at('2024-01-01T00:00:00Z'), at('2024-01-02T12:00:00Z'))), [
      'ann 2024-01-01T00:00:00.000Z 2024-01-01T09:00:00.000Z',
      'ann 2024-01-01T18:00:00.000Z 2024-01-02T00:00:00.000Z',
      'ben 2024-01-02T00:00:00.000Z 2024-01-02T09:00:00.000Z',
    ]);
  });

  it('weekend rotation: Friday 18:00 to Monday 09:00 over a weekday layer', () => {
    const s = schedule({
      layers: [
        layer('weekdays', { participants: ['wd'] }),
        // 2024-01-05 is a Friday; one weekend each.
        layer('weekends', {
          startDate: '2024-01-05',
          handoffTime: '18:00',
          shiftUnit: 'weeks',
          participants: ['we1', 'we2'],
          restrictions: [{ type: 'weekly', start_day: 'fri', start: '18:00', end_day: 'mon', end: '09:00' }],
        }),
      ],
    });
    assert.deepEqual(lines(shifts(s, at('2024-01-05T00:00:00Z'), at('2024-01-16T00:00:00Z'))), [
      'wd 2024-01-05T00:00:00.000Z 2024-01-05T18:00:00.000Z',
      'we1 2024-01-05T18:00:00.000Z 2024-01-08T09:00:00.000Z',
      'wd 2024-01-08T09:00:00.000Z 2024-01-12T18:00:00.000Z',
      'we2 2024-01-12T18:00:00.000Z 2024-01-15T09:00:00.000Z',
      'wd 2024-01-15T09:00:00.000Z 2024-01-16T00:00:00.000Z',
    ]);
    assert.equal(onCallAt(s, at('2024-01-13T12:00:00Z'))?.userId, 'we2');
    assert.equal(onCallAt(s, at('2024-01-10T12:00:00Z'))?.userId, 'wd');
  });

  it('a restricted-out higher layer lets the layer below show through', () => {
    const s = schedule({
      layers: [
        layer('base', { participants: ['base'] }),
        layer('top', { participants: ['top'], restrictions: [daily('09:00', '17:00')] }),
      ],
    });
    assert.deepEqual(lines(shifts(s, at('2024-01-02T00:00:00Z'), at('2024-01-03T00:00:00Z'))), [
      'base 2024-01-02T00:00:00.000Z 2024-01-02T09:00:00.000Z',
      'top 2024-01-02T09:00:00.000Z 2024-01-02T17:00:00.000Z',
      'base 2024-01-02T17:00:00.000Z 2024-01-03T00:00:00.000Z',
    ]);
  });

  it('windows are merged and wrap over the end of the week', () => {
    assert.equal(weekWindows([]), undefined);
    assert.equal(weekWindows([daily('00:00', '00:00')]), undefined, 'all day every day is no restriction');
    assert.deepEqual(
      weekWindows([{ type: 'weekly', start_day: 'sun', start: '22:00', end_day: 'mon', end: '02:00' }]),
      [
        { start: 0, end: 2 * HOUR },
        { start: 6 * DAY + 22 * HOUR, end: WEEK },
      ],
    );
    assert.deepEqual(weekWindows([daily('09:00', '12:00'), daily('11:00', '13:00')])?.[0], {
      start: 9 * HOUR,
      end: 13 * HOUR,
    });
    const s = schedule({
      layers: [
        layer('l', {
          participants: ['x'],
          restrictions: [{ type: 'weekly', start_day: 'sun', start: '22:00', end_day: 'mon', end: '02:00' }],
        }),
      ],
    });
    assert.deepEqual(lines(shifts(s, at('2024-01-06T00:00:00Z'), at('2024-01-09T00:00:00Z'))), [
      'x 2024-01-07T22:00:00.000Z 2024-01-08T02:00:00.000Z',
    ]);
  });

  it('several windows combine: mornings and evenings', () => {
    const s = schedule({
      layers: [
        layer('l', { participants: ['x'], restrictions: [daily('06:00', '08:00'), daily('20:00', '22:00')] }),
      ],
    });
    assert.deepEqual(lines(shifts(s, at('2024-01-02T00:00:00Z'), at('2024-01-03T00:00:00Z'))), [
      'x 2024-01-02T06:00:00.000Z 2024-01-02T08:00:00.000Z',
      'x 2024-01-02T20:00:00.000Z 2024-01-02T22:00:00.000Z',
    ]);
  });
});

describe('follow the sun', () => {
  // Three regions, 8 hours each in their own zone (Tokyo 09-17, London and Los Angeles 08-16),
  // each rotating weekly among its own people; 2024-01-10, -03-20 and -04-03 are in odd weeks.
  const s = schedule({
    layers: [
      layer('apac', {
        timeZone: 'Asia/Tokyo',
        handoffTime: '09:00',
        shiftUnit: 'weeks',
        participants: ['tokyo1', 'tokyo2'],
        restrictions: [daily('09:00', '17:00')],
      }),
      layer('emea', {
        timeZone: 'Europe/London',
        handoffTime: '08:00',
        shiftUnit: 'weeks',
        participants: ['london1', 'london2'],
        restrictions: [daily('08:00', '16:00')],
      }),
      layer('amer', {
        timeZone: 'America/Los_Angeles',
        handoffTime: '08:00',
        shiftUnit: 'weeks',
        participants: ['la1', 'la2'],
        restrictions: [daily('08:00', '16:00')],
      }),
    ],
  });

  it('covers the whole day in winter, handing over at 00:00, 08:00 and 16:00 UTC', () => {
    assert.deepEqual(lines(shifts(s, at('2024-01-10T00:00:00Z'), at('2024-01-11T00:00:00Z'))), [
      'tokyo2 2024-01-10T00:00:00.000Z 2024-01-10T08:00:00.000Z',
      'london2 2024-01-10T08:00:00.000Z 2024-01-10T16:00:00.000Z',
      'la2 2024-01-10T16:00:00.000Z 2024-01-11T00:00:00.000Z',
    ]);
    assert.deepEqual(coverageGaps(s, at('2024-01-01T00:00:00Z'), at('2024-03-01T00:00:00Z')), []);
  });

  it('reports the hour nobody covers once Los Angeles is on daylight time and London is not', () => {
    // 2024-03-20: LA 08-16 PDT is 15-23Z, overlapping London (LA is the higher layer) and leaving 23-24Z open.
    assert.deepEqual(lines(shifts(s, at('2024-03-20T00:00:00Z'), at('2024-03-21T00:00:00Z'))), [
      'tokyo2 2024-03-20T00:00:00.000Z 2024-03-20T08:00:00.000Z',
      'london2 2024-03-20T08:00:00.000Z 2024-03-20T15:00:00.000Z',
      'la2 2024-03-20T15:00:00.000Z 2024-03-20T23:00:00.000Z',
    ]);
    assert.deepEqual(coverageGaps(s, at('2024-03-20T00:00:00Z'), at('2024-03-21T00:00:00Z')), [
      { start: at('2024-03-20T23:00:00Z'), end: at('2024-03-21T00:00:00Z') },
    ]);
    // After London moves to BST (2024-03-31) London starts at 07:00Z, over Tokyo's last hour.
    assert.deepEqual(lines(shifts(s, at('2024-04-03T00:00:00Z'), at('2024-04-04T00:00:00Z'))), [
      'tokyo2 2024-04-03T00:00:00.000Z 2024-04-03T07:00:00.000Z',
      'london2 2024-04-03T07:00:00.000Z 2024-04-03T15:00:00.000Z',
      'la2 2024-04-03T15:00:00.000Z 2024-04-03T23:00:00.000Z',
    ]);
  });
});
