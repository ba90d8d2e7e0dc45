import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { coverageGaps, onCallAt, shifts } from './schedule.ts';
import { at, daily, layer, lines, schedule } from './testing.ts';

const rota = layer('l', { participants: ['alice', 'bob'] });

describe('overrides', () => {
  it('an override across a handoff takes the end of one shift and the start of the next', () => {
    const s = schedule({
      layers: [rota],
      overrides: [
        { id: 'o1', userId: 'dave', start: at('2024-01-01T20:00:00Z'), end: at('2024-01-02T12:00:00Z') },
      ],
    });
    const list = shifts(s, at('2024-01-01T09:00:00Z'), at('2024-01-03T09:00:00Z'));
    assert.deepEqual(lines(list), [
      'alice 2024-01-01T09:00:00.000Z 2024-01-01T20:00:00.000Z',
      'dave 2024-01-01T20:00:00.000Z 2024-01-02T12:00:00.000Z',
      'bob 2024-01-02T12:00:00.000Z 2024-01-03T09:00:00.000Z',
    ]);
    assert.deepEqual(
      list.map((x) => [x.source, x.sourceId]),
      [
        ['layer', 'l'],
        ['override', 'o1'],
        ['layer', 'l'],
      ],
    );
  });

  it('an override for part of a shift splits it around the override', () => {
    const s = schedule({
      layers: [rota],
      overrides: [
        { id: 'o', userId: 'dave', start: at('2024-01-01T12:00:00Z'), end: at('2024-01-01T13:00:00Z') },
      ],
    });
    assert.deepEqual(lines(shifts(s, at('2024-01-01T09:00:00Z'), at('2024-01-02T09:00:00Z'))), [
      'alice 2024-01-01T09:00:00.000Z 2024-01-01T12:00:00.000Z',
      'dave 2024-01-01T12:00:00.000Z 2024-01-01T13:00:00.000Z',
      'alice 2024-01-01T13:00:00.000Z 2024-01-02T09:00:00.000Z',
    ]);
  });

  it('an override inside a restricted gap puts someone on call where nobody was', () => {
    const s = schedule({
      layers: [layer('l', { participants: ['alice'], restrictions: [daily('09:00', '17:00')] })],
      overrides: [
        { id: 'o', userId: 'dave', start: at('2024-01-02T18:00:00Z'), end: at('2024-01-02T22:00:00Z') },
      ],
    });
    assert.deepEqual(lines(shifts(s, at('2024-01-02T00:00:00Z'), at('2024-01-03T00:00:00Z'))), [
      'alice 2024-01-02T09:00:00.000Z 2024-01-02T17:00:00.000Z',
      'dave 2024-01-02T18:00:00.000Z 2024-01-02T22:00:00.000Z',
    ]);
    assert.deepEqual(coverageGaps(s, at('2024-01-02T00:00:00Z'), at('2024-01-03T00:00:00Z')), [
      { start: at('2024-01-02T00:00:00Z'), end: at('2024-01-02T09:00:00Z') },
      { start: at('2024-01-02T17:00:00Z'), end: at('2024-01-02T18:00:00Z') },
      { start: at('2024-01-02T22:00:00Z'), end: at('2024-01-03T00:00:00Z') },
    ]);
  });

  it('where overrides overlap, the later one wins', () => {
    const s = schedule({
      layers: [rota],
      overrides: [
        { id: 'first', userId: 'dave', start: at('2024-01-01T10:00:00Z'), end: at('2024-01-01T16:00:00Z') },
        { id: 'second', userId: 'erin', start: at('2024-01-01T12:00:00Z'), end: at('2024-01-01T14:00:00Z') },
      ],
    });
    assert.deepEqual(lines(shifts(s, at('2024-01-01T09:00:00Z'), at('2024-01-01T17:00:00Z'))), [
      'alice 2024-01-01T09:00:00.000Z 2024-01-01T10:00:00.000Z',
      'dave 2024-01-01T10:00:00.000Z 2024-01-01T12:00:00.000Z',
      'erin 2024-01-01T12:00:00.000Z 2024-01-01T14:00:00.000Z',
      'dave 2024-01-01T14:00:00.000Z 2024-01-01T16:00:00.000Z',
      'alice 2024-01-01T16:00:00.000Z 2024-01-01T17:00:00.000Z',
    ]);
  });

  it('an override of a whole shift by the same person stays attributed to the override', () => {
    const s = schedule({
      layers: [rota],
      overrides: [
        { id: 'o', userId: 'bob', start: at('2024-01-01T09:00:00Z'), end: at('2024-01-02T09:00:00Z') },
      ],
    });
    assert.deepEqual(onCallAt(s, at('2024-01-01T10:00:00Z')), {
      userId: 'bob',
      source: 'override',
      sourceId: 'o',
    });
    assert.deepEqual(onCallAt(s, at('2024-01-02T10:00:00Z')), {
      userId: 'bob',
      source: 'layer',
      sourceId: 'l',
    });
  });

  it('ignores empty overrides and answers nothing for an empty period', () => {
    const s = schedule({
      layers: [rota],
      overrides: [
        { id: 'o', userId: 'x', start: at('2024-01-01T10:00:00Z'), end: at('2024-01-01T10:00:00Z') },
      ],
    });
    assert.equal(onCallAt(s, at('2024-01-01T10:00:00Z'))?.userId, 'alice');
    assert.deepEqual(shifts(s, at('2024-01-02T00:00:00Z'), at('2024-01-01T00:00:00Z')), []);
  });
});
