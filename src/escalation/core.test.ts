import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  FIRST,
  MINUTE,
  type PolicyShape,
  type Position,
  fire,
  nextPosition,
  totalPositions,
} from './core.ts';

const policy = (delays: number[], repeatCount = 0): PolicyShape => ({
  levels: delays.map((delayMinutes) => ({ delayMinutes })),
  repeatCount,
});

/** Every position a policy visits, in order, by following nextPosition from the start. */
function walk(p: PolicyShape): Position[] {
  const out: Position[] = [];
  for (let pos: Position | null = FIRST; pos !== null; pos = nextPosition(p, pos)) out.push(pos);
  return out;
}

describe('escalation positions', () => {
  it('walks every level once, then each repeat, then stops', () => {
    assert.deepEqual(walk(policy([5, 10])), [
      { level: 0, round: 0 },
      { level: 1, round: 0 },
    ]);
    assert.deepEqual(walk(policy([5, 10], 2)), [
      { level: 0, round: 0 },
      { level: 1, round: 0 },
      { level: 0, round: 1 },
      { level: 1, round: 1 },
      { level: 0, round: 2 },
      { level: 1, round: 2 },
    ]);
  });

  it('visits levels x (repeats + 1) positions for every shape', () => {
    for (let levels = 1; levels <= 6; levels++) {
      for (let repeat = 0; repeat <= 4; repeat++) {
        const p = policy(
          Array.from({ length: levels }, (_, i) => i + 1),
          repeat,
        );
        assert.equal(walk(p).length, totalPositions(p), `${levels} levels, ${repeat} repeats`);
      }
    }
  });
});

describe('fire', () => {
  const now = Date.parse('2026-11-25T10:00:00Z');
  const people = (map: Record<number, string[]>) => (pos: Position) => Promise.resolve(map[pos.level] ?? []);

  it('pages the level at the start position and schedules the next after its delay', async () => {
    const f = await fire(policy([5, 10]), FIRST, now, people({ 0: ['alice'], 1: ['bob'] }));
    assert.deepEqual(f.skipped, []);
    assert.deepEqual(f.fired, { pos: FIRST, users: ['alice'] });
    assert.deepEqual(f.next, { pos: { level: 1, round: 0 }, dueAt: now + 5 * MINUTE });
  });

  it('skips empty levels at once and fires the next one with people, timing from now', async () => {
    const f = await fire(policy([5, 10, 15]), FIRST, now, people({ 1: ['bob'], 2: ['carol'] }));
    assert.deepEqual(f.skipped, [FIRST]);
    assert.deepEqual(f.fired, { pos: { level: 1, round: 0 }, users: ['bob'] });
    assert.deepEqual(f.next, { pos: { level: 2, round: 0 }, dueAt: now + 10 * MINUTE });
  });

  it('has no next step after the last level of the last round', async () => {
    const f = await fire(policy([5, 10], 1), { level: 1, round: 1 }, now, people({ 1: ['bob'] }));
    assert.deepEqual(f.fired, { pos: { level: 1, round: 1 }, users: ['bob'] });
    assert.equal(f.next, null);
  });

  it('wraps into the next round when the last level is empty', async () => {
    const f = await fire(policy([5, 10], 1), { level: 1, round: 0 }, now, people({ 0: ['alice'] }));
    assert.deepEqual(f.skipped, [{ level: 1, round: 0 }]);
    assert.deepEqual(f.fired, { pos: { level: 0, round: 1 }, users: ['alice'] });
  });

  it('stops after a whole round of empty levels instead of spinning through every repeat', async () => {
    let asked = 0;
    const f = await fire(policy([5, 10, 15], 9), FIRST, now, () => {
      asked++;
      return Promise.resolve([]);
    });
    assert.equal(f.fired, null);
    assert.equal(f.next, null);
    assert.equal(f.skipped.length, 3);
    assert.equal(asked, 3);
  });

  it('asks only for the levels it visits (round-robin targets advance when asked)', async () => {
    const asked: number[] = [];
    await fire(policy([5, 10, 15]), FIRST, now, (pos) => {
      asked.push(pos.level);
      return Promise.resolve(['x']);
    });
    assert.deepEqual(asked, [0]);
  });
});
