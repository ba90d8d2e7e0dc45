import type { Clock } from '../platform/clock.ts';
import type { Config } from '../platform/config.ts';

type Limit = { limit: number; windowMs: number };

// Bounds memory when someone sprays logins for many made-up emails from many addresses.
const MAX_KEYS = 100_000;

/**
 * Counts failed logins per account (normalised email) and per client address, separately, in a
 * sliding window. Only failures count, so a person who types their password right is never held
 * up by someone else's guesses on another account from the same (shared, proxied) address; the
 * address ceiling is higher than the account one and only stops spraying across many accounts.
 * Per process, like the ingest limiter: with N api nodes an attacker gets at most N times the
 * budget, which still makes guessing impractical, and nothing authoritative lives here.
 */
export class LoginThrottle {
  private readonly failures = new Map<string, number[]>();

  constructor(
    private readonly clock: Clock,
    private readonly limits: Config['loginLimits'],
  ) {}

  /**
   * Milliseconds until this account and this address may try again (0: now). Checked before the
   * password, so a locked account cannot be probed further.
   */
  blockedForMs(email: string, ip: string): number {
    const now = this.clock.now();
    const account = this.recent(accountKey(email), this.limits.account, now);
    const address = this.recent(`ip:${ip}`, this.limits.ip, now);
    return Math.max(retryAfter(account, this.limits.account, now), retryAfter(address, this.limits.ip, now));
  }

  failed(email: string, ip: string): void {
    const now = this.clock.now();
    if (this.failures.size >= MAX_KEYS) this.prune(now);
    for (const [key, limit] of [
      [accountKey(email), this.limits.account],
      [`ip:${ip}`, this.limits.ip],
    ] as const) {
      const times = this.recent(key, limit, now);
      times.push(now);
      this.failures.set(key, times);
    }
  }

  /** The right password clears the account's count: earlier typos should not lock its owner out later. */
  succeeded(email: string): void {
    this.failures.delete(accountKey(email));
  }

  private recent(key: string, limit: Limit, now: number): number[] {
    const times = (this.failures.get(key) ?? []).filter((t) => t > now - limit.windowMs);
    if (times.length === 0) this.failures.delete(key);
    else this.failures.set(key, times);
    return times;
  }

  private prune(now: number): void {
    const longest = Math.max(this.limits.account.windowMs, this.limits.ip.windowMs);
    for (const [key, times] of this.failures) {
      if (times.every((t) => t <= now - longest)) this.failures.delete(key);
    }
    // Still full of live keys: forget the oldest rather than grow without bound.
    for (const key of this.failures.keys()) {
      if (this.failures.size < MAX_KEYS) break;
      this.failures.delete(key);
    }
  }
}

// Emails are stored lower-cased (findUserByEmail compares that way), so the count is per person, not per spelling.
function accountKey(email: string): string {
  return `acct:${email.trim().toLowerCase()}`;
}

function retryAfter(times: number[], limit: Limit, now: number): number {
  if (times.length < limit.limit) return 0;
  // The window frees a slot when the oldest failure that still counts against the limit expires.
  return times[times.length - limit.limit]! + limit.windowMs - now;
}
