import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { continuityOffset } from './layer.ts';
import { coverageGaps, onCallAt, shifts } from './schedule.ts';
import { at, daily, layer, lines, schedule, version } from './testing.ts';

describe('time off', () => {
  it('skips the person away: the next participant covers exactly those hours', () => {
    const s = schedule({
      layers: [layer('l')],
      timeOff: [{ userId: 'alice', start: at('2024-01-01T12:00:00Z'), end: at('2024-01-01T18:00:00Z') }],
    });
    assert.deepEqual(lines(shifts(s, at('2024-01-01T09:00:00Z'), at('2024-01-02T09:00:00Z'))), [
      'alice 2024-01-01T09:00:00.000Z 2024-01-01T12:00:00.000Z',
      'bob 2024-01-01T12:00:00.000Z 2024-01-01T18:00:00.000Z',
      'alice 2024-01-01T18:00:00.000Z 2024-01-02T09:00:00.000Z',
    ]);
  });

  it('when the next participant is away too, the one after covers; overlapping entries merge', () => {
    const s = schedule({
      layers: [layer('l')],
      timeOff: [
        { userId: 'alice', start: at('2024-01-01T00:00:00Z'), end: at('2024-01-01T20:00:00Z') },
        { userId: 'alice', start: at('2024-01-01T19:00:00Z'), end: at('2024-01-02T12:00:00Z') },
        { userId: 'bob', start: at('2024-01-01T10:00:00Z'), end: at('2024-01-01T11:00:00Z') },
      ],
    });
    assert.deepEqual(lines(shifts(s, at('2024-01-01T09:00:00Z'), at('2024-01-02T09:00:00Z'))), [
      'bob 2024-01-01T09:00:00.000Z 2024-01-01T10:00:00.000Z',
      'carol 2024-01-01T10:00:00.000Z 2024-01-01T11:00:00.000Z',
      'bob 2024-01-01T11:00:00.000Z 2024-01-02T09:00:00.000Z',
    ]);
  });

  it('when nobody in the rotation can cover, the layer below shows through, else the gap is reported', () => {
    const away = (userId: string) => ({
      userId,
      start: at('2024-01-01T10:00:00Z'),
      end: at('2024-01-01T12:00:00Z'),
    });
    const single = schedule({ layers: [layer('l')], timeOff: ['alice', 'bob', 'carol'].map(away) });
    assert.deepEqual(coverageGaps(single, at('2024-01-01T09:00:00Z'), at('2024-01-01T13:00:00Z')), [
      { start: at('2024-01-01T10:00:00Z'), end: at('2024-01-01T12:00:00Z') },
    ]);
    const layered = schedule({
      layers: [layer('base', { participants: ['mgr'] }), layer('l')],
      timeOff: ['alice', 'bob', 'carol'].map(away),
    });
    assert.equal(onCallAt(layered, at('2024-01-01T11:00:00Z'))?.userId, 'mgr');
  });

  it('time off only matters inside restriction windows', () => {
    const s = schedule({
      layers: [layer('l', { participants: ['alice', 'bob'], restrictions: [daily('09:00', '17:00')] })],
      timeOff: [{ userId: 'alice', start: at('2024-01-01T16:00:00Z'), end: at('2024-01-02T10:00:00Z') }],
    });
    assert.deepEqual(lines(shifts(s, at('2024-01-01T09:00:00Z'), at('2024-01-02T09:00:00Z'))), [
      'alice 2024-01-01T09:00:00.000Z 2024-01-01T16:00:00.000Z',
      'bob 2024-01-01T16:00:00.000Z 2024-01-01T17:00:00.000Z',
    ]);
  });

  it('deleted participants are skipped; a schedule whose participants are all gone reports the gap', () => {
    const one = schedule({ layers: [layer('l')], unavailable: ['alice'] });
    assert.equal(onCallAt(one, at('2024-01-01T10:00:00Z'))?.userId, 'bob');
    const none = schedule({ layers: [layer('l')], unavailable: ['alice', 'bob', 'carol'] });
    assert.deepEqual(shifts(none, at('2024-01-01T00:00:00Z'), at('2024-01-02T00:00:00Z')), []);
    assert.deepEqual(coverageGaps(none, at('2024-01-01T00:00:00Z'), at('2024-01-02T00:00:00Z')), [
      { start: at('2024-01-01T00:00:00Z'), end: at('2024-01-02T00:00:00Z') },
    ]);
  });
});

