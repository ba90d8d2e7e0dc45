import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DateTime } from 'luxon';
import { daysOf, personColors, segmentsOf } from '../../web/src/pages/oncall/calendar-model.ts';

const ZONE = 'Europe/Paris';

describe('the calendar model of the on-call page', () => {
  it('gives a week from Monday and a month in whole weeks, in the schedule zone', () => {
    const date = DateTime.fromISO('2026-03-11T15:00', { zone: ZONE });
    assert.deepEqual(
      daysOf('week', date).map((d) => d.toISODate()),
      ['2026-03-09', '2026-03-10', '2026-03-11', '2026-03-12', '2026-03-13', '2026-03-14', '2026-03-15'],
    );
    const month = daysOf('month', date);
    assert.equal(month[0]!.toISODate(), '2026-02-23');
    assert.equal(month.at(-1)!.toISODate(), '2026-04-05');
    assert.equal(month.length % 7, 0);
    // The spring-forward day (29 March in Paris) is one day, not lost or doubled.
    assert.equal(month.filter((d) => d.toISODate() === '2026-03-29').length, 1);
  });

  it('clips a shift to each day it touches, keeping the whole shift for an override', () => {
    const shift = {
      user_id: 'usr_a',
      user_name: 'A',
      start: '2026-03-10T07:00:00Z', // 08:00 in Paris
      end: '2026-03-11T07:00:00Z',
      source: 'layer' as const,
      source_id: 'lay_1',
    };
    const day = DateTime.fromISO('2026-03-11', { zone: ZONE });
    const [s, ...rest] = segmentsOf(
      day,
      [shift],
      [{ start: '2026-03-11T07:00:00Z', end: '2026-03-11T08:00:00Z' }],
      [],
    );
    assert.equal(s!.start.toFormat('HH:mm'), '00:00');
    assert.equal(s!.end.toFormat('HH:mm'), '08:00');
    assert.equal(s!.whole.start.toISO(), DateTime.fromISO(shift.start, { zone: ZONE }).toISO());
    assert.deepEqual(
      rest.map((r) => [r.kind, r.start.toFormat('HH:mm')]),
      [['gap', '08:00']],
    );
    assert.deepEqual(segmentsOf(day.plus({ days: 1 }), [shift], [], []), []);
  });

  it('gives people on one schedule different colours, the same ones every time', () => {
    const ids = ['usr_01', 'usr_02', 'usr_03', 'usr_04', 'usr_05'];
    const colors = personColors(ids);
    assert.equal(new Set(colors.values()).size, ids.length);
    assert.deepEqual(personColors([...ids].reverse()), colors);
    assert.ok(![...colors.values()].includes('red'), 'red is for gaps');
  });
});
