import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { blankPolicy, fromView, moved, newLevel, toInput } from '../../web/src/pages/policies/model.ts';

describe('the escalation policy editor’s form model', () => {
  it('moves a level up or down and leaves the ends alone', () => {
    assert.deepEqual(moved(['a', 'b', 'c'], 2, -1), ['a', 'c', 'b']);
    assert.deepEqual(moved(['a', 'b', 'c'], 0, 1), ['b', 'a', 'c']);
    assert.deepEqual(moved(['a', 'b', 'c'], 0, -1), ['a', 'b', 'c']);
    assert.deepEqual(moved(['a', 'b', 'c'], 2, 1), ['a', 'b', 'c']);
  });

  it('sends typed numbers as numbers, an empty ack timeout as none and no team as null', () => {
    const fields = {
      ...blankPolicy(),
      name: 'P',
      repeat: '2',
      levels: [newLevel([{ type: 'team' as const, id: 'tm_1' }])],
    };
    fields.levels[0]!.delay = '15';
    assert.deepEqual(toInput(fields), {
      name: 'P',
      description: '',
      team_id: null,
      repeat_count: 2,
      ack_timeout_minutes: null,
      levels: [{ delay_minutes: 15, targets: [{ type: 'team', id: 'tm_1' }] }],
    });
  });

  it('sends what is no number so that the API names the field (NaN is null in JSON)', () => {
    const input = toInput({ ...blankPolicy(), repeat: 'two', ackTimeout: ' ' });
    assert.equal(JSON.parse(JSON.stringify(input)).repeat_count, null);
    assert.equal(input.ack_timeout_minutes, null, 'blank means no ack timeout');
  });

  it('reads a saved policy back into the form, in level order with distinct keys', () => {
    const fields = fromView({
      id: 'ep_1',
      name: 'P',
      description: 'd',
      team_id: 'tm_1',
      repeat_count: 1,
      ack_timeout_minutes: 30,
      levels: [
        { id: 'lvl_1', position: 0, delay_minutes: 5, targets: [{ type: 'user', id: 'usr_1' }] },
        { id: 'lvl_2', position: 1, delay_minutes: 10, targets: [{ type: 'schedule', id: 'sch_1' }] },
      ],
      services: [],
      created_at: '2026-01-01T00:00:00Z',
      updated_at: '2026-01-01T00:00:00Z',
    });
    assert.deepEqual(
      fields.levels.map((l) => [l.delay, l.targets[0]!.id]),
      [
        ['5', 'usr_1'],
        ['10', 'sch_1'],
      ],
    );
    assert.notEqual(fields.levels[0]!.key, fields.levels[1]!.key);
    assert.equal(fields.ackTimeout, '30');
    assert.equal(fields.teamId, 'tm_1');
  });
});
