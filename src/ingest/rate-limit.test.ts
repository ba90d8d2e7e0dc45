import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { fixedClock } from '../platform/clock.ts';
import { KeyRateLimiter } from './rate-limit.ts';

/** The token bucket in memory (no database): its limit, its refill, and its bound on keys. */
describe('key rate limiter', () => {
  it('allows the limit per minute per key and refills over the minute', () => {
    const clock = fixedClock(0);
    const limiter = new KeyRateLimiter(clock);
    for (let i = 0; i < 3; i++) assert.ok(limiter.take('a', 3));
    assert.equal(limiter.take('a', 3), false);
    assert.ok(limiter.take('b', 3), 'another key has its own bucket');
    clock.advance(20_000);
    assert.ok(limiter.take('a', 3), 'a third of a minute gives one token back');
    assert.equal(limiter.take('a', 3), false);
    assert.ok(limiter.take('a', null), 'no limit');
  });

  it('keeps at most maxKeys buckets: full ones go first, then the least recently used', () => {
    const clock = fixedClock(0);
    const limiter = new KeyRateLimiter(clock, 10);
    // Ten senders, each over its limit of one a minute.
    for (let i = 0; i < 10; i++) assert.ok(limiter.take(`ip:${i}`, 1));
    assert.equal(limiter.size, 10);
    // ip:0 is used again (refused), so ip:1 becomes the least recently used.
    assert.equal(limiter.take('ip:0', 1), false);
    // A flood of new addresses never grows the map past the bound.
    for (let i = 10; i < 1000; i++) {
      limiter.take(`ip:${i}`, 1);
      assert.ok(limiter.size <= 10, `${limiter.size} keys after ${i}`);
    }

    // Full buckets (refilled: the same as no bucket) are dropped before any live one.
    const fresh = new KeyRateLimiter(clock, 10);
    for (let i = 0; i < 5; i++) fresh.take(`old:${i}`, 1);
    clock.advance(60_000);
    for (let i = 0; i < 5; i++) fresh.take(`live:${i}`, 1);
    fresh.take('new', 1);
    assert.equal(fresh.size, 6, 'the five refilled buckets went; the live ones and the new one stay');
    for (let i = 0; i < 5; i++) assert.equal(fresh.take(`live:${i}`, 1), false, `live:${i} still limited`);

    // Still full of live buckets: the least recently used go, down to 90% of the bound.
    const lru = new KeyRateLimiter(clock, 10);
    for (let i = 0; i < 10; i++) lru.take(`k:${i}`, 1);
    assert.equal(lru.take('k:0', 1), false, 'k:0 used again: now the most recent');
    lru.take('k:10', 1);
    assert.equal(lru.size, 10, '9 kept plus the new key');
    assert.equal(lru.take('k:0', 1), false, 'the recently used key kept its bucket');
    assert.ok(lru.take('k:1', 1), 'the least recently used key was forgotten: a full bucket again');
  });
});
