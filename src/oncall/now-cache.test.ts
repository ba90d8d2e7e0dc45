import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Shift } from './core/types.ts';
import { OnCallNowCache } from './now-cache.ts';

const H = 3_600_000;
const shift = (start: number, end: number): Shift => ({
  userId: 'usr_a',
  start,
  end,
  source: 'layer',
  sourceId: 'lyr_1',
});
const answer = (start: number, end: number) => ({ shift: shift(start, end), userName: 'A' });

describe('the on-call answer cache', () => {
  it('answers for the instants whose search still reaches both ends of the shift', () => {
    const cache = new OnCallNowCache();
    cache.sync(3);
    // A 12-hour shift seen with a 10-hour search either side: true from 2 h to 10 h after start.
    cache.put(3, 'sch_1', 5 * H, answer(0, 12 * H), 10 * H);
    assert.equal(cache.get('sch_1', 2 * H), undefined);
    assert.deepEqual(cache.get('sch_1', 2 * H + 1)?.shift, shift(0, 12 * H));
    assert.deepEqual(cache.get('sch_1', 10 * H - 1)?.shift, shift(0, 12 * H));
    assert.equal(cache.get('sch_1', 10 * H), undefined);
    assert.equal(cache.get('sch_2', 5 * H), undefined);
  });

  it('keeps no shift clipped by the search, and nothing from an older epoch', () => {
    const cache = new OnCallNowCache();
    cache.sync(3);
    cache.put(3, 'sch_1', 5 * H, answer(-5 * H, 6 * H), 10 * H);
    assert.equal(cache.get('sch_1', 5 * H), undefined, 'starts where the search did');
    cache.put(2, 'sch_2', 5 * H, answer(4 * H, 6 * H), 10 * H);
    assert.equal(cache.get('sch_2', 5 * H), undefined, 'computed under epoch 2');
  });

  it('forgets everything when the epoch moves', () => {
    const cache = new OnCallNowCache();
    cache.sync(3);
    cache.put(3, 'sch_1', 5 * H, answer(4 * H, 6 * H), 10 * H);
    cache.sync(3);
    assert.ok(cache.get('sch_1', 5 * H));
    cache.sync(4);
    assert.equal(cache.get('sch_1', 5 * H), undefined);
  });
});
