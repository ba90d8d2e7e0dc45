import type { EngineDeps } from '../platform/engine-deps.ts';
import { retryDelayMs } from './backoff.ts';
import { type TimelineEntry, addTimeline } from '../timeline/repository.ts';
import type { Queryable } from '../platform/db/connect.ts';
import { newId } from '../platform/ids.ts';
import type { SendResult } from './channels/types.ts';
import { providerFor } from './channels/index.ts';
import type { Claim } from './claim.ts';
import { fallThrough } from './fallthrough.ts';
import { findUserName } from './repository.ts';
import {
  findNotifications,
  insertAttempt,
  markBundledSent,
  markFailed,
  markSent,
  releaseLease,
  scheduleRetry,
} from './repository-claim.ts';

export interface Delivery {
  claim: Claim;
  result: SendResult;
  latencyMs: number;
  /** False when the lease was lost (another engine took the notification over) before recording. */
  recorded: boolean;
  /** The outcome scheduled more work (a retry or a fall-through): the engine should look again. */
  followUp: boolean;
}

export type Sent = Omit<Delivery, 'recorded' | 'followUp'>;

/** How a failure names what failed: a page is just its channel. */
const WHAT: Record<Claim['message']['kind'], string> = {
  page: '',
  bundle: '',
  update: 'status update by ',
  reminder: 'update reminder by ',
  action_item: 'action item reminder by ',
  postmortem: 'postmortem reminder by ',
};

/**
 * Sends one claimed message, outside any transaction so a slow receiver holds no locks. The
 * outcome is recorded afterwards (`recordDeliveries`), conditional on still holding the lease,
 * so a send that outlived its lease is not recorded twice. Between the send and the record a
 * crash leaves the notification leased: when the lease expires another engine sends it again
 * with the same idempotency key, which is how receivers drop that one possible repeat.
 */
export async function send(deps: EngineDeps, claim: Claim): Promise<Sent> {
  const started = performance.now();
  let result: SendResult;
  try {
    // Retrying cannot make an unreadable secret readable: fail now, the next contact method takes over.
    result =
      claim.signingError !== undefined
        ? { ok: false, responseCode: null, error: claim.signingError, retryable: false }
        : await providerFor(claim.channel).send(claim.message, claim.address, {
            config: deps.notify,
            secret: claim.signing?.current ?? '',
            previousSecret: claim.signing?.previous,
            signal: AbortSignal.timeout(deps.notify.timeoutMs),
            now: () => deps.clock.now(),
            outbound: deps.outbound,
          });
  } catch (e) {
    // Providers map their own failures; anything thrown is a bug or an unexpected network error.
    result = { ok: false, responseCode: null, error: (e as Error).message, retryable: true };
  }
  const latencyMs = Math.round(performance.now() - started);
  deps.metrics?.attempt(claim.channel, result.ok ? 'delivered' : 'failed', latencyMs / 1000);
  return { claim, result, latencyMs };
}

/**
 * Records the outcomes of several sends in one transaction: one commit (one fsync on SQLite)
 * for every delivery that finished meanwhile, not one per page.
 */
export async function recordDeliveries(deps: EngineDeps, sent: Sent[]): Promise<Delivery[]> {
  const now = deps.clock.now();
  return deps.db.transaction().execute(async (trx) => {
    const out: Delivery[] = [];
    for (const s of sent) out.push({ ...s, ...(await recordOne(trx, deps, s, now)) });
    return out;
  });
}

async function recordOne(
  trx: Queryable,
  deps: EngineDeps,
  { claim, result, latencyMs }: Sent,
  now: number,
): Promise<{ recorded: boolean; followUp: boolean }> {
  const held = await releaseLease(
    trx,
    { id: claim.leaderId, engineId: deps.engineId, attempt: claim.attempt },
    now,
  );
  if (!held) return { recorded: false, followUp: false };
  await insertAttempt(trx, {
    id: newId('att', now),
    notification_id: claim.leaderId,
    attempt: claim.attempt,
    channel: claim.channel,
    outcome: result.ok ? 'delivered' : 'failed',
    response_code: result.responseCode,
    latency_ms: latencyMs,
    error: result.error,
    engine: deps.engineId,
    at: now,
  });
  const name = (await findUserName(trx, claim.userId)) ?? claim.userId;
  const ids = claim.members.map((m) => m.id);
  const incidents = [...new Set(claim.members.map((m) => m.incidentId))];
  const bundled = incidents.length > 1 ? ` (one message for ${incidents.length} incidents)` : '';
  const entries = (kind: TimelineEntry['kind'], message: string): TimelineEntry[] =>
    incidents.map((incidentId) => ({
      incidentId,
      kind,
      actor: 'system:engine',
      message,
      data: {
        notification_id: claim.leaderId,
        kind: claim.message.kind,
        user_id: claim.userId,
        channel: claim.channel,
        attempt: claim.attempt,
        response_code: result.responseCode,
        latency_ms: latencyMs,
      },
    }));

  if (result.ok) {
    await markSent(trx, claim.leaderId, now);
    if (ids.length > 1) await markBundledSent(trx, ids.slice(1), now);
    // A status update or reminder is on the timeline once (status_update with how many it went
    // to, update_due with whom it reminded), not once per delivery: the notification log has
    // each. Failures still are, below: someone did not hear what they should have.
    if (claim.message.kind === 'page' || claim.message.kind === 'bundle') {
      await addTimeline(trx, now, entries('notified', `Notified ${name} by ${claim.channel}${bundled}`));
    }
    return { recorded: true, followUp: false };
  }
  const error = result.error ?? `failed with ${result.responseCode ?? 'no answer'}`;
  if (result.retryable && claim.attempt < deps.notify.attempts) {
    const wait = retryDelayMs(claim.attempt, deps.notify.retryBaseMs, (deps.random ?? Math.random)());
    await scheduleRetry(trx, claim.leaderId, now + wait, error, now);
    await addTimeline(
      trx,
      now,
      entries(
        'notification_failed',
        `${WHAT[claim.message.kind]}${claim.channel} to ${name} failed (attempt ${claim.attempt} of ${deps.notify.attempts}: ${error}); retrying in ${Math.ceil(wait / 1000)} s`,
      ),
    );
    return { recorded: true, followUp: true };
  }
  await markFailed(trx, ids, error, now);
  const members = await findNotifications(trx, ids);
  const why = `${error}${result.retryable ? `, after ${claim.attempt} attempts` : ''}`;
  for (const m of members) await fallThrough(trx, m, why, now);
  return { recorded: true, followUp: true };
}
