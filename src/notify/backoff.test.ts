import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { retryDelayMs, throttleGate } from './backoff.ts';

const MINUTE = 60_000;

describe('retry delay', () => {
  it('doubles per attempt between half and all of the exponential step, capped', () => {
    for (let attempt = 1; attempt <= 12; attempt++) {
      const full = Math.min(600_000, 5000 * 2 ** (attempt - 1));
      assert.equal(retryDelayMs(attempt, 5000, 1), full);
      assert.equal(retryDelayMs(attempt, 5000, 0), Math.round(full / 2));
      const mid = retryDelayMs(attempt, 5000, 0.37);
      assert.ok(mid >= full / 2 && mid <= full, `attempt ${attempt}: ${mid}`);
    }
    assert.equal(retryDelayMs(30, 5000, 1), 600_000);
  });
});

describe('throttle gate', () => {
  const limit = { limit: 3, windowMs: 15 * MINUTE };
  const now = 1_000_000_000;
  it('allows under the limit and without one', () => {
    assert.deepEqual(throttleGate(limit, 2, now - 1000, now), { allowed: true });
    assert.deepEqual(throttleGate(undefined, 999, now - 1000, now), { allowed: true });
  });
  it('at the limit, waits until the oldest message leaves the window', () => {
    assert.deepEqual(throttleGate(limit, 3, now - 10 * MINUTE, now), {
      allowed: false,
      retryAt: now + 5 * MINUTE,
    });
  });
});
