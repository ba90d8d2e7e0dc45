/**
 * Pure delivery pacing: how long a failed delivery waits before its retry, and whether the
 * per-person throttle lets one more message through now. No I/O and no clock; callers pass `now`.
 */
const MINUTE = 60_000;

/**
 * Delay before retry number `attempt` (1 = the first retry): exponential from `baseMs`, capped,
 * with full jitter in [50%, 100%] so many failed deliveries do not retry in lockstep.
 */
export function retryDelayMs(attempt: number, baseMs: number, random: number, capMs = 10 * MINUTE): number {
  const raw = Math.min(capMs, baseMs * 2 ** Math.max(0, attempt - 1));
  return Math.round(raw * (0.5 + 0.5 * Math.min(1, Math.max(0, random))));
}

/**
 * Throttle: with `sentInWindow` messages counted for this person on this channel type in the
 * last window (sent, or claimed and not sent yet; the one that decides sent at `oldestSentAt`),
 * may one go now? If not, when the window opens.
 */
export function throttleGate(
  limit: { limit: number; windowMs: number } | undefined,
  sentInWindow: number,
  oldestSentAt: number | null,
  now: number,
): { allowed: true } | { allowed: false; retryAt: number } {
  if (limit === undefined || sentInWindow < limit.limit) return { allowed: true };
  return { allowed: false, retryAt: Math.max(now + 1, (oldestSentAt ?? now) + limit.windowMs) };
}
