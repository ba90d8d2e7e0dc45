import type { Clock } from '../platform/clock.ts';

/** Keys remembered at most, by default: bounds memory when a public endpoint is hit from many addresses. */
export const MAX_KEYS = 100_000;

interface Bucket {
  tokens: number;
  at: number;
  perMinute: number;
}

/**
 * Per-key token bucket (`rate_limit_per_minute` per integration; per client address for the
 * status page's subscribe form), per process. It protects this node from a runaway sender; it
 * is not an accounting record, so it need not be shared. At most `maxKeys` buckets are kept: a
 * bucket that has filled up again is the same as none, so those go first, then the least
 * recently used (its sender gets a full bucket back, the cost of a bounded memory).
 */
export class KeyRateLimiter {
  // Map order is use order: a bucket is moved to the end each time it is taken from.
  private buckets = new Map<string, Bucket>();

  constructor(
    private readonly clock: Clock,
    private readonly maxKeys = MAX_KEYS,
  ) {}

  /** Takes `cost` tokens; false when the sender is over its limit. */
  take(key: string, perMinute: number | null, cost = 1): boolean {
    if (perMinute === null) return true;
    const now = this.clock.now();
    const b = this.buckets.get(key) ?? { tokens: perMinute, at: now, perMinute };
    b.perMinute = perMinute;
    b.tokens = refilled(b, now);
    b.at = now;
    this.buckets.delete(key);
    if (this.buckets.size >= this.maxKeys) this.evict(now);
    this.buckets.set(key, b);
    if (b.tokens < cost) return false;
    b.tokens -= cost;
    return true;
  }

  /** How many keys are remembered (for tests of the bound). */
  get size(): number {
    return this.buckets.size;
  }

  /**
   * Drops the full buckets, then, still at the bound, the least recently used down to 90% of it,
   * so a flood of new keys pays for one sweep per tenth of the bound, not one per request.
   */
  private evict(now: number): void {
    for (const [key, b] of this.buckets) if (refilled(b, now) >= b.perMinute) this.buckets.delete(key);
    const keep = Math.floor(this.maxKeys * 0.9);
    for (const key of this.buckets.keys()) {
      if (this.buckets.size <= keep) break;
      this.buckets.delete(key);
    }
  }
}

function refilled(b: Bucket, now: number): number {
  return Math.min(b.perMinute, b.tokens + ((now - b.at) * b.perMinute) / 60_000);
}
