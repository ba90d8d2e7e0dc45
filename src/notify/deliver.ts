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
  insertAttempts,
  markBundledSent,
  markFailed,
  markSentWhereLeased,
  releaseLease,
  scheduleRetry,
} from './repository-claim.ts';
import { userNamesByIds } from '../users/repository.ts';

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
 * for every delivery that finished meanwhile, not one per page. Deliveries, the common case,
 * are recorded set-based, a statement for all of them per table (on PostgreSQL each statement
 * is a round trip); failures, which retry or fall through, one at a time.
 */
export async function recordDeliveries(deps: EngineDeps, sent: Sent[]): Promise<Delivery[]> {
  const now = deps.clock.now();
  return deps.db.transaction().execute(async (trx) => {
    const held = await recordDelivered(
      trx,
      deps,
      sent.filter((s) => s.result.ok),
      now,
    );
    const out: Delivery[] = [];
    for (const s of sent) {
      if (s.result.ok) {
        out.push({ ...s, recorded: held.has(leaseKey(s.claim)), followUp: false });
      } else {
        out.push({ ...s, ...(await recordFailure(trx, deps, s, now)) });
      }
    }
    return out;
  });
}

const leaseKey = (c: Claim) => `${c.leaderId}:${c.attempt}`;

/** The timeline entries of one send: one per incident its message was about. */
function sendEntries(
  { claim, result, latencyMs }: Sent,
  kind: TimelineEntry['kind'],
  message: string,
): TimelineEntry[] {
  return [...new Set(claim.members.map((m) => m.incidentId))].map((incidentId) => ({
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
}

function attemptRow(deps: EngineDeps, { claim, result, latencyMs }: Sent, now: number) {
  return {
    id: newId('att', now),
    notification_id: claim.leaderId,
    attempt: claim.attempt,
    channel: claim.channel,
    outcome: result.ok ? ('delivered' as const) : ('failed' as const),
    response_code: result.responseCode,
    latency_ms: latencyMs,
    error: result.error,
    engine: deps.engineId,
    at: now,
  };
}

/** Sends that succeeded: returns the leases (`leaderId:attempt`) still held, whose delivery was recorded. */
async function recordDelivered(
  trx: Queryable,
  deps: EngineDeps,
  sent: Sent[],
  now: number,
): Promise<Set<string>> {
  if (sent.length === 0) return new Set();
  const held = await markSentWhereLeased(
    trx,
    deps.engineId,
    sent.map((s) => ({ id: s.claim.leaderId, attempt: s.claim.attempt })),
    now,
  );
  const recorded = sent.filter((s) => held.has(leaseKey(s.claim)));
  if (recorded.length === 0) return held;
  await insertAttempts(
    trx,
    recorded.map((s) => attemptRow(deps, s, now)),
  );
  const bundled = recorded.flatMap((s) => s.claim.members.slice(1).map((m) => m.id));
  if (bundled.length > 0) await markBundledSent(trx, bundled, now);
  // A status update or reminder is on the timeline once (status_update with how many it went
  // to, update_due with whom it reminded), not once per delivery: the notification log has each.
  const pages = recorded.filter((s) => s.claim.message.kind === 'page' || s.claim.message.kind === 'bundle');
  if (pages.length > 0) {
    const names = new Map(
      (await userNamesByIds(trx, [...new Set(pages.map((s) => s.claim.userId))])).map((u) => [u.id, u.name]),
    );
    await addTimeline(
      trx,
      now,
      pages.flatMap((s) => {
        const incidents = new Set(s.claim.members.map((m) => m.incidentId)).size;
        const bundle = incidents > 1 ? ` (one message for ${incidents} incidents)` : '';
        const name = names.get(s.claim.userId) ?? s.claim.userId;
        return sendEntries(s, 'notified', `Notified ${name} by ${s.claim.channel}${bundle}`);
      }),
    );
  }
  return held;
}

/** A send that failed: a retry is scheduled, or the notification fails and falls through. */
async function recordFailure(
  trx: Queryable,
  deps: EngineDeps,
  sent: Sent,
  now: number,
): Promise<{ recorded: boolean; followUp: boolean }> {
  const { claim, result } = sent;
  const held = await releaseLease(
    trx,
    { id: claim.leaderId, engineId: deps.engineId, attempt: claim.attempt },
    now,
  );
  if (!held) return { recorded: false, followUp: false };
  await insertAttempts(trx, [attemptRow(deps, sent, now)]);
  const name = (await findUserName(trx, claim.userId)) ?? claim.userId;
  const ids = claim.members.map((m) => m.id);
  const entries = (kind: TimelineEntry['kind'], message: string) => sendEntries(sent, kind, message);

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
