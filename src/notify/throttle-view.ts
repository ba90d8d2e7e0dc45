import { requireRole } from '../platform/auth/actor.ts';
import type { NotifyConfig } from '../platform/config.ts';
import type { Ctx } from '../platform/context.ts';
import type { ContactMethodType } from '../platform/db/tables/users.ts';
import { iso } from '../platform/http/schema.ts';
import { CONTACT_METHOD_TYPES } from '../users/schemas.ts';
import { throttleGate } from './backoff.ts';
import { nthNewestSentAt, peopleAtThrottle, throttleUsage, waitingPages } from './repository.ts';
import type { ThrottleViewAnswer } from './throttle-schemas.ts';

/**
 * What the paging throttle (claim.ts) is doing now: its configured limits, and the people whose
 * pages on a channel type are being held back because their window is full. Counts and the time
 * the window frees are worked out as the claim works them out, so the view says what the engine
 * will do; it only reads.
 */
export async function notificationThrottle({
  ctx,
  throttle,
}: {
  ctx: Ctx;
  throttle: NotifyConfig['throttle'];
}): Promise<ThrottleViewAnswer> {
  requireRole(ctx.actor, 'admin');
  const now = ctx.clock.now();
  const named = CONTACT_METHOD_TYPES.filter((t) => Object.hasOwn(throttle, t));
  const held: ThrottleViewAnswer['held'] = [];
  const sorting: number[] = [];
  for (const [key, limit] of Object.entries(throttle)) {
    if (limit === null) continue; // `off`: nobody is held back on these types
    // `*` covers every type without a limit of its own, as throttleOf in claim.ts does.
    const channels: ContactMethodType[] =
      key === '*'
        ? CONTACT_METHOD_TYPES.filter((t) => !named.includes(t))
        : CONTACT_METHOD_TYPES.filter((t) => t === key);
    if (channels.length === 0) continue;
    const since = now - limit.windowMs;
    for (const person of await peopleAtThrottle(ctx.db, channels, since, limit.limit)) {
      const k = { userId: person.user_id, channel: person.channel };
      const { inFlight } = await throttleUsage(ctx.db, k, since, limit.limit);
      // As reopensAt in claim.ts: the window frees when the limit-th newest message leaves it.
      let freesAt: number | null = null;
      if (inFlight < limit.limit) {
        const decidingAt = await nthNewestSentAt(ctx.db, k, since, limit.limit - inFlight);
        const gate = throttleGate(limit, person.counted, decidingAt, now);
        freesAt = gate.allowed ? now : gate.retryAt;
      }
      held.push({
        user_id: person.user_id,
        user_name: person.user_name,
        channel: person.channel,
        limit: limit.limit,
        window_seconds: Math.round(limit.windowMs / 1000),
        counted: person.counted,
        waiting: await waitingPages(ctx.db, k),
        frees_at: iso(freesAt),
      });
      sorting.push(freesAt ?? Number.POSITIVE_INFINITY);
    }
  }
  const order = held.map((_, i) => i).sort((a, b) => sorting[a]! - sorting[b]!);
  return {
    at: iso(now),
    limits: Object.entries(throttle).map(([channel, l]) => ({
      channel,
      limit: l?.limit ?? null,
      window_seconds: l ? Math.round(l.windowMs / 1000) : null,
    })),
    held: order.map((i) => held[i]!),
  };
}
