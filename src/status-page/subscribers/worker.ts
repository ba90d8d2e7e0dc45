import { retryDelayMs } from '../../notify/backoff.ts';
import { leaseMs } from '../../notify/claim.ts';
import { sendOtherMail } from '../../notify/channels/email.ts';
import { failure } from '../../notify/channels/http.ts';
import type { SendResult } from '../../notify/channels/types.ts';
import { postSignedJson } from '../../notify/signed-post.ts';
import type { Queryable } from '../../platform/db/connect.ts';
import type { EngineDeps } from '../../platform/engine-deps.ts';
import { systemActor } from '../../platform/auth/actor.ts';
import { type Ctx, inTransaction } from '../../platform/context.ts';
import {
  type LeasedDelivery,
  type Outcome,
  componentsOfIncidents,
  findLeased,
  findPublicIncidents,
  findUpdates,
  leaseDeliveries,
  lockDueDeliveries,
  openImpacts,
  recordOutcome,
  updatesOfIncidents,
} from './delivery-repository.ts';
import { fanOut } from './fanout.ts';
import { QUARANTINED_ERROR, noteWebhookOutcome } from './health.ts';
import { purgeUnconfirmed } from './subscribe.ts';
import { type UpdateFacts, confirmMail, pageStatus, updateMail, updateWebhook } from './messages.ts';
import { type PageFacts, pageFacts, subscriptionUrl } from './page-facts.ts';
import { confirmToken, unsubscribeToken } from './tokens.ts';

/**
 * The engine's worker for status-page subscribers (called from src/engine/engine.ts each pass):
 * fans new updates out into deliveries, then leases due deliveries and sends them in the
 * background, so a slow receiver never holds up paging. Like notifications (src/notify/claim.ts,
 * deliver.ts): the lease is taken in a transaction (SKIP LOCKED on PostgreSQL), the send happens
 * outside any transaction, and the outcome is recorded only if the lease is still ours. An engine
 * killed between sending and recording leaves the lease to expire and another engine sends again
 * with the same idempotency key (Idempotency-Key header, Message-ID), which is how receivers drop
 * that one possible repeat. Failures are retried with backoff up to MAX_ATTEMPTS, then given up.
 * The lease lasts as long as a notification's (leaseMs); the claim itself is not shared:
 * claimNotifications and its SQL are the notifications table's and interleave bundling, the
 * paging throttle and fall-through, none of which a subscriber delivery has.
 */
export const MAX_ATTEMPTS = 6;
const MAX_IN_FLIGHT = 64;
/** Housekeeping (never-confirmed subscriptions) is not urgent: once in this long per engine. */
export const PURGE_EVERY_MS = 10 * 60_000;

export interface StatusWorker {
  /**
   * Fans out and starts due sends; how many updates and deliveries it took. `hasWork`: whether the
   * engine's read of due times (engine/due.ts) found any such work; without, only housekeeping.
   */
  pass(hasWork?: boolean): Promise<number>;
  /** Waits until every send started so far is sent and recorded. */
  settle(): Promise<void>;
}

/** `onFollowUp`: a send finished and something may be due again (a retry): the engine looks again. */
export function createStatusWorker(deps: EngineDeps, onFollowUp: () => void = () => undefined): StatusWorker {
  const inFlight = new Set<Promise<void>>();
  let lastPurge = Number.NEGATIVE_INFINITY;
  return {
    async pass(hasWork = true) {
      const now = deps.clock.now();
      let handled = hasWork
        ? await deps.db.transaction().execute((trx) => fanOut(trx, deps.dialect, now))
        : 0;
      if (now - lastPurge >= PURGE_EVERY_MS || now < lastPurge) {
        lastPurge = now;
        const purged = await purgeUnconfirmed(deps.db, now);
        if (purged > 0) deps.log?.info({ purged }, 'deleted never-confirmed status page subscriptions');
        handled += purged;
      }
      const room = MAX_IN_FLIGHT - inFlight.size;
      if (room <= 0 || !hasWork) return handled;
      const leased = await deps.db.transaction().execute(async (trx) => {
        const due = await lockDueDeliveries(trx, now, {
          limit: room,
          skipLocked: deps.dialect === 'postgres',
        });
        if (due.length === 0) return [];
        const ids = due.map((d) => d.id);
        await leaseDeliveries(trx, ids, deps.engineId, now + leaseMs(deps), now);
        return findLeased(trx, ids);
      });
      handled += leased.length;
      if (leased.length === 0) return handled;
      const prepared = await prepare(deps.db, deps, leased);
      for (const d of leased) {
        const p: Promise<void> = deliver(deps, d, prepared)
          .then((followUp) => {
            if (followUp) onFollowUp();
          })
          .catch((e: unknown) =>
            deps.log?.error({ err: e }, 'status page delivery failed; its lease will expire'),
          )
          .finally(() => inFlight.delete(p));
        inFlight.add(p);
      }
      return handled;
    },
    async settle() {
      while (inFlight.size > 0) await Promise.all([...inFlight]);
    },
  };
}

interface Prepared {
  page: PageFacts;
  status: { indicator: string; description: string };
  facts: Map<string, UpdateFacts>;
}