describe('temporary schedules', () => {
  const holiday = {
    id: 'tmp',
    start: at('2024-01-02T00:00:00Z'),
    end: at('2024-01-04T00:00:00Z'),
    shifts: [
      { userId: 'zoe', start: at('2024-01-02T00:00:00Z'), end: at('2024-01-03T00:00:00Z') },
      { userId: 'yan', start: at('2024-01-03T06:00:00Z'), end: at('2024-01-05T00:00:00Z') },
    ],
  };

  it('replace the computed schedule for their period; uncovered parts of the plan are gaps', () => {
    const s = schedule({ layers: [layer('l')], temporarySchedules: [holiday] });
    assert.deepEqual(lines(shifts(s, at('2024-01-01T12:00:00Z'), at('2024-01-04T12:00:00Z'))), [
      'alice 2024-01-01T12:00:00.000Z 2024-01-02T00:00:00.000Z',
      'zoe 2024-01-02T00:00:00.000Z 2024-01-03T00:00:00.000Z',
      'yan 2024-01-03T06:00:00.000Z 2024-01-04T00:00:00.000Z',
      'carol 2024-01-04T00:00:00.000Z 2024-01-04T09:00:00.000Z',
      'alice 2024-01-04T09:00:00.000Z 2024-01-04T12:00:00.000Z',
    ]);
    assert.deepEqual(coverageGaps(s, at('2024-01-01T12:00:00Z'), at('2024-01-04T12:00:00Z')), [
      { start: at('2024-01-03T00:00:00Z'), end: at('2024-01-03T06:00:00Z') },
    ]);
    assert.deepEqual(onCallAt(s, at('2024-01-02T05:00:00Z')), {
      userId: 'zoe',
      source: 'temporary',
      sourceId: 'tmp',
    });
  });

  it('overrides still apply on top of a temporary schedule', () => {
    const s = schedule({
      layers: [layer('l')],
      temporarySchedules: [holiday],
      overrides: [
        { id: 'o', userId: 'dave', start: at('2024-01-02T10:00:00Z'), end: at('2024-01-02T11:00:00Z') },
      ],
    });
    assert.equal(onCallAt(s, at('2024-01-02T10:30:00Z'))?.userId, 'dave');
    assert.equal(onCallAt(s, at('2024-01-02T11:30:00Z'))?.userId, 'zoe');
  });
});

describe('participant changes from an effective date', () => {
  const before = version({ participants: ['alice', 'bob', 'carol'] });

  it('apply from the effective date on and leave earlier shifts as they were', () => {
    const effective = at('2024-01-10T15:00:00Z');
    const nextBase = { ...before, effectiveFrom: effective, participants: ['alice', 'carol'] };
    const next = { ...nextBase, rotationOffset: continuityOffset(before, nextBase, effective) };
    const s = schedule({ layers: [{ id: 'l', versions: [before, next] }] });
    const unchanged = schedule({ layers: [{ id: 'l', versions: [before] }] });
    const window = [at('2024-01-01T00:00:00Z'), effective] as const;
    assert.deepEqual(shifts(s, ...window), shifts(unchanged, ...window));
    // Jan 10 09:00 is shift 9 -> alice (9 mod 3 = 0); she stays on call, then carol, alice, ...
    assert.deepEqual(lines(shifts(s, at('2024-01-10T09:00:00Z'), at('2024-01-13T09:00:00Z'))), [
      'alice 2024-01-10T09:00:00.000Z 2024-01-11T09:00:00.000Z',
      'carol 2024-01-11T09:00:00.000Z 2024-01-12T09:00:00.000Z',
      'alice 2024-01-12T09:00:00.000Z 2024-01-13T09:00:00.000Z',
    ]);
  });

  it('removing the person on call hands over at the effective time to the next of the old order', () => {
    const effective = at('2024-01-11T15:00:00Z'); // shift 10 -> bob
    const nextBase = { ...before, effectiveFrom: effective, participants: ['alice', 'carol'] };
    const next = { ...nextBase, rotationOffset: continuityOffset(before, nextBase, effective) };
    const s = schedule({ layers: [{ id: 'l', versions: [before, next] }] });
    assert.deepEqual(lines(shifts(s, at('2024-01-11T09:00:00Z'), at('2024-01-13T09:00:00Z'))), [
      'bob 2024-01-11T09:00:00.000Z 2024-01-11T15:00:00.000Z',
      'carol 2024-01-11T15:00:00.000Z 2024-01-12T09:00:00.000Z',
      'alice 2024-01-12T09:00:00.000Z 2024-01-13T09:00:00.000Z',
    ]);
  });

  it('reordering keeps the current person and continues in the new order', () => {
    const effective = at('2024-01-01T12:00:00Z'); // alice on call
    const nextBase = { ...before, effectiveFrom: effective, participants: ['carol', 'alice', 'bob'] };
    const next = { ...nextBase, rotationOffset: continuityOffset(before, nextBase, effective) };
    const s = schedule({ layers: [{ id: 'l', versions: [before, next] }] });
    assert.deepEqual(
      shifts(s, at('2024-01-01T09:00:00Z'), at('2024-01-04T09:00:00Z')).map((x) => x.userId),
      ['alice', 'bob', 'carol'],
    );
  });

  it('a new shift length or handoff time also applies only from the effective date', () => {
    const effective = at('2024-01-03T00:00:00Z');
    const nextBase = {
      ...before,
      effectiveFrom: effective,
      shiftUnit: 'weeks' as const,
      handoffTime: '00:00',
    };
    const next = { ...nextBase, rotationOffset: continuityOffset(before, nextBase, effective) };
    const s = schedule({ layers: [{ id: 'l', versions: [before, next] }] });
    assert.deepEqual(lines(shifts(s, at('2024-01-02T09:00:00Z'), at('2024-01-16T00:00:00Z'))), [
      'bob 2024-01-02T09:00:00.000Z 2024-01-08T00:00:00.000Z',
      'carol 2024-01-08T00:00:00.000Z 2024-01-15T00:00:00.000Z',
      'alice 2024-01-15T00:00:00.000Z 2024-01-16T00:00:00.000Z',
    ]);
  });
});
