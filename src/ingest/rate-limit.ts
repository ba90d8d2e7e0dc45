import type { Clock } from '../platform/clock.ts';

/**
 * Per-integration token bucket (`rate_limit_per_minute`), per process. It protects this node
 * from a runaway sender; it is not an accounting record, so it need not be shared.
 */
export class KeyRateLimiter {
  private buckets = new Map<string, { tokens: number; at: number }>();

  constructor(private readonly clock: Clock) {}

  /** Takes `cost` tokens; false when the sender is over its limit. */
  take(integrationId: string, perMinute: number | null, cost = 1): boolean {
    if (perMinute === null) return true;
    const now = this.clock.now();
    const b = this.buckets.get(integrationId) ?? { tokens: perMinute, at: now };
    b.tokens = Math.min(perMinute, b.tokens + ((now - b.at) * perMinute) / 60_000);
    b.at = now;
    this.buckets.set(integrationId, b);
    if (b.tokens < cost) return false;
    b.tokens -= cost;
    return true;
  }
}