/** Everything the leased deliveries render from, read once for the batch. */
async function prepare(db: Queryable, deps: EngineDeps, leased: LeasedDelivery[]): Promise<Prepared> {
  const page = await pageFacts(db, deps.publicUrl);
  const updateIds = [...new Set(leased.flatMap((d) => (d.update_id === null ? [] : [d.update_id])))];
  const facts = new Map<string, UpdateFacts>();
  if (updateIds.length === 0) return { page, status: pageStatus([]), facts };
  const updates = await findUpdates(db, updateIds);
  const incidentIds = [...new Set(updates.map((u) => u.status_incident_id))];
  const incidents = new Map((await findPublicIncidents(db, incidentIds)).map((i) => [i.id, i]));
  const all = await updatesOfIncidents(db, incidentIds);
  const components = await componentsOfIncidents(db, incidentIds);
  for (const update of updates) {
    const incident = incidents.get(update.status_incident_id);
    if (incident === undefined) continue;
    facts.set(update.id, {
      incident,
      update,
      // As of this update, newest first: incident_updates[0] is the one announced, even when later
      // updates were posted before this delivery went out (a backlog, a retry).
      updates: all.filter(
        (u) =>
          u.status_incident_id === incident.id &&
          (u.display_at < update.display_at || (u.display_at === update.display_at && u.id <= update.id)),
      ),
      components: components.filter((c) => c.status_incident_id === incident.id),
    });
  }
  return { page, status: pageStatus(await openImpacts(db)), facts };
}

/**
 * Sends one delivery and records it; true when a retry was scheduled. A webhook's recorded
 * outcome then counts toward its subscriber's health (health.ts) in a transaction of its own:
 * one that held the delivery's row while waiting for the subscriber's could deadlock with a
 * quarantine giving up that delivery. An engine dying in between leaves one attempt uncounted.
 */
async function deliver(deps: EngineDeps, d: LeasedDelivery, p: Prepared): Promise<boolean> {
  const result = await attempt(deps, d, p).catch((e: unknown): SendResult =>
    failure((e as Error).message, true),
  );
  const now = deps.clock.now();
  const lease = { id: d.id, engineId: deps.engineId, attempt: d.attempts };
  const retry = !result.ok && result.retryable && d.attempts < MAX_ATTEMPTS;
  const error = result.error ?? `failed with ${result.responseCode ?? 'no answer'}`;
  const outcome: Outcome = result.ok
    ? { status: 'sent', run_at: now, response_code: result.responseCode, last_error: null, sent_at: now }
    : {
        status: retry ? 'pending' : 'failed',
        run_at: retry
          ? now + retryDelayMs(d.attempts, deps.notify.retryBaseMs, (deps.random ?? Math.random)())
          : now,
        response_code: result.responseCode,
        last_error: error.slice(0, 500),
        sent_at: null,
      };
  const recorded = await recordOutcome(deps.db, lease, outcome, now);
  if (recorded && d.subscriber_kind === 'webhook' && d.quarantined_at === null) {
    const ctx: Ctx = {
      actor: systemActor('engine'),
      db: deps.db,
      dialect: deps.dialect,
      clock: deps.clock,
      outbound: deps.outbound,
    };
    await inTransaction(ctx, (ctx) =>
      noteWebhookOutcome(ctx, d.subscriber_id, { ok: result.ok, gaveUp: !result.ok && !retry }),
    );
  }
  return recorded && retry;
}

function attempt(deps: EngineDeps, d: LeasedDelivery, p: Prepared): Promise<SendResult> {
  const signal = AbortSignal.timeout(deps.notify.timeoutMs);
  const unsubscribeUrl = subscriptionUrl(
    p.page,
    'unsubscribe',
    unsubscribeToken(deps.keys.statusSubscribers, d.subscriber_id),
  );
  if (d.kind === 'confirm') {
    const token = confirmToken(deps.keys.statusSubscribers, d.subscriber_id, d.idempotency_key);
    const mail = confirmMail(p.page, subscriptionUrl(p.page, 'subscriptions/confirm', token), unsubscribeUrl);
    return sendOtherMail(
      deps.notify,
      { to: d.address, idempotencyKey: d.idempotency_key, ...mail },
      signal,
      deps.clock.now(),
    );
  }
  if (d.quarantined_at !== null) return Promise.resolve(failure(QUARANTINED_ERROR, false));
  const facts = d.update_id === null ? undefined : p.facts.get(d.update_id);
  if (facts === undefined) return Promise.resolve(failure('the update no longer exists', false));
  if (d.subscriber_kind === 'email') {
    const mail = updateMail(p.page, facts, unsubscribeUrl);
    return sendOtherMail(
      deps.notify,
      { to: d.address, idempotencyKey: d.idempotency_key, ...mail },
      signal,
      deps.clock.now(),
    );
  }
  return postSignedJson(
    deps,
    {
      address: d.address,
      secretEnc: d.secret_enc,
      context: `status_subscriber:${d.subscriber_id}`,
      idempotencyKey: d.idempotency_key,
    },
    JSON.stringify(updateWebhook(p.page, p.status, facts, unsubscribeUrl)),
    signal,
  );
}
