import { randomBytes } from 'node:crypto';
import { encryptSecret } from '../../platform/auth/keys.ts';
import { type Ctx, inTransaction } from '../../platform/context.ts';
import type { Queryable } from '../../platform/db/connect.ts';
import { newId } from '../../platform/ids.ts';
import { OutboundRefusedError, checkOutboundUrl } from '../../platform/outbound/guard.ts';
import { ValidationError } from '../../platform/errors.ts';
import { announceWork } from '../../platform/wake.ts';
import {
  type SubscriberRow,
  confirmMailsOf,
  deleteUnconfirmed,
  existingComponentIds,
  findSubscriberByAddress,
  insertDeliveries,
  insertSubscriber,
  newDelivery,
  updateSubscriber,
} from './repository.ts';
import { confirmToken, confirmTokenHash } from './tokens.ts';

/**
 * Subscribing from the public page. The answer is the same whether or not the address was
 * subscribed already, so the form cannot be used to learn who follows the page:
 *
 * - Email is double opt-in: a new address gets a pending row and a confirmation mail (a delivery
 *   of kind `confirm`, sent by the engine like every other mail); nothing else is sent to it until
 *   the link in that mail is confirmed. Asking again for a pending address sends a fresh link, at
 *   most once per CONFIRM_RESEND_MS, so the form cannot flood someone's inbox. A confirmed address
 *   is left as it is (its preferences are not changed by whoever types it in).
 * - A webhook needs no opt-in: the URL is an endpoint, not a person who can click a link, it must
 *   pass the outbound guard (no internal addresses), every delivery is signed with a secret only
 *   the subscriber got, carries its own unsubscribe link (meta.unsubscribe), and subscribing is
 *   rate limited per client address. A URL already subscribed is left as it is and the answer
 *   carries a fresh secret that is not stored: the request looks the same, and whoever knows a
 *   subscriber's URL cannot take over its secret. To change one, unsubscribe and subscribe again.
 */
export const CONFIRM_RESEND_MS = 10 * 60_000;
/**
 * An email subscription not confirmed this long after its last confirmation mail is deleted by
 * the engine (purgeUnconfirmed), as Statuspage drops unconfirmed subscribers: an address someone
 * else typed in is not kept for good, and its link stops working.
 */
export const UNCONFIRMED_KEPT_MS = 7 * 24 * 3600_000;
const MAX_COMPONENTS = 200;

export interface SubscribeInput {
  email?: string | undefined;
  webhook_url?: string | undefined;
  component_ids?: string[] | undefined;
}

export type Subscribed = { kind: 'email' } | { kind: 'webhook'; secret: string };

export async function subscribe({
  ctx,
  keys,
  input,
}: {
  ctx: Ctx;
  keys: { statusSubscribers: Buffer; secretEncryption: Buffer };
  input: SubscribeInput;
}): Promise<Subscribed> {
  const target = addressOf(ctx, input);
  const componentIds = await checkComponents(ctx, input.component_ids);
  return inTransaction(ctx, async (ctx) => {
    const now = ctx.clock.now();
    const existing = await findSubscriberByAddress(ctx.db, target.kind, target.address);
    const id = existing?.id ?? newId('sub', now);
    if (target.kind === 'webhook') {
      const secret = `whsec_${randomBytes(24).toString('base64url')}`;
      if (existing === undefined) {
        await insertSubscriber(ctx.db, {
          ...newRow(id, target, componentIds, now),
          secret_enc: encryptSecret(keys.secretEncryption, secret, `status_subscriber:${id}`),
          confirmed_at: now,
        });
      }
      return { kind: 'webhook', secret };
    }
    if (existing?.confirmed_at !== null && existing !== undefined) return { kind: 'email' };
    if (existing === undefined) {
      // A concurrent request for the same address may win the insert: then it sends the mail.
      if (!(await insertSubscriber(ctx.db, newRow(id, target, componentIds, now)))) return { kind: 'email' };
    }
    const mails = await confirmMailsOf(ctx.db, id);
    if (mails.newestAt !== null && now - mails.newestAt < CONFIRM_RESEND_MS) return { kind: 'email' };
    const idempotencyKey = `confirm:${id}:${mails.count + 1}`;
    const token = confirmToken(keys.statusSubscribers, id, idempotencyKey);
    await updateSubscriber(ctx.db, id, {
      confirm_token_hash: confirmTokenHash(keys.statusSubscribers, token),
      // A pending subscriber asking again may pick other components.
      component_ids: componentIds === null ? null : JSON.stringify(componentIds),
      updated_at: now,
    });
    await insertDeliveries(ctx.db, [
      newDelivery({ subscriberId: id, kind: 'confirm', updateId: null, idempotencyKey }, now),
    ]);
    await announceWork(ctx.db, ctx.dialect);
    return { kind: 'email' };
  });
}

/**
 * The engine's housekeeping (worker.ts, at most every PURGE_EVERY_MS): deletes email
 * subscriptions left unconfirmed for UNCONFIRMED_KEPT_MS. Not audited: nobody acted, and the
 * audit log would keep the very address being forgotten. Returns how many it deleted.
 */
export function purgeUnconfirmed(db: Queryable, now: number): Promise<number> {
  return deleteUnconfirmed(db, now - UNCONFIRMED_KEPT_MS);
}

function newRow(
  id: string,
  target: { kind: SubscriberRow['kind']; address: string },
  componentIds: string[] | null,
  now: number,
) {
  return {
    id,
    kind: target.kind,
    address: target.address,
    component_ids: componentIds === null ? null : JSON.stringify(componentIds),
    secret_enc: null,
    confirm_token_hash: null,
    confirmed_at: null,
    failing_since: null,
    failed_deliveries: 0,
    quarantined_at: null,
    created_at: now,
    updated_at: now,
  };
}

function addressOf(ctx: Ctx, input: SubscribeInput): { kind: SubscriberRow['kind']; address: string } {
  const email = input.email?.trim() ?? '';
  const url = input.webhook_url?.trim() ?? '';
  if ((email === '') === (url === '')) {
    throw new ValidationError('body.email: give either an email address or a webhook_url');
  }
  if (email !== '') {
    if (email.length > 254 || !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email)) {
      throw new ValidationError('body.email: not an email address');
    }
    // Stored lower-cased, like users' emails, so one mailbox is one subscription.
    return { kind: 'email', address: email.toLowerCase() };
  }
  if (url.length > 2000) throw new ValidationError('body.webhook_url: longer than 2000 characters');
  try {
    checkOutboundUrl(url, ctx.outbound);
  } catch (e) {
    if (!(e instanceof OutboundRefusedError)) throw e;
    throw new ValidationError(`body.webhook_url: ${e.message}`);
  }
  return { kind: 'webhook', address: url };
}

/** null: every component (also for an empty list, as Statuspage has it). */
async function checkComponents(ctx: Ctx, ids: string[] | undefined): Promise<string[] | null> {
  if (ids === undefined || ids.length === 0) return null;
  const unique = [...new Set(ids)];
  if (unique.length > MAX_COMPONENTS) {
    throw new ValidationError(`body.component_ids: at most ${MAX_COMPONENTS} components`);
  }
  const known = await existingComponentIds(ctx.db, unique);
  const unknown = unique.find((id) => !known.has(id));
  if (unknown !== undefined) {
    throw new ValidationError(`body.component_ids: unknown component ${JSON.stringify(unknown)}`);
  }
  return unique;
}
