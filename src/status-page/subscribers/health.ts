import { recordAudit } from '../../platform/audit/record.ts';
import type { Ctx } from '../../platform/context.ts';
import { presentSubscriber } from './presenter.ts';
import {
  failPendingDeliveries,
  markSubscriberFailing,
  markSubscriberHealthy,
  quarantineSubscriber,
} from './repository.ts';

/**
 * Webhook subscribers whose endpoint is gone are quarantined, as Statuspage quarantines
 * subscribers it cannot reach: one with no delivery through for QUARANTINE_AFTER_MS (3 days)
 * and at least QUARANTINE_AFTER_FAILURES (5) deliveries in a row given up (each after its
 * retries) gets nothing more. Both must hold: a receiver down for an afternoon of a busy
 * incident is not cut off, and neither is one that failed one update a week ago and one today.
 * The admin list shows `quarantined_at`; the quarantine is audited (as the engine). Nothing
 * lifts it: its owner unsubscribes (the link in every delivery still works) and subscribes
 * again, or an admin removes it. Email subscribers are not counted: an SMTP relay accepting a
 * mail says nothing about the mailbox.
 */
export const QUARANTINE_AFTER_MS = 3 * 24 * 3600_000;
export const QUARANTINE_AFTER_FAILURES = 5;
/** Why a delivery of a quarantined subscriber is given up unsent. */
export const QUARANTINED_ERROR = 'the subscriber is quarantined: its deliveries kept failing';

/**
 * Notes an attempt's outcome on its webhook subscriber, in the transaction that records it
 * (ctx.db), and quarantines the subscriber when it has failed long enough: exactly once across
 * engines (a conditional update), with its waiting deliveries given up.
 */
export async function noteWebhookOutcome(
  ctx: Ctx,
  subscriberId: string,
  outcome: { ok: boolean; gaveUp: boolean },
): Promise<void> {
  if (outcome.ok) {
    await markSubscriberHealthy(ctx.db, subscriberId);
    return;
  }
  const now = ctx.clock.now();
  const row = await markSubscriberFailing(ctx.db, subscriberId, outcome.gaveUp, now);
  if (row === undefined) return;
  if (row.quarantined_at === null) {
    const failingFor = now - Number(row.failing_since ?? now);
    if (failingFor < QUARANTINE_AFTER_MS || row.failed_deliveries < QUARANTINE_AFTER_FAILURES) return;
    const quarantined = await quarantineSubscriber(ctx.db, subscriberId, now);
    if (quarantined === undefined) return;
    await recordAudit(ctx, {
      action: 'status_page.subscriber.quarantine',
      targetType: 'status_subscriber',
      targetId: subscriberId,
      before: presentSubscriber(row),
      after: presentSubscriber(quarantined),
    });
  }
  // Also when another engine quarantined it meanwhile: a retry this attempt just scheduled goes too.
  await failPendingDeliveries(ctx.db, subscriberId, QUARANTINED_ERROR, now);
}
